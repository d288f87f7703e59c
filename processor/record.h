/*
 * newsenrich - serialising an analysed article into its output records.
 * Private to processor/.
 */
#ifndef NE_RECORD_H
#define NE_RECORD_H

#include "decode.h"
#include "doc.h"

/* Per-thread scratch of ne_record_write(), reused from article to article
 * so that writing allocates nothing once warm. */
typedef struct ne_record_scratch_s {
    ne_buf_t ents, claims;             /* each entity / claim object once */
    NE_VEC(size_t) ent_off, claim_off; /* where each one starts, + end */
    ne_buf_t prefix;                   /* what every entity/claim record
                                          of the article repeats */
} ne_record_scratch_t;

void ne_record_scratch_init(ne_record_scratch_t *s);
void ne_record_scratch_free(ne_record_scratch_t *s);

typedef struct ne_record_ctx_s {
    const ne_article_t *art;
    const char *id;        /* article id (given or topic/partition/offset) */
    size_t id_len;
    const ne_input_t *in;  /* for source_offset */
    const char *model;     /* processor model name */
    int64_t start_us;      /* when processing began, for "micros" */
    ne_record_scratch_t *scratch; /* the calling thread's */
} ne_record_ctx_t;

/* Append every record of the article to out: the enriched record first,
 * then one per entity, then one per claim. recs receives their positions.
 * Returns the processing time in microseconds written into the record. */
int64_t ne_record_write(const ne_doc_t *doc, const ne_record_ctx_t *ctx,
                        ne_buf_t *out, ne_outrec_t **recs, size_t *rec_cnt,
                        size_t *rec_cap);

#endif
