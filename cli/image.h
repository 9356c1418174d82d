/*
 * radioembo(1): images of one run brought onto one grid (image.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_IMAGE_H
#define RADIOEMBO_CLI_IMAGE_H

#include <radioembo.h>

#include "cli.h"

/*
 * 0 if image lies on the grid of reference (radioembo_volume_same_grid), else a usage
 * error naming flag, path and what differs.
 */
int image_require_grid(const radioembo_volume *reference, const char *reference_flag,
		       const radioembo_volume *image, const char *flag, const char *path,
		       struct cli_error *err);

#endif
