/*
 * newsenrich - `check-config`: everything `run` would check before it
 * starts, every problem on its own line, exit 2 when there is one.
 *
 * It loads the config (all problems, not the first), the models and the KB
 * files `run` would load, and notes a missing broker address (an error for
 * `run`, which may be started with --embedded). --connect also asks the
 * broker, with the configured credentials, for the metadata of every
 * configured topic: a broker that does not answer, refused credentials or a
 * missing topic are problems too.
 */
#include "cli.h"

#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How long --connect waits for the broker's metadata. */
#define CONNECT_TIMEOUT_MS 10000
#define CONNECT_REASON_SIZE 512

/* The first error the client reported while connecting (served by
 * rd_kafka_poll on this thread): "Connect to ... failed: Connection
 * refused", a SASL authentication failure, ... */
static void on_client_error(rd_kafka_t *rk, int err, const char *reason,
                            void *opaque)
{
    char *first = opaque;
    (void)rk;
    if (!*first && err != RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
        snprintf(first, CONNECT_REASON_SIZE, "%s", reason);
}

/* Ask the broker for the metadata of every topic; one problem line per
 * missing topic. Returns the number of problems. */
static int check_connect(const ne_config_t *conf, ne_buf_t *problems)
{
    rd_kafka_conf_t *kc = rd_kafka_conf_new();
    const struct rd_kafka_metadata *md = NULL;
    const char *topics[64];
    char err[512], first_error[CONNECT_REASON_SIZE] = "";
    rd_kafka_t *rk;
    rd_kafka_resp_err_t e;
    size_t i, j, n = 0;
    int bad = 0;

    for (i = 0; i < conf->kafka_cnt; i++)
        rd_kafka_conf_set(kc, conf->kafka[i].key, conf->kafka[i].value, NULL,
                          0); /* validated by ne_config_load */
    /* the errors come back through on_client_error, in one line; the
     * client's own log lines (consumer properties on this producer, every
     * refused connection) would bury it */
    rd_kafka_conf_set(kc, "log_level", "0", NULL, 0);
    rd_kafka_conf_set_error_cb(kc, on_client_error);
    rd_kafka_conf_set_opaque(kc, first_error);
    if (!(rk = rd_kafka_new(RD_KAFKA_PRODUCER, kc, err, sizeof(err)))) {
        rd_kafka_conf_destroy(kc);
        ne_buf_printf(problems, "kafka: cannot create a client: %s\n", err);
        return 1;
    }
    /* all topics at once: with credentials refused or no broker this fails
     * as a whole and says why */
    e = rd_kafka_metadata(rk, 1, NULL, &md, CONNECT_TIMEOUT_MS);
    if (e) {
        rd_kafka_poll(rk, 0); /* serve on_client_error */
        ne_buf_printf(problems,
                      "kafka.bootstrap.servers: the broker did not answer "
                      "within %d s with these settings and credentials: "
                      "%s%s%s\n",
                      CONNECT_TIMEOUT_MS / 1000, rd_kafka_err2str(e),
                      *first_error ? ": " : "", first_error);
        rd_kafka_destroy(rk);
        return 1;
    }
    for (i = 0; conf->topics_input[i] && n < NE_ARRAY_SIZE(topics) - 4; i++)
        topics[n++] = conf->topics_input[i];
    topics[n++] = conf->topic_enriched;
    topics[n++] = conf->topic_entities;
    topics[n++] = conf->topic_claims;
    topics[n++] = conf->topic_dlq;
    for (j = 0; j < n; j++) {
        int found = 0;
        if (!*topics[j])
            continue; /* "" disables that output */
        for (i = 0; i < (size_t)md->topic_cnt; i++)
            if (!strcmp(md->topics[i].topic, topics[j]) &&
                !md->topics[i].err)
                found = 1;
        if (!found) {
            ne_buf_printf(problems,
                          "topic \"%s\" does not exist on the broker (or "
                          "these credentials may not describe it)\n",
                          topics[j]);
            bad++;
        }
    }
    rd_kafka_metadata_destroy(md);
    rd_kafka_destroy(rk);
    return bad;
}

int ne_cli_check_config(const ne_cli_opts_t *opts)
{
    ne_buf_t problems, out;
    ne_config_t *conf;
    ne_processor_t *proc = NULL;
    char errstr[1024];
    int cnt = 0;

    ne_buf_init(&problems);
    conf = ne_config_check(opts->config_path, &problems, &cnt);
    /* the models and KB files, as `run` loads them, even after other
     * problems: the operator gets the whole list at once */
    if (!(proc = ne_cli_processor_load(conf, errstr, sizeof(errstr)))) {
        ne_buf_printf(&problems, "%s\n", errstr);
        cnt++;
    }
    if (cnt == 0) {
        if (!ne_cli_has_bootstrap(conf)) {
            if (opts->connect) {
                ne_buf_printf(&problems,
                              "kafka.bootstrap.servers: not set, nothing to "
                              "connect to (NEWSENRICH_KAFKA_BOOTSTRAP_SERVERS)"
                              "\n");
                cnt++;
            } else
                fprintf(stderr,
                        "note: kafka.bootstrap.servers is not set (nor "
                        "NEWSENRICH_KAFKA_BOOTSTRAP_SERVERS): `run` needs it, "
                        "or --embedded for a test broker\n");
        } else if (opts->connect)
            cnt += check_connect(conf, &problems);
    }
    if (cnt) {
        fprintf(stderr, "newsenrich check-config: %d problem%s:\n%s", cnt,
                cnt == 1 ? "" : "s", problems.data);
    } else {
        ne_buf_init(&out);
        ne_config_dump(conf, &out);
        fwrite(out.data, 1, out.len, stdout);
        ne_buf_free(&out);
        if (opts->connect)
            fprintf(stderr, "check-config: the broker answered and every "
                            "configured topic exists\n");
    }
    ne_buf_free(&problems);
    ne_processor_destroy(proc);
    ne_config_destroy(conf);
    return cnt ? 2 : 0;
}
