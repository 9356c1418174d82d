/*
 * libradioembo internals: the dose formulas shared by mird.c, lung.c and partition.c.
 *
 * Each formula lives in exactly one of these functions. They compute without validating:
 * callers validate every argument first (radioembo__require_*), then check the result with
 * radioembo__require_representable under a name that means something to their own caller.
 * Never installed; used by lib/ and tests/unit only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_DOSIMETRY_INTERNAL_H
#define RADIOEMBO_DOSIMETRY_INTERNAL_H

#include <stddef.h>

/* MIRD single compartment (DOMAIN.md section 6): F * A * (1 - R) * (1 - LSF) / M. */
double radioembo__mird_dose_gy(double activity_gbq, double mass_kg, double lsf,
			       double residual_fraction, double dose_factor);

/* Its inverse: D * M / (F * (1 - R) * (1 - LSF)). */
double radioembo__mird_activity_gbq(double dose_gy, double mass_kg, double lsf,
				    double residual_fraction, double dose_factor);

/* Lung dose (DOMAIN.md section 7): F * A * LSF / m_L. */
double radioembo__lung_dose_gy(double activity_gbq, double lsf, double lung_mass_kg,
			       double dose_factor);

/* Activity that puts the lungs at the limit: D_lim * m_L / (F * LSF); +INFINITY if LSF = 0. */
double radioembo__lung_max_activity_gbq(double lung_limit_gy, double lsf, double lung_mass_kg,
					double dose_factor);

/* Tissue mass (DOMAIN.md section 3): volume (mL) * density (g/mL) / 1000, in kg. */
double radioembo__mass_kg(double volume_ml, double density_g_per_ml);

/* Partition model (DOMAIN.md section 10): S = sum_i TNR_i m_Ti + m_N, in kg. */
double radioembo__partition_mass_sum(const double *tumor_mass_kg, const double *tnr,
				     size_t n_tumors, double normal_mass_kg);

/* Partition model: a lesion's dose D_Ti = TNR_i * D_N. */
double radioembo__partition_tumor_dose_gy(double tnr, double normal_dose_gy);

#endif /* RADIOEMBO_DOSIMETRY_INTERNAL_H */
