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
/*
 * The density of the medium the kernel's point kernel was range-scaled to, g/mL: 1 (water)
 * for radioembo_kernel_new_from_dpk(), radioembo_kernel_new_y90() and
 * radioembo_kernel_new_nuclide(); the density given to radioembo_kernel_new_nuclide_density().
 */
RADIOEMBO_API int radioembo_kernel_get_density_g_per_ml(const radioembo_kernel *kernel,
							double *density_g_per_ml_out);
/*
 * Scales every value of the kernel by one factor so that its total energy per decay
 * (radioembo_kernel_total_energy_mev) is energy_mev, within (0, 1000) MeV: for example the
 * energy per decay a product's dose factor implies (radioembo_kernel_dose_factor_energy_mev),
 * so that kernel and local-deposition doses of one plan agree in a uniform region.
 */
RADIOEMBO_API int radioembo_kernel_set_total_energy_mev(radioembo_kernel *kernel,
							double energy_mev);
/*
 * The energy per decay, MeV, a dose factor (Gy kg/GBq of complete decay, as
 * radioembo_nuclide_dose_factor) implies for a nuclide of half_life_h:
 * E = DF ln 2 / (1e9 * 3600 * half_life_h) / 1.602176634e-13 J/MeV. TheraSphere's
 * 50 Gy kg/GBq at 64.1 h: 0.9375 MeV, 0.8 % above the Y-90 point kernel's 0.930 MeV.
 */
RADIOEMBO_API int radioembo_kernel_dose_factor_energy_mev(double dose_factor_gy_kg_per_gbq,
							  double half_life_h,
							  double *energy_mev_out);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_KERNEL_H */
