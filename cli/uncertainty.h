/*
 * radioembo(1): how sure the plan's doses are. The case's "uncertainty" section
 * (radioembo-case(5)) and the plan command's --uncertainty, --samples, --seed and
 * --generator flags say what to propagate; the library propagates it
 * (radioembo_uncertainty(3)); the reports show the result through the tables and the
 * ranking below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_UNCERTAINTY_H
#define RADIOEMBO_CLI_UNCERTAINTY_H

#include <radioembo.h>

#include "case_reader.h"
#include "cli.h"

/*
 * Applies the flags (NULL: not given) to the case: --uncertainty sets or overrides the
 * method, --samples, --seed and --generator the Monte Carlo settings. Usage errors: a
 * method that is not known, flags for a case without uncertain inputs, --samples, --seed
 * or --generator for a method other than Monte Carlo, a count out of range, a generator
 * the library does not know.
 */
int uncertainty_apply_flags(struct radioembo_case *c, const char *method, const char *samples,
			    const char *seed, const char *generator, struct cli_error *err);

/*
 * Propagates the case's uncertainty through its section's model, or through chosen (the
 * report's model) when the section names none. *model_out is the model propagated.
 */
int uncertainty_propagate(const struct radioembo_case *c, const radioembo_result *result,
			  radioembo_model chosen, radioembo_propagation **propagation_out,
			  radioembo_model *model_out, struct cli_error *err);

/* The scalar figures of a propagation, in report order, with JSON keys and text labels. */
struct uncertainty_figure {
	radioembo_figure figure;
	const char *key;   /* "delivered_activity_gbq" ... */
	const char *label; /* "delivered activity, GBq" ... */
};
extern const struct uncertainty_figure uncertainty_figures[];
extern const size_t uncertainty_figure_count;

/* The limit risks (not the per-lesion one), in report order. */
struct uncertainty_risk {
	radioembo_risk risk;
	const char *key;
	const char *label;
};
extern const struct uncertainty_risk uncertainty_risks[];
extern const size_t uncertainty_risk_count;

/* The number of uncertain inputs (radioembo_uncertain_input runs 1..UNCERTAINTY_INPUTS). */
#define UNCERTAINTY_INPUTS 9

/*
 * The inputs by decreasing share of a figure's variance (analytic only), ties in input
 * order, those with no share left out. Returns how many were written (0 for Monte Carlo,
 * an exact figure or an untreated lesion).
 */
size_t uncertainty_rank_inputs(const radioembo_propagation *propagation, radioembo_figure figure,
			       size_t lesion_index,
			       radioembo_uncertain_input inputs[UNCERTAINTY_INPUTS],
			       double shares[UNCERTAINTY_INPUTS]);

#endif
