/*
 * newsenrich - the daemon's main loop.
 *
 * One thread (this one) owns the consumer, the producer and every offset.
 * It waits in poll(2) on three descriptors: the consumer queue, the
 * producer's report queue and the processor pool's done list, so it sleeps
 * when idle and reacts at once to any of them.
 *
 * A message's life: consumed -> tracked in its partition's watermark ->
 * processed on a pool thread -> its records produced -> every report in
 * -> finished: the watermark may move, and at-least-once stores it for
 * auto-commit, exactly-once sends it to the next transaction.
 */
#include "pipeline.h"
#include "workers.h"
#include "../common/log.h"
#include "../consumer/consumer.h"
#include "../consumer/topic_watch.h"
#include "../metrics/http.h"
#include "../producer/producer.h"

#include <errno.h>
#include <malloc.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Pause when librdkafka holds this many unsent records; resume at half. */
#define NE_OUTQ_HIGH 100000
/* A producer queue burst of this many records, once drained below
 * NE_OUTQ_DRAINED, gives its freed memory back to the system (see
 * trim_after_burst()). */
#define NE_OUTQ_BURST 10000
#define NE_OUTQ_DRAINED 1000
/* Messages taken from the consumer per loop turn before serving the rest. */
#define NE_POLL_BATCH 500
/* While the processor threads are busy, finished jobs are collected at
 * most this often instead of waking the loop for each one: the loop then
 * produces several articles per wake-up. Their records wait for
 * linger.ms (20) in librdkafka anyway, so this adds little latency; an
 * idle pipeline still reacts to a finished job at once. */
#define NE_COLLECT_INTERVAL_US 2000

typedef struct ne_pipeline_s {
    const ne_config_t *conf;
    const ne_processor_t *proc;
    ne_metrics_t *metrics;
    ne_health_t health;
    ne_consumer_t *consumer;
    ne_topic_watch_t *topic_watch;
    ne_producer_t *producer;
    ne_workers_t *workers;
    ne_http_t *http;
    int eos;
    size_t jobs;          /* consumed, not yet finished or dropped */
    int draining;
    int64_t drain_deadline_us;
    int fatal;
    int64_t txn_begun_us;
    int64_t collected_us; /* when the main loop last took finished jobs */
    size_t outq_peak;     /* largest producer queue since the last trim */
    int txn_dirty;        /* messages consumed in the open transaction */
    /* metrics */
    char m_consumed_topic[256];
    ne_series_t *m_consumed;
    ne_series_t *m_processing;
    ne_series_t *m_inflight, *m_workq, *m_outq;
    ne_series_t *m_entities[NE_ENT_TYPES], *m_claims[NE_CLAIM_KINDS];
    ne_series_t *m_last_progress;
} ne_pipeline_t;

/* ---- job completion ----------------------------------------------------- */

/* The producer is done with a job's message and outputs. A delivery that
 * failed for good (delivered == 0) is finished like any other: under
 * exactly-once its transaction aborts and the rewind forgets the offsets
 * marked since; a fatal error or a purge at shutdown ends the run before
 * another store or commit. */
static void on_delivered(void *opaque, void *input_opaque, int delivered)
{
    ne_pipeline_t *pl = opaque;
    ne_job_t *job = input_opaque;
    (void)delivered;
    ne_consumer_done(pl->consumer, job->part, job->gen, job->msg->offset);
    ne_series_set(pl->m_last_progress, (double)ne_wallclock_ms() / 1000.0);
    pl->jobs--;
    ne_job_destroy(job);
}

/* A job is dropped unfinished: its offset is never committed by us. */
static void drop_job(ne_pipeline_t *pl, ne_job_t *job)
{
    ne_consumer_abandon(pl->consumer, job->part, job->gen);
    pl->jobs--;
    ne_job_destroy(job);
}

static void observe_stats(ne_pipeline_t *pl, const ne_job_t *job)
{
    int i;
    ne_series_observe(pl->m_processing, (double)job->stats.micros / 1e6);
    if (job->err)
        return;
    for (i = 0; i < NE_ENT_TYPES; i++)
        if (job->stats.entities_by_type[i])
            ne_series_add(pl->m_entities[i], job->stats.entities_by_type[i]);
    for (i = 0; i < NE_CLAIM_KINDS; i++)
        if (job->stats.claims_by_kind[i])
            ne_series_add(pl->m_claims[i], job->stats.claims_by_kind[i]);
}

/* Results from the processor threads: produce them, or drop them when
 * their partition was revoked meanwhile (the new owner reads them again). */
static void collect_processed(ne_pipeline_t *pl)
{
    ne_job_t *job = ne_workers_take_done(pl->workers);
    while (job) {
        ne_job_t *next = job->next;
        job->next = NULL;
        observe_stats(pl, job);
        if (!ne_consumer_owns(pl->consumer, job->part, job->gen))
            drop_job(pl, job);
        else {
            ne_producer_input_t in = {job->msg, &job->out, job->err,
                                      job->reason};
            if (ne_producer_send(pl->producer, &in, job))
                pl->fatal = 1;
        }
        job = next;
    }
}

/* ---- waiting ------------------------------------------------------------ */

/* Serve processor results and delivery reports (not the consumer) until
 * cond() holds or the deadline passes. Returns 1 when cond() held. */
static int serve_until(ne_pipeline_t *pl, int (*cond)(ne_pipeline_t *pl),
                       int64_t deadline_us)
{
    struct pollfd fds[2];
    for (;;) {
        int64_t left;
        collect_processed(pl);
        ne_producer_poll(pl->producer, 0);
        if (cond(pl))
            return 1;
        if (pl->fatal || ne_producer_fatal(pl->producer))
            return 0;
        left = (deadline_us - ne_now_us()) / 1000;
        if (left <= 0)
            return 0;
        fds[0].fd = ne_workers_fd(pl->workers);
        fds[0].events = POLLIN;
        fds[1].fd = ne_producer_fd(pl->producer);
        fds[1].events = POLLIN;
        ne_producer_fd_clear(pl->producer);
        poll(fds, 2, (int)NE_MIN(left, 50));
    }
}

static int no_jobs(ne_pipeline_t *pl)
{
    return pl->jobs == 0;
}

/* Exactly-once: wait for every job, unless the transaction has already
 * failed; then librdkafka holds the rest of its records until the abort,
 * so waiting for them would only run into the timeout. */
static int txn_settled(ne_pipeline_t *pl)
{
    return pl->jobs == 0 || ne_producer_txn_failed(pl->producer);
}

static int revoked_done(ne_pipeline_t *pl)
{
    return ne_consumer_pending_revoking(pl->consumer) == 0;
}

/* ---- exactly-once ------------------------------------------------------- */

/* Finish every consumed message, then commit the transaction with the
 * watermarks; abort and rewind when that fails. */
static void txn_commit(ne_pipeline_t *pl, int begin_next)
{
    rd_kafka_topic_partition_list_t *offsets;
    ne_txn_result_t r;

    if (!serve_until(pl, txn_settled,
                     ne_now_us() +
                         (int64_t)pl->conf->revoke_timeout_ms * 1000 * 6)) {
        if (pl->fatal || ne_producer_fatal(pl->producer)) {
            pl->fatal = 1;
            return;
        }
        NE_LOG(NE_LOG_WARN, "pipeline", "transaction_timeout",
               "outputs not acknowledged in time; aborting",
               NE_KV_INT("jobs", (int64_t)pl->jobs));
        r = ne_producer_txn_abort(pl->producer);
    } else if (ne_producer_txn_failed(pl->producer)) {
        r = ne_producer_txn_abort(pl->producer);
    } else if (!pl->txn_dirty) {
        r = NE_TXN_OK; /* nothing happened: keep the open transaction */
        begin_next = 0;
    } else {
        offsets = ne_consumer_watermarks(pl->consumer);
        r = ne_producer_txn_commit(
            pl->producer, ne_consumer_handle(pl->consumer), offsets);
        if (offsets)
            rd_kafka_topic_partition_list_destroy(offsets);
    }
    if (r == NE_TXN_FATAL) {
        pl->fatal = 1;
        return;
    }
    if (r == NE_TXN_OK) {
        ne_consumer_txn_committed(pl->consumer);
    } else {
        /* everything of the aborted transaction will be read again */
        serve_until(pl, no_jobs, ne_now_us() + 10 * 1000000);
        if (ne_consumer_rewind(pl->consumer))
            pl->fatal = 1;
        NE_LOG(NE_LOG_WARN, "pipeline", "transaction_aborted",
               "rewound to the last committed offsets");
    }
    pl->txn_dirty = 0;
    pl->txn_begun_us = ne_now_us();
    if (begin_next && ne_producer_txn_begin(pl->producer) != NE_TXN_OK)
        pl->fatal = 1;
}

/* ---- rebalance ---------------------------------------------------------- */

static int cancel_revoking(const ne_job_t *job, void *opaque)
{
    return ne_consumer_revoking((ne_consumer_t *)opaque, job->part);
}

/* Partitions are being revoked (inside ne_consumer_poll): stop dispatching
 * them, finish what is in flight within the revoke budget, commit. */
static void on_revoke(void *opaque, int lost)
{
    ne_pipeline_t *pl = opaque;
    ne_job_t *j;

    if (pl->draining == 2)
        return; /* closing after the final commit, or tearing down */
    j = ne_workers_cancel(pl->workers, cancel_revoking, pl->consumer);
    while (j) {
        ne_job_t *next = j->next;
        drop_job(pl, j);
        j = next;
    }
    if (lost) {
        /* someone else may own them already: commit nothing */
        if (pl->eos && pl->txn_dirty) {
            serve_until(pl, no_jobs, ne_now_us() + 10 * 1000000);
            ne_producer_txn_abort(pl->producer);
            pl->txn_dirty = 0;
            if (ne_producer_txn_begin(pl->producer) != NE_TXN_OK)
                pl->fatal = 1;
        }
        return;
    }
    if (pl->eos) {
        txn_commit(pl, 1);
        return;
    }
    if (!serve_until(pl, revoked_done,
                     ne_now_us() +
                         (int64_t)pl->conf->revoke_timeout_ms * 1000))
        NE_LOG(NE_LOG_WARN, "pipeline", "revoke_timeout",
               "outputs still unacknowledged; their inputs stay uncommitted",
               NE_KV_INT("pending",
                         (int64_t)ne_consumer_pending_revoking(pl->consumer)));
    ne_consumer_store(pl->consumer);
    ne_consumer_commit(pl->consumer);
}

/* ---- consuming ---------------------------------------------------------- */

static void count_consumed(ne_pipeline_t *pl, const char *topic)
{
    /* consecutive messages mostly share a topic: keep its series */
    if (!pl->m_consumed || strcmp(pl->m_consumed_topic, topic)) {
        const char *lv[] = {topic};
        pl->m_consumed = ne_metrics_get(
            pl->metrics, "newsenrich_messages_consumed_total", lv);
        snprintf(pl->m_consumed_topic, sizeof(pl->m_consumed_topic), "%s",
                 topic);
    }
    ne_series_add(pl->m_consumed, 1);
}

static void dispatch(ne_pipeline_t *pl, rd_kafka_message_t *msg)
{
    ne_job_t *job;
    uint32_t part, gen;

    if (msg->err) {
        if (msg->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
            NE_LOG(NE_LOG_WARN, "consumer", "consume_error",
                   rd_kafka_message_errstr(msg),
                   NE_KV_STR("topic",
                             msg->rkt ? rd_kafka_topic_name(msg->rkt) : ""),
                   NE_KV_INT("partition", msg->partition));
        rd_kafka_message_destroy(msg);
        return;
    }
    if (ne_consumer_track(pl->consumer, msg, &part, &gen)) {
        rd_kafka_message_destroy(msg); /* consumed before: see consumer.c */
        return;
    }
    job = ne_calloc(1, sizeof(*job));
    job->msg = msg;
    job->consumed_us = ne_now_us();
    job->part = part;
    job->gen = gen;
    count_consumed(pl, rd_kafka_topic_name(msg->rkt));
    pl->jobs++;
    pl->txn_dirty = 1;
    ne_workers_submit(pl->workers, job);
}

/* Hold the intake back while the work queue, the in-flight set or the
 * producer queue is over its bound; release it below half of each. Held
 * messages wait in librdkafka's bounded prefetch, never fetched twice. */
static void backpressure(ne_pipeline_t *pl)
{
    size_t queued = ne_workers_queued(pl->workers);
    size_t outq = ne_producer_outq(pl->producer);
    int paused = ne_consumer_paused(pl->consumer);
    int over = pl->draining || pl->jobs >= (size_t)pl->conf->max_inflight ||
               queued >= (size_t)pl->conf->queue_messages ||
               outq >= NE_OUTQ_HIGH;
    int under = !pl->draining &&
                pl->jobs <= (size_t)pl->conf->max_inflight / 2 &&
                queued <= (size_t)pl->conf->queue_messages / 2 &&
                outq <= NE_OUTQ_HIGH / 2;

    if (!paused && over) {
        ne_consumer_pause(pl->consumer, 1);
        NE_LOG(NE_LOG_DEBUG, "pipeline", "paused", "",
               NE_KV_INT("jobs", (int64_t)pl->jobs),
               NE_KV_INT("queued", (int64_t)queued),
               NE_KV_INT("outq", (int64_t)outq));
    } else if (paused && under) {
        ne_consumer_pause(pl->consumer, 0);
        NE_LOG(NE_LOG_DEBUG, "pipeline", "resumed", "",
               NE_KV_INT("jobs", (int64_t)pl->jobs));
    }
    ne_series_set(pl->m_inflight, (double)pl->jobs);
    ne_series_set(pl->m_workq, (double)queued);
    ne_series_set(pl->m_outq, (double)outq);
}

/* The records of a producer queue burst are freed by librdkafka's threads
 * into glibc's per-thread arenas, which keep the memory: without a trim
 * the worker's RSS floor rises in steps with each new largest burst. Once
 * a burst has drained, hand the free pages back. Called once a second. */
static void trim_after_burst(ne_pipeline_t *pl)
{
    size_t outq = ne_producer_outq(pl->producer);
    if (outq > pl->outq_peak)
        pl->outq_peak = outq;
    if (pl->outq_peak >= NE_OUTQ_BURST && outq < NE_OUTQ_DRAINED) {
        malloc_trim(0);
        pl->outq_peak = outq;
    }
}

/* ---- set-up ------------------------------------------------------------- */

static const char *const topic_labels[] = {"topic", NULL};
static const char *const type_labels[] = {"type", NULL};
static const char *const kind_labels[] = {"kind", NULL};
static const char *const build_labels[] = {"version", "librdkafka_version",
                                           NULL};
static const double processing_buckets[] = {0.0001, 0.00025, 0.0005, 0.001,
                                            0.0025, 0.005,   0.01,   0.025,
                                            0.05,   0.1,     0.25,   1};

static void declare_metrics(ne_pipeline_t *pl)
{
    ne_metrics_t *m = pl->metrics;
    int i;

    ne_metrics_declare(m, "newsenrich_build_info", NE_METRIC_GAUGE,
                       "Build information; the value is always 1.",
                       build_labels, NULL, 0);
    {
        const char *lv[] = {NE_VERSION, rd_kafka_version_str()};
        ne_metrics_set(m, "newsenrich_build_info", lv, 1);
    }
    ne_metrics_declare(m, "newsenrich_messages_consumed_total",
                       NE_METRIC_COUNTER, "Messages consumed, by input topic.",
                       topic_labels, NULL, 0);
    for (i = 0; pl->conf->topics_input[i]; i++) {
        const char *lv[] = {pl->conf->topics_input[i]};
        ne_metrics_get(m, "newsenrich_messages_consumed_total", lv);
    }
    ne_metrics_declare(m, "newsenrich_processing_seconds", NE_METRIC_HISTOGRAM,
                       "Time the processor spent on one message.", NULL,
                       processing_buckets,
                       (int)NE_ARRAY_SIZE(processing_buckets));
    pl->m_processing = ne_metrics_get(m, "newsenrich_processing_seconds", NULL);
    ne_metrics_declare(m, "newsenrich_inflight_messages", NE_METRIC_GAUGE,
                       "Messages consumed but not yet finished (processing "
                       "or awaiting acknowledgement).",
                       NULL, NULL, 0);
    pl->m_inflight = ne_metrics_get(m, "newsenrich_inflight_messages", NULL);
    ne_metrics_declare(m, "newsenrich_work_queue_messages", NE_METRIC_GAUGE,
                       "Messages waiting for a processor thread.", NULL, NULL,
                       0);
    pl->m_workq = ne_metrics_get(m, "newsenrich_work_queue_messages", NULL);
    ne_metrics_declare(m, "newsenrich_producer_queue_messages",
                       NE_METRIC_GAUGE,
                       "Records in librdkafka's producer queue.", NULL, NULL,
                       0);
    pl->m_outq = ne_metrics_get(m, "newsenrich_producer_queue_messages", NULL);
    ne_metrics_declare(m, "newsenrich_entities_extracted_total",
                       NE_METRIC_COUNTER, "Entities extracted, by type.",
                       type_labels, NULL, 0);
    for (i = 0; i < NE_ENT_TYPES; i++) {
        const char *lv[] = {ne_entity_type_name(i)};
        pl->m_entities[i] =
            ne_metrics_get(m, "newsenrich_entities_extracted_total", lv);
    }
    ne_metrics_declare(m, "newsenrich_claims_extracted_total",
                       NE_METRIC_COUNTER, "Claims extracted, by kind.",
                       kind_labels, NULL, 0);
    for (i = 0; i < NE_CLAIM_KINDS; i++) {
        const char *lv[] = {ne_claim_kind_name(i)};
        pl->m_claims[i] =
            ne_metrics_get(m, "newsenrich_claims_extracted_total", lv);
    }
    ne_metrics_declare(m, "newsenrich_last_progress_timestamp_seconds",
                       NE_METRIC_GAUGE,
                       "Unix time when a message was last finished.", NULL,
                       NULL, 0);
    pl->m_last_progress =
        ne_metrics_get(m, "newsenrich_last_progress_timestamp_seconds", NULL);
    ne_metrics_declare(m, "newsenrich_messages_failed_total",
                       NE_METRIC_COUNTER,
                       "Input messages sent to the dead-letter topic, by "
                       "reason.",
                       (const char *const[]){"reason", NULL}, NULL, 0);
    for (i = NE_ERR_MSG_FIRST; i <= NE_ERR_MSG_LAST; i++) {
        const char *lv[] = {ne_err2str((ne_err_t)i)};
        ne_metrics_get(m, "newsenrich_messages_failed_total", lv);
    }
}

static int start(ne_pipeline_t *pl, const ne_pipeline_opts_t *opts)
{
    char errstr[1024];
    const char *bootstrap = opts->bootstrap_override;
    ne_consumer_cbs_t cbs = {on_revoke, pl};
    size_t i;
    int has_bootstrap = 0;

    /* the processor threads first: a host that cannot start them (a pids
     * limit) is told before any connection or broker thread exists */
    if (!(pl->workers = ne_workers_new(pl->conf->threads, pl->proc, errstr,
                                       sizeof(errstr))))
        goto fail;
    for (i = 0; i < pl->conf->kafka_cnt; i++)
        if (!strcmp(pl->conf->kafka[i].key, "bootstrap.servers") &&
            *pl->conf->kafka[i].value)
            has_bootstrap = 1;
    if (!bootstrap && !has_bootstrap) {
        /* never a broker of its own: `run --embedded` passes the embedded
         * one as bootstrap_override, and the command line checks first */
        ne_errf(errstr, sizeof(errstr),
                "no kafka.bootstrap.servers configured");
        goto fail;
    }

    declare_metrics(pl);
    if (*pl->conf->http_listen) {
        if (!(pl->http = ne_http_start(pl->conf->http_listen, pl->metrics,
                                       &pl->health, errstr, sizeof(errstr))))
            goto fail;
        NE_LOG(NE_LOG_INFO, "http", "listening", "",
               NE_KV_STR("listen", pl->conf->http_listen),
               NE_KV_INT("port", ne_http_port(pl->http)));
    }
    if (!(pl->producer = ne_producer_new(pl->conf, bootstrap, pl->metrics,
                                         on_delivered, pl, errstr,
                                         sizeof(errstr))) ||
        !(pl->consumer = ne_consumer_new(pl->conf, bootstrap, pl->metrics,
                                         &pl->health, &cbs, errstr,
                                         sizeof(errstr))))
        goto fail;
    if (pl->eos) {
        if (ne_producer_txn_init(pl->producer, 60000, errstr,
                                 sizeof(errstr)) ||
            ne_producer_txn_begin(pl->producer) != NE_TXN_OK)
            goto fail;
        pl->txn_begun_us = ne_now_us();
    }
    if (ne_consumer_subscribe(pl->consumer, errstr, sizeof(errstr)))
        goto fail;
    if (!(pl->topic_watch = ne_topic_watch_new(
              ne_consumer_handle(pl->consumer), pl->conf, pl->metrics,
              &pl->health, NE_TOPIC_WATCH_INTERVAL_MS, errstr,
              sizeof(errstr))))
        goto fail;
    atomic_store(&pl->health.running, 1);
    NE_LOG(NE_LOG_INFO, "pipeline", "started", "",
           NE_KV_STR("guarantee", pl->eos ? "exactly_once" : "at_least_once"),
           NE_KV_INT("threads", pl->conf->threads),
           NE_KV_STR("librdkafka", rd_kafka_version_str()));
    return 0;
fail:
    NE_LOG(NE_LOG_FATAL, "pipeline", "start_failed", errstr);
    return -1;
}

/* ---- shutdown ----------------------------------------------------------- */

static void begin_drain(ne_pipeline_t *pl)
{
    pl->draining = 1;
    pl->drain_deadline_us =
        ne_now_us() + (int64_t)pl->conf->shutdown_timeout_ms * 1000;
    atomic_store(&pl->health.shutting_down, 1);
    ne_topic_watch_stop(pl->topic_watch);
    ne_consumer_pause(pl->consumer, 1);
    NE_LOG(NE_LOG_INFO, "pipeline", "shutdown_started",
           "finishing in-flight messages",
           NE_KV_INT("inflight", (int64_t)pl->jobs),
           NE_KV_INT("deadline_ms", pl->conf->shutdown_timeout_ms));
}

/* Finish (within the deadline), commit, leave the group. */
static void finish(ne_pipeline_t *pl)
{
    int done = serve_until(pl, no_jobs, pl->drain_deadline_us);
    if (!done && !pl->fatal)
        NE_LOG(NE_LOG_WARN, "pipeline", "shutdown_timeout",
               "deadline passed; unfinished messages stay uncommitted and "
               "will be processed again",
               NE_KV_INT("unfinished", (int64_t)pl->jobs));
    if (!pl->fatal) {
        if (pl->eos) {
            if (done)
                txn_commit(pl, 0);
            else
                ne_producer_txn_abort(pl->producer);
        } else {
            ne_consumer_store(pl->consumer);
            ne_consumer_commit(pl->consumer);
        }
    }
    pl->draining = 2; /* a revoke during close has nothing left to do */
    ne_consumer_close(pl->consumer);
}

/* ---- the loop ----------------------------------------------------------- */

int ne_pipeline_run(const ne_config_t *conf, const ne_processor_t *proc,
                    ne_metrics_t *metrics, const ne_pipeline_opts_t *opts)
{
    ne_pipeline_t *pl = ne_calloc(1, sizeof(*pl));
    int64_t next_tick = 0;
    int rc = 0;

    pl->conf = conf;
    pl->proc = proc;
    pl->metrics = metrics;
    pl->eos = conf->guarantee == NE_GUARANTEE_EXACTLY_ONCE;
    pthread_mutex_init(&pl->health.missing_lock, NULL);
    if (start(pl, opts)) {
        rc = 1;
        goto done;
    }

    while (!pl->fatal) {
        struct pollfd fds[3];
        rd_kafka_message_t *msg;
        int64_t now = ne_now_us(), wake;
        int got = 0, timeout, nfds = 3;

        if (*opts->stop && !pl->draining)
            begin_drain(pl);
        if (pl->draining)
            break;

        collect_processed(pl);
        pl->collected_us = now;
        ne_producer_poll(pl->producer, 0);
        if (!pl->eos)
            ne_consumer_store(pl->consumer);
        else if (pl->txn_dirty &&
                 (now - pl->txn_begun_us >=
                      (int64_t)conf->commit_interval_ms * 1000 ||
                  pl->jobs >= (size_t)conf->max_inflight))
            txn_commit(pl, 1);
        backpressure(pl);

        /* consume: ne_consumer_poll() serves rebalances, errors and
         * statistics even while the intake is held back */
        ne_consumer_fd_clear(pl->consumer);
        while (got < NE_POLL_BATCH &&
               (msg = ne_consumer_poll(pl->consumer, 0))) {
            dispatch(pl, msg);
            got++;
            if (got % 64 == 0)
                backpressure(pl);
        }

        if (now >= next_tick) {
            int64_t wall = ne_wallclock_ms();
            atomic_store(&pl->health.last_loop_ms, wall);
            ne_consumer_check_stall(pl->consumer, wall,
                                    conf->stall_timeout_ms);
            trim_after_burst(pl);
            next_tick = now + 1000000;
        }
        if (ne_consumer_fatal(pl->consumer) || ne_producer_fatal(pl->producer))
            pl->fatal = 1;
        if (pl->fatal)
            break;

        /* sleep until one of the queues has something or a timer is due */
        wake = next_tick;
        if (ne_producer_next_retry_us(pl->producer) >= 0)
            wake = NE_MIN(wake, ne_producer_next_retry_us(pl->producer));
        if (pl->eos && pl->txn_dirty)
            wake = NE_MIN(wake, pl->txn_begun_us +
                                    (int64_t)conf->commit_interval_ms * 1000);
        /* busy processor threads: wake for finished jobs by the timer,
         * not for each one (NE_COLLECT_INTERVAL_US) */
        if (ne_workers_busy(pl->workers) > 0 &&
            ne_now_us() < pl->collected_us + NE_COLLECT_INTERVAL_US) {
            nfds = 2;
            wake = NE_MIN(wake, pl->collected_us + NE_COLLECT_INTERVAL_US);
        }
        timeout = got >= NE_POLL_BATCH
                      ? 0
                      : (int)NE_MAX(0, NE_MIN((wake - ne_now_us()) / 1000 + 1,
                                              100));
        fds[0].fd = ne_consumer_fd(pl->consumer);
        fds[1].fd = ne_producer_fd(pl->producer);
        fds[2].fd = ne_workers_fd(pl->workers);
        fds[0].events = fds[1].events = fds[2].events = POLLIN;
        ne_producer_fd_clear(pl->producer);
        if (poll(fds, nfds, timeout) < 0 && errno != EINTR) {
            NE_LOG(NE_LOG_FATAL, "pipeline", "poll_failed", strerror(errno));
            pl->fatal = 1;
        }
    }

    if (pl->draining)
        finish(pl);
    if (pl->fatal) {
        rc = 1;
        NE_LOG(NE_LOG_FATAL, "pipeline", "fatal",
               "stopping without committing unfinished messages");
    }
done:
    atomic_store(&pl->health.running, 0);
    pl->draining = 2;
    /* Order matters: stop the pool; leave the group (a no-op after a clean
     * finish); let the producer hand back the jobs it still holds, whose
     * messages must be destroyed before the consumer is. */
    ne_workers_destroy(pl->workers);
    pl->workers = NULL;
    ne_topic_watch_destroy(pl->topic_watch); /* uses the consumer's handle */
    pl->topic_watch = NULL;
    if (pl->consumer)
        ne_consumer_close(pl->consumer);
    ne_producer_destroy(pl->producer);
    pl->producer = NULL;
    ne_consumer_destroy(pl->consumer);
    ne_http_stop(pl->http);
    pthread_mutex_destroy(&pl->health.missing_lock); /* no reader left */
    NE_LOG(NE_LOG_INFO, "pipeline", "stopped", "",
           NE_KV_INT("exit_code", rc));
    free(pl);
    return rc;
}
