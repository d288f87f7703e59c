/*
 * newsenrich - command line.
 *
 *   run [-c FILE] [--embedded]        the daemon
 *   process [-c FILE] [--threads N]   JSONL articles on stdin -> records
 *   check-config -c FILE [--connect]  validate, load models, print the config
 *   demo [-c FILE] [--follow] [--json]
 *   version
 *   config-reference                  the config table as markdown (README)
 *
 * Each command is one row of commands[]: its options (getopt_long), its
 * --help text and its function. Exit codes: 0 ok, 1 runtime failure, 2 usage
 * or configuration error.
 */
#include "cli.h"

#include "../common/log.h"
#include "../pipeline/embedded.h"
#include "../pipeline/pipeline.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <librdkafka/rdkafka.h>
#include <limits.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>
#include <zlib.h>

#ifndef NE_SOURCE_DIR
#define NE_SOURCE_DIR "."
#endif
/* Where an installed binary finds its data: <prefix>/bin/newsenrich ->
 * <prefix>/share/newsenrich (CMake's GNUInstallDirs layout). */
#ifndef NE_DATA_REL
#define NE_DATA_REL "../share/newsenrich"
#endif
/* Partitions of each topic `run --embedded` creates: enough to show
 * parallel consumption, few enough for a laptop. */
#define EMBEDDED_PARTITIONS 4
/* Upper bound of process --threads. */
#define MAX_THREADS 256

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

/* ---- shared helpers ----------------------------------------------------- */

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

int ne_cli_has_bootstrap(const ne_config_t *conf)
{
    size_t i;
    for (i = 0; i < conf->kafka_cnt; i++)
        if (!strcmp(conf->kafka[i].key, "bootstrap.servers") &&
            *conf->kafka[i].value)
            return 1;
    return 0;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* <directory of /proc/self/exe>/<rel>/<what>, or "" when unknown. */
static void exe_relative(const char *what, char *out, size_t out_size)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    char *slash;

    out[0] = '\0';
    if (n <= 0)
        return;
    exe[n] = '\0';
    if (!(slash = strrchr(exe, '/')))
        return;
    *slash = '\0';
    snprintf(out, out_size, "%s/" NE_DATA_REL "/%s", exe, what);
}

/* Installed data first, then the source tree the binary was built from:
 * a build-tree binary (tests, tools, bench) needs no variable. */
static int data_dir(const char *what, char *out, size_t out_size,
                    char *errstr, size_t errstr_size)
{
    char installed[PATH_MAX + 64];

    exe_relative(what, installed, sizeof(installed));
    if (*installed && is_dir(installed)) {
        snprintf(out, out_size, "%s", installed);
        return 0;
    }
    snprintf(out, out_size, "%s/%s", NE_SOURCE_DIR, what);
    if (is_dir(out))
        return 0;
    ne_errf(errstr, errstr_size,
            "no %s directory: looked in %s and %s/%s", what,
            *installed ? installed : "(the binary's share/newsenrich)",
            NE_SOURCE_DIR, what);
    return -1;
}

int ne_cli_models_dir(const ne_config_t *conf, char *out, size_t out_size,
                      char *errstr, size_t errstr_size)
{
    if (conf && *conf->models_dir) {
        snprintf(out, out_size, "%s", conf->models_dir);
        return 0;
    }
    if (data_dir("models", out, out_size, errstr, errstr_size)) {
        size_t n = strlen(errstr);
        snprintf(errstr + n, errstr_size - n,
                 "; set models.dir or NEWSENRICH_MODELS_DIR");
        return -1;
    }
    return 0;
}

int ne_cli_examples_dir(char *out, size_t out_size, char *errstr,
                        size_t errstr_size)
{
    return data_dir("examples", out, out_size, errstr, errstr_size);
}

ne_processor_t *ne_cli_processor_load(const ne_config_t *conf, char *errstr,
                                      size_t errstr_size)
{
    ne_processor_conf_t pconf;
    char dir[PATH_MAX];

    if (ne_cli_models_dir(conf, dir, sizeof(dir), errstr, errstr_size))
        return NULL;
    ne_processor_conf_init(&pconf);
    pconf.models_dir = dir;
    pconf.kb_files = (const char *const *)conf->kb_files;
    pconf.claims_learned = conf->claims_learned;
    pconf.max_message_bytes = (size_t)conf->max_message_bytes;
    pconf.max_decompressed_bytes = (size_t)conf->max_decompressed_bytes;
    return ne_processor_new(&pconf, errstr, errstr_size);
}

ne_processor_t *ne_cli_processor_new(const ne_config_t *conf)
{
    char errstr[1024];
    ne_processor_t *proc = ne_cli_processor_load(conf, errstr, sizeof(errstr));
    if (!proc)
        NE_LOG(NE_LOG_FATAL, "processor", "load_failed", errstr);
    return proc;
}

/* ---- commands ------------------------------------------------------------ */

static int cmd_version(const ne_cli_opts_t *opts)
{
    (void)opts;
    printf("newsenrich %s (librdkafka %s, jansson %s, zlib %s, utf8proc %s, "
           "libmicrohttpd %s)\n",
           NE_VERSION, rd_kafka_version_str(), jansson_version_str(),
           zlibVersion(), utf8proc_version(), MHD_get_version());
    return 0;
}

static int cmd_config_reference(const ne_cli_opts_t *opts)
{
    ne_buf_t b;
    (void)opts;
    ne_buf_init(&b);
    ne_config_reference(&b);
    fwrite(b.data, 1, b.len, stdout);
    ne_buf_free(&b);
    return 0;
}

static int cmd_run(const ne_cli_opts_t *o)
{
    ne_config_t *conf;
    ne_processor_t *proc = NULL;
    ne_metrics_t *metrics = NULL;
    ne_embedded_t *emb = NULL;
    ne_pipeline_opts_t opts;
    char errstr[512];
    int rc = 2;

    if (!(conf = ne_cli_load_config(o->config_path)))
        return 2;
    if (!o->embedded && !ne_cli_has_bootstrap(conf)) {
        /* a worker with a forgotten variable must not look healthy on a
         * broker of its own */
        fprintf(stderr,
                "newsenrich run: no broker configured: set "
                "kafka.bootstrap.servers in %s or the environment variable "
                "NEWSENRICH_KAFKA_BOOTSTRAP_SERVERS, or pass --embedded for "
                "a throw-away in-process test broker\n",
                o->config_path ? o->config_path : "the config file");
        goto done;
    }
    if (!(proc = ne_cli_processor_new(conf)))
        goto done;
    rc = 1;
    memset(&opts, 0, sizeof(opts));
    if (o->embedded) {
        if (!(emb = ne_embedded_start_conf(conf, EMBEDDED_PARTITIONS, errstr,
                                           sizeof(errstr)))) {
            NE_LOG(NE_LOG_FATAL, "cli", "embedded_failed", errstr);
            goto done;
        }
        opts.bootstrap_override = ne_embedded_bootstrap(emb);
        NE_LOG(NE_LOG_INFO, "pipeline", "embedded_broker",
               "--embedded: started the in-process test broker (librdkafka "
               "mock cluster)",
               NE_KV_STR("bootstrap_servers", opts.bootstrap_override));
    }
    metrics = ne_metrics_new();
    ne_cli_install_signals();
    opts.stop = &stop_requested;
    rc = ne_pipeline_run(conf, proc, metrics, &opts);
done:
    ne_metrics_destroy(metrics);
    ne_embedded_stop(emb);
    ne_processor_destroy(proc);
    ne_config_destroy(conf);
    return rc;
}

/* ---- option parsing ------------------------------------------------------ */

enum {
    OPT_HELP = 'h',
    OPT_CONFIG = 'c',
    OPT_EMBEDDED = 256,
    OPT_CONNECT,
    OPT_FOLLOW,
    OPT_JSON,
    OPT_THREADS,
};

typedef struct cli_cmd_s {
    const char *name;
    const char *synopsis; /* after "newsenrich <name>" */
    const char *summary;  /* one line for the overview */
    const char *help;     /* the options, one per line */
    const char *shortopts; /* getopt's; ':' first: we print the errors */
    const struct option *longopts;
    int (*fn)(const ne_cli_opts_t *opts);
} cli_cmd_t;

#define O_HELP {"help", no_argument, NULL, OPT_HELP}
#define O_CONFIG {"config", required_argument, NULL, OPT_CONFIG}
#define O_END {NULL, 0, NULL, 0}
#define H_HELP "  -h, --help         this text\n"
#define H_CONFIG                                                              \
    "  -c, --config FILE  JSON configuration (NEWSENRICH_* variables\n"        \
    "                     override it)\n"

static const struct option run_opts[] = {
    O_HELP, O_CONFIG, {"embedded", no_argument, NULL, OPT_EMBEDDED}, O_END};
static const struct option process_opts[] = {
    O_HELP, O_CONFIG, {"threads", required_argument, NULL, OPT_THREADS},
    O_END};
static const struct option check_opts[] = {
    O_HELP, O_CONFIG, {"connect", no_argument, NULL, OPT_CONNECT}, O_END};
static const struct option demo_opts[] = {
    O_HELP, O_CONFIG, {"follow", no_argument, NULL, OPT_FOLLOW},
    {"json", no_argument, NULL, OPT_JSON}, O_END};
static const struct option bare_opts[] = {O_HELP, O_END};

static const cli_cmd_t commands[] = {
    {"run", "[-c FILE] [--embedded]",
     "run the daemon (Kafka in, Kafka out)",
     H_CONFIG
     "      --embedded     start an in-process test broker (librdkafka mock\n"
     "                     cluster) and log its address; without it\n"
     "                     kafka.bootstrap.servers is required\n" H_HELP,
     ":hc:", run_opts, cmd_run},
    {"process", "[-c FILE] [--threads N]",
     "JSONL articles on stdin -> JSONL records on stdout",
     H_CONFIG
     "  -t, --threads N    processor threads (default 1: each line is\n"
     "                     answered as it comes); output order is input\n"
     "                     order\n" H_HELP,
     ":hc:t:", process_opts, ne_cli_process},
    {"check-config", "-c FILE [--connect]",
     "validate, load the models, print the effective config",
     H_CONFIG
     "      --connect      also check that the broker answers with these\n"
     "                     credentials and that every topic exists\n" H_HELP,
     ":hc:", check_opts, ne_cli_check_config},
    {"demo", "[-c FILE] [--follow] [--json]",
     "embedded broker + sample articles: a summary per article",
     H_CONFIG
     "      --follow       keep running for more input (Ctrl-C stops)\n"
     "      --json         print the enriched records instead of summaries\n"
     H_HELP,
     ":hc:", demo_opts, ne_cli_demo},
    {"version", "", "print the versions", H_HELP, ":h", bare_opts,
     cmd_version},
    {"config-reference", "", "print the config keys as a markdown table",
     H_HELP, ":h", bare_opts, cmd_config_reference},
};

static void usage(FILE *fp)
{
    size_t i;
    fprintf(fp, "usage: newsenrich <command> [options]\n\ncommands:\n");
    for (i = 0; i < NE_ARRAY_SIZE(commands); i++)
        fprintf(fp, "  %-17s %s\n", commands[i].name, commands[i].summary);
    fprintf(fp, "\n`newsenrich <command> --help` lists its options. Exit "
                "codes: 0 ok, 1 runtime failure,\n2 usage or configuration "
                "error.\n");
}

static void cmd_usage(FILE *fp, const cli_cmd_t *cmd)
{
    fprintf(fp, "usage: newsenrich %s %s\n%s.\n\noptions:\n%s", cmd->name,
            cmd->synopsis, cmd->summary, cmd->help);
}

/* getopt_long over argv[1..]: fills o, or prints why and the usage and
 * returns 2; returns -1 when the command should run, 0 after --help. */
static int parse_options(const cli_cmd_t *cmd, int argc, char **argv,
                         ne_cli_opts_t *o)
{
    int c;

    memset(o, 0, sizeof(*o));
    opterr = 0; /* our own messages, with the command's usage */
    optind = 1;
    while ((c = getopt_long(argc, argv, cmd->shortopts, cmd->longopts, NULL)) !=
           -1) {
        switch (c) {
        case OPT_HELP:
            cmd_usage(stdout, cmd);
            return 0;
        case OPT_CONFIG: o->config_path = optarg; break;
        case OPT_EMBEDDED: o->embedded = 1; break;
        case OPT_CONNECT: o->connect = 1; break;
        case OPT_FOLLOW: o->follow = 1; break;
        case OPT_JSON: o->json = 1; break;
        case 't': /* -t is --threads */
        case OPT_THREADS: {
            char *end;
            long v;
            errno = 0;
            v = strtol(optarg, &end, 10);
            if (errno || end == optarg || *end || v < 1 || v > MAX_THREADS) {
                fprintf(stderr,
                        "newsenrich %s: --threads wants a number from 1 to "
                        "%d, not \"%s\"\n",
                        cmd->name, MAX_THREADS, optarg);
                cmd_usage(stderr, cmd);
                return 2;
            }
            o->threads = (int)v;
            break;
        }
        case ':':
            fprintf(stderr, "newsenrich %s: option %s needs a value\n",
                    cmd->name, argv[optind - 1]);
            cmd_usage(stderr, cmd);
            return 2;
        default:
            fprintf(stderr, "newsenrich %s: unknown option \"%s\"\n",
                    cmd->name, argv[optind - 1]);
            cmd_usage(stderr, cmd);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "newsenrich %s: unexpected argument \"%s\"\n",
                cmd->name, argv[optind]);
        cmd_usage(stderr, cmd);
        return 2;
    }
    if (cmd->fn == ne_cli_check_config && !o->config_path) {
        fprintf(stderr, "newsenrich check-config: -c FILE is required\n");
        cmd_usage(stderr, cmd);
        return 2;
    }
    return -1;
}

int main(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : NULL;
    ne_cli_opts_t opts;
    size_t i;
    int rc;

    if (!name) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(name, "-h") || !strcmp(name, "--help") ||
        !strcmp(name, "help")) {
        if (argc > 2)
            for (i = 0; i < NE_ARRAY_SIZE(commands); i++)
                if (!strcmp(argv[2], commands[i].name)) {
                    cmd_usage(stdout, &commands[i]);
                    return 0;
                }
        usage(stdout);
        return 0;
    }
    if (!strcmp(name, "--version"))
        return cmd_version(NULL);
    for (i = 0; i < NE_ARRAY_SIZE(commands); i++) {
        if (strcmp(name, commands[i].name))
            continue;
        if ((rc = parse_options(&commands[i], argc - 1, argv + 1, &opts)) >= 0)
            return rc;
        return commands[i].fn(&opts);
    }
    fprintf(stderr, "newsenrich: unknown command \"%s\"\n", name);
    usage(stderr);
    return 2;
}
