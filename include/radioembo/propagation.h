/*
 * libradioembo - radioembolization planning and dosimetry
 * propagation.h: how sure a plan's doses are. The input uncertainties of uncertainty.h are
 * propagated to every dose of one model of a plan, analytically (first order, GUM style) or
 * by Monte Carlo sampling, into a radioembo_propagation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_PROPAGATION_H
#define RADIOEMBO_PROPAGATION_H

#include "common.h"
#include "plan.h"
#include "result.h"
#include "uncertainty.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct radioembo_propagation radioembo_propagation;

/* The figures of a propagation. Values are frozen and append-only. */
typedef enum {
	RADIOEMBO_FIGURE_DELIVERED_ACTIVITY = 1,
	RADIOEMBO_FIGURE_PERFUSED_DOSE = 2,
	RADIOEMBO_FIGURE_NORMAL_PERFUSED_DOSE = 3,
	RADIOEMBO_FIGURE_NORMAL_LIVER_DOSE = 4,
	RADIOEMBO_FIGURE_LUNG_DOSE = 5,
	RADIOEMBO_FIGURE_LUNG_CUMULATIVE_DOSE = 6,
	RADIOEMBO_FIGURE_LESION_DOSE = 7 /* with a lesion index */
} radioembo_figure;

/* Events whose probability a propagation estimates. Values are frozen and append-only. */
typedef enum {
	RADIOEMBO_RISK_LUNG_SESSION_LIMIT = 1,
	RADIOEMBO_RISK_LUNG_CUMULATIVE_LIMIT = 2,
	RADIOEMBO_RISK_NORMAL_LIVER_LIMIT = 3,
	RADIOEMBO_RISK_NORMAL_PERFUSED_LIMIT = 4,
	RADIOEMBO_RISK_TUMOR_UNDER_TARGET = 5 /* with a lesion index */
} radioembo_risk;

typedef enum {
	RADIOEMBO_PROPAGATION_ANALYTIC = 1,
	RADIOEMBO_PROPAGATION_MONTE_CARLO = 2
} radioembo_propagation_method;

/*
 * The stable lowercase names of these values, as the case file and the JSON report spell
 * them ("monte_carlo", "perfused_dose_gy", "lung_session_limit"); NULL for a value that
 * names none.
 */
RADIOEMBO_API const char *radioembo_propagation_method_name(radioembo_propagation_method method);
RADIOEMBO_API const char *radioembo_figure_name(radioembo_figure figure);
RADIOEMBO_API const char *radioembo_risk_name(radioembo_risk risk);
/* The method of a name above, in any ASCII letter case; anything else: RADIOEMBO_ENOTFOUND. */
RADIOEMBO_API int radioembo_propagation_method_from_name(const char *name,
							 radioembo_propagation_method *method_out);

/*
 * Propagates to the doses of `model` of the plan, at the activity that model gives.
 * Analytic: first-order (GUM) with central-difference sensitivities; percentiles are those
 * of a normal distribution. Monte Carlo: `samples` (>= 2) draws from the uncertainty's GSL
 * generator (gfsr4 unless set) seeded with `seed`, each input truncated to its physical
 * domain by redrawing; deterministic for a given seed and generator. Percentiles are exact
 * order statistics of the samples.
 */
RADIOEMBO_API int radioembo_plan_propagate_analytic(const radioembo_plan *plan,
						    radioembo_model model,
						    const radioembo_uncertainty *uncertainty,
						    radioembo_propagation **propagation_out);
RADIOEMBO_API int radioembo_plan_propagate_monte_carlo(const radioembo_plan *plan,
						       radioembo_model model,
						       const radioembo_uncertainty *uncertainty,
						       uint64_t seed, size_t samples,
						       radioembo_propagation **propagation_out);
RADIOEMBO_API void radioembo_propagation_free(radioembo_propagation *propagation);

RADIOEMBO_API int radioembo_propagation_get_method(const radioembo_propagation *propagation,
						   radioembo_propagation_method *method_out);
RADIOEMBO_API int radioembo_propagation_sample_count(const radioembo_propagation *propagation,
						     size_t *count_out);
/*
 * A figure's planned value, mean, standard deviation and 5th, 50th and 95th percentiles.
 * lesion_index counts only for RADIOEMBO_FIGURE_LESION_DOSE; ENOTFOUND for an untreated
 * lesion; ERANGE when one of the six overflowed (a planned dose near DBL_MAX).
 */
RADIOEMBO_API int radioembo_propagation_get_summary(const radioembo_propagation *propagation,
						    radioembo_figure figure, size_t lesion_index,
						    double *planned_out, double *mean_out,
						    double *sd_out, double *p05_out,
						    double *p50_out, double *p95_out);
/* Probability of the event; ENOTFOUND when its limit or target is not set. */
RADIOEMBO_API int radioembo_propagation_get_probability(const radioembo_propagation *propagation,
							radioembo_risk risk, size_t lesion_index,
							double *probability_out);
/*
 * Analytic only: the share of the figure's variance that comes from one input (0..1; the
 * shares of all inputs sum to 1 when the variance is not 0). ENOTFOUND for Monte Carlo;
 * ERANGE when the figure's variance overflowed.
 */
RADIOEMBO_API int radioembo_propagation_get_contribution(
	const radioembo_propagation *propagation, radioembo_figure figure, size_t lesion_index,
	radioembo_uncertain_input input, double *variance_share_out);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_PROPAGATION_H */
