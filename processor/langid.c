/*
 * newsenrich - language identification.
 *
 * Three kinds of evidence, read from the first NE_LANGID_MAX_BYTES of the
 * article's word tokens:
 *   1. the writing system of the letters: Greek, Hebrew, Han, kana,
 *      Hangul ... decide alone when only one language uses it;
 *   2. very common words and typical letters of each language
 *      (models/langid-words.txt): separate languages of one script;
 *   3. character trigram profiles of German and English
 *      (models/langid-de.txt, langid-en.txt): separate the two languages
 *      that matter most, even in a title without function words.
 * utf8proc has no Script property, so the script of a letter comes from
 * the block ranges below (scripts only, not a category table).
 */
#include "stages.h"
#include "text.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Text read per article: enough for a title and a few paragraphs. */
#define NE_LANGID_MAX_BYTES 3072
#define LI_MAX_LANGS 64
/* Mean log probability per trigram below which a text is neither German
 * nor English (German and English news score about -8.5, other Latin
 * languages -9 to -12). */
#define NE_LANGID_MIN_FIT -9.9

enum {
    S_LATN = 0, S_CYRL, S_GREK, S_ARAB, S_HEBR, S_HANI, S_KANA, S_HANG,
    S_THAI, S_DEVA, S_BENG, S_TAML, S_GEOR, S_ARMN, S_OTHER, S__CNT
};

static const char *const script_names[S__CNT] = {
    "latn", "cyrl", "grek", "arab", "hebr", "hani", "kana", "hang",
    "thai", "deva", "beng", "taml", "geor", "armn", "othr",
};

/* Unicode blocks of the scripts we tell apart (letters only are looked
 * up, so the punctuation inside some blocks does not matter). */
static const struct {
    int32_t lo, hi;
    uint8_t script;
} script_ranges[] = {
    {0x0041, 0x024F, S_LATN},   {0x0370, 0x03FF, S_GREK},
    {0x0400, 0x052F, S_CYRL},   {0x0530, 0x058F, S_ARMN},
    {0x0590, 0x05FF, S_HEBR},   {0x0600, 0x06FF, S_ARAB},
    {0x0750, 0x077F, S_ARAB},   {0x0900, 0x097F, S_DEVA},
    {0x0980, 0x09FF, S_BENG},   {0x0B80, 0x0BFF, S_TAML},
    {0x0E00, 0x0E7F, S_THAI},   {0x10A0, 0x10FF, S_GEOR},
    {0x1100, 0x11FF, S_HANG},   {0x1E00, 0x1EFF, S_LATN},
    {0x1F00, 0x1FFF, S_GREK},   {0x3040, 0x30FF, S_KANA},
    {0x3130, 0x318F, S_HANG},   {0x31F0, 0x31FF, S_KANA},
    {0x3400, 0x4DBF, S_HANI},   {0x4E00, 0x9FFF, S_HANI},
    {0xAC00, 0xD7AF, S_HANG},   {0xF900, 0xFAFF, S_HANI},
    {0xFB1D, 0xFB4F, S_HEBR},   {0xFB50, 0xFDFF, S_ARAB},
    {0xFE70, 0xFEFF, S_ARAB},   {0xFF66, 0xFF9F, S_KANA},
    {0x20000, 0x2FFFF, S_HANI},
};

static uint8_t script_of(int32_t cp)
{
    size_t lo = 0, hi = NE_ARRAY_SIZE(script_ranges);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < script_ranges[mid].lo)
            hi = mid;
        else if (cp > script_ranges[mid].hi)
            lo = mid + 1;
        else
            return script_ranges[mid].script;
    }
    return S_OTHER;
}

typedef struct {
    int32_t cp;
    uint64_t mask; /* languages that use the letter */
} li_char_t;

struct ne_langid_s {
    int nlangs;
    char code[LI_MAX_LANGS][4];
    uint8_t script[LI_MAX_LANGS];
    int de, en;             /* indices of the profiled languages */
    /* common words: open addressing on the token hash */
    uint64_t *wkey, *wmask;
    size_t wcap;
    /* typical letters, sorted by code point */
    li_char_t *chars;
    size_t nchars, chars_cap;
    /* trigrams of code points: key -> log P(trigram | de), (| en) */
    uint64_t *tkey;
    float *tlp;             /* 2 per slot: de, en */
    size_t tcap;
    float tfloor[2];        /* log P of a trigram the profile lacks */
};

/* ---- loading ----------------------------------------------------------- */

static size_t slot_of(const uint64_t *keys, size_t cap, uint64_t key)
{
    size_t i = (size_t)(key * 0x9E3779B97F4A7C15ULL >> 20) & (cap - 1);
    while (keys[i] && keys[i] != key)
        i = (i + 1) & (cap - 1);
    return i;
}

static int lang_index(ne_langid_t *li, const char *code, uint8_t script)
{
    int k;
    for (k = 0; k < li->nlangs; k++)
        if (strcmp(li->code[k], code) == 0)
            return k;
    if (li->nlangs == LI_MAX_LANGS)
        return -1;
    snprintf(li->code[k], sizeof(li->code[k]), "%s", code);
    li->script[k] = script;
    return li->nlangs++;
}

static void add_word(ne_langid_t *li, const char *w, size_t n, int lang)
{
    char norm[256];
    long nl = ne_text_normalise(w, n, norm, sizeof(norm));
    uint64_t key;
    size_t i;

    if (nl <= 0)
        return;
    key = ne_text_hash(norm, (size_t)nl) | 1; /* 0 marks a free slot */
    i = slot_of(li->wkey, li->wcap, key);
    li->wkey[i] = key;
    li->wmask[i] |= 1ULL << lang;
}

static int cmp_char(const void *a, const void *b)
{
    const li_char_t *x = a, *y = b;
    return (x->cp > y->cp) - (x->cp < y->cp);
}

static void add_chars(ne_langid_t *li, const char *s, int lang)
{
    const uint8_t *p = (const uint8_t *)s;
    utf8proc_int32_t cp;
    utf8proc_ssize_t r;

    while (*p && (r = utf8proc_iterate(p, -1, &cp)) > 0) {
        size_t k;
        for (k = 0; k < li->nchars; k++)
            if (li->chars[k].cp == cp)
                break;
        if (k == li->nchars) {
            NE_GROW(li->chars, li->chars_cap, li->nchars + 1);
            li->chars[li->nchars].cp = cp;
            li->chars[li->nchars++].mask = 0;
        }
        li->chars[k].mask |= 1ULL << lang;
        p += r;
    }
}

static int load_words(ne_langid_t *li, const char *path, char *errstr,
                      size_t errstr_size)
{
    FILE *f = fopen(path, "r");
    char line[8192];
    int lineno = 0, rc = -1;

    if (!f) {
        ne_errf(errstr, errstr_size, "langid: cannot open %s: %s", path,
                strerror(errno));
        return -1;
    }
    li->wcap = 8192;
    li->wkey = ne_calloc(li->wcap, sizeof(uint64_t));
    li->wmask = ne_calloc(li->wcap, sizeof(uint64_t));
    while (fgets(line, sizeof(line), f)) {
        char *code, *script, *kind, *items, *save = NULL, *w;
        int s, lang;
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        code = strtok_r(line, "\t", &save);
        script = strtok_r(NULL, "\t", &save);
        kind = strtok_r(NULL, "\t", &save);
        items = strtok_r(NULL, "\t", &save);
        if (!code || !script || !kind || strlen(code) > 3 ||
            (kind[0] != '-' && !items) || strchr("wc-", kind[0]) == NULL) {
            ne_errf(errstr, errstr_size, "langid: %s line %d: expected "
                    "code<TAB>script<TAB>w|c|-<TAB>items", path, lineno);
            goto done;
        }
        for (s = 0; s < S__CNT; s++)
            if (strcmp(script, script_names[s]) == 0)
                break;
        if (s == S__CNT) {
            ne_errf(errstr, errstr_size, "langid: %s line %d: unknown "
                    "script '%s'", path, lineno, script);
            goto done;
        }
        if ((lang = lang_index(li, code, (uint8_t)s)) < 0) {
            ne_errf(errstr, errstr_size, "langid: %s line %d: more than %d "
                    "languages", path, lineno, LI_MAX_LANGS);
            goto done;
        }
        if (kind[0] == 'c') {
            add_chars(li, items, lang);
        } else if (kind[0] == 'w') {
            char *save2 = NULL;
            for (w = strtok_r(items, " ", &save2); w;
                 w = strtok_r(NULL, " ", &save2))
                add_word(li, w, strlen(w), lang);
        }
    }
    if (li->nlangs == 0) {
        ne_errf(errstr, errstr_size, "langid: %s lists no language", path);
        goto done;
    }
    qsort(li->chars, li->nchars, sizeof(li_char_t), cmp_char);
    rc = 0;
done:
    fclose(f);
    return rc;
}

/* Key of a trigram of code points (21 bits each), never 0. */
static inline uint64_t tri_key(int32_t a, int32_t b, int32_t c)
{
    return ((uint64_t)a << 42 | (uint64_t)b << 21 | (uint64_t)c) + 1;
}

static int load_profile(ne_langid_t *li, const char *path, int which,
                        char *errstr, size_t errstr_size)
{
    FILE *f = fopen(path, "r");
    char line[256];
    int lineno = 0, rc = -1;
    double total = 0;

    if (!f) {
        ne_errf(errstr, errstr_size, "langid: cannot open %s: %s", path,
                strerror(errno));
        return -1;
    }
    if (!fgets(line, sizeof(line), f) ||
        strncmp(line, "# newsenrich langid profile 1", 29) != 0) {
        ne_errf(errstr, errstr_size, "langid: %s is not a newsenrich langid "
                "profile (version 1)", path);
        goto done;
    }
    lineno = 1;
    while (fgets(line, sizeof(line), f)) {
        char *tab, *end;
        int32_t cp[3];
        const uint8_t *p = (const uint8_t *)line;
        long cnt;
        int k;
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#')
            continue;
        tab = strrchr(line, '\t');
        cnt = tab ? strtol(tab + 1, &end, 10) : -1;
        if (!tab || cnt <= 0 || *end) {
            ne_errf(errstr, errstr_size, "langid: %s line %d: expected "
                    "trigram<TAB>count", path, lineno);
            goto done;
        }
        *tab = '\0';
        if (strcmp(line, "total") == 0) {
            total = (double)cnt;
            continue;
        }
        for (k = 0; k < 3 && *p; k++) {
            utf8proc_ssize_t r = utf8proc_iterate(p, -1, &cp[k]);
            if (r <= 0)
                break;
            p += r;
        }
        if (k != 3 || *p || total <= 0) {
            ne_errf(errstr, errstr_size, "langid: %s line %d: %s", path,
                    lineno, total <= 0 ? "counts before the total line"
                                       : "not three characters");
            goto done;
        }
        {
            uint64_t key = tri_key(cp[0], cp[1], cp[2]);
            size_t i = slot_of(li->tkey, li->tcap, key);
            if (!li->tkey[i]) {
                li->tkey[i] = key;
                li->tlp[2 * i] = li->tlp[2 * i + 1] = NAN;
            }
            li->tlp[2 * i + which] = (float)log((double)cnt / total);
        }
    }
    if (total <= 0) {
        ne_errf(errstr, errstr_size, "langid: %s has no total line", path);
        goto done;
    }
    li->tfloor[which] = (float)log(0.5 / total);
    rc = 0;
done:
    fclose(f);
    return rc;
}

ne_langid_t *ne_langid_load(const char *models_dir, char *errstr,
                            size_t errstr_size)
{
    ne_langid_t *li = ne_calloc(1, sizeof(*li));
    char path[4096];
    size_t i;

    snprintf(path, sizeof(path), "%s/langid-words.txt", models_dir);
    if (load_words(li, path, errstr, errstr_size) < 0)
        goto fail;
    li->de = lang_index(li, "de", S_LATN);
    li->en = lang_index(li, "en", S_LATN);
    if (li->de < 0 || li->en < 0) {
        ne_errf(errstr, errstr_size, "langid: %s has too many languages",
                path);
        goto fail;
    }
    li->tcap = 16384;
    li->tkey = ne_calloc(li->tcap, sizeof(uint64_t));
    li->tlp = ne_calloc(2 * li->tcap, sizeof(float));
    snprintf(path, sizeof(path), "%s/langid-de.txt", models_dir);
    if (load_profile(li, path, 0, errstr, errstr_size) < 0)
        goto fail;
    snprintf(path, sizeof(path), "%s/langid-en.txt", models_dir);
    if (load_profile(li, path, 1, errstr, errstr_size) < 0)
        goto fail;
    /* a trigram one profile lacks gets that profile's floor */
    for (i = 0; i < li->tcap; i++)
        if (li->tkey[i]) {
            if (isnan(li->tlp[2 * i]))
                li->tlp[2 * i] = li->tfloor[0];
            if (isnan(li->tlp[2 * i + 1]))
                li->tlp[2 * i + 1] = li->tfloor[1];
        }
    return li;
fail:
    ne_langid_destroy(li);
    return NULL;
}

void ne_langid_destroy(ne_langid_t *li)
{
    if (!li)
        return;
    free(li->wkey);
    free(li->wmask);
    free(li->chars);
    free(li->tkey);
    free(li->tlp);
    free(li);
}

/* ---- detection --------------------------------------------------------- */

typedef struct {
    uint32_t letters, by_script[S__CNT];
    float words[LI_MAX_LANGS], chars[LI_MAX_LANGS];
    double llr;             /* log P(text | de) - log P(text | en) */
    double lp[2];           /* log P(text | de), log P(text | en) */
    uint32_t trigrams;
} li_evidence_t;

static void add_mask(float *score, uint64_t mask)
{
    float w = 1.0f / (float)__builtin_popcountll(mask);
    while (mask) {
        score[__builtin_ctzll(mask)] += w;
        mask &= mask - 1;
    }
}

static void read_token(const ne_langid_t *li, const ne_doc_t *doc,
                       const ne_token_t *t, li_evidence_t *ev)
{
    const uint8_t *p = (const uint8_t *)ne_doc_tok_norm(doc, t);
    const uint8_t *end = p + t->norm_len;
    int32_t prev2 = ' ', prev1 = ' ', cp = 0;
    uint32_t latin = 0, n = 0;
    size_t i;

    if (li->wcap) {
        uint64_t key = t->hash | 1;
        i = slot_of(li->wkey, li->wcap, key);
        if (li->wkey[i] == key)
            add_mask(ev->words, li->wmask[i]);
    }
    while (p < end) {
        utf8proc_ssize_t r = utf8proc_iterate(p, end - p, &cp);
        const utf8proc_property_t *prop;
        if (r <= 0)
            break;
        p += r;
        prop = utf8proc_get_property(cp);
        if (prop->category < UTF8PROC_CATEGORY_LU ||
            prop->category > UTF8PROC_CATEGORY_LO)
            continue;
        {
            uint8_t s = script_of(cp);
            ev->letters++;
            ev->by_script[s]++;
            latin += s == S_LATN;
            n++;
        }
        if (cp >= 0xC0) {
            li_char_t key = {cp, 0}, *hit;
            hit = bsearch(&key, li->chars, li->nchars, sizeof(li_char_t),
                          cmp_char);
            if (hit)
                add_mask(ev->chars, hit->mask);
        }
    }
    /* trigrams of " word " for the German/English profiles */
    if (!n || latin * 2 < n)
        return;
    p = (const uint8_t *)ne_doc_tok_norm(doc, t);
    for (;;) {
        utf8proc_ssize_t r = 0;
        if (p < end) {
            r = utf8proc_iterate(p, end - p, &cp);
            if (r <= 0)
                break;
        } else {
            cp = ' ';
        }
        i = slot_of(li->tkey, li->tcap, tri_key(prev2, prev1, cp));
        if (li->tkey[i]) {
            ev->lp[0] += li->tlp[2 * i];
            ev->lp[1] += li->tlp[2 * i + 1];
        } else {
            ev->lp[0] += li->tfloor[0];
            ev->lp[1] += li->tfloor[1];
        }
        ev->trigrams++;
        prev2 = prev1;
        prev1 = cp;
        if (p >= end)
            break;
        p += r;
    }
}

static void set_lang(ne_doc_t *doc, const char *code, float conf)
{
    snprintf(doc->lang_code, sizeof(doc->lang_code), "%s", code);
    doc->lang = strcmp(code, "de") == 0   ? NE_LANG_DE
              : strcmp(code, "en") == 0   ? NE_LANG_EN
              : strcmp(code, "und") == 0  ? NE_LANG_UNKNOWN
                                          : NE_LANG_OTHER;
    doc->lang_conf = conf < 0 ? 0 : conf > 1 ? 1 : conf;
}

void ne_langid_detect(const ne_langid_t *li, ne_doc_t *doc)
{
    li_evidence_t ev;
    float score[LI_MAX_LANGS], s1 = 0, s2 = 0, s3 = 0, purity, len_conf;
    size_t k, budget = 0;
    int s, best_script = S_OTHER, best = -1, cand = 0, only = -1;

    if (doc->lang_given)
        return;
    memset(&ev, 0, sizeof(ev));
    for (k = 0; k < doc->tokens.cnt && budget < NE_LANGID_MAX_BYTES; k++) {
        const ne_token_t *t = &doc->tokens.v[k];
        budget += t->end - t->start + 1;
        if (t->kind == NE_TOK_WORD)
            read_token(li, doc, t, &ev);
    }
    ev.llr = ev.lp[0] - ev.lp[1];
    /* too little text to say anything */
    if (ev.letters < 6) {
        set_lang(doc, "und", 0.0f);
        return;
    }
    for (s = 0; s < S__CNT; s++)
        if (best_script == S_OTHER || ev.by_script[s] >
                                      ev.by_script[best_script])
            best_script = s;
    /* Japanese writes Han and kana: any real share of kana means ja */
    if (best_script == S_HANI && ev.by_script[S_KANA] * 20 >=
                                     ev.by_script[S_HANI])
        best_script = S_KANA;
    if (best_script == S_KANA)
        ev.by_script[S_KANA] += ev.by_script[S_HANI];
    purity = (float)ev.by_script[best_script] / (float)ev.letters;
    len_conf = ev.letters >= 40 ? 1.0f : 0.5f + (float)ev.letters / 80.0f;

    for (k = 0; k < (size_t)li->nlangs; k++) {
        score[k] = -1.0f;
        if (li->script[k] != best_script)
            continue;
        score[k] = ev.words[k] + ev.chars[k];
        cand++;
        only = (int)k;
    }
    if (cand == 0) {
        set_lang(doc, "und", 0.1f * purity);
        return;
    }
    if (cand == 1) {
        set_lang(doc, li->code[only], 0.95f * purity * len_conf);
        return;
    }
    for (k = 0; k < (size_t)li->nlangs; k++) {
        float v = score[k];
        if (li->script[k] != best_script)
            continue;
        if (best < 0 || v > s1) {
            s3 = s2;
            s2 = s1;
            s1 = v;
            best = (int)k;
        } else if (v > s2) {
            s3 = s2;
            s2 = v;
        } else if (v > s3) {
            s3 = v;
        }
    }
    if (best_script == S_LATN && (best == li->de || best == li->en ||
                                  s1 < 1.0f ||
                                  s1 < NE_MAX(score[li->de],
                                              score[li->en]) + 0.5f)) {
        /* German or English, or nothing clear: the trigram profiles decide
         * between the two, worth about one common word per 8 nats */
        double g = ev.llr / 8.0, d, fit;
        g = g > 4 ? 4 : g < -4 ? -4 : g;
        d = score[li->de] - score[li->en] + g;
        fit = NE_MAX(ev.lp[0], ev.lp[1]) / (ev.trigrams ? ev.trigrams : 1);
        if (NE_MAX(score[li->de], score[li->en]) >= 1.0f ||
            (fit > NE_LANGID_MIN_FIT && fabs(g) >= 1.0)) {
            float c = (float)(1.0 / (1.0 + exp(-fabs(d))));
            /* another language with as many common words lowers it */
            if (best != li->de && best != li->en)
                c *= 0.6f;
            set_lang(doc, d > 0 ? "de" : "en", c * purity * len_conf);
            return;
        }
    }
    if (s1 < 0.75f) {
        /* no word evidence: the script's first language, weakly, except
         * for Latin where that would be a guess */
        if (best_script == S_LATN)
            set_lang(doc, "und", 0.1f);
        else
            for (k = 0; k < (size_t)li->nlangs; k++)
                if (li->script[k] == best_script) {
                    set_lang(doc, li->code[k], 0.3f * purity);
                    break;
                }
        return;
    }
    /* confidence: the winner's share among the best three */
    {
        double e1 = 1.0, e2 = exp(s2 - s1), e3 = exp(s3 - s1);
        set_lang(doc, li->code[best],
                 (float)(1.0 / (e1 + e2 + e3)) * purity * len_conf);
    }
}
