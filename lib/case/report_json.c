/*
 * The report document as JSON: what `radioembo plan --format json` writes and what its text
 * report is rendered from. Deterministic: keys in a fixed order, numbers in their shortest
 * form that reads back to the same double ("64.1"), null for a figure that is unknown or does
 * not apply. Layout in radioembo(1), OUTPUT.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>

#include <string.h>

#include "case/case_internal.h"

/* Object building that remembers an allocation failure instead of checking each call. */
struct builder {
	int failed;
};

static json_t *put(struct builder *b, json_t *object, const char *key, json_t *value)
{
	if (value == NULL || object == NULL || json_object_set_new(object, key, value) != 0)
		b->failed = 1;
	return value;
}

static json_t *append(struct builder *b, json_t *array, json_t *value)
{
	if (value == NULL || array == NULL || json_array_append_new(array, value) != 0)
		b->failed = 1;
	return value;
}

static json_t *number(double value)
{
	return isfinite(value) ? json_real(value) : json_null();
}

static json_t *text_or_null(const char *text)
{
	return text != NULL ? json_string(text) : json_null();
}

/* An instant at the UTC offset the case gave it at ("Z" only where the case gave Z). */
static json_t *instant(int has, int64_t seconds, int offset_minutes)
{
	char text[RADIOEMBO__TIME_TEXT_SIZE];

	if (!has || radioembo__time_format(seconds, offset_minutes, text) != RADIOEMBO_OK)
		return json_null();
	return json_string(text);
}

typedef int (*constant_getter)(const radioembo_result *, double *);
/* A per-lesion figure: radioembo_result_get_lesion_dose_gy or _lesion_bed_gy. */
typedef int (*lesion_getter)(const radioembo_result *, radioembo_model, size_t, double *);

static json_t *constant(const radioembo_result *result, constant_getter get)
{
	double value;

	return get(result, &value) == RADIOEMBO_OK ? number(value) : json_null();
}

static json_t *figure(const radioembo_result *result, radioembo_model model,
		      radioembo__case_figure_getter get)
{
	double value;

	return get(result, model, &value) == RADIOEMBO_OK ? number(value) : json_null();
}

/* The figures of one model, in table order, as members of object. */
static void put_figures(struct builder *b, json_t *object, const radioembo_result *result,
			radioembo_model model, const struct radioembo__case_figure *figures,
			size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		put(b, object, figures[i].words.key, figure(result, model, figures[i].get));
}

static json_t *lesion_values(struct builder *b, const struct radioembo__case_document *report,
			     const radioembo_result *result, radioembo_model model,
			     lesion_getter get)
{
	json_t *values = json_array();
	size_t count = 0, i;
	double value;

	radioembo_liver_lesion_count(report->c->liver, &count);
	for (i = 0; i < count; i++)
		append(b, values,
		       get(result, model, i, &value) == RADIOEMBO_OK ? number(value) : json_null());
	return values;
}

/* The radiobiological parameters the plan used (null where unset). */
static json_t *radiobiology_section(struct builder *b, const radioembo_result *result)
{
	const radioembo_radiobiology_params *params = NULL;
	json_t *object = json_object();
	double value;
	size_t i;

	radioembo_result_get_radiobiology(result, &params);
	for (i = 0; i < radioembo__case_radiobiology_count; i++)
		put(b, object, radioembo__case_radiobiology[i].words.key,
		    params != NULL && radioembo__case_radiobiology[i].get(params, &value) ==
					      RADIOEMBO_OK
			    ? number(value)
			    : json_null());
	return object;
}

/* The lobar rule the BSA method used; null when the method gave no activity. */
static json_t *bsa_lobar_rule(const struct radioembo__case_document *report)
{
	radioembo_bsa_lobar_rule rule;

	return radioembo_result_get_bsa_lobar_rule(report->result, &rule) == RADIOEMBO_OK
		       ? json_string(radioembo_bsa_lobar_rule_name(rule))
		       : json_null();
}

static json_t *case_section(struct builder *b, const struct radioembo__case_document *report)
{
	const struct radioembo_case *c = report->c;
	json_t *object = json_object();
	radioembo_product_kind kind = RADIOEMBO_PRODUCT_KIND_OTHER;
	radioembo_nuclide nuclide = RADIOEMBO_NUCLIDE_Y90;
	json_t *product, *prescription, *timing, *vial, *patient, *sign_off;

	put(b, object, "id", text_or_null(c->id));
	put(b, object, "description", text_or_null(c->description));
	radioembo_product_get_kind(c->product, &kind);
	radioembo_product_get_nuclide(c->product, &nuclide);
	product = put(b, object, "product", json_object());
	put(b, product, "name", json_string(radioembo_product_name(c->product)));
	put(b, product, "kind", json_string(radioembo_product_kind_name(kind)));
	put(b, product, "nuclide", text_or_null(radioembo_nuclide_name(nuclide)));
	put(b, object, "treated_territory", text_or_null(c->treated_territory));
	prescription = put(b, object, "prescription", json_object());
	put(b, prescription, "kind", json_string(radioembo_prescription_name(c->prescription)));
	put(b, prescription, "activity_gbq",
	    c->prescription == RADIOEMBO_PRESCRIBE_ACTIVITY ? number(c->prescribed_value)
							    : json_null());
	put(b, prescription, "dose_gy",
	    c->prescription == RADIOEMBO_PRESCRIBE_PERFUSED_DOSE ||
			    c->prescription == RADIOEMBO_PRESCRIBE_TUMOR_DOSE
		    ? number(c->prescribed_value)
		    : json_null());
	if (c->prescription == RADIOEMBO_PRESCRIBE_TUMOR_DOSE) {
		const radioembo_lesion *lesion = NULL;
		radioembo_liver_get_lesion(c->liver, c->prescribed_lesion, &lesion);
		put(b, prescription, "lesion", text_or_null(radioembo_lesion_label(lesion)));
	} else {
		put(b, prescription, "lesion", json_null());
	}
	put(b, prescription, "model", text_or_null(radioembo_model_name(c->model)));
	timing = put(b, object, "timing", json_object());
	put(b, timing, "treatment",
	    instant(c->has_treatment, c->treatment_s, c->treatment_offset_min));
	put(b, timing, "calibration",
	    instant(c->has_calibration, c->calibration_s, c->calibration_offset_min));
	if (c->has_vial) {
		vial = put(b, object, "vial", json_object());
		put(b, vial, "activity_gbq", number(c->vial_activity_gbq));
		put(b, vial, "calibration", instant(1, c->vial_calibration_s, c->vial_offset_min));
	} else {
		put(b, object, "vial", json_null());
	}
	put(b, object, "bsa_lobar_rule", bsa_lobar_rule(report));
	if (c->has_patient || c->patient_id != NULL || c->patient_name != NULL) {
		patient = put(b, object, "patient", json_object());
		put(b, patient, "height_cm", c->has_patient ? number(c->height_cm) : json_null());
		put(b, patient, "weight_kg", c->has_patient ? number(c->weight_kg) : json_null());
		put(b, patient, "id", text_or_null(c->patient_id));
		put(b, patient, "name", text_or_null(c->patient_name));
	} else {
		put(b, object, "patient", json_null());
	}
	sign_off = put(b, object, "sign_off", json_object());
	for (size_t i = 0; i < RADIOEMBO__CASE_SIGN_OFF_COUNT; i++)
		put(b, sign_off, radioembo__case_sign_off_keys[i], text_or_null(c->sign_off[i]));
	return object;
}

static json_t *constants_section(struct builder *b, const radioembo_result *result)
{
	json_t *object = json_object();
	size_t i;

	for (i = 0; i < radioembo__case_constant_count; i++)
		put(b, object, radioembo__case_constants[i].words.key,
		    constant(result, radioembo__case_constants[i].get));
	for (i = 0; i < radioembo__case_limit_count; i++)
		put(b, object, radioembo__case_limits[i].words.key,
		    constant(result, radioembo__case_limits[i].get));
	return object;
}

static json_t *lesions_section(struct builder *b, const struct radioembo__case_document *report)
{
	const radioembo_liver *liver = report->c->liver;
	json_t *array = json_array();
	size_t count = 0, i, territory;
	double value, applied;
	int own_target;

	radioembo_liver_lesion_count(liver, &count);
	for (i = 0; i < count; i++) {
		const radioembo_lesion *lesion = NULL;
		json_t *object = append(b, array, json_object());
		radioembo_liver_get_lesion(liver, i, &lesion);
		put(b, object, "label", text_or_null(radioembo_lesion_label(lesion)));
		radioembo_lesion_get_volume_ml(lesion, &value);
		put(b, object, "volume_ml", number(value));
		put(b, object, "mass_kg",
		    radioembo_result_get_lesion_mass_kg(report->result, i, &value) == RADIOEMBO_OK
			    ? number(value)
			    : json_null());
		put(b, object, "tnr",
		    radioembo_lesion_get_tnr(lesion, &value) == RADIOEMBO_OK ? number(value)
									     : json_null());
		own_target = radioembo_lesion_get_target_dose_gy(lesion, &value) == RADIOEMBO_OK;
		put(b, object, "target_dose_gy", own_target ? number(value) : json_null());
		/* the target the plan measured the lesion against: its own, else the product's */
		applied = report->result->lesions[i].target_dose_gy;
		put(b, object, "applied_target_dose_gy", number(applied));
		put(b, object, "target_source",
		    own_target		? json_string("lesion")
		    : isfinite(applied) ? json_string("product")
					: json_null());
		put(b, object, "territory",
		    radioembo_liver_get_lesion_territory(liver, i, &territory) == RADIOEMBO_OK
			    ? text_or_null(radioembo_liver_territory_label(liver, territory))
			    : json_null());
	}
	return array;
}

static json_t *models_section(struct builder *b, const struct radioembo__case_document *report)
{
	const radioembo_result *result = report->result;
	json_t *array = json_array();
	int model;

	/* every model, in the order of radioembo_model, whether it applies or not */
	for (model = 1; model <= RADIOEMBO__MODEL_LAST; model++) {
		json_t *object = append(b, array, json_object());
		radioembo_model dose_model;
		radioembo_limiting_organ organ;
		int applies = 0;
		radioembo_result_model_applies(result, (radioembo_model)model, &applies);
		put(b, object, "model", json_string(radioembo_model_name((radioembo_model)model)));
		put(b, object, "applies", json_boolean(applies));
		put(b, object, "dose_model",
		    radioembo_result_get_dose_model(result, (radioembo_model)model, &dose_model) ==
				    RADIOEMBO_OK
			    ? text_or_null(radioembo_model_name(dose_model))
			    : json_null());
		put(b, object, "limiting_organ",
		    radioembo_result_get_limiting_organ(result, (radioembo_model)model, &organ) ==
				    RADIOEMBO_OK
			    ? json_string(radioembo__case_limiting_organ_key(organ))
			    : json_null());
		put_figures(b, object, result, (radioembo_model)model,
			    radioembo__case_activity_figures,
			    radioembo__case_activity_figure_count);
		put_figures(b, object, result, (radioembo_model)model, radioembo__case_dose_figures,
			    radioembo__case_dose_figure_count);
		put(b, object, "lesion_doses_gy",
		    lesion_values(b, report, result, (radioembo_model)model,
				  radioembo_result_get_lesion_dose_gy));
		put_figures(b, object, result, (radioembo_model)model, radioembo__case_bed_figures,
			    radioembo__case_bed_figure_count);
		put(b, object, "lesion_beds_gy",
		    lesion_values(b, report, result, (radioembo_model)model,
				  radioembo_result_get_lesion_bed_gy));
	}
	return array;
}

/* The codes of the limits a table row breaks, each once, in the result's order. */
static json_t *row_violations(struct builder *b, const radioembo_result *result,
			      radioembo_model dose_model)
{
	struct radioembo__case_diagnostic d;
	json_t *array = json_array(), *code;
	size_t next = 0, i;
	const char *name;

	while (radioembo__case_next_diagnostic(result, &next, &d)) {
		if (!radioembo__case_row_breaks(&d, dose_model))
			continue;
		name = radioembo__case_diagnostic_key(d.code);
		json_array_foreach(array, i, code) if (strcmp(json_string_value(code), name) == 0)
			break;
		if (i == json_array_size(array))
			append(b, array, json_string(name));
	}
	return array;
}

static json_t *table_section(struct builder *b, const struct radioembo__case_document *report)
{
	json_t *object = json_object(), *grid, *rows;
	size_t i;

	put(b, object, "model", text_or_null(radioembo_model_name(report->chosen)));
	put(b, object, "dose_model", text_or_null(radioembo_model_name(report->dose_model)));
	put(b, object, "chosen_activity_gbq",
	    report->chosen ? number(report->chosen_gbq) : json_null());
	put(b, object, "note", text_or_null(report->note));
	grid = put(b, object, "grid_percent", json_array());
	for (i = 0; i < RADIOEMBO__CASE_GRID_COUNT; i++)
		append(b, grid, number(radioembo__case_grid_percent[i]));
	rows = put(b, object, "rows", json_array());
	for (i = 0; i < report->row_count; i++) {
		const struct radioembo__case_row *row = &report->rows[i];
		json_t *entry = append(b, rows, json_object());
		put(b, entry, "percent", number(row->percent));
		put(b, entry, "inject_activity_gbq", number(row->inject_gbq));
		put_figures(b, entry, row->result, report->dose_model, radioembo__case_dose_figures,
			    radioembo__case_dose_figure_count);
		put(b, entry, "lesion_doses_gy",
		    lesion_values(b, report, row->result, report->dose_model,
				  radioembo_result_get_lesion_dose_gy));
		put(b, entry, "violation", json_boolean(row->violation));
		put(b, entry, "violations", row_violations(b, row->result, report->dose_model));
	}
	return object;
}

/* Each applying model's vial reconciled with its plan (radioembo(1), OUTPUT). */
static json_t *vials_section(struct builder *b, const struct radioembo__case_document *report)
{
	const struct radioembo_case *c = report->c;
	/* instants the report computes are written at the treatment's offset */
	int offset = c->has_treatment ? c->treatment_offset_min : 0;
	json_t *array = json_array();
	size_t i;

	for (i = 0; i < report->vial_count; i++) {
		const struct radioembo__case_vial *v = &report->vials[i];
		json_t *entry = append(b, array, json_object()), *doses;
		put(b, entry, "model", json_string(radioembo_model_name(v->model)));
		put(b, entry, "source", json_string(v->at_hand ? "at_hand" : "ordered"));
		put(b, entry, "activity_gbq", number(v->vial_gbq));
		put(b, entry, "calibration",
		    instant(1, v->calibration_s, v->calibration_offset_min));
		put(b, entry, "planned_activity_gbq", number(v->planned_gbq));
		put(b, entry, "inject_at", instant(v->has_inject_at, v->inject_at_s, offset));
		put(b, entry, "whole_vial_gbq", number(v->at_treatment_gbq));
		put(b, entry, "dose_model", json_string(radioembo_model_name(v->dose_model)));
		if (v->whole == NULL) {
			put(b, entry, "whole_vial_doses", json_null());
			continue;
		}
		doses = put(b, entry, "whole_vial_doses", json_object());
		put_figures(b, doses, v->whole, v->dose_model, radioembo__case_dose_figures,
			    radioembo__case_dose_figure_count);
		put(b, doses, "lesion_doses_gy",
		    lesion_values(b, report, v->whole, v->dose_model,
				  radioembo_result_get_lesion_dose_gy));
		put(b, doses, "violations", row_violations(b, v->whole, v->dose_model));
	}
	return array;
}

/* One figure of the propagation: summary, and variance shares (analytic), or null. */
static json_t *uncertainty_figure(struct builder *b, const radioembo_propagation *p,
				  radioembo_figure figure, size_t lesion)
{
	static const char *const keys[] = {"planned", "mean", "sd", "p05", "p50", "p95"};
	radioembo_propagation_method method = RADIOEMBO_PROPAGATION_ANALYTIC;
	json_t *object, *shares;
	double v[6], share;
	int input;
	size_t i;

	if (radioembo_propagation_get_summary(p, figure, lesion, &v[0], &v[1], &v[2], &v[3], &v[4],
					      &v[5]) != RADIOEMBO_OK)
		return json_null();
	object = json_object();
	for (i = 0; i < 6; i++)
		put(b, object, keys[i], number(v[i]));
	radioembo_propagation_get_method(p, &method);
	if (method != RADIOEMBO_PROPAGATION_ANALYTIC) {
		put(b, object, "variance_shares", json_null());
		return object;
	}
	shares = put(b, object, "variance_shares", json_object());
	for (input = 1; input <= RADIOEMBO__INPUT_LAST; input++)
		put(b, shares, radioembo_uncertain_input_name((radioembo_uncertain_input)input),
		    radioembo_propagation_get_contribution(p, figure, lesion,
							   (radioembo_uncertain_input)input,
							   &share) == RADIOEMBO_OK
			    ? number(share)
			    : json_null());
	return object;
}

static json_t *probability(const radioembo_propagation *p, radioembo_risk risk, size_t lesion)
{
	double value;

	return radioembo_propagation_get_probability(p, risk, lesion, &value) == RADIOEMBO_OK
		       ? number(value)
		       : json_null();
}

static json_t *uncertainty_section(struct builder *b, const struct radioembo__case_document *report)
{
	const struct radioembo_case *c = report->c;
	const radioembo_propagation *p = report->propagation;
	radioembo_propagation_method method = RADIOEMBO_PROPAGATION_ANALYTIC;
	radioembo_model dose_model;
	json_t *object, *inputs, *figures, *lesions, *risks, *under;
	size_t count = 0, samples = 0, i;
	int input, mc;

	if (p == NULL)
		return json_null();
	radioembo_propagation_get_method(p, &method);
	mc = method == RADIOEMBO_PROPAGATION_MONTE_CARLO;
	object = json_object();
	put(b, object, "method", text_or_null(radioembo_propagation_method_name(method)));
	put(b, object, "model", text_or_null(radioembo_model_name(report->uncertainty_model)));
	put(b, object, "dose_model",
	    radioembo_result_get_dose_model(report->result, report->uncertainty_model,
					    &dose_model) == RADIOEMBO_OK
		    ? text_or_null(radioembo_model_name(dose_model))
		    : json_null());
	put(b, object, "samples",
	    mc && radioembo_propagation_sample_count(p, &samples) == RADIOEMBO_OK
		    ? json_integer((json_int_t)samples)
		    : json_null());
	put(b, object, "seed", mc ? json_integer((json_int_t)c->seed) : json_null());
	/* the seed alone does not reproduce a Monte Carlo run: the generator's name does too */
	put(b, object, "generator",
	    mc ? text_or_null(radioembo_uncertainty_generator(c->uncertainty)) : json_null());
	inputs = put(b, object, "inputs", json_object());
	for (input = 1; input <= RADIOEMBO__INPUT_LAST; input++) {
		radioembo_distribution distribution;
		double spread;
		json_t *entry;
		if (radioembo_uncertainty_get_input(c->uncertainty,
						    (radioembo_uncertain_input)input, &distribution,
						    &spread) != RADIOEMBO_OK ||
		    distribution == RADIOEMBO_DISTRIBUTION_NONE)
			continue;
		entry = put(b, inputs,
			    radioembo_uncertain_input_name((radioembo_uncertain_input)input),
			    json_object());
		put(b, entry, "distribution",
		    text_or_null(radioembo_distribution_name(distribution)));
		put(b, entry, "spread", number(spread));
	}
	figures = put(b, object, "figures", json_object());
	for (i = 0; i < radioembo__case_uncertain_figure_count; i++)
		put(b, figures, radioembo_figure_name(radioembo__case_uncertain_figures[i]),
		    uncertainty_figure(b, p, radioembo__case_uncertain_figures[i], 0));
	lesions = put(b, figures, "lesion_doses_gy", json_array());
	radioembo_liver_lesion_count(c->liver, &count);
	for (i = 0; i < count; i++)
		append(b, lesions, uncertainty_figure(b, p, RADIOEMBO_FIGURE_LESION_DOSE, i));
	risks = put(b, object, "probabilities", json_object());
	for (i = 0; i < radioembo__case_risk_count; i++)
		put(b, risks, radioembo_risk_name(radioembo__case_risks[i].risk),
		    probability(p, radioembo__case_risks[i].risk, 0));
	under = put(b, risks, "lesions_under_target", json_array());
	for (i = 0; i < count; i++)
		append(b, under, probability(p, RADIOEMBO_RISK_TUMOR_UNDER_TARGET, i));
	return object;
}

static json_t *diagnostics_section(struct builder *b, const radioembo_result *result)
{
	json_t *array = json_array();
	struct radioembo__case_diagnostic d;
	size_t next = 0;

	while (radioembo__case_next_diagnostic(result, &next, &d)) {
		json_t *object = append(b, array, json_object());
		put(b, object, "code", json_string(radioembo__case_diagnostic_key(d.code)));
		put(b, object, "code_number", json_integer(d.code));
		put(b, object, "severity", json_string(radioembo_severity_name(d.severity)));
		put(b, object, "model", text_or_null(radioembo_model_name(d.model)));
		put(b, object, "message",
		    text_or_null(radioembo_result_diagnostic_message(result, d.index)));
	}
	return array;
}

char *radioembo__case_document_json(const struct radioembo__case_document *report)
{
	struct builder b = {0};
	json_t *root = json_object(), *generator;
	char *text = NULL, *line;
	size_t length;

	put(&b, root, "schema_version", json_integer(RADIOEMBO__CASE_REPORT_SCHEMA_VERSION));
	generator = put(&b, root, "generator", json_object());
	put(&b, generator, "name", json_string("radioembo"));
	put(&b, generator, "library_version", json_string(radioembo_version_string()));
	put(&b, generator, "case_schema_version", json_integer(RADIOEMBO__CASE_SCHEMA_VERSION));
	put(&b, root, "case", case_section(&b, report));
	put(&b, root, "constants", constants_section(&b, report->result));
	put(&b, root, "radiobiology", radiobiology_section(&b, report->result));
	put(&b, root, "lesions", lesions_section(&b, report));
	put(&b, root, "models", models_section(&b, report));
	put(&b, root, "dose_activity_table", table_section(&b, report));
	put(&b, root, "vials", vials_section(&b, report));
	put(&b, root, "uncertainty", uncertainty_section(&b, report));
	put(&b, root, "diagnostics", diagnostics_section(&b, report->result));
	put(&b, root, "has_violation", json_boolean(report->has_violation));
	/* the exit status of radioembo(1) for this report: 1 when a limit is broken */
	put(&b, root, "exit_status", json_integer(report->has_violation ? 1 : 0));
	if (!b.failed)
		text = radioembo__json_dumps(root, JSON_INDENT(2));
	json_decref(root);
	if (text == NULL)
		return NULL;
	/* a text file: the document ends with a newline */
	length = strlen(text);
	if ((line = radioembo__allocate(length + 2, "the JSON report")) != NULL) {
		memcpy(line, text, length);
		line[length] = '\n';
	}
	free(text);
	return line;
}
