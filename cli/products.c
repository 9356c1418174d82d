/*
 * radioembo(1): `radioembo products`: the catalogue, every field with its value, unit and
 * source. The sources are the library's (radioembo_product_field_source() and its kin),
 * so the listing cites exactly what the library does.
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

/* A field, named by radioembo_product_field_name(), with its unit and getter. */
struct product_field {
	radioembo_product_field field;
	const char *unit;
	int (*get)(const radioembo_product *, double *);
};

#define FIELD(id, name, unit)                                                                      \
	{                                                                                          \
		RADIOEMBO_PRODUCT_FIELD_##id, unit, radioembo_product_get_##name                   \
	}

static const struct product_field product_fields[] = {
	FIELD(HALF_LIFE_H, half_life_h, "h"),
	FIELD(DOSE_FACTOR_GY_KG_PER_GBQ, dose_factor_gy_kg_per_gbq, "Gy kg/GBq"),
	FIELD(SPHERE_DIAMETER_MIN_UM, sphere_diameter_min_um, "um"),
	FIELD(SPHERE_DIAMETER_MAX_UM, sphere_diameter_max_um, "um"),
	FIELD(ACTIVITY_PER_SPHERE_BQ, activity_per_sphere_bq, "Bq"),
	FIELD(SPECIFIC_GRAVITY_G_PER_ML, specific_gravity_g_per_ml, "g/mL"),
	FIELD(VIAL_VOLUME_ML, vial_volume_ml, "mL"),
	FIELD(LABEL_TOLERANCE, label_tolerance, "fraction"),
	FIELD(CUSTOM_VIAL_STEP_GBQ, custom_vial_step_gbq, "GBq"),
	FIELD(CUSTOM_VIAL_MIN_GBQ, custom_vial_min_gbq, "GBq"),
	FIELD(CUSTOM_VIAL_MAX_GBQ, custom_vial_max_gbq, "GBq"),
	FIELD(LUNG_DOSE_LIMIT_SESSION_GY, lung_dose_limit_session_gy, "Gy"),
	FIELD(LUNG_DOSE_LIMIT_CUMULATIVE_GY, lung_dose_limit_cumulative_gy, "Gy"),
	FIELD(LUNG_ACTIVITY_LIMIT_GBQ, lung_activity_limit_gbq, "GBq"),
	FIELD(NORMAL_LIVER_DOSE_LIMIT_GY, normal_liver_dose_limit_gy, "Gy"),
	FIELD(NORMAL_PERFUSED_DOSE_LIMIT_GY, normal_perfused_dose_limit_gy, "Gy"),
	FIELD(TUMOR_DOSE_TARGET_GY, tumor_dose_target_gy, "Gy"),
	FIELD(WHOLE_LIVER_DOSE_TARGET_GY, whole_liver_dose_target_gy, "Gy"),
	FIELD(PNEUMONITIS_THRESHOLD_GY, pneumonitis_threshold_gy, "Gy"),
	FIELD(USE_WINDOW_START_H, use_window_start_h, "h"),
	FIELD(USE_WINDOW_END_H, use_window_end_h, "h"),
};

#define PRODUCT_FIELD_COUNT (sizeof product_fields / sizeof product_fields[0])

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
	failed |= add(object, "identity_source",
		      text_or_null(radioembo_product_identity_source(product)));
	failed |= add(object, "vial_sizes_gbq", vials);
	failed |= add(object, "vial_sizes_source",
		      text_or_null(radioembo_product_vial_sizes_source(product)));
	failed |= add(object, "fields", fields);
	for (i = 0; i < PRODUCT_FIELD_COUNT && !failed; i++) {
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
		failed |= add(entry, "source",
			      text_or_null(radioembo_product_field_source(product, f->field)));
	}
	return failed;
}

/* One row: a name, a value and the library's source ("-" when it cites none). */
static void text_row(FILE *out, const char *name, const char *value, const char *source)
{
	fprintf(out, "  %-30s  %-16s  %s\n", name, value, source != NULL ? source : "-");
}

static void product_text(const radioembo_product *product, FILE *out)
{
	const char *source = radioembo_product_identity_source(product);
	radioembo_product_kind kind = RADIOEMBO_PRODUCT_KIND_OTHER;
	radioembo_nuclide nuclide = RADIOEMBO_NUCLIDE_Y90;
	double sizes[32], value;
	char text[32 * 24 + 8];
	size_t count = 0, used = 0, i;

	radioembo_product_get_kind(product, &kind);
	radioembo_product_get_nuclide(product, &nuclide);
	fprintf(out, "%s (%s, %s)  %s\n", radioembo_product_name(product),
		radioembo_product_kind_name(kind), radioembo_nuclide_name(nuclide),
		source != NULL ? source : "-");
	radioembo_product_get_vial_sizes_gbq(product, sizes, 32, &count);
	text[0] = '\0';
	for (i = 0; i < count && i < 32; i++)
		used += (size_t)snprintf(text + used, sizeof text - used, "%s%g", i ? " " : "",
					 sizes[i]);
	text_row(out, "vial_sizes_gbq", count == 0 ? "none" : text,
		 radioembo_product_vial_sizes_source(product));
	for (i = 0; i < PRODUCT_FIELD_COUNT; i++) {
		const struct product_field *f = &product_fields[i];
		if (f->get(product, &value) == RADIOEMBO_OK)
			snprintf(text, sizeof text, "%g %s", value, f->unit);
		else
			snprintf(text, sizeof text, "unset");
		text_row(out, radioembo_product_field_name(f->field), text,
			 radioembo_product_field_source(product, f->field));
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
		options_help(
			stdout, "radioembo products [--format text|json]",
			"Lists the built-in product catalogue: every field, its value and unit, "
			"and its source\n(entries of radioembo-sources(7), document, "
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
		failed = cli_write_json(output.stream, root) != 0;
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
