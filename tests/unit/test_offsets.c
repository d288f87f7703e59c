/*
 * Offset watermark: out-of-order completion never commits past an
 * unfinished message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "consumer/offsets.h"

static void test_in_order(void **state)
{
    ne_offsets_t *ot = ne_offsets_new();
    (void)state;
    assert_int_equal(ne_offsets_watermark(ot), -1);
    ne_offsets_track(ot, 10);
    ne_offsets_track(ot, 11);
    assert_int_equal(ne_offsets_done(ot, 10), 1);
    assert_int_equal(ne_offsets_watermark(ot), 11);
    assert_int_equal(ne_offsets_done(ot, 11), 1);
    assert_int_equal(ne_offsets_watermark(ot), 12);
    assert_int_equal(ne_offsets_pending(ot), 0);
    ne_offsets_destroy(ot);
}

static void test_out_of_order_holds_watermark(void **state)
{
    ne_offsets_t *ot = ne_offsets_new();
    (void)state;
    ne_offsets_track(ot, 0);
    ne_offsets_track(ot, 1);
    ne_offsets_track(ot, 2);
    /* 2 and 1 finish first: nothing may be committed yet */
    assert_int_equal(ne_offsets_done(ot, 2), 0);
    assert_int_equal(ne_offsets_done(ot, 1), 0);
    assert_int_equal(ne_offsets_watermark(ot), -1);
    assert_int_equal(ne_offsets_pending(ot), 3);
    /* 0 finishes: the watermark jumps over the whole finished run */
    assert_int_equal(ne_offsets_done(ot, 0), 1);
    assert_int_equal(ne_offsets_watermark(ot), 3);
    assert_int_equal(ne_offsets_pending(ot), 0);
    ne_offsets_destroy(ot);
}

static void test_gaps_and_duplicates(void **state)
{
    ne_offsets_t *ot = ne_offsets_new();
    (void)state;
    /* compacted topics and transaction markers leave offset gaps */
    ne_offsets_track(ot, 100);
    ne_offsets_track(ot, 105);
    ne_offsets_track(ot, 230);
    assert_int_equal(ne_offsets_done(ot, 105), 0);
    assert_int_equal(ne_offsets_done(ot, 105), -1); /* reported twice */
    assert_int_equal(ne_offsets_done(ot, 101), -1); /* never tracked */
    assert_int_equal(ne_offsets_done(ot, 100), 1);
    assert_int_equal(ne_offsets_watermark(ot), 106);
    assert_int_equal(ne_offsets_done(ot, 230), 1);
    assert_int_equal(ne_offsets_watermark(ot), 231);
    ne_offsets_destroy(ot);
}

static void test_ring_growth_random_order(void **state)
{
    ne_offsets_t *ot = ne_offsets_new();
    int64_t i, n = 5000;
    uint32_t x = 12345;
    int64_t *order = malloc(sizeof(int64_t) * (size_t)n);
    (void)state;
    for (i = 0; i < n; i++) {
        ne_offsets_track(ot, i * 2);
        order[i] = i * 2;
    }
    /* finish in a pseudo-random order; the watermark must always equal
     * one past the largest offset whose predecessors are all finished */
    for (i = n - 1; i > 0; i--) {
        int64_t j, t;
        x = x * 1103515245u + 12345u;
        j = (int64_t)(x % (uint32_t)(i + 1));
        t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    {
        char *done = calloc((size_t)n, 1);
        int64_t prefix = 0;
        for (i = 0; i < n; i++) {
            assert_true(ne_offsets_done(ot, order[i]) >= 0);
            done[order[i] / 2] = 1;
            while (prefix < n && done[prefix])
                prefix++;
            if (prefix == 0)
                assert_int_equal(ne_offsets_watermark(ot), -1);
            else
                assert_int_equal(ne_offsets_watermark(ot),
                                 (prefix - 1) * 2 + 1);
        }
        free(done);
    }
    assert_int_equal(ne_offsets_pending(ot), 0);
    free(order);
    ne_offsets_destroy(ot);
}

static void test_reset(void **state)
{
    ne_offsets_t *ot = ne_offsets_new();
    (void)state;
    ne_offsets_track(ot, 7);
    ne_offsets_reset(ot);
    assert_int_equal(ne_offsets_pending(ot), 0);
    assert_int_equal(ne_offsets_watermark(ot), -1);
    assert_int_equal(ne_offsets_done(ot, 7), -1);
    ne_offsets_destroy(ot);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_order),
        cmocka_unit_test(test_out_of_order_holds_watermark),
        cmocka_unit_test(test_gaps_and_duplicates),
        cmocka_unit_test(test_ring_growth_random_order),
        cmocka_unit_test(test_reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
