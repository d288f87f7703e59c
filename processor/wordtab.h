/*
 * newsenrich - a static word table with a hash index.
 *
 * Private to processor/. A word table is a static array whose elements
 * (size bytes each) start with a `const char *` word: normalised (text.h),
 * unique. The index, keyed by ne_text_hash() of the word, finds a token's
 * entry in one probe or two. The stage that owns the table builds the
 * index once, in its _new function (ne_processor_new() calls it); after
 * that the index is only read, so any thread may look up.
 */
#ifndef NE_WORDTAB_H
#define NE_WORDTAB_H

#include "doc.h"

/* Slots of the index: a power of two, at least twice the words (so that
 * a probe sequence stays short), at most 65536 (a slot is 16 bits).
 * NE_WORDTAB_NEW checks a table against it at compile time. */
#define NE_WORDTAB_SLOTS 1024

typedef struct ne_wordtab_s ne_wordtab_t;

/* Build the index of the table arr (cnt elements of size bytes).
 * Borrows arr, which must outlive the word table: use NE_WORDTAB_NEW on
 * a static array. Free with ne_wordtab_destroy(). */
ne_wordtab_t *ne_wordtab_new(const void *arr, size_t cnt, size_t size);

/* The same for a static array, with a compile-time check that it fits
 * the index: a table that outgrows NE_WORDTAB_SLOTS stops the build. */
#define NE_WORDTAB_NEW(arr)                                                    \
    ne_wordtab_new((arr),                                                      \
                   NE_ARRAY_SIZE(arr) +                                        \
                       0 * sizeof(struct {                                     \
                           _Static_assert(NE_ARRAY_SIZE(arr) * 2 <=            \
                                              NE_WORDTAB_SLOTS,                \
                                          "word table " #arr " has more "      \
                                          "than NE_WORDTAB_SLOTS / 2 "         \
                                          "words: raise NE_WORDTAB_SLOTS");    \
                           int unused;                                         \
                       }),                                                     \
                   sizeof((arr)[0]))

/* wt may be NULL. */
void ne_wordtab_destroy(ne_wordtab_t *wt);

/* The element of wt for s[0..n), a trailing period ignored ("Sept.",
 * "Mio."), or NULL; hash is ne_text_hash(s, n) (a token's hash for its
 * normalised form). */
const void *ne_wordtab_get(const ne_wordtab_t *wt, const char *s, size_t n,
                           uint64_t hash);
/* The same for any bytes. */
const void *ne_wordtab_find(const ne_wordtab_t *wt, const char *s, size_t n);
/* The same for a token's normalised form. */
const void *ne_wordtab_tok(const ne_wordtab_t *wt, const ne_doc_t *doc,
                           const ne_token_t *tok);

#endif
