/*
 * radioembo(1): the images of one run on one grid; see image.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "image.h"

int image_read(const char *path, const char *flag, const radioembo_volume *reference,
	       radioembo_volume **volume_out, struct nifti_grid **grid_out,
	       struct dicom_info *dicom_out, struct cli_error *err)
{
	int rc;

	if (dicom_out != NULL)
		memset(dicom_out, 0, sizeof *dicom_out);
	if (!dicom_is_dicom(path))
		return nifti_read_volume(path, flag, volume_out, grid_out, err);
	if ((rc = dicom_read_volume(path, flag, reference, volume_out, dicom_out, err)))
		return rc;
	if (grid_out != NULL && (rc = nifti_grid_from_volume(*volume_out, grid_out, err))) {
		radioembo_volume_free(*volume_out);
		*volume_out = NULL;
		if (dicom_out != NULL) {
			free(dicom_out->label_names);
			dicom_out->label_names = NULL;
		}
	}
	return rc;
}

static int ends_with(const char *path, const char *suffix)
{
	size_t n = strlen(path), k = strlen(suffix);
	return n > k && strcmp(path + n - k, suffix) == 0;
}

int image_output_add(struct output_set *set, struct image_output *map, const char *flag,
		     const char *path, struct cli_error *err)
{
	if (ends_with(path, ".dcm")) {
		map->dicom.volume = map->volume;
		map->dicom.source = map->source;
		map->dicom.dose_type = map->dose_type;
		map->dicom.description = map->description;
		return dicom_dose_output_add(set, &map->dicom, flag, path, err);
	}
	map->nifti.volume = map->volume;
	map->nifti.grid = map->grid;
	return nifti_output_add(set, &map->nifti, flag, path, err);
}

/* Does a mask or label map have a voxel over 0.5? */
static int labelled(const radioembo_volume *v)
{
	const float *d = radioembo_volume_data(v);
	size_t n = 0, i;

	radioembo_volume_voxel_count(v, &n);
	for (i = 0; i < n; i++)
		if (d[i] > 0.5f)
			return 1;
	return 0;
}

int image_onto_grid(const radioembo_volume *reference, const char *reference_flag,
		    radioembo_volume **image, const char *flag, const char *path,
		    const struct image_kind *kind, size_t threads, int *resampled_out,
		    struct cli_error *err)
{
	radioembo_volume *resampled = NULL;
	char difference[512];
	int same = 0, rc;

	*resampled_out = 0;
	if (radioembo_volume_same_grid(reference, *image, &same, difference, sizeof difference))
		return cli_fail(err, CLI_EXIT_INTERNAL, "--%s: %s", flag,
				radioembo_last_error_message());
	if (same)
		return 0;
	if ((rc = radioembo_volume_resample_threads(*image, reference, kind->mode, kind->outside,
						    threads, &resampled)))
		return cli_fail(err, cli_status_from_library(rc), "--%s %s: %s", flag, path,
				radioembo_last_error_message());
	if (kind->is_mask && labelled(*image) && !labelled(resampled)) {
		radioembo_volume_free(resampled);
		return cli_fail(err, CLI_EXIT_USAGE,
				"--%s %s: no labelled voxel of it falls on the --%s image's grid "
				"(%s)",
				flag, path, reference_flag, difference);
	}
	radioembo_volume_free(*image);
	*image = resampled;
	*resampled_out = 1;
	return 0;
}
