/*
 * newsenrich - the Kafka producer: output routing, delivery reports, the
 * dead-letter queue, retries and transactions.
 *
 * Owned by the pipeline's main thread; every function must be called from
 * it (delivery reports run inside ne_producer_poll()).
 *
 * The caller hands ne_producer_send() one input at a time: the consumed
 * message and what the processor made of it, both borrowed, with an
 * opaque of its own. The producer tracks the input's records in state it
 * allocates and frees itself, and calls the delivered callback once, when
 * every record derived from that input is acknowledged or has failed for
 * good; only then may the caller free the input. A failed delivery is
 * never treated as done while it can still succeed: at-least-once retries
 * it after processing.retry_backoff_ms; an output over the size limit
 * sends the article to the DLQ instead; exactly-once marks the
 * transaction for abort.
 */
#ifndef NE_PRODUCER_H
#define NE_PRODUCER_H

#include <librdkafka/rdkafka.h>

#include "../config/config.h"
#include "../metrics/metrics.h"
#include "../processor/processor.h"

typedef struct ne_producer_s ne_producer_t;

/* One input to produce from. Every pointer is borrowed and must stay
 * valid until the delivered callback for it: record values and keys are
 * handed to librdkafka without a copy. */
typedef struct ne_producer_input_s {
    const rd_kafka_message_t *msg; /* the consumed message */
    const ne_outputs_t *out;       /* its records; unused when err is set */
    ne_err_t err;                  /* NE_OK, or a per-message error: the
                                      input goes to the DLQ */
    const char *reason;            /* the DLQ reason when err is set */
} ne_producer_input_t;

/* Every record of the input sent with input_opaque is settled. delivered
 * is 1 when all were acknowledged, 0 when one failed for good: its
 * transaction will abort, the producer hit a fatal error, or it was
 * purged by ne_producer_destroy(). Either way the producer holds nothing
 * of the input any more. opaque is ne_producer_new()'s. */
typedef void(ne_producer_delivered_cb_t)(void *opaque, void *input_opaque,
                                         int delivered);

ne_producer_t *ne_producer_new(const ne_config_t *conf, const char *bootstrap,
                               ne_metrics_t *metrics,
                               ne_producer_delivered_cb_t *delivered,
                               void *opaque, char *errstr,
                               size_t errstr_size);
/* Accepts NULL; no flush: records still in flight are purged and their
 * inputs called back with delivered = 0. */
void ne_producer_destroy(ne_producer_t *p);

/* Produce the input's records, or its DLQ record when in->err is set.
 * in itself is copied; what it points to is borrowed (see above). The
 * delivered callback may run before this returns. Returns 0, or -1 on a
 * fatal producer error (the callback still comes). */
int ne_producer_send(ne_producer_t *p, const ne_producer_input_t *in,
                     void *input_opaque);

/* Serve delivery reports and due retries. */
void ne_producer_poll(ne_producer_t *p, int timeout_ms);
int ne_producer_fd(ne_producer_t *p);   /* readable: reports waiting */
void ne_producer_fd_clear(ne_producer_t *p);
int64_t ne_producer_next_retry_us(const ne_producer_t *p); /* -1: none */
size_t ne_producer_outq(ne_producer_t *p);  /* messages in librdkafka */
size_t ne_producer_inputs(const ne_producer_t *p); /* awaiting reports */
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
