/*
 * The sweeps over a structure voxel by voxel: a binned DVH's where the vector sweeps of
 * dvh_simd.c do not apply, a density map's checks and mass for the exact DVH, and the checks
 * that close every sweep.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <float.h>
#include <math.h>
#include <stdio.h>

#include "voxel/dvh_internal.h"

/* A structure voxel's density checked (a tissue density) and its mass in g added. */
static inline int add_mass(const float *density, size_t i, double voxel_volume_ml, double *mass_g)
{
	char name[64];
	int rc;

	/* the voxel's name is only written out on failure: the sweeps are hot */
	if (!(density[i] > 0.0f && density[i] <= RADIOEMBO__DENSITY_MAX_G_PER_ML)) {
		snprintf(name, sizeof name, "density_g_per_ml voxel %zu", i);
		if ((rc = radioembo__require_tissue_density(name, density[i])))
			return rc;
	}
	*mass_g += density[i] * voxel_volume_ml;
	return RADIOEMBO_OK;
}

int radioembo__dvh_density_mass(const float *labels, struct radioembo__label_range range,
				const float *density, size_t total, double voxel_volume_ml,
				double *mass_g_out)
{
	double mass_g = 0.0;
	size_t i;
	int rc;

	for (i = 0; i < total; i++)
		if (radioembo__carries_label(labels[i], range) &&
		    (rc = add_mass(density, i, voxel_volume_ml, &mass_g)))
			return rc;
	*mass_g_out = mass_g;
	return RADIOEMBO_OK;
}

int radioembo__dvh_survey(const float *dose, const float *labels, int label, const float *density,
			  double uniform_density, size_t total, double voxel_volume_ml,
			  const struct radioembo__dvh_binning *bins,
			  struct radioembo__dvh_survey *out)
{
	enum { BLOCK = 4096 };
	struct radioembo__label_range range = radioembo__label_range(label);
	struct radioembo__dvh_survey s = {0, 0.0, 0.0, 0.0, FLT_MAX, -FLT_MAX};
	size_t i, start, end;
	int rc;

	for (start = 0; start < total; start = end) {
		/* a plain sum over a block (4096 floats: no drift), blocks summed Neumaier's way */
		double block = 0.0;

		end = total - start > BLOCK ? start + BLOCK : total;
		for (i = start; i < end; i++) {
			float d = dose[i];

			if (!radioembo__carries_label(labels[i], range))
				continue;
			if (density != NULL &&
			    (rc = add_mass(density, i, voxel_volume_ml, &s.mass_g)))
				return rc;
			if (!(d >= 0.0f)) /* negative, or NaN (failed below) */
				bins->hist[0]++;
			else
				bins->hist[radioembo__dvh_bin_of(d, bins->width, bins->inverse,
								 bins->last) +
					   1]++;
			block += d;
			s.min = d < s.min ? d : s.min;
			s.max = d > s.max ? d : s.max;
			s.count++;
		}
		radioembo__dvh_add_block(&s, block);
	}
	return radioembo__dvh_finish_survey(dose, labels, range, density, uniform_density, total,
					    voxel_volume_ml, &s, out);
}

int radioembo__dvh_finish_survey(const float *dose, const float *labels,
				 struct radioembo__label_range range, const float *density,
				 double uniform_density, size_t total, double voxel_volume_ml,
				 const struct radioembo__dvh_survey *sweep,
				 struct radioembo__dvh_survey *out)
{
	struct radioembo__dvh_survey s = *sweep;
	size_t i;
	int label = range.label;

	if (s.count == 0)
		return radioembo__fail(RADIOEMBO_ENOTFOUND, "label",
				       "no voxel of labels carries label %d", label);
	/*
	 * Rather than a test per voxel: a NaN or an infinity makes the sum non-finite (finite
	 * floats cannot: 2^31 of them sum below 2^160), and only then is the structure swept
	 * again to name the first such voxel.
	 */
	if (!isfinite(s.sum))
		for (i = 0; i < total; i++)
			if (radioembo__carries_label(labels[i], range) && !isfinite(dose[i]))
				return radioembo__fail(
					RADIOEMBO_EINVAL, "dose_gy",
					"dose_gy voxel %zu of label %d must be finite, "
					"got %g",
					i, label, (double)dose[i]);
	if (density == NULL)
		s.mass_g = uniform_density * voxel_volume_ml * (double)s.count;
	*out = s;
	return RADIOEMBO_OK;
}
