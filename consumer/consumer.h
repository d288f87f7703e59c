/*
 * newsenrich - the Kafka consumer: group membership, polling, pause and
 * resume, the partition table with its offset watermarks, and commits.
 *
 * Owned by the pipeline's main thread; every function here must be called
 * from it. Rebalance callbacks run inside ne_consumer_poll().
 */
#ifndef NE_CONSUMER_H
#define NE_CONSUMER_H

#include <librdkafka/rdkafka.h>

#include "../config/config.h"
#include "../metrics/health.h"
#include "../metrics/metrics.h"
#include "offsets.h"

typedef struct ne_consumer_s ne_consumer_t;

/* One partition this worker has been assigned at some point. Slots are
 * never freed while the consumer lives; `gen` changes on every assignment
 * so that a job consumed under an older assignment can be recognised. */
typedef struct ne_part_s {
    char *topic;
    int32_t partition;
    uint32_t gen;
    int assigned;
    ne_offsets_t *offsets;
    int64_t txn_start;        /* exactly-once: rewind point, -1 unknown */
    int64_t next_offset;      /* one past the last message consumed under
                                 this generation (or the rewind point);
                                 -1 before the first */
    int skipping;             /* dropping a re-delivery (logged once) */
    int advanced;             /* watermark moved since last store */
    int revoking;             /* inside a revoke callback */
    size_t jobs;              /* consumed messages not yet finished or
                                 abandoned under this generation */
    /* from statistics, for readiness */
    int64_t lag;
    int64_t committed;
    int64_t progress_ms;      /* wall clock when committed last moved */
    int64_t rxmsgs;           /* messages fetched, as last counted */
} ne_part_t;

typedef struct ne_consumer_cbs_s {
    /* Partitions are being taken away (lost: by a failure, do not commit).
     * Runs before they are unassigned. */
    void (*revoke)(void *opaque, int lost);
    void *opaque;
} ne_consumer_cbs_t;

/* bootstrap overrides kafka.bootstrap.servers when not NULL. */
ne_consumer_t *ne_consumer_new(const ne_config_t *conf, const char *bootstrap,
                               ne_metrics_t *metrics, ne_health_t *health,
                               const ne_consumer_cbs_t *cbs, char *errstr,
                               size_t errstr_size);
void ne_consumer_destroy(ne_consumer_t *c); /* accepts NULL; closes first */

int ne_consumer_subscribe(ne_consumer_t *c, char *errstr, size_t errstr_size);

/* Serve pending events (rebalances, errors, statistics), then return one
 * message unless the intake is held back; NULL when none within
 * timeout_ms (at once while held; events that arrive during the wait are
 * served by the next call). */
rd_kafka_message_t *ne_consumer_poll(ne_consumer_t *c, int timeout_ms);

/* Readable when the consumer queue has something for ne_consumer_poll(). */
int ne_consumer_fd(ne_consumer_t *c);
void ne_consumer_fd_clear(ne_consumer_t *c);

/* Register a consumed message; sets its partition slot and generation.
 * Returns 0, or -1 when the message lies before one already consumed under
 * the partition's current assignment: librdkafka 2.0.2 can restart a
 * partition's fetch at an old position (see consumer.c) and such a
 * re-delivery must be dropped, not processed again; the caller destroys
 * it and nothing is tracked. */
int ne_consumer_track(ne_consumer_t *c, const rd_kafka_message_t *msg,
                      uint32_t *part, uint32_t *gen);

/* The message at offset of (part, gen) is finished. Ignored when the
 * partition has since been revoked (gen differs). */
void ne_consumer_done(ne_consumer_t *c, uint32_t part, uint32_t gen,
                      int64_t offset);

/* A job of (part, gen) is dropped unfinished (its partition is being
 * revoked): it no longer counts as pending; its offset stays uncommitted. */
void ne_consumer_abandon(ne_consumer_t *c, uint32_t part, uint32_t gen);

/* Is (part, gen) still assigned? */
int ne_consumer_owns(const ne_consumer_t *c, uint32_t part, uint32_t gen);
/* Is the partition of slot part being revoked right now? */
int ne_consumer_revoking(const ne_consumer_t *c, uint32_t part);
/* Live jobs (neither finished nor abandoned) of the partitions being
 * revoked. */
size_t ne_consumer_pending_revoking(const ne_consumer_t *c);
/* A fatal consumer error happened (e.g. fenced static member). */
int ne_consumer_fatal(const ne_consumer_t *c);

/* At-least-once: store the watermarks that moved, for the next commit. */
void ne_consumer_store(ne_consumer_t *c);
/* Synchronous commit of the stored offsets. 0 ok, -1 error (logged). */
int ne_consumer_commit(ne_consumer_t *c);

/* Exactly-once: the watermarks of all assigned partitions with progress
 * (caller destroys the list; NULL when nothing moved). */
rd_kafka_topic_partition_list_t *ne_consumer_watermarks(ne_consumer_t *c);
/* Exactly-once: after a commit, the watermarks become the rewind points. */
void ne_consumer_txn_committed(ne_consumer_t *c);
/* Exactly-once: after an abort, seek every assigned partition back to its
 * rewind point and forget in-flight offsets. */
int ne_consumer_rewind(ne_consumer_t *c);

/* Hold the intake back (backpressure, shutdown) or release it: while held,
 * ne_consumer_poll() serves events but returns no messages, which wait in
 * librdkafka's bounded prefetch queue; nothing is fetched twice. */
void ne_consumer_pause(ne_consumer_t *c, int pause);
int ne_consumer_paused(const ne_consumer_t *c);

/* Consumed but unfinished messages across assigned partitions. */
size_t ne_consumer_pending(const ne_consumer_t *c);

/* Update stall state from the latest statistics; returns 1 when stalled. */
int ne_consumer_check_stall(ne_consumer_t *c, int64_t now_ms,
                            int64_t stall_ms);

/* Leave the group (commits via the revoke callback). */
void ne_consumer_close(ne_consumer_t *c);

rd_kafka_t *ne_consumer_handle(ne_consumer_t *c);

#endif
