/*
 * The shared library actually loaded reports the version of the headers it was built
 * with, and the headers agree with themselves.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "testutil.h"

static void test_api_runtime_version_equals_header(void **state)
{
	char expected[32];

	(void)state;
	assert_int_equal(radioembo_version_number(), RADIOEMBO_VERSION_NUMBER);
	assert_string_equal(radioembo_version_string(), RADIOEMBO_VERSION_STRING);
	snprintf(expected, sizeof expected, "%d.%d.%d", RADIOEMBO_VERSION_MAJOR,
		 RADIOEMBO_VERSION_MINOR, RADIOEMBO_VERSION_PATCH);
	assert_string_equal(RADIOEMBO_VERSION_STRING, expected);
	assert_int_equal(RADIOEMBO_VERSION_NUMBER, RADIOEMBO_VERSION_MAJOR * 10000 +
							   RADIOEMBO_VERSION_MINOR * 100 +
							   RADIOEMBO_VERSION_PATCH);
}

static void test_api_decay_through_shared_library(void **state)
{
	double activity = TEST_SENTINEL;

	(void)state;
	/* 3 GBq after 24 h at 64.1 h: hand-computed 2.3142544950042323 GBq */
	assert_ok(radioembo_decay_activity_gbq(3.0, 64.1, 24.0, &activity));
	assert_close(activity, 2.3142544950042323, 1e-13);
	assert_fails(radioembo_decay_activity_gbq(3.0, 64.1, 24.0, NULL), RADIOEMBO_EINVAL,
		     "activity_gbq_out");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_api_runtime_version_equals_header),
		TEST(test_api_decay_through_shared_library),
	};
	return cmocka_run_group_tests_name("api_version", tests, NULL, NULL);
}
