/*
 * The models of a plan, run side by side (radioembo-sources(7) MIRD to HOLMIUM):
 * - single compartment: MIRD over the perfused (treated) volume, uniform dose;
 * - partition: Ho et al. 1996 over the treated lesions and the normal perfused liver;
 * - BSA: the resin body-surface-area activity (Kennedy 2007), its doses from the partition
 *   model when it applies, else single compartment;
 * - Ho-166 whole liver: the activity for the product's whole-liver target (60 Gy).
 * Masses and doses come from the dose engine (engine.c), which uncertainty propagation
 * evaluates too; every other formula is called from its own module. This file only decides
 * what applies, which activity each model gives, and what to report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>

#include "physics/dosimetry.h"
#include "planning/planning.h"
#include "planning/plausibility.h"

/*
 * Relative slack of limit and target checks: a maximum-safe activity puts an organ at its
 * limit up to rounding, which must not read as a breach.
 */
#define LIMIT_SLACK 1e-9

#define FIELD(name) radioembo__product_value(plan->product, RADIOEMBO_PRODUCT_FIELD_##name)

/* Records a diagnostic on the result being computed: diagnose(c, CODE, SEVERITY, model, ...). */
#define diagnose(c, code, severity, ...)                                                           \
	radioembo__result_diagnose((c)->result, RADIOEMBO_DIAG_##code,                             \
				   RADIOEMBO_SEVERITY_##severity, __VA_ARGS__)

/* What the models share: the plan's constants and its geometry, resolved once. */
struct context {
	const radioembo_plan *plan;
	radioembo_result *result;
	const struct radioembo__constants *k; /* the result's */
	int64_t calibration_s;
	int has_calibration;
	size_t lesion_count;
	double liver_volume_ml, treated_volume_ml, all_tumor_volume_ml;
	double perfused_mass, normal_perfused_mass, normal_liver_mass;
	struct radioembo__engine engine;
	double *figures; /* one evaluation of the engine */
	/*
	 * The treated lesions, as the partition model sees them: the engine's arrays, which
	 * every evaluation of the plan's inputs rewrites with the same values.
	 */
	size_t treated_count, with_tnr_count;
	const size_t *treated_index; /* lesion index in the liver */
	const double *treated_mass, *treated_tnr;
};

/* How a model shares the activity: over which lesions, beside the normal mass. */
struct compartments {
	radioembo_model model;
	const double *tumor_mass, *tnr;
	size_t n;
	double normal_mass;
};

static radioembo_product_kind product_kind(const radioembo_plan *plan)
{
	radioembo_product_kind kind = RADIOEMBO_PRODUCT_KIND_OTHER;

	radioembo_product_get_kind(plan->product, &kind);
	return kind;
}

static int exceeds(double value, double limit)
{
	return !isnan(limit) && value > limit * (1.0 + LIMIT_SLACK);
}

/* The plan's constants, into the result: the product's fields, the lungs', the vial's date. */
static int resolve_constants(struct context *c)
{
	const radioembo_plan *plan = c->plan;
	struct radioembo__constants *k = &c->result->constants;
	int rc;

	k->half_life_h = FIELD(HALF_LIFE_H);
	k->dose_factor = FIELD(DOSE_FACTOR_GY_KG_PER_GBQ);
	if (isnan(k->half_life_h) || isnan(k->dose_factor))
		return radioembo__fail(RADIOEMBO_EINVAL, "product",
				       "product \"%s\" must have a half-life and a dose factor set",
				       radioembo_product_name(plan->product));
	if ((rc = radioembo_lung_get_lsf(plan->lung, &k->lsf)))
		return radioembo__fail(RADIOEMBO_EINVAL, "plan",
				       "lung: the lung shunt fraction must be set "
				       "(radioembo_lung_set_lsf) before computing a plan");
	radioembo_lung_get_mass_kg(plan->lung, &k->lung_mass_kg);
	if ((rc = radioembo_lung_prior_dose_total_gy(plan->lung, &k->prior_lung_dose_gy)))
		return rc;
	k->residual_fraction = plan->residual_fraction;
	k->lung_session_limit_gy = FIELD(LUNG_DOSE_LIMIT_SESSION_GY);
	k->lung_cumulative_limit_gy = FIELD(LUNG_DOSE_LIMIT_CUMULATIVE_GY);
	k->lung_activity_limit_gbq = FIELD(LUNG_ACTIVITY_LIMIT_GBQ);
	k->normal_liver_limit_gy = FIELD(NORMAL_LIVER_DOSE_LIMIT_GY);
	k->normal_perfused_limit_gy = FIELD(NORMAL_PERFUSED_DOSE_LIMIT_GY);
	c->has_calibration = plan->vial != NULL || plan->has_calibration;
	if (plan->vial != NULL)
		radioembo_vial_get_calibration_s(plan->vial, &c->calibration_s);
	else
		c->calibration_s = plan->calibration_s;

	rc = plan->radiobiology != NULL
		     ? radioembo_radiobiology_params_copy(plan->radiobiology, &c->result->radiobiology)
		     : radioembo_radiobiology_params_new(product_kind(plan), &c->result->radiobiology);
	if (rc)
		return rc;
	c->result->prescription = plan->prescription;
	return RADIOEMBO_OK;
}

static int is_treated(const radioembo_plan *plan, size_t lesion)
{
	size_t territory;

	if (plan->territory == RADIOEMBO__WHOLE_LIVER)
		return 1;
	return radioembo_liver_get_lesion_territory(plan->liver, lesion, &territory) ==
		       RADIOEMBO_OK &&
	       territory == plan->territory;
}

/* Lesion by lesion: how the engine sees it, whether it is treated, and what to say about it. */
static int resolve_lesions(struct context *c, double liver_density)
{
	const radioembo_plan *plan = c->plan;
	size_t i, territory, territory_count;
	int rc;

	radioembo_liver_territory_count(plan->liver, &territory_count);
	for (i = 0; i < c->lesion_count; i++) {
		const radioembo_lesion *lesion;
		struct radioembo__lesion_state *state = &c->result->lesions[i];
		double tnr;

		radioembo_liver_get_lesion(plan->liver, i, &lesion);
		radioembo_lesion_get_volume_ml(lesion, &state->volume_ml);
		state->has_own_density = radioembo_lesion_get_density_g_per_ml(
						 lesion, &state->density_g_per_ml) == RADIOEMBO_OK;
		if (!state->has_own_density)
			state->density_g_per_ml = liver_density;
		if (radioembo_lesion_get_target_dose_gy(lesion, &state->target_dose_gy) !=
		    RADIOEMBO_OK)
			state->target_dose_gy = FIELD(TUMOR_DOSE_TARGET_GY);
		if (territory_count > 0 &&
		    radioembo_liver_get_lesion_territory(plan->liver, i, &territory) !=
			    RADIOEMBO_OK &&
		    (rc = diagnose(c, LESION_OUTSIDE_TERRITORIES, WARNING, RADIOEMBO_MODEL_NONE,
				   "lesion \"%s\" lies in none of the liver's territories",
				   radioembo_lesion_label(lesion))))
			return rc;
		if (!is_treated(plan, i)) {
			if ((rc = diagnose(c, LESION_NOT_TREATED, INFO, RADIOEMBO_MODEL_NONE,
					   "lesion \"%s\" is outside the treated territory and "
					   "receives no dose",
					   radioembo_lesion_label(lesion))))
				return rc;
			continue;
		}
		/* A treated lesion without a TNR takes up like normal liver (TNR 1). */
		state->treated = 1;
		state->has_tnr = radioembo_lesion_get_tnr(lesion, &tnr) == RADIOEMBO_OK;
		if (state->has_tnr)
			c->with_tnr_count++;
		else
			tnr = 1.0;
		state->tnr = tnr;
	}
	return RADIOEMBO_OK;
}

/*
 * Masses of the treated volume, by the engine. Returns 1 in *usable_out when the geometry
 * supports the models, 0 when lesions fill their volume (a violation, reported).
 */
static int resolve_geometry(struct context *c, int *usable_out)
{
	const radioembo_plan *plan = c->plan;
	struct radioembo__engine_masses masses;
	double density;
	int usable, rc;

	*usable_out = 0;
	radioembo_liver_get_volume_ml(plan->liver, &c->liver_volume_ml);
	radioembo_liver_get_density_g_per_ml(plan->liver, &density);
	c->result->constants.liver_density_g_per_ml = density;
	c->treated_volume_ml = c->liver_volume_ml;
	if (plan->territory != RADIOEMBO__WHOLE_LIVER)
		radioembo_liver_get_territory_volume_ml(plan->liver, plan->territory,
							&c->treated_volume_ml);
	if ((rc = resolve_lesions(c, density)) ||
	    (rc = radioembo__engine_begin(&c->engine, c->k, c->liver_volume_ml,
					  c->treated_volume_ml,
					  plan->territory == RADIOEMBO__WHOLE_LIVER,
					  c->result->lesions, c->lesion_count)) ||
	    (rc = radioembo__engine_resolve_checked(&c->engine, c->result->lesion_mass_kg, &masses,
						    &usable)))
		return rc;
	c->all_tumor_volume_ml = masses.all_tumor_ml;
	c->treated_count = masses.treated_count;
	c->treated_index = c->engine.lesion_of;
	c->treated_mass = c->engine.tumor_mass;
	c->treated_tnr = c->engine.tnr;
	if (!usable)
		return diagnose(
			c, LESIONS_EXCEED_VOLUME, VIOLATION, RADIOEMBO_MODEL_NONE,
			"the lesions (%g mL) fill the treated volume (%g mL): no model can run",
			masses.normal_perfused_ml > 0.0 ? masses.all_tumor_ml
							: masses.treated_tumor_ml,
			masses.normal_perfused_ml > 0.0 ? c->liver_volume_ml
							: c->treated_volume_ml);
	c->figures = radioembo__allocate(
		(RADIOEMBO__ENGINE_SCALARS + c->lesion_count) * sizeof *c->figures, "figures");
	if (c->figures == NULL)
		return RADIOEMBO_ENOMEM;
	c->normal_perfused_mass = masses.normal_perfused_kg;
	c->normal_liver_mass = masses.normal_liver_kg;
	c->perfused_mass = masses.perfused_kg;
	c->result->perfused_mass_kg = c->perfused_mass;
	c->result->liver_volume_ml = c->liver_volume_ml;
	c->result->treated_volume_ml = c->treated_volume_ml;
	c->result->whole_liver = plan->territory == RADIOEMBO__WHOLE_LIVER;
	c->result->normal_perfused_mass_kg = c->normal_perfused_mass;
	c->result->normal_liver_mass_kg = c->normal_liver_mass;
	*usable_out = 1;
	return RADIOEMBO_OK;
}

/*
 * Inputs that cannot all be true (errors, not results): labels that come twice, tissue
 * larger than what holds it.
 */
static int check_consistency(const struct context *c)
{
	int rc;

	if ((rc = radioembo__liver_check_labels(c->plan->liver)))
		return rc;
	return radioembo__liver_check_geometry(c->plan->liver, NULL);
}

/* Possible but unusual inputs, as warnings naming the usual range and its source. */
static int check_plausibility(struct context *c)
{
	const char *source = "(radioembo-sources(7) PLAUSIBILITY)";
	double volume_ml, density;
	int rc;

	radioembo_liver_get_volume_ml(c->plan->liver, &volume_ml);
	radioembo_liver_get_density_g_per_ml(c->plan->liver, &density);
	if ((volume_ml < RADIOEMBO__LIVER_USUAL_MIN_ML ||
	     volume_ml > RADIOEMBO__LIVER_USUAL_MAX_ML) &&
	    (rc = diagnose(c, UNUSUAL_INPUT, WARNING, RADIOEMBO_MODEL_NONE,
			   "liver volume %g mL is outside the usual adult range of %g to %g mL "
			   "%s: check the units",
			   volume_ml, RADIOEMBO__LIVER_USUAL_MIN_ML, RADIOEMBO__LIVER_USUAL_MAX_ML,
			   source)))
		return rc;
	if ((density < RADIOEMBO__LIVER_DENSITY_USUAL_MIN ||
	     density > RADIOEMBO__LIVER_DENSITY_USUAL_MAX) &&
	    (rc = diagnose(c, UNUSUAL_INPUT, WARNING, RADIOEMBO_MODEL_NONE,
			   "liver density %g g/mL is outside the usual range of %g to %g g/mL "
			   "(radioembo-sources(7) TISSUE)",
			   density, RADIOEMBO__LIVER_DENSITY_USUAL_MIN,
			   RADIOEMBO__LIVER_DENSITY_USUAL_MAX)))
		return rc;
	if ((c->k->lung_mass_kg < RADIOEMBO__LUNG_USUAL_MIN_KG ||
	     c->k->lung_mass_kg > RADIOEMBO__LUNG_USUAL_MAX_KG) &&
	    (rc = diagnose(c, UNUSUAL_INPUT, WARNING, RADIOEMBO_MODEL_NONE,
			   "lung mass %g kg is outside the usual adult range of %g to %g kg %s",
			   c->k->lung_mass_kg, RADIOEMBO__LUNG_USUAL_MIN_KG,
			   RADIOEMBO__LUNG_USUAL_MAX_KG, source)))
		return rc;
	if (c->k->lsf > RADIOEMBO__LSF_PLAUSIBLE_MAX)
		return diagnose(c, LSF_IMPLAUSIBLE, WARNING, RADIOEMBO_MODEL_NONE,
				"LSF %.1f %% is above %g %%: implausible, check the shunt scan "
				"before planning %s",
				100.0 * c->k->lsf, 100.0 * RADIOEMBO__LSF_PLAUSIBLE_MAX, source);
	return RADIOEMBO_OK;
}

/* Plan-wide checks of timing and of the vial at hand. */
static int check_timing_and_vial(struct context *c)
{
	const radioembo_plan *plan = c->plan;
	double start_h = FIELD(USE_WINDOW_START_H), end_h = FIELD(USE_WINDOW_END_H);
	double deviation;
	int within, rc;

	if (plan->has_treatment && c->has_calibration) {
		double elapsed_h = radioembo__elapsed_h(c->calibration_s, plan->treatment_s);
		if ((!isnan(start_h) && elapsed_h < start_h) ||
		    (!isnan(end_h) && elapsed_h > end_h))
			if ((rc = diagnose(c, OUTSIDE_USE_WINDOW, WARNING, RADIOEMBO_MODEL_NONE,
					   "treatment %.1f h after calibration is outside the "
					   "product's use "
					   "window (%g to %g h)",
					   elapsed_h, start_h, end_h)))
				return rc;
	}
	if (plan->has_assay &&
	    radioembo_vial_check_assay(plan->vial, plan->assay_gbq, plan->assay_s, &deviation,
				       &within) == RADIOEMBO_OK &&
	    !within &&
	    (rc = diagnose(c, VIAL_OUT_OF_TOLERANCE, WARNING, RADIOEMBO_MODEL_NONE,
			   "the vial assay deviates %+.1f %% from its label, beyond the tolerance "
			   "of %g %%",
			   100.0 * deviation, 100.0 * FIELD(LABEL_TOLERANCE))))
		return rc;
	if (plan->territory != RADIOEMBO__WHOLE_LIVER &&
	    product_kind(plan) == RADIOEMBO_PRODUCT_KIND_RESIN)
		return diagnose(
			c, SINGLE_COMPARTMENT_NOT_RECOMMENDED, INFO,
			RADIOEMBO_MODEL_SINGLE_COMPARTMENT,
			"single-compartment dosimetry is not recommended for lobar resin treatment "
			"(EANM 2022, Table 3)");
	return RADIOEMBO_OK;
}

static struct compartments single_compartment_shares(const struct context *c)
{
	struct compartments shares = {RADIOEMBO_MODEL_SINGLE_COMPARTMENT, NULL, NULL, 0, 0.0};

	shares.normal_mass = c->perfused_mass;
	return shares;
}

static struct compartments partition_shares(const struct context *c)
{
	struct compartments shares = {RADIOEMBO_MODEL_PARTITION, NULL, NULL, 0, 0.0};

	shares.tumor_mass = c->treated_mass;
	shares.tnr = c->treated_tnr;
	shares.n = c->treated_count;
	shares.normal_mass = c->normal_perfused_mass;
	return shares;
}

/* Models that give their own activity take their doses from the finest model that applies. */
static struct compartments dose_shares_for(const struct context *c, radioembo_model model)
{
	if (model == RADIOEMBO_MODEL_SINGLE_COMPARTMENT || c->with_tnr_count == 0)
		return single_compartment_shares(c);
	return partition_shares(c);
}

/*
 * The largest delivered activity within every limit: the normal-liver and lung dose limits
 * (the lung's is the session limit or what the cumulative limit leaves, whichever is
 * smaller) and the product's lung activity limit. Sets *applies_out to 0 when no finite
 * limit applies.
 */
static int max_safe_delivered(struct context *c, const struct compartments *shares,
			      struct radioembo__model_figures *figures, int *applies_out,
			      double *delivered_out)
{
	double lung_limit =
		isnan(c->k->lung_session_limit_gy) ? INFINITY : c->k->lung_session_limit_gy;
	/*
	 * The whole-normal-liver limit bounds a mean over a liver whose untreated part receives
	 * nothing: the normal perfused liver may take that limit times (whole normal mass /
	 * normal perfused mass). Its own limit applies as it is.
	 */
	double normal_limit = fmin(
		isnan(c->k->normal_liver_limit_gy)
			? INFINITY
			: c->k->normal_liver_limit_gy *
				  (c->normal_liver_mass / c->normal_perfused_mass),
		isnan(c->k->normal_perfused_limit_gy) ? INFINITY : c->k->normal_perfused_limit_gy);
	double delivered;
	radioembo_limiting_organ organ = RADIOEMBO_LIMIT_NONE;
	int rc;

	if (!isnan(c->k->lung_cumulative_limit_gy))
		lung_limit =
			fmin(lung_limit, c->k->lung_cumulative_limit_gy - c->k->prior_lung_dose_gy);
	/* Without a shunt the lungs receive nothing: no lung limit, however little is left. */
	if (c->k->lsf == 0.0)
		lung_limit = INFINITY;
	*applies_out = 1;
	if (c->k->lsf > 0.0 && lung_limit <= 0.0) {
		delivered = 0.0;
		organ = RADIOEMBO_LIMIT_LUNG;
	} else {
		rc = radioembo_partition_max_activity_gbq(
			normal_limit, lung_limit, c->k->lsf, c->k->dose_factor, shares->tumor_mass,
			shares->tnr, shares->n, shares->normal_mass, c->k->lung_mass_kg, &delivered,
			&organ);
		if (rc == RADIOEMBO_ERANGE && isinf(normal_limit) &&
		    (isinf(lung_limit) || c->k->lsf == 0.0) &&
		    (isnan(c->k->lung_activity_limit_gbq) || c->k->lsf == 0.0)) {
			*applies_out = 0;
			return diagnose(c, MODEL_NOT_APPLICABLE, INFO, shares->model,
					"no finite limit applies, so there is no maximum safe "
					"activity");
		}
		if (rc == RADIOEMBO_ERANGE)
			delivered = INFINITY;
		else if (rc)
			return rc;
	}
	if (!isnan(c->k->lung_activity_limit_gbq) &&
	    radioembo__lung_activity_max_gbq(c->k->lung_activity_limit_gbq, c->k->lsf) <
		    delivered) {
		delivered =
			radioembo__lung_activity_max_gbq(c->k->lung_activity_limit_gbq, c->k->lsf);
		organ = RADIOEMBO_LIMIT_LUNG;
	}
	figures->has_limiting_organ = 1;
	figures->limiting_organ = organ;
	*delivered_out = delivered;
	/*
	 * The lungs' limit protects the lungs only: an activity that nothing but the lungs
	 * bounds may give the liver any dose, so it is not a safe one.
	 */
	if (isinf(normal_limit))
		return diagnose(c, NO_NORMAL_LIVER_LIMIT, VIOLATION, shares->model,
				"the maximum safe activity (%.3f GBq delivered) is bounded only by "
				"the lungs: the product has no normal-liver dose limit "
				"(normal_liver_dose_limit_gy or normal_perfused_dose_limit_gy), so "
				"nothing bounds the liver dose",
				delivered);
	return RADIOEMBO_OK;
}

/* Position of liver lesion `lesion` among the treated ones; 0 with *found 0 if absent. */
static size_t treated_position(const struct context *c, size_t lesion, int *found)
{
	size_t i;

	for (i = 0; i < c->treated_count; i++)
		if (c->treated_index[i] == lesion) {
			*found = 1;
			return i;
		}
	*found = 0;
	return 0;
}

/*
 * A tumour-dose prescription must name a treated lesion that has a TNR. Checked before any
 * model runs, so that the answer does not depend on whether another treated lesion lets
 * the partition model apply.
 */
static int check_tumor_prescription(const struct context *c)
{
	const radioembo_plan *plan = c->plan;
	const radioembo_lesion *lesion;
	double tnr;
	int found;

	if (plan->prescription != RADIOEMBO_PRESCRIBE_TUMOR_DOSE)
		return RADIOEMBO_OK;
	radioembo_liver_get_lesion(plan->liver, plan->prescribed_lesion, &lesion);
	treated_position(c, plan->prescribed_lesion, &found);
	if (!found)
		return radioembo__fail(
			RADIOEMBO_EINVAL, "prescribed",
			"prescribed lesion \"%s\" is not in the treated territory",
			radioembo_lesion_label(lesion));
	if (radioembo_lesion_get_tnr(lesion, &tnr) != RADIOEMBO_OK)
		return radioembo__fail(
			RADIOEMBO_EINVAL, "prescribed",
			"prescribed lesion \"%s\" has no tumour-to-normal ratio, "
			"so the partition model cannot aim at it",
			radioembo_lesion_label(lesion));
	return RADIOEMBO_OK;
}

/* The label of the prescribed lesion: messages name lesions by label, never by index. */
static const char *prescribed_label(const radioembo_plan *plan)
{
	const radioembo_lesion *lesion = NULL;

	radioembo_liver_get_lesion(plan->liver, plan->prescribed_lesion, &lesion);
	return radioembo_lesion_label(lesion);
}

/* The activity to inject under the prescription, for the single-compartment or partition model. */
static int prescribed_activity(struct context *c, const struct compartments *shares,
			       struct radioembo__model_figures *figures, int *applies_out,
			       double *inject_out)
{
	const radioembo_plan *plan = c->plan;
	double delivered;
	size_t position;
	int found, rc;

	*applies_out = 1;
	switch (plan->prescription) {
	case RADIOEMBO_PRESCRIBE_ACTIVITY:
		*inject_out = plan->prescribed_value;
		return RADIOEMBO_OK;
	case RADIOEMBO_PRESCRIBE_PERFUSED_DOSE:
		return radioembo_mird_activity_gbq(plan->prescribed_value, c->perfused_mass,
						   c->k->lsf, c->k->residual_fraction,
						   c->k->dose_factor, inject_out);
	case RADIOEMBO_PRESCRIBE_TUMOR_DOSE:
		if (shares->model == RADIOEMBO_MODEL_SINGLE_COMPARTMENT) {
			*applies_out = 0;
			return diagnose(
				c, MODEL_NOT_APPLICABLE, INFO, shares->model,
				"a single compartment has one mean dose and cannot aim at one "
				"lesion (prescribed %g Gy to lesion \"%s\")",
				plan->prescribed_value, prescribed_label(plan));
		}
		/* check_tumor_prescription() made sure the lesion is treated and has a TNR */
		position = treated_position(c, plan->prescribed_lesion, &found);
		if ((rc = radioembo_partition_activity_for_tumor_dose_gbq(
			     plan->prescribed_value, position, c->k->lsf, c->k->dose_factor,
			     shares->tumor_mass, shares->tnr, shares->n, shares->normal_mass,
			     &delivered)))
			return rc;
		*inject_out =
			radioembo__inject_for_delivered_gbq(delivered, c->k->residual_fraction);
		return RADIOEMBO_OK;
	case RADIOEMBO_PRESCRIBE_MAX_SAFE:
		if ((rc = max_safe_delivered(c, shares, figures, applies_out, &delivered)) ||
		    !*applies_out)
			return rc;
		*inject_out =
			radioembo__inject_for_delivered_gbq(delivered, c->k->residual_fraction);
		return RADIOEMBO_OK;
	}
	return radioembo__fail(RADIOEMBO_EINTERNAL, NULL, "unknown prescription %d",
			       (int)plan->prescription);
}

/* Doses of the model's activity to inject, by the engine, into figures. */
static int evaluate_doses(struct context *c, const struct compartments *shares,
			  struct radioembo__model_figures *figures)
{
	size_t i;
	int rc;

	c->engine.inject_gbq = figures->inject_gbq;
	c->engine.partition = shares->n > 0;
	if ((rc = radioembo__engine_evaluate_checked(&c->engine, c->figures)))
		return rc;
	figures->dose_model = shares->model;
	figures->delivered_gbq = c->figures[RADIOEMBO_FIGURE_DELIVERED_ACTIVITY - 1];
	figures->perfused_dose_gy = c->figures[RADIOEMBO_FIGURE_PERFUSED_DOSE - 1];
	figures->normal_perfused_dose_gy = c->figures[RADIOEMBO_FIGURE_NORMAL_PERFUSED_DOSE - 1];
	figures->normal_liver_dose_gy = c->figures[RADIOEMBO_FIGURE_NORMAL_LIVER_DOSE - 1];
	figures->lung_dose_gy = c->figures[RADIOEMBO_FIGURE_LUNG_DOSE - 1];
	figures->lung_cumulative_dose_gy = c->figures[RADIOEMBO_FIGURE_LUNG_CUMULATIVE_DOSE - 1];
	for (i = 0; i < c->lesion_count; i++)
		figures->lesion_dose_gy[i] = c->figures[RADIOEMBO__ENGINE_SCALARS + i];
	return RADIOEMBO_OK;
}

/* A parameter's value, or NaN while it is unset (no failure is recorded). */
static double parameter(const radioembo_radiobiology_params *params,
			radioembo_radiobiology_field field,
			int (*get)(const radioembo_radiobiology_params *, double *))
{
	double value = NAN;
	int is_set = 0;

	if (radioembo_radiobiology_params_is_set(params, field, &is_set) == RADIOEMBO_OK && is_set)
		get(params, &value);
	return value;
}

/*
 * BED of each compartment from its own dose (Dale 1985; BED is not linear in dose). The
 * whole normal liver's mean BED weights the perfused part's by mass: the rest has none.
 */
static int evaluate_beds(struct context *c, struct radioembo__model_figures *figures)
{
	const radioembo_radiobiology_params *params = c->result->radiobiology;
	double liver_ab = parameter(params, RADIOEMBO_RADIOBIOLOGY_LIVER_ALPHA_BETA_GY,
				    radioembo_radiobiology_params_get_liver_alpha_beta_gy);
	double liver_trep = parameter(params, RADIOEMBO_RADIOBIOLOGY_LIVER_REPAIR_HALF_TIME_H,
				      radioembo_radiobiology_params_get_liver_repair_half_time_h);
	double tumor_ab = parameter(params, RADIOEMBO_RADIOBIOLOGY_TUMOR_ALPHA_BETA_GY,
				    radioembo_radiobiology_params_get_tumor_alpha_beta_gy);
	double tumor_trep = parameter(params, RADIOEMBO_RADIOBIOLOGY_TUMOR_REPAIR_HALF_TIME_H,
				      radioembo_radiobiology_params_get_tumor_repair_half_time_h);
	size_t i, lesion;
	int rc;

	/* A BED too large for a double stays unknown: it must not fail the whole plan. */
	if (!isnan(liver_ab) && !isnan(liver_trep)) {
		rc = radioembo_bed_gy(figures->normal_perfused_dose_gy, liver_ab, liver_trep,
				      c->k->half_life_h, &figures->normal_perfused_bed_gy);
		if (rc && rc != RADIOEMBO_ERANGE)
			return rc;
		figures->normal_liver_bed_gy =
			radioembo__whole_normal_mean(figures->normal_perfused_bed_gy,
						     c->normal_perfused_mass, c->normal_liver_mass);
		/* a mass ratio above 1 (lesions outside any territory) may overflow it */
		if (!isfinite(figures->normal_liver_bed_gy))
			figures->normal_liver_bed_gy = NAN;
	}
	for (i = 0; !isnan(tumor_ab) && !isnan(tumor_trep) && i < c->treated_count; i++) {
		lesion = c->treated_index[i];
		rc = radioembo_bed_gy(figures->lesion_dose_gy[lesion], tumor_ab, tumor_trep,
				      c->k->half_life_h, &figures->lesion_bed_gy[lesion]);
		if (rc && rc != RADIOEMBO_ERANGE)
			return rc;
	}
	return RADIOEMBO_OK;
}

/* Ordering, drawing and sphere count for the activity to inject, where timing allows. */
static int evaluate_logistics(struct context *c, radioembo_model model,
			      struct radioembo__model_figures *figures)
{
	const radioembo_plan *plan = c->plan;
	double per_sphere_bq = NAN, elapsed_h, factor;
	int rc;

	if (!plan->has_treatment || !(figures->inject_gbq > 0.0))
		return RADIOEMBO_OK;
	if (plan->vial != NULL) {
		rc = radioembo_vial_draw(plan->vial, figures->inject_gbq, plan->treatment_s,
					 &figures->draw_fraction, NULL);
		if (rc == RADIOEMBO_ERANGE)
			return diagnose(
				c, VIAL_INSUFFICIENT, WARNING, model,
				"the vial at hand holds less than the %.3f GBq to inject at "
				"treatment",
				figures->inject_gbq);
		if (rc)
			return rc;
		radioembo_vial_draw(plan->vial, figures->inject_gbq, plan->treatment_s,
				    &figures->draw_fraction, &figures->draw_volume_ml);
		radioembo_vial_activity_per_sphere_bq(plan->vial, plan->treatment_s,
						      &per_sphere_bq);
	} else if (c->has_calibration) {
		elapsed_h = radioembo__elapsed_h(c->calibration_s, plan->treatment_s);
		rc = radioembo_vial_order_gbq(plan->product, figures->inject_gbq, plan->treatment_s,
					      c->calibration_s, &figures->order_gbq,
					      &figures->vial_gbq);
		if (rc == RADIOEMBO_ERANGE) {
			if ((rc = radioembo_decay_activity_gbq(figures->inject_gbq,
							       c->k->half_life_h, -elapsed_h,
							       &figures->order_gbq)))
				return rc;
			if ((rc = diagnose(c, NO_VIAL_LARGE_ENOUGH, WARNING, model,
					   "no vial of the product covers %.3f GBq at calibration "
					   "(%.3f GBq to inject)",
					   figures->order_gbq, figures->inject_gbq)))
				return rc;
		} else if (rc) {
			return rc;
		}
		if (radioembo_decay_factor(c->k->half_life_h, elapsed_h, &factor) == RADIOEMBO_OK)
			per_sphere_bq = FIELD(ACTIVITY_PER_SPHERE_BQ) * factor;
	}
	if (per_sphere_bq > 0.0) {
		/* a denormal activity per sphere, or an absurd activity, overflows the count */
		double count = figures->inject_gbq * 1e9 / per_sphere_bq;
		if (!isfinite(count))
			return radioembo__fail(
				RADIOEMBO_ERANGE, "activity_gbq",
				"the sphere count of %g GBq to inject at %g Bq per "
				"sphere is not representable: check the activity and "
				"the calibration",
				figures->inject_gbq, per_sphere_bq);
		figures->sphere_count = count;
	}
	return RADIOEMBO_OK;
}

/* Limits broken and targets missed, as diagnostics of this model. */
static int check_limits(struct context *c, radioembo_model model,
			const struct radioembo__model_figures *figures)
{
	const radioembo_plan *plan = c->plan;
	double lung_activity = figures->delivered_gbq * c->k->lsf, target, dose;
	const radioembo_lesion *lesion;
	size_t i;
	int rc;

	if (exceeds(figures->lung_dose_gy, c->k->lung_session_limit_gy) &&
	    (rc = diagnose(c, LUNG_SESSION_LIMIT, VIOLATION, model,
			   "lung dose %.1f Gy exceeds the session limit of %g Gy",
			   figures->lung_dose_gy, c->k->lung_session_limit_gy)))
		return rc;
	if (exceeds(figures->lung_cumulative_dose_gy, c->k->lung_cumulative_limit_gy) &&
	    (rc = diagnose(c, LUNG_CUMULATIVE_LIMIT, VIOLATION, model,
			   "cumulative lung dose %.1f Gy exceeds the limit of %g Gy",
			   figures->lung_cumulative_dose_gy, c->k->lung_cumulative_limit_gy)))
		return rc;
	if (exceeds(lung_activity, c->k->lung_activity_limit_gbq) &&
	    (rc = diagnose(c, LUNG_ACTIVITY_LIMIT, VIOLATION, model,
			   "%.3f GBq would reach the lungs, above the limit of %g GBq",
			   lung_activity, c->k->lung_activity_limit_gbq)))
		return rc;
	if (exceeds(figures->normal_liver_dose_gy, c->k->normal_liver_limit_gy) &&
	    (rc = diagnose(c, NORMAL_LIVER_LIMIT, VIOLATION, model,
			   "whole normal liver dose %.1f Gy exceeds the limit of %g Gy",
			   figures->normal_liver_dose_gy, c->k->normal_liver_limit_gy)))
		return rc;
	if (exceeds(figures->normal_perfused_dose_gy, c->k->normal_perfused_limit_gy) &&
	    (rc = diagnose(c, NORMAL_PERFUSED_LIMIT, VIOLATION, model,
			   "normal perfused liver dose %.1f Gy exceeds the limit of %g Gy",
			   figures->normal_perfused_dose_gy, c->k->normal_perfused_limit_gy)))
		return rc;
	if (figures->dose_model != RADIOEMBO_MODEL_PARTITION)
		return RADIOEMBO_OK;
	for (i = 0; i < c->treated_count; i++) {
		radioembo_liver_get_lesion(plan->liver, c->treated_index[i], &lesion);
		target = c->result->lesions[c->treated_index[i]].target_dose_gy; /* as resolved */
		dose = figures->lesion_dose_gy[c->treated_index[i]];
		if (!isnan(target) && dose < target * (1.0 - LIMIT_SLACK) &&
		    (rc = diagnose(c, TUMOR_UNDER_TARGET, WARNING, model,
				   "lesion \"%s\" receives %.1f Gy, under its target of %g Gy",
				   radioembo_lesion_label(lesion), dose, target)))
			return rc;
	}
	return RADIOEMBO_OK;
}

/* The resin BSA method's own activity (radioembo-sources(7) BSA). */
static int bsa_activity(struct context *c, int *applies_out, double *inject_out)
{
	const radioembo_plan *plan = c->plan;
	double treated_fraction, reduction;
	int rc;

	*applies_out = 0;
	if (product_kind(plan) != RADIOEMBO_PRODUCT_KIND_RESIN)
		return RADIOEMBO_OK;
	if ((rc = radioembo_bsa_lsf_reduction(fmin(c->k->lsf, 1.0), &reduction)))
		return rc;
	c->result->lsf_reduction = reduction;
	if (isnan(plan->height_cm))
		return diagnose(c, MODEL_NOT_APPLICABLE, INFO, RADIOEMBO_MODEL_BSA,
				"the BSA method needs the patient's height and weight");
	if ((rc = radioembo_bsa_dubois_m2(plan->height_cm, plan->weight_kg, &c->result->bsa_m2)))
		return rc;
	/*
	 * Heights and weights DuBois accepts can give a BSA at or below the method's 0.2 m^2
	 * offset (a small child): a finding about this patient, not a bad argument.
	 */
	if (!(c->result->bsa_m2 > RADIOEMBO__BSA_OFFSET_M2))
		return diagnose(
			c, MODEL_NOT_APPLICABLE, INFO, RADIOEMBO_MODEL_BSA,
			"the BSA method needs a body-surface area above %g m^2, got %.3f m^2",
			RADIOEMBO__BSA_OFFSET_M2, c->result->bsa_m2);
	treated_fraction = fmin(1.0, c->treated_volume_ml / c->liver_volume_ml);
	if ((rc = radioembo_bsa_activity_rule_gbq(c->result->bsa_m2, c->all_tumor_volume_ml,
						  c->liver_volume_ml, treated_fraction, c->k->lsf,
						  plan->bsa_lobar_rule, inject_out)))
		return rc;
	c->result->bsa_lobar_rule = plan->bsa_lobar_rule;
	*applies_out = 1;
	if (reduction == 0.0)
		return diagnose(
			c, LSF_CONTRAINDICATION, VIOLATION, RADIOEMBO_MODEL_BSA,
			"LSF %.1f %% is above 20 %%: resin treatment is contraindicated (the BSA "
			"method gives no activity, factor %g)",
			100.0 * c->k->lsf, reduction);
	if (reduction < 1.0)
		return diagnose(c, LSF_REDUCTION, WARNING, RADIOEMBO_MODEL_BSA,
				"LSF %.1f %% reduces the BSA activity to %g of its value",
				100.0 * c->k->lsf, reduction);
	return RADIOEMBO_OK;
}

/* The Ho-166 whole-liver method: A = D * M_liver / F, no shunt term (radioembo-sources(7) HOLMIUM). */
static int ho166_activity(struct context *c, int *applies_out, double *inject_out)
{
	const radioembo_plan *plan = c->plan;
	double target = FIELD(WHOLE_LIVER_DOSE_TARGET_GY), density, liver_mass;
	radioembo_nuclide nuclide = RADIOEMBO_NUCLIDE_Y90;
	int rc;

	*applies_out = 0;
	radioembo_product_get_nuclide(plan->product, &nuclide);
	if (nuclide != RADIOEMBO_NUCLIDE_HO166 || isnan(target))
		return RADIOEMBO_OK;
	if (plan->territory != RADIOEMBO__WHOLE_LIVER)
		return diagnose(c, MODEL_NOT_APPLICABLE, INFO, RADIOEMBO_MODEL_HO166_WHOLE_LIVER,
				"the whole-liver method (%g Gy) applies to whole-liver treatment, "
				"not to a territory (%g mL)",
				target, c->treated_volume_ml);
	radioembo_liver_get_density_g_per_ml(plan->liver, &density);
	if ((rc = radioembo_mass_kg(c->liver_volume_ml, density, &liver_mass)) ||
	    (rc = radioembo_mird_activity_gbq(target, liver_mass, 0.0, 0.0, c->k->dose_factor,
					      inject_out)))
		return rc;
	*applies_out = 1;
	return RADIOEMBO_OK;
}

static int run_model(struct context *c, radioembo_model model)
{
	struct radioembo__model_figures *figures = &c->result->models[model];
	struct compartments shares = dose_shares_for(c, model);
	double inject = 0.0;
	int applies = 0, rc;

	switch (model) {
	case RADIOEMBO_MODEL_SINGLE_COMPARTMENT:
		rc = prescribed_activity(c, &shares, figures, &applies, &inject);
		break;
	case RADIOEMBO_MODEL_PARTITION:
		if (c->with_tnr_count == 0)
			return c->treated_count == 0
				       ? RADIOEMBO_OK
				       : diagnose(c, MODEL_NOT_APPLICABLE, INFO, model,
						  "none of the %zu treated lesions has a "
						  "tumour-to-normal "
						  "ratio",
						  c->treated_count);
		shares = partition_shares(c);
		rc = prescribed_activity(c, &shares, figures, &applies, &inject);
		break;
	case RADIOEMBO_MODEL_BSA:
		rc = bsa_activity(c, &applies, &inject);
		break;
	case RADIOEMBO_MODEL_HO166_WHOLE_LIVER:
		rc = ho166_activity(c, &applies, &inject);
		break;
	default:
		return radioembo__fail(RADIOEMBO_EINTERNAL, NULL, "unknown model %d", (int)model);
	}
	if (rc || !applies)
		return rc;
	figures->applies = 1;
	figures->inject_gbq = inject;
	if ((rc = radioembo__require_representable("the activity to inject", inject)) ||
	    (rc = evaluate_doses(c, &shares, figures)) || (rc = evaluate_beds(c, figures)) ||
	    (rc = evaluate_logistics(c, model, figures)))
		return rc;
	return check_limits(c, model, figures);
}

int radioembo__plan_compute(const radioembo_plan *plan, radioembo_result *result)
{
	struct context c = { 0 };
	int model, usable = 0, rc;

	c.plan = plan;
	c.result = result;
	c.k = &result->constants;
	c.lesion_count = result->lesion_count;
	if ((rc = check_consistency(&c)) || (rc = resolve_constants(&c)) ||
	    (rc = check_plausibility(&c)) || (rc = check_timing_and_vial(&c)) ||
	    (rc = resolve_geometry(&c, &usable)) || (rc = check_tumor_prescription(&c)))
		goto done;
	if (c.treated_count > c.with_tnr_count && c.with_tnr_count > 0 &&
	    (rc = diagnose(
		     &c, LESION_WITHOUT_TNR, INFO, RADIOEMBO_MODEL_PARTITION,
		     "%zu treated lesion(s) have no tumour-to-normal ratio; the partition model "
		     "takes them up like normal liver (TNR 1)",
		     c.treated_count - c.with_tnr_count)))
		goto done;
	for (model = 1; usable && model <= RADIOEMBO__MODEL_LAST; model++)
		if ((rc = run_model(&c, (radioembo_model)model)))
			break;
done:
	radioembo__engine_end(&c.engine);
	free(c.figures);
	return rc;
}
