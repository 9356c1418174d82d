/*
 * Dose conversions and dose-response models the peer tools offer beside those of
 * radiobiology.c (radioembo-sources(7) RADIOBIOLOGY, NTCP-MODELS; radioembo_dose_response(3)):
 *   EQDX = BED / (1 + X/(alpha/beta))
 *   NTCP (logit) = 1 / (1 + (TD50/D)^k)
 *   NTCP (relative seriality, Kallman 1992) = [1 - prod_i (1 - P(D_i)^s)^(v_i)]^(1/s),
 *        P(D) = 2^(-e^(e gamma (1 - D/D50)))
 * They sit apart from radiobiology.c so that file keeps the parameter set and its defaults.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "core/internal.h"
#include "physics/response.h"

/* e, to full double precision (C99 has no M_E without POSIX extensions). */
#define EULER_E 2.718281828459045235360287471352662498

int radioembo_eqdx_gy(double bed_gy, double x_gy, double alpha_beta_gy, double *eqdx_gy_out)
{
	int rc;

	if ((rc = radioembo__require_nonnegative("bed_gy", bed_gy)) ||
	    (rc = radioembo__require_nonnegative("x_gy", x_gy)) ||
	    (rc = radioembo__require_positive("alpha_beta_gy", alpha_beta_gy)) ||
	    (rc = radioembo__require_pointer("eqdx_gy_out", eqdx_gy_out)))
		return rc;
	*eqdx_gy_out = radioembo__eqdx_gy(bed_gy, x_gy, alpha_beta_gy);
	return RADIOEMBO_OK;
}

int radioembo_ntcp_logit(double dose_gy, double td50_gy, double k, double *ntcp_out)
{
	int rc;

	if ((rc = radioembo__require_nonnegative("dose_gy", dose_gy)) ||
	    (rc = radioembo__require_positive("td50_gy", td50_gy)) ||
	    (rc = radioembo__require_positive("k", k)) ||
	    (rc = radioembo__require_pointer("ntcp_out", ntcp_out)))
		return rc;
	*ntcp_out = radioembo__logistic_response(dose_gy, td50_gy, k, 1.0);
	return RADIOEMBO_OK;
}

/*
 * ln(1 - e^y) for y <= 0 without cancellation (Maechler 2012): log(-expm1(y)) near 0, where
 * 1 - e^y is small, and log1p(-e^y) further out, where it is close to 1.
 */
static double log1m_exp(double y)
{
	return y > -RADIOEMBO__LN2 ? log(-expm1(y)) : log1p(-exp(y));
}

int radioembo_ntcp_relative_seriality(const double *dose_gy, const double *volume_fraction,
				      size_t n, double d50_gy, double gamma, double s,
				      double *ntcp_out)
{
	double total, log_product = 0.0;
	size_t i;
	int rc;

	if ((rc = radioembo__require_doses(dose_gy, n)) ||
	    (rc = radioembo__require_fractions(volume_fraction, n, &total)) ||
	    (rc = radioembo__require_positive("d50_gy", d50_gy)) ||
	    (rc = radioembo__require_positive("gamma", gamma)) ||
	    (rc = radioembo__require_positive("s", s)) ||
	    (rc = radioembo__require_pointer("ntcp_out", ntcp_out)))
		return rc;
	/*
	 * In logarithms: P^s = e^y with y = -s ln2 e^(e gamma (1 - D/D50)) <= 0, and
	 * ln prod = sum v_i ln(1 - e^y_i) <= 0. A bin whose P^s is 1 gives ln 0 = -inf and an
	 * NTCP of 1; empty bins are skipped so that 0 * -inf never arises. gamma multiplies the
	 * difference before e does, so a huge gamma at D = D50 gives 0, not inf * 0.
	 */
	for (i = 0; i < n; i++) {
		double v = volume_fraction[i] / total, y;

		if (v == 0.0)
			continue;
		y = -s * (RADIOEMBO__LN2 * exp(EULER_E * (gamma * (1.0 - dose_gy[i] / d50_gy))));
		log_product += v * log1m_exp(y);
	}
	*ntcp_out = pow(-expm1(log_product), 1.0 / s);
	return RADIOEMBO_OK;
}
