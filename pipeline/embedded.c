/*
 * newsenrich - the embedded broker (librdkafka mock cluster).
 */
#include "embedded.h"
#include "../common/ne.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdlib.h>
#include <string.h>

struct ne_embedded_s {
    rd_kafka_t *rk; /* owns the cluster */
    rd_kafka_mock_cluster_t *mc;
    char *bootstrap;
};

ne_embedded_t *ne_embedded_start(const char *const *topics, int partitions,
                                 char *errstr, size_t errstr_size)
{
    ne_embedded_t *e = ne_calloc(1, sizeof(*e));
    rd_kafka_conf_t *kc = rd_kafka_conf_new();
    char err[512];
    size_t i;

    rd_kafka_conf_set(kc, "client.id", "newsenrich-embedded", NULL, 0);
    rd_kafka_conf_set(kc, "log_level", "3", NULL, 0);
    e->rk = rd_kafka_new(RD_KAFKA_PRODUCER, kc, err, sizeof(err));
    if (!e->rk) {
        rd_kafka_conf_destroy(kc);
        ne_errf(errstr, errstr_size, "embedded broker: %s", err);
        goto fail;
    }
    e->mc = rd_kafka_mock_cluster_new(e->rk, 1);
    if (!e->mc) {
        ne_errf(errstr, errstr_size, "embedded broker: cannot start the "
                                     "mock cluster");
        goto fail;
    }
    e->bootstrap = ne_strdup(rd_kafka_mock_cluster_bootstraps(e->mc));
    for (i = 0; topics && topics[i]; i++) {
        if (!*topics[i])
            continue;
        if (rd_kafka_mock_topic_create(e->mc, topics[i], partitions, 1)) {
            ne_errf(errstr, errstr_size,
                    "embedded broker: cannot create topic %s", topics[i]);
            goto fail;
        }
    }
    return e;
fail:
    ne_embedded_stop(e);
    return NULL;
}

ne_embedded_t *ne_embedded_start_conf(const ne_config_t *conf, int partitions,
                                      char *errstr, size_t errstr_size)
{
    ne_embedded_t *e;
    const char **topics;
    size_t n = 0;

    while (conf->topics_input[n])
        n++;
    /* the inputs, four outputs, the NULL; "" (switched off) is skipped */
    topics = ne_calloc(n + 5, sizeof(*topics));
    memcpy(topics, conf->topics_input, n * sizeof(*topics));
    topics[n] = conf->topic_enriched;
    topics[n + 1] = conf->topic_entities;
    topics[n + 2] = conf->topic_claims;
    topics[n + 3] = conf->topic_dlq;
    e = ne_embedded_start((const char *const *)topics, partitions, errstr,
                          errstr_size);
    free(topics);
    return e;
}

const char *ne_embedded_bootstrap(const ne_embedded_t *e)
{
    return e->bootstrap;
}

void ne_embedded_stop(ne_embedded_t *e)
{
    if (!e)
        return;
    if (e->mc)
        rd_kafka_mock_cluster_destroy(e->mc);
    if (e->rk)
        rd_kafka_destroy(e->rk);
    free(e->bootstrap);
    free(e);
}
