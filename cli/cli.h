/*
 * radioembo(1): what the command's modules share: exit statuses and the one-line error.
 * The command is a front end: it uses the public API of libradioembo only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_H
#define RADIOEMBO_CLI_H

#include <stddef.h>
#include <stdio.h>

/* Exit statuses, documented in radioembo(1). */
enum {
	CLI_EXIT_OK = 0,        /* done; no limit broken */
	CLI_EXIT_VIOLATION = 1, /* a plan was reported, and it breaks a limit */
	CLI_EXIT_USAGE = 2,     /* bad input: usage, case file, value out of range */
	CLI_EXIT_INTERNAL = 3   /* out of memory, I/O failure, a fault in the library */
};

/* A failure: the exit status to use and a one-line message (no trailing newline). */
struct cli_error {
	int status;
	char message[768];
};

#if defined(__GNUC__)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CLI_PRINTF(f, a)
/*
 * Writes json indented by two, numbers in their shortest round-trip form (as the library's
 * JSON report), and a newline. Returns 0, or -1 on allocation or write failure.
 */
struct json_t;
int cli_write_json(FILE *stream, const struct json_t *json);

#endif

/* Records status and the formatted message in err (may be NULL); returns status. */
int cli_fail(struct cli_error *err, int status, const char *format, ...) CLI_PRINTF(3, 4);

/*
 * A library failure as an exit status: bad values and unknown names are the input's fault
 * (CLI_EXIT_USAGE); out of memory and internal faults are ours (CLI_EXIT_INTERNAL).
 */
int cli_status_from_library(int rc);

/* The rest of in, malloc'd, in *data_out; 0, or -1 with errno set (nothing to free). */
int cli_read_all(FILE *in, char **data_out, size_t *size_out);

/* Strict number parsing for flags: the whole text, finite. Returns 0 or -1. */
int cli_parse_double(const char *text, double *value_out);

/*
 * --threads: a whole number from 1 to 1024, or (text NULL: not given) the processors
 * online. Returns 0, or a usage error in err.
 */
int cli_parse_threads(const char *text, size_t *threads_out, struct cli_error *err);

/*
 * Writes json indented by two, numbers in their shortest round-trip form (as the library's
 * JSON report), and a newline. Returns 0, or -1 on allocation or write failure.
 */
struct json_t;
int cli_write_json(FILE *stream, const struct json_t *json);

#endif
