/*
 * MELD-Na and MELD 3.0 (radioembo-sources(7) MELD; radioembo_meld(3)): the liver-disease
 * scores transplant programmes rank by, which the peer calculators offer beside Child-Pugh
 * and ALBI. Each bound and rounding rule below is the published one, because a score that
 * differs from the allocation rule by one point is a different score.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "core/internal.h"
#include "physics/scores.h"

/* Laboratory values below 1.0 are set to 1.0 (both scores): a log below 0 would lower them. */
#define MELD_LAB_MIN 1.0
/* Sodium bounded to [125, 137] mmol/L (both scores). */
#define MELD_SODIUM_MIN_MMOL_L 125.0
#define MELD_SODIUM_MAX_MMOL_L 137.0
/* The largest score either rule assigns. */
#define MELD_SCORE_MAX 40.0

/* MELD-Na (OPTN policy 2016): creatinine capped at, and dialysis set to, 4.0 mg/dL. */
#define MELD_NA_CREATININE_MAX_MG_DL 4.0
/* The sodium term applies only above this MELD. */
#define MELD_NA_SODIUM_THRESHOLD 11.0

/* MELD 3.0 (Kim 2021): creatinine capped at, and dialysis set to, 3.0 mg/dL; albumin 1.5-3.5. */
#define MELD3_CREATININE_MAX_MG_DL 3.0
#define MELD3_ALBUMIN_MIN_G_DL 1.5
#define MELD3_ALBUMIN_MAX_G_DL 3.5

static double clamp(double value, double lower, double upper)
{
	return value < lower ? lower : value > upper ? upper : value;
}

/* A 0/1 flag, named in the message. */
static int require_flag(const char *name, int value)
{
	if (value != 0 && value != 1)
		return radioembo__fail(RADIOEMBO_EINVAL, name, "%s must be 0 or 1, got %d", name,
				       value);
	return RADIOEMBO_OK;
}

/* What both scores take: bilirubin, creatinine >= 0, INR and sodium > 0, dialysis 0/1. */
static int require_meld_inputs(double bilirubin_mg_dl, double creatinine_mg_dl, double inr,
			       double sodium_mmol_l, int dialysis)
{
	int rc;

	if ((rc = radioembo__require_nonnegative("bilirubin_mg_dl", bilirubin_mg_dl)) ||
	    (rc = radioembo__require_nonnegative("creatinine_mg_dl", creatinine_mg_dl)) ||
	    (rc = radioembo__require_positive("inr", inr)) ||
	    (rc = radioembo__require_positive("sodium_mmol_l", sodium_mmol_l)) ||
	    (rc = require_flag("dialysis", dialysis)))
		return rc;
	return RADIOEMBO_OK;
}

/* The creatinine a score uses: at least 1.0, at most the cap, the cap itself on dialysis. */
static double meld_creatinine(double creatinine_mg_dl, int dialysis, double cap_mg_dl)
{
	return dialysis ? cap_mg_dl : clamp(creatinine_mg_dl, MELD_LAB_MIN, cap_mg_dl);
}

int radioembo_meld_na_score(double bilirubin_mg_dl, double creatinine_mg_dl, double inr,
			    double sodium_mmol_l, int dialysis, int *score_out)
{
	double bilirubin, creatinine, ratio, sodium, meld, score;
	int rc;

	if ((rc = require_meld_inputs(bilirubin_mg_dl, creatinine_mg_dl, inr, sodium_mmol_l,
				      dialysis)) ||
	    (rc = radioembo__require_pointer("score_out", score_out)))
		return rc;
	bilirubin = fmax(bilirubin_mg_dl, MELD_LAB_MIN);
	ratio = fmax(inr, MELD_LAB_MIN);
	creatinine = meld_creatinine(creatinine_mg_dl, dialysis, MELD_NA_CREATININE_MAX_MG_DL);
	sodium = clamp(sodium_mmol_l, MELD_SODIUM_MIN_MMOL_L, MELD_SODIUM_MAX_MMOL_L);
	/* MELD(i), rounded to the tenth and multiplied by 10: an integer from 6 up */
	meld = round(10.0 * (0.957 * log(creatinine) + 0.378 * log(bilirubin) + 1.120 * log(ratio) +
			     0.643));
	score = meld;
	if (meld > MELD_NA_SODIUM_THRESHOLD)
		score = round(meld + 1.32 * (137.0 - sodium) - 0.033 * meld * (137.0 - sodium));
	*score_out = (int)fmin(score, MELD_SCORE_MAX);
	return RADIOEMBO_OK;
}

int radioembo_meld3_score(double bilirubin_mg_dl, double creatinine_mg_dl, double inr,
			  double sodium_mmol_l, double albumin_g_dl, int female, int dialysis,
			  int *score_out)
{
	double ln_bilirubin, ln_creatinine, ln_inr, sodium_deficit, albumin_deficit, score;
	int rc;

	if ((rc = require_meld_inputs(bilirubin_mg_dl, creatinine_mg_dl, inr, sodium_mmol_l,
				      dialysis)) ||
	    (rc = radioembo__require_within("albumin_g_dl", albumin_g_dl, 0.0,
					    RADIOEMBO__ALBUMIN_MAX_G_DL)) ||
	    (rc = require_flag("female", female)) ||
	    (rc = radioembo__require_pointer("score_out", score_out)))
		return rc;
	ln_bilirubin = log(fmax(bilirubin_mg_dl, MELD_LAB_MIN));
	ln_inr = log(fmax(inr, MELD_LAB_MIN));
	ln_creatinine =
		log(meld_creatinine(creatinine_mg_dl, dialysis, MELD3_CREATININE_MAX_MG_DL));
	sodium_deficit =
		137.0 - clamp(sodium_mmol_l, MELD_SODIUM_MIN_MMOL_L, MELD_SODIUM_MAX_MMOL_L);
	albumin_deficit = 3.5 - clamp(albumin_g_dl, MELD3_ALBUMIN_MIN_G_DL, MELD3_ALBUMIN_MAX_G_DL);
	score = 1.33 * female + 4.56 * ln_bilirubin + 0.82 * sodium_deficit -
		0.24 * sodium_deficit * ln_bilirubin + 9.09 * ln_inr + 11.14 * ln_creatinine +
		1.85 * albumin_deficit - 1.83 * albumin_deficit * ln_creatinine + 6.0;
	*score_out = (int)fmin(round(score), MELD_SCORE_MAX);
	return RADIOEMBO_OK;
}
