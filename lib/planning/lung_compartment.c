/*
 * The lung compartment object: mass, LSF and the ledger of earlier sessions' lung doses.
 * The formulas it needs live in shunt.c and tissue.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>

#include "core/internal.h"
#include "planning/plausibility.h"

/* TheraSphere convention: the IFU pairs 0.61 GBq in the lungs with 30 Gy (radioembo-sources(7) TISSUE). */
#define DEFAULT_LUNG_MASS_KG 1.0

struct radioembo_lung {
	double mass_kg;
	double lsf; /* NaN while unset */
	double *prior_doses_gy;
	size_t prior_count, prior_capacity;
};

int radioembo_lung_new(radioembo_lung **lung_out)
{
	radioembo_lung *lung;
	int rc;

	if ((rc = radioembo__require_pointer("lung_out", lung_out)))
		return rc;
	if ((lung = radioembo__allocate(sizeof *lung, "lungs")) == NULL)
		return RADIOEMBO_ENOMEM;
	lung->mass_kg = DEFAULT_LUNG_MASS_KG;
	lung->lsf = NAN;
	*lung_out = lung;
	return RADIOEMBO_OK;
}

void radioembo_lung_free(radioembo_lung *lung)
{
	if (lung == NULL)
		return;
	free(lung->prior_doses_gy);
	free(lung);
}

int radioembo_lung_copy(const radioembo_lung *lung, radioembo_lung **copy_out)
{
	radioembo_lung *copy;
	size_t i;
	int rc;

	if ((rc = radioembo__require_pointer("lung", lung)) ||
	    (rc = radioembo__require_pointer("copy_out", copy_out)) ||
	    (rc = radioembo_lung_new(&copy)))
		return rc;
	copy->mass_kg = lung->mass_kg;
	copy->lsf = lung->lsf;
	/* room for exactly the ledger, so that a copy holds no spare capacity */
	if ((rc = radioembo__reserve((void **)&copy->prior_doses_gy, 0, &copy->prior_capacity,
				     lung->prior_count, lung->prior_count,
				     sizeof *copy->prior_doses_gy, "prior lung doses"))) {
		radioembo_lung_free(copy);
		return rc;
	}
	for (i = 0; i < lung->prior_count; i++)
		copy->prior_doses_gy[i] = lung->prior_doses_gy[i];
	copy->prior_count = lung->prior_count;
	*copy_out = copy;
	return RADIOEMBO_OK;
}

int radioembo_lung_get_mass_kg(const radioembo_lung *lung, double *mass_kg_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("lung", lung)) ||
	    (rc = radioembo__require_pointer("mass_kg_out", mass_kg_out)))
		return rc;
	*mass_kg_out = lung->mass_kg;
	return RADIOEMBO_OK;
}

int radioembo_lung_set_mass_kg(radioembo_lung *lung, double mass_kg)
{
	int rc;

	if ((rc = radioembo__require_pointer("lung", lung)) ||
	    (rc = radioembo__require_positive("mass_kg", mass_kg)) ||
	    (rc = radioembo__require_lung_mass("mass_kg", mass_kg)))
		return rc;
	lung->mass_kg = mass_kg;
	return RADIOEMBO_OK;
}

int radioembo_lung_set_mass_from_volume(radioembo_lung *lung, double volume_ml,
					double density_g_per_ml)
{
	double mass_kg;
	int rc;

	if ((rc = radioembo__require_pointer("lung", lung)) ||
	    (rc = radioembo_mass_kg(volume_ml, density_g_per_ml, &mass_kg)))
		return rc;
	if (mass_kg < RADIOEMBO__LUNG_MASS_MIN_KG || mass_kg > RADIOEMBO__LUNG_MASS_MAX_KG)
		return radioembo__fail(RADIOEMBO_EINVAL, "volume_ml",
				       "the lung mass volume_ml x density_g_per_ml = %g kg must be "
				       "within [%g, %g] kg (a sanity bound of human lungs)",
				       mass_kg, RADIOEMBO__LUNG_MASS_MIN_KG,
				       RADIOEMBO__LUNG_MASS_MAX_KG);
	lung->mass_kg = mass_kg;
	return RADIOEMBO_OK;
}

int radioembo_lung_get_lsf(const radioembo_lung *lung, double *lsf_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("lung", lung)) ||
	    (rc = radioembo__require_pointer("lsf_out", lsf_out)))
		return rc;
	if (isnan(lung->lsf))
		return radioembo__fail(RADIOEMBO_ENOTFOUND, "lung",
				       "the lung shunt fraction is not set");
	*lsf_out = lung->lsf;
	return RADIOEMBO_OK;
}

int radioembo_lung_set_lsf(radioembo_lung *lung, double lsf)
{
	int rc;

	if ((rc = radioembo__require_pointer("lung", lung)) ||
	    (rc = radioembo__require_fraction_below_one("lsf", lsf)))
		return rc;
	lung->lsf = lsf;
	return RADIOEMBO_OK;
}

int radioembo_lung_set_lsf_from_counts(radioembo_lung *lung, double lung_anterior,
				       double lung_posterior, double liver_anterior,
				       double liver_posterior)
{
	double lsf;
	int rc;

	if ((rc = radioembo__require_pointer("lung", lung)) ||
	    (rc = radioembo_shunt_lsf_from_counts(lung_anterior, lung_posterior, liver_anterior,
						  liver_posterior, &lsf)))
		return rc;
	/*
	 * radioembo_shunt_lsf_from_counts() gives 1 when the liver's geometric mean is 0, or is
	 * negligible beside the lung's (lung counts of 1e308: the share rounds to 1); the object
	 * keeps only LSF < 1 (nothing would reach the liver), and names the counts that caused
	 * it rather than blaming an "lsf" the caller never passed.
	 */
	if (!(lsf < 1.0))
		return radioembo__fail(
			RADIOEMBO_EINVAL, "lung_anterior",
			"lung_anterior (%.17g), lung_posterior (%.17g), liver_anterior "
			"(%.17g) and liver_posterior (%.17g) give an LSF of 1 (the "
			"liver's share is 0 or negligible), outside [0, 1)",
			lung_anterior, lung_posterior, liver_anterior, liver_posterior);
	lung->lsf = lsf;
	return RADIOEMBO_OK;
}

int radioembo_lung_add_prior_dose_gy(radioembo_lung *lung, double dose_gy)
{
	int rc;

	if ((rc = radioembo__require_pointer("lung", lung)) ||
	    (rc = radioembo__require_nonnegative("dose_gy", dose_gy)) ||
	    (rc = radioembo__reserve((void **)&lung->prior_doses_gy, lung->prior_count,
				     &lung->prior_capacity, lung->prior_count + 1, 4,
				     sizeof dose_gy, "prior lung doses")))
		return rc;
	lung->prior_doses_gy[lung->prior_count++] = dose_gy;
	return RADIOEMBO_OK;
}

int radioembo_lung_prior_dose_count(const radioembo_lung *lung, size_t *count_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("lung", lung)) ||
	    (rc = radioembo__require_pointer("count_out", count_out)))
		return rc;
	*count_out = lung->prior_count;
	return RADIOEMBO_OK;
}

int radioembo_lung_get_prior_dose_gy(const radioembo_lung *lung, size_t index,
				     double *dose_gy_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("lung", lung)) ||
	    (rc = radioembo__require_pointer("dose_gy_out", dose_gy_out)))
		return rc;
	if (index >= lung->prior_count)
		return radioembo__fail(RADIOEMBO_EINVAL, "index",
				       "index must be below the prior dose count %zu, got %zu",
				       lung->prior_count, index);
	*dose_gy_out = lung->prior_doses_gy[index];
	return RADIOEMBO_OK;
}

int radioembo_lung_prior_dose_total_gy(const radioembo_lung *lung, double *dose_gy_out)
{
	double total = 0.0;
	size_t i;
	int rc;

	if ((rc = radioembo__require_pointer("lung", lung)) ||
	    (rc = radioembo__require_pointer("dose_gy_out", dose_gy_out)))
		return rc;
	for (i = 0; i < lung->prior_count; i++)
		total += lung->prior_doses_gy[i];
	if ((rc = radioembo__require_representable("total prior lung dose", total)))
		return rc;
	*dose_gy_out = total;
	return RADIOEMBO_OK;
}
