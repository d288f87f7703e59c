/*
 * newsenrich - claims: German leading frames: "X sagte, (dass) MSG",
 * speech acts with an object ("X warnte vor ..."), "wonach ...",
 * "demnach ...", cues in subordinate and relative clauses ("..., zumal X
 * betont hatte, ..."), and the fallback: a clause with a strong or weak
 * cue before a clause that shows reported speech by its form.
 */
#include "claims_rules.h"

/* The latest claim with a speaker entity or text, when it is at most two
 * blocks back; else -1. */
static int recent_claim(const cx_t *cx)
{
    size_t n = cx->doc->claims.cnt;
    if (!n || cx->s->claim_block.v[n - 1] + 2 < cx->block ||
        !cx->doc->claims.v[n - 1].has_speaker)
        return -1;
    return (int)n - 1;
}

/* "Demnach steht ...": the source was named before; the adverb that
 * points back is speaker and cue, linked to the latest speaker. "Danach"
 * is mostly temporal: only with a subjunctive or after a report. */
int claims_anaph_frame_de(cx_t *cx)
{
    uint32_t b = cx->b, end = block_body_end(cx), t;
    int ok;
    cand_t c;

    if (!(C(cx, b) & CL_ANAPH) || b + 3 >= end || cx->inq[b] >= 0 ||
        !(C(cx, b + 1) & CL_VERBISH) || cx->used[b + 1])
        return 0;
    ok = is_hash(cx, b, cx->w->demnach);
    for (t = b + 1; !ok && t < end; t++)
        ok = (C(cx, t) & (CL_SUBJ | CL_SUBJ2)) && cx->inq[t] < 0;
    if (!ok && cx->block) {
        const claims_block_t *pb = &cx->s->blocks.v[cx->block - 1];
        for (t = pb->begin; !ok && t < pb->end; t++)
            ok = (C(cx, t) & (CL_MEDIUM | CL_STMT)) != 0;
    }
    if (!ok)
        return 0;
    claims_cand_init(&c, NE_CLAIM_ACCORDING_TO);
    c.sb = c.cb = b;
    c.se = c.ce = b + 1;
    c.ent_from = recent_claim(cx);
    c.mb = b + 1;
    c.me = claims_message_end_de(cx, b + 1, end);
    c.score = CLAIM_SCORE_INFERRED;
    return claims_emit(cx, &c);
}

/* "..., wonach X": a relative clause on a report, a rumour or an
 * estimate gives its content ("die Befunde des Amts, wonach 15 Rinder
 * erkrankt sind", "Medienberichte, wonach Zeugen ... gehört haben
 * wollen"). The noun phrase before the comma speaks; a quotation in it
 * ("der Zeitung „Hoy Bolivia“") belongs to it. */
int claims_wonach_frame(cx_t *cx, uint32_t i)
{
    uint32_t end = block_body_end(cx), a, k, cb;
    int64_t sb, se = -1;
    cand_t c;

    if (i < cx->b + 2 || !is_ch(cx, i - 1, ',') || i + 2 >= end)
        return 0;
    a = i - 1;
    if (cx->inq[a - 1] >= 0 && cx->qname[cx->inq[a - 1]])
        a = quote_at(cx, a - 1)->open; /* "der Zeitung „Hoy Bolivia“" */
    cb = clause_begin(cx, a);
    /* the noun phrase that ends the clause, or is followed only by the
     * verbs that end it ("erste Medienberichte nicht bestätigen, wonach") */
    for (k = cb, sb = -1; k < a; k++) {
        uint32_t e, t;
        if (cx->inq[k] >= 0 && !cx->qname[cx->inq[k]])
            return 0;
        if ((C(cx, k) & CL_PREP) && !(C(cx, k) & CL_DET))
            continue;
        e = claims_np_from(cx, k, a, 1);
        if (e <= k || !(is_capword(cx, e - 1) || has_inner_cap(cx, e - 1) ||
                        cx->inq[e - 1] >= 0))
            continue;
        for (t = e; t < a; t++)
            if (T(cx, t)->kind != NE_TOK_WORD || is_capword(cx, t) ||
                (C(cx, t) & (CL_DET | CL_PREP | CL_SUBCONJ)))
                break;
        if (t == a) {
            sb = k;
            se = e;
            break;
        }
    }
    if (sb < 0)
        return 0;
    claims_cand_init(&c, NE_CLAIM_ACCORDING_TO);
    c.sb = sb;
    c.se = se;
    c.cb = i;
    c.ce = i + 1;
    c.mb = i + 1;
    c.me = claims_message_end_de(cx, i + 1, clause_end(cx, i + 1));
    if (n_words(cx, c.mb, c.me) < 3)
        return 0;
    c.score = CLAIM_SCORE_INFERRED;
    return claims_emit(cx, &c);
}

/* Only adjuncts after the cue up to the block end: no comma, colon,
 * quotation or dass ("Das erklärte gestern ein Sprecher – nach ... –"). */
static int rest_is_adjunct(const cx_t *cx, uint32_t t)
{
    uint32_t end = block_body_end(cx);
    for (; t < end; t++)
        if (is_ch(cx, t, ',') || is_ch(cx, t, ':') || is_dass(cx, t) ||
            (cx->inq[t] >= 0 && !cx->qname[cx->inq[t]]))
            return 0;
    return 1;
}

/* The block before the current one, when it holds no claim: the message
 * of "Das erklärte ein Sprecher." */
static int previous_block(const cx_t *cx, uint32_t *mb, uint32_t *me)
{
    const claims_block_t *pb;
    uint32_t t;
    if (!cx->block)
        return 0;
    pb = &cx->s->blocks.v[cx->block - 1];
    if (T(cx, pb->begin)->field != T(cx, cx->b)->field)
        return 0;
    for (t = pb->begin; t < pb->end; t++)
        if (cx->used[t])
            return 0;
    *mb = pb->begin;
    *me = pb->end;
    return 1;
}

/* A document named in a prepositional phrase of [b, e): "In einem
 * Bericht der Salzburger Nachrichten wurde vermutet". Sets the noun
 * phrase after the preposition. */
static int medium_pp(const cx_t *cx, uint32_t b, uint32_t e, int64_t *sb,
                     int64_t *se)
{
    uint32_t t, x, h;
    for (t = b; t + 1 < e; t++) {
        if (!(C(cx, t) & CL_PREP) || (C(cx, t) & CL_DET) || cx->inq[t] >= 0)
            continue;
        if ((x = claims_np_from(cx, t + 1, e, 0)) <= t + 1)
            continue;
        for (h = t + 1; h < x && (C(cx, h) & CL_DET); h++)
            ;
        while (h < x && claims_is_modifier(cx, h))
            h++;
        if (h < x && (C(cx, h) & (CL_MEDIUM | CL_STMT))) {
            *sb = t + 1;
            *se = x;
            return 1;
        }
    }
    return 0;
}

/* A participle cue with a passive auxiliary in its clause: "wurde
 * bestätigt", "war begründet worden". */
static int passive_clause(const cx_t *cx, uint32_t cs, uint32_t ce,
                          uint32_t i)
{
    uint32_t t;
    if (!(C(cx, i) & CL_PARTIC) && !(C(cx, i) & CL_REPORT))
        return 0;
    for (t = cs; t < ce; t++)
        if ((C(cx, t) & CL_PASSIVE) && cx->inq[t] < 0)
            return 1;
    return 0;
}

/* The first quotation in [from, to) before a boundary outside quotations,
 * that is what a cue verb reports: not a title ("in der „Süddeutschen
 * Zeitung“"), unless the title-like quotation is introduced like a
 * characterisation ("als „Fest“", "Parolen wie „Thaksin raus!“", "eine
 * wachsende „Kluft ...“"). NULL when there is none. */
static const claims_quote_t *cue_quote(const cx_t *cx, uint32_t from,
                                       uint32_t to)
{
    const claims_words_t *w = cx->w;
    uint32_t t;
    for (t = from; t < to; t++) {
        const claims_quote_t *q = quote_at(cx, t);
        if (!q) {
            if (is_bound(cx, t))
                return NULL;
            continue;
        }
        if (q->open == t &&
            (!cx->qname[cx->inq[t]] ||
             (t > cx->b &&
              (is_hash(cx, t - 1, w->als) || is_hash(cx, t - 1, w->wie) ||
               is_hash(cx, t - 1, w->zu) ||
               (claims_is_modifier(cx, t - 1) &&
                T(cx, t - 1)->kind == NE_TOK_WORD)))))
            return q;
        t = quote_last(q);
    }
    return NULL;
}

/* A speech act whose content is named: a prepositional object ("warnte
 * vor ...", "sprach von ...", "plädierte für ..."), a predicate with als
 * ("bezeichnete X als Y"), or a zu-infinitive; a bare accusative object
 * ("kritisierte die Pläne") is no reported content, except after a
 * demand or an accusation (obj: "forderte den Rücktritt", "warf ihm
 * Verrat vor"), where the object is what was demanded or alleged. pred:
 * the cue takes an object and its predicate ("nannte X
 * unverhältnismäßig"). */
static int act_complement(const cx_t *cx, uint32_t mb, uint32_t me, int pred,
                          int obj)
{
    uint32_t t;
    mb = claims_skip_adverbs(cx, mb, me); /* "weist selbst auf ... hin" */
    if (mb < me && (C(cx, mb) & CL_PREP) && !(C(cx, mb) & CL_DET))
        return 1;
    if (pred || obj)
        return 1; /* "nannte den Ausstand unverhältnismäßig" */
    for (t = mb; t < me; t++)
        if (cx->inq[t] < 0 &&
            (is_hash(cx, t, cx->w->als) || claims_zu_infinitive(cx, t, me)))
            return 1;
    return 0;
}

/* A reported speech act, the whole of its clause: "Die Brauer warnen vor
 * der Gasförderung", "SPD und PDS haben die Vorwürfe zurückgewiesen".
 * The message is what follows the cue (and a speaker after it), up to a
 * separable particle; when that is too short, the prefield ("Eine
 * Verschiebung bezeichnete Conze als fatal"). */
static int reported_act(cx_t *cx, cand_t *c, uint32_t cs, uint32_t i,
                        uint32_t ce)
{
    int learned = 0;
    uint32_t mb = i + 1, me = ce;
    const claims_quote_t *q;
    int64_t part;
    int obj;
    if (i + 1 < ce && is_hash(cx, i + 1, cx->w->sich) &&
        !(c->ce > (int64_t)i + 1))
        return 0; /* "nennt sich", but "sprach sich ... aus" is a claim */
    if (c->sb > (int64_t)i)
        mb = (uint32_t)c->se;
    if (c->ce > (int64_t)i + 1 || (c->cb > (int64_t)i))
        me = (uint32_t)NE_MAX(c->cb, c->ce - 1);
    if (claims_is_cue(cx, i, &part) && part > (int64_t)i && part < (int64_t)me)
        me = (uint32_t)part; /* the particle of a split cue: "warf ... vor" */
    while (me > mb && (C(cx, me - 1) & CL_AUX))
        me--; /* "... zurückgewiesen haben" */
    if (n_words(cx, mb, me) < 2 && c->sb > (int64_t)i && i > cs + 1) {
        mb = cs;
        me = i;
    }
    /* "wies dies als „Unverschämtheit“ zurück": the quotation is what
     * was said, even a short one */
    q = cue_quote(cx, c->sb > (int64_t)i ? (uint32_t)c->se : i + 1,
                  block_body_end(cx));
    if (q)
        return claims_emit_quote(cx, c, q);
    if (n_words(cx, mb, me) < 2)
        return 0;
    /* "forderte X auf": the object is the addressee, not the demand
     * ("forderte X an", "forderte X heraus": other verbs); and
     * a demand is a claim only from a speaker ("Die Täter forderten
     * Bargeld" is none) */
    obj = (C(cx, i) & CL_OBJ) &&
          !(ce > i + 1 && (is_hash(cx, ce - 1, cx->w->auf) ||
                           is_hash(cx, ce - 1, cx->w->an) ||
                           is_hash(cx, ce - 1, cx->w->heraus))) &&
          claims_speaker_like(cx, c->sb, c->se);
    /* a bare object ("begrüßte den Beschluss") or a cue that is no
     * speech act in the lexicon ("Die Polizei geht von Suizid aus"):
     * only when the learned tagger reads it as cue and message */
    if (!(C(cx, i) & CL_REPORT) ||
        !act_complement(cx, mb, me, (C(cx, i) & CL_PRED) != 0, obj)) {
        if (!claims_learned_accept(cx, i, mb, me))
            return 0;
        learned = 1;
    }
    if (me == ce && ce + 1 < block_body_end(cx) && is_ch(cx, ce, ',') &&
        ((C(cx, ce + 1) & (CL_SUBCONJ | CL_RELPRON)) ||
         is_hash(cx, ce + 1, cx->w->um) || is_hash(cx, ce + 1, cx->w->ohne) ||
         is_hash(cx, ce + 1, cx->w->statt) ||
         is_hash(cx, ce + 1, cx->w->anstatt)) &&
        !is_dass(cx, ce + 1))
        /* "forderte den Rücktritt von Pierers, weil er ...", "forderte
         * einen Korridor, um Hilfe ... zu bringen": the reason or the
         * purpose belongs to the act */
        me = claims_message_end_de(cx, mb, block_body_end(cx));
    c->mb = mb;
    c->me = me;
    c->score = learned ? CLAIM_SCORE_LEARNED : CLAIM_SCORE_ACT;
    return claims_emit(cx, c);
}

/* The relative pronoun at cs speaks; the noun phrase it refers to,
 * ending at the comma before it, is the speaker as the text names it
 * ("eine griechische Botschaft, welche ... als „Q“ bezeichnete"); the
 * pronoun stands only where no such phrase is found. */
static void relative_speaker(const cx_t *cx, uint32_t cs, cand_t *c)
{
    uint32_t k;
    c->sb = cs;
    c->se = cs + 1;
    for (k = clause_begin(cx, cs - 1); k + 1 < cs; k++)
        if (claims_np_from(cx, k, cs - 1, 1) == cs - 1) {
            c->sb = c->eb = k;
            c->se = c->ee = cs - 1;
            break;
        }
}

/* A cue at the end of a subordinate or relative clause: "..., zumal
 * Verteidiger Dingfelder betont hatte, der Angeklagte sei ...", "ein
 * Prediger, der alle aufforderte, Israel nicht zu unterstützen". The
 * message must show it is reported (dass, Konjunktiv, zu-infinitive); a
 * relative pronoun speaks; its antecedent is the speaker span and names the
 * entity. */
static int subordinate_frame_de(cx_t *cx, uint32_t i, uint32_t cs,
                                uint32_t ce)
{
    uint32_t t, end = block_body_end(cx);
    const claims_quote_t *q;
    int64_t part;
    cand_t c;

    if (is_dass(cx, cs) || (C(cx, cs) & CL_WIE) || !claims_is_cue(cx, i, &part))
        return 0;
    if ((C(cx, i) & CL_COGN) &&
        !(ce + 1 < end && is_ch(cx, ce, ',') &&
          claims_has_subj_any(cx, ce + 1, clause_end(cx, ce + 1))))
        return 0; /* "da sie befürchten, viele könnten ..." */
    if (i > cs + 2 && cx->inq[i - 1] >= 0 &&
        (q = quote_at(cx, i - 1))->open > cs &&
        is_hash(cx, q->open - 1, cx->w->als)) {
        /* "der Ahmadinedschads Wahlsieg als „Fest“ bezeichnete" */
        claims_cand_init(&c, NE_CLAIM_DIRECT);
        c.cb = i;
        c.ce = i + 1;
        if (C(cx, cs) & CL_RELPRON) {
            c.sb = cs;
            c.se = cs + 1;
        } else if (!claims_np_after(cx, cs + 1, q->open, &c.sb, &c.se)) {
            return 0;
        }
        return claims_emit_quote(cx, &c, q);
    }
    if (ce >= end || !is_ch(cx, ce, ','))
        return 0;
    for (t = i + 1; t < ce; t++) /* the cue ends its clause */
        if (!(C(cx, t) & CL_AUX) && t != part)
            return 0;
    claims_cand_init(&c, NE_CLAIM_INDIRECT);
    c.cb = part >= 0 && part < (int64_t)i ? part : i;
    c.ce = i + 1;
    if (C(cx, cs) & CL_RELPRON) {
        relative_speaker(cx, cs, &c);
    } else if (!claims_np_after(cx, cs + 1, i, &c.sb, &c.se)) {
        return 0;
    }
    c.mb = ce + 1;
    c.me = claims_message_end_de(cx, ce + 1, end);
    if (!claims_evidence_de(cx, c.mb, c.me, 0))
        return 0;
    c.score = CLAIM_SCORE_INFERRED;
    return claims_emit(cx, &c);
}

/* Is [cs, ce) impersonal: "es", "man" or a passive auxiliary? */
static int impersonal(const cx_t *cx, uint32_t cs, uint32_t ce)
{
    for (; cs < ce; cs++)
        if (cx->inq[cs] < 0 &&
            (is_hash(cx, cs, cx->w->es) || is_hash(cx, cs, cx->w->man) ||
             (C(cx, cs) & CL_PASSIVE)))
            return 1;
    return 0;
}

/* Does the clause at b show reported speech by its form: dass/ob, a
 * zu-infinitive, or Konjunktiv I in a clause that is not relative?
 * Returns 2 for a zu-infinitive (a clause of its own), 1 for the others,
 * 0. */
static int reported_clause_de(const cx_t *cx, uint32_t b, uint32_t me)
{
    uint32_t ce = clause_end(cx, b), t;
    if (b >= me || cx->inq[b] >= 0)
        return 0;
    if (is_dass(cx, b))
        return 1;
    if ((C(cx, b) & (CL_SUBCONJ | CL_COORD | CL_WIE)) || claims_final_zu(cx, b))
        return 0;
    for (t = b; t < ce && t < me; t++)
        if (cx->inq[t] < 0 && claims_zu_infinitive(cx, t, ce))
            return 2; /* "die Steuern zu senken" */
    if ((C(cx, b) & CL_RELPRON) && !claims_main_clause_np(cx, b, ce))
        return 0;
    for (t = b; t < ce && t < me; t++)
        if ((C(cx, t) & CL_SUBJ) && cx->inq[t] < 0)
            return 1;
    return 0;
}

/* The agent of a passive clause [cs, i) before its cue i: "von der
 * Polizei", "vom Ministerium"; *sb stays as it was when there is none. */
static void passive_agent(const cx_t *cx, uint32_t cs, uint32_t i,
                          int64_t *sb, int64_t *se)
{
    uint32_t k, x;
    for (k = cs; k + 1 < i; k++)
        if ((is_hash(cx, k, cx->w->von) || is_hash(cx, k, cx->w->vom)) &&
            (x = claims_np_from(cx, k + 1, i, 0)) > k + 1) {
            *sb = k + 1;
            *se = x;
            return;
        }
}

/*
 * The fallback for German frames the rules above miss: a clause with a cue
 * word, strong or weak ("stellten die Theorie auf", "ist der Meinung",
 * "wurde bekannt", "haben signalisiert"), then a comma and a clause that
 * shows reported speech by its form. The speaker is the clause's subject
 * when there is one; impersonal and passive frames have none.
 */
int claims_clause_frame_de(cx_t *cx, uint32_t k)
{
    uint32_t cs, end = block_body_end(cx), t, fin, cue = 0;
    int form;
    int64_t part;
    cand_t c;

    if (k <= cx->b + 1 || k + 2 >= end || !is_ch(cx, k, ',') ||
        cx->inq[k] >= 0 || cx->used[k + 1] || claims_is_question(cx) ||
        !(form = reported_clause_de(cx, k + 1, end)))
        return 0;
    cs = clause_begin(cx, k);
    if (claims_range_used(cx, cs, k) || (C(cx, cs) & CL_WIE) ||
        is_dass(cx, cs) ||
        ((C(cx, cs) & CL_RELPRON) && cs > cx->b &&
         !claims_main_clause_np(cx, cs, k)))
        return 0;
    /* the last speech verb of the clause, else its first cue word */
    for (t = k; t-- > cs && !cue;)
        if (cx->inq[t] < 0 && (C(cx, t) & (CL_VERB | CL_SEP | CL_HEISST)) &&
            claims_is_cue(cx, t, &part))
            cue = t + 1;
    for (t = cs; t < k && !cue; t++)
        if (cx->inq[t] < 0 &&
            (((C(cx, t) & CL_WEAK) && !is_capword(cx, t)) ||
             (C(cx, t) & (CL_CNOUN | CL_HEISST))))
            cue = t + 1;
    if (!cue--)
        return 0;
    claims_cand_init(&c, NE_CLAIM_INDIRECT);
    c.cb = cue;
    c.ce = cue + 1;
    if ((C(cx, cue) & (CL_VERB | CL_SEP)) && claims_negated(cx, cs, k, cue))
        return 0;
    for (fin = cs; fin < k; fin++)
        if ((C(cx, fin) & CL_VERBISH) && !(C(cx, fin) & CL_PARTIC) &&
            cx->inq[fin] < 0)
            break;
    if (fin == k) {
        /* a verb the lexicon does not know ("vertritt die Ansicht"): the
         * first lower-case word after a noun phrase, or a weak cue verb */
        uint32_t x = claims_np_from(cx, cs, k, 0);
        if (!is_capword(cx, cue) && !(C(cx, cue) & CL_PARTIC))
            fin = cue;
        else if (x > cs && x < k && T(cx, x)->kind == NE_TOK_WORD &&
                 !is_capword(cx, x) && !(C(cx, x) & CL_FUNC))
            fin = x;
    }
    if (C(cx, cs) & CL_SUBCONJ) {
        /* "Nachdem bekannt geworden war, dass": the subject, if any,
         * follows the conjunction */
        if (cs + 1 < k && !(C(cx, cs + 1) & (CL_WEAK | CL_VERBISH)))
            claims_np_after(cx, cs + 1, k, &c.sb, &c.se);
    } else if (fin < k && fin > cs) {
        if (!claims_subject_prefield(cx, cs, fin, &c.sb, &c.se))
            claims_np_after(cx, fin + 1, k, &c.sb, &c.se);
    } else if (fin == cs) {
        claims_np_after(cx, fin + 1, k, &c.sb, &c.se);
    }
    if (is_capword(cx, cue) && (C(cx, cue) & CL_CNOUN) &&
        (c.sb < 0 || ((int64_t)cue >= c.sb && (int64_t)cue < c.se))) {
        /* a claim noun that is no object of a speaker: its genitive names
         * the source ("die Forderung des Vorsitzenden"), else the noun
         * phrase stands for it as written ("Seine zentrale Aussage") */
        uint32_t nb = cue, ne = cue + 1;
        int64_t sb = -1, se = -1;
        while (nb > cs && ((C(cx, nb - 1) & CL_DET) ||
                           (claims_is_modifier(cx, nb - 1) &&
                            T(cx, nb - 1)->kind == NE_TOK_WORD)))
            nb--;
        if (claims_anoun_source(cx, nb, cue, k, &sb, &se)) {
            c.sb = sb;
            c.se = se;
        } else {
            c.sb = nb;
            c.se = ne;
        }
    }
    if (c.sb >= 0 && (C(cx, (uint32_t)c.sb) & CL_PERSPRON) &&
        !(C(cx, (uint32_t)c.sb) & CL_PRON))
        c.sb = -1; /* "man", "es" */
    if (C(cx, cue) & CL_HEISST) {
        /* "In dem Bericht heißt es": the document speaks */
        c.sb = -1;
        for (t = cs; t + 1 < k && c.sb < 0; t++)
            if ((C(cx, t) & CL_PREP) && !(C(cx, t) & CL_DET) &&
                claims_np_from(cx, t + 1, k, 0) > t + 1) {
                c.sb = t + 1;
                c.se = claims_np_from(cx, t + 1, k, 0);
            }
    } else if (c.sb < 0 && (C(cx, cue) & (CL_VERB | CL_SEP)) &&
               !passive_clause(cx, cs, k, cue) && !impersonal(cx, cs, k)) {
        return 0; /* a speech verb whose speaker was not found */
    }
    /* a weak cue in the passive: "Von den Behörden wird angenommen" */
    for (t = cs; c.sb < 0 && t < k; t++)
        if ((C(cx, t) & CL_PASSIVE) && cx->inq[t] < 0)
            passive_agent(cx, cs, cue, &c.sb, &c.se);
    if (c.sb < 0)
        medium_pp(cx, cs, k, &c.sb, &c.se);
    c.mb = k + 1;
    c.me = form == 2 ? clause_end(cx, k + 1)
                     : claims_message_end_de(cx, k + 1, end);
    c.score = CLAIM_SCORE_WEAK;
    return claims_emit(cx, &c);
}

/* A cue whose clause holds no message ("X wies den Vorwurf zurück."):
 * a next sentence in reported speech may be it. */
/* "Er hält es jedoch für möglich, dass ...", "Die WHO hält es für
 * unwahrscheinlich, dass ...": halten with "für" and an adjective that
 * closes the clause is an attitude; the verb is its cue. */
static int holds_for_de(const cx_t *cx, uint32_t i, uint32_t ce)
{
    const claims_words_t *w = cx->w;
    uint32_t t;
    if (!(is_hash(cx, i, w->haelt) || is_hash(cx, i, w->hielt) ||
          is_hash(cx, i, w->halten) || is_hash(cx, i, w->hielten)) ||
        ce < i + 3 || ce >= cx->e || !is_ch(cx, ce, ','))
        return 0;
    t = ce - 1; /* the adjective, lower case: "möglich", "für sinnvoll" */
    return is_hash(cx, t - 1, w->fuer) && T(cx, t)->kind == NE_TOK_WORD &&
           !is_capword(cx, t) && !(C(cx, t) & (CL_FUNC | CL_VERBISH));
}

static void set_pending(cx_t *cx, const cand_t *c)
{
    cx->pend_sb = c->sb;
    cx->pend_se = c->se;
    cx->pend_cb = c->cb;
    cx->pend_ce = c->ce;
    cx->pend_block = cx->block;
}

/* German leading frame: "X sagte (der Zeitung), MSG", "X sagte: „Q“",
 * "Am Dienstag hatte X erklärt, MSG", "In dem Bericht heißt es, MSG",
 * and "Das erklärte X." with the message in the sentence before. */
int claims_leading_frame_de(cx_t *cx, uint32_t i)
{
    uint32_t cs = clause_begin(cx, i), ce = clause_end(cx, i), fin = i, mb, me;
    uint32_t k;
    int64_t part = -1;
    int colon, anaph, passive = 0;
    cand_t c;

    if (i + 1 >= cx->e || claims_is_question(cx))
        return 0;
    /* relative and subordinate clauses: "der ... gefordert wird," but
     * not a main clause after a comma: "die Organisation bezweifelt" */
    if (cs > cx->b &&
        ((C(cx, cs) & (CL_SUBCONJ | CL_WIE)) ||
         ((C(cx, cs) & CL_RELPRON) && !claims_main_clause_np(cx, cs, i)) ||
         ((C(cx, cs) & CL_PREP) && cs + 1 < i && (C(cx, cs + 1) & CL_RELPRON))))
        return subordinate_frame_de(cx, i, cs, ce);
    if (cs > cx->b && (C(cx, cs) & CL_COORD) && cs + 1 == i &&
        claims_is_cue(cx, i, &part)) {
        /* "..., und kündigte an, ...": the sentence's subject */
        for (fin = cx->b; fin < cs; fin++)
            if ((C(cx, fin) & CL_VERBISH) && !(C(cx, fin) & CL_PARTIC))
                break;
        if (fin < cs && fin > cx->b &&
            claims_subject_prefield(cx, cx->b, fin, &c.sb, &c.se)) {
            claims_cand_init(&c, NE_CLAIM_INDIRECT);
            claims_subject_prefield(cx, cx->b, fin, &c.sb, &c.se);
            c.cb = i;
            c.ce = i + 1;
            if (ce < cx->e && is_ch(cx, ce, ',') &&
                claims_evidence_de(cx, ce + 1, block_body_end(cx), 0)) {
                c.mb = ce + 1;
                c.me = claims_message_end_de(cx, ce + 1, block_body_end(cx));
                c.score = CLAIM_SCORE_APART;
                return claims_emit(cx, &c);
            }
        }
        return 0;
    }
    /* "Das erklärte X.", "Dies gab heute X bekannt.", "Das wurde vom
     * Presseamt bekannt gegeben.": the message is the sentence before */
    anaph = cs == cx->b && cs + 1 < i + 1 &&
            (is_hash(cx, cs, cx->w->das) || is_hash(cx, cs, cx->w->dies)) &&
            (C(cx, cs + 1) & CL_VERBISH);
    claims_cand_init(&c, NE_CLAIM_INDIRECT);
    c.cb = i;
    c.ce = i + 1;
    c.plural = (C(cx, i) & CL_PLURAL) != 0;
    if (C(cx, i) & CL_HEISST) {
        /* "heißt es": the source is a document named in the prefield */
        if (!(i + 1 < ce && is_hash(cx, i + 1, cx->w->es)) &&
            !(i > cs && is_hash(cx, i - 1, cx->w->es)))
            return 0;
        if (cs + 1 < i && (C(cx, cs) & CL_PREP) &&
            claims_np_from(cx, cs + 1, i, 0) > cs + 1) {
            c.sb = cs + 1; /* "In der Pressemitteilung des WWF heißt es" */
            c.se = claims_np_from(cx, cs + 1, i, 0);
        } else if (cs > cx->b + 2 && is_ch(cx, cs - 1, ',') &&
                   (C(cx, cx->b) & CL_PREP) && !(C(cx, cx->b) & CL_DET) &&
                   (k = claims_np_from(cx, cx->b + 1, cs, 0)) > cx->b + 1 &&
                   k + 1 < cs && is_ch(cx, k, ',') &&
                   (C(cx, k + 1) & CL_RELPRON)) {
            /* "In dieser Resolution, die ... angenommen wurde, heißt es" */
            c.sb = cx->b + 1;
            c.se = k;
        } else if (i + 3 < ce && is_hash(cx, i + 1, cx->w->es) &&
                   (C(cx, i + 2) & CL_PREP) && !(C(cx, i + 2) & CL_DET) &&
                   (k = claims_np_from(cx, i + 3, ce, 0)) > i + 3) {
            c.sb = i + 3; /* "Nun heißt es im Abschlussbericht, ..." */
            c.se = k;
        }
    } else {
        if (!claims_is_cue(cx, i, &part) && !holds_for_de(cx, i, ce))
            return 0;
        for (fin = cs; fin < i; fin++)
            if ((C(cx, fin) & CL_VERBISH) && !(C(cx, fin) & CL_PARTIC))
                break;
        if (claims_negated(cx, fin, ce, i))
            return 0;
        if (fin > cs && !anaph &&
            !claims_subject_prefield(cx, cs, fin, &c.sb, &c.se))
            claims_subject_after_de(cx, fin + 1, ce, &c.sb, &c.se);
        else if (fin > cs && !anaph && !claims_speaker_like(cx, c.sb, c.se) &&
                 !(C(cx, i) & CL_OBJ)) {
            /* "Die Äußerungen bezeichnete Wiefelspütz als ...": the
             * prefield is the object when a speaker follows the verb;
             * not after a demand or accusation, whose dative follows
             * ("Die Opposition warf der Regierung Wortbruch vor") */
            int64_t sb = -1, se = -1;
            if (claims_subject_after_de(cx, fin + 1, ce, &sb, &se) &&
                claims_speaker_like(cx, sb, se)) {
                c.sb = sb;
                c.se = se;
            }
        }
        if (anaph)
            claims_np_after(cx, fin + 1, block_body_end(cx), &c.sb, &c.se);
        for (k = cx->b; k + 1 < cs && (C(cx, k) & CL_FOCUS) &&
                        !(C(cx, k) & (CL_DET | CL_PRON));
             k++)
            ; /* "Auch die Delegationsleiterin, Sharon Hayes, äußerte" */
        if (fin == cs && cs > k + 1 && is_ch(cx, cs - 1, ',') &&
            claims_np_chain(cx, k, cs - 1) && !(C(cx, k) & CL_PREP)) {
            /* "Der Vertreter der Arbeitgeber, Peter Clever, hat ..." */
            c.sb = k;
            c.se = cs - 1;
        } else if (fin == cs && !(cs > cx->b && claims_subject_interrupted(
                                                    cx, cs, &c.sb, &c.se)))
            claims_subject_after_de(cx, fin + 1, ce, &c.sb, &c.se);
        if (passive_clause(cx, cs, ce, i)) {
            /* "wurde von der Polizei bestätigt": the agent speaks; "es
             * wurde bekannt, dass": nobody named */
            c.sb = -1;
            passive_agent(cx, cs, i, &c.sb, &c.se);
            if (c.sb < 0) /* "In einem Bericht wurde vermutet" */
                medium_pp(cx, cs, i, &c.sb, &c.se);
            passive = 1;
        }
        if (c.sb < 0 && !passive)
            return 0;
        /* A leading frame is a main clause: at the block start, after a
         * colon, first after a clausal prefield ("Als ..., sagte er,
         * ..."), with its subject before an interruption, or after the
         * first part of its subject ("Singer, ein Experte, sagte"). */
        if (cs > cx->b && !is_ch(cx, cs - 1, ':') && !is_ch(cx, cs - 1, ';') &&
            (c.sb >= cs || passive) && fin != cs) {
            if (passive)
                return 0;
            if (is_ch(cx, cs - 1, ',') && claims_np_chain(cx, cx->b, cs - 1))
                c.sb = cx->b;
            else if (!is_ch(cx, cs - 1, ',') || c.sb != cs ||
                     !claims_speaker_like(cx, c.sb, c.se))
                return 0; /* but ", Bundestrainer Löw bezeichnete ..." */
        }
        if (part >= 0 && part > i)
            c.ce = i + 1;
        else if (part >= 0)
            c.cb = part;
        /* an apposition of the speaker may run past the clause */
        if (c.se > ce)
            ce = clause_end(cx, (uint32_t)c.se);
    }
    if (anaph && c.sb >= 0 && rest_is_adjunct(cx, i + 1) &&
        previous_block(cx, &mb, &me)) {
        c.mb = mb;
        c.me = me;
        c.score = CLAIM_SCORE_INFERRED;
        return claims_emit(cx, &c);
    }
    if (ce >= cx->e || (!is_ch(cx, ce, ',') && !is_ch(cx, ce, ':') &&
                        !(cx->inq[ce] >= 0 && quote_at(cx, ce)->open == ce))) {
        if (c.sb >= 0 && !anaph && (ce >= cx->e || is_final(cx, ce)) &&
            !(C(cx, i) & CL_HEISST)) {
            const claims_quote_t *q;
            if (((C(cx, i) & CL_REPORT) || cx->cl->tagger) && !passive &&
                reported_act(cx, &c, cs, i, ce))
                return 1;
            if (!passive && !(C(cx, i) & CL_COGN) &&
                (q = cue_quote(cx, c.sb > (int64_t)i ? (uint32_t)c.se : i + 1,
                               block_body_end(cx))) &&
                claims_emit_quote(cx, &c, q))
                return 1; /* "konstatierte eine wachsende „Kluft ...“" */
            set_pending(cx, &c);
        } else if (passive && c.sb < 0 && !anaph && !(C(cx, i) & CL_HEISST) &&
                   (ce >= cx->e || is_final(cx, ce))) {
            set_pending(cx, &c); /* "Diese Nachricht wurde dementiert." */
        }
        return 0;
    }
    colon = is_ch(cx, ce, ':');
    mb = cx->inq[ce] >= 0 ? ce : ce + 1;
    me = block_body_end(cx);
    if (mb >= me && (me = claims_next_block_quote(cx, ce)) > 0)
        mb = ce + 1;
    else if (mb < me)
        me = claims_message_end_de(cx, mb, me);
    if (!claims_msg_ok(cx, i, mb, me, colon,
                       claims_has_object_de(cx, i, ce, c.sb, c.se))) {
        /* "Byrs forderte einen Korridor, um ... zu bringen": no message
         * clause, but a reported speech act */
        if ((C(cx, i) & CL_REPORT) && c.sb >= 0 && !anaph && !passive &&
            !colon && !reported_clause_de(cx, ce + 1, block_body_end(cx)) &&
            reported_act(cx, &c, cs, i, ce))
            return 1;
        if (c.sb >= 0 && !anaph && !colon && !(C(cx, i) & CL_HEISST))
            set_pending(cx, &c); /* "X schildert die Fehlerkette, die ..." */
        return 0;
    }
    if ((C(cx, i) & CL_COGN) && !is_dass(cx, mb) && cx->inq[mb] < 0 && !colon &&
        !claims_has_subj1(cx, mb, me))
        return 0;
    c.mb = mb;
    c.me = me;
    c.score = CLAIM_SCORE_ATTRIB;
    return claims_emit(cx, &c);
}

/* A passive auxiliary in [cs, i] (verb-final clauses put it last). */
static int passive_in(const cx_t *cx, uint32_t cs, uint32_t i)
{
    for (; cs <= i; cs++)
        if (C(cx, cs) & CL_PASSIVE)
            return 1;
    return 0;
}

/* The speaker of a cue verb-final after a characterising quotation: the
 * agent of a passive ("von Musikkennern"), the subject after a
 * conjunction ("weil die US-Regierung ..."), the prefield before the
 * finite verb ("Die Bundesregierung hatte ..."), or the subject after a
 * finite cue ("Als „Q“ beurteilte X ..."). cs: the clause start, q0 the
 * opening mark, i the cue. Returns 1 with [*sb, *se). */
static int als_quote_speaker(const cx_t *cx, uint32_t cs, uint32_t q0,
                             uint32_t i, uint32_t ce, int64_t *sb,
                             int64_t *se)
{
    uint32_t fin, k, x;
    if (passive_in(cx, cs, ce - 1)) {
        for (k = cs; k + 1 < i; k++)
            if ((is_hash(cx, k, cx->w->von) || is_hash(cx, k, cx->w->vom)) &&
                (x = claims_np_from(cx, k + 1, q0 > k ? q0 : i, 0)) > k + 1) {
                *sb = k + 1;
                *se = x;
                return 1;
            }
        return 0; /* "die als „nebelartig“ beschrieben wurden": nobody */
    }
    if (q0 == cs + 1) /* "Als „Q“ beurteilte X": the subject follows */
        return (C(cx, i) & CL_VERBISH) && !(C(cx, i) & CL_PARTIC) &&
               claims_subject_after_de(cx, i + 1, ce, sb, se);
    if (C(cx, cs) & CL_SUBCONJ)
        return cs + 1 < q0 &&
               claims_subject_after_de(cx, cs + 1, q0, sb, se);
    for (fin = cs; fin < q0; fin++)
        if ((C(cx, fin) & CL_VERBISH) && !(C(cx, fin) & CL_PARTIC))
            break;
    return fin < q0 && fin > cs &&
           (claims_subject_prefield(cx, cs, fin, sb, se) ||
            claims_subject_after_de(cx, fin + 1, q0, sb, se));
}

/*
 * A quotation that characterises, before its cue at the end of the
 * clause: "Die Bundesregierung hatte den Bericht umgehend als „falsch“
 * zurückgewiesen", "Seine Werke werden von Musikkennern als „Meilensteine
 * ...“ bezeichnet", "Als „verpasste Chance“ beurteilte X das Pontifikat".
 * The quotation is the message (direct); the cue comes after it within
 * the clause (the cue before it is reported_act's). Returns 1 when a
 * claim was emitted.
 */
int claims_als_quote_frame_de(cx_t *cx)
{
    uint32_t t;
    int n = 0;
    for (t = cx->b + 1; t < cx->e; t++) {
        const claims_quote_t *q = quote_at(cx, t);
        uint32_t q0 = t, qe, cs, ce, i;
        int64_t part;
        int rel;
        cand_t c;
        if (!q || q->open != t || !q->closed || q->depth ||
            !is_hash(cx, q0 - 1, cx->w->als) || cx->used[q0])
            continue;
        qe = quote_last(q) + 1;
        if (qe >= cx->e)
            continue;
        /* the clause around the quotation, which is no boundary here */
        for (cs = q0 - 1; cs > cx->b && !is_bound(cx, cs - 1); cs--)
            ;
        rel = cs > cx->b && (C(cx, cs) & CL_RELPRON) &&
              (!(C(cx, cs) & CL_DET) || !claims_main_clause_np(cx, cs, q0));
        ce = clause_end(cx, qe);
        for (i = qe; i < ce; i++)
            if ((C(cx, i) & (CL_VERB | CL_SEP)) && claims_is_cue(cx, i, &part))
                break;
        if (i >= ce || cx->used[i])
            continue;
        claims_cand_init(&c, NE_CLAIM_DIRECT);
        if (rel && !passive_in(cx, cs, ce - 1)) {
            /* "ein Kommentar, der die Entscheidung als „Q“ bezeichnet" */
            relative_speaker(cx, cs, &c);
        } else if (!als_quote_speaker(cx, cs, q0, i, ce, &c.sb, &c.se)) {
            continue;
        }
        c.cb = i;
        c.ce = i + 1;
        c.mb = q0;
        c.me = qe;
        c.score = CLAIM_SCORE_ACT_QUOTE;
        n += claims_emit(cx, &c);
    }
    return n > 0;
}
