/*
 * newsenrich - HTTP endpoints on libmicrohttpd.
 */
#include "http.h"
#include "../common/log.h"
#include "../common/ne.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

struct ne_http_s {
    struct MHD_Daemon *daemon;
    ne_metrics_t *metrics;
    ne_health_t *health;
    int port;
};

int ne_health_ready(ne_health_t *health, const char **reason)
{
    const char *r = NULL;
    if (!atomic_load(&health->running))
        r = "not running";
    else if (atomic_load(&health->shutting_down))
        r = "shutting down";
    else if (!atomic_load(&health->connected))
        r = "not connected to the Kafka cluster";
    else if (!atomic_load(&health->subscribed))
        r = "not subscribed";
    else if (atomic_load(&health->stalled))
        r = "a partition with lag has made no progress";
    if (reason)
        *reason = r ? r : "ready";
    return r == NULL;
}

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
    ret = MHD_queue_response(conn, status, resp);
    MHD_destroy_response(resp);
    return ret;
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
    (void)upload_size;
    (void)con_cls;

    ne_buf_init(&b);
    if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
        ne_buf_puts(&b, "method not allowed\n");
        return reply(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain", &b);
    }
    if (!strcmp(url, "/metrics")) {
        ne_metrics_render(h->metrics, &b);
        return reply(conn, MHD_HTTP_OK, "text/plain; version=0.0.4", &b);
    }
    if (!strcmp(url, "/healthz")) {
        ok = atomic_load(&h->health->running);
        ne_buf_puts(&b, ok ? "ok\n" : "not running\n");
        return reply(conn, ok ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE,
                     "text/plain", &b);
    }
    if (!strcmp(url, "/readyz")) {
        ok = ne_health_ready(h->health, &why);
        ne_buf_printf(&b, "%s\n", why);
        return reply(conn, ok ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE,
                     "text/plain", &b);
    }
    ne_buf_puts(&b, "not found: try /metrics, /healthz, /readyz\n");
    return reply(conn, MHD_HTTP_NOT_FOUND, "text/plain", &b);
}

ne_http_t *ne_http_start(const char *listen, ne_metrics_t *metrics,
                         ne_health_t *health, char *errstr,
                         size_t errstr_size)
{
    ne_http_t *h;
    struct sockaddr_in sa;
    const char *colon = strrchr(listen, ':');
    char host[64];
    long port;
    char *end;
    const union MHD_DaemonInfo *info;

    if (!colon || (size_t)(colon - listen) >= sizeof(host)) {
        ne_errf(errstr, errstr_size,
                "http.listen: \"%s\" is not host:port", listen);
        return NULL;
    }
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535) {
        ne_errf(errstr, errstr_size, "http.listen: bad port in \"%s\"",
                listen);
        return NULL;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    if (!*host || !strcmp(host, "*") || !strcmp(host, "0.0.0.0"))
        sa.sin_addr.s_addr = htonl(INADDR_ANY);
    else if (!strcmp(host, "localhost"))
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    else if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
        ne_errf(errstr, errstr_size,
                "http.listen: \"%s\" is not an IPv4 address", host);
        return NULL;
    }

    h = ne_calloc(1, sizeof(*h));
    h->metrics = metrics;
    h->health = health;
    h->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
        on_request, h, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)10, MHD_OPTION_END);
    if (!h->daemon) {
        ne_errf(errstr, errstr_size, "http.listen: cannot listen on %s",
                listen);
        free(h);
        return NULL;
    }
    info = MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_BIND_PORT);
    h->port = info ? info->port : (int)port;
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
    MHD_stop_daemon(h->daemon);
    free(h);
}
