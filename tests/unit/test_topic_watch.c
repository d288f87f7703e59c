/*
 * The topic watch on librdkafka's mock cluster: a configured topic that
 * does not exist is counted, named for /readyz and set to 1 in
 * newsenrich_topic_missing; once created, it turns 0 and the worker may
 * be ready. A topic in two roles is one series. The real-broker version
 * (with the daemon, /readyz and /metrics over HTTP) is
 * tests/integration/test_missing_topics.py.
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
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "common/ne.h"
#include "consumer/topic_watch.h"

/* The watch checks this often here, so the test waits little. */
#define TEST_INTERVAL_MS 100
#define TEST_DEADLINE_MS 20000

static ne_config_t *load(const char *json)
{
    char path[] = "/tmp/ne-test-topic-watch-XXXXXX", err[512];
    ne_config_t *conf;
    int fd = mkstemp(path);
    FILE *fp;
    assert_true(fd >= 0);
    fp = fdopen(fd, "w");
    fputs(json, fp);
    fclose(fp);
    conf = ne_config_load(path, err, sizeof(err));
    unlink(path);
    if (!conf)
        fail_msg("config: %s", err);
    return conf;
}

/* Wait until health->topics_missing == want after the first answer. */
static int wait_missing(ne_health_t *h, int want)
{
    int64_t end = ne_now_us() + (int64_t)TEST_DEADLINE_MS * 1000;
    while (ne_now_us() < end) {
        if (!atomic_load(&h->topics_unknown) &&
            atomic_load(&h->topics_missing) == want)
            return 1;
        usleep(10000);
    }
    return 0;
}

static char *render(ne_metrics_t *m)
{
    ne_buf_t b;
    ne_buf_init(&b);
    ne_metrics_render(m, &b);
    ne_buf_putc(&b, '\0');
    return ne_buf_detach(&b, NULL);
}

static void test_missing_then_created(void **state)
{
    char err[512], names[NE_HEALTH_MISSING_BYTES], *text;
    rd_kafka_conf_t *kc = rd_kafka_conf_new();
    rd_kafka_t *owner, *rk;
    rd_kafka_mock_cluster_t *mc;
    ne_metrics_t *m = ne_metrics_new();
    ne_config_t *conf;
    ne_topic_watch_t *tw;
    ne_health_t health;
    (void)state;

    memset(&health, 0, sizeof(health));
    pthread_mutex_init(&health.missing_lock, NULL);
    rd_kafka_conf_set(kc, "log_level", "3", NULL, 0);
    owner = rd_kafka_new(RD_KAFKA_PRODUCER, kc, err, sizeof(err));
    assert_non_null(owner);
    mc = rd_kafka_mock_cluster_new(owner, 1);
    assert_non_null(mc);
    assert_int_equal(rd_kafka_mock_topic_create(mc, "in", 2, 1), 0);
    assert_int_equal(rd_kafka_mock_topic_create(mc, "side", 1, 1), 0);
    assert_int_equal(rd_kafka_mock_topic_create(mc, "dlq", 1, 1), 0);
    kc = rd_kafka_conf_new();
    rd_kafka_conf_set(kc, "bootstrap.servers",
                      rd_kafka_mock_cluster_bootstraps(mc), NULL, 0);
    rd_kafka_conf_set(kc, "log_level", "3", NULL, 0);
    rk = rd_kafka_new(RD_KAFKA_PRODUCER, kc, err, sizeof(err));
    assert_non_null(rk);

    /* "side" holds entities and claims: one topic, checked once */
    conf = load("{\"topics\": {\"input\": [\"in\"], \"enriched\": \"out\", "
                "\"entities\": \"side\", \"claims\": \"side\", "
                "\"dlq\": \"dlq\"}}");
    tw = ne_topic_watch_new(rk, conf, m, &health, TEST_INTERVAL_MS, err,
                            sizeof(err));
    assert_non_null(tw);
    assert_true(atomic_load(&health.topics_unknown) ||
                atomic_load(&health.topics_missing) == 1);

    if (!wait_missing(&health, 1))
        fail_msg("the missing topic was not reported (missing %d, unknown %d)",
                 atomic_load(&health.topics_missing),
                 atomic_load(&health.topics_unknown));
    ne_health_missing_names(&health, names, sizeof(names));
    assert_string_equal(names, "out");
    assert_int_equal(names[strlen(names) + 1], '\0'); /* the list ends */
    text = render(m);
    assert_non_null(strstr(text, "\nnewsenrich_topic_missing{topic=\"out\"} 1\n"));
    assert_non_null(strstr(text, "\nnewsenrich_topic_missing{topic=\"in\"} 0\n"));
    assert_non_null(strstr(text, "\nnewsenrich_topic_missing{topic=\"dlq\"} 0\n"));
    /* one series for the topic in two roles */
    assert_non_null(strstr(text, "{topic=\"side\"} 0\n"));
    assert_null(strstr(strstr(text, "{topic=\"side\"}") + 1, "{topic=\"side\"}"));
    free(text);

    /* the watch itself never creates it (all-topics metadata) */
    {
        const struct rd_kafka_metadata *md;
        int i, found = 0;
        assert_int_equal(rd_kafka_metadata(rk, 1, NULL, &md, 5000), 0);
        for (i = 0; i < md->topic_cnt; i++)
            found |= !strcmp(md->topics[i].topic, "out");
        rd_kafka_metadata_destroy(md);
        assert_false(found);
    }

    assert_int_equal(rd_kafka_mock_topic_create(mc, "out", 1, 1), 0);
    if (!wait_missing(&health, 0))
        fail_msg("still missing after the topic was created");
    ne_health_missing_names(&health, names, sizeof(names));
    assert_string_equal(names, "");
    text = render(m);
    assert_non_null(strstr(text, "\nnewsenrich_topic_missing{topic=\"out\"} 0\n"));
    free(text);

    ne_topic_watch_destroy(tw);
    ne_config_destroy(conf);
    ne_metrics_destroy(m);
    pthread_mutex_destroy(&health.missing_lock);
    rd_kafka_destroy(rk);
    rd_kafka_mock_cluster_destroy(mc);
    rd_kafka_destroy(owner);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_then_created),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
