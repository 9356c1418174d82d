/*
 * Exponential decay of a permanent implant (radioembo-sources(7) DECAY):
 *   A(t) = A0 * 2^(-t/T),  cumulated A~(d) = A0 * T/ln2 * (1 - 2^(-d/T)),
 *   delivered fraction 1 - 2^(-t/T).
 * expm1 keeps the small-t cases accurate, where 1 - exp(-x) would cancel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "core/internal.h"

/* Decay constant times elapsed time: ln2 * t / T. */
static double decay_exponent(double half_life_h, double elapsed_h)
{
	return RADIOEMBO__LN2 * (elapsed_h / half_life_h);
}

int radioembo_decay_factor(double half_life_h, double elapsed_h, double *factor_out)
{
	double factor;
	int rc;

	if ((rc = radioembo__require_positive("half_life_h", half_life_h)) ||
	    (rc = radioembo__require_finite("elapsed_h", elapsed_h)) ||
	    (rc = radioembo__require_pointer("factor_out", factor_out)))
		return rc;
	factor = exp(-decay_exponent(half_life_h, elapsed_h));
	if ((rc = radioembo__require_representable("decay factor", factor)))
		return rc;
	*factor_out = factor;
	return RADIOEMBO_OK;
}

int radioembo_decay_activity_gbq(double activity_gbq, double half_life_h, double elapsed_h,
				 double *activity_gbq_out)
{
	double activity;
	int rc;

	if ((rc = radioembo__require_nonnegative("activity_gbq", activity_gbq)) ||
	    (rc = radioembo__require_positive("half_life_h", half_life_h)) ||
	    (rc = radioembo__require_finite("elapsed_h", elapsed_h)) ||
	    (rc = radioembo__require_pointer("activity_gbq_out", activity_gbq_out)))
		return rc;
	/* In the log domain, so that a huge factor times a small activity still fits. */
	activity = activity_gbq == 0.0
			   ? 0.0
			   : exp(log(activity_gbq) - decay_exponent(half_life_h, elapsed_h));
	if ((rc = radioembo__require_representable("decayed activity", activity)))
		return rc;
	*activity_gbq_out = activity;
	return RADIOEMBO_OK;
}

int radioembo_decay_elapsed_h(double from_activity_gbq, double to_activity_gbq,
			      double half_life_h, double *elapsed_h_out)
{
	double elapsed;
	int rc;

	if ((rc = radioembo__require_positive("from_activity_gbq", from_activity_gbq)) ||
	    (rc = radioembo__require_positive("to_activity_gbq", to_activity_gbq)) ||
	    (rc = radioembo__require_positive("half_life_h", half_life_h)) ||
	    (rc = radioembo__require_pointer("elapsed_h_out", elapsed_h_out)))
		return rc;
	/* Difference of logs: the ratio itself may overflow for extreme activities. */
	elapsed = half_life_h * ((log(from_activity_gbq) - log(to_activity_gbq)) / RADIOEMBO__LN2);
	if ((rc = radioembo__require_representable("elapsed time", elapsed)))
		return rc;
	*elapsed_h_out = elapsed;
	return RADIOEMBO_OK;
}

int radioembo_decay_cumulated_gbq_h(double activity_gbq, double half_life_h, double duration_h,
				    double *cumulated_gbq_h_out)
{
	double mean_life_h, cumulated;
	int rc;

	if ((rc = radioembo__require_nonnegative("activity_gbq", activity_gbq)) ||
	    (rc = radioembo__require_positive("half_life_h", half_life_h)) ||
	    (rc = radioembo__require_nonnegative_or_inf("duration_h", duration_h)) ||
	    (rc = radioembo__require_pointer("cumulated_gbq_h_out", cumulated_gbq_h_out)))
		return rc;
	mean_life_h = half_life_h / RADIOEMBO__LN2;
	cumulated = activity_gbq * mean_life_h;
	if (!isinf(duration_h))
		cumulated *= -expm1(-decay_exponent(half_life_h, duration_h));
	if ((rc = radioembo__require_representable("cumulated activity", cumulated)))
		return rc;
	*cumulated_gbq_h_out = cumulated;
	return RADIOEMBO_OK;
}

int radioembo_decay_delivered_fraction(double half_life_h, double elapsed_h, double *fraction_out)
{
	int rc;

	if ((rc = radioembo__require_positive("half_life_h", half_life_h)) ||
	    (rc = radioembo__require_nonnegative("elapsed_h", elapsed_h)) ||
	    (rc = radioembo__require_pointer("fraction_out", fraction_out)))
		return rc;
	*fraction_out = -expm1(-decay_exponent(half_life_h, elapsed_h));
	return RADIOEMBO_OK;
}
