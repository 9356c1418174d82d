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
 * FFTW's planner is not thread-safe (FFTW 3 manual, "Thread safety": only fftw_execute is).
 * Plans are made and destroyed under a mutex of this file, so concurrent calls of the
 * library are safe; a host that also makes FFTW plans on other threads must serialise them
 * with the library's calls, or call fftwf_make_planner_thread_safe() itself (FFTW >= 3.3.5,
 * libfftw3f_threads). The library does not call it: it would change process-wide state.
 *
 * Direct: the sum folded by the kernel's symmetry (convolve_direct), vectorized.
 *
 * AUTO picks the smaller estimated cost: the direct sum's work units per voxel (a source
 * row added, or a weight applied to a pair of columns: direct_units) times the voxel count
 * times DIRECT_COST, against the two real transforms of the padded size M, 2 x 2.5 M log2 M
 * flops. DIRECT_COST = 1.5 was measured with `make bench` (x86-64, gcc -O2, 128^3
 * images, 5^3 and 11^3 Y-90 kernels at 2 mm): about 0.23 ns per direct unit against
 * 0.15 ns per FFT flop so counted. Near the crossover the two are within a factor 1.5.
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

#define DIRECT_COST 1.5
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

static void add_row(float *restrict sum, const float *restrict row, size_t n)
{
	size_t x;

	for (x = 0; x < n; x++)
		sum[x] += row[x];
}

static int convolve_direct(const float *in, const size_t n[3], const radioembo_kernel *kernel,
			   float *out)
{
	const size_t *r = kernel->r, *nk = kernel->n;
	size_t padded = (n[0] + LANES - 1) / LANES * LANES, groups = (r[1] + 1) * (r[2] + 1);
	size_t y, z, dx, dy, dz, g;
	float *s = radioembo__allocate((padded + 2 * r[0]) * sizeof *s, "a convolution row");
	float *acc = radioembo__allocate(padded * sizeof *acc, "a convolution row");
	float *w = radioembo__allocate(groups * (r[0] + 1) * sizeof *w, "a convolution row");

	if (s == NULL || acc == NULL || w == NULL) {
		free(s);
		free(acc);
		free(w);
		return RADIOEMBO_ENOMEM;
	}
	/* the kernel's octant, w[(dy + (r1 + 1) dz) (r0 + 1) + dx] = K(dx, dy, dz) */
	for (dz = 0; dz <= r[2]; dz++)
		for (dy = 0; dy <= r[1]; dy++)
			for (dx = 0; dx <= r[0]; dx++)
				w[(dy + (r[1] + 1) * dz) * (r[0] + 1) + dx] =
					(float)kernel->values[(dx + r[0]) +
							      nk[0] * ((dy + r[1]) + nk[1] * (dz + r[2]))];
	for (z = 0; z < n[2]; z++)
		for (y = 0; y < n[1]; y++) {
			memset(acc, 0, padded * sizeof *acc);
			for (g = 0; g < groups; g++) {
				const float *weight = w + g * (r[0] + 1), *rows[4];
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
			memcpy(out + n[0] * (y + n[1] * z), acc, n[0] * sizeof *out);
		}
	free(s);
	free(acc);
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

static int convolve_fft(const float *in, const size_t n[3], const radioembo_kernel *kernel,
			float *out)
{
	size_t L[3], h[3], d, x, y, z, stride, complex_count, total;
	float *buffer, *spectrum;
	fftwf_complex *freq;
	fftwf_plan forward, backward;
	float least = 0.0f;
	int nonnegative_input;

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
	stride = 2 * h[0]; /* padded real row of the in-place r2c layout */
	complex_count = L[2] * L[1] * h[0];
	total = L[0] * L[1] * L[2];
	if ((spectrum = kernel_spectrum(kernel, L, 1.0 / (double)total)) == NULL)
		return RADIOEMBO_ENOMEM;
	if ((buffer = fftwf_malloc(2 * complex_count * sizeof *buffer)) == NULL) {
		free(spectrum);
		return radioembo__fail(RADIOEMBO_ENOMEM, NULL,
				       "out of memory allocating an FFT buffer (%zu bytes)",
				       2 * complex_count * sizeof *buffer);
	}
	radioembo__advise_huge_pages(buffer, 2 * complex_count * sizeof *buffer);
	freq = (fftwf_complex *)buffer;
	pthread_mutex_lock(&planner_lock);
	forward = fftwf_plan_dft_r2c_3d((int)L[2], (int)L[1], (int)L[0], buffer, freq,
					FFTW_ESTIMATE);
	backward = fftwf_plan_dft_c2r_3d((int)L[2], (int)L[1], (int)L[0], freq, buffer,
					 FFTW_ESTIMATE);
	pthread_mutex_unlock(&planner_lock);
	if (forward == NULL || backward == NULL) {
		pthread_mutex_lock(&planner_lock);
		if (forward != NULL)
			fftwf_destroy_plan(forward);
		if (backward != NULL)
			fftwf_destroy_plan(backward);
		pthread_mutex_unlock(&planner_lock);
		free(spectrum);
		fftwf_free(buffer);
		return radioembo__fail(RADIOEMBO_EINTERNAL, NULL,
				       "FFTW could not plan a %zu x %zu x %zu "
				       "transform",
				       L[0], L[1], L[2]);
	}

	/* the image, zero-padded (only the padding is cleared), noting whether it is >= 0 */
	for (z = 0; z < L[2]; z++)
		for (y = 0; y < L[1]; y++) {
			float *row = buffer + stride * (y + L[1] * z);

			if (z < n[2] && y < n[1]) {
				const float *source = in + n[0] * (y + n[1] * z);

				for (x = 0; x < n[0]; x++) {
					row[x] = source[x];
					least = source[x] < least ? source[x] : least;
				}
				memset(row + n[0], 0, (stride - n[0]) * sizeof *row);
			} else {
				memset(row, 0, stride * sizeof *row);
			}
		}
	nonnegative_input = least >= 0.0f;
	fftwf_execute(forward);
	/* multiply by the real spectrum, mirrored from its octant: f and L - f share it */
	for (z = 0; z < L[2]; z++) {
		size_t fz = z < h[2] ? z : L[2] - z;

		for (y = 0; y < L[1]; y++) {
			size_t fy = y < h[1] ? y : L[1] - y;
			const float *k = spectrum + h[0] * (fy + h[1] * fz);
			float *f = buffer + stride * (y + L[1] * z);

			for (x = 0; x < h[0]; x++) {
				f[2 * x] *= k[x];
				f[2 * x + 1] *= k[x];
			}
		}
	}
	fftwf_execute(backward);
	for (z = 0; z < n[2]; z++)
		for (y = 0; y < n[1]; y++)
			memcpy(out + n[0] * (y + n[1] * z), buffer + stride * (y + L[1] * z),
			       n[0] * sizeof *out);
	/*
	 * The kernel is >= 0, so a non-negative image convolves to a non-negative result:
	 * values below 0 are single-precision FFT rounding (about 1e-7 of the maximum) and
	 * would make a dose map that DVHs rightly refuse.
	 */
	if (nonnegative_input)
		for (x = 0; x < n[0] * n[1] * n[2]; x++)
			if (out[x] < 0.0f)
				out[x] = 0.0f;

	pthread_mutex_lock(&planner_lock);
	fftwf_destroy_plan(forward);
	fftwf_destroy_plan(backward);
	pthread_mutex_unlock(&planner_lock);
	free(spectrum);
	fftwf_free(buffer);
	return RADIOEMBO_OK;
}

int radioembo__convolve(const float *in, const size_t n[3], const radioembo_kernel *kernel,
			radioembo_convolution method, float *out)
{
	if (method == RADIOEMBO_CONVOLUTION_DIRECT)
		return convolve_direct(in, n, kernel, out);
	return convolve_fft(in, n, kernel, out);
}
