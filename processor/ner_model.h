/*
 * newsenrich - the NER model: labels, lexicon, features, decoding, files.
 *
 * Private to processor/ner.c and tools/train_ner.c. Training and tagging
 * call the same ne_ner_featurize(), so a model sees at run time exactly
 * the feature indices it was trained on. A feature is a 64-bit hash of
 * (template, value); its row in the weight table is the top `bits` bits of
 * that hash, and a row holds one weight per label.
 *
 * Model file (little-endian):
 *   header  "NENERMDL", format version, feature-set version, label count,
 *           label names, table bits, weight scale, model name, body sizes,
 *           body CRC-32
 *   body    zlib: transition weights, sparse weight rows, lexicon,
 *           word table
 */
#ifndef NE_NER_MODEL_H
#define NE_NER_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define NE_NER_MAGIC "NENERMDL"
#define NE_NER_FORMAT_VERSION 2
/* Bump whenever ne_ner_featurize() changes what it emits: a model trained
 * with other features must not load. */
#define NE_NER_FEATURE_VERSION 3

/* BILOU over the four types: O, then B I L U for PER, ORG, LOC, MISC in
 * ne_etype_t order. Label l > 0 has type (l-1)/4 and part (l-1)%4. */
#define NE_NER_LABELS 17
#define NE_NER_PART_B 0
#define NE_NER_PART_I 1
#define NE_NER_PART_L 2
#define NE_NER_PART_U 3
#define NE_NER_LABEL(type, part) (1 + (type) * 4 + (part))
#define NE_NER_TYPE(label) (((label) - 1) / 4)
#define NE_NER_PART(label) (((label) - 1) % 4)

/* The most features one token emits (ne_ner_featurize writes nf[i] of
 * them, at stride NE_NER_FEATS). */
#define NE_NER_FEATS 64

/* Lexicon classes of a normalised word or word sequence. */
#define NE_LEX_FIRSTNAME 0x01 /* first-name lists */
#define NE_LEX_COUNTRY   0x02 /* country names, de + en */
#define NE_LEX_CITY      0x04 /* city names and exonyms */
#define NE_LEX_DEMONYM   0x08 /* "German", "Deutscher" */
#define NE_LEX_NOUN      0x10 /* capitalised, but nearly always O */
#define NE_LEX_PER       0x20 /* names from annotated text the model */
#define NE_LEX_ORG       0x40 /*   was not trained on (other language, */
#define NE_LEX_LOC       0x80 /*   other era) */
#define NE_LEX_MISC      0x100
#define NE_LEX_LOWER     0x200 /* a word written in lower case more often
                                  than capitalised inside sentences */
#define NE_LEX_GEO       0x400 /* GeoNames cities and their alternate
                                  names (many, some also common words) */
#define NE_LEX_OPT_HIST  0x0800 /* only on the key NE_NER_HIST_KEY: the
                                  model uses the history features */
#define NE_LEX_PREFIX    0x8000 /* proper prefix of a multi-word entry */
#define NE_LEX_CLASSES   11
/* The classes the tagger's features see: NE_LEX_LOWER serves the mention
 * repair in ner.c only (as a feature it did not pay, models/README.md). */
#define NE_LEX_FEATURES  0x5ff

/* Longest multi-word lexicon entry, in words. */
#define NE_LEX_MAX_WORDS 5

extern const char *const ne_ner_label_names[NE_NER_LABELS];

/* A word as the tagger sees it: its bytes (UTF-8, not NUL-terminated). */
typedef struct ne_ner_word_s {
    const char *s;
    uint32_t len;
} ne_ner_word_t;

/* Lexicon: open addressing over 64-bit keys (hash of the lower-cased
 * words joined by single spaces), NE_LEX_* classes per key. */
typedef struct ne_ner_lex_s {
    uint64_t *keys;   /* 0 = empty slot */
    uint16_t *flags;
    uint32_t mask;    /* slots - 1 */
    uint32_t cnt;
} ne_ner_lex_t;

/* Word table: the classes of a word form (exact bytes) in up to three
 * clusterings of unlabelled text (tools/ner_clusters), packed as class + 1
 * (0 = not clustered) by NE_NER_WV_MAKE. */
typedef struct ne_ner_wtab_s {
    uint64_t *keys;   /* 0 = empty slot */
    uint32_t *vals;
    uint32_t mask;
    uint32_t cnt;
} ne_ner_wtab_t;

#define NE_NER_WV_CL0(v) ((v) & 0x7fu)          /* up to 126 classes */
#define NE_NER_WV_CL1(v) ((v) >> 7 & 0x1ffu)    /* up to 510 */
#define NE_NER_WV_CL2(v) ((v) >> 16 & 0x7ffu)   /* up to 2046 */
#define NE_NER_WV_MAKE(c0, c1, c2) \
    ((uint32_t)(c0) | (uint32_t)(c1) << 7 | (uint32_t)(c2) << 16)
/* Bits 27-31: what a German dictionary and a word-frequency list say of
 * the form (tools/train_ner --wordlex): its word-class category
 * (NE_NER_WCAT_*) and the frequency band of its lower-case form (0 =
 * absent or rarer than NE_NER_WV_BAND values 1-3 cover). */
#define NE_NER_WV_CAT(v) ((v) >> 27 & 7u)
#define NE_NER_WV_BAND(v) ((v) >> 30 & 3u)
#define NE_NER_WV_LEX(v) ((v) >> 27 & 0x1fu)
#define NE_NER_WV_MAKE_LEX(cat, band) \
    ((uint32_t)(cat) << 27 | (uint32_t)(band) << 30)
enum {
    NE_NER_WCAT_NONE = 0,  /* neither the form nor its lower case known */
    NE_NER_WCAT_NOUN,      /* the form is a common noun, not a name */
    NE_NER_WCAT_NAME,      /* a proper noun, not a common noun */
    NE_NER_WCAT_BOTH,      /* both ("Müller") */
    NE_NER_WCAT_OTHER,     /* the form is known, as neither */
    NE_NER_WCAT_LOW_ADJ,   /* only the lower-case form: adjective/participle */
    NE_NER_WCAT_LOW_VERB,  /* only the lower-case form: verb */
    NE_NER_WCAT_LOW_FUNC   /* only the lower-case form: anything else */
};
#define NE_NER_WV_MAX0 126
#define NE_NER_WV_MAX1 510
#define NE_NER_WV_MAX2 2046

void ne_ner_wtab_init(ne_ner_wtab_t *t, uint32_t slots_pow2);
void ne_ner_wtab_free(ne_ner_wtab_t *t);
/* Set key's value (replacing an earlier one). */
void ne_ner_wtab_set(ne_ner_wtab_t *t, uint64_t key, uint32_t val);
/* key's value, 0 when absent. */
uint32_t ne_ner_wtab_get(const ne_ner_wtab_t *t, uint64_t key);

/* What a loaded model holds; also the trainer's view of the lexicon and
 * table size (it keeps its own float weights). */
typedef struct ne_ner_model_s {
    char name[48];          /* "de-ner-1.3fa2c1d0" */
    uint32_t bits;          /* weight table has 1 << bits rows */
    float scale;            /* weights were multiplied by this */
    int32_t trans[NE_NER_LABELS][NE_NER_LABELS]; /* from -> to */
    int32_t start[NE_NER_LABELS];
    /* Few rows are non-zero (a tenth at 21 bits): one bit per row says
     * which, and its rank among the set bits is its place in rows (0 =
     * the all-zero row). The bitmap and the ranks (384 KB at 21 bits)
     * stay in the CPU's cache where a table of row numbers (8 MB) did
     * not; the hash space stays large enough to avoid collisions. */
    uint64_t *present;      /* (1 << bits) / 64 words */
    uint32_t *rank;         /* per word: 1 + the rows present before it */
    int16_t *rows;          /* nrows * NE_NER_LABELS, row 0 all zero */
    uint32_t nrows;
    ne_ner_lex_t lex;
    ne_ner_wtab_t words;    /* keyed by ne_ner_hash of the word's bytes */
} ne_ner_model_t;

/* Per-sentence working memory, grown as needed, reused. */
typedef struct ne_ner_work_s {
    size_t cap;              /* tokens */
    uint32_t *feats;         /* cap * NE_NER_FEATS row indices */
    uint8_t *nf;             /* cap: features used per token */
    uint64_t *h;             /* cap * NE_NER_TOKH token-level hashes */
    uint16_t *lex;           /* cap: lexicon classes of the word */
    uint32_t *wv;            /* cap: word-table value of the word */
    uint16_t *span;          /* cap: multi-word match: class | SPAN_B/I */
    char *low;               /* lower-cased bytes of the current word */
    size_t low_cap;
    int32_t *score;          /* cap * NE_NER_LABELS emission scores */
    int64_t *lat;            /* cap * NE_NER_LABELS Viterbi lattice */
    uint8_t *path;           /* cap: decoded labels */
    uint32_t *allowed;       /* cap: label masks for constrained decoding;
                                unused by the tagger */
} ne_ner_work_t;

/* Token-level hashes kept per token for the neighbour features. */
#define NE_NER_TOKH 4
#define NE_NER_H_RAW 0
#define NE_NER_H_LOW 1
#define NE_NER_H_SHAPE 2
#define NE_NER_H_CLASS 3 /* coarse class: cap/allcap/lower/digit/punct */

void ne_ner_work_init(ne_ner_work_t *wk);
void ne_ner_work_free(ne_ner_work_t *wk);
void ne_ner_work_reserve(ne_ner_work_t *wk, size_t n);

/* 64-bit hash of bytes; the lexicon keys and word hashes use it. */
uint64_t ne_ner_hash(const void *p, size_t n);
/* Key of a word sequence from the hashes of its lower-cased words. */
uint64_t ne_ner_hash_join(uint64_t prefix, uint64_t word);

/* Lower-case s (UTF-8) into *out (grown, not NUL-terminated); returns the
 * length. Invalid bytes are copied as they are. */
size_t ne_ner_lower(const char *s, size_t n, char **out, size_t *cap);

void ne_ner_lex_init(ne_ner_lex_t *lex, uint32_t slots_pow2);
void ne_ner_lex_free(ne_ner_lex_t *lex);
void ne_ner_lex_add(ne_ner_lex_t *lex, uint64_t key, uint16_t flags);
uint16_t ne_ner_lex_get(const ne_ner_lex_t *lex, uint64_t key);
/* Add a lexicon entry given as text (words separated by spaces), with
 * NE_LEX_PREFIX on its proper prefixes. scratch is a lower-case buffer. */
void ne_ner_lex_add_text(ne_ner_lex_t *lex, const char *s, size_t n,
                         uint16_t flags, char **scratch, size_t *scratch_cap);

/* Fill wk->feats for the n words of one sentence (wk reserved for n). */
void ne_ner_featurize(const ne_ner_model_t *m, const ne_ner_word_t *words,
                      size_t n, ne_ner_work_t *wk);

/* Emission scores: wk->score[i][l] = sum of the weight rows of token i's
 * features. Replaces wk->feats by the resolved row numbers. */
void ne_ner_emissions(const ne_ner_model_t *m, ne_ner_work_t *wk, size_t n);
/* The same, adding to wk->score as it is. */
void ne_ner_add_rows(const ne_ner_model_t *m, ne_ner_work_t *wk, size_t n);

/*
 * The features of a token by group, for the tagger's word cache
 * (ner_cache.c): ne_ner_featurize emits for token i the union of group
 * SELF of word i, group M1 of word i-1, P1 of word i+1, M2 of word i-2,
 * P2 of word i+2 (the padding's groups beyond the sentence) and the
 * context features, which depend on more than one word.
 */
enum {
    NE_NER_G_SELF, NE_NER_G_M1, NE_NER_G_P1, NE_NER_G_M2, NE_NER_G_P2,
    NE_NER_GROUPS
};

/* Analyse word w alone: its hashes, lexicon classes and word-table value
 * (as ne_ner_featurize leaves them in wk->h, lex, wv) into h, lex, wv and
 * the features of each group g into feats[g][0..nf[g]). wk lends only its
 * lower-case buffer. */
void ne_ner_word_features(const ne_ner_model_t *m, const ne_ner_word_t *w,
                          ne_ner_work_t *wk, uint64_t h[NE_NER_TOKH],
                          uint16_t *lex, uint32_t *wv,
                          uint32_t feats[NE_NER_GROUPS][NE_NER_FEATS],
                          uint8_t nf[NE_NER_GROUPS]);
/* The groups of the padding before (side < 0) or after (side > 0) a
 * sentence; the groups that never reach into the sentence are empty. */
void ne_ner_pad_features(const ne_ner_model_t *m, int side,
                         uint32_t feats[NE_NER_GROUPS][NE_NER_FEATS],
                         uint8_t nf[NE_NER_GROUPS]);
/* Greedy longest match of multi-word lexicon entries over the sentence's
 * wk->h and wk->lex, into wk->span. */
void ne_ner_match_spans(const ne_ner_model_t *m, ne_ner_work_t *wk, size_t n);
/* The context features of the n tokens into wk->feats and wk->nf; wk->h,
 * lex, wv and span must hold the sentence. */
void ne_ner_context_features(const ne_ner_model_t *m, ne_ner_work_t *wk,
                             size_t n);

/*
 * Non-local features in the spirit of Ratinov & Roth (2009), "prediction
 * history": how the earlier sentences of the same article typed a
 * capitalised word (case-folded), as counts of O, PER, ORG, LOC, MISC.
 * A model trained with them (train_ner --hist) carries the lexicon key
 * NE_NER_HIST_KEY with NE_LEX_OPT_HIST; other models never see them.
 */
#define NE_NER_HIST_KEY "\x01newsenrich-history"
#define NE_NER_HIST_KINDS 5 /* O, then the four types */
typedef struct ne_ner_hist_s {
    uint64_t *keys;                      /* 0 = empty slot */
    uint16_t (*cnt)[NE_NER_HIST_KINDS];
    uint32_t mask;                       /* slots - 1, or 0 when unused */
    uint32_t used;
} ne_ner_hist_t;

/* 1 when model m was trained with the history features. */
int ne_ner_hist_enabled(const ne_ner_model_t *m);
/* Mark m as using them (the trainer). */
void ne_ner_hist_enable(ne_ner_model_t *m);
/* Forget every word (a new article); the table keeps its memory. */
void ne_ner_hist_clear(ne_ner_hist_t *h);
void ne_ner_hist_free(ne_ner_hist_t *h);
/* Append the history features of the n tokens to wk->feats / wk->nf;
 * wk->h must hold the sentence (ne_ner_featurize or the word cache). */
void ne_ner_hist_features(const ne_ner_model_t *m, const ne_ner_hist_t *h,
                          size_t n, ne_ner_work_t *wk);
/* The history key of token i (wk->h as above), 0 when the word takes no
 * part (not capitalised). */
uint64_t ne_ner_hist_key(const ne_ner_work_t *wk, size_t i);
/* Count one occurrence of key with label (BILOU). */
void ne_ner_hist_count(ne_ner_hist_t *h, uint64_t key, int label);
/* Record the decoded labels path[n] of the sentence's capitalised words. */
void ne_ner_hist_add(ne_ner_hist_t *h, size_t n, const ne_ner_work_t *wk,
                     const uint8_t *path);

/* Set bits of x (without relying on a popcount instruction). */
static inline uint32_t ne_ner_popcount(uint64_t x)
{
    x -= (x >> 1) & 0x5555555555555555ULL;
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return (uint32_t)((x * 0x0101010101010101ULL) >> 56);
}

/* Place in m->rows of feature index f's weights, 0 (all zero) for most. */
static inline uint32_t ne_ner_row_index(const ne_ner_model_t *m, uint32_t f)
{
    uint64_t w = m->present[f >> 6], below = (1ULL << (f & 63)) - 1;
    return w >> (f & 63) & 1 ? m->rank[f >> 6] + ne_ner_popcount(w & below)
                             : 0;
}

/* Row of weights of feature index f. */
static inline const int16_t *ne_ner_row(const ne_ner_model_t *m, uint32_t f)
{
    return m->rows + (size_t)ne_ner_row_index(m, f) * NE_NER_LABELS;
}

/* A word cache per thread and model: word forms seen before skip their
 * analysis and the weight lookups of all but the context features. */
typedef struct ne_ner_cache_s ne_ner_cache_t;

/* New empty cache for model m (m must outlive it). */
ne_ner_cache_t *ne_ner_cache_new(const ne_ner_model_t *m);
void ne_ner_cache_free(ne_ner_cache_t *c);
/* The model c serves. */
const ne_ner_model_t *ne_ner_cache_model(const ne_ner_cache_t *c);
/* What ne_ner_featurize followed by ne_ner_emissions leave in wk->score,
 * the LOW, SHAPE and CLASS hashes of wk->h, lex and span for the n words
 * of a sentence (the same sums; other work fields undefined), with the
 * help of c (one thread at a time). wk reserved for n. */
void ne_ner_cache_emissions(ne_ner_cache_t *c, const ne_ner_word_t *words,
                            size_t n, ne_ner_work_t *wk);

/* Viterbi over the BILOU lattice. score: n * NE_NER_LABELS emissions;
 * trans/start as in the model; allowed: per-token label masks or NULL;
 * lat: n * NE_NER_LABELS scratch. Writes path[n]; returns the best path's
 * score. */
int64_t ne_ner_viterbi(const int32_t *score, size_t n,
                       const int32_t trans[NE_NER_LABELS][NE_NER_LABELS],
                       const int32_t start[NE_NER_LABELS],
                       const uint32_t *allowed, int64_t *lat, uint8_t *path);

/* 1 when label b may follow label a (a < 0: sentence start); 1 when
 * label a may end a sentence (b < 0). */
int ne_ner_transition_ok(int a, int b);

/* Read a model file; NULL with one sentence in errstr on any problem. */
ne_ner_model_t *ne_ner_model_read(const char *path, char *errstr,
                                  size_t errstr_size);
/* Write m to path (name is set from the weights' checksum first).
 * Returns 0, or -1 with errstr. */
int ne_ner_model_write(ne_ner_model_t *m, const char *path, const char *lang,
                       char *errstr, size_t errstr_size);
void ne_ner_model_free(ne_ner_model_t *m);
/* Set the weights from a dense (1 << bits) * NE_NER_LABELS table. */
void ne_ner_model_set_weights(ne_ner_model_t *m, const int16_t *dense);
/* Free the weights (of a model not read with ne_ner_model_read). */
void ne_ner_model_free_weights(ne_ner_model_t *m);

#endif
