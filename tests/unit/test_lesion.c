/*
 * lesion object: defaults, setters and getters, TNR from counts, deep copies, every error
 * path (allocation failures included, see alloc_failure.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "alloc_failure.h" /* first: it replaces the library's allocator */

#include <math.h>
#include <string.h>

#include "testutil.h"

/* Where a failed constructor must leave its output: a pointer no call returns. */
static char sentinel_storage;
#define SENTINEL_LESION ((radioembo_lesion *)(void *)&sentinel_storage)

/* A label of `length` bytes ('a', 'b', ...), NUL-terminated; buffer holds length + 1. */
static const char *make_label(char *buffer, size_t length)
{
	size_t i;

	for (i = 0; i < length; i++)
		buffer[i] = (char)('a' + i % 26);
	buffer[length] = '\0';
	return buffer;
}

static void test_lesion_new_has_label_volume_and_unset_fields(void **state)
{
	radioembo_lesion *lesion = NULL;
	double out = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_lesion_new("segment 8 HCC", 23.85, &lesion));
	assert_non_null(lesion);
	assert_string_equal(radioembo_lesion_label(lesion), "segment 8 HCC");
	assert_ok(radioembo_lesion_get_volume_ml(lesion, &out));
	assert_close(out, 23.85, 0.0);
	/* density, TNR and target start unset: the liver's, none and the product's apply */
	out = TEST_SENTINEL;
	assert_fails(radioembo_lesion_get_density_g_per_ml(lesion, &out), RADIOEMBO_ENOTFOUND,
		     "density");
	assert_fails(radioembo_lesion_get_tnr(lesion, &out), RADIOEMBO_ENOTFOUND,
		     "tumour-to-normal ratio");
	assert_fails(radioembo_lesion_get_target_dose_gy(lesion, &out), RADIOEMBO_ENOTFOUND,
		     "target dose");
	/* the message names the lesion */
	assert_non_null(strstr(radioembo_last_error_message(), "segment 8 HCC"));
	assert_true(out == TEST_SENTINEL);
	radioembo_lesion_free(lesion);
}

static void test_lesion_keeps_a_copy_of_its_label(void **state)
{
	char label[] = "right lobe metastasis";
	radioembo_lesion *lesion;

	(void)state;
	assert_ok(radioembo_lesion_new(label, 4.619, &lesion));
	label[0] = 'X';
	assert_string_equal(radioembo_lesion_label(lesion), "right lobe metastasis");
	assert_ptr_not_equal(radioembo_lesion_label(lesion), label);
	radioembo_lesion_free(lesion);
}

static void test_lesion_setters_and_getters_round_trip(void **state)
{
	char text[256];
	radioembo_lesion *lesion;
	double out = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_lesion_new("L1", 23.85, &lesion));
	assert_ok(radioembo_lesion_set_volume_ml(lesion, 31.42));
	assert_ok(radioembo_lesion_get_volume_ml(lesion, &out));
	assert_close(out, 31.42, 0.0);
	assert_ok(radioembo_lesion_set_density_g_per_ml(lesion, 1.047));
	assert_ok(radioembo_lesion_get_density_g_per_ml(lesion, &out));
	assert_close(out, 1.047, 0.0);
	/* the density bound is inclusive: 25 g/mL */
	assert_ok(radioembo_lesion_set_density_g_per_ml(lesion, 25.0));
	assert_ok(radioembo_lesion_get_density_g_per_ml(lesion, &out));
	assert_close(out, 25.0, 0.0);
	assert_ok(radioembo_lesion_set_tnr(lesion, 3.719));
	assert_ok(radioembo_lesion_get_tnr(lesion, &out));
	assert_close(out, 3.719, 0.0);
	assert_ok(radioembo_lesion_set_target_dose_gy(lesion, 205.3));
	assert_ok(radioembo_lesion_get_target_dose_gy(lesion, &out));
	assert_close(out, 205.3, 0.0);
	assert_ok(radioembo_lesion_set_label(lesion, "segment 4a"));
	assert_string_equal(radioembo_lesion_label(lesion), "segment 4a");
	/* 1 and 255 bytes are the limits */
	assert_ok(radioembo_lesion_set_label(lesion, "Q"));
	assert_string_equal(radioembo_lesion_label(lesion), "Q");
	assert_ok(radioembo_lesion_set_label(lesion, make_label(text, 255)));
	assert_string_equal(radioembo_lesion_label(lesion), text);
	assert_int_equal(strlen(radioembo_lesion_label(lesion)), 255);
	radioembo_lesion_free(lesion);
	assert_ok(radioembo_lesion_new(make_label(text, 255), 0.0371, &lesion));
	assert_string_equal(radioembo_lesion_label(lesion), text);
	radioembo_lesion_free(lesion);
}

static void test_lesion_tnr_from_counts_hand_computed(void **state)
{
	radioembo_lesion *lesion;
	double tnr = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_lesion_new("segment 7", 23.85, &lesion));
	/* hand-computed with python3 decimal (40 digits): TNR = (C_T/V_T)/(C_N/V_N),
	 * (48213.7/23.85)/(91377.2/1402.6) = 31.02973497253685557 (Ho et al. 1996) */
	assert_ok(radioembo_lesion_set_tnr_from_counts(lesion, 48213.7, 91377.2, 1402.6));
	assert_ok(radioembo_lesion_get_tnr(lesion, &tnr));
	assert_close(tnr, 31.02973497253685557, 1e-14);
	/* the lesion's current volume is used: hand-computed (48213.7/31.42)/(91377.2/1402.6)
	 * = 23.55376126973278184 */
	assert_ok(radioembo_lesion_set_volume_ml(lesion, 31.42));
	assert_ok(radioembo_lesion_get_tnr(lesion, &tnr));
	assert_close(tnr, 31.02973497253685557, 1e-14); /* not recomputed by the setter */
	assert_ok(radioembo_lesion_set_tnr_from_counts(lesion, 48213.7, 91377.2, 1402.6));
	assert_ok(radioembo_lesion_get_tnr(lesion, &tnr));
	assert_close(tnr, 23.55376126973278184, 1e-14);
	radioembo_lesion_free(lesion);
}

static void test_lesion_tnr_from_counts_density_hand_computed(void **state)
{
	radioembo_lesion *lesion;
	double tnr = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_lesion_new("segment 7", 23.85, &lesion));
	/* no lesion density: the normal density stands in, and cancels */
	assert_ok(radioembo_lesion_set_tnr_from_counts_density(lesion, 48213.7, 91377.2, 1402.6,
							       1.04));
	assert_ok(radioembo_lesion_get_tnr(lesion, &tnr));
	assert_close(tnr, 31.02973497253685557, 1e-14);
	/* hand-computed with python3 decimal (40 digits), TNR per mass:
	 * (48213.7/(23.85*1.12))/(91377.2/(1402.6*1.04)) = 28.81332533164136589 */
	assert_ok(radioembo_lesion_set_density_g_per_ml(lesion, 1.12));
	assert_ok(radioembo_lesion_set_tnr_from_counts_density(lesion, 48213.7, 91377.2, 1402.6,
							       1.04));
	assert_ok(radioembo_lesion_get_tnr(lesion, &tnr));
	assert_close(tnr, 28.81332533164136589, 1e-14);
	radioembo_lesion_free(lesion);
}

static void test_lesion_copy_is_deep_and_independent(void **state)
{
	radioembo_lesion *lesion, *copy = NULL, *unset_copy = NULL;
	double out = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_lesion_new("segment 6", 12.73, &lesion));
	/* a copy of a lesion with unset fields keeps them unset */
	assert_ok(radioembo_lesion_copy(lesion, &unset_copy));
	assert_fails(radioembo_lesion_get_tnr(unset_copy, &out), RADIOEMBO_ENOTFOUND, "ratio");
	assert_fails(radioembo_lesion_get_density_g_per_ml(unset_copy, &out),
		     RADIOEMBO_ENOTFOUND, "density");
	assert_fails(radioembo_lesion_get_target_dose_gy(unset_copy, &out), RADIOEMBO_ENOTFOUND,
		     "target");
	assert_true(out == TEST_SENTINEL);

	assert_ok(radioembo_lesion_set_density_g_per_ml(lesion, 1.062));
	assert_ok(radioembo_lesion_set_tnr(lesion, 4.28));
	assert_ok(radioembo_lesion_set_target_dose_gy(lesion, 152.5));
	assert_ok(radioembo_lesion_copy(lesion, &copy));
	assert_ptr_not_equal(copy, lesion);
	assert_ptr_not_equal(radioembo_lesion_label(copy), radioembo_lesion_label(lesion));
	assert_string_equal(radioembo_lesion_label(copy), "segment 6");
	assert_ok(radioembo_lesion_get_volume_ml(copy, &out));
	assert_close(out, 12.73, 0.0);
	assert_ok(radioembo_lesion_get_density_g_per_ml(copy, &out));
	assert_close(out, 1.062, 0.0);
	assert_ok(radioembo_lesion_get_tnr(copy, &out));
	assert_close(out, 4.28, 0.0);
	assert_ok(radioembo_lesion_get_target_dose_gy(copy, &out));
	assert_close(out, 152.5, 0.0);

	/* change the copy: the original keeps its values */
	assert_ok(radioembo_lesion_set_label(copy, "segment 6, resized"));
	assert_ok(radioembo_lesion_set_volume_ml(copy, 14.09));
	assert_ok(radioembo_lesion_set_density_g_per_ml(copy, 1.031));
	assert_ok(radioembo_lesion_set_tnr(copy, 2.615));
	assert_ok(radioembo_lesion_set_target_dose_gy(copy, 121.7));
	assert_string_equal(radioembo_lesion_label(lesion), "segment 6");
	assert_ok(radioembo_lesion_get_volume_ml(lesion, &out));
	assert_close(out, 12.73, 0.0);
	assert_ok(radioembo_lesion_get_density_g_per_ml(lesion, &out));
	assert_close(out, 1.062, 0.0);
	assert_ok(radioembo_lesion_get_tnr(lesion, &out));
	assert_close(out, 4.28, 0.0);
	assert_ok(radioembo_lesion_get_target_dose_gy(lesion, &out));
	assert_close(out, 152.5, 0.0);

	/* free the original first: the copy lives on */
	radioembo_lesion_free(lesion);
	assert_string_equal(radioembo_lesion_label(copy), "segment 6, resized");
	assert_ok(radioembo_lesion_get_tnr(copy, &out));
	assert_close(out, 2.615, 0.0);
	radioembo_lesion_free(copy);
	radioembo_lesion_free(unset_copy);
}

static void test_lesion_rejects_invalid_arguments(void **state)
{
	char long_label[257];
	radioembo_lesion *lesion, *out_lesion = SENTINEL_LESION;
	double out = TEST_SENTINEL, value = TEST_SENTINEL;

	(void)state;
	make_label(long_label, 256);
	assert_ok(radioembo_lesion_new("L1", 23.85, &lesion));
	assert_ok(radioembo_lesion_set_density_g_per_ml(lesion, 1.047));
	assert_ok(radioembo_lesion_set_tnr(lesion, 3.719));
	assert_ok(radioembo_lesion_set_target_dose_gy(lesion, 205.3));

	/* new */
	assert_fails(radioembo_lesion_new("", 23.85, &out_lesion), RADIOEMBO_EINVAL, "label");
	assert_fails(radioembo_lesion_new(long_label, 23.85, &out_lesion), RADIOEMBO_EINVAL,
		     "label");
	assert_fails(radioembo_lesion_new("L2", 0.0, &out_lesion), RADIOEMBO_EINVAL, "volume_ml");
	assert_fails(radioembo_lesion_new("L2", -23.85, &out_lesion), RADIOEMBO_EINVAL,
		     "volume_ml");
	assert_fails(radioembo_lesion_new("L2", INFINITY, &out_lesion), RADIOEMBO_EINVAL,
		     "volume_ml");

	/* copy */
	assert_ptr_equal(out_lesion, SENTINEL_LESION);

	/* label */
	assert_fails(radioembo_lesion_set_label(lesion, ""), RADIOEMBO_EINVAL, "label");
	assert_fails(radioembo_lesion_set_label(lesion, long_label), RADIOEMBO_EINVAL, "label");
	assert_string_equal(radioembo_lesion_label(lesion), "L1");

	/* volume */
	assert_fails(radioembo_lesion_set_volume_ml(lesion, 0.0), RADIOEMBO_EINVAL, "volume_ml");
	assert_fails(radioembo_lesion_set_volume_ml(lesion, -4.619), RADIOEMBO_EINVAL,
		     "volume_ml");
	assert_fails(radioembo_lesion_set_volume_ml(lesion, INFINITY), RADIOEMBO_EINVAL,
		     "volume_ml");

	/* density */
	assert_fails(radioembo_lesion_set_density_g_per_ml(lesion, 0.0), RADIOEMBO_EINVAL,
		     "density_g_per_ml");
	assert_fails(radioembo_lesion_set_density_g_per_ml(lesion, -1.047), RADIOEMBO_EINVAL,
		     "density_g_per_ml");
	/* kg/m^3 by mistake */
	assert_fails(radioembo_lesion_set_density_g_per_ml(lesion, 1047.0), RADIOEMBO_EINVAL,
		     "density_g_per_ml");
	assert_fails(radioembo_lesion_set_density_g_per_ml(lesion, INFINITY), RADIOEMBO_EINVAL,
		     "density_g_per_ml");

	/* TNR */
	assert_fails(radioembo_lesion_set_tnr(lesion, 0.0), RADIOEMBO_EINVAL, "tnr");
	assert_fails(radioembo_lesion_set_tnr(lesion, -3.719), RADIOEMBO_EINVAL, "tnr");
	assert_fails(radioembo_lesion_set_tnr(lesion, INFINITY), RADIOEMBO_EINVAL, "tnr");
	assert_fails(radioembo_lesion_set_tnr_from_counts(lesion, 0.0, 91377.2, 1402.6),
		     RADIOEMBO_EINVAL, "tumor_counts");
	assert_fails(radioembo_lesion_set_tnr_from_counts(lesion, 48213.7, -91377.2, 1402.6),
		     RADIOEMBO_EINVAL, "normal_counts");
	assert_fails(radioembo_lesion_set_tnr_from_counts(lesion, 48213.7, INFINITY, 1402.6),
		     RADIOEMBO_EINVAL, "normal_counts");
	assert_fails(radioembo_lesion_set_tnr_from_counts(lesion, 48213.7, 91377.2, 0.0),
		     RADIOEMBO_EINVAL, "normal_volume_ml");
	/* a ratio beyond a double, or one that underflows to 0 */
	assert_fails(radioembo_lesion_set_tnr_from_counts(lesion, 1e300, 1e-300, 1.0),
		     RADIOEMBO_ERANGE, "tnr");
	assert_fails(radioembo_lesion_set_tnr_from_counts(lesion, 1e-300, 1e300, 1.0),
		     RADIOEMBO_ERANGE, "tnr");
	/* per mass: the normal density is checked even when the lesion has its own */
	assert_fails(
		radioembo_lesion_set_tnr_from_counts_density(lesion, 48213.7, 91377.2, 1402.6, 0.0),
		RADIOEMBO_EINVAL, "normal_density_g_per_ml");
	assert_fails(radioembo_lesion_set_tnr_from_counts_density(lesion, 48213.7, 91377.2, 1402.6,
								  31.7),
		     RADIOEMBO_EINVAL, "normal_density_g_per_ml");
	assert_fails(
		radioembo_lesion_set_tnr_from_counts_density(lesion, 0.0, 91377.2, 1402.6, 1.04),
		RADIOEMBO_EINVAL, "tumor_counts");
	assert_fails(radioembo_lesion_set_tnr_from_counts_density(lesion, 1e300, 1e-300, 1.0, 1.04),
		     RADIOEMBO_ERANGE, "tnr");

	/* target dose */
	assert_fails(radioembo_lesion_set_target_dose_gy(lesion, 0.0), RADIOEMBO_EINVAL,
		     "target_dose_gy");
	assert_fails(radioembo_lesion_set_target_dose_gy(lesion, -205.3), RADIOEMBO_EINVAL,
		     "target_dose_gy");
	assert_fails(radioembo_lesion_set_target_dose_gy(lesion, INFINITY), RADIOEMBO_EINVAL,
		     "target_dose_gy");

	/* outputs untouched and the lesion unchanged by every failed call */
	assert_true(out == TEST_SENTINEL);
	assert_ok(radioembo_lesion_get_volume_ml(lesion, &value));
	assert_close(value, 23.85, 0.0);
	assert_ok(radioembo_lesion_get_density_g_per_ml(lesion, &value));
	assert_close(value, 1.047, 0.0);
	assert_ok(radioembo_lesion_get_tnr(lesion, &value));
	assert_close(value, 3.719, 0.0);
	assert_ok(radioembo_lesion_get_target_dose_gy(lesion, &value));
	assert_close(value, 205.3, 0.0);
	radioembo_lesion_free(lesion);
}

static void test_lesion_allocation_failures_leave_no_leak(void **state)
{
	radioembo_lesion *const sentinel = SENTINEL_LESION, *lesion = NULL, *copy;
	long n;
	int rc;

	(void)state;
	/* new: the object, then its label */
	for (n = 0;; n++) {
		radioembo_lesion *made = sentinel;

		alloc_failure_countdown = n;
		rc = radioembo_lesion_new("segment 2", 8.417, &made);
		if (rc == RADIOEMBO_OK) {
			lesion = made;
			break;
		}
		assert_fails(rc, RADIOEMBO_ENOMEM, "out of memory");
		assert_ptr_equal(made, sentinel);
	}
	assert_int_equal(n, 2);
	alloc_failure_countdown = -1; /* the last call did not use up its countdown */
	/* copy */
	for (n = 0;; n++) {
		copy = sentinel;
		alloc_failure_countdown = n;
		rc = radioembo_lesion_copy(lesion, &copy);
		if (rc == RADIOEMBO_OK)
			break;
		assert_fails(rc, RADIOEMBO_ENOMEM, "out of memory");
		assert_ptr_equal(copy, sentinel);
	}
	assert_int_equal(n, 2);
	alloc_failure_countdown = -1;
	radioembo_lesion_free(copy);
	/* set_label keeps the old label when the new one cannot be copied */
	alloc_failure_countdown = 0;
	assert_fails(radioembo_lesion_set_label(lesion, "segment 3"), RADIOEMBO_ENOMEM, "label");
	assert_string_equal(radioembo_lesion_label(lesion), "segment 2");
	alloc_failure_countdown = -1;
	radioembo_lesion_free(lesion);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_lesion_new_has_label_volume_and_unset_fields),
		TEST(test_lesion_keeps_a_copy_of_its_label),
		TEST(test_lesion_setters_and_getters_round_trip),
		TEST(test_lesion_tnr_from_counts_hand_computed),
		TEST(test_lesion_tnr_from_counts_density_hand_computed),
		TEST(test_lesion_copy_is_deep_and_independent),
		TEST(test_lesion_rejects_invalid_arguments),
		TEST(test_lesion_allocation_failures_leave_no_leak),
	};
	return cmocka_run_group_tests_name("lesion", tests, NULL, NULL);
}
