/*
 * geometry module: where a volume lies in the patient (LPS). The affine is checked
 * against one built by hand (columns spacing x direction, origin last), grids that differ
 * in one respect are named ("x axis flipped", "origin differs by 150 mm", "oblique"),
 * operations that combine volumes refuse them, and every error path is provoked.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "testutil.h"

static radioembo_volume *grid(void)
{
	radioembo_volume *v = NULL;
	assert_ok(radioembo_volume_new(8, 6, 5, 3.0, 2.5, 4.0, &v));
	assert_ok(radioembo_volume_set_origin_mm(v, 10.0, -20.0, 5.0));
	return v;
}

static void test_geometry_new_volume_is_axis_aligned(void **state)
{
	static const double identity[9] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
	/* hand-built: diag(3, 2.5, 4), origin (10, -20, 5) */
	static const double expected[16] = { 3, 0, 0, 10, 0, 2.5, 0, -20, 0, 0, 4, 5, 0, 0, 0, 1 };
	radioembo_volume *v = grid();
	double d[9], a[16];
	int k;

	(void)state;
	assert_ok(radioembo_volume_get_direction(v, d, 9));
	assert_ok(radioembo_volume_get_affine_mm(v, a, 16));
	for (k = 0; k < 9; k++)
		assert_true(d[k] == identity[k]);
	for (k = 0; k < 16; k++)
		assert_true(a[k] == expected[k]);
	radioembo_volume_free(v);
}

static void test_geometry_affine_round_trip(void **state)
{
	/* x along -L (flipped), y along S, z along P: a permuted, flipped, orthonormal frame */
	static const double affine[16] = { -2.385, 0,	  0, 151.5, 0, 0, -4.75, 17.25,
					   0,	   3.125, 0, -88.0, 0, 0, 0,	 1 };
	radioembo_volume *v = grid(), *copy = NULL;
	double a[16], d[9], sx, sy, sz, ox, oy, oz;
	int k;

	(void)state;
	assert_ok(radioembo_volume_set_affine_mm(v, affine, 16));
	assert_ok(radioembo_volume_get_spacing_mm(v, &sx, &sy, &sz));
	assert_close(sx, 2.385, 1e-15);
	assert_close(sy, 3.125, 1e-15);
	assert_close(sz, 4.75, 1e-15);
	assert_ok(radioembo_volume_get_origin_mm(v, &ox, &oy, &oz));
	assert_true(ox == 151.5 && oy == 17.25 && oz == -88.0);
	assert_ok(radioembo_volume_get_direction(v, d, 9));
	assert_true(d[0] == -1 && d[1] == 0 && d[2] == 0); /* x axis: -L */
	assert_true(d[3] == 0 && d[4] == 0 && d[5] == 1);  /* y axis: +S */
	assert_true(d[6] == 0 && d[7] == -1 && d[8] == 0); /* z axis: -P */
	/* copies keep the geometry */
	assert_ok(radioembo_volume_copy(v, &copy));
	assert_ok(radioembo_volume_get_affine_mm(copy, a, 16));
	for (k = 0; k < 16; k++)
		assert_close(a[k], affine[k], 1e-15);
	radioembo_volume_free(copy);
	radioembo_volume_free(v);
}

static void expect_difference(radioembo_volume *a, radioembo_volume *b, const char *needle)
{
	char text[256];
	int same = -1;

	assert_ok(radioembo_volume_same_grid(a, b, &same, text, sizeof text));
	assert_int_equal(same, 0);
	if (strstr(text, needle) == NULL)
		fail_msg("\"%s\" does not say \"%s\"", text, needle);
	/* the operations that combine volumes refuse it, naming the same difference */
	assert_fails(radioembo_volume_accumulate(a, b, 1.0), RADIOEMBO_EINVAL, needle);
}

static void test_geometry_names_what_differs(void **state)
{
	radioembo_volume *a = grid(), *b = grid();
	double d[9], affine[16];
	double t = 10.0 * 3.14159265358979323846 / 180.0;
	char text[64];
	int same = -1;

	(void)state;
	assert_ok(radioembo_volume_same_grid(a, b, &same, text, sizeof text));
	assert_int_equal(same, 1);
	assert_string_equal(text, "");
	/* within tolerance: 1e-3 mm (under 1 % of 2.5 mm) is the same grid */
	assert_ok(radioembo_volume_set_origin_mm(b, 10.001, -20.0, 5.0));
	text[0] = 'x';
	assert_ok(radioembo_volume_same_grid(a, b, &same, text, 0));
	assert_int_equal(same, 1);
	assert_true(text[0] == 'x'); /* nothing written into 0 bytes */
	/* the trap: flipped in x and 150 mm away */
	assert_ok(radioembo_volume_get_affine_mm(a, affine, 16));
	affine[0] = -3.0;
	affine[3] = 160.0;
	assert_ok(radioembo_volume_set_affine_mm(b, affine, 16));
	expect_difference(a, b, "x axis flipped; origin differs by 150 mm");
	/* oblique: y and x rotated by 10 degrees about z */
	d[0] = cos(t), d[1] = sin(t), d[2] = 0;
	d[3] = -sin(t), d[4] = cos(t), d[5] = 0;
	d[6] = 0, d[7] = 0, d[8] = 1;
	assert_ok(radioembo_volume_set_origin_mm(b, 10.0, -20.0, 5.0));
	assert_ok(radioembo_volume_set_direction(b, d, 9));
	expect_difference(a, b, "x axis oblique");
	/* axes swapped (both aligned): the direction differs */
	d[0] = 0, d[1] = 1, d[3] = 1, d[4] = 0;
	assert_ok(radioembo_volume_set_direction(b, d, 9));
	expect_difference(a, b, "x axis direction differs");
	radioembo_volume_free(b);
	/* dimensions and spacing */
	assert_ok(radioembo_volume_new(8, 6, 4, 3.0, 2.5, 4.0, &b));
	assert_ok(radioembo_volume_set_origin_mm(b, 10.0, -20.0, 5.0));
	expect_difference(a, b, "dimensions differ (8 x 6 x 5, 8 x 6 x 4)");
	radioembo_volume_free(b);
	assert_ok(radioembo_volume_new(8, 6, 5, 3.0, 2.5, 4.01, &b));
	assert_ok(radioembo_volume_set_origin_mm(b, 10.0, -20.0, 5.0));
	expect_difference(a, b, "spacing differs (3 x 2.5 x 4 mm, 3 x 2.5 x 4.01 mm)");
	radioembo_volume_free(b);
	radioembo_volume_free(a);
}

static void test_geometry_rejects_invalid_arguments(void **state)
{
	static const double sheared[9] = { 1, 0, 0, 0.1, 1, 0, 0, 0, 1 };
	static const double long_axis[9] = { 1.01, 0, 0, 0, 1, 0, 0, 0, 1 };
	radioembo_volume *v = grid();
	double d[9] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, a[16];
	char text[16];
	int same;

	(void)state;
	assert_fails(radioembo_volume_set_direction(NULL, d, 9), RADIOEMBO_EINVAL, "volume");
	assert_fails(radioembo_volume_set_direction(v, NULL, 9), RADIOEMBO_EINVAL, "cosines");
	assert_fails(radioembo_volume_set_direction(v, d, 8), RADIOEMBO_EINVAL, "n must be 9");
	assert_fails(radioembo_volume_set_direction(v, sheared, 9), RADIOEMBO_EINVAL, "orthogonal");
	assert_fails(radioembo_volume_set_direction(v, long_axis, 9), RADIOEMBO_EINVAL,
		     "unit vector");
	d[4] = NAN;
	assert_fails(radioembo_volume_set_direction(v, d, 9), RADIOEMBO_EINVAL,
		     "cosines[4] must be finite");
	assert_fails(radioembo_volume_get_direction(NULL, d, 9), RADIOEMBO_EINVAL, "volume");
	assert_fails(radioembo_volume_get_direction(v, NULL, 9), RADIOEMBO_EINVAL, "cosines_out");
	assert_fails(radioembo_volume_get_direction(v, d, 10), RADIOEMBO_EINVAL, "n must be 9");
	assert_fails(radioembo_volume_get_affine_mm(NULL, a, 16), RADIOEMBO_EINVAL, "volume");
	assert_fails(radioembo_volume_get_affine_mm(v, NULL, 16), RADIOEMBO_EINVAL, "affine_out");
	assert_fails(radioembo_volume_get_affine_mm(v, a, 12), RADIOEMBO_EINVAL, "n must be 16");
	assert_ok(radioembo_volume_get_affine_mm(v, a, 16));
	assert_fails(radioembo_volume_set_affine_mm(NULL, a, 16), RADIOEMBO_EINVAL, "volume");
	assert_fails(radioembo_volume_set_affine_mm(v, NULL, 16), RADIOEMBO_EINVAL, "affine");
	assert_fails(radioembo_volume_set_affine_mm(v, a, 9), RADIOEMBO_EINVAL, "n must be 16");
	a[15] = 2.0;
	assert_fails(radioembo_volume_set_affine_mm(v, a, 16), RADIOEMBO_EINVAL,
		     "last row of affine must be 0 0 0 1");
	a[15] = 1.0;
	a[7] = INFINITY;
	assert_fails(radioembo_volume_set_affine_mm(v, a, 16), RADIOEMBO_EINVAL,
		     "affine[7] must be finite");
	a[7] = -20.0;
	a[5] = 0.0; /* the y column vanishes */
	assert_fails(radioembo_volume_set_affine_mm(v, a, 16), RADIOEMBO_EINVAL, "the y spacing");
	a[5] = 2.5;
	a[1] = 1.0; /* x and y columns not orthogonal */
	assert_fails(radioembo_volume_set_affine_mm(v, a, 16), RADIOEMBO_EINVAL, "orthogonal");
	assert_fails(radioembo_volume_same_grid(NULL, v, &same, text, sizeof text),
		     RADIOEMBO_EINVAL, "a");
	assert_fails(radioembo_volume_same_grid(v, NULL, &same, text, sizeof text),
		     RADIOEMBO_EINVAL, "b");
	assert_fails(radioembo_volume_same_grid(v, v, NULL, text, sizeof text), RADIOEMBO_EINVAL,
		     "same_out");
	assert_fails(radioembo_volume_same_grid(v, v, &same, NULL, 0), RADIOEMBO_EINVAL,
		     "difference_out");
	/* nothing changed by the failures */
	assert_ok(radioembo_volume_get_affine_mm(v, a, 16));
	assert_true(a[0] == 3.0 && a[1] == 0.0 && a[5] == 2.5 && a[7] == -20.0);
	radioembo_volume_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_geometry_new_volume_is_axis_aligned),
		TEST(test_geometry_affine_round_trip),
		TEST(test_geometry_names_what_differs),
		TEST(test_geometry_rejects_invalid_arguments),
	};
	return cmocka_run_group_tests_name("geometry", tests, NULL, NULL);
}
