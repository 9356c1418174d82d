/*
 * radioembo(1): `radioembo plan CASE.json`: read the case, run every model (and propagate
 * its uncertainty when asked), write the report. Exit 0, or 1 when the plan breaks a limit
 * (a result, not an error).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "options.h"
#include "output.h"
#include "plan_flags.h"
#include "report_doc.h"
#include "report_render.h"
#include "report_text.h"
#include "sha256.h"

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_HTML, FORMAT_PDF };
static const char *const format_names[] = { "text", "json", "html", "pdf" };

enum { P_FORMAT, P_OUTPUT, P_UNCERTAINTY, P_SAMPLES, P_SEED, P_GENERATOR, P_THREADS, P_COUNT };
static const struct option_spec plan_specs[] = {
	[P_FORMAT] = { "format", "text|json|html|pdf", "report format (default text)" },
	[P_OUTPUT] = { "output", "FILE", "write the report to FILE (whole or not at all)" },
	/*
	 * The library owns the methods, the ranges, the defaults and the generators: its
	 * setters check the values and their messages name what they accept.
	 */
	[P_UNCERTAINTY] = { "uncertainty", "METHOD", /* plan_help() lists the methods */
			    "propagate the case's uncertainty inputs by this method" },
	[P_SAMPLES] = { "samples", "N", "Monte Carlo sample count" },
	[P_SEED] = { "seed", "S", "Monte Carlo seed" },
	[P_GENERATOR] = { "generator", "NAME", "Monte Carlo random number generator" },
	[P_THREADS] = { "threads", "N", "Monte Carlo threads (default: the processors online)" },
};

/* A failure of the library about the case at path: the message names the key and value. */
static int case_failure(struct cli_error *err, int rc, const char *path)
{
	return cli_fail(err, cli_status_from_library(rc), "%s: %s", path,
			rc == RADIOEMBO_ENOMEM ? "out of memory" : radioembo_last_error_message());
}

/*
 * A case file with errors: every error but the last on its own line of standard error
 * here, the last (or the only one) as the command's failure, which main() prints.
 */
static int read_failure(struct cli_error *err, int rc, const char *path)
{
	size_t i, count = 0;

	radioembo_case_error_count(&count);
	if (count < 2)
		return case_failure(err, rc, path);
	for (i = 0; i + 1 < count; i++)
		fprintf(stderr, "radioembo plan: %s: %s\n", path,
			radioembo_case_error_message_at(i));
	return cli_fail(err, cli_status_from_library(rc), "%s: %s", path,
			radioembo_case_error_message_at(count - 1));
}

/* The whole file at path ("-": standard input) in memory, malloc'd. */
static int read_input(const char *path, char **data_out, size_t *size_out, struct cli_error *err)
{
	FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	int failed;

	if (in == NULL)
		return cli_fail(err, CLI_EXIT_USAGE, "%s: cannot open the case file: %s", path,
				strerror(errno));
	failed = cli_read_all(in, data_out, size_out) ? errno : 0;
	if (in != stdin)
		fclose(in);
	if (failed)
		return cli_fail(err, failed == ENOMEM ? CLI_EXIT_INTERNAL : CLI_EXIT_USAGE,
				"%s: cannot read the case file: %s", path, strerror(failed));
	return 0;
}

/*
 * Reads the case ("-": standard input), applies the flags and computes the report. With
 * sha256 (65 bytes), the case is read here so that its digest is of the bytes planned.
 */
static int plan_report(const char *path, const char *const *values, radioembo_report **report_out,
		       char *sha256, struct cli_error *err)
{
	radioembo_case *c = NULL;
	char *data = NULL;
	size_t size = 0;
	int rc;

	if (sha256 == NULL) {
		rc = radioembo_case_new_from_file(strcmp(path, "-") == 0 ? "/dev/stdin" : path, &c);
	} else {
		if ((rc = read_input(path, &data, &size, err)))
			return rc;
		sha256_hex(data, size, sha256);
		rc = radioembo_case_new_from_json(data, size, &c);
		free(data);
	}
	if (rc != RADIOEMBO_OK)
		return read_failure(err, rc, path);
	rc = plan_flags_apply(c, values[P_UNCERTAINTY], values[P_SAMPLES], values[P_SEED],
			      values[P_GENERATOR], values[P_THREADS], err);
	if (rc == 0 && (rc = radioembo_case_compute(c, report_out)) != RADIOEMBO_OK)
		rc = case_failure(err, rc, path);
	radioembo_case_free(c);
	return rc;
}

static int parse_format(const char *value, enum format *format_out, struct cli_error *err)
{
	size_t i;

	for (i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
		if (strcmp(value != NULL ? value : "text", format_names[i]) == 0) {
			*format_out = (enum format)i;
			return 0;
		}
	return cli_fail(err, CLI_EXIT_USAGE, "--format \"%s\": expected text, json, html or pdf",
			value);
}

/* The report in format to out, all rendered from the library's JSON report. */
static int write_report(const char *json, enum format format, const struct report_audit *audit,
			FILE *out, struct cli_error *err)
{
	struct report_doc doc;
	int rc;

	if (format == FORMAT_JSON)
		return fputs(json, out) == EOF
			       ? cli_fail(err, CLI_EXIT_INTERNAL, "writing the JSON report")
			       : 0;
	if (format == FORMAT_TEXT)
		return report_write_text(json, out, err);
	if ((rc = report_doc_build(json, audit, &doc, err)))
		return rc;
	rc = format == FORMAT_HTML ? report_write_html(&doc, out, err)
				   : report_write_pdf(&doc, out, err);
	report_doc_free(&doc);
	return rc;
}

/* --help: the methods are the library's names (radioembo_propagation_method_name(3)). */
static void plan_help(void)
{
	struct option_spec specs[P_COUNT];
	char methods[128] = "";
	const char *name;
	int method;

	for (method = 1;
	     (name = radioembo_propagation_method_name((radioembo_propagation_method)method));
	     method++)
		snprintf(methods + strlen(methods), sizeof methods - strlen(methods), "%s%s",
			 method > 1 ? "|" : "", name);
	memcpy(specs, plan_specs, sizeof specs);
	specs[P_UNCERTAINTY].value = methods;
	options_help(
		stdout,
		"radioembo plan CASE.json [--format text|json|html|pdf] [--output FILE]\n"
		"           [--uncertainty METHOD [--samples N] [--seed S] [--generator NAME]]\n"
		"           [--threads N]",
		"Plans the case (radioembo-case(5); \"-\" reads standard input) with every\n"
		"applicable model and writes the planning report, with the propagation\n"
		"of the case's \"uncertainty\" inputs when its section or --uncertainty\n"
		"names a method. --samples, --seed and --generator override the section's\n"
		"Monte Carlo settings; the library checks them and says what it accepts.\n"
		"html and pdf are the signed report: audit block, tables and plots.\n"
		"--threads N: Monte Carlo on N threads (the figures do not depend on it).\n"
		"Exit status 1 when a limit is broken, 2 for bad input, 3 for an internal\n"
		"failure.",
		specs, P_COUNT);
}

int command_plan(int argc, char **argv, struct cli_error *err)
{
	const char *values[P_COUNT], *positional[1];
	radioembo_report *report = NULL;
	struct output output = { 0 };
	struct output_set outputs = { .count = 0 };
	struct report_audit audit = { 0 };
	enum format format = FORMAT_TEXT;
	char sha256[65] = "";
	size_t npos;
	int help, violation = 0, rc;

	if ((rc = options_parse(argc, argv, plan_specs, P_COUNT, values, positional, 1, &npos,
				&help, err)))
		return rc;
	if (help) {
		plan_help();
		return CLI_EXIT_OK;
	}
	if ((rc = parse_format(values[P_FORMAT], &format, err)))
		return rc;
	if (npos != 1)
		return cli_fail(err, CLI_EXIT_USAGE, "plan needs a case file (see radioembo plan --help)");
	/* the output is checked before the case is read: a typo costs no computing */
	if ((rc = output_open(&output, err)) ||
	    (rc = output_set_add_buffer(&outputs, "output",
					values[P_OUTPUT] ? values[P_OUTPUT] : "-", &output, err)) ||
	    (rc = output_set_refuse_input(&outputs, NULL, positional[0], err)) ||
	    (rc = plan_report(positional[0], values, &report, format >= FORMAT_HTML ? sha256 : NULL,
			      err))) {
		output_set_discard(&outputs);
		output_discard(&output);
		return rc;
	}
	audit.input = positional[0];
	audit.sha256 = sha256;
	audit.written_s = report_doc_now();
	rc = write_report(radioembo_report_json(report), format, &audit, output.stream, err);
	if (rc == 0)
		rc = output_set_commit(&outputs, err);
	output_set_discard(&outputs);
	output_discard(&output);
	radioembo_report_has_violation(report, &violation);
	if (rc == 0 && violation)
		rc = CLI_EXIT_VIOLATION;
	radioembo_report_free(report);
	return rc;
}
