/*
 * Claims, the learned component: the tagger model file (a round trip, and
 * a clear error naming the file when it is missing, corrupt or of another
 * version), the shipped model loading, and the learned frame changing a
 * result: a cue word outside the lexicon that a model trained to know it
 * turns into a claim the rules alone do not find. Also the German frames
 * added with it: a characterising quotation before its cue ("als „falsch“
 * zurückgewiesen").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "processor/claims_rules.h"
#include "processor/claims_learn.h"
#include "processor/doc.h"
#include "processor/stages.h"
#include "doc_fixture.h"

static ne_claims_t *cl;
static ne_doc_t doc;
static char tmpdir[256];
static char path[512];

static int setup(void **state)
{
    char err[512] = "";
    (void)state;
    if (!(cl = ne_claims_load(fx_models_dir(), err, sizeof(err))))
        fail_msg("claims lexicons: %s", err);
    ne_doc_init(&doc);
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/ne-claims-learned-XXXXXX");
    if (!mkdtemp(tmpdir))
        fail_msg("mkdtemp failed");
    snprintf(path, sizeof(path), "%s/%s", tmpdir, CLAIMS_TAG_FILE);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    rmdir(tmpdir);
    ne_doc_free(&doc);
    ne_claims_destroy(cl);
    return 0;
}

/* Tokenise body as German. */
static void analyse(const char *body)
{
    ne_doc_reset(&doc);
    doc.text[NE_FIELD_TITLE] = "";
    doc.len[NE_FIELD_TITLE] = 0;
    doc.text[NE_FIELD_BODY] = body;
    doc.len[NE_FIELD_BODY] = strlen(body);
    doc.lang = NE_LANG_DE;
    doc.lang_given = 1;
    ne_text_analyse(&doc);
}

static void run(const char *body)
{
    analyse(body);
    ne_claims_extract(cl, &doc);
}

/* run() with the tokens of every occurrence of the word person marked as
 * a PER mention, as the tagger would (this test runs no tagger). */
static void run_with_person(const char *body, const char *person)
{
    size_t i, n = strlen(person);
    analyse(body);
    for (i = 0; i < doc.tokens.cnt; i++) {
        const ne_token_t *t = &doc.tokens.v[i];
        if (t->end - t->start == n && !memcmp(body + t->start, person, n)) {
            ne_mention_t *m = NE_VEC_PUSH(doc.mentions);
            memset(m, 0, sizeof(*m));
            m->tok_begin = (uint32_t)i;
            m->tok_end = (uint32_t)i + 1;
            m->span.field = NE_FIELD_BODY;
            m->span.start = t->start;
            m->span.end = t->end;
            m->type = NE_ENT_PER;
            m->entity = -1;
        }
    }
    ne_claims_extract(cl, &doc);
}

/* The span covers exactly the only occurrence of want in the body. */
static void span_is(ne_span_t s, const char *want)
{
    const char *body = doc.text[NE_FIELD_BODY], *p = strstr(body, want);
    assert_non_null(p);
    assert_int_equal(s.field, NE_FIELD_BODY);
    assert_int_equal(s.start, (uint32_t)(p - body));
    assert_int_equal(s.end, (uint32_t)(p - body) + strlen(want));
}

/* A small model: all weights zero but those given. */
static claims_tagger_t *small_model(void)
{
    claims_tagger_t *m = calloc(1, sizeof(*m));
    m->bits = 12;
    m->scale = 1.0f;
    m->w = calloc((size_t)CLT__CNT << m->bits, sizeof(*m->w));
    return m;
}

static void write_model(claims_tagger_t *m)
{
    char err[512] = "";
    if (claims_tagger_write(m, path, err, sizeof(err)) == -1)
        fail_msg("%s", err);
}

static unsigned char *slurp(size_t *len)
{
    unsigned char *b;
    char err[512];
    if (ne_file_read("model", path, &b, len, err, sizeof(err)))
        fail_msg("%s", err);
    return b;
}

static void spill(const unsigned char *b, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, len, f), len);
    fclose(f);
}

/* Loading fails, and the error names the file and says why. */
static void load_fails(const char *dir, const char *why)
{
    char err[512] = "";
    assert_int_equal(ne_claims_use_learned(cl, dir, err, sizeof(err)), -1);
    if (!strstr(err, CLAIMS_TAG_FILE) || !strstr(err, why))
        fail_msg("error \"%s\" lacks the file name or \"%s\"", err, why);
    assert_null(cl->tagger);
}

/* ---- the model file ------------------------------------------------------ */

static void test_round_trip(void **state)
{
    claims_tagger_t *m = small_model(), *r;
    char err[512] = "";
    (void)state;
    m->w[7 * CLT__CNT + CLT_B_CUE] = 123;
    m->w[4000 * CLT__CNT + CLT_I_MSG] = -77;
    write_model(m);
    r = claims_tagger_read(path, err, sizeof(err));
    if (!r)
        fail_msg("%s", err);
    assert_int_equal(r->bits, 12);
    assert_true(r->scale == 1.0f);
    assert_memory_equal(r->w, m->w, ((size_t)CLT__CNT << 12) * sizeof(*m->w));
    assert_string_equal(r->name, m->name);
    assert_true(!strncmp(r->name, "de-claims-", 10));
    claims_tagger_free(r);
    claims_tagger_free(m);
}

static void test_missing_file(void **state)
{
    (void)state;
    load_fails("/nonexistent-newsenrich-models", "cannot open");
}

static void test_corrupt_file(void **state)
{
    claims_tagger_t *m = small_model();
    unsigned char *b;
    size_t len;
    (void)state;
    m->w[9 * CLT__CNT + CLT_B_SRC] = 5;
    write_model(m);
    claims_tagger_free(m);
    b = slurp(&len);
    b[len - 8] ^= 0x40; /* a weight byte: the checksum no longer fits */
    spill(b, len);
    load_fails(tmpdir, "corrupt");
    spill(b, len - 3); /* truncated */
    load_fails(tmpdir, "corrupt");
    memset(b, 'x', 16); /* not a model at all */
    spill(b, len);
    load_fails(tmpdir, "not a claims tagger model");
    spill(b, 5); /* shorter than a header */
    load_fails(tmpdir, "not a claims tagger model");
    free(b);
}

static void test_wrong_version(void **state)
{
    claims_tagger_t *m = small_model();
    unsigned char *b;
    size_t len;
    (void)state;
    write_model(m);
    claims_tagger_free(m);
    b = slurp(&len);
    b[8] = 99; /* format version 99 */
    spill(b, len);
    load_fails(tmpdir, "format version 99");
    b[8] = CLAIMS_TAG_FORMAT_VERSION;
    b[12] = CLAIMS_TAG_FEATURE_VERSION + 1; /* features of another build */
    spill(b, len);
    load_fails(tmpdir, "feature version 2");
    free(b);
}

static void test_shipped_model_loads(void **state)
{
    char err[512] = "";
    (void)state;
    if (ne_claims_use_learned(cl, fx_models_dir(), err, sizeof(err)) == -1)
        fail_msg("%s", err);
    assert_non_null(cl->tagger);
    assert_true(!strncmp(cl->tagger->name, "de-claims-", 10));
    claims_tagger_free(cl->tagger);
    cl->tagger = NULL;
}

/* ---- the learned frame ---------------------------------------------------- */

/* A model sure that word, a token of the current doc, is a
 * cue: B-CUE weight on the features only that token has. */
static claims_tagger_t *cue_model(const char *word)
{
    claims_tagger_t *m = small_model();
    claims_ltok_t lt[64];
    uint32_t f[64][CLAIMS_TAG_FEATS];
    size_t nf[64], n = doc.tokens.cnt, i, k, j, o, target = n;
    unsigned sent;
    assert_true(n < 64);
    for (i = 0; i < n; i++) {
        const ne_token_t *t = &doc.tokens.v[i];
        claims_ltok_fill(&cl->lex[LX_DE], t, doc.norm.data, &lt[i]);
        if (t->end - t->start == strlen(word) &&
            !memcmp(doc.text[NE_FIELD_BODY] + t->start, word, strlen(word)))
            target = i;
    }
    assert_true(target < n);
    sent = claims_tag_sentence(lt, n);
    for (i = 0; i < n; i++)
        nf[i] = claims_tag_features(lt, n, i, sent, m->bits, f[i]);
    for (k = 0; k < nf[target]; k++) {
        int shared = 0;
        for (j = 0; j < n && !shared; j++)
            for (o = 0; j != target && o < nf[j]; o++)
                shared |= f[j][o] == f[target][k];
        if (!shared)
            m->w[(size_t)f[target][k] * CLT__CNT + CLT_B_CUE] = 1000;
    }
    return m;
}

static void test_learned_cue_makes_claim(void **state)
{
    static const char BODY[] =
        "Die Gewerkschaft wetterte, die Regierung habe versagt.";
    claims_tagger_t *m;
    char err[512] = "";
    (void)state;
    /* the rules alone: "wetterte" is in no lexicon */
    run(BODY);
    assert_int_equal(doc.claims.cnt, 0);
    m = cue_model("wetterte");
    write_model(m);
    claims_tagger_free(m);
    if (ne_claims_use_learned(cl, tmpdir, err, sizeof(err)) == -1)
        fail_msg("%s", err);
    run(BODY);
    assert_int_equal(doc.claims.cnt, 1);
    span_is(doc.claims.v[0].text, "die Regierung habe versagt");
    span_is(doc.claims.v[0].speaker, "Die Gewerkschaft");
    span_is(doc.claims.v[0].cue, "wetterte");
    assert_int_equal(doc.claims.v[0].kind, NE_CLAIM_INDIRECT);
    assert_true(doc.claims.v[0].score == CLAIM_SCORE_LEARNED);
    /* no evidence of reported speech (indicative, no dass): no try */
    run("Die Gewerkschaft wetterte, die Regierung hat versagt.");
    assert_int_equal(doc.claims.cnt, 0);
    claims_tagger_free(cl->tagger);
    cl->tagger = NULL;
}

/* ---- German frames of the issue 13 recall round ------------------------------ */

/* Claim k: kind, message, speaker and cue, each the only occurrence. */
static void expect_claim(size_t k, int kind, const char *text,
                         const char *speaker, const char *cue)
{
    if (k >= doc.claims.cnt)
        fail_msg("claim %zu missing: only %zu claims", k, doc.claims.cnt);
    assert_int_equal(doc.claims.v[k].kind, kind);
    span_is(doc.claims.v[k].text, text);
    assert_true(doc.claims.v[k].has_speaker);
    span_is(doc.claims.v[k].speaker, speaker);
    assert_true(doc.claims.v[k].has_cue);
    span_is(doc.claims.v[k].cue, cue);
}

/* One sentence, one direct claim: the quotation before its cue. */
static const struct {
    const char *body, *text, *speaker, *cue;
} ALS_QUOTE[] = {
    {"Die Bundesregierung hatte den Bericht der New York Times umgehend "
     "als „falsch“ zurückgewiesen.",
     "falsch", "Die Bundesregierung", "zurückgewiesen"},
    /* the agent of a passive */
    {"Seine Werke werden von Musikkennern als „Meilensteine in der "
     "Musikgeschichte“ bezeichnet.",
     "Meilensteine in der Musikgeschichte", "Musikkennern", "bezeichnet"},
    /* the quotation opens the sentence, the subject follows the cue */
    {"Als „verpasste Chance“ beurteilte der Sprecher der Fraktion das "
     "Pontifikat.",
     "verpasste Chance", "der Sprecher der Fraktion", "beurteilte"},
    /* a relative clause: the phrase the pronoun refers to */
    {"Am Montag erschien ein Kommentar, der die Entscheidung als „nicht "
     "nachzuvollziehende Verirrung“ bezeichnet.",
     "nicht nachzuvollziehende Verirrung", "ein Kommentar", "bezeichnet"},
};

static void test_als_quote_frames(void **state)
{
    size_t k;
    (void)state;
    for (k = 0; k < NE_ARRAY_SIZE(ALS_QUOTE); k++) {
        run(ALS_QUOTE[k].body);
        assert_int_equal(doc.claims.cnt, 1);
        expect_claim(0, NE_CLAIM_DIRECT, ALS_QUOTE[k].text,
                     ALS_QUOTE[k].speaker, ALS_QUOTE[k].cue);
    }
}

static void test_als_quote_without_speaker(void **state)
{
    (void)state;
    /* a passive relative clause: its antecedent is what was described;
     * a passive without an agent; no cue at all */
    run("Die Rauchschwaden, die als „nebelartig“ beschrieben wurden, weisen "
        "einen Brandgeruch auf.");
    assert_int_equal(doc.claims.cnt, 0);
    run("Der Plan wurde als „Unsinn“ bezeichnet.");
    assert_int_equal(doc.claims.cnt, 0);
    run("Er trat als „Gast“ auf.");
    assert_int_equal(doc.claims.cnt, 0);
}

/* "Für X sei MSG": the speaker inside the sentence, marked by the
 * Konjunktiv; in the indicative it is no attribution. */
static void test_fuer_speaker_konjunktiv(void **state)
{
    (void)state;
    run("Für den Sprecher der Partei sei der Rücktritt „aus vielen Gründen "
        "verständlich“.");
    assert_int_equal(doc.claims.cnt, 1);
    assert_int_equal(doc.claims.v[0].kind, NE_CLAIM_ACCORDING_TO);
    span_is(doc.claims.v[0].text,
            "sei der Rücktritt „aus vielen Gründen verständlich“");
    span_is(doc.claims.v[0].speaker, "den Sprecher der Partei");
    span_is(doc.claims.v[0].cue, "Für");
    run("Für den Sprecher der Partei ist der Rücktritt verständlich.");
    assert_int_equal(doc.claims.cnt, 0);
    run("Für den Sprecher der Partei ist die Lage „alarmierend“.");
    assert_int_equal(doc.claims.cnt, 1);
    span_is(doc.claims.v[0].text, "ist die Lage „alarmierend“");
    span_is(doc.claims.v[0].speaker, "den Sprecher der Partei");
    run("Für die Kinder sei das Wetter zu kalt gewesen.");
    assert_int_equal(doc.claims.cnt, 0);
}

/* "gemäß" names a source like "laut", but not a rule. */
static void test_gemaess_source_not_rule(void **state)
{
    (void)state;
    run("Der Unfall kostete gemäß der Netzzeitung 40 Menschen das Leben.");
    assert_int_equal(doc.claims.cnt, 1);
    assert_int_equal(doc.claims.v[0].kind, NE_CLAIM_ACCORDING_TO);
    span_is(doc.claims.v[0].speaker, "der Netzzeitung");
    span_is(doc.claims.v[0].cue, "gemäß");
    run("Die Filme sind mit Zusatzfunktionen gemäß dem neuen Profil "
        "ausgestattet.");
    assert_int_equal(doc.claims.cnt, 0);
}

/* "Wie „heise online“ berichtet": a short title in quotation marks is
 * the source of a wie-frame. */
static void test_wie_quoted_title(void **state)
{
    (void)state;
    run("Wie „heise online“ berichtet, sperrten die Behörden den Zugang.");
    assert_int_equal(doc.claims.cnt, 1);
    assert_int_equal(doc.claims.v[0].kind, NE_CLAIM_ACCORDING_TO);
    span_is(doc.claims.v[0].text, "sperrten die Behörden den Zugang");
    span_is(doc.claims.v[0].speaker, "„heise online“");
    span_is(doc.claims.v[0].cue, "berichtet");
}

/* A weak cue in the passive: the agent speaks. */
static void test_weak_cue_passive_agent(void **state)
{
    (void)state;
    run("Von den Behörden wird angenommen, dass Drogenschmuggel zu dem "
        "Zwischenfall führte.");
    assert_int_equal(doc.claims.cnt, 1);
    span_is(doc.claims.v[0].text,
            "dass Drogenschmuggel zu dem Zwischenfall führte");
    span_is(doc.claims.v[0].speaker, "den Behörden");
    span_is(doc.claims.v[0].cue, "angenommen");
}

/* A relative clause between subject and cue may compare with "als":
 * the subject before it still speaks. */
static void test_relative_clause_with_als(void **state)
{
    (void)state;
    run("Heute regnet es in Bonn. Der Theologe, der als Kritiker des Papstes "
        "gilt, hofft, dass Ratzinger keinen Einfluss nimmt.");
    assert_int_equal(doc.claims.cnt, 1);
    span_is(doc.claims.v[0].text, "dass Ratzinger keinen Einfluss nimmt");
    span_is(doc.claims.v[0].speaker, "Der Theologe");
    span_is(doc.claims.v[0].cue, "hofft");
}

static void test_according_law_and_idea(void **state)
{
    (void)state;
    run("Nach dem Grundgesetz ist der Kanzler dem Parlament verantwortlich.");
    assert_int_equal(doc.claims.cnt, 1);
    assert_int_equal(doc.claims.v[0].kind, NE_CLAIM_ACCORDING_TO);
    span_is(doc.claims.v[0].text, "ist der Kanzler dem Parlament verantwortlich");
    span_is(doc.claims.v[0].speaker, "dem Grundgesetz");
    run("Nach der Idee des Ministers soll die Mehrheit der Stimmen "
        "entscheiden.");
    assert_int_equal(doc.claims.cnt, 1);
    span_is(doc.claims.v[0].text, "soll die Mehrheit der Stimmen entscheiden");
    /* "nach anderen Angaben" gives an alternative figure */
    run("Das Laden dauert acht, nach anderen Angaben neun Stunden.");
    assert_int_equal(doc.claims.cnt, 0);
    /* "nach Plan" is how, not who */
    run("Der Umbau verlief nach Plan und wurde im Mai beendet.");
    assert_int_equal(doc.claims.cnt, 0);
}

static void test_adverbial_prefield_not_speaker(void **state)
{
    (void)state;
    run("Passend zu den Gefahren des Eises warnte die Moderatorin eines "
        "Lokalsenders: „Auf dem Eis kann es glatt sein.“");
    assert_int_equal(doc.claims.cnt, 1);
    span_is(doc.claims.v[0].speaker, "die Moderatorin eines Lokalsenders");
    run("Unterdessen haben die Abgeordneten der Koalition angekündigt, sie "
        "würden gegen das Gesetz stimmen.");
    assert_int_equal(doc.claims.cnt, 1);
    span_is(doc.claims.v[0].text, "sie würden gegen das Gesetz stimmen");
    span_is(doc.claims.v[0].speaker, "die Abgeordneten");
    run("Erst am Freitag forderten die Behörden eine Ausgleichszahlung von "
        "zwei Millionen Euro.");
    assert_int_equal(doc.claims.cnt, 1);
    span_is(doc.claims.v[0].speaker, "die Behörden");
    /* a name before "vom" is still the subject */
    run("Mitchell vom Weißen Haus sagte, die Gespräche seien gescheitert.");
    assert_int_equal(doc.claims.cnt, 1);
    span_is(doc.claims.v[0].speaker, "Mitchell vom Weißen Haus");
}

static void test_holds_it_for_possible(void **state)
{
    (void)state;
    run("Er hält es jedoch für möglich, dass der Vorstand nicht informiert "
        "worden war.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT,
                 "dass der Vorstand nicht informiert worden war", "Er", "hält");
    /* a reason, not what is held: no reported clause */
    run("Die Polizei hält den Mann für gefährlich, weil er bewaffnet ist.");
    assert_int_equal(doc.claims.cnt, 0);
}

static void test_sure_and_aware(void **state)
{
    (void)state;
    run("Die Staatsanwaltschaft war sich sicher, dass die Beweise ausreichen "
        "würden.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT,
                 "dass die Beweise ausreichen würden", "Die Staatsanwaltschaft",
                 "sicher");
    run("Sie sind sich der Tatsache bewusst, dass die DVD nicht mehr so "
        "zugkräftig ist.");
    assert_int_equal(doc.claims.cnt, 1);
    span_is(doc.claims.v[0].speaker, "Sie");
    span_is(doc.claims.v[0].cue, "bewusst");
}

static void test_weak_cues_assumed_and_invoked(void **state)
{
    (void)state;
    /* impersonal passive: a claim without a speaker */
    run("Es wird angenommen, dass die Explosion ferngezündet war.");
    assert_int_equal(doc.claims.cnt, 1);
    span_is(doc.claims.v[0].text, "dass die Explosion ferngezündet war");
    assert_false(doc.claims.v[0].has_speaker);
    span_is(doc.claims.v[0].cue, "angenommen");
    run("Im ersten Satz beruft sich die Bank darauf, dass die Freigabe der "
        "Daten rechtens sei.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT,
                 "dass die Freigabe der Daten rechtens sei", "die Bank",
                 "beruft");
    run("Für Lübeck hat Ryanair ausgerechnet, dass pro Fluggast etwa 90 Euro "
        "ausgegeben werden.");
    assert_int_equal(doc.claims.cnt, 1);
    span_is(doc.claims.v[0].speaker, "Ryanair");
    span_is(doc.claims.v[0].cue, "ausgerechnet");
    /* weak: no reported clause, no claim */
    run("Die Resolution wurde am Montag angenommen.");
    assert_int_equal(doc.claims.cnt, 0);
    run("Die Fans haben ausgerechnet im Finale gefehlt, als es darauf ankam.");
    assert_int_equal(doc.claims.cnt, 0);
}

static void test_genitive_name_is_no_head(void **state)
{
    (void)state;
    /* the prefield is the object when a speaker follows the verb: a role
     * after a genitive name is one ... */
    run_with_person("Den Vorschlag bezeichnete Obamas Sprecher als "
                    "unverantwortlich.", "Obamas");
    assert_int_equal(doc.claims.cnt, 1);
    span_is(doc.claims.v[0].speaker, "Obamas Sprecher");
    /* ... what the name owns is none */
    run_with_person("Das Komitee im norwegischen Oslo würdigte damit Obamas "
                    "Einsatz zur „Stärkung der Diplomatie“.", "Obamas");
    assert_int_equal(doc.claims.cnt, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_corrupt_file),
        cmocka_unit_test(test_wrong_version),
        cmocka_unit_test(test_shipped_model_loads),
        cmocka_unit_test(test_learned_cue_makes_claim),
        cmocka_unit_test(test_als_quote_frames),
        cmocka_unit_test(test_als_quote_without_speaker),
        cmocka_unit_test(test_fuer_speaker_konjunktiv),
        cmocka_unit_test(test_weak_cue_passive_agent),
        cmocka_unit_test(test_wie_quoted_title),
        cmocka_unit_test(test_gemaess_source_not_rule),
        cmocka_unit_test(test_relative_clause_with_als),
        cmocka_unit_test(test_according_law_and_idea),
        cmocka_unit_test(test_adverbial_prefield_not_speaker),
        cmocka_unit_test(test_holds_it_for_possible),
        cmocka_unit_test(test_sure_and_aware),
        cmocka_unit_test(test_weak_cues_assumed_and_invoked),
        cmocka_unit_test(test_genitive_name_is_no_head),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
