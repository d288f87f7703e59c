/*
 * newsenrich - date expressions.
 * Not implemented yet (issue 4).
 */
#include "stages.h"

void ne_dates_extract(ne_doc_t *doc)
{
    (void)doc;
}
