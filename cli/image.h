/*
 * radioembo(1): the images of one run brought onto one grid (image.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_IMAGE_H
#define RADIOEMBO_CLI_IMAGE_H

#include <radioembo.h>

#include "cli.h"
#include "dicom.h"
#include "nifti.h"

/*
 * Reads the image at path (flag names its option): NIfTI-1, or DICOM (a file, or a
 * directory holding one series; dicom.h) when path is a directory or carries DICOM's
 * preamble. reference: the grid an RTSTRUCT is rasterized onto (may be NULL). grid_out
 * (may be NULL): header geometry for NIfTI outputs on this image's grid. dicom_out (may
 * be NULL): zeroed for NIfTI, else what the DICOM object said (free its label_names).
 */
int image_read(const char *path, const char *flag, const radioembo_volume *reference,
	       radioembo_volume **volume_out, struct nifti_grid **grid_out,
	       struct dicom_info *dicom_out, struct cli_error *err);

/*
 * A map (Gy) to write when the run's outputs are committed (output.h), in the format its
 * name gives: .dcm an RT Dose (dicom.h: dose_type, description, and the DICOM input
 * source joins, read at commit), otherwise NIfTI (nifti.h: .nii, .nii.gz, standard
 * output, a device or a FIFO). volume and grid are read at commit too.
 */
struct image_output {
	radioembo_volume **volume;
	struct nifti_grid **grid;
	const struct dicom_info *source;
	const char *dose_type, *description;
	struct nifti_output nifti;
	struct dicom_dose_output dicom;
};

/* Declares map as the output of flag at path in set, by its name (see above). */
int image_output_add(struct output_set *set, struct image_output *map, const char *flag,
		     const char *path, struct cli_error *err);

/* How an image of one kind is resampled, and its value outside its own field of view. */
struct image_kind {
	radioembo_volume_resampling mode;
	double outside;
	int is_mask; /* labels or mask: one that had voxels > 0.5 must keep some */
};

/*
 * Leaves *image as it is when it lies on reference's grid; otherwise replaces it by its
 * resampling onto that grid (kind, on threads threads), and sets *resampled_out to 1. A mask or
 * label map none of whose labelled voxels falls on the grid is a usage error naming flag, path and
 * how the grids differ (the image lies elsewhere in the patient).
 */
int image_onto_grid(const radioembo_volume *reference, const char *reference_flag,
		    radioembo_volume **image, const char *flag, const char *path,
		    const struct image_kind *kind, size_t threads, int *resampled_out,
		    struct cli_error *err);

#endif
