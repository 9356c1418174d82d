/*
 * The dose engine: resolved inputs -> masses -> doses, for one plan or for every sample of
 * a propagation. Every formula is called from dosimetry.h (the unchecked forms of the
 * tissue, MIRD, lung and partition modules); the checked entries validate the way those
 * modules' public functions do, so that a plan fails on the same inputs with the same words.
 * Sources: radioembo-sources(7) TISSUE, MIRD, LUNG and PARTITION.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "physics/dosimetry.h"
#include "planning/planning.h"

void radioembo__constants_unknown(struct radioembo__constants *k)
{
	k->half_life_h = k->dose_factor = k->lsf = k->residual_fraction = NAN;
	k->liver_density_g_per_ml = k->lung_mass_kg = k->prior_lung_dose_gy = NAN;
	k->lung_session_limit_gy = k->lung_cumulative_limit_gy = NAN;
	k->lung_activity_limit_gbq = k->normal_liver_limit_gy = NAN;
	k->normal_perfused_limit_gy = NAN;
}

int radioembo__engine_draw_new(struct radioembo__engine_draw *draw, size_t lesion_count,
			       size_t stride)
{
	double *columns;

	if (lesion_count > (SIZE_MAX / sizeof *columns / stride - 7) / 2)
		return radioembo__fail(RADIOEMBO_ENOMEM, NULL, "%zu lesions are too many to sample",
				       lesion_count);
	columns = radioembo__allocate((7 + 2 * lesion_count) * stride * sizeof *columns, "a draw");
	if (columns == NULL)
		return RADIOEMBO_ENOMEM;
	draw->stride = stride;
	draw->activity = columns;
	draw->residual = columns + stride;
	draw->lsf = columns + 2 * stride;
	draw->treated_volume = columns + 3 * stride;
	draw->liver_volume = columns + 4 * stride;
	draw->density = columns + 5 * stride;
	draw->lung_mass = columns + 6 * stride;
	draw->lesion_volume = columns + 7 * stride;
	draw->tnr = draw->lesion_volume + lesion_count * stride;
	return RADIOEMBO_OK;
}

void radioembo__engine_draw_free(struct radioembo__engine_draw *draw)
{
	free(draw->activity);
	draw->activity = NULL;
}

void radioembo__engine_draw_planned(const struct radioembo__engine *engine,
				    struct radioembo__engine_draw *draw)
{
	size_t j, n = draw->stride, per_lesion = engine->lesion_count * n;
	double *factors[] = {draw->activity, draw->treated_volume, draw->liver_volume,
			     draw->density, draw->lung_mass};
	size_t f;

	for (j = 0; j < n; j++) {
		draw->residual[j] = engine->constants.residual_fraction;
		draw->lsf[j] = engine->constants.lsf;
	}
	for (f = 0; f < sizeof factors / sizeof factors[0]; f++)
		for (j = 0; j < n; j++)
			factors[f][j] = 1.0;
	for (j = 0; j < per_lesion; j++)
		draw->lesion_volume[j] = draw->tnr[j] = 1.0;
}

int radioembo__engine_begin(struct radioembo__engine *engine,
			    const struct radioembo__constants *constants, double liver_volume_ml,
			    double treated_volume_ml, int whole_liver,
			    const struct radioembo__lesion_state *lesions, size_t lesion_count)
{
	size_t count = lesion_count + 1; /* never a zero-size allocation */
	int rc;

	engine->constants = *constants;
	engine->liver_volume_ml = liver_volume_ml;
	engine->treated_volume_ml = treated_volume_ml;
	engine->whole_liver = whole_liver;
	engine->lesions = lesions;
	engine->lesion_count = lesion_count;
	engine->inject_gbq = 0.0;
	engine->partition = 0;
	engine->tumor_mass = radioembo__allocate(count * sizeof(double), "lesion masses");
	engine->tnr = radioembo__allocate(count * sizeof(double), "lesion TNRs");
	engine->lesion_of = radioembo__allocate(count * sizeof(size_t), "lesion indices");
	if (!engine->tumor_mass || !engine->tnr || !engine->lesion_of)
		return RADIOEMBO_ENOMEM;
	if ((rc = radioembo__engine_draw_new(&engine->planned, lesion_count, 1)))
		return rc;
	radioembo__engine_draw_planned(engine, &engine->planned);
	return RADIOEMBO_OK;
}

void radioembo__engine_end(struct radioembo__engine *engine)
{
	free(engine->tumor_mass);
	free(engine->tnr);
	free(engine->lesion_of);
	radioembo__engine_draw_free(&engine->planned);
	engine->tumor_mass = engine->tnr = NULL;
	engine->lesion_of = NULL;
}

/*
 * The masses of sample j, and the treated lesions into the engine's arrays; returns 1 when
 * the sample leaves no normal liver in the treated volume or the liver (masses but the
 * volumes and treated_count unset). The inner loop of Monte Carlo: restrict and locals let
 * the compiler keep everything in registers across the stores.
 */
static inline int resolve(struct radioembo__engine *restrict e,
			  const struct radioembo__engine_draw *restrict draw, size_t j,
			  struct radioembo__engine_masses *restrict m)
{
	const struct radioembo__lesion_state *restrict lesions = e->lesions;
	const double *restrict lesion_volume = draw->lesion_volume + j;
	const double *restrict tnr = draw->tnr + j;
	double *restrict tumor_masses = e->tumor_mass, *restrict tnrs = e->tnr;
	size_t *restrict lesion_of = e->lesion_of;
	size_t i, k = 0, count = e->lesion_count, step = draw->stride;
	double density = e->constants.liver_density_g_per_ml * draw->density[j];
	double liver_ml = e->liver_volume_ml * draw->liver_volume[j];
	double treated_ml =
		e->whole_liver ? liver_ml : e->treated_volume_ml * draw->treated_volume[j];
	double all_tumor_ml = 0.0, treated_tumor_ml = 0.0, perfused_kg;

	for (i = 0; i < count; i++) {
		const struct radioembo__lesion_state *lesion = &lesions[i];
		double volume = lesion->volume_ml * lesion_volume[i * step];

		all_tumor_ml += volume;
		if (!lesion->treated)
			continue;
		treated_tumor_ml += volume;
		tumor_masses[k] = radioembo__mass_kg(
			volume, lesion->has_own_density ? lesion->density_g_per_ml : density);
		/* a treated lesion without a TNR takes up like normal liver */
		tnrs[k] = lesion->has_tnr ? lesion->tnr * tnr[i * step] : 1.0;
		lesion_of[k] = i;
		k++;
	}
	m->treated_count = k;
	m->treated_tumor_ml = treated_tumor_ml;
	m->all_tumor_ml = all_tumor_ml;
	m->normal_perfused_ml = treated_ml - treated_tumor_ml;
	m->normal_liver_ml = liver_ml - all_tumor_ml;
	if (!(m->normal_perfused_ml > 0.0) || !(m->normal_liver_ml > 0.0))
		return 1;
	m->normal_perfused_kg = radioembo__mass_kg(m->normal_perfused_ml, density);
	m->normal_liver_kg = radioembo__mass_kg(m->normal_liver_ml, density);
	perfused_kg = m->normal_perfused_kg;
	for (i = 0; i < k; i++)
		perfused_kg += tumor_masses[i];
	m->perfused_kg = perfused_kg;
	return 0;
}

/* The figures of sample j at the masses of resolve(), into figures[f * stride]. */
static inline void doses(const struct radioembo__engine *restrict e,
			 const struct radioembo__engine_draw *restrict draw, size_t j,
			 const struct radioembo__engine_masses *restrict m,
			 double *restrict figures, size_t stride)
{
	const double *restrict tumor_masses = e->tumor_mass, *restrict tnrs = e->tnr;
	const size_t *restrict lesion_of = e->lesion_of;
	size_t i, k = m->treated_count, count = e->lesion_count;
	double lsf = draw->lsf[j], dose_factor = e->constants.dose_factor;
	double delivered = e->inject_gbq * draw->activity[j] * (1.0 - draw->residual[j]);
	/* the single compartment is the partition model without lesions over the perfused mass */
	double normal_dose = radioembo__mird_dose_gy(
		delivered,
		e->partition ? radioembo__partition_mass_sum(tumor_masses, tnrs, k,
							     m->normal_perfused_kg)
			     : m->perfused_kg,
		lsf, 0.0, dose_factor);
	double lung_dose = radioembo__lung_dose_gy(
		delivered, lsf, e->constants.lung_mass_kg * draw->lung_mass[j], dose_factor);

	figures[0] = delivered;
	figures[stride] = radioembo__mird_dose_gy(delivered, m->perfused_kg, lsf, 0.0, dose_factor);
	figures[2 * stride] = normal_dose;
	figures[3 * stride] = radioembo__whole_normal_mean(normal_dose, m->normal_perfused_kg,
							   m->normal_liver_kg);
	figures[4 * stride] = lung_dose;
	figures[5 * stride] = e->constants.prior_lung_dose_gy + lung_dose;
	if (k < count) /* untreated lesions have no dose */
		for (i = 0; i < count; i++)
			figures[(RADIOEMBO__ENGINE_SCALARS + i) * stride] = NAN;
	/* A single compartment gives every treated lesion the one mean dose. */
	for (i = 0; i < k; i++)
		figures[(RADIOEMBO__ENGINE_SCALARS + lesion_of[i]) * stride] =
			e->partition ? radioembo__partition_tumor_dose_gy(tnrs[i], normal_dose)
				     : normal_dose;
}

size_t radioembo__engine_evaluate(struct radioembo__engine *engine,
				  const struct radioembo__engine_draw *draw, size_t first,
				  size_t count, double *figures, size_t stride)
{
	struct radioembo__engine_masses masses;
	size_t j;

	for (j = first; j < count; j++) {
		if (resolve(engine, draw, j, &masses))
			return j;
		doses(engine, draw, j, &masses, figures + j, stride);
	}
	return count;
}

int radioembo__engine_resolve_checked(struct radioembo__engine *engine, double *lesion_mass_kg,
				      struct radioembo__engine_masses *masses_out, int *usable_out)
{
	struct radioembo__engine_masses masses;
	double density = engine->constants.liver_density_g_per_ml, checked;
	size_t i;
	int rc;

	*usable_out = 0;
	for (i = 0; i < engine->lesion_count; i++) {
		const struct radioembo__lesion_state *lesion = &engine->lesions[i];
		if ((rc = radioembo_mass_kg(lesion->volume_ml,
					    lesion->has_own_density ? lesion->density_g_per_ml
								    : density,
					    &lesion_mass_kg[i])))
			return rc;
	}
	if (resolve(engine, &engine->planned, 0, &masses) == 0) {
		/* the same formula, checked: resolve() gave the same values unchecked */
		if ((rc = radioembo_mass_kg(masses.normal_perfused_ml, density, &checked)) ||
		    (rc = radioembo_mass_kg(masses.normal_liver_ml, density, &checked)))
			return rc;
		*usable_out = 1;
	}
	*masses_out = masses;
	return RADIOEMBO_OK;
}

int radioembo__engine_evaluate_checked(struct radioembo__engine *engine, double *figures)
{
	const double *lesion_doses = figures + RADIOEMBO__ENGINE_SCALARS;
	size_t i, position = 0;
	int rc;

	if (radioembo__engine_evaluate(engine, &engine->planned, 0, 1, figures, 1) != 1)
		return radioembo__fail(RADIOEMBO_EINTERNAL, NULL,
				       "the dose engine ran on a geometry without normal liver");
	/* every figure the result reports, named as the propagation names it */
	for (i = 0; i < RADIOEMBO__ENGINE_SCALARS; i++)
		if ((rc = radioembo__require_representable(
			     radioembo_figure_name((radioembo_figure)(i + 1)), figures[i])))
			return rc;
	/* a lesion's dose is named by its position among the treated, as the partition's */
	for (i = 0; engine->partition && i < engine->lesion_count; i++) {
		if (!engine->lesions[i].treated)
			continue;
		if (!isfinite(lesion_doses[i]))
			return radioembo__fail(
				RADIOEMBO_ERANGE, "tumor_dose_gy_out",
				"tumor_dose_gy_out[%zu] is not representable as a double",
				position);
		position++;
	}
	return RADIOEMBO_OK;
}
