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

#endif /* RADIOEMBO_INSTANT_H */
