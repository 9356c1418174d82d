/*
 * libradioembo - radioembolization planning and dosimetry
 * lesion.h: a tumour of the patient's liver: label, volume, density, uptake ratio, target.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_LESION_H
#define RADIOEMBO_LESION_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct radioembo_lesion radioembo_lesion;

/*
 * A lesion with a label (1 to 255 bytes, copied) and a volume in mL (> 0). Its density,
 * tumour-to-normal ratio and target dose start unset: the plan then uses the liver's
 * density, leaves the lesion out of the partition model, and uses the product's target.
 */
RADIOEMBO_API int radioembo_lesion_new(const char *label, double volume_ml,
				       radioembo_lesion **lesion_out);
RADIOEMBO_API int radioembo_lesion_copy(const radioembo_lesion *lesion,
					radioembo_lesion **copy_out);
RADIOEMBO_API void radioembo_lesion_free(radioembo_lesion *lesion);

/* The label, borrowed from the lesion; NULL if lesion is NULL. */
RADIOEMBO_API const char *radioembo_lesion_label(const radioembo_lesion *lesion);
RADIOEMBO_API int radioembo_lesion_set_label(radioembo_lesion *lesion, const char *label);

RADIOEMBO_API int radioembo_lesion_get_volume_ml(const radioembo_lesion *lesion,
						 double *volume_ml_out);
RADIOEMBO_API int radioembo_lesion_set_volume_ml(radioembo_lesion *lesion, double volume_ml);

/* Density in g/mL; the getter fails with RADIOEMBO_ENOTFOUND while it is unset. */
RADIOEMBO_API int radioembo_lesion_get_density_g_per_ml(const radioembo_lesion *lesion,
							double *density_g_per_ml_out);
RADIOEMBO_API int radioembo_lesion_set_density_g_per_ml(radioembo_lesion *lesion,
							double density_g_per_ml);

/*
 * Tumour-to-normal ratio of activity per mass (Ho et al. 1996), given directly or from
 * counts: TNR = (tumor_counts / lesion volume) / (normal_counts / normal_volume_ml) when
 * densities are equal. The getter fails with RADIOEMBO_ENOTFOUND while it is unset.
 */
RADIOEMBO_API int radioembo_lesion_get_tnr(const radioembo_lesion *lesion, double *tnr_out);
RADIOEMBO_API int radioembo_lesion_set_tnr(radioembo_lesion *lesion, double tnr);
RADIOEMBO_API int radioembo_lesion_set_tnr_from_counts(radioembo_lesion *lesion,
						       double tumor_counts, double normal_counts,
						       double normal_volume_ml);
/*
 * TNR per mass from counts: the lesion's mass is its volume times its density (the
 * normal tissue's when the lesion has none set, at the time of the call) and the normal
 * region's is normal_volume_ml * normal_density_g_per_ml.
 */
RADIOEMBO_API int radioembo_lesion_set_tnr_from_counts_density(radioembo_lesion *lesion,
							       double tumor_counts,
							       double normal_counts,
							       double normal_volume_ml,
							       double normal_density_g_per_ml);

/* This lesion's own target dose in Gy; ENOTFOUND while unset (the product's applies). */
RADIOEMBO_API int radioembo_lesion_get_target_dose_gy(const radioembo_lesion *lesion,
						      double *target_dose_gy_out);
RADIOEMBO_API int radioembo_lesion_set_target_dose_gy(radioembo_lesion *lesion,
						      double target_dose_gy);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_LESION_H */
