/*
 * Input decoding: every bad-input class gives its error and a reason that
 * names the problem; good inputs decode to the right fields.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include "processor/decode.h"

typedef struct {
    ne_decoder_t dec;
    ne_article_t art;
    char reason[512];
} fx_t;

static int setup(void **state)
{
    fx_t *fx = calloc(1, sizeof(*fx));
    ne_decoder_init(&fx->dec);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fx_t *fx = *state;
    ne_decoder_free(&fx->dec);
    free(fx);
    return 0;
}

static ne_err_t dec(fx_t *fx, const void *p, size_t n, const char *ctype)
{
    ne_input_t in;
    memset(&in, 0, sizeof(in));
    in.payload = p;
    in.len = n;
    in.content_type = ctype;
    fx->reason[0] = '\0';
    return ne_decode(&fx->dec, &in, 4096, 16384, &fx->art, fx->reason,
                     sizeof(fx->reason));
}

#define DEC(fx, s) dec((fx), (s), strlen(s), NULL)

static size_t deflate_buf(const char *src, size_t n, unsigned char *out,
                          size_t cap, int gzip)
{
    z_stream zs;
    memset(&zs, 0, sizeof(zs));
    deflateInit2(&zs, 6, Z_DEFLATED, gzip ? 31 : 15, 8, Z_DEFAULT_STRATEGY);
    zs.next_in = (Bytef *)src;
    zs.avail_in = (uInt)n;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    deflate(&zs, Z_FINISH);
    deflateEnd(&zs);
    return cap - zs.avail_out;
}

static void test_json_article(void **state)
{
    fx_t *fx = *state;
    const char *s = "{\"id\":\"a1\",\"title\":\"T\",\"body\":\"Grüße aus Köln\","
                    "\"language\":\"de\",\"published_at\":\"2023-09-12\","
                    "\"url\":\"http://x\",\"source\":\"s\",\"extra\":[1]}";
    assert_int_equal(DEC(fx, s), NE_OK);
    assert_int_equal(fx->art.body.len, strlen("Grüße aus Köln"));
    assert_memory_equal(fx->art.body.p, "Grüße aus Köln", fx->art.body.len);
    assert_memory_equal(fx->art.id.p, "a1", 2);
    assert_memory_equal(fx->art.language.p, "de", 2);
    assert_memory_equal(fx->art.published_at.p, "2023-09-12", 10);
}

static void test_numeric_id(void **state)
{
    fx_t *fx = *state;
    assert_int_equal(DEC(fx, "{\"id\": 42, \"body\": \"x\"}"), NE_OK);
    assert_int_equal(fx->art.id.len, 2);
    assert_memory_equal(fx->art.id.p, "42", 2);
    assert_int_equal(DEC(fx, "{\"id\": [42], \"body\": \"x\"}"),
                     NE_ERR_WRONG_TYPE);
    assert_non_null(strstr(fx->reason, "\"id\""));
}

static void test_plain_text(void **state)
{
    fx_t *fx = *state;
    assert_int_equal(DEC(fx, "Nur Text, kein JSON."), NE_OK);
    assert_null(fx->art.id.p);
    assert_int_equal(fx->art.body.len, strlen("Nur Text, kein JSON."));
    /* a byte-order mark is not part of the body */
    assert_int_equal(DEC(fx, "\xEF\xBB\xBFText"), NE_OK);
    assert_int_equal(fx->art.body.len, 4);
    /* text that merely starts with a quote or bracket is text */
    assert_int_equal(DEC(fx, "\"Wir schaffen das\", sagte sie."), NE_OK);
    assert_int_equal(DEC(fx, "[Eilmeldung] Text"), NE_OK);
}

static void test_invalid_json(void **state)
{
    fx_t *fx = *state;
    assert_int_equal(DEC(fx, "{\"body\": \"x\""), NE_ERR_INVALID_JSON);
    assert_non_null(strstr(fx->reason, "byte"));
    /* declared JSON by the header: must parse */
    assert_int_equal(dec(fx, "hello", 5, "application/json"),
                     NE_ERR_INVALID_JSON);
    assert_int_equal(dec(fx, "[1,2]", 5, "application/json; charset=utf-8"),
                     NE_ERR_NOT_AN_OBJECT);
    assert_non_null(strstr(fx->reason, "array"));
    /* duplicate keys are ambiguous: rejected */
    assert_int_equal(DEC(fx, "{\"body\": \"a\", \"body\": \"b\"}"),
                     NE_ERR_INVALID_JSON);
    assert_non_null(strstr(fx->reason, "duplicate"));
}

static void test_deep_nesting(void **state)
{
    fx_t *fx = *state;
    size_t n = 5000, i;
    char *s = malloc(2 * n + 64);
    size_t o = 0;
    o += (size_t)sprintf(s, "{\"body\":\"x\",\"a\":");
    for (i = 0; i < n; i++)
        s[o++] = '[';
    for (i = 0; i < n; i++)
        s[o++] = ']';
    s[o++] = '}';
    assert_int_equal(dec(fx, s, o, NULL), NE_ERR_TOO_LARGE); /* > 4096 cap */
    /* within the size cap but deeper than the parser allows */
    o = (size_t)sprintf(s, "{\"body\":\"x\",\"a\":");
    for (i = 0; i < 2100; i++)
        s[o++] = '[';
    assert_int_equal(dec(fx, s, o, NULL), NE_ERR_INVALID_JSON);
    free(s);
}

static void test_body_errors(void **state)
{
    fx_t *fx = *state;
    assert_int_equal(DEC(fx, "{\"title\": \"t\"}"), NE_ERR_MISSING_BODY);
    assert_int_equal(DEC(fx, "{\"body\": null}"), NE_ERR_MISSING_BODY);
    assert_int_equal(DEC(fx, "{\"body\": 5}"), NE_ERR_WRONG_TYPE);
    assert_non_null(strstr(fx->reason, "\"body\""));
    assert_int_equal(DEC(fx, "{\"body\": \"x\", \"title\": {}}"),
                     NE_ERR_WRONG_TYPE);
    assert_non_null(strstr(fx->reason, "\"title\""));
    assert_int_equal(DEC(fx, "{\"body\": \" \\n\\t \"}"), NE_ERR_EMPTY_BODY);
    assert_int_equal(DEC(fx, "{\"body\": \"\"}"), NE_ERR_EMPTY_BODY);
    /* no-break and ideographic spaces are blank too */
    assert_int_equal(DEC(fx, "\xC2\xA0\xE3\x80\x80 "), NE_ERR_EMPTY_BODY);
    assert_int_equal(dec(fx, "", 0, NULL), NE_ERR_EMPTY_BODY);
    assert_int_equal(DEC(fx, "{\"body\": \"x\", \"language\": \"d\"}"),
                     NE_ERR_WRONG_TYPE);
}

static void test_utf8(void **state)
{
    fx_t *fx = *state;
    size_t bad;
    /* plain text with a stray byte: the reason gives its offset */
    assert_int_equal(DEC(fx, "abc\xff"), NE_ERR_INVALID_UTF8);
    assert_non_null(strstr(fx->reason, "byte 3"));
    /* invalid UTF-8 inside a JSON string */
    assert_int_equal(DEC(fx, "{\"body\": \"a\xc3\x28\"}"), NE_ERR_INVALID_UTF8);
    /* overlong, surrogate, out of range, truncated */
    assert_false(ne_utf8_valid("\xC0\xAF", 2, &bad));
    assert_int_equal(bad, 0);
    assert_false(ne_utf8_valid("ab\xE0\x80\xAF", 5, &bad));
    assert_int_equal(bad, 2);
    assert_false(ne_utf8_valid("\xED\xA0\x80", 3, NULL));
    assert_false(ne_utf8_valid("\xF4\x90\x80\x80", 4, NULL));
    assert_false(ne_utf8_valid("x\xE2\x82", 3, &bad));
    assert_int_equal(bad, 1);
    assert_true(ne_utf8_valid("\xF0\x9F\x98\x80 \xE2\x82\xAC \xC3\xA4", 11, NULL));
    /* NUL bytes are valid text */
    assert_int_equal(dec(fx, "a\0b", 3, NULL), NE_OK);
    assert_int_equal(fx->art.body.len, 3);
}

static void test_size_cap(void **state)
{
    fx_t *fx = *state;
    char *big = malloc(5000);
    memset(big, 'a', 5000);
    assert_int_equal(dec(fx, big, 5000, NULL), NE_ERR_TOO_LARGE);
    assert_non_null(strstr(fx->reason, "5000"));
    free(big);
}

static void test_compressed(void **state)
{
    fx_t *fx = *state;
    const char *js = "{\"id\":\"z\",\"body\":\"komprimiert\"}";
    unsigned char buf[4096];
    size_t n;

    n = deflate_buf(js, strlen(js), buf, sizeof(buf), 1);
    assert_int_equal(dec(fx, buf, n, NULL), NE_OK);
    assert_memory_equal(fx->art.body.p, "komprimiert", 11);
    n = deflate_buf(js, strlen(js), buf, sizeof(buf), 0);
    assert_int_equal(dec(fx, buf, n, NULL), NE_OK);
    assert_memory_equal(fx->art.id.p, "z", 1);
    /* truncated stream */
    n = deflate_buf(js, strlen(js), buf, sizeof(buf), 1);
    assert_int_equal(dec(fx, buf, n - 6, NULL), NE_ERR_BAD_COMPRESSION);
    assert_non_null(strstr(fx->reason, "truncated"));
    /* trailing garbage after a complete zlib stream */
    n = deflate_buf(js, strlen(js), buf, sizeof(buf), 0);
    memcpy(buf + n, "JUNK", 4);
    assert_int_equal(dec(fx, buf, n + 4, NULL), NE_ERR_BAD_COMPRESSION);
    assert_non_null(strstr(fx->reason, "trailing"));
    /* gzip magic, then nonsense */
    assert_int_equal(dec(fx, "\x1f\x8b\x08\x00garbage", 11, NULL),
                     NE_ERR_BAD_COMPRESSION);
    /* "x^" is printable: when it does not inflate it is text */
    assert_int_equal(DEC(fx, "x^2 + y^2 = z^2"), NE_OK);
}

static void test_gzip_bomb(void **state)
{
    fx_t *fx = *state;
    size_t big = 1 << 20, n;
    char *src = calloc(1, big + 32);
    unsigned char *buf = malloc(big);
    memcpy(src, "{\"body\":\"", 9);
    memset(src + 9, 'a', big - 11);
    memcpy(src + big - 2, "\"}", 2);
    n = deflate_buf(src, big, buf, big, 1); /* ~1 KB inflating to 1 MiB */
    assert_true(n < 4096);
    assert_int_equal(dec(fx, buf, n, NULL), NE_ERR_DECOMPRESSED_TOO_LARGE);
    assert_non_null(strstr(fx->reason, "16384"));
    free(src);
    free(buf);
}

/* Found by fuzz_decode: jansson's error text quotes the bad input, so the
 * reason carried raw bytes that are not UTF-8 into the error line. */
static void test_reason_is_utf8(void **state)
{
    fx_t *fx = *state;
    static const char s[] = "{\"body\": \"a\\u0000b \\ud83d\\\xc7\x8a\x1b";
    assert_int_equal(dec(fx, s, sizeof(s) - 1, NULL), NE_ERR_INVALID_JSON);
    assert_true(ne_utf8_valid(fx->reason, strlen(fx->reason), NULL));
    assert_non_null(strstr(fx->reason, "invalid JSON at byte"));
    /* jansson checks the encoding first: a stray byte anywhere is that */
    assert_int_equal(DEC(fx, "{\"body\": \"x\", \xff}"), NE_ERR_INVALID_UTF8);
}

/* A UTF-8 byte-order mark before JSON: still JSON (RFC 8259 allows a
 * parser to skip it), not a plain-text body full of braces. */
static void test_bom_json(void **state)
{
    fx_t *fx = *state;
    assert_int_equal(DEC(fx, "\xEF\xBB\xBF{\"id\": \"b\", \"body\": \"Text\"}"),
                     NE_OK);
    assert_int_equal(fx->art.body.len, 4);
    assert_memory_equal(fx->art.id.p, "b", 1);
    assert_int_equal(DEC(fx, "\xEF\xBB\xBF"), NE_ERR_EMPTY_BODY);
}

static void test_language_tags(void **state)
{
    fx_t *fx = *state;
    static const char *const good[] = {"de", "DE", "deu", "de-DE", "de_AT",
                                       "zh-Hant-TW", "en-US-x-twain"};
    static const char *const bad[] = {"d", "German", "!!", "de-", "-de",
                                      "de--DE", "de DE", "\xc3\xa4\xc3\xa4",
                                      "de-abcdefghi"};
    char js[128];
    size_t i;
    for (i = 0; i < NE_ARRAY_SIZE(good); i++) {
        snprintf(js, sizeof(js), "{\"body\": \"x\", \"language\": \"%s\"}",
                 good[i]);
        assert_int_equal(DEC(fx, js), NE_OK);
    }
    for (i = 0; i < NE_ARRAY_SIZE(bad); i++) {
        snprintf(js, sizeof(js), "{\"body\": \"x\", \"language\": \"%s\"}",
                 bad[i]);
        assert_int_equal(DEC(fx, js), NE_ERR_WRONG_TYPE);
        assert_non_null(strstr(fx->reason, "\"language\""));
    }
}

/* ---- the flat-object fast path decides exactly like jansson ------------ */

/* Decode s with the fast path and with jansson only; error, reason and
 * every field must agree. */
static void same_as_jansson(const char *s, size_t n)
{
    ne_decoder_t fast, slow;
    ne_article_t a, b;
    char ra[512] = "", rb[512] = "";
    ne_input_t in;
    ne_err_t ea, eb;
    size_t i;

    memset(&in, 0, sizeof(in));
    in.payload = s;
    in.len = n;
    in.content_type = "application/json";
    ne_decoder_init(&fast);
    ne_decoder_init(&slow);
    slow.json_only = 1;
    ea = ne_decode(&fast, &in, 1 << 20, 1 << 20, &a, ra, sizeof(ra));
    eb = ne_decode(&slow, &in, 1 << 20, 1 << 20, &b, rb, sizeof(rb));
    if (ea != eb || strcmp(ra, rb))
        fail_msg("%.*s: fast %d \"%s\", jansson %d \"%s\"", (int)n, s, ea,
                 ra, eb, rb);
    if (ea == NE_OK) {
        const ne_str_t *fa[] = {&a.id, &a.title, &a.body, &a.language,
                                &a.published_at, &a.url, &a.source};
        const ne_str_t *fb[] = {&b.id, &b.title, &b.body, &b.language,
                                &b.published_at, &b.url, &b.source};
        for (i = 0; i < 7; i++) {
            if (!fa[i]->p != !fb[i]->p || fa[i]->len != fb[i]->len ||
                (fa[i]->p && memcmp(fa[i]->p, fb[i]->p, fa[i]->len)))
                fail_msg("%.*s: field %zu differs", (int)n, s, i);
            /* strings stay C strings, as jansson's were */
            if (fa[i]->p)
                assert_int_equal(fa[i]->p[fa[i]->len], '\0');
        }
    }
    ne_decoder_free(&fast);
    ne_decoder_free(&slow);
}

#define SAME(s) same_as_jansson((s), sizeof(s) - 1)

static void test_flat_cases(void **state)
{
    (void)state;
    SAME("{\"id\":\"a\",\"title\":\"T\",\"body\":\"B\",\"language\":\"de\","
         "\"published_at\":\"2024\",\"url\":\"u\",\"source\":\"s\"}");
    SAME(" \r\n\t{ \"body\" : \"x\" , \"n\" : 1 } \n");
    /* escapes, \u with surrogate pairs, NUL, lone surrogates */
    SAME("{\"body\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\te\"}");
    SAME("{\"body\":\"\\u00e4\\u20AC\\ud83d\\ude00\\u0000z\"}");
    SAME("{\"body\":\"\\ud800\"}");
    SAME("{\"body\":\"\\udc00x\"}");
    SAME("{\"body\":\"\\ud800\\u0041\"}");
    SAME("{\"body\":\"\\u12\"}");
    SAME("{\"body\":\"\\x\"}");
    SAME("{\"body\":\"tab\there\"}");
    SAME("{\"body\":\"Gr\xc3\xbc\xc3\x9f\x65\"}");
    SAME("{\"body\":\"bad \xc3\x28\"}");
    SAME("{\"b\xff\":1,\"body\":\"x\"}");
    /* ids and other numbers */
    SAME("{\"id\":42,\"body\":\"x\"}");
    SAME("{\"id\":-0,\"body\":\"x\"}");
    SAME("{\"id\":-17,\"body\":\"x\"}");
    SAME("{\"id\":1.5,\"body\":\"x\"}");
    SAME("{\"id\":1e3,\"body\":\"x\"}");
    SAME("{\"id\":9223372036854775807,\"body\":\"x\"}");
    SAME("{\"id\":9223372036854775808,\"body\":\"x\"}");
    SAME("{\"id\":-9223372036854775809,\"body\":\"x\"}");
    SAME("{\"id\":null,\"body\":\"x\"}");
    SAME("{\"id\":012,\"body\":\"x\"}");
    SAME("{\"score\":0.25,\"big\":1e999,\"body\":\"x\"}");
    SAME("{\"tiny\":1e-999,\"body\":\"x\"}");
    SAME("{\"x\":1.,\"body\":\"x\"}");
    SAME("{\"x\":-,\"body\":\"x\"}");
    SAME("{\"x\":.5,\"body\":\"x\"}");
    SAME("{\"x\":1e+,\"body\":\"x\"}");
    /* literals, types, nesting */
    SAME("{\"a\":true,\"b\":false,\"c\":null,\"body\":\"x\"}");
    SAME("{\"a\":nul,\"body\":\"x\"}");
    SAME("{\"a\":nulls,\"body\":\"x\"}");
    SAME("{\"title\":null,\"body\":\"x\"}");
    SAME("{\"title\":true,\"body\":\"x\"}");
    SAME("{\"title\":5,\"body\":\"x\"}");
    SAME("{\"body\":null}");
    SAME("{\"body\":5}");
    SAME("{\"body\":\"x\",\"tags\":[\"a\"],\"meta\":{\"k\":1}}");
    /* duplicates, escaped keys, missing parts */
    SAME("{\"body\":\"a\",\"body\":\"b\"}");
    SAME("{\"id\":null,\"id\":\"a\",\"body\":\"x\"}");
    SAME("{\"k\":1,\"k\":2,\"body\":\"x\"}");
    SAME("{\"b\\u006fdy\":\"x\"}");
    SAME("{}");
    SAME("{\"title\":\"t\"}");
    SAME("{\"body\":\"x\"} x");
    SAME("{\"body\":\"x\"");
    SAME("{\"body\":\"x\",}");
    SAME("{\"body\" \"x\"}");
    SAME("{body:\"x\"}");
    SAME("{\"body\":\"x\"}\0");
    SAME("[1]");
    SAME("\"s\"");
    SAME("{\"body\":\" \"}");
}

/* Random edits of real-looking articles: the fast path and jansson agree
 * on every one (a fixed seed, so a failure repeats). */
static void test_flat_mutations(void **state)
{
    static const char *const seeds[] = {
        "{\"id\":\"de-1\",\"title\":\"Kreml \\\"dementiert\\\"\",\"body\":"
        "\"Moskau \\u2013 Der Kreml hat am Montag erkl\xc3\xa4rt, ...\\n\\n"
        "Weiter.\",\"language\":\"de\",\"published_at\":\"2016-03-01T08:00:"
        "00Z\",\"source\":\"derStandard\",\"url\":\"https://x/1\"}",
        "{\"id\": 77, \"body\": \"Apple said \\ud83d\\ude00 revenue rose\","
        " \"score\": -1.5e-3, \"ok\": true, \"none\": null}",
    };
    static const char pool[] = "\"\\u{}[],:0-9e.+ ntf\x01\xc3\xa4\xff/b";
    uint32_t rnd = 12345;
    char buf[512];
    size_t k, n;
    int round;

    (void)state;
    for (k = 0; k < NE_ARRAY_SIZE(seeds); k++) {
        for (round = 0; round < 3000; round++) {
            int edits = 1 + round % 3, e;
            n = strlen(seeds[k]);
            memcpy(buf, seeds[k], n);
            for (e = 0; e < edits && n > 2; e++) {
                size_t at;
                char c;
                rnd = rnd * 1103515245u + 12345u;
                at = (rnd >> 8) % n;
                c = pool[(rnd >> 20) % (sizeof(pool) - 1)];
                switch ((rnd >> 28) % 3) {
                case 0: buf[at] = c; break;
                case 1: /* insert */
                    if (n + 1 < sizeof(buf)) {
                        memmove(buf + at + 1, buf + at, n - at);
                        buf[at] = c;
                        n++;
                    }
                    break;
                default: /* delete */
                    memmove(buf + at, buf + at + 1, n - at - 1);
                    n--;
                    break;
                }
            }
            same_as_jansson(buf, n);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_json_article, setup, teardown),
        cmocka_unit_test_setup_teardown(test_numeric_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plain_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deep_nesting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_body_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(test_size_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compressed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gzip_bomb, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reason_is_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bom_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_language_tags, setup, teardown),
        cmocka_unit_test(test_flat_cases),
        cmocka_unit_test(test_flat_mutations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
