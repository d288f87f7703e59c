/*
 * newsenrich - claims: quotes, reported speech and "according to"
 * attributions, with their speakers.
 *
 * Rules over tokens, no parser. The text is cut into blocks: sentences,
 * joined while a quotation runs on. Inside a block, clauses are the runs
 * of tokens between commas, colons, dashes and quotations. Three passes
 * per block:
 *
 *   1. trailing frames: "MSG, sagte X." / "„Q“, so X." / "“Q,” X said."
 *      (a clause that starts with a cue, or a short English clause that
 *      is just subject + cue), and ", heißt es";
 *   2. leading frames and attribution phrases: "X sagte, (dass) MSG",
 *      "X said (that) MSG", "Wie X mitteilte, MSG", "laut X", "X zufolge",
 *      "nach Angaben von X", "according to X", "citing X";
 *   3. context: a quotation standing alone right after a claim continues
 *      that speaker; so does a German sentence in Konjunktiv I (the
 *      grammatical mark of reported speech) right after a claim.
 *
 * Pass 1 runs first so that the outer frame wins where speech is nested
 * ("Er erinnere daran, dass ..., sagte ein Sprecher"). Tokens that end up
 * in a claim are marked used; a later candidate touching them is dropped,
 * so claims never overlap.
 *
 * Speakers are noun phrases as written: determiner, adjectives and
 * capitalised words ("die staatliche Nachrichtenagentur KCNA"), a genitive
 * or of-phrase after a role noun ("ein Sprecher des Ministeriums"), and an
 * apposition set off by commas when it starts with a role noun ("Yang
 * Moo-jin, Rektor der Universität ..."); never a relative clause or the
 * addressee. The speaker links to the entity of the mention it contains;
 * a pronoun speaker links to the latest fitting earlier speaker or
 * mention (gender from the first-name list).
 */
#include "stages.h"
#include "claims_int.h"
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
} claims_words_t;

struct ne_claims_s {
    claims_lex_t lex[LX__CNT];
    claims_lex_t names;
    claims_words_t w;
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

/* Per-token marks computed once per document (scratch pers[]). */
#define PERS_ENTITY 1 /* inside a PER or ORG mention */
#define PERS_PAREN  2 /* bracket of a short parenthesis without a verb:
                         "( BKA )", "( SPD )", not a clause boundary */

/* What a token is in a claim found so far (scratch used[]). */
enum { USED_NO = 0, USED_MESSAGE, USED_CUE, USED_SPEAKER };

#define FRAME_MAX 12   /* tokens from a clause start to its cue */
#define APPOS_MAX 16   /* tokens in an apposition */
#define SUBJ_MAX_EN 10 /* tokens in an English subject left of its cue */
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

static int is_ch(const cx_t *cx, uint32_t i, char c)
{
    const ne_token_t *t = T(cx, i);
    return t->end - t->start == 1 && ne_doc_tok_ptr(cx->doc, t)[0] == c &&
           t->kind != NE_TOK_WORD;
}

static int is_dash(const cx_t *cx, uint32_t i)
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
static int is_final(const cx_t *cx, uint32_t i)
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
static int is_bound(const cx_t *cx, uint32_t i)
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

static int is_capword(const cx_t *cx, uint32_t i)
{
    const ne_token_t *t = T(cx, i);
    return t->kind == NE_TOK_WORD &&
           (t->flags & (NE_TOKF_CAP | NE_TOKF_ALLCAP));
}

/* "el-Baradei", "d'Italia", "bildblog.de": a name written lower case. */
static int has_inner_cap(const cx_t *cx, uint32_t i)
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

static int is_dass(const cx_t *cx, uint32_t i)
{
    const claims_words_t *w = cx->w;
    return is_hash(cx, i, w->dass) || is_hash(cx, i, w->dass_old) ||
           is_hash(cx, i, w->that) || is_hash(cx, i, w->ob) ||
           is_hash(cx, i, w->whether);
}

static uint32_t n_words(const cx_t *cx, uint32_t b, uint32_t e)
{
    uint32_t n = 0;
    for (; b < e; b++)
        n += T(cx, b)->kind == NE_TOK_WORD || T(cx, b)->kind == NE_TOK_NUMBER;
    return n;
}

static const claims_quote_t *quote_at(const cx_t *cx, uint32_t i)
{
    return cx->inq[i] >= 0 ? &cx->quotes->v[cx->inq[i]] : NULL;
}

/* Last token of a quote, its closing mark when it has one. */
static uint32_t quote_last(const claims_quote_t *q)
{
    return q->closed ? q->close : q->end - 1;
}

static uint32_t clause_begin(const cx_t *cx, uint32_t i)
{
    while (i > cx->b && !is_bound(cx, i - 1))
        i--;
    return i;
}

static uint32_t clause_end(const cx_t *cx, uint32_t i)
{
    while (i < cx->e && !is_bound(cx, i))
        i++;
    return i;
}

/* End of the block without its final punctuation. */
static uint32_t block_body_end(const cx_t *cx)
{
    uint32_t e = cx->e;
    while (e > cx->b && cx->inq[e - 1] < 0 && is_final(cx, e - 1))
        e--;
    return e;
}

/* ---- noun phrases ---------------------------------------------------- */

static int is_head(const cx_t *cx, uint32_t i)
{
    uint64_t c = C(cx, i);
    if (T(cx, i)->kind != NE_TOK_WORD || cx->inq[i] >= 0)
        return 0;
    if ((c & (CL_FUNC | CL_VERBISH | CL_TIME | CL_RELPRON)) &&
        !(c & (CL_ROLE | CL_ANOUN | CL_MEDIUM)))
        return 0;
    if (is_capword(cx, i) || has_inner_cap(cx, i))
        return 1;
    return cx->en && (c & (CL_ROLE | CL_MEDIUM));
}

/* Adjectives, numbers, participles in front of a head: any lower-case
 * word that is not a function word or a verb. */
static int is_modifier(const cx_t *cx, uint32_t i)
{
    const ne_token_t *t = T(cx, i);
    if (cx->inq[i] >= 0)
        return 0;
    if (t->kind == NE_TOK_NUMBER)
        return 1;
    if (t->kind != NE_TOK_WORD || is_capword(cx, i) || has_inner_cap(cx, i))
        return 0;
    if (cx->en && (C(cx, i) & (CL_ROLE | CL_MEDIUM | CL_STMT)))
        return 0; /* a lower-case English head: "a statement" */
    return !(C(cx, i) & (CL_FUNC | CL_VERBISH | CL_RELPRON | CL_TIME |
                         CL_COGN));
}

/* "81-jährige", "53-jähriger": an age written as an adjective, the head
 * of "der 81-jährige" when no noun follows. */
static int is_age_word(const cx_t *cx, uint32_t i)
{
    const ne_token_t *t = T(cx, i);
    const char *n = cx->v.norm + t->norm_off;
    static const char AGE[] = "-jährig";
    size_t l = sizeof(AGE) - 1, k;
    if (t->kind != NE_TOK_WORD || t->norm_len < l + 1)
        return 0;
    for (k = 1; k + l <= t->norm_len; k++)
        if (!memcmp(n + k, AGE, l))
            return 1;
    return 0;
}

/* A noun that names who speaks: a role noun of the lexicon, or a
 * compound ending in one of the common ones ("Umweltschutzorganisation",
 * "Polizeisprecherin"). */
/* Word endings: compounds ("Polizeisprecher"), adverbs ("offiziell"). */
typedef struct {
    const char *s;
    size_t n;
} sfx_t;
#define SFX(x) { x, sizeof(x) - 1 }

/* Does token i end in one of tab[0..cnt) with at least extra bytes before
 * it? */
static int has_suffix(const cx_t *cx, uint32_t i, const sfx_t *tab,
                      size_t cnt, size_t extra)
{
    const ne_token_t *t = T(cx, i);
    const char *n = cx->v.norm + t->norm_off;
    size_t k;
    for (k = 0; k < cnt; k++)
        if (t->norm_len >= tab[k].n + extra &&
            !memcmp(n + t->norm_len - tab[k].n, tab[k].s, tab[k].n))
            return 1;
    return 0;
}

static int role_like(const cx_t *cx, uint32_t i)
{
    static const sfx_t SUF[] = {
        SFX("sprecher"), SFX("sprecherin"), SFX("minister"),
        SFX("ministerin"), SFX("präsident"), SFX("präsidentin"),
        SFX("organisation"), SFX("verband"), SFX("partei"), SFX("gericht"),
        SFX("behörde"), SFX("behörden"), SFX("ministerium"), SFX("regierung"),
        SFX("polizei"), SFX("chef"), SFX("chefin"), SFX("leiter"),
        SFX("leiterin"), SFX("experte"), SFX("expertin"), SFX("experten"),
        SFX("vorsitzende"), SFX("vorsitzender"), SFX("kommission"),
        SFX("agentur"), SFX("institut"), SFX("gewerkschaft"), SFX("sender"),
        SFX("zeitung"), SFX("magazin"), SFX("vertreter"), SFX("vertreterin"),
        SFX("direktor"), SFX("direktorin"), SFX("anwalt"), SFX("anwältin"),
        SFX("forscher"), SFX("politiker"), SFX("politikerin"),
        SFX("aktivist"), SFX("aktivistin"), SFX("beamter"), SFX("beamte"),
        SFX("kritiker"), SFX("ermittler"), SFX("abgeordnete"),
        SFX("abgeordneter"), SFX("staatsanwaltschaft"), SFX("kanzler"),
        SFX("kanzlerin"), SFX("sekretär"), SFX("sekretärin"),
        SFX("botschafter"), SFX("bürgermeister"), SFX("bürgermeisterin"),
        SFX("spokesman"), SFX("spokeswoman"), SFX("official"),
        SFX("officials"), SFX("spokesperson")};
    if (C(cx, i) & CL_ROLE)
        return 1;
    if (T(cx, i)->kind != NE_TOK_WORD)
        return 0;
    return has_suffix(cx, i, SUF, NE_ARRAY_SIZE(SUF), 0);
}

/* Does the noun phrase at [sb, se) read as a speaker: a pronoun, or a
 * head that is a person or organisation or a role noun? Looks at the
 * first head only ("Die Äußerungen Hassemers" is no speaker). */
static int speaker_like(const cx_t *cx, int64_t sb, int64_t se)
{
    uint32_t k = (uint32_t)sb;
    if (sb < 0)
        return 0;
    if (C(cx, k) & (CL_PRON | CL_PERSPRON))
        return 1;
    while (k < se && ((C(cx, k) & CL_DET) || T(cx, k)->kind == NE_TOK_NUMBER ||
                      (!is_capword(cx, k) && !has_inner_cap(cx, k))))
        k++;
    return k < se && ((cx->pers[k] & PERS_ENTITY) || role_like(cx, k));
}

/* Lower-case particles inside names: "von der Leyen", "bin Salman". */
static int is_name_particle(const cx_t *cx, uint32_t i)
{
    static const sfx_t P[] = {SFX("von"), SFX("van"), SFX("de"), SFX("der"),
                              SFX("den"), SFX("da"), SFX("di"), SFX("du"),
                              SFX("del"), SFX("bin"), SFX("al"), SFX("la"),
                              SFX("le"), SFX("el"), SFX("ten"), SFX("zu"),
                              SFX("dos"), SFX("das")};
    const ne_token_t *t = T(cx, i);
    const char *n = (cx->v.norm + t->norm_off);
    size_t k;
    if (t->kind != NE_TOK_WORD || (t->flags & NE_TOKF_CAP))
        return 0;
    for (k = 0; k < NE_ARRAY_SIZE(P); k++)
        if (P[k].n == t->norm_len && !memcmp(P[k].s, n, t->norm_len))
            return 1;
    return 0;
}

/* An apposition after a noun phrase, starting at the comma j: ", Rektor
 * der Universität ..." after a name (it must start with a role noun),
 * ", Lars Beringer" after a role noun (capitalised words only). It runs
 * to the next boundary. Returns its end, or j when there is none. */
static uint32_t appos_after(const cx_t *cx, uint32_t j, uint32_t lim,
                            int role_head)
{
    uint32_t a = j + 1, k, stop;

    if (a >= lim || !is_ch(cx, j, ','))
        return j;
    for (stop = a; stop < lim && stop - a <= APPOS_MAX; stop++)
        if (is_bound(cx, stop) && !is_ch(cx, stop, '(') &&
            !is_ch(cx, stop, ')'))
            break;
    if (stop - a > APPOS_MAX || stop == a)
        return j;
    for (k = a; k < stop; k++)
        if (C(cx, k) & (CL_VERBISH | CL_SUBCONJ | CL_PERSPRON | CL_COGN))
            return j;
    if (role_head) {
        for (k = a; k < stop; k++)
            if (!is_head(cx, k) && !is_name_particle(cx, k))
                return j;
        return stop - a <= 5 ? stop : j;
    }
    k = a;
    while (k < stop && (C(cx, k) & CL_DET))
        k++;
    while (k < stop && is_modifier(cx, k))
        k++;
    if (k < stop && role_like(cx, k) && is_head(cx, k))
        return stop;
    return j;
}

/* The token after a quotation used as a name („Chosun Ilbo“) that opens
 * at j and closes before lim, or 0. */
static uint32_t quoted_name_end(const cx_t *cx, uint32_t j, uint32_t lim)
{
    const claims_quote_t *q = quote_at(cx, j);
    if (!q || q->open != j || !cx->qname[cx->inq[j]] || q->close >= lim)
        return 0;
    return q->close + 1;
}

/*
 * The noun phrase that starts at token j, not reaching lim: a pronoun, or
 * articles, modifiers and one or more heads, then (depth permitting) a
 * genitive or of-phrase, a coordinated phrase and an apposition. Returns
 * its end, or j when no noun phrase starts there.
 */
static uint32_t np_from(const cx_t *cx, uint32_t j, uint32_t lim, int depth)
{
    const claims_words_t *w = cx->w;
    uint32_t s = j, heads = 0, last = j, k;
    int role;
    uint64_t h;

    if (j >= lim || (cx->inq[j] >= 0 && !quoted_name_end(cx, j, lim)))
        return s;
    if (C(cx, j) & CL_PRON)
        return j + 1;
    while (j < lim && (C(cx, j) & CL_DET) && T(cx, j)->kind == NE_TOK_WORD)
        j++;
    if (j > s && !cx->en && depth < 2 && j < lim &&
        (C(cx, j) & CL_PREP) && !(C(cx, j) & CL_DET)) {
        /* "der für die Omo-Region zuständige Koordinator", "einer am
         * Dienstag veröffentlichten Mitteilung" */
        uint32_t m = 0, head = 0;
        /* the attribute's own adjectives too: "die zur kalifornischen
         * Stanford University gehörende Hoover Institution"; it ends in
         * the last adjective (the participle) after a head */
        for (k = j + 1; k < lim && k < j + 9 &&
                        ((C(cx, k) & (CL_DET | CL_TIME)) || is_head(cx, k) ||
                         T(cx, k)->kind == NE_TOK_NUMBER ||
                         (T(cx, k)->flags & NE_TOKF_ORDINAL) ||
                         (is_modifier(cx, k) && T(cx, k)->kind == NE_TOK_WORD));
             k++) {
            if (is_head(cx, k) || (C(cx, k) & CL_TIME) ||
                T(cx, k)->kind == NE_TOK_NUMBER)
                head = k;
            else if (head && is_modifier(cx, k) &&
                     T(cx, k)->kind == NE_TOK_WORD && k + 1 < lim &&
                     (is_head(cx, k + 1) || quoted_name_end(cx, k + 1, lim)))
                m = k;
        }
        if (m)
            j = m;
    }
    while (j < lim && is_modifier(cx, j))
        j++;
    while (j < lim) {
        if (is_head(cx, j)) {
            last = j++;
            heads++;
            continue;
        }
        if ((k = quoted_name_end(cx, j, lim))) {
            last = j;
            j = k;
            heads++;
            continue;
        }
        if (heads && j + 2 < lim && is_ch(cx, j, '(') &&
            is_head(cx, j + 1) && is_ch(cx, j + 2, ')')) {
            j += 3; /* "Bundeskriminalamt ( BKA )" */
            continue;
        }
        if (heads && is_name_particle(cx, j) &&
            !(C(cx, j) & CL_DET)) { /* "von der Leyen", not "X den Y" */
            for (k = j; k < lim && is_name_particle(cx, k); k++)
                ;
            if (k < lim && is_capword(cx, k) && is_head(cx, k) &&
                !(C(cx, k) & CL_ROLE)) {
                j = k;
                continue;
            }
        }
        break;
    }
    if (!heads && j > s && is_age_word(cx, j - 1)) {
        last = j - 1; /* "der 81-jährige" */
        heads = 1;
    }
    if (!heads)
        return s;
    role = (C(cx, last) & (CL_ROLE | CL_MEDIUM | CL_ANOUN | CL_STMT)) ||
           role_like(cx, last);
    if (depth < 2 && j + 1 < lim) {
        int attach;
        h = cx->h[j];
        if (!cx->en)
            attach = h == w->des || h == w->eines ||
                     (role && (h == w->der || h == w->einer ||
                               h == w->von || h == w->vom || h == w->in ||
                               h == w->im || h == w->aus || h == w->bei));
        else
            attach = role && (h == w->of || h == w->for_ || h == w->at ||
                              h == w->from || h == w->with);
        if (attach && (k = np_from(cx, j + 1, lim, depth + 1)) > j + 1)
            j = k;
    }
    if (depth == 0 && j + 1 < lim &&
        (is_hash(cx, j, w->und) || is_hash(cx, j, w->sowie) ||
         is_hash(cx, j, w->and_)) &&
        (is_head(cx, j + 1) || (C(cx, j + 1) & CL_DET)) &&
        (k = np_from(cx, j + 1, lim, 1)) > j + 1)
        j = k;
    if (depth == 0)
        j = appos_after(cx, j, lim, role);
    return j;
}

/* The speaker right of j (after a cue): adverbs, times and prepositional
 * phrases are skipped ("sagte am Dienstag der Minister"). */
static int np_after(const cx_t *cx, uint32_t j, uint32_t lim, int64_t *sb,
                    int64_t *se)
{
    uint32_t n, k;
    for (n = 0; j < lim && n < 8; n++) {
        uint64_t c = C(cx, j);
        if (is_dash(cx, j)) {
            /* "gab heute – nach eingehenden Untersuchungen – X bekannt" */
            for (k = j + 1; k < lim && !is_dash(cx, k) && !is_final(cx, k);
                 k++)
                ;
            if (k >= lim || !is_dash(cx, k))
                return 0;
            j = k + 1;
            continue;
        }
        if (is_bound(cx, j) && !is_ch(cx, j, ','))
            return 0;
        if (is_ch(cx, j, ','))
            return 0;
        if (c & CL_PRON) {
            *sb = j;
            *se = j + 1;
            return 1;
        }
        if ((c & CL_PREP) && !(c & CL_DET)) {
            k = np_from(cx, j + 1, lim, 1);
            j = k > j + 1 ? k : j + 1;
            continue;
        }
        if (((c & (CL_ADV | CL_FOCUS | CL_NEG | CL_TIME)) && !is_head(cx, j)) ||
            T(cx, j)->kind == NE_TOK_NUMBER) {
            j++;
            continue;
        }
        if (c & (CL_SUBCONJ | CL_COORD | CL_VERBISH | CL_PERSPRON))
            return 0;
        k = np_from(cx, j, lim, 0);
        if (k == j)
            return 0;
        *sb = j;
        *se = k;
        return 1;
    }
    return 0;
}

/* A German determiner that cannot open a subject: dative or accusative
 * "dem", "den", "einem", "einen", "diesem", "seinen" (all in -em/-en). */
static int oblique_det_de(const cx_t *cx, uint32_t j)
{
    const ne_token_t *t = T(cx, j);
    const char *n = cx->v.norm + t->norm_off;
    return (C(cx, j) & CL_DET) && t->norm_len >= 3 &&
           (!memcmp(n + t->norm_len - 2, "em", 2) ||
            !memcmp(n + t->norm_len - 2, "en", 2));
}

/* The German subject after the finite verb: the first noun phrase that
 * can be nominative ("teilte dem Sender CNN mit": not "dem Sender"). */
static int subject_after_de(const cx_t *cx, uint32_t j, uint32_t lim,
                            int64_t *sb, int64_t *se)
{
    int64_t b, e;
    int n;
    for (n = 0; n < 3 && j < lim && np_after(cx, j, lim, &b, &e); n++) {
        if (!oblique_det_de(cx, (uint32_t)b)) {
            *sb = b;
            *se = e;
            return 1;
        }
        j = (uint32_t)e;
    }
    return 0;
}

/* A capitalised sentence-initial word that is an adverb or adjective by
 * its ending: "Offiziell", "Sinngemäß", "Möglicherweise". */
static int adverb_like(const cx_t *cx, uint32_t j)
{
    static const sfx_t SUF[] = {
        SFX("lich"), SFX("weise"), SFX("mäß"), SFX("mäßig"), SFX("ell"),
        SFX("end"), SFX("isch"), SFX("bar"), SFX("falls"), SFX("maßen")};
    if (!(T(cx, j)->flags & NE_TOKF_SENT_START))
        return 0;
    return has_suffix(cx, j, SUF, NE_ARRAY_SIZE(SUF), 3);
}

/* German prefield subject: "Kreml-Sprecher Peskow" in "Kreml-Sprecher
 * Peskow erklärte", also after a focus particle ("Auch das Ministerium
 * teilte mit"). The prefield holds one constituent, so a prefield that
 * starts like a noun phrase and has no verb is the subject whole ("Theo
 * Kitz vom Bankhaus Merck Finck sagte"). fin is the finite verb. */
static int subject_prefield(const cx_t *cx, uint32_t cs, uint32_t fin,
                            int64_t *sb, int64_t *se)
{
    uint32_t j = cs, e, k;
    while (j < fin && (C(cx, j) & (CL_FOCUS | CL_COORD)) &&
           !(C(cx, j) & (CL_DET | CL_PRON)))
        j++;
    if (j >= fin)
        return 0;
    if (C(cx, j) & CL_PRON) {
        if (j + 1 != fin)
            return 0;
        *sb = j;
        *se = j + 1;
        return 1;
    }
    if ((C(cx, j) & (CL_PREP | CL_ADV | CL_SUBCONJ | CL_TIME | CL_LAUT |
                     CL_NACH | CL_WIE | CL_ANAPH | CL_PERSPRON)) &&
        !(C(cx, j) & CL_DET))
        return 0;
    if (j + 1 == fin && adverb_like(cx, j))
        return 0;
    /* "Der Politik schlug er vor": a pronoun right after the verb is the
     * subject, the prefield something else */
    if (fin + 1 < cx->e && (C(cx, fin + 1) & CL_PRON) &&
        !((C(cx, fin + 1) & CL_PRON_F) && speaker_like(cx, j, fin)))
        return 0; /* but "Der Geschäftsführer nannte sie „fahrlässig“" */
    if (np_from(cx, j, fin, 0) == j)
        return 0;
    for (k = j; k < fin; k++)
        if ((C(cx, k) & (CL_VERBISH | CL_SUBCONJ | CL_COGN)) &&
            cx->inq[k] < 0)
            return 0;
    e = fin;
    while (e > j && (C(cx, e - 1) & (CL_ADV | CL_FOCUS)) &&
           !is_head(cx, e - 1))
        e--;
    *sb = j;
    *se = e;
    return 1;
}

/* Noun phrases only, no verb, from the block start to cs: the part of a
 * subject before an apposition ("Stephen Singer, ein Klimaexperte vom WWF
 * erklärte"). */
static int np_chain(const cx_t *cx, uint32_t b, uint32_t cs)
{
    uint32_t k;
    if (cs <= b || np_from(cx, b, cs, 1) == b)
        return 0;
    for (k = b; k < cs; k++)
        if (cx->inq[k] < 0 &&
            ((C(cx, k) & (CL_VERBISH | CL_SUBCONJ | CL_COGN)) ||
             is_final(cx, k) || is_ch(cx, k, ':') ||
             (k > b && is_ch(cx, k - 1, ',') && (C(cx, k) & CL_RELPRON))))
            return 0;
    return 1;
}

/* "-ing" participles: ", saying ...", ", referring to ...". */
static int is_ing(const cx_t *cx, uint32_t t)
{
    const ne_token_t *tk = T(cx, t);
    const char *n = cx->v.norm + tk->norm_off;
    return tk->kind == NE_TOK_WORD && !(tk->flags & NE_TOKF_CAP) &&
           tk->norm_len > 5 && !memcmp(n + tk->norm_len - 3, "ing", 3) &&
           !(C(cx, t) & (CL_DET | CL_PREP | CL_NOUNISH));
}

/* English noun phrases in lower case ("a person familiar with his views",
 * "donors") cannot be told from their context without tags: take the
 * words from j up to the next boundary, verb or clause word, at most 12,
 * when one of them is a content word. Returns the end, or j. */
static uint32_t np_loose_en(const cx_t *cx, uint32_t j, uint32_t lim)
{
    uint32_t k, content = 0;
    for (k = j; k < lim && k - j < 12; k++) {
        uint64_t c = C(cx, k);
        if (is_bound(cx, k) || (c & (CL_VERBISH | CL_SUBCONJ | CL_RELPRON |
                                     CL_VERB | CL_COORD)))
            break;
        if (T(cx, k)->kind == NE_TOK_WORD && !(c & CL_FUNC))
            content++;
    }
    if (k - j >= 12 || !content)
        return j;
    while (k > j && (C(cx, k - 1) & (CL_PREP | CL_DET | CL_ADV | CL_TIME)))
        k--;
    return k;
}

/* An English participle or adverb that opens a phrase: "Having",
 * "Holding", "Courted", "basically", "successfully". */
static int participle_en(const cx_t *cx, uint32_t t)
{
    const ne_token_t *tk = T(cx, t);
    const char *n = cx->v.norm + tk->norm_off;
    size_t l = tk->norm_len;
    if (tk->kind != NE_TOK_WORD || (C(cx, t) & (CL_DET | CL_PRON | CL_ROLE)) ||
        cx->pers[t] || (is_capword(cx, t) && !(tk->flags & NE_TOKF_SENT_START)))
        return 0;
    return (l > 4 && !memcmp(n + l - 3, "ing", 3)) ||
           (l > 4 && !memcmp(n + l - 2, "ed", 2)) ||
           (l > 4 && !memcmp(n + l - 2, "ly", 2));
}

/* "made it clear", "makes clear", "went after": index of the last word
 * when the verb at i opens such a cue, else 0. */
static uint32_t made_clear(const cx_t *cx, uint32_t i)
{
    const claims_words_t *w = cx->w;
    uint64_t h = cx->h[i];
    if ((h == w->went || h == w->go || h == w->goes || h == w->going) &&
        i + 1 < cx->v.ntok && cx->h[i + 1] == w->after)
        return i + 1; /* "went after Clinton" */
    if (h != w->made && h != w->make && h != w->makes && h != w->making)
        return 0;
    if (i + 1 < cx->v.ntok && cx->h[i + 1] == w->clear)
        return i + 1;
    if (i + 2 < cx->v.ntok && cx->h[i + 1] == w->it && cx->h[i + 2] == w->clear)
        return i + 2;
    return 0;
}

/* A lower-case English adverb in -ly that no lexicon lists:
 * "pleasantly", "matter-of-factly"; not "family", "rally", "ally". */
static int ly_adverb(const cx_t *cx, uint32_t t)
{
    static const sfx_t NOUN[] = {SFX("family"), SFX("rally"), SFX("ally"),
                                 SFX("supply"), SFX("assembly"),
                                 SFX("reply"), SFX("anomaly"),
                                 SFX("monopoly"), SFX("bully")};
    static const sfx_t LY[] = {SFX("ly")};
    const ne_token_t *tk = T(cx, t);
    if (tk->kind != NE_TOK_WORD || is_capword(cx, t) || tk->norm_len < 5 ||
        !has_suffix(cx, t, LY, 1, 0) || (C(cx, t) & ~(uint64_t)CL_ADV))
        return 0;
    return !has_suffix(cx, t, NOUN, NE_ARRAY_SIZE(NOUN), 0);
}

/* Is the participle at k an adjective of the name right after it:
 * "Retired neurosurgeon Ben Carson said", "Embattled Gov. Christie
 * said"? It opens the sentence, ends in -ed, and a person, organisation
 * or role follows within two words, up to the cue at e. */
static int adjective_before_name(const cx_t *cx, uint32_t k, uint32_t e)
{
    const ne_token_t *tk = T(cx, k);
    uint32_t b;
    if (!(tk->flags & NE_TOKF_SENT_START) || tk->norm_len < 4 ||
        memcmp(cx->v.norm + tk->norm_off + tk->norm_len - 2, "ed", 2))
        return 0;
    for (b = k + 1; b < e && b <= k + 3; b++)
        if ((cx->pers[b] & PERS_ENTITY) || (C(cx, b) & CL_ROLE))
            return 1;
    return 0;
}

/* English subject left of the cue at i, within [cs, i): "the source" in
 * "the source added", "Trump" in "Trump has also said". */
static int subject_left_en(const cx_t *cx, uint32_t cs, uint32_t i,
                           int64_t *sb, int64_t *se)
{
    uint32_t end = i, k, t;
    int ok = 0;

    while (end > cs && (C(cx, end - 1) & (CL_ADV | CL_AUX | CL_NEG |
                                          CL_FOCUS | CL_FINITE)) &&
           !is_head(cx, end - 1) && !(C(cx, end - 1) & CL_PRON))
        end--;
    if (end == cs)
        return 0;
    for (k = end; k > cs && end - k < SUBJ_MAX_EN; k--)
        if (C(cx, k - 1) & (CL_VERBISH | CL_SUBCONJ | CL_RELPRON | CL_WIE))
            break;
    if (k > cs && end - k >= SUBJ_MAX_EN)
        return 0;
    while (k < end && (C(cx, k) & (CL_COORD | CL_ADV | CL_TIME | CL_FOCUS)) &&
           !(C(cx, k) & (CL_DET | CL_PRON)))
        k++;
    if (k < end && (C(cx, k) & CL_PREP) && !(C(cx, k) & CL_DET)) {
        uint32_t m = np_from(cx, k + 1, end, 1);
        if (m > k + 1 && m < end)
            k = m;
        while (k < end && (C(cx, k) & (CL_TIME | CL_ADV)))
            k++;
    }
    for (t = k; t < end && !ok; t++)
        if (is_head(cx, t) || (C(cx, t) & (CL_PRON | CL_ROLE)) ||
            cx->h[t] == cx->w->i_)
            ok = 1; /* "I think ...": interviews speak in the first person */
    if (!ok && k < end && np_loose_en(cx, k, end) == end)
        ok = 1; /* "the magazine said", "donors said" */
    /* "X did this and said": no subject of its own; "wants to say",
     * "Having announced", "twice complained": no noun phrase */
    if ((C(cx, end - 1) & CL_COORD) || is_hash(cx, end - 1, cx->w->to) ||
        (k < end && participle_en(cx, k) && !adjective_before_name(cx, k, end)) ||
        (end == k + 1 && !is_head(cx, k) && !(C(cx, k) & (CL_PRON | CL_ROLE)) &&
         cx->h[k] != cx->w->i_))
        ok = 0;
    if (!ok || k >= end)
        return 0;
    /* "He continues to insist", "Trump wants to say": the verbs before
     * the cue are not part of the subject */
    t = (C(cx, k) & CL_PRON) ? k + 1 : np_from(cx, k, end, 0);
    if (t > k && t < end && end - t <= 3 && is_hash(cx, end - 1, cx->w->to)) {
        uint32_t m;
        for (m = t; m < end - 1; m++)
            if (T(cx, m)->kind != NE_TOK_WORD || is_capword(cx, m) ||
                (C(cx, m) & (CL_DET | CL_PREP)))
                break;
        if (m == end - 1)
            end = t;
    }
    *sb = k;
    *se = end;
    return 1;
}

/* Is [b, e) capitalised words only, a name ("Giovanni Vian")? */
static int capitalised_only(const cx_t *cx, uint32_t b, uint32_t e)
{
    if (b >= e)
        return 0;
    for (; b < e; b++)
        if (!is_capword(cx, b) || (C(cx, b) & (CL_FUNC | CL_TIME)))
            return 0;
    return 1;
}

/* Does [b, e) name a person, an organisation or a role anywhere
 * ("Texas delegate Bill Eastland")? */
static int names_speaker(const cx_t *cx, uint32_t b, uint32_t e)
{
    for (; b < e; b++)
        if ((cx->pers[b] & PERS_ENTITY) || role_like(cx, b))
            return 1;
    return 0;
}

/* The subject before an interruption: "Der Staatschef, der ... teilnimmt,
 * gab bekannt", "Smith, a spokesman for X, said". cs starts the clause
 * with the cue; the clause before it must be a relative clause or an
 * apposition, and the one before that a bare noun phrase. */
static int subject_interrupted(const cx_t *cx, uint32_t cs, int64_t *sb,
                               int64_t *se)
{
    uint32_t ps, pe = cs - 1, k, n;
    int rel = 0, first_rel = -1;

    if (cs < cx->b + 4 || !is_ch(cx, cs - 1, ','))
        return 0;
    /* Walk back over up to three interruptions: relative clauses, "-ing"
     * phrases and appositions ("Fitton, the president of Judicial Watch,
     * a conservative group that ..., said"). */
    for (n = 0; n < 3; n++) {
        ps = clause_begin(cx, pe);
        if (ps <= cx->b + 1 || !is_ch(cx, ps - 1, ','))
            return 0;
        rel = (C(cx, ps) & CL_RELPRON) || (cx->en && is_ing(cx, ps));
        if (cx->en && pe == ps + 1 && T(cx, ps)->kind == NE_TOK_NUMBER) {
            /* an age: "Freddy Ortega, 45, said" */
        } else if (!rel) {
            for (k = ps; k < pe; k++)
                if (C(cx, k) & (CL_VERBISH | CL_SUBCONJ | CL_PERSPRON))
                    return 0;
            if (np_from(cx, ps, pe, 1) == ps &&
                (!cx->en || np_loose_en(cx, ps, pe) == ps))
                return 0;
        } else if (!cx->en) {
            /* German relative clauses end in their verb: no cue in them */
            for (k = ps; k < pe; k++)
                if (C(cx, k) & CL_SUBCONJ)
                    return 0;
        }
        if (rel && first_rel < 0)
            first_rel = (int)ps;
        pe = ps - 1;
        /* the subject: a noun phrase from the clause start to the comma */
        for (k = clause_begin(cx, pe); k < pe; k++) {
            uint32_t e = np_from(cx, k, pe, 1);
            if (k > cx->b && (C(cx, k - 1) & CL_PREP) &&
                !(C(cx, k - 1) & CL_DET))
                continue; /* "Im Brief, den ...": a prepositional phrase */
            if ((e == pe && e > k) ||
                (cx->en && np_loose_en(cx, k, pe) == pe)) {
                uint32_t a, m;
                /* "Giovanni Maria Vian, the editor in chief of the paper,
                 * L'Osservatore Romano, said": a chain of noun phrases
                 * set off by commas is one speaker from its first */
                for (m = 0; cx->en && m < 2 && k == clause_begin(cx, k) &&
                            k > cx->b + 1 && is_ch(cx, k - 1, ',');
                     m++) {
                    a = clause_begin(cx, k - 1);
                    if (a >= k - 1 || (C(cx, a) & (CL_PREP | CL_SUBCONJ |
                                                   CL_ADV | CL_COORD)) ||
                        (np_from(cx, a, k - 1, 1) != k - 1 &&
                         np_loose_en(cx, a, k - 1) != k - 1) ||
                        !(names_speaker(cx, a, k - 1) ||
                          capitalised_only(cx, a, k - 1)))
                        break;
                    k = a;
                }
                *sb = k;
                /* appositions belong to the speaker, relative clauses not */
                *se = first_rel >= 0 ? (uint32_t)first_rel - 1 : cs - 1;
                return 1;
            }
            if (C(cx, k) & (CL_VERBISH | CL_SUBCONJ))
                break;
        }
    }
    return 0;
}

/* ---- cues ------------------------------------------------------------- */

/* Is token i a cue? A separable stem only with its particle: later in the
 * clause, where the clause ends ("teilte ... mit,"), or just before it
 * ("bekannt gab"). *part gets the particle's index or -1. */
static int is_cue(const cx_t *cx, uint32_t i, int64_t *part)
{
    const claims_lexent_t *e;
    uint32_t j, ce;
    int k;

    *part = -1;
    if (C(cx, i) & CL_VERB)
        return 1;
    if (!(C(cx, i) & CL_SEP) || !(e = claims_lex_get(cx->lex, cx->h[i])))
        return 0;
    if (i > cx->b)
        for (k = 0; k < e->nparticle; k++)
            if (cx->h[i - 1] == e->particle[k]) {
                *part = i - 1;
                return 1;
            }
    ce = clause_end(cx, i);
    for (j = i + 1; j < cx->e; j++) {
        if (is_dash(cx, j)) {
            /* over an insertion: "gab heute – nach ... – X bekannt" */
            uint32_t d;
            for (d = j + 1; d < cx->e && !is_dash(cx, d) && !is_final(cx, d);
                 d++)
                ;
            if (d < cx->e && is_dash(cx, d)) {
                j = d;
                if (ce <= d)
                    ce = clause_end(cx, d + 1);
                continue;
            }
        }
        if (j >= ce && !is_ch(cx, j, ',') && is_bound(cx, j))
            break;
        /* past the clause only over an apposition: ", teilte der
         * Direktor, Bagus Puruhito, mit." */
        if (j >= ce && (C(cx, j) & (CL_VERBISH | CL_SUBCONJ | CL_RELPRON)))
            break;
        for (k = 0; k < e->nparticle; k++)
            if (cx->h[j] == e->particle[k] &&
                (j + 1 == cx->e || is_bound(cx, j + 1) ||
                 (C(cx, j + 1) & CL_AUX))) {
                *part = j;
                return 1;
            }
    }
    return 0;
}

/* ---- claims ----------------------------------------------------------- */

static void cand_init(cand_t *c, uint8_t kind)
{
    memset(c, 0, sizeof(*c));
    c->kind = kind;
    c->sb = c->cb = c->eb = -1;
    c->copy_from = -1;
    c->ent_from = -1;
    c->score = 0.8f;
}

static ne_span_t tok_span(const cx_t *cx, uint32_t b, uint32_t e)
{
    ne_span_t sp;
    sp.field = T(cx, b)->field;
    sp.start = T(cx, b)->start;
    sp.end = T(cx, e - 1)->end;
    return sp;
}

static int range_used(const cx_t *cx, int64_t b, int64_t e)
{
    for (; b < e; b++)
        if (cx->used[b])
            return 1;
    return 0;
}

/* The first token of field f that ends after byte off (tokens are in
 * field and byte order); doc->tokens.cnt when there is none. */
static size_t first_token_after(const ne_doc_t *doc, uint8_t f, uint32_t off)
{
    size_t lo = 0, hi = doc->tokens.cnt;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const ne_token_t *t = &doc->tokens.v[mid];
        if (t->field < f || (t->field == f && t->end <= off))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Token k still overlaps the span sp (walking on from the first one). */
static int token_in(const ne_doc_t *doc, size_t k, ne_span_t sp)
{
    return k < doc->tokens.cnt && doc->tokens.v[k].field == sp.field &&
           doc->tokens.v[k].start < sp.end;
}

/* The entity of a speaker span: the first PER mention inside it, else
 * the first ORG, else any. A mention that overlaps the span has a token
 * that does, so the walk goes over the span's tokens, not over every
 * mention of the article (that was quadratic in long articles). */
static int32_t span_entity(const ne_doc_t *doc, ne_span_t sp)
{
    int32_t best = -1, best_rank = 9, best_m = INT32_MAX;
    size_t k;
    for (k = first_token_after(doc, sp.field, sp.start); token_in(doc, k, sp);
         k++) {
        int32_t m = doc->tokens.v[k].mention;
        const ne_mention_t *mn;
        int rank;
        if (m < 0 || (size_t)m >= doc->mentions.cnt)
            continue;
        mn = &doc->mentions.v[m];
        if (mn->span.field != sp.field || mn->span.end <= sp.start ||
            mn->span.start >= sp.end || mn->entity < 0)
            continue;
        rank = mn->type == NE_ENT_PER ? 0 : mn->type == NE_ENT_ORG ? 1 : 2;
        if (rank < best_rank || (rank == best_rank && m < best_m)) {
            best_rank = rank;
            best_m = m;
            best = mn->entity;
        }
    }
    return best;
}

/* Gender of a PER entity from the first names in its first mention:
 * CL_MALE, CL_FEMALE or 0. */
static uint64_t entity_gender(const cx_t *cx, int32_t ent)
{
    const ne_doc_t *doc = cx->doc;
    const ne_mention_t *mn;
    uint32_t t;

    if (ent < 0 || (size_t)ent >= doc->entities.cnt ||
        doc->entities.v[ent].first_mention >= doc->mentions.cnt)
        return 0;
    mn = &doc->mentions.v[doc->entities.v[ent].first_mention];
    for (t = mn->tok_begin; t < mn->tok_end && t < doc->tokens.cnt; t++) {
        const ne_token_t *tk = &doc->tokens.v[t];
        const claims_lexent_t *e = claims_lex_get(
            &cx->cl->names, tk->hash);
        if (e && (e->cls & (CL_MALE | CL_FEMALE)) != (CL_MALE | CL_FEMALE))
            return e->cls & (CL_MALE | CL_FEMALE);
    }
    return 0;
}

/* Does entity ent fit pronoun class pc (CL_PRON_M, CL_PRON_F, CL_PRON_PL)? */
static int pron_fits(const cx_t *cx, int32_t ent, uint64_t pc)
{
    uint8_t type;
    uint64_t g;
    if (ent < 0 || (size_t)ent >= cx->doc->entities.cnt)
        return 0;
    type = cx->doc->entities.v[ent].type;
    if (pc == CL_PRON_PL)
        return type == NE_ENT_ORG;
    if (type == NE_ENT_ORG)
        return pc == CL_PRON_F && !cx->en; /* "die Regierung ... sie" */
    if (type != NE_ENT_PER)
        return 0;
    g = entity_gender(cx, ent);
    return !g || (pc == CL_PRON_M ? g == CL_MALE : g == CL_FEMALE);
}

/* A pronoun speaker at token i: the latest earlier speaker that fits, else
 * the latest fitting mention before it. */
static int32_t resolve_pronoun(const cx_t *cx, uint32_t i, int plural)
{
    const ne_doc_t *doc = cx->doc;
    uint64_t c = C(cx, i), pc;
    const ne_token_t *t = T(cx, i);
    size_t k;

    if (plural || !(c & (CL_PRON_M | CL_PRON_F)))
        pc = CL_PRON_PL;
    else
        pc = (c & CL_PRON_M) ? CL_PRON_M : CL_PRON_F;
    /* The subject of the sentence before, when it fits: "Seiler nannte
     * ... Er forderte ..." */
    if (t->sent > 0) {
        const ne_sentence_t *ps = &cx->v.sent[t->sent - 1];
        for (k = 0; k < doc->mentions.cnt; k++) {
            const ne_mention_t *mn = &doc->mentions.v[k];
            uint32_t m = mn->tok_begin;
            if (m < ps->tok_begin || m >= ps->tok_end)
                continue;
            while (m > ps->tok_begin && (C(cx, m - 1) & (CL_DET | CL_ROLE) ||
                                         is_capword(cx, m - 1)) &&
                   !is_bound(cx, m - 1))
                m--;
            if (m == ps->tok_begin && pron_fits(cx, mn->entity, pc))
                return mn->entity;
            break;
        }
    }
    for (k = doc->claims.cnt; k-- > 0 && doc->claims.cnt - k <= 3;) {
        const ne_claim_t *cl = &doc->claims.v[k];
        if (cl->speaker.field == t->field && cl->speaker.end <= t->start &&
            pron_fits(cx, cl->speaker_entity, pc))
            return cl->speaker_entity;
    }
    for (k = doc->mentions.cnt; k-- > 0;) {
        const ne_mention_t *mn = &doc->mentions.v[k];
        if (mn->span.field != t->field || mn->span.end > t->start)
            continue;
        if (t->start - mn->span.end > 1500)
            break;
        if (pron_fits(cx, mn->entity, pc))
            return mn->entity;
    }
    return -1;
}

/* Trim a message to what was said: boundary punctuation off both ends; a
 * message that is one quotation loses its marks and becomes direct. */
static int trim_message(const cx_t *cx, cand_t *c, ne_span_t *text)
{
    uint32_t mb = c->mb, me = c->me;
    const claims_quote_t *q;

    while (mb < me && cx->inq[mb] < 0 && T(cx, mb)->kind == NE_TOK_PUNCT &&
           !is_ch(cx, mb, '('))
        mb++;
    while (me > mb && cx->inq[me - 1] < 0 &&
           T(cx, me - 1)->kind == NE_TOK_PUNCT && !is_ch(cx, me - 1, ')'))
        me--;
    if (me <= mb || (n_words(cx, mb, me) < 2 &&
                     !(cx->inq[mb] >= 0 && quote_at(cx, mb)->open == mb &&
                       quote_last(quote_at(cx, mb)) == me - 1 &&
                       n_words(cx, mb, me) == 1)))
        return -1;
    c->mb = mb;
    c->me = me;
    *text = tok_span(cx, mb, me);
    q = quote_at(cx, mb);
    if (q && q->open == mb && cx->inq[me - 1] >= 0) {
        const claims_quote_t *q2 = quote_at(cx, me - 1);
        uint32_t ib = q->begin, ie = q2->end;
        if (quote_last(q2) != me - 1)
            return 0;
        while (ie > ib && T(cx, ie - 1)->kind == NE_TOK_PUNCT &&
               (is_ch(cx, ie - 1, ',') || is_ch(cx, ie - 1, ';') ||
                is_ch(cx, ie - 1, ':')))
            ie--;
        if (ie <= ib)
            return -1;
        /* Inside quotes only when the message is all quotation. */
        if (q == q2 || n_words(cx, mb, me) ==
                           n_words(cx, q->begin, q->end) +
                               n_words(cx, q2->begin, q2->end)) {
            *text = tok_span(cx, ib, ie);
            if (c->kind != NE_CLAIM_ACCORDING_TO)
                c->kind = NE_CLAIM_DIRECT;
        }
    }
    return 0;
}

/* Write candidate c as a claim unless it collides with an earlier one. */
static int emit(cx_t *cx, cand_t *c)
{
    ne_doc_t *doc = cx->doc;
    struct ne_claims_scratch_s *s = cx->s;
    ne_claim_t *cl;
    ne_span_t text;
    int64_t t;

    if ((c->sb >= 0 && c->se <= c->sb) || (c->cb >= 0 && c->ce <= c->cb) ||
        (c->eb >= 0 && c->ee <= c->eb))
        return 0;
    if (c->kind == NE_CLAIM_DIRECT)
        c->kind = NE_CLAIM_INDIRECT; /* decided by trim_message */
    if (trim_message(cx, c, &text) == -1 || range_used(cx, c->mb, c->me) ||
        (c->cb >= 0 && range_used(cx, c->cb, c->ce)))
        return 0;
    /* a speaker may speak twice ("X said A and said B"), but no speaker
     * lies in another claim's message or cue */
    for (t = c->sb; c->sb >= 0 && t < c->se; t++)
        if (cx->used[t] && cx->used[t] != USED_SPEAKER)
            return 0;
    if (c->sb >= 0 && c->sb < c->mb && c->se > c->mb)
        return 0;
    for (t = c->mb; t < c->me; t++)
        cx->used[t] = USED_MESSAGE;
    for (t = c->sb; c->sb >= 0 && t < c->se; t++)
        cx->used[t] = USED_SPEAKER;
    for (t = c->cb; c->cb >= 0 && t < c->ce; t++)
        cx->used[t] = USED_CUE;

    cl = NE_VEC_PUSH(doc->claims);
    memset(cl, 0, sizeof(*cl));
    cl->kind = c->kind;
    cl->text = text;
    cl->speaker_entity = -1;
    cl->score = c->score;
    if (c->copy_from >= 0) {
        const ne_claim_t *from = &doc->claims.v[c->copy_from];
        cl->has_speaker = from->has_speaker;
        cl->speaker = from->speaker;
        cl->speaker_entity = from->speaker_entity;
    } else if (c->sb >= 0) {
        cl->has_speaker = 1;
        cl->speaker = tok_span(cx, (uint32_t)c->sb, (uint32_t)c->se);
        if (c->ent_from >= 0)
            cl->speaker_entity = doc->claims.v[c->ent_from].speaker_entity;
        else if (c->eb >= 0)
            cl->speaker_entity = span_entity(
                doc, tok_span(cx, (uint32_t)c->eb, (uint32_t)c->ee));
        else if (c->se == c->sb + 1 && (C(cx, (uint32_t)c->sb) & CL_PRON))
            cl->speaker_entity =
                resolve_pronoun(cx, (uint32_t)c->sb, c->plural);
        else
            cl->speaker_entity = span_entity(doc, cl->speaker);
    }
    if (c->cb >= 0) {
        cl->has_cue = 1;
        cl->cue = tok_span(cx, (uint32_t)c->cb, (uint32_t)c->ce);
    }
    *NE_VEC_PUSH(s->claim_block) = cx->block;
    *NE_VEC_PUSH(s->claim_tok) = c->mb;
    *NE_VEC_PUSH(s->claim_tok) = c->me;
    return 1;
}

/* German evidence that what follows a cue is reported speech: a
 * dass/ob-clause, a quotation, a colon, or a subjunctive verb. */
/* "zu sorgen", "beizutreten": the infinitive that ends a clause. */
static int zu_infinitive(const cx_t *cx, uint32_t t, uint32_t me)
{
    const ne_token_t *tk = T(cx, t);
    const char *n = cx->v.norm + tk->norm_off;
    size_t k;
    if (tk->kind != NE_TOK_WORD || (tk->flags & NE_TOKF_CAP) ||
        !(t + 1 == me || is_bound(cx, t + 1)))
        return 0;
    if (t > 0 && is_hash(cx, t - 1, cx->w->zu))
        return 1;
    if (tk->norm_len < 7 || memcmp(n + tk->norm_len - 2, "en", 2))
        return 0;
    for (k = 2; k + 5 <= tk->norm_len; k++)
        if (n[k] == 'z' && n[k + 1] == 'u')
            return 1;
    return 0;
}

/* "um/ohne/statt ... zu": a purpose clause, not reported speech. */
static int final_zu(const cx_t *cx, uint32_t t)
{
    const claims_words_t *w = cx->w;
    return is_hash(cx, t, w->um) || is_hash(cx, t, w->ohne) ||
           is_hash(cx, t, w->statt) || is_hash(cx, t, w->anstatt);
}

static int evidence_de(const cx_t *cx, uint32_t mb, uint32_t me, int colon)
{
    uint32_t t;
    if (mb >= me)
        return 0;
    if (colon || cx->inq[mb] >= 0 || is_dass(cx, mb))
        return 1;
    for (t = mb; t < me; t++)
        if ((C(cx, t) & (CL_SUBJ | CL_SUBJ2 | CL_SUBJ2W)) ||
            (cx->inq[t] < 0 && zu_infinitive(cx, t, me) &&
             !final_zu(cx, mb)))
            return 1;
    return 0;
}

/* Any Konjunktiv in [mb, me). */
static int has_subj_any(const cx_t *cx, uint32_t mb, uint32_t me)
{
    for (; mb < me; mb++)
        if ((C(cx, mb) & (CL_SUBJ | CL_SUBJ2 | CL_SUBJ2W)) && cx->inq[mb] < 0)
            return 1;
    return 0;
}

/* Konjunktiv I in [mb, me): the mark of reported speech. */
static int has_subj1(const cx_t *cx, uint32_t mb, uint32_t me)
{
    for (; mb < me; mb++)
        if ((C(cx, mb) & CL_SUBJ) && cx->inq[mb] < 0)
            return 1;
    return 0;
}

/* An accusative object after the German cue at i, in its clause before
 * ce: "bestreiten diesen Vorwurf", "kritisierte die Pläne". The verb's
 * content slot is then taken. Prepositional phrases and dative objects
 * ("sagte der Zeitung") are fine; "die"/"das" count only after a subject
 * has been seen. */
static int has_object_de(const cx_t *cx, uint32_t i, uint32_t ce, int64_t sb,
                         int64_t se)
{
    const claims_words_t *w = cx->w;
    uint32_t t = i + 1, k;
    int subj_seen = sb >= 0 && sb < (int64_t)i;
    while (t < ce) {
        uint64_t c = C(cx, t);
        if (sb >= 0 && t == sb) {
            t = (uint32_t)se;
            subj_seen = 1;
            continue;
        }
        if ((c & CL_PREP) && !(c & CL_DET)) {
            k = np_from(cx, t + 1, ce, 1);
            t = k > t + 1 ? k : t + 1;
            continue;
        }
        if (is_hash(cx, t, w->den) || is_hash(cx, t, w->einen) ||
            is_hash(cx, t, w->diesen) || is_hash(cx, t, w->keinen))
            return 1;
        if (subj_seen && (is_hash(cx, t, w->die) || is_hash(cx, t, w->das) ||
                          is_hash(cx, t, w->eine) || is_hash(cx, t, w->ein)))
            return 1;
        t++;
    }
    return 0;
}

/* Is [mb, me) a message of the cue at i? German needs evidence, except
 * after a plain speech verb without an object ("sagte, er kommt"), where
 * a clause will do that is not subordinate, coordinated or a bare noun
 * phrase. */
static int msg_ok(const cx_t *cx, uint32_t i, uint32_t mb, uint32_t me,
                  int colon, int object)
{
    if (me <= mb || n_words(cx, mb, me) < 2)
        return 0;
    if (cx->en || evidence_de(cx, mb, me, colon))
        return 1;
    /* "die Beziehungen ..." is an article, "die sich ..." a relative */
    if ((C(cx, mb) & CL_RELPRON) && np_from(cx, mb, me, 1) <= mb + 1)
        return 0;
    return (C(cx, i) & CL_SAY) && !object &&
           !(C(cx, mb) & (CL_SUBCONJ | CL_PREP | CL_COORD)) &&
           n_words(cx, mb, me) >= 3 && np_from(cx, mb, me, 0) < me;
}

/* A negated frame is no claim ("hat nicht geantwortet"), except for cues
 * that are claims when negated ("schloss nicht aus"). */
static int negated(const cx_t *cx, uint32_t cs, uint32_t ce, uint32_t i)
{
    uint32_t t;
    if (C(cx, i) & CL_NEGOK)
        return 0;
    for (t = cs; t < ce; t++)
        if ((C(cx, t) & CL_NEG) && cx->inq[t] < 0)
            return 1;
    return 0;
}

/* "die Organisation bezweifelt": an article that starts a noun phrase
 * directly followed by the finite verb (at i or before), not a relative
 * pronoun. i may be the block's end: nothing is read from there on. */
static int main_clause_np(const cx_t *cx, uint32_t cs, uint32_t i)
{
    uint32_t x = np_from(cx, cs, i < cx->e ? i + 1 : cx->e, 1);
    return x > cs + 1 && x <= i && x < cx->e && (C(cx, x) & CL_VERBISH) &&
           !(C(cx, x) & CL_PARTIC);
}

/* A question is not a claim: "Glauben Sie, dass ...?" */
static int is_question(const cx_t *cx)
{
    uint32_t e = cx->e;
    while (e > cx->b && cx->inq[e - 1] >= 0)
        e--;
    return e > cx->b && is_ch(cx, e - 1, '?');
}

/* Message start before a trailing frame: the block start or the first
 * token after an earlier claim. */
static uint32_t message_start(const cx_t *cx, uint32_t cs)
{
    uint32_t ms = cx->b, t;
    for (t = cx->b; t < cs; t++)
        if (cx->used[t])
            ms = t + 1;
    return ms;
}

/* A German message has a verb, and verbs are written in lower case: a
 * stretch with no lower-case content word is a noun phrase. */
static int has_content_lower(const cx_t *cx, uint32_t b, uint32_t e)
{
    for (; b < e; b++)
        if (cx->inq[b] >= 0 ||
            (T(cx, b)->kind == NE_TOK_WORD && !is_capword(cx, b) &&
             !has_inner_cap(cx, b) &&
             !(C(cx, b) & (CL_DET | CL_PREP | CL_COORD | CL_ADV))))
            return 1;
    return 0;
}

/* Is [b, e) a noun phrase, with apposition or a relative clause, and
 * nothing else: the subject of a frame, not a message? */
static int subject_only(const cx_t *cx, uint32_t b, uint32_t e)
{
    uint32_t x = np_from(cx, b, e, 0);
    if (x >= e)
        return x > b;
    if (x == b || !is_ch(cx, x, ',') || x + 1 >= e ||
        !(C(cx, x + 1) & CL_RELPRON))
        return 0;
    return clause_end(cx, x + 1) >= e;
}


/* Is the first clause of [b, e) verbless ("In einer Videobotschaft, die
 * ... wurde, sagte Thaksin, ..."): the prefield of the frame, no
 * message? */
static int prefield_only(const cx_t *cx, uint32_t b, uint32_t e)
{
    uint32_t ce = clause_end(cx, b), t;
    if (ce > e)
        ce = e;
    for (t = b; t < ce; t++)
        if ((C(cx, t) & (CL_VERBISH | CL_VERB)) || cx->inq[t] >= 0)
            return 0;
    return (C(cx, b) & CL_PREP) != 0;
}

/* The first token from t before lim that is not an adverb. */
static uint32_t skip_adverbs(const cx_t *cx, uint32_t t, uint32_t lim)
{
    while (t < lim && (C(cx, t) & (CL_ADV | CL_FOCUS)) && !is_head(cx, t) &&
           !(C(cx, t) & CL_VERBISH))
        t++;
    return t;
}

/* An English insertion set off by commas after a name: an age, an
 * apposition, a participle phrase ("66", "a retired worker from a
 * nuclear plant", "wearing a cowboy hat"). Returns the index of its
 * closing comma, or 0. */
static uint32_t insertion_end_en(const cx_t *cx, uint32_t j, uint32_t end)
{
    uint32_t k;
    for (k = j; k < end && k < j + APPOS_MAX; k++) {
        if (is_ch(cx, k, ','))
            return k > j ? k : 0;
        if (is_bound(cx, k) ||
            (C(cx, k) & (CL_VERBISH | CL_RELPRON | CL_SUBCONJ | CL_VERB)))
            return 0;
    }
    return 0;
}

/*
 * Pass 1: a trailing frame "MSG, cue speaker." starting at clause start
 * cs: a clause that opens with the cue (German order, English "said X"),
 * with "so X", with an auxiliary ("hatte er gesagt"), or an English
 * subject + cue ("the source added"). What follows the speaker may only be
 * adjuncts, or a second quotation ("“A,” he said, “B.”").
 */
static int trailing_frame(cx_t *cx, uint32_t cs)
{
    uint32_t i = cs, ce = clause_end(cx, cs), end = block_body_end(cx), r, t;
    uint32_t ms, qb = 0, qe = 0, rb = 0, x;
    int64_t part = -1;
    int qmsg;
    cand_t c;

    if (cs <= cx->b || cs >= end || cx->inq[cs] >= 0)
        return 0;
    if (!is_ch(cx, cs - 1, ',') && cx->inq[cs - 1] < 0 && !is_dash(cx, cs - 1))
        return 0;
    cand_init(&c, NE_CLAIM_INDIRECT);
    if (C(cx, cs) & CL_SO) {
        int64_t p2;
        if (cx->en)
            return 0;
        if (cs + 1 < end && is_cue(cx, cs + 1, &p2) && p2 < 0) {
            /* ", so schätzen die Forscher," */
            if (!np_after(cx, cs + 2, end, &c.sb, &c.se))
                return 0;
            c.cb = cs;
            c.ce = cs + 2;
        } else {
            if (!np_after(cx, cs + 1, end, &c.sb, &c.se) || c.sb != cs + 1)
                return 0;
            c.cb = cs;
            c.ce = cs + 1;
        }
        r = (uint32_t)c.se;
    } else if ((C(cx, cs) & CL_HEISST) && cs + 1 < end &&
               is_hash(cx, cs + 1, cx->w->es)) {
        c.cb = cs;
        c.ce = cs + 2;
        r = cs + 2;
        if (r + 1 < end && (C(cx, r) & CL_PREP) &&
            np_from(cx, r + 1, end, 0) > r + 1) {
            c.sb = r + 1; /* ", heißt es in dem Bericht." */
            c.se = np_from(cx, r + 1, end, 0);
            r = (uint32_t)c.se;
        }
    } else {
        if (!cx->en && cs + 1 < ce &&
            (is_hash(cx, cs, cx->w->das) || is_hash(cx, cs, cx->w->dies)) &&
            (i = skip_adverbs(cx, cs + 1, ce)) < ce &&
            is_cue(cx, i, &part) && !(C(cx, i) & CL_PARTIC)) {
            /* ", das teilte das Institut mit.", "– das zumindest meint X" */
            if (!np_after(cx, i + 1, end, &c.sb, &c.se))
                return 0;
            r = (uint32_t)c.se;
        } else if (!cx->en && (C(cx, cs) & CL_AUX)) {
            /* ", hatte Peskow gesagt" */
            for (i = cs + 1; i < ce && i < cs + FRAME_MAX; i++)
                if ((C(cx, i) & CL_VERB) && (C(cx, i) & CL_PARTIC))
                    break;
            if (i >= ce || i >= cs + FRAME_MAX ||
                !np_after(cx, cs + 1, i, &c.sb, &c.se))
                return 0;
            r = i + 1;
        } else if (is_cue(cx, cs, &part) && (!cx->en || (C(cx, cs) & CL_SAY))) {
            i = cs;
            if (!np_after(cx, i + 1, end, &c.sb, &c.se)) {
                uint32_t k2;
                if (!cx->en || (k2 = np_loose_en(cx, i + 1, end)) == i + 1 ||
                    (C(cx, i + 1) & (CL_PREP | CL_ADV)) ||
                    participle_en(cx, i + 1))
                    return 0; /* but not "said on Capital Download",
                                 "said pleasantly into the phone" */
                c.sb = i + 1; /* "said one former campaign staffer" */
                c.se = k2;
            }
            r = (uint32_t)c.se;
        } else if (cx->en) {
            for (i = cs; i < ce && i < cs + SUBJ_MAX_EN + 2; i++)
                if (is_cue(cx, i, &part))
                    break;
            if (i >= ce && ce < end && is_ch(cx, ce, ',') &&
                (x = np_from(cx, cs, end, 0)) > ce && x + 1 < end) {
                /* "“Q,” Sam Nunberg, a former Trump aide, said" */
                c.sb = cs;
                c.se = i = x;
                i += is_ch(cx, i, ',');
                while (i < end && (C(cx, i) & CL_ADV) && !is_head(cx, i))
                    i++;
                if (i >= end || !is_cue(cx, i, &part) ||
                    (C(cx, i) & CL_SUBCONJ))
                    return 0;
            } else if (i >= ce && ce + 2 < end && is_ch(cx, ce, ',') &&
                       NE_MAX(np_from(cx, cs, ce, 0),
                              np_loose_en(cx, cs, ce)) == ce &&
                       names_speaker(cx, cs, ce) &&
                       (x = insertion_end_en(cx, ce + 1, end)) > 0) {
                /* "“Q,” Khizr Khan, 66, said", "“Q,” Miller, a retired
                 * worker, said", "..., wearing a cowboy hat, said" */
                c.sb = cs;
                c.se = ce;
                i = x + 1;
                while (i < end && (C(cx, i) & CL_ADV) && !is_head(cx, i))
                    i++;
                if (i >= end || !is_cue(cx, i, &part) ||
                    !(C(cx, i) & CL_SAY))
                    return 0;
            } else if (i >= ce || i >= cs + SUBJ_MAX_EN + 2 ||
                       !subject_left_en(cx, cs, i, &c.sb, &c.se) ||
                       c.sb != cs) {
                return 0;
            } else if (i + 1 < end && cx->inq[message_start(cx, cs)] < 0 &&
                       ((C(cx, i + 1) & CL_DET) || is_head(cx, i + 1) ||
                        is_dass(cx, i + 1))) {
                return 0; /* "..., a poll shows Sanders leading": the
                             cue has its own object */
            }
            r = i + 1;
        } else {
            return 0;
        }
        c.cb = i;
        c.ce = i + 1;
        c.plural = (C(cx, i) & CL_PLURAL) != 0;
    }
    if (c.cb >= 0 && (C(cx, (uint32_t)c.cb) & CL_COGN))
        return 0;
    /* Only adjuncts may follow: no verb, no dass, no colon; a relative
     * clause on the speaker ends the check. A quotation after a comma
     * continues the quotation before the frame ("„A“, sagte X, „B“"), a
     * clause after a parenthetical frame continues the message ("Sein
     * Rivale, so Obama, würde ..."). A message holds neither speaker nor
     * cue and a span has no holes: the message is the larger part. */
    ms = message_start(cx, cs);
    c.mb = ms;
    c.me = cx->inq[cs - 1] >= 0 ? cs : cs - 1;
    /* An English quotation right before its frame: whatever follows the
     * speaker ("said in Iowa earlier this year in response to ...") is
     * the narrator's. */
    qmsg = cx->en && cx->inq[ms] >= 0 && quote_at(cx, ms)->open == ms &&
           quote_last(quote_at(cx, ms)) + 2 >= cs;
    for (t = r; t < end; t++) {
        if (qmsg && cx->inq[t] < 0)
            continue;
        if (cx->inq[t] >= 0) {
            const claims_quote_t *q = quote_at(cx, t);
            if (cx->qname[cx->inq[t]]) {
                t = q->close;
                continue;
            }
            if (t > r && (is_ch(cx, t - 1, ',') || is_ch(cx, t - 1, ':')) &&
                q->open == t && quote_last(q) + 1 >= end && cx->inq[ms] >= 0) {
                qb = t;
                qe = quote_last(q) + 1;
                break;
            }
            if (qmsg)
                break;
            return 0;
        }
        if ((is_ch(cx, t, ',') || is_dash(cx, t)) && t + 1 < end &&
            ((C(cx, t + 1) & CL_RELPRON) || (cx->en && is_ing(cx, t + 1))))
            break;
        if (cx->en && (C(cx, t) & CL_SUBCONJ) && !is_dass(cx, t))
            break; /* "said Golvach when asked about ..." */
        if (!cx->en && (is_ch(cx, t, ',') || is_dash(cx, t)) && t + 1 < end &&
            cx->inq[t + 1] < 0 &&
            !(C(cx, t + 1) & CL_SUBCONJ) && n_words(cx, t + 1, end) >= 2 &&
            (cx->en || evidence_de(cx, t + 1, end, 0))) {
            rb = t + 1;
            break;
        }
        if (is_ch(cx, t, ':') && t + 1 == cx->e)
            break; /* "..., so Elshorst weiter:" and a quotation below */
        if ((C(cx, t) & (CL_VERBISH | CL_COGN)) || is_dass(cx, t) ||
            is_ch(cx, t, ':') || (C(cx, t) & CL_PERSPRON))
            return 0;
        if (cx->en && t - r > 12)
            return 0;
    }
    if (ms >= cs - 1 ||
        (!cx->en && (C(cx, ms) & CL_SUBCONJ) &&
         !((C(cx, ms) & CL_PREP) && (C(cx, ms + 1) & CL_DET))))
        return 0; /* but "Während der Osterfeiertage ..., so X." */
    /* "X said A, because B, they said": the leading frame is X's */
    for (t = ms; cx->en && !qmsg && t < cs; t++)
        if ((C(cx, t) & CL_SAY) && (C(cx, t) & CL_VERB) && cx->inq[t] < 0)
            return 0;
    /* "Die Politikerin, Anja Hajduk, kritisierte die Pläne": the part
     * before the frame is its subject, not a message. */
    if (cx->inq[ms] < 0 && subject_only(cx, ms, cs - 1)) {
        if (!rb)
            return 0;
        /* "Sein Rivale McCain, so Obama weiter, würde ...": the clause
         * after the frame is the message */
        c.mb = rb;
        c.me = end;
        c.score = 0.9f;
        return emit(cx, &c);
    }
    if (!cx->en && cx->inq[ms] < 0 && ((n_words(cx, ms, cs) < 3 &&
                                          !evidence_de(cx, ms, cs, 0)) ||
                                         !has_content_lower(cx, ms, cs)))
        return 0;
    if (cx->en && n_words(cx, ms, cs) < (cx->inq[ms] >= 0 ? 2u : 3u))
        return 0;
    if (rb && (n_words(cx, rb, end) > n_words(cx, c.mb, c.me) ||
               prefield_only(cx, c.mb, c.me))) {
        c.mb = rb;
        c.me = end;
    }
    c.score = 0.9f;
    if (qb && n_words(cx, qb, qe) > n_words(cx, c.mb, c.me)) {
        for (t = c.mb; t < c.me; t++)
            cx->used[t] = 1;
        c.mb = qb;
        c.me = qe;
    } else if (qb) {
        for (t = qb; t < qe; t++)
            cx->used[t] = 1;
    }
    return emit(cx, &c);
}

/* "bemühte", "verglichen": a lower-case word in -te/-ten that is not a
 * known Konjunktiv, followed by a function word: the narrator's past
 * tense after "und" ("sagte, sie müssten ... und bemühte hier ..."). */
static int past_tense_de(const cx_t *cx, uint32_t t)
{
    const ne_token_t *tk = T(cx, t);
    const char *n = cx->v.norm + tk->norm_off;
    size_t l = tk->norm_len;
    if (tk->kind != NE_TOK_WORD || is_capword(cx, t) || t + 1 >= cx->e ||
        (C(cx, t) & (CL_SUBJ | CL_SUBJ2 | CL_SUBJ2W | CL_FUNC | CL_PARTIC)) ||
        cx->inq[t] >= 0)
        return 0;
    if (!((l > 4 && !memcmp(n + l - 2, "te", 2)) ||
          (l > 5 && !memcmp(n + l - 3, "ten", 3))))
        return 0;
    return (C(cx, t + 1) & (CL_DET | CL_ADV | CL_PREP | CL_PERSPRON)) != 0;
}

/* German messages stop where the sentence returns to its own subject
 * ("sagte, sie müssten ... aufgeben und bemühte das Bild ...") or where a
 * new main clause in the indicative follows a comma (", Beobachter
 * rechnen mit ..."): that is the narrator again. */
static uint32_t message_end_de(const cx_t *cx, uint32_t mb, uint32_t me)
{
    const claims_words_t *w = cx->w;
    uint32_t t, x;
    for (t = mb + 1; t + 1 < me; t++) {
        if (cx->inq[t] >= 0)
            continue;
        if (is_ch(cx, t, ',') &&
            (C(cx, t + 1) & (CL_VERB | CL_SEP | CL_AUX | CL_FINITE)) &&
            !(C(cx, t + 1) & (CL_SUBJ | CL_SUBJ2 | CL_SUBJ2W | CL_PARTIC)))
            return t; /* ", machte aber keine Angaben": the subject again */
        if (is_ch(cx, t, ',') && (x = np_from(cx, t + 1, me, 1)) > t + 1 &&
            x < me && !(C(cx, t + 1) & CL_RELPRON) &&
            (C(cx, x) & (CL_VERB | CL_SEP | CL_AUX | CL_FINITE)) &&
            !(C(cx, x) & (CL_SUBJ | CL_SUBJ2 | CL_SUBJ2W | CL_PARTIC)))
            return t;
        if (!(is_hash(cx, t, w->und) || is_hash(cx, t, w->sowie)))
            continue;
        if (((C(cx, t + 1) & (CL_VERB | CL_SEP | CL_AUX | CL_FINITE)) &&
             !(C(cx, t + 1) & (CL_SUBJ | CL_SUBJ2 | CL_PARTIC))) ||
            past_tense_de(cx, t + 1))
            return is_ch(cx, t - 1, ',') ? t - 1 : t;
    }
    return me;
}

/* The message after a leading frame ends at block end; a frame that ends
 * in a colon at the end of its block takes the quotation that opens the
 * next block. */
static uint32_t next_block_quote(const cx_t *cx, uint32_t ce)
{
    const claims_block_t *nb;
    const claims_quote_t *q;
    if (ce + 1 != cx->e || !is_ch(cx, ce, ':') ||
        cx->block + 1 >= cx->s->blocks.cnt)
        return 0;
    nb = &cx->s->blocks.v[cx->block + 1];
    if (nb->begin != cx->e || !(q = quote_at(cx, nb->begin)) ||
        q->open != nb->begin)
        return 0;
    return quote_last(q) + 1;
}

/* An "according to" phrase [pb, pe) with its speaker: the message is the
 * rest of the sentence on the larger side of the phrase. */
static int according_ent(cx_t *cx, uint32_t pb, uint32_t pe, int64_t sb,
                         int64_t se, int64_t cb, int64_t ce, int64_t eb,
                         int64_t ee);

static int according(cx_t *cx, uint32_t pb, uint32_t pe, int64_t sb,
                     int64_t se, int64_t cb, int64_t ce)
{
    return according_ent(cx, pb, pe, sb, se, cb, ce, -1, -1);
}

/* As according(), with the speaker's entity named at [eb, ee). */
static int according_ent(cx_t *cx, uint32_t pb, uint32_t pe, int64_t sb,
                         int64_t se, int64_t cb, int64_t ce, int64_t eb,
                         int64_t ee)
{
    uint32_t end = block_body_end(cx), lb = message_start(cx, pb);
    uint32_t lw, rw;
    cand_t c;

    cand_init(&c, NE_CLAIM_ACCORDING_TO);
    c.sb = sb;
    c.se = se;
    c.cb = cb;
    c.ce = ce;
    c.eb = eb;
    c.ee = ee;
    if (sb >= 0 && se == sb + 1 && (C(cx, (uint32_t)sb) & CL_DET) &&
        cx->doc->claims.cnt &&
        cx->s->claim_block.v[cx->doc->claims.cnt - 1] + 1 >= cx->block &&
        cx->doc->claims.v[cx->doc->claims.cnt - 1].has_speaker)
        /* "seiner Meinung nach": the speaker as written, linked to the
         * speaker just named */
        c.ent_from = (int)cx->doc->claims.cnt - 1;
    if (!cx->en) {
        /* a phrase inside a relative or subordinate clause: the clause
         * is the message ("das nach Angaben eines Sprechers nicht
         * abgeschlossen werden konnte") */
        uint32_t cs = clause_begin(cx, pb);
        if (cs > cx->b && cs < pb && is_ch(cx, cs - 1, ',') &&
            (C(cx, cs) & (CL_RELPRON | CL_SUBCONJ)) &&
            !(C(cx, cs) & CL_ANOUN) && clause_end(cx, pe) > pe + 1) {
            lb = NE_MAX(lb, cs);
            end = clause_end(cx, pe);
        }
    }
    lw = pb > lb ? n_words(cx, lb, pb) : 0;
    rw = end > pe ? n_words(cx, pe, end) : 0;
    if (!rw && pe < cx->e && is_ch(cx, pe, ':')) {
        /* "Nach Ansicht von X:" and the quotation below */
        uint32_t qe = next_block_quote(cx, pe);
        if (qe) {
            c.mb = pe + 1;
            c.me = qe;
            c.score = 0.8f;
            return emit(cx, &c);
        }
    }
    /* A span has no holes and the message holds neither speaker nor cue:
     * with message words on both sides of the phrase, the message is the
     * larger side (the left one on a tie). */
    if (lw && rw && !(lw == 1 && (C(cx, lb) & (CL_ADV | CL_COORD)))) {
        if (rw > lw) {
            c.mb = pe;
            c.me = end;
        } else {
            c.mb = lb;
            c.me = pb;
        }
        if (n_words(cx, c.mb, c.me) < 2)
            return 0;
    } else {
        if (rw >= lw) {
            c.mb = pe;
            c.me = cx->en ? end : message_end_de(cx, pe, end);
        } else {
            c.mb = lb;
            c.me = pb;
        }
        if (n_words(cx, c.mb, c.me) < 3)
            return 0;
    }
    c.score = 0.85f;
    return emit(cx, &c);
}

/* "Wie X mitteilte, MSG" and "MSG, wie X mitteilte." (English "as X
 * said"): the clause after wie ends in the cue. */
static int wie_frame(cx_t *cx, uint32_t i)
{
    uint32_t ce = clause_end(cx, i), v, end = block_body_end(cx);
    int64_t part, sb, se;
    cand_t c;

    if (i > cx->b && !is_bound(cx, i - 1) &&
        !((C(cx, i - 1) & (CL_COORD | CL_ADV)) &&
          (i - 1 == cx->b || is_bound(cx, i - 2))))
        return 0;
    if (ce <= i + 2)
        return 0;
    if (ce < cx->e && is_ch(cx, ce, ',')) {
        /* "Wie ein Vertreter des Konzerns, EADS, heute mitteilte," */
        uint32_t k = np_from(cx, i + 1, cx->e, 0);
        if (k > ce && k < cx->e)
            ce = clause_end(cx, k + is_ch(cx, k, ','));
    }
    v = ce - 1;
    if ((C(cx, v) & CL_AUX) && v > i + 2)
        v--; /* "wie X berichtet hatte" */
    if (C(cx, v) & CL_HEISST) {
        part = -1; /* "Wie es hieß," nobody named */
    } else if (!is_cue(cx, v, &part) || (C(cx, v) & CL_COGN)) {
        return 0;
    }
    if (!cx->en && (C(cx, v) & CL_SEP) && !(C(cx, v) & CL_VERB) &&
        part != (int64_t)v - 1)
        return 0; /* "wie X mitteilte", but "wie X sagte" needs no particle */
    sb = i + 1;
    while (sb < v && (((C(cx, (uint32_t)sb) & (CL_ADV | CL_FOCUS)) &&
                       !is_head(cx, (uint32_t)sb)) ||
                      is_hash(cx, (uint32_t)sb, cx->w->sich) ||
                      is_hash(cx, (uint32_t)sb, cx->w->es)))
        sb++; /* "wie schon die WHO sagte", "wie sich aus X ergab" */
    if (!cx->en && sb < v && (C(cx, (uint32_t)sb) & CL_PREP) &&
        !(C(cx, (uint32_t)sb) & CL_DET))
        sb++; /* "wie aus einer Verlautbarung hervorgeht" */
    se = np_from(cx, (uint32_t)sb, part >= 0 ? (uint32_t)part : v, 0);
    if (C(cx, v) & CL_HEISST)
        sb = se = -1;
    else if (se == sb)
        return 0;
    cand_init(&c, NE_CLAIM_ACCORDING_TO);
    c.sb = sb;
    c.se = se;
    c.cb = part >= 0 && part < v ? part : v;
    c.ce = v + 1;
    if (n_words(cx, message_start(cx, i), i) <= 1) {
        c.mb = ce;
        c.me = end;
    } else {
        c.mb = message_start(cx, i);
        c.me = i;
    }
    c.score = 0.85f;
    return emit(cx, &c);
}

/* Compounds of attribution nouns: "Polizeiangaben", "Expertenmeinung". */
static int anoun_compound(const cx_t *cx, uint32_t k)
{
    static const sfx_t SUF[] = {
        SFX("angaben"), SFX("aussagen"), SFX("meinung"), SFX("einschätzung"),
        SFX("informationen"), SFX("berichten"), SFX("schätzungen"),
        SFX("erkenntnissen"), SFX("auffassung")};
    if (!is_capword(cx, k))
        return 0;
    return has_suffix(cx, k, SUF, NE_ARRAY_SIZE(SUF), 3);
}

/* Compounds of documents that report ("Fernsehbericht", "EU-Dokument",
 * "Gesetzesentwurf", "Endergebnis"): after "nach" they name a source,
 * where "nach dem Spiel" names a time. */
static int medium_compound(const cx_t *cx, uint32_t k)
{
    /* not "Veröffentlichung": "nach der Veröffentlichung" is mostly
     * "after" */
    static const sfx_t SUF[] = {
        SFX("bericht"), SFX("studie"), SFX("dokument"), SFX("entwurf"),
        SFX("meldung"), SFX("umfrage"), SFX("prognose"), SFX("vorhersage"),
        SFX("endergebnis"), SFX("darstellung"), SFX("auskunft")};
    if (!is_capword(cx, k))
        return 0;
    return has_suffix(cx, k, SUF, NE_ARRAY_SIZE(SUF), 0);
}

/* The source inside an attribution noun phrase [b, e) whose head k is an
 * attribution noun: its genitive or von-phrase ("Angaben der Polizei"),
 * else a possessive ("seiner Meinung"), else none. */
static int anoun_source(cx_t *cx, uint32_t b, uint32_t k, uint32_t e,
                        int64_t *sb, int64_t *se)
{
    const claims_words_t *w = cx->w;
    uint32_t a = k + 1, e2;
    int ok = 0;
    if (a < e && (is_hash(cx, a, w->von) || is_hash(cx, a, w->vom) ||
                  is_hash(cx, a, w->aus) || is_hash(cx, a, w->bei))) {
        a++;
        ok = 1;
    } else if (a < e) {
        /* a genitive: "der Polizei", "seines Impresarios", "einiger
         * Juristen", "Gordons" */
        const ne_token_t *t = T(cx, a);
        ok = ((C(cx, a) & CL_DET) &&
              !(is_hash(cx, a, w->den) || is_hash(cx, a, w->dem) ||
                is_hash(cx, a, w->die) || is_hash(cx, a, w->das) ||
                is_hash(cx, a, w->ein) || is_hash(cx, a, w->eine) ||
                is_hash(cx, a, w->einen) || is_hash(cx, a, w->einem))) ||
             (is_head(cx, a) && t->norm_len > 2 &&
              cx->v.norm[t->norm_off + t->norm_len - 1] == 's') ||
             /* "politischer Beobachter" */
             (is_modifier(cx, a) && t->norm_len > 3 &&
              cx->v.norm[t->norm_off + t->norm_len - 1] == 'r' &&
              a + 1 < e && is_head(cx, a + 1));
    }
    if (ok && (e2 = np_from(cx, a, e, 0)) > a) {
        *sb = a;
        *se = e2;
        return 1;
    }
    if (k > b && (C(cx, k - 1) & CL_DET) && !is_hash(cx, k - 1, w->der) &&
        !is_hash(cx, k - 1, w->des) && !is_hash(cx, k - 1, w->den) &&
        !is_hash(cx, k - 1, w->dem) && !is_hash(cx, k - 1, w->die)) {
        *sb = k - 1; /* "seiner Meinung", "dessen Angaben" */
        *se = k;
        return 1;
    }
    return 0;
}

/* German "laut X", "X zufolge", "nach Angaben (von|der) X", "seiner
 * Meinung nach", "nach einer Studie der Universität". */
static int according_de(cx_t *cx, uint32_t i)
{
    uint32_t end = block_body_end(cx), k, s0, e2;
    uint64_t c = C(cx, i);
    int64_t sb = -1, se = -1;

    if ((c & (CL_LAUT | CL_NACH)) && i > cx->b && is_ch(cx, i - 1, ',') &&
        i + 1 < end && (C(cx, i + 1) & CL_RELPRON) &&
        !(C(cx, i + 1) & CL_ANOUN)) {
        /* "Studien der Charité, nach denen Homöopathie ... sei", "ein
         * Gutachten, laut dem Kevin misshandelt worden war": the relative
         * pronoun as written, the clause it opens */
        cand_t cd;
        cand_init(&cd, NE_CLAIM_ACCORDING_TO);
        cd.sb = i + 1;
        cd.se = i + 2;
        cd.cb = i;
        cd.ce = i + 1;
        cd.mb = i + 2;
        cd.me = clause_end(cx, i + 2);
        if ((c & CL_NACH) && !evidence_de(cx, cd.mb, cd.me, 0))
            return 0;
        for (k = clause_begin(cx, i - 1); k + 1 < i; k++)
            if (np_from(cx, k, i - 1, 1) == i - 1) {
                cd.eb = k;
                cd.ee = i - 1;
                break;
            }
        cd.score = 0.7f;
        return emit(cx, &cd);
    }
    if (c & CL_LAUT) {
        k = np_from(cx, i + 1, end, 0);
        if (k <= i + 1 || (C(cx, i + 1) & CL_PRON))
            return 0;
        return according(cx, i, k, i + 1, k, i, i + 1);
    }
    if (c & CL_ZUFOLGE) {
        s0 = clause_begin(cx, i);
        for (k = s0; k < i; k++)
            if (np_from(cx, k, i, 0) == i && !(C(cx, k) & CL_PREP))
                return according(cx, k, i + 1, k, i, i, i + 1);
        return 0;
    }
    if (!(c & CL_NACH))
        return 0;
    if (i > cx->b && (((C(cx, i - 1) & CL_TIME) && !is_capword(cx, i - 1)) ||
                      T(cx, i - 1)->kind == NE_TOK_NUMBER ||
                      cx->h[i - 1] == cx->w->erst ||
                      cx->h[i - 1] == cx->w->kurz ||
                      cx->h[i - 1] == cx->w->unmittelbar ||
                      (is_capword(cx, i - 1) && (C(cx, i - 1) & CL_TIME))))
        return 0; /* "Zwei Monate nach dem Urteil", "erst nach umfangreichen
                     Ermittlungen": a time */
    /* postposed: "Seiner Meinung nach", "Angaben der Polizei nach" */
    s0 = clause_begin(cx, i);
    for (k = s0; k < i; k++) {
        uint32_t h;
        if (np_from(cx, k, i, 1) != i)
            continue;
        for (h = k; h < i && !(C(cx, h) & CL_ANOUN) && !anoun_compound(cx, h);
             h++)
            ;
        if (h == i)
            break;
        if (!anoun_source(cx, k, h, i, &sb, &se)) {
            sb = h;
            se = h + 1;
        }
        return according(cx, k, i + 1, sb, se, k, i + 1);
    }
    if (i + 1 >= end)
        return 0;
    k = i + 1;
    while (k < end && ((C(cx, k) & CL_DET) || is_modifier(cx, k)))
        k++;
    if (k >= end)
        return 0;
    if ((C(cx, k) & CL_MEDIUM) || medium_compound(cx, k)) {
        /* "nach einer Studie (der Universität)": the document speaks */
        e2 = np_from(cx, i + 1, end, 0);
        if (e2 <= k)
            return 0;
        return according(cx, i, e2, i + 1, e2, i, i + 1);
    }
    if (!(C(cx, k) & CL_ANOUN)) {
        if (anoun_compound(cx, k))
            return according(cx, i, k + 1, k, k + 1, i, i + 1);
        return 0;
    }
    if (anoun_source(cx, i + 1, k, end, &sb, &se))
        return according(cx, i, (uint32_t)(se > k ? se : k + 1), sb, se, i,
                         k + 1);
    if (k == i + 2 && is_hash(cx, i + 1, cx->w->eigenen)) {
        /* "nach eigenen Angaben": the speaker as written, linked to the
         * subject of the clause */
        uint32_t cs = clause_begin(cx, i), ce = clause_end(cx, k), fin;
        if (cs == i) {
            for (fin = k + 1; fin < ce; fin++)
                if (C(cx, fin) & CL_VERBISH)
                    break;
            if (fin < ce)
                np_after(cx, fin + 1, ce, &sb, &se);
        } else {
            for (fin = cs; fin < i; fin++)
                if (C(cx, fin) & CL_VERBISH)
                    break;
            if (fin < i && !subject_prefield(cx, cs, fin, &sb, &se))
                np_after(cx, fin + 1, i, &sb, &se);
        }
        return according_ent(cx, i, k + 1, i + 1, k + 1, i, k + 1, sb, se);
    }
    /* "Nach offiziellen Angaben": no source named; the phrase stands in */
    return according(cx, i, k + 1, i + 1, k + 1, i, i + 1);
}

/* English "according to X", "citing X". */
static int according_en(cx_t *cx, uint32_t i)
{
    uint32_t end = block_body_end(cx), k;
    if ((C(cx, i) & CL_ACCORD) && i + 1 < end &&
        is_hash(cx, i + 1, cx->w->to)) {
        k = np_from(cx, i + 2, end, 0);
        if (k <= i + 2 || (k < end && !is_bound(cx, k)))
            k = NE_MAX(k, np_loose_en(cx, i + 2, end));
        if (k <= i + 2)
            return 0;
        return according(cx, i, k, i + 2, k, i, i + 2);
    }
    if ((C(cx, i) & CL_CITING) && i > cx->b && is_ch(cx, i - 1, ',')) {
        k = NE_MAX(np_from(cx, i + 1, end, 0), np_loose_en(cx, i + 1, end));
        if (k <= i + 1)
            return 0;
        return according(cx, i, k, i + 1, k, i, i + 1);
    }
    return 0;
}


/* The latest claim with a speaker entity or text, when it is at most two
 * blocks back; else -1. */
static int recent_claim(const cx_t *cx)
{
    size_t n = cx->doc->claims.cnt;
    if (!n || cx->s->claim_block.v[n - 1] + 2 < cx->block ||
        !cx->doc->claims.v[n - 1].has_speaker)
        return -1;
    return (int)n - 1;
}

/* "Demnach steht ...": the source was named before; the adverb that
 * points back is speaker and cue, linked to the latest speaker. "Danach"
 * is mostly temporal: only with a subjunctive or after a report. */
static int anaph_frame_de(cx_t *cx)
{
    uint32_t b = cx->b, end = block_body_end(cx), t;
    int ok;
    cand_t c;

    if (!(C(cx, b) & CL_ANAPH) || b + 3 >= end || cx->inq[b] >= 0 ||
        !(C(cx, b + 1) & CL_VERBISH) || cx->used[b + 1])
        return 0;
    ok = is_hash(cx, b, cx->w->demnach);
    for (t = b + 1; !ok && t < end; t++)
        ok = (C(cx, t) & (CL_SUBJ | CL_SUBJ2)) && cx->inq[t] < 0;
    if (!ok && cx->block) {
        const claims_block_t *pb = &cx->s->blocks.v[cx->block - 1];
        for (t = pb->begin; !ok && t < pb->end; t++)
            ok = (C(cx, t) & (CL_MEDIUM | CL_STMT)) != 0;
    }
    if (!ok)
        return 0;
    cand_init(&c, NE_CLAIM_ACCORDING_TO);
    c.sb = c.cb = b;
    c.se = c.ce = b + 1;
    c.ent_from = recent_claim(cx);
    c.mb = b + 1;
    c.me = message_end_de(cx, b + 1, end);
    c.score = 0.7f;
    return emit(cx, &c);
}

/* "..., wonach X": a relative clause on a report, a rumour or an
 * estimate gives its content ("die Befunde des Amts, wonach 15 Rinder
 * erkrankt sind", "Medienberichte, wonach Zeugen ... gehört haben
 * wollen"). The noun phrase before the comma speaks; a quotation in it
 * ("der Zeitung „Hoy Bolivia“") belongs to it. */
static int wonach_frame(cx_t *cx, uint32_t i)
{
    uint32_t end = block_body_end(cx), a, k, cb;
    int64_t sb, se = -1;
    cand_t c;

    if (i < cx->b + 2 || !is_ch(cx, i - 1, ',') || i + 2 >= end)
        return 0;
    a = i - 1;
    if (cx->inq[a - 1] >= 0 && cx->qname[cx->inq[a - 1]])
        a = quote_at(cx, a - 1)->open; /* "der Zeitung „Hoy Bolivia“" */
    cb = clause_begin(cx, a);
    /* the noun phrase that ends the clause, or is followed only by the
     * verbs that end it ("erste Medienberichte nicht bestätigen, wonach") */
    for (k = cb, sb = -1; k < a; k++) {
        uint32_t e, t;
        if (cx->inq[k] >= 0 && !cx->qname[cx->inq[k]])
            return 0;
        if ((C(cx, k) & CL_PREP) && !(C(cx, k) & CL_DET))
            continue;
        e = np_from(cx, k, a, 1);
        if (e <= k || !(is_capword(cx, e - 1) || has_inner_cap(cx, e - 1) ||
                        cx->inq[e - 1] >= 0))
            continue;
        for (t = e; t < a; t++)
            if (T(cx, t)->kind != NE_TOK_WORD || is_capword(cx, t) ||
                (C(cx, t) & (CL_DET | CL_PREP | CL_SUBCONJ)))
                break;
        if (t == a) {
            sb = k;
            se = e;
            break;
        }
    }
    if (sb < 0)
        return 0;
    cand_init(&c, NE_CLAIM_ACCORDING_TO);
    c.sb = sb;
    c.se = se;
    c.cb = i;
    c.ce = i + 1;
    c.mb = i + 1;
    c.me = message_end_de(cx, i + 1, clause_end(cx, i + 1));
    if (n_words(cx, c.mb, c.me) < 3)
        return 0;
    c.score = 0.7f;
    return emit(cx, &c);
}

/* Only adjuncts after the cue up to the block end: no comma, colon,
 * quotation or dass ("Das erklärte gestern ein Sprecher – nach ... –"). */
static int rest_is_adjunct(const cx_t *cx, uint32_t t)
{
    uint32_t end = block_body_end(cx);
    for (; t < end; t++)
        if (is_ch(cx, t, ',') || is_ch(cx, t, ':') || is_dass(cx, t) ||
            (cx->inq[t] >= 0 && !cx->qname[cx->inq[t]]))
            return 0;
    return 1;
}

/* The block before the current one, when it holds no claim: the message
 * of "Das erklärte ein Sprecher." */
static int previous_block(const cx_t *cx, uint32_t *mb, uint32_t *me)
{
    const claims_block_t *pb;
    uint32_t t;
    if (!cx->block)
        return 0;
    pb = &cx->s->blocks.v[cx->block - 1];
    if (T(cx, pb->begin)->field != T(cx, cx->b)->field)
        return 0;
    for (t = pb->begin; t < pb->end; t++)
        if (cx->used[t])
            return 0;
    *mb = pb->begin;
    *me = pb->end;
    return 1;
}

/* A document named in a prepositional phrase of [b, e): "In einem
 * Bericht der Salzburger Nachrichten wurde vermutet". Sets the noun
 * phrase after the preposition. */
static int medium_pp(const cx_t *cx, uint32_t b, uint32_t e, int64_t *sb,
                     int64_t *se)
{
    uint32_t t, x, h;
    for (t = b; t + 1 < e; t++) {
        if (!(C(cx, t) & CL_PREP) || (C(cx, t) & CL_DET) || cx->inq[t] >= 0)
            continue;
        if ((x = np_from(cx, t + 1, e, 0)) <= t + 1)
            continue;
        for (h = t + 1; h < x && (C(cx, h) & CL_DET); h++)
            ;
        while (h < x && is_modifier(cx, h))
            h++;
        if (h < x && (C(cx, h) & (CL_MEDIUM | CL_STMT))) {
            *sb = t + 1;
            *se = x;
            return 1;
        }
    }
    return 0;
}

/* A participle cue with a passive auxiliary in its clause: "wurde
 * bestätigt", "war begründet worden". */
static int passive_clause(const cx_t *cx, uint32_t cs, uint32_t ce,
                          uint32_t i)
{
    uint32_t t;
    if (!(C(cx, i) & CL_PARTIC) && !(C(cx, i) & CL_REPORT))
        return 0;
    for (t = cs; t < ce; t++)
        if ((C(cx, t) & CL_PASSIVE) && cx->inq[t] < 0)
            return 1;
    return 0;
}

/* The first quotation in [from, to) before a boundary outside quotations,
 * that is what a cue verb reports: not a title ("in der „Süddeutschen
 * Zeitung“"), unless the title-like quotation is introduced like a
 * characterisation ("als „Fest“", "Parolen wie „Thaksin raus!“", "eine
 * wachsende „Kluft ...“"). NULL when there is none. */
static const claims_quote_t *cue_quote(const cx_t *cx, uint32_t from,
                                       uint32_t to)
{
    const claims_words_t *w = cx->w;
    uint32_t t;
    for (t = from; t < to; t++) {
        const claims_quote_t *q = quote_at(cx, t);
        if (!q) {
            if (is_bound(cx, t))
                return NULL;
            continue;
        }
        if (q->open == t &&
            (!cx->qname[cx->inq[t]] ||
             (t > cx->b && (is_hash(cx, t - 1, w->als) ||
                            is_hash(cx, t - 1, w->wie) ||
                            is_hash(cx, t - 1, w->zu) ||
                            (is_modifier(cx, t - 1) &&
                             T(cx, t - 1)->kind == NE_TOK_WORD)))))
            return q;
        t = quote_last(q);
    }
    return NULL;
}

/* A speech act whose content is named: a prepositional object ("warnte
 * vor ...", "sprach von ...", "plädierte für ..."), a predicate with als
 * ("bezeichnete X als Y"), or a zu-infinitive; a bare accusative object
 * ("kritisierte die Pläne") is no reported content, except after a
 * demand or an accusation (obj: "forderte den Rücktritt", "warf ihm
 * Verrat vor"), where the object is what was demanded or alleged. pred:
 * the cue takes an object and its predicate ("nannte X
 * unverhältnismäßig"). */
static int act_complement(const cx_t *cx, uint32_t mb, uint32_t me, int pred,
                          int obj)
{
    uint32_t t;
    mb = skip_adverbs(cx, mb, me); /* "weist selbst auf ... hin" */
    if (mb < me && (C(cx, mb) & CL_PREP) && !(C(cx, mb) & CL_DET))
        return 1;
    if (pred || obj)
        return 1; /* "nannte den Ausstand unverhältnismäßig" */
    for (t = mb; t < me; t++)
        if (cx->inq[t] < 0 && (is_hash(cx, t, cx->w->als) ||
                               zu_infinitive(cx, t, me)))
            return 1;
    return 0;
}

/* Emit c with the quotation q as its message (direct speech). */
static int emit_quote(cx_t *cx, cand_t *c, const claims_quote_t *q)
{
    c->mb = q->open;
    c->me = quote_last(q) + 1;
    c->score = 0.65f;
    return emit(cx, c);
}

/* A reported speech act, the whole of its clause: "Die Brauer warnen vor
 * der Gasförderung", "SPD und PDS haben die Vorwürfe zurückgewiesen".
 * The message is what follows the cue (and a speaker after it), up to a
 * separable particle; when that is too short, the prefield ("Eine
 * Verschiebung bezeichnete Conze als fatal"). */
static int reported_act(cx_t *cx, cand_t *c, uint32_t cs, uint32_t i,
                        uint32_t ce)
{
    uint32_t mb = i + 1, me = ce;
    const claims_quote_t *q;
    int64_t part;
    int obj;
    if (i + 1 < ce && is_hash(cx, i + 1, cx->w->sich) &&
        !(c->ce > (int64_t)i + 1))
        return 0; /* "nennt sich", but "sprach sich ... aus" is a claim */
    if (c->sb > (int64_t)i)
        mb = (uint32_t)c->se;
    if (c->ce > (int64_t)i + 1 || (c->cb > (int64_t)i))
        me = (uint32_t)NE_MAX(c->cb, c->ce - 1);
    if (is_cue(cx, i, &part) && part > (int64_t)i && part < (int64_t)me)
        me = (uint32_t)part; /* the particle of a split cue: "warf ... vor" */
    while (me > mb && (C(cx, me - 1) & CL_AUX))
        me--; /* "... zurückgewiesen haben" */
    if (n_words(cx, mb, me) < 2 && c->sb > (int64_t)i && i > cs + 1) {
        mb = cs;
        me = i;
    }
    /* "wies dies als „Unverschämtheit“ zurück": the quotation is what
     * was said, even a short one */
    q = cue_quote(cx, c->sb > (int64_t)i ? (uint32_t)c->se : i + 1,
                  block_body_end(cx));
    if (q)
        return emit_quote(cx, c, q);
    if (n_words(cx, mb, me) < 2)
        return 0;
    /* "forderte X auf": the object is the addressee, not the demand
     * ("forderte X an", "forderte X heraus": other verbs); and
     * a demand is a claim only from a speaker ("Die Täter forderten
     * Bargeld" is none) */
    obj = (C(cx, i) & CL_OBJ) &&
          !(ce > i + 1 && (is_hash(cx, ce - 1, cx->w->auf) ||
                           is_hash(cx, ce - 1, cx->w->an) ||
                           is_hash(cx, ce - 1, cx->w->heraus))) &&
          speaker_like(cx, c->sb, c->se);
    if (!act_complement(cx, mb, me, (C(cx, i) & CL_PRED) != 0, obj))
        return 0;
    c->mb = mb;
    c->me = me;
    c->score = 0.6f;
    return emit(cx, c);
}

/* A cue at the end of a subordinate or relative clause: "..., zumal
 * Verteidiger Dingfelder betont hatte, der Angeklagte sei ...", "ein
 * Prediger, der alle aufforderte, Israel nicht zu unterstützen". The
 * message must show it is reported (dass, Konjunktiv, zu-infinitive); a
 * relative pronoun is the speaker as written, its antecedent names the
 * entity. */
static int subordinate_frame_de(cx_t *cx, uint32_t i, uint32_t cs,
                                uint32_t ce)
{
    uint32_t t, end = block_body_end(cx), k;
    const claims_quote_t *q;
    int64_t part;
    cand_t c;

    if (is_dass(cx, cs) || (C(cx, cs) & CL_WIE) || !is_cue(cx, i, &part))
        return 0;
    if ((C(cx, i) & CL_COGN) &&
        !(ce + 1 < end && is_ch(cx, ce, ',') &&
          has_subj_any(cx, ce + 1, clause_end(cx, ce + 1))))
        return 0; /* "da sie befürchten, viele könnten ..." */
    if (i > cs + 2 && cx->inq[i - 1] >= 0 &&
        (q = quote_at(cx, i - 1))->open > cs &&
        is_hash(cx, q->open - 1, cx->w->als)) {
        /* "der Ahmadinedschads Wahlsieg als „Fest“ bezeichnete" */
        cand_init(&c, NE_CLAIM_DIRECT);
        c.cb = i;
        c.ce = i + 1;
        if (C(cx, cs) & CL_RELPRON) {
            c.sb = cs;
            c.se = cs + 1;
        } else if (!np_after(cx, cs + 1, q->open, &c.sb, &c.se)) {
            return 0;
        }
        return emit_quote(cx, &c, q);
    }
    if (ce >= end || !is_ch(cx, ce, ','))
        return 0;
    for (t = i + 1; t < ce; t++) /* the cue ends its clause */
        if (!(C(cx, t) & CL_AUX) && t != part)
            return 0;
    cand_init(&c, NE_CLAIM_INDIRECT);
    c.cb = part >= 0 && part < (int64_t)i ? part : i;
    c.ce = i + 1;
    if (C(cx, cs) & CL_RELPRON) {
        c.sb = cs;
        c.se = cs + 1;
        for (k = clause_begin(cx, cs - 1); k + 1 < cs; k++)
            if (np_from(cx, k, cs - 1, 1) == cs - 1) {
                c.eb = k;
                c.ee = cs - 1;
                break;
            }
    } else if (!np_after(cx, cs + 1, i, &c.sb, &c.se)) {
        return 0;
    }
    c.mb = ce + 1;
    c.me = message_end_de(cx, ce + 1, end);
    if (!evidence_de(cx, c.mb, c.me, 0))
        return 0;
    c.score = 0.7f;
    return emit(cx, &c);
}

/* Is [cs, ce) impersonal: "es", "man" or a passive auxiliary? */
static int impersonal(const cx_t *cx, uint32_t cs, uint32_t ce)
{
    for (; cs < ce; cs++)
        if (cx->inq[cs] < 0 &&
            (is_hash(cx, cs, cx->w->es) || is_hash(cx, cs, cx->w->man) ||
             (C(cx, cs) & CL_PASSIVE)))
            return 1;
    return 0;
}

/* Does the clause at b show reported speech by its form: dass/ob, a
 * zu-infinitive, or Konjunktiv I in a clause that is not relative?
 * Returns 2 for a zu-infinitive (a clause of its own), 1 for the others,
 * 0. */
static int reported_clause_de(const cx_t *cx, uint32_t b, uint32_t me)
{
    uint32_t ce = clause_end(cx, b), t;
    if (b >= me || cx->inq[b] >= 0)
        return 0;
    if (is_dass(cx, b))
        return 1;
    if ((C(cx, b) & (CL_SUBCONJ | CL_COORD | CL_WIE)) || final_zu(cx, b))
        return 0;
    for (t = b; t < ce && t < me; t++)
        if (cx->inq[t] < 0 && zu_infinitive(cx, t, ce))
            return 2; /* "die Steuern zu senken" */
    if ((C(cx, b) & CL_RELPRON) && !main_clause_np(cx, b, ce))
        return 0;
    for (t = b; t < ce && t < me; t++)
        if ((C(cx, t) & CL_SUBJ) && cx->inq[t] < 0)
            return 1;
    return 0;
}

/*
 * The fallback for German frames the rules above miss: a clause with a cue
 * word, strong or weak ("stellten die Theorie auf", "ist der Meinung",
 * "wurde bekannt", "haben signalisiert"), then a comma and a clause that
 * shows reported speech by its form. The speaker is the clause's subject
 * when there is one; impersonal and passive frames have none.
 */
static int clause_frame_de(cx_t *cx, uint32_t k)
{
    uint32_t cs, end = block_body_end(cx), t, fin, cue = 0;
    int form;
    int64_t part;
    cand_t c;

    if (k <= cx->b + 1 || k + 2 >= end || !is_ch(cx, k, ',') ||
        cx->inq[k] >= 0 || cx->used[k + 1] || is_question(cx) ||
        !(form = reported_clause_de(cx, k + 1, end)))
        return 0;
    cs = clause_begin(cx, k);
    if (range_used(cx, cs, k) || (C(cx, cs) & CL_WIE) || is_dass(cx, cs) ||
        ((C(cx, cs) & CL_RELPRON) && cs > cx->b && !main_clause_np(cx, cs, k)))
        return 0;
    /* the last speech verb of the clause, else its first cue word */
    for (t = k; t-- > cs && !cue;)
        if (cx->inq[t] < 0 && (C(cx, t) & (CL_VERB | CL_SEP | CL_HEISST)) &&
            is_cue(cx, t, &part))
            cue = t + 1;
    for (t = cs; t < k && !cue; t++)
        if (cx->inq[t] < 0 &&
            (((C(cx, t) & CL_WEAK) && !is_capword(cx, t)) ||
             (C(cx, t) & (CL_CNOUN | CL_HEISST))))
            cue = t + 1;
    if (!cue--)
        return 0;
    cand_init(&c, NE_CLAIM_INDIRECT);
    c.cb = cue;
    c.ce = cue + 1;
    if ((C(cx, cue) & (CL_VERB | CL_SEP)) && negated(cx, cs, k, cue))
        return 0;
    for (fin = cs; fin < k; fin++)
        if ((C(cx, fin) & CL_VERBISH) && !(C(cx, fin) & CL_PARTIC) &&
            cx->inq[fin] < 0)
            break;
    if (fin == k) {
        /* a verb the lexicon does not know ("vertritt die Ansicht"): the
         * first lower-case word after a noun phrase, or a weak cue verb */
        uint32_t x = np_from(cx, cs, k, 0);
        if (!is_capword(cx, cue) && !(C(cx, cue) & CL_PARTIC))
            fin = cue;
        else if (x > cs && x < k && T(cx, x)->kind == NE_TOK_WORD &&
                 !is_capword(cx, x) && !(C(cx, x) & CL_FUNC))
            fin = x;
    }
    if (C(cx, cs) & CL_SUBCONJ) {
        /* "Nachdem bekannt geworden war, dass": the subject, if any,
         * follows the conjunction */
        if (cs + 1 < k && !(C(cx, cs + 1) & (CL_WEAK | CL_VERBISH)))
            np_after(cx, cs + 1, k, &c.sb, &c.se);
    } else if (fin < k && fin > cs) {
        if (!subject_prefield(cx, cs, fin, &c.sb, &c.se))
            np_after(cx, fin + 1, k, &c.sb, &c.se);
    } else if (fin == cs) {
        np_after(cx, fin + 1, k, &c.sb, &c.se);
    }
    if (is_capword(cx, cue) && (C(cx, cue) & CL_CNOUN) &&
        (c.sb < 0 || ((int64_t)cue >= c.sb && (int64_t)cue < c.se))) {
        /* a claim noun that is no object of a speaker: its genitive names
         * the source ("die Forderung des Vorsitzenden"), else the noun
         * phrase stands for it as written ("Seine zentrale Aussage") */
        uint32_t nb = cue, ne = cue + 1;
        int64_t sb = -1, se = -1;
        while (nb > cs && ((C(cx, nb - 1) & CL_DET) ||
                           (is_modifier(cx, nb - 1) &&
                            T(cx, nb - 1)->kind == NE_TOK_WORD)))
            nb--;
        if (anoun_source(cx, nb, cue, k, &sb, &se)) {
            c.sb = sb;
            c.se = se;
        } else {
            c.sb = nb;
            c.se = ne;
        }
    }
    if (c.sb >= 0 && (C(cx, (uint32_t)c.sb) & CL_PERSPRON) &&
        !(C(cx, (uint32_t)c.sb) & CL_PRON))
        c.sb = -1; /* "man", "es" */
    if (C(cx, cue) & CL_HEISST) {
        /* "In dem Bericht heißt es": the document speaks */
        c.sb = -1;
        for (t = cs; t + 1 < k && c.sb < 0; t++)
            if ((C(cx, t) & CL_PREP) && !(C(cx, t) & CL_DET) &&
                np_from(cx, t + 1, k, 0) > t + 1) {
                c.sb = t + 1;
                c.se = np_from(cx, t + 1, k, 0);
            }
    } else if (c.sb < 0 && (C(cx, cue) & (CL_VERB | CL_SEP)) &&
               !passive_clause(cx, cs, k, cue) && !impersonal(cx, cs, k)) {
        return 0; /* a speech verb whose speaker was not found */
    }
    if (c.sb < 0)
        medium_pp(cx, cs, k, &c.sb, &c.se);
    c.mb = k + 1;
    c.me = form == 2 ? clause_end(cx, k + 1) : message_end_de(cx, k + 1, end);
    c.score = 0.55f;
    return emit(cx, &c);
}

/* A cue whose clause holds no message ("X wies den Vorwurf zurück."):
 * a next sentence in reported speech may be it. */
static void set_pending(cx_t *cx, const cand_t *c)
{
    cx->pend_sb = c->sb;
    cx->pend_se = c->se;
    cx->pend_cb = c->cb;
    cx->pend_ce = c->ce;
    cx->pend_block = cx->block;
}

/* German leading frame: "X sagte (der Zeitung), MSG", "X sagte: „Q“",
 * "Am Dienstag hatte X erklärt, MSG", "In dem Bericht heißt es, MSG",
 * and "Das erklärte X." with the message in the sentence before. */
static int leading_frame_de(cx_t *cx, uint32_t i)
{
    uint32_t cs = clause_begin(cx, i), ce = clause_end(cx, i), fin = i, mb, me;
    uint32_t k;
    int64_t part = -1;
    int colon, anaph, passive = 0;
    cand_t c;

    if (i + 1 >= cx->e || is_question(cx))
        return 0;
    /* relative and subordinate clauses: "der ... gefordert wird," but
     * not a main clause after a comma: "die Organisation bezweifelt" */
    if (cs > cx->b && ((C(cx, cs) & (CL_SUBCONJ | CL_WIE)) ||
                       ((C(cx, cs) & CL_RELPRON) && !main_clause_np(cx, cs, i)) ||
                       ((C(cx, cs) & CL_PREP) && cs + 1 < i &&
                        (C(cx, cs + 1) & CL_RELPRON))))
        return subordinate_frame_de(cx, i, cs, ce);
    if (cs > cx->b && (C(cx, cs) & CL_COORD) && cs + 1 == i &&
        is_cue(cx, i, &part)) {
        /* "..., und kündigte an, ...": the sentence's subject */
        for (fin = cx->b; fin < cs; fin++)
            if ((C(cx, fin) & CL_VERBISH) && !(C(cx, fin) & CL_PARTIC))
                break;
        if (fin < cs && fin > cx->b &&
            subject_prefield(cx, cx->b, fin, &c.sb, &c.se)) {
            cand_init(&c, NE_CLAIM_INDIRECT);
            subject_prefield(cx, cx->b, fin, &c.sb, &c.se);
            c.cb = i;
            c.ce = i + 1;
            if (ce < cx->e && is_ch(cx, ce, ',') &&
                evidence_de(cx, ce + 1, block_body_end(cx), 0)) {
                c.mb = ce + 1;
                c.me = message_end_de(cx, ce + 1, block_body_end(cx));
                c.score = 0.75f;
                return emit(cx, &c);
            }
        }
        return 0;
    }
    /* "Das erklärte X.", "Dies gab heute X bekannt.", "Das wurde vom
     * Presseamt bekannt gegeben.": the message is the sentence before */
    anaph = cs == cx->b && cs + 1 < i + 1 &&
            (is_hash(cx, cs, cx->w->das) || is_hash(cx, cs, cx->w->dies)) &&
            (C(cx, cs + 1) & CL_VERBISH);
    cand_init(&c, NE_CLAIM_INDIRECT);
    c.cb = i;
    c.ce = i + 1;
    c.plural = (C(cx, i) & CL_PLURAL) != 0;
    if (C(cx, i) & CL_HEISST) {
        /* "heißt es": the source is a document named in the prefield */
        if (!(i + 1 < ce && is_hash(cx, i + 1, cx->w->es)) &&
            !(i > cs && is_hash(cx, i - 1, cx->w->es)))
            return 0;
        if (cs + 1 < i && (C(cx, cs) & CL_PREP) &&
            np_from(cx, cs + 1, i, 0) > cs + 1) {
            c.sb = cs + 1; /* "In der Pressemitteilung des WWF heißt es" */
            c.se = np_from(cx, cs + 1, i, 0);
        } else if (cs > cx->b + 2 && is_ch(cx, cs - 1, ',') &&
                   (C(cx, cx->b) & CL_PREP) && !(C(cx, cx->b) & CL_DET) &&
                   (k = np_from(cx, cx->b + 1, cs, 0)) > cx->b + 1 &&
                   k + 1 < cs && is_ch(cx, k, ',') &&
                   (C(cx, k + 1) & CL_RELPRON)) {
            /* "In dieser Resolution, die ... angenommen wurde, heißt es" */
            c.sb = cx->b + 1;
            c.se = k;
        } else if (i + 3 < ce && is_hash(cx, i + 1, cx->w->es) &&
                   (C(cx, i + 2) & CL_PREP) && !(C(cx, i + 2) & CL_DET) &&
                   (k = np_from(cx, i + 3, ce, 0)) > i + 3) {
            c.sb = i + 3; /* "Nun heißt es im Abschlussbericht, ..." */
            c.se = k;
        }
    } else {
        if (!is_cue(cx, i, &part))
            return 0;
        for (fin = cs; fin < i; fin++)
            if ((C(cx, fin) & CL_VERBISH) && !(C(cx, fin) & CL_PARTIC))
                break;
        if (negated(cx, fin, ce, i))
            return 0;
        if (fin > cs && !anaph &&
            !subject_prefield(cx, cs, fin, &c.sb, &c.se))
            subject_after_de(cx, fin + 1, ce, &c.sb, &c.se);
        else if (fin > cs && !anaph && !speaker_like(cx, c.sb, c.se) &&
                 !(C(cx, i) & CL_OBJ)) {
            /* "Die Äußerungen bezeichnete Wiefelspütz als ...": the
             * prefield is the object when a speaker follows the verb;
             * not after a demand or accusation, whose dative follows
             * ("Die Opposition warf der Regierung Wortbruch vor") */
            int64_t sb = -1, se = -1;
            if (subject_after_de(cx, fin + 1, ce, &sb, &se) &&
                speaker_like(cx, sb, se)) {
                c.sb = sb;
                c.se = se;
            }
        }
        if (anaph)
            np_after(cx, fin + 1, block_body_end(cx), &c.sb, &c.se);
        for (k = cx->b; k + 1 < cs && (C(cx, k) & CL_FOCUS) &&
                        !(C(cx, k) & (CL_DET | CL_PRON));
             k++)
            ; /* "Auch die Delegationsleiterin, Sharon Hayes, äußerte" */
        if (fin == cs && cs > k + 1 && is_ch(cx, cs - 1, ',') &&
            np_chain(cx, k, cs - 1) && !(C(cx, k) & CL_PREP)) {
            /* "Der Vertreter der Arbeitgeber, Peter Clever, hat ..." */
            c.sb = k;
            c.se = cs - 1;
        } else if (fin == cs && !(cs > cx->b &&
                                  subject_interrupted(cx, cs, &c.sb, &c.se)))
            subject_after_de(cx, fin + 1, ce, &c.sb, &c.se);
        if (passive_clause(cx, cs, ce, i)) {
            /* "wurde von der Polizei bestätigt": the agent speaks; "es
             * wurde bekannt, dass": nobody named */
            c.sb = -1;
            for (k = cs; k + 1 < i; k++)
                if ((is_hash(cx, k, cx->w->von) || is_hash(cx, k, cx->w->vom)) &&
                    np_from(cx, k + 1, i, 0) > k + 1) {
                    c.sb = k + 1;
                    c.se = np_from(cx, k + 1, i, 0);
                    break;
                }
            if (c.sb < 0) /* "In einem Bericht wurde vermutet" */
                medium_pp(cx, cs, i, &c.sb, &c.se);
            passive = 1;
        }
        if (c.sb < 0 && !passive)
            return 0;
        /* A leading frame is a main clause: at the block start, after a
         * colon, first after a clausal prefield ("Als ..., sagte er,
         * ..."), with its subject before an interruption, or after the
         * first part of its subject ("Singer, ein Experte, sagte"). */
        if (cs > cx->b && !is_ch(cx, cs - 1, ':') && !is_ch(cx, cs - 1, ';') &&
            (c.sb >= cs || passive) && fin != cs) {
            if (passive)
                return 0;
            if (is_ch(cx, cs - 1, ',') && np_chain(cx, cx->b, cs - 1))
                c.sb = cx->b;
            else if (!is_ch(cx, cs - 1, ',') || c.sb != cs ||
                     !speaker_like(cx, c.sb, c.se))
                return 0; /* but ", Bundestrainer Löw bezeichnete ..." */
        }
        if (part >= 0 && part > i)
            c.ce = i + 1;
        else if (part >= 0)
            c.cb = part;
        /* an apposition of the speaker may run past the clause */
        if (c.se > ce)
            ce = clause_end(cx, (uint32_t)c.se);
    }
    if (anaph && c.sb >= 0 && rest_is_adjunct(cx, i + 1) &&
        previous_block(cx, &mb, &me)) {
        c.mb = mb;
        c.me = me;
        c.score = 0.7f;
        return emit(cx, &c);
    }
    if (ce >= cx->e || (!is_ch(cx, ce, ',') && !is_ch(cx, ce, ':') &&
                        !(cx->inq[ce] >= 0 && quote_at(cx, ce)->open == ce))) {
        if (c.sb >= 0 && !anaph && (ce >= cx->e || is_final(cx, ce)) &&
            !(C(cx, i) & CL_HEISST)) {
            const claims_quote_t *q;
            if ((C(cx, i) & CL_REPORT) && !passive &&
                reported_act(cx, &c, cs, i, ce))
                return 1;
            if (!passive && !(C(cx, i) & CL_COGN) &&
                (q = cue_quote(cx, c.sb > (int64_t)i ? (uint32_t)c.se : i + 1,
                               block_body_end(cx))) &&
                emit_quote(cx, &c, q))
                return 1; /* "konstatierte eine wachsende „Kluft ...“" */
            set_pending(cx, &c);
        } else if (passive && c.sb < 0 && !anaph && !(C(cx, i) & CL_HEISST) &&
                   (ce >= cx->e || is_final(cx, ce))) {
            set_pending(cx, &c); /* "Diese Nachricht wurde dementiert." */
        }
        return 0;
    }
    colon = is_ch(cx, ce, ':');
    mb = cx->inq[ce] >= 0 ? ce : ce + 1;
    me = block_body_end(cx);
    if (mb >= me && (me = next_block_quote(cx, ce)) > 0)
        mb = ce + 1;
    else if (mb < me)
        me = message_end_de(cx, mb, me);
    if (!msg_ok(cx, i, mb, me, colon,
                has_object_de(cx, i, ce, c.sb, c.se))) {
        /* "Byrs forderte einen Korridor, um ... zu bringen": no message
         * clause, but a reported speech act */
        if ((C(cx, i) & CL_REPORT) && c.sb >= 0 && !anaph && !passive &&
            !colon && !reported_clause_de(cx, ce + 1, block_body_end(cx)) &&
            reported_act(cx, &c, cs, i, ce))
            return 1;
        if (c.sb >= 0 && !anaph && !colon && !(C(cx, i) & CL_HEISST))
            set_pending(cx, &c); /* "X schildert die Fehlerkette, die ..." */
        return 0;
    }
    if ((C(cx, i) & CL_COGN) && !is_dass(cx, mb) && cx->inq[mb] < 0 &&
        !colon && !has_subj1(cx, mb, me))
        return 0;
    c.mb = mb;
    c.me = me;
    c.score = 0.85f;
    return emit(cx, &c);
}

/* English messages stop where a new clause hangs off the sentence:
 * ", meaning ...", ", who ...", ", but ...", ", according to ...", and
 * after the first comma when the frame sits in a subordinate clause
 * ("when he says X, it would seem ..."). */
static uint32_t message_end_en(const cx_t *cx, uint32_t mb, uint32_t me,
                               int subordinate)
{
    uint32_t t, k;
    for (t = mb + 1; t + 1 < me; t++) {
        const claims_quote_t *q = quote_at(cx, t);
        if (q) {
            t = quote_last(q);
            continue;
        }
        if (C(cx, t) & CL_COORD) {
            /* "... and said MSG2", "but suggested ...": the subject
             * speaks again */
            for (k = t + 1; k < me && (C(cx, k) & (CL_ADV | CL_FOCUS)) &&
                            !is_head(cx, k);
                 k++)
                ;
            if (k < me && (C(cx, k) & CL_VERB) && !is_ing(cx, k))
                return is_ch(cx, t - 1, ',') ? t - 1 : t;
            /* ", and nearly three in five said ...": a new speaker */
            if (is_ch(cx, t - 1, ',') &&
                (k = np_from(cx, t + 1, me, 0)) > t + 1 && k < me &&
                (C(cx, k) & CL_SAY) && (C(cx, k) & CL_VERB))
                return t - 1;
        }
        if (!is_ch(cx, t, ',') && !is_dash(cx, t) && !is_ch(cx, t, ';'))
            continue;
        if (is_ch(cx, t, ',') && cx->h[t + 1] == cx->w->but)
            return t; /* "Trump by name, but the message has been clear" */
        if (subordinate || is_ch(cx, t, ';') || is_ing(cx, t + 1) ||
            (C(cx, t + 1) & (CL_RELPRON | CL_ACCORD)) ||
            ((C(cx, t + 1) & CL_SUBCONJ) && !is_dass(cx, t + 1)))
            return t;
    }
    return me;
}

/* The subject of an English sentence, before lim: the noun phrase at
 * the block start, or after an introduction set off by a comma ("In an
 * interview with the Journal, Trump ...", "Asked about it, she ...").
 * Returns its start and sets *se, or returns lim when there is none. */
static uint32_t sentence_subject_en(const cx_t *cx, uint32_t lim,
                                    uint32_t *se)
{
    uint32_t b = cx->b, x, n, k;
    for (n = 0; n < 2 && b < lim; n++) {
        x = np_from(cx, b, lim, 0);
        if (x == b && !(C(cx, b) & (CL_PREP | CL_SUBCONJ | CL_WIE)))
            x = np_loose_en(cx, b, lim);
        if (x > b && x < lim && !is_bound(cx, x)) {
            *se = x;
            return b;
        }
        /* an introduction: a prepositional or subordinate phrase, an
         * adverb, a participle */
        if (!(C(cx, b) & (CL_PREP | CL_SUBCONJ | CL_WIE | CL_ADV | CL_TIME |
                          CL_VERB)) && !(T(cx, b)->flags & NE_TOKF_CAP))
            break;
        for (k = b; k < lim && !is_ch(cx, k, ','); k++)
            if (is_bound(cx, k))
                return lim;
        b = k + 1;
    }
    return lim;
}

/* ", saying MSG", ", adding that MSG": the subject of the sentence said
 * it. */
/* The speaker of a frame that ends at the comma at k: "“Q,” Buchanan
 * said, noting ...", "..., said Buchanan, noting ...". */
static int frame_before_en(const cx_t *cx, uint32_t k, int64_t *sb,
                           int64_t *se)
{
    int64_t part;
    uint32_t v, cs;
    if (k < cx->b + 2)
        return 0;
    v = k - 1;
    if ((C(cx, v) & CL_SAY) && is_cue(cx, v, &part)) {
        cs = clause_begin(cx, v);
        return cs < v && subject_left_en(cx, cs, v, sb, se);
    }
    for (v = clause_begin(cx, k - 1); v < k; v++)
        if ((C(cx, v) & CL_SAY) && is_cue(cx, v, &part))
            break;
    return v + 1 < k && np_after(cx, v + 1, k, sb, se) && *se == k;
}

static int saying_frame(cx_t *cx, uint32_t i)
{
    uint32_t end = block_body_end(cx), x, b;
    cand_t c;
    if (i <= cx->b + 1 || !is_ch(cx, i - 1, ',') || !is_ing(cx, i) ||
        !(C(cx, i) & CL_VERB) || (C(cx, i) & CL_COGN))
        return 0;
    cand_init(&c, NE_CLAIM_INDIRECT);
    b = sentence_subject_en(cx, i, &x);
    if (b < i && x < i - 1) {
        c.sb = b;
        c.se = x;
    } else if (!frame_before_en(cx, i - 1, &c.sb, &c.se)) {
        return 0;
    }
    c.cb = i;
    c.ce = i + 1;
    c.mb = i + 1;
    if ((C(cx, i) & CL_ADDR) && c.mb < end)
        c.mb = NE_MAX(c.mb, np_from(cx, c.mb, end, 1)); /* "telling CNN" */
    c.me = message_end_en(cx, c.mb, end, 0);
    if (n_words(cx, c.mb, c.me) < 3)
        return 0;
    c.score = 0.7f;
    return emit(cx, &c);
}

/* "Grassley downplayed the attack and said MSG", "then says MSG": the
 * cue shares the sentence's subject. */
static int coordinated_subject(const cx_t *cx, uint32_t i, int64_t *sb,
                               int64_t *se)
{
    uint32_t j = i, x, b;
    while (j > cx->b && (C(cx, j - 1) & (CL_ADV | CL_FOCUS)) &&
           !(C(cx, j - 1) & CL_COORD))
        j--;
    if (j <= cx->b + 2 ||
        !((C(cx, j - 1) & CL_COORD) || is_ch(cx, j - 1, ',')))
        return 0;
    if (cx->en) {
        b = sentence_subject_en(cx, j, &x);
        if (b >= j || x + 1 >= j)
            return 0;
        *sb = b;
        *se = x;
        return 1;
    }
    x = np_from(cx, cx->b, j, 0);
    if (x == cx->b || x + 1 >= j || is_bound(cx, x))
        return 0;
    *sb = cx->b;
    *se = x;
    return 1;
}

/* "Trump wants to say", "used his speech to call for": the subject of
 * the sentence governs the infinitive cue at i. */
static int infinitive_subject(const cx_t *cx, uint32_t i, int64_t *sb,
                              int64_t *se)
{
    uint32_t b, x;
    if (i < cx->b + 2 || !is_hash(cx, i - 1, cx->w->to))
        return 0;
    b = sentence_subject_en(cx, i - 1, &x);
    if (b >= i - 1 || x >= i - 1)
        return 0;
    *sb = b;
    *se = x;
    return 1;
}

/* English leading frame: "X said (on Tuesday) (that) MSG", "X told Y
 * (that) MSG", "X said: “Q”". */
static int leading_frame_en(cx_t *cx, uint32_t i)
{
    uint32_t cs = clause_begin(cx, i), end = block_body_end(cx), j, n, k, x;
    int med;
    int64_t part;
    cand_t c;

    if (!is_cue(cx, i, &part) || (is_question(cx) && !(C(cx, i) & CL_QVERB)))
        return 0;
    if (i > cx->b && (C(cx, i - 1) & CL_NEG))
        return 0; /* "did not say", "never said" */
    cand_init(&c, NE_CLAIM_INDIRECT);
    c.cb = i;
    c.ce = i + 1;
    c.plural = (C(cx, i) & CL_PLURAL) != 0;
    if (i > cx->b + 1 && (C(cx, i - 1) & CL_RELPRON)) {
        /* "García, who accused him of ...": the relative pronoun as
         * written, linked to the noun phrase before it */
        uint32_t a = i - 1 - is_ch(cx, i - 2, ',');
        c.sb = i - 1;
        c.se = i;
        for (k = clause_begin(cx, a - 1); k < a; k++)
            if (np_from(cx, k, a, 1) == a) {
                c.eb = k;
                c.ee = a;
                break;
            }
    } else if (!subject_left_en(cx, cs, i, &c.sb, &c.se) &&
               !(cs == i && subject_interrupted(cx, cs, &c.sb, &c.se)) &&
               !coordinated_subject(cx, i, &c.sb, &c.se) &&
               !infinitive_subject(cx, i, &c.sb, &c.se))
        return 0;
    /* "made (it) clear", "went after": the cue runs on; "pointed out",
     * "lashed out at": so does a particle */
    x = made_clear(cx, i);
    if (x > i)
        c.ce = x + 1;
    if ((uint32_t)c.ce + 1 < end && cx->h[c.ce] == cx->w->out)
        c.ce++;
    /* "said during his speech Tuesday that", "told a crowd at a hotel
     * in Baltimore that": adjuncts and addressee up to a "that" */
    for (k = (uint32_t)c.ce; k < end && k < i + 16; k++) {
        if (cx->inq[k] >= 0 || is_bound(cx, k) || is_dass(cx, k) ||
            (C(cx, k) & (CL_VERBISH | CL_SUBCONJ | CL_RELPRON | CL_VERB)))
            break;
    }
    j = k > (uint32_t)c.ce + 1 && k < end && is_dass(cx, k) &&
                cx->inq[k] < 0
            ? k
            : (uint32_t)c.ce;
    for (n = 0; j < end && n < 6 && !is_dass(cx, j); n++) {
        uint64_t cj = C(cx, j);
        if (cx->inq[j] >= 0 || is_dass(cx, j))
            break;
        if (((cj & (CL_ADV | CL_TIME)) && !(cj & CL_PRON) && !is_head(cx, j)) ||
            ly_adverb(cx, j)) {
            j++; /* "said pleasantly into the phone" */
            continue;
        }
        if ((cj & CL_PREP) && !(cj & CL_DET) && n < 3) {
            /* "said in a statement (Thursday)", "said on Tuesday", "said
             * in an op-ed piece before a hearing, “Q”" */
            k = np_from(cx, j + 1, end, 1);
            x = np_loose_en(cx, j + 1, end);
            if (x > k && x < end &&
                (is_ch(cx, x, ',') || is_dass(cx, x) || cx->inq[x] >= 0 ||
                 is_ch(cx, x, ':')))
                k = x;
            med = k > j + 1 && (C(cx, k - 1) & (CL_STMT | CL_MEDIUM | CL_TIME));
            while (med && k < end && T(cx, k)->kind == NE_TOK_WORD &&
                   !is_capword(cx, k) &&
                   !(C(cx, k) & (CL_FUNC | CL_TIME | CL_VERBISH | CL_VERB |
                                 CL_RELPRON)))
                k++; /* "an op-ed piece" */
            if (k > j + 1 && k < end &&
                (is_ch(cx, k, ',') || is_dass(cx, k) || cx->inq[k] >= 0 ||
                 is_ch(cx, k, ':') || med)) {
                j = k;
                continue;
            }
            if (j + 1 < end && (C(cx, j + 1) & CL_TIME)) {
                j += 2;
                continue;
            }
            break;
        }
        if ((C(cx, i) & CL_ADDR) && n == 0) {
            k = NE_MAX(np_from(cx, j, end, 1), np_loose_en(cx, j, end));
            if (k > j) {
                j = k;
                continue;
            }
        }
        break;
    }
    if (j < end && (is_ch(cx, j, ',') || is_ch(cx, j, ':')))
        j++;
    if (j >= end || (is_bound(cx, j) && cx->inq[j] < 0))
        return 0;
    if (((C(cx, j) & CL_PREP) ||
         (cx->h[j] == cx->w->to &&
          (cx->h[i] == cx->w->points || cx->h[i] == cx->w->point ||
           cx->h[i] == cx->w->pointed || cx->h[i] == cx->w->pointing))) &&
        !(C(cx, j) & CL_DET) && j == i + 1 && !(C(cx, i) & CL_SAY) &&
        j + 1 < end) {
        c.ce = j + 1; /* "called for", "pointed to", "talked about" */
        j++;
    } else if (C(cx, j) & (CL_PREP | CL_COORD) && !(C(cx, j) & CL_DET))
        return 0;
    if (((C(cx, j) & CL_SUBCONJ) && !is_dass(cx, j) &&
         !is_hash(cx, j, cx->w->if_) && !is_hash(cx, j, cx->w->because)) ||
        (C(cx, j) & (CL_ACCORD | CL_CITING)))
        return 0; /* "said when asked about it", "expected, according" */
    c.mb = j;
    if (c.se == (int64_t)i && (C(cx, i - 1) & CL_RELPRON))
        end = NE_MIN(end, clause_end(cx, j)); /* "who accused him of X," */
    c.me = message_end_en(cx, j, end, c.sb > cx->b &&
                                          (C(cx, (uint32_t)c.sb - 1) &
                                           CL_SUBCONJ) &&
                                          !is_dass(cx, (uint32_t)c.sb - 1));
    if (n_words(cx, j, c.me) < 2)
        return 0;
    c.score = 0.8f;
    return emit(cx, &c);
}

/* Does the block read as reported speech on its own: a Konjunktiv in its
 * first clauses, or the reportative "soll" ("Er soll ... haben")? Not
 * when it has a cue of its own that found no claim. */
static int reported_mood(const cx_t *cx, uint32_t end)
{
    uint32_t t;
    int64_t part;
    /* A block that opens with a subordinate clause reads as reported
     * only by a Konjunktiv I ("Da Deutschland am Rand liege, werde ...");
     * a Konjunktiv II there is a condition ("Wenn es regnete, wäre ..."),
     * but "Damit wäre ..." is a main clause. */
    int sub = (C(cx, cx->b) & CL_SUBCONJ) &&
              !(cx->b + 1 < end && (C(cx, cx->b + 1) & CL_VERBISH));
    for (t = cx->b; t < end && t < cx->b + 25; t++) {
        if (cx->inq[t] >= 0)
            continue;
        if ((C(cx, t) & (CL_VERB | CL_SEP | CL_HEISST)) &&
            is_cue(cx, t, &part))
            return 0;
        if (C(cx, t) & (sub ? CL_SUBJ : (CL_SUBJ | CL_SUBJ2)))
            return 1;
        if (sub)
            continue;
        if (is_hash(cx, t, cx->w->soll) || is_hash(cx, t, cx->w->sollen)) {
            /* reportative "soll ... geholfen haben", "soll resistent
             * sein": hearsay has "haben" or "sein"; the plan someone
             * announced ("soll 2010 stattfinden", "soll gebaut werden")
             * is marked too seldom to pay (WikiNews train: attributed
             * P 0.795 -> 0.808 at the same F1) */
            uint32_t ce = clause_end(cx, t), k;
            for (k = t + 1; k < ce; k++)
                if (is_hash(cx, k, cx->w->haben) ||
                    is_hash(cx, k, cx->w->sein))
                    return 1;
            return 0;
        }
    }
    return 0;
}

/* Pass 3: a block without a claim right after one continues it when it
 * is a quotation standing alone, or (German) reported speech in
 * Konjunktiv I. Consecutive continuations merge into one claim. A
 * sentence whose cue found no message ("X wies den Vorwurf zurück.")
 * lends its speaker to a next sentence in reported speech. */
static void continuation(cx_t *cx)
{
    ne_doc_t *doc = cx->doc;
    struct ne_claims_scratch_s *s = cx->s;
    uint32_t end = block_body_end(cx), t, prev;
    const claims_quote_t *q;
    ne_claim_t *last = NULL;
    uint32_t gap;
    cand_t c;

    if (end <= cx->b)
        return;
    for (t = cx->b; t < end; t++)
        if (cx->used[t])
            return;
    q = quote_at(cx, cx->b);
    if (q && (q->open != cx->b || quote_last(q) + 1 < end))
        q = NULL; /* not a quotation standing alone */
    if (cx->pend_cb >= 0 && cx->pend_block + 1 == cx->block &&
        T(cx, (uint32_t)cx->pend_cb)->field == T(cx, cx->b)->field &&
        (q || (!cx->en && reported_mood(cx, end)))) {
        cand_init(&c, NE_CLAIM_INDIRECT);
        c.mb = cx->b;
        c.me = end;
        c.sb = cx->pend_sb;
        c.se = cx->pend_se;
        c.cb = cx->pend_cb;
        c.ce = cx->pend_ce;
        c.score = 0.6f;
        cx->pend_cb = -1;
        emit(cx, &c);
        return;
    }
    if (!doc->claims.cnt)
        return;
    prev = (uint32_t)doc->claims.cnt - 1;
    last = &doc->claims.v[prev];
    gap = cx->block - s->claim_block.v[prev] - 1;
    if (gap > (q ? 0 : CONT_MAX_GAP) || !last->has_speaker ||
        last->speaker.field != T(cx, cx->b)->field)
        return;
    if (q) {
        if (cx->en && last->kind == NE_CLAIM_DIRECT &&
            s->claim_block.v[prev] + 1 == cx->block &&
            last->text.field == T(cx, cx->b)->field) {
            /* "“A,” he said. “B.”": one quotation interrupted by its
             * attribution; the message is its larger part */
            uint32_t lb = s->claim_tok.v[2 * prev];
            uint32_t le = s->claim_tok.v[2 * prev + 1];
            for (t = cx->b; t <= quote_last(q); t++)
                cx->used[t] = 1;
            s->claim_block.v[prev] = cx->block;
            cand_init(&c, NE_CLAIM_DIRECT);
            c.mb = cx->b;
            c.me = quote_last(q) + 1;
            if (n_words(cx, c.mb, c.me) > n_words(cx, lb, le) &&
                trim_message(cx, &c, &last->text) == 0) {
                s->claim_tok.v[2 * prev] = c.mb;
                s->claim_tok.v[2 * prev + 1] = c.me;
            }
            return;
        }
        cand_init(&c, NE_CLAIM_DIRECT);
        c.mb = cx->b;
        c.me = end;
        c.copy_from = (int)prev;
        c.score = 0.6f;
        if (n_words(cx, c.mb, c.me) >= 3)
            emit(cx, &c);
        return;
    }
    if (cx->en || quote_at(cx, cx->b) || !reported_mood(cx, end))
        return;
    if (!gap && !last->has_cue && s->claim_tok.v[2 * prev + 1] <= cx->b &&
        last->text.field == T(cx, cx->b)->field) {
        /* extend the previous continuation */
        for (t = cx->b; t < end; t++)
            cx->used[t] = 1;
        last->text.end = T(cx, end - 1)->end;
        s->claim_block.v[prev] = cx->block;
        s->claim_tok.v[2 * prev + 1] = end;
        return;
    }
    cand_init(&c, NE_CLAIM_INDIRECT);
    c.mb = cx->b;
    c.me = end;
    c.copy_from = (int)prev;
    c.score = 0.6f;
    emit(cx, &c);
}

/* The speaker-like subject of the block's first clause ("Die äthiopische
 * Regierung warnt vor ..."), or 0. */
static int block_subject_de(const cx_t *cx, int64_t *sb, int64_t *se)
{
    uint32_t ce = clause_end(cx, cx->b), fin;
    for (fin = cx->b; fin < ce; fin++)
        if (cx->inq[fin] < 0 && (C(cx, fin) & CL_VERBISH) &&
            !(C(cx, fin) & CL_PARTIC))
            break;
    if (fin >= ce)
        return 0;
    if (fin > cx->b && subject_prefield(cx, cx->b, fin, sb, se) &&
        speaker_like(cx, *sb, *se))
        return 1;
    return np_after(cx, fin + 1, ce, sb, se) && *sb == fin + 1 &&
           speaker_like(cx, *sb, *se) && !(C(cx, (uint32_t)*sb) & CL_PERSPRON &&
                                          !(C(cx, (uint32_t)*sb) & CL_PRON));
}

/* A German block in Konjunktiv I with no claim nor cue of its own, right
 * after a block without a claim whose subject reads as a speaker: the
 * Konjunktiv says it is reported, and the subject before is the likeliest
 * source ("Die Regierung warnt vor Überschwemmungen. Die Dämme befänden
 * sich an der Grenze ihrer Belastbarkeit."). Otherwise the block's own
 * subject is remembered for the next block. */
static void subject_continuation(cx_t *cx)
{
    uint32_t end = block_body_end(cx), t;
    int64_t part, sb = -1, se = -1;
    int subj1 = 0;
    cand_t c;

    for (t = cx->b; t < end && t < cx->b + 25 && !subj1; t++) {
        if (cx->inq[t] >= 0 || cx->used[t])
            break;
        if ((C(cx, t) & (CL_VERB | CL_SEP | CL_HEISST)) &&
            is_cue(cx, t, &part))
            break;
        if (C(cx, t) & CL_SUBJ)
            subj1 = 1;
    }
    if (subj1 && cx->subj_sb >= 0 && cx->subj_block + 1 == cx->block &&
        T(cx, (uint32_t)cx->subj_sb)->field == T(cx, cx->b)->field) {
        for (t = cx->b; t < end; t++)
            if (cx->used[t])
                break;
        if (t == end) {
            cand_init(&c, NE_CLAIM_INDIRECT);
            c.mb = cx->b;
            c.me = end;
            c.sb = cx->subj_sb;
            c.se = cx->subj_se;
            c.score = 0.5f;
            cx->subj_sb = -1;
            if (emit(cx, &c))
                return;
        }
    }
    cx->subj_sb = -1;
    if (!subj1 && block_subject_de(cx, &sb, &se)) {
        cx->subj_sb = sb;
        cx->subj_se = se;
        cx->subj_block = cx->block;
    }
}

/* "BKA-Präsident Ziercke: „Q“": a noun phrase, a colon, a quotation; and
 * "Der Innenminister zeigte sich besorgt: „Q“": the subject of a clause
 * that ends in a colon before a quotation. */
static int colon_quote(cx_t *cx)
{
    uint32_t x = np_from(cx, cx->b, cx->e, 0), qe, end = block_body_end(cx);
    uint32_t fin;
    const claims_quote_t *q;
    cand_t c;

    cand_init(&c, NE_CLAIM_DIRECT);
    if (x > cx->b && x + 1 < cx->e && !is_ch(cx, x, ':') && !cx->en) {
        /* a clause with a subject and a finite verb before the colon */
        for (fin = x; fin < cx->e && !is_bound(cx, fin); fin++)
            ;
        if (fin + 1 >= cx->e || !is_ch(cx, fin, ':') ||
            !subject_prefield(cx, cx->b, x, &c.sb, &c.se) ||
            !has_content_lower(cx, x, fin) || negated(cx, x, fin, x))
            return 0;
        for (; x < fin; x++) {
            int64_t part;
            if ((C(cx, x) & (CL_VERB | CL_SEP)) && is_cue(cx, x, &part))
                return 0; /* "Peskow sagte: „Q“" is a leading frame */
        }
    } else {
        c.sb = cx->b;
        c.se = x;
    }
    if (x == cx->b || x + 1 >= cx->e || !is_ch(cx, x, ':'))
        return 0;
    q = quote_at(cx, x + 1);
    if (q && q->open == x + 1 && quote_last(q) + 1 >= end)
        qe = quote_last(q) + 1;
    else if (x + 1 == cx->e - 1 || x + 1 == end)
        qe = next_block_quote(cx, x);
    else if (c.sb == cx->b && speaker_like(cx, c.sb, c.se) &&
             n_words(cx, x + 1, end) >= 3 && !range_used(cx, x + 1, end) &&
             x - cx->b <= 6) {
        /* a headline "Marco Rubio: I'm Not Interested In ...": the
         * colon attributes */
        c.kind = NE_CLAIM_INDIRECT;
        qe = end;
    } else
        return 0;
    if (!qe)
        return 0;
    c.mb = x + 1;
    c.me = qe;
    c.score = 0.75f;
    return emit(cx, &c);
}

/* A German sentence that ends in a colon before a quotation in the next
 * block, without a cue: its subject speaks. The subject opens the
 * sentence ("Auch die Delegationsleiterin, Sharon Hayes, äußerte sich
 * zufrieden:") or follows the finite verb, taken to be the first
 * lower-case content word ("Hier sparte der Bundespräsident nicht mit
 * Kritik:", "Dabei griff sie den Präsidenten an:"). */
static int colon_block_quote(cx_t *cx)
{
    uint32_t colon, j, k, qe = 0, end = block_body_end(cx);
    const claims_quote_t *q;
    cand_t c;

    for (colon = cx->b + 2; colon < cx->e; colon++)
        if (cx->inq[colon] >= 0 || is_ch(cx, colon, ':'))
            break;
    if (colon >= cx->e || !is_ch(cx, colon, ':'))
        return 0;
    q = colon + 1 < cx->e ? quote_at(cx, colon + 1) : NULL;
    if (q && q->open == colon + 1 && quote_last(q) + 1 >= end)
        qe = quote_last(q) + 1;
    else if (colon + 1 >= end)
        qe = next_block_quote(cx, colon);
    if (!qe)
        return 0;
    cand_init(&c, NE_CLAIM_DIRECT);
    for (j = cx->b; j < colon && (C(cx, j) & CL_FOCUS) &&
                    !(C(cx, j) & (CL_DET | CL_PRON));
         j++)
        ;
    k = np_from(cx, j, colon, 0);
    if (k > j && speaker_like(cx, j, k) && !(C(cx, j) & CL_PERSPRON &&
                                            !(C(cx, j) & CL_PRON))) {
        c.sb = j;
        c.se = k;
    } else {
        for (j = cx->b + 1; j < colon; j++) {
            if (cx->inq[j] >= 0 || is_bound(cx, j))
                return 0;
            if (T(cx, j)->kind == NE_TOK_WORD && !is_capword(cx, j) &&
                !has_inner_cap(cx, j) &&
                !(C(cx, j) & (CL_FUNC | CL_FOCUS | CL_TIME | CL_RELPRON)))
                break;
        }
        if (j >= colon || !np_after(cx, j + 1, colon, &c.sb, &c.se) ||
            !speaker_like(cx, c.sb, c.se))
            return 0;
    }
    for (j = cx->b; j < colon; j++) {
        int64_t part;
        if (cx->inq[j] >= 0 || cx->used[j] ||
            ((C(cx, j) & (CL_VERB | CL_SEP | CL_HEISST)) &&
             is_cue(cx, j, &part)))
            return 0; /* "Peskow sagte:" is a leading frame */
    }
    c.mb = colon + 1;
    c.me = qe;
    c.score = 0.7f;
    return emit(cx, &c);
}

/* "Asked whether he would run, Biden said ...", "When asked why, ...":
 * the question is a claim of its own, asked by nobody named (or by the
 * agent: "asked by Ingraham about ..."). */
static int asked_frame_en(cx_t *cx)
{
    uint32_t b = cx->b, e, k;
    cand_t c;
    if (b < cx->e && is_hash(cx, b, cx->w->when))
        b++;
    if (b + 2 >= cx->e || !(C(cx, b) & CL_QVERB) || cx->used[b] ||
        !is_hash(cx, b, cx->w->asked))
        return 0;
    cand_init(&c, NE_CLAIM_INDIRECT);
    c.cb = b;
    c.ce = b + 1;
    k = b + 1;
    if (is_hash(cx, k, cx->w->by) &&
        (e = np_from(cx, k + 1, cx->e, 1)) > k + 1) {
        c.sb = k + 1;
        c.se = e;
        k = e;
        while (k < cx->e && (C(cx, k) & (CL_TIME | CL_PREP)) &&
               !is_hash(cx, k, cx->w->about))
            k = NE_MAX(k + 1, np_from(cx, k + 1, cx->e, 1));
    }
    while (k < cx->e && ((C(cx, k) & CL_ADV) || ly_adverb(cx, k)))
        k++; /* "Asked specifically what ..." */
    if (k >= cx->e || !((C(cx, k) & CL_SUBCONJ) || (C(cx, k) & CL_RELPRON) ||
                        is_hash(cx, k, cx->w->about) || cx->h[k] == cx->w->why ||
                        cx->h[k] == cx->w->what || cx->h[k] == cx->w->how ||
                        cx->h[k] == cx->w->where))
        return 0;
    c.mb = k;
    c.me = clause_end(cx, k);
    if (c.me >= cx->e || !is_ch(cx, c.me, ','))
        return 0;
    c.score = 0.7f;
    return emit(cx, &c);
}

/* "“Q.” Trump said on Tuesday.": an English block that is only a frame
 * takes the quotation standing alone in the block before it. */
static int frame_block_en(cx_t *cx)
{
    const claims_block_t *pb;
    const claims_quote_t *q;
    uint32_t end = block_body_end(cx), i, t, r;
    int64_t part;
    cand_t c;

    if (!cx->block)
        return 0;
    pb = &cx->s->blocks.v[cx->block - 1];
    q = quote_at(cx, pb->begin);
    if (!q || q->open != pb->begin || quote_last(q) + 1 != pb->end ||
        T(cx, pb->begin)->field != T(cx, cx->b)->field ||
        range_used(cx, pb->begin, pb->end))
        return 0;
    cand_init(&c, NE_CLAIM_DIRECT);
    if (is_cue(cx, cx->b, &part) && (C(cx, cx->b) & CL_SAY)) {
        i = cx->b;
        if (!np_after(cx, i + 1, end, &c.sb, &c.se))
            return 0;
        r = (uint32_t)c.se;
    } else {
        for (i = cx->b; i < end && i < cx->b + SUBJ_MAX_EN + 2; i++)
            if (is_cue(cx, i, &part))
                break;
        if (i >= end || i >= cx->b + SUBJ_MAX_EN + 2 ||
            !subject_left_en(cx, cx->b, i, &c.sb, &c.se) || c.sb != cx->b)
            return 0;
        r = i + 1;
    }
    if (C(cx, i) & CL_COGN)
        return 0;
    /* adjuncts only, up to a comma or a subordinate clause */
    for (t = r; t < end; t++) {
        if (is_bound(cx, t) || ((C(cx, t) & CL_SUBCONJ) && !is_dass(cx, t)))
            break;
        if ((C(cx, t) & (CL_VERBISH | CL_VERB)) || is_dass(cx, t) ||
            cx->inq[t] >= 0)
            return 0;
    }
    c.cb = i;
    c.ce = i + 1;
    c.mb = pb->begin;
    c.me = pb->end;
    c.score = 0.8f;
    return emit(cx, &c);
}

static void run_block(cx_t *cx)
{
    uint32_t i, n0 = (uint32_t)cx->doc->claims.cnt;

    for (i = cx->b + 1; i < cx->e; i++)
        if (cx->inq[i] < 0 && !cx->used[i] && is_bound(cx, i - 1))
            trailing_frame(cx, i);
    colon_quote(cx);
    if (!cx->en)
        anaph_frame_de(cx);
    for (i = cx->b; i < cx->e; i++) {
        uint64_t c;
        if (cx->inq[i] >= 0 || cx->used[i])
            continue;
        c = C(cx, i);
        if (cx->en) {
            if (c & (CL_ACCORD | CL_CITING))
                according_en(cx, i);
            else if ((c & CL_WIE) && i + 1 < cx->e &&
                     !(C(cx, i + 1) & CL_PRON))
                wie_frame(cx, i);
            else if ((c & CL_VERB) && !saying_frame(cx, i))
                leading_frame_en(cx, i);
            continue;
        }
        if (c & (CL_LAUT | CL_ZUFOLGE | CL_NACH))
            according_de(cx, i);
        else if (cx->h[i] == cx->w->wonach)
            wonach_frame(cx, i);
        else if (c & CL_WIE)
            wie_frame(cx, i);
        else if (c & (CL_VERB | CL_SEP | CL_HEISST))
            leading_frame_de(cx, i);
    }
    if (!cx->en)
        for (i = cx->b + 2; i < cx->e; i++)
            if (!cx->used[i] && is_ch(cx, i, ','))
                clause_frame_de(cx, i);
    if (cx->doc->claims.cnt == n0 && cx->en)
        frame_block_en(cx);
    if (cx->en)
        asked_frame_en(cx);
    else if (cx->doc->claims.cnt == n0)
        colon_block_quote(cx);
    if (cx->doc->claims.cnt == n0)
        continuation(cx);
    if (!cx->en && cx->doc->claims.cnt == n0)
        subject_continuation(cx);
}

/* ---- setup ------------------------------------------------------------ */

/* Short quotations that are names or titles, not speech: closed, at most
 * six tokens, capitalised, no verb, no sentence punctuation. */
static void mark_names(const cx_t *cx, struct ne_claims_scratch_s *s)
{
    size_t k;
    uint32_t t;
    NE_GROW(s->qname.v, s->qname.cap, s->quotes.cnt + 1);
    for (k = 0; k < s->quotes.cnt; k++) {
        const claims_quote_t *q = &s->quotes.v[k];
        int name = q->closed && q->end > q->begin && q->end - q->begin <= 6 &&
                   (is_capword(cx, q->begin) || has_inner_cap(cx, q->begin) ||
                    T(cx, q->begin)->kind == NE_TOK_NUMBER ||
                    (q->end - q->begin == 1 && memchr(ne_doc_tok_ptr(
                         cx->doc, T(cx, q->begin)), '.',
                         T(cx, q->begin)->end - T(cx, q->begin)->start)));
        for (t = q->begin; name && t < q->end; t++)
            if ((C(cx, t) & (CL_VERBISH | CL_PERSPRON | CL_SUBCONJ)) ||
                is_final(cx, t) || is_ch(cx, t, ',') ||
                T(cx, t)->kind == NE_TOK_QUOTE)
                name = 0;
        s->qname.v[k] = (uint8_t)name;
    }
}

/* A quotation that opens right after a sentence's final punctuation
 * starts a sentence, wherever the text stage put the boundary: it takes
 * '' after a full stop for a closing mark. Returns the token where the
 * sentence that starts at b really ends, e at the latest. */
static uint32_t sentence_end(const cx_t *cx, uint32_t b, uint32_t e)
{
    uint32_t t;
    for (t = b + 2; t < e; t++) {
        const claims_quote_t *q = quote_at(cx, t);
        if (q && q->open == t && is_final(cx, t - 1) && cx->inq[t - 1] < 0)
            return t;
    }
    return e;
}

/* Blocks: sentences, joined while a quotation runs on. */
static void make_blocks(cx_t *cx)
{
    struct ne_claims_scratch_s *s = cx->s;
    size_t k;
    s->blocks.cnt = 0;
    for (k = 0; k < cx->v.nsent; k++) {
        uint32_t sb = cx->v.sent[k].tok_begin, se = cx->v.sent[k].tok_end;
        while (sb < se) {
            uint32_t b = sb, e = sentence_end(cx, sb, se), t;
            claims_block_t *bl;
            sb = e;
            if (s->blocks.cnt && s->blocks.v[s->blocks.cnt - 1].end >= e)
                continue;
            if (s->blocks.cnt && s->blocks.v[s->blocks.cnt - 1].end > b)
                b = s->blocks.v[s->blocks.cnt - 1].end;
            for (t = b; t < e; t++) {
                if (cx->inq[t] >= 0) {
                    const claims_quote_t *q = quote_at(cx, t);
                    uint32_t last = quote_last(q);
                    if (last >= e) {
                        const ne_sentence_t *ls =
                            &cx->v.sent[cx->v.tok[last].sent];
                        e = sentence_end(cx, NE_MAX(ls->tok_begin, last),
                                         ls->tok_end);
                    }
                    t = last;
                }
            }
            bl = NE_VEC_PUSH(s->blocks);
            bl->begin = b;
            bl->end = e;

            if (e > sb) {
                /* the block ran on into later sentences */
                while (k + 1 < cx->v.nsent &&
                       cx->v.sent[k + 1].tok_begin < e)
                    k++;
                sb = e;
                se = cx->v.sent[k].tok_end;
            }
        }
    }
}

/* Classes of each token; German verbs written with a capital inside a
 * sentence are nouns ("Angaben"), nouns in lower case are not. */
static void classify(cx_t *cx, struct ne_claims_scratch_s *s)
{
    size_t i;
    for (i = 0; i < cx->v.ntok; i++) {
        const ne_token_t *t = &cx->v.tok[i];
        uint64_t h = t->hash, c;
        const claims_lexent_t *e = claims_lex_get(cx->lex, h), *n;
        c = e ? e->cls : 0;
        if (c & CL_NOCUE)
            c &= ~(uint64_t)CL_WEAK; /* the hand-written list overrides */
        if (!cx->en && c) {
            int cap = (t->flags & NE_TOKF_CAP) != 0;
            int first = (t->flags & NE_TOKF_SENT_START) ||
                        (i > 0 && (cx->v.tok[i - 1].kind == NE_TOK_QUOTE ||
                                   cx->v.tok[i - 1].kind == NE_TOK_PUNCT));
            if (cap && first && (c & CL_DET) && i + 1 < cx->v.ntok &&
                (cx->v.tok[i + 1].flags & NE_TOKF_CAP))
                c &= ~(uint64_t)(CL_VERBISH | CL_COGN | CL_SAY);
            if (cap && !first)
                c &= ~(uint64_t)(CL_VERBISH | CL_COGN | CL_QVERB |
                                 CL_PARTIC | CL_PLURAL | CL_FUNC |
                                 CL_RELPRON | CL_SUBJ | CL_SUBJ2 | CL_PRON);
            if (!cap)
                c &= ~(uint64_t)CL_NOUNISH;
            if (cap && (c & CL_NOUNISH))
                c &= ~(uint64_t)(CL_VERBISH | CL_COGN | CL_PARTIC |
                                 CL_PLURAL | CL_SUBJ | CL_SUBJ2);
        }
        if (cx->en && i + 2 < cx->v.ntok &&
            (h == cx->w->made || h == cx->w->make || h == cx->w->makes ||
             h == cx->w->making) &&
            (cx->v.tok[i + 1].hash == cx->w->clear ||
             (cx->v.tok[i + 1].hash == cx->w->it &&
              cx->v.tok[i + 2].hash == cx->w->clear)))
            c |= CL_VERB; /* "made it clear (that)" */
        if (cx->en && i + 2 < cx->v.ntok &&
            (h == cx->w->went || h == cx->w->go || h == cx->w->goes ||
             h == cx->w->going) &&
            cx->v.tok[i + 1].hash == cx->w->after)
            c |= CL_VERB; /* "went after Clinton" */
        if (cx->en && (c & (CL_VERB | CL_CITING)) && i > 0) {
            const ne_token_t *p = &cx->v.tok[i - 1];
            uint64_t pc = s->cls.v[i - 1], ph = s->hash.v[i - 1];
            const claims_words_t *w = cx->w;
            /* "pointed out", "points to": the verb; "one sticking point
             * is", "a point of pride": the noun */
            if ((h == w->point || h == w->points || h == w->pointed ||
                 h == w->pointing) &&
                !(i + 1 < cx->v.ntok &&
                  (cx->v.tok[i + 1].hash == w->out ||
                   cx->v.tok[i + 1].hash == w->to ||
                   cx->v.tok[i + 1].hash == w->at)))
                c &= ~(uint64_t)(CL_VERB | CL_COGN);
            /* "pivots back", "win back", "gone back to": the adverb; the
             * verb follows its subject or an auxiliary ("voters back
             * Sanders", "will back him") and takes an object */
            if (h == w->back &&
                (!(p->kind == NE_TOK_WORD &&
                   ((pc & (CL_AUX | CL_FINITE | CL_NEG | CL_PRON |
                           CL_PERSPRON | CL_ROLE)) ||
                    (p->flags & NE_TOKF_CAP) || ph == w->to)) ||
                 (i + 1 < cx->v.ntok &&
                  (cx->v.tok[i + 1].kind != NE_TOK_WORD ||
                   ((n = claims_lex_get(cx->lex, cx->v.tok[i + 1].hash)) &&
                    (n->cls & CL_PREP))))))
                c &= ~(uint64_t)(CL_VERB | CL_COGN);
            /* "the report", "in the Granite State", "without asking" */
            if (((t->flags & NE_TOKF_CAP) && !(t->flags & NE_TOKF_SENT_START) &&
                 p->kind != NE_TOK_QUOTE && p->kind != NE_TOK_PUNCT) ||
                ((pc & (CL_DET | CL_PREP)) && !(pc & (CL_PRON | CL_PERSPRON)) &&
                 p->kind == NE_TOK_WORD))
                c &= ~(uint64_t)(CL_VERB | CL_COGN | CL_CITING);
        }
        s->cls.v[i] = c;
        s->hash.v[i] = h;
    }
}

/* Short parentheses without a verb ("( BKA )", "( R-Ky. )") belong to
 * the noun phrase before them: their brackets get PERS_PAREN. */
static void mark_parens(const cx_t *cx, uint8_t *pers)
{
    size_t i, k;
    for (i = 0; i < cx->v.ntok; i++) {
        const ne_token_t *t = &cx->v.tok[i];
        if (t->kind == NE_TOK_PUNCT && t->end - t->start == 1 &&
            ne_doc_tok_ptr(cx->doc, t)[0] == '.' && i + 1 < cx->v.ntok &&
            cx->v.tok[i + 1].kind == NE_TOK_PUNCT &&
            ne_doc_tok_ptr(cx->doc, &cx->v.tok[i + 1])[0] == ',') {
            pers[i] |= PERS_PAREN; /* an abbreviation: "Johnson, R-Wis.," */
            continue;
        }
        if (t->kind != NE_TOK_PUNCT || t->end - t->start != 1 ||
            ne_doc_tok_ptr(cx->doc, t)[0] != '(')
            continue;
        for (k = i + 1; k < cx->v.ntok && k <= i + 7; k++) {
            const ne_token_t *u = &cx->v.tok[k];
            if ((cx->cls[k] & CL_VERBISH) || u->kind == NE_TOK_QUOTE ||
                u->sent != t->sent)
                break;
            if (u->kind == NE_TOK_PUNCT && u->end - u->start == 1 &&
                ne_doc_tok_ptr(cx->doc, u)[0] == ')') {
                if (k > i + 1) {
                    size_t j;
                    pers[i] |= PERS_PAREN;
                    pers[k] |= PERS_PAREN;
                    /* abbreviation periods inside: "(R-Ky.)", "(D-N.Y.)" */
                    for (j = i + 1; j < k; j++)
                        if (cx->v.tok[j].kind == NE_TOK_PUNCT &&
                            ne_doc_tok_ptr(cx->doc, &cx->v.tok[j])[0] == '.')
                            pers[j] |= PERS_PAREN;
                }
                break;
            }
            if (u->kind == NE_TOK_PUNCT &&
                strchr("(,;:!?", ne_doc_tok_ptr(cx->doc, u)[0]))
                break;
        }
    }
}

/* Language of the rules: the article's, else the lexicon whose function
 * words cover more of the first tokens. */
static int pick_lang(const ne_claims_t *cl, const ne_doc_t *doc,
                     const claims_view_t *v)
{
    size_t i, hits[LX__CNT] = {0, 0};
    int l;
    if (doc->lang == NE_LANG_DE)
        return LX_DE;
    if (doc->lang == NE_LANG_EN)
        return LX_EN;
    if (doc->lang == NE_LANG_OTHER)
        return -1;
    for (i = 0; i < v->ntok && i < 400; i++) {
        const ne_token_t *t = &v->tok[i];
        uint64_t h = t->hash;
        for (l = 0; l < LX__CNT; l++) {
            const claims_lexent_t *e = claims_lex_get(&cl->lex[l], h);
            if (e && (e->cls & (CL_DET | CL_PREP | CL_SUBCONJ | CL_COORD)))
                hits[l]++;
        }
    }
    if (!hits[LX_DE] && !hits[LX_EN])
        return -1;
    return hits[LX_EN] > hits[LX_DE] ? LX_EN : LX_DE;
}

static int cmp_claim(const void *a, const void *b)
{
    const ne_claim_t *x = a, *y = b;
    if (x->text.field != y->text.field)
        return x->text.field < y->text.field ? -1 : 1;
    return x->text.start < y->text.start ? -1 : x->text.start > y->text.start;
}

/* Entities mentioned inside each claim's message. */
static void claim_entities(ne_doc_t *doc)
{
    size_t k, t, j;
    doc->claim_ents.cnt = 0;
    for (k = 0; k < doc->claims.cnt; k++) {
        ne_claim_t *cl = &doc->claims.v[k];
        int32_t last = -1;
        cl->ent_off = (uint32_t)doc->claim_ents.cnt;
        cl->ent_cnt = 0;
        /* mentions in position order, through the message's tokens */
        for (t = first_token_after(doc, cl->text.field, cl->text.start);
             token_in(doc, t, cl->text); t++) {
            int32_t m = doc->tokens.v[t].mention;
            const ne_mention_t *mn;
            int dup = 0;
            if (m < 0 || m == last || (size_t)m >= doc->mentions.cnt)
                continue;
            last = m;
            mn = &doc->mentions.v[m];
            if (mn->entity < 0 || mn->span.field != cl->text.field ||
                mn->span.start < cl->text.start ||
                mn->span.end > cl->text.end)
                continue;
            /* a speaker inside its own message ("nach Einschätzung von X"
             * mid-sentence) is not mentioned by the message */
            if (cl->has_speaker && mn->span.field == cl->speaker.field &&
                mn->span.start >= cl->speaker.start &&
                mn->span.end <= cl->speaker.end)
                continue;
            for (j = cl->ent_off; j < doc->claim_ents.cnt; j++)
                dup |= doc->claim_ents.v[j] == mn->entity;
            if (!dup) {
                *NE_VEC_PUSH(doc->claim_ents) = mn->entity;
                cl->ent_cnt++;
            }
        }
    }
}

/*
 * Find the claims of doc (tokens, sentences, mentions and entities filled
 * by the stages before) into doc->claims and doc->claim_ents, replacing
 * what was there. cl may be NULL (no lexicons): no claims. Per-thread
 * state lives in doc->claims_scratch, created here on first use; any
 * number of threads may share cl.
 */
void ne_claims_extract(const ne_claims_t *cl, ne_doc_t *doc)
{
    struct ne_claims_scratch_s *s;
    cx_t cx;
    int lang;
    size_t k;

    doc->claims.cnt = 0;
    doc->claim_ents.cnt = 0;
    if (!cl)
        return;
    if (!doc->claims_scratch)
        doc->claims_scratch = ne_calloc(1, sizeof(*doc->claims_scratch));
    s = doc->claims_scratch;
    memset(&cx, 0, sizeof(cx));
    cx.v.tok = doc->tokens.v;
    cx.v.ntok = doc->tokens.cnt;
    cx.v.norm = doc->norm.data;
    cx.v.sent = doc->sents.v;
    cx.v.nsent = doc->sents.cnt;
    if (!cx.v.ntok || (lang = pick_lang(cl, doc, &cx.v)) < 0)
        return;
    cx.cl = cl;
    cx.lex = &cl->lex[lang];
    cx.w = &cl->w;
    cx.en = lang == LX_EN;
    cx.doc = doc;
    cx.s = s;
    NE_GROW(s->cls.v, s->cls.cap, cx.v.ntok);
    NE_GROW(s->hash.v, s->hash.cap, cx.v.ntok);
    NE_GROW(s->inq.v, s->inq.cap, cx.v.ntok);
    NE_GROW(s->used.v, s->used.cap, cx.v.ntok);
    memset(s->used.v, 0, cx.v.ntok);
    NE_GROW(s->pers.v, s->pers.cap, cx.v.ntok);
    memset(s->pers.v, 0, cx.v.ntok);
    for (k = 0; k < doc->mentions.cnt; k++) {
        const ne_mention_t *mn = &doc->mentions.v[k];
        uint32_t t;
        if (mn->type == NE_ENT_PER || mn->type == NE_ENT_ORG)
            for (t = mn->tok_begin; t < mn->tok_end && t < cx.v.ntok; t++)
                s->pers.v[t] = PERS_ENTITY;
    }
    cx.pers = s->pers.v;
    s->claim_block.cnt = 0;
    s->claim_tok.cnt = 0;
    classify(&cx, s);
    cx.cls = s->cls.v;
    mark_parens(&cx, s->pers.v);
    cx.h = s->hash.v;
    cx.used = s->used.v;
    claims_quotes_find(&cx.v, doc, &s->quotes, s->inq.v);
    cx.inq = s->inq.v;
    cx.quotes = &s->quotes;
    mark_names(&cx, s);
    cx.qname = s->qname.v;
    cx.pend_cb = -1;
    cx.subj_sb = -1;
    make_blocks(&cx);
    for (k = 0; k < s->blocks.cnt; k++) {
        cx.b = s->blocks.v[k].begin;
        cx.e = s->blocks.v[k].end;
        cx.block = (uint32_t)k;
        run_block(&cx);
    }
    if (doc->claims.cnt > 1)
        qsort(doc->claims.v, doc->claims.cnt, sizeof(*doc->claims.v),
              cmp_claim);
    claim_entities(doc);
}

/* Free the scratch ne_claims_extract() hung off a doc; s may be NULL. */
void ne_claims_scratch_free(struct ne_claims_scratch_s *s)
{
    if (!s)
        return;
    free(s->cls.v);
    free(s->hash.v);
    free(s->inq.v);
    free(s->used.v);
    free(s->blocks.v);
    free(s->claim_block.v);
    free(s->claim_tok.v);
    free(s->quotes.v);
    free(s->qname.v);
    free(s->pers.v);
    free(s);
}

static void words_init(claims_words_t *w)
{
#define H(field, s) w->field = ne_text_hash(s, sizeof(s) - 1)
    H(dass, "dass"); H(dass_old, "daß"); H(ob, "ob"); H(that, "that");
    H(whether, "whether"); H(es, "es"); H(to, "to"); H(it, "it");
    H(von, "von"); H(vom, "vom"); H(des, "des"); H(der, "der");
    H(eines, "eines"); H(einer, "einer"); H(in, "in"); H(im, "im");
    H(aus, "aus"); H(bei, "bei"); H(of, "of"); H(for_, "for"); H(at, "at");
    H(with, "with"); H(from, "from"); H(on, "on"); H(by, "by");
    H(und, "und"); H(sowie, "sowie"); H(and_, "and"); H(as, "as");
    H(eigenen, "eigenen"); H(own, "own"); H(zu, "zu");
    H(das, "das"); H(dies, "dies"); H(dieses, "dieses");
    H(den, "den"); H(dem, "dem"); H(einen, "einen"); H(einem, "einem");
    H(diesen, "diesen"); H(keinen, "keinen"); H(ein, "ein"); H(eine, "eine");
    H(die, "die"); H(soll, "soll"); H(sollen, "sollen"); H(haben, "haben");
    H(sein, "sein"); H(um, "um"); H(sich, "sich"); H(man, "man");
    H(demnach, "demnach"); H(ohne, "ohne"); H(statt, "statt");
    H(anstatt, "anstatt"); H(als, "als"); H(if_, "if");
    H(because, "because"); H(wie, "wie"); H(when, "when");
    H(asked, "asked"); H(about, "about"); H(auf, "auf");
    H(an, "an"); H(heraus, "heraus");
    H(back, "back"); H(made, "made"); H(make, "make"); H(makes, "makes");
    H(making, "making"); H(clear, "clear"); H(out, "out"); H(went, "went");
    H(go, "go"); H(goes, "goes"); H(going, "going"); H(after, "after");
    H(point, "point"); H(points, "points"); H(pointed, "pointed");
    H(pointing, "pointing"); H(wonach, "wonach"); H(but, "but");
    H(erst, "erst"); H(kurz, "kurz"); H(unmittelbar, "unmittelbar");
    H(i_, "i"); H(why, "why"); H(what, "what"); H(how, "how");
    H(where, "where");
#undef H
}

/*
 * Load claims-de.txt, claims-de-cues.txt, claims-en.txt and
 * claims-names.txt from models_dir.
 * Returns the read-only lexicons (free with ne_claims_destroy), or NULL
 * with one sentence naming the file and line in errstr.
 */
ne_claims_t *ne_claims_load(const char *models_dir, char *errstr,
                            size_t errstr_size)
{
    static const char *const FILES[LX__CNT] = {"claims-de.txt",
                                               "claims-en.txt"};
    ne_claims_t *cl = ne_calloc(1, sizeof(*cl));
    char path[4096];
    int l;

    for (l = 0; l < LX__CNT; l++) {
        snprintf(path, sizeof(path), "%s/%s", models_dir, FILES[l]);
        if (claims_lex_load(&cl->lex[l], path, errstr, errstr_size) == -1)
            goto fail;
    }
    /* weak cues learnt from annotated speeches, added to the German
     * lexicon */
    snprintf(path, sizeof(path), "%s/claims-de-cues.txt", models_dir);
    if (claims_lex_load(&cl->lex[LX_DE], path, errstr, errstr_size) == -1)
        goto fail;
    snprintf(path, sizeof(path), "%s/claims-names.txt", models_dir);
    if (claims_lex_load(&cl->names, path, errstr, errstr_size) == -1)
        goto fail;
    words_init(&cl->w);
    return cl;
fail:
    ne_claims_destroy(cl);
    return NULL;
}

/* Free lexicons from ne_claims_load(); cl may be NULL. */
void ne_claims_destroy(ne_claims_t *cl)
{
    int l;
    if (!cl)
        return;
    for (l = 0; l < LX__CNT; l++)
        claims_lex_free(&cl->lex[l]);
    claims_lex_free(&cl->names);
    free(cl);
}
