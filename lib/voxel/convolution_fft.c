/*
 * Kernel convolution by FFT over blocks (overlap-save; FFTW 3, single precision), for
 * lib/voxel/convolution.c. out[v] = sum_o K(o) in[v - o] with in = 0 outside the image.
 *
 * The output grid is cut into blocks of B_d = L_d - 2 r_d voxels per axis (the last block of
 * an axis keeps the rest). A block's input, its outputs widened by the kernel radius r_d on
 * each side (zeros outside the image), is transformed in a buffer of L_d points per axis,
 * multiplied by the kernel's spectrum and transformed back; the circular convolution equals
 * the linear one on the block's outputs (positions r_d .. r_d + B_d - 1: no term wraps
 * around; one block holds a whole axis from n_d + r_d points, cut_axis). L_d is a power of
 * two and the last block of an axis may take a smaller one (the rest plus 2 r_d), so there
 * are at most 8 block shapes, each with its plans (made once per call, FFTW_ESTIMATE; the
 * inverse pruned to the outputs, struct shape) and its kernel spectrum.
 *
 * Why blocks (bench/README "Convolution by blocks"): one transform of the whole padded
 * volume spends its time outside the caches (FFTW's strided passes over a 74 MB buffer at
 * 256^3, 15 ns a point), while a 64^3 block's pair of transforms stays in L2 (3 ns a
 * point); the blocks' overlap of 2 r_d per axis costs less than that. No volume-sized
 * buffer either: the memory is the input, the output and one block buffer per thread.
 *
 * The lengths are chosen by a time measured on x86-64 with FFTW_ESTIMATE (block_cost), over
 * the powers of two per axis (choose_blocks). FFTW_ESTIMATE plans only power-of-two lengths
 * well: a pair of 96^3 transforms took 9.5 ns a point, 48^3 5.1 ns, 64^3 and 128^3 3.1-4.3
 * ns (FFTW_MEASURE closes that gap but plans for 0.2-0.6 s a shape and picks by timing, so
 * results would change from run to run).
 *
 * The kernel is symmetric under every sign flip, so its spectrum is real and even in every
 * axis: it is computed directly as a sum of cosine products on the octant f_d <= L_d/2
 * (kernel_spectrum, no transform of the kernel), in double, and kept as floats.
 *
 * Threads: each takes the next block nobody has taken (a shared counter) into a buffer of its
 * own, so that a thread that starts late, is interrupted or gets cheaper edge blocks does not
 * leave the others waiting at the end, as shares fixed in advance did. Every block is
 * computed by the same single-threaded plans whoever takes it, so the result does not
 * depend on the thread count, bit for bit. The clamp of rounding negatives to 0 is decided
 * per block, from the block's own input (all of each output's support).
 *
 * FFTW's planner is not thread-safe (FFTW 3 manual, "Thread safety": only the execute
 * functions are). Plans are made and destroyed under a mutex of this file, and the library
 * calls fftwf_make_planner_thread_safe() (FFTW >= 3.3.5) once, so that a host making its
 * own FFTW plans on other threads does not race with the library's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <fftw3.h>

#include "voxel/voxel_internal.h"

#define PI 3.14159265358979323846
#define SHAPES 8
#define LEAST_LENGTH 8
#define LARGEST_LENGTH ((size_t)1 << 30) /* FFTW takes int lengths */

static pthread_mutex_t planner_lock = PTHREAD_MUTEX_INITIALIZER;

/* One axis cut into blocks: count blocks, all but the last of B = L - 2 r outputs. */
struct axis_blocks {
	size_t L, B, count, last_L, last_B;
};

/* the least power of two >= m, at least LEAST_LENGTH; 0 beyond LARGEST_LENGTH */
static size_t power_of_two(size_t m)
{
	size_t p = LEAST_LENGTH;

	while (p < m && p < LARGEST_LENGTH)
		p *= 2;
	return p >= m ? p : 0;
}

/*
 * n outputs, radius r, blocks of L points. One block holds the axis when L >= n + r: its
 * image sits at positions r .. r + n - 1 with zeros around it, and a term that wraps around
 * the circle lands in the r zeros before it (it comes from at most r past the image's end).
 * Otherwise L > 2 r and the blocks give B = L - 2 r outputs each, the last the rest, with
 * the least length that holds the rest and both margins (its left margin holds image).
 */
static struct axis_blocks cut_axis(size_t n, size_t r, size_t L)
{
	struct axis_blocks a;

	a.L = L;
	if (L >= n + r) {
		a.B = a.last_B = n;
		a.count = 1;
		a.last_L = L;
		return a;
	}
	a.B = L - 2 * r;
	a.count = (n + a.B - 1) / a.B;
	a.last_B = n - (a.count - 1) * a.B;
	a.last_L = power_of_two(a.last_B + 2 * r);
	return a;
}

/*
 * Estimated nanoseconds for one block of Lx x Ly x Lz points with count[d] outputs per
 * axis. The pair of whole 3-D transforms costs per point (measured with FFTW_ESTIMATE,
 * single thread, x86-64, best of 5 per shape, fitted within 4 % on average: bench/README
 * "Convolution by blocks") row_ns by the row length Lx = 8 .. 256 (FFTW plans 256 better
 * than 128), plus COLUMN_NS and PLANE_NS per doubling of Ly and Lz from 8, plus BEYOND_NS
 * per doubling past the lengths measured; the pruned inverse (struct shape) counts as its
 * share of three equal passes. The block's filling, product with the spectrum and
 * copy-out cost POINT_NS a point and ROW_NS_FIXED a row (short rows read the image in
 * short pieces).
 */
static const double row_ns[] = { 1.64, 1.91, 2.08, 2.48, 2.89, 2.41 };
#define COLUMN_NS 0.157
#define PLANE_NS 0.078
#define BEYOND_NS 0.4
#define POINT_NS 0.7
#define ROW_NS_FIXED 15.0
#define LONGEST_ROW 256
#define LONGEST_COLUMN 64

static double block_cost(const size_t L[3], const size_t count[3])
{
	double x = log2((double)L[0]) - 3.0, y = log2((double)L[1]) - 3.0,
	       z = log2((double)L[2]) - 3.0;
	double transform = row_ns[x < 0.0 ? 0 : x > 5.0 ? 5 : (size_t)x];
	/* the inverse's three passes, the y pass on count_z / L_z planes, x on fewer rows */
	double fy = (double)count[1] / (double)L[1], fz = (double)count[2] / (double)L[2];

	transform += COLUMN_NS * (y > 0.0 ? y : 0.0) + PLANE_NS * (z > 0.0 ? z : 0.0);
	transform += BEYOND_NS * ((x > 5.0 ? x - 5.0 : 0.0) + (y > 4.0 ? y - 4.0 : 0.0) +
				  (z > 4.0 ? z - 4.0 : 0.0));
	transform *= 0.5 + (1.0 + fz + fy * fz) / 6.0;
	return (double)L[0] * (double)L[1] * (double)L[2] * (transform + POINT_NS) +
	       (double)L[1] * (double)L[2] * ROW_NS_FIXED;
}

/* The estimated cost of cutting all three axes so: every block shape times its count. */
static double blocks_cost(const struct axis_blocks a[3])
{
	double cost = 0.0;
	int s;

	for (s = 0; s < SHAPES; s++) {
		size_t L[3], outputs[3], d;
		double count = 1.0;

		for (d = 0; d < 3; d++) {
			int last = (s >> d) & 1;

			L[d] = last ? a[d].last_L : a[d].L;
			outputs[d] = last ? a[d].last_B : a[d].B;
			count *= last ? 1.0 : (double)(a[d].count - 1);
		}
		if (count > 0.0)
			cost += count * block_cost(L, outputs);
	}
	return cost;
}

/*
 * The cheapest cut of the grid into blocks, and its estimated cost (ns); 0 when an axis is
 * too long for FFTW (the caller reports ENOMEM). Per axis, the lengths tried are the powers
 * of two from the least that gives a block an output (2 r + 1) up to the least that holds
 * the axis in one block (n + r), and not beyond the lengths measured (LONGEST_ROW,
 * LONGEST_COLUMN) unless the kernel needs them.
 */
static double choose_blocks(const size_t n[3], const size_t r[3], struct axis_blocks out[3])
{
	size_t first[3], last[3], L[3], d;
	double best = 0.0;

	for (d = 0; d < 3; d++) {
		size_t longest = d == 0 ? LONGEST_ROW : LONGEST_COLUMN, least, whole;

		if (r[d] >= LARGEST_LENGTH / 2 || n[d] >= LARGEST_LENGTH)
			return 0.0;
		least = power_of_two(2 * r[d] + 1);
		whole = power_of_two(n[d] + r[d]);
		if (least == 0 || whole == 0)
			return 0.0;
		longest = least > longest ? least : longest;
		first[d] = least < whole ? least : whole;
		last[d] = whole < longest ? whole : longest;
	}
	for (L[2] = first[2]; L[2] <= last[2]; L[2] *= 2)
		for (L[1] = first[1]; L[1] <= last[1]; L[1] *= 2)
			for (L[0] = first[0]; L[0] <= last[0]; L[0] *= 2) {
				struct axis_blocks a[3];
				double cost;

				for (d = 0; d < 3; d++)
					a[d] = cut_axis(n[d], r[d], L[d]);
				cost = blocks_cost(a);
				if (best == 0.0 || cost < best) {
					best = cost;
					memcpy(out, a, sizeof a);
				}
			}
	return best;
}

double radioembo__convolution_fft_cost(const size_t n[3], const radioembo_kernel *kernel)
{
	struct axis_blocks a[3];
	double cost = choose_blocks(n, kernel->r, a);

	return cost > 0.0 ? cost : HUGE_VAL;
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
				x == 0 ? 1.0
				       : 2.0 * cos(2.0 * PI * (double)((f * x) % L) / (double)L);
	return c;
}

/*
 * The kernel's spectrum, scaled by norm, on the non-redundant octant of frequencies
 * (f_d = 0 .. L_d/2): the kernel is even in every axis, so its DFT is real, even in every
 * axis, and a sum of products of cosines,
 *   K^(f) = sum_{x, y, z >= 0} K(x, y, z) c_x(f_x, x) c_y(f_y, y) c_z(f_z, z),
 * done axis by axis (the DFT of the kernel wrapped around the circle of L_d points, which
 * is the kernel itself when L_d > 2 r_d; cut_axis says why a shorter one is right for a
 * whole axis). Computed in double; each value is stored twice, for the
 * real and the imaginary part it multiplies.
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
	    (b = radioembo__allocate(h[0] * h[1] * (r[2] + 1) * sizeof *b, "a kernel spectrum")) ==
		    NULL ||
	    (spectrum = radioembo__allocate(2 * h[0] * h[1] * h[2] * sizeof *spectrum,
					    "a kernel spectrum")) == NULL)
		goto done;
	for (fx = 0; fx < h[0]; fx++)
		for (z = 0; z <= r[2]; z++)
			for (y = 0; y <= r[1]; y++) {
				double sum = 0.0;

				for (x = 0; x <= r[0]; x++)
					sum += kernel->values[(x + r[0]) +
							      nk[0] * ((y + r[1]) +
								       nk[1] * (z + r[2]))] *
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
				spectrum[2 * (fx + h[0] * (fy + h[1] * fz))] = (float)(sum * norm);
				spectrum[2 * (fx + h[0] * (fy + h[1] * fz)) + 1] =
					(float)(sum * norm);
			}
done:
	for (d = 0; d < 3; d++)
		free(c[d]);
	free(a);
	free(b);
	return spectrum;
}

/*
 * A block shape: lengths L, half lengths h, outputs (count per axis, at positions r_d ..
 * r_d + count_d - 1), plans, and the spectrum's octant. The inverse transform is pruned to
 * the outputs, pass by pass (the passes along different axes commute): the complex
 * transforms along z of every column (y, f_x), then along y only in the output planes,
 * then the complex-to-real transforms along x only of the output rows. That skips
 * (L - count) / L of the y pass and more of the x pass: 7-14 % of a block's transforms for
 * the same numbers, bit for bit (the transforms FFTW_ESTIMATE plans in 3-D are these
 * passes; compared on 64^3 .. 256 x 64 x 64 blocks).
 */
struct shape {
	size_t L[3], h[3], count[3];
	size_t r_plane, first_row; /* complex offsets of the output planes and rows */
	fftwf_plan forward, columns, planes, rows;
	float *spectrum;
};

/*
 * The shape's plans, single-threaded, in place on buffer (which only fixes the alignment:
 * FFTW_ESTIMATE does not touch it; every share executes them on its own buffer of the same
 * alignment, from fftwf_malloc, at the same offsets). FFTW's planner is set up once under
 * the lock: fftwf_make_planner_thread_safe configures FFTW's process-wide planner, shared
 * with any other user of libfftw3f in the process; it only adds locking and changes no
 * transform. The planner's thread count is set to 1 for these plans and put back, so that
 * a host's setting neither threads the blocks nor is changed.
 */
static int fftw_threads_state; /* 0 not tried, 1 ready, -1 unavailable; under the lock */

static void plan_shape(struct shape *sh, const size_t r[3], float *buffer)
{
	fftwf_complex *freq = (fftwf_complex *)buffer;
	const int Lx = (int)sh->L[0], Ly = (int)sh->L[1], Lz = (int)sh->L[2], h = (int)sh->h[0];
	const int cy = (int)sh->count[1], cz = (int)sh->count[2];
	const size_t plane = sh->L[1] * sh->h[0], first_row = r[2] * plane + r[1] * sh->h[0];
	/* FFTW's guru dimensions: { n, input stride, output stride }, complex or real units */
	fftwf_iodim z = { Lz, Ly * h, Ly * h }, columns[2] = { { Ly, h, h }, { h, 1, 1 } };
	fftwf_iodim y = { Ly, h, h }, planes[2] = { { cz, Ly * h, Ly * h }, { h, 1, 1 } };
	fftwf_iodim x = { Lx, 1, 1 }, rows[2] = { { cz, Ly * h, 2 * Ly * h }, { cy, h, 2 * h } };
	int previous = 1;

	sh->r_plane = r[2] * plane;
	sh->first_row = first_row;
	pthread_mutex_lock(&planner_lock);
	if (fftw_threads_state == 0) {
		fftw_threads_state = fftwf_init_threads() ? 1 : -1;
		if (fftw_threads_state == 1)
			fftwf_make_planner_thread_safe();
	}
	if (fftw_threads_state == 1) {
		previous = fftwf_planner_nthreads();
		fftwf_plan_with_nthreads(1);
	}
	sh->forward = fftwf_plan_dft_r2c_3d(Lz, Ly, Lx, buffer, freq, FFTW_ESTIMATE);
	sh->columns =
		fftwf_plan_guru_dft(1, &z, 2, columns, freq, freq, FFTW_BACKWARD, FFTW_ESTIMATE);
	sh->planes = fftwf_plan_guru_dft(1, &y, 2, planes, freq + r[2] * plane, freq + r[2] * plane,
					 FFTW_BACKWARD, FFTW_ESTIMATE);
	sh->rows = fftwf_plan_guru_dft_c2r(1, &x, 2, rows, freq + first_row, buffer + 2 * first_row,
					   FFTW_ESTIMATE);
	if (fftw_threads_state == 1)
		fftwf_plan_with_nthreads(previous);
	pthread_mutex_unlock(&planner_lock);
}

static void destroy_shapes(struct shape *shapes)
{
	int s;

	pthread_mutex_lock(&planner_lock);
	for (s = 0; s < SHAPES; s++) {
		fftwf_plan *plans[4] = { &shapes[s].forward, &shapes[s].columns, &shapes[s].planes,
					 &shapes[s].rows };
		int p;

		for (p = 0; p < 4; p++)
			if (*plans[p] != NULL)
				fftwf_destroy_plan(*plans[p]);
	}
	pthread_mutex_unlock(&planner_lock);
	for (s = 0; s < SHAPES; s++)
		free(shapes[s].spectrum);
}

struct block_job {
	const float *in;
	const size_t *n, *r;
	float *out;
	struct axis_blocks axis[3];
	struct shape shapes[SHAPES];
	float *buffers[RADIOEMBO__THREADS_MAX];
	size_t blocks, threads;
	atomic_size_t next_block; /* the first block not yet taken */
};

#if defined(__GNUC__)
typedef float quad __attribute__((vector_size(4 * sizeof(float))));
typedef int32_t quad_mask __attribute__((vector_size(4 * sizeof(int32_t))));
#endif

/*
 * to[x] = from[x], x < count; returns whether every value is >= 0. With GNU C, 4 floats at a
 * time with a vector comparison (gcc -O2 kept a scalar minimum in memory here, 5 cycles a
 * voxel: a third of the block's time), the rest one by one.
 */
static int copy_row(float *restrict to, const float *restrict from, size_t count)
{
	size_t x = 0;
	int negative = 0;

#if defined(__GNUC__)
	quad_mask below = { 0, 0, 0, 0 };
	const quad zero = { 0.0f, 0.0f, 0.0f, 0.0f };

	for (; x + 4 <= count; x += 4) {
		quad v;

		memcpy(&v, from + x, sizeof v);
		memcpy(to + x, &v, sizeof v);
		below |= v < zero;
	}
	negative = (below[0] | below[1] | below[2] | below[3]) != 0;
#endif
	for (; x < count; x++) {
		to[x] = from[x];
		negative |= from[x] < 0.0f;
	}
	return !negative;
}

/*
 * The block's input: outputs from start[d], widened by r[d] on both sides, zero outside the
 * image, into the first L[0] floats of each row of stride 2 h[0]. Returns whether every
 * value is >= 0 (then the block's outputs are clamped at 0, see copy_block).
 */
static int fill_block(const struct block_job *job, const struct shape *sh, const size_t start[3],
		      float *buffer)
{
	const size_t *n = job->n, *r = job->r, *L = sh->L, stride = 2 * sh->h[0];
	/* the image's columns [x0, x1) of the row land at buffer columns lead .. */
	size_t x0 = start[0] > r[0] ? start[0] - r[0] : 0;
	size_t x1 = start[0] + L[0] - r[0] < n[0] ? start[0] + L[0] - r[0] : n[0];
	size_t lead = x0 + r[0] - start[0], y, z;
	int nonnegative = 1;

	for (z = 0; z < L[2]; z++)
		for (y = 0; y < L[1]; y++) {
			float *row = buffer + stride * (y + L[1] * z);
			/* image plane iz - r[2] and row iy - r[1], if inside */
			size_t iz = start[2] + z, iy = start[1] + y;
			const float *source;

			if (iz < r[2] || iz - r[2] >= n[2] || iy < r[1] || iy - r[1] >= n[1]) {
				memset(row, 0, L[0] * sizeof *row);
				continue;
			}
			source = job->in + n[0] * ((iy - r[1]) + n[1] * (iz - r[2]));
			memset(row, 0, lead * sizeof *row);
			nonnegative &= copy_row(row + lead, source + x0, x1 - x0);
			memset(row + lead + (x1 - x0), 0, (L[0] - lead - (x1 - x0)) * sizeof *row);
		}
	return nonnegative;
}

/* row[x] *= k[x], x < count (count even: whole complex values) */
static void multiply_row(float *restrict row, const float *restrict k, size_t count)
{
	size_t x = 0;

#if defined(__GNUC__)
	for (; x + 4 <= count; x += 4) {
		quad a, b;

		memcpy(&a, row + x, sizeof a);
		memcpy(&b, k + x, sizeof b);
		a *= b;
		memcpy(row + x, &a, sizeof a);
	}
#endif
	for (; x < count; x++)
		row[x] *= k[x];
}

/* multiply by the real spectrum, mirrored from its octant: f and L - f share it */
static void multiply_block(const struct shape *sh, float *buffer)
{
	const size_t *L = sh->L, *h = sh->h;
	size_t y, z;

	for (z = 0; z < L[2]; z++) {
		size_t fz = z < h[2] ? z : L[2] - z;

		for (y = 0; y < L[1]; y++) {
			size_t fy = y < h[1] ? y : L[1] - y;

			multiply_row(buffer + 2 * h[0] * (y + L[1] * z),
				     sh->spectrum + 2 * h[0] * (fy + h[1] * fz), 2 * h[0]);
		}
	}
}

/*
 * to[x] = from[x], x < count, with values below 0 set to 0 when clamp is set (a -0 stays,
 * as it is not below 0).
 */
static void copy_out_row(float *restrict to, const float *restrict from, size_t count, int clamp)
{
	size_t x = 0;

	if (!clamp) {
		memcpy(to, from, count * sizeof *to);
		return;
	}
#if defined(__GNUC__)
	{
		const quad zero = { 0.0f, 0.0f, 0.0f, 0.0f };

		for (; x + 4 <= count; x += 4) {
			quad v;
			quad_mask keep, bits;

			memcpy(&v, from + x, sizeof v);
			keep = v >= zero;
			memcpy(&bits, &v, sizeof bits);
			bits &= keep;
			memcpy(to + x, &bits, sizeof bits);
		}
	}
#endif
	for (; x < count; x++)
		to[x] = from[x] < 0.0f ? 0.0f : from[x];
}

/*
 * The block's outputs, at buffer positions r[d] .. r[d] + count[d] - 1. The kernel is >= 0,
 * so a block whose input is >= 0 has outputs >= 0: values below 0 there are single-precision
 * FFT rounding (about 1e-7 of the maximum) and would make a dose map that DVHs rightly
 * refuse.
 */
static void copy_block(const struct block_job *job, const struct shape *sh, const size_t start[3],
		       const size_t count[3], int clamp, const float *buffer)
{
	const size_t *n = job->n, *r = job->r, *L = sh->L, stride = 2 * sh->h[0];
	size_t y, z;

	for (z = 0; z < count[2]; z++)
		for (y = 0; y < count[1]; y++)
			copy_out_row(job->out + start[0] +
					     n[0] * ((start[1] + y) + n[1] * (start[2] + z)),
				     buffer + r[0] + stride * ((r[1] + y) + L[1] * (r[2] + z)),
				     count[0], clamp);
}

static void block_share(void *context, size_t share)
{
	struct block_job *job = context;
	float *buffer = job->buffers[share];
	fftwf_complex *freq = (fftwf_complex *)buffer;
	size_t b;

	/* relaxed: the blocks' outputs are disjoint, and the join publishes them */
	while ((b = atomic_fetch_add_explicit(&job->next_block, 1, memory_order_relaxed)) <
	       job->blocks) {
		size_t index[3], start[3], count[3], d, rest = b;
		const struct shape *sh;
		int s = 0, clamp;

		for (d = 0; d < 3; d++) {
			const struct axis_blocks *a = &job->axis[d];
			int last;

			index[d] = rest % a->count;
			rest /= a->count;
			last = index[d] + 1 == a->count;
			start[d] = index[d] * a->B;
			count[d] = last ? a->last_B : a->B;
			s |= last << d;
		}
		sh = &job->shapes[s];
		clamp = fill_block(job, sh, start, buffer);
		fftwf_execute_dft_r2c(sh->forward, buffer, freq);
		multiply_block(sh, buffer);
		fftwf_execute_dft(sh->columns, freq, freq);
		fftwf_execute_dft(sh->planes, freq + sh->r_plane, freq + sh->r_plane);
		fftwf_execute_dft_c2r(sh->rows, freq + sh->first_row, buffer + 2 * sh->first_row);
		copy_block(job, sh, start, count, clamp, buffer);
	}
}

/* the shapes' lengths, plans and spectra; 0 or a failure status (shapes then released) */
static int make_shapes(const radioembo_kernel *kernel, struct block_job *job)
{
	int s;

	for (s = 0; s < SHAPES; s++) {
		struct shape *sh = &job->shapes[s];
		size_t d;
		int used = 1;

		for (d = 0; d < 3; d++) {
			int last = (s >> d) & 1;

			sh->L[d] = last ? job->axis[d].last_L : job->axis[d].L;
			sh->h[d] = sh->L[d] / 2 + 1;
			sh->count[d] = last ? job->axis[d].last_B : job->axis[d].B;
			used = used && (last || job->axis[d].count > 1);
		}
		if (!used)
			continue; /* no block has this shape */
		sh->spectrum = kernel_spectrum(
			kernel, sh->L,
			1.0 / ((double)sh->L[0] * (double)sh->L[1] * (double)sh->L[2]));
		if (sh->spectrum == NULL) {
			destroy_shapes(job->shapes);
			return RADIOEMBO_ENOMEM;
		}
		plan_shape(sh, job->r, job->buffers[0]);
		if (sh->forward == NULL || sh->columns == NULL || sh->planes == NULL ||
		    sh->rows == NULL) {
			destroy_shapes(job->shapes);
			return radioembo__fail(RADIOEMBO_EINTERNAL, NULL,
					       "FFTW could not plan a %zu x %zu x %zu transform",
					       sh->L[0], sh->L[1], sh->L[2]);
		}
	}
	return RADIOEMBO_OK;
}

int radioembo__convolve_fft(const float *in, const size_t n[3], const radioembo_kernel *kernel,
			    const size_t lengths[3], size_t threads, float *out)
{
	struct block_job *job;
	size_t d, i, bytes;
	double floats;
	int rc;

	if ((job = radioembo__allocate(sizeof *job, "a convolution")) == NULL)
		return RADIOEMBO_ENOMEM;
	if (lengths != NULL) {
		for (d = 0; d < 3; d++)
			job->axis[d] = cut_axis(n[d], kernel->r[d], lengths[d]);
	} else if (choose_blocks(n, kernel->r, job->axis) == 0.0) {
		free(job);
		return radioembo__fail(RADIOEMBO_ENOMEM, NULL,
				       "an FFT convolution of %zu x %zu x %zu voxels is too large",
				       n[0], n[1], n[2]);
	}
	job->in = in;
	job->n = n;
	job->r = kernel->r;
	job->out = out;
	job->blocks = 1;
	floats = 2.0 * (double)(job->axis[0].L / 2 + 1);
	for (d = 0; d < 3; d++) {
		job->blocks *= job->axis[d].count;
		if (d > 0)
			floats *= (double)job->axis[d].L;
	}
	if (floats * sizeof(float) > (double)(SIZE_MAX / 2)) {
		free(job);
		return radioembo__fail(RADIOEMBO_ENOMEM, NULL, "an FFT block is too large");
	}
	bytes = (size_t)floats * sizeof(float);
	job->threads = threads < job->blocks ? threads : job->blocks;
	atomic_init(&job->next_block, 0);
	for (i = 0; i < job->threads; i++)
		if ((job->buffers[i] = fftwf_malloc(bytes)) == NULL) {
			rc = radioembo__fail(RADIOEMBO_ENOMEM, NULL,
					     "out of memory allocating an FFT buffer (%zu bytes)",
					     bytes);
			goto done;
		}
	if ((rc = make_shapes(kernel, job)) != RADIOEMBO_OK)
		goto done;
	radioembo__parallel(job->threads, block_share, job);
	destroy_shapes(job->shapes);
done:
	for (i = 0; i < job->threads; i++)
		fftwf_free(job->buffers[i]);
	free(job);
	return rc;
}
