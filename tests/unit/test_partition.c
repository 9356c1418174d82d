/*
 * partition module (Ho et al. 1996): golden TNR, doses, target activities and maximum
 * activities from tests/golden, conservation of activity, round trips (the target lesion
 * and the limiting organ land exactly on their dose), and every error path.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "testutil.h"

#define MAX_LESIONS 3

/* Lesion columns of a golden row: n, then (mass, tnr) pairs from column `first`. */
struct lesions {
	size_t n;
	double mass_kg[MAX_LESIONS];
	double tnr[MAX_LESIONS];
};

static struct lesions lesions_from_row(const struct golden_table *table, size_t row,
				       size_t n_column, size_t first)
{
	struct lesions lesions;
	size_t i;

	lesions.n = (size_t)golden_value(table, row, n_column);
	assert_true(lesions.n <= MAX_LESIONS);
	for (i = 0; i < MAX_LESIONS; i++) {
		lesions.mass_kg[i] = golden_value(table, row, first + 2 * i);
		lesions.tnr[i] = golden_value(table, row, first + 2 * i + 1);
	}
	return lesions;
}

/* Three lesions used by the property tests (the partition.csv three-lesion case). */
static const double three_mass_kg[] = { 0.0712, 0.2387, 0.0154 };
static const double three_tnr[] = { 4.35, 2.16, 6.82 };

static void test_partition_tnr_from_counts_golden(void **state)
{
	struct golden_table *table = golden_load("tnr.csv", 5);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double tnr = TEST_SENTINEL;
		assert_ok(radioembo_tnr_from_counts(golden_value(table, row, 0),
						    golden_value(table, row, 1),
						    golden_value(table, row, 2),
						    golden_value(table, row, 3), &tnr));
		assert_close(tnr, golden_value(table, row, 4), 1e-15);
	}
	golden_free(table);
}

/* TNR per mass with unequal densities (tnr_density.csv, hand-computed). */
static void test_partition_tnr_from_counts_density_golden(void **state)
{
	struct golden_table *table = golden_load("tnr_density.csv", 7);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double tnr = TEST_SENTINEL;
		assert_ok(radioembo_tnr_from_counts_density(
			golden_value(table, row, 0), golden_value(table, row, 1),
			golden_value(table, row, 2), golden_value(table, row, 3),
			golden_value(table, row, 4), golden_value(table, row, 5), &tnr));
		assert_close(tnr, golden_value(table, row, 6), 1e-15);
	}
	golden_free(table);
}

static void test_partition_doses_golden(void **state)
{
	struct golden_table *table = golden_load("partition.csv", 17);
	size_t row, i;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		struct lesions les = lesions_from_row(table, row, 0, 4);
		double tumor[MAX_LESIONS] = { TEST_SENTINEL, TEST_SENTINEL, TEST_SENTINEL };
		double normal = TEST_SENTINEL, lung = TEST_SENTINEL;

		assert_ok(radioembo_partition_doses(
			golden_value(table, row, 1), golden_value(table, row, 2),
			golden_value(table, row, 3), les.mass_kg, les.tnr, les.n,
			golden_value(table, row, 10), golden_value(table, row, 11), tumor, &normal,
			&lung));
		for (i = 0; i < les.n; i++)
			assert_close(tumor[i], golden_value(table, row, 12 + i), 1e-14);
		/* nothing is written past n_tumors */
		for (; i < MAX_LESIONS; i++)
			assert_true(tumor[i] == TEST_SENTINEL);
		assert_close(normal, golden_value(table, row, 15), 1e-14);
		assert_close(lung, golden_value(table, row, 16), 1e-14);
	}
	golden_free(table);
}

static void test_partition_doses_conserve_activity(void **state)
{
	const double activity = 2.648, lsf = 0.0893, factor = 49.67, normal_kg = 1.2693;
	const double lung_kg = 0.9127;
	double tumor[3], normal = TEST_SENTINEL, lung = TEST_SENTINEL, total;
	size_t i;

	(void)state;
	assert_ok(radioembo_partition_doses(activity, lsf, factor, three_mass_kg, three_tnr, 3,
					    normal_kg, lung_kg, tumor, &normal, &lung));
	/* A_Ti + A_N + A_L = A with A_X = D_X m_X / F (radioembo-sources(7) PARTITION) */
	total = normal * normal_kg / factor + lung * lung_kg / factor;
	for (i = 0; i < 3; i++)
		total += tumor[i] * three_mass_kg[i] / factor;
	assert_close(total, activity, 1e-14);
	/* the lesions' doses stand in the ratio of their TNRs */
	assert_close(tumor[2] / tumor[1], 6.82 / 2.16, 1e-14);
}

static void test_partition_without_lesions_is_single_compartment(void **state)
{
	double normal = TEST_SENTINEL, lung = TEST_SENTINEL, mird = TEST_SENTINEL;
	double activity = TEST_SENTINEL, max = TEST_SENTINEL;
	radioembo_limiting_organ limiting = RADIOEMBO_LIMIT_NONE;

	(void)state;
	/* arrays and the tumour output may be NULL when n_tumors is 0 */
	assert_ok(radioembo_partition_doses(1.482, 0.0416, 49.67, NULL, NULL, 0, 0.8231, 1.0,
					    NULL, &normal, &lung));
	assert_ok(radioembo_mird_dose_gy(1.482, 0.8231, 0.0416, 0.0, 49.67, &mird));
	assert_close(normal, mird, 1e-15);
	assert_ok(radioembo_partition_max_activity_gbq(80.0, 30.0, 0.0416, 49.67, NULL, NULL, 0,
						       0.8231, 1.0, &max, &limiting));
	assert_ok(radioembo_mird_activity_gbq(80.0, 0.8231, 0.0416, 0.0, 49.67, &activity));
	assert_close(max, activity, 1e-15);
	assert_int_equal(limiting, RADIOEMBO_LIMIT_NORMAL_LIVER);
}

static void test_partition_activity_for_tumor_dose_golden(void **state)
{
	struct golden_table *table = golden_load("partition_activity.csv", 13);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		struct lesions les = lesions_from_row(table, row, 4, 5);
		double activity = TEST_SENTINEL;

		assert_ok(radioembo_partition_activity_for_tumor_dose_gbq(
			golden_value(table, row, 0), (size_t)golden_value(table, row, 1),
			golden_value(table, row, 2), golden_value(table, row, 3), les.mass_kg,
			les.tnr, les.n, golden_value(table, row, 11), &activity));
		assert_close(activity, golden_value(table, row, 12), 1e-14);
	}
	golden_free(table);
}

static void test_partition_activity_gives_target_its_dose(void **state)
{
	static const double targets[] = { 205.0, 120.0, 412.5, 88.3 };
	static const double shunts[] = { 0.0, 0.0893, 0.1574 };
	size_t t, s, index;

	(void)state;
	for (t = 0; t < sizeof targets / sizeof targets[0]; t++)
		for (s = 0; s < sizeof shunts / sizeof shunts[0]; s++)
			for (index = 0; index < 3; index++) {
				double activity = TEST_SENTINEL, tumor[3], normal, lung;
				assert_ok(radioembo_partition_activity_for_tumor_dose_gbq(
					targets[t], index, shunts[s], 50.0, three_mass_kg,
					three_tnr, 3, 1.2693, &activity));
				assert_ok(radioembo_partition_doses(activity, shunts[s], 50.0,
								    three_mass_kg, three_tnr, 3,
								    1.2693, 1.0, tumor, &normal,
								    &lung));
				assert_close(tumor[index], targets[t], 1e-14);
			}
}

static void test_partition_max_activity_golden(void **state)
{
	struct golden_table *table = golden_load("partition_max.csv", 15);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		struct lesions les = lesions_from_row(table, row, 4, 5);
		double activity = TEST_SENTINEL;
		radioembo_limiting_organ limiting = RADIOEMBO_LIMIT_NONE;

		assert_ok(radioembo_partition_max_activity_gbq(
			golden_value(table, row, 0), golden_value(table, row, 1),
			golden_value(table, row, 2), golden_value(table, row, 3), les.mass_kg,
			les.tnr, les.n, golden_value(table, row, 11), golden_value(table, row, 12),
			&activity, &limiting));
		assert_close(activity, golden_value(table, row, 13), 1e-14);
		assert_int_equal(limiting, (int)golden_value(table, row, 14));
	}
	golden_free(table);
}

/* At the maximum activity the limiting organ sits on its limit and the other under it. */
static void check_limits_at_maximum(double normal_limit, double lung_limit, double lsf,
				    double factor, double lung_kg,
				    radioembo_limiting_organ expected)
{
	double activity = TEST_SENTINEL, tumor[3], normal = TEST_SENTINEL, lung = TEST_SENTINEL;
	radioembo_limiting_organ limiting = RADIOEMBO_LIMIT_NONE;

	assert_ok(radioembo_partition_max_activity_gbq(normal_limit, lung_limit, lsf, factor,
						       three_mass_kg, three_tnr, 3, 1.2693, lung_kg,
						       &activity, &limiting));
	assert_int_equal(limiting, expected);
	assert_ok(radioembo_partition_doses(activity, lsf, factor, three_mass_kg, three_tnr, 3,
					    1.2693, lung_kg, tumor, &normal, &lung));
	if (expected == RADIOEMBO_LIMIT_NORMAL_LIVER) {
		assert_close(normal, normal_limit, 1e-14);
		assert_true(lung <= lung_limit);
	} else {
		assert_close(lung, lung_limit, 1e-14);
		assert_true(normal <= normal_limit);
	}
}

static void test_partition_max_activity_puts_limiting_organ_at_limit(void **state)
{
	(void)state;
	check_limits_at_maximum(70.0, 25.0, 0.0893, 50.0, 1.0, RADIOEMBO_LIMIT_NORMAL_LIVER);
	check_limits_at_maximum(70.0, 25.0, 0.1574, 49.67, 0.9127, RADIOEMBO_LIMIT_LUNG);
	check_limits_at_maximum(120.0, 30.0, 0.0, 49.67, 1.0, RADIOEMBO_LIMIT_NORMAL_LIVER);
	check_limits_at_maximum(INFINITY, 30.0, 0.0612, 50.0, 1.0, RADIOEMBO_LIMIT_LUNG);
	check_limits_at_maximum(40.0, INFINITY, 0.2215, 50.0, 1.0, RADIOEMBO_LIMIT_NORMAL_LIVER);
}

static void test_partition_max_activity_tie_goes_to_normal_liver(void **state)
{
	double activity = TEST_SENTINEL;
	radioembo_limiting_organ limiting = RADIOEMBO_LIMIT_NONE;
	const double mass = 1.0, tnr = 1.0;

	(void)state;
	/*
	 * S = 1 * 1 + 1 = 2 kg; normal term 37.5 * 2 / (50 * 0.75) = 2 GBq, lung term
	 * 25 * 1 / (50 * 0.25) = 2 GBq: exact in binary, so a genuine tie.
	 */
	assert_ok(radioembo_partition_max_activity_gbq(37.5, 25.0, 0.25, 50.0, &mass, &tnr, 1,
						       1.0, 1.0, &activity, &limiting));
	assert_true(activity == 2.0);
	assert_int_equal(limiting, RADIOEMBO_LIMIT_NORMAL_LIVER);
}

static void test_partition_max_activity_skips_overflowing_term(void **state)
{
	double activity = TEST_SENTINEL;
	radioembo_limiting_organ limiting = RADIOEMBO_LIMIT_NONE;

	(void)state;
	/* the normal-liver term overflows, so it is larger than the finite lung term */
	assert_ok(radioembo_partition_max_activity_gbq(1e300, 30.0, 0.0612, 50.0, three_mass_kg,
						       three_tnr, 3, 1e10, 1.0, &activity,
						       &limiting));
	assert_int_equal(limiting, RADIOEMBO_LIMIT_LUNG);
	/* hand-computed 30 * 1 / (50 * 0.0612) = 9.803921568627451 */
	assert_close(activity, 9.803921568627451, 1e-14);
}

static void test_partition_rejects_invalid_arguments(void **state)
{
	const double bad_tnr[] = { 4.35, -2.0, 6.82 };
	const double bad_mass[] = { 0.0712, 0.2387, 0.0 };
	double tumor[3] = { TEST_SENTINEL, TEST_SENTINEL, TEST_SENTINEL };
	double out = TEST_SENTINEL, normal = TEST_SENTINEL, lung = TEST_SENTINEL;
	radioembo_limiting_organ limiting = RADIOEMBO_LIMIT_NONE;
	size_t i;

	(void)state;
	assert_fails(radioembo_tnr_from_counts(0.0, 48.27, 5.5e5, 1287.4, &out), RADIOEMBO_EINVAL,
		     "tumor_counts");
	assert_fails(radioembo_tnr_from_counts(1.8e5, 0.0, 5.5e5, 1287.4, &out), RADIOEMBO_EINVAL,
		     "tumor_volume_ml");
	assert_fails(radioembo_tnr_from_counts(1.8e5, 48.27, -5.5e5, 1287.4, &out),
		     RADIOEMBO_EINVAL, "normal_counts");
	assert_fails(radioembo_tnr_from_counts(1.8e5, 48.27, 0.0, 1287.4, &out),
		     RADIOEMBO_EINVAL, "normal_counts");
	assert_fails(radioembo_tnr_from_counts(1.8e5, 48.27, 5.5e5, INFINITY, &out),
		     RADIOEMBO_EINVAL, "normal_volume_ml");
	/* densities are tissue densities, within (0, 25] g/mL */
	assert_fails(
		radioembo_tnr_from_counts_density(1.8e5, 48.27, 0.0, 5.5e5, 1287.4, 1.04, &out),
		RADIOEMBO_EINVAL, "tumor_density_g_per_ml");
	assert_fails(
		radioembo_tnr_from_counts_density(1.8e5, 48.27, 1.07, 5.5e5, 1287.4, 25.3, &out),
		RADIOEMBO_EINVAL, "normal_density_g_per_ml");
	assert_fails(
		radioembo_tnr_from_counts_density(-1.8e5, 48.27, 1.07, 5.5e5, 1287.4, 1.04, &out),
		RADIOEMBO_EINVAL, "tumor_counts");
	assert_fails(
		radioembo_tnr_from_counts_density(1.8e5, 48.27, 1.07, 5.5e5, -1287.4, 1.04, &out),
		RADIOEMBO_EINVAL, "normal_volume_ml");

#define DOSES(a, l, f, m, t, n, mn, ml, to, no, lo) \
	radioembo_partition_doses((a), (l), (f), (m), (t), (n), (mn), (ml), (to), (no), (lo))
	assert_fails(DOSES(-2.6, 0.09, 50.0, three_mass_kg, three_tnr, 3, 1.27, 1.0, tumor,
			   &normal, &lung),
		     RADIOEMBO_EINVAL, "activity_gbq");
	assert_fails(DOSES(NAN, 0.09, 50.0, three_mass_kg, three_tnr, 3, 1.27, 1.0, tumor,
			   &normal, &lung),
		     RADIOEMBO_EINVAL, "activity_gbq");
	assert_fails(DOSES(2.6, 1.0, 50.0, three_mass_kg, three_tnr, 3, 1.27, 1.0, tumor, &normal,
			   &lung),
		     RADIOEMBO_EINVAL, "lsf");
	assert_fails(DOSES(2.6, 0.09, 0.0, three_mass_kg, three_tnr, 3, 1.27, 1.0, tumor, &normal,
			   &lung),
		     RADIOEMBO_EINVAL, "dose_factor");
	assert_fails(DOSES(2.6, 0.09, 50.0, NULL, three_tnr, 3, 1.27, 1.0, tumor, &normal, &lung),
		     RADIOEMBO_EINVAL, "tumor_mass_kg must not be NULL");
	assert_fails(DOSES(2.6, 0.09, 50.0, three_mass_kg, NULL, 3, 1.27, 1.0, tumor, &normal,
			   &lung),
		     RADIOEMBO_EINVAL, "tnr must not be NULL");
	assert_fails(DOSES(2.6, 0.09, 50.0, three_mass_kg, bad_tnr, 3, 1.27, 1.0, tumor, &normal,
			   &lung),
		     RADIOEMBO_EINVAL, "tnr[1] must be finite and > 0, got -2");
	assert_fails(DOSES(2.6, 0.09, 50.0, bad_mass, three_tnr, 3, 1.27, 1.0, tumor, &normal,
			   &lung),
		     RADIOEMBO_EINVAL, "tumor_mass_kg[2] must be finite and > 0, got 0");
	assert_fails(DOSES(2.6, 0.09, 50.0, three_mass_kg, three_tnr, 3, 0.0, 1.0, tumor, &normal,
			   &lung),
		     RADIOEMBO_EINVAL, "normal_mass_kg");
	assert_fails(DOSES(2.6, 0.09, 50.0, three_mass_kg, three_tnr, 3, 1.27, NAN, tumor, &normal,
			   &lung),
		     RADIOEMBO_EINVAL, "lung_mass_kg");
	assert_fails(DOSES(2.6, 0.09, 50.0, three_mass_kg, three_tnr, 3, 1.27, 1.0, NULL, &normal,
			   &lung),
		     RADIOEMBO_EINVAL, "tumor_dose_gy_out");
	assert_fails(DOSES(2.6, 0.09, 50.0, three_mass_kg, three_tnr, 3, 1.27, 1.0, tumor, NULL,
			   &lung),
		     RADIOEMBO_EINVAL, "normal_dose_gy_out");
	assert_fails(DOSES(2.6, 0.09, 50.0, three_mass_kg, three_tnr, 3, 1.27, 1.0, tumor,
			   &normal, NULL),
		     RADIOEMBO_EINVAL, "lung_dose_gy_out");
#undef DOSES

	assert_fails(radioembo_partition_activity_for_tumor_dose_gbq(
			     -205.0, 0, 0.09, 50.0, three_mass_kg, three_tnr, 3, 1.27, &out),
		     RADIOEMBO_EINVAL, "tumor_dose_gy");
	assert_fails(radioembo_partition_activity_for_tumor_dose_gbq(
			     INFINITY, 0, 0.09, 50.0, three_mass_kg, three_tnr, 3, 1.27, &out),
		     RADIOEMBO_EINVAL, "tumor_dose_gy");
	assert_fails(radioembo_partition_activity_for_tumor_dose_gbq(
			     205.0, 3, 0.09, 50.0, three_mass_kg, three_tnr, 3, 1.27, &out),
		     RADIOEMBO_EINVAL, "target_index must be < n_tumors (3), got 3");
	assert_fails(radioembo_partition_activity_for_tumor_dose_gbq(205.0, 0, 0.09, 50.0, NULL,
								     NULL, 0, 1.27, &out),
		     RADIOEMBO_EINVAL, "target_index");
	assert_fails(radioembo_partition_activity_for_tumor_dose_gbq(
			     205.0, 0, -0.09, 50.0, three_mass_kg, three_tnr, 3, 1.27, &out),
		     RADIOEMBO_EINVAL, "lsf");
	assert_fails(radioembo_partition_activity_for_tumor_dose_gbq(
			     205.0, 0, 0.09, 50.0, three_mass_kg, bad_tnr, 3, 1.27, &out),
		     RADIOEMBO_EINVAL, "tnr[1]");
	assert_fails(radioembo_partition_activity_for_tumor_dose_gbq(
			     205.0, 0, 0.09, 50.0, three_mass_kg, three_tnr, 3, -1.27, &out),
		     RADIOEMBO_EINVAL, "normal_mass_kg");

#define MAXA(nl, ll, l, f, m, t, n, mn, ml, ao, lo) \
	radioembo_partition_max_activity_gbq((nl), (ll), (l), (f), (m), (t), (n), (mn), (ml), \
					     (ao), (lo))
	assert_fails(MAXA(0.0, 30.0, 0.09, 50.0, three_mass_kg, three_tnr, 3, 1.27, 1.0, &out,
			  &limiting),
		     RADIOEMBO_EINVAL, "normal_limit_gy");
	assert_fails(MAXA(NAN, 30.0, 0.09, 50.0, three_mass_kg, three_tnr, 3, 1.27, 1.0, &out,
			  &limiting),
		     RADIOEMBO_EINVAL, "normal_limit_gy");
	assert_fails(MAXA(-INFINITY, 30.0, 0.09, 50.0, three_mass_kg, three_tnr, 3, 1.27, 1.0,
			  &out, &limiting),
		     RADIOEMBO_EINVAL, "normal_limit_gy");
	assert_fails(MAXA(120.0, -30.0, 0.09, 50.0, three_mass_kg, three_tnr, 3, 1.27, 1.0, &out,
			  &limiting),
		     RADIOEMBO_EINVAL, "lung_limit_gy");
	assert_fails(MAXA(120.0, NAN, 0.09, 50.0, three_mass_kg, three_tnr, 3, 1.27, 1.0, &out,
			  &limiting),
		     RADIOEMBO_EINVAL, "lung_limit_gy");
	assert_fails(MAXA(120.0, 30.0, 1.0, 50.0, three_mass_kg, three_tnr, 3, 1.27, 1.0, &out,
			  &limiting),
		     RADIOEMBO_EINVAL, "lsf");
	assert_fails(MAXA(120.0, 30.0, 0.09, -50.0, three_mass_kg, three_tnr, 3, 1.27, 1.0, &out,
			  &limiting),
		     RADIOEMBO_EINVAL, "dose_factor");
	assert_fails(MAXA(120.0, 30.0, 0.09, 50.0, three_mass_kg, NULL, 3, 1.27, 1.0, &out,
			  &limiting),
		     RADIOEMBO_EINVAL, "tnr");
	assert_fails(MAXA(120.0, 30.0, 0.09, 50.0, bad_mass, three_tnr, 3, 1.27, 1.0, &out,
			  &limiting),
		     RADIOEMBO_EINVAL, "tumor_mass_kg[2]");
	assert_fails(MAXA(120.0, 30.0, 0.09, 50.0, three_mass_kg, three_tnr, 3, INFINITY, 1.0,
			  &out, &limiting),
		     RADIOEMBO_EINVAL, "normal_mass_kg");
	/* the lung mass is checked even when the lung limit is not applied */
	assert_fails(MAXA(120.0, INFINITY, 0.09, 50.0, three_mass_kg, three_tnr, 3, 1.27, 0.0,
			  &out, &limiting),
		     RADIOEMBO_EINVAL, "lung_mass_kg");
	assert_fails(MAXA(120.0, 30.0, 0.09, 50.0, three_mass_kg, three_tnr, 3, 1.27, 1.0, NULL,
			  &limiting),
		     RADIOEMBO_EINVAL, "activity_gbq_out");
	assert_fails(MAXA(120.0, 30.0, 0.09, 50.0, three_mass_kg, three_tnr, 3, 1.27, 1.0, &out,
			  NULL),
		     RADIOEMBO_EINVAL, "limiting_out");
#undef MAXA

	assert_true(out == TEST_SENTINEL);
	assert_true(normal == TEST_SENTINEL && lung == TEST_SENTINEL);
	for (i = 0; i < 3; i++)
		assert_true(tumor[i] == TEST_SENTINEL);
	assert_int_equal(limiting, RADIOEMBO_LIMIT_NONE);
}

static void test_partition_reports_unrepresentable_results_as_erange(void **state)
{
	/* lesion 2: TNR 1e307 on 1e-307 kg keeps S small but its dose overflows */
	const double huge_tnr[] = { 4.35, 2.16, 1e307 };
	const double tiny_mass[] = { 0.0712, 0.2387, 1e-307 };
	const double heavy_tnr[] = { 4.35, 1e300, 6.82 };
	const double heavy_mass[] = { 0.0712, 1e10, 0.0154 };
	const double faint_tnr[] = { 1e-300, 2.16, 6.82 };
	double tumor[3] = { TEST_SENTINEL, TEST_SENTINEL, TEST_SENTINEL };
	double out = TEST_SENTINEL, normal = TEST_SENTINEL, lung = TEST_SENTINEL;
	radioembo_limiting_organ limiting = RADIOEMBO_LIMIT_NONE;
	size_t i;

	(void)state;
	assert_fails(radioembo_tnr_from_counts(1e300, 1e-10, 1e-300, 1.0, &out), RADIOEMBO_ERANGE,
		     "tnr");
	assert_fails(radioembo_tnr_from_counts(1e-300, 1e10, 1e300, 1.0, &out), RADIOEMBO_ERANGE,
		     "tnr underflows");
	assert_fails(radioembo_tnr_from_counts_density(1e300, 1e-10, 0.5, 1e-300, 1.0, 2.0, &out),
		     RADIOEMBO_ERANGE, "tnr");
	assert_fails(radioembo_tnr_from_counts_density(1e-300, 1e10, 2.0, 1e300, 1.0, 0.5, &out),
		     RADIOEMBO_ERANGE, "tnr underflows");
	assert_true(out == TEST_SENTINEL);

	/* the first lesions are fine: none of the array may be written */
	assert_fails(radioembo_partition_doses(2.648, 0.0893, 50.0, tiny_mass, huge_tnr, 3, 1.2693,
					       1.0, tumor, &normal, &lung),
		     RADIOEMBO_ERANGE, "tumor_dose_gy_out[2]");
	assert_fails(radioembo_partition_doses(2.648, 0.0893, 50.0, heavy_mass, heavy_tnr, 3,
					       1.2693, 1.0, tumor, &normal, &lung),
		     RADIOEMBO_ERANGE, "partition mass sum S");
	assert_fails(radioembo_partition_doses(1e308, 0.0893, 50.0, three_mass_kg, three_tnr, 3,
					       1.2693, 1.0, tumor, &normal, &lung),
		     RADIOEMBO_ERANGE, "normal liver dose");
	assert_fails(radioembo_partition_doses(2.648, 0.0893, 50.0, three_mass_kg, three_tnr, 3,
					       1.2693, 1e-310, tumor, &normal, &lung),
		     RADIOEMBO_ERANGE, "lung dose");

	assert_fails(radioembo_partition_activity_for_tumor_dose_gbq(
			     1e300, 0, 0.09, 50.0, three_mass_kg, faint_tnr, 3, 1.27, &out),
		     RADIOEMBO_ERANGE, "activity");
	assert_fails(radioembo_partition_activity_for_tumor_dose_gbq(
			     205.0, 0, 0.09, 50.0, heavy_mass, heavy_tnr, 3, 1.27, &out),
		     RADIOEMBO_ERANGE, "partition mass sum S");

	/* no finite limit binds */
	assert_fails(radioembo_partition_max_activity_gbq(INFINITY, INFINITY, 0.09, 50.0,
							  three_mass_kg, three_tnr, 3, 1.27, 1.0,
							  &out, &limiting),
		     RADIOEMBO_ERANGE, "no finite limit");
	assert_fails(radioembo_partition_max_activity_gbq(INFINITY, 30.0, 0.0, 50.0,
							  three_mass_kg, three_tnr, 3, 1.27, 1.0,
							  &out, &limiting),
		     RADIOEMBO_ERANGE, "no finite limit");
	/* both terms overflow */
	assert_fails(radioembo_partition_max_activity_gbq(1e300, 1e300, 0.09, 50.0, three_mass_kg,
							  three_tnr, 3, 1e10, 1e10, &out,
							  &limiting),
		     RADIOEMBO_ERANGE, "maximum activity");
	assert_fails(radioembo_partition_max_activity_gbq(120.0, 30.0, 0.09, 50.0, heavy_mass,
							  heavy_tnr, 3, 1.27, 1.0, &out,
							  &limiting),
		     RADIOEMBO_ERANGE, "partition mass sum S");

	assert_true(out == TEST_SENTINEL);
	assert_true(normal == TEST_SENTINEL && lung == TEST_SENTINEL);
	for (i = 0; i < 3; i++)
		assert_true(tumor[i] == TEST_SENTINEL);
	assert_int_equal(limiting, RADIOEMBO_LIMIT_NONE);
}

static void test_partition_limiting_organ_names(void **state)
{
	(void)state;
	assert_string_equal(radioembo_limiting_organ_name(RADIOEMBO_LIMIT_NORMAL_LIVER),
			    "normal_liver");
	assert_string_equal(radioembo_limiting_organ_name(RADIOEMBO_LIMIT_LUNG), "lung");
	assert_null(radioembo_limiting_organ_name(RADIOEMBO_LIMIT_NONE));
	assert_null(radioembo_limiting_organ_name((radioembo_limiting_organ)3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_partition_tnr_from_counts_golden),
		TEST(test_partition_tnr_from_counts_density_golden),
		TEST(test_partition_doses_golden),
		TEST(test_partition_doses_conserve_activity),
		TEST(test_partition_without_lesions_is_single_compartment),
		TEST(test_partition_activity_for_tumor_dose_golden),
		TEST(test_partition_activity_gives_target_its_dose),
		TEST(test_partition_max_activity_golden),
		TEST(test_partition_max_activity_puts_limiting_organ_at_limit),
		TEST(test_partition_max_activity_tie_goes_to_normal_liver),
		TEST(test_partition_max_activity_skips_overflowing_term),
		TEST(test_partition_rejects_invalid_arguments),
		TEST(test_partition_reports_unrepresentable_results_as_erange),
		TEST(test_partition_limiting_organ_names),
	};
	return cmocka_run_group_tests_name("partition", tests, NULL, NULL);
}
