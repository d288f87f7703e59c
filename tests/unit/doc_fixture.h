/*
 * newsenrich tests - build an ne_doc_t by hand for the stages after text.c.
 *
 * fx_doc_set() fills title/body and tokenises them with a small stand-in
 * for processor/text.c that follows the doc.h contract (byte offsets,
 * lower-case norm forms, flags, sentences), so the entity, date and
 * quantity stages can be tested on exact offsets without the tagger.
 * fx_mention() adds a mention by the text it covers, as ner.c would.
 * Header-only: each test binary includes it once.
 */
#ifndef NE_TEST_DOC_FIXTURE_H
#define NE_TEST_DOC_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "processor/doc.h"

/* Not every test uses every helper. */
#define FX_FN static __attribute__((unused))

/* Words whose final period belongs to them (text.c knows many more). */
static const char *const fx_abbrevs[] = {
    "ca", "Mio", "Mrd", "Tsd", "Sept", "Jan", "Feb", "Dr", "St", "Nr",
    "D.C", "U.S", "U.N", "Std", "Okt", "Dez", "Aug", "Nov", NULL};

FX_FN int fx_is_abbrev(const char *w, size_t n)
{
    int i;
    for (i = 0; fx_abbrevs[i]; i++)
        if (strlen(fx_abbrevs[i]) == n && !memcmp(fx_abbrevs[i], w, n))
            return 1;
    return 0;
}

/* One code point at p: its length in *k. */
FX_FN int32_t fx_cp(const char *p, size_t n, size_t *k)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)p,
                                          (utf8proc_ssize_t)n, &cp);
    *k = r > 0 ? (size_t)r : 1;
    return r > 0 ? cp : -1;
}

FX_FN int fx_is_letter(int32_t cp)
{
    utf8proc_category_t c;
    if (cp < 0)
        return 0;
    c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

FX_FN int fx_is_digit(int32_t cp)
{
    return cp >= '0' && cp <= '9';
}

FX_FN void fx_push_token(ne_doc_t *doc, int field, uint32_t s, uint32_t e,
                          uint16_t flags, uint8_t kind)
{
    const char *t = doc->text[field];
    ne_token_t *tok = NE_VEC_PUSH(doc->tokens);
    size_t i, k;
    int letters = 0, upper = 0, first = -1, digit = 0;

    memset(tok, 0, sizeof(*tok));
    tok->start = s;
    tok->end = e;
    tok->field = (uint8_t)field;
    tok->kind = kind;
    tok->mention = -1;
    tok->norm_off = (uint32_t)doc->norm.len;
    for (i = s; i < e; i += k) {
        int32_t cp = fx_cp(t + i, e - i, &k);
        utf8proc_uint8_t buf[4];
        if (fx_is_letter(cp)) {
            int up = utf8proc_isupper(cp);
            letters++;
            upper += up;
            if (first < 0)
                first = up;
            cp = utf8proc_tolower(cp);
        }
        if (fx_is_digit(cp))
            digit = 1;
        if (cp == '-')
            flags |= NE_TOKF_HYPHEN;
        ne_buf_append(&doc->norm, buf, (size_t)utf8proc_encode_char(cp, buf));
    }
    tok->norm_len = (uint16_t)(doc->norm.len - tok->norm_off);
    ne_buf_putc(&doc->norm, '\0');
    if (first > 0)
        flags |= NE_TOKF_CAP;
    if (letters >= 2 && upper == letters)
        flags |= NE_TOKF_ALLCAP;
    if (digit)
        flags |= NE_TOKF_DIGIT;
    tok->flags = flags;
}

FX_FN int fx_is_space(const char *t, size_t n, size_t *k)
{
    if (*t == ' ' || *t == '\n' || *t == '\t' || *t == '\r') {
        *k = 1;
        return 1;
    }
    if (n >= 2 && (unsigned char)t[0] == 0xC2 && (unsigned char)t[1] == 0xA0) {
        *k = 2;
        return 1;
    }
    return 0;
}

/* Tokenise one field: letters/digits with inner . , - ' / stay together;
 * everything else is a one-character token. */
FX_FN void fx_tokenise(ne_doc_t *doc, int field)
{
    const char *t = doc->text[field];
    size_t n = doc->len[field], i = 0, k;
    uint16_t pre = 0;
    int sent_open = 0;
    uint32_t sent_begin = (uint32_t)doc->tokens.cnt;

    while (i < n) {
        size_t s = i;
        int32_t cp;
        uint8_t kind;
        uint16_t flags = pre;

        if (fx_is_space(t + i, n - i, &k)) {
            pre |= NE_TOKF_SPACE_BEFORE;
            if (t[i] == '\n')
                pre |= (pre & NE_TOKF_NEWLINE_BEFORE) ? NE_TOKF_PARA_START
                                                      : NE_TOKF_NEWLINE_BEFORE;
            i += k;
            continue;
        }
        pre = 0;
        cp = fx_cp(t + i, n - i, &k);
        if (fx_is_letter(cp) || fx_is_digit(cp)) {
            int letters = 0, only_digits = 1;
            while (i < n) {
                cp = fx_cp(t + i, n - i, &k);
                if (fx_is_letter(cp) || fx_is_digit(cp)) {
                    letters += fx_is_letter(cp);
                    only_digits &= !fx_is_letter(cp);
                    i += k;
                    continue;
                }
                /* Inner joiners: 2,5  120.000  U.S  km/h  Kim-Zugs  it's */
                if ((cp == '.' || cp == ',' || cp == '-' || cp == '\'' ||
                     cp == 0x2019 || cp == '/') && i + k < n) {
                    size_t k2;
                    int32_t nx = fx_cp(t + i + k, n - i - k, &k2);
                    int num = cp == '.' || cp == ',';
                    if ((num && only_digits && fx_is_digit(nx)) ||
                        (!num && cp != '/' && fx_is_letter(nx)) ||
                        (cp == '-' && fx_is_digit(nx)) ||
                        (cp == '/' && letters && fx_is_letter(nx)) ||
                        (cp == '.' && letters && fx_is_letter(nx))) {
                        i += k;
                        continue;
                    }
                }
                break;
            }
            kind = only_digits ? NE_TOK_NUMBER : NE_TOK_WORD;
            if (i < n && t[i] == '.') {
                /* "12. September": one- or two-digit ordinals only. */
                if (only_digits && i - s <= 2 && i + 2 < n &&
                    t[i + 1] == ' ') {
                    size_t k2;
                    if (fx_is_letter(fx_cp(t + i + 2, n - i - 2, &k2))) {
                        i++;
                        flags |= NE_TOKF_ORDINAL;
                    }
                } else if (!only_digits && fx_is_abbrev(t + s, i - s)) {
                    i++;
                    flags |= NE_TOKF_ABBREV;
                }
            }
        } else {
            i += k;
            kind = NE_TOK_PUNCT;
            if (cp == '"' || cp == 0x201E || cp == 0x201C || cp == 0x201D ||
                cp == 0xBB || cp == 0xAB)
                kind = NE_TOK_QUOTE;
            else if (cp == '%' || cp == 0x20AC || cp == '$' || cp == 0xA3 ||
                     cp == '/' || cp == '&')
                kind = NE_TOK_SYMBOL;
        }
        if (!sent_open) {
            flags |= NE_TOKF_SENT_START;
            sent_open = 1;
            sent_begin = (uint32_t)doc->tokens.cnt;
        }
        fx_push_token(doc, field, (uint32_t)s, (uint32_t)i, flags, kind);
        doc->tokens.v[doc->tokens.cnt - 1].sent = (uint32_t)doc->sents.cnt;
        if (kind == NE_TOK_PUNCT && (t[s] == '.' || t[s] == '!' ||
                                     t[s] == '?')) {
            ne_sentence_t *st = NE_VEC_PUSH(doc->sents);
            st->tok_begin = sent_begin;
            st->tok_end = (uint32_t)doc->tokens.cnt;
            st->field = (uint8_t)field;
            sent_open = 0;
        }
    }
    if (sent_open) {
        ne_sentence_t *st = NE_VEC_PUSH(doc->sents);
        st->tok_begin = sent_begin;
        st->tok_end = (uint32_t)doc->tokens.cnt;
        st->field = (uint8_t)field;
    }
}

/* Reset doc and give it a title, a body, a language and a publication
 * date (year 0: none). Strings are borrowed: keep them alive. */
FX_FN void fx_doc_set(ne_doc_t *doc, const char *title, const char *body,
                       ne_lang_t lang, int y, int m, int d)
{
    ne_doc_reset(doc);
    doc->text[NE_FIELD_TITLE] = title ? title : "";
    doc->len[NE_FIELD_TITLE] = title ? strlen(title) : 0;
    doc->text[NE_FIELD_BODY] = body;
    doc->len[NE_FIELD_BODY] = strlen(body);
    doc->lang = lang;
    memcpy(doc->lang_code, lang == NE_LANG_DE ? "de" : lang == NE_LANG_EN
                                                        ? "en" : "und", 3);
    doc->lang_code[lang == NE_LANG_DE || lang == NE_LANG_EN ? 2 : 3] = 0;
    doc->pub_year = y;
    doc->pub_month = m;
    doc->pub_day = d;
    fx_tokenise(doc, NE_FIELD_TITLE);
    fx_tokenise(doc, NE_FIELD_BODY);
}

/* Byte offset of the n-th (0-based) occurrence of s in a field, -1. */
FX_FN long fx_find(const ne_doc_t *doc, int field, const char *s, int nth)
{
    const char *t = doc->text[field], *p = t, *end = t + doc->len[field];
    size_t n = strlen(s);
    while (p + n <= end) {
        const char *q = memmem(p, (size_t)(end - p), s, n);
        if (!q)
            return -1;
        if (nth-- == 0)
            return q - t;
        p = q + 1;
    }
    return -1;
}

/* Add a mention covering the nth occurrence of s in field, typed type, as
 * the tagger would (mentions must be added in text order). Returns its
 * index, or -1 when s does not occur. */
FX_FN int fx_mention(ne_doc_t *doc, int field, const char *s, int nth,
                      int type)
{
    long at = fx_find(doc, field, s, nth);
    ne_mention_t *m;
    size_t i;
    int idx;

    if (at < 0)
        return -1;
    idx = (int)doc->mentions.cnt;
    m = NE_VEC_PUSH(doc->mentions);
    memset(m, 0, sizeof(*m));
    m->span.start = (uint32_t)at;
    m->span.end = (uint32_t)(at + (long)strlen(s));
    m->span.field = (uint8_t)field;
    m->type = (uint8_t)type;
    m->entity = -1;
    m->score = 0.9f;
    m->tok_begin = m->tok_end = 0;
    for (i = 0; i < doc->tokens.cnt; i++) {
        ne_token_t *t = &doc->tokens.v[i];
        if (t->field != field || t->end <= m->span.start ||
            t->start >= m->span.end)
            continue;
        if (m->tok_end == 0)
            m->tok_begin = (uint32_t)i;
        m->tok_end = (uint32_t)i + 1;
        t->mention = idx;
    }
    return idx;
}

/* Index of the first token starting at the nth occurrence of s, -1. */
FX_FN long fx_token_at(const ne_doc_t *doc, int field, const char *s,
                        int nth)
{
    long at = fx_find(doc, field, s, nth);
    size_t i;
    for (i = 0; at >= 0 && i < doc->tokens.cnt; i++)
        if (doc->tokens.v[i].field == field &&
            doc->tokens.v[i].start == (uint32_t)at)
            return (long)i;
    return -1;
}

/* "text" of a span, NUL-terminated in a static buffer (tests only). */
FX_FN const char *fx_span(const ne_doc_t *doc, ne_span_t s)
{
    static char buf[512];
    snprintf(buf, sizeof(buf), "%.*s", (int)(s.end - s.start),
             doc->text[s.field] + s.start);
    return buf;
}

#endif
