/*
 * The machine's 1-minute load average, printed by the benchmarks beside their timings
 * (other work on the cores slows a measurement, and hides a speedup): /proc/loadavg, or -1
 * where there is none. A header of bench/, included by the benchmarks that print it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_BENCH_LOAD_AVERAGE_H
#define RADIOEMBO_BENCH_LOAD_AVERAGE_H

#include <stdio.h>

static double load_average(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	double load = -1.0;

	if (f != NULL) {
		if (fscanf(f, "%lf", &load) != 1)
			load = -1.0;
		fclose(f);
	}
	return load;
}

#endif
