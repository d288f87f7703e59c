/*
 * The metrics registry renders exactly the Prometheus text format 0.0.4:
 * HELP/TYPE lines, escaped label values, cumulative histogram buckets
 * ending in +Inf, exact numbers; and the process collector reads /proc.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <math.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "metrics/metrics.h"
#include "metrics/process.h"

static char *render(ne_metrics_t *m)
{
    ne_buf_t b;
    ne_buf_init(&b);
    ne_metrics_render(m, &b);
    return ne_buf_detach(&b, NULL);
}

static const char *const topic_labels[] = {"topic", NULL};

static void test_counter_and_gauge(void **state)
{
    ne_metrics_t *m = ne_metrics_new();
    const char *a[] = {"news.raw"}, *b[] = {"news.other"};
    char *out;
    (void)state;

    ne_metrics_declare(m, "t_consumed_total", NE_METRIC_COUNTER,
                       "Messages consumed.", topic_labels, NULL, 0);
    ne_metrics_declare(m, "t_inflight", NE_METRIC_GAUGE, "In flight.", NULL,
                       NULL, 0);
    ne_metrics_add(m, "t_consumed_total", a, 3);
    ne_metrics_add(m, "t_consumed_total", b, 1);
    ne_metrics_add(m, "t_consumed_total", a, 2);
    ne_metrics_set(m, "t_inflight", NULL, 7);
    ne_metrics_set(m, "t_inflight", NULL, 4.5);
    out = render(m);
    assert_string_equal(out, "# HELP t_consumed_total Messages consumed.\n"
                             "# TYPE t_consumed_total counter\n"
                             "t_consumed_total{topic=\"news.raw\"} 5\n"
                             "t_consumed_total{topic=\"news.other\"} 1\n"
                             "# HELP t_inflight In flight.\n"
                             "# TYPE t_inflight gauge\n"
                             "t_inflight 4.5\n");
    free(out);
    ne_metrics_destroy(m);
}

static void test_label_and_help_escaping(void **state)
{
    static const char *const two[] = {"reason", "topic", NULL};
    ne_metrics_t *m = ne_metrics_new();
    const char *lv[] = {"say \"hi\"\\now\nnext", ""};
    char *out;
    (void)state;

    ne_metrics_declare(m, "t_failed_total", NE_METRIC_COUNTER,
                       "Back\\slash and\nnewline \"kept\".", two, NULL, 0);
    ne_metrics_add(m, "t_failed_total", lv, 1);
    out = render(m);
    /* HELP escapes \ and newline only; label values also escape " */
    assert_string_equal(
        out, "# HELP t_failed_total Back\\\\slash and\\nnewline \"kept\".\n"
             "# TYPE t_failed_total counter\n"
             "t_failed_total{reason=\"say \\\"hi\\\"\\\\now\\nnext\","
             "topic=\"\"} 1\n");
    free(out);
    ne_metrics_destroy(m);
}

static void test_histogram_buckets(void **state)
{
    static const double buckets[] = {0.00025, 0.1, 1, 2.5, 1000000};
    static const char *const stage[] = {"stage", NULL};
    ne_metrics_t *m = ne_metrics_new();
    const char *lv[] = {"ner"};
    ne_series_t *s;
    char *out;
    (void)state;

    ne_metrics_declare(m, "t_seconds", NE_METRIC_HISTOGRAM, "Latency.", stage,
                       buckets, 5);
    s = ne_metrics_get(m, "t_seconds", lv);
    ne_series_observe(s, 0.0001); /* first bucket */
    ne_series_observe(s, 0.1);    /* le is inclusive */
    ne_series_observe(s, 0.5);
    ne_series_observe(s, 3);
    ne_series_observe(s, 5e6); /* only +Inf */
    assert_int_equal(ne_series_count(s), 5);
    out = render(m);
    assert_string_equal(out,
                        "# HELP t_seconds Latency.\n"
                        "# TYPE t_seconds histogram\n"
                        "t_seconds_bucket{stage=\"ner\",le=\"0.00025\"} 1\n"
                        "t_seconds_bucket{stage=\"ner\",le=\"0.1\"} 2\n"
                        "t_seconds_bucket{stage=\"ner\",le=\"1\"} 3\n"
                        "t_seconds_bucket{stage=\"ner\",le=\"2.5\"} 3\n"
                        "t_seconds_bucket{stage=\"ner\",le=\"1000000\"} 4\n"
                        "t_seconds_bucket{stage=\"ner\",le=\"+Inf\"} 5\n"
                        "t_seconds_sum{stage=\"ner\"} 5000003.6001\n"
                        "t_seconds_count{stage=\"ner\"} 5\n");
    free(out);
    ne_metrics_destroy(m);
}

static void test_histogram_without_labels(void **state)
{
    static const double buckets[] = {1};
    ne_metrics_t *m = ne_metrics_new();
    char *out;
    (void)state;

    ne_metrics_declare(m, "t_h_seconds", NE_METRIC_HISTOGRAM, "H.", NULL,
                       buckets, 1);
    ne_metrics_get(m, "t_h_seconds", NULL); /* zero series are exported */
    out = render(m);
    assert_string_equal(out, "# HELP t_h_seconds H.\n"
                             "# TYPE t_h_seconds histogram\n"
                             "t_h_seconds_bucket{le=\"1\"} 0\n"
                             "t_h_seconds_bucket{le=\"+Inf\"} 0\n"
                             "t_h_seconds_sum 0\n"
                             "t_h_seconds_count 0\n");
    free(out);
    ne_metrics_destroy(m);
}

static void expect_number(double v, const char *text)
{
    ne_buf_t b;
    ne_buf_init(&b);
    ne_metrics_put_double(&b, v);
    assert_string_equal(b.data, text);
    ne_buf_free(&b);
}

static void test_number_format(void **state)
{
    (void)state;
    expect_number(0, "0");
    expect_number(42, "42");
    expect_number(-3, "-3");
    expect_number(0.1, "0.1");
    expect_number(1795845541.485, "1795845541.485");
    expect_number(1.0 / 3.0, "0.3333333333333333");
    expect_number(1e-5, "1e-05");
    expect_number(2.5e-5, "2.5e-05");
    expect_number(0.1 + 0.2, "0.30000000000000004"); /* needs 17 */
    expect_number(1e20, "1e+20");
    expect_number(INFINITY, "+Inf");
    expect_number(-INFINITY, "-Inf");
    expect_number(NAN, "NaN");
}

static void test_family_clear_and_redeclare(void **state)
{
    static const char *const lag_labels[] = {"topic", "partition", NULL};
    ne_metrics_t *m = ne_metrics_new();
    const char *p0[] = {"t", "0"}, *p1[] = {"t", "1"};
    char *out;
    (void)state;

    ne_metrics_declare(m, "t_lag", NE_METRIC_GAUGE, "Lag.", lag_labels, NULL,
                       0);
    ne_metrics_set(m, "t_lag", p0, 10);
    ne_metrics_set(m, "t_lag", p1, 20);
    ne_metrics_family_clear(m, "t_lag");
    /* a second module declaring the same family changes nothing */
    ne_metrics_declare(m, "t_lag", NE_METRIC_GAUGE, "Other help.", lag_labels,
                       NULL, 0);
    ne_metrics_set(m, "t_lag", p1, 0);
    out = render(m);
    assert_string_equal(out, "# HELP t_lag Lag.\n"
                             "# TYPE t_lag gauge\n"
                             "t_lag{topic=\"t\",partition=\"1\"} 0\n");
    free(out);
    ne_metrics_destroy(m);
}

static void hook_count(ne_metrics_t *m, void *opaque)
{
    int *calls = opaque;
    ne_metrics_set(m, "t_hooked", NULL, ++*calls);
}

static void test_render_hooks(void **state)
{
    ne_metrics_t *m = ne_metrics_new();
    int calls = 0;
    char *out;
    (void)state;

    ne_metrics_declare(m, "t_hooked", NE_METRIC_GAUGE, "Hook calls.", NULL,
                       NULL, 0);
    ne_metrics_add_render_hook(m, hook_count, &calls);
    free(render(m));
    out = render(m);
    assert_int_equal(calls, 2);
    assert_non_null(strstr(out, "\nt_hooked 2\n"));
    free(out);
    ne_metrics_remove_render_hook(m, hook_count, &calls);
    free(render(m));
    assert_int_equal(calls, 2);
    ne_metrics_destroy(m);
}

#define ADDERS 4
#define ADDS   100000

static void *adder(void *arg)
{
    ne_series_t *s = arg;
    int i;
    for (i = 0; i < ADDS; i++)
        ne_series_add(s, 1);
    return NULL;
}

static void test_concurrent_adds_are_exact(void **state)
{
    ne_metrics_t *m = ne_metrics_new();
    ne_series_t *s;
    pthread_t th[ADDERS];
    int i;
    (void)state;

    ne_metrics_declare(m, "t_total", NE_METRIC_COUNTER, "C.", NULL, NULL, 0);
    s = ne_metrics_get(m, "t_total", NULL);
    for (i = 0; i < ADDERS; i++)
        assert_int_equal(pthread_create(&th[i], NULL, adder, s), 0);
    for (i = 0; i < ADDERS; i++)
        pthread_join(th[i], NULL);
    assert_true(ne_series_value(s) == (double)(ADDERS * ADDS));
    ne_metrics_destroy(m);
}

static void test_process_parse_stat(void **state)
{
    /* a command name with spaces and a ')' must not shift the fields */
    const char *stat =
        "4242 (news) (x y) S 1 4242 4242 0 -1 4194560 900 0 0 0 "
        "250 50 0 0 20 0 9 0 1000 123456789 2500 18446744073709551615 "
        "1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
    ne_process_stats_t st;
    (void)state;

    assert_int_equal(ne_process_parse_stat(stat, 100, 4096, 1700000000.0, &st),
                     0);
    assert_true(st.cpu_seconds == 3.0);              /* (250 + 50) / 100 */
    assert_true(st.start_time_seconds == 1700000010.0); /* btime + 1000/100 */
    assert_true(st.virtual_bytes == 123456789.0);
    assert_true(st.resident_bytes == 2500.0 * 4096);
    assert_int_equal(
        ne_process_parse_stat("garbage", 100, 4096, 0, &st), -1);
    assert_int_equal(ne_process_parse_stat("1 (x) S 1 2", 100, 4096, 0, &st),
                     -1);
}

static void test_process_read_and_render(void **state)
{
    ne_process_stats_t st;
    ne_metrics_t *m = ne_metrics_new();
    double now = (double)time(NULL);
    char *out;
    (void)state;

    assert_int_equal(ne_process_read(&st), 0);
    assert_true(st.cpu_seconds >= 0);
    assert_true(st.resident_bytes > 0);
    assert_true(st.virtual_bytes >= st.resident_bytes);
    /* the test binary started a moment ago */
    assert_true(st.start_time_seconds <= now + 1);
    assert_true(st.start_time_seconds > now - 3600);
    assert_true(st.open_fds >= 3); /* stdin, stdout, stderr at least */

    ne_process_metrics_declare(m);
    ne_process_metrics_update(m);
    out = render(m);
    assert_non_null(strstr(out, "# TYPE process_cpu_seconds_total counter\n"));
    assert_non_null(strstr(out, "\nprocess_resident_memory_bytes "));
    assert_non_null(strstr(out, "\nprocess_virtual_memory_bytes "));
    assert_non_null(strstr(out, "\nprocess_start_time_seconds "));
    assert_non_null(strstr(out, "\nprocess_open_fds "));
    free(out);
    ne_metrics_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counter_and_gauge),
        cmocka_unit_test(test_label_and_help_escaping),
        cmocka_unit_test(test_histogram_buckets),
        cmocka_unit_test(test_histogram_without_labels),
        cmocka_unit_test(test_number_format),
        cmocka_unit_test(test_family_clear_and_redeclare),
        cmocka_unit_test(test_render_hooks),
        cmocka_unit_test(test_concurrent_adds_are_exact),
        cmocka_unit_test(test_process_parse_stat),
        cmocka_unit_test(test_process_read_and_render),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
