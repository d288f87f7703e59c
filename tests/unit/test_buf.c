/*
 * The byte buffer and the JSON writer: escaping of every byte value at
 * every position, integers at both ends of the range, separators.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/buf.h"

/* The escaping rules, one byte at a time. */
static void ref_escape(ne_buf_t *b, const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char tmp[8];
        switch (c) {
        case '"': ne_buf_puts(b, "\\\""); break;
        case '\\': ne_buf_puts(b, "\\\\"); break;
        case '\n': ne_buf_puts(b, "\\n"); break;
        case '\r': ne_buf_puts(b, "\\r"); break;
        case '\t': ne_buf_puts(b, "\\t"); break;
        case '\b': ne_buf_puts(b, "\\b"); break;
        case '\f': ne_buf_puts(b, "\\f"); break;
        default:
            if (c < 0x20) {
                snprintf(tmp, sizeof(tmp), "\\u%04x", c);
                ne_buf_puts(b, tmp);
            } else {
                ne_buf_putc(b, (char)c);
            }
        }
    }
}

static void test_escape_every_byte_everywhere(void **state)
{
    char s[40];
    ne_buf_t got, want;
    size_t len, at;
    int c;

    (void)state;
    ne_buf_init(&got);
    ne_buf_init(&want);
    for (len = 0; len < sizeof(s); len++) {
        for (at = 0; at <= len; at++) {
            for (c = 0; c < 256; c++) {
                /* clean text with one byte c at position at */
                memset(s, 'a', sizeof(s));
                if (at < len)
                    s[at] = (char)c;
                ne_buf_reset(&got);
                ne_buf_reset(&want);
                ne_json_escape(&got, s, len);
                ref_escape(&want, s, len);
                assert_int_equal(got.len, want.len);
                assert_memory_equal(got.data, want.data, got.len);
                if (at == len)
                    break;
            }
        }
    }
    /* non-ASCII bytes (UTF-8) pass through untouched */
    ne_buf_reset(&got);
    ne_json_escape(&got, "Gr\xc3\xbc\xc3\x9f\x65 \xe2\x80\x9eja\xe2\x80\x9c",
                   16);
    assert_string_equal(got.data,
                        "Gr\xc3\xbc\xc3\x9f\x65 \xe2\x80\x9eja\xe2\x80\x9c");
    ne_buf_free(&got);
    ne_buf_free(&want);
}

static void test_writer(void **state)
{
    ne_buf_t b;
    ne_jsonw_t w;

    (void)state;
    ne_buf_init(&b);
    ne_jsonw_init(&w, &b);
    ne_jsonw_obj_open(&w);
    ne_jsonw_key(&w, "n");
    ne_jsonw_arr_open(&w);
    ne_jsonw_int(&w, 0);
    ne_jsonw_int(&w, -7);
    ne_jsonw_int(&w, 1234567890123LL);
    ne_jsonw_int(&w, INT64_MIN);
    ne_jsonw_int(&w, INT64_MAX);
    ne_jsonw_arr_close(&w);
    ne_jsonw_key(&w, "d");
    ne_jsonw_double(&w, 0.310, 3);
    ne_jsonw_key(&w, "s");
    ne_jsonw_strn(&w, "a\"b\n", 4);
    ne_jsonw_key(&w, "z");
    ne_jsonw_null(&w);
    ne_jsonw_obj_close(&w);
    assert_string_equal(b.data,
                        "{\"n\":[0,-7,1234567890123,-9223372036854775808,"
                        "9223372036854775807],\"d\":0.31,\"s\":\"a\\\"b\\n\","
                        "\"z\":null}");
    ne_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_every_byte_everywhere),
        cmocka_unit_test(test_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
