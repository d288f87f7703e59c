/*
 * newsenrich - claims: English leading frames: "X said (that) MSG",
 * "X, who ..., said MSG", "saying MSG", "asked whether ...", and a
 * frame that takes the next block ("X said:" + quotation).
 */
#include "claims_rules.h"

/* Is token t the lower-case word w? */
static int word_is(const cx_t *cx, uint32_t t, const char *w)
{
    const ne_token_t *tk = T(cx, t);
    size_t n = strlen(w);
    return tk->kind == NE_TOK_WORD && tk->norm_len == n &&
           !memcmp(cx->v.norm + tk->norm_off, w, n);
}

/* "his", "her", "their", ...: a possessive determiner. */
static int possessive_pron(const cx_t *cx, uint32_t t)
{
    static const char *const poss[] = {"his", "her", "their", "our", "my",
                                       "its"};
    size_t n;
    for (n = 0; n < NE_ARRAY_SIZE(poss); n++)
        if (word_is(cx, t, poss[n]))
            return 1;
    return 0;
}

/* A lower-case word in -ly with no other class: an adverb here, where
 * claims_ly_adverb() also keeps out nouns ("ally" in "formally"). */
static int ly_word(const cx_t *cx, uint32_t t)
{
    const ne_token_t *tk = T(cx, t);
    return tk->kind == NE_TOK_WORD && !is_capword(cx, t) &&
           tk->norm_len >= 5 && !(C(cx, t) & ~(uint64_t)CL_ADV) &&
           !memcmp(cx->v.norm + tk->norm_off + tk->norm_len - 2, "ly", 2);
}

/* The subject of an English sentence, before lim: the noun phrase at
 * the block start, or after an introduction set off by a comma ("In an
 * interview with the Journal, Trump ...", "Asked about it, she ...").
 * Returns its start and sets *se, or returns lim when there is none. */
static uint32_t sentence_subject_en(const cx_t *cx, uint32_t lim,
                                    uint32_t *se)
{
    uint32_t b = cx->b, x, n, k;
    /* "And even Obama tried ...": a conjunction and a focus word first */
    if (b + 2 < lim && (C(cx, b) & CL_COORD) && !is_ch(cx, b + 1, ','))
        b++;
    while (b + 2 < lim && (C(cx, b) & CL_FOCUS) && !claims_is_head(cx, b))
        b++;
    for (n = 0; n < 2 && b < lim; n++) {
        x = claims_np_from(cx, b, lim, 0);
        if (x == b && !(C(cx, b) & (CL_PREP | CL_SUBCONJ | CL_WIE)))
            x = claims_np_loose_en(cx, b, lim);
        if (x > b && x < lim && !is_bound(cx, x)) {
            *se = x;
            return b;
        }
        /* the noun phrase took the apposition along: its closing comma
         * before the verb ("Gary Emineth, a former state party chairman,
         * became a delegate and said ...") */
        if (x > b + 2 && x + 1 < lim && is_ch(cx, x, ',') &&
            T(cx, x + 1)->kind == NE_TOK_WORD && !is_capword(cx, x + 1) &&
            !(C(cx, x + 1) & (CL_FUNC | CL_RELPRON)) &&
            !claims_is_ing(cx, x + 1)) {
            for (k = b + 1; k < x && !is_ch(cx, k, ','); k++)
                ;
            if (k < x) {
                *se = x;
                return b;
            }
        }
        /* an introduction: a prepositional or subordinate phrase, an
         * adverb, a participle */
        if (!(C(cx, b) & (CL_PREP | CL_SUBCONJ | CL_WIE | CL_ADV | CL_TIME |
                          CL_VERB)) && !(T(cx, b)->flags & NE_TOKF_CAP))
            break;
        for (k = b; k < lim && !is_ch(cx, k, ','); k++)
            if (is_bound(cx, k))
                return lim;
        b = k + 1;
    }
    return lim;
}

/* "the best technology, including sensors to find tunnels": a list of
 * examples that claims_message_end_en() took for the end of the message
 * (", including" reads as a participle). Returns the message end past
 * it. (", though not likely, ..." was tried: it lost on train and dev.) */
static uint32_t over_examples_en(const cx_t *cx, uint32_t me, uint32_t end)
{
    static const char *const w[] = {"including", "especially", "particularly",
                                    "notably"};
    uint32_t n, e;
    size_t k;
    for (n = 0; n < 3 && me + 2 < end && cx->inq[me] < 0 &&
                (is_ch(cx, me, ',') || is_dash(cx, me));
         n++) {
        for (k = 0; k < NE_ARRAY_SIZE(w); k++)
            if (word_is(cx, me + 1, w[k]))
                break;
        if (k == NE_ARRAY_SIZE(w))
            break;
        e = clause_end(cx, me + 1);
        if (e < end && (is_ch(cx, e, ',') || is_dash(cx, e)) && e + 1 < end)
            me = claims_message_end_en(cx, e + 1, end, 0);
        else
            me = NE_MIN(e, end);
    }
    return me;
}

/* Where the subject goes on with a second predicate after the message:
 * "that it was a disaster and asking ...", "he was the perfect messenger
 * and he reiterated ...". Returns the cut before it, or me. */
static uint32_t second_predicate_en(const cx_t *cx, uint32_t mb, uint32_t me)
{
    uint32_t t, k;
    for (t = mb + 1; t + 1 < me; t++) {
        const claims_quote_t *q = quote_at(cx, t);
        if (q) {
            t = quote_last(q);
            continue;
        }
        if (!(C(cx, t) & CL_COORD))
            continue;
        for (k = t + 1; k < me && ((C(cx, k) & (CL_ADV | CL_FOCUS)) ||
                                   ly_word(cx, k)) && !claims_is_head(cx, k);
             k++)
            ;
        if (k + 1 >= me)
            break;
        if (((C(cx, k) & CL_PERSPRON) && !is_hash(cx, k, cx->w->it) &&
             (C(cx, k + 1) & (CL_VERB | CL_AUX | CL_FINITE))) ||
            (claims_is_ing(cx, k) && (C(cx, k) & CL_VERB)))
            return is_ch(cx, t - 1, ',') ? t - 1 : t;
    }
    return me;
}

/* The speaker of a frame that ends at the comma at k: "“Q,” Buchanan
 * said, noting ...", "..., said Buchanan, noting ...". */
static int frame_before_en(const cx_t *cx, uint32_t k, int64_t *sb,
                           int64_t *se)
{
    int64_t part;
    uint32_t v, cs;
    if (k < cx->b + 2)
        return 0;
    v = k - 1;
    if ((C(cx, v) & CL_SAY) && claims_is_cue(cx, v, &part)) {
        cs = clause_begin(cx, v);
        return cs < v && claims_subject_left_en(cx, cs, v, sb, se);
    }
    for (v = clause_begin(cx, k - 1); v < k; v++)
        if ((C(cx, v) & CL_SAY) && claims_is_cue(cx, v, &part))
            break;
    return v + 1 < k && claims_np_after(cx, v + 1, k, sb, se) && *se == k;
}

/* "while arguing", "when announcing": a conjunction before the
 * subject's participle. (After a preposition, "by saying", "after
 * saying", the token classes already make the participle a noun.) */
static int participle_conj_en(const cx_t *cx, uint32_t k)
{
    static const char *const w[] = {"while", "when"};
    size_t n;
    for (n = 0; n < NE_ARRAY_SIZE(w); n++)
        if (word_is(cx, k, w[n]))
            return 1;
    return 0;
}

/* Does the comma at k close the frame of the block's latest claim, with
 * at most a few adjuncts after its cue or speaker ("Fiorina said,",
 * "Mr. Ackman said at the time,")? */
static int frame_just_before_en(const cx_t *cx, uint32_t k)
{
    size_t n = cx->doc->claims.cnt;
    uint32_t t = k;
    if (!n || cx->s->claim_block.v[n - 1] != cx->block ||
        !cx->doc->claims.v[n - 1].has_speaker)
        return 0;
    while (t > cx->b && !cx->used[t - 1] && k - t < FRAME_ADJUNCT_MAX_EN &&
           cx->inq[t - 1] < 0 && !(C(cx, t - 1) & (CL_VERBISH | CL_VERB)) &&
           !is_bound(cx, t - 1))
        t--;
    return t > cx->b && (cx->used[t - 1] == USED_CUE ||
                         cx->used[t - 1] == USED_SPEAKER);
}

/* "Noting that both battled the media, Schlafly put ...": a participle
 * opening the block; its clause is the message, the subject of the main
 * clause after the comma the speaker. */
static int opening_participle_en(cx_t *cx, uint32_t i)
{
    const ne_token_t *tk = T(cx, i);
    uint32_t end = block_body_end(cx), ce, x;
    cand_t c;
    if (tk->kind != NE_TOK_WORD || tk->norm_len < 6 ||
        memcmp(cx->v.norm + tk->norm_off + tk->norm_len - 3, "ing", 3) ||
        !(C(cx, i) & CL_VERB) || (C(cx, i) & CL_COGN))
        return 0;
    ce = clause_end(cx, i + 1);
    if (ce + 2 >= end || !is_ch(cx, ce, ',') ||
        (x = claims_np_from(cx, ce + 1, end, 0)) <= ce + 1 || x >= end ||
        !(C(cx, x) & (CL_VERB | CL_VERBISH) ||
          (T(cx, x)->kind == NE_TOK_WORD && !is_capword(cx, x) &&
           !(C(cx, x) & CL_FUNC))))
        return 0;
    claims_cand_init(&c, NE_CLAIM_INDIRECT);
    c.sb = ce + 1;
    c.se = x;
    c.cb = i;
    c.ce = i + 1;
    c.mb = i + 1;
    c.me = ce;
    if (n_words(cx, c.mb, c.me) < 3)
        return 0;
    c.score = CLAIM_SCORE_INFERRED;
    return claims_emit(cx, &c);
}

/* ", saying MSG", ", adding that MSG": the subject of the sentence said
 * it. */
int claims_saying_frame(cx_t *cx, uint32_t i)
{
    uint32_t end = block_body_end(cx), x, b, k;
    cand_t c;
    if (i == cx->b)
        return opening_participle_en(cx, i);
    /* ", saying", "..., while arguing" */
    k = i - 1;
    if (k > cx->b + 1 && participle_conj_en(cx, k))
        k--;
    if (i <= cx->b + 1 || !claims_is_ing(cx, i) || !(C(cx, i) & CL_VERB) ||
        (C(cx, i) & CL_COGN) || (k == i - 1 && !is_ch(cx, k, ',')))
        return 0;
    claims_cand_init(&c, NE_CLAIM_INDIRECT);
    b = sentence_subject_en(cx, k + (k < i - 1 && !is_ch(cx, k, ',')), &x);
    if (is_ch(cx, k, ',') && frame_just_before_en(cx, k)) {
        /* "“Q,” Mr. Ackman said at the time, adding that ...": the
         * speaker of the frame the participle follows */
        c.copy_from = (int)cx->doc->claims.cnt - 1;
    } else if (b < k && x < k) {
        c.sb = b;
        c.se = x;
    } else if (!is_ch(cx, k, ',') || !frame_before_en(cx, k, &c.sb, &c.se)) {
        return 0;
    }
    c.cb = i;
    c.ce = i + 1;
    c.mb = i + 1;
    if ((C(cx, i) & CL_ADDR) && c.mb < end)
        c.mb =
            NE_MAX(c.mb, claims_np_from(cx, c.mb, end, 1)); /* "telling CNN" */
    c.me = second_predicate_en(cx, c.mb,
                               claims_message_end_en(cx, c.mb, end, 0));
    if (n_words(cx, c.mb, c.me) < 3)
        return 0;
    c.score = CLAIM_SCORE_INFERRED;
    return claims_emit(cx, &c);
}

/* "Grassley downplayed the attack and said MSG", "then says MSG": the
 * cue shares the sentence's subject. */
static int coordinated_subject(const cx_t *cx, uint32_t i, int64_t *sb,
                               int64_t *se)
{
    uint32_t j = i, x, b;
    while (j > cx->b && (C(cx, j - 1) & (CL_ADV | CL_FOCUS)) &&
           !(C(cx, j - 1) & CL_COORD))
        j--;
    if (j <= cx->b + 2 ||
        !((C(cx, j - 1) & CL_COORD) || is_ch(cx, j - 1, ',')))
        return 0;
    if (cx->en) {
        b = sentence_subject_en(cx, j, &x);
        if (b >= j || x + 1 >= j)
            return 0;
        *sb = b;
        *se = x;
        return 1;
    }
    x = claims_np_from(cx, cx->b, j, 0);
    if (x == cx->b || x + 1 >= j || is_bound(cx, x))
        return 0;
    *sb = cx->b;
    *se = x;
    return 1;
}

/* "Trump wants to say", "used his speech to call for": the subject of
 * the sentence governs the infinitive cue at i. */
static int infinitive_subject(const cx_t *cx, uint32_t i, int64_t *sb,
                              int64_t *se)
{
    uint32_t b, x;
    if (i < cx->b + 2 || !is_hash(cx, i - 1, cx->w->to))
        return 0;
    b = sentence_subject_en(cx, i - 1, &x);
    if (b >= i - 1 || x >= i - 1)
        return 0;
    *sb = b;
    *se = x;
    return 1;
}

/* "Others, however, say MSG", "Critics, though, said MSG": an adverb
 * set off by commas between the subject and its cue. */
static int adverb_interrupted(const cx_t *cx, uint32_t i, int64_t *sb,
                              int64_t *se)
{
    uint32_t a = i - 2, k, d;
    if (i > cx->b + 4 && is_dash(cx, i - 1)) {
        /* "Democrats — and some Republicans — say": an insertion
         * between dashes */
        int verb = 0;
        for (d = i - 2; d > cx->b && i - d < DASH_INSERT_MAX && !is_dash(cx, d);
             d--)
            verb |= (C(cx, d) & (CL_VERBISH | CL_VERB | CL_RELPRON)) != 0;
        if (d <= cx->b || !is_dash(cx, d) || d + 2 > i - 1)
            return 0;
        /* "Donald Trump - who previously said ... - said": a relative
         * clause may be long and have verbs; anything else is short */
        if (verb ? !(C(cx, d + 1) & CL_RELPRON) : i - d >= 9)
            return 0;
        k = clause_begin(cx, d - 1);
        if (claims_np_from(cx, k, d, 0) != d &&
            claims_np_loose_en(cx, k, d) != d)
            return 0;
        *sb = k;
        *se = d;
        return 1;
    }
    if (i < cx->b + 4 || !is_ch(cx, i - 1, ',') || !is_ch(cx, a - 1, ',') ||
        !((C(cx, a) & (CL_ADV | CL_COORD | CL_SUBCONJ)) ||
          claims_ly_adverb(cx, a)) ||
        claims_is_head(cx, a))
        return 0;
    k = clause_begin(cx, a - 2);
    if (claims_np_from(cx, k, a - 1, 0) != a - 1 &&
        claims_np_loose_en(cx, k, a - 1) != a - 1)
        return 0;
    if (!claims_names_speaker(cx, k, a - 1) &&
        !(a - 1 == k + 1 && (C(cx, k) & (CL_PRON | CL_DET))))
        return 0;
    *sb = k;
    *se = a - 1;
    return 1;
}

/* "who formally endorsed", "who on Tuesday endorsed", "who have
 * supported": the relative pronoun whose clause the cue at i opens, over
 * adverbs, auxiliaries and a time; cx->b when there is none. */
static uint32_t relative_before(const cx_t *cx, uint32_t i)
{
    uint32_t r = i;
    while (r > cx->b + 1 && i - r < REL_GAP_MAX) {
        uint64_t c = C(cx, r - 1);
        if (c & CL_RELPRON)
            return r - 1;
        if ((c & (CL_ADV | CL_AUX | CL_TIME | CL_FOCUS)) ||
            ly_word(cx, r - 1) ||
            ((c & CL_PREP) && r < i && (C(cx, r) & CL_TIME))) {
            r--;
            continue;
        }
        break;
    }
    return cx->b;
}

/* "Ted Cruz, when asked what is wrong, responded that ...": a
 * subordinate clause set off by commas between the subject and its cue
 * at i. */
static int subclause_interrupted(const cx_t *cx, uint32_t i, int64_t *sb,
                                 int64_t *se)
{
    uint32_t ps, k, x;
    if (i < cx->b + 5 || !is_ch(cx, i - 1, ','))
        return 0;
    ps = clause_begin(cx, i - 1);
    if (ps < cx->b + 2 || ps + 1 >= i - 1 || !is_ch(cx, ps - 1, ',') ||
        !(C(cx, ps) & CL_SUBCONJ) || is_dass(cx, ps))
        return 0;
    k = clause_begin(cx, ps - 1);
    x = NE_MAX(claims_np_from(cx, k, ps - 1, 1),
               claims_np_loose_en(cx, k, ps - 1));
    if (x != ps - 1 || !claims_names_speaker(cx, k, x))
        return 0;
    *sb = k;
    *se = x;
    return 1;
}

/* "expected", "seen", "known": a participle of a passive attitude. */
static int passive_participle_en(const cx_t *cx, uint32_t p)
{
    static const char *const part[] = {
        "expected", "seen", "viewed", "regarded", "considered", "known",
        "believed", "thought", "rumored", "rumoured", "alleged",
        "perceived", "understood", "described", "portrayed", "reported"};
    size_t n;
    for (n = 0; n < NE_ARRAY_SIZE(part); n++)
        if (word_is(cx, p, part[n]))
            return 1;
    return 0;
}

/* Is the participle at i passive: a form of "be" before it, over "not"
 * and adverbs ("is widely expected", "was not seen")? */
static int after_be_en(const cx_t *cx, uint32_t i)
{
    static const char *const be[] = {"is", "are", "was", "were", "be",
                                     "been", "being", "'s"};
    uint32_t k = i;
    size_t n;
    while (k > cx->b && ((C(cx, k - 1) & (CL_NEG | CL_ADV | CL_FOCUS)) ||
                         ly_word(cx, k - 1)) && !word_is(cx, k - 1, "been"))
        k--;
    for (n = 0; k > cx->b && n < NE_ARRAY_SIZE(be); n++)
        if (word_is(cx, k - 1, be[n]))
            return 1;
    return 0;
}

/* English leading frame: "X said (on Tuesday) (that) MSG", "X told Y
 * (that) MSG", "X said: “Q”". */
int claims_leading_frame_en(cx_t *cx, uint32_t i)
{
    uint32_t cs = clause_begin(cx, i), end = block_body_end(cx), j, n, k, x;
    uint32_t r;
    int med;
    int64_t part;
    cand_t c;

    if (!claims_is_cue(cx, i, &part) ||
        (claims_is_question(cx) && (C(cx, i) & CL_SAY) &&
         !(C(cx, i) & CL_QVERB)))
        return 0;
    if (i > cx->b && (C(cx, i - 1) & CL_NEG) &&
        !(word_is(cx, i, "respond") || word_is(cx, i, "comment")))
        return 0; /* "did not say", "never said"; but "did not respond to
                     requests for comment" reports the silence */
    if (passive_participle_en(cx, i) && after_be_en(cx, i))
        return 0; /* "is expected to": passive_frame_en() */
    claims_cand_init(&c, NE_CLAIM_INDIRECT);
    c.cb = i;
    c.ce = i + 1;
    c.plural = (C(cx, i) & CL_PLURAL) != 0;
    if ((r = relative_before(cx, i)) > cx->b) {
        /* "García, who accused him of ...": the relative pronoun as
         * written, linked to the noun phrase before it */
        uint32_t a = r - is_ch(cx, r - 1, ',') - is_dash(cx, r - 1);
        c.sb = r;
        c.se = r + 1;
        for (k = clause_begin(cx, a - 1); k < a; k++)
            if (claims_np_from(cx, k, a, 1) == a) {
                c.eb = k;
                c.ee = a;
                break;
            }
    } else if (!claims_subject_left_en(cx, cs, i, &c.sb, &c.se) &&
               !(cs == i && claims_subject_interrupted(cx, cs, &c.sb, &c.se)) &&
               !coordinated_subject(cx, i, &c.sb, &c.se) &&
               !infinitive_subject(cx, i, &c.sb, &c.se) &&
               !adverb_interrupted(cx, i, &c.sb, &c.se) &&
               !subclause_interrupted(cx, i, &c.sb, &c.se))
        return 0;
    /* "made (it) clear", "went after": the cue runs on; "pointed out",
     * "lashed out at": so does a particle */
    x = claims_made_clear(cx, i);
    if (x > i)
        c.ce = x + 1;
    if ((uint32_t)c.ce + 1 < end && cx->h[c.ce] == cx->w->out)
        c.ce++;
    /* "said during his speech Tuesday that", "told a crowd at a hotel
     * in Baltimore that": adjuncts and addressee up to a "that" */
    for (k = (uint32_t)c.ce; k < end && k < i + 16; k++) {
        if (cx->inq[k] >= 0 || is_bound(cx, k) || is_dass(cx, k) ||
            (C(cx, k) & (CL_VERBISH | CL_SUBCONJ | CL_RELPRON | CL_VERB)))
            break;
    }
    /* but "said Clinton reassured them that": a verb that takes no
     * addressee goes on with its message, unless an adjunct follows */
    j = k > (uint32_t)c.ce + 1 && k < end && is_dass(cx, k) &&
                cx->inq[k] < 0 &&
                ((C(cx, i) & CL_ADDR) ||
                 (C(cx, (uint32_t)c.ce) & (CL_PREP | CL_TIME | CL_ADV)) ||
                 claims_ly_adverb(cx, (uint32_t)c.ce))
            ? k
            : (uint32_t)c.ce;
    for (n = 0; j < end && n < 6 && !is_dass(cx, j); n++) {
        uint64_t cj = C(cx, j);
        if (cx->inq[j] >= 0 || is_dass(cx, j))
            break;
        if (((cj & (CL_ADV | CL_TIME)) && !(cj & CL_PRON) &&
             !claims_is_head(cx, j)) ||
            claims_ly_adverb(cx, j)) {
            j++; /* "said pleasantly into the phone" */
            continue;
        }
        if ((cj & CL_PREP) && !(cj & CL_DET) && n < 3) {
            /* "said in a statement (Thursday)", "said on Tuesday", "said
             * in an op-ed piece before a hearing, “Q”" */
            k = claims_np_from(cx, j + 1, end, 1);
            x = claims_np_loose_en(cx, j + 1, end);
            if (x > k && x < end &&
                (is_ch(cx, x, ',') || is_dass(cx, x) || cx->inq[x] >= 0 ||
                 is_ch(cx, x, ':')))
                k = x;
            med = k > j + 1 && (C(cx, k - 1) & (CL_STMT | CL_MEDIUM | CL_TIME));
            while (med && k < end && T(cx, k)->kind == NE_TOK_WORD &&
                   !is_capword(cx, k) &&
                   !(C(cx, k) & (CL_FUNC | CL_TIME | CL_VERBISH | CL_VERB |
                                 CL_RELPRON)))
                k++; /* "an op-ed piece" */
            if (k > j + 1 && k < end &&
                (is_ch(cx, k, ',') || is_dass(cx, k) || cx->inq[k] >= 0 ||
                 is_ch(cx, k, ':') || med)) {
                j = k;
                continue;
            }
            if (j + 1 < end && (C(cx, j + 1) & CL_TIME)) {
                j += 2;
                continue;
            }
            break;
        }
        if ((C(cx, i) & CL_ADDR) && n == 0) {
            k = claims_np_from(cx, j, end, 1);
            if (k <= j || (k < end && !(C(cx, k) & CL_DET)))
                k = NE_MAX(k, claims_np_loose_en(cx, j, end));
            for (x = j + 1; x < k; x++)
                if ((C(cx, x) & CL_PERSPRON) || possessive_pron(cx, x)) {
                    k = x; /* "told reporters he feels good", "told the
                              AP his firm worked ..." */
                    break;
                }
            if (k > j) {
                j = k;
                continue;
            }
        }
        break;
    }
    if (j < end && (is_ch(cx, j, ',') || is_ch(cx, j, ':')))
        j++;
    if (j >= end || (is_bound(cx, j) && cx->inq[j] < 0))
        return 0;

    if (((C(cx, j) & CL_PREP) ||
         (cx->h[j] == cx->w->to &&
          (cx->h[i] == cx->w->points || cx->h[i] == cx->w->point ||
           cx->h[i] == cx->w->pointed || cx->h[i] == cx->w->pointing))) &&
        !(C(cx, j) & CL_DET) && j == i + 1 &&
        (!(C(cx, i) & CL_SAY) ||
         ((C(cx, i) & CL_QVERB) && is_hash(cx, j, cx->w->for_))) &&
        j + 1 < end) {
        c.ce = j + 1; /* "called for", "pointed to", "talked about" */
        j++;
    } else if (C(cx, j) & (CL_PREP | CL_COORD) && !(C(cx, j) & CL_DET))
        return 0;
    if (((C(cx, j) & CL_SUBCONJ) && !is_dass(cx, j) &&
         !is_hash(cx, j, cx->w->if_) && !is_hash(cx, j, cx->w->because)) ||
        (C(cx, j) & (CL_ACCORD | CL_CITING)))
        return 0; /* "said when asked about it", "expected, according" */
    c.mb = j;
    if (r > cx->b && c.sb == (int64_t)r)
        end = NE_MIN(end, clause_end(cx, j)); /* "who accused him of X," */
    c.me = claims_message_end_en(cx, j, end,
                                 c.sb > cx->b &&
                                     (C(cx, (uint32_t)c.sb - 1) & CL_SUBCONJ) &&
                                     !is_dass(cx, (uint32_t)c.sb - 1));
    if ((C(cx, i) & CL_SAY) && is_hash(cx, j, cx->w->to) &&
        NE_MAX(claims_np_from(cx, j + 1, end, 1),
               claims_np_loose_en(cx, j + 1, end)) >= c.me)
        return 0; /* "“Q!” Clinton said to People.": only the addressee */
    c.me = over_examples_en(cx, (uint32_t)c.me, end);
    c.me = second_predicate_en(cx, j, (uint32_t)c.me);
    if ((C(cx, i) & CL_OBJ) &&
        (word_is(cx, j, "him") || word_is(cx, j, "her") ||
         word_is(cx, j, "them") || word_is(cx, j, "it")) &&
        (j + 1 >= end || is_bound(cx, j + 1) ||
         (C(cx, j + 1) & (CL_TIME | CL_COORD | CL_PREP)))) {
        /* "supporting her by a wide margin", "endorsed him." */
        c.me = j + 1;
        c.score = CLAIM_SCORE_FRAME;
        return claims_emit(cx, &c);
    }
    if ((C(cx, i) & CL_OBJ) && is_capword(cx, j) && !(C(cx, j) & CL_FUNC)) {
        /* "Christie endorsed Trump last week and ...": the name that an
         * endorsement or an attack is about is the message; what follows
         * it is the speaker's own doing */
        uint32_t ke = claims_np_from(cx, j, (uint32_t)c.me, 1), t;
        for (t = j; t < ke && is_capword(cx, t); t++)
            ;
        if (ke > j && t == ke && (ke >= (uint32_t)c.me || is_bound(cx, ke) ||
                                (C(cx, ke) & (CL_TIME | CL_COORD)))) {
            c.me = ke;
            c.score = CLAIM_SCORE_FRAME;
            return claims_emit(cx, &c);
        }
    }
    if (n_words(cx, j, c.me) < 2)
        return 0;
    c.score = CLAIM_SCORE_FRAME;
    return claims_emit(cx, &c);
}


/* Is token t exactly the bytes w? */
static int tok_is(const cx_t *cx, uint32_t t, const char *w)
{
    const ne_token_t *tk = T(cx, t);
    size_t n = strlen(w);
    return tk->end - tk->start == n &&
           !memcmp(ne_doc_tok_ptr(cx->doc, tk), w, n);
}

/* "'s", "’s", "'" after a name: the possessive as its own token. */
static int possessive_mark(const cx_t *cx, uint32_t t)
{
    return tok_is(cx, t, "'s") || tok_is(cx, t, "\xe2\x80\x99s") ||
           tok_is(cx, t, "'") || tok_is(cx, t, "\xe2\x80\x99");
}

/* The owner of the attitude noun at i: a name's possessive ("Sessions's
 * endorsement", returns NOUN_OWNER_NAME) or a possessive pronoun ("his
 * support", NOUN_OWNER_PRON); sets the speaker span. */
enum { NOUN_OWNER_NONE = 0, NOUN_OWNER_NAME, NOUN_OWNER_PRON };

static int noun_owner_en(const cx_t *cx, uint32_t i, int64_t *sb, int64_t *se)
{
    uint32_t k, p;
    if (i <= cx->b + 1)
        return NOUN_OWNER_NONE;
    if (possessive_pron(cx, i - 1)) {
        *sb = i - 1;
        *se = i;
        return NOUN_OWNER_PRON;
    }
    p = i - 1;
    if (!possessive_mark(cx, p))
        return NOUN_OWNER_NONE;
    for (k = p; k > cx->b && is_capword(cx, k - 1) && p - k < 4; k--)
        ;
    if (k == p)
        return NOUN_OWNER_NONE;
    *sb = k;
    *se = p;
    return NOUN_OWNER_NAME;
}

/* "faced criticism", "drew praise", "won the backing of": the subject
 * receives the attitude named in [b, i), it does not hold it. */
static int received_en(const cx_t *cx, uint32_t b, uint32_t i)
{
    static const char *const recv[] = {
        "face", "faces", "faced", "facing", "draw", "draws", "drew",
        "drawn", "drawing", "receive", "receives", "received", "receiving",
        "get", "gets", "got", "getting", "earn", "earns", "earned",
        "earning", "win", "wins", "won", "winning", "attract", "attracts",
        "attracted", "spark", "sparks", "sparked", "prompt", "prompted",
        "trigger", "triggered", "weather", "weathered", "endure",
        "endured", "under", "amid", "despite", "against", "deserve",
        "deserves", "deserved", "sought", "seek", "seeks", "seeking"};
    uint32_t k;
    size_t n;
    for (k = b; k < i; k++)
        for (n = 0; n < NE_ARRAY_SIZE(recv); n++)
            if (word_is(cx, k, recv[n]))
                return 1;
    return 0;
}

/* The prepositions that take an attitude's object: "support for",
 * "criticism of", "attacks on", "questions about"; not "support among
 * voters", "attacks in Paris". */
static int object_prep_en(const cx_t *cx, uint32_t j)
{
    static const char *const prep[] = {"of", "for", "on", "about", "against",
                                       "over", "to", "behind", "toward",
                                       "towards"};
    size_t n;
    for (n = 0; n < NE_ARRAY_SIZE(prep); n++)
        if (word_is(cx, j, prep[n]))
            return 1;
    return 0;
}

/* "criticism of his approach", "support for Mr. Trump", "calls for more
 * troops", "attacks on Clinton": a noun naming an attitude or a speech
 * act (lexicon class cnoun) with its object after a preposition. The
 * speaker is a name's possessive ("Sessions's endorsement of"), else the
 * subject of the clause ("Christie unleashed attacks on", "Trump keeps
 * up his criticism of"), else "his", else "from X"; without one there is
 * no claim ("Clinton faced criticism for ..." is no one's). A "that"
 * clause after a cthat noun is a claim even without a speaker
 * ("allegations that the firm ..."). */
static int noun_frame_en(cx_t *cx, uint32_t i)
{
    uint32_t end = block_body_end(cx), j = i + 1, x;
    int own;
    cand_t c;
    if (j + 2 >= end || cx->inq[j] >= 0)
        return 0;
    claims_cand_init(&c, NE_CLAIM_INDIRECT);
    own = noun_owner_en(cx, i, &c.sb, &c.se);
    if (own != NOUN_OWNER_NAME) {
        /* "Christie unleashed withering attacks against Rubio", "Trump
         * is keeping up his criticism": the subject of the clause */
        uint32_t b = sentence_subject_en(cx, i, &x), k;
        if (b < i && (C(cx, b) & CL_PRON) && !(C(cx, b) & CL_DET))
            x = b + 1; /* "He avoided direct criticism of" */
        else if (b < i)
            x = claims_np_from(cx, b, i, 0); /* not "Christie unleashed" */
        for (k = x; b < i && x < i && k < i && !is_bound(cx, k); k++)
            ;
        if (b < i && x < i && k == i && x > b && !received_en(cx, x, i)) {
            c.sb = b;
            c.se = x;
        }
    }
    if (is_hash(cx, j, cx->w->from) && own == NOUN_OWNER_NONE &&
        (x = claims_np_from(cx, j + 1, end, 0)) > j + 1 && x + 2 < end) {
        c.sb = j + 1; /* "criticism from rivals over ..." */
        c.se = x;
        j = x;
    }
    if (is_hash(cx, j, cx->w->that) && (C(cx, i) & CL_CTHAT) &&
        j == i + 1) {
        /* "allegations that the firm falsely marketed ...": a clause
         * with its own subject and verb, not "the claims that he made" */
        c.cb = i;
        c.ce = i + 1;
        c.mb = j;
        c.me = claims_message_end_en(cx, j, end, 0);
        if (n_words(cx, j, c.me) < NOUN_THAT_MIN_WORDS)
            return 0;
        c.score = CLAIM_SCORE_NOUN;
        return claims_emit(cx, &c);
    }
    if (!object_prep_en(cx, j) || c.sb < 0)
        return 0;
    c.cb = i;
    c.ce = j + 1;
    c.mb = j + 1;
    if (claims_is_ing(cx, c.mb))
        x = claims_message_end_en(cx, c.mb, clause_end(cx, c.mb), 1);
    else
        x = NE_MAX(claims_np_from(cx, c.mb, end, 1),
                   claims_np_loose_en(cx, c.mb, end));
    if (x <= c.mb)
        return 0;
    c.me = x;
    c.score = CLAIM_SCORE_NOUN;
    return claims_emit(cx, &c);
}

/* Every attitude or speech-act noun of the block (lexicon class cnoun):
 * "criticism of X", "support for X", "allegations that ...". */
int claims_noun_frames_en(cx_t *cx)
{
    uint32_t t;
    int n = 0;
    for (t = cx->b; t + 2 < cx->e; t++)
        if ((C(cx, t) & CL_CNOUN) && !cx->used[t] && cx->inq[t] < 0)
            n += noun_frame_en(cx, t);
    return n;
}

/* "Bernie Sanders Says He's Already Started Writing His Address": a
 * headline in title case, where the token classes take every capitalised
 * word inside a sentence for a name. The speaker is the capitalised run
 * before a speech verb, the message the rest. */
int claims_headline_frame_en(cx_t *cx)
{
    uint32_t end = block_body_end(cx), t, i = 0, words = 0, caps = 0;
    const claims_lexent_t *e;
    cand_t c;
    for (t = cx->b; t < end; t++) {
        if (cx->used[t] || (!i && (cx->inq[t] >= 0 || is_bound(cx, t))))
            return 0;
        if (i && is_bound(cx, t)) {
            end = t; /* "Clinton Says Russians Hacked DNC, Calls ..." */
            break;
        }
        if (T(cx, t)->kind != NE_TOK_WORD || possessive_mark(cx, t))
            continue;
        words++;
        caps += is_capword(cx, t) || T(cx, t)->norm_len < 4 ||
                (C(cx, t) & CL_FUNC);
        if (!i && t > cx->b && is_capword(cx, t) &&
            (e = claims_lex_get(cx->lex, cx->h[t])) &&
            (e->cls & CL_VERB) && !(e->cls & (CL_COGN | CL_PARTIC)))
            i = t;
    }
    if (!i || words < HEADLINE_MIN_WORDS || caps < words ||
        i - cx->b > HEADLINE_SPEAKER_MAX || n_words(cx, i + 1, end) < 2)
        return 0;
    for (t = cx->b; t < i; t++)
        if (T(cx, t)->kind == NE_TOK_WORD && !is_capword(cx, t) &&
            !possessive_mark(cx, t))
            return 0;
    claims_cand_init(&c, NE_CLAIM_INDIRECT);
    c.sb = cx->b;
    c.se = i;
    c.cb = i;
    c.ce = i + 1;
    c.mb = i + 1;
    c.me = end;
    c.score = CLAIM_SCORE_INFERRED;
    return claims_emit(cx, &c);
}

/* "The sale is expected to expand ...", "Kyle has been seen as a
 * conservative icon", "Ginsburg is known for speaking her mind": a
 * passive attitude whose holder is unnamed (or named by "by X"). The
 * message is what follows the participle; the subject before it stays
 * the narrator's. */
static int passive_frame_en(cx_t *cx, uint32_t a)
{
    uint32_t end = block_body_end(cx), p = a + 1, j;
    cand_t c;
    while (p < end && ((C(cx, p) & (CL_NEG | CL_ADV | CL_FOCUS)) ||
                       ly_word(cx, p) || word_is(cx, p, "been")))
        p++;
    if (p + 2 >= end || cx->used[p] || cx->inq[p] >= 0 ||
        !passive_participle_en(cx, p))
        return 0;
    claims_cand_init(&c, NE_CLAIM_INDIRECT);
    c.cb = p;
    c.ce = p + 1;
    j = p + 1;
    if (is_hash(cx, j, cx->w->by)) {
        uint32_t x = claims_np_from(cx, j + 1, end, 1);
        if (x <= j + 1)
            return 0;
        c.sb = j + 1; /* "seen by organizers as ..." */
        c.se = x;
        j = x;
    }
    if (!(is_hash(cx, j, cx->w->to) || is_hash(cx, j, cx->w->as) ||
          is_hash(cx, j, cx->w->for_)))
        return 0;
    c.mb = j;
    c.me = claims_message_end_en(cx, j, end, 0);
    if (n_words(cx, c.mb, c.me) < PASSIVE_MIN_WORDS)
        return 0;
    c.score = CLAIM_SCORE_INFERRED;
    return claims_emit(cx, &c);
}

/* Every passive attitude of the block: "is expected to ...", "has been
 * seen as ...", "was seen by X as ...". */
int claims_passive_frames_en(cx_t *cx)
{
    uint32_t t;
    int n = 0;
    for (t = cx->b + 1; t + 3 < cx->e; t++)
        if ((C(cx, t) & (CL_AUX | CL_FINITE)) && !cx->used[t] &&
            cx->inq[t] < 0)
            n += passive_frame_en(cx, t);
    return n;
}

/* "Asked whether he would run, Biden said ...", "When asked why, ...":
 * the question is a claim of its own, asked by nobody named (or by the
 * agent: "asked by Ingraham about ..."). b is "asked"; inside a sentence
 * ("... said last month when asked what ...") the question may run to
 * the end of the block. */
static int asked_at(cx_t *cx, uint32_t b, int inside)
{
    uint32_t e, k, end = block_body_end(cx);
    cand_t c;
    if (b + 2 >= cx->e || !(C(cx, b) & CL_QVERB) || cx->used[b] ||
        !is_hash(cx, b, cx->w->asked))
        return 0;
    claims_cand_init(&c, NE_CLAIM_INDIRECT);
    c.cb = b;
    c.ce = b + 1;
    k = b + 1;
    if (is_hash(cx, k, cx->w->by) &&
        (e = claims_np_from(cx, k + 1, cx->e, 1)) > k + 1) {
        c.sb = k + 1;
        c.se = e;
        k = e;
        while (k < cx->e && (C(cx, k) & (CL_TIME | CL_PREP)) &&
               !is_hash(cx, k, cx->w->about))
            k = NE_MAX(k + 1, claims_np_from(cx, k + 1, cx->e, 1));
    }
    while (k < cx->e && ((C(cx, k) & CL_ADV) || claims_ly_adverb(cx, k)))
        k++; /* "Asked specifically what ..." */
    if (k >= cx->e || !((C(cx, k) & CL_SUBCONJ) || (C(cx, k) & CL_RELPRON) ||
                        is_hash(cx, k, cx->w->about) || cx->h[k] == cx->w->why ||
                        cx->h[k] == cx->w->what || cx->h[k] == cx->w->how ||
                        cx->h[k] == cx->w->where))
        return 0;
    c.mb = k;
    c.me = clause_end(cx, k);
    if (!(c.me < cx->e && is_ch(cx, c.me, ',')) &&
        !(inside && c.me >= end && n_words(cx, c.mb, c.me) >= 3))
        return 0;
    c.me = NE_MIN(c.me, end);
    c.score = CLAIM_SCORE_INFERRED;
    return claims_emit(cx, &c);
}

/* Questions put to a speaker: "Asked whether ..., X said ...", "When
 * asked about ...", "Pence was asked about the comment." */
int claims_asked_frame_en(cx_t *cx)
{
    uint32_t t;
    if (asked_at(cx, cx->b + (cx->b < cx->e && is_hash(cx, cx->b, cx->w->when)),
                 0))
        return 1;
    /* "When asked ...", "But when asked ...", "... when asked ...", and
     * the passive "Pence was asked about the comment." */
    for (t = cx->b; t + 1 < cx->e; t++)
        if ((is_hash(cx, t, cx->w->when) ||
             ((C(cx, t) & CL_AUX) && t > cx->b)) &&
            cx->inq[t] < 0 && !cx->used[t] && asked_at(cx, t + 1, 1))
            return 1;
    return 0;
}

/* "“Q.” Trump said on Tuesday.": an English block that is only a frame
 * takes the quotation standing alone in the block before it. */
int claims_frame_block_en(cx_t *cx)
{
    const claims_block_t *pb;
    const claims_quote_t *q;
    uint32_t end = block_body_end(cx), i, t, r;
    int64_t part;
    cand_t c;

    if (!cx->block)
        return 0;
    pb = &cx->s->blocks.v[cx->block - 1];
    q = quote_at(cx, pb->begin);
    if (!q || q->open != pb->begin || quote_last(q) + 1 != pb->end ||
        T(cx, pb->begin)->field != T(cx, cx->b)->field ||
        claims_range_used(cx, pb->begin, pb->end))
        return 0;
    claims_cand_init(&c, NE_CLAIM_DIRECT);
    if (claims_is_cue(cx, cx->b, &part) && (C(cx, cx->b) & CL_SAY)) {
        i = cx->b;
        if (!claims_np_after(cx, i + 1, end, &c.sb, &c.se))
            return 0;
        r = (uint32_t)c.se;
    } else {
        for (i = cx->b; i < end && i < cx->b + SUBJ_MAX_EN + 2; i++)
            if (claims_is_cue(cx, i, &part))
                break;
        if (i >= end || i >= cx->b + SUBJ_MAX_EN + 2 ||
            !claims_subject_left_en(cx, cx->b, i, &c.sb, &c.se) ||
            c.sb != cx->b)
            return 0;
        r = i + 1;
    }
    if (C(cx, i) & CL_COGN)
        return 0;
    /* adjuncts only, up to a comma or a subordinate clause */
    for (t = r; t < end; t++) {
        if (is_bound(cx, t) || ((C(cx, t) & CL_SUBCONJ) && !is_dass(cx, t)))
            break;
        if ((C(cx, t) & (CL_VERBISH | CL_VERB)) || is_dass(cx, t) ||
            cx->inq[t] >= 0)
            return 0;
    }
    c.cb = i;
    c.ce = i + 1;
    c.mb = pb->begin;
    c.me = pb->end;
    c.score = CLAIM_SCORE_FRAME;
    return claims_emit(cx, &c);
}
