/*
 * newsenrich - claims: the learned cue tagger (features, model file) and
 * the one frame that uses it, claims_learned_frame().
 *
 * What the tagger is for. Trained on Bundestag speeches (the only German
 * attribution data we may ship), it knows cue words the lexicon lacks
 * ("skandierten", "strich heraus"), but as a claim finder of its own it
 * is weak on news: a blind fallback picked real claims in one sentence of
 * five. So it never emits anything itself. In a German block where the
 * rules found nothing, its most confident cue outside the lexicon becomes
 * a cue for one more try of the leading frame, which still has to find a
 * subject, a message clause and the evidence of reported speech.
 */
#include "claims_rules.h"
#include "claims_learn.h"

#include "../common/ne.h"

#include <errno.h>
#include <zlib.h>

const char *const claims_tag_label_names[CLT__CNT] = {
    "O", "B-CUE", "I-CUE", "B-SOURCE", "I-SOURCE", "B-MESSAGE", "I-MESSAGE"};

/* ---- features ------------------------------------------------------------ */

enum {
    LT_SHAPE_PUNCT = 0,
    LT_SHAPE_QUOTE,
    LT_SHAPE_NUMBER,
    LT_SHAPE_LOWER,
    LT_SHAPE_CAP,
    LT_SHAPE_ALLCAP,
    LT_SHAPE_OTHER,
    LT_SHAPE_START = 8 /* or'ed in: first token of its sentence */
};

/* The lexicon classes the features see, one feature per bit. */
#define LT_CLASSES (CL_VERB | CL_SEP | CL_COGN | CL_PLURAL | CL_PARTIC |     \
                    CL_ANOUN | CL_LAUT | CL_ZUFOLGE | CL_NACH | CL_WIE |     \
                    CL_SO | CL_DET | CL_PREP | CL_SUBCONJ | CL_COORD |       \
                    CL_PRON_M | CL_PRON_F | CL_PRON_PL | CL_SUBJ | CL_ROLE | \
                    CL_AUX | CL_NEG | CL_RELPRON | CL_PERSPRON | CL_SUBJ2 |  \
                    CL_REPORT | CL_WEAK | CL_CNOUN | CL_STMT | CL_MEDIUM)
/* Classes of a cue word, for the distance features. */
#define LT_CUE (CL_VERB | CL_SEP)

/* Feature templates: the first argument of fkey(). */
enum {
    F_BIAS = 1, F_WORD, F_SFX3, F_SHAPE, F_CLASS, F_WM1, F_WP1, F_WM2, F_WP2,
    F_CLM1, F_CLP1, F_SHAPES, F_BIGRAM, F_SENT, F_SENT_SHAPE, F_CUE_BEFORE,
    F_CUE_AFTER, F_INQUOTE, F_WORD_SENT
};

static uint32_t fkey(unsigned tmpl, uint64_t val, uint32_t bits)
{
    return (uint32_t)(ne_mix64(val ^ (tmpl * 0x9e3779b97f4a7c15ULL)) >>
                      (64 - bits));
}

void claims_ltok_fill(const claims_lex_t *lex, const ne_token_t *t,
                      const char *norm, claims_ltok_t *out)
{
    const claims_lexent_t *e = lex ? claims_lex_get(lex, t->hash) : NULL;
    out->hash = t->hash;
    out->sfx3 = t->norm_len > 3
                    ? ne_text_hash(norm + t->norm_off + t->norm_len - 3, 3)
                    : 0;
    out->cls = e ? e->cls & LT_CLASSES : 0;
    switch (t->kind) {
    case NE_TOK_WORD:
        out->shape = (t->flags & NE_TOKF_ALLCAP) ? LT_SHAPE_ALLCAP
                     : (t->flags & NE_TOKF_CAP)  ? LT_SHAPE_CAP
                                                 : LT_SHAPE_LOWER;
        break;
    case NE_TOK_NUMBER: out->shape = LT_SHAPE_NUMBER; break;
    case NE_TOK_PUNCT: out->shape = LT_SHAPE_PUNCT; break;
    case NE_TOK_QUOTE: out->shape = LT_SHAPE_QUOTE; break;
    default: out->shape = LT_SHAPE_OTHER; break;
    }
    if (t->flags & NE_TOKF_SENT_START)
        out->shape |= LT_SHAPE_START;
}

unsigned claims_tag_sentence(const claims_ltok_t *lt, size_t n)
{
    unsigned m = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        if (lt[i].cls & CL_SUBJ)
            m |= CLT_SENT_SUBJ;
        if (lt[i].cls & CL_SUBCONJ)
            m |= CLT_SENT_DASS;
        if ((lt[i].shape & 7) == LT_SHAPE_QUOTE)
            m |= CLT_SENT_QUOTE;
    }
    return m;
}

/* Distance bucket 1, 2, 3 (3-5), 4 (6 or more) of the nearest cue word
 * in direction dir, 0 when none. */
static unsigned cue_distance(const claims_ltok_t *lt, size_t n, size_t i,
                             int dir)
{
    size_t d;
    for (d = 1; d <= i || dir > 0; d++) {
        size_t k = dir > 0 ? i + d : i - d;
        if (k >= n)
            break;
        if (lt[k].cls & LT_CUE)
            return d <= 2 ? (unsigned)d : d <= 5 ? 3 : 4;
    }
    return 0;
}

size_t claims_tag_features(const claims_ltok_t *lt, size_t n, size_t i,
                           unsigned sent, uint32_t bits, uint32_t *out)
{
    const uint64_t NONE = 0x5bd1e995ULL; /* the padding's word */
    uint64_t wm1 = i > 0 ? lt[i - 1].hash : NONE;
    uint64_t wp1 = i + 1 < n ? lt[i + 1].hash : NONE;
    unsigned sm1 = i > 0 ? lt[i - 1].shape : 99, sp1 = i + 1 < n ? lt[i + 1].shape : 99;
    uint64_t c = lt[i].cls;
    size_t k = 0, j;
    unsigned q = 0;

    out[k++] = fkey(F_BIAS, 0, bits);
    out[k++] = fkey(F_WORD, lt[i].hash, bits);
    if (lt[i].sfx3)
        out[k++] = fkey(F_SFX3, lt[i].sfx3, bits);
    out[k++] = fkey(F_SHAPE, lt[i].shape, bits);
    out[k++] = fkey(F_WM1, wm1, bits);
    out[k++] = fkey(F_WP1, wp1, bits);
    out[k++] = fkey(F_WM2, i > 1 ? lt[i - 2].hash : NONE, bits);
    out[k++] = fkey(F_WP2, i + 2 < n ? lt[i + 2].hash : NONE, bits);
    out[k++] = fkey(F_CLM1, i > 0 ? lt[i - 1].cls : 1, bits);
    out[k++] = fkey(F_CLP1, i + 1 < n ? lt[i + 1].cls : 1, bits);
    out[k++] = fkey(F_SHAPES, (uint64_t)sm1 << 16 | lt[i].shape << 8 | sp1,
                    bits);
    out[k++] = fkey(F_BIGRAM, ne_mix64(wm1) ^ lt[i].hash, bits);
    out[k++] = fkey(F_SENT, sent, bits);
    out[k++] = fkey(F_SENT_SHAPE, sent << 8 | lt[i].shape, bits);
    out[k++] = fkey(F_WORD_SENT, lt[i].hash ^ sent, bits);
    out[k++] = fkey(F_CUE_BEFORE, cue_distance(lt, n, i, -1), bits);
    out[k++] = fkey(F_CUE_AFTER, cue_distance(lt, n, i, 1), bits);
    for (j = 0; j < i; j++)
        q ^= (lt[j].shape & 7) == LT_SHAPE_QUOTE;
    out[k++] = fkey(F_INQUOTE, q, bits);
    /* one feature per lexicon class; the rest of the slots */
    for (j = 0; c && k < CLAIMS_TAG_FEATS; j++, c >>= 1)
        if (c & 1)
            out[k++] = fkey(F_CLASS, j, bits);
    return k;
}

void claims_tag_scores(const claims_tagger_t *m, const claims_ltok_t *lt,
                       size_t n, size_t i, unsigned sent,
                       int32_t score[CLT__CNT])
{
    uint32_t f[CLAIMS_TAG_FEATS];
    size_t nf = claims_tag_features(lt, n, i, sent, m->bits, f), k;
    int l;
    for (l = 0; l < CLT__CNT; l++)
        score[l] = 0;
    for (k = 0; k < nf; k++) {
        const int16_t *row = m->w + (size_t)f[k] * CLT__CNT;
        for (l = 0; l < CLT__CNT; l++)
            score[l] += row[l];
    }
}

/* ---- model file ------------------------------------------------------------ */

#define HDR_SIZE 64
#define MIN_BITS 10
#define MAX_BITS 24
#define ROW_SIZE (4 + 2 * CLT__CNT)

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static void put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

void claims_tagger_free(claims_tagger_t *m)
{
    if (!m)
        return;
    free(m->w);
    free(m);
}

claims_tagger_t *claims_tagger_read(const char *path, char *errstr,
                                    size_t errstr_size)
{
    unsigned char *buf = NULL;
    size_t len = 0, k;
    claims_tagger_t *m = NULL;
    uint32_t fmt, feat, labels, bits, rows, crc, prev = 0;
    float scale;

    if (ne_file_read("claims tagger model", path, &buf, &len,
                     errstr, errstr_size) == -1)
        return NULL;
    if (len < HDR_SIZE + 4 || memcmp(buf, CLAIMS_TAG_MAGIC, 8) != 0) {
        ne_errf(errstr, errstr_size,
                "claims tagger model %s: not a claims tagger model (no "
                "%s header)",
                path, CLAIMS_TAG_MAGIC);
        goto fail;
    }
    fmt = get_u32(buf + 8);
    feat = get_u32(buf + 12);
    if (fmt != CLAIMS_TAG_FORMAT_VERSION ||
        feat != CLAIMS_TAG_FEATURE_VERSION) {
        ne_errf(errstr, errstr_size,
                "claims tagger model %s: format version %u, feature version "
                "%u; this build reads %u and %u (retrain with "
                "tools/build_models.sh)",
                path, fmt, feat, CLAIMS_TAG_FORMAT_VERSION,
                CLAIMS_TAG_FEATURE_VERSION);
        goto fail;
    }
    labels = get_u32(buf + 16);
    bits = get_u32(buf + 20);
    memcpy(&scale, buf + 24, 4);
    rows = get_u32(buf + 28);
    crc = (uint32_t)crc32(0L, buf, (uInt)(len - 4));
    if (crc != get_u32(buf + len - 4)) {
        ne_errf(errstr, errstr_size,
                "claims tagger model %s: corrupt (checksum mismatch, %zu "
                "bytes)",
                path, len);
        goto fail;
    }
    if (labels != CLT__CNT || bits < MIN_BITS || bits > MAX_BITS ||
        !(scale > 0) || (size_t)rows * ROW_SIZE != len - HDR_SIZE - 4) {
        ne_errf(errstr, errstr_size,
                "claims tagger model %s: corrupt header (labels %u, bits %u, "
                "rows %u for %zu bytes)",
                path, labels, bits, rows, len);
        goto fail;
    }
    m = ne_calloc(1, sizeof(*m));
    memcpy(m->name, buf + 32, sizeof(m->name) - 1);
    m->bits = bits;
    m->scale = scale;
    m->w = ne_calloc((size_t)CLT__CNT << bits, sizeof(*m->w));
    for (k = 0; k < rows; k++) {
        const unsigned char *p = buf + HDR_SIZE + k * ROW_SIZE;
        uint32_t idx = get_u32(p);
        int l;
        if (idx >> bits || (k && idx <= prev)) {
            ne_errf(errstr, errstr_size,
                    "claims tagger model %s: corrupt (row %zu: index %u)",
                    path, k, idx);
            goto fail;
        }
        prev = idx;
        for (l = 0; l < CLT__CNT; l++)
            m->w[(size_t)idx * CLT__CNT + l] =
                (int16_t)(p[4 + 2 * l] | p[5 + 2 * l] << 8);
    }
    free(buf);
    return m;
fail:
    claims_tagger_free(m);
    free(buf);
    return NULL;
}

int claims_tagger_write(claims_tagger_t *m, const char *path, char *errstr,
                        size_t errstr_size)
{
    size_t nrow = (size_t)1 << m->bits, rows = 0, k, len, off;
    unsigned char *buf;
    FILE *f;
    int l, rc = -1;

    for (k = 0; k < nrow; k++)
        for (l = 0; l < CLT__CNT; l++)
            if (m->w[k * CLT__CNT + l]) {
                rows++;
                break;
            }
    len = HDR_SIZE + rows * ROW_SIZE + 4;
    buf = ne_calloc(1, len);
    memcpy(buf, CLAIMS_TAG_MAGIC, 8);
    put_u32(buf + 8, CLAIMS_TAG_FORMAT_VERSION);
    put_u32(buf + 12, CLAIMS_TAG_FEATURE_VERSION);
    put_u32(buf + 16, CLT__CNT);
    put_u32(buf + 20, m->bits);
    memcpy(buf + 24, &m->scale, 4);
    put_u32(buf + 28, (uint32_t)rows);
    off = HDR_SIZE;
    for (k = 0; k < nrow; k++) {
        const int16_t *w = m->w + k * CLT__CNT;
        for (l = 0; l < CLT__CNT && !w[l]; l++)
            ;
        if (l == CLT__CNT)
            continue;
        put_u32(buf + off, (uint32_t)k);
        for (l = 0; l < CLT__CNT; l++) {
            buf[off + 4 + 2 * l] = (unsigned char)((uint16_t)w[l] & 0xff);
            buf[off + 5 + 2 * l] = (unsigned char)((uint16_t)w[l] >> 8);
        }
        off += ROW_SIZE;
    }
    /* the name says which weights these are: same data, same name */
    snprintf(m->name, sizeof(m->name), "de-claims-%u.%08lx",
             CLAIMS_TAG_FEATURE_VERSION,
             (unsigned long)crc32(0L, buf + HDR_SIZE, (uInt)(off - HDR_SIZE)));
    memcpy(buf + 32, m->name, strlen(m->name));
    put_u32(buf + off, (uint32_t)crc32(0L, buf, (uInt)off));
    if (!(f = fopen(path, "wb"))) {
        ne_errf(errstr, errstr_size, "%s: cannot create: %s", path,
                strerror(errno));
        goto done;
    }
    l = fwrite(buf, 1, len, f) == len;
    if (fclose(f) != 0 || !l) {
        ne_errf(errstr, errstr_size, "%s: write failed", path);
        goto done;
    }
    rc = 0;
done:
    free(buf);
    return rc;
}

/* ---- the learned frame ------------------------------------------------------ */

/* How sure the tagger must be that a word is a cue: the B-CUE score over
 * the best other label, in the perceptron's own units (weights /
 * scale). Tuned on the WikiNews train split (README, claims). */
#define LEARN_CUE_MARGIN 2.0f
/* The same for a speech act the rules would not take: the cue's margin
 * and the message words' mean margin. */
#define LEARN_ACCEPT_CUE 2.0f
#define LEARN_ACCEPT_MSG 0.0f
/* Cue words tried per block, the most confident first. */
#define LEARN_MAX_TRIES 2
/* What a block must show to be tried at all: the blind tagger was right
 * about one sentence in five, with a Konjunktiv I form one in two. */
#define LEARN_EVIDENCE (CLT_SENT_SUBJ | CLT_SENT_QUOTE | CLT_SENT_DASS)
/* Classes of words the tagger may not turn into cues: what the lexicon
 * already calls a cue (the rules tried it), function words, auxiliaries
 * and copulas, and the hand-written "never a cue" list. */
#define LEARN_NOT_CUE (CL_VERB | CL_SEP | CL_HEISST | CL_FUNC | CL_AUX |    \
                       CL_FINITE | CL_SUBJ | CL_SUBJ2 | CL_SUBJ2W |         \
                       CL_PASSIVE | CL_NOCUE | CL_PRON | CL_RELPRON |       \
                       CL_NOUNISH)

/* The tagger's view of the current block in scratch ltok, built once per
 * block; returns its CLT_SENT_* marks. */
static unsigned block_view(cx_t *cx)
{
    struct ne_claims_scratch_s *s = cx->s;
    uint32_t n = cx->e - cx->b, i;
    if (s->ltok_block == cx->block + 1)
        return s->ltok_sent;
    NE_GROW(s->ltok.v, s->ltok.cap, n);
    for (i = 0; i < n; i++)
        claims_ltok_fill(cx->lex, T(cx, cx->b + i), cx->v.norm, &s->ltok.v[i]);
    s->ltok_block = cx->block + 1;
    s->ltok_sent = claims_tag_sentence(s->ltok.v, n);
    return s->ltok_sent;
}

/* Score of label l over the best label that is neither l nor its B/I
 * partner, in the perceptron's units. */
static float role_margin(const claims_tagger_t *m, const int32_t *sc, int b)
{
    int32_t other = INT32_MIN;
    int l;
    for (l = 0; l < CLT__CNT; l++)
        if (l != b && l != b + 1 && sc[l] > other)
            other = sc[l];
    return (float)(NE_MAX(sc[b], sc[b + 1]) - other) / m->scale;
}

/*
 * A speech act the rules found but would not take (a bare object, a cue
 * the lexicon does not call a speech act): does the tagger read token i
 * as its cue and the words of [mb, me) as its message? Both by margin:
 * the cue's at i, the message's on average over the words.
 */
int claims_learned_accept(cx_t *cx, uint32_t i, uint32_t mb, uint32_t me)
{
    const claims_tagger_t *m = cx->cl->tagger;
    uint32_t n = cx->e - cx->b, t, nw = 0;
    int32_t sc[CLT__CNT];
    float msg = 0;
    unsigned sent;
    if (!m || cx->en || mb >= me || i < cx->b || me > cx->e)
        return 0;
    sent = block_view(cx);
    claims_tag_scores(m, cx->s->ltok.v, n, i - cx->b, sent, sc);
    if (role_margin(m, sc, CLT_B_CUE) < LEARN_ACCEPT_CUE)
        return 0;
    for (t = mb; t < me; t++) {
        if (T(cx, t)->kind != NE_TOK_WORD)
            continue;
        claims_tag_scores(m, cx->s->ltok.v, n, t - cx->b, sent, sc);
        msg += role_margin(m, sc, CLT_B_MSG);
        nw++;
    }
    return nw && msg / (float)nw >= LEARN_ACCEPT_MSG;
}

/*
 * In a German block without a claim, the tagger's surest cue word outside
 * the lexicon gets a cue's class for one try of the leading frame
 * ("Die Demonstranten skandierten, die Regierung müsse zurücktreten").
 * What the frame emits scores CLAIM_SCORE_LEARNED. Returns 1 when a
 * claim was emitted.
 */
int claims_learned_frame(cx_t *cx)
{
    const claims_tagger_t *m = cx->cl->tagger;
    struct ne_claims_scratch_s *s = cx->s;
    uint32_t n = cx->e - cx->b, i, best[LEARN_MAX_TRIES];
    float bm[LEARN_MAX_TRIES];
    size_t n0 = cx->doc->claims.cnt, k;
    unsigned sent;
    int nb = 0, j;

    if (!m || cx->en || n < 4)
        return 0;
    sent = block_view(cx);
    if (!(sent & LEARN_EVIDENCE))
        return 0;
    for (i = 0; i < n; i++) {
        uint32_t t = cx->b + i;
        int32_t sc[CLT__CNT];
        float margin;
        if (T(cx, t)->kind != NE_TOK_WORD ||
            (T(cx, t)->flags & (NE_TOKF_CAP | NE_TOKF_ALLCAP)) ||
            cx->used[t] || cx->inq[t] >= 0 || (C(cx, t) & LEARN_NOT_CUE))
            continue;
        claims_tag_scores(m, s->ltok.v, n, i, sent, sc);
        margin = role_margin(m, sc, CLT_B_CUE);
        if (margin < LEARN_CUE_MARGIN)
            continue;
        /* keep the LEARN_MAX_TRIES best, in order */
        if (nb < LEARN_MAX_TRIES)
            nb++;
        else if (margin <= bm[nb - 1])
            continue;
        for (j = nb - 1; j > 0 && bm[j - 1] < margin; j--) {
            bm[j] = bm[j - 1];
            best[j] = best[j - 1];
        }
        bm[j] = margin;
        best[j] = t;
    }
    for (j = 0; j < nb; j++) {
        uint64_t old = s->cls.v[best[j]];
        s->cls.v[best[j]] |= CL_VERB;
        claims_leading_frame_de(cx, best[j]);
        s->cls.v[best[j]] = old;
        if (cx->doc->claims.cnt > n0) {
            for (k = n0; k < cx->doc->claims.cnt; k++)
                cx->doc->claims.v[k].score = CLAIM_SCORE_LEARNED;
            return 1;
        }
    }
    return 0;
}
