/*
 * newsenrich - claims: fallback tokeniser.
 *
 * Used only while doc->tokens is empty (the text stage not yet run or not
 * built in), so that claims work on their own in tests and offline runs.
 * It produces the same ne_token_t/ne_sentence_t shapes the text stage
 * does, with just the flags the claims rules read.
 */
#include "claims_int.h"

#include <string.h>
#include <utf8proc.h>

typedef struct {
    const uint8_t *s;
    size_t n;
} src_t;

/* Code point at *i (advanced past it); U+FFFD on a bad byte. */
static int32_t next_cp(const src_t *src, size_t *i)
{
    int32_t cp = 0xfffd;
    utf8proc_ssize_t k = utf8proc_iterate(src->s + *i,
                                          (utf8proc_ssize_t)(src->n - *i), &cp);
    *i += k > 0 ? (size_t)k : 1;
    return cp;
}

static int32_t peek_cp(const src_t *src, size_t i)
{
    return i < src->n ? next_cp(src, &i) : 0;
}

static int is_alnum_cp(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC ||
           c == UTF8PROC_CATEGORY_ND;
}

static int is_upper_cp(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static int is_space_cp(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
           cp == 0xa0 || cp == 0x2009 || cp == 0x202f || cp == 0x200b;
}

static int is_quote_cp(int32_t cp)
{
    switch (cp) {
    case '"': case '\'': case 0xab: case 0xbb: case 0x2018: case 0x2019:
    case 0x201a: case 0x201c: case 0x201d: case 0x201e: case 0x2039:
    case 0x203a: case 0xff02:
        return 1;
    }
    return 0;
}

/* Abbreviations that keep their period (compared in lower case). */
static int is_abbrev(const char *norm, size_t len)
{
    static const char *const ABBR[] = {
        "dr", "prof", "mr", "mrs", "ms", "st", "jr", "sr", "nr", "bzw",
        "vgl", "ca", "etc", "inc", "corp", "co", "ltd", "gov", "sen",
        "rep", "gen", "col", "lt", "sgt", "jan", "feb", "aug", "sept",
        "oct", "nov", "dec", "okt", "dez", "mio", "mrd", "abs", "z.b",
        "u.a", "d.h", "u.s", "u.n", "e.v", "v", "vs", "no", "str", "mass",
        "calif", "fla", "pa", "ga", "va", "n.y", "d.c", "ariz", "wash"};
    size_t k;
    for (k = 0; k < NE_ARRAY_SIZE(ABBR); k++)
        if (strlen(ABBR[k]) == len && !memcmp(ABBR[k], norm, len))
            return 1;
    return 0;
}

static void put_norm(claims_tokens_t *tk, ne_token_t *t, const src_t *src)
{
    size_t i = t->start;
    uint8_t enc[4];

    t->norm_off = (uint32_t)tk->norm.len;
    while (i < t->end) {
        int32_t cp = utf8proc_tolower(next_cp(src, &i));
        utf8proc_ssize_t k = utf8proc_encode_char(cp, enc);
        ne_buf_append(&tk->norm, enc, (size_t)k);
    }
    t->norm_len = (uint16_t)NE_MIN(tk->norm.len - t->norm_off, 0xffff);
    ne_buf_putc(&tk->norm, '\0');
    t->hash = claims_hash(tk->norm.data + t->norm_off, t->norm_len);
}

/* Open/close flags of a quotation mark from its shape and its spacing. */
static uint16_t quote_flags(int32_t cp, int space_before, int32_t next)
{
    int space_after = !next || is_space_cp(next) ||
                      (!is_alnum_cp(next) && !is_quote_cp(next) &&
                       next != '(' && next != '[');
    switch (cp) {
    case 0x201e: case 0x201a:
        return NE_TOKF_QUOTE_OPEN;
    case 0x201d: case 0x2019:
        return NE_TOKF_QUOTE_CLOSE;
    default:
        break;
    }
    if (space_before && !space_after)
        return NE_TOKF_QUOTE_OPEN;
    if (!space_before && space_after)
        return NE_TOKF_QUOTE_CLOSE;
    return NE_TOKF_QUOTE_OPEN | NE_TOKF_QUOTE_CLOSE;
}

/* Scan a word or number starting at i; returns its end. Hyphens,
 * apostrophes and periods stay inside when letters or digits follow. */
static size_t scan_word(const src_t *src, size_t i, int *digit)
{
    size_t j = i, k, seg = i;
    int32_t cp;

    while (j < src->n) {
        k = j;
        cp = next_cp(src, &k);
        if (is_alnum_cp(cp)) {
            if (utf8proc_category(cp) == UTF8PROC_CATEGORY_ND)
                *digit = 1;
            j = k;
            continue;
        }
        if (!(cp == '-' || cp == '\'' || cp == 0x2019 || cp == '.' ||
              cp == ',' || cp == '/' || cp == ':') ||
            !is_alnum_cp(peek_cp(src, k)))
            break;
        /* "3,5", "1.000", "10:30", "1/2": separators inside numbers;
         * "U.S.", "z.B.": periods after one letter; "Peskow,Kim" and
         * "Ende.Der" stay split. */
        if ((cp == ',' || cp == ':' || cp == '/') &&
            !(*digit && utf8proc_category(peek_cp(src, k)) ==
                            UTF8PROC_CATEGORY_ND))
            break;
        if (cp == '.' && !*digit && j - seg > 2)
            break;
        j = seg = k;
    }
    return j;
}

static void tokenise_field(claims_tokens_t *tk, const ne_doc_t *doc,
                           ne_field_t field)
{
    src_t src = {(const uint8_t *)doc->text[field], doc->len[field]};
    size_t i = 0, sent_begin = tk->tok.cnt;
    uint16_t pend = NE_TOKF_PARA_START;
    int newlines = 0, sent_break = 1;

    while (i < src.n) {
        size_t st = i, k;
        int32_t cp = next_cp(&src, &i);
        ne_token_t *t;
        int digit = 0;

        if (is_space_cp(cp)) {
            pend |= NE_TOKF_SPACE_BEFORE;
            if (cp == '\n') {
                pend |= NE_TOKF_NEWLINE_BEFORE;
                if (++newlines >= 2)
                    pend |= NE_TOKF_PARA_START;
            }
            continue;
        }
        newlines = 0;
        t = NE_VEC_PUSH(tk->tok);
        memset(t, 0, sizeof(*t));
        t->start = (uint32_t)st;
        t->field = (uint8_t)field;
        t->mention = -1;
        t->flags = pend;
        if (is_alnum_cp(cp)) {
            i = scan_word(&src, st, &digit);
            t->kind = NE_TOK_WORD;
            if (digit) {
                t->flags |= NE_TOKF_DIGIT;
                if (utf8proc_category(cp) == UTF8PROC_CATEGORY_ND)
                    t->kind = NE_TOK_NUMBER;
            }
            if (is_upper_cp(cp))
                t->flags |= NE_TOKF_CAP;
        } else if (is_quote_cp(cp)) {
            t->kind = NE_TOK_QUOTE;
            if ((cp == '\'' || cp == '`') && i < src.n && src.s[i] == cp)
                i++; /* '' used as a double quotation mark */
            t->flags |= quote_flags(cp, (pend & NE_TOKF_SPACE_BEFORE) ||
                                            st == 0, peek_cp(&src, i));
        } else {
            t->kind = (cp == '%' || cp == '&' || cp == '/' || cp == 0x20ac ||
                       cp == '$' || cp == 0xa7) ? NE_TOK_SYMBOL
                                                : NE_TOK_PUNCT;
            if (cp == '.')
                while (i < src.n && src.s[i] == '.')
                    i++;
        }
        t->end = (uint32_t)i;
        put_norm(tk, t, &src);
        if (t->kind == NE_TOK_WORD || t->kind == NE_TOK_NUMBER) {
            const char *nm = tk->norm.data + t->norm_off;
            size_t upper = 0, letters = 0;
            for (k = t->start; k < t->end;) {
                int32_t c = next_cp(&src, &k);
                if (utf8proc_category(c) <= UTF8PROC_CATEGORY_LO &&
                    utf8proc_category(c) >= UTF8PROC_CATEGORY_LU) {
                    letters++;
                    upper += is_upper_cp(c);
                }
                if (c == '-')
                    t->flags |= NE_TOKF_HYPHEN;
            }
            if (letters >= 2 && upper == letters)
                t->flags |= NE_TOKF_ALLCAP;
            if (i < src.n && src.s[i] == '.' &&
                ((letters == 1 && upper == 1 && t->end - t->start <= 2) ||
                 is_abbrev(nm, t->norm_len))) {
                /* The period belongs to the abbreviation: re-norm. */
                t->end = (uint32_t)++i;
                t->flags |= NE_TOKF_ABBREV;
                tk->norm.len = t->norm_off;
                put_norm(tk, t, &src);
            } else if (t->kind == NE_TOK_NUMBER && i < src.n &&
                       src.s[i] == '.' && t->end - t->start <= 2 &&
                       i + 2 < src.n && src.s[i + 1] == ' ' &&
                       is_alnum_cp(peek_cp(&src, i + 2)) &&
                       doc->lang == NE_LANG_DE) {
                /* German ordinal "13. September" */
                t->end = (uint32_t)++i;
                t->flags |= NE_TOKF_ORDINAL;
            }
        }
        if ((t->flags & NE_TOKF_NEWLINE_BEFORE) && tk->tok.cnt > 1 &&
            !sent_break && tk->tok.cnt - 1 > sent_begin)
            sent_break = 1;
        if (sent_break && tk->tok.cnt - 1 > sent_begin) {
            ne_sentence_t *s = NE_VEC_PUSH(tk->sent);
            s->tok_begin = (uint32_t)sent_begin;
            s->tok_end = (uint32_t)tk->tok.cnt - 1;
            s->field = (uint8_t)field;
            sent_begin = tk->tok.cnt - 1;
        }
        if (sent_begin == tk->tok.cnt - 1)
            t->flags |= NE_TOKF_SENT_START;
        sent_break = 0;
        pend = 0;
        /* A sentence ends after . ! ? (and closing marks that follow)
         * when what comes next starts a sentence. */
        if (t->kind == NE_TOK_PUNCT || t->kind == NE_TOK_QUOTE) {
            const ne_token_t *p = t;
            size_t j = tk->tok.cnt - 1;
            while (j > sent_begin &&
                   (p->kind == NE_TOK_QUOTE || src.s[p->start] == ')') &&
                   !(p->flags & NE_TOKF_SPACE_BEFORE))
                p = &tk->tok.v[--j];
            if (p->kind == NE_TOK_PUNCT &&
                (src.s[p->start] == '.' || src.s[p->start] == '!' ||
                 src.s[p->start] == '?')) {
                size_t q = i;
                int32_t nx;
                while (q < src.n && is_space_cp(peek_cp(&src, q)))
                    next_cp(&src, &q);
                nx = peek_cp(&src, q);
                if (q >= src.n || is_upper_cp(nx) ||
                    utf8proc_category(nx) == UTF8PROC_CATEGORY_ND ||
                    (is_quote_cp(nx) && q > i) || nx == '(' || nx == '-')
                    sent_break = 1;
            }
        }
    }
    if (tk->tok.cnt > sent_begin) {
        ne_sentence_t *s = NE_VEC_PUSH(tk->sent);
        s->tok_begin = (uint32_t)sent_begin;
        s->tok_end = (uint32_t)tk->tok.cnt;
        s->field = (uint8_t)field;
    }
}

void claims_tokenise(const ne_doc_t *doc, claims_tokens_t *tk)
{
    size_t t;
    tk->tok.cnt = 0;
    tk->sent.cnt = 0;
    ne_buf_reset(&tk->norm);
    tokenise_field(tk, doc, NE_FIELD_TITLE);
    tokenise_field(tk, doc, NE_FIELD_BODY);
    for (t = 0; t < tk->sent.cnt; t++) {
        size_t k;
        for (k = tk->sent.v[t].tok_begin; k < tk->sent.v[t].tok_end; k++)
            tk->tok.v[k].sent = (uint32_t)t;
    }
}

void claims_tokens_free(claims_tokens_t *tk)
{
    free(tk->tok.v);
    free(tk->sent.v);
    ne_buf_free(&tk->norm);
    memset(tk, 0, sizeof(*tk));
}
