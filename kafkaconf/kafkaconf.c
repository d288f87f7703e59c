/*
 * newsenrich - librdkafka configurations for the consumer and the producer.
 */
#include "kafkaconf.h"
#include "../common/log.h"

#include <string.h>

/* Consumer-only properties in the shared kafka section would make the
 * producer warn at start; they are meaningless to it, so it skips them. */
static const char *const consumer_only_keys[] = {
    "group.id", "group.instance.id", "partition.assignment.strategy",
    "session.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms",
    "auto.commit.interval.ms", "enable.auto.commit", "auto.offset.reset",
    "queued.max.messages.kbytes", "queued.min.messages",
    "fetch.wait.max.ms", "fetch.min.bytes", "fetch.max.bytes",
    "max.partition.fetch.bytes", "fetch.message.max.bytes",
    "isolation.level", "enable.partition.eof", "check.crcs",
    "allow.auto.create.topics", "group.protocol.type",
    "coordinator.query.interval.ms", "fetch.error.backoff.ms",
    "consume.callback.max.messages", "group.remote.assignor",
    "group.protocol", NULL};

static int consumer_only(const char *key)
{
    size_t i;
    for (i = 0; consumer_only_keys[i]; i++)
        if (!strcmp(consumer_only_keys[i], key))
            return 1;
    return 0;
}

/* librdkafka's syslog levels onto ours. */
static void log_cb(const rd_kafka_t *rk, int level, const char *fac,
                   const char *buf)
{
    ne_log_level_t l = level <= 3   ? NE_LOG_ERROR
                       : level == 4 ? NE_LOG_WARN
                       : level <= 6 ? NE_LOG_INFO
                                    : NE_LOG_DEBUG;
    (void)rk;
    /* the kafka section is shared by consumer and producer: each one
     * ignoring the other's properties is expected, not worth a warning */
    if (l == NE_LOG_WARN && !strcmp(fac, "CONFWARN") &&
        strstr(buf, "will be ignored by this"))
        l = NE_LOG_DEBUG;
    NE_LOG(l, "librdkafka", fac, buf);
}

int ne_kafkaconf_set(rd_kafka_conf_t *kc, const char *key, const char *value,
                     char *errstr, size_t errstr_size)
{
    char err[512];
    if (rd_kafka_conf_set(kc, key, value, err, sizeof(err)) !=
        RD_KAFKA_CONF_OK) {
        ne_errf(errstr, errstr_size, "kafka.%s: %s", key, err);
        return -1;
    }
    return 0;
}

const char *ne_kafkaconf_user_value(const ne_config_t *conf, const char *key)
{
    size_t i;
    for (i = 0; i < conf->kafka_cnt; i++)
        if (!strcmp(conf->kafka[i].key, key))
            return conf->kafka[i].value;
    return NULL;
}

rd_kafka_conf_t *ne_kafkaconf_new(const ne_config_t *conf,
                                  ne_kafkaconf_role_t role,
                                  const ne_kafkaconf_default_t *defaults,
                                  size_t defaults_cnt, const char *bootstrap,
                                  char *errstr, size_t errstr_size)
{
    rd_kafka_conf_t *kc = rd_kafka_conf_new();
    size_t i;

    for (i = 0; i < defaults_cnt; i++)
        if (!ne_kafkaconf_user_value(conf, defaults[i].key) &&
            ne_kafkaconf_set(kc, defaults[i].key, defaults[i].value, errstr,
                             errstr_size))
            goto fail;
    for (i = 0; i < conf->kafka_cnt; i++) {
        if (role == NE_KAFKACONF_PRODUCER && consumer_only(conf->kafka[i].key))
            continue;
        if (ne_kafkaconf_set(kc, conf->kafka[i].key, conf->kafka[i].value,
                             errstr, errstr_size))
            goto fail;
    }
    if (bootstrap && ne_kafkaconf_set(kc, "bootstrap.servers", bootstrap,
                                      errstr, errstr_size))
        goto fail;
    rd_kafka_conf_set_log_cb(kc, log_cb);
    return kc;
fail:
    rd_kafka_conf_destroy(kc);
    return NULL;
}
