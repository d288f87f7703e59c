/*
 * newsenrich - structured logging.
 *
 * Log text comes from everywhere (librdkafka, broker error strings, parts of
 * rejected articles in DLQ reasons), so nothing is trusted to be valid
 * UTF-8 or free of control characters: a log line must stay one line and,
 * in JSON, one valid object a collector can parse.
 */
#define _POSIX_C_SOURCE 200809L
#include "log.h"
#include "buf.h"
#include "redact.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static ne_log_level_t log_level = NE_LOG_INFO;
static ne_log_format_t log_format = NE_LOG_FORMAT_JSON;

static const char *level_names[] = {"debug", "info", "warn", "error", "fatal"};
static const char *level_upper[] = {"DEBUG", "INFO", "WARN", "ERROR", "FATAL"};

void ne_log_setup(ne_log_level_t level, ne_log_format_t format)
{
    log_level = level;
    log_format = format;
}

int ne_log_enabled(ne_log_level_t level)
{
    return level >= log_level;
}

int ne_log_level_parse(const char *name)
{
    size_t i;
    if (!name)
        return -1;
    for (i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
        if (!strcmp(name, level_names[i]))
            return (int)i;
    if (!strcmp(name, "warning"))
        return NE_LOG_WARN;
    return -1;
}

static void log_time(char *out, size_t size)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ",
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
             tm.tm_min, tm.tm_sec, (long)(ts.tv_nsec / 1000000) % 1000);
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 when the
 * bytes there are not one (overlong forms and surrogates included). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    size_t len, i;
    uint32_t cp;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        len = 2, cp = s[0] & 0x1f;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        len = 3, cp = s[0] & 0x0f;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
        len = 4, cp = s[0] & 0x07;
    else
        return 0;
    if (len > n)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 0;
    return len;
}

/* A JSON string: escaped, invalid UTF-8 bytes replaced by U+FFFD. */
static void put_json_str(ne_buf_t *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p), i = 0, run = 0, len;

    ne_buf_putc(b, '"');
    while (i < n) {
        if ((len = utf8_seq(p + i, n - i))) {
            i += len;
            continue;
        }
        ne_json_escape(b, (const char *)p + run, i - run);
        ne_buf_puts(b, "\\ufffd");
        run = ++i;
    }
    ne_json_escape(b, (const char *)p + run, n - run);
    ne_buf_putc(b, '"');
}

/* A value for the text format: bare when it is one plain word, otherwise
 * quoted with \" \\ \n \t and \xNN for other control and invalid bytes,
 * so `key=value` pairs stay splittable and one event stays one line. */
static void put_text_value(ne_buf_t *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p), i, len;
    int bare = n > 0;

    for (i = 0; i < n && bare; i++)
        if (p[i] <= ' ' || p[i] == '"' || p[i] == '=' || p[i] == '\\' ||
            p[i] == 0x7f)
            bare = 0;
    if (bare) {
        for (i = 0; i < n; i += len)
            if (!(len = utf8_seq(p + i, n - i))) {
                bare = 0;
                break;
            }
    }
    if (bare) {
        ne_buf_append(b, p, n);
        return;
    }
    ne_buf_putc(b, '"');
    for (i = 0; i < n; i += len) {
        unsigned char c = p[i];
        len = utf8_seq(p + i, n - i);
        if (len > 1) {
            ne_buf_append(b, p + i, len);
            continue;
        }
        len = 1;
        if (c == '"' || c == '\\') {
            ne_buf_putc(b, '\\');
            ne_buf_putc(b, (char)c);
        } else if (c == '\n') {
            ne_buf_puts(b, "\\n");
        } else if (c == '\t') {
            ne_buf_puts(b, "\\t");
        } else if (c < ' ' || c >= 0x7f) {
            ne_buf_printf(b, "\\x%02x", c);
        } else {
            ne_buf_putc(b, (char)c);
        }
    }
    ne_buf_putc(b, '"');
}

/* The message of the text format: free text, but still one line. */
static void put_text_msg(ne_buf_t *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i, len;
    for (i = 0; i < n; i += len) {
        len = utf8_seq(p + i, n - i);
        if (len > 1 || (len == 1 && p[i] >= ' ' && p[i] != 0x7f)) {
            ne_buf_append(b, p + i, len);
            continue;
        }
        len = 1;
        if (p[i] == '\n')
            ne_buf_puts(b, "\\n");
        else
            ne_buf_printf(b, "\\x%02x", p[i]);
    }
}

static void format_text(ne_buf_t *b, const char *time, ne_log_level_t level,
                        const char *component, const char *event,
                        const char *msg, const ne_kv_t *kv, int kv_cnt)
{
    int i;
    ne_buf_printf(b, "%s %-5s %s %s", time, level_upper[level],
                  component ? component : "-", event ? event : "-");
    if (msg && *msg) {
        ne_buf_puts(b, ": ");
        put_text_msg(b, msg);
    }
    for (i = 0; i < kv_cnt; i++) {
        if (kv[i].type == NE_KV_NONE)
            continue;
        ne_buf_printf(b, " %s=", kv[i].key);
        if (kv[i].type == NE_KV_STRING)
            put_text_value(b, kv[i].s);
        else if (kv[i].type == NE_KV_INTEGER)
            ne_buf_printf(b, "%lld", (long long)kv[i].i);
        else
            ne_buf_printf(b, "%.10g", kv[i].d);
    }
}

static void format_json(ne_buf_t *b, const char *time, ne_log_level_t level,
                        const char *component, const char *event,
                        const char *msg, const ne_kv_t *kv, int kv_cnt)
{
    int i;
    ne_buf_printf(b, "{\"time\":\"%s\",\"level\":\"%s\",\"component\":", time,
                  level_names[level]);
    put_json_str(b, component);
    ne_buf_puts(b, ",\"event\":");
    put_json_str(b, event);
    if (msg && *msg) {
        ne_buf_puts(b, ",\"msg\":");
        put_json_str(b, msg);
    }
    for (i = 0; i < kv_cnt; i++) {
        if (kv[i].type == NE_KV_NONE)
            continue;
        ne_buf_putc(b, ',');
        put_json_str(b, kv[i].key);
        ne_buf_putc(b, ':');
        if (kv[i].type == NE_KV_STRING)
            put_json_str(b, kv[i].s);
        else if (kv[i].type == NE_KV_INTEGER)
            ne_buf_printf(b, "%lld", (long long)kv[i].i);
        else if (!isfinite(kv[i].d))
            ne_buf_puts(b, "null"); /* JSON has no NaN or Inf */
        else
            ne_buf_printf(b, "%.15g", kv[i].d);
    }
    ne_buf_putc(b, '}');
}

void ne_log_format_line(ne_buf_t *b, ne_log_format_t format, const char *time,
                        ne_log_level_t level, const char *component,
                        const char *event, const char *msg, const ne_kv_t *kv,
                        int kv_cnt)
{
    if ((unsigned)level > NE_LOG_FATAL)
        level = NE_LOG_FATAL;
    if (format == NE_LOG_FORMAT_TEXT)
        format_text(b, time, level, component, event, msg, kv, kv_cnt);
    else
        format_json(b, time, level, component, event, msg, kv, kv_cnt);
    ne_buf_putc(b, '\n');
}

void ne_log_kv(ne_log_level_t level, const char *component, const char *event,
               const char *msg, const ne_kv_t *kv, int kv_cnt)
{
    char tbuf[64];
    ne_buf_t b;
    ssize_t r;

    log_time(tbuf, sizeof(tbuf));
    ne_buf_init(&b);
    ne_buf_reserve(&b, 512);
    ne_log_format_line(&b, log_format, tbuf, level, component, event, msg, kv,
                       kv_cnt);
    /* a URL with credentials can reach a line from anywhere (librdkafka's
     * own debug output prints endpoint URLs): its password never does */
    if (ne_redact_urls_needed(b.data, b.len)) {
        ne_buf_t clean;
        ne_buf_init(&clean);
        ne_redact_urls(&clean, b.data, b.len);
        ne_buf_free(&b);
        b = clean;
    }
    /* one write(2) per line: lines from several threads never interleave
     * (stderr is a pipe or a journal socket in production) */
    r = write(2, b.data, b.len);
    (void)r;
    ne_buf_free(&b);
}
