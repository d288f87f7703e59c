/*
 * newsenrich - helpers shared by the commands in cli/.
 */
#ifndef NE_CLI_H
#define NE_CLI_H

#include <signal.h>
#include <stddef.h>

#include "../config/config.h"
#include "../processor/processor.h"

/* What the command line gave; each command reads the fields it accepts. */
typedef struct ne_cli_opts_s {
    const char *config_path; /* -c FILE, or NULL */
    int embedded;            /* run --embedded */
    int connect;             /* check-config --connect */
    int follow;              /* demo --follow */
    int json;                /* demo --json */
    int threads;             /* process --threads N; 0: from the config */
} ne_cli_opts_t;

/* Load and validate the config, set up logging; prints the error and
 * returns NULL on failure (exit 2). */
ne_config_t *ne_cli_load_config(const char *path);

/* The directory of the model files: models.dir (or NEWSENRICH_MODELS_DIR)
 * when set, else share/newsenrich/models next to the installed binary, else
 * the source tree's models/ for a binary in a build tree. Writes it to out
 * and returns 0, or -1 with one sentence naming the places looked at. */
int ne_cli_models_dir(const ne_config_t *conf, char *out, size_t out_size,
                      char *errstr, size_t errstr_size);
/* The same for the bundled examples (no config key). */
int ne_cli_examples_dir(char *out, size_t out_size, char *errstr,
                        size_t errstr_size);

/* Load models; writes the reason to errstr and returns NULL on failure. */
ne_processor_t *ne_cli_processor_load(const ne_config_t *conf, char *errstr,
                                      size_t errstr_size);
/* Load models; logs and returns NULL on failure (exit 2: a missing or bad
 * model file is a configuration problem that a restart cannot fix). */
ne_processor_t *ne_cli_processor_new(const ne_config_t *conf);

/* Is kafka.bootstrap.servers set to something non-empty? */
int ne_cli_has_bootstrap(const ne_config_t *conf);

/* SIGINT/SIGTERM set the stop flag; SIGPIPE is ignored. */
void ne_cli_install_signals(void);
volatile sig_atomic_t *ne_cli_stop_flag(void);

/* The commands; each returns the exit code. */
int ne_cli_demo(const ne_cli_opts_t *opts);
int ne_cli_check_config(const ne_cli_opts_t *opts);
int ne_cli_process(const ne_cli_opts_t *opts);

#endif
