/*
 * newsenrich - the processor: one article's bytes in, enriched records or an
 * error value out.
 *
 * A pure library: no Kafka, no globals, no exit(). `newsenrich process` and
 * the daemon run exactly this code.
 *
 * Threads: an ne_processor_t is read-only after ne_processor_new() and may
 * be shared by any number of threads; each thread owns its ne_result_t.
 */
#ifndef NE_PROCESSOR_H
#define NE_PROCESSOR_H

#include <stddef.h>
#include <stdint.h>

#include "../common/ne.h"

typedef struct ne_processor_s ne_processor_t;
typedef struct ne_result_s ne_result_t;

typedef struct ne_processor_conf_s {
    /* Directory holding the model and lexicon files (borrowed). NULL: the
     * source tree's models/ (tests); the command line always passes the
     * directory it resolved (models.dir, installed, source tree). */
    const char *models_dir;
    /* Extra knowledge-base files of the user, NULL-terminated (borrowed;
     * may be NULL). */
    const char *const *kb_files;
    size_t max_message_bytes;      /* raw payload cap */
    size_t max_decompressed_bytes; /* inflated payload cap */
    /* 1: German claims also use the learned cue tagger (models_dir's
     * claims-de-tagger.bin; loading fails when it cannot be read). */
    int claims_learned;
} ne_processor_conf_t;

/* Defaults: 10 MiB raw, 32 MiB decompressed, default models. */
void ne_processor_conf_init(ne_processor_conf_t *conf);

/* Load models and lexicons. Returns NULL and writes one sentence naming the
 * file and the problem to errstr on failure. */
ne_processor_t *ne_processor_new(const ne_processor_conf_t *conf,
                                 char *errstr, size_t errstr_size);
void ne_processor_destroy(ne_processor_t *proc); /* accepts NULL */

/* "newsenrich-0.1.0 de-ner-... en-ner-..." for the `processor` field. */
const char *ne_processor_model_name(const ne_processor_t *proc);

/* One input message. All pointers are borrowed for the duration of the call. */
typedef struct ne_input_s {
    const void *payload;
    size_t len;
    const char *content_type; /* Content-Type header value, or NULL */
    const char *topic;        /* source topic; NULL offline */
    int32_t partition;
    int64_t offset;           /* source offset; offline: the line number */
    int64_t timestamp_ms;     /* message timestamp, -1 when unknown */
} ne_input_t;

/* Output record kinds, in the order records are produced. */
typedef enum {
    NE_OUT_ENRICHED = 0,
    NE_OUT_ENTITY,
    NE_OUT_CLAIM,
    NE_OUT__CNT
} ne_out_kind_t;

/* One output record, as offsets into ne_outputs_t.data. */
typedef struct ne_outrec_s {
    ne_out_kind_t kind;
    size_t key_off, key_len;
    size_t value_off, value_len;
} ne_outrec_t;

/* All records derived from one article; owned by whoever detached them. */
typedef struct ne_outputs_s {
    char *data;
    size_t len;
    ne_outrec_t *recs;
    size_t cnt;
} ne_outputs_t;

void ne_outputs_free(ne_outputs_t *out); /* frees contents; out reusable */

#define NE_ENT_TYPES 4   /* PER, ORG, LOC, MISC */
#define NE_CLAIM_KINDS 3 /* direct, indirect, according_to */
/* "PER", ... and "direct", ...; NULL when out of range. */
const char *ne_entity_type_name(int type);
const char *ne_claim_kind_name(int kind);

/* Counts the daemon turns into metrics. */
typedef struct ne_stats_s {
    uint32_t tokens;
    uint32_t entities_by_type[NE_ENT_TYPES];
    uint32_t claims_by_kind[NE_CLAIM_KINDS];
    uint32_t dates, quantities;
    int64_t micros;               /* processing time of this article */
} ne_stats_t;

ne_result_t *ne_result_new(void);
void ne_result_destroy(ne_result_t *res); /* accepts NULL */

/* Process one message into res (previous contents are discarded).
 * Returns NE_OK, or a per-message error class (NE_ERR_TOO_LARGE ...
 * NE_ERR_PROCESSING) with the reason in ne_result_reason(). */
ne_err_t ne_processor_run(const ne_processor_t *proc, const ne_input_t *in,
                          ne_result_t *res);

/* Reason sentence of the last failed run ("" after success). Borrowed. */
const char *ne_result_reason(const ne_result_t *res);
/* Article id of the last run (may be "" when the input was rejected before
 * the id was known). Borrowed. */
const char *ne_result_id(const ne_result_t *res);
const ne_stats_t *ne_result_stats(const ne_result_t *res);
/* The records of the last successful run; borrowed until the next run. */
const ne_outputs_t *ne_result_outputs(const ne_result_t *res);
/* Move the records out: the caller owns *out afterwards and frees it with
 * ne_outputs_free(); res keeps none of them. */
void ne_result_detach(ne_result_t *res, ne_outputs_t *out);

/* The error line `process` prints for a rejected input:
 * {"schema":"newsenrich.error/1","line":N,"error":...,"reason":...}
 * Appends to buf (an ne_buf_t). */
struct ne_buf_s;
void ne_error_record(struct ne_buf_s *buf, int64_t line, ne_err_t err,
                     const char *reason);

#endif
