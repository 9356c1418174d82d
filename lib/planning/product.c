/*
 * The microsphere product catalogue and site-defined products (radioembo-sources(7)
 * sections 0, 1, 2, 4, 6, 7, 9, 11 and 15; radioembo_product(3)).
 *
 * A product keeps its numeric fields in one array indexed by radioembo_product_field, NaN
 * meaning "unset" (no cited value). Every numeric field goes through one generic getter
 * and setter driven by the field table below, so that validation is written once.
 * The catalogue is static const data; a product object copies all of it, so it never
 * depends on the lifetime of anything else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planning/planning.h"

#define FIELD_COUNT 21 /* the highest radioembo_product_field value */

/* How a setter validates a value. */
enum check {
	CHECK_POSITIVE, /* finite, > 0 */
	CHECK_FRACTION, /* finite, within [0, 1) */
	CHECK_FINITE    /* finite, any sign (times relative to calibration) */
};

struct field_info {
	const char *name; /* the setter's parameter name; the getter's is name + "_out" */
	enum check check;
	radioembo_product_field lower; /* must not exceed this field when both are set, or 0 */
	radioembo_product_field upper; /* this field must not exceed it, or 0 */
};

#define F(x) RADIOEMBO_PRODUCT_FIELD_##x

static const struct field_info fields[FIELD_COUNT + 1] = {
	[F(HALF_LIFE_H)] = { "half_life_h", CHECK_POSITIVE, 0, 0 },
	[F(DOSE_FACTOR_GY_KG_PER_GBQ)] = { "dose_factor_gy_kg_per_gbq", CHECK_POSITIVE, 0, 0 },
	[F(SPHERE_DIAMETER_MIN_UM)] = { "sphere_diameter_min_um", CHECK_POSITIVE, 0,
					F(SPHERE_DIAMETER_MAX_UM) },
	[F(SPHERE_DIAMETER_MAX_UM)] = { "sphere_diameter_max_um", CHECK_POSITIVE,
					F(SPHERE_DIAMETER_MIN_UM), 0 },
	[F(ACTIVITY_PER_SPHERE_BQ)] = { "activity_per_sphere_bq", CHECK_POSITIVE, 0, 0 },
	[F(SPECIFIC_GRAVITY_G_PER_ML)] = { "specific_gravity_g_per_ml", CHECK_POSITIVE, 0, 0 },
	[F(VIAL_VOLUME_ML)] = { "vial_volume_ml", CHECK_POSITIVE, 0, 0 },
	[F(LABEL_TOLERANCE)] = { "label_tolerance", CHECK_FRACTION, 0, 0 },
	[F(CUSTOM_VIAL_STEP_GBQ)] = { "custom_vial_step_gbq", CHECK_POSITIVE, 0, 0 },
	[F(CUSTOM_VIAL_MIN_GBQ)] = { "custom_vial_min_gbq", CHECK_POSITIVE, 0,
				     F(CUSTOM_VIAL_MAX_GBQ) },
	[F(CUSTOM_VIAL_MAX_GBQ)] = { "custom_vial_max_gbq", CHECK_POSITIVE, F(CUSTOM_VIAL_MIN_GBQ),
				     0 },
	[F(LUNG_DOSE_LIMIT_SESSION_GY)] = { "lung_dose_limit_session_gy", CHECK_POSITIVE, 0, 0 },
	[F(LUNG_DOSE_LIMIT_CUMULATIVE_GY)] = { "lung_dose_limit_cumulative_gy", CHECK_POSITIVE, 0,
					       0 },
	[F(LUNG_ACTIVITY_LIMIT_GBQ)] = { "lung_activity_limit_gbq", CHECK_POSITIVE, 0, 0 },
	[F(NORMAL_LIVER_DOSE_LIMIT_GY)] = { "normal_liver_dose_limit_gy", CHECK_POSITIVE, 0, 0 },
	[F(TUMOR_DOSE_TARGET_GY)] = { "tumor_dose_target_gy", CHECK_POSITIVE, 0, 0 },
	[F(WHOLE_LIVER_DOSE_TARGET_GY)] = { "whole_liver_dose_target_gy", CHECK_POSITIVE, 0, 0 },
	[F(PNEUMONITIS_THRESHOLD_GY)] = { "pneumonitis_threshold_gy", CHECK_POSITIVE, 0, 0 },
	[F(USE_WINDOW_START_H)] = { "use_window_start_h", CHECK_FINITE, 0, F(USE_WINDOW_END_H) },
	[F(USE_WINDOW_END_H)] = { "use_window_end_h", CHECK_FINITE, F(USE_WINDOW_START_H), 0 },
	[F(NORMAL_PERFUSED_DOSE_LIMIT_GY)] = { "normal_perfused_dose_limit_gy", CHECK_POSITIVE, 0,
					       0 },
};

struct radioembo_product {
	char *name;
	radioembo_product_kind kind;
	radioembo_nuclide nuclide;
	double value[FIELD_COUNT + 1]; /* indexed by radioembo_product_field; NaN = unset */
	double *vial_sizes_gbq;        /* ascending; NULL when vial_count is 0 */
	size_t vial_count;
};

/* ---- the catalogue ------------------------------------------------------------------- */

enum { THERASPHERE, SIR_SPHERES, QUIREMSPHERES, BUILTIN_COUNT };

struct builtin {
	const char *name;
	const char *alias;
	radioembo_product_kind kind;
	radioembo_nuclide nuclide;
	const double *vial_sizes_gbq;
	size_t vial_count;
};

/* TheraSphere standard vials: 3, 5, 7, 10, 15, 20 GBq (radioembo-sources(7) PRODUCTS: PI v12 [V]). */
static const double therasphere_vials_gbq[] = { 3.0, 5.0, 7.0, 10.0, 15.0, 20.0 };
/* SIR-Spheres: one 3 GBq vial (radioembo-sources(7) PRODUCTS: Selwyn 2008; sirtex.com [V]; Hall 2026 Tab.1). */
static const double sir_spheres_vials_gbq[] = { 3.0 };
/* QuiremSpheres: none; a dose is prepared by mass, 540-600 mg (radioembo-sources(7) PRODUCTS [V]). */

static const struct builtin builtins[BUILTIN_COUNT] = {
	[THERASPHERE] = { "TheraSphere", "glass", RADIOEMBO_PRODUCT_KIND_GLASS,
			  RADIOEMBO_NUCLIDE_Y90, therasphere_vials_gbq,
			  sizeof therasphere_vials_gbq / sizeof therasphere_vials_gbq[0] },
	[SIR_SPHERES] = { "SIR-Spheres", "resin", RADIOEMBO_PRODUCT_KIND_RESIN,
			  RADIOEMBO_NUCLIDE_Y90, sir_spheres_vials_gbq,
			  sizeof sir_spheres_vials_gbq / sizeof sir_spheres_vials_gbq[0] },
	[QUIREMSPHERES] = { "QuiremSpheres", "holmium", RADIOEMBO_PRODUCT_KIND_PLLA,
			    RADIOEMBO_NUCLIDE_HO166, NULL, 0 },
};

struct builtin_value {
	int product;
	radioembo_product_field field;
	double value;
};

/*
 * Numeric fields of the catalogue; a field not listed for a product is unset. Sections are
 * those of radioembo-sources(7); tags: [V] read in a retrieved text, [M] from memory (unverified),
 * [D] derived. Competing values are listed in radioembo_product(3).
 */
static const struct builtin_value builtin_values[] = {
	/* TheraSphere (glass, Y-90); package insert (PI) v12 unless stated */
	{ THERASPHERE, F(HALF_LIFE_H), 64.1 },               /* 1: PI v12 [V] */
	{ THERASPHERE, F(DOSE_FACTOR_GY_KG_PER_GBQ), 50.0 }, /* 2: the PI's own "50" [V] */
	{ THERASPHERE, F(SPHERE_DIAMETER_MIN_UM), 20.0 },    /* 4: PI v12 [V] */
	{ THERASPHERE, F(SPHERE_DIAMETER_MAX_UM), 30.0 },    /* 4: PI v12 [V] */
	{ THERASPHERE, F(ACTIVITY_PER_SPHERE_BQ), 2500.0 },  /* 0, 4: Hall 2026 Tab.1 [V] */
	/* 4: PMC8583383 [V], the median of 3.2 (PMC6095426) and 3.6 (WJH 2015) [V] */
	{ THERASPHERE, F(SPECIFIC_GRAVITY_G_PER_ML), 3.4 },
	{ THERASPHERE, F(VIAL_VOLUME_ML), 0.6 },          /* 4: PI v12 [V] */
	{ THERASPHERE, F(CUSTOM_VIAL_STEP_GBQ), 0.5 },    /* 4: btg-im.com [V] */
	{ THERASPHERE, F(CUSTOM_VIAL_MIN_GBQ), 3.0 },     /* 4: btg-im.com [V] */
	{ THERASPHERE, F(CUSTOM_VIAL_MAX_GBQ), 20.0 },    /* 4: btg-im.com [V] */
	{ THERASPHERE, F(LUNG_DOSE_LIMIT_SESSION_GY), 30.0 },    /* 4, 7: IFU [V] */
	{ THERASPHERE, F(LUNG_DOSE_LIMIT_CUMULATIVE_GY), 50.0 }, /* 7: van Roekel thesis [V] */
	{ THERASPHERE, F(LUNG_ACTIVITY_LIMIT_GBQ), 0.61 },       /* 4, 7: IFU 16.5 mCi [V] */
	{ THERASPHERE, F(NORMAL_LIVER_DOSE_LIMIT_GY), 75.0 }, /* 6: EANM 2022 Tab.2 [V] */
	{ THERASPHERE, F(TUMOR_DOSE_TARGET_GY), 205.0 },    /* 6: EANM 2022 Tab.2, DOSISPHERE [V] */
	{ THERASPHERE, F(PNEUMONITIS_THRESHOLD_GY), 41.0 },  /* 0: Hall 2026 Tab.1 [V] */
	{ THERASPHERE, F(USE_WINDOW_START_H), 0.0 },         /* 4: from calibration [M] */
	{ THERASPHERE, F(USE_WINDOW_END_H), 336.0 },         /* 4: about two weeks [M] */

	/* SIR-Spheres (resin, Y-90) */
	{ SIR_SPHERES, F(HALF_LIFE_H), 64.1 },                /* 1: PMC6095426 Tab.3 [V] */
	/* 2: the library's Y-90 default, van Roekel thesis [V] (resin partition model) */
	{ SIR_SPHERES, F(DOSE_FACTOR_GY_KG_PER_GBQ), 49.67 },
	{ SIR_SPHERES, F(SPHERE_DIAMETER_MIN_UM), 20.0 },     /* 4: product tables [V] */
	{ SIR_SPHERES, F(SPHERE_DIAMETER_MAX_UM), 60.0 },     /* 4: product tables [V] */
	{ SIR_SPHERES, F(ACTIVITY_PER_SPHERE_BQ), 50.0 },     /* 0, 4: Hall 2026 Tab.1 [V] */
	{ SIR_SPHERES, F(SPECIFIC_GRAVITY_G_PER_ML), 1.6 },   /* 4: product tables [V] */
	{ SIR_SPHERES, F(VIAL_VOLUME_ML), 5.0 },              /* 4: sirtex.com [V] */
	{ SIR_SPHERES, F(LABEL_TOLERANCE), 0.10 },            /* 4: Selwyn 2008; sirtex.com [V] */
	{ SIR_SPHERES, F(LUNG_DOSE_LIMIT_SESSION_GY), 25.0 }, /* 7, 9: Sirtex IFU / Lau 2012 [M] */
	{ SIR_SPHERES, F(LUNG_DOSE_LIMIT_CUMULATIVE_GY), 50.0 }, /* 7: van Roekel thesis [V] */
	/* 9: EANM 2022 Tab.3, normal perfused liver < 40 Gy (unilobar; bilobar < 40, or < 30 in
	 * a pretreated or compromised liver) [V]; no whole-normal-liver limit is given */
	{ SIR_SPHERES, F(NORMAL_PERFUSED_DOSE_LIMIT_GY), 40.0 },
	{ SIR_SPHERES, F(TUMOR_DOSE_TARGET_GY), 120.0 },      /* 9: EANM 2022 Tab.3 [V] */
	{ SIR_SPHERES, F(PNEUMONITIS_THRESHOLD_GY), 21.0 },    /* 0: Hall 2026 Tab.1 [V] */
	/* 0: calibration "day of treatment or up to 3 days after" (Hall 2026 Tab.1) [V, D] */
	{ SIR_SPHERES, F(USE_WINDOW_START_H), -72.0 },
	{ SIR_SPHERES, F(USE_WINDOW_END_H), 0.0 },

	/* QuiremSpheres (Ho-166 PLLA) */
	{ QUIREMSPHERES, F(HALF_LIFE_H), 26.8 },                /* 1, 11: EANM 2022 [V] */
	{ QUIREMSPHERES, F(DOSE_FACTOR_GY_KG_PER_GBQ), 15.87 }, /* 2: JNM 2016 abstract [V] */
	{ QUIREMSPHERES, F(SPHERE_DIAMETER_MIN_UM), 20.0 },     /* 4: PMC8583383 Tab.4 [V] */
	{ QUIREMSPHERES, F(SPHERE_DIAMETER_MAX_UM), 50.0 },     /* 4: PMC8583383 Tab.4 [V] */
	{ QUIREMSPHERES, F(ACTIVITY_PER_SPHERE_BQ), 450.0 },    /* 4: rcpjournals Tab.1 [V] */
	{ QUIREMSPHERES, F(SPECIFIC_GRAVITY_G_PER_ML), 1.4 },   /* 4: PMC8583383 Tab.4 [V] */
	/* 11: IFU via Vranken 2025 [V, second-hand] */
	{ QUIREMSPHERES, F(LUNG_DOSE_LIMIT_SESSION_GY), 30.0 },
	{ QUIREMSPHERES, F(LUNG_DOSE_LIMIT_CUMULATIVE_GY), 50.0 }, /* 7: van Roekel thesis [V] */
	{ QUIREMSPHERES, F(WHOLE_LIVER_DOSE_TARGET_GY), 60.0 }, /* 11: van Roekel thesis [V] */
};

#define BUILTIN_VALUE_COUNT (sizeof builtin_values / sizeof builtin_values[0])

/* ---- helpers ------------------------------------------------------------------------- */

static int require_product(const void *product)
{
	return radioembo__require_pointer("product", product);
}

static int require_field(radioembo_product_field field)
{
	if ((int)field < 1 || (int)field > FIELD_COUNT)
		return radioembo__fail(RADIOEMBO_EINVAL, "field",
				       "field must be a radioembo_product_field value, got %d",
				       (int)field);
	return RADIOEMBO_OK;
}

static int require_name(const char *name)
{
	int rc;

	if ((rc = radioembo__require_pointer("name", name)))
		return rc;
	if (name[0] == '\0')
		return radioembo__fail(RADIOEMBO_EINVAL, "name", "name must not be empty");
	return RADIOEMBO_OK;
}

/* A copy of n doubles in *copy_out (NULL for n = 0); RADIOEMBO_ENOMEM on failure. */
static int copy_doubles(const double *values, size_t n, double **copy_out)
{
	double *copy = NULL;

	if (n > 0) {
		if (n > SIZE_MAX / sizeof *copy)
			return radioembo__fail(RADIOEMBO_ENOMEM, NULL, "too many vial sizes (%zu)",
					       n);
		if ((copy = radioembo__allocate(n * sizeof *copy, "vial sizes")) == NULL)
			return RADIOEMBO_ENOMEM;
		memcpy(copy, values, n * sizeof *copy);
	}
	*copy_out = copy;
	return RADIOEMBO_OK;
}

/* A product with a copy of name, no vials and every numeric field unset. */
static int product_alloc(const char *name, radioembo_product_kind kind,
			 radioembo_nuclide nuclide, radioembo_product **product_out)
{
	radioembo_product *product = radioembo__allocate(sizeof *product, "a product");
	size_t i;
	int rc;

	if (product == NULL)
		return RADIOEMBO_ENOMEM;
	if ((rc = radioembo__copy_label("name", name, &product->name))) {
		free(product);
		return rc;
	}
	product->kind = kind;
	product->nuclide = nuclide;
	for (i = 0; i <= FIELD_COUNT; i++)
		product->value[i] = NAN;
	product->vial_sizes_gbq = NULL;
	product->vial_count = 0;
	*product_out = product;
	return RADIOEMBO_OK;
}

/* Takes ownership of product on success and on failure alike. */
static int product_finish(radioembo_product *product, const double *vials, size_t n,
			  radioembo_product **product_out)
{
	int rc = copy_doubles(vials, n, &product->vial_sizes_gbq);

	if (rc) {
		radioembo_product_free(product);
		return rc;
	}
	product->vial_count = n;
	*product_out = product;
	return RADIOEMBO_OK;
}

/* ---- construction -------------------------------------------------------------------- */

int radioembo_product_new_builtin(const char *name, radioembo_product **product_out)
{
	const struct builtin *entry = NULL;
	radioembo_product *product;
	size_t i;
	int index, rc;

	if ((rc = radioembo__require_pointer("name", name)) ||
	    (rc = radioembo__require_pointer("product_out", product_out)))
		return rc;
	for (index = 0; index < BUILTIN_COUNT && entry == NULL; index++)
		if (radioembo__names_match(name, builtins[index].name) ||
		    radioembo__names_match(name, builtins[index].alias))
			entry = &builtins[index];
	if (entry == NULL)
		return radioembo__fail(RADIOEMBO_ENOTFOUND, "name",
				       "name \"%.64s\" is not a built-in product (TheraSphere, "
				       "SIR-Spheres, QuiremSpheres, glass, resin, holmium)",
				       name);
	if ((rc = product_alloc(entry->name, entry->kind, entry->nuclide, &product)))
		return rc;
	for (i = 0; i < BUILTIN_VALUE_COUNT; i++)
		if (&builtins[builtin_values[i].product] == entry)
			product->value[builtin_values[i].field] = builtin_values[i].value;
	return product_finish(product, entry->vial_sizes_gbq, entry->vial_count, product_out);
}

int radioembo_product_new_custom(const char *name, radioembo_nuclide nuclide,
				 radioembo_product **product_out)
{
	double half_life_h, dose_factor;
	radioembo_product *product;
	int rc;

	/* The nuclide module validates nuclide and names it in its message. */
	if ((rc = require_name(name)) ||
	    (rc = radioembo_nuclide_half_life_h(nuclide, &half_life_h)) ||
	    (rc = radioembo_nuclide_dose_factor(nuclide, &dose_factor)) ||
	    (rc = radioembo__require_pointer("product_out", product_out)))
		return rc;
	if ((rc = product_alloc(name, RADIOEMBO_PRODUCT_KIND_OTHER, nuclide, &product)))
		return rc;
	product->value[F(HALF_LIFE_H)] = half_life_h;
	product->value[F(DOSE_FACTOR_GY_KG_PER_GBQ)] = dose_factor;
	return product_finish(product, NULL, 0, product_out);
}

int radioembo_product_copy(const radioembo_product *product, radioembo_product **copy_out)
{
	radioembo_product *copy;
	int rc;

	if ((rc = require_product(product)) ||
	    (rc = radioembo__require_pointer("copy_out", copy_out)) ||
	    (rc = product_alloc(product->name, product->kind, product->nuclide, &copy)))
		return rc;
	memcpy(copy->value, product->value, sizeof copy->value);
	return product_finish(copy, product->vial_sizes_gbq, product->vial_count, copy_out);
}

void radioembo_product_free(radioembo_product *product)
{
	if (product == NULL)
		return;
	free(product->name);
	free(product->vial_sizes_gbq);
	free(product);
}

int radioembo_product_count_builtin(void)
{
	return BUILTIN_COUNT;
}

const char *radioembo_product_builtin_name(int index)
{
	return (index >= 0 && index < BUILTIN_COUNT) ? builtins[index].name : NULL;
}

const char *radioembo_product_kind_name(radioembo_product_kind kind)
{
	static const char *const names[] = {
		[RADIOEMBO_PRODUCT_KIND_GLASS] = "glass",
		[RADIOEMBO_PRODUCT_KIND_RESIN] = "resin",
		[RADIOEMBO_PRODUCT_KIND_PLLA] = "plla",
		[RADIOEMBO_PRODUCT_KIND_OTHER] = "other",
	};

	return RADIOEMBO__TABLE_NAME(names, kind);
}

const char *radioembo_product_field_name(radioembo_product_field field)
{
	return (int)field >= 1 && (int)field <= FIELD_COUNT ? fields[field].name : NULL;
}

/* ---- identity ------------------------------------------------------------------------ */

const char *radioembo_product_name(const radioembo_product *product)
{
	return product != NULL ? product->name : NULL;
}

int radioembo_product_set_name(radioembo_product *product, const char *name)
{
	int rc;

	if ((rc = require_product(product)))
		return rc;
	return radioembo__replace_label("name", name, &product->name);
}

int radioembo_product_get_kind(const radioembo_product *product,
			       radioembo_product_kind *kind_out)
{
	int rc;

	if ((rc = require_product(product)) ||
	    (rc = radioembo__require_pointer("kind_out", kind_out)))
		return rc;
	*kind_out = product->kind;
	return RADIOEMBO_OK;
}

int radioembo_product_set_kind(radioembo_product *product, radioembo_product_kind kind)
{
	int rc;

	if ((rc = require_product(product)))
		return rc;
	if ((int)kind < RADIOEMBO_PRODUCT_KIND_GLASS || (int)kind > RADIOEMBO_PRODUCT_KIND_OTHER)
		return radioembo__fail(RADIOEMBO_EINVAL, "kind",
				       "kind must be a radioembo_product_kind value, got %d",
				       (int)kind);
	product->kind = kind;
	return RADIOEMBO_OK;
}

int radioembo_product_get_nuclide(const radioembo_product *product,
				  radioembo_nuclide *nuclide_out)
{
	int rc;

	if ((rc = require_product(product)) ||
	    (rc = radioembo__require_pointer("nuclide_out", nuclide_out)))
		return rc;
	*nuclide_out = product->nuclide;
	return RADIOEMBO_OK;
}

int radioembo_product_set_nuclide(radioembo_product *product, radioembo_nuclide nuclide)
{
	int rc;

	if ((rc = require_product(product)))
		return rc;
	if (radioembo_nuclide_name(nuclide) == NULL)
		return radioembo__fail(RADIOEMBO_EINVAL, "nuclide",
				       "nuclide must be a radioembo_nuclide value, got %d",
				       (int)nuclide);
	product->nuclide = nuclide;
	return RADIOEMBO_OK;
}

/* ---- standard vials ------------------------------------------------------------------ */

int radioembo_product_get_vial_sizes_gbq(const radioembo_product *product,
					 double *sizes_gbq_out, size_t capacity,
					 size_t *count_out)
{
	int rc;

	if ((rc = require_product(product)) ||
	    (rc = radioembo__require_pointer("count_out", count_out)))
		return rc;
	if (sizes_gbq_out == NULL && capacity > 0)
		return radioembo__fail(RADIOEMBO_EINVAL, "sizes_gbq_out",
				       "sizes_gbq_out must not be NULL when capacity is %zu",
				       capacity);
	if (sizes_gbq_out != NULL && capacity < product->vial_count)
		return radioembo__fail(RADIOEMBO_ERANGE, "capacity",
				       "capacity %zu is less than the %zu vial sizes", capacity,
				       product->vial_count);
	if (sizes_gbq_out != NULL && product->vial_count > 0)
		memcpy(sizes_gbq_out, product->vial_sizes_gbq,
		       product->vial_count * sizeof *sizes_gbq_out);
	*count_out = product->vial_count;
	return RADIOEMBO_OK;
}

int radioembo_product_set_vial_sizes_gbq(radioembo_product *product, const double *sizes_gbq,
					 size_t n)
{
	double *copy;
	size_t i;
	int rc;

	if ((rc = require_product(product)))
		return rc;
	if ((rc = radioembo__require_length("n", n)) ||
	    (n > 0 && (rc = radioembo__require_pointer("sizes_gbq", sizes_gbq))))
		return rc;
	for (i = 0; i < n; i++) {
		if (!isfinite(sizes_gbq[i]) || !(sizes_gbq[i] > 0.0))
			return radioembo__fail(RADIOEMBO_EINVAL, "sizes_gbq",
					       "sizes_gbq[%zu] must be finite and > 0, got %.17g",
					       i, sizes_gbq[i]);
		if (i > 0 && !(sizes_gbq[i] > sizes_gbq[i - 1]))
			return radioembo__fail(RADIOEMBO_EINVAL, "sizes_gbq",
					       "sizes_gbq must be strictly ascending, got "
					       "sizes_gbq[%zu] = %.17g after %.17g",
					       i, sizes_gbq[i], sizes_gbq[i - 1]);
	}
	if ((rc = copy_doubles(sizes_gbq, n, &copy)))
		return rc;
	free(product->vial_sizes_gbq);
	product->vial_sizes_gbq = copy;
	product->vial_count = n;
	return RADIOEMBO_OK;
}

/* ---- numeric fields ------------------------------------------------------------------ */

int radioembo_product_is_set(const radioembo_product *product, radioembo_product_field field,
			     int *is_set_out)
{
	int rc;

	if ((rc = require_product(product)) || (rc = require_field(field)) ||
	    (rc = radioembo__require_pointer("is_set_out", is_set_out)))
		return rc;
	*is_set_out = !isnan(product->value[field]);
	return RADIOEMBO_OK;
}

int radioembo_product_unset(radioembo_product *product, radioembo_product_field field)
{
	int rc;

	if ((rc = require_product(product)) || (rc = require_field(field)))
		return rc;
	product->value[field] = NAN;
	return RADIOEMBO_OK;
}

static int get_value(const radioembo_product *product, radioembo_product_field field,
		     double *value_out)
{
	int rc;

	if ((rc = require_product(product)))
		return rc;
	if (value_out == NULL) {
		char name[64];

		snprintf(name, sizeof name, "%s_out", fields[field].name);
		return radioembo__require_pointer(name, value_out);
	}
	if (isnan(product->value[field]))
		return radioembo__fail(RADIOEMBO_ENOTFOUND, fields[field].name,
				       "%s is not set for product \"%.64s\"", fields[field].name,
				       product->name);
	*value_out = product->value[field];
	return RADIOEMBO_OK;
}

/* value must not exceed the set bound of the related field (or, for upper, be below it). */
static int check_order(const radioembo_product *product, radioembo_product_field field,
		       double value)
{
	const struct field_info *info = &fields[field];

	if (info->upper != 0 && value > product->value[info->upper])
		return radioembo__fail(
			RADIOEMBO_EINVAL, info->name, "%s must be <= %s (%.17g), got %.17g",
			info->name, fields[info->upper].name, product->value[info->upper], value);
	if (info->lower != 0 && value < product->value[info->lower])
		return radioembo__fail(
			RADIOEMBO_EINVAL, info->name, "%s must be >= %s (%.17g), got %.17g",
			info->name, fields[info->lower].name, product->value[info->lower], value);
	return RADIOEMBO_OK;
}

static int set_value(radioembo_product *product, radioembo_product_field field, double value)
{
	const char *name = fields[field].name;
	int rc;

	if ((rc = require_product(product)))
		return rc;
	switch (fields[field].check) {
	case CHECK_POSITIVE:
		rc = radioembo__require_positive(name, value);
		break;
	case CHECK_FRACTION:
		rc = radioembo__require_fraction_below_one(name, value);
		break;
	case CHECK_FINITE:
		rc = radioembo__require_finite(name, value);
		break;
	}
	/* Comparisons with an unset (NaN) bound are false, so an unset bound never objects. */
	if (rc || (rc = check_order(product, field, value)))
		return rc;
	product->value[field] = value;
	return RADIOEMBO_OK;
}

/* Each numeric field's public getter and setter, one line of logic each. */
#define ACCESSORS(field, id)                                                                \
	int radioembo_product_get_##field(const radioembo_product *product, double *field##_out) \
	{                                                                                   \
		return get_value(product, F(id), field##_out);                              \
	}                                                                                   \
	int radioembo_product_set_##field(radioembo_product *product, double field)         \
	{                                                                                   \
		return set_value(product, F(id), field);                                    \
	}

ACCESSORS(half_life_h, HALF_LIFE_H)
ACCESSORS(dose_factor_gy_kg_per_gbq, DOSE_FACTOR_GY_KG_PER_GBQ)
ACCESSORS(sphere_diameter_min_um, SPHERE_DIAMETER_MIN_UM)
ACCESSORS(sphere_diameter_max_um, SPHERE_DIAMETER_MAX_UM)
ACCESSORS(activity_per_sphere_bq, ACTIVITY_PER_SPHERE_BQ)
ACCESSORS(specific_gravity_g_per_ml, SPECIFIC_GRAVITY_G_PER_ML)
ACCESSORS(vial_volume_ml, VIAL_VOLUME_ML)
ACCESSORS(label_tolerance, LABEL_TOLERANCE)
ACCESSORS(custom_vial_step_gbq, CUSTOM_VIAL_STEP_GBQ)
ACCESSORS(custom_vial_min_gbq, CUSTOM_VIAL_MIN_GBQ)
ACCESSORS(custom_vial_max_gbq, CUSTOM_VIAL_MAX_GBQ)
ACCESSORS(lung_dose_limit_session_gy, LUNG_DOSE_LIMIT_SESSION_GY)
ACCESSORS(lung_dose_limit_cumulative_gy, LUNG_DOSE_LIMIT_CUMULATIVE_GY)
ACCESSORS(lung_activity_limit_gbq, LUNG_ACTIVITY_LIMIT_GBQ)
ACCESSORS(normal_liver_dose_limit_gy, NORMAL_LIVER_DOSE_LIMIT_GY)
ACCESSORS(normal_perfused_dose_limit_gy, NORMAL_PERFUSED_DOSE_LIMIT_GY)
ACCESSORS(tumor_dose_target_gy, TUMOR_DOSE_TARGET_GY)
ACCESSORS(whole_liver_dose_target_gy, WHOLE_LIVER_DOSE_TARGET_GY)
ACCESSORS(pneumonitis_threshold_gy, PNEUMONITIS_THRESHOLD_GY)
ACCESSORS(use_window_start_h, USE_WINDOW_START_H)
ACCESSORS(use_window_end_h, USE_WINDOW_END_H)

int radioembo__product_get_field(const radioembo_product *product, radioembo_product_field field,
				 double *value_out)
{
	return get_value(product, field, value_out);
}

int radioembo__product_set_field(radioembo_product *product, radioembo_product_field field,
				 double value)
{
	return set_value(product, field, value);
}

double radioembo__product_value(const radioembo_product *product, radioembo_product_field field)
{
	return product->value[field];
}
