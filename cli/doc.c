/*
 * radioembo(1): building a report document (report_doc.h): blocks, cells, text and plots
 * that live as long as the document.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report_doc.h"

/* ---- memory: everything the document points to is freed with it -------------------- */

void *doc_keep(struct report_doc *doc, void *pointer)
{
	void **grown;

	if (pointer == NULL) {
		doc->failed = 1;
		return NULL;
	}
	if (doc->owned_count == doc->owned_capacity) {
		size_t capacity = doc->owned_capacity ? 2 * doc->owned_capacity : 64;
		if ((grown = realloc(doc->owned, capacity * sizeof *grown)) == NULL) {
			free(pointer);
			doc->failed = 1;
			return NULL;
		}
		doc->owned = grown;
		doc->owned_capacity = capacity;
	}
	return doc->owned[doc->owned_count++] = pointer;
}

const char *doc_format(struct report_doc *doc, const char *fmt, ...)
{
	va_list args;
	char *text;
	int length;

	va_start(args, fmt);
	length = vsnprintf(NULL, 0, fmt, args);
	va_end(args);
	if (length < 0 || (text = doc_keep(doc, malloc((size_t)length + 1))) == NULL)
		return "";
	va_start(args, fmt);
	vsnprintf(text, (size_t)length + 1, fmt, args);
	va_end(args);
	return text;
}

struct doc_block *doc_block(struct report_doc *doc, enum doc_kind kind, const char *text,
			    size_t columns)
{
	static struct doc_block spare; /* absorbs the writes after memory ran out */
	struct doc_block *grown;

	if (doc->count == doc->capacity) {
		size_t capacity = doc->capacity ? 2 * doc->capacity : 32;
		if ((grown = realloc(doc->blocks, capacity * sizeof *grown)) == NULL) {
			doc->failed = 1;
			memset(&spare, 0, sizeof spare);
			spare.columns = columns;
			return &spare;
		}
		doc->blocks = grown;
		doc->capacity = capacity;
	}
	grown = &doc->blocks[doc->count++];
	memset(grown, 0, sizeof *grown);
	grown->kind = kind;
	grown->text = text;
	grown->columns = columns;
	return grown;
}

void doc_cell_as_is(struct report_doc *doc, struct doc_block *b, const char *text)
{
	const char **grown;

	if (doc->failed)
		return;
	if (b->cell_count == b->cell_capacity) {
		size_t capacity = b->cell_capacity ? 2 * b->cell_capacity : 16;
		if ((grown = realloc(b->cells, capacity * sizeof *grown)) == NULL) {
			doc->failed = 1;
			return;
		}
		b->cells = grown;
		b->cell_capacity = capacity;
	}
	b->cells[b->cell_count++] = text;
}

void doc_cell(struct report_doc *doc, struct doc_block *b, const char *text)
{
	doc_cell_as_is(doc, b, text != NULL ? text : "-");
}

struct plot *doc_plot(struct report_doc *doc, enum plot_kind kind)
{
	struct plot *p = doc_keep(doc, calloc(1, sizeof *p));

	if (p != NULL)
		p->kind = kind;
	return p;
}

int64_t report_doc_now(void)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long seconds;

	if (epoch != NULL && *epoch != '\0') {
		seconds = strtoll(epoch, &end, 10);
		if (*end == '\0')
			return seconds;
	}
	return (int64_t)time(NULL);
}

void report_doc_free(struct report_doc *doc)
{
	size_t i;

	for (i = 0; i < doc->count; i++)
		free(doc->blocks[i].cells);
	for (i = 0; i < doc->owned_count; i++)
		free(doc->owned[i]);
	free(doc->blocks);
	free(doc->owned);
	json_decref(doc->report);
	memset(doc, 0, sizeof *doc);
}
