/*
 * Argument validation shared by every entry point. Messages name the parameter and show
 * the offending value exactly, in its shortest round-trip form.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdint.h> /* PTRDIFF_MAX */
#include <stdlib.h>

#include "core/internal.h"

/*
 * EINVAL: "<name> must <requirement>, got <value>", blaming parameter: the argument itself,
 * or for an element ("tnr[2]") the array, since a caller maps arguments, not elements.
 */
static int reject_named(const char *parameter, const char *name, const char *requirement,
			double value)
{
	char text[RADIOEMBO__DOUBLE_TEXT_SIZE];

	return radioembo__fail(RADIOEMBO_EINVAL, parameter, "%s must %s, got %s", name, requirement,
			       radioembo__format_double(value, text));
}

static int reject(const char *name, const char *requirement, double value)
{
	return reject_named(name, name, requirement, value);
}

/* The element's name is only written out on failure: hot loops validate arrays. */
static int reject_element(const char *array, size_t index, const char *requirement, double value)
{
	char name[96];

	snprintf(name, sizeof name, "%.64s[%zu]", array, index);
	return reject_named(array, name, requirement, value);
}

int radioembo__require_pointer(const char *name, const void *pointer)
{
	if (pointer == NULL)
		return radioembo__fail(RADIOEMBO_EINVAL, name, "%s must not be NULL", name);
	return RADIOEMBO_OK;
}

int radioembo__require_length(const char *name, size_t n)
{
	if (n > PTRDIFF_MAX / sizeof(double))
		return radioembo__fail(RADIOEMBO_EINVAL, name,
				       "%s must be a possible array length (at most %zu), got %zu",
				       name, (size_t)(PTRDIFF_MAX / sizeof(double)), n);
	return RADIOEMBO_OK;
}

int radioembo__require_finite(const char *name, double value)
{
	return isfinite(value) ? RADIOEMBO_OK : reject(name, "be finite", value);
}

int radioembo__require_positive(const char *name, double value)
{
	return isfinite(value) && value > 0.0 ? RADIOEMBO_OK
					      : reject(name, "be finite and > 0", value);
}

int radioembo__require_positive_at(const char *array, size_t index, double value)
{
	return isfinite(value) && value > 0.0
		       ? RADIOEMBO_OK
		       : reject_element(array, index, "be finite and > 0", value);
}

int radioembo__require_nonnegative_at(const char *array, size_t index, double value)
{
	return isfinite(value) && value >= 0.0
		       ? RADIOEMBO_OK
		       : reject_element(array, index, "be finite and >= 0", value);
}

int radioembo__require_nonnegative(const char *name, double value)
{
	return isfinite(value) && value >= 0.0 ? RADIOEMBO_OK
					       : reject(name, "be finite and >= 0", value);
}

int radioembo__require_nonnegative_or_inf(const char *name, double value)
{
	return value >= 0.0 ? RADIOEMBO_OK : reject(name, "be >= 0 (or INFINITY)", value);
}

/* "be within [lower, upper]" */
static const char *closed_interval(char requirement[96], double lower, double upper)
{
	char low[RADIOEMBO__DOUBLE_TEXT_SIZE], high[RADIOEMBO__DOUBLE_TEXT_SIZE];

	snprintf(requirement, 96, "be within [%s, %s]", radioembo__format_double(lower, low),
		 radioembo__format_double(upper, high));
	return requirement;
}

int radioembo__require_within(const char *name, double value, double lower, double upper)
{
	char requirement[96];

	if (isfinite(value) && value >= lower && value <= upper)
		return RADIOEMBO_OK;
	return reject(name, closed_interval(requirement, lower, upper), value);
}

int radioembo__require_within_at(const char *array, size_t index, double value, double lower,
				 double upper)
{
	char requirement[96];

	if (isfinite(value) && value >= lower && value <= upper)
		return RADIOEMBO_OK;
	return reject_element(array, index, closed_interval(requirement, lower, upper), value);
}

int radioembo__require_open_interval(const char *name, double value, double lower, double upper)
{
	char requirement[96], low[RADIOEMBO__DOUBLE_TEXT_SIZE], high[RADIOEMBO__DOUBLE_TEXT_SIZE];

	if (isfinite(value) && value > lower && value < upper)
		return RADIOEMBO_OK;
	snprintf(requirement, sizeof requirement, "be within (%s, %s)",
		 radioembo__format_double(lower, low), radioembo__format_double(upper, high));
	return reject(name, requirement, value);
}

int radioembo__require_share(const char *name, double value)
{
	return isfinite(value) && value > 0.0 && value <= 1.0 ? RADIOEMBO_OK
							     : reject(name, "be within (0, 1]", value);
}

int radioembo__require_limit(const char *name, double value)
{
	return value > 0.0 ? RADIOEMBO_OK
			   : reject(name, "be > 0 (or INFINITY: not applied)", value);
}

int radioembo__require_fraction_below_one(const char *name, double value)
{
	return isfinite(value) && value >= 0.0 && value < 1.0
		       ? RADIOEMBO_OK
		       : reject(name, "be within [0, 1)", value);
}

int radioembo__require_tissue_density(const char *name, double value)
{
	return isfinite(value) && value > 0.0 && value <= RADIOEMBO__DENSITY_MAX_G_PER_ML
		       ? RADIOEMBO_OK
		       : reject(name, "be within (0, 25] g/mL", value);
}

int radioembo__require_representable(const char *name, double value)
{
	char text[RADIOEMBO__DOUBLE_TEXT_SIZE];

	if (!isfinite(value))
		return radioembo__fail(RADIOEMBO_ERANGE, name,
				       "%s is not representable as a double (%s)", name,
				       radioembo__format_double(value, text));
	return RADIOEMBO_OK;
}
