/*
 * newsenrich - date expressions, German and English.
 *
 * Recognised, within one sentence (a preposition "am", "im", "an", "in",
 * "on" and words like "frühen", "Ende", "early" before them belong to the
 * span; "seit", "bis", "since" do not):
 *
 *   12. September 2023, 12. September, September 12, 2023, 12 September
 *   2023, Dienstag, 12. September, 12.09.2023, 2023-09-12    -> 2023-09-12
 *   September 2023, im Juli, in July 2021, Ende Juli, last July -> 2023-07
 *   2019 after a date word ("seit 2019", "im Jahr 2019", "in 2019")
 *   am Dienstag, on Tuesday, am frühen Dienstagmorgen, Tuesday morning,
 *   vergangenen Dienstag, next Tuesday                       -> a day
 *   heute, gestern, vorgestern, morgen, übermorgen, today, yesterday,
 *   tomorrow, tonight (with "Abend", "morning" after them)   -> a day
 *   vergangene Woche, letzten Monat, nächstes Jahr, this week,
 *   last month, next year                 -> 2023-W36, 2023-08, 2024
 *
 * Values are ISO 8601 as far as the text and the publication date
 * (doc->pub_year/month/day) resolve them; "" when they do not. Relative
 * expressions are resolved against the publication date (ne_date_t's
 * relative = 1): a weekday means the most recent such day on or before
 * the publication day, as news reports the past ("am Dienstag" in an
 * article of Wednesday 13 September is the 12th); "vergangenen"/"last"
 * means strictly before it, "kommenden"/"nächsten"/"next" strictly after.
 * A month or day without a year takes the year that puts it within six
 * months of the publication date (the earlier one at exactly six).
 */
#include "quantities.h"
#include "stages.h"
#include "wordtab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Word classes (bits). */
enum {
    DW_MONTH = 1 << 0,       /* val: 1..12 */
    DW_MONTH_ABBR = 1 << 1,  /* "Sept.": only next to a day or year */
    DW_MONTH_AMBIG = 1 << 2, /* "May", "March": capitalised only */
    DW_WEEKDAY = 1 << 3,     /* val: 0 Monday .. 6 Sunday */
    DW_RELDAY = 1 << 4,      /* val: days from the publication day */
    DW_PERIOD = 1 << 5,      /* val: 1 week, 2 month, 3 year */
    DW_DIR = 1 << 6,         /* val: -1 past, 1 next, 0 this */
    DW_PREP = 1 << 7,        /* joins the span in front */
    DW_ARTICLE = 1 << 8,     /* "in der vergangenen Woche" */
    DW_EDGE = 1 << 9,        /* "frühen", "Ende", "early": join in front */
    DW_DAYPART = 1 << 10,    /* "Abend", "morning": join behind */
    DW_CUE = 1 << 11,        /* may precede a bare year or month */
};
#define DW_ANY_MONTH (DW_MONTH | DW_MONTH_ABBR | DW_MONTH_AMBIG)

typedef struct dword_s {
    const char *w; /* normalised (lower case) */
    uint16_t cls;
    int8_t val;
} dword_t;

/* Sorted by bytes (memcmp order): looked up by binary search. */
static const dword_t dwords[] = {
    {"ab", DW_CUE, 0},
    {"abend", DW_DAYPART, 0},
    {"after", DW_CUE, 0},
    {"afternoon", DW_DAYPART, 0},
    {"am", DW_PREP, 0},
    {"an", DW_PREP, 0},
    {"anfang", DW_EDGE | DW_CUE, 0},
    {"apr", DW_MONTH_ABBR, 4},
    {"april", DW_MONTH, 4},
    {"aug", DW_MONTH_ABBR, 8},
    {"august", DW_MONTH, 8},
    {"autumn", DW_CUE, 0},
    {"before", DW_CUE, 0},
    {"bis", DW_CUE, 0},
    {"by", DW_CUE, 0},
    {"dec", DW_MONTH_ABBR, 12},
    {"december", DW_MONTH, 12},
    {"dem", DW_ARTICLE, 0},
    {"der", DW_ARTICLE, 0},
    {"dez", DW_MONTH_ABBR, 12},
    {"dezember", DW_MONTH, 12},
    {"dienstag", DW_WEEKDAY, 1},
    {"diese", DW_DIR, 0},
    {"diesem", DW_DIR, 0},
    {"diesen", DW_DIR, 0},
    {"dieser", DW_DIR, 0},
    {"dieses", DW_DIR, 0},
    {"donnerstag", DW_WEEKDAY, 3},
    {"during", DW_CUE, 0},
    {"early", DW_EDGE | DW_CUE, 0},
    {"ende", DW_EDGE | DW_CUE, 0},
    {"evening", DW_DAYPART, 0},
    {"feb", DW_MONTH_ABBR, 2},
    {"feber", DW_MONTH, 2},
    {"februar", DW_MONTH, 2},
    {"february", DW_MONTH, 2},
    {"freitag", DW_WEEKDAY, 4},
    {"friday", DW_WEEKDAY, 4},
    {"from", DW_CUE, 0},
    {"früh", DW_EDGE | DW_DAYPART, 0},
    {"frühen", DW_EDGE, 0},
    {"frühjahr", DW_CUE, 0},
    {"frühling", DW_CUE, 0},
    {"gestern", DW_RELDAY, -1},
    {"herbst", DW_CUE, 0},
    {"heute", DW_RELDAY, 0},
    {"im", DW_PREP | DW_CUE, 0},
    {"in", DW_PREP | DW_CUE, 0},
    {"jahr", DW_PERIOD | DW_CUE, 3},
    {"jahres", DW_PERIOD | DW_CUE, 3},
    {"jan", DW_MONTH_ABBR, 1},
    {"januar", DW_MONTH, 1},
    {"january", DW_MONTH, 1},
    {"jul", DW_MONTH_ABBR, 7},
    {"juli", DW_MONTH, 7},
    {"july", DW_MONTH, 7},
    {"jun", DW_MONTH_ABBR, 6},
    {"june", DW_MONTH, 6},
    {"juni", DW_MONTH, 6},
    {"jänner", DW_MONTH, 1},
    {"kommende", DW_DIR, 1},
    {"kommenden", DW_DIR, 1},
    {"kommendes", DW_DIR, 1},
    {"last", DW_DIR, -1},
    {"late", DW_EDGE | DW_CUE, 0},
    {"letzte", DW_DIR, -1},
    {"letzten", DW_DIR, -1},
    {"letzter", DW_DIR, -1},
    {"letztes", DW_DIR, -1},
    {"mai", DW_MONTH, 5},
    {"mar", DW_MONTH_ABBR, 3},
    {"march", DW_MONTH_AMBIG, 3},
    {"may", DW_MONTH_AMBIG, 5},
    {"mid", DW_EDGE | DW_CUE, 0},
    {"mittag", DW_DAYPART, 0},
    {"mitte", DW_EDGE | DW_CUE, 0},
    {"mittwoch", DW_WEEKDAY, 2},
    {"monat", DW_PERIOD, 2},
    {"monats", DW_PERIOD, 2},
    {"monday", DW_WEEKDAY, 0},
    {"montag", DW_WEEKDAY, 0},
    {"month", DW_PERIOD, 2},
    {"morgen", DW_RELDAY | DW_DAYPART, 1},
    {"morning", DW_DAYPART, 0},
    {"mär", DW_MONTH_ABBR, 3},
    {"märz", DW_MONTH, 3},
    {"nach", DW_CUE, 0},
    {"nachmittag", DW_DAYPART, 0},
    {"nacht", DW_DAYPART, 0},
    {"next", DW_DIR, 1},
    {"night", DW_DAYPART, 0},
    {"nov", DW_MONTH_ABBR, 11},
    {"november", DW_MONTH, 11},
    {"nächste", DW_DIR, 1},
    {"nächsten", DW_DIR, 1},
    {"nächstes", DW_DIR, 1},
    {"oct", DW_MONTH_ABBR, 10},
    {"october", DW_MONTH, 10},
    {"okt", DW_MONTH_ABBR, 10},
    {"oktober", DW_MONTH, 10},
    {"on", DW_PREP, 0},
    {"samstag", DW_WEEKDAY, 5},
    {"saturday", DW_WEEKDAY, 5},
    {"seit", DW_CUE, 0},
    {"sep", DW_MONTH_ABBR, 9},
    {"sept", DW_MONTH_ABBR, 9},
    {"september", DW_MONTH, 9},
    {"since", DW_CUE, 0},
    {"sommer", DW_CUE, 0},
    {"sonnabend", DW_WEEKDAY, 5},
    {"sonntag", DW_WEEKDAY, 6},
    {"spring", DW_CUE, 0},
    {"spät", DW_EDGE, 0},
    {"späten", DW_EDGE, 0},
    {"summer", DW_CUE, 0},
    {"sunday", DW_WEEKDAY, 6},
    {"the", DW_ARTICLE, 0},
    {"this", DW_DIR, 0},
    {"thursday", DW_WEEKDAY, 3},
    {"till", DW_CUE, 0},
    {"today", DW_RELDAY, 0},
    {"tomorrow", DW_RELDAY, 1},
    {"tonight", DW_RELDAY, 0},
    {"tuesday", DW_WEEKDAY, 1},
    {"um", DW_CUE, 0},
    {"until", DW_CUE, 0},
    {"vergangene", DW_DIR, -1},
    {"vergangenen", DW_DIR, -1},
    {"vergangener", DW_DIR, -1},
    {"vergangenes", DW_DIR, -1},
    {"von", DW_CUE, 0},
    {"vor", DW_CUE, 0},
    {"vorgestern", DW_RELDAY, -2},
    {"vorige", DW_DIR, -1},
    {"vorigen", DW_DIR, -1},
    {"voriges", DW_DIR, -1},
    {"vormittag", DW_DAYPART, 0},
    {"wednesday", DW_WEEKDAY, 2},
    {"week", DW_PERIOD, 1},
    {"winter", DW_CUE, 0},
    {"woche", DW_PERIOD, 1},
    {"year", DW_PERIOD | DW_CUE, 3},
    {"yesterday", DW_RELDAY, -1},
    {"übermorgen", DW_RELDAY, 2},
};

/* German weekday compounds: "Dienstagmorgen", "Sonntagabend". */
static const char *const weekdays_de[] = {"montag", "dienstag", "mittwoch",
                                          "donnerstag", "freitag",
                                          "samstag", "sonntag"};

enum { DK_ABS, DK_MONTH, DK_WEEKDAY, DK_RELDAY, DK_PERIOD };

typedef struct dparse_s {
    uint32_t b, e;  /* tokens, end exclusive */
    int kind;       /* DK_* */
    int y, m, d;    /* parts written out, 0 when absent */
    int wd;         /* DK_WEEKDAY */
    int dir;        /* -1, 0, 1 */
    int rel;        /* DK_RELDAY: day offset */
    int period;     /* DK_PERIOD */
} dparse_t;

/* ---- calendar ---------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (era arithmetic:
 * 400-year cycles of 146097 days, years starting in March). */
static long days_from_civil(int y, int m, int d)
{
    long era, yoe, doy;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    long era, doe, yoe, doy, mp;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int weekday_of(long days) /* 0 = Monday; 1970-01-01 was Thursday */
{
    return (int)(((days + 3) % 7 + 7) % 7);
}

static int days_in_month(int y, int m)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 ? 28 + leap : dim[m - 1];
}

/* ---- tokens ------------------------------------------------------------ */

struct ne_dates_s {
    ne_wordtab_t *words;       /* index of dwords */
    const ne_quantities_t *qt; /* borrowed: units */
};

ne_dates_t *ne_dates_new(const ne_quantities_t *qt)
{
    ne_dates_t *dt = ne_calloc(1, sizeof(*dt));
    dt->words = NE_WORDTAB_NEW(dwords);
    dt->qt = qt;
    return dt;
}

void ne_dates_destroy(ne_dates_t *dt)
{
    if (!dt)
        return;
    ne_wordtab_destroy(dt->words);
    free(dt);
}

static const dword_t *tok_dw(const ne_dates_t *dt, const ne_doc_t *doc,
                             uint32_t i)
{
    const ne_token_t *t = &doc->tokens.v[i];
    if (t->kind != NE_TOK_WORD)
        return NULL;
    return ne_wordtab_tok(dt->words, doc, t);
}

static int has_cls(const ne_dates_t *dt, const ne_doc_t *doc, uint32_t i,
                   unsigned cls)
{
    const dword_t *q = tok_dw(dt, doc, i);
    return q && (q->cls & cls);
}

static int tok_is(const ne_doc_t *doc, uint32_t i, const char *w)
{
    const ne_token_t *t = &doc->tokens.v[i];
    return t->norm_len == strlen(w) &&
           !memcmp(ne_doc_tok_norm(doc, t), w, t->norm_len);
}

/* Digits of a token, up to a final period: value and count, or 0. */
static int tok_digits(const ne_doc_t *doc, uint32_t i, int *v)
{
    const ne_token_t *t = &doc->tokens.v[i];
    const char *s = ne_doc_tok_norm(doc, t);
    size_t n = t->norm_len, k;
    if (t->kind != NE_TOK_NUMBER)
        return 0;
    if (n && s[n - 1] == '.')
        n--;
    if (!n || n > 4)
        return 0;
    for (*v = 0, k = 0; k < n; k++) {
        if (s[k] < '0' || s[k] > '9')
            return 0;
        *v = *v * 10 + (s[k] - '0');
    }
    return (int)n;
}

static int tok_year(const ne_doc_t *doc, uint32_t i, int *y)
{
    const ne_token_t *t = &doc->tokens.v[i];
    int v;
    /* *y only on success: callers keep "no year" (0) otherwise */
    if (tok_digits(doc, i, &v) != 4 || t->norm_len != 4 || v < 1000 || v > 2100)
        return 0;
    *y = v;
    return 1;
}

/* A month name at i (abbreviations and "May" only where allowed). */
static int tok_month(const ne_dates_t *dt, const ne_doc_t *doc, uint32_t i,
                     int abbr_ok, int *m)
{
    const dword_t *q = tok_dw(dt, doc, i);
    if (!q || !(q->cls & DW_ANY_MONTH))
        return 0;
    if ((q->cls & DW_MONTH_AMBIG) && !(doc->tokens.v[i].flags & NE_TOKF_CAP))
        return 0;
    if ((q->cls & DW_MONTH_ABBR) && !abbr_ok)
        return 0;
    *m = q->val;
    return 1;
}

/* A day of the month at i: "12." (ordinal), "12" or "12th". Sets *next
 * past it; *ordinal tells the German form. */
static int tok_day(const ne_doc_t *doc, uint32_t i, uint32_t end, int *d,
                   uint32_t *next, int *ordinal)
{
    const ne_token_t *t = &doc->tokens.v[i];
    *ordinal = 0;
    *next = i + 1;
    if (tok_digits(doc, i, d) && t->norm_len <= 3) {
        const char *s = ne_doc_tok_norm(doc, t);
        if (s[t->norm_len - 1] == '.' || (t->flags & NE_TOKF_ORDINAL)) {
            *ordinal = 1;
        } else if (t->norm_len <= 2 && i + 1 < end && tok_is(doc, i + 1, ".") &&
                   !(doc->tokens.v[i + 1].flags & NE_TOKF_SPACE_BEFORE)) {
            *ordinal = 1; /* the tokeniser left the period apart */
            *next = i + 2;
        } else if (t->norm_len > 2) {
            return 0;
        }
    } else if (t->kind == NE_TOK_WORD && (t->flags & NE_TOKF_DIGIT) &&
               t->norm_len >= 3 && t->norm_len <= 4) {
        const char *s = ne_doc_tok_norm(doc, t), *sfx = s + t->norm_len - 2;
        if (s[0] < '0' || s[0] > '9' ||
            (t->norm_len == 4 && (s[1] < '0' || s[1] > '9')) ||
            (strncmp(sfx, "st", 2) && strncmp(sfx, "nd", 2) &&
             strncmp(sfx, "rd", 2) && strncmp(sfx, "th", 2)))
            return 0;
        *d = t->norm_len == 4 ? (s[0] - '0') * 10 + s[1] - '0' : s[0] - '0';
    } else {
        return 0;
    }
    return *d >= 1 && *d <= 31;
}

/* Up to three digit groups of s split by sep: their values and widths. */
static int digit_groups(const char *s, size_t n, char sep, int v[3], int w[3])
{
    int g = 0;
    size_t k;
    v[0] = w[0] = 0;
    for (k = 0; k < n; k++) {
        if (s[k] == sep && w[g] && g < 2) {
            g++;
            v[g] = w[g] = 0;
        } else if (s[k] >= '0' && s[k] <= '9' && w[g] < 4) {
            v[g] = v[g] * 10 + (s[k] - '0');
            w[g]++;
        } else {
            return 0;
        }
    }
    return g + 1;
}

/* "12.09.2023", "12.9.2023", "2023-09-12" in one token. */
static int tok_numeric_date(const ne_doc_t *doc, uint32_t i, dparse_t *p)
{
    const ne_token_t *t = &doc->tokens.v[i];
    const char *s = ne_doc_tok_norm(doc, t);
    int v[3], w[3];
    if (t->kind != NE_TOK_NUMBER)
        return 0;
    if (digit_groups(s, t->norm_len, '.', v, w) == 3 && w[0] <= 2 &&
        w[1] <= 2 && w[2] == 4) {
        p->d = v[0];
        p->m = v[1];
        p->y = v[2];
        return p->d >= 1 && p->m >= 1;
    }
    if (digit_groups(s, t->norm_len, '-', v, w) == 3 && w[0] == 4 &&
        w[1] == 2 && w[2] == 2) {
        p->y = v[0];
        p->m = v[1];
        p->d = v[2];
        return p->d >= 1 && p->m >= 1;
    }
    return 0;
}

/* A day, a month and maybe a year from i: "12. September 2023",
 * "12 September". */
static int parse_day_month(const ne_dates_t *dt, const ne_doc_t *doc,
                           uint32_t i, uint32_t end, dparse_t *p)
{
    uint32_t j;
    int ordinal;
    if (!tok_day(doc, i, end, &p->d, &j, &ordinal) || j >= end ||
        !tok_month(dt, doc, j, 1, &p->m))
        return 0;
    p->e = j + 1;
    if (p->e < end && tok_year(doc, p->e, &p->y))
        p->e++;
    p->kind = DK_ABS;
    return 1;
}

/* A month then a day and maybe a year: "September 12, 2023". */
static int parse_month_day(const ne_dates_t *dt, const ne_doc_t *doc,
                           uint32_t i, uint32_t end, dparse_t *p)
{
    uint32_t j;
    int ordinal;
    if (!tok_month(dt, doc, i, 1, &p->m) || i + 1 >= end ||
        !tok_day(doc, i + 1, end, &p->d, &j, &ordinal) || ordinal)
        return 0;
    p->e = j;
    if (j + 1 < end && tok_is(doc, j, ",") && tok_year(doc, j + 1, &p->y))
        p->e = j + 2;
    else if (j < end && tok_year(doc, j, &p->y))
        p->e = j + 1;
    p->kind = DK_ABS;
    return 1;
}

/* "Dienstagmorgen" -> weekday, or -1. */
static int weekday_compound(const ne_dates_t *dt, const ne_doc_t *doc,
                            uint32_t i)
{
    const ne_token_t *t = &doc->tokens.v[i];
    const char *s = ne_doc_tok_norm(doc, t);
    size_t k;
    if (t->kind != NE_TOK_WORD)
        return -1;
    for (k = 0; k < NE_ARRAY_SIZE(weekdays_de); k++) {
        size_t l = strlen(weekdays_de[k]);
        const dword_t *q;
        if (t->norm_len <= l || memcmp(s, weekdays_de[k], l))
            continue;
        q = ne_wordtab_find(dt->words, s + l, t->norm_len - l);
        return q && (q->cls & DW_DAYPART) ? (int)k : -1;
    }
    return -1;
}

static int weekday_at(const ne_dates_t *dt, const ne_doc_t *doc, uint32_t i)
{
    const dword_t *q = tok_dw(dt, doc, i);
    return q && (q->cls & DW_WEEKDAY) ? q->val : weekday_compound(dt, doc, i);
}

/* ---- the expression at token i ---------------------------------------- */

static int parse_core(const ne_dates_t *dt, const ne_doc_t *doc, uint32_t i,
                      uint32_t end, uint32_t floor, dparse_t *p)
{
    const ne_token_t *t = &doc->tokens.v[i];
    const dword_t *q = NULL, *prev;
    int wd;

    memset(p, 0, sizeof(*p));
    p->b = i;
    p->e = i + 1;
    p->wd = -1;
    /* Most tokens start no date: decide with one look-up at most. */
    if (t->kind == NE_TOK_WORD && !(t->flags & NE_TOKF_DIGIT)) {
        q = tok_dw(dt, doc, i);
        if (!q && t->norm_len < 10)
            return 0; /* shorter than any "Montagabend" */
        if (q && !(q->cls & (DW_ANY_MONTH | DW_WEEKDAY | DW_RELDAY | DW_DIR)))
            return 0;
    } else if (t->kind != NE_TOK_NUMBER && t->kind != NE_TOK_WORD) {
        return 0;
    }
    if ((!q || (q->cls & DW_ANY_MONTH)) && t->norm_len < 12) {
        /* digits, "12th" or a month: the written-out forms */
        if (tok_numeric_date(doc, i, p)) {
            p->kind = DK_ABS;
            return 1;
        }
        if (parse_day_month(dt, doc, i, end, p) ||
            parse_month_day(dt, doc, i, end, p))
            return 1;
        memset(p, 0, sizeof(*p));
        p->b = i;
        p->e = i + 1;
        p->wd = -1;
    }
    prev = i > floor ? tok_dw(dt, doc, i - 1) : NULL;
    if (t->kind == NE_TOK_NUMBER && tok_year(doc, i, &p->y)) {
        /* A bare year needs a date word before it and no unit after it
         * ("seit 2019", not "um 2000 Euro"). */
        const ne_token_t *nx = i + 1 < end ? &doc->tokens.v[i + 1] : NULL;
        if (prev && (prev->cls & DW_PERIOD) && prev->val == 3)
            p->b = i - 1; /* "im Jahr 2019" */
        else if (!prev || !(prev->cls & (DW_CUE | DW_PREP | DW_EDGE)))
            return 0;
        if (nx && (nx->kind == NE_TOK_SYMBOL ||
                   ne_quantities_unit(dt->qt, ne_doc_tok_norm(doc, nx),
                                      nx->norm_len)))
            return 0;
        p->kind = DK_ABS;
        return 1;
    }
    if (q && (q->cls & DW_DIR) && i + 1 < end) {
        /* "vergangene Woche", "last Tuesday", "nächsten Juli" */
        p->dir = q->val;
        p->e = i + 2;
        if (has_cls(dt, doc, i + 1, DW_PERIOD)) {
            p->kind = DK_PERIOD;
            p->period = tok_dw(dt, doc, i + 1)->val;
            return 1;
        }
        if ((wd = weekday_at(dt, doc, i + 1)) >= 0) {
            p->kind = DK_WEEKDAY;
            p->wd = wd;
            if (p->e < end && has_cls(dt, doc, p->e, DW_DAYPART) &&
                weekday_compound(dt, doc, i + 1) < 0)
                p->e++;
            return 1;
        }
        if (tok_month(dt, doc, i + 1, 0, &p->m)) {
            p->kind = DK_MONTH;
            return 1;
        }
        return 0;
    }
    if ((wd = q && (q->cls & DW_WEEKDAY) ? q->val
                                         : weekday_compound(dt, doc, i)) >= 0) {
        p->kind = DK_WEEKDAY;
        p->wd = wd;
        if (p->e < end && has_cls(dt, doc, p->e, DW_DAYPART) &&
            weekday_compound(dt, doc, i) < 0)
            p->e++; /* "Tuesday morning", "Dienstag früh" */
        if (p->e + 1 < end && tok_is(doc, p->e, ",")) {
            dparse_t abs;
            /* the parsers set only what they find: without a year,
             * abs.y would be stack garbage */
            memset(&abs, 0, sizeof(abs));
            abs.wd = -1;
            /* "Dienstag, 12. September 2023": the written date wins */
            memset(&abs, 0, sizeof(abs));
            abs.wd = -1;
            if (parse_day_month(dt, doc, p->e + 1, end, &abs) ||
                parse_month_day(dt, doc, p->e + 1, end, &abs)) {
                abs.b = i;
                *p = abs;
            }
        }
        return 1;
    }
    if (q && (q->cls & DW_RELDAY)) {
        /* "Morgen" capitalised is the morning, not tomorrow. */
        if ((q->cls & DW_DAYPART) && (t->flags & NE_TOKF_CAP))
            return 0;
        p->kind = DK_RELDAY;
        p->rel = q->val;
        if (p->e < end && has_cls(dt, doc, p->e, DW_DAYPART))
            p->e++; /* "gestern Abend", "heute Morgen" */
        return 1;
    }
    if (tok_month(dt, doc, i, 0, &p->m) && i + 1 < end &&
        tok_year(doc, i + 1, &p->y)) {
        p->kind = DK_ABS; /* "Juli 2021" */
        p->e = i + 2;
        return 1;
    }
    if (tok_month(dt, doc, i, 0, &p->m) && prev &&
        (prev->cls & (DW_CUE | DW_PREP | DW_EDGE))) {
        p->kind = DK_MONTH; /* "im Juli", "Ende Juli", "seit Juli" */
        return 1;
    }
    return 0;
}

/* Take "am", "im", "in der", "frühen", "Ende" in front of the core. */
static void extend_front(const ne_dates_t *dt, const ne_doc_t *doc,
                         uint32_t floor, dparse_t *p)
{
    uint32_t b = p->b;
    int edges = 0;
    while (b > floor && edges < 2 && has_cls(dt, doc, b - 1, DW_EDGE)) {
        b--;
        edges++;
    }
    if (b > floor + 1 && has_cls(dt, doc, b - 1, DW_ARTICLE) &&
        has_cls(dt, doc, b - 2, DW_PREP))
        b -= 2;
    else if (b > floor && has_cls(dt, doc, b - 1, DW_PREP))
        b--;
    p->b = b;
}

/* ---- values ------------------------------------------------------------ */

/* The year that puts month m nearest the publication month; at six months
 * either way, the past one (news reports more than it announces). */
static int near_year(const ne_doc_t *doc, int m)
{
    int delta = m - doc->pub_month;
    if (!doc->pub_month)
        return doc->pub_year;
    return doc->pub_year + (delta >= 6 ? -1 : delta < -6 ? 1 : 0);
}

static void put_day(ne_date_t *d, long days)
{
    int y, m, dd;
    civil_from_days(days, &y, &m, &dd);
    snprintf(d->value, sizeof(d->value), "%04d-%02d-%02d", y, m, dd);
}

/* Fill d->value and d->relative; 0 when the date cannot exist (31.02.). */
static int resolve(const ne_doc_t *doc, const dparse_t *p, ne_date_t *d)
{
    int full = doc->pub_year && doc->pub_month && doc->pub_day;
    long pub =
        full ? days_from_civil(doc->pub_year, doc->pub_month, doc->pub_day) : 0;
    int y = p->y, m, back;

    d->value[0] = '\0';
    d->relative = 0;
    switch (p->kind) {
    case DK_ABS:
        if (!p->m) {
            snprintf(d->value, sizeof(d->value), "%04d", y);
            return 1;
        }
        if (p->m < 1 || p->m > 12 || p->d > 31)
            return 0;
        if (!y && doc->pub_year) {
            y = near_year(doc, p->m);
            d->relative = 1;
        }
        if (!y) /* "12. September" with no publication date */
            return 1;
        if (p->d > days_in_month(y, p->m))
            return 0;
        if (p->d)
            snprintf(d->value, sizeof(d->value), "%04d-%02d-%02d", y, p->m,
                     p->d);
        else
            snprintf(d->value, sizeof(d->value), "%04d-%02d", y, p->m);
        return 1;
    case DK_MONTH:
        if (!doc->pub_year || (p->dir && !doc->pub_month))
            return 1;
        y = p->dir < 0   ? doc->pub_year - (p->m >= doc->pub_month)
            : p->dir > 0 ? doc->pub_year + (p->m <= doc->pub_month)
                         : near_year(doc, p->m);
        snprintf(d->value, sizeof(d->value), "%04d-%02d", y, p->m);
        d->relative = 1;
        return 1;
    case DK_WEEKDAY:
        if (!full)
            return 1;
        if (p->dir > 0) {
            back = (p->wd - weekday_of(pub) + 7) % 7;
            put_day(d, pub + (back ? back : 7));
        } else {
            back = (weekday_of(pub) - p->wd + 7) % 7;
            put_day(d, pub - (back || p->dir == 0 ? back : 7));
        }
        d->relative = 1;
        return 1;
    case DK_RELDAY:
        if (full) {
            put_day(d, pub + p->rel);
            d->relative = 1;
        }
        return 1;
    default: /* DK_PERIOD */
        if (p->period == 3 && doc->pub_year) {
            snprintf(d->value, sizeof(d->value), "%04d",
                     doc->pub_year + p->dir);
        } else if (p->period == 2 && doc->pub_month) {
            m = doc->pub_month + p->dir;
            y = doc->pub_year + (m < 1 ? -1 : m > 12 ? 1 : 0);
            m = m < 1 ? 12 : m > 12 ? 1 : m;
            snprintf(d->value, sizeof(d->value), "%04d-%02d", y, m);
        } else if (p->period == 1 && full) {
            /* ISO week: the week of the Thursday of that week */
            long day = pub + 7 * p->dir;
            long thu = day - weekday_of(day) + 3;
            int ty, tm, td;
            civil_from_days(thu, &ty, &tm, &td);
            /* ranges made explicit so the format provably fits */
            snprintf(
                d->value, sizeof(d->value), "%04u-W%02u", (unsigned)ty % 10000u,
                (unsigned)((thu - days_from_civil(ty, 1, 1)) / 7 + 1) % 100u);
        } else {
            return 1;
        }
        d->relative = 1;
        return 1;
    }
}

void ne_dates_extract(const ne_dates_t *dt, ne_doc_t *doc)
{
    size_t si;

    doc->dates.cnt = 0;
    for (si = 0; si < doc->sents.cnt; si++) {
        const ne_sentence_t *st = &doc->sents.v[si];
        uint32_t i = st->tok_begin, floor = st->tok_begin;
        while (i < st->tok_end) {
            ne_date_t *d;
            dparse_t p;

            if (!parse_core(dt, doc, i, st->tok_end, floor, &p)) {
                i++;
                continue;
            }
            extend_front(dt, doc, floor, &p);
            d = NE_VEC_PUSH(doc->dates);
            if (!resolve(doc, &p, d)) {
                doc->dates.cnt--;
                i++;
                continue;
            }
            d->span.field = doc->tokens.v[p.b].field;
            d->span.start = doc->tokens.v[p.b].start;
            d->span.end = doc->tokens.v[p.e - 1].end;
            floor = i = p.e;
        }
    }
}
