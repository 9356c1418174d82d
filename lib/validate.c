/*
 * Argument validation shared by every entry point. Messages name the parameter and show
 * the offending value with enough digits to reproduce it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "internal.h"

int radioembo__require_pointer(const char *name, const void *pointer)
{
	if (pointer == NULL)
		return radioembo__fail(RADIOEMBO_EINVAL, "%s must not be NULL", name);
	return RADIOEMBO_OK;
}

int radioembo__require_finite(const char *name, double value)
{
	if (!isfinite(value))
		return radioembo__fail(RADIOEMBO_EINVAL, "%s must be finite, got %.17g", name,
				       value);
	return RADIOEMBO_OK;
}

int radioembo__require_positive(const char *name, double value)
{
	if (!isfinite(value) || !(value > 0.0))
		return radioembo__fail(RADIOEMBO_EINVAL, "%s must be finite and > 0, got %.17g",
				       name, value);
	return RADIOEMBO_OK;
}

int radioembo__require_nonnegative(const char *name, double value)
{
	if (!isfinite(value) || !(value >= 0.0))
		return radioembo__fail(RADIOEMBO_EINVAL, "%s must be finite and >= 0, got %.17g",
				       name, value);
	return RADIOEMBO_OK;
}

int radioembo__require_nonnegative_or_inf(const char *name, double value)
{
	if (isnan(value) || !(value >= 0.0))
		return radioembo__fail(RADIOEMBO_EINVAL, "%s must be >= 0 (or INFINITY), got %.17g",
				       name, value);
	return RADIOEMBO_OK;
}

int radioembo__require_within(const char *name, double value, double lower, double upper)
{
	if (!isfinite(value) || !(value >= lower && value <= upper))
		return radioembo__fail(RADIOEMBO_EINVAL, "%s must be within [%g, %g], got %.17g",
				       name, lower, upper, value);
	return RADIOEMBO_OK;
}

int radioembo__require_fraction_below_one(const char *name, double value)
{
	if (!isfinite(value) || !(value >= 0.0 && value < 1.0))
		return radioembo__fail(RADIOEMBO_EINVAL, "%s must be within [0, 1), got %.17g",
				       name, value);
	return RADIOEMBO_OK;
}

int radioembo__require_representable(const char *name, double value)
{
	if (!isfinite(value))
		return radioembo__fail(RADIOEMBO_ERANGE, "%s is not representable as a double (%g)",
				       name, value);
	return RADIOEMBO_OK;
}
