/*
 * radioembo(1) voxel: voxel dosimetry from NIfTI-1 images. Activity (already in GBq per
 * voxel, or calibrated from counts in a mask, or from a quantitative Bq/mL image), density
 * (uniform, a density map or CT), the dose by local deposition or by the Y-90 dose-voxel
 * kernel, BED and EQD2 maps, then per structure of a label map the DVH and its metrics.
 * Counts may be calibrated per perfused territory (a territory label map, one administered
 * activity each). Every number is the library's (voxel.h, dvh.h); this file reads flags
 * and writes files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <radioembo.h>

#include "commands.h"
#include "image.h"
#include "nifti.h"
#include "options.h"
#include "output.h"
#include "structures.h"
#include "voxel_report.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_LIST 32      /* entries of --dx-percent and --vx-gy */
#define MAX_LABELS 4096  /* distinct structures of a label map */
#define MAX_TERRITORIES 32 /* entries of --territory-activity-gbq */

enum {
	V_ACTIVITY, V_COUNTS, V_MASK, V_ACTIVITY_GBQ, V_LSF, V_BQ_PER_ML, V_ACQUISITION_H,
	V_LABELS, V_LABEL_NAMES, V_DENSITY, V_CT, V_DENSITY_G_PER_ML, V_METHOD, V_KERNEL_RADIUS,
	V_CONVOLUTION, V_PRODUCT, V_HALF_LIFE, V_DOSE_FACTOR, V_DOSE_OUT, V_DVH_OUT,
	V_METRICS_OUT, V_BIN_WIDTH, V_DX, V_VX, V_EUD_ALPHA, V_TERRITORIES, V_TERRITORY_GBQ,
	V_BED_OUT, V_EQD2_OUT, V_ALPHA_BETA, V_REPAIR_H, V_KERNEL_ENERGY, V_REPORT_OUT,
	V_THREADS, V_NUCLIDE, V_DOSE_GRID
};
static const struct option_spec specs[] = {
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

struct run {
	const char *values[COUNT(specs)];
	radioembo_volume *activity, *density, *labels, *dose, *bed, *eqd2;
	struct nifti_grid *grid;
	const char *activity_flag; /* the image whose grid the dose is on */
	json_t *resampled;         /* the images brought onto that grid */
	struct dicom_info source;  /* the activity image's, when DICOM */
	char *label_names;         /* a SEG's or RTSTRUCT's, "1=liver,..." */
	radioembo_kernel *kernel;
	radioembo_nuclide nuclide;
	char product[64];
	double half_life_h, dose_factor, uniform_density, bin_width, eud_alpha, kernel_radius;
	double alpha_beta, repair_h, activity_outside_ct;
	int dose_on_ct;
	int territory[MAX_TERRITORIES];
	double territory_gbq[MAX_TERRITORIES];
	size_t nterritories;
	char method_reason_text[256];
	double dx[MAX_LIST], vx[MAX_LIST];
	size_t ndx, nvx;
	int kernel_method;
	const char *method_reason, *calibration, *density_source;
	/* the energy per decay the dose used (MeV) and where it comes from; the kernel's density */
	double energy_per_decay, kernel_density;
	const char *energy_source;
	int labels_list[MAX_LABELS];
	size_t nlabels;
	struct structure_box *boxes; /* of each label, MAX_LABELS of them */
	struct output_set outputs;   /* every file the run writes, committed together */
	struct output metrics, dvh_csv, report; /* dvh_csv also when only the report reads it */
	struct image_output maps[3];
};

static int library_error(struct cli_error *err, int rc, const char *what)
{
	return cli_fail(err, cli_status_from_library(rc), "%s: %s", what,
			radioembo_last_error_message());
}

static int number(struct run *r, size_t flag, double fallback, double *out,
		  struct cli_error *err)
{
	int present;
	*out = fallback;
	return options_number(specs, r->values, flag, 0, out, &present, err);
}

static int parse_list(const char *text, const char *flag, double *out, size_t *n,
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
					"commas", flag, text);
		(*n)++;
	}
	if (*n == 0)
		return cli_fail(err, CLI_EXIT_USAGE, "--%s \"%s\": empty list", flag, text);
	return 0;
}

/* The name of label L from --label-names "1=liver,2=tumour", or NULL. */
static const char *label_name(const char *names, int label, char *buffer, size_t size)
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

static int check_label_names(const char *names, struct cli_error *err)
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
		if (end == p || *end != '=' || value < 1 || end + 1 == (stop ? stop : p + strlen(p)))
			return cli_fail(err, CLI_EXIT_USAGE,
					"--label-names \"%s\": expected LABEL=NAME,... with labels "
					">= 1", names);
		p = stop != NULL ? stop + 1 : NULL;
	}
	return 0;
}

/* How the image of flag is resampled onto the dose grid (radioembo(1) voxel). */
static struct image_kind kind_of(const struct run *r, size_t flag)
{
	struct image_kind kind = {RADIOEMBO_VOLUME_RESAMPLE_NEAREST, 0.0, 1};

	if (flag == V_DENSITY || flag == V_CT) { /* outside the image: the uniform density */
		kind.mode = RADIOEMBO_VOLUME_RESAMPLE_LINEAR;
		kind.outside = flag == V_CT ? r->uniform_density * 1000.0 - 1000.0
					    : r->uniform_density;
		kind.is_mask = 0;
	}
	return kind;
}

/* Notes in the metrics that the image of flag was resampled, and how (once per image). */
static int note_resampled(struct run *r, const char *flag, const char *how,
			  struct cli_error *err)
{
	size_t i;

	for (i = 0; i < json_array_size(r->resampled); i++)
		if (strcmp(json_string_value(json_object_get(json_array_get(r->resampled, i),
							     "image")),
			   flag) == 0)
			return 0;
	if (json_array_append_new(r->resampled,
				  json_pack("{s:s,s:s}", "image", flag, "resampling", how)))
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	return 0;
}

/* *image (of flag) brought onto the dose grid: as it is, or resampled (kind_of). */
static int onto_grid(struct run *r, size_t flag, radioembo_volume **image,
		     struct cli_error *err)
{
	struct image_kind kind = kind_of(r, flag);
	int resampled = 0, rc;

	if ((rc = image_onto_grid(r->activity, r->activity_flag, image, specs[flag].name,
				  r->values[flag], &kind, &resampled, err)) ||
	    !resampled)
		return rc;
	return note_resampled(r, specs[flag].name,
			      kind.mode == RADIOEMBO_VOLUME_RESAMPLE_NEAREST ? "nearest"
									 : "trilinear",
			      err);
}

static int read_on_grid(struct run *r, size_t flag, radioembo_volume **out,
			struct cli_error *err)
{
	struct dicom_info info;
	int rc = image_read(r->values[flag], specs[flag].name, r->activity, out, NULL, &info,
			    err);

	if (rc == 0 && (rc = onto_grid(r, flag, out, err)) != 0) {
		radioembo_volume_free(*out);
		*out = NULL;
	}
	/* a SEG's or RTSTRUCT's names name the structures unless --label-names does */
	if (rc == 0 && info.label_names != NULL && flag != V_MASK && r->label_names == NULL) {
		r->label_names = info.label_names;
		info.label_names = NULL;
	}
	free(info.label_names);
	return rc;
}

/*
 * Nuclide, half-life and dose factor from --product or --nuclide (one of them: no product
 * is assumed), then the overrides.
 */
static int physics(struct run *r, struct cli_error *err)
{
	const char *name = r->values[V_PRODUCT];
	radioembo_product *product;
	int rc;

	if ((name == NULL) == (r->values[V_NUCLIDE] == NULL))
		return cli_fail(err, CLI_EXIT_USAGE,
				"give one of --product and --nuclide: the dose needs the nuclide");
	if (name == NULL) {
		if (radioembo_nuclide_from_name(r->values[V_NUCLIDE], &r->nuclide) != 0)
			return cli_fail(err, CLI_EXIT_USAGE,
					"--nuclide \"%s\": expected Y-90 or Ho-166",
					r->values[V_NUCLIDE]);
		rc = radioembo_nuclide_half_life_h(r->nuclide, &r->half_life_h);
		if (rc == 0)
			rc = radioembo_nuclide_dose_factor(r->nuclide, &r->dose_factor);
		if (rc != 0)
			return library_error(err, rc, "--nuclide");
	} else {
		if (radioembo_product_new_builtin(name, &product) != 0)
			return cli_fail(err, CLI_EXIT_USAGE, "--product \"%s\": unknown product",
					name);
		snprintf(r->product, sizeof r->product, "%s", radioembo_product_name(product));
		rc = radioembo_product_get_nuclide(product, &r->nuclide);
		if (rc == 0)
			rc = radioembo_product_get_half_life_h(product, &r->half_life_h);
		if (rc == 0 &&
		    radioembo_product_get_dose_factor_gy_kg_per_gbq(product, &r->dose_factor))
			rc = radioembo_nuclide_dose_factor(r->nuclide, &r->dose_factor);
		radioembo_product_free(product);
		if (rc != 0)
			return library_error(err, rc, "--product");
	}
	if ((rc = number(r, V_HALF_LIFE, r->half_life_h, &r->half_life_h, err)) ||
	    (rc = number(r, V_DOSE_FACTOR, r->dose_factor, &r->dose_factor, err)))
		return rc;
	return 0;
}

/* --territory-activity-gbq "1=1.2,2=0.85": territory labels >= 1, activities >= 0. */
static int parse_territories(struct run *r, struct cli_error *err)
{
	const char *text = r->values[V_TERRITORY_GBQ], *p = text;
	size_t i;

	if (text == NULL)
		return cli_fail(err, CLI_EXIT_USAGE, "--territories needs --territory-activity-gbq");
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
						"given twice", text, label);
		r->territory[r->nterritories++] = (int)label;
		p = stop != NULL ? stop + 1 : NULL;
	}
	return 0;
}

/*
 * Patient-relative calibration per perfused territory: the counts inside territory L
 * share activity_L * (1 - LSF) (radioembo_voxel_activity_relative() with L's mask), and
 * the maps are added (radioembo_volume_accumulate()). Every territory of the map needs an
 * activity and every activity a territory in the map.
 */
static int calibrate_territories(struct run *r, const radioembo_volume *counts, double lsf,
				 struct cli_error *err)
{
	radioembo_volume *map = NULL, *mask = NULL, *part = NULL;
	const float *t;
	float *m;
	size_t n = 0, i, k;
	int rc;

	if ((rc = read_on_grid(r, V_TERRITORIES, &map, err)))
		return rc;
	t = radioembo_volume_data(map);
	radioembo_volume_voxel_count(map, &n);
	for (i = 0; i < n; i++) {
		double label = floor((double)t[i] + 0.5);
		int listed = label <= 0.0;

		for (k = 0; !listed && k < r->nterritories; k++)
			listed = label == (double)r->territory[k];
		if (!listed) {
			radioembo_volume_free(map);
			return cli_fail(err, CLI_EXIT_USAGE,
					"--territories %s: voxel %zu lies in territory %g, which "
					"--territory-activity-gbq does not list",
					r->values[V_TERRITORIES], i, label);
		}
	}
	rc = radioembo_volume_copy(map, &mask);
	if (rc == 0) /* the counts' grid and origin, zeroed, then each territory added */
		rc = radioembo_volume_copy(counts, &r->activity);
	if (rc == 0)
		memset(radioembo_volume_data_mutable(r->activity), 0,
		       n * sizeof(float));
	for (k = 0; rc == 0 && k < r->nterritories; k++) {
		char what[96];

		m = radioembo_volume_data_mutable(mask);
		for (i = 0; i < n; i++)
			m[i] = floor((double)t[i] + 0.5) == (double)r->territory[k] ? 1.0f : 0.0f;
		snprintf(what, sizeof what, "--territories %s: territory %d",
			 r->values[V_TERRITORIES], r->territory[k]);
		if ((rc = radioembo_voxel_activity_relative(counts, mask, r->territory_gbq[k], lsf,
							    &part)) ||
		    (rc = radioembo_volume_accumulate(r->activity, part, 1.0)))
			rc = library_error(err, rc, what);
		radioembo_volume_free(part);
		part = NULL;
	}
	/* without --labels the territories are the structures */
	if (rc == 0 && r->values[V_LABELS] == NULL)
		r->labels = map;
	else
		radioembo_volume_free(map);
	radioembo_volume_free(mask);
	return rc;
}

static int load_activity(struct run *r, struct cli_error *err)
{
	int given = (r->values[V_ACTIVITY] != NULL) + (r->values[V_COUNTS] != NULL) +
		    (r->values[V_BQ_PER_ML] != NULL);
	radioembo_volume *image = NULL, *mask = NULL;
	double activity_gbq, lsf, acquisition_h;
	int rc;

	if (given != 1)
		return cli_fail(err, CLI_EXIT_USAGE,
				"give exactly one of --activity, --counts and --bq-per-ml");
	if ((r->values[V_TERRITORIES] != NULL || r->values[V_TERRITORY_GBQ] != NULL) &&
	    (r->values[V_COUNTS] == NULL || r->values[V_TERRITORIES] == NULL))
		return cli_fail(err, CLI_EXIT_USAGE,
				"--territories and --territory-activity-gbq go with --counts");
	if (r->values[V_ACTIVITY] != NULL) {
		r->activity_flag = "activity";
		r->calibration = "none: the image holds GBq per voxel";
		return image_read(r->values[V_ACTIVITY], "activity", NULL, &r->activity,
				  &r->grid, &r->source, err);
	}
	if (r->values[V_TERRITORIES] != NULL || r->values[V_TERRITORY_GBQ] != NULL) {
		if (r->values[V_MASK] != NULL || r->values[V_ACTIVITY_GBQ] != NULL)
			return cli_fail(err, CLI_EXIT_USAGE,
					"--territories replaces --mask and --activity-gbq");
		r->activity_flag = "counts";
		r->calibration = "patient-relative per perfused territory: the counts in each "
				 "territory share its activity x (1 - LSF)";
		if ((rc = parse_territories(r, err)) || (rc = number(r, V_LSF, 0.0, &lsf, err)))
			return rc;
		if ((rc = image_read(r->values[V_COUNTS], "counts", NULL, &image, &r->grid,
				     &r->source, err)))
			return rc;
		r->activity = image; /* the grid reference for the territories */
		rc = calibrate_territories(r, image, lsf, err);
		if (r->activity == image)
			r->activity = NULL;
		radioembo_volume_free(image);
		return rc;
	}
	if (r->values[V_COUNTS] != NULL) {
		r->activity_flag = "counts";
		r->calibration = "patient-relative: counts in the mask share activity x (1 - LSF)";
		if (r->values[V_MASK] == NULL)
			return cli_fail(err, CLI_EXIT_USAGE, "--counts needs --mask");
		if ((rc = options_number(specs, r->values, V_ACTIVITY_GBQ, 1, &activity_gbq,
					 NULL, err)) ||
		    (rc = number(r, V_LSF, 0.0, &lsf, err)))
			return rc;
		if ((rc = image_read(r->values[V_COUNTS], "counts", NULL, &image, &r->grid,
				     &r->source, err)))
			return rc;
		r->activity = image; /* the grid reference for the mask */
		rc = read_on_grid(r, V_MASK, &mask, err);
		r->activity = NULL;
		if (rc == 0 && (rc = radioembo_voxel_activity_relative(image, mask, activity_gbq,
								       lsf, &r->activity)))
			rc = library_error(err, rc, "--counts");
		radioembo_volume_free(image);
		radioembo_volume_free(mask);
		return rc;
	}
	r->activity_flag = "bq-per-ml";
	r->calibration = "absolute: Bq/mL decay-corrected to administration";
	if ((rc = image_read(r->values[V_BQ_PER_ML], "bq-per-ml", NULL, &image, &r->grid,
			     &r->source, err)))
		return rc;
	/* a DICOM PET says when its values stand: given, --acquisition-h overrides it */
	if ((rc = number(r, V_ACQUISITION_H, r->source.has_delay ? r->source.delay_h : 0.0,
			 &acquisition_h, err))) {
		radioembo_volume_free(image);
		return rc;
	}
	if (r->source.has_delay && r->values[V_ACQUISITION_H] == NULL)
		r->calibration = "absolute: Bq/mL decay-corrected to administration, the delay "
				 "from the PET's DICOM header";
	rc = radioembo_voxel_activity_absolute(image, r->half_life_h, acquisition_h,
					       &r->activity);
	radioembo_volume_free(image);
	return rc ? library_error(err, rc, "--bq-per-ml") : 0;
}

/*
 * --dose-grid ct: the CT is read with its header geometry, which the dose maps will keep,
 * and the activity, calibrated on its own grid, moves onto the CT's by the ACTIVITY
 * resampling (the total conserved where the CT covers it; what falls outside is reported).
 */
static int activity_onto_ct(struct run *r, radioembo_volume **ct, struct cli_error *err)
{
	struct nifti_grid *grid = NULL;
	radioembo_volume *moved = NULL;
	double before = 0.0, after = 0.0;
	int rc;

	if ((rc = image_read(r->values[V_CT], "ct", NULL, ct, &grid, NULL, err)))
		return rc;
	if ((rc = radioembo_volume_resample(r->activity, *ct, RADIOEMBO_VOLUME_RESAMPLE_ACTIVITY,
					    0.0, &moved))) {
		nifti_grid_free(grid);
		return library_error(err, rc, "--dose-grid ct");
	}
	radioembo_volume_sum(r->activity, &before);
	radioembo_volume_sum(moved, &after);
	r->activity_outside_ct = before != 0.0 ? 1.0 - after / before : 0.0;
	if (r->activity_outside_ct > 1e-3)
		fprintf(stderr,
			"radioembo voxel: warning: --dose-grid ct: %.3g %% of the activity lies "
			"outside the CT and is left out\n",
			100.0 * r->activity_outside_ct);
	radioembo_volume_free(r->activity);
	r->activity = moved;
	nifti_grid_free(r->grid);
	r->grid = grid;
	r->activity_flag = "ct";
	return note_resampled(r, "activity", "activity-conserving", err);
}

static int load_density(struct run *r, struct cli_error *err)
{
	radioembo_volume *ct = NULL;
	int rc;

	if ((rc = number(r, V_DENSITY_G_PER_ML, 1.03, &r->uniform_density, err)))
		return rc;
	if (r->values[V_DENSITY] != NULL && r->values[V_CT] != NULL)
		return cli_fail(err, CLI_EXIT_USAGE, "give at most one of --density and --ct");
	if (r->values[V_DENSITY] != NULL) {
		r->density_source = "density map";
		return read_on_grid(r, V_DENSITY, &r->density, err);
	}
	if (r->values[V_CT] != NULL) {
		r->density_source = "CT: (HU + 1000) / 1000 g/mL";
		if ((rc = r->dose_on_ct ? activity_onto_ct(r, &ct, err)
					: read_on_grid(r, V_CT, &ct, err)))
			return rc;
		rc = radioembo_voxel_density_from_ct(ct, &r->density);
		radioembo_volume_free(ct);
		return rc ? library_error(err, rc, "--ct") : 0;
	}
	r->density_source = "uniform";
	return 0;
}

/* The file the structures come from, for messages. */
static const char *label_source(const struct run *r)
{
	return r->values[V_LABELS]	  ? r->values[V_LABELS]
	       : r->values[V_MASK]	  ? r->values[V_MASK]
	       : r->values[V_TERRITORIES] ? r->values[V_TERRITORIES]
					  : "(the whole image)";
}

/* Each structure's box (structures.h), and the bound on their work. */
static int bound_structures(struct run *r, struct cli_error *err)
{
	double work = 0.0;
	size_t i;

	if ((r->boxes = malloc(MAX_LABELS * sizeof *r->boxes)) == NULL)
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	structures_bound(r->labels, r->boxes, MAX_LABELS);
	for (i = 0; i < r->nlabels; i++)
		work += structures_box_voxels(&r->boxes[r->labels_list[i]]);
	if (work > STRUCTURES_MAX_WORK)
		return cli_fail(err, CLI_EXIT_USAGE,
				"--labels %s: the boxes of its %zu structures hold %.0f voxels "
				"together, more than the limit of %.0f",
				label_source(r), r->nlabels, work, STRUCTURES_MAX_WORK);
	return 0;
}

static int load_labels(struct run *r, struct cli_error *err)
{
	const float *v;
	size_t n = 0, i, k;
	unsigned char *seen;
	int rc;

	if (r->values[V_LABELS] != NULL) {
		if ((rc = read_on_grid(r, V_LABELS, &r->labels, err)))
			return rc;
	} else if (r->labels != NULL) { /* the territories, read with the counts */
		if ((rc = onto_grid(r, V_TERRITORIES, &r->labels, err)))
			return rc;
	} else if (r->values[V_MASK] != NULL) { /* the calibration mask is structure 1 */
		if ((rc = read_on_grid(r, V_MASK, &r->labels, err)))
			return rc;
		float *m = radioembo_volume_data_mutable(r->labels);
		radioembo_volume_voxel_count(r->labels, &n);
		for (i = 0; i < n; i++)
			m[i] = m[i] > 0.5f ? 1.0f : 0.0f;
	} else { /* the whole image is structure 1 */
		if ((rc = radioembo_volume_copy(r->activity, &r->labels)))
			return library_error(err, rc, "labels");
		float *m = radioembo_volume_data_mutable(r->labels);
		radioembo_volume_voxel_count(r->labels, &n);
		for (i = 0; i < n; i++)
			m[i] = 1.0f;
	}
	radioembo_volume_voxel_count(r->labels, &n);
	v = radioembo_volume_data(r->labels);
	if ((seen = calloc(MAX_LABELS, 1)) == NULL)
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	for (i = 0; i < n; i++) {
		double label = floor((double)v[i] + 0.5);
		if (label < 0.0 || label >= MAX_LABELS) {
			free(seen);
			return cli_fail(err, CLI_EXIT_USAGE,
					"--labels %s: voxel %zu holds %g; labels are 0 (outside) to %d",
					r->values[V_LABELS] ? r->values[V_LABELS]
							    : r->values[V_TERRITORIES],
					i, (double)v[i], MAX_LABELS - 1);
		}
		seen[(size_t)label] = 1;
	}
	for (k = 1; k < MAX_LABELS; k++)
		if (seen[k])
			r->labels_list[r->nlabels++] = (int)k;
	free(seen);
	if (r->nlabels == 0)
		return cli_fail(err, CLI_EXIT_USAGE, "--labels %s: no voxel carries a label >= 1",
				label_source(r));
	return bound_structures(r, err);
}

static int compute_dose(struct run *r, struct cli_error *err)
{
	const char *method = r->values[V_METHOD] ? r->values[V_METHOD] : "ldm";
	const char *conv = r->values[V_CONVOLUTION] ? r->values[V_CONVOLUTION] : "auto";
	const char *energy =
		r->values[V_KERNEL_ENERGY] ? r->values[V_KERNEL_ENERGY] : "point-kernel";
	radioembo_convolution convolution;
	radioembo_voxel_method requested, used;
	double sx, sy, sz;
	size_t threads;
	int rc;

	if ((rc = cli_parse_threads(r->values[V_THREADS], &threads, err)))
		return rc;
	if (strcmp(conv, "auto") == 0)
		convolution = RADIOEMBO_CONVOLUTION_AUTO;
	else if (strcmp(conv, "fft") == 0)
		convolution = RADIOEMBO_CONVOLUTION_FFT;
	else if (strcmp(conv, "direct") == 0)
		convolution = RADIOEMBO_CONVOLUTION_DIRECT;
	else
		return cli_fail(err, CLI_EXIT_USAGE,
				"--convolution \"%s\": expected auto, fft or direct", conv);
	if ((rc = number(r, V_KERNEL_RADIUS, 11.0, &r->kernel_radius, err)))
		return rc;
	if (strcmp(energy, "point-kernel") != 0 && strcmp(energy, "dose-factor") != 0)
		return cli_fail(err, CLI_EXIT_USAGE,
				"--kernel-energy \"%s\": expected point-kernel or dose-factor",
				energy);
	/* the LDM deposits the dose factor's energy per decay */
	if ((rc = radioembo_kernel_dose_factor_energy_mev(r->dose_factor, r->half_life_h,
							  &r->energy_per_decay)))
		return library_error(err, rc, "--dose-factor");
	r->energy_source = "dose factor";
	if (strcmp(method, "ldm") == 0)
		requested = RADIOEMBO_VOXEL_METHOD_LDM;
	else if (strcmp(method, "kernel") == 0)
		requested = RADIOEMBO_VOXEL_METHOD_KERNEL;
	else
		return cli_fail(err, CLI_EXIT_USAGE, "--method \"%s\": expected ldm or kernel",
				method);
	/* the library states the method it uses for the nuclide (Ho-166: LDM) and why */
	if ((rc = radioembo_voxel_dose_method(r->nuclide, requested, &used,
					      r->method_reason_text,
					      sizeof r->method_reason_text)))
		return library_error(err, rc, "--method");
	r->method_reason = r->method_reason_text;
	r->kernel_method = used == RADIOEMBO_VOXEL_METHOD_KERNEL;
	if (!r->kernel_method) {
		rc = radioembo_voxel_dose_ldm_threads(r->activity, r->density, r->uniform_density,
						      r->dose_factor, threads, &r->dose);
		return rc ? library_error(err, rc, "local deposition") : 0;
	}
	/* the kernel range-scaled to the tissue: uniform, or the activity-weighted mean density */
	radioembo_volume_get_spacing_mm(r->activity, &sx, &sy, &sz);
	if ((rc = radioembo_voxel_kernel_density_g_per_ml(r->activity, r->density,
							  r->uniform_density, &r->kernel_density)))
		return library_error(err, rc, "kernel density");
	if ((rc = radioembo_kernel_new_nuclide_density(r->nuclide, r->kernel_density, sx, sy, sz,
						       r->kernel_radius, &r->kernel)))
		return library_error(err, rc, "--kernel-radius-mm");
	if (strcmp(energy, "dose-factor") == 0 &&
	    (rc = radioembo_kernel_set_total_energy_mev(r->kernel, r->energy_per_decay)))
		return library_error(err, rc, "--kernel-energy");
	if (strcmp(energy, "point-kernel") == 0) {
		radioembo_kernel_total_energy_mev(r->kernel, &r->energy_per_decay);
		r->energy_source = "point kernel inside the truncation radius";
	}
	rc = radioembo_voxel_dose_kernel_threads(r->activity, r->kernel, r->half_life_h,
						 r->density, r->uniform_density, convolution,
						 threads, &r->dose);
	return rc ? library_error(err, rc, "kernel convolution") : 0;
}

static int set_real(json_t *object, const char *key, double value)
{
	return json_object_set_new(object, key, isfinite(value) ? json_real(value) : json_null());
}

/* The metrics of structure label, whose DVH is dvh; box_dose and box_labels hold its box. */
static int structure_metrics(struct run *r, int label, radioembo_dvh *dvh,
			     const radioembo_volume *box_dose, const radioembo_volume *box_labels,
			     json_t *s, FILE *csv, const char *name, struct cli_error *err)
{
	double value, *dose = NULL, *fraction = NULL;
	json_t *d = json_object(), *v = json_object();
	size_t count = 0, bins = 0, i;
	char key[64];
	int rc = 0, failed = d == NULL || v == NULL;

	radioembo_dvh_voxel_count(dvh, &count);
	failed = failed || json_object_set_new(s, "label", json_integer(label)) ||
		 json_object_set_new(s, "name", name ? json_string(name) : json_null()) ||
		 json_object_set_new(s, "voxel_count", json_integer((json_int_t)count));
#define METRIC(fn, key)                                                                 \
	do {                                                                            \
		if (!failed && (rc = fn(dvh, &value)) == 0)                             \
			failed = set_real(s, key, value);                               \
	} while (0)
	METRIC(radioembo_dvh_volume_ml, "volume_ml");
	METRIC(radioembo_dvh_mass_kg, "mass_kg");
	METRIC(radioembo_dvh_mean_gy, "mean_gy");
	METRIC(radioembo_dvh_min_gy, "min_gy");
	METRIC(radioembo_dvh_max_gy, "max_gy");
#undef METRIC
	for (i = 0; rc == 0 && !failed && i < r->ndx; i++) {
		if ((rc = radioembo_dvh_dose_at_volume_gy(dvh, r->dx[i] / 100.0, &value)) == 0) {
			snprintf(key, sizeof key, "D%g", r->dx[i]);
			failed = set_real(d, key, value);
		}
	}
	for (i = 0; rc == 0 && !failed && i < r->nvx; i++) {
		if ((rc = radioembo_dvh_volume_at_dose(dvh, r->vx[i], &value)) == 0) {
			snprintf(key, sizeof key, "V%g", r->vx[i]);
			failed = set_real(v, key, value);
		}
	}
	if (rc == 0 && !failed &&
	    (rc = radioembo_dvh_eud_survival_gy(dvh, r->eud_alpha, &value)) == 0)
		failed = set_real(s, "eud_gy", value);
	if (rc == 0 && !failed &&
	    (rc = radioembo_voxel_eubed_gy(box_dose, box_labels, label, r->eud_alpha, r->alpha_beta,
					   r->repair_h, r->half_life_h, &value)) == 0)
		failed = set_real(s, "eubed_gy", value);
	failed = failed || json_object_set(s, "dose_at_volume_gy", d) ||
		 json_object_set(s, "volume_at_dose", v);
	json_decref(d);
	json_decref(v);
	if (rc != 0) {
		snprintf(key, sizeof key, "structure %d", label);
		return library_error(err, rc, key);
	}
	if (failed)
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	if (csv == NULL)
		return 0;
	if ((rc = radioembo_dvh_bin_count(dvh, &bins)))
		return library_error(err, rc, "dvh");
	dose = malloc((bins ? bins : 1) * sizeof *dose);
	fraction = malloc((bins ? bins : 1) * sizeof *fraction);
	if (dose == NULL || fraction == NULL) {
		free(dose);
		free(fraction);
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	}
	if ((rc = radioembo_dvh_get_curve(dvh, dose, fraction, bins)) == 0)
		for (i = 0; i < bins; i++)
			fprintf(csv, "%d,%s,%.9g,%.9g\n", label, name ? name : "", dose[i],
				fraction[i]);
	free(dose);
	free(fraction);
	return rc ? library_error(err, rc, "dvh") : 0;
}

/* Structure label on its box: the DVH, then the metrics. */
static int structure(struct run *r, int label, json_t *s, const char *name, struct cli_error *err)
{
	const struct structure_box *box = &r->boxes[label];
	radioembo_volume *dose = NULL, *labels = NULL, *density = NULL;
	radioembo_dvh *dvh = NULL;
	int rc;

	if ((rc = structures_crop(r->dose, box, &dose)) ||
	    (rc = structures_crop(r->labels, box, &labels)) ||
	    (rc = structures_crop(r->density, box, &density)))
		rc = library_error(err, rc, "structures");
	else if ((rc = radioembo_dvh_new(dose, labels, label, density, r->uniform_density,
					 r->bin_width, &dvh)))
		rc = library_error(err, rc, "--bin-width-gy");
	else
		rc = structure_metrics(r, label, dvh, dose, labels, s, r->dvh_csv.stream, name,
				       err);
	radioembo_dvh_free(dvh);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
	radioembo_volume_free(density);
	return rc;
}

static json_t *grid_json(const radioembo_volume *v)
{
	size_t nx, ny, nz, k;
	double sx, sy, sz, ml, o[3], d[9];
	json_t *g = json_object(), *cosines = json_array();

	radioembo_volume_get_dimensions(v, &nx, &ny, &nz);
	radioembo_volume_get_spacing_mm(v, &sx, &sy, &sz);
	radioembo_volume_get_origin_mm(v, &o[0], &o[1], &o[2]);
	radioembo_volume_get_direction(v, d, 9);
	radioembo_volume_voxel_volume_ml(v, &ml);
	if (g == NULL || cosines == NULL) {
		json_decref(g);
		json_decref(cosines);
		return NULL;
	}
	for (k = 0; k < 9; k++) /* -0.0 prints as 0 */
		json_array_append_new(cosines, json_real(d[k] + 0.0));
	json_object_set_new(g, "dimensions", json_pack("[III]", (json_int_t)nx, (json_int_t)ny,
						       (json_int_t)nz));
	json_object_set_new(g, "spacing_mm", json_pack("[fff]", sx, sy, sz));
	/* patient LPS, mm: the centre of the first voxel, the x, y and z axes' unit vectors */
	json_object_set_new(g, "origin_mm", json_pack("[fff]", o[0] + 0.0, o[1] + 0.0, o[2] + 0.0));
	json_object_set_new(g, "direction_cosines", cosines);
	json_object_set_new(g, "voxel_volume_ml", json_real(ml));
	return g;
}

static json_t *territories_json(const struct run *r)
{
	json_t *list = json_array();
	size_t k;

	for (k = 0; list != NULL && k < r->nterritories; k++)
		if (json_array_append_new(list, json_pack("{s:i,s:f}", "label", r->territory[k],
							  "activity_gbq",
							  r->territory_gbq[k]))) {
			json_decref(list);
			return NULL;
		}
	return list;
}

static int report(struct run *r, struct cli_error *err)
{
	json_t *root = json_object(), *structures = json_array(), *method = json_object();
	double total = 0.0, outside = 0.0;
	char name_buffer[128];
	size_t i;
	int rc = 0, failed = root == NULL || structures == NULL || method == NULL;

	if (r->dvh_csv.stream != NULL)
		fprintf(r->dvh_csv.stream, "label,name,dose_gy,volume_fraction\n");
	if (!failed) {
		radioembo_volume_sum(r->activity, &total);
		if ((rc = radioembo_voxel_fraction_outside(r->activity, r->labels, &outside)))
			rc = library_error(err, rc, "fraction outside");
	}
	if (rc == 0 && !failed) {
		failed = json_object_set_new(root, "command", json_string("voxel")) ||
			 json_object_set_new(root, "library_version",
					     json_string(radioembo_version_string())) ||
			 json_object_set_new(root, "product",
					     r->product[0] ? json_string(r->product)
							   : json_null()) ||
			 json_object_set_new(root, "nuclide",
					     json_string(radioembo_nuclide_name(r->nuclide))) ||
			 set_real(root, "half_life_h", r->half_life_h) ||
			 json_object_set(root, "method", method) ||
			 json_object_set_new(method, "name",
					     json_string(r->kernel_method ? "kernel" : "ldm")) ||
			 json_object_set_new(method, "reason", json_string(r->method_reason));
		if (!failed && r->kernel_method) {
			size_t rx = 0, ry = 0, rz = 0;
			double energy = 0.0;
			radioembo_kernel_get_radius_voxels(r->kernel, &rx, &ry, &rz);
			radioembo_kernel_energy_mev(r->kernel, &energy);
			failed = json_object_set_new(method, "kernel",
						     json_string("Y-90 beta dose point kernel, Graves "
								 "et al. Med Phys 2019;46:5284")) ||
				 set_real(method, "truncation_radius_mm", r->kernel_radius) ||
				 json_object_set_new(method, "radius_voxels",
						     json_pack("[III]", (json_int_t)rx,
							       (json_int_t)ry, (json_int_t)rz)) ||
				 set_real(method, "kernel_energy_mev", energy) ||
				 set_real(method, "kernel_density_g_per_ml", r->kernel_density);
		}
		failed = failed || set_real(method, "dose_factor_gy_kg_per_gbq", r->dose_factor) ||
			 set_real(method, "energy_per_decay_mev", r->energy_per_decay) ||
			 json_object_set_new(method, "energy_per_decay_source",
					     json_string(r->energy_source));
		failed = failed ||
			 json_object_set_new(root, "calibration", json_string(r->calibration)) ||
			 (r->nterritories > 0 &&
			  json_object_set_new(root, "territories", territories_json(r))) ||
			 json_object_set_new(root, "density", json_pack("{s:s,s:f}", "source",
				r->density_source, "uniform_g_per_ml", r->uniform_density)) ||
			 json_object_set_new(root, "grid", grid_json(r->activity)) ||
			 json_object_set_new(root, "dose_grid", json_string(r->activity_flag)) ||
			 json_object_set(root, "resampled", r->resampled) ||
			 (r->dose_on_ct && set_real(root, "activity_outside_ct_fraction",
						    r->activity_outside_ct)) ||
			 set_real(root, "total_activity_gbq", total) ||
			 set_real(root, "fraction_outside", outside) ||
			 set_real(root, "bin_width_gy", r->bin_width) ||
			 set_real(root, "eud_alpha_per_gy", r->eud_alpha) ||
			 json_object_set_new(root, "radiobiology",
					     json_pack("{s:f,s:f,s:f}", "alpha_beta_gy",
						       r->alpha_beta, "repair_half_time_h",
						       r->repair_h, "half_life_h",
						       r->half_life_h)) ||
			 json_object_set(root, "structures", structures);
	}
	for (i = 0; rc == 0 && !failed && i < r->nlabels; i++) {
		json_t *s = json_object();
		const char *name = label_name(r->values[V_LABEL_NAMES] ? r->values[V_LABEL_NAMES]
								       : r->label_names,
					      r->labels_list[i],
					      name_buffer, sizeof name_buffer);
		if (s == NULL || json_array_append_new(structures, s)) {
			failed = 1;
			break;
		}
		rc = structure(r, r->labels_list[i], s, name, err);
	}
	if (rc == 0 && !failed)
		failed = cli_write_json(r->metrics.stream, root) != 0;
	json_decref(method);
	json_decref(structures);
	json_decref(root);
	if (rc == 0 && failed)
		rc = cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	return rc;
}

/*
 * Every output, declared before any work (output.h): names, directories and collisions
 * are refused before minutes of computing, and the outputs are written together or not.
 */
static int declare_outputs(struct run *r, struct cli_error *err)
{
	static const size_t maps[3] = { V_DOSE_OUT, V_BED_OUT, V_EQD2_OUT };
	static const size_t inputs[] = { V_ACTIVITY, V_COUNTS,	V_MASK, V_BQ_PER_ML,
					 V_LABELS,   V_DENSITY, V_CT,	V_TERRITORIES };
	radioembo_volume **volumes[3] = { &r->dose, &r->bed, &r->eqd2 };
	const char *metrics = r->values[V_METRICS_OUT] ? r->values[V_METRICS_OUT] : "-";
	size_t k;
	int rc;

	if ((rc = output_open(&r->metrics, err)) ||
	    (rc = output_set_add_buffer(&r->outputs, "metrics-out", metrics, &r->metrics, err)))
		return rc;
	if ((r->values[V_DVH_OUT] != NULL || r->values[V_REPORT_OUT] != NULL) &&
	    (rc = output_open(&r->dvh_csv, err)))
		return rc;
	if (r->values[V_DVH_OUT] != NULL &&
	    (rc = output_set_add_buffer(&r->outputs, "dvh-out", r->values[V_DVH_OUT], &r->dvh_csv,
					err)))
		return rc;
	if (r->values[V_REPORT_OUT] != NULL &&
	    ((rc = voxel_report_check_name(r->values[V_REPORT_OUT], err)) ||
	     (rc = output_open(&r->report, err)) ||
	     (rc = output_set_add_buffer(&r->outputs, "report-out", r->values[V_REPORT_OUT],
					 &r->report, err))))
		return rc;
	for (k = 0; k < 3; k++) {
		r->maps[k].volume = volumes[k];
		r->maps[k].grid = &r->grid;
		/* an RT Dose joins a DICOM input's patient, study and frame of reference */
		r->maps[k].source = &r->source;
		r->maps[k].dose_type = k == 0 ? "PHYSICAL" : "EFFECTIVE";
		r->maps[k].description = k == 0 ? "absorbed dose (libradioembo)"
					 : k == 1 ? "BED (libradioembo)"
						  : "EQD2 (libradioembo)";
		if (r->values[maps[k]] != NULL &&
		    (rc = image_output_add(&r->outputs, &r->maps[k], specs[maps[k]].name,
					   r->values[maps[k]], err)))
			return rc;
	}
	for (k = 0; k < COUNT(inputs); k++)
		if ((rc = output_set_refuse_input(&r->outputs, specs[inputs[k]].name,
						  r->values[inputs[k]], err)))
			return rc;
	return 0;
}

static int run_voxel(struct run *r, struct cli_error *err)
{
	const char *dx = r->values[V_DX] ? r->values[V_DX] : "2,50,70,90,95,98";
	const char *vx = r->values[V_VX] ? r->values[V_VX] : "100,120,205";
	int rc;

	if ((rc = parse_list(dx, "dx-percent", r->dx, &r->ndx, err)) ||
	    (rc = parse_list(vx, "vx-gy", r->vx, &r->nvx, err)) ||
	    (rc = number(r, V_BIN_WIDTH, 1.0, &r->bin_width, err)) ||
	    (rc = number(r, V_EUD_ALPHA, 0.27, &r->eud_alpha, err)) ||
	    (rc = number(r, V_ALPHA_BETA, 2.5, &r->alpha_beta, err)) ||
	    (rc = number(r, V_REPAIR_H, 1.5, &r->repair_h, err)))
		return rc;
	for (size_t i = 0; i < r->ndx; i++)
		if (!(r->dx[i] > 0.0 && r->dx[i] <= 100.0))
			return cli_fail(err, CLI_EXIT_USAGE,
					"--dx-percent \"%s\": each value within (0, 100]", dx);
	if (r->values[V_LABEL_NAMES] && (rc = check_label_names(r->values[V_LABEL_NAMES], err)))
		return rc;
	if (r->values[V_DOSE_GRID] != NULL) {
		r->dose_on_ct = strcmp(r->values[V_DOSE_GRID], "ct") == 0;
		if (!r->dose_on_ct && strcmp(r->values[V_DOSE_GRID], "activity") != 0)
			return cli_fail(err, CLI_EXIT_USAGE,
					"--dose-grid \"%s\": expected activity or ct",
					r->values[V_DOSE_GRID]);
		if (r->dose_on_ct && r->values[V_CT] == NULL)
			return cli_fail(err, CLI_EXIT_USAGE, "--dose-grid ct needs --ct");
	}
	if ((r->resampled = json_array()) == NULL)
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	if ((rc = declare_outputs(r, err)) || (rc = physics(r, err)) ||
	    (rc = load_activity(r, err)) || (rc = load_density(r, err)) ||
	    (rc = load_labels(r, err)) || (rc = compute_dose(r, err)))
		return rc;
	/* BED and EQD2 maps (radiobiology module, voxel by voxel) before any output */
	if (r->values[V_BED_OUT] != NULL &&
	    (rc = radioembo_voxel_bed(r->dose, r->alpha_beta, r->repair_h, r->half_life_h,
				      &r->bed)))
		return library_error(err, rc, "--bed-out");
	if (r->values[V_EQD2_OUT] != NULL &&
	    (rc = radioembo_voxel_eqd2(r->dose, r->alpha_beta, r->repair_h, r->half_life_h,
				       &r->eqd2)))
		return library_error(err, rc, "--eqd2-out");
	if ((rc = report(r, err)))
		return rc;
	/* the report is rendered from the metrics and DVH rows as they are written */
	if (r->values[V_REPORT_OUT] != NULL &&
	    (rc = voxel_report_write(r->report.stream, r->values[V_REPORT_OUT], &r->metrics,
				     &r->dvh_csv, r->activity, r->dose, specs, r->values,
				     COUNT(specs), err)))
		return rc;
	return output_set_commit(&r->outputs, err);
}

int command_voxel(int argc, char **argv, struct cli_error *err)
{
	struct run r;
	const char *positional[1];
	size_t npos;
	int help, rc;

	memset(&r, 0, sizeof r);
	if ((rc = options_parse(argc, argv, specs, COUNT(specs), r.values, positional, 0, &npos,
				&help, err)))
		return rc;
	if (help) {
		options_help(stdout, "radioembo voxel (--activity FILE | --counts FILE --mask FILE "
				     "--activity-gbq GBQ | --counts FILE --territories FILE "
				     "--territory-activity-gbq L=GBQ,... | --bq-per-ml FILE) "
				     "[OPTIONS]",
			     "Voxel dosimetry from NIfTI-1 images: the dose map, the DVH and the "
			     "metrics of each\nstructure of --labels. See radioembo(1).",
			     specs, COUNT(specs));
		return 0;
	}
	rc = run_voxel(&r, err);
	free(r.boxes);
	output_set_discard(&r.outputs);
	output_discard(&r.metrics);
	output_discard(&r.dvh_csv);
	output_discard(&r.report);
	radioembo_volume_free(r.activity);
	radioembo_volume_free(r.density);
	radioembo_volume_free(r.labels);
	radioembo_volume_free(r.dose);
	radioembo_volume_free(r.bed);
	radioembo_volume_free(r.eqd2);
	radioembo_kernel_free(r.kernel);
	nifti_grid_free(r.grid);
	json_decref(r.resampled);
	free(r.source.label_names);
	free(r.label_names);
	return rc;
}
