/*
 * liver object: lesion and territory bookkeeping, normal volumes (hand-computed), deep
 * copies, borrowed lesions, every error path (allocation failures included, see
 * alloc_failure.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "alloc_failure.h" /* first: it replaces the library's allocator */

#include <math.h>
#include <string.h>

#include "testutil.h"

/* Where a failed constructor must leave its output: a pointer no call returns. */
static char sentinel_storage;
#define SENTINEL_LIVER ((radioembo_liver *)(void *)&sentinel_storage)
#define SENTINEL_LESION ((const radioembo_lesion *)(const void *)&sentinel_storage)
#define SENTINEL_INDEX ((size_t)777777)

/*
 * The liver most tests use: 1683.4 mL at 1.047 g/mL; lesions 0 "segment 8" 112.6 mL,
 * 1 "segment 4a" 37.85 mL, 2 "caudate" 9.137 mL; territories 0 "right lobe" 1021.7 mL and
 * 1 "left lobe" 488.25 mL; lesion 0 in territory 0, lesion 1 in territory 1, lesion 2 in
 * none.
 */
static radioembo_liver *make_liver(void)
{
	static const char *const labels[] = { "segment 8", "segment 4a", "caudate" };
	static const double volumes[] = { 112.6, 37.85, 9.137 };
	radioembo_liver *liver;
	size_t i, index = SENTINEL_INDEX;

	assert_ok(radioembo_liver_new(1683.4, 1.047, &liver));
	for (i = 0; i < 3; i++) {
		radioembo_lesion *lesion;

		assert_ok(radioembo_lesion_new(labels[i], volumes[i], &lesion));
		assert_ok(radioembo_liver_add_lesion(liver, lesion, &index));
		assert_int_equal(index, i);
		radioembo_lesion_free(lesion);
	}
	assert_ok(radioembo_liver_add_territory(liver, "right lobe", 1021.7, &index));
	assert_int_equal(index, 0);
	assert_ok(radioembo_liver_add_territory(liver, "left lobe", 488.25, &index));
	assert_int_equal(index, 1);
	assert_ok(radioembo_liver_assign_lesion(liver, 0, 0));
	assert_ok(radioembo_liver_assign_lesion(liver, 1, 1));
	return liver;
}

static void test_liver_new_has_volume_density_and_nothing_else(void **state)
{
	radioembo_liver *liver;
	double out = TEST_SENTINEL;
	size_t count = SENTINEL_INDEX;

	(void)state;
	assert_ok(radioembo_liver_new(1683.4, 1.047, &liver));
	assert_ok(radioembo_liver_get_volume_ml(liver, &out));
	assert_close(out, 1683.4, 0.0);
	assert_ok(radioembo_liver_get_density_g_per_ml(liver, &out));
	assert_close(out, 1.047, 0.0);
	assert_ok(radioembo_liver_lesion_count(liver, &count));
	assert_int_equal(count, 0);
	count = SENTINEL_INDEX;
	assert_ok(radioembo_liver_territory_count(liver, &count));
	assert_int_equal(count, 0);
	assert_null(radioembo_liver_territory_label(liver, 0));
	/* no lesion: the normal liver is the whole liver */
	assert_ok(radioembo_liver_normal_volume_ml(liver, &out));
	assert_close(out, 1683.4, 0.0);
	radioembo_liver_free(liver);
}

static void test_liver_setters_and_getters_round_trip(void **state)
{
	radioembo_liver *liver;
	double out = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_liver_new(1683.4, 1.047, &liver));
	assert_ok(radioembo_liver_set_volume_ml(liver, 1492.7));
	assert_ok(radioembo_liver_get_volume_ml(liver, &out));
	assert_close(out, 1492.7, 0.0);
	/* a cirrhotic liver (PMC3921016, about 1.1 kg/L), and the 25 g/mL bound itself */
	assert_ok(radioembo_liver_set_density_g_per_ml(liver, 1.103));
	assert_ok(radioembo_liver_get_density_g_per_ml(liver, &out));
	assert_close(out, 1.103, 0.0);
	assert_ok(radioembo_liver_set_density_g_per_ml(liver, 25.0));
	assert_ok(radioembo_liver_get_density_g_per_ml(liver, &out));
	assert_close(out, 25.0, 0.0);
	radioembo_liver_free(liver);
}

static void test_liver_lesions_and_territories_bookkeeping(void **state)
{
	radioembo_liver *liver = make_liver();
	const radioembo_lesion *lesion = NULL;
	double out = TEST_SENTINEL;
	size_t count = SENTINEL_INDEX, territory = SENTINEL_INDEX;

	(void)state;
	assert_ok(radioembo_liver_lesion_count(liver, &count));
	assert_int_equal(count, 3);
	assert_ok(radioembo_liver_territory_count(liver, &count));
	assert_int_equal(count, 2);
	assert_ok(radioembo_liver_get_lesion(liver, 1, &lesion));
	assert_string_equal(radioembo_lesion_label(lesion), "segment 4a");
	assert_ok(radioembo_lesion_get_volume_ml(lesion, &out));
	assert_close(out, 37.85, 0.0);
	assert_string_equal(radioembo_liver_territory_label(liver, 0), "right lobe");
	assert_string_equal(radioembo_liver_territory_label(liver, 1), "left lobe");
	assert_null(radioembo_liver_territory_label(liver, 2));
	assert_ok(radioembo_liver_get_territory_volume_ml(liver, 1, &out));
	assert_close(out, 488.25, 0.0);
	assert_ok(radioembo_liver_get_lesion_territory(liver, 0, &territory));
	assert_int_equal(territory, 0);
	assert_ok(radioembo_liver_get_lesion_territory(liver, 1, &territory));
	assert_int_equal(territory, 1);
	/* lesion 2 is in no territory */
	territory = SENTINEL_INDEX;
	assert_fails(radioembo_liver_get_lesion_territory(liver, 2, &territory),
		     RADIOEMBO_ENOTFOUND, "caudate");
	assert_int_equal(territory, SENTINEL_INDEX);
	/* reassigning moves a lesion: it is in at most one territory */
	assert_ok(radioembo_liver_assign_lesion(liver, 1, 0));
	assert_ok(radioembo_liver_get_lesion_territory(liver, 1, &territory));
	assert_int_equal(territory, 0);
	/* index_out may be NULL */
	assert_ok(radioembo_liver_add_territory(liver, "segment 2", 97.42, NULL));
	assert_ok(radioembo_liver_territory_count(liver, &count));
	assert_int_equal(count, 3);
	assert_ok(radioembo_liver_add_lesion(liver, lesion, NULL));
	assert_ok(radioembo_liver_lesion_count(liver, &count));
	assert_int_equal(count, 4);
	radioembo_liver_free(liver);
}

static void test_liver_keeps_copies_and_lends_its_lesions(void **state)
{
	char label[] = "segment 5";
	radioembo_liver *liver;
	radioembo_lesion *mine;
	const radioembo_lesion *borrowed = NULL, *again = NULL;
	double out = TEST_SENTINEL;
	size_t i, index;

	(void)state;
	assert_ok(radioembo_liver_new(1683.4, 1.047, &liver));
	assert_ok(radioembo_lesion_new("segment 5", 21.94, &mine));
	assert_ok(radioembo_lesion_set_tnr(mine, 3.719));
	assert_ok(radioembo_liver_add_lesion(liver, mine, &index));
	assert_ok(radioembo_liver_get_lesion(liver, index, &borrowed));
	/* the liver holds its own copy: changing or freeing the caller's lesion is harmless */
	assert_ptr_not_equal(borrowed, mine);
	assert_ok(radioembo_lesion_set_volume_ml(mine, 50.08));
	assert_ok(radioembo_lesion_set_label(mine, "changed"));
	radioembo_lesion_free(mine);
	assert_string_equal(radioembo_lesion_label(borrowed), "segment 5");
	assert_ok(radioembo_lesion_get_volume_ml(borrowed, &out));
	assert_close(out, 21.94, 0.0);
	assert_ok(radioembo_lesion_get_tnr(borrowed, &out));
	assert_close(out, 3.719, 0.0);
	/* the territory label is copied too */
	assert_ok(radioembo_liver_add_territory(liver, label, 512.3, &index));
	label[0] = 'X';
	assert_string_equal(radioembo_liver_territory_label(liver, index), "segment 5");
	/* the borrowed pointer survives growth of the liver's lists */
	for (i = 0; i < 40; i++) {
		assert_ok(radioembo_lesion_new("satellite", 0.0837, &mine));
		assert_ok(radioembo_liver_add_lesion(liver, mine, NULL));
		assert_ok(radioembo_liver_add_territory(liver, "sub-segment", 3.25, NULL));
		radioembo_lesion_free(mine);
	}
	assert_ok(radioembo_liver_get_lesion(liver, 0, &again));
	assert_ptr_equal(again, borrowed);
	assert_string_equal(radioembo_lesion_label(borrowed), "segment 5");
	assert_string_equal(radioembo_liver_territory_label(liver, 0), "segment 5");
	radioembo_liver_free(liver);
}

static void test_liver_normal_volumes_hand_computed(void **state)
{
	radioembo_liver *liver = make_liver();
	radioembo_lesion *lesion;
	double out = TEST_SENTINEL;

	(void)state;
	/* hand-computed: whole liver minus all lesions, 1683.4 - (112.6 + 37.85 + 9.137)
	 * = 1523.813 mL, the unassigned lesion 2 included */
	assert_ok(radioembo_liver_normal_volume_ml(liver, &out));
	assert_close(out, 1523.813, 1e-14);
	/* hand-computed: territory minus its lesions, 1021.7 - 112.6 = 909.1 and
	 * 488.25 - 37.85 = 450.4 */
	assert_ok(radioembo_liver_territory_normal_volume_ml(liver, 0, &out));
	assert_close(out, 909.1, 1e-14);
	assert_ok(radioembo_liver_territory_normal_volume_ml(liver, 1, &out));
	assert_close(out, 450.4, 1e-14);
	/* hand-computed: lesion 2 into the right lobe, 1021.7 - 112.6 - 9.137 = 899.963 */
	assert_ok(radioembo_liver_assign_lesion(liver, 2, 0));
	assert_ok(radioembo_liver_territory_normal_volume_ml(liver, 0, &out));
	assert_close(out, 899.963, 1e-14);
	assert_ok(radioembo_liver_normal_volume_ml(liver, &out));
	assert_close(out, 1523.813, 1e-14);
	/* a territory with no lesion: all of it is normal */
	assert_ok(radioembo_liver_add_territory(liver, "segment 3", 141.29, NULL));
	assert_ok(radioembo_liver_territory_normal_volume_ml(liver, 2, &out));
	assert_close(out, 141.29, 0.0);
	/* volumes are computed on demand: a new liver volume is taken into account,
	 * hand-computed 1492.7 - 159.587 = 1333.113 */
	assert_ok(radioembo_liver_set_volume_ml(liver, 1492.7));
	assert_ok(radioembo_liver_normal_volume_ml(liver, &out));
	assert_close(out, 1333.113, 1e-14);
	/* and so is a fourth lesion: hand-computed 1492.7 - (159.587 + 4.619) = 1328.494 */
	assert_ok(radioembo_lesion_new("segment 6", 4.619, &lesion));
	assert_ok(radioembo_liver_add_lesion(liver, lesion, NULL));
	radioembo_lesion_free(lesion);
	assert_ok(radioembo_liver_normal_volume_ml(liver, &out));
	assert_close(out, 1328.494, 1e-14);
	radioembo_liver_free(liver);
}

static void test_liver_normal_volume_erange_when_lesions_fill_it(void **state)
{
	radioembo_liver *liver = make_liver();
	radioembo_lesion *lesion;
	double out = TEST_SENTINEL;
	size_t index;

	(void)state;
	/* lesions of 159.587 mL in a liver of 159.587 mL (exactly filled) and of 150.3 mL */
	assert_ok(radioembo_liver_set_volume_ml(liver, 112.6 + 37.85 + 9.137));
	assert_fails(radioembo_liver_normal_volume_ml(liver, &out), RADIOEMBO_ERANGE,
		     "volume_ml");
	assert_ok(radioembo_liver_set_volume_ml(liver, 150.3));
	assert_fails(radioembo_liver_normal_volume_ml(liver, &out), RADIOEMBO_ERANGE,
		     "fill or exceed");
	/* a territory its lesion fills exactly, and one its lesion exceeds */
	assert_ok(radioembo_lesion_new("segment 1", 15.38, &lesion));
	assert_ok(radioembo_liver_add_lesion(liver, lesion, &index));
	radioembo_lesion_free(lesion);
	assert_ok(radioembo_liver_add_territory(liver, "segment 1", 15.38, NULL));
	assert_ok(radioembo_liver_assign_lesion(liver, index, 2));
	assert_fails(radioembo_liver_territory_normal_volume_ml(liver, 2, &out), RADIOEMBO_ERANGE,
		     "territory_index 2");
	/* 37.85 + 612.9 mL of lesions in the 488.25 mL left lobe */
	assert_ok(radioembo_lesion_new("segment 4b", 612.9, &lesion));
	assert_ok(radioembo_liver_add_lesion(liver, lesion, &index));
	radioembo_lesion_free(lesion);
	assert_ok(radioembo_liver_assign_lesion(liver, index, 1));
	assert_fails(radioembo_liver_territory_normal_volume_ml(liver, 1, &out), RADIOEMBO_ERANGE,
		     "left lobe");
	assert_true(out == TEST_SENTINEL);
	radioembo_liver_free(liver);
}

static void test_liver_copy_is_deep_and_independent(void **state)
{
	radioembo_liver *liver = make_liver(), *copy = NULL;
	radioembo_lesion *lesion;
	const radioembo_lesion *original_lesion, *copied_lesion;
	double out = TEST_SENTINEL;
	size_t count, territory = SENTINEL_INDEX;

	(void)state;
	assert_ok(radioembo_liver_copy(liver, &copy));
	assert_ptr_not_equal(copy, liver);
	assert_ok(radioembo_liver_get_lesion(liver, 0, &original_lesion));
	assert_ok(radioembo_liver_get_lesion(copy, 0, &copied_lesion));
	assert_ptr_not_equal(copied_lesion, original_lesion);
	assert_string_equal(radioembo_lesion_label(copied_lesion), "segment 8");
	assert_ptr_not_equal(radioembo_liver_territory_label(copy, 0),
			     radioembo_liver_territory_label(liver, 0));
	assert_string_equal(radioembo_liver_territory_label(copy, 1), "left lobe");
	/* the copy has the same assignments and therefore the same normal volumes */
	assert_ok(radioembo_liver_get_lesion_territory(copy, 1, &territory));
	assert_int_equal(territory, 1);
	assert_fails(radioembo_liver_get_lesion_territory(copy, 2, &territory),
		     RADIOEMBO_ENOTFOUND, "caudate");
	assert_ok(radioembo_liver_normal_volume_ml(copy, &out));
	assert_close(out, 1523.813, 1e-14);
	assert_ok(radioembo_liver_territory_normal_volume_ml(copy, 0, &out));
	assert_close(out, 909.1, 1e-14);
	assert_ok(radioembo_liver_get_density_g_per_ml(copy, &out));
	assert_close(out, 1.047, 0.0);

	/* change the copy: the original is untouched */
	assert_ok(radioembo_liver_set_volume_ml(copy, 1492.7));
	assert_ok(radioembo_liver_set_density_g_per_ml(copy, 1.062));
	assert_ok(radioembo_liver_assign_lesion(copy, 2, 1));
	assert_ok(radioembo_lesion_new("segment 6", 4.619, &lesion));
	assert_ok(radioembo_liver_add_lesion(copy, lesion, NULL));
	assert_ok(radioembo_liver_add_territory(copy, "segment 6", 83.15, NULL));
	radioembo_lesion_free(lesion);
	assert_ok(radioembo_liver_lesion_count(liver, &count));
	assert_int_equal(count, 3);
	assert_ok(radioembo_liver_territory_count(liver, &count));
	assert_int_equal(count, 2);
	assert_ok(radioembo_liver_get_volume_ml(liver, &out));
	assert_close(out, 1683.4, 0.0);
	assert_ok(radioembo_liver_get_density_g_per_ml(liver, &out));
	assert_close(out, 1.047, 0.0);
	assert_fails(radioembo_liver_get_lesion_territory(liver, 2, &territory),
		     RADIOEMBO_ENOTFOUND, "caudate");
	assert_ok(radioembo_liver_normal_volume_ml(liver, &out));
	assert_close(out, 1523.813, 1e-14);

	/* free the original first: the copy and its borrowed lesions live on;
	 * hand-computed 1492.7 - (159.587 + 4.619) = 1328.494 and
	 * 488.25 - 37.85 - 9.137 = 441.263 */
	radioembo_liver_free(liver);
	assert_string_equal(radioembo_lesion_label(copied_lesion), "segment 8");
	assert_ok(radioembo_liver_normal_volume_ml(copy, &out));
	assert_close(out, 1328.494, 1e-14);
	assert_ok(radioembo_liver_territory_normal_volume_ml(copy, 1, &out));
	assert_close(out, 441.263, 1e-14);

	/* a copy of a copy, freed before its source */
	assert_ok(radioembo_liver_copy(copy, &liver));
	radioembo_liver_free(liver);
	radioembo_liver_free(copy);
}

/*
 * Physically impossible sizes are errors naming the parameter and the bounds
 * (radioembo-sources(7) PLAUSIBILITY): 1e-6 mL to 20 L of liver tissue, 0.05 to 10 kg of
 * lungs; labels are UTF-8.
 */
static void test_liver_rejects_impossible_sizes(void **state)
{
	radioembo_liver *liver = SENTINEL_LIVER;
	radioembo_lesion *lesion = NULL;
	radioembo_lung *lung = NULL;
	double mass = TEST_SENTINEL;

	(void)state;
	assert_fails(radioembo_liver_new(1e308, 1.047, &liver), RADIOEMBO_EINVAL,
		     "volume_ml must be within [1e-06, 20000] mL (a sanity bound of liver tissue), "
		     "got 1e+308");
	assert_fails(radioembo_liver_new(20000.5, 1.047, &liver), RADIOEMBO_EINVAL, "20000");
	assert_fails(radioembo_liver_new(9.5e-7, 1.047, &liver), RADIOEMBO_EINVAL, "9.5e-07");
	assert_ptr_equal(liver, SENTINEL_LIVER);
	assert_ok(radioembo_liver_new(20000.0, 1.047, &liver));
	assert_fails(radioembo_liver_set_volume_ml(liver, 1e308), RADIOEMBO_EINVAL, "volume_ml");
	assert_fails(radioembo_liver_add_territory(liver, "right lobe", 1.08e6, NULL),
		     RADIOEMBO_EINVAL, "volume_ml");
	assert_fails(radioembo_lesion_new("HCC-1", 1e-300, &lesion), RADIOEMBO_EINVAL,
		     "got 1e-300");
	assert_null(lesion);
	assert_ok(radioembo_lesion_new("HCC-1", 1e-6, &lesion));
	assert_fails(radioembo_lesion_set_volume_ml(lesion, 3.2e4), RADIOEMBO_EINVAL, "volume_ml");
	/* labels that are not UTF-8: Latin-1 "Lesion" with e-acute, an overlong "/", a surrogate */
	assert_fails(radioembo_lesion_set_label(lesion, "L\xe9sion"), RADIOEMBO_EINVAL,
		     "label must be valid UTF-8");
	assert_fails(radioembo_lesion_set_label(lesion, "\xc0\xaf"), RADIOEMBO_EINVAL, "UTF-8");
	assert_fails(radioembo_lesion_set_label(lesion, "\xed\xa0\x80"), RADIOEMBO_EINVAL, "UTF-8");
	assert_fails(radioembo_liver_add_territory(liver, "lobe \xff", 300.0, NULL),
		     RADIOEMBO_EINVAL, "label must be valid UTF-8");
	assert_ok(
		radioembo_lesion_set_label(lesion, "L\xc3\xa9sion \xe2\x85\xa1 \xf0\x9f\x98\x80"));
	assert_string_equal(radioembo_lesion_label(lesion),
			    "L\xc3\xa9sion \xe2\x85\xa1 \xf0\x9f\x98\x80");
	radioembo_lesion_free(lesion);
	radioembo_liver_free(liver);

	/* lungs of 100 kg, and a CT volume and density that make 12.6 kg */
	assert_ok(radioembo_lung_new(&lung));
	assert_fails(
		radioembo_lung_set_mass_kg(lung, 100.0), RADIOEMBO_EINVAL,
		"mass_kg must be within [0.05, 10] kg (a sanity bound of human lungs), got 100");
	assert_fails(radioembo_lung_set_mass_kg(lung, 0.0312), RADIOEMBO_EINVAL, "0.0312");
	assert_fails(radioembo_lung_set_mass_from_volume(lung, 42000.0, 0.3), RADIOEMBO_EINVAL,
		     "the lung mass volume_ml x density_g_per_ml = 12.6 kg");
	assert_string_equal(radioembo_last_error_parameter(), "volume_ml");
	assert_ok(radioembo_lung_get_mass_kg(lung, &mass));
	assert_true(mass == 1.0);
	radioembo_lung_free(lung);
}

static void test_liver_rejects_invalid_arguments(void **state)
{
	char long_label[257];
	radioembo_liver *liver = make_liver(), *out_liver = SENTINEL_LIVER;
	radioembo_lesion *lesion;
	const radioembo_lesion *out_lesion = SENTINEL_LESION;
	double out = TEST_SENTINEL;
	size_t out_index = SENTINEL_INDEX, count = SENTINEL_INDEX, territory = SENTINEL_INDEX;

	(void)state;
	memset(long_label, 'v', 256);
	long_label[256] = '\0';
	assert_ok(radioembo_lesion_new("segment 7", 6.482, &lesion));

	/* new */
	assert_fails(radioembo_liver_new(0.0, 1.047, &out_liver), RADIOEMBO_EINVAL, "volume_ml");
	assert_fails(radioembo_liver_new(-1683.4, 1.047, &out_liver), RADIOEMBO_EINVAL,
		     "volume_ml");
	assert_fails(radioembo_liver_new(INFINITY, 1.047, &out_liver), RADIOEMBO_EINVAL,
		     "volume_ml");
	assert_fails(radioembo_liver_new(1683.4, 0.0, &out_liver), RADIOEMBO_EINVAL,
		     "density_g_per_ml");
	assert_fails(radioembo_liver_new(1683.4, 1050.0, &out_liver), RADIOEMBO_EINVAL,
		     "density_g_per_ml");
	assert_fails(radioembo_liver_new(1683.4, -INFINITY, &out_liver), RADIOEMBO_EINVAL,
		     "density_g_per_ml");

	/* copy */
	assert_ptr_equal(out_liver, SENTINEL_LIVER);

	/* volume and density */
	assert_fails(radioembo_liver_set_volume_ml(liver, 0.0), RADIOEMBO_EINVAL, "volume_ml");
	assert_fails(radioembo_liver_set_volume_ml(liver, -1492.7), RADIOEMBO_EINVAL,
		     "volume_ml");
	assert_fails(radioembo_liver_set_volume_ml(liver, INFINITY), RADIOEMBO_EINVAL,
		     "volume_ml");
	assert_fails(radioembo_liver_set_density_g_per_ml(liver, -1.062), RADIOEMBO_EINVAL,
		     "density_g_per_ml");
	assert_fails(radioembo_liver_set_density_g_per_ml(liver, 25.01), RADIOEMBO_EINVAL,
		     "density_g_per_ml");
	assert_fails(radioembo_liver_set_density_g_per_ml(liver, INFINITY), RADIOEMBO_EINVAL,
		     "density_g_per_ml");

	/* lesions */
	assert_fails(radioembo_liver_get_lesion(liver, 3, &out_lesion), RADIOEMBO_EINVAL, "index");
	assert_fails(radioembo_liver_get_lesion(liver, SIZE_MAX, &out_lesion), RADIOEMBO_EINVAL,
		     "index");

	/* territories */
	assert_fails(radioembo_liver_add_territory(liver, "", 88.21, &out_index),
		     RADIOEMBO_EINVAL, "label");
	assert_fails(radioembo_liver_add_territory(liver, long_label, 88.21, &out_index),
		     RADIOEMBO_EINVAL, "label");
	assert_fails(radioembo_liver_add_territory(liver, "segment 7", 0.0, &out_index),
		     RADIOEMBO_EINVAL, "volume_ml");
	assert_fails(radioembo_liver_add_territory(liver, "segment 7", -88.21, &out_index),
		     RADIOEMBO_EINVAL, "volume_ml");
	assert_fails(radioembo_liver_add_territory(liver, "segment 7", INFINITY, &out_index),
		     RADIOEMBO_EINVAL, "volume_ml");
	assert_fails(radioembo_liver_get_territory_volume_ml(liver, 2, &out), RADIOEMBO_EINVAL,
		     "index");

	/* assignment */
	assert_fails(radioembo_liver_assign_lesion(liver, 3, 0), RADIOEMBO_EINVAL,
		     "lesion_index");
	assert_fails(radioembo_liver_assign_lesion(liver, 2, 2), RADIOEMBO_EINVAL,
		     "territory_index");
	assert_fails(radioembo_liver_get_lesion_territory(liver, 3, &territory), RADIOEMBO_EINVAL,
		     "lesion_index");
	assert_fails(radioembo_liver_get_lesion_territory(liver, 2, &territory),
		     RADIOEMBO_ENOTFOUND, "lesion 2");

	/* normal volumes */
	assert_fails(radioembo_liver_territory_normal_volume_ml(liver, 2, &out), RADIOEMBO_EINVAL,
		     "territory_index");

	/* outputs untouched, and the liver unchanged by every failed call */
	assert_true(out == TEST_SENTINEL);
	assert_int_equal(out_index, SENTINEL_INDEX);
	assert_int_equal(count, SENTINEL_INDEX);
	assert_int_equal(territory, SENTINEL_INDEX);
	assert_ptr_equal(out_lesion, SENTINEL_LESION);
	assert_ok(radioembo_liver_lesion_count(liver, &count));
	assert_int_equal(count, 3);
	assert_ok(radioembo_liver_territory_count(liver, &count));
	assert_int_equal(count, 2);
	assert_ok(radioembo_liver_get_volume_ml(liver, &out));
	assert_close(out, 1683.4, 0.0);
	assert_ok(radioembo_liver_get_density_g_per_ml(liver, &out));
	assert_close(out, 1.047, 0.0);
	assert_ok(radioembo_liver_territory_normal_volume_ml(liver, 1, &out));
	assert_close(out, 450.4, 1e-14);
	radioembo_lesion_free(lesion);
	radioembo_liver_free(liver);
}

static void test_liver_allocation_failures_leave_no_leak(void **state)
{
	radioembo_liver *liver = NULL, *copy;
	radioembo_lesion *lesion;
	size_t count, index;
	double out = TEST_SENTINEL, whole;
	long n;
	int rc;

	(void)state;
	for (n = 0;; n++) {
		radioembo_liver *made = SENTINEL_LIVER;

		alloc_failure_countdown = n;
		rc = radioembo_liver_new(1683.4, 1.047, &made);
		if (rc == RADIOEMBO_OK) {
			radioembo_liver_free(made);
			break;
		}
		assert_fails(rc, RADIOEMBO_ENOMEM, "out of memory");
		assert_ptr_equal(made, SENTINEL_LIVER);
	}
	assert_int_equal(n, 1);
	alloc_failure_countdown = -1; /* the last call did not use up its countdown */

	liver = make_liver();
	assert_ok(radioembo_lesion_new("segment 6", 4.619, &lesion));
	/* add_lesion: the lesion's copy (object, label); both lists still have room */
	for (n = 0;; n++) {
		index = SENTINEL_INDEX;
		alloc_failure_countdown = n;
		rc = radioembo_liver_add_lesion(liver, lesion, &index);
		if (rc == RADIOEMBO_OK)
			break;
		assert_fails(rc, RADIOEMBO_ENOMEM, "out of memory");
		assert_int_equal(index, SENTINEL_INDEX);
		/* the liver is unchanged and still consistent */
		assert_ok(radioembo_liver_lesion_count(liver, &count));
		assert_int_equal(count, 3);
		assert_ok(radioembo_liver_normal_volume_ml(liver, &out));
		assert_close(out, 1523.813, 1e-14);
	}
	assert_int_equal(n, 2);
	assert_int_equal(index, 3);
	alloc_failure_countdown = -1;
	radioembo_lesion_free(lesion);
	/* the lesion added after the failures is still consistent */
	assert_ok(radioembo_liver_assign_lesion(liver, 3, 1));
	assert_ok(radioembo_liver_territory_normal_volume_ml(liver, 1, &out));
	/* hand-computed 488.25 - 37.85 - 4.619 = 445.781 */
	assert_close(out, 445.781, 1e-14);

	/* add_territory: its label; the list still has room */
	for (n = 0;; n++) {
		index = SENTINEL_INDEX;
		alloc_failure_countdown = n;
		rc = radioembo_liver_add_territory(liver, "segment 6", 83.15, &index);
		if (rc == RADIOEMBO_OK)
			break;
		assert_fails(rc, RADIOEMBO_ENOMEM, "out of memory");
		assert_int_equal(index, SENTINEL_INDEX);
		assert_ok(radioembo_liver_territory_count(liver, &count));
		assert_int_equal(count, 2);
	}
	assert_int_equal(n, 1);
	assert_int_equal(index, 2);
	alloc_failure_countdown = -1;

	/* copy: every allocation of the copy fails once */
	for (n = 0;; n++) {
		copy = SENTINEL_LIVER;
		alloc_failure_countdown = n;
		rc = radioembo_liver_copy(liver, &copy);
		if (rc == RADIOEMBO_OK)
			break;
		assert_fails(rc, RADIOEMBO_ENOMEM, "out of memory");
		assert_ptr_equal(copy, SENTINEL_LIVER);
	}
	/* 1 liver + 3 lists sized exactly + 3 territory labels + 4 lesions x 2 */
	assert_int_equal(n, 15);
	alloc_failure_countdown = -1;
	assert_ok(radioembo_liver_territory_normal_volume_ml(copy, 1, &out));
	assert_close(out, 445.781, 1e-14);

	/* the copy's lists are full, so adding grows them: a failure leaves the copy as it was */
	assert_ok(radioembo_liver_normal_volume_ml(copy, &whole));
	assert_ok(radioembo_lesion_new("segment 7", 2.308, &lesion));
	for (n = 0;; n++) {
		index = SENTINEL_INDEX;
		alloc_failure_countdown = n;
		rc = radioembo_liver_add_lesion(copy, lesion, &index);
		if (rc == RADIOEMBO_OK)
			break;
		assert_fails(rc, RADIOEMBO_ENOMEM, "out of memory");
		assert_int_equal(index, SENTINEL_INDEX);
		assert_ok(radioembo_liver_lesion_count(copy, &count));
		assert_int_equal(count, 4);
		assert_ok(radioembo_liver_normal_volume_ml(copy, &out));
		assert_close(out, whole, 0.0);
	}
	/* the lesion's copy (object, label), the territory list, the lesion list */
	assert_int_equal(n, 4);
	assert_int_equal(index, 4);
	alloc_failure_countdown = -1;
	radioembo_lesion_free(lesion);
	assert_ok(radioembo_liver_assign_lesion(copy, 4, 2));
	for (n = 0;; n++) {
		index = SENTINEL_INDEX;
		alloc_failure_countdown = n;
		rc = radioembo_liver_add_territory(copy, "segment 7", 96.4, &index);
		if (rc == RADIOEMBO_OK)
			break;
		assert_fails(rc, RADIOEMBO_ENOMEM, "out of memory");
		assert_int_equal(index, SENTINEL_INDEX);
		assert_ok(radioembo_liver_territory_count(copy, &count));
		assert_int_equal(count, 3);
	}
	/* its label, the territory list */
	assert_int_equal(n, 2);
	assert_int_equal(index, 3);
	alloc_failure_countdown = -1;
	radioembo_liver_free(copy);
	radioembo_liver_free(liver);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_liver_new_has_volume_density_and_nothing_else),
		TEST(test_liver_setters_and_getters_round_trip),
		TEST(test_liver_lesions_and_territories_bookkeeping),
		TEST(test_liver_keeps_copies_and_lends_its_lesions),
		TEST(test_liver_normal_volumes_hand_computed),
		TEST(test_liver_normal_volume_erange_when_lesions_fill_it),
		TEST(test_liver_copy_is_deep_and_independent),
		TEST(test_liver_rejects_invalid_arguments),
		TEST(test_liver_rejects_impossible_sizes),
		TEST(test_liver_allocation_failures_leave_no_leak),
	};
	return cmocka_run_group_tests_name("liver", tests, NULL, NULL);
}
