/*
 * Claims: quotation conventions, unbalanced and nested quotes, claims over
 * several sentences, speakers before and after, pronoun speakers,
 * according-to forms in German and English, exact byte offsets on
 * multi-byte text, sentences that attribute nothing, lexicon load errors,
 * and the seed article against its golden file.
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
#include <jansson.h>

#include "processor/claims_int.h"
#include "processor/doc.h"
#include "processor/processor.h"
#include "processor/stages.h"
#include "doc_fixture.h"

static ne_claims_t *cl;
static ne_doc_t doc;

static int setup(void **state)
{
    char err[512] = "";
    (void)state;
    cl = ne_claims_load(fx_models_dir(), err, sizeof(err));
    if (!cl)
        fail_msg("claims lexicons: %s", err);
    ne_doc_init(&doc);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ne_doc_free(&doc);
    ne_claims_destroy(cl);
    return 0;
}

/* Tokenise the len bytes of body as language lang ("de", "en") and find
 * their claims. */
static void run_n(const char *lang, const char *body, size_t len)
{
    ne_doc_reset(&doc);
    doc.text[NE_FIELD_TITLE] = "";
    doc.len[NE_FIELD_TITLE] = 0;
    doc.text[NE_FIELD_BODY] = body;
    doc.len[NE_FIELD_BODY] = len;
    doc.lang = !strcmp(lang, "de") ? NE_LANG_DE : NE_LANG_EN;
    doc.lang_given = 1;
    ne_text_analyse(&doc);
    ne_claims_extract(cl, &doc);
}

static void run(const char *lang, const char *body)
{
    run_n(lang, body, strlen(body));
}

/* Byte offset of the only occurrence of needle in the body. */
static uint32_t offset_of(const char *needle)
{
    const char *body = doc.text[NE_FIELD_BODY];
    const char *p = strstr(body, needle);
    if (!p)
        fail_msg("\"%s\" is not in the text", needle);
    if (strstr(p + 1, needle))
        fail_msg("\"%s\" occurs more than once", needle);
    return (uint32_t)(p - body);
}

/* The span covers exactly the only occurrence of want. */
static void span_is(ne_span_t s, const char *want, const char *what)
{
    uint32_t off = offset_of(want);
    if (s.field != NE_FIELD_BODY || s.start != off ||
        s.end != off + strlen(want))
        fail_msg("%s is [%u,%u) \"%.*s\", want [%u,%zu) \"%s\"", what,
                 s.start, s.end, (int)(s.end > s.start ? s.end - s.start : 0),
                 doc.text[s.field] + s.start, off, off + strlen(want), want);
}

/* Claim k has this kind, message, speaker and cue (NULL: none). */
static void expect_claim(size_t k, int kind, const char *text,
                         const char *speaker, const char *cue)
{
    const ne_claim_t *c;
    if (k >= doc.claims.cnt)
        fail_msg("claim %zu missing: only %zu claims", k, doc.claims.cnt);
    c = &doc.claims.v[k];
    span_is(c->text, text, "message");
    assert_int_equal(c->kind, kind);
    if (speaker) {
        assert_true(c->has_speaker);
        span_is(c->speaker, speaker, "speaker");
    } else {
        assert_false(c->has_speaker);
    }
    if (cue) {
        assert_true(c->has_cue);
        span_is(c->cue, cue, "cue");
    } else {
        assert_false(c->has_cue);
    }
}

/* ---- quotation conventions ------------------------------------------- */

static void test_german_low_quotes(void **state)
{
    (void)state;
    run("de", "„Wir sind bereit“, sagte Kreml-Sprecher Dmitri Peskow am "
              "Dienstag.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "Wir sind bereit",
                 "Kreml-Sprecher Dmitri Peskow", "sagte");
}

static void test_german_guillemets(void **state)
{
    (void)state;
    run("de", "»Das Angebot liegt auf dem Tisch«, erklärte die Sprecherin.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "Das Angebot liegt auf dem Tisch",
                 "die Sprecherin", "erklärte");
}

static void test_swiss_guillemets(void **state)
{
    (void)state;
    run("de", "«Das ist falsch», sagte der Bundesrat am Montag in Bern.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "Das ist falsch", "der Bundesrat",
                 "sagte");
}

static void test_english_curly_quotes(void **state)
{
    (void)state;
    run("en", "“We are ready to talk,” the spokesman said on Tuesday.");
    assert_int_equal(doc.claims.cnt, 1);
    /* the comma inside the marks belongs to the frame, not the message */
    expect_claim(0, NE_CLAIM_DIRECT, "We are ready to talk", "the spokesman",
                 "said");
}

static void test_english_single_quotes(void **state)
{
    (void)state;
    run("en", "‘We will not give up,’ she said.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "We will not give up", "she", "said");
}

static void test_straight_quotes(void **state)
{
    (void)state;
    run("en", "\"The talks went well,\" Smith told reporters.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "The talks went well", "Smith", "told");
    run("de", "\"Wir kommen wieder\", sagte der Trainer.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "Wir kommen wieder", "der Trainer",
                 "sagte");
}

static void test_speaker_before_quote(void **state)
{
    (void)state;
    run("de", "Peskow sagte: „Die Gespräche waren gut.“");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "Die Gespräche waren gut.", "Peskow",
                 "sagte");
    run("en", "The senator said, \"We need a deal this week.\"");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "We need a deal this week.",
                 "The senator", "said");
}

/* ---- quote pairing ----------------------------------------------------- */

/* Pair the marks of the analysed doc; quotes in q, inside tokens in inq. */
static void pair(claims_quotes_t *q, int32_t **inq)
{
    claims_view_t v;
    v.tok = doc.tokens.v;
    v.ntok = doc.tokens.cnt;
    v.norm = doc.norm.data;
    v.sent = doc.sents.v;
    v.nsent = doc.sents.cnt;
    *inq = calloc(doc.tokens.cnt + 1, sizeof(**inq));
    claims_quotes_find(&v, &doc, q, *inq);
}

/* Byte range of a quote's inside. */
static void quote_is(const claims_quote_t *q, const char *want)
{
    ne_span_t s;
    s.field = NE_FIELD_BODY;
    s.start = doc.tokens.v[q->begin].start;
    s.end = doc.tokens.v[q->end - 1].end;
    span_is(s, want, "quote");
}

static void test_unbalanced_quote(void **state)
{
    claims_quotes_t q = {0};
    int32_t *inq;
    (void)state;
    /* the closing mark is missing: the quote ends with its sentence and
     * does not run into the next one */
    run("de", "„Wir kommen morgen wieder, sagte der Trainer. Der Zug fährt "
              "um acht Uhr ab.");
    pair(&q, &inq);
    assert_int_equal(q.cnt, 1);
    assert_false(q.v[0].closed);
    quote_is(&q.v[0], "Wir kommen morgen wieder, sagte der Trainer.");
    assert_int_equal(inq[doc.tokens.cnt - 2], -1);
    free(inq);
    /* a stray closing mark opens nothing */
    run("de", "Er kam“ und ging. Dann sagte er nichts.");
    pair(&q, &inq);
    assert_int_equal(q.cnt, 0);
    assert_int_equal(doc.claims.cnt, 0);
    free(inq);
    free(q.v);
}

static void test_quote_over_paragraphs(void **state)
{
    claims_quotes_t q = {0};
    int32_t *inq;
    (void)state;
    /* news convention: a quote over two paragraphs reopens the second one
     * and closes only at its end */
    run("en", "\"We came to win. We will stay until the end.\n\n"
              "\"Nobody can stop us now,\" he said.");
    pair(&q, &inq);
    assert_int_equal(q.cnt, 2);
    quote_is(&q.v[0], "We came to win. We will stay until the end.");
    quote_is(&q.v[1], "Nobody can stop us now,");
    free(inq);
    free(q.v);
}

static void test_nested_quotes(void **state)
{
    claims_quotes_t q = {0};
    int32_t *inq;
    (void)state;
    run("de", "„Er rief: ‚Wir kommen!‘ Dann ging er“, sagte die Zeugin.");
    pair(&q, &inq);
    assert_int_equal(q.cnt, 2);
    assert_int_equal(q.v[0].depth, 0);
    assert_int_equal(q.v[1].depth, 1);
    quote_is(&q.v[1], "Wir kommen!");
    free(inq);
    free(q.v);
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "Er rief: ‚Wir kommen!‘ Dann ging er",
                 "die Zeugin", "sagte");
    run("en", "\"He told me 'never again' and left,\" the witness said.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "He told me 'never again' and left",
                 "the witness", "said");
}

/* ---- claims over several sentences ------------------------------------- */

static void test_quote_over_sentences(void **state)
{
    (void)state;
    run("de", "„Das ist ein guter Tag. Wir sind sehr zufrieden.“, sagte "
              "Peskow.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT,
                 "Das ist ein guter Tag. Wir sind sehr zufrieden.", "Peskow",
                 "sagte");
}

static void test_subjunctive_continuation(void **state)
{
    const ne_claim_t *c;
    (void)state;
    run("de", "Peskow sagte, die Lage sei ruhig. Es gebe keine Probleme an "
              "der Grenze. Am Abend regnete es.");
    assert_int_equal(doc.claims.cnt, 2);
    expect_claim(0, NE_CLAIM_INDIRECT, "die Lage sei ruhig", "Peskow",
                 "sagte");
    /* the next sentence in Konjunktiv I continues the same speaker */
    c = &doc.claims.v[1];
    span_is(c->text, "Es gebe keine Probleme an der Grenze", "message");
    assert_true(c->has_speaker);
    span_is(c->speaker, "Peskow", "speaker");
    assert_false(c->has_cue);
    /* a block that opens with a subordinate clause continues by its
     * Konjunktiv I, ... */
    run("de", "Der Wetterdienst warnte vor Sturm. Da Deutschland am Rand "
              "eines Tiefs liege, werde milde Luft herangeführt.");
    assert_int_equal(doc.claims.cnt, 2);
    expect_claim(1, NE_CLAIM_INDIRECT,
                 "Da Deutschland am Rand eines Tiefs liege, werde milde Luft "
                 "herangeführt",
                 "Der Wetterdienst", NULL);
    /* ... by reportative "soll" with "haben" or "sein" (hearsay), ... */
    run("de", "Peskow sagte, die Lage sei ruhig. Ein Soldat soll dabei "
              "verletzt worden sein.");
    assert_int_equal(doc.claims.cnt, 2);
    expect_claim(1, NE_CLAIM_INDIRECT,
                 "Ein Soldat soll dabei verletzt worden sein", "Peskow", NULL);
    /* ... not by "soll" of a plan, ... */
    run("de", "Peskow sagte, die Lage sei ruhig. Die Brücke soll 2010 "
              "gebaut werden.");
    assert_int_equal(doc.claims.cnt, 1);
    /* ... nor by a Konjunktiv II of a condition */
    run("de", "Peskow sagte, die Lage sei ruhig. Wenn es regnete, wäre "
              "alles nass.");
    assert_int_equal(doc.claims.cnt, 1);
}

static void test_subject_continuation(void **state)
{
    (void)state;
    /* a sentence in Konjunktiv I after a sentence without a claim: the
     * subject before, when it reads as a speaker, said it */
    run("de", "Die äthiopische Regierung legte einen Bericht vor. Die "
              "Dämme des Landes seien an der Grenze der Belastbarkeit.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT,
                 "Die Dämme des Landes seien an der Grenze der "
                 "Belastbarkeit",
                 "Die äthiopische Regierung", NULL);
    /* a subject that is no speaker lends nothing */
    run("de", "Der Regen legte den Verkehr lahm. Die Dämme seien an der "
              "Grenze der Belastbarkeit.");
    assert_int_equal(doc.claims.cnt, 0);
}

static void test_colon_quote_subject(void **state)
{
    (void)state;
    /* a sentence without a cue that ends in a colon before a quotation:
     * its subject speaks, after the verb ... */
    run("de", "Hier sparte der Bundespräsident nicht mit Kritik:\n„Jeder "
              "sollte wissen, was er tut.“");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "Jeder sollte wissen, was er tut.",
                 "der Bundespräsident", NULL);
    /* ... or before it, after a focus particle */
    run("de", "Auch die Delegationsleiterin, Sharon Hayes, zeigte sich "
              "zufrieden: „Wir haben viel erreicht.“");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "Wir haben viel erreicht.",
                 "die Delegationsleiterin, Sharon Hayes", NULL);
    /* a leading frame whose subject, after a focus particle, is
     * interrupted by an apposition */
    run("de", "Auch die Delegationsleiterin, Sharon Hayes, äußerte sich "
              "zufrieden:\n„Wir haben viel erreicht.“");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "Wir haben viel erreicht.",
                 "die Delegationsleiterin, Sharon Hayes", "äußerte");
    /* a subject that is no speaker: none */
    run("de", "Dann legte der Regen den Verkehr lahm: „Der Stau war lang.“");
    assert_int_equal(doc.claims.cnt, 0);
}

static void test_german_so_wie(void **state)
{
    (void)state;
    /* "wie X sagte": a speech verb that is also a separable stem needs
     * no particle */
    run("de", "Wie der Minister sagte, sind die Vögel gesund.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_ACCORDING_TO, "sind die Vögel gesund",
                 "der Minister", "sagte");
    /* "so X" after a message that opens with a preposition */
    run("de", "Während der Feiertage ruhen die Streiks, so "
              "Verhandlungsführer Frank Bäsler.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT,
                 "Während der Feiertage ruhen die Streiks",
                 "Verhandlungsführer Frank Bäsler", "so");
    /* "so X" inside the sentence after its subject: the rest speaks */
    run("de", "Sein Rivale McCain, so Obama weiter, würde Spenden von "
              "diesen Gruppen erhalten.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT,
                 "würde Spenden von diesen Gruppen erhalten", "Obama", "so");
}

static void test_german_extended_attribute(void **state)
{
    (void)state;
    /* a speaker with an extended attribute whose prepositional phrase has
     * adjectives of its own */
    run("de", "Er starb im Alter von 100 Jahren, teilte die zur kalifornischen "
              "Stanford University gehörende Hoover Institution mit.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "Er starb im Alter von 100 Jahren",
                 "die zur kalifornischen Stanford University gehörende Hoover "
                 "Institution",
                 "teilte");
}

static void test_german_wonach(void **state)
{
    (void)state;
    /* "..., wonach X": the report before the comma speaks */
    run("de", "Das Institut bestätigte die Befunde des Amts, wonach 15 Rinder "
              "erkrankt sind.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_ACCORDING_TO, "15 Rinder erkrankt sind",
                 "die Befunde des Amts", "wonach");
    /* ... also when the verbs of its clause follow it */
    run("de", "Ein Sprecher konnte erste Medienberichte nicht bestätigen, "
              "wonach Zeugen eine Explosion gehört haben.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_ACCORDING_TO, "Zeugen eine Explosion gehört haben",
                 "erste Medienberichte", "wonach");
}

static void test_german_subject_case(void **state)
{
    (void)state;
    /* a dative after the verb is the addressee, never the speaker */
    run("de", "Die US-Botschaft in Riad teilte dem Fernsehsender CNN mit, dass "
              "niemand verletzt worden sei.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "dass niemand verletzt worden sei",
                 "Die US-Botschaft in Riad", "teilte");
    /* a compound role noun makes the prefield the speaker */
    run("de", "Der österreichische Bundeskanzler würdigte Ligeti als "
              "„großen Österreicher“.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "großen Österreicher",
                 "Der österreichische Bundeskanzler", "würdigte");
}

static void test_heisst_es(void **state)
{
    (void)state;
    /* "heißt es": the document in the prefield speaks, ... */
    run("de", "In der Pressemitteilung des Verbandes heißt es, die Preise "
              "würden steigen.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "die Preise würden steigen",
                 "der Pressemitteilung des Verbandes", "heißt");
    /* ... also past a relative clause on it, ... */
    run("de", "In dieser Resolution, die der Sicherheitsrat angenommen hat, "
              "heißt es, dass es Fortschritte gegeben habe.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "dass es Fortschritte gegeben habe",
                 "dieser Resolution", "heißt");
    /* ... or named after "es" */
    run("de", "Nun heißt es im Abschlussbericht, bei der Wahl seien Probleme "
              "aufgetreten.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT,
                 "bei der Wahl seien Probleme aufgetreten", "Abschlussbericht",
                 "heißt");
}

static void test_english_interrupted_quote(void **state)
{
    (void)state;
    /* one quotation interrupted by its attribution is one claim; the
     * message holds neither speaker nor cue: it is the larger part */
    run("en", "\"We won,\" he said. \"It was a great night for all of us.\"");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "It was a great night for all of us.",
                 "he", "said");
    run("en", "\"It was a great night for all of us,\" he said, \"really.\"");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "It was a great night for all of us",
                 "he", "said");
    run("de", "„Wir werden das nicht hinnehmen“, sagte der Minister, „und "
              "klagen.“");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "Wir werden das nicht hinnehmen",
                 "der Minister", "sagte");
}

static void test_quote_after_frame_sentence(void **state)
{
    (void)state;
    run("de", "Der Minister sagte:\n„Wir werden die Steuern senken.“");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "Wir werden die Steuern senken.",
                 "Der Minister", "sagte");
}

/* ---- reported speech ------------------------------------------------- */

static void test_reported_speech(void **state)
{
    (void)state;
    run("de", "Kreml-Sprecher Peskow erklärte, die Gespräche seien gut "
              "verlaufen.");
    expect_claim(0, NE_CLAIM_INDIRECT, "die Gespräche seien gut verlaufen",
                 "Kreml-Sprecher Peskow", "erklärte");
    run("de", "Die Gespräche seien gut verlaufen, sagte ein Sprecher des "
              "Ministeriums.");
    expect_claim(0, NE_CLAIM_INDIRECT, "Die Gespräche seien gut verlaufen",
                 "ein Sprecher des Ministeriums", "sagte");
    run("de", "Auch das Verteidigungsministerium teilte mit, dass der Zug "
              "die Grenze erreicht habe.");
    expect_claim(0, NE_CLAIM_INDIRECT,
                 "dass der Zug die Grenze erreicht habe",
                 "das Verteidigungsministerium", "teilte");
    run("de", "Am Dienstag hatte die Nachrichtenagentur KCNA erklärt, Kim "
              "sei abgereist.");
    expect_claim(0, NE_CLAIM_INDIRECT, "Kim sei abgereist",
                 "die Nachrichtenagentur KCNA", "erklärt");
    run("en", "The company said in a statement that it would appeal the "
              "ruling.");
    expect_claim(0, NE_CLAIM_INDIRECT, "that it would appeal the ruling",
                 "The company", "said");
}

static void test_embedded_quote(void **state)
{
    (void)state;
    /* a quotation inside reported speech: the claim is the whole clause */
    run("de", "Kim und Putin würden „eng zusammenarbeiten“, ergänzte "
              "Peskow.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT,
                 "Kim und Putin würden „eng zusammenarbeiten“", "Peskow",
                 "ergänzte");
}

static void test_apposition_speaker(void **state)
{
    (void)state;
    run("de", "Die Lage sei ernst, sagte Yang Moo-jin, Rektor der "
              "Universität in Seoul, der Nachrichtenagentur AFP.");
    expect_claim(0, NE_CLAIM_INDIRECT, "Die Lage sei ernst",
                 "Yang Moo-jin, Rektor der Universität in Seoul", "sagte");
    run("de", "Der Staatschef, der derzeit in Wladiwostok ist, gab bekannt, "
              "dass er Wostotschny besuchen werde.");
    expect_claim(0, NE_CLAIM_INDIRECT,
                 "dass er Wostotschny besuchen werde", "Der Staatschef",
                 "gab");
}

/* ---- according to -------------------------------------------------- */

static void test_according_german(void **state)
{
    (void)state;
    run("de", "Kreml-Sprecher Dmitri Peskow zufolge sind Gespräche geplant.");
    expect_claim(0, NE_CLAIM_ACCORDING_TO, "sind Gespräche geplant",
                 "Kreml-Sprecher Dmitri Peskow", "zufolge");
    run("de", "Laut Polizei wurden drei Menschen verletzt.");
    expect_claim(0, NE_CLAIM_ACCORDING_TO, "wurden drei Menschen verletzt",
                 "Polizei", "Laut");
    run("de", "Nach Angaben der staatlichen Agentur Ria Nowosti überquerte "
              "der Zug die Grenze.");
    expect_claim(0, NE_CLAIM_ACCORDING_TO, "überquerte der Zug die Grenze",
                 "der staatlichen Agentur Ria Nowosti", "Nach Angaben");
    run("de", "Nach Angaben von Kreml-Sprecher Peskow planen beide ein "
              "Treffen.");
    expect_claim(0, NE_CLAIM_ACCORDING_TO, "planen beide ein Treffen",
                 "Kreml-Sprecher Peskow", "Nach Angaben");
    run("de", "Nach Einschätzung der US-Regierung hat Pjöngjang Raketen "
              "geliefert.");
    expect_claim(0, NE_CLAIM_ACCORDING_TO, "hat Pjöngjang Raketen geliefert",
                 "der US-Regierung", "Nach Einschätzung");
    run("de", "Wie die Nachrichtenagentur KCNA mitteilte, wurde Kim von "
              "Militärs begleitet.");
    expect_claim(0, NE_CLAIM_ACCORDING_TO,
                 "wurde Kim von Militärs begleitet",
                 "die Nachrichtenagentur KCNA", "mitteilte");
    /* inside the sentence: the larger side of the phrase, never the
     * phrase itself */
    run("de", "Darüber hinaus gibt es nach Einschätzung von Leif-Eric "
              "Easley, Professor in Seoul, auf beiden Seiten Interesse an "
              "einer weiteren Zusammenarbeit.");
    expect_claim(0, NE_CLAIM_ACCORDING_TO,
                 "auf beiden Seiten Interesse an einer weiteren "
                 "Zusammenarbeit", "Leif-Eric Easley, Professor in Seoul",
                 "nach Einschätzung");
    run("de", "Ein Tatverdacht bestehe nach Angaben der Bundesanwaltschaft "
              "nicht mehr.");
    expect_claim(0, NE_CLAIM_ACCORDING_TO, "Ein Tatverdacht bestehe",
                 "der Bundesanwaltschaft", "nach Angaben");
    run("de", "Seiner Meinung nach ist das Ergebnis ein Erfolg.");
    assert_int_equal(doc.claims.cnt, 1);
    assert_int_equal(doc.claims.v[0].kind, NE_CLAIM_ACCORDING_TO);
    span_is(doc.claims.v[0].text, "ist das Ergebnis ein Erfolg", "message");
    /* a compound naming a document is a source after "nach", ... */
    run("de", "Nach einem Fernsehbericht des Senders ist der Machthaber am "
              "Dienstag beerdigt worden.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_ACCORDING_TO,
                 "ist der Machthaber am Dienstag beerdigt worden",
                 "einem Fernsehbericht des Senders", "Nach");
    /* ... after a span of time "nach" is a time, ... */
    run("de", "Zwei Monate nach dem Urteil des Gerichts liegt nun die "
              "Begründung vor.");
    assert_int_equal(doc.claims.cnt, 0);
    /* ... "laut" opens a relative clause like "nach denen", ... */
    run("de", "Dem Gericht liegt ein Gutachten vor, laut dem das Kind "
              "misshandelt worden war.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_ACCORDING_TO,
                 "das Kind misshandelt worden war", "dem", "laut");
    /* ... an event is a time */
    run("de", "Nach der Veröffentlichung kam es zu Demonstrationen gegen die "
              "Regierung.");
    assert_int_equal(doc.claims.cnt, 0);
    /* inside a relative clause: that clause is the message */
    run("de", "Schuld war das Verfahren, das nach Angaben eines Sprechers "
              "nicht rechtzeitig abgeschlossen werden konnte, und der Streik.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_ACCORDING_TO,
                 "nicht rechtzeitig abgeschlossen werden konnte",
                 "eines Sprechers", "nach Angaben");
}

static void test_english_leading_spans(void **state)
{
    (void)state;
    /* a state in the party label is no sentence end */
    run("en", "Sen. Mitch McConnell (R-Ky.) said that he did not want it.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "that he did not want it",
                 "Sen. Mitch McConnell (R-Ky.)", "said");
    /* ... nor between commas; a document noun may carry a modifier */
    run("en", "Sen. Ron Johnson, R-Wis., said in an op-ed piece before a "
              "hearing, \"The State Department failed.\"");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "The State Department failed.",
                 "Sen. Ron Johnson, R-Wis.", "said");
    /* "Asked why ...": the question is a claim, asked by nobody named */
    run("en", "Asked why he had not endorsed Clinton yet, Sanders said he "
              "wanted more time.");
    assert_int_equal(doc.claims.cnt, 2);
    expect_claim(0, NE_CLAIM_INDIRECT, "why he had not endorsed Clinton yet",
                 NULL, "Asked");
    /* an interview answer in the first person */
    run("en", "Frankly, I think we still have bases there.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "we still have bases there", "I",
                 "think");
    /* ", noting that ..." after a trailing frame: its speaker again */
    run("en", "\"We are tough,\" Buchanan said, noting that Manafort lost "
              "no delegate.");
    assert_int_equal(doc.claims.cnt, 2);
    expect_claim(1, NE_CLAIM_INDIRECT, "that Manafort lost no delegate",
                 "Buchanan", "noting");
    /* ", but" opens the narrator's next clause */
    run("en", "Rubio criticized Trump by name, but the message was clear to "
              "everyone.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "Trump by name", "Rubio", "criticized");
    /* "made (it) clear" is one cue */
    run("en", "Obama made it clear that he would veto the bill.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "that he would veto the bill", "Obama",
                 "made it clear");
    /* a particle joins the cue; so does "after" of "went after" */
    run("en", "He pointed out that the plan had failed.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "that the plan had failed", "He",
                 "pointed out");
    run("en", "Trump went after Clinton for her emails.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "Clinton for her emails", "Trump",
                 "went after");
    /* an age between commas, and a chain of appositions, belong to the
     * speaker */
    run("en", "Freddy Ortega, 45, said the strategy is a show.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "the strategy is a show",
                 "Freddy Ortega, 45", "said");
    run("en", "Giovanni Vian, the editor of the newspaper, L'Osservatore "
              "Romano, said every pope was political.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "every pope was political",
                 "Giovanni Vian, the editor of the newspaper, L'Osservatore "
                 "Romano",
                 "said");
    /* "point" is a cue before "out", "to" or "at", else a noun */
    run("en", "One sticking point is a demand by the House leader.");
    assert_int_equal(doc.claims.cnt, 0);
    run("en", "Sanders points to his record on trade and jobs.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "his record on trade and jobs",
                 "Sanders", "points to");
    /* talking about something, voicing an attitude */
    run("en", "Eric Trump talked about the economy and the wall.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "the economy and the wall",
                 "Eric Trump", "talked about");
    run("en", "Ryan voiced displeasure with some of the proposals.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "displeasure with some of the proposals",
                 "Ryan", "voiced");
    /* "back" is a cue after its subject, an adverb after a verb */
    run("en", "Voters in Iowa back Sanders and his plan.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "Sanders and his plan",
                 "Voters in Iowa", "back");
    run("en", "The channel pivots back to its music video roots.");
    assert_int_equal(doc.claims.cnt, 0);
    run("en", "Democrats need to win back the state chambers.");
    assert_int_equal(doc.claims.cnt, 0);
    /* adjuncts and an addressee between the cue and "that" */
    run("en", "He said during his victory speech Tuesday that the revolution "
              "will come.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "that the revolution will come", "He",
                 "said");
    /* a quotation, then its speaker with an insertion, then the cue: the
     * words after the cue are the narrator's */
    run("en", "\"We won the state,\" Texas delegate Bill Eastland, wearing a "
              "cowboy hat, said matter-of-factly.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "We won the state",
                 "Texas delegate Bill Eastland", "said");
    /* no speaker after the cue: "on ..." is a place, "pleasantly" a
     * manner; the quotation before is the message */
    run("en", "\"How are you today?\" Miller, a retired worker, said "
              "pleasantly into the phone.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "How are you today?",
                 "Miller, a retired worker,", "said");
    /* a participle that opens the sentence before a name is an adjective */
    run("en", "Retired senator Jim Webb said that he is not giving up.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "that he is not giving up",
                 "Retired senator Jim Webb", "said");
}

static void test_according_english(void **state)
{
    (void)state;
    run("en", "According to the police, three people were injured.");
    expect_claim(0, NE_CLAIM_ACCORDING_TO, "three people were injured",
                 "the police", "According to");
    run("en", "Three people were injured, according to officials in "
              "Texas.");
    expect_claim(0, NE_CLAIM_ACCORDING_TO, "Three people were injured",
                 "officials in Texas", "according to");
    run("en", "The plant will close next year, citing a report by the "
              "ministry.");
    expect_claim(0, NE_CLAIM_ACCORDING_TO, "The plant will close next year",
                 "a report by the ministry", "citing");
}

/* A source the noun phrase rules do not read ("early results of ...
 * conducted by ... and ...") runs to the comma or the sentence end. */
static void test_according_long_source(void **state)
{
    (void)state;
    run("en", "According to early results of the exit poll conducted by "
              "Edison Research for the Associated Press and Television "
              "Networks, Clinton led in both Virginia and Georgia.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_ACCORDING_TO,
                 "Clinton led in both Virginia and Georgia",
                 "early results of the exit poll conducted by Edison "
                 "Research for the Associated Press and Television Networks",
                 "According to");
    run("en", "The prize will not be given out next week, according to an "
              "email from the president of the AFL-CIO labor federation "
              "obtained by The Huffington Post.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_ACCORDING_TO,
                 "The prize will not be given out next week",
                 "an email from the president of the AFL-CIO labor "
                 "federation obtained by The Huffington Post",
                 "according to");
}

/* After a verb without an addressee, a name is the message's subject,
 * not an adjunct to skip up to a later "that"; an adjunct still is. */
static void test_said_name_clause(void **state)
{
    (void)state;
    run("en", "Rep. Gregory Meeks said Clinton reassured them that everyone "
              "would come together.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT,
                 "Clinton reassured them that everyone would come together",
                 "Rep. Gregory Meeks", "said");
    run("en", "Trump said on Tuesday that the wall would be built.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "that the wall would be built",
                 "Trump", "said");
}

/* "X, apposition, did this and said MSG": the subject before the
 * apposition speaks for the coordinated cue. */
static void test_apposition_coordinated_cue(void **state)
{
    (void)state;
    run("en", "Gary Emineth, a former state party chairman, became a delegate "
              "and said he is leaning toward supporting Trump.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "he is leaning toward supporting Trump",
                 "Gary Emineth, a former state party chairman", "said");
}

/* A dash and a conjunction after an English message: the narrator goes
 * on. */
static void test_dash_and_ends_message(void **state)
{
    (void)state;
    run("en", "Democrats insist the political tide is turning their way — "
              "and the Senate is currently holding high-stakes negotiations.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT,
                 "the political tide is turning their way", "Democrats",
                 "insist");
}

/* English headline and transcript colons whose source the tagger does
 * not know; labels are no source. */
static void test_headline_colon_en(void **state)
{
    (void)state;
    run("en", "Hacker Guccifer: Clinton's server was wide open.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "Clinton's server was wide open",
                 "Hacker Guccifer", NULL);
    run("en", "BENENSON: Senator Sanders does not get to decide when we "
              "debate.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT,
                 "Senator Sanders does not get to decide when we debate",
                 "BENENSON", NULL);
    run("en", "UPDATE: The website removed the listing on Friday.");
    assert_int_equal(doc.claims.cnt, 0);
}

/* An English sentence ending in a name and a colon before a quotation:
 * the name speaks, unless a preposition makes it the addressee or the
 * medium. The unit tests run no tagger: a role noun names the speaker. */
static void test_colon_name_quote_en(void **state)
{
    (void)state;
    run("en", "The timing does not surprise the Republican Pollster Shaw: "
              "“Historically, lesser-known candidates win early contests.”");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT,
                 "Historically, lesser-known candidates win early contests.",
                 "Republican Pollster Shaw", NULL);
    run("en", "McConnell delivered a blunt message to the Chief Spokesman: "
              "“It is time to quit attacking people.”");
    assert_int_equal(doc.claims.cnt, 0);
}

/* "when asked what ..." inside a sentence: the question is a claim of
 * its own, asked by nobody named, up to the end of the sentence. */
static void test_when_asked_inside(void **state)
{
    (void)state;
    run("en", "''Jobs, jobs, jobs,'' Mrs. Clinton said last month when asked "
              "what Mr. Clinton would do in the White House.");
    assert_int_equal(doc.claims.cnt, 2);
    expect_claim(0, NE_CLAIM_DIRECT, "Jobs, jobs, jobs", "Mrs. Clinton",
                 "said");
    expect_claim(1, NE_CLAIM_INDIRECT,
                 "what Mr. Clinton would do in the White House", NULL,
                 "asked");
}

/* An English frame inside the sentence ("..., opponents say, ...") with
 * more of the sentence after it than before: the rest is the message. */
static void test_frame_inside_en(void **state)
{
    (void)state;
    run("en", "On top of that, opponents say, the wage increase will raise "
              "prices for consumers.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT,
                 "the wage increase will raise prices for consumers",
                 "opponents", "say");
}

/* "Critics, though, say MSG": an adverb between commas separates the
 * subject from its cue. */
static void test_adverb_interrupted_en(void **state)
{
    (void)state;
    run("en", "Critics, though, say the plan will fail.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "the plan will fail", "Critics",
                 "say");
    run("en", "Democrats — and some Republicans — say that the gains are "
              "small.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "that the gains are small",
                 "Democrats", "say");
}

/* "In separate interviews, X said MSG": a cue followed by a content word
 * that opens its message is a leading frame, not a trailing one whose
 * message is the introduction. */
static void test_intro_then_leading_frame_en(void **state)
{
    (void)state;
    run("en", "In separate interviews, three former employees said "
              "disagreements broke out within the firm.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT,
                 "disagreements broke out within the firm",
                 "three former employees", "said");
}

/* "told reporters he feels good": the addressee ends before a personal
 * pronoun, which opens the message. */
static void test_told_addressee_pronoun(void **state)
{
    (void)state;
    run("en", "The Florida senator told reporters he feels good about his "
              "campaign in Iowa.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT,
                 "he feels good about his campaign in Iowa",
                 "The Florida senator", "told");
}

static void test_nyt_quotes(void **state)
{
    (void)state;
    /* '' opens before a word; the quotation after a full stop starts a
     * sentence of its own (the tokeniser took '' for a closing mark) */
    run("en", "''We will win the state,'' she said.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "We will win the state", "she", "said");
    run("en", "It was a headache for Mr. Trump. ''Some staffer screwed "
              "up,'' said Curt Smith, a leader in Indiana.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "Some staffer screwed up",
                 "Curt Smith, a leader in Indiana", "said");
}

/* ---- frames without a lexicon verb, speech acts ---------------------- */

static void test_german_clause_frames(void **state)
{
    (void)state;
    /* a claim noun (or a weak cue learnt from Bundestag speeches) before
     * a dass-clause */
    run("de", "Die Gewerkschaft ist der Ansicht, dass die Löhne steigen "
              "müssten.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "dass die Löhne steigen müssten",
                 "Die Gewerkschaft", "Ansicht");
    /* the claim noun names its source in the genitive; a zu-infinitive
     * message ends with its clause */
    run("de", "Die Forderung des Verbandes, die Steuern zu senken, stieß "
              "auf Kritik.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "die Steuern zu senken",
                 "des Verbandes", "Forderung");
    /* a short parenthesis belongs to the speaker */
    run("de", "Das Bundeskriminalamt (BKA) bestätigte, dass er auf der "
              "Liste stehe.");
    expect_claim(0, NE_CLAIM_INDIRECT, "dass er auf der Liste stehe",
                 "Das Bundeskriminalamt (BKA)", "bestätigte");
    /* "wie aus X hervorgeht": the document speaks */
    run("de", "Wie aus einer Mitteilung der Polizei hervorgeht, wurden zwei "
              "Menschen verletzt.");
    expect_claim(0, NE_CLAIM_ACCORDING_TO, "wurden zwei Menschen verletzt",
                 "einer Mitteilung der Polizei", "hervorgeht");
    /* "Demnach": the adverb that points back is speaker and cue */
    run("de", "Die Polizei legte einen Bericht vor. Demnach seien drei "
              "Menschen verletzt worden.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_ACCORDING_TO,
                 "seien drei Menschen verletzt worden", "Demnach", "Demnach");
    /* "Das wurde von X bekannt gegeben.": the sentence before */
    run("de", "Per Dekret ordnete der Präsident Hilfen für Waisen an. Das "
              "wurde vom Presseamt des Kremls bekannt gegeben.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT,
                 "Per Dekret ordnete der Präsident Hilfen für Waisen an",
                 "Presseamt des Kremls", "bekannt gegeben");
}

static void test_speech_acts(void **state)
{
    (void)state;
    /* a speech act with a named content is a claim, ... */
    run("de", "Der Minister warnte vor einer Eskalation der Lage.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "vor einer Eskalation der Lage",
                 "Der Minister", "warnte");
    /* ... a quotation it characterises is a direct claim, ... */
    run("de", "Der Kanzler bezeichnete den Plan als „Unsinn“.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "Unsinn", "Der Kanzler", "bezeichnete");
    /* ... a bare object is none, ... */
    run("de", "Die Täter forderten Bargeld und Schmuck.");
    assert_int_equal(doc.claims.cnt, 0);
    run("de", "Die Gewerkschaft kritisierte die Pläne.");
    assert_int_equal(doc.claims.cnt, 0);
    /* ... nor a prohibition, whatever the learnt weak cues say, ... */
    run("de", "In Niedersachsen ist es verboten, im Wald zu rauchen.");
    assert_int_equal(doc.claims.cnt, 0);
    /* ... nor a request for resources ... */
    run("de", "Der Gouverneur forderte die Nationalgarde an.");
    assert_int_equal(doc.claims.cnt, 0);
    /* ... a confession is, and an attitude named by an adjective before
     * a clause in reported form, ... */
    run("de", "Die Organisatoren gestanden ein, dass das Lied nicht live "
              "gesungen worden sei.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT,
                 "dass das Lied nicht live gesungen worden sei",
                 "Die Organisatoren", "gestanden");
    run("de", "Die Regierung ist zuversichtlich, im Jahr 2012 Mitglied der "
              "EU werden zu können.");
    assert_int_equal(doc.claims.cnt, 1);
    /* ... a judgement with "als" or an amount is, ... */
    run("de", "Die Gewerkschaft wertet die Einigung als Erfolg.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "die Einigung als Erfolg",
                 "Die Gewerkschaft", "wertet");
    /* ... and what a speaker demands or alleges is */
    run("de", "Die Gewerkschaft forderte den Rücktritt des Ministers.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "den Rücktritt des Ministers",
                 "Die Gewerkschaft", "forderte");
    run("de", "Der Minister warf der Regierung Wortbruch vor.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "der Regierung Wortbruch",
                 "Der Minister", "warf");
}

static void test_english_frames(void **state)
{
    (void)state;
    /* one speaker, two claims */
    run("en", "He said the plan was dead and told us that the vote would "
              "fail.");
    assert_int_equal(doc.claims.cnt, 2);
    expect_claim(0, NE_CLAIM_INDIRECT, "the plan was dead", "He", "said");
    expect_claim(1, NE_CLAIM_INDIRECT, "that the vote would fail", "He",
                 "told");
    /* a relative pronoun speaks, as written, until its clause ends */
    run("en", "Garcia, who accused him of lying about the deal, lost the "
              "race.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "him of lying about the deal", "who",
                 "accused");
    /* the sentence's subject governs an infinitive cue; the preposition
     * belongs to the cue */
    run("en", "Trump used his speech to call for a ban on steel imports.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "a ban on steel imports", "Trump",
                 "call for");
    /* a quotation alone before a bare frame */
    run("en", "\"We will win.\" Trump said on Tuesday.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "We will win.", "Trump", "said");
}

/* ---- pronoun speakers -------------------------------------------------- */

/* Add a mention of a new entity of the given type over the only
 * occurrence of name; returns the entity index. */
static int32_t add_entity(const char *name, int type)
{
    uint32_t off = offset_of(name), end = off + (uint32_t)strlen(name), t;
    ne_mention_t *m = NE_VEC_PUSH(doc.mentions);
    ne_entity_t *e = NE_VEC_PUSH(doc.entities);
    memset(m, 0, sizeof(*m));
    memset(e, 0, sizeof(*e));
    m->span.field = NE_FIELD_BODY;
    m->span.start = off;
    m->span.end = end;
    m->type = (uint8_t)type;
    m->entity = (int32_t)doc.entities.cnt - 1;
    for (t = 0; t < doc.tokens.cnt && doc.tokens.v[t].end <= off; t++)
        ;
    m->tok_begin = t;
    for (; t < doc.tokens.cnt && doc.tokens.v[t].start < end; t++)
        ;
    m->tok_end = t;
    /* tokens point at their mention (doc.h), as after the entities stage */
    for (t = m->tok_begin; t < m->tok_end; t++)
        doc.tokens.v[t].mention = (int32_t)doc.mentions.cnt - 1;
    e->type = (uint8_t)type;
    e->first_mention = (uint32_t)doc.mentions.cnt - 1;
    e->count = 1;
    return m->entity;
}

/* Analyse, add entities, then extract (claims run after entities). */
static void run_with_people(const char *lang, const char *body,
                            const char *p1, const char *p2, int32_t *e1,
                            int32_t *e2)
{
    run(lang, body);
    doc.claims.cnt = 0;
    *e1 = add_entity(p1, NE_ENT_PER);
    *e2 = add_entity(p2, NE_ENT_PER);
    ne_claims_extract(cl, &doc);
}

static void test_pronoun_speakers(void **state)
{
    int32_t merkel, scholz, clinton, sanders;
    (void)state;
    /* "Sie" is Angela Merkel although Olaf Scholz is named later */
    run_with_people("de", "Angela Merkel traf am Morgen Olaf Scholz. Sie "
                          "sagte, das Treffen sei gut gewesen.",
                    "Angela Merkel", "Olaf Scholz", &merkel, &scholz);
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "das Treffen sei gut gewesen", "Sie",
                 "sagte");
    assert_int_equal(doc.claims.v[0].speaker_entity, merkel);
    run_with_people("de", "Olaf Scholz traf am Morgen Angela Merkel. Er "
                          "sagte, das Treffen sei gut gewesen.",
                    "Olaf Scholz", "Angela Merkel", &scholz, &merkel);
    assert_int_equal(doc.claims.v[0].speaker_entity, scholz);
    run_with_people("en", "Hillary Clinton met Bernie Sanders in Iowa. He "
                          "said the talks were productive.",
                    "Hillary Clinton", "Bernie Sanders", &clinton, &sanders);
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "the talks were productive", "He",
                 "said");
    assert_int_equal(doc.claims.v[0].speaker_entity, sanders);
}

static void test_speaker_entity_and_message_entities(void **state)
{
    int32_t peskow, putin;
    const ne_claim_t *c;
    (void)state;
    run_with_people("de", "Kreml-Sprecher Dmitri Peskow sagte, Wladimir "
                          "Putin werde kommen.",
                    "Dmitri Peskow", "Wladimir Putin", &peskow, &putin);
    assert_int_equal(doc.claims.cnt, 1);
    c = &doc.claims.v[0];
    span_is(c->speaker, "Kreml-Sprecher Dmitri Peskow", "speaker");
    assert_int_equal(c->speaker_entity, peskow);
    assert_int_equal(c->ent_cnt, 1);
    assert_int_equal(doc.claim_ents.v[c->ent_off], putin);
    /* a speaker named inside the message span is not one of its entities */
    run_with_people("de", "Darüber hinaus gibt es nach Einschätzung von Leif "
                          "Easley auf beiden Seiten Interesse an Olaf Scholz.",
                    "Leif Easley", "Olaf Scholz", &peskow, &putin);
    assert_int_equal(doc.claims.cnt, 1);
    c = &doc.claims.v[0];
    assert_int_equal(c->speaker_entity, peskow);
    assert_int_equal(c->ent_cnt, 1);
    assert_int_equal(doc.claim_ents.v[c->ent_off], putin);
}

/* ---- offsets on multi-byte text --------------------------------------- */

static void test_multibyte_offsets(void **state)
{
    const char *body = "Über die Größe äußerte sich Jürgen Müller: „Größer "
                       "wäre schöner – für alle Bürger.“";
    const ne_claim_t *c;
    (void)state;
    run("de", body);
    assert_int_equal(doc.claims.cnt, 1);
    c = &doc.claims.v[0];
    /* „ is three bytes; the message starts right after it */
    assert_int_equal(c->text.start, offset_of("„") + 3);
    assert_int_equal(c->text.end, offset_of("“"));
    assert_int_equal(c->text.start, 53);
    span_is(c->text, "Größer wäre schöner – für alle Bürger.", "message");
    span_is(c->speaker, "Jürgen Müller", "speaker");
    span_is(c->cue, "äußerte", "cue");
}

/* ---- no claim where nothing is attributed ----------------------------- */

/* A clause that runs to the end of the text without final punctuation
 * ("..., die Organisation"): the noun phrase after a relative pronoun was
 * read one token past the block, a stale token of the previous, longer
 * document (found by fuzz_processor). The text is allocated to its length
 * so that a read past it is an ASan error. */
static void test_clause_at_end_of_text(void **state)
{
    static const char SHORT[] = "Peskow erklärte, die Organisation";
    char *body = malloc(sizeof(SHORT) - 1);
    (void)state;
    /* A longer document first: its tokens stay in the arrays past the
     * short one's end. "die Organisation" is too short a message. */
    run("de", "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa Bbbbbbbbbbbbbbbbbbbbbbbbbbbb "
              "Ccccccccccc Dddddddddd Eeeeeeeeeeee ffffffff Gggggggg Hhhhhhhh "
              "Iiiiiiiii sagte, die Organisation.");
    assert_int_equal(doc.tokens.cnt, 14);
    assert_int_equal(doc.claims.cnt, 0);
    assert_non_null(body);
    memcpy(body, SHORT, sizeof(SHORT) - 1);
    run_n("de", body, sizeof(SHORT) - 1);
    assert_int_equal(doc.tokens.cnt, 5);
    assert_int_equal(doc.claims.cnt, 0);
    free(body);
}

/* A relative clause or a verbless insertion on the source of "nach
 * Angaben" belongs to the source: the message comes after it. */
static void test_according_source_insertion(void **state)
{
    (void)state;
    run("de", "Nach Angaben der Polizei, die am Abend eintraf, wurden drei "
              "Menschen verletzt.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_ACCORDING_TO, "wurden drei Menschen verletzt",
                 "der Polizei", "Nach Angaben");
    run("de", "Nach Ansicht der Staatsanwaltschaft, vertreten durch Alan "
              "Jackson, soll Spector die Schauspielerin getötet haben.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_ACCORDING_TO,
                 "soll Spector die Schauspielerin getötet haben",
                 "der Staatsanwaltschaft", "Nach Ansicht");
    run("de", "Nach Aussage von Surapong Suebwonglee, einem ehemaligen "
              "Regierungssprecher, der der Gruppe angehört, wurde die Partei "
              "ausgewählt.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_ACCORDING_TO, "wurde die Partei ausgewählt",
                 "Surapong Suebwonglee, einem ehemaligen Regierungssprecher",
                 "Nach Aussage");
}

/* A speech act's message runs on over a subordinate or relative clause
 * that gives its reason or its object's description. */
static void test_act_with_reason(void **state)
{
    (void)state;
    run("de", "Die Schutzgemeinschaft der Kapitalanleger forderte am Mittwoch "
              "den Rücktritt von Pierers, weil er zur Zeit der Vorfälle die "
              "Geschäfte führte.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT,
                 "am Mittwoch den Rücktritt von Pierers, weil er zur Zeit der "
                 "Vorfälle die Geschäfte führte",
                 "Die Schutzgemeinschaft der Kapitalanleger", "forderte");
    run("de", "Die UN-Sprecherin Elizabeth Byrs forderte einen Luft- und "
              "Seekorridor, um Hilfe ins Land zu bringen.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT,
                 "einen Luft- und Seekorridor, um Hilfe ins Land zu bringen",
                 "Die UN-Sprecherin Elizabeth Byrs", "forderte");
}

/* A short quotation before a trailing frame is speech, not a name, and
 * after a colon it is the whole message. */
static void test_short_quote_trailing(void **state)
{
    (void)state;
    run("de", "Der Bremer Coach war zufrieden: „Ein guter Start“, sagte "
              "Schaaf zur Sportschau.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_DIRECT, "Ein guter Start", "Schaaf", "sagte");
}

/* A "so" frame set into the sentence after its first part: the rest of
 * the sentence, which goes on with its finite verb, is the message. */
static void test_so_frame_inside(void **state)
{
    (void)state;
    run("de", "In zehn Jahren, so schätzen die Forscher, soll die Forschung "
              "abgeschlossen sein.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "soll die Forschung abgeschlossen sein",
                 "die Forscher", "so schätzen");
    run("de", "In zehn Jahren, so der Minister, ist die Forschung "
              "abgeschlossen.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_claim(0, NE_CLAIM_INDIRECT, "ist die Forschung abgeschlossen",
                 "der Minister", "so");
}

static void test_no_claims(void **state)
{
    static const char *const DE[] = {
        "Putin äußerte sich bisher nicht persönlich zu einem Treffen mit "
        "Kim.",
        "Gespräche über \"heikle Themen\" sind geplant.",
        "Beobachter rechnen mit Verhandlungen über Waffenlieferungen.",
        "Der Zug überquerte am Dienstag die Grenze zu Russland.",
        "Nach dem Spiel fuhr die Mannschaft nach Hause.",
        "Die Zeitung „Chosun Ilbo“ erscheint in Seoul.",
        "Glauben Sie, dass die Gespräche etwas bringen?",
        "Der Minister wollte sich nicht äußern, als er ankam.",
        "Danach fuhr die Mannschaft nach Hause.",
        "Es ist wichtig, dass alle Kinder zur Schule gehen.",
    };
    static const char *const EN[] = {
        "The report was released on Tuesday.",
        "He did not say anything about the deal.",
        "She starred in \"The Crown\" for two seasons.",
        "The Granite State votes in February.",
        "He didn't say how he would pay for it.",
        "Basically supported by the party, the plan was passed.",
    };
    size_t k;
    (void)state;
    for (k = 0; k < NE_ARRAY_SIZE(DE); k++) {
        run("de", DE[k]);
        if (doc.claims.cnt)
            fail_msg("claim invented in \"%s\"", DE[k]);
    }
    for (k = 0; k < NE_ARRAY_SIZE(EN); k++) {
        run("en", EN[k]);
        if (doc.claims.cnt)
            fail_msg("claim invented in \"%s\"", EN[k]);
    }
}

/* ---- lexicon loading ------------------------------------------------- */

static void test_load_errors(void **state)
{
    char dir[] = "/tmp/test_claims.XXXXXX", path[128], err[512] = "";
    FILE *f;
    (void)state;
    assert_null(ne_claims_load("/nonexistent", err, sizeof(err)));
    assert_non_null(strstr(err, "/nonexistent/claims-de.txt"));
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/claims-de.txt", dir);
    assert_non_null(f = fopen(path, "w"));
    fputs("# comment\nverb sagte\nspeechverb erklärte\n", f);
    fclose(f);
    err[0] = '\0';
    assert_null(ne_claims_load(dir, err, sizeof(err)));
    assert_non_null(strstr(err, "claims-de.txt line 3"));
    assert_non_null(strstr(err, "speechverb"));
    unlink(path);
    rmdir(dir);
}

/* ---- the seed article against its golden file ------------------------ */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* The claim fields that only this stage decides (entity ids come from the
 * entity stage and are left out). */
static json_t *claim_core(json_t *c)
{
    json_t *out = json_object(), *sp = json_object_get(c, "speaker");
    json_t *cue = json_object_get(c, "cue");
    json_object_set(out, "kind", json_object_get(c, "kind"));
    json_object_set(out, "text", json_object_get(c, "text"));
    json_object_set(out, "start", json_object_get(c, "start"));
    json_object_set(out, "end", json_object_get(c, "end"));
    json_object_set_new(out, "speaker",
                        json_is_object(sp) ? json_pack(
                            "{s:O,s:O,s:O}", "text", json_object_get(sp, "text"),
                            "start", json_object_get(sp, "start"), "end",
                            json_object_get(sp, "end"))
                                           : json_null());
    json_object_set_new(out, "cue",
                        json_is_object(cue) ? json_pack(
                            "{s:O,s:O,s:O}", "text", json_object_get(cue, "text"),
                            "start", json_object_get(cue, "start"), "end",
                            json_object_get(cue, "end"))
                                            : json_null());
    return out;
}

static void test_golden_seed_article(void **state)
{
    ne_processor_conf_t conf;
    ne_processor_t *proc;
    ne_result_t *res;
    ne_input_t in;
    const ne_outputs_t *out;
    json_t *rec, *got, *want, *claims;
    json_error_t jerr;
    char err[512] = "", *article, *dump;
    const char *golden = NE_SOURCE_DIR "/tests/golden/kim-russland.claims.json";
    size_t len, k;
    (void)state;

    article = read_file(NE_SOURCE_DIR "/examples/kim-russland.json", &len);
    ne_processor_conf_init(&conf);
    conf.models_dir = fx_models_dir();
    if (!(proc = ne_processor_new(&conf, err, sizeof(err))))
        fail_msg("processor: %s", err);
    res = ne_result_new();
    memset(&in, 0, sizeof(in));
    in.payload = article;
    in.len = len;
    assert_int_equal(ne_processor_run(proc, &in, res), NE_OK);
    out = ne_result_outputs(res);
    rec = json_loadb(out->data + out->recs[0].value_off,
                     out->recs[0].value_len, 0, &jerr);
    assert_non_null(rec);
    claims = json_object_get(rec, "claims");
    got = json_array();
    for (k = 0; k < json_array_size(claims); k++)
        json_array_append_new(got, claim_core(json_array_get(claims, k)));
    if (getenv("NEWSENRICH_UPDATE_GOLDEN")) {
        /* regenerate after a reviewed change of behaviour */
        assert_int_equal(json_dump_file(got, golden, JSON_INDENT(1)), 0);
    }
    want = json_load_file(golden, 0, &jerr);
    if (!want)
        fail_msg("%s: %s", golden, jerr.text);
    if (!json_equal(got, want)) {
        dump = json_dumps(got, JSON_INDENT(1));
        fail_msg("claims differ from %s; got:\n%s", golden, dump);
    }
    json_decref(got);
    json_decref(want);
    json_decref(rec);
    ne_result_destroy(res);
    ne_processor_destroy(proc);
    free(article);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_german_low_quotes),
        cmocka_unit_test(test_german_guillemets),
        cmocka_unit_test(test_swiss_guillemets),
        cmocka_unit_test(test_english_curly_quotes),
        cmocka_unit_test(test_english_single_quotes),
        cmocka_unit_test(test_straight_quotes),
        cmocka_unit_test(test_speaker_before_quote),
        cmocka_unit_test(test_unbalanced_quote),
        cmocka_unit_test(test_quote_over_paragraphs),
        cmocka_unit_test(test_nested_quotes),
        cmocka_unit_test(test_quote_over_sentences),
        cmocka_unit_test(test_subjunctive_continuation),
        cmocka_unit_test(test_subject_continuation),
        cmocka_unit_test(test_heisst_es),
        cmocka_unit_test(test_german_subject_case),
        cmocka_unit_test(test_german_so_wie),
        cmocka_unit_test(test_german_wonach),
        cmocka_unit_test(test_german_extended_attribute),
        cmocka_unit_test(test_colon_quote_subject),
        cmocka_unit_test(test_english_leading_spans),
        cmocka_unit_test(test_english_interrupted_quote),
        cmocka_unit_test(test_quote_after_frame_sentence),
        cmocka_unit_test(test_reported_speech),
        cmocka_unit_test(test_embedded_quote),
        cmocka_unit_test(test_apposition_speaker),
        cmocka_unit_test(test_according_german),
        cmocka_unit_test(test_according_english),
        cmocka_unit_test(test_nyt_quotes),
        cmocka_unit_test(test_german_clause_frames),
        cmocka_unit_test(test_speech_acts),
        cmocka_unit_test(test_english_frames),
        cmocka_unit_test(test_pronoun_speakers),
        cmocka_unit_test(test_speaker_entity_and_message_entities),
        cmocka_unit_test(test_multibyte_offsets),
        cmocka_unit_test(test_clause_at_end_of_text),
        cmocka_unit_test(test_according_long_source),
        cmocka_unit_test(test_so_frame_inside),
        cmocka_unit_test(test_short_quote_trailing),
        cmocka_unit_test(test_act_with_reason),
        cmocka_unit_test(test_according_source_insertion),
        cmocka_unit_test(test_said_name_clause),
        cmocka_unit_test(test_apposition_coordinated_cue),
        cmocka_unit_test(test_dash_and_ends_message),
        cmocka_unit_test(test_headline_colon_en),
        cmocka_unit_test(test_colon_name_quote_en),
        cmocka_unit_test(test_when_asked_inside),
        cmocka_unit_test(test_frame_inside_en),
        cmocka_unit_test(test_adverb_interrupted_en),
        cmocka_unit_test(test_intro_then_leading_frame_en),
        cmocka_unit_test(test_told_addressee_pronoun),
        cmocka_unit_test(test_no_claims),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_golden_seed_article),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
