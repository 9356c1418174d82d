/*
 * radioembo(1): a NIfTI-1 header checked field by field before niftilib sees it.
 * niftilib's nifti_convert_nhdr2nim() repairs what it dislikes (a pixdim of 0, NaN or Inf
 * becomes 1 mm, a negative dim 1, a NaN vox_offset 352), so a broken header would run on
 * invented geometry; here every such field is refused, naming it. See nifti_header.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "nifti_header.h"

/* 2^31 voxels: the library's limit for a volume (radioembo_volume_new). */
#define MAX_VOXELS (UINT64_C(1) << 31)

/* Bytes per voxel of the real scalar datatypes the reader converts, else 0. */
static int datatype_bytes(int datatype)
{
	switch (datatype) {
	case DT_UINT8:
	case DT_INT8:
		return 1;
	case DT_INT16:
	case DT_UINT16:
		return 2;
	case DT_INT32:
	case DT_UINT32:
	case DT_FLOAT32:
		return 4;
	case DT_INT64:
	case DT_UINT64:
	case DT_FLOAT64:
		return 8;
	default:
		return 0;
	}
}

/* Refuses the header: a usage error naming the flag, file and field. */
#define REFUSE(...) cli_fail(err, CLI_EXIT_USAGE, __VA_ARGS__)

static int check_dimensions(const nifti_1_header *h, const char *flag, const char *path,
			    uint64_t *voxels_out, struct cli_error *err)
{
	uint64_t voxels = 1;
	int k;

	if (h->dim[0] < 1 || h->dim[0] > 7)
		return REFUSE("--%s %s: dim[0] (the number of dimensions) must be 1 to 7, got %d",
			      flag, path, h->dim[0]);
	for (k = 1; k <= h->dim[0]; k++) {
		if (h->dim[k] < 1)
			return REFUSE("--%s %s: dim[%d] must be >= 1, got %d", flag, path, k,
				      h->dim[k]);
		if (k > 3 && h->dim[k] > 1)
			return REFUSE("--%s %s: a 3D image is needed, this one has %d dimensions "
				      "(dim[%d] = %d)",
				      flag, path, h->dim[0], k, h->dim[k]);
		voxels *= (uint64_t)h->dim[k]; /* at most 2^31 * 2^15: no overflow */
		if (voxels > MAX_VOXELS)
			return REFUSE("--%s %s: the header declares more than 2^31 voxels "
				      "(dim %d x %d x %d)",
				      flag, path, h->dim[1], h->dim[0] >= 2 ? h->dim[2] : 1,
				      h->dim[0] >= 3 ? h->dim[3] : 1);
	}
	if (voxels < 2)
		return REFUSE("--%s %s: the image has a single voxel", flag, path);
	*voxels_out = voxels;
	return 0;
}

/* pixdim[1..3] of the axes present: finite and > 0 (an absent or 1-voxel z may be 0). */
static int check_spacing(const nifti_1_header *h, const char *flag, const char *path,
			 struct cli_error *err)
{
	int k;

	for (k = 1; k <= 3; k++) {
		float p = h->pixdim[k];
		int single = k > h->dim[0] || h->dim[k] == 1;

		if (single && p == 0.0f)
			continue;
		if (!(isfinite(p) && p > 0.0f))
			return REFUSE("--%s %s: pixdim[%d] (the %c spacing) must be a positive "
				      "finite number, got %g",
				      flag, path, k, "xyz"[k - 1], (double)p);
	}
	if (!isfinite(h->pixdim[0]))
		return REFUSE("--%s %s: pixdim[0] (qfac) must be finite, got %g", flag, path,
			      (double)h->pixdim[0]);
	return 0;
}

static int check_transforms(const nifti_1_header *h, const char *flag, const char *path,
			    struct cli_error *err)
{
	const float *rows[3] = { h->srow_x, h->srow_y, h->srow_z };
	int r, c;

	if (h->qform_code > 0) {
		const float q[6] = { h->quatern_b, h->quatern_c, h->quatern_d,
				     h->qoffset_x, h->qoffset_y, h->qoffset_z };
		static const char *names[6] = { "quatern_b", "quatern_c", "quatern_d",
						"qoffset_x", "qoffset_y", "qoffset_z" };
		for (r = 0; r < 6; r++)
			if (!isfinite(q[r]))
				return REFUSE("--%s %s: %s must be finite, got %g", flag, path,
					      names[r], (double)q[r]);
		if ((double)q[0] * q[0] + (double)q[1] * q[1] + (double)q[2] * q[2] > 1.0 + 1e-6)
			return REFUSE("--%s %s: quatern_b, _c and _d are not a rotation (b^2 + c^2 "
				      "+ d^2 > 1)",
				      flag, path);
	}
	if (h->sform_code > 0)
		for (r = 0; r < 3; r++)
			for (c = 0; c < 4; c++)
				if (!isfinite(rows[r][c]))
					return REFUSE("--%s %s: srow_%c[%d] must be finite, got %g",
						      flag, path, "xyz"[r], c, (double)rows[r][c]);
	return 0;
}

int nifti_header_check(const nifti_1_header *h, const char *flag, const char *path,
		       size_t *voxel_bytes_out, size_t *voxels_out, struct cli_error *err)
{
	uint64_t voxels = 0;
	int bytes, rc;

	if (memcmp(h->magic, "n+1", 4) != 0)
		return REFUSE("--%s %s: not a single-file NIfTI-1 image (magic \"n+1\")", flag,
			      path);
	if ((rc = check_dimensions(h, flag, path, &voxels, err)) ||
	    (rc = check_spacing(h, flag, path, err)) || (rc = check_transforms(h, flag, path, err)))
		return rc;
	if ((bytes = datatype_bytes(h->datatype)) == 0)
		return REFUSE("--%s %s: NIfTI datatype %d is not a real scalar image", flag, path,
			      h->datatype);
	if (h->bitpix != 8 * bytes)
		return REFUSE("--%s %s: bitpix %d does not match the datatype (%d bits)", flag,
			      path, h->bitpix, 8 * bytes);
	if (!(isfinite(h->vox_offset) && h->vox_offset >= 352.0f &&
	      h->vox_offset <= (float)(1 << 30) && h->vox_offset == floorf(h->vox_offset)))
		return REFUSE(
			"--%s %s: vox_offset must be a whole number of bytes from 352, got %g",
			flag, path, (double)h->vox_offset);
	/* NaN slope: no scaling (nibabel writes it); an infinite one is nonsense */
	if (isinf(h->scl_slope) ||
	    (isfinite(h->scl_slope) && h->scl_slope != 0.0f && !isfinite(h->scl_inter)))
		return REFUSE("--%s %s: scl_slope and scl_inter must be finite, got %g and %g",
			      flag, path, (double)h->scl_slope, (double)h->scl_inter);
	*voxel_bytes_out = (size_t)bytes;
	*voxels_out = (size_t)voxels;
	return 0;
}
