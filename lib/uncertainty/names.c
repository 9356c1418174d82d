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
