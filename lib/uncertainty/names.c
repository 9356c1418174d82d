/*
 * The names of the uncertainty enumerations, as the case file's "uncertainty" section and
 * the JSON report spell them: one table per enumeration, so that every front end reads and
 * writes the same words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/internal.h"

static const char *const input_names[] = {
	[RADIOEMBO_INPUT_ACTIVITY] = "activity",
	[RADIOEMBO_INPUT_RESIDUAL_FRACTION] = "residual_fraction",
	[RADIOEMBO_INPUT_LSF] = "lsf",
	[RADIOEMBO_INPUT_TREATED_VOLUME] = "treated_volume",
	[RADIOEMBO_INPUT_LIVER_VOLUME] = "liver_volume",
	[RADIOEMBO_INPUT_LESION_VOLUME] = "lesion_volume",
	[RADIOEMBO_INPUT_TNR] = "tnr",
	[RADIOEMBO_INPUT_LIVER_DENSITY] = "liver_density",
	[RADIOEMBO_INPUT_LUNG_MASS] = "lung_mass",
};

static const char *const distribution_names[] = {
	[RADIOEMBO_DISTRIBUTION_NORMAL] = "normal",
	[RADIOEMBO_DISTRIBUTION_LOGNORMAL] = "lognormal",
	[RADIOEMBO_DISTRIBUTION_UNIFORM] = "uniform",
};

static const char *const figure_names[] = {
	[RADIOEMBO_FIGURE_DELIVERED_ACTIVITY] = "delivered_activity_gbq",
	[RADIOEMBO_FIGURE_PERFUSED_DOSE] = "perfused_dose_gy",
	[RADIOEMBO_FIGURE_NORMAL_PERFUSED_DOSE] = "normal_perfused_dose_gy",
	[RADIOEMBO_FIGURE_NORMAL_LIVER_DOSE] = "normal_liver_dose_gy",
	[RADIOEMBO_FIGURE_LUNG_DOSE] = "lung_dose_gy",
	[RADIOEMBO_FIGURE_LUNG_CUMULATIVE_DOSE] = "lung_cumulative_dose_gy",
	[RADIOEMBO_FIGURE_LESION_DOSE] = "lesion_dose_gy",
};

static const char *const risk_names[] = {
	[RADIOEMBO_RISK_LUNG_SESSION_LIMIT] = "lung_session_limit",
	[RADIOEMBO_RISK_LUNG_CUMULATIVE_LIMIT] = "lung_cumulative_limit",
	[RADIOEMBO_RISK_NORMAL_LIVER_LIMIT] = "normal_liver_limit",
	[RADIOEMBO_RISK_NORMAL_PERFUSED_LIMIT] = "normal_perfused_limit",
	[RADIOEMBO_RISK_TUMOR_UNDER_TARGET] = "tumor_under_target",
};

static const char *const method_names[] = {
	[RADIOEMBO_PROPAGATION_ANALYTIC] = "analytic",
	[RADIOEMBO_PROPAGATION_MONTE_CARLO] = "monte_carlo",
};

const char *radioembo_uncertain_input_name(radioembo_uncertain_input input)
{
	return RADIOEMBO__TABLE_NAME(input_names, input);
}

const char *radioembo_distribution_name(radioembo_distribution distribution)
{
	return RADIOEMBO__TABLE_NAME(distribution_names, distribution);
}

const char *radioembo_propagation_method_name(radioembo_propagation_method method)
{
	return RADIOEMBO__TABLE_NAME(method_names, method);
}

int radioembo_propagation_method_from_name(const char *name,
					   radioembo_propagation_method *method_out)
{
	int method;
	int rc;

	if ((rc = radioembo__require_pointer("name", name)) ||
	    (rc = radioembo__require_pointer("method_out", method_out)))
		return rc;
	for (method = 1; method < (int)(sizeof method_names / sizeof method_names[0]); method++) {
		if (radioembo__names_match(name, method_names[method])) {
			*method_out = (radioembo_propagation_method)method;
			return RADIOEMBO_OK;
		}
	}
	return radioembo__fail(RADIOEMBO_ENOTFOUND, "name",
			       "name \"%.64s\" is not a known propagation method (analytic, "
			       "monte_carlo)",
			       name);
}

const char *radioembo_figure_name(radioembo_figure figure)
{
	return RADIOEMBO__TABLE_NAME(figure_names, figure);
}

const char *radioembo_risk_name(radioembo_risk risk)
{
	return RADIOEMBO__TABLE_NAME(risk_names, risk);
}
