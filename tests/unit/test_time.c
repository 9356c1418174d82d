/*
 * time module: ISO 8601 parsing and UTC formatting of int64_t epoch seconds against
 * tests/golden, a day-by-day walk over years 0000..9999 checked by an independent calendar
 * counter, round trips, and every malformed-input class.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "core/instant.h"
#include "testutil.h"

/* An int64_t no parse produces here: outputs must still hold it after a failed call. */
#define TIME_SENTINEL INT64_C(-7777777777777)
#define FIRST_SECOND INT64_C(-62167219200) /* 0000-01-01T00:00:00Z, see time_format.csv */
#define LAST_SECOND INT64_C(253402300799)  /* 9999-12-31T23:59:59Z */

static int64_t golden_int64(const struct golden_table *table, size_t row, size_t column)
{
	/* every value in the tables is below 2^53, so the double holds it exactly */
	return (int64_t)golden_value(table, row, column);
}

static int golden_int(const struct golden_table *table, size_t row, size_t column)
{
	return (int)golden_value(table, row, column);
}

static void parse_ok(const char *text, int64_t expected)
{
	int64_t seconds = TIME_SENTINEL;
	int rc = radioembo_time_parse_iso8601(text, &seconds);

	if (rc != RADIOEMBO_OK)
		fail_msg("parse(\"%s\") failed: %s", text, radioembo_last_error_message());
	if (seconds != expected)
		fail_msg("parse(\"%s\") = %lld, expected %lld", text, (long long)seconds,
			 (long long)expected);
}

static void test_time_parse_golden(void **state)
{
	struct golden_table *table = golden_load("time_parse.csv", 8);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		int off = golden_int(table, row, 6), off_abs = off < 0 ? -off : off;
		int64_t expected = golden_int64(table, row, 7);
		char date_time[80], offset[32], text[128];

		snprintf(date_time, sizeof date_time, "%04d-%02d-%02dT%02d:%02d",
			 golden_int(table, row, 0), golden_int(table, row, 1),
			 golden_int(table, row, 2), golden_int(table, row, 3),
			 golden_int(table, row, 4));
		snprintf(offset, sizeof offset, "%c%02d:%02d", off < 0 ? '-' : '+', off_abs / 60,
			 off_abs % 60);
		snprintf(text, sizeof text, "%s:%02d%s", date_time, golden_int(table, row, 5),
			 offset);
		parse_ok(text, expected);
		if (golden_int(table, row, 5) == 0) { /* seconds are optional */
			snprintf(text, sizeof text, "%s%s", date_time, offset);
			parse_ok(text, expected);
		}
		if (off == 0) { /* Z, z and -00:00 all name UTC */
			snprintf(text, sizeof text, "%s:%02dZ", date_time, golden_int(table, row, 5));
			parse_ok(text, expected);
			snprintf(text, sizeof text, "%s:%02dz", date_time, golden_int(table, row, 5));
			parse_ok(text, expected);
			snprintf(text, sizeof text, "%s:%02d-00:00", date_time,
				 golden_int(table, row, 5));
			parse_ok(text, expected);
		}
	}
	golden_free(table);
}

static void test_time_parse_accepts_documented_variants(void **state)
{
	(void)state;
	/* 2024-03-05T14:30+01:00 = 1709645400 (time_parse.csv, python3 datetime) */
	parse_ok("2024-03-05T14:30+01:00", 1709645400);
	parse_ok("2024-03-05t14:30:00+01:00", 1709645400); /* RFC 3339 5.6: lower-case t */
	parse_ok("2024-03-05T13:30:00Z", 1709645400);
	parse_ok("2024-03-05T13:30z", 1709645400);
	/* python3: datetime.fromisoformat("2024-03-05T08:00:00-05:30").timestamp() */
	parse_ok("2024-03-05T08:00:00-05:30", 1709645400);
}

static void test_time_format_golden(void **state)
{
	struct golden_table *table = golden_load("time_format.csv", 7);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		char expected[80], text[21];

		snprintf(expected, sizeof expected, "%04d-%02d-%02dT%02d:%02d:%02dZ",
			 golden_int(table, row, 1), golden_int(table, row, 2),
			 golden_int(table, row, 3), golden_int(table, row, 4),
			 golden_int(table, row, 5), golden_int(table, row, 6));
		memset(text, 'Q', sizeof text);
		assert_ok(radioembo_time_format_iso8601_utc(golden_int64(table, row, 0), text,
							    sizeof text));
		assert_string_equal(text, expected);
	}
	golden_free(table);
}

/* The test's own calendar: proleptic Gregorian month lengths, nothing shared with lib/. */
static int test_days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 ? 28 + leap : days[month - 1];
}

/* Reads the decimal number of width digits at text; -1 if one is not a digit. */
static int digits_at(const char *text, int width)
{
	int value = 0;

	for (; width > 0; width--, text++) {
		if (*text < '0' || *text > '9')
			return -1;
		value = value * 10 + (*text - '0');
	}
	return value;
}

static void test_time_every_day_of_years_0000_to_9999(void **state)
{
	int year = 0, month = 1, day = 1, day_count = 0;
	int64_t seconds = FIRST_SECOND;
	char text[21];

	(void)state;
	/*
	 * Walk all 3652425 days, each 86400 s after the last, against a plain day-by-day
	 * counter starting from 0000-01-01 (time_format.csv). Every 97th noon (a stride prime
	 * to the 7-day week and the month lengths) must also parse back to the same instant.
	 */
	for (;;) {
		assert_ok(radioembo_time_format_iso8601_utc(seconds + 43200, text, sizeof text));
		if (digits_at(text, 4) != year || digits_at(text + 5, 2) != month ||
		    digits_at(text + 8, 2) != day || strcmp(text + 10, "T12:00:00Z") != 0)
			fail_msg("format(%lld) = %s, expected %04d-%02d-%02dT12:00:00Z",
				 (long long)(seconds + 43200), text, year, month, day);
		if (day_count++ % 97 == 0) {
			int64_t back = TIME_SENTINEL;

			assert_ok(radioembo_time_parse_iso8601(text, &back));
			assert_true(back == seconds + 43200);
		}
		if (year == 9999 && month == 12 && day == 31)
			break;
		seconds += 86400;
		if (++day > test_days_in_month(year, month)) {
			day = 1;
			if (++month > 12) {
				month = 1;
				year++;
			}
		}
	}
	assert_int_equal(day_count, 3652425);
	assert_true(seconds + 86399 == LAST_SECOND);
}

static void test_time_round_trips(void **state)
{
	uint64_t lcg = UINT64_C(0x2385238523852385);
	const uint64_t span = (uint64_t)(LAST_SECOND - FIRST_SECOND) + 1;
	int i;

	(void)state;
	/* parse(format(x)) == x for pseudo-random instants across the whole range */
	for (i = 0; i < 50000; i++) {
		int64_t x, back = TIME_SENTINEL;
		char text[21];

		lcg = lcg * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
		x = FIRST_SECOND + (int64_t)((lcg >> 11) % span);
		if (i < 4) /* and the extremes */
			x = (int64_t[]){FIRST_SECOND, LAST_SECOND, -1, 0}[i];
		assert_ok(radioembo_time_format_iso8601_utc(x, text, sizeof text));
		assert_ok(radioembo_time_parse_iso8601(text, &back));
		if (back != x)
			fail_msg("parse(format(%lld)) = %lld via %s", (long long)x, (long long)back,
				 text);
	}
}

static void test_time_offset_text_normalizes_to_utc(void **state)
{
	int64_t seconds = TIME_SENTINEL;
	char text[21];

	(void)state;
	/* -02:30 on New Year's Eve is already 2024 in UTC (python3 datetime) */
	assert_ok(radioembo_time_parse_iso8601("2023-12-31T23:30:15-02:30", &seconds));
	assert_ok(radioembo_time_format_iso8601_utc(seconds, text, sizeof text));
	assert_string_equal(text, "2024-01-01T02:00:15Z");
	/* +05:30 just after midnight is still 2023 in UTC */
	assert_ok(radioembo_time_parse_iso8601("2024-01-01T00:15+05:30", &seconds));
	assert_ok(radioembo_time_format_iso8601_utc(seconds, text, sizeof text));
	assert_string_equal(text, "2023-12-31T18:45:00Z");
	/* a leap day reached through an offset: 2024-03-01T01:00+02:00 */
	assert_ok(radioembo_time_parse_iso8601("2024-03-01T01:00+02:00", &seconds));
	assert_ok(radioembo_time_format_iso8601_utc(seconds, text, sizeof text));
	assert_string_equal(text, "2024-02-29T23:00:00Z");
}

static void parse_fails(const char *text, const char *needle)
{
	int64_t seconds = TIME_SENTINEL;

	assert_fails(radioembo_time_parse_iso8601(text, &seconds), RADIOEMBO_EINVAL, needle);
	assert_true(seconds == TIME_SENTINEL);
}

static void test_time_parse_rejects_malformed_text(void **state)
{
	int64_t seconds = TIME_SENTINEL;

	(void)state;
	/* positions are 0-based byte offsets */
	parse_fails("2024-03-05T14x30Z", "text: expected ':' after the hour at position 13, got 'x'");
	/* missing offset, with and without seconds */
	parse_fails("2024-03-05T14:30:00", "(a UTC offset is required) at position 19, got end");
	parse_fails("2024-03-05T14:30", "expected ':', 'Z', '+' or '-' (a UTC offset is required) "
					"at position 16, got end of text");
	/* field ranges */
	parse_fails("2024-13-05T14:30Z", "text: month 13 at position 5 is out of range [1, 12]");
	parse_fails("2024-00-05T14:30Z", "month 0 at position 5");
	parse_fails("2024-02-30T14:30Z", "day 30 at position 8 is out of range [1, 29] for 2024-02");
	parse_fails("2023-02-29T14:30Z", "day 29 at position 8 is out of range [1, 28] for 2023-02");
	parse_fails("1900-02-29T14:30Z", "out of range [1, 28] for 1900-02");
	parse_fails("2024-04-31T14:30Z", "day 31 at position 8 is out of range [1, 30] for 2024-04");
	parse_fails("2024-04-00T14:30Z", "day 0 at position 8");
	parse_fails("2024-03-05T24:00Z", "hour 24 at position 11 is out of range [0, 23]");
	parse_fails("2024-03-05T14:60Z", "minute 60 at position 14 is out of range [0, 59]");
	parse_fails("2016-12-31T23:59:60Z", "second 60 at position 17 is out of range [0, 59]");
	/* offsets */
	parse_fails("2024-03-05T14:30+19:00", "offset hour 19 at position 17 is out of range [0, 18]");
	parse_fails("2024-03-05T14:30-18:30", "offset -18:30 at position 16 exceeds 18:00");
	parse_fails("2024-03-05T14:30+05:60", "offset minute 60 at position 20");
	parse_fails("2024-03-05T14:30+0530", "expected ':' in the offset at position 19, got '3'");
	parse_fails("2024-03-05T14:30+05", "at position 19, got end of text");
	parse_fails("2024-03-05T14:30:00 +01:00", "at position 19, got ' '");
	/* separators */
	parse_fails("2024/03/05T14:30Z", "expected '-' after the year at position 4, got '/'");
	parse_fails("2024-03/05T14:30Z", "expected '-' after the month at position 7, got '/'");
	parse_fails("2024-03-05 14:30Z", "expected 'T' between date and time at position 10, got ' '");
	parse_fails("2024-03-05T14.30Z", "at position 13, got '.'");
	/* trailing text, fractional seconds */
	parse_fails("2024-03-05T14:30:00Z ", "expected end of text at position 20, got ' '");
	parse_fails("2024-03-05T14:30+01:00x", "expected end of text at position 22, got 'x'");
	parse_fails("2024-03-05T14:30:00.5Z", "at position 19, got '.'");
	parse_fails("2024-03-05T14:30:00ZZ", "expected end of text at position 20, got 'Z'");
	/* empty, too short, non-digits, extended years, non-ASCII */
	parse_fails("", "text: expected a digit of the year (YYYY-MM-DDThh:mm) at position 0, "
			"got end of text");
	parse_fails("2024-03", "position 7, got end of text");
	parse_fails("2024-03-05", "position 10, got end of text");
	parse_fails("2024-03-05T1", "position 12, got end of text");
	parse_fails("20a4-03-05T14:30Z", "expected a digit of the year (YYYY-MM-DDThh:mm) at "
					 "position 2, got 'a'");
	parse_fails("2024-0x-05T14:30Z", "expected a digit of the month at position 6, got 'x'");
	parse_fails("2024-03-05T14:3OZ", "expected a digit of the minute at position 15, got 'O'");
	parse_fails("+12024-03-05T14:30Z", "position 0, got '+'");
	parse_fails("-0001-03-05T14:30Z", "position 0, got '-'");
	parse_fails("12024-03-05T14:30Z", "expected '-' after the year at position 4, got '4'");
	parse_fails(" 2024-03-05T14:30Z", "position 0, got ' '");
	parse_fails("2024-03-05T14:30\xc3\x97", "at position 16, got byte 0xc3");
	parse_fails("2024-03-05\t14:30Z", "got byte 0x09");
	/* NULL */
	assert_true(seconds == TIME_SENTINEL);
}

static void test_time_format_rejects_bad_arguments(void **state)
{
	char text[32];
	size_t i;

	(void)state;
	memset(text, 'Q', sizeof text);
	assert_fails(radioembo_time_format_iso8601_utc(0, text, 20), RADIOEMBO_ERANGE,
		     "text_size must be at least 21 bytes, got 20");
	assert_fails(radioembo_time_format_iso8601_utc(0, text, 0), RADIOEMBO_ERANGE, "text_size");
	assert_fails(radioembo_time_format_iso8601_utc(FIRST_SECOND - 1, text, sizeof text),
		     RADIOEMBO_ERANGE, "seconds -62167219201 is outside years 0000..9999");
	assert_fails(radioembo_time_format_iso8601_utc(LAST_SECOND + 1, text, sizeof text),
		     RADIOEMBO_ERANGE, "seconds 253402300800");
	assert_fails(radioembo_time_format_iso8601_utc(INT64_MIN, text, sizeof text),
		     RADIOEMBO_ERANGE, "seconds");
	assert_fails(radioembo_time_format_iso8601_utc(INT64_MAX, text, sizeof text),
		     RADIOEMBO_ERANGE, "seconds");
	/* nothing written on failure */
	for (i = 0; i < sizeof text; i++)
		assert_int_equal(text[i], 'Q');
	/* exactly 21 bytes is enough */
	assert_ok(radioembo_time_format_iso8601_utc(LAST_SECOND, text, 21));
	assert_string_equal(text, "9999-12-31T23:59:59Z");
	assert_int_equal(text[21], 'Q');
}

/* Written back at the offset it was read at: same wall-clock time, seconds added. */
static void keeps_offset(const char *text, int expected_offset, const char *expected_text)
{
	char written[RADIOEMBO__TIME_TEXT_SIZE];
	int64_t seconds = TIME_SENTINEL;
	int offset = -9999;

	assert_int_equal(radioembo__time_parse(text, &seconds, &offset), RADIOEMBO_OK);
	assert_int_equal(offset, expected_offset);
	assert_int_equal(radioembo__time_format(seconds, offset, written), RADIOEMBO_OK);
	assert_string_equal(written, expected_text);
}

static void test_time_format_keeps_the_given_offset(void **state)
{
	char written[RADIOEMBO__TIME_TEXT_SIZE];

	(void)state;
	keeps_offset("2026-11-25T09:30-05:00", -300, "2026-11-25T09:30:00-05:00");
	keeps_offset("2026-02-03T09:00:00+01:00", 60, "2026-02-03T09:00:00+01:00");
	keeps_offset("2026-03-01T00:15:00+05:45", 345, "2026-03-01T00:15:00+05:45");
	keeps_offset("2026-03-01T00:15:07z", 0, "2026-03-01T00:15:07Z");
	/* RFC 3339: -00:00 and +00:00 are UTC */
	keeps_offset("2026-03-01T00:15:00-00:00", 0, "2026-03-01T00:15:00Z");
	keeps_offset("2026-03-01T00:15:00+00:00", 0, "2026-03-01T00:15:00Z");
	/* 2024-02-29T23:30:00Z at +14:00 is 13:30 on 1 March (2024 is a leap year) */
	assert_int_equal(radioembo__time_format(INT64_C(1709249400), 840, written), RADIOEMBO_OK);
	assert_string_equal(written, "2024-03-01T13:30:00+14:00");
	/* the wall-clock time would fall before year 0000: written in UTC instead */
	assert_int_equal(radioembo__time_format(FIRST_SECOND, -60, written), RADIOEMBO_OK);
	assert_string_equal(written, "0000-01-01T00:00:00Z");
	assert_int_equal(radioembo__time_format(LAST_SECOND + 1, 0, written), RADIOEMBO_ERANGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_time_parse_golden),
		TEST(test_time_parse_accepts_documented_variants),
		TEST(test_time_format_golden),
		TEST(test_time_every_day_of_years_0000_to_9999),
		TEST(test_time_round_trips),
		TEST(test_time_offset_text_normalizes_to_utc),
		TEST(test_time_parse_rejects_malformed_text),
		TEST(test_time_format_rejects_bad_arguments),
		TEST(test_time_format_keeps_the_given_offset),
	};
	return cmocka_run_group_tests_name("time", tests, NULL, NULL);
}
