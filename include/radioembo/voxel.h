/*
 * libradioembo - radioembolization planning and dosimetry
 * voxel.h: voxel dosimetry (radioembo-sources(7) VOXEL): activity maps from images, the local
 * deposition method, dose-voxel-kernel convolution (the kernels are in kernel.h), BED and
 * EQD2 maps; metrics of the structures of a label map beside the DVH (dvh.h); and how two
 * dose maps on the same grid agree (pre/post: mean differences, 3D gamma, isodose Dice).
 *
 * Activity maps hold GBq per voxel at administration; dose maps Gy; density maps g/mL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_VOXEL_H
#define RADIOEMBO_VOXEL_H

#include "common.h"
#include "kernel.h"
#include "nuclide.h"
#include "volume.h"

#ifdef __cplusplus
extern "C" {
#endif

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
 * The same on up to threads threads (1 to 1024), started for the call and joined before it
 * returns, each computing a contiguous share of the voxels. radioembo_voxel_dose_ldm() is
 * this with 1 thread. The dose map does not depend on the thread count.
 */
RADIOEMBO_API int radioembo_voxel_dose_ldm_threads(const radioembo_volume *activity_gbq,
						   const radioembo_volume *density_g_per_ml,
						   double uniform_density_g_per_ml,
						   double dose_factor, size_t threads,
						   radioembo_volume **dose_gy_out);

/*
 * Dose-voxel-kernel dose: the activity's decays (A * T / ln 2, complete decay) convolved
 * with the kernel give the energy in each voxel, divided by its mass (density, or the
 * uniform density where density is NULL). The kernel's spacing must be the activity's, and
 * its density (radioembo_kernel_get_density_g_per_ml) within 1 % of the tissue's as
 * radioembo_voxel_kernel_density_g_per_ml() defines it (EINVAL otherwise).
 */
RADIOEMBO_API int radioembo_voxel_dose_kernel(const radioembo_volume *activity_gbq,
					      const radioembo_kernel *kernel, double half_life_h,
					      const radioembo_volume *density_g_per_ml,
					      double uniform_density_g_per_ml,
					      radioembo_convolution method,
					      radioembo_volume **dose_gy_out);
/*
 * The same on up to threads threads (1 to 1024), started for the call and joined before it
 * returns: the direct sum is split by image planes, the FFT's blocks are taken one at a time
 * by whichever thread is free.
 * radioembo_voxel_dose_kernel() is this with 1 thread; the library never picks a count
 * itself. The dose map does not depend on the thread count.
 */
RADIOEMBO_API int radioembo_voxel_dose_kernel_threads(
	const radioembo_volume *activity_gbq, const radioembo_kernel *kernel, double half_life_h,
	const radioembo_volume *density_g_per_ml, double uniform_density_g_per_ml,
	radioembo_convolution method, size_t threads, radioembo_volume **dose_gy_out);

/*
 * The density a kernel for this activity must be range-scaled to
 * (radioembo_kernel_new_nuclide_density): uniform_density_g_per_ml when density is NULL,
 * otherwise the activity-weighted mean of the density map over the voxels of positive
 * activity (the map's plain mean when none has any). Voxels far from it (lung) still get
 * their own mass; see the radioembo_voxel_dose_kernel man page (section 3).
 */
RADIOEMBO_API int radioembo_voxel_kernel_density_g_per_ml(const radioembo_volume *activity_gbq,
							  const radioembo_volume *density_g_per_ml,
							  double uniform_density_g_per_ml,
							  double *density_g_per_ml_out);
/* BED voxel by voxel (radioembo_bed_gy(); BED is not linear in dose). */
RADIOEMBO_API int radioembo_voxel_bed(const radioembo_volume *dose_gy, double alpha_beta_gy,
				      double repair_half_time_h, double half_life_h,
				      radioembo_volume **bed_gy_out);

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
 * The fraction of the total activity lying outside every labelled structure: in voxels
 * whose label value rounds to 0 or below. Activity voxels >= 0, their sum > 0.
 */
RADIOEMBO_API int radioembo_voxel_fraction_outside(const radioembo_volume *activity_gbq,
						   const radioembo_volume *labels,
						   double *fraction_out);

/*
 * 3D gamma index of evaluated against reference (Low et al. 1998): criteria
 * dose_criterion (a fraction of the reference maximum, global) and distance_mm; voxels
 * whose reference dose is below threshold (a fraction of the maximum) are not evaluated
 * (gamma 0 in the map). The map holds gamma per voxel; pass_rate_out the fraction of
 * evaluated voxels with gamma <= 1. dose_criterion in (0, 1], distance_mm > 0, threshold in
 * [0, 1); the reference maximum must be > 0. Computed on the voxel grid (no interpolation),
 * searching up to 2 * distance_mm: gamma values below 2 are exact on the grid, larger ones
 * are upper bounds. See the radioembo_voxel_structure man page (section 3) for the
 * discretization caveat.
 */
RADIOEMBO_API int radioembo_voxel_gamma(const radioembo_volume *reference,
					const radioembo_volume *evaluated, double dose_criterion,
					double distance_mm, double threshold,
					radioembo_volume **gamma_out, double *pass_rate_out);
/*
 * Dice similarity 2|A n B| / (|A| + |B|) of the isodose volumes {dose >= level_gy} (level
 * > 0) of two maps on one grid. ENOTFOUND when neither map reaches the level.
 */
RADIOEMBO_API int radioembo_voxel_isodose_dice(const radioembo_volume *a, const radioembo_volume *b,
					       double level_gy, double *dice_out);

/*
 * EUBED of structure `label` of labels (rounding as radioembo_dvh_new(), 1 .. 2^24): the
 * cell-survival EUD of its voxel BEDs, every voxel weighing 1/N,
 * -(1/alpha) ln((1/N) sum exp(-alpha BED_i)), BED_i = radioembo_bed_gy(D_i) (Dale 1985;
 * O'Donoghue 1999). Doses of the structure finite and >= 0. ENOTFOUND if no voxel carries
 * the label.
 */
RADIOEMBO_API int radioembo_voxel_eubed_gy(const radioembo_volume *dose_gy,
					   const radioembo_volume *labels, int label,
					   double alpha_per_gy, double alpha_beta_gy,
					   double repair_half_time_h, double half_life_h,
					   double *eubed_gy_out);

/*
 * Per-structure mean-dose agreement of two dose maps on one grid (pre: planned, post:
 * verification): the mean of each map over the voxels of structure `label` (every voxel
 * weighing 1/N; finite doses, negative ones from reconstruction noise kept), their
 * difference post - pre and the relative difference (post - pre) / pre. ENOTFOUND if no
 * voxel carries the label; ERANGE when the pre mean is 0 (no relative difference).
 */
RADIOEMBO_API int radioembo_voxel_mean_agreement(const radioembo_volume *pre_gy,
						 const radioembo_volume *post_gy,
						 const radioembo_volume *labels, int label,
						 double *pre_mean_gy_out, double *post_mean_gy_out,
						 double *difference_gy_out,
						 double *relative_difference_out);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_VOXEL_H */
