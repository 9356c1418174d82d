/*
 * Clinical scores for patient selection (radioembo-sources(7) CLINICAL, LIVER-FUNCTION;
 * radioembo_clinical(3)): Child-Pugh (Pugh 1973 with INR), ALBI (Johnson 2015) and the
 * systemic-therapy window of Hall et al. 2026. The selection object and its eligibility
 * criteria, which need a product, are in lib/planning/selection.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/internal.h"
#include "physics/scores.h"

/* ---- Child-Pugh ------------------------------------------------------------------------- */

/* Pugh 1973 with INR, radioembo-sources(7) LIVER-FUNCTION [V: CCJM Table 1, Harrison's, PMC3017746]. */
#define CP_BILIRUBIN_LOW_MG_DL 2.0
#define CP_BILIRUBIN_HIGH_MG_DL 3.0
#define CP_CHOLESTATIC_BILIRUBIN_LOW_MG_DL 4.0   /* PBC/PSC variant */
#define CP_CHOLESTATIC_BILIRUBIN_HIGH_MG_DL 10.0 /* PBC/PSC variant */
#define CP_ALBUMIN_LOW_G_DL 2.8                  /* 3.0 in Harrison's and PMC3017746 */
#define CP_ALBUMIN_HIGH_G_DL 3.5
#define CP_INR_LOW 1.7
#define CP_INR_HIGH 2.3
#define ALBUMIN_MAX_G_L 100.0

/*
 * Points for a quantity that is worse when high (bilirubin, INR). One rule for every edge
 * (radioembo-sources(7) LIVER-FUNCTION): the lower band excludes its edge, the middle band includes both edges:
 * value < low: 1; low <= value <= high: 2; value > high: 3.
 */
static int points_rising(double value, double low, double high)
{
	return value < low ? 1 : value <= high ? 2 : 3;
}

/* Points for a quantity that is worse when low (albumin): > high 1, [low, high] 2, < low 3. */
static int points_falling(double value, double low, double high)
{
	return value > high ? 1 : value >= low ? 2 : 3;
}

radioembo_child_pugh_class radioembo__child_pugh_class_of_score(int score)
{
	return score <= 6 ? RADIOEMBO_CHILD_PUGH_A
			  : score <= 9 ? RADIOEMBO_CHILD_PUGH_B : RADIOEMBO_CHILD_PUGH_C;
}

static int require_ascites(radioembo_ascites ascites)
{
	if ((int)ascites < RADIOEMBO_ASCITES_NONE ||
	    (int)ascites > RADIOEMBO_ASCITES_MODERATE_SEVERE)
		return radioembo__fail(RADIOEMBO_EINVAL, "ascites",
				       "ascites must be a radioembo_ascites value (0..2), got %d",
				       (int)ascites);
	return RADIOEMBO_OK;
}

static int require_encephalopathy(radioembo_encephalopathy encephalopathy)
{
	if ((int)encephalopathy < RADIOEMBO_ENCEPHALOPATHY_NONE ||
	    (int)encephalopathy > RADIOEMBO_ENCEPHALOPATHY_GRADE_3_4)
		return radioembo__fail(
			RADIOEMBO_EINVAL, "encephalopathy",
			"encephalopathy must be a radioembo_encephalopathy value (0..2), got %d",
			(int)encephalopathy);
	return RADIOEMBO_OK;
}

int radioembo_child_pugh_score_variant(double bilirubin_mg_dl, double albumin_g_dl, double inr,
				       radioembo_ascites ascites,
				       radioembo_encephalopathy encephalopathy,
				       double albumin_cutoff_g_dl, int cholestatic, int *score_out,
				       radioembo_child_pugh_class *class_out)
{
	int rc, score;

	if ((rc = radioembo__require_nonnegative("bilirubin_mg_dl", bilirubin_mg_dl)) ||
	    (rc = radioembo__require_within("albumin_g_dl", albumin_g_dl, 0.0,
					    RADIOEMBO__ALBUMIN_MAX_G_DL)) ||
	    (rc = radioembo__require_positive("inr", inr)) || (rc = require_ascites(ascites)) ||
	    (rc = require_encephalopathy(encephalopathy)) ||
	    (rc = radioembo__require_open_interval("albumin_cutoff_g_dl", albumin_cutoff_g_dl, 0.0,
						   CP_ALBUMIN_HIGH_G_DL)))
		return rc;
	if (cholestatic != 0 && cholestatic != 1)
		return radioembo__fail(RADIOEMBO_EINVAL, "cholestatic",
				       "cholestatic must be 0 or 1, got %d", cholestatic);
	if ((rc = radioembo__require_pointer("score_out", score_out)) ||
	    (rc = radioembo__require_pointer("class_out", class_out)))
		return rc;
	score = cholestatic ? points_rising(bilirubin_mg_dl, CP_CHOLESTATIC_BILIRUBIN_LOW_MG_DL,
					    CP_CHOLESTATIC_BILIRUBIN_HIGH_MG_DL)
			    : points_rising(bilirubin_mg_dl, CP_BILIRUBIN_LOW_MG_DL,
					    CP_BILIRUBIN_HIGH_MG_DL);
	score += points_falling(albumin_g_dl, albumin_cutoff_g_dl, CP_ALBUMIN_HIGH_G_DL);
	score += points_rising(inr, CP_INR_LOW, CP_INR_HIGH);
	/* none / mild / moderate-severe and none / 1-2 / 3-4 are 1, 2, 3 points */
	score += (int)ascites + 1;
	score += (int)encephalopathy + 1;
	*score_out = score;
	*class_out = radioembo__child_pugh_class_of_score(score);
	return RADIOEMBO_OK;
}

int radioembo_child_pugh_score(double bilirubin_mg_dl, double albumin_g_dl, double inr,
			       radioembo_ascites ascites, radioembo_encephalopathy encephalopathy,
			       int *score_out, radioembo_child_pugh_class *class_out)
{
	return radioembo_child_pugh_score_variant(bilirubin_mg_dl, albumin_g_dl, inr, ascites,
						  encephalopathy, CP_ALBUMIN_LOW_G_DL, 0,
						  score_out, class_out);
}

/* ---- ALBI ------------------------------------------------------------------------------- */

/*
 * Johnson et al. J Clin Oncol 2015;33:550 (radioembo-sources(7) LIVER-FUNCTION [V]);
 * -0.0852 circulates in calculators (radioembo-sources(7) CONVENTIONS [C]).
 */
#define ALBI_BILIRUBIN_COEFFICIENT 0.66
#define ALBI_ALBUMIN_COEFFICIENT_JOHNSON_2015 0.085
#define ALBI_ALBUMIN_COEFFICIENT_0852 0.0852
#define ALBI_GRADE_1_MAX (-2.60)
#define ALBI_GRADE_2_MAX (-1.39)

int radioembo_albi_score_variant(double bilirubin_umol_l, double albumin_g_l,
				 radioembo_albi_convention convention, double *score_out,
				 int *grade_out)
{
	double score, albumin_coefficient;
	int rc;

	if ((rc = radioembo__require_positive("bilirubin_umol_l", bilirubin_umol_l)) ||
	    (rc = radioembo__require_within("albumin_g_l", albumin_g_l, 0.0, ALBUMIN_MAX_G_L)))
		return rc;
	if (convention == RADIOEMBO_ALBI_JOHNSON_2015)
		albumin_coefficient = ALBI_ALBUMIN_COEFFICIENT_JOHNSON_2015;
	else if (convention == RADIOEMBO_ALBI_COEFFICIENT_0852)
		albumin_coefficient = ALBI_ALBUMIN_COEFFICIENT_0852;
	else
		return radioembo__fail(
			RADIOEMBO_EINVAL, "convention",
			"convention must be a radioembo_albi_convention value (1..2), got %d",
			(int)convention);
	if ((rc = radioembo__require_pointer("score_out", score_out)) ||
	    (rc = radioembo__require_pointer("grade_out", grade_out)))
		return rc;
	score = ALBI_BILIRUBIN_COEFFICIENT * log10(bilirubin_umol_l) -
		albumin_coefficient * albumin_g_l;
	*score_out = score;
	*grade_out = score <= ALBI_GRADE_1_MAX ? 1 : score <= ALBI_GRADE_2_MAX ? 2 : 3;
	return RADIOEMBO_OK;
}

int radioembo_albi_score(double bilirubin_umol_l, double albumin_g_l, double *score_out,
			 int *grade_out)
{
	return radioembo_albi_score_variant(bilirubin_umol_l, albumin_g_l,
					    RADIOEMBO_ALBI_JOHNSON_2015, score_out, grade_out);
}

/* ---- sequencing with systemic therapy --------------------------------------------------- */

/* Hall et al. 2026 (radioembo-sources(7) CLINICAL): systemic therapy commonly starts 2 to 4 weeks after Y-90. */
#define SECONDS_PER_DAY INT64_C(86400)
#define SEQUENTIAL_START_S (14 * SECONDS_PER_DAY)
#define SEQUENTIAL_END_S (28 * SECONDS_PER_DAY)

int radioembo_systemic_therapy_window(int64_t treatment_s,
				      radioembo_systemic_sequencing sequencing,
				      int64_t *start_s_out, int64_t *end_s_out)
{
	int rc;

	if ((int)sequencing != RADIOEMBO_SYSTEMIC_SEQUENTIAL &&
	    (int)sequencing != RADIOEMBO_SYSTEMIC_CONCURRENT)
		return radioembo__fail(
			RADIOEMBO_EINVAL, "sequencing",
			"sequencing must be a radioembo_systemic_sequencing value (1..2), got %d",
			(int)sequencing);
	if ((rc = radioembo__require_instant("treatment_s", treatment_s)) ||
	    (rc = radioembo__require_pointer("start_s_out", start_s_out)) ||
	    (rc = radioembo__require_pointer("end_s_out", end_s_out)))
		return rc;
	if (sequencing == RADIOEMBO_SYSTEMIC_CONCURRENT) {
		/* concurrent use is possible but less studied (Hall 2026) */
		*start_s_out = treatment_s;
		*end_s_out = treatment_s;
		return RADIOEMBO_OK;
	}
	*start_s_out = treatment_s + SEQUENTIAL_START_S;
	*end_s_out = treatment_s + SEQUENTIAL_END_S;
	return RADIOEMBO_OK;
}
