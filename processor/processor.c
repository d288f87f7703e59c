/*
 * newsenrich - the processor: decode, analyse, serialise.
 */
#include "processor.h"
#include "decode.h"
#include "doc.h"
#include "record.h"
#include "stages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#ifndef NE_MODELS_DIR_DEFAULT
#define NE_MODELS_DIR_DEFAULT "models"
#endif

struct ne_processor_s {
    ne_processor_conf_t conf;
    char *models_dir;
    ne_langid_t *langid;
    ne_kb_t *kb;
    ne_ner_t *ner_de;
    ne_ner_t *ner_en;
    ne_claims_t *claims;
    ne_quantities_t *quantities;
    ne_dates_t *dates;
    char model_name[160];
    uint64_t hash_seed; /* of the per-article tables (doc.h), random */
};

struct ne_result_s {
    ne_doc_t doc;
    ne_decoder_t dec;
    ne_record_scratch_t rec_scratch;
    ne_buf_t out;
    ne_outrec_t *recs;
    size_t rec_cnt, rec_cap;
    ne_buf_t id;
    char reason[512];
    ne_stats_t stats;
    ne_outputs_t view; /* aliases out/recs for ne_result_outputs() */
};

void ne_processor_conf_init(ne_processor_conf_t *conf)
{
    memset(conf, 0, sizeof(*conf));
    conf->max_message_bytes = 10 * 1024 * 1024;
    conf->max_decompressed_bytes = 32 * 1024 * 1024;
}

ne_processor_t *ne_processor_new(const ne_processor_conf_t *conf,
                                 char *errstr, size_t errstr_size)
{
    ne_processor_t *proc = ne_calloc(1, sizeof(*proc));
    const char *dir = conf->models_dir;

    proc->conf = *conf;
    if (!dir || !*dir)
        dir = NE_MODELS_DIR_DEFAULT;
    proc->models_dir = ne_strdup(dir);
    proc->conf.models_dir = proc->models_dir;
    proc->conf.kb_files = NULL; /* borrowed list: only used while loading */
    /* An attacker who knows the seed can write words that collide in the
     * per-article tables; each processor draws its own. Without
     * getrandom (ENOSYS, very old kernels) the clock and an address are
     * a weaker seed, still not one fixed in the binary. */
    if (getrandom(&proc->hash_seed, sizeof(proc->hash_seed), 0) !=
        (ssize_t)sizeof(proc->hash_seed))
        proc->hash_seed = (uint64_t)ne_now_us() ^ (uint64_t)(uintptr_t)proc;

    if (!(proc->langid = ne_langid_load(dir, errstr, errstr_size)) ||
        !(proc->kb = ne_kb_load(dir, conf->kb_files, errstr, errstr_size)) ||
        !(proc->ner_de =
              ne_ner_load(dir, "de", proc->kb, errstr, errstr_size)) ||
        !(proc->ner_en =
              ne_ner_load(dir, "en", proc->kb, errstr, errstr_size)) ||
        !(proc->claims = ne_claims_load(dir, errstr, errstr_size)) ||
        (conf->claims_learned &&
         ne_claims_use_learned(proc->claims, dir, errstr, errstr_size) == -1))
        goto fail;
    proc->quantities = ne_quantities_new();
    proc->dates = ne_dates_new(proc->quantities);

    snprintf(proc->model_name, sizeof(proc->model_name), "%s+%s",
             ne_ner_model_name(proc->ner_de), ne_ner_model_name(proc->ner_en));
    return proc;
fail:
    ne_processor_destroy(proc);
    return NULL;
}

void ne_processor_destroy(ne_processor_t *proc)
{
    if (!proc)
        return;
    ne_dates_destroy(proc->dates); /* borrows quantities: goes first */
    ne_quantities_destroy(proc->quantities);
    ne_claims_destroy(proc->claims);
    ne_ner_destroy(proc->ner_en);
    ne_ner_destroy(proc->ner_de);
    ne_kb_destroy(proc->kb);
    ne_langid_destroy(proc->langid);
    free(proc->models_dir);
    free(proc);
}

const char *ne_entity_type_name(int type)
{
    return type >= 0 && type < NE_ENT__CNT ? ne_etype_names[type] : NULL;
}

const char *ne_claim_kind_name(int kind)
{
    return kind >= 0 && kind < NE_CLAIM__CNT ? ne_claim_kind_names[kind]
                                             : NULL;
}

const char *ne_processor_model_name(const ne_processor_t *proc)
{
    return proc->model_name;
}

ne_result_t *ne_result_new(void)
{
    ne_result_t *res = ne_calloc(1, sizeof(*res));
    ne_doc_init(&res->doc);
    ne_decoder_init(&res->dec);
    ne_record_scratch_init(&res->rec_scratch);
    ne_buf_init(&res->out);
    ne_buf_init(&res->id);
    return res;
}

void ne_result_destroy(ne_result_t *res)
{
    if (!res)
        return;
    ne_doc_free(&res->doc);
    ne_decoder_free(&res->dec);
    ne_record_scratch_free(&res->rec_scratch);
    ne_buf_free(&res->out);
    ne_buf_free(&res->id);
    free(res->recs);
    free(res);
}

void ne_outputs_free(ne_outputs_t *out)
{
    free(out->data);
    free(out->recs);
    memset(out, 0, sizeof(*out));
}

const char *ne_result_reason(const ne_result_t *res)
{
    return res->reason;
}

const char *ne_result_id(const ne_result_t *res)
{
    return res->id.data ? res->id.data : "";
}

const ne_stats_t *ne_result_stats(const ne_result_t *res)
{
    return &res->stats;
}

const ne_outputs_t *ne_result_outputs(const ne_result_t *res)
{
    return &res->view;
}

void ne_result_detach(ne_result_t *res, ne_outputs_t *out)
{
    /* Exact-size copies rather than the buffers themselves: a job holds
     * its records until the broker acknowledges them (thousands of jobs
     * in flight), and res keeps its grown buffers for the next article
     * instead of growing new ones by doubling. */
    out->len = res->out.len;
    out->data = ne_malloc(out->len + 1);
    if (out->len)
        memcpy(out->data, res->out.data, out->len);
    out->data[out->len] = '\0';
    out->cnt = res->rec_cnt;
    out->recs = out->cnt ? ne_malloc(out->cnt * sizeof(*out->recs)) : NULL;
    if (out->cnt)
        memcpy(out->recs, res->recs, out->cnt * sizeof(*out->recs));
    ne_buf_reset(&res->out);
    res->rec_cnt = 0;
    memset(&res->view, 0, sizeof(res->view));
}

ne_err_t ne_processor_run(const ne_processor_t *proc, const ne_input_t *in,
                          ne_result_t *res)
{
    ne_article_t art;
    ne_record_ctx_t ctx;
    ne_doc_t *doc = &res->doc;
    const ne_ner_t *ner = NULL;
    int64_t start = ne_now_us();
    ne_err_t err;
    size_t i;

    res->reason[0] = '\0';
    ne_buf_reset(&res->out);
    ne_buf_reset(&res->id);
    res->rec_cnt = 0;
    memset(&res->stats, 0, sizeof(res->stats));
    ne_doc_reset(doc);

    err = ne_decode(&res->dec, in, proc->conf.max_message_bytes,
                    proc->conf.max_decompressed_bytes, &art, res->reason,
                    sizeof(res->reason));
    if (art.id.p && art.id.len)
        ne_buf_append(&res->id, art.id.p, art.id.len);
    else if (in->topic)
        ne_buf_printf(&res->id, "%s/%d/%lld", in->topic, (int)in->partition,
                      (long long)in->offset);
    else
        ne_buf_printf(&res->id, "stdin/0/%lld", (long long)in->offset);
    if (err)
        goto done;

    ne_decode_fill_doc(&art, doc);
    doc->hash_seed = proc->hash_seed;
    ne_text_analyse(doc);
    ne_langid_detect(proc->langid, doc);
    if (doc->lang == NE_LANG_DE)
        ner = proc->ner_de;
    else if (doc->lang == NE_LANG_EN)
        ner = proc->ner_en;
    ne_ner_tag(ner, proc->kb, doc);
    ne_entities_resolve(proc->kb, doc);
    ne_dates_extract(proc->dates, doc);
    ne_quantities_extract(proc->quantities, doc);
    ne_claims_extract(proc->claims, doc);
    if (doc->over_budget[0]) {
        ne_errf(res->reason, sizeof(res->reason), "%s", doc->over_budget);
        err = NE_ERR_PROCESSING;
        goto done;
    }

    ctx.art = &art;
    ctx.id = res->id.data;
    ctx.id_len = res->id.len;
    ctx.in = in;
    ctx.model = proc->model_name;
    ctx.start_us = start;
    ctx.scratch = &res->rec_scratch;
    res->stats.micros = ne_record_write(doc, &ctx, &res->out, &res->recs,
                                        &res->rec_cnt, &res->rec_cap);

    res->stats.tokens = (uint32_t)doc->tokens.cnt;
    for (i = 0; i < doc->entities.cnt; i++)
        res->stats.entities_by_type[doc->entities.v[i].type]++;
    for (i = 0; i < doc->claims.cnt; i++)
        res->stats.claims_by_kind[doc->claims.v[i].kind]++;
    res->stats.dates = (uint32_t)doc->dates.cnt;
    res->stats.quantities = (uint32_t)doc->quantities.cnt;
done:
    if (err) {
        res->stats.micros = ne_now_us() - start;
        res->rec_cnt = 0;
    }
    res->view.data = res->out.data;
    res->view.len = res->out.len;
    res->view.recs = res->recs;
    res->view.cnt = res->rec_cnt;
    return err;
}

void ne_error_record(ne_buf_t *buf, int64_t line, ne_err_t err,
                     const char *reason)
{
    ne_jsonw_t w;
    ne_jsonw_init(&w, buf);
    ne_jsonw_obj_open(&w);
    ne_jsonw_key(&w, "schema");
    ne_jsonw_str(&w, "newsenrich.error/1");
    ne_jsonw_key(&w, "line");
    ne_jsonw_int(&w, line);
    ne_jsonw_key(&w, "error");
    ne_jsonw_str(&w, ne_err2str(err));
    ne_jsonw_key(&w, "reason");
    ne_jsonw_str(&w, reason);
    ne_jsonw_obj_close(&w);
}
