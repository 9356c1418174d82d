/*
 * shunt_voi module: the lung shunt fraction from SPECT/CT volumes of interest, checked by
 * hand, and every error path.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "testutil.h"

static radioembo_volume *volume_of(const float *data)
{
	radioembo_volume *v = NULL;
	assert_ok(radioembo_volume_new_from_data(data, 4, 2, 2, 1, 4.42, 4.42, 5.15, &v));
	return v;
}

static void test_shunt_voi_by_hand(void **state)
{
	/*
	 * Hand computation: lung VOI holds voxel 0 (120 counts), the liver VOI voxels 1 to 3
	 * (380 + 75.5 + 900 = 1355.5): LSF = 120 / 1475.5 = 0.08132836326669...; the VOIs'
	 * values 0.51 and 7 count as inside (> 0.5), 0.5 as outside.
	 */
	static const float counts[4] = { 120.0f, 380.0f, 75.5f, 900.0f };
	static const float lung[4] = { 0.51f, 0, 0.5f, 0 }, liver[4] = { 0, 7, 1, 1 };
	radioembo_volume *c = volume_of(counts), *l = volume_of(lung), *v = volume_of(liver);
	double lsf = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_shunt_lsf_from_voi_counts(c, l, v, &lsf));
	assert_close(lsf, 120.0 / 1475.5, 1e-12);
	radioembo_volume_free(c);
	radioembo_volume_free(l);
	radioembo_volume_free(v);
}

static void test_shunt_voi_rejects_invalid_arguments(void **state)
{
	static const float counts[4] = { 120.0f, 380.0f, 75.5f, 900.0f };
	static const float lung[4] = { 1, 0, 0, 0 }, liver[4] = { 0, 1, 1, 1 },
			   none[4] = { 0, 0, 0, 0 };
	static const float negative[4] = { -120.0f, 380.0f, 75.5f, 900.0f };
	radioembo_volume *c = volume_of(counts), *l = volume_of(lung), *v = volume_of(liver);
	radioembo_volume *z = volume_of(none), *n = volume_of(negative), *other = NULL;
	double lsf = TEST_SENTINEL;

	(void)state;
	assert_fails(radioembo_shunt_lsf_from_voi_counts(NULL, l, v, &lsf), RADIOEMBO_EINVAL,
		     "counts");
	assert_fails(radioembo_shunt_lsf_from_voi_counts(c, NULL, v, &lsf), RADIOEMBO_EINVAL,
		     "lung_voi");
	assert_fails(radioembo_shunt_lsf_from_voi_counts(c, l, NULL, &lsf), RADIOEMBO_EINVAL,
		     "liver_voi");
	assert_fails(radioembo_shunt_lsf_from_voi_counts(c, l, v, NULL), RADIOEMBO_EINVAL,
		     "lsf_out");
	assert_fails(radioembo_shunt_lsf_from_voi_counts(c, l, l, &lsf), RADIOEMBO_EINVAL,
		     "voxel 0 lies in both");
	assert_fails(radioembo_shunt_lsf_from_voi_counts(c, z, z, &lsf), RADIOEMBO_EINVAL,
		     "not both 0");
	assert_fails(radioembo_shunt_lsf_from_voi_counts(n, l, v, &lsf), RADIOEMBO_EINVAL,
		     "must be >= 0");
	assert_ok(radioembo_volume_new(2, 2, 1, 4.42, 4.42, 5.15, &other));
	assert_ok(radioembo_volume_set_origin_mm(other, 0.0, 150.0, 0.0));
	assert_fails(radioembo_shunt_lsf_from_voi_counts(c, other, v, &lsf), RADIOEMBO_EINVAL,
		     "origin differs by 150 mm");
	radioembo_volume_data_mutable(c)[2] = NAN;
	assert_fails(radioembo_shunt_lsf_from_voi_counts(c, l, v, &lsf), RADIOEMBO_EINVAL,
		     "counts voxel 2");
	assert_true(lsf == TEST_SENTINEL);
	radioembo_volume_free(other);
	radioembo_volume_free(n);
	radioembo_volume_free(z);
	radioembo_volume_free(c);
	radioembo_volume_free(l);
	radioembo_volume_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_shunt_voi_by_hand),
		TEST(test_shunt_voi_rejects_invalid_arguments),
	};
	return cmocka_run_group_tests_name("shunt_voi", tests, NULL, NULL);
}
