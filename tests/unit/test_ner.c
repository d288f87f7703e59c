/*
 * NER tagger: model load errors, exact spans with the shipped models,
 * features of multi-byte words, the repair of mentions after decoding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "processor/doc.h"
#include "processor/kb.h"
#include "processor/ner_model.h"
#include "processor/stages.h"

#include "doc_fixture.h"

/* A directory with one file "<lang>-ner.bin" holding the given bytes. */
static char tmpdir[64];

static void write_model(const void *data, size_t len)
{
    char path[128];
    FILE *f;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_ner.XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    snprintf(path, sizeof(path), "%s/xx-ner.bin", tmpdir);
    assert_non_null(f = fopen(path, "wb"));
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void remove_model(void)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/xx-ner.bin", tmpdir);
    unlink(path);
    rmdir(tmpdir);
}

/* Give m the weights dense, write it to a temporary xx-ner.bin and read
 * it back (the file is removed again): what a round trip keeps. */
static ne_ner_model_t *write_and_read(ne_ner_model_t *m, int16_t *dense)
{
    char err[256], path[128];
    ne_ner_model_t *back;
    ne_ner_model_set_weights(m, dense);
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_ner.XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    snprintf(path, sizeof(path), "%s/xx-ner.bin", tmpdir);
    assert_int_equal(ne_ner_model_write(m, path, "xx", err, sizeof(err)), 0);
    back = ne_ner_model_read(path, err, sizeof(err));
    assert_non_null(back);
    remove_model();
    return back;
}

static unsigned char *read_shipped(size_t *len)
{
    char path[4096], err[512];
    unsigned char *buf;
    snprintf(path, sizeof(path), "%s/de-ner.bin", fx_models_dir());
    if (ne_file_read("NER model", path, &buf, len, err, sizeof(err)))
        fail_msg("%s", err);
    return buf;
}

/* Load bytes as model "xx"; expect failure with `want` in the message. */
static void expect_load_error(const void *data, size_t len, const char *want)
{
    char err[512] = "";
    ne_ner_t *ner;
    write_model(data, len);
    ner = ne_ner_load(tmpdir, "xx", NULL, err, sizeof(err));
    remove_model();
    assert_null(ner);
    if (!strstr(err, want) || !strstr(err, "xx-ner.bin"))
        fail_msg("error \"%s\" lacks \"%s\" or the file name", err, want);
}

static void test_load_missing(void **state)
{
    char err[512] = "";
    (void)state;
    assert_null(ne_ner_load("/nonexistent-dir", "de", NULL, err, sizeof(err)));
    assert_non_null(strstr(err, "/nonexistent-dir/de-ner.bin"));
    assert_non_null(strstr(err, "cannot open"));
}

static void test_load_bad_magic(void **state)
{
    static const char junk[] = "PK\3\4 this is a zip file, not a model....";
    (void)state;
    expect_load_error(junk, sizeof(junk), "bad magic");
    expect_load_error("", 0, "bad magic");
}

static void test_load_truncated(void **state)
{
    size_t len;
    unsigned char *m = read_shipped(&len);
    (void)state;
    expect_load_error(m, 40, "truncated header");
    expect_load_error(m, len / 2, "truncated");
    expect_load_error(m, len - 1, "truncated");
    free(m);
}

static void test_load_wrong_versions(void **state)
{
    size_t len;
    unsigned char *m = read_shipped(&len);
    (void)state;
    m[8] = 99; /* format version */
    expect_load_error(m, len, "format version 99");
    m[8] = NE_NER_FORMAT_VERSION;
    m[12] = 77; /* feature-set version */
    expect_load_error(m, len, "feature set 77");
    /* a model of the feature set before the dictionary bits */
    m[12] = 2;
    expect_load_error(m, len, "feature set 2, this build extracts feature "
                              "set 3");
    m[12] = NE_NER_FEATURE_VERSION;
    m[16] = 9; /* label count */
    expect_load_error(m, len, "label set");
    free(m);
}

static void test_load_corrupt_body(void **state)
{
    size_t len;
    unsigned char *m = read_shipped(&len);
    (void)state;
    m[len - 100] ^= 0x5a; /* inside the zlib stream */
    expect_load_error(m, len, "corrupt body");
    free(m);
}

/* ---- tagging ------------------------------------------------------------ */

/* Tokens of s split at spaces, one sentence, in the body field. */
static void space_tokenize(ne_doc_t *doc, const char *s)
{
    size_t i = 0, n = strlen(s);
    ne_sentence_t *se;
    doc->text[NE_FIELD_BODY] = s;
    doc->len[NE_FIELD_BODY] = n;
    while (i < n) {
        ne_token_t *t;
        size_t b;
        while (i < n && s[i] == ' ')
            i++;
        if (i == n)
            break;
        b = i;
        while (i < n && s[i] != ' ')
            i++;
        t = NE_VEC_PUSH(doc->tokens);
        memset(t, 0, sizeof(*t));
        t->start = (uint32_t)b;
        t->end = (uint32_t)i;
        t->field = NE_FIELD_BODY;
        t->mention = -1;
    }
    se = NE_VEC_PUSH(doc->sents);
    se->tok_begin = 0;
    se->tok_end = (uint32_t)doc->tokens.cnt;
    se->field = NE_FIELD_BODY;
}

typedef struct {
    const char *text;
    int type;
} want_t;

static void expect_mentions(const char *lang, const char *text,
                            const want_t *want, size_t nwant)
{
    char err[512] = "";
    ne_ner_t *ner = ne_ner_load(fx_models_dir(), lang, NULL, err, sizeof(err));
    ne_doc_t doc;
    size_t i;
    if (!ner)
        fail_msg("%s", err);
    ne_doc_init(&doc);
    ne_doc_reset(&doc);
    space_tokenize(&doc, text);
    ne_ner_tag(ner, NULL, &doc);
    for (i = 0; i < doc.mentions.cnt; i++) {
        const ne_mention_t *m = &doc.mentions.v[i];
        fprintf(stderr, "  %s %.*s\n", ne_etype_names[m->type],
                (int)(m->span.end - m->span.start), text + m->span.start);
    }
    assert_int_equal(doc.mentions.cnt, nwant);
    for (i = 0; i < nwant; i++) {
        const ne_mention_t *m = &doc.mentions.v[i];
        const char *at = strstr(text, want[i].text);
        assert_non_null(at);
        assert_int_equal(m->span.start, (uint32_t)(at - text));
        assert_int_equal(m->span.end,
                         (uint32_t)(at - text + strlen(want[i].text)));
        assert_int_equal(m->type, want[i].type);
        assert_int_equal(m->entity, -1);
        assert_true(m->score > 0 && m->score <= 1);
        assert_int_equal(doc.tokens.v[m->tok_begin].mention, (int)i);
        assert_int_equal(doc.tokens.v[m->tok_end - 1].mention, (int)i);
    }
    ne_doc_free(&doc);
    ne_ner_destroy(ner);
}

static void test_tag_german(void **state)
{
    static const want_t w1[] = {{"Angela Merkel", NE_ENT_PER},
                                {"Paris", NE_ENT_LOC}};
    static const want_t w2[] = {{"Siemens", NE_ENT_ORG},
                                {"München", NE_ENT_LOC}};
    (void)state;
    expect_mentions("de", "Angela Merkel besuchte am Montag Paris .", w1, 2);
    expect_mentions("de", "Die Firma Siemens hat ihren Sitz in München .", w2,
                    2);
}

static void test_tag_english(void **state)
{
    static const want_t w1[] = {{"Barack Obama", NE_ENT_PER},
                                {"Berlin", NE_ENT_LOC}};
    (void)state;
    expect_mentions("en", "Barack Obama visited Berlin .", w1, 2);
}

static void test_tag_without_model(void **state)
{
    ne_doc_t doc;
    (void)state;
    ne_doc_init(&doc);
    ne_doc_reset(&doc);
    space_tokenize(&doc, "Barack Obama visited Berlin .");
    ne_ner_tag(NULL, NULL, &doc);
    assert_int_equal(doc.mentions.cnt, 0);
    assert_int_equal(doc.tokens.v[0].mention, -1);
    ne_doc_free(&doc);
}

/* ---- features ----------------------------------------------------------- */

static void featurize(const ne_ner_model_t *m, const char *const *w, size_t n,
                      ne_ner_work_t *wk)
{
    ne_ner_word_t words[8];
    size_t i;
    for (i = 0; i < n; i++) {
        words[i].s = w[i];
        words[i].len = (uint32_t)strlen(w[i]);
    }
    ne_ner_work_reserve(wk, n);
    ne_ner_featurize(m, words, n, wk);
}

static void test_lower_multibyte(void **state)
{
    static const char upper[] = "ÖSTERREICH Ärger SÃO TOMÉ ß İ";
    char *buf = NULL;
    size_t cap = 0, n;
    (void)state;
    /* simple case mapping: İ gives a plain i */
    n = ne_ner_lower(upper, strlen(upper), &buf, &cap);
    assert_int_equal(n, strlen("österreich ärger são tomé ß i"));
    assert_memory_equal(buf, "österreich ärger são tomé ß i", n);
    /* invalid UTF-8 is copied, not dropped */
    n = ne_ner_lower("A\xff" "B", 3, &buf, &cap);
    assert_int_equal(n, 3);
    assert_memory_equal(buf, "a\xff" "b", 3);
    free(buf);
}

static void test_features_multibyte(void **state)
{
    static const char *const a[] = {"Österreich"};
    static const char *const b[] = {"ÖSTERREICH"};
    static const char *const c[] = {"in", "SÃO", "TOMÉ", "UND", "PRÍNCIPE",
                                    "."};
    static const char stp[] = "São Tomé und Príncipe";
    ne_ner_model_t m;
    ne_ner_work_t wk;
    char *scratch = NULL;
    size_t cap = 0, i, j, shared = 0;
    uint32_t fa[NE_NER_FEATS];
    uint8_t na;
    (void)state;

    memset(&m, 0, sizeof(m));
    m.bits = 20;
    ne_ner_lex_init(&m.lex, 64);
    ne_ner_lex_add_text(&m.lex, stp, strlen(stp), NE_LEX_COUNTRY, &scratch,
                        &cap);
    ne_ner_lex_add_text(&m.lex, "Österreich", 11, NE_LEX_COUNTRY, &scratch,
                        &cap);
    ne_ner_work_init(&wk);

    featurize(&m, a, 1, &wk);
    memcpy(fa, wk.feats, sizeof(fa));
    na = wk.nf[0];
    assert_int_equal(wk.lex[0], NE_LEX_COUNTRY);
    featurize(&m, b, 1, &wk);
    assert_int_equal(wk.lex[0], NE_LEX_COUNTRY);
    /* same lower-case form and affixes, different shape and class */
    for (i = 0; i < na; i++)
        for (j = 0; j < wk.nf[0]; j++)
            shared += fa[i] == wk.feats[j];
    assert_true(shared >= 10);
    assert_true(shared < na);
    assert_true(na <= NE_NER_FEATS);

    /* the multi-word entry matches across upper-case multi-byte words */
    featurize(&m, c, 6, &wk);
    assert_int_equal(wk.span[0], 0);
    for (i = 1; i <= 4; i++)
        assert_true(wk.span[i] & NE_LEX_COUNTRY);
    assert_true(wk.span[1] != wk.span[2]); /* begin vs inside */
    assert_int_equal(wk.span[5], 0);

    ne_ner_work_free(&wk);
    ne_ner_lex_free(&m.lex);
    free(scratch);
}

/* Word classes: looked up by the exact bytes, turned into features only
 * for a clustered word, and kept by a write/read round trip. */
static void test_word_classes(void **state)
{
    static const char *const w[] = {"Merkel", "merkel", "Unbekannt"};
    ne_ner_model_t m, *back;
    ne_ner_work_t wk;
    uint8_t nf_plain;
    int16_t *dense;
    (void)state;

    memset(&m, 0, sizeof(m));
    m.bits = 12;
    m.scale = 1;
    ne_ner_lex_init(&m.lex, 16);
    ne_ner_work_init(&wk);
    featurize(&m, w, 3, &wk);
    nf_plain = wk.nf[0];
    assert_int_equal(wk.wv[0], 0);

    ne_ner_wtab_set(&m.words, ne_ner_hash("Merkel", 6),
                    NE_NER_WV_MAKE(5, 300, 2000));
    featurize(&m, w, 3, &wk);
    assert_int_equal(NE_NER_WV_CL0(wk.wv[0]), 5);
    assert_int_equal(NE_NER_WV_CL1(wk.wv[0]), 300);
    assert_int_equal(NE_NER_WV_CL2(wk.wv[0]), 2000);
    assert_int_equal(wk.wv[1], 0); /* case matters */
    assert_int_equal(wk.wv[2], 0);
    /* three classes of its own, two of its neighbours', and the
     * dictionary bits: three of its own, three in context */
    assert_int_equal(wk.nf[0], nf_plain + 11);

    dense = calloc((size_t)1 << m.bits, NE_NER_LABELS * sizeof(*dense));
    dense[7 * NE_NER_LABELS + 1] = 42;
    back = write_and_read(&m, dense);
    assert_int_equal(back->words.cnt, 1);
    assert_int_equal(ne_ner_wtab_get(&back->words, ne_ner_hash("Merkel", 6)),
                     NE_NER_WV_MAKE(5, 300, 2000));
    assert_int_equal(ne_ner_row(back, 7)[1], 42);
    assert_int_equal(ne_ner_row(back, 6)[1], 0);
    assert_int_equal(ne_ner_row(back, 8)[1], 0);

    ne_ner_model_free(back);
    free(dense);
    ne_ner_model_free_weights(&m);
    ne_ner_lex_free(&m.lex);
    ne_ner_wtab_free(&m.words);
    ne_ner_work_free(&wk);
}

/* Features of token i as a sorted list, for comparing two runs. */
static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static size_t feats_of(const ne_ner_work_t *wk, size_t i, uint32_t *out)
{
    size_t n = wk->nf[i];
    memcpy(out, wk->feats + i * NE_NER_FEATS, n * sizeof(*out));
    qsort(out, n, sizeof(*out), cmp_u32);
    return n;
}

static size_t count_differing(const uint32_t *a, size_t na, const uint32_t *b,
                              size_t nb)
{
    size_t i = 0, j = 0, same = 0;
    while (i < na && j < nb) {
        if (a[i] == b[j])
            same++, i++, j++;
        else if (a[i] < b[j])
            i++;
        else
            j++;
    }
    return na - same;
}

/* The dictionary bits of a word (category, frequency band) live beside
 * its word classes, survive a write/read round trip, and change exactly
 * the dictionary features: three of the word's own and three in its
 * context, one on each neighbour. */
static void test_dictionary_bits(void **state)
{
    static const char *const w[] = {"Die", "Gewerkschaft", "streikt"};
    ne_ner_model_t m, *back;
    ne_ner_work_t wk;
    uint32_t a[3][NE_NER_FEATS], b[NE_NER_FEATS];
    size_t na[3], nb, i;
    uint64_t key = ne_ner_hash("Gewerkschaft", 12);
    uint32_t noun = NE_NER_WV_MAKE(3, 0, 0) |
                    NE_NER_WV_MAKE_LEX(NE_NER_WCAT_NOUN, 2);
    int16_t *dense;
    (void)state;

    assert_int_equal(NE_NER_WV_CAT(noun), NE_NER_WCAT_NOUN);
    assert_int_equal(NE_NER_WV_BAND(noun), 2);
    assert_int_equal(NE_NER_WV_CL0(noun), 3);
    assert_int_equal(NE_NER_WV_CL2(noun), 0);
    assert_int_equal(NE_NER_WV_CAT(NE_NER_WV_MAKE_LEX(NE_NER_WCAT_LOW_FUNC,
                                                      3)),
                     NE_NER_WCAT_LOW_FUNC);

    memset(&m, 0, sizeof(m));
    m.bits = 16;
    m.scale = 1;
    ne_ner_lex_init(&m.lex, 16);
    ne_ner_work_init(&wk);
    ne_ner_wtab_set(&m.words, key, NE_NER_WV_MAKE(3, 0, 0));
    featurize(&m, w, 3, &wk);
    for (i = 0; i < 3; i++)
        na[i] = feats_of(&wk, i, a[i]);

    ne_ner_wtab_set(&m.words, key, noun);
    featurize(&m, w, 3, &wk);
    assert_int_equal(wk.wv[1], noun);
    for (i = 0; i < 3; i++)
        assert_int_equal(wk.nf[i], na[i]);
    nb = feats_of(&wk, 1, b);
    assert_int_equal(count_differing(a[1], na[1], b, nb), 6);
    nb = feats_of(&wk, 0, b);
    assert_int_equal(count_differing(a[0], na[0], b, nb), 1);
    nb = feats_of(&wk, 2, b);
    assert_int_equal(count_differing(a[2], na[2], b, nb), 1);

    /* the bits are part of the stored value */
    dense = calloc((size_t)1 << m.bits, NE_NER_LABELS * sizeof(*dense));
    back = write_and_read(&m, dense);
    assert_int_equal(ne_ner_wtab_get(&back->words, key), noun);

    ne_ner_model_free(back);
    free(dense);
    ne_ner_model_free_weights(&m);
    ne_ner_lex_free(&m.lex);
    ne_ner_wtab_free(&m.words);
    ne_ner_work_free(&wk);
}

/* A GeoNames entry is a lexicon class of its own: a feature and a span,
 * not a city of the CLDR list. */
static void test_geonames_class(void **state)
{
    static const char *const w[] = {"in", "Bad", "Homburg", "."};
    ne_ner_model_t m;
    ne_ner_work_t wk;
    char *scratch = NULL;
    size_t cap = 0, n0;
    (void)state;

    memset(&m, 0, sizeof(m));
    m.bits = 16;
    ne_ner_lex_init(&m.lex, 64);
    ne_ner_work_init(&wk);
    featurize(&m, w, 4, &wk);
    n0 = wk.nf[1];
    ne_ner_lex_add_text(&m.lex, "Bad Homburg", 11, NE_LEX_GEO, &scratch,
                        &cap);
    featurize(&m, w, 4, &wk);
    assert_int_equal(wk.span[0], 0);
    assert_true(wk.span[1] & NE_LEX_GEO);
    assert_true(wk.span[2] & NE_LEX_GEO);
    assert_false(wk.span[1] & NE_LEX_CITY);
    assert_true(wk.span[1] != wk.span[2]); /* begin vs inside */
    assert_int_equal(wk.span[3], 0);
    /* span of its own, and the next word's span beside it */
    assert_int_equal(wk.nf[1], n0 + 2);
    assert_true(NE_LEX_GEO & NE_LEX_FEATURES);
    assert_false(NE_LEX_LOWER & NE_LEX_FEATURES);

    ne_ner_work_free(&wk);
    ne_ner_lex_free(&m.lex);
    free(scratch);
}

/* A capitalised word ending in -s / -es also sees the lexicon classes of
 * the word without it: "Hannovers", "Griechenlandes" (German genitives). */
static void test_genitive_features(void **state)
{
    static const char *const w[] = {"Hannovers", "hannovers",
                                    "Griechenlandes", "Hannover"};
    ne_ner_model_t m;
    ne_ner_work_t wk;
    char *scratch = NULL;
    size_t cap = 0;
    uint8_t before[4];
    int i;
    (void)state;

    memset(&m, 0, sizeof(m));
    m.bits = 16;
    ne_ner_lex_init(&m.lex, 64);
    ne_ner_work_init(&wk);
    /* genitives are looked at only by a model with a word table */
    featurize(&m, w, 1, &wk);
    before[0] = wk.nf[0];
    ne_ner_lex_add_text(&m.lex, "Hannover", 8, NE_LEX_CITY, &scratch, &cap);
    featurize(&m, w, 1, &wk);
    assert_int_equal(wk.nf[0], before[0]);
    ne_ner_lex_free(&m.lex);
    ne_ner_lex_init(&m.lex, 64);
    ne_ner_wtab_set(&m.words, ne_ner_hash("Stadt", 5),
                    NE_NER_WV_MAKE(1, 1, 1));
    featurize(&m, w, 4, &wk);
    for (i = 0; i < 4; i++)
        before[i] = wk.nf[i];
    ne_ner_lex_add_text(&m.lex, "Hannover", 8, NE_LEX_CITY, &scratch, &cap);
    ne_ner_lex_add_text(&m.lex, "Griechenland", 12, NE_LEX_COUNTRY, &scratch,
                        &cap);
    featurize(&m, w, 4, &wk);
    assert_int_equal(wk.nf[0], before[0] + 1); /* the genitive's city */
    assert_int_equal(wk.lex[0], 0);
    assert_int_equal(wk.nf[1], before[1]);     /* lower case: no genitive */
    assert_int_equal(wk.nf[2], before[2] + 1); /* -es cut */
    /* the city itself: its own lexicon feature, one beside "Griechenlandes"
     * (T_LEX_M1 is always there; its value changes) */
    assert_int_equal(wk.lex[3], NE_LEX_CITY);
    assert_int_equal(wk.nf[3], before[3] + 1);

    ne_ner_work_free(&wk);
    ne_ner_lex_free(&m.lex);
    ne_ner_wtab_free(&m.words);
    free(scratch);
}

/* A closed compound the dictionary does not know whose head it knows as
 * a common noun gets a head feature; a known noun, a short word, a
 * hyphenated word and a lower-case word do not. */
static void test_compound_head(void **state)
{
    static const char *const w[] = {"Schalldruckpegel", "Pegel",
                                    "Druck-Pegel", "schalldruckpegel",
                                    "Bärenhöhle", "Höhlen", "Holzöfen"};
    ne_ner_model_t m;
    ne_ner_work_t wk;
    uint8_t before[7];
    int i;
    (void)state;

    memset(&m, 0, sizeof(m));
    m.bits = 16;
    ne_ner_lex_init(&m.lex, 16);
    ne_ner_work_init(&wk);
    ne_ner_wtab_set(&m.words, ne_ner_hash("Stadt", 5),
                    NE_NER_WV_MAKE(1, 1, 1));
    featurize(&m, w, 7, &wk);
    for (i = 0; i < 7; i++)
        before[i] = wk.nf[i];
    ne_ner_wtab_set(&m.words, ne_ner_hash("Pegel", 5),
                    NE_NER_WV_MAKE_LEX(NE_NER_WCAT_NOUN, 2));
    /* the head found after a multi-byte letter is capitalised too */
    ne_ner_wtab_set(&m.words, ne_ner_hash("Höhle", 6),
                    NE_NER_WV_MAKE_LEX(NE_NER_WCAT_NOUN, 1));
    /* and a head that starts with one, upper-cased */
    ne_ner_wtab_set(&m.words, ne_ner_hash("Öfen", 5),
                    NE_NER_WV_MAKE_LEX(NE_NER_WCAT_BOTH, 0));
    featurize(&m, w, 7, &wk);
    assert_int_equal(wk.nf[0], before[0] + 1);
    assert_int_equal(wk.nf[1], before[1]); /* itself a noun, and short */
    assert_int_equal(wk.nf[2], before[2]); /* hyphenated */
    assert_int_equal(wk.nf[3], before[3]); /* lower case */
    assert_int_equal(wk.nf[4], before[4] + 1);
    assert_int_equal(wk.nf[5], before[5]); /* too short */
    assert_int_equal(wk.nf[6], before[6] + 1);

    ne_ner_work_free(&wk);
    ne_ner_lex_free(&m.lex);
    ne_ner_wtab_free(&m.words);
}

static void test_viterbi_well_formed(void **state)
{
    /* emissions that favour an ill-formed I-PER after O: the lattice must
     * still give well-formed BILOU */
    int32_t score[3 * NE_NER_LABELS], trans[NE_NER_LABELS][NE_NER_LABELS],
        start[NE_NER_LABELS];
    int64_t lat[3 * NE_NER_LABELS];
    uint8_t path[3];
    (void)state;
    memset(score, 0, sizeof(score));
    memset(trans, 0, sizeof(trans));
    memset(start, 0, sizeof(start));
    score[0 * NE_NER_LABELS + 0] = 10;
    score[1 * NE_NER_LABELS + NE_NER_LABEL(NE_ENT_PER, NE_NER_PART_I)] = 10;
    score[2 * NE_NER_LABELS + 0] = 10;
    ne_ner_viterbi(score, 3, trans, start, NULL, lat, path);
    assert_int_equal(path[0], 0);
    assert_true(path[1] == 0 ||
                NE_NER_PART(path[1]) == NE_NER_PART_U);
    assert_int_equal(path[2], 0);
}

/* Textbook Viterbi with back pointers over the legal transitions: what
 * ne_ner_viterbi must decode, masks and ties included. */
#define REF_NEG_INF (INT64_MIN / 4)
static int64_t ref_viterbi(const int32_t *score, size_t n,
                           const int32_t trans[NE_NER_LABELS][NE_NER_LABELS],
                           const int32_t start[NE_NER_LABELS],
                           const uint32_t *allowed, uint8_t *path)
{
    int64_t cur[NE_NER_LABELS], prev[NE_NER_LABELS];
    uint8_t back[64][NE_NER_LABELS];
    size_t i;
    int a, b, best = -1;
    for (b = 0; b < NE_NER_LABELS; b++)
        cur[b] = ne_ner_transition_ok(-1, b) &&
                         (!allowed || (allowed[0] >> b & 1))
                     ? (int64_t)start[b] + score[b]
                     : REF_NEG_INF;
    for (i = 1; i < n; i++) {
        memcpy(prev, cur, sizeof(prev));
        for (b = 0; b < NE_NER_LABELS; b++) {
            int64_t bv = REF_NEG_INF;
            int ba = 0;
            for (a = 0; a < NE_NER_LABELS; a++)
                if ((!allowed || (allowed[i] >> b & 1)) &&
                    ne_ner_transition_ok(a, b) && prev[a] != REF_NEG_INF &&
                    prev[a] + trans[a][b] > bv)
                    bv = prev[a] + trans[a][b], ba = a;
            cur[b] = bv == REF_NEG_INF ? REF_NEG_INF
                                       : bv + score[i * NE_NER_LABELS + b];
            back[i][b] = (uint8_t)ba;
        }
    }
    for (b = 0; b < NE_NER_LABELS; b++)
        if (cur[b] != REF_NEG_INF && ne_ner_transition_ok(b, -1) &&
            (best < 0 || cur[b] > cur[best]))
            best = b;
    if (best < 0)
        best = 0;
    path[n - 1] = (uint8_t)best;
    for (i = n - 1; i > 0; i--)
        path[i - 1] = back[i][path[i]];
    return cur[best];
}

/* ne_ner_viterbi against the textbook version on random lattices: many
 * ties (small values), few ties, with and without label masks. */
static void test_viterbi_reference(void **state)
{
    enum { N = 40 };
    int32_t score[N * NE_NER_LABELS], trans[NE_NER_LABELS][NE_NER_LABELS],
        start[NE_NER_LABELS];
    uint32_t allowed[N];
    int64_t lat[N * NE_NER_LABELS];
    uint8_t p1[N], p2[N];
    uint64_t seed = 12345;
    int round, a, b, masked;
    size_t i, n;
    (void)state;
    for (round = 0; round < 600; round++) {
        int range = round % 3 ? 4 : 1000;
        for (i = 0; i < N * NE_NER_LABELS; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            score[i] = (int32_t)(seed >> 33) % range - range / 2;
        }
        for (a = 0; a < NE_NER_LABELS; a++) {
            for (b = 0; b < NE_NER_LABELS; b++) {
                seed = seed * 6364136223846793005ULL + 1;
                trans[a][b] = (int32_t)(seed >> 33) % range - range / 2;
            }
            start[a] = trans[a][0];
        }
        /* masks as the trainer sets them: a gold label, or O and MISC;
         * some rounds with masks that allow no path at all */
        for (i = 0; i < N; i++) {
            seed = seed * 6364136223846793005ULL + 1;
            allowed[i] = seed >> 60 < 8 ? 1u | 0xfu << NE_NER_LABEL(3, 0)
                                        : 1u << (seed >> 33) % NE_NER_LABELS;
        }
        n = 1 + (size_t)round % N;
        masked = round % 2;
        assert_true(ne_ner_viterbi(score, n, trans, start,
                                   masked ? allowed : NULL, lat, p1) ==
                    ref_viterbi(score, n, trans, start,
                                masked ? allowed : NULL, p2));
        assert_memory_equal(p1, p2, n);
    }
}

/* Split s at spaces into words (pointers into s). */
static size_t split_words(const char *s, ne_ner_word_t *w, size_t max)
{
    size_t n = 0;
    while (*s && n < max) {
        const char *e = strchr(s, ' ');
        if (!e)
            e = s + strlen(s);
        w[n].s = s;
        w[n++].len = (uint32_t)(e - s);
        s = *e ? e + 1 : e;
    }
    return n;
}

/* The word cache gives what featurize + emissions give: the same scores
 * and token analyses, for new and cached words, short sentences, words
 * too long to cache and lexicon spans. */
static void check_cache(const char *lang, const char *const *sents,
                        size_t nsents)
{
    char path[4096], err[256];
    ne_ner_model_t *m;
    ne_ner_cache_t *c;
    ne_ner_work_t a, b;
    ne_ner_word_t w[64];
    size_t k, n, round, i;

    snprintf(path, sizeof(path), "%s/%s-ner.bin", fx_models_dir(), lang);
    assert_non_null(m = ne_ner_model_read(path, err, sizeof(err)));
    c = ne_ner_cache_new(m);
    assert_ptr_equal(ne_ner_cache_model(c), m);
    ne_ner_work_init(&a);
    ne_ner_work_init(&b);
    for (round = 0; round < 2; round++)
        for (k = 0; k < nsents; k++) {
            n = split_words(sents[k], w, 64);
            ne_ner_work_reserve(&a, n);
            ne_ner_work_reserve(&b, n);
            ne_ner_featurize(m, w, n, &a);
            ne_ner_emissions(m, &a, n);
            ne_ner_cache_emissions(c, w, n, &b);
            assert_memory_equal(a.score, b.score,
                                n * NE_NER_LABELS * sizeof(*a.score));
            for (i = 0; i < n; i++) {
                const uint64_t *ha = a.h + i * NE_NER_TOKH;
                const uint64_t *hb = b.h + i * NE_NER_TOKH;
                assert_true(ha[NE_NER_H_LOW] == hb[NE_NER_H_LOW]);
                assert_true(ha[NE_NER_H_SHAPE] == hb[NE_NER_H_SHAPE]);
                assert_true(ha[NE_NER_H_CLASS] == hb[NE_NER_H_CLASS]);
            }
            assert_memory_equal(a.lex, b.lex, n * sizeof(*a.lex));
            assert_memory_equal(a.span, b.span, n * sizeof(*a.span));
        }
    ne_ner_work_free(&a);
    ne_ner_work_free(&b);
    ne_ner_cache_free(c);
    ne_ner_model_free(m);
}

static void test_cache_same_scores(void **state)
{
    static const char *const de[] = {
        "Die Bundeskanzlerin Angela Merkel traf am Montag in Berlin den "
        "französischen Präsidenten Emmanuel Macron .",
        "Berlin",
        "In New York",
        "Die Donaudampfschifffahrtsgesellschaftskapitänsmütze liegt in "
        "São Tomé und Príncipe .",
        "Bundesverfassungsgericht Bundesverfassungsgerichts Verfassungs"
        "gerichtspräsident Bundesverfassungsgericht",
        "Der Kreml-Sprecher sagte , die Die die DIE Bundeskanzlerin habe "
        "am 3. Oktober 2023 120.000 Euro gezahlt .",
    };
    static const char *const en[] = {
        "President Joe Biden met Chancellor Olaf Scholz in Washington on "
        "Friday , the White House said .",
        "Washington",
        "New York Times",
    };
    (void)state;
    check_cache("de", de, NE_ARRAY_SIZE(de));
    check_cache("en", en, NE_ARRAY_SIZE(en));
}

/* ---- mention repair (real tokeniser, shipped models and KB) ------------ */

/*
 * Tag title and body and compare the mentions, in order, with want:
 * "TYPE text" per mention, "title:" before the text of a title mention.
 * Every case below fails without the repair: the tagger alone gives
 * "Kim Jong", misses "Lee Jae-myung", tags "Südkoreanische" and
 * "Nordkorea-Studien" as places.
 */
static void expect_repaired(ne_lang_t lang, const char *title,
                            const char *body, const char *const *want,
                            size_t nwant)
{
    char err[512] = "", got[600];
    const char *code = lang == NE_LANG_DE ? "de" : "en";
    ne_kb_t *kb = ne_kb_load(fx_models_dir(), NULL, err, sizeof(err));
    ne_ner_t *ner = ne_ner_load(fx_models_dir(), code, kb, err, sizeof(err));
    ne_doc_t doc;
    size_t i, k;
    if (!kb || !ner)
        fail_msg("%s", err);
    ne_doc_init(&doc);
    fx_doc_set(&doc, title, body, lang, 0, 0, 0);
    ne_ner_tag(ner, kb, &doc);
    for (i = 0; i < doc.mentions.cnt; i++) {
        const ne_mention_t *m = &doc.mentions.v[i];
        snprintf(got, sizeof(got), "%s%s %s",
                 m->span.field == NE_FIELD_TITLE ? "title:" : "",
                 ne_etype_names[m->type], fx_span(&doc, m->span));
        fprintf(stderr, "  %s\n", got);
        if (i < nwant && strcmp(got, want[i]))
            fail_msg("mention %zu is \"%s\", not \"%s\"", i, got, want[i]);
        /* spans are whole tokens, and the tokens point back */
        assert_int_equal(m->span.start, doc.tokens.v[m->tok_begin].start);
        assert_int_equal(m->span.end, doc.tokens.v[m->tok_end - 1].end);
        for (k = m->tok_begin; k < m->tok_end; k++)
            assert_int_equal(doc.tokens.v[k].mention, (int)i);
        if (i > 0)
            assert_true(doc.mentions.v[i - 1].tok_end <= m->tok_begin);
    }
    assert_int_equal(doc.mentions.cnt, nwant);
    ne_doc_free(&doc);
    ne_ner_destroy(ner);
    ne_kb_destroy(kb);
}

static void test_repair_romanised_names(void **state)
{
    static const char *const de[] = {
        "title:PER Kim Jong Un", "PER Kim Jong Un", "LOC Russland",
        "PER Lee Jae-myung"};
    static const char *const en[] = {
        "title:PER Kim Jong Un", "title:PER Moon Jae-in",
        "MISC North Korean", "PER Kim Jong Un", "MISC Kong-based"};
    (void)state;
    expect_repaired(NE_LANG_DE, "Kim Jong Un vor seiner Abreise",
                    "Der Machthaber Kim Jong Un ist in Russland "
                    "eingetroffen. Begleitet wurde er von Lee Jae-myung.",
                    de, NE_ARRAY_SIZE(de));
    /* the headline in title case takes the name from the body, where
     * the syllable rule completed it; in the headline itself it would
     * not ("Says"); "Hong Kong-based" does not become a person */
    expect_repaired(NE_LANG_EN, "Kim Jong Un Says He Will Meet Moon Jae-in",
                    "North Korean leader Kim Jong Un said so on Tuesday. "
                    "A Hong Kong-based bank agreed.",
                    en, NE_ARRAY_SIZE(en));
}

static void test_repair_derived_words(void **state)
{
    static const char *const de[] = {"LOC Seoul"};
    (void)state;
    expect_repaired(NE_LANG_DE, NULL,
                    "Südkoreanische Beobachter sehen Anzeichen. Er lehrt an "
                    "der Universität für Nordkorea-Studien in Seoul.",
                    de, NE_ARRAY_SIZE(de));
}

/* Two cities side by side are two places (the seed article); a country
 * next to a city is left to the tagger. */
static void test_repair_city_pairs(void **state)
{
    static const char *const de[] = {"LOC Pjöngjang", "LOC Moskau"};
    (void)state;
    expect_repaired(NE_LANG_DE, NULL,
                    "Nach Einschätzung der Regierung hat Pjöngjang Moskau "
                    "bereits Raketen geliefert.",
                    de, NE_ARRAY_SIZE(de));
}

/* Prediction history: a capitalised word's earlier types in the article
 * become features, whatever its case ("SOMERSET" after "Somerset"); a
 * lower-case word gets none; a new article forgets; only a model trained
 * with them (the shipped English one) uses them. */
static void test_history_features(void **state)
{
    static const char *const a[] = {"Somerset", "won"};
    static const char *const b[] = {"SOMERSET", "lost"};
    const uint8_t org[2] = {NE_NER_LABEL(NE_ENT_ORG, NE_NER_PART_U), 0};
    const uint8_t none[2] = {0, 0};
    ne_ner_model_t m, *shipped;
    ne_ner_work_t wk;
    ne_ner_hist_t h;
    uint32_t with_org[NE_NER_FEATS];
    uint8_t n0, n1;
    char path[4096], err[256];
    int i;
    (void)state;

    memset(&m, 0, sizeof(m));
    memset(&h, 0, sizeof(h));
    m.bits = 20;
    ne_ner_lex_init(&m.lex, 64);
    ne_ner_work_init(&wk);
    assert_false(ne_ner_hist_enabled(&m));

    featurize(&m, a, 2, &wk);
    n0 = wk.nf[0];
    n1 = wk.nf[1];
    ne_ner_hist_features(&m, &h, 2, &wk); /* empty history: nothing */
    assert_int_equal(wk.nf[0], n0);
    ne_ner_hist_add(&h, 2, &wk, org);

    featurize(&m, b, 2, &wk);
    n0 = wk.nf[0];
    n1 = wk.nf[1];
    ne_ner_hist_features(&m, &h, 2, &wk);
    assert_int_equal(wk.nf[0], n0 + 2); /* majority ORG, has ORG */
    assert_int_equal(wk.nf[1], n1);
    memcpy(with_org, wk.feats, sizeof(with_org));

    /* twice O: the majority changes, "has ORG" stays */
    featurize(&m, a, 2, &wk);
    ne_ner_hist_add(&h, 2, &wk, none);
    ne_ner_hist_add(&h, 2, &wk, none);
    featurize(&m, b, 2, &wk);
    ne_ner_hist_features(&m, &h, 2, &wk);
    assert_int_equal(wk.nf[0], n0 + 2);
    assert_true(wk.feats[n0] != with_org[n0]);
    assert_int_equal(wk.feats[n0 + 1], with_org[n0 + 1]);

    /* many words: the table grows and keeps them */
    for (i = 0; i < 2000; i++) {
        char w[16];
        const char *ws[1];
        snprintf(w, sizeof(w), "Word%d", i);
        ws[0] = w;
        featurize(&m, ws, 1, &wk);
        ne_ner_hist_add(&h, 1, &wk, org);
    }
    featurize(&m, b, 2, &wk);
    ne_ner_hist_features(&m, &h, 2, &wk);
    assert_int_equal(wk.nf[0], n0 + 2);

    ne_ner_hist_clear(&h);
    featurize(&m, b, 2, &wk);
    ne_ner_hist_features(&m, &h, 2, &wk);
    assert_int_equal(wk.nf[0], n0);

    ne_ner_hist_enable(&m);
    assert_true(ne_ner_hist_enabled(&m));

    snprintf(path, sizeof(path), "%s/en-ner.bin", fx_models_dir());
    assert_non_null(shipped = ne_ner_model_read(path, err, sizeof(err)));
    assert_true(ne_ner_hist_enabled(shipped));
    ne_ner_model_free(shipped);
    snprintf(path, sizeof(path), "%s/de-ner.bin", fx_models_dir());
    assert_non_null(shipped = ne_ner_model_read(path, err, sizeof(err)));
    assert_false(ne_ner_hist_enabled(shipped));
    ne_ner_model_free(shipped);

    ne_ner_hist_free(&h);
    ne_ner_work_free(&wk);
    ne_ner_lex_free(&m.lex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_missing),
        cmocka_unit_test(test_load_bad_magic),
        cmocka_unit_test(test_load_truncated),
        cmocka_unit_test(test_load_wrong_versions),
        cmocka_unit_test(test_load_corrupt_body),
        cmocka_unit_test(test_tag_german),
        cmocka_unit_test(test_tag_english),
        cmocka_unit_test(test_tag_without_model),
        cmocka_unit_test(test_lower_multibyte),
        cmocka_unit_test(test_features_multibyte),
        cmocka_unit_test(test_word_classes),
        cmocka_unit_test(test_dictionary_bits),
        cmocka_unit_test(test_geonames_class),
        cmocka_unit_test(test_genitive_features),
        cmocka_unit_test(test_compound_head),
        cmocka_unit_test(test_viterbi_well_formed),
        cmocka_unit_test(test_viterbi_reference),
        cmocka_unit_test(test_cache_same_scores),
        cmocka_unit_test(test_repair_romanised_names),
        cmocka_unit_test(test_repair_derived_words),
        cmocka_unit_test(test_repair_city_pairs),
        cmocka_unit_test(test_history_features),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
