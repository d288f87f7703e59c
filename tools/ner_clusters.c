/*
 * newsenrich - ner_clusters: word classes from unlabelled text for the
 * NER tagger (exchange algorithm over class bigrams).
 *
 *   ner_clusters --out FILE [--classes 64,256,1024] [--min N] [--iters N]
 *                [--conll FILE]... [--json FILE]...
 *
 * Reads tokens from CoNLL files (first column; labels are ignored) and from
 * JSON files holding "Tokens": [...] arrays (one sentence each, the
 * SpkAtt/GePaDe Bundestag format). Words seen at least --min times are
 * put into K classes for each K of --classes by the exchange algorithm
 * (Kneser & Ney 1993; Martin, Liermann & Ney 1998): move each word to the
 * class that most raises the class-bigram likelihood, in frequency order,
 * until few words move. Rarer words and sentence boundaries sit in fixed
 * classes of their own.
 *
 * Writes a TSV: a "# newsenrich word clusters 1" header with the settings,
 * then "word TAB count TAB count-not-sentence-initial TAB class..." for
 * every word seen (class -1 when rarer than --min), in a fixed order.
 * Counts do not depend on the order of the inputs and ties are broken by
 * bytes, so the same inputs give the same file.
 */
#include "../common/ne.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RUNS 4

/* ---- vocabulary ------------------------------------------------------- */

typedef struct {
    char *arena;
    size_t arena_len, arena_cap;
    uint32_t *off;      /* word id -> arena offset */
    uint64_t *cnt;      /* occurrences */
    uint64_t *mid;      /* occurrences not first in their sentence */
    size_t n, cap;
    uint32_t *slot;     /* hash slot -> id + 1 */
    size_t slots;
} vocab_t;

/* The corpus as word ids, BOUNDARY between sentences. */
#define BOUNDARY 0u

static vocab_t voc;
static uint32_t *toks;
static size_t ntok, tok_cap;

static uint64_t str_hash(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t i;
    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    return h ^ (h >> 29);
}

static void vocab_rehash(void)
{
    size_t i, j;
    voc.slots = voc.slots ? voc.slots * 2 : 1 << 16;
    free(voc.slot);
    voc.slot = ne_calloc(voc.slots, sizeof(*voc.slot));
    for (i = 1; i < voc.n; i++) {
        const char *w = voc.arena + voc.off[i];
        for (j = str_hash(w, strlen(w)) & (voc.slots - 1); voc.slot[j];
             j = (j + 1) & (voc.slots - 1))
            ;
        voc.slot[j] = (uint32_t)i + 1;
    }
}

static uint32_t vocab_id(const char *w, size_t n)
{
    size_t j;
    if ((voc.n + 1) * 2 > voc.slots)
        vocab_rehash();
    for (j = str_hash(w, n) & (voc.slots - 1); voc.slot[j];
         j = (j + 1) & (voc.slots - 1)) {
        const char *v = voc.arena + voc.off[voc.slot[j] - 1];
        if (!strncmp(v, w, n) && !v[n])
            return voc.slot[j] - 1;
    }
    NE_GROW(voc.off, voc.cap, voc.n + 1);
    voc.cnt = ne_realloc(voc.cnt, voc.cap * sizeof(*voc.cnt));
    voc.mid = ne_realloc(voc.mid, voc.cap * sizeof(*voc.mid));
    NE_GROW(voc.arena, voc.arena_cap, voc.arena_len + n + 1);
    memcpy(voc.arena + voc.arena_len, w, n);
    voc.arena[voc.arena_len + n] = '\0';
    voc.off[voc.n] = (uint32_t)voc.arena_len;
    voc.cnt[voc.n] = voc.mid[voc.n] = 0;
    voc.arena_len += n + 1;
    voc.slot[j] = (uint32_t)voc.n + 1;
    return (uint32_t)voc.n++;
}

static void push_tok(uint32_t id)
{
    NE_GROW(toks, tok_cap, ntok + 1);
    toks[ntok++] = id;
}

/* One token of the current sentence; first: whether it opens it. */
static void add_word(const char *w, size_t n, int first)
{
    uint32_t id;
    if (!n)
        return;
    id = vocab_id(w, n);
    voc.cnt[id]++;
    voc.mid[id] += !first;
    push_tok(id);
}

/* ---- readers ------------------------------------------------------------ */

static int read_conll(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[8192];
    int first = 1;
    if (!f) {
        fprintf(stderr, "ner_clusters: %s: %s\n", path, strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof(line), f)) {
        size_t l = strcspn(line, "\t\r\n");
        if (!l || line[0] == '\t') {
            if (!first)
                push_tok(BOUNDARY);
            first = 1;
            continue;
        }
        if (l == 10 && !strncmp(line, "-DOCSTART-", 10))
            continue;
        add_word(line, l, first);
        first = 0;
    }
    if (!first)
        push_tok(BOUNDARY);
    fclose(f);
    return 0;
}

/* Append the UTF-8 encoding of code point c. */
static size_t put_utf8(char *o, uint32_t c)
{
    if (c < 0x80)
        return o[0] = (char)c, 1;
    if (c < 0x800)
        return o[0] = (char)(0xc0 | c >> 6), o[1] = (char)(0x80 | (c & 63)),
               2;
    if (c < 0x10000)
        return o[0] = (char)(0xe0 | c >> 12),
               o[1] = (char)(0x80 | (c >> 6 & 63)),
               o[2] = (char)(0x80 | (c & 63)), 3;
    return o[0] = (char)(0xf0 | c >> 18), o[1] = (char)(0x80 | (c >> 12 & 63)),
           o[2] = (char)(0x80 | (c >> 6 & 63)),
           o[3] = (char)(0x80 | (c & 63)), 4;
}

/* A JSON string at *p (after its opening quote) into out; advances *p
 * past the closing quote. Returns the length, or -1 when malformed. */
static long json_string(const char **p, char *out, size_t cap)
{
    const char *s = *p;
    size_t o = 0;
    while (*s && *s != '"') {
        uint32_t c;
        if (o + 8 > cap)
            return -1;
        if (*s != '\\') {
            out[o++] = *s++;
            continue;
        }
        s++;
        switch (*s) {
        case 'n': case 't': case 'r': case 'b': case 'f':
            out[o++] = ' ';
            s++;
            break;
        case 'u':
            if (sscanf(s + 1, "%4x", &c) != 1)
                return -1;
            s += 5;
            if (c >= 0xd800 && c < 0xdc00 && s[0] == '\\' && s[1] == 'u') {
                uint32_t lo;
                if (sscanf(s + 2, "%4x", &lo) != 1)
                    return -1;
                c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
                s += 6;
            }
            o += put_utf8(out + o, c);
            break;
        case '\0':
            return -1;
        default:
            out[o++] = *s++;
        }
    }
    if (*s != '"')
        return -1;
    *p = s + 1;
    return (long)o;
}

static int read_json(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL, word[4096];
    const char *p;
    long sz;
    int rc = -1;
    if (!f || fseek(f, 0, SEEK_END) || (sz = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET)) {
        fprintf(stderr, "ner_clusters: %s: %s\n", path, strerror(errno));
        goto done;
    }
    data = ne_malloc((size_t)sz + 1);
    data[fread(data, 1, (size_t)sz, f)] = '\0';
    for (p = data; (p = strstr(p, "\"Tokens\""));) {
        int first = 1;
        p += 8;
        while (*p == ' ' || *p == ':' || *p == '\n' || *p == '\r' ||
               *p == '\t')
            p++;
        if (*p++ != '[')
            continue;
        for (;;) {
            long l;
            while (*p == ' ' || *p == ',' || *p == '\n' || *p == '\r' ||
                   *p == '\t')
                p++;
            if (*p != '"')
                break;
            p++;
            if ((l = json_string(&p, word, sizeof(word))) < 0) {
                fprintf(stderr, "ner_clusters: %s: bad JSON string at byte "
                        "%ld\n", path, (long)(p - data));
                goto done;
            }
            add_word(word, (size_t)l, first);
            first = 0;
        }
        if (!first)
            push_tok(BOUNDARY);
    }
    rc = 0;
done:
    if (f)
        fclose(f);
    free(data);
    return rc;
}

/* ---- exchange clustering ---------------------------------------------- */

/* Bigram lists of the clustered words: CSR by the word on the left
 * (neighbours to the right) and by the word on the right. */
typedef struct {
    uint32_t *start;  /* V + 1 */
    uint32_t *word;   /* neighbour word id */
    uint32_t *cnt;
} adj_t;

static uint32_t *rank_of;  /* word id -> frequency rank (0 = most) */
static uint32_t *by_rank;  /* rank -> word id */
static double *flog;       /* x log x for x up to the corpus size */
static size_t flog_n;

static inline double F(int64_t x)
{
    return (size_t)x < flog_n ? flog[x] : (double)x * log((double)x);
}

static int cmp_rank(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    if (voc.cnt[x] != voc.cnt[y])
        return voc.cnt[x] > voc.cnt[y] ? -1 : 1;
    return strcmp(voc.arena + voc.off[x], voc.arena + voc.off[y]);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Bigrams (by rank) sorted by key = a << 32 | b, into CSR. */
static void build_adj(uint64_t *pairs, size_t np, size_t nw, adj_t *adj)
{
    size_t i, k = 0;
    qsort(pairs, np, sizeof(*pairs), cmp_u64);
    adj->start = ne_calloc(nw + 1, sizeof(uint32_t));
    adj->word = ne_malloc((np + 1) * sizeof(uint32_t));
    adj->cnt = ne_malloc((np + 1) * sizeof(uint32_t));
    for (i = 0; i < np;) {
        size_t j = i;
        uint32_t a = (uint32_t)(pairs[i] >> 32);
        while (j < np && pairs[j] == pairs[i])
            j++;
        adj->word[k] = (uint32_t)pairs[i];
        adj->cnt[k] = (uint32_t)(j - i);
        adj->start[a + 1]++;
        k++;
        i = j;
    }
    for (i = 0; i < nw; i++)
        adj->start[i + 1] += adj->start[i];
}

/* The class counts and the word being moved, for move_gain(). */
typedef struct {
    const int64_t *N, *Nl, *Nr, *rc, *lc;
    const uint32_t *tr, *tl;
    size_t C, ntr, ntl;
    int64_t self, vl, vr;
} ex_t;

/* Change of the class-bigram log-likelihood when the word described by
 * ex (already taken out of its class) joins class k. */
static double move_gain(const ex_t *ex, size_t k)
{
    const int64_t *N = ex->N, *row = N + k * ex->C;
    double g = 0;
    size_t i;
    for (i = 0; i < ex->ntr; i++)
        if (ex->tr[i] != k)
            g += F(row[ex->tr[i]] + ex->rc[ex->tr[i]]) - F(row[ex->tr[i]]);
    for (i = 0; i < ex->ntl; i++)
        if (ex->tl[i] != k) {
            int64_t x = N[ex->tl[i] * ex->C + k];
            g += F(x + ex->lc[ex->tl[i]]) - F(x);
        }
    g += F(row[k] + ex->rc[k] + ex->lc[k] + ex->self) - F(row[k]);
    return g - (F(ex->Nl[k] + ex->vl) - F(ex->Nl[k])) -
           (F(ex->Nr[k] + ex->vr) - F(ex->Nr[k]));
}

/* Cluster the V most frequent words (ranks 0..V-1) into K classes;
 * classes K (rare words) and K + 1 (boundary) stay fixed. */
static void exchange(size_t V, size_t K, int iters, const adj_t *R,
                     const adj_t *L, int32_t *cls_out)
{
    size_t C = K + 2, v, i, k;
    int64_t *N = ne_calloc(C * C, sizeof(int64_t));
    int64_t *Nl = ne_calloc(C, sizeof(int64_t)), *Nr = ne_calloc(C, 8);
    int64_t *rc = ne_calloc(C, 8), *lc = ne_calloc(C, 8);
    uint32_t *tr = ne_malloc(C * 4), *tl = ne_malloc(C * 4);
    uint32_t *cls = ne_malloc((voc.n + 1) * sizeof(uint32_t));
    ex_t ex;
    int it;

    ex.N = N, ex.Nl = Nl, ex.Nr = Nr, ex.rc = rc, ex.lc = lc;
    ex.tr = tr, ex.tl = tl, ex.C = C;

    /* ranks: 0 is BOUNDARY's (it is word id 0 and sorted like others), so
     * map by word id */
    for (i = 0; i < voc.n; i++) {
        uint32_t r = rank_of[i];
        cls[r] = i == BOUNDARY ? (uint32_t)K + 1
                 : r < V       ? (uint32_t)(r % K)
                               : (uint32_t)K;
    }
    for (v = 0; v < voc.n; v++)
        for (i = R->start[v]; i < R->start[v + 1]; i++) {
            N[cls[v] * C + cls[R->word[i]]] += R->cnt[i];
            Nl[cls[v]] += R->cnt[i];
            Nr[cls[R->word[i]]] += R->cnt[i];
        }
    for (it = 1; it <= iters; it++) {
        size_t moved = 0;
        for (v = 0; v < V; v++) {
            size_t ntr = 0, ntl = 0, a = cls[v], best = a;
            int64_t self = 0, vl = 0, vr = 0;
            double best_gain = -INFINITY;
            if (v == rank_of[BOUNDARY])
                continue;
            for (i = R->start[v]; i < R->start[v + 1]; i++) {
                uint32_t w = R->word[i], d = cls[w];
                vl += R->cnt[i];
                if (w == v) {
                    self += R->cnt[i];
                    continue;
                }
                if (!rc[d])
                    tr[ntr++] = d;
                rc[d] += R->cnt[i];
            }
            for (i = L->start[v]; i < L->start[v + 1]; i++) {
                uint32_t w = L->word[i], c = cls[w];
                vr += L->cnt[i];
                if (w == v)
                    continue;
                if (!lc[c])
                    tl[ntl++] = c;
                lc[c] += L->cnt[i];
            }
            /* take v out of its class */
            for (i = 0; i < ntr; i++)
                N[a * C + tr[i]] -= rc[tr[i]];
            for (i = 0; i < ntl; i++)
                N[tl[i] * C + a] -= lc[tl[i]];
            N[a * C + a] -= self;
            Nl[a] -= vl;
            Nr[a] -= vr;
            ex.ntr = ntr, ex.ntl = ntl, ex.self = self, ex.vl = vl;
            ex.vr = vr;
            /* stay unless another class is strictly better */
            best_gain = move_gain(&ex, a);
            for (k = 0; k < K; k++) {
                double g = k == a ? best_gain : move_gain(&ex, k);
                if (g > best_gain + 1e-9)
                    best_gain = g, best = k;
            }
            k = best;
            moved += k != a;
            for (i = 0; i < ntr; i++)
                if (tr[i] != k)
                    N[k * C + tr[i]] += rc[tr[i]];
            for (i = 0; i < ntl; i++)
                if (tl[i] != k)
                    N[tl[i] * C + k] += lc[tl[i]];
            N[k * C + k] += rc[k] + lc[k] + self;
            Nl[k] += vl;
            Nr[k] += vr;
            cls[v] = (uint32_t)k;
            for (i = 0; i < ntr; i++)
                rc[tr[i]] = 0;
            for (i = 0; i < ntl; i++)
                lc[tl[i]] = 0;
        }
        fprintf(stderr, "ner_clusters: K=%zu iteration %d: %zu of %zu words "
                "moved\n", K, it, moved, V);
        if (moved * 1000 < V)
            break;
    }
    for (v = 0; v < voc.n; v++)
        cls_out[v] = v < V ? (int32_t)cls[v] : -1;
    free(N), free(Nl), free(Nr), free(rc), free(lc), free(tr), free(tl);
    free(cls);
}

static void usage(void)
{
    fprintf(stderr,
            "usage: ner_clusters --out FILE [--classes 64,256,1024] "
            "[--min N] [--iters N]\n"
            "                    [--conll FILE]... [--json FILE]...\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *out = NULL, *classes = "64,256,1024";
    size_t K[MAX_RUNS], nruns = 0, V = 0, i, np = 0;
    int32_t *cls[MAX_RUNS];
    int min = 3, iters = 15, a;
    uint64_t *pairs, *rpairs;
    adj_t R, L;
    FILE *f;
    char *c;

    vocab_id("<s>", 3); /* BOUNDARY */
    for (a = 1; a < argc; a++) {
        const char *o = argv[a], *v = a + 1 < argc ? argv[a + 1] : NULL;
        if (!v)
            usage();
        a++;
        if (!strcmp(o, "--out"))
            out = v;
        else if (!strcmp(o, "--classes"))
            classes = v;
        else if (!strcmp(o, "--min"))
            min = atoi(v);
        else if (!strcmp(o, "--iters"))
            iters = atoi(v);
        else if (!strcmp(o, "--conll")) {
            if (read_conll(v))
                return 1;
        } else if (!strcmp(o, "--json")) {
            if (read_json(v))
                return 1;
        } else
            usage();
    }
    for (c = (char *)classes; *c && nruns < MAX_RUNS;) {
        K[nruns] = strtoul(c, &c, 10);
        if (K[nruns] < 2)
            usage();
        nruns++;
        if (*c == ',')
            c++;
    }
    if (!out || !nruns || min < 1 || ntok < 2)
        usage();
    voc.cnt[BOUNDARY] = 1u << 30; /* first in rank order, never clustered */
    by_rank = ne_malloc(voc.n * sizeof(*by_rank));
    rank_of = ne_malloc(voc.n * sizeof(*rank_of));
    for (i = 0; i < voc.n; i++)
        by_rank[i] = (uint32_t)i;
    qsort(by_rank, voc.n, sizeof(*by_rank), cmp_rank);
    for (i = 0; i < voc.n; i++) {
        rank_of[by_rank[i]] = (uint32_t)i;
        if (by_rank[i] != BOUNDARY && voc.cnt[by_rank[i]] >= (uint64_t)min)
            V = i + 1;
    }
    voc.cnt[BOUNDARY] = 0;
    fprintf(stderr, "ner_clusters: %zu tokens, %zu types, %zu clustered\n",
            ntok, voc.n - 1, V - 1);

    /* bigrams over ranks, both directions */
    pairs = ne_malloc(ntok * sizeof(*pairs));
    rpairs = ne_malloc(ntok * sizeof(*rpairs));
    for (i = 0; i + 1 < ntok; i++) {
        uint64_t x = rank_of[toks[i]], y = rank_of[toks[i + 1]];
        if (toks[i] == BOUNDARY && toks[i + 1] == BOUNDARY)
            continue;
        pairs[np] = x << 32 | y;
        rpairs[np++] = y << 32 | x;
    }
    build_adj(pairs, np, voc.n, &R);
    build_adj(rpairs, np, voc.n, &L);
    free(pairs), free(rpairs);
    flog_n = np + 1;
    flog = ne_malloc(flog_n * sizeof(*flog));
    flog[0] = 0;
    for (i = 1; i < flog_n; i++)
        flog[i] = (double)i * log((double)i);

    for (i = 0; i < nruns; i++) {
        cls[i] = ne_malloc(voc.n * sizeof(int32_t));
        exchange(V, K[i], iters, &R, &L, cls[i]);
    }

    if (!(f = fopen(out, "w"))) {
        fprintf(stderr, "ner_clusters: %s: %s\n", out, strerror(errno));
        return 1;
    }
    fprintf(f, "# newsenrich word clusters 1\tclasses=%s\tmin=%d\ttokens=%zu"
            "\n", classes, min, ntok);
    for (i = 0; i < voc.n; i++) {
        uint32_t w = by_rank[i];
        size_t r;
        if (w == BOUNDARY)
            continue;
        fprintf(f, "%s\t%llu\t%llu", voc.arena + voc.off[w],
                (unsigned long long)voc.cnt[w],
                (unsigned long long)voc.mid[w]);
        for (r = 0; r < nruns; r++)
            fprintf(f, "\t%d", cls[r][i]);
        fputc('\n', f);
    }
    if (fclose(f)) {
        fprintf(stderr, "ner_clusters: %s: %s\n", out, strerror(errno));
        return 1;
    }
    for (i = 0; i < nruns; i++)
        free(cls[i]);
    free(R.start), free(R.word), free(R.cnt);
    free(L.start), free(L.word), free(L.cnt);
    free(flog), free(by_rank), free(rank_of), free(toks);
    free(voc.arena), free(voc.off), free(voc.cnt), free(voc.mid);
    free(voc.slot);
    return 0;
}
