/*
 * newsenrich - claims: pass 1, trailing frames: "MSG, sagte X.",
 * "„Q“, so X.", "“Q,” X said.", "MSG, hatte er gesagt", ", heißt es".
 */
#include "claims_rules.h"

/* The frame was set into the sentence after its first part: the
 * sentence goes on with its finite verb ("In zehn Jahren, so schätzen
 * die Forscher, soll die Forschung abgeschlossen sein"), so what follows
 * is the rest of the message even without a Konjunktiv. */
static int finite_after_insert(const cx_t *cx, uint32_t t)
{
    return (C(cx, t) & (CL_AUX | CL_FINITE | CL_SUBJ | CL_SUBJ2 |
                        CL_SUBJ2W | CL_PASSIVE)) ||
           is_hash(cx, t, cx->w->soll) || is_hash(cx, t, cx->w->sollen);
}

/* Is [b, e) an apposition to the speaker before it ("..., said Gary
 * Orfield, education and law professor at UCLA."): a role noun among its
 * first words and no verb? */
static int apposition_en(const cx_t *cx, uint32_t b, uint32_t e)
{
    uint32_t t;
    int role = 0;
    if (b < e && (C(cx, b) & CL_PREP) && !(C(cx, b) & CL_DET))
        return 0; /* "..., strategists said, for Democrats to ...": a
                     phrase of the sentence, no noun phrase */
    for (t = b; t < e; t++) {
        if (C(cx, t) & (CL_VERBISH | CL_VERB | CL_SUBCONJ | CL_RELPRON))
            return 0;
        if ((C(cx, t) & CL_ROLE) && t < b + APPOS_ROLE_MAX)
            role = 1;
    }
    return role;
}

/* "..., respondents said, ...": a bare plural noun as the subject of a
 * frame set into the sentence (the speaker rules want a name, a role or
 * a determiner). */
static int bare_plural_en(const cx_t *cx, uint32_t cs, uint32_t i,
                          int64_t *sb, int64_t *se)
{
    const ne_token_t *tk = T(cx, cs);
    if (i != cs + 1 || tk->kind != NE_TOK_WORD || is_capword(cx, cs) ||
        tk->norm_len < 4 || cx->v.norm[tk->norm_off + tk->norm_len - 1] != 's' ||
        (C(cx, cs) & (CL_FUNC | CL_VERBISH | CL_VERB | CL_TIME)) ||
        !(C(cx, i) & CL_SAY))
        return 0;
    *sb = cs;
    *se = i;
    return 1;
}

/* "told her", "told them": a pronoun as the addressee. */
static int object_pronoun_en(const cx_t *cx, uint32_t t)
{
    static const char *const w[] = {"him", "her", "them", "me", "us"};
    const ne_token_t *tk = T(cx, t);
    size_t n, l;
    for (n = 0; n < NE_ARRAY_SIZE(w); n++) {
        l = strlen(w[n]);
        if (tk->kind == NE_TOK_WORD && tk->norm_len == l &&
            !memcmp(cx->v.norm + tk->norm_off, w[n], l))
            return 1;
    }
    return 0;
}

/* A verb right after the speaker of "..., said X": a lexicon verb or
 * auxiliary, or a lower-case word in -ed ("said Obama failed to ..."):
 * the name is the subject of the message, not a trailing speaker. */
static int verb_like_en(const cx_t *cx, uint32_t t)
{
    const ne_token_t *tk = T(cx, t);
    if (tk->kind != NE_TOK_WORD || is_capword(cx, t))
        return 0;
    if (C(cx, t) & (CL_VERBISH | CL_VERB))
        return 1;
    return tk->norm_len > 4 &&
           !memcmp(cx->v.norm + tk->norm_off + tk->norm_len - 2, "ed", 2) &&
           !(C(cx, t) & (CL_FUNC | CL_TIME | CL_RELPRON | CL_NOUNISH));
}

/* Is [b, e) an introductory phrase, a preposition and its noun phrase
 * with no verb ("At one point", "In a speech last July")? */
static int intro_phrase_en(const cx_t *cx, uint32_t b, uint32_t e)
{
    uint32_t t;
    if (b >= e || !(C(cx, b) & CL_PREP) || (C(cx, b) & CL_SUBCONJ))
        return 0;
    for (t = b; t < e; t++)
        if ((C(cx, t) & (CL_VERBISH | CL_VERB | CL_SUBCONJ | CL_RELPRON)) ||
            cx->inq[t] >= 0 || claims_is_ing(cx, t))
            return 0;
    return 1;
}

/*
 * Pass 1: a trailing frame "MSG, cue speaker." starting at clause start
 * cs: a clause that opens with the cue (German order, English "said X"),
 * with "so X", with an auxiliary ("hatte er gesagt"), or an English
 * subject + cue ("the source added"). What follows the speaker may only be
 * adjuncts, or a second quotation ("“A,” he said, “B.”").
 */
int claims_trailing_frame(cx_t *cx, uint32_t cs)
{
    uint32_t i = cs, ce = clause_end(cx, cs), end = block_body_end(cx), r, t;
    uint32_t ms, qb = 0, qe = 0, rb = 0, x, addr = 0;
    int64_t part = -1;
    int qmsg;
    cand_t c;

    if (cs <= cx->b || cs >= end || cx->inq[cs] >= 0)
        return 0;
    if (!is_ch(cx, cs - 1, ',') && cx->inq[cs - 1] < 0 && !is_dash(cx, cs - 1))
        return 0;
    claims_cand_init(&c, NE_CLAIM_INDIRECT);
    if (C(cx, cs) & CL_SO) {
        int64_t p2;
        if (cx->en)
            return 0;
        if (cs + 1 < end && claims_is_cue(cx, cs + 1, &p2) && p2 < 0) {
            /* ", so schätzen die Forscher," */
            if (!claims_np_after(cx, cs + 2, end, &c.sb, &c.se))
                return 0;
            c.cb = cs;
            c.ce = cs + 2;
        } else {
            if (!claims_np_after(cx, cs + 1, end, &c.sb, &c.se) ||
                c.sb != cs + 1)
                return 0;
            c.cb = cs;
            c.ce = cs + 1;
        }
        r = (uint32_t)c.se;
    } else if ((C(cx, cs) & CL_HEISST) && cs + 1 < end &&
               is_hash(cx, cs + 1, cx->w->es)) {
        c.cb = cs;
        c.ce = cs + 2;
        r = cs + 2;
        if (r + 1 < end && (C(cx, r) & CL_PREP) &&
            claims_np_from(cx, r + 1, end, 0) > r + 1) {
            c.sb = r + 1; /* ", heißt es in dem Bericht." */
            c.se = claims_np_from(cx, r + 1, end, 0);
            r = (uint32_t)c.se;
        }
    } else {
        if (!cx->en && cs + 1 < ce &&
            (is_hash(cx, cs, cx->w->das) || is_hash(cx, cs, cx->w->dies)) &&
            (i = claims_skip_adverbs(cx, cs + 1, ce)) < ce &&
            claims_is_cue(cx, i, &part) && !(C(cx, i) & CL_PARTIC)) {
            /* ", das teilte das Institut mit.", "– das zumindest meint X" */
            if (!claims_np_after(cx, i + 1, end, &c.sb, &c.se))
                return 0;
            r = (uint32_t)c.se;
        } else if (!cx->en && (C(cx, cs) & CL_AUX)) {
            /* ", hatte Peskow gesagt" */
            for (i = cs + 1; i < ce && i < cs + FRAME_MAX; i++)
                if ((C(cx, i) & CL_VERB) && (C(cx, i) & CL_PARTIC))
                    break;
            if (i >= ce || i >= cs + FRAME_MAX ||
                !claims_np_after(cx, cs + 1, i, &c.sb, &c.se))
                return 0;
            r = i + 1;
        } else if (claims_is_cue(cx, cs, &part) &&
                   (!cx->en || (C(cx, cs) & CL_SAY))) {
            i = cs;
            if (!claims_np_after(cx, i + 1, end, &c.sb, &c.se)) {
                uint32_t k2;
                if (!cx->en ||
                    (k2 = claims_np_loose_en(cx, i + 1, end)) == i + 1 ||
                    (C(cx, i + 1) & (CL_PREP | CL_ADV)) ||
                    claims_participle_en(cx, i + 1))
                    return 0; /* but not "said on Capital Download",
                                 "said pleasantly into the phone" */
                c.sb = i + 1; /* "said one former campaign staffer" */
                c.se = k2;
            }
            if (cx->en && c.se == c.sb + 1 && (C(cx, i + 1) & CL_PERSPRON) &&
                c.se < end && !is_bound(cx, (uint32_t)c.se))
                return 0; /* "X, who ..., said he already received ...":
                             a leading frame, not "said he." */
            if (cx->en && c.se < end && verb_like_en(cx, (uint32_t)c.se))
                return 0; /* "Rubio, appearing on Fox, said Obama failed
                             to ...": the name is the message's subject */
            if (cx->en && c.se + 1 < end &&
                is_hash(cx, (uint32_t)c.se, cx->w->and_) &&
                (x = NE_MAX(claims_np_from(cx, (uint32_t)c.se + 1, end, 0),
                            claims_np_loose_en(cx, (uint32_t)c.se + 1,
                                               end))) > c.se + 1 &&
                (x >= end || is_bound(cx, x)))
                c.se = x; /* "said Doyle and others," */
            r = (uint32_t)c.se;
        } else if (cx->en) {
            for (i = cs; i < ce && i < cs + SUBJ_MAX_EN + 2; i++)
                if (claims_is_cue(cx, i, &part))
                    break;
            if (i >= ce && ce < end && is_ch(cx, ce, ',') &&
                (x = claims_np_from(cx, cs, end, 0)) > ce && x + 1 < end) {
                /* "“Q,” Sam Nunberg, a former Trump aide, said" */
                c.sb = cs;
                c.se = i = x;
                i += is_ch(cx, i, ',');
                while (i < end && (C(cx, i) & CL_ADV) && !claims_is_head(cx, i))
                    i++;
                if (i >= end || !claims_is_cue(cx, i, &part) ||
                    (C(cx, i) & CL_SUBCONJ))
                    return 0;
            } else if (i >= ce && ce + 2 < end && is_ch(cx, ce, ',') &&
                       NE_MAX(claims_np_from(cx, cs, ce, 0),
                              claims_np_loose_en(cx, cs, ce)) == ce &&
                       claims_names_speaker(cx, cs, ce) &&
                       (x = claims_insertion_end_en(cx, ce + 1, end)) > 0) {
                /* "“Q,” Khizr Khan, 66, said", "“Q,” Miller, a retired
                 * worker, said", "..., wearing a cowboy hat, said" */
                c.sb = cs;
                c.se = ce;
                i = x + 1;
                while (i < end && (C(cx, i) & CL_ADV) && !claims_is_head(cx, i))
                    i++;
                if (i >= end || !claims_is_cue(cx, i, &part) ||
                    !(C(cx, i) & CL_SAY))
                    return 0;
            } else if (i >= ce || i >= cs + SUBJ_MAX_EN + 2 ||
                       ((!claims_subject_left_en(cx, cs, i, &c.sb, &c.se) ||
                         c.sb != cs) &&
                        !bare_plural_en(cx, cs, i, &c.sb, &c.se))) {
                return 0;
            } else if ((C(cx, i) & CL_ADDR) && i + 1 < end &&
                       (x = object_pronoun_en(cx, i + 1)
                                ? i + 2
                                : claims_np_from(cx, i + 1, end, 1)) > i + 1 &&
                       (x >= end || is_bound(cx, x) ||
                        ((C(cx, x) & (CL_SUBCONJ | CL_PREP | CL_TIME)) &&
                         !is_dass(cx, x)))) {
                addr = x; /* "..., President Obama told his closest
                             advisers as he labored ...": an addressee */
            } else if (i + 1 < end &&
                       cx->inq[claims_message_start(cx, cs)] < 0 &&
                       ((C(cx, i + 1) & CL_DET) || claims_is_head(cx, i + 1) ||
                        is_dass(cx, i + 1) ||
                        (T(cx, i + 1)->kind == NE_TOK_WORD &&
                         !(C(cx, i + 1) & (CL_PREP | CL_ADV | CL_TIME |
                                           CL_COORD | CL_SUBCONJ)) &&
                         !claims_ly_adverb(cx, i + 1) &&
                         !claims_is_ing(cx, i + 1)))) {
                return 0; /* "..., a poll shows Sanders leading": the
                             cue has its own object */
            }
            r = addr ? addr : i + 1;
        } else {
            return 0;
        }
        c.cb = i;
        c.ce = i + 1;
        c.plural = (C(cx, i) & CL_PLURAL) != 0;
    }
    if (c.cb >= 0 && (C(cx, (uint32_t)c.cb) & CL_COGN))
        return 0;
    /* Only adjuncts may follow: no verb, no dass, no colon; a relative
     * clause on the speaker ends the check. A quotation after a comma
     * continues the quotation before the frame ("„A“, sagte X, „B“"), a
     * clause after a parenthetical frame continues the message ("Sein
     * Rivale, so Obama, würde ..."). A message holds neither speaker nor
     * cue and a span has no holes: the message is the larger part. */
    ms = claims_message_start(cx, cs);
    if (cs >= ms + 3 && is_ch(cx, cs - 1, ',') && cx->inq[cs - 2] >= 0) {
        /* "X war zufrieden: „Ein guter Start“, sagte er": the quotation
         * after the colon is the message, not the sentence before */
        const claims_quote_t *q = quote_at(cx, cs - 2);
        if (q->open > ms && is_ch(cx, q->open - 1, ':') &&
            quote_last(q) == cs - 2)
            ms = q->open;
    }
    c.mb = ms;
    c.me = cx->inq[cs - 1] >= 0 ? cs : cs - 1;
    /* An English quotation right before its frame: whatever follows the
     * speaker ("said in Iowa earlier this year in response to ...") is
     * the narrator's. */
    qmsg = cx->en && cx->inq[ms] >= 0 && quote_at(cx, ms)->open == ms &&
           quote_last(quote_at(cx, ms)) + 2 >= cs;
    for (t = r; t < end; t++) {
        if (qmsg && cx->inq[t] < 0)
            continue;
        if (cx->inq[t] >= 0) {
            const claims_quote_t *q = quote_at(cx, t);
            if (cx->qname[cx->inq[t]]) {
                t = q->close;
                continue;
            }
            if (t > r && (is_ch(cx, t - 1, ',') || is_ch(cx, t - 1, ':')) &&
                q->open == t && quote_last(q) + 1 >= end && cx->inq[ms] >= 0) {
                qb = t;
                qe = quote_last(q) + 1;
                break;
            }
            if (qmsg)
                break;
            return 0;
        }
        if ((is_ch(cx, t, ',') || is_dash(cx, t)) && t + 1 < end &&
            ((C(cx, t + 1) & CL_RELPRON) ||
             (cx->en && claims_is_ing(cx, t + 1))))
            break;
        if (cx->en && (C(cx, t) & (CL_SUBCONJ | CL_WIE)) && !is_dass(cx, t))
            break; /* "said Golvach when asked about ...", "told his
                      advisers as he labored over ..." */
        if (cx->en && t == r && is_ch(cx, t, ',') && t + 1 < end &&
            cx->inq[t + 1] < 0 && !(C(cx, t + 1) & (CL_SUBCONJ | CL_COORD)) &&
            !claims_is_ing(cx, t + 1) && n_words(cx, t + 1, end) >= 4 &&
            !apposition_en(cx, t + 1, end)) {
            /* "On top of that, opponents say, the wage increase will
             * ...": the frame sits inside the sentence, which goes on */
            rb = t + 1;
            break;
        }
        if (!cx->en && (is_ch(cx, t, ',') || is_dash(cx, t)) && t + 1 < end &&
            cx->inq[t + 1] < 0 && !(C(cx, t + 1) & CL_SUBCONJ) &&
            n_words(cx, t + 1, end) >= 2 &&
            (claims_evidence_de(cx, t + 1, end, 0) ||
             finite_after_insert(cx, t + 1))) {
            rb = t + 1;
            break;
        }
        if (is_ch(cx, t, ':') && t + 1 == cx->e)
            break; /* "..., so Elshorst weiter:" and a quotation below */
        if ((C(cx, t) & (CL_VERBISH | CL_COGN)) || is_dass(cx, t) ||
            is_ch(cx, t, ':') || (C(cx, t) & CL_PERSPRON))
            return 0;
        if (cx->en && t - r > 12)
            return 0;
    }
    if (ms >= cs - 1 ||
        (!cx->en && (C(cx, ms) & CL_SUBCONJ) &&
         !((C(cx, ms) & CL_PREP) && (C(cx, ms + 1) & CL_DET))))
        return 0; /* but "Während der Osterfeiertage ..., so X." */
    /* "X said A, because B, they said": the leading frame is X's */
    for (t = ms; cx->en && !qmsg && t < cs; t++)
        if ((C(cx, t) & CL_SAY) && (C(cx, t) & CL_VERB) && cx->inq[t] < 0)
            return 0;
    /* "Die Politikerin, Anja Hajduk, kritisierte die Pläne": the part
     * before the frame is its subject, not a message. */
    if (cx->inq[ms] < 0 && claims_subject_only(cx, ms, cs - 1)) {
        if (!rb)
            return 0;
        /* "Sein Rivale McCain, so Obama weiter, würde ...": the clause
         * after the frame is the message */
        c.mb = rb;
        c.me = end;
        c.score = CLAIM_SCORE_TRAILING;
        return claims_emit(cx, &c);
    }
    if (!cx->en && cx->inq[ms] < 0 &&
        ((n_words(cx, ms, cs) < 3 && !claims_evidence_de(cx, ms, cs, 0)) ||
         !claims_has_content_lower(cx, ms, cs)))
        return 0;
    if (cx->en && n_words(cx, ms, cs) < (cx->inq[ms] >= 0 ? 2u : 3u))
        return 0;
    if (cx->en && cx->inq[ms] < 0 && intro_phrase_en(cx, ms, cs - 1))
        return 0; /* "At one point, a woman asked for a photo" */
    if (rb && (n_words(cx, rb, end) > n_words(cx, c.mb, c.me) ||
               claims_prefield_only(cx, c.mb, c.me))) {
        c.mb = rb;
        c.me = end;
    }
    c.score = CLAIM_SCORE_TRAILING;
    if (qb && n_words(cx, qb, qe) > n_words(cx, c.mb, c.me)) {
        for (t = c.mb; t < c.me; t++)
            cx->used[t] = 1;
        c.mb = qb;
        c.me = qe;
    } else if (qb) {
        for (t = qb; t < qe; t++)
            cx->used[t] = 1;
    }
    return claims_emit(cx, &c);
}
