/*
 * newsenrich - input decoding.
 *
 * Order of checks: raw size cap, decompression (gzip or zlib magic), UTF-8,
 * then JSON or plain text. A payload is JSON when its Content-Type says so
 * or when its first non-blank byte is '{'; a JSON payload that does not
 * parse is rejected rather than taken as text, because publishing a broken
 * JSON document as an article body would garble it.
 */
#include "decode.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

void ne_decoder_init(ne_decoder_t *dec)
{
    ne_buf_init(&dec->inflated);
    ne_buf_init(&dec->idbuf);
    ne_buf_init(&dec->strings);
    dec->json_only = 0;
    dec->json_root = NULL;
}

void ne_decoder_free(ne_decoder_t *dec)
{
    ne_buf_free(&dec->inflated);
    ne_buf_free(&dec->idbuf);
    ne_buf_free(&dec->strings);
    if (dec->json_root)
        json_decref((json_t *)dec->json_root);
    dec->json_root = NULL;
}

int ne_utf8_valid(const char *str, size_t len, size_t *bad_off)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;

    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        uint32_t cp;

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07;
        } else {
            goto bad; /* continuation byte, overlong lead C0/C1, or > F4 */
        }
        if (i + n >= len)
            goto bad; /* truncated at the end */
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                goto bad;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            goto bad;
        i += n + 1;
    }
    return 1;
bad:
    if (bad_off)
        *bad_off = i;
    return 0;
}

/* gzip: 1f 8b. zlib: CMF 0x78 (deflate, 32K window) with a valid FCHECK and
 * the usual FLEVEL bytes; "x^" is also printable text, so that one falls
 * back to text when it does not inflate. */
static int is_gzip(const unsigned char *p, size_t len)
{
    return len >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

static int is_zlib(const unsigned char *p, size_t len)
{
    return len >= 2 && p[0] == 0x78 &&
           (p[1] == 0x01 || p[1] == 0x5e || p[1] == 0x9c || p[1] == 0xda) &&
           ((p[0] << 8) | p[1]) % 31 == 0;
}

static ne_err_t inflate_payload(ne_buf_t *out, const unsigned char *p,
                                size_t len, int gzip, size_t cap,
                                char *reason, size_t reason_size)
{
    z_stream zs;
    int zr;
    ne_err_t err = NE_OK;

    memset(&zs, 0, sizeof(zs));
    if (inflateInit2(&zs, gzip ? 16 + MAX_WBITS : MAX_WBITS) != Z_OK) {
        ne_errf(reason, reason_size, "cannot initialise zlib");
        return NE_ERR_PROCESSING;
    }
    ne_buf_reset(out);
    zs.next_in = (Bytef *)p;
    /* payload sizes are capped well below 4 GiB by max_message_bytes */
    zs.avail_in = (uInt)len;
    for (;;) {
        size_t room;
        ne_buf_reserve(out, len < 65536 ? 65536 : len * 2);
        room = out->cap - out->len - 1;
        if (out->len + room > cap + 1)
            room = cap + 1 - out->len; /* read one byte past the cap */
        zs.next_out = (Bytef *)out->data + out->len;
        zs.avail_out = (uInt)room;
        zr = inflate(&zs, Z_NO_FLUSH);
        out->len += room - zs.avail_out;
        if (out->len > cap) {
            ne_errf(reason, reason_size,
                    "%s payload inflates to more than the %zu-byte cap "
                    "(processing.max_decompressed_bytes)",
                    gzip ? "gzip" : "zlib", cap);
            err = NE_ERR_DECOMPRESSED_TOO_LARGE;
            goto done;
        }
        if (zr == Z_STREAM_END)
            break;
        if (zr == Z_OK)
            continue;
        if (zr == Z_BUF_ERROR && zs.avail_in == 0) {
            ne_errf(reason, reason_size,
                    "%s stream is truncated after %zu input bytes",
                    gzip ? "gzip" : "zlib", len);
            err = NE_ERR_BAD_COMPRESSION;
            goto done;
        }
        if (zr == Z_BUF_ERROR)
            continue;
        ne_errf(reason, reason_size, "%s stream is corrupt at input byte %zu: %s",
                gzip ? "gzip" : "zlib", (size_t)(len - zs.avail_in),
                zs.msg ? zs.msg : "inflate failed");
        err = NE_ERR_BAD_COMPRESSION;
        goto done;
    }
    if (zs.avail_in != 0) {
        ne_errf(reason, reason_size,
                "%zu bytes of trailing data after the end of the %s stream",
                (size_t)zs.avail_in, gzip ? "gzip" : "zlib");
        err = NE_ERR_BAD_COMPRESSION;
        goto done;
    }
    out->data[out->len] = '\0';
done:
    inflateEnd(&zs);
    return err;
}

static int is_blank(const char *p, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
            c == '\v')
            continue;
        /* U+00A0 no-break space, U+2000..U+200B spaces, U+3000, BOM */
        if (c == 0xC2 && i + 1 < len && (unsigned char)p[i + 1] == 0xA0) {
            i++;
            continue;
        }
        if (c == 0xE2 && i + 2 < len && (unsigned char)p[i + 1] == 0x80 &&
            (unsigned char)p[i + 2] <= 0x8B) {
            i += 2;
            continue;
        }
        if (c == 0xE3 && i + 2 < len && (unsigned char)p[i + 1] == 0x80 &&
            (unsigned char)p[i + 2] == 0x80) {
            i += 2;
            continue;
        }
        if (c == 0xEF && i + 2 < len && (unsigned char)p[i + 1] == 0xBB &&
            (unsigned char)p[i + 2] == 0xBF) {
            i += 2;
            continue;
        }
        return 0;
    }
    return 1;
}

/* Read an optional string member. Returns NE_OK when absent or null. */
static ne_err_t get_str(json_t *root, const char *key, ne_str_t *out,
                        char *reason, size_t reason_size)
{
    json_t *v = json_object_get(root, key);
    out->p = NULL;
    out->len = 0;
    if (!v || json_is_null(v))
        return NE_OK;
    if (!json_is_string(v)) {
        ne_errf(reason, reason_size, "field \"%s\" must be a string", key);
        return NE_ERR_WRONG_TYPE;
    }
    out->p = json_string_value(v);
    out->len = json_string_length(v);
    return NE_OK;
}

/* ---- fast path: flat objects ----------------------------------------------
 *
 * Nearly every article is one flat object of strings. jansson builds a tree
 * and runs a per-byte lexer that copies each string twice, which costs as
 * much as tokenising the text, so such objects are parsed here, straight
 * into the decoder's string buffer. Anything unusual - nesting, escaped
 * keys, a lone surrogate, a wrong type for an article field, any syntax
 * error - makes the fast path give up, and jansson parses the payload and
 * decides exactly as before: the fast path only accepts what jansson
 * accepts, with the same strings.
 */

enum { F_ID, F_TITLE, F_BODY, F_LANGUAGE, F_PUBLISHED, F_URL, F_SOURCE,
       F__CNT };
static const char *const flat_keys[F__CNT] = {
    "id", "title", "body", "language", "published_at", "url", "source"};
#define FLAT_MAX_OTHER 32 /* more unknown members: leave them to jansson */

typedef struct flat_s {
    const unsigned char *p, *end;
    ne_buf_t *out; /* capacity reserved up front: strings never move */
} flat_t;

static void flat_ws(flat_t *f)
{
    while (f->p < f->end &&
           (*f->p == ' ' || *f->p == '\t' || *f->p == '\n' || *f->p == '\r'))
        f->p++;
}

static int hex4(const unsigned char *s, uint32_t *cp)
{
    int i;
    *cp = 0;
    for (i = 0; i < 4; i++) {
        int c = s[i], d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            d = (c | 0x20) - 'a' + 10;
        else
            return 0;
        *cp = *cp << 4 | (uint32_t)d;
    }
    return 1;
}

static char *put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        *o++ = (char)cp;
    } else if (cp < 0x800) {
        *o++ = (char)(0xC0 | cp >> 6);
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *o++ = (char)(0xE0 | cp >> 12);
        *o++ = (char)(0x80 | (cp >> 6 & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *o++ = (char)(0xF0 | cp >> 18);
        *o++ = (char)(0x80 | (cp >> 12 & 0x3F));
        *o++ = (char)(0x80 | (cp >> 6 & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    }
    return o;
}

/* The string whose opening quote is at f->p, unescaped into f->out and
 * NUL-terminated there; its offset and length in *off and *len. */
static int flat_string(flat_t *f, size_t *off, size_t *len)
{
    const unsigned char *s = f->p + 1, *end = f->end;
    char *o = f->out->data + f->out->len;

    *off = f->out->len;
    for (;;) {
        const unsigned char *run = s;
        uint32_t cp, lo;
        while (s < end && *s >= 0x20 && *s != '"' && *s != '\\')
            s++;
        memcpy(o, run, (size_t)(s - run));
        o += s - run;
        if (s >= end || *s < 0x20)
            return 0; /* unterminated, or a raw control character */
        if (*s == '"')
            break;
        if (end - s < 2)
            return 0;
        switch (s[1]) {
        case '"': case '\\': case '/': *o++ = (char)s[1]; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u':
            if (end - s < 6 || !hex4(s + 2, &cp))
                return 0;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return 0; /* lone low surrogate */
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (end - s < 12 || s[6] != '\\' || s[7] != 'u' ||
                    !hex4(s + 8, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                    return 0;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                s += 6;
            }
            o = put_utf8(o, cp);
            s += 4;
            break;
        default:
            return 0;
        }
        s += 2;
    }
    *len = (size_t)(o - f->out->data) - *off;
    *o = '\0';
    f->out->len = *off + *len + 1;
    f->p = s + 1;
    return 1;
}

/* A number at f->p. Integers must fit jansson's json_int_t and reals must
 * not overflow (jansson's two number errors). *ival gets an integer. */
static int flat_number(flat_t *f, int *is_int, long long *ival)
{
    const unsigned char *s = f->p, *start = f->p, *end = f->end;
    char tmp[64];
    char *e;
    size_t n;

    *is_int = 1;
    if (s < end && *s == '-')
        s++;
    if (s < end && *s == '0')
        s++;
    else if (s < end && *s >= '1' && *s <= '9')
        while (s < end && *s >= '0' && *s <= '9')
            s++;
    else
        return 0;
    if (s < end && *s == '.') {
        *is_int = 0;
        if (++s >= end || *s < '0' || *s > '9')
            return 0;
        while (s < end && *s >= '0' && *s <= '9')
            s++;
    }
    if (s < end && (*s == 'e' || *s == 'E')) {
        *is_int = 0;
        if (++s < end && (*s == '+' || *s == '-'))
            s++;
        if (s >= end || *s < '0' || *s > '9')
            return 0;
        while (s < end && *s >= '0' && *s <= '9')
            s++;
    }
    n = (size_t)(s - start);
    if (n >= sizeof(tmp))
        return 0;
    memcpy(tmp, start, n);
    tmp[n] = '\0';
    errno = 0;
    if (*is_int) {
        *ival = strtoll(tmp, &e, 10);
        if (errno == ERANGE)
            return 0;
    } else {
        double d = strtod(tmp, &e);
        if ((d == HUGE_VAL || d == -HUGE_VAL) && errno == ERANGE)
            return 0;
    }
    f->p = s;
    return 1;
}

static int flat_literal(flat_t *f, const char *lit)
{
    size_t n = strlen(lit);
    if ((size_t)(f->end - f->p) < n || memcmp(f->p, lit, n))
        return 0;
    f->p += n;
    return 1;
}

/* Parse p as a flat object into art. Returns 1 when the fast path decided,
 * 0 to leave the payload to jansson. */
static int decode_flat(ne_decoder_t *dec, const char *p, size_t len,
                       ne_article_t *art)
{
    flat_t f;
    size_t off[F__CNT], flen[F__CNT];
    const unsigned char *other[FLAT_MAX_OTHER];
    size_t other_len[FLAT_MAX_OTHER], other_cnt = 0, i;
    unsigned seen = 0, is_str = 0;
    long long id_int = 0;
    int id_is_int = 0;

    if (!ne_utf8_valid(p, len, NULL))
        return 0;
    ne_buf_reset(&dec->strings);
    /* unescaped strings and their NULs never outgrow the payload */
    ne_buf_reserve(&dec->strings, len + 1);
    f.p = (const unsigned char *)p;
    f.end = f.p + len;
    f.out = &dec->strings;

    flat_ws(&f);
    if (f.p >= f.end || *f.p != '{')
        return 0;
    f.p++;
    flat_ws(&f);
    if (f.p < f.end && *f.p == '}')
        return 0; /* {}: no body, jansson words the error */
    for (;;) {
        const unsigned char *key;
        size_t klen, voff, vlen;
        int k = -1, is_int;
        long long iv;

        if (f.p >= f.end || *f.p != '"')
            return 0;
        key = ++f.p;
        while (f.p < f.end && *f.p != '"' && *f.p != '\\' && *f.p >= 0x20)
            f.p++;
        if (f.p >= f.end || *f.p != '"')
            return 0;
        klen = (size_t)(f.p - key);
        f.p++;
        for (i = 0; i < F__CNT; i++)
            if (strlen(flat_keys[i]) == klen &&
                !memcmp(flat_keys[i], key, klen))
                k = (int)i;
        if (k >= 0) {
            if (seen & 1u << k)
                return 0; /* duplicate */
            seen |= 1u << k;
        } else {
            for (i = 0; i < other_cnt; i++)
                if (other_len[i] == klen && !memcmp(other[i], key, klen))
                    return 0;
            if (other_cnt == FLAT_MAX_OTHER)
                return 0;
            other[other_cnt] = key;
            other_len[other_cnt++] = klen;
        }
        flat_ws(&f);
        if (f.p >= f.end || *f.p != ':')
            return 0;
        f.p++;
        flat_ws(&f);
        if (f.p >= f.end)
            return 0;
        if (*f.p == '"') {
            if (!flat_string(&f, &voff, &vlen))
                return 0;
            if (k >= 0) {
                off[k] = voff;
                flen[k] = vlen;
                is_str |= 1u << k;
            } else {
                dec->strings.len = voff; /* not kept */
            }
        } else if (*f.p == '-' || (*f.p >= '0' && *f.p <= '9')) {
            if (!flat_number(&f, &is_int, &iv))
                return 0;
            if (k == F_ID && is_int) {
                id_int = iv;
                id_is_int = 1;
            }
            else if (k >= 0)
                return 0; /* a number where a string belongs */
        } else if (*f.p == 'n') {
            /* null is an absent field, but a null body is an error */
            if (!flat_literal(&f, "null") || k == F_BODY)
                return 0;
        } else if (*f.p == 't' || *f.p == 'f') {
            if (!flat_literal(&f, *f.p == 't' ? "true" : "false") || k >= 0)
                return 0;
        } else {
            return 0; /* nested value */
        }
        flat_ws(&f);
        if (f.p < f.end && *f.p == ',') {
            f.p++;
            flat_ws(&f);
            continue;
        }
        if (f.p < f.end && *f.p == '}')
            break;
        return 0;
    }
    f.p++;
    flat_ws(&f);
    if (f.p != f.end || !(is_str & 1u << F_BODY))
        return 0;

    {
        ne_str_t *dst[F__CNT] = {&art->id, &art->title, &art->body,
                                 &art->language, &art->published_at,
                                 &art->url, &art->source};
        for (i = 0; i < F__CNT; i++)
            if (is_str & 1u << i) {
                dst[i]->p = dec->strings.data + off[i];
                dst[i]->len = flen[i];
            }
    }
    if (id_is_int) {
        /* numeric ids are common in feeds; keep them as their digits */
        ne_buf_reset(&dec->idbuf);
        ne_buf_printf(&dec->idbuf, "%lld", id_int);
        art->id.p = dec->idbuf.data;
        art->id.len = dec->idbuf.len;
    }
    return 1;
}

static ne_err_t decode_json(ne_decoder_t *dec, const char *p, size_t len,
                            ne_article_t *art, char *reason,
                            size_t reason_size)
{
    json_error_t jerr;
    json_t *root, *id;
    ne_err_t err;

    root = json_loadb(p, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    if (!root) {
        if (json_error_code(&jerr) == json_error_invalid_utf8) {
            ne_errf(reason, reason_size,
                    "invalid UTF-8 in JSON at byte %d", jerr.position);
            return NE_ERR_INVALID_UTF8;
        }
        ne_errf(reason, reason_size, "invalid JSON at byte %d (line %d): %s",
                jerr.position, jerr.line, jerr.text);
        return NE_ERR_INVALID_JSON;
    }
    dec->json_root = root;
    if (!json_is_object(root)) {
        ne_errf(reason, reason_size,
                "JSON value is %s, not an object with a \"body\"",
                json_is_array(root)    ? "an array"
                : json_is_string(root) ? "a string"
                : json_is_number(root) ? "a number"
                                       : "a literal");
        return NE_ERR_NOT_AN_OBJECT;
    }
    if (!json_object_get(root, "body")) {
        ne_errf(reason, reason_size, "JSON object has no \"body\" field");
        return NE_ERR_MISSING_BODY;
    }
    if ((err = get_str(root, "body", &art->body, reason, reason_size)))
        return err;
    if (!art->body.p) {
        ne_errf(reason, reason_size, "field \"body\" is null");
        return NE_ERR_MISSING_BODY;
    }
    if ((err = get_str(root, "title", &art->title, reason, reason_size)) ||
        (err = get_str(root, "language", &art->language, reason,
                       reason_size)) ||
        (err = get_str(root, "published_at", &art->published_at, reason,
                       reason_size)) ||
        (err = get_str(root, "url", &art->url, reason, reason_size)) ||
        (err = get_str(root, "source", &art->source, reason, reason_size)))
        return err;

    id = json_object_get(root, "id");
    if (id && json_is_integer(id)) {
        /* numeric ids are common in feeds; keep them as their digits */
        ne_buf_reset(&dec->idbuf);
        ne_buf_printf(&dec->idbuf, "%" JSON_INTEGER_FORMAT,
                      json_integer_value(id));
        art->id.p = dec->idbuf.data;
        art->id.len = dec->idbuf.len;
    } else if ((err = get_str(root, "id", &art->id, reason, reason_size))) {
        ne_errf(reason, reason_size,
                "field \"id\" must be a string or an integer");
        return err;
    }
    return NE_OK;
}

static int content_type_is_json(const char *ct)
{
    if (!ct)
        return 0;
    /* application/json, application/vnd.foo+json; charset=utf-8, ... */
    for (; *ct; ct++)
        if (!strncasecmp(ct, "json", 4))
            return 1;
    return 0;
}

/* Reasons quote jansson's error text, which quotes the offending input
 * ("near '\xc7...'"), possibly cut mid-character: replace every byte that
 * is not part of a well-formed character, because the reason goes into
 * JSON (the `process` error line, logs) and DLQ headers. */
static void scrub_reason(char *reason)
{
    size_t len = strlen(reason), off = 0, bad;

    while (off < len && !ne_utf8_valid(reason + off, len - off, &bad)) {
        reason[off + bad] = '?';
        off += bad + 1;
    }
}

/* "de", "DE", "de-DE", "de_AT", "zh-Hant-TW": a primary subtag of two or
 * three letters, then subtags of one to eight letters or digits (BCP 47
 * in shape, without checking the registry). Only the primary subtag is
 * used, but anything else ("German", "!!") is not a language code, and the
 * record would carry it as one. */
static int is_language_tag(const char *s, size_t n)
{
    size_t i = 0, k;

    if (n > 35)
        return 0;
    while (i < n && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
        i++;
    if (i < 2 || i > 3)
        return 0;
    while (i < n) {
        if (s[i] != '-' && s[i] != '_')
            return 0;
        for (k = ++i; i < n && ((s[i] >= '0' && s[i] <= '9') ||
                                ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'));
             i++)
            ;
        if (i == k || i - k > 8)
            return 0;
    }
    return 1;
}

static ne_err_t decode_payload(ne_decoder_t *dec, const ne_input_t *in,
                               size_t max_raw, size_t max_inflated,
                               ne_article_t *art, char *reason,
                               size_t reason_size)
{
    const unsigned char *p = in->payload;
    size_t len = in->len, bad, i;
    ne_err_t err;
    int as_json;

    memset(art, 0, sizeof(*art));
    if (dec->json_root) {
        json_decref((json_t *)dec->json_root);
        dec->json_root = NULL;
    }
    if (len > max_raw) {
        ne_errf(reason, reason_size,
                "payload of %zu bytes is over the %zu-byte cap "
                "(processing.max_message_bytes)",
                len, max_raw);
        return NE_ERR_TOO_LARGE;
    }
    if (!p || len == 0) {
        ne_errf(reason, reason_size, "empty payload");
        return NE_ERR_EMPTY_BODY;
    }

    if (is_gzip(p, len) || is_zlib(p, len)) {
        int gzip = is_gzip(p, len);
        err = inflate_payload(&dec->inflated, p, len, gzip, max_inflated,
                              reason, reason_size);
        if (err == NE_OK) {
            p = (const unsigned char *)dec->inflated.data;
            len = dec->inflated.len;
        } else if (!(err == NE_ERR_BAD_COMPRESSION && p[1] == 0x5e)) {
            return err;
        } /* else "x^...": printable text after all */
    }

    /* a UTF-8 byte-order mark is not content: RFC 8259 lets a JSON parser
     * skip it, and it is not part of a plain-text body either */
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        p += 3;
        len -= 3;
    }
    as_json = content_type_is_json(in->content_type);
    for (i = 0; i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' ||
                            p[i] == '\r');
         i++)
        ;
    if (i < len && p[i] == '{')
        as_json = 1;

    if (as_json)
        err = !dec->json_only && decode_flat(dec, (const char *)p, len, art)
                  ? NE_OK
                  : decode_json(dec, (const char *)p, len, art, reason,
                                reason_size);
    else {
        if (!ne_utf8_valid((const char *)p, len, &bad)) {
            ne_errf(reason, reason_size,
                    "invalid UTF-8 in plain-text payload at byte %zu", bad);
            return NE_ERR_INVALID_UTF8;
        }
        art->body.p = (const char *)p;
        art->body.len = len;
        err = NE_OK;
    }
    if (err)
        return err;
    if (is_blank(art->body.p, art->body.len)) {
        ne_errf(reason, reason_size, "body is empty or only whitespace");
        return NE_ERR_EMPTY_BODY;
    }
    if (art->language.p &&
        !is_language_tag(art->language.p, art->language.len)) {
        ne_errf(reason, reason_size,
                "field \"language\" must be a language code such as \"de\"");
        return NE_ERR_WRONG_TYPE;
    }
    return NE_OK;
}

ne_err_t ne_decode(ne_decoder_t *dec, const ne_input_t *in, size_t max_raw,
                   size_t max_inflated, ne_article_t *art, char *reason,
                   size_t reason_size)
{
    ne_err_t err = decode_payload(dec, in, max_raw, max_inflated, art, reason,
                                  reason_size);
    if (err && reason && reason_size)
        scrub_reason(reason);
    return err;
}

/* "2023-09-12T08:00:00Z", "2023-09-12", "2023-09", "2023". */
static void parse_published(ne_doc_t *doc, const ne_str_t *s)
{
    int y = 0, m = 0, d = 0;
    const char *p = s->p;
    size_t n = s->len;

    if (!p || n < 4)
        return;
    if (n >= 4 && isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
        isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]))
        y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 +
            (p[3] - '0');
    else
        return;
    if (n >= 7 && p[4] == '-' && isdigit((unsigned char)p[5]) &&
        isdigit((unsigned char)p[6]))
        m = (p[5] - '0') * 10 + (p[6] - '0');
    if (m && n >= 10 && p[7] == '-' && isdigit((unsigned char)p[8]) &&
        isdigit((unsigned char)p[9]))
        d = (p[8] - '0') * 10 + (p[9] - '0');
    if (m < 0 || m > 12 || d < 0 || d > 31)
        return;
    doc->pub_year = y;
    doc->pub_month = m;
    doc->pub_day = m ? d : 0;
}

/* The article's own language code wins over identification. "de-DE",
 * "DE" and "de_AT" all give "de". */
static void set_given_language(ne_doc_t *doc, const ne_str_t *lang)
{
    size_t i;
    for (i = 0; i < lang->len && i < sizeof(doc->lang_code) - 1; i++) {
        char c = lang->p[i];
        if (c == '-' || c == '_')
            break;
        doc->lang_code[i] = (char)tolower((unsigned char)c);
    }
    doc->lang_code[i] = '\0';
    doc->lang_given = 1;
    doc->lang_conf = 1.0f;
    if (!strcmp(doc->lang_code, "de"))
        doc->lang = NE_LANG_DE;
    else if (!strcmp(doc->lang_code, "en"))
        doc->lang = NE_LANG_EN;
    else
        doc->lang = NE_LANG_OTHER;
}

void ne_decode_fill_doc(const ne_article_t *art, ne_doc_t *doc)
{
    doc->text[NE_FIELD_TITLE] = art->title.p ? art->title.p : "";
    doc->len[NE_FIELD_TITLE] = art->title.len;
    doc->text[NE_FIELD_BODY] = art->body.p;
    doc->len[NE_FIELD_BODY] = art->body.len;
    doc->published_at = art->published_at.p;
    parse_published(doc, &art->published_at);
    if (art->language.p)
        set_given_language(doc, &art->language);
}
