/*
 * newsenrich - the processor thread pool.
 */
#include "workers.h"
#include "../common/log.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

struct ne_workers_s {
    const ne_processor_t *proc;
    pthread_t *threads;
    int thread_cnt;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    ne_job_t *q_head, *q_tail;  /* waiting */
    size_t queued;
    size_t running;
    ne_job_t *d_head, *d_tail;  /* finished */
    int efd;
    int stopping;
};

void ne_job_destroy(ne_job_t *job)
{
    if (!job)
        return;
    if (job->msg)
        rd_kafka_message_destroy(job->msg);
    ne_outputs_free(&job->out);
    free(job);
}

/* Content-Type header of the message, if any (borrowed, NUL-terminated
 * copy in buf). */
static const char *content_type(const rd_kafka_message_t *msg, char *buf,
                                size_t size)
{
    rd_kafka_headers_t *hdrs = NULL;
    const void *val;
    size_t len;

    if (rd_kafka_message_headers(msg, &hdrs) || !hdrs)
        return NULL;
    if (rd_kafka_header_get_last(hdrs, "content-type", &val, &len) &&
        rd_kafka_header_get_last(hdrs, "Content-Type", &val, &len))
        return NULL;
    if (!val)
        return NULL;
    if (len >= size)
        len = size - 1;
    memcpy(buf, val, len);
    buf[len] = '\0';
    return buf;
}

static void process_job(const ne_processor_t *proc, ne_result_t *res,
                        ne_job_t *job)
{
    ne_input_t in;
    char ctbuf[128];
    rd_kafka_timestamp_type_t tstype;

    memset(&in, 0, sizeof(in));
    in.payload = job->msg->payload;
    in.len = job->msg->len;
    in.content_type = content_type(job->msg, ctbuf, sizeof(ctbuf));
    in.topic = rd_kafka_topic_name(job->msg->rkt);
    in.partition = job->msg->partition;
    in.offset = job->msg->offset;
    in.timestamp_ms = rd_kafka_message_timestamp(job->msg, &tstype);

    job->err = ne_processor_run(proc, &in, res);
    job->stats = *ne_result_stats(res);
    if (job->err) {
        snprintf(job->reason, sizeof(job->reason), "%s",
                 ne_result_reason(res));
        return;
    }
    ne_result_detach(res, &job->out);
}

static void *worker_main(void *arg)
{
    ne_workers_t *w = arg;
    ne_result_t *res = ne_result_new();

    /* top -H and /proc/<pid>/task tell processing from Kafka work */
    pthread_setname_np(pthread_self(), "ne:processor");

    pthread_mutex_lock(&w->lock);
    for (;;) {
        ne_job_t *job;
        while (!w->q_head && !w->stopping)
            pthread_cond_wait(&w->cond, &w->lock);
        if (w->stopping)
            break;
        job = w->q_head;
        w->q_head = job->next;
        if (!w->q_head)
            w->q_tail = NULL;
        w->queued--;
        w->running++;
        pthread_mutex_unlock(&w->lock);

        job->next = NULL;
        process_job(w->proc, res, job);

        pthread_mutex_lock(&w->lock);
        w->running--;
        if (w->d_tail)
            w->d_tail->next = job;
        else {
            uint64_t one = 1;
            ssize_t r;
            w->d_head = job;
            /* the done list turned non-empty: wake the main loop */
            r = write(w->efd, &one, sizeof(one));
            (void)r;
        }
        w->d_tail = job;
    }
    pthread_mutex_unlock(&w->lock);
    ne_result_destroy(res);
    return NULL;
}

ne_workers_t *ne_workers_new(int threads, const ne_processor_t *proc,
                             char *errstr, size_t errstr_size)
{
    ne_workers_t *w = ne_calloc(1, sizeof(*w));
    int i, r;

    w->proc = proc;
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->cond, NULL);
    w->threads = ne_calloc((size_t)threads, sizeof(pthread_t));
    w->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (w->efd < 0) {
        snprintf(errstr, errstr_size, "cannot create the workers' eventfd: "
                 "%s", strerror(errno));
        goto fail;
    }
    for (i = 0; i < threads; i++) {
        /* EAGAIN under a pids limit or when a stack cannot be mapped: a
         * resource error of this host, reported, not a crash */
        if ((r = pthread_create(&w->threads[i], NULL, worker_main, w))) {
            snprintf(errstr, errstr_size, "cannot start processor thread %d "
                     "of %d: %s", i + 1, threads, strerror(r));
            goto fail;
        }
        w->thread_cnt++;
    }
    return w;
fail:
    ne_workers_destroy(w); /* joins the threads already started */
    return NULL;
}

static void destroy_list(ne_job_t *j)
{
    while (j) {
        ne_job_t *next = j->next;
        ne_job_destroy(j);
        j = next;
    }
}

void ne_workers_destroy(ne_workers_t *w)
{
    int i;
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stopping = 1;
    pthread_cond_broadcast(&w->cond);
    pthread_mutex_unlock(&w->lock);
    for (i = 0; i < w->thread_cnt; i++)
        pthread_join(w->threads[i], NULL);
    destroy_list(w->q_head);
    destroy_list(w->d_head);
    if (w->efd >= 0)
        close(w->efd);
    pthread_cond_destroy(&w->cond);
    pthread_mutex_destroy(&w->lock);
    free(w->threads);
    free(w);
}

void ne_workers_submit(ne_workers_t *w, ne_job_t *job)
{
    job->next = NULL;
    pthread_mutex_lock(&w->lock);
    if (w->q_tail)
        w->q_tail->next = job;
    else
        w->q_head = job;
    w->q_tail = job;
    w->queued++;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

ne_job_t *ne_workers_take_done(ne_workers_t *w)
{
    ne_job_t *list;
    uint64_t v;
    ssize_t r;

    pthread_mutex_lock(&w->lock);
    list = w->d_head;
    w->d_head = w->d_tail = NULL;
    r = read(w->efd, &v, sizeof(v)); /* clear; EAGAIN when already clear */
    (void)r;
    pthread_mutex_unlock(&w->lock);
    return list;
}

ne_job_t *ne_workers_cancel(ne_workers_t *w,
                            int (*pred)(const ne_job_t *job, void *opaque),
                            void *opaque)
{
    ne_job_t *out = NULL, **outp = &out, **pp, *j;

    pthread_mutex_lock(&w->lock);
    pp = &w->q_head;
    w->q_tail = NULL;
    while ((j = *pp)) {
        if (pred(j, opaque)) {
            *pp = j->next;
            j->next = NULL;
            *outp = j;
            outp = &j->next;
            w->queued--;
        } else {
            w->q_tail = j;
            pp = &j->next;
        }
    }
    pthread_mutex_unlock(&w->lock);
    return out;
}

size_t ne_workers_queued(ne_workers_t *w)
{
    size_t n;
    pthread_mutex_lock(&w->lock);
    n = w->queued;
    pthread_mutex_unlock(&w->lock);
    return n;
}

size_t ne_workers_busy(ne_workers_t *w)
{
    size_t n;
    pthread_mutex_lock(&w->lock);
    n = w->queued + w->running;
    pthread_mutex_unlock(&w->lock);
    return n;
}

int ne_workers_fd(ne_workers_t *w)
{
    return w->efd;
}
