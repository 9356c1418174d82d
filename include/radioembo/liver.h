/*
 * libradioembo - radioembolization planning and dosimetry
 * liver.h: the patient's liver: whole volume, density, lesions and perfused territories.
 *
 * The normal-liver volumes are always computed (whole or perfused volume minus the lesions
 * in it), never typed in, so that they cannot disagree with the lesions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_LIVER_H
#define RADIOEMBO_LIVER_H

#include "common.h"
#include "lesion.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct radioembo_liver radioembo_liver;

/*
 * A liver of volume_ml (whole liver including lesions, > 0) and density_g_per_ml
 * (0 < d <= 25; published values 1.03-1.06, cirrhotic about 1.1), with no lesion and
 * no territory.
 */
RADIOEMBO_API int radioembo_liver_new(double volume_ml, double density_g_per_ml,
				      radioembo_liver **liver_out);
RADIOEMBO_API int radioembo_liver_copy(const radioembo_liver *liver, radioembo_liver **copy_out);
RADIOEMBO_API void radioembo_liver_free(radioembo_liver *liver);

RADIOEMBO_API int radioembo_liver_get_volume_ml(const radioembo_liver *liver,
						double *volume_ml_out);
RADIOEMBO_API int radioembo_liver_set_volume_ml(radioembo_liver *liver, double volume_ml);
RADIOEMBO_API int radioembo_liver_get_density_g_per_ml(const radioembo_liver *liver,
						       double *density_g_per_ml_out);
RADIOEMBO_API int radioembo_liver_set_density_g_per_ml(radioembo_liver *liver,
						       double density_g_per_ml);

/* Adds a copy of lesion; its index (0, 1, ...) goes to index_out (may be NULL). */
RADIOEMBO_API int radioembo_liver_add_lesion(radioembo_liver *liver,
					     const radioembo_lesion *lesion, size_t *index_out);
RADIOEMBO_API int radioembo_liver_lesion_count(const radioembo_liver *liver, size_t *count_out);
/* The liver's own copy of lesion `index`, borrowed: it lives as long as the liver. */
RADIOEMBO_API int radioembo_liver_get_lesion(const radioembo_liver *liver, size_t index,
					     const radioembo_lesion **lesion_out);

/*
 * Adds a perfused territory (a lobe, sector or segment fed by the catheter position) of
 * volume_ml, lesions included; its index goes to index_out (may be NULL).
 */
RADIOEMBO_API int radioembo_liver_add_territory(radioembo_liver *liver, const char *label,
						double volume_ml, size_t *index_out);
RADIOEMBO_API int radioembo_liver_territory_count(const radioembo_liver *liver,
						  size_t *count_out);
/* The territory's label, borrowed; NULL if liver is NULL or index is out of range. */
RADIOEMBO_API const char *radioembo_liver_territory_label(const radioembo_liver *liver,
							  size_t index);
RADIOEMBO_API int radioembo_liver_get_territory_volume_ml(const radioembo_liver *liver,
							  size_t index, double *volume_ml_out);

/* Places lesion lesion_index inside territory territory_index (a lesion is in at most one). */
RADIOEMBO_API int radioembo_liver_assign_lesion(radioembo_liver *liver, size_t lesion_index,
						size_t territory_index);
/* The territory holding the lesion; RADIOEMBO_ENOTFOUND if it is in none. */
RADIOEMBO_API int radioembo_liver_get_lesion_territory(const radioembo_liver *liver,
						       size_t lesion_index,
						       size_t *territory_index_out);

/*
 * Normal (non-tumoural) liver volume: the whole liver, or one territory, minus the lesions
 * in it. RADIOEMBO_ERANGE if the lesions fill or exceed it.
 */
RADIOEMBO_API int radioembo_liver_normal_volume_ml(const radioembo_liver *liver,
						   double *volume_ml_out);
RADIOEMBO_API int radioembo_liver_territory_normal_volume_ml(const radioembo_liver *liver,
							     size_t territory_index,
							     double *volume_ml_out);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_LIVER_H */
