/*
 * newsenrich - per-partition in-order offset watermark.
 *
 * Messages of one partition are consumed in offset order but may finish
 * (all outputs acknowledged) in any order. The tracker remembers every
 * consumed, unfinished offset of a partition in consumption order and
 * advances the commit watermark only across a contiguous run of finished
 * ones, so an unacknowledged message is never committed past.
 *
 * Not thread-safe: owned by the pipeline's main thread.
 */
#ifndef NE_OFFSETS_H
#define NE_OFFSETS_H

#include <stddef.h>
#include <stdint.h>

typedef struct ne_offsets_s ne_offsets_t;

ne_offsets_t *ne_offsets_new(void);
void ne_offsets_destroy(ne_offsets_t *ot); /* accepts NULL */

/* A message at `offset` was consumed. Offsets must increase. */
void ne_offsets_track(ne_offsets_t *ot, int64_t offset);

/* The message at `offset` is finished. Returns 1 when the watermark moved
 * (read it with ne_offsets_watermark()), 0 when not, -1 when offset is not
 * tracked (a programming error or a duplicate report). */
int ne_offsets_done(ne_offsets_t *ot, int64_t offset);

/* Next offset to commit: one past the last offset of the finished prefix;
 * -1 while nothing has finished yet. */
int64_t ne_offsets_watermark(const ne_offsets_t *ot);

/* Consumed but not finished messages. */
size_t ne_offsets_pending(const ne_offsets_t *ot);

/* Forget everything (after a rewind or a revoke). */
void ne_offsets_reset(ne_offsets_t *ot);

#endif
