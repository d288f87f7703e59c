/*
 * newsenrich - what /healthz and /readyz report.
 *
 * Written by the pipeline's main thread (the consumer's callbacks run on
 * it), read by the HTTP thread; plain atomics, no lock. All start at 0.
 *
 *   alive (/healthz): running, and the main loop turned within
 *                     NE_HEALTH_LOOP_TIMEOUT_MS (or it is shutting down)
 *   ready (/readyz):  running, not shutting down, a broker is up, the group
 *                     gave us an assignment (an empty one counts: idle by
 *                     design when there are more workers than partitions),
 *                     and no partition with lag is stalled
 */
#ifndef NE_HEALTH_H
#define NE_HEALTH_H

#include <stdatomic.h>
#include <stdint.h>

/* Why the brokers refuse us, when they do (ne_health_t.kafka_auth). */
enum {
    NE_HEALTH_AUTH_OK = 0,
    NE_HEALTH_AUTH_SASL, /* SASL authentication failed */
    NE_HEALTH_AUTH_TLS,  /* TLS handshake failed (CA, certificate) */
};

typedef struct ne_health_s {
    _Atomic int running;        /* main loop entered, not yet shut down */
    _Atomic int connected;      /* at least one broker is up */
    _Atomic int assigned;       /* partitions currently assigned */
    _Atomic int subscribed;     /* subscribe() succeeded */
    _Atomic int joined;         /* an assignment arrived (empty counts) */
    _Atomic int stalled;        /* a partition with lag made no progress */
    _Atomic int shutting_down;
    _Atomic int64_t last_loop_ms; /* wall clock of the last loop iteration */
    _Atomic int kafka_auth;     /* NE_HEALTH_AUTH_*; OK again once a broker
                                 * is up */
} ne_health_t;

/* The main loop must turn at least this often to count as alive: the
 * default max.poll.interval.ms, past which Kafka drops the member anyway. */
#define NE_HEALTH_LOOP_TIMEOUT_MS 300000

#endif
