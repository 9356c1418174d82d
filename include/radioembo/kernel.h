/*
 * libradioembo - radioembolization planning and dosimetry
 * kernel.h: dose-voxel kernels, built for an image's own spacing from a radial dose point
 * kernel (Graves et al. 2019 for Y-90), for radioembo_voxel_dose_kernel() (voxel.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_KERNEL_H
#define RADIOEMBO_KERNEL_H

#include "common.h"
#include "nuclide.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct radioembo_kernel radioembo_kernel;

/*
 * A dose-voxel kernel for a grid of the given spacing, from a radial dose point kernel:
 * shells with outer radii outer_radius_mm[i] (ascending, the first shell starts at 0) and
 * mean energy energy_mev[i] deposited in each per decay, in water (1 g/mL). The kernel
 * holds the energy deposited in each voxel around a decaying voxel (both uniformly filled),
 * out to truncation_radius_mm, normalized to the energy the point kernel deposits inside
 * that radius.
 */
RADIOEMBO_API int radioembo_kernel_new_from_dpk(const double *outer_radius_mm,
						const double *energy_mev, size_t n,
						double spacing_x_mm, double spacing_y_mm,
						double spacing_z_mm, double truncation_radius_mm,
						radioembo_kernel **kernel_out);
/*
 * The same from the built-in Y-90 beta point kernel of Graves, Flynn and Hyer, Med Phys
 * 2019;46:5284 (Zenodo record 2564036, file 90Y_64.10H_beta), 0.1 mm shells to 20 mm.
 */
RADIOEMBO_API int radioembo_kernel_new_y90(double spacing_x_mm, double spacing_y_mm,
					   double spacing_z_mm, double truncation_radius_mm,
					   radioembo_kernel **kernel_out);
RADIOEMBO_API void radioembo_kernel_free(radioembo_kernel *kernel);
/* Half-widths of the kernel in voxels: it spans (2 rx + 1) x (2 ry + 1) x (2 rz + 1). */
RADIOEMBO_API int radioembo_kernel_get_radius_voxels(const radioembo_kernel *kernel, size_t *rx_out,
						     size_t *ry_out, size_t *rz_out);
/* Energy per decay the kernel deposits in all its voxels together, MeV. */
RADIOEMBO_API int radioembo_kernel_total_energy_mev(const radioembo_kernel *kernel,
						    double *energy_mev_out);
/* The same total under its first name, kept for compatibility. */
RADIOEMBO_API int radioembo_kernel_energy_mev(const radioembo_kernel *kernel,
					      double *energy_mev_out);
/* Energy per decay deposited in the voxel at offset (dx, dy, dz) from the source, MeV. */
RADIOEMBO_API int radioembo_kernel_get_energy_mev(const radioembo_kernel *kernel, int64_t dx,
						  int64_t dy, int64_t dz, double *energy_mev_out);
/*
 * The library's built-in dose-voxel kernel of nuclide, as radioembo_kernel_new_y90() for
 * Y-90; RADIOEMBO_ENOTFOUND for a nuclide without point kernel data (Ho-166: use the LDM).
 */
RADIOEMBO_API int radioembo_kernel_new_nuclide(radioembo_nuclide nuclide, double spacing_x_mm,
					       double spacing_y_mm, double spacing_z_mm,
					       double truncation_radius_mm,
					       radioembo_kernel **kernel_out);
/*
 * The same kernel for a uniform medium of density_g_per_ml (within [0.001, 25] g/mL) by
 * range scaling: the point kernel's shell radii divided by the density, their energies
 * unchanged (lung at 0.3 g/mL: ranges 3.3 times water's). 1 g/mL gives
 * radioembo_kernel_new_nuclide()'s kernel. truncation_radius_mm is in the medium.
 */
RADIOEMBO_API int radioembo_kernel_new_nuclide_density(radioembo_nuclide nuclide,
						       double density_g_per_ml, double spacing_x_mm,
						       double spacing_y_mm, double spacing_z_mm,
						       double truncation_radius_mm,
						       radioembo_kernel **kernel_out);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_KERNEL_H */
