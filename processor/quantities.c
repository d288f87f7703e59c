/*
 * newsenrich - numbers with units.
 * Not implemented yet (issue 4).
 */
#include "stages.h"

void ne_quantities_extract(ne_doc_t *doc)
{
    (void)doc;
}
