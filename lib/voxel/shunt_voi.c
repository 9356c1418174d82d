/*
 * The lung shunt fraction from SPECT/CT volumes of interest (radioembo_shunt(3);
 * radioembo-sources(7) LSF): LSF = C_lung / (C_lung + C_liver), C the counts summed over a
 * VOI of the (attenuation- and scatter-corrected) reconstruction, the same ratio as the
 * planar method's without its geometric means: the counts are already in 3D.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "voxel/voxel_internal.h"

/* A VOI voxel belongs to the VOI above this value, as a mask does (activity.c). */
#define VOI_THRESHOLD 0.5f

int radioembo_shunt_lsf_from_voi_counts(const radioembo_volume *counts,
					const radioembo_volume *lung_voi,
					const radioembo_volume *liver_voi, double *lsf_out)
{
	double lung = 0.0, liver = 0.0;
	size_t i;
	int rc;

	if ((rc = radioembo__require_pointer("counts", counts)) ||
	    (rc = radioembo__require_pointer("lung_voi", lung_voi)) ||
	    (rc = radioembo__require_pointer("liver_voi", liver_voi)) ||
	    (rc = radioembo__require_pointer("lsf_out", lsf_out)) ||
	    (rc = radioembo__volume_require_same_grid(counts, "counts", lung_voi, "lung_voi")) ||
	    (rc = radioembo__volume_require_same_grid(counts, "counts", liver_voi, "liver_voi")) ||
	    (rc = radioembo__voxel_require_finite("counts", counts)) ||
	    (rc = radioembo__voxel_require_finite("lung_voi", lung_voi)) ||
	    (rc = radioembo__voxel_require_finite("liver_voi", liver_voi)))
		return rc;
	for (i = 0; i < counts->count; i++) {
		int in_lung = lung_voi->data[i] > VOI_THRESHOLD;
		int in_liver = liver_voi->data[i] > VOI_THRESHOLD;

		if (in_lung && in_liver)
			return radioembo__fail(RADIOEMBO_EINVAL, "lung_voi",
					       "lung_voi and liver_voi must not overlap, voxel %zu "
					       "lies in both",
					       i);
		if (in_lung)
			lung += counts->data[i];
		else if (in_liver)
			liver += counts->data[i];
	}
	/* reconstruction noise may make single voxels negative, not a VOI's sum */
	if (!(lung >= 0.0 && liver >= 0.0 && lung + liver > 0.0))
		return radioembo__fail(
			RADIOEMBO_EINVAL, "counts",
			"the counts in the lung VOI (%g) and the liver VOI (%g) must "
			"be >= 0 and not both 0",
			lung, liver);
	*lsf_out = lung / (lung + liver);
	return RADIOEMBO_OK;
}
