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
#include "text.h"

#include <stdlib.h>
#include <string.h>

#define QUOTE_MAX_DEPTH 8

typedef ne_quote_style_t qmark_t;

/* The mark of a quotation token (text.h), NE_QUOTE_NONE for others. */
static qmark_t mark_of(const ne_token_t *t)
{
    return t->kind == NE_TOK_QUOTE ? (qmark_t)t->quote_style : NE_QUOTE_NONE;
}

/* Can mark m close a quote opened by o? */
static int closes(qmark_t o, qmark_t m)
{
    switch (o) {
    case NE_QUOTE_DBL_LOW:
        return m == NE_QUOTE_DBL_LEFT || m == NE_QUOTE_DBL_RIGHT ||
               m == NE_QUOTE_DBL_STRAIGHT || m == NE_QUOTE_APOS2;
    case NE_QUOTE_DBL_LEFT:
    case NE_QUOTE_DBL_REV:
        return m == NE_QUOTE_DBL_RIGHT || m == NE_QUOTE_DBL_LEFT ||
               m == NE_QUOTE_DBL_STRAIGHT;
    case NE_QUOTE_GUIL_RIGHT:
        return m == NE_QUOTE_GUIL_LEFT;
    case NE_QUOTE_GUIL_LEFT:
        return m == NE_QUOTE_GUIL_RIGHT;
    case NE_QUOTE_SGL_LOW:
        return m == NE_QUOTE_SGL_LEFT || m == NE_QUOTE_SGL_RIGHT;
    case NE_QUOTE_SGL_LEFT:
    case NE_QUOTE_SGL_REV:
    case NE_QUOTE_BACKTICK:
        return m == NE_QUOTE_SGL_RIGHT || m == NE_QUOTE_SGL_STRAIGHT;
    case NE_QUOTE_SGUIL_RIGHT:
        return m == NE_QUOTE_SGUIL_LEFT;
    case NE_QUOTE_SGUIL_LEFT:
        return m == NE_QUOTE_SGUIL_RIGHT;
    case NE_QUOTE_DBL_STRAIGHT:
        return m == NE_QUOTE_DBL_STRAIGHT || m == NE_QUOTE_DBL_RIGHT;
    case NE_QUOTE_SGL_STRAIGHT:
        return m == NE_QUOTE_SGL_STRAIGHT || m == NE_QUOTE_SGL_RIGHT;
    case NE_QUOTE_BACKTICK2:
        return m == NE_QUOTE_APOS2 || m == NE_QUOTE_DBL_RIGHT ||
               m == NE_QUOTE_DBL_STRAIGHT;
    case NE_QUOTE_CORNER_OPEN:
        return m == NE_QUOTE_CORNER_CLOSE;
    case NE_QUOTE_WCORNER_OPEN:
        return m == NE_QUOTE_WCORNER_CLOSE;
    default:
        return 0;
    }
}

static int can_open(qmark_t m, uint16_t flags)
{
    /* the text stage decided from the spacing that it only closes */
    if ((flags & NE_TOKF_QUOTE_CLOSE) && !(flags & NE_TOKF_QUOTE_OPEN))
        return 0;
    switch (m) {
    case NE_QUOTE_DBL_RIGHT:
    case NE_QUOTE_SGL_RIGHT:
    case NE_QUOTE_APOS2:
    case NE_QUOTE_CORNER_CLOSE:
    case NE_QUOTE_WCORNER_CLOSE:
        return 0;
    case NE_QUOTE_DBL_STRAIGHT:
    case NE_QUOTE_SGL_STRAIGHT:
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
    qmark_t next = cont ? mark_of(&v->tok[pend]) : NE_QUOTE_NONE;

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
        if (t->kind != NE_TOK_QUOTE || !(m = mark_of(t)))
            continue;
        for (d = depth - 1; d >= 0; d--)
            if (closes(stack[d].mark, m))
                break;
        /* A straight mark that may only open while the same mark is open
         * cannot nest: the earlier one lost its closer. */
        if (d >= 0 && (m == NE_QUOTE_DBL_STRAIGHT ||
                       m == NE_QUOTE_SGL_STRAIGHT) &&
            !(t->flags & NE_TOKF_QUOTE_CLOSE))
            d = -1;
        /* An apostrophe-like ’ only closes the innermost quote. */
        if (d >= 0 && d < depth - 1 &&
            (m == NE_QUOTE_SGL_RIGHT || m == NE_QUOTE_SGL_STRAIGHT))
            d = -1;
        /* “ opens in English text even while „ is open deeper down. */
        if (d >= 0 && d < depth - 1 && m == NE_QUOTE_DBL_LEFT)
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

    if (quotes->cnt > 1)
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
