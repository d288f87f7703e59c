/*
 * Record files of bench/gen_articles.py.
 */
#include "recfile.h"
#include "../common/ne.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *path, const char *why)
{
    fprintf(stderr, "bench: %s: %s\n", path, why);
    exit(1);
}

ne_rec_t *ne_recfile_load(const char *path, size_t max, size_t *cnt)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data;
    ne_rec_t *recs = NULL;
    size_t len, off = 7, cap = 0, n = 0;
    long sz;

    if (!f)
        die(path, "cannot open");
    fseek(f, 0, SEEK_END);
    sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    data = ne_malloc((size_t)sz + 1);
    len = fread(data, 1, (size_t)sz, f);
    fclose(f);
    if (len < 7 || memcmp(data, "NEREC1\n", 7))
        die(path, "not a NEREC1 record file");
    while (off + 4 <= len && (!max || n < max)) {
        uint32_t rl = (uint32_t)data[off] | (uint32_t)data[off + 1] << 8 |
                      (uint32_t)data[off + 2] << 16 |
                      (uint32_t)data[off + 3] << 24;
        if (off + 4 + rl > len)
            die(path, "truncated");
        NE_GROW(recs, cap, n + 1);
        recs[n].p = data + off + 4;
        recs[n].len = rl;
        n++;
        off += 4 + rl;
    }
    if (!n)
        die(path, "no records");
    *cnt = n;
    return recs;
}
