/*
 * libradioembo - radioembolization planning and dosimetry
 * nuclide.h: the radionuclides of microsphere products and their default physical data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_NUCLIDE_H
#define RADIOEMBO_NUCLIDE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	RADIOEMBO_NUCLIDE_Y90 = 1,
	RADIOEMBO_NUCLIDE_HO166 = 2
} radioembo_nuclide;

/*
 * "Y-90", "Y90", "90Y", "yttrium-90", "Ho-166", "Ho166", "166Ho", "holmium-166", in any
 * letter case. Anything else: RADIOEMBO_ENOTFOUND.
 */
RADIOEMBO_API int radioembo_nuclide_from_name(const char *name, radioembo_nuclide *nuclide_out);

/* Canonical name ("Y-90", "Ho-166"); NULL for a value that is not a nuclide. */
RADIOEMBO_API const char *radioembo_nuclide_name(radioembo_nuclide nuclide);

/* Default physical half-life in hours (Y-90 64.1 h, Ho-166 26.8 h). */
RADIOEMBO_API int radioembo_nuclide_half_life_h(radioembo_nuclide nuclide,
						double *half_life_h_out);

/*
 * Default dose factor, absorbed dose per activity and mass for complete decay with local
 * absorption, in Gy kg/GBq (Y-90 49.67, Ho-166 15.87).
 */
RADIOEMBO_API int radioembo_nuclide_dose_factor(radioembo_nuclide nuclide,
						double *gy_kg_per_gbq_out);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_NUCLIDE_H */
