/*
 * newsenrich - the analysed article: lifecycle of the reusable arrays.
 */
#include "doc.h"
#include "stages.h"

#include <stdlib.h>
#include <string.h>

const char *const ne_etype_names[NE_ENT__CNT] = {"PER", "ORG", "LOC", "MISC"};
const char *const ne_claim_kind_names[NE_CLAIM__CNT] = {"direct", "indirect",
                                                        "according_to"};

void ne_doc_init(ne_doc_t *doc)
{
    memset(doc, 0, sizeof(*doc));
    ne_buf_init(&doc->norm);
    ne_buf_init(&doc->strings);
}

void ne_doc_reset(ne_doc_t *doc)
{
    int f;
    for (f = 0; f < NE_FIELD__CNT; f++) {
        doc->text[f] = "";
        doc->len[f] = 0;
    }
    doc->published_at = NULL;
    doc->pub_year = doc->pub_month = doc->pub_day = 0;
    doc->lang = NE_LANG_UNKNOWN;
    memcpy(doc->lang_code, "und", 4);
    doc->lang_conf = 0;
    doc->lang_given = 0;
    doc->tokens.cnt = 0;
    doc->sents.cnt = 0;
    ne_buf_reset(&doc->norm);
    ne_buf_reset(&doc->strings);
    doc->mentions.cnt = 0;
    doc->entities.cnt = 0;
    doc->entity_mentions.cnt = 0;
    doc->claims.cnt = 0;
    doc->claim_ents.cnt = 0;
    doc->dates.cnt = 0;
    doc->quantities.cnt = 0;
    doc->over_budget[0] = '\0';
}

void ne_doc_free(ne_doc_t *doc)
{
    free(doc->tokens.v);
    free(doc->sents.v);
    ne_buf_free(&doc->norm);
    ne_buf_free(&doc->strings);
    free(doc->mentions.v);
    free(doc->entities.v);
    free(doc->entity_mentions.v);
    free(doc->claims.v);
    free(doc->claim_ents.v);
    free(doc->dates.v);
    free(doc->quantities.v);
    ne_text_scratch_free(doc->text_scratch);
    ne_ner_scratch_free(doc->ner_scratch);
    ne_entities_scratch_free(doc->entities_scratch);
    ne_claims_scratch_free(doc->claims_scratch);
    memset(doc, 0, sizeof(*doc));
}

uint32_t ne_doc_add_string(ne_doc_t *doc, const char *s, size_t len)
{
    uint32_t off = (uint32_t)doc->strings.len;
    ne_buf_append(&doc->strings, s, len);
    ne_buf_putc(&doc->strings, '\0');
    return off;
}
