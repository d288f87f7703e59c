/*
 * newsenrich - numbers with units.
 *
 * A quantity is, within one sentence:
 *
 *   [approximator] [currency] number [scale] unit      "rund 120 Kilometer"
 *   [approximator] digits [scale] plural-noun          "300,000 homes"
 *
 * number: digits ("2,5", "120.000", "$4.2") or a number word ("tausend",
 * "one"); "ein"/"a" count only before a scale ("eine Million"). scale: tausend,
 * Million(en), Mio., Milliarde(n), Mrd., Billion(en) (10^12 in German),
 * thousand, million, billion (10^9 in English), bn, trillion, hundert,
 * hundred. approximators ("rund", "etwa", "mehr als", "about", "up to")
 * belong to the span; the value is the number.
 *
 * Unit codes (the full word list is the table below):
 *   length   km m cm mm mi ft nmi      speed  km/h mph kn
 *   time     h min s d wk mo yr        share  % pp (percentage points)
 *   money    EUR USD GBP CHF JPY RUB CNY KRW
 *   mass     t kg g                    volume l bbl m3
 *   area     km2 m2 ha                 energy MW GW kWh TWh
 *   angle, temperature  ° °C °F
 * Combinations: "km/h", "Kilometer pro Stunde", "miles per hour",
 * "per cent", "percentage points", "Grad Celsius", "° C".
 * A count ("300,000 homes", "5 Länder") has unit "": digits, then a
 * capitalised noun in German or a plural noun in English.
 *
 * Numbers inside dates (dates.c runs first) and ordinals are skipped.
 */
#include "quantities.h"
#include "stages.h"
#include "text.h"
#include "wordtab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Word classes (bits). */
enum {
    QW_UNIT = 1 << 0,       /* a unit: the entry's code */
    QW_SCALE = 1 << 1,      /* multiplies the number before it */
    QW_NUMWORD = 1 << 2,    /* a number written as a word */
    QW_APPROX = 1 << 3,     /* "rund", "about" */
    QW_APPROX1 = 1 << 4,    /* first word of "mehr als", "up to" */
    QW_APPROX2 = 1 << 5,    /* second word of those */
    QW_PER = 1 << 6,        /* "pro", "per", "je" */
    QW_HOUR = 1 << 7,       /* "Stunde", "hour" after "pro"/"per" */
    QW_CENT = 1 << 8,       /* "cent" of "per cent" */
    QW_POINTS = 1 << 9,     /* "points" of "percentage points" */
    QW_PERCENTAGE = 1 << 10,
    QW_CELSIUS = 1 << 11,
    QW_FAHRENHEIT = 1 << 12,
    QW_PLURAL = 1 << 13,    /* English plural nouns without -s */
    QW_ARTICLE = 1 << 14,   /* "ein", "a": a number only before a scale */
};

typedef struct qword_s {
    const char *w;  /* normalised (lower case) */
    uint16_t cls;
    double val;     /* QW_SCALE, QW_NUMWORD */
    const char *unit;
} qword_t;

/* Sorted by bytes (memcmp order): looked up by binary search. */
static const qword_t qwords[] = {
    {"$", QW_UNIT, 0, "USD"},
    {"%", QW_UNIT, 0, "%"},
    {"a", QW_ARTICLE | QW_NUMWORD, 1, NULL},
    {"about", QW_APPROX, 0, NULL},
    {"acht", QW_NUMWORD, 8, NULL},
    {"aircraft", QW_PLURAL, 0, NULL},
    {"almost", QW_APPROX, 0, NULL},
    {"als", QW_APPROX2, 0, NULL},
    {"an", QW_ARTICLE | QW_NUMWORD, 1, NULL},
    {"annähernd", QW_APPROX, 0, NULL},
    {"approximately", QW_APPROX, 0, NULL},
    {"around", QW_APPROX, 0, NULL},
    {"at", QW_APPROX1, 0, NULL},
    {"barrel", QW_UNIT, 0, "bbl"},
    {"barrels", QW_UNIT, 0, "bbl"},
    {"beinahe", QW_APPROX, 0, NULL},
    {"billion", QW_SCALE, 1e9, NULL},
    {"billionen", QW_SCALE, 1e12, NULL},
    {"bis", QW_APPROX1, 0, NULL},
    {"bn", QW_SCALE, 1e9, NULL},
    {"ca", QW_APPROX, 0, NULL},
    {"cattle", QW_PLURAL, 0, NULL},
    {"celsius", QW_CELSIUS, 0, NULL},
    {"cent", QW_CENT, 0, NULL},
    {"centimeters", QW_UNIT, 0, "cm"},
    {"centimetres", QW_UNIT, 0, "cm"},
    {"chf", QW_UNIT, 0, "CHF"},
    {"children", QW_PLURAL, 0, NULL},
    {"circa", QW_APPROX, 0, NULL},
    {"cm", QW_UNIT, 0, "cm"},
    {"cny", QW_UNIT, 0, "CNY"},
    {"day", QW_UNIT, 0, "d"},
    {"days", QW_UNIT, 0, "d"},
    {"degree", QW_UNIT, 0, "°"},
    {"degrees", QW_UNIT, 0, "°"},
    {"dollar", QW_UNIT, 0, "USD"},
    {"dollars", QW_UNIT, 0, "USD"},
    {"drei", QW_NUMWORD, 3, NULL},
    {"dreißig", QW_NUMWORD, 30, NULL},
    {"eight", QW_NUMWORD, 8, NULL},
    {"ein", QW_ARTICLE | QW_NUMWORD, 1, NULL},
    {"eine", QW_ARTICLE | QW_NUMWORD, 1, NULL},
    {"einem", QW_ARTICLE | QW_NUMWORD, 1, NULL},
    {"einen", QW_ARTICLE | QW_NUMWORD, 1, NULL},
    {"einer", QW_ARTICLE | QW_NUMWORD, 1, NULL},
    {"eins", QW_NUMWORD, 1, NULL},
    {"eleven", QW_NUMWORD, 11, NULL},
    {"elf", QW_NUMWORD, 11, NULL},
    {"etwa", QW_APPROX, 0, NULL},
    {"eur", QW_UNIT, 0, "EUR"},
    {"euro", QW_UNIT, 0, "EUR"},
    {"euros", QW_UNIT, 0, "EUR"},
    {"fahrenheit", QW_FAHRENHEIT, 0, NULL},
    {"fast", QW_APPROX, 0, NULL},
    {"feet", QW_UNIT, 0, "ft"},
    {"fewer", QW_APPROX1, 0, NULL},
    {"fifty", QW_NUMWORD, 50, NULL},
    {"fish", QW_PLURAL, 0, NULL},
    {"five", QW_NUMWORD, 5, NULL},
    {"foot", QW_UNIT, 0, "ft"},
    {"forty", QW_NUMWORD, 40, NULL},
    {"four", QW_NUMWORD, 4, NULL},
    {"franken", QW_UNIT, 0, "CHF"},
    {"ft", QW_UNIT, 0, "ft"},
    {"fuß", QW_UNIT, 0, "ft"},
    {"fünf", QW_NUMWORD, 5, NULL},
    {"fünfzig", QW_NUMWORD, 50, NULL},
    {"gbp", QW_UNIT, 0, "GBP"},
    {"gigawatt", QW_UNIT, 0, "GW"},
    {"grad", QW_UNIT, 0, "°"},
    {"gram", QW_UNIT, 0, "g"},
    {"gramm", QW_UNIT, 0, "g"},
    {"grams", QW_UNIT, 0, "g"},
    {"gw", QW_UNIT, 0, "GW"},
    {"hectare", QW_UNIT, 0, "ha"},
    {"hectares", QW_UNIT, 0, "ha"},
    {"hektar", QW_UNIT, 0, "ha"},
    {"hour", QW_HOUR | QW_UNIT, 0, "h"},
    {"hours", QW_UNIT, 0, "h"},
    {"hundert", QW_NUMWORD | QW_SCALE, 1e2, NULL},
    {"hundred", QW_NUMWORD | QW_SCALE, 1e2, NULL},
    {"höchstens", QW_APPROX, 0, NULL},
    {"jahr", QW_UNIT, 0, "yr"},
    {"jahre", QW_UNIT, 0, "yr"},
    {"jahren", QW_UNIT, 0, "yr"},
    {"je", QW_PER, 0, NULL},
    {"kg", QW_UNIT, 0, "kg"},
    {"kilo", QW_UNIT, 0, "kg"},
    {"kilogram", QW_UNIT, 0, "kg"},
    {"kilogramm", QW_UNIT, 0, "kg"},
    {"kilograms", QW_UNIT, 0, "kg"},
    {"kilometer", QW_UNIT, 0, "km"},
    {"kilometern", QW_UNIT, 0, "km"},
    {"kilometers", QW_UNIT, 0, "km"},
    {"kilometre", QW_UNIT, 0, "km"},
    {"kilometres", QW_UNIT, 0, "km"},
    {"kilos", QW_UNIT, 0, "kg"},
    {"kilowattstunde", QW_UNIT, 0, "kWh"},
    {"kilowattstunden", QW_UNIT, 0, "kWh"},
    {"km", QW_UNIT, 0, "km"},
    {"km/h", QW_UNIT, 0, "km/h"},
    {"kmh", QW_UNIT, 0, "km/h"},
    {"km²", QW_UNIT, 0, "km2"},
    {"knapp", QW_APPROX, 0, NULL},
    {"knoten", QW_UNIT, 0, "kn"},
    {"knots", QW_UNIT, 0, "kn"},
    {"kph", QW_UNIT, 0, "km/h"},
    {"krw", QW_UNIT, 0, "KRW"},
    {"kubikmeter", QW_UNIT, 0, "m3"},
    {"kubikmetern", QW_UNIT, 0, "m3"},
    {"kwh", QW_UNIT, 0, "kWh"},
    {"least", QW_APPROX2, 0, NULL},
    {"less", QW_APPROX1, 0, NULL},
    {"liter", QW_UNIT, 0, "l"},
    {"litern", QW_UNIT, 0, "l"},
    {"liters", QW_UNIT, 0, "l"},
    {"litre", QW_UNIT, 0, "l"},
    {"litres", QW_UNIT, 0, "l"},
    {"megawatt", QW_UNIT, 0, "MW"},
    {"mehr", QW_APPROX1, 0, NULL},
    {"meile", QW_UNIT, 0, "mi"},
    {"meilen", QW_UNIT, 0, "mi"},
    {"men", QW_PLURAL, 0, NULL},
    {"meter", QW_UNIT, 0, "m"},
    {"metern", QW_UNIT, 0, "m"},
    {"meters", QW_UNIT, 0, "m"},
    {"metre", QW_UNIT, 0, "m"},
    {"metres", QW_UNIT, 0, "m"},
    {"mile", QW_UNIT, 0, "mi"},
    {"miles", QW_UNIT, 0, "mi"},
    {"milliarde", QW_SCALE, 1e9, NULL},
    {"milliarden", QW_SCALE, 1e9, NULL},
    {"millimeter", QW_UNIT, 0, "mm"},
    {"millimetern", QW_UNIT, 0, "mm"},
    {"millimeters", QW_UNIT, 0, "mm"},
    {"millimetres", QW_UNIT, 0, "mm"},
    {"million", QW_SCALE, 1e6, NULL},
    {"millionen", QW_SCALE, 1e6, NULL},
    {"millions", QW_SCALE, 1e6, NULL},
    {"min", QW_UNIT, 0, "min"},
    {"mindestens", QW_APPROX, 0, NULL},
    {"minute", QW_UNIT, 0, "min"},
    {"minuten", QW_UNIT, 0, "min"},
    {"minutes", QW_UNIT, 0, "min"},
    {"mio", QW_SCALE, 1e6, NULL},
    {"mm", QW_UNIT, 0, "mm"},
    {"monat", QW_UNIT, 0, "mo"},
    {"monate", QW_UNIT, 0, "mo"},
    {"monaten", QW_UNIT, 0, "mo"},
    {"month", QW_UNIT, 0, "mo"},
    {"months", QW_UNIT, 0, "mo"},
    {"more", QW_APPROX1, 0, NULL},
    {"most", QW_APPROX2, 0, NULL},
    {"mph", QW_UNIT, 0, "mph"},
    {"mrd", QW_SCALE, 1e9, NULL},
    {"mw", QW_UNIT, 0, "MW"},
    {"m²", QW_UNIT, 0, "m2"},
    {"nahezu", QW_APPROX, 0, NULL},
    {"nearly", QW_APPROX, 0, NULL},
    {"neun", QW_NUMWORD, 9, NULL},
    {"nine", QW_NUMWORD, 9, NULL},
    {"one", QW_NUMWORD, 1, NULL},
    {"over", QW_APPROX, 0, NULL},
    {"people", QW_PLURAL, 0, NULL},
    {"per", QW_PER, 0, NULL},
    {"percent", QW_UNIT, 0, "%"},
    {"percentage", QW_PERCENTAGE, 0, NULL},
    {"personnel", QW_PLURAL, 0, NULL},
    {"pfund", QW_UNIT, 0, "GBP"},
    {"points", QW_POINTS, 0, NULL},
    {"police", QW_PLURAL, 0, NULL},
    {"pound", QW_UNIT, 0, "GBP"},
    {"pounds", QW_UNIT, 0, "GBP"},
    {"pro", QW_PER, 0, NULL},
    {"prozent", QW_UNIT, 0, "%"},
    {"prozentpunkt", QW_UNIT, 0, "pp"},
    {"prozentpunkte", QW_UNIT, 0, "pp"},
    {"prozentpunkten", QW_UNIT, 0, "pp"},
    {"quadratkilometer", QW_UNIT, 0, "km2"},
    {"quadratkilometern", QW_UNIT, 0, "km2"},
    {"quadratmeter", QW_UNIT, 0, "m2"},
    {"quadratmetern", QW_UNIT, 0, "m2"},
    {"renminbi", QW_UNIT, 0, "CNY"},
    {"roubles", QW_UNIT, 0, "RUB"},
    {"roughly", QW_APPROX, 0, NULL},
    {"rub", QW_UNIT, 0, "RUB"},
    {"rubel", QW_UNIT, 0, "RUB"},
    {"rubles", QW_UNIT, 0, "RUB"},
    {"rund", QW_APPROX, 0, NULL},
    {"sechs", QW_NUMWORD, 6, NULL},
    {"second", QW_UNIT, 0, "s"},
    {"seconds", QW_UNIT, 0, "s"},
    {"seemeile", QW_UNIT, 0, "nmi"},
    {"seemeilen", QW_UNIT, 0, "nmi"},
    {"sek", QW_UNIT, 0, "s"},
    {"sekunde", QW_UNIT, 0, "s"},
    {"sekunden", QW_UNIT, 0, "s"},
    {"seven", QW_NUMWORD, 7, NULL},
    {"sheep", QW_PLURAL, 0, NULL},
    {"sieben", QW_NUMWORD, 7, NULL},
    {"six", QW_NUMWORD, 6, NULL},
    {"some", QW_APPROX, 0, NULL},
    {"staff", QW_PLURAL, 0, NULL},
    {"std", QW_UNIT, 0, "h"},
    {"stunde", QW_HOUR | QW_UNIT, 0, "h"},
    {"stunden", QW_UNIT, 0, "h"},
    {"stundenkilometer", QW_UNIT, 0, "km/h"},
    {"stundenkilometern", QW_UNIT, 0, "km/h"},
    {"tag", QW_UNIT, 0, "d"},
    {"tage", QW_UNIT, 0, "d"},
    {"tagen", QW_UNIT, 0, "d"},
    {"tausend", QW_NUMWORD | QW_SCALE, 1e3, NULL},
    {"ten", QW_NUMWORD, 10, NULL},
    {"terawattstunde", QW_UNIT, 0, "TWh"},
    {"terawattstunden", QW_UNIT, 0, "TWh"},
    {"than", QW_APPROX2, 0, NULL},
    {"thirty", QW_NUMWORD, 30, NULL},
    {"thousand", QW_NUMWORD | QW_SCALE, 1e3, NULL},
    {"three", QW_NUMWORD, 3, NULL},
    {"to", QW_APPROX2, 0, NULL},
    {"ton", QW_UNIT, 0, "t"},
    {"tonne", QW_UNIT, 0, "t"},
    {"tonnen", QW_UNIT, 0, "t"},
    {"tonnes", QW_UNIT, 0, "t"},
    {"tons", QW_UNIT, 0, "t"},
    {"trillion", QW_SCALE, 1e12, NULL},
    {"tsd", QW_SCALE, 1e3, NULL},
    {"twelve", QW_NUMWORD, 12, NULL},
    {"twenty", QW_NUMWORD, 20, NULL},
    {"twh", QW_UNIT, 0, "TWh"},
    {"two", QW_NUMWORD, 2, NULL},
    {"ungefähr", QW_APPROX, 0, NULL},
    {"up", QW_APPROX1, 0, NULL},
    {"us$", QW_UNIT, 0, "USD"},
    {"us-dollar", QW_UNIT, 0, "USD"},
    {"usd", QW_UNIT, 0, "USD"},
    {"vier", QW_NUMWORD, 4, NULL},
    {"vierzig", QW_NUMWORD, 40, NULL},
    {"week", QW_UNIT, 0, "wk"},
    {"weeks", QW_UNIT, 0, "wk"},
    {"weniger", QW_APPROX1, 0, NULL},
    {"woche", QW_UNIT, 0, "wk"},
    {"wochen", QW_UNIT, 0, "wk"},
    {"women", QW_PLURAL, 0, NULL},
    {"won", QW_UNIT, 0, "KRW"},
    {"year", QW_UNIT, 0, "yr"},
    {"years", QW_UNIT, 0, "yr"},
    {"yen", QW_UNIT, 0, "JPY"},
    {"yuan", QW_UNIT, 0, "CNY"},
    {"zehn", QW_NUMWORD, 10, NULL},
    {"zentimeter", QW_UNIT, 0, "cm"},
    {"zentimetern", QW_UNIT, 0, "cm"},
    {"zu", QW_APPROX2, 0, NULL},
    {"zwanzig", QW_NUMWORD, 20, NULL},
    {"zwei", QW_NUMWORD, 2, NULL},
    {"zwölf", QW_NUMWORD, 12, NULL},
    {"£", QW_UNIT, 0, "GBP"},
    {"¥", QW_UNIT, 0, "JPY"},
    {"°", QW_UNIT, 0, "°"},
    {"°c", QW_UNIT, 0, "°C"},
    {"°f", QW_UNIT, 0, "°F"},
    {"über", QW_APPROX, 0, NULL},
    {"€", QW_UNIT, 0, "EUR"},
};

struct ne_quantities_s {
    ne_wordtab_t *words; /* index of qwords */
};

ne_quantities_t *ne_quantities_new(void)
{
    ne_quantities_t *qt = ne_calloc(1, sizeof(*qt));
    qt->words = NE_WORDTAB_NEW(qwords);
    return qt;
}

void ne_quantities_destroy(ne_quantities_t *qt)
{
    if (!qt)
        return;
    ne_wordtab_destroy(qt->words);
    free(qt);
}

const char *ne_quantities_unit(const ne_quantities_t *qt, const char *norm,
                               size_t n)
{
    const qword_t *q = ne_wordtab_find(qt->words, norm, n);
    return q && (q->cls & QW_UNIT) ? q->unit : NULL;
}

/* Does every separator of s[0..n) (one kind only) start a group of
 * three digits, the first group having one to three? "120.000.000" */
static int thousands_grouped(const char *s, size_t n)
{
    size_t i, run = 0, first = 1;
    for (i = 0; i <= n; i++) {
        if (i < n && s[i] >= '0' && s[i] <= '9') {
            run++;
            continue;
        }
        if (first ? run < 1 || run > 3 : run != 3)
            return 0;
        first = 0;
        run = 0;
    }
    return 1;
}

int ne_quantities_parse_number(const char *s, size_t n, ne_lang_t lang,
                               double *v)
{
    char buf[64];
    size_t i, o = 0, dots = 0, commas = 0, last_sep = 0;
    char dec = 0;

    if (!n || n >= sizeof(buf) || s[0] < '0' || s[0] > '9' ||
        s[n - 1] < '0' || s[n - 1] > '9')
        return 0;
    for (i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9' && ++o > 15)
            return 0; /* an id or a phone number, not a quantity */
        if (s[i] == '.' || s[i] == ',') {
            if (s[i - 1] < '0' || s[i - 1] > '9')
                return 0; /* "1..2" */
            dots += s[i] == '.';
            commas += s[i] == ',';
            last_sep = i;
        } else if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
    }
    if (dots && commas) {
        dec = s[last_sep]; /* "1.234,5", "1,234.5" */
        if ((dec == '.' ? dots : commas) > 1)
            return 0;
    } else if (dots + commas > 1 && !thousands_grouped(s, n)) {
        return 0; /* "1.2.3" */
    } else if (dots + commas == 1) {
        char sep = dots ? '.' : ',';
        int grouped = n - last_sep - 1 == 3 && last_sep <= 3;
        if (grouped && lang == NE_LANG_DE)
            grouped = sep == '.';
        else if (grouped && lang == NE_LANG_EN)
            grouped = sep == ',';
        if (!grouped)
            dec = sep;
    }
    for (o = 0, i = 0; i < n; i++) {
        if (s[i] == dec)
            buf[o++] = '.';
        else if (s[i] >= '0' && s[i] <= '9')
            buf[o++] = s[i];
    }
    buf[o] = '\0';
    *v = strtod(buf, NULL);
    return 1;
}

static const qword_t *tok_word(const ne_quantities_t *qt, const ne_doc_t *doc,
                               const ne_token_t *t)
{
    if (t->kind == NE_TOK_NUMBER || t->kind == NE_TOK_QUOTE ||
        t->kind == NE_TOK_PUNCT)
        return NULL;
    return ne_wordtab_tok(qt->words, doc, t);
}

static int tok_is(const ne_doc_t *doc, const ne_token_t *t, const char *w)
{
    size_t n = strlen(w);
    return t->norm_len == n && !memcmp(ne_doc_tok_norm(doc, t), w, n);
}

/* A plural noun after a count: capitalised in German, -s or irregular in
 * English. */
static int is_count_noun(const ne_doc_t *doc, const ne_token_t *t,
                         const qword_t *q)
{
    const char *w = ne_doc_tok_norm(doc, t);
    size_t n = t->norm_len;
    if (t->kind != NE_TOK_WORD || (t->flags & NE_TOKF_DIGIT))
        return 0;
    if (doc->lang != NE_LANG_EN && (t->flags & NE_TOKF_CAP) &&
        !(t->flags & NE_TOKF_ALLCAP))
        return 1;
    if (doc->lang == NE_LANG_DE || (t->flags & NE_TOKF_CAP))
        return 0;
    if (q && (q->cls & QW_PLURAL))
        return 1;
    return n >= 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != '\'';
}

typedef struct qparse_s {
    uint32_t b, e; /* tokens */
    double value;
    const char *unit;
} qparse_t;

/* The unit at token j (and what it combines with); sets *e past it. */
static const char *parse_unit(const ne_quantities_t *qt, const ne_doc_t *doc,
                              uint32_t j, uint32_t end, uint32_t *e)
{
    const ne_token_t *t = &doc->tokens.v[j];
    const qword_t *q = tok_word(qt, doc, t), *q1 = NULL, *q2 = NULL;
    const char *u;

    if (j + 1 < end)
        q1 = tok_word(qt, doc, &doc->tokens.v[j + 1]);
    if (j + 2 < end)
        q2 = tok_word(qt, doc, &doc->tokens.v[j + 2]);
    *e = j + 1;
    if (q && (q->cls & QW_PER) && q1 && (q1->cls & QW_CENT)) {
        *e = j + 2; /* per cent */
        return "%";
    }
    if (q && (q->cls & QW_PERCENTAGE) && q1 && (q1->cls & QW_POINTS)) {
        *e = j + 2;
        return "pp";
    }
    if (!q || !(q->cls & QW_UNIT))
        return NULL;
    u = q->unit;
    if (!strcmp(u, "KRW") && !(t->flags & NE_TOKF_CAP))
        return NULL; /* "won" the verb */
    if (!strcmp(u, "km") || !strcmp(u, "mi")) {
        /* km/h, Kilometer pro Stunde, miles per hour */
        if (q1 && q2 && (q1->cls & QW_PER) && (q2->cls & QW_HOUR)) {
            *e = j + 3;
            return u[0] == 'k' ? "km/h" : "mph";
        }
        if (j + 2 < end && tok_is(doc, &doc->tokens.v[j + 1], "/") &&
            tok_is(doc, &doc->tokens.v[j + 2], "h")) {
            *e = j + 3;
            return u[0] == 'k' ? "km/h" : "mph";
        }
    }
    if (!strcmp(u, "°") && q1 && (q1->cls & (QW_CELSIUS | QW_FAHRENHEIT))) {
        *e = j + 2;
        return (q1->cls & QW_CELSIUS) ? "°C" : "°F";
    }
    if (!strcmp(u, "°") && j + 1 < end &&
        !(doc->tokens.v[j + 1].flags & NE_TOKF_SPACE_BEFORE) &&
        (tok_is(doc, &doc->tokens.v[j + 1], "c") ||
         tok_is(doc, &doc->tokens.v[j + 1], "f"))) {
        *e = j + 2;
        return tok_is(doc, &doc->tokens.v[j + 1], "c") ? "°C" : "°F";
    }
    return u;
}

/* Try a quantity whose number (or currency sign) is token i. */
static int parse_at(const ne_quantities_t *qt, const ne_doc_t *doc, uint32_t i,
                    uint32_t end, uint32_t floor, qparse_t *p)
{
    const ne_token_t *t = &doc->tokens.v[i];
    const qword_t *q;
    const char *pre = NULL;
    uint32_t j = i, scales = 0;
    int digits = 0, article = 0;
    double v = 0;

    /* Most tokens start nothing: one look-up at most decides. */
    q = t->kind == NE_TOK_NUMBER ? NULL : tok_word(qt, doc, t);
    if (t->kind != NE_TOK_NUMBER && (!q || !(q->cls & (QW_UNIT | QW_NUMWORD))))
        return 0;
    /* A currency before the number: "$4.2 billion", "EUR 5". */
    if (q && (q->cls & QW_UNIT) && q->unit[0] >= 'A' && q->unit[0] <= 'Z' &&
        (t->kind == NE_TOK_SYMBOL || (t->flags & NE_TOKF_ALLCAP)) &&
        j + 1 < end && doc->tokens.v[j + 1].kind == NE_TOK_NUMBER) {
        pre = q->unit;
        t = &doc->tokens.v[++j];
    }
    if (t->kind == NE_TOK_NUMBER) {
        if ((t->flags & NE_TOKF_ORDINAL) ||
            !ne_quantities_parse_number(ne_doc_tok_norm(doc, t), t->norm_len,
                                        doc->lang, &v))
            return 0;
        digits = 1;
    } else if (q->cls & QW_NUMWORD) {
        v = q->val;
        article = (q->cls & QW_ARTICLE) != 0;
    } else {
        return 0;
    }
    j++;
    while (j < end && scales < 2 &&
           (q = tok_word(qt, doc, &doc->tokens.v[j])) && (q->cls & QW_SCALE)) {
        double s = q->val;
        if (s == 1e9 && doc->lang == NE_LANG_DE &&
            tok_is(doc, &doc->tokens.v[j], "billion"))
            s = 1e12; /* the German Billion */
        v *= s;
        scales++;
        j++;
    }
    p->unit = pre;
    p->e = j;
    if (!pre && j < end && !(p->unit = parse_unit(qt, doc, j, end, &p->e))) {
        q = tok_word(qt, doc, &doc->tokens.v[j]);
        if (!(digits || scales) || !is_count_noun(doc, &doc->tokens.v[j], q))
            return 0;
        p->unit = ""; /* a count */
        p->e = j + 1;
    }
    /* "eine Million" is a number, "ein Tag" and "a day" are not. */
    if (!p->unit || (article && !scales))
        return 0;

    p->b = i;
    q = i > floor ? tok_word(qt, doc, &doc->tokens.v[i - 1]) : NULL;
    if (q && (q->cls & QW_APPROX)) {
        p->b = i - 1;
    } else if (q && (q->cls & QW_APPROX2) && i > floor + 1) {
        q = tok_word(qt, doc, &doc->tokens.v[i - 2]);
        if (q && (q->cls & QW_APPROX1))
            p->b = i - 2; /* "mehr als", "up to" */
    }
    p->value = v;
    return 1;
}

void ne_quantities_extract(const ne_quantities_t *qt, ne_doc_t *doc)
{
    size_t si, di = 0;

    doc->quantities.cnt = 0;
    for (si = 0; si < doc->sents.cnt; si++) {
        const ne_sentence_t *st = &doc->sents.v[si];
        uint32_t i = st->tok_begin, floor = st->tok_begin;
        while (i < st->tok_end) {
            const ne_token_t *t = &doc->tokens.v[i];
            ne_quantity_t *qy;
            qparse_t p;

            /* Dates are in token order too: skip their tokens. */
            while (di < doc->dates.cnt &&
                   (doc->dates.v[di].span.field < t->field ||
                    (doc->dates.v[di].span.field == t->field &&
                     doc->dates.v[di].span.end <= t->start)))
                di++;
            if (di < doc->dates.cnt &&
                doc->dates.v[di].span.field == t->field &&
                doc->dates.v[di].span.start < t->end) {
                floor = ++i;
                continue;
            }
            if (!parse_at(qt, doc, i, st->tok_end, floor, &p)) {
                i++;
                continue;
            }
            qy = NE_VEC_PUSH(doc->quantities);
            qy->span.field = t->field;
            qy->span.start = doc->tokens.v[p.b].start;
            qy->span.end = doc->tokens.v[p.e - 1].end;
            qy->value = p.value;
            snprintf(qy->unit, sizeof(qy->unit), "%s", p.unit);
            floor = i = p.e;
        }
    }
}
