/*
 * newsenrich - shared basics: the error enum, allocation, small helpers.
 *
 * Every module includes this header. Allocation failure aborts (one place,
 * ne_oom()); every other error is a value the caller routes.
 */
#ifndef NE_H
#define NE_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

/* From project(VERSION) in CMakeLists.txt; the fallback is for builds
 * outside CMake. */
#ifndef NE_VERSION
#define NE_VERSION "0.0.0"
#endif

/* The one error enum. Per-message errors (the DLQ classes) come first so
 * that their names double as the `error` field of DLQ records and of the
 * `process` error lines. */
typedef enum ne_err_e {
    NE_OK = 0,
    /* per-message: the input cannot be processed, route it to the DLQ */
    NE_ERR_TOO_LARGE,              /* payload over max_message_bytes */
    NE_ERR_DECOMPRESSED_TOO_LARGE, /* inflated size over the cap */
    NE_ERR_BAD_COMPRESSION,        /* gzip/zlib stream corrupt or truncated */
    NE_ERR_INVALID_JSON,           /* looks like or is declared JSON, is not */
    NE_ERR_NOT_AN_OBJECT,          /* JSON, but not an object */
    NE_ERR_MISSING_BODY,           /* no "body" key */
    NE_ERR_EMPTY_BODY,             /* body empty or only whitespace */
    NE_ERR_WRONG_TYPE,             /* a known field has the wrong JSON type */
    NE_ERR_INVALID_UTF8,           /* text is not valid UTF-8 */
    NE_ERR_OUTPUT_TOO_LARGE,       /* an output record is over the limit */
    NE_ERR_PROCESSING,             /* the processor failed on valid input */
    /* not per-message */
    NE_ERR_CONFIG,                 /* bad configuration: exit 2 */
    NE_ERR_USAGE,                  /* bad command line: exit 2 */
    NE_ERR_IO,                     /* file or socket error */
    NE_ERR_MODEL,                  /* model file missing, corrupt, wrong version */
    NE_ERR_KAFKA,                  /* Kafka client error */
    NE_ERR_FATAL,                  /* unrecoverable runtime error: exit 1 */
    NE_ERR__CNT
} ne_err_t;

/* Number of per-message error classes: NE_ERR_TOO_LARGE..NE_ERR_PROCESSING. */
#define NE_ERR_MSG_FIRST NE_ERR_TOO_LARGE
#define NE_ERR_MSG_LAST  NE_ERR_PROCESSING

/* Short stable name of an error ("invalid_utf8"); used as the DLQ `error`
 * header and the metrics `reason` label. Never NULL. */
const char *ne_err2str(ne_err_t err);

/* Allocation: never returns NULL; aborts the process when memory runs out. */
void *ne_malloc(size_t size);
void *ne_calloc(size_t n, size_t size);
/* ne_calloc for a large table read at random (model weights, caches): on
 * 2 MB boundaries and marked for transparent huge pages where the system
 * has them, so that lookups miss the TLB less. Free with free(). */
void *ne_calloc_huge(size_t n, size_t size);
void *ne_realloc(void *ptr, size_t size);
char *ne_strdup(const char *s);
char *ne_strndup(const char *s, size_t len);
void ne_oom(void) __attribute__((noreturn));

/* Grow *arrp (elements of elsize) so that it holds at least need elements;
 * capacity in *capp. Doubling; aborts on overflow. */
void ne_grow(void **arrp, size_t *capp, size_t need, size_t elsize);
#define NE_GROW(arr, cap, need) \
    ne_grow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

/* snprintf into an error buffer; safe with errstr == NULL. */
void ne_errf(char *errstr, size_t errstr_size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Read the whole file at path into *data (NUL-terminated, *len bytes
 * without it; the caller frees). On error -1 and errstr "<what> <path>:
 * cannot open: ...", "cannot read" or "short read". */
int ne_file_read(const char *what, const char *path, unsigned char **data,
                 size_t *len, char *errstr, size_t errstr_size);

/* A 64-bit finaliser (splitmix64's): spreads every input bit over the
 * output, for hashed feature keys and hash-table slots. */
static inline uint64_t ne_mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/* Monotonic and wall clocks. */
int64_t ne_now_us(void);      /* monotonic microseconds */
int64_t ne_wallclock_ms(void); /* milliseconds since the epoch */

#define NE_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NE_MIN(a, b) ((a) < (b) ? (a) : (b))
#define NE_MAX(a, b) ((a) > (b) ? (a) : (b))

#endif
