/*
 * A lesion: what the plan needs of one tumour. Optional quantities are NaN while unset;
 * NaN never leaves the object (getters report ENOTFOUND instead).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>

#include "core/internal.h"
#include "planning/plausibility.h"

struct radioembo_lesion {
	char *label;
	double volume_ml;
	double density_g_per_ml; /* NaN: the liver's density applies */
	double tnr;              /* NaN: not in the partition model */
	double target_dose_gy;   /* NaN: the product's default target applies */
};

int radioembo_lesion_new(const char *label, double volume_ml, radioembo_lesion **lesion_out)
{
	radioembo_lesion *lesion;
	int rc;

	if ((rc = radioembo__require_pointer("label", label)) ||
	    (rc = radioembo__require_positive("volume_ml", volume_ml)) ||
	    (rc = radioembo__require_tissue_volume("volume_ml", volume_ml)) ||
	    (rc = radioembo__require_pointer("lesion_out", lesion_out)))
		return rc;
	if ((lesion = radioembo__allocate(sizeof *lesion, "a lesion")) == NULL)
		return RADIOEMBO_ENOMEM;
	if ((rc = radioembo__copy_label("label", label, &lesion->label))) {
		free(lesion);
		return rc;
	}
	lesion->volume_ml = volume_ml;
	lesion->density_g_per_ml = NAN;
	lesion->tnr = NAN;
	lesion->target_dose_gy = NAN;
	*lesion_out = lesion;
	return RADIOEMBO_OK;
}

int radioembo_lesion_copy(const radioembo_lesion *lesion, radioembo_lesion **copy_out)
{
	radioembo_lesion *copy;
	int rc;

	if ((rc = radioembo__require_pointer("lesion", lesion)) ||
	    (rc = radioembo__require_pointer("copy_out", copy_out)) ||
	    (rc = radioembo_lesion_new(lesion->label, lesion->volume_ml, &copy)))
		return rc;
	copy->density_g_per_ml = lesion->density_g_per_ml;
	copy->tnr = lesion->tnr;
	copy->target_dose_gy = lesion->target_dose_gy;
	*copy_out = copy;
	return RADIOEMBO_OK;
}

void radioembo_lesion_free(radioembo_lesion *lesion)
{
	if (lesion == NULL)
		return;
	free(lesion->label);
	free(lesion);
}

const char *radioembo_lesion_label(const radioembo_lesion *lesion)
{
	return lesion != NULL ? lesion->label : NULL;
}

int radioembo_lesion_set_label(radioembo_lesion *lesion, const char *label)
{
	int rc;

	if ((rc = radioembo__require_pointer("lesion", lesion)))
		return rc;
	return radioembo__replace_label("label", label, &lesion->label);
}

/* Reads an optional quantity: ENOTFOUND while it is unset (NaN). */
static int get_optional(const radioembo_lesion *lesion, const double *field, const char *what,
			const char *out_name, double *value_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("lesion", lesion)) ||
	    (rc = radioembo__require_pointer(out_name, value_out)))
		return rc;
	if (isnan(*field))
		return radioembo__fail(RADIOEMBO_ENOTFOUND, "lesion", "lesion \"%s\" has no %s set",
				       lesion->label, what);
	*value_out = *field;
	return RADIOEMBO_OK;
}

int radioembo_lesion_get_volume_ml(const radioembo_lesion *lesion, double *volume_ml_out)
{
	return get_optional(lesion, lesion ? &lesion->volume_ml : NULL, "volume", "volume_ml_out",
			    volume_ml_out);
}

int radioembo_lesion_set_volume_ml(radioembo_lesion *lesion, double volume_ml)
{
	int rc;

	if ((rc = radioembo__require_pointer("lesion", lesion)) ||
	    (rc = radioembo__require_positive("volume_ml", volume_ml)) ||
	    (rc = radioembo__require_tissue_volume("volume_ml", volume_ml)))
		return rc;
	lesion->volume_ml = volume_ml;
	return RADIOEMBO_OK;
}

int radioembo_lesion_get_density_g_per_ml(const radioembo_lesion *lesion,
					  double *density_g_per_ml_out)
{
	return get_optional(lesion, lesion ? &lesion->density_g_per_ml : NULL, "density",
			    "density_g_per_ml_out", density_g_per_ml_out);
}

int radioembo_lesion_set_density_g_per_ml(radioembo_lesion *lesion, double density_g_per_ml)
{
	int rc;

	if ((rc = radioembo__require_pointer("lesion", lesion)) ||
	    (rc = radioembo__require_tissue_density("density_g_per_ml", density_g_per_ml)))
		return rc;
	lesion->density_g_per_ml = density_g_per_ml;
	return RADIOEMBO_OK;
}

int radioembo_lesion_get_tnr(const radioembo_lesion *lesion, double *tnr_out)
{
	return get_optional(lesion, lesion ? &lesion->tnr : NULL, "tumour-to-normal ratio",
			    "tnr_out", tnr_out);
}

int radioembo_lesion_set_tnr(radioembo_lesion *lesion, double tnr)
{
	int rc;

	if ((rc = radioembo__require_pointer("lesion", lesion)) ||
	    (rc = radioembo__require_positive("tnr", tnr)))
		return rc;
	lesion->tnr = tnr;
	return RADIOEMBO_OK;
}

int radioembo_lesion_set_tnr_from_counts(radioembo_lesion *lesion, double tumor_counts,
					 double normal_counts, double normal_volume_ml)
{
	double tnr;
	int rc;

	if ((rc = radioembo__require_pointer("lesion", lesion)) ||
	    (rc = radioembo_tnr_from_counts(tumor_counts, lesion->volume_ml, normal_counts,
					    normal_volume_ml, &tnr)))
		return rc;
	lesion->tnr = tnr;
	return RADIOEMBO_OK;
}

int radioembo_lesion_set_tnr_from_counts_density(radioembo_lesion *lesion, double tumor_counts,
						 double normal_counts, double normal_volume_ml,
						 double normal_density_g_per_ml)
{
	double tnr;
	int rc;

	/* normal density first: it stands in for an unset lesion density below */
	if ((rc = radioembo__require_pointer("lesion", lesion)) ||
	    (rc = radioembo__require_tissue_density("normal_density_g_per_ml",
						    normal_density_g_per_ml)) ||
	    (rc = radioembo_tnr_from_counts_density(
		     tumor_counts, lesion->volume_ml,
		     /* unset: the lesion is taken to be as dense as the normal tissue */
		     isnan(lesion->density_g_per_ml) ? normal_density_g_per_ml
						     : lesion->density_g_per_ml,
		     normal_counts, normal_volume_ml, normal_density_g_per_ml, &tnr)))
		return rc;
	lesion->tnr = tnr;
	return RADIOEMBO_OK;
}

int radioembo_lesion_get_target_dose_gy(const radioembo_lesion *lesion,
					double *target_dose_gy_out)
{
	return get_optional(lesion, lesion ? &lesion->target_dose_gy : NULL, "target dose",
			    "target_dose_gy_out", target_dose_gy_out);
}

int radioembo_lesion_set_target_dose_gy(radioembo_lesion *lesion, double target_dose_gy)
{
	int rc;

	if ((rc = radioembo__require_pointer("lesion", lesion)) ||
	    (rc = radioembo__require_positive("target_dose_gy", target_dose_gy)))
		return rc;
	lesion->target_dose_gy = target_dose_gy;
	return RADIOEMBO_OK;
}
