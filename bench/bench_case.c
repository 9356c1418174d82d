/*
 * The cost of a large case: 1,000, 10,000 and 100,000 lesions, each in one
 * of a hundredth as many territories, read from JSON text (radioembo_case_new_from_json),
 * computed (radioembo_case_compute) and rendered as the JSON report
 * (radioembo_report_json). Wall-clock and process CPU time of each; linear cost shows as a
 * per-lesion time that stays flat. `make bench` runs it; it is a measurement, never a test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <radioembo.h>

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

/* The case text, to free; territories and lesions are labelled by a counter. */
static char *make_case(size_t lesions)
{
	size_t territories = lesions / 100, size = 1024 + 64 * territories + 128 * lesions, used, i;
	char *text = malloc(size);

	if (text == NULL) {
		fprintf(stderr, "bench: out of memory\n");
		exit(1);
	}
	used = (size_t)snprintf(text, size,
				"{\"schema_version\": 1, \"id\": \"bench\", "
				"\"product\": {\"name\": \"TheraSphere\"}, "
				"\"liver\": {\"volume_ml\": 2000, \"density_g_per_ml\": 1.05}, "
				"\"territories\": [");
	for (i = 0; i < territories; i++)
		used += (size_t)snprintf(text + used, size - used,
					 "%s{\"label\": \"T-%zu\", \"volume_ml\": %.17g}",
					 i ? ", " : "", i, 2000.0 / (double)territories);
	used += (size_t)snprintf(text + used, size - used, "], \"lesions\": [");
	for (i = 0; i < lesions; i++)
		used += (size_t)snprintf(text + used, size - used,
					 "%s{\"label\": \"L-%zu\", \"volume_ml\": %.17g, "
					 "\"tnr\": 3, \"territory\": \"T-%zu\"}",
					 i ? ", " : "", i, 500.0 / (double)lesions,
					 i % territories);
	snprintf(text + used, size - used,
		 "], \"lungs\": {\"lsf\": 0.05}, \"treated_territory\": \"T-0\", "
		 "\"prescription\": {\"kind\": \"max_safe\"}, "
		 "\"timing\": {\"treatment\": \"2026-12-09T10:00:00-05:00\", "
		 "\"calibration\": \"2026-12-06T12:00:00-05:00\"}, \"residual_fraction\": 0.01}");
	return text;
}

int main(void)
{
	static const size_t counts[] = { 1000, 10000, 100000 };
	size_t k;

	for (k = 0; k < sizeof counts / sizeof counts[0]; k++) {
		char *text = make_case(counts[k]);
		double start = now_s(CLOCK_MONOTONIC), cpu_start = now_s(CLOCK_PROCESS_CPUTIME_ID);
		double seconds, cpu_seconds;
		radioembo_report *report;
		radioembo_case *c;

		check(radioembo_case_new_from_json(text, (size_t)-1, &c), "case");
		check(radioembo_case_compute(c, &report), "compute");
		if (radioembo_report_json(report) == NULL)
			check(RADIOEMBO_ENOMEM, "report_json");
		cpu_seconds = now_s(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
		seconds = now_s(CLOCK_MONOTONIC) - start;
		printf("case: %zu lesions in %zu territories, read + compute + JSON report in "
		       "%.3f s (%.3f s CPU): %.2f us per lesion (CPU)\n",
		       counts[k], counts[k] / 100, seconds, cpu_seconds,
		       1e6 * cpu_seconds / (double)counts[k]);
		radioembo_report_free(report);
		radioembo_case_free(c);
		free(text);
	}
	return 0;
}
