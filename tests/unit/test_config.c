/*
 * Config: the table-driven parser's error paths, interpolation, environment
 * overrides, librdkafka validation of kafka.*, redaction, the reference.
 */
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "config/config.h"

static char path[64];

static void write_text(const char *json)
{
    FILE *f;
    snprintf(path, sizeof(path), "/tmp/ne-test-config-%d.json", (int)getpid());
    f = fopen(path, "w");
    fputs(json, f);
    fclose(f);
}

static ne_config_t *load_text(const char *json, char *err, size_t size)
{
    write_text(json);
    return ne_config_load(path, err, size);
}

static void expect_error(const char *json, const char *n1, const char *n2)
{
    char err[1024] = "";
    ne_config_t *c = load_text(json, err, sizeof(err));
    if (c)
        fail_msg("accepted: %s", json);
    if (!strstr(err, n1) || (n2 && !strstr(err, n2)))
        fail_msg("error for %s lacks '%s'/'%s': %s", json, n1, n2 ? n2 : "", err);
    /* every error names the file */
    assert_non_null(strstr(err, path));
    unlink(path);
}

static void test_defaults(void **state)
{
    ne_config_t *c = ne_config_new_default();
    (void)state;
    assert_string_equal(c->topics_input[0], "news.raw");
    assert_null(c->topics_input[1]);
    assert_string_equal(c->topic_dlq, "news.dlq");
    assert_int_equal(c->guarantee, NE_GUARANTEE_AT_LEAST_ONCE);
    assert_int_equal(c->max_message_bytes, 10485760);
    assert_int_equal(c->shutdown_timeout_ms, 30000);
    ne_config_destroy(c);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("{\"kafak\": {}}", "\"kafak\"", "\"kafka\"");
    expect_error("{\"processing\": {\"treads\": 1}}", "processing.treads",
                 "processing.threads");
    expect_error("{\"processing\": {\"threads\": 1.5}}", "processing.threads",
                 "integer");
    expect_error("{\"processing\": {\"threads\": -1}}", "processing.threads",
                 "range");
    expect_error("{\"processing\": {\"max_message_bytes\": 100}}",
                 "processing.max_message_bytes", "range");
    expect_error("{\"log\": {\"level\": \"loud\"}}", "log.level", "\"debug\"");
    expect_error("{\"topics\": {\"input\": {}}}", "topics.input", "array");
    expect_error("{\"topics\": {\"dlq\": \"\"}}", "topics.dlq", "empty");
    expect_error("{\"kafka\": {\"linger.ms\": \"soon\"}}", "kafka.linger.ms",
                 NULL);
    expect_error("{\"kafka\": {\"bogus.key\": \"1\"}}", "kafka.bogus.key", NULL);
    expect_error("{\"kafka\": {\"x\": {\"y\": 1}}}", "kafka.x", "object");
    expect_error("{\"kafka\": {\"transactional.id\": \"t\"}}",
                 "kafka.transactional.id", "processing.transactional_id");
    expect_error("{\"processing\": {\"max_message_bytes\": 2000000, "
                 "\"max_decompressed_bytes\": 1048576}}",
                 "max_decompressed_bytes", "at least");
    expect_error("{\"http\": {\"listen\": \"${NE_UNSET_X\"}}", "http.listen",
                 "unterminated");
    expect_error("[1]", "JSON object", NULL);
    expect_error("{\"topics\": {}, \"topics\": {}}", "duplicate", NULL);
}

static void test_interpolation_and_env(void **state)
{
    char err[1024] = "";
    ne_config_t *c;
    (void)state;
    setenv("NE_T_BROKER", "b:1", 1);
    setenv("NE_T_THREADS", "3", 1);
    setenv("NEWSENRICH_KAFKA_SASL_PASSWORD", "s3cret", 1);
    setenv("NEWSENRICH_TOPICS_DLQ", "dead", 1);
    c = load_text("{\"kafka\": {\"bootstrap.servers\": \"${NE_T_BROKER}\", "
                  "\"client.id\": \"$${literal}\", "
                  "\"group.id\": \"${NE_T_UNSET:-dflt}\"},"
                  " \"processing\": {\"threads\": \"${NE_T_THREADS}\"}}",
                  err, sizeof(err));
    if (!c)
        fail_msg("%s", err);
    assert_int_equal(c->threads, 3);
    assert_string_equal(c->topic_dlq, "dead");
    {
        ne_buf_t b;
        ne_buf_init(&b);
        ne_config_dump(c, &b);
        assert_non_null(strstr(b.data, "\"bootstrap.servers\": \"b:1\""));
        assert_non_null(strstr(b.data, "\"group.id\": \"dflt\""));
        assert_non_null(strstr(b.data, "\"client.id\": \"${literal}\""));
        assert_non_null(strstr(b.data, "\"sasl.password\": \"[redacted]\""));
        assert_null(strstr(b.data, "s3cret"));
        ne_buf_free(&b);
    }
    ne_config_destroy(c);
    unsetenv("NEWSENRICH_KAFKA_SASL_PASSWORD");
    unsetenv("NEWSENRICH_TOPICS_DLQ");
    unlink(path);
}

static void test_secret_keys(void **state)
{
    (void)state;
    assert_true(ne_config_kafka_key_secret("sasl.password"));
    assert_true(ne_config_kafka_key_secret("ssl.key.password"));
    assert_true(ne_config_kafka_key_secret("sasl.oauthbearer.client.secret"));
    assert_true(ne_config_kafka_key_secret("ssl.key.pem"));
    assert_false(ne_config_kafka_key_secret("sasl.username"));
    assert_false(ne_config_kafka_key_secret("bootstrap.servers"));
}

static void test_distance_and_reference(void **state)
{
    ne_buf_t b;
    (void)state;
    assert_int_equal(ne_config_distance("kafak", "kafka"), 2);
    assert_int_equal(ne_config_distance("threads", "threads"), 0);
    assert_int_equal(ne_config_distance("", "abc"), 3);
    ne_buf_init(&b);
    ne_config_reference(&b);
    assert_non_null(strstr(b.data, "| `processing.guarantee` |"));
    assert_non_null(strstr(b.data, "NEWSENRICH_PROCESSING_MAX_MESSAGE_BYTES"));
    ne_buf_free(&b);
}

/* check-config's loader: every problem, one line each, in file order, and
 * the config of a clean file. */
static void test_check_lists_every_problem(void **state)
{
    const char *json = "{\"kafak\": {}, \"processing\": {\"thread\": 2, "
                       "\"threads\": \"x\"}, \"topics\": {\"dlq\": \"\"}}";
    ne_buf_t b;
    ne_config_t *c;
    int cnt = -1;
    (void)state;

    write_text(json);
    ne_buf_init(&b);
    c = ne_config_check(path, &b, &cnt);
    assert_non_null(c);
    assert_int_equal(cnt, 4);
    ne_buf_putc(&b, '\0');
    if (!strstr(b.data, "\"kafak\"") ||
        !strstr(b.data, "processing.thread\"") ||
        !strstr(b.data, "expected an integer") ||
        !strstr(b.data, "topics.dlq: must not be empty"))
        fail_msg("problems: %s", b.data);
    /* one line each, each naming the file */
    {
        const char *l = b.data;
        int lines = 0;
        while (*l) {
            assert_true(!strncmp(l, path, strlen(path)));
            l = strchr(l, '\n') + 1;
            lines++;
        }
        assert_int_equal(lines, 4);
    }
    ne_config_destroy(c);
    ne_buf_free(&b);
    unlink(path);
}

/* A file that cannot be opened is named with the reason, not -1:-1. */
static void test_unreadable_file(void **state)
{
    char err[512] = "";
    (void)state;
    assert_null(
        ne_config_load("/nonexistent/ne-config.json", err, sizeof(err)));
    assert_non_null(strstr(err, "/nonexistent/ne-config.json: cannot open"));
    assert_null(strstr(err, "-1"));
}

/* processing.threads 0: the CPUs of our affinity mask, at most. */
static void test_cpus_available(void **state)
{
    cpu_set_t set;
    int n = ne_config_cpus_available();
    (void)state;
    assert_int_equal(sched_getaffinity(0, sizeof(set), &set), 0);
    assert_true(n >= 1 && n <= CPU_COUNT(&set));
    /* one CPU allowed: one thread, whatever the machine has */
    CPU_ZERO(&set);
    CPU_SET(sched_getcpu() >= 0 ? sched_getcpu() : 0, &set);
    if (sched_setaffinity(0, sizeof(set), &set) == 0) {
        ne_config_t *c;
        char err[256];
        assert_int_equal(ne_config_cpus_available(), 1);
        c = load_text("{\"processing\": {\"threads\": 0}}", err, sizeof(err));
        assert_non_null(c);
        assert_int_equal(c->threads, 1);
        ne_config_destroy(c);
        unlink(path);
    }
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char p[512];
    FILE *f;
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    assert_non_null(f = fopen(p, "w"));
    fputs(text, f);
    fclose(f);
}

/* The cgroup quota on a fake hierarchy: the tightest level wins, rounded
 * up; "max" is no limit; no v2 line, no quota. */
static void test_cgroup_quota(void **state)
{
    char root[64], dir[256], procf[300];
    (void)state;
    snprintf(root, sizeof(root), "/tmp/ne-test-cgroup-%d", (int)getpid());
    snprintf(dir, sizeof(dir), "%s/kubepods/pod1/ctr", root);
    snprintf(procf, sizeof(procf), "%s/cgroup", root);
    {
        char cmd[400];
        snprintf(cmd, sizeof(cmd), "mkdir -p %s", dir);
        assert_int_equal(system(cmd), 0);
    }
    write_file(root, "cgroup", "0::/kubepods/pod1/ctr\n");
    write_file(root, "cpu.max", "max 100000\n");
    write_file(dir, "cpu.max", "max 100000\n");
    assert_int_equal(ne_config_cgroup_cpus(procf, root), 0);
    /* 2.5 CPUs on the pod: 3 threads */
    snprintf(dir, sizeof(dir), "%s/kubepods/pod1", root);
    write_file(dir, "cpu.max", "250000 100000\n");
    assert_int_equal(ne_config_cgroup_cpus(procf, root), 3);
    /* a tighter container below it wins */
    snprintf(dir, sizeof(dir), "%s/kubepods/pod1/ctr", root);
    write_file(dir, "cpu.max", "100000 100000\n");
    assert_int_equal(ne_config_cgroup_cpus(procf, root), 1);
    /* cgroup v1 only: no quota known */
    write_file(root, "cgroup", "4:cpu,cpuacct:/x\n");
    assert_int_equal(ne_config_cgroup_cpus(procf, root), 0);
    /* the root cgroup itself ("0::/") */
    write_file(root, "cgroup", "0::/\n");
    write_file(root, "cpu.max", "200000 100000\n");
    assert_int_equal(ne_config_cgroup_cpus(procf, root), 2);
    {
        char cmd[400];
        snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
        assert_int_equal(system(cmd), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_interpolation_and_env),
        cmocka_unit_test(test_secret_keys),
        cmocka_unit_test(test_distance_and_reference),
        cmocka_unit_test(test_check_lists_every_problem),
        cmocka_unit_test(test_unreadable_file),
        cmocka_unit_test(test_cgroup_quota),
        cmocka_unit_test(test_cpus_available),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
