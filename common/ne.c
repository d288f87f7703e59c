/*
 * newsenrich - error names, allocation, clocks.
 */
#define _POSIX_C_SOURCE 200809L
#include "ne.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *ne_err_names[NE_ERR__CNT] = {
    [NE_OK] = "ok",
    [NE_ERR_TOO_LARGE] = "too_large",
    [NE_ERR_DECOMPRESSED_TOO_LARGE] = "decompressed_too_large",
    [NE_ERR_BAD_COMPRESSION] = "bad_compression",
    [NE_ERR_INVALID_JSON] = "invalid_json",
    [NE_ERR_NOT_AN_OBJECT] = "not_an_object",
    [NE_ERR_MISSING_BODY] = "missing_body",
    [NE_ERR_EMPTY_BODY] = "empty_body",
    [NE_ERR_WRONG_TYPE] = "wrong_type",
    [NE_ERR_INVALID_UTF8] = "invalid_utf8",
    [NE_ERR_OUTPUT_TOO_LARGE] = "output_too_large",
    [NE_ERR_PROCESSING] = "processing_failed",
    [NE_ERR_CONFIG] = "config",
    [NE_ERR_USAGE] = "usage",
    [NE_ERR_IO] = "io",
    [NE_ERR_MODEL] = "model",
    [NE_ERR_KAFKA] = "kafka",
    [NE_ERR_FATAL] = "fatal",
};

const char *ne_err2str(ne_err_t err)
{
    if ((int)err < 0 || err >= NE_ERR__CNT || !ne_err_names[err])
        return "unknown";
    return ne_err_names[err];
}

void ne_oom(void)
{
    /* write(2) rather than stdio: the heap is exhausted */
    static const char msg[] = "{\"level\":\"fatal\",\"event\":\"out_of_memory\"}\n";
    ssize_t r = write(2, msg, sizeof(msg) - 1);
    (void)r;
    abort();
}

void *ne_malloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        ne_oom();
    return p;
}

#define NE_HUGE_PAGE ((size_t)2 << 20)

void *ne_calloc_huge(size_t n, size_t size)
{
    size_t len;
    void *p;
    if (size && n > SIZE_MAX / size)
        ne_oom();
    len = n * size;
    if (len < NE_HUGE_PAGE / 2)
        return ne_calloc(n, size);
    len = (len + NE_HUGE_PAGE - 1) & ~(NE_HUGE_PAGE - 1);
    if (posix_memalign(&p, NE_HUGE_PAGE, len))
        ne_oom();
#ifdef MADV_HUGEPAGE
    madvise(p, len, MADV_HUGEPAGE); /* advice only: fine if refused */
#endif
    memset(p, 0, len);
    return p;
}

void *ne_calloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        ne_oom();
    return p;
}

void *ne_realloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        ne_oom();
    return p;
}

char *ne_strdup(const char *s)
{
    return ne_strndup(s, strlen(s));
}

char *ne_strndup(const char *s, size_t len)
{
    char *p = ne_malloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void ne_grow(void **arrp, size_t *capp, size_t need, size_t elsize)
{
    size_t cap = *capp;
    if (need <= cap)
        return;
    if (cap < 16)
        cap = 16;
    while (cap < need) {
        if (cap > SIZE_MAX / 2 / elsize)
            ne_oom();
        cap *= 2;
    }
    *arrp = ne_realloc(*arrp, cap * elsize);
    *capp = cap;
}

void ne_errf(char *errstr, size_t errstr_size, const char *fmt, ...)
{
    va_list ap;
    if (!errstr || !errstr_size)
        return;
    va_start(ap, fmt);
    vsnprintf(errstr, errstr_size, fmt, ap);
    va_end(ap);
}

int64_t ne_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t ne_wallclock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int ne_file_read(const char *what, const char *path, unsigned char **data,
                 size_t *len, char *errstr, size_t errstr_size)
{
    FILE *f = fopen(path, "rb");
    long sz;

    *data = NULL;
    *len = 0;
    if (!f) {
        ne_errf(errstr, errstr_size, "%s %s: cannot open: %s", what, path,
                strerror(errno));
        return -1;
    }
    if (fseek(f, 0, SEEK_END) || (sz = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET)) {
        ne_errf(errstr, errstr_size, "%s %s: cannot read: %s", what, path,
                strerror(errno));
        fclose(f);
        return -1;
    }
    *data = ne_malloc((size_t)sz + 1);
    *len = fread(*data, 1, (size_t)sz, f);
    fclose(f);
    if (*len != (size_t)sz) {
        ne_errf(errstr, errstr_size, "%s %s: short read", what, path);
        free(*data);
        *data = NULL;
        return -1;
    }
    (*data)[*len] = '\0';
    return 0;
}
