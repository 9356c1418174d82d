/*
 * libradioembo - radioembolization planning and dosimetry
 * product.h: the microsphere product catalogue (TheraSphere, SIR-Spheres, QuiremSpheres)
 * and site-defined products, as opaque objects whose every field a site may change.
 *
 * A product is created from the built-in catalogue or blank, owns copies of everything it
 * keeps, and is freed with radioembo_product_free(). Numeric fields may be "unset" (the
 * catalogue has no cited value, or a site product has not set it): their getter then fails
 * with RADIOEMBO_ENOTFOUND and leaves the output untouched. Values, units, sources and
 * evidence tags are listed in the radioembo_product man page (section 3); a catalogue
 * value's citation is also available at run time (radioembo_product_field_source()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_PRODUCT_H
#define RADIOEMBO_PRODUCT_H

#include "common.h"
#include "nuclide.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct radioembo_product radioembo_product;

/* Sphere material. Values are frozen; new kinds are only ever appended. */
typedef enum {
	RADIOEMBO_PRODUCT_KIND_GLASS = 1, /* Y-90 in a glass matrix (TheraSphere) */
	RADIOEMBO_PRODUCT_KIND_RESIN = 2, /* Y-90 on a resin surface (SIR-Spheres) */
	RADIOEMBO_PRODUCT_KIND_PLLA = 3,  /* Ho-166 poly(L-lactic acid) (QuiremSpheres) */
	RADIOEMBO_PRODUCT_KIND_OTHER = 4  /* a site-defined product of another material */
} radioembo_product_kind;

/*
 * The numeric fields, for radioembo_product_is_set() and radioembo_product_unset().
 * Each has its own getter and setter below. Values are frozen and append-only.
 */
typedef enum {
	RADIOEMBO_PRODUCT_FIELD_HALF_LIFE_H = 1,
	RADIOEMBO_PRODUCT_FIELD_DOSE_FACTOR_GY_KG_PER_GBQ = 2,
	RADIOEMBO_PRODUCT_FIELD_SPHERE_DIAMETER_MIN_UM = 3,
	RADIOEMBO_PRODUCT_FIELD_SPHERE_DIAMETER_MAX_UM = 4,
	RADIOEMBO_PRODUCT_FIELD_ACTIVITY_PER_SPHERE_BQ = 5,
	RADIOEMBO_PRODUCT_FIELD_SPECIFIC_GRAVITY_G_PER_ML = 6,
	RADIOEMBO_PRODUCT_FIELD_VIAL_VOLUME_ML = 7,
	RADIOEMBO_PRODUCT_FIELD_LABEL_TOLERANCE = 8,
	RADIOEMBO_PRODUCT_FIELD_CUSTOM_VIAL_STEP_GBQ = 9,
	RADIOEMBO_PRODUCT_FIELD_CUSTOM_VIAL_MIN_GBQ = 10,
	RADIOEMBO_PRODUCT_FIELD_CUSTOM_VIAL_MAX_GBQ = 11,
	RADIOEMBO_PRODUCT_FIELD_LUNG_DOSE_LIMIT_SESSION_GY = 12,
	RADIOEMBO_PRODUCT_FIELD_LUNG_DOSE_LIMIT_CUMULATIVE_GY = 13,
	RADIOEMBO_PRODUCT_FIELD_LUNG_ACTIVITY_LIMIT_GBQ = 14,
	RADIOEMBO_PRODUCT_FIELD_NORMAL_LIVER_DOSE_LIMIT_GY = 15,
	RADIOEMBO_PRODUCT_FIELD_TUMOR_DOSE_TARGET_GY = 16,
	RADIOEMBO_PRODUCT_FIELD_WHOLE_LIVER_DOSE_TARGET_GY = 17,
	RADIOEMBO_PRODUCT_FIELD_PNEUMONITIS_THRESHOLD_GY = 18,
	RADIOEMBO_PRODUCT_FIELD_USE_WINDOW_START_H = 19,
	RADIOEMBO_PRODUCT_FIELD_USE_WINDOW_END_H = 20,
	RADIOEMBO_PRODUCT_FIELD_NORMAL_PERFUSED_DOSE_LIMIT_GY = 21
} radioembo_product_field;

/* ---- construction ------------------------------------------------------------------- */

/*
 * A copy of a catalogue product: "TheraSphere", "SIR-Spheres", "QuiremSpheres", or the
 * aliases "glass", "resin", "holmium", in any ASCII letter case. Unknown: ENOTFOUND.
 */
RADIOEMBO_API int radioembo_product_new_builtin(const char *name,
						radioembo_product **product_out);

/*
 * A blank site product of kind RADIOEMBO_PRODUCT_KIND_OTHER: half-life and dose factor are
 * the nuclide's defaults (radioembo_nuclide_half_life_h(), radioembo_nuclide_dose_factor()),
 * there are no standard vials, and every other numeric field is unset.
 */
RADIOEMBO_API int radioembo_product_new_custom(const char *name, radioembo_nuclide nuclide,
					       radioembo_product **product_out);

/* A deep, independent copy. */
RADIOEMBO_API int radioembo_product_copy(const radioembo_product *product,
					 radioembo_product **copy_out);

/* Frees the product and everything it owns; accepts NULL. */
RADIOEMBO_API void radioembo_product_free(radioembo_product *product);

/* Number of catalogue products, and their canonical names (NULL if index is out of range). */
RADIOEMBO_API int radioembo_product_count_builtin(void);
RADIOEMBO_API const char *radioembo_product_builtin_name(int index);

/* ---- identity ------------------------------------------------------------------------ */

/* The name, borrowed: valid until the product is freed or renamed. NULL if product is NULL. */
RADIOEMBO_API const char *radioembo_product_name(const radioembo_product *product);
/* Copies name (non-empty). */
RADIOEMBO_API int radioembo_product_set_name(radioembo_product *product, const char *name);

RADIOEMBO_API int radioembo_product_get_kind(const radioembo_product *product,
					     radioembo_product_kind *kind_out);
RADIOEMBO_API int radioembo_product_set_kind(radioembo_product *product,
					     radioembo_product_kind kind);

/*
 * The citation of the kind and nuclide of a catalogue product (an entry of
 * radioembo-sources(7), the document and its evidence tag), static; NULL for a site
 * product, after radioembo_product_set_kind() or radioembo_product_set_nuclide(), or if
 * product is NULL. Renaming keeps it.
 */
RADIOEMBO_API const char *radioembo_product_identity_source(const radioembo_product *product);

/* Setting the nuclide changes neither the half-life nor the dose factor: set them too. */
RADIOEMBO_API int radioembo_product_get_nuclide(const radioembo_product *product,
						radioembo_nuclide *nuclide_out);
RADIOEMBO_API int radioembo_product_set_nuclide(radioembo_product *product,
						radioembo_nuclide nuclide);

/* ---- standard vials ------------------------------------------------------------------ */

/*
 * Standard vial activities at calibration, GBq, ascending. Query the count first with
 * sizes_gbq_out NULL and capacity 0; otherwise capacity must hold every size (else
 * RADIOEMBO_ERANGE, nothing written). *count_out receives the number of sizes.
 */
RADIOEMBO_API int radioembo_product_get_vial_sizes_gbq(const radioembo_product *product,
						       double *sizes_gbq_out, size_t capacity,
						       size_t *count_out);
/* Replaces the list (copied): finite, > 0, strictly ascending; n = 0 clears it. */
RADIOEMBO_API int radioembo_product_set_vial_sizes_gbq(radioembo_product *product,
						       const double *sizes_gbq, size_t n);
/*
 * The citation of the catalogue's list of standard vials (also of an empty one), static;
 * NULL for a site product, after radioembo_product_set_vial_sizes_gbq(), or if product is
 * NULL.
 */
RADIOEMBO_API const char *radioembo_product_vial_sizes_source(const radioembo_product *product);

/* ---- any numeric field --------------------------------------------------------------- */

/*
 * The stable lowercase names of a kind ("glass", "resin", "plla", "other") and of a field
 * (its setter's parameter name, "lung_dose_limit_session_gy"); NULL for a value that is
 * not one.
 */
RADIOEMBO_API const char *radioembo_product_kind_name(radioembo_product_kind kind);
RADIOEMBO_API const char *radioembo_product_field_name(radioembo_product_field field);

/* *is_set_out = 1 if the field holds a value, 0 if it is unset. */
RADIOEMBO_API int radioembo_product_is_set(const radioembo_product *product,
					   radioembo_product_field field, int *is_set_out);
/* Makes the field unset (for example, to drop a limit a site does not apply). */
RADIOEMBO_API int radioembo_product_unset(radioembo_product *product,
					  radioembo_product_field field);

/*
 * The citation of a field's value while it is the catalogue's: "radioembo-sources(7)", the
 * entries that hold the full reference, the document and its evidence tag, as in
 * "radioembo-sources(7) PHYSICAL: TheraSphere package insert v12 [V]". Static; copies keep
 * it. NULL when the field is unset, when its setter or radioembo_product_unset() was called
 * (even with the same value), for a site product, or if product is NULL or field is not a
 * radioembo_product_field value.
 */
RADIOEMBO_API const char *radioembo_product_field_source(const radioembo_product *product,
							 radioembo_product_field field);

/*
 * ---- numeric fields: one getter and one setter each ---------------------------------
 * Getters fail with RADIOEMBO_ENOTFOUND for an unset field. Setters reject NaN and
 * infinities; "> 0" fields reject zero and negatives; fractions must be within [0, 1);
 * a minimum may not exceed its set maximum (and the reverse).
 */

/* Physical half-life, hours (> 0). */
RADIOEMBO_API int radioembo_product_get_half_life_h(const radioembo_product *product,
						    double *half_life_h_out);
RADIOEMBO_API int radioembo_product_set_half_life_h(radioembo_product *product,
						    double half_life_h);

/* Absorbed dose per activity and mass for complete local decay, Gy kg/GBq (> 0). */
RADIOEMBO_API int radioembo_product_get_dose_factor_gy_kg_per_gbq(
	const radioembo_product *product, double *dose_factor_gy_kg_per_gbq_out);
RADIOEMBO_API int radioembo_product_set_dose_factor_gy_kg_per_gbq(
	radioembo_product *product, double dose_factor_gy_kg_per_gbq);

/* Sphere diameter range, micrometres (> 0, min <= max). */
RADIOEMBO_API int radioembo_product_get_sphere_diameter_min_um(
	const radioembo_product *product, double *sphere_diameter_min_um_out);
RADIOEMBO_API int radioembo_product_set_sphere_diameter_min_um(
	radioembo_product *product, double sphere_diameter_min_um);
RADIOEMBO_API int radioembo_product_get_sphere_diameter_max_um(
	const radioembo_product *product, double *sphere_diameter_max_um_out);
RADIOEMBO_API int radioembo_product_set_sphere_diameter_max_um(
	radioembo_product *product, double sphere_diameter_max_um);

/* Activity per sphere at calibration, Bq (> 0). */
RADIOEMBO_API int radioembo_product_get_activity_per_sphere_bq(
	const radioembo_product *product, double *activity_per_sphere_bq_out);
RADIOEMBO_API int radioembo_product_set_activity_per_sphere_bq(
	radioembo_product *product, double activity_per_sphere_bq);

/* Sphere specific gravity (density), g/mL (> 0). */
RADIOEMBO_API int radioembo_product_get_specific_gravity_g_per_ml(
	const radioembo_product *product, double *specific_gravity_g_per_ml_out);
RADIOEMBO_API int radioembo_product_set_specific_gravity_g_per_ml(
	radioembo_product *product, double specific_gravity_g_per_ml);

/* Liquid volume of a supplied vial, mL (> 0). */
RADIOEMBO_API int radioembo_product_get_vial_volume_ml(const radioembo_product *product,
						       double *vial_volume_ml_out);
RADIOEMBO_API int radioembo_product_set_vial_volume_ml(radioembo_product *product,
						       double vial_volume_ml);

/* Label activity tolerance, a fraction (0.1 = +/-10 %), within [0, 1). */
RADIOEMBO_API int radioembo_product_get_label_tolerance(const radioembo_product *product,
							double *label_tolerance_out);
RADIOEMBO_API int radioembo_product_set_label_tolerance(radioembo_product *product,
							double label_tolerance);

/* Custom vials: activity step and range at calibration, GBq (> 0, min <= max). */
RADIOEMBO_API int radioembo_product_get_custom_vial_step_gbq(
	const radioembo_product *product, double *custom_vial_step_gbq_out);
RADIOEMBO_API int radioembo_product_set_custom_vial_step_gbq(
	radioembo_product *product, double custom_vial_step_gbq);
RADIOEMBO_API int radioembo_product_get_custom_vial_min_gbq(
	const radioembo_product *product, double *custom_vial_min_gbq_out);
RADIOEMBO_API int radioembo_product_set_custom_vial_min_gbq(
	radioembo_product *product, double custom_vial_min_gbq);
RADIOEMBO_API int radioembo_product_get_custom_vial_max_gbq(
	const radioembo_product *product, double *custom_vial_max_gbq_out);
RADIOEMBO_API int radioembo_product_set_custom_vial_max_gbq(
	radioembo_product *product, double custom_vial_max_gbq);

/* Default mean lung dose limits, Gy (> 0): per treatment session and cumulative. */
RADIOEMBO_API int radioembo_product_get_lung_dose_limit_session_gy(
	const radioembo_product *product, double *lung_dose_limit_session_gy_out);
RADIOEMBO_API int radioembo_product_set_lung_dose_limit_session_gy(
	radioembo_product *product, double lung_dose_limit_session_gy);
RADIOEMBO_API int radioembo_product_get_lung_dose_limit_cumulative_gy(
	const radioembo_product *product, double *lung_dose_limit_cumulative_gy_out);
RADIOEMBO_API int radioembo_product_set_lung_dose_limit_cumulative_gy(
	radioembo_product *product, double lung_dose_limit_cumulative_gy);

/* Default limit on the activity shunted to the lungs, GBq (> 0). */
RADIOEMBO_API int radioembo_product_get_lung_activity_limit_gbq(
	const radioembo_product *product, double *lung_activity_limit_gbq_out);
RADIOEMBO_API int radioembo_product_set_lung_activity_limit_gbq(
	radioembo_product *product, double lung_activity_limit_gbq);

/* Default upper limit of the mean dose to the whole normal (non-tumoral) liver, Gy (> 0). */
RADIOEMBO_API int radioembo_product_get_normal_liver_dose_limit_gy(
	const radioembo_product *product, double *normal_liver_dose_limit_gy_out);
RADIOEMBO_API int radioembo_product_set_normal_liver_dose_limit_gy(
	radioembo_product *product, double normal_liver_dose_limit_gy);
/* Default upper limit of the mean dose to the normal liver inside the treated volume, Gy. */
RADIOEMBO_API int radioembo_product_get_normal_perfused_dose_limit_gy(
	const radioembo_product *product, double *normal_perfused_dose_limit_gy_out);
RADIOEMBO_API int radioembo_product_set_normal_perfused_dose_limit_gy(
	radioembo_product *product, double normal_perfused_dose_limit_gy);

/* Default minimum mean tumour dose, Gy (> 0). */
RADIOEMBO_API int radioembo_product_get_tumor_dose_target_gy(
	const radioembo_product *product, double *tumor_dose_target_gy_out);
RADIOEMBO_API int radioembo_product_set_tumor_dose_target_gy(
	radioembo_product *product, double tumor_dose_target_gy);

/* Default mean whole-liver dose target, Gy (> 0). */
RADIOEMBO_API int radioembo_product_get_whole_liver_dose_target_gy(
	const radioembo_product *product, double *whole_liver_dose_target_gy_out);
RADIOEMBO_API int radioembo_product_set_whole_liver_dose_target_gy(
	radioembo_product *product, double whole_liver_dose_target_gy);

/* Reported lung dose above which radiation pneumonitis was seen, Gy (> 0); informative. */
RADIOEMBO_API int radioembo_product_get_pneumonitis_threshold_gy(
	const radioembo_product *product, double *pneumonitis_threshold_gy_out);
RADIOEMBO_API int radioembo_product_set_pneumonitis_threshold_gy(
	radioembo_product *product, double pneumonitis_threshold_gy);

/*
 * Use window: hours relative to the calibration time (negative = before calibration) from
 * which and until which the product may be implanted (finite, start <= end).
 */
RADIOEMBO_API int radioembo_product_get_use_window_start_h(const radioembo_product *product,
							   double *use_window_start_h_out);
RADIOEMBO_API int radioembo_product_set_use_window_start_h(radioembo_product *product,
							   double use_window_start_h);
RADIOEMBO_API int radioembo_product_get_use_window_end_h(const radioembo_product *product,
							 double *use_window_end_h_out);
RADIOEMBO_API int radioembo_product_set_use_window_end_h(radioembo_product *product,
							 double use_window_end_h);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_PRODUCT_H */
