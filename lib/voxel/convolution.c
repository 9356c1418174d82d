/*
 * Kernel convolution of an image, by FFT over blocks (convolution_fft.c) or direct summation
 * (radioembo_voxel(3)). Both compute out[v] = sum_o K(o) in[v - o] with in = 0 outside the
 * image; they agree to about 1e-6 of the largest output.
 *
 * Direct: the sum folded by the kernel's symmetry (convolve_direct), vectorized. Threads:
 * the caller's count, per call; the direct sum splits the output planes, the FFT the
 * blocks; every output voxel is computed by the same operations in the same order for any
 * thread count.
 *
 * AUTO picks the smaller estimated time: the direct sum's work units per voxel (a source row
 * added, or a weight applied to a pair of columns: direct_units) times the voxel count
 * times DIRECT_NS, against the FFT's estimate for its blocks (convolution_fft.c). DIRECT_NS
 * is the measured time of a direct unit (one thread, x86-64, gcc -O2, cubes of 64 to 256
 * voxels of 2 mm and 512 x 512 x 320, Y-90 kernels 5^3 .. 15^3, bench/README "Convolution
 * by blocks").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "voxel/voxel_internal.h"

#define DIRECT_NS 0.08

/*
 * The direct sum's work per output voxel: for each kernel row offset (dy, dz) >= 0 with a
 * non-zero weight, its source rows (1, 2 or 4) added, and 1 or 2 operations per non-zero
 * weight w(dx) (convolve_direct).
 */
static double direct_units(const radioembo_kernel *kernel)
{
	const size_t *r = kernel->r, *nk = kernel->n;
	size_t dx, dy, dz;
	double units = 0.0;

	for (dz = 0; dz <= r[2]; dz++)
		for (dy = 0; dy <= r[1]; dy++) {
			double weights = 0.0;

			for (dx = 0; dx <= r[0]; dx++)
				if (kernel->values[(dx + r[0]) +
						   nk[0] * ((dy + r[1]) + nk[1] * (dz + r[2]))] != 0.0)
					weights += dx == 0 ? 1.0 : 2.0;
			if (weights > 0.0)
				units += (dy > 0 ? 2.0 : 1.0) * (dz > 0 ? 2.0 : 1.0) + weights;
		}
	return units;
}

radioembo_convolution radioembo__convolution_choose(const size_t n[3],
						    const radioembo_kernel *kernel)
{
	double voxels = (double)n[0] * (double)n[1] * (double)n[2];
	double direct = DIRECT_NS * voxels * direct_units(kernel);

	return direct <= radioembo__convolution_fft_cost(n, kernel) ? RADIOEMBO_CONVOLUTION_DIRECT
								    : RADIOEMBO_CONVOLUTION_FFT;
}

/*
 * Direct summation folded by the kernel's symmetry. For an output row (y, z) and each
 * kernel row offset (dy, dz) >= 0, the up to four source rows (y +- dy, z +- dz) share
 * the kernel's weights, so they are added first into s; then out[x] += w(0) s[x] +
 * sum_dx>0 w(dx) (s[x - dx] + s[x + dx]): about a quarter of the multiplications of the
 * plain sum, zero weights skipped. s carries r zeros on both sides (no bounds tests) and
 * the rows are processed in blocks of LANES floats with a fixed inner count, which gcc -O2
 * vectorizes (its "very cheap" cost model needs a known trip count). Single-precision
 * accumulators: the terms are all of one sign for an activity >= 0, so the relative
 * rounding error stays below (terms) x 2^-24, well inside the 1e-5 agreement with the FFT.
 */
#define LANES 8

/*
 * acc[x] += w (left[x] + right[x]) and acc[x] += w centre[x] over whole blocks of LANES.
 * gcc -O2 (gcc 12) does not vectorize these loops by itself, so with GNU C they are
 * written on 4-float vectors (SSE2 on x86-64, NEON on arm64), loaded and stored unaligned
 * through memcpy; other compilers get the plain loops.
 */
#if defined(__GNUC__)
typedef float quad __attribute__((vector_size(4 * sizeof(float))));

static void add_pair(float *acc, const float *left, const float *right, float w,
		     size_t blocks)
{
	quad weight = { w, w, w, w }, a, l, r;
	size_t i;

	for (i = 0; i < blocks * (LANES / 4); i++) {
		memcpy(&a, acc + 4 * i, sizeof a);
		memcpy(&l, left + 4 * i, sizeof l);
		memcpy(&r, right + 4 * i, sizeof r);
		a += weight * (l + r);
		memcpy(acc + 4 * i, &a, sizeof a);
	}
}

static void add_one(float *acc, const float *centre, float w, size_t blocks)
{
	quad weight = { w, w, w, w }, a, c;
	size_t i;

	for (i = 0; i < blocks * (LANES / 4); i++) {
		memcpy(&a, acc + 4 * i, sizeof a);
		memcpy(&c, centre + 4 * i, sizeof c);
		a += weight * c;
		memcpy(acc + 4 * i, &a, sizeof a);
	}
}
#else
static void add_pair(float *acc, const float *left, const float *right, float w,
		     size_t blocks)
{
	size_t x;

	for (x = 0; x < blocks * LANES; x++)
		acc[x] += w * (left[x] + right[x]);
}

static void add_one(float *acc, const float *centre, float w, size_t blocks)
{
	size_t x;

	for (x = 0; x < blocks * LANES; x++)
		acc[x] += w * centre[x];
}
#endif

/* sum[x] += row[x], x < n: 4 floats at a time where GNU C vectors exist (gcc -O2 leaves the
 * plain loop scalar, and it was the direct sum's hottest loop), the rest one by one. */
static void add_row(float *restrict sum, const float *restrict row, size_t n)
{
	size_t x = 0;

#if defined(__GNUC__)
	for (; x + 4 <= n; x += 4) {
		quad a, b;

		memcpy(&a, sum + x, sizeof a);
		memcpy(&b, row + x, sizeof b);
		a += b;
		memcpy(sum + x, &a, sizeof a);
	}
#endif
	for (; x < n; x++)
		sum[x] += row[x];
}

/* The direct sum over a share of the output planes, each share with its own rows. */
struct direct_job {
	const float *in, *w; /* w: the kernel's octant */
	const size_t *n;
	const radioembo_kernel *kernel;
	float *out, *rows; /* per share: s (padded + 2 r0 floats), then acc (padded) */
	size_t padded, row_floats, threads; /* row_floats: padded + 2 r0, to 16 floats */
};

static void direct_share(void *context, size_t share)
{
	const struct direct_job *job = context;
	const size_t *r = job->kernel->r, *n = job->n;
	const float *in = job->in;
	size_t padded = job->padded, groups = (r[1] + 1) * (r[2] + 1);
	float *s = job->rows + share * 2 * job->row_floats, *acc = s + job->row_floats;
	size_t y, z, z_end, dx, dy, dz, g;

	radioembo__share_range(n[2], job->threads, share, &z, &z_end);
	for (; z < z_end; z++)
		for (y = 0; y < n[1]; y++) {
			memset(acc, 0, padded * sizeof *acc);
			for (g = 0; g < groups; g++) {
				const float *weight = job->w + g * (r[0] + 1), *rows[4];
				size_t count = 0, k, zs[2], ys[2], nz = 0, ny = 0, a, b;
				float *centre = s + r[0];

				dy = g % (r[1] + 1);
				dz = g / (r[1] + 1);
				for (dx = 0; dx <= r[0] && weight[dx] == 0.0f; dx++)
					;
				if (dx > r[0])
					continue; /* a row of zero weights */
				if (z >= dz)
					zs[nz++] = z - dz;
				if (dz > 0 && z + dz < n[2])
					zs[nz++] = z + dz;
				if (y >= dy)
					ys[ny++] = y - dy;
				if (dy > 0 && y + dy < n[1])
					ys[ny++] = y + dy;
				for (a = 0; a < nz; a++)
					for (b = 0; b < ny; b++)
						rows[count++] = in + n[0] * (ys[b] + n[1] * zs[a]);
				if (count == 0)
					continue;
				memset(s, 0, (padded + 2 * r[0]) * sizeof *s);
				memcpy(centre, rows[0], n[0] * sizeof *s);
				for (k = 1; k < count; k++)
					add_row(centre, rows[k], n[0]);
				if (weight[0] != 0.0f)
					add_one(acc, centre, weight[0], padded / LANES);
				for (dx = 1; dx <= r[0]; dx++)
					if (weight[dx] != 0.0f)
						add_pair(acc, centre - dx, centre + dx, weight[dx],
							 padded / LANES);
			}
			memcpy(job->out + n[0] * (y + n[1] * z), acc, n[0] * sizeof *job->out);
		}
}

/*
 * Split by output planes: each output voxel is summed by one share in the same order as by
 * one thread, so the result does not depend on the thread count. The buffers are all
 * allocated here, so that a failure is reported on the calling thread.
 */
static int convolve_direct(const float *in, const size_t n[3], const radioembo_kernel *kernel,
			   size_t threads, float *out)
{
	const size_t *r = kernel->r, *nk = kernel->n;
	size_t padded = (n[0] + LANES - 1) / LANES * LANES, groups = (r[1] + 1) * (r[2] + 1);
	size_t dx, dy, dz;
	struct direct_job job;
	float *w, *rows;
	/* whole cache lines per row, so that no two rows (or threads) share one */
	size_t row_floats = (padded + 2 * r[0] + 15) / 16 * 16;

	if (threads > n[2])
		threads = n[2];
	if ((double)threads * 2.0 * (double)row_floats > (double)(SIZE_MAX / sizeof *rows))
		return radioembo__fail(RADIOEMBO_ENOMEM, NULL, "convolution rows are too long");
	rows = radioembo__allocate(threads * 2 * row_floats * sizeof *rows, "convolution rows");
	w = radioembo__allocate(groups * (r[0] + 1) * sizeof *w, "a convolution row");
	if (rows == NULL || w == NULL) {
		free(rows);
		free(w);
		return RADIOEMBO_ENOMEM;
	}
	/* the kernel's octant, w[(dy + (r1 + 1) dz) (r0 + 1) + dx] = K(dx, dy, dz) */
	for (dz = 0; dz <= r[2]; dz++)
		for (dy = 0; dy <= r[1]; dy++)
			for (dx = 0; dx <= r[0]; dx++)
				w[(dy + (r[1] + 1) * dz) * (r[0] + 1) + dx] =
					(float)kernel->values[(dx + r[0]) +
							      nk[0] * ((dy + r[1]) +
								       nk[1] * (dz + r[2]))];
	job.in = in;
	job.w = w;
	job.n = n;
	job.kernel = kernel;
	job.out = out;
	job.rows = rows;
	job.padded = padded;
	job.row_floats = row_floats;
	job.threads = threads;
	radioembo__parallel(threads, direct_share, &job);
	free(rows);
	free(w);
	return RADIOEMBO_OK;
}

int radioembo__convolve(const float *in, const size_t n[3], const radioembo_kernel *kernel,
			radioembo_convolution method, size_t threads, float *out)
{
	if (method == RADIOEMBO_CONVOLUTION_DIRECT)
		return convolve_direct(in, n, kernel, threads, out);
	return radioembo__convolve_fft(in, n, kernel, NULL, threads, out);
}
