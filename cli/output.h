/*
 * radioembo(1): output written whole or not at all. A report is built in memory and then
 * written to standard output, or to a file through a temporary file in the same directory
 * renamed over it, so that a failure never leaves a partial file behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_OUTPUT_H
#define RADIOEMBO_CLI_OUTPUT_H

#include <stdio.h>

#include "cli.h"

struct output {
	FILE *stream; /* write the report here */
	char *data;
	size_t size;
};

int output_open(struct output *output, struct cli_error *err);
/* Writes what was written to the stream to path, or to standard output if path is NULL. */
int output_commit(struct output *output, const char *path, struct cli_error *err);
/*
 * A temporary file beside path, created with mkstemps(3): the first stem_length bytes of
 * path, a random part, then suffix (kept so that a writer choosing by extension, such as
 * niftilib with ".nii.gz", sees the right one). Returns the open descriptor and the malloc'd
 * name in *name_out, or -1 with errno set and *name_out NULL.
 */
int output_temporary_sibling(const char *path, size_t stem_length, const char *suffix,
			     char **name_out);
/* Frees the buffer; safe after output_commit() and after a failed output_open(). */
void output_discard(struct output *output);

#endif
