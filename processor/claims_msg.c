/*
 * newsenrich - claims: message spans and the evidence that a clause is
 * reported speech: German dass/ob-clauses, zu-infinitives, Konjunktiv I
 * and II, colons and quotations; where a message after a leading frame
 * ends (German and English); negation and questions.
 */
#include "claims_rules.h"

/* German evidence that what follows a cue is reported speech: a
 * dass/ob-clause, a quotation, a colon, or a subjunctive verb. */
/* "zu sorgen", "beizutreten": the infinitive that ends a clause. */
int claims_zu_infinitive(const cx_t *cx, uint32_t t, uint32_t me)
{
    const ne_token_t *tk = T(cx, t);
    const char *n = cx->v.norm + tk->norm_off;
    size_t k;
    if (tk->kind != NE_TOK_WORD || (tk->flags & NE_TOKF_CAP) ||
        !(t + 1 == me || is_bound(cx, t + 1)))
        return 0;
    if (t > 0 && is_hash(cx, t - 1, cx->w->zu))
        return 1;
    if (tk->norm_len < 7 || memcmp(n + tk->norm_len - 2, "en", 2))
        return 0;
    for (k = 2; k + 5 <= tk->norm_len; k++)
        if (n[k] == 'z' && n[k + 1] == 'u')
            return 1;
    return 0;
}

/* "um/ohne/statt ... zu": a purpose clause, not reported speech. */
int claims_final_zu(const cx_t *cx, uint32_t t)
{
    const claims_words_t *w = cx->w;
    return is_hash(cx, t, w->um) || is_hash(cx, t, w->ohne) ||
           is_hash(cx, t, w->statt) || is_hash(cx, t, w->anstatt);
}

int claims_evidence_de(const cx_t *cx, uint32_t mb, uint32_t me, int colon)
{
    uint32_t t;
    if (mb >= me)
        return 0;
    if (colon || cx->inq[mb] >= 0 || is_dass(cx, mb))
        return 1;
    for (t = mb; t < me; t++)
        if ((C(cx, t) & (CL_SUBJ | CL_SUBJ2 | CL_SUBJ2W)) ||
            (cx->inq[t] < 0 && claims_zu_infinitive(cx, t, me) &&
             !claims_final_zu(cx, mb)))
            return 1;
    return 0;
}

/* Any Konjunktiv in [mb, me). */
int claims_has_subj_any(const cx_t *cx, uint32_t mb, uint32_t me)
{
    for (; mb < me; mb++)
        if ((C(cx, mb) & (CL_SUBJ | CL_SUBJ2 | CL_SUBJ2W)) && cx->inq[mb] < 0)
            return 1;
    return 0;
}

/* Konjunktiv I in [mb, me): the mark of reported speech. */
int claims_has_subj1(const cx_t *cx, uint32_t mb, uint32_t me)
{
    for (; mb < me; mb++)
        if ((C(cx, mb) & CL_SUBJ) && cx->inq[mb] < 0)
            return 1;
    return 0;
}

/* An accusative object after the German cue at i, in its clause before
 * ce: "bestreiten diesen Vorwurf", "kritisierte die Pläne". The verb's
 * content slot is then taken. Prepositional phrases and dative objects
 * ("sagte der Zeitung") are fine; "die"/"das" count only after a subject
 * has been seen. */
int claims_has_object_de(const cx_t *cx, uint32_t i, uint32_t ce, int64_t sb,
                         int64_t se)
{
    const claims_words_t *w = cx->w;
    uint32_t t = i + 1, k;
    int subj_seen = sb >= 0 && sb < (int64_t)i;
    while (t < ce) {
        uint64_t c = C(cx, t);
        if (sb >= 0 && t == sb) {
            t = (uint32_t)se;
            subj_seen = 1;
            continue;
        }
        if ((c & CL_PREP) && !(c & CL_DET)) {
            k = claims_np_from(cx, t + 1, ce, 1);
            t = k > t + 1 ? k : t + 1;
            continue;
        }
        if (is_hash(cx, t, w->den) || is_hash(cx, t, w->einen) ||
            is_hash(cx, t, w->diesen) || is_hash(cx, t, w->keinen))
            return 1;
        if (subj_seen && (is_hash(cx, t, w->die) || is_hash(cx, t, w->das) ||
                          is_hash(cx, t, w->eine) || is_hash(cx, t, w->ein)))
            return 1;
        t++;
    }
    return 0;
}

/* Is [mb, me) a message of the cue at i? German needs evidence, except
 * after a plain speech verb without an object ("sagte, er kommt"), where
 * a clause will do that is not subordinate, coordinated or a bare noun
 * phrase. */
int claims_msg_ok(const cx_t *cx, uint32_t i, uint32_t mb, uint32_t me,
                  int colon, int object)
{
    if (me <= mb || n_words(cx, mb, me) < 2)
        return 0;
    if (cx->en || claims_evidence_de(cx, mb, me, colon))
        return 1;
    /* "die Beziehungen ..." is an article, "die sich ..." a relative */
    if ((C(cx, mb) & CL_RELPRON) && claims_np_from(cx, mb, me, 1) <= mb + 1)
        return 0;
    return (C(cx, i) & CL_SAY) && !object &&
           !(C(cx, mb) & (CL_SUBCONJ | CL_PREP | CL_COORD)) &&
           n_words(cx, mb, me) >= 3 && claims_np_from(cx, mb, me, 0) < me;
}

/* A negated frame is no claim ("hat nicht geantwortet"), except for cues
 * that are claims when negated ("schloss nicht aus"). */
int claims_negated(const cx_t *cx, uint32_t cs, uint32_t ce, uint32_t i)
{
    uint32_t t;
    if (C(cx, i) & CL_NEGOK)
        return 0;
    for (t = cs; t < ce; t++)
        if ((C(cx, t) & CL_NEG) && cx->inq[t] < 0)
            return 1;
    return 0;
}

/* "die Organisation bezweifelt": an article that starts a noun phrase
 * directly followed by the finite verb (at i or before), not a relative
 * pronoun. i may be the block's end: nothing is read from there on. */
int claims_main_clause_np(const cx_t *cx, uint32_t cs, uint32_t i)
{
    uint32_t x = claims_np_from(cx, cs, i < cx->e ? i + 1 : cx->e, 1);
    return x > cs + 1 && x <= i && x < cx->e && (C(cx, x) & CL_VERBISH) &&
           !(C(cx, x) & CL_PARTIC);
}

/* A question is not a claim: "Glauben Sie, dass ...?" */
int claims_is_question(const cx_t *cx)
{
    uint32_t e = cx->e;
    while (e > cx->b && cx->inq[e - 1] >= 0)
        e--;
    return e > cx->b && is_ch(cx, e - 1, '?');
}

/* Message start before a trailing frame: the block start or the first
 * token after an earlier claim. */
uint32_t claims_message_start(const cx_t *cx, uint32_t cs)
{
    uint32_t ms = cx->b, t;
    for (t = cx->b; t < cs; t++)
        if (cx->used[t])
            ms = t + 1;
    return ms;
}

/* A German message has a verb, and verbs are written in lower case: a
 * stretch with no lower-case content word is a noun phrase. */
int claims_has_content_lower(const cx_t *cx, uint32_t b, uint32_t e)
{
    for (; b < e; b++)
        if (cx->inq[b] >= 0 ||
            (T(cx, b)->kind == NE_TOK_WORD && !is_capword(cx, b) &&
             !has_inner_cap(cx, b) &&
             !(C(cx, b) & (CL_DET | CL_PREP | CL_COORD | CL_ADV))))
            return 1;
    return 0;
}

/* Is [b, e) a noun phrase, with apposition or a relative clause, and
 * nothing else: the subject of a frame, not a message? */
int claims_subject_only(const cx_t *cx, uint32_t b, uint32_t e)
{
    uint32_t x = claims_np_from(cx, b, e, 0);
    if (x >= e)
        return x > b;
    if (x == b || !is_ch(cx, x, ',') || x + 1 >= e ||
        !(C(cx, x + 1) & CL_RELPRON))
        return 0;
    return clause_end(cx, x + 1) >= e;
}


/* Is the first clause of [b, e) verbless ("In einer Videobotschaft, die
 * ... wurde, sagte Thaksin, ..."): the prefield of the frame, no
 * message? */
int claims_prefield_only(const cx_t *cx, uint32_t b, uint32_t e)
{
    uint32_t ce = clause_end(cx, b), t;
    if (ce > e)
        ce = e;
    for (t = b; t < ce; t++)
        if ((C(cx, t) & (CL_VERBISH | CL_VERB)) || cx->inq[t] >= 0)
            return 0;
    return (C(cx, b) & CL_PREP) != 0;
}

/* The first token from t before lim that is not an adverb. */
uint32_t claims_skip_adverbs(const cx_t *cx, uint32_t t, uint32_t lim)
{
    while (t < lim && (C(cx, t) & (CL_ADV | CL_FOCUS)) &&
           !claims_is_head(cx, t) && !(C(cx, t) & CL_VERBISH))
        t++;
    return t;
}

/* An English insertion set off by commas after a name: an age, an
 * apposition, a participle phrase ("66", "a retired worker from a
 * nuclear plant", "wearing a cowboy hat"). Returns the index of its
 * closing comma, or 0. */
uint32_t claims_insertion_end_en(const cx_t *cx, uint32_t j, uint32_t end)
{
    uint32_t k;
    for (k = j; k < end && k < j + APPOS_MAX; k++) {
        if (is_ch(cx, k, ','))
            return k > j ? k : 0;
        if (is_bound(cx, k) ||
            (C(cx, k) & (CL_VERBISH | CL_RELPRON | CL_SUBCONJ | CL_VERB)))
            return 0;
    }
    return 0;
}

/* "bemühte", "verglichen": a lower-case word in -te/-ten that is not a
 * known Konjunktiv, followed by a function word: the narrator's past
 * tense after "und" ("sagte, sie müssten ... und bemühte hier ..."). */
static int past_tense_de(const cx_t *cx, uint32_t t)
{
    const ne_token_t *tk = T(cx, t);
    const char *n = cx->v.norm + tk->norm_off;
    size_t l = tk->norm_len;
    if (tk->kind != NE_TOK_WORD || is_capword(cx, t) || t + 1 >= cx->e ||
        (C(cx, t) & (CL_SUBJ | CL_SUBJ2 | CL_SUBJ2W | CL_FUNC | CL_PARTIC)) ||
        cx->inq[t] >= 0)
        return 0;
    if (!((l > 4 && !memcmp(n + l - 2, "te", 2)) ||
          (l > 5 && !memcmp(n + l - 3, "ten", 3))))
        return 0;
    return (C(cx, t + 1) & (CL_DET | CL_ADV | CL_PREP | CL_PERSPRON)) != 0;
}

/* German messages stop where the sentence returns to its own subject
 * ("sagte, sie müssten ... aufgeben und bemühte das Bild ...") or where a
 * new main clause in the indicative follows a comma (", Beobachter
 * rechnen mit ..."): that is the narrator again. */
uint32_t claims_message_end_de(const cx_t *cx, uint32_t mb, uint32_t me)
{
    const claims_words_t *w = cx->w;
    uint32_t t, x;
    for (t = mb + 1; t + 1 < me; t++) {
        if (cx->inq[t] >= 0)
            continue;
        if (is_ch(cx, t, ',') &&
            (C(cx, t + 1) & (CL_VERB | CL_SEP | CL_AUX | CL_FINITE)) &&
            !(C(cx, t + 1) & (CL_SUBJ | CL_SUBJ2 | CL_SUBJ2W | CL_PARTIC)))
            return t; /* ", machte aber keine Angaben": the subject again */
        if (is_ch(cx, t, ',') &&
            (x = claims_np_from(cx, t + 1, me, 1)) > t + 1 && x < me &&
            !(C(cx, t + 1) & CL_RELPRON) &&
            (C(cx, x) & (CL_VERB | CL_SEP | CL_AUX | CL_FINITE)) &&
            !(C(cx, x) & (CL_SUBJ | CL_SUBJ2 | CL_SUBJ2W | CL_PARTIC)))
            return t;
        if (!(is_hash(cx, t, w->und) || is_hash(cx, t, w->sowie)))
            continue;
        if (((C(cx, t + 1) & (CL_VERB | CL_SEP | CL_AUX | CL_FINITE)) &&
             !(C(cx, t + 1) & (CL_SUBJ | CL_SUBJ2 | CL_PARTIC))) ||
            past_tense_de(cx, t + 1))
            return is_ch(cx, t - 1, ',') ? t - 1 : t;
    }
    return me;
}

/* English messages stop where a new clause hangs off the sentence:
 * ", meaning ...", ", who ...", ", but ...", ", according to ...", and
 * after the first comma when the frame sits in a subordinate clause
 * ("when he says X, it would seem ..."). */
uint32_t claims_message_end_en(const cx_t *cx, uint32_t mb, uint32_t me,
                               int subordinate)
{
    uint32_t t, k;
    for (t = mb + 1; t + 1 < me; t++) {
        const claims_quote_t *q = quote_at(cx, t);
        if (q) {
            t = quote_last(q);
            continue;
        }
        if (C(cx, t) & CL_COORD) {
            /* "... and said MSG2", "but suggested ...": the subject
             * speaks again */
            for (k = t + 1; k < me && (C(cx, k) & (CL_ADV | CL_FOCUS)) &&
                            !claims_is_head(cx, k);
                 k++)
                ;
            if (k < me && (C(cx, k) & CL_VERB) && !claims_is_ing(cx, k))
                return is_ch(cx, t - 1, ',') ? t - 1 : t;
            /* ", and nearly three in five said ...": a new speaker */
            if (is_ch(cx, t - 1, ',') &&
                (k = claims_np_from(cx, t + 1, me, 0)) > t + 1 && k < me &&
                (C(cx, k) & CL_SAY) && (C(cx, k) & CL_VERB))
                return t - 1;
        }
        if (!is_ch(cx, t, ',') && !is_dash(cx, t) && !is_ch(cx, t, ';'))
            continue;
        if (is_ch(cx, t, ',') && cx->h[t + 1] == cx->w->but)
            return t; /* "Trump by name, but the message has been clear" */
        if (is_dash(cx, t) && (C(cx, t + 1) & CL_COORD))
            return t; /* "the tide is turning their way — and the Senate
                         is ...": the narrator goes on */
        if (subordinate || is_ch(cx, t, ';') || claims_is_ing(cx, t + 1) ||
            (C(cx, t + 1) & (CL_RELPRON | CL_ACCORD)) ||
            ((C(cx, t + 1) & CL_SUBCONJ) && !is_dass(cx, t + 1)))
            return t;
    }
    return me;
}

/* Does the block read as reported speech on its own: a Konjunktiv in its
 * first clauses, or the reportative "soll" ("Er soll ... haben")? Not
 * when it has a cue of its own that found no claim. */
int claims_reported_mood(const cx_t *cx, uint32_t end)
{
    uint32_t t;
    int64_t part;
    /* A block that opens with a subordinate clause reads as reported
     * only by a Konjunktiv I ("Da Deutschland am Rand liege, werde ...");
     * a Konjunktiv II there is a condition ("Wenn es regnete, wäre ..."),
     * but "Damit wäre ..." is a main clause. */
    int sub = (C(cx, cx->b) & CL_SUBCONJ) &&
              !(cx->b + 1 < end && (C(cx, cx->b + 1) & CL_VERBISH));
    for (t = cx->b; t < end && t < cx->b + 25; t++) {
        if (cx->inq[t] >= 0)
            continue;
        if ((C(cx, t) & (CL_VERB | CL_SEP | CL_HEISST)) &&
            claims_is_cue(cx, t, &part))
            return 0;
        if (C(cx, t) & (sub ? CL_SUBJ : (CL_SUBJ | CL_SUBJ2)))
            return 1;
        if (sub)
            continue;
        if (is_hash(cx, t, cx->w->soll) || is_hash(cx, t, cx->w->sollen)) {
            /* reportative "soll ... geholfen haben", "soll resistent
             * sein": hearsay has "haben" or "sein"; the plan someone
             * announced ("soll 2010 stattfinden", "soll gebaut werden")
             * is marked too seldom to pay (WikiNews train: attributed
             * P 0.795 -> 0.808 at the same F1) */
            uint32_t ce = clause_end(cx, t), k;
            for (k = t + 1; k < ce; k++)
                if (is_hash(cx, k, cx->w->haben) ||
                    is_hash(cx, k, cx->w->sein))
                    return 1;
            return 0;
        }
    }
    return 0;
}
