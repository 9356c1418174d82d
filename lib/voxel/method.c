/*
 * Which voxel dose method the library uses for a nuclide, and its built-in kernels
 * (radioembo-sources(7) VOXEL; radioembo_voxel(3), radioembo_kernel(3)): Ho-166 uses
 * its own kernel where data exist, otherwise the LDM, and the result says which. The library
 * holds one point kernel, Y-90's (Graves, Flynn and Hyer, Med Phys 2019;46:5284, dpk_y90.c);
 * the project's data (data/README) hold no Ho-166 kernel, so Ho-166 falls back to the local
 * deposition method (as the EANM dosimetry SOP does for both nuclides). A caller holding a Ho-166
 * point kernel builds it with radioembo_kernel_new_from_dpk() and calls
 * radioembo_voxel_dose_kernel().
 *
 * Density scaling (radioembo_kernel_new_nuclide_density()): in a uniform medium of density
 * rho the electrons' ranges scale as 1/rho, so the energy the water kernel deposits in the
 * shell [r_a, r_b] is deposited in [r_a / rho, r_b / rho] (range scaling, as Taranis scales
 * the Graves kernels, radioembo-sources(7) VOXEL [C]). The kernel remembers its density, and
 * radioembo_voxel_dose_kernel() refuses it for tissue of another density. Only a uniform
 * medium: a kernel varying voxel by voxel with the density map is not provided.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "voxel/voxel_internal.h"

/* Densities of the scaled kernels, g/mL: air (as the CT conversion's floor) to 25. */
#define MIN_DENSITY_G_PER_ML 0.001
#define MAX_DENSITY_G_PER_ML 25.0

/* The nuclides with a built-in point kernel. */
static int has_kernel(radioembo_nuclide nuclide)
{
	return nuclide == RADIOEMBO_NUCLIDE_Y90;
}

static int require_nuclide(radioembo_nuclide nuclide)
{
	if (radioembo_nuclide_name(nuclide) == NULL)
		return radioembo__fail(RADIOEMBO_EINVAL, "nuclide",
				       "nuclide must be RADIOEMBO_NUCLIDE_Y90 or "
				       "RADIOEMBO_NUCLIDE_HO166, got %d",
				       (int)nuclide);
	return RADIOEMBO_OK;
}

/* A valid nuclide whose point kernel ships with the library (ENOTFOUND otherwise). */
static int require_kernel_data(radioembo_nuclide nuclide)
{
	if (!has_kernel(nuclide))
		return radioembo__fail(
			RADIOEMBO_ENOTFOUND, "nuclide",
			"nuclide %s has no built-in dose point kernel: use the local "
			"deposition method or radioembo_kernel_new_from_dpk()",
			radioembo_nuclide_name(nuclide));
	return RADIOEMBO_OK;
}

int radioembo_voxel_dose_method(radioembo_nuclide nuclide, radioembo_voxel_method requested,
				radioembo_voxel_method *method_out, char *reason_out,
				size_t reason_size)
{
	const char *reason;
	radioembo_voxel_method method;
	size_t length;
	int rc;

	if ((rc = require_nuclide(nuclide)))
		return rc;
	if (requested != RADIOEMBO_VOXEL_METHOD_LDM && requested != RADIOEMBO_VOXEL_METHOD_KERNEL)
		return radioembo__fail(RADIOEMBO_EINVAL, "requested",
				       "requested must be RADIOEMBO_VOXEL_METHOD_LDM or "
				       "RADIOEMBO_VOXEL_METHOD_KERNEL, got %d",
				       (int)requested);
	if ((rc = radioembo__require_pointer("method_out", method_out)) ||
	    (rc = radioembo__require_pointer("reason_out", reason_out)))
		return rc;
	if (requested == RADIOEMBO_VOXEL_METHOD_LDM) {
		method = RADIOEMBO_VOXEL_METHOD_LDM;
		reason = "local deposition method, as requested (EANM dosimetry SOP)";
	} else if (has_kernel(nuclide)) {
		method = RADIOEMBO_VOXEL_METHOD_KERNEL;
		reason = "dose-voxel kernel, as requested: Y-90 beta dose point kernel of Graves "
			 "et al. Med Phys 2019;46:5284";
	} else {
		method = RADIOEMBO_VOXEL_METHOD_LDM;
		reason = "local deposition method instead of the requested kernel: the library "
			 "has no Ho-166 dose point kernel";
	}
	length = strlen(reason);
	if (reason_size <= length)
		return radioembo__fail(RADIOEMBO_ERANGE, "reason_size",
				       "reason_size must be at least %zu bytes, got %zu",
				       length + 1, reason_size);
	memcpy(reason_out, reason, length + 1);
	*method_out = method;
	return RADIOEMBO_OK;
}

int radioembo_kernel_new_nuclide(radioembo_nuclide nuclide, double spacing_x_mm,
				 double spacing_y_mm, double spacing_z_mm,
				 double truncation_radius_mm, radioembo_kernel **kernel_out)
{
	int rc;

	if ((rc = require_nuclide(nuclide)) || (rc = require_kernel_data(nuclide)))
		return rc;
	return radioembo_kernel_new_y90(spacing_x_mm, spacing_y_mm, spacing_z_mm,
					truncation_radius_mm, kernel_out);
}

int radioembo_kernel_new_nuclide_density(radioembo_nuclide nuclide, double density_g_per_ml,
					 double spacing_x_mm, double spacing_y_mm,
					 double spacing_z_mm, double truncation_radius_mm,
					 radioembo_kernel **kernel_out)
{
	size_t rows, i;
	double *radius, *energy;
	int rc;

	if ((rc = require_nuclide(nuclide)) ||
	    (rc = radioembo__require_within("density_g_per_ml", density_g_per_ml,
					    MIN_DENSITY_G_PER_ML, MAX_DENSITY_G_PER_ML)) ||
	    (rc = require_kernel_data(nuclide)))
		return rc;
	rows = radioembo__dpk_y90_rows();
	if ((radius = radioembo__allocate(2 * rows * sizeof *radius,
					  "the scaled point kernel")) == NULL)
		return RADIOEMBO_ENOMEM;
	energy = radius + rows;
	radioembo__dpk_y90(radius, energy);
	/* ranges scale as 1/rho; density 1 leaves every radius bit for bit as it is */
	for (i = 0; i < rows; i++)
		radius[i] /= density_g_per_ml;
	rc = radioembo_kernel_new_from_dpk(radius, energy, rows, spacing_x_mm, spacing_y_mm,
					   spacing_z_mm, truncation_radius_mm, kernel_out);
	free(radius);
	if (rc == RADIOEMBO_OK)
		(*kernel_out)->density_g_per_ml = density_g_per_ml;
	return rc;
}
