/*
 * The case file's and the report's vocabulary beyond the library's enumeration names
 * (radioembo_model_name() and its kin, which spell every value once): names read back
 * into values, the product fields a case may override, the words the report uses where a
 * value names nothing, and the figures and constants every report lists, in report order,
 * each with its words for people (radioembo_report_key_label(3)).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "case/case_internal.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* A case file spells names exactly: "Partition" is not a model, as it is not a key. */
static int spelled(const char *name, const char *key)
{
	return name != NULL && strcmp(name, key) == 0;
}

radioembo_model radioembo__case_model_from_key(const char *key)
{
	radioembo_model model = RADIOEMBO_MODEL_NONE;

	if (radioembo_model_from_name(key, &model) != RADIOEMBO_OK ||
	    !spelled(radioembo_model_name(model), key))
		return RADIOEMBO_MODEL_NONE;
	return model;
}

radioembo_propagation_method radioembo__case_method_from_key(const char *key)
{
	radioembo_propagation_method method = (radioembo_propagation_method)0;

	if (radioembo_propagation_method_from_name(key, &method) != RADIOEMBO_OK ||
	    !spelled(radioembo_propagation_method_name(method), key))
		return (radioembo_propagation_method)0;
	return method;
}

radioembo_distribution radioembo__case_distribution_from_key(const char *key)
{
	int distribution;

	for (distribution = 1; radioembo_distribution_name((radioembo_distribution)distribution);
	     distribution++)
		if (spelled(radioembo_distribution_name((radioembo_distribution)distribution), key))
			return (radioembo_distribution)distribution;
	return RADIOEMBO_DISTRIBUTION_NONE;
}

radioembo_product_field radioembo__case_product_field_from_key(const char *key)
{
	int field;

	for (field = 1; radioembo_product_field_name((radioembo_product_field)field); field++)
		if (spelled(radioembo_product_field_name((radioembo_product_field)field), key))
			return (radioembo_product_field)field;
	return (radioembo_product_field)0;
}

const char *radioembo__case_diagnostic_key(radioembo_diagnostic_code code)
{
	const char *name = radioembo_diagnostic_code_name(code);

	return name != NULL ? name : "unknown";
}

const char *radioembo__case_limiting_organ_key(radioembo_limiting_organ organ)
{
	const char *name = radioembo_limiting_organ_name(organ);

	return name != NULL ? name : "none";
}

/*
 * The figures and constants with the words every front end shows for them: a label, and
 * the unit of the value as the JSON report holds it ("fraction": within [0, 1]).
 */
const struct radioembo__case_figure radioembo__case_activity_figures[] = {
	{ { "inject_activity_gbq", "activity to inject", "GBq" },
	  radioembo_result_get_inject_activity_gbq },
	{ { "delivered_activity_gbq", "delivered activity", "GBq" },
	  radioembo_result_get_delivered_activity_gbq },
	{ { "order_activity_gbq", "activity to order", "GBq" },
	  radioembo_result_get_order_activity_gbq },
	{ { "order_vial_gbq", "vial to order", "GBq" }, radioembo_result_get_order_vial_gbq },
	{ { "draw_fraction", "draw fraction", "fraction" }, radioembo_result_get_draw_fraction },
	{ { "draw_volume_ml", "draw volume", "mL" }, radioembo_result_get_draw_volume_ml },
	{ { "sphere_count", "sphere count", "" }, radioembo_result_get_sphere_count },
};
const size_t radioembo__case_activity_figure_count = COUNT(radioembo__case_activity_figures);

const struct radioembo__case_figure radioembo__case_dose_figures[] = {
	{ { "perfused_dose_gy", "perfused volume", "Gy" }, radioembo_result_get_perfused_dose_gy },
	{ { "normal_perfused_dose_gy", "normal perfused liver", "Gy" },
	  radioembo_result_get_normal_perfused_dose_gy },
	{ { "normal_liver_dose_gy", "whole normal liver", "Gy" },
	  radioembo_result_get_normal_liver_dose_gy },
	{ { "lung_dose_gy", "lungs", "Gy" }, radioembo_result_get_lung_dose_gy },
	{ { "lung_cumulative_dose_gy", "lungs cumulative", "Gy" },
	  radioembo_result_get_lung_cumulative_dose_gy },
};
const size_t radioembo__case_dose_figure_count = COUNT(radioembo__case_dose_figures);

const struct radioembo__case_figure radioembo__case_bed_figures[] = {
	{ { "normal_perfused_bed_gy", "normal perfused liver BED", "Gy" },
	  radioembo_result_get_normal_perfused_bed_gy },
	{ { "normal_liver_bed_gy", "whole normal liver BED", "Gy" },
	  radioembo_result_get_normal_liver_bed_gy },
};
const size_t radioembo__case_bed_figure_count = COUNT(radioembo__case_bed_figures);

const struct radioembo__case_constant radioembo__case_constants[] = {
	{ { "half_life_h", "half-life", "h" }, radioembo_result_get_half_life_h },
	{ { "dose_factor_gy_kg_per_gbq", "dose factor", "Gy kg/GBq" },
	  radioembo_result_get_dose_factor },
	{ { "lsf", "lung shunt fraction", "fraction" }, radioembo_result_get_lsf },
	{ { "residual_fraction", "residual fraction", "fraction" },
	  radioembo_result_get_residual_fraction },
	{ { "liver_density_g_per_ml", "liver density", "g/mL" },
	  radioembo_result_get_liver_density_g_per_ml },
	{ { "perfused_mass_kg", "perfused mass", "kg" }, radioembo_result_get_perfused_mass_kg },
	{ { "normal_perfused_mass_kg", "normal perfused mass", "kg" },
	  radioembo_result_get_normal_perfused_mass_kg },
	{ { "normal_liver_mass_kg", "normal liver mass", "kg" },
	  radioembo_result_get_normal_liver_mass_kg },
	{ { "lung_mass_kg", "lung mass", "kg" }, radioembo_result_get_lung_mass_kg },
	{ { "prior_lung_dose_gy", "prior lung dose", "Gy" },
	  radioembo_result_get_prior_lung_dose_gy },
	{ { "bsa_m2", "body surface area", "m2" }, radioembo_result_get_bsa_m2 },
	{ { "lsf_reduction", "BSA LSF reduction factor", "" }, radioembo_result_get_lsf_reduction },
};
const size_t radioembo__case_constant_count = COUNT(radioembo__case_constants);

const struct radioembo__case_constant radioembo__case_limits[] = {
	{ { "lung_session_limit_gy", "lung dose, session", "Gy" },
	  radioembo_result_get_lung_session_limit_gy },
	{ { "lung_cumulative_limit_gy", "lung dose, cumulative", "Gy" },
	  radioembo_result_get_lung_cumulative_limit_gy },
	{ { "normal_liver_limit_gy", "whole normal liver dose", "Gy" },
	  radioembo_result_get_normal_liver_limit_gy },
	{ { "normal_perfused_limit_gy", "normal perfused liver dose", "Gy" },
	  radioembo_result_get_normal_perfused_limit_gy },
};
const size_t radioembo__case_limit_count = COUNT(radioembo__case_limits);

const struct radioembo__case_parameter radioembo__case_radiobiology[] = {
	{ { "liver_alpha_beta_gy", "liver alpha/beta", "Gy" },
	  radioembo_radiobiology_params_get_liver_alpha_beta_gy },
	{ { "liver_repair_half_time_h", "liver repair half-time", "h" },
	  radioembo_radiobiology_params_get_liver_repair_half_time_h },
	{ { "tumor_alpha_beta_gy", "tumour alpha/beta", "Gy" },
	  radioembo_radiobiology_params_get_tumor_alpha_beta_gy },
	{ { "tumor_repair_half_time_h", "tumour repair half-time", "h" },
	  radioembo_radiobiology_params_get_tumor_repair_half_time_h },
};
const size_t radioembo__case_radiobiology_count = COUNT(radioembo__case_radiobiology);

const radioembo_figure radioembo__case_uncertain_figures[] = {
	RADIOEMBO_FIGURE_DELIVERED_ACTIVITY,
	RADIOEMBO_FIGURE_PERFUSED_DOSE,
	RADIOEMBO_FIGURE_NORMAL_PERFUSED_DOSE,
	RADIOEMBO_FIGURE_NORMAL_LIVER_DOSE,
	RADIOEMBO_FIGURE_LUNG_DOSE,
	RADIOEMBO_FIGURE_LUNG_CUMULATIVE_DOSE,
};
const size_t radioembo__case_uncertain_figure_count = COUNT(radioembo__case_uncertain_figures);

/* The probabilities of breaking a limit (keys: radioembo_risk_name()). */
const struct radioembo__case_risk radioembo__case_risks[] = {
	{ RADIOEMBO_RISK_LUNG_SESSION_LIMIT, "lung dose over the session limit" },
	{ RADIOEMBO_RISK_LUNG_CUMULATIVE_LIMIT, "lung dose over the cumulative limit" },
	{ RADIOEMBO_RISK_NORMAL_LIVER_LIMIT, "whole normal liver over its limit" },
	{ RADIOEMBO_RISK_NORMAL_PERFUSED_LIMIT, "normal perfused liver over its limit" },
};
const size_t radioembo__case_risk_count = COUNT(radioembo__case_risks);
