/*
 * The propagation object and its getters, and what every propagation shares: the plan
 * computed once and its model resolved into the dose engine, the inputs as the engine's
 * draw sees them, and the risks of the figures.
 *
 * Uncertainty of a plan's doses is propagated through one model's dose engine (single
 * compartment or partition). The model's activity stays as planned (it is what will be
 * ordered and injected) while the inputs that decide the doses vary; the engine is the
 * plan's own, so no dose formula is written in this module.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>

#include "uncertainty/uncertainty_internal.h"

double radioembo__input_planned(const struct radioembo__engine *engine,
				radioembo_uncertain_input input)
{
	if (input == RADIOEMBO_INPUT_RESIDUAL_FRACTION)
		return engine->constants.residual_fraction;
	if (input == RADIOEMBO_INPUT_LSF)
		return engine->constants.lsf;
	return 1.0;
}

double *radioembo__input_column(struct radioembo__engine_draw *draw,
				radioembo_uncertain_input input, size_t lesion)
{
	switch (input) {
	case RADIOEMBO_INPUT_ACTIVITY:
		return draw->activity;
	case RADIOEMBO_INPUT_RESIDUAL_FRACTION:
		return draw->residual;
	case RADIOEMBO_INPUT_LSF:
		return draw->lsf;
	case RADIOEMBO_INPUT_TREATED_VOLUME:
		return draw->treated_volume;
	case RADIOEMBO_INPUT_LIVER_VOLUME:
		return draw->liver_volume;
	case RADIOEMBO_INPUT_LESION_VOLUME:
		return draw->lesion_volume + lesion * draw->stride;
	case RADIOEMBO_INPUT_TNR:
		return draw->tnr + lesion * draw->stride;
	case RADIOEMBO_INPUT_LIVER_DENSITY:
		return draw->density;
	case RADIOEMBO_INPUT_LUNG_MASS:
		return draw->lung_mass;
	}
	return NULL;
}

void radioembo_propagation_free(radioembo_propagation *propagation)
{
	if (propagation == NULL)
		return;
	free(propagation->planned);
	free(propagation->mean);
	free(propagation->sd);
	free(propagation->p05);
	free(propagation->p50);
	free(propagation->p95);
	free(propagation->contribution);
	free(propagation->under_target);
	free(propagation);
}

static double *unknowns(size_t n, const char *what)
{
	double *values = radioembo__allocate(n * sizeof *values, what);
	size_t i;

	for (i = 0; values != NULL && i < n; i++)
		values[i] = NAN;
	return values;
}

int radioembo__propagation_new(radioembo_propagation_method method, size_t lesion_count,
			       radioembo_propagation **propagation_out)
{
	radioembo_propagation *p = radioembo__allocate(sizeof *p, "a propagation");
	size_t figures = RADIOEMBO__ENGINE_SCALARS + lesion_count, i;

	if (p == NULL)
		return RADIOEMBO_ENOMEM;
	p->method = method;
	p->figure_count = figures;
	p->lesion_count = lesion_count;
	p->planned = unknowns(figures, "propagated figures");
	p->mean = unknowns(figures, "propagated figures");
	p->sd = unknowns(figures, "propagated figures");
	p->p05 = unknowns(figures, "propagated figures");
	p->p50 = unknowns(figures, "propagated figures");
	p->p95 = unknowns(figures, "propagated figures");
	p->contribution = unknowns(figures * (RADIOEMBO__INPUT_LAST + 1), "variance shares");
	p->under_target = unknowns(lesion_count + 1, "tumour probabilities");
	for (i = 0; i <= RADIOEMBO__RISK_LAST; i++)
		p->risk[i] = NAN;
	if (!p->planned || !p->mean || !p->sd || !p->p05 || !p->p50 || !p->p95 ||
	    !p->contribution || !p->under_target) {
		radioembo_propagation_free(p);
		return RADIOEMBO_ENOMEM;
	}
	*propagation_out = p;
	return RADIOEMBO_OK;
}

void radioembo__session_end(struct radioembo__session *s)
{
	radioembo_result_free(s->result);
	radioembo__engine_end(&s->engine);
	radioembo__engine_draw_free(&s->draw);
	free(s->figures);
}

int radioembo__session_begin(const radioembo_plan *plan, radioembo_model model,
			     const radioembo_uncertainty *uncertainty, const char *out_name,
			     const void *out, struct radioembo__session *s)
{
	const radioembo_result *result;
	const struct radioembo__model_figures *figures;
	int applies, rc;

	if ((rc = radioembo__require_pointer("plan", plan)) ||
	    (rc = radioembo__require_pointer("uncertainty", uncertainty)) ||
	    (rc = radioembo__require_pointer(out_name, out)) ||
	    (rc = radioembo_plan_compute(plan, &s->result)))
		return rc;
	if ((rc = radioembo_result_model_applies(s->result, model, &applies)))
		return rc;
	if (!applies)
		return radioembo__fail(RADIOEMBO_ENOTFOUND, "model",
				       "model %d does not apply to this plan (see its diagnostics)",
				       (int)model);
	result = s->result;
	figures = &result->models[model];
	if ((rc = radioembo__engine_begin(&s->engine, &result->constants, result->liver_volume_ml,
					  result->treated_volume_ml, result->whole_liver,
					  result->lesions, result->lesion_count)) ||
	    (rc = radioembo__engine_draw_new(&s->draw, result->lesion_count, 1)))
		return rc;
	s->engine.inject_gbq = figures->inject_gbq;
	s->engine.partition = figures->dose_model == RADIOEMBO_MODEL_PARTITION;
	s->figures = radioembo__allocate(
		(RADIOEMBO__ENGINE_SCALARS + result->lesion_count) * sizeof *s->figures, "figures");
	if (s->figures == NULL)
		return RADIOEMBO_ENOMEM;
	radioembo__engine_draw_planned(&s->engine, &s->draw);
	if (radioembo__engine_evaluate(&s->engine, &s->draw, 0, 1, s->figures, 1) != 1)
		return radioembo__fail(
			RADIOEMBO_EINVAL, "plan",
			"the plan's lesions fill its treated volume: nothing to propagate");
	return RADIOEMBO_OK;
}

void radioembo__propagation_set_risks(radioembo_propagation *p,
				      const struct radioembo__engine *engine,
				      radioembo__risk_fn probability, void *data)
{
	const struct radioembo__constants *k = &engine->constants;
	size_t i;

	p->risk[RADIOEMBO_RISK_LUNG_SESSION_LIMIT] =
		probability(p, data, RADIOEMBO_FIGURE_LUNG_DOSE - 1, k->lung_session_limit_gy, 0);
	p->risk[RADIOEMBO_RISK_LUNG_CUMULATIVE_LIMIT] = probability(
		p, data, RADIOEMBO_FIGURE_LUNG_CUMULATIVE_DOSE - 1, k->lung_cumulative_limit_gy, 0);
	p->risk[RADIOEMBO_RISK_NORMAL_LIVER_LIMIT] = probability(
		p, data, RADIOEMBO_FIGURE_NORMAL_LIVER_DOSE - 1, k->normal_liver_limit_gy, 0);
	p->risk[RADIOEMBO_RISK_NORMAL_PERFUSED_LIMIT] = probability(
		p, data, RADIOEMBO_FIGURE_NORMAL_PERFUSED_DOSE - 1, k->normal_perfused_limit_gy, 0);
	for (i = 0; i < engine->lesion_count; i++)
		if (engine->lesions[i].treated)
			p->under_target[i] = probability(p, data, RADIOEMBO__ENGINE_SCALARS + i,
							 engine->lesions[i].target_dose_gy, 1);
}

static int require_propagation(const radioembo_propagation *p)
{
	return radioembo__require_pointer("propagation", p);
}

/* The figure index of (figure, lesion_index): EINVAL for no figure or lesion out of range. */
static int figure_index(const radioembo_propagation *p, radioembo_figure figure,
			size_t lesion_index, size_t *index_out)
{
	if (!((int)figure >= 1 && figure <= RADIOEMBO_FIGURE_LESION_DOSE))
		return radioembo__fail(RADIOEMBO_EINVAL, "figure",
				       "figure must be a radioembo_figure value, got %d",
				       (int)figure);
	if (figure != RADIOEMBO_FIGURE_LESION_DOSE) {
		*index_out = (size_t)figure - 1;
		return RADIOEMBO_OK;
	}
	if (lesion_index >= p->lesion_count)
		return radioembo__fail(RADIOEMBO_EINVAL, "lesion_index",
				       "lesion_index must be below the lesion count %zu, got %zu",
				       p->lesion_count, lesion_index);
	if (isnan(p->planned[RADIOEMBO__ENGINE_SCALARS + lesion_index]))
		return radioembo__fail(RADIOEMBO_ENOTFOUND, "lesion_index",
				       "lesion %zu is not treated by this plan", lesion_index);
	*index_out = RADIOEMBO__ENGINE_SCALARS + lesion_index;
	return RADIOEMBO_OK;
}

int radioembo_propagation_get_method(const radioembo_propagation *propagation,
				     radioembo_propagation_method *method_out)
{
	int rc;

	if ((rc = require_propagation(propagation)) ||
	    (rc = radioembo__require_pointer("method_out", method_out)))
		return rc;
	*method_out = propagation->method;
	return RADIOEMBO_OK;
}

int radioembo_propagation_sample_count(const radioembo_propagation *propagation, size_t *count_out)
{
	int rc;

	if ((rc = require_propagation(propagation)) ||
	    (rc = radioembo__require_pointer("count_out", count_out)))
		return rc;
	*count_out = propagation->samples;
	return RADIOEMBO_OK;
}

int radioembo_propagation_get_summary(const radioembo_propagation *propagation,
				      radioembo_figure figure, size_t lesion_index,
				      double *planned_out, double *mean_out, double *sd_out,
				      double *p05_out, double *p50_out, double *p95_out)
{
	size_t f;
	int rc;

	if ((rc = require_propagation(propagation)) ||
	    (rc = radioembo__require_pointer("planned_out", planned_out)) ||
	    (rc = radioembo__require_pointer("mean_out", mean_out)) ||
	    (rc = radioembo__require_pointer("sd_out", sd_out)) ||
	    (rc = radioembo__require_pointer("p05_out", p05_out)) ||
	    (rc = radioembo__require_pointer("p50_out", p50_out)) ||
	    (rc = radioembo__require_pointer("p95_out", p95_out)) ||
	    (rc = figure_index(propagation, figure, lesion_index, &f)) ||
	    /* A planned figure near DBL_MAX (a vanishing lesion's dose) can overflow in its
	     * spread or quantiles: ERANGE rather than an infinite summary (found by fuzzing). */
	    (rc = radioembo__require_representable("planned", propagation->planned[f])) ||
	    (rc = radioembo__require_representable("mean", propagation->mean[f])) ||
	    (rc = radioembo__require_representable("sd", propagation->sd[f])) ||
	    (rc = radioembo__require_representable("p05", propagation->p05[f])) ||
	    (rc = radioembo__require_representable("p50", propagation->p50[f])) ||
	    (rc = radioembo__require_representable("p95", propagation->p95[f])))
		return rc;
	*planned_out = propagation->planned[f];
	*mean_out = propagation->mean[f];
	*sd_out = propagation->sd[f];
	*p05_out = propagation->p05[f];
	*p50_out = propagation->p50[f];
	*p95_out = propagation->p95[f];
	return RADIOEMBO_OK;
}

int radioembo_propagation_get_probability(const radioembo_propagation *propagation,
					  radioembo_risk risk, size_t lesion_index,
					  double *probability_out)
{
	double probability;
	size_t f;
	int rc;

	if ((rc = require_propagation(propagation)) ||
	    (rc = radioembo__require_pointer("probability_out", probability_out)))
		return rc;
	if (!((int)risk >= 1 && risk <= RADIOEMBO__RISK_LAST))
		return radioembo__fail(RADIOEMBO_EINVAL, "risk",
				       "risk must be a radioembo_risk value, got %d", (int)risk);
	if (risk == RADIOEMBO_RISK_TUMOR_UNDER_TARGET) {
		if ((rc = figure_index(propagation, RADIOEMBO_FIGURE_LESION_DOSE, lesion_index,
				       &f)))
			return rc;
		probability = propagation->under_target[lesion_index];
	} else {
		probability = propagation->risk[risk];
	}
	if (isnan(probability))
		return radioembo__fail(RADIOEMBO_ENOTFOUND, "risk",
				       "risk %d has no limit or target set for this plan",
				       (int)risk);
	*probability_out = probability;
	return RADIOEMBO_OK;
}

int radioembo_propagation_get_contribution(const radioembo_propagation *propagation,
					   radioembo_figure figure, size_t lesion_index,
					   radioembo_uncertain_input input,
					   double *variance_share_out)
{
	size_t f;
	int rc;

	if ((rc = require_propagation(propagation)) || (rc = radioembo__require_input(input)) ||
	    (rc = radioembo__require_pointer("variance_share_out", variance_share_out)) ||
	    (rc = figure_index(propagation, figure, lesion_index, &f)))
		return rc;
	if (propagation->method != RADIOEMBO_PROPAGATION_ANALYTIC)
		return radioembo__fail(RADIOEMBO_ENOTFOUND, "input",
				       "variance shares come from the analytic propagation only");
	/* NaN when the figure's total variance overflowed (see get_summary) */
	if ((rc = radioembo__require_representable(
		     "variance share",
		     propagation->contribution[f * (RADIOEMBO__INPUT_LAST + 1) + input])))
		return rc;
	*variance_share_out = propagation->contribution[f * (RADIOEMBO__INPUT_LAST + 1) + input];
	return RADIOEMBO_OK;
}
