/*
 * newsenrich - tokenisation, normalised forms and sentence splitting.
 *
 * One pass over each field cuts tokens (scan_*), the second pass over the
 * tokens of the field places sentence boundaries (split_sentences). The
 * scanner decides everything that needs the bytes (abbreviation periods,
 * ordinals, clitics, quotes); the splitter only looks at tokens and a
 * per-token byte of hints (AUX_*) kept in the scratch.
 *
 * Character classes come from utf8proc (general category, case, width);
 * ASCII goes through a table of the same classes so that plain text never
 * leaves the fast path. Conventions follow CoNLL/PTB where news corpora
 * agree: clitics split ("do" "n't"), hyphen compounds whole, numbers with
 * their separators whole ("1.000", "2:1", "1945-1990").
 */
#include "text.h"
#include "stages.h"

#include <string.h>
#include <utf8proc.h>

/* ---- character classes ------------------------------------------------ */

enum {
    C_SPACE = 0, /* whitespace, controls, separating format characters */
    C_NL,        /* line break */
    C_PARA,      /* paragraph separator U+2029 */
    C_UPPER,     /* Lu, Lt */
    C_LOWER,     /* Ll */
    C_LETTER,    /* other letters (Lm, Lo, Nl) */
    C_WIDE,      /* East Asian wide Lo/Lm: Han, kana (no spaces between) */
    C_MARK,      /* combining marks: stay with what precedes them */
    C_DIGIT,     /* Nd */
    C_NUMO,      /* No: superscripts, fractions */
    C_JOIN,      /* soft hyphen, ZWJ, ZWNJ: inside words */
    C_PUNCT,     /* P* */
    C_SYMBOL,    /* S* */
    C_OTHER,     /* private use, unassigned */
};

#define IS_WORDC(c) ((c) >= C_UPPER && (c) <= C_JOIN && (c) != C_WIDE)
#define IS_ALNUM(c) ((c) >= C_UPPER && (c) <= C_NUMO && (c) != C_WIDE && \
                     (c) != C_MARK)
#define IS_LETTERC(c) ((c) == C_UPPER || (c) == C_LOWER || (c) == C_LETTER)
#define IS_SPACEC(c) ((c) <= C_PARA)

/* ASCII in the same classes (what utf8proc says for these code points). */
static const uint8_t ascii_cls[128] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 11, 11, 11, 12, 11, 11, 11, 11, 11, 11, 12, 11, 11, 11, 11,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 11, 11, 12, 12, 12, 11,
    11, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 11, 11, 11, 12, 11,
    12, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 11, 12, 11, 12, 0,
};

typedef struct {
    int32_t cp;
    uint8_t len; /* bytes */
    uint8_t cls; /* C_* */
} ch_t;

static uint8_t cp_class(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return C_UPPER;
    case UTF8PROC_CATEGORY_LL:
        return C_LOWER;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return utf8proc_charwidth(cp) == 2 ? C_WIDE : C_LETTER;
    case UTF8PROC_CATEGORY_NL:
        return C_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    case UTF8PROC_CATEGORY_ND:
        return C_DIGIT;
    case UTF8PROC_CATEGORY_NO:
        return C_NUMO;
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
        return C_PUNCT;
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO:
        return C_SYMBOL;
    case UTF8PROC_CATEGORY_ZS:
        return C_SPACE;
    case UTF8PROC_CATEGORY_ZL:
        return C_NL;
    case UTF8PROC_CATEGORY_ZP:
        return C_PARA;
    case UTF8PROC_CATEGORY_CC:
        return cp == 0x85 ? C_NL : C_SPACE;
    case UTF8PROC_CATEGORY_CF:
        /* joiners keep words and emoji sequences together; the other
         * format characters (ZWSP, BOM, bidi marks) only separate */
        return (cp == 0xAD || cp == 0x200C || cp == 0x200D) ? C_JOIN
                                                            : C_SPACE;
    default:
        return C_OTHER;
    }
}

/* Decode the character at s[i] (i < n). The input is valid UTF-8; a
 * malformed byte still yields a one-byte C_OTHER so that nothing loops. */
static inline void get_ch(const uint8_t *s, size_t n, size_t i, ch_t *c)
{
    uint8_t b = s[i];
    int32_t cp;
    size_t len;

    if (b < 0x80) {
        c->cp = b;
        c->len = 1;
        c->cls = ascii_cls[b];
        return;
    }
    if (b >= 0xC2 && b < 0xE0 && i + 1 < n) {
        cp = ((b & 0x1F) << 6) | (s[i + 1] & 0x3F);
        len = 2;
    } else if (b >= 0xE0 && b < 0xF0 && i + 2 < n) {
        cp = ((b & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) |
             (s[i + 2] & 0x3F);
        len = 3;
    } else if (b >= 0xF0 && b < 0xF5 && i + 3 < n) {
        cp = ((b & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) |
             ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
        len = 4;
    } else {
        c->cp = 0xFFFD;
        c->len = 1;
        c->cls = C_OTHER;
        return;
    }
    for (size_t k = 1; k < len; k++)
        if ((s[i + k] & 0xC0) != 0x80) {
            c->cp = 0xFFFD;
            c->len = 1;
            c->cls = C_OTHER;
            return;
        }
    c->cp = cp;
    c->len = (uint8_t)len;
    c->cls = cp_class(cp);
}

/* Class of the character at s[i], C_SPACE past the end. */
static inline uint8_t cls_at(const uint8_t *s, size_t n, size_t i)
{
    ch_t c;
    if (i >= n)
        return C_SPACE;
    get_ch(s, n, i, &c);
    return c.cls;
}

/* Start of the character that ends at s[i] (i > 0). */
static inline size_t prev_start(const uint8_t *s, size_t i)
{
    size_t k = i - 1;
    while (k > 0 && (s[k] & 0xC0) == 0x80)
        k--;
    return k;
}

static inline int is_ascii_digit(uint8_t b)
{
    return b >= '0' && b <= '9';
}

static inline int is_ascii_alpha(uint8_t b)
{
    return (b | 0x20) >= 'a' && (b | 0x20) <= 'z';
}

/* ---- hash and normalisation ------------------------------------------ */

static inline uint64_t load_le64(const uint8_t *p, size_t n)
{
    uint64_t w = 0;
    for (size_t k = 0; k < n; k++)
        w |= (uint64_t)p[k] << (8 * k);
    return w;
}

uint64_t ne_text_hash(const char *s, size_t n)
{
    const uint8_t *p = (const uint8_t *)s;
    uint64_t h = 0x6a09e667f3bcc909ULL ^ ((uint64_t)n * 0x9e3779b97f4a7c15ULL);

    /* eight bytes per multiply, then a full avalanche at the end */
    while (n >= 8) {
        h = (h ^ load_le64(p, 8)) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
        p += 8;
        n -= 8;
    }
    if (n) {
        h = (h ^ load_le64(p, n)) * 0x94d049bb133111ebULL;
        h ^= h >> 29;
    }
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    h ^= h >> 32;
    return h;
}

/* The per-code-point part of the normalisation (text.h). */
static utf8proc_int32_t norm_map(utf8proc_int32_t cp, void *data)
{
    (void)data;
    if (cp == 0x2019 || cp == 0x02BC)
        return '\'';
    if (cp == 0x2010 || cp == 0x2011)
        return '-';
    return utf8proc_tolower(cp);
}

#define NORM_OPTS (UTF8PROC_COMPOSE | UTF8PROC_IGNORE)

struct ne_text_scratch_s {
    utf8proc_int32_t *cps; /* code points while normalising */
    size_t cps_cap;
    uint8_t *aux;          /* AUX_* per token, indexed like doc->tokens */
    size_t aux_cap;
};

/* Normalise s[0..n) into cps (grown as needed); UTF-8 result in *cps as
 * bytes. Returns its length or -1 on invalid UTF-8. */
static long norm_slow(const uint8_t *s, size_t n, utf8proc_int32_t **cps,
                      size_t *cap)
{
    utf8proc_ssize_t r;

    for (;;) {
        r = utf8proc_decompose_custom(s, (utf8proc_ssize_t)n, *cps,
                                      (utf8proc_ssize_t)*cap, NORM_OPTS,
                                      norm_map, NULL);
        if (r < 0)
            return -1;
        if ((size_t)r < *cap) /* reencode needs one spare entry */
            break;
        NE_GROW(*cps, *cap, (size_t)r + 1);
    }
    r = utf8proc_reencode(*cps, r, NORM_OPTS);
    return r < 0 ? -1 : (long)r;
}

/* Fast path: ASCII and Latin-1 letters are NFC already, so lower-casing
 * them byte-wise is the whole normalisation. Returns -1 when the text has
 * anything else. */
static long norm_fast(const uint8_t *s, size_t n, uint8_t *out)
{
    size_t i = 0, o = 0;

    while (i < n) {
        uint8_t b = s[i];
        if (b < 0x80) {
            out[o++] = (b >= 'A' && b <= 'Z') ? (uint8_t)(b | 0x20) : b;
            i++;
        } else if ((b == 0xC2 || b == 0xC3) && i + 1 < n) {
            int32_t cp = ((b & 0x1F) << 6) | (s[i + 1] & 0x3F);
            if (cp == 0xAD) { /* soft hyphen: default ignorable */
                i += 2;
                continue;
            }
            if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
                cp += 0x20;
            out[o++] = (uint8_t)(0xC0 | (cp >> 6));
            out[o++] = (uint8_t)(0x80 | (cp & 0x3F));
            i += 2;
        } else {
            return -1;
        }
    }
    return (long)o;
}

long ne_text_normalise(const char *s, size_t n, char *out, size_t out_size)
{
    utf8proc_int32_t *cps = NULL;
    size_t cap = 0;
    long r;

    if (!out || !out_size)
        return -1;
    out[0] = '\0';
    if (n && !s)
        return -1;
    if (n <= out_size - 1 &&
        (r = norm_fast((const uint8_t *)s, n, (uint8_t *)out)) >= 0 &&
        utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
                           NULL, 0, 0) >= 0) {
        out[r] = '\0';
        return r;
    }
    NE_GROW(cps, cap, n + 16);
    r = norm_slow((const uint8_t *)s, n, &cps, &cap);
    if (r >= 0 && (size_t)r < out_size) {
        memcpy(out, cps, (size_t)r);
        out[r] = '\0';
    } else {
        out[0] = '\0';
        r = -1;
    }
    free(cps);
    return r;
}

/* ---- abbreviations ----------------------------------------------------- */

typedef struct {
    const char *s;
    uint8_t cls;
} abbrev_t;

#define I NE_ABBR_INNER
#define F NE_ABBR_FINAL
#define N NE_ABBR_NUM
/* Sorted by strcmp (bytes): bsearch. Written without the final period.
 * Months and English weekdays that are also names or words ("Jan",
 * "Sun") need a number; German weekdays ("Di.", "So.") are taken as
 * abbreviations whenever capitalised. */
static const abbrev_t abbrevs[] = {
    {"Abb", N},    {"Abg", I},    {"Abk", I},    {"Abs", N},    {"Abt", I},
    {"Adm", I},    {"Ala", F},    {"Anh", I},    {"Anm", I},    {"Apr", F},
    {"Ariz", F},   {"Ark", F},    {"Art", N},    {"Aufl", F},   {"Aug", F},
    {"Ave", F},    {"Bd", N},     {"Bde", F},    {"Bf", I},     {"Bhf", I},
    {"Blvd", F},   {"Bor", I},    {"Bros", F},   {"Bsp", I},    {"Btl", I},
    {"Calif", F},  {"Capt", I},   {"Chr", F},    {"Cmdr", I},   {"Co", F},
    {"Col", I},    {"Colo", F},   {"Conn", F},   {"Corp", F},   {"Cpl", I},
    {"Dec", F},    {"Del", F},    {"Dept", I},   {"Det", I},    {"Dez", F},
    {"Di", I},     {"Dipl", I},   {"Dir", I},    {"Do", I},     {"Dr", I},
    {"Ev", I},     {"Fa", I},     {"Fam", I},    {"Feb", F},    {"Ffm", F},
    {"Fig", N},    {"Fla", F},    {"Fr", I},     {"Fri", N},    {"Frl", I},
    {"Ft", I},     {"Ga", F},     {"Gebr", F},   {"Gen", I},    {"Gov", I},
    {"Hbf", I},    {"Hon", I},    {"Hr", I},     {"Hrn", I},    {"Hrsg", F},
    {"Ill", F},    {"Inc", F},    {"Ind", F},    {"Ing", I},    {"Inh", I},
    {"Jan", N},    {"Jh", F},     {"Jhd", F},    {"Jr", F},     {"Jul", N},
    {"Jun", N},    {"Kan", F},    {"Kap", N},    {"Kfm", I},    {"Kl", I},
    {"Komm", I},   {"Ky", F},     {"La", F},     {"Lt", I},     {"Ltd", F},
    {"Mag", I},    {"Maj", I},    {"Mar", N},    {"Mass", F},   {"Md", F},
    {"Messrs", I}, {"Mi", I},     {"Mich", F},   {"Min", I},    {"Minn", F},
    {"Mio", I},    {"Mo", I},     {"Mon", N},    {"Mont", F},   {"Mr", I},
    {"Mrd", I},    {"Mrs", I},    {"Ms", I},     {"Mt", I},     {"Nachf", F},
    {"Neb", F},    {"Nev", F},    {"No", N},     {"Nos", N},    {"Nov", F},
    {"Nr", I},     {"Oct", F},    {"Okla", F},   {"Okt", F},    {"Op", N},
    {"Ore", F},    {"Pa", F},     {"Pfd", I},    {"Pkt", I},    {"Pres", I},
    {"Prof", I},   {"Prov", I},   {"Pvt", I},    {"Rd", F},     {"Reg", I},
    {"Rep", I},    {"Rev", I},    {"Sa", I},     {"Sat", N},    {"Sen", I},
    {"Sep", F},    {"Sept", F},   {"Sgt", I},    {"So", I},     {"Spvgg", I},
    {"Sr", F},     {"St", I},     {"Std", I},    {"Str", I},    {"Sun", N},
    {"Supt", I},   {"Tel", N},    {"Tenn", F},   {"Tex", F},    {"Th", I},
    {"Thu", N},    {"Thurs", N},  {"Tsd", I},    {"Tue", N},    {"Tues", N},
    {"Va", F},     {"Verf", I},   {"Vol", N},    {"Vors", I},   {"Vt", F},
    {"Wash", F},   {"Wed", N},    {"Wis", F},    {"Wyo", F},    {"Ztg", I},
    {"a.D", F},    {"a.M", F},    {"a.m", F},    {"allg", I},   {"approx", I},
    {"bspw", I},   {"bzgl", I},   {"bzw", I},    {"ca", I},     {"d.h", I},
    {"d.i", I},    {"dt", I},     {"e.V", F},    {"e.g", I},    {"ebd", F},
    {"ehem", I},   {"engl", I},   {"entspr", I}, {"erg", I},    {"est", I},
    {"etc", F},    {"ev", I},     {"evtl", I},   {"exkl", I},   {"ff", F},
    {"franz", I},  {"geb", I},    {"gegr", I},   {"gem", I},    {"ges", I},
    {"gest", I},   {"ggf", I},    {"ggü", I},    {"hl", I},     {"hrsg", I},
    {"i.A", I},    {"i.d.R", I},  {"i.e", I},    {"inkl", I},   {"insb", I},
    {"jr", F},     {"kath", I},   {"kgl", I},    {"lt", I},     {"max", I},
    {"mind", I},   {"n.Chr", F},  {"o.Ä", F},    {"o.ä", F},    {"op", N},
    {"p.m", F},    {"pp", N},     {"rd", I},     {"resp", I},   {"röm", I},
    {"s.o", F},    {"s.u", I},    {"sen", I},    {"sog", I},    {"stellv", I},
    {"u.U", I},    {"u.a", I},    {"u.v.m", F},  {"u.Ä", F},    {"u.ä", F},
    {"usf", F},    {"usw", F},    {"v.Chr", F},  {"v.a", I},    {"verh", I},
    {"vgl", I},    {"vol", N},    {"vs", I},     {"z.B", I},    {"z.T", I},
    {"z.Z", I},    {"z.Zt", I},   {"zit", I},    {"zus", I},    {"zw", I},
    {"zzgl", I},
};
#undef I
#undef F
#undef N

static int abbrev_find(const char *s, size_t n)
{
    size_t lo = 0, hi = NE_ARRAY_SIZE(abbrevs);

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *e = abbrevs[mid].s;
        /* memcmp on the shorter length, then the lengths: the word may hold
         * a NUL byte, which strncmp would read as its end */
        size_t elen = strlen(e);
        int c = memcmp(e, s, elen < n ? elen : n);
        if (c == 0 && elen != n)
            c = elen < n ? -1 : 1;
        if (c == 0)
            return abbrevs[mid].cls;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NE_ABBR_NONE;
}

ne_abbrev_class_t ne_text_abbrev_class(const char *s, size_t n)
{
    char low[16];
    int cls;

    if (!n || n >= sizeof(low))
        return NE_ABBR_NONE;
    if ((cls = abbrev_find(s, n)) != NE_ABBR_NONE)
        return (ne_abbrev_class_t)cls;
    /* "Bzw." and "Z.B." at the start of a sentence */
    if (s[0] >= 'A' && s[0] <= 'Z') {
        memcpy(low, s, n);
        low[0] = (char)(s[0] | 0x20);
        return (ne_abbrev_class_t)abbrev_find(low, n);
    }
    return NE_ABBR_NONE;
}

/* ---- small word lists for the sentence and ordinal decisions --------- */

/* Is the lower-case norm[0..n) in the space-separated list? */
static int in_list(const char *list, const char *norm, size_t n)
{
    const char *p = list;

    while (*p) {
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && memcmp(p, norm, n) == 0)
            return 1;
        if (!e)
            break;
        p = e + 1;
    }
    return 0;
}

/* Words that start sentences far more often than they follow an
 * abbreviation or an initial inside one (compared in lower case). */
static const char starters[] =
    "der die das den dem des ein eine einer eines einem einen er sie es "
    "wir ich ihr man dies diese dieser dieses doch aber und auch so am im "
    "nach bei als wenn dass damit dann nun zudem außerdem laut zwar sein "
    "seine seit trotz wie was wer wo "
    "the a an he she it they we i this that these those but and in on at "
    "as if when there his her its their our you after before while "
    "however meanwhile yet so for";

/* Month names and their short forms (lower case). */
static const char months[] =
    "januar jänner februar feber märz april mai juni juli august "
    "september oktober november dezember january february march june july "
    "october december jan feb mär mar apr jun jul aug sep sept okt oct nov "
    "dez dec";

/* Words after which "13." is an ordinal even before a capital noun. */
static const char ordinal_left[] =
    "der die das den dem des am im zum zur vom beim ab bis seit an in "
    "ihr ihre ihrem ihren ihrer sein seine seinem seinen seiner ein eine "
    "einem einen einer jeder jede jedes jeden jedem sowie und oder bzw "
    "zwischen vor nach für mit von";

static const char weekdays[] =
    "montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag";

/* Top-level domains accepted in a bare domain name ("spiegel.de"). */
static const char tlds[] =
    "de at ch com org net eu uk info io fr it es nl be pl ru us gov edu tv "
    "fm me co biz online news lu li dk se no fi cz";

/* ---- token construction ---------------------------------------------- */

/* Hints for the sentence splitter, one byte per token in the scratch. */
#define AUX_TERM     0x01 /* . ! ? … and runs of them */
#define AUX_CLOSER   0x02 /* closing bracket */
#define AUX_CONT     0x04 /* , ; : ( / & and dashes: the line goes on */
#define AUX_LOWER    0x08 /* starts with a lower-case letter */
#define AUX_OPENER   0x10 /* opening bracket */
#define AUX_ABBR_SHIFT 5  /* ne_abbrev_class_t in bits 5-6 */
#define AUX_ABBR(a) (((a) >> AUX_ABBR_SHIFT) & 3)

typedef struct {
    size_t end;
    uint16_t flags;
    uint8_t kind, quote_style, aux;
} tok_t;

/* Per-field scanner state. */
typedef struct {
    ne_doc_t *doc;
    struct ne_text_scratch_s *sc;
    const uint8_t *s;
    size_t n;
    uint8_t field;
    size_t tok0;      /* first token of the field */
    int open_dbl;     /* a straight double quote is open */
    int open_sgl;     /* a single quote of any style is open */
} scan_t;

/* Case and digit flags of s[a..b) (letters as utf8proc sees them). */
static uint16_t shape_flags(const uint8_t *s, size_t a, size_t b,
                            uint8_t *aux)
{
    size_t i = a;
    int upper = 0, lower = 0, first = 1;
    uint16_t f = 0;
    ch_t c;

    while (i < b) {
        get_ch(s, b, i, &c);
        if (c.cls == C_UPPER) {
            if (first)
                f |= NE_TOKF_CAP;
            upper++;
            first = 0;
        } else if (c.cls == C_LOWER) {
            if (first)
                *aux |= AUX_LOWER;
            lower++;
            first = 0;
        } else if (c.cls == C_LETTER || c.cls == C_WIDE) {
            first = 0;
        } else if (c.cls == C_DIGIT) {
            f |= NE_TOKF_DIGIT;
        } else if ((c.cp == '-' || c.cp == 0x2010 || c.cp == 0x2011) &&
                   i > a) {
            f |= NE_TOKF_HYPHEN;
        }
        i += c.len;
    }
    if (upper >= 2 && !lower)
        f |= NE_TOKF_ALLCAP;
    return f;
}

static void push_token(scan_t *st, size_t start, const tok_t *t)
{
    ne_doc_t *doc = st->doc;
    struct ne_text_scratch_s *sc = st->sc;
    size_t len = t->end - start;
    ne_token_t *tok;
    uint8_t aux = t->aux;
    long nl;
    uint8_t *dst;

    tok = NE_VEC_PUSH(doc->tokens);
    tok->start = (uint32_t)start;
    tok->end = (uint32_t)t->end;
    tok->field = st->field;
    tok->kind = t->kind;
    tok->quote_style = t->quote_style;
    tok->tag = 0;
    tok->sent = 0;
    tok->mention = -1;
    tok->flags = t->flags;
    if (t->kind == NE_TOK_WORD || t->kind == NE_TOK_NUMBER)
        tok->flags |= shape_flags(st->s, start, t->end, &aux);

    /* normalised form, NUL-terminated, straight into doc->norm */
    ne_buf_reserve(&doc->norm, 2 * len + 1);
    dst = (uint8_t *)doc->norm.data + doc->norm.len;
    nl = norm_fast(st->s + start, len, dst);
    if (nl < 0) {
        nl = norm_slow(st->s + start, len, &sc->cps, &sc->cps_cap);
        if (nl < 0) { /* not UTF-8 after all: keep the bytes */
            nl = (long)len;
            ne_buf_reserve(&doc->norm, len + 1);
            memcpy(doc->norm.data + doc->norm.len, st->s + start, len);
        } else {
            ne_buf_reserve(&doc->norm, (size_t)nl + 1);
            memcpy(doc->norm.data + doc->norm.len, sc->cps, (size_t)nl);
        }
    }
    tok->norm_off = (uint32_t)doc->norm.len;
    tok->norm_len = (uint16_t)nl;
    tok->hash = ne_text_hash(doc->norm.data + doc->norm.len, (size_t)nl);
    doc->norm.len += (size_t)nl;
    doc->norm.data[doc->norm.len++] = '\0';
    doc->norm.data[doc->norm.len] = '\0';

    NE_GROW(sc->aux, sc->aux_cap, doc->tokens.cnt);
    sc->aux[doc->tokens.cnt - 1] = aux;
}

/* The previous token of this field, or NULL. */
static const ne_token_t *prev_tok(const scan_t *st)
{
    const ne_doc_t *doc = st->doc;
    return doc->tokens.cnt > st->tok0 ? &doc->tokens.v[doc->tokens.cnt - 1]
                                      : NULL;
}

/* Is the previous token's normalised form in list? */
static int prev_in(const scan_t *st, const char *list)
{
    const ne_token_t *t = prev_tok(st);
    return t && t->norm_len < 16 &&
           in_list(list, st->doc->norm.data + t->norm_off, t->norm_len);
}

/* Lower-case copy (ASCII and Latin-1 only, enough for the word lists) of
 * the next letter run after s[i], skipping horizontal spaces. Returns the
 * run's length (0: none, or too long); *first gets its first class, C_NL
 * when a line break comes first, C_SPACE at the end of the field. */
static size_t peek_word(const uint8_t *s, size_t n, size_t i, char *buf,
                        size_t bufsz, uint8_t *first)
{
    ch_t c;
    size_t a, o;

    while (i < n) {
        get_ch(s, n, i, &c);
        if (c.cls != C_SPACE)
            break;
        i += c.len;
    }
    *first = C_SPACE;
    if (i >= n)
        return 0;
    get_ch(s, n, i, &c);
    *first = c.cls;
    if (!IS_LETTERC(c.cls))
        return 0;
    a = i;
    while (i < n) {
        get_ch(s, n, i, &c);
        if (!IS_LETTERC(c.cls))
            break;
        i += c.len;
    }
    if (i - a + 1 > bufsz)
        return 0;
    o = (size_t)norm_fast(s + a, i - a, (uint8_t *)buf);
    if ((long)o < 0)
        return 0;
    buf[o] = '\0';
    return o;
}

/* ---- scanners: each returns the token that starts at i ---------------- */

/* A clitic after the apostrophe at s[q]: "s", "re", "ve", "ll", "d", "m"
 * (any case) followed by a non-word character. Returns its length. */
static size_t clitic_len(const uint8_t *s, size_t n, size_t q)
{
    static const char *const cl[] = {"s", "re", "ve", "ll", "d", "m"};
    for (size_t k = 0; k < NE_ARRAY_SIZE(cl); k++) {
        size_t len = strlen(cl[k]), j;
        if (q + len > n)
            continue;
        for (j = 0; j < len; j++)
            if ((s[q + j] | 0x20) != (uint8_t)cl[k][j])
                break;
        if (j == len && !IS_WORDC(cls_at(s, n, q + len)))
            return len;
    }
    return 0;
}

/* Apostrophe at s[p]: ' or ’ (U+2019). Returns its length or 0. */
static inline size_t apos_len(const uint8_t *s, size_t n, size_t p)
{
    if (s[p] == '\'')
        return 1;
    if (p + 2 < n && s[p] == 0xE2 && s[p + 1] == 0x80 && s[p + 2] == 0x99)
        return 3;
    return 0;
}

/* Hyphen at s[p]: - U+2010 U+2011. Returns its length or 0. */
static inline size_t hyphen_len(const uint8_t *s, size_t n, size_t p)
{
    if (s[p] == '-')
        return 1;
    if (p + 2 < n && s[p] == 0xE2 && s[p + 1] == 0x80 &&
        (s[p + 2] == 0x90 || s[p + 2] == 0x91))
        return 3;
    return 0;
}

/* URL from s[i] ("http://", "https://", "www."): up to whitespace or a
 * quotation mark, without trailing punctuation or an unbalanced ')'. */
static size_t scan_url(const uint8_t *s, size_t n, size_t i)
{
    size_t p = i, end;
    int paren = 0;
    ch_t c;

    while (p < n && p - i < NE_TEXT_MAX_TOKEN) {
        get_ch(s, n, p, &c);
        if (IS_SPACEC(c.cls) || c.cp == '"' || c.cp == '<' || c.cp == '>' ||
            (c.cls == C_PUNCT && c.cp > 0x7F &&
             (utf8proc_category(c.cp) == UTF8PROC_CATEGORY_PI ||
              utf8proc_category(c.cp) == UTF8PROC_CATEGORY_PF)))
            break;
        if (c.cp == '(')
            paren++;
        if (c.cp == ')' && --paren < 0)
            break;
        p += c.len;
    }
    end = p;
    while (end > i && strchr(".,;:!?'", s[end - 1]))
        end--;
    return end;
}

static int url_prefix(const uint8_t *s, size_t n, size_t i)
{
    static const char *const pre[] = {"http://", "https://", "ftp://",
                                      "www."};
    for (size_t k = 0; k < NE_ARRAY_SIZE(pre); k++) {
        size_t len = strlen(pre[k]);
        if (i + len < n && strncasecmp((const char *)s + i, pre[k], len) == 0
            && !IS_SPACEC(cls_at(s, n, i + len)))
            return 1;
    }
    return 0;
}

/* E-mail address from s[i]: local@domain.tld. Returns its end or 0. */
static size_t scan_email(const uint8_t *s, size_t n, size_t i)
{
    size_t p = i, last_dot = 0, end;

    while (p < n && p - i < 64 &&
           (is_ascii_alpha(s[p]) || is_ascii_digit(s[p]) ||
            strchr("._%+-", s[p]) != NULL) && s[p])
        p++;
    if (p == i || p >= n || s[p] != '@')
        return 0;
    p++;
    end = p;
    while (p < n && p - i < 256 &&
           (is_ascii_alpha(s[p]) || is_ascii_digit(s[p]) || s[p] == '-' ||
            (s[p] == '.' && p + 1 < n &&
             (is_ascii_alpha(s[p + 1]) || is_ascii_digit(s[p + 1]))))) {
        if (s[p] == '.')
            last_dot = p;
        p++;
    }
    /* a domain with a dot and a top-level label of two or more letters */
    if (!last_dot || p - last_dot < 3 || p == end)
        return 0;
    for (size_t k = last_dot + 1; k < p; k++)
        if (!is_ascii_alpha(s[k]))
            return 0;
    return p;
}

/* Bare domain after the word s[i..p) at the '.' s[p]: "spiegel.de",
 * "t-online.de/politik". Returns its end or 0. */
static size_t scan_domain(const uint8_t *s, size_t n, size_t i, size_t p)
{
    size_t q, lab, last_lab = 0, last_len = 0;
    char tld[8];

    for (q = i; q < p; q++)
        if (!is_ascii_alpha(s[q]) && !is_ascii_digit(s[q]) && s[q] != '-')
            return 0;
    q = p;
    while (q < n && s[q] == '.') {
        lab = q + 1;
        q = lab;
        while (q < n && (is_ascii_alpha(s[q]) || is_ascii_digit(s[q]) ||
                         s[q] == '-'))
            q++;
        if (q == lab)
            return 0;
        last_lab = lab;
        last_len = q - lab;
        if (q + 1 >= n || s[q] != '.' || !is_ascii_alpha(s[q + 1]))
            break;
    }
    if (!last_lab || last_len >= sizeof(tld))
        return 0;
    for (size_t k = 0; k < last_len; k++) {
        if (s[last_lab + k] < 'a' || s[last_lab + k] > 'z')
            return 0;
        tld[k] = (char)s[last_lab + k];
    }
    if (IS_WORDC(cls_at(s, n, q)) || !in_list(tlds, tld, last_len))
        return 0;
    if (q < n && s[q] == '/')
        return scan_url(s, n, i);
    return q;
}

/* "z.B.", "U.S.", "i.d.R.", "Ph.D.": letter groups of at most three (the
 * first at most two) each followed by a period, two groups or more; the
 * first group s[i..p) is scanned already. Returns the end or 0. */
static size_t scan_dotted(const uint8_t *s, size_t n, size_t i, size_t p)
{
    size_t groups = 1, q = p, a;
    ch_t c;

    while (q < n && s[q] == '.') {
        q++;
        a = q;
        while (q < n && q - a < 16) {
            get_ch(s, n, q, &c);
            if (!IS_LETTERC(c.cls) && c.cls != C_MARK)
                break;
            q += c.len;
        }
        if (q == a) /* the period ended the abbreviation */
            return groups >= 2 && !IS_WORDC(cls_at(s, n, q)) ? q : 0;
        if (q - a > 3)
            return 0;
        groups++;
        if (q >= n || s[q] != '.') {
            /* "U.S", "u.a" without the last period: short groups only */
            if (q - a <= 2 && p - i <= 2 && !IS_WORDC(cls_at(s, n, q)))
                return q;
            return 0;
        }
    }
    return 0;
}

/* Roman numeral of two or more of I, V, X: "II", "XIV". */
static int is_roman(const uint8_t *s, size_t a, size_t b)
{
    if (b - a < 2 || b - a > 6)
        return 0;
    for (size_t k = a; k < b; k++)
        if (s[k] != 'I' && s[k] != 'V' && s[k] != 'X')
            return 0;
    return 1;
}

/* Is the first non-space character from s[i] one of set? */
static int next_char_in(const uint8_t *s, size_t n, size_t i,
                        const char *set)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i < n && s[i] && strchr(set, s[i]) != NULL;
}

/* The period at s[p] after the number s[i..p): ordinal ("13. September",
 * "am 3. Oktober", "der 2. Weltkrieg", an enumerator at a line start)? */
static int ordinal_after(const scan_t *st, size_t i, size_t p, int line_start)
{
    const uint8_t *s = st->s;
    size_t n = st->n, len;
    char w[24];
    uint8_t first;

    int a = 0, b = -1;

    /* at most "13.12": also keeps a and b far from overflowing */
    if (p - i > 5)
        return 0;
    /* plain "13" or a day and month "13.9" */
    for (size_t k = i; k < p; k++) {
        if (is_ascii_digit(s[k]) && b < 0)
            a = a * 10 + (s[k] - '0');
        else if (is_ascii_digit(s[k]))
            b = b * 10 + (s[k] - '0');
        else if (s[k] == '.' && b < 0)
            b = 0;
        else
            return 0;
    }
    if (b < 0 ? p - i > 3 : (a < 1 || a > 31 || b < 1 || b > 12 ||
                             p - i > 5))
        return 0;
    if (p + 1 >= n)
        return 0;
    if (IS_WORDC(cls_at(s, n, p + 1)))
        return 1; /* "1.FC", "3.Liga" */
    len = peek_word(s, n, p + 1, w, sizeof(w), &first);
    if (first == C_NL || first == C_PARA || first == C_SPACE)
        return 0; /* end of line or field */
    if (first == C_DIGIT || first == C_LOWER)
        return 1;
    /* the month of "bis 23. 8.)" */
    {
        const ne_token_t *pt = prev_tok(st);
        if (pt && (pt->flags & NE_TOKF_ORDINAL) && b < 0 && a >= 1 &&
            a <= 12 && pt->kind == NE_TOK_NUMBER)
            return 1;
    }
    /* minute of a goal: "Saha (29.)" */
    if (first == C_PUNCT && b < 0 && prev_in(st, "(") &&
        next_char_in(s, n, p + 1, ")"))
        return 1;
    /* "Freitag, 11., bis Sonntag", "22./23. August" */
    if (first == C_PUNCT && b < 0 && a <= 31 && (prev_in(st, ",") ||
        prev_in(st, weekdays)) && next_char_in(s, n, p + 1, ",/"))
        return 1;
    if (len && in_list(months, w, len))
        return 1;
    if (line_start)
        return 1;
    if (prev_in(st, ordinal_left))
        return 1;
    /* a capitalised word that does not usually start a sentence */
    return first == C_UPPER && !(len && in_list(starters, w, len));
}

/* Word, number, compound: letters, marks, digits and the joiners between
 * them. Decides abbreviation and ordinal periods. */
static void scan_word(scan_t *st, size_t i, int line_start, tok_t *t)
{
    const uint8_t *s = st->s;
    size_t n = st->n, p = i, q, r;
    int wide, joined = 0, has_letter = 0;
    uint8_t last = C_SPACE, cls;
    ch_t c, d;

    get_ch(s, n, i, &c);
    wide = c.cls == C_WIDE;
    t->kind = (c.cls == C_DIGIT || c.cls == C_NUMO) ? NE_TOK_NUMBER
                                                     : NE_TOK_WORD;
    if (!wide && (s[i] | 0x20) <= 'w' && ((s[i] | 0x20) == 'h' ||
        (s[i] | 0x20) == 'w' || (s[i] | 0x20) == 'f') && url_prefix(s, n, i)) {
        t->end = scan_url(s, n, i);
        t->kind = NE_TOK_WORD;
        return;
    }
    for (;;) {
        /* a run of word characters (or of wide letters) */
        while (p < n) {
            get_ch(s, n, p, &c);
            if (wide ? (c.cls != C_WIDE && c.cls != C_MARK && c.cls != C_JOIN)
                     : !IS_WORDC(c.cls))
                break;
            if (p + c.len - i > NE_TEXT_MAX_TOKEN)
                goto done;
            if (c.cls != C_MARK && c.cls != C_JOIN)
                last = c.cls;
            if (IS_LETTERC(c.cls))
                has_letter = 1;
            p += c.len;
        }
        if (wide || p >= n)
            break;
        cls = cls_at(s, n, p + 1);
        /* joiners between word characters */
        if ((q = hyphen_len(s, n, p))) {
            cls = cls_at(s, n, p + q);
            if (IS_ALNUM(cls)) {
                p += q;
                joined = 1;
                continue;
            }
            /* "Asylbewerber-, Aussiedler- und": keep the dangling hyphen */
            if (IS_LETTERC(last) && (IS_SPACEC(cls) || s[p + q] == ',' ||
                                     s[p + q] == '/')) {
                p += q;
                joined = 1;
            }
            break;
        }
        if ((q = apos_len(s, n, p))) {
            if (IS_LETTERC(last)) {
                if (clitic_len(s, n, p + q))
                    break; /* "Peter" "'s" */
                if (p + q < n && (s[p + q] | 0x20) == 't' &&
                    (s[p - 1] | 0x20) == 'n' &&
                    p - 1 > i && !IS_WORDC(cls_at(s, n, p + q + 1))) {
                    p--; /* "do" "n't" */
                    break;
                }
                if (IS_LETTERC(cls_at(s, n, p + q))) {
                    p += q; /* "O'Neill", "d'Or", "n't" itself */
                    joined = 1;
                    continue;
                }
            } else if (last == C_DIGIT && cls_at(s, n, p + q) == C_DIGIT) {
                p += q; /* "400'000" */
                continue;
            }
            break;
        }
        switch (s[p]) {
        case '.':
        case ',':
            if (!has_letter && last == C_DIGIT && cls == C_DIGIT) {
                p++; /* "3,5", "1.000", "3.10.2020" */
                continue;
            }
            break;
        case ':':
            if (!has_letter && last == C_DIGIT && cls == C_DIGIT) {
                p++; /* "2:1", "14:30" */
                continue;
            }
            break;
        case '/':
        case '_':
            if (IS_ALNUM(last) && IS_ALNUM(cls)) {
                p++; /* "km/h", "CDU/CSU", "2019/20" */
                continue;
            }
            break;
        case '&':
            if (last == C_UPPER && cls == C_UPPER) {
                p++; /* "S&P", "AT&T" */
                continue;
            }
            break;
        case '+':
            /* ratings: "AA+", "BBB+" */
            if (p - i <= 4 && !joined && last == C_UPPER &&
                !IS_WORDC(cls) && s[i] >= 'A' && s[i] <= 'Z')
                p++;
            goto done;
        case '$':
            /* "US$", "HK$" */
            if (p - i <= 3 && !joined && s[i] >= 'A' && s[i] <= 'Z')
                p++;
            goto done;
        case 0xE2: /* en dash between digits or words: "1961–1964" */
            if (p + 3 < n && s[p + 1] == 0x80 && s[p + 2] == 0x93 &&
                IS_ALNUM(last) && IS_ALNUM(cls_at(s, n, p + 3))) {
                p += 3;
                joined = 1;
                continue;
            }
            break;
        }
        break;
    }
done:
    t->end = p;
    if (joined && has_letter)
        t->kind = NE_TOK_WORD;
    if (p >= n || wide)
        return;

    /* what follows the word: an e-mail, a domain, a kept period */
    if ((s[p] == '@' || s[p] == '.' || s[p] == '+' || s[p] == '%' ||
         s[p] == '_') && (r = scan_email(s, n, i))) {
        t->end = r;
        t->kind = NE_TOK_WORD;
        return;
    }
    if (s[p] != '.')
        return;
    get_ch(s, n, i, &d);
    if (t->kind == NE_TOK_NUMBER && !has_letter) {
        if (ordinal_after(st, i, p, line_start)) {
            t->end = p + 1;
            t->flags |= NE_TOKF_ORDINAL | NE_TOKF_ABBREV;
        }
        return;
    }
    if (!joined && p - i <= 2 && p + 1 < n && IS_LETTERC(cls_at(s, n, p + 1))
        && (r = scan_dotted(s, n, i, p))) {
        int cls_ab = ne_text_abbrev_class((const char *)s + i,
                                          r - i - (s[r - 1] == '.'));
        t->end = r;
        if (s[r - 1] == '.') {
            t->flags |= NE_TOKF_ABBREV;
            t->aux |= (uint8_t)((cls_ab ? cls_ab : NE_ABBR_FINAL)
                                << AUX_ABBR_SHIFT);
        }
        goto compound;
    }
    if (joined && p - i >= 3 && p + 1 < n && IS_LETTERC(cls_at(s, n, p + 1))) {
        /* "(D-N.Y.)", "R-S.C.": a party and a dotted state code, one
         * token; without this "Y." would start a sentence */
        size_t h = p - 1;
        while (h > i && s[h] != '-' && p - h <= 3)
            h--;
        if (h > i && s[h] == '-' && p - h - 1 <= 2 && s[h + 1] >= 'A' &&
            s[h + 1] <= 'Z' &&
            (r = scan_dotted(s, n, h + 1, p)) && s[r - 1] == '.') {
            t->end = r;
            t->flags |= NE_TOKF_ABBREV;
            t->aux |= (uint8_t)(NE_ABBR_FINAL << AUX_ABBR_SHIFT);
            return;
        }
    }
    if ((r = scan_domain(s, n, i, p))) {
        t->end = r;
        return;
    }
    {
        int ab = ne_text_abbrev_class((const char *)s + i, p - i);
        size_t cps = 0;
        for (q = i; q < p; q++)
            cps += (s[q] & 0xC0) != 0x80;
        if (ab == NE_ABBR_NUM) {
            uint8_t first;
            char w[4];
            peek_word(s, n, p + 1, w, sizeof(w), &first);
            if (first != C_DIGIT)
                ab = NE_ABBR_NONE;
        }
        if (!ab && cps == 1 && IS_LETTERC(d.cls))
            ab = d.cls == C_UPPER ? NE_ABBR_FINAL : NE_ABBR_INNER;
        if (!ab && p - i > 3 && memcmp(s + p - 3, "str", 3) == 0)
            ab = NE_ABBR_INNER; /* "Hauptstr. 5" */
        if (!ab && is_roman(s, i, p)) {
            const ne_token_t *pt = prev_tok(st);
            if (pt && (pt->flags & NE_TOKF_CAP)) {
                t->flags |= NE_TOKF_ORDINAL; /* "Wilhelm II." */
                ab = NE_ABBR_FINAL;
            }
        }
        if (!ab)
            return;
        t->end = p + 1;
        t->flags |= NE_TOKF_ABBREV;
        t->aux |= (uint8_t)(ab << AUX_ABBR_SHIFT);
    }
compound:
    /* "St.-Georgs-Kirche", "U.S.-led": a compound goes on after the
     * abbreviation */
    r = t->end;
    if (s[r - 1] == '.' && r + 1 < n && (q = hyphen_len(s, n, r)) &&
        IS_LETTERC(cls_at(s, n, r + q))) {
        tok_t w = {0};
        scan_word(st, r + q, 0, &w);
        t->end = w.end;
        t->flags &= (uint16_t)~(NE_TOKF_ABBREV | NE_TOKF_ORDINAL);
        t->aux = w.aux;
        t->flags |= w.flags;
    }
}

/* Quotation mark of the character cp (and what follows, for `` and ''),
 * NE_QUOTE_NONE when it is none. *len gets the mark's length. */
static int quote_of(const uint8_t *s, size_t n, size_t i, int32_t cp,
                    size_t *len)
{
    *len = 1;
    switch (cp) {
    case '"':
        return NE_QUOTE_DBL_STRAIGHT;
    case '\'':
        if (i + 1 < n && s[i + 1] == '\'') {
            *len = 2;
            return NE_QUOTE_APOS2;
        }
        return NE_QUOTE_SGL_STRAIGHT;
    case '`':
        if (i + 1 < n && s[i + 1] == '`') {
            *len = 2;
            return NE_QUOTE_BACKTICK2;
        }
        return NE_QUOTE_BACKTICK;
    }
    *len = cp < 0x800 ? 2 : 3;
    switch (cp) {
    case 0x201E: return NE_QUOTE_DBL_LOW;
    case 0x201C: return NE_QUOTE_DBL_LEFT;
    case 0x201D: return NE_QUOTE_DBL_RIGHT;
    case 0x201A: return NE_QUOTE_SGL_LOW;
    case 0x2018: return NE_QUOTE_SGL_LEFT;
    case 0x2019: return NE_QUOTE_SGL_RIGHT;
    case 0x00BB: return NE_QUOTE_GUIL_RIGHT;
    case 0x00AB: return NE_QUOTE_GUIL_LEFT;
    case 0x203A: return NE_QUOTE_SGUIL_RIGHT;
    case 0x2039: return NE_QUOTE_SGUIL_LEFT;
    case 0x201F: return NE_QUOTE_DBL_REV;
    case 0x201B: return NE_QUOTE_SGL_REV;
    case 0x300C: return NE_QUOTE_CORNER_OPEN;
    case 0x300D: return NE_QUOTE_CORNER_CLOSE;
    case 0x300E: return NE_QUOTE_WCORNER_OPEN;
    case 0x300F: return NE_QUOTE_WCORNER_CLOSE;
    }
    return NE_QUOTE_NONE;
}

static int is_single_mark(int style)
{
    return style == NE_QUOTE_SGL_LOW || style == NE_QUOTE_SGL_LEFT ||
           style == NE_QUOTE_SGL_RIGHT || style == NE_QUOTE_SGL_STRAIGHT ||
           style == NE_QUOTE_SGUIL_LEFT || style == NE_QUOTE_SGUIL_RIGHT ||
           style == NE_QUOTE_SGL_REV || style == NE_QUOTE_BACKTICK;
}

/* Open or close, from the mark and the characters around it. */
static uint16_t quote_flags(scan_t *st, int style, size_t i, size_t end)
{
    const uint8_t *s = st->s;
    size_t n = st->n;
    int can_o = ne_quote_can_open(style, NE_QUOTE_LANG_ANY);
    int can_c = ne_quote_can_close(style, NE_QUOTE_LANG_ANY);
    int left, right, ps, ns, np;
    uint8_t pc = C_SPACE, nc = C_SPACE;
    int32_t pcp = ' ', ncp = ' ';
    uint16_t f;
    ch_t c;

    if (i > 0) {
        get_ch(s, n, prev_start(s, i), &c);
        pc = c.cls;
        pcp = c.cp;
    }
    if (end < n) {
        get_ch(s, n, end, &c);
        nc = c.cls;
        ncp = c.cp;
    }
    /* spaces and punctuation around the mark, as in CommonMark's
     * flanking rules: "„Ja" opens, "Ja“" and "Ja“," close */
    ps = IS_SPACEC(pc) || pcp == '(' || pcp == '[' || pcp == '{' ||
         pcp == 0x2013 || pcp == 0x2014 || pcp == '-' || pcp == '/';
    ns = IS_SPACEC(nc);
    np = ncp == 0x2026 || (ncp < 0x80 && ncp &&
                           strchr(".,;:!?)]}", (int)ncp) != NULL);
    left = ps && !ns && !np;
    right = (!ps && (ns || np)) || (ps && np);
    if (!can_c)
        f = NE_TOKF_QUOTE_OPEN;
    else if (!can_o)
        f = NE_TOKF_QUOTE_CLOSE;
    else if (left && !right)
        f = NE_TOKF_QUOTE_OPEN;
    else if (right && !left)
        f = NE_TOKF_QUOTE_CLOSE;
    else if (style == NE_QUOTE_DBL_STRAIGHT)
        f = st->open_dbl ? NE_TOKF_QUOTE_CLOSE : NE_TOKF_QUOTE_OPEN;
    else if (style == NE_QUOTE_SGL_STRAIGHT)
        f = st->open_sgl ? NE_TOKF_QUOTE_CLOSE : NE_TOKF_QUOTE_OPEN;
    else if (style == NE_QUOTE_GUIL_LEFT || style == NE_QUOTE_SGUIL_LEFT)
        f = NE_TOKF_QUOTE_OPEN;  /* spaced French « citation » */
    else if (style == NE_QUOTE_GUIL_RIGHT || style == NE_QUOTE_SGUIL_RIGHT)
        f = NE_TOKF_QUOTE_CLOSE;
    else
        f = NE_TOKF_QUOTE_OPEN | NE_TOKF_QUOTE_CLOSE;

    if (style == NE_QUOTE_DBL_STRAIGHT && f != (NE_TOKF_QUOTE_OPEN |
                                                NE_TOKF_QUOTE_CLOSE))
        st->open_dbl = f == NE_TOKF_QUOTE_OPEN;
    if (is_single_mark(style) && f != (NE_TOKF_QUOTE_OPEN |
                                       NE_TOKF_QUOTE_CLOSE))
        st->open_sgl = f == NE_TOKF_QUOTE_OPEN;
    return f;
}

/* A token that starts with a quotation mark: a clitic ("'s", "'90s"), an
 * apostrophe, or the mark itself. */
static void scan_quote(scan_t *st, size_t i, int style, size_t mlen,
                       int space_before, tok_t *t)
{
    const uint8_t *s = st->s;
    size_t n = st->n, q = i + mlen;
    const ne_token_t *pt = prev_tok(st);
    int attached = i > 0 && !space_before && pt && pt->end == i;
    int after_word = pt && (pt->kind == NE_TOK_WORD ||
                            pt->kind == NE_TOK_NUMBER);
    size_t cl;

    t->quote_style = (uint8_t)style;
    if (style == NE_QUOTE_SGL_STRAIGHT || style == NE_QUOTE_SGL_RIGHT) {
        /* "Peter's" / "Peter 's" (CoNLL text): the clitic is a word */
        if (after_word && (cl = clitic_len(s, n, q))) {
            t->end = q + cl;
            t->kind = NE_TOK_WORD;
            t->quote_style = NE_QUOTE_NONE;
            return;
        }
        /* "'90s", "'43" */
        if (q + 1 < n && is_ascii_digit(s[q]) && is_ascii_digit(s[q + 1]) &&
            !IS_WORDC(cls_at(s, n, q + 2 + (q + 2 < n && s[q + 2] == 's')))) {
            t->end = q + 2 + (q + 2 < n && s[q + 2] == 's');
            t->kind = NE_TOK_NUMBER;
            t->quote_style = NE_QUOTE_NONE;
            return;
        }
        /* "players' union", "hab'": an apostrophe unless a quote is open */
        if (attached && pt->kind == NE_TOK_WORD && !st->open_sgl &&
            IS_SPACEC(cls_at(s, n, q))) {
            t->end = q;
            t->kind = NE_TOK_PUNCT;
            return;
        }
    }
    t->end = q;
    t->kind = NE_TOK_QUOTE;
    t->flags |= quote_flags(st, style, i, q);
}

/* Punctuation: runs of . ! ? - * = as one token, anything else alone. */
static void scan_punct(scan_t *st, size_t i, const ch_t *c, int space_before,
                       tok_t *t)
{
    const uint8_t *s = st->s;
    size_t n = st->n, p = i + c->len;
    int32_t cp = c->cp;

    t->kind = NE_TOK_PUNCT;
    if ((cp == '-' || cp == '+' || cp == 0x2212 || cp == '.') && p < n &&
        is_ascii_digit(s[p]) && (space_before || i == 0 ||
        s[i - 1] == '(' || s[i - 1] == '/')) {
        /* signed or leading-period number: "-50", "+44", ".500" */
        tok_t w = {0};
        scan_word(st, p, 0, &w);
        t->end = w.end;
        t->kind = NE_TOK_NUMBER;
        t->flags |= w.flags & NE_TOKF_ORDINAL;
        t->aux = w.aux;
        return;
    }
    if (cp == '-' && space_before && p < n && IS_LETTERC(cls_at(s, n, p))) {
        tok_t w = {0}; /* "-Sprecher" after a space: a compound's tail */
        scan_word(st, p, 0, &w);
        t->end = w.end;
        t->kind = NE_TOK_WORD;
        t->aux = w.aux;
        return;
    }
    if (cp == '#' && p < n && IS_LETTERC(cls_at(s, n, p))) {
        tok_t w = {0}; /* hashtag */
        scan_word(st, p, 0, &w);
        t->end = w.end;
        t->kind = NE_TOK_WORD;
        return;
    }
    if (cp == '@' && p < n && IS_ALNUM(cls_at(s, n, p))) {
        tok_t w = {0}; /* @handle */
        scan_word(st, p, 0, &w);
        t->end = w.end;
        t->kind = NE_TOK_WORD;
        return;
    }
    if (cp == '.' || cp == '!' || cp == '?') {
        while (p < n && p - i < NE_TEXT_MAX_TOKEN &&
               (s[p] == '!' || s[p] == '?' || (cp == '.' && s[p] == '.')))
            p++;
        t->aux |= AUX_TERM;
    } else if (cp == '-' || cp == '*' || cp == '=' || cp == '~' ||
               cp == '_') {
        while (p < n && p - i < NE_TEXT_MAX_TOKEN && s[p] == (uint8_t)cp)
            p++;
    }
    t->end = p;
    switch (cp) {
    case 0x2026: /* … */
    case 0x3002: /* 。 */
    case 0xFF01: /* ！ */
    case 0xFF1F: /* ？ */
    case 0xFF0E: /* ． */
    case 0x061F: /* ؟ */
    case 0x06D4: /* ۔ */
    case 0x0964: /* । */
    case 0x0965: /* ॥ */
    case 0x203C: /* ‼ */
    case 0x2047: case 0x2048: case 0x2049:
    case 0x037E: /* Greek question mark */
        t->aux |= AUX_TERM;
        break;
    case ',': case ';': case ':': case '-': case '/': case '&':
    case 0x2013: case 0x2014: case 0x3001: case 0xFF0C:
        t->aux |= AUX_CONT;
        break;
    }
    if (cp == '%' || cp == '&' || cp == '/' || cp == 0xA7)
        t->kind = NE_TOK_SYMBOL;
    else if (c->cp > 0x7F || cp == '(' || cp == ')' || cp == '[' ||
             cp == ']' || cp == '{' || cp == '}') {
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat == UTF8PROC_CATEGORY_PS)
            t->aux |= AUX_OPENER | AUX_CONT;
        else if (cat == UTF8PROC_CATEGORY_PE)
            t->aux |= AUX_CLOSER;
    }
}

/* Symbol: one extended grapheme cluster (emoji with modifiers and ZWJ
 * sequences, flags), or "°C". */
static void scan_symbol(const uint8_t *s, size_t n, size_t i, const ch_t *c,
                        tok_t *t)
{
    size_t p = i + c->len;
    int32_t prev = c->cp, state = 0;
    ch_t d;

    t->kind = NE_TOK_SYMBOL;
    if (c->cp == 0xB0 && p < n && (s[p] == 'C' || s[p] == 'F') &&
        !IS_WORDC(cls_at(s, n, p + 1))) {
        t->end = p + 1;
        return;
    }
    while (p < n && p - i < NE_TEXT_MAX_TOKEN) {
        get_ch(s, n, p, &d);
        if (utf8proc_grapheme_break_stateful(prev, d.cp, &state))
            break;
        prev = d.cp;
        p += d.len;
    }
    t->end = p;
}

/* ---- sentences --------------------------------------------------------- */

/* Longest line (bytes) that still counts as a heading when it ends
 * without punctuation: longer ones are taken as hard-wrapped prose. */
#define HEADING_MAX 60

static int is_starter(const ne_doc_t *doc, const ne_token_t *t)
{
    return (t->flags & NE_TOKF_CAP) && t->norm_len < 16 &&
           in_list(starters, doc->norm.data + t->norm_off, t->norm_len);
}

/* Does the sentence end after token k (field tokens [k0, k1))? j gets the
 * last token of that sentence (k plus closing quotes and brackets). */
static int ends_after(const ne_doc_t *doc, const uint8_t *aux, size_t k,
                      size_t k1, size_t line0, size_t *j)
{
    const ne_token_t *tk = &doc->tokens.v[k], *nx;
    int ab = AUX_ABBR(aux[k]);

    *j = k;
    if (aux[k] & AUX_TERM || ab == NE_ABBR_FINAL) {
        while (*j + 1 < k1) {
            const ne_token_t *c = &doc->tokens.v[*j + 1];
            if ((c->flags & NE_TOKF_PARA_START) ||
                !((aux[*j + 1] & AUX_CLOSER) ||
                  (c->kind == NE_TOK_QUOTE &&
                   (c->flags & NE_TOKF_QUOTE_CLOSE))))
                break;
            ++*j;
        }
    }
    if (*j + 1 >= k1)
        return 0; /* the field's end closes it anyway */
    nx = &doc->tokens.v[*j + 1];
    if (nx->flags & NE_TOKF_PARA_START)
        return 1;
    if (aux[k] & AUX_TERM) {
        if (nx->flags & NE_TOKF_NEWLINE_BEFORE)
            return 1;
        if (aux[*j + 1] & AUX_LOWER)
            return 0; /* „Wann?“ fragte er. */
        if (nx->kind == NE_TOK_PUNCT && !(aux[*j + 1] & AUX_OPENER))
            return 0;
        return 1;
    }
    if (ab == NE_ABBR_FINAL)
        return (nx->flags & NE_TOKF_NEWLINE_BEFORE) ||
               (nx->kind == NE_TOK_QUOTE &&
                !(nx->flags & NE_TOKF_QUOTE_CLOSE)) ||
               is_starter(doc, nx);
    if (ab || (tk->flags & NE_TOKF_ORDINAL))
        return 0;
    if (nx->flags & NE_TOKF_NEWLINE_BEFORE) {
        /* a line without final punctuation: a heading when short */
        const uint8_t *s = (const uint8_t *)doc->text[tk->field];
        if ((aux[k] & AUX_CONT) || (aux[*j + 1] & AUX_LOWER) ||
            s[tk->end - 1] == '-')
            return 0;
        return tk->end - doc->tokens.v[line0].start < HEADING_MAX;
    }
    return 0;
}

static void split_sentences(ne_doc_t *doc, const uint8_t *aux, size_t k0,
                            size_t k1, uint8_t field)
{
    size_t k = k0, begin = k0, line0 = k0, j;

    while (k < k1) {
        if (doc->tokens.v[k].flags & NE_TOKF_NEWLINE_BEFORE)
            line0 = k;
        if (!ends_after(doc, aux, k, k1, line0, &j)) {
            k = j + 1;
            continue;
        }
        k = j + 1;
        ne_sentence_t *se = NE_VEC_PUSH(doc->sents);
        se->tok_begin = (uint32_t)begin;
        se->tok_end = (uint32_t)k;
        se->field = field;
        begin = k;
    }
    if (begin < k1) {
        ne_sentence_t *se = NE_VEC_PUSH(doc->sents);
        se->tok_begin = (uint32_t)begin;
        se->tok_end = (uint32_t)k1;
        se->field = field;
    }
}

/* ---- driver ------------------------------------------------------------ */

static void analyse_field(ne_doc_t *doc, struct ne_text_scratch_s *sc,
                          uint8_t field)
{
    scan_t st = {0};
    const uint8_t *s = (const uint8_t *)doc->text[field];
    size_t n = doc->len[field], i = 0, sent0 = doc->sents.cnt;
    int space = 0, nls = 0, first = 1;
    ch_t c;

    if (!s)
        return;
    st.doc = doc;
    st.sc = sc;
    st.s = s;
    st.n = n;
    st.field = field;
    st.tok0 = doc->tokens.cnt;
    while (i < n) {
        tok_t t = {0};
        int style;
        size_t mlen;

        get_ch(s, n, i, &c);
        if (c.cls == C_SPACE) {
            space = 1;
            i += c.len;
            continue;
        }
        if (c.cls == C_NL || c.cls == C_PARA) {
            space = 1;
            nls += c.cls == C_PARA ? 2 : 1;
            i += (c.cp == '\r' && i + 1 < n && s[i + 1] == '\n') ? 2 : c.len;
            continue;
        }
        if (space)
            t.flags |= NE_TOKF_SPACE_BEFORE;
        if (nls)
            t.flags |= NE_TOKF_NEWLINE_BEFORE;
        if (nls >= 2 || first) {
            t.flags |= NE_TOKF_PARA_START;
            st.open_dbl = st.open_sgl = 0; /* quotes do not leak */
        }
        if (c.cls == C_PUNCT || c.cp == '`') {
            if ((style = quote_of(s, n, i, c.cp, &mlen)) != NE_QUOTE_NONE)
                scan_quote(&st, i, style, mlen, space, &t);
            else
                scan_punct(&st, i, &c, space, &t);
        } else if (IS_WORDC(c.cls) || c.cls == C_WIDE) {
            scan_word(&st, i, nls || first, &t);
        } else if (c.cls == C_SYMBOL) {
            if ((c.cp == '+' || c.cp == 0x2212) && i + c.len < n &&
                is_ascii_digit(s[i + c.len]))
                scan_punct(&st, i, &c, space, &t);
            else
                scan_symbol(s, n, i, &c, &t);
        } else {
            scan_symbol(s, n, i, &c, &t);
            t.kind = NE_TOK_OTHER;
        }
        if (t.end <= i) /* never stall */
            t.end = i + c.len;
        push_token(&st, i, &t);
        i = t.end;
        space = nls = first = 0;
    }
    split_sentences(doc, sc->aux, st.tok0, doc->tokens.cnt, field);
    for (size_t k = sent0; k < doc->sents.cnt; k++) {
        ne_sentence_t *se = &doc->sents.v[k];
        doc->tokens.v[se->tok_begin].flags |= NE_TOKF_SENT_START;
        for (size_t j = se->tok_begin; j < se->tok_end; j++)
            doc->tokens.v[j].sent = (uint32_t)k;
    }
}

void ne_text_analyse(ne_doc_t *doc)
{
    if (!doc->text_scratch)
        doc->text_scratch = ne_calloc(1, sizeof(*doc->text_scratch));
    analyse_field(doc, doc->text_scratch, NE_FIELD_TITLE);
    analyse_field(doc, doc->text_scratch, NE_FIELD_BODY);
}

void ne_text_scratch_free(struct ne_text_scratch_s *s)
{
    if (!s)
        return;
    free(s->cps);
    free(s->aux);
    free(s);
}

/* ---- quotation marks --------------------------------------------------- */

static const char *const quote_marks[NE_QUOTE__CNT] = {
    "", "\xE2\x80\x9E", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x9A",
    "\xE2\x80\x98", "\xE2\x80\x99", "\xC2\xBB", "\xC2\xAB", "\xE2\x80\xBA",
    "\xE2\x80\xB9", "\"", "'", "``", "''", "`", "\xE2\x80\x9F",
    "\xE2\x80\x9B", "\xE3\x80\x8C", "\xE3\x80\x8D", "\xE3\x80\x8E",
    "\xE3\x80\x8F",
};

/* Opening / closing use per mark: bit 0 German, bit 1 English. */
static const uint8_t quote_open[NE_QUOTE__CNT] = {
    0, 3, 2, 0, 1, 2, 0, 1, 0, 1, 0, 3, 3, 3, 0, 3, 3, 3, 3, 0, 3, 0,
};
static const uint8_t quote_close[NE_QUOTE__CNT] = {
    0, 0, 1, 3, 0, 1, 2, 0, 1, 0, 1, 3, 3, 0, 3, 0, 0, 0, 0, 3, 0, 3,
};

static int quote_use(const uint8_t *tab, ne_quote_style_t style,
                     ne_quote_lang_t lang)
{
    if ((unsigned)style >= NE_QUOTE__CNT)
        return 0;
    if (lang == NE_QUOTE_LANG_DE)
        return tab[style] & 1;
    if (lang == NE_QUOTE_LANG_EN)
        return (tab[style] >> 1) & 1;
    /* any: guillemets also open and close the other way (French) */
    if (style >= NE_QUOTE_GUIL_RIGHT && style <= NE_QUOTE_SGUIL_LEFT)
        return 1;
    return tab[style] != 0;
}

int ne_quote_can_open(ne_quote_style_t style, ne_quote_lang_t lang)
{
    return quote_use(quote_open, style, lang);
}

int ne_quote_can_close(ne_quote_style_t style, ne_quote_lang_t lang)
{
    return quote_use(quote_close, style, lang);
}

const char *ne_quote_mark(ne_quote_style_t style)
{
    return (unsigned)style < NE_QUOTE__CNT ? quote_marks[style] : "";
}
