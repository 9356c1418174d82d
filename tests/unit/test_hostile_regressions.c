/*
 * Regressions for the bugs the hostile-input suite (tests/hostile) found, one test each,
 * named after the module they live in.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "testutil.h"

#define T0 INT64_C(1764150000)

/* An array length no array can have: SIZE_MAX, and 2^61 whose byte count wraps to 0 */
static const size_t impossible_lengths[] = { SIZE_MAX, SIZE_MAX / 8 + 1 };

/* A denormal first radius made 0/0 a shell radius and splat_sphere loop (size_t)NaN times. */
static void test_kernel_new_from_dpk_denormal_radius_terminates(void **state)
{
	const double radius[] = { 4.9e-324, 2.0, 4.0, 8.0 };
	const double energy[] = { 0.31, 0.27, 0.25, 0.06 };
	radioembo_kernel *kernel = NULL;
	double total = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_kernel_new_from_dpk(radius, energy, 4, 4.0, 4.0, 4.0, 7.5, &kernel));
	assert_ok(radioembo_kernel_energy_mev(kernel, &total));
	assert_true(isfinite(total) && total > 0.0);
	radioembo_kernel_free(kernel);
}

/* A last radius of 1e308 made the shell's cube infinite and its sub-shell radii NaN: a hang. */
static void test_kernel_new_from_dpk_rejects_huge_radius(void **state)
{
	const double radius[] = { 1.0, 2.0, 4.0, 1e308 };
	const double energy[] = { 0.31, 0.27, 0.25, 0.06 };
	radioembo_kernel *kernel = (radioembo_kernel *)&kernel;

	(void)state;
	assert_fails(radioembo_kernel_new_from_dpk(radius, energy, 4, 4.0, 4.0, 4.0, 7.5, &kernel),
		     RADIOEMBO_EINVAL, "outer_radius_mm[3]");
	assert_ptr_equal(kernel, (radioembo_kernel *)&kernel);
}

/* The element checks read past the caller's arrays when n was not a possible length. */
static void test_kernel_new_from_dpk_rejects_impossible_length(void **state)
{
	const double radius[] = { 1.0, 2.0, 4.0, 8.0 };
	const double energy[] = { 0.31, 0.27, 0.25, 0.06 };
	radioembo_kernel *kernel = (radioembo_kernel *)&kernel;

	(void)state;
	for (size_t i = 0; i < sizeof impossible_lengths / sizeof *impossible_lengths; i++) {
		assert_fails(radioembo_kernel_new_from_dpk(radius, energy, impossible_lengths[i], 4.0,
							   4.0, 4.0, 7.5, &kernel),
			     RADIOEMBO_EINVAL, "n must be a possible array length");
		assert_ptr_equal(kernel, (radioembo_kernel *)&kernel);
	}
}

static void test_partition_rejects_impossible_length(void **state)
{
	const double mass[] = { 0.1179, 0.0396 }, tnr[] = { 3.719, 2.45 };
	double tumor[2] = { TEST_SENTINEL, TEST_SENTINEL }, normal = TEST_SENTINEL;
	double lung = TEST_SENTINEL, activity = TEST_SENTINEL;
	radioembo_limiting_organ organ = RADIOEMBO_LIMIT_NONE;

	(void)state;
	for (size_t i = 0; i < sizeof impossible_lengths / sizeof *impossible_lengths; i++) {
		size_t n = impossible_lengths[i];
		assert_fails(radioembo_partition_doses(2.385, 0.0735, 50.0, mass, tnr, n, 1.43, 1.0,
						       tumor, &normal, &lung),
			     RADIOEMBO_EINVAL, "n_tumors");
		assert_fails(radioembo_partition_activity_for_tumor_dose_gbq(
				     180.0, 0, 0.0735, 50.0, mass, tnr, n, 1.43, &activity),
			     RADIOEMBO_EINVAL, "n_tumors");
		assert_fails(radioembo_partition_max_activity_gbq(70.0, 30.0, 0.0735, 50.0, mass,
								  tnr, n, 1.43, 1.0, &activity,
								  &organ),
			     RADIOEMBO_EINVAL, "n_tumors");
	}
	assert_true(tumor[0] == TEST_SENTINEL && tumor[1] == TEST_SENTINEL);
	assert_true(normal == TEST_SENTINEL && lung == TEST_SENTINEL);
	assert_true(activity == TEST_SENTINEL && organ == RADIOEMBO_LIMIT_NONE);
}

static void test_radiobiology_rejects_impossible_length(void **state)
{
	const double dose[] = { 12.5, 40.0, 81.25 }, fraction[] = { 0.25, 0.5, 0.25 };
	double out[3] = { TEST_SENTINEL, TEST_SENTINEL, TEST_SENTINEL };

	(void)state;
	for (size_t i = 0; i < sizeof impossible_lengths / sizeof *impossible_lengths; i++) {
		size_t n = impossible_lengths[i];
		assert_fails(radioembo_bed_array_gy(dose, n, 10.0, 1.5, 64.1, out),
			     RADIOEMBO_EINVAL, "n must be a possible array length");
		assert_fails(radioembo_geud_gy(dose, fraction, n, -9.5, out), RADIOEMBO_EINVAL,
			     "n must be a possible array length");
		assert_fails(radioembo_eud_survival_gy(dose, fraction, n, 0.0035, out),
			     RADIOEMBO_EINVAL, "n must be a possible array length");
		assert_fails(radioembo_eubed_gy(dose, fraction, n, 0.0035, 10.0, 1.5, 64.1, out),
			     RADIOEMBO_EINVAL, "n must be a possible array length");
	}
	for (size_t i = 0; i < 3; i++)
		assert_true(out[i] == TEST_SENTINEL);
}

static void test_product_set_vial_sizes_rejects_impossible_length(void **state)
{
	const double sizes[] = { 3.0, 5.0, 7.0 };
	radioembo_product *product;
	size_t count = 0;

	(void)state;
	assert_ok(radioembo_product_new_builtin("TheraSphere", &product));
	for (size_t i = 0; i < sizeof impossible_lengths / sizeof *impossible_lengths; i++)
		assert_fails(radioembo_product_set_vial_sizes_gbq(product, sizes,
								  impossible_lengths[i]),
			     RADIOEMBO_EINVAL, "n must be a possible array length");
	/* the catalogue's six TheraSphere vials are still there */
	assert_ok(radioembo_product_get_vial_sizes_gbq(product, NULL, 0, &count));
	assert_int_equal(count, 6);
	radioembo_product_free(product);
}

/* Lung counts that make the LSF round to 1 were blamed on a liver mean "of 0". */
static void test_lung_compartment_lsf_from_counts_names_the_lung_counts(void **state)
{
	radioembo_lung *lung;
	double lsf = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_lung_new(&lung));
	assert_ok(radioembo_lung_set_lsf(lung, 0.0735));
	assert_fails(radioembo_lung_set_lsf_from_counts(lung, 1e308, 1350.0, 15320.0, 17010.0),
		     RADIOEMBO_EINVAL, "lung_anterior (1e+308)");
	assert_null(strstr(radioembo_last_error_message(), "mean of 0"));
	assert_ok(radioembo_lung_get_lsf(lung, &lsf));
	assert_close(lsf, 0.0735, 0.0);
	radioembo_lung_free(lung);
}

/* A NULL copy_out was reported as "uncertainty_out", a parameter the caller never saw. */
static void test_uncertainty_copy_names_copy_out(void **state)
{
	radioembo_uncertainty *u;

	(void)state;
	assert_ok(radioembo_uncertainty_new(&u));
	assert_fails(radioembo_uncertainty_copy(u, NULL), RADIOEMBO_EINVAL, "copy_out");
	radioembo_uncertainty_free(u);
}

/* A denormal activity per sphere gave a successful plan with an infinite sphere count. */
static void test_plan_compute_sphere_count_overflow_is_erange(void **state)
{
	radioembo_product *product;
	radioembo_liver *liver;
	radioembo_lung *lung;
	radioembo_plan *plan;
	radioembo_result *result = (radioembo_result *)&result;

	(void)state;
	assert_ok(radioembo_product_new_builtin("TheraSphere", &product));
	assert_ok(radioembo_product_set_activity_per_sphere_bq(product, 4.9e-324));
	assert_ok(radioembo_liver_new(1683.4, 1.047, &liver));
	assert_ok(radioembo_lung_new(&lung));
	assert_ok(radioembo_lung_set_lsf(lung, 0.0735));
	assert_ok(radioembo_plan_new(product, liver, lung, &plan));
	assert_ok(radioembo_plan_prescribe_activity_gbq(plan, 2.385));
	assert_ok(radioembo_plan_set_calibration_s(plan, T0));
	assert_ok(radioembo_plan_set_treatment_s(plan, T0 + 86400));
	assert_fails(radioembo_plan_compute(plan, &result), RADIOEMBO_ERANGE, "sphere count");
	assert_ptr_equal(result, (radioembo_result *)&result);
	radioembo_plan_free(plan);
	radioembo_lung_free(lung);
	radioembo_liver_free(liver);
	radioembo_product_free(product);
}

/*
 * The field getters blamed "value_out", a name in no prototype, and array elements blamed
 * "tnr[1]": radioembo_last_error_parameter() names the argument; the message the element.
 */
static void test_error_parameter_is_an_argument_of_the_prototype(void **state)
{
	const double mass[] = {0.1179, 0.0396}, tnr[] = {3.719, NAN};
	const double dose[] = {41.7, -3.5}, fraction[] = {0.25, 1.5};
	radioembo_product *product = NULL;
	radioembo_radiobiology_params *params = NULL;
	radioembo_limiting_organ organ = RADIOEMBO_LIMIT_NONE;
	double out = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_product_new_builtin("SIR-Spheres", &product));
	assert_fails(radioembo_product_get_lung_dose_limit_session_gy(product, NULL),
		     RADIOEMBO_EINVAL, "lung_dose_limit_session_gy_out must not be NULL");
	assert_string_equal(radioembo_last_error_parameter(), "lung_dose_limit_session_gy_out");
	assert_ok(radioembo_radiobiology_params_new(RADIOEMBO_PRODUCT_KIND_RESIN, &params));
	assert_fails(radioembo_radiobiology_params_get_liver_alpha_beta_gy(params, NULL),
		     RADIOEMBO_EINVAL, "liver_alpha_beta_gy_out must not be NULL");
	assert_string_equal(radioembo_last_error_parameter(), "liver_alpha_beta_gy_out");
	assert_fails(radioembo_partition_max_activity_gbq(70.0, 30.0, 0.0735, 50.0, mass, tnr, 2,
							  1.43, 1.0, &out, &organ),
		     RADIOEMBO_EINVAL, "tnr[1] must be finite and > 0, got nan");
	assert_string_equal(radioembo_last_error_parameter(), "tnr");
	assert_fails(radioembo_geud_gy(dose, fraction, 2, 0.31, &out), RADIOEMBO_EINVAL,
		     "dose_gy[1] must be finite and >= 0, got -3.5");
	assert_string_equal(radioembo_last_error_parameter(), "dose_gy");
	assert_fails(radioembo_geud_gy(fraction, fraction, 2, 0.31, &out), RADIOEMBO_EINVAL,
		     "volume_fraction[1] must be within [0, 1], got 1.5");
	assert_string_equal(radioembo_last_error_parameter(), "volume_fraction");
	assert_true(out == TEST_SENTINEL);
	radioembo_radiobiology_params_free(params);
	radioembo_product_free(product);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_kernel_new_from_dpk_denormal_radius_terminates),
		TEST(test_kernel_new_from_dpk_rejects_huge_radius),
		TEST(test_kernel_new_from_dpk_rejects_impossible_length),
		TEST(test_partition_rejects_impossible_length),
		TEST(test_radiobiology_rejects_impossible_length),
		TEST(test_product_set_vial_sizes_rejects_impossible_length),
		TEST(test_lung_compartment_lsf_from_counts_names_the_lung_counts),
		TEST(test_uncertainty_copy_names_copy_out),
		TEST(test_plan_compute_sphere_count_overflow_is_erange),
		TEST(test_error_parameter_is_an_argument_of_the_prototype),
	};
	return cmocka_run_group_tests_name("hostile_regressions", tests, NULL, NULL);
}
