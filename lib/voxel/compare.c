/*
 * How two dose maps on one grid agree (pre/post): the 3D gamma index and isodose Dice.
 *
 * Gamma (Low, Harms, Mutic and Purdy 1998, Med Phys 25:656): for a reference point r,
 *   gamma(r) = min over r' of sqrt(|r' - r|^2 / dd^2 + (E(r') - R(r))^2 / dD^2),
 * dd the distance criterion (mm) and dD the dose criterion, here global: a fraction of the
 * reference maximum. The minimum runs over the evaluated map's voxel centres, without
 * interpolation; the result then overestimates the continuous gamma by up to about half a
 * voxel's distance term where the dose gradient is steep, which stays small when the
 * spacing is at most dd / 3 (Low and Dempsey 2003, Med Phys 30:2455).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "voxel/voxel_internal.h"

/*
 * The search reaches 2 * distance_mm: beyond it the distance term alone is above 2, so a
 * gamma below 2 is the exact minimum over the grid; a voxel with nothing below 2 within
 * reach keeps the best value found (>= 2, an upper bound: it fails either way).
 */
#define GAMMA_SEARCH_CAP 2.0
/* Neighbour offsets searched per voxel, at most (a 16 MiB table, 2^20 neighbours). */
#define MAX_OFFSETS ((size_t)1 << 20)
/*
 * Neighbour visits of one call, at most: the reference voxels evaluated times the offsets
 * (the worst case, when no search stops early). 2^33 visits take about 20 s on one core
 * of 2026 (2.3 ns each); a 256^3 grid of 2 mm voxels at 3 mm (123 offsets) stays below.
 */
#define MAX_WORK 8589934592.0

struct offset {
	ptrdiff_t dx, dy, dz;
	double distance2; /* |offset|^2 / distance_mm^2 */
};

static int compare_offsets(const void *a, const void *b)
{
	double x = ((const struct offset *)a)->distance2, y = ((const struct offset *)b)->distance2;

	return (x > y) - (x < y);
}

/*
 * Every offset within GAMMA_SEARCH_CAP * distance_mm (and within the grid), sorted by
 * distance, so that the search of a voxel stops at the first one whose distance term
 * alone cannot beat the best gamma found.
 */
static int make_offsets(const size_t n[3], const double spacing_mm[3], double distance_mm,
			struct offset **offsets_out, size_t *count_out)
{
	double reach_mm = GAMMA_SEARCH_CAP * distance_mm;
	double reach2 = GAMMA_SEARCH_CAP * GAMMA_SEARCH_CAP;
	ptrdiff_t half[3], x, y, z;
	struct offset *offsets;
	size_t count = 0, capacity = 1;
	int axis;

	for (axis = 0; axis < 3; axis++) {
		double steps = floor(reach_mm / spacing_mm[axis]);
		double most = (double)(n[axis] - 1);

		/* no offset longer than the grid is ever inside it */
		half[axis] = (ptrdiff_t)(steps < most ? steps : most);
		capacity *= (size_t)(2 * half[axis] + 1);
		if (capacity > MAX_OFFSETS)
			return radioembo__fail(
				RADIOEMBO_EINVAL, "distance_mm",
				"distance_mm (%g) is too large for the voxel spacing: "
				"the search would cover more than %zu voxels",
				distance_mm, MAX_OFFSETS);
	}
	if ((offsets = radioembo__allocate(capacity * sizeof *offsets, "gamma offsets")) == NULL)
		return RADIOEMBO_ENOMEM;
	for (z = -half[2]; z <= half[2]; z++)
		for (y = -half[1]; y <= half[1]; y++)
			for (x = -half[0]; x <= half[0]; x++) {
				double ex = (double)x * spacing_mm[0] / distance_mm;
				double ey = (double)y * spacing_mm[1] / distance_mm;
				double ez = (double)z * spacing_mm[2] / distance_mm;
				double d2 = ex * ex + ey * ey + ez * ez;

				if (d2 > reach2)
					continue;
				offsets[count].dx = x;
				offsets[count].dy = y;
				offsets[count].dz = z;
				offsets[count].distance2 = d2;
				count++;
			}
	qsort(offsets, count, sizeof *offsets, compare_offsets);
	*offsets_out = offsets;
	*count_out = count;
	return RADIOEMBO_OK;
}

/* gamma^2 of reference voxel (x, y, z) of value r_value: the search over the offsets. */
static double gamma2_at(const float *evaluated, const ptrdiff_t n[3], ptrdiff_t x, ptrdiff_t y,
			ptrdiff_t z, double r_value, double max, double dose_criterion,
			const struct offset *offsets, size_t count)
{
	double best = HUGE_VAL;
	size_t k;

	for (k = 0; k < count; k++) {
		const struct offset *o = &offsets[k];
		ptrdiff_t ex = x + o->dx, ey = y + o->dy, ez = z + o->dz;
		double dose_term, g2;

		/* sorted by distance: no later offset can do better */
		if (o->distance2 >= best)
			break;
		if (ex < 0 || ey < 0 || ez < 0 || ex >= n[0] || ey >= n[1] || ez >= n[2])
			continue;
		/*
		 * (E - R) / (criterion * max), divided in this order so that no tiny maximum
		 * or criterion makes 0 * inf: at worst the term is +inf, a plain failure
		 */
		dose_term = (evaluated[ex + n[0] * (ey + n[1] * ez)] - r_value) / max /
			    dose_criterion;
		g2 = o->distance2 + dose_term * dose_term;
		if (g2 < best)
			best = g2;
	}
	return best;
}

static int require_gamma_inputs(const radioembo_volume *reference,
				const radioembo_volume *evaluated, double dose_criterion,
				double distance_mm, double threshold, radioembo_volume **gamma_out,
				double *pass_rate_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("reference", reference)) ||
	    (rc = radioembo__require_pointer("evaluated", evaluated)) ||
	    (rc = radioembo__volume_require_same_grid(reference, "reference", evaluated,
						      "evaluated")) ||
	    (rc = radioembo__require_share("dose_criterion", dose_criterion)) ||
	    (rc = radioembo__require_positive("distance_mm", distance_mm)) ||
	    (rc = radioembo__require_fraction_below_one("threshold", threshold)) ||
	    (rc = radioembo__require_pointer("gamma_out", gamma_out)) ||
	    (rc = radioembo__require_pointer("pass_rate_out", pass_rate_out)))
		return rc;
	return RADIOEMBO_OK;
}

int radioembo_voxel_gamma(const radioembo_volume *reference, const radioembo_volume *evaluated,
			  double dose_criterion, double distance_mm, double threshold,
			  radioembo_volume **gamma_out, double *pass_rate_out)
{
	const float *r, *e;
	float *g;
	double spacing[3], max = -HUGE_VAL, cutoff;
	size_t n[3], total, i, evaluated_count = 0, passed = 0, offset_count = 0;
	ptrdiff_t grid[3], x, y, z;
	struct offset *offsets = NULL;
	radioembo_volume *gamma;
	int rc;

	if ((rc = require_gamma_inputs(reference, evaluated, dose_criterion, distance_mm, threshold,
				       gamma_out, pass_rate_out)) ||
	    (rc = radioembo_volume_get_dimensions(reference, &n[0], &n[1], &n[2])) ||
	    (rc = radioembo_volume_get_spacing_mm(reference, &spacing[0], &spacing[1],
						  &spacing[2])) ||
	    (rc = radioembo_volume_voxel_count(reference, &total)))
		return rc;
	r = radioembo_volume_data(reference);
	e = radioembo_volume_data(evaluated);
	for (i = 0; i < total; i++)
		if (r[i] > max)
			max = r[i];
	if (!(max > 0.0))
		return radioembo__fail(RADIOEMBO_EINVAL, "reference",
				       "reference must have a maximum dose > 0 (the global dose "
				       "criterion is a fraction of it), got %g",
				       max);
	cutoff = threshold * max;
	if ((rc = make_offsets(n, spacing, distance_mm, &offsets, &offset_count)))
		return rc;
	for (i = 0; i < total; i++)
		evaluated_count += !(r[i] < cutoff); /* as the search below counts */
	if ((double)evaluated_count * (double)offset_count > MAX_WORK) {
		free(offsets);
		return radioembo__fail(RADIOEMBO_EINVAL, "distance_mm",
				       "distance_mm (%g) on this grid needs up to %zu voxels x %zu "
				       "neighbours = %.3g searches, more than the limit of %.3g: "
				       "use a smaller distance_mm, a coarser grid or a higher "
				       "threshold",
				       distance_mm, evaluated_count, offset_count,
				       (double)evaluated_count * (double)offset_count, MAX_WORK);
	}
	evaluated_count = 0;
	if ((rc = radioembo_volume_new(n[0], n[1], n[2], spacing[0], spacing[1], spacing[2],
				       &gamma))) {
		free(offsets);
		return rc;
	}
	radioembo__volume_copy_geometry(gamma, reference);
	g = radioembo_volume_data_mutable(gamma);
	/* each axis is at most 2^31 voxels: ptrdiff_t holds it on every 64-bit target */
	for (i = 0; i < 3; i++)
		grid[i] = (ptrdiff_t)n[i];
	for (z = 0, i = 0; z < grid[2]; z++)
		for (y = 0; y < grid[1]; y++)
			for (x = 0; x < grid[0]; x++, i++) {
				double g2;

				if (r[i] < cutoff)
					continue; /* not evaluated: 0 in the map */
				g2 = gamma2_at(e, grid, x, y, z, r[i], max, dose_criterion,
					       offsets, offset_count);
				evaluated_count++;
				if (g2 <= 1.0)
					passed++;
				/* the map holds finite floats: a huge gamma saturates */
				g[i] = g2 < (double)FLT_MAX * FLT_MAX ? (float)sqrt(g2) : FLT_MAX;
			}
	free(offsets);
	/* the maximum's voxel is always evaluated (threshold < 1) */
	*pass_rate_out = (double)passed / (double)evaluated_count;
	*gamma_out = gamma;
	return RADIOEMBO_OK;
}

int radioembo_voxel_isodose_dice(const radioembo_volume *a, const radioembo_volume *b,
				 double level_gy, double *dice_out)
{
	const float *da, *db;
	size_t total, i, in_a = 0, in_b = 0, in_both = 0;
	int rc;

	if ((rc = radioembo__require_pointer("a", a)) ||
	    (rc = radioembo__require_pointer("b", b)) ||
	    (rc = radioembo__volume_require_same_grid(a, "a", b, "b")) ||
	    (rc = radioembo__require_positive("level_gy", level_gy)) ||
	    (rc = radioembo__require_pointer("dice_out", dice_out)) ||
	    (rc = radioembo_volume_voxel_count(a, &total)))
		return rc;
	da = radioembo_volume_data(a);
	db = radioembo_volume_data(b);
	for (i = 0; i < total; i++) {
		int inside_a = da[i] >= level_gy, inside_b = db[i] >= level_gy;

		in_a += (size_t)inside_a;
		in_b += (size_t)inside_b;
		in_both += (size_t)(inside_a && inside_b);
	}
	/* both empty: 0/0; neither 1 (agreement on nothing) nor 0 is honest */
	if (in_a + in_b == 0)
		return radioembo__fail(RADIOEMBO_ENOTFOUND, "level_gy",
				       "neither a nor b reaches level_gy %g Gy", level_gy);
	*dice_out = 2.0 * (double)in_both / (double)(in_a + in_b);
	return RADIOEMBO_OK;
}
