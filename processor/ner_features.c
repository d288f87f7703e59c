/*
 * newsenrich - NER features and decoding, shared by tagger and trainer.
 *
 * Everything here runs per token in the hot path: no allocation once the
 * work buffers have grown, ASCII handled without utf8proc, one pass over a
 * word's bytes for its lower-case form, shape and hashes.
 */
#include "ner_model.h"

#include "../common/ne.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

const char *const ne_ner_label_names[NE_NER_LABELS] = {
    "O",      "B-PER",  "I-PER",  "L-PER",  "U-PER",  "B-ORG",
    "I-ORG",  "L-ORG",  "U-ORG",  "B-LOC",  "I-LOC",  "L-LOC",
    "U-LOC",  "B-MISC", "I-MISC", "L-MISC", "U-MISC"};

/* Feature templates: the first argument of feat(). */
enum {
    T_BIAS = 1, T_RAW, T_LOW, T_LOW_M1, T_LOW_P1, T_LOW_M2, T_LOW_P2,
    T_SHAPE, T_SHAPE_M1, T_SHAPE_P1, T_SHAPE_M1_0, T_SHAPE_0_P1,
    T_PRE, T_SUF, T_BI_M1_0, T_BI_0_P1, T_POS_CLASS, T_LEX, T_LEX_M1,
    T_LEX_P1, T_SPAN, T_HYPH_LAST, T_HYPH_FIRST, T_RAW_M1, T_CLASS3,
    T_LEN_CLASS, T_START_LOW, T_SPAN_M1, T_SPAN_P1, T_CL0, T_CL1, T_CL2,
    T_CL1_M1, T_CL1_P1, T_WLEX, T_WCAT, T_WBAND, T_WLEX_POS, T_WLEX_M1,
    T_WLEX_P1, T_GEN_LEX, T_GEN_WLEX, T_HEAD_NOUN, T_HIST_MAJ, T_HIST_HAS,
};

/* Coarse word classes (NE_NER_H_CLASS). */
enum { C_LOWER = 1, C_CAP, C_ALLCAP, C_MIXED, C_DIGIT, C_PUNCT, C_PAD };

#define PAD_HASH 0x5bd1e9955bd1e995ULL
/* Shortest word (bytes) whose final -s may be a genitive ending. */
#define GEN_MIN_LEN 5
/* Compound heads: the shortest word searched, the shortest head and
 * modifier, in bytes, and the longest word (a stack buffer). */
#define HEAD_WORD_MIN 8
#define HEAD_MIN 4
#define HEAD_MOD_MIN 3
#define HEAD_WORD_MAX 64
#define SPAN_B 0x4000
#define SPAN_I 0x2000

static inline uint64_t fnv_step(uint64_t h, const unsigned char *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

#define FNV_INIT 0xcbf29ce484222325ULL

uint64_t ne_ner_hash(const void *p, size_t n)
{
    return ne_mix64(fnv_step(FNV_INIT, p, n));
}

uint64_t ne_ner_hash_join(uint64_t prefix, uint64_t word)
{
    return ne_mix64(prefix * 0x9e3779b97f4a7c15ULL + word +
                    0x632be59bd9b4e019ULL);
}

size_t ne_ner_lower(const char *s, size_t n, char **out, size_t *cap)
{
    size_t i = 0, o = 0;

    /* lower-casing never grows a code point beyond 4 bytes */
    if (*cap < n * 2 + 8) {
        *cap = n * 2 + 8;
        *out = ne_realloc(*out, *cap);
    }
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        utf8proc_int32_t cp;
        utf8proc_ssize_t k;
        if (c < 0x80) {
            (*out)[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                             (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            (*out)[o++] = (char)c;
            i++;
            continue;
        }
        o += (size_t)utf8proc_encode_char(utf8proc_tolower(cp),
                                          (utf8proc_uint8_t *)*out + o);
        i += (size_t)k;
    }
    return o;
}

/* ---- lexicon ---------------------------------------------------------- */

/* Slot of key in an open-addressing table (linear probing): where it is,
 * or the empty slot where it would go. */
static inline uint32_t slot_of(const uint64_t *keys, uint32_t mask,
                               uint64_t key)
{
    uint32_t i = (uint32_t)key & mask;
    while (keys[i] && keys[i] != key)
        i = (i + 1) & mask;
    return i;
}

void ne_ner_lex_init(ne_ner_lex_t *lex, uint32_t slots_pow2)
{
    lex->mask = slots_pow2 - 1;
    lex->cnt = 0;
    lex->keys = ne_calloc_huge(slots_pow2, sizeof(*lex->keys));
    lex->flags = ne_calloc(slots_pow2, sizeof(*lex->flags));
}

void ne_ner_lex_free(ne_ner_lex_t *lex)
{
    free(lex->keys);
    free(lex->flags);
    memset(lex, 0, sizeof(*lex));
}

static void lex_grow(ne_ner_lex_t *lex)
{
    ne_ner_lex_t big;
    uint32_t i;
    ne_ner_lex_init(&big, (lex->mask + 1) * 2);
    for (i = 0; i <= lex->mask; i++)
        if (lex->keys[i])
            ne_ner_lex_add(&big, lex->keys[i], lex->flags[i]);
    ne_ner_lex_free(lex);
    *lex = big;
}

void ne_ner_lex_add(ne_ner_lex_t *lex, uint64_t key, uint16_t flags)
{
    uint32_t i;
    if (!key)
        key = 1; /* 0 marks an empty slot */
    if ((lex->cnt + 1) * 2 > lex->mask + 1)
        lex_grow(lex);
    i = slot_of(lex->keys, lex->mask, key);
    if (lex->keys[i]) {
        lex->flags[i] |= flags;
        return;
    }
    lex->keys[i] = key;
    lex->flags[i] = flags;
    lex->cnt++;
}

uint16_t ne_ner_lex_get(const ne_ner_lex_t *lex, uint64_t key)
{
    uint32_t i;
    if (!lex->keys)
        return 0;
    if (!key)
        key = 1;
    i = slot_of(lex->keys, lex->mask, key);
    return lex->keys[i] ? lex->flags[i] : 0;
}

void ne_ner_lex_add_text(ne_ner_lex_t *lex, const char *s, size_t n,
                         uint16_t flags, char **scratch, size_t *scratch_cap)
{
    size_t len = ne_ner_lower(s, n, scratch, scratch_cap), i = 0, words = 0;
    uint64_t key = 0;
    const char *low = *scratch;

    while (i < len) {
        size_t b;
        uint64_t wh;
        while (i < len && low[i] == ' ')
            i++;
        if (i == len)
            break;
        b = i;
        while (i < len && low[i] != ' ')
            i++;
        wh = ne_ner_hash(low + b, i - b);
        if (words == NE_LEX_MAX_WORDS)
            return; /* too long to ever match */
        if (words)
            ne_ner_lex_add(lex, key, NE_LEX_PREFIX);
        key = words ? ne_ner_hash_join(key, wh) : wh;
        words++;
    }
    if (words)
        ne_ner_lex_add(lex, key, flags);
}

/* ---- word table --------------------------------------------------------- */

void ne_ner_wtab_init(ne_ner_wtab_t *t, uint32_t slots_pow2)
{
    t->mask = slots_pow2 - 1;
    t->cnt = 0;
    t->keys = ne_calloc(slots_pow2, sizeof(*t->keys));
    t->vals = ne_calloc(slots_pow2, sizeof(*t->vals));
}

void ne_ner_wtab_free(ne_ner_wtab_t *t)
{
    free(t->keys);
    free(t->vals);
    memset(t, 0, sizeof(*t));
}

void ne_ner_wtab_set(ne_ner_wtab_t *t, uint64_t key, uint32_t val)
{
    uint32_t i;
    if (!key)
        key = 1; /* 0 marks an empty slot */
    if (!t->keys)
        ne_ner_wtab_init(t, 1 << 12);
    if ((t->cnt + 1) * 2 > t->mask + 1) {
        ne_ner_wtab_t big;
        ne_ner_wtab_init(&big, (t->mask + 1) * 2);
        for (i = 0; i <= t->mask; i++)
            if (t->keys[i])
                ne_ner_wtab_set(&big, t->keys[i], t->vals[i]);
        ne_ner_wtab_free(t);
        *t = big;
    }
    i = slot_of(t->keys, t->mask, key);
    t->cnt += !t->keys[i];
    t->keys[i] = key;
    t->vals[i] = val;
}

uint32_t ne_ner_wtab_get(const ne_ner_wtab_t *t, uint64_t key)
{
    uint32_t i;
    if (!t->keys)
        return 0;
    if (!key)
        key = 1;
    i = slot_of(t->keys, t->mask, key);
    return t->keys[i] ? t->vals[i] : 0;
}

/* ---- work buffers ----------------------------------------------------- */

void ne_ner_work_init(ne_ner_work_t *wk)
{
    memset(wk, 0, sizeof(*wk));
}

void ne_ner_work_free(ne_ner_work_t *wk)
{
    free(wk->feats);
    free(wk->nf);
    free(wk->h);
    free(wk->lex);
    free(wk->wv);
    free(wk->span);
    free(wk->low);
    free(wk->score);
    free(wk->lat);
    free(wk->path);
    free(wk->allowed);
    memset(wk, 0, sizeof(*wk));
}

void ne_ner_work_reserve(ne_ner_work_t *wk, size_t n)
{
    size_t cap = wk->cap ? wk->cap : 64;
    if (n <= wk->cap)
        return;
    while (cap < n)
        cap *= 2;
    wk->feats = ne_realloc(wk->feats, cap * NE_NER_FEATS * sizeof(uint32_t));
    wk->nf = ne_realloc(wk->nf, cap);
    wk->h = ne_realloc(wk->h, cap * NE_NER_TOKH * sizeof(uint64_t));
    wk->lex = ne_realloc(wk->lex, cap * sizeof(*wk->lex));
    wk->wv = ne_realloc(wk->wv, cap * sizeof(*wk->wv));
    wk->span = ne_realloc(wk->span, cap * sizeof(*wk->span));
    wk->score = ne_realloc(wk->score, cap * NE_NER_LABELS * sizeof(int32_t));
    wk->lat = ne_realloc(wk->lat, cap * NE_NER_LABELS * sizeof(*wk->lat));
    wk->path = ne_realloc(wk->path, cap);
    wk->allowed = ne_realloc(wk->allowed, cap * sizeof(uint32_t));
    wk->cap = cap;
}

/* ---- features --------------------------------------------------------- */

typedef struct {
    uint32_t *out;
    uint8_t n;
    uint32_t shift;
} fsink_t;

static inline void feat(fsink_t *fs, uint64_t tmpl, uint64_t value)
{
    uint64_t h = ne_mix64(value ^ (tmpl * 0x9e3779b97f4a7c15ULL));
    fs->out[fs->n++] = (uint32_t)(h >> fs->shift);
}

static inline uint64_t pair(uint64_t a, uint64_t b)
{
    return ne_mix64(a * 0xc2b2ae3d27d4eb4fULL ^ b);
}

/* Shape char of a code point, and whether it is a letter / upper / digit. */
static char shape_char(utf8proc_int32_t cp, int *upper, int *letter,
                       int *digit)
{
    *upper = *letter = *digit = 0;
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z')
            return *upper = *letter = 1, 'X';
        if (cp >= 'a' && cp <= 'z')
            return *letter = 1, 'x';
        if (cp >= '0' && cp <= '9')
            return *digit = 1, 'd';
        return (char)cp;
    }
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return *upper = *letter = 1, 'X';
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return *letter = 1, 'x';
    case UTF8PROC_CATEGORY_ND:
        return *digit = 1, 'd';
    default:
        return 'o';
    }
}

/* The longest head of the lower-case compound low[0..len) that the
 * dictionary knows as a common noun, capitalised as a noun is: a feature
 * with its frequency band. */
static void head_feats(const ne_ner_model_t *m, const char *low, size_t len,
                       int cls, fsink_t *fs)
{
    char buf[HEAD_WORD_MAX];
    size_t j;
    for (j = HEAD_MOD_MIN; j + HEAD_MIN <= len; j++) {
        unsigned char c = (unsigned char)low[j];
        size_t k = len - j;
        uint32_t v;
        unsigned cat;
        if (c >= 'a' && c <= 'z') {
            buf[0] = (char)(c - 32);
        } else if (c == 0xc3 && (unsigned char)low[j + 1] >= 0xa0 &&
                   (unsigned char)low[j + 1] <= 0xbe) {
            buf[0] = (char)c;
            buf[1] = (char)(low[j + 1] - 0x20);
            memcpy(buf + 2, low + j + 2, k - 2);
            goto look;
        } else {
            continue;
        }
        memcpy(buf + 1, low + j + 1, k - 1);
    look:
        v = ne_ner_wtab_get(&m->words, ne_ner_hash(buf, k));
        cat = NE_NER_WV_CAT(v);
        if (cat == NE_NER_WCAT_NOUN || cat == NE_NER_WCAT_BOTH) {
            feat(fs, T_HEAD_NOUN, (NE_NER_WV_BAND(v) * 4 + cat) * 16 +
                                      (uint64_t)cls);
            return;
        }
    }
}

/* Word-level analysis of wd: its hashes (h[NE_NER_TOKH]), lexicon class,
 * word-table value and the features that need its bytes (affixes, hyphen
 * parts). wk lends its lower-case buffer. */
static void analyse_word(const ne_ner_model_t *m, const ne_ner_word_t *wd,
                         ne_ner_work_t *wk, uint64_t *h, uint16_t *lex,
                         uint32_t *wv, fsink_t *fs)
{
    char shape[16];
    size_t sn = 0, len, j, cps = 0, hy = (size_t)-1;
    size_t pre_end[4] = {0, 0, 0, 0};
    int uppers = 0, lowers = 0, digits = 0, letters = 0, first_upper = 0;
    size_t p;
    const char *low;
    int cls;

    len = ne_ner_lower(wd->s, wd->len, &wk->low, &wk->low_cap);
    low = wk->low;
    h[NE_NER_H_RAW] = ne_ner_hash(wd->s, wd->len);
    h[NE_NER_H_LOW] = ne_ner_hash(low, len);
    /* the lexicon and the word table are larger than the CPU's cache:
     * ask for their slots now, read them after the shape */
    if (m->lex.keys) {
        __builtin_prefetch(&m->lex.keys[h[NE_NER_H_LOW] & m->lex.mask]);
        __builtin_prefetch(&m->lex.flags[h[NE_NER_H_LOW] & m->lex.mask]);
    }
    if (m->words.keys) {
        __builtin_prefetch(&m->words.keys[h[NE_NER_H_RAW] & m->words.mask]);
        __builtin_prefetch(&m->words.vals[h[NE_NER_H_RAW] & m->words.mask]);
    }
    for (p = 0; p < wd->len;) {
        unsigned char c = (unsigned char)wd->s[p];
        utf8proc_int32_t cp = c;
        utf8proc_ssize_t k = 1;
        int up, let, dig;
        char sc;
        if (c >= 0x80) {
            k = utf8proc_iterate((const utf8proc_uint8_t *)wd->s + p,
                                 (utf8proc_ssize_t)(wd->len - p), &cp);
            if (k <= 0)
                k = 1, cp = 0xfffd;
        }
        sc = shape_char(cp, &up, &let, &dig);
        if (cps == 0)
            first_upper = up;
        uppers += up;
        letters += let;
        lowers += let && !up;
        digits += dig;
        if ((sn == 0 || shape[sn - 1] != sc) && sn < sizeof(shape))
            shape[sn++] = sc;
        cps++;
        p += (size_t)k;
    }
    /* code point boundaries of the lower-case form for the affixes */
    for (j = 0, cps = 0; j < len && cps < 4; j++)
        if (((unsigned char)low[j] & 0xc0) != 0x80 && j > 0)
            pre_end[cps++] = j;
    if (cps < 4 && len > 0)
        pre_end[cps++] = len;
    for (j = 1; j + 1 < len; j++)
        if (low[j] == '-' && hy == (size_t)-1)
            hy = j;

    if (digits)
        cls = C_DIGIT;
    else if (!letters)
        cls = C_PUNCT;
    else if (uppers == letters && letters > 1)
        cls = C_ALLCAP;
    else if (first_upper)
        cls = uppers == 1 || hy != (size_t)-1 ? C_CAP : C_MIXED;
    else
        cls = uppers ? C_MIXED : C_LOWER;

    h[NE_NER_H_SHAPE] = ne_ner_hash(shape, sn);
    h[NE_NER_H_CLASS] = (uint64_t)cls;

    /* prefixes and suffixes of 1-4 code points, only of real words */
    if (letters && len > 1) {
        for (j = 0; j < 4 && pre_end[j] && pre_end[j] < len; j++)
            feat(fs, T_PRE, pair(j, ne_ner_hash(low, pre_end[j])));
        for (j = 0, p = len; j < 4 && p > 0;) {
            p--;
            if (((unsigned char)low[p] & 0xc0) == 0x80)
                continue;
            if (p == 0)
                break;
            feat(fs, T_SUF, pair(j, ne_ner_hash(low + p, len - p)));
            j++;
        }
    }
    /* "Kreml-Sprecher": the head carries the meaning */
    if (hy != (size_t)-1) {
        size_t last = len;
        while (last > 0 && low[last - 1] != '-')
            last--;
        feat(fs, T_HYPH_LAST, ne_ner_hash(low + last, len - last));
        feat(fs, T_HYPH_FIRST, ne_ner_hash(low, hy));
    }
    *lex = ne_ner_lex_get(&m->lex, h[NE_NER_H_LOW]);
    *wv = ne_ner_wtab_get(&m->words, h[NE_NER_H_RAW]);
    /* a closed compound the dictionary does not know, whose head it
     * knows as a common noun ("Schalldruck|pegel", "Chinesen|viertel"):
     * a noun, not a name */
    if (m->words.cnt && cls == C_CAP && len >= HEAD_WORD_MIN &&
        len < HEAD_WORD_MAX && hy == (size_t)-1) {
        unsigned cat = NE_NER_WV_CAT(*wv);
        if (cat != NE_NER_WCAT_NOUN && cat != NE_NER_WCAT_BOTH)
            head_feats(m, low, len, cls, fs);
    }
    /* a German genitive ("Hannovers", "Griechenlandes"): what the
     * lexicon and the dictionary say of the word without its -s/-es;
     * only for a model with a word table (German; for English,
     * "Reuters" and plurals, CoNLL-2003 dev fell from 0.914 to 0.913) */
    if (m->words.cnt && cls == C_CAP && len >= GEN_MIN_LEN &&
        low[len - 1] == 's' && hy == (size_t)-1) {
        size_t cut = low[len - 2] == 'e' ? 2 : 1, k;
        for (k = 1; k <= cut; k++) {
            uint16_t gl = ne_ner_lex_get(&m->lex, ne_ner_hash(low, len - k)) &
                          NE_LEX_FEATURES;
            size_t b;
            for (b = 0; b < NE_LEX_CLASSES; b++)
                if (gl & (1u << b))
                    feat(fs, T_GEN_LEX, b * 4 + k);
            feat(fs, T_GEN_WLEX,
                 NE_NER_WV_LEX(ne_ner_wtab_get(
                     &m->words, ne_ner_hash(wd->s, wd->len - k))) *
                         4 +
                     k);
        }
    }
}

void ne_ner_match_spans(const ne_ner_model_t *m, ne_ner_work_t *wk, size_t n)
{
    size_t i = 0, j, k;
    memset(wk->span, 0, n * sizeof(*wk->span));
    while (i < n) {
        uint64_t key = wk->h[i * NE_NER_TOKH + NE_NER_H_LOW];
        uint16_t best = 0, f = wk->lex[i];
        size_t best_end = 0;
        if (!(f & NE_LEX_PREFIX)) {
            i++;
            continue;
        }
        for (j = i + 1; j < n && j < i + NE_LEX_MAX_WORDS; j++) {
            key = ne_ner_hash_join(key, wk->h[j * NE_NER_TOKH + NE_NER_H_LOW]);
            f = ne_ner_lex_get(&m->lex, key);
            if (f & NE_LEX_FEATURES) {
                best = (uint16_t)(f & NE_LEX_FEATURES);
                best_end = j + 1;
            }
            if (!(f & NE_LEX_PREFIX))
                break;
        }
        if (!best) {
            i++;
            continue;
        }
        for (k = i; k < best_end; k++)
            wk->span[k] = (uint16_t)(best | (k == i ? SPAN_B : SPAN_I));
        i = best_end;
    }
}

static inline uint64_t nb(const ne_ner_work_t *wk, size_t n, long i, int what)
{
    if (i < 0)
        return PAD_HASH + (uint64_t)(what == NE_NER_H_CLASS ? C_PAD : 1);
    if ((size_t)i >= n)
        return PAD_HASH + (uint64_t)(what == NE_NER_H_CLASS ? C_PAD : 2);
    return wk->h[(size_t)i * NE_NER_TOKH + (size_t)what];
}

/*
 * The features of a token come in groups by what they depend on, so that
 * the tagger can cache all but the last per word form (ner_cache.c):
 *  - NE_NER_G_SELF: the word alone (analyse_word's and self_feats');
 *  - NE_NER_G_M1, _P1, _M2, _P2: one neighbour alone, the word 1 or 2
 *    places before (M) or after (P) the token, or the padding there;
 *  - context: pairs of words, position, lexicon spans (context_feats).
 * ne_ner_featurize emits the same features, group by group.
 */

/* Bytes of a word the length feature tells apart. */
#define LEN_MAX 12
/* CL1 value of the padding in the neighbour features. */
#define PAD_CL1 0x7ffu

static void self_feats(const ne_ner_model_t *m, const uint64_t *h,
                       uint16_t lex, uint32_t wv, uint32_t len, fsink_t *fs)
{
    uint64_t cls = h[NE_NER_H_CLASS];
    uint16_t lx = lex & NE_LEX_FEATURES;
    size_t b;
    feat(fs, T_BIAS, 0);
    feat(fs, T_RAW, h[NE_NER_H_RAW]);
    feat(fs, T_LOW, h[NE_NER_H_LOW]);
    feat(fs, T_SHAPE, h[NE_NER_H_SHAPE]);
    feat(fs, T_LEN_CLASS, (uint64_t)NE_MIN(len, LEN_MAX) * 16 + cls);
    for (b = 0; b < NE_LEX_CLASSES; b++)
        if (lx & (1u << b))
            feat(fs, T_LEX, b * 16 + cls);
    /* word classes from unlabelled text at three granularities */
    if (m->words.cnt) {
        feat(fs, T_CL0, NE_NER_WV_CL0(wv));
        feat(fs, T_CL1, NE_NER_WV_CL1(wv));
        feat(fs, T_CL2, NE_NER_WV_CL2(wv));
        /* dictionary and frequency: is a capitalised word a common noun,
         * a name, or unknown and rare (most unseen names) */
        feat(fs, T_WLEX, NE_NER_WV_LEX(wv) * 16 + cls);
        feat(fs, T_WCAT, NE_NER_WV_CAT(wv) * 16 + cls);
        feat(fs, T_WBAND, NE_NER_WV_BAND(wv) * 16 + cls);
    }
}

/* Features of group g (M1..P2) from the neighbour with hashes h and word
 * class cl1 there. */
static void neighbour_feats(const ne_ner_model_t *m, int g, const uint64_t *h,
                            uint64_t cl1, fsink_t *fs)
{
    switch (g) {
    case NE_NER_G_M1:
        feat(fs, T_LOW_M1, h[NE_NER_H_LOW]);
        feat(fs, T_RAW_M1, h[NE_NER_H_RAW]);
        feat(fs, T_SHAPE_M1, h[NE_NER_H_SHAPE]);
        if (m->words.cnt)
            feat(fs, T_CL1_M1, cl1);
        break;
    case NE_NER_G_P1:
        feat(fs, T_LOW_P1, h[NE_NER_H_LOW]);
        feat(fs, T_SHAPE_P1, h[NE_NER_H_SHAPE]);
        if (m->words.cnt)
            feat(fs, T_CL1_P1, cl1);
        break;
    case NE_NER_G_M2:
        feat(fs, T_LOW_M2, h[NE_NER_H_LOW]);
        break;
    case NE_NER_G_P2:
        feat(fs, T_LOW_P2, h[NE_NER_H_LOW]);
        break;
    }
}

/* Hashes of the padding before (side < 0) or after the sentence. */
static void pad_hashes(int side, uint64_t h[NE_NER_TOKH])
{
    h[NE_NER_H_RAW] = h[NE_NER_H_LOW] = h[NE_NER_H_SHAPE] =
        PAD_HASH + (side < 0 ? 1 : 2);
    h[NE_NER_H_CLASS] = PAD_HASH + C_PAD;
}

static void context_feats(const ne_ner_model_t *m, const ne_ner_work_t *wk,
                          size_t n, size_t i, fsink_t *fs)
{
    long li = (long)i;
    uint64_t low = nb(wk, n, li, NE_NER_H_LOW);
    uint64_t cls = nb(wk, n, li, NE_NER_H_CLASS);
    uint64_t sh = nb(wk, n, li, NE_NER_H_SHAPE);
    uint64_t pos = i < 3 ? i : i + 1 == n ? 4 : 3;

    feat(fs, T_SHAPE_M1_0, pair(nb(wk, n, li - 1, NE_NER_H_SHAPE), sh));
    feat(fs, T_SHAPE_0_P1, pair(sh, nb(wk, n, li + 1, NE_NER_H_SHAPE)));
    feat(fs, T_BI_M1_0, pair(nb(wk, n, li - 1, NE_NER_H_LOW), low));
    feat(fs, T_BI_0_P1, pair(low, nb(wk, n, li + 1, NE_NER_H_LOW)));
    /* German capitalises nouns: what a capital means depends on whether
     * the word opens the sentence */
    feat(fs, T_POS_CLASS, pos * 16 + cls);
    feat(fs, T_CLASS3,
         pair(pair(nb(wk, n, li - 1, NE_NER_H_CLASS), cls),
              nb(wk, n, li + 1, NE_NER_H_CLASS)));
    if (i == 0)
        feat(fs, T_START_LOW, low);
    if (i > 0)
        feat(fs, T_LEX_M1,
             (uint64_t)(wk->lex[i - 1] & NE_LEX_FEATURES) * 16 + cls);
    if (i + 1 < n)
        feat(fs, T_LEX_P1,
             (uint64_t)(wk->lex[i + 1] & NE_LEX_FEATURES) * 16 + cls);
    if (m->words.cnt) {
        /* a capital means less at the start of a sentence; a known noun
         * next to an unknown word says where a name ends */
        uint64_t wl = NE_NER_WV_LEX(wk->wv[i]);
        feat(fs, T_WLEX_POS, (wl * 2 + (i == 0)) * 16 + cls);
        feat(fs, T_WLEX_M1,
             pair(i > 0 ? NE_NER_WV_LEX(wk->wv[i - 1]) * 16 +
                              nb(wk, n, li - 1, NE_NER_H_CLASS)
                        : 0xffff,
                  wl * 16 + cls));
        feat(fs, T_WLEX_P1,
             pair(i + 1 < n ? NE_NER_WV_LEX(wk->wv[i + 1]) * 16 +
                                  nb(wk, n, li + 1, NE_NER_H_CLASS)
                            : 0xffff,
                  wl * 16 + cls));
    }
    if (wk->span[i])
        feat(fs, T_SPAN, wk->span[i]);
    if (i > 0 && wk->span[i - 1])
        feat(fs, T_SPAN_M1, wk->span[i - 1]);
    if (i + 1 < n && wk->span[i + 1])
        feat(fs, T_SPAN_P1, wk->span[i + 1]);
}

/* Where the neighbour of group g sits relative to the token. */
static const int group_offset[NE_NER_GROUPS] = {0, -1, 1, -2, 2};

void ne_ner_featurize(const ne_ner_model_t *m, const ne_ner_word_t *words,
                      size_t n, ne_ner_work_t *wk)
{
    fsink_t fs;
    size_t i;
    int g;
    fs.shift = 64 - m->bits;

    for (i = 0; i < n; i++) {
        uint64_t *h = wk->h + i * NE_NER_TOKH;
        fs.out = wk->feats + i * NE_NER_FEATS;
        fs.n = 0;
        analyse_word(m, &words[i], wk, h, &wk->lex[i], &wk->wv[i], &fs);
        self_feats(m, h, wk->lex[i], wk->wv[i], words[i].len, &fs);
        wk->nf[i] = fs.n;
    }
    ne_ner_match_spans(m, wk, n);

    for (i = 0; i < n; i++) {
        fs.out = wk->feats + i * NE_NER_FEATS;
        fs.n = wk->nf[i];
        for (g = NE_NER_G_M1; g < NE_NER_GROUPS; g++) {
            long j = (long)i + group_offset[g];
            uint64_t pad[NE_NER_TOKH];
            if (j < 0 || (size_t)j >= n) {
                pad_hashes(group_offset[g], pad);
                neighbour_feats(m, g, pad, PAD_CL1, &fs);
            } else {
                neighbour_feats(m, g, wk->h + (size_t)j * NE_NER_TOKH,
                                NE_NER_WV_CL1(wk->wv[j]), &fs);
            }
        }
        context_feats(m, wk, n, i, &fs);
        wk->nf[i] = fs.n;
    }
}

void ne_ner_word_features(const ne_ner_model_t *m, const ne_ner_word_t *w,
                          ne_ner_work_t *wk, uint64_t h[NE_NER_TOKH],
                          uint16_t *lex, uint32_t *wv,
                          uint32_t feats[NE_NER_GROUPS][NE_NER_FEATS],
                          uint8_t nf[NE_NER_GROUPS])
{
    fsink_t fs;
    int g;
    fs.shift = 64 - m->bits;
    fs.out = feats[NE_NER_G_SELF];
    fs.n = 0;
    analyse_word(m, w, wk, h, lex, wv, &fs);
    self_feats(m, h, *lex, *wv, w->len, &fs);
    nf[NE_NER_G_SELF] = fs.n;
    for (g = NE_NER_G_M1; g < NE_NER_GROUPS; g++) {
        fs.out = feats[g];
        fs.n = 0;
        neighbour_feats(m, g, h, NE_NER_WV_CL1(*wv), &fs);
        nf[g] = fs.n;
    }
}

void ne_ner_pad_features(const ne_ner_model_t *m, int side,
                         uint32_t feats[NE_NER_GROUPS][NE_NER_FEATS],
                         uint8_t nf[NE_NER_GROUPS])
{
    fsink_t fs;
    uint64_t h[NE_NER_TOKH];
    int g;
    fs.shift = 64 - m->bits;
    pad_hashes(side, h);
    nf[NE_NER_G_SELF] = 0;
    for (g = NE_NER_G_M1; g < NE_NER_GROUPS; g++) {
        fs.out = feats[g];
        fs.n = 0;
        if ((group_offset[g] < 0) == (side < 0))
            neighbour_feats(m, g, h, PAD_CL1, &fs);
        nf[g] = fs.n;
    }
}

void ne_ner_context_features(const ne_ner_model_t *m, ne_ner_work_t *wk,
                             size_t n)
{
    fsink_t fs;
    size_t i;
    fs.shift = 64 - m->bits;
    for (i = 0; i < n; i++) {
        fs.out = wk->feats + i * NE_NER_FEATS;
        fs.n = 0;
        context_feats(m, wk, n, i, &fs);
        wk->nf[i] = fs.n;
    }
}

/* ---- prediction history (non-local features) ---------------------------- */

/* First size of an article's history table; it doubles at 3/4 full. */
#define HIST_SLOTS0 256
/* Counts saturate here. */
#define HIST_CNT_MAX 0xffffu

int ne_ner_hist_enabled(const ne_ner_model_t *m)
{
    uint64_t key = ne_ner_hash(NE_NER_HIST_KEY, sizeof(NE_NER_HIST_KEY) - 1);
    return (ne_ner_lex_get(&m->lex, key) & NE_LEX_OPT_HIST) != 0;
}

void ne_ner_hist_enable(ne_ner_model_t *m)
{
    uint64_t key = ne_ner_hash(NE_NER_HIST_KEY, sizeof(NE_NER_HIST_KEY) - 1);
    ne_ner_lex_add(&m->lex, key, NE_LEX_OPT_HIST);
}

void ne_ner_hist_clear(ne_ner_hist_t *h)
{
    if (h->mask && h->used)
        memset(h->keys, 0, ((size_t)h->mask + 1) * sizeof(*h->keys));
    h->used = 0;
}

void ne_ner_hist_free(ne_ner_hist_t *h)
{
    free(h->keys);
    free(h->cnt);
    memset(h, 0, sizeof(*h));
}

uint64_t ne_ner_hist_key(const ne_ner_work_t *wk, size_t i)
{
    uint64_t cls = wk->h[i * NE_NER_TOKH + NE_NER_H_CLASS];
    uint64_t k = wk->h[i * NE_NER_TOKH + NE_NER_H_LOW];
    /* capitalised or all capitals, case-folded ("SOMERSET", "Somerset") */
    if (cls != C_CAP && cls != C_ALLCAP && cls != C_MIXED)
        return 0;
    return k ? k : 1;
}

static const uint16_t *hist_get(const ne_ner_hist_t *h, uint64_t key)
{
    uint32_t i;
    if (!h->mask)
        return NULL;
    for (i = (uint32_t)ne_mix64(key) & h->mask; h->keys[i];
         i = (i + 1) & h->mask)
        if (h->keys[i] == key)
            return h->cnt[i];
    return NULL;
}

static uint16_t *hist_slot(ne_ner_hist_t *h, uint64_t key)
{
    uint32_t i;
    if (!h->mask || (h->used + 1) * 4 > (h->mask + 1) * 3) {
        ne_ner_hist_t big;
        uint32_t j, slots = h->mask ? (h->mask + 1) * 2 : HIST_SLOTS0;
        big.keys = ne_calloc(slots, sizeof(*big.keys));
        big.cnt = ne_calloc(slots, sizeof(*big.cnt));
        big.mask = slots - 1;
        big.used = h->used;
        for (j = 0; h->mask && h->used && j <= h->mask; j++)
            if (h->keys[j]) {
                for (i = (uint32_t)ne_mix64(h->keys[j]) & big.mask; big.keys[i];
                     i = (i + 1) & big.mask)
                    ;
                big.keys[i] = h->keys[j];
                memcpy(big.cnt[i], h->cnt[j], sizeof(big.cnt[i]));
            }
        ne_ner_hist_free(h);
        *h = big;
    }
    for (i = (uint32_t)ne_mix64(key) & h->mask; h->keys[i]; i = (i + 1) & h->mask)
        if (h->keys[i] == key)
            return h->cnt[i];
    h->keys[i] = key;
    memset(h->cnt[i], 0, sizeof(h->cnt[i]));
    h->used++;
    return h->cnt[i];
}

void ne_ner_hist_features(const ne_ner_model_t *m, const ne_ner_hist_t *h,
                          size_t n, ne_ner_work_t *wk)
{
    fsink_t fs;
    size_t i;
    int k, best;
    fs.shift = 64 - m->bits;
    for (i = 0; i < n; i++) {
        uint64_t key = ne_ner_hist_key(wk, i);
        const uint16_t *c;
        if (!key || !(c = hist_get(h, key)))
            continue;
        /* room for the features below (the usual count is far less) */
        if (wk->nf[i] + NE_NER_HIST_KINDS > NE_NER_FEATS)
            continue;
        fs.out = wk->feats + i * NE_NER_FEATS;
        fs.n = wk->nf[i];
        for (best = 0, k = 1; k < NE_NER_HIST_KINDS; k++)
            if (c[k] > c[best])
                best = k;
        /* the majority, apart at a sentence start (a capital there says
         * less of the word) */
        feat(&fs, T_HIST_MAJ, (uint64_t)best * 2 + (i == 0));
        for (k = 1; k < NE_NER_HIST_KINDS; k++)
            if (c[k])
                feat(&fs, T_HIST_HAS, (uint64_t)k);
        wk->nf[i] = fs.n;
    }
}

void ne_ner_hist_count(ne_ner_hist_t *h, uint64_t key, int label)
{
    int kind = label ? NE_NER_TYPE(label) + 1 : 0;
    uint16_t *c = hist_slot(h, key);
    if (c[kind] < HIST_CNT_MAX)
        c[kind]++;
}


void ne_ner_hist_add(ne_ner_hist_t *h, size_t n, const ne_ner_work_t *wk,
                     const uint8_t *path)
{
    size_t i;
    for (i = 0; i < n; i++) {
        uint64_t key = ne_ner_hist_key(wk, i);
        if (key)
            ne_ner_hist_count(h, key, path[i]);
    }
}

/* ---- decoding --------------------------------------------------------- */

void ne_ner_add_rows(const ne_ner_model_t *m, ne_ner_work_t *wk, size_t n)
{
    size_t i, f, nf;
    int l;
    uint32_t *fe = wk->feats;

    /* The rows do not fit in cache: resolve the whole sentence's lookups
     * first, with prefetches, so that the misses overlap instead of
     * stalling one after another. */
    for (i = 0; i < n; i++)
        for (f = 0, nf = wk->nf[i]; f < nf; f++) {
            uint32_t r = ne_ner_row_index(m, fe[i * NE_NER_FEATS + f]);
            fe[i * NE_NER_FEATS + f] = r;
            __builtin_prefetch(m->rows + (size_t)r * NE_NER_LABELS);
        }
    for (i = 0; i < n; i++) {
        int32_t *acc = wk->score + i * NE_NER_LABELS;
        for (f = 0, nf = wk->nf[i]; f < nf; f++) {
            const int16_t *row =
                m->rows + (size_t)fe[i * NE_NER_FEATS + f] * NE_NER_LABELS;
            for (l = 0; l < NE_NER_LABELS; l++)
                acc[l] += row[l];
        }
    }
}

void ne_ner_emissions(const ne_ner_model_t *m, ne_ner_work_t *wk, size_t n)
{
    memset(wk->score, 0, n * NE_NER_LABELS * sizeof(*wk->score));
    ne_ner_add_rows(m, wk, n);
}

int ne_ner_transition_ok(int a, int b)
{
    int a_open = a > 0 && (NE_NER_PART(a) == NE_NER_PART_B ||
                           NE_NER_PART(a) == NE_NER_PART_I);
    if (b < 0) /* sentence end */
        return !a_open;
    if (a_open)
        return b > 0 && NE_NER_TYPE(b) == NE_NER_TYPE(a) &&
               (NE_NER_PART(b) == NE_NER_PART_I ||
                NE_NER_PART(b) == NE_NER_PART_L);
    return b == 0 || NE_NER_PART(b) == NE_NER_PART_B ||
           NE_NER_PART(b) == NE_NER_PART_U;
}

#define NEG_INF (INT64_MIN / 4)

/* Labels after which a span is closed (O, L-*, U-*), ascending, and the
 * labels entered from them (O, B-*, U-*). */
static const uint8_t closed_labels[9] = {0, 3, 4, 7, 8, 11, 12, 15, 16};
static const uint8_t entry_labels[9] = {0, 1, 4, 5, 8, 9, 12, 13, 16};

/* The best label at the end: the first highest of the finite scores of
 * labels that close a span. */
static int viterbi_end(const int64_t cur[NE_NER_LABELS])
{
    int b, best = -1;
    for (b = 0; b < NE_NER_LABELS; b++)
        if (cur[b] != NEG_INF && ne_ner_transition_ok(b, -1) &&
            (best < 0 || cur[b] > cur[best]))
            best = b;
    return best < 0 ? 0 : best; /* < 0 only when masks allow no path */
}

/* Is label b entered from a closed label (O, B-t, U-t)? */
static inline int is_entry(int b)
{
    return b == 0 || NE_NER_PART(b) == NE_NER_PART_B ||
           NE_NER_PART(b) == NE_NER_PART_U;
}

/*
 * The forward passes keep every score (lat[i][b]: the best path ending in
 * label b at token i) and no back pointers; the backtrace finds the
 * predecessor of each label on the best path again. It is the first (in
 * ascending order) of the labels that may precede b with the strictly
 * highest lat[i-1][a] + trans[a][b], unreachable ones (NEG_INF) skipped,
 * and label 0 where b itself is unreachable: what a back pointer taken in
 * the forward pass would hold.
 */
static void viterbi_back(const int64_t *lat, size_t n,
                         const int32_t trans[NE_NER_LABELS][NE_NER_LABELS],
                         uint8_t *path)
{
    size_t i;
    for (i = n - 1; i > 0; i--) {
        const int64_t *prev = lat + (i - 1) * NE_NER_LABELS;
        int b = path[i], ba = 0, k;
        int64_t bv = NEG_INF;
        if (lat[i * NE_NER_LABELS + b] != NEG_INF) {
            const uint8_t *from = closed_labels;
            uint8_t open[2];
            int nfrom = 9;
            if (!is_entry(b)) {
                open[0] = (uint8_t)NE_NER_LABEL(NE_NER_TYPE(b),
                                                NE_NER_PART_B);
                open[1] = (uint8_t)(open[0] + 1);
                from = open;
                nfrom = 2;
            }
            for (k = 0; k < nfrom; k++) {
                int a = from[k];
                int64_t v;
                if (prev[a] == NEG_INF)
                    continue;
                v = prev[a] + trans[a][b];
                if (v > bv)
                    bv = v, ba = a;
            }
        }
        path[i - 1] = (uint8_t)ba;
    }
}

/*
 * Forward pass without label masks (the tagger's case), written out for
 * the BILOU lattice: O, B-t and U-t follow any closed label, I-t and L-t
 * follow B-t or I-t; maxima only, branch-free. The nine labels entered
 * from closed ones are computed side by side (vector code where the CPU
 * has AVX2). Only at the first token are there unreachable labels (I-t,
 * L-t); their NEG_INF plus bounded scores stays far below every reachable
 * score, so no test is needed.
 */
typedef int64_t v4i64 __attribute__((vector_size(32)));

__attribute__((target_clones("avx2", "default")))
static void forward_free(const int32_t *score, size_t n,
                         const int32_t trans[NE_NER_LABELS][NE_NER_LABELS],
                         const int32_t start[NE_NER_LABELS], int64_t *lat)
{
    v4i64 te[9][3]; /* trans[closed a][entry k], 12 lanes (3 unused) */
    size_t i;
    int b, k, j, t;

    for (j = 0; j < 9; j++)
        for (k = 0; k < 12; k++)
            te[j][k / 4][k % 4] =
                k < 9 ? trans[closed_labels[j]][entry_labels[k]] : 0;
    for (b = 0; b < NE_NER_LABELS; b++)
        lat[b] = ne_ner_transition_ok(-1, b) ? (int64_t)start[b] + score[b]
                                             : NEG_INF;
    for (i = 1; i < n; i++) {
        const int32_t *s = score + i * NE_NER_LABELS;
        const int64_t *prev = lat + (i - 1) * NE_NER_LABELS;
        int64_t *cur = lat + i * NE_NER_LABELS;
        v4i64 best[3];
        for (k = 0; k < 3; k++)
            best[k] = prev[0] + te[0][k];
        for (j = 1; j < 9; j++) {
            int64_t p = prev[closed_labels[j]];
            for (k = 0; k < 3; k++) {
                v4i64 v = p + te[j][k];
                v4i64 gt = v > best[k];
                best[k] = (v & gt) | (best[k] & ~gt);
            }
        }
        for (k = 0; k < 9; k++)
            cur[entry_labels[k]] = best[k / 4][k % 4] + s[entry_labels[k]];
        for (t = 0; t < 4; t++) {
            int lb = NE_NER_LABEL(t, NE_NER_PART_B);
            int li = lb + 1, ll = lb + 2;
            int64_t vb = prev[lb] + trans[lb][li];
            int64_t vi = prev[li] + trans[li][li];
            cur[li] = (vi > vb ? vi : vb) + s[li];
            vb = prev[lb] + trans[lb][ll];
            vi = prev[li] + trans[li][ll];
            cur[ll] = (vi > vb ? vi : vb) + s[ll];
        }
    }
}

/* Forward pass with label masks (training): predecessor lists, NEG_INF
 * for what the masks rule out. */
static void forward_masked(const int32_t *score, size_t n,
                           const int32_t trans[NE_NER_LABELS][NE_NER_LABELS],
                           const int32_t start[NE_NER_LABELS],
                           const uint32_t *allowed, int64_t *lat)
{
    int8_t from[NE_NER_LABELS][NE_NER_LABELS]; /* legal predecessors */
    int nfrom[NE_NER_LABELS];
    size_t i;
    int a, b, k;

    for (b = 0; b < NE_NER_LABELS; b++) {
        nfrom[b] = 0;
        for (a = 0; a < NE_NER_LABELS; a++)
            if (ne_ner_transition_ok(a, b))
                from[b][nfrom[b]++] = (int8_t)a;
        lat[b] = ne_ner_transition_ok(-1, b) && (allowed[0] >> b & 1)
                     ? (int64_t)start[b] + score[b]
                     : NEG_INF;
    }
    for (i = 1; i < n; i++) {
        const int32_t *s = score + i * NE_NER_LABELS;
        const int64_t *prev = lat + (i - 1) * NE_NER_LABELS;
        int64_t *cur = lat + i * NE_NER_LABELS;
        for (b = 0; b < NE_NER_LABELS; b++) {
            int64_t bv = NEG_INF;
            if (allowed[i] >> b & 1)
                for (k = 0; k < nfrom[b]; k++) {
                    a = from[b][k];
                    if (prev[a] != NEG_INF && prev[a] + trans[a][b] > bv)
                        bv = prev[a] + trans[a][b];
                }
            cur[b] = bv == NEG_INF ? NEG_INF : bv + s[b];
        }
    }
}

int64_t ne_ner_viterbi(const int32_t *score, size_t n,
                       const int32_t trans[NE_NER_LABELS][NE_NER_LABELS],
                       const int32_t start[NE_NER_LABELS],
                       const uint32_t *allowed, int64_t *lat, uint8_t *path)
{
    int best;
    if (!n)
        return 0;
    if (allowed)
        forward_masked(score, n, trans, start, allowed, lat);
    else
        forward_free(score, n, trans, start, lat);
    best = viterbi_end(lat + (n - 1) * NE_NER_LABELS);
    path[n - 1] = (uint8_t)best;
    viterbi_back(lat, n, trans, path);
    return lat[(n - 1) * NE_NER_LABELS + best];
}
