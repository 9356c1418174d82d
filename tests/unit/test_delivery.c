/*
 * delivery module: golden delivered activities and residual fractions from tests/golden,
 * decay correction between measurement instants, and every error path.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdint.h>

#include "testutil.h"

/* Wed 2026-11-25 12:00 ET = 17:00Z. */
#define WEDNESDAY_NOON_ET INT64_C(1795626000)
#define FIRST_INSTANT INT64_C(-62167219200)
#define LAST_INSTANT INT64_C(253402300799)

static void test_delivery_account_golden(void **state)
{
	struct golden_table *table = golden_load("delivery.csv", 8);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double delivered = TEST_SENTINEL, fraction = TEST_SENTINEL;

		assert_ok(radioembo_delivery_account_gbq(
			golden_value(table, row, 0), (int64_t)golden_value(table, row, 1),
			golden_value(table, row, 2), (int64_t)golden_value(table, row, 3),
			golden_value(table, row, 4), (int64_t)golden_value(table, row, 5),
			&delivered, &fraction));
		assert_close(delivered, golden_value(table, row, 6), 1e-13);
		assert_close(fraction, golden_value(table, row, 7), 1e-13);
	}
	golden_free(table);
}

static void test_delivery_decay_correction_is_consistent(void **state)
{
	const int64_t prepared_s = WEDNESDAY_NOON_ET - 12600, residual_s = WEDNESDAY_NOON_ET + 8100;
	double delivered = TEST_SENTINEL, fraction = TEST_SENTINEL, prepared_at, residual_at;
	double delivered_later, fraction_later;

	(void)state;
	/* the parts add up: delivered + R * P = P, all at administration (radioembo-sources(7) DECAY, MIRD) */
	assert_ok(radioembo_delivery_account_gbq(1.64, prepared_s, 0.010, residual_s, 64.1,
						 WEDNESDAY_NOON_ET, &delivered, &fraction));
	assert_ok(radioembo_decay_activity_gbq(1.64, 64.1, 3.5, &prepared_at));
	assert_ok(radioembo_decay_activity_gbq(0.010, 64.1, -2.25, &residual_at));
	assert_close(delivered, prepared_at - residual_at, 1e-14);
	assert_close(delivered + fraction * prepared_at, prepared_at, 1e-14);
	/* decay correction is what makes the fraction differ from 0.010 / 1.64 */
	assert_true(fraction > 0.010 / 1.64);
	/* the residual fraction does not depend on the reference instant; delivered does */
	assert_ok(radioembo_delivery_account_gbq(1.64, prepared_s, 0.010, residual_s, 64.1,
						 WEDNESDAY_NOON_ET + 64 * 3600 + 360,
						 &delivered_later, &fraction_later));
	assert_close(fraction_later, fraction, 1e-13);
	assert_close(delivered_later, delivered / 2.0, 1e-13);
}

static void test_delivery_residual_may_not_exceed_prepared(void **state)
{
	double delivered = TEST_SENTINEL, fraction = TEST_SENTINEL;

	(void)state;
	assert_fails(radioembo_delivery_account_gbq(1.296, WEDNESDAY_NOON_ET, 1.385,
						    WEDNESDAY_NOON_ET, 64.1, WEDNESDAY_NOON_ET,
						    &delivered, &fraction),
		     RADIOEMBO_EINVAL, "residual_gbq");
	/* 0.98 GBq measured 5 h after administration was 1.0543 GBq then: more than 1 GBq */
	assert_fails(radioembo_delivery_account_gbq(1.0, WEDNESDAY_NOON_ET, 0.98,
						    WEDNESDAY_NOON_ET + 18000, 64.1,
						    WEDNESDAY_NOON_ET, &delivered, &fraction),
		     RADIOEMBO_EINVAL, "residual_gbq");
	assert_true(delivered == TEST_SENTINEL && fraction == TEST_SENTINEL);
	/* the whole activity left behind is a result: nothing delivered */
	assert_ok(radioembo_delivery_account_gbq(1.296, WEDNESDAY_NOON_ET, 1.296,
						 WEDNESDAY_NOON_ET, 64.1, WEDNESDAY_NOON_ET,
						 &delivered, &fraction));
	assert_close(delivered, 0.0, 0.0);
	assert_close(fraction, 1.0, 0.0);
}

static void test_delivery_instants_within_years_0000_to_9999(void **state)
{
	static const int64_t bad[] = { INT64_MIN, FIRST_INSTANT - 1, LAST_INSTANT + 1, INT64_MAX };
	const int64_t now = WEDNESDAY_NOON_ET;
	double delivered = TEST_SENTINEL, fraction = TEST_SENTINEL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_fails(radioembo_delivery_account_gbq(1.64, bad[i], 0.01, now, 64.1, now,
							    &delivered, &fraction),
			     RADIOEMBO_EINVAL, "prepared_s");
		assert_fails(radioembo_delivery_account_gbq(1.64, now, 0.01, bad[i], 64.1, now,
							    &delivered, &fraction),
			     RADIOEMBO_EINVAL, "residual_s");
		assert_fails(radioembo_delivery_account_gbq(1.64, now, 0.01, now, 64.1, bad[i],
							    &delivered, &fraction),
			     RADIOEMBO_EINVAL, "administration_s");
	}
	/* the bounds are accepted, but 10 000 years of growth overflow a double */
	assert_fails(radioembo_delivery_account_gbq(1.64, LAST_INSTANT, 0.01, now, 64.1,
						    FIRST_INSTANT, &delivered, &fraction),
		     RADIOEMBO_ERANGE, "decayed activity");
	/* ... and decay to zero leaves no residual fraction to give */
	assert_fails(radioembo_delivery_account_gbq(1.64, FIRST_INSTANT, 0.0, now, 64.1,
						    LAST_INSTANT, &delivered, &fraction),
		     RADIOEMBO_ERANGE, "residual fraction");
	assert_true(delivered == TEST_SENTINEL && fraction == TEST_SENTINEL);
}

static void test_delivery_rejects_invalid_arguments(void **state)
{
	const int64_t now = WEDNESDAY_NOON_ET;
	double delivered = TEST_SENTINEL, fraction = TEST_SENTINEL;

	(void)state;
	assert_fails(radioembo_delivery_account_gbq(0.0, now, 0.01, now, 64.1, now, &delivered,
						    &fraction),
		     RADIOEMBO_EINVAL, "prepared_gbq");
	assert_fails(radioembo_delivery_account_gbq(-1.64, now, 0.01, now, 64.1, now, &delivered,
						    &fraction),
		     RADIOEMBO_EINVAL, "prepared_gbq");
	assert_fails(radioembo_delivery_account_gbq(INFINITY, now, 0.01, now, 64.1, now,
						    &delivered, &fraction),
		     RADIOEMBO_EINVAL, "prepared_gbq");
	assert_fails(radioembo_delivery_account_gbq(1.64, now, -0.01, now, 64.1, now, &delivered,
						    &fraction),
		     RADIOEMBO_EINVAL, "residual_gbq");
	assert_fails(radioembo_delivery_account_gbq(1.64, now, INFINITY, now, 64.1, now,
						    &delivered, &fraction),
		     RADIOEMBO_EINVAL, "residual_gbq");
	assert_fails(radioembo_delivery_account_gbq(1.64, now, 0.01, now, 0.0, now, &delivered,
						    &fraction),
		     RADIOEMBO_EINVAL, "half_life_h");
	assert_fails(radioembo_delivery_account_gbq(1.64, now, 0.01, now, -64.1, now, &delivered,
						    &fraction),
		     RADIOEMBO_EINVAL, "half_life_h");
	assert_fails(radioembo_delivery_account_gbq(1.64, now, 0.01, now, INFINITY, now,
						    &delivered, &fraction),
		     RADIOEMBO_EINVAL, "half_life_h");
	assert_true(delivered == TEST_SENTINEL && fraction == TEST_SENTINEL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_delivery_account_golden),
		TEST(test_delivery_decay_correction_is_consistent),
		TEST(test_delivery_residual_may_not_exceed_prepared),
		TEST(test_delivery_instants_within_years_0000_to_9999),
		TEST(test_delivery_rejects_invalid_arguments),
	};
	return cmocka_run_group_tests_name("delivery", tests, NULL, NULL);
}
