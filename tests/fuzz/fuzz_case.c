/*
 * radioembo(1): fuzz target of the case reader. Any bytes go to case_read(); a case it
 * accepts is then computed, and its uncertainty section, if any, propagated through every
 * model (Monte Carlo with a few samples), so that whatever the reader lets through is also
 * safe for the library. Built with libFuzzer by `make fuzz`; its corpus (tests/fuzz/case/)
 * is replayed by tests/fuzz/replay.c in `make check`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stddef.h>
#include <stdint.h>

#include "case_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct radioembo_case *c = NULL;
	struct cli_error err;
	radioembo_result *result = NULL;

	if (case_read((const char *)data, size, &c, &err) != 0)
		return 0;
	if (radioembo_plan_compute(c->plan, &result) == RADIOEMBO_OK)
		radioembo_result_free(result);
	if (c->uncertainty != NULL) {
		radioembo_propagation *propagation = NULL;
		int model;
		for (model = RADIOEMBO_MODEL_SINGLE_COMPARTMENT;
		     model <= RADIOEMBO_MODEL_HO166_WHOLE_LIVER; model++) {
			if (radioembo_plan_propagate_analytic(c->plan, (radioembo_model)model,
							      c->uncertainty,
							      &propagation) == RADIOEMBO_OK)
				radioembo_propagation_free(propagation);
			if (radioembo_plan_propagate_monte_carlo(c->plan, (radioembo_model)model,
								 c->uncertainty, c->seed,
								 c->samples < 64 ? c->samples : 64,
								 &propagation) == RADIOEMBO_OK)
				radioembo_propagation_free(propagation);
		}
	}
	case_free(c);
	return 0;
}
