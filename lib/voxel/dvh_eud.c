/*
 * The EUDs of an exact DVH's voxel doses, every voxel weighing 1/N: gEUD and cell-survival
 * EUD, through the radiobiology module (radioembo_dvh(3)), negative doses as 0 Gy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>

#include "voxel/dvh_internal.h"

/* The EUDs need the voxel doses, which a binned DVH does not keep. */
static int require_voxel_doses(const radioembo_dvh *dvh)
{
	if (dvh->above != NULL)
		return radioembo__fail(RADIOEMBO_EINVAL, "dvh",
				       "dvh must keep its voxel doses (radioembo_dvh_new), got a "
				       "binned DVH");
	return RADIOEMBO_OK;
}

/*
 * What the radiobiology module's EUD functions take: the voxel doses and N equal volume
 * fractions 1/N. ENOMEM (nothing to free) when they cannot be allocated.
 */
static int eud_inputs(const radioembo_dvh *dvh, double **dose_out, double **fraction_out)
{
	double *fraction, *dose;
	size_t i;

	if ((fraction = radioembo__allocate(dvh->count * sizeof *fraction, "volume fractions")) ==
	    NULL)
		return RADIOEMBO_ENOMEM;
	for (i = 0; i < dvh->count; i++)
		fraction[i] = 1.0 / (double)dvh->count;
	if ((dose = radioembo__dvh_doses_for_radiobiology(dvh)) == NULL) {
		free(fraction);
		return RADIOEMBO_ENOMEM;
	}
	*dose_out = dose;
	*fraction_out = fraction;
	return RADIOEMBO_OK;
}

int radioembo_dvh_geud_gy(const radioembo_dvh *dvh, double a, double *geud_gy_out)
{
	double *fraction, *dose;
	int rc;

	/* a is checked here too, so that a bad one fails before the allocation */
	if ((rc = radioembo__require_pointer("dvh", dvh)) ||
	    (rc = radioembo__require_finite("a", a)) ||
	    (rc = radioembo__require_pointer("geud_gy_out", geud_gy_out)))
		return rc;
	if (a == 0.0)
		return radioembo__fail(RADIOEMBO_EINVAL, "a", "a must not be 0, got 0");
	if ((rc = require_voxel_doses(dvh)) || (rc = eud_inputs(dvh, &dose, &fraction)))
		return rc;
	rc = radioembo_geud_gy(dose, fraction, dvh->count, a, geud_gy_out);
	free(dose);
	free(fraction);
	return rc;
}

int radioembo_dvh_eud_survival_gy(const radioembo_dvh *dvh, double alpha_per_gy, double *eud_gy_out)
{
	double *fraction, *dose;
	int rc;

	if ((rc = radioembo__require_pointer("dvh", dvh)) ||
	    (rc = radioembo__require_positive("alpha_per_gy", alpha_per_gy)) ||
	    (rc = radioembo__require_pointer("eud_gy_out", eud_gy_out)) ||
	    (rc = require_voxel_doses(dvh)) || (rc = eud_inputs(dvh, &dose, &fraction)))
		return rc;
	rc = radioembo_eud_survival_gy(dose, fraction, dvh->count, alpha_per_gy, eud_gy_out);
	free(dose);
	free(fraction);
	return rc;
}
