/*
 * Per-structure voxel metrics added in 1.3 (../shared/DOMAIN.md sections 12 and 13;
 * radioembo_voxel_structure(3)): EQD2 maps, the EUBED of a structure and the mean-dose
 * agreement of two dose maps (pre/post) in a structure.
 *   EQD2_v  = BED_v / (1 + 2 / (alpha/beta)),  BED_v = D_v (1 + g D_v),
 *             g = T_rep / ((T_rep + T_phys) alpha/beta)            (Dale 1985)
 *   EUBED   = -(1/alpha) ln((1/N) sum_i exp(-alpha BED_i))        (O'Donoghue 1999)
 * computed as BED_min - (1/alpha) ln((1/N) sum exp(-alpha (BED_i - BED_min))), which
 * neither underflows (every term <= 1, one term = 1) nor loses the small BEDs.
 *   mean agreement: pre and post means over the structure's N voxels (each 1/N of its
 *   volume: one grid), post - pre and (post - pre) / pre.
 * A voxel belongs to structure L when its label value rounds to L, as in lib/dvh.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>

#include "voxel/voxel_internal.h"

/* Labels 1 .. 2^24: every one is exact in a float (as lib/dvh.c). */
#define MAX_LABEL 16777216

/* A voxel belongs to structure `label` (>= 1) when its value rounds to it. */
static int carries_label(float value, int label)
{
	double v = value;

	/* [L - 0.5, L + 0.5) rounds to L (half away from zero) for L >= 1; NaN never */
	return v >= label - 0.5 && v < label + 0.5;
}

static int require_label(int label)
{
	if (label < 1 || label > MAX_LABEL)
		return radioembo__fail(RADIOEMBO_EINVAL, "label",
				       "label must be within [1, %d], got %d", MAX_LABEL, label);
	return RADIOEMBO_OK;
}

/*
 * A negative dose voxel (noise of a signed activity image) received no dose: BED is defined
 * for doses >= 0, so it counts as 0 Gy, as in radioembo_voxel_bed and the DVH's EUDs.
 */
static double dose_or_zero(float dose_gy)
{
	return dose_gy > 0.0f ? (double)dose_gy : 0.0;
}

int radioembo_voxel_eqd2(const radioembo_volume *dose_gy, double alpha_beta_gy,
			 double repair_half_time_h, double half_life_h,
			 radioembo_volume **eqd2_gy_out)
{
	radioembo_volume *map = NULL;
	float *v;
	size_t count, i;
	double check;
	int rc;

	/* the BED map validates the dose and the BED parameters, naming them */
	if ((rc = radioembo__require_pointer("dose_gy", dose_gy)) ||
	    (rc = radioembo_eqd2_gy(0.0, alpha_beta_gy, &check)) ||
	    (rc = radioembo__require_pointer("eqd2_gy_out", eqd2_gy_out)) ||
	    (rc = radioembo_voxel_bed(dose_gy, alpha_beta_gy, repair_half_time_h, half_life_h,
				      &map)))
		return rc;
	v = radioembo_volume_data_mutable(map);
	radioembo_volume_voxel_count(map, &count);
	for (i = 0; i < count; i++) {
		double eqd2;

		/* a finite float BED >= 0 and alpha/beta > 0: cannot fail, only shrink */
		if ((rc = radioembo_eqd2_gy((double)v[i], alpha_beta_gy, &eqd2))) {
			radioembo_volume_free(map);
			return rc;
		}
		v[i] = (float)eqd2;
	}
	*eqd2_gy_out = map;
	return RADIOEMBO_OK;
}

int radioembo_voxel_eubed_gy(const radioembo_volume *dose_gy, const radioembo_volume *labels,
			     int label, double alpha_per_gy, double alpha_beta_gy,
			     double repair_half_time_h, double half_life_h, double *eubed_gy_out)
{
	const float *d, *l;
	double bed_min = INFINITY, sum = 0.0, eubed, bed;
	size_t count, i, n = 0;
	int rc;

	if ((rc = radioembo__require_pointer("dose_gy", dose_gy)) ||
	    (rc = radioembo__require_pointer("labels", labels)) ||
	    (rc = radioembo__volume_require_same_grid(dose_gy, "dose_gy", labels, "labels")) ||
	    (rc = require_label(label)) ||
	    (rc = radioembo__require_positive("alpha_per_gy", alpha_per_gy)) ||
	    (rc = radioembo_bed_gy(0.0, alpha_beta_gy, repair_half_time_h, half_life_h, &bed)) ||
	    (rc = radioembo__require_pointer("eubed_gy_out", eubed_gy_out)))
		return rc;
	d = radioembo_volume_data(dose_gy);
	l = radioembo_volume_data(labels);
	radioembo_volume_voxel_count(dose_gy, &count);
	for (i = 0; i < count; i++) {
		if (!carries_label(l[i], label))
			continue;
		if (!isfinite(d[i]))
			return radioembo__fail(
				RADIOEMBO_EINVAL, "dose_gy",
				"dose_gy voxel %zu of label %d must be finite, got %g", i, label,
				(double)d[i]);
		/* a float dose >= 0 with valid parameters: BED is finite (< 3.5e38^2 / 0) */
		if ((rc = radioembo_bed_gy(dose_or_zero(d[i]), alpha_beta_gy, repair_half_time_h,
					   half_life_h, &bed)))
			return rc;
		if (bed < bed_min)
			bed_min = bed;
		n++;
	}
	if (n == 0)
		return radioembo__fail(RADIOEMBO_ENOTFOUND, "label",
				       "no voxel of labels carries label %d", label);
	for (i = 0; i < count; i++)
		if (carries_label(l[i], label)) {
			radioembo_bed_gy(dose_or_zero(d[i]), alpha_beta_gy, repair_half_time_h,
					 half_life_h, &bed);
			sum += exp(-alpha_per_gy * (bed - bed_min));
		}
	/* sum >= 1 (the minimum's own term), so the logarithm is finite and <= ln N */
	eubed = bed_min - log(sum / (double)n) / alpha_per_gy;
	if ((rc = radioembo__require_representable("EUBED", eubed)))
		return rc;
	*eubed_gy_out = eubed;
	return RADIOEMBO_OK;
}

int radioembo_voxel_mean_agreement(const radioembo_volume *pre_gy,
				   const radioembo_volume *post_gy,
				   const radioembo_volume *labels, int label,
				   double *pre_mean_gy_out, double *post_mean_gy_out,
				   double *difference_gy_out, double *relative_difference_out)
{
	const float *a, *b, *l;
	double pre = 0.0, post = 0.0, difference, relative;
	size_t count, i, n = 0;
	int rc;

	if ((rc = radioembo__require_pointer("pre_gy", pre_gy)) ||
	    (rc = radioembo__require_pointer("post_gy", post_gy)) ||
	    (rc = radioembo__require_pointer("labels", labels)) ||
	    (rc = radioembo__volume_require_same_grid(pre_gy, "pre_gy", post_gy, "post_gy")) ||
	    (rc = radioembo__volume_require_same_grid(pre_gy, "pre_gy", labels, "labels")) ||
	    (rc = require_label(label)) ||
	    (rc = radioembo__require_pointer("pre_mean_gy_out", pre_mean_gy_out)) ||
	    (rc = radioembo__require_pointer("post_mean_gy_out", post_mean_gy_out)) ||
	    (rc = radioembo__require_pointer("difference_gy_out", difference_gy_out)) ||
	    (rc = radioembo__require_pointer("relative_difference_out", relative_difference_out)))
		return rc;
	a = radioembo_volume_data(pre_gy);
	b = radioembo_volume_data(post_gy);
	l = radioembo_volume_data(labels);
	radioembo_volume_voxel_count(pre_gy, &count);
	for (i = 0; i < count; i++) {
		if (!carries_label(l[i], label))
			continue;
		if (!isfinite(a[i]))
			return radioembo__fail(
				RADIOEMBO_EINVAL, "pre_gy",
				"pre_gy voxel %zu of label %d must be finite, got %g", i, label,
				(double)a[i]);
		if (!isfinite(b[i]))
			return radioembo__fail(
				RADIOEMBO_EINVAL, "post_gy",
				"post_gy voxel %zu of label %d must be finite, got %g", i, label,
				(double)b[i]);
		/* float values summed in double: at most 2^24 * 3.4e38 < 1.8e308, exact enough */
		pre += a[i];
		post += b[i];
		n++;
	}
	if (n == 0)
		return radioembo__fail(RADIOEMBO_ENOTFOUND, "label",
				       "no voxel of labels carries label %d", label);
	pre /= (double)n;
	post /= (double)n;
	difference = post - pre;
	if (pre == 0.0)
		return radioembo__fail(RADIOEMBO_ERANGE, "pre_gy",
				       "the relative difference of label %d is undefined: the "
				       "pre_gy mean is 0",
				       label);
	relative = difference / pre;
	if ((rc = radioembo__require_representable("the relative difference", relative)))
		return rc;
	*pre_mean_gy_out = pre;
	*post_mean_gy_out = post;
	*difference_gy_out = difference;
	*relative_difference_out = relative;
	return RADIOEMBO_OK;
}
