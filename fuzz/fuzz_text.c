/*
 * libFuzzer target: the tokeniser and the stages that read tokens
 * (text.c, langid.c, ner*.c, then entities, dates, quantities, claims).
 *
 * The input, made valid UTF-8 (the decoder guarantees that much), is
 * split at the first 0x1E byte into title and body. Asserts the document
 * invariants of ne_fuzz_check_doc(): tokens in order, inside their field
 * and on character boundaries, sentences tiling the tokens, mentions,
 * entities and claims pointing at real spans.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "processor/stages.h"
#include "processor/text.h"

static ne_langid_t *langid;
static ne_kb_t *kb;
static ne_ner_t *ner_de, *ner_en;
static ne_claims_t *claims;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *dir = getenv("NEWSENRICH_MODELS_DIR");
    char err[512];

    (void)argc;
    (void)argv;
    if (!dir || !*dir)
        dir = NE_SOURCE_DIR "/models";
    if (!(langid = ne_langid_load(dir, err, sizeof(err))) ||
        !(kb = ne_kb_load(dir, NULL, err, sizeof(err))) ||
        !(ner_de = ne_ner_load(dir, "de", kb, err, sizeof(err))) ||
        !(ner_en = ne_ner_load(dir, "en", kb, err, sizeof(err))) ||
        !(claims = ne_claims_load(dir, err, sizeof(err)))) {
        fprintf(stderr, "fuzz_text: %s\n", err);
        exit(1);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ne_doc_t doc; /* reused like a worker's, capacity kept */
    static int ready;
    char *text = ne_fuzz_utf8_repair(data, size), *sep, norm[256];
    const ne_ner_t *ner;

    if (!ready) {
        ne_doc_init(&doc);
        ready = 1;
    }
    ne_doc_reset(&doc);
    sep = memchr(text, 0x1E, size);
    if (sep) {
        doc.text[NE_FIELD_TITLE] = text;
        doc.len[NE_FIELD_TITLE] = (size_t)(sep - text);
        doc.text[NE_FIELD_BODY] = sep + 1;
        doc.len[NE_FIELD_BODY] = size - (size_t)(sep - text) - 1;
    } else {
        doc.text[NE_FIELD_BODY] = text;
        doc.len[NE_FIELD_BODY] = size;
    }
    ne_text_analyse(&doc);
    ne_langid_detect(langid, &doc);
    /* tag with some model even when the language is neither */
    ner = doc.lang == NE_LANG_EN ? ner_en
          : doc.lang == NE_LANG_DE ? ner_de
          : (size & 1)             ? ner_en
                                   : ner_de;
    ne_ner_tag(ner, kb, &doc);
    ne_entities_resolve(kb, &doc);
    ne_dates_extract(&doc);
    ne_quantities_extract(&doc);
    ne_claims_extract(claims, &doc);
    ne_fuzz_check_doc(&doc);

    /* the lexicon-side entry points on the raw bytes */
    if (ne_text_normalise((const char *)data, size < 80 ? size : 80, norm,
                          sizeof(norm)) >= (long)sizeof(norm))
        ne_fuzz_fail("normalised form longer than its buffer");
    (void)ne_text_abbrev_class((const char *)data, size < 16 ? size : 16);
    free(text);
    return 0;
}
