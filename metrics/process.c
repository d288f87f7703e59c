/*
 * newsenrich - process_* metrics from /proc/self.
 */
#include "process.h"
#include "../common/ne.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

int ne_process_parse_stat(const char *stat, long ticks, long page_size,
                          double boot_time, ne_process_stats_t *out)
{
    /* the command name (field 2) is in parentheses and may itself contain
     * spaces and ')': the fields proper start after the LAST ')' */
    const char *p = strrchr(stat, ')');
    unsigned long long utime, stime, start, vsize;
    long long rss;

    if (!p || ticks <= 0 || page_size <= 0)
        return -1;
    /* fields 3.. : state ppid pgrp session tty_nr tpgid flags minflt
     * cminflt majflt cmajflt utime stime cutime cstime priority nice
     * num_threads itrealvalue starttime vsize rss */
    if (sscanf(p + 1,
               " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %*d "
               "%*d %*d %*d %*d %*d %llu %llu %lld",
               &utime, &stime, &start, &vsize, &rss) != 5)
        return -1;
    out->cpu_seconds = (double)(utime + stime) / (double)ticks;
    out->start_time_seconds = boot_time + (double)start / (double)ticks;
    out->virtual_bytes = (double)vsize;
    out->resident_bytes = (double)rss * (double)page_size;
    return 0;
}

/* Read a small /proc file into buf (NUL-terminated). */
static int read_small(const char *path, char *buf, size_t size)
{
    FILE *fp = fopen(path, "re");
    size_t n;
    if (!fp)
        return -1;
    n = fread(buf, 1, size - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    return n > 0 ? 0 : -1;
}

/* System boot time (Unix seconds) from the "btime" line of /proc/stat. */
static double boot_time(void)
{
    FILE *fp = fopen("/proc/stat", "re");
    char line[256];
    double bt = 0;
    if (!fp)
        return 0;
    while (fgets(line, sizeof(line), fp))
        if (!strncmp(line, "btime ", 6)) {
            bt = strtod(line + 6, NULL);
            break;
        }
    fclose(fp);
    return bt;
}

static double count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    double n = 0;
    if (!d)
        return -1;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n - 1; /* not the descriptor opendir() itself holds */
}

int ne_process_read(ne_process_stats_t *out)
{
    char stat[1024];
    struct rlimit rl;

    memset(out, 0, sizeof(*out));
    if (read_small("/proc/self/stat", stat, sizeof(stat)) ||
        ne_process_parse_stat(stat, sysconf(_SC_CLK_TCK),
                              sysconf(_SC_PAGESIZE), boot_time(), out)) {
        memset(out, 0, sizeof(*out));
        return -1;
    }
    out->open_fds = count_fds();
    if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur == RLIM_INFINITY)
        out->max_fds = -1;
    else
        out->max_fds = (double)rl.rlim_cur;
    return 0;
}

/* Families in the order they render; the stats field each one shows. */
static const struct {
    const char *name;
    ne_metric_type_t type;
    const char *help;
    size_t off;
} process_families[] = {
    {"process_cpu_seconds_total", NE_METRIC_COUNTER,
     "Total user and system CPU time spent in seconds.",
     offsetof(ne_process_stats_t, cpu_seconds)},
    {"process_start_time_seconds", NE_METRIC_GAUGE,
     "Start time of the process since unix epoch in seconds.",
     offsetof(ne_process_stats_t, start_time_seconds)},
    {"process_virtual_memory_bytes", NE_METRIC_GAUGE,
     "Virtual memory size in bytes.",
     offsetof(ne_process_stats_t, virtual_bytes)},
    {"process_resident_memory_bytes", NE_METRIC_GAUGE,
     "Resident memory size in bytes.",
     offsetof(ne_process_stats_t, resident_bytes)},
    {"process_open_fds", NE_METRIC_GAUGE, "Number of open file descriptors.",
     offsetof(ne_process_stats_t, open_fds)},
    {"process_max_fds", NE_METRIC_GAUGE,
     "Maximum number of open file descriptors.",
     offsetof(ne_process_stats_t, max_fds)},
};

void ne_process_metrics_update(ne_metrics_t *m)
{
    ne_process_stats_t st;
    size_t i;
    if (ne_process_read(&st))
        return; /* no /proc: keep the last values rather than zeros */
    for (i = 0; i < NE_ARRAY_SIZE(process_families); i++) {
        double v = *(const double *)((const char *)&st +
                                     process_families[i].off);
        if (v >= 0)
            ne_metrics_set(m, process_families[i].name, NULL, v);
    }
}

void ne_process_metrics_declare(ne_metrics_t *m)
{
    size_t i;
    for (i = 0; i < NE_ARRAY_SIZE(process_families); i++)
        ne_metrics_declare(m, process_families[i].name,
                           process_families[i].type, process_families[i].help,
                           NULL, NULL, 0);
}
