/*
 * radioembo(1): images of one run on one grid; see image.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "image.h"

int image_require_grid(const radioembo_volume *reference, const char *reference_flag,
		       const radioembo_volume *image, const char *flag, const char *path,
		       struct cli_error *err)
{
	char difference[512];
	int same = 0;

	if (radioembo_volume_same_grid(reference, image, &same, difference, sizeof difference))
		return cli_fail(err, CLI_EXIT_INTERNAL, "--%s: %s", flag,
				radioembo_last_error_message());
	if (!same)
		return cli_fail(err, CLI_EXIT_USAGE,
				"--%s %s: not on the grid of the --%s image: %s", flag, path,
				reference_flag, difference);
	return 0;
}
