/*
 * Record files of bench/gen_articles.py: "NEREC1\n", then per record a
 * 4-byte little-endian length and the payload bytes.
 */
#ifndef NE_BENCH_RECFILE_H
#define NE_BENCH_RECFILE_H

#include <stddef.h>

typedef struct ne_rec_s {
    const unsigned char *p;
    size_t len;
} ne_rec_t;

/* Read path into memory and index its records, at most max (0: all).
 * Exits with a message on any error. The memory lives until exit. */
ne_rec_t *ne_recfile_load(const char *path, size_t max, size_t *cnt);

#endif
