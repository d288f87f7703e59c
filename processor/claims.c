/*
 * newsenrich - claims: quotes, reported speech, attributions.
 * Not implemented yet (issue 5).
 */
#include "stages.h"

#include <stdlib.h>

struct ne_claims_s {
    int unused;
};

ne_claims_t *ne_claims_load(const char *models_dir, char *errstr,
                            size_t errstr_size)
{
    (void)models_dir;
    (void)errstr;
    (void)errstr_size;
    return calloc(1, sizeof(ne_claims_t));
}

void ne_claims_destroy(ne_claims_t *cl)
{
    free(cl);
}

void ne_claims_extract(const ne_claims_t *cl, ne_doc_t *doc)
{
    (void)cl;
    (void)doc;
}

void ne_claims_scratch_free(struct ne_claims_scratch_s *s)
{
    (void)s;
}
