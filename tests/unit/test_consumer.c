/*
 * The consumer on librdkafka's mock cluster: pause state across a
 * rebalance.
 *
 * librdkafka keeps the application's pause flag on a partition across
 * unassign and assign (it resets only its own flag). A partition paused
 * for backpressure, then revoked (or lost), then given back after the
 * backpressure ended would stay paused for good: the worker holds it,
 * reports no pause, and never reads it again. Found by the soak run
 * (bench/soak.py): after a broker restart one partition kept its lag.
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
#include "consumer/consumer.h"

/* Kafka protocol ApiKey of Heartbeat (rdkafka_protocol.h is private) */
#define API_HEARTBEAT 12

typedef struct {
    int revokes;
} seen_t;

static void on_revoke(void *opaque, int lost)
{
    (void)lost;
    ((seen_t *)opaque)->revokes++;
}

/* Poll until a message arrives or timeout_ms pass; 1 when one did. */
static int poll_message(ne_consumer_t *c, int timeout_ms)
{
    int64_t end = ne_now_us() + (int64_t)timeout_ms * 1000;
    while (ne_now_us() < end) {
        rd_kafka_message_t *m = ne_consumer_poll(c, 100);
        if (m && !m->err) {
            rd_kafka_message_destroy(m);
            return 1;
        }
        if (m)
            rd_kafka_message_destroy(m);
    }
    return 0;
}

static void test_pause_across_rebalance(void **state)
{
    char err[512], path[] = "/tmp/ne-test-consumer-XXXXXX";
    rd_kafka_conf_t *pc = rd_kafka_conf_new();
    rd_kafka_t *prod;
    rd_kafka_mock_cluster_t *mc;
    ne_config_t *conf;
    ne_metrics_t *metrics = ne_metrics_new();
    ne_health_t health;
    seen_t seen = {0};
    ne_consumer_cbs_t cbs = {on_revoke, &seen};
    ne_consumer_t *c;
    const char *bootstrap;
    int fd, i, revokes;
    FILE *fp;

    (void)state;
    memset(&health, 0, sizeof(health));
    rd_kafka_conf_set(pc, "log_level", "3", NULL, 0);
    prod = rd_kafka_new(RD_KAFKA_PRODUCER, pc, err, sizeof(err));
    assert_non_null(prod);
    mc = rd_kafka_mock_cluster_new(prod, 1);
    assert_non_null(mc);
    bootstrap = rd_kafka_mock_cluster_bootstraps(mc);
    assert_int_equal(rd_kafka_mock_topic_create(mc, "t", 1, 1), 0);
    {
        /* a producer of its own, pointed at the mock cluster */
        rd_kafka_conf_t *c2 = rd_kafka_conf_new();
        rd_kafka_t *p2;
        rd_kafka_conf_set(c2, "bootstrap.servers", bootstrap, NULL, 0);
        p2 = rd_kafka_new(RD_KAFKA_PRODUCER, c2, err, sizeof(err));
        for (i = 0; i < 20; i++)
            assert_int_equal(rd_kafka_producev(p2, RD_KAFKA_V_TOPIC("t"),
                                               RD_KAFKA_V_VALUE("x", 1),
                                               RD_KAFKA_V_END),
                             0);
        assert_int_equal(rd_kafka_flush(p2, 10000), 0);
        rd_kafka_destroy(p2);
    }

    fd = mkstemp(path);
    assert_true(fd >= 0);
    fp = fdopen(fd, "w");
    fputs("{\"kafka\": {\"group.id\": \"g-pause\", \"session.timeout.ms\": "
          "\"6000\", \"heartbeat.interval.ms\": \"100\", "
          "\"statistics.interval.ms\": \"0\", \"log_level\": \"3\"}, "
          "\"topics\": {\"input\": [\"t\"]}}",
          fp);
    fclose(fp);
    conf = ne_config_load(path, err, sizeof(err));
    unlink(path);
    assert_non_null(conf);
    c = ne_consumer_new(conf, bootstrap, metrics, &health, &cbs, err,
                        sizeof(err));
    assert_non_null(c);
    assert_int_equal(ne_consumer_subscribe(c, err, sizeof(err)), 0);
    assert_true(poll_message(c, 20000));

    /* backpressure, then a rebalance takes the partition away */
    ne_consumer_pause(c, 1);
    revokes = seen.revokes;
    rd_kafka_mock_push_request_errors(mc, API_HEARTBEAT, 1,
                                      RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS);
    for (i = 0; i < 2000 && seen.revokes == revokes; i++) {
        rd_kafka_message_t *m = ne_consumer_poll(c, 0);
        if (m)
            rd_kafka_message_destroy(m);
        usleep(5000);
    }
    assert_true(seen.revokes > revokes);
    /* the backpressure ends while nothing is assigned ... */
    ne_consumer_pause(c, 0);
    /* ... and the partition comes back: it must be read again */
    assert_true(poll_message(c, 20000));

    ne_consumer_destroy(c);
    ne_config_destroy(conf);
    ne_metrics_destroy(metrics);
    rd_kafka_mock_cluster_destroy(mc);
    rd_kafka_destroy(prod);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pause_across_rebalance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
