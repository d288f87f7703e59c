/*
 * newsenrich - what /healthz and /readyz report.
 *
 * Written by the pipeline's main thread (the consumer's callbacks run on
 * it), read by the HTTP thread; plain atomics, no lock. All start at 0.
 *
 *   alive (/healthz): running, and the main loop turned within
 *                     NE_HEALTH_LOOP_TIMEOUT_MS (or it is shutting down)
 *   ready (/readyz):  running, not shutting down, a broker is up, every
 *                     configured topic exists (checked at start and then
 *                     periodically: consumer/topic_watch.h), the group
 *                     gave us an assignment (an empty one counts: idle by
 *                     design when there are more workers than partitions),
 *                     and no partition with lag is stalled
 *
 * The names of the missing topics are a string, not an atomic: they sit
 * under missing_lock, which the owner initialises (pthread_mutex_init)
 * before it sets topics_missing. A zeroed struct with topics_missing at 0
 * never touches the lock.
 */
#ifndef NE_HEALTH_H
#define NE_HEALTH_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

/* Room for the missing topics' names (NUL-separated, an empty name ends
 * the list); names that do not fit are counted but not listed. */
#define NE_HEALTH_MISSING_BYTES 1024

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
    _Atomic int topics_unknown; /* the topic check has not answered yet */
    _Atomic int topics_missing; /* configured topics that do not exist */
    pthread_mutex_t missing_lock;
    char missing_names[NE_HEALTH_MISSING_BYTES];
    _Atomic int kafka_auth;     /* NE_HEALTH_AUTH_*; OK again once a broker
                                 * is up */
} ne_health_t;

/* Copy the missing topics' names (format of missing_names) into out;
 * out is an empty list when none is missing. Any thread. */
static inline void ne_health_missing_names(const ne_health_t *h, char *out,
                                           size_t out_size)
{
    /* taking the lock reads the state, it does not change it */
    pthread_mutex_t *lock = (pthread_mutex_t *)&h->missing_lock;

    if (out_size < 2)
        return;
    out[0] = out[1] = '\0';
    if (atomic_load(&h->topics_missing) <= 0)
        return;
    pthread_mutex_lock(lock);
    memcpy(out, h->missing_names,
           out_size < sizeof(h->missing_names) ? out_size
                                               : sizeof(h->missing_names));
    pthread_mutex_unlock(lock);
    out[out_size - 2] = out[out_size - 1] = '\0';
}

/* The main loop must turn at least this often to count as alive: the
 * default max.poll.interval.ms, past which Kafka drops the member anyway. */
#define NE_HEALTH_LOOP_TIMEOUT_MS 300000

#endif
