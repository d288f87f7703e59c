/*
 * The HTTP endpoints answered over a real socket: status codes and bodies
 * of /metrics, /healthz and /readyz for each health state; and /readyz
 * following a real (mock-cluster) broker going down and coming back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "common/ne.h"
#include "config/config.h"
#include "consumer/consumer.h"
#include "metrics/http.h"

static int deadline_s(int base)
{
    const char *mul = getenv("NE_TIMEOUT_MULT");
    int k = mul ? atoi(mul) : 1;
    return base * (k > 0 ? k : 1);
}

typedef struct {
    int status;
    char *head; /* status line and headers */
    char *body;
} resp_t;

static void resp_free(resp_t *r)
{
    free(r->head);
    free(r->body);
    memset(r, 0, sizeof(*r));
}

/* A connected TCP socket from src (NULL: any) to addr:port, IPv4 or
 * IPv6 by the form of addr; -1 when the connection is refused. */
static int tcp_connect(const char *src, const char *addr, int port)
{
    struct sockaddr_storage ss;
    struct sockaddr_in *sa = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *sa6 = (struct sockaddr_in6 *)&ss;
    struct timeval tv = {10, 0}; /* a hung server fails the test */
    socklen_t len;
    int fd;

    memset(&ss, 0, sizeof(ss));
    if (strchr(addr, ':')) {
        sa6->sin6_family = AF_INET6;
        sa6->sin6_port = htons((uint16_t)port);
        assert_int_equal(inet_pton(AF_INET6, addr, &sa6->sin6_addr), 1);
        len = sizeof(*sa6);
    } else {
        sa->sin_family = AF_INET;
        sa->sin_port = htons((uint16_t)port);
        assert_int_equal(inet_pton(AF_INET, addr, &sa->sin_addr), 1);
        len = sizeof(*sa);
    }
    fd = socket(ss.ss_family, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    if (src) {
        struct sockaddr_in from;
        memset(&from, 0, sizeof(from));
        from.sin_family = AF_INET;
        assert_int_equal(inet_pton(AF_INET, src, &from.sin_addr), 1);
        assert_int_equal(bind(fd, (struct sockaddr *)&from, sizeof(from)), 0);
    }
    if (connect(fd, (struct sockaddr *)&ss, len)) {
        close(fd);
        return -1;
    }
    return fd;
}

/* One HTTP/1.0 request to addr:port; the server closes after it. */
static resp_t http_at(const char *addr, int port, const char *method,
                      const char *path)
{
    char req[256];
    ne_buf_t b;
    resp_t r = {0, NULL, NULL};
    char *sep;
    ssize_t n;
    int fd = tcp_connect(NULL, addr, port);

    assert_true(fd >= 0);
    snprintf(req, sizeof(req), "%s %s HTTP/1.0\r\nHost: localhost\r\n\r\n",
             method, path);
    assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
    ne_buf_init(&b);
    for (;;) {
        ne_buf_reserve(&b, 4096);
        n = read(fd, b.data + b.len, 4096);
        assert_true(n >= 0);
        if (n == 0)
            break;
        b.len += (size_t)n;
        b.data[b.len] = '\0';
    }
    close(fd);
    assert_non_null(b.data);
    assert_int_equal(sscanf(b.data, "HTTP/1.%*d %d", &r.status), 1);
    sep = strstr(b.data, "\r\n\r\n");
    assert_non_null(sep);
    r.body = ne_strdup(sep + 4);
    *sep = '\0';
    r.head = ne_strdup(b.data);
    ne_buf_free(&b);
    return r;
}

static resp_t http(int port, const char *method, const char *path)
{
    return http_at("127.0.0.1", port, method, path);
}

static void expect(int port, const char *path, int status, const char *in_body)
{
    resp_t r = http(port, "GET", path);
    if (r.status != status || (in_body && !strstr(r.body, in_body)))
        fail_msg("GET %s: got %d \"%s\", expected %d with \"%s\"", path,
                 r.status, r.body, status, in_body ? in_body : "");
    resp_free(&r);
}

static void test_probe_states(void **state)
{
    ne_metrics_t *m = ne_metrics_new();
    ne_health_t hl;
    char errstr[256];
    ne_http_t *h;
    int port;
    (void)state;

    memset(&hl, 0, sizeof(hl));
    h = ne_http_start("127.0.0.1:0", m, &hl, errstr, sizeof(errstr));
    assert_non_null(h);
    port = ne_http_port(h);
    assert_true(port > 0);

    expect(port, "/healthz", 503, "\"reason\":\"not running\"");
    expect(port, "/readyz", 503, "\"reason\":\"not running\"");
    atomic_store(&hl.running, 1);
    atomic_store(&hl.last_loop_ms, ne_wallclock_ms());
    expect(port, "/healthz", 200, "\"status\":\"ok\"");
    expect(port, "/readyz", 503, "not connected to the Kafka cluster");
    atomic_store(&hl.connected, 1);
    expect(port, "/readyz", 503, "waiting for a partition assignment");
    /* an empty assignment (more workers than partitions) is ready too */
    atomic_store(&hl.joined, 1);
    expect(port, "/readyz", 200, "\"reason\":\"ready\"");
    atomic_store(&hl.assigned, 3);
    expect(port, "/readyz", 200, "\"assigned_partitions\":3");
    atomic_store(&hl.stalled, 1);
    expect(port, "/readyz", 503, "a partition with lag has made no progress");
    expect(port, "/metrics", 200, "\nnewsenrich_stalled 1\n");
    atomic_store(&hl.stalled, 0);

    /* a main loop stuck past the timeout is not alive... */
    atomic_store(&hl.last_loop_ms,
                 ne_wallclock_ms() - NE_HEALTH_LOOP_TIMEOUT_MS - 1000);
    expect(port, "/healthz", 503, "main loop has not turned");
    /* ...unless it is draining for shutdown, which may block it */
    atomic_store(&hl.shutting_down, 1);
    expect(port, "/healthz", 200, "\"shutting_down\":true");
    expect(port, "/readyz", 503, "shutting down");

    ne_http_stop(h);
    ne_metrics_destroy(m);
}

static void test_metrics_and_errors(void **state)
{
    static const char *const topic[] = {"topic", NULL};
    ne_metrics_t *m = ne_metrics_new();
    const char *lv[] = {"news.raw"};
    ne_health_t hl;
    char errstr[256];
    ne_http_t *h;
    resp_t r;
    int port;
    (void)state;

    memset(&hl, 0, sizeof(hl));
    ne_metrics_declare(m, "t_consumed_total", NE_METRIC_COUNTER, "C.", topic,
                       NULL, 0);
    ne_metrics_add(m, "t_consumed_total", lv, 12);
    h = ne_http_start("localhost:0", m, &hl, errstr, sizeof(errstr));
    assert_non_null(h);
    port = ne_http_port(h);

    r = http(port, "GET", "/metrics");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.head, "Content-Type: text/plain; version=0.0.4"));
    assert_non_null(
        strstr(r.body, "\nt_consumed_total{topic=\"news.raw\"} 12\n"));
    assert_non_null(strstr(r.body, "\nnewsenrich_ready 0\n"));
    assert_non_null(strstr(r.body, "# TYPE process_cpu_seconds_total counter"));
    assert_non_null(strstr(r.body, "\nprocess_resident_memory_bytes "));
    resp_free(&r);

    r = http(port, "HEAD", "/metrics");
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "");
    resp_free(&r);
    r = http(port, "POST", "/metrics");
    assert_int_equal(r.status, 405);
    resp_free(&r);
    expect(port, "/nope", 404, "try /metrics");

    ne_http_stop(h);
    /* the server's hook is gone with it: rendering stays safe */
    {
        ne_buf_t b;
        ne_buf_init(&b);
        ne_metrics_render(m, &b);
        assert_non_null(strstr(b.data, "t_consumed_total"));
        ne_buf_free(&b);
    }
    ne_metrics_destroy(m);
}

static void test_bad_listen(void **state)
{
    ne_metrics_t *m = ne_metrics_new();
    ne_health_t hl;
    char errstr[256], addr[64];
    ne_http_t *h;
    (void)state;

    memset(&hl, 0, sizeof(hl));
    assert_null(ne_http_start("9464", m, &hl, errstr, sizeof(errstr)));
    assert_non_null(strstr(errstr, "is not host:port"));
    assert_null(ne_http_start("127.0.0.1:99999", m, &hl, errstr,
                              sizeof(errstr)));
    assert_non_null(strstr(errstr, "bad port"));
    assert_null(ne_http_start("127.0.0.1:", m, &hl, errstr, sizeof(errstr)));
    assert_null(ne_http_start("example.org:80", m, &hl, errstr,
                              sizeof(errstr)));
    assert_non_null(strstr(errstr, "not an IPv4 address"));
    assert_null(ne_http_start("::1:9464", m, &hl, errstr, sizeof(errstr)));
    assert_non_null(strstr(errstr, "IPv6 goes in brackets"));
    assert_null(ne_http_start("[::1:9464", m, &hl, errstr, sizeof(errstr)));
    assert_non_null(strstr(errstr, "is not [IPv6 address]:port"));
    assert_null(ne_http_start("[1.2.3.4]:9464", m, &hl, errstr,
                              sizeof(errstr)));
    assert_non_null(strstr(errstr, "not an IPv6 address"));

    /* a port already taken fails cleanly instead of serving nothing */
    h = ne_http_start("127.0.0.1:0", m, &hl, errstr, sizeof(errstr));
    assert_non_null(h);
    snprintf(addr, sizeof(addr), "127.0.0.1:%d", ne_http_port(h));
    assert_null(ne_http_start(addr, m, &hl, errstr, sizeof(errstr)));
    assert_non_null(strstr(errstr, "cannot listen"));
    ne_http_stop(h);
    ne_metrics_destroy(m);
}

/* ---- a port that cannot be starved ------------------------------------ */

#define IDLE_CONNECTIONS 300

/* Lines of the file at fd that contain needle. */
static int count_lines(int fd, const char *needle)
{
    ne_buf_t b;
    char chunk[4096];
    const char *p;
    off_t off = 0;
    ssize_t n;
    int cnt = 0;

    ne_buf_init(&b);
    while ((n = pread(fd, chunk, sizeof(chunk), off)) > 0) {
        ne_buf_append(&b, chunk, (size_t)n);
        off += n;
    }
    ne_buf_putc(&b, '\0');
    for (p = b.data; (p = strstr(p, needle)); p++)
        cnt++;
    ne_buf_free(&b);
    return cnt;
}

/* A port scan or a slow client from one address holds hundreds of idle
 * connections: the liveness probe from another address still answers,
 * and the server closes all but a few of the hostile ones. */
static void test_idle_flood(void **state)
{
    ne_metrics_t *m = ne_metrics_new();
    ne_health_t hl;
    char errstr[256];
    int fds[IDLE_CONNECTIONS];
    int i, port, open_cnt = 0, closed = 0;
    char log_path[] = "/tmp/ne-test-http-log-XXXXXX";
    int log_fd, saved_fd, log_lines;
    int64_t end;
    ne_http_t *h;
    (void)state;

    memset(&hl, 0, sizeof(hl));
    atomic_store(&hl.running, 1);
    atomic_store(&hl.last_loop_ms, ne_wallclock_ms());
    h = ne_http_start("127.0.0.1:0", m, &hl, errstr, sizeof(errstr));
    assert_non_null(h);
    port = ne_http_port(h);

    /* libmicrohttpd logs every refused connection: the log must not
     * grow with the flood. Its lines go to a file while it lasts. */
    log_fd = mkstemp(log_path);
    saved_fd = dup(2);
    assert_true(log_fd >= 0 && saved_fd >= 0);
    dup2(log_fd, 2);
    for (i = 0; i < IDLE_CONNECTIONS; i++)
        if ((fds[i] = tcp_connect("127.0.0.2", "127.0.0.1", port)) >= 0)
            open_cnt++;
    /* the kernel completes the handshakes: every one was a real
     * connection the server had to deal with */
    assert_int_equal(open_cnt, IDLE_CONNECTIONS);

    expect(port, "/healthz", 200, "\"status\":\"ok\"");
    expect(port, "/metrics", 200, "\nnewsenrich_ready ");

    /* all but the per-address cap are closed by the server (EOF), the
     * rest once idle for the timeout: wait, with a generous deadline,
     * until every hostile connection has been closed */
    end = ne_now_us() + (int64_t)deadline_s(60) * 1000000;
    while (closed < IDLE_CONNECTIONS && ne_now_us() < end) {
        struct pollfd pfd[IDLE_CONNECTIONS];
        int n = 0;
        for (i = 0; i < IDLE_CONNECTIONS; i++)
            if (fds[i] >= 0) {
                pfd[n].fd = fds[i];
                pfd[n].events = POLLIN;
                pfd[n].revents = 0;
                n++;
            }
        if (poll(pfd, (nfds_t)n, 1000) <= 0)
            continue;
        for (i = 0; i < IDLE_CONNECTIONS; i++) {
            char c;
            int k;
            for (k = 0; k < n && pfd[k].fd != fds[i]; k++)
                ;
            if (fds[i] < 0 || k == n || !pfd[k].revents)
                continue;
            /* EOF or reset: the server let go of it */
            if (read(fds[i], &c, 1) <= 0) {
                close(fds[i]);
                fds[i] = -1;
                closed++;
            }
        }
    }
    for (i = 0; i < IDLE_CONNECTIONS; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    dup2(saved_fd, 2);
    close(saved_fd);
    log_lines = count_lines(log_fd, "\"libmicrohttpd\"");
    close(log_fd);
    unlink(log_path);
    assert_int_equal(closed, IDLE_CONNECTIONS);
    /* NE_HTTP_LOG_BURST (5) per interval; the flood fits in one or two */
    if (log_lines > 10)
        fail_msg("%d libmicrohttpd log lines for one flood", log_lines);
    expect(port, "/healthz", 200, "\"status\":\"ok\"");

    ne_http_stop(h);
    ne_metrics_destroy(m);
}

/* [::1] serves IPv6 only; [::] serves both families. */
static void test_ipv6(void **state)
{
    ne_metrics_t *m = ne_metrics_new();
    ne_health_t hl;
    char errstr[256];
    ne_http_t *h;
    resp_t r;
    int fd;
    (void)state;

    memset(&hl, 0, sizeof(hl));
    fd = socket(AF_INET6, SOCK_STREAM, 0);
    if (fd < 0)
        skip(); /* a kernel without IPv6 */
    close(fd);
    h = ne_http_start("[::1]:0", m, &hl, errstr, sizeof(errstr));
    if (!h)
        skip(); /* IPv6 present but ::1 not configured */
    r = http_at("::1", ne_http_port(h), "GET", "/healthz");
    assert_int_equal(r.status, 503);
    resp_free(&r);
    ne_http_stop(h);

    h = ne_http_start("[::]:0", m, &hl, errstr, sizeof(errstr));
    assert_non_null(h);
    r = http_at("::1", ne_http_port(h), "GET", "/readyz");
    assert_int_equal(r.status, 503);
    resp_free(&r);
    r = http_at("127.0.0.1", ne_http_port(h), "GET", "/readyz");
    assert_int_equal(r.status, 503);
    assert_non_null(strstr(r.body, "not running"));
    resp_free(&r);
    ne_http_stop(h);
    ne_metrics_destroy(m);
}

/* ---- readiness follows the broker ------------------------------------ */

/* Serve the consumer (callbacks, statistics) until /readyz-equivalent
 * readiness equals want or the deadline passes. */
static int poll_until_ready(ne_consumer_t *c, ne_health_t *hl, int want,
                            int seconds)
{
    int64_t end = ne_now_us() + (int64_t)seconds * 1000000;
    while (ne_now_us() < end) {
        rd_kafka_message_t *msg = ne_consumer_poll(c, 100);
        if (msg)
            rd_kafka_message_destroy(msg);
        atomic_store(&hl->last_loop_ms, ne_wallclock_ms());
        if (ne_health_ready(hl, NULL) == want)
            return 1;
    }
    return 0;
}

/* A mock cluster with one broker and the topic news.raw. */
typedef struct {
    rd_kafka_t *owner;
    rd_kafka_mock_cluster_t *mc;
} mock_t;

static void mock_start(mock_t *mk, int partitions)
{
    rd_kafka_conf_t *kc = rd_kafka_conf_new();
    char errstr[512];
    rd_kafka_conf_set(kc, "log_level", "0", NULL, 0);
    mk->owner = rd_kafka_new(RD_KAFKA_PRODUCER, kc, errstr, sizeof(errstr));
    assert_non_null(mk->owner);
    mk->mc = rd_kafka_mock_cluster_new(mk->owner, 1);
    assert_non_null(mk->mc);
    assert_int_equal(
        rd_kafka_mock_topic_create(mk->mc, "news.raw", partitions, 1), 0);
}

static void mock_stop(mock_t *mk)
{
    rd_kafka_mock_cluster_destroy(mk->mc);
    rd_kafka_destroy(mk->owner);
}

/* Defaults plus fast reconnects (the test must not wait on the default
 * backoff) and a group of our own. */
static ne_config_t *test_config(void)
{
    static const char *const kv[][2] = {{"reconnect.backoff.max.ms", "500"},
                                        {"log_level", "0"},
                                        {"group.id", "test-readyz"}};
    ne_config_t *conf = ne_config_new_default();
    size_t i;
    free(conf->kafka);
    conf->kafka = ne_calloc(NE_ARRAY_SIZE(kv), sizeof(ne_strpair_t));
    for (i = 0; i < NE_ARRAY_SIZE(kv); i++) {
        conf->kafka[i].key = ne_strdup(kv[i][0]);
        conf->kafka[i].value = ne_strdup(kv[i][1]);
    }
    conf->kafka_cnt = NE_ARRAY_SIZE(kv);
    return conf;
}

static ne_consumer_t *consumer_start(const ne_config_t *conf, mock_t *mk,
                                     ne_metrics_t *m, ne_health_t *hl)
{
    ne_consumer_cbs_t cbs = {NULL, NULL};
    char errstr[512];
    ne_consumer_t *c;

    memset(hl, 0, sizeof(*hl));
    c = ne_consumer_new(conf, rd_kafka_mock_cluster_bootstraps(mk->mc), m, hl,
                        &cbs, errstr, sizeof(errstr));
    assert_non_null(c);
    assert_int_equal(ne_consumer_subscribe(c, errstr, sizeof(errstr)), 0);
    atomic_store(&hl->running, 1);
    return c;
}

static void test_readyz_follows_broker(void **state)
{
    mock_t mk;
    ne_config_t *conf = test_config();
    ne_metrics_t *m = ne_metrics_new();
    ne_consumer_t *c;
    ne_http_t *h;
    ne_health_t hl;
    char errstr[256];
    const char *why;
    (void)state;

    mock_start(&mk, 2);
    c = consumer_start(conf, &mk, m, &hl);
    h = ne_http_start("127.0.0.1:0", m, &hl, errstr, sizeof(errstr));
    assert_non_null(h);

    if (!poll_until_ready(c, &hl, 1, deadline_s(30))) {
        ne_health_ready(&hl, &why);
        fail_msg("never became ready: %s", why);
    }
    expect(ne_http_port(h), "/readyz", 200, "\"connected\":true");

    rd_kafka_mock_broker_set_down(mk.mc, 1);
    if (!poll_until_ready(c, &hl, 0, deadline_s(30)))
        fail_msg("still ready with the broker down");
    expect(ne_http_port(h), "/readyz", 503,
           "not connected to the Kafka cluster");
    expect(ne_http_port(h), "/metrics", 200,
           "\nnewsenrich_kafka_connected 0\n");
    expect(ne_http_port(h), "/healthz", 200, "\"status\":\"ok\"");

    rd_kafka_mock_broker_set_up(mk.mc, 1);
    if (!poll_until_ready(c, &hl, 1, deadline_s(60))) {
        ne_health_ready(&hl, &why);
        fail_msg("not ready again after the broker returned: %s", why);
    }
    expect(ne_http_port(h), "/readyz", 200, "\"reason\":\"ready\"");

    ne_consumer_destroy(c);
    ne_http_stop(h);
    mock_stop(&mk);
    ne_metrics_destroy(m);
    ne_config_destroy(conf);
}

/* Two workers, one partition: the one the group gives nothing is idle by
 * design and must be ready too, or a rollout would wait on it forever. */
static void test_idle_worker_is_ready(void **state)
{
    mock_t mk;
    ne_config_t *conf = test_config();
    ne_metrics_t *m1 = ne_metrics_new(), *m2 = ne_metrics_new();
    ne_consumer_t *c1, *c2;
    ne_health_t h1, h2;
    int64_t end;
    (void)state;

    mock_start(&mk, 1);
    c1 = consumer_start(conf, &mk, m1, &h1);
    c2 = consumer_start(conf, &mk, m2, &h2);
    end = ne_now_us() + (int64_t)deadline_s(60) * 1000000;
    /* both must poll: a rebalance waits for every member */
    while (ne_now_us() < end &&
           !(ne_health_ready(&h1, NULL) && ne_health_ready(&h2, NULL) &&
             atomic_load(&h1.assigned) + atomic_load(&h2.assigned) == 1)) {
        rd_kafka_message_t *msg;
        if ((msg = ne_consumer_poll(c1, 50)))
            rd_kafka_message_destroy(msg);
        if ((msg = ne_consumer_poll(c2, 50)))
            rd_kafka_message_destroy(msg);
    }
    assert_int_equal(atomic_load(&h1.assigned) + atomic_load(&h2.assigned), 1);
    assert_true(ne_health_ready(&h1, NULL));
    assert_true(ne_health_ready(&h2, NULL));

    ne_consumer_destroy(c1);
    ne_consumer_destroy(c2);
    mock_stop(&mk);
    ne_metrics_destroy(m1);
    ne_metrics_destroy(m2);
    ne_config_destroy(conf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_probe_states),
        cmocka_unit_test(test_metrics_and_errors),
        cmocka_unit_test(test_bad_listen),
        cmocka_unit_test(test_idle_flood),
        cmocka_unit_test(test_ipv6),
        cmocka_unit_test(test_readyz_follows_broker),
        cmocka_unit_test(test_idle_worker_is_ready),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
