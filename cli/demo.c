/*
 * newsenrich - `demo`: the whole pipeline on the embedded broker.
 *
 * Starts librdkafka's mock cluster in-process, creates the topics, produces
 * the bundled sample articles, runs the daemon's pipeline against it and
 * prints every enriched record as it arrives on the enriched topic. It
 * keeps running for more input (kcat -P into the logged bootstrap address)
 * until Ctrl-C.
 */
#include "cli.h"

#include "../common/log.h"
#include "../pipeline/embedded.h"
#include "../pipeline/pipeline.h"

#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef NE_EXAMPLES_DIR
#define NE_EXAMPLES_DIR "examples"
#endif

typedef struct demo_reader_s {
    const char *bootstrap;
    const char *topic;
    volatile sig_atomic_t *stop;
    int rc;
} demo_reader_t;

/* Print the enriched topic, one record per line, as records arrive. */
static void *reader_main(void *arg)
{
    demo_reader_t *r = arg;
    rd_kafka_conf_t *kc = rd_kafka_conf_new();
    rd_kafka_topic_partition_list_t *l;
    rd_kafka_t *rk;
    char err[512];

    rd_kafka_conf_set(kc, "bootstrap.servers", r->bootstrap, NULL, 0);
    rd_kafka_conf_set(kc, "group.id", "newsenrich-demo-reader", NULL, 0);
    rd_kafka_conf_set(kc, "enable.auto.commit", "false", NULL, 0);
    if (!(rk = rd_kafka_new(RD_KAFKA_CONSUMER, kc, err, sizeof(err)))) {
        rd_kafka_conf_destroy(kc);
        NE_LOG(NE_LOG_ERROR, "demo", "reader_failed", err);
        r->rc = 1;
        return NULL;
    }
    l = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(l, r->topic, 0)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_assign(rk, l);
    rd_kafka_topic_partition_list_destroy(l);
    while (!*r->stop) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 200);
        if (!m)
            continue;
        if (!m->err) {
            fwrite(m->payload, 1, m->len, stdout);
            fputc('\n', stdout);
            fflush(stdout);
        }
        rd_kafka_message_destroy(m);
    }
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return NULL;
}

/* Produce every line of the sample file into the input topic. */
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
    NE_LOG(NE_LOG_INFO, "demo", "samples_produced", "",
           NE_KV_INT("articles", cnt), NE_KV_STR("topic", topic));
    return 0;
}

int ne_cli_demo(const char *config_path)
{
    ne_config_t *conf;
    ne_processor_t *proc = NULL;
    ne_metrics_t *metrics = NULL;
    ne_embedded_t *emb = NULL;
    ne_pipeline_opts_t opts;
    demo_reader_t reader;
    pthread_t reader_thread;
    const char *topics[8];
    const char *dir = getenv("NEWSENRICH_EXAMPLES");
    char path[4096], errstr[512];
    int rc = 1, reader_started = 0;

    if (!(conf = ne_cli_load_config(config_path)))
        return 2;
    if (!(proc = ne_cli_processor_new(conf)))
        goto done;
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
    NE_LOG(NE_LOG_INFO, "demo", "embedded_broker",
           "add articles with: kcat -P -b <bootstrap> -t <input topic>",
           NE_KV_STR("bootstrap_servers", ne_embedded_bootstrap(emb)),
           NE_KV_STR("input_topic", conf->topics_input[0]));

    snprintf(path, sizeof(path), "%s/articles.jsonl",
             dir && *dir ? dir : NE_EXAMPLES_DIR);
    if (produce_samples(ne_embedded_bootstrap(emb), conf->topics_input[0],
                        path))
        goto done;

    memset(&reader, 0, sizeof(reader));
    reader.bootstrap = ne_embedded_bootstrap(emb);
    reader.topic = conf->topic_enriched;
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
    }
    ne_metrics_destroy(metrics);
    ne_embedded_stop(emb);
    ne_processor_destroy(proc);
    ne_config_destroy(conf);
    return rc;
}
