/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#ifndef GOLDEN_DIR
#error "GOLDEN_DIR must name tests/golden"
#endif

void test_assert_close_impl(double actual, double expected, double rel_tol, const char *expr,
			    const char *file, int line)
{
	double scale = expected == 0.0 ? 1.0 : fabs(expected);
	int ok = (isinf(expected) && actual == expected) ||
		 (isfinite(actual) && fabs(actual - expected) <= rel_tol * scale);

	if (!ok) {
		print_error("%s = %.17g, expected %.17g (relative tolerance %g)\n", expr, actual,
			    expected, rel_tol);
		_fail(file, line);
	}
}

void test_assert_fails_impl(int got, int status, const char *needle, const char *expr,
			    const char *file, int line)
{
	const char *message = radioembo_last_error_message();

	if (got != status) {
		print_error("%s returned %d (%s), expected %d (%s)\n", expr, got,
			    radioembo_strerror(got), status, radioembo_strerror(status));
		_fail(file, line);
	}
	if (message == NULL || strstr(message, needle) == NULL) {
		print_error("%s: message \"%s\" does not mention \"%s\"\n", expr,
			    message ? message : "(null)", needle);
		_fail(file, line);
	}
}

static char *copy_trimmed(const char *text)
{
	size_t length;
	char *copy;

	while (*text == ' ' || *text == '"')
		text++;
	length = strlen(text);
	while (length > 0 && strchr(" \r\n\"", text[length - 1]) != NULL)
		length--;
	copy = malloc(length + 1);
	assert_non_null(copy);
	memcpy(copy, text, length);
	copy[length] = '\0';
	return copy;
}

struct golden_table *golden_load(const char *name, size_t numeric_columns)
{
	char path[1024], line[4096];
	struct golden_table *table;
	int header_seen = 0;
	FILE *file;

	snprintf(path, sizeof path, "%s/%s", GOLDEN_DIR, name);
	file = fopen(path, "r");
	if (file == NULL)
		fail_msg("cannot open golden table %s", path);
	table = calloc(1, sizeof *table);
	assert_non_null(table);
	table->columns = numeric_columns;
	while (fgets(line, sizeof line, file) != NULL) {
		char *cursor = line, *end;
		size_t column;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (!header_seen) {
			header_seen = 1;
			continue;
		}
		table->values = realloc(table->values, (table->rows + 1) * numeric_columns *
							       sizeof *table->values);
		table->sources = realloc(table->sources, (table->rows + 1) * sizeof *table->sources);
		assert_non_null(table->values);
		assert_non_null(table->sources);
		for (column = 0; column < numeric_columns; column++) {
			double value = strtod(cursor, &end);
			if (end == cursor || *end != ',')
				fail_msg("%s row %zu column %zu is not a number followed by a comma",
					 name, table->rows + 1, column + 1);
			table->values[table->rows * numeric_columns + column] = value;
			cursor = end + 1;
		}
		table->sources[table->rows] = copy_trimmed(cursor);
		if (table->sources[table->rows][0] == '\0')
			fail_msg("%s row %zu has no source", name, table->rows + 1);
		table->rows++;
	}
	fclose(file);
	if (table->rows == 0)
		fail_msg("golden table %s has no rows", name);
	return table;
}

double golden_value(const struct golden_table *table, size_t row, size_t column)
{
	return table->values[row * table->columns + column];
}

void golden_free(struct golden_table *table)
{
	size_t row;

	if (table == NULL)
		return;
	for (row = 0; row < table->rows; row++)
		free(table->sources[row]);
	free(table->sources);
	free(table->values);
	free(table);
}

static int gsl_errors;

static void count_gsl_error(const char *reason, const char *file, int line, int gsl_errno)
{
	(void)reason;
	(void)file;
	(void)line;
	(void)gsl_errno;
	gsl_errors++;
}

int test_gsl_guard_setup(void **state)
{
	(void)state;
	gsl_errors = 0;
	gsl_set_error_handler(count_gsl_error);
	return 0;
}

int test_gsl_guard_teardown(void **state)
{
	(void)state;
	if (gsl_errors != 0) {
		print_error("GSL raised %d error(s) during the test\n", gsl_errors);
		return -1;
	}
	return 0;
}

int test_gsl_errors_raised(void)
{
	return gsl_errors;
}

void test_gsl_errors_reset(void)
{
	gsl_errors = 0;
}
