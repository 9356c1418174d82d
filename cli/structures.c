/*
 * radioembo(1) voxel: structures on their bounding boxes (see structures.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "structures.h"

void structures_bound(const radioembo_volume *labels, struct structure_box *boxes, size_t count)
{
	const float *v = radioembo_volume_data(labels);
	size_t n[3], x, y, z, i = 0, k;

	for (k = 0; k < count; k++) {
		boxes[k].lo[0] = boxes[k].lo[1] = boxes[k].lo[2] = (size_t)-1;
		boxes[k].hi[0] = boxes[k].hi[1] = boxes[k].hi[2] = 0;
	}
	radioembo_volume_get_dimensions(labels, &n[0], &n[1], &n[2]);
	for (z = 0; z < n[2]; z++)
		for (y = 0; y < n[1]; y++)
			for (x = 0; x < n[0]; x++, i++) {
				double label = floor((double)v[i] + 0.5);
				struct structure_box *b;
				size_t at[3] = { x, y, z };

				if (!(label >= 1.0 && label < (double)count))
					continue;
				b = &boxes[(size_t)label];
				for (k = 0; k < 3; k++) {
					if (at[k] < b->lo[k])
						b->lo[k] = at[k];
					if (at[k] > b->hi[k])
						b->hi[k] = at[k];
				}
			}
}

double structures_box_voxels(const struct structure_box *box)
{
	if (box->lo[0] > box->hi[0])
		return 0.0;
	return (double)(box->hi[0] - box->lo[0] + 1) * (double)(box->hi[1] - box->lo[1] + 1) *
	       (double)(box->hi[2] - box->lo[2] + 1);
}

int structures_crop(const radioembo_volume *volume, const struct structure_box *box,
		    radioembo_volume **out)
{
	const float *data;
	float *crop;
	size_t n[3], m[3], y, z, k;
	double s[3];
	int rc;

	*out = NULL;
	if (volume == NULL)
		return 0;
	radioembo_volume_get_dimensions(volume, &n[0], &n[1], &n[2]);
	radioembo_volume_get_spacing_mm(volume, &s[0], &s[1], &s[2]);
	for (k = 0; k < 3; k++)
		m[k] = box->hi[k] - box->lo[k] + 1;
	if ((rc = radioembo_volume_new(m[0], m[1], m[2], s[0], s[1], s[2], out)))
		return rc;
	data = radioembo_volume_data(volume);
	crop = radioembo_volume_data_mutable(*out);
	/* rows of the box in raster order: the structure's voxels keep their order */
	for (z = 0; z < m[2]; z++)
		for (y = 0; y < m[1]; y++)
			memcpy(crop + m[0] * (y + m[1] * z),
			       data + box->lo[0] +
				       n[0] * (box->lo[1] + y + n[1] * (box->lo[2] + z)),
			       m[0] * sizeof *crop);
	return 0;
}
