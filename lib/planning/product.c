/*
 * The microsphere product catalogue and site-defined products (radioembo-sources(7)
 * CLINICAL, PHYSICAL, DOSE-FACTOR, PRODUCTS, MIRD, LUNG, BSA, HOLMIUM and CONVENTIONS;
 * radioembo_product(3)).
 *
 * A product keeps its numeric fields in one array indexed by radioembo_product_field, NaN
 * meaning "unset" (no cited value). Every numeric field goes through one generic getter
 * and setter driven by the field table below, so that validation is written once.
 * The catalogue is static const data; a product object copies all of it, so it never
 * depends on the lifetime of anything else. A value's citation is a pointer into that
 * static data, kept beside the value only while the value is still the catalogue's: a
 * setter or unset drops it, so a product never cites a source for a value it did not give.
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
	/* the catalogue's citation of value[i], NULL once the caller changed or unset it */
	const char *source[FIELD_COUNT + 1];
	const char *identity_source;   /* of kind and nuclide, while both are the catalogue's */
	double *vial_sizes_gbq;        /* ascending; NULL when vial_count is 0 */
	size_t vial_count;
	const char *vial_sizes_source; /* while the list is the catalogue's */
};

/* ---- the catalogue ------------------------------------------------------------------- */

/*
 * Every catalogue value carries its citation as data, so that a front end (the command's
 * products listing, a vendor's screen) shows the library's own words and never keeps a
 * copy. A citation names the entries of radioembo-sources(7) that hold the full reference,
 * then the specific document and its evidence tag: [V] read in a retrieved text, [M] from
 * memory (unverified), [D] derived. Competing values are weighed in radioembo_product(3).
 */
#define SOURCES "radioembo-sources(7) "

enum { THERASPHERE, SIR_SPHERES, QUIREMSPHERES, BUILTIN_COUNT };

struct builtin {
	const char *name;
	const char *alias;
	radioembo_product_kind kind;
	radioembo_nuclide nuclide;
	const char *identity_source; /* of the kind and the nuclide */
	const double *vial_sizes_gbq;
	size_t vial_count;
	const char *vial_sizes_source; /* also when there are none: it says why */
};

static const double therasphere_vials_gbq[] = { 3.0, 5.0, 7.0, 10.0, 15.0, 20.0 };
static const double sir_spheres_vials_gbq[] = { 3.0 };

static const struct builtin builtins[BUILTIN_COUNT] = {
	[THERASPHERE] = {"TheraSphere", "glass", RADIOEMBO_PRODUCT_KIND_GLASS,
			 RADIOEMBO_NUCLIDE_Y90,
			 SOURCES "CLINICAL: glass microspheres, Y-90 in the glass matrix "
				 "(Hall 2026 Table 1) [V]",
			 therasphere_vials_gbq,
			 sizeof therasphere_vials_gbq / sizeof therasphere_vials_gbq[0],
			 SOURCES "PRODUCTS: TheraSphere package insert v12, standard vials [V]"},
	[SIR_SPHERES] = {"SIR-Spheres", "resin", RADIOEMBO_PRODUCT_KIND_RESIN,
			 RADIOEMBO_NUCLIDE_Y90,
			 SOURCES "CLINICAL: resin microspheres, Y-90 on the resin surface "
				 "(Hall 2026 Table 1) [V]",
			 sir_spheres_vials_gbq,
			 sizeof sir_spheres_vials_gbq / sizeof sir_spheres_vials_gbq[0],
			 SOURCES "CLINICAL, PRODUCTS: one 3 GBq vial (Hall 2026 Table 1; "
				 "Selwyn et al. Med Phys 2008; sirtex.com) [V]"},
	[QUIREMSPHERES] = {"QuiremSpheres", "holmium", RADIOEMBO_PRODUCT_KIND_PLLA,
			   RADIOEMBO_NUCLIDE_HO166,
			   SOURCES "CLINICAL, PRODUCTS, HOLMIUM: Ho-166 poly(L-lactic acid) "
				   "microspheres [V]",
			   NULL, 0,
			   SOURCES "PRODUCTS: no standard vials; doses are prepared by mass "
				   "(treatment 540-600 mg, scout 200-250 MBq; van Roekel thesis "
				   "p.29) [V]"},
};

struct builtin_value {
	int product;
	radioembo_product_field field;
	double value;
	const char *source;
};

/* Numeric fields of the catalogue; a field not listed for a product is unset. */
static const struct builtin_value builtin_values[] = {
	{THERASPHERE, F(HALF_LIFE_H), 64.1, SOURCES "PHYSICAL: TheraSphere package insert v12 [V]"},
	{THERASPHERE, F(DOSE_FACTOR_GY_KG_PER_GBQ), 50.0,
	 SOURCES "DOSE-FACTOR: the TheraSphere package insert's own factor '50' "
		 "(Kao et al. CVIR 2013) [V]"},
	{THERASPHERE, F(SPHERE_DIAMETER_MIN_UM), 20.0,
	 SOURCES "PRODUCTS: TheraSphere package insert v12, 20-30 um [V]"},
	{THERASPHERE, F(SPHERE_DIAMETER_MAX_UM), 30.0,
	 SOURCES "PRODUCTS: TheraSphere package insert v12, 20-30 um [V]"},
	/* per sphere at calibration, from the vendor's spheres per vial */
	{THERASPHERE, F(ACTIVITY_PER_SPHERE_BQ), 3.0e9 / 1.2e6,
	 SOURCES "CLINICAL, PRODUCTS: 1.2 million spheres per 3 GBq at calibration (Hall "
		 "2026 Table 1; TheraSphere product tables) [V], 3 GBq / 1.2e6 = 2500 Bq [D]"},
	{THERASPHERE, F(SPECIFIC_GRAVITY_G_PER_ML), 3.4,
	 SOURCES "PRODUCTS: PMC8583383 (CVIR 2019) Table 4 [V], the middle of 3.2 "
		 "(PMC6095426) and 3.6 (WJH 2015) [V]"},
	{THERASPHERE, F(VIAL_VOLUME_ML), 0.6,
	 SOURCES "PRODUCTS: TheraSphere package insert v12, 0.6 mL water [V]"},
	{THERASPHERE, F(CUSTOM_VIAL_STEP_GBQ), 0.5,
	 SOURCES "PRODUCTS: btg-im.com, custom vials in 0.5 GBq steps [V]"},
	{THERASPHERE, F(CUSTOM_VIAL_MIN_GBQ), 3.0,
	 SOURCES "PRODUCTS: btg-im.com, custom vials from 3 to 20 GBq [V]"},
	{THERASPHERE, F(CUSTOM_VIAL_MAX_GBQ), 20.0,
	 SOURCES "PRODUCTS: btg-im.com, custom vials from 3 to 20 GBq [V]"},
	{THERASPHERE, F(LUNG_DOSE_LIMIT_SESSION_GY), 30.0,
	 SOURCES "PRODUCTS, LUNG: TheraSphere instructions for use, 30 Gy in one "
		 "treatment [V]"},
	{THERASPHERE, F(LUNG_DOSE_LIMIT_CUMULATIVE_GY), 50.0,
	 SOURCES "LUNG: van Roekel thesis pp.30 and 41; radiopaedia [V]"},
	{THERASPHERE, F(LUNG_ACTIVITY_LIMIT_GBQ), 0.61,
	 SOURCES "PRODUCTS, LUNG: TheraSphere instructions for use, 16.5 mCi "
		 "(0.61 GBq) [V]"},
	{THERASPHERE, F(NORMAL_LIVER_DOSE_LIMIT_GY), 75.0,
	 SOURCES "MIRD: EANM 2022 Table 2, whole normal liver < 75 Gy [V]"},
	{THERASPHERE, F(TUMOR_DOSE_TARGET_GY), 205.0,
	 SOURCES "MIRD: EANM 2022 Table 2, DOSISPHERE-01 (Garin et al. 2021) [V]"},
	{THERASPHERE, F(PNEUMONITIS_THRESHOLD_GY), 41.0,
	 SOURCES "CLINICAL: Hall 2026 Table 1, about 41 Gy [V]"},
	{THERASPHERE, F(USE_WINDOW_START_H), 0.0, SOURCES "PRODUCTS: use from calibration [M]"},
	{THERASPHERE, F(USE_WINDOW_END_H), 336.0,
	 SOURCES "PRODUCTS: treatment up to about two weeks after calibration [M], "
		 "14 d x 24 h [D]"},

	{SIR_SPHERES, F(HALF_LIFE_H), 64.1,
	 SOURCES "PHYSICAL: PMC6095426 Table 3; WJH 2015;7:738 Table 1 [V]"},
	/* the library's Y-90 default: SIR-Spheres are planned with the partition model */
	{SIR_SPHERES, F(DOSE_FACTOR_GY_KG_PER_GBQ), 49.67,
	 SOURCES "DOSE-FACTOR: van Roekel thesis pp.30 and 125, the library's Y-90 "
		 "default [V]; Sirtex's 50 competes"},
	{SIR_SPHERES, F(SPHERE_DIAMETER_MIN_UM), 20.0,
	 SOURCES "PRODUCTS: product tables, 20-60 um [V]; 22-42 um (Hall 2026) competes"},
	{SIR_SPHERES, F(SPHERE_DIAMETER_MAX_UM), 60.0,
	 SOURCES "PRODUCTS: product tables, 20-60 um [V]; 22-42 um (Hall 2026) competes"},
	/*
	 * The vendor's count, not the rounder 50 Bq of the same tables: 50 Bq would mean 60
	 * million spheres per vial, outside 44 +/- 2.6 million.
	 */
	{SIR_SPHERES, F(ACTIVITY_PER_SPHERE_BQ), 3.0e9 / 44.0e6,
	 SOURCES "CLINICAL, PRODUCTS: 44 +/- 2.6 million spheres per 3 GBq vial at "
		 "calibration (sirtex.com product-features table; Hall 2026 Table 1) [V], "
		 "3 GBq / 44e6 = 68.2 Bq (64.4-72.5) [D]; 50 Bq (Hall 2026 Table 1, product "
		 "tables) competes"},
	{SIR_SPHERES, F(SPECIFIC_GRAVITY_G_PER_ML), 1.6,
	 SOURCES "PRODUCTS: product tables [V]; 1.125-1.6 (sirtex.com) competes"},
	{SIR_SPHERES, F(VIAL_VOLUME_ML), 5.0,
	 SOURCES "PRODUCTS: sirtex.com product-features table, 5 mL water for "
		 "injection [V]"},
	{SIR_SPHERES, F(LABEL_TOLERANCE), 0.10,
	 SOURCES "PRODUCTS: Selwyn et al. Med Phys 2008; sirtex.com, 3 GBq +/- 10 % [V]"},
	{SIR_SPHERES, F(LUNG_DOSE_LIMIT_SESSION_GY), 25.0,
	 SOURCES "LUNG, BSA: Sirtex instructions for use / Lau et al. 2012 [M]"},
	{SIR_SPHERES, F(LUNG_DOSE_LIMIT_CUMULATIVE_GY), 50.0,
	 SOURCES "LUNG: van Roekel thesis pp.30 and 41; radiopaedia [V]"},
	/* EANM 2022 gives resin no whole-normal-liver limit, only the perfused one */
	{SIR_SPHERES, F(NORMAL_PERFUSED_DOSE_LIMIT_GY), 40.0,
	 SOURCES "BSA: EANM 2022 Table 3, normal perfused liver < 40 Gy unilobar and "
		 "bilobar (< 30 Gy if pretreated or compromised) [V]"},
	{SIR_SPHERES, F(TUMOR_DOSE_TARGET_GY), 120.0,
	 SOURCES "BSA: EANM 2022 Table 3, >= 100-120 Gy (HCC, ICC), the upper end [V]"},
	{SIR_SPHERES, F(PNEUMONITIS_THRESHOLD_GY), 21.0,
	 SOURCES "CLINICAL: Hall 2026 Table 1, about 21 Gy [V]"},
	{SIR_SPHERES, F(USE_WINDOW_START_H), -72.0,
	 SOURCES "CLINICAL: Hall 2026 Table 1, calibration 'day of treatment or up to 3 "
		 "days after' [V], 3 d x 24 h [D]"},
	{SIR_SPHERES, F(USE_WINDOW_END_H), 0.0,
	 SOURCES "CLINICAL: Hall 2026 Table 1, calibration on the day of treatment at the "
		 "latest [V, D]"},

	{QUIREMSPHERES, F(HALF_LIFE_H), 26.8,
	 SOURCES "PHYSICAL, HOLMIUM: EANM 2022 (Weber et al. EJNMMI 49:1682) [V]"},
	{QUIREMSPHERES, F(DOSE_FACTOR_GY_KG_PER_GBQ), 15.87,
	 SOURCES "DOSE-FACTOR, HOLMIUM: Utrecht group, J Nucl Med 2016;57 suppl 2:199 [V]"},
	{QUIREMSPHERES, F(SPHERE_DIAMETER_MIN_UM), 20.0,
	 SOURCES "PRODUCTS: PMC8583383 Table 4, 20-50 um [V]"},
	{QUIREMSPHERES, F(SPHERE_DIAMETER_MAX_UM), 50.0,
	 SOURCES "PRODUCTS: PMC8583383 Table 4, 20-50 um [V]"},
	{QUIREMSPHERES, F(ACTIVITY_PER_SPHERE_BQ), 450.0,
	 SOURCES "PRODUCTS: rcpjournals Table 1 [V]; 200-400 Bq (PMC8583383) competes"},
	{QUIREMSPHERES, F(SPECIFIC_GRAVITY_G_PER_ML), 1.4,
	 SOURCES "PRODUCTS: PMC8583383 Table 4, 1.4 g/cm3 [V]"},
	{QUIREMSPHERES, F(LUNG_DOSE_LIMIT_SESSION_GY), 30.0,
	 SOURCES "HOLMIUM: QuiremSpheres instructions for use via Vranken et al. "
		 "EJNMMI Phys 2025;12:69 [V, second-hand]"},
	{QUIREMSPHERES, F(LUNG_DOSE_LIMIT_CUMULATIVE_GY), 50.0,
	 SOURCES "LUNG: van Roekel thesis pp.30 and 41 [V]"},
	/*
	 * HEPAR's doses are whole-liver means; taken as the normal liver's limit, a plan at the
	 * 60 Gy whole-liver target stays within it (tumour takes more than its share).
	 */
	{QUIREMSPHERES, F(NORMAL_LIVER_DOSE_LIMIT_GY), 60.0,
	 SOURCES "HOLMIUM: HEPAR I escalated 20, 40, 60 and 80 Gy and later studies "
		 "prescribe 60 Gy to the whole liver (van Roekel thesis p.125) [V]; 60 Gy as "
		 "HEPAR I's maximum tolerated dose (Smits et al. Lancet Oncol 2012) [M]"},
	{QUIREMSPHERES, F(WHOLE_LIVER_DOSE_TARGET_GY), 60.0,
	 SOURCES "HOLMIUM: van Roekel thesis p.125 (HEPAR; 3.78 GBq/kg) [V]"},
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
	for (i = 0; i <= FIELD_COUNT; i++) {
		product->value[i] = NAN;
		product->source[i] = NULL;
	}
	product->identity_source = NULL;
	product->vial_sizes_gbq = NULL;
	product->vial_count = 0;
	product->vial_sizes_source = NULL;
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
		if (&builtins[builtin_values[i].product] == entry) {
			product->value[builtin_values[i].field] = builtin_values[i].value;
			product->source[builtin_values[i].field] = builtin_values[i].source;
		}
	product->identity_source = entry->identity_source;
	product->vial_sizes_source = entry->vial_sizes_source;
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
	memcpy(copy->source, product->source, sizeof copy->source);
	copy->identity_source = product->identity_source;
	copy->vial_sizes_source = product->vial_sizes_source;
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

const char *radioembo_product_identity_source(const radioembo_product *product)
{
	return product != NULL ? product->identity_source : NULL;
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
	product->identity_source = NULL;
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
	product->identity_source = NULL;
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
	product->vial_sizes_source = NULL;
	return RADIOEMBO_OK;
}

const char *radioembo_product_vial_sizes_source(const radioembo_product *product)
{
	return product != NULL ? product->vial_sizes_source : NULL;
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
	product->source[field] = NULL;
	return RADIOEMBO_OK;
}

const char *radioembo_product_field_source(const radioembo_product *product,
					   radioembo_product_field field)
{
	return product != NULL && (int)field >= 1 && (int)field <= FIELD_COUNT
		       ? product->source[field]
		       : NULL;
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
	product->source[field] = NULL;
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
