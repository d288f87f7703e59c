/*
 * The producer's own seam, on librdkafka's mock cluster: it borrows a
 * consumed message and the processor's outputs, publishes the records (or
 * the DLQ record), leaves the input as it was, and calls back exactly once
 * per input with the caller's opaque: delivered when every record is
 * acknowledged, not delivered when they are purged at destroy.
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
#include "producer/producer.h"

#define WAIT_MS 20000

typedef struct {
    int calls;
    void *last_opaque;
    int last_delivered;
} seen_t;

static void on_delivered(void *opaque, void *input_opaque, int delivered)
{
    seen_t *seen = opaque;
    seen->calls++;
    seen->last_opaque = input_opaque;
    seen->last_delivered = delivered;
}

typedef struct {
    rd_kafka_t *owner; /* owns the mock cluster */
    rd_kafka_mock_cluster_t *mc;
    const char *bootstrap;
    ne_config_t *conf;
    ne_metrics_t *metrics;
    seen_t seen;
    ne_producer_t *p;
    rd_kafka_t *in_consumer;     /* the consumed input comes from here */
    rd_kafka_message_t *in_msg;
} fixture_t;

/* A consumer reading partition 0 of topic from its beginning. */
static rd_kafka_t *reader(const char *bootstrap, const char *topic)
{
    rd_kafka_conf_t *kc = rd_kafka_conf_new();
    rd_kafka_topic_partition_list_t *l;
    rd_kafka_t *rk;
    char err[512];

    rd_kafka_conf_set(kc, "bootstrap.servers", bootstrap, NULL, 0);
    rd_kafka_conf_set(kc, "group.id", "test-producer-reader", NULL, 0);
    rd_kafka_conf_set(kc, "enable.auto.commit", "false", NULL, 0);
    /* quiet: the outage test takes its broker away under it */
    rd_kafka_conf_set(kc, "log_level", "2", NULL, 0);
    rk = rd_kafka_new(RD_KAFKA_CONSUMER, kc, err, sizeof(err));
    assert_non_null(rk);
    rd_kafka_poll_set_consumer(rk);
    l = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(l, topic, 0)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
    assert_int_equal(rd_kafka_assign(rk, l), 0);
    rd_kafka_topic_partition_list_destroy(l);
    return rk;
}

/* The next message of rk (caller destroys it), failing after WAIT_MS. */
static rd_kafka_message_t *next_message(rd_kafka_t *rk)
{
    int64_t end = ne_now_us() + (int64_t)WAIT_MS * 1000;
    while (ne_now_us() < end) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
        if (m && !m->err)
            return m;
        if (m)
            rd_kafka_message_destroy(m);
    }
    fail_msg("no message within %d ms", WAIT_MS);
    return NULL;
}

/* The last value of header name in m, as a string in buf ("" if none). */
static const char *header(const rd_kafka_message_t *m, const char *name,
                          char *buf, size_t size)
{
    rd_kafka_headers_t *h = NULL;
    const void *v;
    size_t len;

    buf[0] = '\0';
    if (rd_kafka_message_headers(m, &h) || !h ||
        rd_kafka_header_get_last(h, name, &v, &len) || !v)
        return buf;
    len = NE_MIN(len, size - 1);
    memcpy(buf, v, len);
    buf[len] = '\0';
    return buf;
}

static void fixture_start(fixture_t *fx)
{
    static const char *const topics[] = {"in", "enriched", "entities",
                                         "claims", "dlq"};
    char err[512], path[] = "/tmp/ne-test-producer-XXXXXX";
    rd_kafka_conf_t *kc = rd_kafka_conf_new();
    rd_kafka_headers_t *h = rd_kafka_headers_new(1);
    size_t i;
    int fd;
    FILE *fp;

    memset(fx, 0, sizeof(*fx));
    rd_kafka_conf_set(kc, "log_level", "3", NULL, 0);
    fx->owner = rd_kafka_new(RD_KAFKA_PRODUCER, kc, err, sizeof(err));
    assert_non_null(fx->owner);
    fx->mc = rd_kafka_mock_cluster_new(fx->owner, 1);
    assert_non_null(fx->mc);
    fx->bootstrap = rd_kafka_mock_cluster_bootstraps(fx->mc);
    for (i = 0; i < NE_ARRAY_SIZE(topics); i++)
        assert_int_equal(rd_kafka_mock_topic_create(fx->mc, topics[i], 1, 1),
                         0);

    /* one input article, with a trace context to carry over */
    kc = rd_kafka_conf_new();
    rd_kafka_conf_set(kc, "bootstrap.servers", fx->bootstrap, NULL, 0);
    rd_kafka_conf_set(kc, "log_level", "3", NULL, 0);
    {
        rd_kafka_t *prod = rd_kafka_new(RD_KAFKA_PRODUCER, kc, err,
                                        sizeof(err));
        assert_non_null(prod);
        rd_kafka_header_add(h, "traceparent", -1, "00-trace-01", -1);
        assert_int_equal(
            rd_kafka_producev(prod, RD_KAFKA_V_TOPIC("in"),
                              RD_KAFKA_V_KEY("k-in", 4),
                              RD_KAFKA_V_VALUE("{\"body\": 1}", 11),
                              RD_KAFKA_V_HEADERS(h), RD_KAFKA_V_END),
            0);
        assert_int_equal(rd_kafka_flush(prod, WAIT_MS), 0);
        rd_kafka_destroy(prod);
    }
    fx->in_consumer = reader(fx->bootstrap, "in");
    fx->in_msg = next_message(fx->in_consumer);

    fd = mkstemp(path);
    assert_true(fd >= 0);
    fp = fdopen(fd, "w");
    fprintf(fp, "{\"kafka\": {\"log_level\": \"3\"}, \"topics\": {"
                "\"input\": [\"in\"], \"enriched\": \"enriched\", "
                "\"entities\": \"entities\", \"claims\": \"claims\", "
                "\"dlq\": \"dlq\"}}");
    fclose(fp);
    fx->conf = ne_config_load(path, err, sizeof(err));
    unlink(path);
    if (!fx->conf)
        fail_msg("%s", err);
    fx->metrics = ne_metrics_new();
    fx->p = ne_producer_new(fx->conf, fx->bootstrap, fx->metrics,
                            on_delivered, &fx->seen, err, sizeof(err));
    if (!fx->p)
        fail_msg("%s", err);
}

static void fixture_stop(fixture_t *fx)
{
    ne_producer_destroy(fx->p);
    rd_kafka_message_destroy(fx->in_msg);
    rd_kafka_consumer_close(fx->in_consumer);
    rd_kafka_destroy(fx->in_consumer);
    ne_config_destroy(fx->conf);
    ne_metrics_destroy(fx->metrics);
    rd_kafka_mock_cluster_destroy(fx->mc);
    rd_kafka_destroy(fx->owner);
}

/* Serve reports until the callback count reaches calls. */
static void wait_calls(fixture_t *fx, int calls)
{
    int64_t end = ne_now_us() + (int64_t)WAIT_MS * 1000;
    while (fx->seen.calls < calls && ne_now_us() < end)
        ne_producer_poll(fx->p, 50);
    assert_int_equal(fx->seen.calls, calls);
}

/* Check that topic holds one record with this key, value and schema, and
 * the input's trace context. */
static void expect_record(fixture_t *fx, const char *topic, const char *key,
                          const char *value, const char *schema)
{
    rd_kafka_t *rk = reader(fx->bootstrap, topic);
    rd_kafka_message_t *m = next_message(rk);
    char buf[256];

    assert_int_equal(m->key_len, strlen(key));
    assert_memory_equal(m->key, key, m->key_len);
    assert_int_equal(m->len, strlen(value));
    assert_memory_equal(m->payload, value, m->len);
    assert_string_equal(header(m, "schema", buf, sizeof(buf)), schema);
    assert_string_equal(header(m, "traceparent", buf, sizeof(buf)),
                        "00-trace-01");
    rd_kafka_message_destroy(m);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
}

static void test_records_borrowed_and_acknowledged(void **state)
{
    fixture_t fx;
    static const char data[] = "k-1{\"a\":1}k-e{\"e\":2}";
    ne_outrec_t recs[2] = {
        {NE_OUT_ENRICHED, 0, 3, 3, 7},
        {NE_OUT_ENTITY, 10, 3, 13, 7},
    };
    char bytes[sizeof(data)];
    ne_outputs_t out;
    ne_producer_input_t in;
    int token;

    (void)state;
    fixture_start(&fx);
    memcpy(bytes, data, sizeof(data));
    out.data = bytes;
    out.len = sizeof(data) - 1;
    out.recs = recs;
    out.cnt = 2;
    in.msg = fx.in_msg;
    in.out = &out;
    in.err = NE_OK;
    in.reason = NULL;

    assert_int_equal(ne_producer_send(fx.p, &in, &token), 0);
    wait_calls(&fx, 1);
    assert_ptr_equal(fx.seen.last_opaque, &token);
    assert_int_equal(fx.seen.last_delivered, 1);
    assert_int_equal(ne_producer_inputs(fx.p), 0);
    /* borrowed means untouched */
    assert_memory_equal(bytes, data, sizeof(data));
    assert_int_equal(out.cnt, 2);
    assert_int_equal(recs[1].value_off, 13);

    expect_record(&fx, "enriched", "k-1", "{\"a\":1}", "newsenrich.article/1");
    expect_record(&fx, "entities", "k-e", "{\"e\":2}", "newsenrich.entity/1");
    /* one callback per input, never more */
    ne_producer_poll(fx.p, 100);
    assert_int_equal(fx.seen.calls, 1);
    fixture_stop(&fx);
}

static void test_dead_letter(void **state)
{
    fixture_t fx;
    ne_producer_input_t in = {NULL, NULL, NE_ERR_INVALID_JSON,
                              "not JSON at byte 3"};
    rd_kafka_t *rk;
    rd_kafka_message_t *m;
    char buf[256];
    int token;

    (void)state;
    fixture_start(&fx);
    in.msg = fx.in_msg;
    assert_int_equal(ne_producer_send(fx.p, &in, &token), 0);
    wait_calls(&fx, 1);
    assert_ptr_equal(fx.seen.last_opaque, &token);
    assert_int_equal(fx.seen.last_delivered, 1);

    rk = reader(fx.bootstrap, "dlq");
    m = next_message(rk);
    assert_int_equal(m->len, 11);
    assert_memory_equal(m->payload, "{\"body\": 1}", 11);
    assert_memory_equal(m->key, "k-in", 4);
    assert_string_equal(header(m, "error", buf, sizeof(buf)), "invalid_json");
    assert_string_equal(header(m, "reason", buf, sizeof(buf)),
                        "not JSON at byte 3");
    assert_string_equal(header(m, "source.topic", buf, sizeof(buf)), "in");
    assert_string_equal(header(m, "source.offset", buf, sizeof(buf)), "0");
    assert_string_equal(header(m, "schema", buf, sizeof(buf)),
                        "newsenrich.dlq/1");
    rd_kafka_message_destroy(m);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    fixture_stop(&fx);
}

/* Records that cannot reach a broker are purged by destroy: the input is
 * still handed back, once, as not delivered. */
static void test_destroy_hands_back_undelivered(void **state)
{
    fixture_t fx;
    static const char data[] = "k{}";
    ne_outrec_t rec = {NE_OUT_ENRICHED, 0, 1, 1, 2};
    ne_outputs_t out = {(char *)data, 3, &rec, 1};
    ne_producer_input_t in = {NULL, &out, NE_OK, NULL};
    int token;

    (void)state;
    fixture_start(&fx);
    in.msg = fx.in_msg;
    rd_kafka_mock_broker_set_down(fx.mc, 1);
    assert_int_equal(ne_producer_send(fx.p, &in, &token), 0);
    ne_producer_poll(fx.p, 100);
    assert_int_equal(fx.seen.calls, 0);
    assert_int_equal(ne_producer_inputs(fx.p), 1);
    ne_producer_destroy(fx.p);
    fx.p = NULL;
    assert_int_equal(fx.seen.calls, 1);
    assert_ptr_equal(fx.seen.last_opaque, &token);
    assert_int_equal(fx.seen.last_delivered, 0);
    rd_kafka_mock_broker_set_up(fx.mc, 1);
    fixture_stop(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_records_borrowed_and_acknowledged),
        cmocka_unit_test(test_dead_letter),
        cmocka_unit_test(test_destroy_hands_back_undelivered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
