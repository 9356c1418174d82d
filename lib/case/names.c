/*
 * The case file's and the report's vocabulary beyond the library's enumeration names
 * (radioembo_model_name() and its kin, which spell every value once): names read back
 * into values, the product fields a case may override, the words the report uses where a
 * value names nothing, and the figures and constants every report lists, in report order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "case/case.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* A case file spells names exactly: "Partition" is not a model, as it is not a key. */
static int spelled(const char *name, const char *key)
{
	return name != NULL && strcmp(name, key) == 0;
}

radioembo_model case__model_from_key(const char *key)
{
	radioembo_model model = RADIOEMBO_MODEL_NONE;

	if (radioembo_model_from_name(key, &model) != RADIOEMBO_OK ||
	    !spelled(radioembo_model_name(model), key))
		return RADIOEMBO_MODEL_NONE;
	return model;
}

radioembo_propagation_method case__method_from_key(const char *key)
{
	int method;

	for (method = 1; radioembo_propagation_method_name((radioembo_propagation_method)method);
	     method++)
		if (spelled(radioembo_propagation_method_name((radioembo_propagation_method)method),
			    key))
			return (radioembo_propagation_method)method;
	return (radioembo_propagation_method)0;
}

radioembo_distribution case__distribution_from_key(const char *key)
{
	int distribution;

	for (distribution = 1; radioembo_distribution_name((radioembo_distribution)distribution);
	     distribution++)
		if (spelled(radioembo_distribution_name((radioembo_distribution)distribution), key))
			return (radioembo_distribution)distribution;
	return RADIOEMBO_DISTRIBUTION_NONE;
}

radioembo_product_field case__product_field_from_key(const char *key)
{
	int field;

	for (field = 1; radioembo_product_field_name((radioembo_product_field)field); field++)
		if (spelled(radioembo_product_field_name((radioembo_product_field)field), key))
			return (radioembo_product_field)field;
	return (radioembo_product_field)0;
}

const char *case__diagnostic_key(radioembo_diagnostic_code code)
{
	const char *name = radioembo_diagnostic_code_name(code);

	return name != NULL ? name : "unknown";
}

const char *case__limiting_organ_key(radioembo_limiting_organ organ)
{
	const char *name = radioembo_limiting_organ_name(organ);

	return name != NULL ? name : "none";
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

const radioembo_figure case__uncertain_figures[] = {
	RADIOEMBO_FIGURE_DELIVERED_ACTIVITY,
	RADIOEMBO_FIGURE_PERFUSED_DOSE,
	RADIOEMBO_FIGURE_NORMAL_PERFUSED_DOSE,
	RADIOEMBO_FIGURE_NORMAL_LIVER_DOSE,
	RADIOEMBO_FIGURE_LUNG_DOSE,
	RADIOEMBO_FIGURE_LUNG_CUMULATIVE_DOSE,
};
const size_t case__uncertain_figure_count = COUNT(case__uncertain_figures);

const radioembo_risk case__risks[] = {
	RADIOEMBO_RISK_LUNG_SESSION_LIMIT,
	RADIOEMBO_RISK_LUNG_CUMULATIVE_LIMIT,
	RADIOEMBO_RISK_NORMAL_LIVER_LIMIT,
	RADIOEMBO_RISK_NORMAL_PERFUSED_LIMIT,
};
const size_t case__risk_count = COUNT(case__risks);
