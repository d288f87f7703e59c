/*
 * newsenrich - the topic watch: do the configured topics exist?
 *
 * A topic that does not exist fails quietly in Kafka clients: a consumer
 * subscribed to it gets an empty assignment (which looks like an idle
 * worker), a producer holds its records and retries them. The watch asks
 * the cluster for its topic list at start and then every
 * NE_TOPIC_WATCH_INTERVAL_MS, on a thread of its own (a metadata request
 * blocks), and makes each missing input or output topic visible:
 *   - a warning in the log when a topic goes missing, repeated every
 *     NE_TOPIC_WATCH_RELOG_MS while it stays missing, and an info line
 *     when it appears;
 *   - the gauge newsenrich_topic_missing{topic} (1 missing, 0 present);
 *   - health->topics_missing and the names for /readyz (not ready).
 * Until the first answer, health->topics_unknown stays 1 (not ready).
 */
#ifndef NE_TOPIC_WATCH_H
#define NE_TOPIC_WATCH_H

#include <librdkafka/rdkafka.h>

#include "../config/config.h"
#include "../metrics/health.h"
#include "../metrics/metrics.h"

/* How often the topic list is fetched again: a topic created meanwhile
 * turns the worker ready within this time. */
#define NE_TOPIC_WATCH_INTERVAL_MS 10000
/* How long one metadata request may take before this round is skipped;
 * also the longest ne_topic_watch_destroy() can wait for one. */
#define NE_TOPIC_WATCH_TIMEOUT_MS 5000
/* A missing topic is logged again this often, not at every check. */
#define NE_TOPIC_WATCH_RELOG_MS 60000

typedef struct ne_topic_watch_s ne_topic_watch_t;

/* Start watching the topics of conf (inputs; enriched, entities, claims
 * and dlq unless switched off) through rk. rk, conf, metrics and health
 * are borrowed and must outlive the watch; health->missing_lock must be
 * initialised. Sets health->topics_unknown until the first answer.
 * interval_ms: NE_TOPIC_WATCH_INTERVAL_MS or shorter for tests. Returns
 * NULL (errstr set) when the thread cannot start. Main thread. */
ne_topic_watch_t *ne_topic_watch_new(rd_kafka_t *rk, const ne_config_t *conf,
                                     ne_metrics_t *metrics,
                                     ne_health_t *health, int interval_ms,
                                     char *errstr, size_t errstr_size);

/* Ask the thread to stop after the request in flight, without waiting:
 * at the start of a shutdown, so that the drain overlaps that request.
 * Accepts NULL. Main thread. */
void ne_topic_watch_stop(ne_topic_watch_t *tw);

/* Stop the thread (waits for a request in flight, at most
 * NE_TOPIC_WATCH_TIMEOUT_MS) and free. Accepts NULL. Call before rk is
 * destroyed. Main thread. */
void ne_topic_watch_destroy(ne_topic_watch_t *tw);

#endif
