/*
 * newsenrich - named-entity tagger: averaged perceptron over hashed
 * features, BILOU labels, Viterbi decoding per sentence.
 *
 * The model (models/<lang>-ner.bin, written by tools/train_ner) is read-only
 * after loading and shared by all threads; each thread tags with its own
 * work buffers hanging off doc->ner_scratch. After the last sentence, the
 * mentions of the whole article are repaired (see "mention repair").
 */
#include "kb.h"
#include "ner_model.h"
#include "stages.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ne_ner_s {
    ne_ner_model_t *m;
};

struct ne_ner_scratch_s {
    ne_ner_work_t wk;
    ne_ner_word_t *words;
    size_t words_cap;
    uint16_t *tlex;          /* lexicon classes of each token of the doc */
    size_t tlex_cap;
    NE_VEC(uint64_t) pairs;  /* words in a row in the doc's persons */
    char *low;               /* a lower-cased word */
    size_t low_cap;
    /* word caches of the last models used (German and English in a mixed
     * stream), the most recent first */
    ne_ner_cache_t *cache[2];
    ne_ner_hist_t hist;      /* the article's prediction history */
};

ne_ner_t *ne_ner_load(const char *models_dir, const char *lang,
                      const ne_kb_t *kb, char *errstr, size_t errstr_size)
{
    char path[4096];
    ne_ner_t *ner;
    ne_ner_model_t *m;

    (void)kb; /* the tagger matches its own lexicon for now */
    snprintf(path, sizeof(path), "%s/%s-ner.bin", models_dir, lang);
    if (!(m = ne_ner_model_read(path, errstr, errstr_size)))
        return NULL;
    ner = ne_calloc(1, sizeof(*ner));
    ner->m = m;
    return ner;
}

void ne_ner_destroy(ne_ner_t *ner)
{
    if (!ner)
        return;
    ne_ner_model_free(ner->m);
    free(ner);
}

const char *ne_ner_model_name(const ne_ner_t *ner)
{
    return ner ? ner->m->name : "none";
}

void ne_ner_scratch_free(struct ne_ner_scratch_s *s)
{
    if (!s)
        return;
    ne_ner_work_free(&s->wk);
    free(s->words);
    free(s->tlex);
    free(s->pairs.v);
    free(s->low);
    ne_ner_cache_free(s->cache[0]);
    ne_ner_cache_free(s->cache[1]);
    ne_ner_hist_free(&s->hist);
    free(s);
}

/* Confidence of a decoded span: the smallest margin, over its tokens, of
 * the chosen label's emission over the best other label, squashed. */
static float span_score(const ne_ner_model_t *m, const ne_ner_work_t *wk,
                        size_t b, size_t e)
{
    float worst = INFINITY;
    size_t i;
    int l;
    for (i = b; i < e; i++) {
        const int32_t *s = wk->score + i * NE_NER_LABELS;
        int32_t other = INT32_MIN;
        for (l = 0; l < NE_NER_LABELS; l++)
            if (l != wk->path[i] && s[l] > other)
                other = s[l];
        worst = fminf(worst, (float)(s[wk->path[i]] - other) / m->scale);
    }
    return 1.0f / (1.0f + expf(-worst));
}

/* ---- mention repair ------------------------------------------------------
 *
 * The tagger decides within one sentence from a window of five words. Some
 * of its mistakes have a shape that the whole article, the lexicon or the
 * KB reveal, and rules fix them after decoding (each measured on GermEval
 * 2014 dev and CoNLL-2003 English dev, see models/README.md):
 *  - a person's name cut short before a syllable of a romanised name
 *    ("Kim Jong" + "Un") or before a word that continues the same name
 *    elsewhere in the article;
 *  - a Korean or Chinese name with a hyphenated given name ("Lee
 *    Jae-myung") missed or typed as something else;
 *  - a derivation of a name opening a German sentence ("Südkoreanische
 *    Beobachter") and a place compounded with a common noun
 *    ("Nordkorea-Studien"): not names under the GermEval guidelines;
 *  - two cities side by side read as one name ("Pjöngjang Moskau").
 */

/* Code points of s[0..n). */
static size_t cp_count(const char *s, size_t n)
{
    size_t i, c = 0;
    for (i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xc0) != 0x80;
    return c;
}

/* A capitalised word with lower-case letters after its first: "Un",
 * "Jae-in", not "UN" or "G7". */
static int is_cap_word(const ne_token_t *t)
{
    return t->kind == NE_TOK_WORD && (t->flags & NE_TOKF_CAP) &&
           !(t->flags & (NE_TOKF_ALLCAP | NE_TOKF_DIGIT | NE_TOKF_ABBREV));
}

/* Lexicon classes of a word that is no part of a person's name. */
#define NOT_NAME_PART (NE_LEX_NOUN | NE_LEX_COUNTRY | NE_LEX_CITY | \
                       NE_LEX_DEMONYM | NE_LEX_LOWER)

/* Lexicon classes of bytes s[0..n) as the tagger looks them up. */
static uint16_t lex_of(const ne_ner_model_t *m, struct ne_ner_scratch_s *sc,
                       const char *s, size_t n)
{
    size_t l = ne_ner_lower(s, n, &sc->low, &sc->low_cap);
    return ne_ner_lex_get(&m->lex, ne_ner_hash(sc->low, l));
}

/* Is token k a syllable of a romanised East-Asian name: one part of two to
 * four letters ("Un", "Jong", "Yeol") or two parts of two to five joined
 * by a hyphen, the second in lower case ("Jae-in", "Moo-jin"), and none of
 * the lexicon classes in stop, nor a common word after the hyphen
 * ("Kong-based")? */
static int is_syllable(const ne_ner_model_t *m, const ne_doc_t *doc,
                       struct ne_ner_scratch_s *sc, uint32_t k, uint16_t stop)
{
    const ne_token_t *t = &doc->tokens.v[k];
    const char *w = ne_doc_tok_ptr(doc, t), *h;
    size_t n = t->end - t->start, a, b;
    if (!is_cap_word(t) || (sc->tlex[k] & stop))
        return 0;
    if (!(h = memchr(w, '-', n)))
        return (a = cp_count(w, n)) >= 2 && a <= 4;
    a = cp_count(w, (size_t)(h - w));
    b = cp_count(h + 1, n - (size_t)(h - w) - 1);
    return a >= 2 && a <= 5 && b >= 2 && b <= 5 && h[1] >= 'a' &&
           h[1] <= 'z' &&
           (b < 3 || !(lex_of(m, sc, h + 1, (size_t)(w + n - h - 1)) &
                       NE_LEX_LOWER));
}

/* A sentence without a lower-case word of four letters or more: a
 * headline in title case or capitals, where a capital says nothing
 * ("Kim Jong Un Says"). */
static int is_title_case(const ne_doc_t *doc, uint32_t sent)
{
    const ne_sentence_t *se = &doc->sents.v[sent];
    uint32_t k;
    for (k = se->tok_begin; k < se->tok_end; k++) {
        const ne_token_t *t = &doc->tokens.v[k];
        if (t->kind == NE_TOK_WORD && !(t->flags & NE_TOKF_CAP) &&
            cp_count(ne_doc_tok_ptr(doc, t), t->end - t->start) >= 4)
            return 0;
    }
    return 1;
}

/* Key of two words in a row, from their normalised forms. */
static uint64_t pair_key(const ne_token_t *a, const ne_token_t *b)
{
    return a->hash * 0x9e3779b97f4a7c15ULL ^ (b->hash + 0x632be59bd9b4e019ULL);
}

/* Point the tokens at the mentions again after the mentions changed. */
static void index_tokens(ne_doc_t *doc)
{
    size_t k, mi;
    for (k = 0; k < doc->tokens.cnt; k++)
        doc->tokens.v[k].mention = -1;
    for (mi = 0; mi < doc->mentions.cnt; mi++)
        for (k = doc->mentions.v[mi].tok_begin;
             k < doc->mentions.v[mi].tok_end; k++)
            doc->tokens.v[k].mention = (int32_t)mi;
}

/* The pairs of words in a row inside the article's persons. */
static void collect_pairs(const ne_doc_t *doc, struct ne_ner_scratch_s *sc)
{
    size_t mi, k;
    sc->pairs.cnt = 0;
    for (mi = 0; mi < doc->mentions.cnt; mi++) {
        const ne_mention_t *mn = &doc->mentions.v[mi];
        for (k = mn->tok_begin + 1; mn->type == NE_ENT_PER && k < mn->tok_end;
             k++)
            *NE_VEC_PUSH(sc->pairs) =
                pair_key(&doc->tokens.v[k - 1], &doc->tokens.v[k]);
    }
}

/* Are a, b two words in a row in a person elsewhere in the article? */
static int has_pair(const struct ne_ner_scratch_s *sc, const ne_token_t *a,
                    const ne_token_t *b)
{
    uint64_t key = pair_key(a, b);
    size_t p;
    for (p = 0; p < sc->pairs.cnt; p++)
        if (sc->pairs.v[p] == key)
            return 1;
    return 0;
}

/*
 * Extend persons over up to two name parts the tagger left out after
 * them. The next word must be capitalised inside its sentence and not a
 * common noun, a place, a demonym or a word mostly written in lower case
 * (the model's lexicon). Then it joins when the two words are next to each
 * other in a person's name elsewhere in the article, or, with syllables,
 * when both are syllables of a romanised name ("Kim Jong" + "Un", "Yoon
 * Suk" + "Yeol") outside a title-case headline. (The same evidence for
 * a word before a person found "bei Lubomyr Melnyk" but also "Crooked
 * Hillary Clinton": not kept.)
 */
static void extend_pass(const ne_ner_model_t *m, ne_doc_t *doc,
                        struct ne_ner_scratch_s *sc, int syllables)
{
    size_t mi;

    for (mi = 0; mi < doc->mentions.cnt; mi++) {
        ne_mention_t *mn = &doc->mentions.v[mi];
        uint32_t limit = mi + 1 < doc->mentions.cnt
                             ? doc->mentions.v[mi + 1].tok_begin
                             : (uint32_t)doc->tokens.cnt;
        int steps;
        for (steps = 0; mn->type == NE_ENT_PER && steps < 2; steps++) {
            const ne_token_t *last = &doc->tokens.v[mn->tok_end - 1], *t;
            int ok;
            if (mn->tok_end >= limit)
                break;
            t = last + 1;
            if (t->sent != last->sent || !is_cap_word(t) ||
                (t->flags & NE_TOKF_SENT_START) ||
                (sc->tlex[mn->tok_end] & NOT_NAME_PART))
                break;
            ok = has_pair(sc, last, t);
            if (!ok &&
                !(syllables &&
                  is_syllable(m, doc, sc, mn->tok_end, NOT_NAME_PART) &&
                  is_syllable(m, doc, sc, mn->tok_end - 1, NOT_NAME_PART) &&
                  !is_title_case(doc, t->sent)))
                break;
            mn->tok_end++;
            mn->span.end = t->end;
        }
    }
}

/* The second pass lets a name completed by the first complete the same
 * name elsewhere: a headline in title case after the body's "Kim Jong
 * Un". */
static void extend_persons(const ne_ner_model_t *m, ne_doc_t *doc,
                           struct ne_ner_scratch_s *sc)
{
    collect_pairs(doc, sc);
    extend_pass(m, doc, sc, 1);
    collect_pairs(doc, sc);
    extend_pass(m, doc, sc, 0);
}

/* Tokens k, k + 1: a family name and a hyphenated given name. Family
 * names may be common nouns too ("Moon", "Park"). */
static int is_given_name_pair(const ne_ner_model_t *m, const ne_doc_t *doc,
                              struct ne_ner_scratch_s *sc, uint32_t k)
{
    const ne_token_t *a = &doc->tokens.v[k], *b = a + 1;
    return a->sent == b->sent && !(a->flags & NE_TOKF_HYPHEN) &&
           (b->flags & NE_TOKF_HYPHEN) &&
           is_syllable(m, doc, sc, k, NOT_NAME_PART & ~NE_LEX_NOUN) &&
           is_syllable(m, doc, sc, k + 1, NOT_NAME_PART);
}

static int mention_order(const void *a, const void *b)
{
    const ne_mention_t *x = a, *y = b;
    return (x->tok_begin > y->tok_begin) - (x->tok_begin < y->tok_begin);
}

/*
 * Korean and Chinese names written as a family name and a hyphenated
 * given name ("Moon Jae-in", "Lee Jae-myung", "Wong Kar-wai") are
 * persons, also where the tagger typed them otherwise or missed them.
 * (Three one-part syllables are not enough: "Ku Klux Klan", "Salt Lake
 * City".)
 */
static void romanised_persons(const ne_ner_model_t *m, ne_doc_t *doc,
                              struct ne_ner_scratch_s *sc)
{
    size_t mi, n0 = doc->mentions.cnt, next = 0;
    uint32_t k;

    for (mi = 0; mi < n0; mi++) {
        ne_mention_t *mn = &doc->mentions.v[mi];
        k = mn->tok_begin;
        if (mn->type != NE_ENT_PER && mn->tok_end == k + 2 &&
            is_given_name_pair(m, doc, sc, k))
            mn->type = NE_ENT_PER;
    }
    for (k = 0; k + 1 < doc->tokens.cnt; k++) {
        const ne_token_t *a = &doc->tokens.v[k], *b = a + 1;
        ne_mention_t *nm;
        while (next < n0 && doc->mentions.v[next].tok_end <= k)
            next++;
        if (!(b->flags & NE_TOKF_HYPHEN) ||
            (next < n0 && doc->mentions.v[next].tok_begin <= k + 1) ||
            !is_given_name_pair(m, doc, sc, k))
            continue;
        nm = NE_VEC_PUSH(doc->mentions);
        memset(nm, 0, sizeof(*nm));
        nm->tok_begin = k;
        nm->tok_end = k + 2;
        nm->span.start = a->start;
        nm->span.end = b->end;
        nm->span.field = a->field;
        nm->type = NE_ENT_PER;
        nm->entity = -1;
        nm->score = 0.5f; /* below the tagger's usual confidence */
        k++;
    }
    if (doc->mentions.cnt > n0)
        qsort(doc->mentions.v, doc->mentions.cnt, sizeof(ne_mention_t),
              mention_order);
}

/* German adjectives derived from names: "südkoreanische", "russischer". */
static int is_isch_adjective(const char *w, size_t n)
{
    static const char *const end[] = {"isch", "ische", "ischen", "ischer",
                                      "isches", "ischem", NULL};
    size_t i, l;
    for (i = 0; end[i]; i++)
        if ((l = strlen(end[i])) + 2 <= n && !memcmp(w + n - l, end[i], l))
            return 1;
    return 0;
}

/* Is a place compounded with a common noun: "Nordkorea-Studien",
 * "Afghanistan-Lösungen"? The part before the first hyphen is a place of
 * the KB or the lexicon, the part after the last a common noun. */
static int is_place_compound(const ne_ner_model_t *m, const ne_kb_t *kb,
                             const ne_doc_t *doc, struct ne_ner_scratch_s *sc,
                             const char *w, size_t n)
{
    const char *h = memchr(w, '-', n), *head = w + n;
    if (!h || h == w || h + 1 == w + n)
        return 0;
    while (head[-1] != '-')
        head--;
    if (!(lex_of(m, sc, head, (size_t)(w + n - head)) & NE_LEX_NOUN))
        return 0;
    if (kb && ne_kb_lookup(kb, w, (size_t)(h - w), 0xf, doc->lang, NULL) >= 0)
        return 1;
    return (lex_of(m, sc, w, (size_t)(h - w)) &
            (NE_LEX_COUNTRY | NE_LEX_CITY)) != 0;
}

/* Is the word of one-word mention mi also a one-word mention elsewhere in
 * the article, there not opening a sentence? */
static int tagged_elsewhere(const ne_doc_t *doc, size_t mi)
{
    uint64_t h = doc->tokens.v[doc->mentions.v[mi].tok_begin].hash;
    size_t j;
    for (j = 0; j < doc->mentions.cnt; j++) {
        const ne_mention_t *o = &doc->mentions.v[j];
        const ne_token_t *t = &doc->tokens.v[o->tok_begin];
        if (j != mi && o->tok_end - o->tok_begin == 1 && t->hash == h &&
            !(t->flags & NE_TOKF_SENT_START))
            return 1;
    }
    return 0;
}

/* Drop one-word mentions that are derived from names, not names: unless
 * the KB knows the word or the tagger also found it elsewhere. */
static void drop_derived(const ne_ner_model_t *m, const ne_kb_t *kb,
                         ne_doc_t *doc, struct ne_ner_scratch_s *sc)
{
    size_t mi, out = 0;
    for (mi = 0; mi < doc->mentions.cnt; mi++) {
        const ne_mention_t *mn = &doc->mentions.v[mi];
        const ne_token_t *t = &doc->tokens.v[mn->tok_begin];
        const char *w = ne_doc_tok_ptr(doc, t);
        size_t n = t->end - t->start;
        int drop = 0;
        if (mn->tok_end - mn->tok_begin == 1 && is_cap_word(t)) {
            /* lower case inside the sentence: a capital only because it
             * opens it */
            if ((t->flags & NE_TOKF_SENT_START) && doc->lang == NE_LANG_DE &&
                !memchr(w, '-', n) &&
                is_isch_adjective(ne_doc_tok_norm(doc, t), t->norm_len))
                drop = 1;
            if (mn->type == NE_ENT_LOC &&
                is_place_compound(m, kb, doc, sc, w, n))
                drop = 1;
            if (drop && ((kb && ne_kb_lookup(kb, w, n, 0xf, doc->lang,
                                             NULL) >= 0) ||
                         tagged_elsewhere(doc, mi)))
                drop = 0;
        }
        if (!drop)
            doc->mentions.v[out++] = *mn;
    }
    doc->mentions.cnt = out;
}

/*
 * Two cities side by side are two places, not one name: "hat Pjöngjang
 * Moskau Raketen geliefert". Only the lexicon's city class (CLDR exemplar
 * cities and capitals) counts, each word a city by itself; a country next
 * to a city is often a club ("Austria Wien") and stays.
 */
static void split_city_pairs(ne_doc_t *doc, struct ne_ner_scratch_s *sc)
{
    size_t mi, n0 = doc->mentions.cnt;

    for (mi = 0; mi < n0; mi++) {
        ne_mention_t *mn = &doc->mentions.v[mi], *nm;
        uint32_t k = mn->tok_begin;
        const ne_token_t *a = &doc->tokens.v[k], *b = a + 1;
        if (mn->tok_end != k + 2 || !is_cap_word(a) || !is_cap_word(b) ||
            (b->flags & NE_TOKF_HYPHEN) || !(sc->tlex[k] & NE_LEX_CITY) ||
            !(sc->tlex[k + 1] & NE_LEX_CITY))
            continue;
        mn->tok_end = k + 1;
        mn->span.end = a->end;
        mn->type = NE_ENT_LOC;
        nm = NE_VEC_PUSH(doc->mentions);
        mn = &doc->mentions.v[mi]; /* the push may move the vector */
        *nm = *mn;
        nm->tok_begin = k + 1;
        nm->tok_end = k + 2;
        nm->span.start = b->start;
        nm->span.end = b->end;
    }
    if (doc->mentions.cnt > n0)
        qsort(doc->mentions.v, doc->mentions.cnt, sizeof(ne_mention_t),
              mention_order);
}

static void repair_mentions(const ne_ner_model_t *m, const ne_kb_t *kb,
                            ne_doc_t *doc, struct ne_ner_scratch_s *sc)
{
    extend_persons(m, doc, sc);
    romanised_persons(m, doc, sc);
    split_city_pairs(doc, sc);
    drop_derived(m, kb, doc, sc);
    index_tokens(doc);
}

/* This thread's word cache for model m. */
static ne_ner_cache_t *cache_for(struct ne_ner_scratch_s *sc,
                                 const ne_ner_model_t *m)
{
    ne_ner_cache_t *c;
    if (sc->cache[0] && ne_ner_cache_model(sc->cache[0]) == m)
        return sc->cache[0];
    c = sc->cache[1];
    if (!c || ne_ner_cache_model(c) != m) {
        ne_ner_cache_free(c);
        c = ne_ner_cache_new(m);
    }
    sc->cache[1] = sc->cache[0];
    sc->cache[0] = c;
    return c;
}

/* Decode sentence s into sc->wk.path (and tok[].tag), with the history
 * features of sc->hist when hist. */
static void decode_sentence(const ne_ner_t *ner, ne_ner_cache_t *cache,
                            struct ne_ner_scratch_s *sc, ne_doc_t *doc,
                            size_t s, int hist)
{
    const ne_sentence_t *se = &doc->sents.v[s];
    ne_token_t *tok = doc->tokens.v + se->tok_begin;
    ne_ner_work_t *wk = &sc->wk;
    size_t i, n = se->tok_end - se->tok_begin;

    ne_ner_work_reserve(wk, n);
    if (n > sc->words_cap) {
        sc->words_cap = wk->cap;
        sc->words = ne_realloc(sc->words, sc->words_cap * sizeof(*sc->words));
    }
    for (i = 0; i < n; i++) {
        sc->words[i].s = ne_doc_tok_ptr(doc, &tok[i]);
        sc->words[i].len = tok[i].end - tok[i].start;
    }
    ne_ner_cache_emissions(cache, sc->words, n, wk);
    if (hist) {
        /* how the article's other sentences typed the same words */
        memset(wk->nf, 0, n * sizeof(*wk->nf));
        ne_ner_hist_features(ner->m, &sc->hist, n, wk);
        ne_ner_add_rows(ner->m, wk, n);
    }
    memcpy(sc->tlex + se->tok_begin, wk->lex, n * sizeof(*wk->lex));
    ne_ner_viterbi(wk->score, n, ner->m->trans, ner->m->start, NULL, wk->lat,
                   wk->path);
    for (i = 0; i < n; i++)
        tok[i].tag = wk->path[i];
}

/* The mentions of sentence s from its tokens' tags. */
static void add_mentions(const ne_ner_t *ner, struct ne_ner_scratch_s *sc,
                         ne_doc_t *doc, size_t s)
{
    const ne_sentence_t *se = &doc->sents.v[s];
    const ne_token_t *tok = doc->tokens.v + se->tok_begin;
    size_t i, n = se->tok_end - se->tok_begin;

    /* the lattice only admits well-formed BILOU: a span is U alone or
     * B I* L */
    for (i = 0; i < n;) {
        int lab = tok[i].tag;
        size_t e = i + 1;
        ne_mention_t *mn;
        if (!lab) {
            i++;
            continue;
        }
        if (NE_NER_PART(lab) == NE_NER_PART_B) {
            while (e < n && NE_NER_PART(tok[e].tag) != NE_NER_PART_L)
                e++;
            e = NE_MIN(e + 1, n);
        }
        mn = NE_VEC_PUSH(doc->mentions);
        mn->tok_begin = se->tok_begin + (uint32_t)i;
        mn->tok_end = se->tok_begin + (uint32_t)e;
        mn->span.start = tok[i].start;
        mn->span.end = tok[e - 1].end;
        mn->span.field = tok[i].field;
        mn->type = (uint8_t)NE_NER_TYPE(lab);
        mn->entity = -1;
        mn->score = span_score(ner->m, &sc->wk, i, e);
        i = e;
    }
}

/* With a history model, each sentence sees how the earlier ones typed
 * its capitalised words. */
void ne_ner_tag(const ne_ner_t *ner, const ne_kb_t *kb, ne_doc_t *doc)
{
    ne_ner_cache_t *cache;
    struct ne_ner_scratch_s *sc;
    size_t s, i;
    int hist;

    for (i = 0; i < doc->tokens.cnt; i++) {
        doc->tokens.v[i].mention = -1;
        doc->tokens.v[i].tag = 0;
    }
    if (!ner || !doc->tokens.cnt)
        return;
    if (!(sc = doc->ner_scratch))
        sc = doc->ner_scratch = ne_calloc(1, sizeof(*sc));
    NE_GROW(sc->tlex, sc->tlex_cap, doc->tokens.cnt);
    cache = cache_for(sc, ner->m);
    if ((hist = ne_ner_hist_enabled(ner->m)))
        ne_ner_hist_clear(&sc->hist);

    for (s = 0; s < doc->sents.cnt; s++) {
        const ne_sentence_t *se = &doc->sents.v[s];
        if (se->tok_end == se->tok_begin)
            continue;
        decode_sentence(ner, cache, sc, doc, s, hist);
        if (hist)
            ne_ner_hist_add(&sc->hist, se->tok_end - se->tok_begin, &sc->wk,
                            sc->wk.path);
        add_mentions(ner, sc, doc, s);
    }
    repair_mentions(ner->m, kb, doc, sc);
}
