/*
 * newsenrich - per-partition in-order offset watermark.
 *
 * A ring buffer of (offset, done) in consumption order. done() finds the
 * entry by binary search (offsets increase along the ring) and pops the
 * finished prefix; each entry is pushed and popped once, so the cost is
 * O(log n) per message.
 */
#include "offsets.h"
#include "../common/ne.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    int64_t offset;
    int done;
} ne_slot_t;

struct ne_offsets_s {
    ne_slot_t *ring;
    size_t cap;   /* power of two */
    size_t head;  /* index of the oldest entry */
    size_t cnt;
    int64_t watermark;
};

ne_offsets_t *ne_offsets_new(void)
{
    ne_offsets_t *ot = ne_calloc(1, sizeof(*ot));
    ot->cap = 64;
    ot->ring = ne_calloc(ot->cap, sizeof(ne_slot_t));
    ot->watermark = -1;
    return ot;
}

void ne_offsets_destroy(ne_offsets_t *ot)
{
    if (!ot)
        return;
    free(ot->ring);
    free(ot);
}

static ne_slot_t *slot(const ne_offsets_t *ot, size_t i)
{
    return &ot->ring[(ot->head + i) & (ot->cap - 1)];
}

void ne_offsets_track(ne_offsets_t *ot, int64_t offset)
{
    if (ot->cnt == ot->cap) {
        /* grow: unroll the ring into a new array twice the size */
        ne_slot_t *nr = ne_calloc(ot->cap * 2, sizeof(ne_slot_t));
        size_t i;
        for (i = 0; i < ot->cnt; i++)
            nr[i] = *slot(ot, i);
        free(ot->ring);
        ot->ring = nr;
        ot->head = 0;
        ot->cap *= 2;
    }
    slot(ot, ot->cnt)->offset = offset;
    slot(ot, ot->cnt)->done = 0;
    ot->cnt++;
}

int ne_offsets_done(ne_offsets_t *ot, int64_t offset)
{
    size_t lo = 0, hi = ot->cnt;
    int moved = 0;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (slot(ot, mid)->offset < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == ot->cnt || slot(ot, lo)->offset != offset || slot(ot, lo)->done)
        return -1;
    slot(ot, lo)->done = 1;
    while (ot->cnt && slot(ot, 0)->done) {
        ot->watermark = slot(ot, 0)->offset + 1;
        ot->head = (ot->head + 1) & (ot->cap - 1);
        ot->cnt--;
        moved = 1;
    }
    return moved;
}

int64_t ne_offsets_watermark(const ne_offsets_t *ot)
{
    return ot->watermark;
}

size_t ne_offsets_pending(const ne_offsets_t *ot)
{
    return ot->cnt;
}

void ne_offsets_reset(ne_offsets_t *ot)
{
    ot->head = 0;
    ot->cnt = 0;
    ot->watermark = -1;
}
