/*
 * The demo `make demo` runs: a sample Y-90 vial through a treatment week, using only the
 * public API, as a treatment-planning system would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <radioembo.h>

static int check(int status)
{
	if (status != RADIOEMBO_OK) {
		fprintf(stderr, "demo: %s: %s\n", radioembo_strerror(status),
			radioembo_last_error_message());
		exit(1);
	}
	return status;
}

/* A 5 GBq glass vial calibrated on Sunday at noon, looked at each noon of the week. */
static void print_decay_table(void)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	const double vial_gbq = 5.0;
	double half_life_h;
	int day;

	check(radioembo_nuclide_half_life_h(RADIOEMBO_NUCLIDE_Y90, &half_life_h));
	printf("Sample vial: %.2f GBq %s at calibration (Sunday 12:00), half-life %.1f h\n\n",
	       vial_gbq, radioembo_nuclide_name(RADIOEMBO_NUCLIDE_Y90), half_life_h);
	printf("  day  elapsed_h  activity_gbq  decay_factor\n");
	for (day = 0; day < 7; day++) {
		double elapsed_h = 24.0 * day, activity_gbq, factor;

		check(radioembo_decay_activity_gbq(vial_gbq, half_life_h, elapsed_h, &activity_gbq));
		check(radioembo_decay_factor(half_life_h, elapsed_h, &factor));
		printf("  %s  %9.1f  %12.3f  %12.4f\n", days[day], elapsed_h, activity_gbq, factor);
	}
}

/* How quickly an implant delivers its dose: the planning argument for a 14-day window. */
static void print_delivery(void)
{
	static const double days[] = { 1, 3, 7, 14 };
	double half_life_h, cumulated_gbq_h;
	size_t i;

	check(radioembo_nuclide_half_life_h(RADIOEMBO_NUCLIDE_Y90, &half_life_h));
	check(radioembo_decay_cumulated_gbq_h(1.0, half_life_h, INFINITY, &cumulated_gbq_h));
	printf("\nDose delivered after implantation (1 GBq implanted: %.2f GBq h in total)\n",
	       cumulated_gbq_h);
	for (i = 0; i < sizeof days / sizeof days[0]; i++) {
		double fraction;
		check(radioembo_decay_delivered_fraction(half_life_h, 24.0 * days[i], &fraction));
		printf("  %4.0f d  %5.1f %%\n", days[i], 100.0 * fraction);
	}
}

int main(void)
{
	printf("libradioembo %s demo\n\n", radioembo_version_string());
	print_decay_table();
	print_delivery();
	return 0;
}
