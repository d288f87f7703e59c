/*
 * newsenrich - claims: private interface between claims*.c.
 *
 * The claims stage reads the text stage's tokens (doc->tokens) through a
 * view (claims_view_t). Every token gets a word of lexicon classes (CL_*),
 * looked up once by the token's hash.
 */
#ifndef NE_CLAIMS_INT_H
#define NE_CLAIMS_INT_H

#include "doc.h"

/* ---- lexicon classes ------------------------------------------------- */

#define CL_VERB      (1ull << 0)  /* speech/cognition verb, any form */
#define CL_SEP       (1ull << 1)  /* separable stem: cue with its particle */
#define CL_COGN      (1ull << 2)  /* cognition verb (glauben, believe) */
#define CL_PLURAL    (1ull << 3)  /* verb form is plural (sagten) */
#define CL_PARTIC    (1ull << 4)  /* participle or infinitive (gesagt) */
#define CL_ANOUN     (1ull << 5)  /* attribution noun after "nach" */
#define CL_LAUT      (1ull << 6)  /* preposition naming a source: laut */
#define CL_ZUFOLGE   (1ull << 7)  /* postposition: zufolge */
#define CL_NACH      (1ull << 8)  /* nach (+ Angaben ...) */
#define CL_WIE       (1ull << 9)  /* wie X mitteilte; as X said */
#define CL_SO        (1ull << 10) /* "..., so X." */
#define CL_DET       (1ull << 11) /* article, possessive, quantifier */
#define CL_PREP      (1ull << 12) /* other prepositions */
#define CL_ADV       (1ull << 13) /* adverbs and particles */
#define CL_SUBCONJ   (1ull << 14) /* dass, ob, that, whether */
#define CL_COORD     (1ull << 15) /* und, aber, and, but */
#define CL_PRON_M    (1ull << 16) /* er, he */
#define CL_PRON_F    (1ull << 17) /* sie, she */
#define CL_PRON_PL   (1ull << 18) /* sie, they, wir */
#define CL_SUBJ      (1ull << 19) /* subjunctive form: sei, habe, werde */
#define CL_ROLE      (1ull << 20) /* role/speaker noun: Sprecher, spokesman */
#define CL_TIME      (1ull << 21) /* temporal word: Dienstag, gestern */
#define CL_AUX       (1ull << 22) /* auxiliary: hat, hatte, has, had */
#define CL_NEG       (1ull << 23) /* nicht, kein, not */
#define CL_ACCORD    (1ull << 24) /* according (to) */
#define CL_CITING    (1ull << 25) /* citing, quoting */
#define CL_FOCUS     (1ull << 26) /* auch, selbst, also: may precede an NP */
#define CL_RELPRON   (1ull << 27) /* der/die/das/who/which opening a clause */
#define CL_PERSPRON  (1ull << 28) /* any personal pronoun (ich, wir, it) */
#define CL_QVERB     (1ull << 29) /* verb that introduces a question: fragte */
#define CL_NOSPEAK   (1ull << 30) /* never a speaker head: Angaben, Bericht */
#define CL_FINITE    (1ull << 31) /* finite verb that is not a cue: ist */
#define CL_HEISST    (1ull << 32) /* heißt/hieß (es): impersonal cue */
#define CL_STMT      (1ull << 33) /* statement, interview, Erklärung */
#define CL_MEDIUM    (1ull << 34) /* report/source document: Bericht */
#define CL_ADDR      (1ull << 35) /* verb with an addressee: told, informed */
#define CL_SUBJ2     (1ull << 36) /* Konjunktiv II: wäre, würde, könnte */
#define CL_MALE      (1ull << 37) /* first name, mostly male */
#define CL_FEMALE    (1ull << 38) /* first name, mostly female */
#define CL_ANAPH     (1ull << 39) /* demnach, danach: source in context */
#define CL_NEGOK     (1ull << 40) /* cue that is a claim negated: ausschließen */
#define CL_SAY       (1ull << 41) /* plain speech verb: sagen, erklären */
#define CL_REPORT    (1ull << 42) /* speech act with an object: warnte vor */
#define CL_SUBJ2W    (1ull << 43) /* weak Konjunktiv II: könnte, sollte */
#define CL_PASSIVE   (1ull << 44) /* passive auxiliary: wurde, worden */
#define CL_WEAK      (1ull << 45) /* weak cue: a cue only before a clause
                                     that shows reported speech */
#define CL_CNOUN     (1ull << 46) /* noun naming a claim: Ansicht, Vorwurf */
#define CL_PRED      (1ull << 47) /* cue with object and predicate: nannte */
#define CL_NOCUE     (1ull << 49) /* never a weak cue: verboten */
#define CL_OBJ       (1ull << 48) /* speech act whose bare object is its
                                     content: forderte den Rücktritt */
#define CL_CTHAT     (1ull << 50) /* noun whose "that" clause is a claim:
                                     allegations that, fears that */

/* ---- lexicon ---------------------------------------------------------- */

#define CLAIMS_LEX_MAX_PARTICLES 4

typedef struct claims_lexent_s {
    uint64_t key;        /* token hash; 0 = empty slot */
    uint64_t cls;        /* CL_* */
    uint64_t particle[CLAIMS_LEX_MAX_PARTICLES]; /* hashes, CL_SEP stems */
    uint8_t nparticle;
} claims_lexent_t;

typedef struct claims_lex_s {
    claims_lexent_t *slot;
    size_t mask;         /* slot count - 1, a power of two minus one */
    size_t cnt;
} claims_lex_t;

/* Read one lexicon file into lex (which must be zeroed). Forms are
 * normalised and hashed as the text stage does for tokens (text.h), so
 * an entry's key equals the hash of every token it matches. Returns 0,
 * or -1 with one sentence naming the file and line in errstr. */
int claims_lex_load(claims_lex_t *lex, const char *path, char *errstr,
                    size_t errstr_size);
void claims_lex_free(claims_lex_t *lex);
/* Entry of a hash, NULL when the form is not in the lexicon. */
const claims_lexent_t *claims_lex_get(const claims_lex_t *lex, uint64_t key);

/* ---- tokens --------------------------------------------------------------- */

typedef struct claims_view_s {
    const ne_token_t *tok;
    size_t ntok;
    const char *norm;           /* base of the tokens' norm_off */
    const ne_sentence_t *sent;
    size_t nsent;
} claims_view_t;

/* ---- quotes ----------------------------------------------------------- */

typedef struct claims_quote_s {
    uint32_t open, close; /* token index of the marks; close == open when
                             the quote was left open and capped */
    uint32_t begin, end;  /* tokens inside, end exclusive */
    uint16_t depth;       /* 0 outermost */
    uint8_t closed;       /* a closing mark was found */
} claims_quote_t;

typedef NE_VEC(claims_quote_t) claims_quotes_t;

/* Pair the quotation marks of v into quotes (cleared first), ordered by
 * opening token. inq[i] (ntok entries, caller-sized) receives the index
 * of the outermost quote whose inside holds token i, or -1; the marks
 * themselves belong to their quote. */
void claims_quotes_find(const claims_view_t *v, const ne_doc_t *doc,
                        claims_quotes_t *quotes, int32_t *inq);

#endif
