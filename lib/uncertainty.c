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
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "dosimetry.h"
#include "planning.h"

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

/* One value of every input: factors on the planned value, except the two fractions. */
struct draw {
	double activity, residual, lsf, treated_volume, liver_volume, density, lung_mass;
	double *lesion_volume, *tnr; /* per lesion */
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
		return radioembo__fail(RADIOEMBO_EINVAL,
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

	if ((rc = radioembo__require_pointer("uncertainty", uncertainty)) ||
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
		return radioembo__fail(RADIOEMBO_EINVAL,
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
 * The figures for one draw; returns 1 (figures untouched) when the draw leaves no normal
 * liver, a geometry no model can evaluate. Every draw lies in its physical domain, so the
 * unchecked dose formulas of dosimetry.h apply: this is the inner loop of Monte Carlo.
 */
static int evaluate(const struct nominal *nominal, const struct draw *draw,
		    struct workspace *work, double *figures)
{
	double density = nominal->liver_density * draw->density;
	double liver_ml = nominal->liver_volume_ml * draw->liver_volume;
	double treated_ml = nominal->whole_liver ? liver_ml
						 : nominal->treated_volume_ml * draw->treated_volume;
	double all_tumor_ml = 0.0, treated_tumor_ml = 0.0, tumor_mass = 0.0;
	double normal_mass, whole_normal_mass, perfused_mass, delivered, normal_dose, lung_dose;
	size_t i, k = 0;

	for (i = 0; i < nominal->lesion_count; i++) {
		const struct radioembo__lesion_state *lesion = &nominal->lesions[i];
		double volume = lesion->volume_ml * draw->lesion_volume[i];

		all_tumor_ml += volume;
		if (!lesion->treated)
			continue;
		treated_tumor_ml += volume;
		work->tumor_mass[k] = radioembo__mass_kg(
			volume, lesion->has_own_density ? lesion->density_g_per_ml : density);
		work->tnr[k] = lesion->has_tnr ? lesion->tnr * draw->tnr[i] : 1.0;
		work->lesion_of[k] = i;
		tumor_mass += work->tumor_mass[k];
		k++;
	}
	if (!(treated_ml - treated_tumor_ml > 0.0) || !(liver_ml - all_tumor_ml > 0.0))
		return 1;
	normal_mass = radioembo__mass_kg(treated_ml - treated_tumor_ml, density);
	whole_normal_mass = radioembo__mass_kg(liver_ml - all_tumor_ml, density);
	perfused_mass = normal_mass + tumor_mass;
	delivered = nominal->inject_gbq * draw->activity * (1.0 - draw->residual);
	/* the single compartment is the partition model without lesions over the perfused mass */
	normal_dose = radioembo__mird_dose_gy(
		delivered,
		nominal->partition
			? radioembo__partition_mass_sum(work->tumor_mass, work->tnr, k, normal_mass)
			: perfused_mass,
		draw->lsf, 0.0, nominal->dose_factor);
	lung_dose = radioembo__lung_dose_gy(delivered, draw->lsf,
					    nominal->lung_mass_kg * draw->lung_mass,
					    nominal->dose_factor);
	figures[RADIOEMBO_FIGURE_DELIVERED_ACTIVITY - 1] = delivered;
	figures[RADIOEMBO_FIGURE_PERFUSED_DOSE - 1] = radioembo__mird_dose_gy(
		delivered, perfused_mass, draw->lsf, 0.0, nominal->dose_factor);
	figures[RADIOEMBO_FIGURE_NORMAL_PERFUSED_DOSE - 1] = normal_dose;
	/* as the plan: the normal liver outside the treated volume receives no dose */
	figures[RADIOEMBO_FIGURE_NORMAL_LIVER_DOSE - 1] = normal_dose * normal_mass / whole_normal_mass;
	figures[RADIOEMBO_FIGURE_LUNG_DOSE - 1] = lung_dose;
	figures[RADIOEMBO_FIGURE_LUNG_CUMULATIVE_DOSE - 1] = nominal->prior_lung_gy + lung_dose;
	for (i = 0; i < nominal->lesion_count; i++)
		figures[SCALAR_FIGURES + i] = NAN;
	for (i = 0; i < k; i++)
		figures[SCALAR_FIGURES + work->lesion_of[i]] =
			nominal->partition
				? radioembo__partition_tumor_dose_gy(work->tnr[i], normal_dose)
				: normal_dose;
	return 0;
}

static void planned_draw(const struct nominal *nominal, struct draw *draw)
{
	size_t i;

	draw->activity = draw->treated_volume = draw->liver_volume = 1.0;
	draw->density = draw->lung_mass = 1.0;
	draw->residual = nominal->residual;
	draw->lsf = nominal->lsf;
	for (i = 0; i < nominal->lesion_count; i++)
		draw->lesion_volume[i] = draw->tnr[i] = 1.0;
}

/* The draw's value of one input (lesion: for lesion-wise inputs), by address. */
static double *input_slot(struct draw *draw, radioembo_uncertain_input input, size_t lesion)
{
	switch (input) {
	case RADIOEMBO_INPUT_ACTIVITY:
		return &draw->activity;
	case RADIOEMBO_INPUT_RESIDUAL_FRACTION:
		return &draw->residual;
	case RADIOEMBO_INPUT_LSF:
		return &draw->lsf;
	case RADIOEMBO_INPUT_TREATED_VOLUME:
		return &draw->treated_volume;
	case RADIOEMBO_INPUT_LIVER_VOLUME:
		return &draw->liver_volume;
	case RADIOEMBO_INPUT_LESION_VOLUME:
		return &draw->lesion_volume[lesion];
	case RADIOEMBO_INPUT_TNR:
		return &draw->tnr[lesion];
	case RADIOEMBO_INPUT_LIVER_DENSITY:
		return &draw->density;
	case RADIOEMBO_INPUT_LUNG_MASS:
		return &draw->lung_mass;
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

static void session_end(struct session *s)
{
	radioembo_result_free(s->result);
	free(s->draw.lesion_volume);
	free(s->draw.tnr);
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
		return radioembo__fail(RADIOEMBO_ENOTFOUND,
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
	s->draw.lesion_volume = radioembo__allocate(count * sizeof(double), "a draw");
	s->draw.tnr = radioembo__allocate(count * sizeof(double), "a draw");
	s->work.tumor_mass = radioembo__allocate(count * sizeof(double), "a workspace");
	s->work.tnr = radioembo__allocate(count * sizeof(double), "a workspace");
	s->work.lesion_of = radioembo__allocate(count * sizeof(size_t), "a workspace");
	s->figures = radioembo__allocate((SCALAR_FIGURES + count) * sizeof(double), "figures");
	if (!s->draw.lesion_volume || !s->draw.tnr || !s->work.tumor_mass || !s->work.tnr ||
	    !s->work.lesion_of || !s->figures)
		return RADIOEMBO_ENOMEM;
	planned_draw(n, &s->draw);
	if (evaluate(n, &s->draw, &s->work, s->figures))
		return radioembo__fail(RADIOEMBO_EINVAL,
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

static void set_risks(radioembo_propagation *p, const struct nominal *n,
		      double (*probability)(const radioembo_propagation *, const void *, size_t,
					    double, int),
		      const void *data)
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

static double analytic_risk(const radioembo_propagation *p, const void *data, size_t figure,
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
	if (evaluate(&s->nominal, &s->draw, &s->work, low_figures))
		low_figures = s->figures, low = planned;
	*slot = high;
	if (evaluate(&s->nominal, &s->draw, &s->work, high_figures))
		high_figures = s->figures, high = planned;
	*slot = planned;
	if (high == low)
		return radioembo__fail(RADIOEMBO_ERANGE,
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
			double *slot = input_slot(&s.draw, input, lesion);
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
 * One value of an input: a factor around 1 (relative inputs) or a fraction around its
 * planned value, redrawn until it lies in its physical domain (factors > 0, fractions within
 * [0, 1)). Lognormal draws keep the mean: exp(s Z - s^2/2).
 */
static int draw_input(gsl_rng *rng, const radioembo_uncertainty *u,
		      radioembo_uncertain_input input, double planned, double *value_out)
{
	double spread = u->spread[input], value = planned;
	int tries;

	for (tries = 0; tries < MAX_REDRAWS; tries++) {
		switch (u->distribution[input]) {
		case RADIOEMBO_DISTRIBUTION_NORMAL:
			value = planned + gsl_ran_gaussian_ziggurat(rng, spread);
			break;
		case RADIOEMBO_DISTRIBUTION_LOGNORMAL:
			value = planned *
				exp(gsl_ran_gaussian_ziggurat(rng, spread) - 0.5 * spread * spread);
			break;
		case RADIOEMBO_DISTRIBUTION_UNIFORM:
			value = planned + gsl_ran_flat(rng, -spread, spread);
			break;
		default:
			*value_out = planned;
			return RADIOEMBO_OK;
		}
		if (is_relative(input) ? value > 0.0 : (value >= 0.0 && value < 1.0)) {
			*value_out = value;
			return RADIOEMBO_OK;
		}
	}
	return radioembo__fail(RADIOEMBO_ENOCONV,
			       "input %d: no value inside its physical domain after %d draws",
			       (int)input, MAX_REDRAWS);
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

/* Draws every input, redrawing the whole sample while its geometry is impossible. */
static int draw_sample(gsl_rng *rng, struct session *s, const radioembo_uncertainty *u,
		       double *figures)
{
	int input, tries, rc;
	size_t lesion;

	for (tries = 0; tries < MAX_REDRAWS; tries++) {
		for (input = 1; input <= INPUT_LAST; input++) {
			size_t lesions = is_per_lesion(input) ? s->nominal.lesion_count : 1;
			for (lesion = 0; lesion < lesions; lesion++)
				if ((rc = draw_input(rng, u, input, planned_value(&s->nominal, input),
						     input_slot(&s->draw, input, lesion))))
					return rc;
		}
		if (!evaluate(&s->nominal, &s->draw, &s->work, figures))
			return RADIOEMBO_OK;
	}
	return radioembo__fail(RADIOEMBO_ENOCONV,
			       "no sample with normal liver left after %d draws: the spreads of "
			       "the volumes are too wide",
			       MAX_REDRAWS);
}

/*
 * Hoare's selection: rearranges values[0..n) so that values[k] is the k-th smallest, those
 * before it no larger and those after no smaller. O(n) on average, where a sort (GSL's is a
 * heapsort) would be O(n log n) and dominate the whole propagation.
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

/*
 * The f-quantile of values[from..n) with the interpolation of GSL's
 * gsl_stats_quantile_from_sorted_data (index f (n - 1) over the whole array), given that
 * every element before `from` is no larger than any after. Rearranges the array.
 */
static double quantile(double *values, size_t n, size_t from, double f, size_t *position_out)
{
	double index = f * (double)(n - 1), delta, low, high;
	size_t lhs = (size_t)index, i;

	select_kth(values + from, n - from, lhs - from);
	low = values[lhs];
	delta = index - (double)lhs;
	high = low;
	if (lhs + 1 < n) {
		high = values[lhs + 1];
		for (i = lhs + 2; i < n; i++)
			if (values[i] < high)
				high = values[i];
	}
	*position_out = lhs;
	/*
	 * Not GSL's (1 - delta) low + delta high, which can round 1 ulp outside [low, high]
	 * (e.g. above low == high) and so put p05 above p50 (found by fuzzing): this form,
	 * clamped, stays within [low, high] and is non-decreasing in delta.
	 */
	return fmin(high, low + delta * (high - low));
}

/*
 * MT19937 takes a 32-bit seed and maps 0 to its default 4357: all 64 bits of the caller's
 * seed are mixed (SplitMix64's finalizer, Steele et al. 2014) into 32, never 0, so that
 * seeds differing only in their high bits still give different streams.
 */
static unsigned long mt19937_seed(uint64_t seed)
{
	uint64_t z = seed + UINT64_C(0x9E3779B97F4A7C15);
	unsigned long folded;

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	z ^= z >> 31;
	folded = (unsigned long)((z ^ (z >> 32)) & UINT64_C(0xFFFFFFFF));
	return folded != 0 ? folded : 1;
}

/* The fraction of samples of a figure above (below) a threshold; NaN without threshold. */
static double sampled_risk(const radioembo_propagation *p, const void *data, size_t figure,
			   double threshold, int below)
{
	const double *values = (const double *)data + figure * p->samples;
	size_t i, count = 0;

	if (isnan(threshold) || isnan(values[0]))
		return NAN;
	for (i = 0; i < p->samples; i++)
		count += below ? values[i] < threshold : values[i] > threshold;
	return (double)count / (double)p->samples;
}

int radioembo_plan_propagate_monte_carlo(const radioembo_plan *plan, radioembo_model model,
					 const radioembo_uncertainty *uncertainty, uint64_t seed,
					 size_t samples, radioembo_propagation **propagation_out)
{
	struct session s = { 0 };
	radioembo_propagation *p = NULL;
	gsl_rng generator = { gsl_rng_mt19937, NULL }, *rng = &generator;
	double *values = NULL;
	size_t figures, f, i, position;
	int rc;

	if (samples < 2)
		return radioembo__fail(RADIOEMBO_EINVAL, "samples must be >= 2, got %zu", samples);
	if ((rc = session_begin(plan, model, uncertainty, "propagation_out", propagation_out, &s)) ||
	    (rc = propagation_new(RADIOEMBO_PROPAGATION_MONTE_CARLO, s.nominal.lesion_count, &p)))
		goto done;
	figures = p->figure_count;
	p->samples = samples;
	for (f = 0; f < figures; f++)
		p->planned[f] = s.figures[f];
	if (samples > SIZE_MAX / sizeof(double) / figures) {
		rc = radioembo__fail(RADIOEMBO_ENOMEM, "samples %zu are too many to keep", samples);
		goto done;
	}
	/*
	 * gsl_rng_alloc reports a failed allocation through GSL's process-wide error handler,
	 * which aborts by default: the generator's state is allocated here instead.
	 */
	values = radioembo__allocate(samples * figures * sizeof *values, "samples");
	generator.state = radioembo__allocate(gsl_rng_mt19937->size, "a random number generator");
	if (values == NULL || generator.state == NULL) {
		rc = RADIOEMBO_ENOMEM;
		goto done;
	}
	gsl_rng_set(rng, mt19937_seed(seed));
	for (f = 0; f < figures; f++)
		p->mean[f] = p->sd[f] = 0.0; /* Welford's running mean and sum of squares */
	for (i = 0; i < samples; i++) {
		if ((rc = draw_sample(rng, &s, uncertainty, s.figures)))
			goto done;
		for (f = 0; f < figures; f++) {
			double value = s.figures[f], delta = value - p->mean[f];
			values[f * samples + i] = value;
			p->mean[f] += delta / (double)(i + 1);
			p->sd[f] += delta * (value - p->mean[f]);
		}
	}
	set_risks(p, &s.nominal, sampled_risk, values);
	for (f = 0; f < figures; f++) {
		double *column = values + f * samples;
		p->sd[f] = sqrt(p->sd[f] / (double)(samples - 1));
		if (isnan(column[0]))
			continue;
		/* ascending quantiles, each selected in what the previous one left above it */
		p->p05[f] = quantile(column, samples, 0, 0.05, &position);
		p->p50[f] = quantile(column, samples, position, 0.50, &position);
		p->p95[f] = quantile(column, samples, position, 0.95, &position);
	}
done:
	free(generator.state);
	free(values);
	session_end(&s);
	if (rc == RADIOEMBO_OK)
		*propagation_out = p;
	else
		radioembo_propagation_free(p);
	return rc;
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
		return radioembo__fail(RADIOEMBO_EINVAL,
				       "figure must be a radioembo_figure value, got %d", (int)figure);
	if (figure != RADIOEMBO_FIGURE_LESION_DOSE) {
		*index_out = (size_t)figure - 1;
		return RADIOEMBO_OK;
	}
	if (lesion_index >= p->lesion_count)
		return radioembo__fail(RADIOEMBO_EINVAL,
				       "lesion_index must be below the lesion count %zu, got %zu",
				       p->lesion_count, lesion_index);
	if (isnan(p->planned[SCALAR_FIGURES + lesion_index]))
		return radioembo__fail(RADIOEMBO_ENOTFOUND,
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
		return radioembo__fail(RADIOEMBO_EINVAL, "risk must be a radioembo_risk value, got %d",
				       (int)risk);
	if (risk == RADIOEMBO_RISK_TUMOR_UNDER_TARGET) {
		if ((rc = figure_index(propagation, RADIOEMBO_FIGURE_LESION_DOSE, lesion_index, &f)))
			return rc;
		probability = propagation->under_target[lesion_index];
	} else {
		probability = propagation->risk[risk];
	}
	if (isnan(probability))
		return radioembo__fail(RADIOEMBO_ENOTFOUND,
				       "risk %d has no limit or target set for this plan", (int)risk);
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
		return radioembo__fail(RADIOEMBO_ENOTFOUND,
				       "variance shares come from the analytic propagation only");
	/* NaN when the figure's total variance overflowed (see get_summary) */
	if ((rc = radioembo__require_representable(
		     "variance share", propagation->contribution[f * (INPUT_LAST + 1) + input])))
		return rc;
	*variance_share_out = propagation->contribution[f * (INPUT_LAST + 1) + input];
	return RADIOEMBO_OK;
}
