/*
 * radioembo(1): `radioembo products`: the catalogue, every field with its value, unit and
 * source.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>
#include <radioembo.h>

#include "commands.h"
#include "options.h"
#include "output.h"
#include "product_fields.h"

static json_t *text_or_null(const char *text)
{
	return text != NULL ? json_string(text) : json_null();
}

static int add(json_t *object, const char *key, json_t *value)
{
	return value == NULL || json_object_set_new(object, key, value) != 0;
}

static int product_json(const radioembo_product *product, json_t *array)
{
	const char *name = radioembo_product_name(product);
	radioembo_product_kind kind = RADIOEMBO_PRODUCT_KIND_OTHER;
	radioembo_nuclide nuclide = RADIOEMBO_NUCLIDE_Y90;
	json_t *object = json_object(), *vials = json_array(), *fields = json_array();
	double sizes[32], value;
	size_t count = 0, i;
	int failed;

	radioembo_product_get_kind(product, &kind);
	radioembo_product_get_nuclide(product, &nuclide);
	failed = object == NULL || vials == NULL || fields == NULL ||
		 json_array_append_new(array, object) != 0;
	if (failed) {
		json_decref(vials);
		json_decref(fields);
		return 1;
	}
	radioembo_product_get_vial_sizes_gbq(product, sizes, 32, &count);
	for (i = 0; i < count && i < 32; i++)
		failed |= json_array_append_new(vials, json_real(sizes[i])) != 0;
	failed |= add(object, "name", json_string(name));
	failed |= add(object, "kind", json_string(radioembo_product_kind_name(kind)));
	failed |= add(object, "nuclide", text_or_null(radioembo_nuclide_name(nuclide)));
	failed |= add(object, "vial_sizes_gbq", vials);
	failed |= add(object, "vial_sizes_source", text_or_null(product_field_source(name, 0)));
	failed |= add(object, "fields", fields);
	for (i = 0; i < product_field_count && !failed; i++) {
		const struct product_field *f = &product_fields[i];
		json_t *entry = json_object();
		failed |= entry == NULL || json_array_append_new(fields, entry) != 0;
		if (failed)
			break;
		failed |= add(entry, "name", json_string(radioembo_product_field_name(f->field)));
		failed |= add(entry, "value", f->get(product, &value) == RADIOEMBO_OK
						      ? json_real(value)
						      : json_null());
		failed |= add(entry, "unit", json_string(f->unit));
		failed |= add(entry, "source", text_or_null(product_field_source(name, f->field)));
	}
	return failed;
}

static void product_text(const radioembo_product *product, FILE *out)
{
	const char *name = radioembo_product_name(product), *source;
	radioembo_product_kind kind = RADIOEMBO_PRODUCT_KIND_OTHER;
	radioembo_nuclide nuclide = RADIOEMBO_NUCLIDE_Y90;
	double sizes[32], value;
	size_t count = 0, i;

	radioembo_product_get_kind(product, &kind);
	radioembo_product_get_nuclide(product, &nuclide);
	fprintf(out, "%s (%s, %s)\n", name, radioembo_product_kind_name(kind),
		radioembo_nuclide_name(nuclide));
	radioembo_product_get_vial_sizes_gbq(product, sizes, 32, &count);
	fprintf(out, "  %-32s", "vial_sizes_gbq");
	for (i = 0; i < count && i < 32; i++)
		fprintf(out, "%s%g", i ? " " : "", sizes[i]);
	if (count == 0)
		fprintf(out, "none");
	source = product_field_source(name, 0);
	fprintf(out, "  [%s]\n", source != NULL ? source : "-");
	for (i = 0; i < product_field_count; i++) {
		const struct product_field *f = &product_fields[i];
		fprintf(out, "  %-32s", radioembo_product_field_name(f->field));
		if (f->get(product, &value) == RADIOEMBO_OK)
			fprintf(out, "%g %s", value, f->unit);
		else
			fprintf(out, "unset");
		source = product_field_source(name, f->field);
		fprintf(out, "  [%s]\n", source != NULL ? source : "-");
	}
}

int command_products(int argc, char **argv, struct cli_error *err)
{
	static const struct option_spec specs[] = {
		{ "format", "text|json", "output format (default text)" },
	};
	const char *values[1], *positional[1];
	struct output output;
	json_t *root = NULL, *array = NULL;
	size_t npos;
	int help, json, index, failed = 0, rc;

	if ((rc = options_parse(argc, argv, specs, 1, values, positional, 0, &npos, &help, err)))
		return rc;
	if (help) {
		options_help(stdout, "radioembo products [--format text|json]",
			     "Lists the built-in product catalogue: every field, its value and unit, "
			     "and its source\n(section of the domain reference, publication, "
			     "evidence tag).",
			     specs, 1);
		return CLI_EXIT_OK;
	}
	if ((rc = options_format(values[0], &json, err)) || (rc = output_open(&output, err)))
		return rc;
	if (json) {
		root = json_object();
		array = json_array();
		failed = root == NULL || array == NULL ||
			 json_object_set_new(root, "schema_version", json_integer(1)) != 0 ||
			 json_object_set_new(root, "library_version",
					     json_string(radioembo_version_string())) != 0 ||
			 json_object_set_new(root, "products", array) != 0;
	}
	for (index = 0; index < radioembo_product_count_builtin() && !failed; index++) {
		radioembo_product *product;
		if ((rc = radioembo_product_new_builtin(radioembo_product_builtin_name(index),
							&product))) {
			failed = 1;
			break;
		}
		if (json)
			failed = product_json(product, array);
		else
			product_text(product, output.stream);
		if (!json && index + 1 < radioembo_product_count_builtin())
			fputc('\n', output.stream);
		radioembo_product_free(product);
	}
	if (json && !failed) {
		failed = json_dumpf(root, output.stream, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
		fputc('\n', output.stream);
	}
	json_decref(root);
	if (failed) {
		output_discard(&output);
		return cli_fail(err, CLI_EXIT_INTERNAL, "listing the catalogue: out of memory");
	}
	rc = output_commit(&output, NULL, err);
	output_discard(&output);
	return rc;
}
