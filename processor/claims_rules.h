/*
 * newsenrich - claims: private interface between the rule files
 * (claims*.c). cx_t is the analysis of one document, cand_t a claim
 * before it is emitted; the token predicates are inline here because
 * every rule file tests tokens in its inner loops. claims.c's opening
 * table says which frame lives in which file.
 */
#ifndef NE_CLAIMS_RULES_H
#define NE_CLAIMS_RULES_H

#include "stages.h"
#include "claims_int.h"
#include "claims_learn.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LX_DE = 0, LX_EN, LX__CNT };

/* Hashes of single words the rules test by identity. */
typedef struct {
    uint64_t dass, dass_old, ob, that, whether, es, to, it;
    uint64_t von, vom, des, der, eines, einer, in, im, aus, bei;
    uint64_t of, for_, at, with, from, on, by;
    uint64_t und, sowie, and_, as, eigenen, own, zu;
    uint64_t das, dies, dieses;
    uint64_t den, dem, einen, einem, diesen, keinen, ein, eine, die;
    uint64_t soll, sollen, haben, sein, um, sich, man, demnach;
    uint64_t ohne, statt, anstatt, als, if_, because, wie;
    uint64_t when, asked, about, auf, an, heraus;
    uint64_t back, made, make, makes, making, clear, out, went, go, goes;
    uint64_t going, after, point, points, pointed, pointing, wonach, but;
    uint64_t erst, kurz, unmittelbar, i_, why, what, how, where;
    uint64_t haelt, hielt, halten, hielten, fuer, gemaess, anderen;
} claims_words_t;

struct ne_claims_s {
    claims_lex_t lex[LX__CNT];
    claims_lex_t names;
    claims_words_t w;
    claims_tagger_t *tagger; /* learned cue tagger, NULL: rules only */
};

typedef struct {
    uint32_t begin, end; /* tokens */
} claims_block_t;

struct ne_claims_scratch_s {
    NE_VEC(uint64_t) cls;
    NE_VEC(uint64_t) hash;
    NE_VEC(int32_t) inq;
    NE_VEC(uint8_t) used;
    NE_VEC(claims_block_t) blocks;
    NE_VEC(uint32_t) claim_block; /* block of each claim, while extracting */
    NE_VEC(uint32_t) claim_tok;   /* message token range of each claim */
    claims_quotes_t quotes;
    NE_VEC(uint8_t) qname;
    NE_VEC(uint8_t) pers; /* per token: PERS_* bits */
    NE_VEC(claims_ltok_t) ltok; /* the learned tagger's view of a block */
    uint32_t ltok_block;        /* block ltok holds + 1, 0: none */
    unsigned ltok_sent;         /* its CLT_SENT_* marks */
};

/* The analysis of one document. */
typedef struct {
    const ne_claims_t *cl;
    const claims_lex_t *lex;
    const claims_words_t *w;
    ne_doc_t *doc;
    int en;
    claims_view_t v;
    const uint64_t *cls;
    const uint64_t *h;
    const int32_t *inq;
    const claims_quotes_t *quotes;
    const uint8_t *qname; /* per quote: a short quotation used as a name */
    const uint8_t *pers;  /* per token: PERS_* bits */
    uint8_t *used;
    struct ne_claims_scratch_s *s;
    uint32_t b, e;  /* current block */
    uint32_t block; /* its index */
    /* A speaker whose cue found no message in its own sentence ("X wies
     * den Vorwurf zurück."): the next sentence in Konjunktiv I is it. */
    int64_t pend_sb, pend_se, pend_cb, pend_ce;
    uint32_t pend_block;
    /* The subject of a German block without a claim ("Die Regierung
     * warnt vor Überschwemmungen."): a next block in Konjunktiv I may be
     * what it said. subj_sb < 0: none. */
    int64_t subj_sb, subj_se;
    uint32_t subj_block;
} cx_t;

/* A claim before it is written to doc->claims. */
typedef struct {
    uint8_t kind;
    uint32_t mb, me;  /* message tokens */
    int64_t sb, se;   /* speaker tokens, sb < 0: none */
    int64_t cb, ce;   /* cue tokens, cb < 0: none */
    int copy_from;    /* claim whose speaker is reused, or -1 */
    int ent_from;     /* claim whose speaker entity the speaker (a word
                         that points back: "seiner", "Demnach") links to */
    int64_t eb, ee;   /* where the speaker's entity is named, eb < 0: in
                         the speaker span itself */
    int plural;       /* the cue verb is plural: "sie" means they */
    float score;
} cand_t;

/* A claim's confidence (the record's "score") by how it was found. Only
 * the order means anything: hand-set, not calibrated. A frame whose form
 * bounds cue, speaker and message scores highest; each piece left to
 * inference (speaker from context, no own cue, a weak cue) costs. */
#define CLAIM_SCORE_TRAILING  0.9f  /* "MSG, sagte X.": the frame closes the
                                       message, cue and speaker in place */
#define CLAIM_SCORE_ATTRIB    0.85f /* "laut X", "Wie X sagte", or a leading
                                       frame whose message is in
                                       Konjunktiv I: form shows reported */
#define CLAIM_SCORE_FRAME     0.8f  /* leading frame "X said (that) MSG";
                                       also the default of a candidate */
#define CLAIM_SCORE_APART     0.75f /* frame and message apart: a colon
                                       before a quotation, a frame set off
                                       by a comma before the message */
#define CLAIM_SCORE_INFERRED  0.7f  /* one piece from context: speaker of
                                       "demnach"/"wonach", a frame with no
                                       subject ("asked", "saying"), or a
                                       message from the block before */
#define CLAIM_SCORE_ACT_QUOTE 0.65f /* a quotation as the object of a
                                       speech act: "wies dies als „Q“
                                       zurück" */
#define CLAIM_SCORE_ACT       0.6f  /* a speech act's complement as its
                                       message: "warnte vor ..." */
#define CLAIM_SCORE_CONTINUED 0.6f  /* a block after a claim continuing its
                                       speaker: speaker not in the block */
#define CLAIM_SCORE_NOUN      0.55f /* an attitude noun and its object:
                                       "criticism of X", "support for X" */
#define CLAIM_SCORE_WEAK      0.55f /* fallback: a weak cue ("ist der
                                       Meinung") before a reported clause */
#define CLAIM_SCORE_MOOD_ONLY 0.5f  /* no cue at all: Konjunktiv I after a
                                       sentence whose subject may speak */
#define CLAIM_SCORE_LEARNED   0.5f  /* a leading frame whose cue only the
                                       learned tagger knows */

/* Per-token marks computed once per document (scratch pers[]). */
#define PERS_ENTITY 1 /* inside a PER or ORG mention */
#define PERS_PAREN  2 /* bracket of a short parenthesis without a verb:
                         "( BKA )", "( SPD )", not a clause boundary */

/* What a token is in a claim found so far (scratch used[]). */
enum { USED_NO = 0, USED_MESSAGE, USED_CUE, USED_SPEAKER };

#define FRAME_MAX 10   /* tokens from a clause start to its cue (", hatte
                          Peskow gesagt"; WikiNews train matched at 12 and
                          at 7-10: 1659, 1660) */
#define APPOS_MAX 16   /* tokens in an apposition */
#define SUBJ_MAX_EN 16 /* tokens in an English subject left of its cue:
                          "Majorities of Democrats in five states going to
                          the polls Tuesday say" (PolNeAR train F1 at 10,
                          12, 14, 16, 18: 0.7138, 0.7147, 0.7149, 0.7152,
                          0.7152) */
#define FRAME_ADJUNCT_MAX_EN 5 /* tokens after a frame before ", adding":
                                  "said at the time," */
#define DASH_INSERT_MAX 24 /* tokens in a relative clause between dashes */
#define NOUN_THAT_MIN_WORDS 5 /* words in a noun's "that" clause: fewer
                                 is mostly a relative clause ("the
                                 claims that he made") */
#define HEADLINE_MIN_WORDS 4   /* words in a title-case headline frame */
#define HEADLINE_SPEAKER_MAX 6 /* tokens before its cue: "Trump's Son" */
#define PASSIVE_MIN_WORDS 3 /* words after "is expected to", "seen as" */
#define APPOS_ROLE_MAX 5 /* words before the role noun of an apposition
                            after a trailing frame */
#define REL_GAP_MAX 5  /* tokens between "who" and its cue: "who on
                          Tuesday formally endorsed" */
#define CONT_MAX_GAP 1 /* blocks between a claim and a continuation in
                          Konjunktiv I */

#define CL_VERBISH (CL_VERB | CL_SEP | CL_AUX | CL_FINITE | CL_SUBJ | \
                    CL_SUBJ2 | CL_SUBJ2W | CL_HEISST)
#define CL_NOUNISH (CL_ANOUN | CL_ROLE | CL_MEDIUM | CL_TIME | CL_STMT | \
                    CL_NOSPEAK)
#define CL_FUNC (CL_DET | CL_PREP | CL_ADV | CL_SUBCONJ | CL_COORD |      \
                 CL_NEG | CL_LAUT | CL_NACH | CL_WIE | CL_SO | CL_ZUFOLGE | \
                 CL_ACCORD | CL_CITING | CL_PERSPRON | CL_ANAPH)
#define CL_PRON (CL_PRON_M | CL_PRON_F | CL_PRON_PL)

/* Word endings: compounds ("Polizeisprecher"), adverbs ("offiziell"). */
typedef struct {
    const char *s;
    size_t n;
} sfx_t;
#define SFX(x) { x, sizeof(x) - 1 }

/* ---- token predicates -------------------------------------------------- */

static inline const ne_token_t *T(const cx_t *cx, uint32_t i)
{
    return &cx->v.tok[i];
}

static inline uint64_t C(const cx_t *cx, uint32_t i)
{
    return cx->cls[i];
}

static inline int is_hash(const cx_t *cx, uint32_t i, uint64_t h)
{
    return cx->h[i] == h;
}

static inline int is_ch(const cx_t *cx, uint32_t i, char c)
{
    const ne_token_t *t = T(cx, i);
    return t->end - t->start == 1 && ne_doc_tok_ptr(cx->doc, t)[0] == c &&
           t->kind != NE_TOK_WORD;
}

static inline int is_dash(const cx_t *cx, uint32_t i)
{
    const ne_token_t *t = T(cx, i);
    const char *p = ne_doc_tok_ptr(cx->doc, t);
    size_t n = t->end - t->start;
    if (t->kind != NE_TOK_PUNCT)
        return 0;
    /* "Journalistinnen- und ..." keeps its hyphen: no space before it */
    return (n == 1 && p[0] == '-' && (t->flags & NE_TOKF_SPACE_BEFORE)) ||
           (n == 3 && (!memcmp(p, "\xe2\x80\x93", 3) ||
                       !memcmp(p, "\xe2\x80\x94", 3)));
}

/* . ! ? ... … */
static inline int is_final(const cx_t *cx, uint32_t i)
{
    const ne_token_t *t = T(cx, i);
    const char *p = ne_doc_tok_ptr(cx->doc, t);
    size_t n = t->end - t->start;
    if (t->kind != NE_TOK_PUNCT)
        return 0;
    return (n >= 1 && (p[0] == '.' || p[0] == '!' || p[0] == '?')) ||
           (n == 3 && !memcmp(p, "\xe2\x80\xa6", 3));
}

/* A clause boundary: a quotation (unless it is a name: „The Guardian“),
 * or punctuation that ends a clause. */
static inline int is_bound(const cx_t *cx, uint32_t i)
{
    if (cx->inq[i] >= 0)
        return !cx->qname[cx->inq[i]];
    if (T(cx, i)->kind != NE_TOK_PUNCT)
        return 0;
    if (cx->pers[i] & PERS_PAREN)
        return 0; /* "Bundeskriminalamt ( BKA )" */
    return is_ch(cx, i, ',') || is_ch(cx, i, ';') || is_ch(cx, i, ':') ||
           is_ch(cx, i, '(') || is_ch(cx, i, ')') || is_dash(cx, i) ||
           is_final(cx, i);
}

static inline int is_capword(const cx_t *cx, uint32_t i)
{
    const ne_token_t *t = T(cx, i);
    return t->kind == NE_TOK_WORD &&
           (t->flags & (NE_TOKF_CAP | NE_TOKF_ALLCAP));
}

/* "el-Baradei", "d'Italia", "bildblog.de": a name written lower case. */
static inline int has_inner_cap(const cx_t *cx, uint32_t i)
{
    const ne_token_t *t = T(cx, i);
    const char *p = ne_doc_tok_ptr(cx->doc, t);
    size_t n = t->end - t->start;
    if (t->kind != NE_TOK_WORD || t->norm_len != n)
        return 0;
    if (n > 4 && memchr(p + 1, '.', n - 3) && p[n - 1] != '.')
        return 1; /* a domain name */
    return memcmp(p, cx->v.norm + t->norm_off, t->norm_len) != 0;
}

static inline int is_dass(const cx_t *cx, uint32_t i)
{
    const claims_words_t *w = cx->w;
    return is_hash(cx, i, w->dass) || is_hash(cx, i, w->dass_old) ||
           is_hash(cx, i, w->that) || is_hash(cx, i, w->ob) ||
           is_hash(cx, i, w->whether);
}

static inline uint32_t n_words(const cx_t *cx, uint32_t b, uint32_t e)
{
    uint32_t n = 0;
    for (; b < e; b++)
        n += T(cx, b)->kind == NE_TOK_WORD || T(cx, b)->kind == NE_TOK_NUMBER;
    return n;
}

static inline const claims_quote_t *quote_at(const cx_t *cx, uint32_t i)
{
    return cx->inq[i] >= 0 ? &cx->quotes->v[cx->inq[i]] : NULL;
}

/* Last token of a quote, its closing mark when it has one. */
static inline uint32_t quote_last(const claims_quote_t *q)
{
    return q->closed ? q->close : q->end - 1;
}

static inline uint32_t clause_begin(const cx_t *cx, uint32_t i)
{
    while (i > cx->b && !is_bound(cx, i - 1))
        i--;
    return i;
}

static inline uint32_t clause_end(const cx_t *cx, uint32_t i)
{
    while (i < cx->e && !is_bound(cx, i))
        i++;
    return i;
}

/* End of the block without its final punctuation. */
static inline uint32_t block_body_end(const cx_t *cx)
{
    uint32_t e = cx->e;
    while (e > cx->b && cx->inq[e - 1] < 0 && is_final(cx, e - 1))
        e--;
    return e;
}
/* ---- speakers, entity and pronoun links (claims_speaker.c) -------------- */

int claims_is_head(const cx_t *cx, uint32_t i);
int claims_is_modifier(const cx_t *cx, uint32_t i);
int claims_has_suffix(const cx_t *cx, uint32_t i, const sfx_t *tab, size_t cnt,
                      size_t extra);
int claims_speaker_like(const cx_t *cx, int64_t sb, int64_t se);
uint32_t claims_np_from(const cx_t *cx, uint32_t j, uint32_t lim, int depth);
int claims_np_after(const cx_t *cx, uint32_t j, uint32_t lim, int64_t *sb,
                    int64_t *se);
int claims_subject_after_de(const cx_t *cx, uint32_t j, uint32_t lim,
                            int64_t *sb, int64_t *se);
int claims_subject_prefield(const cx_t *cx, uint32_t cs, uint32_t fin,
                            int64_t *sb, int64_t *se);
int claims_np_chain(const cx_t *cx, uint32_t b, uint32_t cs);
int claims_is_ing(const cx_t *cx, uint32_t t);
uint32_t claims_np_loose_en(const cx_t *cx, uint32_t j, uint32_t lim);
int claims_participle_en(const cx_t *cx, uint32_t t);
uint32_t claims_made_clear(const cx_t *cx, uint32_t i);
int claims_ly_adverb(const cx_t *cx, uint32_t t);
int claims_subject_left_en(const cx_t *cx, uint32_t cs, uint32_t i, int64_t *sb,
                           int64_t *se);
int claims_names_speaker(const cx_t *cx, uint32_t b, uint32_t e);
int claims_subject_interrupted(const cx_t *cx, uint32_t cs, int64_t *sb,
                               int64_t *se);
size_t claims_first_token_after(const ne_doc_t *doc, uint8_t f, uint32_t off);
int claims_token_in(const ne_doc_t *doc, size_t k, ne_span_t sp);
int32_t claims_span_entity(const ne_doc_t *doc, ne_span_t sp);
int32_t claims_resolve_pronoun(const cx_t *cx, uint32_t i, int plural);

/* ---- cues, candidates and emission (claims_emit.c) ----------------------- */

int claims_is_cue(const cx_t *cx, uint32_t i, int64_t *part);
void claims_cand_init(cand_t *c, uint8_t kind);
int claims_range_used(const cx_t *cx, int64_t b, int64_t e);
int claims_trim_message(const cx_t *cx, cand_t *c, ne_span_t *text);
int claims_emit(cx_t *cx, cand_t *c);
int claims_emit_quote(cx_t *cx, cand_t *c, const claims_quote_t *q);

/* ---- message spans and reported-speech evidence (claims_msg.c) ----------- */

int claims_zu_infinitive(const cx_t *cx, uint32_t t, uint32_t me);
int claims_final_zu(const cx_t *cx, uint32_t t);
int claims_evidence_de(const cx_t *cx, uint32_t mb, uint32_t me, int colon);
int claims_has_subj_any(const cx_t *cx, uint32_t mb, uint32_t me);
int claims_has_subj1(const cx_t *cx, uint32_t mb, uint32_t me);
int claims_has_object_de(const cx_t *cx, uint32_t i, uint32_t ce, int64_t sb,
                         int64_t se);
int claims_msg_ok(const cx_t *cx, uint32_t i, uint32_t mb, uint32_t me,
                  int colon, int object);
int claims_negated(const cx_t *cx, uint32_t cs, uint32_t ce, uint32_t i);
int claims_main_clause_np(const cx_t *cx, uint32_t cs, uint32_t i);
int claims_is_question(const cx_t *cx);
uint32_t claims_message_start(const cx_t *cx, uint32_t cs);
int claims_has_content_lower(const cx_t *cx, uint32_t b, uint32_t e);
int claims_subject_only(const cx_t *cx, uint32_t b, uint32_t e);
int claims_prefield_only(const cx_t *cx, uint32_t b, uint32_t e);
uint32_t claims_skip_adverbs(const cx_t *cx, uint32_t t, uint32_t lim);
uint32_t claims_insertion_end_en(const cx_t *cx, uint32_t j, uint32_t end);
uint32_t claims_message_end_de(const cx_t *cx, uint32_t mb, uint32_t me);
uint32_t claims_message_end_en(const cx_t *cx, uint32_t mb, uint32_t me,
                               int subordinate);
int claims_reported_mood(const cx_t *cx, uint32_t end);

/* ---- pass 1: trailing frames (claims_trail.c) ---------------------------- */

int claims_trailing_frame(cx_t *cx, uint32_t cs);

/* ---- attribution phrases: laut, according to (claims_accord.c) ---------- */

uint32_t claims_next_block_quote(const cx_t *cx, uint32_t ce);
int claims_wie_frame(cx_t *cx, uint32_t i);
int claims_anoun_source(cx_t *cx, uint32_t b, uint32_t k, uint32_t e,
                        int64_t *sb, int64_t *se);
int claims_according_de(cx_t *cx, uint32_t i);
int claims_according_en(cx_t *cx, uint32_t i);
int claims_medium_intro_en(cx_t *cx);
int claims_fuer_frame_de(cx_t *cx, uint32_t i);

/* ---- German leading frames (claims_de.c) --------------------------------- */

int claims_anaph_frame_de(cx_t *cx);
int claims_wonach_frame(cx_t *cx, uint32_t i);
int claims_clause_frame_de(cx_t *cx, uint32_t k);
int claims_leading_frame_de(cx_t *cx, uint32_t i);
int claims_als_quote_frame_de(cx_t *cx);

/* ---- English leading frames (claims_en.c) -------------------------------- */

int claims_saying_frame(cx_t *cx, uint32_t i);
int claims_leading_frame_en(cx_t *cx, uint32_t i);
int claims_noun_frames_en(cx_t *cx);
int claims_headline_frame_en(cx_t *cx);
int claims_passive_frames_en(cx_t *cx);
int claims_asked_frame_en(cx_t *cx);
int claims_frame_block_en(cx_t *cx);

/* ---- pass 3: context (claims_context.c) ---------------------------------- */

void claims_continuation(cx_t *cx);
void claims_subject_continuation(cx_t *cx);
int claims_colon_quote(cx_t *cx);
int claims_colon_block_quote(cx_t *cx);
int claims_colon_name_quote_en(cx_t *cx);

/* ---- the learned cue tagger's frame (claims_learn.c) ---------------------- */

int claims_learned_frame(cx_t *cx);
int claims_learned_accept(cx_t *cx, uint32_t i, uint32_t mb, uint32_t me);

#endif
