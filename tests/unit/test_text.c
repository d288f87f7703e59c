/*
 * Tokeniser, normalised forms and sentence splitting: exact tokens, byte
 * offsets, flags and sentences for the German and English news cases, and
 * invariants checked over a corpus of awkward inputs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "processor/doc.h"
#include "processor/stages.h"
#include "processor/text.h"

static ne_doc_t g_doc;

static ne_doc_t *run2(const char *title, size_t tlen, const char *body,
                      size_t blen)
{
    ne_doc_reset(&g_doc);
    g_doc.text[NE_FIELD_TITLE] = title;
    g_doc.len[NE_FIELD_TITLE] = tlen;
    g_doc.text[NE_FIELD_BODY] = body;
    g_doc.len[NE_FIELD_BODY] = blen;
    ne_text_analyse(&g_doc);
    return &g_doc;
}

static ne_doc_t *run(const char *title, const char *body)
{
    return run2(title, strlen(title), body, strlen(body));
}

/* The tokens of the doc as "a|b|c", with "/" before each sentence start
 * except the first of each field, and "#" between title and body. */
static const char *joined(const ne_doc_t *doc)
{
    static char buf[8192];
    size_t o = 0;
    int field = NE_FIELD_TITLE;

    buf[0] = '\0';
    for (size_t k = 0; k < doc->tokens.cnt; k++) {
        const ne_token_t *t = &doc->tokens.v[k];
        const char *sep = "|";
        if (k == 0)
            sep = t->field == NE_FIELD_BODY ? "#" : "";
        else if (t->field != field)
            sep = "#";
        else if (t->flags & NE_TOKF_SENT_START)
            sep = "/";
        field = t->field;
        o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%.*s", sep,
                              (int)(t->end - t->start),
                              doc->text[t->field] + t->start);
        if (o >= sizeof(buf))
            break;
    }
    return buf;
}

static const ne_token_t *tok(const ne_doc_t *doc, size_t k)
{
    assert_true(k < doc->tokens.cnt);
    return &doc->tokens.v[k];
}

#define TOK_IS(doc, k, s, e, kind_, flags_)                                  \
    do {                                                                      \
        const ne_token_t *t_ = tok((doc), (k));                               \
        assert_int_equal(t_->start, (s));                                     \
        assert_int_equal(t_->end, (e));                                       \
        assert_int_equal(t_->kind, (kind_));                                  \
        assert_int_equal(t_->flags, (flags_));                                \
    } while (0)

static void assert_norm(const ne_doc_t *doc, size_t k, const char *norm)
{
    const ne_token_t *t = tok(doc, k);
    assert_int_equal(t->norm_len, strlen(norm));
    assert_memory_equal(ne_doc_tok_norm(doc, t), norm, strlen(norm));
}

#define SB NE_TOKF_SPACE_BEFORE
#define NL NE_TOKF_NEWLINE_BEFORE
#define PS NE_TOKF_PARA_START
#define SS NE_TOKF_SENT_START
#define CAP NE_TOKF_CAP
#define ALLCAP NE_TOKF_ALLCAP
#define DIG NE_TOKF_DIGIT
#define HYP NE_TOKF_HYPHEN
#define ABB NE_TOKF_ABBREV
#define QO NE_TOKF_QUOTE_OPEN
#define QC NE_TOKF_QUOTE_CLOSE
#define ORD NE_TOKF_ORDINAL

/* ---- invariants ------------------------------------------------------- */

static int is_cont(unsigned char b)
{
    return (b & 0xC0) == 0x80;
}

/* Offsets on character boundaries and inside the field, tokens ordered
 * and disjoint, no ASCII whitespace in a token, every non-space byte in a
 * token, sentences partitioning each field's tokens, norm and hash as the
 * public functions compute them. */
static void check_invariants(const ne_doc_t *doc)
{
    size_t k, f, sent = 0;

    for (f = 0; f < NE_FIELD__CNT; f++) {
        const unsigned char *s = (const unsigned char *)doc->text[f];
        size_t n = doc->len[f], pos = 0;
        for (k = 0; k < doc->tokens.cnt; k++) {
            const ne_token_t *t = &doc->tokens.v[k];
            if (t->field != f)
                continue;
            assert_true(t->start < t->end);
            assert_true(t->end <= n);
            assert_true(t->start >= pos);
            assert_false(is_cont(s[t->start]));
            assert_true(t->end == n || !is_cont(s[t->end]));
            assert_true(t->end - t->start <= NE_TEXT_MAX_TOKEN);
            for (size_t i = pos; i < t->start; i++)
                /* between tokens: whitespace and controls only (bytes
                 * of UTF-8 spaces such as U+00A0 are >= 0x80) */
                assert_true(s[i] <= 0x20 || s[i] == 0x7F || s[i] >= 0x80);
            for (size_t i = t->start; i < t->end; i++)
                assert_true(s[i] > 0x20 && s[i] != 0x7F);
            pos = t->end;
            assert_int_equal(t->mention, -1);
            assert_int_equal(t->tag, 0);
            {
                char buf[4 * NE_TEXT_MAX_TOKEN + 8];
                long nl = ne_text_normalise(doc->text[f] + t->start,
                                            t->end - t->start, buf,
                                            sizeof(buf));
                assert_int_equal(nl, t->norm_len);
                assert_memory_equal(buf, ne_doc_tok_norm(doc, t),
                                    (size_t)nl);
                assert_int_equal(ne_doc_tok_norm(doc, t)[nl], '\0');
                assert_true(t->hash ==
                            ne_text_hash(ne_doc_tok_norm(doc, t),
                                         t->norm_len));
            }
        }
    }
    /* sentences: contiguous, non-empty, one field each, in order */
    k = 0;
    for (sent = 0; sent < doc->sents.cnt; sent++) {
        const ne_sentence_t *se = &doc->sents.v[sent];
        assert_int_equal(se->tok_begin, k);
        assert_true(se->tok_end > se->tok_begin);
        for (size_t j = se->tok_begin; j < se->tok_end; j++) {
            const ne_token_t *t = &doc->tokens.v[j];
            assert_int_equal(t->sent, sent);
            assert_int_equal(t->field, se->field);
            assert_int_equal(!!(t->flags & NE_TOKF_SENT_START),
                             j == se->tok_begin);
        }
        k = se->tok_end;
    }
    assert_int_equal(k, doc->tokens.cnt);
}

/* ---- tests ------------------------------------------------------------ */

static void test_basic_offsets_umlauts(void **state)
{
    /* "Kreml-Sprecher Dmitri Peskow erklärte, Kim fahre." */
    const char *b = "Kreml-Sprecher Dmitri Peskow erkl\xC3\xA4rte, Kim fahre.";
    ne_doc_t *doc = run("", b);
    (void)state;
    assert_string_equal(joined(doc),
        "#Kreml-Sprecher|Dmitri|Peskow|erkl\xC3\xA4rte|,|Kim|fahre|.");
    TOK_IS(doc, 0, 0, 14, NE_TOK_WORD, PS | SS | CAP | HYP);
    TOK_IS(doc, 1, 15, 21, NE_TOK_WORD, SB | CAP);
    TOK_IS(doc, 3, 29, 38, NE_TOK_WORD, SB); /* ä is two bytes */
    TOK_IS(doc, 4, 38, 39, NE_TOK_PUNCT, 0);
    TOK_IS(doc, 7, 49, 50, NE_TOK_PUNCT, 0);
    assert_norm(doc, 0, "kreml-sprecher");
    assert_norm(doc, 3, "erkl\xC3\xA4rte");
    assert_int_equal(doc->sents.cnt, 1);
    assert_int_equal(doc->sents.v[0].field, NE_FIELD_BODY);
    check_invariants(doc);
}

static void test_title_and_body(void **state)
{
    ne_doc_t *doc = run("Kim reist nach Russland", "Der Zug f\xC3\xA4hrt.");
    (void)state;
    assert_string_equal(joined(doc),
                        "Kim|reist|nach|Russland#Der|Zug|f\xC3\xA4hrt|.");
    assert_int_equal(doc->sents.cnt, 2);
    assert_int_equal(doc->sents.v[0].field, NE_FIELD_TITLE);
    assert_int_equal(doc->sents.v[0].tok_end, 4);
    assert_int_equal(doc->sents.v[1].field, NE_FIELD_BODY);
    TOK_IS(doc, 0, 0, 3, NE_TOK_WORD, PS | SS | CAP);
    TOK_IS(doc, 4, 0, 3, NE_TOK_WORD, PS | SS | CAP);
    assert_int_equal(tok(doc, 4)->field, NE_FIELD_BODY);
    /* a title of two sentences */
    doc = run("Krieg? Nein. Frieden!", "");
    assert_string_equal(joined(doc), "Krieg|?/Nein|./Frieden|!");
    assert_int_equal(doc->sents.cnt, 3);
    check_invariants(doc);
}

static void test_empty_and_whitespace(void **state)
{
    ne_doc_t *doc = run("", "");
    (void)state;
    assert_int_equal(doc->tokens.cnt, 0);
    assert_int_equal(doc->sents.cnt, 0);
    doc = run(" \t\n", " \n\n \r\n\xC2\xA0\xE2\x80\x83 ");
    assert_int_equal(doc->tokens.cnt, 0);
    assert_int_equal(doc->sents.cnt, 0);
    /* whitespace runs of every kind between two words */
    doc = run("", "a \t\xC2\xA0\xE3\x80\x80 b");
    assert_string_equal(joined(doc), "#a|b");
    TOK_IS(doc, 1, 9, 10, NE_TOK_WORD, SB);
    check_invariants(doc);
}

static void test_nul_and_controls(void **state)
{
    static const char b[] = "ab\0cd\x01" "ef\x7f" "g\x1b[0m";
    ne_doc_t *doc = run2("", 0, b, sizeof(b) - 1);
    (void)state;
    assert_string_equal(joined(doc), "#ab|cd|ef|g|[|0m");
    TOK_IS(doc, 0, 0, 2, NE_TOK_WORD, PS | SS);
    TOK_IS(doc, 1, 3, 5, NE_TOK_WORD, SB);
    TOK_IS(doc, 2, 6, 8, NE_TOK_WORD, SB);
    TOK_IS(doc, 3, 9, 10, NE_TOK_WORD, SB);
    check_invariants(doc);
}

static void test_abbreviations(void **state)
{
    ne_doc_t *doc = run("", "Dr. M\xC3\xBCller sagte z.B. und u.a. Nr. 5 in "
                            "St. Pauli, Mr. Smith von der U.S. Army, "
                            "der Verein e.V. im Sept. 2023.");
    (void)state;
    assert_string_equal(joined(doc),
        "#Dr.|M\xC3\xBCller|sagte|z.B.|und|u.a.|Nr.|5|in|St.|Pauli|,|Mr.|"
        "Smith|von|der|U.S.|Army|,|der|Verein|e.V.|im|Sept.|2023|.");
    TOK_IS(doc, 0, 0, 3, NE_TOK_WORD, PS | SS | CAP | ABB);
    TOK_IS(doc, 3, 18, 22, NE_TOK_WORD, SB | ABB);
    assert_norm(doc, 3, "z.b.");
    TOK_IS(doc, 16, 70, 74, NE_TOK_WORD, SB | CAP | ALLCAP | ABB);
    assert_int_equal(doc->sents.cnt, 1);
    /* spaced forms: "z. B.", "u. a.", initials */
    doc = run("", "Das gilt z. B. f\xC3\xBCr J. R. R. Tolkien.");
    assert_string_equal(joined(doc),
        "#Das|gilt|z.|B.|f\xC3\xBCr|J.|R.|R.|Tolkien|.");
    assert_int_equal(doc->sents.cnt, 1);
    /* "Art." only before a number */
    doc = run("", "nach Art. 5 GG. Eine neue Art. Dann");
    assert_string_equal(joined(doc),
                        "#nach|Art.|5|GG|./Eine|neue|Art|./Dann");
    check_invariants(doc);
}

static void test_abbreviation_sentence_ends(void **state)
{
    ne_doc_t *doc = run("", "Er arbeitet bei Apple Inc. Die Firma w\xC3\xA4"
                            "chst. Er war in den U.S. The end.");
    (void)state;
    assert_string_equal(joined(doc),
        "#Er|arbeitet|bei|Apple|Inc./Die|Firma|w\xC3\xA4" "chst|./Er|war|"
        "in|den|U.S./The|end|.");
    /* a title never ends one */
    doc = run("", "Prof. Dr. Meier und St. Pauli.");
    assert_int_equal(doc->sents.cnt, 1);
    check_invariants(doc);
}

static void test_ordinals(void **state)
{
    ne_doc_t *doc = run("", "Am 13. September und am 3. Oktober kam der "
                            "2. Weltkrieg zum 125. Mal.");
    (void)state;
    assert_string_equal(joined(doc),
        "#Am|13.|September|und|am|3.|Oktober|kam|der|2.|Weltkrieg|zum|"
        "125.|Mal|.");
    TOK_IS(doc, 1, 3, 6, NE_TOK_NUMBER, SB | DIG | ORD | ABB);
    TOK_IS(doc, 5, 24, 26, NE_TOK_NUMBER, SB | DIG | ORD | ABB);
    assert_int_equal(doc->sents.cnt, 1);
    /* years and numbers before a sentence start end the sentence */
    doc = run("", "Das war 1990. Dann kam er auf 12. Die Polizei kam.");
    assert_string_equal(joined(doc),
        "#Das|war|1990|./Dann|kam|er|auf|12|./Die|Polizei|kam|.");
    /* day and month, enumerations, football minutes, end of line */
    doc = run("", "am 13.9. in Berlin\n1. Steffi Graf\nSaha (29.) traf 3.\n"
                  "Neu");
    assert_string_equal(joined(doc),
        "#am|13.9.|in|Berlin/1.|Steffi|Graf/Saha|(|29.|)|traf|3|./Neu");
    /* opening hours and a date with a space */
    doc = run("", "Di. bis So., 10 Uhr (bis 23. 8.) und so. Dann");
    assert_string_equal(joined(doc),
        "#Di.|bis|So.|,|10|Uhr|(|bis|23.|8.|)|und|so|./Dann");
    check_invariants(doc);
}

static void test_numbers(void **state)
{
    ne_doc_t *doc = run("", "3,5 und 1.000 und 120.000 und 2,5% und die "
                            "1990er, 2:1, 1945-1990, -50 und +44 und "
                            "14:30 Uhr, 1,000,000 $ und US$ 5 und .500");
    (void)state;
    assert_string_equal(joined(doc),
        "#3,5|und|1.000|und|120.000|und|2,5|%|und|die|1990er|,|2:1|,|"
        "1945-1990|,|-50|und|+44|und|14:30|Uhr|,|1,000,000|$|und|US$|5|"
        "und|.500");
    TOK_IS(doc, 0, 0, 3, NE_TOK_NUMBER, PS | SS | DIG);
    TOK_IS(doc, 7, 33, 34, NE_TOK_SYMBOL, 0);
    TOK_IS(doc, 10, 43, 49, NE_TOK_NUMBER, SB | DIG);
    TOK_IS(doc, 16, 67, 70, NE_TOK_NUMBER, SB | DIG);
    TOK_IS(doc, 24, 104, 105, NE_TOK_SYMBOL, SB);
    check_invariants(doc);
}

static void test_hyphens(void **state)
{
    ne_doc_t *doc = run("", "US-Au\xC3\x9F" "enministeriumssprecher und "
                            "Kim-Zugs - nicht Asylbewerber- und "
                            "Aussiedler-, ab 20-j\xC3\xA4hrig \xE2\x80\x93 "
                            "St.-Georgs-Kirche und 3-D");
    (void)state;
    assert_string_equal(joined(doc),
        "#US-Au\xC3\x9F" "enministeriumssprecher|und|Kim-Zugs|-|nicht|"
        "Asylbewerber-|und|Aussiedler-|,|ab|20-j\xC3\xA4hrig|\xE2\x80\x93|"
        "St.-Georgs-Kirche|und|3-D");
    TOK_IS(doc, 0, 0, 29, NE_TOK_WORD, PS | SS | CAP | HYP);
    TOK_IS(doc, 2, 34, 42, NE_TOK_WORD, SB | CAP | HYP);
    TOK_IS(doc, 3, 43, 44, NE_TOK_PUNCT, SB);
    TOK_IS(doc, 5, 51, 64, NE_TOK_WORD, SB | CAP | HYP);
    TOK_IS(doc, 10, 85, 95, NE_TOK_WORD, SB | DIG | HYP);
    TOK_IS(doc, 11, 96, 99, NE_TOK_PUNCT, SB);
    assert_norm(doc, 0, "us-au\xC3\x9F" "enministeriumssprecher");
    /* non-breaking hyphen: one word, normalised to '-' */
    doc = run("", "Kreml\xE2\x80\x91Sprecher");
    assert_string_equal(joined(doc), "#Kreml\xE2\x80\x91Sprecher");
    assert_norm(doc, 0, "kreml-sprecher");
    check_invariants(doc);
}

static void test_clitics_and_apostrophes(void **state)
{
    ne_doc_t *doc = run("", "Peter's car, don't, can't, I'm, they're, "
                            "O'Neill's and Kim\xE2\x80\x99s and players' "
                            "union in the '90s");
    (void)state;
    assert_string_equal(joined(doc),
        "#Peter|'s|car|,|do|n't|,|ca|n't|,|I|'m|,|they|'re|,|O'Neill|'s|"
        "and|Kim|\xE2\x80\x99s|and|players|'|union|in|the|'90s");
    TOK_IS(doc, 1, 5, 7, NE_TOK_WORD, 0);
    TOK_IS(doc, 4, 13, 15, NE_TOK_WORD, SB);
    TOK_IS(doc, 5, 15, 18, NE_TOK_WORD, 0);
    TOK_IS(doc, 16, 41, 48, NE_TOK_WORD, SB | CAP);
    assert_norm(doc, 20, "'s");
    /* the possessive apostrophe is punctuation, not a quotation mark */
    TOK_IS(doc, 23, 74, 75, NE_TOK_PUNCT, 0);
    assert_int_equal(tok(doc, 23)->quote_style, NE_QUOTE_SGL_STRAIGHT);
    /* CoNLL text: the clitic after a space */
    doc = run("", "Johnson 's absence and do n't go");
    assert_string_equal(joined(doc), "#Johnson|'s|absence|and|do|n't|go");
    check_invariants(doc);
}

static void test_urls_emails(void **state)
{
    ne_doc_t *doc = run("", "Siehe https://www.example.com/a_b?c=d&e=(f). "
                            "Mail an info@example.de, www.tagesschau.de "
                            "oder spiegel.de/politik und bild.de.");
    (void)state;
    assert_string_equal(joined(doc),
        "#Siehe|https://www.example.com/a_b?c=d&e=(f)|./Mail|an|"
        "info@example.de|,|www.tagesschau.de|oder|spiegel.de/politik|und|"
        "bild.de|.");
    TOK_IS(doc, 1, 6, 43, NE_TOK_WORD, SB);
    check_invariants(doc);
}

static void test_quotes(void **state)
{
    ne_doc_t *doc = run("", "\xE2\x80\x9E" "Ja\xE2\x80\x9C, \"no\", "
                            "\xC2\xBB" "da\xC2\xAB, \xC2\xAB oui \xC2\xBB, "
                            "\xE2\x80\x98" "x\xE2\x80\x99, 'y', ``z'', "
                            "\xE2\x80\x9A" "d\xE2\x80\x98");
    (void)state;
    assert_string_equal(joined(doc),
        "#\xE2\x80\x9E|Ja|\xE2\x80\x9C|,|\"|no|\"|,|\xC2\xBB|da|\xC2\xAB|,|"
        "\xC2\xAB|oui|\xC2\xBB|,|\xE2\x80\x98|x|\xE2\x80\x99|,|'|y|'|,|``|z|"
        "''|,|\xE2\x80\x9A|d|\xE2\x80\x98");
    TOK_IS(doc, 0, 0, 3, NE_TOK_QUOTE, PS | SS | QO);
    assert_int_equal(tok(doc, 0)->quote_style, NE_QUOTE_DBL_LOW);
    TOK_IS(doc, 2, 5, 8, NE_TOK_QUOTE, QC);
    assert_int_equal(tok(doc, 2)->quote_style, NE_QUOTE_DBL_LEFT);
    TOK_IS(doc, 4, 10, 11, NE_TOK_QUOTE, SB | QO);
    TOK_IS(doc, 6, 13, 14, NE_TOK_QUOTE, QC);
    assert_int_equal(tok(doc, 6)->quote_style, NE_QUOTE_DBL_STRAIGHT);
    TOK_IS(doc, 8, 16, 18, NE_TOK_QUOTE, SB | QO);   /* »da« */
    TOK_IS(doc, 10, 20, 22, NE_TOK_QUOTE, QC);
    TOK_IS(doc, 12, 24, 26, NE_TOK_QUOTE, SB | QO);  /* « oui » */
    TOK_IS(doc, 14, 31, 33, NE_TOK_QUOTE, SB | QC);
    TOK_IS(doc, 16, 35, 38, NE_TOK_QUOTE, SB | QO);  /* ‘x’ */
    TOK_IS(doc, 18, 39, 42, NE_TOK_QUOTE, QC);
    TOK_IS(doc, 20, 44, 45, NE_TOK_QUOTE, SB | QO);  /* 'y' */
    TOK_IS(doc, 22, 46, 47, NE_TOK_QUOTE, QC);
    TOK_IS(doc, 24, 49, 51, NE_TOK_QUOTE, SB | QO);  /* ``z'' */
    assert_int_equal(tok(doc, 24)->quote_style, NE_QUOTE_BACKTICK2);
    TOK_IS(doc, 26, 52, 54, NE_TOK_QUOTE, QC);
    assert_int_equal(tok(doc, 26)->quote_style, NE_QUOTE_APOS2);
    TOK_IS(doc, 28, 56, 59, NE_TOK_QUOTE, SB | QO);  /* ‚d‘ */
    TOK_IS(doc, 30, 60, 63, NE_TOK_QUOTE, QC);
    assert_norm(doc, 0, "\xE2\x80\x9E");
    check_invariants(doc);
}

static void test_quote_tables(void **state)
{
    (void)state;
    assert_true(ne_quote_can_open(NE_QUOTE_DBL_LOW, NE_QUOTE_LANG_DE));
    assert_false(ne_quote_can_close(NE_QUOTE_DBL_LOW, NE_QUOTE_LANG_DE));
    assert_true(ne_quote_can_close(NE_QUOTE_DBL_LEFT, NE_QUOTE_LANG_DE));
    assert_false(ne_quote_can_open(NE_QUOTE_DBL_LEFT, NE_QUOTE_LANG_DE));
    assert_true(ne_quote_can_open(NE_QUOTE_DBL_LEFT, NE_QUOTE_LANG_EN));
    assert_false(ne_quote_can_close(NE_QUOTE_DBL_LEFT, NE_QUOTE_LANG_EN));
    assert_true(ne_quote_can_close(NE_QUOTE_DBL_RIGHT, NE_QUOTE_LANG_EN));
    assert_true(ne_quote_can_open(NE_QUOTE_GUIL_RIGHT, NE_QUOTE_LANG_DE));
    assert_false(ne_quote_can_open(NE_QUOTE_GUIL_RIGHT, NE_QUOTE_LANG_EN));
    assert_true(ne_quote_can_close(NE_QUOTE_GUIL_RIGHT, NE_QUOTE_LANG_ANY));
    assert_true(ne_quote_can_open(NE_QUOTE_DBL_STRAIGHT, NE_QUOTE_LANG_EN));
    assert_true(ne_quote_can_close(NE_QUOTE_DBL_STRAIGHT, NE_QUOTE_LANG_DE));
    assert_false(ne_quote_can_close(NE_QUOTE_BACKTICK2, NE_QUOTE_LANG_ANY));
    assert_false(ne_quote_can_open(NE_QUOTE_APOS2, NE_QUOTE_LANG_ANY));
    assert_false(ne_quote_can_open(NE_QUOTE__CNT, NE_QUOTE_LANG_ANY));
    assert_string_equal(ne_quote_mark(NE_QUOTE_DBL_LOW), "\xE2\x80\x9E");
    assert_string_equal(ne_quote_mark(NE_QUOTE_APOS2), "''");
    assert_string_equal(ne_quote_mark(NE_QUOTE__CNT), "");
}

static void test_unbalanced_quotes(void **state)
{
    ne_doc_t *doc = run("", "\xE2\x80\x9E" "Hallo sagte er.\n\n\"Neu \" und "
                            "\" zu \"");
    (void)state;
    assert_string_equal(joined(doc),
        "#\xE2\x80\x9E|Hallo|sagte|er|./\"|Neu|\"|und|\"|zu|\"");
    TOK_IS(doc, 0, 0, 3, NE_TOK_QUOTE, PS | SS | QO);
    /* a new paragraph forgets the open quote */
    TOK_IS(doc, 5, 20, 21, NE_TOK_QUOTE, SB | NL | PS | SS | QO);
    TOK_IS(doc, 7, 25, 26, NE_TOK_QUOTE, SB | QC);
    /* isolated straight quotes alternate */
    TOK_IS(doc, 9, 31, 32, NE_TOK_QUOTE, SB | QO);
    TOK_IS(doc, 11, 36, 37, NE_TOK_QUOTE, SB | QC);
    check_invariants(doc);
}

static void test_ellipsis_and_runs(void **state)
{
    ne_doc_t *doc = run("", "Na ja\xE2\x80\xA6 und dann... Was?! Nein!!! "
                            "-- oder \xE2\x80\x94 so");
    (void)state;
    assert_string_equal(joined(doc),
        "#Na|ja|\xE2\x80\xA6|und|dann|.../Was|?!/Nein|!!!|--|oder|"
        "\xE2\x80\x94|so");
    TOK_IS(doc, 2, 5, 8, NE_TOK_PUNCT, 0);
    TOK_IS(doc, 5, 17, 20, NE_TOK_PUNCT, 0);
    check_invariants(doc);
}

static void test_sentences(void **state)
{
    ne_doc_t *doc = run("", "\xE2\x80\x9E" "Wann?\xE2\x80\x9C fragte er. "
                            "\xE2\x80\x9E" "Jetzt!\xE2\x80\x9C Sie ging. "
                            "(Das war gut.) Dann kam er. er kam klein.");
    (void)state;
    assert_string_equal(joined(doc),
        "#\xE2\x80\x9E|Wann|?|\xE2\x80\x9C|fragte|er|./\xE2\x80\x9E|Jetzt|!|"
        "\xE2\x80\x9C/Sie|ging|./(|Das|war|gut|.|)/Dann|kam|er|.|er|kam|"
        "klein|.");
    /* blank line always ends; a newline after final punctuation ends */
    doc = run("", "Ohne Punkt\n\nNeuer Absatz. ein Satz.\nweiter hier");
    assert_string_equal(joined(doc),
        "#Ohne|Punkt/Neuer|Absatz|.|ein|Satz|./weiter|hier");
    TOK_IS(doc, 2, 12, 17, NE_TOK_WORD, SB | NL | PS | SS | CAP);
    TOK_IS(doc, 8, 36, 42, NE_TOK_WORD, SB | NL | SS);
    check_invariants(doc);
}

static void test_headings(void **state)
{
    /* a short line without final punctuation is a heading; a long one is
     * wrapped prose; a line ending in a comma or before a lower-case line
     * goes on */
    ne_doc_t *doc = run("", "Die Reaktion aus Moskau\nDer Kreml schwieg.\n"
                            "Die Bundesregierung hat am Dienstag in Berlin "
                            "neue Ma\xC3\x9Fnahmen\nBeschlossen wurden "
                            "sie,\nDie dann\nkamen.");
    (void)state;
    assert_string_equal(joined(doc),
        "#Die|Reaktion|aus|Moskau/Der|Kreml|schwieg|./Die|Bundesregierung|"
        "hat|am|Dienstag|in|Berlin|neue|Ma\xC3\x9Fnahmen|Beschlossen|wurden|"
        "sie|,|Die|dann|kamen|.");
    check_invariants(doc);
}

static void test_multibyte_scripts(void **state)
{
    /* CJK: wide letters split from other text, 。 ends a sentence */
    ne_doc_t *doc = run("", "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81\xA7" "G7"
                            "\xE3\x80\x82\xE4\xBC\x9A\xE8\xAD\xB0");
    (void)state;
    assert_string_equal(joined(doc),
        "#\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81\xA7|G7|\xE3\x80\x82/"
        "\xE4\xBC\x9A\xE8\xAD\xB0");
    TOK_IS(doc, 0, 0, 9, NE_TOK_WORD, PS | SS);
    TOK_IS(doc, 2, 11, 14, NE_TOK_PUNCT, 0);
    /* Cyrillic with case: "Москва – столица России." */
    doc = run("", "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 "
                  "\xE2\x80\x93 \xD1\x81\xD1\x82\xD0\xBE\xD0\xBB\xD0\xB8"
                  "\xD1\x86\xD0\xB0 \xD0\xA0\xD0\x9E\xD0\xA1\xD0\xA1"
                  "\xD0\x98\xD0\x98.");
    assert_int_equal(doc->tokens.cnt, 5);
    TOK_IS(doc, 0, 0, 12, NE_TOK_WORD, PS | SS | CAP);
    TOK_IS(doc, 3, 32, 44, NE_TOK_WORD, SB | CAP | ALLCAP);
    assert_norm(doc, 3, "\xD1\x80\xD0\xBE\xD1\x81\xD1\x81\xD0\xB8\xD0\xB8");
    /* emoji: skin tone, ZWJ family, flag, keycap each one token */
    doc = run("", "ok\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD "
                  "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D"
                  "\xF0\x9F\x91\xA7 \xF0\x9F\x87\xA9\xF0\x9F\x87\xAA"
                  "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7 1\xEF\xB8\x8F\xE2\x83\xA3");
    assert_string_equal(joined(doc),
        "#ok|\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD|"
        "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D"
        "\xF0\x9F\x91\xA7|\xF0\x9F\x87\xA9\xF0\x9F\x87\xAA|"
        "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7|1\xEF\xB8\x8F\xE2\x83\xA3");
    TOK_IS(doc, 1, 2, 10, NE_TOK_SYMBOL, 0);
    assert_int_equal(tok(doc, 5)->kind, NE_TOK_NUMBER);
    /* Arabic and Hebrew words, Hindi with combining marks */
    doc = run("", "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 "
                  "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D "
                  "\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D"
                  "\xE0\xA4\xA4\xE0\xA5\x87");
    assert_int_equal(doc->tokens.cnt, 3);
    TOK_IS(doc, 2, 20, 38, NE_TOK_WORD, SB);
    check_invariants(doc);
}

static void test_normalisation(void **state)
{
    char out[64];
    ne_doc_t *doc;
    (void)state;
    /* NFC: A + combining diaeresis -> ä; lower case; ß kept */
    doc = run("", "A\xCC\x88RGER STRA\xC3\x9F" "E Bundes\xC2\xAD" "tag "
                  "\xC3\x9C" "BER");
    assert_int_equal(doc->tokens.cnt, 4);
    assert_norm(doc, 0, "\xC3\xA4rger");
    assert_norm(doc, 1, "stra\xC3\x9F" "e");
    assert_norm(doc, 2, "bundestag");
    assert_norm(doc, 3, "\xC3\xBC" "ber");
    assert_true(tok(doc, 0)->flags & ALLCAP);
    assert_int_equal(ne_text_normalise("K\xC3\x96LN", 5, out, sizeof(out)),
                     5);
    assert_string_equal(out, "k\xC3\xB6ln");
    assert_int_equal(ne_text_normalise("Kim\xE2\x80\x99s", 7, out,
                                       sizeof(out)), 5);
    assert_string_equal(out, "kim's");
    assert_int_equal(ne_text_normalise("", 0, out, sizeof(out)), 0);
    assert_string_equal(out, "");
    /* invalid UTF-8 and a too small buffer */
    assert_int_equal(ne_text_normalise("a\xFF", 2, out, sizeof(out)), -1);
    assert_int_equal(ne_text_normalise("abcdef", 6, out, 4), -1);
    assert_string_equal(out, "");
    check_invariants(doc);
}

static void test_hash(void **state)
{
    (void)state;
    assert_true(ne_text_hash("berlin", 6) == ne_text_hash("berlin", 6));
    assert_true(ne_text_hash("berlin", 6) != ne_text_hash("berlim", 6));
    assert_true(ne_text_hash("", 0) != ne_text_hash("\0", 1));
    assert_true(ne_text_hash("abcdefgh", 8) != ne_text_hash("abcdefg", 7));
    /* pinned: lexicon files and tokens must never disagree silently */
    assert_true(ne_text_hash("berlin", 6) == 0x9581b552221c942fULL);
}

static void test_long_tokens(void **state)
{
    size_t n = 5000, i;
    char *b = malloc(2 * n + 1);
    ne_doc_t *doc;
    (void)state;
    memset(b, 'a', n);
    b[n] = '\0';
    doc = run("", b);
    assert_int_equal(doc->tokens.cnt, 5);
    TOK_IS(doc, 1, 1024, 2048, NE_TOK_WORD, 0);
    TOK_IS(doc, 4, 4096, 5000, NE_TOK_WORD, 0);
    check_invariants(doc);
    /* two-byte letters: cut on a character boundary */
    for (i = 0; i < n; i++)
        memcpy(b + 2 * i, "\xC3\xA4", 2);
    b[2 * n] = '\0';
    doc = run("", b);
    assert_int_equal(doc->tokens.cnt, 10);
    TOK_IS(doc, 0, 0, 1024, NE_TOK_WORD, PS | SS);
    check_invariants(doc);
    /* a long run of punctuation and a long URL are cut as well */
    memset(b, '-', 2 * n);
    doc = run("", b);
    assert_int_equal(doc->tokens.cnt, 10);
    check_invariants(doc);
    free(b);
}

static void test_huge_sentence(void **state)
{
    /* 100,000 tokens without a sentence end: linear, one sentence */
    size_t n = 100000, i;
    char *b = malloc(2 * n + 1);
    ne_doc_t *doc;
    (void)state;
    for (i = 0; i < n; i++) {
        b[2 * i] = (char)('a' + i % 26);
        b[2 * i + 1] = ' ';
    }
    b[2 * n] = '\0';
    doc = run("", b);
    assert_int_equal(doc->tokens.cnt, n);
    assert_int_equal(doc->sents.cnt, 1);
    TOK_IS(doc, n - 1, 2 * n - 2, 2 * n - 1, NE_TOK_WORD, SB);
    free(b);
}

static void test_doc_reuse(void **state)
{
    /* a second article in the same doc starts from empty arrays */
    ne_doc_t *doc = run("Eins", "Zwei drei.");
    size_t norm_len = doc->norm.len;
    (void)state;
    doc = run("Eins", "Zwei drei.");
    assert_int_equal(doc->tokens.cnt, 4);
    assert_int_equal(doc->norm.len, norm_len);
    check_invariants(doc);
}

/* Property check: awkward inputs, and pseudo-random strings built from a
 * pool of characters of every class. */
static void test_invariants_corpus(void **state)
{
    static const char *const corpus[] = {
        "Er sagte: \"Das ist gut.\" Dann ging er.",
        "\xE2\x80\x9E" "Wir werden siegen\xE2\x80\x9C, erkl\xC3\xA4rte "
        "Kreml-Sprecher Dmitri Peskow am 12. September 2023.",
        "Kim's train (the \"Taeyangho\") reached Vladivostok at 6 p.m. on "
        "Sept. 12, the U.S. said.",
        "...", "'", "''", "``", "-", "--x", "x-", "-x", ".5.", "1.", "a.",
        "A.", "z.B", "U.S.-", "e.V", "http://", "www.", "a@b", "@", "#",
        "\xC2\xAD", "\xE2\x80\x8D", "a\xE2\x80\x8D", "\xCC\x88" "a",
        "\xEF\xBB\xBF" "Text", "a\r\nb\rc\n\rd", "\xE2\x80\xA8x\xE2\x80\xA9y",
        "3.-9.", "1,", ",1", "1,,2", "$", "US$", "AA+", "+", "+-1",
        "\xE2\x88\x92" "5", "St.-", "Dr.-Ing.", "'s", "n't", "'90", "O'",
        "''Ach", "\xF0\x9F\x87\xA9",
        "\xE3\x80\x8C\xE3\x80\x8D", "Tel.: 069/123-45", "5km/h", "\xC2\xB0" "C",
        "90\xC2\xB0" "C", "a/b/c/", "&", "S&P 500", "x&", "_a_", "a'b'c'",
    };
    static const char *const pool[] = {
        "a", "Z", "\xC3\xA4", "\xC3\x9F", "1", "9", ".", ",", "-", "'", "\"",
        " ", "\n", "\t", "(", ")", "\xE2\x80\x9E", "\xE2\x80\x9C",
        "\xE2\x80\x99", "\xC2\xBB", "\xC2\xAB", "\xE2\x80\xA6", "!", "?",
        ":", "/", "@", "%", "\xE6\x9D\xB1", "\xE3\x81\xA7", "\xD0\x96",
        "\xF0\x9F\x91\x8D", "\xE2\x80\x8D", "\xCC\x88", "\xC2\xAD", "\0",
        "\x01", "\xC2\xA0", "$", "+", "&", "_", "#", "`", "\xE2\x80\x93",
        "http://", "www.", "Dr", "z.B", "St", "n't", "'s", "13", "Sept",
    };
    char buf[512];
    uint32_t x = 2463534242u;
    size_t k, i;
    (void)state;

    for (k = 0; k < NE_ARRAY_SIZE(corpus); k++) {
        run(corpus[k], corpus[k]);
        check_invariants(&g_doc);
    }
    for (k = 0; k < 3000; k++) {
        size_t o = 0, len;
        size_t parts = 1 + k % 40;
        for (i = 0; i < parts; i++) {
            const char *p;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            p = pool[x % NE_ARRAY_SIZE(pool)];
            len = p[0] ? strlen(p) : 1;
            memcpy(buf + o, p, len);
            o += len;
        }
        run2("", 0, buf, o);
        check_invariants(&g_doc);
        run2(buf, o, buf, o);
        check_invariants(&g_doc);
    }
}

/* Every entry of the abbreviation table (read from the source) is found
 * with its class: the table must stay sorted for the binary search. */
static void test_abbrev_table(void **state)
{
    char path[1024], line[512];
    FILE *f;
    size_t found = 0;
    int in_table = 0;
    (void)state;

    snprintf(path, sizeof(path), "%s/processor/text.c", NE_SOURCE_DIR);
    f = fopen(path, "r");
    assert_non_null(f);
    while (fgets(line, sizeof(line), f)) {
        char *p = line;
        if (strstr(line, "abbrevs[] = {"))
            in_table = 1;
        else if (in_table && strstr(line, "};"))
            break;
        if (!in_table)
            continue;
        while ((p = strstr(p, "{\""))) {
            char name[32], cls;
            if (sscanf(p, "{\"%31[^\"]\", %c}", name, &cls) == 2) {
                int want = cls == 'I' ? NE_ABBR_INNER
                         : cls == 'F' ? NE_ABBR_FINAL : NE_ABBR_NUM;
                assert_int_equal(ne_text_abbrev_class(name, strlen(name)),
                                 want);
                found++;
            }
            p += 2;
        }
    }
    fclose(f);
    assert_true(found > 200);
    assert_int_equal(ne_text_abbrev_class("Bzw", 3), NE_ABBR_INNER);
    assert_int_equal(ne_text_abbrev_class("ill", 3), NE_ABBR_NONE);
    assert_int_equal(ne_text_abbrev_class("Haus", 4), NE_ABBR_NONE);
    assert_int_equal(ne_text_abbrev_class("", 0), NE_ABBR_NONE);
    /* a NUL inside the word is a byte like any other (a fuzzer found "Dr\0"
     * read past the table entry "Dr") */
    assert_int_equal(ne_text_abbrev_class("Dr\0", 3), NE_ABBR_NONE);
    assert_int_equal(ne_text_abbrev_class("D\0", 2), NE_ABBR_NONE);
}

static int teardown(void **state)
{
    (void)state;
    ne_doc_free(&g_doc);
    return 0;
}

static int setup(void **state)
{
    (void)state;
    ne_doc_init(&g_doc);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_offsets_umlauts),
        cmocka_unit_test(test_title_and_body),
        cmocka_unit_test(test_empty_and_whitespace),
        cmocka_unit_test(test_nul_and_controls),
        cmocka_unit_test(test_abbreviations),
        cmocka_unit_test(test_abbreviation_sentence_ends),
        cmocka_unit_test(test_ordinals),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_hyphens),
        cmocka_unit_test(test_clitics_and_apostrophes),
        cmocka_unit_test(test_urls_emails),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_quote_tables),
        cmocka_unit_test(test_unbalanced_quotes),
        cmocka_unit_test(test_ellipsis_and_runs),
        cmocka_unit_test(test_sentences),
        cmocka_unit_test(test_headings),
        cmocka_unit_test(test_multibyte_scripts),
        cmocka_unit_test(test_normalisation),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_long_tokens),
        cmocka_unit_test(test_huge_sentence),
        cmocka_unit_test(test_doc_reuse),
        cmocka_unit_test(test_invariants_corpus),
        cmocka_unit_test(test_abbrev_table),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
