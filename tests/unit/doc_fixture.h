/*
 * newsenrich tests - build an ne_doc_t by hand for the stages after text.c.
 *
 * fx_doc_set() fills title/body and tokenises them with the real
 * tokeniser (processor/text.c), so the entity, date and quantity stages
 * are tested on exact offsets without depending on the tagger.
 * fx_mention() adds a mention by the text it covers, as ner.c would.
 * fx_models_dir() is where the tests find the shipped models.
 * Header-only: each test binary includes it once.
 */
#ifndef NE_TEST_DOC_FIXTURE_H
#define NE_TEST_DOC_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "processor/doc.h"
#include "processor/stages.h"

/* Not every test uses every helper. */
#define FX_FN static __attribute__((unused))

/* The models directory: NEWSENRICH_MODELS_DIR when set and not empty,
 * else the source tree's models/. */
FX_FN const char *fx_models_dir(void)
{
    const char *d = getenv("NEWSENRICH_MODELS_DIR");
    return d && *d ? d : NE_SOURCE_DIR "/models";
}

/* Reset doc and give it a title, a body, a language and a publication
 * date (year 0: none). Strings are borrowed: keep them alive. */
FX_FN void fx_doc_set(ne_doc_t *doc, const char *title, const char *body,
                       ne_lang_t lang, int y, int m, int d)
{
    ne_doc_reset(doc);
    doc->text[NE_FIELD_TITLE] = title ? title : "";
    doc->len[NE_FIELD_TITLE] = title ? strlen(title) : 0;
    doc->text[NE_FIELD_BODY] = body;
    doc->len[NE_FIELD_BODY] = strlen(body);
    doc->lang = lang;
    memcpy(doc->lang_code, lang == NE_LANG_DE ? "de" : lang == NE_LANG_EN
                                                        ? "en" : "und", 3);
    doc->lang_code[lang == NE_LANG_DE || lang == NE_LANG_EN ? 2 : 3] = 0;
    doc->pub_year = y;
    doc->pub_month = m;
    doc->pub_day = d;
    ne_text_analyse(doc);
}

/* The seed article (examples/kim-russland.json, German, published
 * "2023-09") in doc. The JSON stays alive in *art until json_decref. */
FX_FN void fx_doc_seed(ne_doc_t *doc, json_t **art)
{
    *art = json_load_file(NE_SOURCE_DIR "/examples/kim-russland.json", 0,
                          NULL);
    if (!*art) {
        fprintf(stderr, "cannot read the seed article\n");
        abort();
    }
    fx_doc_set(doc, json_string_value(json_object_get(*art, "title")),
               json_string_value(json_object_get(*art, "body")), NE_LANG_DE,
               2023, 9, 0);
}

/* Byte offset of the n-th (0-based) occurrence of s in a field, -1. */
FX_FN long fx_find(const ne_doc_t *doc, int field, const char *s, int nth)
{
    const char *t = doc->text[field], *p = t, *end = t + doc->len[field];
    size_t n = strlen(s);
    while (p + n <= end) {
        const char *q = memmem(p, (size_t)(end - p), s, n);
        if (!q)
            return -1;
        if (nth-- == 0)
            return q - t;
        p = q + 1;
    }
    return -1;
}

/* Add a mention covering the nth occurrence of s in field, typed type, as
 * the tagger would (mentions must be added in text order). Returns its
 * index, or -1 when s does not occur. */
FX_FN int fx_mention(ne_doc_t *doc, int field, const char *s, int nth,
                      int type)
{
    long at = fx_find(doc, field, s, nth);
    ne_mention_t *m;
    size_t i;
    int idx;

    if (at < 0)
        return -1;
    idx = (int)doc->mentions.cnt;
    m = NE_VEC_PUSH(doc->mentions);
    memset(m, 0, sizeof(*m));
    m->span.start = (uint32_t)at;
    m->span.end = (uint32_t)(at + (long)strlen(s));
    m->span.field = (uint8_t)field;
    m->type = (uint8_t)type;
    m->entity = -1;
    m->score = 0.9f;
    m->tok_begin = m->tok_end = 0;
    for (i = 0; i < doc->tokens.cnt; i++) {
        ne_token_t *t = &doc->tokens.v[i];
        if (t->field != field || t->end <= m->span.start ||
            t->start >= m->span.end)
            continue;
        if (m->tok_end == 0)
            m->tok_begin = (uint32_t)i;
        m->tok_end = (uint32_t)i + 1;
        t->mention = idx;
    }
    return idx;
}

/* Index of the first token starting at the nth occurrence of s, -1. */
FX_FN long fx_token_at(const ne_doc_t *doc, int field, const char *s,
                        int nth)
{
    long at = fx_find(doc, field, s, nth);
    size_t i;
    for (i = 0; at >= 0 && i < doc->tokens.cnt; i++)
        if (doc->tokens.v[i].field == field &&
            doc->tokens.v[i].start == (uint32_t)at)
            return (long)i;
    return -1;
}

/* "text" of a span, NUL-terminated in a static buffer (tests only). */
FX_FN const char *fx_span(const ne_doc_t *doc, ne_span_t s)
{
    static char buf[512];
    snprintf(buf, sizeof(buf), "%.*s", (int)(s.end - s.start),
             doc->text[s.field] + s.start);
    return buf;
}

#endif
