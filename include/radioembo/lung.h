/*
 * libradioembo - radioembolization planning and dosimetry
 * lung.h: the lung compartment of a patient. The shunt formulas are in shunt.h.
 *
 * Mass in kg (1 kg by convention), dose in Gy, LSF a fraction 0..1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_LUNG_H
#define RADIOEMBO_LUNG_H

#include "common.h"
/* The shunt formulas, declared here before 1.4, so that this header still gives them. */
#include "shunt.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The former names of radioembo_shunt_lsf_from_counts(), radioembo_shunt_lung_dose_gy() and
 * radioembo_shunt_max_activity_gbq() (shunt.h), which behave identically. They are kept for
 * compatibility: these formulas are not operations on the lung object.
 */
RADIOEMBO_API int radioembo_lsf_from_counts(double lung_anterior, double lung_posterior,
					    double liver_anterior, double liver_posterior,
					    double *lsf_out);
RADIOEMBO_API int radioembo_lung_dose_gy(double activity_gbq, double lsf, double lung_mass_kg,
					 double dose_factor, double *dose_gy_out);
RADIOEMBO_API int radioembo_lung_max_activity_gbq(double lung_limit_gy, double lsf,
						  double lung_mass_kg, double dose_factor,
						  double *activity_gbq_out);

/*
 * The lung compartment of a patient: mass, lung shunt fraction and the ledger of lung doses
 * from earlier sessions, so that the cumulative limit can be checked.
 */
typedef struct radioembo_lung radioembo_lung;

/*
 * Lungs of 1 kg (the TheraSphere convention, radioembo-sources(7) TISSUE) with no LSF set and no
 * earlier dose.
 */
RADIOEMBO_API int radioembo_lung_new(radioembo_lung **lung_out);
RADIOEMBO_API int radioembo_lung_copy(const radioembo_lung *lung, radioembo_lung **copy_out);
RADIOEMBO_API void radioembo_lung_free(radioembo_lung *lung);

RADIOEMBO_API int radioembo_lung_get_mass_kg(const radioembo_lung *lung, double *mass_kg_out);
RADIOEMBO_API int radioembo_lung_set_mass_kg(radioembo_lung *lung, double mass_kg);
/* A patient-specific mass from a CT lung volume and mean density (Kao et al. 2014). */
RADIOEMBO_API int radioembo_lung_set_mass_from_volume(radioembo_lung *lung, double volume_ml,
						      double density_g_per_ml);

/* Lung shunt fraction within [0, 1); the getter fails with ENOTFOUND while it is unset. */
RADIOEMBO_API int radioembo_lung_get_lsf(const radioembo_lung *lung, double *lsf_out);
RADIOEMBO_API int radioembo_lung_set_lsf(radioembo_lung *lung, double lsf);
/*
 * The LSF from planar MAA counts, computed by radioembo_shunt_lsf_from_counts(); fails with EINVAL
 * when the liver counts give a geometric mean of 0 (an LSF of 1 is not kept).
 */
RADIOEMBO_API int radioembo_lung_set_lsf_from_counts(radioembo_lung *lung, double lung_anterior,
						     double lung_posterior, double liver_anterior,
						     double liver_posterior);

/* Records the lung dose of an earlier session (>= 0 Gy). */
RADIOEMBO_API int radioembo_lung_add_prior_dose_gy(radioembo_lung *lung, double dose_gy);
RADIOEMBO_API int radioembo_lung_prior_dose_count(const radioembo_lung *lung, size_t *count_out);
RADIOEMBO_API int radioembo_lung_get_prior_dose_gy(const radioembo_lung *lung, size_t index,
						   double *dose_gy_out);
/* The sum of all earlier sessions' lung doses, 0 when there is none. */
RADIOEMBO_API int radioembo_lung_prior_dose_total_gy(const radioembo_lung *lung,
						     double *dose_gy_out);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_LUNG_H */

