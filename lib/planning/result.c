/*
 * The result of a plan: storage, diagnostics and getters. Figures are NaN while unknown;
 * NaN never leaves the object (getters report ENOTFOUND instead).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planning/planning.h"

/*
 * The names the case file and the JSON report use; the reports, the bindings and the
 * library's messages all take them from here so that one spelling exists per value.
 */
static const char *const model_names[] = {
	[RADIOEMBO_MODEL_SINGLE_COMPARTMENT] = "single_compartment",
	[RADIOEMBO_MODEL_PARTITION] = "partition",
	[RADIOEMBO_MODEL_BSA] = "bsa",
	[RADIOEMBO_MODEL_HO166_WHOLE_LIVER] = "ho166_whole_liver",
};

static const char *const model_labels[] = {
	[RADIOEMBO_MODEL_SINGLE_COMPARTMENT] = "single compartment",
	[RADIOEMBO_MODEL_PARTITION] = "partition",
	[RADIOEMBO_MODEL_BSA] = "BSA (resin)",
	[RADIOEMBO_MODEL_HO166_WHOLE_LIVER] = "Ho-166 whole liver",
};

static const char *const prescription_names[] = {
	[RADIOEMBO_PRESCRIBE_MAX_SAFE] = "max_safe",
	[RADIOEMBO_PRESCRIBE_ACTIVITY] = "activity_gbq",
	[RADIOEMBO_PRESCRIBE_PERFUSED_DOSE] = "perfused_dose_gy",
	[RADIOEMBO_PRESCRIBE_TUMOR_DOSE] = "tumor_dose_gy",
};

static const char *const severity_names[] = {
	[RADIOEMBO_SEVERITY_INFO] = "info",
	[RADIOEMBO_SEVERITY_WARNING] = "warning",
	[RADIOEMBO_SEVERITY_VIOLATION] = "violation",
};

static const char *const diagnostic_code_names[] = {
	[RADIOEMBO_DIAG_LUNG_SESSION_LIMIT] = "lung_session_limit",
	[RADIOEMBO_DIAG_LUNG_CUMULATIVE_LIMIT] = "lung_cumulative_limit",
	[RADIOEMBO_DIAG_LUNG_ACTIVITY_LIMIT] = "lung_activity_limit",
	[RADIOEMBO_DIAG_NORMAL_LIVER_LIMIT] = "normal_liver_limit",
	[RADIOEMBO_DIAG_TUMOR_UNDER_TARGET] = "tumor_under_target",
	[RADIOEMBO_DIAG_LSF_REDUCTION] = "lsf_reduction",
	[RADIOEMBO_DIAG_LSF_CONTRAINDICATION] = "lsf_contraindication",
	[RADIOEMBO_DIAG_LESIONS_EXCEED_VOLUME] = "lesions_exceed_volume",
	[RADIOEMBO_DIAG_LESION_OUTSIDE_TERRITORIES] = "lesion_outside_territories",
	[RADIOEMBO_DIAG_LESION_NOT_TREATED] = "lesion_not_treated",
	[RADIOEMBO_DIAG_LESION_WITHOUT_TNR] = "lesion_without_tnr",
	[RADIOEMBO_DIAG_MODEL_NOT_APPLICABLE] = "model_not_applicable",
	[RADIOEMBO_DIAG_NO_VIAL_LARGE_ENOUGH] = "no_vial_large_enough",
	[RADIOEMBO_DIAG_VIAL_INSUFFICIENT] = "vial_insufficient",
	[RADIOEMBO_DIAG_VIAL_OUT_OF_TOLERANCE] = "vial_out_of_tolerance",
	[RADIOEMBO_DIAG_OUTSIDE_USE_WINDOW] = "outside_use_window",
	[RADIOEMBO_DIAG_TERRITORY_EXCEEDS_LIVER] = "territory_exceeds_liver",
	[RADIOEMBO_DIAG_SINGLE_COMPARTMENT_NOT_RECOMMENDED] = "single_compartment_not_recommended",
	[RADIOEMBO_DIAG_NORMAL_PERFUSED_LIMIT] = "normal_perfused_limit",
	[RADIOEMBO_DIAG_NO_NORMAL_LIVER_LIMIT] = "no_normal_liver_limit",
	[RADIOEMBO_DIAG_UNUSUAL_INPUT] = "unusual_input",
	[RADIOEMBO_DIAG_LSF_IMPLAUSIBLE] = "lsf_implausible",
};

const char *radioembo_model_name(radioembo_model model)
{
	return RADIOEMBO__TABLE_NAME(model_names, model);
}

const char *radioembo_model_label(radioembo_model model)
{
	return RADIOEMBO__TABLE_NAME(model_labels, model);
}

const char *radioembo_prescription_name(radioembo_prescription prescription)
{
	return RADIOEMBO__TABLE_NAME(prescription_names, prescription);
}

const char *radioembo_severity_name(radioembo_severity severity)
{
	return RADIOEMBO__TABLE_NAME(severity_names, severity);
}

const char *radioembo_diagnostic_code_name(radioembo_diagnostic_code code)
{
	return RADIOEMBO__TABLE_NAME(diagnostic_code_names, code);
}

int radioembo_model_from_name(const char *name, radioembo_model *model_out)
{
	int model;
	int rc;

	if ((rc = radioembo__require_pointer("name", name)) ||
	    (rc = radioembo__require_pointer("model_out", model_out)))
		return rc;
	for (model = 1; model <= RADIOEMBO__MODEL_LAST; model++) {
		if (radioembo__names_match(name, model_names[model])) {
			*model_out = (radioembo_model)model;
			return RADIOEMBO_OK;
		}
	}
	return radioembo__fail(
		RADIOEMBO_ENOTFOUND, "name",
		"name \"%.64s\" is not a known model (single_compartment, partition, "
		"bsa, ho166_whole_liver)",
		name);
}

static void set_unknown(double *values, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		values[i] = NAN;
}

int radioembo__result_new(size_t lesion_count, radioembo_result **result_out)
{
	radioembo_result *result;
	int model;

	if ((result = radioembo__allocate(sizeof *result, "a result")) == NULL)
		return RADIOEMBO_ENOMEM;
	result->lesion_count = lesion_count;
	result->lesion_mass_kg = radioembo__allocate((lesion_count + 1) * sizeof(double),
						     "lesion masses");
	result->lesions = radioembo__allocate((lesion_count + 1) * sizeof *result->lesions,
					      "lesion states");
	for (model = 1; result->lesion_mass_kg != NULL && result->lesions != NULL &&
			model <= RADIOEMBO__MODEL_LAST;
	     model++) {
		struct radioembo__model_figures *figures = &result->models[model];
		double *lesion_doses = radioembo__allocate((lesion_count + 1) * sizeof(double),
							   "lesion doses");
		double *lesion_beds = radioembo__allocate((lesion_count + 1) * sizeof(double),
							  "lesion BEDs");
		figures->lesion_dose_gy = lesion_doses;
		figures->lesion_bed_gy = lesion_beds;
		if (lesion_doses == NULL || lesion_beds == NULL)
			break;
		/* every double of the figures, then the lesion doses: all unknown to begin with */
		figures->inject_gbq = figures->delivered_gbq = NAN;
		figures->order_gbq = figures->vial_gbq = figures->draw_fraction = NAN;
		figures->draw_volume_ml = figures->sphere_count = NAN;
		figures->perfused_dose_gy = figures->normal_perfused_dose_gy = NAN;
		figures->normal_liver_dose_gy = figures->lung_dose_gy = NAN;
		figures->lung_cumulative_dose_gy = NAN;
		figures->normal_perfused_bed_gy = figures->normal_liver_bed_gy = NAN;
		set_unknown(lesion_doses, lesion_count);
		set_unknown(lesion_beds, lesion_count);
		figures->dose_model = (radioembo_model)model;
	}
	if (result->lesion_mass_kg == NULL || result->lesions == NULL ||
	    model <= RADIOEMBO__MODEL_LAST) {
		radioembo_result_free(result);
		return RADIOEMBO_ENOMEM;
	}
	set_unknown(result->lesion_mass_kg, lesion_count);
	radioembo__constants_unknown(&result->constants);
	result->perfused_mass_kg = result->normal_perfused_mass_kg = NAN;
	result->normal_liver_mass_kg = NAN;
	result->bsa_m2 = result->lsf_reduction = NAN;
	result->liver_volume_ml = result->treated_volume_ml = NAN;
	*result_out = result;
	return RADIOEMBO_OK;
}

int radioembo__result_diagnose(radioembo_result *result, radioembo_diagnostic_code code,
			       radioembo_severity severity, radioembo_model model,
			       const char *format, ...)
{
	struct radioembo__diagnostic diagnostic;
	char message[1024];
	size_t length;
	va_list args;
	int rc;

	/*
	 * Not radioembo__copy_label(): a message quotes labels of up to 255 bytes and numbers
	 * of any size, so it may be longer than a label; it is truncated to the buffer instead
	 * of failing the computation.
	 */
	va_start(args, format);
	vsnprintf(message, sizeof message, format, args);
	va_end(args);
	length = strlen(message);
	diagnostic.code = code;
	diagnostic.severity = severity;
	diagnostic.model = model;
	if ((diagnostic.message = radioembo__allocate(length + 1, "a diagnostic message")) == NULL)
		return RADIOEMBO_ENOMEM;
	memcpy(diagnostic.message, message, length + 1);
	if ((rc = radioembo__reserve((void **)&result->diagnostics, result->diagnostic_count,
				     &result->diagnostic_capacity, result->diagnostic_count + 1, 4,
				     sizeof diagnostic, "diagnostics"))) {
		free(diagnostic.message);
		return rc;
	}
	result->diagnostics[result->diagnostic_count++] = diagnostic;
	return RADIOEMBO_OK;
}

void radioembo_result_free(radioembo_result *result)
{
	size_t i;
	int model;

	if (result == NULL)
		return;
	for (model = 1; model <= RADIOEMBO__MODEL_LAST; model++) {
		free(result->models[model].lesion_dose_gy);
		free(result->models[model].lesion_bed_gy);
	}
	for (i = 0; i < result->diagnostic_count; i++)
		free(result->diagnostics[i].message);
	free(result->diagnostics);
	free(result->lesion_mass_kg);
	free(result->lesions);
	radioembo_radiobiology_params_free(result->radiobiology);
	free(result);
}

/* Writes a figure: ENOTFOUND naming `what` while it is unknown (NaN). */
static int get_figure(double value, const char *what, double *value_out)
{
	if (isnan(value))
		return radioembo__fail(RADIOEMBO_ENOTFOUND, what, "%s is not known for this plan",
				       what);
	*value_out = value;
	return RADIOEMBO_OK;
}

static int require_result(const radioembo_result *result, const char *out_name,
			  const void *out)
{
	int rc;

	if ((rc = radioembo__require_pointer("result", result)) ||
	    (rc = radioembo__require_pointer(out_name, out)))
		return rc;
	return RADIOEMBO_OK;
}

/* The figures of a model that applies: EINVAL for no model, ENOTFOUND if it does not apply. */
static int applying_model(const radioembo_result *result, radioembo_model model,
			  const char *out_name, const void *out,
			  const struct radioembo__model_figures **figures_out)
{
	int rc;

	if ((rc = require_result(result, out_name, out)))
		return rc;
	if (!((int)model >= 1 && model <= RADIOEMBO__MODEL_LAST))
		return radioembo__fail(
			RADIOEMBO_EINVAL, "model",
			"model must be a radioembo_model value other than NONE, got %d",
			(int)model);
	if (!result->models[model].applies)
		return radioembo__fail(RADIOEMBO_ENOTFOUND, "model",
				       "the %s model does not apply to this plan",
				       radioembo_model_name(model));
	*figures_out = &result->models[model];
	return RADIOEMBO_OK;
}

int radioembo_result_get_prescription(const radioembo_result *result,
				      radioembo_prescription *prescription_out)
{
	int rc;

	if ((rc = require_result(result, "prescription_out", prescription_out)))
		return rc;
	*prescription_out = result->prescription;
	return RADIOEMBO_OK;
}

int radioembo_result_model_applies(const radioembo_result *result, radioembo_model model,
				   int *applies_out)
{
	const struct radioembo__model_figures *figures = NULL;
	int rc = applying_model(result, model, "applies_out", applies_out, &figures);

	if (rc == RADIOEMBO_ENOTFOUND) {
		*applies_out = 0;
		return RADIOEMBO_OK;
	}
	if (rc == RADIOEMBO_OK)
		*applies_out = 1;
	return rc;
}

/* One getter per model figure: the model must apply and the figure be known. */
#define MODEL_FIGURE_GETTER(function, field, what, out)                                    \
	int function(const radioembo_result *result, radioembo_model model, double *out)   \
	{                                                                                  \
		const struct radioembo__model_figures *figures = NULL;                            \
		int rc = applying_model(result, model, #out, out, &figures);               \
		return rc ? rc : get_figure(figures->field, what, out);                    \
	}

MODEL_FIGURE_GETTER(radioembo_result_get_inject_activity_gbq, inject_gbq, "the activity to inject",
		    activity_gbq_out)
MODEL_FIGURE_GETTER(radioembo_result_get_delivered_activity_gbq, delivered_gbq,
		    "the delivered activity", activity_gbq_out)
MODEL_FIGURE_GETTER(radioembo_result_get_order_activity_gbq, order_gbq,
		    "the activity to order (needs treatment and calibration instants)",
		    activity_gbq_out)
MODEL_FIGURE_GETTER(radioembo_result_get_order_vial_gbq, vial_gbq,
		    "the vial to order (needs instants and a vial that covers the activity)",
		    vial_gbq_out)
MODEL_FIGURE_GETTER(radioembo_result_get_draw_fraction, draw_fraction,
		    "the fraction to draw (needs a vial at hand and a treatment instant)",
		    fraction_out)
MODEL_FIGURE_GETTER(radioembo_result_get_draw_volume_ml, draw_volume_ml,
		    "the volume to draw (needs a vial of known volume and a treatment instant)",
		    volume_ml_out)
MODEL_FIGURE_GETTER(radioembo_result_get_sphere_count, sphere_count,
		    "the number of spheres (needs the activity per sphere and the instants)",
		    count_out)
MODEL_FIGURE_GETTER(radioembo_result_get_perfused_dose_gy, perfused_dose_gy,
		    "the perfused-volume dose", dose_gy_out)
MODEL_FIGURE_GETTER(radioembo_result_get_normal_perfused_dose_gy, normal_perfused_dose_gy,
		    "the normal perfused liver dose", dose_gy_out)
MODEL_FIGURE_GETTER(radioembo_result_get_normal_liver_dose_gy, normal_liver_dose_gy,
		    "the whole normal liver dose", dose_gy_out)
MODEL_FIGURE_GETTER(radioembo_result_get_lung_dose_gy, lung_dose_gy, "the lung dose",
		    dose_gy_out)
MODEL_FIGURE_GETTER(radioembo_result_get_lung_cumulative_dose_gy, lung_cumulative_dose_gy,
		    "the cumulative lung dose", dose_gy_out)

static int require_lesion_index(const radioembo_result *result, size_t lesion_index)
{
	if (lesion_index >= result->lesion_count)
		return radioembo__fail(RADIOEMBO_EINVAL, "lesion_index",
				       "lesion_index must be below the lesion count %zu, got %zu",
				       result->lesion_count, lesion_index);
	return RADIOEMBO_OK;
}

int radioembo_result_get_lesion_dose_gy(const radioembo_result *result, radioembo_model model,
					size_t lesion_index, double *dose_gy_out)
{
	const struct radioembo__model_figures *figures = NULL;
	int rc;

	if ((rc = applying_model(result, model, "dose_gy_out", dose_gy_out, &figures)) ||
	    (rc = require_lesion_index(result, lesion_index)))
		return rc;
	return get_figure(figures->lesion_dose_gy[lesion_index],
			  "the dose of a lesion outside the treated volume", dose_gy_out);
}

MODEL_FIGURE_GETTER(radioembo_result_get_normal_perfused_bed_gy, normal_perfused_bed_gy,
		    "the normal perfused liver BED (needs the liver's alpha/beta and repair time)",
		    bed_gy_out)
MODEL_FIGURE_GETTER(radioembo_result_get_normal_liver_bed_gy, normal_liver_bed_gy,
		    "the whole normal liver BED (needs the liver's alpha/beta and repair time)",
		    bed_gy_out)

int radioembo_result_get_lesion_bed_gy(const radioembo_result *result, radioembo_model model,
				       size_t lesion_index, double *bed_gy_out)
{
	const struct radioembo__model_figures *figures = NULL;
	int rc;

	if ((rc = applying_model(result, model, "bed_gy_out", bed_gy_out, &figures)) ||
	    (rc = require_lesion_index(result, lesion_index)))
		return rc;
	return get_figure(figures->lesion_bed_gy[lesion_index],
			  "the BED of a lesion outside the treated volume, or without tumour "
			  "parameters",
			  bed_gy_out);
}

int radioembo_result_get_radiobiology(const radioembo_result *result,
				      const radioembo_radiobiology_params **params_out)
{
	int rc;

	if ((rc = require_result(result, "params_out", params_out)))
		return rc;
	*params_out = result->radiobiology;
	return RADIOEMBO_OK;
}

int radioembo_result_get_dose_model(const radioembo_result *result, radioembo_model model,
				    radioembo_model *dose_model_out)
{
	const struct radioembo__model_figures *figures = NULL;
	int rc;

	if ((rc = applying_model(result, model, "dose_model_out", dose_model_out, &figures)))
		return rc;
	*dose_model_out = figures->dose_model;
	return RADIOEMBO_OK;
}

int radioembo_result_get_limiting_organ(const radioembo_result *result, radioembo_model model,
					radioembo_limiting_organ *organ_out)
{
	const struct radioembo__model_figures *figures = NULL;
	int rc;

	if ((rc = applying_model(result, model, "organ_out", organ_out, &figures)))
		return rc;
	if (!figures->has_limiting_organ)
		return radioembo__fail(RADIOEMBO_ENOTFOUND, "model",
				       "no limit set the %s activity (the prescription is not "
				       "maximum safe, or the model gives its own activity)",
				       radioembo_model_name(model));
	*organ_out = figures->limiting_organ;
	return RADIOEMBO_OK;
}

/* One getter per constant of the plan. */
#define CONSTANT_GETTER(function, field, what, out)                                        \
	int function(const radioembo_result *result, double *out)                         \
	{                                                                                  \
		int rc = require_result(result, #out, out);                                \
		return rc ? rc : get_figure(result->field, what, out);                     \
	}

CONSTANT_GETTER(radioembo_result_get_half_life_h, constants.half_life_h, "the half-life",
		half_life_h_out)
CONSTANT_GETTER(radioembo_result_get_dose_factor, constants.dose_factor, "the dose factor",
		gy_kg_per_gbq_out)
CONSTANT_GETTER(radioembo_result_get_lsf, constants.lsf, "the lung shunt fraction", lsf_out)
CONSTANT_GETTER(radioembo_result_get_residual_fraction, constants.residual_fraction,
		"the residual fraction", residual_fraction_out)
CONSTANT_GETTER(radioembo_result_get_liver_density_g_per_ml, constants.liver_density_g_per_ml,
		"the liver density", density_g_per_ml_out)
CONSTANT_GETTER(radioembo_result_get_perfused_mass_kg, perfused_mass_kg, "the perfused mass",
		mass_kg_out)
CONSTANT_GETTER(radioembo_result_get_normal_perfused_mass_kg, normal_perfused_mass_kg,
		"the normal perfused mass", mass_kg_out)
CONSTANT_GETTER(radioembo_result_get_normal_liver_mass_kg, normal_liver_mass_kg,
		"the whole normal liver mass", mass_kg_out)
CONSTANT_GETTER(radioembo_result_get_lung_mass_kg, constants.lung_mass_kg, "the lung mass",
		mass_kg_out)
CONSTANT_GETTER(radioembo_result_get_prior_lung_dose_gy, constants.prior_lung_dose_gy,
		"the prior lung dose", dose_gy_out)
CONSTANT_GETTER(radioembo_result_get_lung_session_limit_gy, constants.lung_session_limit_gy,
		"the lung session limit (unset in the product)", limit_gy_out)
CONSTANT_GETTER(radioembo_result_get_lung_cumulative_limit_gy, constants.lung_cumulative_limit_gy,
		"the cumulative lung limit (unset in the product)", limit_gy_out)
CONSTANT_GETTER(radioembo_result_get_normal_liver_limit_gy, constants.normal_liver_limit_gy,
		"the normal liver limit (unset in the product)", limit_gy_out)
CONSTANT_GETTER(radioembo_result_get_normal_perfused_limit_gy, constants.normal_perfused_limit_gy,
		"the normal perfused liver limit (unset in the product)", limit_gy_out)
CONSTANT_GETTER(radioembo_result_get_bsa_m2, bsa_m2,
		"the body-surface area (needs a resin product and the patient's size)", bsa_m2_out)
CONSTANT_GETTER(radioembo_result_get_lsf_reduction, lsf_reduction,
		"the BSA method's LSF reduction (needs a resin product)", factor_out)

int radioembo_result_get_bsa_lobar_rule(const radioembo_result *result,
					radioembo_bsa_lobar_rule *rule_out)
{
	int rc;

	if ((rc = require_result(result, "rule_out", rule_out)))
		return rc;
	if (result->bsa_lobar_rule == 0)
		return radioembo__fail(RADIOEMBO_ENOTFOUND, "result",
				       "the BSA lobar rule is unknown: the BSA method gave no "
				       "activity (needs a resin product and the patient's size)");
	*rule_out = result->bsa_lobar_rule;
	return RADIOEMBO_OK;
}

int radioembo_result_get_lesion_mass_kg(const radioembo_result *result, size_t lesion_index,
					double *mass_kg_out)
{
	int rc;

	if ((rc = require_result(result, "mass_kg_out", mass_kg_out)) ||
	    (rc = require_lesion_index(result, lesion_index)))
		return rc;
	return get_figure(result->lesion_mass_kg[lesion_index], "the lesion mass", mass_kg_out);
}

int radioembo_result_lesion_count(const radioembo_result *result, size_t *count_out)
{
	int rc;

	if ((rc = require_result(result, "count_out", count_out)))
		return rc;
	*count_out = result->lesion_count;
	return RADIOEMBO_OK;
}

int radioembo_result_diagnostic_count(const radioembo_result *result, size_t *count_out)
{
	int rc;

	if ((rc = require_result(result, "count_out", count_out)))
		return rc;
	*count_out = result->diagnostic_count;
	return RADIOEMBO_OK;
}

int radioembo_result_get_diagnostic(const radioembo_result *result, size_t index,
				    radioembo_diagnostic_code *code_out,
				    radioembo_severity *severity_out, radioembo_model *model_out)
{
	int rc;

	if ((rc = require_result(result, "code_out", code_out)) ||
	    (rc = radioembo__require_pointer("severity_out", severity_out)) ||
	    (rc = radioembo__require_pointer("model_out", model_out)))
		return rc;
	if (index >= result->diagnostic_count)
		return radioembo__fail(RADIOEMBO_EINVAL, "index",
				       "index must be below the diagnostic count %zu, got %zu",
				       result->diagnostic_count, index);
	*code_out = result->diagnostics[index].code;
	*severity_out = result->diagnostics[index].severity;
	*model_out = result->diagnostics[index].model;
	return RADIOEMBO_OK;
}

const char *radioembo_result_diagnostic_message(const radioembo_result *result, size_t index)
{
	if (result == NULL || index >= result->diagnostic_count)
		return NULL;
	return result->diagnostics[index].message;
}

int radioembo_result_has_violation(const radioembo_result *result, int *has_violation_out)
{
	size_t i;
	int rc;

	if ((rc = require_result(result, "has_violation_out", has_violation_out)))
		return rc;
	*has_violation_out = 0;
	for (i = 0; i < result->diagnostic_count; i++)
		if (result->diagnostics[i].severity == RADIOEMBO_SEVERITY_VIOLATION)
			*has_violation_out = 1;
	return RADIOEMBO_OK;
}
