/*
 * radioembo(1): the checks a NIfTI-1 header passes before niftilib reads it
 * (nifti_header.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_NIFTI_HEADER_H
#define RADIOEMBO_CLI_NIFTI_HEADER_H

#include <stddef.h>

#include <nifti1_io.h>

#include "cli.h"

/*
 * 0 when h (in this machine's byte order) describes a single-file 3D image of a real
 * scalar datatype, at most 2^31 voxels and more than one, with positive finite spacing,
 * finite transforms, a whole vox_offset >= 352 and finite scaling; the bytes per voxel and
 * the voxel count come back. Else a usage error naming flag, path and the field.
 */
int nifti_header_check(const nifti_1_header *h, const char *flag, const char *path,
		       size_t *voxel_bytes_out, size_t *voxels_out, struct cli_error *err);

#endif
