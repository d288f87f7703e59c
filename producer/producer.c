/*
 * newsenrich - the Kafka producer.
 *
 * Output payloads are not copied into librdkafka: they live in the
 * caller's input, which lives until its delivered callback. The state of
 * an input's records (one ne_delivery_t) is the producer's own: allocated
 * by ne_producer_send(), freed right after the callback.
 */
#include "producer.h"
#include "../common/log.h"
#include "../kafkaconf/kafkaconf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Dead letters are logged as at most one line per error class per
 * interval, with the count of those it stands for: a flood of bad input
 * must not become a flood of log lines. */
#define NE_DLQ_LOG_INTERVAL_US (10 * 1000000)
/* The reason may quote the message (jansson's "near '...'"): only this
 * many bytes of it, and only at debug level. */
#define NE_DLQ_LOG_REASON_MAX 80
/* Delivery states with room for this many records are kept for reuse,
 * at most NE_DELIVERY_POOL_MAX of them: an article's state (one slot per
 * record, about 33) is over glibc's 1 KiB small-request bound, and every
 * such calloc swept the fastbins (malloc_consolidate), the largest single
 * cost of the main loop in a profile. Larger inputs get their own. */
#define NE_DELIVERY_POOL_RECS 96
#define NE_DELIVERY_POOL_MAX 1024

typedef struct ne_delivery_s ne_delivery_t;

/* One record in flight: the msg_opaque handed to librdkafka. */
typedef struct ne_outmsg_s {
    ne_delivery_t *d;
    int32_t rec;                  /* index in d->in.out->recs; -1: DLQ */
    int32_t kind;                 /* the record's ne_out_kind_t, or
                                     NE_OUT__CNT for the DLQ's: a report
                                     needs no look at the outputs */
    int64_t retry_at_us;          /* when queued for a retry; 0: never */
    struct ne_outmsg_s *retry_next;
} ne_outmsg_t;

/* One input in flight, from ne_producer_send() to its callback. */
struct ne_delivery_s {
    ne_producer_input_t in;       /* borrowed pointers; err and reason
                                     change when the input turns into a
                                     dead letter here */
    void *opaque;                 /* the caller's, for the callback */
    char *reason_own;             /* a reason of ours (in.reason) */
    int pending;                  /* records produced, not yet settled */
    int to_dlq;                   /* the input goes to the DLQ */
    int failed;                   /* a record failed for good */
    int trace_known;              /* trace_v/trace_len were looked up */
    int64_t ts_ms;                /* CreateTime of its records: one clock
                                     read per input, not per record */
    size_t rec_cnt;               /* records of in.out */
    size_t rec_cap;               /* room in om[] (pooled: more) */
    /* the input's trace context headers (values borrowed from in.msg),
     * looked up once per input instead of once per record: librdkafka
     * allocates on each lookup in a message without headers */
    const void *trace_v[2];
    size_t trace_len[2];
    int trace_have[2];
    ne_delivery_t *pool_next;     /* in the producer's pool */
    ne_outmsg_t om[];             /* one per record, then the DLQ's */
};

struct ne_producer_s {
    rd_kafka_t *rk;
    /* Topic handles by kind (NULL: that output is switched off), the
     * DLQ's last: producing by name looks the topic up again for every
     * record, under the handle's write lock. */
    rd_kafka_topic_t *rkt[NE_OUT__CNT + 1];
    ne_delivery_t *pool;          /* free delivery states, see above */
    size_t pool_cnt;
    rd_kafka_queue_t *queue;
    int pipefd[2];
    const ne_config_t *conf;
    ne_metrics_t *metrics;
    ne_producer_delivered_cb_t *delivered;
    void *opaque;
    int eos;
    int txn_failed;     /* a delivery of the current transaction failed */
    int fatal;
    int destroying;     /* purging: failed deliveries just release */
    size_t inputs;      /* inputs with outstanding deliveries */
    /* failed deliveries are logged as one summary per second, not one
     * line per record: an outage fails thousands at once */
    int64_t retry_log_us;
    uint64_t retries_unlogged;
    /* Exactly-once: inputs whose output the broker rejected as too large.
     * Their transaction aborts and they are read again; the second time
     * they go straight to the DLQ, or they would abort every retry. */
    struct {
        char topic[256];
        int32_t partition;
        int64_t offset;
        int omit;        /* even the DLQ record was too large */
    } oversized[64];
    unsigned oversized_next;
    ne_outmsg_t *retry_head, *retry_tail;
    struct {
        int64_t logged_us; /* when the last line of this class went out */
        uint64_t unlogged; /* dead letters since, not yet in a line */
    } dlq_log[NE_ERR__CNT];
    ne_series_t *m_produced[NE_OUT__CNT + 1]; /* by kind; last: DLQ */
    /* acknowledged records not yet added to m_produced: one atomic add
     * per kind per poll instead of one per record */
    uint64_t produced_unadded[NE_OUT__CNT + 1];
    ne_series_t *m_retries;
    ne_series_t *m_e2e;
    ne_series_t *m_txn_committed, *m_txn_aborted;
};

static const char *topic_of(const ne_producer_t *p, const ne_outmsg_t *om)
{
    if (om->rec < 0)
        return p->conf->topic_dlq;
    switch (om->kind) {
    case NE_OUT_ENRICHED: return p->conf->topic_enriched;
    case NE_OUT_ENTITY: return p->conf->topic_entities;
    case NE_OUT_CLAIM: return p->conf->topic_claims;
    default: return NULL;
    }
}

/* The topic handle of om's record, made on first use like librdkafka's
 * own when producing by name; NULL when that output is switched off. */
static rd_kafka_topic_t *rkt_of(ne_producer_t *p, const ne_outmsg_t *om)
{
    int k = om->kind;
    const char *topic;

    if (om->rec >= 0 && (k < 0 || k >= NE_OUT__CNT))
        return NULL;
    if (!p->rkt[k] && (topic = topic_of(p, om)) && *topic)
        p->rkt[k] = rd_kafka_topic_new(p->rk, topic, NULL);
    return p->rkt[k];
}

/* A zeroed delivery state with room for rec_cnt records and the DLQ's. */
static ne_delivery_t *delivery_new(ne_producer_t *p, size_t rec_cnt)
{
    ne_delivery_t *d;
    size_t cap = rec_cnt + 1;

    if (cap <= NE_DELIVERY_POOL_RECS) {
        cap = NE_DELIVERY_POOL_RECS;
        if ((d = p->pool)) {
            p->pool = d->pool_next;
            p->pool_cnt--;
            memset(d, 0, sizeof(*d) + (rec_cnt + 1) * sizeof(ne_outmsg_t));
            d->rec_cap = cap;
            return d;
        }
    }
    d = ne_calloc(1, sizeof(*d) + cap * sizeof(ne_outmsg_t));
    d->rec_cap = cap;
    return d;
}

static void delivery_free(ne_producer_t *p, ne_delivery_t *d)
{
    free(d->reason_own);
    if (d->rec_cap == NE_DELIVERY_POOL_RECS &&
        p->pool_cnt < NE_DELIVERY_POOL_MAX) {
        d->pool_next = p->pool;
        p->pool = d;
        p->pool_cnt++;
        return;
    }
    free(d);
}

/* One record of d is settled; the last one hands the input back. */
static void delivery_release(ne_producer_t *p, ne_delivery_t *d)
{
    if (--d->pending > 0)
        return;
    p->inputs--;
    p->delivered(p->opaque, d->opaque, !d->failed);
    delivery_free(p, d);
}

/* A record of d failed for good: the input is handed back as such. */
static void delivery_fail(ne_producer_t *p, ne_delivery_t *d)
{
    d->failed = 1;
    delivery_release(p, d);
}

/* ---- record headers (DESIGN.md, Topics) --------------------------------
 *
 *   enriched, entity, claim records: content-type: application/json,
 *       schema: the record's JSON Schema name, and the input's W3C trace
 *       context (traceparent, tracestate) when it has one
 *   DLQ records: the input's headers unchanged (trace context included),
 *       then error, reason, source.topic, source.partition, source.offset,
 *       payload (only when the value was omitted), schema: newsenrich.dlq/1,
 *       and content-type: application/octet-stream unless the input
 *       carried a content-type (or Content-Type): the value is the input's
 *       bytes as consumed,
 *       so the input's own content-type still describes it. An input's own
 *       `schema` header stays ahead of ours: the last one names the DLQ
 *       record (Kafka clients' "last header" lookups see ours).
 */
#define NE_CONTENT_TYPE_JSON "application/json"
#define NE_CONTENT_TYPE_BYTES "application/octet-stream"
#define NE_SCHEMA_DLQ "newsenrich.dlq/1"

static const char *const schema_of_kind[NE_OUT__CNT] = {
    [NE_OUT_ENRICHED] = "newsenrich.article/1",
    [NE_OUT_ENTITY] = "newsenrich.entity/1",
    [NE_OUT_CLAIM] = "newsenrich.claim/1",
};

/* The W3C trace context headers copied to every derived record. */
static const char *const trace_headers[] = {"traceparent", "tracestate"};

/* Headers of an enriched, entity or claim record of d. Building them
 * costs about what rd_kafka_headers_copy() of a prepared set does (both
 * allocate each header; 60 ns either way in a loop), so they are built;
 * what is done once per input is looking up the trace context. */
static rd_kafka_headers_t *record_headers(ne_delivery_t *d,
                                          ne_out_kind_t kind)
{
    rd_kafka_headers_t *h;
    size_t i, n = 2;

    if (!d->trace_known) {
        rd_kafka_headers_t *orig = NULL;
        d->trace_known = 1;
        if (!rd_kafka_message_headers(d->in.msg, &orig) && orig)
            for (i = 0; i < NE_ARRAY_SIZE(trace_headers); i++)
                /* a repeated header: the last one counts, as in Kafka
                 * clients */
                d->trace_have[i] = !rd_kafka_header_get_last(
                    orig, trace_headers[i], &d->trace_v[i],
                    &d->trace_len[i]);
    }
    for (i = 0; i < NE_ARRAY_SIZE(trace_headers); i++)
        n += d->trace_have[i];
    h = rd_kafka_headers_new(n);
    rd_kafka_header_add(h, "content-type", sizeof("content-type") - 1,
                        NE_CONTENT_TYPE_JSON,
                        sizeof(NE_CONTENT_TYPE_JSON) - 1);
    rd_kafka_header_add(h, "schema", sizeof("schema") - 1,
                        schema_of_kind[kind], -1);
    for (i = 0; i < NE_ARRAY_SIZE(trace_headers); i++)
        if (d->trace_have[i])
            rd_kafka_header_add(h, trace_headers[i], -1, d->trace_v[i],
                                (ssize_t)d->trace_len[i]);
    return h;
}

/* DLQ headers: the original ones plus error, reason, the source
 * coordinates and the DLQ's own schema. */
static rd_kafka_headers_t *dlq_headers(const ne_delivery_t *d, int omitted)
{
    rd_kafka_headers_t *orig = NULL, *h;
    char buf[32];
    const rd_kafka_message_t *m = d->in.msg;
    const char *cls = ne_err2str(d->in.err);
    const void *v;
    size_t len;

    if (!rd_kafka_message_headers(m, &orig) && orig)
        h = rd_kafka_headers_copy(orig);
    else
        h = rd_kafka_headers_new(8);
    rd_kafka_header_add(h, "error", -1, cls, -1);
    rd_kafka_header_add(h, "reason", -1, d->in.reason, -1);
    rd_kafka_header_add(h, "source.topic", -1, rd_kafka_topic_name(m->rkt), -1);
    snprintf(buf, sizeof(buf), "%d", (int)m->partition);
    rd_kafka_header_add(h, "source.partition", -1, buf, -1);
    snprintf(buf, sizeof(buf), "%lld", (long long)m->offset);
    rd_kafka_header_add(h, "source.offset", -1, buf, -1);
    if (omitted)
        rd_kafka_header_add(h, "payload", -1,
                            "omitted: over the DLQ topic's size limit; read "
                            "it from the source offset",
                            -1);
    rd_kafka_header_add(h, "schema", -1, NE_SCHEMA_DLQ, -1);
    /* both spellings, as the decoder reads them (pipeline/workers.c) */
    if (rd_kafka_header_get_last(h, "content-type", &v, &len) &&
        rd_kafka_header_get_last(h, "Content-Type", &v, &len))
        rd_kafka_header_add(h, "content-type", -1, NE_CONTENT_TYPE_BYTES, -1);
    return h;
}

/* Serve delivery reports, then publish the acknowledged counts. */
static void poll_reports(ne_producer_t *p, int timeout_ms)
{
    int k;
    rd_kafka_poll(p->rk, timeout_ms);
    for (k = 0; k <= NE_OUT__CNT; k++)
        if (p->produced_unadded[k]) {
            ne_series_add(p->m_produced[k], (double)p->produced_unadded[k]);
            p->produced_unadded[k] = 0;
        }
}

static rd_kafka_resp_err_t produce_one(ne_producer_t *p, ne_outmsg_t *om,
                                       int omit_payload)
{
    ne_delivery_t *d = om->d;
    const rd_kafka_message_t *m = d->in.msg;
    rd_kafka_topic_t *rkt = rkt_of(p, om);
    /* a retry is stamped when it is produced again (0: librdkafka's now) */
    int64_t ts = om->retry_at_us ? 0 : d->ts_ms;
    rd_kafka_resp_err_t err;

    if (!rkt)
        return RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC; /* no DLQ topic, a bad name */

    for (;;) {
        if (om->rec < 0) {
            rd_kafka_headers_t *h = dlq_headers(d, omit_payload);
            err = rd_kafka_producev(
                p->rk, RD_KAFKA_V_RKT(rkt),
                RD_KAFKA_V_KEY(m->key, m->key_len),
                RD_KAFKA_V_VALUE(omit_payload ? NULL : m->payload,
                                 omit_payload ? 0 : m->len),
                RD_KAFKA_V_HEADERS(h), RD_KAFKA_V_OPAQUE(om),
                RD_KAFKA_V_TIMESTAMP(ts), RD_KAFKA_V_END);
            if (err)
                rd_kafka_headers_destroy(h); /* not taken on failure */
        } else {
            const ne_outputs_t *out = d->in.out;
            const ne_outrec_t *r = &out->recs[om->rec];
            rd_kafka_headers_t *h = record_headers(d, r->kind);
            err = rd_kafka_producev(
                p->rk, RD_KAFKA_V_RKT(rkt),
                RD_KAFKA_V_KEY(r->key_len ? out->data + r->key_off : NULL,
                               r->key_len),
                RD_KAFKA_V_VALUE(out->data + r->value_off, r->value_len),
                RD_KAFKA_V_HEADERS(h), RD_KAFKA_V_OPAQUE(om),
                RD_KAFKA_V_TIMESTAMP(ts), RD_KAFKA_V_END);
            if (err)
                rd_kafka_headers_destroy(h); /* not taken on failure */
        }
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
            return err;
        /* librdkafka's queue is full: serve reports, then try again. The
         * pipeline pauses consumption long before this in normal runs. */
        poll_reports(p, 50);
    }
}

static void retry_later(ne_producer_t *p, ne_outmsg_t *om)
{
    om->retry_at_us = ne_now_us() + (int64_t)p->conf->retry_backoff_ms * 1000;
    om->retry_next = NULL;
    if (p->retry_tail)
        p->retry_tail->retry_next = om;
    else
        p->retry_head = om;
    p->retry_tail = om;
    ne_series_add(p->m_retries, 1);
}

static int is_too_large(rd_kafka_resp_err_t err)
{
    return err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE ||
           err == RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE;
}

static void send_dlq(ne_producer_t *p, ne_delivery_t *d, int omit_payload);

static void oversized_add(ne_producer_t *p, const rd_kafka_message_t *m,
                          int omit)
{
    unsigned i = p->oversized_next++ % NE_ARRAY_SIZE(p->oversized);
    snprintf(p->oversized[i].topic, sizeof(p->oversized[i].topic), "%s",
             rd_kafka_topic_name(m->rkt));
    p->oversized[i].partition = m->partition;
    p->oversized[i].offset = m->offset;
    p->oversized[i].omit = omit;
}

/* Was this input's output rejected as too large before? Forgets it. */
static int oversized_take(ne_producer_t *p, const rd_kafka_message_t *m,
                          int *omit)
{
    size_t i;
    for (i = 0; i < NE_ARRAY_SIZE(p->oversized); i++) {
        if (p->oversized[i].offset != m->offset ||
            p->oversized[i].partition != m->partition ||
            strcmp(p->oversized[i].topic, rd_kafka_topic_name(m->rkt)))
            continue;
        *omit = p->oversized[i].omit;
        p->oversized[i].offset = -1;
        return 1;
    }
    return 0;
}

/* A record of an input could not be delivered: synchronously (sync:
 * librdkafka refused it at produce time) or by report. The record's
 * pending count is still held by the caller's outmsg. */
static void delivery_failed(ne_producer_t *p, ne_outmsg_t *om,
                            rd_kafka_resp_err_t err, int omitted, int sync)
{
    ne_delivery_t *d = om->d;

    if (p->destroying) {
        delivery_fail(p, d);
        return;
    }
    if (err == RD_KAFKA_RESP_ERR__FATAL) {
        char buf[512];
        rd_kafka_fatal_error(p->rk, buf, sizeof(buf));
        NE_LOG(NE_LOG_FATAL, "producer", "fatal_error", buf);
        p->fatal = 1;
        delivery_fail(p, d); /* never committed: the pipeline exits */
        return;
    }
    if (p->eos && !(sync && is_too_large(err))) {
        /* a failed delivery poisons the transaction: it aborts and the
         * input is read again (a refusal at produce time does not) */
        if (!sync && is_too_large(err))
            oversized_add(p, d->in.msg, om->rec < 0);
        if (!p->txn_failed)
            NE_LOG(NE_LOG_WARN, "producer", "transaction_delivery_failed",
                   "the open transaction will abort",
                   NE_KV_STR("error", rd_kafka_err2str(err)),
                   NE_KV_STR("topic", topic_of(p, om)));
        p->txn_failed = 1;
        delivery_fail(p, d);
        return;
    }
    if (is_too_large(err) && om->rec >= 0) {
        /* this article's output cannot be published: DLQ the original */
        if (!d->to_dlq) {
            const ne_outrec_t *r = &d->in.out->recs[om->rec];
            char reason[512];
            d->to_dlq = 1;
            d->in.err = NE_ERR_OUTPUT_TOO_LARGE;
            snprintf(reason, sizeof(reason),
                     "output record of %zu bytes for topic %s is over the "
                     "size limit (%s)",
                     r->value_len, topic_of(p, om), rd_kafka_err2str(err));
            d->in.reason = d->reason_own = ne_strdup(reason);
            send_dlq(p, d, 0);
        }
        delivery_release(p, d);
        return;
    }
    if (is_too_large(err) && om->rec < 0 && !omitted) {
        /* even the DLQ cannot take the original: headers only */
        rd_kafka_resp_err_t e2 = produce_one(p, om, 1);
        if (!e2)
            return;
        err = e2;
    }
    p->retries_unlogged++;
    if (ne_now_us() - p->retry_log_us >= 1000000) {
        NE_LOG(NE_LOG_WARN, "producer", "delivery_retry", rd_kafka_err2str(err),
               NE_KV_STR("topic", topic_of(p, om)),
               NE_KV_INT("records", (int64_t)p->retries_unlogged),
               NE_KV_INT("retry_in_ms", p->conf->retry_backoff_ms));
        p->retry_log_us = ne_now_us();
        p->retries_unlogged = 0;
    }
    retry_later(p, om);
}

/* One rate-limited line for dead letters of error class err (d: the
 * latest, NULL when flushing the count at shutdown). The info line holds
 * nothing from the message; the reason excerpt goes to a debug line. */
static void log_dead_letters(ne_producer_t *p, ne_err_t err,
                             const ne_delivery_t *d)
{
    const rd_kafka_message_t *m = d ? d->in.msg : NULL;
    const char *reason = d ? d->in.reason : NULL;
    char excerpt[NE_DLQ_LOG_REASON_MAX + 4];
    uint64_t count = p->dlq_log[err].unlogged;
    size_t n;

    p->dlq_log[err].unlogged = 0;
    p->dlq_log[err].logged_us = ne_now_us();
    if (!d) {
        NE_LOG(NE_LOG_INFO, "producer", "dead_letter",
               "inputs sent to the dead-letter topic",
               NE_KV_STR("error", ne_err2str(err)),
               NE_KV_INT("count", count));
        return;
    }
    NE_LOG(NE_LOG_INFO, "producer", "dead_letter",
           "inputs sent to the dead-letter topic",
           NE_KV_STR("error", ne_err2str(err)), NE_KV_INT("count", count),
           NE_KV_INT("interval_ms", NE_DLQ_LOG_INTERVAL_US / 1000),
           NE_KV_STR("topic", rd_kafka_topic_name(m->rkt)),
           NE_KV_INT("partition", m->partition),
           NE_KV_INT("offset", m->offset));
    if (!ne_log_enabled(NE_LOG_DEBUG))
        return;
    /* cut on a character boundary; the logger escapes the rest */
    n = strlen(reason);
    if (n > NE_DLQ_LOG_REASON_MAX) {
        n = NE_DLQ_LOG_REASON_MAX;
        while (n > 0 && ((unsigned char)reason[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(excerpt, reason, n);
    strcpy(excerpt + n, n < strlen(reason) ? "..." : "");
    NE_LOG(NE_LOG_DEBUG, "producer", "dead_letter_reason", excerpt,
           NE_KV_STR("error", ne_err2str(err)),
           NE_KV_INT("partition", m->partition),
           NE_KV_INT("offset", m->offset));
}

static void note_dead_letter(ne_producer_t *p, const ne_delivery_t *d)
{
    ne_err_t err = d->in.err < NE_ERR__CNT ? d->in.err : NE_ERR_PROCESSING;
    p->dlq_log[err].unlogged++;
    if (!p->dlq_log[err].logged_us ||
        ne_now_us() - p->dlq_log[err].logged_us >= NE_DLQ_LOG_INTERVAL_US)
        log_dead_letters(p, err, d);
}

static void send_dlq(ne_producer_t *p, ne_delivery_t *d, int omit_payload)
{
    ne_outmsg_t *om = &d->om[d->rec_cnt];
    const char *lv[] = {ne_err2str(d->in.err)};
    rd_kafka_resp_err_t err;

    om->d = d;
    om->rec = -1;
    om->kind = NE_OUT__CNT;
    d->pending++;
    ne_metrics_add(p->metrics, "newsenrich_messages_failed_total", lv, 1);
    note_dead_letter(p, d);
    if ((err = produce_one(p, om, omit_payload)))
        delivery_failed(p, om, err, omit_payload, 1);
}

int ne_producer_send(ne_producer_t *p, const ne_producer_input_t *in,
                     void *input_opaque)
{
    size_t i, rec_cnt = in->out ? in->out->cnt : 0;
    ne_delivery_t *d = delivery_new(p, rec_cnt);
    int omit = 0;

    d->in = *in;
    if (!d->in.reason)
        d->in.reason = ""; /* the DLQ header wants a string */
    d->opaque = input_opaque;
    d->rec_cnt = rec_cnt;
    d->ts_ms = ne_wallclock_ms();
    /* hold one reference while producing so that an early report cannot
     * settle the input half-way */
    d->pending = 1;
    p->inputs++;
    if (p->eos && !d->in.err && oversized_take(p, d->in.msg, &omit)) {
        d->in.err = NE_ERR_OUTPUT_TOO_LARGE;
        d->in.reason =
            "an output record was over the broker's size limit (its "
            "transaction was aborted; the article goes to the DLQ)";
    }
    if (d->in.err) {
        d->to_dlq = 1;
        send_dlq(p, d, omit);
    } else {
        for (i = 0; i < rec_cnt && !d->to_dlq; i++) {
            ne_outmsg_t *om = &d->om[i];
            rd_kafka_resp_err_t err;
            om->d = d;
            om->rec = (int32_t)i;
            om->kind = (int32_t)in->out->recs[i].kind;
            if (!rkt_of(p, om))
                continue; /* that output is switched off */
            d->pending++;
            if ((err = produce_one(p, om, 0)))
                delivery_failed(p, om, err, 0, 1);
        }
    }
    delivery_release(p, d);
    return p->fatal ? -1 : 0;
}

static void dr_msg_cb(rd_kafka_t *rk, const rd_kafka_message_t *m,
                      void *opaque)
{
    ne_producer_t *p = opaque;
    ne_outmsg_t *om = m->_private;
    const ne_delivery_t *d = om->d;
    (void)rk;

    if (m->err) {
        delivery_failed(p, om, m->err, m->payload == NULL && om->rec < 0, 0);
        return;
    }
    p->produced_unadded[om->kind]++;
    if (om->kind == NE_OUT_ENRICHED) {
        rd_kafka_timestamp_type_t tt;
        int64_t ts = rd_kafka_message_timestamp(d->in.msg, &tt);
        if (ts > 0 && tt == RD_KAFKA_TIMESTAMP_CREATE_TIME)
            ne_series_observe(p->m_e2e,
                              (double)(ne_wallclock_ms() - ts) / 1000.0);
    }
    delivery_release(p, om->d);
}

static void error_cb(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
    ne_producer_t *p = opaque;
    if (err == RD_KAFKA_RESP_ERR__FATAL) {
        char buf[512];
        rd_kafka_fatal_error(rk, buf, sizeof(buf));
        NE_LOG(NE_LOG_FATAL, "producer", "fatal_error", buf);
        p->fatal = 1;
        return;
    }
    NE_LOG(NE_LOG_WARN, "producer", "kafka_error", reason,
           NE_KV_STR("error", rd_kafka_err2name(err)));
}

static const char *const topic_labels[] = {"topic", NULL};
static const char *const reason_labels[] = {"reason", NULL};
static const char *const result_labels[] = {"result", NULL};
static const double e2e_buckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                     0.5,   1,    2.5,   5,    10,  30};

ne_producer_t *ne_producer_new(const ne_config_t *conf, const char *bootstrap,
                               ne_metrics_t *metrics,
                               ne_producer_delivered_cb_t *delivered,
                               void *opaque, char *errstr, size_t errstr_size)
{
    static const ne_kafkaconf_default_t defaults[] = {
        {"client.id", "newsenrich"},
        /* README, Configuration: CPU per article against latency */
        {"linger.ms", "20"},
        {"compression.codec", "none"},
        {"queue.buffering.max.messages", "500000"},
        {"queue.buffering.max.kbytes", "262144"},
    };
    ne_producer_t *p = ne_calloc(1, sizeof(*p));
    rd_kafka_conf_t *kc = NULL;
    char err[512];
    size_t i;

    p->conf = conf;
    p->metrics = metrics;
    p->delivered = delivered;
    p->opaque = opaque;
    p->eos = conf->guarantee == NE_GUARANTEE_EXACTLY_ONCE;
    p->pipefd[0] = p->pipefd[1] = -1;
    for (i = 0; i < NE_ARRAY_SIZE(p->oversized); i++)
        p->oversized[i].offset = -1;

    if (!(kc = ne_kafkaconf_new(conf, NE_KAFKACONF_PRODUCER, defaults,
                                NE_ARRAY_SIZE(defaults), bootstrap, errstr,
                                errstr_size)))
        goto fail;
    /* idempotence: broker-side retries never duplicate or reorder */
    if (ne_kafkaconf_set(kc, "enable.idempotence", "true", errstr,
                         errstr_size))
        goto fail;
    if (p->eos) {
        char tid[512];
        if (*conf->transactional_id)
            snprintf(tid, sizeof(tid), "%s", conf->transactional_id);
        else {
            const char *group = ne_kafkaconf_user_value(conf, "group.id");
            char host[256] = "localhost";
            gethostname(host, sizeof(host) - 1);
            snprintf(tid, sizeof(tid), "%s-%s", group ? group : "newsenrich",
                     host);
        }
        if (ne_kafkaconf_set(kc, "transactional.id", tid, errstr,
                             errstr_size))
            goto fail;
        NE_LOG(NE_LOG_INFO, "producer", "transactional_id", "",
               NE_KV_STR("transactional_id", tid));
    }
    rd_kafka_conf_set_opaque(kc, p);
    rd_kafka_conf_set_dr_msg_cb(kc, dr_msg_cb);
    rd_kafka_conf_set_error_cb(kc, error_cb);

    p->rk = rd_kafka_new(RD_KAFKA_PRODUCER, kc, err, sizeof(err));
    if (!p->rk) {
        ne_errf(errstr, errstr_size, "cannot create the producer: %s", err);
        goto fail;
    }
    kc = NULL;
    if (pipe2(p->pipefd, O_NONBLOCK | O_CLOEXEC)) {
        ne_errf(errstr, errstr_size, "pipe: %s", strerror(errno));
        goto fail;
    }
    p->queue = rd_kafka_queue_get_main(p->rk);
    rd_kafka_queue_io_event_enable(p->queue, p->pipefd[1], "1", 1);

    ne_metrics_declare(metrics, "newsenrich_messages_produced_total",
                       NE_METRIC_COUNTER,
                       "Records acknowledged by the broker, by topic.",
                       topic_labels, NULL, 0);
    ne_metrics_declare(metrics, "newsenrich_messages_failed_total",
                       NE_METRIC_COUNTER,
                       "Input messages sent to the dead-letter topic, by "
                       "reason.",
                       reason_labels, NULL, 0);
    ne_metrics_declare(metrics, "newsenrich_delivery_retries_total",
                       NE_METRIC_COUNTER,
                       "Output records produced again after a failed "
                       "delivery.",
                       NULL, NULL, 0);
    ne_metrics_declare(metrics, "newsenrich_end_to_end_latency_seconds",
                       NE_METRIC_HISTOGRAM,
                       "From the input message's timestamp to the "
                       "acknowledgement of its enriched record.",
                       NULL, e2e_buckets, (int)NE_ARRAY_SIZE(e2e_buckets));
    ne_metrics_declare(metrics, "newsenrich_transactions_total",
                       NE_METRIC_COUNTER,
                       "Exactly-once transactions by result.", result_labels,
                       NULL, 0);
    {
        const char *topics[NE_OUT__CNT + 1] = {
            conf->topic_enriched, conf->topic_entities, conf->topic_claims,
            conf->topic_dlq};
        const char *c[] = {"committed"}, *a[] = {"aborted"};
        for (i = 0; i <= NE_OUT__CNT; i++) {
            const char *lv[] = {topics[i]};
            if (!*topics[i])
                continue; /* that output is switched off: no series */
            p->m_produced[i] = ne_metrics_get(
                metrics, "newsenrich_messages_produced_total", lv);
        }
        p->m_retries =
            ne_metrics_get(metrics, "newsenrich_delivery_retries_total", NULL);
        p->m_e2e = ne_metrics_get(
            metrics, "newsenrich_end_to_end_latency_seconds", NULL);
        if (p->eos) {
            p->m_txn_committed =
                ne_metrics_get(metrics, "newsenrich_transactions_total", c);
            p->m_txn_aborted =
                ne_metrics_get(metrics, "newsenrich_transactions_total", a);
        }
    }
    return p;
fail:
    if (kc)
        rd_kafka_conf_destroy(kc);
    ne_producer_destroy(p);
    return NULL;
}

void ne_producer_destroy(ne_producer_t *p)
{
    int e, i;
    if (!p)
        return;
    /* the counts not yet logged, so the lines add up to every dead letter */
    for (e = 0; e < NE_ERR__CNT; e++)
        if (p->dlq_log[e].unlogged)
            log_dead_letters(p, (ne_err_t)e, NULL);
    if (p->queue)
        rd_kafka_queue_destroy(p->queue);
    if (p->rk) {
        /* Outputs still in librdkafka belong to inputs that were never
         * finished (they are not committed and will be read again).
         * Purge them and serve the reports so the inputs are handed back. */
        p->destroying = 1;
        rd_kafka_purge(p->rk,
                       RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        for (i = 0; i < 100 && rd_kafka_outq_len(p->rk) > 0; i++)
            poll_reports(p, 10);
        poll_reports(p, 0);
        while (p->retry_head) {
            ne_outmsg_t *om = p->retry_head;
            p->retry_head = om->retry_next;
            delivery_fail(p, om->d);
        }
        for (i = 0; i <= NE_OUT__CNT; i++)
            if (p->rkt[i])
                rd_kafka_topic_destroy(p->rkt[i]);
        rd_kafka_destroy(p->rk);
    }
    if (p->pipefd[0] >= 0)
        close(p->pipefd[0]);
    if (p->pipefd[1] >= 0)
        close(p->pipefd[1]);
    while (p->pool) {
        ne_delivery_t *d = p->pool;
        p->pool = d->pool_next;
        free(d);
    }
    free(p);
}

void ne_producer_poll(ne_producer_t *p, int timeout_ms)
{
    int64_t now = ne_now_us();
    poll_reports(p, timeout_ms);
    while (p->retry_head && p->retry_head->retry_at_us <= now) {
        ne_outmsg_t *om = p->retry_head;
        rd_kafka_resp_err_t err;
        p->retry_head = om->retry_next;
        if (!p->retry_head)
            p->retry_tail = NULL;
        if ((err = produce_one(p, om, 0)))
            delivery_failed(p, om, err, 0, 1);
    }
}

int ne_producer_fd(ne_producer_t *p)
{
    return p->pipefd[0];
}

void ne_producer_fd_clear(ne_producer_t *p)
{
    char buf[64];
    while (read(p->pipefd[0], buf, sizeof(buf)) > 0)
        ;
}

int64_t ne_producer_next_retry_us(const ne_producer_t *p)
{
    return p->retry_head ? p->retry_head->retry_at_us : -1;
}

size_t ne_producer_outq(ne_producer_t *p)
{
    return (size_t)rd_kafka_outq_len(p->rk);
}

size_t ne_producer_inputs(const ne_producer_t *p)
{
    return p->inputs;
}

int ne_producer_fatal(ne_producer_t *p)
{
    return p->fatal;
}

int ne_producer_flush(ne_producer_t *p, int timeout_ms)
{
    int64_t deadline = ne_now_us() + (int64_t)timeout_ms * 1000;
    while (p->inputs > 0 && !p->fatal) {
        int64_t left = (deadline - ne_now_us()) / 1000;
        if (left <= 0)
            break;
        ne_producer_poll(p, (int)NE_MIN(left, 100));
    }
    return p->inputs > 0 ? -1 : 0;
}

/* ---- transactions ------------------------------------------------------ */

static ne_txn_result_t txn_error(ne_producer_t *p, const char *what,
                                 rd_kafka_error_t *e)
{
    ne_txn_result_t r;
    if (rd_kafka_error_is_fatal(e)) {
        p->fatal = 1;
        r = NE_TXN_FATAL;
    } else if (rd_kafka_error_txn_requires_abort(e)) {
        r = NE_TXN_ABORTED;
    } else if (rd_kafka_error_is_retriable(e)) {
        r = NE_TXN_ABORTED; /* retried by the caller through abort+rewind */
    } else {
        p->fatal = 1; /* unclassified errors are treated as fatal */
        r = NE_TXN_FATAL;
    }
    NE_LOG(r == NE_TXN_FATAL ? NE_LOG_FATAL : NE_LOG_WARN, "producer", what,
           rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
    return r;
}

int ne_producer_txn_init(ne_producer_t *p, int timeout_ms, char *errstr,
                         size_t errstr_size)
{
    rd_kafka_error_t *e = rd_kafka_init_transactions(p->rk, timeout_ms);
    if (e) {
        ne_errf(errstr, errstr_size, "init_transactions: %s",
                rd_kafka_error_string(e));
        if (rd_kafka_error_is_fatal(e))
            p->fatal = 1;
        rd_kafka_error_destroy(e);
        return -1;
    }
    return 0;
}

int ne_producer_txn_failed(const ne_producer_t *p)
{
    return p->txn_failed;
}

ne_txn_result_t ne_producer_txn_begin(ne_producer_t *p)
{
    rd_kafka_error_t *e = rd_kafka_begin_transaction(p->rk);
    p->txn_failed = 0;
    if (e)
        return txn_error(p, "begin_transaction_failed", e);
    return NE_TXN_OK;
}

ne_txn_result_t ne_producer_txn_abort(ne_producer_t *p)
{
    rd_kafka_error_t *e = rd_kafka_abort_transaction(p->rk, -1);
    ne_series_add(p->m_txn_aborted, 1);
    /* reports of the aborted records arrive with errors; serve them */
    poll_reports(p, 0);
    if (e) {
        ne_txn_result_t r = txn_error(p, "abort_transaction_failed", e);
        return r == NE_TXN_FATAL ? r : NE_TXN_ABORTED;
    }
    return NE_TXN_ABORTED;
}

ne_txn_result_t ne_producer_txn_commit(ne_producer_t *p, rd_kafka_t *consumer,
                                       rd_kafka_topic_partition_list_t *offsets)
{
    rd_kafka_error_t *e;
    ne_txn_result_t r;

    if (p->txn_failed) {
        NE_LOG(NE_LOG_WARN, "producer", "transaction_abort",
               "a delivery in this transaction failed");
        return ne_producer_txn_abort(p);
    }
    if (offsets && offsets->cnt) {
        rd_kafka_consumer_group_metadata_t *cgmd =
            rd_kafka_consumer_group_metadata(consumer);
        e = rd_kafka_send_offsets_to_transaction(p->rk, offsets, cgmd, -1);
        rd_kafka_consumer_group_metadata_destroy(cgmd);
        if (e) {
            r = txn_error(p, "send_offsets_failed", e);
            return r == NE_TXN_FATAL ? r : ne_producer_txn_abort(p);
        }
    }
    e = rd_kafka_commit_transaction(p->rk, -1);
    if (e) {
        r = txn_error(p, "commit_transaction_failed", e);
        return r == NE_TXN_FATAL ? r : ne_producer_txn_abort(p);
    }
    /* the commit flushed everything: serve the reports now */
    poll_reports(p, 0);
    ne_series_add(p->m_txn_committed, 1);
    return NE_TXN_OK;
}
