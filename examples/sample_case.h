/*
 * The sample case of `make demo`: a realistic hepatocellular carcinoma treated through the
 * right hepatic artery. Invented for demonstration; every number is an input, not a
 * library constant.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_SAMPLE_CASE_H
#define RADIOEMBO_SAMPLE_CASE_H

#include <stdio.h>

#include <radioembo.h>

struct sample_lesion {
	const char *label;
	double volume_ml;
	double tnr; /* 0: not measured */
	const char *territory;
};

struct sample_case {
	double liver_volume_ml, liver_density_g_per_ml;
	const char *territory_labels[2];
	double territory_volumes_ml[2];
	struct sample_lesion lesions[3];
	/* planar MAA counts: lung anterior, lung posterior, liver anterior, liver posterior */
	double maa_counts[4];
	double height_cm, weight_kg, residual_fraction;
	const char *territory_label; /* the treated one */
	const char *treatment;
	const char *glass_calibration, *resin_calibration;
};

extern const struct sample_case sample_hcc_case;

/* New liver (with lesions and territories) and lungs; the caller frees them. */
int sample_case_build(const struct sample_case *sample, radioembo_liver **liver_out,
		      radioembo_lung **lung_out);
/* Territory, patient size, residual, instants. */
int sample_case_configure(const struct sample_case *sample, radioembo_plan *plan);
void sample_case_describe(const struct sample_case *sample, FILE *out);

#endif
