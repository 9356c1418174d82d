/*
 * radioembo(1): the case reader. A case file (radioembo-case(5)) is JSON, parsed by jansson,
 * checked key by key (unknown keys are errors: a typo must not be ignored), and turned into
 * library objects. Values are validated by the library's own setters, whose messages name
 * the parameter and the value; this reader adds the key's path in the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "case_reader.h"
#include "product_fields.h"

#define PATH_SIZE 160

struct reader {
	struct cli_error *err;
	struct radioembo_case *c;
	json_t *territories; /* the "territories" array, or NULL */
	json_t *lesions;     /* the "lesions" array, or NULL */
};

/* ---- messages ------------------------------------------------------------------------ */

/* A value as JSON text, shortened for a one-line message. */
static void value_text(json_t *value, char *text, size_t size)
{
	char *dump = json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(15));
	size_t length;

	if (dump == NULL) {
		snprintf(text, size, "(a value)");
		return;
	}
	length = strlen(dump);
	if (length > 60)
		snprintf(text, size, "%.57s...", dump);
	else
		snprintf(text, size, "%s", dump);
	free(dump);
}

static const char *type_name(json_t *value)
{
	switch (json_typeof(value)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

static int wrong_type(struct reader *r, const char *path, json_t *value,
		      const char *expected)
{
	char text[80];

	value_text(value, text, sizeof text);
	return cli_fail(r->err, CLI_EXIT_USAGE, "%s: expected %s, got %s %s", path, expected,
			type_name(value), text);
}

/* A library setter refused value at path: its message names the parameter and value. */
static int library_refused(struct reader *r, int rc, const char *path, json_t *value)
{
	char text[80];

	value_text(value, text, sizeof text);
	return cli_fail(r->err, cli_status_from_library(rc), "%s = %s: %s", path, text,
			rc == RADIOEMBO_ENOMEM ? "out of memory" : radioembo_last_error_message());
}

/* Paths are for messages: a very long key is cut short. */
static void join(char *out, const char *parent, const char *key)
{
	int n = parent[0] == '\0' ? snprintf(out, PATH_SIZE, "%s", key)
				  : snprintf(out, PATH_SIZE, "%s.%s", parent, key);
	if (n < 0)
		out[0] = '\0';
}

static void join_index(char *out, const char *parent, size_t index);

/*
 * A library call refused one of several members of object: report the member whose key
 * the library's message names (its parameters are named like the keys), else the object.
 */
static int refused_member(struct reader *r, int rc, const char *path, json_t *object,
			  const char *const *keys)
{
	const char *message = radioembo_last_error_message();
	char where[PATH_SIZE];
	size_t i;

	for (i = 0; keys[i] != NULL; i++)
		if (strncmp(message, keys[i], strlen(keys[i])) == 0 &&
		    json_object_get(object, keys[i]) != NULL) {
			join(where, path, keys[i]);
			return library_refused(r, rc, where, json_object_get(object, keys[i]));
		}
	return library_refused(r, rc, path, object);
}

static void join_index(char *out, const char *parent, size_t index)
{
	int n = snprintf(out, PATH_SIZE, "%s[%zu]", parent, index);
	if (n < 0)
		out[0] = '\0';
}

/* ---- shapes -------------------------------------------------------------------------- */

/* Every key of object must be one of allowed (NULL-terminated). */
static int check_keys(struct reader *r, json_t *object, const char *path,
		      const char *const *allowed)
{
	const char *key;
	json_t *value;
	char where[PATH_SIZE], list[400];
	size_t i, used = 0;

	json_object_foreach(object, key, value) {
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(key, allowed[i]) == 0)
				break;
		if (allowed[i] != NULL)
			continue;
		list[0] = '\0';
		for (i = 0; allowed[i] != NULL && used < sizeof list; i++)
			used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
						 i ? ", " : "", allowed[i]);
		join(where, path, key);
		return cli_fail(r->err, CLI_EXIT_USAGE, "%s: unknown key (expected one of: %s)",
				where, list);
	}
	return 0;
}

static int require_object(struct reader *r, json_t *value, const char *path,
			  const char *const *allowed)
{
	if (!json_is_object(value))
		return wrong_type(r, path, value, "an object");
	return check_keys(r, value, path, allowed);
}

/* A member that must be present (required) or may be absent; null counts as absent. */
static json_t *member(json_t *object, const char *key)
{
	json_t *value = json_object_get(object, key);

	return json_is_null(value) ? NULL : value;
}

static int missing(struct reader *r, const char *path, const char *key)
{
	char where[PATH_SIZE];

	join(where, path, key);
	return cli_fail(r->err, CLI_EXIT_USAGE, "%s: required key is missing", where);
}

/* *present_out (may be NULL if required) tells whether the key was there. */
static int get_number(struct reader *r, json_t *object, const char *path,
		      const char *key, int required, double *value_out, int *present_out)
{
	json_t *value = member(object, key);
	char where[PATH_SIZE];

	if (present_out != NULL)
		*present_out = 0;
	if (value == NULL)
		return required ? missing(r, path, key) : 0;
	join(where, path, key);
	if (!json_is_number(value))
		return wrong_type(r, where, value, "a number");
	*value_out = json_number_value(value);
	if (present_out != NULL)
		*present_out = 1;
	return 0;
}

static int get_string(struct reader *r, json_t *object, const char *path,
		      const char *key, int required, const char **value_out)
{
	json_t *value = member(object, key);
	char where[PATH_SIZE];

	*value_out = NULL;
	if (value == NULL)
		return required ? missing(r, path, key) : 0;
	join(where, path, key);
	if (!json_is_string(value))
		return wrong_type(r, where, value, "a string");
	*value_out = json_string_value(value);
	return 0;
}

/* Runs a library call on a member's value and reports a refusal at path.key. */
#define APPLY(r, object, path, key, call)                                                    \
	do {                                                                                  \
		int apply_rc_ = (call);                                                      \
		if (apply_rc_ != RADIOEMBO_OK) {                                             \
			char apply_where_[PATH_SIZE];                                        \
			join(apply_where_, path, key);                                       \
			return library_refused(r, apply_rc_, apply_where_,                   \
					       json_object_get(object, key));                \
		}                                                                             \
	} while (0)

static int get_instant(struct reader *r, json_t *object, const char *path,
		       const char *key, int required, int64_t *seconds_out, int *present_out)
{
	const char *text;
	int rc;

	*present_out = 0;
	if ((rc = get_string(r, object, path, key, required, &text)) || text == NULL)
		return rc;
	APPLY(r, object, path, key, radioembo_time_parse_iso8601(text, seconds_out));
	*present_out = 1;
	return 0;
}

static int duplicate_string(struct reader *r, const char *text, char **copy_out)
{
	size_t size = strlen(text) + 1;

	if ((*copy_out = malloc(size)) == NULL)
		return cli_fail(r->err, CLI_EXIT_INTERNAL, "out of memory");
	memcpy(*copy_out, text, size);
	return 0;
}

/* Index of the element of array whose "label" is label, or -1. */
static long find_label(json_t *array, const char *label)
{
	size_t i;
	json_t *element;

	json_array_foreach(array, i, element) {
		json_t *value = json_object_get(element, "label");
		if (json_is_string(value) && strcmp(json_string_value(value), label) == 0)
			return (long)i;
	}
	return -1;
}

/* ---- product ------------------------------------------------------------------------- */

static int apply_overrides(struct reader *r, json_t *overrides, const char *path)
{
	const char *key;
	json_t *value;
	char where[PATH_SIZE];
	int pass, failed = 0, rc = RADIOEMBO_OK;

	if (!json_is_object(overrides))
		return wrong_type(r, path, overrides, "an object");
	json_object_foreach(overrides, key, value) {
		join(where, path, key);
		if (product_field_find(key) == NULL)
			return cli_fail(r->err, CLI_EXIT_USAGE,
					"%s: unknown product field (see radioembo products)", where);
		if (!json_is_number(value))
			return wrong_type(r, where, value, "a number");
	}
	/*
	 * Two passes, so that a minimum and its maximum may both move past each other's old
	 * value whatever their order in the file; the second pass reports what still fails.
	 */
	for (pass = 0; pass < 2; pass++) {
		failed = 0;
		json_object_foreach(overrides, key, value) {
			const struct product_field *field = product_field_find(key);
			double wanted = json_number_value(value), now;
			if (field->get(r->c->product, &now) == RADIOEMBO_OK && now == wanted)
				continue;
			if ((rc = field->set(r->c->product, wanted)) != RADIOEMBO_OK) {
				if (rc == RADIOEMBO_ENOMEM || pass == 1) {
					join(where, path, key);
					return library_refused(r, rc, where, value);
				}
				failed = 1;
			}
		}
		if (!failed)
			break;
	}
	return 0;
}

static int apply_unset(struct reader *r, json_t *unset, const char *path)
{
	size_t i;
	json_t *value;
	char where[PATH_SIZE];

	if (!json_is_array(unset))
		return wrong_type(r, path, unset, "an array of field names");
	json_array_foreach(unset, i, value) {
		const struct product_field *field;
		join_index(where, path, i);
		if (!json_is_string(value))
			return wrong_type(r, where, value, "a field name");
		if ((field = product_field_find(json_string_value(value))) == NULL)
			return cli_fail(r->err, CLI_EXIT_USAGE,
					"%s = \"%s\": unknown product field (see radioembo products)",
					where, json_string_value(value));
		if (radioembo_product_unset(r->c->product, field->field) != RADIOEMBO_OK)
			return library_refused(r, RADIOEMBO_EINTERNAL, where, value);
	}
	return 0;
}

static int read_vial_sizes(struct reader *r, json_t *sizes, const char *path)
{
	double *values;
	size_t i, n;
	json_t *value;
	char where[PATH_SIZE];
	int rc;

	if (!json_is_array(sizes))
		return wrong_type(r, path, sizes, "an array of numbers");
	n = json_array_size(sizes);
	if ((values = malloc((n + 1) * sizeof *values)) == NULL)
		return cli_fail(r->err, CLI_EXIT_INTERNAL, "out of memory");
	json_array_foreach(sizes, i, value) {
		if (!json_is_number(value)) {
			free(values);
			join_index(where, path, i);
			return wrong_type(r, where, value, "a number");
		}
		values[i] = json_number_value(value);
	}
	rc = radioembo_product_set_vial_sizes_gbq(r->c->product, values, n);
	free(values);
	if (rc != RADIOEMBO_OK)
		return library_refused(r, rc, path, sizes);
	return 0;
}

static int read_product(struct reader *r, json_t *product)
{
	static const char *const keys[] = { "name", "overrides", "unset", "vial_sizes_gbq", NULL };
	const char *name;
	json_t *value;
	int rc;

	if (product == NULL)
		return missing(r, "", "product");
	if (json_is_string(product)) {
		name = json_string_value(product);
		value = product;
	} else {
		if ((rc = require_object(r, product, "product", keys)) ||
		    (rc = get_string(r, product, "product", "name", 1, &name)))
			return rc;
		value = json_object_get(product, "name");
	}
	rc = radioembo_product_new_builtin(name, &r->c->product);
	if (rc == RADIOEMBO_ENOTFOUND) {
		char text[80];
		value_text(value, text, sizeof text);
		return cli_fail(r->err, CLI_EXIT_USAGE,
				"%s = %s: unknown product (known: TheraSphere, SIR-Spheres, "
				"QuiremSpheres, or glass, resin, holmium)",
				json_is_string(product) ? "product" : "product.name", text);
	}
	if (rc != RADIOEMBO_OK)
		return library_refused(r, rc, "product.name", value);
	if (json_is_string(product))
		return 0;
	if ((value = member(product, "unset")) != NULL &&
	    (rc = apply_unset(r, value, "product.unset")))
		return rc;
	if ((value = member(product, "vial_sizes_gbq")) != NULL &&
	    (rc = read_vial_sizes(r, value, "product.vial_sizes_gbq")))
		return rc;
	if ((value = member(product, "overrides")) != NULL &&
	    (rc = apply_overrides(r, value, "product.overrides")))
		return rc;
	return 0;
}

/* ---- liver, territories, lesions ----------------------------------------------------- */

static int read_liver(struct reader *r, json_t *liver)
{
	static const char *const keys[] = { "volume_ml", "density_g_per_ml", NULL };
	double volume_ml, density;
	int rc;

	if (liver == NULL)
		return missing(r, "", "liver");
	if ((rc = require_object(r, liver, "liver", keys)) ||
	    (rc = get_number(r, liver, "liver", "volume_ml", 1, &volume_ml, NULL)) ||
	    (rc = get_number(r, liver, "liver", "density_g_per_ml", 1, &density, NULL)))
		return rc;
	rc = radioembo_liver_new(volume_ml, density, &r->c->liver);
	if (rc != RADIOEMBO_OK) {
		/* Name the key whose value the library refused. */
		const char *key = strstr(radioembo_last_error_message(), "density") != NULL
					  ? "density_g_per_ml"
					  : "volume_ml";
		APPLY(r, liver, "liver", key, rc);
	}
	return 0;
}

static int read_territories(struct reader *r, json_t *territories)
{
	static const char *const keys[] = { "label", "volume_ml", NULL };
	size_t i;
	json_t *territory;
	char path[PATH_SIZE];
	int rc;

	if (territories == NULL)
		return 0;
	if (!json_is_array(territories))
		return wrong_type(r, "territories", territories, "an array");
	r->territories = territories;
	json_array_foreach(territories, i, territory) {
		const char *label;
		double volume_ml;
		join_index(path, "territories", i);
		if ((rc = require_object(r, territory, path, keys)) ||
		    (rc = get_string(r, territory, path, "label", 1, &label)) ||
		    (rc = get_number(r, territory, path, "volume_ml", 1, &volume_ml, NULL)))
			return rc;
		if (find_label(territories, label) != (long)i)
			return cli_fail(r->err, CLI_EXIT_USAGE,
					"%s.label = \"%s\": a territory of that label comes earlier",
					path, label);
		rc = radioembo_liver_add_territory(r->c->liver, label, volume_ml, NULL);
		if (rc != RADIOEMBO_OK) {
			const char *key = strstr(radioembo_last_error_message(), "label") != NULL
						  ? "label"
						  : "volume_ml";
			APPLY(r, territory, path, key, rc);
		}
	}
	return 0;
}

static int read_counts(struct reader *r, radioembo_lesion *lesion, json_t *counts,
		       const char *path)
{
	static const char *const keys[] = { "tumor_counts", "normal_counts", "normal_volume_ml",
					    NULL };
	double tumor, normal, normal_ml;
	int rc;

	if ((rc = require_object(r, counts, path, keys)) ||
	    (rc = get_number(r, counts, path, "tumor_counts", 1, &tumor, NULL)) ||
	    (rc = get_number(r, counts, path, "normal_counts", 1, &normal, NULL)) ||
	    (rc = get_number(r, counts, path, "normal_volume_ml", 1, &normal_ml, NULL)))
		return rc;
	rc = radioembo_lesion_set_tnr_from_counts(lesion, tumor, normal, normal_ml);
	if (rc != RADIOEMBO_OK)
		return refused_member(r, rc, path, counts, keys);
	return 0;
}

static int read_lesion(struct reader *r, json_t *data, size_t i)
{
	static const char *const keys[] = { "label", "volume_ml", "density_g_per_ml", "tnr",
					    "counts", "target_dose_gy", "territory", NULL };
	radioembo_lesion *lesion = NULL;
	const char *label, *territory;
	double volume_ml, value;
	char path[PATH_SIZE], where[PATH_SIZE];
	int present, rc;
	size_t index;
	long t;

	join_index(path, "lesions", i);
	if ((rc = require_object(r, data, path, keys)) ||
	    (rc = get_string(r, data, path, "label", 1, &label)) ||
	    (rc = get_number(r, data, path, "volume_ml", 1, &volume_ml, NULL)) ||
	    (rc = get_string(r, data, path, "territory", 0, &territory)))
		return rc;
	if (find_label(r->lesions, label) != (long)i)
		return cli_fail(r->err, CLI_EXIT_USAGE,
				"%s.label = \"%s\": a lesion of that label comes earlier", path, label);
	if (member(data, "tnr") != NULL && member(data, "counts") != NULL)
		return cli_fail(r->err, CLI_EXIT_USAGE,
				"%s: give either tnr or counts, not both", path);
	rc = radioembo_lesion_new(label, volume_ml, &lesion);
	if (rc != RADIOEMBO_OK)
		APPLY(r, data, path,
		      strstr(radioembo_last_error_message(), "label") ? "label" : "volume_ml", rc);
#define LESION_STEP(expr)                                                                   \
	do {                                                                                 \
		if ((rc = (expr)) != 0) {                                                   \
			radioembo_lesion_free(lesion);                                      \
			return rc;                                                          \
		}                                                                            \
	} while (0)
#define LESION_SET(key, call)                                                               \
	do {                                                                                 \
		LESION_STEP(get_number(r, data, path, key, 0, &value, &present));           \
		if (present && (rc = (call)) != RADIOEMBO_OK) {                             \
			radioembo_lesion_free(lesion);                                      \
			join(where, path, key);                                             \
			return library_refused(r, rc, where, json_object_get(data, key));   \
		}                                                                            \
	} while (0)
	LESION_SET("density_g_per_ml", radioembo_lesion_set_density_g_per_ml(lesion, value));
	LESION_SET("tnr", radioembo_lesion_set_tnr(lesion, value));
	LESION_SET("target_dose_gy", radioembo_lesion_set_target_dose_gy(lesion, value));
	if (member(data, "counts") != NULL) {
		join(where, path, "counts");
		LESION_STEP(read_counts(r, lesion, member(data, "counts"), where));
	}
	rc = radioembo_liver_add_lesion(r->c->liver, lesion, &index);
	radioembo_lesion_free(lesion);
#undef LESION_SET
#undef LESION_STEP
	if (rc != RADIOEMBO_OK)
		return library_refused(r, rc, path, data);
	if (territory == NULL)
		return 0;
	join(where, path, "territory");
	if (r->territories == NULL || (t = find_label(r->territories, territory)) < 0)
		return cli_fail(r->err, CLI_EXIT_USAGE,
				"%s = \"%s\": no territory of that label in \"territories\"", where,
				territory);
	APPLY(r, data, path, "territory",
	      radioembo_liver_assign_lesion(r->c->liver, index, (size_t)t));
	return 0;
}

static int read_lesions(struct reader *r, json_t *lesions)
{
	size_t i;
	json_t *lesion;
	int rc;

	if (lesions == NULL)
		return 0;
	if (!json_is_array(lesions))
		return wrong_type(r, "lesions", lesions, "an array");
	r->lesions = lesions;
	json_array_foreach(lesions, i, lesion)
		if ((rc = read_lesion(r, lesion, i)))
			return rc;
	return 0;
}

/* ---- lungs --------------------------------------------------------------------------- */

static int read_planar_counts(struct reader *r, json_t *counts)
{
	static const char *const keys[] = { "lung_anterior", "lung_posterior", "liver_anterior",
					    "liver_posterior", NULL };
	const char *path = "lungs.planar_counts";
	double v[4];
	int i, rc;

	if ((rc = require_object(r, counts, path, keys)))
		return rc;
	for (i = 0; i < 4; i++)
		if ((rc = get_number(r, counts, path, keys[i], 1, &v[i], NULL)))
			return rc;
	rc = radioembo_lung_set_lsf_from_counts(r->c->lung, v[0], v[1], v[2], v[3]);
	if (rc != RADIOEMBO_OK)
		return refused_member(r, rc, path, counts, keys);
	return 0;
}

static int read_lungs(struct reader *r, json_t *lungs)
{
	static const char *const keys[] = { "lsf",       "planar_counts",    "mass_kg",
					    "volume_ml", "density_g_per_ml", "prior_doses_gy",
					    NULL };
	double value, volume_ml, density;
	int present, has_volume, has_density, rc;
	json_t *priors, *dose;
	char where[PATH_SIZE];
	size_t i;

	if (lungs == NULL)
		return missing(r, "", "lungs");
	if ((rc = require_object(r, lungs, "lungs", keys)))
		return rc;
	if ((member(lungs, "lsf") != NULL) == (member(lungs, "planar_counts") != NULL))
		return cli_fail(r->err, CLI_EXIT_USAGE,
				"lungs: give exactly one of lsf (a fraction 0..1) and planar_counts");
	if ((rc = radioembo_lung_new(&r->c->lung)) != RADIOEMBO_OK)
		return library_refused(r, rc, "lungs", lungs);
	if ((rc = get_number(r, lungs, "lungs", "lsf", 0, &value, &present)))
		return rc;
	if (present)
		APPLY(r, lungs, "lungs", "lsf", radioembo_lung_set_lsf(r->c->lung, value));
	else if ((rc = read_planar_counts(r, member(lungs, "planar_counts"))))
		return rc;
	if ((rc = get_number(r, lungs, "lungs", "mass_kg", 0, &value, &present)))
		return rc;
	if (present)
		APPLY(r, lungs, "lungs", "mass_kg", radioembo_lung_set_mass_kg(r->c->lung, value));
	if ((rc = get_number(r, lungs, "lungs", "volume_ml", 0, &volume_ml, &has_volume)) ||
	    (rc = get_number(r, lungs, "lungs", "density_g_per_ml", 0, &density, &has_density)))
		return rc;
	if (has_volume != has_density || (has_volume && present))
		return cli_fail(r->err, CLI_EXIT_USAGE,
				"lungs: give the lung mass as mass_kg, or as volume_ml with "
				"density_g_per_ml, not both");
	if (has_volume)
		APPLY(r, lungs, "lungs",
		      strstr(radioembo_last_error_message(), "density") ? "density_g_per_ml"
									: "volume_ml",
		      radioembo_lung_set_mass_from_volume(r->c->lung, volume_ml, density));
	if ((priors = member(lungs, "prior_doses_gy")) == NULL)
		return 0;
	if (!json_is_array(priors))
		return wrong_type(r, "lungs.prior_doses_gy", priors, "an array of numbers");
	json_array_foreach(priors, i, dose) {
		join_index(where, "lungs.prior_doses_gy", i);
		if (!json_is_number(dose))
			return wrong_type(r, where, dose, "a number");
		if ((rc = radioembo_lung_add_prior_dose_gy(r->c->lung, json_number_value(dose))))
			return library_refused(r, rc, where, dose);
	}
	return 0;
}

/* ---- the plan's settings ------------------------------------------------------------- */

static int read_treated_territory(struct reader *r, json_t *root)
{
	const char *label;
	long t;
	int rc;

	if ((rc = get_string(r, root, "", "treated_territory", 0, &label)) || label == NULL)
		return rc;
	if (r->territories == NULL || (t = find_label(r->territories, label)) < 0)
		return cli_fail(r->err, CLI_EXIT_USAGE,
				"treated_territory = \"%s\": no territory of that label in "
				"\"territories\"",
				label);
	APPLY(r, root, "", "treated_territory", radioembo_plan_set_territory(r->c->plan, (size_t)t));
	return duplicate_string(r, label, &r->c->treated_territory);
}

static int read_patient(struct reader *r, json_t *patient)
{
	static const char *const keys[] = { "height_cm", "weight_kg", NULL };
	struct radioembo_case *c = r->c;
	int rc;

	if (patient == NULL)
		return 0;
	if ((rc = require_object(r, patient, "patient", keys)) ||
	    (rc = get_number(r, patient, "patient", "height_cm", 1, &c->height_cm, NULL)) ||
	    (rc = get_number(r, patient, "patient", "weight_kg", 1, &c->weight_kg, NULL)))
		return rc;
	rc = radioembo_plan_set_patient_size(c->plan, c->height_cm, c->weight_kg);
	if (rc != RADIOEMBO_OK)
		APPLY(r, patient, "patient",
		      strstr(radioembo_last_error_message(), "weight") ? "weight_kg" : "height_cm",
		      rc);
	c->has_patient = 1;
	return 0;
}

static int read_timing(struct reader *r, json_t *timing)
{
	static const char *const keys[] = { "treatment", "calibration", NULL };
	struct radioembo_case *c = r->c;
	int rc;

	if (timing == NULL)
		return 0;
	if ((rc = require_object(r, timing, "timing", keys)) ||
	    (rc = get_instant(r, timing, "timing", "treatment", 0, &c->treatment_s,
			      &c->has_treatment)) ||
	    (rc = get_instant(r, timing, "timing", "calibration", 0, &c->calibration_s,
			      &c->has_calibration)))
		return rc;
	if (c->has_treatment)
		APPLY(r, timing, "timing", "treatment",
		      radioembo_plan_set_treatment_s(c->plan, c->treatment_s));
	if (c->has_calibration)
		APPLY(r, timing, "timing", "calibration",
		      radioembo_plan_set_calibration_s(c->plan, c->calibration_s));
	return 0;
}

static int read_vial(struct reader *r, json_t *data)
{
	static const char *const keys[] = { "activity_gbq", "calibration", "volume_ml", "assay",
					    NULL };
	static const char *const assay_keys[] = { "activity_gbq", "measured", NULL };
	radioembo_vial *vial = NULL;
	double activity, volume_ml;
	int64_t calibration_s, measured_s;
	int present, rc;
	json_t *assay;

	if (data == NULL)
		return 0;
	if ((rc = require_object(r, data, "vial", keys)) ||
	    (rc = get_number(r, data, "vial", "activity_gbq", 1, &activity, NULL)) ||
	    (rc = get_instant(r, data, "vial", "calibration", 1, &calibration_s, &present)) ||
	    (rc = get_number(r, data, "vial", "volume_ml", 0, &volume_ml, &present)))
		return rc;
	APPLY(r, data, "vial", "activity_gbq",
	      radioembo_vial_new(r->c->product, activity, calibration_s, &vial));
	if (present && (rc = radioembo_vial_set_volume_ml(vial, volume_ml)) != RADIOEMBO_OK) {
		radioembo_vial_free(vial);
		APPLY(r, data, "vial", "volume_ml", rc);
	}
	rc = radioembo_plan_set_vial(r->c->plan, vial);
	radioembo_vial_free(vial);
	if (rc != RADIOEMBO_OK)
		return library_refused(r, rc, "vial", data);
	r->c->has_vial = 1;
	r->c->vial_activity_gbq = activity;
	r->c->vial_calibration_s = calibration_s;
	if ((assay = member(data, "assay")) == NULL)
		return 0;
	if ((rc = require_object(r, assay, "vial.assay", assay_keys)) ||
	    (rc = get_number(r, assay, "vial.assay", "activity_gbq", 1, &activity, NULL)) ||
	    (rc = get_instant(r, assay, "vial.assay", "measured", 1, &measured_s, &present)))
		return rc;
	APPLY(r, assay, "vial.assay", "activity_gbq",
	      radioembo_plan_set_vial_assay(r->c->plan, activity, measured_s));
	return 0;
}

static const struct {
	const char *key;
	radioembo_model model;
} model_keys[] = {
	{ "single_compartment", RADIOEMBO_MODEL_SINGLE_COMPARTMENT },
	{ "partition", RADIOEMBO_MODEL_PARTITION },
	{ "bsa", RADIOEMBO_MODEL_BSA },
	{ "ho166_whole_liver", RADIOEMBO_MODEL_HO166_WHOLE_LIVER },
};

const char *case_model_key(radioembo_model model)
{
	size_t i;

	for (i = 0; i < sizeof model_keys / sizeof model_keys[0]; i++)
		if (model_keys[i].model == model)
			return model_keys[i].key;
	return NULL;
}

static int read_model(struct reader *r, json_t *prescription)
{
	const char *name;
	size_t i;
	int rc;

	if ((rc = get_string(r, prescription, "prescription", "model", 0, &name)) || name == NULL)
		return rc;
	for (i = 0; i < sizeof model_keys / sizeof model_keys[0]; i++)
		if (strcmp(name, model_keys[i].key) == 0) {
			r->c->model = model_keys[i].model;
			return 0;
		}
	return cli_fail(r->err, CLI_EXIT_USAGE,
			"prescription.model = \"%s\": unknown model (expected one of: "
			"single_compartment, partition, bsa, ho166_whole_liver)",
			name);
}

static int read_prescription(struct reader *r, json_t *p)
{
	static const char *const max_safe_keys[] = { "kind", "model", NULL };
	static const char *const activity_keys[] = { "kind", "activity_gbq", "model", NULL };
	static const char *const perfused_keys[] = { "kind", "dose_gy", "model", NULL };
	static const char *const tumor_keys[] = { "kind", "lesion", "dose_gy", "model", NULL };
	struct radioembo_case *c = r->c;
	const char *kind, *label;
	long lesion;
	int rc;

	c->prescription = RADIOEMBO_PRESCRIBE_MAX_SAFE;
	if (p == NULL)
		return radioembo_plan_prescribe_max_safe(c->plan) ? library_refused(
									    r, RADIOEMBO_EINTERNAL,
									    "prescription", p)
								  : 0;
	if (!json_is_object(p))
		return wrong_type(r, "prescription", p, "an object");
	if ((rc = get_string(r, p, "prescription", "kind", 1, &kind)))
		return rc;
	if (strcmp(kind, "max_safe") == 0) {
		if ((rc = check_keys(r, p, "prescription", max_safe_keys)) ||
		    (rc = read_model(r, p)))
			return rc;
		APPLY(r, p, "prescription", "kind", radioembo_plan_prescribe_max_safe(c->plan));
	} else if (strcmp(kind, "activity_gbq") == 0) {
		c->prescription = RADIOEMBO_PRESCRIBE_ACTIVITY;
		if ((rc = check_keys(r, p, "prescription", activity_keys)) ||
		    (rc = read_model(r, p)) ||
		    (rc = get_number(r, p, "prescription", "activity_gbq", 1, &c->prescribed_value,
				     NULL)))
			return rc;
		APPLY(r, p, "prescription", "activity_gbq",
		      radioembo_plan_prescribe_activity_gbq(c->plan, c->prescribed_value));
	} else if (strcmp(kind, "perfused_dose_gy") == 0) {
		c->prescription = RADIOEMBO_PRESCRIBE_PERFUSED_DOSE;
		if ((rc = check_keys(r, p, "prescription", perfused_keys)) ||
		    (rc = read_model(r, p)) ||
		    (rc = get_number(r, p, "prescription", "dose_gy", 1, &c->prescribed_value, NULL)))
			return rc;
		APPLY(r, p, "prescription", "dose_gy",
		      radioembo_plan_prescribe_perfused_dose_gy(c->plan, c->prescribed_value));
	} else if (strcmp(kind, "tumor_dose_gy") == 0) {
		c->prescription = RADIOEMBO_PRESCRIBE_TUMOR_DOSE;
		if ((rc = check_keys(r, p, "prescription", tumor_keys)) ||
		    (rc = read_model(r, p)) ||
		    (rc = get_string(r, p, "prescription", "lesion", 1, &label)) ||
		    (rc = get_number(r, p, "prescription", "dose_gy", 1, &c->prescribed_value, NULL)))
			return rc;
		if (r->lesions == NULL || (lesion = find_label(r->lesions, label)) < 0)
			return cli_fail(r->err, CLI_EXIT_USAGE,
					"prescription.lesion = \"%s\": no lesion of that label in "
					"\"lesions\"",
					label);
		c->prescribed_lesion = (size_t)lesion;
		{
			json_t *data = json_array_get(r->lesions, (size_t)lesion);
			const char *territory = NULL;
			json_t *value = member(data, "territory");
			if (json_is_string(value))
				territory = json_string_value(value);
			if (member(data, "tnr") == NULL && member(data, "counts") == NULL)
				return cli_fail(r->err, CLI_EXIT_USAGE,
						"prescription.lesion = \"%s\": the lesion has neither "
						"tnr nor counts, so the partition model cannot aim at it",
						label);
			if (c->treated_territory != NULL &&
			    (territory == NULL || strcmp(territory, c->treated_territory) != 0))
				return cli_fail(r->err, CLI_EXIT_USAGE,
						"prescription.lesion = \"%s\": the lesion is not in the "
						"treated territory \"%s\"",
						label, c->treated_territory);
		}
		APPLY(r, p, "prescription", "dose_gy",
		      radioembo_plan_prescribe_tumor_dose_gy(c->plan, (size_t)lesion,
							     c->prescribed_value));
	} else {
		return cli_fail(r->err, CLI_EXIT_USAGE,
				"prescription.kind = \"%s\": unknown prescription (expected one of: "
				"max_safe, activity_gbq, perfused_dose_gy, tumor_dose_gy)",
				kind);
	}
	return 0;
}

/* ---- uncertainty --------------------------------------------------------------------- */

static const struct {
	const char *key;
	radioembo_propagation_method method;
} method_keys[] = {
	{ "analytic", RADIOEMBO_PROPAGATION_ANALYTIC },
	{ "monte_carlo", RADIOEMBO_PROPAGATION_MONTE_CARLO },
};

/* In the order of radioembo_uncertain_input, which is the order of the report. */
static const struct {
	const char *key;
	radioembo_uncertain_input input;
} input_keys[] = {
	{ "activity", RADIOEMBO_INPUT_ACTIVITY },
	{ "residual_fraction", RADIOEMBO_INPUT_RESIDUAL_FRACTION },
	{ "lsf", RADIOEMBO_INPUT_LSF },
	{ "treated_volume", RADIOEMBO_INPUT_TREATED_VOLUME },
	{ "liver_volume", RADIOEMBO_INPUT_LIVER_VOLUME },
	{ "lesion_volume", RADIOEMBO_INPUT_LESION_VOLUME },
	{ "tnr", RADIOEMBO_INPUT_TNR },
	{ "liver_density", RADIOEMBO_INPUT_LIVER_DENSITY },
	{ "lung_mass", RADIOEMBO_INPUT_LUNG_MASS },
};
#define INPUT_KEY_COUNT (sizeof input_keys / sizeof input_keys[0])

static const struct {
	const char *key;
	radioembo_distribution distribution;
} distribution_keys[] = {
	{ "normal", RADIOEMBO_DISTRIBUTION_NORMAL },
	{ "lognormal", RADIOEMBO_DISTRIBUTION_LOGNORMAL },
	{ "uniform", RADIOEMBO_DISTRIBUTION_UNIFORM },
};

const char *case_method_key(radioembo_propagation_method method)
{
	size_t i;

	for (i = 0; i < sizeof method_keys / sizeof method_keys[0]; i++)
		if (method_keys[i].method == method)
			return method_keys[i].key;
	return NULL;
}

radioembo_propagation_method case_method_from_key(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof method_keys / sizeof method_keys[0]; i++)
		if (strcmp(key, method_keys[i].key) == 0)
			return method_keys[i].method;
	return (radioembo_propagation_method)0;
}

const char *case_input_key(radioembo_uncertain_input input)
{
	size_t i;

	for (i = 0; i < INPUT_KEY_COUNT; i++)
		if (input_keys[i].input == input)
			return input_keys[i].key;
	return NULL;
}

const char *case_distribution_key(radioembo_distribution distribution)
{
	size_t i;

	for (i = 0; i < sizeof distribution_keys / sizeof distribution_keys[0]; i++)
		if (distribution_keys[i].distribution == distribution)
			return distribution_keys[i].key;
	return NULL;
}

/* An optional whole number within [low, high] (JSON integers only: 1e4 is a real). */
static int get_whole(struct reader *r, json_t *object, const char *path, const char *key,
		     double low, double high, double *value_out, int *present_out)
{
	json_t *value = member(object, key);
	char where[PATH_SIZE], text[80];

	*present_out = 0;
	if (value == NULL)
		return 0;
	join(where, path, key);
	if (!json_is_integer(value) || (double)json_integer_value(value) < low ||
	    (double)json_integer_value(value) > high) {
		value_text(value, text, sizeof text);
		return cli_fail(r->err, CLI_EXIT_USAGE, "%s = %s: expected an integer from %.17g to %.17g",
				where, text, low, high);
	}
	*value_out = (double)json_integer_value(value);
	*present_out = 1;
	return 0;
}

static int read_uncertain_input(struct reader *r, json_t *data, const char *path,
				radioembo_uncertain_input input)
{
	static const char *const keys[] = { "distribution", "spread", NULL };
	const char *name;
	double spread;
	size_t i;
	int rc;

	if ((rc = require_object(r, data, path, keys)) ||
	    (rc = get_string(r, data, path, "distribution", 1, &name)) ||
	    (rc = get_number(r, data, path, "spread", 1, &spread, NULL)))
		return rc;
	for (i = 0; i < sizeof distribution_keys / sizeof distribution_keys[0]; i++)
		if (strcmp(name, distribution_keys[i].key) == 0)
			break;
	if (i == sizeof distribution_keys / sizeof distribution_keys[0])
		return cli_fail(r->err, CLI_EXIT_USAGE,
				"%s.distribution = \"%s\": unknown distribution (expected one of: "
				"normal, lognormal, uniform)",
				path, name);
	APPLY(r, data, path, "spread",
	      radioembo_uncertainty_set_input(r->c->uncertainty, input,
					      distribution_keys[i].distribution, spread));
	return 0;
}

static int read_uncertainty(struct reader *r, json_t *u)
{
	static const char *const keys[] = { "method",    "model",  "seed", "samples",
					    "generator", "inputs", NULL };
	const char *input_names[INPUT_KEY_COUNT + 1];
	struct radioembo_case *c = r->c;
	const char *name, *generator;
	char where[PATH_SIZE];
	json_t *inputs, *data;
	double value;
	size_t i;
	int present, rc;

	c->seed = CASE_DEFAULT_SEED;
	c->samples = CASE_DEFAULT_SAMPLES;
	if (u == NULL)
		return 0;
	for (i = 0; i < INPUT_KEY_COUNT; i++)
		input_names[i] = input_keys[i].key;
	input_names[INPUT_KEY_COUNT] = NULL;
	if ((rc = require_object(r, u, "uncertainty", keys)) ||
	    (rc = get_string(r, u, "uncertainty", "method", 0, &name)))
		return rc;
	if (name != NULL && (c->uncertainty_method = case_method_from_key(name)) == 0)
		return cli_fail(r->err, CLI_EXIT_USAGE,
				"uncertainty.method = \"%s\": unknown method (expected one of: "
				"analytic, monte_carlo)",
				name);
	if ((rc = get_string(r, u, "uncertainty", "model", 0, &name)))
		return rc;
	if (name != NULL) {
		for (i = 0; i < sizeof model_keys / sizeof model_keys[0]; i++)
			if (strcmp(name, model_keys[i].key) == 0)
				c->uncertainty_model = model_keys[i].model;
		if (c->uncertainty_model == RADIOEMBO_MODEL_NONE)
			return cli_fail(r->err, CLI_EXIT_USAGE,
					"uncertainty.model = \"%s\": unknown model (expected one of: "
					"single_compartment, partition, bsa, ho166_whole_liver)",
					name);
	}
	if ((rc = get_whole(r, u, "uncertainty", "seed", 0, CASE_MAX_SEED, &value, &present)))
		return rc;
	if (present)
		c->seed = (uint64_t)value;
	if ((rc = get_whole(r, u, "uncertainty", "samples", 2, CASE_MAX_SAMPLES, &value,
			    &present)))
		return rc;
	if (present)
		c->samples = (size_t)value;
	if ((rc = get_string(r, u, "uncertainty", "generator", 0, &generator)))
		return rc;
	if ((inputs = member(u, "inputs")) == NULL)
		return missing(r, "uncertainty", "inputs");
	if ((rc = require_object(r, inputs, "uncertainty.inputs", input_names)))
		return rc;
	if (json_object_size(inputs) == 0)
		return cli_fail(r->err, CLI_EXIT_USAGE,
				"uncertainty.inputs: no input is given, so there is nothing to "
				"propagate");
	if ((rc = radioembo_uncertainty_new(&c->uncertainty)) != RADIOEMBO_OK)
		return library_refused(r, rc, "uncertainty", u);
	/* the library knows its generators: its message lists them */
	if (generator != NULL)
		APPLY(r, u, "uncertainty", "generator",
		      radioembo_uncertainty_set_generator(c->uncertainty, generator));
	for (i = 0; i < INPUT_KEY_COUNT; i++) {
		if ((data = member(inputs, input_keys[i].key)) == NULL)
			continue;
		join(where, "uncertainty.inputs", input_keys[i].key);
		if ((rc = read_uncertain_input(r, data, where, input_keys[i].input)))
			return rc;
	}
	return 0;
}

/* ---- the whole case ------------------------------------------------------------------ */

static int read_root(struct reader *r, json_t *root)
{
	static const char *const keys[] = {
		"schema_version", "id",      "description", "product",   "liver",
		"territories",    "lesions", "lungs",       "treated_territory",
		"prescription",   "timing",  "vial",        "patient",   "residual_fraction",
		"uncertainty",    NULL
	};
	struct radioembo_case *c = r->c;
	json_t *version;
	const char *text;
	double residual;
	int present, rc;

	if (!json_is_object(root))
		return wrong_type(r, "(the case)", root, "an object");
	if ((rc = check_keys(r, root, "", keys)))
		return rc;
	if ((version = member(root, "schema_version")) == NULL)
		return missing(r, "", "schema_version");
	if (!json_is_integer(version) || json_integer_value(version) != CASE_SCHEMA_VERSION) {
		char value[80];
		value_text(version, value, sizeof value);
		return cli_fail(r->err, CLI_EXIT_USAGE,
				"schema_version = %s: unsupported (this radioembo reads %d)", value,
				CASE_SCHEMA_VERSION);
	}
	if ((rc = get_string(r, root, "", "id", 0, &text)) ||
	    (text != NULL && (rc = duplicate_string(r, text, &c->id))) ||
	    (rc = get_string(r, root, "", "description", 0, &text)) ||
	    (text != NULL && (rc = duplicate_string(r, text, &c->description))))
		return rc;
	if ((rc = read_product(r, member(root, "product"))) ||
	    (rc = read_liver(r, member(root, "liver"))) ||
	    (rc = read_territories(r, member(root, "territories"))) ||
	    (rc = read_lesions(r, member(root, "lesions"))) ||
	    (rc = read_lungs(r, member(root, "lungs"))))
		return rc;
	if ((rc = radioembo_plan_new(c->product, c->liver, c->lung, &c->plan)) != RADIOEMBO_OK)
		return library_refused(r, rc, "(the case)", root);
	if ((rc = read_treated_territory(r, root)) ||
	    (rc = get_number(r, root, "", "residual_fraction", 0, &residual, &present)))
		return rc;
	if (present)
		APPLY(r, root, "", "residual_fraction",
		      radioembo_plan_set_residual_fraction(c->plan, residual));
	if ((rc = read_patient(r, member(root, "patient"))) ||
	    (rc = read_timing(r, member(root, "timing"))) ||
	    (rc = read_vial(r, member(root, "vial"))) ||
	    (rc = read_prescription(r, member(root, "prescription"))) ||
	    (rc = read_uncertainty(r, member(root, "uncertainty"))))
		return rc;
	return 0;
}

int case_read(const char *data, size_t size, struct radioembo_case **case_out,
	      struct cli_error *err)
{
	struct reader r = { err, NULL, NULL, NULL };
	json_error_t error;
	json_t *root;
	int rc;

	root = json_loadb(data, size, JSON_REJECT_DUPLICATES, &error);
	if (root == NULL) {
		if (json_error_code(&error) == json_error_out_of_memory)
			return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory reading JSON");
		return cli_fail(err, CLI_EXIT_USAGE, "line %d, column %d: malformed JSON: %s",
				error.line, error.column, error.text);
	}
	if ((r.c = calloc(1, sizeof *r.c)) == NULL) {
		json_decref(root);
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	}
	rc = read_root(&r, root);
	json_decref(root);
	if (rc != 0) {
		case_free(r.c);
		return rc;
	}
	*case_out = r.c;
	return 0;
}

int case_read_file(const char *path, struct radioembo_case **case_out, struct cli_error *err)
{
	FILE *file = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *data = NULL, *grown;
	size_t size = 0, capacity = 0, got;
	int rc;

	if (file == NULL)
		return cli_fail(err, CLI_EXIT_USAGE, "%s: cannot open the case file: %s", path,
				strerror(errno));
	do {
		if (capacity - size < 65536) {
			capacity = capacity ? 2 * capacity : 65536;
			if ((grown = realloc(data, capacity)) == NULL) {
				free(data);
				if (file != stdin)
					fclose(file);
				return cli_fail(err, CLI_EXIT_INTERNAL, "%s: out of memory", path);
			}
			data = grown;
		}
		got = fread(data + size, 1, capacity - size, file);
		size += got;
	} while (got > 0);
	rc = ferror(file);
	if (file != stdin)
		fclose(file);
	if (rc) {
		free(data);
		return cli_fail(err, CLI_EXIT_USAGE, "%s: cannot read the case file", path);
	}
	rc = case_read(data, size, case_out, err);
	free(data);
	if (rc != 0 && err != NULL) {
		char message[sizeof err->message];
		int n;
		memcpy(message, err->message, sizeof message);
		n = snprintf(err->message, sizeof err->message, "%s: %s", path, message);
		if (n < 0)
			err->message[0] = '\0';
	}
	return rc;
}

void case_free(struct radioembo_case *c)
{
	if (c == NULL)
		return;
	radioembo_uncertainty_free(c->uncertainty);
	radioembo_plan_free(c->plan);
	radioembo_lung_free(c->lung);
	radioembo_liver_free(c->liver);
	radioembo_product_free(c->product);
	free(c->treated_territory);
	free(c->description);
	free(c->id);
	free(c);
}
