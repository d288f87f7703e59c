/*
 * Language identification: German and English on titles and articles,
 * other languages by script and common words, the given-language path,
 * garbage, and load errors that name the file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "processor/doc.h"
#include "processor/stages.h"
#include "doc_fixture.h"

static ne_langid_t *g_li;
static ne_doc_t g_doc;

static ne_doc_t *detect(const char *title, const char *body)
{
    ne_doc_reset(&g_doc);
    g_doc.text[NE_FIELD_TITLE] = title;
    g_doc.len[NE_FIELD_TITLE] = strlen(title);
    g_doc.text[NE_FIELD_BODY] = body;
    g_doc.len[NE_FIELD_BODY] = strlen(body);
    ne_text_analyse(&g_doc);
    ne_langid_detect(g_li, &g_doc);
    return &g_doc;
}

#define EXPECT_LANG(title, body, code, lang_, min_conf)                       \
    do {                                                                      \
        ne_doc_t *d_ = detect((title), (body));                               \
        assert_string_equal(d_->lang_code, (code));                           \
        assert_int_equal(d_->lang, (lang_));                                  \
        assert_true(d_->lang_conf >= (min_conf));                             \
        assert_true(d_->lang_conf <= 1.0f);                                   \
    } while (0)

static void test_german_english_short(void **state)
{
    (void)state;
    EXPECT_LANG("Kreml-Sprecher: Kim Jong Un reist mit dem Zug nach "
                "Russland", "", "de", NE_LANG_DE, 0.7f);
    EXPECT_LANG("Kim Jong Un travels to Russia by train, Kremlin says", "",
                "en", NE_LANG_EN, 0.7f);
    /* a title without function words: the trigram profiles decide */
    EXPECT_LANG("Bundesregierung beschlie\xC3\x9Ft Ma\xC3\x9Fnahmenpaket", "",
                "de", NE_LANG_DE, 0.5f);
    EXPECT_LANG("Government approves spending package", "", "en",
                NE_LANG_EN, 0.5f);
    /* title plus one sentence */
    EXPECT_LANG("Streik bei der Bahn",
                "Die Gewerkschaft hat f\xC3\xBCr Montag zu einem Warnstreik "
                "aufgerufen.", "de", NE_LANG_DE, 0.8f);
    EXPECT_LANG("Rail strike",
                "The union has called a strike for Monday, the company "
                "said.", "en", NE_LANG_EN, 0.8f);
}

static void test_german_english_long(void **state)
{
    char buf[8192];
    size_t o = 0;
    (void)state;
    while (o + 200 < sizeof(buf))
        o += (size_t)snprintf(buf + o, sizeof(buf) - o,
                              "Die Regierung in Berlin hat am Dienstag "
                              "mitgeteilt, dass die Preise weiter steigen "
                              "werden. ");
    EXPECT_LANG("", buf, "de", NE_LANG_DE, 0.95f);
    o = 0;
    while (o + 200 < sizeof(buf))
        o += (size_t)snprintf(buf + o, sizeof(buf) - o,
                              "The government in London said on Tuesday "
                              "that prices would keep rising this year. ");
    EXPECT_LANG("", buf, "en", NE_LANG_EN, 0.95f);
}

static void test_other_languages(void **state)
{
    (void)state;
    EXPECT_LANG("", "Le pr\xC3\xA9sident a annonc\xC3\xA9 une "
                "r\xC3\xA9" "forme des retraites pour les salari\xC3\xA9s.",
                "fr",
                NE_LANG_OTHER, 0.3f);
    EXPECT_LANG("", "La polic\xC3\xAD" "a detuvo a dos hombres en el centro "
                "de Madrid y los llev\xC3\xB3 a la comisar\xC3\xAD" "a.", "es",
                NE_LANG_OTHER, 0.3f);
    EXPECT_LANG("", "Policja zatrzyma\xC5\x82" "a dw\xC3\xB3" "ch "
                "podejrzanych w Warszawie, poniewa\xC5\xBC nie by\xC5\x82"
                "o innej drogi.", "pl", NE_LANG_OTHER, 0.3f);
    /* Cyrillic: Russian vs Ukrainian by letters and words */
    EXPECT_LANG("", "\xD0\x9F\xD0\xBE\xD0\xBB\xD0\xB8\xD1\x86\xD0\xB8\xD1\x8F "
                "\xD0\xB7\xD0\xB0\xD0\xB4\xD0\xB5\xD1\x80\xD0\xB6\xD0\xB0"
                "\xD0\xBB\xD0\xB0 \xD0\xB4\xD0\xB2\xD1\x83\xD1\x85 "
                "\xD1\x87\xD0\xB5\xD0\xBB\xD0\xBE\xD0\xB2\xD0\xB5\xD0\xBA"
                " \xD0\xB2 \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB5, "
                "\xD0\xB8 \xD1\x8D\xD1\x82\xD0\xBE \xD0\xB1\xD1\x8B\xD0\xBB"
                "\xD0\xBE \xD0\xB2\xD1\x87\xD0\xB5\xD1\x80\xD0\xB0.", "ru",
                NE_LANG_OTHER, 0.3f);
    EXPECT_LANG("", "\xD0\x9F\xD0\xBE\xD0\xBB\xD1\x96\xD1\x86\xD1\x96\xD1\x8F "
                "\xD0\xB7\xD0\xB0\xD1\x82\xD1\x80\xD0\xB8\xD0\xBC\xD0\xB0"
                "\xD0\xBB\xD0\xB0 \xD0\xB4\xD0\xB2\xD0\xBE\xD1\x85 "
                "\xD0\xBB\xD1\x8E\xD0\xB4\xD0\xB5\xD0\xB9 \xD1\x83 "
                "\xD0\x9A\xD0\xB8\xD1\x94\xD0\xB2\xD1\x96, \xD1\x96 "
                "\xD1\x86\xD0\xB5 \xD0\xB1\xD1\x83\xD0\xBB\xD0\xBE "
                "\xD0\xB2\xD1\x87\xD0\xBE\xD1\x80\xD0\xB0.", "uk",
                NE_LANG_OTHER, 0.3f);
    /* scripts of their own */
    EXPECT_LANG("", "\xCE\x97 \xCE\xBA\xCF\x85\xCE\xB2\xCE\xAD\xCF\x81\xCE\xBD"
                "\xCE\xB7\xCF\x83\xCE\xB7 \xCE\xB1\xCE\xBD\xCE\xB1\xCE\xBA"
                "\xCE\xBF\xCE\xAF\xCE\xBD\xCF\x89\xCF\x83\xCE\xB5 \xCE\xBD"
                "\xCE\xAD\xCE\xB1 \xCE\xBC\xCE\xAD\xCF\x84\xCF\x81\xCE\xB1.",
                "el", NE_LANG_OTHER, 0.5f);
    /* 政府宣布了新的抗通胀措施。 */
    EXPECT_LANG("", "\xE6\x94\xBF\xE5\xBA\x9C\xE5\xAE\xA3\xE5\xB8\x83\xE4\xBA"
                "\x86\xE6\x96\xB0\xE7\x9A\x84\xE6\x8A\x97\xE9\x80\x9A\xE8"
                "\x83\x80\xE6\x8E\xAA\xE6\x96\xBD\xE3\x80\x82", "zh",
                NE_LANG_OTHER, 0.3f);
    /* 警察は大阪で容疑者を逮捕した。 (kana among the Han) */
    EXPECT_LANG("", "\xE8\xAD\xA6\xE5\xAF\x9F\xE3\x81\xAF\xE5\xA4\xA7\xE9\x98"
                "\xAA\xE3\x81\xA7\xE5\xAE\xB9\xE7\x96\x91\xE8\x80\x85\xE3"
                "\x82\x92\xE9\x80\xAE\xE6\x8D\x95\xE3\x81\x97\xE3\x81\x9F"
                "\xE3\x80\x82", "ja", NE_LANG_OTHER, 0.3f);
    /* 경찰은 서울에서 용의자 두 명을 체포했다. */
    EXPECT_LANG("", "\xEA\xB2\xBD\xEC\xB0\xB0\xEC\x9D\x80 \xEC\x84\x9C\xEC\x9A"
                "\xB8\xEC\x97\x90\xEC\x84\x9C \xEC\x9A\xA9\xEC\x9D\x98\xEC"
                "\x9E\x90 \xEB\x91\x90 \xEB\xAA\x85\xEC\x9D\x84 \xEC\xB2\xB4"
                "\xED\x8F\xAC\xED\x96\x88\xEB\x8B\xA4.", "ko", NE_LANG_OTHER,
                0.3f);
    /* المشتبه: Arabic; Hebrew */
    EXPECT_LANG("", "\xD8\xA3\xD8\xB9\xD9\x84\xD9\x86\xD8\xAA "
                "\xD8\xA7\xD9\x84\xD8\xAD\xD9\x83\xD9\x88\xD9\x85\xD8\xA9 "
                "\xD8\xB9\xD9\x86 \xD8\xA5\xD8\xAC\xD8\xB1\xD8\xA7\xD8\xA1"
                "\xD8\xA7\xD8\xAA \xD8\xAC\xD8\xAF\xD9\x8A\xD8\xAF\xD8\xA9 "
                "\xD9\x81\xD9\x8A \xD8\xA7\xD9\x84\xD9\x82\xD8\xA7\xD9\x87"
                "\xD8\xB1\xD8\xA9.", "ar", NE_LANG_OTHER, 0.3f);
    EXPECT_LANG("", "\xD7\x94\xD7\x9E\xD7\xA9\xD7\x98\xD7\xA8\xD7\x94 "
                "\xD7\xA2\xD7\xA6\xD7\xA8\xD7\x94 \xD7\xA9\xD7\xA0\xD7\x99 "
                "\xD7\x97\xD7\xA9\xD7\x95\xD7\x93\xD7\x99\xD7\x9D \xD7\x91"
                "\xD7\xAA\xD7\x9C \xD7\x90\xD7\x91\xD7\x99\xD7\x91.", "he",
                NE_LANG_OTHER, 0.3f);
}

static void test_garbage_is_und(void **state)
{
    ne_doc_t *doc;
    (void)state;
    doc = detect("", "");
    assert_string_equal(doc->lang_code, "und");
    assert_int_equal(doc->lang, NE_LANG_UNKNOWN);
    assert_true(doc->lang_conf < 0.01f);
    doc = detect("", "12345 67890 !!! ??? 3,5 % 2:1");
    assert_string_equal(doc->lang_code, "und");
    assert_true(doc->lang_conf < 0.01f);
    doc = detect("", "\xF0\x9F\x98\x80\xF0\x9F\x98\x80 \xF0\x9F\x91\x8D ok");
    assert_string_equal(doc->lang_code, "und");
    assert_true(doc->lang_conf < 0.2f);
    doc = detect("", "xkq zzv bbbt qqq wpx");
    assert_string_equal(doc->lang_code, "und");
    assert_int_equal(doc->lang, NE_LANG_UNKNOWN);
    assert_true(doc->lang_conf < 0.2f);
}

static void test_given_language_wins(void **state)
{
    (void)state;
    ne_doc_reset(&g_doc);
    g_doc.text[NE_FIELD_BODY] = "The government said on Tuesday that it "
                                "would raise taxes.";
    g_doc.len[NE_FIELD_BODY] = strlen(g_doc.text[NE_FIELD_BODY]);
    g_doc.lang_given = 1;
    g_doc.lang = NE_LANG_DE;
    memcpy(g_doc.lang_code, "de", 3);
    g_doc.lang_conf = 1.0f;
    ne_text_analyse(&g_doc);
    ne_langid_detect(g_li, &g_doc);
    assert_string_equal(g_doc.lang_code, "de");
    assert_int_equal(g_doc.lang, NE_LANG_DE);
    assert_true(g_doc.lang_conf == 1.0f);
}

/* Write name in dir with content. */
static void put_file(const char *dir, const char *name, const char *content)
{
    char path[1024];
    FILE *f;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
}

static void copy_model(const char *dir, const char *name)
{
    char src[1024], buf[65536];
    FILE *in, *out;
    size_t n;
    snprintf(src, sizeof(src), "%s/%s", fx_models_dir(), name);
    in = fopen(src, "r");
    assert_non_null(in);
    snprintf(src, sizeof(src), "%s/%s", dir, name);
    out = fopen(src, "w");
    assert_non_null(out);
    while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
        fwrite(buf, 1, n, out);
    fclose(in);
    fclose(out);
}

static void test_load_errors(void **state)
{
    char dir[] = "/tmp/ne_langid_XXXXXX", err[512];
    ne_langid_t *li;
    (void)state;

    assert_non_null(mkdtemp(dir));
    /* missing words file */
    err[0] = '\0';
    assert_null(ne_langid_load(dir, err, sizeof(err)));
    assert_non_null(strstr(err, "langid-words.txt"));
    assert_non_null(strstr(err, "cannot open"));
    /* bad line in the words file */
    put_file(dir, "langid-words.txt", "# x\nde\tlatn\tw\tder die\nxx\tklingon"
                                      "\tw\tqa\n");
    assert_null(ne_langid_load(dir, err, sizeof(err)));
    assert_non_null(strstr(err, "line 3"));
    assert_non_null(strstr(err, "unknown script 'klingon'"));
    put_file(dir, "langid-words.txt", "de latn w der\n");
    assert_null(ne_langid_load(dir, err, sizeof(err)));
    assert_non_null(strstr(err, "line 1: expected"));
    /* good words, missing profile */
    copy_model(dir, "langid-words.txt");
    assert_null(ne_langid_load(dir, err, sizeof(err)));
    assert_non_null(strstr(err, "langid-de.txt"));
    /* corrupt profiles */
    put_file(dir, "langid-de.txt", "hello\n");
    assert_null(ne_langid_load(dir, err, sizeof(err)));
    assert_non_null(strstr(err, "is not a newsenrich langid profile"));
    put_file(dir, "langid-de.txt", "# newsenrich langid profile 1\n"
                                   "total\t100\nabc\t5\nab\t7\n");
    assert_null(ne_langid_load(dir, err, sizeof(err)));
    assert_non_null(strstr(err, "langid-de.txt line 4: not three "
                                "characters"));
    put_file(dir, "langid-de.txt", "# newsenrich langid profile 1\n"
                                   "total\t100\nabc\tmany\n");
    assert_null(ne_langid_load(dir, err, sizeof(err)));
    assert_non_null(strstr(err, "line 3: expected trigram<TAB>count"));
    put_file(dir, "langid-de.txt", "# newsenrich langid profile 1\n"
                                   "abc\t5\n");
    assert_null(ne_langid_load(dir, err, sizeof(err)));
    assert_non_null(strstr(err, "counts before the total line"));
    /* and a complete copy loads */
    copy_model(dir, "langid-de.txt");
    copy_model(dir, "langid-en.txt");
    li = ne_langid_load(dir, err, sizeof(err));
    assert_non_null(li);
    ne_langid_destroy(li);
    ne_langid_destroy(NULL);
    {
        char path[1024];
        const char *names[] = {"langid-words.txt", "langid-de.txt",
                               "langid-en.txt"};
        for (size_t k = 0; k < 3; k++) {
            snprintf(path, sizeof(path), "%s/%s", dir, names[k]);
            unlink(path);
        }
        rmdir(dir);
    }
}

static int setup(void **state)
{
    char err[512] = "";
    (void)state;
    ne_doc_init(&g_doc);
    g_li = ne_langid_load(fx_models_dir(), err, sizeof(err));
    if (!g_li)
        fprintf(stderr, "langid load: %s\n", err);
    return g_li ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ne_langid_destroy(g_li);
    ne_doc_free(&g_doc);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_german_english_short),
        cmocka_unit_test(test_german_english_long),
        cmocka_unit_test(test_other_languages),
        cmocka_unit_test(test_garbage_is_und),
        cmocka_unit_test(test_given_language_wins),
        cmocka_unit_test(test_load_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
