/*
 * The labels of a case's territories and lesions, indexed as they are read: a label is
 * looked up once per element, so a linear search would make a large case quadratic.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "case/case_internal.h"

struct radioembo__case_label_slot {
	const char *label; /* NULL: empty; the JSON document owns the text */
	size_t index;
};

/* FNV-1a: cheap, and good enough to spread labels that differ only by a counter. */
static size_t hash(const char *label)
{
	uint64_t h = 14695981039346656037u;

	for (; *label != '\0'; label++)
		h = (h ^ (unsigned char)*label) * 1099511628211u;
	return (size_t)h;
}

int radioembo__case_labels_reserve(struct radioembo__case_reader *r,
				   struct radioembo__case_labels *labels, size_t count)
{
	size_t slots = 8;

	/* at most half full, so that a probe ends soon at an empty slot */
	while (slots / 2 < count) {
		if (slots > SIZE_MAX / 2 / sizeof *labels->slots) {
			r->key[0] = '\0';
			return radioembo__fail(RADIOEMBO_ENOMEM, NULL, "too many labels (%zu)",
					       count);
		}
		slots *= 2;
	}
	free(labels->slots);
	labels->slots = radioembo__allocate(slots * sizeof *labels->slots, "an index of labels");
	if (labels->slots == NULL) {
		labels->mask = 0;
		r->key[0] = '\0';
		return RADIOEMBO_ENOMEM;
	}
	labels->mask = slots - 1;
	return 0;
}

/* The slot holding label, or the empty slot where it belongs. */
static struct radioembo__case_label_slot *probe(const struct radioembo__case_labels *labels,
						const char *label)
{
	size_t i = hash(label) & labels->mask;

	while (labels->slots[i].label != NULL && strcmp(labels->slots[i].label, label) != 0)
		i = (i + 1) & labels->mask;
	return &labels->slots[i];
}

long radioembo__case_labels_add(struct radioembo__case_labels *labels, const char *label,
				size_t index)
{
	struct radioembo__case_label_slot *slot = probe(labels, label);

	if (slot->label == NULL) {
		slot->label = label;
		slot->index = index;
	}
	return (long)slot->index;
}

long radioembo__case_labels_find(const struct radioembo__case_labels *labels, const char *label)
{
	const struct radioembo__case_label_slot *slot;

	if (labels->slots == NULL)
		return -1;
	slot = probe(labels, label);
	return slot->label == NULL ? -1 : (long)slot->index;
}

void radioembo__case_labels_free(struct radioembo__case_labels *labels)
{
	free(labels->slots);
	labels->slots = NULL;
	labels->mask = 0;
}
