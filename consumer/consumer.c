/*
 * newsenrich - the Kafka consumer.
 *
 * At-least-once: enable.auto.offset.store=false and auto-commit on; the
 * pipeline marks messages finished only when all their outputs are
 * acknowledged, and ne_consumer_store() hands librdkafka the contiguous
 * watermark, which auto-commit then commits. Exactly-once: no auto-commit;
 * the watermarks go into the producer's transaction.
 *
 * Eager `range` assignment is the default: Debian's librdkafka 2.0.2 has
 * cooperative-sticky bugs fixed only in 2.4-2.10 (duplicates, hangs on
 * close, lost assignments), so cooperative-sticky gets a warning there.
 */
#include "consumer.h"
#include "../common/log.h"
#include "../kafkaconf/kafkaconf.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct ne_consumer_s {
    rd_kafka_t *rk;
    rd_kafka_queue_t *queue; /* events: rebalances, errors, statistics */
    rd_kafka_queue_t *msgq;  /* messages of every assigned partition */
    int pipefd[2];
    const ne_config_t *conf;
    ne_metrics_t *metrics;
    ne_health_t *health;
    ne_consumer_cbs_t cbs;
    ne_part_t *parts;
    size_t part_cnt, part_cap;
    int paused; /* held: ne_consumer_poll() leaves msgq alone */
    int fatal;
    int closed;
    int eos;
    ne_series_t *m_rebalance[3]; /* assign, revoke, lost */
    ne_series_t *m_commit_ok, *m_commit_err;
    ne_series_t *m_assigned, *m_paused;
    _Atomic int x509_error; /* last certificate error (broker threads) */
};

/* ---- partition table --------------------------------------------------- */

static uint32_t part_slot(ne_consumer_t *c, const char *topic,
                          int32_t partition)
{
    size_t i;
    for (i = 0; i < c->part_cnt; i++)
        if (c->parts[i].partition == partition &&
            !strcmp(c->parts[i].topic, topic))
            return (uint32_t)i;
    NE_GROW(c->parts, c->part_cap, c->part_cnt + 1);
    memset(&c->parts[c->part_cnt], 0, sizeof(ne_part_t));
    c->parts[c->part_cnt].topic = ne_strdup(topic);
    c->parts[c->part_cnt].partition = partition;
    c->parts[c->part_cnt].offsets = ne_offsets_new();
    c->parts[c->part_cnt].txn_start = -1;
    c->parts[c->part_cnt].next_offset = -1;
    c->parts[c->part_cnt].lag = -1;
    c->parts[c->part_cnt].committed = -1;
    return (uint32_t)c->part_cnt++;
}

static int assigned_cnt(const ne_consumer_t *c)
{
    size_t i;
    int n = 0;
    for (i = 0; i < c->part_cnt; i++)
        n += c->parts[i].assigned;
    return n;
}

/* ---- callbacks (main thread, inside rd_kafka_consumer_poll) ----------- */

static void update_assigned_gauges(ne_consumer_t *c)
{
    int n = assigned_cnt(c);
    atomic_store(&c->health->assigned, n);
    ne_series_set(c->m_assigned, n);
    ne_series_set(c->m_paused, c->paused ? n : 0);
}

/* Route a partition's fetched messages to msgq instead of the consumer
 * queue. Done for every assignment, before librdkafka starts fetching,
 * and again with every statistics event. librdkafka clears a partition
 * queue's forwarding when it stops fetching (on every revoke), and once
 * the application has set a forwarding it no longer forwards the queue
 * when fetching starts (RD_KAFKA_Q_F_FWD_APP): a reassigned partition
 * whose forwarding nobody set again would collect its messages where
 * nothing reads them, and the worker would stall. */
static void forward_to_msgq(ne_consumer_t *c, const ne_part_t *p)
{
    rd_kafka_queue_t *pq =
        rd_kafka_queue_get_partition(c->rk, p->topic, p->partition);
    if (!pq) {
        /* only a producer handle answers NULL */
        NE_LOG(NE_LOG_ERROR, "consumer", "partition_queue_missing", "",
               NE_KV_STR("topic", p->topic),
               NE_KV_INT("partition", p->partition));
        return;
    }
    rd_kafka_queue_forward(pq, c->msgq);
    rd_kafka_queue_destroy(pq);
}

static void rebalance_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                         rd_kafka_topic_partition_list_t *parts, void *opaque)
{
    ne_consumer_t *c = opaque;
    int cooperative = !strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE");
    int i;

    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        for (i = 0; i < parts->cnt; i++) {
            /* part_slot() may grow c->parts: index after calling it */
            uint32_t slot = part_slot(c, parts->elems[i].topic,
                                      parts->elems[i].partition);
            ne_part_t *p = &c->parts[slot];
            p->assigned = 1;
            p->revoking = 0;
            p->gen++;
            p->advanced = 0;
            p->txn_start = -1;
            p->next_offset = -1;
            p->skipping = 0;
            p->lag = -1;
            p->progress_ms = ne_wallclock_ms();
            p->jobs = 0;
            ne_offsets_reset(p->offsets);
            forward_to_msgq(c, p);
        }
        if (cooperative) {
            rd_kafka_error_t *e = rd_kafka_incremental_assign(rk, parts);
            if (e) {
                NE_LOG(NE_LOG_ERROR, "consumer", "assign_failed",
                       rd_kafka_error_string(e));
                rd_kafka_error_destroy(e);
            }
        } else {
            rd_kafka_assign(rk, parts);
        }
        ne_series_add(c->m_rebalance[0], 1);
        atomic_store(&c->health->joined, 1); /* readiness: idle counts */
        update_assigned_gauges(c);
        NE_LOG(NE_LOG_INFO, "consumer", "partitions_assigned", "",
               NE_KV_INT("count", parts->cnt),
               NE_KV_INT("assigned", assigned_cnt(c)),
               NE_KV_INT("held", c->paused),
               NE_KV_STR("protocol", rd_kafka_rebalance_protocol(rk)));
        return;
    }

    if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
        int lost = rd_kafka_assignment_lost(rk);
        for (i = 0; i < parts->cnt; i++) {
            uint32_t slot = part_slot(c, parts->elems[i].topic,
                                      parts->elems[i].partition);
            c->parts[slot].revoking = 1;
        }
        NE_LOG(lost ? NE_LOG_WARN : NE_LOG_INFO, "consumer",
               lost ? "partitions_lost" : "partitions_revoked", "",
               NE_KV_INT("count", parts->cnt),
               NE_KV_INT("held", c->paused),
               NE_KV_INT("pending", (int64_t)ne_consumer_pending_revoking(c)));
        /* the pipeline finishes what it can and commits (unless lost) */
        if (c->cbs.revoke)
            c->cbs.revoke(c->cbs.opaque, lost);
        for (i = 0; i < parts->cnt; i++) {
            uint32_t slot = part_slot(c, parts->elems[i].topic,
                                      parts->elems[i].partition);
            ne_part_t *p = &c->parts[slot];
            p->assigned = 0;
            p->revoking = 0;
            p->gen++; /* late completions of its messages are now ignored */
            p->jobs = 0;
            p->next_offset = -1;
            ne_offsets_reset(p->offsets);
        }
        if (cooperative) {
            rd_kafka_error_t *e = rd_kafka_incremental_unassign(rk, parts);
            if (e)
                rd_kafka_error_destroy(e);
        } else {
            rd_kafka_assign(rk, NULL);
        }
        ne_series_add(c->m_rebalance[lost ? 2 : 1], 1);
        update_assigned_gauges(c);
        return;
    }

    NE_LOG(NE_LOG_ERROR, "consumer", "rebalance_error", rd_kafka_err2str(err));
    rd_kafka_assign(rk, NULL);
}

static void offset_commit_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                             rd_kafka_topic_partition_list_t *offsets,
                             void *opaque)
{
    ne_consumer_t *c = opaque;
    (void)rk;
    (void)offsets;
    if (err == RD_KAFKA_RESP_ERR__NO_OFFSET)
        return; /* nothing to commit */
    if (err) {
        ne_series_add(c->m_commit_err, 1);
        NE_LOG(NE_LOG_WARN, "consumer", "commit_failed", rd_kafka_err2str(err));
    } else {
        ne_series_add(c->m_commit_ok, 1);
    }
}

/* What an OpenSSL X509_V_ERR_* code means for a user, in plain words. */
static const char *x509_reason(int x509_error)
{
    /* OpenSSL's X509_V_ERR_* numbers (stable ABI), the ones users meet */
    switch (x509_error) {
    case 9: return "the certificate is not yet valid";
    case 10: return "the certificate has expired";
    case 2:
    case 20:
    case 21:
        return "the certificate is not signed by a CA in ssl.ca.location";
    case 18:
    case 19:
        return "a self-signed certificate not in ssl.ca.location";
    case 62: return "the certificate does not name the broker's host";
    default: return "the certificate was rejected by OpenSSL";
    }
}

/* OpenSSL's verdict on a broker certificate, kept unchanged; what it
 * found wrong is remembered (and written where librdkafka logs it) so
 * the failure says "expired" rather than "could not be verified".
 * Broker threads. */
static int cert_verify_cb(rd_kafka_t *rk, const char *broker_name,
                          int32_t broker_id, int *x509_error, int depth,
                          const char *buf, size_t size, char *errstr,
                          size_t errstr_size, void *opaque)
{
    ne_consumer_t *c = opaque;
    (void)rk;
    (void)broker_id;
    (void)buf;
    (void)size;
    if (*x509_error == 0)
        return 1;
    atomic_store(&c->x509_error, *x509_error);
    ne_errf(errstr, errstr_size, "%s: certificate at depth %d: %s",
            broker_name, depth, x509_reason(*x509_error));
    return 0;
}

/* One clear line when the brokers refuse us (then not again until a
 * broker was up): what failed, what to check, librdkafka's words. */
static int auth_failed(ne_consumer_t *c, int err, const char *reason)
{
    int kind = err == RD_KAFKA_RESP_ERR__AUTHENTICATION ? NE_HEALTH_AUTH_SASL
               : err == RD_KAFKA_RESP_ERR__SSL          ? NE_HEALTH_AUTH_TLS
                                                        : NE_HEALTH_AUTH_OK;
    int x509 = atomic_load(&c->x509_error);
    const char *cert = x509 ? x509_reason(x509) : "";
    /* With TLS 1.3 the broker judges our certificate after the handshake:
     * its refusal arrives as an alert on the first read. */
    if (err == RD_KAFKA_RESP_ERR__TRANSPORT && reason &&
        strstr(reason, "SSL alert") && strstr(reason, "certificate")) {
        kind = NE_HEALTH_AUTH_TLS;
        cert = "the broker refused our client certificate (or none was "
               "sent: ssl.certificate.location, ssl.key.location)";
    }
    if (kind == NE_HEALTH_AUTH_OK)
        return 0;
    if (atomic_exchange(&c->health->kafka_auth, kind) == kind)
        return 1;
    NE_LOG(NE_LOG_ERROR, "consumer", "kafka_auth_failed",
           kind == NE_HEALTH_AUTH_SASL
               ? "SASL authentication failed: check sasl.mechanism, "
                 "sasl.username and the password; retrying"
               : "TLS handshake failed: check ssl.ca.location, the "
                 "certificates and their dates; retrying",
           NE_KV_STR("error", rd_kafka_err2name(err)),
           NE_KV_STR("certificate", cert),
           NE_KV_STR("reason", reason));
    return 1;
}

static void error_cb(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
    ne_consumer_t *c = opaque;
    if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
        atomic_store(&c->health->connected, 0);
    if (auth_failed(c, err, reason))
        return;
    if (err == RD_KAFKA_RESP_ERR__FATAL) {
        char buf[512];
        rd_kafka_fatal_error(rk, buf, sizeof(buf));
        c->fatal = 1;
        NE_LOG(NE_LOG_FATAL, "consumer", "fatal_error", buf);
        return;
    }
    NE_LOG(NE_LOG_WARN, "consumer", "kafka_error", reason,
           NE_KV_STR("error", rd_kafka_err2name(err)));
}

/* Messages librdkafka fetched for partition p since the last count: its
 * `rxmsgs` statistic is cumulative per partition object (a smaller value
 * means a new object, counted from zero). */
static int64_t fetched_since(ne_part_t *p, int64_t rxmsgs)
{
    int64_t d = rxmsgs >= p->rxmsgs ? rxmsgs - p->rxmsgs : rxmsgs;
    p->rxmsgs = rxmsgs;
    return d;
}

/* librdkafka statistics: per-partition lag and committed offsets (lag
 * gauge, stall detection), messages fetched (counted before the lag is
 * set, so a lag seen on /metrics implies the fetches before it are
 * counted) and broker states (readiness). */
static int stats_cb(rd_kafka_t *rk, char *json, size_t json_len, void *opaque)
{
    ne_consumer_t *c = opaque;
    json_t *root, *topics, *brokers, *tobj, *bobj;
    const char *tname, *bname;
    int up = 0;
    size_t k;
    (void)rk;

    root = json_loadb(json, json_len, 0, NULL);
    if (!root)
        return 0;
    brokers = json_object_get(root, "brokers");
    json_object_foreach(brokers, bname, bobj) {
        json_t *st = json_object_get(bobj, "state");
        json_t *id = json_object_get(bobj, "nodeid");
        if (json_is_string(st) && !strcmp(json_string_value(st), "UP") &&
            json_integer_value(id) >= 0)
            up++;
    }
    atomic_store(&c->health->connected, up > 0);
    if (up > 0) {
        atomic_store(&c->health->kafka_auth, NE_HEALTH_AUTH_OK);
        atomic_store(&c->x509_error, 0);
    }

    ne_metrics_family_clear(c->metrics, "newsenrich_consumer_lag");
    topics = json_object_get(root, "topics");
    json_object_foreach(topics, tname, tobj) {
        json_t *parts = json_object_get(tobj, "partitions"), *pobj;
        const char *pname, *tv[] = {tname};
        ne_series_t *fetched =
            ne_metrics_get(c->metrics, "newsenrich_messages_fetched_total", tv);
        json_object_foreach(parts, pname, pobj) {
            int64_t pid = json_integer_value(json_object_get(pobj, "partition"));
            int64_t lag = json_integer_value(json_object_get(pobj, "consumer_lag"));
            int64_t comm =
                json_integer_value(json_object_get(pobj, "committed_offset"));
            int64_t rx = json_integer_value(json_object_get(pobj, "rxmsgs"));
            if (lag < 0 && comm < 0) {
                /* nothing committed yet: everything from the log start
                 * (to the last stable offset) is still to do */
                int64_t lo = json_integer_value(json_object_get(pobj, "lo_offset"));
                int64_t hi = json_integer_value(json_object_get(pobj, "ls_offset"));
                if (hi < 0)
                    hi = json_integer_value(json_object_get(pobj, "hi_offset"));
                if (lo >= 0 && hi >= lo)
                    lag = hi - lo;
            }
            const char *fs =
                json_string_value(json_object_get(pobj, "fetch_state"));
            size_t i;
            char pbuf[16];
            if (pid < 0)
                continue; /* the internal UA partition */
            for (i = 0; i < c->part_cnt; i++) {
                ne_part_t *p = &c->parts[i];
                if (p->partition != pid || strcmp(p->topic, tname))
                    continue;
                /* a partition fetched from has a slot: it was assigned */
                ne_series_add(fetched, (double)fetched_since(p, rx));
                if (!p->assigned)
                    continue;
                if (comm != p->committed) {
                    p->committed = comm;
                    p->progress_ms = ne_wallclock_ms();
                }
                p->lag = lag;
                if (lag >= 0 && fs && strcmp(fs, "none")) {
                    const char *lv[] = {tname, pbuf};
                    snprintf(pbuf, sizeof(pbuf), "%d", (int)pid);
                    ne_metrics_set(c->metrics, "newsenrich_consumer_lag", lv,
                                   (double)lag);
                }
            }
        }
    }
    json_decref(root);
    /* the forwarding is set at every assignment; setting it again is
     * harmless and mends it, should librdkafka ever clear it otherwise */
    for (k = 0; k < c->part_cnt; k++)
        if (c->parts[k].assigned)
            forward_to_msgq(c, &c->parts[k]);
    return 0;
}

/* ---- lifecycle --------------------------------------------------------- */

static const char *const lag_labels[] = {"topic", "partition", NULL};
static const char *const topic_labels[] = {"topic", NULL};
static const char *const rebalance_labels[] = {"type", NULL};
static const char *const result_labels[] = {"result", NULL};

ne_consumer_t *ne_consumer_new(const ne_config_t *conf, const char *bootstrap,
                               ne_metrics_t *metrics, ne_health_t *health,
                               const ne_consumer_cbs_t *cbs, char *errstr,
                               size_t errstr_size)
{
    /* our defaults; the user's kafka.* values win over these */
    static const ne_kafkaconf_default_t defaults[] = {
        {"group.id", "newsenrich"},
        {"client.id", "newsenrich"},
        {"partition.assignment.strategy", "range"},
        {"auto.commit.interval.ms", "1000"},
        {"statistics.interval.ms", "1000"},
        {"queued.max.messages.kbytes", "16384"},
        {"queued.min.messages", "10000"},
        {"isolation.level", "read_committed"},
        {"auto.offset.reset", "earliest"},
    };
    ne_consumer_t *c = ne_calloc(1, sizeof(*c));
    rd_kafka_conf_t *kc = NULL;
    const char *strategy;
    char err[512];
    size_t i;

    c->conf = conf;
    c->metrics = metrics;
    c->health = health;
    c->cbs = *cbs;
    c->eos = conf->guarantee == NE_GUARANTEE_EXACTLY_ONCE;
    c->pipefd[0] = c->pipefd[1] = -1;

    if (!(kc = ne_kafkaconf_new(conf, NE_KAFKACONF_CONSUMER, defaults,
                                NE_ARRAY_SIZE(defaults), bootstrap, errstr,
                                errstr_size)))
        goto fail;
    /* offsets are ours to store: only after every output is delivered */
    if (ne_kafkaconf_set(kc, "enable.auto.offset.store", "false", errstr,
                         errstr_size) ||
        ne_kafkaconf_set(kc, "enable.auto.commit", c->eos ? "false" : "true",
                         errstr, errstr_size) ||
        ne_kafkaconf_set(kc, "enable.partition.eof", "false", errstr,
                         errstr_size))
        goto fail;

    strategy = ne_kafkaconf_user_value(conf, "partition.assignment.strategy");
    if (strategy && strstr(strategy, "cooperative") &&
        rd_kafka_version() < 0x020a0000)
        NE_LOG(NE_LOG_WARN, "consumer", "cooperative_sticky_unsafe",
               "cooperative-sticky on librdkafka < 2.10 has known bugs "
               "(duplicates, hangs on close, lost assignments); prefer "
               "\"range\" with static membership (group.instance.id)",
               NE_KV_STR("librdkafka", rd_kafka_version_str()));

    rd_kafka_conf_set_opaque(kc, c);
    rd_kafka_conf_set_rebalance_cb(kc, rebalance_cb);
    rd_kafka_conf_set_offset_commit_cb(kc, offset_commit_cb);
    rd_kafka_conf_set_error_cb(kc, error_cb);
    /* fails only on a librdkafka without SSL, where it has no use */
    (void)rd_kafka_conf_set_ssl_cert_verify_cb(kc, cert_verify_cb);
    rd_kafka_conf_set_stats_cb(kc, stats_cb);

    c->rk = rd_kafka_new(RD_KAFKA_CONSUMER, kc, err, sizeof(err));
    if (!c->rk) {
        ne_errf(errstr, errstr_size, "cannot create the consumer: %s", err);
        goto fail;
    }
    kc = NULL; /* owned by rk now */
    rd_kafka_poll_set_consumer(c->rk);

    /* wake the main loop's poll(2) when the consumer queue gets events */
    if (pipe2(c->pipefd, O_NONBLOCK | O_CLOEXEC)) {
        ne_errf(errstr, errstr_size, "pipe: %s", strerror(errno));
        goto fail;
    }
    c->queue = rd_kafka_queue_get_consumer(c->rk);
    rd_kafka_queue_io_event_enable(c->queue, c->pipefd[1], "1", 1);
    c->msgq = rd_kafka_queue_new(c->rk);
    rd_kafka_queue_io_event_enable(c->msgq, c->pipefd[1], "1", 1);

    ne_metrics_declare(metrics, "newsenrich_consumer_lag", NE_METRIC_GAUGE,
                       "Messages between the committed offset and the end "
                       "of the partition (librdkafka statistics).",
                       lag_labels, NULL, 0);
    ne_metrics_declare(metrics, "newsenrich_messages_fetched_total",
                       NE_METRIC_COUNTER,
                       "Messages fetched from the brokers, by input topic "
                       "(librdkafka statistics, refreshed every second); "
                       "above the consumed count when prefetched messages "
                       "are dropped and fetched again.",
                       topic_labels, NULL, 0);
    for (i = 0; conf->topics_input[i]; i++) {
        const char *tv[] = {conf->topics_input[i]};
        ne_metrics_get(metrics, "newsenrich_messages_fetched_total", tv);
    }
    ne_metrics_declare(metrics, "newsenrich_rebalances_total",
                       NE_METRIC_COUNTER,
                       "Rebalance events by type (assign, revoke, lost).",
                       rebalance_labels, NULL, 0);
    ne_metrics_declare(metrics, "newsenrich_commits_total", NE_METRIC_COUNTER,
                       "Offset commits by result.", result_labels, NULL, 0);
    ne_metrics_declare(metrics, "newsenrich_assigned_partitions",
                       NE_METRIC_GAUGE, "Partitions assigned to this worker.",
                       NULL, NULL, 0);
    ne_metrics_declare(metrics, "newsenrich_paused_partitions",
                       NE_METRIC_GAUGE,
                       "Assigned partitions held back by backpressure or "
                       "shutdown.",
                       NULL, NULL, 0);
    {
        const char *v[][1] = {{"assign"}, {"revoke"}, {"lost"}};
        const char *ok[] = {"ok"}, *er[] = {"error"};
        for (i = 0; i < 3; i++)
            c->m_rebalance[i] =
                ne_metrics_get(metrics, "newsenrich_rebalances_total", v[i]);
        c->m_commit_ok = ne_metrics_get(metrics, "newsenrich_commits_total", ok);
        c->m_commit_err = ne_metrics_get(metrics, "newsenrich_commits_total", er);
        c->m_assigned =
            ne_metrics_get(metrics, "newsenrich_assigned_partitions", NULL);
        c->m_paused =
            ne_metrics_get(metrics, "newsenrich_paused_partitions", NULL);
    }
    return c;
fail:
    if (kc)
        rd_kafka_conf_destroy(kc);
    ne_consumer_destroy(c);
    return NULL;
}

int ne_consumer_subscribe(ne_consumer_t *c, char *errstr, size_t errstr_size)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(4);
    rd_kafka_resp_err_t err;
    size_t i;
    for (i = 0; c->conf->topics_input[i]; i++)
        rd_kafka_topic_partition_list_add(l, c->conf->topics_input[i],
                                          RD_KAFKA_PARTITION_UA);
    err = rd_kafka_subscribe(c->rk, l);
    rd_kafka_topic_partition_list_destroy(l);
    if (err) {
        ne_errf(errstr, errstr_size, "subscribe: %s", rd_kafka_err2str(err));
        return -1;
    }
    atomic_store(&c->health->subscribed, 1);
    return 0;
}

void ne_consumer_close(ne_consumer_t *c)
{
    rd_kafka_resp_err_t err;
    if (!c || !c->rk || c->closed)
        return;
    c->closed = 1;
    err = rd_kafka_consumer_close(c->rk);
    if (err)
        NE_LOG(NE_LOG_WARN, "consumer", "close_failed", rd_kafka_err2str(err));
    atomic_store(&c->health->assigned, 0);
}

void ne_consumer_destroy(ne_consumer_t *c)
{
    size_t i;
    if (!c)
        return;
    if (c->queue)
        rd_kafka_queue_destroy(c->queue);
    c->queue = NULL;
    if (c->rk)
        ne_consumer_close(c);
    /* after the close has stopped the fetchers; drops what it holds */
    if (c->msgq)
        rd_kafka_queue_destroy(c->msgq);
    if (c->rk)
        rd_kafka_destroy(c->rk);
    for (i = 0; i < c->part_cnt; i++) {
        free(c->parts[i].topic);
        ne_offsets_destroy(c->parts[i].offsets);
    }
    free(c->parts);
    if (c->pipefd[0] >= 0)
        close(c->pipefd[0]);
    if (c->pipefd[1] >= 0)
        close(c->pipefd[1]);
    free(c);
}

/* ---- polling and offsets ---------------------------------------------- */

/* Events first, every time, held or not: rebalances, errors, statistics
 * and commit results are served by rd_kafka_consumer_poll(), which also
 * keeps max.poll.interval.ms satisfied. It returns a message only in the
 * window before a new partition's queue is forwarded to msgq. */
rd_kafka_message_t *ne_consumer_poll(ne_consumer_t *c, int timeout_ms)
{
    rd_kafka_message_t *m = rd_kafka_consumer_poll(c->rk, 0);
    if (m || c->paused)
        return m;
    return rd_kafka_consume_queue(c->msgq, timeout_ms);
}

int ne_consumer_fd(ne_consumer_t *c)
{
    return c->pipefd[0];
}

void ne_consumer_fd_clear(ne_consumer_t *c)
{
    char buf[64];
    while (read(c->pipefd[0], buf, sizeof(buf)) > 0)
        ;
}

/* librdkafka 2.0.2 can move a partition's fetcher back on its own. A
 * partition without a committed offset starts with an auto.offset.reset
 * lookup (ListOffsets for BEGINNING); when the partition is paused and
 * resumed while that lookup is in flight (our backpressure did so before
 * it held the intake back instead; seen in it.eos_fencing), the resume
 * starts a second lookup, the first reply comes back "outdated" and arms a 500 ms retry
 * timer that nothing cancels. The timer fires after the partition is
 * active ("timed offset query for BEGINNING in state active"), and the
 * fetcher restarts at offset 0 ("fetch decide: ... at offset 0 (was
 * 1500)"): everything consumed in those 500 ms comes again. Processing it
 * twice puts it into two transactions, and a read_committed reader sees
 * both copies. Within one assignment offsets only grow, except after our
 * own seek (ne_consumer_rewind() lowers next_offset to the seek target),
 * so anything below next_offset is such a re-delivery and is dropped. */
int ne_consumer_track(ne_consumer_t *c, const rd_kafka_message_t *msg,
                      uint32_t *part, uint32_t *gen)
{
    uint32_t s = part_slot(c, rd_kafka_topic_name(msg->rkt), msg->partition);
    ne_part_t *p = &c->parts[s];
    if (p->next_offset >= 0 && msg->offset < p->next_offset) {
        if (!p->skipping)
            NE_LOG(NE_LOG_WARN, "consumer", "redelivery_dropped",
                   "librdkafka went back to an offset already consumed "
                   "under this assignment; dropping the repeated messages",
                   NE_KV_STR("topic", p->topic),
                   NE_KV_INT("partition", p->partition),
                   NE_KV_INT("offset", msg->offset),
                   NE_KV_INT("next_offset", p->next_offset));
        p->skipping = 1;
        return -1;
    }
    p->skipping = 0;
    p->next_offset = msg->offset + 1;
    ne_offsets_track(p->offsets, msg->offset);
    p->jobs++;
    if (p->txn_start < 0)
        p->txn_start = msg->offset;
    *part = s;
    *gen = p->gen;
    return 0;
}

int ne_consumer_owns(const ne_consumer_t *c, uint32_t part, uint32_t gen)
{
    return part < c->part_cnt && c->parts[part].assigned &&
           c->parts[part].gen == gen;
}

int ne_consumer_revoking(const ne_consumer_t *c, uint32_t part)
{
    return part < c->part_cnt && c->parts[part].revoking;
}

void ne_consumer_done(ne_consumer_t *c, uint32_t part, uint32_t gen,
                      int64_t offset)
{
    ne_part_t *p;
    if (!ne_consumer_owns(c, part, gen))
        return;
    p = &c->parts[part];
    p->jobs--;
    if (ne_offsets_done(p->offsets, offset) > 0)
        p->advanced = 1;
}

void ne_consumer_abandon(ne_consumer_t *c, uint32_t part, uint32_t gen)
{
    if (ne_consumer_owns(c, part, gen))
        c->parts[part].jobs--;
}

void ne_consumer_store(ne_consumer_t *c)
{
    rd_kafka_topic_partition_list_t *l = NULL;
    rd_kafka_resp_err_t err;
    size_t i;

    for (i = 0; i < c->part_cnt; i++) {
        ne_part_t *p = &c->parts[i];
        if (!p->assigned || !p->advanced)
            continue;
        if (!l)
            l = rd_kafka_topic_partition_list_new(4);
        rd_kafka_topic_partition_list_add(l, p->topic, p->partition)->offset =
            ne_offsets_watermark(p->offsets);
        p->advanced = 0;
    }
    if (!l)
        return;
    err = rd_kafka_offsets_store(c->rk, l);
    if (err && err != RD_KAFKA_RESP_ERR__STATE)
        NE_LOG(NE_LOG_WARN, "consumer", "offset_store_failed",
               rd_kafka_err2str(err));
    rd_kafka_topic_partition_list_destroy(l);
}

int ne_consumer_commit(ne_consumer_t *c)
{
    rd_kafka_resp_err_t err = rd_kafka_commit(c->rk, NULL, 0 /* sync */);
    if (err && err != RD_KAFKA_RESP_ERR__NO_OFFSET) {
        NE_LOG(NE_LOG_WARN, "consumer", "commit_failed", rd_kafka_err2str(err));
        return -1;
    }
    return 0;
}

rd_kafka_topic_partition_list_t *ne_consumer_watermarks(ne_consumer_t *c)
{
    rd_kafka_topic_partition_list_t *l = NULL;
    size_t i;
    for (i = 0; i < c->part_cnt; i++) {
        ne_part_t *p = &c->parts[i];
        int64_t wm = ne_offsets_watermark(p->offsets);
        if (!p->assigned || wm < 0 || wm == p->txn_start)
            continue;
        if (!l)
            l = rd_kafka_topic_partition_list_new(4);
        rd_kafka_topic_partition_list_add(l, p->topic, p->partition)->offset =
            wm;
    }
    return l;
}

void ne_consumer_txn_committed(ne_consumer_t *c)
{
    size_t i;
    for (i = 0; i < c->part_cnt; i++) {
        ne_part_t *p = &c->parts[i];
        int64_t wm = ne_offsets_watermark(p->offsets);
        if (p->assigned && wm >= 0)
            p->txn_start = wm;
    }
}

/* How long a rewind waits for its seeks (local operations, normally done
 * in microseconds). librdkafka before 2.1.0 reads this timeout of
 * rd_kafka_seek_partitions() as microseconds (its PR #4230): 10 s there
 * is 10 ms, which a loaded host overruns, and a failed rewind is fatal. */
#define NE_REWIND_TIMEOUT_MS 10000
#define NE_SEEK_TIMEOUT_US_BEFORE 0x020100ff

int ne_consumer_rewind(ne_consumer_t *c)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(4);
    rd_kafka_error_t *e;
    size_t i;
    int r = 0;

    for (i = 0; i < c->part_cnt; i++) {
        ne_part_t *p = &c->parts[i];
        if (!p->assigned)
            continue;
        if (p->txn_start >= 0) {
            rd_kafka_topic_partition_list_add(l, p->topic, p->partition)
                ->offset = p->txn_start;
            p->next_offset = p->txn_start; /* the seek repeats these */
        }
        ne_offsets_reset(p->offsets);
        p->jobs = 0;
        p->gen++; /* results of the aborted transaction are stale */
        p->txn_start = -1;
    }
    if (l->cnt) {
        e = rd_kafka_seek_partitions(
            c->rk, l,
            rd_kafka_version() < NE_SEEK_TIMEOUT_US_BEFORE
                ? NE_REWIND_TIMEOUT_MS * 1000
                : NE_REWIND_TIMEOUT_MS);
        if (e) {
            NE_LOG(NE_LOG_ERROR, "consumer", "rewind_failed",
                   rd_kafka_error_string(e));
            rd_kafka_error_destroy(e);
            r = -1;
        }
        for (i = 0; i < (size_t)l->cnt; i++)
            if (l->elems[i].err) {
                NE_LOG(NE_LOG_ERROR, "consumer", "rewind_failed",
                       rd_kafka_err2str(l->elems[i].err),
                       NE_KV_STR("topic", l->elems[i].topic),
                       NE_KV_INT("partition", l->elems[i].partition));
                r = -1;
            }
    }
    rd_kafka_topic_partition_list_destroy(l);
    return r;
}

/* Holding the intake back is not reading msgq: no librdkafka call. The
 * fetched messages wait there, and librdkafka stops fetching while msgq
 * holds queued.min.messages messages or queued.max.messages.kbytes (it
 * compares the queue a partition forwards to), so nothing is dropped and
 * nothing fetched twice, which rd_kafka_pause_partitions() would do: it
 * purges the prefetched messages and resume fetches them again. */
void ne_consumer_pause(ne_consumer_t *c, int pause)
{
    c->paused = !!pause;
    ne_series_set(c->m_paused, pause ? assigned_cnt(c) : 0);
}

int ne_consumer_paused(const ne_consumer_t *c)
{
    return c->paused;
}

size_t ne_consumer_pending(const ne_consumer_t *c)
{
    size_t i, n = 0;
    for (i = 0; i < c->part_cnt; i++)
        if (c->parts[i].assigned)
            n += ne_offsets_pending(c->parts[i].offsets);
    return n;
}

size_t ne_consumer_pending_revoking(const ne_consumer_t *c)
{
    size_t i, n = 0;
    for (i = 0; i < c->part_cnt; i++)
        if (c->parts[i].assigned && c->parts[i].revoking)
            n += c->parts[i].jobs;
    return n;
}

int ne_consumer_check_stall(ne_consumer_t *c, int64_t now_ms, int64_t stall_ms)
{
    size_t i;
    int stalled = 0;
    for (i = 0; i < c->part_cnt; i++) {
        ne_part_t *p = &c->parts[i];
        if (p->assigned && p->lag > 0 && now_ms - p->progress_ms > stall_ms)
            stalled = 1;
    }
    atomic_store(&c->health->stalled, stalled);
    return stalled;
}

int ne_consumer_fatal(const ne_consumer_t *c)
{
    return c->fatal;
}

rd_kafka_t *ne_consumer_handle(ne_consumer_t *c)
{
    return c->rk;
}
