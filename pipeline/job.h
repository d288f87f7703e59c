/*
 * newsenrich - one consumed message on its way through the pipeline.
 *
 * Created by the main thread when a message is consumed, processed by one
 * processor thread, then owned by the main thread again until every output
 * record derived from it is acknowledged by the broker.
 */
#ifndef NE_JOB_H
#define NE_JOB_H

#include <librdkafka/rdkafka.h>

#include "../processor/processor.h"

struct ne_job_s;

/* One output record in flight: the producer's msg_opaque. */
typedef struct ne_outmsg_s {
    struct ne_job_s *job;
    int32_t rec;                  /* index in job->out.recs; -1: DLQ record */
    int64_t retry_at_us;          /* when queued for a retry */
    struct ne_outmsg_s *retry_next;
} ne_outmsg_t;

typedef struct ne_job_s {
    struct ne_job_s *next;        /* queue link */
    rd_kafka_message_t *msg;      /* the consumed message (owned) */
    uint32_t part;                /* partition-state slot */
    uint32_t gen;                 /* its generation when consumed */
    int64_t consumed_us;          /* when consumed (monotonic) */

    /* Set by the processor thread. */
    ne_err_t err;                 /* NE_OK or a per-message error class */
    char reason[512];
    ne_outputs_t out;             /* the records (owned) */
    ne_stats_t stats;

    /* Delivery state (main thread). */
    ne_outmsg_t *outmsgs;         /* one per output record, plus DLQ */
    int pending;                  /* outputs produced but not acknowledged */
    int to_dlq;                   /* the article goes to the DLQ */
} ne_job_t;

void ne_job_destroy(ne_job_t *job); /* accepts NULL */

#endif
