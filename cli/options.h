/*
 * radioembo(1): "--name value" and "--name=value" flags of a subcommand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_OPTIONS_H
#define RADIOEMBO_CLI_OPTIONS_H

#include <stdio.h>

#include "cli.h"

struct option_spec {
	const char *name;  /* without the dashes */
	const char *value; /* placeholder for --help, e.g. "GBQ" */
	const char *help;
};

/*
 * Parses argv[0..argc) against specs (n of them) into values[] (NULL: not given), with at
 * most max_positional positional arguments into positional[]. "--help" sets *help_out.
 */
int options_parse(int argc, char **argv, const struct option_spec *specs, size_t n,
		  const char **values, const char **positional, size_t max_positional,
		  size_t *positional_count_out, int *help_out, struct cli_error *err);

/* Prints "usage" and the flags, for --help. */
void options_help(FILE *out, const char *usage, const char *about,
		  const struct option_spec *specs, size_t n);

/* A required or optional number flag; messages name the flag and the value. */
int options_number(const struct option_spec *specs, const char **values, size_t index,
		   int required, double *value_out, int *present_out, struct cli_error *err);

/*
 * A library call refused a value given by a flag: its message with the library's
 * parameter ("activity_gbq", "treatment_s") written as the flag of specs that carries it
 * ("--activity-gbq must be finite and >= 0, got -5"); a parameter no flag carries keeps
 * the library's words. rc is the library's status.
 */
int options_library_error(const struct option_spec *specs, size_t n, int rc, struct cli_error *err);

/* The --format value: 0 text, 1 json; else a usage error. */
int options_format(const char *value, int *json_out, struct cli_error *err);

#endif
