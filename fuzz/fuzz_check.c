/*
 * newsenrich fuzzing - the invariants of fuzz_check.h.
 *
 * The record checks parse the JSON with jansson rather than trusting the
 * writer: the point is to catch a record that a consumer could not read or
 * whose offsets point at the wrong bytes.
 */
#include "fuzz_check.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "processor/text.h"

void ne_fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    fputs("fuzz invariant violated: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

/* Length of the well-formed character at s[0..n), 0 when there is none.
 * Second-byte ranges per lead byte are what excludes overlong forms,
 * surrogates and code points above U+10FFFF. */
static size_t char_len(const unsigned char *s, size_t n)
{
    unsigned char lo = 0x80, hi = 0xBF;
    size_t len, k;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        len = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        len = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        len = 4;
    else
        return 0;
    if (s[0] == 0xE0)
        lo = 0xA0;
    else if (s[0] == 0xED)
        hi = 0x9F;
    else if (s[0] == 0xF0)
        lo = 0x90;
    else if (s[0] == 0xF4)
        hi = 0x8F;
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (k = 2; k < len; k++)
        if (s[k] < 0x80 || s[k] > 0xBF)
            return 0;
    return len;
}

int ne_fuzz_utf8_ok(const unsigned char *s, size_t n)
{
    size_t i = 0, l;
    while (i < n) {
        if (!(l = char_len(s + i, n - i)))
            return 0;
        i += l;
    }
    return 1;
}

char *ne_fuzz_utf8_repair(const unsigned char *s, size_t n)
{
    /* exactly n bytes, no terminator: reading past the text is caught */
    char *out = malloc(n ? n : 1);
    size_t i = 0, l;
    while (i < n) {
        if ((l = char_len(s + i, n - i))) {
            memcpy(out + i, s + i, l);
            i += l;
        } else {
            out[i++] = '?';
        }
    }
    return out;
}

/* A character starts at s[off] (or off is the end). */
static int on_boundary(const char *s, size_t n, size_t off)
{
    return off == 0 || off == n ||
           (off < n && ((unsigned char)s[off] & 0xC0) != 0x80);
}

static void check_span(const ne_doc_t *doc, ne_span_t sp, const char *what,
                       size_t i)
{
    size_t n;
    if (sp.field >= NE_FIELD__CNT)
        ne_fuzz_fail("%s %zu: field %u", what, i, sp.field);
    n = doc->len[sp.field];
    if (sp.start >= sp.end || sp.end > n)
        ne_fuzz_fail("%s %zu: span %u..%u in a field of %zu bytes", what, i,
                     sp.start, sp.end, n);
    if (!on_boundary(doc->text[sp.field], n, sp.start) ||
        !on_boundary(doc->text[sp.field], n, sp.end))
        ne_fuzz_fail("%s %zu: span %u..%u not on character boundaries", what,
                     i, sp.start, sp.end);
}

static void check_tokens(const ne_doc_t *doc)
{
    size_t i, k;
    for (i = 0; i < doc->tokens.cnt; i++) {
        const ne_token_t *t = &doc->tokens.v[i];
        ne_span_t sp = {t->start, t->end, t->field};
        const char *norm;
        check_span(doc, sp, "token", i);
        if (i > 0) {
            const ne_token_t *p = &doc->tokens.v[i - 1];
            if (p->field > t->field ||
                (p->field == t->field && p->end > t->start))
                ne_fuzz_fail("token %zu overlaps or precedes token %zu", i,
                             i - 1);
        }
        if (t->kind > NE_TOK_OTHER || t->sent >= doc->sents.cnt)
            ne_fuzz_fail("token %zu: kind %u sentence %u of %zu", i, t->kind,
                         t->sent, doc->sents.cnt);
        if ((size_t)t->norm_off + t->norm_len >= doc->norm.len + 1 ||
            doc->norm.data[t->norm_off + t->norm_len] != '\0')
            ne_fuzz_fail("token %zu: normalised form out of range", i);
        norm = ne_doc_tok_norm(doc, t);
        if (!ne_fuzz_utf8_ok((const unsigned char *)norm, t->norm_len))
            ne_fuzz_fail("token %zu: normalised form is not UTF-8", i);
        if (t->hash != ne_text_hash(norm, t->norm_len))
            ne_fuzz_fail("token %zu: hash does not match its form", i);
        if (t->mention < -1 || (t->mention >= 0 &&
                                (size_t)t->mention >= doc->mentions.cnt))
            ne_fuzz_fail("token %zu: mention %d", i, t->mention);
        if (t->end - t->start > NE_TEXT_MAX_TOKEN)
            ne_fuzz_fail("token %zu: %u bytes", i, t->end - t->start);
    }
    /* sentences tile the token sequence, in order, one field each */
    for (k = 0, i = 0; k < doc->sents.cnt; k++) {
        const ne_sentence_t *se = &doc->sents.v[k];
        size_t j;
        if (se->tok_begin != i || se->tok_end <= se->tok_begin ||
            se->tok_end > doc->tokens.cnt)
            ne_fuzz_fail("sentence %zu: tokens %u..%u, expected start %zu",
                         k, se->tok_begin, se->tok_end, i);
        for (j = se->tok_begin; j < se->tok_end; j++)
            if (doc->tokens.v[j].field != se->field ||
                doc->tokens.v[j].sent != k)
                ne_fuzz_fail("sentence %zu: token %zu belongs elsewhere", k,
                             j);
        i = se->tok_end;
    }
    if (i != doc->tokens.cnt)
        ne_fuzz_fail("sentences end at token %zu of %zu", i, doc->tokens.cnt);
}

static void check_strings(const ne_doc_t *doc, uint32_t off, uint32_t len,
                          const char *what, size_t i)
{
    if ((size_t)off + len > doc->strings.len)
        ne_fuzz_fail("%s %zu: string %u+%u out of range", what, i, off, len);
    if (!ne_fuzz_utf8_ok((const unsigned char *)doc->strings.data + off, len))
        ne_fuzz_fail("%s %zu: string is not UTF-8", what, i);
}

static int bad_unit(float v)
{
    return !(v >= 0.0f && v <= 1.0f); /* also catches NaN */
}

void ne_fuzz_check_doc(const ne_doc_t *doc)
{
    size_t i, k;

    check_tokens(doc);
    for (i = 0; i < doc->mentions.cnt; i++) {
        const ne_mention_t *m = &doc->mentions.v[i];
        check_span(doc, m->span, "mention", i);
        if (m->tok_begin >= m->tok_end || m->tok_end > doc->tokens.cnt ||
            m->type >= NE_ENT__CNT || bad_unit(m->score) ||
            m->entity < -1 || (m->entity >= 0 &&
                               (size_t)m->entity >= doc->entities.cnt))
            ne_fuzz_fail("mention %zu: tokens %u..%u type %u entity %d "
                         "score %g", i, m->tok_begin, m->tok_end, m->type,
                         m->entity, m->score);
        /* its tokens point back at it (claims.c walks tokens to mentions) */
        for (k = m->tok_begin; k < m->tok_end; k++)
            if (doc->tokens.v[k].mention != (int32_t)i)
                ne_fuzz_fail("token %zu of mention %zu points at mention %d",
                             k, i, doc->tokens.v[k].mention);
    }
    for (i = 0; i < doc->entities.cnt; i++) {
        const ne_entity_t *e = &doc->entities.v[i];
        if (e->type >= NE_ENT__CNT || bad_unit(e->salience) || !e->count ||
            e->first_mention >= doc->mentions.cnt || !e->name_len)
            ne_fuzz_fail("entity %zu: type %u salience %g count %u first "
                         "mention %u", i, e->type, e->salience, e->count,
                         e->first_mention);
        check_strings(doc, e->name_off, e->name_len, "entity name", i);
        if (e->kb >= 0)
            check_strings(doc, e->kb_id_off, e->kb_id_len, "entity kb id", i);
    }
    for (i = 0; i < doc->claims.cnt; i++) {
        const ne_claim_t *c = &doc->claims.v[i];
        check_span(doc, c->text, "claim", i);
        if (c->has_speaker)
            check_span(doc, c->speaker, "claim speaker", i);
        if (c->has_cue)
            check_span(doc, c->cue, "claim cue", i);
        if (c->kind >= NE_CLAIM__CNT || c->speaker_entity < -1 ||
            (c->speaker_entity >= 0 &&
             (size_t)c->speaker_entity >= doc->entities.cnt) ||
            (size_t)c->ent_off + c->ent_cnt > doc->claim_ents.cnt)
            ne_fuzz_fail("claim %zu: kind %u speaker entity %d entities "
                         "%u+%u", i, c->kind, c->speaker_entity, c->ent_off,
                         c->ent_cnt);
        for (k = 0; k < c->ent_cnt; k++) {
            int32_t e = doc->claim_ents.v[c->ent_off + k];
            if (e < 0 || (size_t)e >= doc->entities.cnt)
                ne_fuzz_fail("claim %zu: entity %d", i, e);
        }
    }
    for (i = 0; i < doc->dates.cnt; i++) {
        const ne_date_t *d = &doc->dates.v[i];
        size_t n = strnlen(d->value, sizeof(d->value));
        check_span(doc, d->span, "date", i);
        if (n == sizeof(d->value) ||
            !ne_fuzz_utf8_ok((const unsigned char *)d->value, n))
            ne_fuzz_fail("date %zu: value not a string", i);
    }
    for (i = 0; i < doc->quantities.cnt; i++) {
        const ne_quantity_t *q = &doc->quantities.v[i];
        size_t n = strnlen(q->unit, sizeof(q->unit));
        check_span(doc, q->span, "quantity", i);
        if (n == sizeof(q->unit) || !isfinite(q->value) ||
            !ne_fuzz_utf8_ok((const unsigned char *)q->unit, n))
            ne_fuzz_fail("quantity %zu: value %g or unit bad", i, q->value);
    }
}

/* ---- records ----------------------------------------------------------- */

typedef struct {
    const char *p[2]; /* title, body as the record carries them */
    size_t n[2];
} fields_t;

static json_t *member(json_t *obj, const char *key, const char *where)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        ne_fuzz_fail("%s: no \"%s\"", where, key);
    return v;
}

static long long int_member(json_t *obj, const char *key, const char *where)
{
    json_t *v = member(obj, key, where);
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        ne_fuzz_fail("%s: \"%s\" is not a non-negative integer", where, key);
    return json_integer_value(v);
}

/* {"field", "start", "end", "text"}: inside the field, on boundaries, text
 * equal to the bytes. */
static void check_json_span(json_t *o, const fields_t *f, const char *where)
{
    json_t *field = member(o, "field", where), *text;
    long long start = int_member(o, "start", where);
    long long end = int_member(o, "end", where);
    int fi;

    text = member(o, "text", where);
    if (!json_is_string(field) || !json_is_string(text))
        ne_fuzz_fail("%s: field or text not a string", where);
    if (!strcmp(json_string_value(field), "title"))
        fi = 0;
    else if (!strcmp(json_string_value(field), "body"))
        fi = 1;
    else
        ne_fuzz_fail("%s: unknown field \"%s\"", where,
                     json_string_value(field));
    if (start >= end || (size_t)end > f->n[fi])
        ne_fuzz_fail("%s: %lld..%lld outside a %zu-byte field", where, start,
                     end, f->n[fi]);
    if (!on_boundary(f->p[fi], f->n[fi], (size_t)start) ||
        !on_boundary(f->p[fi], f->n[fi], (size_t)end))
        ne_fuzz_fail("%s: %lld..%lld not on character boundaries", where,
                     start, end);
    if (json_string_length(text) != (size_t)(end - start) ||
        memcmp(json_string_value(text), f->p[fi] + start,
               (size_t)(end - start)))
        ne_fuzz_fail("%s: text differs from the bytes at %lld..%lld", where,
                     start, end);
}

static json_t *array_member(json_t *obj, const char *key, const char *where)
{
    json_t *v = member(obj, key, where);
    if (!json_is_array(v))
        ne_fuzz_fail("%s: \"%s\" is not an array", where, key);
    return v;
}

static void check_entity_ref(json_t *ref, size_t n_ent, const char *where)
{
    const char *s;
    char *end;
    long k;
    if (!json_is_string(ref) || (s = json_string_value(ref))[0] != 'e')
        ne_fuzz_fail("%s: entity reference is not \"eN\"", where);
    k = strtol(s + 1, &end, 10);
    if (*end || k < 1 || (size_t)k > n_ent)
        ne_fuzz_fail("%s: entity reference %s of %zu entities", where, s,
                     n_ent);
}

static void check_article(json_t *a, const fields_t *f)
{
    json_t *ents = array_member(a, "entities", "article");
    json_t *claims = array_member(a, "claims", "article");
    json_t *v, *m;
    size_t i, k;
    char where[64], id[32];
    double conf;

    v = member(member(a, "language", "article"), "confidence", "language");
    conf = json_number_value(v);
    if (!json_is_number(v) || !(conf >= 0 && conf <= 1))
        ne_fuzz_fail("article: language confidence %g", conf);
    json_array_foreach(ents, i, v) {
        const char *t = json_string_value(member(v, "type", "entity"));
        snprintf(id, sizeof(id), "e%zu", i + 1);
        if (!json_is_string(member(v, "id", "entity")) ||
            strcmp(json_string_value(json_object_get(v, "id")), id))
            ne_fuzz_fail("entity %zu: id is not %s", i, id);
        if (!t || (strcmp(t, "PER") && strcmp(t, "ORG") && strcmp(t, "LOC") &&
                   strcmp(t, "MISC")))
            ne_fuzz_fail("entity %zu: type", i);
        json_array_foreach(array_member(v, "mentions", "entity"), k, m) {
            snprintf(where, sizeof(where), "entity %zu mention %zu", i, k);
            check_json_span(m, f, where);
        }
    }
    json_array_foreach(claims, i, v) {
        json_t *sp = member(v, "speaker", "claim"), *cue, *ref;
        snprintf(where, sizeof(where), "claim %zu", i);
        check_json_span(v, f, where);
        if (json_is_object(sp)) {
            snprintf(where, sizeof(where), "claim %zu speaker", i);
            check_json_span(sp, f, where);
            ref = member(sp, "entity", where);
            if (!json_is_null(ref))
                check_entity_ref(ref, json_array_size(ents), where);
        } else if (!json_is_null(sp)) {
            ne_fuzz_fail("claim %zu: speaker", i);
        }
        cue = member(v, "cue", "claim");
        if (json_is_object(cue)) {
            snprintf(where, sizeof(where), "claim %zu cue", i);
            check_json_span(cue, f, where);
        }
        json_array_foreach(array_member(v, "entities", "claim"), k, ref)
            check_entity_ref(ref, json_array_size(ents), "claim entities");
    }
    json_array_foreach(array_member(a, "quantities", "article"), i, v) {
        snprintf(where, sizeof(where), "quantity %zu", i);
        check_json_span(v, f, where);
    }
    json_array_foreach(array_member(a, "dates", "article"), i, v) {
        snprintf(where, sizeof(where), "date %zu", i);
        check_json_span(v, f, where);
    }
}

static json_t *parse(const char *p, size_t n, const char *what)
{
    json_error_t jerr;
    json_t *v = json_loadb(p, n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
                           &jerr);
    if (!v)
        ne_fuzz_fail("%s record is not JSON: %s at byte %d", what, jerr.text,
                     jerr.position);
    if (!json_is_object(v))
        ne_fuzz_fail("%s record is not an object", what);
    return v;
}

static void expect_schema(json_t *v, const char *schema)
{
    json_t *s = json_object_get(v, "schema");
    if (!json_is_string(s) || strcmp(json_string_value(s), schema))
        ne_fuzz_fail("record without schema %s", schema);
}

void ne_fuzz_check_outputs(const ne_outputs_t *out)
{
    json_t *art, *v, *title, *body;
    fields_t f;
    size_t i, n_ent = 0, n_claim = 0;

    if (out->cnt < 1 || out->recs[0].kind != NE_OUT_ENRICHED)
        ne_fuzz_fail("first record is not the enriched one");
    art = parse(out->data + out->recs[0].value_off, out->recs[0].value_len,
                "enriched");
    expect_schema(art, "newsenrich.article/1");
    title = json_object_get(art, "title");
    body = json_object_get(art, "body");
    if (!json_is_string(body) || !(json_is_string(title) || json_is_null(title)))
        ne_fuzz_fail("article: title or body missing");
    f.p[0] = json_is_string(title) ? json_string_value(title) : "";
    f.n[0] = json_is_string(title) ? json_string_length(title) : 0;
    f.p[1] = json_string_value(body);
    f.n[1] = json_string_length(body);
    check_article(art, &f);

    /* per-entity and per-claim records repeat the article's objects */
    for (i = 1; i < out->cnt; i++) {
        const ne_outrec_t *r = &out->recs[i];
        json_t *inner, *want;
        v = parse(out->data + r->value_off, r->value_len, "entity/claim");
        if (r->kind == NE_OUT_ENTITY) {
            expect_schema(v, "newsenrich.entity/1");
            inner = member(v, "entity", "entity record");
            want = json_array_get(json_object_get(art, "entities"), n_ent++);
        } else if (r->kind == NE_OUT_CLAIM) {
            expect_schema(v, "newsenrich.claim/1");
            inner = member(v, "claim", "claim record");
            want = json_array_get(json_object_get(art, "claims"), n_claim++);
        } else {
            ne_fuzz_fail("record %zu of kind %d", i, (int)r->kind);
        }
        if (!want || !json_equal(inner, want))
            ne_fuzz_fail("record %zu differs from its article's object", i);
        if (!json_equal(json_object_get(v, "article_id"),
                        json_object_get(art, "id")))
            ne_fuzz_fail("record %zu: article_id differs", i);
        json_decref(v);
    }
    if (n_ent != json_array_size(json_object_get(art, "entities")) ||
        n_claim != json_array_size(json_object_get(art, "claims")))
        ne_fuzz_fail("%zu entity and %zu claim records for the article",
                     n_ent, n_claim);
    json_decref(art);
}

void ne_fuzz_check_error(ne_err_t err, const char *reason)
{
    ne_buf_t b;
    json_t *v;

    if (err < NE_ERR_MSG_FIRST || err > NE_ERR_MSG_LAST)
        ne_fuzz_fail("error %d is not a per-message class", (int)err);
    if (!reason || !*reason)
        ne_fuzz_fail("error %s without a reason", ne_err2str(err));
    ne_buf_init(&b);
    ne_error_record(&b, 1, err, reason);
    v = parse(b.data, b.len, "error");
    expect_schema(v, "newsenrich.error/1");
    json_decref(v);
    ne_buf_free(&b);
}
