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

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

void ne_decoder_init(ne_decoder_t *dec)
{
    ne_buf_init(&dec->inflated);
    ne_buf_init(&dec->idbuf);
    dec->json_root = NULL;
}

void ne_decoder_free(ne_decoder_t *dec)
{
    ne_buf_free(&dec->inflated);
    ne_buf_free(&dec->idbuf);
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
        err = decode_json(dec, (const char *)p, len, art, reason, reason_size);
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
