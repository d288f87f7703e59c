/*
 * newsenrich - tokenisation and sentence splitting.
 * Not implemented yet: produces no tokens (issue 4 fills this in).
 */
#include "stages.h"

void ne_text_analyse(ne_doc_t *doc)
{
    (void)doc;
}

void ne_text_scratch_free(struct ne_text_scratch_s *s)
{
    (void)s;
}
