/*
 * libradioembo - radioembolization planning and dosimetry
 * shunt.h: the hepatopulmonary shunt as formulas: the lung shunt fraction from planar MAA
 * counts, the lung dose of the shunted activity and the activity that reaches a lung limit.
 * The patient's lungs as an object (mass, LSF, earlier doses) are the radioembo_lung
 * object, declared in lung.h.
 *
 * Activity in GBq, lung mass in kg (1 kg by convention), dose in Gy, LSF a fraction 0..1,
 * dose factor in Gy kg/GBq.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_SHUNT_H
#define RADIOEMBO_SHUNT_H

#include "common.h"
#include "volume.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * LSF = GM_lung / (GM_lung + GM_liver) with GM = sqrt(anterior * posterior) of each organ's
 * planar counts. Counts finite and >= 0, not all four zero; the result is within [0, 1].
 */
RADIOEMBO_API int radioembo_shunt_lsf_from_counts(double lung_anterior, double lung_posterior,
						  double liver_anterior, double liver_posterior,
						  double *lsf_out);

/*
 * LSF = C_lung / (C_lung + C_liver) from a SPECT/CT (since 1.4): the counts image summed
 * over two volumes of interest on its grid, voxels over 0.5 of lung_voi and of liver_voi
 * (which must not overlap). Biased high by liver counts in a lung VOI drawn to the
 * diaphragm (breathing misregistration at the lung base) and by scatter into the lungs,
 * low by lung outside the field of view; lower than the planar method's, which
 * overestimates (radioembo_shunt man page, section 3).
 */
RADIOEMBO_API int radioembo_shunt_lsf_from_voi_counts(const radioembo_volume *counts,
						      const radioembo_volume *lung_voi,
						      const radioembo_volume *liver_voi,
						      double *lsf_out);

/* D_lung = dose_factor * activity * lsf / lung_mass. */
RADIOEMBO_API int radioembo_shunt_lung_dose_gy(double activity_gbq, double lsf, double lung_mass_kg,
					       double dose_factor, double *dose_gy_out);

/*
 * A_max = lung_limit * lung_mass / (dose_factor * lsf): the activity that puts the lungs at
 * lung_limit_gy (finite, > 0). +INFINITY when lsf is 0.
 */
RADIOEMBO_API int radioembo_shunt_max_activity_gbq(double lung_limit_gy, double lsf,
						   double lung_mass_kg, double dose_factor,
						   double *activity_gbq_out);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_SHUNT_H */
