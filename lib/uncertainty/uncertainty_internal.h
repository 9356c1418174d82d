/*
 * libradioembo internals: what the files of the uncertainty module share. The spec
 * (spec.c), the propagation object and the plan it resolves (propagation.c), analytic
 * (analytic.c) and Monte Carlo (monte_carlo.c) propagation; the normal generator
 * (sampler.h) and the streaming percentiles (quantiles.h) have their own headers.
 * Never installed; used by lib/uncertainty, lib/case (which sits on it) and tests/unit only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_UNCERTAINTY_INTERNAL_H
#define RADIOEMBO_UNCERTAINTY_INTERNAL_H

#include "planning/planning.h"

#define RADIOEMBO__INPUT_LAST RADIOEMBO_INPUT_LUNG_MASS
#define RADIOEMBO__RISK_LAST RADIOEMBO_RISK_TUMOR_UNDER_TARGET
/* Redraws allowed to bring one sample into the physical domain before giving up. */
#define RADIOEMBO__MAX_REDRAWS 1000

struct radioembo_uncertainty {
	radioembo_distribution distribution[RADIOEMBO__INPUT_LAST + 1];
	double spread[RADIOEMBO__INPUT_LAST + 1];
	int generator; /* a generator index of sampler.h; 0, the default, is gfsr4 */
	size_t threads; /* of Monte Carlo propagation, 1 to RADIOEMBO__THREADS_MAX */
};

/* Figures 1..6 are scalars, as the engine's; lesion i is figure SCALARS + i. */
struct radioembo_propagation {
	radioembo_propagation_method method;
	size_t samples, figure_count, lesion_count;
	double *planned, *mean, *sd, *p05, *p50, *p95; /* per figure; NaN: not treated */
	double *contribution;			       /* figure x input, analytic only */
	double risk[RADIOEMBO__RISK_LAST + 1];	       /* NaN: limit not set */
	double *under_target;			       /* per lesion; NaN: no target */
};

/* One model of a plan, computed once and resolved into the dose engine. */
struct radioembo__session {
	radioembo_result *result;
	struct radioembo__engine engine;    /* the model's activity and dose sharing */
	struct radioembo__engine_draw draw; /* one sample, at the planned inputs */
	double *figures;		    /* the planned figures, figure_count */
};

/* EINVAL unless input is a radioembo_uncertain_input value. */
int radioembo__require_input(radioembo_uncertain_input input);

/* Inputs drawn as factors on their planned value (all but the two fractions). */
int radioembo__input_is_relative(radioembo_uncertain_input input);
int radioembo__input_is_per_lesion(radioembo_uncertain_input input);
/* The planned value of an input's draw: a factor of 1, or the planned fraction. */
double radioembo__input_planned(const struct radioembo__engine *engine,
				radioembo_uncertain_input input);
/* The column of one input (lesion: for lesion-wise inputs) of a draw. */
double *radioembo__input_column(struct radioembo__engine_draw *draw,
				radioembo_uncertain_input input, size_t lesion);

/*
 * Checks the arguments every propagation shares, computes the plan and resolves its
 * model; end with radioembo__session_end, also after a failure.
 */
int radioembo__session_begin(const radioembo_plan *plan, radioembo_model model,
			     const radioembo_uncertainty *uncertainty, const char *out_name,
			     const void *out, struct radioembo__session *session);
void radioembo__session_end(struct radioembo__session *session);

/* A propagation with every figure unknown (NaN). */
int radioembo__propagation_new(radioembo_propagation_method method, size_t lesion_count,
			       radioembo_propagation **propagation_out);

/*
 * probability(p, data, figure, threshold, below) for every risk (below: the risk is of
 * falling under the threshold); data is the callback's.
 */
typedef double (*radioembo__risk_fn)(const radioembo_propagation *p, void *data, size_t figure,
				     double threshold, int below);
void radioembo__propagation_set_risks(radioembo_propagation *p,
				      const struct radioembo__engine *engine,
				      radioembo__risk_fn probability, void *data);

/* radioembo_plan_propagate_monte_carlo uses window_sd 6: see monte_carlo.c. */
int radioembo__plan_propagate_monte_carlo_windowed(const radioembo_plan *plan,
						  radioembo_model model,
						  const radioembo_uncertainty *uncertainty,
						  uint64_t seed, size_t samples, double window_sd,
						  radioembo_propagation **propagation_out);

#endif /* RADIOEMBO_UNCERTAINTY_INTERNAL_H */
