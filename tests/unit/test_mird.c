/*
 * mird module: golden doses from tests/golden/mird.csv in both directions, the dose-factor
 * and planning-form conventions, round trips and every error path.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "testutil.h"

static void test_mird_golden_both_directions(void **state)
{
	struct golden_table *table = golden_load("mird.csv", 6);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double activity = golden_value(table, row, 0), mass = golden_value(table, row, 1);
		double lsf = golden_value(table, row, 2), residual = golden_value(table, row, 3);
		double factor = golden_value(table, row, 4), dose = golden_value(table, row, 5);
		double dose_out = TEST_SENTINEL, activity_out = TEST_SENTINEL;

		assert_ok(radioembo_mird_dose_gy(activity, mass, lsf, residual, factor, &dose_out));
		assert_close(dose_out, dose, 1e-14);
		assert_ok(radioembo_mird_activity_gbq(dose, mass, lsf, residual, factor,
						      &activity_out));
		assert_close(activity_out, activity, 1e-14);
	}
	golden_free(table);
}

static void test_mird_dose_factor_conventions(void **state)
{
	double dose50 = TEST_SENTINEL, dose4967 = TEST_SENTINEL;

	(void)state;
	/* the same plan under 50 and 49.67 Gy kg/GBq differs by exactly their ratio */
	assert_ok(radioembo_mird_dose_gy(3.417, 1.3382, 0.0481, 0.0, 50.0, &dose50));
	assert_ok(radioembo_mird_dose_gy(3.417, 1.3382, 0.0481, 0.0, 49.67, &dose4967));
	assert_close(dose4967 / dose50, 0.9934, 1e-15);
	/* hand-computed 50 * 3.417 * (1 - 0.0481) / 1.3382 = 121.53049992527275 (python3 decimal) */
	assert_close(dose50, 121.53049992527275, 1e-14);
}

static void test_mird_old_therasphere_form_is_lsf_zero(void **state)
{
	double activity = TEST_SENTINEL;

	(void)state;
	/* A = D * M / 50 (old TheraSphere PI form, radioembo-sources(7) MIRD): 120 * 1.580741 / 50 */
	assert_ok(radioembo_mird_activity_gbq(120.0, 1.580741, 0.0, 0.0, 50.0, &activity));
	assert_close(activity, 3.7937784, 1e-15);
}

static void test_mird_lsf_divides_in_planning(void **state)
{
	double with_shunt = TEST_SENTINEL, without = TEST_SENTINEL;

	(void)state;
	/*
	 * (1 - LSF) divides: A(LSF 0.2) = A(LSF 0) / 0.8. The pitfall in public code,
	 * A = D M (1 - LSF) / F, would give 0.8 times A(LSF 0) instead (radioembo-sources(7) MIRD).
	 */
	assert_ok(radioembo_mird_activity_gbq(150.0, 1.2437, 0.2, 0.0, 49.67, &with_shunt));
	assert_ok(radioembo_mird_activity_gbq(150.0, 1.2437, 0.0, 0.0, 49.67, &without));
	assert_close(with_shunt, without * 1.25, 1e-15);
	/* hand-computed 150 * 1.2437 / (49.67 * 0.8) = 4.694861083148782 (python3 decimal) */
	assert_close(with_shunt, 4.694861083148782, 1e-14);
	/* and the residual divides as well: 150 * 1.2437 / (49.67 * 0.8 * (1 - 0.05)) */
	assert_ok(radioembo_mird_activity_gbq(150.0, 1.2437, 0.2, 0.05, 49.67, &with_shunt));
	assert_close(with_shunt, 4.9419590348934547, 1e-14);
}

static void test_mird_round_trips(void **state)
{
	static const double doses[] = { 0.0, 38.25, 120.0, 205.0, 412.7, 1e-9, 8.3e5 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof doses / sizeof doses[0]; i++) {
		double activity = TEST_SENTINEL, dose = TEST_SENTINEL;
		assert_ok(radioembo_mird_activity_gbq(doses[i], 0.7315, 0.1147, 0.0236, 49.67,
						      &activity));
		assert_ok(radioembo_mird_dose_gy(activity, 0.7315, 0.1147, 0.0236, 49.67, &dose));
		assert_close(dose, doses[i], 1e-15);
	}
}

static void test_mird_rejects_invalid_arguments(void **state)
{
	double out = TEST_SENTINEL;

	(void)state;
	assert_fails(radioembo_mird_dose_gy(-2.385, 1.2, 0.05, 0.0, 50.0, &out), RADIOEMBO_EINVAL,
		     "activity_gbq");
	assert_fails(radioembo_mird_dose_gy(INFINITY, 1.2, 0.05, 0.0, 50.0, &out),
		     RADIOEMBO_EINVAL, "activity_gbq");
	assert_fails(radioembo_mird_dose_gy(2.385, 0.0, 0.05, 0.0, 50.0, &out), RADIOEMBO_EINVAL,
		     "mass_kg");
	assert_fails(radioembo_mird_dose_gy(2.385, -1.2, 0.05, 0.0, 50.0, &out), RADIOEMBO_EINVAL,
		     "mass_kg");
	assert_fails(radioembo_mird_dose_gy(2.385, INFINITY, 0.05, 0.0, 50.0, &out),
		     RADIOEMBO_EINVAL, "mass_kg");
	assert_fails(radioembo_mird_dose_gy(2.385, 1.2, 1.0, 0.0, 50.0, &out), RADIOEMBO_EINVAL,
		     "lsf must be within [0, 1), got 1");
	assert_fails(radioembo_mird_dose_gy(2.385, 1.2, -0.05, 0.0, 50.0, &out), RADIOEMBO_EINVAL,
		     "lsf");
	assert_fails(radioembo_mird_dose_gy(2.385, 1.2, 0.05, 1.0, 50.0, &out), RADIOEMBO_EINVAL,
		     "residual_fraction");
	assert_fails(radioembo_mird_dose_gy(2.385, 1.2, 0.05, -0.01, 50.0, &out),
		     RADIOEMBO_EINVAL, "residual_fraction");
	assert_fails(radioembo_mird_dose_gy(2.385, 1.2, 0.05, 0.0, 0.0, &out), RADIOEMBO_EINVAL,
		     "dose_factor");
	assert_fails(radioembo_mird_dose_gy(2.385, 1.2, 0.05, 0.0, -50.0, &out), RADIOEMBO_EINVAL,
		     "dose_factor");
	assert_fails(radioembo_mird_dose_gy(2.385, 1.2, 0.05, 0.0, INFINITY, &out),
		     RADIOEMBO_EINVAL, "dose_factor");

	assert_fails(radioembo_mird_activity_gbq(-120.0, 1.2, 0.05, 0.0, 50.0, &out),
		     RADIOEMBO_EINVAL, "dose_gy");
	assert_fails(radioembo_mird_activity_gbq(INFINITY, 1.2, 0.05, 0.0, 50.0, &out),
		     RADIOEMBO_EINVAL, "dose_gy");
	assert_fails(radioembo_mird_activity_gbq(120.0, 0.0, 0.05, 0.0, 50.0, &out),
		     RADIOEMBO_EINVAL, "mass_kg");
	assert_fails(radioembo_mird_activity_gbq(120.0, 1.2, 1.7, 0.0, 50.0, &out),
		     RADIOEMBO_EINVAL, "lsf");
	assert_fails(radioembo_mird_activity_gbq(120.0, 1.2, 0.05, 1.0, 50.0, &out),
		     RADIOEMBO_EINVAL, "residual_fraction");
	assert_true(out == TEST_SENTINEL);
}

static void test_mird_reports_overflow_as_erange(void **state)
{
	double out = TEST_SENTINEL;

	(void)state;
	assert_fails(radioembo_mird_dose_gy(1e10, 1e-300, 0.05, 0.0, 50.0, &out),
		     RADIOEMBO_ERANGE, "absorbed dose");
	assert_fails(radioembo_mird_activity_gbq(1e300, 1e10, 0.05, 0.0, 50.0, &out),
		     RADIOEMBO_ERANGE, "activity");
	assert_true(out == TEST_SENTINEL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_mird_golden_both_directions),
		TEST(test_mird_dose_factor_conventions),
		TEST(test_mird_old_therasphere_form_is_lsf_zero),
		TEST(test_mird_lsf_divides_in_planning),
		TEST(test_mird_round_trips),
		TEST(test_mird_rejects_invalid_arguments),
		TEST(test_mird_reports_overflow_as_erange),
	};
	return cmocka_run_group_tests_name("mird", tests, NULL, NULL);
}
