/*
 * Single-compartment MIRD dosimetry, also "perfused-volume" dosimetry
 * (radioembo-sources(7) MIRD; glass formula D = 50 A (1 - F) / M, radiologykey [V]):
 *   D = DCF * A * (1 - R) * (1 - LSF) / M,   A = D * M / (DCF * (1 - R) * (1 - LSF)).
 * (1 - LSF) divides in the planning form. Public code was found computing
 * A = D * M * (1 - LSF) / DCF (radioembo-sources(7) MIRD, pitfall), which is wrong.
 * The dose factor DCF is explicit: 50 (TheraSphere), 49.67 (Utrecht/EANM), 15.87 (Ho-166),
 * radioembo-sources(7) DOSE-FACTOR; a plan must not mix them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "physics/dosimetry.h"
#include "core/internal.h"

/* The arguments both directions share, in the order of the signatures. */
static int require_compartment(double mass_kg, double lsf, double residual_fraction,
			       double dose_factor)
{
	int rc;

	if ((rc = radioembo__require_positive("mass_kg", mass_kg)) ||
	    (rc = radioembo__require_fraction_below_one("lsf", lsf)) ||
	    (rc = radioembo__require_fraction_below_one("residual_fraction", residual_fraction)) ||
	    (rc = radioembo__require_positive("dose_factor", dose_factor)))
		return rc;
	return RADIOEMBO_OK;
}

int radioembo_mird_dose_gy(double activity_gbq, double mass_kg, double lsf,
			   double residual_fraction, double dose_factor, double *dose_gy_out)
{
	double dose;
	int rc;

	if ((rc = radioembo__require_nonnegative("activity_gbq", activity_gbq)) ||
	    (rc = require_compartment(mass_kg, lsf, residual_fraction, dose_factor)) ||
	    (rc = radioembo__require_pointer("dose_gy_out", dose_gy_out)))
		return rc;
	dose = radioembo__mird_dose_gy(activity_gbq, mass_kg, lsf, residual_fraction, dose_factor);
	if ((rc = radioembo__require_representable("absorbed dose", dose)))
		return rc;
	*dose_gy_out = dose;
	return RADIOEMBO_OK;
}

int radioembo_mird_activity_gbq(double dose_gy, double mass_kg, double lsf,
				double residual_fraction, double dose_factor,
				double *activity_gbq_out)
{
	double activity;
	int rc;

	if ((rc = radioembo__require_nonnegative("dose_gy", dose_gy)) ||
	    (rc = require_compartment(mass_kg, lsf, residual_fraction, dose_factor)) ||
	    (rc = radioembo__require_pointer("activity_gbq_out", activity_gbq_out)))
		return rc;
	activity = radioembo__mird_activity_gbq(dose_gy, mass_kg, lsf, residual_fraction,
						dose_factor);
	if ((rc = radioembo__require_representable("activity", activity)))
		return rc;
	*activity_gbq_out = activity;
	return RADIOEMBO_OK;
}
