/*
 * newsenrich - mention clustering, linking and salience.
 * Not implemented yet (issue 4).
 */
#include "stages.h"

void ne_entities_resolve(const ne_kb_t *kb, ne_doc_t *doc)
{
    (void)kb;
    (void)doc;
}

void ne_entities_scratch_free(struct ne_entities_scratch_s *s)
{
    (void)s;
}
