/*
 * Speedup of the threaded kernel dose (radioembo_voxel_dose_kernel_threads) and local
 * deposition (radioembo_voxel_dose_ldm_threads) against one thread in the same run: a 256^3
 * activity of 2 mm voxels, the 11^3 Y-90 kernel by FFT, the 5^3 kernel by direct summation
 * and the LDM with a uniform density; the exact DVH (radioembo_dvh_new_threads) of the LDM's
 * dose over the whole volume; and resampling (radioembo_volume_resample_threads) of
 * that 256^3 map onto a grid of 4 mm turned 5 degrees about z (trilinear, and activity by
 * sub-voxels), and of its central 128^3 onto the 2 mm grid (activity by exact overlaps, the
 * SPECT-onto-CT case); on 1 thread and on T threads (the first argument, by
 * default the processors online but at least 2). Best wall-clock time of REPEAT (5) runs each,
 * the machine's load average printed with the figures (other work on the cores lowers the
 * speedup), and whether the maps (and DVHs) are the same bit for bit. Prints one line per path,
 * `speedup <what> <T> threads: <N>x`. `make bench` runs it; it is a measurement, never a
 * test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, sysconf */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <radioembo.h>

#include "load_average.h"

#define N 256
#define SPACING_MM 2.0
#define REPEAT 5

static void check(int status, const char *what)
{
	if (status != RADIOEMBO_OK) {
		fprintf(stderr, "bench_voxel_threads: %s: %s\n", what,
			radioembo_last_error_message());
		exit(1);
	}
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Uniform noise in (0.1, 1.1) GBq per voxel, deterministic (an LCG). */
static radioembo_volume *activity(void)
{
	radioembo_volume *v;
	uint64_t state = 20261207u;
	float *p;
	size_t i;

	check(radioembo_volume_new(N, N, N, SPACING_MM, SPACING_MM, SPACING_MM, &v), "volume");
	p = radioembo_volume_data_mutable(v);
	for (i = 0; i < (size_t)N * N * N; i++) {
		state = state * 6364136223846793005u + 1442695040888963407u;
		p[i] = (float)(0.1 + (double)(state >> 11) / 9007199254740992.0);
	}
	return v;
}

/*
 * The best of REPEAT wall times of the dose on threads threads (the LDM where k is NULL);
 * the last map kept.
 */
static double best_time(const radioembo_volume *a, const radioembo_kernel *k,
			radioembo_convolution method, size_t threads, radioembo_volume **dose_out)
{
	double best = 1e300;
	int i;

	for (i = 0; i < REPEAT; i++) {
		double start = now_s(), t;

		radioembo_volume_free(*dose_out);
		*dose_out = NULL;
		check(k == NULL ? radioembo_voxel_dose_ldm_threads(a, NULL, 1.0, 49.67, threads,
								   dose_out)
				: radioembo_voxel_dose_kernel_threads(a, k, 64.1, NULL, 1.0, method,
								      threads, dose_out),
		      "dose");
		t = now_s() - start;
		best = t < best ? t : best;
	}
	return best;
}

/* The kernel dose with a width^3 kernel, or the LDM for width 0. */
static void measure(const radioembo_volume *a, double radius_mm, int width,
		    radioembo_convolution method, const char *name, size_t threads)
{
	radioembo_kernel *k = NULL;
	radioembo_volume *one = NULL, *many = NULL;
	double t1, tn, load_before = load_average();
	int same;

	if (width > 0)
		check(radioembo_kernel_new_y90(SPACING_MM, SPACING_MM, SPACING_MM, radius_mm, &k),
		      "kernel");
	t1 = best_time(a, k, method, 1, &one);
	tn = best_time(a, k, method, threads, &many);
	same = memcmp(radioembo_volume_data(one), radioembo_volume_data(many),
		      (size_t)N * N * N * sizeof(float)) == 0;
	if (width > 0) {
		printf("kernel dose %d^3, %d^3 kernel, %s: ", N, width, name);
	} else {
		printf("LDM dose %d^3, uniform density: ", N);
	}
	printf("1 thread %.3f s, %zu threads %.3f s, best of %d; load %.2f before, %.2f after; "
	       "maps %s\n",
	       t1, threads, tn, REPEAT, load_before, load_average(),
	       same ? "identical" : "DIFFERENT");
	if (width > 0)
		printf("speedup kernel dose %d^3 %s %d^3 %zu threads: %.2fx (target 1.6x on 2 "
		       "cores)\n",
		       N, name, width, threads, t1 / tn);
	else
		printf("speedup LDM dose %d^3 %zu threads: %.2fx\n", N, threads, t1 / tn);
	radioembo_volume_free(one);
	radioembo_volume_free(many);
	radioembo_kernel_free(k);
}

/* The best of REPEAT wall times of resampling source onto grid on threads threads. */
static double best_resample(const radioembo_volume *source, const radioembo_volume *grid,
			    radioembo_volume_resampling mode, size_t threads,
			    radioembo_volume **out)
{
	double best = 1e300;
	int i;

	for (i = 0; i < REPEAT; i++) {
		double start = now_s(), t;

		radioembo_volume_free(*out);
		*out = NULL;
		check(radioembo_volume_resample_threads(source, grid, mode, 0.0, threads, out),
		      "resample");
		t = now_s() - start;
		best = t < best ? t : best;
	}
	return best;
}

static void measure_resample(const radioembo_volume *source, const radioembo_volume *grid,
			     radioembo_volume_resampling mode, const char *what, size_t threads)
{
	radioembo_volume *one = NULL, *many = NULL;
	double t1, tn, load_before = load_average();
	size_t count;
	int same;

	t1 = best_resample(source, grid, mode, 1, &one);
	tn = best_resample(source, grid, mode, threads, &many);
	check(radioembo_volume_voxel_count(one, &count), "count");
	same = memcmp(radioembo_volume_data(one), radioembo_volume_data(many),
		      count * sizeof(float)) == 0;
	printf("resample %s: 1 thread %.3f s, %zu threads %.3f s, best of %d; load %.2f before, "
	       "%.2f after; maps %s\n",
	       what, t1, threads, tn, REPEAT, load_before, load_average(),
	       same ? "identical" : "DIFFERENT");
	printf("speedup resample %s %zu threads: %.2fx\n", what, threads, t1 / tn);
	radioembo_volume_free(one);
	radioembo_volume_free(many);
}

/* The resampling cases of the header comment. */
static void measure_resamples(const radioembo_volume *a, size_t threads)
{
	const double c = 0.9961946980917455, s = 0.08715574274765817; /* 5 degrees */
	const double turned[16] = { 4 * c, -4 * s, 0, -20, 4 * s, 4 * c, 0, -20,
				    0,	   0,	   4, 0,   0,	  0,	 0, 1 };
	radioembo_volume *grid = NULL, *spect = NULL;
	const float *p = radioembo_volume_data(a);
	float *q;
	size_t i, j, k, h = N / 2;

	check(radioembo_volume_new(h, h, h, 1, 1, 1, &grid), "grid");
	check(radioembo_volume_set_affine_mm(grid, turned, 16), "affine");
	measure_resample(a, grid, RADIOEMBO_VOLUME_RESAMPLE_LINEAR,
			 "256^3 onto 128^3 turned, linear", threads);
	measure_resample(a, grid, RADIOEMBO_VOLUME_RESAMPLE_ACTIVITY,
			 "256^3 onto 128^3 turned, activity", threads);
	check(radioembo_volume_new(h, h, h, 2 * SPACING_MM, 2 * SPACING_MM, 2 * SPACING_MM, &spect),
	      "spect");
	q = radioembo_volume_data_mutable(spect);
	for (k = 0; k < h; k++)
		for (j = 0; j < h; j++)
			for (i = 0; i < h; i++)
				q[i + h * (j + h * k)] = p[i + N * (j + N * k)];
	measure_resample(spect, a, RADIOEMBO_VOLUME_RESAMPLE_ACTIVITY, "128^3 onto 256^3, activity",
			 threads);
	radioembo_volume_free(spect);
	radioembo_volume_free(grid);
}

/* The best of REPEAT wall times of the exact DVH on threads threads; the last DVH kept. */
static double best_dvh_time(const radioembo_volume *dose, const radioembo_volume *labels,
			    double width_gy, size_t threads, radioembo_dvh **dvh_out)
{
	double best = 1e300;
	int i;

	for (i = 0; i < REPEAT; i++) {
		double start = now_s(), t;

		radioembo_dvh_free(*dvh_out);
		*dvh_out = NULL;
		check(radioembo_dvh_new_threads(dose, labels, 1, NULL, 1.0, width_gy, threads,
						dvh_out),
		      "dvh");
		t = now_s() - start;
		best = t < best ? t : best;
	}
	return best;
}

/* Whether two DVHs agree bit for bit in their mean, D2, D50, D98, V(3 MGy) and curve. */
static int same_dvh(const radioembo_dvh *a, const radioembo_dvh *b)
{
	double x[5], y[5], *ca, *cb, *dose;
	size_t n, m;
	int same;

	check(radioembo_dvh_mean_gy(a, &x[0]), "mean");
	check(radioembo_dvh_mean_gy(b, &y[0]), "mean");
	check(radioembo_dvh_dose_at_volume_gy(a, 0.02, &x[1]), "D2");
	check(radioembo_dvh_dose_at_volume_gy(b, 0.02, &y[1]), "D2");
	check(radioembo_dvh_dose_at_volume_gy(a, 0.5, &x[2]), "D50");
	check(radioembo_dvh_dose_at_volume_gy(b, 0.5, &y[2]), "D50");
	check(radioembo_dvh_dose_at_volume_gy(a, 0.98, &x[3]), "D98");
	check(radioembo_dvh_dose_at_volume_gy(b, 0.98, &y[3]), "D98");
	check(radioembo_dvh_volume_at_dose(a, 3e6, &x[4]), "V3e6");
	check(radioembo_dvh_volume_at_dose(b, 3e6, &y[4]), "V3e6");
	check(radioembo_dvh_bin_count(a, &n), "bins");
	check(radioembo_dvh_bin_count(b, &m), "bins");
	if (n != m || memcmp(x, y, sizeof x) != 0)
		return 0;
	ca = malloc(n * sizeof *ca);
	cb = malloc(n * sizeof *cb);
	dose = malloc(n * sizeof *dose);
	if (ca == NULL || cb == NULL || dose == NULL) {
		fprintf(stderr, "bench_voxel_threads: out of memory\n");
		exit(1);
	}
	check(radioembo_dvh_get_curve(a, dose, ca, n), "curve");
	check(radioembo_dvh_get_curve(b, dose, cb, n), "curve");
	same = memcmp(ca, cb, n * sizeof *ca) == 0;
	free(ca);
	free(cb);
	free(dose);
	return same;
}

/* The exact DVH of the LDM's dose, the whole volume one structure, 1000 bins to its maximum. */
static void measure_dvh(const radioembo_volume *a, size_t threads)
{
	radioembo_volume *dose = NULL, *labels = NULL;
	radioembo_dvh *one = NULL, *many = NULL;
	double t1, tn, load_before = load_average(), max = 0.0;
	const float *d;
	float *l;
	size_t i;

	check(radioembo_voxel_dose_ldm(a, NULL, 1.0, 49.67, &dose), "dose");
	check(radioembo_volume_new(N, N, N, SPACING_MM, SPACING_MM, SPACING_MM, &labels), "labels");
	l = radioembo_volume_data_mutable(labels);
	d = radioembo_volume_data(dose);
	for (i = 0; i < (size_t)N * N * N; i++) {
		l[i] = 1.0f;
		max = d[i] > max ? d[i] : max;
	}
	t1 = best_dvh_time(dose, labels, max / 999.0, 1, &one);
	tn = best_dvh_time(dose, labels, max / 999.0, threads, &many);
	printf("exact DVH %d^3: 1 thread %.3f s, %zu threads %.3f s, best of %d; load %.2f before, "
	       "%.2f after; DVHs %s\n",
	       N, t1, threads, tn, REPEAT, load_before, load_average(),
	       same_dvh(one, many) ? "identical" : "DIFFERENT");
	printf("speedup exact DVH %d^3 %zu threads: %.2fx\n", N, threads, t1 / tn);
	radioembo_dvh_free(one);
	radioembo_dvh_free(many);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
}

int main(int argc, char **argv)
{
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	size_t threads = argc > 1 ? strtoul(argv[1], NULL, 10) : online > 2 ? (size_t)online : 2;
	radioembo_volume *a = activity();

	measure(a, 10.5, 11, RADIOEMBO_CONVOLUTION_FFT, "fft", threads);
	measure(a, 4.5, 5, RADIOEMBO_CONVOLUTION_DIRECT, "direct", threads);
	measure(a, 0.0, 0, RADIOEMBO_CONVOLUTION_AUTO, "ldm", threads);
	measure_dvh(a, threads);
	measure_resamples(a, threads);
	radioembo_volume_free(a);
	return 0;
}
