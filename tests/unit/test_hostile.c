/*
 * Hostile text against the per-article hash tables (processor/entities.c).
 *
 * The attacker knows the code and writes names whose keys all land in one
 * slot of the table. With the seed the attack was written for, the stage
 * runs past its step budget and the article fails with the reason
 * (processing_failed, never a stall); with any other seed, which is what
 * a worker draws at start, the same names spread and resolve normally.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "common/ne.h"
#include "doc_fixture.h"
#include "processor/kb.h"
#include "processor/text.h"

#define N_NAMES 1500
/* join_exact's table for N_NAMES mentions has 4096 slots */
#define SLOT_BITS 12
#define ATTACK_SEED 0x5eed5eed5eed5eedULL

static char *body;
static char names[N_NAMES][8];

/* A word's key in join_exact's table: typed_key() of entities.c for an
 * organisation (the attacker reads the code too). */
static uint64_t org_key(uint64_t key)
{
    return key ^ ((uint64_t)(NE_ENT_ORG + 1) * 0xD6E8FEB86659FD93ULL);
}

/* N_NAMES capitalised words whose entity keys share the low SLOT_BITS of
 * their slot hash under seed (found by brute force, as an attacker
 * would), as the body "Qaaaab, Qaaacx, ...". */
static void write_colliding_names(uint64_t seed)
{
    const uint64_t mask = (1u << SLOT_BITS) - 1;
    char w[8] = "Q", key[64];
    uint64_t c;
    size_t n = 0, k, kn, len = 0;

    for (c = 0; n < N_NAMES; c++) {
        uint64_t x = c;
        for (k = 1; k <= 5; k++, x /= 26)
            w[k] = (char)('a' + x % 26);
        w[6] = '\0';
        kn = ne_kb_fold(w, 6, key, NULL);
        if ((ne_doc_slot(org_key(ne_text_hash(key, kn)), seed) & mask) == 0)
            memcpy(names[n++], w, 7);
    }
    body = ne_malloc(N_NAMES * 8 + 1);
    for (n = 0; n < N_NAMES; n++)
        len += (size_t)sprintf(body + len, "%s%s", n ? ", " : "", names[n]);
}

/* The names as organisation mentions (as the tagger would give them),
 * resolved with seed. */
static void resolve(ne_doc_t *doc, uint64_t seed)
{
    size_t n;
    fx_doc_set(doc, "", body, NE_LANG_EN, 2024, 1, 1);
    for (n = 0; n < N_NAMES; n++)
        assert_true(fx_mention(doc, NE_FIELD_BODY, names[n], 0, NE_ENT_ORG) >=
                    0);
    doc->hash_seed = seed;
    ne_entities_resolve(NULL, doc);
}

static void test_attack_seed_hits_budget(void **state)
{
    ne_doc_t doc;
    (void)state;
    ne_doc_init(&doc);
    resolve(&doc, ATTACK_SEED);
    if (!doc.over_budget[0])
        fail_msg("%d colliding keys did not exhaust the step budget",
                 N_NAMES);
    print_message("%s\n", doc.over_budget);
    assert_non_null(strstr(doc.over_budget, "over its work budget"));
    assert_non_null(strstr(doc.over_budget, "1500 mentions"));
    ne_doc_free(&doc);
}

static void test_other_seeds_resolve(void **state)
{
    static const uint64_t seeds[] = {1, 0x9e3779b97f4a7c15ULL,
                                     ATTACK_SEED + 1};
    ne_doc_t doc;
    size_t i;
    (void)state;
    ne_doc_init(&doc);
    for (i = 0; i < NE_ARRAY_SIZE(seeds); i++) {
        resolve(&doc, seeds[i]);
        if (doc.over_budget[0])
            fail_msg("seed %zu: %s", i, doc.over_budget);
        /* every distinct name is its own entity, whatever the seed */
        assert_int_equal(doc.entities.cnt, N_NAMES);
    }
    ne_doc_free(&doc);
}

static int setup(void **state)
{
    (void)state;
    write_colliding_names(ATTACK_SEED);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(body);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attack_seed_hits_budget),
        cmocka_unit_test(test_other_seeds_resolve),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
