/*
 * newsenrich - command line.
 *
 *   newsenrich run [-c FILE]          the daemon
 *   newsenrich process [-c FILE]      JSONL articles on stdin -> records on stdout
 *   newsenrich check-config -c FILE   validate, print the effective config
 *   newsenrich demo                   embedded broker + bundled sample articles
 *   newsenrich version
 *   newsenrich config-reference       the config table as markdown (README)
 *
 * Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error.
 */
#include "cli.h"

#include "../common/log.h"
#include "../pipeline/pipeline.h"

#include <jansson.h>
#include <librdkafka/rdkafka.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <zlib.h>

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

void ne_cli_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

volatile sig_atomic_t *ne_cli_stop_flag(void)
{
    return &stop_requested;
}

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: newsenrich <command> [options]\n"
            "\n"
            "commands:\n"
            "  run [-c FILE]           run the daemon (Kafka in, Kafka out)\n"
            "  process [-c FILE]       JSONL articles on stdin -> JSONL "
            "records on stdout\n"
            "  check-config -c FILE    validate and print the effective "
            "config\n"
            "  demo                    embedded broker + sample articles; "
            "Ctrl-C to stop\n"
            "  version                 print versions\n"
            "  config-reference        print the config keys as a markdown "
            "table\n");
}

/* Parse "-c FILE" / "--config FILE"; returns -1 on a usage error. */
static int parse_config_arg(int argc, char **argv, const char **path)
{
    int i;
    *path = NULL;
    for (i = 2; i < argc; i++) {
        if ((!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config")) &&
            i + 1 < argc) {
            *path = argv[++i];
        } else {
            fprintf(stderr, "newsenrich %s: unexpected argument \"%s\"\n",
                    argv[1], argv[i]);
            return -1;
        }
    }
    return 0;
}

ne_config_t *ne_cli_load_config(const char *path)
{
    char errstr[1024];
    ne_config_t *conf = ne_config_load(path, errstr, sizeof(errstr));
    if (!conf) {
        fprintf(stderr, "newsenrich: configuration error: %s\n", errstr);
        return NULL;
    }
    ne_log_setup((ne_log_level_t)conf->log_level,
                 (ne_log_format_t)conf->log_format);
    return conf;
}

ne_processor_t *ne_cli_processor_new(const ne_config_t *conf)
{
    ne_processor_conf_t pconf;
    char errstr[1024];
    ne_processor_t *proc;

    ne_processor_conf_init(&pconf);
    pconf.models_dir = *conf->models_dir ? conf->models_dir : NULL;
    pconf.kb_files = (const char *const *)conf->kb_files;
    pconf.max_message_bytes = (size_t)conf->max_message_bytes;
    pconf.max_decompressed_bytes = (size_t)conf->max_decompressed_bytes;
    proc = ne_processor_new(&pconf, errstr, sizeof(errstr));
    if (!proc)
        NE_LOG(NE_LOG_FATAL, "processor", "load_failed", errstr);
    return proc;
}

static int cmd_version(void)
{
    printf("newsenrich %s (librdkafka %s, jansson %s, zlib %s, utf8proc %s, "
           "libmicrohttpd %s)\n",
           NE_VERSION, rd_kafka_version_str(), jansson_version_str(),
           zlibVersion(), utf8proc_version(), MHD_get_version());
    return 0;
}

static int cmd_check_config(const char *path)
{
    ne_config_t *conf;
    ne_buf_t b;
    if (!path) {
        fprintf(stderr, "newsenrich check-config: -c FILE is required\n");
        return 2;
    }
    if (!(conf = ne_cli_load_config(path)))
        return 2;
    ne_buf_init(&b);
    ne_config_dump(conf, &b);
    fwrite(b.data, 1, b.len, stdout);
    ne_buf_free(&b);
    ne_config_destroy(conf);
    return 0;
}

static int cmd_config_reference(void)
{
    ne_buf_t b;
    ne_buf_init(&b);
    ne_config_reference(&b);
    fwrite(b.data, 1, b.len, stdout);
    ne_buf_free(&b);
    return 0;
}

/* One output line per input line, in order: the enriched record or an
 * error record. */
static int cmd_process(const char *path)
{
    ne_config_t *conf;
    ne_processor_t *proc;
    ne_result_t *res;
    ne_buf_t errline;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int64_t lineno = 0;
    int rc = 0;

    if (!(conf = ne_cli_load_config(path)))
        return 2;
    if (!(proc = ne_cli_processor_new(conf))) {
        ne_config_destroy(conf);
        return 1;
    }
    res = ne_result_new();
    ne_buf_init(&errline);
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        ne_input_t in;
        ne_err_t err;

        lineno++;
        if (n > 0 && line[n - 1] == '\n')
            n--;
        memset(&in, 0, sizeof(in));
        in.payload = line;
        in.len = (size_t)n;
        in.offset = lineno;
        in.timestamp_ms = -1;
        err = ne_processor_run(proc, &in, res);
        if (err) {
            ne_buf_reset(&errline);
            ne_error_record(&errline, lineno, err, ne_result_reason(res));
            ne_buf_putc(&errline, '\n');
            fwrite(errline.data, 1, errline.len, stdout);
        } else {
            const ne_outputs_t *out = ne_result_outputs(res);
            const ne_outrec_t *r = &out->recs[0]; /* the enriched record */
            fwrite(out->data + r->value_off, 1, r->value_len, stdout);
            fputc('\n', stdout);
        }
    }
    if (ferror(stdin)) {
        NE_LOG(NE_LOG_ERROR, "cli", "stdin_error", "reading stdin failed");
        rc = 1;
    }
    if (fflush(stdout) != 0)
        rc = 1;
    free(line);
    ne_buf_free(&errline);
    ne_result_destroy(res);
    ne_processor_destroy(proc);
    ne_config_destroy(conf);
    return rc;
}

static int cmd_run(const char *path)
{
    ne_config_t *conf;
    ne_processor_t *proc;
    ne_metrics_t *metrics;
    ne_pipeline_opts_t opts;
    int rc;

    if (!(conf = ne_cli_load_config(path)))
        return 2;
    if (!(proc = ne_cli_processor_new(conf))) {
        ne_config_destroy(conf);
        return 1;
    }
    metrics = ne_metrics_new();
    ne_cli_install_signals();
    memset(&opts, 0, sizeof(opts));
    opts.stop = &stop_requested;
    rc = ne_pipeline_run(conf, proc, metrics, &opts);
    ne_metrics_destroy(metrics);
    ne_processor_destroy(proc);
    ne_config_destroy(conf);
    return rc;
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    const char *cmd = argc > 1 ? argv[1] : NULL;

    if (!cmd) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version"))
        return cmd_version();
    if (!strcmp(cmd, "config-reference"))
        return cmd_config_reference();
    if (parse_config_arg(argc, argv, &path))
        return 2;
    if (!strcmp(cmd, "process"))
        return cmd_process(path);
    if (!strcmp(cmd, "check-config"))
        return cmd_check_config(path);
    if (!strcmp(cmd, "run"))
        return cmd_run(path);
    if (!strcmp(cmd, "demo"))
        return ne_cli_demo(path);
    fprintf(stderr, "newsenrich: unknown command \"%s\"\n", cmd);
    usage(stderr);
    return 2;
}
