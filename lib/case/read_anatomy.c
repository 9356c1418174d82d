/*
 * The case file's product and anatomy: product (catalogue name, overrides, unset fields,
 * vial sizes), liver, territories, lesions and lungs, each key checked and each value
 * handed to the library's own setter, whose refusal is reported at the key's path.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/case_internal.h"
#include "planning/plausibility.h"

/* ---- product ------------------------------------------------------------------------- */

static int unknown_field(struct radioembo__case_reader *r, const char *where)
{
	return radioembo__case_fail(r, RADIOEMBO_EINVAL, where,
				    "%s: unknown product field (see radioembo products)", where);
}

static int apply_overrides(struct radioembo__case_reader *r, json_t *overrides, const char *path)
{
	const char *key;
	json_t *value;
	char where[RADIOEMBO__CASE_PATH_SIZE];
	int pass, failed = 0, rc = RADIOEMBO_OK;

	if (!json_is_object(overrides))
		return radioembo__case_wrong_type(r, path, overrides, "an object");
	json_object_foreach(overrides, key, value)
	{
		radioembo__case_join(where, path, key);
		if (radioembo__case_product_field_from_key(key) == 0)
			return unknown_field(r, where);
		if (!json_is_number(value))
			return radioembo__case_wrong_type(r, where, value, "a number");
	}
	/*
	 * Two passes, so that a minimum and its maximum may both move past each other's old
	 * value whatever their order in the file; the second pass reports what still fails.
	 */
	for (pass = 0; pass < 2; pass++) {
		failed = 0;
		json_object_foreach(overrides, key, value)
		{
			radioembo_product_field field = radioembo__case_product_field_from_key(key);
			double wanted = json_number_value(value), now;
			if (radioembo__product_get_field(r->c->product, field, &now) ==
				    RADIOEMBO_OK &&
			    now == wanted)
				continue;
			rc = radioembo__product_set_field(r->c->product, field, wanted);
			if (rc == RADIOEMBO_OK)
				continue;
			if (rc == RADIOEMBO_ENOMEM || pass == 1) {
				radioembo__case_join(where, path, key);
				return radioembo__case_refused(r, rc, where, value);
			}
			failed = 1;
		}
		if (!failed)
			break;
	}
	return 0;
}

static int apply_unset(struct radioembo__case_reader *r, json_t *unset, const char *path)
{
	size_t i;
	json_t *value;
	char where[RADIOEMBO__CASE_PATH_SIZE], text[80];

	if (!json_is_array(unset))
		return radioembo__case_wrong_type(r, path, unset, "an array of field names");
	json_array_foreach(unset, i, value)
	{
		radioembo_product_field field;
		int rc;
		radioembo__case_join_index(where, path, i);
		if (!json_is_string(value))
			return radioembo__case_wrong_type(r, where, value, "a field name");
		if ((field = radioembo__case_product_field_from_key(json_string_value(value))) ==
		    0) {
			radioembo__case_value_text(value, text, sizeof text);
			return radioembo__case_fail(
				r, RADIOEMBO_EINVAL, where,
				"%s = %s: unknown product field (see radioembo products)", where,
				text);
		}
		if ((rc = radioembo_product_unset(r->c->product, field)) != RADIOEMBO_OK)
			return radioembo__case_refused(r, rc, where, value);
	}
	return 0;
}

static int read_vial_sizes(struct radioembo__case_reader *r, json_t *sizes, const char *path)
{
	double *values;
	size_t i, n;
	json_t *value;
	char where[RADIOEMBO__CASE_PATH_SIZE];
	int rc;

	if (!json_is_array(sizes))
		return radioembo__case_wrong_type(r, path, sizes, "an array of numbers");
	n = json_array_size(sizes);
	json_array_foreach(sizes, i, value)
	{
		if (!json_is_number(value)) {
			radioembo__case_join_index(where, path, i);
			return radioembo__case_wrong_type(r, where, value, "a number");
		}
	}
	if ((values = radioembo__allocate((n + 1) * sizeof *values, "vial sizes")) == NULL) {
		r->key[0] = '\0';
		return RADIOEMBO_ENOMEM;
	}
	json_array_foreach(sizes, i, value) values[i] = json_number_value(value);
	rc = radioembo_product_set_vial_sizes_gbq(r->c->product, values, n);
	free(values);
	return rc == RADIOEMBO_OK ? 0 : radioembo__case_refused(r, rc, path, sizes);
}

int radioembo__case_read_product(struct radioembo__case_reader *r, json_t *product)
{
	static const char *const keys[] = {"name", "overrides", "unset", "vial_sizes_gbq", NULL};
	const char *name, *where = json_is_string(product) ? "product" : "product.name";
	json_t *value;
	char text[80];
	int rc;

	if (product == NULL)
		return radioembo__case_missing(r, r->root, "", "product");
	if (json_is_string(product)) {
		name = json_string_value(product);
		value = product;
	} else {
		if ((rc = radioembo__case_require_object(r, product, "product", keys)) ||
		    (rc = radioembo__case_get_string(r, product, "product", "name", 1, &name)))
			return rc;
		value = json_object_get(product, "name");
	}
	rc = radioembo_product_new_builtin(name, &r->c->product);
	if (rc == RADIOEMBO_ENOTFOUND) {
		radioembo__case_value_text(value, text, sizeof text);
		return radioembo__case_fail(
			r, RADIOEMBO_ENOTFOUND, where,
			"%s = %s: unknown product (known: TheraSphere, SIR-Spheres, "
			"QuiremSpheres, or glass, resin, holmium)",
			where, text);
	}
	if (rc != RADIOEMBO_OK)
		return radioembo__case_refused(r, rc, where, value);
	if (json_is_string(product))
		return 0;
	if ((value = radioembo__case_member(product, "unset")) != NULL &&
	    (rc = radioembo__case_go_on(r, apply_unset(r, value, "product.unset"))))
		return rc;
	if ((value = radioembo__case_member(product, "vial_sizes_gbq")) != NULL &&
	    (rc = radioembo__case_go_on(r, read_vial_sizes(r, value, "product.vial_sizes_gbq"))))
		return rc;
	if ((value = radioembo__case_member(product, "overrides")) != NULL &&
	    (rc = apply_overrides(r, value, "product.overrides")))
		return rc;
	return 0;
}

/* ---- liver, territories, lesions ----------------------------------------------------- */

int radioembo__case_read_liver(struct radioembo__case_reader *r, json_t *liver)
{
	static const char *const keys[] = {"volume_ml", "density_g_per_ml", NULL};
	double volume_ml, density;
	int rc;

	if (liver == NULL)
		return radioembo__case_missing(r, r->root, "", "liver");
	if ((rc = radioembo__case_require_object(r, liver, "liver", keys)) ||
	    (rc = radioembo__case_get_number(r, liver, "liver", "volume_ml", 1, &volume_ml,
					     NULL)) ||
	    (rc = radioembo__case_get_number(r, liver, "liver", "density_g_per_ml", 1, &density,
					     NULL)))
		return rc;
	if ((rc = radioembo_liver_new(volume_ml, density, &r->c->liver)) != RADIOEMBO_OK)
		return radioembo__case_refused_member(r, rc, "liver", liver);
	return 0;
}

static int read_territory(struct radioembo__case_reader *r, json_t *territory, const char *path,
			  size_t i)
{
	static const char *const keys[] = {"label", "volume_ml", NULL};
	char where[RADIOEMBO__CASE_PATH_SIZE];
	const char *label;
	double volume_ml;
	int rc;

	if ((rc = radioembo__case_require_object(r, territory, path, keys)) ||
	    (rc = radioembo__case_get_string(r, territory, path, "label", 1, &label)) ||
	    (rc = radioembo__case_get_number(r, territory, path, "volume_ml", 1, &volume_ml, NULL)))
		return rc;
	if (radioembo__case_labels_add(&r->territory_labels, label, i) != (long)i) {
		radioembo__case_join(where, path, "label");
		return radioembo__case_fail(r, RADIOEMBO_EINVAL, where,
					    "%s = \"%s\": a territory of that label comes earlier",
					    where, label);
	}
	rc = radioembo_liver_add_territory(r->c->liver, label, volume_ml, NULL);
	return rc == RADIOEMBO_OK ? 0 : radioembo__case_refused_member(r, rc, path, territory);
}

int radioembo__case_read_territories(struct radioembo__case_reader *r, json_t *territories)
{
	size_t i;
	json_t *territory;
	char path[RADIOEMBO__CASE_PATH_SIZE];
	int rc;

	if (territories == NULL)
		return 0;
	if (!json_is_array(territories))
		return radioembo__case_wrong_type(r, "territories", territories, "an array");
	r->territories = territories;
	if ((rc = radioembo__case_require_count(r, territories, "territories",
						RADIOEMBO__CASE_MAX_TERRITORIES, "territories")) ||
	    (rc = radioembo__case_labels_reserve(r, &r->territory_labels,
						 json_array_size(territories))))
		return rc;
	json_array_foreach(territories, i, territory)
	{
		radioembo__case_join_index(path, "territories", i);
		if ((rc = read_territory(r, territory, path, i))) {
			/* the territories that follow would not have their index in the liver */
			r->territories_failed = 1;
			return rc;
		}
	}
	return 0;
}

static int read_counts(struct radioembo__case_reader *r, radioembo_lesion *lesion, json_t *counts,
		       const char *path)
{
	static const char *const keys[] = {"tumor_counts", "normal_counts", "normal_volume_ml",
					   NULL};
	double tumor, normal, normal_ml, liver_density;
	int rc;

	/* The liver is read before the lesions; its density is the normal region's. */
	if ((rc = radioembo__case_require_object(r, counts, path, keys)) ||
	    (rc = radioembo__case_get_number(r, counts, path, "tumor_counts", 1, &tumor, NULL)) ||
	    (rc = radioembo__case_get_number(r, counts, path, "normal_counts", 1, &normal, NULL)) ||
	    (rc = radioembo__case_get_number(r, counts, path, "normal_volume_ml", 1, &normal_ml,
					     NULL)))
		return rc;
	/* TNR per mass: a lesion denser than the liver holds less activity per gram */
	if ((rc = radioembo_liver_get_density_g_per_ml(r->c->liver, &liver_density)) == 0)
		rc = radioembo_lesion_set_tnr_from_counts_density(lesion, tumor, normal, normal_ml,
								  liver_density);
	return rc == RADIOEMBO_OK ? 0 : radioembo__case_refused_member(r, rc, path, counts);
}

/* The lesion's optional numbers and counts; the caller frees the lesion on failure. */
static int read_lesion_values(struct radioembo__case_reader *r, radioembo_lesion *lesion,
			      json_t *data, const char *path)
{
	static const struct {
		const char *key;
		int (*set)(radioembo_lesion *, double);
	} setters[] = {
		{"density_g_per_ml", radioembo_lesion_set_density_g_per_ml},
		{"tnr", radioembo_lesion_set_tnr},
		{"target_dose_gy", radioembo_lesion_set_target_dose_gy},
	};
	char where[RADIOEMBO__CASE_PATH_SIZE];
	double value;
	size_t i;
	int present, rc;

	for (i = 0; i < sizeof setters / sizeof setters[0]; i++) {
		if ((rc = radioembo__case_get_number(r, data, path, setters[i].key, 0, &value,
						     &present)))
			return rc;
		if (present && (rc = radioembo__case_apply(r, setters[i].set(lesion, value), data,
							   path, setters[i].key)))
			return rc;
	}
	if (radioembo__case_member(data, "counts") == NULL)
		return 0;
	radioembo__case_join(where, path, "counts");
	return read_counts(r, lesion, radioembo__case_member(data, "counts"), where);
}

static int assign_territory(struct radioembo__case_reader *r, json_t *data, const char *path,
			    size_t index, const char *territory)
{
	char where[RADIOEMBO__CASE_PATH_SIZE];
	long t;

	if (r->territories_failed)
		return 0;
	radioembo__case_join(where, path, "territory");
	if ((t = radioembo__case_labels_find(&r->territory_labels, territory)) < 0)
		return radioembo__case_fail(
			r, RADIOEMBO_EINVAL, where,
			"%s = \"%s\": no territory of that label in \"territories\"", where,
			territory);
	return radioembo__case_apply(r,
				     radioembo_liver_assign_lesion(r->c->liver, index, (size_t)t),
				     data, path, "territory");
}

static int read_lesion(struct radioembo__case_reader *r, json_t *data, size_t i)
{
	static const char *const keys[] = {"label",  "volume_ml",      "density_g_per_ml", "tnr",
					   "counts", "target_dose_gy", "territory",	   NULL};
	radioembo_lesion *lesion = NULL;
	const char *label, *territory;
	double volume_ml;
	char path[RADIOEMBO__CASE_PATH_SIZE], where[RADIOEMBO__CASE_PATH_SIZE];
	size_t index;
	int rc;

	radioembo__case_join_index(path, "lesions", i);
	if ((rc = radioembo__case_require_object(r, data, path, keys)) ||
	    (rc = radioembo__case_get_string(r, data, path, "label", 1, &label)) ||
	    (rc = radioembo__case_get_number(r, data, path, "volume_ml", 1, &volume_ml, NULL)) ||
	    (rc = radioembo__case_get_string(r, data, path, "territory", 0, &territory)))
		return rc;
	if (radioembo__case_labels_add(&r->lesion_labels, label, i) != (long)i) {
		radioembo__case_join(where, path, "label");
		return radioembo__case_fail(r, RADIOEMBO_EINVAL, where,
					    "%s = \"%s\": a lesion of that label comes earlier",
					    where, label);
	}
	if (radioembo__case_member(data, "tnr") != NULL &&
	    radioembo__case_member(data, "counts") != NULL)
		return radioembo__case_fail(r, RADIOEMBO_EINVAL, path,
					    "%s: give either tnr or counts, not both", path);
	if ((rc = radioembo_lesion_new(label, volume_ml, &lesion)) != RADIOEMBO_OK)
		return radioembo__case_refused_member(r, rc, path, data);
	rc = read_lesion_values(r, lesion, data, path);
	if (rc == 0 && (rc = radioembo_liver_add_lesion(r->c->liver, lesion, &index)))
		rc = radioembo__case_refused(r, rc, path, data);
	radioembo_lesion_free(lesion);
	if (rc != 0 || territory == NULL)
		return rc;
	return assign_territory(r, data, path, index, territory);
}

int radioembo__case_read_lesions(struct radioembo__case_reader *r, json_t *lesions)
{
	size_t i, before;
	json_t *lesion;
	int rc;

	if (lesions == NULL)
		return 0;
	if (!json_is_array(lesions))
		return radioembo__case_wrong_type(r, "lesions", lesions, "an array");
	r->lesions = lesions;
	if ((rc = radioembo__case_require_count(r, lesions, "lesions", RADIOEMBO__CASE_MAX_LESIONS,
						"lesions")) ||
	    (rc = radioembo__case_labels_reserve(r, &r->lesion_labels, json_array_size(lesions))))
		return rc;
	before = r->error_count;
	json_array_foreach(lesions, i, lesion)
	{
		if ((rc = radioembo__case_go_on(r, read_lesion(r, lesion, i))))
			return rc;
	}
	return r->error_count > before ? r->errors[before].status : 0;
}

/*
 * The liver's territories and lesions fit inside each other (radioembo-sources(7)
 * PLAUSIBILITY), reported at the volume that is too small for what it holds.
 */
int radioembo__case_check_geometry(struct radioembo__case_reader *r)
{
	char where[RADIOEMBO__CASE_PATH_SIZE], path[RADIOEMBO__CASE_PATH_SIZE];
	size_t territory;
	json_t *holder;
	int rc = radioembo__liver_check_geometry(r->c->liver, &territory);

	if (rc == RADIOEMBO_OK || rc == RADIOEMBO_ENOMEM) {
		if (rc)
			r->key[0] = '\0';
		return rc;
	}
	if (territory == SIZE_MAX) {
		holder = radioembo__case_member(r->root, "liver");
		snprintf(path, sizeof path, "liver");
	} else {
		holder = json_array_get(r->territories, territory);
		radioembo__case_join_index(path, "territories", territory);
	}
	radioembo__case_join(where, path, "volume_ml");
	return radioembo__case_refused(r, rc, where, json_object_get(holder, "volume_ml"));
}

/* ---- lungs --------------------------------------------------------------------------- */

static int read_planar_counts(struct radioembo__case_reader *r, json_t *counts)
{
	static const char *const keys[] = {"lung_anterior", "lung_posterior", "liver_anterior",
					   "liver_posterior", NULL};
	const char *path = "lungs.planar_counts";
	double v[4];
	int i, rc;

	if ((rc = radioembo__case_require_object(r, counts, path, keys)))
		return rc;
	for (i = 0; i < 4; i++)
		if ((rc = radioembo__case_get_number(r, counts, path, keys[i], 1, &v[i], NULL)))
			return rc;
	rc = radioembo_lung_set_lsf_from_counts(r->c->lung, v[0], v[1], v[2], v[3]);
	return rc == RADIOEMBO_OK ? 0 : radioembo__case_refused_member(r, rc, path, counts);
}

/* The lung mass: mass_kg, or volume_ml with density_g_per_ml. */
static int read_lung_mass(struct radioembo__case_reader *r, json_t *lungs)
{
	double mass_kg, volume_ml, density;
	int has_mass, has_volume, has_density, rc;

	if ((rc = radioembo__case_get_number(r, lungs, "lungs", "mass_kg", 0, &mass_kg,
					     &has_mass)) ||
	    (rc = radioembo__case_get_number(r, lungs, "lungs", "volume_ml", 0, &volume_ml,
					     &has_volume)) ||
	    (rc = radioembo__case_get_number(r, lungs, "lungs", "density_g_per_ml", 0, &density,
					     &has_density)))
		return rc;
	if (has_mass &&
	    (rc = radioembo__case_apply(r, radioembo_lung_set_mass_kg(r->c->lung, mass_kg), lungs,
					"lungs", "mass_kg")))
		return rc;
	if (has_volume != has_density || (has_volume && has_mass))
		return radioembo__case_fail(
			r, RADIOEMBO_EINVAL, "lungs",
			"lungs: give the lung mass as mass_kg, or as volume_ml with "
			"density_g_per_ml, not both");
	if (has_volume &&
	    (rc = radioembo_lung_set_mass_from_volume(r->c->lung, volume_ml, density)) != 0)
		return radioembo__case_refused_member(r, rc, "lungs", lungs);
	return 0;
}

static int read_prior_doses(struct radioembo__case_reader *r, json_t *priors)
{
	const char *path = "lungs.prior_doses_gy";
	char where[RADIOEMBO__CASE_PATH_SIZE];
	json_t *dose;
	size_t i, before = r->error_count;
	int rc;

	if (priors == NULL)
		return 0;
	if (!json_is_array(priors))
		return radioembo__case_wrong_type(r, path, priors, "an array of numbers");
	if ((rc = radioembo__case_require_count(r, priors, path, RADIOEMBO__CASE_MAX_PRIOR_DOSES,
						"prior doses")))
		return rc;
	json_array_foreach(priors, i, dose)
	{
		radioembo__case_join_index(where, path, i);
		if (!json_is_number(dose))
			rc = radioembo__case_wrong_type(r, where, dose, "a number");
		else if ((rc = radioembo_lung_add_prior_dose_gy(
				  r->c->lung, json_number_value(dose))) != RADIOEMBO_OK)
			rc = radioembo__case_refused(r, rc, where, dose);
		if ((rc = radioembo__case_go_on(r, rc)))
			return rc;
	}
	return r->error_count > before ? r->errors[before].status : 0;
}

int radioembo__case_read_lungs(struct radioembo__case_reader *r, json_t *lungs)
{
	static const char *const keys[] = {"lsf",	"planar_counts",    "mass_kg",
					   "volume_ml", "density_g_per_ml", "prior_doses_gy",
					   NULL};
	double lsf;
	int present, rc;

	if (lungs == NULL)
		return radioembo__case_missing(r, r->root, "", "lungs");
	if ((rc = radioembo__case_require_object(r, lungs, "lungs", keys)))
		return rc;
	if ((radioembo__case_member(lungs, "lsf") != NULL) ==
	    (radioembo__case_member(lungs, "planar_counts") != NULL))
		return radioembo__case_fail(r, RADIOEMBO_EINVAL, "lungs",
					    "lungs: give exactly one of lsf (a fraction 0..1) and "
					    "planar_counts");
	if ((rc = radioembo_lung_new(&r->c->lung)) != RADIOEMBO_OK)
		return radioembo__case_refused(r, rc, "lungs", lungs);
	if ((rc = radioembo__case_get_number(r, lungs, "lungs", "lsf", 0, &lsf, &present)))
		return rc;
	if (present)
		rc = radioembo__case_apply(r, radioembo_lung_set_lsf(r->c->lung, lsf), lungs,
					   "lungs", "lsf");
	else
		rc = read_planar_counts(r, radioembo__case_member(lungs, "planar_counts"));
	if ((rc = radioembo__case_go_on(r, rc)) ||
	    (rc = radioembo__case_go_on(r, read_lung_mass(r, lungs))))
		return rc;
	return read_prior_doses(r, radioembo__case_member(lungs, "prior_doses_gy"));
}
