/*
 * Monte Carlo throughput of the uncertainty module on a three-lesion partition plan, in
 * plan evaluations (samples) per second, single-threaded: the time of the whole
 * radioembo_plan_propagate_monte_carlo call (the plan's computation, the draws, the
 * evaluations and every statistic), with the default generator (gfsr4) or the one named by
 * the second argument. Three runs, each reported by wall-clock time and by the process's
 * CPU time (on a shared machine the wall clock also counts time spent waiting for a core).
 * Then the speedup on T threads (the third argument, by default the processors online but
 * at least 2) against 1 thread in the same run, best wall time of three runs each, with the
 * load average, as `speedup Monte Carlo <T> threads: <N>x`, and whether the two
 * propagations are the same bit for bit.
 * `make bench` runs it; it is a measurement, never a test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, sysconf */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <radioembo.h>

#include "load_average.h"

static void check(int status, const char *what)
{
	if (status != RADIOEMBO_OK) {
		fprintf(stderr, "bench: %s: %s\n", what, radioembo_last_error_message());
		exit(1);
	}
}

static double now_s(clockid_t clock)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Best wall time of three propagations on threads threads; the last propagation kept. */
static double best_time(const radioembo_plan *plan, radioembo_uncertainty *u, size_t samples,
			size_t threads, radioembo_propagation **p)
{
	double best = 1e300;
	int run;

	check(radioembo_uncertainty_set_threads(u, threads), "threads");
	for (run = 0; run < 3; run++) {
		double start = now_s(CLOCK_MONOTONIC), t;

		radioembo_propagation_free(*p);
		*p = NULL;
		check(radioembo_plan_propagate_monte_carlo(plan, RADIOEMBO_MODEL_PARTITION, u, 1,
							   samples, p),
		      "propagate");
		t = now_s(CLOCK_MONOTONIC) - start;
		best = t < best ? t : best;
	}
	return best;
}

static void speedup(const radioembo_plan *plan, radioembo_uncertainty *u, size_t samples,
		    size_t threads)
{
	static const radioembo_figure figures[] = { RADIOEMBO_FIGURE_PERFUSED_DOSE,
						    RADIOEMBO_FIGURE_LUNG_DOSE };
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	radioembo_propagation *one = NULL, *many = NULL;
	double t1, tn, load_before = load_average(), a[6], b[6];
	int same = 1;
	size_t f;

	if (threads == 0)
		threads = online > 2 ? (size_t)online : 2;
	t1 = best_time(plan, u, samples, 1, &one);
	tn = best_time(plan, u, samples, threads, &many);
	for (f = 0; f < sizeof figures / sizeof figures[0]; f++) {
		check(radioembo_propagation_get_summary(one, figures[f], 0, &a[0], &a[1], &a[2],
							&a[3], &a[4], &a[5]),
		      "summary");
		check(radioembo_propagation_get_summary(many, figures[f], 0, &b[0], &b[1], &b[2],
							&b[3], &b[4], &b[5]),
		      "summary");
		same = same && memcmp(a, b, sizeof a) == 0;
	}
	printf("uncertainty: Monte Carlo (%s), %zu samples: 1 thread %.3f s, %zu threads %.3f s, "
	       "best of 3; load %.2f before, %.2f after; summaries %s\n",
	       radioembo_uncertainty_generator(u), samples, t1, threads, tn, load_before,
	       load_average(), same ? "identical" : "DIFFERENT");
	printf("speedup Monte Carlo %zu threads: %.2fx (target 1.6x on 2 cores)\n", threads,
	       t1 / tn);
	radioembo_propagation_free(one);
	radioembo_propagation_free(many);
}

int main(int argc, char **argv)
{
	static const double volumes[] = { 118.0, 36.5, 12.25 }, tnrs[] = { 3.4, 5.1, 2.35 };
	static const char *const labels[] = { "lesion 1", "lesion 2", "lesion 3" };
	size_t samples = argc > 1 ? strtoul(argv[1], NULL, 10) : 2000000, i;
	radioembo_product *product;
	radioembo_liver *liver;
	radioembo_lung *lung;
	radioembo_plan *plan;
	radioembo_uncertainty *u;
	radioembo_propagation *p;
	double start, cpu_start, seconds, cpu_seconds;
	int run;

	check(radioembo_product_new_builtin("TheraSphere", &product), "product");
	check(radioembo_liver_new(1650.0, 1.05, &liver), "liver");
	for (i = 0; i < 3; i++) {
		radioembo_lesion *lesion;
		check(radioembo_lesion_new(labels[i], volumes[i], &lesion), "lesion");
		check(radioembo_lesion_set_tnr(lesion, tnrs[i]), "tnr");
		check(radioembo_liver_add_lesion(liver, lesion, NULL), "add");
		radioembo_lesion_free(lesion);
	}
	check(radioembo_lung_new(&lung), "lung");
	check(radioembo_lung_set_lsf(lung, 0.0735), "lsf");
	check(radioembo_plan_new(product, liver, lung, &plan), "plan");
	check(radioembo_uncertainty_new(&u), "uncertainty");
	check(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_ACTIVITY,
					      RADIOEMBO_DISTRIBUTION_NORMAL, 0.05), "input");
	check(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_LSF,
					      RADIOEMBO_DISTRIBUTION_NORMAL, 0.01), "input");
	check(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_LESION_VOLUME,
					      RADIOEMBO_DISTRIBUTION_NORMAL, 0.1), "input");
	check(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_TNR,
					      RADIOEMBO_DISTRIBUTION_LOGNORMAL, 0.2), "input");
	check(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_LIVER_VOLUME,
					      RADIOEMBO_DISTRIBUTION_NORMAL, 0.05), "input");
	if (argc > 2)
		check(radioembo_uncertainty_set_generator(u, argv[2]), "generator");
	for (run = 1; run <= 3; run++) {
		start = now_s(CLOCK_MONOTONIC);
		cpu_start = now_s(CLOCK_PROCESS_CPUTIME_ID);
		check(radioembo_plan_propagate_monte_carlo(plan, RADIOEMBO_MODEL_PARTITION, u, 1,
							   samples, &p),
		      "propagate");
		cpu_seconds = now_s(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
		seconds = now_s(CLOCK_MONOTONIC) - start;
		printf("uncertainty: Monte Carlo (%s), 3-lesion partition plan, run %d, "
		       "%zu samples in %.3f s (%.3f s CPU): %.3g plan evaluations per second, "
		       "%.3g per CPU second (target 1e7), summary statistics included\n",
		       radioembo_uncertainty_generator(u), run, samples, seconds, cpu_seconds,
		       (double)samples / seconds, (double)samples / cpu_seconds);
		radioembo_propagation_free(p);
	}
	speedup(plan, u, samples, argc > 3 ? strtoul(argv[3], NULL, 10) : 0);
	radioembo_uncertainty_free(u);
	radioembo_plan_free(plan);
	radioembo_lung_free(lung);
	radioembo_liver_free(liver);
	radioembo_product_free(product);
	return 0;
}
