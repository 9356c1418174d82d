/*
 * dvh module: structure statistics on analytic volumes (a uniform sphere, a linear
 * gradient), masses from a density map, the cumulative DVH, EUDs, the fraction of activity
 * outside the structures, and every error path (allocation failures included, see
 * alloc_failure.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "alloc_failure.h" /* first: it replaces the library's allocator */

#include <math.h>
#include <stdint.h>

#include "testutil.h"

/* Where a failed constructor must leave its output: a pointer no call returns. */
static char sentinel_storage;
#define SENTINEL_DVH ((radioembo_dvh *)(void *)&sentinel_storage)

static radioembo_volume *new_volume(size_t nx, size_t ny, size_t nz, double sx, double sy,
				    double sz)
{
	radioembo_volume *volume = NULL;

	assert_ok(radioembo_volume_new(nx, ny, nz, sx, sy, sz, &volume));
	return volume;
}

/* ---- the linear gradient ------------------------------------------------------------- */

/*
 * 40 x 3 x 3 voxels of 2.5 x 3.2 x 4.1 mm. Structure 2 is z = 0, 1 (240 voxels) with dose
 * (float)(1.385 (x + 1)) Gy: every one of the 40 doses on 6 voxels. z = 2 is structure 1
 * at 999 Gy, which must not leak in.
 */
#define GRADIENT_C 1.385
#define GRADIENT_NX 40
static void make_gradient(radioembo_volume **dose_out, radioembo_volume **labels_out)
{
	radioembo_volume *dose = new_volume(GRADIENT_NX, 3, 3, 2.5, 3.2, 4.1);
	radioembo_volume *labels = new_volume(GRADIENT_NX, 3, 3, 2.5, 3.2, 4.1);
	float *d = radioembo_volume_data_mutable(dose), *l = radioembo_volume_data_mutable(labels);
	size_t x, y, z, i = 0;

	for (z = 0; z < 3; z++)
		for (y = 0; y < 3; y++)
			for (x = 0; x < GRADIENT_NX; x++, i++) {
				d[i] = z < 2 ? (float)(GRADIENT_C * (double)(x + 1)) : 999.0f;
				/* label values that round to 2 (and 1) */
				l[i] = z < 2 ? (y == 1 ? 2.4f : 1.5f) : 1.49f;
			}
	*dose_out = dose;
	*labels_out = labels;
}

/* The k-th gradient dose, exactly as stored. */
static double gradient_dose(int k)
{
	return (double)(float)(GRADIENT_C * k);
}

static void test_dvh_gradient_statistics(void **state)
{
	radioembo_volume *dose, *labels;
	radioembo_dvh *dvh = NULL;
	double value = TEST_SENTINEL;
	size_t count = 0;

	(void)state;
	make_gradient(&dose, &labels);
	assert_ok(radioembo_dvh_new(dose, labels, 2, NULL, 1.06, 2.5, &dvh));
	assert_ok(radioembo_dvh_voxel_count(dvh, &count));
	assert_int_equal(count, 240);
	/* hand-computed: 240 * 2.5 * 3.2 * 4.1 / 1000 = 7.872 mL; * 1.06 g/mL = 8.34432 g */
	assert_ok(radioembo_dvh_volume_ml(dvh, &value));
	assert_close(value, 7.872, 1e-14);
	assert_ok(radioembo_dvh_mass_kg(dvh, &value));
	assert_close(value, 0.00834432, 1e-14);
	/* mean of the 40 float doses, hand-computed (python decimal) 28.39250003695487976... */
	assert_ok(radioembo_dvh_mean_gy(dvh, &value));
	assert_close(value, 28.3925000369548797607421875, 1e-14);
	assert_ok(radioembo_dvh_min_gy(dvh, &value));
	assert_close(value, gradient_dose(1), 0.0);
	assert_ok(radioembo_dvh_max_gy(dvh, &value));
	assert_close(value, gradient_dose(40), 0.0);
	radioembo_dvh_free(dvh);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

static void test_dvh_gradient_dose_at_volume_without_interpolation(void **state)
{
	/*
	 * Descending, d_k = c (40 - floor((k - 1) / 6)); Dx = d_ceil(240 x), hand-computed:
	 * D2: k = 5 -> 40c; D50: k = 120 -> 21c; D70: k = 168 -> 13c; D90: k = 216 -> 5c;
	 * D95: k = 228 -> 3c; D98: k = 236 -> 1c; D100: k = 240 -> 1c; x = 1/240: 40c;
	 * x = 0.025 (k = 6, the last voxel at 40c) -> 40c; x = 0.0251 (k = 7) -> 39c.
	 */
	static const struct {
		double fraction;
		int k;
	} rows[] = {{0.02, 40},  {0.5, 21},  {0.7, 13},	   {0.9, 5},	 {0.95, 3},
		    {0.98, 1},	 {1.0, 1},   {1.0 / 240, 40}, {0.025, 40}, {0.0251, 39}};
	radioembo_volume *dose, *labels;
	radioembo_dvh *dvh = NULL;
	size_t i;

	(void)state;
	make_gradient(&dose, &labels);
	assert_ok(radioembo_dvh_new(dose, labels, 2, NULL, 1.06, 2.5, &dvh));
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		double value = TEST_SENTINEL;

		assert_ok(radioembo_dvh_dose_at_volume_gy(dvh, rows[i].fraction, &value));
		assert_close(value, gradient_dose(rows[i].k), 0.0);
	}
	radioembo_dvh_free(dvh);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

static void test_dvh_gradient_volume_at_dose(void **state)
{
	/*
	 * Vx(D) = #{c (i + 1) >= D} / 40 = (41 - ceil(D / c)) / 40 for 0 < D <= 40c, by hand:
	 * V(10.5c) = 30/40; V(10c) (a voxel dose itself: >= counts it) = 31/40; V(0) = 1;
	 * V(40c) = 1/40; above the maximum 0.
	 */
	radioembo_volume *dose, *labels;
	radioembo_dvh *dvh = NULL;
	double value = TEST_SENTINEL, dx = TEST_SENTINEL;

	(void)state;
	make_gradient(&dose, &labels);
	assert_ok(radioembo_dvh_new(dose, labels, 2, NULL, 1.06, 2.5, &dvh));
	assert_ok(radioembo_dvh_volume_at_dose(dvh, 10.5 * GRADIENT_C, &value));
	assert_close(value, 0.75, 0.0);
	assert_ok(radioembo_dvh_volume_at_dose(dvh, gradient_dose(10), &value));
	assert_close(value, 0.775, 1e-15);
	assert_ok(radioembo_dvh_volume_at_dose(dvh, 0.0, &value));
	assert_close(value, 1.0, 0.0);
	assert_ok(radioembo_dvh_volume_at_dose(dvh, gradient_dose(40), &value));
	assert_close(value, 0.025, 1e-15);
	assert_ok(radioembo_dvh_volume_at_dose(dvh, 55.5, &value));
	assert_close(value, 0.0, 0.0);
	/* the two agree: at least x of the volume receives Dx, less than x anything above */
	assert_ok(radioembo_dvh_dose_at_volume_gy(dvh, 0.9, &dx));
	assert_ok(radioembo_dvh_volume_at_dose(dvh, dx, &value));
	assert_true(value >= 0.9);
	assert_ok(radioembo_dvh_volume_at_dose(dvh, nextafter(dx, INFINITY), &value));
	assert_true(value < 0.9);
	radioembo_dvh_free(dvh);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

static void test_dvh_gradient_curve_monotone_ending_at_zero(void **state)
{
	radioembo_volume *dose, *labels;
	radioembo_dvh *dvh = NULL;
	double doses[24], fractions[24];
	size_t bins = 0, k;

	(void)state;
	make_gradient(&dose, &labels);
	assert_ok(radioembo_dvh_new(dose, labels, 2, NULL, 1.06, 2.5, &dvh));
	/* max 55.4 Gy, 2.5 Gy bins: floor(55.4 / 2.5) + 2 = 24 bins, 0 .. 57.5 Gy */
	assert_ok(radioembo_dvh_bin_count(dvh, &bins));
	assert_int_equal(bins, 24);
	assert_ok(radioembo_dvh_get_curve(dvh, doses, fractions, bins));
	assert_close(doses[0], 0.0, 0.0);
	assert_close(fractions[0], 1.0, 0.0);
	assert_close(doses[23], 57.5, 1e-15);
	assert_close(fractions[23], 0.0, 0.0);
	/* 10 Gy: 1.385 (i + 1) >= 10 for i + 1 >= 8, hand-computed 33/40 */
	assert_close(doses[4], 10.0, 0.0);
	assert_close(fractions[4], 0.825, 1e-15);
	for (k = 0; k < bins; k++) {
		double v = TEST_SENTINEL;

		if (k > 0)
			assert_true(fractions[k] <= fractions[k - 1]);
		assert_ok(radioembo_dvh_volume_at_dose(dvh, doses[k], &v));
		assert_close(fractions[k], v, 0.0);
	}
	radioembo_dvh_free(dvh);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

static void test_dvh_curve_ends_at_zero_when_max_is_a_bin(void **state)
{
	/* one voxel of exactly 5 Gy, 2.5 Gy bins: bins 0, 2.5, 5, 7.5; the last one above */
	radioembo_volume *dose = new_volume(1, 1, 1, 4.42, 4.42, 4.42);
	radioembo_volume *labels = new_volume(1, 1, 1, 4.42, 4.42, 4.42);
	radioembo_dvh *dvh = NULL;
	double doses[4], fractions[4];
	size_t bins = 0;

	(void)state;
	radioembo_volume_data_mutable(dose)[0] = 5.0f;
	radioembo_volume_data_mutable(labels)[0] = 1.0f;
	assert_ok(radioembo_dvh_new(dose, labels, 1, NULL, 1.03, 2.5, &dvh));
	assert_ok(radioembo_dvh_bin_count(dvh, &bins));
	assert_int_equal(bins, 4);
	assert_ok(radioembo_dvh_get_curve(dvh, doses, fractions, bins));
	assert_close(fractions[2], 1.0, 0.0);
	assert_close(fractions[3], 0.0, 0.0);
	radioembo_dvh_free(dvh);
	/* all at 0 Gy: bins 0 and w */
	radioembo_volume_data_mutable(dose)[0] = 0.0f;
	assert_ok(radioembo_dvh_new(dose, labels, 1, NULL, 1.03, 2.5, &dvh));
	assert_ok(radioembo_dvh_bin_count(dvh, &bins));
	assert_int_equal(bins, 2);
	assert_ok(radioembo_dvh_get_curve(dvh, doses, fractions, bins));
	assert_close(fractions[0], 1.0, 0.0);
	assert_close(fractions[1], 0.0, 0.0);
	radioembo_dvh_free(dvh);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

static void test_dvh_gradient_eud(void **state)
{
	radioembo_volume *dose, *labels;
	radioembo_dvh *dvh = NULL;
	double value = TEST_SENTINEL, mean = TEST_SENTINEL;

	(void)state;
	make_gradient(&dose, &labels);
	assert_ok(radioembo_dvh_new(dose, labels, 2, NULL, 1.06, 2.5, &dvh));
	/* gEUD with a = 1 is the mean dose (radioembo-sources(7) RADIOBIOLOGY) */
	assert_ok(radioembo_dvh_geud_gy(dvh, 1.0, &value));
	assert_ok(radioembo_dvh_mean_gy(dvh, &mean));
	assert_close(value, mean, 1e-14);
	/* hand-computed (python decimal, 40 digits) over the 40 float doses, equal weights */
	assert_ok(radioembo_dvh_geud_gy(dvh, -7.5, &value));
	assert_close(value, 2.263191724106376113975525230243233834229, 1e-12);
	/* -(1/0.035) ln(mean(e^(-0.035 d))), hand-computed likewise */
	assert_ok(radioembo_dvh_eud_survival_gy(dvh, 0.035, &value));
	assert_close(value, 24.05185178437547769307725289243836004329, 1e-12);
	radioembo_dvh_free(dvh);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

static void test_dvh_mass_from_density_map(void **state)
{
	radioembo_volume *dose, *labels, *density = new_volume(GRADIENT_NX, 3, 3, 2.5, 3.2, 4.1);
	float *rho = radioembo_volume_data_mutable(density);
	radioembo_dvh *dvh = NULL;
	double value = TEST_SENTINEL;
	size_t i;

	(void)state;
	make_gradient(&dose, &labels);
	/* 1.06 g/mL for x < 20, 0.297 g/mL (lung) above; 0 (air) in structure 1 only */
	for (i = 0; i < GRADIENT_NX * 9; i++)
		rho[i] = i >= 2 * 3 * GRADIENT_NX ? 0.0f : i % GRADIENT_NX < 20 ? 1.06f : 0.297f;
	/* the uniform density is ignored (not even validated) with a map */
	assert_ok(radioembo_dvh_new(dose, labels, 2, density, NAN, 2.5, &dvh));
	/* hand-computed: 120 * 0.0328 mL * (1.06 + 0.297) g/mL = 5.341152 g (float densities) */
	assert_ok(radioembo_dvh_mass_kg(dvh, &value));
	assert_close(value, 0.005341152, 1e-7);
	/* masses never weight the dose statistics */
	assert_ok(radioembo_dvh_mean_gy(dvh, &value));
	assert_close(value, 28.3925000369548797607421875, 1e-14);
	radioembo_dvh_free(dvh);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
	radioembo_volume_free(density);
}

static void test_dvh_rank_is_not_pushed_by_rounding(void **state)
{
	/*
	 * 100 voxels of 2.385 k Gy, k = 1..100. 0.07 * 100 is 7.000000000000001 in doubles,
	 * but D7 is the 7th highest dose (k = 94), not the 8th; 0.57 * 100 = 56.99999999999999
	 * gives the 57th (k = 44).
	 */
	radioembo_volume *dose = new_volume(100, 1, 1, 4.0, 4.0, 4.0);
	radioembo_volume *labels = new_volume(100, 1, 1, 4.0, 4.0, 4.0);
	float *d = radioembo_volume_data_mutable(dose), *l = radioembo_volume_data_mutable(labels);
	radioembo_dvh *dvh = NULL;
	double value = TEST_SENTINEL;
	size_t i;

	(void)state;
	for (i = 0; i < 100; i++) {
		d[i] = (float)(2.385 * (double)(i + 1));
		l[i] = 1.0f;
	}
	assert_ok(radioembo_dvh_new(dose, labels, 1, NULL, 1.03, 10.0, &dvh));
	assert_ok(radioembo_dvh_dose_at_volume_gy(dvh, 0.07, &value));
	assert_close(value, (double)(float)(2.385 * 94), 0.0);
	assert_ok(radioembo_dvh_dose_at_volume_gy(dvh, 0.57, &value));
	assert_close(value, (double)(float)(2.385 * 44), 0.0);
	assert_ok(radioembo_dvh_dose_at_volume_gy(dvh, 0.071, &value));
	assert_close(value, (double)(float)(2.385 * 93), 0.0);
	radioembo_dvh_free(dvh);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

/* ---- the uniform sphere -------------------------------------------------------------- */

static void test_dvh_uniform_sphere(void **state)
{
	radioembo_volume *dose = new_volume(21, 21, 21, 2.21, 2.21, 2.21);
	radioembo_volume *labels = new_volume(21, 21, 21, 2.21, 2.21, 2.21);
	float *d = radioembo_volume_data_mutable(dose), *l = radioembo_volume_data_mutable(labels);
	static const double fractions[] = {0.02, 0.5, 0.7, 0.9, 0.95, 0.98, 1.0};
	double value = TEST_SENTINEL, curve_dose[25], curve_fraction[25];
	radioembo_dvh *dvh = NULL;
	size_t i, count = 0, bins = 0;
	int x, y, z;

	(void)state;
	/* voxel centres within 8 voxels of the centre: 23.85 Gy, label 3; elsewhere 0 */
	for (z = 0, i = 0; z < 21; z++)
		for (y = 0; y < 21; y++)
			for (x = 0; x < 21; x++, i++)
				if ((x - 10) * (x - 10) + (y - 10) * (y - 10) +
					    (z - 10) * (z - 10) <=
				    64) {
					d[i] = 23.85f;
					l[i] = 3.0f;
				}
	assert_ok(radioembo_dvh_new(dose, labels, 3, NULL, 1.03, 1.0, &dvh));
	/* 2109 lattice points lie in a ball of radius 8 (hand count, python) */
	assert_ok(radioembo_dvh_voxel_count(dvh, &count));
	assert_int_equal(count, 2109);
	/* 2109 * 2.21^3 / 1000 = 22.763723... mL; the ball 4/3 pi (8 * 2.21)^3 within 2 % */
	assert_ok(radioembo_dvh_volume_ml(dvh, &value));
	assert_close(value, 2109 * 2.21 * 2.21 * 2.21 / 1000.0, 1e-14);
	assert_close(value, 4.0 / 3.0 * 3.14159265358979 * pow(8 * 2.21, 3) / 1000.0, 0.02);
	for (i = 0; i < sizeof fractions / sizeof fractions[0]; i++) {
		assert_ok(radioembo_dvh_dose_at_volume_gy(dvh, fractions[i], &value));
		assert_close(value, (double)23.85f, 0.0);
	}
	/* Vx is a step at the dose */
	assert_ok(radioembo_dvh_volume_at_dose(dvh, (double)23.85f, &value));
	assert_close(value, 1.0, 0.0);
	assert_ok(radioembo_dvh_volume_at_dose(dvh, 23.86, &value));
	assert_close(value, 0.0, 0.0);
	assert_ok(radioembo_dvh_mean_gy(dvh, &value));
	assert_close(value, (double)23.85f, 1e-15);
	assert_ok(radioembo_dvh_min_gy(dvh, &value));
	assert_close(value, (double)23.85f, 0.0);
	/* survival EUD and gEUD of a uniform dose are the dose */
	assert_ok(radioembo_dvh_eud_survival_gy(dvh, 0.27, &value));
	assert_close(value, (double)23.85f, 1e-12);
	assert_ok(radioembo_dvh_geud_gy(dvh, 3.7, &value));
	assert_close(value, (double)23.85f, 1e-12);
	/* 1 Gy bins: 0 .. 24 Gy; 1 up to 23 Gy, 0 at 24 */
	assert_ok(radioembo_dvh_bin_count(dvh, &bins));
	assert_int_equal(bins, 25);
	assert_ok(radioembo_dvh_get_curve(dvh, curve_dose, curve_fraction, bins));
	for (i = 0; i < 24; i++)
		assert_close(curve_fraction[i], 1.0, 0.0);
	assert_close(curve_fraction[24], 0.0, 0.0);
	radioembo_dvh_free(dvh);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

/* ---- activity outside the structures ------------------------------------------------- */

static void test_dvh_fraction_outside(void **state)
{
	/* 4 x 3 x 2 voxels; activity 0.0125 (i + 1) GBq; label 0 (or -0.3, or 0.49) outside */
	radioembo_volume *activity = new_volume(4, 3, 2, 4.0, 4.0, 4.0);
	radioembo_volume *labels = new_volume(4, 3, 2, 4.0, 4.0, 4.0);
	float *a = radioembo_volume_data_mutable(activity), *l = radioembo_volume_data_mutable(labels);
	double fraction = TEST_SENTINEL, total = 0.0, outside = 0.0;
	size_t i;

	(void)state;
	for (i = 0; i < 24; i++) {
		a[i] = (float)(0.0125 * (double)(i + 1));
		l[i] = i % 3 == 0 ? 0.0f : i % 3 == 1 ? (i < 12 ? -0.3f : 0.49f) : 1.0f + (float)(i % 2);
	}
	/* voxels 0, 3, 6, ... and 1, 4, 7, ... are outside: hand-computed 16 of 24 voxels, with
	 * activity 0.0125 * (sum over i % 3 != 2 of (i + 1)) = 0.0125 * (300 - 108) */
	for (i = 0; i < 24; i++) {
		total += (double)a[i];
		if (i % 3 != 2)
			outside += (double)a[i];
	}
	assert_ok(radioembo_voxel_fraction_outside(activity, labels, &fraction));
	assert_close(fraction, 192.0 / 300.0, 1e-7);
	assert_close(fraction, outside / total, 1e-15);
	radioembo_volume_free(activity);
	radioembo_volume_free(labels);
}

/* ---- negative doses (reconstruction noise) ------------------------------------------- */

/*
 * Ten voxels of one structure, three of them below 0 Gy and one -0: hand-computed order
 * -1.25 < -0.35 < -0 = 0 < 2.385 < 3 < 4.5 < 7.125 < 9.5 < 12.75 (floats as stored).
 */
static const float noisy_doses[10] = { -0.35f, 2.385f, 7.125f, -1.25f, 0.0f,
				       4.5f,   12.75f, 3.0f,   -0.0f,  9.5f };

static void test_dvh_keeps_negative_doses(void **state)
{
	radioembo_volume *dose = new_volume(5, 2, 1, 3.0, 3.0, 3.0);
	radioembo_volume *labels = new_volume(5, 2, 1, 3.0, 3.0, 3.0);
	radioembo_dvh *dvh = NULL;
	double value = TEST_SENTINEL, doses[7], fractions[7], sum = 0.0, clipped = 0.0;
	/* fractions of the voxels >= 0, 2.5, ..., 15 Gy, counted by hand from the list */
	static const double curve[7] = { 0.8, 0.5, 0.3, 0.2, 0.1, 0.1, 0.0 };
	size_t i, bins = 0;

	(void)state;
	for (i = 0; i < 10; i++) {
		radioembo_volume_data_mutable(dose)[i] = noisy_doses[i];
		radioembo_volume_data_mutable(labels)[i] = 1.0f;
		sum += (double)noisy_doses[i];
		clipped += noisy_doses[i] > 0.0f ? (double)noisy_doses[i] : 0.0;
	}
	assert_ok(radioembo_dvh_new(dose, labels, 1, NULL, 1.06, 2.5, &dvh));
	assert_ok(radioembo_dvh_min_gy(dvh, &value));
	assert_close(value, -1.25, 0.0);
	assert_ok(radioembo_dvh_max_gy(dvh, &value));
	assert_close(value, 12.75, 0.0);
	/* the mean keeps the noise's sign: 37.66 / 10 Gy by hand */
	assert_ok(radioembo_dvh_mean_gy(dvh, &value));
	assert_close(value, sum / 10.0, 1e-15);
	assert_close(value, 3.766, 1e-7);
	/* D90 = d_9 and D100 = d_10 of the descending order, D80 = d_8 = 0 */
	assert_ok(radioembo_dvh_dose_at_volume_gy(dvh, 0.9, &value));
	assert_close(value, (double)-0.35f, 0.0);
	assert_ok(radioembo_dvh_dose_at_volume_gy(dvh, 1.0, &value));
	assert_close(value, -1.25, 0.0);
	assert_ok(radioembo_dvh_dose_at_volume_gy(dvh, 0.8, &value));
	assert_close(value, 0.0, 0.0);
	assert_ok(radioembo_dvh_dose_at_volume_gy(dvh, 0.5, &value));
	assert_close(value, 3.0, 0.0);
	/* V(0 Gy) = the fraction at or above 0: 1 - V(0) reports the noise, 2 of 10 */
	assert_ok(radioembo_dvh_volume_at_dose(dvh, 0.0, &value));
	assert_close(value, 0.8, 0.0);
	assert_ok(radioembo_dvh_volume_at_dose(dvh, 3.0, &value));
	assert_close(value, 0.5, 0.0);
	assert_ok(radioembo_dvh_bin_count(dvh, &bins));
	assert_int_equal(bins, 7);
	assert_ok(radioembo_dvh_get_curve(dvh, doses, fractions, bins));
	for (i = 0; i < bins; i++) {
		assert_close(doses[i], 2.5 * (double)i, 0.0);
		assert_close(fractions[i], curve[i], 0.0);
	}
	/* gEUD with a = 1 is the mean with the negative doses taken as 0: 39.26 / 10 Gy */
	assert_ok(radioembo_dvh_geud_gy(dvh, 1.0, &value));
	assert_close(value, clipped / 10.0, 1e-14);
	assert_close(value, 3.926, 1e-7);
	/* the survival EUD of the clipped doses: finite, within the clipped range */
	assert_ok(radioembo_dvh_eud_survival_gy(dvh, 0.035, &value));
	assert_true(value > 0.0 && value < 3.926);
	radioembo_dvh_free(dvh);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

/* A structure of noise only: every dose below 0, the curve's two bins both 0. */
static void test_dvh_all_negative_structure(void **state)
{
	radioembo_volume *dose = new_volume(3, 1, 1, 3.0, 3.0, 3.0);
	radioembo_volume *labels = new_volume(3, 1, 1, 3.0, 3.0, 3.0);
	radioembo_dvh *dvh = NULL;
	double value = TEST_SENTINEL, doses[2], fractions[2];
	size_t bins = 0, i;

	(void)state;
	for (i = 0; i < 3; i++) {
		radioembo_volume_data_mutable(dose)[i] = -0.125f * (float)(i + 1);
		radioembo_volume_data_mutable(labels)[i] = 3.0f;
	}
	assert_ok(radioembo_dvh_new(dose, labels, 3, NULL, 1.06, 0.5, &dvh));
	assert_ok(radioembo_dvh_max_gy(dvh, &value));
	assert_close(value, -0.125, 0.0);
	assert_ok(radioembo_dvh_dose_at_volume_gy(dvh, 0.5, &value));
	assert_close(value, -0.25, 0.0);
	assert_ok(radioembo_dvh_bin_count(dvh, &bins));
	assert_int_equal(bins, 2);
	assert_ok(radioembo_dvh_get_curve(dvh, doses, fractions, bins));
	assert_close(fractions[0], 0.0, 0.0);
	assert_close(fractions[1], 0.0, 0.0);
	radioembo_dvh_free(dvh);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

static int compare_floats(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;

	return (x > y) - (x < y);
}

/*
 * Dx and Vx against a plain sort of 20000 doses spread over many buckets (eight binades,
 * both signs, exact ties, zeros): the bucketed storage and histogram select are exact.
 */
static void test_dvh_matches_a_full_sort(void **state)
{
	enum { N = 20000 };
	radioembo_volume *dose = new_volume(100, 200, 1, 2.0, 2.0, 2.0);
	radioembo_volume *labels = new_volume(100, 200, 1, 2.0, 2.0, 2.0);
	float *d = radioembo_volume_data_mutable(dose), *sorted = malloc(N * sizeof *sorted);
	radioembo_dvh *dvh = NULL;
	uint64_t state_lcg = 0x2545F4914F6CDD1Du;
	double value;
	size_t i, k;

	(void)state;
	assert_non_null(sorted);
	for (i = 0; i < N; i++) {
		state_lcg = state_lcg * 6364136223846793005u + 1442695040888963407u;
		double u = (double)(state_lcg >> 11) / 9007199254740992.0;
		/* every 7th voxel a repeated value, every 11th a 0, 5 % of them negative */
		d[i] = i % 7 == 0 ? 3.75f
		       : i % 11 == 0 ? 0.0f
		       : (float)((i % 20 == 3 ? -0.01 : 1.0) * pow(2.0, 8.0 * u - 2.0));
		radioembo_volume_data_mutable(labels)[i] = 1.0f;
		sorted[i] = d[i];
	}
	qsort(sorted, N, sizeof *sorted, compare_floats);
	assert_ok(radioembo_dvh_new(dose, labels, 1, NULL, 1.06, 0.25, &dvh));
	/* Dx for x = k / N: the k-th highest */
	for (k = 1; k <= N; k += 37) {
		assert_ok(radioembo_dvh_dose_at_volume_gy(dvh, (double)k / N, &value));
		assert_close(value, (double)sorted[N - k], 0.0);
	}
	/* Vx at every 53rd dose and just above it */
	for (k = 0; k < N; k += 53) {
		double level = sorted[k] > 0.0f ? (double)sorted[k] : 0.0;
		size_t at_or_above = 0;

		for (i = 0; i < N; i++)
			at_or_above += (double)sorted[i] >= level;
		assert_ok(radioembo_dvh_volume_at_dose(dvh, level, &value));
		assert_close(value, (double)at_or_above / N, 0.0);
		level = nextafter(level, INFINITY);
		for (at_or_above = 0, i = 0; i < N; i++)
			at_or_above += (double)sorted[i] >= level;
		assert_ok(radioembo_dvh_volume_at_dose(dvh, level, &value));
		assert_close(value, (double)at_or_above / N, 0.0);
	}
	assert_ok(radioembo_dvh_volume_at_dose(dvh, 1e300, &value));
	assert_close(value, 0.0, 0.0);
	assert_ok(radioembo_dvh_min_gy(dvh, &value));
	assert_close(value, (double)sorted[0], 0.0);
	assert_ok(radioembo_dvh_max_gy(dvh, &value));
	assert_close(value, (double)sorted[N - 1], 0.0);
	radioembo_dvh_free(dvh);
	free(sorted);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

/*
 * Negative activity voxels count with their sign: labels 0 0 1 1 1 1, activity 0.25,
 * -0.05, 1.5, 2, -0.1, 0.4 GBq: 0.2 of a net 4.0 GBq outside, 0.05 by hand; and when the
 * outside is net negative noise, 0.
 */
static void test_dvh_fraction_outside_with_negative_activity(void **state)
{
	radioembo_volume *activity = new_volume(6, 1, 1, 4.0, 4.0, 4.0);
	radioembo_volume *labels = new_volume(6, 1, 1, 4.0, 4.0, 4.0);
	float *a = radioembo_volume_data_mutable(activity), *l = radioembo_volume_data_mutable(labels);
	static const float values[6] = { 0.25f, -0.05f, 1.5f, 2.0f, -0.1f, 0.4f };
	double fraction = TEST_SENTINEL;
	size_t i;

	(void)state;
	for (i = 0; i < 6; i++) {
		a[i] = values[i];
		l[i] = i < 2 ? 0.0f : 1.0f;
	}
	assert_ok(radioembo_voxel_fraction_outside(activity, labels, &fraction));
	assert_close(fraction, 0.05, 1e-7);
	a[0] = 0.0f;
	assert_ok(radioembo_voxel_fraction_outside(activity, labels, &fraction));
	assert_close(fraction, 0.0, 0.0);
	radioembo_volume_free(activity);
	radioembo_volume_free(labels);
}

/* ---- threads ------------------------------------------------------------------------- */

/*
 * A 128 x 64 x 40 map (327680 voxels: up to 5 parts of at least 2^16 voxels) of the kinds
 * of doses that take every path of the sweeps: a smooth hot region with noise, zeros of both
 * signs, negative doses, a tail over 30 binades (whose blocks are summed voxel by voxel),
 * structures 1 and 2 interleaved, blocks of 4096 voxels without either structure and blocks
 * of structure 1 alone; and, when density is not NULL, a density map.
 */
static void make_threads_map(radioembo_volume **dose_out, radioembo_volume **labels_out,
			     radioembo_volume **density_out)
{
	radioembo_volume *dose = new_volume(128, 64, 40, 2.0, 2.0, 2.0);
	radioembo_volume *labels = new_volume(128, 64, 40, 2.0, 2.0, 2.0);
	float *d = radioembo_volume_data_mutable(dose), *l = radioembo_volume_data_mutable(labels);
	float *rho = NULL;
	uint64_t lcg = 0x9E3779B97F4A7C15u;
	size_t i;

	if (density_out != NULL) {
		*density_out = new_volume(128, 64, 40, 2.0, 2.0, 2.0);
		rho = radioembo_volume_data_mutable(*density_out);
	}
	for (i = 0; i < 128 * 64 * 40; i++) {
		double u;

		lcg = lcg * 6364136223846793005u + 1442695040888963407u;
		u = (double)(lcg >> 11) / 9007199254740992.0;
		d[i] = i % 1009 == 0   ? 0.0f
		       : i % 997 == 0  ? -0.0f
		       : i % 499 == 0  ? (float)(-0.5 * u)
		       : i < 100000    ? (float)(60.0 * (1.0 + u))
		       : i < 200000    ? (float)pow(2.0, -30.0 * u)
				       : (float)(3.0 * u);
		l[i] = (i / 4096) % 11 == 5   ? 0.0f
		       : (i / 4096) % 13 == 7 ? 1.0f
		       : i % 5 == 0	      ? 2.0f
		       : (i / 4096) % 7 == 3  ? (float)(i % 3)
					      : 1.0f;
		if (rho != NULL)
			rho[i] = (float)(0.9 + 0.2 * u);
	}
	*dose_out = dose;
	*labels_out = labels;
}

/* Every statistic, Dx, Vx, the curve and the EUDs of two DVHs: equal, bit for bit. */
static void assert_same_dvh(const radioembo_dvh *a, const radioembo_dvh *b)
{
	double x, y, *da, *va, *db, *vb;
	size_t n, m, k;
	int (*const getters[])(const radioembo_dvh *, double *) = {
		radioembo_dvh_volume_ml, radioembo_dvh_mass_kg, radioembo_dvh_mean_gy,
		radioembo_dvh_min_gy,	 radioembo_dvh_max_gy,
	};

	assert_ok(radioembo_dvh_voxel_count(a, &n));
	assert_ok(radioembo_dvh_voxel_count(b, &m));
	assert_int_equal(n, m);
	for (k = 0; k < sizeof getters / sizeof getters[0]; k++) {
		assert_ok(getters[k](a, &x));
		assert_ok(getters[k](b, &y));
		assert_memory_equal(&x, &y, sizeof x);
	}
	for (k = 1; k <= 100; k++) {
		assert_ok(radioembo_dvh_dose_at_volume_gy(a, k / 100.0, &x));
		assert_ok(radioembo_dvh_dose_at_volume_gy(b, k / 100.0, &y));
		assert_memory_equal(&x, &y, sizeof x);
		assert_ok(radioembo_dvh_volume_at_dose(a, 1.25 * (double)k, &x));
		assert_ok(radioembo_dvh_volume_at_dose(b, 1.25 * (double)k, &y));
		assert_memory_equal(&x, &y, sizeof x);
	}
	assert_ok(radioembo_dvh_geud_gy(a, -7.0, &x));
	assert_ok(radioembo_dvh_geud_gy(b, -7.0, &y));
	assert_memory_equal(&x, &y, sizeof x);
	assert_ok(radioembo_dvh_eud_survival_gy(a, 0.005, &x));
	assert_ok(radioembo_dvh_eud_survival_gy(b, 0.005, &y));
	assert_memory_equal(&x, &y, sizeof x);
	assert_ok(radioembo_dvh_bin_count(a, &n));
	assert_ok(radioembo_dvh_bin_count(b, &m));
	assert_int_equal(n, m);
	da = malloc(n * sizeof *da);
	va = malloc(n * sizeof *va);
	db = malloc(n * sizeof *db);
	vb = malloc(n * sizeof *vb);
	assert_true(da != NULL && va != NULL && db != NULL && vb != NULL);
	assert_ok(radioembo_dvh_get_curve(a, da, va, n));
	assert_ok(radioembo_dvh_get_curve(b, db, vb, n));
	assert_memory_equal(da, db, n * sizeof *da);
	assert_memory_equal(va, vb, n * sizeof *va);
	free(da);
	free(va);
	free(db);
	free(vb);
}

/*
 * radioembo_dvh_new_threads on 1, 2, 3, 8 and 1024 threads gives radioembo_dvh_new's DVH, bit
 * for bit (the mean's sum is made of the same blocks in the same order; the extremes' zeros
 * keep the sign of the first), for both structures, with and without a density map, with
 * 0.05 Gy and 7 Gy bins.
 */
static void test_dvh_threads_give_the_same_dvh(void **state)
{
	static const size_t threads[] = { 1, 2, 3, 8, 1024 };
	static const double widths[] = { 0.05, 7.0 };
	radioembo_volume *dose, *labels, *density;
	size_t t, w;
	int label, with_density;

	(void)state;
	make_threads_map(&dose, &labels, &density);
	for (label = 1; label <= 2; label++)
		for (with_density = 0; with_density < 2; with_density++)
			for (w = 0; w < 2; w++) {
				const radioembo_volume *rho = with_density ? density : NULL;
				radioembo_dvh *one = NULL;

				assert_ok(radioembo_dvh_new(dose, labels, label, rho, 1.06, widths[w],
							    &one));
				for (t = 0; t < sizeof threads / sizeof threads[0]; t++) {
					radioembo_dvh *many = NULL;

					assert_ok(radioembo_dvh_new_threads(dose, labels, label, rho,
									    1.06, widths[w],
									    threads[t], &many));
					assert_same_dvh(one, many);
					radioembo_dvh_free(many);
				}
				radioembo_dvh_free(one);
			}
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
	radioembo_volume_free(density);
}

/*
 * The threaded DVH's Dx, Vx and extremes agree with a full sort of structure 1's doses (the
 * check of test_dvh_matches_a_full_sort, on 3 threads).
 */
static void test_dvh_threads_match_a_full_sort(void **state)
{
	radioembo_volume *dose, *labels;
	radioembo_dvh *dvh = NULL;
	const float *d, *l;
	float *sorted;
	double value;
	size_t i, n = 0, k;

	(void)state;
	make_threads_map(&dose, &labels, NULL);
	d = radioembo_volume_data(dose);
	l = radioembo_volume_data(labels);
	sorted = malloc(128 * 64 * 40 * sizeof *sorted);
	assert_non_null(sorted);
	for (i = 0; i < 128 * 64 * 40; i++)
		if (l[i] == 1.0f)
			sorted[n++] = d[i];
	qsort(sorted, n, sizeof *sorted, compare_floats);
	assert_ok(radioembo_dvh_new_threads(dose, labels, 1, NULL, 1.06, 0.25, 3, &dvh));
	assert_ok(radioembo_dvh_voxel_count(dvh, &k));
	assert_int_equal(k, n);
	for (k = 1; k <= n; k += 997) {
		assert_ok(radioembo_dvh_dose_at_volume_gy(dvh, (double)k / (double)n, &value));
		assert_close(value, (double)sorted[n - k], 0.0);
	}
	for (k = 0; k < n; k += 1013) {
		size_t at_or_above = 0;
		double level = sorted[k] > 0.0f ? (double)sorted[k] : 0.0;

		for (i = 0; i < n; i++)
			at_or_above += (double)sorted[i] >= level;
		assert_ok(radioembo_dvh_volume_at_dose(dvh, level, &value));
		assert_close(value, (double)at_or_above / (double)n, 0.0);
	}
	assert_ok(radioembo_dvh_min_gy(dvh, &value));
	assert_close(value, (double)sorted[0], 0.0);
	assert_ok(radioembo_dvh_max_gy(dvh, &value));
	assert_close(value, (double)sorted[n - 1], 0.0);
	radioembo_dvh_free(dvh);
	free(sorted);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

/*
 * The sign of a zero extreme is that of the structure's first zero dose, as a sweep voxel by
 * voxel leaves it: doses +0, -0, 1 (minimum +0), then -0, +0, 1 (minimum -0), on a map large
 * enough for three parts, the zeros in the last.
 */
static void test_dvh_threads_zero_extremes_keep_the_first_sign(void **state)
{
	radioembo_volume *dose = new_volume(256, 256, 3, 2.0, 2.0, 2.0);
	radioembo_volume *labels = new_volume(256, 256, 3, 2.0, 2.0, 2.0);
	float *d = radioembo_volume_data_mutable(dose), *l = radioembo_volume_data_mutable(labels);
	size_t i, total = 256 * 256 * 3, order;
	double value;

	(void)state;
	for (order = 0; order < 2; order++) {
		radioembo_dvh *dvh = NULL;

		for (i = 0; i < total; i++) {
			d[i] = 1.0f;
			l[i] = 1.0f;
		}
		d[total - 7] = order == 0 ? 0.0f : -0.0f;
		d[total - 3] = order == 0 ? -0.0f : 0.0f;
		assert_ok(radioembo_dvh_new_threads(dose, labels, 1, NULL, 1.06, 0.5, 3, &dvh));
		assert_ok(radioembo_dvh_min_gy(dvh, &value));
		assert_true(value == 0.0 && (signbit(value) != 0) == (order == 1));
		radioembo_dvh_free(dvh);
		/* all zeros: the maximum too */
		for (i = 0; i < total; i++)
			d[i] = i == total - 7 ? (order == 0 ? 0.0f : -0.0f) : d[i] == 1.0f ? -1.0f : d[i];
		assert_ok(radioembo_dvh_new_threads(dose, labels, 1, NULL, 1.06, 0.5, 2, &dvh));
		assert_ok(radioembo_dvh_max_gy(dvh, &value));
		assert_true(value == 0.0 && (signbit(value) != 0) == (order == 1));
		radioembo_dvh_free(dvh);
	}
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

/*
 * Labels of 2^22 and above are not exact float bounds (label.h): 2^23 and 2^23 + 1 in
 * alternate groups of four voxels (the vectors' width) over 64 x 64 x 16 voxels, plus 2^24
 * in the last two voxels; each structure has exactly its own voxels, by hand: 32768 for
 * the two, of doses 1 and 3 Gy, and 2 for 2^24, on 1 and 3 threads.
 */
static void test_dvh_large_labels_select_their_own_voxels(void **state)
{
	radioembo_volume *dose = new_volume(64, 64, 16, 2.0, 2.0, 2.0);
	radioembo_volume *labels = new_volume(64, 64, 16, 2.0, 2.0, 2.0);
	float *d = radioembo_volume_data_mutable(dose), *l = radioembo_volume_data_mutable(labels);
	static const int label[3] = { 8388608, 8388609, 16777216 };
	static const size_t expected_count[3] = { 32768, 32766, 2 };
	static const double expected_mean[3] = { 1.0, 3.0, 5.0 };
	size_t i, total = 64 * 64 * 16, k, t, count;
	double mean;

	(void)state;
	for (i = 0; i < total; i++) {
		int odd = (i / 4) % 2;

		l[i] = (float)(odd ? 8388609 : 8388608);
		d[i] = odd ? 3.0f : 1.0f;
	}
	l[total - 2] = l[total - 1] = 16777216.0f;
	d[total - 2] = d[total - 1] = 5.0f;
	for (k = 0; k < 3; k++)
		for (t = 1; t <= 3; t += 2) {
			radioembo_dvh *dvh = NULL;

			assert_ok(radioembo_dvh_new_threads(dose, labels, label[k], NULL, 1.06, 0.5, t,
							    &dvh));
			assert_ok(radioembo_dvh_voxel_count(dvh, &count));
			assert_int_equal(count, expected_count[k]);
			assert_ok(radioembo_dvh_mean_gy(dvh, &mean));
			assert_close(mean, expected_mean[k], 0.0);
			radioembo_dvh_free(dvh);
		}
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

/* ---- errors -------------------------------------------------------------------------- */

static void test_dvh_new_rejects_invalid_arguments(void **state)
{
	radioembo_volume *dose, *labels, *other_dims = new_volume(40, 3, 2, 2.5, 3.2, 4.1);
	radioembo_volume *other_spacing = new_volume(40, 3, 3, 2.5, 3.2, 4.2);
	radioembo_volume *density = new_volume(40, 3, 3, 2.5, 3.2, 4.1);
	radioembo_dvh *dvh = SENTINEL_DVH;
	float *rho = radioembo_volume_data_mutable(density);
	size_t i;

	(void)state;
	make_gradient(&dose, &labels);
	for (i = 0; i < 360; i++)
		rho[i] = 1.06f;
	assert_fails(radioembo_dvh_new(dose, other_dims, 2, NULL, 1.06, 2.5, &dvh),
		     RADIOEMBO_EINVAL, "dimensions differ");
	assert_fails(radioembo_dvh_new(dose, other_spacing, 2, NULL, 1.06, 2.5, &dvh),
		     RADIOEMBO_EINVAL, "spacing differs");
	assert_fails(radioembo_dvh_new(dose, labels, 0, NULL, 1.06, 2.5, &dvh), RADIOEMBO_EINVAL,
		     "label");
	assert_fails(radioembo_dvh_new(dose, labels, -3, NULL, 1.06, 2.5, &dvh), RADIOEMBO_EINVAL,
		     "label");
	assert_fails(radioembo_dvh_new(dose, labels, 16777217, NULL, 1.06, 2.5, &dvh),
		     RADIOEMBO_EINVAL, "label");
	assert_fails(radioembo_dvh_new(dose, labels, 2, other_spacing, 1.06, 2.5, &dvh),
		     RADIOEMBO_EINVAL, "density_g_per_ml");
	assert_fails(radioembo_dvh_new(dose, labels, 2, NULL, 0.0, 2.5, &dvh), RADIOEMBO_EINVAL,
		     "uniform_density_g_per_ml");
	/* kg/m^3 by mistake */
	assert_fails(radioembo_dvh_new(dose, labels, 2, NULL, 1060.0, 2.5, &dvh),
		     RADIOEMBO_EINVAL, "uniform_density_g_per_ml");
	assert_fails(radioembo_dvh_new(dose, labels, 2, NULL, 1.06, 0.0, &dvh), RADIOEMBO_EINVAL,
		     "bin_width_gy");
	assert_fails(radioembo_dvh_new(dose, labels, 2, NULL, 1.06, -2.5, &dvh), RADIOEMBO_EINVAL,
		     "bin_width_gy");
	assert_fails(radioembo_dvh_new(dose, labels, 2, NULL, 1.06, INFINITY, &dvh),
		     RADIOEMBO_EINVAL, "bin_width_gy");
	/* 55.4 Gy in 1e-9 Gy bins: more than 2^24 bins */
	assert_fails(radioembo_dvh_new(dose, labels, 2, NULL, 1.06, 1e-9, &dvh), RADIOEMBO_EINVAL,
		     "bin_width_gy");
	/* no voxel of label 7 */
	assert_fails(radioembo_dvh_new(dose, labels, 7, NULL, 1.06, 2.5, &dvh),
		     RADIOEMBO_ENOTFOUND, "label 7");
	/* a density voxel of 0 (air) or 1060 (kg/m^3) inside the structure */
	rho[45] = 0.0f;
	assert_fails(radioembo_dvh_new(dose, labels, 2, density, 1.06, 2.5, &dvh),
		     RADIOEMBO_EINVAL, "density_g_per_ml voxel 45");
	rho[45] = 1060.0f;
	assert_fails(radioembo_dvh_new(dose, labels, 2, density, 1.06, 2.5, &dvh),
		     RADIOEMBO_EINVAL, "density_g_per_ml voxel 45");
	/* ... but outside it (structure 1) it is not used */
	rho[45] = 1.06f;
	rho[300] = 0.0f;
	assert_ok(radioembo_dvh_new(dose, labels, 2, density, 1.06, 2.5, &dvh));
	radioembo_dvh_free(dvh);
	dvh = SENTINEL_DVH;
	/* a dose that is not finite inside the structure (negative ones are kept) */
	radioembo_volume_data_mutable(dose)[47] = NAN;
	assert_fails(radioembo_dvh_new(dose, labels, 2, NULL, 1.06, 2.5, &dvh), RADIOEMBO_EINVAL,
		     "dose_gy voxel 47");
	radioembo_volume_data_mutable(dose)[47] = -INFINITY;
	assert_fails(radioembo_dvh_new(dose, labels, 2, NULL, 1.06, 2.5, &dvh), RADIOEMBO_EINVAL,
		     "dose_gy voxel 47");
	assert_ptr_equal(dvh, SENTINEL_DVH);
	/* new_threads: threads within [1, 1024], then as new (the first voxel named) */
	assert_fails(radioembo_dvh_new_threads(dose, labels, 2, NULL, 1.06, 2.5, 0, &dvh),
		     RADIOEMBO_EINVAL, "threads must be within [1, 1024], got 0");
	assert_fails(radioembo_dvh_new_threads(dose, labels, 2, NULL, 1.06, 2.5, 1025, &dvh),
		     RADIOEMBO_EINVAL, "threads");
	assert_fails(radioembo_dvh_new_threads(dose, other_dims, 2, NULL, 1.06, 2.5, 2, &dvh),
		     RADIOEMBO_EINVAL, "dimensions differ");
	assert_fails(radioembo_dvh_new_threads(dose, labels, 0, NULL, 1.06, 2.5, 2, &dvh),
		     RADIOEMBO_EINVAL, "label");
	assert_fails(radioembo_dvh_new_threads(dose, labels, 2, NULL, 1.06, 0.0, 2, &dvh),
		     RADIOEMBO_EINVAL, "bin_width_gy");
	assert_fails(radioembo_dvh_new_threads(dose, labels, 7, NULL, 1.06, 2.5, 3, &dvh),
		     RADIOEMBO_ENOTFOUND, "label 7");
	assert_fails(radioembo_dvh_new_threads(dose, labels, 2, NULL, 1.06, 2.5, 8, &dvh),
		     RADIOEMBO_EINVAL, "dose_gy voxel 47");
	radioembo_volume_data_mutable(dose)[47] = 1.0f;
	assert_fails(radioembo_dvh_new_threads(dose, labels, 2, NULL, 1.06, 1e-9, 3, &dvh),
		     RADIOEMBO_EINVAL, "bin_width_gy");
	rho[300] = 1.06f;
	rho[45] = 0.0f;
	rho[46] = 0.0f;
	assert_fails(radioembo_dvh_new_threads(dose, labels, 2, density, 1.06, 2.5, 8, &dvh),
		     RADIOEMBO_EINVAL, "density_g_per_ml voxel 45");
	assert_fails(radioembo_dvh_new_threads(dose, labels, 2, NULL, 1.06, 2.5, 2, NULL),
		     RADIOEMBO_EINVAL, "dvh_out");
	assert_ptr_equal(dvh, SENTINEL_DVH);
	radioembo_dvh_free(NULL);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
	radioembo_volume_free(other_dims);
	radioembo_volume_free(other_spacing);
	radioembo_volume_free(density);
}

static void test_dvh_new_reports_allocation_failures(void **state)
{
	radioembo_volume *dose, *labels;
	radioembo_dvh *dvh;
	long n;
	int rc;

	(void)state;
	make_gradient(&dose, &labels);
	/*
	 * the object, the bucket starts, the parts, the block sums, the part's bucket table, the
	 * low halves, the curve
	 */
	for (n = 0;; n++) {
		dvh = SENTINEL_DVH;
		alloc_failure_countdown = n;
		rc = radioembo_dvh_new(dose, labels, 2, NULL, 1.06, 2.5, &dvh);
		if (rc == RADIOEMBO_OK)
			break;
		assert_fails(rc, RADIOEMBO_ENOMEM, "out of memory");
		assert_ptr_equal(dvh, SENTINEL_DVH);
	}
	assert_int_equal(n, 7);
	alloc_failure_countdown = -1;
	radioembo_dvh_free(dvh);
	/* on threads: one bucket table per part, as many parts as threads on a large map */
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
	make_threads_map(&dose, &labels, NULL);
	for (n = 0;; n++) {
		dvh = SENTINEL_DVH;
		alloc_failure_countdown = n;
		rc = radioembo_dvh_new_threads(dose, labels, 1, NULL, 1.06, 0.5, 3, &dvh);
		if (rc == RADIOEMBO_OK)
			break;
		assert_fails(rc, RADIOEMBO_ENOMEM, "out of memory");
		assert_ptr_equal(dvh, SENTINEL_DVH);
	}
	assert_int_equal(n, 9);
	alloc_failure_countdown = -1;
	/* the EUDs' volume fractions */
	{
		double value = TEST_SENTINEL;

		alloc_failure_countdown = 0;
		assert_fails(radioembo_dvh_geud_gy(dvh, 1.0, &value), RADIOEMBO_ENOMEM,
			     "volume fractions");
		alloc_failure_countdown = 0;
		assert_fails(radioembo_dvh_eud_survival_gy(dvh, 0.035, &value), RADIOEMBO_ENOMEM,
			     "volume fractions");
		/* the doses, unpacked */
		alloc_failure_countdown = 1;
		assert_fails(radioembo_dvh_geud_gy(dvh, 1.0, &value), RADIOEMBO_ENOMEM,
			     "voxel doses");
		alloc_failure_countdown = 1;
		assert_fails(radioembo_dvh_eud_survival_gy(dvh, 0.035, &value), RADIOEMBO_ENOMEM,
			     "voxel doses");
		alloc_failure_countdown = -1;
		assert_close(value, TEST_SENTINEL, 0.0);
	}
	radioembo_dvh_free(dvh);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

/* ---- the binned DVH -------------------------------------------------------------------- */

/*
 * The gradient binned at 2.5 Gy in 30 bins (to 75 Gy, above its 55.4 Gy maximum): count,
 * volume, mass, min and max are those of the exact DVH, bit for bit, and so is the mean here
 * (in general up to its last bits: the sum's order may differ, radioembo_dvh(3));
 * the curve's 24 points of the exact DVH are the binned curve's first 24, then 0.
 */
static void test_dvh_binned_gradient_statistics_and_curve(void **state)
{
	radioembo_volume *dose, *labels;
	radioembo_dvh *exact = NULL, *binned = NULL;
	double a = TEST_SENTINEL, b = TEST_SENTINEL, de[24], ve[24], db[30], vb[30];
	size_t count = 0, k;

	(void)state;
	make_gradient(&dose, &labels);
	assert_ok(radioembo_dvh_new(dose, labels, 2, NULL, 1.06, 2.5, &exact));
	assert_ok(radioembo_dvh_new_binned(dose, labels, 2, NULL, 1.06, 2.5, 30, &binned));
	assert_ok(radioembo_dvh_voxel_count(binned, &count));
	assert_int_equal(count, 240);
	assert_ok(radioembo_dvh_volume_ml(binned, &a));
	assert_close(a, 7.872, 1e-14);
	assert_ok(radioembo_dvh_mass_kg(binned, &a));
	assert_close(a, 0.00834432, 1e-14);
	assert_ok(radioembo_dvh_mean_gy(binned, &a));
	assert_ok(radioembo_dvh_mean_gy(exact, &b));
	assert_close(a, 28.3925000369548797607421875, 1e-14);
	assert_close(a, b, 0.0);
	assert_ok(radioembo_dvh_min_gy(binned, &a));
	assert_close(a, gradient_dose(1), 0.0);
	assert_ok(radioembo_dvh_max_gy(binned, &a));
	assert_close(a, gradient_dose(40), 0.0);
	assert_ok(radioembo_dvh_bin_count(binned, &count));
	assert_int_equal(count, 30);
	assert_ok(radioembo_dvh_get_curve(exact, de, ve, 24));
	assert_ok(radioembo_dvh_get_curve(binned, db, vb, 30));
	for (k = 0; k < 30; k++) {
		assert_close(db[k], 2.5 * (double)k, 0.0);
		assert_close(vb[k], k < 24 ? ve[k] : 0.0, 0.0);
	}
	radioembo_dvh_free(exact);
	radioembo_dvh_free(binned);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

/*
 * Ten dyadic doses (exact in floats and in the arithmetic below) binned at 1.5 Gy in 4
 * bins [0, 6): -0.75 | 0.25 1.125 1.25 | 2.0625 2.75 | 3.25 | 4.875 | 7.25 12.5 (underflow
 * | bins 0-3 | overflow), hand-counted. Voxels at or above 0, 1.5, 3, 4.5, 6: 9, 6, 4, 3, 2.
 * Dx: the bin holding the ceil(10x)-th highest voxel, linear within it over its range
 * narrowed to [min, max] = [-0.75, 12.5] (hand-computed, exact in binary):
 *   D10: overflow [6, 12.5], 2 -> 0 voxels, 1 reached halfway: 12.5 - 6.5 / 2 = 9.25
 *   D35: [3, 4.5], 4 -> 3, 3.5 halfway: 3.75;  D50: [1.5, 3], 6 -> 4, 5: 2.25
 *   D60: [1.5, 3] at its low end: 1.5;  D95: underflow [-0.75, 0], 10 -> 9: -0.375
 *   D100: -0.75 (the minimum)
 * Vx: V(0) 0.9, V(1.5) 0.6, V(4.5) 0.3, V(6) 0.2 (edges, exact); V(2.25) = (4 + 2 * 0.5) /
 * 10 = 0.5; V(0.1) = (6 + 3 * 1.4 / 1.5) / 10 = 0.88; V(9.25) = (2 * 3.25 / 6.5) / 10 = 0.1;
 * V(12.5) = V(13) = 0. Voxels of label 0 (a NaN, 999 Gy) do not count.
 */
static void test_dvh_binned_hand_computed_histogram(void **state)
{
	static const float doses[12] = { -0.75f, 0.25f, 1.125f, 1.25f, 2.0625f, 2.75f,
					  3.25f,  4.875f, 7.25f,  12.5f, NAN,	  999.0f };
	static const double dx[][2] = { { 0.1, 9.25 }, { 0.35, 3.75 }, { 0.5, 2.25 },
					{ 0.6, 1.5 },  { 0.95, -0.375 }, { 1.0, -0.75 } };
	static const double vx[][2] = { { 0.0, 0.9 },	{ 1.5, 0.6 },  { 4.5, 0.3 },
					{ 6.0, 0.2 },	{ 2.25, 0.5 }, { 0.1, 0.88 },
					{ 9.25, 0.1 }, { 12.5, 0.0 }, { 13.0, 0.0 } };
	radioembo_volume *dose = new_volume(6, 2, 1, 2.0, 2.0, 2.0);
	radioembo_volume *labels = new_volume(6, 2, 1, 2.0, 2.0, 2.0);
	radioembo_dvh *dvh = NULL;
	double value = TEST_SENTINEL, d[4], v[4];
	size_t i;

	(void)state;
	for (i = 0; i < 12; i++) {
		radioembo_volume_data_mutable(dose)[i] = doses[i];
		radioembo_volume_data_mutable(labels)[i] = i < 10 ? 3.0f : 0.0f;
	}
	assert_ok(radioembo_dvh_new_binned(dose, labels, 3, NULL, 1.0, 1.5, 4, &dvh));
	/* (sum of the ten, by hand 34.5625) / 10 */
	assert_ok(radioembo_dvh_mean_gy(dvh, &value));
	assert_close(value, 3.45625, 1e-15);
	assert_ok(radioembo_dvh_get_curve(dvh, d, v, 4));
	assert_close(v[0], 0.9, 0.0);
	assert_close(v[1], 0.6, 0.0);
	assert_close(v[2], 0.4, 0.0);
	assert_close(v[3], 0.3, 0.0);
	for (i = 0; i < sizeof dx / sizeof dx[0]; i++) {
		assert_ok(radioembo_dvh_dose_at_volume_gy(dvh, dx[i][0], &value));
		assert_close(value, dx[i][1], 1e-15);
	}
	for (i = 0; i < sizeof vx / sizeof vx[0]; i++) {
		assert_ok(radioembo_dvh_volume_at_dose(dvh, vx[i][0], &value));
		assert_close(value, vx[i][1], 1e-15);
	}
	radioembo_dvh_free(dvh);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

/*
 * Agreement with the exact DVH: on the gradient (Dx of every row of the exact test within
 * one 2.5 Gy bin) and on 20000 random doses (5 % negative, 2^-2 .. 2^6 Gy, repeated values
 * and zeros) binned at 0.25 Gy in 300 bins: Dx within one bin width (within the underflow
 * bin's width |min| below 0), and Vx between the exact V at the edges of its bin.
 */
static void test_dvh_binned_agrees_with_exact(void **state)
{
	enum { N = 20000 };
	static const double fractions[] = { 0.02, 0.5, 0.7, 0.9, 0.95, 0.98, 1.0, 1.0 / 240,
					    0.025, 0.0251 };
	radioembo_volume *dose, *labels;
	radioembo_dvh *exact = NULL, *binned = NULL;
	uint64_t state_lcg = 0x2545F4914F6CDD1Du;
	double a, b, low, high, minimum;
	float *d;
	size_t i, k;

	(void)state;
	make_gradient(&dose, &labels);
	assert_ok(radioembo_dvh_new(dose, labels, 2, NULL, 1.06, 2.5, &exact));
	assert_ok(radioembo_dvh_new_binned(dose, labels, 2, NULL, 1.06, 2.5, 30, &binned));
	for (i = 0; i < sizeof fractions / sizeof fractions[0]; i++) {
		assert_ok(radioembo_dvh_dose_at_volume_gy(exact, fractions[i], &a));
		assert_ok(radioembo_dvh_dose_at_volume_gy(binned, fractions[i], &b));
		assert_true(fabs(a - b) <= 2.5);
	}
	radioembo_dvh_free(exact);
	radioembo_dvh_free(binned);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);

	dose = new_volume(100, 200, 1, 2.0, 2.0, 2.0);
	labels = new_volume(100, 200, 1, 2.0, 2.0, 2.0);
	d = radioembo_volume_data_mutable(dose);
	for (i = 0; i < N; i++) {
		state_lcg = state_lcg * 6364136223846793005u + 1442695040888963407u;
		double u = (double)(state_lcg >> 11) / 9007199254740992.0;

		d[i] = i % 7 == 0 ? 3.75f
		       : i % 11 == 0 ? 0.0f
		       : (float)((i % 20 == 3 ? -0.01 : 1.0) * pow(2.0, 8.0 * u - 2.0));
		radioembo_volume_data_mutable(labels)[i] = 1.0f;
	}
	assert_ok(radioembo_dvh_new(dose, labels, 1, NULL, 1.06, 0.25, &exact));
	assert_ok(radioembo_dvh_new_binned(dose, labels, 1, NULL, 1.06, 0.25, 300, &binned));
	assert_ok(radioembo_dvh_min_gy(exact, &minimum));
	assert_true(minimum < 0.0);
	for (k = 1; k <= N; k += 37) {
		assert_ok(radioembo_dvh_dose_at_volume_gy(exact, (double)k / N, &a));
		assert_ok(radioembo_dvh_dose_at_volume_gy(binned, (double)k / N, &b));
		assert_true(fabs(a - b) <= (a >= 0.0 ? 0.25 : -minimum));
	}
	for (k = 0; k < 3000; k += 7) {
		double level = 0.0213 * (double)k, edge = 0.25 * floor(level / 0.25);

		assert_ok(radioembo_dvh_volume_at_dose(binned, level, &b));
		assert_ok(radioembo_dvh_volume_at_dose(exact, edge, &high));
		assert_ok(radioembo_dvh_volume_at_dose(exact, edge + 0.25, &low));
		assert_true(b <= high && b >= low);
	}
	radioembo_dvh_free(exact);
	radioembo_dvh_free(binned);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

/*
 * The binned curve equals the exact DVH's curve point for point (both count a dose d in the
 * bin k w <= d < (k + 1) w decided on the doubles), also for doses at and next to the
 * edges of a width that is not a binary fraction (0.1 Gy), zeros of both signs, negative
 * doses and doses in the overflow, with a label map whose structure has holes (groups of
 * four voxels partly inside), and an odd voxel count (a tail).
 */
/*
 * Zero extremes keep the sign of the structure's first zero in a binned DVH as in the exact
 * one, also where the binned sweep runs on vector lanes: here the first zero (+0, voxel 3)
 * lies in a later lane than a later zero (-0, voxel 8), and a reduction in lane order took
 * -0 (found by the voxel fuzz target). Minimum with positive doses, maximum with negative.
 */
static void test_dvh_binned_zero_extremes_keep_the_first_sign(void **state)
{
	float d[16], l[16];
	radioembo_volume *dose, *labels;
	radioembo_dvh *exact = NULL, *binned = NULL;
	double a, b;
	size_t i;
	int negative;

	(void)state;
	for (negative = 0; negative < 2; negative++) {
		for (i = 0; i < 16; i++) {
			d[i] = negative ? -(float)(i + 1) : (float)(i + 1);
			l[i] = 1.0f;
		}
		d[3] = 0.0f;
		d[8] = -0.0f;
		assert_ok(radioembo_volume_new_from_data(d, 16, 16, 1, 1, 4, 4, 4, &dose));
		assert_ok(radioembo_volume_new_from_data(l, 16, 16, 1, 1, 4, 4, 4, &labels));
		assert_ok(radioembo_dvh_new(dose, labels, 1, NULL, 1.05, 0.5, &exact));
		assert_ok(radioembo_dvh_new_binned(dose, labels, 1, NULL, 1.05, 0.5, 64, &binned));
		if (negative) {
			assert_ok(radioembo_dvh_max_gy(exact, &a));
			assert_ok(radioembo_dvh_max_gy(binned, &b));
		} else {
			assert_ok(radioembo_dvh_min_gy(exact, &a));
			assert_ok(radioembo_dvh_min_gy(binned, &b));
		}
		assert_true(a == 0.0 && !signbit(a));
		assert_true(b == 0.0 && !signbit(b));
		radioembo_dvh_free(binned);
		radioembo_dvh_free(exact);
		radioembo_volume_free(labels);
		radioembo_volume_free(dose);
	}
}

static void test_dvh_binned_edges_match_exact_curve(void **state)
{
	enum { NX = 61, NY = 53, NZ = 11, N = NX * NY * NZ };
	radioembo_volume *dose = new_volume(NX, NY, NZ, 2.0, 2.0, 2.0);
	radioembo_volume *labels = new_volume(NX, NY, NZ, 2.0, 2.0, 2.0);
	radioembo_dvh *exact = NULL, *binned = NULL;
	uint64_t state_lcg = 0x9E3779B97F4A7C15u;
	float *d = radioembo_volume_data_mutable(dose), *l = radioembo_volume_data_mutable(labels);
	size_t i, k, exact_bins = 0, count = 0, bins[2];
	double a = TEST_SENTINEL, b = TEST_SENTINEL;
	double *de, *ve, *db, *vb;

	(void)state;
	for (i = 0; i < N; i++) {
		state_lcg = state_lcg * 6364136223846793005u + 1442695040888963407u;
		uint64_t r = state_lcg >> 20;
		float edge = (float)(0.1 * (double)(r % 900));

		switch (i % 9) {
		case 0: d[i] = edge; break;
		case 1: d[i] = nextafterf(edge, 0.0f); break;
		case 2: d[i] = nextafterf(edge, 1000.0f); break;
		case 3: d[i] = i % 2 ? 0.0f : -0.0f; break;
		case 4: d[i] = -(float)(r % 1000) * 1e-4f; break;
		default: d[i] = (float)((double)(r % 1000003) * 9e-5); break;
		}
		/* holes of one voxel and runs of a few, as at a structure's border */
		l[i] = (r >> 30) % 13 == 0 || (i / 5) % 17 == 0 ? 0.0f : 1.0f;
	}
	assert_ok(radioembo_dvh_new(dose, labels, 1, NULL, 1.06, 0.1, &exact));
	assert_ok(radioembo_dvh_bin_count(exact, &exact_bins));
	de = malloc(exact_bins * sizeof *de);
	ve = malloc(exact_bins * sizeof *ve);
	db = malloc(exact_bins * sizeof *db);
	vb = malloc(exact_bins * sizeof *vb);
	assert_non_null(de), assert_non_null(ve), assert_non_null(db), assert_non_null(vb);
	assert_ok(radioembo_dvh_get_curve(exact, de, ve, exact_bins));
	/* all bins (empty overflow), and 40 bins fewer (the top doses in the overflow) */
	bins[0] = exact_bins;
	bins[1] = exact_bins - 40;
	for (k = 0; k < 2; k++) {
		assert_ok(radioembo_dvh_new_binned(dose, labels, 1, NULL, 1.06, 0.1, bins[k],
						   &binned));
		assert_ok(radioembo_dvh_voxel_count(binned, &count));
		assert_ok(radioembo_dvh_voxel_count(exact, &i));
		assert_int_equal(count, i);
		assert_ok(radioembo_dvh_get_curve(binned, db, vb, bins[k]));
		for (i = 0; i < bins[k]; i++) {
			assert_close(db[i], de[i], 0.0);
			assert_close(vb[i], ve[i], 0.0);
		}
		assert_ok(radioembo_dvh_min_gy(binned, &a));
		assert_ok(radioembo_dvh_min_gy(exact, &b));
		assert_close(a, b, 0.0);
		assert_ok(radioembo_dvh_max_gy(binned, &a));
		assert_ok(radioembo_dvh_max_gy(exact, &b));
		assert_close(a, b, 0.0);
		/* the same doses summed in another order (radioembo_dvh(3)) */
		assert_ok(radioembo_dvh_mean_gy(binned, &a));
		assert_ok(radioembo_dvh_mean_gy(exact, &b));
		assert_close(a, b, 1e-14);
		radioembo_dvh_free(binned);
	}
	free(de), free(ve), free(db), free(vb);
	radioembo_dvh_free(exact);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

static void test_dvh_binned_rejects_invalid_arguments(void **state)
{
	radioembo_volume *dose, *labels, *other_dims = new_volume(40, 3, 2, 2.5, 3.2, 4.1);
	radioembo_volume *density = new_volume(40, 3, 3, 2.5, 3.2, 4.1);
	radioembo_dvh *dvh = SENTINEL_DVH;
	double value = TEST_SENTINEL;
	float *rho = radioembo_volume_data_mutable(density);
	size_t i;

	(void)state;
	make_gradient(&dose, &labels);
	for (i = 0; i < 360; i++)
		rho[i] = 1.06f;
	assert_fails(radioembo_dvh_new_binned(dose, other_dims, 2, NULL, 1.06, 2.5, 30, &dvh),
		     RADIOEMBO_EINVAL, "dimensions differ");
	assert_fails(radioembo_dvh_new_binned(dose, labels, 0, NULL, 1.06, 2.5, 30, &dvh),
		     RADIOEMBO_EINVAL, "label");
	assert_fails(radioembo_dvh_new_binned(dose, labels, 16777217, NULL, 1.06, 2.5, 30, &dvh),
		     RADIOEMBO_EINVAL, "label");
	assert_fails(radioembo_dvh_new_binned(dose, labels, 2, other_dims, 1.06, 2.5, 30, &dvh),
		     RADIOEMBO_EINVAL, "density_g_per_ml");
	assert_fails(radioembo_dvh_new_binned(dose, labels, 2, NULL, 1060.0, 2.5, 30, &dvh),
		     RADIOEMBO_EINVAL, "uniform_density_g_per_ml");
	assert_fails(radioembo_dvh_new_binned(dose, labels, 2, NULL, 1.06, 0.0, 30, &dvh),
		     RADIOEMBO_EINVAL, "bin_width_gy");
	assert_fails(radioembo_dvh_new_binned(dose, labels, 2, NULL, 1.06, -2.5, 30, &dvh),
		     RADIOEMBO_EINVAL, "bin_width_gy");
	assert_fails(radioembo_dvh_new_binned(dose, labels, 2, NULL, 1.06, INFINITY, 30, &dvh),
		     RADIOEMBO_EINVAL, "bin_width_gy");
	assert_fails(radioembo_dvh_new_binned(dose, labels, 2, NULL, 1.06, 2.5, 0, &dvh),
		     RADIOEMBO_EINVAL, "bin_count");
	assert_fails(radioembo_dvh_new_binned(dose, labels, 2, NULL, 1.06, 2.5,
					      ((size_t)1 << 24) + 1, &dvh),
		     RADIOEMBO_EINVAL, "bin_count");
	assert_fails(radioembo_dvh_new_binned(dose, labels, 2, NULL, 1.06, 2.5, SIZE_MAX, &dvh),
		     RADIOEMBO_EINVAL, "bin_count");
	/* edges up to 1000 * 1e306 Gy: not doubles */
	assert_fails(radioembo_dvh_new_binned(dose, labels, 2, NULL, 1.06, 1e306, 1000, &dvh),
		     RADIOEMBO_ERANGE, "bin_count * bin_width_gy");
	assert_fails(radioembo_dvh_new_binned(dose, labels, 7, NULL, 1.06, 2.5, 30, &dvh),
		     RADIOEMBO_ENOTFOUND, "label 7");
	rho[45] = 0.0f;
	assert_fails(radioembo_dvh_new_binned(dose, labels, 2, density, 1.06, 2.5, 30, &dvh),
		     RADIOEMBO_EINVAL, "density_g_per_ml voxel 45");
	rho[45] = 1.06f;
	radioembo_volume_data_mutable(dose)[47] = NAN;
	assert_fails(radioembo_dvh_new_binned(dose, labels, 2, NULL, 1.06, 2.5, 30, &dvh),
		     RADIOEMBO_EINVAL, "dose_gy voxel 47");
	radioembo_volume_data_mutable(dose)[47] = INFINITY;
	assert_fails(radioembo_dvh_new_binned(dose, labels, 2, NULL, 1.06, 2.5, 30, &dvh),
		     RADIOEMBO_EINVAL, "dose_gy voxel 47");
	assert_ptr_equal(dvh, SENTINEL_DVH);
	/* the EUDs need the voxel doses, which a binned DVH does not keep */
	radioembo_volume_data_mutable(dose)[47] = 2.0f;
	assert_ok(radioembo_dvh_new_binned(dose, labels, 2, density, 1.06, 2.5, 30, &dvh));
	assert_fails(radioembo_dvh_geud_gy(dvh, 1.0, &value), RADIOEMBO_EINVAL, "binned");
	assert_fails(radioembo_dvh_eud_survival_gy(dvh, 0.035, &value), RADIOEMBO_EINVAL,
		     "binned");
	assert_close(value, TEST_SENTINEL, 0.0);
	radioembo_dvh_free(dvh);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
	radioembo_volume_free(other_dims);
	radioembo_volume_free(density);
}

static void test_dvh_binned_reports_allocation_failures(void **state)
{
	radioembo_volume *dose, *labels;
	radioembo_dvh *dvh;
	long n;
	int rc;

	(void)state;
	make_gradient(&dose, &labels);
	/* the object, the bins, the curve, the sweep's four sub-histograms (x86-64) */
	for (n = 0;; n++) {
		dvh = SENTINEL_DVH;
		alloc_failure_countdown = n;
		rc = radioembo_dvh_new_binned(dose, labels, 2, NULL, 1.06, 2.5, 30, &dvh);
		if (rc == RADIOEMBO_OK)
			break;
		assert_fails(rc, RADIOEMBO_ENOMEM, "out of memory");
		assert_ptr_equal(dvh, SENTINEL_DVH);
	}
#if defined(__SSE2__)
	assert_int_equal(n, 4);
#else
	assert_int_equal(n, 3);
#endif
	alloc_failure_countdown = -1;
	radioembo_dvh_free(dvh);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

static void test_dvh_getters_reject_invalid_arguments(void **state)
{
	radioembo_volume *dose, *labels;
	radioembo_dvh *dvh = NULL;
	double value = TEST_SENTINEL, doses[24], fractions[24];
	size_t count = 12345;

	(void)state;
	make_gradient(&dose, &labels);
	assert_ok(radioembo_dvh_new(dose, labels, 2, NULL, 1.06, 2.5, &dvh));
	assert_fails(radioembo_dvh_dose_at_volume_gy(dvh, 0.0, &value), RADIOEMBO_EINVAL,
		     "volume_fraction");
	assert_fails(radioembo_dvh_dose_at_volume_gy(dvh, 1.0000001, &value), RADIOEMBO_EINVAL,
		     "volume_fraction");
	assert_fails(radioembo_dvh_volume_at_dose(dvh, -0.5, &value), RADIOEMBO_EINVAL,
		     "dose_gy");
	assert_fails(radioembo_dvh_get_curve(dvh, doses, fractions, 23), RADIOEMBO_EINVAL,
		     "bin count 24");
	assert_fails(radioembo_dvh_geud_gy(dvh, 0.0, &value), RADIOEMBO_EINVAL, "a must");
	assert_fails(radioembo_dvh_geud_gy(dvh, NAN, &value), RADIOEMBO_EINVAL, "a must");
	assert_fails(radioembo_dvh_eud_survival_gy(dvh, 0.0, &value), RADIOEMBO_EINVAL,
		     "alpha_per_gy");
	assert_fails(radioembo_dvh_eud_survival_gy(dvh, INFINITY, &value), RADIOEMBO_EINVAL,
		     "alpha_per_gy");
	assert_close(value, TEST_SENTINEL, 0.0);
	assert_int_equal(count, 12345);
	radioembo_dvh_free(dvh);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

static void test_dvh_fraction_outside_rejects_invalid_arguments(void **state)
{
	radioembo_volume *activity = new_volume(4, 3, 2, 4.0, 4.0, 4.0);
	radioembo_volume *labels = new_volume(4, 3, 2, 4.0, 4.0, 4.0);
	radioembo_volume *other = new_volume(4, 3, 2, 4.0, 4.0, 4.42);
	double fraction = TEST_SENTINEL;

	(void)state;
	assert_fails(radioembo_voxel_fraction_outside(activity, other, &fraction), RADIOEMBO_EINVAL,
		     "spacing differs");
	/* no activity at all */
	assert_fails(radioembo_voxel_fraction_outside(activity, labels, &fraction),
		     RADIOEMBO_EINVAL, "activity_gbq");
	radioembo_volume_data_mutable(activity)[3] = 2.385f;
	radioembo_volume_data_mutable(activity)[5] = NAN;
	assert_fails(radioembo_voxel_fraction_outside(activity, labels, &fraction),
		     RADIOEMBO_EINVAL, "activity_gbq voxel 5");
	/* negative voxels that outweigh the rest: a net sum <= 0 */
	radioembo_volume_data_mutable(activity)[5] = -2.385f;
	assert_fails(radioembo_voxel_fraction_outside(activity, labels, &fraction),
		     RADIOEMBO_EINVAL, "activity_gbq");
	assert_close(fraction, TEST_SENTINEL, 0.0);
	radioembo_volume_free(activity);
	radioembo_volume_free(labels);
	radioembo_volume_free(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_dvh_gradient_statistics),
		TEST(test_dvh_gradient_dose_at_volume_without_interpolation),
		TEST(test_dvh_gradient_volume_at_dose),
		TEST(test_dvh_gradient_curve_monotone_ending_at_zero),
		TEST(test_dvh_curve_ends_at_zero_when_max_is_a_bin),
		TEST(test_dvh_gradient_eud),
		TEST(test_dvh_mass_from_density_map),
		TEST(test_dvh_rank_is_not_pushed_by_rounding),
		TEST(test_dvh_uniform_sphere),
		TEST(test_dvh_fraction_outside),
		TEST(test_dvh_keeps_negative_doses),
		TEST(test_dvh_all_negative_structure),
		TEST(test_dvh_matches_a_full_sort),
		TEST(test_dvh_fraction_outside_with_negative_activity),
		TEST(test_dvh_threads_give_the_same_dvh),
		TEST(test_dvh_threads_match_a_full_sort),
		TEST(test_dvh_threads_zero_extremes_keep_the_first_sign),
		TEST(test_dvh_large_labels_select_their_own_voxels),
		TEST(test_dvh_new_rejects_invalid_arguments),
		TEST(test_dvh_new_reports_allocation_failures),
		TEST(test_dvh_getters_reject_invalid_arguments),
		TEST(test_dvh_binned_gradient_statistics_and_curve),
		TEST(test_dvh_binned_hand_computed_histogram),
		TEST(test_dvh_binned_agrees_with_exact),
		TEST(test_dvh_binned_edges_match_exact_curve),
		TEST(test_dvh_binned_zero_extremes_keep_the_first_sign),
		TEST(test_dvh_binned_rejects_invalid_arguments),
		TEST(test_dvh_binned_reports_allocation_failures),
		TEST(test_dvh_fraction_outside_rejects_invalid_arguments),
	};

	return cmocka_run_group_tests_name("dvh", tests, NULL, NULL);
}
