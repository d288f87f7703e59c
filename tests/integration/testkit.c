/*
 * ne-testkit - Kafka operations the integration tests need and kcat lacks:
 * topic creation with a partition count, producing binary payloads with
 * headers, dumping a topic to JSONL up to its end, reading a group's
 * committed offsets next to the log end offsets.
 *
 *   ne-testkit create-topic BOOTSTRAP TOPIC PARTITIONS
 *   ne-testkit produce BOOTSTRAP TOPIC < specs.jsonl
 *       each line {"value": "...", "value_b64": "...", "key": "...",
 *                  "headers": {"k": "v"}}; value_b64 wins when present
 *   ne-testkit consume BOOTSTRAP TOPIC [read_committed|read_uncommitted]
 *       prints one JSON line per record: partition, offset, key, value
 *       (or value_b64 when not UTF-8), headers (last value per name) and
 *       header_list ([name, value] pairs in order); stops at the end of every
 *       partition as it was when the dump started
 *   ne-testkit offsets BOOTSTRAP GROUP TOPIC
 *       prints {"<partition>": {"committed": C, "end": E}, ...}
 *   ne-testkit topics BOOTSTRAP
 *       prints the cluster's topic names as a JSON array (a metadata
 *       request for all topics, which never auto-creates one)
 *
 * Exit status 0 on success, 1 on any error (reported on stderr).
 */
#include <jansson.h>
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "processor/decode.h" /* ne_utf8_valid */

static void die(const char *what, const char *why)
{
    fprintf(stderr, "ne-testkit: %s: %s\n", what, why);
    exit(1);
}

static rd_kafka_t *client(rd_kafka_type_t type, const char *bootstrap,
                          const char *const *kv)
{
    rd_kafka_conf_t *c = rd_kafka_conf_new();
    char err[512];
    rd_kafka_t *rk;
    rd_kafka_conf_set(c, "bootstrap.servers", bootstrap, NULL, 0);
    rd_kafka_conf_set(c, "log_level", "3", NULL, 0);
    for (; kv && kv[0]; kv += 2)
        if (rd_kafka_conf_set(c, kv[0], kv[1], err, sizeof(err)))
            die(kv[0], err);
    if (!(rk = rd_kafka_new(type, c, err, sizeof(err))))
        die("client", err);
    return rk;
}

/* Number of partitions of topic (waits for metadata). */
static int partition_count(rd_kafka_t *rk, const char *topic)
{
    const struct rd_kafka_metadata *md;
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    int n = -1, tries;
    /* a topic just created takes a moment to show in metadata */
    for (tries = 0; tries < 300 && n < 0; tries++) {
        if (rd_kafka_metadata(rk, 0, rkt, &md, 5000) == 0) {
            if (md->topic_cnt == 1 && !md->topics[0].err)
                n = md->topics[0].partition_cnt;
            rd_kafka_metadata_destroy(md);
        }
        if (n < 0)
            usleep(100 * 1000);
    }
    rd_kafka_topic_destroy(rkt);
    if (n < 0)
        die(topic, "no metadata for topic");
    return n;
}

static int cmd_create(const char *bootstrap, const char *topic, int parts)
{
    rd_kafka_t *rk = client(RD_KAFKA_PRODUCER, bootstrap, NULL);
    rd_kafka_NewTopic_t *nt;
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    rd_kafka_event_t *ev;
    const rd_kafka_CreateTopics_result_t *res;
    const rd_kafka_topic_result_t **tr;
    size_t cnt;
    char err[512];
    int rc = 0;

    nt = rd_kafka_NewTopic_new(topic, parts, 1, err, sizeof(err));
    if (!nt)
        die(topic, err);
    rd_kafka_CreateTopics(rk, &nt, 1, NULL, q);
    ev = rd_kafka_queue_poll(q, 30000);
    if (!ev)
        die(topic, "CreateTopics timed out");
    if (rd_kafka_event_error(ev))
        die(topic, rd_kafka_event_error_string(ev));
    res = rd_kafka_event_CreateTopics_result(ev);
    tr = rd_kafka_CreateTopics_result_topics(res, &cnt);
    if (cnt != 1 || rd_kafka_topic_result_error(tr[0])) {
        fprintf(stderr, "ne-testkit: %s: %s\n", topic,
                cnt ? rd_kafka_topic_result_error_string(tr[0]) : "no result");
        rc = 1;
    }
    rd_kafka_event_destroy(ev);
    rd_kafka_NewTopic_destroy(nt);
    if (!rc) /* wait until the partitions are visible */
        while (partition_count(rk, topic) != parts)
            ;
    rd_kafka_queue_destroy(q);
    rd_kafka_destroy(rk);
    return rc;
}

static int b64val(int c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

static unsigned char *b64decode(const char *s, size_t *lenp)
{
    size_t n = strlen(s), o = 0, i;
    unsigned char *out = malloc(n * 3 / 4 + 4);
    unsigned acc = 0;
    int bits = 0;
    for (i = 0; i < n; i++) {
        int v = b64val((unsigned char)s[i]);
        if (v < 0)
            continue;
        acc = ((acc << 6) | (unsigned)v) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)((acc >> bits) & 0xff);
        }
    }
    *lenp = o;
    return out;
}

static int delivery_errors;

static void dr_cb(rd_kafka_t *rk, const rd_kafka_message_t *m, void *op)
{
    (void)rk;
    (void)op;
    if (m->err) {
        delivery_errors++;
        fprintf(stderr, "ne-testkit: delivery failed: %s\n",
                rd_kafka_err2str(m->err));
    }
}

static int cmd_produce(const char *bootstrap, const char *topic)
{
    const char *kv[] = {"enable.idempotence", "true", "linger.ms", "20",
                        "message.max.bytes", "16000000", NULL};
    rd_kafka_conf_t *c = rd_kafka_conf_new();
    rd_kafka_t *rk;
    char err[512], *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long cnt = 0;
    const char *const *p;

    rd_kafka_conf_set(c, "bootstrap.servers", bootstrap, NULL, 0);
    for (p = kv; *p; p += 2)
        rd_kafka_conf_set(c, p[0], p[1], NULL, 0);
    rd_kafka_conf_set_dr_msg_cb(c, dr_cb);
    if (!(rk = rd_kafka_new(RD_KAFKA_PRODUCER, c, err, sizeof(err))))
        die("producer", err);
    while ((n = getline(&line, &cap, stdin)) > 0) {
        json_error_t je;
        json_t *spec = json_loadb(line, (size_t)n, 0, &je), *h, *v;
        const char *key = NULL, *hk;
        unsigned char *val = NULL;
        size_t vlen = 0;
        rd_kafka_headers_t *hdrs = rd_kafka_headers_new(4);
        rd_kafka_resp_err_t e;

        if (!spec)
            die("spec line", je.text);
        if ((v = json_object_get(spec, "value_b64")))
            val = b64decode(json_string_value(v), &vlen);
        else if ((v = json_object_get(spec, "value"))) {
            vlen = json_string_length(v);
            val = malloc(vlen + 1);
            memcpy(val, json_string_value(v), vlen);
        }
        key = json_string_value(json_object_get(spec, "key"));
        json_object_foreach(json_object_get(spec, "headers"), hk, h)
            rd_kafka_header_add(hdrs, hk, -1, json_string_value(h), -1);
        do {
            e = rd_kafka_producev(
                rk, RD_KAFKA_V_TOPIC(topic),
                RD_KAFKA_V_KEY(key, key ? strlen(key) : 0),
                RD_KAFKA_V_VALUE(val, vlen),
                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_END);
            if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL)
                rd_kafka_poll(rk, 100);
        } while (e == RD_KAFKA_RESP_ERR__QUEUE_FULL);
        if (e)
            die("produce", rd_kafka_err2str(e));
        free(val);
        json_decref(spec);
        cnt++;
        rd_kafka_poll(rk, 0);
    }
    free(line);
    if (rd_kafka_flush(rk, 60000))
        die("produce", "flush timed out");
    rd_kafka_destroy(rk);
    fprintf(stderr, "ne-testkit: produced %ld records to %s\n", cnt, topic);
    return delivery_errors ? 1 : 0;
}

static void b64encode(const unsigned char *p, size_t n, json_t *obj,
                      const char *key)
{
    static const char tbl[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *out = malloc(n * 4 / 3 + 8);
    size_t i, o = 0;
    for (i = 0; i + 2 < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
        out[o++] = tbl[v >> 18];
        out[o++] = tbl[(v >> 12) & 63];
        out[o++] = tbl[(v >> 6) & 63];
        out[o++] = tbl[v & 63];
    }
    if (i < n) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0);
        out[o++] = tbl[v >> 18];
        out[o++] = tbl[(v >> 12) & 63];
        out[o++] = i + 1 < n ? tbl[(v >> 6) & 63] : '=';
        out[o++] = '=';
    }
    out[o] = '\0';
    json_object_set_new(obj, key, json_string(out));
    free(out);
}

static void put_bytes(json_t *obj, const char *key, const char *b64key,
                      const void *p, size_t n)
{
    if (!p)
        json_object_set_new(obj, key, json_null());
    else if (ne_utf8_valid(p, n, NULL) && !memchr(p, 0, n))
        json_object_set_new(obj, key, json_stringn(p, n));
    else
        b64encode(p, n, obj, b64key);
}

static int cmd_consume(const char *bootstrap, const char *topic,
                       const char *isolation)
{
    const char *kv[] = {"group.id", "ne-testkit-dump", "enable.auto.commit",
                        "false", "enable.partition.eof", "true",
                        "isolation.level", isolation, NULL};
    rd_kafka_t *rk = client(RD_KAFKA_CONSUMER, bootstrap, kv);
    rd_kafka_topic_partition_list_t *l;
    int parts = partition_count(rk, topic), i, at_end = 0;
    int64_t *end = calloc((size_t)parts, sizeof(int64_t));
    char *done = calloc((size_t)parts, 1);
    long cnt = 0;

    /* Snapshot the end of each partition; empty partitions are done. The
     * end is the high watermark as a read_uncommitted client sees it: a
     * read_committed dump must wait until every transaction below it is
     * resolved, rather than stop early at a last stable offset that an
     * open transaction holds back. */
    const char *kv_hw[] = {"isolation.level", "read_uncommitted", NULL};
    rd_kafka_t *hw = client(RD_KAFKA_CONSUMER, bootstrap, kv_hw);
    l = rd_kafka_topic_partition_list_new(parts);
    for (i = 0; i < parts; i++) {
        int64_t lo, hi;
        if (rd_kafka_query_watermark_offsets(hw, topic, i, &lo, &hi, 10000))
            die(topic, "cannot read watermarks");
        end[i] = hi;
        if (lo == hi) {
            done[i] = 1;
            at_end++;
        }
        rd_kafka_topic_partition_list_add(l, topic, i)->offset =
            RD_KAFKA_OFFSET_BEGINNING;
    }
    rd_kafka_destroy(hw);
    rd_kafka_assign(rk, l);
    rd_kafka_topic_partition_list_destroy(l);
    while (at_end < parts) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 60000);
        if (!m)
            die(topic, "no progress for 60 s (an open transaction?)");
        if (m->err && m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
            die(topic, rd_kafka_message_errstr(m));
        /* the end: the last record before the snapshot, or an EOF event
         * at or past it (after trailing transaction markers) */
        if ((m->err ? m->offset >= end[m->partition]
                    : m->offset >= end[m->partition] - 1) &&
            !done[m->partition]) {
            done[m->partition] = 1;
            at_end++;
        }
        if (!m->err) {
            json_t *o = json_object(), *hj = json_object(), *hlist = json_array();
            rd_kafka_headers_t *hdrs = NULL;
            char *s;
            json_object_set_new(o, "partition", json_integer(m->partition));
            json_object_set_new(o, "offset", json_integer(m->offset));
            put_bytes(o, "key", "key_b64", m->key, m->key_len);
            put_bytes(o, "value", "value_b64", m->payload, m->len);
            if (!rd_kafka_message_headers(m, &hdrs)) {
                size_t idx = 0, hl;
                const char *hn;
                const void *hv;
                while (!rd_kafka_header_get_all(hdrs, idx++, &hn, &hv, &hl)) {
                    json_t *v = hv ? json_stringn(hv, hl) : json_null();
                    json_array_append_new(hlist, json_pack("[sO]", hn, v));
                    json_object_set_new(hj, hn, v);
                }
            }
            /* headers: last value per name; header_list: every header in
             * order, duplicates included */
            json_object_set_new(o, "headers", hj);
            json_object_set_new(o, "header_list", hlist);
            s = json_dumps(o, JSON_COMPACT);
            puts(s);
            free(s);
            json_decref(o);
            cnt++;
        }
        rd_kafka_message_destroy(m);
    }
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    free(end);
    free(done);
    fprintf(stderr, "ne-testkit: %ld records from %s\n", cnt, topic);
    return 0;
}

static int cmd_offsets(const char *bootstrap, const char *group,
                       const char *topic)
{
    const char *kv[] = {"group.id", group, "enable.auto.commit", "false", NULL};
    rd_kafka_t *rk = client(RD_KAFKA_CONSUMER, bootstrap, kv);
    int parts = partition_count(rk, topic), i;
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(parts);
    rd_kafka_resp_err_t e;
    json_t *out = json_object();
    char *s;

    for (i = 0; i < parts; i++)
        rd_kafka_topic_partition_list_add(l, topic, i);
    if ((e = rd_kafka_committed(rk, l, 10000)))
        die("committed", rd_kafka_err2str(e));
    for (i = 0; i < parts; i++) {
        int64_t lo, hi;
        json_t *p = json_object();
        char k[16];
        if (rd_kafka_query_watermark_offsets(rk, topic, i, &lo, &hi, 10000))
            die(topic, "cannot read watermarks");
        json_object_set_new(p, "committed", json_integer(l->elems[i].offset));
        json_object_set_new(p, "end", json_integer(hi));
        snprintf(k, sizeof(k), "%d", i);
        json_object_set_new(out, k, p);
    }
    s = json_dumps(out, JSON_COMPACT | JSON_SORT_KEYS);
    puts(s);
    free(s);
    json_decref(out);
    rd_kafka_topic_partition_list_destroy(l);
    rd_kafka_destroy(rk);
    return 0;
}

static int cmd_topics(const char *bootstrap)
{
    rd_kafka_t *rk = client(RD_KAFKA_PRODUCER, bootstrap, NULL);
    const struct rd_kafka_metadata *md;
    rd_kafka_resp_err_t e;
    json_t *out = json_array();
    char *s;
    int i;

    if ((e = rd_kafka_metadata(rk, 1, NULL, &md, 10000)))
        die("metadata", rd_kafka_err2str(e));
    for (i = 0; i < md->topic_cnt; i++)
        if (!md->topics[i].err)
            json_array_append_new(out, json_string(md->topics[i].topic));
    rd_kafka_metadata_destroy(md);
    s = json_dumps(out, JSON_COMPACT);
    puts(s);
    free(s);
    json_decref(out);
    rd_kafka_destroy(rk);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 5 && !strcmp(argv[1], "create-topic"))
        return cmd_create(argv[2], argv[3], atoi(argv[4]));
    if (argc == 4 && !strcmp(argv[1], "produce"))
        return cmd_produce(argv[2], argv[3]);
    if ((argc == 4 || argc == 5) && !strcmp(argv[1], "consume"))
        return cmd_consume(argv[2], argv[3],
                           argc == 5 ? argv[4] : "read_uncommitted");
    if (argc == 3 && !strcmp(argv[1], "topics"))
        return cmd_topics(argv[2]);
    if (argc == 5 && !strcmp(argv[1], "offsets"))
        return cmd_offsets(argv[2], argv[3], argv[4]);
    fprintf(stderr, "usage: see the comment at the top of testkit.c\n");
    return 2;
}
