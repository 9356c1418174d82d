/*
 * meld module: MELD-Na and MELD 3.0 against golden tables hand-computed from the published
 * rules (bounds, dialysis, the sodium threshold, the cap of 40), and every domain error.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "testutil.h"

#define SENTINEL_INT 777777

static void test_meld_na_golden(void **state)
{
	struct golden_table *table = golden_load("meld_na.csv", 6);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		int score = SENTINEL_INT;

		assert_ok(radioembo_meld_na_score(
			golden_value(table, row, 0), golden_value(table, row, 1),
			golden_value(table, row, 2), golden_value(table, row, 3),
			(int)golden_value(table, row, 4), &score));
		assert_int_equal(score, (int)golden_value(table, row, 5));
	}
	golden_free(table);
}

static void test_meld3_golden(void **state)
{
	struct golden_table *table = golden_load("meld3.csv", 8);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		int score = SENTINEL_INT;

		assert_ok(radioembo_meld3_score(
			golden_value(table, row, 0), golden_value(table, row, 1),
			golden_value(table, row, 2), golden_value(table, row, 3),
			golden_value(table, row, 4), (int)golden_value(table, row, 5),
			(int)golden_value(table, row, 6), &score));
		assert_int_equal(score, (int)golden_value(table, row, 7));
	}
	golden_free(table);
}

static void test_meld_bounds_are_the_published_ones(void **state)
{
	int a = SENTINEL_INT, b = SENTINEL_INT;

	(void)state;
	/* everything at or below its lower bound: the floor of both scores, 6 */
	assert_ok(radioembo_meld_na_score(0.0, 0.0, 0.31, 141.0, 0, &a));
	assert_int_equal(a, 6);
	assert_ok(radioembo_meld3_score(0.0, 0.0, 0.31, 141.0, 4.4, 0, 0, &a));
	assert_int_equal(a, 6);
	/* creatinine capped at 4.0 (MELD-Na) and 3.0 (MELD 3.0); dialysis sets the cap */
	assert_ok(radioembo_meld_na_score(3.7, 4.0, 1.9, 131.0, 0, &a));
	assert_ok(radioembo_meld_na_score(3.7, 8.9, 1.9, 131.0, 0, &b));
	assert_int_equal(a, b);
	assert_ok(radioembo_meld_na_score(3.7, 0.7, 1.9, 131.0, 1, &b));
	assert_int_equal(a, b);
	assert_ok(radioembo_meld3_score(3.7, 3.0, 1.9, 131.0, 2.9, 1, 0, &a));
	assert_ok(radioembo_meld3_score(3.7, 8.9, 1.9, 131.0, 2.9, 1, 0, &b));
	assert_int_equal(a, b);
	assert_ok(radioembo_meld3_score(3.7, 0.7, 1.9, 131.0, 2.9, 1, 1, &b));
	assert_int_equal(a, b);
	/* albumin bounded to [1.5, 3.5] g/dL in MELD 3.0 */
	assert_ok(radioembo_meld3_score(3.7, 1.4, 1.9, 131.0, 1.5, 0, 0, &a));
	assert_ok(radioembo_meld3_score(3.7, 1.4, 1.9, 131.0, 0.9, 0, 0, &b));
	assert_int_equal(a, b);
	/* the cap: 40 */
	assert_ok(radioembo_meld3_score(60.0, 3.0, 9.0, 125.0, 1.5, 1, 0, &a));
	assert_int_equal(a, 40);
}

static void test_meld_rejects_domain(void **state)
{
	int score = SENTINEL_INT;

	(void)state;
	assert_fails(radioembo_meld_na_score(-0.2, 1.2, 1.5, 135.0, 0, &score), RADIOEMBO_EINVAL,
		     "bilirubin_mg_dl");
	assert_fails(radioembo_meld_na_score(2.0, -1.2, 1.5, 135.0, 0, &score), RADIOEMBO_EINVAL,
		     "creatinine_mg_dl");
	assert_fails(radioembo_meld_na_score(2.0, 1.2, 0.0, 135.0, 0, &score), RADIOEMBO_EINVAL,
		     "inr");
	assert_fails(radioembo_meld_na_score(2.0, 1.2, 1.5, 0.0, 0, &score), RADIOEMBO_EINVAL,
		     "sodium_mmol_l");
	assert_fails(radioembo_meld_na_score(2.0, 1.2, 1.5, 135.0, 2, &score), RADIOEMBO_EINVAL,
		     "dialysis must be 0 or 1, got 2");
	assert_fails(radioembo_meld3_score(-0.2, 1.2, 1.5, 135.0, 3.0, 1, 0, &score),
		     RADIOEMBO_EINVAL, "bilirubin_mg_dl");
	assert_fails(radioembo_meld3_score(2.0, -1.2, 1.5, 135.0, 3.0, 1, 0, &score),
		     RADIOEMBO_EINVAL, "creatinine_mg_dl");
	assert_fails(radioembo_meld3_score(2.0, 1.2, -1.5, 135.0, 3.0, 1, 0, &score),
		     RADIOEMBO_EINVAL, "inr");
	assert_fails(radioembo_meld3_score(2.0, 1.2, 1.5, -135.0, 3.0, 1, 0, &score),
		     RADIOEMBO_EINVAL, "sodium_mmol_l");
	/* albumin in g/L by mistake */
	assert_fails(radioembo_meld3_score(2.0, 1.2, 1.5, 135.0, 30.0, 1, 0, &score),
		     RADIOEMBO_EINVAL, "albumin_g_dl");
	assert_fails(radioembo_meld3_score(2.0, 1.2, 1.5, 135.0, -3.0, 1, 0, &score),
		     RADIOEMBO_EINVAL, "albumin_g_dl");
	assert_fails(radioembo_meld3_score(2.0, 1.2, 1.5, 135.0, 3.0, -1, 0, &score),
		     RADIOEMBO_EINVAL, "female must be 0 or 1, got -1");
	assert_fails(radioembo_meld3_score(2.0, 1.2, 1.5, 135.0, 3.0, 1, 7, &score),
		     RADIOEMBO_EINVAL, "dialysis must be 0 or 1, got 7");
	assert_int_equal(score, SENTINEL_INT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_meld_na_golden),
		TEST(test_meld3_golden),
		TEST(test_meld_bounds_are_the_published_ones),
		TEST(test_meld_rejects_domain),
	};
	return cmocka_run_group_tests_name("meld", tests, NULL, NULL);
}
