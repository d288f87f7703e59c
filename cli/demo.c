/*
 * newsenrich - `demo`: the whole pipeline on the embedded broker.
 *
 * Starts librdkafka's mock cluster in-process, creates the topics, produces
 * the bundled sample articles, runs the daemon's pipeline against it and
 * reads the enriched and dead-letter topics back: a short summary per
 * article (language, people, organisations and places with their kb ids,
 * each claim as speaker: "message"), one line of totals, exit 0. --json
 * prints the enriched records instead; --follow keeps running for more input
 * (kcat -P into the printed bootstrap address) until Ctrl-C.
 */
#include "cli.h"

#include "../common/log.h"
#include "../pipeline/embedded.h"
#include "../pipeline/pipeline.h"

#include <jansson.h>
#include <librdkafka/rdkafka.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Without --follow the demo gives up when the samples have not all come
 * back by then: a stuck demo must not look like a slow one. */
#define DEMO_TIMEOUT_S 120
/* Claims longer than this (bytes) are cut at a character boundary. */
#define CLAIM_SHOWN_BYTES 160
#define READER_POLL_MS 200

typedef struct demo_reader_s {
    const char *bootstrap;
    const char *enriched, *dlq;
    int json, follow;
    int expect;                 /* articles produced; done when all are back */
    volatile sig_atomic_t *stop;
    int rc;
    /* totals */
    int articles, rejected, people, orgs, places, claims;
} demo_reader_t;

static const char *entity_name(json_t *ents, const char *id)
{
    size_t i;
    json_t *e;
    json_array_foreach(ents, i, e)
        if (id && !strcmp(json_string_value(json_object_get(e, "id")) ?: "",
                          id))
            return json_string_value(json_object_get(e, "name"));
    return NULL;
}

/* "  people: Kim Jong Un, Russland (iso3166:RU)" for one entity type. */
static int print_entities(json_t *ents, const char *type, const char *label)
{
    size_t i;
    json_t *e;
    int n = 0;

    json_array_foreach(ents, i, e) {
        const char *kb = json_string_value(json_object_get(e, "kb_id"));
        if (strcmp(json_string_value(json_object_get(e, "type")) ?: "", type))
            continue;
        printf("%s%s", n ? ", " : label,
               json_string_value(json_object_get(e, "name")) ?: "?");
        if (kb)
            printf(" (%s)", kb);
        n++;
    }
    if (n)
        putchar('\n');
    return n;
}

/* Length of s cut to at most max bytes without splitting a character. */
static size_t utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

static void print_summary(demo_reader_t *r, const char *payload, size_t len)
{
    json_error_t jerr;
    json_t *rec = json_loadb(payload, len, 0, &jerr);
    json_t *ents, *claims, *c;
    const char *title, *id;
    size_t i;

    if (!rec) {
        printf("(unreadable record: %s)\n", jerr.text);
        return;
    }
    ents = json_object_get(rec, "entities");
    claims = json_object_get(rec, "claims");
    id = json_string_value(json_object_get(rec, "id")) ?: "?";
    title = json_string_value(json_object_get(rec, "title"));
    printf("%s\n", title && *title ? title : id);
    printf("  id %s, language %s\n", id,
           json_string_value(json_object_get(
               json_object_get(rec, "language"), "code")) ?: "unknown");
    r->people += print_entities(ents, "PER", "  people:        ");
    r->orgs += print_entities(ents, "ORG", "  organisations: ");
    r->places += print_entities(ents, "LOC", "  places:        ");
    json_array_foreach(claims, i, c) {
        json_t *sp = json_object_get(c, "speaker");
        const char *who = entity_name(
            ents, json_string_value(json_object_get(sp, "entity")));
        const char *text = json_string_value(json_object_get(c, "text")) ?: "";
        size_t tl = strlen(text), cut = utf8_cut(text, tl, CLAIM_SHOWN_BYTES);
        if (!who)
            who = json_string_value(json_object_get(sp, "text")) ?: "?";
        printf("%s%s: \"%.*s%s\"\n",
               i ? "                 " : "  claims:        ", who, (int)cut,
               text, cut < tl ? "..." : "");
        r->claims++;
    }
    putchar('\n');
    json_decref(rec);
}

static void print_rejected(const rd_kafka_message_t *m)
{
    rd_kafka_headers_t *h = NULL;
    const void *err = NULL, *reason = NULL;
    size_t el = 0, rl = 0;

    if (!rd_kafka_message_headers(m, &h)) {
        rd_kafka_header_get_last(h, "error", &err, &el);
        rd_kafka_header_get_last(h, "reason", &reason, &rl);
    }
    printf("rejected (dead-letter topic): %.*s: %.*s\n\n", (int)el,
           err ? (const char *)err : "?", (int)rl,
           reason ? (const char *)reason : "");
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Read the enriched and dead-letter topics; without --follow, stop the
 * pipeline once every sample article has come back on one of them. */
static void *reader_main(void *arg)
{
    demo_reader_t *r = arg;
    rd_kafka_conf_t *kc = rd_kafka_conf_new();
    rd_kafka_topic_partition_list_t *l;
    rd_kafka_t *rk;
    char err[512];
    double deadline = now_s() + DEMO_TIMEOUT_S;

    rd_kafka_conf_set(kc, "bootstrap.servers", r->bootstrap, NULL, 0);
    rd_kafka_conf_set(kc, "group.id", "newsenrich-demo-reader", NULL, 0);
    rd_kafka_conf_set(kc, "enable.auto.commit", "false", NULL, 0);
    if (!(rk = rd_kafka_new(RD_KAFKA_CONSUMER, kc, err, sizeof(err)))) {
        rd_kafka_conf_destroy(kc);
        NE_LOG(NE_LOG_ERROR, "demo", "reader_failed", err);
        r->rc = 1;
        *r->stop = 1;
        return NULL;
    }
    l = rd_kafka_topic_partition_list_new(2);
    rd_kafka_topic_partition_list_add(l, r->enriched, 0)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_topic_partition_list_add(l, r->dlq, 0)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_assign(rk, l);
    rd_kafka_topic_partition_list_destroy(l);
    while (!*r->stop) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, READER_POLL_MS);
        if (!m) {
            if (!r->follow && now_s() > deadline) {
                fprintf(stderr,
                        "newsenrich demo: only %d of %d articles came back "
                        "within %d s\n",
                        r->articles, r->expect, DEMO_TIMEOUT_S);
                r->rc = 1;
                *r->stop = 1;
            }
            continue;
        }
        if (!m->err) {
            int dlq = !strcmp(rd_kafka_topic_name(m->rkt), r->dlq);
            r->articles++;
            if (dlq) {
                r->rejected++;
                if (!r->json)
                    print_rejected(m);
            } else if (r->json) {
                fwrite(m->payload, 1, m->len, stdout);
                fputc('\n', stdout);
            } else
                print_summary(r, m->payload, m->len);
            fflush(stdout);
            if (!r->follow && r->articles >= r->expect)
                *r->stop = 1; /* every sample is back: stop the pipeline */
        }
        rd_kafka_message_destroy(m);
    }
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return NULL;
}

/* Produce every non-empty line of the sample file into the input topic;
 * returns how many, or -1. */
static int produce_samples(const char *bootstrap, const char *topic,
                           const char *path)
{
    rd_kafka_conf_t *kc = rd_kafka_conf_new();
    rd_kafka_t *rk;
    FILE *fp;
    char *line = NULL, err[512];
    size_t cap = 0;
    ssize_t n;
    int cnt = 0;

    if (!(fp = fopen(path, "r"))) {
        NE_LOG(NE_LOG_ERROR, "demo", "samples_missing",
               "cannot open the sample articles", NE_KV_STR("path", path));
        rd_kafka_conf_destroy(kc);
        return -1;
    }
    rd_kafka_conf_set(kc, "bootstrap.servers", bootstrap, NULL, 0);
    if (!(rk = rd_kafka_new(RD_KAFKA_PRODUCER, kc, err, sizeof(err)))) {
        rd_kafka_conf_destroy(kc);
        fclose(fp);
        return -1;
    }
    while ((n = getline(&line, &cap, fp)) > 0) {
        if (line[n - 1] == '\n')
            n--;
        if (n == 0)
            continue;
        rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic),
                          RD_KAFKA_V_VALUE(line, (size_t)n),
                          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                          RD_KAFKA_V_END);
        cnt++;
    }
    rd_kafka_flush(rk, 10000);
    rd_kafka_destroy(rk);
    free(line);
    fclose(fp);
    return cnt;
}

int ne_cli_demo(const ne_cli_opts_t *o)
{
    ne_config_t *conf;
    ne_processor_t *proc = NULL;
    ne_metrics_t *metrics = NULL;
    ne_embedded_t *emb = NULL;
    ne_pipeline_opts_t opts;
    demo_reader_t reader;
    pthread_t reader_thread;
    const char *topics[8];
    char dir[PATH_MAX], path[PATH_MAX + 32], errstr[512];
    int rc = 1, reader_started = 0, cnt;

    if (!(conf = ne_cli_load_config(o->config_path)))
        return 2;
    /* a person is watching: readable logs, and only the ones that matter
     * unless they keep it running to feed it */
    if (isatty(STDERR_FILENO))
        ne_log_setup(o->follow ? (ne_log_level_t)conf->log_level
                               : NE_LOG_WARN,
                     NE_LOG_FORMAT_TEXT);
    if (!o->follow) {
        /* a run of seconds needs no /metrics, and a port someone else holds
         * must not stop a first try */
        free(conf->http_listen);
        conf->http_listen = ne_strdup("");
    }
    if (!(proc = ne_cli_processor_new(conf))) {
        rc = 2;
        goto done;
    }
    if (ne_cli_examples_dir(dir, sizeof(dir), errstr, sizeof(errstr))) {
        fprintf(stderr, "newsenrich demo: %s\n", errstr);
        goto done;
    }
    snprintf(path, sizeof(path), "%s/articles.jsonl", dir);
    ne_cli_install_signals();

    topics[0] = conf->topics_input[0];
    topics[1] = conf->topic_enriched;
    topics[2] = conf->topic_entities;
    topics[3] = conf->topic_claims;
    topics[4] = conf->topic_dlq;
    topics[5] = NULL;
    if (!(emb = ne_embedded_start(topics, 1, errstr, sizeof(errstr)))) {
        NE_LOG(NE_LOG_FATAL, "demo", "embedded_failed", errstr);
        goto done;
    }
    if ((cnt = produce_samples(ne_embedded_bootstrap(emb),
                               conf->topics_input[0], path)) < 0)
        goto done;
    fprintf(stderr, "newsenrich demo: %d sample articles from %s%s\n\n", cnt,
            path, o->follow ? "" : "; the summary follows");
    if (o->follow)
        fprintf(stderr,
                "newsenrich demo: add articles with: kcat -P -b %s -t %s "
                "(Ctrl-C stops)\n\n",
                ne_embedded_bootstrap(emb), conf->topics_input[0]);

    memset(&reader, 0, sizeof(reader));
    reader.bootstrap = ne_embedded_bootstrap(emb);
    reader.enriched = conf->topic_enriched;
    reader.dlq = conf->topic_dlq;
    reader.json = o->json;
    reader.follow = o->follow;
    reader.expect = cnt;
    reader.stop = ne_cli_stop_flag();
    if (pthread_create(&reader_thread, NULL, reader_main, &reader))
        goto done;
    reader_started = 1;

    metrics = ne_metrics_new();
    memset(&opts, 0, sizeof(opts));
    opts.stop = ne_cli_stop_flag();
    opts.bootstrap_override = ne_embedded_bootstrap(emb);
    rc = ne_pipeline_run(conf, proc, metrics, &opts);
done:
    if (reader_started) {
        *ne_cli_stop_flag() = 1;
        pthread_join(reader_thread, NULL);
        if (reader.rc)
            rc = 1;
        if (!o->json)
            printf("%d articles: %d enriched, %d rejected; %d people, %d "
                   "organisations, %d places, %d claims\n",
                   reader.articles, reader.articles - reader.rejected,
                   reader.rejected, reader.people, reader.orgs,
                   reader.places, reader.claims);
    }
    ne_metrics_destroy(metrics);
    ne_embedded_stop(emb);
    ne_processor_destroy(proc);
    ne_config_destroy(conf);
    return rc;
}
