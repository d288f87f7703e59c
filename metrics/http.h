/*
 * newsenrich - the HTTP endpoints: /metrics, /healthz, /readyz.
 *
 * Served by libmicrohttpd on its own thread; reads the metrics registry
 * and the health flags, never blocks the pipeline.
 *
 *   GET /metrics   Prometheus text format 0.0.4, including process_* and
 *                  the health gauges (newsenrich_ready, ...)
 *   GET /healthz   200 while alive, 503 otherwise (liveness probe)
 *   GET /readyz    200 when ready, 503 otherwise (readiness probe)
 * The probes answer a small JSON object with the reason and the flags.
 */
#ifndef NE_HTTP_H
#define NE_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "health.h"
#include "metrics.h"

typedef struct ne_http_s ne_http_t;

/* listen is "host:port" with an IPv4 host, "", "*" or "localhost", or
 * "[addr]:port" with an IPv6 address; "[::]:port" serves IPv4 and IPv6
 * (dual stack). Port 0 picks a free one. One client address may hold only
 * a few connections at a time and idle ones are closed after seconds, so
 * the probes answer while a scan or a slow client holds the port. Declares the process_* and health families in metrics
 * and refreshes them on every scrape. metrics and health are borrowed and
 * must outlive the server. NULL and errstr on failure. Any thread. */
ne_http_t *ne_http_start(const char *listen, ne_metrics_t *metrics,
                         ne_health_t *health, char *errstr,
                         size_t errstr_size);
/* The port actually bound. */
int ne_http_port(const ne_http_t *h);
/* Stop serving and remove the render hook. Accepts NULL. */
void ne_http_stop(ne_http_t *h);

/* Ready (see health.h). reason (may be NULL) gets a short explanation
 * with static storage. Any thread. */
int ne_health_ready(ne_health_t *health, const char **reason);
/* Alive at wall-clock time now_ms (see health.h). reason as above. */
int ne_health_alive(ne_health_t *health, int64_t now_ms,
                    const char **reason);

#endif
