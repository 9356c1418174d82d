/*
 * radioembo(1): walking the JSON report by groups of figures (see report_walk.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <radioembo.h>

#include "report_walk.h"

/* Decimals per unit: to the precision a physicist reads and signs. */
static const struct {
	const char *unit;
	int decimals;
} digits[] = {
	{ "GBq", 3 }, { "Gy", 1 },	  { "%", 1 },	    { "kg", 3 },
	{ "mL", 2 },  { "h", 1 },	  { "g/mL", 2 },    { "cm", 0 },
	{ "m2", 2 },  { "Gy kg/GBq", 2 }, { "million", 2 }, { "", 2 }, /* ratios: TNR, factors */
};

static int decimals(const char *unit)
{
	size_t i;

	for (i = 0; i < sizeof digits / sizeof digits[0]; i++)
		if (strcmp(digits[i].unit, unit) == 0)
			return digits[i].decimals;
	return 2;
}

const char *report_figure(char text[REPORT_FIGURE_SIZE], int has, double value, const char *unit)
{
	int places = decimals(unit);

	if (!has || !isfinite(value))
		return "-";
	if (fabs(value) < 0.5 * pow(10.0, -places))
		value = 0.0;
	snprintf(text, REPORT_FIGURE_SIZE, "%.*f", places, value);
	return text;
}

const char *report_shown_unit(const char *key)
{
	const char *unit = radioembo_report_key_unit(key);

	if (unit == NULL)
		return "";
	return strcmp(unit, "fraction") == 0 ? "%" : unit;
}

double report_shown_scale(const char *key)
{
	const char *unit = radioembo_report_key_unit(key);

	return unit != NULL && strcmp(unit, "fraction") == 0 ? 100.0 : 1.0;
}

int report_in_group(const char *key, const char *group)
{
	const char *actual = radioembo_report_key_group(key);

	return actual != NULL && strcmp(actual, group) == 0;
}

size_t report_walk_group(json_t *object, const char *group, report_visit visit, void *context)
{
	const char *key;
	json_t *value, *item;
	size_t i, n = 0;

	json_object_foreach(object, key, value)
	{
		if (!report_in_group(key, group))
			continue;
		if (!json_is_array(value)) {
			if (visit != NULL)
				visit(context, key, value, -1);
			n++;
			continue;
		}
		json_array_foreach(value, i, item)
		{
			if (visit != NULL)
				visit(context, key, item, (long)i);
			n++;
		}
	}
	return n;
}
