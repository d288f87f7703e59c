/*
 * bench_kafka: the Kafka side of the benchmark.
 *
 *   bench_kafka create BOOTSTRAP TOPIC PARTITIONS [NAME=VALUE ...]
 *       create a topic with topic configs (retention for long runs)
 *   bench_kafka fill BOOTSTRAP TOPIC FILE.rec COUNT
 *       produce COUNT records (cycling through FILE.rec) as fast as the
 *       broker takes them, record i to partition i % partitions
 *   bench_kafka pass BOOTSTRAP IN OUT GROUP
 *       the Kafka-only ceiling: consume IN and produce every value to OUT
 *       (same partition) with newsenrich's consumer and producer settings,
 *       storing offsets after delivery, until SIGTERM
 *   bench_kafka drive BOOTSTRAP IN FILE.rec COUNT RATE WINDOW OUT...
 *       produce COUNT records to IN at RATE per second (0: unpaced), never
 *       more than WINDOW (0: no limit) ahead of what has arrived on the OUT
 *       topics, and measure arrivals there until COUNT have arrived. COUNT
 *       0 produces nothing and waits for EXPECT=N arrivals (env
 *       BENCH_EXPECT), for pre-filled topics. Prints one JSON object:
 *       arrival rate between the first and the last arrival and the
 *       end-to-end latency (arrival - send time) of every enriched record
 *       whose "source_offset" names a record sent by this run (with env
 *       BENCH_IDENTITY set, of every output of the pass-through, which
 *       keeps partition and offset). BENCH_WARMUP=S leaves out records
 *       sent in the first S seconds; BENCH_TIMEOUT=S gives up after S;
 *       BENCH_DUMP=FILE writes "send_s latency_ms partition offset" lines.
 *   bench_kafka count BOOTSTRAP TOPIC...
 *       print {"TOPIC": records, ...}: high minus low watermark summed
 *       over the partitions (non-transactional topics: one offset is one
 *       record), for checking what a run left on its output topics
 *
 * Send times are taken when a record is handed to librdkafka (linger.ms
 * 0); arrival times when the measuring consumer receives the output. Both
 * are CLOCK_MONOTONIC in this one process.
 */
#include "../common/ne.h"
#include "recfile.h"

#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_PARTS 64

static void die(const char *what, const char *why)
{
    fprintf(stderr, "bench_kafka: %s: %s\n", what, why);
    exit(1);
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Extra NAME=VALUE properties, separated by blanks, from the environment
 * variable env (e.g. BENCH_PASS_CONSUMER), applied last: for trying a
 * setting without rebuilding. */
static void env_conf(rd_kafka_conf_t *c, const char *env)
{
    const char *v = env ? getenv(env) : NULL;
    char *copy, *tok, *save = NULL, err[512];
    if (!v)
        return;
    copy = ne_strdup(v);
    for (tok = strtok_r(copy, " \t,", &save); tok;
         tok = strtok_r(NULL, " \t,", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq)
            die(env, "expected NAME=VALUE");
        *eq = '\0';
        if (rd_kafka_conf_set(c, tok, eq + 1, err, sizeof(err)))
            die(tok, err);
    }
    free(copy);
}

/* With BENCH_STATS_DIR set: librdkafka's statistics, one JSON object a
 * line, to DIR/<client name>.jsonl (rtt, int_latency, batch sizes). */
static int stats_cb(rd_kafka_t *rk, char *json, size_t len, void *opaque)
{
    char path[1024];
    FILE *f;
    (void)opaque;
    snprintf(path, sizeof(path), "%s/%s.jsonl", getenv("BENCH_STATS_DIR"),
             rd_kafka_name(rk));
    if ((f = fopen(path, "a"))) {
        fwrite(json, 1, len, f);
        fputc('\n', f);
        fclose(f);
    }
    return 0;
}

static rd_kafka_t *client(rd_kafka_type_t type, const char *bootstrap,
                          const char *const *kv, rd_kafka_conf_t *c,
                          const char *env)
{
    char err[512];
    rd_kafka_t *rk;
    if (!c)
        c = rd_kafka_conf_new();
    rd_kafka_conf_set(c, "bootstrap.servers", bootstrap, NULL, 0);
    rd_kafka_conf_set(c, "log_level", "3", NULL, 0);
    for (; kv && kv[0]; kv += 2)
        if (rd_kafka_conf_set(c, kv[0], kv[1], err, sizeof(err)))
            die(kv[0], err);
    env_conf(c, env);
    if (getenv("BENCH_STATS_DIR")) {
        rd_kafka_conf_set(c, "statistics.interval.ms", "1000", NULL, 0);
        rd_kafka_conf_set_stats_cb(c, stats_cb);
    }
    if (!(rk = rd_kafka_new(type, c, err, sizeof(err))))
        die("client", err);
    return rk;
}

static int partition_count(rd_kafka_t *rk, const char *topic)
{
    const struct rd_kafka_metadata *md;
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    int64_t deadline = now_ns() + 60 * 1000000000LL;
    int n = -1;
    /* a new topic takes a moment to appear in the metadata */
    while (n < 0 && now_ns() < deadline) {
        if (rd_kafka_metadata(rk, 0, rkt, &md, 5000) == 0) {
            if (md->topic_cnt == 1 && !md->topics[0].err)
                n = md->topics[0].partition_cnt;
            rd_kafka_metadata_destroy(md);
        }
        if (n < 0) {
            struct timespec ts = {0, 100000000};
            nanosleep(&ts, NULL);
        }
    }
    rd_kafka_topic_destroy(rkt);
    if (n < 1 || n > MAX_PARTS)
        die(topic, "no metadata for topic, or too many partitions");
    return n;
}

/* ---- record file --------------------------------------------------------- */

static ne_rec_t *recs;
static size_t rec_cnt;

/* ---- create -------------------------------------------------------------- */

static int cmd_create(const char *bootstrap, const char *topic, int parts,
                      char **cfg, int cfg_cnt)
{
    rd_kafka_t *rk = client(RD_KAFKA_PRODUCER, bootstrap, NULL, NULL, NULL);
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    rd_kafka_NewTopic_t *nt;
    rd_kafka_event_t *ev;
    const rd_kafka_topic_result_t **tr;
    size_t cnt;
    char err[512];
    int i, rc = 0;

    nt = rd_kafka_NewTopic_new(topic, parts, 1, err, sizeof(err));
    if (!nt)
        die(topic, err);
    for (i = 0; i < cfg_cnt; i++) {
        char *eq = strchr(cfg[i], '=');
        if (!eq)
            die(cfg[i], "topic config must be NAME=VALUE");
        *eq = '\0';
        if (rd_kafka_NewTopic_set_config(nt, cfg[i], eq + 1))
            die(cfg[i], "cannot set topic config");
    }
    rd_kafka_CreateTopics(rk, &nt, 1, NULL, q);
    ev = rd_kafka_queue_poll(q, 30000);
    if (!ev)
        die(topic, "no answer to CreateTopics");
    tr = rd_kafka_CreateTopics_result_topics(
        rd_kafka_event_CreateTopics_result(ev), &cnt);
    if (rd_kafka_event_error(ev))
        die(topic, rd_kafka_event_error_string(ev));
    if (cnt == 1 && rd_kafka_topic_result_error(tr[0]) &&
        rd_kafka_topic_result_error(tr[0]) !=
            RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
        fprintf(stderr, "bench_kafka: %s: %s\n", topic,
                rd_kafka_topic_result_error_string(tr[0]));
        rc = 1;
    }
    rd_kafka_event_destroy(ev);
    rd_kafka_NewTopic_destroy(nt);
    if (!rc)
        partition_count(rk, topic); /* wait until the topic is known */
    rd_kafka_queue_destroy(q);
    rd_kafka_destroy(rk);
    return rc;
}

/* ---- producing ----------------------------------------------------------- */

/* The input feed's producer: lz4 (an upstream producer's usual choice; the
 * worker's consumer pays for inflating it), idempotent. */
static const char *const feed_conf[] = {
    "compression.codec", "lz4", "enable.idempotence", "true",
    "queue.buffering.max.messages", "1000000",
    "queue.buffering.max.kbytes", "1048576", NULL};

static atomic_long delivered, delivery_errors;

/* Send times by partition and offset, filled by delivery reports. */
typedef struct series_s {
    int64_t *v;
    size_t cap;
} series_t;

static series_t sent_at[MAX_PARTS];

static void series_set(series_t *s, int64_t off, int64_t v)
{
    size_t need = (size_t)off + 1, old = s->cap;
    if (off < 0)
        return;
    if (need > s->cap) {
        NE_GROW(s->v, s->cap, need);
        memset(s->v + old, 0, (s->cap - old) * sizeof(*s->v));
    }
    s->v[off] = v;
}

static int64_t series_get(const series_t *s, int64_t off)
{
    return off >= 0 && (size_t)off < s->cap ? s->v[off] : 0;
}

static void dr_cb(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
    (void)rk;
    (void)opaque;
    if (m->err) {
        atomic_fetch_add(&delivery_errors, 1);
        fprintf(stderr, "bench_kafka: delivery failed: %s\n",
                rd_kafka_err2str(m->err));
        return;
    }
    if (m->partition >= 0 && m->partition < MAX_PARTS)
        series_set(&sent_at[m->partition], m->offset,
                   (int64_t)(intptr_t)m->_private);
    atomic_fetch_add(&delivered, 1);
}

static rd_kafka_t *feed_producer(const char *bootstrap, const char *linger)
{
    rd_kafka_conf_t *c = rd_kafka_conf_new();
    rd_kafka_t *rk;
    rd_kafka_conf_set_dr_msg_cb(c, dr_cb);
    rd_kafka_conf_set(c, "linger.ms", linger, NULL, 0);
    rk = client(RD_KAFKA_PRODUCER, bootstrap, feed_conf, c, "BENCH_FEED");
    return rk;
}

/* Produce record i to partition i % parts; the opaque is the send time
 * (only meaningful in the paced drive). */
static void produce_rec(rd_kafka_t *rk, const char *topic, int parts,
                        uint64_t i)
{
    const ne_rec_t *r = &recs[i % rec_cnt];
    for (;;) {
        int64_t t = now_ns();
        rd_kafka_resp_err_t err = rd_kafka_producev(
            rk, RD_KAFKA_V_TOPIC(topic),
            RD_KAFKA_V_PARTITION((int32_t)(i % (uint64_t)parts)),
            RD_KAFKA_V_VALUE((void *)r->p, r->len),
            RD_KAFKA_V_OPAQUE((void *)(intptr_t)t), RD_KAFKA_V_END);
        if (!err)
            return;
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
            die(topic, rd_kafka_err2str(err));
        rd_kafka_poll(rk, 10);
    }
}

static int cmd_fill(const char *bootstrap, const char *topic,
                    const char *file, uint64_t count)
{
    rd_kafka_t *rk = feed_producer(bootstrap, "20");
    int parts = partition_count(rk, topic);
    int64_t t0 = now_ns();
    uint64_t i;

    recs = ne_recfile_load(file, 0, &rec_cnt);
    for (i = 0; i < count; i++) {
        produce_rec(rk, topic, parts, i);
        if (i % 1000 == 0)
            rd_kafka_poll(rk, 0);
    }
    while (rd_kafka_outq_len(rk) > 0)
        rd_kafka_poll(rk, 100);
    if (atomic_load(&delivery_errors))
        die(topic, "some records were not delivered");
    fprintf(stderr, "bench_kafka: filled %s with %llu records in %.1f s\n",
            topic, (unsigned long long)count, (now_ns() - t0) / 1e9);
    rd_kafka_destroy(rk);
    return 0;
}

/* ---- pass-through -------------------------------------------------------- */

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

/* Delivered offsets per input partition; the producer keeps the order
 * within an output partition, and input partition p goes to output
 * partition p, so the latest delivery is the contiguous prefix. */
static int64_t pass_done[MAX_PARTS];

static void pass_dr_cb(rd_kafka_t *rk, const rd_kafka_message_t *m,
                       void *opaque)
{
    rd_kafka_message_t *in = m->_private;
    (void)rk;
    (void)opaque;
    if (m->err)
        die("pass-through delivery", rd_kafka_err2str(m->err));
    if (in->partition >= 0 && in->partition < MAX_PARTS)
        pass_done[in->partition] = in->offset + 1;
    rd_kafka_message_destroy(in);
}

static int cmd_pass(const char *bootstrap, const char *in_topic,
                    const char *out_topic, const char *group)
{
    /* newsenrich's settings (consumer/consumer.c, producer/producer.c) */
    static const char *const cons_conf[] = {
        "group.id", NULL, "client.id", "newsenrich",
        "partition.assignment.strategy", "range",
        "auto.commit.interval.ms", "1000", "statistics.interval.ms", "1000",
        "queued.max.messages.kbytes", "16384",
        "queued.min.messages", "10000", "isolation.level", "read_committed",
        "auto.offset.reset", "earliest", "enable.auto.offset.store", "false",
        "enable.auto.commit", "true", "enable.partition.eof", "false",
        NULL};
    static const char *const prod_conf[] = {
        "client.id", "newsenrich", "linger.ms", "20",
        "compression.codec", "none", "queue.buffering.max.messages", "500000",
        "queue.buffering.max.kbytes", "262144", "enable.idempotence", "true",
        NULL};
    const char *cc[NE_ARRAY_SIZE(cons_conf)];
    rd_kafka_conf_t *pc = rd_kafka_conf_new();
    rd_kafka_t *cons, *prod;
    rd_kafka_topic_partition_list_t *sub, *store;
    uint64_t n = 0;
    int i;

    memcpy(cc, cons_conf, sizeof(cons_conf));
    cc[1] = group;
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    rd_kafka_conf_set_dr_msg_cb(pc, pass_dr_cb);
    prod = client(RD_KAFKA_PRODUCER, bootstrap, prod_conf, pc,
                  "BENCH_PASS_PRODUCER");
    cons = client(RD_KAFKA_CONSUMER, bootstrap, cc, NULL,
                  "BENCH_PASS_CONSUMER");
    rd_kafka_poll_set_consumer(cons);
    sub = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(sub, in_topic, RD_KAFKA_PARTITION_UA);
    if (rd_kafka_subscribe(cons, sub))
        die(in_topic, "subscribe failed");
    rd_kafka_topic_partition_list_destroy(sub);
    for (i = 0; i < MAX_PARTS; i++)
        pass_done[i] = -1;

    while (!stop) {
        rd_kafka_message_t *m;
        int got = 0;
        /* the pipeline's bound on the producer queue */
        while (rd_kafka_outq_len(prod) < 100000 && got < 500 &&
               (m = rd_kafka_consumer_poll(cons, got ? 0 : 20))) {
            rd_kafka_resp_err_t err;
            got++;
            if (m->err) {
                rd_kafka_message_destroy(m);
                continue;
            }
            do {
                err = rd_kafka_producev(
                    prod, RD_KAFKA_V_TOPIC(out_topic),
                    RD_KAFKA_V_PARTITION(m->partition),
                    RD_KAFKA_V_KEY(m->key, m->key_len),
                    RD_KAFKA_V_VALUE(m->payload, m->len),
                    RD_KAFKA_V_OPAQUE(m), RD_KAFKA_V_END);
                if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL)
                    rd_kafka_poll(prod, 10);
            } while (err == RD_KAFKA_RESP_ERR__QUEUE_FULL);
            if (err)
                die(out_topic, rd_kafka_err2str(err));
            n++;
        }
        rd_kafka_poll(prod, got ? 0 : 5);
        store = rd_kafka_topic_partition_list_new(4);
        for (i = 0; i < MAX_PARTS; i++)
            if (pass_done[i] >= 0)
                rd_kafka_topic_partition_list_add(store, in_topic, i)
                    ->offset = pass_done[i];
        if (store->cnt)
            rd_kafka_offsets_store(cons, store);
        rd_kafka_topic_partition_list_destroy(store);
    }
    rd_kafka_flush(prod, 10000);
    rd_kafka_commit(cons, NULL, 0);
    rd_kafka_consumer_close(cons);
    rd_kafka_destroy(cons);
    rd_kafka_destroy(prod);
    fprintf(stderr, "bench_kafka: passed %llu records\n",
            (unsigned long long)n);
    return 0;
}

/* ---- drive: paced producer and arrival measurement ----------------------- */

typedef struct arrivals_s {
    rd_kafka_t *rk;
    const char *in_topic;
    uint64_t expect;
    int identity;         /* pass-through: an output is its own source */
    atomic_ullong count;
    int64_t first_ns, last_ns;
    /* enriched arrivals that name their source: (partition, offset, t) */
    int64_t *lat_src;
    size_t lat_cnt, lat_cap;
    int64_t deadline_ns;
} arrivals_t;

/* Parse an integer after key in [p, p+n); returns -1 when absent. */
static int64_t int_after(const char *p, size_t n, const char *key)
{
    const char *k = memmem(p, n, key, strlen(key));
    int64_t v = 0;
    if (!k)
        return -1;
    k += strlen(key);
    if (k >= p + n || *k < '0' || *k > '9')
        return -1;
    while (k < p + n && *k >= '0' && *k <= '9')
        v = v * 10 + (*k++ - '0');
    return v;
}

static void *arrivals_main(void *arg)
{
    arrivals_t *a = arg;
    while (atomic_load(&a->count) < a->expect && now_ns() < a->deadline_ns) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(a->rk, 100);
        int64_t t = now_ns();
        const char *so;
        if (!m)
            continue;
        if (m->err) {
            rd_kafka_message_destroy(m);
            continue;
        }
        if (!a->first_ns)
            a->first_ns = t;
        a->last_ns = t;
        atomic_fetch_add(&a->count, 1);
        /* "source_offset":{"topic":"IN","partition":P,"offset":O} */
        so = m->len > 16 ? memmem(m->payload, m->len,
                                  "\"source_offset\":{", 17)
                         : NULL;
        if (so || a->identity) {
            int64_t p = m->partition, o = m->offset;
            if (so) {
                size_t rest = m->len - (size_t)(so - (const char *)m->payload);
                p = int_after(so, rest, "\"partition\":");
                o = int_after(so, rest, "\"offset\":");
            }
            if (p >= 0 && o >= 0) {
                NE_GROW(a->lat_src, a->lat_cap, a->lat_cnt + 3);
                a->lat_src[a->lat_cnt++] = p;
                a->lat_src[a->lat_cnt++] = o;
                a->lat_src[a->lat_cnt++] = t;
            }
        }
        rd_kafka_message_destroy(m);
    }
    return NULL;
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

static double pct(const int64_t *v, size_t n, double q)
{
    size_t i;
    if (!n)
        return -1;
    i = (size_t)(q * (double)(n - 1) + 0.5);
    return v[i] / 1e6;
}

static int cmd_drive(const char *bootstrap, const char *in_topic,
                     const char *file, uint64_t count, double rate,
                     uint64_t window, char **outs, int out_cnt)
{
    rd_kafka_t *prod = NULL;
    rd_kafka_topic_partition_list_t *asg;
    arrivals_t a;
    pthread_t tid;
    int64_t t0, warm_ns, *lat;
    struct timespec t0_wall;
    const char *ev = getenv("BENCH_EXPECT");
    double warm = getenv("BENCH_WARMUP") ? atof(getenv("BENCH_WARMUP")) : 0;
    double timeout = getenv("BENCH_TIMEOUT") ? atof(getenv("BENCH_TIMEOUT"))
                                             : 3600;
    size_t n = 0, k;
    uint64_t i;
    int parts = 1, o;

    memset(&a, 0, sizeof(a));
    a.in_topic = in_topic;
    a.identity = getenv("BENCH_IDENTITY") != NULL;
    a.expect = count ? count : (ev ? strtoull(ev, NULL, 10) : 0);
    if (!a.expect)
        die("drive", "nothing to produce or expect");
    a.rk = client(RD_KAFKA_CONSUMER, bootstrap,
                  (const char *const[]){"group.id", "bench-measure",
                                        "enable.auto.commit", "false",
                                        "fetch.wait.max.ms", "100",
                                        "queued.max.messages.kbytes",
                                        "65536", NULL},
                  NULL, "BENCH_METER");
    asg = rd_kafka_topic_partition_list_new(16);
    for (o = 0; o < out_cnt; o++) {
        int p, np = partition_count(a.rk, outs[o]);
        for (p = 0; p < np; p++)
            rd_kafka_topic_partition_list_add(asg, outs[o], p)->offset =
                RD_KAFKA_OFFSET_BEGINNING;
    }
    /* every run has topics of its own: all their records are this run's */
    if (rd_kafka_assign(a.rk, asg))
        die("drive", "assign failed");
    rd_kafka_topic_partition_list_destroy(asg);
    if (count) {
        recs = ne_recfile_load(file, 0, &rec_cnt);
        prod = feed_producer(bootstrap, "0");
        parts = partition_count(prod, in_topic);
    }
    t0 = now_ns();
    clock_gettime(CLOCK_REALTIME, &t0_wall);
    a.deadline_ns = t0 + (int64_t)(timeout * 1e9);
    if (pthread_create(&tid, NULL, arrivals_main, &a))
        die("drive", "pthread_create failed");

    for (i = 0; i < count && now_ns() < a.deadline_ns; i++) {
        if (rate > 0) {
            int64_t due = t0 + (int64_t)((double)i * 1e9 / rate);
            int64_t now;
            while ((now = now_ns()) < due) {
                rd_kafka_poll(prod, 0);
                if (due - now > 200000) {
                    struct timespec ts = {0, (long)NE_MIN(due - now - 100000,
                                                          1000000)};
                    nanosleep(&ts, NULL);
                }
            }
        }
        while (window && i - atomic_load(&a.count) >= window &&
               now_ns() < a.deadline_ns)
            rd_kafka_poll(prod, 5);
        produce_rec(prod, in_topic, parts, i);
        rd_kafka_poll(prod, 0);
    }
    if (prod)
        while (rd_kafka_outq_len(prod) > 0 && now_ns() < a.deadline_ns)
            rd_kafka_poll(prod, 50);
    pthread_join(tid, NULL);

    /* latencies of enriched records whose input this run sent */
    warm_ns = t0 + (int64_t)(warm * 1e9);
    lat = ne_calloc(a.lat_cnt / 3 + 1, sizeof(*lat));
    for (k = 0; k + 2 < a.lat_cnt; k += 3) {
        int64_t p = a.lat_src[k], off = a.lat_src[k + 1];
        int64_t s = p < MAX_PARTS ? series_get(&sent_at[p], off) : 0;
        if (s && s >= warm_ns)
            lat[n++] = a.lat_src[k + 2] - s;
    }
    if (getenv("BENCH_DUMP")) {
        /* send time (s from start) and latency (ms) of each, to plot */
        FILE *f = fopen(getenv("BENCH_DUMP"), "w");
        size_t j = 0;
        for (k = 0; f && k + 2 < a.lat_cnt; k += 3) {
            int64_t p = a.lat_src[k], off = a.lat_src[k + 1];
            int64_t s = p < MAX_PARTS ? series_get(&sent_at[p], off) : 0;
            if (s && s >= warm_ns && j < n)
                fprintf(f, "%.4f %.3f %lld %lld\n", (s - t0) / 1e9,
                        lat[j++] / 1e6, (long long)p, (long long)off);
        }
        if (f)
            fclose(f);
    }
    qsort(lat, n, sizeof(*lat), cmp_i64);
    {
        uint64_t got = atomic_load(&a.count);
        double span = (a.last_ns - a.first_ns) / 1e9;
        printf("{\"produced\":%llu,\"arrived\":%llu,\"complete\":%s,"
               "\"produce_seconds\":%.3f,\"first_arrival_s\":%.3f,"
               "\"last_arrival_s\":%.3f,\"arrival_rate\":%.1f,"
               "\"start_unix_s\":%.6f,"
               "\"latency_n\":%zu,\"latency_ms\":{\"p50\":%.3f,"
               "\"p90\":%.3f,\"p99\":%.3f,\"p999\":%.3f,\"max\":%.3f}}\n",
               (unsigned long long)i, (unsigned long long)got,
               got >= a.expect ? "true" : "false", (now_ns() - t0) / 1e9,
               a.first_ns ? (a.first_ns - t0) / 1e9 : -1.0,
               a.last_ns ? (a.last_ns - t0) / 1e9 : -1.0,
               span > 0 ? (double)(got - 1) / span : 0.0,
               (double)t0_wall.tv_sec + t0_wall.tv_nsec / 1e9, n,
               pct(lat, n, 0.5), pct(lat, n, 0.9), pct(lat, n, 0.99),
               pct(lat, n, 0.999), n ? lat[n - 1] / 1e6 : -1.0);
    }
    free(lat);
    free(a.lat_src);
    rd_kafka_consumer_close(a.rk);
    rd_kafka_destroy(a.rk);
    if (prod)
        rd_kafka_destroy(prod);
    return atomic_load(&a.count) >= a.expect ? 0 : 1;
}

/* ---- count --------------------------------------------------------------- */

static int cmd_count(const char *bootstrap, char **topics, int cnt)
{
    rd_kafka_t *rk = client(RD_KAFKA_PRODUCER, bootstrap, NULL, NULL, NULL);
    int t;
    printf("{");
    for (t = 0; t < cnt; t++) {
        int parts = partition_count(rk, topics[t]), i;
        int64_t total = 0;
        for (i = 0; i < parts; i++) {
            int64_t lo, hi;
            rd_kafka_resp_err_t e = rd_kafka_query_watermark_offsets(
                rk, topics[t], i, &lo, &hi, 10000);
            if (e)
                die(topics[t], rd_kafka_err2str(e));
            total += hi - lo;
        }
        printf("%s\"%s\": %lld", t ? ", " : "", topics[t],
               (long long)total);
    }
    printf("}\n");
    rd_kafka_destroy(rk);
    return 0;
}

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : "";
    if (!strcmp(cmd, "create") && argc >= 5)
        return cmd_create(argv[2], argv[3], atoi(argv[4]), argv + 5,
                          argc - 5);
    if (!strcmp(cmd, "fill") && argc == 6)
        return cmd_fill(argv[2], argv[3], argv[4],
                        strtoull(argv[5], NULL, 10));
    if (!strcmp(cmd, "pass") && argc == 6)
        return cmd_pass(argv[2], argv[3], argv[4], argv[5]);
    if (!strcmp(cmd, "drive") && argc >= 9)
        return cmd_drive(argv[2], argv[3], argv[4],
                         strtoull(argv[5], NULL, 10), atof(argv[6]),
                         strtoull(argv[7], NULL, 10), argv + 8, argc - 8);
    if (!strcmp(cmd, "count") && argc >= 4)
        return cmd_count(argv[2], argv + 3, argc - 3);
    fprintf(stderr,
            "usage: bench_kafka create BOOTSTRAP TOPIC PARTITIONS [K=V...]\n"
            "       bench_kafka fill BOOTSTRAP TOPIC FILE.rec COUNT\n"
            "       bench_kafka pass BOOTSTRAP IN OUT GROUP\n"
            "       bench_kafka drive BOOTSTRAP IN FILE.rec COUNT RATE "
            "WINDOW OUT...\n"
            "       bench_kafka count BOOTSTRAP TOPIC...\n");
    return 2;
}
