/*
 * Uncertainty of a plan's doses: first-order (GUM) and Monte Carlo propagation of input
 * uncertainties through one model's dose engine (single compartment or partition).
 *
 * The plan is computed once; the model's activity then stays as planned (it is what will
 * be ordered and injected) while the inputs that decide the doses vary. Each evaluation
 * calls the tissue, MIRD and partition modules, so no dose formula is written here.
 * References: JCGM 100:2008 (GUM) for first-order propagation; DOMAIN.md sections 6-10 for
 * the dose models.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "physics/dosimetry.h"
#include "planning/planning.h"
#include "uncertainty/uncertainty_internal.h"

#define INPUT_LAST RADIOEMBO_INPUT_LUNG_MASS
#define RISK_LAST RADIOEMBO_RISK_TUMOR_UNDER_TARGET
/* Figures 1..6 are scalars; lesion i is figure index SCALAR_FIGURES + i. */
#define SCALAR_FIGURES 6
/* Redraws allowed to bring one sample into the physical domain before giving up. */
#define MAX_REDRAWS 1000
/* Relative step of the central differences of the analytic propagation. */
#define DIFFERENCE_STEP 1e-6
/* Standard normal quantile of 0.95, for the analytic percentiles. */
#define Z_95 1.6448536269514722

struct radioembo_uncertainty {
	radioembo_distribution distribution[INPUT_LAST + 1];
	double spread[INPUT_LAST + 1];
	int generator; /* index into generator_names; 0, the default, is gfsr4 */
};

/* What one model of a plan resolved to: the planned value of every input. */
struct nominal {
	double inject_gbq, residual, lsf, dose_factor;
	double liver_volume_ml, treated_volume_ml, liver_density, lung_mass_kg, prior_lung_gy;
	double lung_session_limit, lung_cumulative_limit, normal_limit, normal_perfused_limit;
	int whole_liver, partition;
	size_t lesion_count;
	const struct radioembo__lesion_state *lesions;
};

/*
 * Values of every input for `stride` samples, one column per input (sample j of lesion i's
 * column at [i * stride + j]): factors on the planned value, except the two fractions.
 */
struct draw {
	double *activity, *residual, *lsf, *treated_volume, *liver_volume, *density, *lung_mass;
	double *lesion_volume, *tnr; /* per lesion */
	size_t stride;
};

/* Scratch arrays for one evaluation, allocated once per propagation. */
struct workspace {
	double *tumor_mass, *tnr;
	size_t *lesion_of; /* treated position -> lesion index */
};

struct radioembo_propagation {
	radioembo_propagation_method method;
	size_t samples, figure_count, lesion_count;
	double *planned, *mean, *sd, *p05, *p50, *p95; /* per figure; NaN: not treated */
	double *contribution;                          /* figure x input, analytic only */
	double risk[RISK_LAST + 1];                    /* NaN: limit not set */
	double *under_target;                          /* per lesion; NaN: no target */
};

static int is_relative(radioembo_uncertain_input input)
{
	return input != RADIOEMBO_INPUT_RESIDUAL_FRACTION && input != RADIOEMBO_INPUT_LSF;
}

static int require_input(radioembo_uncertain_input input)
{
	if (!((int)input >= 1 && input <= INPUT_LAST))
		return radioembo__fail(RADIOEMBO_EINVAL, "input",
				       "input must be a radioembo_uncertain_input value, got %d",
				       (int)input);
	return RADIOEMBO_OK;
}

int radioembo_uncertainty_new(radioembo_uncertainty **uncertainty_out)
{
	radioembo_uncertainty *uncertainty;
	int rc;

	if ((rc = radioembo__require_pointer("uncertainty_out", uncertainty_out)))
		return rc;
	if ((uncertainty = radioembo__allocate(sizeof *uncertainty, "an uncertainty")) == NULL)
		return RADIOEMBO_ENOMEM;
	*uncertainty_out = uncertainty;
	return RADIOEMBO_OK;
}

int radioembo_uncertainty_copy(const radioembo_uncertainty *uncertainty,
			       radioembo_uncertainty **copy_out)
{
	int rc;

	/* copy_out checked here: radioembo_uncertainty_new() would name it uncertainty_out */
	if ((rc = radioembo__require_pointer("uncertainty", uncertainty)) ||
	    (rc = radioembo__require_pointer("copy_out", copy_out)) ||
	    (rc = radioembo_uncertainty_new(copy_out)))
		return rc;
	**copy_out = *uncertainty;
	return RADIOEMBO_OK;
}

void radioembo_uncertainty_free(radioembo_uncertainty *uncertainty)
{
	free(uncertainty);
}

int radioembo_uncertainty_set_input(radioembo_uncertainty *uncertainty,
				    radioembo_uncertain_input input,
				    radioembo_distribution distribution, double spread)
{
	int rc;

	if ((rc = radioembo__require_pointer("uncertainty", uncertainty)) ||
	    (rc = require_input(input)))
		return rc;
	if (!((int)distribution >= RADIOEMBO_DISTRIBUTION_NONE &&
	      distribution <= RADIOEMBO_DISTRIBUTION_UNIFORM))
		return radioembo__fail(
			RADIOEMBO_EINVAL, "distribution",
			"distribution must be a radioembo_distribution value, got %d",
			(int)distribution);
	/* A relative spread of 1 or more would let a mass or an activity reach zero. */
	if ((rc = is_relative(input) || distribution == RADIOEMBO_DISTRIBUTION_LOGNORMAL
			  ? radioembo__require_within("spread", spread, 0.0, 0.99)
			  : radioembo__require_within("spread", spread, 0.0, 0.5)))
		return rc;
	uncertainty->distribution[input] = spread == 0.0 ? RADIOEMBO_DISTRIBUTION_NONE
							 : distribution;
	uncertainty->spread[input] = uncertainty->distribution[input] ? spread : 0.0;
	return RADIOEMBO_OK;
}

int radioembo_uncertainty_get_input(const radioembo_uncertainty *uncertainty,
				    radioembo_uncertain_input input,
				    radioembo_distribution *distribution_out, double *spread_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("uncertainty", uncertainty)) ||
	    (rc = require_input(input)) ||
	    (rc = radioembo__require_pointer("distribution_out", distribution_out)) ||
	    (rc = radioembo__require_pointer("spread_out", spread_out)))
		return rc;
	*distribution_out = uncertainty->distribution[input];
	*spread_out = uncertainty->spread[input];
	return RADIOEMBO_OK;
}

/* ---- evaluation of one set of inputs ---------------------------------------------------- */

/*
 * The figures of sample j of a draw, into figures[f * stride] (stride: the figure arrays'
 * row length); returns 1 (figures untouched) when the draw leaves no normal liver, a
 * geometry no model can evaluate. Every draw lies in its physical domain, so the unchecked
 * dose formulas of dosimetry.h apply: this is the inner loop of Monte Carlo.
 */
static int evaluate(const struct nominal *restrict nominal, const struct draw *restrict draw,
		    size_t j, struct workspace *restrict work, double *restrict figures,
		    size_t stride)
{
	/* restrict and locals: the compiler keeps them in registers across the stores */
	const struct radioembo__lesion_state *restrict lesions = nominal->lesions;
	const double *restrict lesion_volume = draw->lesion_volume + j;
	const double *restrict tnr = draw->tnr + j;
	double *restrict tumor_masses = work->tumor_mass, *restrict tnrs = work->tnr;
	size_t *restrict lesion_of = work->lesion_of;
	size_t i, k = 0, count = nominal->lesion_count, step = draw->stride;
	double density = nominal->liver_density * draw->density[j];
	double liver_ml = nominal->liver_volume_ml * draw->liver_volume[j];
	double treated_ml = nominal->whole_liver ? liver_ml
						 : nominal->treated_volume_ml * draw->treated_volume[j];
	double lsf = draw->lsf[j], dose_factor = nominal->dose_factor;
	double all_tumor_ml = 0.0, treated_tumor_ml = 0.0, tumor_mass = 0.0;
	double normal_mass, whole_normal_mass, perfused_mass, delivered, normal_dose, lung_dose;

	for (i = 0; i < count; i++) {
		const struct radioembo__lesion_state *lesion = &lesions[i];
		double volume = lesion->volume_ml * lesion_volume[i * step];

		all_tumor_ml += volume;
		if (!lesion->treated)
			continue;
		treated_tumor_ml += volume;
		tumor_masses[k] = radioembo__mass_kg(
			volume, lesion->has_own_density ? lesion->density_g_per_ml : density);
		tnrs[k] = lesion->has_tnr ? lesion->tnr * tnr[i * step] : 1.0;
		lesion_of[k] = i;
		tumor_mass += tumor_masses[k];
		k++;
	}
	if (!(treated_ml - treated_tumor_ml > 0.0) || !(liver_ml - all_tumor_ml > 0.0))
		return 1;
	normal_mass = radioembo__mass_kg(treated_ml - treated_tumor_ml, density);
	whole_normal_mass = radioembo__mass_kg(liver_ml - all_tumor_ml, density);
	perfused_mass = normal_mass + tumor_mass;
	delivered = nominal->inject_gbq * draw->activity[j] * (1.0 - draw->residual[j]);
	/* the single compartment is the partition model without lesions over the perfused mass */
	normal_dose = radioembo__mird_dose_gy(
		delivered,
		nominal->partition
			? radioembo__partition_mass_sum(tumor_masses, tnrs, k, normal_mass)
			: perfused_mass,
		lsf, 0.0, dose_factor);
	lung_dose = radioembo__lung_dose_gy(delivered, lsf,
					    nominal->lung_mass_kg * draw->lung_mass[j], dose_factor);
	figures[(RADIOEMBO_FIGURE_DELIVERED_ACTIVITY - 1) * stride] = delivered;
	figures[(RADIOEMBO_FIGURE_PERFUSED_DOSE - 1) * stride] =
		radioembo__mird_dose_gy(delivered, perfused_mass, lsf, 0.0, dose_factor);
	figures[(RADIOEMBO_FIGURE_NORMAL_PERFUSED_DOSE - 1) * stride] = normal_dose;
	/* as the plan: the normal liver outside the treated volume receives no dose */
	figures[(RADIOEMBO_FIGURE_NORMAL_LIVER_DOSE - 1) * stride] =
		normal_dose * normal_mass / whole_normal_mass;
	figures[(RADIOEMBO_FIGURE_LUNG_DOSE - 1) * stride] = lung_dose;
	figures[(RADIOEMBO_FIGURE_LUNG_CUMULATIVE_DOSE - 1) * stride] =
		nominal->prior_lung_gy + lung_dose;
	if (k < count) /* untreated lesions have no dose */
		for (i = 0; i < count; i++)
			figures[(SCALAR_FIGURES + i) * stride] = NAN;
	for (i = 0; i < k; i++)
		figures[(SCALAR_FIGURES + lesion_of[i]) * stride] =
			nominal->partition ? radioembo__partition_tumor_dose_gy(tnrs[i], normal_dose)
					   : normal_dose;
	return 0;
}

/* The planned value of an input's draw: a factor of 1, or the planned fraction. */
static double planned_value(const struct nominal *n, radioembo_uncertain_input input)
{
	if (input == RADIOEMBO_INPUT_RESIDUAL_FRACTION)
		return n->residual;
	if (input == RADIOEMBO_INPUT_LSF)
		return n->lsf;
	return 1.0;
}

/* The column of one input (lesion: for lesion-wise inputs) of a draw. */
static double *input_column(struct draw *draw, radioembo_uncertain_input input, size_t lesion)
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

static int is_per_lesion(radioembo_uncertain_input input)
{
	return input == RADIOEMBO_INPUT_LESION_VOLUME || input == RADIOEMBO_INPUT_TNR;
}

/* ---- the propagation object --------------------------------------------------------------- */

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

static int propagation_new(radioembo_propagation_method method, size_t lesion_count,
			   radioembo_propagation **propagation_out)
{
	radioembo_propagation *p = radioembo__allocate(sizeof *p, "a propagation");
	size_t figures = SCALAR_FIGURES + lesion_count, i;

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
	p->contribution = unknowns(figures * (INPUT_LAST + 1), "variance shares");
	p->under_target = unknowns(lesion_count + 1, "tumour probabilities");
	for (i = 0; i <= RISK_LAST; i++)
		p->risk[i] = NAN;
	if (!p->planned || !p->mean || !p->sd || !p->p05 || !p->p50 || !p->p95 ||
	    !p->contribution || !p->under_target) {
		radioembo_propagation_free(p);
		return RADIOEMBO_ENOMEM;
	}
	*propagation_out = p;
	return RADIOEMBO_OK;
}

/* ---- resolving the plan ------------------------------------------------------------------- */

struct session {
	radioembo_result *result;
	struct nominal nominal;
	struct draw draw;
	struct workspace work;
	double *figures; /* figure_count */
};

/* Columns of `stride` samples for every input; free with free(draw->activity). */
static int draw_new(struct draw *draw, size_t lesion_count, size_t stride)
{
	double *columns;

	if (lesion_count > (SIZE_MAX / sizeof *columns / stride - 7) / 2)
		return radioembo__fail(RADIOEMBO_ENOMEM, NULL, "%zu lesions are too many to sample",
				       lesion_count);
	columns = radioembo__allocate((7 + 2 * lesion_count) * stride * sizeof *columns, "a draw");
	if (columns == NULL)
		return RADIOEMBO_ENOMEM;
	draw->stride = stride;
	draw->activity = columns;
	draw->residual = columns + stride;
	draw->lsf = columns + 2 * stride;
	draw->treated_volume = columns + 3 * stride;
	draw->liver_volume = columns + 4 * stride;
	draw->density = columns + 5 * stride;
	draw->lung_mass = columns + 6 * stride;
	draw->lesion_volume = columns + 7 * stride;
	draw->tnr = draw->lesion_volume + lesion_count * stride;
	return RADIOEMBO_OK;
}

/* Every sample of a draw at the planned value of every input. */
static void draw_planned(const struct nominal *nominal, struct draw *draw)
{
	int input;
	size_t lesion, j;

	for (input = 1; input <= INPUT_LAST; input++) {
		size_t lesions = is_per_lesion(input) ? nominal->lesion_count : 1;
		for (lesion = 0; lesion < lesions; lesion++)
			for (j = 0; j < draw->stride; j++)
				input_column(draw, input, lesion)[j] = planned_value(nominal, input);
	}
}

static void session_end(struct session *s)
{
	radioembo_result_free(s->result);
	free(s->draw.activity);
	free(s->work.tumor_mass);
	free(s->work.tnr);
	free(s->work.lesion_of);
	free(s->figures);
}

static int session_begin(const radioembo_plan *plan, radioembo_model model,
			 const radioembo_uncertainty *uncertainty, const char *out_name,
			 const void *out, struct session *s)
{
	const struct radioembo__model_figures *figures;
	struct nominal *n = &s->nominal;
	size_t count;
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
	figures = &s->result->models[model];
	n->inject_gbq = figures->inject_gbq;
	n->partition = figures->dose_model == RADIOEMBO_MODEL_PARTITION;
	n->residual = s->result->residual_fraction;
	n->lsf = s->result->lsf;
	n->dose_factor = s->result->dose_factor;
	n->liver_volume_ml = s->result->liver_volume_ml;
	n->treated_volume_ml = s->result->treated_volume_ml;
	n->whole_liver = s->result->whole_liver;
	n->liver_density = s->result->liver_density_g_per_ml;
	n->lung_mass_kg = s->result->lung_mass_kg;
	n->prior_lung_gy = s->result->prior_lung_dose_gy;
	n->lung_session_limit = s->result->lung_session_limit_gy;
	n->lung_cumulative_limit = s->result->lung_cumulative_limit_gy;
	n->normal_limit = s->result->normal_liver_limit_gy;
	n->normal_perfused_limit = s->result->normal_perfused_limit_gy;
	n->lesion_count = s->result->lesion_count;
	n->lesions = s->result->lesions;
	count = n->lesion_count + 1; /* never a zero-size allocation */
	if ((rc = draw_new(&s->draw, n->lesion_count, 1)))
		return rc;
	s->work.tumor_mass = radioembo__allocate(count * sizeof(double), "a workspace");
	s->work.tnr = radioembo__allocate(count * sizeof(double), "a workspace");
	s->work.lesion_of = radioembo__allocate(count * sizeof(size_t), "a workspace");
	s->figures = radioembo__allocate((SCALAR_FIGURES + count) * sizeof(double), "figures");
	if (!s->work.tumor_mass || !s->work.tnr ||
	    !s->work.lesion_of || !s->figures)
		return RADIOEMBO_ENOMEM;
	draw_planned(n, &s->draw);
	if (evaluate(n, &s->draw, 0, &s->work, s->figures, 1))
		return radioembo__fail(
			RADIOEMBO_EINVAL, "plan",
			"the plan's lesions fill its treated volume: nothing to propagate");
	return RADIOEMBO_OK;
}

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

/* probability(p, data, figure, threshold, below) for every risk; data is the callback's. */
static void set_risks(radioembo_propagation *p, const struct nominal *n,
		      double (*probability)(const radioembo_propagation *, void *, size_t, double,
					    int),
		      void *data)
{
	size_t i;

	p->risk[RADIOEMBO_RISK_LUNG_SESSION_LIMIT] =
		probability(p, data, RADIOEMBO_FIGURE_LUNG_DOSE - 1, n->lung_session_limit, 0);
	p->risk[RADIOEMBO_RISK_LUNG_CUMULATIVE_LIMIT] = probability(
		p, data, RADIOEMBO_FIGURE_LUNG_CUMULATIVE_DOSE - 1, n->lung_cumulative_limit, 0);
	p->risk[RADIOEMBO_RISK_NORMAL_LIVER_LIMIT] =
		probability(p, data, RADIOEMBO_FIGURE_NORMAL_LIVER_DOSE - 1, n->normal_limit, 0);
	p->risk[RADIOEMBO_RISK_NORMAL_PERFUSED_LIMIT] = probability(
		p, data, RADIOEMBO_FIGURE_NORMAL_PERFUSED_DOSE - 1, n->normal_perfused_limit, 0);
	for (i = 0; i < n->lesion_count; i++)
		if (n->lesions[i].treated)
			p->under_target[i] = probability(p, data, SCALAR_FIGURES + i,
							 n->lesions[i].target_dose_gy, 1);
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
static int sensitivity(struct session *s, double *slot, double sd, double *component,
		       double *low_figures, double *high_figures)
{
	double planned = *slot, step = DIFFERENCE_STEP * fmax(fabs(planned), 1e-3);
	double low = planned - step, high = planned + step;
	size_t f, figures = SCALAR_FIGURES + s->nominal.lesion_count;

	if (low < 0.0)
		low = planned;
	*slot = low;
	if (evaluate(&s->nominal, &s->draw, 0, &s->work, low_figures, 1))
		low_figures = s->figures, low = planned;
	*slot = high;
	if (evaluate(&s->nominal, &s->draw, 0, &s->work, high_figures, 1))
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
	struct session s = { 0 };
	radioembo_propagation *p = NULL;
	double *low = NULL, *high = NULL, *component = NULL, *variance = NULL;
	size_t figures, f, lesion;
	int input, rc;

	if ((rc = session_begin(plan, model, uncertainty, "propagation_out", propagation_out, &s)) ||
	    (rc = propagation_new(RADIOEMBO_PROPAGATION_ANALYTIC, s.nominal.lesion_count, &p)))
		goto done;
	figures = p->figure_count;
	low = radioembo__allocate(figures * sizeof *low, "differences");
	high = radioembo__allocate(figures * sizeof *high, "differences");
	component = radioembo__allocate(figures * sizeof *component, "differences");
	variance = radioembo__allocate(figures * (INPUT_LAST + 1) * sizeof *variance, "variances");
	if (!low || !high || !component || !variance) {
		rc = RADIOEMBO_ENOMEM;
		goto done;
	}
	for (input = 1; input <= INPUT_LAST; input++) {
		size_t lesions = is_per_lesion(input) ? s.nominal.lesion_count : 1;
		if (uncertainty->distribution[input] == RADIOEMBO_DISTRIBUTION_NONE)
			continue;
		for (lesion = 0; lesion < lesions; lesion++) {
			double *slot = input_column(&s.draw, input, lesion);
			if ((rc = sensitivity(&s, slot, input_sd(uncertainty, input, *slot),
					      component, low, high)))
				goto done;
			for (f = 0; f < figures; f++)
				if (!isnan(component[f]))
					variance[f * (INPUT_LAST + 1) + input] +=
						component[f] * component[f];
		}
	}
	for (f = 0; f < figures; f++) {
		double total = 0.0;
		if (isnan(s.figures[f]))
			continue;
		for (input = 1; input <= INPUT_LAST; input++)
			total += variance[f * (INPUT_LAST + 1) + input];
		for (input = 1; input <= INPUT_LAST; input++)
			p->contribution[f * (INPUT_LAST + 1) + input] =
				total > 0.0 ? variance[f * (INPUT_LAST + 1) + input] / total : 0.0;
		p->planned[f] = p->mean[f] = p->p50[f] = s.figures[f];
		p->sd[f] = sqrt(total);
		p->p05[f] = s.figures[f] - Z_95 * p->sd[f];
		p->p95[f] = s.figures[f] + Z_95 * p->sd[f];
	}
	set_risks(p, &s.nominal, analytic_risk, NULL);
done:
	free(low);
	free(high);
	free(component);
	free(variance);
	session_end(&s);
	if (rc == RADIOEMBO_OK)
		*propagation_out = p;
	else
		radioembo_propagation_free(p);
	return rc;
}

/* ---- Monte Carlo ------------------------------------------------------------------------ */

/*
 * Samples are drawn, evaluated and summarized in blocks of BLOCK: a block's input and figure
 * columns stay in the processor's cache, and the statistics are updated once per block.
 */
#define BLOCK 256
/*
 * Exact percentiles without keeping every sample: each percentile keeps only the samples in
 * a window of values around it, and counts those below. The windows start unbounded and are
 * narrowed after FIRST_STAGE samples, then at every doubling of the sample count, to the
 * empirical percentile's rank +- WINDOW_SD standard deviations of that rank
 * (sqrt(f (1 - f) n), the binomial spread of an order statistic) + WINDOW_SLACK. When the
 * final rank falls outside its window (where the final percentile lies, seen from n
 * samples, has a spread of at most one such sd: probability of order 1e-9 per window and
 * narrowing, below 1e-6 per propagation), the sampling is repeated from the same seed
 * keeping every sample of that percentile: the result is the same order statistic either
 * way, only slower.
 */
#define FIRST_STAGE 4096 /* a multiple of BLOCK */
#define WINDOW_SD 6.0
#define WINDOW_SLACK 8.0
#define QUANTILES 3

static const double quantile_fraction[QUANTILES] = { 0.05, 0.50, 0.95 };

/*
 * Ziggurat of the standard normal (Marsaglia and Tsang, J. Stat. Softw. 5(8), 2000), 128
 * layers of equal area V; the rightmost layer edge is R. One 32-bit output of the generator
 * gives the layer (7 bits), the sign (1 bit) and the abscissa (24 bits), as in GSL's
 * gsl_ran_gaussian_ziggurat (which uses its own tables and is called out of line).
 */
#define ZIGGURAT_R 3.442619855899
#define ZIGGURAT_V 9.91256303526217e-3
#define ZIGGURAT_SCALE 16777216.0 /* 2^24: the abscissa's range */

struct ziggurat {
	double w[128]; /* abscissa scale: x = j w[i] */
	double f[128]; /* exp(-x_i^2 / 2) at each layer's right edge */
	uint32_t k[128]; /* j < k[i]: the point lies under the curve */
	double sign[2];  /* -1, +1 */
};

/* A GSL generator's output called without its wrapper, and the tables of the normal draw. */
struct generator {
	unsigned long (*get)(void *state);
	void *state;
	struct ziggurat zig;
};

static void ziggurat_init(struct ziggurat *z)
{
	double x = ZIGGURAT_R, outer = ZIGGURAT_R;
	double q = ZIGGURAT_V / exp(-0.5 * ZIGGURAT_R * ZIGGURAT_R); /* base layer with tail */
	int i;

	z->sign[0] = -1.0;
	z->sign[1] = 1.0;
	z->k[0] = (uint32_t)(ZIGGURAT_R / q * ZIGGURAT_SCALE);
	z->k[1] = 0;
	z->w[0] = q / ZIGGURAT_SCALE;
	z->w[127] = ZIGGURAT_R / ZIGGURAT_SCALE;
	z->f[0] = 1.0;
	z->f[127] = exp(-0.5 * ZIGGURAT_R * ZIGGURAT_R);
	for (i = 126; i >= 1; i--) {
		x = sqrt(-2.0 * log(ZIGGURAT_V / x + exp(-0.5 * x * x)));
		z->k[i + 1] = (uint32_t)(x / outer * ZIGGURAT_SCALE);
		outer = x;
		z->f[i] = exp(-0.5 * x * x);
		z->w[i] = x / ZIGGURAT_SCALE;
	}
}

static uint32_t next32(struct generator *g)
{
	return (uint32_t)g->get(g->state);
}

/* Uniform on (0, 1), never 0: 32 bits and a half. */
static double uniform_open(struct generator *g)
{
	return ((double)next32(g) + 0.5) * 0x1p-32;
}

/* The rare part of a normal deviate: the wedges and the tail, given the first output u. */
static double gaussian_edge(struct generator *g, uint32_t u)
{
	const struct ziggurat *z = &g->zig;

	for (;;) {
		uint32_t j = u >> 8, layer = u & 0x7f;
		double x = (double)j * z->w[layer];

		if (j < z->k[layer])
			return u & 0x80 ? x : -x;
		if (layer == 0) { /* the tail beyond R (Marsaglia 1964) */
			double t, y;
			do {
				t = -log(uniform_open(g)) / ZIGGURAT_R;
				y = -log(uniform_open(g));
			} while (y + y < t * t);
			return u & 0x80 ? ZIGGURAT_R + t : -(ZIGGURAT_R + t);
		}
		/* the wedge between the layer's rectangle and the curve */
		if (z->f[layer] + uniform_open(g) * (z->f[layer - 1] - z->f[layer]) <
		    exp(-0.5 * x * x))
			return u & 0x80 ? x : -x;
		u = next32(g);
	}
}

/* A standard normal deviate: one output, a table look-up and a product 98.8 % of the time. */
static inline double gaussian(struct generator *g)
{
	uint32_t u = next32(g), j = u >> 8, layer = u & 0x7f;

	/* the sign by a product: a branch on a random bit would mispredict half the time */
	if (j < g->zig.k[layer])
		return (double)j * g->zig.w[layer] * g->zig.sign[(u >> 7) & 1];
	return gaussian_edge(g, u);
}

/*
 * The generators a caller may pick: GSL types with a full 32-bit output (min 0, max
 * 2^32 - 1), which the normal draw takes 32 bits at a time, all in GSL's list of
 * simulation-quality generators (taus is left out: it is taus2 with a weaker seeding and
 * gives the same stream for most seeds). gfsr4 (Ziff 1998, four-tap shift register, period
 * ~2^9689) is the default: on the development machine it takes 2.5 ns per output where
 * mt19937 takes 9 ns, and a sample needs one output per uncertain input.
 */
static const char *const generator_names[] = { "gfsr4", "mt19937", "taus2" };
#define GENERATOR_COUNT (sizeof generator_names / sizeof generator_names[0])

static const gsl_rng_type *generator_type(int index)
{
	switch (index) {
	case 1:
		return gsl_rng_mt19937;
	case 2:
		return gsl_rng_taus2;
	default:
		return gsl_rng_gfsr4;
	}
}

int radioembo_uncertainty_set_generator(radioembo_uncertainty *uncertainty, const char *name)
{
	size_t i;
	int rc;

	if ((rc = radioembo__require_pointer("uncertainty", uncertainty)) ||
	    (rc = radioembo__require_pointer("name", name)))
		return rc;
	for (i = 0; i < GENERATOR_COUNT; i++)
		if (strcmp(name, generator_names[i]) == 0) {
			uncertainty->generator = (int)i;
			return RADIOEMBO_OK;
		}
	return radioembo__fail(RADIOEMBO_EINVAL, "name",
			       "name must be one of gfsr4, mt19937, taus2, got \"%.40s\"", name);
}

const char *radioembo_uncertainty_generator(const radioembo_uncertainty *uncertainty)
{
	return uncertainty != NULL ? generator_names[uncertainty->generator] : NULL;
}

/*
 * The generators take a 32-bit seed and map 0 to a default: all 64 bits of the caller's
 * seed are mixed (SplitMix64's finalizer, Steele et al. 2014) into 32, never 0, so that
 * seeds differing only in their high bits still give different streams.
 */
static unsigned long seed32(uint64_t seed)
{
	uint64_t z = seed + UINT64_C(0x9E3779B97F4A7C15);
	unsigned long folded;

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	z ^= z >> 31;
	folded = (unsigned long)((z ^ (z >> 32)) & UINT64_C(0xFFFFFFFF));
	return folded != 0 ? folded : 1;
}

/* An uncertain input as the sampler sees it. */
struct sampled_input {
	double *column; /* in the block's draw */
	double planned, spread, half_variance; /* spread^2 / 2 */
	double lowest, beyond; /* the domain: lowest <= value < beyond */
	radioembo_distribution distribution;
	int input;
};

/* One value of an input from its distribution, maybe outside its domain. */
static inline double draw_value(struct generator *g, const struct sampled_input *in)
{
	if (in->distribution == RADIOEMBO_DISTRIBUTION_UNIFORM)
		return in->planned + in->spread * (2.0 * uniform_open(g) - 1.0);
	if (in->distribution == RADIOEMBO_DISTRIBUTION_LOGNORMAL)
		return in->planned * exp(in->spread * gaussian(g) - in->half_variance);
	return in->planned + in->spread * gaussian(g);
}

/*
 * One value of an input: a factor around 1 (relative inputs) or a fraction around its
 * planned value, redrawn until it lies in its physical domain (factors > 0, fractions within
 * [0, 1)). Lognormal draws keep the mean: exp(s Z - s^2/2).
 */
static int draw_input(struct generator *g, const struct sampled_input *in, size_t j)
{
	int tries;

	for (tries = 0; tries < MAX_REDRAWS; tries++) {
		double value = draw_value(g, in);
		if (value >= in->lowest && value < in->beyond) {
			in->column[j] = value;
			return RADIOEMBO_OK;
		}
	}
	return radioembo__fail(RADIOEMBO_ENOCONV, NULL,
			       "input %d: no value inside its physical domain after %d draws",
			       in->input, MAX_REDRAWS);
}

/* The samples of one percentile of one figure that may be its order statistics. */
struct window {
	double low, high;        /* kept: low <= value < high */
	size_t below;            /* samples below low */
	size_t count, capacity;  /* kept samples */
	double *values;
	int keep_all;            /* never narrowed: the fallback */
};

/* The running summary of one figure. */
struct figure_summary {
	double shift;             /* the planned value: sums are of value - shift */
	double mean, m2;          /* of value - shift, merged block by block */
	double threshold;         /* of the figure's risk; NaN: none */
	int below;                /* the risk is of falling below the threshold */
	size_t beyond;            /* samples beyond the threshold */
	int constant;             /* every sample so far equals the planned value */
	double order_low[QUANTILES], order_high[QUANTILES]; /* the order statistics found */
	struct window window[QUANTILES];
};

struct monte_carlo {
	struct session *session;
	struct sampled_input *inputs;
	size_t input_count, figure_count;
	struct draw block;
	double *figures; /* figure f of sample j at [f * BLOCK + j] */
	struct figure_summary *summary;
	struct generator generator;
	gsl_rng rng;
	double window_sd;
};

static int window_reserve(struct window *w, size_t extra)
{
	size_t capacity;
	double *values;

	if (w->count + extra <= w->capacity)
		return RADIOEMBO_OK;
	capacity = w->capacity > 0 ? w->capacity : 1024;
	while (capacity < w->count + extra)
		capacity *= 2;
	if (capacity > SIZE_MAX / sizeof *values ||
	    (values = realloc(w->values, capacity * sizeof *values)) == NULL)
		return radioembo__fail(RADIOEMBO_ENOMEM, NULL, "out of memory keeping %zu samples",
				       capacity);
	w->values = values;
	w->capacity = capacity;
	return RADIOEMBO_OK;
}

/* The same value `copies` times (the samples of a figure that was constant so far). */
static int window_add_copies(struct window *w, double value, size_t copies)
{
	size_t j;
	int rc;

	if (!(value >= w->low && value < w->high)) {
		w->below += value < w->low ? copies : 0;
		return RADIOEMBO_OK;
	}
	if ((rc = window_reserve(w, copies)))
		return rc;
	for (j = 0; j < copies; j++)
		w->values[w->count++] = value;
	return RADIOEMBO_OK;
}

/*
 * Hoare's selection: rearranges values[0..n) so that values[k] is the k-th smallest, those
 * before it no larger and those after no smaller. O(n) on average.
 */
static void select_kth(double *values, size_t n, size_t k)
{
	size_t low = 0, high = n - 1;

	while (low < high) {
		double pivot = values[low + (high - low) / 2];
		size_t i = low, j = high;
		while (i <= j) {
			while (values[i] < pivot)
				i++;
			while (values[j] > pivot)
				j--;
			if (i <= j) {
				double t = values[i];
				values[i] = values[j];
				values[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			high = j;
		else if (k >= i)
			low = i;
		else
			break;
	}
}

/* Narrows a window around its percentile after n samples; keeps it when ties forbid. */
static void window_narrow(struct window *w, double fraction, size_t n, double window_sd)
{
	double rank = fraction * (double)(n - 1);
	double half = window_sd * sqrt(fraction * (1.0 - fraction) * (double)n) + WINDOW_SLACK;
	double first = floor(rank - half), last = ceil(rank + half) + 1.0; /* ranks to keep */
	double low = w->low, high = w->high;
	size_t i, kept = 0, below = 0;

	/* a rank already outside the window is a miss the final selection will see */
	if (w->keep_all || !(rank >= (double)w->below && rank < (double)(w->below + w->count)))
		return;
	if (first > (double)w->below && first - (double)w->below < (double)w->count) {
		size_t at = (size_t)first - w->below;
		select_kth(w->values, w->count, at);
		low = w->values[at];
	}
	if (last + 1.0 - (double)w->below < (double)w->count) {
		size_t at = (size_t)(last + 1.0) - w->below;
		select_kth(w->values, w->count, at);
		high = w->values[at];
	}
	if (!(low < high))
		return;
	for (i = 0; i < w->count; i++) {
		double value = w->values[i];
		below += value < low;
		if (value >= low && value < high)
			w->values[kept++] = value;
	}
	w->low = low;
	w->high = high;
	w->below += below;
	w->count = kept;
}

/*
 * The order statistics of ranks floor(f (n - 1)) and the next (the interpolation of GSL's
 * gsl_stats_quantile_from_sorted_data); 1 when the window does not hold them.
 */
static int window_select(struct window *w, double fraction, size_t n, double *low_out,
			 double *high_out)
{
	size_t lhs = (size_t)(fraction * (double)(n - 1)), at, i;
	double high;

	if (lhs < w->below || lhs - w->below >= w->count)
		return 1;
	at = lhs - w->below;
	if (lhs + 1 < n && at + 1 >= w->count)
		return 1;
	select_kth(w->values, w->count, at);
	*low_out = high = w->values[at];
	if (lhs + 1 < n) {
		high = w->values[at + 1];
		for (i = at + 2; i < w->count; i++)
			if (w->values[i] < high)
				high = w->values[i];
	}
	*high_out = high;
	return 0;
}

/* The figure's risk threshold, as set_risks asks for it before sampling. */
static double record_threshold(const radioembo_propagation *p, void *data, size_t figure,
			       double threshold, int below)
{
	struct figure_summary *summary = (struct figure_summary *)data + figure;

	(void)p;
	summary->threshold = threshold;
	summary->below = below;
	return NAN;
}

/* The fraction of samples beyond the figure's threshold; NaN without threshold. */
static double sampled_risk(const radioembo_propagation *p, void *data, size_t figure,
			   double threshold, int below)
{
	const struct figure_summary *summary = (const struct figure_summary *)data + figure;

	(void)below;
	if (isnan(threshold) || isnan(p->planned[figure]))
		return NAN;
	return (double)summary->beyond / (double)p->samples;
}

/*
 * Counts the values below each window and keeps those inside. With SSE2 (every x86-64) two
 * values are compared with all six bounds at once and only a pair with a value inside a
 * window (a few per cent once narrowed) branches; elsewhere, one value at a time without a
 * branch. Both count and keep exactly the same values.
 */
static int windows_add(struct window *w, const double *values, size_t n)
{
	double low[QUANTILES], high[QUANTILES], *kept[QUANTILES];
	size_t below[QUANTILES] = { 0 }, count[QUANTILES], j = 0;
	int q, rc;

	for (q = 0; q < QUANTILES; q++) {
		if ((rc = window_reserve(&w[q], n)))
			return rc;
		low[q] = w[q].low;
		high[q] = w[q].high;
		kept[q] = w[q].values;
		count[q] = w[q].count;
	}
#if defined(__SSE2__)
	{
		__m128d low0 = _mm_set1_pd(low[0]), high0 = _mm_set1_pd(high[0]);
		__m128d low1 = _mm_set1_pd(low[1]), high1 = _mm_set1_pd(high[1]);
		__m128d low2 = _mm_set1_pd(low[2]), high2 = _mm_set1_pd(high[2]);
		__m128i below0 = _mm_setzero_si128(), below1 = below0, below2 = below0;
		uint64_t lanes[2];

		for (; j + 2 <= n; j += 2) {
			__m128d v = _mm_loadu_pd(values + j);
			__m128d under0 = _mm_cmplt_pd(v, low0), under1 = _mm_cmplt_pd(v, low1);
			__m128d under2 = _mm_cmplt_pd(v, low2);
			int in0 = _mm_movemask_pd(_mm_andnot_pd(under0, _mm_cmplt_pd(v, high0)));
			int in1 = _mm_movemask_pd(_mm_andnot_pd(under1, _mm_cmplt_pd(v, high1)));
			int in2 = _mm_movemask_pd(_mm_andnot_pd(under2, _mm_cmplt_pd(v, high2)));
			/* a true comparison is all ones, -1 as an integer */
			below0 = _mm_sub_epi64(below0, _mm_castpd_si128(under0));
			below1 = _mm_sub_epi64(below1, _mm_castpd_si128(under1));
			below2 = _mm_sub_epi64(below2, _mm_castpd_si128(under2));
			if (in0 | in1 | in2) {
				int masks[QUANTILES], lane;
				masks[0] = in0;
				masks[1] = in1;
				masks[2] = in2;
				for (q = 0; q < QUANTILES; q++)
					for (lane = 0; lane < 2; lane++)
						if (masks[q] >> lane & 1)
							kept[q][count[q]++] = values[j + lane];
			}
		}
		_mm_storeu_si128((__m128i *)lanes, below0);
		below[0] = (size_t)(lanes[0] + lanes[1]);
		_mm_storeu_si128((__m128i *)lanes, below1);
		below[1] = (size_t)(lanes[0] + lanes[1]);
		_mm_storeu_si128((__m128i *)lanes, below2);
		below[2] = (size_t)(lanes[0] + lanes[1]);
	}
#endif
	for (; j < n; j++) {
		double value = values[j];
		for (q = 0; q < QUANTILES; q++) {
			size_t under_low = value < low[q], under_high = value < high[q];
			below[q] += under_low;
			kept[q][count[q]] = value;
			count[q] += under_high - under_low; /* low <= high */
		}
	}
	for (q = 0; q < QUANTILES; q++) {
		w[q].below += below[q];
		w[q].count = count[q];
	}
	return RADIOEMBO_OK;
}

/* Mean, sum of squares, risk count and percentile windows of one block of a figure. */
static int summarize_block(struct figure_summary *s, const double *values, size_t n,
			   size_t done, int windowed)
{
	double shift = s->shift, sums[4] = { 0.0 }, squares[4] = { 0.0 }, sum, square_sum;
	double block_mean, delta;
	size_t j, differ = 0, beyond = 0, total = done + n;
	int q, rc;

	/* four partial sums: four independent chains of additions */
	for (j = 0; j + 4 <= n; j += 4) {
		double d0 = values[j] - shift, d1 = values[j + 1] - shift;
		double d2 = values[j + 2] - shift, d3 = values[j + 3] - shift;
		sums[0] += d0;
		sums[1] += d1;
		sums[2] += d2;
		sums[3] += d3;
		squares[0] += d0 * d0;
		squares[1] += d1 * d1;
		squares[2] += d2 * d2;
		squares[3] += d3 * d3;
	}
	for (; j < n; j++) {
		double d = values[j] - shift;
		sums[0] += d;
		squares[0] += d * d;
	}
	sum = (sums[0] + sums[1]) + (sums[2] + sums[3]);
	square_sum = (squares[0] + squares[1]) + (squares[2] + squares[3]);
	if (!isnan(s->threshold)) {
		double threshold = s->threshold;
		if (s->below)
			for (j = 0; j < n; j++)
				beyond += values[j] < threshold;
		else
			for (j = 0; j < n; j++)
				beyond += values[j] > threshold;
		s->beyond += beyond;
	}
	/* Chan, Golub and LeVeque (1979): merge the block's mean and sum of squares */
	block_mean = sum / (double)n;
	delta = block_mean - s->mean;
	s->mean += delta * ((double)n / (double)total);
	s->m2 += (square_sum - sum * block_mean) +
		 delta * delta * ((double)done * (double)n / (double)total);
	if (!windowed)
		return RADIOEMBO_OK;
	if (s->constant) {
		for (j = 0; j < n; j++)
			differ += values[j] != shift;
		if (differ == 0)
			return RADIOEMBO_OK;
		for (q = 0; q < QUANTILES; q++)
			if ((rc = window_add_copies(&s->window[q], shift, done)))
				return rc;
		s->constant = 0;
	}
	return windows_add(s->window, values, n);
}

/* Lung cumulative = prior + lung dose: its percentiles follow from the lung dose's. */
static int is_derived(size_t figure)
{
	return figure == RADIOEMBO_FIGURE_LUNG_CUMULATIVE_DOSE - 1;
}

/* Draws every uncertain input of sample j of the block; the rare redraws out of line. */
static int draw_sample(struct monte_carlo *mc, size_t j)
{
	struct generator *g = &mc->generator;
	const struct sampled_input *in = mc->inputs, *end = mc->inputs + mc->input_count;
	int rc;

	for (; in < end; in++) {
		double value = draw_value(g, in);
		if (value >= in->lowest && value < in->beyond)
			in->column[j] = value;
		else if ((rc = draw_input(g, in, j)))
			return rc;
	}
	return RADIOEMBO_OK;
}

/* All samples from the seed, summarized; deterministic for a seed. */
static int sample(struct monte_carlo *mc, radioembo_propagation *p, uint64_t seed, size_t samples)
{
	const struct nominal *nominal = &mc->session->nominal;
	size_t done, n, f, j, next_stage = FIRST_STAGE;
	int q, rc;

	gsl_rng_set(&mc->rng, seed32(seed));
	for (f = 0; f < mc->figure_count; f++) {
		struct figure_summary *s = &mc->summary[f];
		s->shift = p->planned[f];
		s->mean = s->m2 = 0.0;
		s->beyond = 0;
		s->constant = 1;
		for (q = 0; q < QUANTILES; q++) {
			s->window[q].low = -INFINITY;
			s->window[q].high = INFINITY;
			s->window[q].below = s->window[q].count = 0;
		}
	}
	for (done = 0; done < samples; done += n) {
		n = samples - done < BLOCK ? samples - done : BLOCK;
		for (j = 0; j < n; j++)
			if ((rc = draw_sample(mc, j)))
				return rc;
		/* a sample whose geometry is impossible is drawn again, after the block's draws */
		for (j = 0; j < n; j++) {
			int tries = 1;
			while (evaluate(nominal, &mc->block, j, &mc->session->work, mc->figures + j,
					BLOCK)) {
				if (tries++ >= MAX_REDRAWS)
					return radioembo__fail(
						RADIOEMBO_ENOCONV, NULL,
						"no sample with normal liver left after %d draws: "
						"the "
						"spreads of the volumes are too wide",
						MAX_REDRAWS);
				if ((rc = draw_sample(mc, j)))
					return rc;
			}
		}
		for (f = 0; f < mc->figure_count; f++)
			if (!isnan(p->planned[f]) &&
			    (rc = summarize_block(&mc->summary[f], mc->figures + f * BLOCK, n, done,
						  !is_derived(f))))
				return rc;
		if (done + n >= next_stage && mc->window_sd >= 0.0) {
			for (f = 0; f < mc->figure_count; f++)
				for (q = 0; q < QUANTILES && !mc->summary[f].constant; q++)
					window_narrow(&mc->summary[f].window[q],
						      quantile_fraction[q], done + n,
						      mc->window_sd);
			next_stage *= 2;
		}
	}
	return RADIOEMBO_OK;
}

/*
 * The percentiles of every figure from the windows; 1 when a window missed its order
 * statistics (then marked to keep every sample on the next run), outputs untouched.
 */
static int set_percentiles(struct monte_carlo *mc, radioembo_propagation *p)
{
	size_t lung = RADIOEMBO_FIGURE_LUNG_DOSE - 1, f, samples = p->samples;
	double prior = mc->session->nominal.prior_lung_gy;
	int q, missed = 0;

	for (f = 0; f < mc->figure_count; f++) {
		struct figure_summary *s = &mc->summary[f];
		if (isnan(p->planned[f]) || is_derived(f))
			continue;
		for (q = 0; q < QUANTILES; q++) {
			if (s->constant)
				s->order_low[q] = s->order_high[q] = s->shift;
			else if (window_select(&s->window[q], quantile_fraction[q], samples,
					       &s->order_low[q], &s->order_high[q])) {
				s->window[q].keep_all = 1;
				missed = 1;
			}
		}
	}
	if (missed)
		return 1;
	for (f = 0; f < mc->figure_count; f++) {
		const struct figure_summary *s = &mc->summary[is_derived(f) ? lung : f];
		double *out[QUANTILES];
		out[0] = &p->p05[f];
		out[1] = &p->p50[f];
		out[2] = &p->p95[f];
		if (isnan(p->planned[f]))
			continue;
		for (q = 0; q < QUANTILES; q++) {
			double index = quantile_fraction[q] * (double)(samples - 1);
			double delta = index - (double)(size_t)index, low = s->order_low[q];
			double high = s->order_high[q];
			if (is_derived(f)) { /* prior + x is non-decreasing in x: same order */
				low = prior + low;
				high = prior + high;
			}
			/*
			 * Not GSL's (1 - delta) low + delta high, which can round 1 ulp outside
			 * [low, high] (above low == high) and so put p05 above p50 (found by
			 * fuzzing): this form, clamped, stays within [low, high].
			 */
			*out[q] = fmin(high, low + delta * (high - low));
		}
	}
	return 0;
}

static void monte_carlo_end(struct monte_carlo *mc)
{
	size_t f;
	int q;

	for (f = 0; mc->summary != NULL && f < mc->figure_count; f++)
		for (q = 0; q < QUANTILES; q++)
			free(mc->summary[f].window[q].values);
	free(mc->summary);
	free(mc->inputs);
	free(mc->block.activity);
	free(mc->figures);
	free(mc->rng.state);
}

static int monte_carlo_begin(struct session *s, const radioembo_uncertainty *u, size_t figures,
			     double window_sd, struct monte_carlo *mc)
{
	const gsl_rng_type *type = generator_type(u->generator);
	size_t lesion, j, count = 0;
	int input, rc;

	mc->session = s;
	mc->figure_count = figures;
	mc->window_sd = window_sd;
	if ((rc = draw_new(&mc->block, s->nominal.lesion_count, BLOCK)))
		return rc;
	draw_planned(&s->nominal, &mc->block); /* the exact inputs, once */
	/*
	 * gsl_rng_alloc reports a failed allocation through GSL's process-wide error handler,
	 * which aborts by default: the generator's state is allocated here instead.
	 */
	mc->rng.type = type;
	mc->rng.state = radioembo__allocate(type->size, "a random number generator");
	mc->figures = radioembo__allocate(figures * BLOCK * sizeof *mc->figures, "figures");
	mc->summary = radioembo__allocate(figures * sizeof *mc->summary, "summaries");
	mc->inputs = radioembo__allocate((INPUT_LAST + 2 * s->nominal.lesion_count) *
						 sizeof *mc->inputs,
					 "inputs");
	if (!mc->rng.state || !mc->figures || !mc->summary || !mc->inputs)
		return RADIOEMBO_ENOMEM;
	mc->generator.get = type->get;
	mc->generator.state = mc->rng.state;
	ziggurat_init(&mc->generator.zig);
	for (input = 1; input <= INPUT_LAST; input++) {
		size_t lesions = is_per_lesion(input) ? s->nominal.lesion_count : 1;
		if (u->distribution[input] == RADIOEMBO_DISTRIBUTION_NONE)
			continue;
		for (lesion = 0; lesion < lesions; lesion++) {
			struct sampled_input *in = &mc->inputs[count++];
			in->column = input_column(&mc->block, input, lesion);
			in->planned = planned_value(&s->nominal, input);
			in->spread = u->spread[input];
			in->half_variance = 0.5 * in->spread * in->spread;
			in->distribution = u->distribution[input];
			in->input = input;
			/* factors above 0 (the least positive double up), fractions in [0, 1) */
			in->lowest = is_relative(input) ? DBL_TRUE_MIN : 0.0;
			in->beyond = is_relative(input) ? INFINITY : 1.0;
		}
	}
	mc->input_count = count;
	for (j = 0; j < figures; j++)
		mc->summary[j].threshold = NAN;
	return RADIOEMBO_OK;
}

int radioembo__plan_propagate_monte_carlo_windowed(const radioembo_plan *plan,
						  radioembo_model model,
						  const radioembo_uncertainty *uncertainty,
						  uint64_t seed, size_t samples, double window_sd,
						  radioembo_propagation **propagation_out)
{
	struct session s = { 0 };
	struct monte_carlo mc = { 0 };
	radioembo_propagation *p = NULL;
	size_t figures, f;
	int rc;

	if (samples < 2)
		return radioembo__fail(RADIOEMBO_EINVAL, "samples", "samples must be >= 2, got %zu",
				       samples);
	if ((rc = session_begin(plan, model, uncertainty, "propagation_out", propagation_out, &s)) ||
	    (rc = propagation_new(RADIOEMBO_PROPAGATION_MONTE_CARLO, s.nominal.lesion_count, &p)))
		goto done;
	figures = p->figure_count;
	p->samples = samples;
	for (f = 0; f < figures; f++)
		p->planned[f] = s.figures[f];
	/* the fallback of a missed percentile window keeps every sample of one figure */
	if (samples > SIZE_MAX / sizeof(double)) {
		rc = radioembo__fail(RADIOEMBO_ENOMEM, NULL, "samples %zu are too many to keep",
				     samples);
		goto done;
	}
	if ((rc = monte_carlo_begin(&s, uncertainty, figures, window_sd, &mc)))
		goto done;
	for (f = 0; f < figures; f++) {
		int q;
		for (q = 0; q < QUANTILES; q++)
			mc.summary[f].window[q].keep_all = window_sd < 0.0;
	}
	set_risks(p, &s.nominal, record_threshold, mc.summary);
	/*
	 * A missed window (rare) repeats the same samples keeping all of its percentile's. A
	 * window that keeps everything holds every finite value, so a second miss would need
	 * a figure that is not finite, which draws inside their domains cannot give: a guard.
	 */
	if ((rc = sample(&mc, p, seed, samples)))
		goto done;
	if (set_percentiles(&mc, p)) {
		if ((rc = sample(&mc, p, seed, samples)))
			goto done;
		if (set_percentiles(&mc, p)) {
			rc = radioembo__fail(RADIOEMBO_ERANGE, NULL,
					     "a sampled figure is not finite: no percentiles");
			goto done;
		}
	}
	for (f = 0; f < figures; f++) {
		if (isnan(p->planned[f]))
			continue;
		p->mean[f] = mc.summary[f].shift + mc.summary[f].mean;
		p->sd[f] = sqrt(mc.summary[f].m2 / (double)(samples - 1));
	}
	set_risks(p, &s.nominal, sampled_risk, mc.summary);
done:
	monte_carlo_end(&mc);
	session_end(&s);
	if (rc == RADIOEMBO_OK)
		*propagation_out = p;
	else
		radioembo_propagation_free(p);
	return rc;
}

int radioembo_plan_propagate_monte_carlo(const radioembo_plan *plan, radioembo_model model,
					 const radioembo_uncertainty *uncertainty, uint64_t seed,
					 size_t samples, radioembo_propagation **propagation_out)
{
	return radioembo__plan_propagate_monte_carlo_windowed(plan, model, uncertainty, seed,
							      samples, WINDOW_SD, propagation_out);
}

/* ---- getters ------------------------------------------------------------------------------ */

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
	if (isnan(p->planned[SCALAR_FIGURES + lesion_index]))
		return radioembo__fail(RADIOEMBO_ENOTFOUND, "lesion_index",
				       "lesion %zu is not treated by this plan", lesion_index);
	*index_out = SCALAR_FIGURES + lesion_index;
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

int radioembo_propagation_sample_count(const radioembo_propagation *propagation,
				       size_t *count_out)
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
	if (!((int)risk >= 1 && risk <= RISK_LAST))
		return radioembo__fail(RADIOEMBO_EINVAL, "risk",
				       "risk must be a radioembo_risk value, got %d", (int)risk);
	if (risk == RADIOEMBO_RISK_TUMOR_UNDER_TARGET) {
		if ((rc = figure_index(propagation, RADIOEMBO_FIGURE_LESION_DOSE, lesion_index, &f)))
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

	if ((rc = require_propagation(propagation)) ||
	    (rc = require_input(input)) ||
	    (rc = radioembo__require_pointer("variance_share_out", variance_share_out)) ||
	    (rc = figure_index(propagation, figure, lesion_index, &f)))
		return rc;
	if (propagation->method != RADIOEMBO_PROPAGATION_ANALYTIC)
		return radioembo__fail(RADIOEMBO_ENOTFOUND, "input",
				       "variance shares come from the analytic propagation only");
	/* NaN when the figure's total variance overflowed (see get_summary) */
	if ((rc = radioembo__require_representable(
		     "variance share", propagation->contribution[f * (INPUT_LAST + 1) + input])))
		return rc;
	*variance_share_out = propagation->contribution[f * (INPUT_LAST + 1) + input];
	return RADIOEMBO_OK;
}
