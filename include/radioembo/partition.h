/*
 * libradioembo - radioembolization planning and dosimetry
 * partition.h: the partition model (Ho et al. 1996) for any number of lesions.
 *
 * The liver's share of the activity, A * (1 - lsf), splits between the lesions and the
 * normal liver in proportion to tnr[i] * tumor_mass_kg[i] and normal_mass_kg; the rest,
 * A * lsf, goes to the lungs. Activity in GBq, masses in kg, doses in Gy, lsf a fraction,
 * tnr a ratio of activity concentrations (tumour to normal liver), dose factor in Gy kg/GBq.
 * n_tumors may be 0 (no lesion; the arrays may then be NULL).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_PARTITION_H
#define RADIOEMBO_PARTITION_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The organ whose dose limit sets the maximum activity. Values are frozen. */
typedef enum {
	RADIOEMBO_LIMIT_NONE = 0,
	RADIOEMBO_LIMIT_NORMAL_LIVER = 1,
	RADIOEMBO_LIMIT_LUNG = 2
} radioembo_limiting_organ;

/* "normal_liver" or "lung"; NULL for RADIOEMBO_LIMIT_NONE and values that are not organs. */
RADIOEMBO_API const char *radioembo_limiting_organ_name(radioembo_limiting_organ organ);

/*
 * TNR = (tumor_counts / tumor_volume_ml) / (normal_counts / normal_volume_ml). Counts finite
 * and > 0, volumes finite and > 0.
 */
RADIOEMBO_API int radioembo_tnr_from_counts(double tumor_counts, double tumor_volume_ml,
					    double normal_counts, double normal_volume_ml,
					    double *tnr_out);

/*
 * TNR per mass, the ratio the partition model needs (its activity shares go with mass):
 * TNR = (tumor_counts / (tumor_volume_ml * tumor_density_g_per_ml)) /
 *       (normal_counts / (normal_volume_ml * normal_density_g_per_ml)).
 * Densities within (0, 25] g/mL; with equal densities it is radioembo_tnr_from_counts.
 */
RADIOEMBO_API int radioembo_tnr_from_counts_density(double tumor_counts, double tumor_volume_ml,
						    double tumor_density_g_per_ml,
						    double normal_counts, double normal_volume_ml,
						    double normal_density_g_per_ml,
						    double *tnr_out);

/*
 * With S = sum_i tnr[i] * tumor_mass_kg[i] + normal_mass_kg:
 * D_N = dose_factor * activity * (1 - lsf) / S, tumor_dose_gy_out[i] = tnr[i] * D_N,
 * D_L = dose_factor * activity * lsf / lung_mass_kg. tumor_dose_gy_out holds n_tumors values.
 */
RADIOEMBO_API int radioembo_partition_doses(double activity_gbq, double lsf, double dose_factor,
					    const double *tumor_mass_kg, const double *tnr,
					    size_t n_tumors, double normal_mass_kg,
					    double lung_mass_kg, double *tumor_dose_gy_out,
					    double *normal_dose_gy_out, double *lung_dose_gy_out);

/* A = tumor_dose * S / (dose_factor * (1 - lsf) * tnr[target_index]). */
RADIOEMBO_API int radioembo_partition_activity_for_tumor_dose_gbq(
	double tumor_dose_gy, size_t target_index, double lsf, double dose_factor,
	const double *tumor_mass_kg, const double *tnr, size_t n_tumors, double normal_mass_kg,
	double *activity_gbq_out);

/*
 * The smaller of normal_limit * S / (dose_factor * (1 - lsf)) and
 * lung_limit * lung_mass / (dose_factor * lsf), and which organ it is. A limit of INFINITY
 * is not applied; at least one finite limit must bind (else RADIOEMBO_ERANGE).
 */
RADIOEMBO_API int radioembo_partition_max_activity_gbq(
	double normal_limit_gy, double lung_limit_gy, double lsf, double dose_factor,
	const double *tumor_mass_kg, const double *tnr, size_t n_tumors, double normal_mass_kg,
	double lung_mass_kg, double *activity_gbq_out, radioembo_limiting_organ *limiting_out);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_PARTITION_H */
