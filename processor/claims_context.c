/*
 * newsenrich - claims: pass 3, context: a quotation standing alone after
 * a claim continues its speaker; so does a German sentence in Konjunktiv
 * I, also after a sentence whose subject or cue found no message; a
 * quotation after a colon ("X äußerte sich zufrieden: „Q“").
 */
#include "claims_rules.h"

/* Pass 3: a block without a claim right after one continues it when it
 * is a quotation standing alone, or (German) reported speech in
 * Konjunktiv I. Consecutive continuations merge into one claim. A
 * sentence whose cue found no message ("X wies den Vorwurf zurück.")
 * lends its speaker to a next sentence in reported speech. */
void claims_continuation(cx_t *cx)
{
    ne_doc_t *doc = cx->doc;
    struct ne_claims_scratch_s *s = cx->s;
    uint32_t end = block_body_end(cx), t, prev;
    const claims_quote_t *q;
    ne_claim_t *last = NULL;
    uint32_t gap;
    cand_t c;

    if (end <= cx->b)
        return;
    for (t = cx->b; t < end; t++)
        if (cx->used[t])
            return;
    q = quote_at(cx, cx->b);
    if (q && (q->open != cx->b || quote_last(q) + 1 < end))
        q = NULL; /* not a quotation standing alone */
    if (cx->pend_cb >= 0 && cx->pend_block + 1 == cx->block &&
        T(cx, (uint32_t)cx->pend_cb)->field == T(cx, cx->b)->field &&
        (q || (!cx->en && claims_reported_mood(cx, end)))) {
        claims_cand_init(&c, NE_CLAIM_INDIRECT);
        c.mb = cx->b;
        c.me = end;
        c.sb = cx->pend_sb;
        c.se = cx->pend_se;
        c.cb = cx->pend_cb;
        c.ce = cx->pend_ce;
        c.score = CLAIM_SCORE_CONTINUED;
        cx->pend_cb = -1;
        claims_emit(cx, &c);
        return;
    }
    if (!doc->claims.cnt)
        return;
    prev = (uint32_t)doc->claims.cnt - 1;
    last = &doc->claims.v[prev];
    gap = cx->block - s->claim_block.v[prev] - 1;
    if (gap > (q ? 0 : CONT_MAX_GAP) || !last->has_speaker ||
        last->speaker.field != T(cx, cx->b)->field)
        return;
    if (q) {
        if (cx->en && last->kind == NE_CLAIM_DIRECT &&
            s->claim_block.v[prev] + 1 == cx->block &&
            last->text.field == T(cx, cx->b)->field) {
            /* "“A,” he said. “B.”": one quotation interrupted by its
             * attribution; the message is its larger part */
            uint32_t lb = s->claim_tok.v[2 * prev];
            uint32_t le = s->claim_tok.v[2 * prev + 1];
            for (t = cx->b; t <= quote_last(q); t++)
                cx->used[t] = 1;
            s->claim_block.v[prev] = cx->block;
            claims_cand_init(&c, NE_CLAIM_DIRECT);
            c.mb = cx->b;
            c.me = quote_last(q) + 1;
            if (n_words(cx, c.mb, c.me) > n_words(cx, lb, le) &&
                claims_trim_message(cx, &c, &last->text) == 0) {
                s->claim_tok.v[2 * prev] = c.mb;
                s->claim_tok.v[2 * prev + 1] = c.me;
            }
            return;
        }
        claims_cand_init(&c, NE_CLAIM_DIRECT);
        c.mb = cx->b;
        c.me = end;
        c.copy_from = (int)prev;
        c.score = CLAIM_SCORE_CONTINUED;
        if (n_words(cx, c.mb, c.me) >= 3)
            claims_emit(cx, &c);
        return;
    }
    if (cx->en || quote_at(cx, cx->b) || !claims_reported_mood(cx, end))
        return;
    if (!gap && !last->has_cue && s->claim_tok.v[2 * prev + 1] <= cx->b &&
        last->text.field == T(cx, cx->b)->field) {
        /* extend the previous continuation */
        for (t = cx->b; t < end; t++)
            cx->used[t] = 1;
        last->text.end = T(cx, end - 1)->end;
        s->claim_block.v[prev] = cx->block;
        s->claim_tok.v[2 * prev + 1] = end;
        return;
    }
    claims_cand_init(&c, NE_CLAIM_INDIRECT);
    c.mb = cx->b;
    c.me = end;
    c.copy_from = (int)prev;
    c.score = CLAIM_SCORE_CONTINUED;
    claims_emit(cx, &c);
}

/* The speaker-like subject of the block's first clause ("Die äthiopische
 * Regierung warnt vor ..."), or 0. */
static int block_subject_de(const cx_t *cx, int64_t *sb, int64_t *se)
{
    uint32_t ce = clause_end(cx, cx->b), fin;
    for (fin = cx->b; fin < ce; fin++)
        if (cx->inq[fin] < 0 && (C(cx, fin) & CL_VERBISH) &&
            !(C(cx, fin) & CL_PARTIC))
            break;
    if (fin >= ce)
        return 0;
    if (fin > cx->b && claims_subject_prefield(cx, cx->b, fin, sb, se) &&
        claims_speaker_like(cx, *sb, *se))
        return 1;
    return claims_np_after(cx, fin + 1, ce, sb, se) && *sb == fin + 1 &&
           claims_speaker_like(cx, *sb, *se) &&
           !(C(cx, (uint32_t)*sb) & CL_PERSPRON &&
             !(C(cx, (uint32_t)*sb) & CL_PRON));
}

/* A German block in Konjunktiv I with no claim nor cue of its own, right
 * after a block without a claim whose subject reads as a speaker: the
 * Konjunktiv says it is reported, and the subject before is the likeliest
 * source ("Die Regierung warnt vor Überschwemmungen. Die Dämme befänden
 * sich an der Grenze ihrer Belastbarkeit."). Otherwise the block's own
 * subject is remembered for the next block. */
void claims_subject_continuation(cx_t *cx)
{
    uint32_t end = block_body_end(cx), t;
    int64_t part, sb = -1, se = -1;
    int subj1 = 0;
    cand_t c;

    for (t = cx->b; t < end && t < cx->b + 25 && !subj1; t++) {
        if (cx->inq[t] >= 0 || cx->used[t])
            break;
        if ((C(cx, t) & (CL_VERB | CL_SEP | CL_HEISST)) &&
            claims_is_cue(cx, t, &part))
            break;
        if (C(cx, t) & CL_SUBJ)
            subj1 = 1;
    }
    if (subj1 && cx->subj_sb >= 0 && cx->subj_block + 1 == cx->block &&
        T(cx, (uint32_t)cx->subj_sb)->field == T(cx, cx->b)->field) {
        for (t = cx->b; t < end; t++)
            if (cx->used[t])
                break;
        if (t == end) {
            claims_cand_init(&c, NE_CLAIM_INDIRECT);
            c.mb = cx->b;
            c.me = end;
            c.sb = cx->subj_sb;
            c.se = cx->subj_se;
            c.score = CLAIM_SCORE_MOOD_ONLY;
            cx->subj_sb = -1;
            if (claims_emit(cx, &c))
                return;
        }
    }
    cx->subj_sb = -1;
    if (!subj1 && block_subject_de(cx, &sb, &se)) {
        cx->subj_sb = sb;
        cx->subj_se = se;
        cx->subj_block = cx->block;
    }
}

/* An English headline or transcript source before a colon that names
 * no entity the tagger found: two to four capitalised words ("Ann
 * Coulter:", "Hacker Guccifer:"), a speaker in capitals ("BENENSON:"),
 * or a report ("Poll:", "Report:"). */
static int headline_source_en(const cx_t *cx, uint32_t b, uint32_t x)
{
    /* labels, not sources: "UPDATE:", "Paid Notice:", "WATCH:" */
    static const sfx_t LABEL[] = {
        SFX("update"),   SFX("correction"), SFX("breaking"), SFX("boom"),
        SFX("look"),     SFX("watch"),      SFX("note"),     SFX("notice"),
        SFX("exclusive"), SFX("video"),     SFX("photos"),   SFX("related"),
        SFX("editor"),   SFX("live"),       SFX("opinion"),  SFX("analysis"),
        SFX("read"),     SFX("more"),       SFX("transcript")};
    uint32_t t;
    size_t m;
    if (x <= b || x - b > 4)
        return 0;
    for (t = b; t < x; t++) {
        const ne_token_t *tk = T(cx, t);
        if (tk->kind != NE_TOK_WORD || !(tk->flags & NE_TOKF_CAP) ||
            (C(cx, t) & (CL_FUNC | CL_VERBISH)))
            return 0;
        for (m = 0; m < NE_ARRAY_SIZE(LABEL); m++)
            if (tk->norm_len == LABEL[m].n &&
                !memcmp(cx->v.norm + tk->norm_off, LABEL[m].s, LABEL[m].n))
                return 0;
    }
    if (x - b >= 2)
        return 1;
    return ((T(cx, b)->flags & NE_TOKF_ALLCAP) && T(cx, b)->norm_len >= 4) ||
           (C(cx, b) & (CL_MEDIUM | CL_STMT));
}

/* "BKA-Präsident Ziercke: „Q“": a noun phrase, a colon, a quotation; and
 * "Der Innenminister zeigte sich besorgt: „Q“": the subject of a clause
 * that ends in a colon before a quotation. */
int claims_colon_quote(cx_t *cx)
{
    uint32_t x = claims_np_from(cx, cx->b, cx->e, 0), qe,
             end = block_body_end(cx);
    uint32_t fin;
    const claims_quote_t *q;
    cand_t c;

    claims_cand_init(&c, NE_CLAIM_DIRECT);
    if (x > cx->b && x + 1 < cx->e && !is_ch(cx, x, ':') && !cx->en) {
        /* a clause with a subject and a finite verb before the colon */
        for (fin = x; fin < cx->e && !is_bound(cx, fin); fin++)
            ;
        if (fin + 1 >= cx->e || !is_ch(cx, fin, ':') ||
            !claims_subject_prefield(cx, cx->b, x, &c.sb, &c.se) ||
            !claims_has_content_lower(cx, x, fin) ||
            claims_negated(cx, x, fin, x))
            return 0;
        for (; x < fin; x++) {
            int64_t part;
            if ((C(cx, x) & (CL_VERB | CL_SEP)) && claims_is_cue(cx, x, &part))
                return 0; /* "Peskow sagte: „Q“" is a leading frame */
        }
    } else {
        c.sb = cx->b;
        c.se = x;
    }
    if (x == cx->b || x + 1 >= cx->e || !is_ch(cx, x, ':'))
        return 0;
    q = quote_at(cx, x + 1);
    if (q && q->open == x + 1 && quote_last(q) + 1 >= end)
        qe = quote_last(q) + 1;
    else if (x + 1 == cx->e - 1 || x + 1 == end)
        qe = claims_next_block_quote(cx, x);
    else if (c.sb == cx->b &&
             (claims_speaker_like(cx, c.sb, c.se) ||
              (cx->en && headline_source_en(cx, cx->b, x))) &&
             n_words(cx, x + 1, end) >= 3 &&
             !claims_range_used(cx, x + 1, end) && x - cx->b <= 6) {
        /* a headline "Marco Rubio: I'm Not Interested In ...": the
         * colon attributes */
        c.kind = NE_CLAIM_INDIRECT;
        qe = end;
    } else
        return 0;
    if (!qe)
        return 0;
    c.mb = x + 1;
    c.me = qe;
    c.score = CLAIM_SCORE_APART;
    return claims_emit(cx, &c);
}

/* A German sentence that ends in a colon before a quotation in the next
 * block, without a cue: its subject speaks. The subject opens the
 * sentence ("Auch die Delegationsleiterin, Sharon Hayes, äußerte sich
 * zufrieden:") or follows the finite verb, taken to be the first
 * lower-case content word ("Hier sparte der Bundespräsident nicht mit
 * Kritik:", "Dabei griff sie den Präsidenten an:"). */
int claims_colon_block_quote(cx_t *cx)
{
    uint32_t colon, j, k, qe = 0, end = block_body_end(cx);
    const claims_quote_t *q;
    cand_t c;

    for (colon = cx->b + 2; colon < cx->e; colon++)
        if (cx->inq[colon] >= 0 || is_ch(cx, colon, ':'))
            break;
    if (colon >= cx->e || !is_ch(cx, colon, ':'))
        return 0;
    q = colon + 1 < cx->e ? quote_at(cx, colon + 1) : NULL;
    if (q && q->open == colon + 1 && quote_last(q) + 1 >= end)
        qe = quote_last(q) + 1;
    else if (colon + 1 >= end)
        qe = claims_next_block_quote(cx, colon);
    if (!qe)
        return 0;
    claims_cand_init(&c, NE_CLAIM_DIRECT);
    for (j = cx->b; j < colon && (C(cx, j) & CL_FOCUS) &&
                    !(C(cx, j) & (CL_DET | CL_PRON));
         j++)
        ;
    k = claims_np_from(cx, j, colon, 0);
    if (k > j && claims_speaker_like(cx, j, k) &&
        !(C(cx, j) & CL_PERSPRON && !(C(cx, j) & CL_PRON))) {
        c.sb = j;
        c.se = k;
    } else {
        for (j = cx->b + 1; j < colon; j++) {
            if (cx->inq[j] >= 0 || is_bound(cx, j))
                return 0;
            if (T(cx, j)->kind == NE_TOK_WORD && !is_capword(cx, j) &&
                !has_inner_cap(cx, j) &&
                !(C(cx, j) & (CL_FUNC | CL_FOCUS | CL_TIME | CL_RELPRON)))
                break;
        }
        if (j >= colon || !claims_np_after(cx, j + 1, colon, &c.sb, &c.se) ||
            !claims_speaker_like(cx, c.sb, c.se))
            return 0;
    }
    for (j = cx->b; j < colon; j++) {
        int64_t part;
        if (cx->inq[j] >= 0 || cx->used[j] ||
            ((C(cx, j) & (CL_VERB | CL_SEP | CL_HEISST)) &&
             claims_is_cue(cx, j, &part)))
            return 0; /* "Peskow sagte:" is a leading frame */
    }
    c.mb = colon + 1;
    c.me = qe;
    c.score = CLAIM_SCORE_INFERRED;
    return claims_emit(cx, &c);
}

/* An English sentence that ends in a name and a colon before a quotation
 * running to the end of the block: the name speaks ("The timing does
 * not surprise Republican pollster Daron Shaw: “Historically, ...”",
 * "... - HuffPollster: “Pollsters are ...”"). */
int claims_colon_name_quote_en(cx_t *cx)
{
    uint32_t colon, k, p, end = block_body_end(cx);
    const claims_quote_t *q;
    cand_t c;

    for (colon = cx->b + 2; colon < cx->e; colon++)
        if (cx->inq[colon] >= 0 || is_ch(cx, colon, ':'))
            break;
    if (colon + 1 >= cx->e || !is_ch(cx, colon, ':'))
        return 0;
    q = quote_at(cx, colon + 1);
    if (!q || q->open != colon + 1 || quote_last(q) + 1 < end ||
        n_words(cx, colon + 1, end) < 3)
        return 0;
    for (k = colon; k > cx->b && colon - k < 5 &&
                    T(cx, k - 1)->kind == NE_TOK_WORD &&
                    (T(cx, k - 1)->flags & NE_TOKF_CAP) &&
                    !(C(cx, k - 1) & (CL_FUNC | CL_VERBISH));
         k--)
        ;
    if (k == colon || !claims_names_speaker(cx, k, colon))
        return 0;
    for (p = k; p > cx->b && (C(cx, p - 1) & CL_DET) &&
                !(C(cx, p - 1) & CL_PREP);
         p--)
        ;
    if (p > cx->b && (((C(cx, p - 1) & CL_PREP) && !(C(cx, p - 1) & CL_DET)) ||
                      is_hash(cx, p - 1, cx->w->to)))
        return 0; /* "a message to (the) Trump:", "on CNN:": no speaker */
    claims_cand_init(&c, NE_CLAIM_DIRECT);
    c.sb = k;
    c.se = colon;
    c.mb = colon + 1;
    c.me = quote_last(q) + 1;
    c.score = CLAIM_SCORE_APART;
    return claims_emit(cx, &c);
}
