/*
 * newsenrich - the analysed article, shared by the extraction stages.
 *
 * Private to processor/. One ne_doc_t lives in each ne_result_t and is
 * reused from article to article: arrays keep their capacity, so a warm
 * worker allocates nothing per article. Every stage reads what the stages
 * before it wrote and appends to its own arrays:
 *
 *   decode      -> text[], meta            (decode.c)
 *   text        -> tokens, sentences, norm (text.c)
 *   langid      -> lang                    (langid.c)
 *   ner         -> mentions                (ner.c, uses kb for features)
 *   entities    -> entities, links         (entities.c, kb.c)
 *   dates       -> dates                   (dates.c)
 *   quantities  -> quantities              (quantities.c)
 *   claims      -> claims                  (claims.c)
 *   record      <- everything              (record.c)
 *
 * Offsets are UTF-8 byte offsets into text[field], end exclusive.
 */
#ifndef NE_DOC_H
#define NE_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "../common/buf.h"
#include "../common/ne.h"

typedef enum { NE_FIELD_TITLE = 0, NE_FIELD_BODY = 1, NE_FIELD__CNT } ne_field_t;

typedef enum {
    NE_LANG_UNKNOWN = 0, /* "und": language-independent stages only */
    NE_LANG_DE,
    NE_LANG_EN,
    NE_LANG_OTHER,       /* identified, but no models: code in doc->lang */
} ne_lang_t;

/* A span of text in one field. */
typedef struct ne_span_s {
    uint32_t start, end;
    uint8_t field;
} ne_span_t;

/* ---- tokens ------------------------------------------------------------ */

typedef enum {
    NE_TOK_WORD = 0,  /* letters, possibly with digits, hyphens, apostrophes */
    NE_TOK_NUMBER,    /* digits with separators: 120, 3,5, 1.000, 2019 */
    NE_TOK_PUNCT,     /* . , ; : ! ? ( ) - – ... */
    NE_TOK_QUOTE,     /* any quotation mark, see NE_TOKF_QUOTE_* */
    NE_TOK_SYMBOL,    /* % € $ § & / and other symbols, emoji */
    NE_TOK_OTHER,
} ne_tok_kind_t;

/* Token flags. */
#define NE_TOKF_SPACE_BEFORE  0x0001 /* whitespace precedes the token */
#define NE_TOKF_NEWLINE_BEFORE 0x0002 /* a line break precedes it */
#define NE_TOKF_PARA_START    0x0004 /* a blank line precedes it */
#define NE_TOKF_SENT_START    0x0008 /* first token of a sentence */
#define NE_TOKF_CAP           0x0010 /* first letter upper case */
#define NE_TOKF_ALLCAP        0x0020 /* all letters upper case (>= 2 letters) */
#define NE_TOKF_DIGIT         0x0040 /* contains a digit */
#define NE_TOKF_HYPHEN        0x0080 /* contains a hyphen: Kreml-Sprecher */
#define NE_TOKF_ABBREV        0x0100 /* ends in a period that is part of it */
#define NE_TOKF_QUOTE_OPEN    0x0200 /* quotation mark that can open */
#define NE_TOKF_QUOTE_CLOSE   0x0400 /* quotation mark that can close */
#define NE_TOKF_ORDINAL       0x0800 /* German ordinal: "13." */

typedef struct ne_token_s {
    uint32_t start, end;   /* bytes in text[field] */
    uint32_t norm_off;     /* normalised form in doc->norm: NFC, lower case */
    uint16_t norm_len;
    uint16_t flags;        /* NE_TOKF_* */
    uint8_t field;         /* ne_field_t */
    uint8_t kind;          /* ne_tok_kind_t */
    uint8_t quote_style;   /* for quotes: which mark (text.c's enum) */
    uint8_t tag;           /* tagger output (ner.c's encoding), 0 = O */
    uint32_t sent;         /* index into doc->sents */
    int32_t mention;       /* index into doc->mentions, -1 when none */
    uint64_t hash;         /* hash of the normalised form */
} ne_token_t;

typedef struct ne_sentence_s {
    uint32_t tok_begin, tok_end; /* token index range, end exclusive */
    uint8_t field;
} ne_sentence_t;

/* ---- entities ---------------------------------------------------------- */

typedef enum {
    NE_ENT_PER = 0,
    NE_ENT_ORG,
    NE_ENT_LOC,
    NE_ENT_MISC,
    NE_ENT__CNT
} ne_etype_t;

typedef struct ne_mention_s {
    uint32_t tok_begin, tok_end; /* token range, end exclusive */
    ne_span_t span;              /* bytes; may be narrower than the tokens */
    uint8_t type;                /* ne_etype_t */
    int32_t entity;              /* index into doc->entities, -1 unresolved */
    float score;                 /* tagger confidence in [0,1] */
} ne_mention_t;

typedef struct ne_entity_s {
    uint8_t type;          /* ne_etype_t */
    uint32_t name_off;     /* canonical name in doc->strings */
    uint32_t name_len;
    int32_t kb;            /* knowledge-base entry index, -1 when unlinked */
    uint32_t kb_id_off;    /* kb id in doc->strings (valid when kb >= 0) */
    uint32_t kb_id_len;
    uint32_t count;        /* number of mentions */
    float salience;        /* [0,1] */
    uint32_t first_mention;/* mention index of its first mention */
} ne_entity_t;

/* ---- claims ------------------------------------------------------------ */

typedef enum {
    NE_CLAIM_DIRECT = 0,
    NE_CLAIM_INDIRECT,
    NE_CLAIM_ACCORDING_TO,
    NE_CLAIM__CNT
} ne_claim_kind_t;

typedef struct ne_claim_s {
    uint8_t kind;          /* ne_claim_kind_t */
    ne_span_t text;        /* the message: what was said */
    uint8_t has_speaker;
    ne_span_t speaker;     /* as written: "Kreml-Sprecher Dmitri Peskow" */
    int32_t speaker_entity;/* entity index, -1 none */
    uint8_t has_cue;
    ne_span_t cue;         /* "erklärte", "zufolge", "sagte" */
    uint32_t ent_off;      /* entities mentioned in the message: */
    uint32_t ent_cnt;      /*   doc->claim_ents[ent_off .. +ent_cnt] */
    float score;
} ne_claim_t;

/* ---- dates and quantities -------------------------------------------- */

typedef struct ne_date_s {
    ne_span_t span;
    char value[24];        /* ISO 8601 as far as resolved ("2023-09-12",
                              "2023-07", "2019"), "" when unresolved */
    uint8_t relative;      /* resolved against published_at */
} ne_date_t;

typedef struct ne_quantity_s {
    ne_span_t span;
    double value;          /* normalised number: 120, 1000, 0.5 */
    char unit[16];         /* "km", "km/h", "%", "EUR", "" when a count */
} ne_quantity_t;

/* ---- the document ----------------------------------------------------- */

/* Growable array: NE_VEC(ne_token_t) tokens; gives tokens.v/.cnt/.cap. */
#define NE_VEC(type)                                                          \
    struct {                                                                  \
        type *v;                                                              \
        size_t cnt, cap;                                                      \
    }
#define NE_VEC_PUSH(vec) \
    (NE_GROW((vec).v, (vec).cap, (vec).cnt + 1), &(vec).v[(vec).cnt++])

typedef struct ne_doc_s {
    /* Input, after decoding (borrowed from the decoder's buffers). */
    const char *text[NE_FIELD__CNT];
    size_t len[NE_FIELD__CNT];
    const char *published_at;   /* raw string or NULL */
    /* published_at parsed as far as it goes ("2023-09" gives day 0);
     * all 0 when absent or unparseable. */
    int pub_year, pub_month, pub_day;

    /* Language: code given in the article wins (lang_given). */
    ne_lang_t lang;
    char lang_code[8];          /* ISO 639-1 or "und" */
    float lang_conf;
    uint8_t lang_given;

    NE_VEC(ne_token_t) tokens;
    NE_VEC(ne_sentence_t) sents;
    ne_buf_t norm;              /* normalised token forms */
    ne_buf_t strings;           /* entity names, kb ids, other strings */

    NE_VEC(ne_mention_t) mentions;
    NE_VEC(ne_entity_t) entities;
    NE_VEC(uint32_t) entity_mentions; /* scratch for stages */
    NE_VEC(ne_claim_t) claims;
    NE_VEC(int32_t) claim_ents;
    NE_VEC(ne_date_t) dates;
    NE_VEC(ne_quantity_t) quantities;

    /* Hostile text: the per-article hash tables mix their keys with
     * hash_seed (the processor's, random per process), and a stage whose
     * table work passes its step budget sets over_budget to a sentence
     * saying so; the article then fails as processing_failed. */
    uint64_t hash_seed;
    char over_budget[160];

    /* Private per-thread scratch of the stages, created on first use and
     * freed by ne_doc_free() through the stage's own free function. */
    struct ne_text_scratch_s *text_scratch;
    struct ne_ner_scratch_s *ner_scratch;
    struct ne_entities_scratch_s *entities_scratch;
    struct ne_claims_scratch_s *claims_scratch;
} ne_doc_t;

/* Slot hash of the per-article tables: the key mixed with the seed by a
 * bijective finaliser, so that words written to collide in the tables of
 * one worker do not collide in another's, nor in the next run's. */
static inline uint64_t ne_doc_slot(uint64_t key, uint64_t seed)
{
    uint64_t z = key ^ seed;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void ne_doc_init(ne_doc_t *doc);
void ne_doc_reset(ne_doc_t *doc); /* empty every array, keep capacity */
void ne_doc_free(ne_doc_t *doc);

/* Text of a span / token (not NUL-terminated). */
static inline const char *ne_doc_span_ptr(const ne_doc_t *doc, ne_span_t s)
{
    return doc->text[s.field] + s.start;
}
static inline const char *ne_doc_tok_ptr(const ne_doc_t *doc,
                                         const ne_token_t *t)
{
    return doc->text[t->field] + t->start;
}
static inline const char *ne_doc_tok_norm(const ne_doc_t *doc,
                                          const ne_token_t *t)
{
    return doc->norm.data + t->norm_off;
}

/* Append a string to doc->strings; returns its offset. */
uint32_t ne_doc_add_string(ne_doc_t *doc, const char *s, size_t len);

extern const char *const ne_etype_names[NE_ENT__CNT];   /* "PER", ... */
extern const char *const ne_claim_kind_names[NE_CLAIM__CNT]; /* "direct" ... */

#endif
