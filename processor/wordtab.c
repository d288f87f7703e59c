/*
 * newsenrich - a static word table with a hash index (wordtab.h).
 *
 * Open addressing with linear probing over NE_WORDTAB_SLOTS slots; each
 * slot keeps the word's full hash, so a probe compares bytes only when the
 * hashes agree.
 */
#include "wordtab.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

struct ne_wordtab_s {
    const void *table;
    size_t cnt, size;
    uint16_t slot[NE_WORDTAB_SLOTS]; /* element + 1, 0 = empty */
    uint64_t hash[NE_WORDTAB_SLOTS];
};

/* The word of element k. */
static const char *wordtab_word(const ne_wordtab_t *wt, size_t k)
{
    return *(const char *const *)((const char *)wt->table + k * wt->size);
}

ne_wordtab_t *ne_wordtab_new(const void *arr, size_t cnt, size_t size)
{
    ne_wordtab_t *wt = ne_calloc(1, sizeof(*wt));
    size_t k;

    /* NE_WORDTAB_NEW checks this at compile time; a caller that builds
     * the index from a run-time count gets a hard stop, not a full table
     * that never ends a probe. */
    if (cnt * 2 > NE_WORDTAB_SLOTS)
        abort();
    wt->table = arr;
    wt->cnt = cnt;
    wt->size = size;
    for (k = 0; k < cnt; k++) {
        const char *w = wordtab_word(wt, k);
        uint64_t h = ne_text_hash(w, strlen(w));
        uint32_t i = (uint32_t)h & (NE_WORDTAB_SLOTS - 1);
        while (wt->slot[i])
            i = (i + 1) & (NE_WORDTAB_SLOTS - 1);
        wt->slot[i] = (uint16_t)(k + 1);
        wt->hash[i] = h;
    }
    return wt;
}

void ne_wordtab_destroy(ne_wordtab_t *wt)
{
    free(wt);
}

const void *ne_wordtab_get(const ne_wordtab_t *wt, const char *s, size_t n,
                           uint64_t hash)
{
    uint32_t i;
    if (n > 1 && s[n - 1] == '.') {
        while (n > 1 && s[n - 1] == '.')
            n--;
        hash = ne_text_hash(s, n);
    }
    for (i = (uint32_t)hash & (NE_WORDTAB_SLOTS - 1); wt->slot[i];
         i = (i + 1) & (NE_WORDTAB_SLOTS - 1))
        if (wt->hash[i] == hash) {
            size_t k = (size_t)(wt->slot[i] - 1);
            const char *w = wordtab_word(wt, k);
            if (strlen(w) == n && !memcmp(w, s, n))
                return (const char *)wt->table + k * wt->size;
        }
    return NULL;
}

const void *ne_wordtab_find(const ne_wordtab_t *wt, const char *s, size_t n)
{
    return ne_wordtab_get(wt, s, n, ne_text_hash(s, n));
}

const void *ne_wordtab_tok(const ne_wordtab_t *wt, const ne_doc_t *doc,
                           const ne_token_t *tok)
{
    return ne_wordtab_get(wt, ne_doc_tok_norm(doc, tok), tok->norm_len,
                          tok->hash);
}
