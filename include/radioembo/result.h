/*
 * libradioembo - radioembolization planning and dosimetry
 * result.h: what radioembo_plan_compute() found, per model, with the constants it used and
 * diagnostics. A result is immutable and independent of the plan that made it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_RESULT_H
#define RADIOEMBO_RESULT_H

#include "common.h"
#include "bsa.h"
#include "partition.h"
#include "radiobiology.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct radioembo_result radioembo_result;

/* The dosimetry models a plan runs side by side. Values are frozen and append-only. */
typedef enum {
	RADIOEMBO_MODEL_NONE = 0,               /* a diagnostic about the whole plan */
	RADIOEMBO_MODEL_SINGLE_COMPARTMENT = 1, /* MIRD, uniform over the perfused volume */
	RADIOEMBO_MODEL_PARTITION = 2,          /* Ho et al. 1996, lesions with a TNR */
	RADIOEMBO_MODEL_BSA = 3,                /* resin body-surface-area method */
	RADIOEMBO_MODEL_HO166_WHOLE_LIVER = 4   /* Ho-166 whole-liver dose target */
} radioembo_model;

/* What the plan was asked for. Values are frozen and append-only. */
typedef enum {
	RADIOEMBO_PRESCRIBE_MAX_SAFE = 1,
	RADIOEMBO_PRESCRIBE_ACTIVITY = 2,
	RADIOEMBO_PRESCRIBE_PERFUSED_DOSE = 3,
	RADIOEMBO_PRESCRIBE_TUMOR_DOSE = 4
} radioembo_prescription;

typedef enum {
	RADIOEMBO_SEVERITY_INFO = 1,      /* how the result was reached */
	RADIOEMBO_SEVERITY_WARNING = 2,   /* worth a look: a target missed, a vial short */
	RADIOEMBO_SEVERITY_VIOLATION = 3  /* a limit broken or a contraindication */
} radioembo_severity;

/* Stable diagnostic codes. Values are frozen and append-only. */
typedef enum {
	RADIOEMBO_DIAG_LUNG_SESSION_LIMIT = 1,
	RADIOEMBO_DIAG_LUNG_CUMULATIVE_LIMIT = 2,
	RADIOEMBO_DIAG_LUNG_ACTIVITY_LIMIT = 3,
	RADIOEMBO_DIAG_NORMAL_LIVER_LIMIT = 4,
	RADIOEMBO_DIAG_TUMOR_UNDER_TARGET = 5,
	RADIOEMBO_DIAG_LSF_REDUCTION = 6,
	RADIOEMBO_DIAG_LSF_CONTRAINDICATION = 7,
	RADIOEMBO_DIAG_LESIONS_EXCEED_VOLUME = 8,
	RADIOEMBO_DIAG_LESION_OUTSIDE_TERRITORIES = 9,
	RADIOEMBO_DIAG_LESION_NOT_TREATED = 10,
	RADIOEMBO_DIAG_LESION_WITHOUT_TNR = 11,
	RADIOEMBO_DIAG_MODEL_NOT_APPLICABLE = 12,
	RADIOEMBO_DIAG_NO_VIAL_LARGE_ENOUGH = 13,
	RADIOEMBO_DIAG_VIAL_INSUFFICIENT = 14,
	RADIOEMBO_DIAG_VIAL_OUT_OF_TOLERANCE = 15,
	RADIOEMBO_DIAG_OUTSIDE_USE_WINDOW = 16,
	RADIOEMBO_DIAG_TERRITORY_EXCEEDS_LIVER = 17,
	RADIOEMBO_DIAG_SINGLE_COMPARTMENT_NOT_RECOMMENDED = 18,
	RADIOEMBO_DIAG_NORMAL_PERFUSED_LIMIT = 19,
	RADIOEMBO_DIAG_NO_NORMAL_LIVER_LIMIT = 20, /* max safe: only the lungs bound it */
	/* since 1.4.0: an input outside its usual range (a warning naming the range) */
	RADIOEMBO_DIAG_UNUSUAL_INPUT = 21,
	RADIOEMBO_DIAG_LSF_IMPLAUSIBLE = 22 /* since 1.4.0: LSF above 0.5, check the scan */
} radioembo_diagnostic_code;

/*
 * The stable lowercase names of these values, as the case file and the JSON report spell
 * them ("single_compartment", "max_safe", "violation", "lung_session_limit"); NULL for a
 * value that names none (RADIOEMBO_MODEL_NONE included).
 */
RADIOEMBO_API const char *radioembo_model_name(radioembo_model model);
RADIOEMBO_API const char *radioembo_prescription_name(radioembo_prescription prescription);
RADIOEMBO_API const char *radioembo_severity_name(radioembo_severity severity);
RADIOEMBO_API const char *radioembo_diagnostic_code_name(radioembo_diagnostic_code code);
/*
 * A model's label for people ("BSA (resin)", "Ho-166 whole liver"), static; NULL for a
 * value that names none (RADIOEMBO_MODEL_NONE included).
 */
RADIOEMBO_API const char *radioembo_model_label(radioembo_model model);
/* The model of a name above, in any ASCII letter case; anything else: RADIOEMBO_ENOTFOUND. */
RADIOEMBO_API int radioembo_model_from_name(const char *name, radioembo_model *model_out);

RADIOEMBO_API void radioembo_result_free(radioembo_result *result);

RADIOEMBO_API int radioembo_result_get_prescription(const radioembo_result *result,
						    radioembo_prescription *prescription_out);

/* 1 if the model ran for this plan, 0 if it does not apply (a diagnostic says why). */
RADIOEMBO_API int radioembo_result_model_applies(const radioembo_result *result,
						 radioembo_model model, int *applies_out);

/*
 * Per-model figures. Each fails with RADIOEMBO_ENOTFOUND when the model does not apply or
 * the figure is unknown for this plan (no timing, no vial), and RADIOEMBO_EINVAL for a
 * value that is not a model.
 */
/* Activity to inject, and the part delivered after the budgeted residual, GBq. */
RADIOEMBO_API int radioembo_result_get_inject_activity_gbq(const radioembo_result *result,
							   radioembo_model model,
							   double *activity_gbq_out);
RADIOEMBO_API int radioembo_result_get_delivered_activity_gbq(const radioembo_result *result,
							      radioembo_model model,
							      double *activity_gbq_out);
/* Activity needed at the calibration instant, and the smallest vial that covers it. */
RADIOEMBO_API int radioembo_result_get_order_activity_gbq(const radioembo_result *result,
							  radioembo_model model,
							  double *activity_gbq_out);
RADIOEMBO_API int radioembo_result_get_order_vial_gbq(const radioembo_result *result,
						      radioembo_model model,
						      double *vial_gbq_out);
/* With a vial at hand: the fraction and volume of it to draw at treatment. */
RADIOEMBO_API int radioembo_result_get_draw_fraction(const radioembo_result *result,
						     radioembo_model model,
						     double *fraction_out);
RADIOEMBO_API int radioembo_result_get_draw_volume_ml(const radioembo_result *result,
						      radioembo_model model,
						      double *volume_ml_out);
/* Microspheres injected (activity / activity per sphere at treatment). */
RADIOEMBO_API int radioembo_result_get_sphere_count(const radioembo_result *result,
						    radioembo_model model, double *count_out);

/* Mean dose to the treated (perfused) volume, lesions included, Gy. */
RADIOEMBO_API int radioembo_result_get_perfused_dose_gy(const radioembo_result *result,
							radioembo_model model,
							double *dose_gy_out);
/* Dose to the normal liver inside the treated volume, Gy. */
RADIOEMBO_API int radioembo_result_get_normal_perfused_dose_gy(const radioembo_result *result,
							       radioembo_model model,
							       double *dose_gy_out);
/* Mean dose to the whole normal liver (untreated normal liver receives none), Gy. */
RADIOEMBO_API int radioembo_result_get_normal_liver_dose_gy(const radioembo_result *result,
							    radioembo_model model,
							    double *dose_gy_out);
/* Dose to lesion lesion_index of the liver; ENOTFOUND if the lesion is not treated. */
RADIOEMBO_API int radioembo_result_get_lesion_dose_gy(const radioembo_result *result,
						      radioembo_model model,
						      size_t lesion_index, double *dose_gy_out);
/*
 * Biologically effective dose (Dale's BED for a permanent decaying implant, with the
 * product's half-life; radioembo_bed_gy()) of a lesion (tumour alpha/beta and repair
 * time), of the normal perfused liver, and the mean over the whole normal liver, whose
 * untreated part receives none (liver alpha/beta and repair time). BED is not linear in
 * dose: each comes from its compartment's dose, never from a mean. ENOTFOUND without the
 * parameters (see radioembo_result_get_radiobiology()).
 */
RADIOEMBO_API int radioembo_result_get_lesion_bed_gy(const radioembo_result *result,
						     radioembo_model model, size_t lesion_index,
						     double *bed_gy_out);
RADIOEMBO_API int radioembo_result_get_normal_perfused_bed_gy(const radioembo_result *result,
							      radioembo_model model,
							      double *bed_gy_out);
RADIOEMBO_API int radioembo_result_get_normal_liver_bed_gy(const radioembo_result *result,
							   radioembo_model model,
							   double *bed_gy_out);
/* The radiobiological parameters used, borrowed from the result. */
RADIOEMBO_API int radioembo_result_get_radiobiology(const radioembo_result *result,
						    const radioembo_radiobiology_params **params_out);

/* Lung dose of this session, and with every earlier session added, Gy. */
RADIOEMBO_API int radioembo_result_get_lung_dose_gy(const radioembo_result *result,
						    radioembo_model model, double *dose_gy_out);
RADIOEMBO_API int radioembo_result_get_lung_cumulative_dose_gy(const radioembo_result *result,
							       radioembo_model model,
							       double *dose_gy_out);
/*
 * Which model computed this model's doses: BSA and Ho-166 whole-liver give an activity,
 * whose doses come from the partition model when it applies, else single compartment.
 */
RADIOEMBO_API int radioembo_result_get_dose_model(const radioembo_result *result,
						  radioembo_model model,
						  radioembo_model *dose_model_out);
/* For a maximum-safe prescription: the organ whose limit set the activity. */
RADIOEMBO_API int radioembo_result_get_limiting_organ(const radioembo_result *result,
						      radioembo_model model,
						      radioembo_limiting_organ *organ_out);

/* The constants used, so that every figure can be reproduced. */
RADIOEMBO_API int radioembo_result_get_half_life_h(const radioembo_result *result,
						   double *half_life_h_out);
RADIOEMBO_API int radioembo_result_get_dose_factor(const radioembo_result *result,
						   double *gy_kg_per_gbq_out);
RADIOEMBO_API int radioembo_result_get_lsf(const radioembo_result *result, double *lsf_out);
RADIOEMBO_API int radioembo_result_get_residual_fraction(const radioembo_result *result,
							 double *residual_fraction_out);
RADIOEMBO_API int radioembo_result_get_liver_density_g_per_ml(const radioembo_result *result,
							      double *density_g_per_ml_out);
RADIOEMBO_API int radioembo_result_get_perfused_mass_kg(const radioembo_result *result,
							double *mass_kg_out);
RADIOEMBO_API int radioembo_result_get_normal_perfused_mass_kg(const radioembo_result *result,
							       double *mass_kg_out);
RADIOEMBO_API int radioembo_result_get_normal_liver_mass_kg(const radioembo_result *result,
							    double *mass_kg_out);
RADIOEMBO_API int radioembo_result_get_lesion_mass_kg(const radioembo_result *result,
						      size_t lesion_index, double *mass_kg_out);
RADIOEMBO_API int radioembo_result_get_lung_mass_kg(const radioembo_result *result,
						    double *mass_kg_out);
RADIOEMBO_API int radioembo_result_get_prior_lung_dose_gy(const radioembo_result *result,
							  double *dose_gy_out);
/* Limits applied; ENOTFOUND for a limit the product leaves unset (not applied). */
RADIOEMBO_API int radioembo_result_get_lung_session_limit_gy(const radioembo_result *result,
							     double *limit_gy_out);
RADIOEMBO_API int radioembo_result_get_lung_cumulative_limit_gy(const radioembo_result *result,
								double *limit_gy_out);
RADIOEMBO_API int radioembo_result_get_normal_liver_limit_gy(const radioembo_result *result,
							     double *limit_gy_out);
RADIOEMBO_API int radioembo_result_get_normal_perfused_limit_gy(const radioembo_result *result,
								double *limit_gy_out);
/* BSA method only: body-surface area and the LSF reduction factor applied. */
RADIOEMBO_API int radioembo_result_get_bsa_m2(const radioembo_result *result,
					      double *bsa_m2_out);
RADIOEMBO_API int radioembo_result_get_lsf_reduction(const radioembo_result *result,
						     double *factor_out);
/* BSA method only: the lobar rule it used; ENOTFOUND when the method gave no activity. */
RADIOEMBO_API int radioembo_result_get_bsa_lobar_rule(const radioembo_result *result,
						      radioembo_bsa_lobar_rule *rule_out);
RADIOEMBO_API int radioembo_result_lesion_count(const radioembo_result *result,
						size_t *count_out);

/* Diagnostics, in a stable order: the plan's first, then each model's. */
RADIOEMBO_API int radioembo_result_diagnostic_count(const radioembo_result *result,
						    size_t *count_out);
RADIOEMBO_API int radioembo_result_get_diagnostic(const radioembo_result *result, size_t index,
						  radioembo_diagnostic_code *code_out,
						  radioembo_severity *severity_out,
						  radioembo_model *model_out);
/* The diagnostic's message, borrowed from the result; NULL if index is out of range. */
RADIOEMBO_API const char *radioembo_result_diagnostic_message(const radioembo_result *result,
							      size_t index);
/* 1 if any diagnostic has severity RADIOEMBO_SEVERITY_VIOLATION. */
RADIOEMBO_API int radioembo_result_has_violation(const radioembo_result *result,
						 int *has_violation_out);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_RESULT_H */
