/*
 * libradioembo internals: the dose engine, the one place where a plan's resolved inputs
 * become masses and doses. Plan computation calls its checked entries (validated, for one
 * plan); uncertainty propagation calls its fast entry (no validation, no allocation) once
 * per sample. Both evaluate the same code on the same inputs, so a plan and a propagation
 * whose inputs do not vary give the same figures to the bit.
 * Never installed; used by lib/planning, lib/uncertainty and tests/unit only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_ENGINE_INTERNAL_H
#define RADIOEMBO_ENGINE_INTERNAL_H

#include <stddef.h>

/* The plan-wide constants: the product's, the lungs' and the limits; NaN while unknown. */
struct radioembo__constants {
	double half_life_h, dose_factor, lsf, residual_fraction, liver_density_g_per_ml;
	double lung_mass_kg, prior_lung_dose_gy;
	double lung_session_limit_gy, lung_cumulative_limit_gy, lung_activity_limit_gbq;
	double normal_liver_limit_gy, normal_perfused_limit_gy;
};

/* Every constant unknown (NaN). */
void radioembo__constants_unknown(struct radioembo__constants *constants);

/* How the plan resolved one lesion: what the uncertainty module perturbs. */
struct radioembo__lesion_state {
	double volume_ml, density_g_per_ml; /* density: the lesion's own or the liver's */
	double tnr;			    /* the partition model's: measured, or 1 */
	double target_dose_gy;		    /* the lesion's own or the product's; NaN: none */
	int treated, has_tnr, has_own_density;
};

/*
 * Figures of one evaluation, in this order (RADIOEMBO_FIGURE_* - 1): delivered activity,
 * perfused, normal perfused, whole normal liver, lung and cumulative lung doses; lesion i
 * at RADIOEMBO__ENGINE_SCALARS + i (NaN: not treated).
 */
#define RADIOEMBO__ENGINE_SCALARS 6

/*
 * Values of the varying inputs for `stride` samples, one column per input (sample j of
 * lesion i's column at [i * stride + j]): factors on the planned value, except the two
 * fractions (residual, LSF), which are values.
 */
struct radioembo__engine_draw {
	double *activity, *residual, *lsf, *treated_volume, *liver_volume, *density, *lung_mass;
	double *lesion_volume, *tnr; /* per lesion */
	size_t stride;
};

/* What one resolution of the geometry gives. */
struct radioembo__engine_masses {
	double treated_tumor_ml, all_tumor_ml;
	double normal_perfused_ml, normal_liver_ml;
	double normal_perfused_kg, normal_liver_kg, perfused_kg;
	size_t treated_count;
};

/* A plan as the engine evaluates it. */
struct radioembo__engine {
	struct radioembo__constants constants;
	double liver_volume_ml, treated_volume_ml;
	int whole_liver;
	size_t lesion_count;
	const struct radioembo__lesion_state *lesions; /* borrowed */
	/* of one model: its activity to inject, and whether it shares by TNR */
	double inject_gbq;
	int partition;
	/*
	 * Of the last evaluation, per treated lesion in liver order: its mass, its TNR and its
	 * index in the liver. Written by every evaluation; read by the plan's prescriptions.
	 */
	double *tumor_mass, *tnr;
	size_t *lesion_of;
	struct radioembo__engine_draw planned; /* one sample at the planned inputs */
};

/*
 * An engine over the lesions (borrowed: they must outlive it); free with
 * radioembo__engine_end, also after a failure. inject_gbq and partition start at 0.
 */
int radioembo__engine_begin(struct radioembo__engine *engine,
			    const struct radioembo__constants *constants, double liver_volume_ml,
			    double treated_volume_ml, int whole_liver,
			    const struct radioembo__lesion_state *lesions, size_t lesion_count);
void radioembo__engine_end(struct radioembo__engine *engine);

/* Columns of `stride` samples for every input; free with radioembo__engine_draw_free. */
int radioembo__engine_draw_new(struct radioembo__engine_draw *draw, size_t lesion_count,
			       size_t stride);
void radioembo__engine_draw_free(struct radioembo__engine_draw *draw);

/* Every sample of a draw at the planned inputs: factors of 1, the planned fractions. */
void radioembo__engine_draw_planned(const struct radioembo__engine *engine,
				    struct radioembo__engine_draw *draw);

/*
 * Checked entry, geometry: the mass of every lesion into lesion_mass_kg[lesion_count] and
 * the masses of the planned inputs into *masses_out, validated; *usable_out 0 (a finding
 * for the caller to report, not a failure, with only the volumes and treated_count set)
 * when the lesions fill the treated volume or the liver.
 */
int radioembo__engine_resolve_checked(struct radioembo__engine *engine, double *lesion_mass_kg,
				      struct radioembo__engine_masses *masses_out, int *usable_out);

/*
 * Checked entry, doses: the figures of engine->inject_gbq under engine->partition at the
 * planned inputs, into figures[RADIOEMBO__ENGINE_SCALARS + lesion_count]; ERANGE when a
 * dose overflows. The geometry must be usable (radioembo__engine_resolve_checked).
 */
int radioembo__engine_evaluate_checked(struct radioembo__engine *engine, double *figures);

/*
 * Fast entry: the figures of samples first, first + 1, ... of a draw, figure f of sample j
 * at figures[f * stride + j], stopping at the first sample whose geometry leaves no normal
 * liver (its figures untouched). Returns the index of that sample, or count when all were
 * evaluated. Every input must lie in its physical domain: nothing is validated.
 */
size_t radioembo__engine_evaluate(struct radioembo__engine *engine,
				  const struct radioembo__engine_draw *draw, size_t first,
				  size_t count, double *figures, size_t stride);

#endif /* RADIOEMBO_ENGINE_INTERNAL_H */
