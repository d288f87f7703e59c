/*
 * Log lines stay one line and, in JSON, one valid object, whatever bytes
 * the message and values carry; the text format quotes what needs it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <jansson.h>
#include <string.h>

#include "common/log.h"

#define T "2026-01-02T03:04:05.678Z"

static void test_json_line(void **state)
{
    const ne_kv_t kv[] = {
        NE_KV_STR("topic", "news.raw"),
        NE_KV_INT("partition", 3),
        NE_KV_DBL("ratio", 0.25),
        NE_KV_STR("reason", "bad \xff byte, \"quote\"\nand newline"),
        NE_KV_STR("empty", NULL),
    };
    ne_buf_t b;
    json_t *root;
    json_error_t err;
    (void)state;

    ne_buf_init(&b);
    ne_log_format_line(&b, NE_LOG_FORMAT_JSON, T, NE_LOG_WARN, "consumer",
                       "commit_failed", "broker said \x01no", kv, 5);
    /* exactly one line */
    assert_int_equal(b.data[b.len - 1], '\n');
    assert_ptr_equal(strchr(b.data, '\n'), b.data + b.len - 1);
    root = json_loadb(b.data, b.len, 0, &err);
    if (!root)
        fail_msg("not JSON (%s): %s", err.text, b.data);
    assert_string_equal(json_string_value(json_object_get(root, "time")), T);
    assert_string_equal(json_string_value(json_object_get(root, "level")),
                        "warn");
    assert_string_equal(json_string_value(json_object_get(root, "component")),
                        "consumer");
    assert_string_equal(json_string_value(json_object_get(root, "event")),
                        "commit_failed");
    assert_string_equal(json_string_value(json_object_get(root, "msg")),
                        "broker said \x01no");
    assert_int_equal(json_integer_value(json_object_get(root, "partition")),
                     3);
    assert_true(json_real_value(json_object_get(root, "ratio")) == 0.25);
    /* the invalid byte became U+FFFD, the rest kept */
    assert_string_equal(json_string_value(json_object_get(root, "reason")),
                        "bad \xef\xbf\xbd byte, \"quote\"\nand newline");
    assert_string_equal(json_string_value(json_object_get(root, "empty")), "");
    json_decref(root);
    ne_buf_free(&b);
}

static void test_text_line(void **state)
{
    const ne_kv_t kv[] = {
        NE_KV_STR("topic", "news.raw"),
        NE_KV_INT("offset", -1),
        NE_KV_STR("reason", "two words=\"x\""),
        NE_KV_STR("raw", "a\tb\xff"),
        NE_KV_STR("utf8", "Köln"),
        NE_KV_STR("empty", ""),
    };
    ne_buf_t b;
    (void)state;

    ne_buf_init(&b);
    ne_log_format_line(&b, NE_LOG_FORMAT_TEXT, T, NE_LOG_INFO, "pipeline",
                       "started", "line one\nline two", kv, 6);
    assert_string_equal(b.data,
                        T " INFO  pipeline started: line one\\nline two"
                          " topic=news.raw offset=-1"
                          " reason=\"two words=\\\"x\\\"\""
                          " raw=\"a\\tb\\xff\" utf8=Köln empty=\"\"\n");
    ne_buf_reset(&b);
    ne_log_format_line(&b, NE_LOG_FORMAT_TEXT, T, NE_LOG_FATAL, NULL, NULL,
                       NULL, NULL, 0);
    assert_string_equal(b.data, T " FATAL - -\n");
    ne_buf_free(&b);
}

static void test_level_parse(void **state)
{
    (void)state;
    assert_int_equal(ne_log_level_parse("debug"), NE_LOG_DEBUG);
    assert_int_equal(ne_log_level_parse("warn"), NE_LOG_WARN);
    assert_int_equal(ne_log_level_parse("warning"), NE_LOG_WARN);
    assert_int_equal(ne_log_level_parse("fatal"), NE_LOG_FATAL);
    assert_int_equal(ne_log_level_parse("loud"), -1);
    assert_int_equal(ne_log_level_parse(NULL), -1);
    ne_log_setup(NE_LOG_WARN, NE_LOG_FORMAT_JSON);
    assert_false(ne_log_enabled(NE_LOG_INFO));
    assert_true(ne_log_enabled(NE_LOG_ERROR));
    ne_log_setup(NE_LOG_INFO, NE_LOG_FORMAT_JSON);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_line),
        cmocka_unit_test(test_text_line),
        cmocka_unit_test(test_level_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
