/*
 * radioembo(1) lsf from SPECT/CT: the counts image and a label map (NIfTI, SEG, RTSTRUCT,
 * on any grid: brought onto the counts' by nearest neighbour), the lung and liver volumes
 * of interest as lists of labels, and the library's radioembo_shunt_lsf_from_voi_counts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "image_voi.h"

#define MAX_VOI_LABELS 64

/* "1,2,3" into labels (>= 1), or a usage error naming flag. */
static int parse_labels(const char *text, const char *flag, long *labels, size_t *n,
			struct cli_error *err)
{
	const char *p = text;

	*n = 0;
	while (p != NULL && *p != '\0') {
		char *end;
		long value = strtol(p, &end, 10);
		if (end == p || (*end != ',' && *end != '\0') || value < 1 || *n == MAX_VOI_LABELS)
			return cli_fail(err, CLI_EXIT_USAGE,
					"--%s \"%s\": expected labels >= 1 separated by commas "
					"(at most %d)",
					flag, text, MAX_VOI_LABELS);
		labels[(*n)++] = value;
		p = *end == ',' ? end + 1 : NULL;
	}
	if (*n == 0)
		return cli_fail(err, CLI_EXIT_USAGE, "--%s: no label given", flag);
	return 0;
}

/* A mask (1 inside) of the voxels of map whose value rounds to one of labels. */
static int mask_of(const radioembo_volume *map, const long *labels, size_t n,
		   radioembo_volume **mask_out, struct cli_error *err)
{
	const float *m = radioembo_volume_data(map);
	float *out;
	size_t count = 0, i, k;

	if (radioembo_volume_copy(map, mask_out) != 0)
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	out = radioembo_volume_data_mutable(*mask_out);
	radioembo_volume_voxel_count(map, &count);
	for (i = 0; i < count; i++) {
		double label = floor((double)m[i] + 0.5);
		out[i] = 0.0f;
		for (k = 0; k < n; k++)
			if (label == (double)labels[k])
				out[i] = 1.0f;
	}
	return 0;
}

int image_lsf_from_vois(const char *counts_path, const char *labels_path, const char *lung,
			const char *liver, double *lsf_out, struct cli_error *err)
{
	static const struct image_kind labels_kind = { RADIOEMBO_VOLUME_RESAMPLE_NEAREST, 0.0, 1 };
	radioembo_volume *counts = NULL, *map = NULL, *lung_voi = NULL, *liver_voi = NULL;
	long lung_labels[MAX_VOI_LABELS], liver_labels[MAX_VOI_LABELS];
	size_t nlung = 0, nliver = 0;
	size_t threads;
	int resampled = 0, rc;

	if ((rc = cli_parse_threads(NULL, &threads, err)) || /* the processors online */
	    (rc = parse_labels(lung, "lung-labels", lung_labels, &nlung, err)) ||
	    (rc = parse_labels(liver, "liver-labels", liver_labels, &nliver, err)) ||
	    (rc = image_read(counts_path, "counts", NULL, &counts, NULL, NULL, err)))
		return rc;
	if ((rc = image_read(labels_path, "voi-labels", counts, &map, NULL, NULL, err)) == 0 &&
	    (rc = image_onto_grid(counts, "counts", &map, "voi-labels", labels_path, &labels_kind,
				  threads, &resampled, err)) == 0 &&
	    (rc = mask_of(map, lung_labels, nlung, &lung_voi, err)) == 0 &&
	    (rc = mask_of(map, liver_labels, nliver, &liver_voi, err)) == 0 &&
	    (rc = radioembo_shunt_lsf_from_voi_counts(counts, lung_voi, liver_voi, lsf_out)))
		rc = cli_fail(err, cli_status_from_library(rc), "--voi-labels %s: %s", labels_path,
			      radioembo_last_error_message());
	radioembo_volume_free(counts);
	radioembo_volume_free(map);
	radioembo_volume_free(lung_voi);
	radioembo_volume_free(liver_voi);
	return rc;
}
