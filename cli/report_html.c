/*
 * radioembo(1): the planning report as one HTML page (see report_render.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "report_render.h"

static const char style[] =
	"body{font-family:'DejaVu Sans',sans-serif;font-size:10pt;color:#000;background:#fff;"
	"max-width:80em;margin:1.5em auto;padding:0 1em}"
	"h1{font-size:16pt;margin:0 0 .4em}h2{font-size:12.5pt;margin:1.4em 0 .4em;"
	"border-bottom:1px solid #888;break-after:avoid;page-break-after:avoid}"
	"table{border-collapse:collapse;margin:.3em 0 .8em;break-inside:avoid;"
	"page-break-inside:avoid}"
	"th,td{border:1px solid #bbb;padding:2px 6px;text-align:left;vertical-align:top}"
	"thead th{background:#eee}td.n{text-align:right;font-variant-numeric:tabular-nums}"
	"table.fields th{font-weight:normal;color:#333;background:#f6f6f6}"
	"table.signatures td,table.signatures th{border:none;padding:1.2em .6em .2em}"
	"table.signatures td.line{border-bottom:1px solid #000;min-width:14em}"
	"figure{margin:.6em 0 1em;break-inside:avoid;page-break-inside:avoid}"
	"figcaption{font-weight:bold;margin-bottom:.3em}"
	"figure .plot{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start}"
	"figure svg{max-width:100%;height:auto}figure p.alt{font-size:9pt;color:#333}"
	"@media print{body{margin:0;max-width:none}@page{size:A4;margin:14mm}"
	"th,td{font-size:7.5pt;padding:1px 3px}"
	"h2.section{break-before:page;page-break-before:always}}";

static void escaped(FILE *out, const char *text)
{
	for (; *text; text++) {
		switch (*text) {
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '&':
			fputs("&amp;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		default:
			fputc(*text, out);
		}
	}
}

int report_cell_is_number(const char *text)
{
	char *end;

	if (!isdigit((unsigned char)text[*text == '-']))
		return 0;
	strtod(text, &end);
	return *end == '\0';
}

static void cell(FILE *out, const char *tag, const char *text)
{
	fprintf(out, "<%s%s>", tag, report_cell_is_number(text) ? " class=\"n\"" : "");
	escaped(out, text);
	fprintf(out, "</%s>", tag);
}

/* A table; its first row is the heading, unless fields (label-value rows). */
static void table(FILE *out, const struct doc_block *b, const char *class, int fields)
{
	size_t i;

	fprintf(out, "<table%s%s%s>\n", class ? " class=\"" : "", class ? class : "",
		class ? "\"" : "");
	for (i = 0; i < b->cell_count; i++) {
		int head = !fields && i < b->columns;
		if (i == 0 && head)
			fputs("<thead>", out);
		if (i == b->columns && !fields)
			fputs("<tbody>", out);
		if (i % b->columns == 0)
			fputs("<tr>", out);
		if (fields && i % 2 == 0)
			fputs("<th scope=\"row\">", out), escaped(out, b->cells[i]),
				fputs("</th>", out);
		else
			cell(out, head ? "th" : "td", b->cells[i]);
		if (i % b->columns == b->columns - 1)
			fputs(head ? "</tr></thead>\n" : "</tr>\n", out);
	}
	if (!fields && b->cell_count > b->columns)
		fputs("</tbody>", out);
	fputs("</table>\n", out);
}

/*
 * An SVG of cairo inlined: without its XML declaration, its ids prefixed so that the glyphs
 * of one plot never stand in for those of another, and named for assistive technology.
 */
static void inline_svg(FILE *out, const char *svg, size_t plot, const char *alt)
{
	const char *p = strstr(svg, "<svg"), *next;
	char prefix[16];

	snprintf(prefix, sizeof prefix, "p%zu-", plot);
	if (p == NULL)
		return;
	fputs("<svg role=\"img\" aria-label=\"", out);
	escaped(out, alt);
	fputs("\"", out);
	p += 4;
	while ((next = strpbrk(p, "i#")) != NULL) {
		fwrite(p, 1, (size_t)(next - p), out);
		if (strncmp(next, "id=\"", 4) == 0) {
			fprintf(out, "id=\"%s", prefix);
			p = next + 4;
		} else if (*next == '#' && next - svg >= 6 &&
			   (strncmp(next - 6, "href=\"", 6) == 0 ||
			    strncmp(next - 4, "url(", 4) == 0)) {
			fprintf(out, "#%s", prefix);
			p = next + 1;
		} else {
			fputc(*next, out);
			p = next + 1;
		}
	}
	fputs(p, out);
}

static int figure(FILE *out, const struct doc_block *b, size_t plot, struct cli_error *err)
{
	char *svg = NULL;
	size_t size = 0;

	if (plot_svg(b->plot, &svg, &size) != 0)
		return cli_fail(err, CLI_EXIT_INTERNAL, "drawing a plot failed");
	fputs("<figure><figcaption>", out);
	escaped(out, b->text);
	fputs("</figcaption>\n<div class=\"plot\">", out);
	inline_svg(out, svg, plot, b->alt);
	free(svg);
	table(out, b, "numbers", 0);
	fputs("</div><p class=\"alt\">", out);
	escaped(out, b->alt);
	fputs("</p></figure>\n", out);
	return 0;
}

static void signatures(FILE *out, const struct doc_block *b)
{
	size_t i;

	fputs("<table class=\"signatures\">\n", out);
	for (i = 0; i + 1 < b->cell_count; i += 2) {
		fputs("<tr><th scope=\"row\">", out);
		escaped(out, b->cells[i]);
		fputs("</th><td class=\"line\">", out);
		if (b->cells[i + 1] != NULL)
			escaped(out, b->cells[i + 1]);
		fputs("</td><td>signature</td><td class=\"line\"></td><td>date</td>"
		      "<td class=\"line\"></td></tr>\n",
		      out);
	}
	fputs("</table>\n", out);
}

int report_write_html(const struct report_doc *doc, FILE *out, struct cli_error *err)
{
	size_t i, plots = 0;
	int rc;

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>", out);
	escaped(out, doc->title);
	fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n", style);
	for (i = 0; i < doc->count; i++) {
		const struct doc_block *b = &doc->blocks[i];
		switch (b->kind) {
		case DOC_TITLE:
			fputs("<h1>", out), escaped(out, b->text), fputs("</h1>\n", out);
			break;
		case DOC_HEADING:
			fputs(b->new_page ? "<h2 class=\"section\">" : "<h2>", out);
			escaped(out, b->text);
			fputs("</h2>\n", out);
			break;
		case DOC_PARAGRAPH:
			fputs("<p>", out), escaped(out, b->text), fputs("</p>\n", out);
			break;
		case DOC_FIELDS:
			table(out, b, "fields", 1);
			break;
		case DOC_TABLE:
			table(out, b, NULL, 0);
			break;
		case DOC_FIGURE:
			if ((rc = figure(out, b, plots++, err)))
				return rc;
			break;
		case DOC_SIGNATURES:
			signatures(out, b);
			break;
		}
	}
	fputs("</body>\n</html>\n", out);
	plot_release_fonts();
	return 0;
}
