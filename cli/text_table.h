/*
 * radioembo(1): a table of text whose columns are as wide as their widest cell, so that
 * no two cells ever run together whatever the numbers (a vial calibrated months before the
 * treatment holds thousands of GBq). Cells are collected row by row, then printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_TEXT_TABLE_H
#define RADIOEMBO_CLI_TEXT_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include "cli.h"

struct text_table {
	size_t columns;
	const char *align; /* a letter per column, 'l' left, 'r' right; the last repeats */
	char **cells;	   /* rows * columns; NULL: empty */
	char **notes;	   /* per row: text after its last cell, or NULL */
	size_t rows, capacity;
	int failed; /* out of memory: print fails */
};

/*
 * An empty table of columns columns aligned as align says: "lrrl", or "lr" for a first
 * column on the left and every other on the right (the last letter repeats).
 */
void text_table_init(struct text_table *table, size_t columns, const char *align);
/* Starts a row; the cells that follow fill it from the left. */
void text_table_row(struct text_table *table);
/* A row of headings: the NULL-terminated names, one cell each. */
void text_table_heading(struct text_table *table, const char *const *names);
/* The next cell of the current row (printf format); extra cells are dropped. */
void text_table_cell(struct text_table *table, const char *format, ...) CLI_PRINTF(2, 3);
/* Text after the row's last non-empty cell ("does not apply", "VIOLATION: ..."). */
void text_table_note(struct text_table *table, const char *format, ...) CLI_PRINTF(2, 3);
/*
 * Prints every row after indent, columns two spaces apart, and frees the table.
 * Returns 0, or -1 if memory ran out while it was filled.
 */
int text_table_print(struct text_table *table, FILE *out, const char *indent);

#endif
