/*
 * libradioembo internals: instants (int64_t seconds since the Unix epoch, UTC) and the
 * hours between them. Shared by lib/ modules that take instants; never installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_INSTANT_H
#define RADIOEMBO_INSTANT_H

#include <stdint.h>

/* 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z (proleptic Gregorian), inclusive. */
#define RADIOEMBO__INSTANT_MIN_S INT64_C(-62167219200)
#define RADIOEMBO__INSTANT_MAX_S INT64_C(253402300799)

/*
 * RADIOEMBO_OK if instant_s lies within years 0000..9999, else RADIOEMBO_EINVAL naming it.
 * Within that range any difference of two instants fits in int64_t and, being below 2^53,
 * converts to double exactly.
 */
int radioembo__require_instant(const char *name, int64_t instant_s);

/* (to_s - from_s) / 3600: hours from one validated instant to another (negative if earlier). */
double radioembo__elapsed_h(int64_t from_s, int64_t to_s);

/*
 * radioembo_time_parse_iso8601(), also giving the text's UTC offset in minutes east of UTC
 * (0 for "Z", "+00:00" and "-00:00"), so that an instant can be written back at the
 * offset it was given in.
 */
int radioembo__time_parse(const char *text, int64_t *seconds_out, int *offset_minutes_out);

/* "YYYY-MM-DDThh:mm:ss+hh:mm" and its NUL. */
#define RADIOEMBO__TIME_TEXT_SIZE 26

/*
 * Writes the instant as the wall-clock time at offset_minutes east of UTC with that offset
 * ("2026-11-25T09:30:00-05:00"), or with "Z" for offset 0 or when the wall-clock time would
 * leave years 0000..9999. RADIOEMBO_ERANGE (parameter "seconds") for an instant outside
 * years 0000..9999 UTC.
 */
int radioembo__time_format(int64_t seconds, int offset_minutes,
			   char text_out[RADIOEMBO__TIME_TEXT_SIZE]);

#endif /* RADIOEMBO_INSTANT_H */
