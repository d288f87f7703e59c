/*
 * newsenrich - a growable byte buffer and a streaming JSON writer on it.
 *
 * Output records are written straight into one reusable buffer per worker
 * instead of building a jansson tree: no allocation per field, and the
 * buffer keeps its capacity from article to article.
 */
#ifndef NE_BUF_H
#define NE_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct ne_buf_s {
    char *data;  /* always NUL-terminated when len > 0 or cap > 0 */
    size_t len;
    size_t cap;
} ne_buf_t;

void ne_buf_init(ne_buf_t *b);
void ne_buf_free(ne_buf_t *b);          /* releases memory; b is reusable */
void ne_buf_reset(ne_buf_t *b);         /* len = 0, capacity kept */
void ne_buf_reserve(ne_buf_t *b, size_t extra);
void ne_buf_append(ne_buf_t *b, const void *p, size_t n);
void ne_buf_puts(ne_buf_t *b, const char *s);
void ne_buf_putc(ne_buf_t *b, char c);
void ne_buf_printf(ne_buf_t *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Hand the bytes to the caller (caller frees with free()); b becomes empty. */
char *ne_buf_detach(ne_buf_t *b, size_t *lenp);

/*
 * JSON writer. Commas are inserted automatically: the writer remembers
 * whether the current container already has a member. Strings must be
 * valid UTF-8 (the processor validates input before it writes).
 */
#define NE_JSONW_MAX_DEPTH 32

typedef struct ne_jsonw_s {
    ne_buf_t *b;
    int depth;
    uint8_t has_member[NE_JSONW_MAX_DEPTH];
} ne_jsonw_t;

void ne_jsonw_init(ne_jsonw_t *w, ne_buf_t *b);
void ne_jsonw_obj_open(ne_jsonw_t *w);
void ne_jsonw_obj_close(ne_jsonw_t *w);
void ne_jsonw_arr_open(ne_jsonw_t *w);
void ne_jsonw_arr_close(ne_jsonw_t *w);
/* Object member name; the value call that follows writes its value. */
void ne_jsonw_key(ne_jsonw_t *w, const char *key);
void ne_jsonw_str(ne_jsonw_t *w, const char *s);
void ne_jsonw_strn(ne_jsonw_t *w, const char *s, size_t n);
void ne_jsonw_int(ne_jsonw_t *w, int64_t v);
void ne_jsonw_double(ne_jsonw_t *w, double v, int decimals);
void ne_jsonw_bool(ne_jsonw_t *w, int v);
void ne_jsonw_null(ne_jsonw_t *w);
/* A pre-encoded JSON value, copied as is. */
void ne_jsonw_raw(ne_jsonw_t *w, const char *json, size_t n);

/* Append s (n bytes) JSON-escaped, without the surrounding quotes. */
void ne_json_escape(ne_buf_t *b, const char *s, size_t n);

#endif
