/*
 * libradioembo - radioembolization planning and dosimetry
 * tissue.h: tissue mass from a volume and a density.
 *
 * Volumes in mL, densities in g/mL, masses in kg. The density is always an input: liver
 * 1.03 (TheraSphere PI), 1.05 (public code), 1.06 g/mL (Ho-166 group), cirrhotic about 1.1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_TISSUE_H
#define RADIOEMBO_TISSUE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * volume_ml * density_g_per_ml / 1000. volume_ml must be finite and > 0; density_g_per_ml
 * finite, > 0 and <= 25 (a g/mL value; catches kg/m^3 by mistake).
 */
RADIOEMBO_API int radioembo_mass_kg(double volume_ml, double density_g_per_ml,
				    double *mass_kg_out);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_TISSUE_H */
