/*
 * clinical module: Child-Pugh (with its band edges and variants) and ALBI against golden
 * tables, the eligibility reasons for each criterion and product kind, the systemic-therapy
 * window, and every error path (allocation failures too, see alloc_failure.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "alloc_failure.h" /* first: it replaces the library's allocator */

#include <math.h>
#include <string.h>

#include "testutil.h"

static char sentinel_storage;
#define SENTINEL_SELECTION ((radioembo_selection *)(void *)&sentinel_storage)
#define SENTINEL_ELIGIBILITY ((radioembo_eligibility *)(void *)&sentinel_storage)
#define SENTINEL_INT 777777
#define SENTINEL_SIZE ((size_t)777777)
#define SENTINEL_S INT64_C(-777777777)

/* ---- Child-Pugh and ALBI --------------------------------------------------------------- */

static void test_clinical_child_pugh_golden(void **state)
{
	struct golden_table *table = golden_load("child_pugh.csv", 9);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double bilirubin = golden_value(table, row, 0), albumin = golden_value(table, row, 1);
		double inr = golden_value(table, row, 2), cutoff = golden_value(table, row, 5);
		radioembo_ascites ascites = (radioembo_ascites)golden_value(table, row, 3);
		radioembo_encephalopathy encephalopathy =
			(radioembo_encephalopathy)golden_value(table, row, 4);
		int cholestatic = (int)golden_value(table, row, 6), score = SENTINEL_INT;
		radioembo_child_pugh_class cls = (radioembo_child_pugh_class)SENTINEL_INT;

		assert_ok(radioembo_child_pugh_score_variant(bilirubin, albumin, inr, ascites,
							     encephalopathy, cutoff, cholestatic,
							     &score, &cls));
		assert_int_equal(score, (int)golden_value(table, row, 7));
		assert_int_equal(cls, (int)golden_value(table, row, 8));
		if (cutoff == 2.8 && cholestatic == 0) {
			/* the standard bands are the contract function's */
			score = SENTINEL_INT;
			assert_ok(radioembo_child_pugh_score(bilirubin, albumin, inr, ascites,
							     encephalopathy, &score, &cls));
			assert_int_equal(score, (int)golden_value(table, row, 7));
			assert_int_equal(cls, (int)golden_value(table, row, 8));
		}
	}
	golden_free(table);
}

static void test_clinical_albi_golden(void **state)
{
	struct golden_table *table = golden_load("albi.csv", 4);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double score = TEST_SENTINEL;
		int grade = SENTINEL_INT;

		assert_ok(radioembo_albi_score(golden_value(table, row, 0),
					       golden_value(table, row, 1), &score, &grade));
		assert_close(score, golden_value(table, row, 2), 1e-14);
		assert_int_equal(grade, (int)golden_value(table, row, 3));
	}
	golden_free(table);
}

static void test_clinical_albi_convention_golden(void **state)
{
	struct golden_table *table = golden_load("albi_convention.csv", 5);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double score = TEST_SENTINEL;
		int grade = SENTINEL_INT;

		assert_ok(radioembo_albi_score_variant(
			golden_value(table, row, 0), golden_value(table, row, 1),
			(radioembo_albi_convention)golden_value(table, row, 2), &score, &grade));
		assert_close(score, golden_value(table, row, 3), 1e-14);
		assert_int_equal(grade, (int)golden_value(table, row, 4));
	}
	golden_free(table);
}

/* radioembo_albi_score() is the Johnson 2015 convention, bit for bit. */
static void test_clinical_albi_default_is_johnson_2015(void **state)
{
	double plain = TEST_SENTINEL, variant = TEST_SENTINEL;
	int plain_grade = SENTINEL_INT, variant_grade = SENTINEL_INT;

	(void)state;
	assert_ok(radioembo_albi_score(33.87, 31.6, &plain, &plain_grade));
	assert_ok(radioembo_albi_score_variant(33.87, 31.6, RADIOEMBO_ALBI_JOHNSON_2015, &variant,
					       &variant_grade));
	assert_true(plain == variant);
	assert_int_equal(plain_grade, variant_grade);
}

static void test_clinical_albi_variant_rejects_invalid_arguments(void **state)
{
	double albi = TEST_SENTINEL;
	int grade = SENTINEL_INT;

	(void)state;
	assert_fails(radioembo_albi_score_variant(20.52, 35.0, (radioembo_albi_convention)0, &albi,
						  &grade),
		     RADIOEMBO_EINVAL,
		     "convention must be a radioembo_albi_convention value (1..2), got 0");
	assert_fails(radioembo_albi_score_variant(20.52, 35.0, (radioembo_albi_convention)3, &albi,
						  &grade),
		     RADIOEMBO_EINVAL, "convention");
	assert_fails(radioembo_albi_score_variant(0.0, 35.0, RADIOEMBO_ALBI_COEFFICIENT_0852, &albi,
						  &grade),
		     RADIOEMBO_EINVAL, "bilirubin_umol_l");
	assert_fails(radioembo_albi_score_variant(20.52, 100.5, RADIOEMBO_ALBI_COEFFICIENT_0852,
						  &albi, &grade),
		     RADIOEMBO_EINVAL, "albumin_g_l");
	assert_true(albi == TEST_SENTINEL);
	assert_int_equal(grade, SENTINEL_INT);
}

static void test_clinical_scores_reject_invalid_arguments(void **state)
{
	radioembo_child_pugh_class cls = (radioembo_child_pugh_class)SENTINEL_INT;
	double albi = TEST_SENTINEL;
	int score = SENTINEL_INT, grade = SENTINEL_INT;

	(void)state;
	assert_fails(radioembo_child_pugh_score(-1.2, 3.8, 1.1, 0, 0, &score, &cls),
		     RADIOEMBO_EINVAL, "bilirubin_mg_dl");
	assert_fails(radioembo_child_pugh_score(INFINITY, 3.8, 1.1, 0, 0, &score, &cls),
		     RADIOEMBO_EINVAL, "bilirubin_mg_dl");
	assert_fails(radioembo_child_pugh_score(1.2, -3.8, 1.1, 0, 0, &score, &cls),
		     RADIOEMBO_EINVAL, "albumin_g_dl");
	/* g/L by mistake */
	assert_fails(radioembo_child_pugh_score(1.2, 38.0, 1.1, 0, 0, &score, &cls),
		     RADIOEMBO_EINVAL, "albumin_g_dl");
	assert_fails(radioembo_child_pugh_score(1.2, 3.8, 0.0, 0, 0, &score, &cls),
		     RADIOEMBO_EINVAL, "inr");
	assert_fails(radioembo_child_pugh_score(1.2, 3.8, INFINITY, 0, 0, &score, &cls),
		     RADIOEMBO_EINVAL, "inr");
	assert_fails(radioembo_child_pugh_score(1.2, 3.8, 1.1, (radioembo_ascites)-1, 0, &score,
						&cls),
		     RADIOEMBO_EINVAL, "ascites");
	assert_fails(radioembo_child_pugh_score(1.2, 3.8, 1.1, (radioembo_ascites)3, 0, &score,
						&cls),
		     RADIOEMBO_EINVAL, "ascites");
	assert_fails(radioembo_child_pugh_score(1.2, 3.8, 1.1, 0, (radioembo_encephalopathy)3,
						&score, &cls),
		     RADIOEMBO_EINVAL, "encephalopathy");
	assert_fails(radioembo_child_pugh_score(1.2, 3.8, 1.1, 0, (radioembo_encephalopathy)-1,
						&score, &cls),
		     RADIOEMBO_EINVAL, "encephalopathy");
	assert_fails(radioembo_child_pugh_score_variant(1.2, 3.8, 1.1, 0, 0, 3.5, 0, &score, &cls),
		     RADIOEMBO_EINVAL, "albumin_cutoff_g_dl");
	assert_fails(radioembo_child_pugh_score_variant(1.2, 3.8, 1.1, 0, 0, 0.0, 0, &score, &cls),
		     RADIOEMBO_EINVAL, "albumin_cutoff_g_dl");
	assert_fails(radioembo_child_pugh_score_variant(1.2, 3.8, 1.1, 0, 0, 3.0, 2, &score, &cls),
		     RADIOEMBO_EINVAL, "cholestatic");
	assert_fails(radioembo_child_pugh_score_variant(1.2, 3.8, 1.1, 0, 0, 3.0, -1, &score,
							&cls),
		     RADIOEMBO_EINVAL, "cholestatic");
	assert_int_equal(score, SENTINEL_INT);
	assert_int_equal(cls, SENTINEL_INT);

	assert_fails(radioembo_albi_score(0.0, 35.0, &albi, &grade), RADIOEMBO_EINVAL,
		     "bilirubin_umol_l");
	assert_fails(radioembo_albi_score(-20.52, 35.0, &albi, &grade), RADIOEMBO_EINVAL,
		     "bilirubin_umol_l");
	assert_fails(radioembo_albi_score(INFINITY, 35.0, &albi, &grade), RADIOEMBO_EINVAL,
		     "bilirubin_umol_l");
	assert_fails(radioembo_albi_score(20.52, -35.0, &albi, &grade), RADIOEMBO_EINVAL,
		     "albumin_g_l");
	assert_fails(radioembo_albi_score(20.52, 350.0, &albi, &grade), RADIOEMBO_EINVAL,
		     "albumin_g_l");
	assert_true(albi == TEST_SENTINEL);
	assert_int_equal(grade, SENTINEL_INT);
}

/* ---- eligibility ----------------------------------------------------------------------- */

/* The reason for criterion (one per criterion, in enum order) has this severity and says
 * needle. */
static void assert_reason(const radioembo_eligibility *eligibility,
			  radioembo_eligibility_criterion criterion,
			  radioembo_eligibility_severity severity, const char *needle)
{
	radioembo_eligibility_criterion got_criterion;
	radioembo_eligibility_severity got_severity;
	size_t index = (size_t)criterion - 1;
	const char *message;

	assert_ok(radioembo_eligibility_get_reason(eligibility, index, &got_criterion,
						   &got_severity));
	message = radioembo_eligibility_reason_message(eligibility, index);
	assert_non_null(message);
	if (got_criterion != criterion || got_severity != severity ||
	    strstr(message, needle) == NULL)
		fail_msg("reason %zu: criterion %d severity %d \"%s\"; expected criterion %d "
			 "severity %d mentioning \"%s\"",
			 index, (int)got_criterion, (int)got_severity, message, (int)criterion,
			 (int)severity, needle);
}

static void assert_worst(const radioembo_eligibility *eligibility,
			 radioembo_eligibility_severity expected)
{
	radioembo_eligibility_severity worst = (radioembo_eligibility_severity)SENTINEL_INT;

	assert_ok(radioembo_eligibility_worst_severity(eligibility, &worst));
	assert_int_equal(worst, expected);
}

static radioembo_eligibility *evaluate(const radioembo_selection *selection,
				       const char *product_name)
{
	radioembo_product *product;
	radioembo_eligibility *eligibility;
	size_t count = SENTINEL_SIZE;

	assert_ok(radioembo_product_new_builtin(product_name, &product));
	assert_ok(radioembo_eligibility_evaluate(selection, product, &eligibility));
	/* the eligibility does not depend on the product */
	radioembo_product_free(product);
	assert_ok(radioembo_eligibility_reason_count(eligibility, &count));
	assert_int_equal(count, 10);
	return eligibility;
}

static void test_clinical_eligibility_unknown_inputs_are_not_assessed(void **state)
{
	radioembo_selection *selection;
	radioembo_eligibility *eligibility;
	size_t i;

	(void)state;
	assert_ok(radioembo_selection_new(&selection));
	eligibility = evaluate(selection, "TheraSphere");
	for (i = 1; i <= 10; i++)
		assert_reason(eligibility, (radioembo_eligibility_criterion)i,
			      RADIOEMBO_ELIGIBILITY_NOT_ASSESSED, "not assessed");
	/* unknown is never "eligible" */
	assert_worst(eligibility, RADIOEMBO_ELIGIBILITY_NOT_ASSESSED);
	radioembo_eligibility_free(eligibility);
	radioembo_selection_free(selection);
}

/* A glass candidate who meets every criterion. */
static radioembo_selection *good_candidate(void)
{
	radioembo_selection *selection;

	assert_ok(radioembo_selection_new(&selection));
	assert_ok(radioembo_selection_set_child_pugh(selection, RADIOEMBO_CHILD_PUGH_A, 5));
	assert_ok(radioembo_selection_set_ecog(selection, 0));
	assert_ok(radioembo_selection_set_bilirubin_mg_dl(selection, 0.87));
	assert_ok(radioembo_selection_set_albumin_g_dl(selection, 3.94));
	assert_ok(radioembo_selection_set_ast_uln_ratio(selection, 1.23));
	assert_ok(radioembo_selection_set_alt_uln_ratio(selection, 0.91));
	assert_ok(radioembo_selection_set_tumor_fraction(selection, 0.237));
	assert_ok(radioembo_selection_set_lsf(selection, 0.0512));
	assert_ok(radioembo_selection_set_lung_activity_gbq(selection, 0.213));
	assert_ok(radioembo_selection_set_lung_dose_gy(selection, 10.65, 10.65));
	return selection;
}

static void test_clinical_eligibility_good_candidate(void **state)
{
	radioembo_selection *selection = good_candidate();
	radioembo_eligibility *eligibility = evaluate(selection, "TheraSphere");

	(void)state;
	assert_reason(eligibility, RADIOEMBO_CRITERION_CHILD_PUGH, RADIOEMBO_ELIGIBILITY_OK,
		      "Child-Pugh A5: eligible (A or selected B7; Hall");
	assert_reason(eligibility, RADIOEMBO_CRITERION_ECOG, RADIOEMBO_ELIGIBILITY_OK,
		      "ECOG 0: eligible (0-1; Hall");
	assert_reason(eligibility, RADIOEMBO_CRITERION_BILIRUBIN, RADIOEMBO_ELIGIBILITY_OK,
		      "bilirubin 0.87 mg/dL <= 2 mg/dL");
	assert_reason(eligibility, RADIOEMBO_CRITERION_LUNG_SHUNT, RADIOEMBO_ELIGIBILITY_OK,
		      "lung activity and lung dose decide");
	/* TheraSphere: 0.61 GBq, 30 Gy, 50 Gy (radioembo_product(3)) */
	assert_reason(eligibility, RADIOEMBO_CRITERION_LUNG_ACTIVITY, RADIOEMBO_ELIGIBILITY_OK,
		      "lung activity 0.213 GBq <= limit 0.61 GBq of product \"TheraSphere\"");
	assert_reason(eligibility, RADIOEMBO_CRITERION_LUNG_DOSE_SESSION,
		      RADIOEMBO_ELIGIBILITY_OK, "10.65 Gy <= limit 30 Gy");
	assert_reason(eligibility, RADIOEMBO_CRITERION_LUNG_DOSE_CUMULATIVE,
		      RADIOEMBO_ELIGIBILITY_OK, "10.65 Gy <= limit 50 Gy");
	assert_reason(eligibility, RADIOEMBO_CRITERION_TUMOR_REPLACEMENT,
		      RADIOEMBO_ELIGIBILITY_OK, "tumour replacement 0.237 <= 0.70");
	assert_reason(eligibility, RADIOEMBO_CRITERION_TRANSAMINASES, RADIOEMBO_ELIGIBILITY_OK,
		      "AST 1.23 and ALT 0.91 x ULN <= 5 x ULN");
	assert_reason(eligibility, RADIOEMBO_CRITERION_TUMOR_VOLUME_ALBUMIN,
		      RADIOEMBO_ELIGIBILITY_OK, "tumour volume 0.237 <= 0.50");
	assert_worst(eligibility, RADIOEMBO_ELIGIBILITY_OK);
	radioembo_eligibility_free(eligibility);
	radioembo_selection_free(selection);
}

static void test_clinical_eligibility_glass_contraindications(void **state)
{
	radioembo_selection *selection;
	radioembo_eligibility *eligibility;

	(void)state;
	assert_ok(radioembo_selection_new(&selection));
	assert_ok(radioembo_selection_set_child_pugh(selection, RADIOEMBO_CHILD_PUGH_C, 11));
	assert_ok(radioembo_selection_set_ecog(selection, 3));
	assert_ok(radioembo_selection_set_bilirubin_mg_dl(selection, 2.74));
	assert_ok(radioembo_selection_set_albumin_g_dl(selection, 2.71));
	assert_ok(radioembo_selection_set_ast_uln_ratio(selection, 5.37));
	assert_ok(radioembo_selection_set_tumor_fraction(selection, 0.743));
	assert_ok(radioembo_selection_set_lsf(selection, 0.187));
	assert_ok(radioembo_selection_set_lung_activity_gbq(selection, 0.732));
	assert_ok(radioembo_selection_set_lung_dose_gy(selection, 36.6, 55.2));
	eligibility = evaluate(selection, "glass");
	assert_reason(eligibility, RADIOEMBO_CRITERION_CHILD_PUGH,
		      RADIOEMBO_ELIGIBILITY_CONTRAINDICATION,
		      "Child-Pugh C11: severe liver dysfunction (TheraSphere IFU");
	assert_reason(eligibility, RADIOEMBO_CRITERION_ECOG,
		      RADIOEMBO_ELIGIBILITY_CONTRAINDICATION,
		      "ECOG 3: > 2 (TheraSphere IFU contraindication");
	assert_reason(eligibility, RADIOEMBO_CRITERION_BILIRUBIN, RADIOEMBO_ELIGIBILITY_WARNING,
		      "bilirubin 2.74 mg/dL > 2 mg/dL (TheraSphere IFU warning");
	/* glass: the LSF itself is not a criterion */
	assert_reason(eligibility, RADIOEMBO_CRITERION_LUNG_SHUNT, RADIOEMBO_ELIGIBILITY_OK,
		      "lung shunt fraction 0.187");
	assert_reason(eligibility, RADIOEMBO_CRITERION_LUNG_ACTIVITY,
		      RADIOEMBO_ELIGIBILITY_CONTRAINDICATION,
		      "lung activity 0.732 GBq > limit 0.61 GBq");
	assert_reason(eligibility, RADIOEMBO_CRITERION_LUNG_DOSE_SESSION,
		      RADIOEMBO_ELIGIBILITY_CONTRAINDICATION, "36.6 Gy > limit 30 Gy");
	assert_reason(eligibility, RADIOEMBO_CRITERION_LUNG_DOSE_CUMULATIVE,
		      RADIOEMBO_ELIGIBILITY_CONTRAINDICATION, "55.2 Gy > limit 50 Gy");
	assert_reason(eligibility, RADIOEMBO_CRITERION_TUMOR_REPLACEMENT,
		      RADIOEMBO_ELIGIBILITY_CONTRAINDICATION,
		      "tumour replacement 0.743 > 0.70 (TheraSphere IFU contraindication)");
	/* AST over 5 x ULN decides even with ALT unknown */
	assert_reason(eligibility, RADIOEMBO_CRITERION_TRANSAMINASES,
		      RADIOEMBO_ELIGIBILITY_WARNING, "AST 5.37 x ULN > 5 x ULN");
	assert_reason(eligibility, RADIOEMBO_CRITERION_TUMOR_VOLUME_ALBUMIN,
		      RADIOEMBO_ELIGIBILITY_WARNING,
		      "tumour volume 0.743 > 0.50 of the liver with albumin 2.71 g/dL < 3 g/dL");
	assert_worst(eligibility, RADIOEMBO_ELIGIBILITY_CONTRAINDICATION);
	radioembo_eligibility_free(eligibility);
	radioembo_selection_free(selection);
}

static void test_clinical_eligibility_resin_and_edges(void **state)
{
	radioembo_selection *selection;
	radioembo_eligibility *eligibility;

	(void)state;
	assert_ok(radioembo_selection_new(&selection));
	/* B7: selected patients only; ECOG 2: outside 0-1 but not an IFU contraindication */
	assert_ok(radioembo_selection_set_child_pugh(selection, RADIOEMBO_CHILD_PUGH_B, 7));
	assert_ok(radioembo_selection_set_ecog(selection, 2));
	/* every cut-off exactly: > 2 mg/dL, > 0.20, > 0.70, > 5 x ULN, > 0.50 are strict */
	assert_ok(radioembo_selection_set_bilirubin_mg_dl(selection, 2.0));
	assert_ok(radioembo_selection_set_lsf(selection, 0.20));
	assert_ok(radioembo_selection_set_ast_uln_ratio(selection, 5.0));
	assert_ok(radioembo_selection_set_alt_uln_ratio(selection, 5.0));
	assert_ok(radioembo_selection_set_tumor_fraction(selection, 0.5));
	/* the resin session limit, 25 Gy [M], exactly */
	assert_ok(radioembo_selection_set_lung_dose_gy(selection, 25.0, 25.0));
	assert_ok(radioembo_selection_set_lung_activity_gbq(selection, 0.5032));
	eligibility = evaluate(selection, "SIR-Spheres");
	assert_reason(eligibility, RADIOEMBO_CRITERION_CHILD_PUGH, RADIOEMBO_ELIGIBILITY_WARNING,
		      "Child-Pugh B7: selected patients only");
	assert_reason(eligibility, RADIOEMBO_CRITERION_ECOG, RADIOEMBO_ELIGIBILITY_WARNING,
		      "ECOG 2: outside 0-1");
	assert_reason(eligibility, RADIOEMBO_CRITERION_BILIRUBIN, RADIOEMBO_ELIGIBILITY_OK,
		      "bilirubin 2 mg/dL <= 2 mg/dL");
	assert_reason(eligibility, RADIOEMBO_CRITERION_LUNG_SHUNT, RADIOEMBO_ELIGIBILITY_OK,
		      "lung shunt fraction 0.2 <= 0.20 (SIR-Spheres");
	/* SIR-Spheres sets no lung activity limit */
	assert_reason(eligibility, RADIOEMBO_CRITERION_LUNG_ACTIVITY, RADIOEMBO_ELIGIBILITY_OK,
		      "product \"SIR-Spheres\" sets no limit");
	assert_reason(eligibility, RADIOEMBO_CRITERION_LUNG_DOSE_SESSION,
		      RADIOEMBO_ELIGIBILITY_OK, "25 Gy <= limit 25 Gy");
	assert_reason(eligibility, RADIOEMBO_CRITERION_TUMOR_REPLACEMENT,
		      RADIOEMBO_ELIGIBILITY_OK, "tumour replacement 0.5 <= 0.70");
	assert_reason(eligibility, RADIOEMBO_CRITERION_TRANSAMINASES, RADIOEMBO_ELIGIBILITY_OK,
		      "AST 5 and ALT 5 x ULN <= 5 x ULN");
	assert_reason(eligibility, RADIOEMBO_CRITERION_TUMOR_VOLUME_ALBUMIN,
		      RADIOEMBO_ELIGIBILITY_OK, "tumour volume 0.5 <= 0.50");
	assert_worst(eligibility, RADIOEMBO_ELIGIBILITY_WARNING);
	radioembo_eligibility_free(eligibility);

	/* just over: resin LSF > 20 % is a contraindication; > 70 % replacement a warning
	 * outside glass; B8 is outside A or selected B7 */
	assert_ok(radioembo_selection_set_child_pugh(selection, RADIOEMBO_CHILD_PUGH_B, 8));
	assert_ok(radioembo_selection_set_lsf(selection, 0.2347));
	assert_ok(radioembo_selection_set_tumor_fraction(selection, 0.7012));
	assert_ok(radioembo_selection_set_albumin_g_dl(selection, 3.0));
	assert_ok(radioembo_selection_set_alt_uln_ratio(selection, 6.25));
	assert_ok(radioembo_selection_set_ast_uln_ratio(selection, 2.5));
	eligibility = evaluate(selection, "resin");
	assert_reason(eligibility, RADIOEMBO_CRITERION_CHILD_PUGH,
		      RADIOEMBO_ELIGIBILITY_CONTRAINDICATION,
		      "Child-Pugh B8: outside A or selected B7");
	assert_reason(eligibility, RADIOEMBO_CRITERION_LUNG_SHUNT,
		      RADIOEMBO_ELIGIBILITY_CONTRAINDICATION,
		      "lung shunt fraction 0.2347 > 0.20 (SIR-Spheres US labelling");
	assert_reason(eligibility, RADIOEMBO_CRITERION_TUMOR_REPLACEMENT,
		      RADIOEMBO_ELIGIBILITY_WARNING, "applied as a warning to other products");
	assert_reason(eligibility, RADIOEMBO_CRITERION_TRANSAMINASES,
		      RADIOEMBO_ELIGIBILITY_WARNING, "ALT 6.25 x ULN > 5 x ULN");
	/* albumin exactly 3 g/dL is not "< 3 g/dL" */
	assert_reason(eligibility, RADIOEMBO_CRITERION_TUMOR_VOLUME_ALBUMIN,
		      RADIOEMBO_ELIGIBILITY_OK, "albumin 3 g/dL >= 3 g/dL");
	assert_worst(eligibility, RADIOEMBO_ELIGIBILITY_CONTRAINDICATION);
	radioembo_eligibility_free(eligibility);
	radioembo_selection_free(selection);
}

static void test_clinical_eligibility_partial_inputs(void **state)
{
	radioembo_selection *selection;
	radioembo_eligibility *eligibility;
	radioembo_product *product;

	(void)state;
	assert_ok(radioembo_selection_new(&selection));
	assert_ok(radioembo_selection_set_ast_uln_ratio(selection, 3.12));
	assert_ok(radioembo_selection_set_tumor_fraction(selection, 0.613));
	assert_ok(radioembo_selection_set_lung_dose_gy(selection, 12.4, 31.9));
	assert_ok(radioembo_selection_set_lung_activity_gbq(selection, 0.25));
	/* a site product with no lung limits at all */
	assert_ok(radioembo_product_new_custom("site microspheres", RADIOEMBO_NUCLIDE_Y90,
					       &product));
	assert_ok(radioembo_eligibility_evaluate(selection, product, &eligibility));
	radioembo_product_free(product);
	assert_reason(eligibility, RADIOEMBO_CRITERION_TRANSAMINASES,
		      RADIOEMBO_ELIGIBILITY_NOT_ASSESSED,
		      "AST 3.12 x ULN <= 5 x ULN, ALT not given: not assessed");
	assert_reason(eligibility, RADIOEMBO_CRITERION_TUMOR_VOLUME_ALBUMIN,
		      RADIOEMBO_ELIGIBILITY_NOT_ASSESSED,
		      "tumour volume 0.613 > 0.50 of the liver, albumin not given");
	assert_reason(eligibility, RADIOEMBO_CRITERION_LUNG_ACTIVITY, RADIOEMBO_ELIGIBILITY_OK,
		      "product \"site microspheres\" sets no limit");
	assert_reason(eligibility, RADIOEMBO_CRITERION_LUNG_DOSE_SESSION,
		      RADIOEMBO_ELIGIBILITY_OK, "sets no limit");
	assert_reason(eligibility, RADIOEMBO_CRITERION_LUNG_DOSE_CUMULATIVE,
		      RADIOEMBO_ELIGIBILITY_OK, "cumulative lung dose 31.9 Gy");
	assert_worst(eligibility, RADIOEMBO_ELIGIBILITY_NOT_ASSESSED);
	radioembo_eligibility_free(eligibility);

	/* only ALT, over the cut-off: a warning without AST */
	radioembo_selection_free(selection);
	assert_ok(radioembo_selection_new(&selection));
	assert_ok(radioembo_selection_set_alt_uln_ratio(selection, 7.8));
	eligibility = evaluate(selection, "QuiremSpheres");
	assert_reason(eligibility, RADIOEMBO_CRITERION_TRANSAMINASES,
		      RADIOEMBO_ELIGIBILITY_WARNING, "ALT 7.8 x ULN > 5 x ULN");
	assert_worst(eligibility, RADIOEMBO_ELIGIBILITY_WARNING);
	radioembo_eligibility_free(eligibility);
	radioembo_selection_free(selection);
}

static void test_clinical_selection_copy_is_independent(void **state)
{
	radioembo_selection *selection = good_candidate(), *copy;
	radioembo_eligibility *eligibility;

	(void)state;
	assert_ok(radioembo_selection_copy(selection, &copy));
	assert_ok(radioembo_selection_set_ecog(selection, 4));
	radioembo_selection_free(selection);
	eligibility = evaluate(copy, "TheraSphere");
	/* the copy kept ECOG 0; the eligibility outlives the selection too */
	radioembo_selection_free(copy);
	assert_reason(eligibility, RADIOEMBO_CRITERION_ECOG, RADIOEMBO_ELIGIBILITY_OK, "ECOG 0");
	assert_worst(eligibility, RADIOEMBO_ELIGIBILITY_OK);
	radioembo_eligibility_free(eligibility);
	radioembo_eligibility_free(NULL);
	radioembo_selection_free(NULL);
}

static void test_clinical_selection_rejects_invalid_arguments(void **state)
{
	radioembo_selection *selection = good_candidate(), *made = SENTINEL_SELECTION;
	radioembo_eligibility *eligibility;

	(void)state;
	assert_ptr_equal(made, SENTINEL_SELECTION);
	assert_fails(radioembo_selection_set_child_pugh(selection, (radioembo_child_pugh_class)0,
							5),
		     RADIOEMBO_EINVAL, "child_pugh_class");
	assert_fails(radioembo_selection_set_child_pugh(selection, (radioembo_child_pugh_class)4,
							12),
		     RADIOEMBO_EINVAL, "child_pugh_class");
	assert_fails(radioembo_selection_set_child_pugh(selection, RADIOEMBO_CHILD_PUGH_A, 4),
		     RADIOEMBO_EINVAL, "score");
	assert_fails(radioembo_selection_set_child_pugh(selection, RADIOEMBO_CHILD_PUGH_C, 16),
		     RADIOEMBO_EINVAL, "score");
	/* inconsistent: A7 does not exist */
	assert_fails(radioembo_selection_set_child_pugh(selection, RADIOEMBO_CHILD_PUGH_A, 7),
		     RADIOEMBO_EINVAL, "score 7 is not in Child-Pugh class A");
	assert_fails(radioembo_selection_set_child_pugh(selection, RADIOEMBO_CHILD_PUGH_C, 9),
		     RADIOEMBO_EINVAL, "class C");
	assert_fails(radioembo_selection_set_ecog(selection, -1), RADIOEMBO_EINVAL, "ecog");
	assert_fails(radioembo_selection_set_ecog(selection, 6), RADIOEMBO_EINVAL, "ecog");
	assert_fails(radioembo_selection_set_bilirubin_mg_dl(selection, -0.87), RADIOEMBO_EINVAL,
		     "bilirubin_mg_dl");
	assert_fails(radioembo_selection_set_albumin_g_dl(selection, 39.4), RADIOEMBO_EINVAL,
		     "albumin_g_dl");
	assert_fails(radioembo_selection_set_albumin_g_dl(selection, INFINITY), RADIOEMBO_EINVAL,
		     "albumin_g_dl");
	assert_fails(radioembo_selection_set_ast_uln_ratio(selection, -1.23), RADIOEMBO_EINVAL,
		     "ast_uln_ratio");
	/* a percentage by mistake */
	assert_fails(radioembo_selection_set_tumor_fraction(selection, 23.7), RADIOEMBO_EINVAL,
		     "tumor_fraction");
	assert_fails(radioembo_selection_set_tumor_fraction(selection, -0.1), RADIOEMBO_EINVAL,
		     "tumor_fraction");
	assert_fails(radioembo_selection_set_lsf(selection, 5.12), RADIOEMBO_EINVAL, "lsf");
	assert_fails(radioembo_selection_set_lung_activity_gbq(selection, -0.213),
		     RADIOEMBO_EINVAL, "lung_activity_gbq");
	assert_fails(radioembo_selection_set_lung_activity_gbq(selection, INFINITY),
		     RADIOEMBO_EINVAL, "lung_activity_gbq");
	assert_fails(radioembo_selection_set_lung_dose_gy(selection, -10.65, 10.65),
		     RADIOEMBO_EINVAL, "session_gy");
	assert_fails(radioembo_selection_set_lung_dose_gy(selection, 10.65, 9.2),
		     RADIOEMBO_EINVAL, "cumulative_gy must be >= session_gy");
	/* the selection is unchanged by every failed call */
	eligibility = evaluate(selection, "TheraSphere");
	assert_worst(eligibility, RADIOEMBO_ELIGIBILITY_OK);
	assert_reason(eligibility, RADIOEMBO_CRITERION_LUNG_DOSE_SESSION,
		      RADIOEMBO_ELIGIBILITY_OK, "10.65 Gy");
	radioembo_eligibility_free(eligibility);
	radioembo_selection_free(selection);
}

static void test_clinical_eligibility_rejects_invalid_arguments(void **state)
{
	radioembo_selection *selection = good_candidate();
	radioembo_eligibility *eligibility, *made = SENTINEL_ELIGIBILITY;
	radioembo_product *product;
	radioembo_eligibility_criterion criterion = (radioembo_eligibility_criterion)SENTINEL_INT;
	radioembo_eligibility_severity severity = (radioembo_eligibility_severity)SENTINEL_INT;
	size_t count = SENTINEL_SIZE;

	(void)state;
	assert_ok(radioembo_product_new_builtin("TheraSphere", &product));
	assert_ptr_equal(made, SENTINEL_ELIGIBILITY);
	assert_ok(radioembo_eligibility_evaluate(selection, product, &eligibility));
	assert_fails(radioembo_eligibility_get_reason(eligibility, 10, &criterion, &severity),
		     RADIOEMBO_EINVAL, "index");
	assert_fails(radioembo_eligibility_get_reason(eligibility, SIZE_MAX, &criterion,
						      &severity),
		     RADIOEMBO_EINVAL, "index");
	assert_null(radioembo_eligibility_reason_message(NULL, 0));
	assert_null(radioembo_eligibility_reason_message(eligibility, 10));
	assert_int_equal(count, SENTINEL_SIZE);
	assert_int_equal(criterion, SENTINEL_INT);
	assert_int_equal(severity, SENTINEL_INT);
	radioembo_eligibility_free(eligibility);
	radioembo_product_free(product);
	radioembo_selection_free(selection);
}

static void test_clinical_allocation_failures_leave_no_leak(void **state)
{
	radioembo_selection *selection = good_candidate(), *made = SENTINEL_SELECTION;
	radioembo_eligibility *eligibility = SENTINEL_ELIGIBILITY;
	radioembo_product *product;

	(void)state;
	assert_ok(radioembo_product_new_builtin("TheraSphere", &product));
	alloc_failure_countdown = 0;
	assert_fails(radioembo_selection_new(&made), RADIOEMBO_ENOMEM, "a selection");
	alloc_failure_countdown = 0;
	assert_fails(radioembo_selection_copy(selection, &made), RADIOEMBO_ENOMEM, "a selection");
	assert_ptr_equal(made, SENTINEL_SELECTION);
	alloc_failure_countdown = 0;
	assert_fails(radioembo_eligibility_evaluate(selection, product, &eligibility),
		     RADIOEMBO_ENOMEM, "an eligibility");
	assert_ptr_equal(eligibility, SENTINEL_ELIGIBILITY);
	alloc_failure_countdown = -1;
	radioembo_product_free(product);
	radioembo_selection_free(selection);
}

/* ---- systemic therapy window ----------------------------------------------------------- */

static void test_clinical_systemic_therapy_window(void **state)
{
	/* 2026-03-14T09:30:00Z; +14 d 2026-03-28T09:30:00Z, +28 d 2026-04-11T09:30:00Z
	 * (python3 calendar.timegm) */
	int64_t start = SENTINEL_S, end = SENTINEL_S;

	(void)state;
	assert_ok(radioembo_systemic_therapy_window(INT64_C(1773480600),
						    RADIOEMBO_SYSTEMIC_SEQUENTIAL, &start, &end));
	assert_true(start == INT64_C(1774690200));
	assert_true(end == INT64_C(1775899800));
	assert_ok(radioembo_systemic_therapy_window(INT64_C(1773480600),
						    RADIOEMBO_SYSTEMIC_CONCURRENT, &start, &end));
	assert_true(start == INT64_C(1773480600));
	assert_true(end == INT64_C(1773480600));
	/* before the epoch, and the last instant the library handles (9999-12-31T23:59:59Z) */
	assert_ok(radioembo_systemic_therapy_window(INT64_C(-86400), RADIOEMBO_SYSTEMIC_SEQUENTIAL,
						    &start, &end));
	assert_true(start == INT64_C(13) * 86400 && end == INT64_C(27) * 86400);
	assert_ok(radioembo_systemic_therapy_window(INT64_C(253402300799),
						    RADIOEMBO_SYSTEMIC_SEQUENTIAL, &start, &end));
	assert_true(end == INT64_C(253402300799) + INT64_C(28) * 86400);
	assert_ok(radioembo_systemic_therapy_window(INT64_C(253402300799),
						    RADIOEMBO_SYSTEMIC_CONCURRENT, &start, &end));
	assert_true(start == INT64_C(253402300799) && end == INT64_C(253402300799));
}

static void test_clinical_systemic_therapy_window_rejects_invalid(void **state)
{
	int64_t start = SENTINEL_S, end = SENTINEL_S;

	(void)state;
	assert_fails(radioembo_systemic_therapy_window(INT64_C(1773480600),
						       (radioembo_systemic_sequencing)0, &start,
						       &end),
		     RADIOEMBO_EINVAL, "sequencing");
	assert_fails(radioembo_systemic_therapy_window(INT64_C(1773480600),
						       (radioembo_systemic_sequencing)3, &start,
						       &end),
		     RADIOEMBO_EINVAL, "sequencing");
	assert_fails(radioembo_systemic_therapy_window(INT64_C(253402300800),
						       RADIOEMBO_SYSTEMIC_SEQUENTIAL, &start, &end),
		     RADIOEMBO_EINVAL, "treatment_s");
	assert_fails(radioembo_systemic_therapy_window(INT64_MIN, RADIOEMBO_SYSTEMIC_CONCURRENT,
						       &start, &end),
		     RADIOEMBO_EINVAL, "treatment_s");
	assert_true(start == SENTINEL_S && end == SENTINEL_S);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_clinical_child_pugh_golden),
		TEST(test_clinical_albi_golden),
		TEST(test_clinical_albi_convention_golden),
		TEST(test_clinical_albi_default_is_johnson_2015),
		TEST(test_clinical_albi_variant_rejects_invalid_arguments),
		TEST(test_clinical_scores_reject_invalid_arguments),
		TEST(test_clinical_eligibility_unknown_inputs_are_not_assessed),
		TEST(test_clinical_eligibility_good_candidate),
		TEST(test_clinical_eligibility_glass_contraindications),
		TEST(test_clinical_eligibility_resin_and_edges),
		TEST(test_clinical_eligibility_partial_inputs),
		TEST(test_clinical_selection_copy_is_independent),
		TEST(test_clinical_selection_rejects_invalid_arguments),
		TEST(test_clinical_eligibility_rejects_invalid_arguments),
		TEST(test_clinical_allocation_failures_leave_no_leak),
		TEST(test_clinical_systemic_therapy_window),
		TEST(test_clinical_systemic_therapy_window_rejects_invalid),
	};
	return cmocka_run_group_tests_name("clinical", tests, NULL, NULL);
}
