/*
 * The compartment objects and a product through the shared library and the public header
 * only: built, copied and freed in a scrambled order, as a garbage-collected host
 * (Python, R) finalizes them. Every object must stand alone.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stddef.h>

#include "testutil.h"

static void test_api_objects_copy_and_free_in_any_order(void **state)
{
	radioembo_liver *liver, *liver_copy;
	radioembo_lesion *first, *second, *lesion_copy;
	radioembo_lung *lung, *lung_copy;
	radioembo_product *product, *product_copy;
	const radioembo_lesion *borrowed;
	double out = TEST_SENTINEL;
	size_t index = 0, count = 0;

	(void)state;
	assert_ok(radioembo_product_new_builtin("TheraSphere", &product));
	assert_ok(radioembo_liver_new(1683.4, 1.047, &liver));
	assert_ok(radioembo_lesion_new("segment 8", 112.6, &first));
	assert_ok(radioembo_lesion_set_tnr(first, 3.719));
	assert_ok(radioembo_lesion_new("segment 4a", 37.85, &second));
	assert_ok(radioembo_liver_add_lesion(liver, first, &index));
	assert_int_equal(index, 0);
	assert_ok(radioembo_liver_add_lesion(liver, second, &index));
	assert_int_equal(index, 1);
	assert_ok(radioembo_liver_add_territory(liver, "right lobe", 1021.7, &index));
	assert_ok(radioembo_liver_assign_lesion(liver, 0, index));
	assert_ok(radioembo_lung_new(&lung));
	assert_ok(radioembo_lung_set_lsf(lung, 0.0735));
	assert_ok(radioembo_lung_add_prior_dose_gy(lung, 12.37));

	/* the caller's lesions go first: the liver holds copies */
	assert_ok(radioembo_lesion_copy(first, &lesion_copy));
	radioembo_lesion_free(first);
	assert_ok(radioembo_liver_copy(liver, &liver_copy));
	assert_ok(radioembo_product_copy(product, &product_copy));
	radioembo_liver_free(liver);
	assert_ok(radioembo_lung_copy(lung, &lung_copy));
	radioembo_product_free(product);
	radioembo_lesion_free(second);
	radioembo_lung_free(lung);

	/* the survivors still hold everything */
	assert_ok(radioembo_liver_lesion_count(liver_copy, &count));
	assert_int_equal(count, 2);
	assert_ok(radioembo_liver_get_lesion(liver_copy, 0, &borrowed));
	assert_string_equal(radioembo_lesion_label(borrowed), "segment 8");
	assert_ok(radioembo_lesion_get_tnr(borrowed, &out));
	assert_close(out, 3.719, 0.0);
	assert_string_equal(radioembo_liver_territory_label(liver_copy, 0), "right lobe");
	/* hand-computed 1683.4 - (112.6 + 37.85) = 1532.95 and 1021.7 - 112.6 = 909.1 mL */
	assert_ok(radioembo_liver_normal_volume_ml(liver_copy, &out));
	assert_close(out, 1532.95, 1e-14);
	assert_ok(radioembo_liver_territory_normal_volume_ml(liver_copy, 0, &out));
	assert_close(out, 909.1, 1e-14);
	assert_ok(radioembo_lesion_get_tnr(lesion_copy, &out));
	assert_close(out, 3.719, 0.0);
	assert_ok(radioembo_lung_get_lsf(lung_copy, &out));
	assert_close(out, 0.0735, 0.0);
	assert_ok(radioembo_lung_prior_dose_total_gy(lung_copy, &out));
	assert_close(out, 12.37, 0.0);
	assert_ok(radioembo_lung_get_mass_kg(lung_copy, &out));
	assert_close(out, 1.0, 0.0);
	assert_string_equal(radioembo_product_name(product_copy), "TheraSphere");
	/* PI v12: 30 Gy per session (radioembo-sources(7) PRODUCTS, LUNG) */
	assert_ok(radioembo_product_get_lung_dose_limit_session_gy(product_copy, &out));
	assert_close(out, 30.0, 0.0);
	assert_fails(radioembo_liver_get_lesion(liver_copy, 2, &borrowed), RADIOEMBO_EINVAL,
		     "index");

	radioembo_lung_free(lung_copy);
	radioembo_liver_free(liver_copy);
	radioembo_product_free(product_copy);
	radioembo_lesion_free(lesion_copy);
	/* NULL is accepted everywhere a host may pass it twice */
	radioembo_lesion_free(NULL);
	radioembo_liver_free(NULL);
	radioembo_lung_free(NULL);
	radioembo_product_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_api_objects_copy_and_free_in_any_order),
	};
	return cmocka_run_group_tests_name("api_objects", tests, NULL, NULL);
}
