/*
 * The resin body-surface-area (BSA) method of activity planning (radioembo-sources(7)
 * section 9; van Roekel thesis; Kennedy et al. 2007):
 *   BSA(m^2) = 0.007184 * W(kg)^0.425 * H(cm)^0.725                 (DuBois & DuBois 1916)
 *   A(GBq)   = (BSA - 0.2 + V_tumour / V_liver) * f_treated * R(LSF)
 * where V_liver includes the tumour, f_treated is the treated part's share of the whole
 * liver (Kennedy 2007; Sirtex) and R is the lung-shunt reduction 1 / 0.8 / 0.6 / 0.
 * Some calculators scale only the body-size term: ((BSA - 0.2) f_treated + V_tumour /
 * V_liver) R, selectable as RADIOEMBO_BSA_LOBAR_OFFSET_TERM (radioembo-sources(7) CONVENTIONS).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "core/internal.h"
#include "physics/dosimetry.h"

/*
 * Plausible human ranges. They exist to catch unit slips (height in metres or inches,
 * weight in grams) rather than to judge the patient: a term newborn is about 50 cm and
 * 2-4 kg, and no adult patient is taller than 250 cm or heavier than 500 kg.
 */
#define HEIGHT_CM_MIN 50.0
#define HEIGHT_CM_MAX 250.0
#define WEIGHT_KG_MIN 2.0
#define WEIGHT_KG_MAX 500.0

/*
 * The method subtracts RADIOEMBO__BSA_OFFSET_M2, so a BSA at or below it gives no
 * meaningful activity. The upper bound sits above the largest DuBois BSA of the accepted
 * ranges (5.52 m^2 at 250 cm and 500 kg), so that every BSA this module computes is accepted.
 */
#define BSA_M2_MAX 6.0 /* exclusive */

/* Lung shunt bands of Kennedy 2007 (via the van Roekel thesis p.41): "exceeds" is ">". */
#define LSF_BAND_1 0.10
#define LSF_BAND_2 0.15
#define LSF_BAND_3 0.20

/* The reduction factor; lsf already validated. No tolerance at the band edges. */
static double lsf_reduction(double lsf)
{
	if (lsf > LSF_BAND_3)
		return 0.0;
	if (lsf > LSF_BAND_2)
		return 0.6;
	if (lsf > LSF_BAND_1)
		return 0.8;
	return 1.0;
}

int radioembo_bsa_dubois_m2(double height_cm, double weight_kg, double *bsa_m2_out)
{
	int rc;

	if ((rc = radioembo__require_within("height_cm", height_cm, HEIGHT_CM_MIN,
					    HEIGHT_CM_MAX)) ||
	    (rc = radioembo__require_within("weight_kg", weight_kg, WEIGHT_KG_MIN,
					    WEIGHT_KG_MAX)) ||
	    (rc = radioembo__require_pointer("bsa_m2_out", bsa_m2_out)))
		return rc;
	/*
	 * The original coefficient of DuBois & DuBois (1916), with height in cm. The
	 * metre form 0.20247 * H(m)^0.725 * W^0.425 printed in the van Roekel thesis is its
	 * rounding (0.007184 * 100^0.725 = 0.2024726...), 1.3e-5 relative lower.
	 */
	*bsa_m2_out = 0.007184 * pow(weight_kg, 0.425) * pow(height_cm, 0.725);
	return RADIOEMBO_OK;
}

int radioembo_bsa_lsf_reduction(double lsf, double *factor_out)
{
	int rc;

	if ((rc = radioembo__require_within("lsf", lsf, 0.0, 1.0)) ||
	    (rc = radioembo__require_pointer("factor_out", factor_out)))
		return rc;
	*factor_out = lsf_reduction(lsf);
	return RADIOEMBO_OK;
}

static const char *const lobar_rule_names[] = {
	[RADIOEMBO_BSA_LOBAR_KENNEDY_2007] = "kennedy_2007",
	[RADIOEMBO_BSA_LOBAR_OFFSET_TERM] = "offset_term",
};

const char *radioembo_bsa_lobar_rule_name(radioembo_bsa_lobar_rule rule)
{
	return RADIOEMBO__TABLE_NAME(lobar_rule_names, rule);
}

int radioembo_bsa_activity_rule_gbq(double bsa_m2, double tumor_volume_ml, double liver_volume_ml,
				    double treated_fraction, double lsf,
				    radioembo_bsa_lobar_rule rule, double *activity_gbq_out)
{
	double involvement, body_term;
	int rc;

	if ((rc = radioembo__require_open_interval("bsa_m2", bsa_m2, RADIOEMBO__BSA_OFFSET_M2,
						   BSA_M2_MAX)) ||
	    (rc = radioembo__require_nonnegative("tumor_volume_ml", tumor_volume_ml)) ||
	    (rc = radioembo__require_positive("liver_volume_ml", liver_volume_ml)) ||
	    (rc = radioembo__require_share("treated_fraction", treated_fraction)) ||
	    (rc = radioembo__require_within("lsf", lsf, 0.0, 1.0)))
		return rc;
	if (radioembo_bsa_lobar_rule_name(rule) == NULL)
		return radioembo__fail(
			RADIOEMBO_EINVAL, "rule",
			"rule must be a radioembo_bsa_lobar_rule value (1..2), got %d", (int)rule);
	if ((rc = radioembo__require_pointer("activity_gbq_out", activity_gbq_out)))
		return rc;
	/* The liver volume includes the tumour: a larger tumour means swapped arguments. */
	if (!(tumor_volume_ml <= liver_volume_ml))
		return radioembo__fail(RADIOEMBO_EINVAL, "tumor_volume_ml",
				       "tumor_volume_ml must not exceed liver_volume_ml (the whole "
				       "liver including tumour), got %.17g > %.17g",
				       tumor_volume_ml, liver_volume_ml);
	involvement = tumor_volume_ml / liver_volume_ml; /* within [0, 1] */
	/* (bsa - offset) > 0 and involvement >= 0: the activity is positive either way. */
	body_term = bsa_m2 - RADIOEMBO__BSA_OFFSET_M2;
	*activity_gbq_out = (rule == RADIOEMBO_BSA_LOBAR_KENNEDY_2007
				     ? (body_term + involvement) * treated_fraction
				     : body_term * treated_fraction + involvement) *
			    lsf_reduction(lsf);
	return RADIOEMBO_OK;
}

int radioembo_bsa_activity_gbq(double bsa_m2, double tumor_volume_ml, double liver_volume_ml,
			       double treated_fraction, double lsf, double *activity_gbq_out)
{
	return radioembo_bsa_activity_rule_gbq(bsa_m2, tumor_volume_ml, liver_volume_ml,
					       treated_fraction, lsf,
					       RADIOEMBO_BSA_LOBAR_KENNEDY_2007, activity_gbq_out);
}
