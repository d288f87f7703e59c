/*
 * newsenrich - the tagger's word cache.
 *
 * Most of a token's features depend on one word only: its own (affixes,
 * shape, lexicon, word classes) or one neighbour's (the word before, the
 * word after). News repeats its words, so the tagger keeps, per word form,
 * the word's analysis and the summed weight rows of each such feature
 * group (ner_model.h, NE_NER_G_*). A sentence then costs one cache probe
 * per token, five vector additions and the context features (word pairs,
 * position, lexicon spans), instead of some forty hashed lookups into a
 * weight table larger than the CPU caches.
 *
 * Sums of integers do not depend on their order: the scores are exactly
 * those of ne_ner_featurize + ne_ner_emissions (tests/unit/test_ner.c
 * compares them). One cache per thread and model, two-way set
 * associative: a new word replaces the one of its set used less recently.
 * 16,384 words (5 MB) hit 85% of the tokens of the benchmark's German
 * stream.
 */
#include "ner_model.h"

#include "../common/ne.h"

#include <stdlib.h>
#include <string.h>

/* Sets of two slots (a power of two) of 320 bytes. */
#define CACHE_SETS 8192
/* Longest word kept, in bytes (98% of the words the cache misses are no
 * longer); longer ones are analysed every time. */
#define WORD_MAX 20

/* What the cache keeps of a word, in five cache lines: what the context
 * features need of it and the sums of its feature groups. The two far
 * neighbour groups hold one feature each, so int16 holds their sums. */
typedef struct {
    uint64_t key;     /* hash of the bytes, 0 = empty slot */
    uint64_t low, shape;
    uint16_t lex;
    uint8_t len;
    uint8_t cls;      /* coarse class | dictionary bits (NE_NER_WV_LEX) << 3 */
    char s[WORD_MAX];
    int32_t v[3][NE_NER_LABELS];     /* NE_NER_G_SELF, _M1, _P1 */
    int16_t far[2][NE_NER_LABELS];   /* NE_NER_G_M2, _P2 */
} entry_t;

/* A word the cache cannot keep (too long, or far sums beyond int16). */
typedef struct {
    entry_t e;
    int32_t far[2][NE_NER_LABELS];
} wide_t;

struct ne_ner_cache_s {
    const ne_ner_model_t *m;
    entry_t *slots;   /* set k: slots 2k, 2k + 1 */
    uint8_t *lru;     /* per set: the slot used less recently */
    wide_t wide;
    uint64_t *keys;   /* the sentence's words' keys */
    size_t keys_cap;
    /* the padding's groups before and after the sentence */
    int32_t pad_l[NE_NER_GROUPS][NE_NER_LABELS];
    int32_t pad_r[NE_NER_GROUPS][NE_NER_LABELS];
};

static inline void add(int32_t *acc, const int32_t *v)
{
    int l;
    for (l = 0; l < NE_NER_LABELS; l++)
        acc[l] += v[l];
}

static inline void add16(int32_t *acc, const int16_t *v)
{
    int l;
    for (l = 0; l < NE_NER_LABELS; l++)
        acc[l] += v[l];
}

/* v[g] = the sum of the weight rows of group g's features. */
static void sum_groups(const ne_ner_model_t *m,
                       uint32_t feats[NE_NER_GROUPS][NE_NER_FEATS],
                       const uint8_t nf[NE_NER_GROUPS],
                       int32_t v[NE_NER_GROUPS][NE_NER_LABELS])
{
    int g, f, l;
    /* the rows do not fit in cache: overlap their misses */
    for (g = 0; g < NE_NER_GROUPS; g++)
        for (f = 0; f < nf[g]; f++) {
            feats[g][f] = ne_ner_row_index(m, feats[g][f]);
            __builtin_prefetch(m->rows +
                               (size_t)feats[g][f] * NE_NER_LABELS);
        }
    for (g = 0; g < NE_NER_GROUPS; g++) {
        memset(v[g], 0, sizeof(v[g]));
        for (f = 0; f < nf[g]; f++) {
            const int16_t *row =
                m->rows + (size_t)feats[g][f] * NE_NER_LABELS;
            for (l = 0; l < NE_NER_LABELS; l++)
                v[g][l] += row[l];
        }
    }
}

ne_ner_cache_t *ne_ner_cache_new(const ne_ner_model_t *m)
{
    ne_ner_cache_t *c = ne_calloc(1, sizeof(*c));
    uint32_t feats[NE_NER_GROUPS][NE_NER_FEATS];
    uint8_t nf[NE_NER_GROUPS];
    c->m = m;
    c->slots = ne_calloc_huge(2 * CACHE_SETS, sizeof(*c->slots));
    c->lru = ne_calloc(CACHE_SETS, 1);
    ne_ner_pad_features(m, -1, feats, nf);
    sum_groups(m, feats, nf, c->pad_l);
    ne_ner_pad_features(m, 1, feats, nf);
    sum_groups(m, feats, nf, c->pad_r);
    return c;
}

void ne_ner_cache_free(ne_ner_cache_t *c)
{
    if (!c)
        return;
    free(c->slots);
    free(c->lru);
    free(c->keys);
    free(c);
}

const ne_ner_model_t *ne_ner_cache_model(const ne_ner_cache_t *c)
{
    return c->m;
}

/* Hash of a word's bytes, never 0; 8 bytes at a time. */
static uint64_t key_of(const char *s, size_t n)
{
    uint64_t h = n * 0x9e3779b97f4a7c15ULL, w;
    size_t k;
    while (n >= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
        s += 8;
        n -= 8;
    }
    /* the tail byte by byte: a short memcpy into w would stall on the
     * store */
    for (w = 0, k = 0; k < n; k++)
        w |= (uint64_t)(unsigned char)s[k] << (8 * k);
    h = (h ^ w) * 0x94d049bb133111ebULL;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return h | 1;
}

static inline int holds(const entry_t *e, uint64_t key,
                        const ne_ner_word_t *w)
{
    return e->key == key && e->len == w->len && !memcmp(e->s, w->s, w->len);
}

static inline entry_t *set_of(ne_ner_cache_t *c, uint64_t key)
{
    return &c->slots[2 * ((uint32_t)(key >> 32) & (CACHE_SETS - 1))];
}

/* Do the far groups' sums fit the entry's int16? */
static int far_fits(const int32_t v[NE_NER_GROUPS][NE_NER_LABELS])
{
    int g, l;
    for (g = NE_NER_G_M2; g <= NE_NER_G_P2; g++)
        for (l = 0; l < NE_NER_LABELS; l++)
            if (v[g][l] < INT16_MIN || v[g][l] > INT16_MAX)
                return 0;
    return 1;
}

/* Analyse word w into e (and c->wide when e is c->wide.e). 0 when the
 * entry cannot hold it: then it went to c->wide. */
static int fill(ne_ner_cache_t *c, entry_t *e, const ne_ner_word_t *w,
                uint64_t key, ne_ner_work_t *wk)
{
    uint32_t feats[NE_NER_GROUPS][NE_NER_FEATS];
    uint8_t nf[NE_NER_GROUPS];
    int32_t v[NE_NER_GROUPS][NE_NER_LABELS];
    uint64_t h[NE_NER_TOKH];
    uint32_t wv;
    int l;

    ne_ner_word_features(c->m, w, wk, h, &e->lex, &wv, feats, nf);
    sum_groups(c->m, feats, nf, v);
    if (e != &c->wide.e && !far_fits(v)) {
        c->wide.e.lex = e->lex;
        e->key = 0; /* the slot stays empty */
        e = &c->wide.e;
    }
    e->key = key;
    e->low = h[NE_NER_H_LOW];
    e->shape = h[NE_NER_H_SHAPE];
    e->cls = (uint8_t)(h[NE_NER_H_CLASS] | NE_NER_WV_LEX(wv) << 3);
    memcpy(e->v, v, sizeof(e->v));
    if (e == &c->wide.e) {
        memcpy(c->wide.far, v[NE_NER_G_M2], sizeof(c->wide.far));
        return 0;
    }
    for (l = 0; l < NE_NER_LABELS; l++) {
        e->far[0][l] = (int16_t)v[NE_NER_G_M2][l];
        e->far[1][l] = (int16_t)v[NE_NER_G_P2][l];
    }
    e->len = (uint8_t)w->len;
    memcpy(e->s, w->s, w->len);
    return 1;
}

/* The entry of word w: from its set, or analysed into the slot used less
 * recently; c->wide.e for a word the cache cannot keep (valid until the
 * next call). */
static const entry_t *lookup(ne_ner_cache_t *c, const ne_ner_word_t *w,
                             uint64_t key, ne_ner_work_t *wk)
{
    entry_t *e = set_of(c, key);
    size_t set = (size_t)(e - c->slots) / 2;

    if (w->len > WORD_MAX) {
        fill(c, &c->wide.e, w, key, wk);
        return &c->wide.e;
    }
    if (holds(e, key, w)) {
        c->lru[set] = 1;
        return e;
    }
    if (holds(e + 1, key, w)) {
        c->lru[set] = 0;
        return e + 1;
    }
    e += c->lru[set];
    c->lru[set] ^= 1;
    return fill(c, e, w, key, wk) ? e : &c->wide.e;
}

void ne_ner_cache_emissions(ne_ner_cache_t *c, const ne_ner_word_t *words,
                            size_t n, ne_ner_work_t *wk)
{
    const size_t L = NE_NER_LABELS;
    int32_t *sc = wk->score;
    size_t i;

    if (!n)
        return;
    memset(sc, 0, n * L * sizeof(*sc));
    NE_GROW(c->keys, c->keys_cap, n);
    /* the slots are mostly out of cache: ask for the sentence's first */
    for (i = 0; i < n; i++) {
        c->keys[i] = key_of(words[i].s, words[i].len);
        __builtin_prefetch(set_of(c, c->keys[i]));
        __builtin_prefetch(set_of(c, c->keys[i]) + 1);
    }
    /* each word adds its own group to its token and its neighbour groups
     * to the tokens that see it as a neighbour */
    for (i = 0; i < n; i++) {
        const entry_t *e = lookup(c, &words[i], c->keys[i], wk);
        uint64_t *h = wk->h + i * NE_NER_TOKH;
        h[NE_NER_H_LOW] = e->low;
        h[NE_NER_H_SHAPE] = e->shape;
        h[NE_NER_H_CLASS] = e->cls & 7u;
        wk->lex[i] = e->lex;
        /* the context features need only the dictionary bits */
        wk->wv[i] = (uint32_t)(e->cls >> 3) << 27;
        add(sc + i * L, e->v[NE_NER_G_SELF]);
        if (i + 1 < n)
            add(sc + (i + 1) * L, e->v[NE_NER_G_M1]);
        if (i >= 1)
            add(sc + (i - 1) * L, e->v[NE_NER_G_P1]);
        if (e == &c->wide.e) {
            if (i + 2 < n)
                add(sc + (i + 2) * L, c->wide.far[0]);
            if (i >= 2)
                add(sc + (i - 2) * L, c->wide.far[1]);
        } else {
            if (i + 2 < n)
                add16(sc + (i + 2) * L, e->far[0]);
            if (i >= 2)
                add16(sc + (i - 2) * L, e->far[1]);
        }
    }
    add(sc, c->pad_l[NE_NER_G_M1]);
    add(sc, c->pad_l[NE_NER_G_M2]);
    add(sc + (n - 1) * L, c->pad_r[NE_NER_G_P1]);
    add(sc + (n - 1) * L, c->pad_r[NE_NER_G_P2]);
    if (n > 1) {
        add(sc + L, c->pad_l[NE_NER_G_M2]);
        add(sc + (n - 2) * L, c->pad_r[NE_NER_G_P2]);
    }
    ne_ner_match_spans(c->m, wk, n);
    ne_ner_context_features(c->m, wk, n);
    ne_ner_add_rows(c->m, wk, n);
}
