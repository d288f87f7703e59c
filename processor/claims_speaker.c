/*
 * newsenrich - claims: speakers. Noun phrases as written (determiner,
 * adjectives, capitalised words, a genitive or of-phrase after a role
 * noun, an apposition), the subject of a clause left or right of its cue,
 * and the links from a speaker span to its entity: the mention it
 * contains, or for a pronoun the latest fitting earlier speaker or
 * mention (gender from the first-name list).
 */
#include "claims_rules.h"

/* ---- noun phrases ---------------------------------------------------- */

int claims_is_head(const cx_t *cx, uint32_t i)
{
    uint64_t c = C(cx, i);
    if (T(cx, i)->kind != NE_TOK_WORD || cx->inq[i] >= 0)
        return 0;
    if ((c & (CL_FUNC | CL_VERBISH | CL_TIME | CL_RELPRON)) &&
        !(c & (CL_ROLE | CL_ANOUN | CL_MEDIUM)))
        return 0;
    if (is_capword(cx, i) || has_inner_cap(cx, i))
        return 1;
    return cx->en && (c & (CL_ROLE | CL_MEDIUM));
}

/* Adjectives, numbers, participles in front of a head: any lower-case
 * word that is not a function word or a verb. */
int claims_is_modifier(const cx_t *cx, uint32_t i)
{
    const ne_token_t *t = T(cx, i);
    if (cx->inq[i] >= 0)
        return 0;
    if (t->kind == NE_TOK_NUMBER)
        return 1;
    if (t->kind != NE_TOK_WORD || is_capword(cx, i) || has_inner_cap(cx, i))
        return 0;
    if (cx->en && (C(cx, i) & (CL_ROLE | CL_MEDIUM | CL_STMT)))
        return 0; /* a lower-case English head: "a statement" */
    return !(C(cx, i) & (CL_FUNC | CL_VERBISH | CL_RELPRON | CL_TIME |
                         CL_COGN));
}

/* "81-jährige", "53-jähriger": an age written as an adjective, the head
 * of "der 81-jährige" when no noun follows. */
static int is_age_word(const cx_t *cx, uint32_t i)
{
    const ne_token_t *t = T(cx, i);
    const char *n = cx->v.norm + t->norm_off;
    static const char AGE[] = "-jährig";
    size_t l = sizeof(AGE) - 1, k;
    if (t->kind != NE_TOK_WORD || t->norm_len < l + 1)
        return 0;
    for (k = 1; k + l <= t->norm_len; k++)
        if (!memcmp(n + k, AGE, l))
            return 1;
    return 0;
}

/* Does token i end in one of tab[0..cnt) with at least extra bytes before
 * it? */
int claims_has_suffix(const cx_t *cx, uint32_t i, const sfx_t *tab, size_t cnt,
                      size_t extra)
{
    const ne_token_t *t = T(cx, i);
    const char *n = cx->v.norm + t->norm_off;
    size_t k;
    for (k = 0; k < cnt; k++)
        if (t->norm_len >= tab[k].n + extra &&
            !memcmp(n + t->norm_len - tab[k].n, tab[k].s, tab[k].n))
            return 1;
    return 0;
}

/* A noun that names who speaks: a role noun of the lexicon, or a
 * compound ending in one of the common ones ("Umweltschutzorganisation",
 * "Polizeisprecherin"). */
static int role_like(const cx_t *cx, uint32_t i)
{
    static const sfx_t SUF[] = {
        SFX("sprecher"), SFX("sprecherin"), SFX("minister"),
        SFX("ministerin"), SFX("präsident"), SFX("präsidentin"),
        SFX("organisation"), SFX("verband"), SFX("partei"), SFX("gericht"),
        SFX("behörde"), SFX("behörden"), SFX("ministerium"), SFX("regierung"),
        SFX("polizei"), SFX("chef"), SFX("chefin"), SFX("leiter"),
        SFX("leiterin"), SFX("experte"), SFX("expertin"), SFX("experten"),
        SFX("vorsitzende"), SFX("vorsitzender"), SFX("kommission"),
        SFX("agentur"), SFX("institut"), SFX("gewerkschaft"), SFX("sender"),
        SFX("zeitung"), SFX("magazin"), SFX("vertreter"), SFX("vertreterin"),
        SFX("direktor"), SFX("direktorin"), SFX("anwalt"), SFX("anwältin"),
        SFX("forscher"), SFX("politiker"), SFX("politikerin"),
        SFX("aktivist"), SFX("aktivistin"), SFX("beamter"), SFX("beamte"),
        SFX("kritiker"), SFX("ermittler"), SFX("abgeordnete"),
        SFX("abgeordneter"), SFX("staatsanwaltschaft"), SFX("kanzler"),
        SFX("kanzlerin"), SFX("sekretär"), SFX("sekretärin"),
        SFX("botschafter"), SFX("bürgermeister"), SFX("bürgermeisterin"),
        SFX("spokesman"), SFX("spokeswoman"), SFX("official"),
        SFX("officials"), SFX("spokesperson")};
    if (C(cx, i) & CL_ROLE)
        return 1;
    if (T(cx, i)->kind != NE_TOK_WORD)
        return 0;
    return claims_has_suffix(cx, i, SUF, NE_ARRAY_SIZE(SUF), 0);
}

/* Does the noun phrase at [sb, se) read as a speaker: a pronoun, or a
 * head that is a person or organisation or a role noun? Looks at the
 * first head only ("Die Äußerungen Hassemers" is no speaker). */
int claims_speaker_like(const cx_t *cx, int64_t sb, int64_t se)
{
    uint32_t k = (uint32_t)sb;
    if (sb < 0)
        return 0;
    if (C(cx, k) & (CL_PRON | CL_PERSPRON))
        return 1;
    while (k < se && ((C(cx, k) & CL_DET) || T(cx, k)->kind == NE_TOK_NUMBER ||
                      (!is_capword(cx, k) && !has_inner_cap(cx, k))))
        k++;
    /* "Obamas Einsatz", "Merkels Sprecher": a name in the genitive before
     * a noun of its own is no head; the noun is */
    if (k + 1 < se && (cx->pers[k] & PERS_ENTITY) &&
        !(cx->pers[k + 1] & PERS_ENTITY) && is_capword(cx, k + 1) &&
        T(cx, k)->norm_len > 2 &&
        cx->v.norm[T(cx, k)->norm_off + T(cx, k)->norm_len - 1] == 's')
        k++;
    return k < se && ((cx->pers[k] & PERS_ENTITY) || role_like(cx, k));
}

/* Lower-case particles inside names: "von der Leyen", "bin Salman". */
static int is_name_particle(const cx_t *cx, uint32_t i)
{
    static const sfx_t P[] = {SFX("von"), SFX("van"), SFX("de"), SFX("der"),
                              SFX("den"), SFX("da"), SFX("di"), SFX("du"),
                              SFX("del"), SFX("bin"), SFX("al"), SFX("la"),
                              SFX("le"), SFX("el"), SFX("ten"), SFX("zu"),
                              SFX("dos"), SFX("das")};
    const ne_token_t *t = T(cx, i);
    const char *n = (cx->v.norm + t->norm_off);
    size_t k;
    if (t->kind != NE_TOK_WORD || (t->flags & NE_TOKF_CAP))
        return 0;
    for (k = 0; k < NE_ARRAY_SIZE(P); k++)
        if (P[k].n == t->norm_len && !memcmp(P[k].s, n, t->norm_len))
            return 1;
    return 0;
}

/* An apposition after a noun phrase, starting at the comma j: ", Rektor
 * der Universität ..." after a name (it must start with a role noun),
 * ", Lars Beringer" after a role noun (capitalised words only). It runs
 * to the next boundary. Returns its end, or j when there is none. */
static uint32_t appos_after(const cx_t *cx, uint32_t j, uint32_t lim,
                            int role_head)
{
    uint32_t a = j + 1, k, stop;

    if (a >= lim || !is_ch(cx, j, ','))
        return j;
    for (stop = a; stop < lim && stop - a <= APPOS_MAX; stop++)
        if (is_bound(cx, stop) && !is_ch(cx, stop, '(') &&
            !is_ch(cx, stop, ')'))
            break;
    if (stop - a > APPOS_MAX || stop == a)
        return j;
    for (k = a; k < stop; k++)
        if (C(cx, k) & (CL_VERBISH | CL_SUBCONJ | CL_PERSPRON | CL_COGN))
            return j;
    if (role_head) {
        for (k = a; k < stop; k++)
            if (!claims_is_head(cx, k) && !is_name_particle(cx, k))
                return j;
        return stop - a <= 5 ? stop : j;
    }
    k = a;
    while (k < stop && (C(cx, k) & CL_DET))
        k++;
    while (k < stop && claims_is_modifier(cx, k))
        k++;
    if (k < stop && role_like(cx, k) && claims_is_head(cx, k))
        return stop;
    return j;
}

/* The token after a quotation used as a name („Chosun Ilbo“) that opens
 * at j and closes before lim, or 0. */
static uint32_t quoted_name_end(const cx_t *cx, uint32_t j, uint32_t lim)
{
    const claims_quote_t *q = quote_at(cx, j);
    if (!q || q->open != j || !cx->qname[cx->inq[j]] || q->close >= lim)
        return 0;
    return q->close + 1;
}

/*
 * The noun phrase that starts at token j, not reaching lim: a pronoun, or
 * articles, modifiers and one or more heads, then (depth permitting) a
 * genitive or of-phrase, a coordinated phrase and an apposition. Returns
 * its end, or j when no noun phrase starts there.
 */
uint32_t claims_np_from(const cx_t *cx, uint32_t j, uint32_t lim, int depth)
{
    const claims_words_t *w = cx->w;
    uint32_t s = j, heads = 0, last = j, k;
    int role;
    uint64_t h;

    if (j >= lim || (cx->inq[j] >= 0 && !quoted_name_end(cx, j, lim)))
        return s;
    if (C(cx, j) & CL_PRON)
        return j + 1;
    while (j < lim && (C(cx, j) & CL_DET) && T(cx, j)->kind == NE_TOK_WORD)
        j++;
    if (j > s && !cx->en && depth < 2 && j < lim &&
        (C(cx, j) & CL_PREP) && !(C(cx, j) & CL_DET)) {
        /* "der für die Omo-Region zuständige Koordinator", "einer am
         * Dienstag veröffentlichten Mitteilung" */
        uint32_t m = 0, head = 0;
        /* the attribute's own adjectives too: "die zur kalifornischen
         * Stanford University gehörende Hoover Institution"; it ends in
         * the last adjective (the participle) after a head */
        for (k = j + 1;
             k < lim && k < j + 9 &&
             ((C(cx, k) & (CL_DET | CL_TIME)) || claims_is_head(cx, k) ||
              T(cx, k)->kind == NE_TOK_NUMBER ||
              (T(cx, k)->flags & NE_TOKF_ORDINAL) ||
              (claims_is_modifier(cx, k) && T(cx, k)->kind == NE_TOK_WORD));
             k++) {
            if (claims_is_head(cx, k) || (C(cx, k) & CL_TIME) ||
                T(cx, k)->kind == NE_TOK_NUMBER)
                head = k;
            else if (head && claims_is_modifier(cx, k) &&
                     T(cx, k)->kind == NE_TOK_WORD && k + 1 < lim &&
                     (claims_is_head(cx, k + 1) ||
                      quoted_name_end(cx, k + 1, lim)))
                m = k;
        }
        if (m)
            j = m;
    }
    while (j < lim && claims_is_modifier(cx, j))
        j++;
    while (j < lim) {
        if (claims_is_head(cx, j)) {
            last = j++;
            heads++;
            continue;
        }
        if ((k = quoted_name_end(cx, j, lim))) {
            last = j;
            j = k;
            heads++;
            continue;
        }
        if (heads && j + 2 < lim && is_ch(cx, j, '(') &&
            claims_is_head(cx, j + 1) && is_ch(cx, j + 2, ')')) {
            j += 3; /* "Bundeskriminalamt ( BKA )" */
            continue;
        }
        if (heads && is_name_particle(cx, j) &&
            !(C(cx, j) & CL_DET)) { /* "von der Leyen", not "X den Y" */
            for (k = j; k < lim && is_name_particle(cx, k); k++)
                ;
            if (k < lim && is_capword(cx, k) && claims_is_head(cx, k) &&
                !(C(cx, k) & CL_ROLE)) {
                j = k;
                continue;
            }
        }
        break;
    }
    if (!heads && j > s && is_age_word(cx, j - 1)) {
        last = j - 1; /* "der 81-jährige" */
        heads = 1;
    }
    if (!heads)
        return s;
    role = (C(cx, last) & (CL_ROLE | CL_MEDIUM | CL_ANOUN | CL_STMT)) ||
           role_like(cx, last);
    if (depth < 2 && j + 1 < lim) {
        int attach;
        h = cx->h[j];
        if (!cx->en)
            attach = h == w->des || h == w->eines ||
                     (role && (h == w->der || h == w->einer ||
                               h == w->von || h == w->vom || h == w->in ||
                               h == w->im || h == w->aus || h == w->bei));
        else
            attach = role && (h == w->of || h == w->for_ || h == w->at ||
                              h == w->from || h == w->with);
        if (attach && (k = claims_np_from(cx, j + 1, lim, depth + 1)) > j + 1)
            j = k;
    }
    if (depth == 0 && j + 1 < lim &&
        (is_hash(cx, j, w->und) || is_hash(cx, j, w->sowie) ||
         is_hash(cx, j, w->and_)) &&
        (claims_is_head(cx, j + 1) || (C(cx, j + 1) & CL_DET)) &&
        (k = claims_np_from(cx, j + 1, lim, 1)) > j + 1)
        j = k;
    if (depth == 0)
        j = appos_after(cx, j, lim, role);
    return j;
}

/* The speaker right of j (after a cue): adverbs, times and prepositional
 * phrases are skipped ("sagte am Dienstag der Minister"). */
int claims_np_after(const cx_t *cx, uint32_t j, uint32_t lim, int64_t *sb,
                    int64_t *se)
{
    uint32_t n, k;
    for (n = 0; j < lim && n < 8; n++) {
        uint64_t c = C(cx, j);
        if (is_dash(cx, j)) {
            /* "gab heute – nach eingehenden Untersuchungen – X bekannt" */
            for (k = j + 1; k < lim && !is_dash(cx, k) && !is_final(cx, k);
                 k++)
                ;
            if (k >= lim || !is_dash(cx, k))
                return 0;
            j = k + 1;
            continue;
        }
        if (is_bound(cx, j) && !is_ch(cx, j, ','))
            return 0;
        if (is_ch(cx, j, ','))
            return 0;
        if (c & CL_PRON) {
            *sb = j;
            *se = j + 1;
            return 1;
        }
        if ((c & CL_PREP) && !(c & CL_DET)) {
            k = claims_np_from(cx, j + 1, lim, 1);
            j = k > j + 1 ? k : j + 1;
            continue;
        }
        if (((c & (CL_ADV | CL_FOCUS | CL_NEG | CL_TIME)) &&
             !claims_is_head(cx, j)) ||
            T(cx, j)->kind == NE_TOK_NUMBER) {
            j++;
            continue;
        }
        if (c & (CL_SUBCONJ | CL_COORD | CL_VERBISH | CL_PERSPRON))
            return 0;
        k = claims_np_from(cx, j, lim, 0);
        if (k == j)
            return 0;
        *sb = j;
        *se = k;
        return 1;
    }
    return 0;
}

/* A German determiner that cannot open a subject: dative or accusative
 * "dem", "den", "einem", "einen", "diesem", "seinen" (all in -em/-en). */
static int oblique_det_de(const cx_t *cx, uint32_t j)
{
    const ne_token_t *t = T(cx, j);
    const char *n = cx->v.norm + t->norm_off;
    return (C(cx, j) & CL_DET) && t->norm_len >= 3 &&
           (!memcmp(n + t->norm_len - 2, "em", 2) ||
            !memcmp(n + t->norm_len - 2, "en", 2));
}

/* The German subject after the finite verb: the first noun phrase that
 * can be nominative ("teilte dem Sender CNN mit": not "dem Sender"). */
int claims_subject_after_de(const cx_t *cx, uint32_t j, uint32_t lim,
                            int64_t *sb, int64_t *se)
{
    int64_t b, e;
    int n;
    for (n = 0; n < 3 && j < lim && claims_np_after(cx, j, lim, &b, &e); n++) {
        if (!oblique_det_de(cx, (uint32_t)b)) {
            *sb = b;
            *se = e;
            return 1;
        }
        j = (uint32_t)e;
    }
    return 0;
}

/* A capitalised sentence-initial word that is an adverb or adjective by
 * its ending: "Offiziell", "Sinngemäß", "Möglicherweise". */
static int adverb_like(const cx_t *cx, uint32_t j)
{
    static const sfx_t SUF[] = {
        SFX("lich"), SFX("weise"), SFX("mäß"), SFX("mäßig"), SFX("ell"),
        SFX("end"), SFX("isch"), SFX("bar"), SFX("falls"), SFX("maßen")};
    if (!(T(cx, j)->flags & NE_TOKF_SENT_START))
        return 0;
    return claims_has_suffix(cx, j, SUF, NE_ARRAY_SIZE(SUF), 3);
}

/* German prefield subject: "Kreml-Sprecher Peskow" in "Kreml-Sprecher
 * Peskow erklärte", also after a focus particle ("Auch das Ministerium
 * teilte mit"). The prefield holds one constituent, so a prefield that
 * starts like a noun phrase and has no verb is the subject whole ("Theo
 * Kitz vom Bankhaus Merck Finck sagte"). fin is the finite verb. */
int claims_subject_prefield(const cx_t *cx, uint32_t cs, uint32_t fin,
                            int64_t *sb, int64_t *se)
{
    uint32_t j = cs, e, k;
    while (j < fin && (C(cx, j) & (CL_FOCUS | CL_COORD)) &&
           !(C(cx, j) & (CL_DET | CL_PRON)))
        j++;
    if (j >= fin)
        return 0;
    if (C(cx, j) & CL_PRON) {
        if (j + 1 != fin)
            return 0;
        *sb = j;
        *se = j + 1;
        return 1;
    }
    if ((C(cx, j) & (CL_PREP | CL_ADV | CL_SUBCONJ | CL_TIME | CL_LAUT |
                     CL_NACH | CL_WIE | CL_ANAPH | CL_PERSPRON)) &&
        !(C(cx, j) & CL_DET))
        return 0;
    if (j + 1 == fin && adverb_like(cx, j))
        return 0;
    /* "Passend zu den Gefahren des Eises warnte X", "Stellvertretend für
     * die Kommission empfahl X": an adverb with its phrase, not a name
     * ("Mitchell vom Weißen Haus") */
    if (j + 1 < fin && adverb_like(cx, j) && !(cx->pers[j] & PERS_ENTITY) &&
        (C(cx, j + 1) & CL_PREP) && !(C(cx, j + 1) & CL_DET) &&
        !is_hash(cx, j + 1, cx->w->von) && !is_hash(cx, j + 1, cx->w->vom))
        return 0;
    /* "Der Politik schlug er vor": a pronoun right after the verb is the
     * subject, the prefield something else */
    if (fin + 1 < cx->e && (C(cx, fin + 1) & CL_PRON) &&
        !((C(cx, fin + 1) & CL_PRON_F) && claims_speaker_like(cx, j, fin)))
        return 0; /* but "Der Geschäftsführer nannte sie „fahrlässig“" */
    if (claims_np_from(cx, j, fin, 0) == j)
        return 0;
    for (k = j; k < fin; k++)
        if ((C(cx, k) & (CL_VERBISH | CL_SUBCONJ | CL_COGN)) &&
            cx->inq[k] < 0)
            return 0;
    e = fin;
    while (e > j && (C(cx, e - 1) & (CL_ADV | CL_FOCUS)) &&
           !claims_is_head(cx, e - 1))
        e--;
    *sb = j;
    *se = e;
    return 1;
}

/* Noun phrases only, no verb, from the block start to cs: the part of a
 * subject before an apposition ("Stephen Singer, ein Klimaexperte vom WWF
 * erklärte"). */
int claims_np_chain(const cx_t *cx, uint32_t b, uint32_t cs)
{
    uint32_t k;
    if (cs <= b || claims_np_from(cx, b, cs, 1) == b)
        return 0;
    for (k = b; k < cs; k++)
        if (cx->inq[k] < 0 &&
            ((C(cx, k) & (CL_VERBISH | CL_SUBCONJ | CL_COGN)) ||
             is_final(cx, k) || is_ch(cx, k, ':') ||
             (k > b && is_ch(cx, k - 1, ',') && (C(cx, k) & CL_RELPRON))))
            return 0;
    return 1;
}

/* "-ing" participles: ", saying ...", ", referring to ...". */
int claims_is_ing(const cx_t *cx, uint32_t t)
{
    const ne_token_t *tk = T(cx, t);
    const char *n = cx->v.norm + tk->norm_off;
    return tk->kind == NE_TOK_WORD && !(tk->flags & NE_TOKF_CAP) &&
           tk->norm_len > 5 && !memcmp(n + tk->norm_len - 3, "ing", 3) &&
           !(C(cx, t) & (CL_DET | CL_PREP | CL_NOUNISH));
}

/* English noun phrases in lower case ("a person familiar with his views",
 * "donors") cannot be told from their context without tags: take the
 * words from j up to the next boundary, verb or clause word, at most 12,
 * when one of them is a content word. Returns the end, or j. */
uint32_t claims_np_loose_en(const cx_t *cx, uint32_t j, uint32_t lim)
{
    uint32_t k, content = 0;
    for (k = j; k < lim && k - j < 12; k++) {
        uint64_t c = C(cx, k);
        if (is_bound(cx, k) || (c & (CL_VERBISH | CL_SUBCONJ | CL_RELPRON |
                                     CL_VERB | CL_COORD)))
            break;
        if (T(cx, k)->kind == NE_TOK_WORD && !(c & CL_FUNC))
            content++;
    }
    if (k - j >= 12 || !content)
        return j;
    while (k > j && (C(cx, k - 1) & (CL_PREP | CL_DET | CL_ADV | CL_TIME)))
        k--;
    return k;
}

/* An English participle or adverb that opens a phrase: "Having",
 * "Holding", "Courted", "basically", "successfully". */
int claims_participle_en(const cx_t *cx, uint32_t t)
{
    const ne_token_t *tk = T(cx, t);
    const char *n = cx->v.norm + tk->norm_off;
    size_t l = tk->norm_len;
    if (tk->kind != NE_TOK_WORD || (C(cx, t) & (CL_DET | CL_PRON | CL_ROLE)) ||
        cx->pers[t] || (is_capword(cx, t) && !(tk->flags & NE_TOKF_SENT_START)))
        return 0;
    return (l > 4 && !memcmp(n + l - 3, "ing", 3)) ||
           (l > 4 && !memcmp(n + l - 2, "ed", 2)) ||
           (l > 4 && !memcmp(n + l - 2, "ly", 2));
}

/* "made it clear", "makes clear", "went after": index of the last word
 * when the verb at i opens such a cue, else 0. */
uint32_t claims_made_clear(const cx_t *cx, uint32_t i)
{
    const claims_words_t *w = cx->w;
    uint64_t h = cx->h[i];
    if ((h == w->went || h == w->go || h == w->goes || h == w->going) &&
        i + 1 < cx->v.ntok && cx->h[i + 1] == w->after)
        return i + 1; /* "went after Clinton" */
    if (h != w->made && h != w->make && h != w->makes && h != w->making)
        return 0;
    if (i + 1 < cx->v.ntok && cx->h[i + 1] == w->clear)
        return i + 1;
    if (i + 2 < cx->v.ntok && cx->h[i + 1] == w->it && cx->h[i + 2] == w->clear)
        return i + 2;
    return 0;
}

/* A lower-case English adverb in -ly that no lexicon lists:
 * "pleasantly", "matter-of-factly"; not "family", "rally", "ally". */
int claims_ly_adverb(const cx_t *cx, uint32_t t)
{
    static const sfx_t NOUN[] = {SFX("family"), SFX("rally"), SFX("ally"),
                                 SFX("supply"), SFX("assembly"),
                                 SFX("reply"), SFX("anomaly"),
                                 SFX("monopoly"), SFX("bully")};
    static const sfx_t LY[] = {SFX("ly")};
    const ne_token_t *tk = T(cx, t);
    if (tk->kind != NE_TOK_WORD || is_capword(cx, t) || tk->norm_len < 5 ||
        !claims_has_suffix(cx, t, LY, 1, 0) || (C(cx, t) & ~(uint64_t)CL_ADV))
        return 0;
    return !claims_has_suffix(cx, t, NOUN, NE_ARRAY_SIZE(NOUN), 0);
}

/* Is the participle at k an adjective of the name right after it:
 * "Retired neurosurgeon Ben Carson said", "Embattled Gov. Christie
 * said"? It opens the sentence, ends in -ed, and a person, organisation
 * or role follows within two words, up to the cue at e. */
static int adjective_before_name(const cx_t *cx, uint32_t k, uint32_t e)
{
    const ne_token_t *tk = T(cx, k);
    uint32_t b;
    if (!(tk->flags & NE_TOKF_SENT_START) || tk->norm_len < 4 ||
        memcmp(cx->v.norm + tk->norm_off + tk->norm_len - 2, "ed", 2))
        return 0;
    for (b = k + 1; b < e && b <= k + 3; b++)
        if ((cx->pers[b] & PERS_ENTITY) || (C(cx, b) & CL_ROLE))
            return 1;
    return 0;
}

/* English subject left of the cue at i, within [cs, i): "the source" in
 * "the source added", "Trump" in "Trump has also said". */
int claims_subject_left_en(const cx_t *cx, uint32_t cs, uint32_t i, int64_t *sb,
                           int64_t *se)
{
    uint32_t end = i, k, t;
    int ok = 0;

    while (
        end > cs &&
        (C(cx, end - 1) & (CL_ADV | CL_AUX | CL_NEG | CL_FOCUS | CL_FINITE)) &&
        !claims_is_head(cx, end - 1) && !(C(cx, end - 1) & CL_PRON))
        end--;
    if (end == cs)
        return 0;
    for (k = end; k > cs && end - k < SUBJ_MAX_EN; k--)
        if (C(cx, k - 1) & (CL_VERBISH | CL_SUBCONJ | CL_RELPRON | CL_WIE))
            break;
    if (k > cs && end - k >= SUBJ_MAX_EN)
        return 0;
    while (k < end && (C(cx, k) & (CL_COORD | CL_ADV | CL_TIME | CL_FOCUS)) &&
           !(C(cx, k) & (CL_DET | CL_PRON)))
        k++;
    if (k < end && (C(cx, k) & CL_PREP) && !(C(cx, k) & CL_DET)) {
        uint32_t m = claims_np_from(cx, k + 1, end, 1);
        if (m > k + 1 && m < end)
            k = m;
        while (k < end && (C(cx, k) & (CL_TIME | CL_ADV)))
            k++;
    }
    for (t = k; t < end && !ok; t++)
        if (claims_is_head(cx, t) || (C(cx, t) & (CL_PRON | CL_ROLE)) ||
            cx->h[t] == cx->w->i_)
            ok = 1; /* "I think ...": interviews speak in the first person */
    if (!ok && k < end && claims_np_loose_en(cx, k, end) == end)
        ok = 1; /* "the magazine said", "donors said" */
    /* "X did this and said": no subject of its own; "wants to say",
     * "Having announced", "twice complained": no noun phrase */
    if ((C(cx, end - 1) & CL_COORD) || is_hash(cx, end - 1, cx->w->to) ||
        (k < end && claims_participle_en(cx, k) &&
         !adjective_before_name(cx, k, end)) ||
        (end == k + 1 && !claims_is_head(cx, k) &&
         !(C(cx, k) & (CL_PRON | CL_ROLE)) && cx->h[k] != cx->w->i_))
        ok = 0;
    if (!ok || k >= end)
        return 0;
    /* "He continues to insist", "Trump wants to say": the verbs before
     * the cue are not part of the subject */
    t = (C(cx, k) & CL_PRON) ? k + 1 : claims_np_from(cx, k, end, 0);
    if (t > k && t < end && end - t <= 3 && is_hash(cx, end - 1, cx->w->to)) {
        uint32_t m;
        for (m = t; m < end - 1; m++)
            if (T(cx, m)->kind != NE_TOK_WORD || is_capword(cx, m) ||
                (C(cx, m) & (CL_DET | CL_PREP)))
                break;
        if (m == end - 1)
            end = t;
    }
    *sb = k;
    *se = end;
    return 1;
}

/* Is [b, e) capitalised words only, a name ("Giovanni Vian")? */
static int capitalised_only(const cx_t *cx, uint32_t b, uint32_t e)
{
    if (b >= e)
        return 0;
    for (; b < e; b++)
        if (!is_capword(cx, b) || (C(cx, b) & (CL_FUNC | CL_TIME)))
            return 0;
    return 1;
}

/* Does [b, e) name a person, an organisation or a role anywhere
 * ("Texas delegate Bill Eastland")? */
int claims_names_speaker(const cx_t *cx, uint32_t b, uint32_t e)
{
    for (; b < e; b++)
        if ((cx->pers[b] & PERS_ENTITY) || role_like(cx, b))
            return 1;
    return 0;
}

/* The subject before an interruption: "Der Staatschef, der ... teilnimmt,
 * gab bekannt", "Smith, a spokesman for X, said". cs starts the clause
 * with the cue; the clause before it must be a relative clause or an
 * apposition, and the one before that a bare noun phrase. */
int claims_subject_interrupted(const cx_t *cx, uint32_t cs, int64_t *sb,
                               int64_t *se)
{
    uint32_t ps, pe = cs - 1, k, n;
    int rel = 0, first_rel = -1;

    if (cs < cx->b + 4 || !is_ch(cx, cs - 1, ','))
        return 0;
    /* Walk back over up to three interruptions: relative clauses, "-ing"
     * phrases and appositions ("Fitton, the president of Judicial Watch,
     * a conservative group that ..., said"). */
    for (n = 0; n < 3; n++) {
        ps = clause_begin(cx, pe);
        if (ps <= cx->b + 1 || !is_ch(cx, ps - 1, ','))
            return 0;
        rel = (C(cx, ps) & CL_RELPRON) || (cx->en && claims_is_ing(cx, ps));
        if (cx->en && pe == ps + 1 && T(cx, ps)->kind == NE_TOK_NUMBER) {
            /* an age: "Freddy Ortega, 45, said" */
        } else if (pe == ps + 1 && (C(cx, ps) & CL_ADV) &&
                   !(C(cx, ps) & CL_TIME)) {
            /* a sentence adverb: "Others, however, say"; like a
             * relative clause it is no part of the speaker */
            if (first_rel < 0)
                first_rel = (int)ps;
        } else if (!rel) {
            for (k = ps; k < pe; k++)
                if (C(cx, k) & (CL_VERBISH | CL_SUBCONJ | CL_PERSPRON))
                    return 0;
            if (claims_np_from(cx, ps, pe, 1) == ps &&
                (!cx->en || claims_np_loose_en(cx, ps, pe) == ps))
                return 0;
        } else if (!cx->en) {
            /* German relative clauses end in their verb: no cue in them;
             * "als" there compares ("der als Kritiker gilt") */
            for (k = ps; k < pe; k++)
                if ((C(cx, k) & CL_SUBCONJ) && !is_hash(cx, k, cx->w->als))
                    return 0;
        }
        if (rel && first_rel < 0)
            first_rel = (int)ps;
        pe = ps - 1;
        /* the subject: a noun phrase from the clause start to the comma */
        for (k = clause_begin(cx, pe); k < pe; k++) {
            uint32_t e = claims_np_from(cx, k, pe, 1);
            if (k > cx->b && (C(cx, k - 1) & CL_PREP) &&
                !(C(cx, k - 1) & CL_DET))
                continue; /* "Im Brief, den ...": a prepositional phrase */
            if ((e == pe && e > k) ||
                (cx->en && claims_np_loose_en(cx, k, pe) == pe)) {
                uint32_t a, m;
                /* "Giovanni Maria Vian, the editor in chief of the paper,
                 * L'Osservatore Romano, said": a chain of noun phrases
                 * set off by commas is one speaker from its first */
                for (m = 0; cx->en && m < 2 && k == clause_begin(cx, k) &&
                            k > cx->b + 1 && is_ch(cx, k - 1, ',');
                     m++) {
                    a = clause_begin(cx, k - 1);
                    if (a >= k - 1 ||
                        (C(cx, a) &
                         (CL_PREP | CL_SUBCONJ | CL_ADV | CL_COORD)) ||
                        (claims_np_from(cx, a, k - 1, 1) != k - 1 &&
                         claims_np_loose_en(cx, a, k - 1) != k - 1) ||
                        !(claims_names_speaker(cx, a, k - 1) ||
                          capitalised_only(cx, a, k - 1)))
                        break;
                    k = a;
                }
                *sb = k;
                /* appositions belong to the speaker, relative clauses not */
                *se = first_rel >= 0 ? (uint32_t)first_rel - 1 : cs - 1;
                return 1;
            }
            if (C(cx, k) & (CL_VERBISH | CL_SUBCONJ))
                break;
        }
    }
    return 0;
}

/* The first token of field f that ends after byte off (tokens are in
 * field and byte order); doc->tokens.cnt when there is none. */
size_t claims_first_token_after(const ne_doc_t *doc, uint8_t f, uint32_t off)
{
    size_t lo = 0, hi = doc->tokens.cnt;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const ne_token_t *t = &doc->tokens.v[mid];
        if (t->field < f || (t->field == f && t->end <= off))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Token k still overlaps the span sp (walking on from the first one). */
int claims_token_in(const ne_doc_t *doc, size_t k, ne_span_t sp)
{
    return k < doc->tokens.cnt && doc->tokens.v[k].field == sp.field &&
           doc->tokens.v[k].start < sp.end;
}

/* The entity of a speaker span: the first PER mention inside it, else
 * the first ORG, else any. A mention that overlaps the span has a token
 * that does, so the walk goes over the span's tokens, not over every
 * mention of the article (that was quadratic in long articles). */
int32_t claims_span_entity(const ne_doc_t *doc, ne_span_t sp)
{
    int32_t best = -1, best_rank = 9, best_m = INT32_MAX;
    size_t k;
    for (k = claims_first_token_after(doc, sp.field, sp.start);
         claims_token_in(doc, k, sp); k++) {
        int32_t m = doc->tokens.v[k].mention;
        const ne_mention_t *mn;
        int rank;
        if (m < 0 || (size_t)m >= doc->mentions.cnt)
            continue;
        mn = &doc->mentions.v[m];
        if (mn->span.field != sp.field || mn->span.end <= sp.start ||
            mn->span.start >= sp.end || mn->entity < 0)
            continue;
        rank = mn->type == NE_ENT_PER ? 0 : mn->type == NE_ENT_ORG ? 1 : 2;
        if (rank < best_rank || (rank == best_rank && m < best_m)) {
            best_rank = rank;
            best_m = m;
            best = mn->entity;
        }
    }
    return best;
}

/* Gender of a PER entity from the first names in its first mention:
 * CL_MALE, CL_FEMALE or 0. */
static uint64_t entity_gender(const cx_t *cx, int32_t ent)
{
    const ne_doc_t *doc = cx->doc;
    const ne_mention_t *mn;
    uint32_t t;

    if (ent < 0 || (size_t)ent >= doc->entities.cnt ||
        doc->entities.v[ent].first_mention >= doc->mentions.cnt)
        return 0;
    mn = &doc->mentions.v[doc->entities.v[ent].first_mention];
    for (t = mn->tok_begin; t < mn->tok_end && t < doc->tokens.cnt; t++) {
        const ne_token_t *tk = &doc->tokens.v[t];
        const claims_lexent_t *e = claims_lex_get(
            &cx->cl->names, tk->hash);
        if (e && (e->cls & (CL_MALE | CL_FEMALE)) != (CL_MALE | CL_FEMALE))
            return e->cls & (CL_MALE | CL_FEMALE);
    }
    return 0;
}

/* Does entity ent fit pronoun class pc (CL_PRON_M, CL_PRON_F, CL_PRON_PL)? */
static int pron_fits(const cx_t *cx, int32_t ent, uint64_t pc)
{
    uint8_t type;
    uint64_t g;
    if (ent < 0 || (size_t)ent >= cx->doc->entities.cnt)
        return 0;
    type = cx->doc->entities.v[ent].type;
    if (pc == CL_PRON_PL)
        return type == NE_ENT_ORG;
    if (type == NE_ENT_ORG)
        return pc == CL_PRON_F && !cx->en; /* "die Regierung ... sie" */
    if (type != NE_ENT_PER)
        return 0;
    g = entity_gender(cx, ent);
    return !g || (pc == CL_PRON_M ? g == CL_MALE : g == CL_FEMALE);
}

/* A pronoun speaker at token i: the latest earlier speaker that fits, else
 * the latest fitting mention before it. */
int32_t claims_resolve_pronoun(const cx_t *cx, uint32_t i, int plural)
{
    const ne_doc_t *doc = cx->doc;
    uint64_t c = C(cx, i), pc;
    const ne_token_t *t = T(cx, i);
    size_t k;

    if (plural || !(c & (CL_PRON_M | CL_PRON_F)))
        pc = CL_PRON_PL;
    else
        pc = (c & CL_PRON_M) ? CL_PRON_M : CL_PRON_F;
    /* The subject of the sentence before, when it fits: "Seiler nannte
     * ... Er forderte ..." */
    if (t->sent > 0) {
        const ne_sentence_t *ps = &cx->v.sent[t->sent - 1];
        for (k = 0; k < doc->mentions.cnt; k++) {
            const ne_mention_t *mn = &doc->mentions.v[k];
            uint32_t m = mn->tok_begin;
            if (m < ps->tok_begin || m >= ps->tok_end)
                continue;
            while (m > ps->tok_begin && (C(cx, m - 1) & (CL_DET | CL_ROLE) ||
                                         is_capword(cx, m - 1)) &&
                   !is_bound(cx, m - 1))
                m--;
            if (m == ps->tok_begin && pron_fits(cx, mn->entity, pc))
                return mn->entity;
            break;
        }
    }
    for (k = doc->claims.cnt; k-- > 0 && doc->claims.cnt - k <= 3;) {
        const ne_claim_t *cl = &doc->claims.v[k];
        if (cl->speaker.field == t->field && cl->speaker.end <= t->start &&
            pron_fits(cx, cl->speaker_entity, pc))
            return cl->speaker_entity;
    }
    for (k = doc->mentions.cnt; k-- > 0;) {
        const ne_mention_t *mn = &doc->mentions.v[k];
        if (mn->span.field != t->field || mn->span.end > t->start)
            continue;
        if (t->start - mn->span.end > 1500)
            break;
        if (pron_fits(cx, mn->entity, pc))
            return mn->entity;
    }
    return -1;
}
