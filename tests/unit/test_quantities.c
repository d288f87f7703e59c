/*
 * Quantities: exact spans, normalised values and unit codes, German and
 * English; number parsing by language.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include <jansson.h>

#include "processor/processor.h"
#include "processor/quantities.h"
#include "processor/stages.h"
#include "doc_fixture.h"

typedef struct {
    const char *text;
    double value;
    const char *unit;
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

static void expect_quantities(ne_doc_t *doc, const want_t *want, size_t n)
{
    size_t i;
    ne_dates_extract(dates, doc); /* as the processor runs them */
    ne_quantities_extract(quantities, doc);
    if (doc->quantities.cnt != n)
        for (i = 0; i < doc->quantities.cnt; i++)
            fprintf(stderr, "quantity %zu: '%s' = %g %s\n", i,
                    fx_span(doc, doc->quantities.v[i].span),
                    doc->quantities.v[i].value, doc->quantities.v[i].unit);
    assert_int_equal(doc->quantities.cnt, n);
    for (i = 0; i < n; i++) {
        const ne_quantity_t *q = &doc->quantities.v[i];
        assert_string_equal(fx_span(doc, q->span), want[i].text);
        assert_int_equal(q->span.start,
                         fx_find(doc, q->span.field, want[i].text, 0));
        assert_float_equal(q->value, want[i].value, 1e-9 * want[i].value);
        assert_string_equal(q->unit, want[i].unit);
    }
}

static void test_german(void **state)
{
    static const want_t want[] = {
        {"rund 120 Kilometer", 120, "km"},
        {"rund tausend Kilometer", 1000, "km"},
        {"60 Stundenkilometern", 60, "km/h"},
        {"rund 20 Stunden", 20, "h"},
        {"80 Prozent", 80, "%"},
        {"2,5 Prozent", 2.5, "%"},
        {"3,5 Millionen Euro", 3.5e6, "EUR"},
        {"120.000 Menschen", 120000, ""},
        {"mehr als 300 Soldaten", 300, ""},
        {"100 km/h", 100, "km/h"},
        {"5 Länder", 5, ""},
        {"eine Million Dollar", 1e6, "USD"},
        {"1.234,5 Tonnen", 1234.5, "t"},
        {"80%", 80, "%"},
        {"4 Mrd. Euro", 4e9, "EUR"},
        {"2 Billionen Euro", 2e12, "EUR"},
        {"200 Kilometer pro Stunde", 200, "km/h"},
        {"3 Zügen", 3, ""},
        {"zwei Kilometer", 2, "km"},
    };
    ne_doc_t doc;
    (void)state;
    ne_doc_init(&doc);
    fx_doc_set(&doc, NULL,
               "Wladiwostok liegt rund 120 Kilometer entfernt, Wostotschny "
               "rund tausend Kilometer. Der Zug fährt 60 Stundenkilometern "
               "schnell und braucht rund 20 Stunden. 80 Prozent stimmten zu, "
               "2,5 Prozent nicht. Das kostet 3,5 Millionen Euro. 120.000 "
               "Menschen kamen, mehr als 300 Soldaten. Er fuhr 100 km/h. Am "
               "12. September 2023 kamen 5 Länder. Ein Kilometer, eine "
               "Million Dollar. Es waren 1.234,5 Tonnen und 80% sowie 4 Mrd. "
               "Euro. Die Billion: 2 Billionen Euro. Er fuhr 200 Kilometer "
               "pro Stunde, seit 2019 und im Jahr 2020 mit 3 Zügen? Nein: "
               "eine Frau, ein Mann, ein Tag, zwei Kilometer.",
               NE_LANG_DE, 2023, 9, 13);
    /* Not quantities: the years, "Ein Kilometer", "ein Tag". */
    expect_quantities(&doc, want, NE_ARRAY_SIZE(want));
    ne_doc_free(&doc);
}

static void test_english(void **state)
{
    static const want_t want[] = {
        {"120 miles per hour", 120, "mph"},
        {"300,000 homes", 300000, ""},
        {"$4.2 billion", 4.2e9, "USD"},
        {"about 3.5 million euros", 3.5e6, "EUR"},
        {"2.5 per cent", 2.5, "%"},
        {"Some 40 people", 40, ""},
        {"3 percentage points", 3, "pp"},
        {"25 degrees Celsius", 25, "°C"},
        {"3 games", 3, ""},
        {"up to 2 million barrels", 2e6, "bbl"},
    };
    ne_doc_t doc;
    (void)state;
    ne_doc_init(&doc);
    fx_doc_set(&doc, NULL,
               "Storm winds reached 120 miles per hour and cut power to "
               "300,000 homes. The deal is worth $4.2 billion, about 3.5 "
               "million euros, or 2.5 per cent of output. Some 40 people "
               "died and 1,000 were hurt. It fell 3 percentage points. It "
               "is 25 degrees Celsius. He won 3 games and up to 2 million "
               "barrels a day in 2019.",
               NE_LANG_EN, 2023, 9, 13);
    expect_quantities(&doc, want, NE_ARRAY_SIZE(want));
    ne_doc_free(&doc);
}

static void test_parse_number(void **state)
{
    double v;
    (void)state;
    assert_int_equal(ne_quantities_parse_number("120.000", 7, NE_LANG_DE, &v),
                     1);
    assert_float_equal(v, 120000, 0);
    assert_int_equal(ne_quantities_parse_number("2,5", 3, NE_LANG_DE, &v), 1);
    assert_float_equal(v, 2.5, 0);
    assert_int_equal(ne_quantities_parse_number("2,500", 5, NE_LANG_DE, &v),
                     1);
    assert_float_equal(v, 2.5, 0);
    assert_int_equal(ne_quantities_parse_number("2,500", 5, NE_LANG_EN, &v),
                     1);
    assert_float_equal(v, 2500, 0);
    assert_int_equal(ne_quantities_parse_number("2,500", 5, NE_LANG_UNKNOWN,
                                                &v), 1);
    assert_float_equal(v, 2500, 0);
    assert_int_equal(ne_quantities_parse_number("1.234.567,89", 12,
                                                NE_LANG_DE, &v), 1);
    assert_float_equal(v, 1234567.89, 1e-6);
    assert_int_equal(ne_quantities_parse_number("1,234,567.89", 12,
                                                NE_LANG_EN, &v), 1);
    assert_float_equal(v, 1234567.89, 1e-6);
    assert_int_equal(ne_quantities_parse_number("4.2", 3, NE_LANG_DE, &v), 1);
    assert_float_equal(v, 4.2, 0);
    assert_int_equal(ne_quantities_parse_number("12345.678", 9, NE_LANG_DE,
                                                &v), 1);
    assert_float_equal(v, 12345.678, 1e-9);
    assert_int_equal(ne_quantities_parse_number("1.2.3,4,5", 9, NE_LANG_DE,
                                                &v), 0);
    assert_int_equal(ne_quantities_parse_number("2:1", 3, NE_LANG_DE, &v), 0);
    assert_int_equal(ne_quantities_parse_number("1.2.3", 5, NE_LANG_DE, &v), 0);
    assert_int_equal(ne_quantities_parse_number("1.000.000", 9, NE_LANG_EN,
                                                &v), 1);
    assert_float_equal(v, 1e6, 0);
    assert_int_equal(ne_quantities_parse_number("12.", 3, NE_LANG_DE, &v), 0);
    /* 15 digits are a number, 16 an id */
    assert_int_equal(ne_quantities_parse_number("123.456.789.012.345", 19,
                                                NE_LANG_DE, &v), 1);
    assert_float_equal(v, 123456789012345.0, 0);
    assert_int_equal(ne_quantities_parse_number("1234567890123456", 16,
                                                NE_LANG_DE, &v), 0);
}

static void test_seed_article(void **state)
{
    static const want_t want[] = {
        {"rund 120 Kilometer", 120, "km"},
        {"rund tausend Kilometer", 1000, "km"},
        {"60 Stundenkilometern", 60, "km/h"},
        {"rund 20 Stunden", 20, "h"},
    };
    json_t *art;
    ne_doc_t doc;
    (void)state;
    ne_doc_init(&doc);
    fx_doc_seed(&doc, &art);
    expect_quantities(&doc, want, NE_ARRAY_SIZE(want));
    ne_doc_free(&doc);
    json_decref(art);
}

/* Through the whole processor: the record carries every quantity as a
 * JSON number, huge ones too (exponent form). */
static void test_record(void **state)
{
    static const char art[] =
        "{\"body\": \"Es geht um 999.999.999.999.999 Billionen Euro und "
        "2,5 Prozent.\", \"language\": \"de\"}";
    ne_processor_conf_t conf;
    ne_processor_t *proc;
    ne_result_t *res = ne_result_new();
    ne_input_t in;
    const ne_outputs_t *out;
    json_t *rec, *q;
    char err[512];
    (void)state;
    ne_processor_conf_init(&conf);
    proc = ne_processor_new(&conf, err, sizeof(err));
    assert_non_null(proc);
    memset(&in, 0, sizeof(in));
    in.payload = art;
    in.len = strlen(art);
    in.timestamp_ms = -1;
    assert_int_equal(ne_processor_run(proc, &in, res), NE_OK);
    out = ne_result_outputs(res);
    assert_true(out->cnt >= 1);
    rec = json_loadb(out->data + out->recs[0].value_off,
                     out->recs[0].value_len, 0, NULL);
    assert_non_null(rec);
    q = json_object_get(rec, "quantities");
    assert_int_equal(json_array_size(q), 2);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(q, 0), "unit")),
        "EUR");
    assert_float_equal(
        json_number_value(json_object_get(json_array_get(q, 0), "value")),
        999999999999999e12, 1e13);
    assert_float_equal(
        json_number_value(json_object_get(json_array_get(q, 1), "value")),
        2.5, 0);
    json_decref(rec);
    ne_result_destroy(res);
    ne_processor_destroy(proc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_german),
        cmocka_unit_test(test_english),
        cmocka_unit_test(test_parse_number),
        cmocka_unit_test(test_seed_article),
        cmocka_unit_test(test_record),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
