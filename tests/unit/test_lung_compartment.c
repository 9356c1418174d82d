/*
 * lung compartment object: 1 kg default, mass from a CT volume, LSF set or from planar
 * counts, the prior-dose ledger, deep copies, every error path (allocation failures
 * included, see alloc_failure.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "alloc_failure.h" /* first: it replaces the library's allocator */

#include <math.h>

#include "testutil.h"

/* Where a failed constructor must leave its output: a pointer no call returns. */
static char sentinel_storage;
#define SENTINEL_LUNG ((radioembo_lung *)(void *)&sentinel_storage)
#define SENTINEL_COUNT ((size_t)777777)

static void test_lung_compartment_new_has_defaults(void **state)
{
	radioembo_lung *lung;
	double out = TEST_SENTINEL;
	size_t count = SENTINEL_COUNT;

	(void)state;
	assert_ok(radioembo_lung_new(&lung));
	/* 1 kg: the TheraSphere convention, the IFU pairs 0.61 GBq with 30 Gy,
	 * 50 x 0.61 / 1 = 30.5 Gy (radioembo-sources(7) TISSUE) */
	assert_ok(radioembo_lung_get_mass_kg(lung, &out));
	assert_close(out, 1.0, 0.0);
	/* no LSF until one is measured */
	out = TEST_SENTINEL;
	assert_fails(radioembo_lung_get_lsf(lung, &out), RADIOEMBO_ENOTFOUND,
		     "lung shunt fraction");
	assert_true(out == TEST_SENTINEL);
	/* an empty ledger: no prior dose, total 0 */
	assert_ok(radioembo_lung_prior_dose_count(lung, &count));
	assert_int_equal(count, 0);
	assert_ok(radioembo_lung_prior_dose_total_gy(lung, &out));
	assert_close(out, 0.0, 0.0);
	radioembo_lung_free(lung);
}

static void test_lung_compartment_mass_set_and_from_volume(void **state)
{
	radioembo_lung *lung;
	double out = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_lung_new(&lung));
	assert_ok(radioembo_lung_set_mass_kg(lung, 0.9137));
	assert_ok(radioembo_lung_get_mass_kg(lung, &out));
	assert_close(out, 0.9137, 0.0);
	/* CT densitovolumetry (Kao et al. 2014): hand-computed 3712.5 mL x 0.2853 g/mL / 1000
	 * = 1.05917625 kg */
	assert_ok(radioembo_lung_set_mass_from_volume(lung, 3712.5, 0.2853));
	assert_ok(radioembo_lung_get_mass_kg(lung, &out));
	assert_close(out, 1.05917625, 1e-15);
	radioembo_lung_free(lung);
}

static void test_lung_compartment_lsf_set_and_from_counts(void **state)
{
	radioembo_lung *lung;
	double out = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_lung_new(&lung));
	assert_ok(radioembo_lung_set_lsf(lung, 0.0735));
	assert_ok(radioembo_lung_get_lsf(lung, &out));
	assert_close(out, 0.0735, 0.0);
	/* no shunt at all is a valid LSF */
	assert_ok(radioembo_lung_set_lsf(lung, 0.0));
	assert_ok(radioembo_lung_get_lsf(lung, &out));
	assert_close(out, 0.0, 0.0);
	/* GM method (radioembo-sources(7) LSF), hand-computed with python3 decimal (40 digits):
	 * GM_lung = sqrt(28417 x 31652), GM_liver = sqrt(214380 x 263915),
	 * LSF = GM_lung / (GM_lung + GM_liver) = 0.11196804956132002120 */
	assert_ok(radioembo_lung_set_lsf_from_counts(lung, 28417.0, 31652.0, 214380.0, 263915.0));
	assert_ok(radioembo_lung_get_lsf(lung, &out));
	assert_close(out, 0.11196804956132002120, 1e-14);
	/* no lung counts: LSF 0 */
	assert_ok(radioembo_lung_set_lsf_from_counts(lung, 0.0, 31652.0, 214380.0, 263915.0));
	assert_ok(radioembo_lung_get_lsf(lung, &out));
	assert_close(out, 0.0, 0.0);
	radioembo_lung_free(lung);
}

static void test_lung_compartment_prior_dose_ledger(void **state)
{
	radioembo_lung *lung;
	double out = TEST_SENTINEL;
	size_t count = SENTINEL_COUNT;

	(void)state;
	assert_ok(radioembo_lung_new(&lung));
	assert_ok(radioembo_lung_add_prior_dose_gy(lung, 12.37));
	assert_ok(radioembo_lung_add_prior_dose_gy(lung, 8.914));
	/* a session that shunted nothing is recorded too */
	assert_ok(radioembo_lung_add_prior_dose_gy(lung, 0.0));
	assert_ok(radioembo_lung_prior_dose_count(lung, &count));
	assert_int_equal(count, 3);
	assert_ok(radioembo_lung_get_prior_dose_gy(lung, 0, &out));
	assert_close(out, 12.37, 0.0);
	assert_ok(radioembo_lung_get_prior_dose_gy(lung, 1, &out));
	assert_close(out, 8.914, 0.0);
	assert_ok(radioembo_lung_get_prior_dose_gy(lung, 2, &out));
	assert_close(out, 0.0, 0.0);
	/* hand-computed 12.37 + 8.914 + 0 = 21.284 Gy, to compare with the 50 Gy cumulative
	 * limit (radioembo-sources(7) LUNG) */
	assert_ok(radioembo_lung_prior_dose_total_gy(lung, &out));
	assert_close(out, 21.284, 1e-15);
	radioembo_lung_free(lung);
}

static void test_lung_compartment_copy_is_deep_and_independent(void **state)
{
	radioembo_lung *lung, *copy = NULL, *blank = NULL;
	double out = TEST_SENTINEL;
	size_t count;

	(void)state;
	assert_ok(radioembo_lung_new(&lung));
	/* a copy of fresh lungs keeps the defaults: 1 kg, LSF unset, no ledger */
	assert_ok(radioembo_lung_copy(lung, &blank));
	assert_ok(radioembo_lung_get_mass_kg(blank, &out));
	assert_close(out, 1.0, 0.0);
	out = TEST_SENTINEL;
	assert_fails(radioembo_lung_get_lsf(blank, &out), RADIOEMBO_ENOTFOUND, "not set");
	assert_true(out == TEST_SENTINEL);
	assert_ok(radioembo_lung_prior_dose_count(blank, &count));
	assert_int_equal(count, 0);

	assert_ok(radioembo_lung_set_mass_kg(lung, 0.9137));
	assert_ok(radioembo_lung_set_lsf(lung, 0.0735));
	assert_ok(radioembo_lung_add_prior_dose_gy(lung, 12.37));
	assert_ok(radioembo_lung_add_prior_dose_gy(lung, 8.914));
	assert_ok(radioembo_lung_copy(lung, &copy));
	assert_ptr_not_equal(copy, lung);
	assert_ok(radioembo_lung_get_mass_kg(copy, &out));
	assert_close(out, 0.9137, 0.0);
	assert_ok(radioembo_lung_get_lsf(copy, &out));
	assert_close(out, 0.0735, 0.0);
	assert_ok(radioembo_lung_prior_dose_count(copy, &count));
	assert_int_equal(count, 2);
	assert_ok(radioembo_lung_get_prior_dose_gy(copy, 1, &out));
	assert_close(out, 8.914, 0.0);

	/* change the copy: the original keeps its values */
	assert_ok(radioembo_lung_set_mass_kg(copy, 1.2265));
	assert_ok(radioembo_lung_set_lsf(copy, 0.1432));
	assert_ok(radioembo_lung_add_prior_dose_gy(copy, 17.06));
	assert_ok(radioembo_lung_get_mass_kg(lung, &out));
	assert_close(out, 0.9137, 0.0);
	assert_ok(radioembo_lung_get_lsf(lung, &out));
	assert_close(out, 0.0735, 0.0);
	assert_ok(radioembo_lung_prior_dose_count(lung, &count));
	assert_int_equal(count, 2);
	assert_ok(radioembo_lung_prior_dose_total_gy(lung, &out));
	assert_close(out, 21.284, 1e-15);

	/* free the original first: the copy lives on; hand-computed 12.37 + 8.914 + 17.06
	 * = 38.344 Gy */
	radioembo_lung_free(lung);
	assert_ok(radioembo_lung_prior_dose_total_gy(copy, &out));
	assert_close(out, 38.344, 1e-15);
	radioembo_lung_free(blank);
	radioembo_lung_free(copy);
}

static void test_lung_compartment_rejects_invalid_arguments(void **state)
{
	radioembo_lung *lung, *out_lung = SENTINEL_LUNG;
	double out = TEST_SENTINEL;
	size_t count = SENTINEL_COUNT;

	(void)state;
	assert_ok(radioembo_lung_new(&lung));
	assert_ok(radioembo_lung_set_mass_kg(lung, 0.9137));
	assert_ok(radioembo_lung_set_lsf(lung, 0.0735));
	assert_ok(radioembo_lung_add_prior_dose_gy(lung, 12.37));

	/* new and copy */
	assert_ptr_equal(out_lung, SENTINEL_LUNG);

	/* mass */
	assert_fails(radioembo_lung_set_mass_kg(lung, 0.0), RADIOEMBO_EINVAL, "mass_kg");
	assert_fails(radioembo_lung_set_mass_kg(lung, -0.9137), RADIOEMBO_EINVAL, "mass_kg");
	assert_fails(radioembo_lung_set_mass_kg(lung, INFINITY), RADIOEMBO_EINVAL, "mass_kg");
	assert_fails(radioembo_lung_set_mass_from_volume(lung, 0.0, 0.2853), RADIOEMBO_EINVAL,
		     "volume_ml");
	assert_fails(radioembo_lung_set_mass_from_volume(lung, -3712.5, 0.2853), RADIOEMBO_EINVAL,
		     "volume_ml");
	assert_fails(radioembo_lung_set_mass_from_volume(lung, INFINITY, 0.2853),
		     RADIOEMBO_EINVAL, "volume_ml");
	assert_fails(radioembo_lung_set_mass_from_volume(lung, 3712.5, 0.0), RADIOEMBO_EINVAL,
		     "density_g_per_ml");
	assert_fails(radioembo_lung_set_mass_from_volume(lung, 3712.5, 285.3), RADIOEMBO_EINVAL,
		     "density_g_per_ml");
	/* a positive volume whose mass underflows to 0 kg */
	assert_fails(radioembo_lung_set_mass_from_volume(lung, 4e-320, 0.01), RADIOEMBO_ERANGE,
		     "mass");

	/* LSF */
	assert_fails(radioembo_lung_set_lsf(lung, 1.0), RADIOEMBO_EINVAL, "lsf");
	/* a percentage by mistake */
	assert_fails(radioembo_lung_set_lsf(lung, 7.35), RADIOEMBO_EINVAL, "lsf");
	assert_fails(radioembo_lung_set_lsf(lung, -0.0735), RADIOEMBO_EINVAL, "lsf");
	assert_fails(radioembo_lung_set_lsf(lung, INFINITY), RADIOEMBO_EINVAL, "lsf");
	assert_fails(radioembo_lung_set_lsf_from_counts(lung, -28417.0, 31652.0, 214380.0,
							263915.0),
		     RADIOEMBO_EINVAL, "lung_anterior");
	assert_fails(radioembo_lung_set_lsf_from_counts(lung, 28417.0, 31652.0, INFINITY,
							263915.0),
		     RADIOEMBO_EINVAL, "liver_anterior");
	assert_fails(radioembo_lung_set_lsf_from_counts(lung, 28417.0, 31652.0, 214380.0,
							-263915.0),
		     RADIOEMBO_EINVAL, "liver_posterior");
	assert_fails(radioembo_lung_set_lsf_from_counts(lung, 0.0, 0.0, 0.0, 0.0),
		     RADIOEMBO_EINVAL, "both 0");
	/* no liver counts: the LSF would be 1, which the object does not keep */
	assert_fails(radioembo_lung_set_lsf_from_counts(lung, 28417.0, 31652.0, 0.0, 263915.0),
		     RADIOEMBO_EINVAL, "liver_anterior");

	/* ledger */
	assert_fails(radioembo_lung_add_prior_dose_gy(lung, -12.37), RADIOEMBO_EINVAL, "dose_gy");
	assert_fails(radioembo_lung_add_prior_dose_gy(lung, INFINITY), RADIOEMBO_EINVAL,
		     "dose_gy");
	assert_fails(radioembo_lung_get_prior_dose_gy(lung, 1, &out), RADIOEMBO_EINVAL, "index");
	assert_fails(radioembo_lung_get_prior_dose_gy(lung, SIZE_MAX, &out), RADIOEMBO_EINVAL,
		     "index");

	/* outputs untouched, and the lungs unchanged by every failed call */
	assert_true(out == TEST_SENTINEL);
	assert_int_equal(count, SENTINEL_COUNT);
	assert_ok(radioembo_lung_get_mass_kg(lung, &out));
	assert_close(out, 0.9137, 0.0);
	assert_ok(radioembo_lung_get_lsf(lung, &out));
	assert_close(out, 0.0735, 0.0);
	assert_ok(radioembo_lung_prior_dose_count(lung, &count));
	assert_int_equal(count, 1);
	radioembo_lung_free(lung);
}

static void test_lung_compartment_prior_dose_total_erange(void **state)
{
	radioembo_lung *lung;
	double out = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_lung_new(&lung));
	/* each entry is finite; their sum is not */
	assert_ok(radioembo_lung_add_prior_dose_gy(lung, 1.2e308));
	assert_ok(radioembo_lung_add_prior_dose_gy(lung, 0.9e308));
	assert_fails(radioembo_lung_prior_dose_total_gy(lung, &out), RADIOEMBO_ERANGE,
		     "total prior lung dose");
	assert_true(out == TEST_SENTINEL);
	radioembo_lung_free(lung);
}

static void test_lung_compartment_allocation_failures_leave_no_leak(void **state)
{
	radioembo_lung *lung = NULL, *copy;
	double out = TEST_SENTINEL;
	size_t count;
	long n;
	int rc;

	(void)state;
	for (n = 0;; n++) {
		radioembo_lung *made = SENTINEL_LUNG;

		alloc_failure_countdown = n;
		rc = radioembo_lung_new(&made);
		if (rc == RADIOEMBO_OK) {
			lung = made;
			break;
		}
		assert_fails(rc, RADIOEMBO_ENOMEM, "out of memory");
		assert_ptr_equal(made, SENTINEL_LUNG);
	}
	assert_int_equal(n, 1);
	alloc_failure_countdown = -1; /* the last call did not use up its countdown */
	assert_ok(radioembo_lung_add_prior_dose_gy(lung, 12.37));
	assert_ok(radioembo_lung_add_prior_dose_gy(lung, 8.914));
	/* copy: the object, then the ledger sized exactly */
	for (n = 0;; n++) {
		copy = SENTINEL_LUNG;
		alloc_failure_countdown = n;
		rc = radioembo_lung_copy(lung, &copy);
		if (rc == RADIOEMBO_OK)
			break;
		assert_fails(rc, RADIOEMBO_ENOMEM, "out of memory");
		assert_ptr_equal(copy, SENTINEL_LUNG);
	}
	assert_int_equal(n, 2);
	alloc_failure_countdown = -1;
	assert_ok(radioembo_lung_prior_dose_total_gy(copy, &out));
	assert_close(out, 21.284, 1e-15);
	/* the copy's ledger is full: a failed growth leaves it as it was */
	alloc_failure_countdown = 0;
	assert_fails(radioembo_lung_add_prior_dose_gy(copy, 3.06), RADIOEMBO_ENOMEM,
		     "prior lung doses");
	alloc_failure_countdown = -1;
	assert_ok(radioembo_lung_prior_dose_count(copy, &count));
	assert_int_equal(count, 2);
	assert_ok(radioembo_lung_prior_dose_total_gy(copy, &out));
	assert_close(out, 21.284, 1e-15);
	assert_ok(radioembo_lung_add_prior_dose_gy(copy, 3.06));
	assert_ok(radioembo_lung_prior_dose_count(copy, &count));
	assert_int_equal(count, 3);
	radioembo_lung_free(copy);
	radioembo_lung_free(lung);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_lung_compartment_new_has_defaults),
		TEST(test_lung_compartment_mass_set_and_from_volume),
		TEST(test_lung_compartment_lsf_set_and_from_counts),
		TEST(test_lung_compartment_prior_dose_ledger),
		TEST(test_lung_compartment_copy_is_deep_and_independent),
		TEST(test_lung_compartment_rejects_invalid_arguments),
		TEST(test_lung_compartment_prior_dose_total_erange),
		TEST(test_lung_compartment_allocation_failures_leave_no_leak),
	};
	return cmocka_run_group_tests_name("lung_compartment", tests, NULL, NULL);
}
