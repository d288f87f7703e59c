/*
 * newsenrich - structured logs: one JSON object per line on stderr.
 *
 *   NE_LOG(NE_LOG_INFO, "consumer", "partitions_assigned", "assigned 6",
 *          NE_KV_STR("topic", topic), NE_KV_INT("partition", p));
 *
 * gives {"time":"...","level":"info","component":"consumer",
 *        "event":"partitions_assigned","msg":"...","topic":"...","partition":3}
 * The `text` format prints the same fields for a human at a terminal.
 * Any thread may log; each line is written with one write(2).
 */
#ifndef NE_LOG_H
#define NE_LOG_H

#include <stdint.h>

#include "buf.h"

typedef enum {
    NE_LOG_DEBUG = 0,
    NE_LOG_INFO,
    NE_LOG_WARN,
    NE_LOG_ERROR,
    NE_LOG_FATAL,
} ne_log_level_t;

typedef enum { NE_LOG_FORMAT_JSON = 0, NE_LOG_FORMAT_TEXT } ne_log_format_t;

typedef enum {
    NE_KV_NONE = 0,
    NE_KV_STRING,
    NE_KV_INTEGER,
    NE_KV_DOUBLE,
} ne_kv_type_t;

typedef struct ne_kv_s {
    const char *key;
    ne_kv_type_t type;
    const char *s;
    int64_t i;
    double d;
} ne_kv_t;

#define NE_KV_STR(k, v) ((ne_kv_t){(k), NE_KV_STRING, (v), 0, 0})
#define NE_KV_INT(k, v) ((ne_kv_t){(k), NE_KV_INTEGER, NULL, (int64_t)(v), 0})
#define NE_KV_DBL(k, v) ((ne_kv_t){(k), NE_KV_DOUBLE, NULL, 0, (double)(v)})

/* Process-wide settings; call before threads start. Lines below level are
 * dropped; format is JSON (one object per line) or text for a terminal:
 *   2026-01-02T03:04:05.678Z WARN  consumer commit_failed: msg key=value
 * where values with spaces, quotes, '=' or control bytes are quoted and
 * escaped. */
void ne_log_setup(ne_log_level_t level, ne_log_format_t format);
int ne_log_enabled(ne_log_level_t level);
/* "debug", "info", "warn" (or "warning"), "error", "fatal" -> level;
 * returns -1 on an unknown name or NULL. */
int ne_log_level_parse(const char *name);

/* Write one line to stderr with a single write(2). component, event, msg
 * and string values may be NULL; invalid UTF-8 becomes U+FFFD (JSON) or
 * \xNN (text). Any thread. */
void ne_log_kv(ne_log_level_t level, const char *component, const char *event,
               const char *msg, const ne_kv_t *kv, int kv_cnt);

/* Append the line ne_log_kv() would write (newline included) to b, with
 * the given time text. Exposed for tests; any thread. */
void ne_log_format_line(ne_buf_t *b, ne_log_format_t format, const char *time,
                        ne_log_level_t level, const char *component,
                        const char *event, const char *msg, const ne_kv_t *kv,
                        int kv_cnt);

#define NE_LOG(level, component, event, msg, ...)                             \
    do {                                                                      \
        if (ne_log_enabled(level)) {                                          \
            const ne_kv_t ne_kv_[] = {{NULL, NE_KV_NONE, NULL, 0, 0},         \
                                      __VA_ARGS__};                           \
            ne_log_kv((level), (component), (event), (msg), ne_kv_ + 1,       \
                      (int)(sizeof(ne_kv_) / sizeof(ne_kv_[0])) - 1);         \
        }                                                                     \
    } while (0)

#endif
