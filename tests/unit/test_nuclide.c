/*
 * nuclide module: names, aliases, default data and error paths.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "testutil.h"

static void test_nuclide_accepts_every_documented_name(void **state)
{
	static const char *const y90[] = { "Y-90", "Y90", "90Y", "yttrium-90", "y-90", "YTTRIUM-90" };
	static const char *const ho166[] = { "Ho-166", "Ho166", "166Ho", "holmium-166", "HO-166",
					     "Holmium-166" };
	radioembo_nuclide nuclide;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof y90 / sizeof y90[0]; i++) {
		nuclide = (radioembo_nuclide)0;
		assert_ok(radioembo_nuclide_from_name(y90[i], &nuclide));
		assert_int_equal(nuclide, RADIOEMBO_NUCLIDE_Y90);
	}
	for (i = 0; i < sizeof ho166 / sizeof ho166[0]; i++) {
		nuclide = (radioembo_nuclide)0;
		assert_ok(radioembo_nuclide_from_name(ho166[i], &nuclide));
		assert_int_equal(nuclide, RADIOEMBO_NUCLIDE_HO166);
	}
}

static void test_nuclide_names_are_canonical(void **state)
{
	(void)state;
	assert_string_equal(radioembo_nuclide_name(RADIOEMBO_NUCLIDE_Y90), "Y-90");
	assert_string_equal(radioembo_nuclide_name(RADIOEMBO_NUCLIDE_HO166), "Ho-166");
	assert_null(radioembo_nuclide_name((radioembo_nuclide)0));
	assert_null(radioembo_nuclide_name((radioembo_nuclide)3));
}

static void test_nuclide_defaults_golden(void **state)
{
	struct golden_table *table = golden_load("nuclide.csv", 3);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		radioembo_nuclide nuclide = (radioembo_nuclide)golden_value(table, row, 0);
		double half_life = TEST_SENTINEL, factor = TEST_SENTINEL;

		assert_ok(radioembo_nuclide_half_life_h(nuclide, &half_life));
		assert_close(half_life, golden_value(table, row, 1), 0.0);
		assert_ok(radioembo_nuclide_dose_factor(nuclide, &factor));
		assert_close(factor, golden_value(table, row, 2), 0.0);
	}
	golden_free(table);
}

static void test_nuclide_rejects_unknown_and_invalid(void **state)
{
	static const char *const unknown[] = { "", "Y-9", "Y-900", "Lu-177", "Y 90", "Ho-166 ",
					       "yttrium90" };
	radioembo_nuclide nuclide = RADIOEMBO_NUCLIDE_HO166;
	double out = TEST_SENTINEL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
		assert_fails(radioembo_nuclide_from_name(unknown[i], &nuclide), RADIOEMBO_ENOTFOUND,
			     "not a known nuclide");
	assert_int_equal(nuclide, RADIOEMBO_NUCLIDE_HO166);
	assert_fails(radioembo_nuclide_half_life_h((radioembo_nuclide)7, &out), RADIOEMBO_EINVAL,
		     "nuclide");
	assert_fails(radioembo_nuclide_dose_factor((radioembo_nuclide)-1, &out), RADIOEMBO_EINVAL,
		     "nuclide");
	assert_true(out == TEST_SENTINEL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_nuclide_accepts_every_documented_name),
		TEST(test_nuclide_names_are_canonical),
		TEST(test_nuclide_defaults_golden),
		TEST(test_nuclide_rejects_unknown_and_invalid),
	};
	return cmocka_run_group_tests_name("nuclide", tests, NULL, NULL);
}
