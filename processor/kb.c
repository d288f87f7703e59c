/*
 * newsenrich - gazetteers and the user knowledge base.
 *
 * Loading reads the default KB and the user's files (docs/kb-format.md)
 * into entries, then builds one trie over the word keys of every name.
 * The trie's edges live in a single open-addressing table keyed by
 * (parent node, word key hash): following an edge is one probe, so
 * matching a document costs about one probe per token. Each node that ends
 * a name lists its entries in priority order (later user files first, then
 * earlier ones, then the default KB; canonical names before aliases).
 *
 * Entries marked `linkonly` (the GeoNames cities of the default KB) are
 * link targets only: their names link mentions the tagger found, through
 * ne_kb_lookup_all(), but the matcher (ne_kb_match_at(), ne_kb_annotate())
 * and ne_kb_lookup() do not see them. Nodes and edges keep what the other
 * names demand apart, so a link-only name costs the matcher nothing.
 */
#include "kb.h"
#include "text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define KB_DEFAULT_FILE "kb-default.tsv"
#define KB_HEADER "id\ttype\tname\taliases\tlang"
#define KB_HEADER_PLACE KB_HEADER "\tplace"
#define KB_COLUMNS 6

/* An edge no name that finds mentions runs through: no token's case
 * class reaches it. */
#define KB_CASE_NONE 0xff

/* Language bits of entries and names. Codes other than de and en share
 * one bit: the processor has no finer language for them anyway. */
#define KB_LANG_DE 0x1
#define KB_LANG_EN 0x2
#define KB_LANG_OTHER 0x4
#define KB_LANG_ALL 0x7


typedef struct kb_term_s {
    int32_t entry;
    uint8_t langs;
    uint8_t canonical; /* the entry's canonical name, not an alias */
} kb_term_t;

typedef struct kb_node_s {
    uint32_t term_first;
    uint32_t term_cnt;
    uint8_t langs;      /* union over its terms; 0 when no name ends here */
    uint8_t find_langs; /* the same over the terms of finding entries */
} kb_node_t;

typedef struct kb_edge_s {
    uint64_t key;    /* hash of the word key */
    uint32_t parent;
    uint32_t child;  /* 0: empty slot (the root is nobody's child) */
    uint8_t casecls; /* the least any name through this edge demands */
    uint8_t find_cls; /* the same over finding entries, KB_CASE_NONE */
} kb_edge_t;

struct ne_kb_s {
    ne_kb_entry_t *entries;
    size_t entry_cnt;
    char *pool; /* ids and names */
    kb_node_t *nodes;
    size_t node_cnt;
    kb_term_t *terms;
    size_t term_cnt;
    kb_edge_t *edges;
    size_t edge_mask; /* table size - 1 */
    uint32_t max_words;
};

/* ---- word keys -------------------------------------------------------- */

/* Case class of a word as written (kb.h). */
static uint8_t kb_case_class(const char *w, size_t n)
{
    size_t i = 0;
    int letters = 0, upper = 0, first_upper = -1;

    while (i < n) {
        unsigned char c = (unsigned char)w[i];
        utf8proc_int32_t cp = c;
        utf8proc_ssize_t k = 1;
        utf8proc_category_t cat;
        int up;

        if (c >= 0x80 && (k = utf8proc_iterate((const utf8proc_uint8_t *)w + i,
                                               (utf8proc_ssize_t)(n - i),
                                               &cp)) <= 0)
            k = 1, cp = 0;
        i += (size_t)k;
        cat = utf8proc_category(cp);
        if (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_LO)
            continue;
        up = utf8proc_isupper(cp);
        letters++;
        upper += up;
        if (first_upper < 0)
            first_upper = up;
    }
    return letters >= 2 && upper == letters ? NE_KB_CASE_UPPER
           : first_upper > 0                ? NE_KB_CASE_CAP
                                            : NE_KB_CASE_ANY;
}

/* The key is the tokeniser's normalised form (text.h), so that a KB word
 * and a token of the same word hash alike; trailing periods go. */
size_t ne_kb_fold(const char *w, size_t n, char *out, uint8_t *clsp)
{
    long k = ne_text_normalise(w, n, out, NE_KB_KEY_MAX);
    if (k < 0) { /* invalid or too long: keep the bytes, never a name */
        k = (long)NE_MIN(n, (size_t)NE_KB_KEY_MAX);
        memcpy(out, w, (size_t)k);
    }
    while (k > 1 && out[k - 1] == '.')
        k--;
    if (clsp)
        *clsp = kb_case_class(w, n);
    return (size_t)k;
}

uint8_t ne_kb_token_case(const ne_token_t *t)
{
    return (t->flags & NE_TOKF_ALLCAP) ? NE_KB_CASE_UPPER
           : (t->flags & NE_TOKF_CAP)  ? NE_KB_CASE_CAP
                                       : NE_KB_CASE_ANY;
}

uint64_t ne_kb_token_key(const ne_doc_t *doc, const ne_token_t *t, size_t *n)
{
    const char *norm = ne_doc_tok_norm(doc, t);
    size_t k = t->norm_len;
    while (k > 1 && norm[k - 1] == '.')
        k--;
    *n = k;
    return k == t->norm_len ? t->hash : ne_text_hash(norm, k);
}

size_t ne_kb_genitive(const char *key, size_t n, int bare_s)
{
    if (n >= 4 && key[n - 1] == 's' && key[n - 2] == '\'')
        return 2;
    if (n >= 4 && key[n - 1] == '\'' && key[n - 2] == 's')
        return 1;
    if (bare_s && n >= 4 && key[n - 1] == 's' && key[n - 2] != 's' &&
        key[n - 2] != '\'')
        return 1;
    return 0;
}

/* Hash of the key without its genitive ending, 0 when it has none. */
static uint64_t kb_genitive(const char *key, size_t n, int bare_s)
{
    size_t g = ne_kb_genitive(key, n, bare_s);
    return g ? ne_text_hash(key, n - g) : 0;
}

static uint8_t kb_lang_bit(ne_lang_t lang)
{
    switch (lang) {
    case NE_LANG_DE:
        return KB_LANG_DE;
    case NE_LANG_EN:
        return KB_LANG_EN;
    case NE_LANG_OTHER:
        return KB_LANG_OTHER;
    default:
        return KB_LANG_ALL; /* unknown: any name may be meant */
    }
}

/* ---- the trie --------------------------------------------------------- */

/* Slot of the edge (parent, key): the parent is mixed in so that the same
 * word under different prefixes ("Republik" in many names) spreads over
 * the table instead of clustering. */
static size_t kb_slot(const ne_kb_t *kb, uint32_t parent, uint64_t key)
{
    uint64_t h = (key ^ ((uint64_t)parent * 0x9E3779B97F4A7C15ULL)) *
                 0xff51afd7ed558ccdULL;
    return (size_t)(h >> 17) & kb->edge_mask;
}

/* The child of parent along key, 0 when none or when the token's case
 * class is below what the edge demands (of the names of finding entries
 * only, with find). */
static uint32_t kb_child(const ne_kb_t *kb, uint32_t parent, uint64_t key,
                         uint8_t casecls, int find)
{
    size_t s;
    if (!kb->edges)
        return 0;
    for (s = kb_slot(kb, parent, key);; s = (s + 1) & kb->edge_mask) {
        const kb_edge_t *e = &kb->edges[s];
        if (!e->child)
            return 0;
        if (e->key == key && e->parent == parent)
            return casecls >= (find ? e->find_cls : e->casecls) ? e->child
                                                                : 0;
    }
}

size_t ne_kb_count(const ne_kb_t *kb)
{
    return kb ? kb->entry_cnt : 0;
}

const ne_kb_entry_t *ne_kb_entry(const ne_kb_t *kb, int32_t idx)
{
    return &kb->entries[idx];
}

/* Best entry per type at a node that ends a name, for language bit lb;
 * only finding entries with find. */
static uint8_t kb_node_entries(const ne_kb_t *kb, uint32_t node, uint8_t lb,
                               int find, int32_t entry[NE_ENT__CNT])
{
    const kb_node_t *nd = &kb->nodes[node];
    uint8_t types = 0;
    uint32_t i;
    for (i = 0; i < NE_ENT__CNT; i++)
        entry[i] = -1;
    for (i = 0; i < nd->term_cnt; i++) {
        const kb_term_t *t = &kb->terms[nd->term_first + i];
        uint8_t ty = kb->entries[t->entry].type;
        if ((t->langs & lb) && entry[ty] < 0 &&
            !(find && kb->entries[t->entry].link_only)) {
            entry[ty] = t->entry;
            types |= (uint8_t)(1u << ty);
        }
    }
    return types;
}

/* The languages of the names ending at node (of finding entries). */
static uint8_t kb_node_langs(const ne_kb_t *kb, uint32_t node, int find)
{
    return find ? kb->nodes[node].find_langs : kb->nodes[node].langs;
}

/* ne_kb_match_at() over the names of finding entries (find), or of all
 * entries. */
static int kb_match(const ne_kb_t *kb, const ne_doc_t *doc, uint32_t tok,
                    uint32_t limit, int find, ne_kb_match_t *m)
{
    const ne_token_t *t0 = &doc->tokens.v[tok];
    uint8_t lb = kb_lang_bit(doc->lang);
    int bare_s = doc->lang == NE_LANG_DE || doc->lang == NE_LANG_UNKNOWN;
    uint32_t node = 0, best = 0, best_end = 0, j;
    int inflected = 0;

    if (!kb || !kb->edges)
        return 0;
    if (limit > doc->tokens.cnt)
        limit = (uint32_t)doc->tokens.cnt;
    /* Walk down the trie while the words continue a name; remember the
     * last node that ends one (the longest match). Names never run across
     * a sentence or field boundary. */
    for (j = tok; j < limit && j - tok < kb->max_words; j++) {
        const ne_token_t *t = &doc->tokens.v[j];
        uint8_t cls = ne_kb_token_case(t);
        size_t n;
        uint64_t g, h;
        uint32_t child;

        if (t->field != t0->field || t->sent != t0->sent)
            break;
        h = ne_kb_token_key(doc, t, &n);
        /* The genitive form may only end a name, so it is tried first and
         * loses to a full match of the same token. Only capitalised words
         * ("Russlands") are tried: most tokens need no second hash. */
        if ((t->flags & NE_TOKF_CAP) &&
            (g = kb_genitive(ne_doc_tok_norm(doc, t), n, bare_s)) &&
            (child = kb_child(kb, node, g, cls, find)) &&
            (kb_node_langs(kb, child, find) & lb)) {
            best = child;
            best_end = j + 1;
            inflected = 1;
        }
        if (!(child = kb_child(kb, node, h, cls, find)))
            break;
        node = child;
        if (kb_node_langs(kb, node, find) & lb) {
            best = node;
            best_end = j + 1;
            inflected = 0;
        }
    }
    if (!best_end)
        return 0;
    m->tok_begin = tok;
    m->tok_end = best_end;
    m->inflected = (uint8_t)inflected;
    m->types = kb_node_entries(kb, best, lb, find, m->entry);
    return 1;
}

int ne_kb_match_at(const ne_kb_t *kb, const ne_doc_t *doc, uint32_t tok,
                   uint32_t limit, ne_kb_match_t *m)
{
    return kb_match(kb, doc, tok, limit, 1, m);
}

int ne_kb_match_targets_at(const ne_kb_t *kb, const ne_doc_t *doc,
                           uint32_t tok, uint32_t limit, ne_kb_match_t *m)
{
    return kb_match(kb, doc, tok, limit, 0, m);
}

void ne_kb_annotate(const ne_kb_t *kb, const ne_doc_t *doc, uint8_t *flags)
{
    uint32_t i = 0, j, n = (uint32_t)doc->tokens.cnt;
    ne_kb_match_t m;

    memset(flags, 0, n);
    while (i < n) {
        if (!ne_kb_match_at(kb, doc, i, n, &m)) {
            i++;
            continue;
        }
        for (j = 0; j < NE_ENT__CNT; j++) {
            uint32_t k;
            if (!(m.types & (1u << j)))
                continue;
            flags[m.tok_begin] |= NE_KB_B(j);
            for (k = m.tok_begin + 1; k < m.tok_end; k++)
                flags[k] |= NE_KB_I(j);
        }
        i = m.tok_end;
    }
}

static int kb_is_blank(const char *p, size_t n, size_t *w)
{
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
        *w = 1;
        return 1;
    }
    if (n >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) {
        *w = 2; /* no-break space */
        return 1;
    }
    return 0;
}

size_t ne_kb_split_words(const char *p, size_t n, uint32_t *starts,
                         uint32_t *lens, size_t max)
{
    size_t i = 0, w, cnt = 0;
    while (i < n && cnt < max) {
        size_t s;
        while (i < n && kb_is_blank(p + i, n - i, &w))
            i += w;
        if (i >= n)
            break;
        s = i;
        while (i < n && !kb_is_blank(p + i, n - i, &w))
            i++;
        starts[cnt] = (uint32_t)s;
        lens[cnt++] = (uint32_t)(i - s);
    }
    return cnt;
}

size_t ne_kb_lookup_all(const ne_kb_t *kb, const uint64_t *keys,
                        const uint8_t *cls, size_t n, uint64_t gen_key,
                        unsigned type_mask, ne_lang_t lang,
                        ne_kb_cand_t *out, size_t max, int *inflected)
{
    uint8_t lb = kb_lang_bit(lang);
    uint32_t node = 0, gen_node = 0;
    int find = !(type_mask & NE_KB_LINK_TARGETS);
    size_t i, cnt = 0;
    int pass;

    if (inflected)
        *inflected = 0;
    if (!kb || !kb->edges || !n || n > kb->max_words)
        return 0;
    for (i = 0; i < n; i++) {
        /* Only the last word may carry the genitive ending. */
        if (i + 1 == n && gen_key)
            gen_node = kb_child(kb, node, gen_key, cls[i], find);
        node = kb_child(kb, node, keys[i], cls[i], find);
        if (!node && i + 1 < n)
            return 0;
    }
    /* Full form first, the genitive-less form second. */
    for (pass = 0; pass < 2 && !cnt; pass++) {
        uint32_t nd = pass ? gen_node : node;
        const kb_node_t *nod = &kb->nodes[nd];
        uint32_t t;
        if (!nd || !((find ? nod->find_langs : nod->langs) & lb))
            continue;
        /* Terms come in priority order. */
        for (t = 0; t < nod->term_cnt; t++) {
            const kb_term_t *tm = &kb->terms[nod->term_first + t];
            const ne_kb_entry_t *e = &kb->entries[tm->entry];
            size_t k;
            if (!(type_mask & (1u << e->type)) || !(tm->langs & lb) ||
                (find && e->link_only))
                continue;
            for (k = 0; k < cnt && k < max; k++)
                if (out[k].entry == tm->entry)
                    break;
            if (k < cnt && k < max)
                continue; /* a name and an alias that fold alike */
            if (cnt < max) {
                out[cnt].entry = tm->entry;
                out[cnt].canonical = tm->canonical;
            }
            cnt++;
        }
        if (cnt && inflected)
            *inflected = pass;
    }
    return cnt;
}

int32_t ne_kb_lookup_keys(const ne_kb_t *kb, const uint64_t *keys,
                          const uint8_t *cls, size_t n, uint64_t gen_key,
                          unsigned type_mask, ne_lang_t lang, int *inflected)
{
    ne_kb_cand_t c;
    return ne_kb_lookup_all(kb, keys, cls, n, gen_key, type_mask, lang, &c,
                            1, inflected)
               ? c.entry
               : -1;
}

int32_t ne_kb_lookup(const ne_kb_t *kb, const char *text, size_t len,
                     unsigned type_mask, ne_lang_t lang, int *inflected)
{
    int bare_s = lang == NE_LANG_DE || lang == NE_LANG_UNKNOWN;
    uint32_t ws[NE_KB_MAX_WORDS + 1], wl[NE_KB_MAX_WORDS + 1];
    uint64_t keys[NE_KB_MAX_WORDS + 1], gen = 0;
    uint8_t cls[NE_KB_MAX_WORDS + 1];
    size_t nw, i;
    char key[NE_KB_KEY_MAX];

    nw = ne_kb_split_words(text, len, ws, wl, NE_KB_MAX_WORDS + 1);
    for (i = 0; i < nw; i++) {
        size_t n = ne_kb_fold(text + ws[i], wl[i], key, &cls[i]);
        keys[i] = ne_text_hash(key, n);
        if (i + 1 == nw)
            gen = kb_genitive(key, n, bare_s);
    }
    return ne_kb_lookup_keys(kb, keys, cls, nw, gen, type_mask, lang,
                             inflected);
}

/* ---- loading ---------------------------------------------------------- */

/* An entry while loading: strings are offsets into the pool. */
typedef struct kb_lentry_s {
    size_t id_off, name_off;
    uint32_t id_len, name_len;
    uint8_t type, langs, user, dead;
    uint8_t place, link_only;
    char cc[2];
    uint32_t region, population;
    uint32_t line;
    uint32_t name_first, name_cnt; /* into loader.names */
} kb_lentry_t;

typedef struct kb_lname_s {
    size_t off; /* NFC text in the pool */
    uint32_t len;
    uint8_t langs;
} kb_lname_t;

/* A name ending at a node, before sorting into kb->terms. */
typedef struct kb_lterm_s {
    uint32_t node;
    int32_t entry;
    uint8_t langs, user, canonical, link_only;
} kb_lterm_t;

typedef struct kb_loader_s {
    ne_buf_t pool;
    NE_VEC(kb_lentry_t) ents;
    NE_VEC(kb_lname_t) names;
    NE_VEC(kb_lterm_t) lterms;
    uint32_t *ids; /* open addressing: entry index + 1, 0 empty */
    size_t ids_mask;
    char *errstr;
    size_t errstr_size;
    const char *path;
    uint32_t line;
    size_t columns; /* of the file being read: 5, or 6 with place */
} kb_loader_t;

/* "file:line: problem." into the caller's errstr. */
static void kb_err(kb_loader_t *ld, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void kb_err(kb_loader_t *ld, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    ne_errf(ld->errstr, ld->errstr_size, "%s:%u: %s", ld->path,
            (unsigned)ld->line, msg);
}

static size_t kb_pool_add(kb_loader_t *ld, const char *s, size_t n)
{
    size_t off = ld->pool.len;
    ne_buf_append(&ld->pool, s, n);
    ne_buf_putc(&ld->pool, '\0');
    return off;
}

/* Find the entry with this id: returns a slot in ld->ids. */
static uint32_t *kb_id_slot(kb_loader_t *ld, const char *id, size_t n)
{
    size_t s = (size_t)ne_text_hash(id, n) & ld->ids_mask;
    for (;; s = (s + 1) & ld->ids_mask) {
        uint32_t *slot = &ld->ids[s];
        const kb_lentry_t *e;
        if (!*slot)
            return slot;
        e = &ld->ents.v[*slot - 1];
        if (e->id_len == n && !memcmp(ld->pool.data + e->id_off, id, n))
            return slot;
    }
}

static void kb_ids_grow(kb_loader_t *ld)
{
    size_t i, cap = (ld->ids_mask + 1) * 2;
    if (ld->ids && ld->ents.cnt * 2 < ld->ids_mask + 1)
        return;
    if (cap < 1024)
        cap = 1024;
    free(ld->ids);
    ld->ids = ne_calloc(cap, sizeof(*ld->ids));
    ld->ids_mask = cap - 1;
    for (i = 0; i < ld->ents.cnt; i++) {
        const kb_lentry_t *e = &ld->ents.v[i];
        uint32_t *slot;
        if (e->dead)
            continue;
        slot = kb_id_slot(ld, ld->pool.data + e->id_off, e->id_len);
        *slot = (uint32_t)i + 1;
    }
}

/* Trim ASCII blanks from both ends of [*p, *p + *n). */
static void kb_trim(const char **p, size_t *n)
{
    while (*n && (**p == ' ' || **p == '\t')) {
        (*p)++;
        (*n)--;
    }
    while (*n && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t'))
        (*n)--;
}

static int kb_parse_type(const char *s, size_t n)
{
    int t;
    for (t = 0; t < NE_ENT__CNT; t++)
        if (strlen(ne_etype_names[t]) == n &&
            !strncasecmp(ne_etype_names[t], s, n))
            return t;
    return -1;
}

/* "de", "en,fr", "*" or "" -> language bits; 0 on a bad code. */
static uint8_t kb_parse_langs(const char *s, size_t n)
{
    uint8_t bits = 0;
    size_t i = 0;
    if (!n || (n == 1 && *s == '*'))
        return KB_LANG_ALL;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ',')
            j++;
        if (j - i < 2 || j - i > 3)
            return 0;
        for (size_t k = i; k < j; k++)
            if (s[k] < 'a' || s[k] > 'z')
                return 0;
        if (j - i == 2 && !memcmp(s + i, "de", 2))
            bits |= KB_LANG_DE;
        else if (j - i == 2 && !memcmp(s + i, "en", 2))
            bits |= KB_LANG_EN;
        else
            bits |= KB_LANG_OTHER;
        i = j + 1;
        if (i == n) /* trailing comma */
            return 0;
    }
    return bits;
}

/* The place column: "KIND CC[-ADMIN1] POPULATION [linkonly]", e.g.
 * "city US-IL 114394 linkonly" (docs/kb-format.md). Empty: no place.
 * Returns 0 with the error reported. */
static int kb_parse_place(kb_loader_t *ld, kb_lentry_t *e, const char *s,
                          size_t n)
{
    static const char *const kinds[] = {"", "country", "region", "city"};
    const char *w[5];
    size_t wl[5], nw = 0, i = 0, k;
    unsigned long pop = 0;

    while (i < n && nw < 5) {
        while (i < n && s[i] == ' ')
            i++;
        if (i == n)
            break;
        w[nw] = s + i;
        while (i < n && s[i] != ' ')
            i++;
        wl[nw] = (size_t)(s + i - w[nw]);
        nw++;
    }
    if (!nw)
        return 1;
    if (nw < 3 || nw > 4 || i < n)
        goto bad;
    for (k = 1; k < NE_ARRAY_SIZE(kinds); k++)
        if (strlen(kinds[k]) == wl[0] && !memcmp(kinds[k], w[0], wl[0]))
            e->place = (uint8_t)k;
    if (!e->place || wl[1] < 2 || (wl[1] > 2 && w[1][2] != '-') ||
        wl[1] > 2 + 1 + 16 || w[1][0] < 'A' || w[1][0] > 'Z' ||
        w[1][1] < 'A' || w[1][1] > 'Z')
        goto bad;
    for (k = 0; k < wl[2]; k++) {
        if (w[2][k] < '0' || w[2][k] > '9' || pop > 400000000UL)
            goto bad; /* 400 M: no place is larger than that, by 10x */
        pop = pop * 10 + (unsigned long)(w[2][k] - '0');
    }
    if (nw == 4 && (wl[3] != 8 || memcmp(w[3], "linkonly", 8)))
        goto bad;
    memcpy(e->cc, w[1], 2);
    /* A region is named by its country and code; "US-IL" of a city and
     * of its state hash alike. */
    e->region = wl[1] > 2 ? (uint32_t)ne_text_hash(w[1], wl[1]) | 1u : 0;
    e->population = (uint32_t)pop;
    e->link_only = nw == 4;
    return 1;
bad:
    kb_err(ld, "bad place \"%.*s\": expected KIND CC[-REGION] POPULATION "
               "[linkonly], KIND one of country, region, city.",
           (int)NE_MIN(n, 80), s);
    return 0;
}

/* Add one name of the entry being read: NFC, blanks collapsed. An alias
 * may end in "@de" to restrict it to one language. Returns 0 on error. */
static int kb_add_name(kb_loader_t *ld, const char *s, size_t n,
                       uint8_t entry_langs, int is_alias)
{
    kb_lname_t *nm;
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t nfc_len;
    uint8_t langs = entry_langs;
    size_t at = n, words = 0, i;
    int in_word = 0;

    kb_trim(&s, &n);
    if (!n)
        return 1; /* "a||b": an empty alias is no alias */
    while (at > 0 && s[at - 1] != '@')
        at--;
    if (is_alias && at > 1 && n - at >= 2 && n - at <= 3) {
        uint8_t l = kb_parse_langs(s + at, n - at);
        if (!l) {
            kb_err(ld, "bad language tag in alias \"%.*s\": expected "
                       "e.g. @de.", (int)NE_MIN(n, 120), s);
            return 0;
        }
        langs = l & entry_langs;
        n = at - 1;
    }
    for (i = 0; i < n; i++) {
        int sp = s[i] == ' ';
        if (!sp && !in_word)
            words++;
        in_word = !sp;
    }
    if (words > NE_KB_MAX_WORDS) {
        kb_err(ld, "name has more than %d words.", NE_KB_MAX_WORDS);
        return 0;
    }
    for (i = 0; i < n && (unsigned char)s[i] < 0x80; i++)
        ;
    if (i == n) { /* ASCII is NFC already: most of GeoNames' names */
        nfc_len = (utf8proc_ssize_t)n;
    } else if ((nfc_len = utf8proc_map((const utf8proc_uint8_t *)s,
                                       (utf8proc_ssize_t)n, &nfc,
                                       UTF8PROC_STABLE |
                                           UTF8PROC_COMPOSE)) < 0) {
        kb_err(ld, "cannot normalise the name \"%.*s\".",
               (int)NE_MIN(n, 120), s);
        return 0;
    }
    nm = NE_VEC_PUSH(ld->names);
    nm->off = kb_pool_add(ld, nfc ? (const char *)nfc : s, (size_t)nfc_len);
    nm->len = (uint32_t)nfc_len;
    nm->langs = langs;
    free(nfc);
    return 1;
}

/* Parse one data line (not the header, not a comment). */
static int kb_parse_line(kb_loader_t *ld, const char *line, size_t len,
                         uint8_t user)
{
    const char *f[KB_COLUMNS];
    size_t fl[KB_COLUMNS], nf = 0, i, start = 0;
    kb_lentry_t *e;
    uint32_t *slot;
    int type;
    uint8_t langs;

    for (i = 0; i <= len; i++) {
        if (i < len && line[i] != '\t')
            continue;
        if (nf == ld->columns) {
            kb_err(ld, "too many columns: expected %zu (id, type, name, "
                       "aliases, lang%s).", ld->columns,
                   ld->columns > 5 ? ", place" : "");
            return 0;
        }
        f[nf] = line + start;
        fl[nf] = i - start;
        kb_trim(&f[nf], &fl[nf]);
        nf++;
        start = i + 1;
    }
    if (nf < 3) {
        kb_err(ld, "missing columns: found %zu, need at least id, type "
                   "and name.", nf);
        return 0;
    }
    for (; nf < KB_COLUMNS; nf++) {
        f[nf] = "";
        fl[nf] = 0;
    }
    if (!fl[0]) {
        kb_err(ld, "empty id.");
        return 0;
    }
    if ((type = kb_parse_type(f[1], fl[1])) < 0) {
        kb_err(ld, "bad type \"%.*s\": expected PER, ORG, LOC or MISC.",
               (int)NE_MIN(fl[1], 40), f[1]);
        return 0;
    }
    if (!fl[2]) {
        kb_err(ld, "empty name.");
        return 0;
    }
    if (!(langs = kb_parse_langs(f[4], fl[4]))) {
        kb_err(ld, "bad lang \"%.*s\": expected codes like de,en or * "
                   "for all.", (int)NE_MIN(fl[4], 40), f[4]);
        return 0;
    }

    kb_ids_grow(ld);
    slot = kb_id_slot(ld, f[0], fl[0]);
    if (*slot) {
        kb_lentry_t *old = &ld->ents.v[*slot - 1];
        if (old->user == user) {
            kb_err(ld, "duplicate id \"%.*s\" (first on line %u).",
                   (int)NE_MIN(fl[0], 120), f[0], (unsigned)old->line);
            return 0;
        }
        old->dead = 1; /* a later file overrides the entry */
    }
    e = NE_VEC_PUSH(ld->ents);
    memset(e, 0, sizeof(*e));
    *slot = (uint32_t)ld->ents.cnt;
    e->id_off = kb_pool_add(ld, f[0], fl[0]);
    e->id_len = (uint32_t)fl[0];
    e->type = (uint8_t)type;
    e->langs = langs;
    e->user = user;
    e->line = ld->line;
    if (!kb_parse_place(ld, e, f[5], fl[5]))
        return 0;
    e->name_first = (uint32_t)ld->names.cnt;
    if (!kb_add_name(ld, f[2], fl[2], langs, 0))
        return 0;
    e->name_off = ld->names.v[e->name_first].off;
    e->name_len = ld->names.v[e->name_first].len;
    for (start = 0, i = 0; i <= fl[3]; i++) {
        if (i < fl[3] && f[3][i] != '|')
            continue;
        if (!kb_add_name(ld, f[3] + start, i - start, langs, 1))
            return 0;
        start = i + 1;
    }
    e->name_cnt = (uint32_t)ld->names.cnt - e->name_first;
    return 1;
}

/* The byte offset of the first invalid UTF-8 sequence, or -1. */
static long kb_bad_utf8(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k;
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                             (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0)
            return (long)i;
        i += (size_t)k;
    }
    return -1;
}

static int kb_load_file(kb_loader_t *ld, const char *path, uint8_t user)
{
    FILE *fp = NULL;
    char *data = NULL;
    size_t len = 0, cap = 0, pos = 0;
    int have_header = 0, ok = 0;

    ld->path = path;
    ld->line = 0;
    if (!(fp = fopen(path, "rb"))) {
        ne_errf(ld->errstr, ld->errstr_size,
                "cannot open knowledge base %s: %s.", path, strerror(errno));
        goto fail;
    }
    for (;;) {
        size_t got;
        NE_GROW(data, cap, len + 65536);
        got = fread(data + len, 1, cap - len, fp);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(fp)) {
        ne_errf(ld->errstr, ld->errstr_size,
                "cannot read knowledge base %s.", path);
        goto fail;
    }
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        pos = 3; /* byte order mark */
    while (pos < len) {
        const char *line = data + pos;
        size_t n, i;
        long bad;

        ld->line++;
        for (n = 0; pos + n < len && line[n] != '\n'; n++)
            ;
        pos += n + 1;
        if (n && line[n - 1] == '\r')
            n--;
        if ((bad = kb_bad_utf8(line, n)) >= 0) {
            kb_err(ld, "invalid UTF-8 at byte %ld of the line.", bad + 1);
            goto fail;
        }
        for (i = 0; i < n && (line[i] == ' ' || line[i] == '\t'); i++)
            ;
        if (i == n || line[i] == '#')
            continue;
        if (!have_header) {
            if (n == strlen(KB_HEADER) && !memcmp(line, KB_HEADER, n))
                ld->columns = 5;
            else if (n == strlen(KB_HEADER_PLACE) &&
                     !memcmp(line, KB_HEADER_PLACE, n))
                ld->columns = 6;
            else {
                kb_err(ld, "expected the header line \"id<TAB>type<TAB>"
                           "name<TAB>aliases<TAB>lang\" (optionally "
                           "followed by <TAB>place).");
                goto fail;
            }
            have_header = 1;
            continue;
        }
        if (!kb_parse_line(ld, line, n, user))
            goto fail;
    }
    if (!have_header) {
        ne_errf(ld->errstr, ld->errstr_size,
                "%s: no header line: a knowledge base starts with "
                "\"id<TAB>type<TAB>name<TAB>aliases<TAB>lang\".", path);
        goto fail;
    }
    ok = 1;
fail:
    if (fp)
        fclose(fp);
    free(data);
    return ok;
}

static int kb_lterm_cmp(const void *a, const void *b)
{
    const kb_lterm_t *x = a, *y = b;
    if (x->node != y->node)
        return x->node < y->node ? -1 : 1;
    if (x->user != y->user)
        return x->user > y->user ? -1 : 1;
    if (x->canonical != y->canonical)
        return x->canonical ? -1 : 1;
    return (x->entry > y->entry) - (x->entry < y->entry);
}

/* Insert the edge parent -key-> child into the table (which has room). */
static uint32_t kb_edge_add(ne_kb_t *kb, uint32_t parent, uint64_t key,
                            uint8_t casecls, int find)
{
    size_t s;
    for (s = kb_slot(kb, parent, key);; s = (s + 1) & kb->edge_mask) {
        kb_edge_t *e = &kb->edges[s];
        if (!e->child) {
            e->key = key;
            e->parent = parent;
            e->child = (uint32_t)kb->node_cnt++;
            e->casecls = casecls;
            e->find_cls = find ? casecls : KB_CASE_NONE;
            return e->child;
        }
        if (e->key == key && e->parent == parent) {
            if (casecls < e->casecls)
                e->casecls = casecls;
            if (find && casecls < e->find_cls)
                e->find_cls = casecls;
            return e->child;
        }
    }
}

/* Build the trie and the final entries from the loader. */
static void kb_build(ne_kb_t *kb, kb_loader_t *ld)
{
    size_t i, words = 0, cap = 16;
    uint32_t k, live = 0, *remap;

    /* Each word of each name adds at most one edge. */
    for (i = 0; i < ld->names.cnt; i++) {
        const char *p = ld->pool.data + ld->names.v[i].off;
        words++;
        for (k = 0; k < ld->names.v[i].len; k++)
            words += p[k] == ' ';
    }
    while (cap < words * 2)
        cap *= 2;
    kb->edges = ne_calloc(cap, sizeof(*kb->edges));
    kb->edge_mask = cap - 1;
    kb->node_cnt = 1; /* the root */

    /* Overridden entries are dropped: the live ones are renumbered and
     * the strings stay where the loader put them. */
    kb->pool = ne_buf_detach(&ld->pool, &i);
    remap = ne_malloc((ld->ents.cnt + 1) * sizeof(*remap));
    kb->entries = ne_calloc(ld->ents.cnt + 1, sizeof(*kb->entries));
    for (i = 0; i < ld->ents.cnt; i++) {
        const kb_lentry_t *le = &ld->ents.v[i];
        ne_kb_entry_t *e;
        if (le->dead)
            continue;
        remap[i] = live;
        e = &kb->entries[live++];
        e->id = kb->pool + le->id_off;
        e->id_len = le->id_len;
        e->name = kb->pool + le->name_off;
        e->name_len = le->name_len;
        e->type = le->type;
        e->user = le->user;
        e->place = le->place;
        e->link_only = le->link_only;
        memcpy(e->cc, le->cc, sizeof(e->cc));
        e->region = le->region;
        e->population = le->population;
        for (k = 0; k < le->name_cnt; k++) {
            const kb_lname_t *nm = &ld->names.v[le->name_first + k];
            const char *p = kb->pool + nm->off, *end = p + nm->len;
            uint32_t node = 0, nw = 0;
            kb_lterm_t *t;
            while (p < end) {
                const char *w;
                char key[NE_KB_KEY_MAX];
                uint8_t cls;
                size_t n;
                while (p < end && *p == ' ')
                    p++;
                if (p == end)
                    break;
                for (w = p; p < end && *p != ' '; p++)
                    ;
                n = ne_kb_fold(w, (size_t)(p - w), key, &cls);
                node = kb_edge_add(kb, node, ne_text_hash(key, n), cls,
                                   !le->link_only);
                nw++;
            }
            if (!node || !nm->langs)
                continue;
            if (nw > kb->max_words)
                kb->max_words = nw;
            t = NE_VEC_PUSH(ld->lterms);
            t->node = node;
            t->entry = (int32_t)remap[i];
            t->langs = nm->langs;
            t->user = le->user;
            t->canonical = k == 0;
            t->link_only = le->link_only;
        }
    }
    kb->entry_cnt = live;
    free(remap);

    /* Group the names ending at each node in priority order, so that a
     * match takes the first entry of each type it finds. */
    qsort(ld->lterms.v, ld->lterms.cnt, sizeof(kb_lterm_t), kb_lterm_cmp);
    kb->nodes = ne_calloc(kb->node_cnt, sizeof(*kb->nodes));
    kb->terms = ne_malloc((ld->lterms.cnt + 1) * sizeof(*kb->terms));
    for (i = 0; i < ld->lterms.cnt; i++) {
        const kb_lterm_t *lt = &ld->lterms.v[i];
        kb_node_t *nd = &kb->nodes[lt->node];
        kb_term_t *t;
        /* The same entry twice at a node (a name and an alias that fold
         * alike): keep the first, widen its languages. */
        if (nd->term_cnt &&
            kb->terms[kb->term_cnt - 1].entry == lt->entry) {
            kb->terms[kb->term_cnt - 1].langs |= lt->langs;
            nd->langs |= lt->langs;
            if (!lt->link_only)
                nd->find_langs |= lt->langs;
            continue;
        }
        if (!nd->term_cnt)
            nd->term_first = (uint32_t)kb->term_cnt;
        t = &kb->terms[kb->term_cnt++];
        t->entry = lt->entry;
        t->langs = lt->langs;
        t->canonical = lt->canonical;
        nd->term_cnt++;
        nd->langs |= lt->langs;
        if (!lt->link_only)
            nd->find_langs |= lt->langs;
    }
}

ne_kb_t *ne_kb_load(const char *models_dir, const char *const *user_files,
                    char *errstr, size_t errstr_size)
{
    ne_kb_t *kb = ne_calloc(1, sizeof(*kb));
    kb_loader_t ld;
    char *path = NULL;
    size_t i, n;
    int ok = 0;

    memset(&ld, 0, sizeof(ld));
    ne_buf_init(&ld.pool);
    ld.errstr = errstr;
    ld.errstr_size = errstr_size;

    n = strlen(models_dir ? models_dir : ".") + sizeof(KB_DEFAULT_FILE) + 2;
    path = ne_malloc(n);
    snprintf(path, n, "%s/%s", models_dir ? models_dir : ".",
             KB_DEFAULT_FILE);
    if (!kb_load_file(&ld, path, 0))
        goto fail;
    /* User files count from 1: a later file's entries override and win
     * over an earlier file's, which override the default KB's. */
    for (i = 0; user_files && user_files[i]; i++) {
        if (i >= 254) {
            ne_errf(errstr, errstr_size,
                    "too many knowledge-base files (at most 254).");
            goto fail;
        }
        if (!kb_load_file(&ld, user_files[i], (uint8_t)(i + 1)))
            goto fail;
    }
    kb_build(kb, &ld);
    ok = 1;
fail:
    free(path);
    ne_buf_free(&ld.pool);
    free(ld.ents.v);
    free(ld.names.v);
    free(ld.lterms.v);
    free(ld.ids);
    if (!ok) {
        ne_kb_destroy(kb);
        return NULL;
    }
    return kb;
}

void ne_kb_destroy(ne_kb_t *kb)
{
    if (!kb)
        return;
    free(kb->entries);
    free(kb->pool);
    free(kb->nodes);
    free(kb->terms);
    free(kb->edges);
    free(kb);
}
