/*
 * newsenrich - NER model files: read (tagger) and write (trainer).
 *
 * The header is plain so that a wrong or foreign file is named as such
 * before anything is inflated; the body is one zlib stream whose size and
 * CRC-32 the header records, so truncation and corruption are caught
 * before a single weight is used. All integers are little-endian.
 *
 *   0  magic "NENERMDL"        8  u32 format version  12 u32 feature version
 *  16  u32 labels             20  u32 table bits      24 f32 weight scale
 *  28  u32 body CRC-32        32  u64 body size       40 u64 zlib size
 *  48  char name[48]          96  u32 n, label names (n bytes), zlib body
 *
 * Body: start[L] i32, trans[L][L] i32, u32 rows, rows x u32 row-index
 * deltas, rows x L i16 weights, u32 lexicon entries, entries x u64 keys,
 * entries x u16 classes, u32 word-table entries, entries x u64 keys,
 * entries x u32 values.
 */
#include "ner_model.h"

#include "../common/ne.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define HDR_SIZE 96
#define MIN_BITS 8
#define MAX_BITS 26
#define MAX_BODY (1u << 30)

/* ---- bounded reader ---------------------------------------------------- */

typedef struct {
    const unsigned char *p;
    size_t len, off;
    int bad;
} rd_t;

static const unsigned char *rd_take(rd_t *r, size_t n)
{
    const unsigned char *p;
    if (r->bad || n > r->len - r->off) {
        r->bad = 1;
        return NULL;
    }
    p = r->p + r->off;
    r->off += n;
    return p;
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const unsigned char *p)
{
    return get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}

static uint32_t rd_u32(rd_t *r)
{
    const unsigned char *p = rd_take(r, 4);
    return p ? get_u32(p) : 0;
}

/* ---- growable writer --------------------------------------------------- */

typedef struct {
    unsigned char *p;
    size_t len, cap;
} wbuf_t;

static void wb_put(wbuf_t *b, const void *p, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2;
        b->p = ne_realloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

static void wb_u32(wbuf_t *b, uint32_t v)
{
    unsigned char q[4] = {(unsigned char)v, (unsigned char)(v >> 8),
                          (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
    wb_put(b, q, 4);
}

static void wb_u64(wbuf_t *b, uint64_t v)
{
    wb_u32(b, (uint32_t)v);
    wb_u32(b, (uint32_t)(v >> 32));
}

/* "O B-PER I-PER ...": the label set a model file must match. */
static size_t label_list(char *s, size_t size)
{
    size_t i, o = 0;
    for (i = 0; i < NE_NER_LABELS && o < size; i++)
        o += (size_t)snprintf(s + o, size - o, "%s%s", i ? " " : "",
                              ne_ner_label_names[i]);
    return o;
}

/* ---- read -------------------------------------------------------------- */

/* Empty row bitmap and ranks for 1 << m->bits rows. */
static void weights_alloc(ne_ner_model_t *m)
{
    size_t words = ((size_t)1 << m->bits) / 64;
    m->present = ne_calloc(words, sizeof(*m->present));
    m->rank = ne_calloc(words, sizeof(*m->rank));
}

/* Ranks from the bitmap: row numbers start at 1 (0 is the zero row). */
static void rank_rows(ne_ner_model_t *m)
{
    size_t words = ((size_t)1 << m->bits) / 64, k;
    uint32_t before = 1;
    for (k = 0; k < words; k++) {
        m->rank[k] = before;
        before += ne_ner_popcount(m->present[k]);
    }
}

static int parse_body(ne_ner_model_t *m, rd_t *r)
{
    const unsigned char *p;
    uint32_t rows, i, l, row = 0, lexn;
    const unsigned char *deltas, *wts;
    size_t nrows = (size_t)1 << m->bits;

    for (l = 0; l < NE_NER_LABELS; l++)
        m->start[l] = (int32_t)rd_u32(r);
    for (i = 0; i < NE_NER_LABELS; i++)
        for (l = 0; l < NE_NER_LABELS; l++)
            m->trans[i][l] = (int32_t)rd_u32(r);
    rows = rd_u32(r);
    if (rows > nrows)
        return -1;
    deltas = rd_take(r, (size_t)rows * 4);
    wts = rd_take(r, (size_t)rows * NE_NER_LABELS * 2);
    if (r->bad)
        return -1;
    weights_alloc(m);
    m->nrows = rows + 1;
    m->rows = ne_calloc_huge((size_t)m->nrows * NE_NER_LABELS,
                             sizeof(int16_t));
    for (i = 0; i < rows; i++) {
        uint32_t d = get_u32(deltas + (size_t)i * 4);
        if (d >= nrows - row || (i > 0 && d == 0))
            return -1;
        row += d;
        m->present[row >> 6] |= 1ULL << (row & 63);
        for (l = 0; l < NE_NER_LABELS; l++) {
            p = wts + ((size_t)i * NE_NER_LABELS + l) * 2;
            m->rows[((size_t)i + 1) * NE_NER_LABELS + l] =
                (int16_t)(uint16_t)(p[0] | p[1] << 8);
        }
    }
    rank_rows(m);
    lexn = rd_u32(r);
    if (lexn > (1u << 26))
        return -1;
    deltas = rd_take(r, (size_t)lexn * 8);
    wts = rd_take(r, (size_t)lexn * 2);
    if (r->bad)
        return -1;
    for (l = 16; l < lexn * 2 + 2; l *= 2)
        ;
    ne_ner_lex_init(&m->lex, l);
    for (i = 0; i < lexn; i++)
        ne_ner_lex_add(&m->lex, get_u64(deltas + (size_t)i * 8),
                       (uint16_t)(wts[i * 2] | wts[i * 2 + 1] << 8));
    lexn = rd_u32(r);
    if (lexn > (1u << 26))
        return -1;
    deltas = rd_take(r, (size_t)lexn * 8);
    wts = rd_take(r, (size_t)lexn * 4);
    if (r->bad)
        return -1;
    for (l = 16; l < lexn * 2 + 2; l *= 2)
        ;
    ne_ner_wtab_init(&m->words, l);
    for (i = 0; i < lexn; i++)
        ne_ner_wtab_set(&m->words, get_u64(deltas + (size_t)i * 8),
                        get_u32(wts + (size_t)i * 4));
    return r->off == r->len ? 0 : -1;
}

ne_ner_model_t *ne_ner_model_read(const char *path, char *errstr,
                                  size_t errstr_size)
{
    unsigned char *data = NULL, *body = NULL;
    size_t len = 0;
    ne_ner_model_t *m = NULL;
    char want[256];
    uint32_t fmt, fver, nlab, crc, nlen;
    uint64_t bsize, zsize;
    uLongf outlen;
    rd_t r;

    if (ne_file_read("NER model file", path, &data, &len, errstr,
                     errstr_size))
        goto fail;
    if (len < 8 || memcmp(data, NE_NER_MAGIC, 8)) {
        ne_errf(errstr, errstr_size,
                "NER model file %s: not a newsenrich NER model (bad magic)",
                path);
        goto fail;
    }
    if (len < HDR_SIZE + 4) {
        ne_errf(errstr, errstr_size,
                "NER model file %s: truncated header (%zu bytes)", path, len);
        goto fail;
    }
    fmt = get_u32(data + 8);
    fver = get_u32(data + 12);
    nlab = get_u32(data + 16);
    if (fmt != NE_NER_FORMAT_VERSION) {
        ne_errf(errstr, errstr_size,
                "NER model file %s: format version %u, this build reads %u",
                path, fmt, NE_NER_FORMAT_VERSION);
        goto fail;
    }
    if (fver != NE_NER_FEATURE_VERSION) {
        ne_errf(errstr, errstr_size,
                "NER model file %s: trained with feature set %u, this build "
                "extracts feature set %u; retrain it (tools/train_ner.sh)",
                path, fver, NE_NER_FEATURE_VERSION);
        goto fail;
    }
    m = ne_calloc(1, sizeof(*m));
    m->bits = get_u32(data + 20);
    memcpy(&m->scale, data + 24, 4);
    crc = get_u32(data + 28);
    bsize = get_u64(data + 32);
    zsize = get_u64(data + 40);
    memcpy(m->name, data + 48, sizeof(m->name));
    m->name[sizeof(m->name) - 1] = '\0';
    nlen = get_u32(data + HDR_SIZE);
    label_list(want, sizeof(want));
    if (nlab != NE_NER_LABELS || nlen != strlen(want) ||
        nlen > len - HDR_SIZE - 4 ||
        memcmp(data + HDR_SIZE + 4, want, nlen)) {
        ne_errf(errstr, errstr_size,
                "NER model file %s: label set differs from \"%s\"", path,
                want);
        goto fail;
    }
    if (m->bits < MIN_BITS || m->bits > MAX_BITS || bsize > MAX_BODY ||
        !(m->scale > 0)) {
        ne_errf(errstr, errstr_size,
                "NER model file %s: corrupt header (table bits %u, body %llu "
                "bytes)",
                path, m->bits, (unsigned long long)bsize);
        goto fail;
    }
    if (zsize != len - HDR_SIZE - 4 - nlen) {
        ne_errf(errstr, errstr_size,
                "NER model file %s: truncated or padded: body is %zu bytes, "
                "header says %llu",
                path, len - HDR_SIZE - 4 - nlen, (unsigned long long)zsize);
        goto fail;
    }
    body = ne_malloc(bsize ? bsize : 1);
    outlen = (uLongf)bsize;
    if (uncompress(body, &outlen, data + HDR_SIZE + 4 + nlen,
                   (uLong)zsize) != Z_OK ||
        outlen != bsize ||
        crc32(0L, body, (uInt)bsize) != crc) {
        ne_errf(errstr, errstr_size,
                "NER model file %s: corrupt body (zlib or CRC-32 check "
                "failed)",
                path);
        goto fail;
    }
    r.p = body;
    r.len = bsize;
    r.off = 0;
    r.bad = 0;
    if (parse_body(m, &r)) {
        ne_errf(errstr, errstr_size,
                "NER model file %s: corrupt body (bad weight or lexicon "
                "table at byte %zu)",
                path, r.off);
        goto fail;
    }
    free(body);
    free(data);
    return m;
fail:
    free(body);
    free(data);
    ne_ner_model_free(m);
    return NULL;
}

void ne_ner_model_free(ne_ner_model_t *m)
{
    if (!m)
        return;
    ne_ner_model_free_weights(m);
    ne_ner_lex_free(&m->lex);
    ne_ner_wtab_free(&m->words);
    free(m);
}

void ne_ner_model_set_weights(ne_ner_model_t *m, const int16_t *dense)
{
    size_t nrows = (size_t)1 << m->bits, r, l;
    uint32_t k = 1;
    ne_ner_model_free_weights(m);
    weights_alloc(m);
    for (r = 0; r < nrows; r++)
        for (l = 0; l < NE_NER_LABELS; l++)
            if (dense[r * NE_NER_LABELS + l]) {
                m->present[r >> 6] |= 1ULL << (r & 63);
                k++;
                break;
            }
    rank_rows(m);
    m->nrows = k;
    m->rows = ne_calloc((size_t)k * NE_NER_LABELS, sizeof(int16_t));
    for (r = 0; r < nrows; r++)
        if ((k = ne_ner_row_index(m, (uint32_t)r)))
            memcpy(m->rows + (size_t)k * NE_NER_LABELS,
                   dense + r * NE_NER_LABELS,
                   NE_NER_LABELS * sizeof(int16_t));
}

void ne_ner_model_free_weights(ne_ner_model_t *m)
{
    free(m->present);
    free(m->rank);
    free(m->rows);
    m->present = NULL;
    m->rank = NULL;
    m->rows = NULL;
    m->nrows = 0;
}

/* ---- write ------------------------------------------------------------- */

int ne_ner_model_write(ne_ner_model_t *m, const char *path, const char *lang,
                       char *errstr, size_t errstr_size)
{
    wbuf_t body = {0}, out = {0};
    size_t nrows = (size_t)1 << m->bits, r, l;
    uint32_t rows = 0, prev = 0, crc, i;
    unsigned char hdr[HDR_SIZE];
    char labels[256];
    uLongf zlen;
    FILE *f = NULL;
    int rc = -1;
    size_t nl;

    for (l = 0; l < NE_NER_LABELS; l++)
        wb_u32(&body, (uint32_t)m->start[l]);
    for (r = 0; r < NE_NER_LABELS; r++)
        for (l = 0; l < NE_NER_LABELS; l++)
            wb_u32(&body, (uint32_t)m->trans[r][l]);
    rows = m->nrows - 1;
    wb_u32(&body, rows);
    /* deltas first, then the rows: like with like compresses better */
    for (r = 0; r < nrows; r++)
        if (ne_ner_row_index(m, (uint32_t)r)) {
            wb_u32(&body, (uint32_t)r - prev);
            prev = (uint32_t)r;
        }
    for (r = 0; r < nrows; r++) {
        const int16_t *row = ne_ner_row(m, (uint32_t)r);
        if (row == m->rows)
            continue;
        for (l = 0; l < NE_NER_LABELS; l++) {
            uint16_t v = (uint16_t)row[l];
            unsigned char q[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
            wb_put(&body, q, 2);
        }
    }
    /* lexicon in slot order: deterministic for one build of the table */
    wb_u32(&body, m->lex.cnt);
    for (i = 0; m->lex.keys && i <= m->lex.mask; i++)
        if (m->lex.keys[i])
            wb_u64(&body, m->lex.keys[i]);
    for (i = 0; m->lex.keys && i <= m->lex.mask; i++)
        if (m->lex.keys[i])
        {
            unsigned char q[2] = {(unsigned char)m->lex.flags[i],
                                  (unsigned char)(m->lex.flags[i] >> 8)};
            wb_put(&body, q, 2);
        }
    wb_u32(&body, m->words.cnt);
    for (i = 0; m->words.keys && i <= m->words.mask; i++)
        if (m->words.keys[i])
            wb_u64(&body, m->words.keys[i]);
    for (i = 0; m->words.keys && i <= m->words.mask; i++)
        if (m->words.keys[i])
            wb_u32(&body, m->words.vals[i]);

    crc = (uint32_t)crc32(0L, body.p, (uInt)body.len);
    snprintf(m->name, sizeof(m->name), "%s-ner-%u.%08x", lang,
             NE_NER_FEATURE_VERSION, crc);
    memset(hdr, 0, sizeof(hdr));
    memcpy(hdr, NE_NER_MAGIC, 8);
    {
        wbuf_t h = {0};
        wb_u32(&h, NE_NER_FORMAT_VERSION);
        wb_u32(&h, NE_NER_FEATURE_VERSION);
        wb_u32(&h, NE_NER_LABELS);
        wb_u32(&h, m->bits);
        wb_put(&h, &m->scale, 4);
        wb_u32(&h, crc);
        wb_u64(&h, body.len);
        memcpy(hdr + 8, h.p, h.len);
        free(h.p);
    }
    memcpy(hdr + 48, m->name, sizeof(m->name));
    out.cap = compressBound((uLong)body.len) + HDR_SIZE + 300;
    out.p = ne_malloc(out.cap);
    nl = label_list(labels, sizeof(labels));
    zlen = (uLongf)(out.cap - HDR_SIZE - 4 - nl);
    if (compress2(out.p + HDR_SIZE + 4 + nl, &zlen, body.p, (uLong)body.len,
                  9) != Z_OK) {
        ne_errf(errstr, errstr_size, "NER model file %s: zlib failed", path);
        goto done;
    }
    {
        wbuf_t h = {0};
        wb_u64(&h, zlen);
        memcpy(hdr + 40, h.p, 8);
        free(h.p);
    }
    memcpy(out.p, hdr, HDR_SIZE);
    out.len = HDR_SIZE;
    {
        unsigned char q[4] = {(unsigned char)nl, (unsigned char)(nl >> 8), 0,
                              0};
        memcpy(out.p + out.len, q, 4);
        memcpy(out.p + out.len + 4, labels, nl);
        out.len += 4 + nl + zlen;
    }
    if (!(f = fopen(path, "wb")) || fwrite(out.p, 1, out.len, f) != out.len) {
        ne_errf(errstr, errstr_size, "NER model file %s: cannot write: %s",
                path, strerror(errno));
        goto done;
    }
    rc = 0;
done:
    if (f && fclose(f) && !rc) {
        ne_errf(errstr, errstr_size, "NER model file %s: cannot write: %s",
                path, strerror(errno));
        rc = -1;
    }
    free(body.p);
    free(out.p);
    return rc;
}
