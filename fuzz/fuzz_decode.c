/*
 * libFuzzer target: the input decoder (processor/decode.c).
 *
 * The input is one message payload, decoded twice: as it comes and
 * declared JSON by a Content-Type header. Asserts: ne_utf8_valid agrees
 * with an independent UTF-8 check; an accepted payload yields a non-blank
 * UTF-8 body and UTF-8 fields; a rejected one a per-message class with a
 * reason.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "processor/decode.h"

static void check_str(const ne_str_t *s, const char *name)
{
    if (s->p && !ne_fuzz_utf8_ok((const unsigned char *)s->p, s->len))
        ne_fuzz_fail("decoded field %s is not UTF-8", name);
}

static void decode_once(ne_decoder_t *dec, const uint8_t *data, size_t size,
                        const char *content_type)
{
    ne_input_t in;
    ne_article_t art;
    char reason[512];
    ne_err_t err;

    memset(&in, 0, sizeof(in));
    in.payload = data;
    in.len = size;
    in.content_type = content_type;
    reason[0] = '\0';
    /* small caps so that bombs and big payloads hit them quickly */
    err = ne_decode(dec, &in, 1 << 20, 4 << 20, &art, reason,
                    sizeof(reason));
    if (err != NE_OK) {
        ne_fuzz_check_error(err, reason);
        return;
    }
    if (!art.body.p || !art.body.len)
        ne_fuzz_fail("accepted payload without a body");
    check_str(&art.id, "id");
    check_str(&art.title, "title");
    check_str(&art.body, "body");
    check_str(&art.language, "language");
    check_str(&art.published_at, "published_at");
    check_str(&art.url, "url");
    check_str(&art.source, "source");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ne_decoder_t dec;
    static int ready;
    size_t bad = 0;
    int ok;

    if (!ready) {
        ne_decoder_init(&dec);
        ready = 1;
    }
    ok = ne_utf8_valid((const char *)data, size, &bad);
    if (ok != ne_fuzz_utf8_ok(data, size))
        ne_fuzz_fail("ne_utf8_valid says %d, the reference %d", ok, !ok);
    if (!ok && (bad >= size || !ne_fuzz_utf8_ok(data, bad)))
        ne_fuzz_fail("first bad byte reported at %zu of %zu", bad, size);
    decode_once(&dec, data, size, NULL);
    decode_once(&dec, data, size, "application/json; charset=utf-8");
    return 0;
}
