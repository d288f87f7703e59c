/*
 * newsenrich - named-entity tagger.
 * Not implemented yet (issue 4): tags nothing.
 */
#include "stages.h"

#include <stdlib.h>

struct ne_ner_s {
    int unused;
};

ne_ner_t *ne_ner_load(const char *models_dir, const char *lang,
                      const ne_kb_t *kb, char *errstr, size_t errstr_size)
{
    (void)models_dir;
    (void)lang;
    (void)kb;
    (void)errstr;
    (void)errstr_size;
    return calloc(1, sizeof(ne_ner_t));
}

void ne_ner_destroy(ne_ner_t *ner)
{
    free(ner);
}

void ne_ner_tag(const ne_ner_t *ner, const ne_kb_t *kb, ne_doc_t *doc)
{
    (void)ner;
    (void)kb;
    (void)doc;
}

void ne_ner_scratch_free(struct ne_ner_scratch_s *s)
{
    (void)s;
}

const char *ne_ner_model_name(const ne_ner_t *ner)
{
    (void)ner;
    return "none";
}
