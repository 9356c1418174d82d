/*
 * radioembo(1): `radioembo voxel --report-out FILE.html|FILE.pdf`, the voxel dosimetry
 * report to read and sign, rendered from the metrics JSON and the DVH CSV the command
 * writes (so that the formats cannot disagree) and from the activity and dose maps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_VOXEL_REPORT_H
#define RADIOEMBO_CLI_VOXEL_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include <radioembo.h>

#include "cli.h"
#include "options.h"
#include "output.h"

/* The report's file must end in .html (or .htm) or .pdf: 0, or CLI_EXIT_USAGE with err set. */
int voxel_report_check_name(const char *path, struct cli_error *err);

/*
 * Writes the report to out, HTML or PDF by path's extension: the audit block (every input
 * file given among the flags, with its SHA-256), the metrics, each structure's cumulative
 * DVH with its Dx and Vx marked, and the middle axial slice of the dose washed over the
 * activity, from what has been written to metrics (the JSON) and dvh_csv (the rows).
 * specs and values are the command's flags (n of them). 0, or an exit status with err set.
 */
int voxel_report_write(FILE *out, const char *path, struct output *metrics, struct output *dvh_csv,
		       const radioembo_volume *activity, const radioembo_volume *dose,
		       const struct option_spec *specs, const char *const *values, size_t n,
		       struct cli_error *err);

#endif
