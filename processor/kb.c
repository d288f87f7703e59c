/*
 * newsenrich - gazetteers and the user knowledge base.
 * Not implemented yet (issue 4).
 */
#include "stages.h"

#include <stdlib.h>

struct ne_kb_s {
    int unused;
};

ne_kb_t *ne_kb_load(const char *models_dir, const char *const *user_files,
                    char *errstr, size_t errstr_size)
{
    (void)models_dir;
    (void)user_files;
    (void)errstr;
    (void)errstr_size;
    return calloc(1, sizeof(ne_kb_t));
}

void ne_kb_destroy(ne_kb_t *kb)
{
    free(kb);
}
