/*
 * Per-structure voxel metrics (lib/voxel/structure.c, lib/voxel/method.c): EQD2 maps, the
 * EUBED of a structure, per-structure mean-dose agreement of two maps, the dose method
 * the library states for a nuclide, and density-scaled kernels. Expected values are
 * hand-computed with python3 decimal (40 digits) in tests/golden/voxel_eqd2.csv,
 * voxel_eubed.csv, voxel_mean_agreement.csv and voxel_kernel_density.csv (each row names
 * its formula and source); every error code of every function is provoked.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "alloc_failure.h" /* first: it replaces the library's allocator */

#include <math.h>
#include <string.h>

#include "testutil.h"

/* Float voxels: a double result rounded to float twice (BED, then EQD2). */
#define FLOAT_TOL 3e-7

static char sentinel_storage;
#define SENTINEL_VOLUME ((radioembo_volume *)(void *)&sentinel_storage)

static radioembo_volume *volume_of(const float *data, size_t nx, size_t ny, size_t nz,
				   double sx, double sy, double sz)
{
	radioembo_volume *v = NULL;

	/* through the mutable data: new_from_data() refuses the NaN some tests need */
	assert_ok(radioembo_volume_new(nx, ny, nz, sx, sy, sz, &v));
	memcpy(radioembo_volume_data_mutable(v), data, nx * ny * nz * sizeof *data);
	return v;
}

static double voxel(const radioembo_volume *v, size_t x, size_t y, size_t z)
{
	double value = TEST_SENTINEL;

	assert_ok(radioembo_volume_get_voxel(v, x, y, z, &value));
	return value;
}

static void test_voxel_structure_eqd2_golden(void **state)
{
	struct golden_table *table = golden_load("voxel_eqd2.csv", 5);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		const float dose = (float)golden_value(table, row, 0);
		radioembo_volume *d = volume_of(&dose, 1, 1, 1, 4.42, 4.42, 5.15), *eqd2 = NULL;
		double expected = golden_value(table, row, 4);

		assert_ok(radioembo_voxel_eqd2(d, golden_value(table, row, 1),
					       golden_value(table, row, 2),
					       golden_value(table, row, 3), &eqd2));
		if (expected == 0.0)
			assert_true(voxel(eqd2, 0, 0, 0) == 0.0);
		else
			assert_close(voxel(eqd2, 0, 0, 0), expected, FLOAT_TOL);
		radioembo_volume_free(eqd2);
		radioembo_volume_free(d);
	}
	golden_free(table);
}

/* A map: every voxel the scalar chain bed_gy -> eqd2_gy, on the dose map's grid and origin. */
static void test_voxel_structure_eqd2_map_matches_the_scalar_chain(void **state)
{
	const float doses[6] = {0.0f, 12.5f, 37.875f, 98.25f, 143.75f, 411.625f};
	radioembo_volume *d = volume_of(doses, 3, 2, 1, 2.21, 3.3, 4.42), *eqd2 = NULL;
	double ox = 0, oy = 0, oz = 0, sx = 0, sy = 0, sz = 0;
	size_t i;

	(void)state;
	assert_ok(radioembo_volume_set_origin_mm(d, -12.5, 7.75, 101.0));
	assert_ok(radioembo_voxel_eqd2(d, 10.0, 1.5, 26.8, &eqd2));
	assert_ok(radioembo_volume_get_origin_mm(eqd2, &ox, &oy, &oz));
	assert_ok(radioembo_volume_get_spacing_mm(eqd2, &sx, &sy, &sz));
	assert_close(ox, -12.5, 0.0);
	assert_close(oz, 101.0, 0.0);
	assert_close(sy, 3.3, 0.0);
	for (i = 0; i < 6; i++) {
		double bed = 0, expected = 0;

		assert_ok(radioembo_bed_gy(doses[i], 10.0, 1.5, 26.8, &bed));
		assert_ok(radioembo_eqd2_gy(bed, 10.0, &expected));
		if (expected == 0.0)
			assert_true(voxel(eqd2, i % 3, i / 3, 0) == 0.0);
		else
			assert_close(voxel(eqd2, i % 3, i / 3, 0), expected, FLOAT_TOL);
	}
	radioembo_volume_free(eqd2);
	radioembo_volume_free(d);
}

static void test_voxel_structure_eqd2_rejects_invalid_arguments(void **state)
{
	const float ok[2] = {12.5f, 37.875f};
	const float nan[2] = {12.5f, NAN}, huge[2] = {12.5f, 3e38f};
	radioembo_volume *d = volume_of(ok, 2, 1, 1, 4, 4, 4);
	radioembo_volume *n = volume_of(nan, 2, 1, 1, 4, 4, 4), *h = volume_of(huge, 2, 1, 1, 4,
									       4, 4);
	radioembo_volume *out = SENTINEL_VOLUME;

	(void)state;
	assert_fails(radioembo_voxel_eqd2(d, 0.0, 1.5, 64.1, &out), RADIOEMBO_EINVAL,
		     "alpha_beta_gy");
	assert_fails(radioembo_voxel_eqd2(d, 2.5, 1.5, -64.1, &out), RADIOEMBO_EINVAL,
		     "half_life_h");
	assert_fails(radioembo_voxel_eqd2(n, 2.5, 1.5, 64.1, &out), RADIOEMBO_EINVAL,
		     "dose_gy voxel 1");
	/* BED of 3e38 Gy at alpha/beta 2.5 is far beyond a float */
	assert_fails(radioembo_voxel_eqd2(h, 2.5, 1.5, 64.1, &out), RADIOEMBO_ERANGE,
		     "not representable");
	assert_ptr_equal(out, SENTINEL_VOLUME);
	radioembo_volume_free(d);
	radioembo_volume_free(n);
	radioembo_volume_free(h);
}

/*
 * A 3 x 3 x 1 map whose structure 2 is four voxels with label values 2, 1.5, 2.49 and 2
 * (all round to 2) and doses 12.5, 87.25, 143.75, 205.5 Gy (tests/golden/voxel_eubed.csv);
 * around them label 0 (a negative dose, ignored), label 1 (1.49) and label 3 (2.5 rounds
 * up: one voxel of 300 Gy), and -1.
 */
static const float eubed_doses[9] = {12.5f, 999.0f, 87.25f, -4.0f, 143.75f, 5.0f,
				     205.5f, 300.0f, 17.0f};
static const float eubed_labels[9] = {2.0f, 0.0f, 1.5f, 0.0f, 2.49f, 1.49f,
				      2.0f, 2.5f, -1.0f};

static void test_voxel_structure_eubed_golden(void **state)
{
	struct golden_table *table = golden_load("voxel_eubed.csv", 5);
	radioembo_volume *d = volume_of(eubed_doses, 3, 3, 1, 4.42, 4.42, 4.42);
	radioembo_volume *l = volume_of(eubed_labels, 3, 3, 1, 4.42, 4.42, 4.42);
	const double structure[4] = {12.5, 87.25, 143.75, 205.5};
	const double quarter[4] = {0.25, 0.25, 0.25, 0.25};
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double a = golden_value(table, row, 0), ab = golden_value(table, row, 1);
		double tr = golden_value(table, row, 2), tp = golden_value(table, row, 3);
		double eubed = TEST_SENTINEL, reference = TEST_SENTINEL;

		assert_ok(radioembo_voxel_eubed_gy(d, l, 2, a, ab, tr, tp, &eubed));
		assert_close(eubed, golden_value(table, row, 4), 1e-12);
		/* the same as the array form with equal volume fractions */
		assert_ok(radioembo_eubed_gy(structure, quarter, 4, a, ab, tr, tp, &reference));
		assert_close(eubed, reference, 1e-13);
	}
	golden_free(table);
	radioembo_volume_free(d);
	radioembo_volume_free(l);
}

/* One voxel: EUBED is its BED; a uniform structure: its BED whatever alpha. */
static void test_voxel_structure_eubed_of_uniform_structures(void **state)
{
	radioembo_volume *d = volume_of(eubed_doses, 3, 3, 1, 4.42, 4.42, 4.42);
	radioembo_volume *l = volume_of(eubed_labels, 3, 3, 1, 4.42, 4.42, 4.42);
	const float same[4] = {123.375f, 123.375f, 123.375f, 123.375f}, ones[4] = {1, 1, 1, 1};
	radioembo_volume *u = volume_of(same, 2, 2, 1, 2, 2, 2), *m = volume_of(ones, 2, 2, 1, 2,
										 2, 2);
	double eubed = TEST_SENTINEL, bed = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_voxel_eubed_gy(d, l, 3, 0.0135, 10.0, 1.5, 64.1, &eubed));
	assert_ok(radioembo_bed_gy(300.0, 10.0, 1.5, 64.1, &bed));
	assert_close(eubed, bed, 1e-14);
	assert_ok(radioembo_voxel_eubed_gy(u, m, 1, 0.35, 2.5, 2.5, 64.1, &eubed));
	assert_ok(radioembo_bed_gy(123.375, 2.5, 2.5, 64.1, &bed));
	assert_close(eubed, bed, 1e-14);
	radioembo_volume_free(d);
	radioembo_volume_free(l);
	radioembo_volume_free(u);
	radioembo_volume_free(m);
}

/* Negative doses (noise of a signed image) count as 0 Gy, as in the BED map and DVH EUDs. */
static void test_voxel_structure_negative_doses_count_as_zero(void **state)
{
	const float signed_doses[2] = {12.5f, -0.25f}, one[2] = {1.0f, 1.0f};
	const double as_zero[2] = {12.5, 0.0}, half[2] = {0.5, 0.5};
	radioembo_volume *d = volume_of(signed_doses, 2, 1, 1, 4, 4, 4);
	radioembo_volume *l = volume_of(one, 2, 1, 1, 4, 4, 4);
	radioembo_volume *eqd2 = NULL;
	double eubed = TEST_SENTINEL, expected = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_voxel_eqd2(d, 2.5, 1.5, 64.1, &eqd2));
	assert_true(voxel(eqd2, 1, 0, 0) == 0.0);
	assert_true(voxel(eqd2, 0, 0, 0) > 0.0);
	assert_ok(radioembo_voxel_eubed_gy(d, l, 1, 0.0135, 10.0, 1.5, 64.1, &eubed));
	assert_ok(radioembo_eubed_gy(as_zero, half, 2, 0.0135, 10.0, 1.5, 64.1, &expected));
	assert_close(eubed, expected, 1e-13);
	radioembo_volume_free(eqd2);
	radioembo_volume_free(d);
	radioembo_volume_free(l);
}

static void test_voxel_structure_eubed_rejects_invalid_arguments(void **state)
{
	radioembo_volume *d = volume_of(eubed_doses, 3, 3, 1, 4.42, 4.42, 4.42);
	radioembo_volume *l = volume_of(eubed_labels, 3, 3, 1, 4.42, 4.42, 4.42);
	radioembo_volume *other = volume_of(eubed_labels, 9, 1, 1, 4.42, 4.42, 4.42);
	const float bad[4] = {12.5f, -1.0f, NAN, 1e30f}, labels[4] = {1, 1, 2, 3};
	radioembo_volume *b = volume_of(bad, 4, 1, 1, 2, 2, 2), *bl = volume_of(labels, 4, 1, 1, 2,
										2, 2);
	double out = TEST_SENTINEL;

	(void)state;
	assert_fails(radioembo_voxel_eubed_gy(d, other, 2, 0.0135, 10, 1.5, 64.1, &out),
		     RADIOEMBO_EINVAL, "labels");
	assert_fails(radioembo_voxel_eubed_gy(d, l, 0, 0.0135, 10, 1.5, 64.1, &out),
		     RADIOEMBO_EINVAL, "label must");
	assert_fails(radioembo_voxel_eubed_gy(d, l, 16777217, 0.0135, 10, 1.5, 64.1, &out),
		     RADIOEMBO_EINVAL, "label must");
	assert_fails(radioembo_voxel_eubed_gy(d, l, 2, 0.0, 10, 1.5, 64.1, &out),
		     RADIOEMBO_EINVAL, "alpha_per_gy");
	assert_fails(radioembo_voxel_eubed_gy(d, l, 2, 0.0135, -10, 1.5, 64.1, &out),
		     RADIOEMBO_EINVAL, "alpha_beta_gy");
	assert_fails(radioembo_voxel_eubed_gy(d, l, 2, 0.0135, 10, 0.0, 64.1, &out),
		     RADIOEMBO_EINVAL, "repair_half_time_h");
	assert_fails(radioembo_voxel_eubed_gy(d, l, 2, 0.0135, 10, 1.5, INFINITY, &out),
		     RADIOEMBO_EINVAL, "half_life_h");
	/* label 2 holds a NaN */
	assert_fails(radioembo_voxel_eubed_gy(b, bl, 2, 0.0135, 10, 1.5, 64.1, &out),
		     RADIOEMBO_EINVAL, "dose_gy voxel 2 of label 2");
	assert_fails(radioembo_voxel_eubed_gy(d, l, 7, 0.0135, 10, 1.5, 64.1, &out),
		     RADIOEMBO_ENOTFOUND, "label 7");
	/* BED of 1e30 Gy at alpha/beta 1e-290 Gy overflows a double */
	assert_fails(radioembo_voxel_eubed_gy(b, bl, 3, 0.0135, 1e-290, 1.5, 64.1, &out),
		     RADIOEMBO_ERANGE, "BED");
	assert_close(out, TEST_SENTINEL, 0.0);
	radioembo_volume_free(d);
	radioembo_volume_free(l);
	radioembo_volume_free(other);
	radioembo_volume_free(b);
	radioembo_volume_free(bl);
}

/*
 * Pre and post maps of 4 x 4 x 1 voxels: structure 1 three voxels, 2 two, 3 four, 4 one
 * voxel whose pre dose is 0; label 0 voxels hold anything, even NaN (only the structure's
 * voxels are read). Golden means in tests/golden/voxel_mean_agreement.csv.
 */
static const float agreement_labels[16] = {1, 1, 1, 2, 2, 3, 3, 3, 3, 4, 0, 0, 0, 0, 0, 0};
static const float agreement_pre[16] = {10.25f, 20.5f, 30.75f, 150.5f, 162.25f, 0.5f,
					0.25f, 0.125f, 0.0625f, 0.0f, NAN, -3.0f, 1e30f, 0, 0, 0};
static const float agreement_post[16] = {12.0f, 19.5f, -1.25f, 148.125f, 171.0f, 0.75f,
					 0.375f, 0.0f, 0.5f, 2.5f, 7.0f, NAN, 0, 0, 0, 0};

static void test_voxel_structure_mean_agreement_golden(void **state)
{
	struct golden_table *table = golden_load("voxel_mean_agreement.csv", 5);
	radioembo_volume *pre = volume_of(agreement_pre, 4, 4, 1, 4.42, 4.42, 4.42);
	radioembo_volume *post = volume_of(agreement_post, 4, 4, 1, 4.42, 4.42, 4.42);
	radioembo_volume *l = volume_of(agreement_labels, 4, 4, 1, 4.42, 4.42, 4.42);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		int label = (int)golden_value(table, row, 0);
		double a = TEST_SENTINEL, b = TEST_SENTINEL, diff = TEST_SENTINEL;
		double rel = TEST_SENTINEL, a2 = 0, b2 = 0, diff2 = 0, rel2 = 0;

		assert_ok(radioembo_voxel_mean_agreement(pre, post, l, label, &a, &b, &diff, &rel));
		assert_close(a, golden_value(table, row, 1), 1e-14);
		assert_close(b, golden_value(table, row, 2), 1e-14);
		assert_close(diff, golden_value(table, row, 3), 1e-14);
		assert_close(rel, golden_value(table, row, 4), 1e-14);
		/* swapped: the means swap and the difference changes sign */
		assert_ok(radioembo_voxel_mean_agreement(post, pre, l, label, &a2, &b2, &diff2,
							 &rel2));
		assert_close(a2, b, 0.0);
		assert_close(b2, a, 0.0);
		assert_close(diff2, -diff, 0.0);
		assert_close(rel2, (a - b) / b, 1e-15);
	}
	golden_free(table);
	radioembo_volume_free(pre);
	radioembo_volume_free(post);
	radioembo_volume_free(l);
}

static void test_voxel_structure_mean_agreement_rejects_invalid_arguments(void **state)
{
	radioembo_volume *pre = volume_of(agreement_pre, 4, 4, 1, 4.42, 4.42, 4.42);
	radioembo_volume *post = volume_of(agreement_post, 4, 4, 1, 4.42, 4.42, 4.42);
	radioembo_volume *l = volume_of(agreement_labels, 4, 4, 1, 4.42, 4.42, 4.42);
	radioembo_volume *other = volume_of(agreement_labels, 4, 4, 1, 4.42, 4.42, 3.0);
	const float nan_labels[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 6};
	radioembo_volume *nl = volume_of(nan_labels, 4, 4, 1, 4.42, 4.42, 4.42);
	double a = TEST_SENTINEL, b = TEST_SENTINEL, d = TEST_SENTINEL, r = TEST_SENTINEL;

	(void)state;
	assert_fails(radioembo_voxel_mean_agreement(pre, other, l, 1, &a, &b, &d, &r),
		     RADIOEMBO_EINVAL, "post_gy");
	assert_fails(radioembo_voxel_mean_agreement(pre, post, other, 1, &a, &b, &d, &r),
		     RADIOEMBO_EINVAL, "labels");
	assert_fails(radioembo_voxel_mean_agreement(pre, post, l, 0, &a, &b, &d, &r),
		     RADIOEMBO_EINVAL, "label must");
	assert_fails(radioembo_voxel_mean_agreement(pre, post, l, -3, &a, &b, &d, &r),
		     RADIOEMBO_EINVAL, "label must");
	/* voxel 10 (pre NaN) is label 5, voxel 11 (post NaN) label 6 */
	assert_fails(radioembo_voxel_mean_agreement(pre, post, nl, 5, &a, &b, &d, &r),
		     RADIOEMBO_EINVAL, "pre_gy voxel 10 of label 5");
	assert_fails(radioembo_voxel_mean_agreement(pre, post, nl, 6, &a, &b, &d, &r),
		     RADIOEMBO_EINVAL, "post_gy voxel 11 of label 6");
	assert_fails(radioembo_voxel_mean_agreement(pre, post, l, 9, &a, &b, &d, &r),
		     RADIOEMBO_ENOTFOUND, "label 9");
	/* structure 4: pre mean 0, no relative difference */
	assert_fails(radioembo_voxel_mean_agreement(pre, post, l, 4, &a, &b, &d, &r),
		     RADIOEMBO_ERANGE, "pre_gy mean is 0");
	assert_close(a, TEST_SENTINEL, 0.0);
	assert_close(b, TEST_SENTINEL, 0.0);
	assert_close(d, TEST_SENTINEL, 0.0);
	assert_close(r, TEST_SENTINEL, 0.0);
	radioembo_volume_free(pre);
	radioembo_volume_free(post);
	radioembo_volume_free(l);
	radioembo_volume_free(other);
	radioembo_volume_free(nl);
}

static void test_voxel_structure_dose_method_states_the_fallback(void **state)
{
	radioembo_voxel_method method = (radioembo_voxel_method)0;
	char reason[160];

	(void)state;
	assert_ok(radioembo_voxel_dose_method(RADIOEMBO_NUCLIDE_Y90, RADIOEMBO_VOXEL_METHOD_KERNEL,
					      &method, reason, sizeof reason));
	assert_int_equal(method, RADIOEMBO_VOXEL_METHOD_KERNEL);
	assert_non_null(strstr(reason, "Graves"));
	assert_ok(radioembo_voxel_dose_method(RADIOEMBO_NUCLIDE_HO166,
					      RADIOEMBO_VOXEL_METHOD_KERNEL, &method, reason,
					      sizeof reason));
	assert_int_equal(method, RADIOEMBO_VOXEL_METHOD_LDM);
	assert_non_null(strstr(reason, "no Ho-166 dose point kernel"));
	assert_ok(radioembo_voxel_dose_method(RADIOEMBO_NUCLIDE_HO166, RADIOEMBO_VOXEL_METHOD_LDM,
					      &method, reason, sizeof reason));
	assert_int_equal(method, RADIOEMBO_VOXEL_METHOD_LDM);
	assert_non_null(strstr(reason, "as requested"));
	assert_ok(radioembo_voxel_dose_method(RADIOEMBO_NUCLIDE_Y90, RADIOEMBO_VOXEL_METHOD_LDM,
					      &method, reason, sizeof reason));
	assert_int_equal(method, RADIOEMBO_VOXEL_METHOD_LDM);
	/* exactly the sentence and its NUL fit */
	assert_ok(radioembo_voxel_dose_method(RADIOEMBO_NUCLIDE_Y90, RADIOEMBO_VOXEL_METHOD_LDM,
					      &method, reason, strlen(reason) + 1));
}

static void test_voxel_structure_dose_method_rejects_invalid_arguments(void **state)
{
	radioembo_voxel_method method = (radioembo_voxel_method)77;
	char reason[16] = "untouched";

	(void)state;
	assert_fails(radioembo_voxel_dose_method((radioembo_nuclide)0,
						 RADIOEMBO_VOXEL_METHOD_KERNEL, &method, reason,
						 sizeof reason),
		     RADIOEMBO_EINVAL, "nuclide");
	assert_fails(radioembo_voxel_dose_method(RADIOEMBO_NUCLIDE_Y90, (radioembo_voxel_method)3,
						 &method, reason, sizeof reason),
		     RADIOEMBO_EINVAL, "requested");
	assert_fails(radioembo_voxel_dose_method(RADIOEMBO_NUCLIDE_HO166,
						 RADIOEMBO_VOXEL_METHOD_KERNEL, &method, reason,
						 sizeof reason),
		     RADIOEMBO_ERANGE, "reason_size");
	assert_int_equal(method, 77);
	assert_string_equal(reason, "untouched");
}

static void test_voxel_structure_kernel_per_nuclide(void **state)
{
	radioembo_kernel *kernel = NULL, *y90 = NULL;
	double energy = TEST_SENTINEL, expected = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_kernel_new_nuclide(RADIOEMBO_NUCLIDE_Y90, 4.42, 4.42, 5.15, 11.0,
					       &kernel));
	assert_ok(radioembo_kernel_new_y90(4.42, 4.42, 5.15, 11.0, &y90));
	assert_ok(radioembo_kernel_energy_mev(kernel, &energy));
	assert_ok(radioembo_kernel_energy_mev(y90, &expected));
	assert_close(energy, expected, 0.0);
	radioembo_kernel_free(kernel);
	radioembo_kernel_free(y90);
	kernel = NULL;
	assert_fails(radioembo_kernel_new_nuclide(RADIOEMBO_NUCLIDE_HO166, 4.42, 4.42, 4.42, 11.0,
						  &kernel),
		     RADIOEMBO_ENOTFOUND, "Ho-166 has no built-in dose point kernel");
	assert_fails(radioembo_kernel_new_nuclide((radioembo_nuclide)9, 4.42, 4.42, 4.42, 11.0,
						  &kernel),
		     RADIOEMBO_EINVAL, "nuclide");
	/* the Y-90 kernel's own checks */
	assert_fails(radioembo_kernel_new_nuclide(RADIOEMBO_NUCLIDE_Y90, 4.42, 4.42, 4.42, 25.0,
						  &kernel),
		     RADIOEMBO_EINVAL, "truncation_radius_mm");
	assert_null(kernel);
	/* ENOMEM of the built-in table's buffer and of the kernel */
	for (long n = 0;; n++) {
		int rc;

		alloc_failure_countdown = n;
		rc = radioembo_kernel_new_nuclide(RADIOEMBO_NUCLIDE_Y90, 4.42, 4.42, 4.42, 6.0,
						  &kernel);
		if (rc == RADIOEMBO_OK)
			break;
		assert_int_equal(rc, RADIOEMBO_ENOMEM);
		assert_null(kernel);
	}
	alloc_failure_countdown = -1;
	radioembo_kernel_free(kernel);
}

/*
 * Range scaling: the kernel of a medium of density rho keeps the energy the water point
 * kernel deposits inside rho R (tests/golden/voxel_kernel_density.csv, from the Graves
 * 2019 table); 1 g/mL is the unscaled kernel; lung's kernel spreads farther than water's.
 */
static void test_voxel_structure_kernel_density_scaling(void **state)
{
	struct golden_table *table = golden_load("voxel_kernel_density.csv", 4);
	radioembo_kernel *kernel = NULL, *water = NULL;
	double energy = TEST_SENTINEL, expected = TEST_SENTINEL, centre_lung = 0, centre_water = 0;
	size_t row, rx = 0, ry = 0, rz = 0;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double h = golden_value(table, row, 1);

		assert_ok(radioembo_kernel_new_nuclide_density(RADIOEMBO_NUCLIDE_Y90,
							       golden_value(table, row, 0), h, h,
							       h, golden_value(table, row, 2),
							       &kernel));
		assert_ok(radioembo_kernel_energy_mev(kernel, &energy));
		assert_close(energy, golden_value(table, row, 3), 1e-12);
		radioembo_kernel_free(kernel);
		kernel = NULL;
	}
	golden_free(table);
	/* 1 g/mL: the same kernel as without scaling */
	assert_ok(radioembo_kernel_new_nuclide_density(RADIOEMBO_NUCLIDE_Y90, 1.0, 4.42, 4.42,
						       5.15, 11.0, &kernel));
	assert_ok(radioembo_kernel_new_nuclide(RADIOEMBO_NUCLIDE_Y90, 4.42, 4.42, 5.15, 11.0,
					       &water));
	assert_ok(radioembo_kernel_energy_mev(kernel, &energy));
	assert_ok(radioembo_kernel_energy_mev(water, &expected));
	assert_close(energy, expected, 0.0);
	assert_ok(radioembo_kernel_get_energy_mev(kernel, 1, 0, -1, &energy));
	assert_ok(radioembo_kernel_get_energy_mev(water, 1, 0, -1, &expected));
	assert_close(energy, expected, 0.0);
	radioembo_kernel_free(kernel);
	radioembo_kernel_free(water);
	/* lung (0.3 g/mL) keeps less energy in the source voxel than water does */
	assert_ok(radioembo_kernel_new_nuclide_density(RADIOEMBO_NUCLIDE_Y90, 0.3, 4.0, 4.0, 4.0,
						       20.0, &kernel));
	assert_ok(radioembo_kernel_new_nuclide(RADIOEMBO_NUCLIDE_Y90, 4.0, 4.0, 4.0, 20.0,
					       &water));
	assert_ok(radioembo_kernel_get_radius_voxels(kernel, &rx, &ry, &rz));
	assert_int_equal(rx, 5);
	assert_ok(radioembo_kernel_get_energy_mev(kernel, 0, 0, 0, &centre_lung));
	assert_ok(radioembo_kernel_get_energy_mev(water, 0, 0, 0, &centre_water));
	assert_true(centre_lung < 0.8 * centre_water);
	radioembo_kernel_free(kernel);
	radioembo_kernel_free(water);
	kernel = NULL;

	assert_fails(radioembo_kernel_new_nuclide_density((radioembo_nuclide)0, 1.0, 4, 4, 4, 6,
							  &kernel),
		     RADIOEMBO_EINVAL, "nuclide");
	assert_fails(radioembo_kernel_new_nuclide_density(RADIOEMBO_NUCLIDE_Y90, 0.0005, 4, 4, 4,
							  6, &kernel),
		     RADIOEMBO_EINVAL, "density_g_per_ml");
	assert_fails(radioembo_kernel_new_nuclide_density(RADIOEMBO_NUCLIDE_Y90, 25.5, 4, 4, 4, 6,
							  &kernel),
		     RADIOEMBO_EINVAL, "density_g_per_ml");
	/* 1.05 g/mL: the scaled kernel ends at 20 / 1.05 = 19.05 mm */
	assert_fails(radioembo_kernel_new_nuclide_density(RADIOEMBO_NUCLIDE_Y90, 1.05, 4, 4, 4,
							  19.5, &kernel),
		     RADIOEMBO_EINVAL, "truncation_radius_mm");
	assert_fails(radioembo_kernel_new_nuclide_density(RADIOEMBO_NUCLIDE_Y90, 1.05, 4, 0, 4, 6,
							  &kernel),
		     RADIOEMBO_EINVAL, "spacing");
	assert_fails(radioembo_kernel_new_nuclide_density(RADIOEMBO_NUCLIDE_HO166, 1.05, 4, 4, 4,
							  6, &kernel),
		     RADIOEMBO_ENOTFOUND, "Ho-166");
	assert_null(kernel);
	for (long n = 0;; n++) {
		int rc;

		alloc_failure_countdown = n;
		rc = radioembo_kernel_new_nuclide_density(RADIOEMBO_NUCLIDE_Y90, 0.3, 4.42, 4.42,
							  4.42, 6.0, &kernel);
		if (rc == RADIOEMBO_OK)
			break;
		assert_int_equal(rc, RADIOEMBO_ENOMEM);
		assert_null(kernel);
	}
	alloc_failure_countdown = -1;
	radioembo_kernel_free(kernel);
}

static void test_voxel_structure_eqd2_allocation_failures(void **state)
{
	const float doses[4] = {12.5f, 37.875f, 98.25f, 0.0f};
	radioembo_volume *d = volume_of(doses, 2, 2, 1, 4, 4, 4), *out = NULL;
	long n;

	(void)state;
	for (n = 0;; n++) {
		int rc;

		alloc_failure_countdown = n;
		rc = radioembo_voxel_eqd2(d, 2.5, 1.5, 64.1, &out);
		if (rc == RADIOEMBO_OK)
			break;
		assert_int_equal(rc, RADIOEMBO_ENOMEM);
		assert_null(out);
	}
	alloc_failure_countdown = -1;
	assert_true(n > 0);
	radioembo_volume_free(out);
	radioembo_volume_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_voxel_structure_eqd2_golden),
		TEST(test_voxel_structure_eqd2_map_matches_the_scalar_chain),
		TEST(test_voxel_structure_eqd2_rejects_invalid_arguments),
		TEST(test_voxel_structure_eqd2_allocation_failures),
		TEST(test_voxel_structure_eubed_golden),
		TEST(test_voxel_structure_eubed_of_uniform_structures),
		TEST(test_voxel_structure_negative_doses_count_as_zero),
		TEST(test_voxel_structure_eubed_rejects_invalid_arguments),
		TEST(test_voxel_structure_mean_agreement_golden),
		TEST(test_voxel_structure_mean_agreement_rejects_invalid_arguments),
		TEST(test_voxel_structure_dose_method_states_the_fallback),
		TEST(test_voxel_structure_dose_method_rejects_invalid_arguments),
		TEST(test_voxel_structure_kernel_per_nuclide),
		TEST(test_voxel_structure_kernel_density_scaling),
	};
	return cmocka_run_group_tests_name("voxel_structure", tests, NULL, NULL);
}
