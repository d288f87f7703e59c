/*
 * newsenrich - numbers and units, shared by quantities.c and dates.c.
 *
 * Private to processor/. The lexicon is a static word table (wordtab.h)
 * whose index the quantities handle holds: ne_quantities_new() builds it,
 * then any thread may read it.
 */
#ifndef NE_QUANTITIES_H
#define NE_QUANTITIES_H

#include "stages.h"

/* Unit code of a word as it appears after a number ("kilometern" -> "km",
 * "€" -> "EUR"), given its normalised form; a trailing period is ignored
 * ("Std."). NULL when the word is no unit. */
const char *ne_quantities_unit(const ne_quantities_t *qt, const char *norm,
                               size_t n);

/* Parse a number written in digits ("120", "2,5", "120.000", "4.2",
 * "300,000", "1.234,5"): the whole of s must be the number. A lone
 * separator followed by exactly three digits groups thousands in the
 * language's convention (German "120.000", English "300,000"; either when
 * the language is unknown); otherwise it is the decimal mark. More than 15
 * digits are no quantity (ids, phone numbers). Returns 1 and sets *v, or
 * 0. */
int ne_quantities_parse_number(const char *s, size_t n, ne_lang_t lang,
                               double *v);

#endif
