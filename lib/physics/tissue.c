/*
 * Tissue mass from a volume and a density (radioembo-sources(7) TISSUE): the mass is the
 * CT volume times a density that is always an input, since the published liver densities
 * disagree (1.03 g/mL TheraSphere PI [M], 1.05 public code [C], 1.06 Ho-166 group [V],
 * cirrhotic explants about 1.1 [V]).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "physics/dosimetry.h"
#include "core/internal.h"

int radioembo_mass_kg(double volume_ml, double density_g_per_ml, double *mass_kg_out)
{
	double mass;
	int rc;

	/* A zero volume is refused: every consumer of a mass divides by it. */
	if ((rc = radioembo__require_positive("volume_ml", volume_ml)) ||
	    (rc = radioembo__require_tissue_density("density_g_per_ml", density_g_per_ml)) ||
	    (rc = radioembo__require_pointer("mass_kg_out", mass_kg_out)))
		return rc;
	mass = radioembo__mass_kg(volume_ml, density_g_per_ml);
	if ((rc = radioembo__require_representable("mass", mass)))
		return rc;
	/* A positive volume must give a positive mass, never one that underflowed to 0. */
	if (!(mass > 0.0))
		return radioembo__fail(RADIOEMBO_ERANGE, "volume_ml",
				       "mass underflows to 0 kg (volume_ml %.17g, density %.17g)",
				       volume_ml, density_g_per_ml);
	*mass_kg_out = mass;
	return RADIOEMBO_OK;
}
