/*
 * Fuzz target of the library's case reader. Any bytes go to radioembo_case_new_from_json();
 * a case it accepts is then computed into a report, and its uncertainty section, if any,
 * propagated through every model (Monte Carlo with a few samples), so that whatever the
 * reader lets through is also safe for the rest of the library. Built with libFuzzer by
 * `make fuzz`; its corpus (tests/fuzz/case/) is replayed by tests/fuzz/replay.c in
 * `make check`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stddef.h>
#include <stdint.h>

#include <radioembo.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void propagate_every_model(const radioembo_case *c)
{
	const radioembo_plan *plan = radioembo_case_plan(c);
	const radioembo_uncertainty *uncertainty = radioembo_case_uncertainty(c);
	radioembo_propagation *propagation = NULL;
	size_t samples = 0;
	uint64_t seed = 0;
	int model;

	if (uncertainty == NULL)
		return;
	radioembo_case_get_samples(c, &samples);
	radioembo_case_get_seed(c, &seed);
	for (model = RADIOEMBO_MODEL_SINGLE_COMPARTMENT; model <= RADIOEMBO_MODEL_HO166_WHOLE_LIVER;
	     model++) {
		if (radioembo_plan_propagate_analytic(plan, (radioembo_model)model, uncertainty,
						      &propagation) == RADIOEMBO_OK)
			radioembo_propagation_free(propagation);
		if (radioembo_plan_propagate_monte_carlo(plan, (radioembo_model)model, uncertainty,
							 seed, samples < 64 ? samples : 64,
							 &propagation) == RADIOEMBO_OK)
			radioembo_propagation_free(propagation);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	radioembo_case *c = NULL;
	radioembo_report *report = NULL;
	radioembo_propagation_method method = (radioembo_propagation_method)0;

	if (radioembo_case_new_from_json((const char *)data, size, &c) != RADIOEMBO_OK)
		return 0;
	/* the report propagates with the case's own samples: a few keep the run short */
	radioembo_case_get_propagation_method(c, &method);
	if (method == RADIOEMBO_PROPAGATION_MONTE_CARLO)
		radioembo_case_set_samples(c, 64);
	if (radioembo_case_compute(c, &report) == RADIOEMBO_OK)
		radioembo_report_free(report);
	propagate_every_model(c);
	radioembo_case_free(c);
	return 0;
}
