/*
 * newsenrich - the HTTP endpoints: /metrics, /healthz, /readyz.
 *
 * Served by libmicrohttpd on its own thread; reads the metrics registry
 * and the health flags, never blocks the pipeline.
 */
#ifndef NE_HTTP_H
#define NE_HTTP_H

#include <stddef.h>

#include "health.h"
#include "metrics.h"

typedef struct ne_http_s ne_http_t;

/* listen is "host:port" (port 0 picks a free one). metrics and health are
 * borrowed and must outlive the server. NULL and errstr on failure. */
ne_http_t *ne_http_start(const char *listen, ne_metrics_t *metrics,
                         ne_health_t *health, char *errstr,
                         size_t errstr_size);
/* The port actually bound. */
int ne_http_port(const ne_http_t *h);
void ne_http_stop(ne_http_t *h); /* accepts NULL */

/* Ready: running, connected, subscribed and not stalled, not shutting
 * down. Exposed for tests. reason gets a short explanation. */
int ne_health_ready(ne_health_t *health, const char **reason);

#endif
