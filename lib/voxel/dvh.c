/*
 * Dose statistics of one structure of a label map (voxel/label.h): volume, mass,
 * mean/min/max, Dx and Vx, the cumulative DVH (radioembo-sources(7) RADIOBIOLOGY). This file holds the
 * object, the checks both constructors share and the getters; the constructors live in
 * dvh_exact.c (every voxel dose kept) and dvh_binned.c (fixed bins), their sweeps in
 * dvh_sweep.c and dvh_simd.c, the EUDs in dvh_eud.c.
 *
 * Conventions (radioembo_dvh(3)): every voxel of a structure has the same volume, so each
 * counts 1/N of it; Dx and Vx are volume-weighted by voxel count, never by mass, as DVHs
 * are in radiotherapy (the mass only gives the structure's mass). Dx is not interpolated:
 * with the doses sorted d_1 >= ... >= d_N, Dx = d_ceil(xN).
 *
 * Negative doses (reconstruction noise of the activity image, which the calibration keeps
 * so that it does not bias the mean) are kept as they are by every dose statistic: mean,
 * minimum, Dx, Vx and the curve (whose first point, V(0), is then below 1); the
 * radiobiological EUDs take them as 0 Gy, as radioembo_voxel_bed() does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "voxel/dvh_internal.h"

int radioembo__dvh_require_inputs(const radioembo_volume *dose_gy, const radioembo_volume *labels,
				  int label, const radioembo_volume *density_g_per_ml,
				  double uniform_density_g_per_ml, double bin_width_gy,
				  radioembo_dvh **dvh_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("dose_gy", dose_gy)) ||
	    (rc = radioembo__require_pointer("labels", labels)) ||
	    (rc = radioembo__volume_require_same_grid(dose_gy, "dose_gy", labels, "labels")) ||
	    (rc = radioembo__require_label(label)))
		return rc;
	if (density_g_per_ml != NULL) {
		if ((rc = radioembo__volume_require_same_grid(dose_gy, "dose_gy", density_g_per_ml,
							      "density_g_per_ml")))
			return rc;
	} else if ((rc = radioembo__require_tissue_density("uniform_density_g_per_ml",
							    uniform_density_g_per_ml))) {
		return rc;
	}
	if ((rc = radioembo__require_positive("bin_width_gy", bin_width_gy)) ||
	    (rc = radioembo__require_pointer("dvh_out", dvh_out)))
		return rc;
	return RADIOEMBO_OK;
}

void radioembo_dvh_free(radioembo_dvh *dvh)
{
	if (dvh == NULL)
		return;
	free(dvh->bucket_start);
	free(dvh->low);
	free(dvh->curve);
	free(dvh->above);
	free(dvh);
}

void radioembo__dvh_set_statistics(radioembo_dvh *dvh, const struct radioembo__dvh_survey *s,
				   double voxel_ml, double bin_width_gy)
{
	dvh->count = s->count;
	dvh->voxel_volume_ml = voxel_ml;
	dvh->mass_kg = s->mass_g / 1000.0;
	dvh->mean_gy = (s->sum + s->compensation) / (double)s->count;
	dvh->min_gy = s->min;
	dvh->max_gy = s->max;
	dvh->bin_width_gy = bin_width_gy;
}

/* The shape of every scalar getter: dvh and the output present, then one value out. */
static int get_value(const radioembo_dvh *dvh, double value, const char *name, double *out)
{
	int rc;

	if ((rc = radioembo__require_pointer("dvh", dvh)) ||
	    (rc = radioembo__require_pointer(name, out)))
		return rc;
	*out = value;
	return RADIOEMBO_OK;
}

int radioembo_dvh_voxel_count(const radioembo_dvh *dvh, size_t *count_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("dvh", dvh)) ||
	    (rc = radioembo__require_pointer("count_out", count_out)))
		return rc;
	*count_out = dvh->count;
	return RADIOEMBO_OK;
}

int radioembo_dvh_volume_ml(const radioembo_dvh *dvh, double *volume_ml_out)
{
	return get_value(dvh, dvh ? (double)dvh->count * dvh->voxel_volume_ml : 0.0,
			 "volume_ml_out", volume_ml_out);
}

int radioembo_dvh_mass_kg(const radioembo_dvh *dvh, double *mass_kg_out)
{
	return get_value(dvh, dvh ? dvh->mass_kg : 0.0, "mass_kg_out", mass_kg_out);
}

int radioembo_dvh_mean_gy(const radioembo_dvh *dvh, double *mean_gy_out)
{
	return get_value(dvh, dvh ? dvh->mean_gy : 0.0, "mean_gy_out", mean_gy_out);
}

int radioembo_dvh_min_gy(const radioembo_dvh *dvh, double *min_gy_out)
{
	return get_value(dvh, dvh ? dvh->min_gy : 0.0, "min_gy_out", min_gy_out);
}

int radioembo_dvh_max_gy(const radioembo_dvh *dvh, double *max_gy_out)
{
	return get_value(dvh, dvh ? dvh->max_gy : 0.0, "max_gy_out",
			 max_gy_out);
}

int radioembo_dvh_dose_at_volume_gy(const radioembo_dvh *dvh, double volume_fraction,
				    double *dose_gy_out)
{
	double rank;
	size_t k;
	int rc;

	if ((rc = radioembo__require_pointer("dvh", dvh)) ||
	    (rc = radioembo__require_share("volume_fraction", volume_fraction)) ||
	    (rc = radioembo__require_pointer("dose_gy_out", dose_gy_out)))
		return rc;
	/*
	 * k = ceil(x N) in the descending order. x N is rounded: a product that lands a few
	 * ulps above an integer (0.07 * 100 = 7.000000000000001) must not take the next rank.
	 */
	rank = ceil(volume_fraction * (double)dvh->count * (1.0 - 4.0 * DBL_EPSILON));
	k = rank < 1.0 ? 1 : rank > (double)dvh->count ? dvh->count : (size_t)rank;
	/* the k-th highest: rank N - k of the ascending order */
	*dose_gy_out = dvh->above != NULL
			       ? radioembo__dvh_binned_dose_at_volume(dvh, volume_fraction, k)
			       : radioembo__dvh_dose_of_rank(dvh, dvh->count - k);
	return RADIOEMBO_OK;
}

int radioembo_dvh_volume_at_dose(const radioembo_dvh *dvh, double dose_gy,
				 double *volume_fraction_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("dvh", dvh)) ||
	    (rc = radioembo__require_nonnegative("dose_gy", dose_gy)) ||
	    (rc = radioembo__require_pointer("volume_fraction_out", volume_fraction_out)))
		return rc;
	*volume_fraction_out = dvh->above != NULL
				       ? radioembo__dvh_binned_volume_at_dose(dvh, dose_gy)
				       : (double)radioembo__dvh_count_at_or_above(dvh, dose_gy) /
						 (double)dvh->count;
	return RADIOEMBO_OK;
}

int radioembo_dvh_bin_count(const radioembo_dvh *dvh, size_t *count_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("dvh", dvh)) ||
	    (rc = radioembo__require_pointer("count_out", count_out)))
		return rc;
	*count_out = dvh->bin_count;
	return RADIOEMBO_OK;
}

int radioembo_dvh_get_curve(const radioembo_dvh *dvh, double *dose_gy_out,
			    double *volume_fraction_out, size_t n)
{
	size_t k;
	int rc;

	if ((rc = radioembo__require_pointer("dvh", dvh)) ||
	    (rc = radioembo__require_pointer("dose_gy_out", dose_gy_out)) ||
	    (rc = radioembo__require_pointer("volume_fraction_out", volume_fraction_out)))
		return rc;
	if (n != dvh->bin_count)
		return radioembo__fail(RADIOEMBO_EINVAL, "n",
				       "n must be the bin count %zu, got %zu", dvh->bin_count, n);
	for (k = 0; k < n; k++) {
		dose_gy_out[k] = (double)k * dvh->bin_width_gy;
		volume_fraction_out[k] = dvh->curve[k];
	}
	return RADIOEMBO_OK;
}
