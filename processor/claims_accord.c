/*
 * newsenrich - claims: attribution phrases: "laut X", "X zufolge", "nach
 * Angaben von X", "nach X-Angaben", "Wie X mitteilte", "according to X",
 * "citing X", and the message they attach to.
 */
#include "claims_rules.h"

#define ACCORD_SOURCE_MAX 24 /* tokens in the source of "according to" */
#define WIE_TITLE_MAX 5      /* tokens of a title in quotation marks after
                                "wie", marks included */

/* Has [b, e) a verb? */
static int has_verb(const cx_t *cx, uint32_t b, uint32_t e)
{
    for (; b < e; b++)
        if (C(cx, b) & (CL_VERBISH | CL_VERB))
            return 1;
    return 0;
}

/* The message after a leading frame ends at block end; a frame that ends
 * in a colon at the end of its block takes the quotation that opens the
 * next block. */
uint32_t claims_next_block_quote(const cx_t *cx, uint32_t ce)
{
    const claims_block_t *nb;
    const claims_quote_t *q;
    if (ce + 1 != cx->e || !is_ch(cx, ce, ':') ||
        cx->block + 1 >= cx->s->blocks.cnt)
        return 0;
    nb = &cx->s->blocks.v[cx->block + 1];
    if (nb->begin != cx->e || !(q = quote_at(cx, nb->begin)) ||
        q->open != nb->begin)
        return 0;
    return quote_last(q) + 1;
}

/* An "according to" phrase [pb, pe) with its speaker: the message is the
 * rest of the sentence on the larger side of the phrase. */
static int according_ent(cx_t *cx, uint32_t pb, uint32_t pe, int64_t sb,
                         int64_t se, int64_t cb, int64_t ce, int64_t eb,
                         int64_t ee);

static int according(cx_t *cx, uint32_t pb, uint32_t pe, int64_t sb,
                     int64_t se, int64_t cb, int64_t ce)
{
    return according_ent(cx, pb, pe, sb, se, cb, ce, -1, -1);
}

/* As according(), with the speaker's entity named at [eb, ee). */
static int according_ent(cx_t *cx, uint32_t pb, uint32_t pe, int64_t sb,
                         int64_t se, int64_t cb, int64_t ce, int64_t eb,
                         int64_t ee)
{
    uint32_t end = block_body_end(cx), lb = claims_message_start(cx, pb);
    uint32_t lw, rw, rb = pe, k;
    cand_t c;

    claims_cand_init(&c, NE_CLAIM_ACCORDING_TO);
    c.sb = sb;
    c.se = se;
    c.cb = cb;
    c.ce = ce;
    c.eb = eb;
    c.ee = ee;
    if (sb >= 0 && se == sb + 1 && (C(cx, (uint32_t)sb) & CL_DET) &&
        cx->doc->claims.cnt &&
        cx->s->claim_block.v[cx->doc->claims.cnt - 1] + 1 >= cx->block &&
        cx->doc->claims.v[cx->doc->claims.cnt - 1].has_speaker)
        /* "seiner Meinung nach": the speaker as written, linked to the
         * speaker just named */
        c.ent_from = (int)cx->doc->claims.cnt - 1;
    if (!cx->en) {
        /* a phrase inside a relative or subordinate clause: the clause
         * is the message ("das nach Angaben eines Sprechers nicht
         * abgeschlossen werden konnte") */
        uint32_t cs = clause_begin(cx, pb);
        if (cs > cx->b && cs < pb && is_ch(cx, cs - 1, ',') &&
            (C(cx, cs) & (CL_RELPRON | CL_SUBCONJ)) &&
            !(C(cx, cs) & CL_ANOUN) && clause_end(cx, pe) > pe + 1) {
            lb = NE_MAX(lb, cs);
            end = clause_end(cx, pe);
        }
    }
    for (k = pe; !cx->en && k + 1 < end && is_ch(cx, k, ',') &&
                 k < pe + APPOS_MAX;) {
        /* "Nach Angaben der Polizei, die am Abend eintraf, wurden ...",
         * "Nach Aussage von X, einem ehemaligen Minister, der der Gruppe
         * angehört, wurde ...": relative clauses and verbless insertions
         * on the source are not the message */
        uint32_t x = clause_end(cx, k + 1), t;
        int verb = 0;
        for (t = k + 1; t < x; t++)
            if ((C(cx, t) & CL_VERBISH) && !(C(cx, t) & CL_PARTIC))
                verb = 1;
        if (!(x + 1 < end && is_ch(cx, x, ',') &&
              ((C(cx, k + 1) & CL_RELPRON) || !verb)))
            break;
        k = x;
        rb = x + 1;
    }
    lw = pb > lb ? n_words(cx, lb, pb) : 0;
    rw = end > rb ? n_words(cx, rb, end) : 0;
    if (!rw && pe < cx->e && is_ch(cx, pe, ':')) {
        /* "Nach Ansicht von X:" and the quotation below */
        uint32_t qe = claims_next_block_quote(cx, pe);
        if (qe) {
            c.mb = pe + 1;
            c.me = qe;
            c.score = CLAIM_SCORE_FRAME;
            return claims_emit(cx, &c);
        }
    }
    /* A span has no holes and the message holds neither speaker nor cue:
     * with message words on both sides of the phrase, the message is the
     * larger side (the left one on a tie). */
    if (lw && rw && !(lw == 1 && (C(cx, lb) & (CL_ADV | CL_COORD)))) {
        if (rw > lw) {
            c.mb = rb;
            c.me = end;
        } else {
            c.mb = lb;
            c.me = pb;
        }
        if (n_words(cx, c.mb, c.me) < 2)
            return 0;
    } else {
        if (rw >= lw) {
            c.mb = rb;
            c.me = cx->en ? end : claims_message_end_de(cx, rb, end);
        } else {
            c.mb = lb;
            c.me = pb;
        }
        if (n_words(cx, c.mb, c.me) < 3)
            return 0;
    }
    c.score = CLAIM_SCORE_ATTRIB;
    return claims_emit(cx, &c);
}

/* "Wie X mitteilte, MSG" and "MSG, wie X mitteilte." (English "as X
 * said"): the clause after wie ends in the cue. */
int claims_wie_frame(cx_t *cx, uint32_t i)
{
    uint32_t ce = clause_end(cx, i), v, end = block_body_end(cx), qe = 0;
    int64_t part, sb, se;
    cand_t c;

    if (i > cx->b && !is_bound(cx, i - 1) &&
        !((C(cx, i - 1) & (CL_COORD | CL_ADV)) &&
          (i - 1 == cx->b || is_bound(cx, i - 2))))
        return 0;
    if (i + 1 < cx->e && cx->inq[i + 1] >= 0 &&
        quote_at(cx, i + 1)->open == i + 1 && quote_at(cx, i + 1)->closed &&
        quote_last(quote_at(cx, i + 1)) <= i + WIE_TITLE_MAX &&
        !claims_range_used(cx, i + 1, i + 2) &&
        !has_verb(cx, i + 1, quote_last(quote_at(cx, i + 1)))) {
        /* "Wie „heise online“ berichtet,": a title in quotation marks
         * speaks; the clause goes on after it */
        qe = quote_last(quote_at(cx, i + 1)) + 1;
        if (qe >= cx->e)
            return 0;
        ce = clause_end(cx, qe);
    }
    if (ce <= i + 2)
        return 0;
    if (ce < cx->e && is_ch(cx, ce, ',')) {
        /* "Wie ein Vertreter des Konzerns, EADS, heute mitteilte," */
        uint32_t k = claims_np_from(cx, i + 1, cx->e, 0);
        if (k > ce && k < cx->e)
            ce = clause_end(cx, k + is_ch(cx, k, ','));
    }
    v = ce - 1;
    if ((C(cx, v) & CL_AUX) && v > i + 2)
        v--; /* "wie X berichtet hatte" */
    if (C(cx, v) & CL_HEISST) {
        part = -1; /* "Wie es hieß," nobody named */
    } else if (!claims_is_cue(cx, v, &part) || (C(cx, v) & CL_COGN)) {
        return 0;
    }
    if (!cx->en && (C(cx, v) & CL_SEP) && !(C(cx, v) & CL_VERB) &&
        part != (int64_t)v - 1)
        return 0; /* "wie X mitteilte", but "wie X sagte" needs no particle */
    sb = i + 1;
    while (sb < v && (((C(cx, (uint32_t)sb) & (CL_ADV | CL_FOCUS)) &&
                       !claims_is_head(cx, (uint32_t)sb)) ||
                      is_hash(cx, (uint32_t)sb, cx->w->sich) ||
                      is_hash(cx, (uint32_t)sb, cx->w->es)))
        sb++; /* "wie schon die WHO sagte", "wie sich aus X ergab" */
    if (!cx->en && sb < v && (C(cx, (uint32_t)sb) & CL_PREP) &&
        !(C(cx, (uint32_t)sb) & CL_DET))
        sb++; /* "wie aus einer Verlautbarung hervorgeht" */
    se = claims_np_from(cx, (uint32_t)sb, part >= 0 ? (uint32_t)part : v, 0);
    if (qe) {
        sb = i + 1;
        se = qe;
    }
    if (C(cx, v) & CL_HEISST)
        sb = se = -1;
    else if (se == sb)
        return 0;
    claims_cand_init(&c, NE_CLAIM_ACCORDING_TO);
    c.sb = sb;
    c.se = se;
    c.cb = part >= 0 && part < v ? part : v;
    c.ce = v + 1;
    if (n_words(cx, claims_message_start(cx, i), i) <= 1) {
        c.mb = ce;
        c.me = end;
    } else {
        c.mb = claims_message_start(cx, i);
        c.me = i;
    }
    c.score = CLAIM_SCORE_ATTRIB;
    return claims_emit(cx, &c);
}

/* Compounds of attribution nouns: "Polizeiangaben", "Expertenmeinung". */
static int anoun_compound(const cx_t *cx, uint32_t k)
{
    static const sfx_t SUF[] = {
        SFX("angaben"), SFX("aussagen"), SFX("meinung"), SFX("einschätzung"),
        SFX("informationen"), SFX("berichten"), SFX("schätzungen"),
        SFX("erkenntnissen"), SFX("auffassung")};
    if (!is_capword(cx, k))
        return 0;
    return claims_has_suffix(cx, k, SUF, NE_ARRAY_SIZE(SUF), 3);
}

/* Compounds of documents that report ("Fernsehbericht", "EU-Dokument",
 * "Gesetzesentwurf", "Endergebnis"): after "nach" they name a source,
 * where "nach dem Spiel" names a time. */
static int medium_compound(const cx_t *cx, uint32_t k)
{
    /* not "Veröffentlichung": "nach der Veröffentlichung" is mostly
     * "after" */
    static const sfx_t SUF[] = {
        SFX("bericht"), SFX("studie"), SFX("dokument"), SFX("entwurf"),
        SFX("meldung"), SFX("umfrage"), SFX("prognose"), SFX("vorhersage"),
        SFX("endergebnis"), SFX("darstellung"), SFX("auskunft")};
    if (!is_capword(cx, k))
        return 0;
    return claims_has_suffix(cx, k, SUF, NE_ARRAY_SIZE(SUF), 0);
}

/* The source inside an attribution noun phrase [b, e) whose head k is an
 * attribution noun: its genitive or von-phrase ("Angaben der Polizei"),
 * else a possessive ("seiner Meinung"), else none. */
int claims_anoun_source(cx_t *cx, uint32_t b, uint32_t k, uint32_t e,
                        int64_t *sb, int64_t *se)
{
    const claims_words_t *w = cx->w;
    uint32_t a = k + 1, e2;
    int ok = 0;
    if (a < e && (is_hash(cx, a, w->von) || is_hash(cx, a, w->vom) ||
                  is_hash(cx, a, w->aus) || is_hash(cx, a, w->bei))) {
        a++;
        ok = 1;
    } else if (a < e) {
        /* a genitive: "der Polizei", "seines Impresarios", "einiger
         * Juristen", "Gordons" */
        const ne_token_t *t = T(cx, a);
        ok = ((C(cx, a) & CL_DET) &&
              !(is_hash(cx, a, w->den) || is_hash(cx, a, w->dem) ||
                is_hash(cx, a, w->die) || is_hash(cx, a, w->das) ||
                is_hash(cx, a, w->ein) || is_hash(cx, a, w->eine) ||
                is_hash(cx, a, w->einen) || is_hash(cx, a, w->einem))) ||
             (claims_is_head(cx, a) && t->norm_len > 2 &&
              cx->v.norm[t->norm_off + t->norm_len - 1] == 's') ||
             /* "politischer Beobachter" */
             (claims_is_modifier(cx, a) && t->norm_len > 3 &&
              cx->v.norm[t->norm_off + t->norm_len - 1] == 'r' && a + 1 < e &&
              claims_is_head(cx, a + 1));
    }
    if (ok && (e2 = claims_np_from(cx, a, e, 0)) > a) {
        *sb = a;
        *se = e2;
        return 1;
    }
    if (k > b && (C(cx, k - 1) & CL_DET) && !is_hash(cx, k - 1, w->der) &&
        !is_hash(cx, k - 1, w->des) && !is_hash(cx, k - 1, w->den) &&
        !is_hash(cx, k - 1, w->dem) && !is_hash(cx, k - 1, w->die)) {
        *sb = k - 1; /* "seiner Meinung", "dessen Angaben" */
        *se = k;
        return 1;
    }
    return 0;
}

/* German "laut X", "X zufolge", "nach Angaben (von|der) X", "seiner
 * Meinung nach", "nach einer Studie der Universität". */
int claims_according_de(cx_t *cx, uint32_t i)
{
    uint32_t end = block_body_end(cx), k, s0, e2;
    uint64_t c = C(cx, i);
    int64_t sb = -1, se = -1;

    if ((c & (CL_LAUT | CL_NACH)) && i > cx->b && is_ch(cx, i - 1, ',') &&
        i + 1 < end && (C(cx, i + 1) & CL_RELPRON) &&
        !(C(cx, i + 1) & CL_ANOUN)) {
        /* "Studien der Charité, nach denen Homöopathie ... sei", "ein
         * Gutachten, laut dem Kevin misshandelt worden war": the relative
         * pronoun as written, the clause it opens */
        cand_t cd;
        claims_cand_init(&cd, NE_CLAIM_ACCORDING_TO);
        cd.sb = i + 1;
        cd.se = i + 2;
        cd.cb = i;
        cd.ce = i + 1;
        cd.mb = i + 2;
        cd.me = clause_end(cx, i + 2);
        if ((c & CL_NACH) && !claims_evidence_de(cx, cd.mb, cd.me, 0))
            return 0;
        for (k = clause_begin(cx, i - 1); k + 1 < i; k++)
            if (claims_np_from(cx, k, i - 1, 1) == i - 1) {
                cd.eb = k;
                cd.ee = i - 1;
                break;
            }
        cd.score = CLAIM_SCORE_INFERRED;
        return claims_emit(cx, &cd);
    }
    if (c & CL_LAUT) {
        k = claims_np_from(cx, i + 1, end, 0);
        if (k <= i + 1 || (C(cx, i + 1) & CL_PRON))
            return 0;
        if (is_hash(cx, i, cx->w->gemaess) &&
            !claims_speaker_like(cx, i + 1, k)) {
            /* "gemäß der Netzzeitung" names a source, "gemäß dem neuen
             * Profil", "gemäß der Regelung" a rule */
            for (s0 = i + 1; s0 < k && !(C(cx, s0) & CL_MEDIUM) &&
                             !medium_compound(cx, s0);
                 s0++)
                ;
            if (s0 == k)
                return 0;
        }
        return according(cx, i, k, i + 1, k, i, i + 1);
    }
    if (c & CL_ZUFOLGE) {
        s0 = clause_begin(cx, i);
        for (k = s0; k < i; k++)
            if (claims_np_from(cx, k, i, 0) == i && !(C(cx, k) & CL_PREP))
                return according(cx, k, i + 1, k, i, i, i + 1);
        return 0;
    }
    if (!(c & CL_NACH))
        return 0;
    if (i > cx->b && (((C(cx, i - 1) & CL_TIME) && !is_capword(cx, i - 1)) ||
                      T(cx, i - 1)->kind == NE_TOK_NUMBER ||
                      cx->h[i - 1] == cx->w->erst ||
                      cx->h[i - 1] == cx->w->kurz ||
                      cx->h[i - 1] == cx->w->unmittelbar ||
                      (is_capword(cx, i - 1) && (C(cx, i - 1) & CL_TIME))))
        return 0; /* "Zwei Monate nach dem Urteil", "erst nach umfangreichen
                     Ermittlungen": a time */
    /* postposed: "Seiner Meinung nach", "Angaben der Polizei nach" */
    s0 = clause_begin(cx, i);
    for (k = s0; k < i; k++) {
        uint32_t h;
        if (claims_np_from(cx, k, i, 1) != i)
            continue;
        for (h = k; h < i && !(C(cx, h) & CL_ANOUN) && !anoun_compound(cx, h);
             h++)
            ;
        if (h == i)
            break;
        if (!claims_anoun_source(cx, k, h, i, &sb, &se)) {
            sb = h;
            se = h + 1;
        }
        return according(cx, k, i + 1, sb, se, k, i + 1);
    }
    if (i + 1 >= end || is_hash(cx, i + 1, cx->w->anderen))
        return 0; /* "acht, nach anderen Angaben neun Stunden": an
                     alternative figure, not a claim */
    k = i + 1;
    while (k < end && ((C(cx, k) & CL_DET) || claims_is_modifier(cx, k)))
        k++;
    if (k >= end)
        return 0;
    if ((C(cx, k) & CL_MEDIUM) || medium_compound(cx, k)) {
        /* "nach einer Studie (der Universität)": the document speaks */
        e2 = claims_np_from(cx, i + 1, end, 0);
        if (e2 <= k)
            return 0;
        return according(cx, i, e2, i + 1, e2, i, i + 1);
    }
    if (!(C(cx, k) & CL_ANOUN)) {
        if (anoun_compound(cx, k))
            return according(cx, i, k + 1, k, k + 1, i, i + 1);
        return 0;
    }
    if (claims_anoun_source(cx, i + 1, k, end, &sb, &se))
        return according(cx, i, (uint32_t)(se > k ? se : k + 1), sb, se, i,
                         k + 1);
    if (k == i + 2 && is_hash(cx, i + 1, cx->w->eigenen)) {
        /* "nach eigenen Angaben": the speaker as written, linked to the
         * subject of the clause */
        uint32_t cs = clause_begin(cx, i), ce = clause_end(cx, k), fin;
        if (cs == i) {
            for (fin = k + 1; fin < ce; fin++)
                if (C(cx, fin) & CL_VERBISH)
                    break;
            if (fin < ce)
                claims_np_after(cx, fin + 1, ce, &sb, &se);
        } else {
            for (fin = cs; fin < i; fin++)
                if (C(cx, fin) & CL_VERBISH)
                    break;
            if (fin < i && !claims_subject_prefield(cx, cs, fin, &sb, &se))
                claims_np_after(cx, fin + 1, i, &sb, &se);
        }
        return according_ent(cx, i, k + 1, i + 1, k + 1, i, k + 1, sb, se);
    }
    /* "Nach offiziellen Angaben": no source named; the phrase stands in */
    return according(cx, i, k + 1, i + 1, k + 1, i, i + 1);
}

/* "Für den Theologen Hans Küng sei der Rücktritt verständlich": a
 * sentence that opens with "für" and a speaker, then a verb in Konjunktiv
 * I, reports that speaker's view; the speaker stands inside the sentence,
 * so "für" and the speaker are the cue, the rest the message. In the
 * indicative ("Für die Kinder ist das gut") it is one only with a
 * quotation. */
int claims_fuer_frame_de(cx_t *cx, uint32_t i)
{
    uint32_t end = block_body_end(cx), k, t;
    if (i != cx->b || cx->inq[i] >= 0 || !is_hash(cx, i, cx->w->fuer))
        return 0;
    k = claims_np_from(cx, i + 1, end, 0);
    if (k <= i + 1 || k >= end || (C(cx, i + 1) & CL_PRON) ||
        cx->inq[k] >= 0 || !(C(cx, k) & CL_VERBISH))
        return 0;
    if (!(C(cx, k) & CL_SUBJ)) {
        /* in the indicative only with the speaker's words quoted: "Für
         * den Minister ist die Lage „alarmierend“" */
        for (t = k + 1; t < end && cx->inq[t] < 0; t++)
            ;
        if (t == end)
            return 0;
    }
    /* a role ("den Theologen") or a name ("Hans Küng") somewhere in the
     * phrase: the head rule alone misses a name after an unknown role */
    for (t = i + 1; t < k; t++)
        if (claims_speaker_like(cx, t, k))
            break;
    if (t == k)
        return 0;
    return according(cx, i, k, i + 1, k, i, i + 1);
}

/* English "according to X", "citing X". */
int claims_according_en(cx_t *cx, uint32_t i)
{
    uint32_t end = block_body_end(cx), k;
    if ((C(cx, i) & CL_ACCORD) && i + 1 < end &&
        is_hash(cx, i + 1, cx->w->to)) {
        k = claims_np_from(cx, i + 2, end, 0);
        if (k <= i + 2 || (k < end && !is_bound(cx, k)))
            k = NE_MAX(k, claims_np_loose_en(cx, i + 2, end));
        if (k <= i + 2 || (k < end && !is_bound(cx, k))) {
            /* "according to early results of the exit poll conducted by
             * Edison Research for the AP and Television Networks, MSG":
             * a source the noun phrase rules do not read runs to the
             * comma or the sentence end */
            uint32_t x = clause_end(cx, i + 2);
            if (x > i + 2 && x - (i + 2) <= ACCORD_SOURCE_MAX &&
                (x >= end || is_ch(cx, x, ',')))
                k = x;
        }
        if (k <= i + 2)
            return 0;
        return according(cx, i, k, i + 2, k, i, i + 2);
    }
    if ((C(cx, i) & CL_CITING) && i > cx->b && is_ch(cx, i - 1, ',')) {
        k = NE_MAX(claims_np_from(cx, i + 1, end, 0),
                   claims_np_loose_en(cx, i + 1, end));
        if (k <= i + 1)
            return 0;
        return according(cx, i, k, i + 1, k, i, i + 1);
    }
    return 0;
}

/* "In the latest Washington Post-ABC News poll, Clinton led ...", "In a
 * Des Moines Register poll last month, Mr. Cruz had ...": a sentence
 * that opens with "In" and a source document (lexicon class medium:
 * poll, survey, study, report) before a comma; the rest is what the
 * source says. A frame of its own in the rest ("In an interview, Trump
 * said ...") has taken those tokens already. */
int claims_medium_intro_en(cx_t *cx)
{
    uint32_t end = block_body_end(cx), b = cx->b, c, t;
    int medium = 0;
    if (b + 3 >= end || cx->used[b] || cx->inq[b] >= 0 ||
        !is_hash(cx, b, cx->w->in))
        return 0;
    c = clause_end(cx, b + 1);
    if (c + 2 >= end || !is_ch(cx, c, ',') || c - b > ACCORD_SOURCE_MAX)
        return 0;
    for (t = b + 1; t < c; t++) {
        if (C(cx, t) & (CL_VERB | CL_VERBISH | CL_SUBCONJ | CL_RELPRON))
            return 0;
        if ((C(cx, t) & CL_MEDIUM) && !(C(cx, t) & CL_STMT))
            medium = 1;
    }
    if (!medium)
        return 0;
    t = clause_end(cx, c + 1);
    if (claims_participle_en(cx, c + 1) && t + 2 < end && is_ch(cx, t, ','))
        return according(cx, b, t, b + 1, c, b, b + 1); /* ", conducted
                                                           in May," */
    return according(cx, b, c, b + 1, c, b, b + 1);
}

