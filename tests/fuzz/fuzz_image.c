/*
 * Fuzz target of the command's image readers: any bytes, written to a temporary file, go to
 * image_read() (cli/image.h), which reads them as DICOM (DCMTK: CT, PT, NM, SEG, RTSTRUCT
 * rasterized onto a small reference grid) when they carry DICOM's preamble and as NIfTI-1
 * otherwise. Every input must be a volume or an error (exit status and message), never a
 * crash, a leak or a sanitizer report: truncated files, absurd dimensions and lying
 * lengths included. Built with libFuzzer by `make fuzz`; its corpus (tests/fuzz/image/,
 * seeds from tests/fuzz/image-seeds.py) is replayed by tests/fuzz/replay.c in `make check`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <radioembo.h>

#include "../../cli/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/radioembo-fuzz-image-XXXXXX";
	radioembo_volume *reference = NULL, *volume = NULL;
	struct nifti_grid *grid = NULL;
	struct dicom_info info;
	struct cli_error err;
	int fd = mkstemp(path);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	/* 12 x 10 x 8 voxels of 2.5 mm from (-15, -12.5, -10) mm: an RTSTRUCT's target */
	if (radioembo_volume_new(12, 10, 8, 2.5, 2.5, 2.5, &reference) == 0 &&
	    radioembo_volume_set_origin_mm(reference, -15.0, -12.5, -10.0) == 0 &&
	    image_read(path, "fuzz", reference, &volume, &grid, &info, &err) == 0) {
		size_t n = 0;
		double sum = 0.0;
		if (radioembo_volume_voxel_count(volume, &n) != 0 || n == 0 ||
		    radioembo_volume_sum(volume, &sum) != 0)
			abort(); /* an accepted image is a whole volume */
		free(info.label_names);
		nifti_grid_free(grid);
		radioembo_volume_free(volume);
	}
	radioembo_volume_free(reference);
	unlink(path);
	return 0;
}
