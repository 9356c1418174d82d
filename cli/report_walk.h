/*
 * radioembo(1): walking the JSON report by the library's groups of figures
 * (radioembo_report_key_group(3)), as the text report and the HTML/PDF document both lay
 * them out: the figures of a group in an object in the report's order, a per-lesion array
 * giving one value per lesion.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_REPORT_WALK_H
#define RADIOEMBO_CLI_REPORT_WALK_H

#include <stddef.h>

#include <jansson.h>

/* Whether key is a figure of group. */
int report_in_group(const char *key, const char *group);

/*
 * Called for each value of a group's figures: its key, the value (a number, or null where
 * the figure does not apply), and the lesion's position for an item of a per-lesion array
 * (-1 for a figure of its own).
 */
typedef void (*report_visit)(void *context, const char *key, json_t *value, long lesion);

/* Visits the values of group's figures in object, in order; returns how many. */
size_t report_walk_group(json_t *object, const char *group, report_visit visit, void *context);

#endif
