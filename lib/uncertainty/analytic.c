/*
 * First-order (GUM, JCGM 100:2008) propagation: the sensitivity of every figure to every
 * uncertain input by central differences of the dose engine, combined in quadrature.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "uncertainty/uncertainty_internal.h"

/* Relative step of the central differences. */
#define DIFFERENCE_STEP 1e-6
/* Standard normal quantile of 0.95, for the percentiles. */
#define Z_95 1.6448536269514722

/* Probability that a figure exceeds (or, under_target, falls below) a threshold. */
static double analytic_probability(double planned, double sd, double threshold, int below)
{
	double z;

	if (isnan(threshold))
		return NAN;
	if (!(sd > 0.0))
		return below ? (planned < threshold) : (planned > threshold);
	z = (threshold - planned) / sd;
	return below ? gsl_cdf_ugaussian_P(z) : gsl_cdf_ugaussian_Q(z);
}

static double analytic_risk(const radioembo_propagation *p, void *data, size_t figure,
			    double threshold, int below)
{
	(void)data;
	return analytic_probability(p->planned[figure], p->sd[figure], threshold, below);
}

/* Standard deviation of an input, in the units of its draw value (factor or fraction). */
static double input_sd(const radioembo_uncertainty *u, radioembo_uncertain_input input,
		       double planned)
{
	double spread = u->spread[input];

	switch (u->distribution[input]) {
	case RADIOEMBO_DISTRIBUTION_NORMAL:
		return spread;
	case RADIOEMBO_DISTRIBUTION_LOGNORMAL: /* mean-preserving: sd = sqrt(e^(s^2) - 1) */
		return planned * sqrt(expm1(spread * spread));
	case RADIOEMBO_DISTRIBUTION_UNIFORM:
		return spread / sqrt(3.0);
	default:
		return 0.0;
	}
}

/*
 * Sensitivity of every figure to one input by central differences (one-sided at the edge
 * of a fraction's domain), times the input's standard deviation: the figure's standard
 * uncertainty from this input, into component[figure].
 */
static int sensitivity(struct radioembo__session *s, double *slot, double sd, double *component,
		       double *low_figures, double *high_figures)
{
	double planned = *slot, step = DIFFERENCE_STEP * fmax(fabs(planned), 1e-3);
	double low = planned - step, high = planned + step;
	size_t f, figures = RADIOEMBO__ENGINE_SCALARS + s->engine.lesion_count;

	if (low < 0.0)
		low = planned;
	*slot = low;
	if (radioembo__engine_evaluate(&s->engine, &s->draw, 0, 1, low_figures, 1) != 1)
		low_figures = s->figures, low = planned;
	*slot = high;
	if (radioembo__engine_evaluate(&s->engine, &s->draw, 0, 1, high_figures, 1) != 1)
		high_figures = s->figures, high = planned;
	*slot = planned;
	if (high == low)
		return radioembo__fail(RADIOEMBO_ERANGE, "plan",
				       "the plan is too close to an edge of its geometry to "
				       "differentiate");
	for (f = 0; f < figures; f++)
		component[f] = (high_figures[f] - low_figures[f]) / (high - low) * sd;
	return RADIOEMBO_OK;
}

int radioembo_plan_propagate_analytic(const radioembo_plan *plan, radioembo_model model,
				      const radioembo_uncertainty *uncertainty,
				      radioembo_propagation **propagation_out)
{
	struct radioembo__session s = {0};
	radioembo_propagation *p = NULL;
	double *low = NULL, *high = NULL, *component = NULL, *variance = NULL;
	size_t figures, f, lesion;
	int input, rc;

	if ((rc = radioembo__session_begin(plan, model, uncertainty, "propagation_out",
					   propagation_out, &s)) ||
	    (rc = radioembo__propagation_new(RADIOEMBO_PROPAGATION_ANALYTIC, s.engine.lesion_count,
					     &p)))
		goto done;
	figures = p->figure_count;
	low = radioembo__allocate(figures * sizeof *low, "differences");
	high = radioembo__allocate(figures * sizeof *high, "differences");
	component = radioembo__allocate(figures * sizeof *component, "differences");
	variance = radioembo__allocate(figures * (RADIOEMBO__INPUT_LAST + 1) * sizeof *variance,
				       "variances");
	if (!low || !high || !component || !variance) {
		rc = RADIOEMBO_ENOMEM;
		goto done;
	}
	for (input = 1; input <= RADIOEMBO__INPUT_LAST; input++) {
		size_t lesions = radioembo__input_is_per_lesion(input) ? s.engine.lesion_count : 1;
		if (uncertainty->distribution[input] == RADIOEMBO_DISTRIBUTION_NONE)
			continue;
		for (lesion = 0; lesion < lesions; lesion++) {
			double *slot = radioembo__input_column(&s.draw, input, lesion);
			if ((rc = sensitivity(&s, slot, input_sd(uncertainty, input, *slot),
					      component, low, high)))
				goto done;
			for (f = 0; f < figures; f++)
				if (!isnan(component[f]))
					variance[f * (RADIOEMBO__INPUT_LAST + 1) + input] +=
						component[f] * component[f];
		}
	}
	for (f = 0; f < figures; f++) {
		double total = 0.0;
		if (isnan(s.figures[f]))
			continue;
		for (input = 1; input <= RADIOEMBO__INPUT_LAST; input++)
			total += variance[f * (RADIOEMBO__INPUT_LAST + 1) + input];
		for (input = 1; input <= RADIOEMBO__INPUT_LAST; input++)
			p->contribution[f * (RADIOEMBO__INPUT_LAST + 1) + input] =
				total > 0.0
					? variance[f * (RADIOEMBO__INPUT_LAST + 1) + input] / total
					: 0.0;
		p->planned[f] = p->mean[f] = p->p50[f] = s.figures[f];
		p->sd[f] = sqrt(total);
		p->p05[f] = s.figures[f] - Z_95 * p->sd[f];
		p->p95[f] = s.figures[f] + Z_95 * p->sd[f];
	}
	radioembo__propagation_set_risks(p, &s.engine, analytic_risk, NULL);
done:
	free(low);
	free(high);
	free(component);
	free(variance);
	radioembo__session_end(&s);
	if (rc == RADIOEMBO_OK)
		*propagation_out = p;
	else
		radioembo_propagation_free(p);
	return rc;
}
