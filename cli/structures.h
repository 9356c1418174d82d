/*
 * radioembo(1) voxel: the structures of a label map, each computed on the box that bounds
 * it. The library's structure calls (radioembo_dvh_new, radioembo_voxel_eubed_gy) read the
 * whole grid for one label: called per label on the whole grid, a map of many structures
 * costs labels x voxels. On each structure's bounding box the cost is the sum of the boxes,
 * about the grid for compact organs; the results are the same voxels in the same order.
 * The sum is bounded (STRUCTURES_MAX_WORK, radioembo(1)): past it the run is refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_STRUCTURES_H
#define RADIOEMBO_CLI_STRUCTURES_H

#include <radioembo.h>

#include "cli.h"

/* Voxels of all the structures' boxes together, at most: 2^32. */
#define STRUCTURES_MAX_WORK 4294967296.0

struct structure_box {
	size_t lo[3], hi[3]; /* inclusive voxel indices; lo[0] > hi[0] while empty */
};

/*
 * The box of each label 1 .. count - 1 (the value rounded to the nearest integer, as the
 * library's label rule) in boxes[label]; labels outside that range are ignored.
 */
void structures_bound(const radioembo_volume *labels, struct structure_box *boxes, size_t count);
/* The voxels of a box; 0 when empty. */
double structures_box_voxels(const struct structure_box *box);
/* A new volume holding volume's voxels within box (NULL in, NULL out). */
int structures_crop(const radioembo_volume *volume, const struct structure_box *box,
		    radioembo_volume **out);

#endif
