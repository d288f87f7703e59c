/*
 * bench_stages: time of each extraction stage on one core, over real
 * tokens and tagger output.
 *
 *   bench_stages [-m MODELS_DIR] [-p PASSES] LANG FILE
 *
 * FILE holds one document per line (plain text). For 10kGNAD:
 *   python3 -c 'import csv,sys; [print(r[1].replace("\n"," ")) for r in
 *     csv.reader(open(sys.argv[1]),delimiter=";",quotechar="\x27")]' \
 *     .../text/de/10kgnad-test.csv > /tmp/gnad.txt
 * Prints, per stage, the time and tokens/s and MB/s of that stage alone,
 * then the entity pass (tokenise + tag + cluster + link) as a whole.
 * Documents get a publication date so that dates resolve.
 */
#include "../processor/doc.h"
#include "../processor/kb.h"
#include "../processor/stages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef NE_SOURCE_DIR
#define NE_SOURCE_DIR "."
#endif

enum { ST_TEXT, ST_NER, ST_KB, ST_ENT, ST_DATES, ST_QTY, ST__CNT };
static const char *const stage_names[ST__CNT] = {
    "text (tokenise)", "ner (tag)", "kb annotate", "entities",
    "dates", "quantities"};

static void report(const char *name, int64_t us, uint64_t toks,
                   uint64_t bytes)
{
    double s = us > 0 ? us / 1e6 : 1e-9;
    printf("%-24s %9.1f ms %8.2f M tokens/s %8.1f MB/s\n", name, us / 1e3,
           toks / s / 1e6, bytes / s / 1e6);
}

int main(int argc, char **argv)
{
    const char *models = NE_SOURCE_DIR "/models";
    char err[512], *buf = NULL;
    size_t cap = 0, len = 0, got, nd = 0, dcap = 0, i;
    char **docs = NULL;
    int passes = 3, opt, pass;
    int64_t t[ST__CNT] = {0}, t0;
    uint64_t toks = 0, bytes = 0, cnt[4] = {0};
    uint8_t *flags = NULL;
    ne_quantities_t *quantities = ne_quantities_new();
    ne_dates_t *dates = ne_dates_new(quantities);
    size_t fcap = 0;
    ne_kb_t *kb = NULL;
    ne_ner_t *ner = NULL;
    ne_doc_t doc;
    FILE *f;

    while ((opt = getopt(argc, argv, "m:p:")) != -1) {
        if (opt == 'm')
            models = optarg;
        else if (opt == 'p')
            passes = atoi(optarg);
        else
            return 2;
    }
    if (argc - optind != 2) {
        fprintf(stderr, "usage: bench_stages [-m MODELS] [-p PASSES] LANG "
                        "FILE\n");
        return 2;
    }
    if (!(kb = ne_kb_load(models, NULL, err, sizeof(err))) ||
        !(ner = ne_ner_load(models, argv[optind], kb, err, sizeof(err)))) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    if (!(f = fopen(argv[optind + 1], "rb"))) {
        perror(argv[optind + 1]);
        return 1;
    }
    do {
        NE_GROW(buf, cap, len + 65536);
        got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
    } while (got);
    fclose(f);
    buf[len] = '\0';
    for (char *p = buf; *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        if (*p) {
            NE_GROW(docs, dcap, nd + 1);
            docs[nd++] = p;
        }
        if (!nl)
            break;
        p = nl + 1;
    }

    ne_doc_init(&doc);
    for (pass = 0; pass < passes; pass++) {
        for (i = 0; i < nd; i++) {
            ne_doc_reset(&doc);
            doc.text[NE_FIELD_BODY] = docs[i];
            doc.len[NE_FIELD_BODY] = strlen(docs[i]);
            doc.lang = !strcmp(argv[optind], "de") ? NE_LANG_DE : NE_LANG_EN;
            doc.pub_year = 2016;
            doc.pub_month = 3;
            doc.pub_day = 15;
            t0 = ne_now_us();
            ne_text_analyse(&doc);
            t[ST_TEXT] += ne_now_us() - t0;
            t0 = ne_now_us();
            ne_ner_tag(ner, kb, &doc);
            t[ST_NER] += ne_now_us() - t0;
            NE_GROW(flags, fcap, doc.tokens.cnt + 1);
            t0 = ne_now_us();
            ne_kb_annotate(kb, &doc, flags);
            t[ST_KB] += ne_now_us() - t0;
            t0 = ne_now_us();
            ne_entities_resolve(kb, &doc);
            t[ST_ENT] += ne_now_us() - t0;
            t0 = ne_now_us();
            ne_dates_extract(dates, &doc);
            t[ST_DATES] += ne_now_us() - t0;
            t0 = ne_now_us();
            ne_quantities_extract(quantities, &doc);
            t[ST_QTY] += ne_now_us() - t0;
            toks += doc.tokens.cnt;
            bytes += doc.len[NE_FIELD_BODY];
            cnt[0] += doc.mentions.cnt;
            cnt[1] += doc.entities.cnt;
            cnt[2] += doc.dates.cnt;
            cnt[3] += doc.quantities.cnt;
        }
    }
    printf("%zu documents x %d passes, %.1f MB, %llu tokens; per pass %llu "
           "mentions, %llu entities, %llu dates, %llu quantities\n",
           nd, passes, bytes / 1e6, (unsigned long long)toks,
           (unsigned long long)cnt[0] / passes,
           (unsigned long long)cnt[1] / passes,
           (unsigned long long)cnt[2] / passes,
           (unsigned long long)cnt[3] / passes);
    for (i = 0; i < ST__CNT; i++)
        report(stage_names[i], t[i], toks, bytes);
    report("entity pass", t[ST_TEXT] + t[ST_NER] + t[ST_ENT], toks, bytes);

    ne_doc_free(&doc);
    ne_dates_destroy(dates);
    ne_quantities_destroy(quantities);
    ne_ner_destroy(ner);
    ne_kb_destroy(kb);
    free(flags);
    free(docs);
    free(buf);
    return 0;
}
