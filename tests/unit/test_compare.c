/*
 * Pre/post comparison (voxel module, lib/voxel/compare.c): the 3D gamma index (Low et al.
 * 1998, Med Phys 25:656) on maps whose gamma is known by hand, isodose Dice of two offset
 * boxes, and every error path (allocation failures included, see alloc_failure.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "alloc_failure.h" /* first: it replaces the library's allocator */

#include <math.h>

#include "testutil.h"

static char sentinel_storage;
#define SENTINEL_VOLUME ((radioembo_volume *)(void *)&sentinel_storage)

static radioembo_volume *new_volume(size_t nx, size_t ny, size_t nz, double sx, double sy,
				    double sz)
{
	radioembo_volume *volume = NULL;

	assert_ok(radioembo_volume_new(nx, ny, nz, sx, sy, sz, &volume));
	return volume;
}

/*
 * A descending ramp along one axis, R(i) = 100 - 6 i Gy (i = 0..9), constant across the
 * other two (3 voxels each), and the same ramp shifted by one voxel towards +i:
 * E(i) = R(i - 1) = 106 - 6 i. With a 3 % global criterion dD = 3 Gy, so the dose term of
 * the unshifted voxel is 6/3 = 2 while the shifted one matches exactly one voxel away.
 * threshold 0.5 leaves out only i = 9 (46 Gy < 50 Gy), the voxel with no match in the grid.
 */
static void make_shifted_ramps(int axis, const double spacing[3], radioembo_volume **reference,
			       radioembo_volume **evaluated)
{
	size_t n[3] = {3, 3, 3}, x, y, z, i = 0;
	float *r, *e;

	n[axis] = 10;
	*reference = new_volume(n[0], n[1], n[2], spacing[0], spacing[1], spacing[2]);
	*evaluated = new_volume(n[0], n[1], n[2], spacing[0], spacing[1], spacing[2]);
	r = radioembo_volume_data_mutable(*reference);
	e = radioembo_volume_data_mutable(*evaluated);
	for (z = 0; z < n[2]; z++)
		for (y = 0; y < n[1]; y++)
			for (x = 0; x < n[0]; x++, i++) {
				size_t k = axis == 0 ? x : axis == 1 ? y : z;

				r[i] = (float)(100.0 - 6.0 * (double)k);
				e[i] = (float)(106.0 - 6.0 * (double)k);
			}
}

/* Every evaluated voxel (reference >= 50 Gy) has gamma `expected`, the others 0. */
static void assert_gamma_everywhere(const radioembo_volume *reference,
				    const radioembo_volume *gamma, double expected)
{
	const float *r = radioembo_volume_data(reference), *g = radioembo_volume_data(gamma);
	size_t i, count = 0;

	assert_ok(radioembo_volume_voxel_count(gamma, &count));
	for (i = 0; i < count; i++)
		assert_close((double)g[i], r[i] >= 50.0f ? expected : 0.0, 1e-6);
}

static void test_compare_gamma_identical_maps_pass(void **state)
{
	radioembo_volume *reference, *evaluated, *gamma = NULL;
	const double spacing[3] = {4.0, 4.0, 4.0};
	double pass = TEST_SENTINEL;

	(void)state;
	make_shifted_ramps(0, spacing, &reference, &evaluated);
	assert_ok(radioembo_voxel_gamma(reference, reference, 0.03, 3.0, 0.5, &gamma, &pass));
	assert_gamma_everywhere(reference, gamma, 0.0);
	assert_close(pass, 1.0, 0.0);
	radioembo_volume_free(gamma);
	radioembo_volume_free(reference);
	radioembo_volume_free(evaluated);
}

static void test_compare_gamma_one_voxel_shift(void **state)
{
	/*
	 * 4 mm voxels, a 4 mm shift. Hand computation: the best match is the shifted voxel
	 * (dose term 0, distance 4 mm); the voxel itself has a dose term of 2; diagonal matches
	 * are farther. 3 mm: gamma = 4/3, every voxel fails; 5 mm: gamma = 0.8, all pass.
	 */
	radioembo_volume *reference, *evaluated, *gamma = NULL;
	const double spacing[3] = {4.0, 4.0, 4.0};
	double pass = TEST_SENTINEL, origin[3];

	(void)state;
	make_shifted_ramps(0, spacing, &reference, &evaluated);
	/* both on one grid, now placed in the patient: the gamma map keeps the place */
	assert_ok(radioembo_volume_set_origin_mm(reference, -12.5, 3.25, 100.0));
	assert_ok(radioembo_volume_set_origin_mm(evaluated, -12.5, 3.25, 100.0));
	assert_ok(radioembo_voxel_gamma(reference, evaluated, 0.03, 3.0, 0.5, &gamma, &pass));
	assert_gamma_everywhere(reference, gamma, 4.0 / 3.0);
	assert_close(pass, 0.0, 0.0);
	/* the map is on the reference's grid, origin included */
	assert_ok(radioembo_volume_get_origin_mm(gamma, &origin[0], &origin[1], &origin[2]));
	assert_close(origin[0], -12.5, 0.0);
	assert_close(origin[2], 100.0, 0.0);
	radioembo_volume_free(gamma);
	assert_ok(radioembo_voxel_gamma(reference, evaluated, 0.03, 5.0, 0.5, &gamma, &pass));
	assert_gamma_everywhere(reference, gamma, 0.8);
	assert_close(pass, 1.0, 0.0);
	radioembo_volume_free(gamma);
	/* threshold 0: the last voxel (no match inside the grid) has gamma 2 (dose term) */
	assert_ok(radioembo_voxel_gamma(reference, evaluated, 0.03, 5.0, 0.0, &gamma, &pass));
	assert_close(pass, 0.9, 1e-15);
	{
		double value = TEST_SENTINEL;

		assert_ok(radioembo_volume_get_voxel(gamma, 9, 1, 1, &value));
		assert_close(value, 2.0, 1e-6);
	}
	radioembo_volume_free(gamma);
	radioembo_volume_free(reference);
	radioembo_volume_free(evaluated);
}

static void test_compare_gamma_anisotropic_spacing(void **state)
{
	/*
	 * The shift along y, whose spacing is 2.5 mm (x 4 mm, z 4.1 mm): gamma = 2.5/3 with
	 * 3 mm (pass) and 2.5/2 = 1.25 with 2 mm (fail). A mix-up of the axes would give 4/3.
	 */
	radioembo_volume *reference, *evaluated, *gamma = NULL;
	const double spacing[3] = {4.0, 2.5, 4.1};
	double pass = TEST_SENTINEL;

	(void)state;
	make_shifted_ramps(1, spacing, &reference, &evaluated);
	assert_ok(radioembo_voxel_gamma(reference, evaluated, 0.03, 3.0, 0.5, &gamma, &pass));
	assert_gamma_everywhere(reference, gamma, 2.5 / 3.0);
	assert_close(pass, 1.0, 0.0);
	radioembo_volume_free(gamma);
	assert_ok(radioembo_voxel_gamma(reference, evaluated, 0.03, 2.0, 0.5, &gamma, &pass));
	assert_gamma_everywhere(reference, gamma, 1.25);
	assert_close(pass, 0.0, 0.0);
	radioembo_volume_free(gamma);
	radioembo_volume_free(reference);
	radioembo_volume_free(evaluated);
}

/*
 * A box of 87.3 Gy (4 x 4 x 4 voxels) in a background of 8.73 Gy (10 x 8 x 6 voxels of
 * 4 mm), and the same map scaled by `scale`.
 */
static void make_scaled_box(double scale, radioembo_volume **reference,
			    radioembo_volume **evaluated)
{
	float *r, *e;
	size_t x, y, z, i = 0;

	*reference = new_volume(10, 8, 6, 4.0, 4.0, 4.0);
	*evaluated = new_volume(10, 8, 6, 4.0, 4.0, 4.0);
	r = radioembo_volume_data_mutable(*reference);
	e = radioembo_volume_data_mutable(*evaluated);
	for (z = 0; z < 6; z++)
		for (y = 0; y < 8; y++)
			for (x = 0; x < 10; x++, i++) {
				int in_box = x >= 3 && x <= 6 && y >= 2 && y <= 5 && z >= 1 &&
					     z <= 4;

				r[i] = in_box ? 87.3f : 8.73f;
				e[i] = (float)(scale * (double)r[i]);
			}
}

static void test_compare_gamma_uniform_scaling(void **state)
{
	/*
	 * 3 % of the maximum is 2.619 Gy. Scaled by 1.02, the box differs by 2 % of the
	 * maximum: gamma 2/3, all pass. Scaled by 1.05: 5 % in the flat box, gamma = 5/3 there
	 * (its neighbours hold the same dose, farther away), while the background differs by
	 * 0.5 % (gamma 1/6): the 64 box voxels of 480 fail (hand-computed pass rate 416/480).
	 */
	radioembo_volume *reference, *evaluated, *gamma = NULL;
	double pass = TEST_SENTINEL, value = TEST_SENTINEL;

	(void)state;
	make_scaled_box(1.02, &reference, &evaluated);
	assert_ok(radioembo_voxel_gamma(reference, evaluated, 0.03, 3.0, 0.0, &gamma, &pass));
	assert_close(pass, 1.0, 0.0);
	assert_ok(radioembo_volume_get_voxel(gamma, 4, 3, 2, &value));
	assert_close(value, 2.0 / 3.0, 1e-5);
	radioembo_volume_free(gamma);
	radioembo_volume_free(reference);
	radioembo_volume_free(evaluated);

	make_scaled_box(1.05, &reference, &evaluated);
	assert_ok(radioembo_voxel_gamma(reference, evaluated, 0.03, 3.0, 0.0, &gamma, &pass));
	assert_close(pass, 416.0 / 480.0, 1e-15);
	assert_ok(radioembo_volume_get_voxel(gamma, 4, 3, 2, &value));
	assert_close(value, 5.0 / 3.0, 1e-5);
	assert_ok(radioembo_volume_get_voxel(gamma, 3, 2, 1, &value)); /* a corner of the box */
	assert_close(value, 5.0 / 3.0, 1e-5);
	assert_ok(radioembo_volume_get_voxel(gamma, 0, 0, 0, &value));
	assert_close(value, 1.0 / 6.0, 1e-5);
	radioembo_volume_free(gamma);
	/* threshold 0.5: only the box is evaluated, and all of it fails */
	assert_ok(radioembo_voxel_gamma(reference, evaluated, 0.03, 3.0, 0.5, &gamma, &pass));
	assert_close(pass, 0.0, 0.0);
	assert_ok(radioembo_volume_get_voxel(gamma, 0, 0, 0, &value));
	assert_close(value, 0.0, 0.0);
	radioembo_volume_free(gamma);
	radioembo_volume_free(reference);
	radioembo_volume_free(evaluated);
}

static void test_compare_gamma_rejects_invalid_arguments(void **state)
{
	radioembo_volume *reference, *evaluated, *gamma = SENTINEL_VOLUME;
	radioembo_volume *other = new_volume(10, 8, 6, 4.0, 4.0, 4.42);
	radioembo_volume *zero = new_volume(10, 8, 6, 4.0, 4.0, 4.0);
	radioembo_volume *fine = new_volume(128, 128, 64, 0.1, 0.1, 0.1);
	double pass = TEST_SENTINEL;

	(void)state;
	make_scaled_box(1.05, &reference, &evaluated);
	assert_fails(radioembo_voxel_gamma(reference, other, 0.03, 3.0, 0.1, &gamma, &pass),
		     RADIOEMBO_EINVAL, "spacing differs");
	assert_fails(radioembo_voxel_gamma(reference, evaluated, 0.0, 3.0, 0.1, &gamma, &pass),
		     RADIOEMBO_EINVAL, "dose_criterion");
	/* 3, meaning 3 %, by mistake */
	assert_fails(radioembo_voxel_gamma(reference, evaluated, 3.0, 3.0, 0.1, &gamma, &pass),
		     RADIOEMBO_EINVAL, "dose_criterion");
	assert_fails(radioembo_voxel_gamma(reference, evaluated, 0.03, 0.0, 0.1, &gamma, &pass),
		     RADIOEMBO_EINVAL, "distance_mm");
	assert_fails(radioembo_voxel_gamma(reference, evaluated, 0.03, -3.0, 0.1, &gamma, &pass),
		     RADIOEMBO_EINVAL, "distance_mm");
	assert_fails(radioembo_voxel_gamma(reference, evaluated, 0.03, INFINITY, 0.1, &gamma,
					   &pass),
		     RADIOEMBO_EINVAL, "distance_mm");
	assert_fails(radioembo_voxel_gamma(reference, evaluated, 0.03, 3.0, 1.0, &gamma, &pass),
		     RADIOEMBO_EINVAL, "threshold");
	assert_fails(radioembo_voxel_gamma(reference, evaluated, 0.03, 3.0, -0.1, &gamma, &pass),
		     RADIOEMBO_EINVAL, "threshold");
	/* no dose in the reference: no global criterion */
	assert_fails(radioembo_voxel_gamma(zero, evaluated, 0.03, 3.0, 0.1, &gamma, &pass),
		     RADIOEMBO_EINVAL, "reference");
	/* 10 mm on a 0.1 mm grid: (2 * 127 + 1)^2 (2 * 63 + 1) neighbours, over 2^20 */
	radioembo_volume_data_mutable(fine)[4242] = 2.385f;
	assert_fails(radioembo_voxel_gamma(fine, fine, 0.03, 10.0, 0.1, &gamma, &pass),
		     RADIOEMBO_EINVAL, "distance_mm");
	assert_ptr_equal(gamma, SENTINEL_VOLUME);
	assert_close(pass, TEST_SENTINEL, 0.0);
	radioembo_volume_free(reference);
	radioembo_volume_free(evaluated);
	radioembo_volume_free(other);
	radioembo_volume_free(zero);
	radioembo_volume_free(fine);
}

/*
 * The work limit, 2^33 neighbour searches: 25 mm on a 64^3 grid of 2 mm voxels reaches
 * 50 mm = 25 voxels, about 4/3 pi 25^3 = 65,450 offsets (65,267 lattice points); with
 * every one of the 262,144 voxels evaluated that is 1.7e10 searches, refused at once.
 * The same call evaluating a single voxel (threshold 0.5) is 65,267 searches, computed.
 */
static void test_compare_gamma_refuses_unbounded_work(void **state)
{
	radioembo_volume *grid = new_volume(64, 64, 64, 2.0, 2.0, 2.0), *gamma = SENTINEL_VOLUME;
	float *d = radioembo_volume_data_mutable(grid);
	double pass = TEST_SENTINEL;
	size_t i;

	(void)state;
	for (i = 0; i < (size_t)64 * 64 * 64; i++)
		d[i] = 1.17f;
	d[4242] = 2.385f;
	assert_fails(radioembo_voxel_gamma(grid, grid, 0.03, 25.0, 0.1, &gamma, &pass),
		     RADIOEMBO_EINVAL, "more than the limit");
	assert_fails(radioembo_voxel_gamma(grid, grid, 0.03, 25.0, 0.1, &gamma, &pass),
		     RADIOEMBO_EINVAL, "distance_mm");
	assert_ptr_equal(gamma, SENTINEL_VOLUME);
	assert_close(pass, TEST_SENTINEL, 0.0);
	assert_ok(radioembo_voxel_gamma(grid, grid, 0.03, 25.0, 0.5, &gamma, &pass));
	assert_close(pass, 1.0, 0.0);
	radioembo_volume_free(gamma);
	radioembo_volume_free(grid);
}

static void test_compare_gamma_reports_allocation_failures(void **state)
{
	radioembo_volume *reference, *evaluated, *gamma;
	double pass;
	long n;
	int rc;

	(void)state;
	make_scaled_box(1.05, &reference, &evaluated);
	/* the offsets, the gamma volume, its voxels */
	for (n = 0;; n++) {
		gamma = SENTINEL_VOLUME;
		pass = TEST_SENTINEL;
		alloc_failure_countdown = n;
		rc = radioembo_voxel_gamma(reference, evaluated, 0.03, 3.0, 0.1, &gamma, &pass);
		if (rc == RADIOEMBO_OK)
			break;
		assert_fails(rc, RADIOEMBO_ENOMEM, "out of memory");
		assert_ptr_equal(gamma, SENTINEL_VOLUME);
		assert_close(pass, TEST_SENTINEL, 0.0);
	}
	assert_int_equal(n, 3);
	alloc_failure_countdown = -1;
	radioembo_volume_free(gamma);
	radioembo_volume_free(reference);
	radioembo_volume_free(evaluated);
}

/* ---- isodose Dice -------------------------------------------------------------------- */

/* 61.7 Gy in the box [x0, x1] x [y0, y1] x [z0, z1], 3.2 Gy elsewhere, 8 x 6 x 4 voxels. */
static radioembo_volume *make_box(size_t x0, size_t x1, size_t y0, size_t y1, size_t z0,
				  size_t z1)
{
	radioembo_volume *volume = new_volume(8, 6, 4, 4.42, 4.42, 4.42);
	float *d = radioembo_volume_data_mutable(volume);
	size_t x, y, z, i = 0;

	for (z = 0; z < 4; z++)
		for (y = 0; y < 6; y++)
			for (x = 0; x < 8; x++, i++)
				d[i] = x >= x0 && x <= x1 && y >= y0 && y <= y1 && z >= z0 &&
						       z <= z1
					       ? 61.7f
					       : 3.2f;
	return volume;
}

static void test_compare_isodose_dice_offset_boxes(void **state)
{
	/*
	 * A: x 0..4, y 0..3, z 0..2 (60 voxels); B: x 2..5, y 1..4, z 0..1 (32 voxels); the
	 * overlap x 2..4, y 1..3, z 0..1 (18). By hand: Dice = 2 * 18 / (60 + 32) = 36/92.
	 */
	radioembo_volume *a = make_box(0, 4, 0, 3, 0, 2), *b = make_box(2, 5, 1, 4, 0, 1);
	double dice = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_voxel_isodose_dice(a, b, 50.0, &dice));
	assert_close(dice, 36.0 / 92.0, 1e-15);
	assert_ok(radioembo_voxel_isodose_dice(b, a, 50.0, &dice));
	assert_close(dice, 36.0 / 92.0, 1e-15);
	/* the level is inclusive: >= 61.7 Gy is the boxes themselves */
	assert_ok(radioembo_voxel_isodose_dice(a, b, (double)61.7f, &dice));
	assert_close(dice, 36.0 / 92.0, 1e-15);
	/* both whole grids at 2 Gy, and a map against itself */
	assert_ok(radioembo_voxel_isodose_dice(a, b, 2.0, &dice));
	assert_close(dice, 1.0, 0.0);
	assert_ok(radioembo_voxel_isodose_dice(a, a, 50.0, &dice));
	assert_close(dice, 1.0, 0.0);
	radioembo_volume_free(a);
	radioembo_volume_free(b);
}

static void test_compare_isodose_dice_rejects_invalid_arguments(void **state)
{
	radioembo_volume *a = make_box(0, 4, 0, 3, 0, 2), *b = make_box(2, 5, 1, 4, 0, 1);
	radioembo_volume *other = new_volume(8, 6, 5, 4.42, 4.42, 4.42);
	double dice = TEST_SENTINEL;

	(void)state;
	assert_fails(radioembo_voxel_isodose_dice(a, other, 50.0, &dice), RADIOEMBO_EINVAL,
		     "dimensions differ");
	assert_fails(radioembo_voxel_isodose_dice(a, b, 0.0, &dice), RADIOEMBO_EINVAL,
		     "level_gy");
	assert_fails(radioembo_voxel_isodose_dice(a, b, -50.0, &dice), RADIOEMBO_EINVAL,
		     "level_gy");
	/* neither map reaches 70 Gy: 0/0 */
	assert_fails(radioembo_voxel_isodose_dice(a, b, 70.0, &dice), RADIOEMBO_ENOTFOUND,
		     "level_gy");
	assert_close(dice, TEST_SENTINEL, 0.0);
	radioembo_volume_free(a);
	radioembo_volume_free(b);
	radioembo_volume_free(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_compare_gamma_identical_maps_pass),
		TEST(test_compare_gamma_one_voxel_shift),
		TEST(test_compare_gamma_anisotropic_spacing),
		TEST(test_compare_gamma_uniform_scaling),
		TEST(test_compare_gamma_rejects_invalid_arguments),
		TEST(test_compare_gamma_refuses_unbounded_work),
		TEST(test_compare_gamma_reports_allocation_failures),
		TEST(test_compare_isodose_dice_offset_boxes),
		TEST(test_compare_isodose_dice_rejects_invalid_arguments),
	};

	return cmocka_run_group_tests_name("compare", tests, NULL, NULL);
}
