/*
 * The librdkafka configurations of consumer and producer: our defaults
 * yield to the user's kafka.* values, the producer leaves out the
 * consumer-only keys, the bootstrap override wins, and a bad property is
 * an error that names it.
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

#include "common/ne.h"
#include "kafkaconf/kafkaconf.h"

/* A config whose kafka section is the JSON object kafka_json. */
static ne_config_t *load_config(const char *kafka_json)
{
    char err[512], path[] = "/tmp/ne-test-kafkaconf-XXXXXX";
    ne_config_t *conf;
    int fd = mkstemp(path);
    FILE *fp;

    assert_true(fd >= 0);
    fp = fdopen(fd, "w");
    fprintf(fp, "{\"kafka\": %s, \"topics\": {\"input\": [\"in\"]}}",
            kafka_json);
    fclose(fp);
    conf = ne_config_load(path, err, sizeof(err));
    unlink(path);
    if (!conf)
        fail_msg("%s", err);
    return conf;
}

/* The value of key in kc, or "" when unset. */
static const char *get(rd_kafka_conf_t *kc, const char *key, char *buf,
                       size_t size)
{
    if (rd_kafka_conf_get(kc, key, buf, &size) != RD_KAFKA_CONF_OK)
        return "";
    return buf;
}

static const ne_kafkaconf_default_t defaults[] = {
    {"client.id", "ours"},
    {"linger.ms", "7"},
};

static void test_defaults_yield_to_user(void **state)
{
    ne_config_t *conf = load_config(
        "{\"linger.ms\": \"25\", \"bootstrap.servers\": \"a:1\"}");
    char err[512], buf[256];
    rd_kafka_conf_t *kc;

    (void)state;
    kc = ne_kafkaconf_new(conf, NE_KAFKACONF_PRODUCER, defaults,
                          NE_ARRAY_SIZE(defaults), NULL, err, sizeof(err));
    assert_non_null(kc);
    assert_string_equal(get(kc, "client.id", buf, sizeof(buf)), "ours");
    assert_string_equal(get(kc, "linger.ms", buf, sizeof(buf)), "25");
    assert_string_equal(get(kc, "bootstrap.servers", buf, sizeof(buf)),
                        "a:1");
    rd_kafka_conf_destroy(kc);

    /* the override replaces the configured brokers */
    kc = ne_kafkaconf_new(conf, NE_KAFKACONF_CONSUMER, NULL, 0, "b:2", err,
                          sizeof(err));
    assert_non_null(kc);
    assert_string_equal(get(kc, "bootstrap.servers", buf, sizeof(buf)),
                        "b:2");
    assert_string_equal(get(kc, "linger.ms", buf, sizeof(buf)), "25");
    rd_kafka_conf_destroy(kc);
    ne_config_destroy(conf);
}

/* group.id and the fetch settings mean nothing to a producer: it does not
 * get them (librdkafka would warn at start); the consumer does. */
static void test_producer_skips_consumer_keys(void **state)
{
    ne_config_t *conf = load_config(
        "{\"group.id\": \"g1\", \"fetch.wait.max.ms\": \"33\"}");
    char err[512], buf[256];
    rd_kafka_conf_t *kc;

    (void)state;
    kc = ne_kafkaconf_new(conf, NE_KAFKACONF_CONSUMER, NULL, 0, NULL, err,
                          sizeof(err));
    assert_non_null(kc);
    assert_string_equal(get(kc, "group.id", buf, sizeof(buf)), "g1");
    assert_string_equal(get(kc, "fetch.wait.max.ms", buf, sizeof(buf)),
                        "33");
    rd_kafka_conf_destroy(kc);

    kc = ne_kafkaconf_new(conf, NE_KAFKACONF_PRODUCER, NULL, 0, NULL, err,
                          sizeof(err));
    assert_non_null(kc);
    assert_string_equal(get(kc, "group.id", buf, sizeof(buf)), "");
    assert_string_not_equal(get(kc, "fetch.wait.max.ms", buf, sizeof(buf)),
                            "33");
    rd_kafka_conf_destroy(kc);
    assert_string_equal(ne_kafkaconf_user_value(conf, "group.id"), "g1");
    assert_null(ne_kafkaconf_user_value(conf, "linger.ms"));
    ne_config_destroy(conf);
}

static void test_bad_values_named(void **state)
{
    ne_config_t *conf = load_config("{}");
    const ne_kafkaconf_default_t bad[] = {{"linger.ms", "soon"}};
    char err[512] = "";
    rd_kafka_conf_t *kc;

    (void)state;
    kc = ne_kafkaconf_new(conf, NE_KAFKACONF_PRODUCER, bad, 1, NULL, err,
                          sizeof(err));
    assert_null(kc);
    assert_non_null(strstr(err, "kafka.linger.ms: "));

    kc = ne_kafkaconf_new(conf, NE_KAFKACONF_CONSUMER, NULL, 0, NULL, err,
                          sizeof(err));
    assert_non_null(kc);
    assert_int_equal(ne_kafkaconf_set(kc, "no.such.key", "1", err,
                                      sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "kafka.no.such.key: "));
    assert_int_equal(ne_kafkaconf_set(kc, "linger.ms", "3", err, sizeof(err)),
                     0);
    rd_kafka_conf_destroy(kc);
    ne_config_destroy(conf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_yield_to_user),
        cmocka_unit_test(test_producer_skips_consumer_keys),
        cmocka_unit_test(test_bad_values_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
