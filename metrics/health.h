/*
 * newsenrich - what /healthz and /readyz report.
 *
 * Written by the pipeline's main thread, read by the HTTP thread; plain
 * atomics, no lock.
 */
#ifndef NE_HEALTH_H
#define NE_HEALTH_H

#include <stdatomic.h>
#include <stdint.h>

typedef struct ne_health_s {
    _Atomic int running;        /* main loop entered, not yet shut down */
    _Atomic int connected;      /* at least one broker is up */
    _Atomic int assigned;       /* partitions currently assigned */
    _Atomic int subscribed;     /* joined a group (idle by design counts) */
    _Atomic int stalled;        /* a partition with lag made no progress */
    _Atomic int shutting_down;
    _Atomic int64_t last_loop_ms; /* wall clock of the last loop iteration */
} ne_health_t;

#endif
