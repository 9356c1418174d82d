/*
 * shunt module: golden LSF from planar counts (tests/golden/lsf.csv), golden lung doses and
 * activity limits (tests/golden/lung.csv), the IFU cross-check, LSF 0 and every error path.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "testutil.h"

static void test_shunt_lsf_from_counts_golden(void **state)
{
	struct golden_table *table = golden_load("lsf.csv", 5);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double lsf = TEST_SENTINEL;
		assert_ok(radioembo_shunt_lsf_from_counts(
			golden_value(table, row, 0), golden_value(table, row, 1),
			golden_value(table, row, 2), golden_value(table, row, 3), &lsf));
		assert_close(lsf, golden_value(table, row, 4), 1e-15);
	}
	golden_free(table);
}

static void test_shunt_dose_and_max_activity_golden(void **state)
{
	struct golden_table *table = golden_load("lung.csv", 5);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double activity = golden_value(table, row, 0), lsf = golden_value(table, row, 1);
		double mass = golden_value(table, row, 2), factor = golden_value(table, row, 3);
		double dose = golden_value(table, row, 4);
		double dose_out = TEST_SENTINEL, activity_out = TEST_SENTINEL;

		assert_ok(radioembo_shunt_lung_dose_gy(activity, lsf, mass, factor, &dose_out));
		assert_close(dose_out, dose, 1e-14);
		assert_ok(radioembo_shunt_max_activity_gbq(dose, lsf, mass, factor, &activity_out));
		assert_close(activity_out, activity, 1e-14);
	}
	golden_free(table);
}

static void test_shunt_ifu_cross_check(void **state)
{
	double dose = TEST_SENTINEL, activity = TEST_SENTINEL;

	(void)state;
	/* IFU: 0.61 GBq in the lungs pairs with 30 Gy; 50 * 0.61 / 1 kg = 30.5 Gy (radioembo-sources(7) TISSUE,
	 * s7) */
	assert_ok(radioembo_shunt_lung_dose_gy(2.44, 0.25, 1.0, 50.0, &dose));
	assert_close(dose, 30.5, 1e-15);
	/* and 30.5 Gy on 1 kg at 50 Gy kg/GBq is 0.61 GBq shunted: A_max * LSF */
	assert_ok(radioembo_shunt_max_activity_gbq(30.5, 0.25, 1.0, 50.0, &activity));
	assert_close(activity * 0.25, 0.61, 1e-15);
}

static void test_shunt_zero(void **state)
{
	double dose = TEST_SENTINEL, activity = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_shunt_lung_dose_gy(4.85, 0.0, 1.0, 49.67, &dose));
	assert_true(dose == 0.0);
	assert_ok(radioembo_shunt_max_activity_gbq(30.0, 0.0, 1.0, 49.67, &activity));
	assert_true(isinf(activity) && activity > 0.0);
}

static void test_shunt_round_trips(void **state)
{
	static const double limits[] = {25.0, 30.0, 50.0, 12.875, 1e-6};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof limits / sizeof limits[0]; i++) {
		double activity = TEST_SENTINEL, dose = TEST_SENTINEL;
		assert_ok(radioembo_shunt_max_activity_gbq(limits[i], 0.0917, 0.8734, 49.67,
							   &activity));
		assert_ok(radioembo_shunt_lung_dose_gy(activity, 0.0917, 0.8734, 49.67, &dose));
		assert_close(dose, limits[i], 1e-15);
	}
}

static void test_shunt_rejects_invalid_arguments(void **state)
{
	double out = TEST_SENTINEL;

	(void)state;
	assert_fails(radioembo_shunt_lsf_from_counts(-1.0, 6.2e4, 8.1e5, 1.0e6, &out),
		     RADIOEMBO_EINVAL, "lung_anterior");
	assert_fails(radioembo_shunt_lsf_from_counts(4.8e4, INFINITY, 8.1e5, 1.0e6, &out),
		     RADIOEMBO_EINVAL, "lung_posterior");
	assert_fails(radioembo_shunt_lsf_from_counts(4.8e4, 6.2e4, -8.1e5, 1.0e6, &out),
		     RADIOEMBO_EINVAL, "liver_anterior");
	/* no geometric mean at all: both organs have a zero view */
	assert_fails(radioembo_shunt_lsf_from_counts(0.0, 0.0, 0.0, 0.0, &out), RADIOEMBO_EINVAL,
		     "geometric means are both 0");
	assert_fails(radioembo_shunt_lsf_from_counts(3521.0, 0.0, 0.0, 5.2e5, &out),
		     RADIOEMBO_EINVAL, "geometric means are both 0");

	assert_fails(radioembo_shunt_lung_dose_gy(-3.47, 0.07, 1.0, 50.0, &out), RADIOEMBO_EINVAL,
		     "activity_gbq");
	assert_fails(radioembo_shunt_lung_dose_gy(INFINITY, 0.07, 1.0, 50.0, &out),
		     RADIOEMBO_EINVAL, "activity_gbq");
	assert_fails(radioembo_shunt_lung_dose_gy(3.47, 1.0, 1.0, 50.0, &out), RADIOEMBO_EINVAL,
		     "lsf");
	assert_fails(radioembo_shunt_lung_dose_gy(3.47, -0.07, 1.0, 50.0, &out), RADIOEMBO_EINVAL,
		     "lsf");
	assert_fails(radioembo_shunt_lung_dose_gy(3.47, 0.07, 0.0, 50.0, &out), RADIOEMBO_EINVAL,
		     "lung_mass_kg");
	assert_fails(radioembo_shunt_lung_dose_gy(3.47, 0.07, 1.0, 0.0, &out), RADIOEMBO_EINVAL,
		     "dose_factor");

	assert_fails(radioembo_shunt_max_activity_gbq(0.0, 0.07, 1.0, 50.0, &out), RADIOEMBO_EINVAL,
		     "lung_limit_gy");
	assert_fails(radioembo_shunt_max_activity_gbq(-30.0, 0.07, 1.0, 50.0, &out),
		     RADIOEMBO_EINVAL, "lung_limit_gy");
	assert_fails(radioembo_shunt_max_activity_gbq(INFINITY, 0.07, 1.0, 50.0, &out),
		     RADIOEMBO_EINVAL, "lung_limit_gy");
	assert_fails(radioembo_shunt_max_activity_gbq(30.0, 1.0, 1.0, 50.0, &out), RADIOEMBO_EINVAL,
		     "lsf");
	assert_fails(radioembo_shunt_max_activity_gbq(30.0, 0.07, -1.0, 50.0, &out),
		     RADIOEMBO_EINVAL, "lung_mass_kg");
	assert_fails(radioembo_shunt_max_activity_gbq(30.0, 0.07, 1.0, -50.0, &out),
		     RADIOEMBO_EINVAL, "dose_factor");
	assert_true(out == TEST_SENTINEL);
}

static void test_shunt_reports_overflow_as_erange(void **state)
{
	double out = TEST_SENTINEL;

	(void)state;
	assert_fails(radioembo_shunt_lung_dose_gy(1e308, 0.5, 1e-10, 50.0, &out), RADIOEMBO_ERANGE,
		     "lung dose");
	assert_fails(radioembo_shunt_max_activity_gbq(1e300, 1e-300, 1e10, 50.0, &out),
		     RADIOEMBO_ERANGE, "lung maximum activity");
	assert_true(out == TEST_SENTINEL);
}

/* The compatibility names are the same functions: same results, same failures. */
static void test_shunt_compatibility_names(void **state)
{
	double lsf = TEST_SENTINEL, old_lsf = TEST_SENTINEL, dose = TEST_SENTINEL;
	double old_dose = TEST_SENTINEL, activity = TEST_SENTINEL, old_activity = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_shunt_lsf_from_counts(4.8e4, 6.2e4, 8.1e5, 1.0e6, &lsf));
	assert_ok(radioembo_lsf_from_counts(4.8e4, 6.2e4, 8.1e5, 1.0e6, &old_lsf));
	assert_true(lsf == old_lsf);
	assert_ok(radioembo_shunt_lung_dose_gy(3.47, lsf, 0.8734, 49.67, &dose));
	assert_ok(radioembo_lung_dose_gy(3.47, lsf, 0.8734, 49.67, &old_dose));
	assert_true(dose == old_dose);
	assert_ok(radioembo_shunt_max_activity_gbq(30.0, lsf, 0.8734, 49.67, &activity));
	assert_ok(radioembo_lung_max_activity_gbq(30.0, lsf, 0.8734, 49.67, &old_activity));
	assert_true(activity == old_activity);
	assert_fails(radioembo_lsf_from_counts(0.0, 0.0, 0.0, 0.0, &old_lsf), RADIOEMBO_EINVAL,
		     "geometric means are both 0");
	assert_fails(radioembo_lung_dose_gy(3.47, 1.0, 1.0, 50.0, &old_dose), RADIOEMBO_EINVAL,
		     "lsf");
	assert_fails(radioembo_lung_max_activity_gbq(1e300, 1e-300, 1e10, 50.0, &old_activity),
		     RADIOEMBO_ERANGE, "lung maximum activity");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_shunt_lsf_from_counts_golden),
		TEST(test_shunt_dose_and_max_activity_golden),
		TEST(test_shunt_ifu_cross_check),
		TEST(test_shunt_zero),
		TEST(test_shunt_round_trips),
		TEST(test_shunt_rejects_invalid_arguments),
		TEST(test_shunt_reports_overflow_as_erange),
		TEST(test_shunt_compatibility_names),
	};
	return cmocka_run_group_tests_name("shunt", tests, NULL, NULL);
}
