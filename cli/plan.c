/*
 * radioembo(1): `radioembo plan CASE.json`: read the case, run every model (and propagate
 * its uncertainty when asked), write the report. Exit 0, or 1 when the plan breaks a limit
 * (a result, not an error).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "case_reader.h"
#include "commands.h"
#include "options.h"
#include "output.h"
#include "report.h"
#include "uncertainty.h"

enum { P_FORMAT, P_OUTPUT, P_UNCERTAINTY, P_SAMPLES, P_SEED, P_GENERATOR, P_COUNT };
static const struct option_spec plan_specs[] = {
	[P_FORMAT] = { "format", "text|json", "report format (default text)" },
	[P_OUTPUT] = { "output", "FILE", "write the report to FILE (whole or not at all)" },
	[P_UNCERTAINTY] = { "uncertainty", "analytic|monte_carlo",
			    "propagate the case's uncertainty inputs by this method" },
	[P_SAMPLES] = { "samples", "N", "Monte Carlo samples, 2 to 10000000 (default 10000)" },
	[P_SEED] = { "seed", "S", "Monte Carlo seed, 0 to 2^53-1 (default 1)" },
	[P_GENERATOR] = { "generator", "NAME",
			  "Monte Carlo generator: gfsr4 (default), mt19937 or taus2" },
};

int command_plan(int argc, char **argv, struct cli_error *err)
{
	const char *values[P_COUNT], *positional[1];
	struct radioembo_case *c = NULL;
	struct output output = { 0 };
	struct report report;
	size_t npos;
	int help, json, rc;

	if ((rc = options_parse(argc, argv, plan_specs, P_COUNT, values, positional, 1, &npos,
				&help, err)))
		return rc;
	if (help) {
		options_help(stdout,
			     "radioembo plan CASE.json [--format text|json] [--output FILE]\n"
			     "           [--uncertainty analytic|monte_carlo [--samples N] [--seed S]\n"
			     "                                               [--generator NAME]]",
			     "Plans the case (radioembo-case(5); \"-\" reads standard input) with every\n"
			     "applicable model and writes the planning report, with the propagation\n"
			     "of the case's \"uncertainty\" inputs when its section or --uncertainty\n"
			     "names a method. Exit status 1 when a limit is broken, 2 for bad input,\n"
			     "3 for an internal failure.",
			     plan_specs, P_COUNT);
		return CLI_EXIT_OK;
	}
	if ((rc = options_format(values[P_FORMAT], &json, err)))
		return rc;
	if (npos != 1)
		return cli_fail(err, CLI_EXIT_USAGE, "plan needs a case file (see radioembo plan --help)");
	if ((rc = case_read_file(positional[0], &c, err)))
		return rc;
	if ((rc = uncertainty_apply_flags(c, values[P_UNCERTAINTY], values[P_SAMPLES],
					  values[P_SEED], values[P_GENERATOR], err))) {
		case_free(c);
		return rc;
	}
	if ((rc = report_build(c, &report, err))) {
		char message[sizeof err->message];
		memcpy(message, err->message, sizeof message);
		if (snprintf(err->message, sizeof err->message, "%s: %s", positional[0], message) < 0)
			err->message[0] = '\0';
		report_free(&report);
		case_free(c);
		return rc;
	}
	if ((rc = output_open(&output, err)) == 0) {
		rc = json ? report_write_json(&report, output.stream, err)
			  : report_write_text(&report, output.stream, err);
		if (rc == 0)
			rc = output_commit(&output, values[P_OUTPUT], err);
	}
	output_discard(&output);
	if (rc == 0 && report.has_violation)
		rc = CLI_EXIT_VIOLATION;
	report_free(&report);
	case_free(c);
	return rc;
}
