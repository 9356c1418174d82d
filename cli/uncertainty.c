/*
 * radioembo(1): the uncertainty of a plan (see uncertainty.h): the flags that ask for it,
 * the propagation through the public API, and the names and ranking the reports use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "uncertainty.h"

const struct uncertainty_figure uncertainty_figures[] = {
	{RADIOEMBO_FIGURE_DELIVERED_ACTIVITY, "delivered_activity_gbq", "delivered activity, GBq"},
	{RADIOEMBO_FIGURE_PERFUSED_DOSE, "perfused_dose_gy", "perfused volume, Gy"},
	{RADIOEMBO_FIGURE_NORMAL_PERFUSED_DOSE, "normal_perfused_dose_gy",
	 "normal perfused liver, Gy"},
	{RADIOEMBO_FIGURE_NORMAL_LIVER_DOSE, "normal_liver_dose_gy", "whole normal liver, Gy"},
	{RADIOEMBO_FIGURE_LUNG_DOSE, "lung_dose_gy", "lungs, Gy"},
	{RADIOEMBO_FIGURE_LUNG_CUMULATIVE_DOSE, "lung_cumulative_dose_gy", "lungs cumulative, Gy"},
};
const size_t uncertainty_figure_count = sizeof uncertainty_figures / sizeof uncertainty_figures[0];

const struct uncertainty_risk uncertainty_risks[] = {
	{RADIOEMBO_RISK_LUNG_SESSION_LIMIT, "lung_session_limit",
	 "lung dose over the session limit"},
	{RADIOEMBO_RISK_LUNG_CUMULATIVE_LIMIT, "lung_cumulative_limit",
	 "lung dose over the cumulative limit"},
	{RADIOEMBO_RISK_NORMAL_LIVER_LIMIT, "normal_liver_limit",
	 "whole normal liver over its limit"},
	{RADIOEMBO_RISK_NORMAL_PERFUSED_LIMIT, "normal_perfused_limit",
	 "normal perfused liver over its limit"},
};
const size_t uncertainty_risk_count = sizeof uncertainty_risks / sizeof uncertainty_risks[0];

/* A whole number flag within [low, high]: digits only, no sign, no exponent. */
static int whole_flag(const char *flag, const char *text, unsigned long long low,
		      unsigned long long high, unsigned long long *value_out, struct cli_error *err)
{
	unsigned long long value;
	char *end;
	size_t i;

	for (i = 0; text[i] >= '0' && text[i] <= '9'; i++)
		;
	errno = 0;
	value = i > 0 && text[i] == '\0' ? strtoull(text, &end, 10) : 0;
	if (i == 0 || text[i] != '\0' || errno == ERANGE || value < low || value > high)
		return cli_fail(err, CLI_EXIT_USAGE,
				"--%s \"%s\": expected an integer from %llu to %llu", flag, text,
				low, high);
	*value_out = value;
	return 0;
}

int uncertainty_apply_flags(struct radioembo_case *c, const char *method, const char *samples,
			    const char *seed, const char *generator, struct cli_error *err)
{
	unsigned long long value;
	int rc;

	if (method != NULL) {
		radioembo_propagation_method wanted = case_method_from_key(method);
		if (wanted == 0)
			return cli_fail(err, CLI_EXIT_USAGE,
					"--uncertainty \"%s\": expected analytic or monte_carlo",
					method);
		if (c->uncertainty == NULL)
			return cli_fail(
				err, CLI_EXIT_USAGE,
				"--uncertainty %s: the case has no \"uncertainty\" section with "
				"inputs, so there is nothing to propagate (see radioembo-case(5))",
				method);
		c->uncertainty_method = wanted;
	}
	if ((samples != NULL || seed != NULL || generator != NULL) &&
	    c->uncertainty_method != RADIOEMBO_PROPAGATION_MONTE_CARLO)
		return cli_fail(err, CLI_EXIT_USAGE,
				"--%s applies to the monte_carlo method only (%s)",
				samples != NULL ? "samples" : seed != NULL ? "seed" : "generator",
				c->uncertainty_method == RADIOEMBO_PROPAGATION_ANALYTIC
					? "the method is analytic"
					: "give --uncertainty monte_carlo");
	if (samples != NULL) {
		if ((rc = whole_flag("samples", samples, 2, CASE_MAX_SAMPLES, &value, err)))
			return rc;
		c->samples = (size_t)value;
	}
	if (seed != NULL) {
		if ((rc = whole_flag("seed", seed, 0, (unsigned long long)CASE_MAX_SEED, &value,
				     err)))
			return rc;
		c->seed = (uint64_t)value;
	}
	/* the library knows its generators: its message lists them */
	if (generator != NULL &&
	    radioembo_uncertainty_set_generator(c->uncertainty, generator) != RADIOEMBO_OK)
		return cli_fail(err, CLI_EXIT_USAGE, "--generator \"%s\": %s", generator,
				radioembo_last_error_message());
	return 0;
}

int uncertainty_propagate(const struct radioembo_case *c, const radioembo_result *result,
			  radioembo_model chosen, radioembo_propagation **propagation_out,
			  radioembo_model *model_out, struct cli_error *err)
{
	radioembo_model model = c->uncertainty_model ? c->uncertainty_model : chosen;
	int applies = 0, rc;

	if (model == RADIOEMBO_MODEL_NONE)
		return cli_fail(
			err, CLI_EXIT_USAGE,
			"uncertainty: no model gives an activity for this case, so there is "
			"nothing to propagate");
	if (radioembo_result_model_applies(result, model, &applies) != RADIOEMBO_OK || !applies)
		return cli_fail(err, CLI_EXIT_USAGE,
				"uncertainty.model = \"%s\": the model does not apply to this case "
				"(see its diagnostics)",
				case_model_key(model));
	rc = c->uncertainty_method == RADIOEMBO_PROPAGATION_MONTE_CARLO
		     ? radioembo_plan_propagate_monte_carlo(c->plan, model, c->uncertainty, c->seed,
							    c->samples, propagation_out)
		     : radioembo_plan_propagate_analytic(c->plan, model, c->uncertainty,
							 propagation_out);
	if (rc != RADIOEMBO_OK)
		return cli_fail(err, cli_status_from_library(rc), "uncertainty (%s, %s): %s",
				case_method_key(c->uncertainty_method), case_model_key(model),
				rc == RADIOEMBO_ENOMEM ? "out of memory"
						       : radioembo_last_error_message());
	*model_out = model;
	return 0;
}

size_t uncertainty_rank_inputs(const radioembo_propagation *propagation, radioembo_figure figure,
			       size_t lesion_index,
			       radioembo_uncertain_input inputs[UNCERTAINTY_INPUTS],
			       double shares[UNCERTAINTY_INPUTS])
{
	size_t count = 0, i;
	int input;

	for (input = 1; input <= UNCERTAINTY_INPUTS; input++) {
		double share;
		if (radioembo_propagation_get_contribution(propagation, figure, lesion_index,
							   (radioembo_uncertain_input)input,
							   &share) != RADIOEMBO_OK ||
		    !(share > 0.0))
			continue;
		/* insertion: a later input goes after an earlier one of the same share */
		for (i = count; i > 0 && shares[i - 1] < share; i--) {
			shares[i] = shares[i - 1];
			inputs[i] = inputs[i - 1];
		}
		shares[i] = share;
		inputs[i] = (radioembo_uncertain_input)input;
		count++;
	}
	return count;
}
