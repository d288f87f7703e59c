/*
 * newsenrich - named-entity tagger: averaged perceptron over hashed
 * features, BILOU labels, Viterbi decoding per sentence.
 *
 * The model (models/<lang>-ner.bin, written by tools/train_ner) is read-only
 * after loading and shared by all threads; each thread tags with its own
 * work buffers hanging off doc->ner_scratch.
 */
#include "ner_model.h"
#include "stages.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ne_ner_s {
    ne_ner_model_t *m;
};

struct ne_ner_scratch_s {
    ne_ner_work_t wk;
    ne_ner_word_t *words;
    size_t words_cap;
};

ne_ner_t *ne_ner_load(const char *models_dir, const char *lang,
                      const ne_kb_t *kb, char *errstr, size_t errstr_size)
{
    char path[4096];
    ne_ner_t *ner;
    ne_ner_model_t *m;

    (void)kb; /* the tagger matches its own lexicon for now */
    snprintf(path, sizeof(path), "%s/%s-ner.bin", models_dir, lang);
    if (!(m = ne_ner_model_read(path, errstr, errstr_size)))
        return NULL;
    ner = ne_calloc(1, sizeof(*ner));
    ner->m = m;
    return ner;
}

void ne_ner_destroy(ne_ner_t *ner)
{
    if (!ner)
        return;
    ne_ner_model_free(ner->m);
    free(ner);
}

const char *ne_ner_model_name(const ne_ner_t *ner)
{
    return ner ? ner->m->name : "none";
}

void ne_ner_scratch_free(struct ne_ner_scratch_s *s)
{
    if (!s)
        return;
    ne_ner_work_free(&s->wk);
    free(s->words);
    free(s);
}

/* Confidence of a decoded span: the smallest margin, over its tokens, of
 * the chosen label's emission over the best other label, squashed. */
static float span_score(const ne_ner_model_t *m, const ne_ner_work_t *wk,
                        size_t b, size_t e)
{
    float worst = INFINITY;
    size_t i;
    int l;
    for (i = b; i < e; i++) {
        const int32_t *s = wk->score + i * NE_NER_LABELS;
        int32_t other = INT32_MIN;
        for (l = 0; l < NE_NER_LABELS; l++)
            if (l != wk->path[i] && s[l] > other)
                other = s[l];
        worst = fminf(worst, (float)(s[wk->path[i]] - other) / m->scale);
    }
    return 1.0f / (1.0f + expf(-worst));
}

void ne_ner_tag(const ne_ner_t *ner, const ne_kb_t *kb, ne_doc_t *doc)
{
    struct ne_ner_scratch_s *sc;
    size_t s, i, n;

    (void)kb;
    for (i = 0; i < doc->tokens.cnt; i++) {
        doc->tokens.v[i].mention = -1;
        doc->tokens.v[i].tag = 0;
    }
    if (!ner || !doc->tokens.cnt)
        return;
    if (!(sc = doc->ner_scratch))
        sc = doc->ner_scratch = ne_calloc(1, sizeof(*sc));

    for (s = 0; s < doc->sents.cnt; s++) {
        const ne_sentence_t *se = &doc->sents.v[s];
        ne_token_t *tok = doc->tokens.v + se->tok_begin;
        ne_ner_work_t *wk = &sc->wk;
        n = se->tok_end - se->tok_begin;
        if (!n)
            continue;
        ne_ner_work_reserve(wk, n);
        if (n > sc->words_cap) {
            sc->words_cap = wk->cap;
            sc->words = ne_realloc(sc->words, sc->words_cap *
                                                  sizeof(*sc->words));
        }
        for (i = 0; i < n; i++) {
            sc->words[i].s = ne_doc_tok_ptr(doc, &tok[i]);
            sc->words[i].len = tok[i].end - tok[i].start;
        }
        ne_ner_featurize(ner->m, sc->words, n, wk);
        ne_ner_emissions(ner->m, wk, n);
        ne_ner_viterbi(wk->score, n, ner->m->trans, ner->m->start, NULL,
                       wk->back, wk->path);

        for (i = 0; i < n; i++)
            tok[i].tag = wk->path[i];
        /* the lattice only admits well-formed BILOU: a span is U alone or
         * B I* L */
        for (i = 0; i < n;) {
            int lab = wk->path[i];
            size_t e = i + 1, k;
            ne_mention_t *mn;
            if (!lab) {
                i++;
                continue;
            }
            if (NE_NER_PART(lab) == NE_NER_PART_B) {
                while (e < n && NE_NER_PART(wk->path[e]) != NE_NER_PART_L)
                    e++;
                e = NE_MIN(e + 1, n);
            }
            mn = NE_VEC_PUSH(doc->mentions);
            mn->tok_begin = se->tok_begin + (uint32_t)i;
            mn->tok_end = se->tok_begin + (uint32_t)e;
            mn->span.start = tok[i].start;
            mn->span.end = tok[e - 1].end;
            mn->span.field = tok[i].field;
            mn->type = (uint8_t)NE_NER_TYPE(lab);
            mn->entity = -1;
            mn->score = span_score(ner->m, wk, i, e);
            for (k = i; k < e; k++)
                tok[k].mention = (int32_t)(doc->mentions.cnt - 1);
            i = e;
        }
    }
}
