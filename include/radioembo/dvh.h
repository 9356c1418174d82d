/*
 * libradioembo - radioembolization planning and dosimetry
 * dvh.h: what a dose map means for a structure (a lesion, the liver, the lungs): volume,
 * mass, mean/min/max, Dx and Vx, the cumulative dose-volume histogram and the EUDs. The
 * other per-structure metrics (EUBED, pre/post agreement, activity outside every
 * structure) and the comparison of two dose maps are in voxel.h.
 *
 * Structures are label maps (a voxel belongs to structure L when its value rounds to L) or
 * masks (label 1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_DVH_H
#define RADIOEMBO_DVH_H

#include "common.h"
#include "volume.h"
/* The structure metrics, declared here before 1.4, so that this header still gives them. */
#include "voxel.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct radioembo_dvh radioembo_dvh;

/*
 * The dose statistics of structure `label` (1 .. 2^24) of labels, on dose_gy's grid (the
 * voxels whose label value rounds to `label`; their doses must be >= 0). density may be
 * NULL (uniform_density_g_per_ml everywhere; it is ignored otherwise) and weights masses
 * only. bin_width_gy (> 0) sets the cumulative histogram's bins. ENOTFOUND if no voxel
 * carries the label.
 */
RADIOEMBO_API int radioembo_dvh_new(const radioembo_volume *dose_gy,
				    const radioembo_volume *labels, int label,
				    const radioembo_volume *density_g_per_ml,
				    double uniform_density_g_per_ml, double bin_width_gy,
				    radioembo_dvh **dvh_out);
/*
 * The same on up to threads threads (1 to 1024), started for the call and joined before it
 * returns, each sweeping contiguous parts of the volumes. radioembo_dvh_new() is this with 1
 * thread; the library never picks a count itself. Every statistic, Dx, Vx, the curve and the
 * EUDs do not depend on the thread count, bit for bit.
 */
RADIOEMBO_API int radioembo_dvh_new_threads(const radioembo_volume *dose_gy,
					    const radioembo_volume *labels, int label,
					    const radioembo_volume *density_g_per_ml,
					    double uniform_density_g_per_ml, double bin_width_gy,
					    size_t threads, radioembo_dvh **dvh_out);
RADIOEMBO_API void radioembo_dvh_free(radioembo_dvh *dvh);

RADIOEMBO_API int radioembo_dvh_voxel_count(const radioembo_dvh *dvh, size_t *count_out);
RADIOEMBO_API int radioembo_dvh_volume_ml(const radioembo_dvh *dvh, double *volume_ml_out);
RADIOEMBO_API int radioembo_dvh_mass_kg(const radioembo_dvh *dvh, double *mass_kg_out);
/* Mean (volume-weighted), minimum and maximum voxel dose, Gy. */
RADIOEMBO_API int radioembo_dvh_mean_gy(const radioembo_dvh *dvh, double *mean_gy_out);
RADIOEMBO_API int radioembo_dvh_min_gy(const radioembo_dvh *dvh, double *min_gy_out);
RADIOEMBO_API int radioembo_dvh_max_gy(const radioembo_dvh *dvh, double *max_gy_out);
/*
 * Dx: the minimum dose received by the hottest volume_fraction (0 < f <= 1) of the
 * structure, e.g. 0.9 for D90; Vx: the fraction of the structure receiving at least
 * dose_gy (>= 0). Both from the voxel doses themselves (not from the binned histogram),
 * every voxel counting 1/N of the volume, without interpolation: with the doses sorted
 * d_1 >= ... >= d_N, Dx = d_k, k = ceil(x N), the highest dose that at least a fraction x
 * of the volume receives; Vx = #{d_i >= dose_gy} / N. See the radioembo_dvh man page (section 3).
 */
RADIOEMBO_API int radioembo_dvh_dose_at_volume_gy(const radioembo_dvh *dvh,
						  double volume_fraction, double *dose_gy_out);
RADIOEMBO_API int radioembo_dvh_volume_at_dose(const radioembo_dvh *dvh, double dose_gy,
					       double *volume_fraction_out);
/*
 * The cumulative histogram: bin_count bins at 0, w, 2w, ... Gy (w = bin_width_gy), the last
 * one above the maximum dose (so the curve ends at 0); the fraction of the voxels receiving
 * >= each bin's dose. get_curve fills n == bin_count values into each array.
 */
RADIOEMBO_API int radioembo_dvh_bin_count(const radioembo_dvh *dvh, size_t *count_out);
RADIOEMBO_API int radioembo_dvh_get_curve(const radioembo_dvh *dvh, double *dose_gy_out,
					  double *volume_fraction_out, size_t n);
/* gEUD (power a) and cell-survival EUD (alpha) of the structure's voxel doses. */
RADIOEMBO_API int radioembo_dvh_geud_gy(const radioembo_dvh *dvh, double a,
					double *geud_gy_out);
RADIOEMBO_API int radioembo_dvh_eud_survival_gy(const radioembo_dvh *dvh, double alpha_per_gy,
						double *eud_gy_out);

/*
 * A binned DVH: the statistics of radioembo_dvh_new() (same arguments, structure selection
 * and negative-dose policy) in one sweep over the volumes, without keeping the voxel
 * doses. bin_count (1 .. 2^24) fixed bins [k w, (k + 1) w) from 0 Gy (w = bin_width_gy > 0,
 * bin_count * w finite); negative doses are counted below the first bin, doses >=
 * bin_count * w above the last. Count, volume, mass, mean, min and max are exact; the curve
 * (bin_count points, the fraction >= k w) is exact at its points. Dx and Vx are linearly
 * interpolated within a bin, whose range is narrowed to [min, max] (the overflow bin is
 * [bin_count w, max], the underflow [min, 0)): Dx lies in the bin of the exact Dx, so it
 * is within that bin's width (at most w inside the bins) of it; Vx is exact at the bin
 * edges and off by at most the fraction of the voxels in dose_gy's bin. The EUD getters
 * need the voxel doses and fail with EINVAL on a binned DVH. See the man page radioembo_dvh.3.
 */
RADIOEMBO_API int radioembo_dvh_new_binned(const radioembo_volume *dose_gy,
					   const radioembo_volume *labels, int label,
					   const radioembo_volume *density_g_per_ml,
					   double uniform_density_g_per_ml,
					   double bin_width_gy, size_t bin_count,
					   radioembo_dvh **dvh_out);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_DVH_H */
