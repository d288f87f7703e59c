/*
 * newsenrich - configuration.
 *
 * Everything a user can set is one row of config_keys[]. Loading goes:
 * defaults from the table -> the file (each key checked against the table,
 * ${VAR} interpolated) -> NEWSENRICH_* environment -> cross-key checks.
 */
#include "config.h"
#include "../common/log.h"
#include "../common/redact.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <librdkafka/rdkafka.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

typedef enum {
    CT_STRING,
    CT_INT,
    CT_ENUM,
    CT_STRLIST,
} ne_cfgtype_t;

typedef struct ne_cfgkey_s {
    const char *path;      /* "processing.threads" */
    ne_cfgtype_t type;
    size_t off;            /* offset in ne_config_t */
    int is64;              /* CT_INT: int64_t field */
    const char *def;       /* default, as text ("" for empty) */
    int64_t min, max;      /* CT_INT range */
    const char *const *enums; /* CT_ENUM names; the value is the index */
    const char *help;
} ne_cfgkey_t;

static const char *const guarantee_names[] = {"at_least_once", "exactly_once",
                                              NULL};
static const char *const level_names[] = {"debug", "info", "warn", "error",
                                          NULL};
static const char *const format_names[] = {"json", "text", NULL};
static const char *const onoff_names[] = {"off", "on", NULL};

#define OFF(f) offsetof(ne_config_t, f)

static const ne_cfgkey_t config_keys[] = {
    {"topics.input", CT_STRLIST, OFF(topics_input), 0, "news.raw", 0, 0, NULL,
     "Input topics (array, or comma-separated in the environment)."},
    {"topics.enriched", CT_STRING, OFF(topic_enriched), 0, "news.enriched", 0,
     0, NULL, "One enriched record per article, keyed by article id."},
    {"topics.entities", CT_STRING, OFF(topic_entities), 0, "news.entities", 0,
     0, NULL,
     "One record per entity per article, keyed by kb_id or name; \"\" "
     "disables."},
    {"topics.claims", CT_STRING, OFF(topic_claims), 0, "news.claims", 0, 0,
     NULL, "One record per claim, keyed by speaker; \"\" disables."},
    {"topics.dlq", CT_STRING, OFF(topic_dlq), 0, "news.dlq", 0, 0, NULL,
     "Dead-letter topic: original bytes plus error headers."},
    {"processing.guarantee", CT_ENUM, OFF(guarantee), 0, "at_least_once", 0,
     0, guarantee_names,
     "Delivery guarantee: at_least_once or exactly_once (Kafka "
     "transactions)."},
    {"processing.threads", CT_INT, OFF(threads), 0, "0", 0, 256, NULL,
     "Processor threads; 0 means one per CPU this process may use (affinity "
     "mask and cgroup quota)."},
    {"processing.max_message_bytes", CT_INT, OFF(max_message_bytes), 1,
     "10485760", 1024, (int64_t)1 << 31, NULL,
     "Largest accepted input payload; larger ones go to the DLQ."},
    {"processing.max_decompressed_bytes", CT_INT, OFF(max_decompressed_bytes),
     1, "33554432", 1024, (int64_t)1 << 31, NULL,
     "Cap on the inflated size of gzip/zlib payloads."},
    {"processing.shutdown_timeout_ms", CT_INT, OFF(shutdown_timeout_ms), 0,
     "30000", 100, 3600000, NULL,
     "Deadline to finish in-flight work, flush and commit on SIGTERM."},
    {"processing.queue_messages", CT_INT, OFF(queue_messages), 0, "1000", 1,
     1000000, NULL,
     "Messages waiting for a processor thread before partitions pause."},
    {"processing.max_inflight", CT_INT, OFF(max_inflight), 0, "10000", 1,
     10000000, NULL,
     "Messages consumed but not yet acknowledged before partitions pause."},
    {"processing.revoke_timeout_ms", CT_INT, OFF(revoke_timeout_ms), 0,
     "10000", 0, 3600000, NULL,
     "How long a rebalance waits for outstanding deliveries of revoked "
     "partitions."},
    {"processing.commit_interval_ms", CT_INT, OFF(commit_interval_ms), 0,
     "1000", 10, 600000, NULL,
     "Exactly-once: how often the current transaction commits."},
    {"processing.transactional_id", CT_STRING, OFF(transactional_id), 0, "",
     0, 0, NULL,
     "Exactly-once: stable unique id per worker, e.g. "
     "\"newsenrich-${HOSTNAME}\"; \"\" derives group.id-hostname."},
    {"processing.retry_backoff_ms", CT_INT, OFF(retry_backoff_ms), 0, "1000",
     0, 600000, NULL,
     "Wait before producing again an output whose delivery failed."},
    {"models.dir", CT_STRING, OFF(models_dir), 0, "", 0, 0, NULL,
     "Directory of model and lexicon files; \"\" uses "
     "share/newsenrich/models next to the installed binary, or the source "
     "tree's models/ for a binary in a build tree."},
    {"models.kb_files", CT_STRLIST, OFF(kb_files), 0, "", 0, 0, NULL,
     "Extra knowledge-base files (watch-lists) for entity linking."},
    {"models.claims_learned", CT_ENUM, OFF(claims_learned), 0, "off", 0, 0,
     onoff_names,
     "on: German claims also try the cue words of the learned tagger "
     "(claims-de-tagger.bin) where the rules find nothing; off: rules only."},
    {"http.listen", CT_STRING, OFF(http_listen), 0, "127.0.0.1:9464", 0, 0,
     NULL, "Address of /metrics, /healthz, /readyz; \"\" disables."},
    {"http.stall_timeout_ms", CT_INT, OFF(stall_timeout_ms), 0, "120000",
     1000, 86400000, NULL,
     "Not ready when a partition with lag has not advanced for this long."},
    {"log.level", CT_ENUM, OFF(log_level), 0, "info", 0, 0, level_names,
     "debug, info, warn or error."},
    {"log.format", CT_ENUM, OFF(log_format), 0, "json", 0, 0, format_names,
     "json (one object per line) or text."},
};

/* Sections that may appear at the top level; "kafka" passes through. */
static const char *const sections[] = {"kafka", "topics", "processing",
                                       "models", "http", "log", NULL};

/* ---- helpers --------------------------------------------------------- */

int ne_config_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i, j;
    int *row, d;

    if (la > 64 || lb > 64)
        return 99;
    row = ne_malloc((lb + 1) * sizeof(int));
    for (j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (j = 1; j <= lb; j++) {
            int up = row[j];
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int best = diag + cost;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    d = row[lb];
    free(row);
    return d;
}

/* Nearest valid name for an unknown one: among the sections (top level) or
 * among the keys of the given section. */
static const char *nearest(const char *section, const char *name)
{
    static __thread char best[96];
    int bestd = 1 << 30;
    size_t i;

    best[0] = '\0';
    if (!section) {
        for (i = 0; sections[i]; i++) {
            int d = ne_config_distance(name, sections[i]);
            if (d < bestd) {
                bestd = d;
                snprintf(best, sizeof(best), "%s", sections[i]);
            }
        }
        return best;
    }
    for (i = 0; i < NE_ARRAY_SIZE(config_keys); i++) {
        const char *p = config_keys[i].path;
        size_t sl = strlen(section);
        if (strncmp(p, section, sl) || p[sl] != '.')
            continue;
        int d = ne_config_distance(name, p + sl + 1);
        if (d < bestd) {
            bestd = d;
            snprintf(best, sizeof(best), "%s", p);
        }
    }
    return best;
}

static const ne_cfgkey_t *key_find(const char *path)
{
    size_t i;
    for (i = 0; i < NE_ARRAY_SIZE(config_keys); i++)
        if (!strcmp(config_keys[i].path, path))
            return &config_keys[i];
    return NULL;
}

/* Expand ${VAR} and ${VAR:-default}; "$$" is a literal "$". */
static char *interpolate(const char *path, const char *s, char *errstr,
                         size_t errstr_size)
{
    ne_buf_t b;
    ne_buf_init(&b);
    ne_buf_reserve(&b, strlen(s));
    while (*s) {
        if (s[0] == '$' && s[1] == '$') {
            ne_buf_putc(&b, '$');
            s += 2;
            continue;
        }
        if (s[0] == '$' && s[1] == '{') {
            const char *end = strchr(s + 2, '}');
            const char *def = NULL, *val;
            char name[128];
            size_t nlen;
            if (!end) {
                ne_errf(errstr, errstr_size,
                        "%s: unterminated \"${\" in value", path);
                goto fail;
            }
            nlen = (size_t)(end - (s + 2));
            {
                const char *colon = memchr(s + 2, ':', nlen);
                if (colon && colon[1] == '-') {
                    def = colon + 2;
                    nlen = (size_t)(colon - (s + 2));
                }
            }
            if (nlen == 0 || nlen >= sizeof(name)) {
                ne_errf(errstr, errstr_size,
                        "%s: bad variable reference in value", path);
                goto fail;
            }
            memcpy(name, s + 2, nlen);
            name[nlen] = '\0';
            val = getenv(name);
            if (val && *val)
                ne_buf_puts(&b, val);
            else if (def)
                ne_buf_append(&b, def, (size_t)(end - def));
            else {
                ne_errf(errstr, errstr_size,
                        "%s: environment variable %s is not set (give a "
                        "default with ${%s:-value})",
                        path, name, name);
                goto fail;
            }
            s = end + 1;
            continue;
        }
        ne_buf_putc(&b, *s++);
    }
    return ne_buf_detach(&b, NULL);
fail:
    ne_buf_free(&b);
    return NULL;
}

static void strlist_free(char **l)
{
    size_t i;
    if (!l)
        return;
    for (i = 0; l[i]; i++)
        free(l[i]);
    free(l);
}

/* "a, b,c" -> {"a","b","c",NULL}; "" -> {NULL}. */
static char **strlist_split(const char *s)
{
    char **l = ne_calloc(1, sizeof(char *));
    size_t n = 0;
    while (*s) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        const char *a = s, *z = s + len;
        while (a < z && isspace((unsigned char)*a))
            a++;
        while (z > a && isspace((unsigned char)z[-1]))
            z--;
        if (z > a) {
            l = ne_realloc(l, (n + 2) * sizeof(char *));
            l[n++] = ne_strndup(a, (size_t)(z - a));
            l[n] = NULL;
        }
        s += len;
        if (*s == ',')
            s++;
    }
    return l;
}

/* Set one table key from text (default, env or a file scalar). */
static int key_set_text(ne_config_t *conf, const ne_cfgkey_t *k,
                        const char *text, const char *where, char *errstr,
                        size_t errstr_size)
{
    char *field = (char *)conf + k->off;
    switch (k->type) {
    case CT_STRING:
        free(*(char **)field);
        *(char **)field = ne_strdup(text);
        return 0;
    case CT_STRLIST:
        strlist_free(*(char ***)field);
        *(char ***)field = strlist_split(text);
        return 0;
    case CT_INT: {
        char *end;
        long long v;
        errno = 0;
        v = strtoll(text, &end, 10);
        if (errno || end == text || *end) {
            ne_errf(errstr, errstr_size, "%s%s: expected an integer, got \"%s\"",
                    where, k->path, text);
            return -1;
        }
        if (v < k->min || v > k->max) {
            ne_errf(errstr, errstr_size,
                    "%s%s: %lld is out of range [%lld, %lld]", where, k->path,
                    v, (long long)k->min, (long long)k->max);
            return -1;
        }
        if (k->is64)
            *(int64_t *)field = v;
        else
            *(int *)field = (int)v;
        return 0;
    }
    case CT_ENUM: {
        size_t i;
        ne_buf_t alts;
        for (i = 0; k->enums[i]; i++)
            if (!strcmp(k->enums[i], text)) {
                *(int *)field = (int)i;
                return 0;
            }
        ne_buf_init(&alts);
        for (i = 0; k->enums[i]; i++)
            ne_buf_printf(&alts, "%s\"%s\"", i ? ", " : "", k->enums[i]);
        ne_errf(errstr, errstr_size, "%s%s: \"%s\" is not one of %s", where,
                k->path, text, alts.data);
        ne_buf_free(&alts);
        return -1;
    }
    }
    return -1;
}

static void kafka_set(ne_config_t *conf, const char *key, const char *value)
{
    size_t i;
    for (i = 0; i < conf->kafka_cnt; i++)
        if (!strcmp(conf->kafka[i].key, key)) {
            free(conf->kafka[i].value);
            conf->kafka[i].value = ne_strdup(value);
            return;
        }
    conf->kafka = ne_realloc(conf->kafka,
                             (conf->kafka_cnt + 1) * sizeof(ne_strpair_t));
    conf->kafka[conf->kafka_cnt].key = ne_strdup(key);
    conf->kafka[conf->kafka_cnt].value = ne_strdup(value);
    conf->kafka_cnt++;
}

static const char *json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

/* ---- problems -------------------------------------------------------- */

/* Loading does not stop at the first problem: each one is written to cur,
 * then report() keeps the first in errstr (ne_config_load) and appends every
 * one, prefixed with the file name, to lines (check-config). */
typedef struct cfgload_s {
    const char *path; /* file being loaded, or NULL */
    char *errstr;
    size_t errstr_size;
    ne_buf_t *lines; /* may be NULL */
    int cnt;
    char cur[1024];
} cfgload_t;

static void report(cfgload_t *ld)
{
    char line[1200];
    if (ld->path && strncmp(ld->cur, ld->path, strlen(ld->path)))
        snprintf(line, sizeof(line), "%s: %s", ld->path, ld->cur);
    else
        snprintf(line, sizeof(line), "%s", ld->cur);
    if (ld->cnt++ == 0 && ld->errstr)
        ne_errf(ld->errstr, ld->errstr_size, "%s", line);
    if (ld->lines)
        ne_buf_printf(ld->lines, "%s\n", line);
}

#define CUR ld->cur, sizeof(ld->cur)

/* ---- file ------------------------------------------------------------ */

static void load_kafka(ne_config_t *conf, json_t *obj, const char *where,
                       cfgload_t *ld)
{
    const char *key;
    json_t *v;

    json_object_foreach(obj, key, v) {
        char path[300], numbuf[64];
        const char *text = NULL;
        char *expanded;

        snprintf(path, sizeof(path), "kafka.%s", key);
        if (json_is_string(v))
            text = json_string_value(v);
        else if (json_is_integer(v)) {
            snprintf(numbuf, sizeof(numbuf), "%" JSON_INTEGER_FORMAT,
                     json_integer_value(v));
            text = numbuf;
        } else if (json_is_boolean(v))
            text = json_is_true(v) ? "true" : "false";
        else if (json_is_real(v)) {
            snprintf(numbuf, sizeof(numbuf), "%g", json_real_value(v));
            text = numbuf;
        } else {
            ne_errf(CUR,
                    "%s%s: librdkafka properties are strings, numbers or "
                    "booleans, not %s",
                    where, path, json_type_name(v));
            report(ld);
            continue;
        }
        if (!(expanded = interpolate(path, text, CUR))) {
            report(ld);
            continue;
        }
        kafka_set(conf, key, expanded);
        free(expanded);
    }
}

static void load_section(ne_config_t *conf, const char *section,
                         json_t *obj, const char *where, cfgload_t *ld)
{
    const char *key;
    json_t *v;

    json_object_foreach(obj, key, v) {
        char path[300];
        const ne_cfgkey_t *k;
        char numbuf[64];
        char *expanded = NULL;

        snprintf(path, sizeof(path), "%s.%s", section, key);
        if (!(k = key_find(path))) {
            ne_errf(CUR, "%sunknown key \"%s\" (nearest valid key: \"%s\")",
                    where, path, nearest(section, key));
            report(ld);
            continue;
        }
        if (k->type == CT_STRLIST) {
            size_t i, n;
            char **l;
            if (json_is_string(v)) {
                /* one string is a list of one */
                if (!(expanded = interpolate(path, json_string_value(v),
                                             CUR)) ||
                    key_set_text(conf, k, expanded, where, CUR))
                    report(ld);
                free(expanded);
                continue;
            }
            if (!json_is_array(v)) {
                ne_errf(CUR, "%s%s: expected an array of strings, got %s",
                        where, path, json_type_name(v));
                report(ld);
                continue;
            }
            n = json_array_size(v);
            l = ne_calloc(n + 1, sizeof(char *));
            for (i = 0; i < n; i++) {
                json_t *item = json_array_get(v, i);
                if (!json_is_string(item)) {
                    ne_errf(CUR, "%s%s[%zu]: expected a string, got %s",
                            where, path, i, json_type_name(item));
                    break;
                }
                if (!(l[i] = interpolate(path, json_string_value(item),
                                         CUR)))
                    break;
            }
            if (i < n) {
                report(ld);
                strlist_free(l);
                continue;
            }
            strlist_free(*(char ***)((char *)conf + k->off));
            *(char ***)((char *)conf + k->off) = l;
            continue;
        }
        if (k->type == CT_INT && json_is_integer(v)) {
            snprintf(numbuf, sizeof(numbuf), "%" JSON_INTEGER_FORMAT,
                     json_integer_value(v));
            if (key_set_text(conf, k, numbuf, where, CUR))
                report(ld);
            continue;
        }
        if (!json_is_string(v)) {
            ne_errf(CUR, "%s%s: expected %s, got %s", where, path,
                    k->type == CT_INT ? "an integer" : "a string",
                    json_type_name(v));
            report(ld);
            continue;
        }
        /* strings may carry ${VAR}; integers given as "${THREADS}" too */
        if (!(expanded = interpolate(path, json_string_value(v), CUR)) ||
            key_set_text(conf, k, expanded, where, CUR))
            report(ld);
        free(expanded);
    }
}

/* A file that cannot be read or parsed stops the load: nothing after it
 * could be checked. Other problems are reported and loading goes on. */
static int load_file(ne_config_t *conf, const char *path, cfgload_t *ld)
{
    json_error_t jerr;
    json_t *root, *v;
    const char *key;
    char where[512];
    FILE *fp;

    /* jansson reports an unopenable file as line -1: say what is wrong */
    if (!(fp = fopen(path, "r"))) {
        ne_errf(CUR, "%s: cannot open the configuration file: %s", path,
                strerror(errno));
        report(ld);
        return -1;
    }
    root = json_loadf(fp, JSON_REJECT_DUPLICATES, &jerr);
    if (!root && ferror(fp))
        ne_errf(CUR, "%s: cannot read the configuration file: %s", path,
                strerror(errno));
    else if (!root)
        ne_errf(CUR, "%s:%d:%d: %s", path, jerr.line, jerr.column,
                jerr.text);
    fclose(fp);
    if (!root) {
        report(ld);
        return -1;
    }
    snprintf(where, sizeof(where), "%s: ", path);
    if (!json_is_object(root)) {
        ne_errf(CUR, "%sthe configuration must be a JSON object", where);
        report(ld);
        json_decref(root);
        return -1;
    }
    json_object_foreach(root, key, v) {
        size_t i;
        int known = 0;
        for (i = 0; sections[i]; i++)
            if (!strcmp(sections[i], key))
                known = 1;
        if (!known) {
            ne_errf(CUR, "%sunknown key \"%s\" (nearest valid key: \"%s\")",
                    where, key, nearest(NULL, key));
            report(ld);
        } else if (!json_is_object(v)) {
            ne_errf(CUR, "%s%s: expected an object, got %s", where, key,
                    json_type_name(v));
            report(ld);
        } else if (!strcmp(key, "kafka"))
            load_kafka(conf, v, where, ld);
        else
            load_section(conf, key, v, where, ld);
    }
    json_decref(root);
    return 0;
}

/* ---- environment ------------------------------------------------------- */

/* processing.max_message_bytes -> NEWSENRICH_PROCESSING_MAX_MESSAGE_BYTES */
static void env_name(const char *path, char *out, size_t size)
{
    size_t n = (size_t)snprintf(out, size, "NEWSENRICH_");
    for (; *path && n + 1 < size; path++)
        out[n++] = *path == '.' ? '_' : (char)toupper((unsigned char)*path);
    out[n] = '\0';
}

static void load_env(ne_config_t *conf, cfgload_t *ld)
{
    size_t i;
    char name[128];
    char **e;

    for (i = 0; i < NE_ARRAY_SIZE(config_keys); i++) {
        const char *v;
        env_name(config_keys[i].path, name, sizeof(name));
        if (!(v = getenv(name)))
            continue;
        char where[160];
        snprintf(where, sizeof(where), "environment %s: ", name);
        if (key_set_text(conf, &config_keys[i], v, where, CUR))
            report(ld);
    }
    /* NEWSENRICH_KAFKA_SASL_PASSWORD -> kafka "sasl.password" */
    for (e = environ; e && *e; e++) {
        const char *eq;
        char key[128];
        size_t k, n;
        if (strncmp(*e, "NEWSENRICH_KAFKA_", 17))
            continue;
        if (!(eq = strchr(*e, '=')))
            continue;
        n = (size_t)(eq - (*e + 17));
        if (n == 0 || n >= sizeof(key))
            continue;
        for (k = 0; k < n; k++) {
            char c = (*e)[17 + k];
            key[k] = c == '_' ? '.' : (char)tolower((unsigned char)c);
        }
        key[n] = '\0';
        kafka_set(conf, key, eq + 1);
    }
}

/* ---- CPUs -------------------------------------------------------------- */

int ne_config_cgroup_cpus(const char *proc_cgroup, const char *root)
{
    char line[4096], dir[4096 + 32], path[4096 + 48];
    FILE *fp = fopen(proc_cgroup, "r");
    size_t root_len = strlen(root), n;
    int best = 0;

    if (!fp)
        return 0;
    dir[0] = '\0';
    while (fgets(line, sizeof(line), fp))
        if (!strncmp(line, "0::", 3)) { /* the v2 hierarchy's line */
            line[strcspn(line, "\n")] = '\0';
            snprintf(dir, sizeof(dir), "%s%s", root, line + 3);
        }
    fclose(fp);
    while ((n = strlen(dir)) > root_len && dir[n - 1] == '/')
        dir[n - 1] = '\0';
    /* every level up to the root: a parent's quota binds its children */
    while (*dir) {
        long long quota, period;
        char q[32], *slash;
        snprintf(path, sizeof(path), "%s/cpu.max", dir);
        if ((fp = fopen(path, "r"))) {
            if (fscanf(fp, "%31s %lld", q, &period) == 2 &&
                strcmp(q, "max") && period > 0 &&
                (quota = strtoll(q, NULL, 10)) > 0) {
                int cpus = (int)((quota + period - 1) / period);
                if (!best || cpus < best)
                    best = cpus;
            }
            fclose(fp);
        }
        if (strlen(dir) <= root_len || !(slash = strrchr(dir, '/')) ||
            (size_t)(slash - dir) < root_len)
            break;
        *slash = '\0';
    }
    return best;
}

int ne_config_cpus_available(void)
{
    cpu_set_t set;
    int n = 0, quota = ne_config_cgroup_cpus("/proc/self/cgroup",
                                             "/sys/fs/cgroup");

    if (sched_getaffinity(0, sizeof(set), &set) == 0)
        n = CPU_COUNT(&set);
    if (n <= 0) {
        long online = sysconf(_SC_NPROCESSORS_ONLN);
        n = online > 0 ? (int)online : 1;
    }
    if (quota > 0 && quota < n)
        n = quota;
    return n;
}

/* ---- validation -------------------------------------------------------- */

/* librdkafka properties whose value is a secret but whose name does not
 * say "password" or "secret": keys, tokens and their parts. */
static const char *const secret_kafka_keys[] = {
    "sasl.oauthbearer.config",     /* principal, extensions, maybe a token */
    "sasl.oauthbearer.extensions", /* key=value pairs, often credentials */
    "ssl.key.pem",                 /* a private key in the config itself */
    "ssl_key",                     /* the same, set through the C API */
};

int ne_config_kafka_key_secret(const char *key)
{
    size_t i;
    if (strstr(key, "password") || strstr(key, "secret"))
        return 1;
    for (i = 0; i < NE_ARRAY_SIZE(secret_kafka_keys); i++)
        if (!strcmp(key, secret_kafka_keys[i]))
            return 1;
    return 0;
}

/* A value as check-config prints it: JSON-escaped, with the password of
 * any URL in it ("https://user:pw@host") redacted. */
static void put_value(ne_buf_t *out, const char *v)
{
    ne_buf_t r;
    if (!ne_redact_urls_needed(v, strlen(v))) {
        ne_json_escape(out, v, strlen(v));
        return;
    }
    ne_buf_init(&r);
    ne_redact_urls(&r, v, strlen(v));
    ne_json_escape(out, r.data, r.len);
    ne_buf_free(&r);
}

/* librdkafka's words for a property its build left out; OAUTHBEARER with
 * OIDC is the one users meet (Debian 12's librdkafka has no libcurl). */
static void unsupported_kafka_key(const char *key, const char *rk_err,
                                  const char *where, char *errstr,
                                  size_t errstr_size)
{
    if (!strncmp(key, "sasl.oauthbearer.", 17))
        ne_errf(errstr, errstr_size,
                "%s: kafka.%s: OAUTHBEARER/OIDC is not available: "
                "librdkafka %s was built without libcurl. Use SCRAM-SHA-512 "
                "or mutual TLS, or a librdkafka built with libcurl (README, "
                "Security)",
                where, key, rd_kafka_version_str());
    else
        ne_errf(errstr, errstr_size, "%s: kafka.%s: %s", where, key, rk_err);
}

/* Cross-key checks; every problem is reported. */
static void validate(ne_config_t *conf, cfgload_t *ld)
{
    rd_kafka_conf_t *rk_conf = rd_kafka_conf_new();
    char rk_err[512];
    size_t i;
    const char *where = conf->path ? conf->path : "config";

    /* librdkafka itself is the authority on its property names and values */
    for (i = 0; i < conf->kafka_cnt; i++) {
        const char *k = conf->kafka[i].key;
        if (!strcmp(k, "enable.auto.offset.store")) {
            ne_errf(CUR,
                    "%s: kafka.%s is managed by newsenrich (offsets are "
                    "stored only after delivery); remove it",
                    where, k);
            report(ld);
        } else if (!strcmp(k, "transactional.id")) {
            ne_errf(CUR,
                    "%s: kafka.transactional.id: set "
                    "processing.transactional_id instead",
                    where);
            report(ld);
        } else if (rd_kafka_conf_set(rk_conf, k, conf->kafka[i].value, rk_err,
                                     sizeof(rk_err)) != RD_KAFKA_CONF_OK) {
            if (strstr(rk_err, "not supported in this build"))
                unsupported_kafka_key(k, rk_err, where, CUR);
            else
                ne_errf(CUR, "%s: kafka.%s: %s", where, k, rk_err);
            report(ld);
        }
    }
    if (!conf->topics_input || !conf->topics_input[0]) {
        ne_errf(CUR, "%s: topics.input: at least one input topic is required",
                where);
        report(ld);
    }
    if (!*conf->topic_enriched || !*conf->topic_dlq) {
        ne_errf(CUR, "%s: %s: must not be empty", where,
                !*conf->topic_enriched ? "topics.enriched" : "topics.dlq");
        report(ld);
    }
    for (i = 0; conf->topics_input && conf->topics_input[i]; i++) {
        const char *t = conf->topics_input[i];
        if (!strcmp(t, conf->topic_enriched) || !strcmp(t, conf->topic_dlq) ||
            !strcmp(t, conf->topic_entities) || !strcmp(t, conf->topic_claims)) {
            ne_errf(CUR,
                    "%s: topics.input: \"%s\" is also an output topic; that "
                    "would loop",
                    where, t);
            report(ld);
        }
    }
    if (conf->max_decompressed_bytes < conf->max_message_bytes) {
        ne_errf(CUR,
                "%s: processing.max_decompressed_bytes (%lld) must be at least "
                "processing.max_message_bytes (%lld)",
                where, (long long)conf->max_decompressed_bytes,
                (long long)conf->max_message_bytes);
        report(ld);
    }
    if (conf->threads == 0)
        conf->threads = ne_config_cpus_available();
    rd_kafka_conf_destroy(rk_conf);
}

/* ---- public ------------------------------------------------------------ */

static int apply_defaults(ne_config_t *conf)
{
    size_t i;
    char err[256];
    for (i = 0; i < NE_ARRAY_SIZE(config_keys); i++)
        if (key_set_text(conf, &config_keys[i], config_keys[i].def, "", err,
                         sizeof(err)))
            abort(); /* a bad default in the table is a programming error */
    return 0;
}

ne_config_t *ne_config_new_default(void)
{
    ne_config_t *conf = ne_calloc(1, sizeof(*conf));
    apply_defaults(conf);
    return conf;
}

/* Defaults -> file -> environment -> cross-key checks; problems go to ld.
 * An unreadable file stops there: the rest would be noise. */
static ne_config_t *load(const char *path, cfgload_t *ld)
{
    ne_config_t *conf = ne_config_new_default();

    ld->path = path;
    if (path) {
        conf->path = ne_strdup(path);
        if (load_file(conf, path, ld))
            return conf;
    }
    ld->path = NULL; /* environment problems name their variable */
    load_env(conf, ld);
    validate(conf, ld);
    return conf;
}

ne_config_t *ne_config_check(const char *path, ne_buf_t *problems,
                             int *problem_cnt)
{
    cfgload_t ld;
    ne_config_t *conf;

    memset(&ld, 0, sizeof(ld));
    ld.lines = problems;
    conf = load(path, &ld);
    if (problem_cnt)
        *problem_cnt = ld.cnt;
    return conf;
}

ne_config_t *ne_config_load(const char *path, char *errstr,
                            size_t errstr_size)
{
    cfgload_t ld;
    ne_config_t *conf;

    memset(&ld, 0, sizeof(ld));
    ld.errstr = errstr;
    ld.errstr_size = errstr_size;
    conf = load(path, &ld);
    if (ld.cnt) {
        ne_config_destroy(conf);
        return NULL;
    }
    return conf;
}

void ne_config_destroy(ne_config_t *conf)
{
    size_t i;
    if (!conf)
        return;
    for (i = 0; i < NE_ARRAY_SIZE(config_keys); i++) {
        char *field = (char *)conf + config_keys[i].off;
        if (config_keys[i].type == CT_STRING)
            free(*(char **)field);
        else if (config_keys[i].type == CT_STRLIST)
            strlist_free(*(char ***)field);
    }
    for (i = 0; i < conf->kafka_cnt; i++) {
        free(conf->kafka[i].key);
        free(conf->kafka[i].value);
    }
    free(conf->kafka);
    free(conf->path);
    free(conf);
}

void ne_config_dump(const ne_config_t *conf, ne_buf_t *out)
{
    size_t i, s;
    ne_buf_puts(out, "{\n  \"kafka\": {");
    for (i = 0; i < conf->kafka_cnt; i++) {
        ne_buf_printf(out, "%s\n    \"", i ? "," : "");
        ne_json_escape(out, conf->kafka[i].key, strlen(conf->kafka[i].key));
        ne_buf_puts(out, "\": \"");
        if (ne_config_kafka_key_secret(conf->kafka[i].key))
            ne_buf_puts(out, NE_REDACTED);
        else
            put_value(out, conf->kafka[i].value);
        ne_buf_putc(out, '"');
    }
    ne_buf_puts(out, conf->kafka_cnt ? "\n  }" : "}");
    for (s = 1; sections[s]; s++) {
        size_t sl = strlen(sections[s]);
        int first = 1;
        ne_buf_printf(out, ",\n  \"%s\": {", sections[s]);
        for (i = 0; i < NE_ARRAY_SIZE(config_keys); i++) {
            const ne_cfgkey_t *k = &config_keys[i];
            const char *field = (const char *)conf + k->off;
            if (strncmp(k->path, sections[s], sl) || k->path[sl] != '.')
                continue;
            ne_buf_printf(out, "%s\n    \"%s\": ", first ? "" : ",",
                          k->path + sl + 1);
            first = 0;
            switch (k->type) {
            case CT_STRING:
                ne_buf_putc(out, '"');
                put_value(out, *(char *const *)field);
                ne_buf_putc(out, '"');
                break;
            case CT_INT:
                ne_buf_printf(out, "%lld",
                              k->is64 ? (long long)*(const int64_t *)field
                                      : (long long)*(const int *)field);
                break;
            case CT_ENUM:
                ne_buf_printf(out, "\"%s\"", k->enums[*(const int *)field]);
                break;
            case CT_STRLIST: {
                char *const *l = *(char *const *const *)field;
                size_t j;
                ne_buf_putc(out, '[');
                for (j = 0; l && l[j]; j++) {
                    ne_buf_printf(out, "%s\"", j ? ", " : "");
                    put_value(out, l[j]);
                    ne_buf_putc(out, '"');
                }
                ne_buf_putc(out, ']');
                break;
            }
            }
        }
        ne_buf_puts(out, "\n  }");
    }
    ne_buf_puts(out, "\n}\n");
}

void ne_config_reference(ne_buf_t *out)
{
    size_t i;
    char env[128];
    ne_buf_puts(out, "| key | type | default | environment | meaning |\n"
                     "|---|---|---|---|---|\n");
    ne_buf_puts(out, "| `kafka.*` | string | see below | "
                     "`NEWSENRICH_KAFKA_<KEY>` | librdkafka properties, "
                     "passed through and validated by librdkafka. |\n");
    for (i = 0; i < NE_ARRAY_SIZE(config_keys); i++) {
        const ne_cfgkey_t *k = &config_keys[i];
        const char *type = k->type == CT_STRING    ? "string"
                           : k->type == CT_INT     ? "integer"
                           : k->type == CT_STRLIST ? "string list"
                                                   : "enum";
        env_name(k->path, env, sizeof(env));
        ne_buf_printf(out, "| `%s` | %s | `%s` | `%s` | %s", k->path, type,
                      *k->def ? k->def : "\"\"", env, k->help);
        if (k->type == CT_INT)
            ne_buf_printf(out, " Range %lld..%lld.", (long long)k->min,
                          (long long)k->max);
        ne_buf_puts(out, " |\n");
    }
}
