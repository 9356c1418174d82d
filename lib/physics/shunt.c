/*
 * The hepatopulmonary shunt: lung shunt fraction and lung dose.
 * - LSF from planar MAA (radioembo-sources(7) LSF): geometric mean of the anterior and
 *   posterior counts of each organ, GM = sqrt(ant * post), as the manufacturer recommends
 *   (Physica Medica 2021 abstract [V]); LSF = GM_lung / (GM_lung + GM_liver) (radiopaedia [V]).
 * - Lung dose D_L = DCF * A * LSF / m_L and the activity that reaches a lung limit,
 *   A_max = D_lim * m_L / (DCF * LSF) (radioembo-sources(7) LUNG; limits 30 Gy per session, 50 Gy
 *   cumulative, van Roekel thesis [V]).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "physics/dosimetry.h"
#include "core/internal.h"

/* sqrt(a) * sqrt(b): the product a * b would overflow for counts above about 1e154. */
static double geometric_mean(double a, double b)
{
	return sqrt(a) * sqrt(b);
}

int radioembo_shunt_lsf_from_counts(double lung_anterior, double lung_posterior,
				    double liver_anterior, double liver_posterior, double *lsf_out)
{
	double lung, liver, total;
	int rc;

	if ((rc = radioembo__require_nonnegative("lung_anterior", lung_anterior)) ||
	    (rc = radioembo__require_nonnegative("lung_posterior", lung_posterior)) ||
	    (rc = radioembo__require_nonnegative("liver_anterior", liver_anterior)) ||
	    (rc = radioembo__require_nonnegative("liver_posterior", liver_posterior)) ||
	    (rc = radioembo__require_pointer("lsf_out", lsf_out)))
		return rc;
	lung = geometric_mean(lung_anterior, lung_posterior);
	liver = geometric_mean(liver_anterior, liver_posterior);
	if (lung == 0.0 && liver == 0.0)
		return radioembo__fail(RADIOEMBO_EINVAL, "lung_anterior",
				       "lung and liver geometric means are both 0 (lung_anterior "
				       "%.17g, lung_posterior %.17g, liver_anterior %.17g, "
				       "liver_posterior %.17g): no counts to share",
				       lung_anterior, lung_posterior, liver_anterior,
				       liver_posterior);
	total = lung + liver;
	if (isinf(total)) {
		/* Each mean is finite (sqrt(DBL_MAX)^2 <= DBL_MAX); halving is exact up here. */
		lung *= 0.5;
		liver *= 0.5;
		total = lung + liver;
	}
	*lsf_out = lung / total;
	return RADIOEMBO_OK;
}

int radioembo_shunt_lung_dose_gy(double activity_gbq, double lsf, double lung_mass_kg,
				 double dose_factor, double *dose_gy_out)
{
	double dose;
	int rc;

	if ((rc = radioembo__require_nonnegative("activity_gbq", activity_gbq)) ||
	    (rc = radioembo__require_fraction_below_one("lsf", lsf)) ||
	    (rc = radioembo__require_positive("lung_mass_kg", lung_mass_kg)) ||
	    (rc = radioembo__require_positive("dose_factor", dose_factor)) ||
	    (rc = radioembo__require_pointer("dose_gy_out", dose_gy_out)))
		return rc;
	dose = radioembo__lung_dose_gy(activity_gbq, lsf, lung_mass_kg, dose_factor);
	if ((rc = radioembo__require_representable("lung dose", dose)))
		return rc;
	*dose_gy_out = dose;
	return RADIOEMBO_OK;
}

int radioembo_shunt_max_activity_gbq(double lung_limit_gy, double lsf, double lung_mass_kg,
				     double dose_factor, double *activity_gbq_out)
{
	double activity;
	int rc;

	/* The limit must be finite: an infinite one would say "no limit", which is no answer. */
	if ((rc = radioembo__require_positive("lung_limit_gy", lung_limit_gy)) ||
	    (rc = radioembo__require_fraction_below_one("lsf", lsf)) ||
	    (rc = radioembo__require_positive("lung_mass_kg", lung_mass_kg)) ||
	    (rc = radioembo__require_positive("dose_factor", dose_factor)) ||
	    (rc = radioembo__require_pointer("activity_gbq_out", activity_gbq_out)))
		return rc;
	activity = radioembo__lung_max_activity_gbq(lung_limit_gy, lsf, lung_mass_kg, dose_factor);
	/* +INFINITY is the documented answer for lsf = 0, an overflow otherwise. */
	if (lsf > 0.0 && (rc = radioembo__require_representable("lung maximum activity", activity)))
		return rc;
	*activity_gbq_out = activity;
	return RADIOEMBO_OK;
}

/* Kept for compatibility: these names put the formulas under the radioembo_lung prefix. */
int radioembo_lsf_from_counts(double lung_anterior, double lung_posterior, double liver_anterior,
			      double liver_posterior, double *lsf_out)
{
	return radioembo_shunt_lsf_from_counts(lung_anterior, lung_posterior, liver_anterior,
					       liver_posterior, lsf_out);
}

int radioembo_lung_dose_gy(double activity_gbq, double lsf, double lung_mass_kg, double dose_factor,
			   double *dose_gy_out)
{
	return radioembo_shunt_lung_dose_gy(activity_gbq, lsf, lung_mass_kg, dose_factor,
					    dose_gy_out);
}

int radioembo_lung_max_activity_gbq(double lung_limit_gy, double lsf, double lung_mass_kg,
				    double dose_factor, double *activity_gbq_out)
{
	return radioembo_shunt_max_activity_gbq(lung_limit_gy, lsf, lung_mass_kg, dose_factor,
						activity_gbq_out);
}
