/*
 * radioembo(1): the planning report as a document of blocks (headings, fields, tables,
 * figures with their plots, signature lines), built once from the library's JSON report
 * (radioembo_report_json(3)) and the audit facts only the command knows (input file, its
 * SHA-256, the time of writing). The HTML and PDF renderers lay out the same blocks, so the
 * JSON, HTML and PDF reports cannot disagree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_REPORT_DOC_H
#define RADIOEMBO_CLI_REPORT_DOC_H

#include <stdint.h>

#include <jansson.h>

#include "cli.h"
#include "plot.h"

enum doc_kind {
	DOC_TITLE,
	DOC_HEADING,
	DOC_PARAGRAPH,
	DOC_FIELDS,	/* label and value pairs */
	DOC_TABLE,	/* the first row is the heading */
	DOC_FIGURE,	/* a plot, its text alternative, and the table of its numbers */
	DOC_SIGNATURES, /* role and name pairs; a NULL name leaves the line blank */
};

struct doc_block {
	enum doc_kind kind;
	int new_page;	   /* in print, the block starts a page */
	const char *text;  /* title, heading, paragraph, or a figure's caption */
	const char *alt;   /* DOC_FIGURE: what the plot shows, in words */
	size_t columns;	   /* DOC_FIELDS and DOC_SIGNATURES: 2 */
	size_t cell_count; /* a multiple of columns */
	const char **cells;
	size_t cell_capacity;
	const struct plot *plot; /* DOC_FIGURE */
};

/* What the report says about how it was made; the case itself comes from the JSON report. */
struct report_audit {
	const char *input;  /* the case file as named on the command line */
	const char *sha256; /* of its bytes, 64 hexadecimal digits */
	int64_t written_s;  /* the time of writing, seconds since the epoch */
};

struct report_doc {
	const char *title;
	struct doc_block *blocks;
	size_t count, capacity;
	json_t *report;
	void **owned; /* freed with the document */
	size_t owned_count, owned_capacity;
	int failed; /* memory ran out while building */
};

/*
 * Building a document; everything it is given or makes lives until report_doc_free(). A
 * failed allocation sets doc->failed and the builders carry on harmlessly, so a builder
 * checks doc->failed once at the end.
 */
void *doc_keep(struct report_doc *doc, void *pointer); /* frees pointer with the document */
const char *doc_format(struct report_doc *doc, const char *fmt, ...) CLI_PRINTF(2, 3);
struct doc_block *doc_block(struct report_doc *doc, enum doc_kind kind, const char *text,
			    size_t columns);
void doc_cell(struct report_doc *doc, struct doc_block *b, const char *text); /* NULL: "-" */
void doc_cell_as_is(struct report_doc *doc, struct doc_block *b, const char *text);
struct plot *doc_plot(struct report_doc *doc, enum plot_kind kind); /* zeroed */

/* Builds the document of the JSON report json; 0 or CLI_EXIT_INTERNAL with err set. */
int report_doc_build(const char *json, const struct report_audit *audit, struct report_doc *doc,
		     struct cli_error *err);
void report_doc_free(struct report_doc *doc);

/* The time of writing: $SOURCE_DATE_EPOCH when set (reproducible builds), else now. */
int64_t report_doc_now(void);
/* An instant at a UTC offset in seconds, ISO 8601 as case files write them ("Z" for 0). */
const char *report_doc_instant(struct report_doc *doc, int64_t seconds, long offset_s);

#endif
