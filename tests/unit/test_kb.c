/*
 * Knowledge base: file format errors with line numbers, user overrides,
 * matching multi-word names, exonyms, inflection and case over tokens.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include "processor/kb.h"
#include "doc_fixture.h"

static char tmpdir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/ne_test_kb.XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[300];
    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Write a user KB file and return its path (static buffer). */
static const char *write_kb(const char *name, const char *content)
{
    static char path[300];
    FILE *f;
    snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
    return path;
}

/* Load the default KB plus one user file with content: NULL on error. */
static ne_kb_t *load_with(const char *content, char *err, size_t errsz)
{
    const char *files[2] = {NULL, NULL};
    files[0] = write_kb("user.tsv", content);
    return ne_kb_load(fx_models_dir(), files, err, errsz);
}

static void expect_error(const char *content, const char *problem)
{
    char err[512], want[512];
    ne_kb_t *kb = load_with(content, err, sizeof(err));
    assert_null(kb);
    snprintf(want, sizeof(want), "%s/user.tsv:%s", tmpdir, problem);
    assert_string_equal(err, want);
}

#define HDR "id\ttype\tname\taliases\tlang\n"

static void test_parse_errors(void **state)
{
    (void)state;
    expect_error("# my list\n" HDR "Q1\tPER\tAnna Muster\n"
                 "Q2\tPER\n",
                 "4: missing columns: found 2, need at least id, type and "
                 "name.");
    expect_error(HDR "Q1\tPERSON\tAnna Muster\t\t\n",
                 "2: bad type \"PERSON\": expected PER, ORG, LOC or MISC.");
    expect_error(HDR "Q1\tPER\tAnna\t\t\nQ2\tORG\tAcme\t\t\n"
                 "Q1\tORG\tOther\t\t\n",
                 "4: duplicate id \"Q1\" (first on line 2).");
    expect_error(HDR "\n\nQ1\tPER\tAnn\xe9 Muster\t\t\n",
                 "4: invalid UTF-8 at byte 11 of the line.");
    expect_error(HDR "Q1\tPER\t  \tAnna\t\n", "2: empty name.");
    expect_error(HDR "\tPER\tAnna\t\t\n", "2: empty id.");
    expect_error(HDR "Q1\tPER\tAnna\t\tdeutsch\n",
                 "2: bad lang \"deutsch\": expected codes like de,en or * "
                 "for all.");
    expect_error(HDR "Q1\tPER\tAnna\t\tde\tx\n",
                 "2: too many columns: expected 5 (id, type, name, aliases, "
                 "lang).");
    expect_error("id,type,name\n",
                 "1: expected the header line "
                 "\"id<TAB>type<TAB>name<TAB>aliases<TAB>lang\" (optionally "
                 "followed by <TAB>place).");
    expect_error(HDR "Q1\tPER\tAnna\tAnnie@DE\t\n",
                 "2: bad language tag in alias \"Annie@DE\": expected e.g. "
                 "@de.");
}

static void test_missing_files(void **state)
{
    char err[512], want[512];
    const char *files[] = {"/nonexistent/kb.tsv", NULL};
    (void)state;
    assert_null(ne_kb_load(fx_models_dir(), files, err, sizeof(err)));
    assert_string_equal(err, "cannot open knowledge base /nonexistent/kb.tsv: "
                             "No such file or directory.");
    assert_null(ne_kb_load(tmpdir, NULL, err, sizeof(err)));
    snprintf(want, sizeof(want),
             "cannot open knowledge base %s/kb-default.tsv: No such file or "
             "directory.", tmpdir);
    assert_string_equal(err, want);
}

static void test_default_kb(void **state)
{
    char err[512];
    ne_kb_t *kb = ne_kb_load(fx_models_dir(), NULL, err, sizeof(err));
    int32_t e;
    int infl;
    (void)state;
    assert_non_null(kb);
    assert_true(ne_kb_count(kb) > 500);

    /* German exonyms of cities, German and English country names. */
    e = ne_kb_lookup(kb, "Pjöngjang", strlen("Pjöngjang"), 1u << NE_ENT_LOC,
                     NE_LANG_DE, NULL);
    assert_true(e >= 0);
    assert_string_equal(ne_kb_entry(kb, e)->id, "geonames:1871859");
    assert_string_equal(ne_kb_entry(kb, e)->name, "Pyongyang");
    e = ne_kb_lookup(kb, "Moskau", 6, 1u << NE_ENT_LOC, NE_LANG_DE, NULL);
    assert_string_equal(ne_kb_entry(kb, e)->id, "geonames:524901");
    e = ne_kb_lookup(kb, "Nordkorea", 9, 1u << NE_ENT_LOC, NE_LANG_DE, NULL);
    assert_string_equal(ne_kb_entry(kb, e)->id, "geonames:1873107");
    e = ne_kb_lookup(kb, "North  Korea", 12, 1u << NE_ENT_LOC, NE_LANG_EN,
                     NULL);
    assert_string_equal(ne_kb_entry(kb, e)->id, "geonames:1873107");

    /* Genitive -s in German only; the possessive 's everywhere. */
    e = ne_kb_lookup(kb, "Russlands", 9, 1u << NE_ENT_LOC, NE_LANG_DE, &infl);
    assert_string_equal(ne_kb_entry(kb, e)->id, "geonames:2017370");
    assert_int_equal(infl, 1);
    e = ne_kb_lookup(kb, "Russia's", 8, 1u << NE_ENT_LOC, NE_LANG_EN, &infl);
    assert_string_equal(ne_kb_entry(kb, e)->id, "geonames:2017370");
    assert_int_equal(infl, 1);
    assert_int_equal(ne_kb_lookup(kb, "Russias", 7, 1u << NE_ENT_LOC,
                                  NE_LANG_EN, NULL), -1);

    /* Type filter, language tags on aliases, case of acronyms. */
    assert_int_equal(ne_kb_lookup(kb, "Moskau", 6, 1u << NE_ENT_PER,
                                  NE_LANG_DE, NULL), -1);
    assert_true(ne_kb_lookup(kb, "Island", 6, 1u << NE_ENT_LOC, NE_LANG_DE,
                             NULL) >= 0);
    assert_int_equal(ne_kb_lookup(kb, "Island", 6, 1u << NE_ENT_LOC,
                                  NE_LANG_EN, NULL), -1);
    e = ne_kb_lookup(kb, "US", 2, 1u << NE_ENT_LOC, NE_LANG_EN, NULL);
    assert_string_equal(ne_kb_entry(kb, e)->id, "geonames:6252001");
    assert_int_equal(ne_kb_lookup(kb, "us", 2, 1u << NE_ENT_LOC, NE_LANG_EN,
                                  NULL), -1);
    e = ne_kb_lookup(kb, "Vereinten Nationen", 18, 1u << NE_ENT_ORG,
                     NE_LANG_DE, NULL);
    assert_string_equal(ne_kb_entry(kb, e)->id, "ne:org/un");
    ne_kb_destroy(kb);
}

#define HDRP "id\ttype\tname\taliases\tlang\tplace\n"

/* The place column: parsed, checked, and link-only entries hidden from
 * the matcher and ne_kb_lookup(). */
static void test_places(void **state)
{
    char err[512];
    ne_kb_t *kb;
    const ne_kb_entry_t *ke;
    int32_t e;
    (void)state;
    expect_error(HDRP "Q1\tLOC\tSpringfield\t\t\tcity US-IL many\n",
                 "2: bad place \"city US-IL many\": expected KIND "
                 "CC[-REGION] POPULATION [linkonly], KIND one of country, "
                 "region, city.");
    expect_error(HDRP "Q1\tLOC\tAtlantis\t\t\ttown XX 5\n",
                 "2: bad place \"town XX 5\": expected KIND CC[-REGION] "
                 "POPULATION [linkonly], KIND one of country, region, city.");
    expect_error(HDRP "Q1\tLOC\tSpringfield\t\t\tcity us 5\n",
                 "2: bad place \"city us 5\": expected KIND CC[-REGION] "
                 "POPULATION [linkonly], KIND one of country, region, city.");
    expect_error(HDRP "Q1\tLOC\tSpringfield\t\t\tcity US-IL 5 hidden\n",
                 "2: bad place \"city US-IL 5 hidden\": expected KIND "
                 "CC[-REGION] POPULATION [linkonly], KIND one of country, "
                 "region, city.");
    expect_error(HDRP "Q1\tLOC\tSpringfield\t\t\tcity US 5\tx\n",
                 "2: too many columns: expected 6 (id, type, name, aliases, "
                 "lang, place).");

    kb = load_with(HDRP "Q28515\tLOC\tSpringfield\t\t\tcity US-IL 114394\n"
                        "Q1\tLOC\tNowhere Town\t\t\tcity DE 20000 linkonly\n",
                   err, sizeof(err));
    assert_non_null(kb);
    e = ne_kb_lookup(kb, "Springfield", 11, 1u << NE_ENT_LOC, NE_LANG_EN,
                     NULL);
    assert_true(e >= 0);
    ke = ne_kb_entry(kb, e);
    assert_string_equal(ke->id, "Q28515");
    assert_int_equal(ke->place, NE_KB_PLACE_CITY);
    assert_memory_equal(ke->cc, "US", 2);
    assert_int_equal(ke->population, 114394);
    assert_false(ke->link_only);
    /* A link-only entry links (NE_KB_LINK_TARGETS) but finds nothing. */
    assert_int_equal(ne_kb_lookup(kb, "Nowhere Town", 12,
                                  1u << NE_ENT_LOC, NE_LANG_DE, NULL),
                     -1);
    e = ne_kb_lookup(kb, "Nowhere Town", 12,
                     (1u << NE_ENT_LOC) | NE_KB_LINK_TARGETS, NE_LANG_DE,
                     NULL);
    assert_true(e >= 0);
    assert_string_equal(ne_kb_entry(kb, e)->id, "Q1");
    /* The default KB's GeoNames cities: "Essen" is a city to link, and a
     * meal the matcher leaves alone. */
    assert_int_equal(ne_kb_lookup(kb, "Essen", 5, 1u << NE_ENT_LOC,
                                  NE_LANG_DE, NULL),
                     -1);
    e = ne_kb_lookup(kb, "Essen", 5, (1u << NE_ENT_LOC) | NE_KB_LINK_TARGETS,
                     NE_LANG_DE, NULL);
    assert_string_equal(ne_kb_entry(kb, e)->id, "geonames:2928810");
    ne_kb_destroy(kb);
}

static void test_user_override(void **state)
{
    char err[512];
    ne_kb_t *kb;
    int32_t e;
    (void)state;
    kb = load_with("# watch-list\n" HDR
                   "Q159\tLOC\tRussland\tRussische Föderation|RF@de\tde\n"
                   "geonames:1873107\tLOC\tNorth Korea (user)\tNK\t\n"
                   "Q56226\tper\tKim Jong Un\tKim Jong-un|Kim Jong Un@de\t\n",
                   err, sizeof(err));
    assert_non_null(kb);
    /* A user entry beats a default entry with the same name... */
    e = ne_kb_lookup(kb, "Russland", 8, 1u << NE_ENT_LOC, NE_LANG_DE, NULL);
    assert_string_equal(ne_kb_entry(kb, e)->id, "Q159");
    assert_int_equal(ne_kb_entry(kb, e)->user, 1);
    /* ...but only in its languages: the default entry still has its own
     * names, and the user's German-only entry is not seen in English. */
    e = ne_kb_lookup(kb, "Russische Föderation", 21, 1u << NE_ENT_LOC,
                     NE_LANG_DE, NULL);
    assert_string_equal(ne_kb_entry(kb, e)->id, "Q159");
    e = ne_kb_lookup(kb, "Russland", 8, 1u << NE_ENT_LOC, NE_LANG_UNKNOWN,
                     NULL);
    assert_string_equal(ne_kb_entry(kb, e)->id, "Q159");
    e = ne_kb_lookup(kb, "Russia", 6, 1u << NE_ENT_LOC, NE_LANG_EN, NULL);
    assert_string_equal(ne_kb_entry(kb, e)->id, "geonames:2017370");
    assert_int_equal(ne_kb_lookup(kb, "RF", 2, 1u << NE_ENT_LOC, NE_LANG_EN,
                                  NULL), -1);
    /* The same id replaces the default entry and its names. */
    e = ne_kb_lookup(kb, "NK", 2, 1u << NE_ENT_LOC, NE_LANG_EN, NULL);
    assert_string_equal(ne_kb_entry(kb, e)->name, "North Korea (user)");
    assert_int_equal(ne_kb_lookup(kb, "Nordkorea", 9, 1u << NE_ENT_LOC,
                                  NE_LANG_DE, NULL), -1);
    e = ne_kb_lookup(kb, "Kim Jong-un", 11, 1u << NE_ENT_PER, NE_LANG_EN,
                     NULL);
    assert_string_equal(ne_kb_entry(kb, e)->id, "Q56226");
    assert_int_equal(ne_kb_entry(kb, e)->type, NE_ENT_PER);
    ne_kb_destroy(kb);
}

static void test_match_tokens(void **state)
{
    char err[512];
    ne_kb_t *kb = ne_kb_load(fx_models_dir(), NULL, err, sizeof(err));
    ne_doc_t doc;
    ne_kb_match_t m;
    uint8_t flags[64];
    long t;
    (void)state;
    assert_non_null(kb);
    ne_doc_init(&doc);
    fx_doc_set(&doc, NULL,
               "In den Vereinigten Arabischen Emiraten und im Fernen Osten "
               "Russlands, nicht in Pjöngjang: die Vereinigten Staaten von "
               "Amerika.",
               NE_LANG_DE, 0, 0, 0);
    assert_true(doc.tokens.cnt < sizeof(flags));

    /* Longest match over inflected adjectives and the dative plural. */
    t = fx_token_at(&doc, NE_FIELD_BODY, "Vereinigten Arabischen", 0);
    assert_int_equal(ne_kb_match_at(kb, &doc, (uint32_t)t,
                                    (uint32_t)doc.tokens.cnt, &m), 1);
    assert_int_equal(m.tok_end - m.tok_begin, 3);
    assert_string_equal(ne_kb_entry(kb, m.entry[NE_ENT_LOC])->id,
                        "geonames:290557");
    assert_int_equal(m.types, 1u << NE_ENT_LOC);
    t = fx_token_at(&doc, NE_FIELD_BODY, "Vereinigten Staaten", 0);
    ne_kb_match_at(kb, &doc, (uint32_t)t, (uint32_t)doc.tokens.cnt, &m);
    assert_int_equal(m.tok_end - m.tok_begin, 4);
    assert_string_equal(ne_kb_entry(kb, m.entry[NE_ENT_LOC])->id,
                        "geonames:6252001");
    /* Genitive on the last token; the comma after it is not part of it. */
    t = fx_token_at(&doc, NE_FIELD_BODY, "Russlands", 0);
    ne_kb_match_at(kb, &doc, (uint32_t)t, (uint32_t)doc.tokens.cnt, &m);
    assert_int_equal(m.tok_end - m.tok_begin, 1);
    assert_int_equal(m.inflected, 1);
    /* A match may not run past the limit. */
    t = fx_token_at(&doc, NE_FIELD_BODY, "Vereinigten Staaten", 0);
    ne_kb_match_at(kb, &doc, (uint32_t)t, (uint32_t)t + 2, &m);
    assert_int_equal(m.tok_end - m.tok_begin, 2);
    t = fx_token_at(&doc, NE_FIELD_BODY, "den", 0);
    assert_int_equal(ne_kb_match_at(kb, &doc, (uint32_t)t,
                                    (uint32_t)doc.tokens.cnt, &m), 0);

    ne_kb_annotate(kb, &doc, flags);
    t = fx_token_at(&doc, NE_FIELD_BODY, "Vereinigten Arabischen", 0);
    assert_int_equal(flags[t - 1], 0);
    assert_int_equal(flags[t], NE_KB_B(NE_ENT_LOC));
    assert_int_equal(flags[t + 1], NE_KB_I(NE_ENT_LOC));
    assert_int_equal(flags[t + 2], NE_KB_I(NE_ENT_LOC));
    assert_int_equal(flags[t + 3], 0);
    t = fx_token_at(&doc, NE_FIELD_BODY, "Fernen Osten", 0);
    assert_int_equal(flags[t], NE_KB_B(NE_ENT_LOC));
    assert_int_equal(flags[t + 1], NE_KB_I(NE_ENT_LOC));
    assert_int_equal(flags[t + 2], NE_KB_B(NE_ENT_LOC)); /* Russlands */
    t = fx_token_at(&doc, NE_FIELD_BODY, "Pjöngjang", 0);
    assert_int_equal(flags[t], NE_KB_B(NE_ENT_LOC));

    /* Case: the English pronoun is not the country. */
    fx_doc_set(&doc, NULL, "He told us the US would act.", NE_LANG_EN, 0, 0,
               0);
    ne_kb_annotate(kb, &doc, flags);
    t = fx_token_at(&doc, NE_FIELD_BODY, "us", 0);
    assert_int_equal(flags[t], 0);
    t = fx_token_at(&doc, NE_FIELD_BODY, "US", 0);
    assert_int_equal(flags[t], NE_KB_B(NE_ENT_LOC));

    /* No KB: nothing is marked. */
    ne_kb_annotate(NULL, &doc, flags);
    assert_int_equal(flags[t], 0);
    ne_doc_free(&doc);
    ne_kb_destroy(kb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_missing_files),
        cmocka_unit_test(test_default_kb),
        cmocka_unit_test(test_places),
        cmocka_unit_test(test_user_override),
        cmocka_unit_test(test_match_tokens),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
