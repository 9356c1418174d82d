/*
 * Voxel dosimetry speed and memory, single-threaded (the library starts no threads): LDM
 * plus a 1000-bin DVH (exact, radioembo_dvh_new, and binned, radioembo_dvh_new_binned)
 * against the time to copy the volume once (memory bandwidth), the
 * Y-90 dose-voxel-kernel convolution (FFT and automatic choice) with 5^3 and 11^3
 * kernels, on 128^3 and 256^3 volumes of 2 mm voxels, and the automatic choice on a CT grid
 * of 512 x 512 x 320; and the peak resident memory of a 256^3 dose computation and of a
 * CT-grid kernel dose, measured in a child process (getrusage), against the float32 input. `make
 * bench` runs it and then bench/bench_voxel_scipy.py, which does the same the numpy/scipy way and
 * prints the ratios. A measurement, never a test.
 *
 * Output: one "key value" line per measurement (seconds, or bytes), read by the script.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _DEFAULT_SOURCE /* clock_gettime, wait4 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <radioembo.h>

#define SPACING_MM 2.0
#define REPEAT 3
/*
 * Kernel doses: best of 10 at 128^3 and of 5 at 256^3, as the scipy script times
 * fftconvolve: calls of 10-60 ms on a shared machine varied by up to 50 % between runs at
 * best of 3.
 */
#define CONVOLUTION_REPEAT(n) ((n) > 128 ? 5 : 10)
/* a CT grid: 512 x 512 x 320 voxels (320 MiB of float32), kernel doses only, best of 2 */
#define CT_NX 512
#define CT_NY 512
#define CT_NZ 320

static void check(int status, const char *what)
{
	if (status != RADIOEMBO_OK) {
		fprintf(stderr, "bench_voxel: %s: %s\n", what, radioembo_last_error_message());
		exit(1);
	}
}

/*
 * Wall time and this process's CPU time: the machine is shared, so the wall time of a
 * single-threaded run includes waiting for a core; the CPU time does not (but does include
 * the kernel's page-fault work, as the wall time does). Each measurement keeps the best
 * of either over its repetitions.
 */
struct span {
	double wall, cpu;
};

static struct span now_s(void)
{
	struct timespec t, c;

	clock_gettime(CLOCK_MONOTONIC, &t);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
	return (struct span){ (double)t.tv_sec + 1e-9 * (double)t.tv_nsec,
			      (double)c.tv_sec + 1e-9 * (double)c.tv_nsec };
}

/* best = the smaller of best and (now - start), wall and CPU separately */
static void keep_best(struct span *best, struct span start)
{
	struct span end = now_s();

	if (end.wall - start.wall < best->wall)
		best->wall = end.wall - start.wall;
	if (end.cpu - start.cpu < best->cpu)
		best->cpu = end.cpu - start.cpu;
}

#define NO_SPAN ((struct span){ 1e300, 1e300 })

/*
 * A smooth blob plus deterministic noise (GBq per voxel): a plausible activity map, nx x ny x nz
 * (the blob's radius from nx).
 */
static radioembo_volume *activity_grid(size_t nx, size_t ny, size_t nz)
{
	radioembo_volume *v;
	float *p;
	uint64_t state = 0x9e3779b97f4a7c15u;
	double cx = 0.5 * (double)(nx - 1), cy = 0.5 * (double)(ny - 1),
	       cz = 0.5 * (double)(nz - 1);
	double r2 = 0.1 * (double)nx * (double)nx;

	check(radioembo_volume_new(nx, ny, nz, SPACING_MM, SPACING_MM, SPACING_MM, &v), "volume");
	p = radioembo_volume_data_mutable(v);
	for (size_t z = 0; z < nz; z++)
		for (size_t y = 0; y < ny; y++)
			for (size_t x = 0; x < nx; x++) {
				double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy) +
					    (z - cz) * (z - cz);
				state = state * 6364136223846793005u + 1442695040888963407u;
				double noise = (double)(state >> 40) / 16777216.0;
				p[x + nx * (y + ny * z)] =
					(float)(1e-5 * (d2 < r2 ? 1.0 + noise : 0.1 * noise));
			}
	return v;
}

static radioembo_volume *activity(size_t n)
{
	return activity_grid(n, n, n);
}

static radioembo_volume *ones(size_t n)
{
	radioembo_volume *v;
	float *p;

	check(radioembo_volume_new(n, n, n, SPACING_MM, SPACING_MM, SPACING_MM, &v), "labels");
	p = radioembo_volume_data_mutable(v);
	for (size_t i = 0; i < n * n * n; i++)
		p[i] = 1.0f;
	return v;
}

static struct span time_copy(const radioembo_volume *a)
{
	struct span best = NO_SPAN;
	for (int k = 0; k < REPEAT; k++) {
		radioembo_volume *c;
		struct span t = now_s();
		check(radioembo_volume_copy(a, &c), "copy");
		keep_best(&best, t);
		radioembo_volume_free(c);
	}
	return best;
}

/* The bare memory traffic of one copy: malloc (fresh pages, as a volume gets) and memcpy. */
static struct span time_memcpy(const radioembo_volume *a)
{
	struct span best = NO_SPAN;
	size_t count;
	radioembo_volume_voxel_count(a, &count);
	for (int k = 0; k < REPEAT; k++) {
		struct span t = now_s();
		float *c = malloc(count * sizeof *c);
		if (c == NULL)
			exit(1);
		memcpy(c, radioembo_volume_data(a), count * sizeof *c);
		keep_best(&best, t);
		/* keep the compiler from dropping the copy */
		if (c[count / 2] != radioembo_volume_data(a)[count / 2])
			exit(1);
		free(c);
	}
	return best;
}

/* LDM, then the DVH of the whole volume with 1000 bins up to the maximum dose. */
static struct span time_ldm_dvh(const radioembo_volume *a, const radioembo_volume *labels)
{
	struct span best = NO_SPAN;
	for (int k = 0; k < REPEAT; k++) {
		radioembo_volume *dose;
		radioembo_dvh *dvh;
		struct span t = now_s();
		double max = 0.0;
		size_t count = 0;
		const float *d;
		check(radioembo_voxel_dose_ldm(a, NULL, 1.03, 49.67, &dose), "ldm");
		d = radioembo_volume_data(dose);
		radioembo_volume_voxel_count(dose, &count);
		for (size_t i = 0; i < count; i++)
			max = d[i] > max ? d[i] : max;
		check(radioembo_dvh_new(dose, labels, 1, NULL, 1.03, max / 999.0, &dvh), "dvh");
		keep_best(&best, t);
		radioembo_dvh_free(dvh);
		radioembo_volume_free(dose);
	}
	return best;
}

/*
 * LDM, then the binned DVH (radioembo_dvh_new_binned, one sweep, no voxel kept) with 1000
 * fixed bins of 0.125 Gy from 0 Gy: a planner's range fixed in advance (this activity
 * stays below 2e-5 GBq a voxel, 121 Gy), so no sweep for the maximum.
 */
static struct span time_ldm_dvh_binned(const radioembo_volume *a,
				       const radioembo_volume *labels)
{
	struct span best = NO_SPAN;
	for (int k = 0; k < REPEAT; k++) {
		radioembo_volume *dose;
		radioembo_dvh *dvh;
		struct span t = now_s();
		check(radioembo_voxel_dose_ldm(a, NULL, 1.03, 49.67, &dose), "ldm");
		check(radioembo_dvh_new_binned(dose, labels, 1, NULL, 1.03, 0.125, 1000, &dvh),
		      "binned dvh");
		keep_best(&best, t);
		radioembo_dvh_free(dvh);
		radioembo_volume_free(dose);
	}
	return best;
}

static struct span time_ldm(const radioembo_volume *a)
{
	struct span best = NO_SPAN;
	for (int k = 0; k < REPEAT; k++) {
		radioembo_volume *dose;
		struct span t = now_s();
		check(radioembo_voxel_dose_ldm(a, NULL, 1.03, 49.67, &dose), "ldm");
		keep_best(&best, t);
		radioembo_volume_free(dose);
	}
	return best;
}

static struct span time_kernel(const radioembo_volume *a, const radioembo_kernel *k,
			       radioembo_convolution method, int repeat)
{
	struct span best = NO_SPAN;
	for (int i = 0; i < repeat; i++) {
		radioembo_volume *dose;
		struct span t = now_s();
		check(radioembo_voxel_dose_kernel(a, k, 64.1, NULL, 1.0, method, &dose), "kernel");
		keep_best(&best, t);
		radioembo_volume_free(dose);
	}
	return best;
}

/*
 * Peak RSS (bytes) of a child that builds an n^3 activity (or, for n = 0, the CT grid) and
 * computes one dose (the LDM and a DVH of the whole volume for kernel_width 0, a kernel dose
 * otherwise; nothing for kernel_width < 0: the baseline of the process with its input).
 */
static long peak_child(size_t n, int kernel_width)
{
	struct rusage usage;
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		radioembo_volume *a = n > 0 ? activity(n) : activity_grid(CT_NX, CT_NY, CT_NZ);
		radioembo_volume *dose = NULL, *labels;
		if (kernel_width < 0) {
			/* the baseline: the process and its input only */
		} else if (kernel_width == 0) {
			radioembo_dvh *dvh;
			labels = ones(n);
			check(radioembo_voxel_dose_ldm(a, NULL, 1.03, 49.67, &dose), "ldm");
			check(radioembo_dvh_new(dose, labels, 1, NULL, 1.03, 1.0, &dvh), "dvh");
			radioembo_dvh_free(dvh);
			radioembo_volume_free(labels);
		} else {
			radioembo_kernel *k;
			check(radioembo_kernel_new_y90(SPACING_MM, SPACING_MM, SPACING_MM,
						       SPACING_MM * (kernel_width / 2), &k),
			      "kernel");
			check(radioembo_voxel_dose_kernel(a, k, 64.1, NULL, 1.0,
							  RADIOEMBO_CONVOLUTION_AUTO, &dose),
			      "kernel dose");
			radioembo_kernel_free(k);
		}
		radioembo_volume_free(dose);
		radioembo_volume_free(a);
		_exit(0);
	}
	if (wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return -1;
	return usage.ru_maxrss * 1024L; /* kB on Linux */
}

/* "name_s n [width] wall" and "name_cpu_s n [width] cpu" */
static void print_span(const char *name, size_t n, int width, struct span t)
{
	if (width > 0) {
		printf("%s_s %zu %d %.6f\n", name, n, width, t.wall);
		printf("%s_cpu_s %zu %d %.6f\n", name, n, width, t.cpu);
	} else {
		printf("%s_s %zu %.6f\n", name, n, t.wall);
		printf("%s_cpu_s %zu %.6f\n", name, n, t.cpu);
	}
}

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 128, 256 };
	static const int widths[] = { 5, 11 };
	int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
	long peak_input = 0, peak_ldm_dvh = 0, peak_kernel = 0, peak_ct_input = 0,
	     peak_ct_kernel = 0;

	/*
	 * The peaks first, while this process is small: a child shares its parent's resident
	 * pages, which count in its peak; after the timings the parent's heap would inflate
	 * them.
	 */
	if (!quick) {
		peak_input = peak_child(256, -1);
		peak_ldm_dvh = peak_child(256, 0);
		peak_kernel = peak_child(256, 11);
		peak_ct_input = peak_child(0, -1);
		peak_ct_kernel = peak_child(0, 11);
	}

	printf("# libradioembo %s, single thread, %g mm voxels, best of %d\n",
	       radioembo_version_string(), SPACING_MM, REPEAT);
	for (size_t s = 0; s < (quick ? 1u : 2u); s++) {
		size_t n = sizes[s];
		radioembo_volume *a = activity(n), *labels = ones(n);
		print_span("copy", n, 0, time_copy(a));
		print_span("memcpy", n, 0, time_memcpy(a));
		print_span("ldm", n, 0, time_ldm(a));
		print_span("ldm_dvh", n, 0, time_ldm_dvh(a, labels));
		print_span("ldm_dvh_binned", n, 0, time_ldm_dvh_binned(a, labels));
		for (size_t w = 0; w < 2; w++) {
			radioembo_kernel *k;
			size_t rx, ry, rz;
			check(radioembo_kernel_new_y90(SPACING_MM, SPACING_MM, SPACING_MM,
						       SPACING_MM * (widths[w] / 2), &k),
			      "kernel");
			check(radioembo_kernel_get_radius_voxels(k, &rx, &ry, &rz), "radius");
			if (2 * rx + 1 != (size_t)widths[w]) {
				fprintf(stderr, "bench_voxel: kernel width %zu\n", 2 * rx + 1);
				return 1;
			}
			print_span("kernel_fft", n, widths[w],
				   time_kernel(a, k, RADIOEMBO_CONVOLUTION_FFT,
					       CONVOLUTION_REPEAT(n)));
			print_span("kernel_direct", n, widths[w],
				   time_kernel(a, k, RADIOEMBO_CONVOLUTION_DIRECT, 1));
			print_span("kernel_auto", n, widths[w],
				   time_kernel(a, k, RADIOEMBO_CONVOLUTION_AUTO,
					       CONVOLUTION_REPEAT(n)));
			radioembo_kernel_free(k);
		}
		radioembo_volume_free(labels);
		radioembo_volume_free(a);
		fflush(stdout);
	}
	if (!quick) {
		radioembo_volume *a = activity_grid(CT_NX, CT_NY, CT_NZ);

		for (size_t w = 0; w < 2; w++) {
			radioembo_kernel *k;
			struct span t;

			check(radioembo_kernel_new_y90(SPACING_MM, SPACING_MM, SPACING_MM,
						       SPACING_MM * (widths[w] / 2), &k),
			      "kernel");
			/*
			 * One untimed dose first, as the scipy script does one untimed
			 * fftconvolve: the first 320 MiB maps of a process cost 0.2-0.8 s of
			 * system time in page faults here, whichever method; later ones
			 * 0.01-0.2 s (bench/README).
			 */
			if (w == 0)
				(void)time_kernel(a, k, RADIOEMBO_CONVOLUTION_AUTO, 1);
			t = time_kernel(a, k, RADIOEMBO_CONVOLUTION_AUTO, 2);
			printf("kernel_auto_s %dx%dx%d %d %.6f\n", CT_NX, CT_NY, CT_NZ, widths[w],
			       t.wall);
			printf("kernel_auto_cpu_s %dx%dx%d %d %.6f\n", CT_NX, CT_NY, CT_NZ,
			       widths[w], t.cpu);
			radioembo_kernel_free(k);
		}
		radioembo_volume_free(a);
	}
	if (!quick) {
		size_t n = 256;
		printf("input_bytes %zu %zu\n", n, n * n * n * sizeof(float));
		printf("peak_input_only_bytes %zu %ld\n", n, peak_input);
		printf("peak_ldm_dvh_bytes %zu %ld\n", n, peak_ldm_dvh);
		printf("peak_kernel11_bytes %zu %ld\n", n, peak_kernel);
		printf("input_bytes %dx%dx%d %zu\n", CT_NX, CT_NY, CT_NZ,
		       (size_t)CT_NX * CT_NY * CT_NZ * sizeof(float));
		printf("peak_input_only_bytes %dx%dx%d %ld\n", CT_NX, CT_NY, CT_NZ, peak_ct_input);
		printf("peak_kernel11_bytes %dx%dx%d %ld\n", CT_NX, CT_NY, CT_NZ, peak_ct_kernel);
	}
	return 0;
}
