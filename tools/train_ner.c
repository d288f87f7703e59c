/*
 * newsenrich - train_ner: averaged structured perceptron for the tagger.
 *
 *   train_ner --lang de --out models/de-ner.bin --gazetteers DIR
 *             --train FILE[:nomisc,noderiv,currency,docs] ... [--dev FILE]
 *             [--gaz-conll FILE] ... [--epochs N] [--bits B] [--seed S]
 *             [--noun-min N] [--name-min N] [--dump FILE]
 *             [--wordlex CLASSES.tsv.gz,FREQ.tsv.gz] [--geonames FILE.gz]
 *             [--margin M] [--hist P]
 *
 * Reads CoNLL files (token TAB tag, BIO, blank line between sentences),
 * builds the lexicon (gazetteers, a common-noun list derived from the
 * training files, and with --gaz-conll the names annotated in CoNLL files
 * the model is NOT trained on), trains with the feature code the tagger
 * runs (processor/ner_features.c) and writes the model with the tagger's
 * quantised weights.
 *
 * File options: :nomisc - annotated without MISC: its O tokens may also be
 * MISC, and the gold path is the best path the current weights find among
 * those allowed. :noderiv - single-word MISC derivations and name
 * compounds ("deutschen", "SPD-Fraktion") become O. :currency - currency
 * names become MISC. (The last two are GermEval 2014's conventions.)
 *
 * --wordlex adds the dictionary category and frequency band of capitalised
 * forms to the word table, --geonames the GeoNames city names to the
 * lexicon (NE_LEX_GEO). --margin M trains cost-augmented: while decoding a
 * training sentence every label but the gold one gets M added to its
 * score, so updates go on until the gold path wins by a margin.
 *
 * --hist P adds the non-local "prediction history" features (ner_model.h):
 * each training sentence sees how the model being trained last typed the
 * capitalised words of its article's earlier sentences. P percent of the
 * sentences see it, the others train as if they stood alone, so that
 * the local features keep their weight for one-sentence input and an
 * article's first mentions; --hist 200 trains every sentence twice an
 * epoch, once without and once with its history (halve --epochs). A
 * file's articles: with :docs, a Reuters dateline sentence ("LONDON
 * 1996-08-30") and the headline before it open one (the shared CoNLL-2003
 * files lost their -DOCSTART- lines); otherwise every sentence is one.
 *
 * With --runs R the sentences are shuffled R different ways (one after
 * the other from the seed) and the model is the mean of the R runs'
 * averaged weights. Same inputs, seed and runs, same model bytes. --dev
 * only reports scores after every third epoch and for the final model
 * (--dump writes the final model's dev tags); it never changes the model.
 */
#include "../processor/ner_model.h"
#include "../common/ne.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>
#include <zlib.h>

typedef struct {
    uint32_t tok;   /* first token */
    uint32_t n;
    uint8_t masked; /* from a :nomisc file */
    uint8_t doc;    /* opens an article (--hist) */
} sent_t;

typedef struct {
    char *text;            /* all token strings, NUL-separated */
    size_t text_len, text_cap;
    uint32_t *off;         /* token -> offset in text */
    uint32_t *len;
    uint8_t *gold;         /* BILOU label */
    uint8_t *bio_o;        /* 1 when the gold tag was O */
    size_t ntok, tok_cap;
    sent_t *sents;
    size_t nsent, sent_cap;
} corpus_t;

static void corpus_free(corpus_t *c)
{
    free(c->text), free(c->off), free(c->len), free(c->gold), free(c->bio_o);
    free(c->sents);
    memset(c, 0, sizeof(*c));
}

static int type_of(const char *t)
{
    static const char *const names[] = {"PER", "ORG", "LOC", "MISC"};
    int i;
    for (i = 0; i < 4; i++)
        if (!strcmp(t, names[i]))
            return i;
    return -1;
}

/* BIO tags of one sentence -> BILOU labels. */
static void bio_to_bilou(const char **tags, size_t n, uint8_t *out)
{
    size_t i;
    for (i = 0; i < n; i++) {
        int t = tags[i][0] == 'O' ? -1 : type_of(tags[i] + 2);
        int inside = tags[i][0] == 'I';
        int prev_same = i > 0 && tags[i - 1][0] != 'O' &&
                        type_of(tags[i - 1] + 2) == t;
        int next_cont = i + 1 < n && tags[i + 1][0] == 'I' &&
                        type_of(tags[i + 1] + 2) == t;
        int begins;
        if (t < 0) {
            out[i] = 0;
            continue;
        }
        begins = !inside || !prev_same;
        out[i] = (uint8_t)NE_NER_LABEL(
            t, begins ? (next_cont ? NE_NER_PART_B : NE_NER_PART_U)
                      : (next_cont ? NE_NER_PART_I : NE_NER_PART_L));
    }
}

static void add_sentence(corpus_t *c, char **words, const char **tags,
                         size_t n, int masked)
{
    size_t i;
    sent_t *s;
    NE_GROW(c->sents, c->sent_cap, c->nsent + 1);
    s = &c->sents[c->nsent++];
    s->tok = (uint32_t)c->ntok;
    s->n = (uint32_t)n;
    s->masked = (uint8_t)masked;
    s->doc = 1;
    NE_GROW(c->off, c->tok_cap, c->ntok + n);
    c->len = ne_realloc(c->len, c->tok_cap * sizeof(*c->len));
    c->gold = ne_realloc(c->gold, c->tok_cap);
    c->bio_o = ne_realloc(c->bio_o, c->tok_cap);
    bio_to_bilou(tags, n, c->gold + c->ntok);
    for (i = 0; i < n; i++) {
        size_t l = strlen(words[i]);
        NE_GROW(c->text, c->text_cap, c->text_len + l + 1);
        memcpy(c->text + c->text_len, words[i], l + 1);
        c->off[c->ntok] = (uint32_t)c->text_len;
        c->len[c->ntok] = (uint32_t)l;
        c->bio_o[c->ntok] = tags[i][0] == 'O';
        c->text_len += l + 1;
        c->ntok++;
    }
}

/* Single-word MISC that is a derivation ("deutschen", "Frankfurter",
 * "Deutsche"): CoNLL-2003 German tags these MISC, GermEval and most users
 * do not count them as names. */
static int is_derivation(const char *w)
{
    static const char *const ends[] = {"er", "e", "en", "es", "em", "sch"};
    size_t l = strlen(w), i;
    if (!((w[0] >= 'A' && w[0] <= 'Z') || (unsigned char)w[0] >= 0x80))
        return 1;
    for (i = 0; i < NE_ARRAY_SIZE(ends); i++) {
        size_t k = strlen(ends[i]);
        if (l > k + 2 && !strcmp(w + l - k, ends[i]))
            return 1;
    }
    return 0;
}

/* Single-word MISC that is a derivation or a compound with a name in it
 * ("SPD-Fraktion"): O under the GermEval guidelines (*deriv, *part). */
static void drop_derivations(char **words, char **tags, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!strcmp(tags[i], "B-MISC") &&
            (i + 1 == n || strcmp(tags[i + 1], "I-MISC")) &&
            (is_derivation(words[i]) || strchr(words[i] + 1, '-')))
            strcpy(tags[i], "O");
}

/* Currencies are names (MISC) under the GermEval guidelines; CoNLL-2003
 * and SmartData leave them O. */
static void tag_currencies(char **words, char **tags, size_t n)
{
    static const char *const cur[] = {
        "Euro", "Euros", "EUR", "Dollar", "Dollars", "US-Dollar", "USD",
        "\xe2\x82\xac", "$", "CHF", "Cent", "D-Mark", "DM", "Mark",
        "Franken", "Pfund", "Yen", "Rubel", "Schilling", "Lira", "Peso",
        "Pesos", "Kronen", "Krone", "Zloty", "Forint", "Yuan", "Renminbi",
        "Rupien", "Rupie", "Pfennig", "Dinar", "Won", "Real"};
    size_t i, k;
    for (i = 0; i < n; i++)
        for (k = 0; k < NE_ARRAY_SIZE(cur) && !strcmp(tags[i], "O"); k++)
            if (!strcmp(words[i], cur[k])) {
                free(tags[i]);
                tags[i] = ne_strdup("B-MISC");
            }
}

#define OPT_NOMISC 1
#define OPT_NODERIV 2
#define OPT_CURRENCY 4
#define OPT_DOCS 8
/* A dateline sentence: at most this many tokens, the last a date. */
#define DATELINE_MAX_TOKENS 8

static int is_date_token(const char *w)
{
    static const char pat[] = "dddd-dd-dd";
    size_t i;
    for (i = 0; pat[i]; i++)
        if (pat[i] == 'd' ? !(w[i] >= '0' && w[i] <= '9') : w[i] != pat[i])
            return 0;
    return !w[i];
}

/* Sentences first .. c->nsent of one file into articles: each dateline
 * and its headline open one. */
static void mark_datelines(corpus_t *c, size_t first)
{
    size_t s;
    for (s = first + 1; s < c->nsent; s++)
        c->sents[s].doc = 0;
    for (s = first + 1; s < c->nsent; s++) {
        const sent_t *se = &c->sents[s];
        const char *last = c->text + c->off[se->tok + se->n - 1];
        if (se->n <= DATELINE_MAX_TOKENS && is_date_token(last))
            c->sents[s - 1].doc = 1;
    }
}

static int read_conll(corpus_t *c, const char *path, int opts)
{
    int masked = opts & OPT_NOMISC;
    size_t first = c->nsent;
    FILE *f = fopen(path, "r");
    char line[4096];
    char **words = NULL, **tags = NULL;
    size_t n = 0, cap = 0, i, lineno = 0;
    int rc = 0;

    if (!f) {
        fprintf(stderr, "train_ner: %s: %s\n", path, strerror(errno));
        return -1;
    }
    for (;;) {
        char *got = fgets(line, sizeof(line), f), *tab;
        size_t l;
        lineno++;
        if (got) {
            l = strlen(line);
            while (l && (line[l - 1] == '\n' || line[l - 1] == '\r'))
                line[--l] = '\0';
        }
        if (!got || !line[0]) {
            if (n && (opts & OPT_NODERIV))
                drop_derivations(words, tags, n);
            if (n && (opts & OPT_CURRENCY))
                tag_currencies(words, tags, n);
            if (n)
                add_sentence(c, words, (const char **)tags, n, masked);
            for (i = 0; i < n; i++)
                free(words[i]), free(tags[i]);
            n = 0;
            if (!got)
                break;
            continue;
        }
        if (!(tab = strrchr(line, '\t')) ||
            (strcmp(tab + 1, "O") &&
             ((tab[1] != 'B' && tab[1] != 'I') || tab[2] != '-' ||
              type_of(tab + 3) < 0))) {
            fprintf(stderr, "train_ner: %s:%zu: expected token TAB tag\n",
                    path, lineno);
            rc = -1;
            continue;
        }
        *tab = '\0';
        if (!strcmp(line, "-DOCSTART-"))
            continue;
        NE_GROW(words, cap, n + 1);
        tags = ne_realloc(tags, cap * sizeof(*tags));
        words[n] = ne_strdup(line);
        tags[n] = ne_strdup(tab + 1);
        n++;
    }
    fclose(f);
    free(words);
    free(tags);
    if (opts & OPT_DOCS)
        mark_datelines(c, first);
    return rc;
}

/* ---- lexicon ------------------------------------------------------------ */

static char *lexbuf;
static size_t lexbuf_cap;

static void lex_text(ne_ner_model_t *m, const char *s, size_t n, uint16_t cls)
{
    while (n && s[0] == ' ')
        s++, n--;
    while (n && s[n - 1] == ' ')
        n--;
    /* two-letter codes ("IN", "US") collide with function words */
    if (n <= 2)
        return;
    ne_ner_lex_add_text(&m->lex, s, n, cls, &lexbuf, &lexbuf_cap);
}

/* Split field on sep and add each part. */
static void lex_list(ne_ner_model_t *m, const char *field, const char *sep,
                     uint16_t cls)
{
    const char *p = field, *q;
    while ((q = strstr(p, sep))) {
        lex_text(m, p, (size_t)(q - p), cls);
        p = q + strlen(sep);
    }
    lex_text(m, p, strlen(p), cls);
}

/* Column col (0-based) of a TAB line, copied into out. */
static int column(const char *line, int col, char *out, size_t size)
{
    const char *p = line, *e;
    size_t l;
    while (col-- > 0) {
        if (!(p = strchr(p, '\t')))
            return -1;
        p++;
    }
    e = strchr(p, '\t');
    l = e ? (size_t)(e - p) : strlen(p);
    if (l >= size)
        l = size - 1;
    memcpy(out, p, l);
    out[l] = '\0';
    return 0;
}

static int load_gazetteers(ne_ner_model_t *m, const char *dir, int min_count)
{
    static const struct {
        const char *file;
        int skip_header, cols[4];
        uint16_t cls[4];
        const char *sep;
    } g[] = {
        {"countries_de_en.tsv", 1, {2, 3, 4, 5},
         {NE_LEX_COUNTRY, NE_LEX_COUNTRY, NE_LEX_CITY, NE_LEX_DEMONYM}, " | "},
        {"cities_tz_exemplar_de_en.tsv", 1, {1, 2, -1, -1},
         {NE_LEX_CITY, NE_LEX_CITY, 0, 0}, " | "},
        {"first-names-de.tsv", 1, {0, -1, -1, -1}, {NE_LEX_FIRSTNAME}, NULL},
        {"first-names-en-female.txt", 0, {0, -1, -1, -1},
         {NE_LEX_FIRSTNAME}, NULL},
        {"first-names-en-male.txt", 0, {0, -1, -1, -1}, {NE_LEX_FIRSTNAME},
         NULL},
    };
    char path[4096], line[8192], field[4096], cnt[64];
    size_t i;
    int k;

    for (i = 0; i < NE_ARRAY_SIZE(g); i++) {
        FILE *f;
        int lineno = 0;
        snprintf(path, sizeof(path), "%s/%s", dir, g[i].file);
        if (!(f = fopen(path, "r"))) {
            fprintf(stderr, "train_ner: %s: %s\n", path, strerror(errno));
            return -1;
        }
        while (fgets(line, sizeof(line), f)) {
            line[strcspn(line, "\r\n")] = '\0';
            if (lineno++ < g[i].skip_header || !line[0])
                continue;
            /* rare first names are mostly noise ("Sonne", "Rhein") */
            if (!strcmp(g[i].file, "first-names-de.tsv") &&
                (column(line, 1, cnt, sizeof(cnt)) ||
                 atoi(cnt) < min_count))
                continue;
            for (k = 0; k < 4 && g[i].cols[k] >= 0; k++) {
                if (column(line, g[i].cols[k], field, sizeof(field)))
                    continue;
                if (g[i].cls[k] == NE_LEX_DEMONYM)
                    lex_list(m, field, ", ", g[i].cls[k]);
                else if (g[i].sep)
                    lex_list(m, field, g[i].sep, g[i].cls[k]);
                else
                    lex_text(m, field, strlen(field), g[i].cls[k]);
            }
        }
        fclose(f);
    }
    return 0;
}

/* Shortest GeoNames name kept, in bytes ("Ulm" and shorter collide with
 * abbreviations and words). */
#define GEO_MIN_LEN 4

/* A name in Latin letters (ASCII or the Latin-1 block) with a capital
 * initial: GeoNames' transliterations are lower case, other scripts never
 * reach the German tagger. */
static int geo_name_ok(const char *s, size_t n)
{
    size_t i;
    if (n < GEO_MIN_LEN || !((s[0] >= 'A' && s[0] <= 'Z') ||
                             ((unsigned char)s[0] == 0xc3 &&
                              (unsigned char)s[1] <= 0x9e)))
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xc3 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
            (unsigned char)s[i + 1] <= 0xbf) {
            i++;
            continue;
        }
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == ' ' ||
              c == '-' || c == '\'' || c == '.'))
            return 0;
    }
    return 1;
}

/* Names and alternate names of the GeoNames cities file (gzipped TSV:
 * id, name, country, admin1, population, lat, lon, '|'-separated alternate
 * names) as NE_LEX_GEO. */
static int load_geonames(ne_ner_model_t *m, const char *path)
{
    gzFile f = gzopen(path, "rb");
    static char line[1 << 16];
    char field[4096];
    size_t added = m->lex.cnt;
    if (!f) {
        fprintf(stderr, "train_ner: %s: cannot open\n", path);
        return -1;
    }
    while (gzgets(f, line, sizeof(line))) {
        const char *p, *q;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || !line[0])
            continue;
        if (!column(line, 1, field, sizeof(field)) &&
            geo_name_ok(field, strlen(field)))
            lex_text(m, field, strlen(field), NE_LEX_GEO);
        if (column(line, 7, field, sizeof(field)))
            continue;
        for (p = field; *p; p = *q ? q + 1 : q) {
            q = p + strcspn(p, "|");
            if (geo_name_ok(p, (size_t)(q - p)))
                lex_text(m, p, (size_t)(q - p), NE_LEX_GEO);
        }
    }
    gzclose(f);
    fprintf(stderr, "train_ner: %zu lexicon entries from %s\n",
            (size_t)m->lex.cnt - added, path);
    return 0;
}

/* Counts per lower-cased word, in an open-addressing table. */
typedef struct {
    uint64_t key;
    uint32_t all, named;
} cnt_t;

#define CNT_SLOTS (1u << 20)

/* The entry of the lower-cased form of w[0..n) in t (CNT_SLOTS). */
static cnt_t *count_slot(cnt_t *t, const unsigned char *w, size_t n)
{
    size_t len = ne_ner_lower((const char *)w, n, &lexbuf, &lexbuf_cap), j;
    uint64_t key = ne_ner_hash(lexbuf, len);
    for (j = key & (CNT_SLOTS - 1); t[j].key && t[j].key != key;
         j = (j + 1) & (CNT_SLOTS - 1))
        ;
    t[j].key = key;
    return &t[j];
}

/* First letter upper / lower case, ASCII or the Latin-1 block. */
static int upper_initial(const unsigned char *w)
{
    return (w[0] >= 'A' && w[0] <= 'Z') ||
           (w[0] == 0xc3 && w[1] >= 0x80 && w[1] <= 0x9e);
}

static int lower_initial(const unsigned char *w)
{
    return (w[0] >= 'a' && w[0] <= 'z') ||
           (w[0] == 0xc3 && w[1] >= 0x9f && w[1] <= 0xbf);
}

/* Common nouns: capitalised words seen inside sentences at least min
 * times and (nearly) never as part of a name. */
static void derive_nouns(ne_ner_model_t *m, const corpus_t *c, int min)
{
    size_t s, i, added = 0;
    cnt_t *t = ne_calloc(CNT_SLOTS, sizeof(*t));
    for (s = 0; s < c->nsent; s++) {
        const sent_t *se = &c->sents[s];
        for (i = 1; i < se->n; i++) {
            size_t k = se->tok + i;
            const unsigned char *w = (const unsigned char *)c->text + c->off[k];
            cnt_t *e;
            if (!upper_initial(w))
                continue;
            e = count_slot(t, w, c->len[k]);
            e->all++;
            e->named += !c->bio_o[k];
        }
    }
    for (i = 0; i < CNT_SLOTS; i++)
        if (t[i].key && t[i].all >= (uint32_t)min &&
            t[i].named * 20 <= t[i].all) {
            ne_ner_lex_add(&m->lex, t[i].key, NE_LEX_NOUN);
            added++;
        }
    fprintf(stderr, "train_ner: %zu common nouns\n", added);
    free(t);
}

/* Words written in lower case: seen in lower case at least min times and
 * more often than capitalised inside sentences ("die", "says"; not
 * "Kurz", a surname as often as an adverb). For the mention repair. */
static void derive_lower(ne_ner_model_t *m, const corpus_t *c, int min)
{
    size_t s, i, added = 0;
    cnt_t *t = ne_calloc(CNT_SLOTS, sizeof(*t));
    for (s = 0; s < c->nsent; s++) {
        const sent_t *se = &c->sents[s];
        for (i = 0; i < se->n; i++) {
            size_t k = se->tok + i;
            const unsigned char *w = (const unsigned char *)c->text + c->off[k];
            int lower = lower_initial(w);
            cnt_t *e;
            if (!lower && !(upper_initial(w) && i > 0))
                continue;
            /* all: in lower case; named: capitalised inside a sentence */
            e = count_slot(t, w, c->len[k]);
            e->all += (uint32_t)lower;
            e->named += (uint32_t)!lower;
        }
    }
    for (i = 0; i < CNT_SLOTS; i++)
        if (t[i].key && t[i].all >= (uint32_t)min && t[i].all > t[i].named) {
            ne_ner_lex_add(&m->lex, t[i].key, NE_LEX_LOWER);
            added++;
        }
    fprintf(stderr, "train_ner: %zu lower-case words\n", added);
    free(t);
}

/* Names annotated in a file the model is not trained on, by their most
 * frequent type. Spans are found on the BILOU labels. */
typedef struct {
    uint64_t key;
    uint32_t n[4];
} gcnt_t;

static void gazetteer_from(ne_ner_model_t *m, const corpus_t *c)
{
    static const uint16_t cls[4] = {NE_LEX_PER, NE_LEX_ORG, NE_LEX_LOC,
                                    NE_LEX_MISC};
    size_t cap = 1 << 18, mask = cap - 1, s, i, j, added = 0;
    gcnt_t *t = ne_calloc(cap, sizeof(*t));
    for (s = 0; s < c->nsent; s++) {
        const sent_t *se = &c->sents[s];
        for (i = 0; i < se->n; i++) {
            const uint8_t *g = c->gold + se->tok;
            size_t e = i + 1, k, slot;
            uint64_t key = 0;
            if (!g[i] || (NE_NER_PART(g[i]) != NE_NER_PART_B &&
                          NE_NER_PART(g[i]) != NE_NER_PART_U))
                continue;
            while (NE_NER_PART(g[i]) == NE_NER_PART_B && e < se->n &&
                   NE_NER_PART(g[e - 1]) != NE_NER_PART_L)
                e++;
            if (e - i > NE_LEX_MAX_WORDS)
                continue;
            for (k = i; k < e; k++) {
                size_t len = ne_ner_lower(c->text + c->off[se->tok + k],
                                          c->len[se->tok + k], &lexbuf,
                                          &lexbuf_cap);
                uint64_t wh = ne_ner_hash(lexbuf, len);
                key = k == i ? wh : ne_ner_hash_join(key, wh);
                if (k + 1 < e)
                    ne_ner_lex_add(&m->lex, key, NE_LEX_PREFIX);
            }
            for (slot = key & mask; t[slot].key && t[slot].key != key;
                 slot = (slot + 1) & mask)
                ;
            if (!t[slot].key && added++ * 2 > cap)
                break; /* table full: enough names */
            t[slot].key = key;
            t[slot].n[NE_NER_TYPE(g[i])]++;
        }
    }
    for (i = 0, added = 0; i < cap; i++) {
        int best = 0;
        if (!t[i].key)
            continue;
        for (j = 1; j < 4; j++)
            if (t[i].n[j] > t[i].n[best])
                best = (int)j;
        ne_ner_lex_add(&m->lex, t[i].key, cls[best]);
        added++;
    }
    fprintf(stderr, "train_ner: %zu gazetteer names\n", added);
    free(t);
}

/* ---- word table (tools/ner_clusters output) ------------------------------ */

/* Read ner_clusters' TSV ("word TAB count TAB count TAB class..." after a
 * "#" header) into m->words: the classes of each clustered word. */
static int load_clusters(ne_ner_model_t *m, const char *path)
{
    static const long max[3] = {NE_NER_WV_MAX0, NE_NER_WV_MAX1,
                                NE_NER_WV_MAX2};
    FILE *f = fopen(path, "r");
    char line[8192];
    size_t lineno = 0;
    int rc = -1;

    if (!f) {
        fprintf(stderr, "train_ner: %s: %s\n", path, strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof(line), f)) {
        char *tab, *p;
        long c[3] = {-1, -1, -1};
        int k;
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' && lineno == 1)
            continue;
        if (!(tab = strchr(line, '\t'))) {
            fprintf(stderr, "train_ner: %s:%zu: expected word TAB counts\n",
                    path, lineno);
            goto done;
        }
        *tab = '\0';
        strtoull(tab + 1, &p, 10); /* count */
        strtoull(p, &p, 10);       /* count inside sentences */
        for (k = 0; k < 3 && *p; k++)
            c[k] = strtol(p, &p, 10);
        for (k = 0; k < 3; k++)
            if (c[k] >= max[k]) {
                fprintf(stderr, "train_ner: %s:%zu: class %ld of clustering "
                        "%d is too large (at most %ld)\n",
                        path, lineno, c[k], k + 1, max[k] - 1);
                goto done;
            }
        if (c[0] >= 0 || c[1] >= 0 || c[2] >= 0)
            ne_ner_wtab_set(&m->words, ne_ner_hash(line, strlen(line)),
                            NE_NER_WV_MAKE(c[0] + 1, c[1] + 1, c[2] + 1));
    }
    fprintf(stderr, "train_ner: word table %u entries\n", m->words.cnt);
    rc = 0;
done:
    fclose(f);
    return rc;
}

/* ---- dictionary and frequency bits (--wordlex) --------------------------- */

/* Frequency bands of a lower-case form in centibels (wordfreq: -600 is
 * one in a million words): band 3 from WL_BAND3, 2 from WL_BAND2, 1 from
 * WL_BAND1; rarer or absent forms are band 0. */
#define WL_BAND3 (-500)
#define WL_BAND2 (-620)
#define WL_BAND1 (-720)

/* Word-class bits of a dictionary form. */
enum { WL_SUB = 1, WL_EIG = 2, WL_ADJ = 4, WL_VER = 8, WL_OTHER = 16 };

typedef struct {
    char **form;
    uint32_t *val;  /* WL_* bits, or the centibels + 10000 */
    size_t n, cap;
} wl_list_t;

static void wl_free(wl_list_t *l)
{
    size_t i;
    for (i = 0; i < l->n; i++)
        free(l->form[i]);
    free(l->form), free(l->val);
    memset(l, 0, sizeof(*l));
}

static uint32_t wl_classes(const char *tags)
{
    uint32_t v = 0;
    const char *p = tags;
    while (*p) {
        size_t k = strcspn(p, ",");
        if (k == 3 && !strncmp(p, "SUB", 3))
            v |= WL_SUB;
        else if (k == 3 && !strncmp(p, "EIG", 3))
            v |= WL_EIG;
        else if (k == 3 && (!strncmp(p, "ADJ", 3) || !strncmp(p, "PA1", 3) ||
                            !strncmp(p, "PA2", 3)))
            v |= WL_ADJ;
        else if (k == 3 && !strncmp(p, "VER", 3))
            v |= WL_VER;
        else if (k)
            v |= WL_OTHER;
        p += k + (p[k] == ',');
    }
    return v;
}

/* Read a gzipped "form TAB value" file ("#" lines are comments) into l;
 * freq: the value is centibels, else comma-separated word classes. */
static int wl_read(wl_list_t *l, const char *path, int freq)
{
    gzFile f = gzopen(path, "rb");
    char line[4096];
    size_t lineno = 0;
    if (!f) {
        fprintf(stderr, "train_ner: %s: cannot open\n", path);
        return -1;
    }
    while (gzgets(f, line, sizeof(line))) {
        char *tab, *end;
        long cb = 0;
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || !line[0])
            continue;
        if (!(tab = strchr(line, '\t')) || tab == line) {
            fprintf(stderr, "train_ner: %s:%zu: expected form TAB value\n",
                    path, lineno);
            gzclose(f);
            return -1;
        }
        *tab = '\0';
        if (freq) {
            cb = strtol(tab + 1, &end, 10);
            if (end == tab + 1 || *end || cb < -10000 || cb > 0) {
                fprintf(stderr, "train_ner: %s:%zu: bad centibels\n", path,
                        lineno);
                gzclose(f);
                return -1;
            }
        }
        if (l->n == l->cap) {
            l->cap = l->cap ? l->cap * 2 : 1 << 16;
            l->form = ne_realloc(l->form, l->cap * sizeof(*l->form));
            l->val = ne_realloc(l->val, l->cap * sizeof(*l->val));
        }
        l->form[l->n] = ne_strdup(line);
        l->val[l->n++] = freq ? (uint32_t)(cb + 10000) : wl_classes(tab + 1);
    }
    gzclose(f);
    return 0;
}

static int wl_band(long cb)
{
    return cb >= WL_BAND3 ? 3 : cb >= WL_BAND2 ? 2 : cb >= WL_BAND1 ? 1 : 0;
}

/* Is the first code point of s upper case? */
static int wl_capitalised(const char *s)
{
    utf8proc_int32_t cp;
    if (utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp) <= 0)
        return 0;
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

/* s with its first code point upper-cased, in buf (NULL when too long). */
static const char *wl_capitalise(const char *s, char *buf, size_t cap)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, -1,
                                          &cp);
    size_t o, rest;
    if (k <= 0)
        return NULL;
    rest = strlen(s + k);
    if (rest + 5 > cap)
        return NULL;
    o = (size_t)utf8proc_encode_char(utf8proc_toupper(cp),
                                     (utf8proc_uint8_t *)buf);
    memcpy(buf + o, s + k, rest + 1);
    return buf;
}

static int wl_cat_exact(uint32_t c)
{
    if ((c & WL_SUB) && (c & WL_EIG))
        return NE_NER_WCAT_BOTH;
    if (c & WL_SUB)
        return NE_NER_WCAT_NOUN;
    if (c & WL_EIG)
        return NE_NER_WCAT_NAME;
    return NE_NER_WCAT_OTHER;
}

static int wl_cat_lower(uint32_t c)
{
    if (!c)
        return NE_NER_WCAT_NONE;
    if (c & WL_ADJ)
        return NE_NER_WCAT_LOW_ADJ;
    if (c & WL_VER)
        return NE_NER_WCAT_LOW_VERB;
    return NE_NER_WCAT_LOW_FUNC;
}

static void wl_set(ne_ner_model_t *m, const char *form, int cat, int band)
{
    uint64_t key = ne_ner_hash(form, strlen(form));
    uint32_t v = ne_ner_wtab_get(&m->words, key) & 0x07ffffffu;
    ne_ner_wtab_set(&m->words, key, v | NE_NER_WV_MAKE_LEX(cat, band));
}

/* Add the dictionary category and frequency band of capitalised forms to
 * the word table: every capitalised dictionary form, and the capitalised
 * form of every word of the frequency list at band 1 or above (with the
 * category of its lower-case form where the capitalised one is not in the
 * dictionary: sentence-initial "Die", "Schnell"). Lower-case tokens get
 * nothing: they are rarely names, and the table stays small. */
static int load_wordlex(ne_ner_model_t *m, const char *classes,
                        const char *freqs)
{
    wl_list_t cl, fq;
    ne_ner_wtab_t cls, frq; /* hash of form -> WL_* bits / centibels */
    char *low = NULL, buf[1024];
    size_t low_cap = 0, i, before = m->words.cnt;

    memset(&cl, 0, sizeof(cl));
    memset(&fq, 0, sizeof(fq));
    memset(&cls, 0, sizeof(cls));
    memset(&frq, 0, sizeof(frq));
    if (wl_read(&cl, classes, 0) || wl_read(&fq, freqs, 1)) {
        wl_free(&cl), wl_free(&fq);
        return -1;
    }
    for (i = 0; i < cl.n; i++) {
        uint64_t k = ne_ner_hash(cl.form[i], strlen(cl.form[i]));
        ne_ner_wtab_set(&cls, k, ne_ner_wtab_get(&cls, k) | cl.val[i]);
    }
    for (i = 0; i < fq.n; i++)
        ne_ner_wtab_set(&frq, ne_ner_hash(fq.form[i], strlen(fq.form[i])),
                        fq.val[i]);
    for (i = 0; i < cl.n; i++) {
        const char *f = cl.form[i];
        size_t n;
        uint32_t cb;
        if (!wl_capitalised(f))
            continue;
        n = ne_ner_lower(f, strlen(f), &low, &low_cap);
        cb = ne_ner_wtab_get(&frq, ne_ner_hash(low, n));
        wl_set(m, f, wl_cat_exact(ne_ner_wtab_get(&cls,
                                                  ne_ner_hash(f, strlen(f)))),
               cb ? wl_band((long)cb - 10000) : 0);
    }
    for (i = 0; i < fq.n; i++) {
        long cb = (long)fq.val[i] - 10000;
        const char *cap;
        uint32_t c;
        if (wl_band(cb) == 0 || wl_capitalised(fq.form[i]) ||
            !(cap = wl_capitalise(fq.form[i], buf, sizeof(buf))))
            continue;
        c = ne_ner_wtab_get(&cls, ne_ner_hash(cap, strlen(cap)));
        wl_set(m, cap,
               c ? wl_cat_exact(c)
                 : wl_cat_lower(ne_ner_wtab_get(
                       &cls, ne_ner_hash(fq.form[i], strlen(fq.form[i])))),
               wl_band(cb));
    }
    fprintf(stderr, "train_ner: word table %u entries (%zu from --wordlex)\n",
            m->words.cnt, (size_t)m->words.cnt - before);
    free(low);
    ne_ner_wtab_free(&cls), ne_ner_wtab_free(&frq);
    wl_free(&cl), wl_free(&fq);
    return 0;
}

/* ---- training ----------------------------------------------------------- */

typedef struct {
    int32_t *w;      /* rows * L */
    int64_t *u;      /* sum of c * update, for averaging */
    int32_t trans[NE_NER_LABELS][NE_NER_LABELS];
    int64_t utrans[NE_NER_LABELS][NE_NER_LABELS];
    int32_t start[NE_NER_LABELS];
    int64_t ustart[NE_NER_LABELS];
    int64_t c;
} percep_t;

static void words_of(const corpus_t *c, const sent_t *s, ne_ner_word_t *wd)
{
    uint32_t i;
    for (i = 0; i < s->n; i++) {
        wd[i].s = c->text + c->off[s->tok + i];
        wd[i].len = c->len[s->tok + i];
    }
}

/* Emission scores from the raw (unaveraged) weights. */
static void raw_emissions(const percep_t *p, ne_ner_work_t *wk, size_t n)
{
    size_t i, f;
    int l;
    for (i = 0; i < n; i++) {
        int32_t *acc = wk->score + i * NE_NER_LABELS;
        memset(acc, 0, NE_NER_LABELS * sizeof(*acc));
        for (f = 0; f < wk->nf[i]; f++) {
            const int32_t *row =
                p->w + (size_t)wk->feats[i * NE_NER_FEATS + f] * NE_NER_LABELS;
            for (l = 0; l < NE_NER_LABELS; l++)
                acc[l] += row[l];
        }
    }
}

static void upd(percep_t *p, size_t idx, int d)
{
    p->w[idx] += d;
    p->u[idx] += p->c * d;
}

static void update(percep_t *p, const ne_ner_work_t *wk, size_t n,
                   const uint8_t *gold, const uint8_t *pred)
{
    size_t i, f;
    for (i = 0; i < n; i++) {
        if (gold[i] != pred[i])
            for (f = 0; f < wk->nf[i]; f++) {
                size_t row = (size_t)wk->feats[i * NE_NER_FEATS + f] *
                             NE_NER_LABELS;
                upd(p, row + gold[i], 1);
                upd(p, row + pred[i], -1);
            }
        if (i == 0 && gold[0] != pred[0]) {
            p->start[gold[0]]++, p->ustart[gold[0]] += p->c;
            p->start[pred[0]]--, p->ustart[pred[0]] -= p->c;
        }
        if (i > 0 && (gold[i - 1] != pred[i - 1] || gold[i] != pred[i])) {
            p->trans[gold[i - 1]][gold[i]]++;
            p->utrans[gold[i - 1]][gold[i]] += p->c;
            p->trans[pred[i - 1]][pred[i]]--;
            p->utrans[pred[i - 1]][pred[i]] -= p->c;
        }
    }
}

/* The weights one or more runs agree on: the sum of each run's averaged
 * weights (rows * NE_NER_LABELS, then transitions and start), divided by
 * the number of runs when quantised. */
typedef struct {
    float *w;
    double trans[NE_NER_LABELS][NE_NER_LABELS];
    double start[NE_NER_LABELS];
    int runs;
} wsum_t;

static void wsum_clear(wsum_t *a, size_t rows)
{
    memset(a->w, 0, rows * NE_NER_LABELS * sizeof(*a->w));
    memset(a->trans, 0, sizeof(a->trans));
    memset(a->start, 0, sizeof(a->start));
    a->runs = 0;
}

/* Add p's averaged weights to a. */
static void wsum_add(wsum_t *a, const percep_t *p, size_t rows)
{
    double c = (double)p->c;
    size_t i;
    int x, y;
    for (i = 0; i < rows * NE_NER_LABELS; i++)
        a->w[i] += (float)(p->w[i] - p->u[i] / c);
    for (x = 0; x < NE_NER_LABELS; x++) {
        a->start[x] += p->start[x] - p->ustart[x] / c;
        for (y = 0; y < NE_NER_LABELS; y++)
            a->trans[x][y] += p->trans[x][y] - p->utrans[x][y] / c;
    }
    a->runs++;
}

/* The mean of a's runs, quantised to int16 into m (dense: scratch). */
static void quantise(const wsum_t *a, ne_ner_model_t *m, int16_t *dense)
{
    size_t rows = (size_t)1 << m->bits, i;
    double mx = 1e-9;
    int x, y;
    for (i = 0; i < rows * NE_NER_LABELS; i++)
        if (fabs(a->w[i]) > mx)
            mx = fabs(a->w[i]);
    m->scale = (float)(32000.0 / mx);
    for (i = 0; i < rows * NE_NER_LABELS; i++)
        dense[i] = (int16_t)lrint(a->w[i] * m->scale);
    ne_ner_model_set_weights(m, dense);
    for (x = 0; x < NE_NER_LABELS; x++) {
        m->start[x] = (int32_t)lrint(a->start[x] * m->scale);
        for (y = 0; y < NE_NER_LABELS; y++)
            m->trans[x][y] = (int32_t)lrint(a->trans[x][y] * m->scale);
    }
}

/* ---- evaluation (tuning only) ------------------------------------------ */

typedef struct {
    long tp[4], fp[4], fn[4];
} score_t;

static void spans_of(const uint8_t *lab, size_t n, int *type, size_t *b,
                     size_t *e, size_t *cnt)
{
    size_t i = 0;
    *cnt = 0;
    while (i < n) {
        size_t j = i + 1;
        if (!lab[i]) {
            i++;
            continue;
        }
        if (NE_NER_PART(lab[i]) == NE_NER_PART_B)
            while (j < n && lab[j] &&
                   NE_NER_TYPE(lab[j]) == NE_NER_TYPE(lab[i]) &&
                   (NE_NER_PART(lab[j]) == NE_NER_PART_I ||
                    NE_NER_PART(lab[j]) == NE_NER_PART_L))
                if (NE_NER_PART(lab[j++]) == NE_NER_PART_L)
                    break;
        type[*cnt] = NE_NER_TYPE(lab[i]);
        b[*cnt] = i;
        e[*cnt] = j;
        (*cnt)++;
        i = j;
    }
}

static void score_sentence(score_t *sc, const uint8_t *gold,
                           const uint8_t *pred, size_t n)
{
    int *gt = ne_malloc(n * sizeof(int)), *pt = ne_malloc(n * sizeof(int));
    size_t *gb = ne_malloc(n * sizeof(size_t));
    size_t *ge = ne_malloc(n * sizeof(size_t));
    size_t *pb = ne_malloc(n * sizeof(size_t));
    size_t *pe = ne_malloc(n * sizeof(size_t));
    size_t gn, pn, i, j;
    spans_of(gold, n, gt, gb, ge, &gn);
    spans_of(pred, n, pt, pb, pe, &pn);
    for (i = 0; i < pn; i++) {
        int hit = 0;
        for (j = 0; j < gn && !hit; j++)
            hit = gt[j] == pt[i] && gb[j] == pb[i] && ge[j] == pe[i];
        if (hit)
            sc->tp[pt[i]]++;
        else
            sc->fp[pt[i]]++;
    }
    for (j = 0; j < gn; j++) {
        int hit = 0;
        for (i = 0; i < pn && !hit; i++)
            hit = gt[j] == pt[i] && gb[j] == pb[i] && ge[j] == pe[i];
        if (!hit)
            sc->fn[gt[j]]++;
    }
    free(gt), free(pt), free(gb), free(ge), free(pb), free(pe);
}

static double f1(long tp, long fp, long fn)
{
    return tp ? 2.0 * tp / (2.0 * tp + fp + fn) : 0;
}

static void evaluate(const ne_ner_model_t *m, const corpus_t *dev,
                     ne_ner_work_t *wk, ne_ner_word_t *wd, int epoch,
                     FILE *dump)
{
    static const char *const tn[] = {"PER", "ORG", "LOC", "MISC"};
    score_t sc;
    long tp = 0, fp = 0, fn = 0;
    size_t s;
    int t;
    memset(&sc, 0, sizeof(sc));
    for (s = 0; s < dev->nsent; s++) {
        const sent_t *se = &dev->sents[s];
        words_of(dev, se, wd);
        ne_ner_featurize(m, wd, se->n, wk);
        ne_ner_emissions(m, wk, se->n);
        ne_ner_viterbi(wk->score, se->n, m->trans, m->start, NULL, wk->lat,
                       wk->path);
        score_sentence(&sc, dev->gold + se->tok, wk->path, se->n);
        for (t = 0; dump && t < (int)se->n; t++)
            fprintf(dump, "%s\t%s\t%s\n", wd[t].s,
                    ne_ner_label_names[dev->gold[se->tok + (size_t)t]],
                    ne_ner_label_names[wk->path[t]]);
        if (dump)
            fputc('\n', dump);
    }
    fprintf(stderr, "epoch %2d dev:", epoch);
    for (t = 0; t < 4; t++) {
        tp += sc.tp[t], fp += sc.fp[t], fn += sc.fn[t];
        fprintf(stderr, " %s %.4f", tn[t], f1(sc.tp[t], sc.fp[t], sc.fn[t]));
    }
    fprintf(stderr, " | P %.4f R %.4f F1 %.4f\n",
            tp ? (double)tp / (tp + fp) : 0, tp ? (double)tp / (tp + fn) : 0,
            f1(tp, fp, fn));
}

/* ---- main --------------------------------------------------------------- */

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* order[]: this sentence with its history (--hist 200) */
#define HIST_WITH 0x80000000u
/* hpred: not decoded yet in this run */
#define HIST_UNSEEN 0xff

/*
 * The history sentence s sees: the labels the model in training last gave
 * the capitalised words of the earlier sentences of its article (in the
 * epoch before, or in this one). Sentences stay shuffled one by one, as
 * without history: shuffling whole articles instead cost 0.3 points on
 * CoNLL-2003 English dev by itself.
 */
static void history_of(const corpus_t *c, size_t s, const uint64_t *hkey,
                       const uint8_t *hpred, ne_ner_hist_t *hist)
{
    size_t first = s, t;
    while (first > 0 && !c->sents[first].doc)
        first--;
    ne_ner_hist_clear(hist);
    for (t = c->sents[first].tok; t < c->sents[s].tok; t++)
        if (hkey[t] && hpred[t] != HIST_UNSEEN)
            ne_ner_hist_count(hist, hkey[t], hpred[t]);
}

static void usage(void)
{
    fprintf(stderr,
            "usage: train_ner --lang LANG --out FILE --gazetteers DIR\n"
            "                 --train FILE[:nomisc,noderiv,currency,docs] ...\n"
            "                 [--dev FILE]\n"
            "                 [--epochs N] [--bits B] [--seed S] [--runs R]\n"
            "                 [--noun-min N] [--name-min N] [--dump FILE]\n"
            "                 [--gaz-conll FILE] ... [--clusters FILE]\n"
            "                 [--wordlex CLASSES.tsv.gz,FREQ.tsv.gz]\n"
            "                 [--geonames CITIES.tsv.gz] [--margin M] [--hist P]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    corpus_t train, dev;
    const char *lang = NULL, *out = NULL, *gaz = NULL, *devpath = NULL;
    const char *dumppath = NULL, *clpath = NULL, *wlpath = NULL;
    const char *geopath = NULL;
    const char **gazfiles = NULL;
    size_t ngaz = 0, gazcap = 0;
    int epochs = 12, bits = 21, noun_min = 3, name_min = 5, runs = 1, i, ep;
    int margin = 0, hist_on = -1;
    int run;
    ne_ner_hist_t hist;
    uint64_t *hkey = NULL;
    uint8_t *hpred = NULL;
    uint64_t seed = 20261128;
    ne_ner_model_t m;
    percep_t p;
    wsum_t sum, one;
    ne_ner_work_t wk;
    ne_ner_word_t *wd;
    uint32_t *order;
    uint8_t *gold;
    int16_t *dense;
    size_t maxn = 0, s, rows, nord;
    char err[512];
    time_t t0 = time(NULL);

    memset(&train, 0, sizeof(train));
    memset(&dev, 0, sizeof(dev));
    memset(&m, 0, sizeof(m));
    memset(&p, 0, sizeof(p));
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            usage();
        i++;
        if (!strcmp(a, "--lang"))
            lang = v;
        else if (!strcmp(a, "--out"))
            out = v;
        else if (!strcmp(a, "--gazetteers"))
            gaz = v;
        else if (!strcmp(a, "--gaz-conll")) {
            NE_GROW(gazfiles, gazcap, ngaz + 1);
            gazfiles[ngaz++] = v;
        } else if (!strcmp(a, "--dump"))
            dumppath = v;
        else if (!strcmp(a, "--clusters"))
            clpath = v;
        else if (!strcmp(a, "--wordlex"))
            wlpath = v;
        else if (!strcmp(a, "--geonames"))
            geopath = v;
        else if (!strcmp(a, "--margin"))
            margin = atoi(v);
        else if (!strcmp(a, "--hist"))
            hist_on = atoi(v);
        else if (!strcmp(a, "--dev"))
            devpath = v;
        else if (!strcmp(a, "--epochs"))
            epochs = atoi(v);
        else if (!strcmp(a, "--bits"))
            bits = atoi(v);
        else if (!strcmp(a, "--seed"))
            seed = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--runs"))
            runs = atoi(v);
        else if (!strcmp(a, "--noun-min"))
            noun_min = atoi(v);
        else if (!strcmp(a, "--name-min"))
            name_min = atoi(v);
        else if (!strcmp(a, "--train")) {
            char *f = ne_strdup(v), *colon = strrchr(f, ':');
            int opts = 0;
            if (colon) {
                opts |= strstr(colon, "nomisc") ? OPT_NOMISC : 0;
                opts |= strstr(colon, "noderiv") ? OPT_NODERIV : 0;
                opts |= strstr(colon, "currency") ? OPT_CURRENCY : 0;
                opts |= strstr(colon, "docs") ? OPT_DOCS : 0;
                *colon = '\0';
            }
            if (read_conll(&train, f, opts))
                return 1;
            free(f);
        } else
            usage();
    }
    if (!lang || !out || !gaz || !train.nsent || bits < 8 || bits > 26 ||
        epochs < 1 || runs < 1 || hist_on > 200 ||
        (hist_on > 100 && hist_on != 200))
        usage();
    if (devpath && read_conll(&dev, devpath, 0))
        return 1;
    fprintf(stderr, "train_ner: %zu sentences, %zu tokens\n", train.nsent,
            train.ntok);

    m.bits = (uint32_t)bits;
    ne_ner_lex_init(&m.lex, 1 << 16);
    if (load_gazetteers(&m, gaz, name_min))
        return 1;
    if (geopath && load_geonames(&m, geopath))
        return 1;
    derive_nouns(&m, &train, noun_min);
    derive_lower(&m, &train, noun_min);
    for (s = 0; s < ngaz; s++) {
        corpus_t g;
        memset(&g, 0, sizeof(g));
        if (read_conll(&g, gazfiles[s], 0))
            return 1;
        gazetteer_from(&m, &g);
        corpus_free(&g);
    }
    fprintf(stderr, "train_ner: lexicon %u entries\n", m.lex.cnt);
    if (clpath && load_clusters(&m, clpath))
        return 1;
    if (wlpath) {
        char *classes = ne_strdup(wlpath), *comma = strchr(classes, ',');
        if (!comma)
            usage();
        *comma = '\0';
        if (load_wordlex(&m, classes, comma + 1))
            return 1;
        free(classes);
    }


    rows = (size_t)1 << bits;
    p.w = ne_calloc(rows * NE_NER_LABELS, sizeof(*p.w));
    p.u = ne_calloc(rows * NE_NER_LABELS, sizeof(*p.u));
    dense = ne_calloc(rows * NE_NER_LABELS, sizeof(*dense));
    sum.w = ne_malloc(rows * NE_NER_LABELS * sizeof(*sum.w));
    one.w = ne_malloc(rows * NE_NER_LABELS * sizeof(*one.w));
    wsum_clear(&sum, rows);
    for (s = 0; s < train.nsent; s++)
        maxn = NE_MAX(maxn, train.sents[s].n);
    for (s = 0; s < dev.nsent; s++)
        maxn = NE_MAX(maxn, dev.sents[s].n);
    ne_ner_work_init(&wk);
    ne_ner_work_reserve(&wk, maxn);
    wd = ne_malloc(maxn * sizeof(*wd));
    gold = ne_malloc(maxn);
    /* --hist 200: every sentence twice an epoch, without and with its
     * history */
    nord = hist_on > 100 ? 2 * train.nsent : train.nsent;
    order = ne_malloc(nord * sizeof(*order));
    memset(&hist, 0, sizeof(hist));
    if (hist_on >= 0) {
        size_t ndoc = 0;
        /* each token's history key, once; its latest decoded label */
        hkey = ne_malloc(train.ntok * sizeof(*hkey));
        hpred = ne_malloc(train.ntok);
        for (s = 0; s < train.nsent; s++) {
            const sent_t *se = &train.sents[s];
            size_t k;
            words_of(&train, se, wd);
            ne_ner_featurize(&m, wd, se->n, &wk);
            for (k = 0; k < se->n; k++)
                hkey[se->tok + k] = ne_ner_hist_key(&wk, k);
            ndoc += se->doc;
        }
        ne_ner_hist_enable(&m);
        fprintf(stderr, "train_ner: history features, %zu articles\n", ndoc);
    }

    /* Each run shuffles the sentences its own way; the model is the mean
     * of the runs' averaged weights (one run: that run's). */
    for (run = 0; run < runs; run++) {
        memset(p.w, 0, rows * NE_NER_LABELS * sizeof(*p.w));
        memset(p.u, 0, rows * NE_NER_LABELS * sizeof(*p.u));
        memset(p.trans, 0, sizeof(p.trans));
        memset(p.utrans, 0, sizeof(p.utrans));
        memset(p.start, 0, sizeof(p.start));
        memset(p.ustart, 0, sizeof(p.ustart));
        p.c = 1;
        for (s = 0; s < nord; s++)
            order[s] = (uint32_t)(s % train.nsent) |
                       (s >= train.nsent ? HIST_WITH : 0);
        if (hpred)
            memset(hpred, HIST_UNSEEN, train.ntok);
        for (ep = 1; ep <= epochs; ep++) {
            long wrong = 0;
            for (s = nord; s > 1; s--) { /* Fisher-Yates */
                size_t j = splitmix(&seed) % s;
                uint32_t t = order[s - 1];
                order[s - 1] = order[j];
                order[j] = t;
            }
            for (s = 0; s < nord; s++) {
                uint32_t si = order[s] & ~HIST_WITH;
                const sent_t *se = &train.sents[si];
                size_t n = se->n, k;
                words_of(&train, se, wd);
                ne_ner_featurize(&m, wd, n, &wk);
                if (hist_on >= 0 &&
                    (hist_on > 100 ? (order[s] & HIST_WITH) != 0
                                   : (int)(splitmix(&seed) % 100) < hist_on)) {
                    history_of(&train, si, hkey, hpred, &hist);
                    ne_ner_hist_features(&m, &hist, n, &wk);
                }
                raw_emissions(&p, &wk, n);
                memcpy(gold, train.gold + se->tok, n);
                if (se->masked) {
                    /* O might be an unannotated MISC: take the best path
                     * the weights find that agrees with every given
                     * label */
                    for (k = 0; k < n; k++)
                        wk.allowed[k] =
                            gold[k] ? 1u << gold[k]
                                    : 1u | 0xfu << NE_NER_LABEL(3, 0);
                    ne_ner_viterbi(wk.score, n, p.trans, p.start,
                                   wk.allowed, wk.lat, gold);
                }
                /* cost-augmented decoding: every wrong label starts
                 * margin ahead, so that updates continue until the gold
                 * path wins by that much */
                if (margin)
                    for (k = 0; k < n; k++) {
                        int l;
                        for (l = 0; l < NE_NER_LABELS; l++)
                            if (l != gold[k])
                                wk.score[k * NE_NER_LABELS + l] += margin;
                    }
                ne_ner_viterbi(wk.score, n, p.trans, p.start, NULL, wk.lat,
                               wk.path);
                if (hist_on >= 0)
                    memcpy(hpred + se->tok, wk.path, n);
                if (memcmp(gold, wk.path, n)) {
                    wrong++;
                    update(&p, &wk, n, gold, wk.path);
                }
                p.c++;
            }
            fprintf(stderr,
                    "run %d epoch %2d: %ld of %zu sentences wrong (%lds)\n",
                    run + 1, ep, wrong, nord,
                    (long)(time(NULL) - t0));
            if (dev.nsent && (ep == epochs || ep % 3 == 0)) {
                wsum_clear(&one, rows);
                wsum_add(&one, &p, rows);
                quantise(&one, &m, dense);
                evaluate(&m, &dev, &wk, wd, ep, NULL);
            }
        }
        wsum_add(&sum, &p, rows);
    }
    quantise(&sum, &m, dense);
    if (dev.nsent && (runs > 1 || dumppath)) {
        FILE *dump = NULL;
        if (dumppath && !(dump = fopen(dumppath, "w")))
            fprintf(stderr, "train_ner: %s: %s\n", dumppath, strerror(errno));
        fprintf(stderr, "the model (mean of %d runs):\n", runs);
        evaluate(&m, &dev, &wk, wd, epochs, dump);
        if (dump)
            fclose(dump);
    }
    if (ne_ner_model_write(&m, out, lang, err, sizeof(err))) {
        fprintf(stderr, "train_ner: %s\n", err);
        return 1;
    }
    fprintf(stderr, "train_ner: wrote %s (%s) in %lds\n", out, m.name,
            (long)(time(NULL) - t0));
    ne_ner_work_free(&wk);
    free(p.w), free(p.u), free(dense);
    ne_ner_model_free_weights(&m);
    free(sum.w), free(one.w);
    free(wd), free(gold), free(order), free(hkey), free(hpred);
    ne_ner_hist_free(&hist);
    ne_ner_lex_free(&m.lex);
    ne_ner_wtab_free(&m.words);
    corpus_free(&train);
    corpus_free(&dev);
    free(gazfiles);
    free(lexbuf);
    return 0;
}
