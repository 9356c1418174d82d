/*
 * A vial of a microsphere product and vial ordering (radioembo-sources(7) CLINICAL, PRODUCTS, DECAY;
 * radioembo_vial(3)).
 *
 * A vial is a product copy, an activity at a calibration instant and an optional liquid
 * volume. Every activity at another instant is the calibration activity decayed with the
 * product's half-life through radioembo_decay_activity_gbq() (section 5), so the decay law
 * is written once, in decay.c; elapsed hours between instants come from instant.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>

#include "core/internal.h"
#include "core/instant.h"

/*
 * Relative slack when deciding whether a vial covers a needed activity: a vial covers
 * A_cal if it holds at least A_cal * (1 - 1e-9). One part per billion is far below any
 * dose-calibrator precision (about 1 %), yet well above the rounding of the decay
 * correction (a few parts in 1e16), so an activity landing on a vial size "exactly"
 * (3.5 GBq on the 0.5 GBq custom grid) picks that size, not the next one.
 */
#define COVER_SLACK 1e-9

/*
 * Absolute slack on the assay deviation (a fraction): |deviation| <= tolerance + 1e-9, so
 * that an assay exactly on the tolerance edge (3.3 GBq on a 3 GBq +/-10 % label) counts as
 * within whatever the binary rounding of 3.3 / 3 - 1.
 */
#define ASSAY_SLACK 1e-9

struct radioembo_vial {
	radioembo_product *product; /* owned copy */
	double calibration_activity_gbq;
	int64_t calibration_s;
	double volume_ml; /* NaN = unknown */
};

/* ---- helpers ------------------------------------------------------------------------- */

static int require_vial(const radioembo_vial *vial)
{
	return radioembo__require_pointer("vial", vial);
}

/* The vial's activity at at_s (validated by the caller), GBq (section 5). */
static int activity_at(const radioembo_vial *vial, int64_t at_s, double *activity_gbq_out)
{
	double half_life_h;
	int rc;

	if ((rc = radioembo_product_get_half_life_h(vial->product, &half_life_h)))
		return rc;
	return radioembo_decay_activity_gbq(vial->calibration_activity_gbq, half_life_h,
					    radioembo__elapsed_h(vial->calibration_s, at_s),
					    activity_gbq_out);
}

/* A vial of size_gbq covers need_gbq unless it falls short by more than COVER_SLACK. */
static int covers(double size_gbq, double need_gbq)
{
	return size_gbq >= need_gbq * (1.0 - COVER_SLACK);
}

/*
 * The smallest standard vial covering need_gbq (or NAN if none) and the largest standard
 * vial (or NAN if there are none).
 */
static int smallest_standard(const radioembo_product *product, double need_gbq,
			     double *size_gbq_out, double *largest_gbq_out)
{
	double *sizes, size = NAN;
	size_t count, i;
	int rc;

	*size_gbq_out = NAN;
	*largest_gbq_out = NAN;
	if ((rc = radioembo_product_get_vial_sizes_gbq(product, NULL, 0, &count)) || count == 0)
		return rc;
	if ((sizes = radioembo__allocate(count * sizeof *sizes, "vial sizes")) == NULL)
		return RADIOEMBO_ENOMEM;
	if ((rc = radioembo_product_get_vial_sizes_gbq(product, sizes, count, &count)) == 0) {
		/* The sizes are ascending: the first that covers is the smallest. */
		for (i = 0; i < count && isnan(size); i++)
			if (covers(sizes[i], need_gbq))
				size = sizes[i];
		*size_gbq_out = size;
		*largest_gbq_out = sizes[count - 1];
	}
	free(sizes);
	return rc;
}

/*
 * The smallest custom vial min + k * step (k = 0, 1, ...) covering need_gbq and not above
 * max, or NAN if none; *max_gbq_out = max, or NAN when the product has no custom vials
 * (step, min and max must all be set).
 */
static int smallest_custom(const radioembo_product *product, double need_gbq,
			   double *size_gbq_out, double *max_gbq_out)
{
	double step, min, max, k, size;
	int step_set, min_set, max_set, rc;

	if ((rc = radioembo_product_is_set(product, RADIOEMBO_PRODUCT_FIELD_CUSTOM_VIAL_STEP_GBQ,
					   &step_set)) ||
	    (rc = radioembo_product_is_set(product, RADIOEMBO_PRODUCT_FIELD_CUSTOM_VIAL_MIN_GBQ,
					   &min_set)) ||
	    (rc = radioembo_product_is_set(product, RADIOEMBO_PRODUCT_FIELD_CUSTOM_VIAL_MAX_GBQ,
					   &max_set)))
		return rc;
	if (!step_set || !min_set || !max_set) {
		*size_gbq_out = NAN;
		*max_gbq_out = NAN;
		return RADIOEMBO_OK;
	}
	if ((rc = radioembo_product_get_custom_vial_step_gbq(product, &step)) ||
	    (rc = radioembo_product_get_custom_vial_min_gbq(product, &min)) ||
	    (rc = radioembo_product_get_custom_vial_max_gbq(product, &max)))
		return rc;
	/*
	 * k counts whole steps; the slack absorbs rounding, so that A_cal = 3.5 GBq gives
	 * k = 1 (3.5 GBq) on a 3 + 0.5 k grid, not k = 2 (4.0 GBq). ceil() of a double
	 * needs no integer conversion, so a huge A_cal cannot overflow anything.
	 */
	k = ceil((need_gbq * (1.0 - COVER_SLACK) - min) / step);
	if (k < 0.0)
		k = 0.0;
	size = min + k * step;
	/* min + k * step may round just above a maximum that lies on the grid. */
	*size_gbq_out = size <= max * (1.0 + COVER_SLACK) ? fmin(size, max) : NAN;
	*max_gbq_out = max;
	return RADIOEMBO_OK;
}

/* ---- construction -------------------------------------------------------------------- */

int radioembo_vial_new(const radioembo_product *product, double calibration_activity_gbq,
		       int64_t calibration_s, radioembo_vial **vial_out)
{
	double half_life_h, volume_ml = NAN;
	radioembo_vial *vial;
	int volume_set, rc;

	if ((rc = radioembo__require_pointer("product", product)) ||
	    (rc = radioembo__require_positive("calibration_activity_gbq",
					      calibration_activity_gbq)) ||
	    (rc = radioembo__require_instant("calibration_s", calibration_s)) ||
	    (rc = radioembo__require_pointer("vial_out", vial_out)))
		return rc;
	/* A vial without a half-life could never be decayed: refuse it now, not at each use. */
	if ((rc = radioembo_product_get_half_life_h(product, &half_life_h)) ||
	    (rc = radioembo_product_is_set(product, RADIOEMBO_PRODUCT_FIELD_VIAL_VOLUME_ML,
					   &volume_set)) ||
	    (volume_set && (rc = radioembo_product_get_vial_volume_ml(product, &volume_ml))))
		return rc;
	if ((vial = radioembo__allocate(sizeof *vial, "a vial")) == NULL)
		return RADIOEMBO_ENOMEM;
	if ((rc = radioembo_product_copy(product, &vial->product))) {
		free(vial);
		return rc;
	}
	vial->calibration_activity_gbq = calibration_activity_gbq;
	vial->calibration_s = calibration_s;
	vial->volume_ml = volume_ml;
	*vial_out = vial;
	return RADIOEMBO_OK;
}

int radioembo_vial_copy(const radioembo_vial *vial, radioembo_vial **copy_out)
{
	radioembo_vial *copy;
	int rc;

	if ((rc = require_vial(vial)) ||
	    (rc = radioembo__require_pointer("copy_out", copy_out)))
		return rc;
	if ((copy = radioembo__allocate(sizeof *copy, "a vial")) == NULL)
		return RADIOEMBO_ENOMEM;
	*copy = *vial;
	if ((rc = radioembo_product_copy(vial->product, &copy->product))) {
		free(copy);
		return rc;
	}
	*copy_out = copy;
	return RADIOEMBO_OK;
}

void radioembo_vial_free(radioembo_vial *vial)
{
	if (vial == NULL)
		return;
	radioembo_product_free(vial->product);
	free(vial);
}

const radioembo_product *radioembo_vial_product(const radioembo_vial *vial)
{
	return vial != NULL ? vial->product : NULL;
}

/* ---- fields -------------------------------------------------------------------------- */

int radioembo_vial_get_calibration_activity_gbq(const radioembo_vial *vial,
						double *activity_gbq_out)
{
	int rc;

	if ((rc = require_vial(vial)) ||
	    (rc = radioembo__require_pointer("activity_gbq_out", activity_gbq_out)))
		return rc;
	*activity_gbq_out = vial->calibration_activity_gbq;
	return RADIOEMBO_OK;
}

int radioembo_vial_get_calibration_s(const radioembo_vial *vial, int64_t *calibration_s_out)
{
	int rc;

	if ((rc = require_vial(vial)) ||
	    (rc = radioembo__require_pointer("calibration_s_out", calibration_s_out)))
		return rc;
	*calibration_s_out = vial->calibration_s;
	return RADIOEMBO_OK;
}

int radioembo_vial_get_volume_ml(const radioembo_vial *vial, double *volume_ml_out)
{
	int rc;

	if ((rc = require_vial(vial)) ||
	    (rc = radioembo__require_pointer("volume_ml_out", volume_ml_out)))
		return rc;
	if (isnan(vial->volume_ml))
		return radioembo__fail(RADIOEMBO_ENOTFOUND, "volume_ml",
				       "volume_ml is not known for this vial of \"%.64s\" "
				       "(set it with radioembo_vial_set_volume_ml)",
				       radioembo_product_name(vial->product));
	*volume_ml_out = vial->volume_ml;
	return RADIOEMBO_OK;
}

int radioembo_vial_set_volume_ml(radioembo_vial *vial, double volume_ml)
{
	int rc;

	if ((rc = require_vial(vial)) || (rc = radioembo__require_positive("volume_ml", volume_ml)))
		return rc;
	vial->volume_ml = volume_ml;
	return RADIOEMBO_OK;
}

/* ---- activity ------------------------------------------------------------------------ */

int radioembo_vial_activity_gbq(const radioembo_vial *vial, int64_t at_s,
				double *activity_gbq_out)
{
	double activity;
	int rc;

	if ((rc = require_vial(vial)) || (rc = radioembo__require_instant("at_s", at_s)) ||
	    (rc = radioembo__require_pointer("activity_gbq_out", activity_gbq_out)) ||
	    (rc = activity_at(vial, at_s, &activity)))
		return rc;
	*activity_gbq_out = activity;
	return RADIOEMBO_OK;
}

int radioembo_vial_activity_per_sphere_bq(const radioembo_vial *vial, int64_t at_s,
					  double *activity_bq_out)
{
	double per_sphere_bq, half_life_h, activity;
	int rc;

	if ((rc = require_vial(vial)) || (rc = radioembo__require_instant("at_s", at_s)) ||
	    (rc = radioembo__require_pointer("activity_bq_out", activity_bq_out)) ||
	    (rc = radioembo_product_get_activity_per_sphere_bq(vial->product, &per_sphere_bq)) ||
	    (rc = radioembo_product_get_half_life_h(vial->product, &half_life_h)))
		return rc;
	/* Decay is linear in activity, so the GBq function serves Bq unchanged. */
	if ((rc = radioembo_decay_activity_gbq(per_sphere_bq, half_life_h,
					       radioembo__elapsed_h(vial->calibration_s, at_s),
					       &activity)))
		return rc;
	*activity_bq_out = activity;
	return RADIOEMBO_OK;
}

int radioembo_vial_sphere_count(const radioembo_vial *vial, double *count_out)
{
	double per_sphere_bq, count;
	int rc;

	if ((rc = require_vial(vial)) || (rc = radioembo__require_pointer("count_out", count_out)) ||
	    (rc = radioembo_product_get_activity_per_sphere_bq(vial->product, &per_sphere_bq)))
		return rc;
	/* Both decay alike, so their ratio is the same at every instant (radioembo-sources(7) CLINICAL, PRODUCTS). */
	count = (vial->calibration_activity_gbq / per_sphere_bq) * 1e9;
	if ((rc = radioembo__require_representable("sphere count", count)))
		return rc;
	*count_out = count;
	return RADIOEMBO_OK;
}

/* ---- dispensing and assay ------------------------------------------------------------ */

int radioembo_vial_draw(const radioembo_vial *vial, double activity_gbq, int64_t at_s,
			double *fraction_out, double *volume_ml_out)
{
	char wanted[RADIOEMBO__DOUBLE_TEXT_SIZE], held[RADIOEMBO__DOUBLE_TEXT_SIZE];
	double vial_gbq, fraction;
	int rc;

	if ((rc = require_vial(vial)) ||
	    (rc = radioembo__require_positive("activity_gbq", activity_gbq)) ||
	    (rc = radioembo__require_instant("at_s", at_s)) ||
	    (rc = radioembo__require_pointer("fraction_out", fraction_out)))
		return rc;
	if (volume_ml_out != NULL && isnan(vial->volume_ml))
		return radioembo__fail(RADIOEMBO_ENOTFOUND, "volume_ml",
				       "volume_ml is not known for this vial of \"%.64s\" "
				       "(pass volume_ml_out NULL for the fraction alone)",
				       radioembo_product_name(vial->product));
	if ((rc = activity_at(vial, at_s, &vial_gbq)))
		return rc;
	/* Homogeneous suspension: volume in proportion to activity (radioembo-sources(7) PRODUCTS [D]). */
	if (!(activity_gbq <= vial_gbq))
		return radioembo__fail(RADIOEMBO_ERANGE, "activity_gbq",
				       "activity_gbq %s exceeds the vial's %s GBq at at_s",
				       radioembo__format_double(activity_gbq, wanted),
				       radioembo__format_double(vial_gbq, held));
	fraction = activity_gbq / vial_gbq;
	*fraction_out = fraction;
	if (volume_ml_out != NULL)
		*volume_ml_out = fraction * vial->volume_ml;
	return RADIOEMBO_OK;
}

int radioembo_vial_check_assay(const radioembo_vial *vial, double measured_gbq,
			       int64_t measured_s, double *deviation_out,
			       int *within_tolerance_out)
{
	double tolerance, expected_gbq, deviation;
	int rc;

	if ((rc = require_vial(vial)) ||
	    (rc = radioembo__require_nonnegative("measured_gbq", measured_gbq)) ||
	    (rc = radioembo__require_instant("measured_s", measured_s)) ||
	    (rc = radioembo__require_pointer("deviation_out", deviation_out)) ||
	    (rc = radioembo__require_pointer("within_tolerance_out", within_tolerance_out)) ||
	    (rc = radioembo_product_get_label_tolerance(vial->product, &tolerance)) ||
	    (rc = activity_at(vial, measured_s, &expected_gbq)))
		return rc;
	/* The label decayed to the measurement instant (Selwyn et al., Med Phys 2008). */
	deviation = measured_gbq / expected_gbq - 1.0;
	if ((rc = radioembo__require_representable("assay deviation", deviation)))
		return rc;
	*deviation_out = deviation;
	*within_tolerance_out = fabs(deviation) <= tolerance + ASSAY_SLACK;
	return RADIOEMBO_OK;
}

/* ---- ordering ------------------------------------------------------------------------ */

int radioembo_vial_order_gbq(const radioembo_product *product, double required_gbq,
			     int64_t treatment_s, int64_t calibration_s,
			     double *calibration_activity_gbq_out, double *vial_gbq_out)
{
	char need[RADIOEMBO__DOUBLE_TEXT_SIZE], most[RADIOEMBO__DOUBLE_TEXT_SIZE];
	double half_life_h, need_gbq, standard, largest, custom, custom_max, chosen, biggest;
	int rc;

	if ((rc = radioembo__require_pointer("product", product)) ||
	    (rc = radioembo__require_positive("required_gbq", required_gbq)) ||
	    (rc = radioembo__require_instant("treatment_s", treatment_s)) ||
	    (rc = radioembo__require_instant("calibration_s", calibration_s)) ||
	    (rc = radioembo__require_pointer("calibration_activity_gbq_out",
					     calibration_activity_gbq_out)) ||
	    (rc = radioembo__require_pointer("vial_gbq_out", vial_gbq_out)) ||
	    (rc = radioembo_product_get_half_life_h(product, &half_life_h)))
		return rc;
	/*
	 * A_cal = A_tx * 2^(+dt/T), dt = treatment - calibration (radioembo-sources(7) DECAY): the decay
	 * of A_tx back to the calibration instant, negative when treatment comes first.
	 */
	if ((rc = radioembo_decay_activity_gbq(required_gbq, half_life_h,
					       -radioembo__elapsed_h(calibration_s, treatment_s),
					       &need_gbq)) ||
	    (rc = smallest_standard(product, need_gbq, &standard, &largest)) ||
	    (rc = smallest_custom(product, need_gbq, &custom, &custom_max)))
		return rc;
	/* fmin and fmax ignore a NAN ("none") operand. */
	chosen = fmin(standard, custom);
	if (isnan(chosen)) {
		biggest = fmax(largest, custom_max);
		radioembo__format_double(need_gbq, need);
		if (isnan(biggest))
			return radioembo__fail(RADIOEMBO_ERANGE, "product",
					       "product \"%.64s\" has no standard or custom vials "
					       "(activity needed at calibration: %s GBq)",
					       radioembo_product_name(product), need);
		return radioembo__fail(RADIOEMBO_ERANGE, "required_gbq",
				       "activity needed at calibration, %s GBq, exceeds the "
				       "largest vial of product \"%.64s\", %s GBq",
				       need, radioembo_product_name(product),
				       radioembo__format_double(biggest, most));
	}
	*calibration_activity_gbq_out = need_gbq;
	*vial_gbq_out = chosen;
	return RADIOEMBO_OK;
}
