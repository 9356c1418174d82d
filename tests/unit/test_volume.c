/*
 * volume module: the 3D image type. Layout checked against hand indexing
 * (index = x + nx (y + ny z)), copies independent, every error path, and allocation
 * failures (alloc_failure.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "alloc_failure.h" /* first: it replaces the library's allocator */

#include <float.h>
#include <math.h>

#include "testutil.h"

enum { NX = 4, NY = 3, NZ = 2, COUNT = NX * NY * NZ };

/* voxel (x, y, z) holds 100 z + 10 y + x + 0.25: its coordinates can be read back */
static float coded(size_t x, size_t y, size_t z)
{
	return (float)(100.0 * (double)z + 10.0 * (double)y + (double)x + 0.25);
}

static radioembo_volume *coded_volume(void)
{
	float data[COUNT];
	radioembo_volume *volume = NULL;
	size_t x, y, z;

	for (z = 0; z < NZ; z++)
		for (y = 0; y < NY; y++)
			for (x = 0; x < NX; x++)
				data[x + NX * (y + NY * z)] = coded(x, y, z);
	assert_ok(radioembo_volume_new_from_data(data, COUNT, NX, NY, NZ, 2.385, 3.125, 4.75,
						 &volume));
	return volume;
}

static void test_volume_new_is_zero_with_its_geometry(void **state)
{
	radioembo_volume *volume = NULL;
	size_t nx = 0, ny = 0, nz = 0, count = 0, i;
	double sx = TEST_SENTINEL, sy = TEST_SENTINEL, sz = TEST_SENTINEL, ml = TEST_SENTINEL;
	double sum = TEST_SENTINEL;
	const float *data;

	(void)state;
	assert_ok(radioembo_volume_new(5, 7, 3, 2.385, 4.42, 5.15, &volume));
	assert_ok(radioembo_volume_get_dimensions(volume, &nx, &ny, &nz));
	assert_int_equal(nx, 5);
	assert_int_equal(ny, 7);
	assert_int_equal(nz, 3);
	assert_ok(radioembo_volume_voxel_count(volume, &count));
	assert_int_equal(count, 105);
	assert_ok(radioembo_volume_get_spacing_mm(volume, &sx, &sy, &sz));
	assert_close(sx, 2.385, 0.0);
	assert_close(sy, 4.42, 0.0);
	assert_close(sz, 5.15, 0.0);
	assert_ok(radioembo_volume_get_origin_mm(volume, &sx, &sy, &sz));
	assert_close(sx, 0.0, 0.0);
	assert_close(sy, 0.0, 0.0);
	assert_close(sz, 0.0, 0.0);
	/* hand-computed (python3 decimal) 2.385 * 4.42 * 5.15 / 1000 = 0.054289755 mL */
	assert_ok(radioembo_volume_voxel_volume_ml(volume, &ml));
	assert_close(ml, 0.054289755, 1e-14);
	data = radioembo_volume_data(volume);
	for (i = 0; i < count; i++)
		assert_true(data[i] == 0.0f);
	assert_ok(radioembo_volume_sum(volume, &sum));
	assert_close(sum, 0.0, 0.0);
	radioembo_volume_free(volume);
	radioembo_volume_free(NULL);
}

static void test_volume_layout_is_x_fastest(void **state)
{
	radioembo_volume *volume = coded_volume();
	const float *data = radioembo_volume_data(volume);
	float out[COUNT];
	double value = TEST_SENTINEL;
	size_t x, y, z;

	(void)state;
	for (z = 0; z < NZ; z++)
		for (y = 0; y < NY; y++)
			for (x = 0; x < NX; x++) {
				assert_ok(radioembo_volume_get_voxel(volume, x, y, z, &value));
				assert_close(value, coded(x, y, z), 0.0);
				assert_true(data[x + NX * (y + NY * z)] == coded(x, y, z));
			}
	/* neighbours in memory differ in x, then y every NX, then z every NX * NY */
	assert_true(data[1] == coded(1, 0, 0));
	assert_true(data[NX] == coded(0, 1, 0));
	assert_true(data[NX * NY] == coded(0, 0, 1));
	assert_true(data[COUNT - 1] == coded(NX - 1, NY - 1, NZ - 1));
	/* set_voxel writes where hand indexing says */
	assert_ok(radioembo_volume_set_voxel(volume, 2, 1, 1, -7.125));
	assert_true(data[2 + NX * (1 + NY * 1)] == -7.125f);
	assert_ok(radioembo_volume_get_data(volume, out, COUNT));
	assert_true(out[2 + NX * (1 + NY * 1)] == -7.125f);
	assert_true(out[3 + NX * (2 + NY * 0)] == coded(3, 2, 0));
	assert_ptr_equal(radioembo_volume_data_mutable(volume), data);
	radioembo_volume_data_mutable(volume)[5] = 2.5f;
	assert_ok(radioembo_volume_get_voxel(volume, 1, 1, 0, &value));
	assert_close(value, 2.5, 0.0);
	assert_null(radioembo_volume_data(NULL));
	assert_null(radioembo_volume_data_mutable(NULL));
	radioembo_volume_free(volume);
}

static void test_volume_set_data_and_sum(void **state)
{
	radioembo_volume *volume = NULL;
	float data[6] = {1.5f, -2.25f, 3.125f, 1e-3f, 7.0f, 0.375f}, back[6];
	double sum = TEST_SENTINEL;
	size_t i;

	(void)state;
	assert_ok(radioembo_volume_new(3, 2, 1, 1.0, 1.0, 1.0, &volume));
	assert_ok(radioembo_volume_set_data(volume, data, 6));
	data[0] = 99.0f; /* the volume holds a copy */
	assert_ok(radioembo_volume_get_data(volume, back, 6));
	assert_true(back[0] == 1.5f);
	for (i = 1; i < 6; i++)
		assert_true(back[i] == data[i]);
	/* hand-computed in double from the float values: 1.5 - 2.25 + 3.125 + 0.001 + 7 + 0.375 */
	assert_ok(radioembo_volume_sum(volume, &sum));
	assert_close(sum, 9.75 + (double)1e-3f, 1e-15);
	radioembo_volume_free(volume);
}

static void test_volume_copies_are_independent(void **state)
{
	radioembo_volume *volume = coded_volume(), *copy = NULL;
	double value = TEST_SENTINEL, ox = 0, oy = 0, oz = 0, sx = 0, sy = 0, sz = 0;

	(void)state;
	assert_ok(radioembo_volume_set_origin_mm(volume, -120.5, 33.25, 8.0));
	assert_ok(radioembo_volume_copy(volume, &copy));
	assert_ptr_not_equal(radioembo_volume_data(copy), radioembo_volume_data(volume));
	assert_ok(radioembo_volume_get_origin_mm(copy, &ox, &oy, &oz));
	assert_close(ox, -120.5, 0.0);
	assert_close(oy, 33.25, 0.0);
	assert_close(oz, 8.0, 0.0);
	assert_ok(radioembo_volume_get_spacing_mm(copy, &sx, &sy, &sz));
	assert_close(sx, 2.385, 0.0);
	assert_close(sy, 3.125, 0.0);
	assert_close(sz, 4.75, 0.0);
	/* writing either leaves the other alone, and the original may go first */
	assert_ok(radioembo_volume_set_voxel(copy, 1, 2, 1, 5.5));
	assert_ok(radioembo_volume_get_voxel(volume, 1, 2, 1, &value));
	assert_close(value, coded(1, 2, 1), 0.0);
	assert_ok(radioembo_volume_set_voxel(volume, 0, 0, 0, -1.0));
	assert_ok(radioembo_volume_set_origin_mm(volume, 0.0, 0.0, 0.0));
	radioembo_volume_free(volume);
	assert_ok(radioembo_volume_get_voxel(copy, 0, 0, 0, &value));
	assert_close(value, coded(0, 0, 0), 0.0);
	assert_ok(radioembo_volume_get_voxel(copy, 1, 2, 1, &value));
	assert_close(value, 5.5, 0.0);
	assert_ok(radioembo_volume_get_origin_mm(copy, &ox, &oy, &oz));
	assert_close(ox, -120.5, 0.0);
	radioembo_volume_free(copy);
}

static void test_volume_accumulate(void **state)
{
	radioembo_volume *target = coded_volume(), *addend = coded_volume();
	double value = TEST_SENTINEL;
	size_t x, y, z;

	(void)state;
	assert_ok(radioembo_volume_set_voxel(addend, 3, 1, 0, 2.0));
	assert_ok(radioembo_volume_accumulate(target, addend, -0.375));
	for (z = 0; z < NZ; z++)
		for (y = 0; y < NY; y++)
			for (x = 0; x < NX; x++) {
				double a = (x == 3 && y == 1 && z == 0) ? 2.0 : coded(x, y, z);
				double expected = (float)(coded(x, y, z) - 0.375 * a);

				assert_ok(radioembo_volume_get_voxel(target, x, y, z, &value));
				assert_close(value, expected, 0.0);
			}
	/* a volume added to itself doubles */
	assert_ok(radioembo_volume_accumulate(addend, addend, 1.0));
	assert_ok(radioembo_volume_get_voxel(addend, 1, 1, 1, &value));
	assert_close(value, 2.0 * coded(1, 1, 1), 0.0);
	radioembo_volume_free(target);
	radioembo_volume_free(addend);
}

static void test_volume_accumulate_overflow_leaves_target(void **state)
{
	radioembo_volume *target = coded_volume(), *addend = coded_volume();
	float before[COUNT], after[COUNT];

	(void)state;
	assert_ok(radioembo_volume_get_data(target, before, COUNT));
	/* only the last voxel overflows: nothing may be written before it is found */
	assert_ok(radioembo_volume_set_voxel(addend, NX - 1, NY - 1, NZ - 1, FLT_MAX));
	assert_fails(radioembo_volume_accumulate(target, addend, 2.0), RADIOEMBO_ERANGE,
		     "overflows");
	assert_ok(radioembo_volume_get_data(target, after, COUNT));
	assert_memory_equal(before, after, sizeof before);
	assert_fails(radioembo_volume_accumulate(target, target, 1e300), RADIOEMBO_ERANGE,
		     "overflows");
	assert_ok(radioembo_volume_get_data(target, after, COUNT));
	assert_memory_equal(before, after, sizeof before);
	radioembo_volume_free(target);
	radioembo_volume_free(addend);
}

static void test_volume_rejects_invalid_arguments(void **state)
{
	radioembo_volume *volume = coded_volume(), *other = NULL, *out = NULL;
	float data[COUNT] = {0}, small[2] = {0};
	size_t nx = 77, ny = 77, nz = 77, count = 77;
	double a = TEST_SENTINEL, b = TEST_SENTINEL, c = TEST_SENTINEL;

	(void)state;
	/* new */
	assert_fails(radioembo_volume_new(0, 3, 2, 1.0, 1.0, 1.0, &out), RADIOEMBO_EINVAL, "nx");
	assert_fails(radioembo_volume_new(4, 0, 2, 1.0, 1.0, 1.0, &out), RADIOEMBO_EINVAL, "ny");
	assert_fails(radioembo_volume_new(4, 3, 0, 1.0, 1.0, 1.0, &out), RADIOEMBO_EINVAL, "nz");
	assert_fails(radioembo_volume_new(2048, 1024, 1025, 1.0, 1.0, 1.0, &out), RADIOEMBO_EINVAL,
		     "2^31");
	assert_fails(radioembo_volume_new(SIZE_MAX, SIZE_MAX, 2, 1.0, 1.0, 1.0, &out),
		     RADIOEMBO_EINVAL, "2^31");
	assert_fails(radioembo_volume_new(4, 3, 2, 0.0, 1.0, 1.0, &out), RADIOEMBO_EINVAL,
		     "spacing");
	assert_fails(radioembo_volume_new(4, 3, 2, -2.385, 1.0, 1.0, &out), RADIOEMBO_EINVAL,
		     "spacing_x_mm");
	assert_fails(radioembo_volume_new(4, 3, 2, 1.0, 1.0, 1000.5, &out), RADIOEMBO_EINVAL,
		     "spacing_z_mm");
	assert_fails(radioembo_volume_new(4, 3, 2, 1.0, 1.0, INFINITY, &out), RADIOEMBO_EINVAL,
		     "spacing_z_mm");
	/* new_from_data */
	assert_fails(radioembo_volume_new_from_data(data, COUNT - 1, NX, NY, NZ, 1, 1, 1, &out),
		     RADIOEMBO_EINVAL, "n must");
	assert_fails(radioembo_volume_new_from_data(data, COUNT, 0, NY, NZ, 1, 1, 1, &out),
		     RADIOEMBO_EINVAL, "nx");
	data[17] = NAN;
	assert_fails(radioembo_volume_new_from_data(data, COUNT, NX, NY, NZ, 1, 1, 1, &out),
		     RADIOEMBO_EINVAL, "data[17]");
	data[17] = -INFINITY;
	assert_fails(radioembo_volume_new_from_data(data, COUNT, NX, NY, NZ, 1, 1, 1, &out),
		     RADIOEMBO_EINVAL, "data[17]");
	data[17] = 0.0f;
	assert_fails(radioembo_volume_new_from_data(data, COUNT, NX, NY, NZ, 1, -1, 1, &out),
		     RADIOEMBO_EINVAL, "spacing_y_mm");
	assert_null(out);
	/* copy */
	assert_null(other);
	/* getters */
	assert_true(nx == 77 && ny == 77 && nz == 77);
	assert_true(a == TEST_SENTINEL && b == TEST_SENTINEL && c == TEST_SENTINEL);
	assert_fails(radioembo_volume_set_origin_mm(volume, 1, INFINITY, 3), RADIOEMBO_EINVAL,
		     "y_mm");
	assert_fails(radioembo_volume_set_origin_mm(volume, 1, 2, -INFINITY), RADIOEMBO_EINVAL,
		     "z_mm");
	assert_ok(radioembo_volume_get_origin_mm(volume, &a, &b, &c));
	assert_true(a == 0.0 && b == 0.0 && c == 0.0);
	assert_int_equal(count, 77);
	a = TEST_SENTINEL;
	/* data in and out */
	assert_fails(radioembo_volume_get_data(volume, small, 2), RADIOEMBO_EINVAL, "n must");
	assert_true(small[0] == 0.0f && small[1] == 0.0f);
	assert_fails(radioembo_volume_set_data(volume, data, COUNT + 1), RADIOEMBO_EINVAL,
		     "n must");
	data[3] = NAN;
	assert_fails(radioembo_volume_set_data(volume, data, COUNT), RADIOEMBO_EINVAL, "data[3]");
	/* voxels */
	assert_fails(radioembo_volume_get_voxel(volume, NX, 0, 0, &a), RADIOEMBO_EINVAL, "x must");
	assert_fails(radioembo_volume_get_voxel(volume, 0, NY, 0, &a), RADIOEMBO_EINVAL, "y must");
	assert_fails(radioembo_volume_get_voxel(volume, 0, 0, NZ, &a), RADIOEMBO_EINVAL, "z must");
	assert_true(a == TEST_SENTINEL);
	assert_fails(radioembo_volume_set_voxel(volume, SIZE_MAX, 0, 0, 1.0), RADIOEMBO_EINVAL,
		     "x must");
	assert_fails(radioembo_volume_set_voxel(volume, 0, 0, NZ, 1.0), RADIOEMBO_EINVAL, "z must");
	assert_fails(radioembo_volume_set_voxel(volume, 0, 0, 0, 1e39), RADIOEMBO_EINVAL, "value");
	assert_ok(radioembo_volume_get_voxel(volume, 0, 0, 0, &a));
	assert_close(a, coded(0, 0, 0), 0.0);
	/* sum */
	a = TEST_SENTINEL;
	assert_true(a == TEST_SENTINEL);
	/* accumulate */
	assert_ok(radioembo_volume_new(NX, NY, NZ + 1, 2.385, 3.125, 4.75, &other));
	assert_fails(radioembo_volume_accumulate(volume, other, 1.0), RADIOEMBO_EINVAL,
		     "dimensions differ");
	radioembo_volume_free(other);
	assert_ok(radioembo_volume_new(NX, NY, NZ, 2.385, 3.125, 4.5, &other));
	assert_fails(radioembo_volume_accumulate(volume, other, 1.0), RADIOEMBO_EINVAL,
		     "spacing differs");
	radioembo_volume_free(other);
	radioembo_volume_free(volume);
}

static void test_volume_allocation_failures(void **state)
{
	float data[COUNT] = {0};
	radioembo_volume *volume = NULL, *copy = NULL;
	long n;

	(void)state;
	for (n = 0; n < 2; n++) {
		alloc_failure_countdown = n;
		assert_fails(radioembo_volume_new(NX, NY, NZ, 1, 1, 1, &volume), RADIOEMBO_ENOMEM,
			     "memory");
		assert_null(volume);
		alloc_failure_countdown = n;
		assert_fails(radioembo_volume_new_from_data(data, COUNT, NX, NY, NZ, 1, 1, 1,
							    &volume),
			     RADIOEMBO_ENOMEM, "memory");
		assert_null(volume);
	}
	alloc_failure_countdown = -1;
	assert_ok(radioembo_volume_new(NX, NY, NZ, 1, 1, 1, &volume));
	alloc_failure_countdown = 1;
	assert_fails(radioembo_volume_copy(volume, &copy), RADIOEMBO_ENOMEM, "voxels");
	alloc_failure_countdown = -1;
	assert_null(copy);
	radioembo_volume_free(volume);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_volume_new_is_zero_with_its_geometry),
		TEST(test_volume_layout_is_x_fastest),
		TEST(test_volume_set_data_and_sum),
		TEST(test_volume_copies_are_independent),
		TEST(test_volume_accumulate),
		TEST(test_volume_accumulate_overflow_leaves_target),
		TEST(test_volume_rejects_invalid_arguments),
		TEST(test_volume_allocation_failures),
	};
	return cmocka_run_group_tests_name("volume", tests, NULL, NULL);
}
