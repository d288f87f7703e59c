/*
 * newsenrich - helpers shared by the commands in cli/.
 */
#ifndef NE_CLI_H
#define NE_CLI_H

#include <signal.h>

#include "../config/config.h"
#include "../processor/processor.h"

/* Load and validate the config, set up logging; prints the error and
 * returns NULL on failure (exit 2). */
ne_config_t *ne_cli_load_config(const char *path);
/* Load models; logs and returns NULL on failure (exit 1). */
ne_processor_t *ne_cli_processor_new(const ne_config_t *conf);
/* SIGINT/SIGTERM set the stop flag; SIGPIPE is ignored. */
void ne_cli_install_signals(void);
volatile sig_atomic_t *ne_cli_stop_flag(void);

/* `newsenrich demo`. */
int ne_cli_demo(const char *config_path);

#endif
