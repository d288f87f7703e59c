/*
 * newsenrich - the Kafka producer.
 *
 * Output payloads are not copied into librdkafka: they live in the job,
 * which lives until its last delivery report.
 */
#include "producer.h"
#include "../common/log.h"

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

struct ne_producer_s {
    rd_kafka_t *rk;
    rd_kafka_queue_t *queue;
    int pipefd[2];
    const ne_config_t *conf;
    ne_metrics_t *metrics;
    ne_job_done_cb_t *done;
    void *opaque;
    int eos;
    int txn_failed;     /* a delivery of the current transaction failed */
    int fatal;
    int destroying;     /* purging: failed deliveries just release */
    size_t jobs;        /* jobs with outstanding deliveries */
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
    ne_series_t *m_retries;
    ne_series_t *m_e2e;
    ne_series_t *m_txn_committed, *m_txn_aborted;
};

static const char *topic_of(const ne_producer_t *p, const ne_outmsg_t *om)
{
    if (om->rec < 0)
        return p->conf->topic_dlq;
    switch (om->job->out.recs[om->rec].kind) {
    case NE_OUT_ENRICHED: return p->conf->topic_enriched;
    case NE_OUT_ENTITY: return p->conf->topic_entities;
    case NE_OUT_CLAIM: return p->conf->topic_claims;
    default: return NULL;
    }
}

static void job_release(ne_producer_t *p, ne_job_t *job)
{
    if (--job->pending > 0)
        return;
    p->jobs--;
    p->done(p->opaque, job);
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

/* Headers of an enriched, entity or claim record derived from m. */
static rd_kafka_headers_t *record_headers(const rd_kafka_message_t *m,
                                          ne_out_kind_t kind)
{
    rd_kafka_headers_t *orig = NULL, *h = rd_kafka_headers_new(4);
    size_t i;

    rd_kafka_header_add(h, "content-type", -1, NE_CONTENT_TYPE_JSON, -1);
    rd_kafka_header_add(h, "schema", -1, schema_of_kind[kind], -1);
    if (rd_kafka_message_headers(m, &orig) || !orig)
        return h;
    for (i = 0; i < NE_ARRAY_SIZE(trace_headers); i++) {
        const void *v;
        size_t len;
        /* a repeated header: the last one counts, as in Kafka clients */
        if (!rd_kafka_header_get_last(orig, trace_headers[i], &v, &len))
            rd_kafka_header_add(h, trace_headers[i], -1, v, (ssize_t)len);
    }
    return h;
}

/* DLQ headers: the original ones plus error, reason, the source
 * coordinates and the DLQ's own schema. */
static rd_kafka_headers_t *dlq_headers(const ne_job_t *job, int omitted)
{
    rd_kafka_headers_t *orig = NULL, *h;
    char buf[32];
    const rd_kafka_message_t *m = job->msg;
    const char *cls = ne_err2str(job->err);
    const void *v;
    size_t len;

    if (!rd_kafka_message_headers(m, &orig) && orig)
        h = rd_kafka_headers_copy(orig);
    else
        h = rd_kafka_headers_new(8);
    rd_kafka_header_add(h, "error", -1, cls, -1);
    rd_kafka_header_add(h, "reason", -1, job->reason, -1);
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

static rd_kafka_resp_err_t produce_one(ne_producer_t *p, ne_outmsg_t *om,
                                       int omit_payload)
{
    const ne_job_t *job = om->job;
    const char *topic = topic_of(p, om);
    rd_kafka_resp_err_t err;

    for (;;) {
        if (om->rec < 0) {
            rd_kafka_headers_t *h = dlq_headers(job, omit_payload);
            err = rd_kafka_producev(
                p->rk, RD_KAFKA_V_TOPIC(topic),
                RD_KAFKA_V_KEY(job->msg->key, job->msg->key_len),
                RD_KAFKA_V_VALUE(omit_payload ? NULL : job->msg->payload,
                                 omit_payload ? 0 : job->msg->len),
                RD_KAFKA_V_HEADERS(h), RD_KAFKA_V_OPAQUE(om),
                RD_KAFKA_V_END);
            if (err)
                rd_kafka_headers_destroy(h); /* not taken on failure */
        } else {
            const ne_outrec_t *r = &job->out.recs[om->rec];
            rd_kafka_headers_t *h = record_headers(job->msg, r->kind);
            err = rd_kafka_producev(
                p->rk, RD_KAFKA_V_TOPIC(topic),
                RD_KAFKA_V_KEY(r->key_len ? job->out.data + r->key_off : NULL,
                               r->key_len),
                RD_KAFKA_V_VALUE(job->out.data + r->value_off, r->value_len),
                RD_KAFKA_V_HEADERS(h), RD_KAFKA_V_OPAQUE(om), RD_KAFKA_V_END);
            if (err)
                rd_kafka_headers_destroy(h); /* not taken on failure */
        }
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
            return err;
        /* librdkafka's queue is full: serve reports, then try again. The
         * pipeline pauses consumption long before this in normal runs. */
        rd_kafka_poll(p->rk, 50);
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

static void send_dlq(ne_producer_t *p, ne_job_t *job, int omit_payload);

static void oversized_add(ne_producer_t *p, const ne_job_t *job, int omit)
{
    unsigned i = p->oversized_next++ % NE_ARRAY_SIZE(p->oversized);
    snprintf(p->oversized[i].topic, sizeof(p->oversized[i].topic), "%s",
             rd_kafka_topic_name(job->msg->rkt));
    p->oversized[i].partition = job->msg->partition;
    p->oversized[i].offset = job->msg->offset;
    p->oversized[i].omit = omit;
}

/* Was this input's output rejected as too large before? Forgets it. */
static int oversized_take(ne_producer_t *p, const ne_job_t *job, int *omit)
{
    size_t i;
    for (i = 0; i < NE_ARRAY_SIZE(p->oversized); i++) {
        if (p->oversized[i].offset != job->msg->offset ||
            p->oversized[i].partition != job->msg->partition ||
            strcmp(p->oversized[i].topic, rd_kafka_topic_name(job->msg->rkt)))
            continue;
        *omit = p->oversized[i].omit;
        p->oversized[i].offset = -1;
        return 1;
    }
    return 0;
}

/* A record of job could not be delivered: synchronously (sync: librdkafka
 * refused it at produce time) or by report. The record's pending count is
 * still held by the caller's outmsg. */
static void delivery_failed(ne_producer_t *p, ne_outmsg_t *om,
                            rd_kafka_resp_err_t err, int omitted, int sync)
{
    ne_job_t *job = om->job;

    if (p->destroying) {
        job_release(p, job);
        return;
    }
    if (err == RD_KAFKA_RESP_ERR__FATAL) {
        char buf[512];
        rd_kafka_fatal_error(p->rk, buf, sizeof(buf));
        NE_LOG(NE_LOG_FATAL, "producer", "fatal_error", buf);
        p->fatal = 1;
        job_release(p, job); /* never committed: the pipeline exits */
        return;
    }
    if (p->eos && !(sync && is_too_large(err))) {
        /* a failed delivery poisons the transaction: it aborts and the
         * input is read again (a refusal at produce time does not) */
        if (!sync && is_too_large(err))
            oversized_add(p, job, om->rec < 0);
        if (!p->txn_failed)
            NE_LOG(NE_LOG_WARN, "producer", "transaction_delivery_failed",
                   "the open transaction will abort",
                   NE_KV_STR("error", rd_kafka_err2str(err)),
                   NE_KV_STR("topic", topic_of(p, om)));
        p->txn_failed = 1;
        job_release(p, job);
        return;
    }
    if (is_too_large(err) && om->rec >= 0) {
        /* this article's output cannot be published: DLQ the original */
        if (!job->to_dlq) {
            const ne_outrec_t *r = &job->out.recs[om->rec];
            job->to_dlq = 1;
            job->err = NE_ERR_OUTPUT_TOO_LARGE;
            snprintf(job->reason, sizeof(job->reason),
                     "output record of %zu bytes for topic %s is over the "
                     "size limit (%s)",
                     r->value_len, topic_of(p, om), rd_kafka_err2str(err));
            send_dlq(p, job, 0);
        }
        job_release(p, job);
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

/* One rate-limited line for dead letters of error class err (job: the
 * latest, NULL when flushing the count at shutdown). The info line holds
 * nothing from the message; the reason excerpt goes to a debug line. */
static void log_dead_letters(ne_producer_t *p, ne_err_t err,
                             const ne_job_t *job)
{
    char excerpt[NE_DLQ_LOG_REASON_MAX + 4];
    uint64_t count = p->dlq_log[err].unlogged;
    size_t n;

    p->dlq_log[err].unlogged = 0;
    p->dlq_log[err].logged_us = ne_now_us();
    if (!job) {
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
           NE_KV_STR("topic", rd_kafka_topic_name(job->msg->rkt)),
           NE_KV_INT("partition", job->msg->partition),
           NE_KV_INT("offset", job->msg->offset));
    if (!ne_log_enabled(NE_LOG_DEBUG))
        return;
    /* cut on a character boundary; the logger escapes the rest */
    n = strlen(job->reason);
    if (n > NE_DLQ_LOG_REASON_MAX) {
        n = NE_DLQ_LOG_REASON_MAX;
        while (n > 0 && ((unsigned char)job->reason[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(excerpt, job->reason, n);
    strcpy(excerpt + n, n < strlen(job->reason) ? "..." : "");
    NE_LOG(NE_LOG_DEBUG, "producer", "dead_letter_reason", excerpt,
           NE_KV_STR("error", ne_err2str(err)),
           NE_KV_INT("partition", job->msg->partition),
           NE_KV_INT("offset", job->msg->offset));
}

static void note_dead_letter(ne_producer_t *p, const ne_job_t *job)
{
    ne_err_t err = job->err < NE_ERR__CNT ? job->err : NE_ERR_PROCESSING;
    p->dlq_log[err].unlogged++;
    if (!p->dlq_log[err].logged_us ||
        ne_now_us() - p->dlq_log[err].logged_us >= NE_DLQ_LOG_INTERVAL_US)
        log_dead_letters(p, err, job);
}

static void send_dlq(ne_producer_t *p, ne_job_t *job, int omit_payload)
{
    ne_outmsg_t *om = &job->outmsgs[job->out.cnt];
    const char *lv[] = {ne_err2str(job->err)};
    rd_kafka_resp_err_t err;

    om->job = job;
    om->rec = -1;
    job->pending++;
    ne_metrics_add(p->metrics, "newsenrich_messages_failed_total", lv, 1);
    note_dead_letter(p, job);
    if ((err = produce_one(p, om, omit_payload)))
        delivery_failed(p, om, err, omit_payload, 1);
}

int ne_producer_send(ne_producer_t *p, ne_job_t *job)
{
    size_t i;
    int omit = 0;

    job->outmsgs = ne_calloc(job->out.cnt + 1, sizeof(ne_outmsg_t));
    /* hold one reference while producing so that an early report cannot
     * finish the job half-way */
    job->pending = 1;
    p->jobs++;
    if (p->eos && !job->err && oversized_take(p, job, &omit)) {
        job->err = NE_ERR_OUTPUT_TOO_LARGE;
        snprintf(job->reason, sizeof(job->reason),
                 "an output record was over the broker's size limit (its "
                 "transaction was aborted; the article goes to the DLQ)");
    }
    if (job->err) {
        job->to_dlq = 1;
        send_dlq(p, job, omit);
    } else {
        for (i = 0; i < job->out.cnt && !job->to_dlq; i++) {
            ne_outmsg_t *om = &job->outmsgs[i];
            const char *topic;
            rd_kafka_resp_err_t err;
            om->job = job;
            om->rec = (int32_t)i;
            topic = topic_of(p, om);
            if (!topic || !*topic)
                continue; /* that output is switched off */
            job->pending++;
            if ((err = produce_one(p, om, 0)))
                delivery_failed(p, om, err, 0, 1);
        }
    }
    job_release(p, job);
    return p->fatal ? -1 : 0;
}

static void dr_msg_cb(rd_kafka_t *rk, const rd_kafka_message_t *m,
                      void *opaque)
{
    ne_producer_t *p = opaque;
    ne_outmsg_t *om = m->_private;
    ne_job_t *job = om->job;
    (void)rk;

    if (m->err) {
        delivery_failed(p, om, m->err, m->payload == NULL && om->rec < 0, 0);
        return;
    }
    ne_series_add(p->m_produced[om->rec < 0 ? NE_OUT__CNT
                                            : job->out.recs[om->rec].kind],
                  1);
    if (om->rec >= 0 && job->out.recs[om->rec].kind == NE_OUT_ENRICHED) {
        rd_kafka_timestamp_type_t tt;
        int64_t ts = rd_kafka_message_timestamp(job->msg, &tt);
        if (ts > 0 && tt == RD_KAFKA_TIMESTAMP_CREATE_TIME)
            ne_series_observe(p->m_e2e,
                              (double)(ne_wallclock_ms() - ts) / 1000.0);
    }
    job_release(p, job);
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

static void log_cb(const rd_kafka_t *rk, int level, const char *fac,
                   const char *buf)
{
    ne_log_level_t l = level <= 3   ? NE_LOG_ERROR
                       : level == 4 ? NE_LOG_WARN
                       : level <= 6 ? NE_LOG_INFO
                                    : NE_LOG_DEBUG;
    (void)rk;
    /* the kafka object is shared by consumer and producer: each one
     * ignoring the other's properties is expected, not worth a warning */
    if (l == NE_LOG_WARN && !strcmp(fac, "CONFWARN") &&
        strstr(buf, "will be ignored by this"))
        l = NE_LOG_DEBUG;
    NE_LOG(l, "librdkafka", fac, buf);
}

/* Consumer-only properties in the shared kafka object would make the
 * producer warn at start; they are meaningless to it, so skip them. */
static int consumer_only(const char *k)
{
    static const char *const keys[] = {
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
    size_t i;
    for (i = 0; keys[i]; i++)
        if (!strcmp(keys[i], k))
            return 1;
    return 0;
}

static int conf_set(rd_kafka_conf_t *kc, const char *k, const char *v,
                    char *errstr, size_t errstr_size)
{
    char err[512];
    if (rd_kafka_conf_set(kc, k, v, err, sizeof(err)) != RD_KAFKA_CONF_OK) {
        ne_errf(errstr, errstr_size, "kafka.%s: %s", k, err);
        return -1;
    }
    return 0;
}

static const char *const topic_labels[] = {"topic", NULL};
static const char *const reason_labels[] = {"reason", NULL};
static const char *const result_labels[] = {"result", NULL};
static const double e2e_buckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                     0.5,   1,    2.5,   5,    10,  30};

static const char *group_id(const ne_config_t *conf)
{
    size_t i;
    for (i = 0; i < conf->kafka_cnt; i++)
        if (!strcmp(conf->kafka[i].key, "group.id"))
            return conf->kafka[i].value;
    return "newsenrich";
}

ne_producer_t *ne_producer_new(const ne_config_t *conf, const char *bootstrap,
                               ne_metrics_t *metrics, ne_job_done_cb_t *done,
                               void *opaque, char *errstr, size_t errstr_size)
{
    static const char *const defaults[][2] = {
        {"client.id", "newsenrich"},
        /* README, Configuration: CPU per article against latency */
        {"linger.ms", "20"},
        {"compression.codec", "none"},
        {"queue.buffering.max.messages", "500000"},
        {"queue.buffering.max.kbytes", "262144"},
    };
    ne_producer_t *p = ne_calloc(1, sizeof(*p));
    rd_kafka_conf_t *kc = rd_kafka_conf_new();
    char err[512];
    size_t i;

    p->conf = conf;
    p->metrics = metrics;
    p->done = done;
    p->opaque = opaque;
    p->eos = conf->guarantee == NE_GUARANTEE_EXACTLY_ONCE;
    p->pipefd[0] = p->pipefd[1] = -1;
    for (i = 0; i < NE_ARRAY_SIZE(p->oversized); i++)
        p->oversized[i].offset = -1;

    for (i = 0; i < NE_ARRAY_SIZE(defaults); i++) {
        size_t j;
        int user = 0;
        for (j = 0; j < conf->kafka_cnt; j++)
            if (!strcmp(conf->kafka[j].key, defaults[i][0]))
                user = 1;
        if (!user &&
            conf_set(kc, defaults[i][0], defaults[i][1], errstr, errstr_size))
            goto fail;
    }
    for (i = 0; i < conf->kafka_cnt; i++)
        if (!consumer_only(conf->kafka[i].key) &&
            conf_set(kc, conf->kafka[i].key, conf->kafka[i].value, errstr,
                     errstr_size))
            goto fail;
    if (bootstrap &&
        conf_set(kc, "bootstrap.servers", bootstrap, errstr, errstr_size))
        goto fail;
    /* idempotence: broker-side retries never duplicate or reorder */
    if (conf_set(kc, "enable.idempotence", "true", errstr, errstr_size))
        goto fail;
    if (p->eos) {
        char tid[512];
        if (*conf->transactional_id)
            snprintf(tid, sizeof(tid), "%s", conf->transactional_id);
        else {
            char host[256] = "localhost";
            gethostname(host, sizeof(host) - 1);
            snprintf(tid, sizeof(tid), "%s-%s", group_id(conf), host);
        }
        if (conf_set(kc, "transactional.id", tid, errstr, errstr_size))
            goto fail;
        NE_LOG(NE_LOG_INFO, "producer", "transactional_id", "",
               NE_KV_STR("transactional_id", tid));
    }
    rd_kafka_conf_set_opaque(kc, p);
    rd_kafka_conf_set_dr_msg_cb(kc, dr_msg_cb);
    rd_kafka_conf_set_error_cb(kc, error_cb);
    rd_kafka_conf_set_log_cb(kc, log_cb);

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
    int e;
    if (!p)
        return;
    /* the counts not yet logged, so the lines add up to every dead letter */
    for (e = 0; e < NE_ERR__CNT; e++)
        if (p->dlq_log[e].unlogged)
            log_dead_letters(p, (ne_err_t)e, NULL);
    if (p->queue)
        rd_kafka_queue_destroy(p->queue);
    if (p->rk) {
        /* Outputs still in librdkafka belong to jobs that were never
         * finished (their input is not committed and will be read again).
         * Purge them and serve the reports so the jobs are handed back. */
        int i;
        p->destroying = 1;
        rd_kafka_purge(p->rk,
                       RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        for (i = 0; i < 100 && rd_kafka_outq_len(p->rk) > 0; i++)
            rd_kafka_poll(p->rk, 10);
        rd_kafka_poll(p->rk, 0);
        while (p->retry_head) {
            ne_outmsg_t *om = p->retry_head;
            p->retry_head = om->retry_next;
            job_release(p, om->job);
        }
        rd_kafka_destroy(p->rk);
    }
    if (p->pipefd[0] >= 0)
        close(p->pipefd[0]);
    if (p->pipefd[1] >= 0)
        close(p->pipefd[1]);
    free(p);
}

void ne_producer_poll(ne_producer_t *p, int timeout_ms)
{
    int64_t now = ne_now_us();
    rd_kafka_poll(p->rk, timeout_ms);
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

size_t ne_producer_jobs(const ne_producer_t *p)
{
    return p->jobs;
}

int ne_producer_fatal(ne_producer_t *p)
{
    return p->fatal;
}

int ne_producer_flush(ne_producer_t *p, int timeout_ms)
{
    int64_t deadline = ne_now_us() + (int64_t)timeout_ms * 1000;
    while (p->jobs > 0 && !p->fatal) {
        int64_t left = (deadline - ne_now_us()) / 1000;
        if (left <= 0)
            break;
        ne_producer_poll(p, (int)NE_MIN(left, 100));
    }
    return p->jobs > 0 ? -1 : 0;
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
    rd_kafka_poll(p->rk, 0);
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
    rd_kafka_poll(p->rk, 0);
    ne_series_add(p->m_txn_committed, 1);
    return NE_TXN_OK;
}
