/*
 * Instants as int64_t seconds since the Unix epoch, UTC (libradioembo(7)),
 * and elapsed hours between them (radioembo-sources(7) DECAY: elapsed time comes from
 * absolute instants, so time zones are converted once, by the caller).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <inttypes.h>

#include "core/internal.h"
#include "core/instant.h"

int radioembo__require_instant(const char *name, int64_t instant_s)
{
	/* Bounding both instants keeps their difference far from int64 overflow. */
	if (instant_s < RADIOEMBO__INSTANT_MIN_S || instant_s > RADIOEMBO__INSTANT_MAX_S)
		return radioembo__fail(RADIOEMBO_EINVAL, name,
				       "%s must be within [%" PRId64 ", %" PRId64
				       "] s (years 0000..9999 UTC), got %" PRId64,
				       name, RADIOEMBO__INSTANT_MIN_S, RADIOEMBO__INSTANT_MAX_S,
				       instant_s);
	return RADIOEMBO_OK;
}

double radioembo__elapsed_h(int64_t from_s, int64_t to_s)
{
	/* |to_s - from_s| < 3.2e11 < 2^53: the subtraction and the conversion are exact. */
	return (double)(to_s - from_s) / 3600.0;
}
