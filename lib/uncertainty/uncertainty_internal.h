/*
 * libradioembo internals: the Monte Carlo propagation with its percentile windows as a
 * parameter, so that unit tests can compare the windowed selection with the reference
 * that keeps every sample (window_sd < 0) and force the fallback (window_sd = 0).
 * Never installed; used by lib/uncertainty.c and tests/unit only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_UNCERTAINTY_INTERNAL_H
#define RADIOEMBO_UNCERTAINTY_INTERNAL_H

#include <radioembo/uncertainty.h>

/* radioembo_plan_propagate_monte_carlo uses window_sd 6: see lib/uncertainty.c. */
int radioembo__plan_propagate_monte_carlo_windowed(const radioembo_plan *plan,
						  radioembo_model model,
						  const radioembo_uncertainty *uncertainty,
						  uint64_t seed, size_t samples, double window_sd,
						  radioembo_propagation **propagation_out);

#endif /* RADIOEMBO_UNCERTAINTY_INTERNAL_H */
