/*
 * newsenrich - input decoding: raw message bytes to article fields.
 *
 * Private to processor/. Handles gzip/zlib payloads (with a cap on the
 * inflated size), JSON objects and plain text, and validates UTF-8. Every
 * rejection is a per-message error class with a reason sentence that names
 * the field or the byte offset.
 */
#ifndef NE_DECODE_H
#define NE_DECODE_H

#include "doc.h"
#include "processor.h"
#include "../common/buf.h"

typedef struct ne_str_s {
    const char *p; /* NULL when absent */
    size_t len;
} ne_str_t;

typedef struct ne_article_s {
    ne_str_t id, title, body, language, published_at, url, source;
} ne_article_t;

/* Per-thread decoder state; strings in ne_article_t point into it and stay
 * valid until the next ne_decode() or ne_decoder_free(). */
typedef struct ne_decoder_s {
    ne_buf_t inflated;
    ne_buf_t idbuf;
    ne_buf_t strings;  /* the fast path's unescaped strings */
    int json_only;     /* tests: always parse with jansson */
    void *json_root; /* json_t *, kept so that its strings stay valid */
} ne_decoder_t;

void ne_decoder_init(ne_decoder_t *dec);
void ne_decoder_free(ne_decoder_t *dec);

ne_err_t ne_decode(ne_decoder_t *dec, const ne_input_t *in, size_t max_raw,
                   size_t max_inflated, ne_article_t *art, char *reason,
                   size_t reason_size);

/* Point doc's fields at a decoded article (borrowed: art's strings must
 * outlive the doc's use) and set published_at and a given language. The
 * first step of ne_processor_run() after ne_decode(); benchmarks call it
 * to run the stages one by one. */
void ne_decode_fill_doc(const ne_article_t *art, ne_doc_t *doc);

/* Validate UTF-8 (no overlong forms, no surrogates, <= U+10FFFF).
 * Returns 1 when valid; else 0 and the offset of the first bad byte. */
int ne_utf8_valid(const char *s, size_t len, size_t *bad_off);

#endif
