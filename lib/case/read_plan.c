/*
 * The case file's plan settings and the whole case: treated territory, residual fraction,
 * patient, timing, vial, prescription and the uncertainty section, then the root object
 * that reads every section in order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "case/case.h"

static int read_treated_territory(struct case__reader *r, json_t *root)
{
	const char *label;
	long t;
	int rc;

	if ((rc = case__get_string(r, root, "", "treated_territory", 0, &label)) || label == NULL)
		return rc;
	if (r->territories == NULL || (t = case__find_label(r->territories, label)) < 0)
		return case__fail(r, RADIOEMBO_EINVAL, "treated_territory",
				  "treated_territory = \"%s\": no territory of that label in "
				  "\"territories\"",
				  label);
	if ((rc = case__apply(r, radioembo_plan_set_territory(r->c->plan, (size_t)t), root, "",
			      "treated_territory")))
		return rc;
	return case__duplicate(r, label, &r->c->treated_territory);
}

static int read_residual(struct case__reader *r, json_t *root)
{
	double residual;
	int present, rc;

	if ((rc = case__get_number(r, root, "", "residual_fraction", 0, &residual, &present)) ||
	    !present)
		return rc;
	return case__apply(r, radioembo_plan_set_residual_fraction(r->c->plan, residual), root, "",
			   "residual_fraction");
}

static int read_patient(struct case__reader *r, json_t *patient)
{
	static const char *const keys[] = {"height_cm", "weight_kg", NULL};
	struct radioembo_case *c = r->c;
	int rc;

	if (patient == NULL)
		return 0;
	if ((rc = case__require_object(r, patient, "patient", keys)) ||
	    (rc = case__get_number(r, patient, "patient", "height_cm", 1, &c->height_cm, NULL)) ||
	    (rc = case__get_number(r, patient, "patient", "weight_kg", 1, &c->weight_kg, NULL)))
		return rc;
	rc = radioembo_plan_set_patient_size(c->plan, c->height_cm, c->weight_kg);
	if (rc != RADIOEMBO_OK)
		return case__refused_member(r, rc, "patient", patient);
	c->has_patient = 1;
	return 0;
}

static int read_timing(struct case__reader *r, json_t *timing)
{
	static const char *const keys[] = {"treatment", "calibration", NULL};
	struct radioembo_case *c = r->c;
	int rc;

	if (timing == NULL)
		return 0;
	if ((rc = case__require_object(r, timing, "timing", keys)) ||
	    (rc = case__get_instant(r, timing, "timing", "treatment", 0, &c->treatment_s,
				    &c->has_treatment)) ||
	    (rc = case__get_instant(r, timing, "timing", "calibration", 0, &c->calibration_s,
				    &c->has_calibration)))
		return rc;
	if (c->has_treatment &&
	    (rc = case__apply(r, radioembo_plan_set_treatment_s(c->plan, c->treatment_s), timing,
			      "timing", "treatment")))
		return rc;
	if (c->has_calibration &&
	    (rc = case__apply(r, radioembo_plan_set_calibration_s(c->plan, c->calibration_s),
			      timing, "timing", "calibration")))
		return rc;
	return 0;
}

static int read_assay(struct case__reader *r, json_t *assay)
{
	static const char *const keys[] = {"activity_gbq", "measured", NULL};
	double activity;
	int64_t measured_s;
	int present, rc;

	if (assay == NULL)
		return 0;
	if ((rc = case__require_object(r, assay, "vial.assay", keys)) ||
	    (rc = case__get_number(r, assay, "vial.assay", "activity_gbq", 1, &activity, NULL)) ||
	    (rc = case__get_instant(r, assay, "vial.assay", "measured", 1, &measured_s, &present)))
		return rc;
	return case__apply(r, radioembo_plan_set_vial_assay(r->c->plan, activity, measured_s),
			   assay, "vial.assay", "activity_gbq");
}

static int read_vial(struct case__reader *r, json_t *data)
{
	static const char *const keys[] = {"activity_gbq", "calibration", "volume_ml", "assay",
					   NULL};
	radioembo_vial *vial = NULL;
	double activity, volume_ml;
	int64_t calibration_s;
	int present, rc;

	if (data == NULL)
		return 0;
	if ((rc = case__require_object(r, data, "vial", keys)) ||
	    (rc = case__get_number(r, data, "vial", "activity_gbq", 1, &activity, NULL)) ||
	    (rc = case__get_instant(r, data, "vial", "calibration", 1, &calibration_s, &present)) ||
	    (rc = case__get_number(r, data, "vial", "volume_ml", 0, &volume_ml, &present)))
		return rc;
	if ((rc = case__apply(r, radioembo_vial_new(r->c->product, activity, calibration_s, &vial),
			      data, "vial", "activity_gbq")))
		return rc;
	if (present)
		rc = case__apply(r, radioembo_vial_set_volume_ml(vial, volume_ml), data, "vial",
				 "volume_ml");
	if (rc == 0 && (rc = radioembo_plan_set_vial(r->c->plan, vial)) != RADIOEMBO_OK)
		rc = case__refused(r, rc, "vial", data);
	radioembo_vial_free(vial);
	if (rc)
		return rc;
	r->c->has_vial = 1;
	r->c->vial_activity_gbq = activity;
	r->c->vial_calibration_s = calibration_s;
	return read_assay(r, case__member(data, "assay"));
}

/* A model named at path.model (optional); *model_out stays as it is when absent. */
static int read_model(struct case__reader *r, json_t *object, const char *path,
		      radioembo_model *model_out)
{
	char where[CASE__PATH_SIZE];
	const char *name;
	radioembo_model model;
	int rc;

	if ((rc = case__get_string(r, object, path, "model", 0, &name)) || name == NULL)
		return rc;
	if ((model = case__model_from_key(name)) == RADIOEMBO_MODEL_NONE) {
		case__join(where, path, "model");
		return case__fail(r, RADIOEMBO_EINVAL, where,
				  "%s = \"%s\": unknown model (expected one of: "
				  "single_compartment, partition, bsa, ho166_whole_liver)",
				  where, name);
	}
	*model_out = model;
	return 0;
}

/* The lesion a tumour dose aims at: known, with a TNR, in the treated territory. */
static int find_target(struct case__reader *r, const char *label, long *lesion_out)
{
	const char *where = "prescription.lesion";
	const char *territory = NULL;
	json_t *data, *value;
	long lesion;

	if (r->lesions == NULL || (lesion = case__find_label(r->lesions, label)) < 0)
		return case__fail(r, RADIOEMBO_EINVAL, where,
				  "%s = \"%s\": no lesion of that label in \"lesions\"", where,
				  label);
	data = json_array_get(r->lesions, (size_t)lesion);
	if (json_is_string(value = case__member(data, "territory")))
		territory = json_string_value(value);
	if (case__member(data, "tnr") == NULL && case__member(data, "counts") == NULL)
		return case__fail(r, RADIOEMBO_EINVAL, where,
				  "%s = \"%s\": the lesion has neither tnr nor counts, so the "
				  "partition model cannot aim at it",
				  where, label);
	if (r->c->treated_territory != NULL &&
	    (territory == NULL || strcmp(territory, r->c->treated_territory) != 0))
		return case__fail(r, RADIOEMBO_EINVAL, where,
				  "%s = \"%s\": the lesion is not in the treated territory \"%s\"",
				  where, label, r->c->treated_territory);
	*lesion_out = lesion;
	return 0;
}

static int read_prescription(struct case__reader *r, json_t *p)
{
	static const char *const max_safe_keys[] = {"kind", "model", NULL};
	static const char *const activity_keys[] = {"kind", "activity_gbq", "model", NULL};
	static const char *const perfused_keys[] = {"kind", "dose_gy", "model", NULL};
	static const char *const tumor_keys[] = {"kind", "lesion", "dose_gy", "model", NULL};
	const char *path = "prescription", *kind, *label;
	struct radioembo_case *c = r->c;
	long lesion = -1;
	int rc;

	c->prescription = RADIOEMBO_PRESCRIBE_MAX_SAFE;
	if (p == NULL)
		return case__apply(r, radioembo_plan_prescribe_max_safe(c->plan), p, "", path);
	if (!json_is_object(p))
		return case__wrong_type(r, path, p, "an object");
	if ((rc = case__get_string(r, p, path, "kind", 1, &kind)))
		return rc;
	if (strcmp(kind, "max_safe") == 0) {
		if ((rc = case__check_keys(r, p, path, max_safe_keys)) ||
		    (rc = read_model(r, p, path, &c->model)))
			return rc;
		return case__apply(r, radioembo_plan_prescribe_max_safe(c->plan), p, path, "kind");
	}
	if (strcmp(kind, "activity_gbq") == 0) {
		c->prescription = RADIOEMBO_PRESCRIBE_ACTIVITY;
		if ((rc = case__check_keys(r, p, path, activity_keys)) ||
		    (rc = read_model(r, p, path, &c->model)) ||
		    (rc = case__get_number(r, p, path, "activity_gbq", 1, &c->prescribed_value,
					   NULL)))
			return rc;
		return case__apply(
			r, radioembo_plan_prescribe_activity_gbq(c->plan, c->prescribed_value), p,
			path, "activity_gbq");
	}
	if (strcmp(kind, "perfused_dose_gy") == 0) {
		c->prescription = RADIOEMBO_PRESCRIBE_PERFUSED_DOSE;
		if ((rc = case__check_keys(r, p, path, perfused_keys)) ||
		    (rc = read_model(r, p, path, &c->model)) ||
		    (rc = case__get_number(r, p, path, "dose_gy", 1, &c->prescribed_value, NULL)))
			return rc;
		return case__apply(
			r, radioembo_plan_prescribe_perfused_dose_gy(c->plan, c->prescribed_value),
			p, path, "dose_gy");
	}
	if (strcmp(kind, "tumor_dose_gy") == 0) {
		c->prescription = RADIOEMBO_PRESCRIBE_TUMOR_DOSE;
		if ((rc = case__check_keys(r, p, path, tumor_keys)) ||
		    (rc = read_model(r, p, path, &c->model)) ||
		    (rc = case__get_string(r, p, path, "lesion", 1, &label)) ||
		    (rc = case__get_number(r, p, path, "dose_gy", 1, &c->prescribed_value, NULL)) ||
		    (rc = find_target(r, label, &lesion)))
			return rc;
		c->prescribed_lesion = (size_t)lesion;
		return case__apply(r,
				   radioembo_plan_prescribe_tumor_dose_gy(c->plan, (size_t)lesion,
									  c->prescribed_value),
				   p, path, "dose_gy");
	}
	return case__fail(r, RADIOEMBO_EINVAL, "prescription.kind",
			  "prescription.kind = \"%s\": unknown prescription (expected one of: "
			  "max_safe, activity_gbq, perfused_dose_gy, tumor_dose_gy)",
			  kind);
}

/* ---- uncertainty --------------------------------------------------------------------- */

static int read_uncertain_input(struct case__reader *r, json_t *data, const char *path,
				radioembo_uncertain_input input)
{
	static const char *const keys[] = {"distribution", "spread", NULL};
	radioembo_distribution distribution;
	char where[CASE__PATH_SIZE];
	const char *name;
	double spread;
	int rc;

	if ((rc = case__require_object(r, data, path, keys)) ||
	    (rc = case__get_string(r, data, path, "distribution", 1, &name)) ||
	    (rc = case__get_number(r, data, path, "spread", 1, &spread, NULL)))
		return rc;
	if ((distribution = case__distribution_from_key(name)) == RADIOEMBO_DISTRIBUTION_NONE) {
		case__join(where, path, "distribution");
		return case__fail(r, RADIOEMBO_EINVAL, where,
				  "%s = \"%s\": unknown distribution (expected one of: "
				  "normal, lognormal, uniform)",
				  where, name);
	}
	return case__apply(
		r, radioembo_uncertainty_set_input(r->c->uncertainty, input, distribution, spread),
		data, path, "spread");
}

static int read_inputs(struct case__reader *r, json_t *inputs)
{
	const char *path = "uncertainty.inputs", *names[CASE__INPUT_COUNT + 1];
	char where[CASE__PATH_SIZE];
	json_t *data;
	int input, rc;

	for (input = 1; input <= CASE__INPUT_COUNT; input++)
		names[input - 1] = radioembo_uncertain_input_name((radioembo_uncertain_input)input);
	names[CASE__INPUT_COUNT] = NULL;
	if (inputs == NULL)
		return case__missing(r, "uncertainty", "inputs");
	if ((rc = case__require_object(r, inputs, path, names)))
		return rc;
	if (json_object_size(inputs) == 0)
		return case__fail(r, RADIOEMBO_EINVAL, path,
				  "%s: no input is given, so there is nothing to propagate", path);
	if ((rc = radioembo_uncertainty_new(&r->c->uncertainty)) != RADIOEMBO_OK)
		return case__refused(r, rc, "uncertainty", inputs);
	for (input = 1; input <= CASE__INPUT_COUNT; input++) {
		const char *key = radioembo_uncertain_input_name((radioembo_uncertain_input)input);
		if ((data = case__member(inputs, key)) == NULL)
			continue;
		case__join(where, path, key);
		if ((rc = read_uncertain_input(r, data, where, (radioembo_uncertain_input)input)))
			return rc;
	}
	return 0;
}

static int read_uncertainty(struct case__reader *r, json_t *u)
{
	static const char *const keys[] = {"method",	"model",  "seed", "samples",
					   "generator", "inputs", NULL};
	const char *path = "uncertainty", *name, *generator;
	struct radioembo_case *c = r->c;
	double value;
	int present, rc;

	if (u == NULL)
		return 0;
	if ((rc = case__require_object(r, u, path, keys)) ||
	    (rc = case__get_string(r, u, path, "method", 0, &name)))
		return rc;
	if (name != NULL && (c->uncertainty_method = case__method_from_key(name)) == 0)
		return case__fail(r, RADIOEMBO_EINVAL, "uncertainty.method",
				  "uncertainty.method = \"%s\": unknown method (expected one of: "
				  "analytic, monte_carlo)",
				  name);
	if ((rc = read_model(r, u, path, &c->uncertainty_model)) ||
	    (rc = case__get_whole(r, u, path, "seed", 0, CASE__MAX_SEED, &value, &present)))
		return rc;
	if (present)
		c->seed = (uint64_t)value;
	if ((rc = case__get_whole(r, u, path, "samples", CASE__MIN_SAMPLES, CASE__MAX_SAMPLES,
				  &value, &present)))
		return rc;
	if (present)
		c->samples = (size_t)value;
	if ((rc = case__get_string(r, u, path, "generator", 0, &generator)) ||
	    (rc = read_inputs(r, case__member(u, "inputs"))))
		return rc;
	/* the library knows its generators: its message lists them */
	if (generator != NULL)
		return case__apply(r,
				   radioembo_uncertainty_set_generator(c->uncertainty, generator),
				   u, path, "generator");
	return 0;
}

/* ---- the whole case ------------------------------------------------------------------ */

static int read_identity(struct case__reader *r, json_t *root)
{
	json_t *version;
	const char *text;
	char value[80];
	int rc;

	if ((version = case__member(root, "schema_version")) == NULL)
		return case__missing(r, "", "schema_version");
	if (!json_is_integer(version) || json_integer_value(version) != CASE__SCHEMA_VERSION) {
		case__value_text(version, value, sizeof value);
		return case__fail(r, RADIOEMBO_EINVAL, "schema_version",
				  "schema_version = %s: unsupported (this radioembo reads %d)",
				  value, CASE__SCHEMA_VERSION);
	}
	if ((rc = case__get_string(r, root, "", "id", 0, &text)) ||
	    (text != NULL && (rc = case__duplicate(r, text, &r->c->id))) ||
	    (rc = case__get_string(r, root, "", "description", 0, &text)) ||
	    (text != NULL && (rc = case__duplicate(r, text, &r->c->description))))
		return rc;
	return 0;
}

int case__read_root(struct case__reader *r, json_t *root)
{
	static const char *const keys[] = {"schema_version",
					   "id",
					   "description",
					   "product",
					   "liver",
					   "territories",
					   "lesions",
					   "lungs",
					   "treated_territory",
					   "prescription",
					   "timing",
					   "vial",
					   "patient",
					   "residual_fraction",
					   "uncertainty",
					   NULL};
	struct radioembo_case *c = r->c;
	int rc;

	if (!json_is_object(root))
		return case__wrong_type(r, "(the case)", root, "an object");
	if ((rc = case__check_keys(r, root, "", keys)) || (rc = read_identity(r, root)) ||
	    (rc = case__read_product(r, case__member(root, "product"))) ||
	    (rc = case__read_liver(r, case__member(root, "liver"))) ||
	    (rc = case__read_territories(r, case__member(root, "territories"))) ||
	    (rc = case__read_lesions(r, case__member(root, "lesions"))) ||
	    (rc = case__read_lungs(r, case__member(root, "lungs"))))
		return rc;
	if ((rc = radioembo_plan_new(c->product, c->liver, c->lung, &c->plan)) != RADIOEMBO_OK)
		return case__refused(r, rc, "(the case)", root);
	if ((rc = read_treated_territory(r, root)) || (rc = read_residual(r, root)) ||
	    (rc = read_patient(r, case__member(root, "patient"))) ||
	    (rc = read_timing(r, case__member(root, "timing"))) ||
	    (rc = read_vial(r, case__member(root, "vial"))) ||
	    (rc = read_prescription(r, case__member(root, "prescription"))) ||
	    (rc = read_uncertainty(r, case__member(root, "uncertainty"))))
		return rc;
	return 0;
}
