/*
 * vial module: golden activities, draws, assays and orders from tests/golden, sphere counts,
 * ownership, instant bounds and every error path.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "testutil.h"

/* Sun 2026-11-22 12:00 ET = 17:00Z, a TheraSphere calibration; Wed 12:00 ET, 72 h later. */
#define SUNDAY_NOON_ET INT64_C(1795366800)
#define WEDNESDAY_NOON_ET INT64_C(1795626000)
/* Wed 2026-11-25 18:00 ET, a SIR-Spheres calibration. */
#define SIR_CALIBRATION INT64_C(1795647600)
/* Years 0000..9999 UTC, the accepted instants. */
#define FIRST_INSTANT INT64_C(-62167219200)
#define LAST_INSTANT INT64_C(253402300799)

/* A catalogue product by its index in the listing (the golden tables' `product` column). */
static radioembo_product *builtin(int index)
{
	radioembo_product *product = NULL;

	assert_ok(radioembo_product_new_builtin(radioembo_product_builtin_name(index), &product));
	return product;
}

static radioembo_vial *vial_of(int index, double activity_gbq, int64_t calibration_s)
{
	radioembo_product *product = builtin(index);
	radioembo_vial *vial = NULL;

	assert_ok(radioembo_vial_new(product, activity_gbq, calibration_s, &vial));
	radioembo_product_free(product); /* the vial keeps its own copy */
	return vial;
}

static int64_t instant(const struct golden_table *table, size_t row, size_t column)
{
	return (int64_t)golden_value(table, row, column);
}

static void test_vial_activity_golden(void **state)
{
	struct golden_table *table = golden_load("vial_activity.csv", 6);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		radioembo_vial *vial = vial_of((int)golden_value(table, row, 0),
					       golden_value(table, row, 1), instant(table, row, 2));
		double activity = TEST_SENTINEL, per_sphere = TEST_SENTINEL;

		assert_ok(radioembo_vial_activity_gbq(vial, instant(table, row, 3), &activity));
		assert_close(activity, golden_value(table, row, 4), 1e-13);
		assert_ok(radioembo_vial_activity_per_sphere_bq(vial, instant(table, row, 3),
								&per_sphere));
		assert_close(per_sphere, golden_value(table, row, 5), 1e-13);
		radioembo_vial_free(vial);
	}
	golden_free(table);
}

static void test_vial_new_keeps_fields_and_defaults_volume(void **state)
{
	radioembo_vial *glass = vial_of(0, 5.0, SUNDAY_NOON_ET), *resin = vial_of(1, 3.0, 0);
	radioembo_vial *holmium = vial_of(2, 6.385, -INT64_C(86400) * 365 * 30);
	double value = TEST_SENTINEL;
	int64_t when = 0;

	(void)state;
	assert_ok(radioembo_vial_get_calibration_activity_gbq(glass, &value));
	assert_close(value, 5.0, 0.0);
	assert_ok(radioembo_vial_get_calibration_s(glass, &when));
	assert_true(when == SUNDAY_NOON_ET);
	assert_ok(radioembo_vial_get_calibration_s(holmium, &when));
	assert_true(when == -INT64_C(946080000)); /* 1940: instants before the epoch are fine */
	assert_string_equal(radioembo_product_name(radioembo_vial_product(glass)), "TheraSphere");
	assert_null(radioembo_vial_product(NULL));

	/* the products' vial volumes: 0.6 mL glass, 5 mL resin (radioembo-sources(7) PRODUCTS); none for Ho-166 */
	assert_ok(radioembo_vial_get_volume_ml(glass, &value));
	assert_close(value, 0.6, 0.0);
	assert_ok(radioembo_vial_get_volume_ml(resin, &value));
	assert_close(value, 5.0, 0.0);
	value = TEST_SENTINEL;
	assert_fails(radioembo_vial_get_volume_ml(holmium, &value), RADIOEMBO_ENOTFOUND,
		     "volume_ml");
	assert_true(value == TEST_SENTINEL);
	assert_ok(radioembo_vial_set_volume_ml(holmium, 2.385));
	assert_ok(radioembo_vial_get_volume_ml(holmium, &value));
	assert_close(value, 2.385, 0.0);
	assert_ok(radioembo_vial_set_volume_ml(resin, 4.85));
	assert_ok(radioembo_vial_get_volume_ml(resin, &value));
	assert_close(value, 4.85, 0.0);

	radioembo_vial_free(glass);
	radioembo_vial_free(resin);
	radioembo_vial_free(holmium);
	radioembo_vial_free(NULL);
}

static void test_vial_owns_a_copy_of_its_product(void **state)
{
	radioembo_product *product = builtin(0);
	radioembo_vial *vial = NULL;
	double activity = TEST_SENTINEL, half_life = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_vial_new(product, 5.0, SUNDAY_NOON_ET, &vial));
	/* changing the caller's product afterwards changes nothing in the vial */
	assert_ok(radioembo_product_set_half_life_h(product, 2.385));
	assert_ok(radioembo_product_set_vial_volume_ml(product, 9.5));
	assert_ok(radioembo_product_set_name(product, "changed"));
	radioembo_product_free(product);
	assert_ok(radioembo_product_get_half_life_h(radioembo_vial_product(vial), &half_life));
	assert_close(half_life, 64.1, 0.0);
	assert_string_equal(radioembo_product_name(radioembo_vial_product(vial)), "TheraSphere");
	assert_ok(radioembo_vial_activity_gbq(vial, WEDNESDAY_NOON_ET, &activity));
	assert_close(activity, 2.2953006939683240, 1e-13); /* vial_activity.csv row 1 */
	radioembo_vial_free(vial);
}

static void test_vial_copy_is_deep_and_independent(void **state)
{
	radioembo_vial *vial = vial_of(1, 3.0, SIR_CALIBRATION), *copy = NULL;
	double value = TEST_SENTINEL;
	int64_t when = 0;

	(void)state;
	assert_ok(radioembo_vial_set_volume_ml(vial, 4.75));
	assert_ok(radioembo_vial_copy(vial, &copy));
	assert_ok(radioembo_vial_set_volume_ml(vial, 5.25));
	assert_true(radioembo_vial_product(copy) != radioembo_vial_product(vial));
	radioembo_vial_free(vial); /* the copy outlives its original */
	assert_ok(radioembo_vial_get_volume_ml(copy, &value));
	assert_close(value, 4.75, 0.0);
	assert_ok(radioembo_vial_get_calibration_activity_gbq(copy, &value));
	assert_close(value, 3.0, 0.0);
	assert_ok(radioembo_vial_get_calibration_s(copy, &when));
	assert_true(when == SIR_CALIBRATION);
	assert_string_equal(radioembo_product_name(radioembo_vial_product(copy)), "SIR-Spheres");
	radioembo_vial_free(copy);
}

static void test_vial_sphere_count(void **state)
{
	radioembo_vial *glass3 = vial_of(0, 3.0, SUNDAY_NOON_ET);
	radioembo_vial *glass5 = vial_of(0, 5.0, SUNDAY_NOON_ET);
	radioembo_vial *resin = vial_of(1, 3.0, SIR_CALIBRATION);
	radioembo_vial *holmium = vial_of(2, 6.385, SUNDAY_NOON_ET);
	double count = TEST_SENTINEL, activity, per_sphere;

	(void)state;
	/* 3e9 Bq / 2500 Bq = 1.2 million spheres per 3 GBq glass vial (radioembo-sources(7) CLINICAL, PRODUCTS) */
	assert_ok(radioembo_vial_sphere_count(glass3, &count));
	assert_close(count, 1.2e6, 1e-15);
	assert_ok(radioembo_vial_sphere_count(glass5, &count));
	assert_close(count, 2.0e6, 1e-15);
	/* the vendor's 44 +/- 2.6 million per 3 GBq resin vial (radioembo-sources(7) PRODUCTS) */
	assert_ok(radioembo_vial_sphere_count(resin, &count));
	assert_close(count, 4.4e7, 1e-15);
	assert_true(count >= 41.4e6 && count <= 46.6e6);
	/* hand-computed 6.385e9 / 450 Bq (rcpjournals Tab.1, radioembo-sources(7) PRODUCTS) */
	assert_ok(radioembo_vial_sphere_count(holmium, &count));
	assert_close(count, 14188888.888888889, 1e-15);
	/* constant in time: activity and activity per sphere decay alike */
	assert_ok(radioembo_vial_activity_gbq(glass5, WEDNESDAY_NOON_ET, &activity));
	assert_ok(radioembo_vial_activity_per_sphere_bq(glass5, WEDNESDAY_NOON_ET, &per_sphere));
	assert_close(activity * 1e9 / per_sphere, 2.0e6, 1e-13);
	radioembo_vial_free(glass3);
	radioembo_vial_free(glass5);
	radioembo_vial_free(resin);
	radioembo_vial_free(holmium);
}

static void test_vial_draw_golden(void **state)
{
	struct golden_table *table = golden_load("vial_draw.csv", 7);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		radioembo_vial *vial = vial_of((int)golden_value(table, row, 0),
					       golden_value(table, row, 1), instant(table, row, 2));
		int64_t at_s = instant(table, row, 3);
		double wanted = golden_value(table, row, 4), fraction = TEST_SENTINEL;
		double volume = TEST_SENTINEL, alone = TEST_SENTINEL, held = TEST_SENTINEL;

		assert_ok(radioembo_vial_draw(vial, wanted, at_s, &fraction, &volume));
		assert_close(fraction, golden_value(table, row, 5), 1e-13);
		assert_close(volume, golden_value(table, row, 6), 1e-13);
		/* the volume is optional; the fraction does not depend on it */
		assert_ok(radioembo_vial_draw(vial, wanted, at_s, &alone, NULL));
		assert_close(alone, fraction, 0.0);
		/* round trip: the fraction of the vial's activity is the activity asked for */
		assert_ok(radioembo_vial_activity_gbq(vial, at_s, &held));
		assert_close(fraction * held, wanted, 1e-14);
		radioembo_vial_free(vial);
	}
	golden_free(table);
}

static void test_vial_draw_without_volume_and_beyond_the_vial(void **state)
{
	radioembo_vial *holmium = vial_of(2, 6.385, SUNDAY_NOON_ET);
	radioembo_vial *glass = vial_of(0, 5.0, SUNDAY_NOON_ET);
	double fraction = TEST_SENTINEL, volume = TEST_SENTINEL;

	(void)state;
	/* no known volume: the fraction alone works, asking for the volume does not */
	assert_fails(radioembo_vial_draw(holmium, 1.5, SUNDAY_NOON_ET, &fraction, &volume),
		     RADIOEMBO_ENOTFOUND, "volume_ml");
	assert_true(fraction == TEST_SENTINEL && volume == TEST_SENTINEL);
	assert_ok(radioembo_vial_draw(holmium, 1.5, SUNDAY_NOON_ET, &fraction, NULL));
	assert_close(fraction, 1.5 / 6.385, 1e-15);
	fraction = TEST_SENTINEL;
	/* 2.385 GBq on Wednesday from a vial that then holds 2.2953 GBq (vial_activity.csv) */
	assert_fails(radioembo_vial_draw(glass, 2.385, WEDNESDAY_NOON_ET, &fraction, &volume),
		     RADIOEMBO_ERANGE, "activity_gbq");
	/* the message gives what the vial holds */
	assert_non_null(strstr(radioembo_last_error_message(), "2.295300693968"));
	/* the same activity is there before calibration (Saturday: 6.66 GBq) */
	assert_ok(radioembo_vial_draw(glass, 2.385, INT64_C(1795271400), &fraction, &volume));
	assert_close(fraction, 2.385 / 6.6591804353036347, 1e-13);
	assert_close(volume, 0.6 * 2.385 / 6.6591804353036347, 1e-13);
	radioembo_vial_free(holmium);
	radioembo_vial_free(glass);
}

static void test_vial_check_assay_golden(void **state)
{
	struct golden_table *table = golden_load("vial_assay.csv", 7);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		radioembo_vial *vial = vial_of((int)golden_value(table, row, 0),
					       golden_value(table, row, 1), instant(table, row, 2));
		double deviation = TEST_SENTINEL;
		int within = -1;

		assert_ok(radioembo_vial_check_assay(vial, golden_value(table, row, 4),
						     instant(table, row, 3), &deviation, &within));
		assert_close(deviation, golden_value(table, row, 5), 1e-12);
		assert_int_equal(within, (int)golden_value(table, row, 6));
		radioembo_vial_free(vial);
	}
	golden_free(table);
}

static void test_vial_check_assay_needs_a_label_tolerance(void **state)
{
	radioembo_vial *glass = vial_of(0, 5.0, SUNDAY_NOON_ET), *site = NULL;
	radioembo_product *product = builtin(0);
	double deviation = TEST_SENTINEL;
	int within = -1;

	(void)state;
	/* TheraSphere has no cited label tolerance in the catalogue */
	assert_fails(radioembo_vial_check_assay(glass, 5.2, SUNDAY_NOON_ET, &deviation, &within),
		     RADIOEMBO_ENOTFOUND, "label_tolerance");
	assert_true(deviation == TEST_SENTINEL && within == -1);
	/* a site that sets one can check glass too: +4 % within +/-5 % */
	assert_ok(radioembo_product_set_label_tolerance(product, 0.05));
	assert_ok(radioembo_vial_new(product, 5.0, SUNDAY_NOON_ET, &site));
	assert_ok(radioembo_vial_check_assay(site, 5.2, SUNDAY_NOON_ET, &deviation, &within));
	assert_close(deviation, 0.04, 1e-13);
	assert_int_equal(within, 1);
	/* an empty vial is a result, not an error: -100 %, outside */
	assert_ok(radioembo_vial_check_assay(site, 0.0, SUNDAY_NOON_ET, &deviation, &within));
	assert_close(deviation, -1.0, 0.0);
	assert_int_equal(within, 0);
	radioembo_product_free(product);
	radioembo_vial_free(glass);
	radioembo_vial_free(site);
}

static void test_vial_order_golden(void **state)
{
	struct golden_table *table = golden_load("vial_order.csv", 6);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		radioembo_product *product = builtin((int)golden_value(table, row, 0));
		double required = golden_value(table, row, 1), need = TEST_SENTINEL;
		double size = TEST_SENTINEL, at_treatment = TEST_SENTINEL;
		int64_t treatment_s = instant(table, row, 2), calibration_s = instant(table, row, 3);
		radioembo_vial *vial = NULL;

		assert_ok(radioembo_vial_order_gbq(product, required, treatment_s, calibration_s,
						   &need, &size));
		assert_close(need, golden_value(table, row, 4), 1e-13);
		assert_close(size, golden_value(table, row, 5), 0.0);
		/* round trip: the ordered vial holds at least the requirement at treatment */
		assert_ok(radioembo_vial_new(product, size, calibration_s, &vial));
		assert_ok(radioembo_vial_activity_gbq(vial, treatment_s, &at_treatment));
		assert_true(at_treatment >= required * (1.0 - 1e-9));
		radioembo_vial_free(vial);
		radioembo_product_free(product);
	}
	golden_free(table);
}

static void test_vial_order_beyond_the_largest_vial(void **state)
{
	radioembo_product *glass = builtin(0), *resin = builtin(1), *holmium = builtin(2);
	double need = TEST_SENTINEL, size = TEST_SENTINEL;

	(void)state;
	/* 10 GBq on Wednesday needs 21.78 GBq on Sunday, above 20 GBq (hand-computed) */
	assert_fails(radioembo_vial_order_gbq(glass, 10.0, WEDNESDAY_NOON_ET, SUNDAY_NOON_ET,
					      &need, &size),
		     RADIOEMBO_ERANGE, "21.783638253319");
	assert_non_null(strstr(radioembo_last_error_message(), "20 GBq"));
	/* resin: one 3 GBq vial; 3.2 GBq at calibration is too much */
	assert_fails(radioembo_vial_order_gbq(resin, 3.2, SIR_CALIBRATION, SIR_CALIBRATION, &need,
					      &size),
		     RADIOEMBO_ERANGE, "3 GBq");
	/* QuiremSpheres has no vial sizes: dosed by mass (radioembo-sources(7) PRODUCTS) */
	assert_fails(radioembo_vial_order_gbq(holmium, 2.385, WEDNESDAY_NOON_ET, SUNDAY_NOON_ET,
					      &need, &size),
		     RADIOEMBO_ERANGE, "no standard or custom vials");
	assert_true(need == TEST_SENTINEL && size == TEST_SENTINEL);
	radioembo_product_free(glass);
	radioembo_product_free(resin);
	radioembo_product_free(holmium);
}

static void test_vial_order_site_products(void **state)
{
	static const double sizes[] = { 1.85, 4.4 };
	radioembo_product *site = NULL;
	double need = TEST_SENTINEL, size = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_product_new_custom("site Y-90", RADIOEMBO_NUCLIDE_Y90, &site));
	/* custom vials only: 0.25 GBq steps from 1.1 to 2.6 GBq; 1.6 needed -> 1.6 (on grid) */
	assert_ok(radioembo_product_set_custom_vial_max_gbq(site, 2.6));
	assert_ok(radioembo_product_set_custom_vial_min_gbq(site, 1.1));
	assert_ok(radioembo_product_set_custom_vial_step_gbq(site, 0.25));
	assert_ok(radioembo_vial_order_gbq(site, 1.6, SUNDAY_NOON_ET, SUNDAY_NOON_ET, &need,
					   &size));
	assert_close(need, 1.6, 1e-15);
	assert_close(size, 1.6, 1e-15);
	/* 2.45 -> 2.6, the maximum, on the grid 1.1 + 6 * 0.25 despite rounding */
	assert_ok(radioembo_vial_order_gbq(site, 2.45, SUNDAY_NOON_ET, SUNDAY_NOON_ET, &need,
					   &size));
	assert_close(size, 2.6, 1e-15);
	/* below the minimum -> the minimum */
	assert_ok(radioembo_vial_order_gbq(site, 0.385, SUNDAY_NOON_ET, SUNDAY_NOON_ET, &need,
					   &size));
	assert_close(size, 1.1, 0.0);
	/* a maximum off the grid: 2.5 would need 2.6 > 2.55 */
	assert_ok(radioembo_product_set_custom_vial_max_gbq(site, 2.55));
	assert_fails(radioembo_vial_order_gbq(site, 2.45, SUNDAY_NOON_ET, SUNDAY_NOON_ET, &need,
					      &size),
		     RADIOEMBO_ERANGE, "2.55 GBq");
	/* with standard vials too, the smaller covering one wins either way */
	assert_ok(radioembo_product_set_vial_sizes_gbq(site, sizes, 2));
	assert_ok(radioembo_vial_order_gbq(site, 1.7, SUNDAY_NOON_ET, SUNDAY_NOON_ET, &need,
					   &size));
	assert_close(size, 1.85, 1e-15); /* custom 1.1 + 3 * 0.25 ties the standard 1.85 */
	assert_ok(radioembo_vial_order_gbq(site, 2.45, SUNDAY_NOON_ET, SUNDAY_NOON_ET, &need,
					   &size));
	assert_close(size, 4.4, 0.0);
	assert_ok(radioembo_vial_order_gbq(site, 1.3, SUNDAY_NOON_ET, SUNDAY_NOON_ET, &need,
					   &size));
	assert_close(size, 1.35, 1e-15);
	/* an incomplete custom range means no custom vials */
	assert_ok(radioembo_product_unset(site, RADIOEMBO_PRODUCT_FIELD_CUSTOM_VIAL_STEP_GBQ));
	assert_ok(radioembo_vial_order_gbq(site, 1.3, SUNDAY_NOON_ET, SUNDAY_NOON_ET, &need,
					   &size));
	assert_close(size, 1.85, 0.0);
	size = TEST_SENTINEL;
	assert_fails(radioembo_vial_order_gbq(site, 4.5, SUNDAY_NOON_ET, SUNDAY_NOON_ET, &need,
					      &size),
		     RADIOEMBO_ERANGE, "4.4 GBq");
	assert_true(size == TEST_SENTINEL);
	/* no half-life: nothing to decay with */
	assert_ok(radioembo_product_unset(site, RADIOEMBO_PRODUCT_FIELD_HALF_LIFE_H));
	assert_fails(radioembo_vial_order_gbq(site, 1.3, WEDNESDAY_NOON_ET, SUNDAY_NOON_ET, &need,
					      &size),
		     RADIOEMBO_ENOTFOUND, "half_life_h");
	radioembo_product_free(site);
}

static void test_vial_product_fields_not_found(void **state)
{
	radioembo_product *site = NULL;
	radioembo_vial *vial = NULL;
	double out = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_product_new_custom("site Ho-166", RADIOEMBO_NUCLIDE_HO166, &site));
	assert_ok(radioembo_vial_new(site, 2.385, SUNDAY_NOON_ET, &vial));
	assert_fails(radioembo_vial_activity_per_sphere_bq(vial, SUNDAY_NOON_ET, &out),
		     RADIOEMBO_ENOTFOUND, "activity_per_sphere_bq");
	assert_fails(radioembo_vial_sphere_count(vial, &out), RADIOEMBO_ENOTFOUND,
		     "activity_per_sphere_bq");
	assert_fails(radioembo_vial_get_volume_ml(vial, &out), RADIOEMBO_ENOTFOUND, "volume_ml");
	/* a vial without a half-life could never be decayed: refused at creation */
	radioembo_vial_free(vial);
	vial = NULL;
	assert_ok(radioembo_product_unset(site, RADIOEMBO_PRODUCT_FIELD_HALF_LIFE_H));
	assert_fails(radioembo_vial_new(site, 2.385, SUNDAY_NOON_ET, &vial), RADIOEMBO_ENOTFOUND,
		     "half_life_h");
	assert_null(vial);
	assert_true(out == TEST_SENTINEL);
	radioembo_product_free(site);
}

static void test_vial_instants_within_years_0000_to_9999(void **state)
{
	static const int64_t bad[] = { INT64_MIN, FIRST_INSTANT - 1, LAST_INSTANT + 1, INT64_MAX };
	radioembo_product *glass = builtin(0);
	radioembo_vial *vial = vial_of(0, 5.0, SUNDAY_NOON_ET), *edge = NULL;
	double out = TEST_SENTINEL, out2 = TEST_SENTINEL;
	int within = -1;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_fails(radioembo_vial_new(glass, 5.0, bad[i], &edge), RADIOEMBO_EINVAL,
			     "calibration_s");
		assert_fails(radioembo_vial_activity_gbq(vial, bad[i], &out), RADIOEMBO_EINVAL,
			     "at_s");
		assert_fails(radioembo_vial_activity_per_sphere_bq(vial, bad[i], &out),
			     RADIOEMBO_EINVAL, "at_s");
		assert_fails(radioembo_vial_draw(vial, 1.5, bad[i], &out, &out2), RADIOEMBO_EINVAL,
			     "at_s");
		assert_fails(radioembo_vial_check_assay(vial, 5.0, bad[i], &out, &within),
			     RADIOEMBO_EINVAL, "measured_s");
		assert_fails(radioembo_vial_order_gbq(glass, 1.5, bad[i], SUNDAY_NOON_ET, &out,
						      &out2),
			     RADIOEMBO_EINVAL, "treatment_s");
		assert_fails(radioembo_vial_order_gbq(glass, 1.5, SUNDAY_NOON_ET, bad[i], &out,
						      &out2),
			     RADIOEMBO_EINVAL, "calibration_s");
	}
	assert_null(edge);
	assert_true(out == TEST_SENTINEL && out2 == TEST_SENTINEL && within == -1);
	/* the bounds themselves are accepted */
	assert_ok(radioembo_vial_new(glass, 5.0, FIRST_INSTANT, &edge));
	assert_ok(radioembo_vial_activity_gbq(edge, FIRST_INSTANT, &out));
	assert_close(out, 5.0, 1e-15);
	radioembo_vial_free(edge);
	/* 8000 years of Y-90 decay underflow to zero activity: a result, not an error */
	assert_ok(radioembo_vial_activity_gbq(vial, LAST_INSTANT, &out));
	assert_close(out, 0.0, 0.0);
	/* ... but a draw or an assay against nothing is out of range */
	out = TEST_SENTINEL;
	assert_fails(radioembo_vial_draw(vial, 1.5, LAST_INSTANT, &out, &out2), RADIOEMBO_ERANGE,
		     "activity_gbq");
	assert_fails(radioembo_vial_check_assay(vial, 1.5, LAST_INSTANT, &out, &within),
		     RADIOEMBO_ENOTFOUND, "label_tolerance");
	/* 2026 years backwards overflow a double */
	assert_fails(radioembo_vial_activity_gbq(vial, FIRST_INSTANT, &out), RADIOEMBO_ERANGE,
		     "decayed activity");
	assert_fails(radioembo_vial_activity_per_sphere_bq(vial, FIRST_INSTANT, &out),
		     RADIOEMBO_ERANGE, "decayed activity");
	assert_fails(radioembo_vial_order_gbq(glass, 1.5, LAST_INSTANT, FIRST_INSTANT, &out,
					      &out2),
		     RADIOEMBO_ERANGE, "decayed activity");
	assert_true(out == TEST_SENTINEL && out2 == TEST_SENTINEL);
	radioembo_vial_free(vial);
	radioembo_product_free(glass);
}

static void test_vial_assay_against_a_decayed_label_is_out_of_range(void **state)
{
	radioembo_vial *resin = vial_of(1, 3.0, SIR_CALIBRATION);
	double deviation = TEST_SENTINEL;
	int within = -1;

	(void)state;
	/* the label underflows to 0 GBq by year 9999: no finite deviation exists */
	assert_fails(radioembo_vial_check_assay(resin, 1.5, LAST_INSTANT, &deviation, &within),
		     RADIOEMBO_ERANGE, "assay deviation");
	assert_fails(radioembo_vial_check_assay(resin, 3.0, FIRST_INSTANT, &deviation, &within),
		     RADIOEMBO_ERANGE, "decayed activity");
	assert_true(deviation == TEST_SENTINEL && within == -1);
	radioembo_vial_free(resin);
}

static void test_vial_sphere_count_overflow(void **state)
{
	radioembo_product *site = NULL;
	radioembo_vial *vial = NULL;
	double count = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_product_new_custom("site", RADIOEMBO_NUCLIDE_Y90, &site));
	assert_ok(radioembo_product_set_activity_per_sphere_bq(site, 1e-300));
	assert_ok(radioembo_vial_new(site, 1e300, SUNDAY_NOON_ET, &vial));
	assert_fails(radioembo_vial_sphere_count(vial, &count), RADIOEMBO_ERANGE, "sphere count");
	assert_true(count == TEST_SENTINEL);
	radioembo_vial_free(vial);
	radioembo_product_free(site);
}

static void test_vial_rejects_invalid_arguments(void **state)
{
	radioembo_product *glass = builtin(0);
	radioembo_vial *vial = vial_of(1, 3.0, SIR_CALIBRATION), *made = NULL;
	double out = TEST_SENTINEL, out2 = TEST_SENTINEL;
	int64_t when = -1;
	int within = -1;

	(void)state;
	assert_fails(radioembo_vial_new(glass, 0.0, SIR_CALIBRATION, &made), RADIOEMBO_EINVAL,
		     "calibration_activity_gbq");
	assert_fails(radioembo_vial_new(glass, -2.385, SIR_CALIBRATION, &made), RADIOEMBO_EINVAL,
		     "calibration_activity_gbq");
	assert_fails(radioembo_vial_new(glass, INFINITY, SIR_CALIBRATION, &made),
		     RADIOEMBO_EINVAL, "calibration_activity_gbq");
	assert_null(made);

	assert_null(made);

	assert_true(when == -1);
	assert_fails(radioembo_vial_set_volume_ml(vial, 0.0), RADIOEMBO_EINVAL, "volume_ml");
	assert_fails(radioembo_vial_set_volume_ml(vial, -4.85), RADIOEMBO_EINVAL, "volume_ml");
	assert_fails(radioembo_vial_set_volume_ml(vial, INFINITY), RADIOEMBO_EINVAL, "volume_ml");
	assert_ok(radioembo_vial_get_volume_ml(vial, &out2));
	assert_close(out2, 5.0, 0.0); /* unchanged by the failed setters */
	out2 = TEST_SENTINEL;

	assert_fails(radioembo_vial_draw(vial, 0.0, SIR_CALIBRATION, &out, &out2),
		     RADIOEMBO_EINVAL, "activity_gbq");
	assert_fails(radioembo_vial_draw(vial, -1.6, SIR_CALIBRATION, &out, &out2),
		     RADIOEMBO_EINVAL, "activity_gbq");
	assert_fails(radioembo_vial_draw(vial, INFINITY, SIR_CALIBRATION, &out, &out2),
		     RADIOEMBO_EINVAL, "activity_gbq");
	assert_fails(radioembo_vial_draw(vial, 3.385, SIR_CALIBRATION, &out, &out2),
		     RADIOEMBO_ERANGE, "activity_gbq");

	assert_fails(radioembo_vial_check_assay(vial, -3.1, SIR_CALIBRATION, &out, &within),
		     RADIOEMBO_EINVAL, "measured_gbq");
	assert_fails(radioembo_vial_check_assay(vial, INFINITY, SIR_CALIBRATION, &out, &within),
		     RADIOEMBO_EINVAL, "measured_gbq");

	assert_fails(radioembo_vial_order_gbq(glass, 0.0, WEDNESDAY_NOON_ET, SUNDAY_NOON_ET, &out,
					      &out2),
		     RADIOEMBO_EINVAL, "required_gbq");
	assert_fails(radioembo_vial_order_gbq(glass, -1.5, WEDNESDAY_NOON_ET, SUNDAY_NOON_ET,
					      &out, &out2),
		     RADIOEMBO_EINVAL, "required_gbq");
	assert_fails(radioembo_vial_order_gbq(glass, INFINITY, WEDNESDAY_NOON_ET, SUNDAY_NOON_ET,
					      &out, &out2),
		     RADIOEMBO_EINVAL, "required_gbq");
	assert_true(out == TEST_SENTINEL && out2 == TEST_SENTINEL && within == -1);
	radioembo_vial_free(vial);
	radioembo_product_free(glass);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_vial_activity_golden),
		TEST(test_vial_new_keeps_fields_and_defaults_volume),
		TEST(test_vial_owns_a_copy_of_its_product),
		TEST(test_vial_copy_is_deep_and_independent),
		TEST(test_vial_sphere_count),
		TEST(test_vial_draw_golden),
		TEST(test_vial_draw_without_volume_and_beyond_the_vial),
		TEST(test_vial_check_assay_golden),
		TEST(test_vial_check_assay_needs_a_label_tolerance),
		TEST(test_vial_order_golden),
		TEST(test_vial_order_beyond_the_largest_vial),
		TEST(test_vial_order_site_products),
		TEST(test_vial_product_fields_not_found),
		TEST(test_vial_instants_within_years_0000_to_9999),
		TEST(test_vial_assay_against_a_decayed_label_is_out_of_range),
		TEST(test_vial_sphere_count_overflow),
		TEST(test_vial_rejects_invalid_arguments),
	};
	return cmocka_run_group_tests_name("vial", tests, NULL, NULL);
}
