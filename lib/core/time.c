/*
 * Instants: int64_t seconds since 1970-01-01T00:00:00Z (POSIX time, proleptic Gregorian
 * calendar, no leap seconds), read from and written as ISO 8601 / RFC 3339 text
 * (radioembo-sources(7) DECAY: elapsed times come from timezone-aware datetimes).
 *
 * The calendar arithmetic is our own, not timegm/mktime/gmtime: those depend on TZ and
 * the locale, timegm is not ISO C, and not every libc makes them thread-safe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <inttypes.h>
#include <stdio.h>

#include "core/internal.h"

#define SECONDS_PER_DAY INT64_C(86400)
/* 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z */
#define SECONDS_MIN RADIOEMBO__INSTANT_MIN_S
#define SECONDS_MAX RADIOEMBO__INSTANT_MAX_S
/* The widest UTC offset accepted, in minutes (as java.time.ZoneOffset; real zones span
 * -12:00..+14:00). */
#define OFFSET_MINUTES_MAX (18 * 60)
/* "YYYY-MM-DDThh:mm:ssZ" and its NUL */
#define FORMATTED_SIZE 21

/*
 * Days from 1970-01-01 to year-month-day of the proleptic Gregorian calendar.
 * Howard Hinnant's days_from_civil, "chrono-Compatible Low-Level Date Algorithms"
 * (howardhinnant.github.io/date_algorithms.html, public domain): years are counted from
 * March so that the leap day ends the year, then split into 400-year eras of 146097 days.
 */
static int64_t days_from_civil(int64_t year, int month, int day)
{
	int64_t era, year_of_era, day_of_year, day_of_era;

	year -= month <= 2;
	era = (year >= 0 ? year : year - 399) / 400;
	year_of_era = year - era * 400; /* [0, 399] */
	/* [0, 365], counted from March 1 */
	day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
	day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
	return era * 146097 + day_of_era - 719468;
}

/* The inverse, Hinnant's civil_from_days (same source). */
static void civil_from_days(int64_t days, int64_t *year_out, int *month_out, int *day_out)
{
	int64_t era, day_of_era, year_of_era, day_of_year, month_index;

	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	day_of_era = days - era * 146097; /* [0, 146096] */
	year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) /
		      365; /* [0, 399] */
	day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	month_index = (5 * day_of_year + 2) / 153; /* [0, 11], March = 0 */
	*day_out = (int)(day_of_year - (153 * month_index + 2) / 5 + 1);
	*month_out = (int)(month_index < 10 ? month_index + 3 : month_index - 9);
	*year_out = era * 400 + year_of_era + (*month_out <= 2);
}

static int is_leap_year(int64_t year)
{
	return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

static int days_in_month(int64_t year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

/* ---- parsing ------------------------------------------------------------------------ */

/* The text being parsed and the 0-based position of the next character to read. */
struct cursor {
	const char *text;
	size_t position;
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9'; /* not isdigit(): locale-independent */
}

/* Records "text: expected <what> at position <n>, got <character>" and returns EINVAL. */
static int fail_expected(const struct cursor *cursor, const char *expected)
{
	unsigned char got = (unsigned char)cursor->text[cursor->position];
	char shown[16];

	if (got == 0)
		snprintf(shown, sizeof shown, "end of text");
	else if (got >= 0x20 && got < 0x7f)
		snprintf(shown, sizeof shown, "'%c'", (char)got);
	else
		snprintf(shown, sizeof shown, "byte 0x%02x", (unsigned)got);
	return radioembo__fail(RADIOEMBO_EINVAL, "text",
			       "text: expected %s at position %zu, got %s", expected,
			       cursor->position, shown);
}

/*
 * Reads exactly count digits as a decimal number into *value_out. The cursor only ever
 * advances over characters that matched, so it never passes the terminating NUL.
 */
static int read_digits(struct cursor *cursor, int count, const char *expected, int *value_out)
{
	int value = 0;

	for (; count > 0; count--) {
		char c = cursor->text[cursor->position];

		if (!is_digit(c))
			return fail_expected(cursor, expected);
		value = value * 10 + (c - '0');
		cursor->position++;
	}
	*value_out = value;
	return RADIOEMBO_OK;
}

/* Reads one of the characters of accepted (e.g. "Tt"), describing it as expected. */
static int read_char(struct cursor *cursor, const char *accepted, const char *expected)
{
	char c = cursor->text[cursor->position];

	for (; *accepted != '\0'; accepted++) {
		if (c == *accepted) {
			cursor->position++;
			return RADIOEMBO_OK;
		}
	}
	return fail_expected(cursor, expected);
}

/* A field read at position start lies within [lower, upper]; EINVAL naming it otherwise. */
static int check_field(const char *field, int value, int lower, int upper, size_t start)
{
	if (value < lower || value > upper)
		return radioembo__fail(RADIOEMBO_EINVAL, "text",
				       "text: %s %d at position %zu is out of range [%d, %d]",
				       field, value, start, lower, upper);
	return RADIOEMBO_OK;
}

/* Reads two digits at the cursor and checks their range. */
static int read_field(struct cursor *cursor, const char *field, const char *expected, int lower,
		      int upper, int *value_out)
{
	size_t start = cursor->position;
	int rc;

	if ((rc = read_digits(cursor, 2, expected, value_out)) ||
	    (rc = check_field(field, *value_out, lower, upper, start)))
		return rc;
	return RADIOEMBO_OK;
}

/* Z, z, +hh:mm or -hh:mm, as signed minutes east of UTC. */
static int read_offset(struct cursor *cursor, const char *expected, int *minutes_out)
{
	size_t start = cursor->position;
	char sign = cursor->text[start];
	int hours, minutes, rc;

	if (sign == 'Z' || sign == 'z') {
		cursor->position++;
		*minutes_out = 0;
		return RADIOEMBO_OK;
	}
	if (sign != '+' && sign != '-')
		return fail_expected(cursor, expected);
	cursor->position++;
	if ((rc = read_field(cursor, "offset hour", "a digit of the offset hour", 0, 18, &hours)) ||
	    (rc = read_char(cursor, ":", "':' in the offset")) ||
	    (rc = read_field(cursor, "offset minute", "a digit of the offset minute", 0, 59,
			     &minutes)))
		return rc;
	minutes += 60 * hours;
	if (minutes > OFFSET_MINUTES_MAX)
		return radioembo__fail(RADIOEMBO_EINVAL, "text",
				       "text: offset %c%02d:%02d at position %zu exceeds 18:00",
				       sign, hours, minutes - 60 * hours, start);
	/* "-00:00" (RFC 3339: offset unknown) denotes the same instant as "Z". */
	*minutes_out = sign == '-' ? -minutes : minutes;
	return RADIOEMBO_OK;
}

int radioembo_time_parse_iso8601(const char *text, int64_t *seconds_out)
{
	int offset_minutes;

	return radioembo__time_parse(text, seconds_out, &offset_minutes);
}

int radioembo__time_parse(const char *text, int64_t *seconds_out, int *offset_minutes_out)
{
	struct cursor cursor;
	/* initialized only to quiet -Wmaybe-uninitialized through the || chains */
	int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offset_minutes = 0;
	int rc;
	size_t day_start;
	int64_t seconds;

	if ((rc = radioembo__require_pointer("text", text)) ||
	    (rc = radioembo__require_pointer("seconds_out", seconds_out)))
		return rc;
	cursor.text = text;
	cursor.position = 0;
	/* Left to right, so that the first offending character is the one reported. */
	if ((rc = read_digits(&cursor, 4, "a digit of the year (YYYY-MM-DDThh:mm)", &year)) ||
	    (rc = read_char(&cursor, "-", "'-' after the year")) ||
	    (rc = read_field(&cursor, "month", "a digit of the month", 1, 12, &month)) ||
	    (rc = read_char(&cursor, "-", "'-' after the month")))
		return rc;
	day_start = cursor.position;
	if ((rc = read_digits(&cursor, 2, "a digit of the day", &day)))
		return rc;
	if (day < 1 || day > days_in_month(year, month))
		return radioembo__fail(RADIOEMBO_EINVAL, "text",
				       "text: day %d at position %zu is out of range [1, %d] for "
				       "%04d-%02d",
				       day, day_start, days_in_month(year, month), year, month);
	if ((rc = read_char(&cursor, "Tt", "'T' between date and time")) ||
	    (rc = read_field(&cursor, "hour", "a digit of the hour", 0, 23, &hour)) ||
	    (rc = read_char(&cursor, ":", "':' after the hour")) ||
	    (rc = read_field(&cursor, "minute", "a digit of the minute", 0, 59, &minute)))
		return rc;
	if (cursor.text[cursor.position] == ':') {
		cursor.position++;
		/* POSIX time has no leap seconds: 60 cannot be represented. */
		if ((rc = read_field(&cursor, "second", "a digit of the second", 0, 59, &second)) ||
		    (rc = read_offset(&cursor, "'Z', '+' or '-' (a UTC offset is required)",
				      &offset_minutes)))
			return rc;
	} else if ((rc = read_offset(&cursor,
				     "':', 'Z', '+' or '-' (a UTC offset is required)",
				     &offset_minutes))) {
		return rc;
	}
	if (cursor.text[cursor.position] != '\0')
		return fail_expected(&cursor, "end of text");
	/* At most about 3.7e6 days from the epoch: far inside int64_t. */
	seconds = days_from_civil(year, month, day) * SECONDS_PER_DAY + hour * INT64_C(3600) +
		  minute * INT64_C(60) + second - offset_minutes * INT64_C(60);
	*seconds_out = seconds;
	*offset_minutes_out = offset_minutes;
	return RADIOEMBO_OK;
}

/* ---- formatting --------------------------------------------------------------------- */

/* Writes value as exactly width decimal digits, zero-padded; value fits. */
static char *put_digits(char *out, int64_t value, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + value % 10);
		value /= 10;
	}
	return out + width;
}

int radioembo_time_format_iso8601_utc(int64_t seconds, char *text_out, size_t text_size)
{
	int rc;

	if ((rc = radioembo__require_pointer("text_out", text_out)))
		return rc;
	if (text_size < FORMATTED_SIZE)
		return radioembo__fail(RADIOEMBO_ERANGE, "text_size",
				       "text_size must be at least %d bytes, got %zu",
				       FORMATTED_SIZE, text_size);
	return radioembo__time_format(seconds, 0, text_out);
}

int radioembo__time_format(int64_t seconds, int offset_minutes,
			   char text_out[RADIOEMBO__TIME_TEXT_SIZE])
{
	int64_t days, second_of_day, year, local;
	int month, day, magnitude;
	char *out;

	if (seconds < SECONDS_MIN || seconds > SECONDS_MAX)
		return radioembo__fail(RADIOEMBO_ERANGE, "seconds",
				       "seconds %" PRId64 " is outside years 0000..9999 "
				       "[%" PRId64 ", %" PRId64 "]",
				       seconds, SECONDS_MIN, SECONDS_MAX);
	/* the wall-clock time at the offset; UTC when that leaves years 0000..9999 */
	local = seconds + offset_minutes * INT64_C(60);
	if (offset_minutes < -OFFSET_MINUTES_MAX || offset_minutes > OFFSET_MINUTES_MAX ||
	    local < SECONDS_MIN || local > SECONDS_MAX) {
		offset_minutes = 0;
		local = seconds;
	}
	/* Floor division: the time of day of an instant before 1970 is still positive. */
	days = local / SECONDS_PER_DAY;
	second_of_day = local % SECONDS_PER_DAY;
	if (second_of_day < 0) {
		second_of_day += SECONDS_PER_DAY;
		days--;
	}
	civil_from_days(days, &year, &month, &day);
	out = put_digits(text_out, year, 4);
	*out++ = '-';
	out = put_digits(out, month, 2);
	*out++ = '-';
	out = put_digits(out, day, 2);
	*out++ = 'T';
	out = put_digits(out, second_of_day / 3600, 2);
	*out++ = ':';
	out = put_digits(out, second_of_day / 60 % 60, 2);
	*out++ = ':';
	out = put_digits(out, second_of_day % 60, 2);
	if (offset_minutes == 0) {
		*out++ = 'Z';
	} else {
		*out++ = offset_minutes < 0 ? '-' : '+';
		magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
		out = put_digits(out, magnitude / 60, 2);
		*out++ = ':';
		out = put_digits(out, magnitude % 60, 2);
	}
	*out = '\0';
	return RADIOEMBO_OK;
}
