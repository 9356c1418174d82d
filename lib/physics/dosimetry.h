/*
 * libradioembo internals: the dose formulas shared by mird.c, shunt.c, partition.c and the
 * dose engine (planning/engine.c).
 *
 * Each formula lives in exactly one of these functions. They compute without validating:
 * callers validate every argument first (radioembo__require_*), then check the result with
 * radioembo__require_representable under a name that means something to their own caller.
 * They are static inline so that the engine's loop over Monte Carlo samples evaluates them
 * without calls (a call makes the caller save every floating-point value it holds, since
 * the x86-64 calling convention preserves none).
 * Never installed; used by lib/ and tests/unit only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_DOSIMETRY_INTERNAL_H
#define RADIOEMBO_DOSIMETRY_INTERNAL_H

#include <math.h>
#include <stddef.h>

/* The BSA method's offset (radioembo-sources(7) BSA): A = (BSA - 0.2) + tumour share. */
#define RADIOEMBO__BSA_OFFSET_M2 0.2

/* MIRD single compartment (radioembo-sources(7) MIRD): F * A * (1 - R) * (1 - LSF) / M. */
static inline double radioembo__mird_dose_gy(double activity_gbq, double mass_kg, double lsf,
					     double residual_fraction, double dose_factor)
{
	return dose_factor * activity_gbq * ((1.0 - residual_fraction) * (1.0 - lsf)) / mass_kg;
}

/* Its inverse: D * M / (F * (1 - R) * (1 - LSF)). */
static inline double radioembo__mird_activity_gbq(double dose_gy, double mass_kg, double lsf,
						  double residual_fraction, double dose_factor)
{
	return dose_gy * mass_kg / (dose_factor * ((1.0 - residual_fraction) * (1.0 - lsf)));
}

/* The activity to inject so that `delivered` reaches the patient: A / (1 - R). */
static inline double radioembo__inject_for_delivered_gbq(double delivered_gbq,
							 double residual_fraction)
{
	return delivered_gbq / (1.0 - residual_fraction);
}

/* Lung dose (radioembo-sources(7) LUNG): F * A * LSF / m_L. */
static inline double radioembo__lung_dose_gy(double activity_gbq, double lsf,
					     double lung_mass_kg, double dose_factor)
{
	return dose_factor * activity_gbq * lsf / lung_mass_kg;
}

/* Activity that puts the lungs at the limit: D_lim * m_L / (F * LSF); +INFINITY if LSF = 0. */
static inline double radioembo__lung_max_activity_gbq(double lung_limit_gy, double lsf,
						      double lung_mass_kg, double dose_factor)
{
	/* No shunt: the lungs receive nothing whatever the activity. */
	if (lsf == 0.0)
		return INFINITY;
	return lung_limit_gy * lung_mass_kg / (dose_factor * lsf);
}

/* Activity that shunts a given activity to the lungs: A_lung,lim / LSF; +INFINITY if LSF = 0. */
static inline double radioembo__lung_activity_max_gbq(double lung_activity_limit_gbq, double lsf)
{
	if (lsf == 0.0)
		return INFINITY;
	return lung_activity_limit_gbq / lsf;
}

/* Tissue mass (radioembo-sources(7) TISSUE): volume (mL) * density (g/mL) / 1000, in kg. */
static inline double radioembo__mass_kg(double volume_ml, double density_g_per_ml)
{
	/* g = mL * g/mL; kg = g / 1000 */
	return volume_ml * density_g_per_ml / 1000.0;
}

/* Partition model (radioembo-sources(7) PARTITION): S = sum_i TNR_i m_Ti + m_N, in kg. */
static inline double radioembo__partition_mass_sum(const double *tumor_mass_kg,
						   const double *tnr, size_t n_tumors,
						   double normal_mass_kg)
{
	double sum = normal_mass_kg;
	size_t i;

	for (i = 0; i < n_tumors; i++)
		sum += tnr[i] * tumor_mass_kg[i];
	return sum;
}

/* Partition model: a lesion's dose D_Ti = TNR_i * D_N. */
static inline double radioembo__partition_tumor_dose_gy(double tnr, double normal_dose_gy)
{
	return tnr * normal_dose_gy;
}

/*
 * Mean over the whole normal liver of a quantity (dose, BED) of its perfused part: the
 * normal liver outside the treated volume receives none, so the mean is the perfused part's
 * value times its share of the normal mass.
 */
static inline double radioembo__whole_normal_mean(double normal_perfused_value,
						  double normal_perfused_mass_kg,
						  double normal_liver_mass_kg)
{
	return normal_perfused_value * (normal_perfused_mass_kg / normal_liver_mass_kg);
}

#endif /* RADIOEMBO_DOSIMETRY_INTERNAL_H */
