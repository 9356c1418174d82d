/*
 * radioembo(1) voxel: the run shared by its files (voxel.c the flow, voxel_flags.c the
 * flags, voxel_inputs.c the images on the dose grid, voxel_dose.c the dose, voxel_metrics.c
 * the metrics JSON and the DVH rows).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_VOXEL_RUN_H
#define RADIOEMBO_CLI_VOXEL_RUN_H

#include <stdio.h>

#include <jansson.h>
#include <radioembo.h>

#include "cli.h"
#include "image.h"
#include "nifti.h"
#include "options.h"
#include "output.h"
#include "structures.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_LIST 32	   /* entries of --dx-percent and --vx-gy */
#define MAX_LABELS 4096	   /* distinct structures of a label map */
#define MAX_TERRITORIES 32 /* entries of --territory-activity-gbq */

enum {
	V_ACTIVITY,
	V_COUNTS,
	V_MASK,
	V_ACTIVITY_GBQ,
	V_LSF,
	V_BQ_PER_ML,
	V_ACQUISITION_H,
	V_LABELS,
	V_LABEL_NAMES,
	V_DENSITY,
	V_CT,
	V_DENSITY_G_PER_ML,
	V_METHOD,
	V_KERNEL_RADIUS,
	V_CONVOLUTION,
	V_PRODUCT,
	V_HALF_LIFE,
	V_DOSE_FACTOR,
	V_DOSE_OUT,
	V_DVH_OUT,
	V_METRICS_OUT,
	V_BIN_WIDTH,
	V_DX,
	V_VX,
	V_EUD_ALPHA,
	V_TERRITORIES,
	V_TERRITORY_GBQ,
	V_BED_OUT,
	V_EQD2_OUT,
	V_ALPHA_BETA,
	V_REPAIR_H,
	V_KERNEL_ENERGY,
	V_REPORT_OUT,
	V_THREADS,
	V_NUCLIDE,
	V_DOSE_GRID,
	V_COUNT /* the number of flags */
};
/* The flags, indexed by the V_ values (voxel_flags.c). */
extern const struct option_spec voxel_specs[V_COUNT];

struct run {
	const char *values[COUNT(voxel_specs)];
	radioembo_volume *activity, *density, *labels, *dose, *bed, *eqd2;
	struct nifti_grid *grid;
	const char *activity_flag; /* the image whose grid the dose is on */
	json_t *resampled;	   /* the images brought onto that grid */
	struct dicom_info source;  /* the activity image's, when DICOM */
	char *label_names;	   /* a SEG's or RTSTRUCT's, "1=liver,..." */
	radioembo_kernel *kernel;
	size_t threads; /* of resampling, dose and DVHs (--threads) */
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
	struct structure_box *boxes;		/* of each label, MAX_LABELS of them */
	struct output_set outputs;		/* every file the run writes, committed together */
	struct output metrics, dvh_csv, report; /* dvh_csv also when only the report reads it */
	struct image_output maps[3];
};

/* voxel.c */
int voxel_library_error(struct cli_error *err, int rc, const char *what);

/* voxel_flags.c: the flags' values */
int voxel_number(struct run *r, size_t flag, double fallback, double *out, struct cli_error *err);
int voxel_parse_list(const char *text, const char *flag, double *out, size_t *n,
		     struct cli_error *err);
const char *voxel_label_name(const char *names, int label, char *buffer, size_t size);
int voxel_check_label_names(const char *names, struct cli_error *err);
int voxel_parse_territories(struct run *r, struct cli_error *err);

/* voxel_inputs.c: the images, on the dose grid */
int voxel_load_activity(struct run *r, struct cli_error *err);
int voxel_load_density(struct run *r, struct cli_error *err);
int voxel_load_labels(struct run *r, struct cli_error *err);

/* voxel_dose.c: the nuclide's physics, then the dose */
int voxel_physics(struct run *r, struct cli_error *err);
int voxel_compute_dose(struct run *r, struct cli_error *err);

/* voxel_metrics.c: the metrics JSON, and the DVH rows when they are written */
int voxel_metrics(struct run *r, struct cli_error *err);

#endif
