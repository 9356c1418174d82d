/*
 * dose_response module: EQDX, logit NTCP and relative-seriality NTCP against golden tables
 * hand-computed from the published formulas, their limits (X = 0 and 2, D = 0, D = D50,
 * extreme slopes) and every domain error.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <float.h>
#include <math.h>

#include "testutil.h"

/* ---- EQDX --------------------------------------------------------------------------- */

static void test_dose_response_eqdx_golden(void **state)
{
	struct golden_table *table = golden_load("eqdx.csv", 4);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double eqdx = TEST_SENTINEL;

		assert_ok(radioembo_eqdx_gy(golden_value(table, row, 0),
					    golden_value(table, row, 1),
					    golden_value(table, row, 2), &eqdx));
		assert_close(eqdx, golden_value(table, row, 3), 1e-14);
	}
	golden_free(table);
}

static void test_dose_response_eqdx_generalises_eqd2(void **state)
{
	double eqd2 = TEST_SENTINEL, eqdx = TEST_SENTINEL;

	(void)state;
	/* one formula: X = 2 is EQD2 to the last bit, X = 0 is the BED itself */
	assert_ok(radioembo_eqd2_gy(187.35, 2.75, &eqd2));
	assert_ok(radioembo_eqdx_gy(187.35, 2.0, 2.75, &eqdx));
	assert_true(eqd2 == eqdx);
	assert_ok(radioembo_eqdx_gy(187.35, 0.0, 2.75, &eqdx));
	assert_true(eqdx == 187.35);
	/* alpha/beta and X near DBL_MAX still give their ratio, not 0 */
	assert_ok(radioembo_eqdx_gy(93.1, DBL_MAX, DBL_MAX, &eqdx));
	assert_close(eqdx, 93.1 / 2.0, 1e-15);
}

static void test_dose_response_eqdx_rejects_domain(void **state)
{
	double eqdx = TEST_SENTINEL;

	(void)state;
	assert_fails(radioembo_eqdx_gy(-0.5, 2.0, 2.5, &eqdx), RADIOEMBO_EINVAL, "bed_gy");
	assert_fails(radioembo_eqdx_gy(93.1, -2.0, 2.5, &eqdx), RADIOEMBO_EINVAL, "x_gy");
	assert_fails(radioembo_eqdx_gy(93.1, 2.0, 0.0, &eqdx), RADIOEMBO_EINVAL, "alpha_beta_gy");
	assert_fails(radioembo_eqdx_gy(93.1, 2.0, -2.5, &eqdx), RADIOEMBO_EINVAL, "alpha_beta_gy");
	assert_true(eqdx == TEST_SENTINEL);
}

/* ---- logit NTCP --------------------------------------------------------------------- */

static void test_dose_response_ntcp_logit_golden(void **state)
{
	struct golden_table *table = golden_load("ntcp_logit.csv", 4);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double ntcp = TEST_SENTINEL;

		assert_ok(radioembo_ntcp_logit(golden_value(table, row, 0),
					       golden_value(table, row, 1),
					       golden_value(table, row, 2), &ntcp));
		assert_close(ntcp, golden_value(table, row, 3), 1e-13);
	}
	golden_free(table);
}

static void test_dose_response_ntcp_logit_limits(void **state)
{
	double ntcp = TEST_SENTINEL;

	(void)state;
	/* a huge k is a step at TD50, never inf * 0 = NaN */
	assert_ok(radioembo_ntcp_logit(52.0, 52.0, DBL_MAX, &ntcp));
	assert_close(ntcp, 0.5, 0.0);
	assert_ok(radioembo_ntcp_logit(52.1, 52.0, DBL_MAX, &ntcp));
	assert_close(ntcp, 1.0, 0.0);
	assert_ok(radioembo_ntcp_logit(51.9, 52.0, DBL_MAX, &ntcp));
	assert_close(ntcp, 0.0, 0.0);
	/* the logit NTCP is the logistic TCP with k = 4 gamma50 */
	{
		double tcp = TEST_SENTINEL;

		assert_ok(radioembo_tcp_logistic(128.4, 110.0, 2.1, &tcp));
		assert_ok(radioembo_ntcp_logit(128.4, 110.0, 8.4, &ntcp));
		assert_close(ntcp, tcp, 1e-15);
	}
}

static void test_dose_response_ntcp_logit_rejects_domain(void **state)
{
	double ntcp = TEST_SENTINEL;

	(void)state;
	assert_fails(radioembo_ntcp_logit(-1.25, 52.0, 3.7, &ntcp), RADIOEMBO_EINVAL, "dose_gy");
	assert_fails(radioembo_ntcp_logit(38.4, 0.0, 3.7, &ntcp), RADIOEMBO_EINVAL, "td50_gy");
	assert_fails(radioembo_ntcp_logit(38.4, 52.0, 0.0, &ntcp), RADIOEMBO_EINVAL, "k");
	assert_fails(radioembo_ntcp_logit(38.4, 52.0, -3.7, &ntcp), RADIOEMBO_EINVAL, "k");
	assert_true(ntcp == TEST_SENTINEL);
}

/* ---- relative seriality ------------------------------------------------------------- */

static void test_dose_response_relative_seriality_golden(void **state)
{
	struct golden_table *table = golden_load("ntcp_relative_seriality.csv", 10);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double dose[3], fraction[3], ntcp = TEST_SENTINEL;
		size_t i;

		for (i = 0; i < 3; i++) {
			dose[i] = golden_value(table, row, i);
			fraction[i] = golden_value(table, row, 3 + i);
		}
		assert_ok(radioembo_ntcp_relative_seriality(
			dose, fraction, 3, golden_value(table, row, 6), golden_value(table, row, 7),
			golden_value(table, row, 8), &ntcp));
		assert_close(ntcp, golden_value(table, row, 9), 1e-12);
	}
	golden_free(table);
}

static void test_dose_response_relative_seriality_limits(void **state)
{
	const double dose[3] = { 0.0, 46.0, 1e6 };
	const double empty_hot[3] = { 0.6, 0.4, 0.0 };
	const double hot[3] = { 0.6, 0.3, 0.1 };
	double ntcp = TEST_SENTINEL;

	(void)state;
	/* an empty bin at a dose whose P is 1 is skipped, not 0 * -inf */
	assert_ok(radioembo_ntcp_relative_seriality(dose, empty_hot, 3, 46.0, 1.4, 0.3, &ntcp));
	assert_false(isnan(ntcp));
	assert_true(ntcp > 0.0 && ntcp < 1.0);
	/* a bin with P = 1 and v > 0 makes the organ fail: NTCP 1 */
	assert_ok(radioembo_ntcp_relative_seriality(dose, hot, 3, 46.0, 1.4, 0.3, &ntcp));
	assert_close(ntcp, 1.0, 0.0);
	/* a huge gamma at D = D50 still gives P = 1/2 (uniform dose: NTCP = P) */
	{
		const double at_d50[1] = { 46.0 }, whole[1] = { 1.0 };

		assert_ok(radioembo_ntcp_relative_seriality(at_d50, whole, 1, 46.0, DBL_MAX, 0.3,
							    &ntcp));
		assert_close(ntcp, 0.5, 1e-15);
	}
	/* no dose: NTCP 0 */
	{
		const double zero[2] = { 0.0, 0.0 }, halves[2] = { 0.5, 0.5 };

		assert_ok(
			radioembo_ntcp_relative_seriality(zero, halves, 2, 46.0, 1.4, 0.3, &ntcp));
		assert_true(ntcp < 1e-6);
	}
}

static void test_dose_response_relative_seriality_rejects_domain(void **state)
{
	const double dose[3] = { 12.5, 40.0, 81.25 }, fraction[3] = { 0.25, 0.5, 0.25 };
	const double negative[3] = { 12.5, -40.0, 81.25 }, percent[3] = { 25.0, 50.0, 25.0 };
	const double short_sum[3] = { 0.25, 0.5, 0.2 };
	double ntcp = TEST_SENTINEL;

	(void)state;
	assert_fails(radioembo_ntcp_relative_seriality(dose, fraction, 0, 40.0, 1.8, 0.06, &ntcp),
		     RADIOEMBO_EINVAL, "n");
	assert_fails(
		radioembo_ntcp_relative_seriality(negative, fraction, 3, 40.0, 1.8, 0.06, &ntcp),
		RADIOEMBO_EINVAL, "dose_gy[1]");
	assert_fails(radioembo_ntcp_relative_seriality(dose, percent, 3, 40.0, 1.8, 0.06, &ntcp),
		     RADIOEMBO_EINVAL, "volume_fraction[0]");
	assert_fails(radioembo_ntcp_relative_seriality(dose, short_sum, 3, 40.0, 1.8, 0.06, &ntcp),
		     RADIOEMBO_EINVAL, "sum to 1");
	assert_fails(radioembo_ntcp_relative_seriality(dose, fraction, 3, 0.0, 1.8, 0.06, &ntcp),
		     RADIOEMBO_EINVAL, "d50_gy");
	assert_fails(radioembo_ntcp_relative_seriality(dose, fraction, 3, 40.0, -1.8, 0.06, &ntcp),
		     RADIOEMBO_EINVAL, "gamma");
	assert_fails(radioembo_ntcp_relative_seriality(dose, fraction, 3, 40.0, 1.8, 0.0, &ntcp),
		     RADIOEMBO_EINVAL, "s must");
	assert_true(ntcp == TEST_SENTINEL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_dose_response_eqdx_golden),
		TEST(test_dose_response_eqdx_generalises_eqd2),
		TEST(test_dose_response_eqdx_rejects_domain),
		TEST(test_dose_response_ntcp_logit_golden),
		TEST(test_dose_response_ntcp_logit_limits),
		TEST(test_dose_response_ntcp_logit_rejects_domain),
		TEST(test_dose_response_relative_seriality_golden),
		TEST(test_dose_response_relative_seriality_limits),
		TEST(test_dose_response_relative_seriality_rejects_domain),
	};
	return cmocka_run_group_tests_name("dose_response", tests, NULL, NULL);
}
