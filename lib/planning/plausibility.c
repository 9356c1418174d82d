/*
 * Sanity bounds of the patient's inputs (radioembo-sources(7) PLAUSIBILITY): the message
 * names the parameter, the value and the bounds, in the units of the name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "planning/plausibility.h"

static int require_range(const char *name, double value, double low, double high, const char *unit,
			 const char *why)
{
	char text[RADIOEMBO__DOUBLE_TEXT_SIZE];

	if (isfinite(value) && value >= low && value <= high)
		return RADIOEMBO_OK;
	return radioembo__fail(RADIOEMBO_EINVAL, name, "%s must be within [%g, %g] %s (%s), got %s",
			       name, low, high, unit, why, radioembo__format_double(value, text));
}

int radioembo__require_tissue_volume(const char *name, double volume_ml)
{
	return require_range(name, volume_ml, RADIOEMBO__TISSUE_VOLUME_MIN_ML,
			     RADIOEMBO__TISSUE_VOLUME_MAX_ML, "mL",
			     "a sanity bound of liver tissue");
}

int radioembo__require_lung_mass(const char *name, double mass_kg)
{
	return require_range(name, mass_kg, RADIOEMBO__LUNG_MASS_MIN_KG,
			     RADIOEMBO__LUNG_MASS_MAX_KG, "kg", "a sanity bound of human lungs");
}

/* finite, > 0 and <= high */
static int require_up_to(const char *name, double value, double high, const char *unit,
			 const char *why)
{
	char text[RADIOEMBO__DOUBLE_TEXT_SIZE];

	if (isfinite(value) && value > 0.0 && value <= high)
		return RADIOEMBO_OK;
	return radioembo__fail(RADIOEMBO_EINVAL, name, "%s must be within (0, %g] %s (%s), got %s",
			       name, high, unit, why, radioembo__format_double(value, text));
}

int radioembo__require_activity(const char *name, double activity_gbq)
{
	return require_up_to(name, activity_gbq, RADIOEMBO__ACTIVITY_MAX_GBQ, "GBq",
			     "a sanity bound: 50 times the largest vial");
}

int radioembo__require_dose(const char *name, double dose_gy)
{
	return require_up_to(name, dose_gy, RADIOEMBO__DOSE_MAX_GY, "Gy",
			     "a sanity bound: 10 times the highest tumour doses reported");
}
