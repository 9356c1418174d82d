/*
 * radioembo(1): tables sized from their content (see text_table.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_table.h"

void text_table_init(struct text_table *table, size_t columns, const char *align)
{
	memset(table, 0, sizeof *table);
	table->columns = columns;
	table->align = align;
}

void text_table_row(struct text_table *table)
{
	size_t capacity = table->capacity ? 2 * table->capacity : 8;
	char **cells, **notes;

	if (table->failed)
		return;
	if (table->rows == table->capacity) {
		cells = realloc(table->cells, capacity * table->columns * sizeof *cells);
		if (cells != NULL)
			table->cells = cells;
		notes = realloc(table->notes, capacity * sizeof *notes);
		if (notes != NULL)
			table->notes = notes;
		if (cells == NULL || notes == NULL) {
			table->failed = 1;
			return;
		}
		table->capacity = capacity;
	}
	memset(table->cells + table->rows * table->columns, 0,
	       table->columns * sizeof *table->cells);
	table->notes[table->rows++] = NULL;
}

static char *format_text(const char *format, va_list args) CLI_PRINTF(1, 0);

static char *format_text(const char *format, va_list args)
{
	va_list again;
	char *text;
	int length;

	va_copy(again, args);
	length = vsnprintf(NULL, 0, format, args);
	text = length < 0 ? NULL : malloc((size_t)length + 1);
	if (text != NULL)
		vsnprintf(text, (size_t)length + 1, format, again);
	va_end(again);
	return text;
}

void text_table_cell(struct text_table *table, const char *format, ...)
{
	char **row = table->cells + (table->rows - 1) * table->columns;
	va_list args;
	size_t i;

	if (table->failed || table->rows == 0)
		return;
	for (i = 0; i < table->columns && row[i] != NULL; i++)
		;
	if (i == table->columns)
		return;
	va_start(args, format);
	if ((row[i] = format_text(format, args)) == NULL)
		table->failed = 1;
	va_end(args);
}

void text_table_heading(struct text_table *table, const char *const *names)
{
	text_table_row(table);
	for (; *names != NULL; names++)
		text_table_cell(table, "%s", *names);
}

void text_table_note(struct text_table *table, const char *format, ...)
{
	va_list args;

	if (table->failed || table->rows == 0)
		return;
	va_start(args, format);
	free(table->notes[table->rows - 1]);
	if ((table->notes[table->rows - 1] = format_text(format, args)) == NULL)
		table->failed = 1;
	va_end(args);
}

/* Characters on the terminal: UTF-8 continuation bytes take no column. */
static size_t width(const char *text)
{
	size_t n = 0;

	for (; *text; text++)
		n += ((unsigned char)*text & 0xc0) != 0x80;
	return n;
}

static void print_row(const struct text_table *table, FILE *out, const char *indent,
		      const size_t *widths, size_t r)
{
	char *const *row = table->cells + r * table->columns;
	size_t last = 0, i, pad, letters = strlen(table->align);

	for (i = 0; i < table->columns; i++)
		if (row[i] != NULL)
			last = i + 1;
	fputs(indent, out);
	for (i = 0; i < last; i++) {
		const char *cell = row[i] != NULL ? row[i] : "";
		pad = widths[i] - width(cell);
		if (i > 0)
			fputs("  ", out);
		if (table->align[i < letters ? i : letters - 1] == 'r')
			fprintf(out, "%*s%s", (int)pad, "", cell);
		else if (i + 1 < last || table->notes[r] != NULL)
			fprintf(out, "%s%*s", cell, (int)pad, "");
		else
			fputs(cell, out); /* no trailing blanks */
	}
	if (table->notes[r] != NULL)
		fprintf(out, "  %s", table->notes[r]);
	fputc('\n', out);
}

int text_table_print(struct text_table *table, FILE *out, const char *indent)
{
	size_t *widths = calloc(table->columns ? table->columns : 1, sizeof *widths);
	size_t r, i, cells = table->rows * table->columns;
	int failed = table->failed || widths == NULL;

	for (r = 0; !failed && r < table->rows; r++)
		for (i = 0; i < table->columns; i++) {
			const char *cell = table->cells[r * table->columns + i];
			if (cell != NULL && width(cell) > widths[i])
				widths[i] = width(cell);
		}
	for (r = 0; !failed && r < table->rows; r++)
		print_row(table, out, indent, widths, r);
	for (i = 0; i < cells; i++)
		free(table->cells[i]);
	for (r = 0; r < table->rows; r++)
		free(table->notes[r]);
	free(table->cells);
	free(table->notes);
	free(widths);
	memset(table, 0, sizeof *table);
	return failed ? -1 : 0;
}
