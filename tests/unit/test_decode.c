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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
