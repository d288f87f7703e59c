/*
 * newsenrich - tokens: normalised forms, the token hash, quotation marks.
 *
 * Private to processor/. ne_text_analyse() (stages.h) fills doc->tokens,
 * doc->norm and doc->sents; this header says what the fields mean so that
 * every later stage and every lexicon loader agrees with the tokeniser.
 *
 * Normalised form (token->norm_off/norm_len in doc->norm):
 *   norm = NFC(map(token text)), where map works code point by code point:
 *     - simple lower-case mapping (utf8proc_tolower): "Außenminister" ->
 *       "außenminister", "ÜBER" -> "über"; no full case folding, so "ß"
 *       stays "ß" and "Straße" != "strasse";
 *     - U+2019 RIGHT SINGLE QUOTATION MARK and U+02BC MODIFIER LETTER
 *       APOSTROPHE -> U+0027 "'" ("Kim’s" -> "kim" "'s");
 *     - U+2010 HYPHEN and U+2011 NON-BREAKING HYPHEN -> U+002D "-";
 *     - default-ignorable code points are dropped (soft hyphen U+00AD,
 *       zero-width joiners, variation selectors): "Bundes\u00ADtag" ->
 *       "bundestag".
 *   Every form is followed by one NUL byte in doc->norm (not counted in
 *   norm_len), so ne_doc_tok_norm() may be used as a C string.
 *   Lexicon loaders must normalise entries with ne_text_normalise() and
 *   hash them with ne_text_hash() to match tokens.
 *
 * Whitespace: Unicode White_Space (Zs, tab, line breaks), every other
 * control character (Cc, including NUL), and the format characters that
 * separate rather than join (ZWSP U+200B, BOM U+FEFF, WJ U+2060, bidi
 * marks). Line breaks: LF, CR, CRLF (one), VT, FF, NEL, U+2028; a
 * paragraph break is two line breaks with only whitespace between, or
 * U+2029. The first token of a field also gets NE_TOKF_PARA_START.
 *
 * Tokens (CoNLL/PTB conventions where German and English news agree):
 *   - hyphen compounds are one token ("Kreml-Sprecher", "Asylbewerber-",
 *     "20-jährige", "St.-Georgs-Kirche"); a dash with space around it is
 *     punctuation;
 *   - numbers keep their separators ("3,5", "1.000", "2:1", "14:30",
 *     "1945-1990", "-50", "+44", "1990er"); "%" is a symbol of its own;
 *   - a period stays on known abbreviations ("Dr.", "z.B.", "U.S.",
 *     "Sept."), initials ("J."), "Wilhelm II." and German ordinals
 *     ("13." before a month, a lower-case word, a noun after an article
 *     or preposition, at a line start, "(29.)"); NE_TOKF_ABBREV is set on
 *     all of these, NE_TOKF_ORDINAL on the ordinals;
 *   - English clitics split: "Peter" "'s", "do" "n't", "I" "'m"; an
 *     apostrophe inside a word stays ("O'Neill", "d'Or");
 *   - URLs, e-mail addresses, bare domains ("spiegel.de"), @handles and
 *     #hashtags are one token;
 *   - every quotation mark is a token of kind NE_TOK_QUOTE; ellipses
 *     ("…", "...") and runs of "!?" are one punctuation token; a symbol
 *     token is one grapheme cluster (emoji with modifiers, flags);
 *   - letters of East Asian width (Han, kana) form runs apart from other
 *     letters; there is no word segmentation for Chinese or Japanese.
 *
 * Sentences never cross fields. A sentence ends
 *   - after . ! ? … (and 。！？ ؟ ।), together with the closing quotes and
 *     brackets that follow, unless the next token starts with a lower-case
 *     letter or is punctuation other than an opening bracket (",", ";");
 *     after a line break it always ends;
 *   - after an abbreviation that may end a sentence ("usw.", "Inc.",
 *     "U.S.", an initial) only before a line break, an opening quote or a
 *     capitalised word that usually starts sentences ("Die", "The", "Er");
 *     titles ("Dr.", "Prof."), "z.B." and ordinals never end one;
 *   - at a blank line, always;
 *   - at a single line break after a line without final punctuation when
 *     that line is a heading: shorter than 60 bytes, not ending in , ; :
 *     ( - / &, and followed by a line that does not start in lower case.
 *     Longer lines are taken as hard-wrapped prose and run on.
 * There is no length limit: a sentence may have any number of tokens.
 */
#ifndef NE_TEXT_H
#define NE_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

/* Longest token in bytes; longer runs (base64, garbage) are cut at a
 * character boundary into several tokens, which bounds norm_len. */
#define NE_TEXT_MAX_TOKEN 1024

/*
 * Which quotation mark a NE_TOK_QUOTE token is (token->quote_style).
 * Usage, for deciding open/close when the spacing does not:
 *
 *   mark                    German            English
 *   „ DBL_LOW     U+201E    opens             (opens, rare)
 *   “ DBL_LEFT    U+201C    closes            opens
 *   ” DBL_RIGHT   U+201D    (closes, Swiss)   closes
 *   ‚ SGL_LOW     U+201A    opens             -
 *   ‘ SGL_LEFT    U+2018    closes            opens
 *   ’ SGL_RIGHT   U+2019    (apostrophe)      closes / apostrophe
 *   » GUIL_RIGHT  U+00BB    opens (»Zitat«)   - (French/Swiss: closes)
 *   « GUIL_LEFT   U+00AB    closes            - (French/Swiss: opens)
 *   › SGUIL_RIGHT U+203A    opens             - (French: closes)
 *   ‹ SGUIL_LEFT  U+2039    closes            - (French: opens)
 *   " DBL_STRAIGHT          either            either
 *   ' SGL_STRAIGHT          either            either / apostrophe
 *   `` BACKTICK2            opens (PTB/LaTeX style, both languages)
 *   '' APOS2                closes (PTB/LaTeX style)
 *   ` BACKTICK              opens
 *   ‟ DBL_REV     U+201F, ‛ SGL_REV U+201B: rare, open
 *   「 」 『 』 CJK corner brackets: open / close
 *
 * The token flags NE_TOKF_QUOTE_OPEN / NE_TOKF_QUOTE_CLOSE carry the
 * decision for the token in context: from the spacing around it (space
 * before and none after: opens; none before and space or punctuation
 * after: closes), then from the mark (ne_quote_can_open/can_close), then
 * for straight quotes from whether one is open. Marks that are certain
 * („ ‚ `` '' ` and the corner brackets) never get the other flag. Both
 * flags set means: could not be decided.
 *
 * An apostrophe that is not a quotation mark (the possessive in
 * "players' union", elision in "hab'") is a token of kind NE_TOK_PUNCT
 * whose quote_style still names the mark and that has neither flag.
 */
typedef enum {
    NE_QUOTE_NONE = 0,
    NE_QUOTE_DBL_LOW,      /* „ */
    NE_QUOTE_DBL_LEFT,     /* “ */
    NE_QUOTE_DBL_RIGHT,    /* ” */
    NE_QUOTE_SGL_LOW,      /* ‚ */
    NE_QUOTE_SGL_LEFT,     /* ‘ */
    NE_QUOTE_SGL_RIGHT,    /* ’ */
    NE_QUOTE_GUIL_RIGHT,   /* » */
    NE_QUOTE_GUIL_LEFT,    /* « */
    NE_QUOTE_SGUIL_RIGHT,  /* › */
    NE_QUOTE_SGUIL_LEFT,   /* ‹ */
    NE_QUOTE_DBL_STRAIGHT, /* " */
    NE_QUOTE_SGL_STRAIGHT, /* ' */
    NE_QUOTE_BACKTICK2,    /* `` */
    NE_QUOTE_APOS2,        /* '' */
    NE_QUOTE_BACKTICK,     /* ` */
    NE_QUOTE_DBL_REV,      /* ‟ */
    NE_QUOTE_SGL_REV,      /* ‛ */
    NE_QUOTE_CORNER_OPEN,  /* 「 */
    NE_QUOTE_CORNER_CLOSE, /* 」 */
    NE_QUOTE_WCORNER_OPEN, /* 『 */
    NE_QUOTE_WCORNER_CLOSE,/* 』 */
    NE_QUOTE__CNT
} ne_quote_style_t;

/* Language conventions for ne_quote_can_open/can_close. */
typedef enum {
    NE_QUOTE_LANG_ANY = 0, /* union of German and English usage */
    NE_QUOTE_LANG_DE,
    NE_QUOTE_LANG_EN,
} ne_quote_lang_t;

/* Whether a mark can open / close a quotation in the given convention
 * (the table above). Pure functions, any thread. */
int ne_quote_can_open(ne_quote_style_t style, ne_quote_lang_t lang);
int ne_quote_can_close(ne_quote_style_t style, ne_quote_lang_t lang);
/* The mark as UTF-8 ("„"), "" for NE_QUOTE_NONE or out of range. */
const char *ne_quote_mark(ne_quote_style_t style);

/*
 * 64-bit hash of n bytes at s (s may be NULL when n == 0). Used for the
 * normalised token forms (token->hash == ne_text_hash(norm, norm_len)),
 * so lexicon loaders hash their (normalised) entries with it too. The
 * value depends only on the bytes, not on the machine or the run.
 * Any thread.
 */
uint64_t ne_text_hash(const char *s, size_t n);

/*
 * Write the normalised form (see above) of the UTF-8 text s[0..n) to out,
 * which has room for out_size bytes, and NUL-terminate it. Returns the
 * length of the form, or -1 when s is not valid UTF-8 or the form does
 * not fit (out is then ""). A form is at most 3 * n bytes long. For
 * lexicon loaders; tokens are normalised by ne_text_analyse(). Any thread.
 */
long ne_text_normalise(const char *s, size_t n, char *out, size_t out_size);

/* Abbreviation classes (ne_text_abbrev_class). */
typedef enum {
    NE_ABBR_NONE = 0,
    NE_ABBR_INNER,  /* never ends a sentence: "Dr.", "z.B.", "Nr." */
    NE_ABBR_FINAL,  /* may end one: "usw.", "Inc.", "U.S." */
    NE_ABBR_NUM,    /* only before a number: "Art. 5", "No. 1", "S. 12" */
} ne_abbrev_class_t;

/*
 * Class of the abbreviation whose text without the final period is
 * s[0..n) ("Dr", "z.B", "Sept"), as written: matching is case-sensitive,
 * except that a capitalised form of a lower-case entry matches too
 * ("Bzw" at a sentence start). NE_ABBR_NONE when unknown. Any thread.
 */
ne_abbrev_class_t ne_text_abbrev_class(const char *s, size_t n);

#endif
