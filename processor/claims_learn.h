/*
 * newsenrich - claims: the learned cue, source and message tagger.
 *
 * Private to processor/claims_learn.c, claims.c and tools/train_claims.c.
 * An averaged perceptron over hashed features labels each token O, or
 * B/I of CUE, SOURCE, MESSAGE (the roles of the SpkAtt-2023 Bundestag
 * annotation). Training and tagging call the same claims_tag_features(),
 * so the model sees at run time the feature indices it was trained on.
 *
 * The rules stay in charge: the stage asks the tagger only in a German
 * block where no rule found a claim, and only for a word the lexicon does
 * not call a cue. A word the tagger is sure of becomes a cue for one more
 * try of the rule frames, which still have to find the speaker and the
 * message and the evidence of reported speech (claims_learn.c).
 *
 * Model file (little-endian), models/claims-de-tagger.bin:
 *    0  magic "NECLMTAG"      8  u32 format version  12 u32 feature version
 *   16  u32 labels           20  u32 table bits      24 f32 weight scale
 *   28  u32 rows             32  char name[32]
 *   64  rows x (u32 row index, labels x i16 weight), ascending row index
 *  end  u32 CRC-32 of every byte before it
 */
#ifndef NE_CLAIMS_LEARN_H
#define NE_CLAIMS_LEARN_H

#include "doc.h"
#include "claims_int.h"

#include <stddef.h>
#include <stdint.h>

#define CLAIMS_TAG_MAGIC "NECLMTAG"
#define CLAIMS_TAG_FORMAT_VERSION 1
/* Bump whenever claims_tag_features() changes what it emits: a model
 * trained with other features must not load. */
#define CLAIMS_TAG_FEATURE_VERSION 1
#define CLAIMS_TAG_FILE "claims-de-tagger.bin"

enum {
    CLT_O = 0,
    CLT_B_CUE, CLT_I_CUE,
    CLT_B_SRC, CLT_I_SRC,
    CLT_B_MSG, CLT_I_MSG,
    CLT__CNT
};

/* The most features one token emits. */
#define CLAIMS_TAG_FEATS 40

/* A token as the tagger sees it. */
typedef struct claims_ltok_s {
    uint64_t hash;   /* normalised form (ne_token_t.hash) */
    uint64_t sfx3;   /* hash of its last three bytes, 0 when shorter */
    uint64_t cls;    /* lexicon classes of the form, before context */
    uint8_t shape;   /* LT_SHAPE_* */
} claims_ltok_t;

/* Loaded model: a dense table of (1 << bits) rows, CLT__CNT weights per
 * row, read-only after loading. */
typedef struct claims_tagger_s {
    char name[32];
    uint32_t bits;
    float scale;  /* weights were multiplied by this */
    int16_t *w;   /* (1 << bits) * CLT__CNT */
} claims_tagger_t;

extern const char *const claims_tag_label_names[CLT__CNT];

/* The tagger's view of token t of a document (norm: base of the norm
 * offsets) with lexicon lex (NULL: no classes). */
void claims_ltok_fill(const claims_lex_t *lex, const ne_token_t *t,
                      const char *norm, claims_ltok_t *out);

/* Sentence-level marks passed to the features: CLT_SENT_*. */
#define CLT_SENT_SUBJ  1 /* a Konjunktiv I form in the sentence */
#define CLT_SENT_QUOTE 2 /* a quotation mark in the sentence */
#define CLT_SENT_DASS  4 /* dass/ob in the sentence */
/* The marks of tokens lt[0..n). */
unsigned claims_tag_sentence(const claims_ltok_t *lt, size_t n);

/* Feature indices (below 1 << bits) of token i of the n tokens lt of one
 * sentence into out (CLAIMS_TAG_FEATS entries); returns their count. */
size_t claims_tag_features(const claims_ltok_t *lt, size_t n, size_t i,
                           unsigned sent, uint32_t bits, uint32_t *out);

/* Label scores of token i: score[l] = sum of its rows' weights. */
void claims_tag_scores(const claims_tagger_t *m, const claims_ltok_t *lt,
                       size_t n, size_t i, unsigned sent,
                       int32_t score[CLT__CNT]);

/* Read a model file; NULL with one sentence naming the file in errstr
 * when it is missing, corrupt or of another version. Free with
 * claims_tagger_free. */
claims_tagger_t *claims_tagger_read(const char *path, char *errstr,
                                    size_t errstr_size);
/* Write m to path; name is set from the weights' checksum first.
 * Returns 0, or -1 with errstr. */
int claims_tagger_write(claims_tagger_t *m, const char *path, char *errstr,
                        size_t errstr_size);
void claims_tagger_free(claims_tagger_t *m); /* accepts NULL */

#endif
