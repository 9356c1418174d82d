/*
 * radioembo(1): the numeric fields of a product for `radioembo products`, with their units
 * and the catalogue's sources.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_PRODUCT_FIELDS_H
#define RADIOEMBO_CLI_PRODUCT_FIELDS_H

#include <radioembo.h>

/* A field, named by radioembo_product_field_name(), with its unit and getter. */
struct product_field {
	radioembo_product_field field;
	const char *unit;
	int (*get)(const radioembo_product *, double *);
};

extern const struct product_field product_fields[];
extern const size_t product_field_count;

/*
 * The source and evidence tag of a catalogue value (as listed in radioembo_product(3)), or
 * NULL when the catalogue has none. field 0 is the list of standard vial sizes.
 */
const char *product_field_source(const char *product_name, radioembo_product_field field);

#endif
