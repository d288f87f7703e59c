/*
 * newsenrich - output records (schemas/ has their JSON Schemas).
 *
 * Each entity and claim object is written once into scratch and then copied
 * into both the article record and its own per-entity/per-claim record, so
 * the two can never disagree. Likewise the members every per-entity (and
 * per-claim) record repeats from its article are written once per article.
 */
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const field_names[NE_FIELD__CNT] = {"title", "body"};

static void put_strn_opt(ne_jsonw_t *w, const char *key, const ne_str_t *s)
{
    ne_jsonw_key(w, key);
    if (s->p)
        ne_jsonw_strn(w, s->p, s->len);
    else
        ne_jsonw_null(w);
}

/* "field", "start", "end" members of a span. */
static void put_span_members(ne_jsonw_t *w, ne_span_t s)
{
    ne_jsonw_key(w, "field");
    ne_jsonw_str(w, field_names[s.field]);
    ne_jsonw_key(w, "start");
    ne_jsonw_int(w, s.start);
    ne_jsonw_key(w, "end");
    ne_jsonw_int(w, s.end);
}

/* {"text": ..., "field": ..., "start": ..., "end": ...} */
static void put_span_text(ne_jsonw_t *w, const ne_doc_t *doc, ne_span_t s)
{
    ne_jsonw_key(w, "text");
    ne_jsonw_strn(w, ne_doc_span_ptr(doc, s), s.end - s.start);
    put_span_members(w, s);
}

/* "e1", "c12": an object's id from its index (printf is slow per call). */
static void put_ref(ne_jsonw_t *w, char kind, size_t i)
{
    char id[24], *p = id + sizeof(id);
    size_t n = i + 1;
    do
        *--p = (char)('0' + n % 10);
    while (n /= 10);
    *--p = kind;
    ne_jsonw_strn(w, p, (size_t)(id + sizeof(id) - p));
}

static void put_entity_ref(ne_jsonw_t *w, int32_t e)
{
    put_ref(w, 'e', (size_t)e);
}

static void write_entity(ne_buf_t *b, const ne_doc_t *doc, size_t ei)
{
    const ne_entity_t *e = &doc->entities.v[ei];
    ne_jsonw_t w;
    size_t mi;

    ne_jsonw_init(&w, b);
    ne_jsonw_obj_open(&w);
    ne_jsonw_key(&w, "id");
    put_entity_ref(&w, (int32_t)ei);
    ne_jsonw_key(&w, "type");
    ne_jsonw_str(&w, ne_etype_names[e->type]);
    ne_jsonw_key(&w, "name");
    ne_jsonw_strn(&w, doc->strings.data + e->name_off, e->name_len);
    ne_jsonw_key(&w, "count");
    ne_jsonw_int(&w, e->count);
    ne_jsonw_key(&w, "salience");
    ne_jsonw_double(&w, e->salience, 3);
    ne_jsonw_key(&w, "kb_id");
    if (e->kb >= 0)
        ne_jsonw_strn(&w, doc->strings.data + e->kb_id_off, e->kb_id_len);
    else
        ne_jsonw_null(&w);
    ne_jsonw_key(&w, "mentions");
    ne_jsonw_arr_open(&w);
    for (mi = 0; mi < doc->mentions.cnt; mi++) {
        const ne_mention_t *m = &doc->mentions.v[mi];
        if (m->entity != (int32_t)ei)
            continue;
        ne_jsonw_obj_open(&w);
        put_span_members(&w, m->span);
        ne_jsonw_key(&w, "text");
        ne_jsonw_strn(&w, ne_doc_span_ptr(doc, m->span),
                      m->span.end - m->span.start);
        ne_jsonw_obj_close(&w);
    }
    ne_jsonw_arr_close(&w);
    ne_jsonw_obj_close(&w);
}

static void write_claim(ne_buf_t *b, const ne_doc_t *doc, size_t ci)
{
    const ne_claim_t *c = &doc->claims.v[ci];
    ne_jsonw_t w;
    uint32_t k;

    ne_jsonw_init(&w, b);
    ne_jsonw_obj_open(&w);
    ne_jsonw_key(&w, "id");
    put_ref(&w, 'c', ci);
    ne_jsonw_key(&w, "kind");
    ne_jsonw_str(&w, ne_claim_kind_names[c->kind]);
    put_span_text(&w, doc, c->text);
    ne_jsonw_key(&w, "speaker");
    if (c->has_speaker) {
        ne_jsonw_obj_open(&w);
        put_span_text(&w, doc, c->speaker);
        ne_jsonw_key(&w, "entity");
        if (c->speaker_entity >= 0)
            put_entity_ref(&w, c->speaker_entity);
        else
            ne_jsonw_null(&w);
        ne_jsonw_obj_close(&w);
    } else {
        ne_jsonw_null(&w);
    }
    ne_jsonw_key(&w, "cue");
    if (c->has_cue) {
        ne_jsonw_obj_open(&w);
        put_span_text(&w, doc, c->cue);
        ne_jsonw_obj_close(&w);
    } else {
        ne_jsonw_null(&w);
    }
    ne_jsonw_key(&w, "entities");
    ne_jsonw_arr_open(&w);
    for (k = 0; k < c->ent_cnt; k++)
        put_entity_ref(&w, doc->claim_ents.v[c->ent_off + k]);
    ne_jsonw_arr_close(&w);
    ne_jsonw_obj_close(&w);
}

static ne_outrec_t *add_rec(ne_outrec_t **recs, size_t *cnt, size_t *cap)
{
    NE_GROW(*recs, *cap, *cnt + 1);
    memset(&(*recs)[*cnt], 0, sizeof(ne_outrec_t));
    return &(*recs)[(*cnt)++];
}

/* The fields every per-entity/per-claim record repeats from its article. */
static void put_article_context(ne_jsonw_t *w, const ne_doc_t *doc,
                                const ne_record_ctx_t *ctx)
{
    ne_jsonw_key(w, "article_id");
    ne_jsonw_strn(w, ctx->id, ctx->id_len);
    ne_jsonw_key(w, "language");
    ne_jsonw_str(w, doc->lang_code);
    put_strn_opt(w, "published_at", &ctx->art->published_at);
    put_strn_opt(w, "source", &ctx->art->source);
    put_strn_opt(w, "url", &ctx->art->url);
}

void ne_record_scratch_init(ne_record_scratch_t *s)
{
    memset(s, 0, sizeof(*s));
    ne_buf_init(&s->ents);
    ne_buf_init(&s->claims);
    ne_buf_init(&s->prefix);
}

void ne_record_scratch_free(ne_record_scratch_t *s)
{
    ne_buf_free(&s->ents);
    ne_buf_free(&s->claims);
    ne_buf_free(&s->prefix);
    free(s->ent_off.v);
    free(s->claim_off.v);
    memset(s, 0, sizeof(*s));
}

/* The start every record of one kind shares within an article:
 * {"schema":...,"article_id":...,...,"url":...,"<last_key>":
 * written once with the writer, then copied in front of each record. */
static void write_prefix(ne_buf_t *b, const char *schema,
                         const char *last_key, const ne_doc_t *doc,
                         const ne_record_ctx_t *ctx)
{
    ne_jsonw_t w;
    ne_buf_reset(b);
    ne_jsonw_init(&w, b);
    ne_jsonw_obj_open(&w);
    ne_jsonw_key(&w, "schema");
    ne_jsonw_str(&w, schema);
    put_article_context(&w, doc, ctx);
    ne_jsonw_key(&w, last_key);
}

int64_t ne_record_write(const ne_doc_t *doc, const ne_record_ctx_t *ctx,
                        ne_buf_t *out, ne_outrec_t **recs, size_t *rec_cnt,
                        size_t *rec_cap)
{
    ne_record_scratch_t *sc = ctx->scratch;
    ne_jsonw_t w;
    ne_outrec_t *r;
    size_t i;
    int64_t micros;

    /* Serialise entities and claims once into scratch buffers. */
    ne_buf_reset(&sc->ents);
    ne_buf_reset(&sc->claims);
    sc->ent_off.cnt = sc->claim_off.cnt = 0;
    for (i = 0; i < doc->entities.cnt; i++) {
        *NE_VEC_PUSH(sc->ent_off) = sc->ents.len;
        write_entity(&sc->ents, doc, i);
    }
    *NE_VEC_PUSH(sc->ent_off) = sc->ents.len;
    for (i = 0; i < doc->claims.cnt; i++) {
        *NE_VEC_PUSH(sc->claim_off) = sc->claims.len;
        write_claim(&sc->claims, doc, i);
    }
    *NE_VEC_PUSH(sc->claim_off) = sc->claims.len;

    /* The enriched article record. */
    r = add_rec(recs, rec_cnt, rec_cap);
    r->kind = NE_OUT_ENRICHED;
    r->key_off = out->len;
    ne_buf_append(out, ctx->id, ctx->id_len);
    r->key_len = ctx->id_len;
    r->value_off = out->len;

    ne_jsonw_init(&w, out);
    ne_jsonw_obj_open(&w);
    ne_jsonw_key(&w, "schema");
    ne_jsonw_str(&w, "newsenrich.article/1");
    ne_jsonw_key(&w, "id");
    ne_jsonw_strn(&w, ctx->id, ctx->id_len);
    ne_jsonw_key(&w, "language");
    ne_jsonw_obj_open(&w);
    ne_jsonw_key(&w, "code");
    ne_jsonw_str(&w, doc->lang_code);
    ne_jsonw_key(&w, "confidence");
    ne_jsonw_double(&w, doc->lang_conf, 2);
    ne_jsonw_obj_close(&w);
    put_strn_opt(&w, "title", &ctx->art->title);
    put_strn_opt(&w, "body", &ctx->art->body);
    put_strn_opt(&w, "published_at", &ctx->art->published_at);
    put_strn_opt(&w, "url", &ctx->art->url);
    put_strn_opt(&w, "source", &ctx->art->source);

    ne_jsonw_key(&w, "entities");
    ne_jsonw_arr_open(&w);
    for (i = 0; i < doc->entities.cnt; i++)
        ne_jsonw_raw(&w, sc->ents.data + sc->ent_off.v[i],
                     sc->ent_off.v[i + 1] - sc->ent_off.v[i]);
    ne_jsonw_arr_close(&w);

    ne_jsonw_key(&w, "claims");
    ne_jsonw_arr_open(&w);
    for (i = 0; i < doc->claims.cnt; i++)
        ne_jsonw_raw(&w, sc->claims.data + sc->claim_off.v[i],
                     sc->claim_off.v[i + 1] - sc->claim_off.v[i]);
    ne_jsonw_arr_close(&w);
    ne_jsonw_key(&w, "quantities");
    ne_jsonw_arr_open(&w);
    for (i = 0; i < doc->quantities.cnt; i++) {
        const ne_quantity_t *q = &doc->quantities.v[i];
        ne_jsonw_obj_open(&w);
        put_span_text(&w, doc, q->span);
        ne_jsonw_key(&w, "value");
        ne_jsonw_double(&w, q->value, 6);
        ne_jsonw_key(&w, "unit");
        ne_jsonw_str(&w, q->unit);
        ne_jsonw_obj_close(&w);
    }
    ne_jsonw_arr_close(&w);

    ne_jsonw_key(&w, "dates");
    ne_jsonw_arr_open(&w);
    for (i = 0; i < doc->dates.cnt; i++) {
        const ne_date_t *d = &doc->dates.v[i];
        ne_jsonw_obj_open(&w);
        put_span_text(&w, doc, d->span);
        ne_jsonw_key(&w, "value");
        if (d->value[0])
            ne_jsonw_str(&w, d->value);
        else
            ne_jsonw_null(&w);
        ne_jsonw_obj_close(&w);
    }
    ne_jsonw_arr_close(&w);

    ne_jsonw_key(&w, "source_offset");
    if (ctx->in->topic) {
        ne_jsonw_obj_open(&w);
        ne_jsonw_key(&w, "topic");
        ne_jsonw_str(&w, ctx->in->topic);
        ne_jsonw_key(&w, "partition");
        ne_jsonw_int(&w, ctx->in->partition);
        ne_jsonw_key(&w, "offset");
        ne_jsonw_int(&w, ctx->in->offset);
        ne_jsonw_obj_close(&w);
    } else {
        ne_jsonw_null(&w);
    }

    micros = ne_now_us() - ctx->start_us;
    ne_jsonw_key(&w, "processor");
    ne_jsonw_obj_open(&w);
    ne_jsonw_key(&w, "version");
    ne_jsonw_str(&w, NE_VERSION);
    ne_jsonw_key(&w, "model");
    ne_jsonw_str(&w, ctx->model);
    ne_jsonw_key(&w, "micros");
    ne_jsonw_int(&w, micros);
    ne_jsonw_obj_close(&w);
    ne_jsonw_obj_close(&w);
    r->value_len = out->len - r->value_off;

    /* One record per entity, keyed by its kb id or else its name. */
    if (doc->entities.cnt)
        write_prefix(&sc->prefix, "newsenrich.entity/1", "entity", doc, ctx);
    for (i = 0; i < doc->entities.cnt; i++) {
        const ne_entity_t *e = &doc->entities.v[i];
        r = add_rec(recs, rec_cnt, rec_cap);
        r->kind = NE_OUT_ENTITY;
        r->key_off = out->len;
        if (e->kb >= 0)
            ne_buf_append(out, doc->strings.data + e->kb_id_off,
                          e->kb_id_len);
        else
            ne_buf_append(out, doc->strings.data + e->name_off, e->name_len);
        r->key_len = out->len - r->key_off;
        r->value_off = out->len;
        ne_buf_append(out, sc->prefix.data, sc->prefix.len);
        ne_buf_append(out, sc->ents.data + sc->ent_off.v[i],
                      sc->ent_off.v[i + 1] - sc->ent_off.v[i]);
        ne_buf_putc(out, '}');
        r->value_len = out->len - r->value_off;
    }

    /* One record per claim, keyed by its speaker: the linked entity's kb id
     * or name, else the speaker as written, else no key. */
    if (doc->claims.cnt)
        write_prefix(&sc->prefix, "newsenrich.claim/1", "speaker_name", doc,
                     ctx);
    for (i = 0; i < doc->claims.cnt; i++) {
        const ne_claim_t *c = &doc->claims.v[i];
        const ne_entity_t *se = c->speaker_entity >= 0
                                    ? &doc->entities.v[c->speaker_entity]
                                    : NULL;
        r = add_rec(recs, rec_cnt, rec_cap);
        r->kind = NE_OUT_CLAIM;
        r->key_off = out->len;
        if (se && se->kb >= 0)
            ne_buf_append(out, doc->strings.data + se->kb_id_off,
                          se->kb_id_len);
        else if (se)
            ne_buf_append(out, doc->strings.data + se->name_off,
                          se->name_len);
        else if (c->has_speaker)
            ne_buf_append(out, ne_doc_span_ptr(doc, c->speaker),
                          c->speaker.end - c->speaker.start);
        r->key_len = out->len - r->key_off;
        r->value_off = out->len;
        ne_buf_append(out, sc->prefix.data, sc->prefix.len);
        /* the value of "speaker_name", then the claim member */
        ne_jsonw_init(&w, out);
        if (se)
            ne_jsonw_strn(&w, doc->strings.data + se->name_off, se->name_len);
        else if (c->has_speaker)
            ne_jsonw_strn(&w, ne_doc_span_ptr(doc, c->speaker),
                          c->speaker.end - c->speaker.start);
        else
            ne_jsonw_null(&w);
        ne_buf_append(out, ",\"claim\":", 9);
        ne_buf_append(out, sc->claims.data + sc->claim_off.v[i],
                      sc->claim_off.v[i + 1] - sc->claim_off.v[i]);
        ne_buf_putc(out, '}');
        r->value_len = out->len - r->value_off;
    }
    return micros;
}
