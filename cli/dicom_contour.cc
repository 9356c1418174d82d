/*
 * radioembo(1): the rasterization of closed planar contours onto a grid (the rule
 * of radioembo(1)).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "dicom_internal.hh"

namespace dicom
{

namespace
{

/* Sub-points per axis of a voxel when rasterizing contours (125 per voxel). */
const int CONTOUR_SUBSAMPLES = 5;

/* Even-odd: is (pu, pv) inside contour c? */
bool inside(const Contour &c, double pu, double pv)
{
	bool in = false;
	size_t n = c.u.size();

	for (size_t i = 0, j = n - 1; i < n; j = i++)
		if ((c.v[i] > pv) != (c.v[j] > pv) &&
		    pu < (c.u[j] - c.u[i]) * (pv - c.v[i]) / (c.v[j] - c.v[i]) + c.u[i])
			in = !in;
	return in;
}

} // namespace

/*
 * The rasterization rule (radioembo(1)): each contour plane stands for the slab from the
 * midpoints to its neighbouring planes (half the smallest spacing beyond the first and
 * last). A voxel's coverage by an ROI is the mean over its 5 x 5 x 5 sub-voxels of the
 * share of each sub-voxel's thickness (along the contours' normal) that lies in slabs
 * whose plane's contours hold the sub-voxel's centre an odd number of times (nested
 * contours are holes). The ROI takes the voxels of largest coverage, as many as its
 * covered volume rounds to in voxels, so that its volume is the contours' (a sphere of
 * radius 3 voxels within 3 %); later ROIs win where they overlap.
 */
void rasterize(const std::vector<Contour> &contours, const double normal[3], const double u_axis[3],
	       const double v_axis[3], const radioembo_volume *grid, float label, float *labels)
{
	size_t n[3];
	double affine[16], half;
	std::vector<double> planes;

	radioembo_volume_get_dimensions(grid, &n[0], &n[1], &n[2]);
	radioembo_volume_get_affine_mm(grid, affine, 16);
	for (const Contour &c : contours)
		planes.push_back(c.along);
	std::sort(planes.begin(), planes.end());
	planes.erase(std::unique(planes.begin(), planes.end(),
				 [](double a, double b) { return std::fabs(a - b) < 1e-3; }),
		     planes.end());
	half = 0.5;
	if (planes.size() > 1) {
		double smallest = planes[1] - planes[0];
		for (size_t k = 2; k < planes.size(); k++)
			smallest = std::min(smallest, planes[k] - planes[k - 1]);
		half = 0.5 * smallest;
	} else {
		/* one plane: half the grid's extent along the normal per voxel */
		double ext = 0;
		for (int a = 0; a < 3; a++)
			ext += std::fabs(affine[4 * 0 + a] * normal[0] +
					 affine[4 * 1 + a] * normal[1] +
					 affine[4 * 2 + a] * normal[2]);
		half = 0.5 * ext;
	}
	/* plane k stands for the slab between the midpoints to its neighbours (half beyond the
	 * ends); a sub-voxel is as thick along the normal as the voxel over S */
	std::vector<double> edge(1, planes.front() - half);
	for (size_t k = 1; k < planes.size(); k++)
		edge.push_back(0.5 * (planes[k - 1] + planes[k]));
	edge.push_back(planes.back() + half);
	double thick = 0;
	for (int a = 0; a < 3; a++)
		thick += std::fabs(affine[a] * normal[0] + affine[4 + a] * normal[1] +
				   affine[8 + a] * normal[2]);
	thick /= CONTOUR_SUBSAMPLES;
	/* the contours' bounding box in the plane, to skip far voxels */
	double lo_u = INFINITY, hi_u = -INFINITY, lo_v = INFINITY, hi_v = -INFINITY;
	for (const Contour &c : contours)
		for (size_t i = 0; i < c.u.size(); i++) {
			lo_u = std::min(lo_u, c.u[i]);
			hi_u = std::max(hi_u, c.u[i]);
			lo_v = std::min(lo_v, c.v[i]);
			hi_v = std::max(hi_v, c.v[i]);
		}
	size_t count = n[0] * n[1] * n[2];
	std::vector<std::pair<double, size_t>> covered;
	double total = 0;
	const int S = CONTOUR_SUBSAMPLES;
	for (size_t k = 0; k < n[2]; k++)
		for (size_t j = 0; j < n[1]; j++)
			for (size_t i = 0; i < n[0]; i++) {
				double hits = 0, c0[3];
				for (int r = 0; r < 3; r++)
					c0[r] = affine[4 * r] * (double)i +
						affine[4 * r + 1] * (double)j +
						affine[4 * r + 2] * (double)k + affine[4 * r + 3];
				double radius = 0; /* half the voxel's diagonal */
				for (int a = 0; a < 3; a++)
					radius += 0.25 * (affine[a] * affine[a] +
							  affine[4 + a] * affine[4 + a] +
							  affine[8 + a] * affine[8 + a]);
				radius = std::sqrt(radius);
				double cu = dot(c0, u_axis), cv = dot(c0, v_axis),
				       ca = dot(c0, normal);
				if (cu + radius < lo_u || cu - radius > hi_u ||
				    cv + radius < lo_v || cv - radius > hi_v ||
				    ca + radius < planes.front() - half ||
				    ca - radius > planes.back() + half)
					continue;
				for (int a = 0; a < S; a++)
					for (int b = 0; b < S; b++)
						for (int c = 0; c < S; c++) {
							double f[3] = { ((double)a + 0.5) / S - 0.5,
									((double)b + 0.5) / S - 0.5,
									((double)c + 0.5) / S -
										0.5 };
							double p[3];
							for (int r = 0; r < 3; r++)
								p[r] = c0[r] +
								       affine[4 * r] * f[0] +
								       affine[4 * r + 1] * f[1] +
								       affine[4 * r + 2] * f[2];
							/* the sub-voxel's extent along the normal,
							 * shared with the contour slabs it overlaps
							 */
							double h = dot(p, normal),
							       lo = h - 0.5 * thick,
							       hi = h + 0.5 * thick;
							size_t slab =
								(size_t)(std::upper_bound(
										 edge.begin(),
										 edge.end(), lo) -
									 edge.begin());
							double pu = dot(p, u_axis),
							       pv = dot(p, v_axis);
							for (slab = slab == 0 ? 0 : slab - 1;
							     slab < planes.size() &&
							     edge[slab] < hi;
							     slab++) {
								double overlap =
									std::min(hi,
										 edge[slab + 1]) -
									std::max(lo, edge[slab]);
								bool in = false;
								if (!(overlap > 0))
									continue;
								for (const Contour &ct : contours)
									if (std::fabs(
										    ct.along -
										    planes[slab]) <
										    1e-3 &&
									    inside(ct, pu, pv))
										in = !in;
								if (in)
									hits += overlap / thick;
							}
						}
				if (hits > 0) {
					double fraction = hits / (S * S * S);
					covered.push_back({ -fraction, i + n[0] * (j + n[1] * k) });
					total += fraction;
				}
			}
	size_t take = std::min((size_t)std::llround(total), covered.size());
	std::stable_sort(covered.begin(), covered.end());
	for (size_t t = 0; t < take && t < count; t++)
		labels[covered[t].second] = label;
}

} // namespace dicom
