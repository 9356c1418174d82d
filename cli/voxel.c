/*
 * radioembo(1) voxel: voxel dosimetry from NIfTI-1 images. Activity (already in GBq per
 * voxel, or calibrated from counts in a mask, or from a quantitative Bq/mL image), density
 * (uniform, a density map or CT), the dose by local deposition or by the Y-90 dose-voxel
 * kernel, BED and EQD2 maps, then per structure of a label map the DVH and its metrics.
 * Counts may be calibrated per perfused territory (a territory label map, one administered
 * activity each). Every number is the library's (voxel.h, dvh.h); these files read flags
 * and write files: this one is the command's flow (voxel_run.h lists the others).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "voxel_report.h"
#include "voxel_run.h"

int voxel_library_error(struct cli_error *err, int rc, const char *what)
{
	return cli_fail(err, cli_status_from_library(rc), "%s: %s", what,
			radioembo_last_error_message());
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
		    (rc = image_output_add(&r->outputs, &r->maps[k], voxel_specs[maps[k]].name,
					   r->values[maps[k]], err)))
			return rc;
	}
	for (k = 0; k < COUNT(inputs); k++)
		if ((rc = output_set_refuse_input(&r->outputs, voxel_specs[inputs[k]].name,
						  r->values[inputs[k]], err)))
			return rc;
	return 0;
}

static int run_voxel(struct run *r, struct cli_error *err)
{
	const char *dx = r->values[V_DX] ? r->values[V_DX] : "2,50,70,90,95,98";
	const char *vx = r->values[V_VX] ? r->values[V_VX] : "100,120,205";
	int rc;

	if ((rc = cli_parse_threads(r->values[V_THREADS], &r->threads, err)) ||
	    (rc = voxel_parse_list(dx, "dx-percent", r->dx, &r->ndx, err)) ||
	    (rc = voxel_parse_list(vx, "vx-gy", r->vx, &r->nvx, err)) ||
	    (rc = voxel_number(r, V_BIN_WIDTH, 1.0, &r->bin_width, err)) ||
	    (rc = voxel_number(r, V_EUD_ALPHA, 0.27, &r->eud_alpha, err)) ||
	    (rc = voxel_number(r, V_ALPHA_BETA, 2.5, &r->alpha_beta, err)) ||
	    (rc = voxel_number(r, V_REPAIR_H, 1.5, &r->repair_h, err)))
		return rc;
	for (size_t i = 0; i < r->ndx; i++)
		if (!(r->dx[i] > 0.0 && r->dx[i] <= 100.0))
			return cli_fail(err, CLI_EXIT_USAGE,
					"--dx-percent \"%s\": each value within (0, 100]", dx);
	if (r->values[V_LABEL_NAMES] &&
	    (rc = voxel_check_label_names(r->values[V_LABEL_NAMES], err)))
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
	if ((rc = declare_outputs(r, err)) || (rc = voxel_physics(r, err)) ||
	    (rc = voxel_load_activity(r, err)) || (rc = voxel_load_density(r, err)) ||
	    (rc = voxel_load_labels(r, err)) || (rc = voxel_compute_dose(r, err)))
		return rc;
	/* BED and EQD2 maps (radiobiology module, voxel by voxel) before any output */
	if (r->values[V_BED_OUT] != NULL &&
	    (rc = radioembo_voxel_bed(r->dose, r->alpha_beta, r->repair_h, r->half_life_h,
				      &r->bed)))
		return voxel_library_error(err, rc, "--bed-out");
	if (r->values[V_EQD2_OUT] != NULL &&
	    (rc = radioembo_voxel_eqd2(r->dose, r->alpha_beta, r->repair_h, r->half_life_h,
				       &r->eqd2)))
		return voxel_library_error(err, rc, "--eqd2-out");
	if ((rc = voxel_metrics(r, err)))
		return rc;
	/* the report is rendered from the metrics and DVH rows as they are written */
	if (r->values[V_REPORT_OUT] != NULL &&
	    (rc = voxel_report_write(r->report.stream, r->values[V_REPORT_OUT], &r->metrics,
				     &r->dvh_csv, r->activity, r->dose, voxel_specs, r->values,
				     COUNT(voxel_specs), err)))
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
	if ((rc = options_parse(argc, argv, voxel_specs, COUNT(voxel_specs), r.values, positional,
				0, &npos, &help, err)))
		return rc;
	if (help) {
		options_help(stdout,
			     "radioembo voxel (--activity FILE | --counts FILE --mask FILE "
			     "--activity-gbq GBQ | --counts FILE --territories FILE "
			     "--territory-activity-gbq L=GBQ,... | --bq-per-ml FILE) "
			     "[OPTIONS]",
			     "Voxel dosimetry from NIfTI-1 images: the dose map, the DVH and the "
			     "metrics of each\nstructure of --labels. See radioembo(1).",
			     voxel_specs, COUNT(voxel_specs));
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
