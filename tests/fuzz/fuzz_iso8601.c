/*
 * libFuzzer target of the ISO 8601 / RFC 3339 instants (lib/core/time.c). The input is the text
 * given to radioembo_time_parse_iso8601(); besides not crashing, the target checks:
 * - the status is OK or EINVAL; on EINVAL the output is untouched and the message says why;
 * - an independent reading of the grammar (below, written from time.h, not from time.c)
 *   agrees on what is accepted and on the instant: days counted with a cumulative month
 *   table and the 365/4/100/400 rule, not Hinnant's era algorithm of the library;
 * - an accepted instant formats back (radioembo_time_format_iso8601_utc) to 20 characters
 *   that reparse to the same instant, and a text already in that canonical form formats
 *   back to itself;
 * - the first 8 bytes read as an int64_t instant format if and only if they lie in years
 *   0000..9999, the text reparses to them, and a buffer shorter than 21 bytes is refused
 *   with ERANGE and left untouched.
 * Built with libFuzzer by `make fuzz`; its corpus (tests/fuzz/iso8601/) is replayed by
 * tests/fuzz/replay.c in `make check`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "program.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z (time.h: years 0000..9999) */
#define INSTANT_MIN INT64_C(-62167219200)
#define INSTANT_MAX INT64_C(253402300799)
#define SENTINEL INT64_C(0x5A5A5A5A5A5A5A5A)

static int digits(const char *s, int n, int *value_out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*value_out = v;
	return 1;
}

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 0000-01-01 to y-m-d: whole years, then whole months of year y. */
static int64_t days_since_year_zero(int y, int m, int d)
{
	static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
	/* leap years in 0..y-1: year 0 is leap */
	int64_t leaps = y == 0 ? 0 : 1 + (y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400;
	int64_t days = INT64_C(365) * y + leaps + before[m - 1] + (d - 1);

	if (m > 2 && leap(y))
		days++;
	return days;
}

/*
 * The oracle: YYYY-MM-DD[Tt]hh:mm[:ss](Z|z|[+-]hh:mm), nothing after. Returns 1 and the
 * instant if the text is valid.
 */
static int oracle_parse(const char *s, int64_t *seconds_out)
{
	static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, mo, d, h, mi, sec = 0, oh = 0, om = 0, sign = 1, mdays;
	size_t n = strlen(s), p = 16;

	if (n < 17 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
	    s[7] != '-' || !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') ||
	    !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi))
		return 0;
	if (s[p] == ':') {
		if (p + 3 > n || !digits(s + p + 1, 2, &sec))
			return 0;
		p += 3;
	}
	if (s[p] == 'Z' || s[p] == 'z') {
		p++;
	} else if (s[p] == '+' || s[p] == '-') {
		sign = s[p] == '-' ? -1 : 1;
		if (p + 6 > n || !digits(s + p + 1, 2, &oh) || s[p + 3] != ':' ||
		    !digits(s + p + 4, 2, &om))
			return 0;
		p += 6;
	} else {
		return 0;
	}
	if (p != n)
		return 0;
	if (mo < 1 || mo > 12)
		return 0;
	mdays = month_days[mo - 1] + (mo == 2 && leap(y));
	if (d < 1 || d > mdays || h > 23 || mi > 59 || sec > 59 || oh > 18 || om > 59 ||
	    oh * 60 + om > 18 * 60)
		return 0;
	/* 1970-01-01 is day 719528 from 0000-01-01 */
	*seconds_out = (days_since_year_zero(y, mo, d) - 719528) * 86400 + h * 3600 + mi * 60 +
		       sec - sign * (oh * 60 + om) * 60;
	return 1;
}

static int is_canonical(const char *s)
{
	return strlen(s) == 20 && s[10] == 'T' && s[16] == ':' && s[19] == 'Z';
}

static void check_parse(const char *text)
{
	int64_t seconds = SENTINEL, expected = 0, again = SENTINEL;
	char formatted[32];
	int rc = radioembo_time_parse_iso8601(text, &seconds);
	int valid = oracle_parse(text, &expected);

	CHECK(rc == RADIOEMBO_OK || rc == RADIOEMBO_EINVAL);
	if (rc != RADIOEMBO_OK) {
		CHECK(!valid);
		CHECK(seconds == SENTINEL);
		CHECK(strncmp(radioembo_last_error_message(), "text", 4) == 0);
		return;
	}
	CHECK(valid);
	CHECK(seconds == expected);
	/* an offset of up to 18 h moves an instant of years 0000..9999 past either end */
	CHECK(seconds >= INSTANT_MIN - 18 * 3600 && seconds <= INSTANT_MAX + 18 * 3600);
	memset(formatted, 'x', sizeof formatted);
	rc = radioembo_time_format_iso8601_utc(seconds, formatted, sizeof formatted);
	if (seconds < INSTANT_MIN || seconds > INSTANT_MAX) {
		CHECK(rc == RADIOEMBO_ERANGE);
		CHECK(formatted[0] == 'x');
		return;
	}
	CHECK(rc == RADIOEMBO_OK);
	CHECK(strlen(formatted) == 20);
	CHECK(radioembo_time_parse_iso8601(formatted, &again) == RADIOEMBO_OK);
	CHECK(again == seconds);
	if (is_canonical(text))
		CHECK(strcmp(formatted, text) == 0);
}

static void check_format(const uint8_t *data, size_t size)
{
	uint64_t bits = 0;
	int64_t seconds, again = SENTINEL;
	char text[32];
	size_t text_size;
	int rc;

	if (size < 9)
		return;
	memcpy(&bits, data, sizeof bits);
	/* half of the inputs folded into the representable years, where the work is */
	if (data[8] & 1)
		bits %= (uint64_t)(INSTANT_MAX - INSTANT_MIN + 1);
	seconds = (data[8] & 1) ? INSTANT_MIN + (int64_t)bits : (int64_t)bits;
	text_size = (data[8] >> 1) % 24; /* 0..23: around the 21 bytes needed */
	memset(text, 'x', sizeof text);
	rc = radioembo_time_format_iso8601_utc(seconds, text, text_size);
	if (text_size < 21 || seconds < INSTANT_MIN || seconds > INSTANT_MAX) {
		CHECK(rc == RADIOEMBO_ERANGE);
		CHECK(text[0] == 'x');
		return;
	}
	CHECK(rc == RADIOEMBO_OK);
	CHECK(is_canonical(text));
	CHECK(radioembo_time_parse_iso8601(text, &again) == RADIOEMBO_OK);
	CHECK(again == seconds);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0'; /* bytes after an embedded NUL are simply not seen by the parser */
	check_parse(text);
	check_format(data, size);
	free(text);
	return 0;
}
