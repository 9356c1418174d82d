/*
 * Error model: status texts, the thread-local last message, and the GSL guard itself.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <jansson.h>

#include "core/internal.h"
#include "testutil.h"

static void test_error_every_status_has_its_own_text(void **state)
{
	static const int codes[] = { RADIOEMBO_OK, RADIOEMBO_EINVAL, RADIOEMBO_ENOMEM,
				     RADIOEMBO_ERANGE, RADIOEMBO_ENOTFOUND, RADIOEMBO_ENOCONV,
				     RADIOEMBO_EINTERNAL };
	const char *unknown = radioembo_strerror(-12345);
	size_t i, j;

	(void)state;
	assert_string_equal(unknown, "unknown status code");
	assert_string_equal(radioembo_strerror(42), unknown);
	for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		const char *text = radioembo_strerror(codes[i]);
		assert_non_null(text);
		assert_string_not_equal(text, unknown);
		for (j = 0; j < i; j++)
			assert_string_not_equal(text, radioembo_strerror(codes[j]));
	}
}

static void test_error_message_names_parameter_and_value(void **state)
{
	double out;

	(void)state;
	assert_int_equal(radioembo_decay_factor(-2.5, 1.0, &out), RADIOEMBO_EINVAL);
	assert_string_equal(radioembo_last_error_message(),
			    "half_life_h must be finite and > 0, got -2.5");
	/* a success does not clear it: it describes the last failure */
	assert_ok(radioembo_decay_factor(64.1, 1.0, &out));
	assert_string_equal(radioembo_last_error_message(),
			    "half_life_h must be finite and > 0, got -2.5");
}

static void test_error_parameter_names_the_failing_argument(void **state)
{
	double out;
	radioembo_lesion *lesion = NULL;

	(void)state;
	assert_int_equal(radioembo_decay_factor(64.1, NAN, &out), RADIOEMBO_EINVAL);
	assert_string_equal(radioembo_last_error_parameter(), "elapsed_h");
	assert_int_equal(radioembo_lesion_new("HCC-2", 38.25, &lesion), RADIOEMBO_OK);
	assert_int_equal(radioembo_lesion_set_density_g_per_ml(lesion, -1.07), RADIOEMBO_EINVAL);
	assert_string_equal(radioembo_last_error_parameter(), "density_g_per_ml");
	assert_int_equal(radioembo_lesion_set_tnr(NULL, 2.385), RADIOEMBO_EINVAL);
	assert_string_equal(radioembo_last_error_parameter(), "lesion");
	radioembo_lesion_free(lesion);
	/* a success keeps it, as it keeps the message */
	assert_ok(radioembo_decay_factor(64.1, 1.0, &out));
	assert_string_not_equal(radioembo_last_error_parameter(), "");
	/* an allocation failure or an internal fault names no parameter */
	assert_int_equal(radioembo__fail(RADIOEMBO_ENOMEM, NULL, "out of memory"), RADIOEMBO_ENOMEM);
	assert_string_equal(radioembo_last_error_parameter(), "");
	/* a long name is cut, never overflowing the thread's copy */
	radioembo__fail(RADIOEMBO_EINVAL,
			"a_parameter_name_longer_than_sixty_three_characters_is_cut_to_fit_its_buffer",
			"x");
	assert_int_equal(strlen(radioembo_last_error_parameter()), RADIOEMBO__MAX_PARAMETER_NAME);
}

static void *fail_in_thread(void *arg)
{
	(void)arg;
	/* this thread's failure must not overwrite the main thread's message */
	radioembo_decay_factor(64.1, 1.0, NULL);
	return NULL;
}

static void test_error_message_is_thread_local(void **state)
{
	pthread_t thread;
	char copy[512];
	double out;

	(void)state;
	assert_int_equal(radioembo_decay_factor(NAN, 1.0, &out), RADIOEMBO_EINVAL);
	assert_int_equal(pthread_create(&thread, NULL, fail_in_thread, NULL), 0);
	assert_int_equal(pthread_join(thread, NULL), 0);
	strncpy(copy, radioembo_last_error_message(), sizeof copy - 1);
	copy[sizeof copy - 1] = '\0';
	assert_non_null(strstr(copy, "half_life_h"));
	assert_null(strstr(copy, "factor_out"));
}

static void test_error_values_print_in_shortest_exact_form(void **state)
{
	char text[RADIOEMBO__DOUBLE_TEXT_SIZE];

	(void)state;
	assert_string_equal(radioembo__format_double(64.1, text), "64.1");
	assert_string_equal(radioembo__format_double(-2.385, text), "-2.385");
	assert_string_equal(radioembo__format_double(0.1 + 0.2, text), "0.30000000000000004");
	assert_string_equal(radioembo__format_double(1e308, text), "1e+308");
	assert_string_equal(radioembo__format_double(-INFINITY, text), "-inf");
	assert_string_equal(radioembo__format_double(NAN, text), "nan");
}

/*
 * Every JSON document carries its reals in that form: 64.1 (the Y-90 half-life, h) and
 * 1.24524 were written 64.099999999999994 and 1.2452400000000001 with 17 digits; an
 * integral real stays a real ("50.0"); integers, strings that look like numbers, and
 * escaped quotes pass unchanged; 1e15 is shorter with an exponent.
 */
static void test_error_json_reals_print_in_shortest_exact_form(void **state)
{
	json_t *root = json_pack("{s:f, s:f, s:f, s:I, s:s, s:[f, f, f]}", "a", 64.1, "b", 1.24524,
				 "c", 50.0, "d", (json_int_t)64, "e", "0.1\"2.5", "f", 0.1 + 0.2,
				 -1e15, 5e-324);
	char *text;

	(void)state;
	assert_non_null(root);
	text = radioembo__json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(5));
	json_decref(root);
	assert_non_null(text);
	assert_string_equal(text, "{\"a\":64.1,\"b\":1.24524,\"c\":50.0,\"d\":64,"
				  "\"e\":\"0.1\\\"2.5\",\"f\":[0.30000000000000004,-1e+15,"
				  "4.94065645841247e-324]}");
	free(text);
}

static void test_error_gsl_guard_counts_gsl_errors(void **state)
{
	(void)state;
	/* proves the guard every test runs under would catch a GSL error */
	assert_int_equal(test_gsl_errors_raised(), 0);
	gsl_error("probe from the test suite", __FILE__, __LINE__, GSL_EDOM);
	assert_int_equal(test_gsl_errors_raised(), 1);
	test_gsl_errors_reset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_error_every_status_has_its_own_text),
		TEST(test_error_message_names_parameter_and_value),
		TEST(test_error_parameter_names_the_failing_argument),
		TEST(test_error_message_is_thread_local),
		TEST(test_error_values_print_in_shortest_exact_form),
		TEST(test_error_json_reals_print_in_shortest_exact_form),
		TEST(test_error_gsl_guard_counts_gsl_errors),
	};
	return cmocka_run_group_tests_name("error", tests, NULL, NULL);
}
