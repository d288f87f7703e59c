/*
 * bench_ner: speed of tokenise + tag on one core, and RSS with both models.
 *
 *   bench_ner [-m MODELS_DIR] [-s SECONDS] LANG FILE...
 *
 * FILE is a CoNLL file (tokens joined with spaces, 20 sentences a
 * document), a 10kGNAD-style CSV (label;'text', one document a line) or
 * plain text (documents separated by blank lines). Prints tokens/s and
 * MB/s of ne_text_analyse + ne_ner_tag. While processor/text.c produces no
 * tokens (before it lands), a minimal whitespace/punctuation tokeniser
 * stands in and the output says so.
 */
#include "../processor/doc.h"
#include "../processor/stages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *text;
    size_t len;
} bdoc_t;

static bdoc_t *docs;
static size_t ndocs, docs_cap;

static void add_doc(const char *s, size_t n)
{
    if (!n)
        return;
    NE_GROW(docs, docs_cap, ndocs + 1);
    docs[ndocs].text = ne_strndup(s, n);
    docs[ndocs].len = n;
    ndocs++;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long sz;
    if (!f) {
        perror(path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = ne_malloc((size_t)sz + 1);
    *len = fread(buf, 1, (size_t)sz, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static void load_conll(const char *data)
{
    ne_buf_t b;
    const char *p = data;
    int sents = 0;
    ne_buf_init(&b);
    while (*p) {
        const char *e = strchr(p, '\n'), *tab;
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (!l) {
            ne_buf_putc(&b, '\n');
            if (++sents % 20 == 0) {
                add_doc(b.data, b.len);
                ne_buf_reset(&b);
            }
        } else if ((tab = memchr(p, '\t', l))) {
            if (b.len && b.data[b.len - 1] != '\n')
                ne_buf_putc(&b, ' ');
            ne_buf_append(&b, p, (size_t)(tab - p));
        }
        p += l + (e ? 1 : 0);
    }
    add_doc(b.data, b.len);
    ne_buf_free(&b);
}

static void load_csv(const char *data)
{
    const char *p = data;
    while (*p) {
        const char *e = strchr(p, '\n'), *q;
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if ((q = memchr(p, ';', l)) && q + 1 < p + l) {
            const char *s = q + 1, *end = p + l;
            if (*s == '\'')
                s++;
            if (end > s && end[-1] == '\'')
                end--;
            add_doc(s, (size_t)(end - s));
        }
        p += l + (e ? 1 : 0);
    }
}

static void load_text(const char *data)
{
    const char *p = data, *e;
    while ((e = strstr(p, "\n\n"))) {
        add_doc(p, (size_t)(e - p));
        p = e + 2;
    }
    add_doc(p, strlen(p));
}

/* Stand-in tokeniser: whitespace separates, ASCII punctuation is a token
 * of its own, . ! ? end a sentence. */
static void mini_tokenize(ne_doc_t *doc)
{
    const char *s = doc->text[NE_FIELD_BODY];
    size_t n = doc->len[NE_FIELD_BODY], i = 0, sb = 0;
    static const char punct[] = ".,;:!?()\"'[]";
    while (i < n) {
        ne_token_t *t;
        size_t b = i;
        int end = 0;
        if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
            i++;
            continue;
        }
        if (strchr(punct, s[i])) {
            end = s[i] == '.' || s[i] == '!' || s[i] == '?';
            i++;
        } else
            while (i < n && s[i] != ' ' && s[i] != '\n' && s[i] != '\t' &&
                   !strchr(punct, s[i]))
                i++;
        t = NE_VEC_PUSH(doc->tokens);
        memset(t, 0, sizeof(*t));
        t->start = (uint32_t)b;
        t->end = (uint32_t)i;
        t->field = NE_FIELD_BODY;
        t->mention = -1;
        if (end || i >= n) {
            ne_sentence_t *se = NE_VEC_PUSH(doc->sents);
            se->tok_begin = (uint32_t)sb;
            se->tok_end = (uint32_t)doc->tokens.cnt;
            se->field = NE_FIELD_BODY;
            sb = doc->tokens.cnt;
        }
    }
    if (sb < doc->tokens.cnt) {
        ne_sentence_t *se = NE_VEC_PUSH(doc->sents);
        se->tok_begin = (uint32_t)sb;
        se->tok_end = (uint32_t)doc->tokens.cnt;
        se->field = NE_FIELD_BODY;
    }
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof(line), f))
        if (!strncmp(line, "VmRSS:", 6))
            kb = atol(line + 6);
    if (f)
        fclose(f);
    return kb;
}

int main(int argc, char **argv)
{
    const char *dir = NE_SOURCE_DIR "/models", *lang;
    double seconds = 3;
    char err[512];
    ne_ner_t *ner, *other;
    ne_doc_t doc;
    size_t d, bytes = 0, toks = 0, mentions = 0;
    int i = 1, mini = 0, passes = 0;
    long rss0 = rss_kb();
    int64_t t0, el;

    while (i + 1 < argc && argv[i][0] == '-') {
        if (!strcmp(argv[i], "-m"))
            dir = argv[i + 1];
        else if (!strcmp(argv[i], "-s"))
            seconds = atof(argv[i + 1]);
        i += 2;
    }
    if (i + 1 >= argc) {
        fprintf(stderr, "usage: bench_ner [-m MODELS_DIR] [-s SECONDS] LANG "
                        "FILE...\n");
        return 2;
    }
    lang = argv[i++];
    for (; i < argc; i++) {
        size_t len;
        char *data = slurp(argv[i], &len);
        size_t l = strlen(argv[i]);
        if (l > 6 && !strcmp(argv[i] + l - 6, ".conll"))
            load_conll(data);
        else if (l > 4 && !strcmp(argv[i] + l - 4, ".csv"))
            load_csv(data);
        else
            load_text(data);
        free(data);
    }
    if (!(ner = ne_ner_load(dir, lang, NULL, err, sizeof(err))) ||
        !(other = ne_ner_load(dir, strcmp(lang, "de") ? "de" : "en", NULL,
                              err, sizeof(err)))) {
        fprintf(stderr, "bench_ner: %s\n", err);
        return 1;
    }
    printf("models %s: RSS %ld kB before loading, %ld kB with de + en\n",
           dir, rss0, rss_kb());

    ne_doc_init(&doc);
    t0 = ne_now_us();
    do {
        for (d = 0; d < ndocs; d++) {
            ne_doc_reset(&doc);
            doc.text[NE_FIELD_BODY] = docs[d].text;
            doc.len[NE_FIELD_BODY] = docs[d].len;
            ne_text_analyse(&doc);
            if (!doc.tokens.cnt) {
                mini = 1;
                mini_tokenize(&doc);
            }
            ne_ner_tag(ner, NULL, &doc);
            bytes += docs[d].len;
            toks += doc.tokens.cnt;
            mentions += doc.mentions.cnt;
        }
        passes++;
        el = ne_now_us() - t0;
    } while (el < (int64_t)(seconds * 1e6));

    printf("%s: %zu documents x %d passes, %zu tokens, %zu mentions%s\n",
           lang, ndocs, passes, toks, mentions,
           mini ? " (stand-in tokeniser: processor/text.c gave no tokens)"
                : "");
    printf("%s: %.0f tokens/s, %.2f MB/s (tokenise + tag, 1 thread)\n", lang,
           toks / (el / 1e6), bytes / (el / 1e6) / 1e6);
    printf("RSS at end: %ld kB\n", rss_kb());
    ne_doc_free(&doc);
    ne_ner_destroy(ner);
    ne_ner_destroy(other);
    for (d = 0; d < ndocs; d++)
        free(docs[d].text);
    free(docs);
    return 0;
}
