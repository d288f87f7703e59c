/*
 * newsenrich - language identification.
 * Not implemented yet: reports "und" unless the article names its language.
 */
#include "stages.h"

#include <stdlib.h>

struct ne_langid_s {
    int unused;
};

ne_langid_t *ne_langid_load(const char *models_dir, char *errstr,
                            size_t errstr_size)
{
    (void)models_dir;
    (void)errstr;
    (void)errstr_size;
    return calloc(1, sizeof(ne_langid_t));
}

void ne_langid_destroy(ne_langid_t *li)
{
    free(li);
}

void ne_langid_detect(const ne_langid_t *li, ne_doc_t *doc)
{
    (void)li;
    if (doc->lang_given)
        return;
    doc->lang = NE_LANG_UNKNOWN;
    doc->lang_code[0] = 'u';
    doc->lang_code[1] = 'n';
    doc->lang_code[2] = 'd';
    doc->lang_code[3] = '\0';
    doc->lang_conf = 0.0f;
}
