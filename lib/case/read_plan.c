/*
 * The case file's plan settings and the whole case: treated territory, residual fraction,
 * patient, timing, vial, prescription and the uncertainty section, then the root object
 * that reads every section in order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "case/case_internal.h"
#include "planning/plausibility.h"

static int read_treated_territory(struct radioembo__case_reader *r, json_t *root)
{
	const char *label;
	long t;
	int rc;

	if ((rc = radioembo__case_get_string(r, root, "", "treated_territory", 0, &label)) ||
	    label == NULL)
		return rc;
	if ((t = radioembo__case_labels_find(&r->territory_labels, label)) < 0)
		return radioembo__case_fail(
			r, RADIOEMBO_EINVAL, "treated_territory",
			"treated_territory = \"%s\": no territory of that label in "
			"\"territories\"",
			label);
	if ((rc = radioembo__case_apply(r, radioembo_plan_set_territory(r->c->plan, (size_t)t),
					root, "", "treated_territory")))
		return rc;
	return radioembo__case_duplicate(r, label, &r->c->treated_territory);
}

static int read_residual(struct radioembo__case_reader *r, json_t *root)
{
	double residual;
	int present, rc;

	if ((rc = radioembo__case_get_number(r, root, "", "residual_fraction", 0, &residual,
					     &present)) ||
	    !present)
		return rc;
	return radioembo__case_apply(r, radioembo_plan_set_residual_fraction(r->c->plan, residual),
				     root, "", "residual_fraction");
}

/* The BSA method's lobar rule (optional): "kennedy_2007" (the default) or "offset_term". */
static int read_bsa_lobar_rule(struct radioembo__case_reader *r, json_t *root)
{
	static const radioembo_bsa_lobar_rule rules[] = { RADIOEMBO_BSA_LOBAR_KENNEDY_2007,
							  RADIOEMBO_BSA_LOBAR_OFFSET_TERM };
	const char *name;
	size_t i;
	int rc;

	if ((rc = radioembo__case_get_string(r, root, "", "bsa_lobar_rule", 0, &name)) ||
	    name == NULL)
		return rc;
	for (i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (strcmp(name, radioembo_bsa_lobar_rule_name(rules[i])) == 0)
			return radioembo__case_apply(
				r, radioembo_plan_set_bsa_lobar_rule(r->c->plan, rules[i]), root,
				"", "bsa_lobar_rule");
	return radioembo__case_fail(r, RADIOEMBO_EINVAL, "bsa_lobar_rule",
				    "bsa_lobar_rule = \"%s\": unknown rule (expected one of: "
				    "kennedy_2007, offset_term)",
				    name);
}

static int read_patient(struct radioembo__case_reader *r, json_t *patient)
{
	static const char *const keys[] = { "height_cm", "weight_kg", "id", "name", NULL };
	struct radioembo_case *c = r->c;
	int rc;

	if (patient == NULL)
		return 0;
	if ((rc = radioembo__case_require_object(r, patient, "patient", keys)))
		return rc;
	/* an identity alone (read_audit.c) gives no size */
	if (radioembo__case_member(patient, "height_cm") == NULL &&
	    radioembo__case_member(patient, "weight_kg") == NULL)
		return 0;
	if ((rc = radioembo__case_get_number(r, patient, "patient", "height_cm", 1, &c->height_cm,
					     NULL)) ||
	    (rc = radioembo__case_get_number(r, patient, "patient", "weight_kg", 1, &c->weight_kg,
					     NULL)))
		return rc;
	rc = radioembo_plan_set_patient_size(c->plan, c->height_cm, c->weight_kg);
	if (rc != RADIOEMBO_OK)
		return radioembo__case_refused_member(r, rc, "patient", patient);
	c->has_patient = 1;
	return 0;
}

static int read_timing(struct radioembo__case_reader *r, json_t *timing)
{
	static const char *const keys[] = {"treatment", "calibration", NULL};
	struct radioembo_case *c = r->c;
	int rc;

	if (timing == NULL)
		return 0;
	if ((rc = radioembo__case_require_object(r, timing, "timing", keys)) ||
	    (rc = radioembo__case_get_instant_at(r, timing, "timing", "treatment", 0,
						 &c->treatment_s, &c->treatment_offset_min,
						 &c->has_treatment)) ||
	    (rc = radioembo__case_get_instant_at(r, timing, "timing", "calibration", 0,
						 &c->calibration_s, &c->calibration_offset_min,
						 &c->has_calibration)))
		return rc;
	if (c->has_treatment &&
	    (rc = radioembo__case_apply(r, radioembo_plan_set_treatment_s(c->plan, c->treatment_s),
					timing, "timing", "treatment")))
		return rc;
	if (c->has_calibration &&
	    (rc = radioembo__case_apply(r,
					radioembo_plan_set_calibration_s(c->plan, c->calibration_s),
					timing, "timing", "calibration")))
		return rc;
	return 0;
}

static int read_assay(struct radioembo__case_reader *r, json_t *assay)
{
	static const char *const keys[] = {"activity_gbq", "measured", NULL};
	double activity;
	int64_t measured_s;
	int present, rc;

	if (assay == NULL)
		return 0;
	if ((rc = radioembo__case_require_object(r, assay, "vial.assay", keys)) ||
	    (rc = radioembo__case_get_number(r, assay, "vial.assay", "activity_gbq", 1, &activity,
					     NULL)) ||
	    (rc = radioembo__case_get_instant(r, assay, "vial.assay", "measured", 1, &measured_s,
					      &present)))
		return rc;
	return radioembo__case_apply(
		r, radioembo_plan_set_vial_assay(r->c->plan, activity, measured_s), assay,
		"vial.assay", "activity_gbq");
}

static int read_vial(struct radioembo__case_reader *r, json_t *data)
{
	static const char *const keys[] = {"activity_gbq", "calibration", "volume_ml", "assay",
					   NULL};
	radioembo_vial *vial = NULL;
	double activity, volume_ml;
	int64_t calibration_s;
	int present, rc;

	if (data == NULL)
		return 0;
	if ((rc = radioembo__case_require_object(r, data, "vial", keys)) ||
	    (rc = radioembo__case_get_number(r, data, "vial", "activity_gbq", 1, &activity,
					     NULL)) ||
	    (rc = radioembo__case_get_instant_at(r, data, "vial", "calibration", 1, &calibration_s,
						 &r->c->vial_offset_min, &present)) ||
	    (rc = radioembo__case_get_number(r, data, "vial", "volume_ml", 0, &volume_ml,
					     &present)))
		return rc;
	if ((rc = radioembo__case_apply(
		     r, radioembo_vial_new(r->c->product, activity, calibration_s, &vial), data,
		     "vial", "activity_gbq")))
		return rc;
	if (present)
		rc = radioembo__case_apply(r, radioembo_vial_set_volume_ml(vial, volume_ml), data,
					   "vial", "volume_ml");
	if (rc == 0 && (rc = radioembo_plan_set_vial(r->c->plan, vial)) != RADIOEMBO_OK)
		rc = radioembo__case_refused(r, rc, "vial", data);
	radioembo_vial_free(vial);
	if (rc)
		return rc;
	r->c->has_vial = 1;
	r->c->vial_activity_gbq = activity;
	r->c->vial_calibration_s = calibration_s;
	return read_assay(r, radioembo__case_member(data, "assay"));
}

/* A model named at path.model (optional); *model_out stays as it is when absent. */
static int read_model(struct radioembo__case_reader *r, json_t *object, const char *path,
		      radioembo_model *model_out)
{
	char where[RADIOEMBO__CASE_PATH_SIZE];
	const char *name;
	radioembo_model model;
	int rc;

	if ((rc = radioembo__case_get_string(r, object, path, "model", 0, &name)) || name == NULL)
		return rc;
	if ((model = radioembo__case_model_from_key(name)) == RADIOEMBO_MODEL_NONE) {
		radioembo__case_join(where, path, "model");
		return radioembo__case_fail(
			r, RADIOEMBO_EINVAL, where,
			"%s = \"%s\": unknown model (expected one of: "
			"single_compartment, partition, bsa, ho166_whole_liver)",
			where, name);
	}
	*model_out = model;
	return 0;
}

/* The lesion a tumour dose aims at: known, with a TNR, in the treated territory. */
static int find_target(struct radioembo__case_reader *r, const char *label, long *lesion_out)
{
	const char *where = "prescription.lesion";
	const char *territory = NULL;
	json_t *data, *value;
	long lesion;

	if ((lesion = radioembo__case_labels_find(&r->lesion_labels, label)) < 0)
		return radioembo__case_fail(r, RADIOEMBO_EINVAL, where,
					    "%s = \"%s\": no lesion of that label in \"lesions\"",
					    where, label);
	data = json_array_get(r->lesions, (size_t)lesion);
	if (json_is_string(value = radioembo__case_member(data, "territory")))
		territory = json_string_value(value);
	if (radioembo__case_member(data, "tnr") == NULL &&
	    radioembo__case_member(data, "counts") == NULL)
		return radioembo__case_fail(
			r, RADIOEMBO_EINVAL, where,
			"%s = \"%s\": the lesion has neither tnr nor counts, so the "
			"partition model cannot aim at it",
			where, label);
	if (r->c->treated_territory != NULL &&
	    (territory == NULL || strcmp(territory, r->c->treated_territory) != 0))
		return radioembo__case_fail(
			r, RADIOEMBO_EINVAL, where,
			"%s = \"%s\": the lesion is not in the treated territory \"%s\"", where,
			label, r->c->treated_territory);
	*lesion_out = lesion;
	return 0;
}

static int read_prescription(struct radioembo__case_reader *r, json_t *p)
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
		return radioembo__case_apply(r, radioembo_plan_prescribe_max_safe(c->plan), p, "",
					     path);
	if (!json_is_object(p))
		return radioembo__case_wrong_type(r, path, p, "an object");
	if ((rc = radioembo__case_get_string(r, p, path, "kind", 1, &kind)))
		return rc;
	if (strcmp(kind, "max_safe") == 0) {
		if ((rc = radioembo__case_check_keys(r, p, path, max_safe_keys)) ||
		    (rc = read_model(r, p, path, &c->model)))
			return rc;
		return radioembo__case_apply(r, radioembo_plan_prescribe_max_safe(c->plan), p, path,
					     "kind");
	}
	if (strcmp(kind, "activity_gbq") == 0) {
		c->prescription = RADIOEMBO_PRESCRIBE_ACTIVITY;
		if ((rc = radioembo__case_check_keys(r, p, path, activity_keys)) ||
		    (rc = read_model(r, p, path, &c->model)) ||
		    (rc = radioembo__case_get_number(r, p, path, "activity_gbq", 1,
						     &c->prescribed_value, NULL)))
			return rc;
		if ((rc = radioembo__require_activity("activity_gbq", c->prescribed_value)) == 0)
			rc = radioembo_plan_prescribe_activity_gbq(c->plan, c->prescribed_value);
		return radioembo__case_apply(r, rc, p, path, "activity_gbq");
	}
	if (strcmp(kind, "perfused_dose_gy") == 0) {
		c->prescription = RADIOEMBO_PRESCRIBE_PERFUSED_DOSE;
		if ((rc = radioembo__case_check_keys(r, p, path, perfused_keys)) ||
		    (rc = read_model(r, p, path, &c->model)) ||
		    (rc = radioembo__case_get_number(r, p, path, "dose_gy", 1, &c->prescribed_value,
						     NULL)))
			return rc;
		if ((rc = radioembo__require_dose("dose_gy", c->prescribed_value)) == 0)
			rc = radioembo_plan_prescribe_perfused_dose_gy(c->plan,
								       c->prescribed_value);
		return radioembo__case_apply(r, rc, p, path, "dose_gy");
	}
	if (strcmp(kind, "tumor_dose_gy") == 0) {
		c->prescription = RADIOEMBO_PRESCRIBE_TUMOR_DOSE;
		if ((rc = radioembo__case_check_keys(r, p, path, tumor_keys)) ||
		    (rc = read_model(r, p, path, &c->model)) ||
		    (rc = radioembo__case_get_string(r, p, path, "lesion", 1, &label)) ||
		    (rc = radioembo__case_get_number(r, p, path, "dose_gy", 1, &c->prescribed_value,
						     NULL)) ||
		    (rc = find_target(r, label, &lesion)))
			return rc;
		c->prescribed_lesion = (size_t)lesion;
		if ((rc = radioembo__require_dose("dose_gy", c->prescribed_value)) == 0)
			rc = radioembo_plan_prescribe_tumor_dose_gy(c->plan, (size_t)lesion,
								    c->prescribed_value);
		return radioembo__case_apply(r, rc, p, path, "dose_gy");
	}
	return radioembo__case_fail(
		r, RADIOEMBO_EINVAL, "prescription.kind",
		"prescription.kind = \"%s\": unknown prescription (expected one of: "
		"max_safe, activity_gbq, perfused_dose_gy, tumor_dose_gy)",
		kind);
}

/* ---- uncertainty --------------------------------------------------------------------- */

static int read_uncertain_input(struct radioembo__case_reader *r, json_t *data, const char *path,
				radioembo_uncertain_input input)
{
	static const char *const keys[] = {"distribution", "spread", NULL};
	radioembo_distribution distribution;
	char where[RADIOEMBO__CASE_PATH_SIZE];
	const char *name;
	double spread;
	int rc;

	if ((rc = radioembo__case_require_object(r, data, path, keys)) ||
	    (rc = radioembo__case_get_string(r, data, path, "distribution", 1, &name)) ||
	    (rc = radioembo__case_get_number(r, data, path, "spread", 1, &spread, NULL)))
		return rc;
	if ((distribution = radioembo__case_distribution_from_key(name)) ==
	    RADIOEMBO_DISTRIBUTION_NONE) {
		radioembo__case_join(where, path, "distribution");
		return radioembo__case_fail(r, RADIOEMBO_EINVAL, where,
					    "%s = \"%s\": unknown distribution (expected one of: "
					    "normal, lognormal, uniform)",
					    where, name);
	}
	return radioembo__case_apply(
		r, radioembo_uncertainty_set_input(r->c->uncertainty, input, distribution, spread),
		data, path, "spread");
}

static int read_inputs(struct radioembo__case_reader *r, json_t *u)
{
	json_t *inputs = radioembo__case_member(u, "inputs");
	const char *path = "uncertainty.inputs", *names[RADIOEMBO__INPUT_LAST + 1];
	char where[RADIOEMBO__CASE_PATH_SIZE];
	json_t *data;
	int input, rc;

	for (input = 1; input <= RADIOEMBO__INPUT_LAST; input++)
		names[input - 1] = radioembo_uncertain_input_name((radioembo_uncertain_input)input);
	names[RADIOEMBO__INPUT_LAST] = NULL;
	if (inputs == NULL)
		return radioembo__case_missing(r, u, "uncertainty", "inputs");
	if ((rc = radioembo__case_require_object(r, inputs, path, names)))
		return rc;
	if (json_object_size(inputs) == 0)
		return radioembo__case_fail(
			r, RADIOEMBO_EINVAL, path,
			"%s: no input is given, so there is nothing to propagate", path);
	if ((rc = radioembo_uncertainty_new(&r->c->uncertainty)) != RADIOEMBO_OK)
		return radioembo__case_refused(r, rc, "uncertainty", inputs);
	for (input = 1; input <= RADIOEMBO__INPUT_LAST; input++) {
		const char *key = radioembo_uncertain_input_name((radioembo_uncertain_input)input);
		if ((data = radioembo__case_member(inputs, key)) == NULL)
			continue;
		radioembo__case_join(where, path, key);
		if ((rc = read_uncertain_input(r, data, where, (radioembo_uncertain_input)input)))
			return rc;
	}
	return 0;
}

static int read_uncertainty(struct radioembo__case_reader *r, json_t *u)
{
	static const char *const keys[] = {"method",	"model",  "seed", "samples",
					   "generator", "inputs", NULL};
	const char *path = "uncertainty", *name, *generator;
	struct radioembo_case *c = r->c;
	double value;
	int present, rc;

	if (u == NULL)
		return 0;
	if ((rc = radioembo__case_require_object(r, u, path, keys)) ||
	    (rc = radioembo__case_get_string(r, u, path, "method", 0, &name)))
		return rc;
	if (name != NULL && (c->uncertainty_method = radioembo__case_method_from_key(name)) == 0)
		return radioembo__case_fail(
			r, RADIOEMBO_EINVAL, "uncertainty.method",
			"uncertainty.method = \"%s\": unknown method (expected one of: "
			"analytic, monte_carlo)",
			name);
	if ((rc = read_model(r, u, path, &c->uncertainty_model)) ||
	    (rc = radioembo__case_get_whole(r, u, path, "seed", 0, RADIOEMBO__CASE_MAX_SEED, &value,
					    &present)))
		return rc;
	if (present)
		c->seed = (uint64_t)value;
	if ((rc = radioembo__case_get_whole(r, u, path, "samples", RADIOEMBO__CASE_MIN_SAMPLES,
					    RADIOEMBO__CASE_MAX_SAMPLES, &value, &present)))
		return rc;
	if (present)
		c->samples = (size_t)value;
	if ((rc = radioembo__case_get_string(r, u, path, "generator", 0, &generator)) ||
	    (rc = read_inputs(r, u)))
		return rc;
	/* the library knows its generators: its message lists them */
	if (generator != NULL)
		return radioembo__case_apply(
			r, radioembo_uncertainty_set_generator(c->uncertainty, generator), u, path,
			"generator");
	return 0;
}

/* ---- the whole case ------------------------------------------------------------------ */

static int read_schema_version(struct radioembo__case_reader *r, json_t *root)
{
	json_t *version;
	char value[80];

	if ((version = radioembo__case_member(root, "schema_version")) == NULL)
		return radioembo__case_missing(r, root, "", "schema_version");
	if (!json_is_integer(version) ||
	    json_integer_value(version) != RADIOEMBO__CASE_SCHEMA_VERSION) {
		radioembo__case_value_text(version, value, sizeof value);
		return radioembo__case_fail(
			r, RADIOEMBO_EINVAL, "schema_version",
			"schema_version = %s: unsupported (this radioembo reads %d)", value,
			RADIOEMBO__CASE_SCHEMA_VERSION);
	}
	return 0;
}

static int read_identity(struct radioembo__case_reader *r, json_t *root)
{
	const char *text;
	int rc;

	if ((rc = radioembo__case_get_string(r, root, "", "id", 0, &text)) ||
	    (text != NULL && (rc = radioembo__case_duplicate(r, text, &r->c->id))) ||
	    (rc = radioembo__case_get_string(r, root, "", "description", 0, &text)) ||
	    (text != NULL && (rc = radioembo__case_duplicate(r, text, &r->c->description))))
		return rc;
	return 0;
}

int radioembo__case_read_root(struct radioembo__case_reader *r, json_t *root)
{
	static const char *const keys[] = {
		"schema_version", "id",	      "description", "product",		  "liver",
		"territories",	  "lesions",  "lungs",	     "treated_territory", "prescription",
		"timing",	  "vial",     "patient",     "residual_fraction", "bsa_lobar_rule",
		"uncertainty",	  "sign_off", NULL
	};
	struct radioembo_case *c = r->c;
	size_t errors_before;
	int rc, parts_read;

	if (!json_is_object(root))
		return radioembo__case_wrong_type(r, "(the case)", root, "an object");
	r->root = root;
	/* Sections are read on past a bad value, so that one run reports every error. */
	/* a file of another schema is not read further: its other errors would mislead */
	if ((rc = read_schema_version(r, root)) ||
	    (rc = radioembo__case_go_on(r, radioembo__case_check_keys(r, root, "", keys))) ||
	    (rc = radioembo__case_go_on(r, read_identity(r, root))) ||
	    (rc = radioembo__case_go_on(r, radioembo__case_read_product(
						   r, radioembo__case_member(root, "product")))) ||
	    (rc = radioembo__case_go_on(
		     r, radioembo__case_read_liver(r, radioembo__case_member(root, "liver")))))
		return rc;
	errors_before = r->error_count;
	/* territories and lesions live in the liver; they are checked against it as a whole */
	if (c->liver != NULL &&
	    ((rc = radioembo__case_go_on(
		      r, radioembo__case_read_territories(
				 r, radioembo__case_member(root, "territories")))) ||
	     (rc = radioembo__case_go_on(r, radioembo__case_read_lesions(
						    r, radioembo__case_member(root, "lesions")))) ||
	     (r->error_count == errors_before &&
	      (rc = radioembo__case_go_on(r, radioembo__case_check_geometry(r))))))
		return rc;
	/* the plan's settings refer to lesions and territories by their index in the liver */
	parts_read = c->liver != NULL && r->error_count == errors_before && c->product != NULL;
	if ((rc = radioembo__case_go_on(
		     r, radioembo__case_read_lungs(r, radioembo__case_member(root, "lungs")))))
		return rc;
	if (!parts_read || c->lung == NULL)
		return r->error_count > 0 ? r->errors[0].status : RADIOEMBO_EINTERNAL;
	if ((rc = radioembo_plan_new(c->product, c->liver, c->lung, &c->plan)) != RADIOEMBO_OK)
		return radioembo__case_refused(r, rc, "(the case)", root);
	if ((rc = radioembo__case_go_on(r, read_treated_territory(r, root))) ||
	    (rc = radioembo__case_go_on(r, read_residual(r, root))) ||
	    (rc = radioembo__case_go_on(r, read_bsa_lobar_rule(r, root))) ||
	    (rc = radioembo__case_go_on(
		     r, read_patient(r, radioembo__case_member(root, "patient")))) ||
	    (rc = radioembo__case_go_on(r,
					read_timing(r, radioembo__case_member(root, "timing")))) ||
	    (rc = radioembo__case_go_on(r, read_vial(r, radioembo__case_member(root, "vial")))) ||
	    (rc = radioembo__case_go_on(
		     r, read_prescription(r, radioembo__case_member(root, "prescription")))) ||
	    (rc = radioembo__case_go_on(
		     r, read_uncertainty(r, radioembo__case_member(root, "uncertainty")))) ||
	    (rc = radioembo__case_go_on(r, radioembo__case_read_audit(r, root))))
		return rc;
	return r->error_count > 0 ? r->errors[0].status : 0;
}
