/*
 * newsenrich - a small Prometheus metrics registry (text format 0.0.4).
 *
 * Families are declared once (name, type, help, buckets); series are looked
 * up or created by their label values and then updated lock-free from any
 * thread. Look a series up once and keep the pointer on hot paths: lookup
 * takes the registry lock, updates do not. Series pointers stay valid until
 * ne_metrics_destroy() or ne_metrics_family_clear() on their family.
 */
#ifndef NE_METRICS_H
#define NE_METRICS_H

#include <stdint.h>

#include "../common/buf.h"

typedef struct ne_metrics_s ne_metrics_t;
typedef struct ne_series_s ne_series_t;

typedef enum {
    NE_METRIC_COUNTER,
    NE_METRIC_GAUGE,
    NE_METRIC_HISTOGRAM,
} ne_metric_type_t;

ne_metrics_t *ne_metrics_new(void);
void ne_metrics_destroy(ne_metrics_t *m); /* accepts NULL */

/* Declare a family. label_names is a NULL-terminated list (may be NULL for
 * none). buckets (histograms only) are upper bounds in increasing order;
 * +Inf is implicit. Declaring an existing name again with the same type and
 * label count is a no-op. Invalid metric or label names, a reserved label
 * ("le" on a histogram, "__" prefix), unsorted buckets or a conflicting
 * redeclaration are programming errors and abort. */
void ne_metrics_declare(ne_metrics_t *m, const char *name,
                        ne_metric_type_t type, const char *help,
                        const char *const *label_names,
                        const double *buckets, int bucket_cnt);

/* Get or create the series of family `name` with these label values (in the
 * order of the family's label names; NULL when it has none). Aborts on an
 * undeclared family: that is a programming error. */
ne_series_t *ne_metrics_get(ne_metrics_t *m, const char *name,
                            const char *const *label_values);

/* Counters and gauges. */
void ne_series_add(ne_series_t *s, double v);
void ne_series_set(ne_series_t *s, double v);
double ne_series_value(const ne_series_t *s);
/* Histograms. */
void ne_series_observe(ne_series_t *s, double v);
uint64_t ne_series_count(const ne_series_t *s);

/* Convenience: one-shot lookup + update (takes the registry lock). */
void ne_metrics_add(ne_metrics_t *m, const char *name,
                    const char *const *label_values, double v);
void ne_metrics_set(ne_metrics_t *m, const char *name,
                    const char *const *label_values, double v);

/* Drop every series of a family (e.g. per-partition lag before it is
 * refreshed from new statistics). Pointers to them become invalid. */
void ne_metrics_family_clear(ne_metrics_t *m, const char *name);

/* Render hooks run at the start of every ne_metrics_render(), in the order
 * added, with the registry unlocked, so they can refresh gauges computed on
 * demand (process RSS and CPU, health flags). At most NE_METRICS_MAX_HOOKS;
 * adding more is a programming error (abort). Remove a hook before its
 * opaque is freed. Call both from any thread, but not from a hook. */
#define NE_METRICS_MAX_HOOKS 4
typedef void(ne_metrics_hook_t)(ne_metrics_t *m, void *opaque);
void ne_metrics_add_render_hook(ne_metrics_t *m, ne_metrics_hook_t *hook,
                                void *opaque);
void ne_metrics_remove_render_hook(ne_metrics_t *m, ne_metrics_hook_t *hook,
                                   void *opaque);

/* Render every family in Prometheus text format 0.0.4 into out (appends):
 * HELP and TYPE lines, then one line per series; histograms as cumulative
 * _bucket{le} lines ending in +Inf, then _sum and _count. Label values are
 * escaped (backslash, double quote, newline). Any thread. */
void ne_metrics_render(ne_metrics_t *m, ne_buf_t *out);

/* Append v as the exposition format writes numbers: integers without a
 * fraction, others in the shortest form that reads back exactly, and
 * +Inf, -Inf, NaN. Exposed for the process collector and tests. */
void ne_metrics_put_double(ne_buf_t *out, double v);

#endif
