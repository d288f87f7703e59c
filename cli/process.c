/*
 * newsenrich - `process`: JSONL articles on stdin -> one JSON line per input
 * line on stdout, in input order.
 *
 * With N threads the input is read in batches of BATCH_LINES lines; the
 * threads take lines of the batch by an atomic index, each with its own
 * ne_result_t, and write into the line's own buffer; the main thread prints
 * the batch in order once every line is done. Batches keep memory bounded
 * and the order exact without a reorder queue.
 */
#include "cli.h"

#include "../common/log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Lines per batch: large enough that thread start-up is noise next to the
 * work (an article takes about a millisecond), small enough to bound memory. */
#define BATCH_LINES 1024
/* The progress line is redrawn at most this often. */
#define PROGRESS_INTERVAL_S 0.5

typedef struct proc_line_s {
    char *text;
    size_t len, cap;
    int64_t lineno;
    ne_err_t err;
    ne_buf_t out; /* the output line, newline included */
} proc_line_t;

typedef struct proc_batch_s {
    ne_processor_t *proc;
    proc_line_t *lines;
    size_t cnt;
    atomic_size_t next;
} proc_batch_t;

static void process_line(ne_processor_t *proc, ne_result_t *res,
                         proc_line_t *l)
{
    ne_input_t in;

    memset(&in, 0, sizeof(in));
    in.payload = l->text;
    in.len = l->len;
    in.offset = l->lineno;
    in.timestamp_ms = -1;
    ne_buf_reset(&l->out);
    l->err = ne_processor_run(proc, &in, res);
    if (l->err) {
        ne_error_record(&l->out, l->lineno, l->err, ne_result_reason(res));
    } else {
        const ne_outputs_t *out = ne_result_outputs(res);
        const ne_outrec_t *r = &out->recs[0]; /* the enriched record */
        ne_buf_append(&l->out, out->data + r->value_off, r->value_len);
    }
    ne_buf_putc(&l->out, '\n');
}

static void batch_drain(proc_batch_t *b, ne_result_t *res)
{
    size_t i;
    while ((i = atomic_fetch_add(&b->next, 1)) < b->cnt)
        process_line(b->proc, res, &b->lines[i]);
}

static void *batch_worker(void *arg)
{
    ne_result_t *res = ne_result_new();
    batch_drain(arg, res);
    ne_result_destroy(res);
    return NULL;
}

/* Process the batch on `threads` threads; the caller is one of them, with
 * its own result (kept across batches: one line per batch when streaming). */
static void run_batch(proc_batch_t *b, int threads, ne_result_t *res)
{
    pthread_t tids[256];
    int started = 0, t;

    atomic_store(&b->next, 0);
    for (t = 1; t < threads && (size_t)t < b->cnt &&
                t < (int)NE_ARRAY_SIZE(tids);
         t++)
        if (pthread_create(&tids[started], NULL, batch_worker, b) == 0)
            started++;
    batch_drain(b, res);
    for (t = 0; t < started; t++)
        pthread_join(tids[t], NULL);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct proc_stats_s {
    int64_t articles, rejected;
    int64_t by_class[NE_ERR__CNT];
    uint64_t bytes;
    double start, last_progress;
} proc_stats_t;

static void progress(const proc_stats_t *st, int final)
{
    double secs = now_s() - st->start;
    double mb = (double)st->bytes / 1e6;
    fprintf(stderr, "\r%lld articles, %lld rejected, %.1f MB, %.2f MB/s%s",
            (long long)st->articles, (long long)st->rejected, mb,
            secs > 0 ? mb / secs : 0.0, final ? "\n" : "");
}

/* The closing line: articles, rejected by class, throughput. */
static void summary(const proc_stats_t *st, int threads)
{
    double secs = now_s() - st->start;
    double mb = (double)st->bytes / 1e6;
    int i, first = 1;

    fprintf(stderr, "newsenrich process: %lld articles, %lld enriched, "
                    "%lld rejected",
            (long long)st->articles, (long long)(st->articles - st->rejected),
            (long long)st->rejected);
    for (i = 0; i < NE_ERR__CNT; i++)
        if (st->by_class[i]) {
            fprintf(stderr, "%s%s %lld", first ? " (" : ", ",
                    ne_err2str((ne_err_t)i), (long long)st->by_class[i]);
            first = 0;
        }
    fprintf(stderr, "%s; %.2f MB in %.2f s, %.2f MB/s on %d thread%s\n",
            first ? "" : ")", mb, secs, secs > 0 ? mb / secs : 0.0, threads,
            threads == 1 ? "" : "s");
}

int ne_cli_process(const ne_cli_opts_t *opts)
{
    ne_config_t *conf;
    ne_processor_t *proc;
    proc_batch_t batch;
    proc_stats_t st;
    ne_result_t *res;
    int threads, rc = 0, tty = isatty(STDERR_FILENO);
    int64_t lineno = 0;
    size_t i, batch_max;
    int eof = 0;

    if (!(conf = ne_cli_load_config(opts->config_path)))
        return 2;
    if (!(proc = ne_cli_processor_new(conf))) {
        ne_config_destroy(conf);
        return 2;
    }
    /* one thread unless asked: a filter in a pipe answers each line as it
     * comes, and processing.threads is the daemon's setting */
    threads = opts->threads > 0 ? opts->threads : 1;
    memset(&st, 0, sizeof(st));
    st.start = st.last_progress = now_s();
    memset(&batch, 0, sizeof(batch));
    batch.proc = proc;
    res = ne_result_new();
    batch.lines = ne_calloc(BATCH_LINES, sizeof(proc_line_t));
    for (i = 0; i < BATCH_LINES; i++)
        ne_buf_init(&batch.lines[i].out);

    batch_max = threads > 1 ? BATCH_LINES : 1;
    while (!eof) {
        batch.cnt = 0;
        while (batch.cnt < batch_max) {
            proc_line_t *l = &batch.lines[batch.cnt];
            ssize_t n = getline(&l->text, &l->cap, stdin);
            if (n < 0) {
                eof = 1;
                break;
            }
            st.bytes += (uint64_t)n;
            if (n > 0 && l->text[n - 1] == '\n')
                n--;
            l->len = (size_t)n;
            l->lineno = ++lineno;
            batch.cnt++;
        }
        run_batch(&batch, threads, res);
        for (i = 0; i < batch.cnt; i++) {
            proc_line_t *l = &batch.lines[i];
            fwrite(l->out.data, 1, l->out.len, stdout);
            st.articles++;
            if (l->err) {
                st.rejected++;
                st.by_class[l->err]++;
            }
        }
        if (tty && now_s() - st.last_progress >= PROGRESS_INTERVAL_S) {
            progress(&st, 0);
            st.last_progress = now_s();
        }
    }
    if (ferror(stdin)) {
        NE_LOG(NE_LOG_ERROR, "cli", "stdin_error", "reading stdin failed");
        rc = 1;
    }
    if (fflush(stdout) != 0)
        rc = 1;
    if (tty)
        progress(&st, 1);
    summary(&st, threads);
    for (i = 0; i < BATCH_LINES; i++) {
        free(batch.lines[i].text);
        ne_buf_free(&batch.lines[i].out);
    }
    free(batch.lines);
    ne_result_destroy(res);
    ne_processor_destroy(proc);
    ne_config_destroy(conf);
    return rc;
}
