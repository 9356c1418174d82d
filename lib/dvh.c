/*
 * Dose statistics of one structure of a label map: volume, mass, mean/min/max, Dx and Vx
 * from the voxel doses themselves, the cumulative DVH, gEUD and cell-survival EUD (through
 * the radiobiology module, DOMAIN.md section 12); and the fraction of the activity outside
 * every structure (DOMAIN.md section 13).
 *
 * Conventions (radioembo_dvh(3)): every voxel of a structure has the same volume, so each
 * counts 1/N of it; Dx and Vx are volume-weighted by voxel count, never by mass, as DVHs
 * are in radiotherapy (the mass only gives the structure's mass). Dx is not interpolated:
 * with the doses sorted d_1 >= ... >= d_N, Dx = d_ceil(xN).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Labels above 2^24 are not all representable in a float voxel. */
#define MAX_LABEL 16777216
/* 2^24 bins of 8 + 8 bytes: a 256 MiB curve, far beyond any useful resolution. */
#define MAX_BINS ((size_t)1 << 24)

struct radioembo_dvh {
	size_t count;          /* N voxels */
	double voxel_volume_ml;
	double mass_kg;
	double mean_gy;
	double *dose_gy;       /* N voxel doses, ascending */
	double bin_width_gy;
	size_t bin_count;
	double *curve;         /* bin_count fractions: voxels with dose >= k * bin_width_gy */
};

/* A voxel belongs to structure `label` (>= 1) when its value rounds to it. */
static int carries_label(float value, int label)
{
	double v = value;

	/* round() half away from zero: [L - 0.5, L + 0.5) rounds to L for L >= 1 */
	return v >= label - 0.5 && v < label + 0.5;
}

/* Volumes on one grid, every one present (density optional). */
/*
 * Sorts the structure's doses ascending. They come from a float volume and are >= 0, and
 * non-negative floats order as their bit patterns do: an LSD radix sort on those 32 bits,
 * a byte per pass, is O(n) where qsort dominated the whole DVH (bench/README).
 */
static int sort_doses(double *dose, size_t n)
{
	uint32_t *keys = radioembo__allocate(n * sizeof *keys, "DVH sort keys");
	uint32_t *scratch = radioembo__allocate(n * sizeof *scratch, "DVH sort keys");
	size_t i, shift;

	if (keys == NULL || scratch == NULL) {
		free(keys);
		free(scratch);
		return RADIOEMBO_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		float value = dose[i] == 0.0 ? 0.0f : (float)dose[i]; /* -0 sorts as +0 */
		memcpy(&keys[i], &value, sizeof value);
	}
	for (shift = 0; shift < 32; shift += 8) {
		size_t start[257] = { 0 };
		uint32_t *swap;

		for (i = 0; i < n; i++)
			start[((keys[i] >> shift) & 0xFFu) + 1]++;
		if (start[((keys[0] >> shift) & 0xFFu) + 1] == n)
			continue; /* every key shares this byte */
		for (i = 1; i < 257; i++)
			start[i] += start[i - 1];
		for (i = 0; i < n; i++)
			scratch[start[(keys[i] >> shift) & 0xFFu]++] = keys[i];
		swap = keys;
		keys = scratch;
		scratch = swap;
	}
	for (i = 0; i < n; i++) {
		float value;
		memcpy(&value, &keys[i], sizeof value);
		dose[i] = value;
	}
	free(keys);
	free(scratch);
	return RADIOEMBO_OK;
}

static int require_inputs(const radioembo_volume *dose_gy, const radioembo_volume *labels,
			  int label, const radioembo_volume *density_g_per_ml,
			  double uniform_density_g_per_ml, double bin_width_gy,
			  radioembo_dvh **dvh_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("dose_gy", dose_gy)) ||
	    (rc = radioembo__require_pointer("labels", labels)) ||
	    (rc = radioembo__volume_require_same_grid(dose_gy, "dose_gy", labels, "labels")))
		return rc;
	if (label < 1 || label > MAX_LABEL)
		return radioembo__fail(RADIOEMBO_EINVAL, "label must be within [1, %d], got %d",
				       MAX_LABEL, label);
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

/*
 * Counts the structure's voxels, checking their doses (>= 0: absorbed dose; clip
 * reconstruction noise first) and densities (tissue densities), and sums their mass in g.
 */
static int survey_structure(const float *dose, const float *labels, int label,
			    const float *density, double uniform_density, size_t total,
			    double voxel_volume_ml, size_t *count_out, double *mass_g_out)
{
	char name[64];
	double mass_g = 0.0;
	size_t i, count = 0;
	int rc;

	for (i = 0; i < total; i++) {
		if (!carries_label(labels[i], label))
			continue;
		if (!(dose[i] >= 0.0f))
			return radioembo__fail(RADIOEMBO_EINVAL,
					       "dose_gy voxel %zu of label %d must be >= 0, got %g", i,
					       label, (double)dose[i]);
		if (density != NULL) {
			/* the voxel's name is only written out on failure: this loop is hot */
			if (!(density[i] > 0.0f && density[i] <= RADIOEMBO__DENSITY_MAX_G_PER_ML)) {
				snprintf(name, sizeof name, "density_g_per_ml voxel %zu", i);
				if ((rc = radioembo__require_tissue_density(name, density[i])))
					return rc;
			}
			mass_g += density[i] * voxel_volume_ml;
		}
		count++;
	}
	if (count == 0)
		return radioembo__fail(RADIOEMBO_ENOTFOUND, "no voxel of labels carries label %d",
				       label);
	if (density == NULL)
		mass_g = uniform_density * voxel_volume_ml * (double)count;
	*count_out = count;
	*mass_g_out = mass_g;
	return RADIOEMBO_OK;
}

/*
 * The number of bins at 0, w, 2w, ...: the last above the maximum dose, the one before at
 * or below it, so that the curve ends at 0 (floor(max/w) + 2 bins; the ceil(max/w) + 1 of
 * the usual statement whenever max is not a multiple of w).
 */
static int bin_count_for(double max_gy, double width_gy, size_t *count_out)
{
	double quotient = max_gy / width_gy;
	size_t count;

	if (!(quotient <= (double)(MAX_BINS - 2)))
		return radioembo__fail(RADIOEMBO_EINVAL,
				       "bin_width_gy is too small for a maximum dose of %g Gy: more "
				       "than %zu bins",
				       max_gy, MAX_BINS);
	count = (size_t)floor(quotient) + 2;
	/* k * w is rounded: settle the two conditions on the doubles themselves */
	while (count > 2 && (double)(count - 2) * width_gy > max_gy)
		count--;
	while ((double)(count - 1) * width_gy <= max_gy)
		count++;
	*count_out = count;
	return RADIOEMBO_OK;
}

/* One sweep over the ascending doses: fraction of voxels with dose >= k * width. */
static void fill_curve(const double *dose, size_t n, double width, double *curve,
		       size_t bins)
{
	size_t k, below = 0;

	for (k = 0; k < bins; k++) {
		double level = (double)k * width;

		while (below < n && dose[below] < level)
			below++;
		curve[k] = (double)(n - below) / (double)n;
	}
}

void radioembo_dvh_free(radioembo_dvh *dvh)
{
	if (dvh == NULL)
		return;
	free(dvh->dose_gy);
	free(dvh->curve);
	free(dvh);
}

int radioembo_dvh_new(const radioembo_volume *dose_gy, const radioembo_volume *labels,
		      int label, const radioembo_volume *density_g_per_ml,
		      double uniform_density_g_per_ml, double bin_width_gy,
		      radioembo_dvh **dvh_out)
{
	const float *dose, *label_data, *density;
	double voxel_ml, mass_g = 0.0, sum = 0.0, compensation = 0.0;
	size_t total, count = 0, i, j;
	radioembo_dvh *dvh;
	int rc;

	if ((rc = require_inputs(dose_gy, labels, label, density_g_per_ml,
				 uniform_density_g_per_ml, bin_width_gy, dvh_out)) ||
	    (rc = radioembo_volume_voxel_count(dose_gy, &total)) ||
	    (rc = radioembo_volume_voxel_volume_ml(dose_gy, &voxel_ml)))
		return rc;
	dose = radioembo_volume_data(dose_gy);
	label_data = radioembo_volume_data(labels);
	density = radioembo_volume_data(density_g_per_ml);
	if ((rc = survey_structure(dose, label_data, label, density, uniform_density_g_per_ml,
				   total, voxel_ml, &count, &mass_g)))
		return rc;

	if ((dvh = radioembo__allocate(sizeof *dvh, "a DVH")) == NULL)
		return RADIOEMBO_ENOMEM;
	/* count <= 2^31 (a volume's limit): the sizes below cannot overflow */
	if ((dvh->dose_gy = radioembo__allocate(count * sizeof *dvh->dose_gy, "voxel doses")) ==
	    NULL) {
		radioembo_dvh_free(dvh);
		return RADIOEMBO_ENOMEM;
	}
	for (i = 0, j = 0; i < total; i++) {
		double d, t;

		if (!carries_label(label_data[i], label))
			continue;
		d = dvh->dose_gy[j++] = dose[i];
		/* Neumaier's compensated sum: millions of voxels do not drift */
		t = sum + d;
		compensation += fabs(sum) >= d ? (sum - t) + d : (d - t) + sum;
		sum = t;
	}
	if ((rc = sort_doses(dvh->dose_gy, count))) {
		radioembo_dvh_free(dvh);
		return rc;
	}
	dvh->count = count;
	dvh->voxel_volume_ml = voxel_ml;
	dvh->mass_kg = mass_g / 1000.0;
	dvh->mean_gy = (sum + compensation) / (double)count;
	dvh->bin_width_gy = bin_width_gy;
	if ((rc = bin_count_for(dvh->dose_gy[count - 1], bin_width_gy, &dvh->bin_count))) {
		radioembo_dvh_free(dvh);
		return rc;
	}
	if ((dvh->curve = radioembo__allocate(dvh->bin_count * sizeof *dvh->curve,
					      "the DVH curve")) == NULL) {
		radioembo_dvh_free(dvh);
		return RADIOEMBO_ENOMEM;
	}
	fill_curve(dvh->dose_gy, count, bin_width_gy, dvh->curve, dvh->bin_count);
	*dvh_out = dvh;
	return RADIOEMBO_OK;
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
	return get_value(dvh, dvh ? dvh->dose_gy[0] : 0.0, "min_gy_out", min_gy_out);
}

int radioembo_dvh_max_gy(const radioembo_dvh *dvh, double *max_gy_out)
{
	return get_value(dvh, dvh ? dvh->dose_gy[dvh->count - 1] : 0.0, "max_gy_out",
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
	/* the k-th highest of the ascending array */
	*dose_gy_out = dvh->dose_gy[dvh->count - k];
	return RADIOEMBO_OK;
}

int radioembo_dvh_volume_at_dose(const radioembo_dvh *dvh, double dose_gy,
				 double *volume_fraction_out)
{
	size_t low = 0, high;
	int rc;

	if ((rc = radioembo__require_pointer("dvh", dvh)) ||
	    (rc = radioembo__require_nonnegative("dose_gy", dose_gy)) ||
	    (rc = radioembo__require_pointer("volume_fraction_out", volume_fraction_out)))
		return rc;
	/* the first voxel at or above dose_gy (lower bound) */
	high = dvh->count;
	while (low < high) {
		size_t middle = low + (high - low) / 2;

		if (dvh->dose_gy[middle] < dose_gy)
			low = middle + 1;
		else
			high = middle;
	}
	*volume_fraction_out = (double)(dvh->count - low) / (double)dvh->count;
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
		return radioembo__fail(RADIOEMBO_EINVAL, "n must be the bin count %zu, got %zu",
				       dvh->bin_count, n);
	for (k = 0; k < n; k++) {
		dose_gy_out[k] = (double)k * dvh->bin_width_gy;
		volume_fraction_out[k] = dvh->curve[k];
	}
	return RADIOEMBO_OK;
}

/* N equal volume fractions 1/N, for the radiobiology module's EUD functions. */
static double *equal_fractions(size_t n)
{
	double *fraction;
	size_t i;

	if ((fraction = radioembo__allocate(n * sizeof *fraction, "volume fractions")) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		fraction[i] = 1.0 / (double)n;
	return fraction;
}

int radioembo_dvh_geud_gy(const radioembo_dvh *dvh, double a, double *geud_gy_out)
{
	double *fraction;
	int rc;

	/* a is checked here too, so that a bad one fails before the allocation */
	if ((rc = radioembo__require_pointer("dvh", dvh)) ||
	    (rc = radioembo__require_finite("a", a)) ||
	    (rc = radioembo__require_pointer("geud_gy_out", geud_gy_out)))
		return rc;
	if (a == 0.0)
		return radioembo__fail(RADIOEMBO_EINVAL, "a must not be 0, got 0");
	if ((fraction = equal_fractions(dvh->count)) == NULL)
		return RADIOEMBO_ENOMEM;
	rc = radioembo_geud_gy(dvh->dose_gy, fraction, dvh->count, a, geud_gy_out);
	free(fraction);
	return rc;
}

int radioembo_dvh_eud_survival_gy(const radioembo_dvh *dvh, double alpha_per_gy,
				  double *eud_gy_out)
{
	double *fraction;
	int rc;

	if ((rc = radioembo__require_pointer("dvh", dvh)) ||
	    (rc = radioembo__require_positive("alpha_per_gy", alpha_per_gy)) ||
	    (rc = radioembo__require_pointer("eud_gy_out", eud_gy_out)))
		return rc;
	if ((fraction = equal_fractions(dvh->count)) == NULL)
		return RADIOEMBO_ENOMEM;
	rc = radioembo_eud_survival_gy(dvh->dose_gy, fraction, dvh->count, alpha_per_gy,
				       eud_gy_out);
	free(fraction);
	return rc;
}

int radioembo_voxel_fraction_outside(const radioembo_volume *activity_gbq,
				     const radioembo_volume *labels, double *fraction_out)
{
	const float *activity, *label;
	double total = 0.0, outside = 0.0;
	size_t n, i;
	int rc;

	if ((rc = radioembo__require_pointer("activity_gbq", activity_gbq)) ||
	    (rc = radioembo__require_pointer("labels", labels)) ||
	    (rc = radioembo__volume_require_same_grid(activity_gbq, "activity_gbq", labels,
						      "labels")) ||
	    (rc = radioembo__require_pointer("fraction_out", fraction_out)) ||
	    (rc = radioembo_volume_voxel_count(activity_gbq, &n)))
		return rc;
	activity = radioembo_volume_data(activity_gbq);
	label = radioembo_volume_data(labels);
	for (i = 0; i < n; i++) {
		if (!(activity[i] >= 0.0f))
			return radioembo__fail(RADIOEMBO_EINVAL,
					       "activity_gbq voxel %zu must be >= 0, got %g", i,
					       (double)activity[i]);
		total += activity[i];
		/* outside: the label rounds to 0 or below (no structure is numbered < 1) */
		if (label[i] < 0.5f)
			outside += activity[i];
	}
	/* at most 2^31 floats: the double sum cannot overflow */
	if (!(total > 0.0))
		return radioembo__fail(RADIOEMBO_EINVAL,
				       "activity_gbq must hold some activity, its sum is 0");
	*fraction_out = outside / total;
	return RADIOEMBO_OK;
}
