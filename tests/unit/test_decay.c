/*
 * decay module: golden values from tests/golden and every error path.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "testutil.h"

static void test_decay_factor_and_delivered_fraction_golden(void **state)
{
	struct golden_table *table = golden_load("decay.csv", 4);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double half_life = golden_value(table, row, 0), elapsed = golden_value(table, row, 1);
		double factor = TEST_SENTINEL, fraction = TEST_SENTINEL;

		assert_ok(radioembo_decay_factor(half_life, elapsed, &factor));
		assert_close(factor, golden_value(table, row, 2), 1e-13);
		assert_ok(radioembo_decay_delivered_fraction(half_life, elapsed, &fraction));
		assert_close(fraction, golden_value(table, row, 3), 1e-12);
	}
	golden_free(table);
}

static void test_decay_factor_before_calibration_golden(void **state)
{
	struct golden_table *table = golden_load("decay_before_calibration.csv", 3);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double factor = TEST_SENTINEL;
		assert_ok(radioembo_decay_factor(golden_value(table, row, 0),
						 golden_value(table, row, 1), &factor));
		assert_close(factor, golden_value(table, row, 2), 1e-13);
	}
	golden_free(table);
}

static void test_decay_activity_of_a_vial_after_a_day(void **state)
{
	double activity = TEST_SENTINEL;

	(void)state;
	/* 3 GBq after 24 h of Y-90 (64.1 h): 3 * 2^(-24/64.1), hand-computed 2.3142544950042323 */
	assert_ok(radioembo_decay_activity_gbq(3.0, 64.1, 24.0, &activity));
	assert_close(activity, 2.3142544950042323, 1e-13);
	assert_ok(radioembo_decay_activity_gbq(0.0, 64.1, -1e6, &activity));
	assert_close(activity, 0.0, 0.0);
}

static void test_decay_elapsed_inverts_activity(void **state)
{
	double elapsed = TEST_SENTINEL, back = TEST_SENTINEL;

	(void)state;
	/* hand-computed 64.1 * log2(5.0 / 2.385) = 68.45487891688649 h */
	assert_ok(radioembo_decay_elapsed_h(5.0, 2.385, 64.1, &elapsed));
	assert_close(elapsed, 68.45487891688649, 1e-13);
	assert_ok(radioembo_decay_activity_gbq(5.0, 64.1, elapsed, &back));
	assert_close(back, 2.385, 1e-13);
	/* growth backwards in time is a negative elapsed time: 26.8 * log2(0.35 / 1.2) */
	assert_ok(radioembo_decay_elapsed_h(0.35, 1.2, 26.8, &elapsed));
	assert_close(elapsed, -47.63988310818319, 1e-13);
	/* ratios that overflow a double still work through logarithms */
	assert_ok(radioembo_decay_elapsed_h(1e300, 1e-300, 64.1, &elapsed));
	assert_close(elapsed, 64.1 * 600.0 * log2(10.0), 1e-12);
}

static void test_decay_cumulated_golden(void **state)
{
	struct golden_table *table = golden_load("cumulated.csv", 4);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double cumulated = TEST_SENTINEL;
		assert_ok(radioembo_decay_cumulated_gbq_h(golden_value(table, row, 0),
							  golden_value(table, row, 1),
							  golden_value(table, row, 2), &cumulated));
		assert_close(cumulated, golden_value(table, row, 3), 1e-13);
	}
	golden_free(table);
}

static void test_decay_cumulated_reproduces_published_dose_factors(void **state)
{
	/* J per GBq h of 1 MeV decays: 3600 s/h * 1e9 Bq/GBq * 1.602176634e-13 J/MeV */
	const double joule_per_gbq_h_mev = 3600.0 * 1e9 * 1.602176634e-13;
	struct golden_table *table = golden_load("dose_factor_from_decay.csv", 3);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double cumulated = TEST_SENTINEL;
		assert_ok(radioembo_decay_cumulated_gbq_h(1.0, golden_value(table, row, 1), INFINITY,
							  &cumulated));
		assert_close(cumulated * joule_per_gbq_h_mev * golden_value(table, row, 0),
			     golden_value(table, row, 2), 1e-4);
	}
	golden_free(table);
}

static void test_decay_rejects_invalid_arguments(void **state)
{
	double out = TEST_SENTINEL;

	(void)state;
	assert_fails(radioembo_decay_factor(0.0, 1.0, &out), RADIOEMBO_EINVAL, "half_life_h");
	assert_fails(radioembo_decay_factor(-64.1, 1.0, &out), RADIOEMBO_EINVAL, "half_life_h");
	assert_fails(radioembo_decay_factor(INFINITY, 1.0, &out), RADIOEMBO_EINVAL, "half_life_h");
	assert_fails(radioembo_decay_factor(64.1, -INFINITY, &out), RADIOEMBO_EINVAL, "elapsed_h");

	assert_fails(radioembo_decay_activity_gbq(-2.385, 64.1, 1.0, &out), RADIOEMBO_EINVAL,
		     "activity_gbq");
	assert_fails(radioembo_decay_activity_gbq(2.385, 64.1, INFINITY, &out), RADIOEMBO_EINVAL,
		     "elapsed_h");

	assert_fails(radioembo_decay_elapsed_h(0.0, 1.0, 64.1, &out), RADIOEMBO_EINVAL,
		     "from_activity_gbq");
	assert_fails(radioembo_decay_elapsed_h(2.385, -1.0, 64.1, &out), RADIOEMBO_EINVAL,
		     "to_activity_gbq");
	assert_fails(radioembo_decay_elapsed_h(2.385, 1.0, 0.0, &out), RADIOEMBO_EINVAL,
		     "half_life_h");

	assert_fails(radioembo_decay_cumulated_gbq_h(-1.0, 64.1, 1.0, &out), RADIOEMBO_EINVAL,
		     "activity_gbq");
	assert_fails(radioembo_decay_cumulated_gbq_h(2.385, -64.1, 1.0, &out), RADIOEMBO_EINVAL,
		     "half_life_h");
	assert_fails(radioembo_decay_cumulated_gbq_h(2.385, 64.1, -1.0, &out), RADIOEMBO_EINVAL,
		     "duration_h");

	assert_fails(radioembo_decay_delivered_fraction(64.1, -1.0, &out), RADIOEMBO_EINVAL,
		     "elapsed_h");
	assert_fails(radioembo_decay_delivered_fraction(64.1, INFINITY, &out), RADIOEMBO_EINVAL,
		     "elapsed_h");
	/* outputs are written only on success */
	assert_true(out == TEST_SENTINEL);
}

static void test_decay_reports_overflow_as_erange(void **state)
{
	double out = TEST_SENTINEL;

	(void)state;
	/* 2^(1e6/64.1) overflows a double */
	assert_fails(radioembo_decay_factor(64.1, -1e6, &out), RADIOEMBO_ERANGE, "decay factor");
	assert_fails(radioembo_decay_activity_gbq(2.385, 64.1, -1e6, &out), RADIOEMBO_ERANGE,
		     "decayed activity");
	assert_fails(radioembo_decay_elapsed_h(1e300, 1e-300, 1e306, &out), RADIOEMBO_ERANGE,
		     "elapsed time");
	assert_fails(radioembo_decay_cumulated_gbq_h(1e300, 1e300, INFINITY, &out),
		     RADIOEMBO_ERANGE, "cumulated activity");
	assert_true(out == TEST_SENTINEL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_decay_factor_and_delivered_fraction_golden),
		TEST(test_decay_factor_before_calibration_golden),
		TEST(test_decay_activity_of_a_vial_after_a_day),
		TEST(test_decay_elapsed_inverts_activity),
		TEST(test_decay_cumulated_golden),
		TEST(test_decay_cumulated_reproduces_published_dose_factors),
		TEST(test_decay_rejects_invalid_arguments),
		TEST(test_decay_reports_overflow_as_erange),
	};
	return cmocka_run_group_tests_name("decay", tests, NULL, NULL);
}
