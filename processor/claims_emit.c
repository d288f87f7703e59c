/*
 * newsenrich - claims: cues, candidates and emission. A candidate
 * (cand_t) holds a claim's token ranges until emit() checks it (nothing
 * used, message not empty after trimming, no overlap with its own speaker
 * or cue) and writes it to doc->claims.
 */
#include "claims_rules.h"

/* ---- cues ------------------------------------------------------------- */

/* Is token i a cue? A separable stem only with its particle: later in the
 * clause, where the clause ends ("teilte ... mit,"), or just before it
 * ("bekannt gab"). *part gets the particle's index or -1. */
int claims_is_cue(const cx_t *cx, uint32_t i, int64_t *part)
{
    const claims_lexent_t *e;
    uint32_t j, ce;
    int k;

    *part = -1;
    if (C(cx, i) & CL_VERB)
        return 1;
    if (!(C(cx, i) & CL_SEP) || !(e = claims_lex_get(cx->lex, cx->h[i])))
        return 0;
    if (i > cx->b)
        for (k = 0; k < e->nparticle; k++)
            if (cx->h[i - 1] == e->particle[k]) {
                *part = i - 1;
                return 1;
            }
    ce = clause_end(cx, i);
    for (j = i + 1; j < cx->e; j++) {
        if (is_dash(cx, j)) {
            /* over an insertion: "gab heute – nach ... – X bekannt" */
            uint32_t d;
            for (d = j + 1; d < cx->e && !is_dash(cx, d) && !is_final(cx, d);
                 d++)
                ;
            if (d < cx->e && is_dash(cx, d)) {
                j = d;
                if (ce <= d)
                    ce = clause_end(cx, d + 1);
                continue;
            }
        }
        if (j >= ce && !is_ch(cx, j, ',') && is_bound(cx, j))
            break;
        /* past the clause only over an apposition: ", teilte der
         * Direktor, Bagus Puruhito, mit." */
        if (j >= ce && (C(cx, j) & (CL_VERBISH | CL_SUBCONJ | CL_RELPRON)))
            break;
        for (k = 0; k < e->nparticle; k++)
            if (cx->h[j] == e->particle[k] &&
                (j + 1 == cx->e || is_bound(cx, j + 1) ||
                 (C(cx, j + 1) & CL_AUX))) {
                *part = j;
                return 1;
            }
    }
    return 0;
}

/* ---- claims ----------------------------------------------------------- */

void claims_cand_init(cand_t *c, uint8_t kind)
{
    memset(c, 0, sizeof(*c));
    c->kind = kind;
    c->sb = c->cb = c->eb = -1;
    c->copy_from = -1;
    c->ent_from = -1;
    c->score = CLAIM_SCORE_FRAME;
}

static ne_span_t tok_span(const cx_t *cx, uint32_t b, uint32_t e)
{
    ne_span_t sp;
    sp.field = T(cx, b)->field;
    sp.start = T(cx, b)->start;
    sp.end = T(cx, e - 1)->end;
    return sp;
}

int claims_range_used(const cx_t *cx, int64_t b, int64_t e)
{
    for (; b < e; b++)
        if (cx->used[b])
            return 1;
    return 0;
}

/* An English cue whose object is the whole message ("endorsed Trump",
 * "criticized Clinton"): the lexicon marks it obj; one word is then
 * message enough. */
static int object_cue(const cx_t *cx, const cand_t *c)
{
    int64_t t;
    if (!cx->en || c->cb < 0)
        return 0;
    for (t = c->cb; t < c->ce; t++)
        if (C(cx, (uint32_t)t) & CL_OBJ)
            return 1;
    return 0;
}

/* Trim a message to what was said: boundary punctuation off both ends; a
 * message that is one quotation loses its marks and becomes direct. */
int claims_trim_message(const cx_t *cx, cand_t *c, ne_span_t *text)
{
    uint32_t mb = c->mb, me = c->me;
    const claims_quote_t *q;

    while (mb < me && cx->inq[mb] < 0 && T(cx, mb)->kind == NE_TOK_PUNCT &&
           !is_ch(cx, mb, '('))
        mb++;
    while (me > mb && cx->inq[me - 1] < 0 &&
           T(cx, me - 1)->kind == NE_TOK_PUNCT && !is_ch(cx, me - 1, ')'))
        me--;
    if (me <= mb || (n_words(cx, mb, me) < 2 &&
                     !(cx->inq[mb] >= 0 && quote_at(cx, mb)->open == mb &&
                       quote_last(quote_at(cx, mb)) == me - 1 &&
                       n_words(cx, mb, me) == 1) &&
                     !(n_words(cx, mb, me) == 1 && object_cue(cx, c))))
        return -1;
    c->mb = mb;
    c->me = me;
    *text = tok_span(cx, mb, me);
    q = quote_at(cx, mb);
    if (q && q->open == mb && cx->inq[me - 1] >= 0) {
        const claims_quote_t *q2 = quote_at(cx, me - 1);
        uint32_t ib = q->begin, ie = q2->end;
        if (quote_last(q2) != me - 1)
            return 0;
        while (ie > ib && T(cx, ie - 1)->kind == NE_TOK_PUNCT &&
               (is_ch(cx, ie - 1, ',') || is_ch(cx, ie - 1, ';') ||
                is_ch(cx, ie - 1, ':')))
            ie--;
        if (ie <= ib)
            return -1;
        /* Inside quotes only when the message is all quotation. */
        if (q == q2 || n_words(cx, mb, me) ==
                           n_words(cx, q->begin, q->end) +
                               n_words(cx, q2->begin, q2->end)) {
            *text = tok_span(cx, ib, ie);
            if (c->kind != NE_CLAIM_ACCORDING_TO)
                c->kind = NE_CLAIM_DIRECT;
        }
    }
    return 0;
}

/* Write candidate c as a claim unless it collides with an earlier one. */
int claims_emit(cx_t *cx, cand_t *c)
{
    ne_doc_t *doc = cx->doc;
    struct ne_claims_scratch_s *s = cx->s;
    ne_claim_t *cl;
    ne_span_t text;
    int64_t t;

    if ((c->sb >= 0 && c->se <= c->sb) || (c->cb >= 0 && c->ce <= c->cb) ||
        (c->eb >= 0 && c->ee <= c->eb))
        return 0;
    if (c->kind == NE_CLAIM_DIRECT)
        c->kind = NE_CLAIM_INDIRECT; /* decided by trim_message */
    if (claims_trim_message(cx, c, &text) == -1 ||
        claims_range_used(cx, c->mb, c->me) ||
        (c->cb >= 0 && claims_range_used(cx, c->cb, c->ce)))
        return 0;
    /* a speaker may speak twice ("X said A and said B"), but no speaker
     * lies in another claim's message or cue */
    for (t = c->sb; c->sb >= 0 && t < c->se; t++)
        if (cx->used[t] && cx->used[t] != USED_SPEAKER)
            return 0;
    if (c->sb >= 0 && c->sb < c->mb && c->se > c->mb)
        return 0;
    for (t = c->mb; t < c->me; t++)
        cx->used[t] = USED_MESSAGE;
    for (t = c->sb; c->sb >= 0 && t < c->se; t++)
        cx->used[t] = USED_SPEAKER;
    for (t = c->cb; c->cb >= 0 && t < c->ce; t++)
        cx->used[t] = USED_CUE;

    cl = NE_VEC_PUSH(doc->claims);
    memset(cl, 0, sizeof(*cl));
    cl->kind = c->kind;
    cl->text = text;
    cl->speaker_entity = -1;
    cl->score = c->score;
    if (c->copy_from >= 0) {
        const ne_claim_t *from = &doc->claims.v[c->copy_from];
        cl->has_speaker = from->has_speaker;
        cl->speaker = from->speaker;
        cl->speaker_entity = from->speaker_entity;
    } else if (c->sb >= 0) {
        cl->has_speaker = 1;
        cl->speaker = tok_span(cx, (uint32_t)c->sb, (uint32_t)c->se);
        if (c->ent_from >= 0)
            cl->speaker_entity = doc->claims.v[c->ent_from].speaker_entity;
        else if (c->eb >= 0)
            cl->speaker_entity = claims_span_entity(
                doc, tok_span(cx, (uint32_t)c->eb, (uint32_t)c->ee));
        else if (c->se == c->sb + 1 && (C(cx, (uint32_t)c->sb) & CL_PRON))
            cl->speaker_entity =
                claims_resolve_pronoun(cx, (uint32_t)c->sb, c->plural);
        else
            cl->speaker_entity = claims_span_entity(doc, cl->speaker);
    }
    if (c->cb >= 0) {
        cl->has_cue = 1;
        cl->cue = tok_span(cx, (uint32_t)c->cb, (uint32_t)c->ce);
    }
    *NE_VEC_PUSH(s->claim_block) = cx->block;
    *NE_VEC_PUSH(s->claim_tok) = c->mb;
    *NE_VEC_PUSH(s->claim_tok) = c->me;
    return 1;
}

/* Emit c with the quotation q as its message (direct speech). */
int claims_emit_quote(cx_t *cx, cand_t *c, const claims_quote_t *q)
{
    c->mb = q->open;
    c->me = quote_last(q) + 1;
    c->score = CLAIM_SCORE_ACT_QUOTE;
    return claims_emit(cx, c);
}
