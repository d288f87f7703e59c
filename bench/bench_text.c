/*
 * Tokeniser speed and debugging: not part of the build.
 *
 *   bench_text bench FILE [ROUNDS]  tokenise FILE (one article per line,
 *                                   or the whole file) and print MB/s
 *   bench_text dump                 stdin lines -> tokens joined by spaces
 *   bench_text show [TITLE]         stdin -> one token per line with
 *                                   offsets, kind, flags, sentence
 *   bench_text langid MODELS        stdin lines "code<TAB>text" -> lines
 *                                   "code<TAB>detected<TAB>confidence"
 *
 * Build (after the main build):
 *   gcc -O2 -I. bench/bench_text.c build/libne_processor.a \
 *       build/libne_common.a -lutf8proc -ljansson -lz -lm -o build/bench_text
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "processor/doc.h"
#include "processor/stages.h"
#include "processor/text.h"

static char *slurp(FILE *f, size_t *lenp)
{
    size_t cap = 1 << 20, len = 0, r;
    char *buf = malloc(cap);
    while ((r = fread(buf + len, 1, cap - len, f)) > 0) {
        len += r;
        if (len == cap)
            buf = realloc(buf, cap *= 2);
    }
    *lenp = len;
    return buf;
}

static void run(ne_doc_t *doc, const char *title, const char *body,
                size_t blen)
{
    ne_doc_reset(doc);
    doc->text[NE_FIELD_TITLE] = title;
    doc->len[NE_FIELD_TITLE] = strlen(title);
    doc->text[NE_FIELD_BODY] = body;
    doc->len[NE_FIELD_BODY] = blen;
    ne_text_analyse(doc);
}

int main(int argc, char **argv)
{
    ne_doc_t doc;
    ne_doc_init(&doc);
    if (argc >= 3 && strcmp(argv[1], "bench") == 0) {
        FILE *f = fopen(argv[2], "rb");
        size_t len, toks = 0;
        int rounds = argc > 3 ? atoi(argv[3]) : 5;
        char *buf;
        int64_t t0, t1;
        if (!f)
            return 1;
        buf = slurp(f, &len);
        fclose(f);
        t0 = ne_now_us();
        for (int r = 0; r < rounds; r++) {
            /* one article per line, like a stream of bodies */
            char *p = buf, *end = buf + len;
            while (p < end) {
                char *nl = memchr(p, '\n', (size_t)(end - p));
                size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
                run(&doc, "", p, l);
                toks += doc.tokens.cnt;
                p += l + 1;
            }
        }
        t1 = ne_now_us();
        printf("%zu bytes x %d rounds, %zu tokens: %.1f MB/s, %.2f M "
               "tokens/s\n", len, rounds, toks,
               (double)len * rounds / (double)(t1 - t0),
               (double)toks / (double)(t1 - t0));
        free(buf);
    } else if (argc >= 2 && strcmp(argv[1], "dump") == 0) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t l;
        while ((l = getline(&line, &cap, stdin)) >= 0) {
            if (l && line[l - 1] == '\n')
                line[--l] = '\0';
            run(&doc, "", line, (size_t)l);
            for (size_t k = 0; k < doc.tokens.cnt; k++) {
                ne_token_t *t = &doc.tokens.v[k];
                printf("%s%.*s", k ? " " : "", (int)(t->end - t->start),
                       line + t->start);
            }
            printf("\t%zu\n", doc.sents.cnt);
        }
        free(line);
    } else if (argc >= 3 && strcmp(argv[1], "langid") == 0) {
        char err[512], *line = NULL;
        size_t cap = 0;
        ssize_t l;
        ne_langid_t *li = ne_langid_load(argv[2], err, sizeof(err));
        if (!li) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        while ((l = getline(&line, &cap, stdin)) >= 0) {
            char *tab = strchr(line, '\t');
            if (l && line[l - 1] == '\n')
                line[--l] = '\0';
            if (!tab)
                continue;
            *tab = '\0';
            run(&doc, "", tab + 1, strlen(tab + 1));
            ne_langid_detect(li, &doc);
            printf("%s\t%s\t%.3f\n", line, doc.lang_code, doc.lang_conf);
        }
        free(line);
        ne_langid_destroy(li);
    } else if (argc >= 2 && strcmp(argv[1], "show") == 0) {
        size_t len;
        char *buf = slurp(stdin, &len);
        const char *title = argc > 2 ? argv[2] : "";
        static const char *kinds[] = {"WORD", "NUM", "PUNCT", "QUOTE", "SYM",
                                      "OTHER"};
        run(&doc, title, buf, len);
        for (size_t k = 0; k < doc.tokens.cnt; k++) {
            ne_token_t *t = &doc.tokens.v[k];
            printf("%u %c %4u-%-4u %-5s %04x q%-2u s%-3u %-20.*s %s\n",
                   (unsigned)k, t->field ? 'B' : 'T', t->start, t->end,
                   kinds[t->kind], t->flags, t->quote_style, t->sent,
                   (int)(t->end - t->start), doc.text[t->field] + t->start,
                   ne_doc_tok_norm(&doc, t));
        }
        free(buf);
    }
    ne_doc_free(&doc);
    return 0;
}
