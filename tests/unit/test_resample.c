/*
 * resample module: a volume onto another's grid through patient coordinates. Golden values
 * are analytic: trilinear interpolation reproduces an affine function of position exactly
 * (f = 2.385 x - 1.25 y + 0.5 z + 207, x y z in LPS mm: 117 to 285 on these grids), a grid stored
 * flipped in x gives the mirrored array, nearest never blends labels, and the ACTIVITY mode
 * conserves the total (sum before = sum after, within 1e-6 relative) on refined, coarsened and
 * rotated grids, and the same bits on any thread count. Every error path, allocation failures
 * included. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "alloc_failure.h" /* first: it replaces the library's allocator */

#include <math.h>

#include "testutil.h"

static double affine_field(const double p[3])
{
	return 2.385 * p[0] - 1.25 * p[1] + 0.5 * p[2] + 207.0;
}

/* The LPS position of voxel (i, j, k) of v, from its public affine. */
static void position(const radioembo_volume *v, size_t i, size_t j, size_t k, double p[3])
{
	double a[16];
	int r;

	assert_ok(radioembo_volume_get_affine_mm(v, a, 16));
	for (r = 0; r < 3; r++)
		p[r] = a[4 * r] * (double)i + a[4 * r + 1] * (double)j + a[4 * r + 2] * (double)k +
		       a[4 * r + 3];
}

static radioembo_volume *filled(size_t nx, size_t ny, size_t nz, const double affine[16])
{
	radioembo_volume *v = NULL;
	size_t i, j, k;

	assert_ok(radioembo_volume_new(nx, ny, nz, 1, 1, 1, &v));
	assert_ok(radioembo_volume_set_affine_mm(v, affine, 16));
	for (k = 0; k < nz; k++)
		for (j = 0; j < ny; j++)
			for (i = 0; i < nx; i++) {
				double p[3];
				position(v, i, j, k, p);
				assert_ok(radioembo_volume_set_voxel(v, i, j, k, affine_field(p)));
			}
	return v;
}

static void test_resample_linear_is_exact_for_an_affine_field(void **state)
{
	/* source: 10 x 9 x 8 voxels of 4 x 4.5 x 5 mm; target: finer, inside, offset */
	static const double src[16] = { 4, 0, 0, -20, 0, 4.5, 0, 10, 0, 0, 5, 30, 0, 0, 0, 1 };
	static const double dst[16] = { 1.5, 0, 0,   -17.25, 0, 2.0, 0, 12.5,
					0,   0, 2.5, 33.0,   0, 0,   0, 1 };
	radioembo_volume *s = filled(10, 9, 8, src), *g = filled(20, 15, 12, dst), *out = NULL;
	size_t i, j, k;
	double v, p[3];

	(void)state;
	assert_ok(radioembo_volume_resample(s, g, RADIOEMBO_VOLUME_RESAMPLE_LINEAR, -1000.0, &out));
	for (k = 0; k < 12; k++)
		for (j = 0; j < 15; j++)
			for (i = 0; i < 20; i++) {
				position(out, i, j, k, p);
				assert_ok(radioembo_volume_get_voxel(out, i, j, k, &v));
				assert_close(v, affine_field(p), 1e-5);
			}
	radioembo_volume_free(out);
	radioembo_volume_free(g);
	radioembo_volume_free(s);
}

static void test_resample_flipped_grid_mirrors(void **state)
{
	/* the same box stored with x reversed: voxel i of the target is voxel 9 - i of source */
	static const double src[16] = { 4, 0, 0, -20, 0, 4.5, 0, 10, 0, 0, 5, 30, 0, 0, 0, 1 };
	static const double flip[16] = { -4, 0, 0, 16, 0, 4.5, 0, 10, 0, 0, 5, 30, 0, 0, 0, 1 };
	radioembo_volume *s = filled(10, 9, 8, src), *g = filled(10, 9, 8, flip), *out = NULL;
	radioembo_volume_resampling modes[3] = { RADIOEMBO_VOLUME_RESAMPLE_LINEAR,
						 RADIOEMBO_VOLUME_RESAMPLE_NEAREST,
						 RADIOEMBO_VOLUME_RESAMPLE_ACTIVITY };
	double a, b, sum_s, sum_o;
	int m;

	(void)state;
	for (m = 0; m < 3; m++) {
		assert_ok(radioembo_volume_resample(s, g, modes[m], 0.0, &out));
		assert_ok(radioembo_volume_get_voxel(out, 0, 3, 4, &a));
		assert_ok(radioembo_volume_get_voxel(s, 9, 3, 4, &b));
		assert_close(a, b, 1e-6);
		assert_ok(radioembo_volume_get_voxel(out, 7, 8, 0, &a));
		assert_ok(radioembo_volume_get_voxel(s, 2, 8, 0, &b));
		assert_close(a, b, 1e-6);
		assert_ok(radioembo_volume_sum(s, &sum_s));
		assert_ok(radioembo_volume_sum(out, &sum_o));
		assert_close(sum_o, sum_s, 1e-6);
		radioembo_volume_free(out);
		out = NULL;
	}
	radioembo_volume_free(g);
	radioembo_volume_free(s);
}

static void test_resample_nearest_keeps_labels(void **state)
{
	static const double src[16] = { 4, 0, 0, 0, 0, 4, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1 };
	static const double dst[16] = {
		1.7, 0, 0, 0.3, 0, 2.2, 0, -1.0, 0, 0, 1.3, 2.0, 0, 0, 0, 1
	};
	radioembo_volume *s = NULL, *g = NULL, *out = NULL;
	const float *o;
	float *d;
	size_t n, i, ones = 0;

	(void)state;
	assert_ok(radioembo_volume_new(6, 6, 6, 4, 4, 4, &s));
	assert_ok(radioembo_volume_set_affine_mm(s, src, 16));
	d = radioembo_volume_data_mutable(s);
	for (i = 0; i < 216; i++)
		d[i] = (float)(i % 3); /* labels 0, 1, 2 side by side */
	assert_ok(radioembo_volume_new(11, 9, 15, 1, 1, 1, &g));
	assert_ok(radioembo_volume_set_affine_mm(g, dst, 16));
	assert_ok(radioembo_volume_resample(s, g, RADIOEMBO_VOLUME_RESAMPLE_NEAREST, 0.0, &out));
	o = radioembo_volume_data(out);
	assert_ok(radioembo_volume_voxel_count(out, &n));
	for (i = 0; i < n; i++) {
		assert_true(o[i] == 0.0f || o[i] == 1.0f || o[i] == 2.0f);
		ones += o[i] == 1.0f;
	}
	assert_true(ones > 0);
	radioembo_volume_free(out);
	radioembo_volume_free(g);
	radioembo_volume_free(s);
}

/* A source of positive "activity" of high entropy: 0.385 + ((7 v) mod 13) / 3.25 GBq. */
static radioembo_volume *activity(const double affine[16])
{
	radioembo_volume *s = NULL;
	float *d;
	size_t v;

	assert_ok(radioembo_volume_new(9, 8, 7, 1, 1, 1, &s));
	assert_ok(radioembo_volume_set_affine_mm(s, affine, 16));
	d = radioembo_volume_data_mutable(s);
	for (v = 0; v < 9 * 8 * 7; v++)
		d[v] = (float)(0.385 + (double)((7 * v) % 13) / 3.25);
	return s;
}

/* Every mode on 2, 3, 8 and 1024 threads gives the map of one thread, bit for bit. */
static void expect_same_on_threads(const radioembo_volume *s, const radioembo_volume *g)
{
	static const size_t counts[] = { 2, 3, 8, 1024 };
	radioembo_volume *one = NULL, *many = NULL;
	size_t c, n;
	int m;

	assert_ok(radioembo_volume_voxel_count(g, &n));
	for (m = 0; m < 3; m++) {
		radioembo_volume_resampling mode = (radioembo_volume_resampling)m;

		assert_ok(radioembo_volume_resample_threads(s, g, mode, -3.0, 1, &one));
		for (c = 0; c < sizeof counts / sizeof counts[0]; c++) {
			assert_ok(radioembo_volume_resample_threads(s, g, mode, -3.0, counts[c],
								    &many));
			assert_memory_equal(radioembo_volume_data(one), radioembo_volume_data(many),
					    n * sizeof(float));
			radioembo_volume_free(many);
		}
		radioembo_volume_free(one);
	}
}

/* The total conserved onto the grid, and the same bits on any thread count. */
static void expect_conserved(const radioembo_volume *s, const double grid_affine[16], size_t nx,
			     size_t ny, size_t nz)
{
	radioembo_volume *g = NULL, *out = NULL;
	double before, after;

	assert_ok(radioembo_volume_new(nx, ny, nz, 1, 1, 1, &g));
	assert_ok(radioembo_volume_set_affine_mm(g, grid_affine, 16));
	assert_ok(radioembo_volume_resample(s, g, RADIOEMBO_VOLUME_RESAMPLE_ACTIVITY, 0.0, &out));
	assert_ok(radioembo_volume_sum(s, &before));
	assert_ok(radioembo_volume_sum(out, &after));
	assert_close(after, before, 1e-6);
	expect_same_on_threads(s, g);
	radioembo_volume_free(out);
	radioembo_volume_free(g);
}

static void test_resample_activity_conserves_the_total(void **state)
{
	/* source 9 x 8 x 7 voxels of 4.8 x 4.8 x 4.42 mm from (0, 0, 0): 43.2 x 38.4 x 30.94 */
	static const double src[16] = { 4.8, 0, 0, 0, 0, 4.8, 0, 0, 0, 0, 4.42, 0, 0, 0, 0, 1 };
	/* finer (1.5 mm) with a margin, coarser (7 mm), and rotated 30 degrees about z */
	static const double fine[16] = { 1.5, 0, 0, -6, 0, 1.5, 0, -6, 0, 0, 1.5, -6, 0, 0, 0, 1 };
	static const double coarse[16] = { 7, 0, 0, -5, 0, 7, 0, -5, 0, 0, 7, -5, 0, 0, 0, 1 };
	/* 45 x 45 voxels of 2 mm centred on the source's centre (19.2, 16.8): 44 mm either
	 * side, beyond the source's 28.9 mm half-diagonal */
	const double c = cos(0.5235987755982988), s = sin(0.5235987755982988);
	const double rotated[16] = { 2 * c, -2 * s, 0, 19.2 - 44 * (c - s),
				     2 * s, 2 * c,  0, 16.8 - 44 * (s + c),
				     0,	    0,	    2, -5,
				     0,	    0,	    0, 1 };
	/* 2 mm turned 20 degrees about x, covering the source: y and z oblique */
	const double ct = cos(0.3490658503988659), st = sin(0.3490658503988659);
	const double tilted[16] = { 2, 0,      0,      -6,  0, 2 * ct, -2 * st, -6,
				    0, 2 * st, 2 * ct, -20, 0, 0,      0,	1 };
	radioembo_volume *a = activity(src);

	(void)state;
	expect_conserved(a, fine, 38, 35, 30);
	expect_conserved(a, coarse, 9, 9, 7);
	expect_conserved(a, rotated, 45, 45, 25);
	expect_conserved(a, tilted, 26, 32, 26);
	radioembo_volume_free(a);
}

static void test_resample_activity_shares_by_overlap(void **state)
{
	/*
	 * Hand computation. Source: 3 voxels of 3 mm along x at 0, 3, 6 mm (boxes [-1.5, 1.5],
	 * [1.5, 4.5], [4.5, 7.5]) holding 1.2, 2.4, 0.6. Target: 4 voxels of 2 mm at -0.5, 1.5,
	 * 3.5, 5.5 (boxes [-1.5, 0.5], [0.5, 2.5], [2.5, 4.5], [4.5, 6.5]): 1.2 * 2/3 = 0.8;
	 * 1.2/3 + 2.4/3 = 1.2; 2.4 * 2/3 = 1.6; 0.6 * 2/3 = 0.4; 0.6/3 = 0.2 falls outside.
	 */
	static const double tgt[16] = { 2, 0, 0, -0.5, 0, 3, 0, 0, 0, 0, 3, 0, 0, 0, 0, 1 };
	static const float values[3] = { 1.2f, 2.4f, 0.6f };
	static const double expected[4] = { 0.8, 1.2, 1.6, 0.4 };
	radioembo_volume *s = NULL, *g = NULL, *out = NULL;
	double v;
	size_t i;

	(void)state;
	assert_ok(radioembo_volume_new_from_data(values, 3, 3, 1, 1, 3, 3, 3, &s));
	assert_ok(radioembo_volume_new(4, 1, 1, 1, 1, 1, &g));
	assert_ok(radioembo_volume_set_affine_mm(g, tgt, 16));
	assert_ok(radioembo_volume_resample(s, g, RADIOEMBO_VOLUME_RESAMPLE_ACTIVITY, 0, &out));
	for (i = 0; i < 4; i++) {
		assert_ok(radioembo_volume_get_voxel(out, i, 0, 0, &v));
		assert_close(v, expected[i], 1e-6);
	}
	radioembo_volume_free(out);
	radioembo_volume_free(g);
	radioembo_volume_free(s);
}

static void test_resample_outside_the_source(void **state)
{
	static const double src[16] = { 4, 0, 0, 0, 0, 4, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1 };
	static const double far[16] = { 4, 0, 0, 500, 0, 4, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1 };
	radioembo_volume *s = filled(5, 5, 5, src), *g = filled(5, 5, 5, far), *out = NULL;
	double v, sum;

	(void)state;
	assert_ok(radioembo_volume_resample(s, g, RADIOEMBO_VOLUME_RESAMPLE_LINEAR, -1000.0, &out));
	assert_ok(radioembo_volume_get_voxel(out, 2, 2, 2, &v));
	assert_close(v, -1000.0, 0.0);
	radioembo_volume_free(out);
	assert_ok(radioembo_volume_resample(s, g, RADIOEMBO_VOLUME_RESAMPLE_NEAREST, 3.5, &out));
	assert_ok(radioembo_volume_get_voxel(out, 4, 0, 1, &v));
	assert_close(v, 3.5, 0.0);
	radioembo_volume_free(out);
	assert_ok(radioembo_volume_resample(s, g, RADIOEMBO_VOLUME_RESAMPLE_ACTIVITY, 3.5, &out));
	assert_ok(radioembo_volume_sum(out, &sum));
	assert_close(sum, 0.0, 0.0); /* everything fell outside: lost, not invented */
	radioembo_volume_free(out);
	radioembo_volume_free(g);
	radioembo_volume_free(s);
}

/*
 * ACTIVITY on parallel axes with extreme geometry: a source 2e308 mm away from the target
 * (its distance in target voxels overflows a double) and a source voxel 1e303 target voxels
 * wide. Both used to convert out-of-range doubles to integers (undefined; the fuzzer found
 * the first); now the far source shares nothing and the wide one next to nothing, and the
 * map is finite.
 */
static void test_resample_activity_extreme_geometry(void **state)
{
	static const float values[2] = { 1.0f, 2.0f };
	radioembo_volume *s = NULL, *g = NULL, *out = NULL;
	double sum = -1.0;

	(void)state;
	assert_ok(radioembo_volume_new_from_data(values, 2, 2, 1, 1, 4, 4, 4, &s));
	assert_ok(radioembo_volume_new(3, 1, 1, 4, 4, 4, &g));
	assert_ok(radioembo_volume_set_origin_mm(s, -1e308, 0, 0));
	assert_ok(radioembo_volume_set_origin_mm(g, 1e308, 0, 0));
	assert_ok(radioembo_volume_resample(s, g, RADIOEMBO_VOLUME_RESAMPLE_ACTIVITY, 0, &out));
	assert_ok(radioembo_volume_sum(out, &sum));
	assert_close(sum, 0.0, 0.0);
	radioembo_volume_free(out);
	radioembo_volume_free(g);
	radioembo_volume_free(s);

	assert_ok(radioembo_volume_new_from_data(values, 2, 2, 1, 1, 1000, 4, 4, &s));
	assert_ok(radioembo_volume_new(3, 1, 1, 1e-300, 4, 4, &g));
	assert_ok(radioembo_volume_resample_threads(s, g, RADIOEMBO_VOLUME_RESAMPLE_ACTIVITY, 0, 2,
						    &out));
	assert_ok(radioembo_volume_sum(out, &sum));
	assert_true(sum >= 0.0 && sum < 1e-290);
	radioembo_volume_free(out);
	radioembo_volume_free(g);
	radioembo_volume_free(s);
}

static void test_resample_rejects_invalid_arguments(void **state)
{
	radioembo_volume *s = NULL, *g = NULL, *out = NULL, *coarse = NULL;
	long n;

	(void)state;
	assert_ok(radioembo_volume_new(4, 3, 2, 2.5, 2.5, 2.5, &s));
	assert_ok(radioembo_volume_new(3, 3, 3, 3.0, 3.0, 3.0, &g));
	assert_fails(radioembo_volume_resample(NULL, g, RADIOEMBO_VOLUME_RESAMPLE_LINEAR, 0, &out),
		     RADIOEMBO_EINVAL, "source");
	assert_fails(radioembo_volume_resample(s, NULL, RADIOEMBO_VOLUME_RESAMPLE_LINEAR, 0, &out),
		     RADIOEMBO_EINVAL, "grid");
	assert_fails(radioembo_volume_resample(s, g, RADIOEMBO_VOLUME_RESAMPLE_LINEAR, 0, NULL),
		     RADIOEMBO_EINVAL, "resampled_out");
	assert_fails(radioembo_volume_resample(s, g, (radioembo_volume_resampling)7, 0, &out),
		     RADIOEMBO_EINVAL, "mode");
	assert_fails(radioembo_volume_resample(s, g, RADIOEMBO_VOLUME_RESAMPLE_LINEAR, NAN, &out),
		     RADIOEMBO_EINVAL, "outside_value");
	assert_fails(radioembo_volume_resample(s, g, RADIOEMBO_VOLUME_RESAMPLE_LINEAR, 1e39, &out),
		     RADIOEMBO_EINVAL, "outside_value");
	assert_fails(radioembo_volume_resample_threads(s, g, RADIOEMBO_VOLUME_RESAMPLE_LINEAR, 0, 0,
						       &out),
		     RADIOEMBO_EINVAL, "threads must be within [1, 1024], got 0");
	assert_fails(radioembo_volume_resample_threads(s, g, RADIOEMBO_VOLUME_RESAMPLE_ACTIVITY, 0,
						       1025, &out),
		     RADIOEMBO_EINVAL, "threads must be within [1, 1024], got 1025");
	radioembo_volume_data_mutable(s)[5] = INFINITY;
	assert_fails(radioembo_volume_resample(s, g, RADIOEMBO_VOLUME_RESAMPLE_NEAREST, 0, &out),
		     RADIOEMBO_EINVAL, "source voxel 5");
	radioembo_volume_data_mutable(s)[5] = 1.5f;
	assert_null(out);
	/* two voxels of 3e38 GBq into one coarse voxel: 6e38 does not fit a float */
	assert_ok(radioembo_volume_set_voxel(s, 0, 0, 0, 3e38));
	assert_ok(radioembo_volume_set_voxel(s, 1, 0, 0, 3e38));
	assert_ok(radioembo_volume_new(1, 1, 1, 30.0, 30.0, 30.0, &coarse));
	assert_fails(
		radioembo_volume_resample(s, coarse, RADIOEMBO_VOLUME_RESAMPLE_ACTIVITY, 0, &out),
		RADIOEMBO_ERANGE, "float");
	assert_null(out);
	radioembo_volume_free(coarse);
	assert_ok(radioembo_volume_set_voxel(s, 0, 0, 0, 0.0));
	assert_ok(radioembo_volume_set_voxel(s, 1, 0, 0, 0.0));
	/* every allocation (the volume, its voxels, the sums, the overlaps) fails once */
	for (n = 0;; n++) {
		int rc;
		alloc_failure_countdown = n;
		rc = radioembo_volume_resample(s, g, RADIOEMBO_VOLUME_RESAMPLE_ACTIVITY, 0, &out);
		alloc_failure_countdown = -1;
		if (rc == 0)
			break;
		assert_int_equal(rc, RADIOEMBO_ENOMEM);
		assert_null(out);
	}
	assert_true(n >= 9);
	radioembo_volume_free(out);
	radioembo_volume_free(g);
	radioembo_volume_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_resample_linear_is_exact_for_an_affine_field),
		TEST(test_resample_flipped_grid_mirrors),
		TEST(test_resample_nearest_keeps_labels),
		TEST(test_resample_activity_conserves_the_total),
		TEST(test_resample_activity_shares_by_overlap),
		TEST(test_resample_outside_the_source),
		TEST(test_resample_activity_extreme_geometry),
		TEST(test_resample_rejects_invalid_arguments),
	};
	return cmocka_run_group_tests_name("resample", tests, NULL, NULL);
}
