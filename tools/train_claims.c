/*
 * newsenrich - train_claims: the German claims tagger (cue, source,
 * message; processor/claims_learn.h) from the Bundestag speeches of
 * SpkAtt-2023 task 1 (CC BY-SA 4.0, shippable).
 *
 *   train_claims --data DIR --models DIR --out FILE [--epochs N]
 *                [--bits B] [--seed S]
 *
 * DIR holds train/task1/ and dev/task1/, one JSON file per speech. Each speech is
 * rebuilt as text (tokens joined by a space, sentences by a newline) and
 * run through the processor's own text stage, so the tagger trains on the
 * tokens it will see; a token takes the role of the annotation whose
 * tokens start where it starts (cue before source before message). The
 * lexicon classes come from the claims lexicons in --models. Training is
 * an averaged perceptron over the processor's feature code; the dev
 * speeches only report token scores per role, they never change the
 * model. Same inputs and seed, same model bytes. WikiNews and
 * REDEWIEDERGABE must never be given here: they are not ours to ship.
 */
#include "../processor/claims_rules.h"
#include "../processor/claims_learn.h"
#include "../processor/stages.h"
#include "../common/ne.h"

#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One token of the training data: its features and gold label. */
typedef struct {
    uint32_t off;   /* first feature in feats */
    uint8_t nf;
    uint8_t gold;
} ex_t;

typedef struct {
    NE_VEC(uint32_t) feats;
    NE_VEC(ex_t) ex;
    NE_VEC(uint32_t) sent; /* first example of each sentence (+ end) */
} set_t;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Role label of a gold role name. */
static int role_of(const char *key)
{
    if (!strcmp(key, "Cue"))
        return CLT_B_CUE;
    if (!strcmp(key, "Source"))
        return CLT_B_SRC;
    if (!strcmp(key, "Message"))
        return CLT_B_MSG;
    return -1;
}

/* Read one speech into set s. Returns 0, or -1 with a message on
 * stderr. */
static int add_speech(set_t *s, const char *path, const claims_lex_t *lex,
                      uint32_t bits)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr), *sents, *anns;
    ne_buf_t text;
    NE_VEC(uint32_t) tokoff; /* byte start of gold token (sent, tok) */
    NE_VEC(uint32_t) sentbase;
    NE_VEC(uint8_t) role;    /* per byte offset: label + annotation parity */
    NE_VEC(uint16_t) ann;    /* per byte offset: annotation id + 1 */
    NE_VEC(claims_ltok_t) lt;
    ne_doc_t doc;
    size_t i, j, k;
    int rc = -1;

    memset(&tokoff, 0, sizeof(tokoff));
    memset(&sentbase, 0, sizeof(sentbase));
    memset(&role, 0, sizeof(role));
    memset(&ann, 0, sizeof(ann));
    memset(&lt, 0, sizeof(lt));
    ne_buf_init(&text);
    ne_doc_init(&doc);
    if (!root) {
        fprintf(stderr, "train_claims: %s: %s (line %d)\n", path, jerr.text,
                jerr.line);
        goto done;
    }
    sents = json_object_get(root, "Sentences");
    anns = json_object_get(root, "Annotations");
    if (!json_is_array(sents) || !json_is_array(anns)) {
        fprintf(stderr, "train_claims: %s: no Sentences or Annotations\n",
                path);
        goto done;
    }
    for (i = 0; i < json_array_size(sents); i++) {
        json_t *toks = json_object_get(json_array_get(sents, i), "Tokens");
        if (i)
            ne_buf_append(&text, "\n", 1);
        *NE_VEC_PUSH(sentbase) = (uint32_t)tokoff.cnt;
        for (j = 0; j < json_array_size(toks); j++) {
            const char *w = json_string_value(json_array_get(toks, j));
            if (!w)
                w = "?";
            if (j)
                ne_buf_append(&text, " ", 1);
            *NE_VEC_PUSH(tokoff) = (uint32_t)text.len;
            ne_buf_append(&text, w, strlen(w));
        }
    }
    *NE_VEC_PUSH(sentbase) = (uint32_t)tokoff.cnt;
    NE_GROW(role.v, role.cap, text.len + 1);
    NE_GROW(ann.v, ann.cap, text.len + 1);
    memset(role.v, 0, text.len + 1);
    memset(ann.v, 0, (text.len + 1) * sizeof(*ann.v));
    for (k = 0; k < json_array_size(anns); k++) {
        json_t *a = json_array_get(anns, k), *v;
        const char *key;
        /* message first, so that source and cue inside it win */
        static const char *const ORDER[] = {"Message", "Source", "Cue"};
        size_t o;
        (void)key;
        (void)v;
        for (o = 0; o < 3; o++) {
            json_t *refs = json_object_get(a, ORDER[o]);
            for (j = 0; j < json_array_size(refs); j++) {
                const char *r = json_string_value(json_array_get(refs, j));
                unsigned si, ti;
                size_t g;
                if (!r || sscanf(r, "%u:%u", &si, &ti) != 2 ||
                    si + 1 >= sentbase.cnt ||
                    (g = sentbase.v[si] + ti) >= sentbase.v[si + 1])
                    continue;
                role.v[tokoff.v[g]] = (uint8_t)role_of(ORDER[o]);
                ann.v[tokoff.v[g]] = (uint16_t)(k + 1);
            }
        }
    }
    doc.text[NE_FIELD_TITLE] = "";
    doc.len[NE_FIELD_TITLE] = 0;
    doc.text[NE_FIELD_BODY] = text.data;
    doc.len[NE_FIELD_BODY] = text.len;
    doc.lang = NE_LANG_DE;
    doc.lang_given = 1;
    ne_text_analyse(&doc);
    NE_GROW(lt.v, lt.cap, doc.tokens.cnt + 1);
    for (i = 0; i < doc.tokens.cnt; i++)
        claims_ltok_fill(lex, &doc.tokens.v[i], doc.norm.data, &lt.v[i]);
    for (k = 0; k < doc.sents.cnt; k++) {
        const ne_sentence_t *st = &doc.sents.v[k];
        size_t n = st->tok_end - st->tok_begin;
        const claims_ltok_t *l = lt.v + st->tok_begin;
        unsigned sm = claims_tag_sentence(l, n);
        int prev = CLT_O;
        uint16_t prev_ann = 0;
        if (st->field != NE_FIELD_BODY)
            continue;
        *NE_VEC_PUSH(s->sent) = (uint32_t)s->ex.cnt;
        for (i = 0; i < n; i++) {
            const ne_token_t *t = &doc.tokens.v[st->tok_begin + i];
            ex_t *e = NE_VEC_PUSH(s->ex);
            int r = t->start < text.len ? role.v[t->start] : 0;
            uint16_t an = t->start < text.len ? ann.v[t->start] : 0;
            NE_GROW(s->feats.v, s->feats.cap, s->feats.cnt + CLAIMS_TAG_FEATS);
            e->off = (uint32_t)s->feats.cnt;
            e->nf = (uint8_t)claims_tag_features(l, n, i, sm, bits,
                                                 s->feats.v + s->feats.cnt);
            s->feats.cnt += e->nf;
            /* I- when the token goes on the role of the token before */
            if (r && prev && prev == r && prev_ann == an)
                e->gold = (uint8_t)(r + 1);
            else
                e->gold = (uint8_t)r;
            prev = r;
            prev_ann = an;
        }
    }
    rc = 0;
done:
    json_decref(root);
    ne_doc_free(&doc);
    ne_buf_free(&text);
    free(tokoff.v);
    free(sentbase.v);
    free(role.v);
    free(ann.v);
    free(lt.v);
    return rc;
}

static int load_set(set_t *s, const char *dir, const claims_lex_t *lex,
                    uint32_t bits)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **names = NULL, path[4096];
    size_t n = 0, cap = 0, i;
    int rc = 0;
    if (!d) {
        fprintf(stderr, "train_claims: cannot open %s\n", dir);
        return -1;
    }
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l < 6 || strcmp(de->d_name + l - 5, ".json"))
            continue;
        NE_GROW(names, cap, n + 1);
        names[n++] = ne_strdup(de->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(*names), cmp_str);
    for (i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        if (rc == 0 && add_speech(s, path, lex, bits) == -1)
            rc = -1;
        free(names[i]);
    }
    free(names);
    *NE_VEC_PUSH(s->sent) = (uint32_t)s->ex.cnt;
    fprintf(stderr, "train_claims: %s: %zu speeches, %zu sentences, %zu "
                    "tokens\n",
            dir, n, s->sent.cnt - 1, s->ex.cnt);
    return rc;
}

static int argmax_f(const float *w, const uint32_t *f, size_t nf,
                    float *score)
{
    size_t k;
    int l, best = 0;
    for (l = 0; l < CLT__CNT; l++)
        score[l] = 0;
    for (k = 0; k < nf; k++)
        for (l = 0; l < CLT__CNT; l++)
            score[l] += w[(size_t)f[k] * CLT__CNT + l];
    for (l = 1; l < CLT__CNT; l++)
        if (score[l] > score[best])
            best = l;
    return best;
}

/* Token precision and recall per role (B and I together) on set s. */
static void report(const claims_tagger_t *m, const set_t *s, const char *what)
{
    size_t tp[4] = {0}, np[4] = {0}, ng[4] = {0}, i;
    int r;
    for (i = 0; i < s->ex.cnt; i++) {
        const ex_t *e = &s->ex.v[i];
        int32_t sc[CLT__CNT];
        int l, best = 0, pr, gr;
        size_t k;
        for (l = 0; l < CLT__CNT; l++)
            sc[l] = 0;
        for (k = 0; k < e->nf; k++)
            for (l = 0; l < CLT__CNT; l++)
                sc[l] += m->w[(size_t)s->feats.v[e->off + k] * CLT__CNT + l];
        for (l = 1; l < CLT__CNT; l++)
            if (sc[l] > sc[best])
                best = l;
        pr = (best + 1) / 2;
        gr = (e->gold + 1) / 2;
        np[pr]++;
        ng[gr]++;
        tp[pr] += pr == gr;
    }
    for (r = 1; r <= 3; r++) {
        double p = np[r] ? (double)tp[r] / np[r] : 0,
               rc = ng[r] ? (double)tp[r] / ng[r] : 0;
        fprintf(stderr, "train_claims: %s %-7s tokens P %.3f R %.3f F1 %.3f "
                        "(%zu gold)\n",
                what, r == 1 ? "cue" : r == 2 ? "source" : "message", p, rc,
                p + rc > 0 ? 2 * p * rc / (p + rc) : 0, ng[r]);
    }
}

int main(int argc, char **argv)
{
    const char *data = NULL, *models = NULL, *out = NULL;
    unsigned epochs = 10, bits = 18, seed = 1;
    ne_claims_t *cl = NULL;
    char err[1024], dir[4096];
    set_t tr, dv;
    float *w = NULL, *u = NULL, sc[CLT__CNT];
    size_t nw, *order = NULL, i, k;
    uint64_t c = 1, rng;
    claims_tagger_t m;
    unsigned ep;
    float mx = 0;
    int a, rc = 1;

    memset(&tr, 0, sizeof(tr));
    memset(&dv, 0, sizeof(dv));
    memset(&m, 0, sizeof(m));
    for (a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "--data") && a + 1 < argc)
            data = argv[++a];
        else if (!strcmp(argv[a], "--models") && a + 1 < argc)
            models = argv[++a];
        else if (!strcmp(argv[a], "--out") && a + 1 < argc)
            out = argv[++a];
        else if (!strcmp(argv[a], "--epochs") && a + 1 < argc)
            epochs = (unsigned)atoi(argv[++a]);
        else if (!strcmp(argv[a], "--bits") && a + 1 < argc)
            bits = (unsigned)atoi(argv[++a]);
        else if (!strcmp(argv[a], "--seed") && a + 1 < argc)
            seed = (unsigned)atoi(argv[++a]);
        else {
            fprintf(stderr, "usage: train_claims --data DIR --models DIR "
                            "--out FILE [--epochs N] [--bits B] [--seed S]\n");
            return 2;
        }
    }
    if (!data || !models || !out || bits < 10 || bits > 24 || !epochs) {
        fprintf(stderr, "train_claims: --data, --models and --out are "
                        "required; --bits 10..24, --epochs >= 1\n");
        return 2;
    }
    if (!(cl = ne_claims_load(models, err, sizeof(err)))) {
        fprintf(stderr, "train_claims: %s\n", err);
        return 1;
    }
    snprintf(dir, sizeof(dir), "%s/train/task1", data);
    if (load_set(&tr, dir, &cl->lex[LX_DE], bits) == -1)
        goto done;
    snprintf(dir, sizeof(dir), "%s/dev/task1", data);
    if (load_set(&dv, dir, &cl->lex[LX_DE], bits) == -1)
        goto done;

    nw = (size_t)CLT__CNT << bits;
    w = calloc(nw, sizeof(*w));
    u = calloc(nw, sizeof(*u));
    order = malloc((tr.sent.cnt) * sizeof(*order));
    if (!w || !u || !order) {
        fprintf(stderr, "train_claims: out of memory\n");
        goto done;
    }
    for (i = 0; i + 1 < tr.sent.cnt; i++)
        order[i] = i;
    rng = 0x853c49e6748fea9bULL ^ seed;
    for (ep = 0; ep < epochs; ep++) {
        size_t nsent = tr.sent.cnt - 1, errs = 0;
        for (i = nsent; i > 1; i--) { /* Fisher-Yates, xorshift */
            size_t j, t;
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            j = (size_t)(rng % i);
            t = order[i - 1];
            order[i - 1] = order[j];
            order[j] = t;
        }
        for (i = 0; i < nsent; i++) {
            size_t s = order[i];
            for (k = tr.sent.v[s]; k < tr.sent.v[s + 1]; k++, c++) {
                const ex_t *e = &tr.ex.v[k];
                const uint32_t *f = tr.feats.v + e->off;
                int p = argmax_f(w, f, e->nf, sc);
                size_t q;
                if (p == e->gold)
                    continue;
                errs++;
                for (q = 0; q < e->nf; q++) {
                    size_t r = (size_t)f[q] * CLT__CNT;
                    w[r + e->gold] += 1;
                    u[r + e->gold] += (float)c;
                    w[r + p] -= 1;
                    u[r + p] -= (float)c;
                }
            }
        }
        fprintf(stderr, "train_claims: epoch %u: %zu errors on %zu tokens\n",
                ep + 1, errs, tr.ex.cnt);
    }
    /* averaged weights, quantised to 16 bits */
    for (i = 0; i < nw; i++) {
        w[i] -= u[i] / (float)c;
        if (fabsf(w[i]) > mx)
            mx = fabsf(w[i]);
    }
    m.bits = bits;
    m.scale = mx > 0 ? 32000.0f / mx : 1.0f;
    m.w = calloc(nw, sizeof(*m.w));
    if (!m.w)
        goto done;
    for (i = 0; i < nw; i++)
        m.w[i] = (int16_t)lrintf(w[i] * m.scale);
    report(&m, &tr, "train");
    report(&m, &dv, "dev");
    if (claims_tagger_write(&m, out, err, sizeof(err)) == -1) {
        fprintf(stderr, "train_claims: %s\n", err);
        goto done;
    }
    fprintf(stderr, "train_claims: wrote %s (%s)\n", out, m.name);
    rc = 0;
done:
    free(w);
    free(u);
    free(order);
    free(m.w);
    free(tr.feats.v);
    free(tr.ex.v);
    free(tr.sent.v);
    free(dv.feats.v);
    free(dv.ex.v);
    free(dv.sent.v);
    ne_claims_destroy(cl);
    return rc;
}
