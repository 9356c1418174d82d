/*
 * libradioembo internals: the plan and result objects, shared by plan.c (the plan and its
 * settings), plan_compute.c (the models), engine.c (the doses) and result.c (storage and
 * getters).
 * Never installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_PLANNING_INTERNAL_H
#define RADIOEMBO_PLANNING_INTERNAL_H

#include "core/internal.h"
#include "planning/engine.h"

#define RADIOEMBO__WHOLE_LIVER SIZE_MAX
/* Models are numbered 1..RADIOEMBO__MODEL_LAST; index 0 (NONE) is unused in the table. */
#define RADIOEMBO__MODEL_LAST RADIOEMBO_MODEL_HO166_WHOLE_LIVER

struct radioembo_plan {
	radioembo_product *product;
	radioembo_liver *liver;
	radioembo_lung *lung;
	radioembo_vial *vial; /* NULL: none at hand */
	radioembo_radiobiology_params *radiobiology; /* NULL: the product kind's defaults */
	size_t territory;     /* RADIOEMBO__WHOLE_LIVER or a territory index */
	radioembo_prescription prescription;
	double prescribed_value;   /* GBq or Gy, by prescription */
	size_t prescribed_lesion;  /* for RADIOEMBO_PRESCRIBE_TUMOR_DOSE */
	double residual_fraction;
	double height_cm, weight_kg; /* NaN while unknown */
	radioembo_bsa_lobar_rule bsa_lobar_rule;
	int has_treatment, has_calibration, has_assay;
	int64_t treatment_s, calibration_s, assay_s;
	double assay_gbq;
};

/* One model's figures; NaN marks a figure that is unknown for this plan. */
struct radioembo__model_figures {
	int applies;
	radioembo_model dose_model;
	int has_limiting_organ;
	radioembo_limiting_organ limiting_organ;
	double inject_gbq, delivered_gbq;
	double order_gbq, vial_gbq, draw_fraction, draw_volume_ml, sphere_count;
	double perfused_dose_gy, normal_perfused_dose_gy, normal_liver_dose_gy;
	double lung_dose_gy, lung_cumulative_dose_gy;
	double normal_perfused_bed_gy, normal_liver_bed_gy; /* NaN: no liver parameters */
	double *lesion_dose_gy; /* per lesion of the liver; NaN: not treated by this model */
	double *lesion_bed_gy;  /* per lesion; NaN: not treated, or no tumour parameters */
};

struct radioembo__diagnostic {
	radioembo_diagnostic_code code;
	radioembo_severity severity;
	radioembo_model model;
	char *message;
};

struct radioembo_result {
	radioembo_prescription prescription;
	size_t lesion_count;
	struct radioembo__constants constants;
	double perfused_mass_kg, normal_perfused_mass_kg, normal_liver_mass_kg;
	double bsa_m2, lsf_reduction;
	radioembo_bsa_lobar_rule bsa_lobar_rule; /* 0: the BSA method gave no activity */
	double *lesion_mass_kg; /* per lesion of the liver */
	struct radioembo__lesion_state *lesions; /* per lesion of the liver */
	double liver_volume_ml, treated_volume_ml;
	int whole_liver;
	struct radioembo__model_figures models[RADIOEMBO__MODEL_LAST + 1];
	struct radioembo__diagnostic *diagnostics;
	size_t diagnostic_count, diagnostic_capacity;
	radioembo_radiobiology_params *radiobiology; /* the parameters used, owned */
};

/* An empty result for lesion_count lesions: every figure NaN, no model applying. */
int radioembo__result_new(size_t lesion_count, radioembo_result **result_out);

/* Appends a diagnostic with a printf-formatted message. */
int radioembo__result_diagnose(radioembo_result *result, radioembo_diagnostic_code code,
			       radioembo_severity severity, radioembo_model model,
			       const char *format, ...) RADIOEMBO__PRINTF(5, 6);

/* Runs the models of plan into result (plan_compute.c). */
int radioembo__plan_compute(const radioembo_plan *plan, radioembo_result *result);

/*
 * A product's numeric field by its enumerator (1 to the last radioembo_product_field), as
 * its own getter and setter check and name it: for readers that find fields by name
 * (radioembo_product_field_name()).
 */
int radioembo__product_get_field(const radioembo_product *product, radioembo_product_field field,
				 double *value_out);
int radioembo__product_set_field(radioembo_product *product, radioembo_product_field field,
				 double value);

/* A product's numeric field, NaN while unset, for the plan (no failure message recorded). */
double radioembo__product_value(const radioembo_product *product, radioembo_product_field field);

#endif /* RADIOEMBO_PLANNING_INTERNAL_H */
