/*
 * newsenrich - numbers and units, shared by quantities.c and dates.c.
 *
 * Private to processor/. The lexicon is a static table with an index
 * built on first use; safe from any thread.
 */
#ifndef NE_QUANTITIES_H
#define NE_QUANTITIES_H

#include "doc.h"

#include <stdatomic.h>

/* Unit code of a word as it appears after a number ("kilometern" -> "km",
 * "€" -> "EUR"), given its normalised form; a trailing period is ignored
 * ("Std."). NULL when the word is no unit. */
const char *ne_quantities_unit(const char *norm, size_t n);

/* Parse a number written in digits ("120", "2,5", "120.000", "4.2",
 * "300,000", "1.234,5"): the whole of s must be the number. A lone
 * separator followed by exactly three digits groups thousands in the
 * language's convention (German "120.000", English "300,000"; either when
 * the language is unknown); otherwise it is the decimal mark. More than 15
 * digits are no quantity (ids, phone numbers). Returns 1 and sets *v, or
 * 0. */
int ne_quantities_parse_number(const char *s, size_t n, ne_lang_t lang,
                               double *v);

/* Slots of a word table's index (a power of two, at least twice the
 * words). */
#define NE_LEX_SLOTS 1024

/*
 * A static word table whose elements (size bytes each) start with a
 * `const char *` word (normalised, unique), with an index keyed by
 * ne_text_hash of the word: a token's hash finds its entry in one probe
 * or two. Define one per table with NE_LEX_TABLE; the index is built on
 * first use (once, under a lock) and only read after that, so any thread
 * may look up.
 */
typedef struct ne_lex_table_s {
    const void *table;
    size_t cnt, size;
    _Atomic int ready;
    uint16_t slot[NE_LEX_SLOTS];   /* element + 1, 0 = empty */
    uint64_t hash[NE_LEX_SLOTS];
} ne_lex_table_t;

#define NE_LEX_TABLE(arr) {(arr), NE_ARRAY_SIZE(arr), sizeof((arr)[0]), 0, \
                           {0}, {0}}

/* The element of t for s[0..n), a trailing period ignored ("Sept.",
 * "Mio."), or NULL; hash is ne_text_hash(s, n) (a token's hash for its
 * normalised form). */
const void *ne_lex_get(ne_lex_table_t *t, const char *s, size_t n,
                       uint64_t hash);
/* The same for any bytes. */
const void *ne_lex_find(ne_lex_table_t *t, const char *s, size_t n);
/* The same for a token's normalised form. */
const void *ne_lex_tok(ne_lex_table_t *t, const ne_doc_t *doc,
                       const ne_token_t *tok);

#endif
