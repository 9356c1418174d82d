/*
 * radioembo(1): the planning report as text, rendered from the library's JSON report
 * (radioembo_report_json(3)), so that the text and JSON reports cannot disagree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_REPORT_TEXT_H
#define RADIOEMBO_CLI_REPORT_TEXT_H

#include <stdio.h>

#include "cli.h"

/* Writes the text report of the JSON report json; 0 or CLI_EXIT_INTERNAL with err set. */
int report_write_text(const char *json, FILE *out, struct cli_error *err);

#endif
