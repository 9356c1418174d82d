/*
 * radioembo(1): the images of one run brought onto one grid (image.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_IMAGE_H
#define RADIOEMBO_CLI_IMAGE_H

#include <radioembo.h>

#include "cli.h"

/* How an image of one kind is resampled, and its value outside its own field of view. */
struct image_kind {
	radioembo_volume_resampling mode;
	double outside;
	int is_mask; /* labels or mask: one that had voxels > 0.5 must keep some */
};

/*
 * Leaves *image as it is when it lies on reference's grid; otherwise replaces it by its
 * resampling onto that grid (kind), and sets *resampled_out to 1. A mask or label map
 * none of whose labelled voxels falls on the grid is a usage error naming flag, path and
 * how the grids differ (the image lies elsewhere in the patient).
 */
int image_onto_grid(const radioembo_volume *reference, const char *reference_flag,
		    radioembo_volume **image, const char *flag, const char *path,
		    const struct image_kind *kind, int *resampled_out, struct cli_error *err);

#endif
