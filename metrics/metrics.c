/*
 * newsenrich - Prometheus metrics registry.
 *
 * Values are doubles kept as bit patterns in 64-bit atomics, so updates from
 * worker threads need no lock. The family/series structure changes rarely
 * (a new partition, a new DLQ reason) and is guarded by one mutex.
 */
#include "metrics.h"
#include "../common/ne.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NE_METRIC_MAX_LABELS 4

struct ne_series_s {
    struct ne_series_s *next;
    char *label_values[NE_METRIC_MAX_LABELS];
    _Atomic uint64_t value;         /* double bits: counter/gauge, or sum */
    _Atomic uint64_t count;         /* histogram observations */
    _Atomic uint64_t *bucket_cnt;   /* histogram, per bucket (not cumulative) */
    const struct ne_family_s *fam;
};

typedef struct ne_family_s {
    struct ne_family_s *next;
    char *name;
    char *help;
    ne_metric_type_t type;
    int label_cnt;
    char *label_names[NE_METRIC_MAX_LABELS];
    double *buckets;
    int bucket_cnt;
    ne_series_t *series;
    ne_series_t *tail;
} ne_family_t;

typedef struct ne_hook_s {
    ne_metrics_hook_t *fn;
    void *opaque;
} ne_hook_t;

struct ne_metrics_s {
    pthread_mutex_t lock;
    ne_family_t *families;
    ne_family_t *tail;
    /* hooks have their own lock: they run while the registry is unlocked */
    pthread_mutex_t hook_lock;
    ne_hook_t hooks[NE_METRICS_MAX_HOOKS];
    int hook_cnt;
};

static uint64_t d2u(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof(u));
    return u;
}

static double u2d(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof(d));
    return d;
}

ne_metrics_t *ne_metrics_new(void)
{
    ne_metrics_t *m = ne_calloc(1, sizeof(*m));
    pthread_mutex_init(&m->lock, NULL);
    pthread_mutex_init(&m->hook_lock, NULL);
    return m;
}

static void series_free(ne_series_t *s)
{
    int i;
    for (i = 0; i < NE_METRIC_MAX_LABELS; i++)
        free(s->label_values[i]);
    free(s->bucket_cnt);
    free(s);
}

static void family_clear(ne_family_t *f)
{
    ne_series_t *s, *next;
    for (s = f->series; s; s = next) {
        next = s->next;
        series_free(s);
    }
    f->series = f->tail = NULL;
}

void ne_metrics_destroy(ne_metrics_t *m)
{
    ne_family_t *f, *next;
    int i;
    if (!m)
        return;
    for (f = m->families; f; f = next) {
        next = f->next;
        family_clear(f);
        for (i = 0; i < f->label_cnt; i++)
            free(f->label_names[i]);
        free(f->name);
        free(f->help);
        free(f->buckets);
        free(f);
    }
    pthread_mutex_destroy(&m->lock);
    pthread_mutex_destroy(&m->hook_lock);
    free(m);
}

static ne_family_t *family_find(ne_metrics_t *m, const char *name)
{
    ne_family_t *f;
    for (f = m->families; f; f = f->next)
        if (!strcmp(f->name, name))
            return f;
    return NULL;
}

/* [a-zA-Z_:][a-zA-Z0-9_:]* for metric names; labels may not use ':'. */
static int valid_name(const char *s, int colon_ok)
{
    const char *p;
    if (!*s || (*s >= '0' && *s <= '9'))
        return 0;
    for (p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '_' ||
              (colon_ok && *p == ':')))
            return 0;
    return 1;
}

/* A typo in a name or bucket list would only show up as a rejected scrape
 * in production: refuse it at declaration instead. */
static void check_declaration(const char *name, ne_metric_type_t type,
                              const char *const *label_names,
                              const double *buckets, int bucket_cnt)
{
    int i;
    if (!valid_name(name, 1))
        abort();
    for (i = 0; label_names && label_names[i]; i++)
        if (i >= NE_METRIC_MAX_LABELS || !valid_name(label_names[i], 0) ||
            !strncmp(label_names[i], "__", 2) ||
            (type == NE_METRIC_HISTOGRAM && !strcmp(label_names[i], "le")))
            abort();
    for (i = 0; type == NE_METRIC_HISTOGRAM && i < bucket_cnt; i++)
        if (isnan(buckets[i]) || (i > 0 && buckets[i] <= buckets[i - 1]))
            abort();
}

static int label_count(const char *const *label_names)
{
    int n = 0;
    while (label_names && label_names[n])
        n++;
    return n;
}

void ne_metrics_declare(ne_metrics_t *m, const char *name,
                        ne_metric_type_t type, const char *help,
                        const char *const *label_names,
                        const double *buckets, int bucket_cnt)
{
    ne_family_t *f;
    int i;

    check_declaration(name, type, label_names, buckets, bucket_cnt);
    pthread_mutex_lock(&m->lock);
    if ((f = family_find(m, name))) {
        /* two modules may declare a family they share; they must agree */
        if (f->type != type || f->label_cnt != label_count(label_names))
            abort();
        pthread_mutex_unlock(&m->lock);
        return;
    }
    f = ne_calloc(1, sizeof(*f));
    f->name = ne_strdup(name);
    f->help = ne_strdup(help);
    f->type = type;
    for (i = 0; label_names && label_names[i]; i++)
        f->label_names[i] = ne_strdup(label_names[i]);
    f->label_cnt = i;
    if (type == NE_METRIC_HISTOGRAM && bucket_cnt > 0) {
        f->buckets = ne_malloc(sizeof(double) * (size_t)bucket_cnt);
        memcpy(f->buckets, buckets, sizeof(double) * (size_t)bucket_cnt);
        f->bucket_cnt = bucket_cnt;
    }
    if (m->tail)
        m->tail->next = f;
    else
        m->families = f;
    m->tail = f;
    pthread_mutex_unlock(&m->lock);
}

static int series_match(const ne_series_t *s, int label_cnt,
                        const char *const *values)
{
    int i;
    for (i = 0; i < label_cnt; i++)
        if (strcmp(s->label_values[i], values[i] ? values[i] : ""))
            return 0;
    return 1;
}

ne_series_t *ne_metrics_get(ne_metrics_t *m, const char *name,
                            const char *const *label_values)
{
    ne_family_t *f;
    ne_series_t *s;
    int i;

    pthread_mutex_lock(&m->lock);
    f = family_find(m, name);
    if (!f)
        abort(); /* undeclared metric: programming error */
    for (s = f->series; s; s = s->next)
        if (series_match(s, f->label_cnt, label_values))
            goto done;
    s = ne_calloc(1, sizeof(*s));
    s->fam = f;
    for (i = 0; i < f->label_cnt; i++)
        s->label_values[i] =
            ne_strdup(label_values && label_values[i] ? label_values[i] : "");
    if (f->type == NE_METRIC_HISTOGRAM)
        s->bucket_cnt = ne_calloc((size_t)f->bucket_cnt + 1, sizeof(uint64_t));
    atomic_store(&s->value, d2u(0.0));
    if (f->tail)
        f->tail->next = s;
    else
        f->series = s;
    f->tail = s;
done:
    pthread_mutex_unlock(&m->lock);
    return s;
}

void ne_series_add(ne_series_t *s, double v)
{
    uint64_t old = atomic_load(&s->value), nv;
    do {
        nv = d2u(u2d(old) + v);
    } while (!atomic_compare_exchange_weak(&s->value, &old, nv));
}

void ne_series_set(ne_series_t *s, double v)
{
    atomic_store(&s->value, d2u(v));
}

double ne_series_value(const ne_series_t *s)
{
    return u2d(atomic_load(&((ne_series_t *)s)->value));
}

void ne_series_observe(ne_series_t *s, double v)
{
    const ne_family_t *f = s->fam;
    int i;
    for (i = 0; i < f->bucket_cnt; i++)
        if (v <= f->buckets[i])
            break;
    atomic_fetch_add(&s->bucket_cnt[i], 1);
    atomic_fetch_add(&s->count, 1);
    ne_series_add(s, v);
}

uint64_t ne_series_count(const ne_series_t *s)
{
    return atomic_load(&((ne_series_t *)s)->count);
}

void ne_metrics_add(ne_metrics_t *m, const char *name,
                    const char *const *label_values, double v)
{
    ne_series_add(ne_metrics_get(m, name, label_values), v);
}

void ne_metrics_set(ne_metrics_t *m, const char *name,
                    const char *const *label_values, double v)
{
    ne_series_set(ne_metrics_get(m, name, label_values), v);
}

void ne_metrics_family_clear(ne_metrics_t *m, const char *name)
{
    ne_family_t *f;
    pthread_mutex_lock(&m->lock);
    f = family_find(m, name);
    if (f)
        family_clear(f);
    pthread_mutex_unlock(&m->lock);
}

void ne_metrics_add_render_hook(ne_metrics_t *m, ne_metrics_hook_t *hook,
                                void *opaque)
{
    pthread_mutex_lock(&m->hook_lock);
    if (m->hook_cnt >= NE_METRICS_MAX_HOOKS)
        abort();
    m->hooks[m->hook_cnt].fn = hook;
    m->hooks[m->hook_cnt].opaque = opaque;
    m->hook_cnt++;
    pthread_mutex_unlock(&m->hook_lock);
}

void ne_metrics_remove_render_hook(ne_metrics_t *m, ne_metrics_hook_t *hook,
                                   void *opaque)
{
    int i;
    pthread_mutex_lock(&m->hook_lock);
    for (i = 0; i < m->hook_cnt; i++) {
        if (m->hooks[i].fn != hook || m->hooks[i].opaque != opaque)
            continue;
        memmove(&m->hooks[i], &m->hooks[i + 1],
                sizeof(ne_hook_t) * (size_t)(m->hook_cnt - i - 1));
        m->hook_cnt--;
        break;
    }
    pthread_mutex_unlock(&m->hook_lock);
}

/* Label values escape \, " and newline (exposition format). */
static void put_label_value(ne_buf_t *out, const char *v)
{
    for (; *v; v++) {
        if (*v == '\\')
            ne_buf_puts(out, "\\\\");
        else if (*v == '"')
            ne_buf_puts(out, "\\\"");
        else if (*v == '\n')
            ne_buf_puts(out, "\\n");
        else
            ne_buf_putc(out, *v);
    }
}

/* HELP text escapes \ and newline. */
static void put_help(ne_buf_t *out, const char *v)
{
    for (; *v; v++) {
        if (*v == '\\')
            ne_buf_puts(out, "\\\\");
        else if (*v == '\n')
            ne_buf_puts(out, "\\n");
        else
            ne_buf_putc(out, *v);
    }
}

void ne_metrics_put_double(ne_buf_t *out, double v)
{
    char tmp[40];
    int prec;

    if (isinf(v)) {
        ne_buf_puts(out, v > 0 ? "+Inf" : "-Inf");
        return;
    }
    if (isnan(v)) {
        ne_buf_puts(out, "NaN");
        return;
    }
    if (v == floor(v) && fabs(v) < 1e15) {
        ne_buf_printf(out, "%.0f", v);
        return;
    }
    /* %.17g always reads back exactly but prints 0.1 as
     * 0.10000000000000001; take the shortest precision that round-trips */
    for (prec = 15; prec < 17; prec++) {
        snprintf(tmp, sizeof(tmp), "%.*g", prec, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    if (prec == 17)
        snprintf(tmp, sizeof(tmp), "%.17g", v);
    ne_buf_puts(out, tmp);
}

/* {a="x",b="y"[,le="..."]} or nothing when there are no labels. */
static void put_labels(ne_buf_t *out, const ne_family_t *f,
                       const ne_series_t *s, const char *le)
{
    int i;
    if (!f->label_cnt && !le)
        return;
    ne_buf_putc(out, '{');
    for (i = 0; i < f->label_cnt; i++) {
        if (i)
            ne_buf_putc(out, ',');
        ne_buf_printf(out, "%s=\"", f->label_names[i]);
        put_label_value(out, s->label_values[i]);
        ne_buf_putc(out, '"');
    }
    if (le)
        ne_buf_printf(out, "%sle=\"%s\"", f->label_cnt ? "," : "", le);
    ne_buf_putc(out, '}');
}

/* Cumulative buckets, then _sum and _count. _count is the +Inf bucket so
 * the two always agree, even while another thread observes. */
static void render_histogram(ne_buf_t *out, const ne_family_t *f,
                             const ne_series_t *s)
{
    ne_buf_t le;
    uint64_t cum = 0;
    int i;

    ne_buf_init(&le);
    for (i = 0; i <= f->bucket_cnt; i++) {
        cum += atomic_load(&s->bucket_cnt[i]);
        ne_buf_reset(&le);
        if (i < f->bucket_cnt)
            ne_metrics_put_double(&le, f->buckets[i]);
        else
            ne_buf_puts(&le, "+Inf");
        ne_buf_printf(out, "%s_bucket", f->name);
        put_labels(out, f, s, le.data);
        ne_buf_printf(out, " %llu\n", (unsigned long long)cum);
    }
    ne_buf_free(&le);
    ne_buf_printf(out, "%s_sum", f->name);
    put_labels(out, f, s, NULL);
    ne_buf_putc(out, ' ');
    ne_metrics_put_double(out, ne_series_value(s));
    ne_buf_printf(out, "\n%s_count", f->name);
    put_labels(out, f, s, NULL);
    ne_buf_printf(out, " %llu\n", (unsigned long long)cum);
}

void ne_metrics_render(ne_metrics_t *m, ne_buf_t *out)
{
    static const char *type_names[] = {"counter", "gauge", "histogram"};
    ne_family_t *f;
    ne_series_t *s;
    int i;

    /* hooks run outside the registry lock: they update series, which may
     * need it (ne_metrics_get) */
    pthread_mutex_lock(&m->hook_lock);
    for (i = 0; i < m->hook_cnt; i++)
        m->hooks[i].fn(m, m->hooks[i].opaque);
    pthread_mutex_unlock(&m->hook_lock);

    pthread_mutex_lock(&m->lock);
    for (f = m->families; f; f = f->next) {
        ne_buf_printf(out, "# HELP %s ", f->name);
        put_help(out, f->help);
        ne_buf_printf(out, "\n# TYPE %s %s\n", f->name, type_names[f->type]);
        for (s = f->series; s; s = s->next) {
            if (f->type == NE_METRIC_HISTOGRAM) {
                render_histogram(out, f, s);
                continue;
            }
            ne_buf_puts(out, f->name);
            put_labels(out, f, s, NULL);
            ne_buf_putc(out, ' ');
            ne_metrics_put_double(out, ne_series_value(s));
            ne_buf_putc(out, '\n');
        }
    }
    pthread_mutex_unlock(&m->lock);
}
