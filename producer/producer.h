/*
 * newsenrich - the Kafka producer: output routing, delivery reports, the
 * dead-letter queue, retries and transactions.
 *
 * Owned by the pipeline's main thread; every function must be called from
 * it (delivery reports run inside ne_producer_poll()).
 *
 * A processed job handed to ne_producer_send() is owned by the producer
 * until every record derived from it is acknowledged; then the done
 * callback gives it back. A failed delivery is never treated as done:
 * at-least-once retries it after processing.retry_backoff_ms; an output
 * over the size limit sends the article to the DLQ instead; exactly-once
 * marks the transaction for abort.
 */
#ifndef NE_PRODUCER_H
#define NE_PRODUCER_H

#include <librdkafka/rdkafka.h>

#include "../config/config.h"
#include "../metrics/metrics.h"
#include "../pipeline/job.h"

typedef struct ne_producer_s ne_producer_t;

/* Every output of job is acknowledged (job ownership returns). */
typedef void(ne_job_done_cb_t)(void *opaque, ne_job_t *job);

ne_producer_t *ne_producer_new(const ne_config_t *conf, const char *bootstrap,
                               ne_metrics_t *metrics, ne_job_done_cb_t *done,
                               void *opaque, char *errstr,
                               size_t errstr_size);
void ne_producer_destroy(ne_producer_t *p); /* accepts NULL; no flush */

/* Produce the job's records, or its DLQ record when job->err is set.
 * Takes the job. Returns 0, or -1 on a fatal producer error. */
int ne_producer_send(ne_producer_t *p, ne_job_t *job);

/* Serve delivery reports and due retries. */
void ne_producer_poll(ne_producer_t *p, int timeout_ms);
int ne_producer_fd(ne_producer_t *p);   /* readable: reports waiting */
void ne_producer_fd_clear(ne_producer_t *p);
int64_t ne_producer_next_retry_us(const ne_producer_t *p); /* -1: none */
size_t ne_producer_outq(ne_producer_t *p);  /* messages in librdkafka */
size_t ne_producer_jobs(const ne_producer_t *p); /* jobs awaiting reports */
int ne_producer_fatal(ne_producer_t *p);
/* Wait up to timeout_ms for outstanding deliveries. 0 when none is left. */
int ne_producer_flush(ne_producer_t *p, int timeout_ms);

/* ---- exactly-once ---------------------------------------------------- */
typedef enum {
    NE_TXN_OK = 0,
    NE_TXN_ABORTED, /* aborted: rewind the consumer and go on */
    NE_TXN_FATAL,   /* fenced or otherwise fatal: shut down */
} ne_txn_result_t;

int ne_producer_txn_init(ne_producer_t *p, int timeout_ms, char *errstr,
                         size_t errstr_size);
ne_txn_result_t ne_producer_txn_begin(ne_producer_t *p);
/* Send offsets (may be NULL) to the transaction and commit it; aborts
 * instead when a delivery of this transaction failed. */
ne_txn_result_t ne_producer_txn_commit(ne_producer_t *p, rd_kafka_t *consumer,
                                       rd_kafka_topic_partition_list_t *offsets);
ne_txn_result_t ne_producer_txn_abort(ne_producer_t *p);
/* A delivery of the open transaction failed: it can only be aborted. */
int ne_producer_txn_failed(const ne_producer_t *p);

#endif
