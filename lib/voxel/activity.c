/*
 * Activity maps from images and density from CT (radioembo-sources(7) TISSUE, VOXEL;
 * radioembo_voxel(3)).
 *   patient-relative: A_v = counts_v / sum_mask(counts) * A (1 - LSF), inside the mask
 *                     (EANM dosimetry SOP, Chiesa et al. EJNMMI Phys 2021);
 *   absolute:         A_v = C_v [Bq/mL] * V_voxel [mL] * 2^(t_acq / T) / 1e9 [GBq];
 *   density:          rho = (HU + 1000) / 1000 g/mL, at least 0.001 (Kao et al. EJNMMI Res
 *                     2014;4:33 as implemented in public lung-densitovolumetry code [C]).
 * Image values may be negative (reconstruction noise) and are kept as they are: clipping
 * would bias the mean.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "voxel/voxel_internal.h"

/* Air: the floor of the CT density conversion, g/mL. */
#define AIR_DENSITY_G_PER_ML 0.001
/* A mask voxel belongs to the mask above this value. */
#define MASK_THRESHOLD 0.5

/* EINVAL naming the first voxel of name that is not finite (writable through the data). */
int radioembo__voxel_require_finite(const char *name, const radioembo_volume *volume)
{
	const float *data = radioembo_volume_data(volume);
	size_t count, i;

	radioembo_volume_voxel_count(volume, &count);
	for (i = 0; i < count; i++)
		if (!isfinite(data[i]))
			return radioembo__fail(RADIOEMBO_EINVAL, name,
					       "%s voxel %zu must be finite, got %g", name, i,
					       (double)data[i]);
	return RADIOEMBO_OK;
}

/* A new zero volume on the grid (origin and direction too) of like. */
int radioembo__voxel_new_like(const radioembo_volume *like, radioembo_volume **out)
{
	size_t n[3];
	double h[3];
	int rc;

	radioembo__volume_shape(like, n, h);
	if ((rc = radioembo_volume_new(n[0], n[1], n[2], h[0], h[1], h[2], out)))
		return rc;
	radioembo__volume_copy_geometry(*out, like);
	return RADIOEMBO_OK;
}

/* Every voxel of a new map finite as a float, else ERANGE (the map is freed). */
int radioembo__voxel_require_representable(const char *what, radioembo_volume *map)
{
	const float *data = radioembo_volume_data(map);
	size_t count, i;

	radioembo_volume_voxel_count(map, &count);
	for (i = 0; i < count; i++)
		if (!isfinite(data[i])) {
			radioembo_volume_free(map);
			return radioembo__fail(RADIOEMBO_ERANGE, what,
					       "%s voxel %zu is not representable as a float", what,
					       i);
		}
	return RADIOEMBO_OK;
}

int radioembo_voxel_activity_relative(const radioembo_volume *counts,
				      const radioembo_volume *mask, double activity_gbq,
				      double lsf, radioembo_volume **activity_gbq_out)
{
	const float *c, *m;
	float *a;
	double sum = 0.0, scale;
	size_t count, i;
	radioembo_volume *activity;
	int rc;

	if ((rc = radioembo__require_pointer("counts", counts)) ||
	    (rc = radioembo__require_pointer("mask", mask)) ||
	    (rc = radioembo__volume_require_same_grid(counts, "counts", mask, "mask")) ||
	    (rc = radioembo__voxel_require_finite("counts", counts)) ||
	    (rc = radioembo__voxel_require_finite("mask", mask)) ||
	    (rc = radioembo__require_nonnegative("activity_gbq", activity_gbq)) ||
	    (rc = radioembo__require_fraction_below_one("lsf", lsf)) ||
	    (rc = radioembo__require_pointer("activity_gbq_out", activity_gbq_out)))
		return rc;
	c = radioembo_volume_data(counts);
	m = radioembo_volume_data(mask);
	radioembo_volume_voxel_count(counts, &count);
	for (i = 0; i < count; i++)
		if (m[i] > MASK_THRESHOLD)
			sum += c[i];
	if (!(sum > 0.0))
		return radioembo__fail(RADIOEMBO_EINVAL, "counts",
				       "counts inside mask must sum to > 0, got %g", sum);
	if ((rc = radioembo__voxel_new_like(counts, &activity)))
		return rc;
	a = radioembo_volume_data_mutable(activity);
	scale = activity_gbq * (1.0 - lsf) / sum;
	for (i = 0; i < count; i++)
		a[i] = m[i] > MASK_THRESHOLD ? (float)(c[i] * scale) : 0.0f;
	if ((rc = radioembo__voxel_require_representable("activity", activity)))
		return rc;
	*activity_gbq_out = activity;
	return RADIOEMBO_OK;
}

int radioembo_voxel_activity_absolute(const radioembo_volume *bq_per_ml, double half_life_h,
				      double acquisition_h, radioembo_volume **activity_gbq_out)
{
	const float *c;
	float *a;
	double voxel_ml, scale;
	size_t count, i;
	radioembo_volume *activity;
	int rc;

	if ((rc = radioembo__require_pointer("bq_per_ml", bq_per_ml)) ||
	    (rc = radioembo__voxel_require_finite("bq_per_ml", bq_per_ml)) ||
	    (rc = radioembo__require_positive("half_life_h", half_life_h)) ||
	    (rc = radioembo__require_nonnegative("acquisition_h", acquisition_h)) ||
	    (rc = radioembo__require_pointer("activity_gbq_out", activity_gbq_out)))
		return rc;
	radioembo_volume_voxel_volume_ml(bq_per_ml, &voxel_ml);
	/* back to administration: 2^(t/T) = exp(ln2 t / T); Bq -> GBq */
	scale = voxel_ml * exp(RADIOEMBO__LN2 * (acquisition_h / half_life_h)) * 1e-9;
	if ((rc = radioembo__require_representable("decay correction", scale)))
		return rc;
	if ((rc = radioembo__voxel_new_like(bq_per_ml, &activity)))
		return rc;
	c = radioembo_volume_data(bq_per_ml);
	a = radioembo_volume_data_mutable(activity);
	radioembo_volume_voxel_count(bq_per_ml, &count);
	for (i = 0; i < count; i++)
		a[i] = (float)(c[i] * scale);
	if ((rc = radioembo__voxel_require_representable("activity", activity)))
		return rc;
	*activity_gbq_out = activity;
	return RADIOEMBO_OK;
}

int radioembo_voxel_density_from_ct(const radioembo_volume *hounsfield,
				    radioembo_volume **density_g_per_ml_out)
{
	const float *hu;
	float *rho;
	size_t count, i;
	radioembo_volume *density;
	int rc;

	if ((rc = radioembo__require_pointer("hounsfield", hounsfield)) ||
	    (rc = radioembo__voxel_require_finite("hounsfield", hounsfield)) ||
	    (rc = radioembo__require_pointer("density_g_per_ml_out", density_g_per_ml_out)) ||
	    (rc = radioembo__voxel_new_like(hounsfield, &density)))
		return rc;
	hu = radioembo_volume_data(hounsfield);
	rho = radioembo_volume_data_mutable(density);
	radioembo_volume_voxel_count(hounsfield, &count);
	for (i = 0; i < count; i++) {
		double value = ((double)hu[i] + 1000.0) / 1000.0;

		rho[i] = (float)(value > AIR_DENSITY_G_PER_ML ? value : AIR_DENSITY_G_PER_ML);
	}
	*density_g_per_ml_out = density;
	return RADIOEMBO_OK;
}
