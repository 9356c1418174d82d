/*
 * radioembo(1): the one-line error and small parsing helpers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <jansson.h>
#include <radioembo.h>

#include "../common/number_text.h"
#include "cli.h"

int cli_fail(struct cli_error *err, int status, const char *format, ...)
{
	va_list args;

	if (err == NULL)
		return status;
	err->status = status;
	va_start(args, format);
	vsnprintf(err->message, sizeof err->message, format, args);
	va_end(args);
	return status;
}

int cli_status_from_library(int rc)
{
	switch (rc) {
	case RADIOEMBO_EINVAL:
	case RADIOEMBO_ERANGE:
	case RADIOEMBO_ENOTFOUND:
	case RADIOEMBO_ENOCONV:
		return CLI_EXIT_USAGE;
	default:
		return CLI_EXIT_INTERNAL;
	}
}

int cli_parse_double(const char *text, double *value_out)
{
	char *end;
	double value;

	if (text == NULL || *text == '\0')
		return -1;
	errno = 0;
	value = strtod(text, &end);
	if (*end != '\0' || errno == ERANGE || !isfinite(value))
		return -1;
	*value_out = value;
	return 0;
}

int cli_parse_threads(const char *text, size_t *threads_out, struct cli_error *err)
{
	unsigned long long value = 0;
	long online;
	size_t i;

	if (text == NULL) {
		online = sysconf(_SC_NPROCESSORS_ONLN);
		*threads_out = online < 1 ? 1 : online > 1024 ? 1024 : (size_t)online;
		return 0;
	}
	for (i = 0; text[i] >= '0' && text[i] <= '9' && value <= 1024; i++)
		value = 10 * value + (unsigned long long)(text[i] - '0');
	/* the library's range (radioembo_uncertainty_set_threads, section 3) */
	if (i == 0 || text[i] != '\0' || value < 1 || value > 1024)
		return cli_fail(err, CLI_EXIT_USAGE,
				"--threads \"%s\": expected a whole number from 1 to 1024", text);
	*threads_out = (size_t)value;
	return 0;
}

int cli_write_json(FILE *stream, const struct json_t *json)
{
	char *text = radioembo__json_dumps(json, JSON_INDENT(2));
	int failed = text == NULL || fputs(text, stream) == EOF || fputc('\n', stream) == EOF;

	free(text);
	return failed ? -1 : 0;
}

int cli_read_all(FILE *in, char **data_out, size_t *size_out)
{
	char *data = NULL, *grown;
	size_t size = 0, capacity = 0, got;

	errno = 0;
	do {
		if (size == capacity) {
			capacity = capacity ? 2 * capacity : 65536;
			if ((grown = realloc(data, capacity)) == NULL) {
				free(data);
				errno = ENOMEM;
				return -1;
			}
			data = grown;
		}
		got = fread(data + size, 1, capacity - size, in);
		size += got;
	} while (got > 0);
	if (ferror(in)) {
		free(data);
		if (errno == 0) /* fread's reason when it gave one (EISDIR) */
			errno = EIO;
		return -1;
	}
	*data_out = data;
	*size_out = size;
	return 0;
}
