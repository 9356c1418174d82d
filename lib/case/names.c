/*
 * The vocabulary of case files and reports, once: the keys of models, methods, inputs,
 * distributions, prescriptions, diagnostics and organs, the product fields a case may
 * override, and the figures and constants every report lists, in report order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "case/case.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* A name table: an enumerator and its key; the enumerators start at 1. */
struct name {
	int value;
	const char *key;
};

static const char *key_of(const struct name *names, size_t count, int value)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (names[i].value == value)
			return names[i].key;
	return NULL;
}

static int value_of(const struct name *names, size_t count, const char *key)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strcmp(names[i].key, key) == 0)
			return names[i].value;
	return 0;
}

static const struct name model_keys[] = {
	{RADIOEMBO_MODEL_SINGLE_COMPARTMENT, "single_compartment"},
	{RADIOEMBO_MODEL_PARTITION, "partition"},
	{RADIOEMBO_MODEL_BSA, "bsa"},
	{RADIOEMBO_MODEL_HO166_WHOLE_LIVER, "ho166_whole_liver"},
};

const char *case__model_key(radioembo_model model)
{
	return key_of(model_keys, COUNT(model_keys), (int)model);
}

radioembo_model case__model_from_key(const char *key)
{
	return (radioembo_model)value_of(model_keys, COUNT(model_keys), key);
}

static const struct name method_keys[] = {
	{RADIOEMBO_PROPAGATION_ANALYTIC, "analytic"},
	{RADIOEMBO_PROPAGATION_MONTE_CARLO, "monte_carlo"},
};

const char *case__method_key(radioembo_propagation_method method)
{
	return key_of(method_keys, COUNT(method_keys), (int)method);
}

radioembo_propagation_method case__method_from_key(const char *key)
{
	return (radioembo_propagation_method)value_of(method_keys, COUNT(method_keys), key);
}

/* In the order of radioembo_uncertain_input, which is the order of the report. */
static const struct name input_keys[CASE__INPUT_COUNT] = {
	{RADIOEMBO_INPUT_ACTIVITY, "activity"},
	{RADIOEMBO_INPUT_RESIDUAL_FRACTION, "residual_fraction"},
	{RADIOEMBO_INPUT_LSF, "lsf"},
	{RADIOEMBO_INPUT_TREATED_VOLUME, "treated_volume"},
	{RADIOEMBO_INPUT_LIVER_VOLUME, "liver_volume"},
	{RADIOEMBO_INPUT_LESION_VOLUME, "lesion_volume"},
	{RADIOEMBO_INPUT_TNR, "tnr"},
	{RADIOEMBO_INPUT_LIVER_DENSITY, "liver_density"},
	{RADIOEMBO_INPUT_LUNG_MASS, "lung_mass"},
};

const char *case__input_key(radioembo_uncertain_input input)
{
	return key_of(input_keys, COUNT(input_keys), (int)input);
}

static const struct name distribution_keys[] = {
	{RADIOEMBO_DISTRIBUTION_NORMAL, "normal"},
	{RADIOEMBO_DISTRIBUTION_LOGNORMAL, "lognormal"},
	{RADIOEMBO_DISTRIBUTION_UNIFORM, "uniform"},
};

const char *case__distribution_key(radioembo_distribution distribution)
{
	return key_of(distribution_keys, COUNT(distribution_keys), (int)distribution);
}

radioembo_distribution case__distribution_from_key(const char *key)
{
	return (radioembo_distribution)value_of(distribution_keys, COUNT(distribution_keys), key);
}

static const struct name prescription_keys[] = {
	{RADIOEMBO_PRESCRIBE_ACTIVITY, "activity_gbq"},
	{RADIOEMBO_PRESCRIBE_PERFUSED_DOSE, "perfused_dose_gy"},
	{RADIOEMBO_PRESCRIBE_TUMOR_DOSE, "tumor_dose_gy"},
};

const char *case__prescription_key(radioembo_prescription prescription)
{
	const char *key = key_of(prescription_keys, COUNT(prescription_keys), (int)prescription);

	return key != NULL ? key : "max_safe";
}

static const struct name severity_keys[] = {
	{RADIOEMBO_SEVERITY_VIOLATION, "violation"},
	{RADIOEMBO_SEVERITY_WARNING, "warning"},
};

const char *case__severity_key(radioembo_severity severity)
{
	const char *key = key_of(severity_keys, COUNT(severity_keys), (int)severity);

	return key != NULL ? key : "info";
}

static const struct name diagnostic_keys[] = {
	{RADIOEMBO_DIAG_LUNG_SESSION_LIMIT, "lung_session_limit"},
	{RADIOEMBO_DIAG_LUNG_CUMULATIVE_LIMIT, "lung_cumulative_limit"},
	{RADIOEMBO_DIAG_LUNG_ACTIVITY_LIMIT, "lung_activity_limit"},
	{RADIOEMBO_DIAG_NORMAL_LIVER_LIMIT, "normal_liver_limit"},
	{RADIOEMBO_DIAG_TUMOR_UNDER_TARGET, "tumor_under_target"},
	{RADIOEMBO_DIAG_LSF_REDUCTION, "lsf_reduction"},
	{RADIOEMBO_DIAG_LSF_CONTRAINDICATION, "lsf_contraindication"},
	{RADIOEMBO_DIAG_LESIONS_EXCEED_VOLUME, "lesions_exceed_volume"},
	{RADIOEMBO_DIAG_LESION_OUTSIDE_TERRITORIES, "lesion_outside_territories"},
	{RADIOEMBO_DIAG_LESION_NOT_TREATED, "lesion_not_treated"},
	{RADIOEMBO_DIAG_LESION_WITHOUT_TNR, "lesion_without_tnr"},
	{RADIOEMBO_DIAG_MODEL_NOT_APPLICABLE, "model_not_applicable"},
	{RADIOEMBO_DIAG_NO_VIAL_LARGE_ENOUGH, "no_vial_large_enough"},
	{RADIOEMBO_DIAG_VIAL_INSUFFICIENT, "vial_insufficient"},
	{RADIOEMBO_DIAG_VIAL_OUT_OF_TOLERANCE, "vial_out_of_tolerance"},
	{RADIOEMBO_DIAG_OUTSIDE_USE_WINDOW, "outside_use_window"},
	{RADIOEMBO_DIAG_TERRITORY_EXCEEDS_LIVER, "territory_exceeds_liver"},
	{RADIOEMBO_DIAG_SINGLE_COMPARTMENT_NOT_RECOMMENDED, "single_compartment_not_recommended"},
	{RADIOEMBO_DIAG_NORMAL_PERFUSED_LIMIT, "normal_perfused_limit"},
};

const char *case__diagnostic_key(radioembo_diagnostic_code code)
{
	const char *key = key_of(diagnostic_keys, COUNT(diagnostic_keys), (int)code);

	return key != NULL ? key : "unknown";
}

static const struct name organ_keys[] = {
	{RADIOEMBO_LIMIT_NORMAL_LIVER, "normal_liver"},
	{RADIOEMBO_LIMIT_LUNG, "lung"},
};

const char *case__limiting_organ_key(radioembo_limiting_organ organ)
{
	const char *key = key_of(organ_keys, COUNT(organ_keys), (int)organ);

	return key != NULL ? key : "none";
}

static const struct name product_kind_keys[] = {
	{RADIOEMBO_PRODUCT_KIND_GLASS, "glass"},
	{RADIOEMBO_PRODUCT_KIND_RESIN, "resin"},
	{RADIOEMBO_PRODUCT_KIND_PLLA, "plla"},
};

const char *case__product_kind_key(radioembo_product_kind kind)
{
	const char *key = key_of(product_kind_keys, COUNT(product_kind_keys), (int)kind);

	return key != NULL ? key : "other";
}

#define FIELD(id, name)                                                                            \
	{                                                                                          \
		RADIOEMBO_PRODUCT_FIELD_##id, #name, radioembo_product_get_##name,                 \
			radioembo_product_set_##name                                               \
	}

static const struct case__product_field product_fields[] = {
	FIELD(HALF_LIFE_H, half_life_h),
	FIELD(DOSE_FACTOR_GY_KG_PER_GBQ, dose_factor_gy_kg_per_gbq),
	FIELD(SPHERE_DIAMETER_MIN_UM, sphere_diameter_min_um),
	FIELD(SPHERE_DIAMETER_MAX_UM, sphere_diameter_max_um),
	FIELD(ACTIVITY_PER_SPHERE_BQ, activity_per_sphere_bq),
	FIELD(SPECIFIC_GRAVITY_G_PER_ML, specific_gravity_g_per_ml),
	FIELD(VIAL_VOLUME_ML, vial_volume_ml),
	FIELD(LABEL_TOLERANCE, label_tolerance),
	FIELD(CUSTOM_VIAL_STEP_GBQ, custom_vial_step_gbq),
	FIELD(CUSTOM_VIAL_MIN_GBQ, custom_vial_min_gbq),
	FIELD(CUSTOM_VIAL_MAX_GBQ, custom_vial_max_gbq),
	FIELD(LUNG_DOSE_LIMIT_SESSION_GY, lung_dose_limit_session_gy),
	FIELD(LUNG_DOSE_LIMIT_CUMULATIVE_GY, lung_dose_limit_cumulative_gy),
	FIELD(LUNG_ACTIVITY_LIMIT_GBQ, lung_activity_limit_gbq),
	FIELD(NORMAL_LIVER_DOSE_LIMIT_GY, normal_liver_dose_limit_gy),
	FIELD(NORMAL_PERFUSED_DOSE_LIMIT_GY, normal_perfused_dose_limit_gy),
	FIELD(TUMOR_DOSE_TARGET_GY, tumor_dose_target_gy),
	FIELD(WHOLE_LIVER_DOSE_TARGET_GY, whole_liver_dose_target_gy),
	FIELD(PNEUMONITIS_THRESHOLD_GY, pneumonitis_threshold_gy),
	FIELD(USE_WINDOW_START_H, use_window_start_h),
	FIELD(USE_WINDOW_END_H, use_window_end_h),
};

const struct case__product_field *case__product_field_find(const char *key)
{
	size_t i;

	for (i = 0; i < COUNT(product_fields); i++)
		if (strcmp(product_fields[i].key, key) == 0)
			return &product_fields[i];
	return NULL;
}

const struct case__figure case__activity_figures[] = {
	{"inject_activity_gbq", radioembo_result_get_inject_activity_gbq},
	{"delivered_activity_gbq", radioembo_result_get_delivered_activity_gbq},
	{"order_activity_gbq", radioembo_result_get_order_activity_gbq},
	{"order_vial_gbq", radioembo_result_get_order_vial_gbq},
	{"draw_fraction", radioembo_result_get_draw_fraction},
	{"draw_volume_ml", radioembo_result_get_draw_volume_ml},
	{"sphere_count", radioembo_result_get_sphere_count},
};
const size_t case__activity_figure_count = COUNT(case__activity_figures);

const struct case__figure case__dose_figures[] = {
	{"perfused_dose_gy", radioembo_result_get_perfused_dose_gy},
	{"normal_perfused_dose_gy", radioembo_result_get_normal_perfused_dose_gy},
	{"normal_liver_dose_gy", radioembo_result_get_normal_liver_dose_gy},
	{"lung_dose_gy", radioembo_result_get_lung_dose_gy},
	{"lung_cumulative_dose_gy", radioembo_result_get_lung_cumulative_dose_gy},
};
const size_t case__dose_figure_count = COUNT(case__dose_figures);

const struct case__figure case__bed_figures[] = {
	{"normal_perfused_bed_gy", radioembo_result_get_normal_perfused_bed_gy},
	{"normal_liver_bed_gy", radioembo_result_get_normal_liver_bed_gy},
};
const size_t case__bed_figure_count = COUNT(case__bed_figures);

const struct case__constant case__constants[] = {
	{"half_life_h", radioembo_result_get_half_life_h},
	{"dose_factor_gy_kg_per_gbq", radioembo_result_get_dose_factor},
	{"lsf", radioembo_result_get_lsf},
	{"residual_fraction", radioembo_result_get_residual_fraction},
	{"liver_density_g_per_ml", radioembo_result_get_liver_density_g_per_ml},
	{"perfused_mass_kg", radioembo_result_get_perfused_mass_kg},
	{"normal_perfused_mass_kg", radioembo_result_get_normal_perfused_mass_kg},
	{"normal_liver_mass_kg", radioembo_result_get_normal_liver_mass_kg},
	{"lung_mass_kg", radioembo_result_get_lung_mass_kg},
	{"prior_lung_dose_gy", radioembo_result_get_prior_lung_dose_gy},
	{"bsa_m2", radioembo_result_get_bsa_m2},
	{"lsf_reduction", radioembo_result_get_lsf_reduction},
	{"lung_session_limit_gy", radioembo_result_get_lung_session_limit_gy},
	{"lung_cumulative_limit_gy", radioembo_result_get_lung_cumulative_limit_gy},
	{"normal_liver_limit_gy", radioembo_result_get_normal_liver_limit_gy},
	{"normal_perfused_limit_gy", radioembo_result_get_normal_perfused_limit_gy},
};
const size_t case__constant_count = COUNT(case__constants);

const struct case__uncertain_figure case__uncertain_figures[] = {
	{RADIOEMBO_FIGURE_DELIVERED_ACTIVITY, "delivered_activity_gbq"},
	{RADIOEMBO_FIGURE_PERFUSED_DOSE, "perfused_dose_gy"},
	{RADIOEMBO_FIGURE_NORMAL_PERFUSED_DOSE, "normal_perfused_dose_gy"},
	{RADIOEMBO_FIGURE_NORMAL_LIVER_DOSE, "normal_liver_dose_gy"},
	{RADIOEMBO_FIGURE_LUNG_DOSE, "lung_dose_gy"},
	{RADIOEMBO_FIGURE_LUNG_CUMULATIVE_DOSE, "lung_cumulative_dose_gy"},
};
const size_t case__uncertain_figure_count = COUNT(case__uncertain_figures);

const struct case__risk case__risks[] = {
	{RADIOEMBO_RISK_LUNG_SESSION_LIMIT, "lung_session_limit"},
	{RADIOEMBO_RISK_LUNG_CUMULATIVE_LIMIT, "lung_cumulative_limit"},
	{RADIOEMBO_RISK_NORMAL_LIVER_LIMIT, "normal_liver_limit"},
	{RADIOEMBO_RISK_NORMAL_PERFUSED_LIMIT, "normal_perfused_limit"},
};
const size_t case__risk_count = COUNT(case__risks);
