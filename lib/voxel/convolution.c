/*
 * Kernel convolution of an image, by FFT (FFTW 3, single precision) or direct summation
 * (radioembo_voxel(3)). Both compute out[v] = sum_o K(o) in[v - o] with in = 0 outside the
 * image; they agree to about 1e-6 of the largest output.
 *
 * FFT: the image is zero-padded to L_d >= n_d + r_d per axis (fft_size: a length FFTW
 * transforms fast, by a measured cost, avoiding large powers of two), which is enough for the
 * circular convolution to equal the linear one on the image: a shifted voxel that wraps
 * around lands in the padding. The kernel is symmetric under every sign flip, so its
 * spectrum is real and even in every axis: it is computed directly as a sum of cosine
 * products on the octant f_d <= L_d/2 (kernel_spectrum, no transform of the kernel) and
 * kept as (L_x/2+1)(L_y/2+1)(L_z/2+1) floats. The image is transformed in place (r2c),
 * multiplied by the mirrored octant, and transformed back (c2r): two transforms, one
 * buffer of L_z L_y 2(L_x/2 + 1) floats, plans made with FFTW_ESTIMATE (no measurement,
 * no wisdom files, deterministic; FFTW_MEASURE took 1 s to plan a 128^3 and 5.5 s a 264^3
 * transform for gains under 10 % at 264^3, bench/README). Peak memory of a 256^3 image with
 * an 11^3 kernel: 76 MB buffer + 10 MB spectrum, besides the input and output volumes
 * (67 MB each).
 *
 * Threads: the caller's count, per call. The direct sum splits the output planes; the FFT
 * path splits the padding, the product with the spectrum and the copy-out by planes, and
 * FFTW (libfftw3f_threads) runs the transforms on that many threads. Every output voxel is
 * computed by the same operations in the same order for any thread count, except inside
 * FFTW's threaded transforms, which split the same butterflies over threads: the results
 * agree to the last bit in the tests (tests/unit/test_voxel.c), which FFTW does not promise.
 *
 * FFTW's planner is not thread-safe (FFTW 3 manual, "Thread safety": only fftw_execute is).
 * Plans are made and destroyed under a mutex of this file, and the library calls
 * fftwf_make_planner_thread_safe() (FFTW >= 3.3.5) once, so that a host making its own FFTW
 * plans on other threads does not race with the library's (plan_pair).
 *
 * Direct: the sum folded by the kernel's symmetry (convolve_direct), vectorized.
 *
 * AUTO picks the smaller estimated cost: the direct sum's work units per voxel (a source
 * row added, or a weight applied to a pair of columns: direct_units) times the voxel count
 * times DIRECT_COST, against the two real transforms of the padded size M, 2 x 2.5 M log2 M
 * flops. DIRECT_COST is the measured time of a direct unit over that of an FFT flop so
 * counted (one thread, x86-64, gcc -O2, cubes of 64, 128 and 256 voxels of 2 mm, Y-90
 * kernels 5^3 .. 15^3, bench/README "Direct sum or FFT"): 0.54 .. 0.87, median 0.75.
 * The direct sum won up to 7^3 (a tie at 128^3), the FFT from 9^3, at every size. The
 * model takes the direct sum while DIRECT_COST <= (FFT flops) / (direct units x voxels),
 * a ratio of 0.76-0.86 for the 7^3 kernel and 0.43-0.49 for 9^3 at these sizes, so 0.75
 * chooses as measured (1.5, measured before the direct sum was vectorized, sent 7^3 to
 * the FFT).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <fftw3.h>

#include "voxel/voxel_internal.h"

#define DIRECT_COST 0.75
#define PI 3.14159265358979323846

static pthread_mutex_t planner_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * Whether m is a length FFTW transforms fast: even, 2^a 3^b 5^c 7^d 11^e 13^f with
 * e + f <= 1 (the sizes FFTW's codelets cover, FFTW manual "Real-data DFTs"), and not a
 * power of two above 128, whose 3-D transforms alias in the cache. Stores in *smooth
 * whether m is 2^a 3^b only.
 */
static int fast_length(size_t m, int *smooth)
{
	size_t k = m, large = 0;

	if (m % 2 != 0 || (m > 128 && (m & (m - 1)) == 0))
		return 0;
	while (k % 2 == 0)
		k /= 2;
	while (k % 3 == 0)
		k /= 3;
	*smooth = k == 1;
	while (k % 5 == 0)
		k /= 5;
	while (k % 7 == 0)
		k /= 7;
	while (k % 11 == 0)
		k /= 11, large++;
	while (k % 13 == 0)
		k /= 13, large++;
	return k == 1 && large <= 1;
}

/*
 * The FFT length for at least n points: of the fast lengths within n .. 1.25 n, the one of
 * least estimated cost m^3 w, w = 1 for 2^a 3^b and 1.25 for the others. Measured with
 * FFTW_ESTIMATE single precision, a forward + backward 3-D pair took (s, best of runs,
 * bench/README): 144^3 0.031, 132^3 0.038, 130^3 0.030, 140^3 0.049;
 * 264^3 0.23, 260^3 0.28, 270^3 0.34, 288^3 0.25, and 256^3 0.58.
 */
static size_t fft_size(size_t n)
{
	size_t m, best = 0, last = n + n / 4 + 2;
	double best_cost = 0.0;

	for (m = n < 4 ? 4 : n; m <= last || best == 0; m++) {
		int smooth = 0;
		double cost;

		if (!fast_length(m, &smooth))
			continue;
		cost = (double)m * (double)m * (double)m * (smooth ? 1.0 : 1.25);
		if (best == 0 || cost < best_cost) {
			best = m;
			best_cost = cost;
		}
	}
	return best;
}

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
	double voxels = (double)n[0] * (double)n[1] * (double)n[2], padded = 1.0, direct, fft;
	size_t d;

	for (d = 0; d < 3; d++)
		padded *= (double)fft_size(n[d] + kernel->r[d]);
	direct = DIRECT_COST * voxels * direct_units(kernel);
	fft = 2.0 * 2.5 * padded * log2(padded);
	return direct <= fft ? RADIOEMBO_CONVOLUTION_DIRECT : RADIOEMBO_CONVOLUTION_FFT;
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

/*
 * 2 cos(2 pi f x / L) for f = 0 .. L/2 and x = 0 .. r (1 for x = 0): the weight of the
 * kernel values at +x and -x in the real spectrum, (r + 1) per frequency.
 */
static double *cosine_table(size_t L, size_t r)
{
	size_t h = L / 2 + 1, f, x;
	double *c = radioembo__allocate(h * (r + 1) * sizeof *c, "a kernel spectrum");

	if (c == NULL)
		return NULL;
	for (f = 0; f < h; f++)
		for (x = 0; x <= r; x++)
			c[f * (r + 1) + x] =
				x == 0 ? 1.0 : 2.0 * cos(2.0 * PI * (double)((f * x) % L) / (double)L);
	return c;
}

/*
 * The kernel's spectrum, scaled by norm, on the non-redundant octant of frequencies
 * (f_d = 0 .. L_d/2): the kernel is even in every axis, so its DFT is real, even in every
 * axis, and a sum of products of cosines,
 *   K^(f) = sum_{x, y, z >= 0} K(x, y, z) c_x(f_x, x) c_y(f_y, y) c_z(f_z, z),
 * done axis by axis (no transform of a padded kernel: one FFT less per dose map, and an
 * array of an eighth of the padded size instead of half). Computed in double.
 */
static float *kernel_spectrum(const radioembo_kernel *kernel, const size_t L[3], double norm)
{
	const size_t *r = kernel->r, *nk = kernel->n;
	size_t h[3], d, x, y, z, fx, fy, fz;
	double *c[3] = { NULL, NULL, NULL }, *a = NULL, *b = NULL;
	float *spectrum = NULL;

	for (d = 0; d < 3; d++) {
		h[d] = L[d] / 2 + 1;
		if ((c[d] = cosine_table(L[d], r[d])) == NULL)
			goto done;
	}
	/* a[fx][y][z] = sum_x K(x, y, z) c_x(fx, x); b[fx][fy][z] = sum_y a c_y(fy, y) */
	if ((a = radioembo__allocate(h[0] * (r[1] + 1) * (r[2] + 1) * sizeof *a,
				     "a kernel spectrum")) == NULL ||
	    (b = radioembo__allocate(h[0] * h[1] * (r[2] + 1) * sizeof *b,
				     "a kernel spectrum")) == NULL ||
	    (spectrum = radioembo__allocate(h[0] * h[1] * h[2] * sizeof *spectrum,
					    "a kernel spectrum")) == NULL)
		goto done;
	for (fx = 0; fx < h[0]; fx++)
		for (z = 0; z <= r[2]; z++)
			for (y = 0; y <= r[1]; y++) {
				double sum = 0.0;

				for (x = 0; x <= r[0]; x++)
					sum += kernel->values[(x + r[0]) +
							      nk[0] * ((y + r[1]) + nk[1] * (z + r[2]))] *
					       c[0][fx * (r[0] + 1) + x];
				a[fx + h[0] * (y + (r[1] + 1) * z)] = sum;
			}
	for (z = 0; z <= r[2]; z++)
		for (fy = 0; fy < h[1]; fy++)
			for (fx = 0; fx < h[0]; fx++) {
				double sum = 0.0;

				for (y = 0; y <= r[1]; y++)
					sum += a[fx + h[0] * (y + (r[1] + 1) * z)] *
					       c[1][fy * (r[1] + 1) + y];
				b[fx + h[0] * (fy + h[1] * z)] = sum;
			}
	for (fz = 0; fz < h[2]; fz++)
		for (fy = 0; fy < h[1]; fy++)
			for (fx = 0; fx < h[0]; fx++) {
				double sum = 0.0;

				for (z = 0; z <= r[2]; z++)
					sum += b[fx + h[0] * (fy + h[1] * z)] *
					       c[2][fz * (r[2] + 1) + z];
				spectrum[fx + h[0] * (fy + h[1] * fz)] = (float)(sum * norm);
			}
done:
	for (d = 0; d < 3; d++)
		free(c[d]);
	free(a);
	free(b);
	return spectrum;
}

/*
 * FFTW's thread support: set up once, under the planner lock (fftwf_init_threads and
 * fftwf_make_planner_thread_safe configure FFTW's own process-wide planner, which every
 * user of libfftw3f in the process shares; both only add abilities, they change no
 * transform). A plan is made for the caller's thread count, and FFTW's planner thread count
 * is put back to what it was, so that a host planning its own transforms sees its setting.
 * Without thread support (fftwf_init_threads failing) every plan runs on one thread.
 */
static int fftw_threads_state; /* 0 not tried, 1 ready, -1 unavailable; under the lock */

static void plan_pair(const size_t L[3], float *buffer, size_t threads, fftwf_plan *forward,
		      fftwf_plan *backward)
{
	fftwf_complex *freq = (fftwf_complex *)buffer;
	int previous = 1;

	pthread_mutex_lock(&planner_lock);
	if (fftw_threads_state == 0) {
		fftw_threads_state = fftwf_init_threads() ? 1 : -1;
		if (fftw_threads_state == 1)
			fftwf_make_planner_thread_safe();
	}
	if (fftw_threads_state == 1) {
		previous = fftwf_planner_nthreads();
		fftwf_plan_with_nthreads((int)threads);
	}
	*forward =
		fftwf_plan_dft_r2c_3d((int)L[2], (int)L[1], (int)L[0], buffer, freq, FFTW_ESTIMATE);
	*backward =
		fftwf_plan_dft_c2r_3d((int)L[2], (int)L[1], (int)L[0], freq, buffer, FFTW_ESTIMATE);
	if (fftw_threads_state == 1)
		fftwf_plan_with_nthreads(previous);
	pthread_mutex_unlock(&planner_lock);
}

static void destroy_pair(fftwf_plan forward, fftwf_plan backward)
{
	pthread_mutex_lock(&planner_lock);
	if (forward != NULL)
		fftwf_destroy_plan(forward);
	if (backward != NULL)
		fftwf_destroy_plan(backward);
	pthread_mutex_unlock(&planner_lock);
}

/* The steps of the FFT path around the transforms, split by planes of the padded buffer. */
struct fft_job {
	const float *in, *spectrum;
	const size_t *n, *L, *h;
	float *buffer, *out;
	size_t stride, threads;
	float least[RADIOEMBO__THREADS_MAX]; /* per share: its least input value, or 0 */
};

/* the image, zero-padded (only the padding is cleared), noting whether it is >= 0 */
static void pad_share(void *context, size_t share)
{
	struct fft_job *job = context;
	const size_t *n = job->n, *L = job->L, stride = job->stride;
	size_t x, y, z, z_end;
	float least = 0.0f;

	radioembo__share_range(L[2], job->threads, share, &z, &z_end);
	for (; z < z_end; z++)
		for (y = 0; y < L[1]; y++) {
			float *row = job->buffer + stride * (y + L[1] * z);

			if (z < n[2] && y < n[1]) {
				const float *source = job->in + n[0] * (y + n[1] * z);

				for (x = 0; x < n[0]; x++) {
					row[x] = source[x];
					least = source[x] < least ? source[x] : least;
				}
				memset(row + n[0], 0, (stride - n[0]) * sizeof *row);
			} else {
				memset(row, 0, stride * sizeof *row);
			}
		}
	job->least[share] = least;
}

/* multiply by the real spectrum, mirrored from its octant: f and L - f share it */
static void multiply_share(void *context, size_t share)
{
	struct fft_job *job = context;
	const size_t *L = job->L, *h = job->h;
	size_t x, y, z, z_end;

	radioembo__share_range(L[2], job->threads, share, &z, &z_end);
	for (; z < z_end; z++) {
		size_t fz = z < h[2] ? z : L[2] - z;

		for (y = 0; y < L[1]; y++) {
			size_t fy = y < h[1] ? y : L[1] - y;
			const float *k = job->spectrum + h[0] * (fy + h[1] * fz);
			float *f = job->buffer + job->stride * (y + L[1] * z);

			for (x = 0; x < h[0]; x++) {
				f[2 * x] *= k[x];
				f[2 * x + 1] *= k[x];
			}
		}
	}
}

/*
 * The image's part of the result; the kernel is >= 0, so a non-negative image convolves to
 * a non-negative result: values below 0 are single-precision FFT rounding (about 1e-7 of
 * the maximum) and would make a dose map that DVHs rightly refuse.
 */
static void copy_share(void *context, size_t share)
{
	struct fft_job *job = context;
	const size_t *n = job->n, *L = job->L;
	int clamp = job->least[0] >= 0.0f;
	size_t x, y, z, z_end;

	radioembo__share_range(n[2], job->threads, share, &z, &z_end);
	for (; z < z_end; z++)
		for (y = 0; y < n[1]; y++) {
			float *row = job->out + n[0] * (y + n[1] * z);

			memcpy(row, job->buffer + job->stride * (y + L[1] * z), n[0] * sizeof *row);
			for (x = 0; clamp && x < n[0]; x++)
				if (row[x] < 0.0f)
					row[x] = 0.0f;
		}
}

static int convolve_fft(const float *in, const size_t n[3], const radioembo_kernel *kernel,
			size_t threads, float *out)
{
	size_t L[3], h[3], d, i, complex_count, total;
	float *buffer, *spectrum;
	fftwf_plan forward, backward;
	struct fft_job *job;

	for (d = 0; d < 3; d++) {
		L[d] = fft_size(n[d] + kernel->r[d]);
		h[d] = L[d] / 2 + 1;
		if (L[d] > (size_t)INT32_MAX)
			return radioembo__fail(RADIOEMBO_ENOMEM, NULL,
					       "an FFT of %zu points per axis is "
					       "too large",
					       L[d]);
	}
	if ((double)L[0] * (double)L[1] * (double)L[2] > (double)(SIZE_MAX / 16))
		return radioembo__fail(RADIOEMBO_ENOMEM, NULL,
				       "an FFT of %zu x %zu x %zu points is too "
				       "large",
				       L[0], L[1], L[2]);
	complex_count = L[2] * L[1] * h[0];
	total = L[0] * L[1] * L[2];
	if ((job = radioembo__allocate(sizeof *job, "a convolution")) == NULL)
		return RADIOEMBO_ENOMEM;
	if ((spectrum = kernel_spectrum(kernel, L, 1.0 / (double)total)) == NULL) {
		free(job);
		return RADIOEMBO_ENOMEM;
	}
	if ((buffer = fftwf_malloc(2 * complex_count * sizeof *buffer)) == NULL) {
		free(spectrum);
		free(job);
		return radioembo__fail(RADIOEMBO_ENOMEM, NULL,
				       "out of memory allocating an FFT buffer (%zu bytes)",
				       2 * complex_count * sizeof *buffer);
	}
	radioembo__advise_huge_pages(buffer, 2 * complex_count * sizeof *buffer);
	plan_pair(L, buffer, threads, &forward, &backward);
	if (forward == NULL || backward == NULL) {
		destroy_pair(forward, backward);
		free(spectrum);
		fftwf_free(buffer);
		free(job);
		return radioembo__fail(RADIOEMBO_EINTERNAL, NULL,
				       "FFTW could not plan a %zu x %zu x %zu "
				       "transform",
				       L[0], L[1], L[2]);
	}
	job->in = in;
	job->spectrum = spectrum;
	job->n = n;
	job->L = L;
	job->h = h;
	job->buffer = buffer;
	job->out = out;
	job->stride = 2 * h[0]; /* padded real row of the in-place r2c layout */
	job->threads = threads < n[2] ? threads : n[2];
	radioembo__parallel(job->threads, pad_share, job);
	for (i = 1; i < job->threads; i++)
		job->least[0] = job->least[i] < job->least[0] ? job->least[i] : job->least[0];
	fftwf_execute(forward);
	radioembo__parallel(job->threads, multiply_share, job);
	fftwf_execute(backward);
	radioembo__parallel(job->threads, copy_share, job);
	destroy_pair(forward, backward);
	free(spectrum);
	fftwf_free(buffer);
	free(job);
	return RADIOEMBO_OK;
}

int radioembo__convolve(const float *in, const size_t n[3], const radioembo_kernel *kernel,
			radioembo_convolution method, size_t threads, float *out)
{
	if (method == RADIOEMBO_CONVOLUTION_DIRECT)
		return convolve_direct(in, n, kernel, threads, out);
	return convolve_fft(in, n, kernel, threads, out);
}
