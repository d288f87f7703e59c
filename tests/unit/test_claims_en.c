/*
 * English claims, one test per frame added for recall on political news:
 * the exact message, speaker and cue spans of each frame, and the
 * sentences the frames must leave alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "doc_fixture.h"
#include "processor/processor.h"

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

static void run_en(const char *body)
{
    fx_doc_set(&doc, NULL, body, NE_LANG_EN, 0, 0, 0);
    ne_claims_extract(cl, &doc);
}

/* Does span s cover exactly the only occurrence of want in the body? */
static int span_eq(ne_span_t s, const char *want)
{
    const char *body = doc.text[NE_FIELD_BODY];
    const char *p = strstr(body, want);
    if (!p || strstr(p + 1, want))
        fail_msg("\"%s\" must occur once in the text", want);
    return s.field == NE_FIELD_BODY && s.start == (uint32_t)(p - body) &&
           s.end == s.start + strlen(want);
}

/* Some claim has exactly this message, speaker and cue (NULL: none); the
 * message overlaps neither its speaker nor its cue. */
static void expect_en(const char *text, const char *speaker, const char *cue)
{
    size_t k;
    for (k = 0; k < doc.claims.cnt; k++) {
        const ne_claim_t *c = &doc.claims.v[k];
        if (!span_eq(c->text, text))
            continue;
        assert_int_equal(c->has_speaker, speaker != NULL);
        if (speaker && !span_eq(c->speaker, speaker))
            fail_msg("speaker of \"%s\" is [%u,%u), want \"%s\"", text,
                     c->speaker.start, c->speaker.end, speaker);
        assert_int_equal(c->has_cue, cue != NULL);
        if (cue && !span_eq(c->cue, cue))
            fail_msg("cue of \"%s\" is [%u,%u), want \"%s\"", text,
                     c->cue.start, c->cue.end, cue);
        if (c->has_speaker)
            assert_true(c->speaker.end <= c->text.start ||
                        c->text.end <= c->speaker.start);
        if (c->has_cue)
            assert_true(c->cue.end <= c->text.start ||
                        c->text.end <= c->cue.start);
        return;
    }
    fail_msg("no claim \"%s\" among %zu", text, doc.claims.cnt);
}

/* "(D-N.Y.)" is one token: the sentence goes on to its cue. */
static void test_party_state_code(void **state)
{
    (void)state;
    run_en("Sen. Chuck Schumer (D-N.Y.) said the bill would fail in the "
           "Senate.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("the bill would fail in the Senate", "Sen. Chuck Schumer (D-N.Y.)",
              "said");
}

/* A frame set into the sentence before a prepositional phrase: the
 * sentence goes on, the phrase is no apposition to the speaker. */
static void test_frame_inside_before_phrase(void **state)
{
    (void)state;
    run_en("It makes sense, strategists said, for Democrats to put the "
           "concept in the public mind now.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("for Democrats to put the concept in the public mind now",
              "strategists", "said");
}

/* ", adding that ..." after a trailing frame: a second claim of the
 * frame's speaker. */
static void test_adding_after_frame(void **state)
{
    (void)state;
    run_en("The deal will pass, Fiorina said at the time, adding that the "
           "vote would be close.");
    assert_int_equal(doc.claims.cnt, 2);
    expect_en("The deal will pass", "Fiorina", "said");
    expect_en("that the vote would be close", "Fiorina", "adding");
}

/* A sentence adverb set off by commas between subject and cue is no
 * part of the speaker. */
static void test_adverb_interruption(void **state)
{
    (void)state;
    run_en("Others, however, say a recalibration is overdue.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("a recalibration is overdue", "Others", "say");
}

/* An obj cue ("endorsed") takes a one-word name as its whole message;
 * the speaker's own doing after it ("and appeared ...") is not. */
static void test_object_cue_name(void **state)
{
    (void)state;
    run_en("Christie endorsed Trump.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("Trump", "Christie", "endorsed");
    run_en("Christie endorsed Trump and appeared at rallies.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("Trump", "Christie", "endorsed");
    run_en("Black voters supported her by a wide margin.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("her", "Black voters", "supported");
    /* no obj cue: a one-word message stays out */
    run_en("Christie said Trump.");
    assert_int_equal(doc.claims.cnt, 0);
}

/* Speech-act verbs of criticism and praise take their object. */
static void test_criticism_verb(void **state)
{
    (void)state;
    run_en("Rubio lambasted the deal as a surrender to Iran.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("the deal as a surrender to Iran", "Rubio", "lambasted");
}

/* "who formally endorsed": adverbs between the relative pronoun and the
 * cue; the message ends with the relative clause. */
static void test_relative_over_adverb(void **state)
{
    (void)state;
    run_en("Rep. Kevin Cramer, who formally endorsed the nominee on Sunday, "
           "had worked quietly behind the scenes.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("the nominee on Sunday", "who", "endorsed");
}

/* "X, when asked ..., responded that MSG" (X names a speaker: a role
 * here, the tagger's person in the daemon): the subject before the
 * subordinate clause speaks; the question is a claim without speaker. */
static void test_subclause_interrupted(void **state)
{
    (void)state;
    run_en("The senator, when asked about it, responded that the businessman "
           "is right about the problems.");
    assert_int_equal(doc.claims.cnt, 2);
    expect_en("that the businessman is right about the problems",
              "The senator", "responded");
    expect_en("about it", NULL, "asked");
}

/* "X - who said A - said B": a relative clause between dashes. */
static void test_dash_relative(void **state)
{
    (void)state;
    run_en("Donald Trump - who previously claimed he would bomb the oil "
           "fields - said at a rally that the United States would win.");
    assert_int_equal(doc.claims.cnt, 2);
    expect_en("he would bomb the oil fields", "who", "claimed");
    expect_en("that the United States would win", "Donald Trump", "said");
}

/* "... and asking ...", "... and he reiterated ...": the subject's
 * second predicate ends the message; "asking" is a frame of its own. */
static void test_second_predicate(void **state)
{
    (void)state;
    run_en("The governor tweeted that the debate was a disaster and asking "
           "whether she could lead the country.");
    assert_int_equal(doc.claims.cnt, 2);
    expect_en("that the debate was a disaster", "The governor", "tweeted");
    expect_en("whether she could lead the country", "The governor", "asking");
    run_en("The senator said he was the perfect messenger and he reiterated "
           "his claim.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("he was the perfect messenger", "The senator", "said");
}

/* "his criticism of X", "Sessions's endorsement of X": an attitude noun
 * and its object; the speaker is the clause's subject or the name's
 * possessive; "faced criticism for" names no speaker and gives no claim. */
static void test_attitude_noun(void **state)
{
    (void)state;
    run_en("The mayor is keeping up his criticism of the new stadium.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("the new stadium", "The mayor", "criticism of");
    run_en("Sessions's endorsement of the nominee was a surprise.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("the nominee", "Sessions", "endorsement of");
    run_en("The mayor faced criticism for her comments in interviews.");
    assert_int_equal(doc.claims.cnt, 0);
    run_en("Her support among young voters is low.");
    assert_int_equal(doc.claims.cnt, 0);
}

/* "allegations that ...": a noun's "that" clause of five words or more
 * is a claim, with no speaker when none is named; a short one is a
 * relative clause. */
static void test_noun_that_clause(void **state)
{
    (void)state;
    run_en("There were allegations that the firm falsely marketed its "
           "supplements as remedies.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("that the firm falsely marketed its supplements as remedies",
              NULL, "allegations");
    run_en("There were allegations that he made.");
    assert_int_equal(doc.claims.cnt, 0);
}

/* Participle frames: "Noting that ..., X put ..." (the speaker after the
 * comma), "X said, while arguing ...", "And even X tried ..., noting". */
static void test_participle_frames(void **state)
{
    (void)state;
    run_en("Noting that both men battled staunch opposition from the media, "
           "the author put her finger on one facet.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("that both men battled staunch opposition from the media",
              "the author", "Noting");
    run_en("The senator spoke on Tuesday, while arguing the country should "
           "increase its forces.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("the country should increase its forces", "The senator",
              "arguing");
    run_en("And even the president tried to help them, noting that he would "
           "demur too in their position.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("that he would demur too in their position", "the president",
              "noting");
}

/* A title-case headline: "X Says Y", up to a comma; a headline without
 * a speech verb has no claim. */
static void test_headline_frame(void **state)
{
    (void)state;
    run_en("Bernie Sanders Says He Has Already Started Writing His Address");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("He Has Already Started Writing His Address", "Bernie Sanders",
              "Says");
    run_en("Clinton Says Russians Hacked DNC, Calls Remarks Troubling");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("Russians Hacked DNC", "Clinton", "Says");
    run_en("The Battle Against Hillary Will Be Long and Costly");
    assert_int_equal(doc.claims.cnt, 0);
}

/* "asked for X" takes its object; an introductory phrase before "X
 * asked" is no message; "X was asked about Y" is a question nobody named
 * asked. */
static void test_asked_forms(void **state)
{
    (void)state;
    run_en("At one point, a woman asked for a photo with the former "
           "president.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("a photo with the former president", "a woman", "asked for");
    run_en("After a rally on Friday, the candidate was asked about speeches "
           "she made behind closed doors.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("about speeches she made behind closed doors", NULL, "asked");
}

/* ", including ..." goes on with the message. */
static void test_including_list(void **state)
{
    (void)state;
    run_en("He said his border plan would use the best technology, "
           "including sensors to find tunnels.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("his border plan would use the best technology, including "
              "sensors to find tunnels", "He", "said");
}

/* Addressees: "X said to People." after a quotation has no message of
 * its own; "MSG, the president told her." is a trailing frame. */
static void test_addressee_frames(void **state)
{
    (void)state;
    run_en("“We need our fix!” Clinton said to People. The former senator "
           "headed the department.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("We need our fix!", "Clinton", "said");
    run_en("Her husband was free and would soon be coming home, the "
           "president told her.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("Her husband was free and would soon be coming home",
              "the president", "told");
    run_en("Podesta told the AP his firm worked closely with the group.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("his firm worked closely with the group", "Podesta", "told");
    run_en("Podesta told the AP the firm worked closely with the group.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("the firm worked closely with the group", "Podesta", "told");
}

/* Passive attitudes: "is expected to", "has been seen as", "was seen by
 * X as": no speaker but the agent; the subject is not the speaker. */
static void test_passive_frame(void **state)
{
    (void)state;
    run_en("The sale is expected to expand the company's move into media.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("to expand the company's move into media", NULL, "expected");
    run_en("Kyle has been seen as a conservative icon.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("as a conservative icon", NULL, "seen");
    run_en("The option was seen by organizers as a lifeboat for "
           "conservatives.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("as a lifeboat for conservatives", "organizers", "seen");
}

/* "In a poll, MSG": the source document opening the sentence; its
 * participle insertion is not the message; a frame of its own wins. */
static void test_medium_intro(void **state)
{
    (void)state;
    run_en("In the latest Washington Post-ABC News poll, conducted in May, "
           "Clinton led Trump 47 percent to 39 percent.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("Clinton led Trump 47 percent to 39 percent",
              "the latest Washington Post-ABC News poll", "In");
    assert_int_equal(doc.claims.v[0].kind, NE_CLAIM_ACCORDING_TO);
    run_en("In an interview with the paper, the senator said the plan "
           "would fail.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("the plan would fail", "the senator", "said");
}

/* "MSG, said X, a professor at Y.": the apposition is not the message. */
static void test_trailing_apposition(void **state)
{
    (void)state;
    run_en("The law was very assertive and interventionist, said the "
           "senator, education and law professor at the university.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("The law was very assertive and interventionist", "the senator",
              "said");
}

/* Frames set into the sentence: "said Doyle and others," and a bare
 * plural subject, "respondents said,". */
static void test_inserted_frames(void **state)
{
    (void)state;
    run_en("The contrast with him, said Doyle and others, would be clear "
           "since the nominee has no former presidents by his side.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("would be clear since the nominee has no former presidents by "
              "his side", "Doyle and others", "said");
    run_en("The top three issues, respondents said, are immigration policy, "
           "the economy and health care.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("are immigration policy, the economy and health care",
              "respondents", "said");
}

/* "did not respond to requests for comment" reports the silence; "did
 * not say" is no claim. */
static void test_negated_respond(void **state)
{
    (void)state;
    run_en("The two aides did not respond to repeated interview requests.");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("to repeated interview requests", "The two aides", "respond");
    run_en("The two aides did not say the plan would fail.");
    assert_int_equal(doc.claims.cnt, 0);
}

/* In a question, an attitude verb still takes its object ("Do they see
 * X as ...?"); a speech verb does not ("Did he say ...?"). */
static void test_question_attitude(void **state)
{
    (void)state;
    run_en("Do voters see the senator's bombast as the solution to a "
           "dangerous world?");
    assert_int_equal(doc.claims.cnt, 1);
    expect_en("the senator's bombast as the solution to a dangerous world",
              "voters", "see");
    run_en("Did the senator say the plan would fail?");
    assert_int_equal(doc.claims.cnt, 0);
}

/* Nouns and subordinate clauses that look like the frames but are not. */
static void test_no_claims_en(void **state)
{
    (void)state;
    run_en("The contest between the two men, when it came, was short.");
    assert_int_equal(doc.claims.cnt, 0);
    run_en("Voters who usually stay home turned out in large numbers.");
    assert_int_equal(doc.claims.cnt, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_party_state_code),
        cmocka_unit_test(test_criticism_verb),
        cmocka_unit_test(test_relative_over_adverb),
        cmocka_unit_test(test_subclause_interrupted),
        cmocka_unit_test(test_dash_relative),
        cmocka_unit_test(test_second_predicate),
        cmocka_unit_test(test_attitude_noun),
        cmocka_unit_test(test_noun_that_clause),
        cmocka_unit_test(test_participle_frames),
        cmocka_unit_test(test_headline_frame),
        cmocka_unit_test(test_asked_forms),
        cmocka_unit_test(test_including_list),
        cmocka_unit_test(test_addressee_frames),
        cmocka_unit_test(test_passive_frame),
        cmocka_unit_test(test_medium_intro),
        cmocka_unit_test(test_trailing_apposition),
        cmocka_unit_test(test_inserted_frames),
        cmocka_unit_test(test_negated_respond),
        cmocka_unit_test(test_question_attitude),
        cmocka_unit_test(test_object_cue_name),
        cmocka_unit_test(test_adverb_interruption),
        cmocka_unit_test(test_adding_after_frame),
        cmocka_unit_test(test_frame_inside_before_phrase),
        cmocka_unit_test(test_no_claims_en),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
