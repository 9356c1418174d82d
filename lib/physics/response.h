/*
 * libradioembo internals: what radiobiology.c (BED, EUD, LKB NTCP, TCP) and
 * dose_response.c (EQDX, logit and relative-seriality NTCP) share, so that each formula and
 * each check of a dose-volume histogram is written once.
 * Never installed; used by lib/ and tests/unit only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_RESPONSE_INTERNAL_H
#define RADIOEMBO_RESPONSE_INTERNAL_H

#include <math.h>
#include <stddef.h>

/* dose_gy non-NULL, 0 < n <= the length limit, every dose_gy[i] finite and >= 0. */
int radioembo__require_doses(const double *dose_gy, size_t n);

/*
 * volume_fraction non-NULL, every element within [0, 1] and their sum within 1e-9 of 1;
 * *sum_out receives the sum (callers divide by it).
 */
int radioembo__require_fractions(const double *volume_fraction, size_t n, double *sum_out);

/*
 * EQDX = BED / (1 + X/(a/b)) (radioembo-sources(7) RADIOBIOLOGY), as published: for X >= 0
 * the factor 1 / (1 + X/(a/b)) is within [0, 1], so nothing overflows, and a/b and X near
 * DBL_MAX still give their ratio (a sum a/b + X would not).
 */
static inline double radioembo__eqdx_gy(double bed_gy, double x_gy, double alpha_beta_gy)
{
	return bed_gy * (1.0 / (1.0 + x_gy / alpha_beta_gy));
}

/*
 * The logistic dose response 1 / (1 + (D50/D)^(scale k)) of the logistic TCP (scale 4,
 * k = gamma50) and the logit NTCP (scale 1). (D50/D)^(scale k) = e^x with
 * x = scale (k (ln D50 - ln D)), in this order so that a huge k times a zero difference is 0,
 * not inf * 0. A dose of 0 gives 0.
 */
static inline double radioembo__logistic_response(double dose_gy, double d50_gy, double k,
						  double scale)
{
	if (dose_gy == 0.0)
		return 0.0;
	return 1.0 / (1.0 + exp(scale * (k * (log(d50_gy) - log(dose_gy)))));
}

#endif /* RADIOEMBO_RESPONSE_INTERNAL_H */
