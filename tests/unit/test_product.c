/*
 * product module: the built-in catalogue against tests/golden/products.csv (values and
 * their citations), names and aliases, listing, site products, deep copies, the sources
 * that follow a value while it is the catalogue's, and every getter's and setter's errors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

enum check { POSITIVE, FRACTION, FINITE };

/*
 * Every numeric field, with a valid "high entropy" value that respects min <= max. Names are
 * spelled out so that each accessor can be found by name in the tests.
 */
struct field_case {
	radioembo_product_field field;
	const char *name;
	int (*get)(const radioembo_product *, double *);
	int (*set)(radioembo_product *, double);
	enum check check;
	double good;
};

static const struct field_case field_cases[] = {
	{ RADIOEMBO_PRODUCT_FIELD_HALF_LIFE_H, "half_life_h",
	  radioembo_product_get_half_life_h, radioembo_product_set_half_life_h, POSITIVE, 64.053 },
	{ RADIOEMBO_PRODUCT_FIELD_DOSE_FACTOR_GY_KG_PER_GBQ, "dose_factor_gy_kg_per_gbq",
	  radioembo_product_get_dose_factor_gy_kg_per_gbq,
	  radioembo_product_set_dose_factor_gy_kg_per_gbq, POSITIVE, 49.38 },
	{ RADIOEMBO_PRODUCT_FIELD_SPHERE_DIAMETER_MIN_UM, "sphere_diameter_min_um",
	  radioembo_product_get_sphere_diameter_min_um,
	  radioembo_product_set_sphere_diameter_min_um, POSITIVE, 21.385 },
	{ RADIOEMBO_PRODUCT_FIELD_SPHERE_DIAMETER_MAX_UM, "sphere_diameter_max_um",
	  radioembo_product_get_sphere_diameter_max_um,
	  radioembo_product_set_sphere_diameter_max_um, POSITIVE, 38.615 },
	{ RADIOEMBO_PRODUCT_FIELD_ACTIVITY_PER_SPHERE_BQ, "activity_per_sphere_bq",
	  radioembo_product_get_activity_per_sphere_bq,
	  radioembo_product_set_activity_per_sphere_bq, POSITIVE, 1250.5 },
	{ RADIOEMBO_PRODUCT_FIELD_SPECIFIC_GRAVITY_G_PER_ML, "specific_gravity_g_per_ml",
	  radioembo_product_get_specific_gravity_g_per_ml,
	  radioembo_product_set_specific_gravity_g_per_ml, POSITIVE, 1.125 },
	{ RADIOEMBO_PRODUCT_FIELD_VIAL_VOLUME_ML, "vial_volume_ml",
	  radioembo_product_get_vial_volume_ml,
	  radioembo_product_set_vial_volume_ml, POSITIVE, 0.85 },
	{ RADIOEMBO_PRODUCT_FIELD_LABEL_TOLERANCE, "label_tolerance",
	  radioembo_product_get_label_tolerance,
	  radioembo_product_set_label_tolerance, FRACTION, 0.0725 },
	{ RADIOEMBO_PRODUCT_FIELD_CUSTOM_VIAL_STEP_GBQ, "custom_vial_step_gbq",
	  radioembo_product_get_custom_vial_step_gbq,
	  radioembo_product_set_custom_vial_step_gbq, POSITIVE, 0.25 },
	{ RADIOEMBO_PRODUCT_FIELD_CUSTOM_VIAL_MIN_GBQ, "custom_vial_min_gbq",
	  radioembo_product_get_custom_vial_min_gbq,
	  radioembo_product_set_custom_vial_min_gbq, POSITIVE, 2.385 },
	{ RADIOEMBO_PRODUCT_FIELD_CUSTOM_VIAL_MAX_GBQ, "custom_vial_max_gbq",
	  radioembo_product_get_custom_vial_max_gbq,
	  radioembo_product_set_custom_vial_max_gbq, POSITIVE, 18.75 },
	{ RADIOEMBO_PRODUCT_FIELD_LUNG_DOSE_LIMIT_SESSION_GY, "lung_dose_limit_session_gy",
	  radioembo_product_get_lung_dose_limit_session_gy,
	  radioembo_product_set_lung_dose_limit_session_gy, POSITIVE, 27.5 },
	{ RADIOEMBO_PRODUCT_FIELD_LUNG_DOSE_LIMIT_CUMULATIVE_GY, "lung_dose_limit_cumulative_gy",
	  radioembo_product_get_lung_dose_limit_cumulative_gy,
	  radioembo_product_set_lung_dose_limit_cumulative_gy, POSITIVE, 46.25 },
	{ RADIOEMBO_PRODUCT_FIELD_LUNG_ACTIVITY_LIMIT_GBQ, "lung_activity_limit_gbq",
	  radioembo_product_get_lung_activity_limit_gbq,
	  radioembo_product_set_lung_activity_limit_gbq, POSITIVE, 0.573 },
	{ RADIOEMBO_PRODUCT_FIELD_NORMAL_LIVER_DOSE_LIMIT_GY, "normal_liver_dose_limit_gy",
	  radioembo_product_get_normal_liver_dose_limit_gy,
	  radioembo_product_set_normal_liver_dose_limit_gy, POSITIVE, 88.5 },
	{ RADIOEMBO_PRODUCT_FIELD_TUMOR_DOSE_TARGET_GY, "tumor_dose_target_gy",
	  radioembo_product_get_tumor_dose_target_gy,
	  radioembo_product_set_tumor_dose_target_gy, POSITIVE, 257.25 },
	{ RADIOEMBO_PRODUCT_FIELD_WHOLE_LIVER_DOSE_TARGET_GY, "whole_liver_dose_target_gy",
	  radioembo_product_get_whole_liver_dose_target_gy,
	  radioembo_product_set_whole_liver_dose_target_gy, POSITIVE, 59.875 },
	{ RADIOEMBO_PRODUCT_FIELD_PNEUMONITIS_THRESHOLD_GY, "pneumonitis_threshold_gy",
	  radioembo_product_get_pneumonitis_threshold_gy,
	  radioembo_product_set_pneumonitis_threshold_gy, POSITIVE, 33.3 },
	{ RADIOEMBO_PRODUCT_FIELD_USE_WINDOW_START_H, "use_window_start_h",
	  radioembo_product_get_use_window_start_h,
	  radioembo_product_set_use_window_start_h, FINITE, -12.345 },
	{ RADIOEMBO_PRODUCT_FIELD_USE_WINDOW_END_H, "use_window_end_h",
	  radioembo_product_get_use_window_end_h,
	  radioembo_product_set_use_window_end_h, FINITE, 250.125 },
	{ RADIOEMBO_PRODUCT_FIELD_NORMAL_PERFUSED_DOSE_LIMIT_GY, "normal_perfused_dose_limit_gy",
	  radioembo_product_get_normal_perfused_dose_limit_gy,
	  radioembo_product_set_normal_perfused_dose_limit_gy, POSITIVE, 43.75 },
};

#define FIELD_CASES (sizeof field_cases / sizeof field_cases[0])
#define BUILTINS 3

static const char *const canonical[BUILTINS] = { "TheraSphere", "SIR-Spheres", "QuiremSpheres" };

/* The case of a field (field_cases is in radioembo_product_field order). */
#define CASE(id) (&field_cases[RADIOEMBO_PRODUCT_FIELD_##id - 1])

static radioembo_product *builtin(const char *name)
{
	radioembo_product *product = NULL;

	assert_ok(radioembo_product_new_builtin(name, &product));
	assert_non_null(product);
	return product;
}

/* A site product with every numeric field set to its case's good value. */
static radioembo_product *fully_set_product(void)
{
	radioembo_product *product = NULL;
	size_t i;

	assert_ok(radioembo_product_new_custom("site 2.385", RADIOEMBO_NUCLIDE_Y90, &product));
	for (i = 0; i < FIELD_CASES; i++)
		assert_ok(field_cases[i].set(product, field_cases[i].good));
	return product;
}

/* The field is unset: the getter fails naming it, leaves the output alone, is_set says 0. */
static void assert_unset(const radioembo_product *product, const struct field_case *c)
{
	double out = TEST_SENTINEL;
	int is_set = -1;

	assert_fails(c->get(product, &out), RADIOEMBO_ENOTFOUND, c->name);
	assert_true(out == TEST_SENTINEL);
	assert_ok(radioembo_product_is_set(product, c->field, &is_set));
	assert_int_equal(is_set, 0);
}

static double field_value(const radioembo_product *product, const struct field_case *c)
{
	double out = TEST_SENTINEL;
	int is_set = -1;

	assert_ok(c->get(product, &out));
	assert_ok(radioembo_product_is_set(product, c->field, &is_set));
	assert_int_equal(is_set, 1);
	return out;
}

/* The golden source is "<what>: <citation>"; the library must give that citation. */
static void assert_cites(const char *got, const char *golden, const char *what)
{
	size_t n = strlen(what);

	assert_int_equal(strncmp(golden, what, n), 0);
	assert_true(golden[n] == ':' && golden[n + 1] == ' ');
	assert_non_null(got);
	assert_string_equal(got, golden + n + 2);
}

static void check_golden_row(radioembo_product *product, int field, double expected,
			     const char *source, size_t *vial_rows)
{
	double vials[32];
	size_t count = 0;
	radioembo_product_kind kind = (radioembo_product_kind)0;
	radioembo_nuclide nuclide = (radioembo_nuclide)0;

	if (field >= 1 && field <= (int)FIELD_CASES) {
		const struct field_case *c = &field_cases[field - 1];
		assert_int_equal(c->field, field);
		/* keeps the table readable: each row's source starts with the field's name */
		assert_int_equal(strncmp(source, c->name, strlen(c->name)), 0);
		if (isnan(expected)) {
			assert_unset(product, c);
			assert_null(radioembo_product_field_source(product, c->field));
		} else {
			assert_close(field_value(product, c), expected, 0.0);
			assert_cites(radioembo_product_field_source(product, c->field), source,
				     c->name);
		}
	} else if (field == 101) {
		assert_ok(radioembo_product_get_kind(product, &kind));
		assert_int_equal(kind, (int)expected);
		assert_cites(radioembo_product_identity_source(product), source, "kind");
	} else if (field == 102) {
		assert_ok(radioembo_product_get_nuclide(product, &nuclide));
		assert_int_equal(nuclide, (int)expected);
		assert_cites(radioembo_product_identity_source(product), source, "nuclide");
	} else if (field == 199) {
		assert_ok(radioembo_product_get_vial_sizes_gbq(product, NULL, 0, &count));
		assert_int_equal(count, (size_t)expected);
		assert_cites(radioembo_product_vial_sizes_source(product), source, "vial count");
	} else {
		assert_in_range(field, 200, 231);
		assert_ok(radioembo_product_get_vial_sizes_gbq(product, vials, 32, &count));
		assert_in_range(field - 200, 0, count - 1);
		assert_close(vials[field - 200], expected, 0.0);
		(*vial_rows)++;
	}
}

static void test_product_builtins_match_golden(void **state)
{
	struct golden_table *table = golden_load("products.csv", 3);
	int seen[BUILTINS][FIELD_CASES + 1] = { { 0 } };
	size_t vial_rows[BUILTINS] = { 0 }, row, i;
	int p;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		int index = (int)golden_value(table, row, 0);
		int field = (int)golden_value(table, row, 1);
		radioembo_product *product;

		assert_in_range(index, 0, BUILTINS - 1);
		product = builtin(radioembo_product_builtin_name(index));
		assert_string_equal(radioembo_product_name(product), canonical[index]);
		check_golden_row(product, field, golden_value(table, row, 2), table->sources[row],
				 &vial_rows[index]);
		if (field >= 1 && field <= (int)FIELD_CASES)
			seen[index][field]++;
		radioembo_product_free(product);
	}
	/* every field of every built-in is covered exactly once, and every vial size */
	for (p = 0; p < BUILTINS; p++) {
		radioembo_product *product = builtin(canonical[p]);
		size_t count = 99;

		for (i = 1; i <= FIELD_CASES; i++)
			assert_int_equal(seen[p][i], 1);
		assert_ok(radioembo_product_get_vial_sizes_gbq(product, NULL, 0, &count));
		assert_int_equal(vial_rows[p], count);
		radioembo_product_free(product);
	}
	golden_free(table);
}

static void test_product_names_aliases_and_case(void **state)
{
	static const struct {
		const char *name;
		int index;
	} known[] = {
		{ "TheraSphere", 0 },   { "therasphere", 0 },   { "THERASPHERE", 0 },
		{ "glass", 0 },         { "GLASS", 0 },         { "Glass", 0 },
		{ "SIR-Spheres", 1 },   { "sir-spheres", 1 },   { "Sir-SPHERES", 1 },
		{ "resin", 1 },         { "RESIN", 1 },         { "QuiremSpheres", 2 },
		{ "quiremspheres", 2 }, { "QUIREMSPHERES", 2 }, { "holmium", 2 },
		{ "HoLmIuM", 2 },
	};
	static const char *const unknown[] = { "",       "Thera",      "TheraSphere ", "SIR Spheres",
					       "SIRSpheres", "glasses", "yttrium",     "Ho-166",
					       "Quirem",  "resin\n" };
	char dummy;
	radioembo_product *product;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof known / sizeof known[0]; i++) {
		radioembo_nuclide nuclide = (radioembo_nuclide)0;
		product = builtin(known[i].name);
		assert_string_equal(radioembo_product_name(product), canonical[known[i].index]);
		assert_ok(radioembo_product_get_nuclide(product, &nuclide));
		assert_int_equal(nuclide, known[i].index == 2 ? RADIOEMBO_NUCLIDE_HO166
							      : RADIOEMBO_NUCLIDE_Y90);
		radioembo_product_free(product);
	}
	product = (radioembo_product *)(void *)&dummy;
	for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
		assert_fails(radioembo_product_new_builtin(unknown[i], &product),
			     RADIOEMBO_ENOTFOUND, "not a built-in product");
	assert_true(product == (radioembo_product *)(void *)&dummy);
}

static void test_product_listing(void **state)
{
	static const int out_of_range[] = { -1, 3, 4, INT_MAX, INT_MIN };
	size_t i;
	int index;

	(void)state;
	assert_int_equal(radioembo_product_count_builtin(), BUILTINS);
	for (index = 0; index < radioembo_product_count_builtin(); index++) {
		radioembo_product *product = builtin(radioembo_product_builtin_name(index));
		assert_string_equal(radioembo_product_builtin_name(index), canonical[index]);
		assert_string_equal(radioembo_product_name(product), canonical[index]);
		radioembo_product_free(product);
	}
	for (i = 0; i < sizeof out_of_range / sizeof out_of_range[0]; i++)
		assert_null(radioembo_product_builtin_name(out_of_range[i]));
}

static void test_product_custom_starts_blank(void **state)
{
	static const radioembo_nuclide nuclides[] = { RADIOEMBO_NUCLIDE_Y90,
						      RADIOEMBO_NUCLIDE_HO166 };
	radioembo_product *product;
	size_t n;

	(void)state;
	for (n = 0; n < 2; n++) {
		radioembo_product_kind kind = (radioembo_product_kind)0;
		radioembo_nuclide nuclide = (radioembo_nuclide)0;
		double half_life = TEST_SENTINEL, factor = TEST_SENTINEL;
		size_t i, count = 99;

		product = NULL;
		assert_ok(radioembo_product_new_custom("Site spheres 2.385", nuclides[n], &product));
		assert_string_equal(radioembo_product_name(product), "Site spheres 2.385");
		assert_ok(radioembo_product_get_kind(product, &kind));
		assert_int_equal(kind, RADIOEMBO_PRODUCT_KIND_OTHER);
		assert_ok(radioembo_product_get_nuclide(product, &nuclide));
		assert_int_equal(nuclide, nuclides[n]);
		/* the nuclide's defaults, whatever they are (tests/golden/nuclide.csv holds them) */
		assert_ok(radioembo_nuclide_half_life_h(nuclides[n], &half_life));
		assert_true(field_value(product, CASE(HALF_LIFE_H)) == half_life);
		assert_ok(radioembo_nuclide_dose_factor(nuclides[n], &factor));
		assert_true(field_value(product, CASE(DOSE_FACTOR_GY_KG_PER_GBQ)) == factor);
		for (i = 2; i < FIELD_CASES; i++)
			assert_unset(product, &field_cases[i]);
		assert_ok(radioembo_product_get_vial_sizes_gbq(product, NULL, 0, &count));
		assert_int_equal(count, 0);
		radioembo_product_free(product);
	}
	product = NULL;
	assert_fails(radioembo_product_new_custom("", RADIOEMBO_NUCLIDE_Y90, &product),
		     RADIOEMBO_EINVAL, "name");
	assert_fails(radioembo_product_new_custom("x", (radioembo_nuclide)0, &product),
		     RADIOEMBO_EINVAL, "nuclide");
	assert_fails(radioembo_product_new_custom("x", (radioembo_nuclide)3, &product),
		     RADIOEMBO_EINVAL, "nuclide");
	assert_null(product);
}

/* Changes every field of product to something else than it holds. */
static void change_everything(radioembo_product *product)
{
	static const double vials[] = { 1.5, 2.385, 9.75 };
	size_t i;

	assert_ok(radioembo_product_set_name(product, "changed 7.25"));
	assert_ok(radioembo_product_set_kind(product, RADIOEMBO_PRODUCT_KIND_OTHER));
	assert_ok(radioembo_product_set_nuclide(product, RADIOEMBO_NUCLIDE_HO166));
	assert_ok(radioembo_product_set_vial_sizes_gbq(product, vials, 3));
	/* unset the bounds first so that any good value is accepted */
	for (i = 0; i < FIELD_CASES; i++)
		assert_ok(radioembo_product_unset(product, field_cases[i].field));
	for (i = 0; i < FIELD_CASES; i++)
		assert_ok(field_cases[i].set(product, field_cases[i].good));
}

static void assert_still_therasphere(const radioembo_product *product)
{
	radioembo_product_kind kind = (radioembo_product_kind)0;
	radioembo_nuclide nuclide = (radioembo_nuclide)0;
	double vials[8];
	size_t count = 0;

	assert_string_equal(radioembo_product_name(product), "TheraSphere");
	assert_ok(radioembo_product_get_kind(product, &kind));
	assert_int_equal(kind, RADIOEMBO_PRODUCT_KIND_GLASS);
	assert_ok(radioembo_product_get_nuclide(product, &nuclide));
	assert_int_equal(nuclide, RADIOEMBO_NUCLIDE_Y90);
	assert_ok(radioembo_product_get_vial_sizes_gbq(product, vials, 8, &count));
	assert_int_equal(count, 6);
	assert_true(vials[0] == 3.0 && vials[5] == 20.0);
	assert_true(field_value(product, CASE(HALF_LIFE_H)) == 64.1);
	assert_true(field_value(product, CASE(DOSE_FACTOR_GY_KG_PER_GBQ)) == 50.0);
	assert_true(field_value(product, CASE(USE_WINDOW_END_H)) == 336.0);
	assert_unset(product, CASE(LABEL_TOLERANCE));
}

static void test_product_copy_is_deep_and_independent(void **state)
{
	radioembo_product *original = builtin("glass"), *copy = NULL, *second = NULL;
	const char *original_name = radioembo_product_name(original);
	size_t i;

	(void)state;
	assert_ok(radioembo_product_copy(original, &copy));
	assert_true(radioembo_product_name(copy) != original_name);
	assert_still_therasphere(copy);
	change_everything(copy);
	assert_still_therasphere(original);
	assert_true(radioembo_product_name(original) == original_name);
	for (i = 0; i < FIELD_CASES; i++)
		assert_true(field_value(copy, &field_cases[i]) == field_cases[i].good);

	/* free in either order: the original first, then a copy of the copy outlives it */
	assert_ok(radioembo_product_copy(original, &second));
	radioembo_product_free(original);
	assert_still_therasphere(second);
	radioembo_product_free(copy);
	assert_ok(radioembo_product_copy(second, &copy));
	radioembo_product_free(second);
	assert_still_therasphere(copy);
	radioembo_product_free(copy);

	copy = NULL;
	original = builtin("resin");
	assert_null(copy);
	radioembo_product_free(original);
}

/* Every source of a product is gone: it is a site product or the caller changed it all. */
static void assert_cites_nothing(const radioembo_product *product)
{
	size_t i;

	assert_null(radioembo_product_identity_source(product));
	assert_null(radioembo_product_vial_sizes_source(product));
	for (i = 0; i < FIELD_CASES; i++)
		assert_null(radioembo_product_field_source(product, field_cases[i].field));
}

static void test_product_sources_follow_catalogue_values(void **state)
{
	static const double vials[] = {2.385, 6.5};
	static const int not_fields[] = {0, -1, (int)FIELD_CASES + 1, INT_MAX, INT_MIN};
	radioembo_product *glass = builtin("glass"), *copy = NULL, *site = NULL;
	const char *half_life = radioembo_product_field_source(glass, CASE(HALF_LIFE_H)->field);
	const char *identity = radioembo_product_identity_source(glass);
	const char *vial_sizes = radioembo_product_vial_sizes_source(glass);
	size_t i;

	(void)state;
	/* every catalogue value cites an entry of radioembo-sources(7); unset ones cite none */
	assert_non_null(half_life);
	assert_non_null(identity);
	assert_non_null(vial_sizes);
	for (i = 0; i < FIELD_CASES; i++) {
		const char *source = radioembo_product_field_source(glass, field_cases[i].field);
		int is_set = -1;

		assert_ok(radioembo_product_is_set(glass, field_cases[i].field, &is_set));
		assert_int_equal(source != NULL, is_set);
		if (source != NULL)
			assert_int_equal(strncmp(source, "radioembo-sources(7) ", 21), 0);
	}

	/* a copy keeps them, and they are the same static text */
	assert_ok(radioembo_product_copy(glass, &copy));
	assert_true(radioembo_product_field_source(copy, CASE(HALF_LIFE_H)->field) == half_life);
	assert_true(radioembo_product_identity_source(copy) == identity);
	assert_true(radioembo_product_vial_sizes_source(copy) == vial_sizes);

	/* a setter drops its field's source, even with the catalogue's own value; a failed one
	 * leaves it; the other fields keep theirs */
	assert_fails(radioembo_product_set_half_life_h(copy, -64.1), RADIOEMBO_EINVAL,
		     "half_life_h");
	assert_true(radioembo_product_field_source(copy, CASE(HALF_LIFE_H)->field) == half_life);
	assert_ok(radioembo_product_set_half_life_h(copy, 64.1));
	assert_null(radioembo_product_field_source(copy, CASE(HALF_LIFE_H)->field));
	assert_non_null(
		radioembo_product_field_source(copy, CASE(DOSE_FACTOR_GY_KG_PER_GBQ)->field));
	/* unset drops it too, and setting the field again does not bring it back */
	assert_ok(radioembo_product_unset(copy, CASE(LUNG_ACTIVITY_LIMIT_GBQ)->field));
	assert_null(radioembo_product_field_source(copy, CASE(LUNG_ACTIVITY_LIMIT_GBQ)->field));
	assert_ok(radioembo_product_set_lung_activity_limit_gbq(copy, 0.61));
	assert_null(radioembo_product_field_source(copy, CASE(LUNG_ACTIVITY_LIMIT_GBQ)->field));
	/* the copy's changes never reach the original, and a copy of the copy keeps them */
	assert_true(radioembo_product_field_source(glass, CASE(HALF_LIFE_H)->field) == half_life);
	radioembo_product_free(glass);
	assert_ok(radioembo_product_copy(copy, &glass));
	assert_null(radioembo_product_field_source(glass, CASE(HALF_LIFE_H)->field));
	assert_non_null(
		radioembo_product_field_source(glass, CASE(DOSE_FACTOR_GY_KG_PER_GBQ)->field));

	/* renaming keeps the identity's source; a new kind or nuclide drops it */
	assert_ok(radioembo_product_set_name(copy, "site glass 2.385"));
	assert_true(radioembo_product_identity_source(copy) == identity);
	assert_ok(radioembo_product_set_kind(copy, RADIOEMBO_PRODUCT_KIND_GLASS));
	assert_null(radioembo_product_identity_source(copy));
	assert_true(radioembo_product_identity_source(glass) == identity);
	assert_ok(radioembo_product_set_nuclide(glass, RADIOEMBO_NUCLIDE_Y90));
	assert_null(radioembo_product_identity_source(glass));
	/* new vial sizes drop theirs; invalid ones leave it */
	assert_true(radioembo_product_vial_sizes_source(copy) == vial_sizes);
	assert_ok(radioembo_product_set_vial_sizes_gbq(copy, vials, 2));
	assert_null(radioembo_product_vial_sizes_source(copy));
	/* changing everything leaves nothing cited */
	change_everything(glass);
	assert_cites_nothing(glass);

	/* a site product cites nothing, although it starts with the nuclide's defaults */
	assert_ok(radioembo_product_new_custom("site 7.25", RADIOEMBO_NUCLIDE_Y90, &site));
	assert_cites_nothing(site);

	/* no product, or not a field: no source (string queries set no error) */
	assert_null(radioembo_product_field_source(NULL, CASE(HALF_LIFE_H)->field));
	assert_null(radioembo_product_identity_source(NULL));
	assert_null(radioembo_product_vial_sizes_source(NULL));
	for (i = 0; i < sizeof not_fields / sizeof not_fields[0]; i++)
		assert_null(radioembo_product_field_source(copy,
							   (radioembo_product_field)not_fields[i]));
	radioembo_product_free(site);
	radioembo_product_free(copy);
	radioembo_product_free(glass);
}

static void test_product_setters_round_trip(void **state)
{
	radioembo_product *product = fully_set_product();
	size_t i;

	(void)state;
	for (i = 0; i < FIELD_CASES; i++)
		assert_true(field_value(product, &field_cases[i]) == field_cases[i].good);
	/* a fraction may be 0; a window may lie wholly before calibration */
	assert_ok(radioembo_product_set_label_tolerance(product, 0.0));
	assert_true(field_value(product, CASE(LABEL_TOLERANCE)) == 0.0);
	assert_ok(radioembo_product_set_use_window_start_h(product, -96.5));
	assert_ok(radioembo_product_set_use_window_end_h(product, -0.75));
	assert_true(field_value(product, CASE(USE_WINDOW_END_H)) == -0.75);
	radioembo_product_free(product);
}

static void test_product_setters_reject_invalid_values(void **state)
{
	static const double always_bad[] = { NAN, INFINITY, -INFINITY };
	static const double positive_bad[] = { 0.0, -0.0, -2.385, -1e-300 };
	static const double fraction_bad[] = { 1.0, 1.385, -0.05, -1e-300 };
	radioembo_product *product = fully_set_product();
	size_t i, j;

	(void)state;
	for (i = 0; i < FIELD_CASES; i++) {
		const struct field_case *c = &field_cases[i];
		const double *bad = c->check == POSITIVE ? positive_bad : fraction_bad;
		size_t n_bad = c->check == FINITE ? 0 : 4;

		for (j = 0; j < 3; j++)
			assert_fails(c->set(product, always_bad[j]), RADIOEMBO_EINVAL, c->name);
		for (j = 0; j < n_bad; j++)
			assert_fails(c->set(product, bad[j]), RADIOEMBO_EINVAL, c->name);
		assert_true(field_value(product, c) == c->good);
	}
	radioembo_product_free(product);
}

static void test_product_setters_keep_minimum_below_maximum(void **state)
{
	radioembo_product *product = builtin("TheraSphere");

	(void)state;
	assert_fails(radioembo_product_set_sphere_diameter_min_um(product, 30.5),
		     RADIOEMBO_EINVAL, "sphere_diameter_min_um must be <= sphere_diameter_max_um");
	assert_fails(radioembo_product_set_sphere_diameter_max_um(product, 19.5),
		     RADIOEMBO_EINVAL, "sphere_diameter_max_um must be >= sphere_diameter_min_um");
	assert_fails(radioembo_product_set_custom_vial_min_gbq(product, 20.5), RADIOEMBO_EINVAL,
		     "custom_vial_min_gbq");
	assert_fails(radioembo_product_set_custom_vial_max_gbq(product, 2.5), RADIOEMBO_EINVAL,
		     "custom_vial_max_gbq");
	assert_fails(radioembo_product_set_use_window_start_h(product, 336.25), RADIOEMBO_EINVAL,
		     "use_window_start_h");
	assert_fails(radioembo_product_set_use_window_end_h(product, -0.5), RADIOEMBO_EINVAL,
		     "use_window_end_h");
	assert_true(field_value(product, CASE(SPHERE_DIAMETER_MIN_UM)) == 20.0);
	assert_true(field_value(product, CASE(SPHERE_DIAMETER_MAX_UM)) == 30.0);
	assert_true(field_value(product, CASE(CUSTOM_VIAL_MIN_GBQ)) == 3.0);
	assert_true(field_value(product, CASE(CUSTOM_VIAL_MAX_GBQ)) == 20.0);
	assert_true(field_value(product, CASE(USE_WINDOW_START_H)) == 0.0);
	assert_true(field_value(product, CASE(USE_WINDOW_END_H)) == 336.0);
	/* equal bounds are a valid (single-valued) range */
	assert_ok(radioembo_product_set_sphere_diameter_min_um(product, 30.0));
	/* an unset bound never objects */
	assert_ok(radioembo_product_unset(product, RADIOEMBO_PRODUCT_FIELD_SPHERE_DIAMETER_MAX_UM));
	assert_ok(radioembo_product_set_sphere_diameter_min_um(product, 1000.5));
	assert_fails(radioembo_product_set_sphere_diameter_max_um(product, 999.5),
		     RADIOEMBO_EINVAL, "sphere_diameter_max_um");
	radioembo_product_free(product);
}

static void test_product_is_set_and_unset(void **state)
{
	static const int bad_fields[] = { 0, -1, 22, 1000 };
	radioembo_product *product = builtin("resin");
	const struct field_case *limit = CASE(LUNG_DOSE_LIMIT_SESSION_GY);
	int is_set = -1;
	size_t i;

	(void)state;
	assert_true(field_value(product, limit) == 25.0);
	assert_ok(radioembo_product_unset(product, limit->field));
	assert_unset(product, limit);
	assert_ok(radioembo_product_unset(product, limit->field)); /* unsetting twice is fine */
	assert_ok(limit->set(product, 27.5));
	assert_true(field_value(product, limit) == 27.5);
	for (i = 0; i < sizeof bad_fields / sizeof bad_fields[0]; i++) {
		radioembo_product_field field = (radioembo_product_field)bad_fields[i];
		assert_fails(radioembo_product_is_set(product, field, &is_set), RADIOEMBO_EINVAL,
			     "field");
		assert_fails(radioembo_product_unset(product, field), RADIOEMBO_EINVAL, "field");
	}
	assert_int_equal(is_set, -1);
	assert_true(field_value(product, limit) == 27.5);
	radioembo_product_free(product);
}

static void test_product_vial_sizes_query_and_copy(void **state)
{
	radioembo_product *product = builtin("TheraSphere");
	double sizes[8];
	size_t count = 99, i;

	(void)state;
	/* query the count first */
	assert_ok(radioembo_product_get_vial_sizes_gbq(product, NULL, 0, &count));
	assert_int_equal(count, 6);
	/* a larger buffer: only count entries are written */
	for (i = 0; i < 8; i++)
		sizes[i] = TEST_SENTINEL;
	assert_ok(radioembo_product_get_vial_sizes_gbq(product, sizes, 8, &count));
	assert_int_equal(count, 6);
	assert_true(sizes[6] == TEST_SENTINEL && sizes[7] == TEST_SENTINEL);
	/* too small: nothing written */
	sizes[0] = TEST_SENTINEL;
	count = 99;
	assert_fails(radioembo_product_get_vial_sizes_gbq(product, sizes, 5, &count),
		     RADIOEMBO_ERANGE, "capacity");
	assert_fails(radioembo_product_get_vial_sizes_gbq(product, sizes, 0, &count),
		     RADIOEMBO_ERANGE, "capacity");
	assert_true(sizes[0] == TEST_SENTINEL);
	assert_int_equal(count, 99);
	assert_int_equal(count, 99);
	radioembo_product_free(product);
}

static void test_product_vial_sizes_setter_validates_and_copies(void **state)
{
	static const double bad[][3] = {
		{ 2.385, 2.385, 5.0 },    /* duplicate */
		{ 5.0, 2.385, 7.5 },      /* descending */
		{ 2.385, -5.0, 7.5 },     /* negative */
		{ 0.0, 2.385, 7.5 },      /* zero */
		{ 2.385, NAN, 7.5 },      /* NaN */
		{ 2.385, 7.5, INFINITY }, /* infinite */
	};
	radioembo_product *product = builtin("SIR-Spheres");
	double mine[3] = { 1.25, 2.385, 4.5 }, sizes[4] = { 0 };
	size_t count = 0, i;

	(void)state;
	assert_ok(radioembo_product_set_vial_sizes_gbq(product, mine, 3));
	mine[1] = 99.0; /* the product keeps its own copy */
	assert_ok(radioembo_product_get_vial_sizes_gbq(product, sizes, 4, &count));
	assert_int_equal(count, 3);
	assert_true(sizes[0] == 1.25 && sizes[1] == 2.385 && sizes[2] == 4.5);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_fails(radioembo_product_set_vial_sizes_gbq(product, bad[i], 3),
			     RADIOEMBO_EINVAL, "sizes_gbq");
	assert_ok(radioembo_product_get_vial_sizes_gbq(product, sizes, 4, &count));
	assert_int_equal(count, 3);
	assert_true(sizes[1] == 2.385);
	/* n = 0 clears the list, with or without a pointer */
	assert_ok(radioembo_product_set_vial_sizes_gbq(product, NULL, 0));
	assert_ok(radioembo_product_get_vial_sizes_gbq(product, NULL, 0, &count));
	assert_int_equal(count, 0);
	assert_ok(radioembo_product_set_vial_sizes_gbq(product, mine, 1));
	assert_ok(radioembo_product_set_vial_sizes_gbq(product, mine, 0));
	assert_ok(radioembo_product_get_vial_sizes_gbq(product, sizes, 0, &count));
	assert_int_equal(count, 0);
	radioembo_product_free(product);
}

static void test_product_name_kind_and_nuclide_setters(void **state)
{
	radioembo_product *product = builtin("holmium");
	radioembo_product_kind kind = (radioembo_product_kind)0;
	radioembo_nuclide nuclide = (radioembo_nuclide)0;
	char buffer[32] = "Ho site 26.8";

	(void)state;
	assert_ok(radioembo_product_set_name(product, buffer));
	buffer[0] = 'X'; /* the product keeps its own copy */
	assert_string_equal(radioembo_product_name(product), "Ho site 26.8");
	assert_fails(radioembo_product_set_name(product, ""), RADIOEMBO_EINVAL, "name");
	assert_string_equal(radioembo_product_name(product), "Ho site 26.8");

	assert_ok(radioembo_product_set_kind(product, RADIOEMBO_PRODUCT_KIND_RESIN));
	assert_fails(radioembo_product_set_kind(product, (radioembo_product_kind)0),
		     RADIOEMBO_EINVAL, "kind");
	assert_fails(radioembo_product_set_kind(product, (radioembo_product_kind)5),
		     RADIOEMBO_EINVAL, "kind");
	assert_ok(radioembo_product_get_kind(product, &kind));
	assert_int_equal(kind, RADIOEMBO_PRODUCT_KIND_RESIN);

	/* the nuclide alone changes: half-life and dose factor stay as they were */
	assert_ok(radioembo_product_set_nuclide(product, RADIOEMBO_NUCLIDE_Y90));
	assert_true(field_value(product, CASE(HALF_LIFE_H)) == 26.8);
	assert_fails(radioembo_product_set_nuclide(product, (radioembo_nuclide)0),
		     RADIOEMBO_EINVAL, "nuclide");
	assert_fails(radioembo_product_set_nuclide(product, (radioembo_nuclide)3),
		     RADIOEMBO_EINVAL, "nuclide");
	assert_ok(radioembo_product_get_nuclide(product, &nuclide));
	assert_int_equal(nuclide, RADIOEMBO_NUCLIDE_Y90);
	radioembo_product_free(product);
}

/* The case file's "kind" spellings, and each field named as its setter's parameter. */
static void test_product_kind_and_field_names(void **state)
{
	(void)state;
	assert_string_equal(radioembo_product_kind_name(RADIOEMBO_PRODUCT_KIND_GLASS), "glass");
	assert_string_equal(radioembo_product_kind_name(RADIOEMBO_PRODUCT_KIND_RESIN), "resin");
	assert_string_equal(radioembo_product_kind_name(RADIOEMBO_PRODUCT_KIND_PLLA), "plla");
	assert_string_equal(radioembo_product_kind_name(RADIOEMBO_PRODUCT_KIND_OTHER), "other");
	assert_null(radioembo_product_kind_name((radioembo_product_kind)0));
	assert_null(radioembo_product_kind_name((radioembo_product_kind)5));
	assert_string_equal(radioembo_product_field_name(RADIOEMBO_PRODUCT_FIELD_HALF_LIFE_H),
			    "half_life_h");
	assert_string_equal(
		radioembo_product_field_name(RADIOEMBO_PRODUCT_FIELD_LUNG_DOSE_LIMIT_SESSION_GY),
		"lung_dose_limit_session_gy");
	assert_string_equal(
		radioembo_product_field_name(RADIOEMBO_PRODUCT_FIELD_NORMAL_PERFUSED_DOSE_LIMIT_GY),
		"normal_perfused_dose_limit_gy");
	assert_null(radioembo_product_field_name((radioembo_product_field)0));
	assert_null(radioembo_product_field_name((radioembo_product_field)22));
	assert_null(radioembo_product_field_name((radioembo_product_field)-3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_product_builtins_match_golden),
		TEST(test_product_names_aliases_and_case),
		TEST(test_product_listing),
		TEST(test_product_custom_starts_blank),
		TEST(test_product_copy_is_deep_and_independent),
		TEST(test_product_sources_follow_catalogue_values),
		TEST(test_product_setters_round_trip),
		TEST(test_product_setters_reject_invalid_values),
		TEST(test_product_setters_keep_minimum_below_maximum),
		TEST(test_product_is_set_and_unset),
		TEST(test_product_vial_sizes_query_and_copy),
		TEST(test_product_vial_sizes_setter_validates_and_copies),
		TEST(test_product_name_kind_and_nuclide_setters),
		TEST(test_product_kind_and_field_names),
	};
	return cmocka_run_group_tests_name("product", tests, NULL, NULL);
}
