/*
 * bsa module: DuBois BSA, the Kennedy lung-shunt reduction and the resin BSA-method
 * activity against tests/golden, the band edges, and every error path.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "testutil.h"

static void test_bsa_dubois_golden(void **state)
{
	struct golden_table *table = golden_load("bsa_dubois.csv", 3);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double bsa = TEST_SENTINEL;

		assert_ok(radioembo_bsa_dubois_m2(golden_value(table, row, 0),
						  golden_value(table, row, 1), &bsa));
		assert_close(bsa, golden_value(table, row, 2), 1e-13);
	}
	golden_free(table);
}

static void test_bsa_dubois_uses_original_centimetre_coefficient(void **state)
{
	static const double people[][2] = {{172.5, 68.3}, {158.4, 52.7}, {187.3, 96.45}};
	size_t i;

	(void)state;
	/*
	 * 0.007184 (H in cm) is DuBois & DuBois 1916; 0.20247 (H in m) is its rounding as
	 * printed in the van Roekel thesis. Their ratio 0.007184 * 100^0.725 / 0.20247 is
	 * hand-computed 1.0000129885021898 (python3 decimal, 40 digits) for every person.
	 */
	for (i = 0; i < sizeof people / sizeof people[0]; i++) {
		double h = people[i][0], w = people[i][1], bsa = TEST_SENTINEL;

		assert_ok(radioembo_bsa_dubois_m2(h, w, &bsa));
		assert_close(bsa / (0.20247 * pow(h / 100.0, 0.725) * pow(w, 0.425)),
			     1.0000129885021898, 1e-13);
	}
}

static void test_bsa_lsf_reduction_golden(void **state)
{
	struct golden_table *table = golden_load("bsa_lsf_reduction.csv", 2);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double factor = TEST_SENTINEL;

		assert_ok(radioembo_bsa_lsf_reduction(golden_value(table, row, 0), &factor));
		assert_true(factor == golden_value(table, row, 1));
	}
	golden_free(table);
}

static void test_bsa_lsf_reduction_band_edges_are_strict(void **state)
{
	double factor = TEST_SENTINEL;

	(void)state;
	/* "exceeds" (Kennedy 2007): the edge itself keeps the milder factor, one ulp above not */
	assert_ok(radioembo_bsa_lsf_reduction(0.10, &factor));
	assert_true(factor == 1.0);
	assert_ok(radioembo_bsa_lsf_reduction(nextafter(0.10, 1.0), &factor));
	assert_true(factor == 0.8);
	assert_ok(radioembo_bsa_lsf_reduction(0.15, &factor));
	assert_true(factor == 0.8);
	assert_ok(radioembo_bsa_lsf_reduction(nextafter(0.15, 1.0), &factor));
	assert_true(factor == 0.6);
	assert_ok(radioembo_bsa_lsf_reduction(0.20, &factor));
	assert_true(factor == 0.6);
	assert_ok(radioembo_bsa_lsf_reduction(nextafter(0.20, 1.0), &factor));
	assert_true(factor == 0.0);
	assert_ok(radioembo_bsa_lsf_reduction(1.0, &factor));
	assert_true(factor == 0.0);
}

static void test_bsa_activity_golden(void **state)
{
	struct golden_table *table = golden_load("bsa_activity.csv", 6);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double activity = TEST_SENTINEL;

		assert_ok(radioembo_bsa_activity_gbq(
			golden_value(table, row, 0), golden_value(table, row, 1),
			golden_value(table, row, 2), golden_value(table, row, 3),
			golden_value(table, row, 4), &activity));
		assert_close(activity, golden_value(table, row, 5), 1e-13);
		/* "do not treat" is +0 GBq, a result and never negative */
		assert_false(signbit(activity));
	}
	golden_free(table);
}

static void test_bsa_activity_from_dubois_chain(void **state)
{
	double bsa = TEST_SENTINEL, activity = TEST_SENTINEL;

	(void)state;
	/*
	 * 172.5 cm / 68.3 kg, 385.2 ml tumour in a 1624.7 ml liver, a lobe of 62 %, LSF 12.83 %:
	 * (1.8099526763168889 - 0.2 + 385.2/1624.7) * 0.62 * 0.8 = 0.91613312990285991 GBq,
	 * hand-computed with python3 decimal (40 digits).
	 */
	assert_ok(radioembo_bsa_dubois_m2(172.5, 68.3, &bsa));
	assert_ok(radioembo_bsa_activity_gbq(bsa, 385.2, 1624.7, 0.62, 0.1283, &activity));
	assert_close(activity, 0.91613312990285991, 1e-13);
}

static void test_bsa_activity_bsa_range_edges(void **state)
{
	double activity = TEST_SENTINEL;

	(void)state;
	/* just above 0.2 m^2: 0.2001 - 0.2 = 1e-4 GBq (cancellation costs ~1e-12 relative) */
	assert_ok(radioembo_bsa_activity_gbq(0.2001, 0.0, 1000.0, 1.0, 0.0, &activity));
	assert_close(activity, 1e-4, 1e-10);
	/* just below 6 m^2 with a liver all tumour: 5.9999 - 0.2 + 1 = 6.7999 GBq */
	assert_ok(radioembo_bsa_activity_gbq(5.9999, 1000.0, 1000.0, 1.0, 0.0, &activity));
	assert_close(activity, 6.7999, 1e-13);
}

static void test_bsa_rejects_invalid_arguments(void **state)
{
	double out = TEST_SENTINEL, tiny_bsa = TEST_SENTINEL;

	(void)state;
	assert_fails(radioembo_bsa_dubois_m2(1.725, 68.3, &out), RADIOEMBO_EINVAL, "height_cm");
	assert_fails(radioembo_bsa_dubois_m2(49.99, 68.3, &out), RADIOEMBO_EINVAL, "height_cm");
	assert_fails(radioembo_bsa_dubois_m2(250.01, 68.3, &out), RADIOEMBO_EINVAL, "height_cm");
	assert_fails(radioembo_bsa_dubois_m2(INFINITY, 68.3, &out), RADIOEMBO_EINVAL,
		     "height_cm");
	assert_fails(radioembo_bsa_dubois_m2(172.5, 68300.0, &out), RADIOEMBO_EINVAL,
		     "weight_kg");
	assert_fails(radioembo_bsa_dubois_m2(172.5, 1.99, &out), RADIOEMBO_EINVAL, "weight_kg");
	assert_fails(radioembo_bsa_dubois_m2(172.5, -68.3, &out), RADIOEMBO_EINVAL, "weight_kg");
	assert_fails(radioembo_bsa_dubois_m2(172.5, -INFINITY, &out), RADIOEMBO_EINVAL,
		     "weight_kg");

	assert_fails(radioembo_bsa_lsf_reduction(-0.0437, &out), RADIOEMBO_EINVAL, "lsf");
	assert_fails(radioembo_bsa_lsf_reduction(12.83, &out), RADIOEMBO_EINVAL, "lsf");
	assert_fails(radioembo_bsa_lsf_reduction(nextafter(1.0, 2.0), &out), RADIOEMBO_EINVAL,
		     "lsf");
	assert_fails(radioembo_bsa_lsf_reduction(INFINITY, &out), RADIOEMBO_EINVAL, "lsf");

	assert_fails(radioembo_bsa_activity_gbq(0.2, 385.2, 1624.7, 1.0, 0.0437, &out),
		     RADIOEMBO_EINVAL, "bsa_m2");
	assert_fails(radioembo_bsa_activity_gbq(6.0, 385.2, 1624.7, 1.0, 0.0437, &out),
		     RADIOEMBO_EINVAL, "bsa_m2");
	assert_fails(radioembo_bsa_activity_gbq(INFINITY, 385.2, 1624.7, 1.0, 0.0437, &out),
		     RADIOEMBO_EINVAL, "bsa_m2");
	/* a DuBois BSA at the bottom of the accepted ranges is below what the method allows */
	assert_ok(radioembo_bsa_dubois_m2(50.0, 2.0, &tiny_bsa));
	assert_fails(radioembo_bsa_activity_gbq(tiny_bsa, 0.0, 150.0, 1.0, 0.0, &out),
		     RADIOEMBO_EINVAL, "bsa_m2");
	assert_fails(radioembo_bsa_activity_gbq(1.8123, -385.2, 1624.7, 1.0, 0.0437, &out),
		     RADIOEMBO_EINVAL, "tumor_volume_ml");
	assert_fails(radioembo_bsa_activity_gbq(1.8123, INFINITY, 1624.7, 1.0, 0.0437, &out),
		     RADIOEMBO_EINVAL, "tumor_volume_ml");
	assert_fails(radioembo_bsa_activity_gbq(1.8123, 385.2, 0.0, 1.0, 0.0437, &out),
		     RADIOEMBO_EINVAL, "liver_volume_ml");
	assert_fails(radioembo_bsa_activity_gbq(1.8123, 385.2, -1624.7, 1.0, 0.0437, &out),
		     RADIOEMBO_EINVAL, "liver_volume_ml");
	assert_fails(radioembo_bsa_activity_gbq(1.8123, 385.2, INFINITY, 1.0, 0.0437, &out),
		     RADIOEMBO_EINVAL, "liver_volume_ml");
	/* the liver volume includes the tumour: tumour > liver means swapped or wrong volumes */
	assert_fails(radioembo_bsa_activity_gbq(1.8123, 1624.7, 385.2, 1.0, 0.0437, &out),
		     RADIOEMBO_EINVAL, "tumor_volume_ml must not exceed liver_volume_ml");
	assert_fails(radioembo_bsa_activity_gbq(1.8123, 385.2, 1624.7, 0.0, 0.0437, &out),
		     RADIOEMBO_EINVAL, "treated_fraction");
	assert_fails(radioembo_bsa_activity_gbq(1.8123, 385.2, 1624.7, 62.0, 0.0437, &out),
		     RADIOEMBO_EINVAL, "treated_fraction");
	assert_fails(radioembo_bsa_activity_gbq(1.8123, 385.2, 1624.7, -0.62, 0.0437, &out),
		     RADIOEMBO_EINVAL, "treated_fraction");
	assert_fails(radioembo_bsa_activity_gbq(1.8123, 385.2, 1624.7, 1.0, 4.37, &out),
		     RADIOEMBO_EINVAL, "lsf");
	assert_fails(radioembo_bsa_activity_gbq(1.8123, 385.2, 1624.7, 1.0, -0.01, &out),
		     RADIOEMBO_EINVAL, "lsf");
	/* outputs are written only on success */
	assert_true(out == TEST_SENTINEL);
}

static void test_bsa_error_message_names_value(void **state)
{
	double out = TEST_SENTINEL;

	(void)state;
	assert_fails(radioembo_bsa_activity_gbq(1.8123, 385.2, 1624.7, 1.0, 1.7, &out),
		     RADIOEMBO_EINVAL, "lsf must be within [0, 1], got 1.7");
	assert_fails(radioembo_bsa_activity_gbq(0.125, 385.2, 1624.7, 1.0, 0.0437, &out),
		     RADIOEMBO_EINVAL, "bsa_m2 must be within (0.2, 6), got 0.125");
	assert_fails(radioembo_bsa_activity_gbq(1.8123, 385.2, 1624.7, 1.5, 0.0437, &out),
		     RADIOEMBO_EINVAL, "treated_fraction must be within (0, 1], got 1.5");
	assert_true(out == TEST_SENTINEL);
}

/* Both lobar rules against the hand-computed table; rule 1 is also the plain function's. */
static void test_bsa_activity_rule_golden(void **state)
{
	struct golden_table *table = golden_load("bsa_lobar_rule.csv", 7);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double kennedy = TEST_SENTINEL, offset = TEST_SENTINEL, plain = TEST_SENTINEL;
		double bsa = golden_value(table, row, 0), tumor = golden_value(table, row, 1);
		double liver = golden_value(table, row, 2), share = golden_value(table, row, 3);
		double lsf = golden_value(table, row, 4);

		assert_ok(radioembo_bsa_activity_rule_gbq(
			bsa, tumor, liver, share, lsf, RADIOEMBO_BSA_LOBAR_KENNEDY_2007, &kennedy));
		assert_ok(radioembo_bsa_activity_rule_gbq(
			bsa, tumor, liver, share, lsf, RADIOEMBO_BSA_LOBAR_OFFSET_TERM, &offset));
		assert_ok(radioembo_bsa_activity_gbq(bsa, tumor, liver, share, lsf, &plain));
		assert_close(kennedy, golden_value(table, row, 5), 1e-13);
		assert_close(offset, golden_value(table, row, 6), 1e-13);
		assert_true(plain == kennedy);
	}
	golden_free(table);
}

static void test_bsa_lobar_rule_names_and_bounds(void **state)
{
	double out = TEST_SENTINEL;

	(void)state;
	assert_string_equal(radioembo_bsa_lobar_rule_name(RADIOEMBO_BSA_LOBAR_KENNEDY_2007),
			    "kennedy_2007");
	assert_string_equal(radioembo_bsa_lobar_rule_name(RADIOEMBO_BSA_LOBAR_OFFSET_TERM),
			    "offset_term");
	assert_null(radioembo_bsa_lobar_rule_name((radioembo_bsa_lobar_rule)0));
	assert_null(radioembo_bsa_lobar_rule_name((radioembo_bsa_lobar_rule)3));
	assert_fails(radioembo_bsa_activity_rule_gbq(1.8123, 385.2, 1624.7, 0.62, 0.0437,
						     (radioembo_bsa_lobar_rule)0, &out),
		     RADIOEMBO_EINVAL,
		     "rule must be a radioembo_bsa_lobar_rule value (1..2), got 0");
	assert_fails(radioembo_bsa_activity_rule_gbq(1.8123, 385.2, 1624.7, 0.62, 0.0437,
						     (radioembo_bsa_lobar_rule)3, &out),
		     RADIOEMBO_EINVAL, "rule");
	/* the domain checks are the plain function's, for either rule */
	assert_fails(radioembo_bsa_activity_rule_gbq(0.2, 385.2, 1624.7, 0.62, 0.0437,
						     RADIOEMBO_BSA_LOBAR_OFFSET_TERM, &out),
		     RADIOEMBO_EINVAL, "bsa_m2");
	assert_fails(radioembo_bsa_activity_rule_gbq(1.8123, 1624.8, 1624.7, 0.62, 0.0437,
						     RADIOEMBO_BSA_LOBAR_OFFSET_TERM, &out),
		     RADIOEMBO_EINVAL, "tumor_volume_ml");
	assert_fails(radioembo_bsa_activity_rule_gbq(1.8123, 385.2, 1624.7, 0.0, 0.0437,
						     RADIOEMBO_BSA_LOBAR_OFFSET_TERM, &out),
		     RADIOEMBO_EINVAL, "treated_fraction");
	assert_fails(radioembo_bsa_activity_rule_gbq(1.8123, 385.2, 1624.7, 0.62, 1.0437,
						     RADIOEMBO_BSA_LOBAR_OFFSET_TERM, &out),
		     RADIOEMBO_EINVAL, "lsf");
	assert_true(out == TEST_SENTINEL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_bsa_dubois_golden),
		TEST(test_bsa_dubois_uses_original_centimetre_coefficient),
		TEST(test_bsa_lsf_reduction_golden),
		TEST(test_bsa_lsf_reduction_band_edges_are_strict),
		TEST(test_bsa_activity_golden),
		TEST(test_bsa_activity_rule_golden),
		TEST(test_bsa_lobar_rule_names_and_bounds),
		TEST(test_bsa_activity_from_dubois_chain),
		TEST(test_bsa_activity_bsa_range_edges),
		TEST(test_bsa_rejects_invalid_arguments),
		TEST(test_bsa_error_message_names_value),
	};
	return cmocka_run_group_tests_name("bsa", tests, NULL, NULL);
}
