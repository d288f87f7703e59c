/*
 * newsenrich - claims: pairing quotation marks.
 *
 * One stack per paragraph. A mark closes the innermost open quote whose
 * opening shape it can close; otherwise it opens a quote if it can. The
 * shape decides for curly marks and guillemets, whatever the spacing says:
 * “ closes „ (German) but opens in English; » closes « (French) but opens
 * »…« (German). Straight marks close an open straight mark of the same
 * kind, else open. Quotes left open are capped, never run away: at the
 * paragraph end when the next paragraph opens with the same mark (the
 * convention for quotes over several paragraphs), else at the end of the
 * sentence that opened them.
 */
#include "claims_int.h"

#include <stdlib.h>
#include <string.h>

typedef enum {
    QM_NONE = 0,
    QM_DLOW,     /* „ */
    QM_DLEFT,    /* “ */
    QM_DRIGHT,   /* ” */
    QM_GUIL_R,   /* » */
    QM_GUIL_L,   /* « */
    QM_SLOW,     /* ‚ */
    QM_SLEFT,    /* ‘ */
    QM_SRIGHT,   /* ’ */
    QM_SGUIL_R,  /* › */
    QM_SGUIL_L,  /* ‹ */
    QM_STRAIGHT, /* " */
    QM_SSTRAIGHT /* ' */
} qmark_t;

#define QUOTE_MAX_DEPTH 8

static qmark_t mark_of(const ne_doc_t *doc, const ne_token_t *t)
{
    const unsigned char *p = (const unsigned char *)ne_doc_tok_ptr(doc, t);
    size_t n = t->end - t->start;

    if (n == 1)
        return p[0] == '"' ? QM_STRAIGHT : p[0] == '\'' ? QM_SSTRAIGHT
                                                         : QM_NONE;
    if (n == 2 && p[0] == '\'' && p[1] == '\'')
        return QM_STRAIGHT; /* '' as a double mark */
    if (n == 2 && p[0] == 0xc2)
        return p[1] == 0xbb ? QM_GUIL_R : p[1] == 0xab ? QM_GUIL_L : QM_NONE;
    if (n == 3 && p[0] == 0xe2 && p[1] == 0x80) {
        switch (p[2]) {
        case 0x9e: return QM_DLOW;
        case 0x9c: return QM_DLEFT;
        case 0x9d: return QM_DRIGHT;
        case 0x9a: return QM_SLOW;
        case 0x98: return QM_SLEFT;
        case 0x99: return QM_SRIGHT;
        case 0xba: return QM_SGUIL_R;
        case 0xb9: return QM_SGUIL_L;
        }
    }
    if (n == 3 && p[0] == 0xef && p[1] == 0xbc && p[2] == 0x82)
        return QM_STRAIGHT; /* fullwidth " */
    return QM_NONE;
}

/* Can mark m close a quote opened by o? */
static int closes(qmark_t o, qmark_t m)
{
    switch (o) {
    case QM_DLOW:
        return m == QM_DLEFT || m == QM_DRIGHT || m == QM_STRAIGHT;
    case QM_DLEFT:
        return m == QM_DRIGHT || m == QM_DLEFT || m == QM_STRAIGHT;
    case QM_GUIL_R:
        return m == QM_GUIL_L;
    case QM_GUIL_L:
        return m == QM_GUIL_R;
    case QM_SLOW:
        return m == QM_SLEFT || m == QM_SRIGHT;
    case QM_SLEFT:
        return m == QM_SRIGHT || m == QM_SSTRAIGHT;
    case QM_SGUIL_R:
        return m == QM_SGUIL_L;
    case QM_SGUIL_L:
        return m == QM_SGUIL_R;
    case QM_STRAIGHT:
        return m == QM_STRAIGHT || m == QM_DRIGHT;
    case QM_SSTRAIGHT:
        return m == QM_SSTRAIGHT || m == QM_SRIGHT;
    default:
        return 0;
    }
}

static int can_open(qmark_t m, uint16_t flags)
{
    switch (m) {
    case QM_DRIGHT:
    case QM_SRIGHT:
        return 0;
    case QM_STRAIGHT:
    case QM_SSTRAIGHT:
        return (flags & NE_TOKF_QUOTE_OPEN) != 0;
    default:
        return 1;
    }
}

typedef struct {
    uint32_t tok;
    qmark_t mark;
} qopen_t;

static void add_quote(claims_quotes_t *quotes, uint32_t open, uint32_t close,
                      uint32_t end, int depth, int closed)
{
    claims_quote_t *q = NE_VEC_PUSH(*quotes);
    q->open = open;
    q->close = close;
    q->begin = open + 1;
    q->end = end;
    q->depth = (uint16_t)depth;
    q->closed = (uint8_t)closed;
}

/* Cap the quotes still open at a paragraph that ends before token pend
 * (the next paragraph's first token, or the field's end). */
static void cap_open(const claims_view_t *v, const ne_doc_t *doc,
                     claims_quotes_t *quotes, qopen_t *stack, int depth,
                     uint32_t pend)
{
    int d;
    int cont = pend < v->ntok && v->tok[pend].kind == NE_TOK_QUOTE &&
               v->tok[pend].field == v->tok[pend - 1].field;
    qmark_t next = cont ? mark_of(doc, &v->tok[pend]) : QM_NONE;

    for (d = depth - 1; d >= 0; d--) {
        uint32_t end = v->sent[v->tok[stack[d].tok].sent].tok_end;
        if (d == 0 && next == stack[d].mark)
            end = pend;
        if (end > pend)
            end = pend;
        /* A mark at the very end of its paragraph opens nothing. */
        if (end > stack[d].tok + 1)
            add_quote(quotes, stack[d].tok, stack[d].tok, end, d, 0);
    }
}

static int cmp_quote(const void *a, const void *b)
{
    const claims_quote_t *x = a, *y = b;
    return x->open < y->open ? -1 : x->open > y->open;
}

void claims_quotes_find(const claims_view_t *v, const ne_doc_t *doc,
                        claims_quotes_t *quotes, int32_t *inq)
{
    qopen_t stack[QUOTE_MAX_DEPTH];
    int depth = 0;
    uint32_t i;
    size_t k;

    quotes->cnt = 0;
    for (i = 0; i < v->ntok; i++) {
        const ne_token_t *t = &v->tok[i];
        qmark_t m;
        int d;

        inq[i] = -1;
        if (i > 0 && ((t->flags & NE_TOKF_PARA_START) ||
                      t->field != v->tok[i - 1].field)) {
            cap_open(v, doc, quotes, stack, depth, i);
            depth = 0;
        }
        if (t->kind != NE_TOK_QUOTE || !(m = mark_of(doc, t)))
            continue;
        for (d = depth - 1; d >= 0; d--)
            if (closes(stack[d].mark, m))
                break;
        /* A straight mark that may only open while the same mark is open
         * cannot nest: the earlier one lost its closer. */
        if (d >= 0 && (m == QM_STRAIGHT || m == QM_SSTRAIGHT) &&
            !(t->flags & NE_TOKF_QUOTE_CLOSE))
            d = -1;
        /* An apostrophe-like ’ only closes the innermost quote. */
        if (d >= 0 && d < depth - 1 && (m == QM_SRIGHT || m == QM_SSTRAIGHT))
            d = -1;
        /* “ opens in English text even while „ is open deeper down. */
        if (d >= 0 && d < depth - 1 && m == QM_DLEFT)
            d = -1;
        if (d >= 0) {
            /* Quotes opened above the one this mark closes lost their
             * closers: cap them at their sentence ends (or here). */
            int e;
            for (e = depth - 1; e > d; e--) {
                uint32_t end = v->sent[v->tok[stack[e].tok].sent].tok_end;
                if (end > i)
                    end = i;
                if (end > stack[e].tok + 1)
                    add_quote(quotes, stack[e].tok, stack[e].tok, end, e, 0);
            }
            add_quote(quotes, stack[d].tok, i, i, d, 1);
            depth = d;
            continue;
        }
        if (!can_open(m, t->flags) || depth == QUOTE_MAX_DEPTH)
            continue;
        stack[depth].tok = i;
        stack[depth].mark = m;
        depth++;
    }
    cap_open(v, doc, quotes, stack, depth, (uint32_t)v->ntok);

    qsort(quotes->v, quotes->cnt, sizeof(*quotes->v), cmp_quote);
    for (k = 0; k < quotes->cnt; k++) {
        const claims_quote_t *q = &quotes->v[k];
        uint32_t last = q->closed ? q->close : q->end - 1;
        if (inq[q->open] != -1)
            continue; /* inside an earlier quote */
        for (i = q->open; i <= last; i++)
            inq[i] = (int32_t)k;
    }
}
