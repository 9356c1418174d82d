/*
 * radioembo(1) voxel: its images: the activity (as it is, or calibrated from counts or
 * Bq/mL), the density and the structures, brought onto the dose grid.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "voxel_run.h"

/* How the image of flag is resampled onto the dose grid (radioembo(1) voxel). */
static struct image_kind kind_of(const struct run *r, size_t flag)
{
	struct image_kind kind = { RADIOEMBO_VOLUME_RESAMPLE_NEAREST, 0.0, 1 };

	if (flag == V_DENSITY || flag == V_CT) { /* outside the image: the uniform density */
		kind.mode = RADIOEMBO_VOLUME_RESAMPLE_LINEAR;
		kind.outside =
			flag == V_CT ? r->uniform_density * 1000.0 - 1000.0 : r->uniform_density;
		kind.is_mask = 0;
	}
	return kind;
}

/* Notes in the metrics that the image of flag was resampled, and how (once per image). */
static int note_resampled(struct run *r, const char *flag, const char *how, struct cli_error *err)
{
	size_t i;

	for (i = 0; i < json_array_size(r->resampled); i++)
		if (strcmp(json_string_value(
				   json_object_get(json_array_get(r->resampled, i), "image")),
			   flag) == 0)
			return 0;
	if (json_array_append_new(r->resampled,
				  json_pack("{s:s,s:s}", "image", flag, "resampling", how)))
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	return 0;
}

/* *image (of flag) brought onto the dose grid: as it is, or resampled (kind_of). */
static int onto_grid(struct run *r, size_t flag, radioembo_volume **image, struct cli_error *err)
{
	struct image_kind kind = kind_of(r, flag);
	int resampled = 0, rc;

	if ((rc = image_onto_grid(r->activity, r->activity_flag, image, voxel_specs[flag].name,
				  r->values[flag], &kind, r->threads, &resampled, err)) ||
	    !resampled)
		return rc;
	return note_resampled(
		r, voxel_specs[flag].name,
		kind.mode == RADIOEMBO_VOLUME_RESAMPLE_NEAREST ? "nearest" : "trilinear", err);
}

static int read_on_grid(struct run *r, size_t flag, radioembo_volume **out, struct cli_error *err)
{
	struct dicom_info info;
	int rc = image_read(r->values[flag], voxel_specs[flag].name, r->activity, out, NULL, &info,
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
		memset(radioembo_volume_data_mutable(r->activity), 0, n * sizeof(float));
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
			rc = voxel_library_error(err, rc, what);
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

int voxel_load_activity(struct run *r, struct cli_error *err)
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
		return image_read(r->values[V_ACTIVITY], "activity", NULL, &r->activity, &r->grid,
				  &r->source, err);
	}
	if (r->values[V_TERRITORIES] != NULL || r->values[V_TERRITORY_GBQ] != NULL) {
		if (r->values[V_MASK] != NULL || r->values[V_ACTIVITY_GBQ] != NULL)
			return cli_fail(err, CLI_EXIT_USAGE,
					"--territories replaces --mask and --activity-gbq");
		r->activity_flag = "counts";
		r->calibration = "patient-relative per perfused territory: the counts in each "
				 "territory share its activity x (1 - LSF)";
		if ((rc = voxel_parse_territories(r, err)) ||
		    (rc = voxel_number(r, V_LSF, 0.0, &lsf, err)))
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
		if ((rc = options_number(voxel_specs, r->values, V_ACTIVITY_GBQ, 1, &activity_gbq,
					 NULL, err)) ||
		    (rc = voxel_number(r, V_LSF, 0.0, &lsf, err)))
			return rc;
		if ((rc = image_read(r->values[V_COUNTS], "counts", NULL, &image, &r->grid,
				     &r->source, err)))
			return rc;
		r->activity = image; /* the grid reference for the mask */
		rc = read_on_grid(r, V_MASK, &mask, err);
		r->activity = NULL;
		if (rc == 0 && (rc = radioembo_voxel_activity_relative(image, mask, activity_gbq,
								       lsf, &r->activity)))
			rc = voxel_library_error(err, rc, "--counts");
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
	if ((rc = voxel_number(r, V_ACQUISITION_H, r->source.has_delay ? r->source.delay_h : 0.0,
			       &acquisition_h, err))) {
		radioembo_volume_free(image);
		return rc;
	}
	if (r->source.has_delay && r->values[V_ACQUISITION_H] == NULL)
		r->calibration = "absolute: Bq/mL decay-corrected to administration, the delay "
				 "from the PET's DICOM header";
	rc = radioembo_voxel_activity_absolute(image, r->half_life_h, acquisition_h, &r->activity);
	radioembo_volume_free(image);
	return rc ? voxel_library_error(err, rc, "--bq-per-ml") : 0;
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
	if ((rc = radioembo_volume_resample_threads(r->activity, *ct,
						    RADIOEMBO_VOLUME_RESAMPLE_ACTIVITY, 0.0,
						    r->threads, &moved))) {
		nifti_grid_free(grid);
		return voxel_library_error(err, rc, "--dose-grid ct");
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

int voxel_load_density(struct run *r, struct cli_error *err)
{
	radioembo_volume *ct = NULL;
	int rc;

	if ((rc = voxel_number(r, V_DENSITY_G_PER_ML, 1.03, &r->uniform_density, err)))
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
		return rc ? voxel_library_error(err, rc, "--ct") : 0;
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

int voxel_load_labels(struct run *r, struct cli_error *err)
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
			return voxel_library_error(err, rc, "labels");
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
			return cli_fail(
				err, CLI_EXIT_USAGE,
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
