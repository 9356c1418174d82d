/*
 * libradioembo - radioembolization planning and dosimetry
 * mird.h: single-compartment MIRD dosimetry (also "perfused-volume" dosimetry).
 *
 * Activity in GBq, mass in kg, dose in Gy, fractions (LSF, residual) 0..1, dose factor
 * in Gy kg/GBq passed explicitly (Y-90: 50 TheraSphere, 49.67 Utrecht/EANM; Ho-166: 15.87).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_MIRD_H
#define RADIOEMBO_MIRD_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* D = dose_factor * activity * (1 - residual_fraction) * (1 - lsf) / mass. */
RADIOEMBO_API int radioembo_mird_dose_gy(double activity_gbq, double mass_kg, double lsf,
					 double residual_fraction, double dose_factor,
					 double *dose_gy_out);

/*
 * A = dose * mass / (dose_factor * (1 - residual_fraction) * (1 - lsf)): the inverse.
 * lsf = 0 and residual_fraction = 0 give the old TheraSphere form A = D * M / 50.
 */
RADIOEMBO_API int radioembo_mird_activity_gbq(double dose_gy, double mass_kg, double lsf,
					      double residual_fraction, double dose_factor,
					      double *activity_gbq_out);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_MIRD_H */
