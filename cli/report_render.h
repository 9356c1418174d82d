/*
 * radioembo(1): the planning report's document (report_doc.h) as HTML or as PDF.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_REPORT_RENDER_H
#define RADIOEMBO_CLI_REPORT_RENDER_H

#include <stdio.h>

#include "cli.h"
#include "report_doc.h"

/*
 * One self-contained HTML page: no script and no external resource, the plots inlined as
 * SVG with their text alternatives, a print style sheet. 0 or CLI_EXIT_INTERNAL.
 */
int report_write_html(const struct report_doc *doc, FILE *out, struct cli_error *err);
/* A4 pages drawn by cairo, the plots as vectors. 0 or CLI_EXIT_INTERNAL. */
int report_write_pdf(const struct report_doc *doc, FILE *out, struct cli_error *err);

/* Whether a cell holds a number (right-aligned by both renderers). */
int report_cell_is_number(const char *text);

#endif
