/*
 * Resampling a volume onto another volume's grid, through patient coordinates (LPS), so
 * that images of one patient on their own grids (SPECT, CT, contours) can be combined
 * (radioembo_volume_geometry(3)).
 *   LINEAR:   trilinear interpolation at each target voxel's centre (intensities, density,
 *             HU). A centre within half a voxel of the source's edge takes the edge value;
 *             beyond that, outside_value.
 *   NEAREST:  the source voxel containing the centre (labels, masks), else outside_value.
 *   ACTIVITY: amounts per voxel (GBq, counts), summed in double precision. When every
 *             source axis is parallel to a target axis (any order, either sign: the usual
 *             SPECT and CT), each source voxel is shared among the target voxels it
 *             overlaps in proportion to the overlap volume, exactly, axis by axis. Otherwise
 *             (oblique) each source voxel is cut into k_x x k_y x k_z equal sub-voxels no
 *             wider than the target's smallest spacing (at most MAX_SPLIT per axis), each
 *             carrying its share to the target voxel containing its centre. Either way the
 *             total is conserved up to the rounding of the float voxels (a few 1e-8
 *             relative) when the target grid covers the source; what falls outside is lost.
 * On several threads each thread owns a slab of the target's planes (z): it samples its own
 * voxels, or, for ACTIVITY, walks the source in the same order as one thread would and adds
 * only what lands in its slab. Every target voxel so receives the same additions in the same
 * order on any thread count, and the result is the same bit for bit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "voxel/voxel_internal.h"

#define MAX_SPLIT 16

/* The index of continuous coordinate c on an axis of n voxels, edge-clamped; -1 outside. */
static int clamp_inside(double c, size_t n, double *clamped)
{
	if (!(c >= -0.5 && c <= (double)n - 0.5))
		return -1;
	*clamped = c < 0.0 ? 0.0 : c > (double)(n - 1) ? (double)(n - 1) : c;
	return 0;
}

static double trilinear(const radioembo_volume *s, const double c[3], double outside)
{
	size_t base[3], step[3];
	double f[3], value = 0.0;
	int a, corner;

	for (a = 0; a < 3; a++) {
		double x;
		size_t n = a == 0 ? s->nx : a == 1 ? s->ny : s->nz;

		if (clamp_inside(c[a], n, &x))
			return outside;
		base[a] = (size_t)floor(x);
		if (base[a] >= n - 1 && n > 1)
			base[a] = n - 2;
		f[a] = n > 1 ? x - (double)base[a] : 0.0;
		step[a] = n > 1 ? 1 : 0;
	}
	for (corner = 0; corner < 8; corner++) {
		size_t i = base[0] + ((corner & 1) ? step[0] : 0);
		size_t j = base[1] + ((corner & 2) ? step[1] : 0);
		size_t k = base[2] + ((corner & 4) ? step[2] : 0);
		double w = ((corner & 1) ? f[0] : 1.0 - f[0]) * ((corner & 2) ? f[1] : 1.0 - f[1]) *
			   ((corner & 4) ? f[2] : 1.0 - f[2]);

		if (w != 0.0)
			value += w * s->data[i + s->nx * (j + s->ny * k)];
	}
	return value;
}

/*
 * The voxel of grid containing continuous index c: its linear index, or -1 outside. A
 * point on a face between two voxels (within TIE of it: the rounding of positions written
 * in decimal) goes to the higher index, whatever side the rounding put it on, so that
 * grids that coincide with ties give the same voxels however their positions were stored.
 */
#define TIE 1e-6
static int containing(const radioembo_volume *g, const double c[3], size_t *index)
{
	double r[3];
	int a;

	for (a = 0; a < 3; a++) {
		size_t n = a == 0 ? g->nx : a == 1 ? g->ny : g->nz;
		r[a] = floor(c[a] + 0.5 + TIE);
		if (!(r[a] >= 0.0 && r[a] < (double)n))
			return -1;
	}
	*index = (size_t)r[0] + g->nx * ((size_t)r[1] + g->ny * (size_t)r[2]);
	return 0;
}

/* One resampling on threads: what every share reads, and each share's slab of planes. */
struct job {
	const radioembo_volume *source;
	radioembo_volume *out;
	radioembo_volume_resampling mode;
	double outside;
	const struct overlap *overlap; /* ACTIVITY on parallel axes, else NULL */
	double *sum;		       /* ACTIVITY: per target voxel */
	size_t threads;
};

/* LINEAR and NEAREST: each target voxel centre of the slab looks up the source. */
static void sample(const struct job *job, size_t lo, size_t hi)
{
	const radioembo_volume *source = job->source;
	radioembo_volume *out = job->out;
	size_t i, j, k, v = lo * out->nx * out->ny;

	for (k = lo; k < hi; k++)
		for (j = 0; j < out->ny; j++)
			for (i = 0; i < out->nx; i++, v++) {
				double index[3] = { (double)i, (double)j, (double)k }, p[3], c[3];
				size_t s;

				radioembo__volume_index_to_patient(out, index, p);
				radioembo__volume_patient_to_index(source, p, c);
				if (job->mode == RADIOEMBO_VOLUME_RESAMPLE_LINEAR)
					out->data[v] = (float)trilinear(source, c, job->outside);
				else
					out->data[v] = containing(source, c, &s) == 0
							       ? source->data[s]
							       : (float)job->outside;
			}
}

/* The overlaps of one source axis's voxels with the target voxels along its parallel axis. */
struct overlap {
	size_t axis;	  /* the target axis parallel to this source axis */
	size_t width;	  /* target voxels per source voxel, at most */
	ptrdiff_t *first; /* per source voxel: the first target index (may lie outside) */
	double *weight;	  /* per source voxel: width fractions of it, one per target voxel */
};

static size_t axis_length(const radioembo_volume *v, size_t a)
{
	return a == 0 ? v->nx : a == 1 ? v->ny : v->nz;
}

/*
 * Source axis a's overlaps, if a target axis is parallel to it: source voxel i spans
 * [t - h, t + h] in target index units along that axis (t its centre's index, h half its
 * width), target voxel m spans [m - 0.5, m + 0.5]. 1 when no target axis is parallel,
 * ENOMEM, or 0.
 */
static int overlaps(const radioembo_volume *s, const radioembo_volume *g, size_t a,
		    struct overlap *o)
{
	const double *u = s->direction + 3 * a;
	size_t n = axis_length(s, a), i, m, b;
	double h, origin = 0.0, sign, length, width;

	for (b = 0; b < 3; b++)
		if (fabs(fabs(u[0] * g->direction[3 * b] + u[1] * g->direction[3 * b + 1] +
			      u[2] * g->direction[3 * b + 2]) -
			 1.0) <= 1e-6)
			break;
	if (b == 3)
		return 1;
	sign = u[0] * g->direction[3 * b] + u[1] * g->direction[3 * b + 1] +
				       u[2] * g->direction[3 * b + 2] >
			       0.0
		       ? 1.0
		       : -1.0;
	for (m = 0; m < 3; m++)
		origin += (s->origin_mm[m] - g->origin_mm[m]) * g->direction[3 * b + m];
	origin /= g->spacing_mm[b];
	h = 0.5 * s->spacing_mm[a] / g->spacing_mm[b];
	/*
	 * Only target voxels -1 .. length are kept: a source voxel far outside the target (or
	 * wider than it, or at a distance that overflows) must not make an index or a width
	 * beyond ptrdiff_t, nor a weight table beyond memory.
	 */
	length = (double)axis_length(g, b);
	width = ceil(2.0 * h) + 1.0;
	o->axis = b;
	o->width = width <= length + 3.0 ? (size_t)width : axis_length(g, b) + 3;
	if (o->width > SIZE_MAX / sizeof *o->weight / n)
		return radioembo__fail(RADIOEMBO_ENOMEM, "resampled_out",
				       "the overlaps of %zu source voxels with %zu target voxels "
				       "do not fit the address space",
				       n, o->width);
	o->first = radioembo__allocate(n * sizeof *o->first, "overlaps");
	o->weight = radioembo__allocate(n * o->width * sizeof *o->weight, "overlap weights");
	if (o->first == NULL || o->weight == NULL)
		return RADIOEMBO_ENOMEM;
	for (i = 0; i < n; i++) {
		double t = origin + sign * (double)i * s->spacing_mm[a] / g->spacing_mm[b];
		double lo = t - h, hi = t + h;

		if (!(hi >= -1.0 && lo <= length)) { /* outside the target (or NaN): no share */
			o->first[i] = (ptrdiff_t)axis_length(g, b) + 1;
			for (m = 0; m < o->width; m++)
				o->weight[i * o->width + m] = 0.0;
			continue;
		}
		/* the same overlaps with the target's voxels 0 .. length - 1 */
		lo = fmax(lo, -1.0);
		hi = fmin(hi, length);
		o->first[i] = (ptrdiff_t)floor(lo + 0.5);
		for (m = 0; m < o->width; m++) {
			double cell = (double)o->first[i] + (double)m;
			double overlap = fmin(hi, cell + 0.5) - fmax(lo, cell - 0.5);
			o->weight[i * o->width + m] = overlap > 0.0 ? overlap / (2.0 * h) : 0.0;
		}
	}
	return RADIOEMBO_OK;
}

/*
 * ACTIVITY on parallel axes: each source voxel shared by its overlaps (see above), the
 * shares landing in target planes [lo, hi) only.
 */
static void share(const struct job *job, size_t lo, size_t hi)
{
	const radioembo_volume *source = job->source, *out = job->out;
	const struct overlap *o = job->overlap;
	size_t n[3] = { source->nx, source->ny, source->nz }, idx[3], v = 0, m[3], a, z = 0;
	ptrdiff_t t[3], low[3] = { 0, 0, 0 }, high[3];

	for (a = 0; a < 3; a++)
		high[a] = (ptrdiff_t)axis_length(out, a);
	low[2] = (ptrdiff_t)lo;
	high[2] = (ptrdiff_t)hi;
	for (a = 0; a < 3; a++)
		if (o[a].axis == 2)
			z = a; /* the source axis along the target's planes */
	for (idx[2] = 0; idx[2] < n[2]; idx[2]++)
		for (idx[1] = 0; idx[1] < n[1]; idx[1]++)
			for (idx[0] = 0; idx[0] < n[0]; idx[0]++, v++) {
				double value = source->data[v];
				ptrdiff_t first = o[z].first[idx[z]];

				if (value == 0.0 || first >= high[2] ||
				    first + (ptrdiff_t)o[z].width <= low[2])
					continue;
				for (m[2] = 0; m[2] < o[2].width; m[2]++)
					for (m[1] = 0; m[1] < o[1].width; m[1]++)
						for (m[0] = 0; m[0] < o[0].width; m[0]++) {
							double w = value;
							int inside = 1;

							for (a = 0; a < 3; a++) {
								size_t b = o[a].axis;

								w *= o[a].weight
									     [idx[a] * o[a].width +
									      m[a]];
								t[b] = o[a].first[idx[a]] +
								       (ptrdiff_t)m[a];
								inside = inside && t[b] >= low[b] &&
									 t[b] < high[b];
							}
							if (w != 0.0 && inside)
								job->sum[(size_t)t[0] +
									 out->nx *
										 ((size_t)t[1] +
										  out->ny *
											  (size_t)t
												  [2])] +=
									w;
						}
			}
}

/*
 * How far, in target planes, a point of a source voxel can lie from its centre's plane:
 * half the voxel's extent along the target's z axis, plus one plane for rounding. Only a
 * shortcut for skipping voxels far from a slab; the deposit itself checks the plane.
 */
static double plane_reach(const radioembo_volume *source, const radioembo_volume *out)
{
	double reach = 1.0;
	size_t a;

	for (a = 0; a < 3; a++) {
		const double *u = source->direction + 3 * a, *w = out->direction + 6;

		reach += 0.5 * source->spacing_mm[a] *
			 fabs(u[0] * w[0] + u[1] * w[1] + u[2] * w[2]) / out->spacing_mm[2];
	}
	return reach;
}

/* ACTIVITY, oblique: every non-zero source voxel split, its parts in planes [lo, hi) kept. */
static void split_and_deposit(const struct job *job, size_t lo, size_t hi)
{
	const radioembo_volume *source = job->source, *out = job->out;
	double smallest = fmin(fmin(out->spacing_mm[0], out->spacing_mm[1]), out->spacing_mm[2]);
	double reach = plane_reach(source, out);
	size_t split[3], i, j, k, v = 0, t, plane = out->nx * out->ny;
	int a;

	for (a = 0; a < 3; a++) {
		double parts = ceil(source->spacing_mm[a] / smallest);
		split[a] = parts < 1.0 ? 1 : parts > MAX_SPLIT ? MAX_SPLIT : (size_t)parts;
	}
	for (k = 0; k < source->nz; k++)
		for (j = 0; j < source->ny; j++)
			for (i = 0; i < source->nx; i++, v++) {
				double share = (double)source->data[v] /
					       (double)(split[0] * split[1] * split[2]);
				double centre[3] = { (double)i, (double)j, (double)k }, p[3], c[3];
				size_t a0, a1, a2;

				if (source->data[v] == 0.0f)
					continue;
				radioembo__volume_index_to_patient(source, centre, p);
				radioembo__volume_patient_to_index(out, p, c);
				if (c[2] + reach < (double)lo || c[2] - reach > (double)hi)
					continue;
				for (a2 = 0; a2 < split[2]; a2++)
					for (a1 = 0; a1 < split[1]; a1++)
						for (a0 = 0; a0 < split[0]; a0++) {
							/* the sub-voxel's centre, in source indices
							 */
							double index[3] = {
								(double)i - 0.5 +
									((double)a0 + 0.5) /
										(double)split[0],
								(double)j - 0.5 +
									((double)a1 + 0.5) /
										(double)split[1],
								(double)k - 0.5 +
									((double)a2 + 0.5) /
										(double)split[2]
							};

							radioembo__volume_index_to_patient(
								source, index, p);
							radioembo__volume_patient_to_index(out, p,
											   c);
							if (containing(out, c, &t) == 0 &&
							    t / plane >= lo && t / plane < hi)
								job->sum[t] += share;
						}
			}
}

/* One share's slab: sampled, or its activity gathered and rounded to float. */
static void resample_share(void *context, size_t index)
{
	struct job *job = context;
	size_t lo, hi, t, plane = job->out->nx * job->out->ny;

	radioembo__share_range(job->out->nz, job->threads, index, &lo, &hi);
	if (job->mode != RADIOEMBO_VOLUME_RESAMPLE_ACTIVITY) {
		sample(job, lo, hi);
		return;
	}
	if (job->overlap != NULL)
		share(job, lo, hi);
	else
		split_and_deposit(job, lo, hi);
	for (t = lo * plane; t < hi * plane; t++)
		job->out->data[t] = (float)job->sum[t];
}

/* ACTIVITY's sums and, on parallel axes, overlaps (see above); then the shares. */
static int resample(struct job *job)
{
	struct overlap o[3] = { { 0, 0, NULL, NULL }, { 0, 0, NULL, NULL }, { 0, 0, NULL, NULL } };
	size_t a;
	int rc = RADIOEMBO_OK, parallel = 1;

	if (job->mode == RADIOEMBO_VOLUME_RESAMPLE_ACTIVITY) {
		job->sum =
			radioembo__allocate(job->out->count * sizeof *job->sum, "resampled sums");
		if (job->sum == NULL)
			return RADIOEMBO_ENOMEM;
		radioembo__advise_huge_pages(job->sum, job->out->count * sizeof *job->sum);
		for (a = 0; a < 3 && rc == RADIOEMBO_OK && parallel; a++)
			if ((rc = overlaps(job->source, job->out, a, &o[a])) == 1) {
				parallel = 0;
				rc = RADIOEMBO_OK;
			}
		job->overlap = parallel ? o : NULL;
	}
	if (rc == RADIOEMBO_OK)
		radioembo__parallel(job->threads, resample_share, job);
	for (a = 0; a < 3; a++) {
		free(o[a].first);
		free(o[a].weight);
	}
	free(job->sum);
	return rc;
}

int radioembo_volume_resample(const radioembo_volume *source, const radioembo_volume *grid,
			      radioembo_volume_resampling mode, double outside_value,
			      radioembo_volume **resampled_out)
{
	return radioembo_volume_resample_threads(source, grid, mode, outside_value, 1,
						 resampled_out);
}

int radioembo_volume_resample_threads(const radioembo_volume *source, const radioembo_volume *grid,
				      radioembo_volume_resampling mode, double outside_value,
				      size_t threads, radioembo_volume **resampled_out)
{
	struct job job = { source, NULL, mode, outside_value, NULL, NULL, 1 };
	int rc;

	if ((rc = radioembo__require_pointer("source", source)) ||
	    (rc = radioembo__require_pointer("grid", grid)) ||
	    (rc = radioembo__require_pointer("resampled_out", resampled_out)))
		return rc;
	if (mode != RADIOEMBO_VOLUME_RESAMPLE_LINEAR && mode != RADIOEMBO_VOLUME_RESAMPLE_NEAREST &&
	    mode != RADIOEMBO_VOLUME_RESAMPLE_ACTIVITY)
		return radioembo__fail(
			RADIOEMBO_EINVAL, "mode",
			"mode must be LINEAR (0), NEAREST (1) or ACTIVITY (2), got %d", (int)mode);
	if ((rc = radioembo__require_within("outside_value", outside_value, -(double)FLT_MAX,
					    (double)FLT_MAX)) ||
	    (rc = radioembo__require_threads("threads", threads)) ||
	    (rc = radioembo__voxel_require_finite("source", source)) ||
	    (rc = radioembo__voxel_new_like(grid, &job.out)))
		return rc;
	job.threads = threads < job.out->nz ? threads : job.out->nz;
	if ((rc = resample(&job))) {
		radioembo_volume_free(job.out);
		return rc;
	}
	if ((rc = radioembo__voxel_require_representable("resampled_out", job.out)))
		return rc; /* the map is freed */
	*resampled_out = job.out;
	return RADIOEMBO_OK;
}
