/*
 * The plan object: copies of the patient's compartments and product, and the settings a
 * physicist chooses. The models themselves are in plan_compute.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>

#include "planning/planning.h"

int radioembo_plan_new(const radioembo_product *product, const radioembo_liver *liver,
		       const radioembo_lung *lung, radioembo_plan **plan_out)
{
	radioembo_plan *plan;
	int rc;

	if ((rc = radioembo__require_pointer("product", product)) ||
	    (rc = radioembo__require_pointer("liver", liver)) ||
	    (rc = radioembo__require_pointer("lung", lung)) ||
	    (rc = radioembo__require_pointer("plan_out", plan_out)))
		return rc;
	if ((plan = radioembo__allocate(sizeof *plan, "a plan")) == NULL)
		return RADIOEMBO_ENOMEM;
	if ((rc = radioembo_product_copy(product, &plan->product)) ||
	    (rc = radioembo_liver_copy(liver, &plan->liver)) ||
	    (rc = radioembo_lung_copy(lung, &plan->lung))) {
		radioembo_plan_free(plan);
		return rc;
	}
	plan->territory = RADIOEMBO__WHOLE_LIVER;
	plan->prescription = RADIOEMBO_PRESCRIBE_MAX_SAFE;
	plan->height_cm = plan->weight_kg = NAN;
	plan->bsa_lobar_rule = RADIOEMBO_BSA_LOBAR_KENNEDY_2007;
	*plan_out = plan;
	return RADIOEMBO_OK;
}

void radioembo_plan_free(radioembo_plan *plan)
{
	if (plan == NULL)
		return;
	radioembo_product_free(plan->product);
	radioembo_liver_free(plan->liver);
	radioembo_lung_free(plan->lung);
	radioembo_vial_free(plan->vial);
	radioembo_radiobiology_params_free(plan->radiobiology);
	free(plan);
}

int radioembo_plan_copy(const radioembo_plan *plan, radioembo_plan **copy_out)
{
	radioembo_plan *copy;
	int rc;

	if ((rc = radioembo__require_pointer("plan", plan)) ||
	    (rc = radioembo__require_pointer("copy_out", copy_out)) ||
	    (rc = radioembo_plan_new(plan->product, plan->liver, plan->lung, &copy)))
		return rc;
	if ((plan->vial != NULL && (rc = radioembo_vial_copy(plan->vial, &copy->vial))) ||
	    (plan->radiobiology != NULL &&
	     (rc = radioembo_radiobiology_params_copy(plan->radiobiology, &copy->radiobiology)))) {
		radioembo_plan_free(copy);
		return rc;
	}
	copy->territory = plan->territory;
	copy->prescription = plan->prescription;
	copy->prescribed_value = plan->prescribed_value;
	copy->prescribed_lesion = plan->prescribed_lesion;
	copy->residual_fraction = plan->residual_fraction;
	copy->height_cm = plan->height_cm;
	copy->weight_kg = plan->weight_kg;
	copy->bsa_lobar_rule = plan->bsa_lobar_rule;
	copy->has_treatment = plan->has_treatment;
	copy->has_calibration = plan->has_calibration;
	copy->has_assay = plan->has_assay;
	copy->treatment_s = plan->treatment_s;
	copy->calibration_s = plan->calibration_s;
	copy->assay_s = plan->assay_s;
	copy->assay_gbq = plan->assay_gbq;
	*copy_out = copy;
	return RADIOEMBO_OK;
}

const radioembo_product *radioembo_plan_product(const radioembo_plan *plan)
{
	return plan != NULL ? plan->product : NULL;
}

const radioembo_liver *radioembo_plan_liver(const radioembo_plan *plan)
{
	return plan != NULL ? plan->liver : NULL;
}

const radioembo_lung *radioembo_plan_lung(const radioembo_plan *plan)
{
	return plan != NULL ? plan->lung : NULL;
}

int radioembo_plan_set_territory(radioembo_plan *plan, size_t territory_index)
{
	size_t count;
	int rc;

	if ((rc = radioembo__require_pointer("plan", plan)))
		return rc;
	radioembo_liver_territory_count(plan->liver, &count);
	if (territory_index >= count)
		return radioembo__fail(
			RADIOEMBO_EINVAL, "territory_index",
			"territory_index must be below the liver's territory count %zu, got %zu",
			count, territory_index);
	plan->territory = territory_index;
	return RADIOEMBO_OK;
}

int radioembo_plan_set_whole_liver(radioembo_plan *plan)
{
	int rc;

	if ((rc = radioembo__require_pointer("plan", plan)))
		return rc;
	plan->territory = RADIOEMBO__WHOLE_LIVER;
	return RADIOEMBO_OK;
}

static void prescribe(radioembo_plan *plan, radioembo_prescription prescription, double value,
		      size_t lesion_index)
{
	plan->prescription = prescription;
	plan->prescribed_value = value;
	plan->prescribed_lesion = lesion_index;
}

int radioembo_plan_prescribe_activity_gbq(radioembo_plan *plan, double activity_gbq)
{
	int rc;

	if ((rc = radioembo__require_pointer("plan", plan)) ||
	    (rc = radioembo__require_positive("activity_gbq", activity_gbq)))
		return rc;
	prescribe(plan, RADIOEMBO_PRESCRIBE_ACTIVITY, activity_gbq, 0);
	return RADIOEMBO_OK;
}

int radioembo_plan_prescribe_perfused_dose_gy(radioembo_plan *plan, double dose_gy)
{
	int rc;

	if ((rc = radioembo__require_pointer("plan", plan)) ||
	    (rc = radioembo__require_positive("dose_gy", dose_gy)))
		return rc;
	prescribe(plan, RADIOEMBO_PRESCRIBE_PERFUSED_DOSE, dose_gy, 0);
	return RADIOEMBO_OK;
}

int radioembo_plan_prescribe_tumor_dose_gy(radioembo_plan *plan, size_t lesion_index,
					   double dose_gy)
{
	size_t count;
	int rc;

	if ((rc = radioembo__require_pointer("plan", plan)))
		return rc;
	radioembo_liver_lesion_count(plan->liver, &count);
	if (lesion_index >= count)
		return radioembo__fail(
			RADIOEMBO_EINVAL, "lesion_index",
			"lesion_index must be below the liver's lesion count %zu, got %zu", count,
			lesion_index);
	if ((rc = radioembo__require_positive("dose_gy", dose_gy)))
		return rc;
	prescribe(plan, RADIOEMBO_PRESCRIBE_TUMOR_DOSE, dose_gy, lesion_index);
	return RADIOEMBO_OK;
}

int radioembo_plan_prescribe_max_safe(radioembo_plan *plan)
{
	int rc;

	if ((rc = radioembo__require_pointer("plan", plan)))
		return rc;
	prescribe(plan, RADIOEMBO_PRESCRIBE_MAX_SAFE, 0.0, 0);
	return RADIOEMBO_OK;
}

int radioembo_plan_set_residual_fraction(radioembo_plan *plan, double residual_fraction)
{
	int rc;

	if ((rc = radioembo__require_pointer("plan", plan)) ||
	    (rc = radioembo__require_fraction_below_one("residual_fraction", residual_fraction)))
		return rc;
	plan->residual_fraction = residual_fraction;
	return RADIOEMBO_OK;
}

int radioembo_plan_set_patient_size(radioembo_plan *plan, double height_cm, double weight_kg)
{
	double bsa_m2;
	int rc;

	/* The BSA module owns the plausible ranges; checking now reports them early. */
	if ((rc = radioembo__require_pointer("plan", plan)) ||
	    (rc = radioembo_bsa_dubois_m2(height_cm, weight_kg, &bsa_m2)))
		return rc;
	plan->height_cm = height_cm;
	plan->weight_kg = weight_kg;
	return RADIOEMBO_OK;
}

int radioembo_plan_set_bsa_lobar_rule(radioembo_plan *plan, radioembo_bsa_lobar_rule rule)
{
	int rc;

	if ((rc = radioembo__require_pointer("plan", plan)))
		return rc;
	if (radioembo_bsa_lobar_rule_name(rule) == NULL)
		return radioembo__fail(
			RADIOEMBO_EINVAL, "rule",
			"rule must be a radioembo_bsa_lobar_rule value (1..2), got %d", (int)rule);
	plan->bsa_lobar_rule = rule;
	return RADIOEMBO_OK;
}

int radioembo_plan_get_bsa_lobar_rule(const radioembo_plan *plan,
				      radioembo_bsa_lobar_rule *rule_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("plan", plan)) ||
	    (rc = radioembo__require_pointer("rule_out", rule_out)))
		return rc;
	*rule_out = plan->bsa_lobar_rule;
	return RADIOEMBO_OK;
}

int radioembo_plan_set_treatment_s(radioembo_plan *plan, int64_t treatment_s)
{
	int rc;

	if ((rc = radioembo__require_pointer("plan", plan)) ||
	    (rc = radioembo__require_instant("treatment_s", treatment_s)))
		return rc;
	plan->treatment_s = treatment_s;
	plan->has_treatment = 1;
	return RADIOEMBO_OK;
}

int radioembo_plan_set_calibration_s(radioembo_plan *plan, int64_t calibration_s)
{
	int rc;

	if ((rc = radioembo__require_pointer("plan", plan)) ||
	    (rc = radioembo__require_instant("calibration_s", calibration_s)))
		return rc;
	plan->calibration_s = calibration_s;
	plan->has_calibration = 1;
	return RADIOEMBO_OK;
}

int radioembo_plan_set_vial(radioembo_plan *plan, const radioembo_vial *vial)
{
	radioembo_vial *copy;
	int rc;

	if ((rc = radioembo__require_pointer("plan", plan)) ||
	    (rc = radioembo_vial_copy(vial, &copy)))
		return rc;
	radioembo_vial_free(plan->vial);
	plan->vial = copy;
	plan->has_assay = 0;
	return RADIOEMBO_OK;
}

int radioembo_plan_set_radiobiology(radioembo_plan *plan,
				    const radioembo_radiobiology_params *params)
{
	radioembo_radiobiology_params *copy;
	int rc;

	if ((rc = radioembo__require_pointer("plan", plan)) ||
	    (rc = radioembo_radiobiology_params_copy(params, &copy)))
		return rc;
	radioembo_radiobiology_params_free(plan->radiobiology);
	plan->radiobiology = copy;
	return RADIOEMBO_OK;
}

int radioembo_plan_set_vial_assay(radioembo_plan *plan, double measured_gbq, int64_t measured_s)
{
	int rc;

	if ((rc = radioembo__require_pointer("plan", plan)) ||
	    (rc = radioembo__require_positive("measured_gbq", measured_gbq)) ||
	    (rc = radioembo__require_instant("measured_s", measured_s)))
		return rc;
	if (plan->vial == NULL)
		return radioembo__fail(RADIOEMBO_EINVAL, "plan",
				       "plan has no vial: call radioembo_plan_set_vial first");
	plan->assay_gbq = measured_gbq;
	plan->assay_s = measured_s;
	plan->has_assay = 1;
	return RADIOEMBO_OK;
}

int radioembo_plan_compute(const radioembo_plan *plan, radioembo_result **result_out)
{
	radioembo_result *result;
	size_t lesion_count;
	int rc;

	if ((rc = radioembo__require_pointer("plan", plan)) ||
	    (rc = radioembo__require_pointer("result_out", result_out)))
		return rc;
	radioembo_liver_lesion_count(plan->liver, &lesion_count);
	if ((rc = radioembo__result_new(lesion_count, &result)))
		return rc;
	if ((rc = radioembo__plan_compute(plan, result))) {
		radioembo_result_free(result);
		return rc;
	}
	*result_out = result;
	return RADIOEMBO_OK;
}
