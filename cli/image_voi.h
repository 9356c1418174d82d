/*
 * radioembo(1): the lung shunt fraction from SPECT/CT volumes of interest (image_voi.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_IMAGE_VOI_H
#define RADIOEMBO_CLI_IMAGE_VOI_H

#include "cli.h"

/*
 * LSF from the counts image at counts_path and the label map at labels_path: the lung VOI
 * is the voxels whose label is one of lung ("4" or "4,5"), the liver VOI those of liver.
 */
int image_lsf_from_vois(const char *counts_path, const char *labels_path, const char *lung,
			const char *liver, double *lsf_out, struct cli_error *err);

#endif
