/*
 * The partition model (Ho et al. 1996, Eur J Nucl Med 23:947), any number of lesions
 * (radioembo-sources(7) PARTITION):
 *   A_liver = A (1 - LSF);   S = sum_i TNR_i m_Ti + m_N
 *   D_N = DCF A_liver / S,   D_Ti = TNR_i D_N,   D_L = DCF A LSF / m_L
 *   A for a tumour target:  A = D_T S / (DCF (1 - LSF) TNR)
 *   Max safe activity:      min(D_N,lim S / (DCF (1 - LSF)),  D_L,lim m_L / (DCF LSF))
 * D_N is the single-compartment MIRD dose of the liver's activity over an effective mass S
 * (with no residual), so the normal-liver terms reuse the MIRD formulas of mird.c and the
 * lung terms those of shunt.c: each formula lives in one place (dosimetry.h).
 * TNR is a ratio of activity per mass (the shares above go with m_T and m_N); from counts
 * and volumes alone it assumes equal densities.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "physics/dosimetry.h"
#include "core/internal.h"

/* The lesion arrays: present when n_tumors > 0, every mass and TNR finite and > 0. */
static int require_lesions(const double *tumor_mass_kg, const double *tnr, size_t n_tumors)
{
	size_t i;
	int rc;

	if (n_tumors == 0)
		return RADIOEMBO_OK;
	if ((rc = radioembo__require_length("n_tumors", n_tumors)) ||
	    (rc = radioembo__require_pointer("tumor_mass_kg", tumor_mass_kg)) ||
	    (rc = radioembo__require_pointer("tnr", tnr)))
		return rc;
	for (i = 0; i < n_tumors; i++) {
		if ((rc = radioembo__require_positive_at("tumor_mass_kg", i, tumor_mass_kg[i])) ||
		    (rc = radioembo__require_positive_at("tnr", i, tnr[i])))
			return rc;
	}
	return RADIOEMBO_OK;
}

/* S = sum_i TNR_i m_Ti + m_N: the mass the liver's activity is shared over, in kg. */
/* S, checked: ERANGE if it overflows. */
static int partition_mass_sum(const double *tumor_mass_kg, const double *tnr, size_t n_tumors,
			      double normal_mass_kg, double *sum_out)
{
	double sum = radioembo__partition_mass_sum(tumor_mass_kg, tnr, n_tumors, normal_mass_kg);
	int rc;

	if ((rc = radioembo__require_representable("partition mass sum S", sum)))
		return rc;
	*sum_out = sum;
	return RADIOEMBO_OK;
}

int radioembo_tnr_from_counts(double tumor_counts, double tumor_volume_ml, double normal_counts,
			      double normal_volume_ml, double *tnr_out)
{
	/* Equal densities cancel; 1 keeps the quotient bit-identical to the volume form. */
	return radioembo_tnr_from_counts_density(tumor_counts, tumor_volume_ml, 1.0, normal_counts,
						 normal_volume_ml, 1.0, tnr_out);
}

int radioembo_tnr_from_counts_density(double tumor_counts, double tumor_volume_ml,
				      double tumor_density_g_per_ml, double normal_counts,
				      double normal_volume_ml, double normal_density_g_per_ml,
				      double *tnr_out)
{
	double tnr;
	int rc;

	/*
	 * Counts > 0: a TNR of 0 is refused by every partition function, and a lesion
	 * without uptake gets no dose in this model (leave it out of the lesion list).
	 */
	if ((rc = radioembo__require_positive("tumor_counts", tumor_counts)) ||
	    (rc = radioembo__require_positive("tumor_volume_ml", tumor_volume_ml)) ||
	    (rc = radioembo__require_tissue_density("tumor_density_g_per_ml",
						    tumor_density_g_per_ml)) ||
	    (rc = radioembo__require_positive("normal_counts", normal_counts)) ||
	    (rc = radioembo__require_positive("normal_volume_ml", normal_volume_ml)) ||
	    (rc = radioembo__require_tissue_density("normal_density_g_per_ml",
						    normal_density_g_per_ml)) ||
	    (rc = radioembo__require_pointer("tnr_out", tnr_out)))
		return rc;
	/* (C_T / m_T) / (C_N / m_N), masses in g; the partition model shares activity by mass */
	tnr = (tumor_counts / (tumor_volume_ml * tumor_density_g_per_ml)) /
	      (normal_counts / (normal_volume_ml * normal_density_g_per_ml));
	if ((rc = radioembo__require_representable("tnr", tnr)))
		return rc;
	if (!(tnr > 0.0))
		return radioembo__fail(RADIOEMBO_ERANGE, "tnr", "tnr underflows to 0");
	*tnr_out = tnr;
	return RADIOEMBO_OK;
}

int radioembo_partition_doses(double activity_gbq, double lsf, double dose_factor,
			      const double *tumor_mass_kg, const double *tnr, size_t n_tumors,
			      double normal_mass_kg, double lung_mass_kg, double *tumor_dose_gy_out,
			      double *normal_dose_gy_out, double *lung_dose_gy_out)
{
	double sum, normal_dose, lung_dose;
	size_t i;
	int rc;

	if ((rc = radioembo__require_nonnegative("activity_gbq", activity_gbq)) ||
	    (rc = radioembo__require_fraction_below_one("lsf", lsf)) ||
	    (rc = radioembo__require_positive("dose_factor", dose_factor)) ||
	    (rc = require_lesions(tumor_mass_kg, tnr, n_tumors)) ||
	    (rc = radioembo__require_positive("normal_mass_kg", normal_mass_kg)) ||
	    (rc = radioembo__require_positive("lung_mass_kg", lung_mass_kg)) ||
	    (n_tumors > 0 &&
	     (rc = radioembo__require_pointer("tumor_dose_gy_out", tumor_dose_gy_out))) ||
	    (rc = radioembo__require_pointer("normal_dose_gy_out", normal_dose_gy_out)) ||
	    (rc = radioembo__require_pointer("lung_dose_gy_out", lung_dose_gy_out)))
		return rc;
	if ((rc = partition_mass_sum(tumor_mass_kg, tnr, n_tumors, normal_mass_kg, &sum)))
		return rc;
	normal_dose = radioembo__mird_dose_gy(activity_gbq, sum, lsf, 0.0, dose_factor);
	lung_dose = radioembo__lung_dose_gy(activity_gbq, lsf, lung_mass_kg, dose_factor);
	if ((rc = radioembo__require_representable("normal liver dose", normal_dose)) ||
	    (rc = radioembo__require_representable("lung dose", lung_dose)))
		return rc;
	/* Check every lesion before writing any, so that a failure leaves the array as it was. */
	for (i = 0; i < n_tumors; i++) {
		if (!isfinite(radioembo__partition_tumor_dose_gy(tnr[i], normal_dose)))
			return radioembo__fail(
				RADIOEMBO_ERANGE, "tumor_dose_gy_out",
				"tumor_dose_gy_out[%zu] is not representable as a double", i);
	}
	for (i = 0; i < n_tumors; i++)
		tumor_dose_gy_out[i] = radioembo__partition_tumor_dose_gy(tnr[i], normal_dose);
	*normal_dose_gy_out = normal_dose;
	*lung_dose_gy_out = lung_dose;
	return RADIOEMBO_OK;
}

int radioembo_partition_activity_for_tumor_dose_gbq(double tumor_dose_gy, size_t target_index,
						    double lsf, double dose_factor,
						    const double *tumor_mass_kg, const double *tnr,
						    size_t n_tumors, double normal_mass_kg,
						    double *activity_gbq_out)
{
	double sum, activity;
	int rc;

	if ((rc = radioembo__require_nonnegative("tumor_dose_gy", tumor_dose_gy)))
		return rc;
	if (target_index >= n_tumors)
		return radioembo__fail(RADIOEMBO_EINVAL, "target_index",
				       "target_index must be < n_tumors (%zu), got %zu", n_tumors,
				       target_index);
	if ((rc = radioembo__require_fraction_below_one("lsf", lsf)) ||
	    (rc = radioembo__require_positive("dose_factor", dose_factor)) ||
	    (rc = require_lesions(tumor_mass_kg, tnr, n_tumors)) ||
	    (rc = radioembo__require_positive("normal_mass_kg", normal_mass_kg)) ||
	    (rc = radioembo__require_pointer("activity_gbq_out", activity_gbq_out)))
		return rc;
	if ((rc = partition_mass_sum(tumor_mass_kg, tnr, n_tumors, normal_mass_kg, &sum)))
		return rc;
	/* The target's dose fixes the normal-liver dose D_N = D_T / TNR; MIRD over S gives A. */
	activity = radioembo__mird_activity_gbq(tumor_dose_gy / tnr[target_index], sum, lsf, 0.0,
						dose_factor);
	if ((rc = radioembo__require_representable("activity", activity)))
		return rc;
	*activity_gbq_out = activity;
	return RADIOEMBO_OK;
}

int radioembo_partition_max_activity_gbq(double normal_limit_gy, double lung_limit_gy,
					 double lsf, double dose_factor,
					 const double *tumor_mass_kg, const double *tnr,
					 size_t n_tumors, double normal_mass_kg,
					 double lung_mass_kg, double *activity_gbq_out,
					 radioembo_limiting_organ *limiting_out)
{
	double sum, normal_max, lung_max, activity;
	radioembo_limiting_organ limiting;
	int rc;

	if ((rc = radioembo__require_limit("normal_limit_gy", normal_limit_gy)) ||
	    (rc = radioembo__require_limit("lung_limit_gy", lung_limit_gy)) ||
	    (rc = radioembo__require_fraction_below_one("lsf", lsf)) ||
	    (rc = radioembo__require_positive("dose_factor", dose_factor)) ||
	    (rc = require_lesions(tumor_mass_kg, tnr, n_tumors)) ||
	    (rc = radioembo__require_positive("normal_mass_kg", normal_mass_kg)) ||
	    (rc = radioembo__require_positive("lung_mass_kg", lung_mass_kg)) ||
	    (rc = radioembo__require_pointer("activity_gbq_out", activity_gbq_out)) ||
	    (rc = radioembo__require_pointer("limiting_out", limiting_out)))
		return rc;
	/* With no shunt the lungs bound nothing, whatever their limit. */
	if (isinf(normal_limit_gy) && (isinf(lung_limit_gy) || lsf == 0.0))
		return radioembo__fail(RADIOEMBO_ERANGE, "normal_limit_gy",
				       "no finite limit applies (normal_limit_gy %g, lung_limit_gy "
				       "%g, lsf %.17g): the activity is unbounded",
				       normal_limit_gy, lung_limit_gy, lsf);
	if ((rc = partition_mass_sum(tumor_mass_kg, tnr, n_tumors, normal_mass_kg, &sum)))
		return rc;
	/* An unapplied limit, or a term that overflows, is +INFINITY and never the minimum. */
	normal_max = isinf(normal_limit_gy)
			     ? INFINITY
			     : radioembo__mird_activity_gbq(normal_limit_gy, sum, lsf, 0.0,
							    dose_factor);
	lung_max = isinf(lung_limit_gy) ? INFINITY
					: radioembo__lung_max_activity_gbq(lung_limit_gy, lsf,
									   lung_mass_kg, dose_factor);
	/* A tie goes to the normal liver. */
	if (normal_max <= lung_max) {
		activity = normal_max;
		limiting = RADIOEMBO_LIMIT_NORMAL_LIVER;
	} else {
		activity = lung_max;
		limiting = RADIOEMBO_LIMIT_LUNG;
	}
	if ((rc = radioembo__require_representable("maximum activity", activity)))
		return rc;
	*activity_gbq_out = activity;
	*limiting_out = limiting;
	return RADIOEMBO_OK;
}

const char *radioembo_limiting_organ_name(radioembo_limiting_organ organ)
{
	static const char *const names[] = {
		[RADIOEMBO_LIMIT_NORMAL_LIVER] = "normal_liver",
		[RADIOEMBO_LIMIT_LUNG] = "lung",
	};

	return RADIOEMBO__TABLE_NAME(names, organ);
}
