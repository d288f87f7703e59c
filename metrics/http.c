/*
 * newsenrich - HTTP endpoints on libmicrohttpd.
 *
 * A small pool of internal threads polls with epoll (MHD_USE_AUTO picks
 * the best the system has): idle connections cost a descriptor, not a
 * thread or a select() slot. A scrape renders into a buffer under the
 * registry lock and hands the bytes to libmicrohttpd, so a slow client
 * never holds a lock the pipeline needs.
 *
 * Starvation: the liveness probe must answer while a port scan or a slow
 * client holds connections open, or the kubelet restarts a healthy worker.
 * So one address may hold only NE_HTTP_PER_IP_CONNECTIONS; the rest are
 * closed at accept. Idle connections are closed after a short timeout.
 */
#include "http.h"
#include "process.h"
#include "../common/log.h"
#include "../common/ne.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Scrapers and probes need a handful of connections; more is a client
 * gone wrong, which must not eat the daemon's descriptors. The per-address
 * cap keeps one client from taking them all: the kubelet and Prometheus
 * come from their own addresses. */
#define NE_HTTP_MAX_CONNECTIONS    256
#define NE_HTTP_PER_IP_CONNECTIONS 8
/* Probes and scrapes send their request at once; a connection idle this
 * long is a slow or hostile client. */
#define NE_HTTP_IDLE_TIMEOUT_S     3
/* Two threads: a slow /metrics render never delays a probe. */
#define NE_HTTP_THREADS            2
/* libmicrohttpd logs each refused connection; a flood of them would flood
 * the log too. At most this many of its lines per interval, then one
 * summary with the count of those dropped. */
#define NE_HTTP_LOG_BURST          5
#define NE_HTTP_LOG_INTERVAL_MS    10000

struct ne_http_s {
    struct MHD_Daemon *daemon;
    ne_metrics_t *metrics;
    ne_health_t *health;
    int port;
    pthread_mutex_t log_lock; /* the pool threads share the log budget */
    int64_t log_window_ms;    /* start of the current interval */
    unsigned log_lines;       /* lines written in it */
    unsigned log_dropped;     /* lines not written in it */
};

int ne_health_ready(ne_health_t *health, const char **reason)
{
    const char *r = NULL;
    if (!atomic_load(&health->running))
        r = "not running";
    else if (atomic_load(&health->shutting_down))
        r = "shutting down";
    else if (!atomic_load(&health->connected) &&
             atomic_load(&health->kafka_auth) == NE_HEALTH_AUTH_SASL)
        r = "not connected: Kafka SASL authentication failed (check "
            "sasl.mechanism, sasl.username and the password)";
    else if (!atomic_load(&health->connected) &&
             atomic_load(&health->kafka_auth) == NE_HEALTH_AUTH_TLS)
        r = "not connected: TLS handshake with the Kafka broker failed "
            "(check ssl.ca.location and the certificates)";
    else if (!atomic_load(&health->connected))
        r = "not connected to the Kafka cluster";
    else if (atomic_load(&health->topics_unknown))
        r = "checking that the configured topics exist";
    else if (atomic_load(&health->topics_missing) > 0)
        r = "a configured topic does not exist (see missing_topics)";
    else if (atomic_load(&health->assigned) <= 0 &&
             !atomic_load(&health->joined))
        r = "waiting for a partition assignment";
    else if (atomic_load(&health->stalled))
        r = "a partition with lag has made no progress";
    if (reason)
        *reason = r ? r : "ready";
    return r == NULL;
}

int ne_health_alive(ne_health_t *health, int64_t now_ms, const char **reason)
{
    const char *r = NULL;
    int64_t last = atomic_load(&health->last_loop_ms);
    if (!atomic_load(&health->running))
        r = "not running";
    /* draining may legitimately block the loop up to the shutdown
     * deadline; killing the worker then would lose that work */
    else if (!atomic_load(&health->shutting_down) && last > 0 &&
             now_ms - last > NE_HEALTH_LOOP_TIMEOUT_MS)
        r = "the main loop has not turned within the timeout";
    if (reason)
        *reason = r ? r : "alive";
    return r == NULL;
}

/* ---- health gauges -------------------------------------------------- */

static const char *const health_gauges[][2] = {
    {"newsenrich_ready", "1 when /readyz answers 200, else 0."},
    {"newsenrich_kafka_connected",
     "1 when at least one Kafka broker connection is up, else 0."},
    {"newsenrich_stalled",
     "1 when an assigned partition with lag has not advanced for "
     "http.stall_timeout_ms, else 0."},
    {"newsenrich_main_loop_timestamp_seconds",
     "Unix time of the main loop's last turn (a heartbeat)."},
};

static void declare_health(ne_metrics_t *m)
{
    size_t i;
    for (i = 0; i < NE_ARRAY_SIZE(health_gauges); i++)
        ne_metrics_declare(m, health_gauges[i][0], NE_METRIC_GAUGE,
                           health_gauges[i][1], NULL, NULL, 0);
}

/* Render hook: refresh what is computed rather than counted. */
static void refresh(ne_metrics_t *m, void *opaque)
{
    ne_http_t *h = opaque;
    ne_health_t *hl = h->health;
    ne_metrics_set(m, "newsenrich_ready", NULL, ne_health_ready(hl, NULL));
    ne_metrics_set(m, "newsenrich_kafka_connected", NULL,
                   atomic_load(&hl->connected) != 0);
    ne_metrics_set(m, "newsenrich_stalled", NULL,
                   atomic_load(&hl->stalled) != 0);
    ne_metrics_set(m, "newsenrich_main_loop_timestamp_seconds", NULL,
                   (double)atomic_load(&hl->last_loop_ms) / 1000.0);
    ne_process_metrics_update(m);
}

/* ---- requests ------------------------------------------------------- */

/* Send b (detached: libmicrohttpd frees it) with status and type. */
static enum MHD_Result reply(struct MHD_Connection *conn, unsigned int status,
                             const char *ctype, ne_buf_t *b)
{
    struct MHD_Response *resp;
    enum MHD_Result ret;
    size_t len;
    char *body = ne_buf_detach(b, &len);

    resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(resp, "Content-Type", ctype);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    ret = MHD_queue_response(conn, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* A probe's answer: the verdict, why, and the flags behind it. */
static enum MHD_Result probe_reply(struct MHD_Connection *conn,
                                   const ne_health_t *hl, int ok,
                                   const char *why, ne_buf_t *b)
{
    ne_jsonw_t w;
    ne_jsonw_init(&w, b);
    ne_jsonw_obj_open(&w);
    ne_jsonw_key(&w, "status");
    ne_jsonw_str(&w, ok ? "ok" : "fail");
    ne_jsonw_key(&w, "reason");
    ne_jsonw_str(&w, why);
    ne_jsonw_key(&w, "running");
    ne_jsonw_bool(&w, atomic_load(&hl->running));
    ne_jsonw_key(&w, "shutting_down");
    ne_jsonw_bool(&w, atomic_load(&hl->shutting_down));
    ne_jsonw_key(&w, "connected");
    ne_jsonw_bool(&w, atomic_load(&hl->connected));
    ne_jsonw_key(&w, "joined");
    ne_jsonw_bool(&w, atomic_load(&hl->joined));
    ne_jsonw_key(&w, "assigned_partitions");
    ne_jsonw_int(&w, atomic_load(&hl->assigned));
    ne_jsonw_key(&w, "stalled");
    ne_jsonw_bool(&w, atomic_load(&hl->stalled));
    ne_jsonw_key(&w, "last_loop_ms");
    ne_jsonw_int(&w, atomic_load(&hl->last_loop_ms));
    {
        char names[NE_HEALTH_MISSING_BYTES];
        const char *n;
        ne_health_missing_names(hl, names, sizeof(names));
        ne_jsonw_key(&w, "missing_topics");
        ne_jsonw_arr_open(&w);
        for (n = names; *n; n += strlen(n) + 1)
            ne_jsonw_str(&w, n);
        ne_jsonw_arr_close(&w);
    }
    ne_jsonw_obj_close(&w);
    ne_buf_putc(b, '\n');
    return reply(conn, ok ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE,
                 "application/json", b);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    ne_http_t *h = cls;
    ne_buf_t b;
    const char *why;
    int ok;
    (void)version;
    (void)upload;
    (void)con_cls;

    ne_buf_init(&b);
    if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
        /* a request body, if any, is ignored: nothing here takes one */
        *upload_size = 0;
        ne_buf_puts(&b, "method not allowed\n");
        return reply(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain", &b);
    }
    if (!strcmp(url, "/metrics")) {
        ne_metrics_render(h->metrics, &b);
        return reply(conn, MHD_HTTP_OK,
                     "text/plain; version=0.0.4; charset=utf-8", &b);
    }
    if (!strcmp(url, "/healthz")) {
        ok = ne_health_alive(h->health, ne_wallclock_ms(), &why);
        return probe_reply(conn, h->health, ok, why, &b);
    }
    if (!strcmp(url, "/readyz")) {
        ok = ne_health_ready(h->health, &why);
        return probe_reply(conn, h->health, ok, why, &b);
    }
    ne_buf_puts(&b, "not found: try /metrics, /healthz, /readyz\n");
    return reply(conn, MHD_HTTP_NOT_FOUND, "text/plain", &b);
}

/* libmicrohttpd's own complaints (bind failures, bad clients) as log
 * lines like every other, at most NE_HTTP_LOG_BURST per interval. It must
 * be the first option given, or early messages still go to plain stderr. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    ne_http_t *h = cls;
    int64_t now = ne_wallclock_ms();
    unsigned dropped = 0;
    char buf[512];
    size_t n;

    pthread_mutex_lock(&h->log_lock);
    if (now - h->log_window_ms >= NE_HTTP_LOG_INTERVAL_MS) {
        dropped = h->log_dropped;
        h->log_window_ms = now;
        h->log_lines = 0;
        h->log_dropped = 0;
    }
    if (h->log_lines >= NE_HTTP_LOG_BURST) {
        h->log_dropped++;
        pthread_mutex_unlock(&h->log_lock);
        return;
    }
    h->log_lines++;
    pthread_mutex_unlock(&h->log_lock);
    if (dropped)
        NE_LOG(NE_LOG_WARN, "http", "libmicrohttpd_suppressed",
               "libmicrohttpd messages not logged in the last interval",
               NE_KV_INT("count", dropped),
               NE_KV_INT("interval_ms", NE_HTTP_LOG_INTERVAL_MS));
    vsnprintf(buf, sizeof(buf), fmt, ap);
    n = strlen(buf);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    NE_LOG(NE_LOG_WARN, "http", "libmicrohttpd", buf);
}

/* "host:port" or "[v6 host]:port" -> sa and the libmicrohttpd flags the
 * family needs: "[::]" asks for both families (dual stack), any other
 * IPv6 address for that address alone. Returns -1 with errstr on a
 * malformed address. */
static int parse_listen(const char *listen, struct sockaddr_storage *ss,
                        unsigned int *flags, char *errstr,
                        size_t errstr_size)
{
    struct sockaddr_in *sa = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *sa6 = (struct sockaddr_in6 *)ss;
    const char *colon = strrchr(listen, ':');
    const char *hs = listen, *he = colon;
    char host[64];
    long port;
    char *end;

    if (colon && *listen == '[') {
        /* the brackets keep the address's own colons apart from the port */
        hs = listen + 1;
        he = colon - 1;
        if (he < hs || *he != ']') {
            ne_errf(errstr, errstr_size,
                    "http.listen: \"%s\" is not [IPv6 address]:port", listen);
            return -1;
        }
    }
    if (!colon || (size_t)(he - hs) >= sizeof(host)) {
        ne_errf(errstr, errstr_size,
                "http.listen: \"%s\" is not host:port", listen);
        return -1;
    }
    memcpy(host, hs, (size_t)(he - hs));
    host[he - hs] = '\0';
    port = strtol(colon + 1, &end, 10);
    if (end == colon + 1 || *end || port < 0 || port > 65535) {
        ne_errf(errstr, errstr_size, "http.listen: bad port in \"%s\"",
                listen);
        return -1;
    }
    memset(ss, 0, sizeof(*ss));
    *flags = 0;
    if (hs != listen) {
        sa6->sin6_family = AF_INET6;
        sa6->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host, &sa6->sin6_addr) != 1) {
            ne_errf(errstr, errstr_size,
                    "http.listen: \"%s\" is not an IPv6 address", host);
            return -1;
        }
        *flags = IN6_IS_ADDR_UNSPECIFIED(&sa6->sin6_addr) ? MHD_USE_DUAL_STACK
                                                          : MHD_USE_IPv6;
        return 0;
    }
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (!*host || !strcmp(host, "*") || !strcmp(host, "0.0.0.0"))
        sa->sin_addr.s_addr = htonl(INADDR_ANY);
    else if (!strcmp(host, "localhost"))
        sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    else if (inet_pton(AF_INET, host, &sa->sin_addr) != 1) {
        ne_errf(errstr, errstr_size,
                "http.listen: \"%s\" is not an IPv4 address (IPv6 goes in "
                "brackets: [::1]:9464)",
                host);
        return -1;
    }
    return 0;
}

ne_http_t *ne_http_start(const char *listen, ne_metrics_t *metrics,
                         ne_health_t *health, char *errstr,
                         size_t errstr_size)
{
    ne_http_t *h;
    struct sockaddr_storage ss;
    unsigned int family_flags;
    const union MHD_DaemonInfo *info;

    if (parse_listen(listen, &ss, &family_flags, errstr, errstr_size))
        return NULL;
    h = ne_calloc(1, sizeof(*h));
    h->metrics = metrics;
    h->health = health;
    pthread_mutex_init(&h->log_lock, NULL);
    h->daemon = MHD_start_daemon(
        MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG | family_flags, 0,
        NULL, NULL, on_request, h, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, h,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)NE_HTTP_THREADS,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)NE_HTTP_MAX_CONNECTIONS,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned int)NE_HTTP_PER_IP_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)NE_HTTP_IDLE_TIMEOUT_S,
        MHD_OPTION_END);
    if (!h->daemon) {
        ne_errf(errstr, errstr_size,
                "http.listen: cannot listen on %s (address in use or not "
                "local?)",
                listen);
        pthread_mutex_destroy(&h->log_lock);
        free(h);
        return NULL;
    }
    info = MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_BIND_PORT);
    h->port = info ? info->port
                   : ntohs(ss.ss_family == AF_INET6
                               ? ((struct sockaddr_in6 *)&ss)->sin6_port
                               : ((struct sockaddr_in *)&ss)->sin_port);
    declare_health(metrics);
    ne_process_metrics_declare(metrics);
    ne_metrics_add_render_hook(metrics, refresh, h);
    return h;
}

int ne_http_port(const ne_http_t *h)
{
    return h->port;
}

void ne_http_stop(ne_http_t *h)
{
    if (!h)
        return;
    /* no request can run once the daemon is stopped; then the hook, whose
     * opaque is h, must go before h does */
    MHD_stop_daemon(h->daemon);
    ne_metrics_remove_render_hook(h->metrics, refresh, h);
    pthread_mutex_destroy(&h->log_lock);
    free(h);
}
