/*
 * libradioembo - radioembolization planning and dosimetry
 * voxel.h: voxel dosimetry (DOMAIN.md section 13): activity maps from images, the local
 * deposition method, and dose-voxel-kernel convolution with kernels built for the image's
 * own spacing from a radial dose point kernel (Graves et al. 2019 for Y-90).
 *
 * Activity maps hold GBq per voxel at administration; dose maps Gy; density maps g/mL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_VOXEL_H
#define RADIOEMBO_VOXEL_H

#include "common.h"
#include "nuclide.h"
#include "volume.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct radioembo_kernel radioembo_kernel;

/* How radioembo_voxel_dose_kernel convolves. Values are frozen and append-only. */
typedef enum {
	RADIOEMBO_CONVOLUTION_AUTO = 0,   /* whichever is faster for the sizes */
	RADIOEMBO_CONVOLUTION_FFT = 1,    /* FFTW, plans reused */
	RADIOEMBO_CONVOLUTION_DIRECT = 2  /* direct summation */
} radioembo_convolution;

/*
 * Patient-relative calibration (EANM dosimetry SOP, Chiesa et al. 2021): the counts inside
 * mask (voxels where mask > 0.5) share activity_gbq * (1 - lsf) in proportion; voxels
 * outside the mask get 0. For several perfused territories, calibrate each with its own
 * mask and activity and add the maps with radioembo_volume_accumulate().
 */
RADIOEMBO_API int radioembo_voxel_activity_relative(const radioembo_volume *counts,
						    const radioembo_volume *mask,
						    double activity_gbq, double lsf,
						    radioembo_volume **activity_gbq_out);
/*
 * Absolute calibration: a quantitative image in Bq/mL acquired acquisition_h hours after
 * administration, decay-corrected back to administration with half_life_h:
 * A = C * V_voxel * 2^(acquisition_h / half_life_h), in GBq per voxel.
 */
RADIOEMBO_API int radioembo_voxel_activity_absolute(const radioembo_volume *bq_per_ml,
						    double half_life_h, double acquisition_h,
						    radioembo_volume **activity_gbq_out);
/*
 * Density from CT numbers: rho = (HU + 1000) / 1000 g/mL (water 1, air 0; Kao et al. 2014
 * as implemented in public lung-densitovolumetry code), floored at 0.001 g/mL (air).
 */
RADIOEMBO_API int radioembo_voxel_density_from_ct(const radioembo_volume *hounsfield,
						  radioembo_volume **density_g_per_ml_out);

/*
 * Local deposition method: D = dose_factor * A / (rho * V_voxel), all beta energy absorbed
 * in the voxel where it is emitted. density may be NULL: uniform_density_g_per_ml then
 * applies to every voxel.
 */
RADIOEMBO_API int radioembo_voxel_dose_ldm(const radioembo_volume *activity_gbq,
					   const radioembo_volume *density_g_per_ml,
					   double uniform_density_g_per_ml, double dose_factor,
					   radioembo_volume **dose_gy_out);

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
RADIOEMBO_API int radioembo_kernel_get_radius_voxels(const radioembo_kernel *kernel,
						     size_t *rx_out, size_t *ry_out,
						     size_t *rz_out);
/* Energy per decay the kernel deposits in all its voxels, MeV. */
RADIOEMBO_API int radioembo_kernel_energy_mev(const radioembo_kernel *kernel,
					      double *energy_mev_out);
/* Energy per decay deposited in the voxel at offset (dx, dy, dz) from the source, MeV. */
RADIOEMBO_API int radioembo_kernel_get_energy_mev(const radioembo_kernel *kernel, int64_t dx,
						  int64_t dy, int64_t dz,
						  double *energy_mev_out);

/*
 * Dose-voxel-kernel dose: the activity's decays (A * T / ln 2, complete decay) convolved
 * with the kernel give the energy in each voxel, divided by its mass (density, or the
 * uniform density where density is NULL). The kernel's spacing must be the activity's.
 */
RADIOEMBO_API int radioembo_voxel_dose_kernel(const radioembo_volume *activity_gbq,
					      const radioembo_kernel *kernel, double half_life_h,
					      const radioembo_volume *density_g_per_ml,
					      double uniform_density_g_per_ml,
					      radioembo_convolution method,
					      radioembo_volume **dose_gy_out);

/* BED voxel by voxel (radioembo_bed_gy(); BED is not linear in dose). */
RADIOEMBO_API int radioembo_voxel_bed(const radioembo_volume *dose_gy, double alpha_beta_gy,
				      double repair_half_time_h, double half_life_h,
				      radioembo_volume **bed_gy_out);

/* ---- added in 1.3 ------------------------------------------------------------------- */

/*
 * EQD2 voxel by voxel: the BED of radioembo_voxel_bed() divided by 1 + 2/(alpha/beta)
 * (radioembo_eqd2_gy()). Doses finite and >= 0.
 */
RADIOEMBO_API int radioembo_voxel_eqd2(const radioembo_volume *dose_gy, double alpha_beta_gy,
				       double repair_half_time_h, double half_life_h,
				       radioembo_volume **eqd2_gy_out);

/* A voxel dose method. Values are frozen and append-only. */
typedef enum {
	RADIOEMBO_VOXEL_METHOD_LDM = 1,   /* local deposition, radioembo_voxel_dose_ldm() */
	RADIOEMBO_VOXEL_METHOD_KERNEL = 2 /* dose-voxel kernel, radioembo_voxel_dose_kernel() */
} radioembo_voxel_method;

/*
 * The dose method the library uses for nuclide when `requested` is asked for, and why, as
 * one sentence (NUL-terminated, at most reason_size bytes with the NUL; ERANGE when it does
 * not fit): KERNEL only for nuclides whose dose point kernel the library holds (Y-90,
 * Graves et al. 2019); any other nuclide (Ho-166: no point kernel data in the library)
 * falls back to LDM, and the reason says so.
 */
RADIOEMBO_API int radioembo_voxel_dose_method(radioembo_nuclide nuclide,
					      radioembo_voxel_method requested,
					      radioembo_voxel_method *method_out, char *reason_out,
					      size_t reason_size);
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
						       double density_g_per_ml,
						       double spacing_x_mm, double spacing_y_mm,
						       double spacing_z_mm,
						       double truncation_radius_mm,
						       radioembo_kernel **kernel_out);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_VOXEL_H */
