/*
 * newsenrich - the extraction stages, in the order processor.c runs them.
 *
 * Private to processor/. Each stage owns one source file. Loaded resources
 * (models, lexicons, the knowledge base) are read-only after loading and are
 * shared by all threads; per-thread state lives in the doc's scratch
 * pointers. Load functions return NULL with one sentence in errstr that
 * names the file and the problem.
 */
#ifndef NE_STAGES_H
#define NE_STAGES_H

#include "doc.h"

/* ---- text.c: tokens, normalised forms, sentences --------------------- */
/* Tokenise title and body, fill doc->tokens, doc->norm and doc->sents. */
void ne_text_analyse(ne_doc_t *doc);
void ne_text_scratch_free(struct ne_text_scratch_s *s);

/* ---- langid.c --------------------------------------------------------- */
typedef struct ne_langid_s ne_langid_t;
ne_langid_t *ne_langid_load(const char *models_dir, char *errstr,
                            size_t errstr_size);
void ne_langid_destroy(ne_langid_t *li);
/* Set doc->lang, lang_code and lang_conf from the text (runs after text).
 * Leaves them alone when doc->lang_given. */
void ne_langid_detect(const ne_langid_t *li, ne_doc_t *doc);

/* ---- kb.c: gazetteers and the user knowledge base -------------------- */
typedef struct ne_kb_s ne_kb_t;
/* Load the default KB from models_dir plus the user's files (NULL-
 * terminated list, may be NULL). */
ne_kb_t *ne_kb_load(const char *models_dir, const char *const *user_files,
                    char *errstr, size_t errstr_size);
void ne_kb_destroy(ne_kb_t *kb);

/* ---- ner.c: the sequence tagger --------------------------------------- */
typedef struct ne_ner_s ne_ner_t;
/* Load the tagger model for lang ("de", "en") from models_dir. */
ne_ner_t *ne_ner_load(const char *models_dir, const char *lang,
                      const ne_kb_t *kb, char *errstr, size_t errstr_size);
void ne_ner_destroy(ne_ner_t *ner);
/* Tag doc->tokens and append doc->mentions. ner may be NULL (language
 * without a model): then only language-independent mentions are added. */
void ne_ner_tag(const ne_ner_t *ner, const ne_kb_t *kb, ne_doc_t *doc);
void ne_ner_scratch_free(struct ne_ner_scratch_s *s);
/* Identifier of the model ("de-ner-20261128"), for the record. */
const char *ne_ner_model_name(const ne_ner_t *ner);

/* ---- entities.c: clustering, linking, salience ---------------------- */
void ne_entities_resolve(const ne_kb_t *kb, ne_doc_t *doc);
void ne_entities_scratch_free(struct ne_entities_scratch_s *s);

/* ---- dates.c, quantities.c ------------------------------------------- */
/* Their word lexicons are static tables; the handles hold the indexes
 * built over them, so a stage looks words up in what the processor
 * loaded. Neither _new fails. */
typedef struct ne_quantities_s ne_quantities_t;
ne_quantities_t *ne_quantities_new(void);
void ne_quantities_destroy(ne_quantities_t *qt);
/* Find amounts with units, skipping the tokens of doc->dates (so it runs
 * after ne_dates_extract). */
void ne_quantities_extract(const ne_quantities_t *qt, ne_doc_t *doc);

typedef struct ne_dates_s ne_dates_t;
/* qt is borrowed (units tell "5 Tage" from a date) and must outlive the
 * dates handle. */
ne_dates_t *ne_dates_new(const ne_quantities_t *qt);
void ne_dates_destroy(ne_dates_t *dt);
void ne_dates_extract(const ne_dates_t *dt, ne_doc_t *doc);

/* ---- claims.c ---------------------------------------------------------- */
typedef struct ne_claims_s ne_claims_t;
ne_claims_t *ne_claims_load(const char *models_dir, char *errstr,
                            size_t errstr_size);
void ne_claims_destroy(ne_claims_t *cl);
/* Add the learned cue tagger of models_dir to cl (claims.c has the
 * details); -1 with errstr naming the file when it cannot be read. */
int ne_claims_use_learned(ne_claims_t *cl, const char *models_dir,
                          char *errstr, size_t errstr_size);
/* Find claims; link speakers to doc->entities (runs after entities). */
void ne_claims_extract(const ne_claims_t *cl, ne_doc_t *doc);
void ne_claims_scratch_free(struct ne_claims_scratch_s *s);

#endif
