/*
 * radioembo(1): walking the JSON report by groups of figures (see report_walk.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <radioembo.h>

#include "report_walk.h"

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
