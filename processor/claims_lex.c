/*
 * newsenrich - claims: the lexicon files and their hash table.
 *
 * A lexicon file is UTF-8 text, one group of word forms per line:
 *
 *     # comment
 *     verb,pl      sagen sagten erklärten
 *     verb,sep=mit teilt teilte teilten
 *
 * The first field lists classes (see CLASS_NAMES); the rest are lower-case
 * forms. A form may appear on several lines: its classes add up. Lookups
 * go by the hash of the normalised token, so the hot path compares
 * integers, never strings.
 */
#include "claims_int.h"
#include "text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    uint64_t cls;
} CLASS_NAMES[] = {
    {"verb", CL_VERB},       {"sep", CL_SEP},         {"cogn", CL_COGN},
    {"pl", CL_PLURAL},       {"part", CL_PARTIC},     {"anoun", CL_ANOUN},
    {"laut", CL_LAUT},       {"zufolge", CL_ZUFOLGE}, {"nach", CL_NACH},
    {"wie", CL_WIE},         {"so", CL_SO},           {"det", CL_DET},
    {"prep", CL_PREP},       {"adv", CL_ADV},         {"subconj", CL_SUBCONJ},
    {"coord", CL_COORD},     {"pron_m", CL_PRON_M},   {"pron_f", CL_PRON_F},
    {"pron_pl", CL_PRON_PL}, {"subj", CL_SUBJ},       {"role", CL_ROLE},
    {"time", CL_TIME},       {"aux", CL_AUX},         {"neg", CL_NEG},
    {"accord", CL_ACCORD},   {"citing", CL_CITING},   {"focus", CL_FOCUS},
    {"relpron", CL_RELPRON}, {"perspron", CL_PERSPRON},
    {"qverb", CL_QVERB},     {"nospeak", CL_NOSPEAK}, {"finite", CL_FINITE},
    {"heisst", CL_HEISST},   {"stmt", CL_STMT},       {"medium", CL_MEDIUM},
    {"addr", CL_ADDR},       {"subj2", CL_SUBJ2},     {"male", CL_MALE},
    {"female", CL_FEMALE},   {"anaph", CL_ANAPH},     {"negok", CL_NEGOK},
    {"say", CL_SAY},         {"report", CL_REPORT},   {"subj2w", CL_SUBJ2W},
    {"passive", CL_PASSIVE}, {"weak", CL_WEAK},
    {"cnoun", CL_CNOUN},     {"pred", CL_PRED},
    {"obj", CL_OBJ},         {"nocue", CL_NOCUE},     {"cthat", CL_CTHAT},
};

const claims_lexent_t *claims_lex_get(const claims_lex_t *lex, uint64_t key)
{
    size_t i;
    if (!lex->slot)
        return NULL;
    if (!key)
        key = 1; /* 0 marks an empty slot */
    for (i = key & lex->mask;; i = (i + 1) & lex->mask) {
        if (lex->slot[i].key == key)
            return &lex->slot[i];
        if (!lex->slot[i].key)
            return NULL;
    }
}

static claims_lexent_t *lex_slot(claims_lex_t *lex, uint64_t key)
{
    size_t i;
    for (i = key & lex->mask;; i = (i + 1) & lex->mask)
        if (lex->slot[i].key == key || !lex->slot[i].key)
            return &lex->slot[i];
}

/* Keep the table at most half full: probes stay short. */
static void lex_grow(claims_lex_t *lex)
{
    claims_lex_t old = *lex;
    size_t n = old.slot ? (old.mask + 1) * 2 : 256, i;

    lex->slot = ne_calloc(n, sizeof(*lex->slot));
    lex->mask = n - 1;
    for (i = 0; old.slot && i <= old.mask; i++)
        if (old.slot[i].key)
            *lex_slot(lex, old.slot[i].key) = old.slot[i];
    free(old.slot);
}

static void lex_add(claims_lex_t *lex, uint64_t key, uint64_t cls,
                    uint64_t particle)
{
    claims_lexent_t *e;
    int k;

    if (!key)
        key = 1;
    if (!lex->slot || (lex->cnt + 1) * 2 > lex->mask + 1)
        lex_grow(lex);
    e = lex_slot(lex, key);
    if (!e->key) {
        e->key = key;
        lex->cnt++;
    }
    e->cls |= cls;
    if (!particle)
        return;
    for (k = 0; k < e->nparticle; k++)
        if (e->particle[k] == particle)
            return;
    if (e->nparticle < CLAIMS_LEX_MAX_PARTICLES)
        e->particle[e->nparticle++] = particle;
}

/* Hash of a form as the text stage hashes the token it matches; 0 when
 * the form is not valid UTF-8 or too long. */
static uint64_t form_key(const char *form, size_t len)
{
    char norm[3 * 256 + 1];
    long n;
    if (len > 256 || (n = ne_text_normalise(form, len, norm, sizeof(norm))) < 0)
        return 0;
    return ne_text_hash(norm, (size_t)n);
}

/* Parse "verb,sep=mit,pl" into classes and a particle hash. Returns -1 on
 * an unknown class name. */
static int parse_classes(char *spec, uint64_t *cls, uint64_t *particle)
{
    char *save = NULL, *name;
    size_t k;

    *cls = 0;
    *particle = 0;
    for (name = strtok_r(spec, ",", &save); name;
         name = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(name, '=');
        if (eq) {
            *eq = '\0';
            *particle = form_key(eq + 1, strlen(eq + 1));
        }
        for (k = 0; k < NE_ARRAY_SIZE(CLASS_NAMES); k++)
            if (!strcmp(name, CLASS_NAMES[k].name))
                break;
        if (k == NE_ARRAY_SIZE(CLASS_NAMES))
            return -1;
        *cls |= CLASS_NAMES[k].cls;
    }
    return 0;
}

int claims_lex_load(claims_lex_t *lex, const char *path, char *errstr,
                    size_t errstr_size)
{
    FILE *fp = fopen(path, "r");
    char line[4096];
    int lineno = 0;

    if (!fp) {
        ne_errf(errstr, errstr_size, "cannot open claims lexicon %s: %s",
                path, strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof(line), fp)) {
        char *save = NULL, *tok, *spec;
        uint64_t cls, particle;

        lineno++;
        if (!strchr(line, '\n') && !feof(fp)) {
            ne_errf(errstr, errstr_size,
                    "claims lexicon %s line %d is longer than %zu bytes",
                    path, lineno, sizeof(line) - 2);
            goto fail;
        }
        if (!(spec = strtok_r(line, " \t\r\n", &save)) || spec[0] == '#')
            continue;
        if (parse_classes(spec, &cls, &particle) == -1) {
            ne_errf(errstr, errstr_size,
                    "claims lexicon %s line %d has an unknown class in "
                    "\"%s\"", path, lineno, spec);
            goto fail;
        }
        while ((tok = strtok_r(NULL, " \t\r\n", &save))) {
            uint64_t key = form_key(tok, strlen(tok));
            if (!key) {
                ne_errf(errstr, errstr_size,
                        "claims lexicon %s line %d has a form that is not "
                        "valid UTF-8 or longer than 256 bytes", path, lineno);
                goto fail;
            }
            lex_add(lex, key, cls, particle);
        }
    }
    fclose(fp);
    if (!lex->cnt) {
        ne_errf(errstr, errstr_size, "claims lexicon %s has no entries",
                path);
        return -1;
    }
    return 0;
fail:
    fclose(fp);
    return -1;
}

void claims_lex_free(claims_lex_t *lex)
{
    free(lex->slot);
    memset(lex, 0, sizeof(*lex));
}
