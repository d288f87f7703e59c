/*
 * newsenrich - configuration: one JSON file, ${VAR} interpolation,
 * NEWSENRICH_* environment overrides, validated against one table of keys.
 *
 * The table in config.c drives parsing, validation, the effective config
 * that `check-config` prints (secrets redacted) and the README's reference
 * (`newsenrich config-reference`). Errors name the file, the key path and,
 * for unknown keys, the nearest valid key; callers exit 2 on them.
 */
#ifndef NE_CONFIG_H
#define NE_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "../common/buf.h"
#include "../common/ne.h"

typedef enum {
    NE_GUARANTEE_AT_LEAST_ONCE = 0,
    NE_GUARANTEE_EXACTLY_ONCE,
} ne_guarantee_t;

typedef struct ne_strpair_s {
    char *key;
    char *value;
} ne_strpair_t;

typedef struct ne_config_s {
    /* "kafka": librdkafka properties, passed through as-is. */
    ne_strpair_t *kafka;
    size_t kafka_cnt;

    /* "topics" */
    char **topics_input; /* NULL-terminated */
    char *topic_enriched;
    char *topic_entities; /* "" disables per-entity records */
    char *topic_claims;   /* "" disables per-claim records */
    char *topic_dlq;

    /* "processing" */
    ne_guarantee_t guarantee;
    int threads;             /* resolved: >= 1 (0: the CPUs we may use) */
    int64_t max_message_bytes;
    int64_t max_decompressed_bytes;
    int shutdown_timeout_ms;
    int queue_messages;      /* work queue bound: pause above it */
    int max_inflight;        /* messages awaiting delivery: pause above it */
    int revoke_timeout_ms;
    int commit_interval_ms;  /* exactly-once: transaction length */
    char *transactional_id;  /* exactly-once; "" = derived */
    int retry_backoff_ms;    /* after a failed delivery */

    /* "models" */
    char *models_dir;        /* "" = default */
    char **kb_files;         /* NULL-terminated */
    int claims_learned;      /* 1: load the learned claims tagger */

    /* "http" */
    char *http_listen;       /* "" disables the endpoints */
    int stall_timeout_ms;    /* readiness: lag without progress */

    /* "log" */
    int log_level;           /* ne_log_level_t */
    int log_format;          /* ne_log_format_t */

    char *path;              /* file it came from, or NULL */
} ne_config_t;

/* Defaults only (no file, no environment). */
ne_config_t *ne_config_new_default(void);

/* Load path (may be NULL: defaults), apply ${VAR} interpolation and the
 * NEWSENRICH_* environment, validate. NULL and one sentence in errstr on
 * error. */
ne_config_t *ne_config_load(const char *path, char *errstr,
                            size_t errstr_size);
void ne_config_destroy(ne_config_t *conf); /* accepts NULL */

/* Like ne_config_load(), but does not stop at the first problem: appends
 * every problem found to problems, one line each naming the file (or the
 * variable) and the key, and sets *problem_cnt. Always returns a config
 * (caller frees); it is only valid when *problem_cnt is 0. */
ne_config_t *ne_config_check(const char *path, ne_buf_t *problems,
                             int *problem_cnt);

/* CPUs this process may use: its affinity mask, capped by the cgroup v2
 * quota (cpu.max) of its cgroup and the parents. processing.threads 0. */
int ne_config_cpus_available(void);

/* The tightest cgroup v2 CPU quota (cpu.max, rounded up to whole CPUs) from
 * the cgroup named in proc_cgroup ("/proc/self/cgroup") up to root
 * ("/sys/fs/cgroup"); 0 when there is none. Exposed for tests. */
int ne_config_cgroup_cpus(const char *proc_cgroup, const char *root);

/* Is this kafka property secret (passwords, keys)? */
int ne_config_kafka_key_secret(const char *key);

/* The effective configuration as pretty JSON, secrets redacted. */
void ne_config_dump(const ne_config_t *conf, ne_buf_t *out);

/* The reference of every key (markdown table) for the README. */
void ne_config_reference(ne_buf_t *out);

/* Levenshtein distance, exposed for tests. */
int ne_config_distance(const char *a, const char *b);

#endif
