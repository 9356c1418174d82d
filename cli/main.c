/*
 * radioembo(1): the command-line front end of libradioembo. Dispatches to the subcommands;
 * prints a failure as one line on standard error and exits with its status (cli.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <radioembo.h>

#include "commands.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv, struct cli_error *err);
	const char *about;
} commands[] = {
	{ "plan", command_plan, "plan a case file: activities, doses, limits, diagnostics" },
	{ "products", command_products, "list the product catalogue with every field's source" },
	{ "decay", command_decay, "decay an activity over time" },
	{ "order", command_order, "activity and vial to order at calibration" },
	{ "lsf", command_lsf, "lung shunt fraction from planar counts" },
	{ "bsa", command_bsa, "body surface area and the resin BSA-method activity" },
	{ "voxel", command_voxel, "voxel dosimetry from NIfTI images: dose map, DVH, metrics" },
};

#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: radioembo COMMAND [OPTIONS]\n\n"
		     "Radioembolization planning with libradioembo %s.\n\ncommands:\n",
		radioembo_version_string());
	for (i = 0; i < COMMAND_COUNT; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].about);
	fprintf(out, "  %-10s %s\n", "help", "this text");
	fprintf(out, "\n`radioembo COMMAND --help` describes each command; see radioembo(1) and\n"
		     "radioembo-case(5). Exit status: 0 ok, 1 a limit is broken, 2 bad input,\n"
		     "3 internal failure.\n");
}

/*
 * What went to standard output through stdio (help, version) reached it: a full disk or a
 * closed pipe is a failure, not exit 0.
 */
static int close_stdout(int rc)
{
	if (fclose(stdout) != 0 && rc != CLI_EXIT_INTERNAL) {
		fprintf(stderr, "radioembo: writing to standard output: %s\n", strerror(errno));
		return CLI_EXIT_INTERNAL;
	}
	return rc;
}

static int run(int argc, char **argv)
{
	struct cli_error err = { 0, "" };
	size_t i;
	int rc;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("radioembo %s (libradioembo %s)\n", RADIOEMBO_VERSION_STRING,
		       radioembo_version_string());
		return 0;
	}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < COMMAND_COUNT; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			break;
	if (i == COMMAND_COUNT) {
		fprintf(stderr, "radioembo: unknown command \"%s\" (see radioembo help)\n", argv[1]);
		return 2;
	}
	rc = commands[i].run(argc - 2, argv + 2, &err);
	if (rc != 0 && err.message[0] != '\0')
		fprintf(stderr, "radioembo %s: %s\n", commands[i].name, err.message);
	return rc;
}

int main(int argc, char **argv)
{
	return close_stdout(run(argc, argv));
}
