/*
 * libradioembo - radioembolization planning and dosimetry
 * time.h: instants as int64_t seconds since the Unix epoch (1970-01-01T00:00:00Z, UTC,
 * POSIX time: no leap seconds), and their ISO 8601 / RFC 3339 text form.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_TIME_H
#define RADIOEMBO_TIME_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Parses exactly YYYY-MM-DDThh:mm[:ss] followed by Z, +hh:mm or -hh:mm (the offset is
 * required; 't' and 'z' may be lower case; no fractional seconds; years 0000..9999;
 * offsets up to 18:00). Independent of the TZ variable and the locale.
 */
RADIOEMBO_API int radioembo_time_parse_iso8601(const char *text, int64_t *seconds_out);

/*
 * Writes "YYYY-MM-DDThh:mm:ssZ" and a NUL: text_size must be at least 21 bytes.
 * Instants outside years 0000..9999 (UTC): RADIOEMBO_ERANGE.
 */
RADIOEMBO_API int radioembo_time_format_iso8601_utc(int64_t seconds, char *text_out,
						    size_t text_size);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_TIME_H */
