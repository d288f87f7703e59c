/*
 * newsenrich - claims: quotes, reported speech and "according to"
 * attributions, with their speakers.
 *
 * Rules over tokens, no parser. The text is cut into blocks: sentences,
 * joined while a quotation runs on. Inside a block, clauses are the runs
 * of tokens between commas, colons, dashes and quotations. Three passes
 * per block:
 *
 *   1. trailing frames: "MSG, sagte X." / "„Q“, so X." / "“Q,” X said."
 *      (a clause that starts with a cue, or a short English clause that
 *      is just subject + cue), and ", heißt es";
 *   2. leading frames and attribution phrases: "X sagte, (dass) MSG",
 *      "X said (that) MSG", "Wie X mitteilte, MSG", "laut X", "X zufolge",
 *      "nach Angaben von X", "according to X", "citing X";
 *   3. context: a quotation standing alone right after a claim continues
 *      that speaker; so does a German sentence in Konjunktiv I (the
 *      grammatical mark of reported speech) right after a claim.
 *
 * Pass 1 runs first so that the outer frame wins where speech is nested
 * ("Er erinnere daran, dass ..., sagte ein Sprecher"). Tokens that end up
 * in a claim are marked used; a later candidate touching them is dropped,
 * so claims never overlap.
 *
 * Speakers are noun phrases as written: determiner, adjectives and
 * capitalised words ("die staatliche Nachrichtenagentur KCNA"), a genitive
 * or of-phrase after a role noun ("ein Sprecher des Ministeriums"), and an
 * apposition set off by commas when it starts with a role noun ("Yang
 * Moo-jin, Rektor der Universität ..."); never a relative clause or the
 * addressee. The speaker links to the entity of the mention it contains;
 * a pronoun speaker links to the latest fitting earlier speaker or
 * mention (gender from the first-name list).
 *
 * Where each frame lives, in the order run_block() tries them (functions
 * without the claims_ prefix are static in their file):
 *
 *   frame                                 function                 file
 *   pass 1
 *   "MSG, sagte X." "“Q,” X said."        claims_trailing_frame    _trail.c
 *     ", so X" ", hatte er gesagt" ", heißt es"
 *   "X äußerte sich zufrieden: „Q“"       claims_colon_quote       _context.c
 *   "Demnach MSG" (speaker: last claim)   claims_anaph_frame_de    _de.c
 *   pass 2, token by token
 *   "according to X", "citing X"          claims_according_en      _accord.c
 *   "laut X", "X zufolge", "nach Angaben von X", "nach X-Angaben"
 *                                         claims_according_de      _accord.c
 *   "Wie X mitteilte, MSG", "as X said"   claims_wie_frame         _accord.c
 *   "..., wonach MSG"                     claims_wonach_frame      _de.c
 *   "Für X sei MSG" (Konjunktiv I)        claims_fuer_frame_de     _accord.c
 *   "X sagte, (dass) MSG"                 claims_leading_frame_de  _de.c
 *     "X warnte vor MSG" (speech act)     reported_act             _de.c
 *     "..., zumal X betont hatte, MSG"    subordinate_frame_de     _de.c
 *     "Das erklärte er." (MSG: before)    previous_block           _de.c
 *   "X said (that) MSG"                   claims_leading_frame_en  _en.c
 *   "..., saying MSG"                     claims_saying_frame      _en.c
 *   pass 2, whole block
 *   "X ist der Meinung, MSG" (weak cue)   claims_clause_frame_de   _de.c
 *   "“Q.” Trump said." (block is frame)   claims_frame_block_en    _en.c
 *   "criticism of X", "support for X",    claims_noun_frames_en    _en.c
 *     "allegations that MSG" (attitude nouns)
 *   "Bernie Sanders Says He's ..."        claims_headline_frame_en _en.c
 *     (title-case headline)
 *   "is expected to MSG", "was seen by X  claims_passive_frames_en _en.c
 *     as MSG" (passive attitudes)
 *   "In the latest ... poll, MSG"         claims_medium_intro_en   _accord.c
 *   "Asked whether ..., X said"           claims_asked_frame_en    _en.c
 *   "X griff ihn an:" + „Q“ next block    claims_colon_block_quote _context.c
 *   "... surprise pollster Daron Shaw: “Q”" claims_colon_name_quote_en
 *                                                                  _context.c
 *   pass 3
 *   „Q“ or Konjunktiv I after a claim     claims_continuation      _context.c
 *   Konjunktiv I after a subject          claims_subject_continuation
 *                                                                  _context.c
 *
 * What the frames share: speakers (noun phrases, subjects, entity and
 * pronoun links) in claims_speaker.c; message ends and the evidence of
 * reported speech (dass, Konjunktiv) in claims_msg.c; cues, candidates
 * and emit() in claims_emit.c; scores (CLAIM_SCORE_*), cx_t and the token
 * predicates in claims_rules.h; the lexicon in claims_lex.c, quotation
 * marks in claims_quote.c. This file: blocks, token classes, the passes
 * per block, and the stage's entry points.
 */
#include "claims_rules.h"

static void run_block(cx_t *cx)
{
    uint32_t i, n0 = (uint32_t)cx->doc->claims.cnt;

    for (i = cx->b + 1; i < cx->e; i++)
        if (cx->inq[i] < 0 && !cx->used[i] && is_bound(cx, i - 1))
            claims_trailing_frame(cx, i);
    claims_colon_quote(cx);
    if (!cx->en)
        claims_anaph_frame_de(cx);
    for (i = cx->b; i < cx->e; i++) {
        uint64_t c;
        if (cx->inq[i] >= 0 || cx->used[i])
            continue;
        c = C(cx, i);
        if (cx->en) {
            if (c & (CL_ACCORD | CL_CITING))
                claims_according_en(cx, i);
            else if ((c & CL_WIE) && i + 1 < cx->e &&
                     !(C(cx, i + 1) & CL_PRON))
                claims_wie_frame(cx, i);
            else if ((c & CL_VERB) && !claims_saying_frame(cx, i))
                claims_leading_frame_en(cx, i);
            continue;
        }
        if (c & (CL_LAUT | CL_ZUFOLGE | CL_NACH))
            claims_according_de(cx, i);
        else if (cx->h[i] == cx->w->wonach)
            claims_wonach_frame(cx, i);
        else if (i == cx->b && cx->h[i] == cx->w->fuer)
            claims_fuer_frame_de(cx, i);
        else if (c & CL_WIE)
            claims_wie_frame(cx, i);
        else if (c & (CL_VERB | CL_SEP | CL_HEISST))
            claims_leading_frame_de(cx, i);
    }
    if (!cx->en) {
        for (i = cx->b + 2; i < cx->e; i++)
            if (!cx->used[i] && is_ch(cx, i, ','))
                claims_clause_frame_de(cx, i);
        claims_als_quote_frame_de(cx);
    }
    if (cx->doc->claims.cnt == n0 && cx->en)
        claims_frame_block_en(cx);
    if (cx->en) {
        claims_noun_frames_en(cx);
        claims_headline_frame_en(cx);
        claims_passive_frames_en(cx);
        claims_medium_intro_en(cx);
        claims_asked_frame_en(cx);
    } else if (cx->doc->claims.cnt == n0) {
        claims_colon_block_quote(cx);
    }
    if (cx->en && cx->doc->claims.cnt == n0)
        claims_colon_name_quote_en(cx);
    if (cx->doc->claims.cnt == n0)
        claims_continuation(cx);
    if (!cx->en && cx->doc->claims.cnt == n0)
        claims_subject_continuation(cx);
    if (!cx->en && cx->cl->tagger && cx->doc->claims.cnt == n0)
        claims_learned_frame(cx);
}

/* ---- setup ------------------------------------------------------------ */

/* Short quotations that are names or titles, not speech: closed, at most
 * six tokens, capitalised, no verb, no sentence punctuation. */
static void mark_names(const cx_t *cx, struct ne_claims_scratch_s *s)
{
    size_t k;
    uint32_t t;
    NE_GROW(s->qname.v, s->qname.cap, s->quotes.cnt + 1);
    for (k = 0; k < s->quotes.cnt; k++) {
        const claims_quote_t *q = &s->quotes.v[k];
        int name = q->closed && q->end > q->begin && q->end - q->begin <= 6 &&
                   (is_capword(cx, q->begin) || has_inner_cap(cx, q->begin) ||
                    T(cx, q->begin)->kind == NE_TOK_NUMBER ||
                    (q->end - q->begin == 1 && memchr(ne_doc_tok_ptr(
                         cx->doc, T(cx, q->begin)), '.',
                         T(cx, q->begin)->end - T(cx, q->begin)->start)));
        for (t = q->begin; name && t < q->end; t++)
            if ((C(cx, t) & (CL_VERBISH | CL_PERSPRON | CL_SUBCONJ)) ||
                is_final(cx, t) || is_ch(cx, t, ',') ||
                T(cx, t)->kind == NE_TOK_QUOTE)
                name = 0;
        /* "„Ein guter Start“, sagte er": a quotation that opens its
         * sentence before a trailing frame is speech, however short */
        if (name &&
            (q->open == 0 || is_final(cx, q->open - 1) ||
             is_ch(cx, q->open - 1, ':')) &&
            q->close + 2 < cx->v.ntok && is_ch(cx, q->close + 1, ',') &&
            (C(cx, q->close + 2) & (CL_VERB | CL_SO)))
            name = 0;
        s->qname.v[k] = (uint8_t)name;
    }
}

/* A quotation that opens right after a sentence's final punctuation
 * starts a sentence, wherever the text stage put the boundary: it takes
 * '' after a full stop for a closing mark. Returns the token where the
 * sentence that starts at b really ends, e at the latest. */
static uint32_t sentence_end(const cx_t *cx, uint32_t b, uint32_t e)
{
    uint32_t t;
    for (t = b + 2; t < e; t++) {
        const claims_quote_t *q = quote_at(cx, t);
        if (q && q->open == t && is_final(cx, t - 1) && cx->inq[t - 1] < 0)
            return t;
    }
    return e;
}

/* Blocks: sentences, joined while a quotation runs on. */
static void make_blocks(cx_t *cx)
{
    struct ne_claims_scratch_s *s = cx->s;
    size_t k;
    s->blocks.cnt = 0;
    for (k = 0; k < cx->v.nsent; k++) {
        uint32_t sb = cx->v.sent[k].tok_begin, se = cx->v.sent[k].tok_end;
        while (sb < se) {
            uint32_t b = sb, e = sentence_end(cx, sb, se), t;
            claims_block_t *bl;
            sb = e;
            if (s->blocks.cnt && s->blocks.v[s->blocks.cnt - 1].end >= e)
                continue;
            if (s->blocks.cnt && s->blocks.v[s->blocks.cnt - 1].end > b)
                b = s->blocks.v[s->blocks.cnt - 1].end;
            for (t = b; t < e; t++) {
                if (cx->inq[t] >= 0) {
                    const claims_quote_t *q = quote_at(cx, t);
                    uint32_t last = quote_last(q);
                    if (last >= e) {
                        const ne_sentence_t *ls =
                            &cx->v.sent[cx->v.tok[last].sent];
                        e = sentence_end(cx, NE_MAX(ls->tok_begin, last),
                                         ls->tok_end);
                    }
                    t = last;
                }
            }
            bl = NE_VEC_PUSH(s->blocks);
            bl->begin = b;
            bl->end = e;

            if (e > sb) {
                /* the block ran on into later sentences */
                while (k + 1 < cx->v.nsent &&
                       cx->v.sent[k + 1].tok_begin < e)
                    k++;
                sb = e;
                se = cx->v.sent[k].tok_end;
            }
        }
    }
}

/* Classes of each token; German verbs written with a capital inside a
 * sentence are nouns ("Angaben"), nouns in lower case are not. */
static void classify(cx_t *cx, struct ne_claims_scratch_s *s)
{
    size_t i;
    for (i = 0; i < cx->v.ntok; i++) {
        const ne_token_t *t = &cx->v.tok[i];
        uint64_t h = t->hash, c;
        const claims_lexent_t *e = claims_lex_get(cx->lex, h), *n;
        c = e ? e->cls : 0;
        if (c & CL_NOCUE)
            c &= ~(uint64_t)CL_WEAK; /* the hand-written list overrides */
        if (!cx->en && c) {
            int cap = (t->flags & NE_TOKF_CAP) != 0;
            int first = (t->flags & NE_TOKF_SENT_START) ||
                        (i > 0 && (cx->v.tok[i - 1].kind == NE_TOK_QUOTE ||
                                   cx->v.tok[i - 1].kind == NE_TOK_PUNCT));
            if (cap && first && (c & CL_DET) && i + 1 < cx->v.ntok &&
                (cx->v.tok[i + 1].flags & NE_TOKF_CAP))
                c &= ~(uint64_t)(CL_VERBISH | CL_COGN | CL_SAY);
            if (cap && !first)
                c &= ~(uint64_t)(CL_VERBISH | CL_COGN | CL_QVERB |
                                 CL_PARTIC | CL_PLURAL | CL_FUNC |
                                 CL_RELPRON | CL_SUBJ | CL_SUBJ2 | CL_PRON);
            if (!cap)
                c &= ~(uint64_t)CL_NOUNISH;
            if (cap && (c & CL_NOUNISH))
                c &= ~(uint64_t)(CL_VERBISH | CL_COGN | CL_PARTIC |
                                 CL_PLURAL | CL_SUBJ | CL_SUBJ2);
        }
        if (cx->en && i + 2 < cx->v.ntok &&
            (h == cx->w->made || h == cx->w->make || h == cx->w->makes ||
             h == cx->w->making) &&
            (cx->v.tok[i + 1].hash == cx->w->clear ||
             (cx->v.tok[i + 1].hash == cx->w->it &&
              cx->v.tok[i + 2].hash == cx->w->clear)))
            c |= CL_VERB; /* "made it clear (that)" */
        if (cx->en && i + 2 < cx->v.ntok &&
            (h == cx->w->went || h == cx->w->go || h == cx->w->goes ||
             h == cx->w->going) &&
            cx->v.tok[i + 1].hash == cx->w->after)
            c |= CL_VERB; /* "went after Clinton" */
        if (cx->en && (c & (CL_VERB | CL_CITING)) && i > 0) {
            const ne_token_t *p = &cx->v.tok[i - 1];
            uint64_t pc = s->cls.v[i - 1], ph = s->hash.v[i - 1];
            const claims_words_t *w = cx->w;
            /* "pointed out", "points to": the verb; "one sticking point
             * is", "a point of pride": the noun */
            if ((h == w->point || h == w->points || h == w->pointed ||
                 h == w->pointing) &&
                !(i + 1 < cx->v.ntok &&
                  (cx->v.tok[i + 1].hash == w->out ||
                   cx->v.tok[i + 1].hash == w->to ||
                   cx->v.tok[i + 1].hash == w->at)))
                c &= ~(uint64_t)(CL_VERB | CL_COGN);
            /* "pivots back", "win back", "gone back to": the adverb; the
             * verb follows its subject or an auxiliary ("voters back
             * Sanders", "will back him") and takes an object */
            if (h == w->back &&
                (!(p->kind == NE_TOK_WORD &&
                   ((pc & (CL_AUX | CL_FINITE | CL_NEG | CL_PRON |
                           CL_PERSPRON | CL_ROLE)) ||
                    (p->flags & NE_TOKF_CAP) || ph == w->to)) ||
                 (i + 1 < cx->v.ntok &&
                  (cx->v.tok[i + 1].kind != NE_TOK_WORD ||
                   ((n = claims_lex_get(cx->lex, cx->v.tok[i + 1].hash)) &&
                    (n->cls & CL_PREP))))))
                c &= ~(uint64_t)(CL_VERB | CL_COGN);
            /* "the report", "in the Granite State", "without asking" */
            if (((t->flags & NE_TOKF_CAP) && !(t->flags & NE_TOKF_SENT_START) &&
                 p->kind != NE_TOK_QUOTE && p->kind != NE_TOK_PUNCT) ||
                ((pc & (CL_DET | CL_PREP)) && !(pc & (CL_PRON | CL_PERSPRON)) &&
                 p->kind == NE_TOK_WORD))
                c &= ~(uint64_t)(CL_VERB | CL_COGN | CL_CITING);
        }
        s->cls.v[i] = c;
        s->hash.v[i] = h;
    }
}

/* Short parentheses without a verb ("( BKA )", "( R-Ky. )") belong to
 * the noun phrase before them: their brackets get PERS_PAREN. */
static void mark_parens(const cx_t *cx, uint8_t *pers)
{
    size_t i, k;
    for (i = 0; i < cx->v.ntok; i++) {
        const ne_token_t *t = &cx->v.tok[i];
        if (t->kind == NE_TOK_PUNCT && t->end - t->start == 1 &&
            ne_doc_tok_ptr(cx->doc, t)[0] == '.' && i + 1 < cx->v.ntok &&
            cx->v.tok[i + 1].kind == NE_TOK_PUNCT &&
            ne_doc_tok_ptr(cx->doc, &cx->v.tok[i + 1])[0] == ',') {
            pers[i] |= PERS_PAREN; /* an abbreviation: "Johnson, R-Wis.," */
            continue;
        }
        if (t->kind != NE_TOK_PUNCT || t->end - t->start != 1 ||
            ne_doc_tok_ptr(cx->doc, t)[0] != '(')
            continue;
        for (k = i + 1; k < cx->v.ntok && k <= i + 7; k++) {
            const ne_token_t *u = &cx->v.tok[k];
            if ((cx->cls[k] & CL_VERBISH) || u->kind == NE_TOK_QUOTE ||
                u->sent != t->sent)
                break;
            if (u->kind == NE_TOK_PUNCT && u->end - u->start == 1 &&
                ne_doc_tok_ptr(cx->doc, u)[0] == ')') {
                if (k > i + 1) {
                    size_t j;
                    pers[i] |= PERS_PAREN;
                    pers[k] |= PERS_PAREN;
                    /* abbreviation periods inside: "(R-Ky.)", "(D-N.Y.)" */
                    for (j = i + 1; j < k; j++)
                        if (cx->v.tok[j].kind == NE_TOK_PUNCT &&
                            ne_doc_tok_ptr(cx->doc, &cx->v.tok[j])[0] == '.')
                            pers[j] |= PERS_PAREN;
                }
                break;
            }
            if (u->kind == NE_TOK_PUNCT &&
                strchr("(,;:!?", ne_doc_tok_ptr(cx->doc, u)[0]))
                break;
        }
    }
}

/* Language of the rules: the article's, else the lexicon whose function
 * words cover more of the first tokens. */
static int pick_lang(const ne_claims_t *cl, const ne_doc_t *doc,
                     const claims_view_t *v)
{
    size_t i, hits[LX__CNT] = {0, 0};
    int l;
    if (doc->lang == NE_LANG_DE)
        return LX_DE;
    if (doc->lang == NE_LANG_EN)
        return LX_EN;
    if (doc->lang == NE_LANG_OTHER)
        return -1;
    for (i = 0; i < v->ntok && i < 400; i++) {
        const ne_token_t *t = &v->tok[i];
        uint64_t h = t->hash;
        for (l = 0; l < LX__CNT; l++) {
            const claims_lexent_t *e = claims_lex_get(&cl->lex[l], h);
            if (e && (e->cls & (CL_DET | CL_PREP | CL_SUBCONJ | CL_COORD)))
                hits[l]++;
        }
    }
    if (!hits[LX_DE] && !hits[LX_EN])
        return -1;
    return hits[LX_EN] > hits[LX_DE] ? LX_EN : LX_DE;
}

static int cmp_claim(const void *a, const void *b)
{
    const ne_claim_t *x = a, *y = b;
    if (x->text.field != y->text.field)
        return x->text.field < y->text.field ? -1 : 1;
    return x->text.start < y->text.start ? -1 : x->text.start > y->text.start;
}

/* Entities mentioned inside each claim's message. */
static void claim_entities(ne_doc_t *doc)
{
    size_t k, t, j;
    doc->claim_ents.cnt = 0;
    for (k = 0; k < doc->claims.cnt; k++) {
        ne_claim_t *cl = &doc->claims.v[k];
        int32_t last = -1;
        cl->ent_off = (uint32_t)doc->claim_ents.cnt;
        cl->ent_cnt = 0;
        /* mentions in position order, through the message's tokens */
        for (t = claims_first_token_after(doc, cl->text.field, cl->text.start);
             claims_token_in(doc, t, cl->text); t++) {
            int32_t m = doc->tokens.v[t].mention;
            const ne_mention_t *mn;
            int dup = 0;
            if (m < 0 || m == last || (size_t)m >= doc->mentions.cnt)
                continue;
            last = m;
            mn = &doc->mentions.v[m];
            if (mn->entity < 0 || mn->span.field != cl->text.field ||
                mn->span.start < cl->text.start ||
                mn->span.end > cl->text.end)
                continue;
            /* a speaker inside its own message ("nach Einschätzung von X"
             * mid-sentence) is not mentioned by the message */
            if (cl->has_speaker && mn->span.field == cl->speaker.field &&
                mn->span.start >= cl->speaker.start &&
                mn->span.end <= cl->speaker.end)
                continue;
            for (j = cl->ent_off; j < doc->claim_ents.cnt; j++)
                dup |= doc->claim_ents.v[j] == mn->entity;
            if (!dup) {
                *NE_VEC_PUSH(doc->claim_ents) = mn->entity;
                cl->ent_cnt++;
            }
        }
    }
}

/*
 * Find the claims of doc (tokens, sentences, mentions and entities filled
 * by the stages before) into doc->claims and doc->claim_ents, replacing
 * what was there. cl may be NULL (no lexicons): no claims. Per-thread
 * state lives in doc->claims_scratch, created here on first use; any
 * number of threads may share cl.
 */
void ne_claims_extract(const ne_claims_t *cl, ne_doc_t *doc)
{
    struct ne_claims_scratch_s *s;
    cx_t cx;
    int lang;
    size_t k;

    doc->claims.cnt = 0;
    doc->claim_ents.cnt = 0;
    if (!cl)
        return;
    if (!doc->claims_scratch)
        doc->claims_scratch = ne_calloc(1, sizeof(*doc->claims_scratch));
    s = doc->claims_scratch;
    memset(&cx, 0, sizeof(cx));
    cx.v.tok = doc->tokens.v;
    cx.v.ntok = doc->tokens.cnt;
    cx.v.norm = doc->norm.data;
    cx.v.sent = doc->sents.v;
    cx.v.nsent = doc->sents.cnt;
    if (!cx.v.ntok || (lang = pick_lang(cl, doc, &cx.v)) < 0)
        return;
    cx.cl = cl;
    cx.lex = &cl->lex[lang];
    cx.w = &cl->w;
    cx.en = lang == LX_EN;
    cx.doc = doc;
    cx.s = s;
    NE_GROW(s->cls.v, s->cls.cap, cx.v.ntok);
    NE_GROW(s->hash.v, s->hash.cap, cx.v.ntok);
    NE_GROW(s->inq.v, s->inq.cap, cx.v.ntok);
    NE_GROW(s->used.v, s->used.cap, cx.v.ntok);
    memset(s->used.v, 0, cx.v.ntok);
    NE_GROW(s->pers.v, s->pers.cap, cx.v.ntok);
    memset(s->pers.v, 0, cx.v.ntok);
    for (k = 0; k < doc->mentions.cnt; k++) {
        const ne_mention_t *mn = &doc->mentions.v[k];
        uint32_t t;
        if (mn->type == NE_ENT_PER || mn->type == NE_ENT_ORG)
            for (t = mn->tok_begin; t < mn->tok_end && t < cx.v.ntok; t++)
                s->pers.v[t] = PERS_ENTITY;
    }
    cx.pers = s->pers.v;
    s->claim_block.cnt = 0;
    s->claim_tok.cnt = 0;
    s->ltok_block = 0;
    classify(&cx, s);
    cx.cls = s->cls.v;
    mark_parens(&cx, s->pers.v);
    cx.h = s->hash.v;
    cx.used = s->used.v;
    claims_quotes_find(&cx.v, doc, &s->quotes, s->inq.v);
    cx.inq = s->inq.v;
    cx.quotes = &s->quotes;
    mark_names(&cx, s);
    cx.qname = s->qname.v;
    cx.pend_cb = -1;
    cx.subj_sb = -1;
    make_blocks(&cx);
    for (k = 0; k < s->blocks.cnt; k++) {
        cx.b = s->blocks.v[k].begin;
        cx.e = s->blocks.v[k].end;
        cx.block = (uint32_t)k;
        run_block(&cx);
    }
    if (doc->claims.cnt > 1)
        qsort(doc->claims.v, doc->claims.cnt, sizeof(*doc->claims.v),
              cmp_claim);
    claim_entities(doc);
}

/* Free the scratch ne_claims_extract() hung off a doc; s may be NULL. */
void ne_claims_scratch_free(struct ne_claims_scratch_s *s)
{
    if (!s)
        return;
    free(s->cls.v);
    free(s->hash.v);
    free(s->inq.v);
    free(s->used.v);
    free(s->blocks.v);
    free(s->claim_block.v);
    free(s->claim_tok.v);
    free(s->quotes.v);
    free(s->qname.v);
    free(s->pers.v);
    free(s->ltok.v);
    free(s);
}

static void words_init(claims_words_t *w)
{
#define H(field, s) w->field = ne_text_hash(s, sizeof(s) - 1)
    H(dass, "dass"); H(dass_old, "daß"); H(ob, "ob"); H(that, "that");
    H(whether, "whether"); H(es, "es"); H(to, "to"); H(it, "it");
    H(von, "von"); H(vom, "vom"); H(des, "des"); H(der, "der");
    H(eines, "eines"); H(einer, "einer"); H(in, "in"); H(im, "im");
    H(aus, "aus"); H(bei, "bei"); H(of, "of"); H(for_, "for"); H(at, "at");
    H(with, "with"); H(from, "from"); H(on, "on"); H(by, "by");
    H(und, "und"); H(sowie, "sowie"); H(and_, "and"); H(as, "as");
    H(eigenen, "eigenen"); H(own, "own"); H(zu, "zu");
    H(das, "das"); H(dies, "dies"); H(dieses, "dieses");
    H(den, "den"); H(dem, "dem"); H(einen, "einen"); H(einem, "einem");
    H(diesen, "diesen"); H(keinen, "keinen"); H(ein, "ein"); H(eine, "eine");
    H(die, "die"); H(soll, "soll"); H(sollen, "sollen"); H(haben, "haben");
    H(sein, "sein"); H(um, "um"); H(sich, "sich"); H(man, "man");
    H(demnach, "demnach"); H(ohne, "ohne"); H(statt, "statt");
    H(anstatt, "anstatt"); H(als, "als"); H(if_, "if");
    H(because, "because"); H(wie, "wie"); H(when, "when");
    H(asked, "asked"); H(about, "about"); H(auf, "auf");
    H(an, "an"); H(heraus, "heraus");
    H(back, "back"); H(made, "made"); H(make, "make"); H(makes, "makes");
    H(making, "making"); H(clear, "clear"); H(out, "out"); H(went, "went");
    H(go, "go"); H(goes, "goes"); H(going, "going"); H(after, "after");
    H(point, "point"); H(points, "points"); H(pointed, "pointed");
    H(pointing, "pointing"); H(wonach, "wonach"); H(but, "but");
    H(erst, "erst"); H(kurz, "kurz"); H(unmittelbar, "unmittelbar");
    H(i_, "i"); H(why, "why"); H(what, "what"); H(how, "how");
    H(where, "where"); H(haelt, "hält"); H(hielt, "hielt");
    H(halten, "halten"); H(hielten, "hielten"); H(fuer, "für");
    H(gemaess, "gemäß"); H(anderen, "anderen");
#undef H
}

/*
 * Load claims-de.txt, claims-de-cues.txt, claims-en.txt and
 * claims-names.txt from models_dir.
 * Returns the read-only lexicons (free with ne_claims_destroy), or NULL
 * with one sentence naming the file and line in errstr.
 */
ne_claims_t *ne_claims_load(const char *models_dir, char *errstr,
                            size_t errstr_size)
{
    static const char *const FILES[LX__CNT] = {"claims-de.txt",
                                               "claims-en.txt"};
    ne_claims_t *cl = ne_calloc(1, sizeof(*cl));
    char path[4096];
    int l;

    for (l = 0; l < LX__CNT; l++) {
        snprintf(path, sizeof(path), "%s/%s", models_dir, FILES[l]);
        if (claims_lex_load(&cl->lex[l], path, errstr, errstr_size) == -1)
            goto fail;
    }
    /* weak cues learnt from annotated speeches, added to the German
     * lexicon */
    snprintf(path, sizeof(path), "%s/claims-de-cues.txt", models_dir);
    if (claims_lex_load(&cl->lex[LX_DE], path, errstr, errstr_size) == -1)
        goto fail;
    snprintf(path, sizeof(path), "%s/claims-names.txt", models_dir);
    if (claims_lex_load(&cl->names, path, errstr, errstr_size) == -1)
        goto fail;
    words_init(&cl->w);
    return cl;
fail:
    ne_claims_destroy(cl);
    return NULL;
}

/*
 * Load the learned cue tagger (claims-de-tagger.bin in models_dir) into
 * cl: from then on German blocks where the rules find nothing get one more
 * try with its surest cue word (claims_learn.c). Call before any thread
 * extracts. Returns 0, or -1 with one sentence naming the file in errstr
 * (missing, corrupt, another version); cl is unchanged then.
 */
int ne_claims_use_learned(ne_claims_t *cl, const char *models_dir,
                          char *errstr, size_t errstr_size)
{
    char path[4096];
    claims_tagger_t *m;
    snprintf(path, sizeof(path), "%s/%s", models_dir, CLAIMS_TAG_FILE);
    if (!(m = claims_tagger_read(path, errstr, errstr_size)))
        return -1;
    claims_tagger_free(cl->tagger);
    cl->tagger = m;
    return 0;
}

/* Free lexicons from ne_claims_load(); cl may be NULL. */
void ne_claims_destroy(ne_claims_t *cl)
{
    int l;
    if (!cl)
        return;
    for (l = 0; l < LX__CNT; l++)
        claims_lex_free(&cl->lex[l]);
    claims_lex_free(&cl->names);
    claims_tagger_free(cl->tagger);
    free(cl);
}
