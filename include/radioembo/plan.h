/*
 * libradioembo - radioembolization planning and dosimetry
 * plan.h: a patient's treatment plan: a product, the liver and its lesions, the lungs, the
 * treated territory, timing and a prescription. radioembo_plan_compute() runs every model
 * that applies, side by side, into a result object (result.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_PLAN_H
#define RADIOEMBO_PLAN_H

#include "common.h"
#include "liver.h"
#include "lung.h"
#include "product.h"
#include "radiobiology.h"
#include "result.h"
#include "vial.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct radioembo_plan radioembo_plan;

/*
 * A plan that keeps copies of product, liver and lung (later changes to the caller's
 * objects do not reach it). It treats the whole liver and prescribes the maximum safe
 * activity until told otherwise; no residual is budgeted; no timing is known.
 */
RADIOEMBO_API int radioembo_plan_new(const radioembo_product *product,
				     const radioembo_liver *liver, const radioembo_lung *lung,
				     radioembo_plan **plan_out);
RADIOEMBO_API int radioembo_plan_copy(const radioembo_plan *plan, radioembo_plan **copy_out);
RADIOEMBO_API void radioembo_plan_free(radioembo_plan *plan);

/* The plan's own copies, borrowed: they live as long as the plan. */
RADIOEMBO_API const radioembo_product *radioembo_plan_product(const radioembo_plan *plan);
RADIOEMBO_API const radioembo_liver *radioembo_plan_liver(const radioembo_plan *plan);
RADIOEMBO_API const radioembo_lung *radioembo_plan_lung(const radioembo_plan *plan);

/* Treat one perfused territory of the liver, or the whole liver (the default). */
RADIOEMBO_API int radioembo_plan_set_territory(radioembo_plan *plan, size_t territory_index);
RADIOEMBO_API int radioembo_plan_set_whole_liver(radioembo_plan *plan);

/* Prescriptions: the last one set applies. */
RADIOEMBO_API int radioembo_plan_prescribe_activity_gbq(radioembo_plan *plan,
							double activity_gbq);
RADIOEMBO_API int radioembo_plan_prescribe_perfused_dose_gy(radioembo_plan *plan,
							    double dose_gy);
RADIOEMBO_API int radioembo_plan_prescribe_tumor_dose_gy(radioembo_plan *plan,
							 size_t lesion_index, double dose_gy);
RADIOEMBO_API int radioembo_plan_prescribe_max_safe(radioembo_plan *plan);

/* Expected residual fraction left in vial and lines, within [0, 1); budgeted in planning. */
RADIOEMBO_API int radioembo_plan_set_residual_fraction(radioembo_plan *plan,
						       double residual_fraction);

/* Patient height and weight, for the body-surface-area method (resin). */
RADIOEMBO_API int radioembo_plan_set_patient_size(radioembo_plan *plan, double height_cm,
						  double weight_kg);

/*
 * How the BSA method scales a lobar or sectoral activity (see radioembo_bsa_activity_rule_gbq());
 * RADIOEMBO_BSA_LOBAR_KENNEDY_2007 unless set.
 */
RADIOEMBO_API int radioembo_plan_set_bsa_lobar_rule(radioembo_plan *plan,
						    radioembo_bsa_lobar_rule rule);
RADIOEMBO_API int radioembo_plan_get_bsa_lobar_rule(const radioembo_plan *plan,
						    radioembo_bsa_lobar_rule *rule_out);

/* Planned treatment instant and planned vial calibration instant, seconds since the epoch. */
RADIOEMBO_API int radioembo_plan_set_treatment_s(radioembo_plan *plan, int64_t treatment_s);
RADIOEMBO_API int radioembo_plan_set_calibration_s(radioembo_plan *plan,
						   int64_t calibration_s);

/* A vial already at hand (copied); its calibration replaces the planned one. */
RADIOEMBO_API int radioembo_plan_set_vial(radioembo_plan *plan, const radioembo_vial *vial);

/*
 * Radiobiological parameters (copied) for the BED of each compartment in the result.
 * Without them the plan uses radioembo_radiobiology_params_new() for its product's kind.
 */
RADIOEMBO_API int radioembo_plan_set_radiobiology(radioembo_plan *plan,
						  const radioembo_radiobiology_params *params);

/*
 * A measured assay of the plan's vial (measured_gbq at measured_s), checked against the
 * label tolerance of the product. Needs a vial set first.
 */
RADIOEMBO_API int radioembo_plan_set_vial_assay(radioembo_plan *plan, double measured_gbq,
						int64_t measured_s);

/* Runs every applicable model; the caller frees the result with radioembo_result_free(). */
RADIOEMBO_API int radioembo_plan_compute(const radioembo_plan *plan,
					 radioembo_result **result_out);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_PLAN_H */
