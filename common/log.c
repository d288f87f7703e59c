/*
 * newsenrich - structured logging.
 */
#define _POSIX_C_SOURCE 200809L
#include "log.h"
#include "buf.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static ne_log_level_t log_level = NE_LOG_INFO;
static ne_log_format_t log_format = NE_LOG_FORMAT_JSON;

static const char *level_names[] = {"debug", "info", "warn", "error", "fatal"};

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
    for (i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
        if (!strcmp(name, level_names[i]))
            return (int)i;
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

void ne_log_kv(ne_log_level_t level, const char *component, const char *event,
               const char *msg, const ne_kv_t *kv, int kv_cnt)
{
    char tbuf[64];
    ne_buf_t b;
    ne_jsonw_t w;
    int i;
    ssize_t r;

    log_time(tbuf, sizeof(tbuf));
    ne_buf_init(&b);
    ne_buf_reserve(&b, 512);

    if (log_format == NE_LOG_FORMAT_TEXT) {
        ne_buf_printf(&b, "%s %-5s %s: %s", tbuf, level_names[level],
                      component, event);
        if (msg && *msg)
            ne_buf_printf(&b, ": %s", msg);
        for (i = 0; i < kv_cnt; i++) {
            switch (kv[i].type) {
            case NE_KV_STRING:
                ne_buf_printf(&b, " %s=%s", kv[i].key, kv[i].s ? kv[i].s : "");
                break;
            case NE_KV_INTEGER:
                ne_buf_printf(&b, " %s=%lld", kv[i].key, (long long)kv[i].i);
                break;
            case NE_KV_DOUBLE:
                ne_buf_printf(&b, " %s=%g", kv[i].key, kv[i].d);
                break;
            default:
                break;
            }
        }
    } else {
        ne_jsonw_init(&w, &b);
        ne_jsonw_obj_open(&w);
        ne_jsonw_key(&w, "time");
        ne_jsonw_str(&w, tbuf);
        ne_jsonw_key(&w, "level");
        ne_jsonw_str(&w, level_names[level]);
        ne_jsonw_key(&w, "component");
        ne_jsonw_str(&w, component);
        ne_jsonw_key(&w, "event");
        ne_jsonw_str(&w, event);
        if (msg && *msg) {
            ne_jsonw_key(&w, "msg");
            ne_jsonw_str(&w, msg);
        }
        for (i = 0; i < kv_cnt; i++) {
            if (kv[i].type == NE_KV_NONE)
                continue;
            ne_jsonw_key(&w, kv[i].key);
            if (kv[i].type == NE_KV_STRING)
                ne_jsonw_str(&w, kv[i].s);
            else if (kv[i].type == NE_KV_INTEGER)
                ne_jsonw_int(&w, kv[i].i);
            else
                ne_jsonw_double(&w, kv[i].d, 6);
        }
        ne_jsonw_obj_close(&w);
    }
    ne_buf_putc(&b, '\n');
    r = write(2, b.data, b.len);
    (void)r;
    ne_buf_free(&b);
}
