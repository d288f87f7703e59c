/*
 * newsenrich - librdkafka configurations for the consumer and the producer.
 *
 * Both clients are built from the one `kafka` section of the config file:
 * our defaults first (each only where the user's kafka.* leaves the key
 * unset), then the user's properties, then a bootstrap override, and the
 * log callback that routes librdkafka's lines into our log. The keys each
 * client manages itself (offset storing, idempotence, transactional.id)
 * are set by the client afterwards with ne_kafkaconf_set().
 *
 * This module sits below consumer/ and producer/: it includes neither,
 * so that neither depends on the other through it.
 */
#ifndef NE_KAFKACONF_H
#define NE_KAFKACONF_H

#include <librdkafka/rdkafka.h>

#include "../config/config.h"

typedef enum {
    NE_KAFKACONF_CONSUMER,
    NE_KAFKACONF_PRODUCER,
} ne_kafkaconf_role_t;

/* One default property: used unless the user's kafka.* sets key. */
typedef struct ne_kafkaconf_default_s {
    const char *key;
    const char *value;
} ne_kafkaconf_default_t;

/* A new librdkafka configuration for role: defaults (defaults_cnt of
 * them, may be NULL when 0), the user's kafka.* properties (a producer
 * skips the consumer-only ones, which would only make it warn), then
 * bootstrap.servers = bootstrap when bootstrap is not NULL; the log
 * callback is set. conf is borrowed. Returns the configuration (the
 * caller hands it to rd_kafka_new() or destroys it), or NULL with
 * "kafka.<key>: <reason>" in errstr. Any thread. */
rd_kafka_conf_t *ne_kafkaconf_new(const ne_config_t *conf,
                                  ne_kafkaconf_role_t role,
                                  const ne_kafkaconf_default_t *defaults,
                                  size_t defaults_cnt, const char *bootstrap,
                                  char *errstr, size_t errstr_size);

/* Set one property; 0, or -1 with "kafka.<key>: <reason>" in errstr. */
int ne_kafkaconf_set(rd_kafka_conf_t *kc, const char *key, const char *value,
                     char *errstr, size_t errstr_size);

/* The user's value of kafka.<key> (borrowed from conf), NULL when unset. */
const char *ne_kafkaconf_user_value(const ne_config_t *conf, const char *key);

#endif
