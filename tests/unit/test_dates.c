/*
 * Dates: exact spans and ISO values, absolute and relative to the
 * publication date, German and English.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include <jansson.h>

#include "processor/stages.h"
#include "doc_fixture.h"

typedef struct {
    const char *text;  /* span text */
    const char *value; /* "" when unresolved */
    int relative;
} want_t;

static ne_quantities_t *quantities;
static ne_dates_t *dates;

static int setup(void **state)
{
    (void)state;
    quantities = ne_quantities_new();
    dates = ne_dates_new(quantities);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ne_dates_destroy(dates);
    ne_quantities_destroy(quantities);
    return 0;
}

/* The dates of doc must be exactly want (n of them), in order. */
static void expect_dates(ne_doc_t *doc, const want_t *want, size_t n)
{
    size_t i;
    ne_dates_extract(dates, doc);
    for (i = 0; i < doc->dates.cnt && i < n; i++) {
        const ne_date_t *d = &doc->dates.v[i];
        long at = fx_find(doc, d->span.field, want[i].text, 0);
        /* the span is where the text first occurs at or after... */
        assert_string_equal(fx_span(doc, d->span), want[i].text);
        assert_true(at >= 0);
        assert_string_equal(d->value, want[i].value);
        assert_int_equal(d->relative, want[i].relative);
    }
    if (doc->dates.cnt != n) {
        for (i = 0; i < doc->dates.cnt; i++)
            fprintf(stderr, "date %zu: '%s' = '%s'\n", i,
                    fx_span(doc, doc->dates.v[i].span),
                    doc->dates.v[i].value);
    }
    assert_int_equal(doc->dates.cnt, n);
}

static const char *de_body =
    "Kim ist am Dienstag eingetroffen. Am 12. September 2023 reiste er ab, "
    "der Zug fuhr am 12.09.2023 und 2023-09-14. Seit 2019 war er nicht im "
    "Ausland, im Juli reiste Schoigu. Gestern sprach Putin, heute Morgen "
    "auch. Vergangene Woche kamen 120.000 Menschen. Am frühen "
    "Dienstagmorgen ging es los. Im Jahr 2019 war es so. Das kostet um 2000 "
    "Euro. Für den 31. Februar plante er nichts. Am 3. Oktober kam er, am "
    "kommenden Montag geht er, in der vergangenen Woche war er da. Er zahlte "
    "1999 Euro. Ende Juli und Anfang 2024 auch.";

static void test_german(void **state)
{
    static const want_t want[] = {
        {"am Dienstag", "2023-09-12", 1},
        {"Am 12. September 2023", "2023-09-12", 0},
        {"am 12.09.2023", "2023-09-12", 0},
        {"2023-09-14", "2023-09-14", 0},
        {"2019", "2019", 0},
        {"im Juli", "2023-07", 1},
        {"Gestern", "2023-09-12", 1},
        {"heute Morgen", "2023-09-13", 1},
        {"Vergangene Woche", "2023-W36", 1},
        {"Am frühen Dienstagmorgen", "2023-09-12", 1},
        {"Im Jahr 2019", "2019", 0},
        {"Am 3. Oktober", "2023-10-03", 1},
        {"am kommenden Montag", "2023-09-18", 1},
        {"in der vergangenen Woche", "2023-W36", 1},
        {"Ende Juli", "2023-07", 1},
        {"Anfang 2024", "2024", 0},
    };
    ne_doc_t doc;
    (void)state;
    ne_doc_init(&doc);
    /* Published on Wednesday, 13 September 2023. */
    fx_doc_set(&doc, NULL, de_body, NE_LANG_DE, 2023, 9, 13);
    expect_dates(&doc, want, NE_ARRAY_SIZE(want));
    /* Exact byte offsets of one multi-byte span. */
    assert_int_equal(doc.dates.v[9].span.start,
                     fx_find(&doc, NE_FIELD_BODY, "Am frühen", 0));
    assert_int_equal(doc.dates.v[9].span.end,
                     fx_find(&doc, NE_FIELD_BODY, " ging es", 0));
    ne_doc_free(&doc);
}

static void test_english(void **state)
{
    static const want_t want[] = {
        {"On Tuesday", "2023-09-12", 1},
        {"On September 12, 2023", "2023-09-12", 0},
        {"in July 2021", "2021-07", 0},
        {"on 12 September 2023", "2023-09-12", 0},
        {"Yesterday morning", "2023-09-12", 1},
        {"last week", "2023-W36", 1},
        {"next Tuesday", "2023-09-19", 1},
        {"in May", "2023-05", 1},
        {"in 2019", "2019", 0},
        {"Tuesday, Sept. 12, 2023", "2023-09-12", 0},
        {"Last month", "2023-08", 1},
        {"next year", "2024", 1},
        {"last Wednesday", "2023-09-06", 1},
        {"Wednesday", "2023-09-13", 1},
    };
    ne_doc_t doc;
    (void)state;
    ne_doc_init(&doc);
    fx_doc_set(&doc, NULL,
               "On Tuesday, the train arrived. On September 12, 2023 he "
               "left; in July 2021 and on 12 September 2023 too. Yesterday "
               "morning he spoke, last week he flew, next Tuesday he "
               "returns. He may come in May. The 300,000 homes in 2019 were "
               "empty. Tuesday, Sept. 12, 2023 was hot. Last month and next "
               "year matter. He came last Wednesday and left Wednesday.",
               NE_LANG_EN, 2023, 9, 13);
    expect_dates(&doc, want, NE_ARRAY_SIZE(want));
    ne_doc_free(&doc);
}

static void test_without_publication_date(void **state)
{
    static const want_t month_only[] = {
        {"am Dienstag", "", 0},
        {"im Juli", "2023-07", 1},
        {"12. September 2023", "2023-09-12", 0},
        {"gestern", "", 0},
        {"im Dezember", "2023-12", 1},
    };
    ne_doc_t doc;
    const char *body = "Er kam am Dienstag, im Juli und am 12. September "
                       "2023, gestern nicht, im Dezember auch nicht.";
    (void)state;
    ne_doc_init(&doc);
    /* Nothing to resolve against: relative dates keep their span. */
    fx_doc_set(&doc, NULL, body, NE_LANG_DE, 0, 0, 0);
    ne_dates_extract(dates, &doc);
    assert_int_equal(doc.dates.cnt, 5);
    assert_string_equal(fx_span(&doc, doc.dates.v[0].span), "am Dienstag");
    assert_string_equal(doc.dates.v[0].value, "");
    assert_string_equal(doc.dates.v[1].value, "");
    assert_string_equal(fx_span(&doc, doc.dates.v[2].span),
                        "am 12. September 2023");
    assert_string_equal(doc.dates.v[2].value, "2023-09-12");
    assert_string_equal(doc.dates.v[3].value, "");
    /* Published "2023-09" as in the seed article: months resolve, days
     * do not. */
    fx_doc_set(&doc, NULL, body, NE_LANG_DE, 2023, 9, 0);
    ne_dates_extract(dates, &doc);
    assert_int_equal(doc.dates.cnt, NE_ARRAY_SIZE(month_only));
    assert_string_equal(doc.dates.v[1].value, month_only[1].value);
    assert_string_equal(doc.dates.v[4].value, month_only[4].value);
    assert_string_equal(doc.dates.v[0].value, "");
    assert_string_equal(doc.dates.v[3].value, "");
    /* In January, December is the last one, not the next. */
    fx_doc_set(&doc, NULL, body, NE_LANG_DE, 2024, 1, 0);
    ne_dates_extract(dates, &doc);
    assert_string_equal(doc.dates.v[4].value, "2023-12");
    assert_string_equal(doc.dates.v[1].value, "2023-07");
    ne_doc_free(&doc);
}

static void test_not_dates(void **state)
{
    ne_doc_t doc;
    (void)state;
    ne_doc_init(&doc);
    fx_doc_set(&doc, NULL,
               "Er zahlte 1999 Euro, 120.000 Menschen und 2019 Tote. Morgen "
               "ist ein Wort. You may go. We march on. Der 31. Februar. "
               "Um 2000 Dollar.",
               NE_LANG_DE, 2023, 9, 13);
    ne_dates_extract(dates, &doc);
    assert_int_equal(doc.dates.cnt, 0);
    ne_doc_free(&doc);
}

static void test_seed_article(void **state)
{
    /* Published "2023-09": weekdays stay unresolved, July resolves. */
    static const want_t want[] = {
        {"am Dienstag", "", 0},
        {"2019", "2019", 0},
        {"am Dienstag", "", 0},
        {"Am frühen Dienstagmorgen", "", 0},
        {"am Sonntag", "", 0},
        {"Im Juli", "2023-07", 1},
    };
    json_t *art;
    ne_doc_t doc;
    (void)state;
    ne_doc_init(&doc);
    fx_doc_seed(&doc, &art);
    expect_dates(&doc, want, NE_ARRAY_SIZE(want));
    ne_doc_free(&doc);
    json_decref(art);
}

/* A weekday before a written date without a year, and a number after a
 * day and month that is no year: the year comes from the publication
 * date, never from a number that failed to parse as one. */
static void test_year_not_parsed(void **state)
{
    static const want_t want[] = {
        {"am Montag, 15. Juni", "2023-06-15", 1},
        {"am 15. Juni", "2023-06-15", 1},
        {"Am 2. Oktober", "2023-10-02", 1},
    };
    ne_doc_t doc;
    (void)state;
    ne_doc_init(&doc);
    fx_doc_set(&doc, NULL,
               "Das war am Montag, 15. Juni und am 15. Juni 19 Menschen. "
               "Am 2. Oktober 2150 Meter.",
               NE_LANG_DE, 2023, 9, 13);
    expect_dates(&doc, want, NE_ARRAY_SIZE(want));
    ne_doc_free(&doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_german),
        cmocka_unit_test(test_english),
        cmocka_unit_test(test_without_publication_date),
        cmocka_unit_test(test_not_dates),
        cmocka_unit_test(test_seed_article),
        cmocka_unit_test(test_year_not_parsed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
