/*
 * bench_claims: time of the claims stage against the entity pass.
 *
 *   bench_claims [-m MODELS_DIR] [-s SECONDS] [-l on] LANG FILE...
 *
 * FILE is a 10kGNAD-style CSV (label;'text', one article a line) or any
 * other file, taken as one article. Runs the entity pass (ne_text_analyse,
 * ne_ner_tag, ne_entities_resolve) and then ne_claims_extract on every
 * article, on one thread, and prints the time of each and the claims time
 * as a share of the entity pass (the budget is 30 %). -l on adds the
 * learned claims tagger (models.claims_learned).
 */
#include "../processor/doc.h"
#include "../processor/stages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *text;
    size_t len;
} article_t;

static NE_VEC(article_t) arts;

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ne_buf_t b;
    char chunk[65536];
    size_t n;
    if (!f) {
        perror(path);
        exit(2);
    }
    ne_buf_init(&b);
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        ne_buf_append(&b, chunk, n);
    fclose(f);
    return ne_buf_detach(&b, len);
}

/* One article per line after the first ';', quotes stripped. */
static void add_csv(char *data)
{
    char *line, *save = NULL;
    for (line = strtok_r(data, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        char *s = strchr(line, ';'), *e;
        article_t *a;
        if (!s || !*++s)
            continue;
        e = s + strlen(s);
        if (*s == '\'' && e > s + 1 && e[-1] == '\'') {
            s++;
            e--;
        }
        a = NE_VEC_PUSH(arts);
        a->text = ne_strndup(s, (size_t)(e - s));
        a->len = (size_t)(e - s);
    }
}

int main(int argc, char **argv)
{
    const char *dir = NE_SOURCE_DIR "/models", *lang;
    double seconds = 3;
    char err[512];
    ne_ner_t *ner;
    ne_claims_t *cl;
    ne_doc_t doc;
    size_t k, bytes = 0, toks = 0, claims = 0;
    int i = 1, passes = 0, learned = 0;
    int64_t t_ent = 0, t_claims = 0, t0, t1, t2, start;

    while (i + 1 < argc && argv[i][0] == '-') {
        if (!strcmp(argv[i], "-m"))
            dir = argv[i + 1];
        else if (!strcmp(argv[i], "-s"))
            seconds = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "-l"))
            learned = !strcmp(argv[i + 1], "on");
        i += 2;
    }
    if (i + 1 >= argc) {
        fprintf(stderr, "usage: bench_claims [-m MODELS_DIR] [-s SECONDS] "
                        "[-l on] LANG FILE...\n");
        return 2;
    }
    lang = argv[i++];
    for (; i < argc; i++) {
        size_t len, l = strlen(argv[i]);
        char *data = read_all(argv[i], &len);
        if (l > 4 && !strcmp(argv[i] + l - 4, ".csv")) {
            add_csv(data);
            free(data);
        } else {
            article_t *a = NE_VEC_PUSH(arts);
            a->text = data;
            a->len = len;
        }
    }
    if (!(ner = ne_ner_load(dir, lang, NULL, err, sizeof(err))) ||
        !(cl = ne_claims_load(dir, err, sizeof(err))) ||
        (learned && ne_claims_use_learned(cl, dir, err, sizeof(err)) == -1)) {
        fprintf(stderr, "bench_claims: %s\n", err);
        return 1;
    }
    ne_doc_init(&doc);
    start = ne_now_us();
    do {
        for (k = 0; k < arts.cnt; k++) {
            ne_doc_reset(&doc);
            doc.text[NE_FIELD_BODY] = arts.v[k].text;
            doc.len[NE_FIELD_BODY] = arts.v[k].len;
            doc.lang = strcmp(lang, "de") ? NE_LANG_EN : NE_LANG_DE;
            doc.lang_given = 1;
            t0 = ne_now_us();
            ne_text_analyse(&doc);
            ne_ner_tag(ner, NULL, &doc);
            ne_entities_resolve(NULL, &doc);
            t1 = ne_now_us();
            ne_claims_extract(cl, &doc);
            t2 = ne_now_us();
            t_ent += t1 - t0;
            t_claims += t2 - t1;
            bytes += arts.v[k].len;
            toks += doc.tokens.cnt;
            claims += doc.claims.cnt;
        }
        passes++;
    } while (ne_now_us() - start < (int64_t)(seconds * 1e6));

    printf("%s: %zu articles x %d passes, %.1f MB, %zu tokens, %zu claims\n",
           lang, arts.cnt, passes, bytes / 1e6, toks, claims);
    printf("entity pass (text + ner + entities): %.2f s, %.0f tokens/s, "
           "%.2f MB/s\n", t_ent / 1e6, toks / (t_ent / 1e6),
           bytes / (t_ent / 1e6) / 1e6);
    printf("claims: %.2f s, %.0f tokens/s, %.2f MB/s\n", t_claims / 1e6,
           toks / (t_claims / 1e6), bytes / (t_claims / 1e6) / 1e6);
    printf("claims / entity pass: %.1f %% (budget 30 %%)\n",
           100.0 * (double)t_claims / (double)t_ent);
    ne_doc_free(&doc);
    ne_claims_destroy(cl);
    ne_ner_destroy(ner);
    for (k = 0; k < arts.cnt; k++)
        free(arts.v[k].text);
    free(arts.v);
    return 0;
}
