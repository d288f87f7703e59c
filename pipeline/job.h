/*
 * newsenrich - one consumed message on its way through the pipeline.
 *
 * Created by the main thread when a message is consumed, processed by one
 * processor thread, then owned by the main thread again until the producer
 * calls back that every output record derived from it is settled (the
 * producer borrows the message and the outputs until then).
 *
 * Private to pipeline/: the consumer and the producer have their own types.
 */
#ifndef NE_JOB_H
#define NE_JOB_H

#include <librdkafka/rdkafka.h>

#include "../processor/processor.h"

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
} ne_job_t;

void ne_job_destroy(ne_job_t *job); /* accepts NULL */

#endif
