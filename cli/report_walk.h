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

/*
 * The report's one rule for the digits of a figure, by its unit (radioembo(1), OUTPUT),
 * shared by the text, HTML and PDF reports: the figure in text, "-" when unknown (has 0 or
 * not finite), never "-0.0".
 */
#define REPORT_FIGURE_SIZE 64
const char *report_figure(char text[REPORT_FIGURE_SIZE], int has, double value, const char *unit);

/* The unit a key's figure is shown in ("" for none; a fraction as a percentage), and the
 * factor from the report's value to it. */
const char *report_shown_unit(const char *key);
double report_shown_scale(const char *key);

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
