/*
 * newsenrich - the processor thread pool.
 *
 * The main thread submits jobs; N threads run the processor on them and
 * put them on a done list; the main thread collects the done list. An
 * eventfd becomes readable whenever the done list turns non-empty, so the
 * main loop can wait on it together with Kafka's queues.
 */
#ifndef NE_WORKERS_H
#define NE_WORKERS_H

#include "job.h"

typedef struct ne_workers_s ne_workers_t;

/* Start a pool of threads processor threads. proc is borrowed and must
 * outlive the pool. Returns NULL with the reason in errstr when a thread
 * or the eventfd cannot be created (threads already started are joined). */
ne_workers_t *ne_workers_new(int threads, const ne_processor_t *proc,
                             char *errstr, size_t errstr_size);
/* Stops the threads after their current job; queued and done jobs are
 * destroyed. Accepts NULL. */
void ne_workers_destroy(ne_workers_t *w);

/* Queue a job (takes ownership). Never blocks: the caller bounds the queue
 * by pausing consumption. */
void ne_workers_submit(ne_workers_t *w, ne_job_t *job);

/* Take every finished job (a linked list through ->next, in completion
 * order), NULL when none. Clears the eventfd. */
ne_job_t *ne_workers_take_done(ne_workers_t *w);

/* Remove queued, not yet started jobs for which pred() is true and return
 * them as a list (caller owns them). */
ne_job_t *ne_workers_cancel(ne_workers_t *w,
                            int (*pred)(const ne_job_t *job, void *opaque),
                            void *opaque);

size_t ne_workers_queued(ne_workers_t *w);  /* waiting for a thread */
size_t ne_workers_busy(ne_workers_t *w);    /* queued + being processed */
int ne_workers_fd(ne_workers_t *w);         /* readable: done list non-empty */

#endif
