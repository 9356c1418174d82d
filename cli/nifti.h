/*
 * radioembo(1): NIfTI-1 images (.nii, .nii.gz) as libradioembo volumes, through Debian's
 * niftilib (libnifti2-dev: nifti1_io.h, -lniftiio -lznz). Images live in cli/, never in lib/
 * (libradioembo(7): the library takes volumes, not files); DICOM can be added beside this module.
 *
 * NIfTI stores voxels x fastest, as radioembo_volume does: no reordering. Any real
 * datatype is converted to float after scl_slope/scl_inter. The header is checked field by
 * field first (nifti_header.h), the byte count before any voxel is read. The volume's
 * spacing, direction and origin come from the sform (else the qform; neither is a
 * warning), converted from RAS to the library's LPS and to mm from xyz_units.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_NIFTI_H
#define RADIOEMBO_CLI_NIFTI_H

#include <radioembo.h>

#include "cli.h"
#include "output.h"

/* The header geometry of an image read, to write results on the same grid. */
struct nifti_grid;

/*
 * Reads path (flag names the option it came from, for messages) into a new volume; if
 * grid_out is not NULL, also keeps its header geometry (free with nifti_grid_free()).
 */
int nifti_read_volume(const char *path, const char *flag, radioembo_volume **volume_out,
		      struct nifti_grid **grid_out, struct cli_error *err);

/*
 * A map to write when the run's outputs are committed: *volume as float32 on *grid's
 * geometry (qform, sform, units), read only then, so that both may be computed after the
 * output is declared. gzip is set from the name.
 */
struct nifti_output {
	radioembo_volume **volume;
	struct nifti_grid **grid;
	int gzip;
};

/*
 * Declares map as the output of flag at path in set (output.h): the name must end in .nii
 * or .nii.gz, unless path is standard output ("-"), a device or a FIFO (then a .nii).
 */
int nifti_output_add(struct output_set *set, struct nifti_output *map, const char *flag,
		     const char *path, struct cli_error *err);

void nifti_grid_free(struct nifti_grid *grid);

/* The header geometry of a volume read from elsewhere (DICOM), to write NIfTI on its grid. */
int nifti_grid_from_volume(const radioembo_volume *volume, struct nifti_grid **grid_out,
			   struct cli_error *err);

#endif
