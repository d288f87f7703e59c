/*
 * newsenrich - the daemon: consumer -> processor threads -> producer.
 *
 * One thread (the caller of ne_pipeline_run) owns the consumer, the
 * producer and all offset state; processor threads only run the processor
 * and hand results back through bounded queues.
 */
#ifndef NE_PIPELINE_H
#define NE_PIPELINE_H

#include "../config/config.h"
#include "../metrics/metrics.h"
#include "../processor/processor.h"

#include <signal.h>

typedef struct ne_pipeline_opts_s {
    /* Set to non-zero (from a signal handler) to shut down gracefully. */
    volatile sig_atomic_t *stop;
    /* demo and run --embedded: the embedded cluster's bootstrap servers,
     * used instead of kafka.bootstrap.servers (borrowed; NULL: from the
     * config). */
    const char *bootstrap_override;
} ne_pipeline_opts_t;

/* Run until *opts->stop is set or a fatal error. proc and metrics are
 * borrowed. Returns the process exit code: 0 after a clean shutdown, 1 on a
 * fatal runtime error, 2 on a configuration error found at start. */
int ne_pipeline_run(const ne_config_t *conf, const ne_processor_t *proc,
                    ne_metrics_t *metrics, const ne_pipeline_opts_t *opts);

#endif
