/*
 * newsenrich - growable buffer and streaming JSON writer.
 */
#include "buf.h"
#include "ne.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ne_buf_init(ne_buf_t *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void ne_buf_free(ne_buf_t *b)
{
    free(b->data);
    ne_buf_init(b);
}

void ne_buf_reset(ne_buf_t *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void ne_buf_reserve(ne_buf_t *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need < b->len)
        ne_oom();
    if (need > b->cap) {
        NE_GROW(b->data, b->cap, need);
        b->data[b->len] = '\0'; /* the buffer is always a C string */
    }
}

void ne_buf_append(ne_buf_t *b, const void *p, size_t n)
{
    ne_buf_reserve(b, n);
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void ne_buf_puts(ne_buf_t *b, const char *s)
{
    ne_buf_append(b, s, strlen(s));
}

void ne_buf_putc(ne_buf_t *b, char c)
{
    ne_buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void ne_buf_printf(ne_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    ne_buf_reserve(b, 64);
    va_start(ap, fmt);
    n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= b->cap - b->len) {
        ne_buf_reserve(b, (size_t)n);
        va_start(ap, fmt);
        vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
}

char *ne_buf_detach(ne_buf_t *b, size_t *lenp)
{
    char *p;
    if (!b->data)
        ne_buf_reserve(b, 0);
    p = b->data;
    if (lenp)
        *lenp = b->len;
    ne_buf_init(b);
    return p;
}

void ne_json_escape(ne_buf_t *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t i, run = 0;

    /* Worst case 6 output bytes per input byte; reserve per run instead. */
    ne_buf_reserve(b, n + 8);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char ubuf[6];

        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        if (i > run)
            ne_buf_append(b, s + run, i - run);
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        default:
            ubuf[0] = '\\';
            ubuf[1] = 'u';
            ubuf[2] = '0';
            ubuf[3] = '0';
            ubuf[4] = hex[c >> 4];
            ubuf[5] = hex[c & 15];
            ne_buf_append(b, ubuf, 6);
            break;
        }
        if (esc)
            ne_buf_append(b, esc, strlen(esc));
        run = i + 1;
    }
    if (n > run)
        ne_buf_append(b, s + run, n - run);
}

void ne_jsonw_init(ne_jsonw_t *w, ne_buf_t *b)
{
    w->b = b;
    w->depth = 0;
    w->has_member[0] = 0;
}

/* Comma before a value in an array, or before a key in an object. */
static void jsonw_sep(ne_jsonw_t *w)
{
    if (w->has_member[w->depth])
        ne_buf_putc(w->b, ',');
    w->has_member[w->depth] = 1;
}

static void jsonw_open(ne_jsonw_t *w, char c)
{
    ne_buf_putc(w->b, c);
    if (w->depth + 1 >= NE_JSONW_MAX_DEPTH)
        abort(); /* a programming error: records are shallow */
    w->has_member[++w->depth] = 0;
}

void ne_jsonw_key(ne_jsonw_t *w, const char *key)
{
    jsonw_sep(w);
    ne_buf_putc(w->b, '"');
    ne_json_escape(w->b, key, strlen(key));
    ne_buf_append(w->b, "\":", 2);
    /* mark so that the value call does not add a separator */
    w->has_member[w->depth] |= 2;
}

/* Called before every value: in an object the key has already placed the
 * separator (flag 2); in an array or at top level place it now. */
static void jsonw_value(ne_jsonw_t *w)
{
    if (w->has_member[w->depth] & 2)
        w->has_member[w->depth] = 1;
    else
        jsonw_sep(w);
}

void ne_jsonw_obj_open(ne_jsonw_t *w)
{
    jsonw_value(w);
    jsonw_open(w, '{');
}

void ne_jsonw_obj_close(ne_jsonw_t *w)
{
    w->depth--;
    ne_buf_putc(w->b, '}');
}

void ne_jsonw_arr_open(ne_jsonw_t *w)
{
    jsonw_value(w);
    jsonw_open(w, '[');
}

void ne_jsonw_arr_close(ne_jsonw_t *w)
{
    w->depth--;
    ne_buf_putc(w->b, ']');
}

void ne_jsonw_strn(ne_jsonw_t *w, const char *s, size_t n)
{
    jsonw_value(w);
    ne_buf_putc(w->b, '"');
    ne_json_escape(w->b, s, n);
    ne_buf_putc(w->b, '"');
}

void ne_jsonw_str(ne_jsonw_t *w, const char *s)
{
    if (!s) {
        ne_jsonw_null(w);
        return;
    }
    ne_jsonw_strn(w, s, strlen(s));
}

void ne_jsonw_int(ne_jsonw_t *w, int64_t v)
{
    /* digits from the right: snprintf's format parsing is most of the
     * cost of the many offsets a record holds */
    char tmp[24], *p = tmp + sizeof(tmp);
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    jsonw_value(w);
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    ne_buf_append(w->b, p, (size_t)(tmp + sizeof(tmp) - p));
}

void ne_jsonw_double(ne_jsonw_t *w, double v, int decimals)
{
    char tmp[64];
    int n;
    jsonw_value(w);
    if (!isfinite(v)) {
        /* JSON has no NaN/Inf; a non-finite number is a bug upstream,
         * but the record must stay valid JSON */
        ne_buf_append(w->b, "null", 4);
        return;
    }
    if (fabs(v) >= 1e15) {
        /* %f of a huge value does not fit tmp; the exponent form does and
         * has no fraction zeros to trim */
        n = snprintf(tmp, sizeof(tmp), "%.15g", v);
        ne_buf_append(w->b, tmp, (size_t)n);
        return;
    }
    if (v == floor(v))
        n = snprintf(tmp, sizeof(tmp), "%.0f", v);
    else
        n = snprintf(tmp, sizeof(tmp), "%.*f", decimals, v);
    /* trim trailing zeros of the fraction: 0.310 -> 0.31 */
    if (memchr(tmp, '.', (size_t)n)) {
        while (n > 1 && tmp[n - 1] == '0')
            n--;
        if (tmp[n - 1] == '.')
            n--;
    }
    ne_buf_append(w->b, tmp, (size_t)n);
}

void ne_jsonw_bool(ne_jsonw_t *w, int v)
{
    jsonw_value(w);
    ne_buf_puts(w->b, v ? "true" : "false");
}

void ne_jsonw_null(ne_jsonw_t *w)
{
    jsonw_value(w);
    ne_buf_append(w->b, "null", 4);
}

void ne_jsonw_raw(ne_jsonw_t *w, const char *json, size_t n)
{
    jsonw_value(w);
    ne_buf_append(w->b, json, n);
}
