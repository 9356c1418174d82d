/*
 * radioembo(1): the planning report as A4 pages drawn by cairo (see report_render.h): the
 * blocks flow down the page, a block that does not fit starts the next one, and a long
 * table repeats its heading row there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>

#include "report_render.h"

#define PAGE_WIDTH 595.28 /* A4 in points */
#define PAGE_HEIGHT 841.89
#define MARGIN 48.0
#define WIDTH (PAGE_WIDTH - 2 * MARGIN)
#define FONT "DejaVu Sans"
#define SIZE 9.0
#define PAD 3.0
#define FIELD_LABEL_WIDTH 120.0

struct page {
	cairo_t *cr;
	double y;    /* the top of what comes next */
	double size; /* the font size of tables */
	int page;
};

static void font(cairo_t *cr, double size, int bold)
{
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
			       bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
}

static double width_of(cairo_t *cr, const char *text, size_t length)
{
	cairo_text_extents_t e;
	char buffer[512];

	if (length >= sizeof buffer)
		length = sizeof buffer - 1;
	memcpy(buffer, text, length);
	buffer[length] = '\0';
	cairo_text_extents(cr, buffer, &e);
	return e.x_advance;
}

static void show(cairo_t *cr, double x, double y, const char *text, size_t length)
{
	char buffer[512];

	if (length >= sizeof buffer)
		length = sizeof buffer - 1;
	memcpy(buffer, text, length);
	buffer[length] = '\0';
	cairo_move_to(cr, x, y);
	cairo_show_text(cr, buffer);
}

/*
 * The lines of text within width, broken at spaces (a word too long is broken where it
 * overflows, never inside a UTF-8 sequence); drawn from (x, y) when draw. Returns the count.
 */
static int wrap(cairo_t *cr, const char *text, double x, double y, double width, double leading,
		int draw)
{
	size_t start = 0, end, length = strlen(text);
	int lines = 0;

	while (start < length || lines == 0) {
		size_t fit = start, space;
		/* the longest run of whole words that fits */
		for (end = start; end <= length; end++) {
			if (end < length && text[end] != ' ')
				continue;
			if (width_of(cr, text + start, end - start) > width)
				break;
			fit = end;
			if (end == length)
				break;
		}
		if (fit == start) /* one word too long: as many characters as fit */
			for (fit = start + 1;
			     fit < length && ((text[fit] & 0xC0) == 0x80 ||
					      width_of(cr, text + start, fit + 1 - start) <= width);
			     fit++)
				;
		if (draw)
			show(cr, x, y + leading * lines, text + start, fit - start);
		lines++;
		for (space = fit; space < length && text[space] == ' '; space++)
			;
		start = space;
		if (start >= length)
			break;
	}
	return lines;
}

static void new_page(struct page *p)
{
	if (p->page > 0)
		cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN;
	font(p->cr, 7.5, 0);
	cairo_set_source_rgb(p->cr, 0.35, 0.35, 0.35);
	{
		char number[32];
		snprintf(number, sizeof number, "page %d", p->page);
		cairo_move_to(p->cr, PAGE_WIDTH - MARGIN - width_of(p->cr, number, strlen(number)),
			      PAGE_HEIGHT - MARGIN / 2);
		cairo_show_text(p->cr, number);
	}
	cairo_set_source_rgb(p->cr, 0, 0, 0);
}

/* Room for height more points on this page, or a new page. */
static void room(struct page *p, double height)
{
	if (p->y + height > PAGE_HEIGHT - MARGIN)
		new_page(p);
}

static void paragraph(struct page *p, const char *text, double size, int bold, double before,
		      double keep)
{
	double leading = size * 1.3;
	int lines;

	font(p->cr, size, bold);
	lines = wrap(p->cr, text, 0, 0, WIDTH, leading, 0);
	/* a heading keeps the start of what follows with it */
	room(p, before + leading * lines + keep);
	font(p->cr, size, bold); /* a new page drew its number */
	p->y += before;
	wrap(p->cr, text, MARGIN, p->y + size, WIDTH, leading, 1);
	p->y += leading * lines + 4;
}

/* The width each column needs: its widest cell, and its (bold) heading's longest word. */
static void column_widths(cairo_t *cr, const struct doc_block *b, double *widths, int heading)
{
	size_t i, c, n;
	const char *word;

	for (c = 0; c < b->columns; c++)
		widths[c] = 0;
	for (i = 0; i < b->cell_count; i++) {
		const char *s = b->cells[i];
		c = i % b->columns;
		if (s == NULL)
			continue;
		if (!heading || i >= b->columns) {
			widths[c] = fmax(widths[c], width_of(cr, s, strlen(s)));
			continue;
		}
		font(cr, SIZE, 1);
		for (word = s; *word; word += n + (word[n] == ' ')) {
			n = strcspn(word, " ");
			widths[c] = fmax(widths[c], width_of(cr, word, n));
		}
		font(cr, SIZE, 0);
	}
	for (c = 0; c < b->columns; c++)
		widths[c] += 0.5; /* rounding of the glyph advances */
}

/* One row of cells from index first; returns its height (drawn when draw). */
static double row(struct page *p, const struct doc_block *b, size_t first, const double *widths,
		  int bold, int draw)
{
	double leading = p->size * 1.25, x = MARGIN, height = 0;
	size_t c;

	font(p->cr, p->size, bold);
	for (c = 0; c < b->columns; c++) {
		const char *s = b->cells[first + c] != NULL ? b->cells[first + c] : "";
		int lines = wrap(p->cr, s, 0, 0, widths[c], leading, 0);
		if (draw) {
			double w = width_of(p->cr, s, strlen(s));
			double at =
				report_cell_is_number(s) && w <= widths[c] ? x + widths[c] - w : x;
			wrap(p->cr, s, at + PAD, p->y + PAD + p->size, widths[c], leading, 1);
		}
		height = fmax(height, leading * lines);
		x += widths[c] + 2 * PAD;
	}
	height += 2 * PAD;
	if (draw) {
		cairo_set_source_rgb(p->cr, 0.75, 0.75, 0.75);
		cairo_set_line_width(p->cr, 0.5);
		cairo_move_to(p->cr, MARGIN, p->y + height);
		cairo_line_to(p->cr, x, p->y + height);
		cairo_stroke(p->cr);
		cairo_set_source_rgb(p->cr, 0, 0, 0);
		p->y += height;
	}
	return height;
}

static void table(struct page *p, const struct doc_block *b, int fields)
{
	double widths[64], total = 0, heading_height;
	size_t c, i, first;

	if (b->columns == 0)
		return;
	if (b->columns > sizeof widths / sizeof widths[0]) {
		paragraph(p, "(A table too wide for the page: the HTML and JSON reports give it.)",
			  SIZE, 0, 0, 0);
		return;
	}
	p->size = SIZE;
	font(p->cr, p->size, 0);
	column_widths(p->cr, b, widths, !fields);
	if (fields) {
		widths[0] = FIELD_LABEL_WIDTH - 2 * PAD;
		widths[1] = WIDTH - FIELD_LABEL_WIDTH - 2 * PAD;
	}
	for (c = 0; c < b->columns; c++)
		total += widths[c];
	if (total + 2 * PAD * (double)b->columns > WIDTH) { /* a smaller font for a wide table */
		double scale = fmax((WIDTH - 2 * PAD * (double)b->columns) / total, 6.0 / SIZE);
		p->size = SIZE * scale;
		for (c = 0; c < b->columns; c++)
			widths[c] *= scale;
	}
	heading_height = fields ? 0 : row(p, b, 0, widths, 1, 0);
	first = fields ? 0 : b->columns;
	/* the heading keeps the first row with it */
	room(p, heading_height +
			(first + b->columns <= b->cell_count ? row(p, b, first, widths, 0, 0) : 0));
	if (!fields)
		row(p, b, 0, widths, 1, 1);
	for (i = first; i + b->columns <= b->cell_count; i += b->columns) {
		double height = row(p, b, i, widths, 0, 0);
		if (p->y + height > PAGE_HEIGHT - MARGIN) {
			new_page(p);
			if (!fields)
				row(p, b, 0, widths, 1, 1);
		}
		row(p, b, i, widths, 0, 1);
	}
	p->y += 8;
}

static void figure(struct page *p, const struct doc_block *b)
{
	double height = plot_height(b->plot);

	font(p->cr, 10.5, 1);
	room(p, height + 40);
	paragraph(p, b->text, 10.5, 1, 6, 0);
	cairo_save(p->cr);
	cairo_translate(p->cr, MARGIN + (WIDTH - PLOT_WIDTH) / 2, p->y);
	plot_draw(p->cr, b->plot);
	cairo_restore(p->cr);
	p->y += height + 4;
	paragraph(p, b->alt, 8, 0, 0, 0);
	table(p, b, 0);
}

static void signatures(struct page *p, const struct doc_block *b)
{
	size_t i;

	room(p, 36.0 * (double)(b->cell_count / 2));
	for (i = 0; i + 1 < b->cell_count; i += 2) {
		double base = p->y + 26;
		font(p->cr, SIZE, 0);
		show(p->cr, MARGIN, base, b->cells[i], strlen(b->cells[i]));
		if (b->cells[i + 1] != NULL)
			show(p->cr, MARGIN + 80, base - 2, b->cells[i + 1],
			     strlen(b->cells[i + 1]));
		show(p->cr, MARGIN + 240, base, "signature", 9);
		show(p->cr, MARGIN + 410, base, "date", 4);
		cairo_set_line_width(p->cr, 0.7);
		cairo_move_to(p->cr, MARGIN + 78, base + 3);
		cairo_line_to(p->cr, MARGIN + 232, base + 3);
		cairo_move_to(p->cr, MARGIN + 284, base + 3);
		cairo_line_to(p->cr, MARGIN + 402, base + 3);
		cairo_move_to(p->cr, MARGIN + 432, base + 3);
		cairo_line_to(p->cr, MARGIN + WIDTH, base + 3);
		cairo_stroke(p->cr);
		p->y += 36;
	}
}

int report_write_pdf(const struct report_doc *doc, FILE *out, struct cli_error *err)
{
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(plot_write_stream, out,
								       PAGE_WIDTH, PAGE_HEIGHT);
	struct page p = { cairo_create(surface), 0, SIZE, 0 };
	cairo_status_t status;
	size_t i;

	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, doc->title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "radioembo");
	{ /* the time the report says it was written, so that SOURCE_DATE_EPOCH fixes every byte */
		time_t now = (time_t)report_doc_now();
		struct tm tm;
		char date[32];
		if (gmtime_r(&now, &tm) != NULL &&
		    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0)
			cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE,
						       date);
	}
	new_page(&p);
	for (i = 0; i < doc->count; i++) {
		const struct doc_block *b = &doc->blocks[i];
		if (b->new_page && p.y > MARGIN)
			new_page(&p);
		switch (b->kind) {
		case DOC_TITLE:
			paragraph(&p, b->text, 16, 1, 0, 0);
			break;
		case DOC_HEADING:
			/* with the start of what follows: a figure's caption and plot, or 60 pt */
			paragraph(&p, b->text, 12, 1, 8,
				  i + 1 < doc->count && doc->blocks[i + 1].kind == DOC_FIGURE
					  ? plot_height(doc->blocks[i + 1].plot) + 30
					  : 60);
			break;
		case DOC_PARAGRAPH:
			paragraph(&p, b->text, SIZE, 0, 0, 0);
			break;
		case DOC_FIELDS:
			table(&p, b, 1);
			break;
		case DOC_TABLE:
			table(&p, b, 0);
			break;
		case DOC_FIGURE:
			figure(&p, b);
			break;
		case DOC_SIGNATURES:
			signatures(&p, b);
			break;
		}
	}
	status = cairo_status(p.cr);
	cairo_destroy(p.cr);
	cairo_surface_finish(surface);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	plot_release_fonts();
	if (status != CAIRO_STATUS_SUCCESS)
		return cli_fail(err, CLI_EXIT_INTERNAL, "drawing the PDF report: %s",
				cairo_status_to_string(status));
	return 0;
}
