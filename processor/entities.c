/*
 * newsenrich - mention clustering, linking and salience.
 *
 * ne_entities_resolve() groups doc->mentions into doc->entities:
 *
 *  0. A tagger place that opens a longer KB place name grows to it
 *     ("Frankfurt" + "Main" is "Frankfurt am Main", grow_to_place_names());
 *     KB names the tagger missed become mentions, under a strict rule
 *     (see add_kb_mentions()), never from link-only GeoNames cities.
 *  1b. A place name that names several places (a dozen Springfields)
 *     is decided by the article's other places, US states, population
 *     and language, or left unlinked (see resolve_places()).
 *  1. Each mention gets its name words. For people, role words in front
 *     are dropped ("Kreml-Sprecher Dmitri Peskow" is "Dmitri Peskow").
 *  2. Same words of the same type join (see join_exact() for why not
 *     across types); so does a genitive ("Kims" with "Kim") and the head
 *     of a person's compound ("Kim-Zugs" tagged PER joins "Kim"; its span
 *     is narrowed).
 *  3. A part of a person's name joins the one fuller name it fits: the
 *     surname ("Peskow"), else the first word ("Kim" of "Kim Jong Un"),
 *     else a surname one edit away on names of five letters or more
 *     ("Easly" for "Easley"). Two fuller names that fit: no join. A one-
 *     word mention the tagger typed LOC, ORG or MISC may join too, unless
 *     the KB links it ("Washington").
 *  4. An acronym joins the one long form whose initials it spells ("KCNA",
 *     "Korean Central News Agency"), or an acronym of four letters or more
 *     with two neighbours swapped ("KNCA"); mentions linked to the same KB
 *     entry join ("USA", "Vereinigte Staaten"). A mention that spells out
 *     a KB name of two or more words takes the KB's type first.
 *     Then a person's names the tagger missed later in the text become
 *     mentions of the cluster (see propagate_names()).
 *  5. Each cluster gets a type by vote (tagger score times the words of
 *     the mention: a full name says more than a surname), its fullest
 *     name, a count, a KB link and a salience.
 *
 * Salience, in [0,1], from three parts of the same scale in every article:
 *     0.40 * log(1 + count) / log(1 + count of the most mentioned entity)
 *   + 0.35 * position of the first mention: 1 - 0.5 * offset / length in
 *            the title, 0.5 * (1 - offset / length) in the body, so that
 *            the title's subject comes first and the lead before the end
 *   + 0.25 * (1 when the title mentions it)
 * The most mentioned entity that opens the title scores 1; a single
 * mention at the end of the body scores little. The parts are relative to
 * the article, so values compare across articles of any length.
 */
#include "kb.h"
#include "text.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define ENT_MAX_WORDS NE_KB_MAX_WORDS

/* Place candidates a mention keeps (GeoNames has 30 cities called San
 * Pedro; past this many the first ones, best names first, are scored). */
#define ENT_MAX_CANDS 32
/* Countries and regions an article's context holds. */
#define ENT_MAX_CONTEXT 64
/* Place scores (resolve_places()): population is counted from this. */
#define ENT_POP_FLOOR 1000.0
/* A US state without a population (GeoNames' state list has none) counts
 * as a million people: more than the towns named after it ("Virginia" in
 * South Africa), less than New York City or Washington, D.C. */
#define ENT_POP_REGION 1e6
#define ENT_BONUS_COUNTRY 2.0
#define ENT_BONUS_FINDS 1.0
#define ENT_BONUS_CANONICAL 0.3
#define ENT_BONUS_HOME_DE 1.0
#define ENT_BONUS_HOME_EN 0.5
#define ENT_BONUS_SAME_COUNTRY 1.0
#define ENT_BONUS_SAME_REGION 2.5
/* ctx_has(): a place named anywhere in the article. */
#define ENT_ANY_SENT UINT32_MAX
#define ENT_PLACE_MARGIN 0.5

/* A mention as the clustering sees it. */
typedef struct ent_ref_s {
    uint32_t start, end;   /* its name in the field: role words dropped */
    uint32_t gen_bytes;    /* bytes of a genitive ending at end, 0 none */
    uint32_t word_off;     /* word keys in scratch->words */
    uint32_t last_start;   /* the last word, for edit distances */
    uint32_t lkey_off;     /* its key in scratch->lkeys */
    uint8_t lkey_len;
    uint8_t ninitials;     /* initials of a long form, 0 when none */
    char initials[7];
    uint8_t nwords;
    uint8_t type;
    uint8_t acronym;       /* one all-caps word of 2 to 6 letters */
    uint8_t genitive;      /* joined through its genitive form */
    uint8_t kb_inflected;  /* linked through its genitive form */
    uint8_t kb_finds;      /* linked to an entry that is not link-only */
    uint8_t cand_cnt;      /* KB places to choose from (resolve_places) */
    uint32_t cand_off;     /* into scratch->cands */
    uint64_t key;          /* all words */
    uint64_t gen_key;      /* the same, last word without genitive; 0 */
    uint64_t last_gen;     /* last word without genitive ending; 0 */
    uint64_t head_key;     /* one hyphenated word: the part before '-' */
    uint32_t head_bytes;
    int32_t kb;            /* KB entry, -1 */
    int32_t parent;        /* union-find */
    float weight;          /* vote: tagger confidence x words */
} ent_ref_t;

/* A country or region the article names for sure, and where. */
typedef struct ent_place_s {
    uint32_t key; /* ctx_country() or the entry's region */
    uint32_t sent;
} ent_place_t;

/* A list entry of the candidate indexes. */
typedef struct ent_link_s {
    int32_t ref, next;
} ent_link_t;

struct ne_entities_scratch_s {
    NE_VEC(ent_ref_t) refs;
    NE_VEC(uint64_t) words;
    NE_VEC(char) lkeys;       /* last-word keys of the refs */
    NE_VEC(int32_t) map;      /* key table: ref index + 1, 0 empty */
    NE_VEC(uint64_t) map_key;
    NE_VEC(int32_t) ent_of;   /* root ref -> entity */
    NE_VEC(int32_t) name_ref; /* entity -> ref giving its name */
    NE_VEC(int32_t) kb_ref;   /* entity -> ref giving its KB link */
    NE_VEC(float) votes;      /* entity * NE_ENT__CNT */
    NE_VEC(uint8_t) in_title; /* entity is mentioned in the title */
    NE_VEC(uint8_t) covered;  /* token is in a tagger mention */
    NE_VEC(ne_mention_t) added;
    NE_VEC(int32_t) added_root;   /* propagated names: their cluster */
    NE_VEC(ne_mention_t) merged;
    NE_VEC(int32_t) remap;        /* mention index before -> after merge */
    NE_VEC(ent_ref_t) refs_tmp;
    NE_VEC(ent_link_t) links;     /* candidate index lists */
    NE_VEC(int32_t) surnames;     /* one ref per distinct surname */
    NE_VEC(ne_kb_cand_t) cands;   /* KB candidates of the refs */
    NE_VEC(ent_place_t) context;  /* places the article names for sure */
    /* Work bound (hostile text): table probes so far and the article's
     * budget; past it every lookup answers from sink, in O(1). */
    uint64_t seed;
    uint64_t steps, step_budget;
    int32_t sink;
};

/* Table probes allowed per mention and per token, plus a floor: a table
 * at most half full averages under two probes per lookup, and each
 * mention and token costs a few lookups. Only keys that collide (text
 * written against the hash) get near it. */
#define NE_ENTITIES_STEPS_PER_ITEM 64
#define NE_ENTITIES_STEPS_FLOOR    65536

void ne_entities_scratch_free(struct ne_entities_scratch_s *s)
{
    if (!s)
        return;
    free(s->refs.v);
    free(s->words.v);
    free(s->lkeys.v);
    free(s->map.v);
    free(s->map_key.v);
    free(s->ent_of.v);
    free(s->name_ref.v);
    free(s->kb_ref.v);
    free(s->votes.v);
    free(s->in_title.v);
    free(s->covered.v);
    free(s->added.v);
    free(s->added_root.v);
    free(s->merged.v);
    free(s->remap.v);
    free(s->refs_tmp.v);
    free(s->links.v);
    free(s->cands.v);
    free(s->context.v);
    free(s->surnames.v);
    free(s);
}

/* ---- small helpers ---------------------------------------------------- */

static int32_t uf_find(ent_ref_t *r, int32_t i)
{
    while (r[i].parent != i) {
        r[i].parent = r[r[i].parent].parent;
        i = r[i].parent;
    }
    return i;
}

/* Union under the lower index (any root works: entities are numbered by
 * first mention in build_entities()). */
static void uf_join(ent_ref_t *r, int32_t a, int32_t b)
{
    a = uf_find(r, a);
    b = uf_find(r, b);
    if (a == b)
        return;
    if (a < b)
        r[b].parent = a;
    else
        r[a].parent = b;
}

/* Key of a word sequence; one word's key is its own hash, so that a
 * one-word mention, a surname and a compound's head compare directly. */
static uint64_t seq_key(const uint64_t *w, size_t n)
{
    uint64_t h = 0x84222325cbf29ce4ULL;
    size_t i;
    if (n == 1)
        return w[0];
    for (i = 0; i < n; i++)
        h = (h ^ w[i]) * 0x100000001b3ULL + (h >> 29);
    return h ? h : 1;
}

/* An open-addressing table from 64-bit keys to ref indexes, sized for the
 * document's mentions and cleared per use. */
static void map_clear(struct ne_entities_scratch_s *s, size_t n)
{
    size_t cap = 16;
    while (cap < n * 2)
        cap *= 2;
    NE_GROW(s->map.v, s->map.cap, cap);
    NE_GROW(s->map_key.v, s->map_key.cap, cap);
    s->map.cnt = cap;
    memset(s->map.v, 0, cap * sizeof(*s->map.v));
}

/* The value slot of key (ref index + 1, 0 when new: the key is then
 * stored and the caller fills the slot). */
static int32_t *map_slot(struct ne_entities_scratch_s *s, uint64_t key)
{
    size_t mask = s->map.cnt - 1;
    size_t i = (size_t)ne_doc_slot(key, s->seed) & mask;
    if (s->steps > s->step_budget) {
        s->sink = 0;
        return &s->sink;
    }
    for (;; i = (i + 1) & mask) {
        s->steps++;
        if (!s->map.v[i] || s->map_key.v[i] == key) {
            s->map_key.v[i] = key;
            return &s->map.v[i];
        }
    }
}

/* The ref stored under key, or -1; with add >= 0, store add if absent. */
static int32_t map_get(struct ne_entities_scratch_s *s, uint64_t key,
                       int32_t add)
{
    int32_t *v = map_slot(s, key);
    if (!*v && add >= 0)
        *v = add + 1;
    else if (!*v)
        return -1;
    return *v - 1;
}

/* Role words that may precede a person's name, as key suffixes of the
 * word's last hyphen part ("Kreml-Sprecher", "Außenministerin"), and
 * titles that must match whole. */
static const char *const role_suffixes[] = {
    "abgeordnete", "abgeordneter", "botschafter", "botschafterin",
    "bürgermeister", "bürgermeisterin", "chairman", "chairwoman",
    "chancellor", "chef", "chefin", "chief", "diktator", "direktor",
    "direktorin", "führer", "führerin", "general", "gouverneur", "governor",
    "kanzler", "kanzlerin", "king", "könig", "königin", "leader", "leiter",
    "leiterin", "machthaber", "mayor", "minister", "ministerin", "papst",
    "pope", "president", "präsident", "präsidentin", "prince", "princess",
    "prinz", "prinzessin", "professor", "professorin", "queen", "rektor",
    "rektorin", "secretary", "senator", "senatorin", "spokesman",
    "spokesperson", "spokeswoman", "sprecher", "sprecherin", "trainer",
    "trainerin", "vorsitzende", "vorsitzender", NULL};
static const char *const role_titles[] = {"dr", "frau", "herr", "mr",
                                          "mrs", "ms", "prof", "sir", NULL};

static int is_role_word(const char *key, size_t n)
{
    const char *part = key;
    size_t i, pn;
    for (i = 0; i < n; i++)
        if (key[i] == '-')
            part = key + i + 1;
    pn = (size_t)(key + n - part);
    for (i = 0; role_titles[i]; i++)
        if (strlen(role_titles[i]) == n && !memcmp(role_titles[i], key, n))
            return 1;
    for (i = 0; role_suffixes[i]; i++) {
        size_t l = strlen(role_suffixes[i]);
        if (l <= pn && !memcmp(role_suffixes[i], part + pn - l, l))
            return 1;
    }
    return 0;
}

/* Words that long forms skip in their acronym ("Bank of England"). */
static int is_function_word(const char *key, size_t n)
{
    static const char *const fw[] = {"and", "das", "de", "der", "des", "die",
                                     "du", "et", "for", "für", "la", "le",
                                     "of", "the", "und", "von", "zu", NULL};
    size_t i;
    for (i = 0; fw[i]; i++)
        if (strlen(fw[i]) == n && !memcmp(fw[i], key, n))
            return 1;
    return 0;
}

/* KB types a mention of this type may link to: places and organisations
 * swap in news ("Russland warnte"), MISC is the tagger unsure. */
static unsigned link_mask(int type)
{
    switch (type) {
    case NE_ENT_PER:
        return 1u << NE_ENT_PER;
    case NE_ENT_MISC:
        return (1u << NE_ENT_MISC) | (1u << NE_ENT_ORG) | (1u << NE_ENT_LOC);
    default:
        return (1u << NE_ENT_ORG) | (1u << NE_ENT_LOC);
    }
}

/* Bytes of an apostrophe ending at w[k]: ' (1), U+02BC (2), U+2019 (3). */
static size_t apostrophe_before(const char *w, size_t k)
{
    const unsigned char *u = (const unsigned char *)w;
    if (k >= 1 && u[k - 1] == '\'')
        return 1;
    if (k >= 2 && u[k - 2] == 0xCA && u[k - 1] == 0xBC)
        return 2;
    if (k >= 3 && u[k - 3] == 0xE2 && u[k - 2] == 0x80 && u[k - 1] == 0x99)
        return 3;
    return 0;
}

/* Raw bytes at the end of the word w (n bytes) of the genitive ending
 * whose key length is g (ne_kb_genitive): "s", "'s", "’s", "'", "’".
 * 0 when the bytes are not what the key says (the name stays whole). */
static uint32_t genitive_bytes(const char *w, size_t n, size_t g)
{
    size_t k = n, a;
    int ends_s = n && (w[n - 1] == 's' || w[n - 1] == 'S');
    if (g == 1 && ends_s)
        return 1;
    if (g == 2) {
        if (!ends_s)
            return 0;
        k--;
    }
    a = apostrophe_before(w, k);
    return a ? (uint32_t)(n - k + a) : 0;
}

/* ---- step 0: KB names the tagger missed ------------------------------- */

/* Mark the tokens that tagger mentions cover in s->covered. */
static void cover_tokens(const ne_doc_t *doc, struct ne_entities_scratch_s *s)
{
    size_t n = doc->tokens.cnt, mi, k;
    NE_GROW(s->covered.v, s->covered.cap, n + 1);
    memset(s->covered.v, 0, n + 1);
    for (mi = 0; mi < doc->mentions.cnt; mi++)
        for (k = doc->mentions.v[mi].tok_begin;
             k < doc->mentions.v[mi].tok_end && k < n; k++)
            s->covered.v[k] = 1;
}

/* Point each token at the mention that covers it, -1 none. */
static void relink_tokens(ne_doc_t *doc)
{
    size_t n = doc->tokens.cnt, mi, k;
    for (k = 0; k < n; k++)
        doc->tokens.v[k].mention = -1;
    for (mi = 0; mi < doc->mentions.cnt; mi++)
        for (k = doc->mentions.v[mi].tok_begin;
             k < doc->mentions.v[mi].tok_end && k < n; k++)
            doc->tokens.v[k].mention = (int32_t)mi;
}

/* Merge s->added into doc->mentions by position (the tagger's mentions
 * keep their order); s->remap gets the new index of each old mention,
 * then of each added one. Tokens point at the new indexes. */
static void merge_added(ne_doc_t *doc, struct ne_entities_scratch_s *s)
{
    size_t a = 0, b = 0, old = doc->mentions.cnt;

    s->merged.cnt = 0;
    NE_GROW(s->remap.v, s->remap.cap, old + s->added.cnt);
    while (a < old || b < s->added.cnt) {
        const ne_mention_t *x = a < old ? &doc->mentions.v[a] : NULL;
        const ne_mention_t *y = b < s->added.cnt ? &s->added.v[b] : NULL;
        int take_y = !x || (y && (y->span.field < x->span.field ||
                                  (y->span.field == x->span.field &&
                                   y->span.start < x->span.start)));
        if (take_y) {
            s->remap.v[old + b] = (int32_t)s->merged.cnt;
            *NE_VEC_PUSH(s->merged) = s->added.v[b++];
        } else {
            s->remap.v[a] = (int32_t)s->merged.cnt;
            *NE_VEC_PUSH(s->merged) = doc->mentions.v[a++];
        }
    }
    NE_GROW(doc->mentions.v, doc->mentions.cap, s->merged.cnt);
    memcpy(doc->mentions.v, s->merged.v, s->merged.cnt * sizeof(ne_mention_t));
    doc->mentions.cnt = s->merged.cnt;
    relink_tokens(doc);
}

static int is_conjunction(const ne_doc_t *doc, const ne_token_t *t)
{
    const char *norm = ne_doc_tok_norm(doc, t);
    return (t->norm_len == 3 && (!memcmp(norm, "und", 3) ||
                                 !memcmp(norm, "and", 3))) ||
           (t->norm_len == 1 && *norm == '&');
}

/*
 * A tagger place that opens a longer KB place name grows to the name when
 * the tagger cut the name in two: "Frankfurt am Main" tagged "Frankfurt"
 * and "Main", "Freiburg im Breisgau" tagged "Freiburg" and "Breisgau".
 * The rest of the name must hold a mention, none that reaches past the
 * name, and no "und" ("Bosnien und Herzegowina" tagged as two places is
 * what GermEval's guidelines ask for).
 */
static void grow_to_place_names(const ne_kb_t *kb, ne_doc_t *doc)
{
    size_t mi, k, out = 0, cnt = doc->mentions.cnt;
    uint32_t n = (uint32_t)doc->tokens.cnt, j;
    int grown = 0, ok;
    ne_kb_match_t km;

    for (mi = 0; mi < cnt; mi = k) {
        ne_mention_t *m = &doc->mentions.v[mi];
        k = mi + 1;
        doc->mentions.v[out++] = *m;
        if (m->type != NE_ENT_LOC ||
            !ne_kb_match_targets_at(kb, doc, m->tok_begin, n, &km) ||
            km.tok_end <= m->tok_end || !(km.types & (1u << NE_ENT_LOC)))
            continue;
        while (k < cnt && doc->mentions.v[k].tok_end <= km.tok_end)
            k++;
        ok = k > mi + 1 &&
             !(k < cnt && doc->mentions.v[k].tok_begin < km.tok_end);
        for (j = m->tok_end; ok && j < km.tok_end; j++)
            ok = !is_conjunction(doc, &doc->tokens.v[j]);
        if (!ok) {
            k = mi + 1;
            continue;
        }
        m = &doc->mentions.v[out - 1];
        m->tok_end = km.tok_end;
        m->span.end = doc->tokens.v[km.tok_end - 1].end;
        grown = 1;
    }
    doc->mentions.cnt = out;
    if (grown)
        relink_tokens(doc);
}

static int is_cap_word(const ne_token_t *t)
{
    return t->kind == NE_TOK_WORD && (t->flags & NE_TOKF_CAP);
}

static int is_place_preposition(const ne_doc_t *doc, const ne_token_t *t)
{
    static const char *const de[] = {"aus", "bei", "bis", "durch", "für",
                                     "gegen", "im", "in", "mit", "nach",
                                     "über", "von", "vom", "zwischen", NULL};
    static const char *const en[] = {"across", "against", "between", "from",
                                     "in", "into", "throughout", "to",
                                     "with", NULL};
    const char *norm = ne_doc_tok_norm(doc, t);
    int l, i;
    for (l = 0; l < 2; l++) {
        const char *const *w = l ? en : de;
        if ((l == 0 && doc->lang == NE_LANG_EN) ||
            (l == 1 && doc->lang == NE_LANG_DE))
            continue;
        for (i = 0; w[i]; i++)
            if (strlen(w[i]) == t->norm_len && !memcmp(w[i], norm, t->norm_len))
                return 1;
    }
    return 0;
}

/*
 * A KB name no tagger mention overlaps becomes a mention when it names one
 * type only and either
 *  - has two or more tokens (the KB demands the case of each word:
 *    "Vereinigten Staaten", "Fernen Osten"), or
 *  - is one capitalised token naming a place, not followed by another
 *    capitalised word, and after a preposition of place ("in Russland",
 *    "to Jordan") or, in German, first in its sentence ("Nordkorea
 *    zählt"): "Chad Smith", "met Jordan", "Georgia Tech" stay out.
 */
static void add_kb_mentions(const ne_kb_t *kb, ne_doc_t *doc,
                            struct ne_entities_scratch_s *s)
{
    uint32_t n = (uint32_t)doc->tokens.cnt, i, k;
    ne_kb_match_t m;

    cover_tokens(doc, s);
    s->added.cnt = 0;
    for (i = 0; i < n;) {
        const ne_token_t *t = &doc->tokens.v[i], *prev, *next;
        ne_mention_t *nm;
        int type, ok = 1;

        if (s->covered.v[i] || !ne_kb_match_at(kb, doc, i, n, &m)) {
            i++;
            continue;
        }
        for (k = m.tok_begin; k < m.tok_end; k++)
            ok &= !s->covered.v[k];
        type = __builtin_ctz(m.types | 0x100);
        ok &= m.types == (1u << type);
        if (ok && m.tok_end - m.tok_begin == 1) {
            prev = i > 0 ? &doc->tokens.v[i - 1] : NULL;
            next = i + 1 < n ? &doc->tokens.v[i + 1] : NULL;
            ok = type == NE_ENT_LOC && is_cap_word(t) &&
                 !(next && next->sent == t->sent && is_cap_word(next)) &&
                 ((prev && prev->sent == t->sent &&
                   is_place_preposition(doc, prev)) ||
                  ((t->flags & NE_TOKF_SENT_START) &&
                   doc->lang != NE_LANG_EN));
        }
        if (!ok) {
            i++;
            continue;
        }
        nm = NE_VEC_PUSH(s->added);
        memset(nm, 0, sizeof(*nm));
        nm->tok_begin = m.tok_begin;
        nm->tok_end = m.tok_end;
        nm->span.field = t->field;
        nm->span.start = t->start;
        nm->span.end = doc->tokens.v[m.tok_end - 1].end;
        nm->type = (uint8_t)type;
        nm->entity = -1;
        nm->score = 0.5f; /* below the tagger's usual confidence */
        i = m.tok_end;
    }
    if (s->added.cnt)
        merge_added(doc, s);
}

/* ---- step 1: name words of each mention ------------------------------- */

static void analyse(const ne_kb_t *kb, const ne_doc_t *doc,
                    struct ne_entities_scratch_s *s, size_t mi)
{
    const ne_mention_t *m = &doc->mentions.v[mi];
    const char *text = doc->text[m->span.field] + m->span.start;
    ent_ref_t *r = &s->refs.v[mi];
    uint32_t ws[ENT_MAX_WORDS], wl[ENT_MAX_WORDS];
    uint64_t h[ENT_MAX_WORDS];
    uint8_t cls[ENT_MAX_WORDS];
    size_t nw, first = 0, i, j, n = 0, g = 0, tk;
    int bare_s = doc->lang == NE_LANG_DE || doc->lang == NE_LANG_UNKNOWN;
    int ini_ok = 1;
    char key[NE_KB_KEY_MAX];
    const char *last;

    memset(r, 0, sizeof(*r));
    r->parent = (int32_t)mi;
    r->type = m->type < NE_ENT__CNT ? m->type : NE_ENT_MISC;
    r->kb = -1;
    nw = ne_kb_split_words(text, m->span.end - m->span.start, ws, wl,
                           ENT_MAX_WORDS);
    if (!nw) {
        r->start = r->end = m->span.start;
        return;
    }
    /* One pass over the words: keys, role words in front of a person's
     * name, initials, and the last word's forms. A word that is exactly a
     * token takes the token's normal form and hash: no second
     * normalisation. */
    for (i = 0, tk = m->tok_begin; i < nw; i++) {
        uint32_t at = m->span.start + ws[i];
        while (tk < m->tok_end && tk < doc->tokens.cnt &&
               doc->tokens.v[tk].end <= at)
            tk++;
        if (tk < m->tok_end && tk < doc->tokens.cnt &&
            doc->tokens.v[tk].start == at &&
            doc->tokens.v[tk].end == at + wl[i] &&
            doc->tokens.v[tk].field == m->span.field) {
            const ne_token_t *t = &doc->tokens.v[tk];
            h[i] = ne_kb_token_key(doc, t, &n);
            /* a norm form may be longer than a key (tokens run to
             * NE_TEXT_MAX_TOKEN bytes): cut it as ne_kb_fold() does */
            n = NE_MIN(n, sizeof(key));
            memcpy(key, ne_doc_tok_norm(doc, t), n);
            cls[i] = ne_kb_token_case(t);
        } else {
            n = ne_kb_fold(text + ws[i], wl[i], key, &cls[i]);
            h[i] = ne_text_hash(key, n);
        }
        if (r->type == NE_ENT_PER && i == first && i + 1 < nw &&
            is_role_word(key, n)) {
            first++;
            continue;
        }
        if (!is_function_word(key, n)) {
            if (r->ninitials == sizeof(r->initials) || key[0] < 'a' ||
                key[0] > 'z')
                ini_ok = 0;
            else
                r->initials[r->ninitials++] = key[0];
        }
    }
    if (!ini_ok || nw - first < 2)
        r->ninitials = 0;
    /* key still holds the last word */
    g = ne_kb_genitive(key, n, bare_s);
    if (g)
        r->last_gen = ne_text_hash(key, n - g);
    r->acronym = nw - first == 1 && cls[nw - 1] == NE_KB_CASE_UPPER &&
                 n >= 2 && n <= 6;
    for (j = 0; r->acronym && j < n; j++)
        r->acronym = key[j] >= 'a' && key[j] <= 'z';
    r->lkey_off = (uint32_t)s->lkeys.cnt;
    r->lkey_len = (uint8_t)NE_MIN(n, 255);
    NE_GROW(s->lkeys.v, s->lkeys.cap, s->lkeys.cnt + r->lkey_len);
    memcpy(s->lkeys.v + s->lkeys.cnt, key, r->lkey_len);
    s->lkeys.cnt += r->lkey_len;

    r->word_off = (uint32_t)s->words.cnt;
    for (i = first; i < nw; i++)
        *NE_VEC_PUSH(s->words) = h[i];
    r->nwords = (uint8_t)(nw - first);
    r->start = m->span.start + ws[first];
    r->end = m->span.start + ws[nw - 1] + wl[nw - 1];
    r->last_start = m->span.start + ws[nw - 1];
    r->key = seq_key(h + first, r->nwords);
    r->weight = (m->score > 0 ? m->score : 1.0f) * r->nwords;
    last = text + ws[nw - 1];
    if (g) {
        uint64_t w[ENT_MAX_WORDS];
        memcpy(w, h + first, r->nwords * sizeof(uint64_t));
        w[r->nwords - 1] = r->last_gen;
        r->gen_key = seq_key(w, r->nwords);
        r->gen_bytes = genitive_bytes(last, wl[nw - 1], g);
    }
    if (r->nwords == 1) {
        const char *hy = memchr(last, '-', wl[nw - 1]);
        if (hy && hy > last) {
            r->head_bytes = (uint32_t)(hy - last);
            r->head_key = ne_text_hash(
                key, ne_kb_fold(last, r->head_bytes, key, NULL));
        }
    }
    if (kb) {
        int infl = 0;
        ne_kb_cand_t cand[ENT_MAX_CANDS];
        /* GeoNames cities link places only: "Google" is also a name of
         * Topeka, "Frankfurt" a football club. */
        unsigned mask = link_mask(r->type) |
                        (r->type == NE_ENT_LOC ? NE_KB_LINK_TARGETS : 0);
        size_t nc = ne_kb_lookup_all(kb, h + first, cls + first, r->nwords,
                                     r->last_gen, mask, doc->lang, cand,
                                     ENT_MAX_CANDS, &infl);
        r->kb = nc ? cand[0].entry : -1;
        r->kb_inflected = (uint8_t)infl;
        if (nc > 1 || (nc == 1 && ne_kb_entry(kb, r->kb)->place)) {
            /* resolve_places() decides among the first ENT_MAX_CANDS
             * (best names first) */
            r->cand_cnt = (uint8_t)NE_MIN(nc, ENT_MAX_CANDS);
            r->cand_off = (uint32_t)s->cands.cnt;
            NE_GROW(s->cands.v, s->cands.cap, s->cands.cnt + r->cand_cnt);
            memcpy(s->cands.v + s->cands.cnt, cand,
                   r->cand_cnt * sizeof(*cand));
            s->cands.cnt += r->cand_cnt;
        }
        /* A mention that spells out a KB name of two or more words takes
         * the KB's type: "Ria Nowosti" tagged PER is the news agency. One
         * word is too weak a sign ("Washington"). */
        if (r->kb < 0 && r->nwords >= 2 &&
            (r->kb = ne_kb_lookup_keys(kb, h + first, cls + first,
                                       r->nwords, 0, 0xf, doc->lang,
                                       NULL)) >= 0)
            r->type = ne_kb_entry(kb, r->kb)->type;
        r->kb_finds = r->kb >= 0 && !ne_kb_entry(kb, r->kb)->link_only;
    }
}

/* ---- step 1b: which place a place name means ---------------------------- */

/* The sentence of mention mi. */
static uint32_t mention_sent(const ne_doc_t *doc, size_t mi)
{
    uint32_t t = doc->mentions.v[mi].tok_begin;
    return t < doc->tokens.cnt ? doc->tokens.v[t].sent : ENT_ANY_SENT;
}

/* Context keys: a country code or a region hash, told apart by a tag. */
static uint32_t ctx_country(const ne_kb_entry_t *e)
{
    return 0x80000000u | ((uint32_t)(uint8_t)e->cc[0] << 8) |
           (uint8_t)e->cc[1];
}

/* Does the context hold key (in sentence sent, or anywhere when sent is
 * ENT_ANY_SENT)? */
static int ctx_has(const struct ne_entities_scratch_s *s, uint32_t key,
                   uint32_t sent)
{
    size_t i;
    for (i = 0; i < s->context.cnt; i++)
        if (s->context.v[i].key == key &&
            (sent == ENT_ANY_SENT || s->context.v[i].sent == sent))
            return 1;
    return 0;
}

static void ctx_add(struct ne_entities_scratch_s *s, uint32_t key,
                    uint32_t sent)
{
    ent_place_t *p;
    if (!key || ctx_has(s, key, sent) || s->context.cnt >= ENT_MAX_CONTEXT)
        return;
    p = NE_VEC_PUSH(s->context);
    p->key = key;
    p->sent = sent;
}

/* How well place e fits the article; see resolve_places(). */
static double place_score(const ne_kb_t *kb, const ne_doc_t *doc,
                          const struct ne_entities_scratch_s *s,
                          const ne_kb_cand_t *c, uint32_t sent)
{
    const ne_kb_entry_t *e = ne_kb_entry(kb, c->entry);
    double pop = e->place == NE_KB_PLACE_REGION && !e->population
                     ? ENT_POP_REGION
                     : e->population,
           v = log10(pop > ENT_POP_FLOOR ? pop : ENT_POP_FLOOR);
    static const char home_de[][3] = {"DE", "AT", "CH"};
    static const char home_en[][3] = {"US", "GB", "IE", "CA", "AU", "NZ"};
    size_t i;

    if (e->place == NE_KB_PLACE_COUNTRY)
        v += ENT_BONUS_COUNTRY;
    if (!e->link_only)
        v += ENT_BONUS_FINDS;
    if (c->canonical)
        v += ENT_BONUS_CANONICAL;
    for (i = 0; doc->lang == NE_LANG_DE && i < NE_ARRAY_SIZE(home_de); i++)
        if (!memcmp(e->cc, home_de[i], 2))
            v += ENT_BONUS_HOME_DE;
    for (i = 0; doc->lang == NE_LANG_EN && i < NE_ARRAY_SIZE(home_en); i++)
        if (!memcmp(e->cc, home_en[i], 2))
            v += ENT_BONUS_HOME_EN;
    if (e->cc[0] && ctx_has(s, ctx_country(e), ENT_ANY_SENT))
        v += ENT_BONUS_SAME_COUNTRY;
    if (e->region && ctx_has(s, e->region, sent))
        v += ENT_BONUS_SAME_REGION;
    return v;
}

/*
 * A place name may name many places (GeoNames has a dozen Springfields).
 * A user's entry or a hand-written one wins outright, as does a name with
 * one place. Those places (and their countries and US states) are the
 * article's context; each other candidate scores
 *     log10(population, at least 1,000; a US state a million)
 *   + 2 a country (a bare name in the news is the country: "Georgia")
 *   + 1 a place that finds mentions on its own (capitals, CLDR cities)
 *   + 0.3 named by its canonical name ("Frankfort" is Kentucky's)
 *   + 1 (German articles) in DE/AT/CH, 0.5 (English) in US/GB/IE/CA/AU/NZ
 *   + 1 in a country of the context
 *   + 2.5 in a US state the same sentence names ("Springfield, Illinois")
 * and the best links only when it leads the next by 0.5 (about three
 * times the population, other things equal): "Springfield" alone links
 * nothing; with "Illinois" in its sentence it is the state capital. The
 * country counts little and the state only nearby: a US article that
 * names Texas still means France by "Paris".
 */
static void resolve_places(const ne_kb_t *kb, const ne_doc_t *doc,
                           struct ne_entities_scratch_s *s)
{
    ent_ref_t *r = s->refs.v;
    size_t n = s->refs.cnt, i, k;

    s->context.cnt = 0;
    for (i = 0; i < n; i++) {
        const ne_kb_cand_t *c;
        const ne_kb_entry_t *e;
        uint32_t sent = mention_sent(doc, i);
        if (!r[i].cand_cnt)
            continue; /* (s->cands.v may be NULL) */
        c = s->cands.v + r[i].cand_off;
        e = ne_kb_entry(kb, c[0].entry);
        /* a hand-written entry of the name ("Xinhua") wins too */
        for (k = 1; !e->user && e->place && k < r[i].cand_cnt; k++)
            if (!ne_kb_entry(kb, c[k].entry)->place)
                e = ne_kb_entry(kb, r[i].kb = c[k].entry);
        if (r[i].cand_cnt > 1 && !e->user && e->place)
            continue; /* to be decided */
        r[i].cand_cnt = 0;
        r[i].kb_finds = !e->link_only;
        if (e->place) {
            ctx_add(s, e->cc[0] ? ctx_country(e) : 0, sent);
            ctx_add(s, e->region, sent);
        }
    }
    for (i = 0; i < n; i++) {
        const ne_kb_cand_t *c;
        double best = -1e9, second = -1e9;
        int32_t pick = -1;
        if (!r[i].cand_cnt)
            continue;
        c = s->cands.v + r[i].cand_off;
        for (k = 0; k < r[i].cand_cnt; k++) {
            double v;
            if (!ne_kb_entry(kb, c[k].entry)->place)
                continue; /* another kind of thing of the same name */
            v = place_score(kb, doc, s, &c[k], mention_sent(doc, i));
            if (v > best) {
                second = best;
                best = v;
                pick = c[k].entry;
            } else if (v > second) {
                second = v;
            }
        }
        r[i].kb = best - second >= ENT_PLACE_MARGIN ? pick : -1;
        r[i].kb_finds = r[i].kb >= 0 && !ne_kb_entry(kb, r[i].kb)->link_only;
    }
}

/* ---- steps 2 to 4: joining -------------------------------------------- */

/* The mention of a compound ("Kim-Zugs") becomes its head ("Kim"). */
static void narrow_to_head(ne_doc_t *doc, ent_ref_t *r, size_t mi)
{
    r->end = r->start + r->head_bytes;
    r->key = r->head_key;
    r->head_key = 0;
    r->gen_bytes = 0;
    doc->mentions.v[mi].span.end = r->end;
}

/* A key qualified by a type. */
static uint64_t typed_key(uint64_t key, int type)
{
    return key ^ ((uint64_t)(type + 1) * 0xD6E8FEB86659FD93ULL);
}

/*
 * Same words join within a type only. Joining across types and letting
 * votes settle the type cost more than it gained on CoNLL-2003 English dev
 * in 20-sentence documents (F1 0.9102 within types, 0.9075 when a group
 * with at most 60% of the weight joined the strongest): the team
 * "Oakland" and the city, the country Jordan and a player, are both
 * common. A tagger's one-word slip ("Kim" tagged LOC) still joins a
 * person's fuller name in join_partial_names().
 */
static void join_exact(ne_doc_t *doc, struct ne_entities_scratch_s *s)
{
    ent_ref_t *r = s->refs.v;
    size_t n = s->refs.cnt, i;
    int32_t o;

    map_clear(s, n);
    for (i = 0; i < n; i++)
        if (r[i].nwords &&
            (o = map_get(s, typed_key(r[i].key, r[i].type), (int32_t)i)) >= 0)
            uf_join(r, o, (int32_t)i);
    for (i = 0; i < n; i++) {
        /* "Kims" with "Kim" */
        if (r[i].gen_key &&
            (o = map_get(s, typed_key(r[i].gen_key, r[i].type), -1)) >= 0) {
            uf_join(r, o, (int32_t)i);
            r[i].genitive = 1;
        }
        /* "Kim-Zugs" tagged as a person means Kim (unless the KB knows
         * the compound). Not for other types: "UWP-Hachette" is not UWP,
         * "Surinamese-born" not "Surinamese". */
        if (r[i].head_key && r[i].kb < 0 && r[i].type == NE_ENT_PER &&
            (o = map_get(s, typed_key(r[i].head_key, r[i].type), -1)) >= 0) {
            uf_join(r, o, (int32_t)i);
            narrow_to_head(doc, &r[i], i);
        }
    }
}

static int is_long_per(const ent_ref_t *c)
{
    return c->type == NE_ENT_PER && c->nwords >= 2;
}

/* One edit (substitution, insertion, deletion, swap of neighbours) at most
 * between two keys. */
static int within_one_edit(const char *a, size_t na, const char *b, size_t nb)
{
    size_t i = 0;
    if (na > nb)
        return within_one_edit(b, nb, a, na);
    if (nb - na > 1)
        return 0;
    while (i < na && a[i] == b[i])
        i++;
    if (i == na)
        return 1;
    if (na == nb)
        return !memcmp(a + i + 1, b + i + 1, na - i - 1) ||
               (i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i] &&
                !memcmp(a + i + 2, b + i + 2, na - i - 2));
    return !memcmp(a + i, b + i + 1, na - i);
}

/* Does r's word list occur in c's, in order, sharing c's first or last
 * word? ("Wladimir Putin" in "Wladimir Wladimirowitsch Putin") */
static int is_part_of(const struct ne_entities_scratch_s *s,
                      const ent_ref_t *r, const ent_ref_t *c)
{
    const uint64_t *rw = &s->words.v[r->word_off];
    const uint64_t *cw = &s->words.v[c->word_off];
    size_t i = 0, j;
    if (r->nwords >= c->nwords ||
        (rw[0] != cw[0] && rw[r->nwords - 1] != cw[c->nwords - 1]))
        return 0;
    for (j = 0; j < c->nwords && i < r->nwords; j++)
        if (rw[i] == cw[j])
            i++;
    return i == r->nwords;
}

/* The one root among candidates; -1 when none, -2 when several. */
static int32_t note_candidate(ent_ref_t *r, int32_t found, int32_t c)
{
    c = uf_find(r, c);
    if (found == -1 || found == c)
        return c;
    return -2;
}

/* Index lists: refs under salted keys, so that candidates come from a
 * hash probe instead of a scan over all mentions (a long article must
 * not cost the square of its mentions). */
enum { IX_FULL = 8, IX_FIRST, IX_LAST, IX_SURNAME, IX_INITIALS, IX_ACRONYM };

/* Add ref to the list under key (the map holds the list's head + 1). */
static void index_add(struct ne_entities_scratch_s *s, uint64_t key,
                      int32_t ref)
{
    int32_t *head = map_slot(s, key);
    ent_link_t *l = NE_VEC_PUSH(s->links);
    l->ref = ref;
    l->next = *head - 1;
    *head = (int32_t)s->links.cnt;
}

/* First link of the list under key, -1 when none; then follow ->next. */
static int32_t index_first(struct ne_entities_scratch_s *s, uint64_t key)
{
    return *map_slot(s, key) - 1;
}

/* Is ref the first of its words with this salt? (one list entry per
 * distinct name, however often it is mentioned) */
static int first_of_its_words(struct ne_entities_scratch_s *s,
                              const ent_ref_t *r, int32_t ref, int salt)
{
    return map_get(s, typed_key(r[ref].key, salt), ref) == ref;
}

/* Note every ref listed under key whose cluster differs from m's. */
static int32_t note_listed(struct ne_entities_scratch_s *s, uint64_t key,
                           int32_t m, int32_t found)
{
    ent_ref_t *r = s->refs.v;
    int32_t l;
    for (l = index_first(s, key); l >= 0; l = s->links.v[l].next)
        if (uf_find(r, s->links.v[l].ref) != uf_find(r, m))
            found = note_candidate(r, found, s->links.v[l].ref);
    return found;
}

static void join_partial_names(ne_doc_t *doc, struct ne_entities_scratch_s *s)
{
    ent_ref_t *r = s->refs.v;
    int32_t n = (int32_t)s->refs.cnt, i, j, l;

    /* Each distinct fuller name of a person, by first and last word; each
     * distinct surname of five letters or more, for misspellings. */
    map_clear(s, 5 * (size_t)n);
    s->links.cnt = 0;
    s->surnames.cnt = 0;
    for (j = 0; j < n; j++) {
        const uint64_t *w = &s->words.v[r[j].word_off];
        if (is_long_per(&r[j]) && first_of_its_words(s, r, j, IX_FULL)) {
            index_add(s, typed_key(w[0], IX_FIRST), j);
            index_add(s, typed_key(w[r[j].nwords - 1], IX_LAST), j);
            if (r[j].last_gen)
                index_add(s, typed_key(r[j].last_gen, IX_LAST), j);
        }
        if (r[j].type == NE_ENT_PER && r[j].nwords && r[j].lkey_len >= 5 &&
            map_get(s, typed_key(w[r[j].nwords - 1], IX_SURNAME), j) == j)
            *NE_VEC_PUSH(s->surnames) = j;
    }

    for (i = 0; i < n; i++) {
        ent_ref_t *m = &r[i];
        const uint64_t *w = &s->words.v[m->word_off];
        uint64_t forms[3];
        int32_t found = -1;
        int pass, k, via_head = 0;

        /* People only; a one-word mention the tagger typed otherwise may
         * join a person too ("Kim" tagged LOC), unless the KB knows it as
         * something else ("Washington"). Votes settle the type. */
        if (!m->nwords || (m->type != NE_ENT_PER &&
                           (m->nwords > 1 || m->kb_finds)))
            continue;
        if (m->nwords >= 2) {
            /* "Wladimir Putin" in "Wladimir Wladimirowitsch Putin" */
            for (pass = 0; pass < 2; pass++) {
                uint64_t key = pass ? typed_key(w[m->nwords - 1], IX_LAST)
                                    : typed_key(w[0], IX_FIRST);
                for (l = index_first(s, key); l >= 0;
                     l = s->links.v[l].next) {
                    j = s->links.v[l].ref;
                    if (uf_find(r, j) != uf_find(r, i) &&
                        is_part_of(s, m, &r[j]))
                        found = note_candidate(r, found, j);
                }
            }
            if (found >= 0)
                uf_join(r, found, i);
            continue;
        }
        /* One word: the surname, else the first name of a fuller name,
         * in its plain, genitive or compound-head form. */
        forms[0] = m->key;
        forms[1] = m->last_gen;
        forms[2] = m->head_key;
        for (pass = 0; pass < 2 && found == -1; pass++) {
            for (k = 0; k < 3; k++) {
                int32_t before = found;
                if (!forms[k])
                    continue;
                found = note_listed(s, typed_key(forms[k],
                                                 pass ? IX_FIRST : IX_LAST),
                                    i, found);
                if (k == 2 && found != before)
                    via_head = 1;
            }
        }
        if (found == -1 && m->lkey_len >= 5) {
            /* A misspelt surname: one edit, five letters or more on both
             * sides and six on one ("Easly", "Easley"; not "Meier",
             * "Meyer"). */
            const char *ka = s->lkeys.v + m->lkey_off;
            size_t q;
            for (q = 0; q < s->surnames.cnt; q++) {
                const ent_ref_t *c = &r[j = s->surnames.v[q]];
                const char *kc = s->lkeys.v + c->lkey_off;
                if (uf_find(r, j) == uf_find(r, i) || c->key == m->key)
                    continue;
                if ((m->lkey_len >= 6 || c->lkey_len >= 6) &&
                    ka[0] == kc[0] &&
                    within_one_edit(ka, m->lkey_len, kc, c->lkey_len))
                    found = note_candidate(r, found, j);
            }
        }
        if (found >= 0) {
            uf_join(r, found, i);
            if (via_head)
                narrow_to_head(doc, m, (size_t)i);
        }
    }
}

static void join_acronyms_and_links(struct ne_entities_scratch_s *s)
{
    ent_ref_t *r = s->refs.v;
    int32_t n = (int32_t)s->refs.cnt, i, j, o;
    char swapped[8];

    /* Distinct long forms by their initials, distinct acronyms. */
    map_clear(s, 3 * (size_t)n);
    s->links.cnt = 0;
    for (j = 0; j < n; j++) {
        if (r[j].type == NE_ENT_PER || !first_of_its_words(s, r, j, IX_FULL))
            continue;
        if (r[j].ninitials >= 2)
            index_add(s, typed_key(ne_text_hash(r[j].initials,
                                                r[j].ninitials),
                                   IX_INITIALS),
                      j);
        if (r[j].acronym)
            index_add(s, typed_key(r[j].key, IX_ACRONYM), j);
    }
    for (i = 0; i < n; i++) {
        const ent_ref_t *m = &r[i];
        const char *acr = s->lkeys.v + m->lkey_off;
        size_t len = m->lkey_len, p;
        int32_t found;
        if (!m->acronym || m->type == NE_ENT_PER)
            continue;
        found = note_listed(s, typed_key(ne_text_hash(acr, len), IX_INITIALS),
                            i, -1);
        /* "KNCA" for "KCNA": two neighbours swapped, four letters or
         * more, the same type. */
        for (p = 0; len >= 4 && p + 1 < len; p++) {
            int32_t l;
            if (acr[p] == acr[p + 1])
                continue;
            memcpy(swapped, acr, len);
            swapped[p] = acr[p + 1];
            swapped[p + 1] = acr[p];
            for (l = index_first(s, typed_key(ne_text_hash(swapped, len),
                                              IX_ACRONYM));
                 l >= 0; l = s->links.v[l].next) {
                j = s->links.v[l].ref;
                if (r[j].type == m->type && uf_find(r, j) != uf_find(r, i))
                    found = note_candidate(r, found, j);
            }
        }
        if (found >= 0)
            uf_join(r, found, i);
    }
    /* The same KB entry: one referent. */
    map_clear(s, (size_t)n);
    /* Not through a link-only GeoNames city: its many alternate names
     * ("Newtown" is Hartford's old name) are a weaker sign than a name of
     * the curated KB. */
    for (i = 0; i < n; i++)
        if (r[i].kb >= 0 && r[i].kb_finds &&
            (o = map_get(s, 0x51ed27aULL + (uint64_t)r[i].kb, i)) >= 0)
            uf_join(r, o, i);
}

/* ---- step 4b: names the tagger missed --------------------------------- */

static int is_german_article(const ne_doc_t *doc, const ne_token_t *t)
{
    static const char *const art[] = {"das", "dem", "den", "der", "des",
                                      "die", "ein", "eine", "einem", "einen",
                                      "einer", NULL};
    const char *w = ne_doc_tok_norm(doc, t);
    size_t i;
    for (i = 0; art[i]; i++)
        if (strlen(art[i]) == t->norm_len && !memcmp(art[i], w, t->norm_len))
            return 1;
    return 0;
}

/* Does the article before token k make the word a common noun ("der
 * Bauer")? Not when it follows a comma: there it is a relative pronoun
 * ("Bestände, die Putin benötige"). */
static int after_article(const ne_doc_t *doc, size_t k)
{
    const ne_token_t *t = &doc->tokens.v[k], *c;
    if (k == 0 || doc->tokens.v[k - 1].sent != t->sent ||
        !is_german_article(doc, &doc->tokens.v[k - 1]))
        return 0;
    c = k >= 2 ? &doc->tokens.v[k - 2] : NULL;
    return !(c && c->sent == t->sent && c->kind == NE_TOK_PUNCT &&
             c->norm_len == 1 && ne_doc_tok_norm(doc, c)[0] == ',');
}

/* Remember word -> cluster root for propagation; a word of two clusters
 * is marked ambiguous (INT32_MAX). */
static void note_name_word(struct ne_entities_scratch_s *s, uint64_t w,
                           int32_t root)
{
    int32_t *v = map_slot(s, w);
    if (!*v)
        *v = root + 1;
    else if (*v != root + 1)
        *v = INT32_MAX;
}

/*
 * Name propagation: the tagger often finds "Kim Jong Un" and "Peskow" once
 * and misses them later. A capitalised word outside every mention becomes
 * a mention of a person's cluster when it is, exactly or with a genitive
 * ending ("Kims"), the last word of one of the cluster's names of two or
 * more words, or a one-word mention already in the cluster, and no other
 * cluster has that word. In German it must not follow an article ("der
 * Bauer" is a farmer) unless the article follows a comma, where it is a
 * relative pronoun ("Munitionsbestände, die Putin benötige": on 1,028
 * Austrian news articles this found 19 more names, 18 of them right; with
 * no article rule at all, 73 more, many wrong: "die Mur", the river).
 * The head of a hyphenated compound counts too ("Kim-Zugs": the mention
 * is "Kim"). Words of fewer than three letters and words the KB names as
 * something other than a person do not propagate.
 */
static void propagate_names(const ne_kb_t *kb, ne_doc_t *doc,
                            struct ne_entities_scratch_s *s)
{
    ent_ref_t *r = s->refs.v;
    size_t n = s->refs.cnt, nt = doc->tokens.cnt, i, k, old;
    int bare_s = doc->lang == NE_LANG_DE || doc->lang == NE_LANG_UNKNOWN;
    char key[NE_KB_KEY_MAX];

    /* Which clusters are people: those with a multi-word PER name. */
    NE_GROW(s->ent_of.v, s->ent_of.cap, n);
    for (i = 0; i < n; i++)
        s->ent_of.v[i] = 0;
    for (i = 0; i < n; i++)
        if (is_long_per(&r[i]))
            s->ent_of.v[uf_find(r, (int32_t)i)] = 1;
    map_clear(s, n * 2);
    for (i = 0; i < n; i++) {
        const char *t = doc->text[doc->mentions.v[i].span.field];
        int32_t root = uf_find(r, (int32_t)i);
        size_t kn = ne_kb_fold(t + r[i].last_start, r[i].end - r[i].last_start,
                               key, NULL);
        uint64_t w;
        if (!s->ent_of.v[root] || kn < 3 ||
            (r[i].nwords >= 2 && !is_long_per(&r[i])) || r[i].nwords < 1)
            continue;
        w = r[i].genitive && r[i].last_gen ? r[i].last_gen
                                           : s->words.v[r[i].word_off +
                                                        r[i].nwords - 1];
        if (kb && ne_kb_lookup(kb, t + r[i].last_start,
                               r[i].end - r[i].last_start,
                               0xfu & ~(1u << NE_ENT_PER), doc->lang,
                               NULL) >= 0)
            continue; /* "Washington" */
        note_name_word(s, w, root);
    }

    cover_tokens(doc, s);
    s->added.cnt = 0;
    s->added_root.cnt = 0;
    for (k = 0; k < nt; k++) {
        const ne_token_t *t = &doc->tokens.v[k];
        const char *raw = ne_doc_tok_ptr(doc, t), *h;
        size_t kn, g, hl = 0;
        int32_t *v = NULL;
        ne_mention_t *nm;

        if (s->covered.v[k] || t->kind != NE_TOK_WORD ||
            !(t->flags & NE_TOKF_CAP))
            continue;
        if (!(bare_s && after_article(doc, k))) {
            const char *norm = ne_doc_tok_norm(doc, t);
            v = map_slot(s, ne_kb_token_key(doc, t, &kn));
            if (!*v && (g = ne_kb_genitive(norm, kn, bare_s)))
                v = map_slot(s, ne_text_hash(norm, kn - g));
        }
        if ((!v || !*v) && (h = memchr(raw, '-', t->end - t->start)) &&
            h - raw >= 3) {
            hl = (size_t)(h - raw);
            v = map_slot(s, ne_text_hash(key, ne_kb_fold(raw, hl, key, NULL)));
        }
        if (!v || !*v || *v == INT32_MAX)
            continue;
        nm = NE_VEC_PUSH(s->added);
        memset(nm, 0, sizeof(*nm));
        nm->tok_begin = (uint32_t)k;
        nm->tok_end = (uint32_t)k + 1;
        nm->span.field = t->field;
        nm->span.start = t->start;
        nm->span.end = hl ? t->start + (uint32_t)hl : t->end;
        nm->type = NE_ENT_PER;
        nm->entity = -1;
        nm->score = 0.5f;
        *NE_VEC_PUSH(s->added_root) = *v - 1;
    }
    if (!s->added.cnt)
        return;

    /* Re-index the refs in the merged order; the new ones join their
     * cluster. */
    old = n;
    merge_added(doc, s);
    NE_GROW(s->refs_tmp.v, s->refs_tmp.cap, old);
    memcpy(s->refs_tmp.v, s->refs.v, old * sizeof(ent_ref_t));
    NE_GROW(s->refs.v, s->refs.cap, doc->mentions.cnt);
    s->refs.cnt = doc->mentions.cnt;
    r = s->refs.v;
    for (i = 0; i < old; i++) {
        r[s->remap.v[i]] = s->refs_tmp.v[i];
        r[s->remap.v[i]].parent = s->remap.v[s->refs_tmp.v[i].parent];
    }
    for (k = 0; k < s->added.cnt; k++) {
        int32_t mi = s->remap.v[old + k];
        analyse(kb, doc, s, (size_t)mi);
        r = s->refs.v;
        r[mi].parent = s->remap.v[s->added_root.v[k]];
    }
}

/* ---- step 5: entities ------------------------------------------------- */

/* Is ref a better name than the current best? More words, then not an
 * acronym, then more bytes; the earlier mention wins ties. */
static int better_name(const ent_ref_t *a, const ent_ref_t *best)
{
    uint32_t la = a->end - a->start, lb = best->end - best->start;
    if (a->nwords != best->nwords)
        return a->nwords > best->nwords;
    if (a->acronym != best->acronym)
        return !a->acronym;
    return la > lb;
}

static int types_compatible(int a, int b)
{
    return a == b || a == NE_ENT_MISC || b == NE_ENT_MISC ||
           ((a == NE_ENT_ORG || a == NE_ENT_LOC) &&
            (b == NE_ENT_ORG || b == NE_ENT_LOC));
}

static void build_entities(ne_doc_t *doc, const ne_kb_t *kb,
                           struct ne_entities_scratch_s *s)
{
    ent_ref_t *r = s->refs.v;
    size_t n = s->refs.cnt, i, ne;
    uint32_t max_count = 0;
    double body_len = doc->len[NE_FIELD_BODY] ? doc->len[NE_FIELD_BODY] : 1;
    double title_len =
        doc->len[NE_FIELD_TITLE] ? doc->len[NE_FIELD_TITLE] : 1;

    NE_GROW(s->ent_of.v, s->ent_of.cap, n);
    for (i = 0; i < n; i++)
        s->ent_of.v[i] = -1;
    doc->entities.cnt = 0;
    s->name_ref.cnt = 0;
    s->votes.cnt = 0;
    s->in_title.cnt = 0;
    for (i = 0; i < n; i++) {
        ne_mention_t *m = &doc->mentions.v[i];
        int32_t root = uf_find(r, (int32_t)i), e = s->ent_of.v[root];
        ne_entity_t *ent;
        if (e < 0) {
            e = s->ent_of.v[root] = (int32_t)doc->entities.cnt;
            ent = NE_VEC_PUSH(doc->entities);
            memset(ent, 0, sizeof(*ent));
            ent->kb = -1;
            ent->first_mention = (uint32_t)i;
            /* salience holds the position part until the end */
            ent->salience =
                m->span.field == NE_FIELD_TITLE
                    ? (float)(1.0 - 0.5 * m->span.start / title_len)
                    : (float)(0.5 * (1.0 - m->span.start / body_len));
            *NE_VEC_PUSH(s->name_ref) = (int32_t)i;
            *NE_VEC_PUSH(s->in_title) = 0;
            NE_GROW(s->votes.v, s->votes.cap, s->votes.cnt + NE_ENT__CNT);
            memset(s->votes.v + s->votes.cnt, 0, NE_ENT__CNT * sizeof(float));
            s->votes.cnt += NE_ENT__CNT;
        }
        ent = &doc->entities.v[e];
        m->entity = e;
        ent->count++;
        if (m->span.field == NE_FIELD_TITLE)
            s->in_title.v[e] = 1;
        s->votes.v[e * NE_ENT__CNT + r[i].type] += r[i].weight;
        if (better_name(&r[i], &r[s->name_ref.v[e]]))
            s->name_ref.v[e] = (int32_t)i;
        if (ent->count > max_count)
            max_count = ent->count;
    }

    ne = doc->entities.cnt;
    for (i = 0; i < ne; i++) {
        ne_entity_t *ent = &doc->entities.v[i];
        const ent_ref_t *nr = &r[s->name_ref.v[i]];
        const char *text = doc->text[doc->mentions.v[s->name_ref.v[i]]
                                         .span.field];
        const float *v = &s->votes.v[i * NE_ENT__CNT];
        int t, type = nr->type;
        uint32_t len = nr->end - nr->start;

        for (t = 0; t < NE_ENT__CNT; t++)
            if (v[t] > v[type])
                type = t;
        ent->type = (uint8_t)type;
        if (nr->genitive || nr->kb_inflected)
            len -= nr->gen_bytes;
        ent->name_off = ne_doc_add_string(doc, text + nr->start, len);
        ent->name_len = len;
        ent->salience = (float)(
            0.40 * log1p(ent->count) / log1p(max_count) +
            0.35 * ent->salience + (s->in_title.v[i] ? 0.25 : 0.0));
    }
    /* The link of the best-named mention whose entry fits the type. */
    NE_GROW(s->kb_ref.v, s->kb_ref.cap, ne);
    for (i = 0; i < ne; i++)
        s->kb_ref.v[i] = -1;
    for (i = 0; kb && i < n; i++) {
        int32_t e = doc->mentions.v[i].entity, *best = &s->kb_ref.v[e];
        /* A GeoNames city links a place named by it: "Bolton" tagged
         * LOC but joined to the person John Bolton links nothing, nor
         * does "Garland" in a cluster named "Merrick Garland". */
        if (r[i].kb >= 0 &&
            types_compatible(ne_kb_entry(kb, r[i].kb)->type,
                             doc->entities.v[e].type) &&
            (r[i].kb_finds || (doc->entities.v[e].type == NE_ENT_LOC &&
                               r[s->name_ref.v[e]].kb == r[i].kb)) &&
            (*best < 0 || better_name(&r[i], &r[*best])))
            *best = (int32_t)i;
    }
    for (i = 0; i < ne; i++) {
        ne_entity_t *ent = &doc->entities.v[i];
        const ne_kb_entry_t *ke;
        if (s->kb_ref.v[i] < 0)
            continue;
        ent->kb = r[s->kb_ref.v[i]].kb;
        ke = ne_kb_entry(kb, ent->kb);
        ent->kb_id_off = ne_doc_add_string(doc, ke->id, ke->id_len);
        ent->kb_id_len = ke->id_len;
    }
}

void ne_entities_resolve(const ne_kb_t *kb, ne_doc_t *doc)
{
    struct ne_entities_scratch_s *s = doc->entities_scratch;
    size_t i;

    doc->entities.cnt = 0;
    if (!s)
        s = doc->entities_scratch = ne_calloc(1, sizeof(*s));
    if (kb) {
        grow_to_place_names(kb, doc);
        add_kb_mentions(kb, doc, s);
    }
    if (!doc->mentions.cnt)
        return;
    s->refs.cnt = 0;
    s->words.cnt = 0;
    s->lkeys.cnt = 0;
    s->cands.cnt = 0;
    s->seed = doc->hash_seed;
    s->steps = 0;
    s->step_budget = NE_ENTITIES_STEPS_FLOOR +
                     NE_ENTITIES_STEPS_PER_ITEM *
                         (uint64_t)(doc->mentions.cnt + doc->tokens.cnt);
    NE_GROW(s->refs.v, s->refs.cap, doc->mentions.cnt);
    s->refs.cnt = doc->mentions.cnt;
    for (i = 0; i < doc->mentions.cnt; i++)
        analyse(kb, doc, s, i);
    if (kb)
        resolve_places(kb, doc, s);
    join_exact(doc, s);
    join_partial_names(doc, s);
    join_acronyms_and_links(s);
    propagate_names(kb, doc, s);
    build_entities(doc, kb, s);
    if (s->steps > s->step_budget)
        snprintf(doc->over_budget, sizeof(doc->over_budget),
                 "entity resolution over its work budget (%llu table steps "
                 "for %zu mentions and %zu tokens): keys that collide, "
                 "text written against the hash",
                 (unsigned long long)s->steps, doc->mentions.cnt,
                 doc->tokens.cnt);
}
