/*
 * Test support shared by tests/unit and tests/api: tolerant double comparison, error-path
 * assertions, golden-table loading and a GSL error guard. Uses only the public header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_TESTUTIL_H
#define RADIOEMBO_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "radioembo.h"

/* A value no computation here produces: outputs must still hold it after a failed call. */
#define TEST_SENTINEL (-7.7777e77)

/* |actual - expected| <= rel_tol * |expected| (or <= rel_tol when expected is 0). */
void test_assert_close_impl(double actual, double expected, double rel_tol, const char *expr,
			    const char *file, int line);
#define assert_close(actual, expected, rel_tol) \
	test_assert_close_impl((actual), (expected), (rel_tol), #actual, __FILE__, __LINE__)

/*
 * The call returned `status` and the thread's last error message mentions `needle`
 * (the parameter name, usually).
 */
void test_assert_fails_impl(int got, int status, const char *needle, const char *expr,
			    const char *file, int line);
#define assert_fails(call, status, needle) \
	test_assert_fails_impl((call), (status), (needle), #call, __FILE__, __LINE__)
#define assert_ok(call) assert_int_equal((call), RADIOEMBO_OK)

/* A table from tests/golden/NAME: numeric columns, then a free-text source column. */
struct golden_table {
	size_t rows;
	size_t columns; /* numeric columns per row */
	double *values; /* rows * columns, row-major */
	char **sources; /* one per row */
};
/* Loads tests/golden/name, failing the test if it is missing or malformed. */
struct golden_table *golden_load(const char *name, size_t numeric_columns);
double golden_value(const struct golden_table *table, size_t row, size_t column);
void golden_free(struct golden_table *table);

/*
 * GSL guard: the library must never let GSL raise an error (its default handler aborts).
 * The setup installs a handler that counts GSL errors; the teardown fails the test if any
 * was raised. Wrap every test with it through TEST().
 */
int test_gsl_guard_setup(void **state);
int test_gsl_guard_teardown(void **state);
int test_gsl_errors_raised(void);
void test_gsl_errors_reset(void);
#define TEST(f) cmocka_unit_test_setup_teardown(f, test_gsl_guard_setup, test_gsl_guard_teardown)

#endif /* RADIOEMBO_TESTUTIL_H */
