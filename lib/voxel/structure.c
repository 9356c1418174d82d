/*
 * Metrics of the structures of a label map (voxel/label.h; radioembo_voxel_structure(3)):
 * the EUBED of a structure, the mean-dose agreement of two dose maps (pre/post) in a
 * structure, and the fraction of the activity outside every structure (radioembo-sources(7) sections
 * 12 and 13).
 *   EUBED   = -(1/alpha) ln((1/N) sum_i exp(-alpha BED_i))        (O'Donoghue 1999)
 *   BED_i   = D_i (1 + g D_i),  g = T_rep / ((T_rep + T_phys) alpha/beta)  (Dale 1985)
 * computed as BED_min - (1/alpha) ln((1/N) sum exp(-alpha (BED_i - BED_min))), which
 * neither underflows (every term <= 1, one term = 1) nor loses the small BEDs.
 *   mean agreement: pre and post means over the structure's N voxels (each 1/N of its
 *   volume: one grid), post - pre and (post - pre) / pre.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>

#include "voxel/label.h"
#include "voxel/voxel_internal.h"

/*
 * A negative dose voxel (noise of a signed activity image) received no dose: BED is defined
 * for doses >= 0, so it counts as 0 Gy, as in radioembo_voxel_bed and the DVH's EUDs.
 */
static double dose_or_zero(float dose_gy)
{
	return dose_gy > 0.0f ? (double)dose_gy : 0.0;
}

int radioembo_voxel_eubed_gy(const radioembo_volume *dose_gy, const radioembo_volume *labels,
			     int label, double alpha_per_gy, double alpha_beta_gy,
			     double repair_half_time_h, double half_life_h, double *eubed_gy_out)
{
	struct radioembo__label_range range = radioembo__label_range(label);
	const float *d, *l;
	double bed_min = INFINITY, sum = 0.0, eubed, bed;
	size_t count, i, n = 0;
	int rc;

	if ((rc = radioembo__require_pointer("dose_gy", dose_gy)) ||
	    (rc = radioembo__require_pointer("labels", labels)) ||
	    (rc = radioembo__volume_require_same_grid(dose_gy, "dose_gy", labels, "labels")) ||
	    (rc = radioembo__require_label(label)) ||
	    (rc = radioembo__require_positive("alpha_per_gy", alpha_per_gy)) ||
	    (rc = radioembo_bed_gy(0.0, alpha_beta_gy, repair_half_time_h, half_life_h, &bed)) ||
	    (rc = radioembo__require_pointer("eubed_gy_out", eubed_gy_out)))
		return rc;
	d = radioembo_volume_data(dose_gy);
	l = radioembo_volume_data(labels);
	radioembo_volume_voxel_count(dose_gy, &count);
	for (i = 0; i < count; i++) {
		if (!radioembo__carries_label(l[i], range))
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
		if (radioembo__carries_label(l[i], range)) {
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
	struct radioembo__label_range range = radioembo__label_range(label);
	const float *a, *b, *l;
	double pre = 0.0, post = 0.0, difference, relative;
	size_t count, i, n = 0;
	int rc;

	if ((rc = radioembo__require_pointer("pre_gy", pre_gy)) ||
	    (rc = radioembo__require_pointer("post_gy", post_gy)) ||
	    (rc = radioembo__require_pointer("labels", labels)) ||
	    (rc = radioembo__volume_require_same_grid(pre_gy, "pre_gy", post_gy, "post_gy")) ||
	    (rc = radioembo__volume_require_same_grid(pre_gy, "pre_gy", labels, "labels")) ||
	    (rc = radioembo__require_label(label)) ||
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
		if (!radioembo__carries_label(l[i], range))
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

int radioembo_voxel_fraction_outside(const radioembo_volume *activity_gbq,
				     const radioembo_volume *labels, double *fraction_out)
{
	const float *activity, *label;
	double total = 0.0, outside = 0.0, fraction;
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
		if (!isfinite(activity[i]))
			return radioembo__fail(RADIOEMBO_EINVAL, "activity_gbq",
					       "activity_gbq voxel %zu must be finite, got %g", i,
					       (double)activity[i]);
		/*
		 * Negative voxels (reconstruction noise, kept by the calibration) count with
		 * their sign, as the calibration's sums do: noise cancels instead of biasing.
		 */
		total += activity[i];
		if (radioembo__outside_every_label(label[i]))
			outside += activity[i];
	}
	/* at most 2^31 floats: the double sum cannot overflow */
	if (!(total > 0.0))
		return radioembo__fail(RADIOEMBO_EINVAL, "activity_gbq",
				       "activity_gbq must hold some activity, its sum is %g",
				       total);
	/* noise can push the signed ratio just past 0 or 1: a fraction stays within them */
	fraction = outside / total;
	*fraction_out = fraction < 0.0 ? 0.0 : fraction > 1.0 ? 1.0 : fraction;
	return RADIOEMBO_OK;
}
