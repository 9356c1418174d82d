/*
 * tissue module: golden masses from tests/golden/mass.csv and every error path.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "testutil.h"

static void test_tissue_mass_golden(void **state)
{
	struct golden_table *table = golden_load("mass.csv", 3);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double mass = TEST_SENTINEL;
		assert_ok(radioembo_mass_kg(golden_value(table, row, 0), golden_value(table, row, 1),
					    &mass));
		assert_close(mass, golden_value(table, row, 2), 1e-15);
	}
	golden_free(table);
}

static void test_tissue_mass_density_bounds(void **state)
{
	double mass = TEST_SENTINEL;

	(void)state;
	/* 25 g/mL is the largest density accepted (hand-computed 2.385 * 25 / 1000) */
	assert_ok(radioembo_mass_kg(2.385, 25.0, &mass));
	assert_close(mass, 0.059625, 1e-15);
	/* any positive density is accepted below it, e.g. aerated lung at -995 HU */
	assert_ok(radioembo_mass_kg(4127.3, 0.005, &mass));
	assert_close(mass, 0.0206365, 1e-15);
}

static void test_tissue_rejects_invalid_arguments(void **state)
{
	double out = TEST_SENTINEL;

	(void)state;
	assert_fails(radioembo_mass_kg(0.0, 1.05, &out), RADIOEMBO_EINVAL, "volume_ml");
	assert_fails(radioembo_mass_kg(-1534.7, 1.05, &out), RADIOEMBO_EINVAL, "volume_ml");
	assert_fails(radioembo_mass_kg(INFINITY, 1.05, &out), RADIOEMBO_EINVAL, "volume_ml");
	assert_fails(radioembo_mass_kg(1534.7, 0.0, &out), RADIOEMBO_EINVAL, "density_g_per_ml");
	assert_fails(radioembo_mass_kg(1534.7, -1.05, &out), RADIOEMBO_EINVAL, "density_g_per_ml");
	assert_fails(radioembo_mass_kg(1534.7, INFINITY, &out), RADIOEMBO_EINVAL,
		     "density_g_per_ml");
	/* kg/m^3 passed for g/mL */
	assert_fails(radioembo_mass_kg(1534.7, 1050.0, &out), RADIOEMBO_EINVAL,
		     "density_g_per_ml must be within (0, 25] g/mL, got 1050");
	assert_fails(radioembo_mass_kg(1534.7, 25.000001, &out), RADIOEMBO_EINVAL,
		     "density_g_per_ml");
	assert_true(out == TEST_SENTINEL);
}

static void test_tissue_reports_unrepresentable_mass_as_erange(void **state)
{
	double out = TEST_SENTINEL;

	(void)state;
	assert_fails(radioembo_mass_kg(1e308, 20.0, &out), RADIOEMBO_ERANGE, "mass");
	/* 1e-320 mL at 0.01 g/mL is below the smallest double in kg */
	assert_fails(radioembo_mass_kg(1e-320, 0.01, &out), RADIOEMBO_ERANGE, "mass underflows");
	assert_true(out == TEST_SENTINEL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_tissue_mass_golden),
		TEST(test_tissue_mass_density_bounds),
		TEST(test_tissue_rejects_invalid_arguments),
		TEST(test_tissue_reports_unrepresentable_mass_as_erange),
	};
	return cmocka_run_group_tests_name("tissue", tests, NULL, NULL);
}
