/*
 * newsenrich - the standard process_* metrics, read from /proc/self.
 *
 * The names and meanings are those of the Prometheus client libraries'
 * process collectors, so the usual dashboards and alerts work unchanged.
 * C has no client library to provide them, hence this file.
 */
#ifndef NE_PROCESS_H
#define NE_PROCESS_H

#include <stdint.h>

#include "metrics.h"

typedef struct ne_process_stats_s {
    double cpu_seconds;        /* user + system */
    double start_time_seconds; /* Unix time the process started */
    double virtual_bytes;
    double resident_bytes;
    double open_fds;           /* -1 when unknown */
    double max_fds;            /* soft RLIMIT_NOFILE; -1 when unlimited */
} ne_process_stats_t;

/* Parse the text of /proc/<pid>/stat (NUL-terminated). ticks is
 * sysconf(_SC_CLK_TCK), page_size in bytes, boot_time the "btime" of
 * /proc/stat. Fills the cpu, start, virtual and resident fields of out.
 * Returns 0, or -1 when the text is not a stat line. Pure: for tests. */
int ne_process_parse_stat(const char *stat, long ticks, long page_size,
                          double boot_time, ne_process_stats_t *out);

/* Read everything for the calling process. Returns 0, or -1 when /proc is
 * not mounted or unreadable (out is then zeroed). Any thread. */
int ne_process_read(ne_process_stats_t *out);

/* Declare the process_* families in m (again is a no-op). Any thread. */
void ne_process_metrics_declare(ne_metrics_t *m);
/* Refresh them from /proc/self; meant for a render hook, so every scrape
 * sees current values. Keeps the last values when /proc is unreadable. */
void ne_process_metrics_update(ne_metrics_t *m);

#endif
