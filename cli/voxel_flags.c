/*
 * radioembo(1) voxel: its flags and the syntax of their values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "voxel_run.h"

const struct option_spec voxel_specs[V_COUNT] = {
	[V_ACTIVITY] = { "activity", "FILE", "activity map, GBq per voxel at administration" },
	[V_COUNTS] = { "counts", "FILE",
		       "counts image, calibrated with --mask and --activity-gbq" },
	[V_MASK] = { "mask", "FILE", "perfused territory (> 0.5) sharing --activity-gbq" },
	[V_ACTIVITY_GBQ] = { "activity-gbq", "GBQ", "administered activity (with --counts)" },
	[V_LSF] = { "lsf", "F", "lung shunt fraction 0..1 left out of the mask (default 0)" },
	[V_BQ_PER_ML] = { "bq-per-ml", "FILE", "quantitative image, Bq/mL at acquisition" },
	[V_ACQUISITION_H] = { "acquisition-h", "H", "hours from administration to acquisition" },
	[V_LABELS] = { "labels", "FILE", "label map: structure L where the value rounds to L" },
	[V_LABEL_NAMES] = { "label-names", "L=NAME,...", "names of the labels in the outputs" },
	[V_DENSITY] = { "density", "FILE", "density map, g/mL" },
	[V_CT] = { "ct", "FILE", "CT in HU on the same grid: density (HU + 1000) / 1000" },
	[V_DENSITY_G_PER_ML] = { "density-g-per-ml", "RHO", "uniform density (default 1.03)" },
	[V_METHOD] = { "method", "ldm|kernel", "dose method (default ldm)" },
	[V_KERNEL_RADIUS] = { "kernel-radius-mm", "MM", "kernel truncation radius (default 11)" },
	[V_CONVOLUTION] = { "convolution", "auto|fft|direct", "kernel convolution (default auto)" },
	[V_PRODUCT] = { "product", "NAME", "catalogue product: nuclide, half-life, dose factor" },
	[V_HALF_LIFE] = { "half-life-h", "H", "half-life instead of the product's" },
	[V_DOSE_FACTOR] = { "dose-factor", "GYKG/GBQ", "LDM dose factor instead of the product's" },
	[V_DOSE_OUT] = { "dose-out", "FILE", "dose map to write, Gy (.nii or .nii.gz)" },
	[V_DVH_OUT] = { "dvh-out", "FILE", "cumulative DVH of each structure, CSV" },
	[V_METRICS_OUT] = { "metrics-out", "FILE", "metrics JSON (default standard output)" },
	[V_BIN_WIDTH] = { "bin-width-gy", "GY", "DVH bin width (default 1)" },
	[V_DX] = { "dx-percent", "LIST", "Dx to report (default 2,50,70,90,95,98)" },
	[V_VX] = { "vx-gy", "LIST", "Vx to report (default 100,120,205)" },
	[V_EUD_ALPHA] = { "eud-alpha-per-gy", "ALPHA",
			  "EUD and EUBED radiosensitivity (default 0.27)" },
	[V_TERRITORIES] = { "territories", "FILE",
			    "perfused territories for --counts: L where the value rounds to L" },
	[V_TERRITORY_GBQ] = { "territory-activity-gbq", "L=GBQ,...",
			      "activity given to each territory" },
	[V_BED_OUT] = { "bed-out", "FILE", "BED map to write, Gy (.nii or .nii.gz)" },
	[V_EQD2_OUT] = { "eqd2-out", "FILE", "EQD2 map to write, Gy (.nii or .nii.gz)" },
	[V_ALPHA_BETA] = { "alpha-beta-gy", "GY", "alpha/beta of BED, EQD2, EUBED (default 2.5)" },
	[V_REPAIR_H] = { "repair-half-time-h", "H", "repair half-time of BED (default 1.5)" },
	[V_KERNEL_ENERGY] = { "kernel-energy", "point-kernel|dose-factor",
			      "kernel energy per decay (default point-kernel)" },
	[V_REPORT_OUT] = { "report-out", "FILE", "report to read and sign: .html or .pdf" },
	[V_THREADS] = { "threads", "N", "dose threads (default: processors online)" },
	[V_NUCLIDE] = { "nuclide", "NAME", "Y-90 or Ho-166 with its own physics, not --product" },
	[V_DOSE_GRID] = { "dose-grid", "activity|ct", "grid of the dose (default the activity's)" },
};

int voxel_number(struct run *r, size_t flag, double fallback, double *out, struct cli_error *err)
{
	int present;
	*out = fallback;
	return options_number(voxel_specs, r->values, flag, 0, out, &present, err);
}

int voxel_parse_list(const char *text, const char *flag, double *out, size_t *n,
		     struct cli_error *err)
{
	char buffer[512], *word, *save = NULL;

	*n = 0;
	if (strlen(text) >= sizeof buffer)
		return cli_fail(err, CLI_EXIT_USAGE, "--%s: list too long", flag);
	strcpy(buffer, text);
	for (word = strtok_r(buffer, ",", &save); word; word = strtok_r(NULL, ",", &save)) {
		if (*n == MAX_LIST)
			return cli_fail(err, CLI_EXIT_USAGE, "--%s: at most %d values", flag,
					MAX_LIST);
		if (cli_parse_double(word, &out[*n]) != 0 || out[*n] < 0.0)
			return cli_fail(err, CLI_EXIT_USAGE,
					"--%s \"%s\": expected non-negative numbers separated by "
					"commas",
					flag, text);
		(*n)++;
	}
	if (*n == 0)
		return cli_fail(err, CLI_EXIT_USAGE, "--%s \"%s\": empty list", flag, text);
	return 0;
}

/* The name of label L from --label-names "1=liver,2=tumour", or NULL. */
const char *voxel_label_name(const char *names, int label, char *buffer, size_t size)
{
	const char *p = names;

	while (p != NULL && *p != '\0') {
		char *end;
		long value = strtol(p, &end, 10);
		const char *stop = strchr(p, ',');
		size_t length = stop != NULL ? (size_t)(stop - p) : strlen(p);
		if (end != p && *end == '=' && value == label) {
			size_t k = length - (size_t)(end + 1 - p);
			if (k >= size)
				k = size - 1;
			memcpy(buffer, end + 1, k);
			buffer[k] = '\0';
			return buffer;
		}
		p = stop != NULL ? stop + 1 : NULL;
	}
	return NULL;
}

int voxel_check_label_names(const char *names, struct cli_error *err)
{
	const char *p = names;
	json_t *probe = json_string(names); /* NULL for text that is not UTF-8 */

	if (probe == NULL)
		return cli_fail(err, CLI_EXIT_USAGE,
				"--label-names: the names must be UTF-8 text (they are written to "
				"JSON)");
	json_decref(probe);

	while (p != NULL) {
		char *end;
		long value = strtol(p, &end, 10);
		const char *stop = strchr(p, ',');
		if (end == p || *end != '=' || value < 1 ||
		    end + 1 == (stop ? stop : p + strlen(p)))
			return cli_fail(err, CLI_EXIT_USAGE,
					"--label-names \"%s\": expected LABEL=NAME,... with labels "
					">= 1",
					names);
		p = stop != NULL ? stop + 1 : NULL;
	}
	return 0;
}

/* --territory-activity-gbq "1=1.2,2=0.85": territory labels >= 1, activities >= 0. */
int voxel_parse_territories(struct run *r, struct cli_error *err)
{
	const char *text = r->values[V_TERRITORY_GBQ], *p = text;
	size_t i;

	if (text == NULL)
		return cli_fail(err, CLI_EXIT_USAGE,
				"--territories needs --territory-activity-gbq");
	while (p != NULL) {
		char *end, number[64];
		long label = strtol(p, &end, 10);
		const char *stop = strchr(p, ',');
		size_t length = (size_t)((stop ? stop : p + strlen(p)) - (end + 1));

		if (end == p || *end != '=' || label < 1 || label >= MAX_LABELS || length == 0 ||
		    length >= sizeof number || r->nterritories == MAX_TERRITORIES)
			return cli_fail(err, CLI_EXIT_USAGE,
					"--territory-activity-gbq \"%s\": expected L=GBQ,... with "
					"territories 1 to %d, at most %d of them",
					text, MAX_LABELS - 1, MAX_TERRITORIES);
		memcpy(number, end + 1, length);
		number[length] = '\0';
		if (cli_parse_double(number, &r->territory_gbq[r->nterritories]) != 0)
			return cli_fail(err, CLI_EXIT_USAGE,
					"--territory-activity-gbq \"%s\": \"%s\" is not a number",
					text, number);
		for (i = 0; i < r->nterritories; i++)
			if (r->territory[i] == (int)label)
				return cli_fail(err, CLI_EXIT_USAGE,
						"--territory-activity-gbq \"%s\": territory %ld "
						"given twice",
						text, label);
		r->territory[r->nterritories++] = (int)label;
		p = stop != NULL ? stop + 1 : NULL;
	}
	return 0;
}
