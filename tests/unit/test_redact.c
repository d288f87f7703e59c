/*
 * Secrets never printed: URL credentials found by shape in any text, the
 * librdkafka properties that hold secrets, check-config's dump, the log
 * line writer, and the plain-words answer for OAUTHBEARER/OIDC.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/ne.h"
#include "common/redact.h"
#include "config/config.h"

/* text redacted, as a string the caller frees */
static char *redacted(const char *text, size_t *n)
{
    ne_buf_t b;
    size_t len;
    ne_buf_init(&b);
    *n = ne_redact_urls(&b, text, strlen(text));
    ne_buf_putc(&b, '\0');
    return ne_buf_detach(&b, &len);
}

static void test_urls(void **state)
{
    static const struct {
        const char *in, *out;
        size_t n;
    } cases[] = {
        {"https://user:pw@host/path", "https://user:[redacted]@host/path", 1},
        {"see http://a:b@h:9092 and sftp://t0ken@h2/x?q=1#f",
         "see http://a:[redacted]@h:9092 and sftp://[redacted]@h2/x?q=1#f",
         2},
        /* a ':' in the password, an '@' in it too: the last '@' ends it */
        {"https://u:p:w@x@host", "https://u:[redacted]@host", 1},
        /* no credentials: nothing changes */
        {"https://host:443/a@b", "https://host:443/a@b", 0},
        {"mailto:a@b.c plain text", "mailto:a@b.c plain text", 0},
        {"://", "://", 0},
        {"x://@h", "x://@h", 0},
        /* in an escaped JSON string the quote ends the authority */
        {"{\"msg\":\"GET https://k:v@h\",\"a\":\"b@c\"}",
         "{\"msg\":\"GET https://k:[redacted]@h\",\"a\":\"b@c\"}", 1},
    };
    size_t i, n;
    for (i = 0; i < NE_ARRAY_SIZE(cases); i++) {
        char *r = redacted(cases[i].in, &n);
        if (strcmp(r, cases[i].out) || n != cases[i].n)
            fail_msg("\"%s\" -> \"%s\" (%zu), expected \"%s\" (%zu)",
                     cases[i].in, r, n, cases[i].out, cases[i].n);
        assert_int_equal(ne_redact_urls_needed(cases[i].in,
                                               strlen(cases[i].in)),
                         cases[i].n > 0);
        free(r);
    }
}

static void test_secret_kafka_keys(void **state)
{
    static const char *const secret[] = {
        "sasl.password", "ssl.key.password", "ssl.keystore.password",
        "ssl.key.pem", "ssl_key", "sasl.oauthbearer.config",
        "sasl.oauthbearer.client.secret", "sasl.oauthbearer.extensions",
    };
    static const char *const plain[] = {
        "sasl.username", "bootstrap.servers", "ssl.ca.location",
        "ssl.certificate.location", "sasl.mechanism", "security.protocol",
    };
    size_t i;
    (void)state;
    for (i = 0; i < NE_ARRAY_SIZE(secret); i++)
        if (!ne_config_kafka_key_secret(secret[i]))
            fail_msg("%s is not treated as a secret", secret[i]);
    for (i = 0; i < NE_ARRAY_SIZE(plain); i++)
        if (ne_config_kafka_key_secret(plain[i]))
            fail_msg("%s is hidden but holds no secret", plain[i]);
}

static char *write_temp(const char *text)
{
    char path[] = "/tmp/ne-test-redact-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return ne_strdup(path);
}

/* Planted secrets, in the file and in the environment: check-config's
 * dump shows none of them, and still shows what is not secret. */
static void test_dump_hides_secrets(void **state)
{
    static const char *const planted[] = {
        "PW-file-1", "KEYPW-2", "STOREPW-3", "PEM-4", "EXT-5", "URLPW-6",
        "ENVPW-7", "LISTPW-8",
    };
    char *path = write_temp(
        "{\"kafka\": {\"bootstrap.servers\": \"b:1\","
        " \"security.protocol\": \"SASL_SSL\","
        " \"sasl.mechanism\": \"SCRAM-SHA-512\","
        " \"sasl.username\": \"svc-news\","
        " \"sasl.password\": \"PW-file-1\","
        " \"ssl.key.password\": \"KEYPW-2\","
        " \"ssl.keystore.password\": \"STOREPW-3\","
        " \"ssl.key.pem\": \"-----BEGIN PRIVATE KEY----- PEM-4\","
        " \"client.id\": \"https://svc:URLPW-6@proxy.example\"},"
        " \"topics\": {\"input\": [\"in\"]},"
        " \"models\": {\"kb_files\": [\"https://u:LISTPW-8@h/kb.tsv\"]}}");
    char err[512];
    ne_config_t *c;
    ne_buf_t b;
    size_t i;
    (void)state;

    setenv("NEWSENRICH_KAFKA_SASL_OAUTHBEARER_CONFIG",
           "principal=p extension_x=EXT-5", 1);
    setenv("NEWSENRICH_KAFKA_SSL_KEYSTORE_PASSWORD", "ENVPW-7", 1);
    c = ne_config_load(path, err, sizeof(err));
    unsetenv("NEWSENRICH_KAFKA_SASL_OAUTHBEARER_CONFIG");
    unsetenv("NEWSENRICH_KAFKA_SSL_KEYSTORE_PASSWORD");
    if (!c)
        fail_msg("%s", err);
    ne_buf_init(&b);
    ne_config_dump(c, &b);
    for (i = 0; i < NE_ARRAY_SIZE(planted); i++)
        if (strstr(b.data, planted[i]))
            fail_msg("check-config shows the secret %s:\n%s", planted[i],
                     b.data);
    assert_non_null(strstr(b.data, "\"sasl.username\": \"svc-news\""));
    assert_non_null(strstr(b.data, "\"sasl.password\": \"[redacted]\""));
    assert_non_null(
        strstr(b.data, "\"client.id\": \"https://svc:[redacted]@proxy"));
    ne_buf_free(&b);
    ne_config_destroy(c);
    unlink(path);
    free(path);
}

/* OIDC is refused by Debian 12's librdkafka; the error says why in plain
 * words and what to use instead. */
static void test_oidc_plain_words(void **state)
{
    char *path = write_temp("{\"kafka\": {\"sasl.mechanism\": \"OAUTHBEARER\","
                            " \"sasl.oauthbearer.method\": \"oidc\"},"
                            " \"topics\": {\"input\": [\"in\"]}}");
    char err[512];
    ne_config_t *c;
    (void)state;

    c = ne_config_load(path, err, sizeof(err));
    if (c) {
        /* a librdkafka built with libcurl takes it: nothing to say */
        ne_config_destroy(c);
    } else {
        if (!strstr(err, "kafka.sasl.oauthbearer.method") ||
            !strstr(err, "OIDC") || !strstr(err, "without libcurl") ||
            !strstr(err, "SCRAM"))
            fail_msg("unclear: %s", err);
    }
    unlink(path);
    free(path);
}

/* Whatever the source of a log line, a URL password in it is not
 * written. */
static void test_log_line(void **state)
{
    char path[] = "/tmp/ne-test-redact-log-XXXXXX";
    char buf[1024];
    int fd = mkstemp(path), saved = dup(2);
    ssize_t n;
    (void)state;

    assert_true(fd >= 0 && saved >= 0);
    ne_log_setup(NE_LOG_DEBUG, NE_LOG_FORMAT_JSON);
    dup2(fd, 2);
    NE_LOG(NE_LOG_DEBUG, "librdkafka", "CONF",
           "sasl.oauthbearer.token.endpoint.url = https://id:LOGPW-9@idp/t",
           NE_KV_STR("proxy", "http://u:LOGPW-10@proxy:3128"));
    dup2(saved, 2);
    close(saved);
    n = pread(fd, buf, sizeof(buf) - 1, 0);
    close(fd);
    unlink(path);
    assert_true(n > 0);
    buf[n] = '\0';
    if (strstr(buf, "LOGPW"))
        fail_msg("secret in a log line: %s", buf);
    assert_non_null(strstr(buf, "https://id:[redacted]@idp/t"));
    assert_non_null(strstr(buf, "http://u:[redacted]@proxy:3128"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_urls),
        cmocka_unit_test(test_secret_kafka_keys),
        cmocka_unit_test(test_dump_hides_secrets),
        cmocka_unit_test(test_oidc_plain_words),
        cmocka_unit_test(test_log_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
