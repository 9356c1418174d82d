/*
 * radioembo(1): the planning report as text, for people. Every figure of the JSON report,
 * rounded for reading; "-" where a model does not give a figure (null in the JSON report).
 * The keys, their labels and units are the library's (radioembo_report_key_label(3)): the
 * text walks the document in its order and keeps only the layout (widths, headings).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <radioembo.h>

#include "report_text.h"
#include "report_walk.h"
#include "text_table.h"

/* The number at key of object, if it is one. */
static int number(json_t *object, const char *key, double *value_out)
{
	json_t *value = json_object_get(object, key);

	if (!json_is_number(value))
		return 0;
	*value_out = json_number_value(value);
	return 1;
}

/* The string at key of object, or NULL. */
static const char *text(json_t *object, const char *key)
{
	return json_string_value(json_object_get(object, key));
}

/* A cell of a table: the number at value (scaled), in unit under the rule. */
static void value_cell(struct text_table *table, json_t *value, double scale, const char *unit)
{
	char text[REPORT_FIGURE_SIZE];

	text_table_cell(
		table, "%s",
		report_figure(text, json_is_number(value), json_number_value(value) * scale, unit));
}

/* The library's label of a model named in the report; "plan" where none is named. */
static const char *model_label(const char *key)
{
	radioembo_model model = RADIOEMBO_MODEL_NONE;
	const char *label = NULL;

	if (key != NULL && radioembo_model_from_name(key, &model) == RADIOEMBO_OK)
		label = radioembo_model_label(model);
	return label != NULL ? label : "plan";
}

static void instant(FILE *out, const char *label, json_t *object, const char *key)
{
	const char *value = text(object, key);

	if (value != NULL)
		fprintf(out, "  %-30s %s\n", label, value);
}

/* "label   value unit" under the rule for unit. */
static void quantity(FILE *out, const char *label, int has, double value, const char *unit)
{
	char number_text[REPORT_FIGURE_SIZE];

	fprintf(out, "  %-30s %s%s%s\n", label, report_figure(number_text, has, value, unit),
		*unit && has ? " " : "", has ? unit : "");
}

static void prescription(FILE *out, json_t *p)
{
	const char *kind = text(p, "kind");
	char number_text[REPORT_FIGURE_SIZE];
	double value = 0.0;

	if (strcmp(kind, "activity_gbq") == 0 && number(p, "activity_gbq", &value))
		fprintf(out, "  %-30s %s GBq\n", "prescription",
			report_figure(number_text, 1, value, "GBq"));
	else if (strcmp(kind, "perfused_dose_gy") == 0 && number(p, "dose_gy", &value))
		fprintf(out, "  %-30s %s Gy to the perfused volume\n", "prescription",
			report_figure(number_text, 1, value, "Gy"));
	else if (strcmp(kind, "tumor_dose_gy") == 0 && number(p, "dose_gy", &value))
		fprintf(out, "  %-30s %s Gy to lesion %s\n", "prescription",
			report_figure(number_text, 1, value, "Gy"), text(p, "lesion"));
	else
		fprintf(out, "  %-30s %s\n", "prescription", "maximum safe activity");
}

static void header(FILE *out, json_t *report)
{
	json_t *c = json_object_get(report, "case"), *product = json_object_get(c, "product");
	json_t *vial = json_object_get(c, "vial"), *patient = json_object_get(c, "patient");
	const char *treated = text(c, "treated_territory");
	char height[REPORT_FIGURE_SIZE], weight[64];
	double a = 0.0, b = 0.0;

	fprintf(out, "radioembo %s planning report\n",
		text(json_object_get(report, "generator"), "library_version"));
	if (text(c, "id") != NULL)
		fprintf(out, "case: %s\n", text(c, "id"));
	if (text(c, "description") != NULL)
		fprintf(out, "%s\n", text(c, "description"));
	fprintf(out, "\n  %-30s %s (%s, %s)\n", "product", text(product, "name"),
		text(product, "kind"), text(product, "nuclide"));
	fprintf(out, "  %-30s %s\n", "treated", treated != NULL ? treated : "whole liver");
	prescription(out, json_object_get(c, "prescription"));
	instant(out, "treatment", json_object_get(c, "timing"), "treatment");
	instant(out, "vial calibration (planned)", json_object_get(c, "timing"), "calibration");
	if (number(vial, "activity_gbq", &a)) {
		quantity(out, "vial at hand", 1, a, "GBq");
		instant(out, "vial at hand, calibration", vial, "calibration");
	}
	if (text(patient, "id") != NULL)
		fprintf(out, "  %-30s %s\n", radioembo_report_path_label("case.patient.id"),
			text(patient, "id"));
	if (text(patient, "name") != NULL)
		fprintf(out, "  %-30s %s\n", radioembo_report_path_label("case.patient.name"),
			text(patient, "name"));
	if (number(patient, "height_cm", &a) && number(patient, "weight_kg", &b))
		fprintf(out, "  %-30s %s cm, %s kg\n", "patient", report_figure(height, 1, a, "cm"),
			report_figure(weight, 1, b, "kg"));
	if (text(c, "bsa_lobar_rule") != NULL)
		fprintf(out, "  %-30s %s\n", radioembo_report_key_label("bsa_lobar_rule"),
			text(c, "bsa_lobar_rule"));
}

/* Who planned, checked and approved the plan: a line to sign where the case names nobody. */
static void sign_off(FILE *out, json_t *sign_off)
{
	const char *key;
	json_t *name;

	fprintf(out, "\nSign-off\n");
	json_object_foreach(sign_off, key, name)
	{
		fprintf(out, "  %-30s %s\n", radioembo_report_key_label(key),
			json_is_string(name) ? json_string_value(name)
					     : "______________________________");
	}
}

/* The constants, then the limits under their own heading. */
static void constants(FILE *out, json_t *constants)
{
	const char *key;
	json_t *value;
	int limits = 0;

	fprintf(out, "\nConstants used\n");
	json_object_foreach(constants, key, value)
	{
		if (!limits && report_in_group(key, "limit")) {
			fprintf(out, "\nLimits applied (\"-\": not applied)\n");
			limits = 1;
		}
		quantity(out, radioembo_report_key_label(key), json_is_number(value),
			 json_number_value(value) * report_shown_scale(key),
			 report_shown_unit(key));
	}
}

/* A table under its title, with its headings. */
static void table_start(FILE *out, struct text_table *t, const char *title, size_t columns,
			const char *align, const char *const *headings)
{
	fprintf(out, "\n%s\n", title);
	text_table_init(t, columns, align);
	text_table_heading(t, headings);
}

/* A string of the report, or "-" where it has none. */
static void text_cell(struct text_table *t, const char *value)
{
	text_table_cell(t, "%s", value != NULL ? value : "-");
}

static int lesions(FILE *out, json_t *lesions)
{
	static const char *const headings[] = { "label",     "volume mL",   "mass kg",	 "TNR",
						"target Gy", "target from", "territory", NULL };
	struct text_table t;
	json_t *lesion;
	size_t i;

	if (json_array_size(lesions) == 0)
		return 0;
	table_start(out, &t, "Lesions", 7, "lrrrrll", headings);
	json_array_foreach(lesions, i, lesion)
	{
		text_table_row(&t);
		text_table_cell(&t, "%s", text(lesion, "label"));
		value_cell(&t, json_object_get(lesion, "volume_ml"), 1, "mL");
		value_cell(&t, json_object_get(lesion, "mass_kg"), 1, "kg");
		value_cell(&t, json_object_get(lesion, "tnr"), 1, "");
		value_cell(&t, json_object_get(lesion, "applied_target_dose_gy"), 1, "Gy");
		text_cell(&t, text(lesion, "target_source"));
		text_cell(&t, text(lesion, "territory"));
	}
	return text_table_print(&t, out, "  ");
}

/* An activity figure in its unit; sphere counts in millions. */
static void activity_cell(void *table, const char *key, json_t *value, long lesion)
{
	(void)lesion;
	if (strcmp(key, "sphere_count") == 0)
		value_cell(table, value, 1e-6, "million");
	else
		value_cell(table, value, report_shown_scale(key), report_shown_unit(key));
}

/* The activity figures of each model, in the library's order, under the headings below. */
static int activities(FILE *out, json_t *models)
{
	static const char *const names[] = { "model", "inject", "delivered", "order", "vial",
					     "draw",  "draw",	"spheres",   NULL };
	static const char *const units[] = { "",  "GBq", "GBq",	    "cal. GBq", "GBq",
					     "%", "mL",	 "million", NULL };
	struct text_table t;
	json_t *model;
	size_t i;

	table_start(out, &t, "Activity per model", 8, "lrrrrrrr", names);
	text_table_heading(&t, units);
	json_array_foreach(models, i, model)
	{
		text_table_row(&t);
		text_table_cell(&t, "%s", model_label(text(model, "model")));
		if (!json_is_true(json_object_get(model, "applies"))) {
			text_table_note(&t, "does not apply");
			continue;
		}
		report_walk_group(model, "activity", activity_cell, &t);
	}
	return text_table_print(&t, out, "  ");
}

/* The lesions' labels as headings, after the figures' own. */
static void lesion_heading(struct text_table *t, json_t *lesions)
{
	json_t *lesion;
	size_t i;

	json_array_foreach(lesions, i, lesion) text_table_cell(t, "%s", text(lesion, "label"));
}

static void dose_cell(void *table, const char *key, json_t *value, long lesion)
{
	(void)key, (void)lesion;
	value_cell(table, value, 1, "Gy");
}

/*
 * The figures of group in object (a model, a table row, a vial's doses), in the order of
 * the JSON report: each figure, and the values of each lesion, in Gy.
 */
static void group_cells(struct text_table *t, json_t *object, const char *group)
{
	report_walk_group(object, group, dose_cell, t);
}

/* The headings of the five doses, then the lesions'. */
static void dose_heading(struct text_table *t, json_t *report)
{
	text_table_cell(t, "perfused");
	text_table_cell(t, "norm.perf");
	text_table_cell(t, "norm.liver");
	text_table_cell(t, "lungs");
	text_table_cell(t, "lungs cum");
	lesion_heading(t, json_object_get(report, "lesions"));
}

/* The limits a row breaks, after its cells ("VIOLATION: normal_liver_limit"). */
static void violation_note(struct text_table *t, json_t *violations)
{
	char note[512];
	size_t i, used = 0;
	json_t *code;

	if (json_array_size(violations) == 0)
		return;
	used = (size_t)snprintf(note, sizeof note, "VIOLATION");
	json_array_foreach(violations, i, code) if (used < sizeof note) used += (size_t)snprintf(
		note + used, sizeof note - used, "%s%s", i ? ", " : ": ", json_string_value(code));
	text_table_note(t, "%s", note);
}

/* One row per applying model: its figures of group, then (optionally) which model computed its
 * doses. */
static int model_rows(FILE *out, json_t *report, const char *group, int with_dose_model)
{
	size_t lesion_count = json_array_size(json_object_get(report, "lesions"));
	struct text_table t;
	json_t *model;
	size_t i;

	text_table_init(&t, 1 + (with_dose_model ? 5 : 2) + lesion_count, "lr");
	text_table_row(&t);
	text_table_cell(&t, "model");
	if (with_dose_model) {
		dose_heading(&t, report);
		text_table_note(&t, "doses by");
	} else {
		text_table_cell(&t, "norm.perf");
		text_table_cell(&t, "norm.liver");
		lesion_heading(&t, json_object_get(report, "lesions"));
	}
	json_array_foreach(json_object_get(report, "models"), i, model)
	{
		if (!json_is_true(json_object_get(model, "applies")))
			continue;
		text_table_row(&t);
		text_table_cell(&t, "%s", model_label(text(model, "model")));
		group_cells(&t, model, group);
		if (with_dose_model && text(model, "dose_model") != NULL)
			text_table_note(&t, "%s", model_label(text(model, "dose_model")));
	}
	return text_table_print(&t, out, "  ");
}

static int doses(FILE *out, json_t *report)
{
	fprintf(out, "\nDoses per model, Gy (lungs: this session, and cumulative)\n");
	return model_rows(out, report, "dose", 1);
}

/* BED of each compartment, with the parameters used (Dale 1985). */
static int beds(FILE *out, json_t *report)
{
	json_t *params = json_object_get(report, "radiobiology");
	double ab = 0.0, trep = 0.0;

	fprintf(out, "\nBiologically effective dose per model, Gy (Dale 1985; ");
	if (number(params, "liver_alpha_beta_gy", &ab) &&
	    number(params, "liver_repair_half_time_h", &trep))
		fprintf(out, "liver a/b %g Gy, T_rep %g h", ab, trep);
	else
		fprintf(out, "no liver parameters");
	if (number(params, "tumor_alpha_beta_gy", &ab) &&
	    number(params, "tumor_repair_half_time_h", &trep))
		fprintf(out, "; tumour a/b %g Gy, T_rep %g h)\n", ab, trep);
	else
		fprintf(out, "; no tumour parameters)\n");
	return model_rows(out, report, "bed", 0);
}

/* A table of doses, one row per entry: its leading cells, then its doses in Gy. */
static void dose_table_init(struct text_table *t, const char *align, json_t *report, size_t leading)
{
	text_table_init(t, leading + 5 + json_array_size(json_object_get(report, "lesions")),
			align);
}

static int table(FILE *out, json_t *report)
{
	json_t *t = json_object_get(report, "dose_activity_table"), *row;
	const char *note = text(t, "note");
	char chosen_text[REPORT_FIGURE_SIZE];
	struct text_table cells;
	double chosen = 0.0;
	size_t i;

	fprintf(out, "\nDose versus activity\n");
	if (text(t, "model") == NULL || !number(t, "chosen_activity_gbq", &chosen)) {
		fprintf(out, "  none: %s\n", note != NULL ? note : "no activity");
		return 0;
	}
	fprintf(out, "  around %s GBq (%s), doses by the %s model",
		report_figure(chosen_text, 1, chosen, "GBq"), model_label(text(t, "model")),
		model_label(text(t, "dose_model")));
	if (note != NULL)
		fprintf(out, "; %s", note);
	fprintf(out, "\n");
	dose_table_init(&cells, "r", report, 2);
	text_table_row(&cells);
	text_table_cell(&cells, "%%");
	text_table_cell(&cells, "GBq");
	dose_heading(&cells, report);
	json_array_foreach(json_object_get(t, "rows"), i, row)
	{
		text_table_row(&cells);
		text_table_cell(&cells, "%.0f", json_number_value(json_object_get(row, "percent")));
		value_cell(&cells, json_object_get(row, "inject_activity_gbq"), 1, "GBq");
		group_cells(&cells, row, "dose");
		violation_note(&cells, json_object_get(row, "violations"));
	}
	return text_table_print(&cells, out, "  ");
}

/*
 * Each model's vial: the one it orders, or the vial at hand; when it holds the planned
 * activity, and the doses if the whole vial is injected at the planned treatment.
 */
static int vials(FILE *out, json_t *report)
{
	static const char *const headings[] = { "model",
						"vial",
						"GBq",
						"calibration",
						"planned GBq",
						"holds it at",
						"GBq at treatment",
						NULL };
	json_t *list = json_object_get(report, "vials"), *vial;
	struct text_table t;
	size_t i;
	int failed;

	if (json_array_size(list) == 0)
		return 0;
	table_start(out, &t, "Vials (ordered, or at hand): when each holds the planned activity", 7,
		    "llrlrlr", headings);
	json_array_foreach(list, i, vial)
	{
		text_table_row(&t);
		text_table_cell(&t, "%s", model_label(text(vial, "model")));
		text_table_cell(&t, "%s",
				strcmp(text(vial, "source"), "at_hand") == 0 ? "at hand"
									     : "ordered");
		value_cell(&t, json_object_get(vial, "activity_gbq"), 1, "GBq");
		text_table_cell(&t, "%s", text(vial, "calibration"));
		value_cell(&t, json_object_get(vial, "planned_activity_gbq"), 1, "GBq");
		text_cell(&t, text(vial, "inject_at"));
		value_cell(&t, json_object_get(vial, "whole_vial_gbq"), 1, "GBq");
	}
	failed = text_table_print(&t, out, "  ");
	fprintf(out, "\n  Doses if the whole vial is injected at the planned treatment, Gy\n");
	dose_table_init(&t, "lr", report, 1);
	text_table_row(&t);
	text_table_cell(&t, "model");
	dose_heading(&t, report);
	json_array_foreach(list, i, vial)
	{
		json_t *doses = json_object_get(vial, "whole_vial_doses");
		text_table_row(&t);
		text_table_cell(&t, "%s", model_label(text(vial, "model")));
		if (!json_is_object(doses)) {
			text_table_note(&t, "not computed");
			continue;
		}
		group_cells(&t, doses, "dose");
		violation_note(&t, json_object_get(doses, "violations"));
	}
	return text_table_print(&t, out, "  ") | failed;
}

/* ---- uncertainty ----------------------------------------------------------------------- */

static void uncertainty_inputs(FILE *out, json_t *inputs)
{
	const char *key;
	json_t *input;
	double spread = 0.0;

	fprintf(out, "  %-28s %-12s %s\n", "input", "distribution",
		"spread (absolute for residual_fraction and lsf, else relative)");
	json_object_foreach(inputs, key, input)
	{
		number(input, "spread", &spread);
		fprintf(out, "  %-28s %-12s %g\n", key, text(input, "distribution"), spread);
	}
	fprintf(out, "\n");
}

static void summary_row(struct text_table *t, json_t *figure, const char *label, const char *unit)
{
	static const char *const keys[] = {"planned", "mean", "sd", "p05", "p50", "p95"};
	size_t i;

	text_table_row(t);
	text_table_cell(t, "%s", label);
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		value_cell(t, json_object_get(figure, keys[i]), 1, unit);
}

/* The three largest variance shares (analytic only), ties in input order. */
static void shares_row(FILE *out, json_t *figure, const char *label)
{
	json_t *shares = json_object_get(figure, "variance_shares"), *value;
	const char *key, *keys[16];
	char share_text[REPORT_FIGURE_SIZE];
	double ranked[16];
	size_t count = 0, i;

	json_object_foreach(shares, key, value)
	{
		double share = json_is_number(value) ? json_number_value(value) : 0.0;
		if (!(share > 0.0) || count == sizeof ranked / sizeof ranked[0])
			continue;
		/* insertion: a later input goes after an earlier one of the same share */
		for (i = count; i > 0 && ranked[i - 1] < share; i--) {
			ranked[i] = ranked[i - 1];
			keys[i] = keys[i - 1];
		}
		ranked[i] = share;
		keys[i] = key;
		count++;
	}
	if (count == 0)
		return;
	fprintf(out, "  %s:", label);
	for (i = 0; i < count && i < 3; i++)
		fprintf(out, "%s %s %s %%", i ? "," : "", keys[i],
			report_figure(share_text, 1, ranked[i] * 100.0, "%"));
	fprintf(out, "\n");
}

static void probability_row(struct text_table *t, json_t *value, const char *label)
{
	char number_text[REPORT_FIGURE_SIZE];

	text_table_row(t);
	text_table_cell(t, "%s", label);
	if (json_is_number(value))
		text_table_cell(
			t, "%s %%",
			report_figure(number_text, 1, json_number_value(value) * 100.0, "%"));
	else
		text_table_cell(t, "-");
}

/* A figure's label and unit ("delivered activity, GBq"), or a lesion's. */
static void figure_label(char *label, size_t size, const char *key, const char *lesion)
{
	if (lesion != NULL)
		snprintf(label, size, "lesion %s, %s", lesion, report_shown_unit(key));
	else
		snprintf(label, size, "%s, %s", radioembo_report_key_label(key),
			 report_shown_unit(key));
}

/*
 * The figures of the propagation in the library's order, then those of each lesion: a
 * summary row each in t, or (shares) a line of the largest variance shares each.
 */
static void uncertainty_rows(FILE *out, struct text_table *t, json_t *figures, json_t *lesions)
{
	json_t *figure, *value;
	const char *key;
	char label[512];
	size_t i;

	json_object_foreach(figures, key, value)
	{
		if (!json_is_array(value)) {
			figure_label(label, sizeof label, key, NULL);
			if (t != NULL)
				summary_row(t, value, label, report_shown_unit(key));
			else
				shares_row(out, value, label);
			continue;
		}
		json_array_foreach(value, i, figure)
		{
			/* an untreated lesion has no figure */
			if (!json_is_object(figure))
				continue;
			figure_label(label, sizeof label, key,
				     text(json_array_get(lesions, i), "label"));
			if (t != NULL)
				summary_row(t, figure, label, report_shown_unit(key));
			else
				shares_row(out, figure, label);
		}
	}
}

static int uncertainty(FILE *out, json_t *report)
{
	static const char *const headings[] = { "figure", "planned", "mean", "sd",
						"p5",	  "p50",     "p95",  NULL };
	json_t *u = json_object_get(report, "uncertainty"), *lesions, *figures, *risks, *figure,
	       *risk;
	const char *method = text(u, "method"), *key;
	int analytic = method != NULL && strcmp(method, "analytic") == 0, failed;
	struct text_table t;
	char label[512];
	size_t i;

	if (!json_is_object(u))
		return 0;
	lesions = json_object_get(report, "lesions");
	figures = json_object_get(u, "figures");
	risks = json_object_get(u, "probabilities");
	fprintf(out, "\nUncertainty (%s, %s", analytic ? "analytic" : "Monte Carlo",
		model_label(text(u, "model")));
	if (!analytic && json_is_integer(json_object_get(u, "samples")))
		fprintf(out, ", %lld samples, seed %lld, generator %s",
			(long long)json_integer_value(json_object_get(u, "samples")),
			(long long)json_integer_value(json_object_get(u, "seed")),
			text(u, "generator"));
	fprintf(out, ")\n");
	uncertainty_inputs(out, json_object_get(u, "inputs"));
	text_table_init(&t, 7, "lr");
	text_table_heading(&t, headings);
	uncertainty_rows(out, &t, figures, lesions);
	failed = text_table_print(&t, out, "  ");
	if (analytic) {
		fprintf(out, "\n  Largest shares of the variance (top 3)\n");
		uncertainty_rows(out, NULL, figures, lesions);
	}
	fprintf(out, "\n  Probabilities (\"-\": no limit or target set)\n");
	text_table_init(&t, 2, "lr");
	json_object_foreach(risks, key, risk)
	{
		if (!json_is_array(risk))
			probability_row(&t, risk, radioembo_report_key_label(key));
	}
	/* a lesion under its target: for the lesions with a dose figure (treated ones) */
	json_array_foreach(json_object_get(figures, "lesion_doses_gy"), i, figure)
	{
		if (!json_is_object(figure))
			continue;
		snprintf(label, sizeof label, "lesion %s under its target dose",
			 text(json_array_get(lesions, i), "label"));
		probability_row(&t,
				json_array_get(json_object_get(risks, "lesions_under_target"), i),
				label);
	}
	return text_table_print(&t, out, "  ") | failed;
}

static void diagnostics(FILE *out, json_t *diagnostics)
{
	json_t *d;
	size_t i;

	fprintf(out, "\nDiagnostics\n");
	json_array_foreach(diagnostics, i, d)
	{
		const char *severity = text(d, "severity");
		fprintf(out, "  - [%s] %s: %s (%s)\n",
			strcmp(severity, "violation") == 0 ? "VIOLATION" : severity,
			model_label(text(d, "model")), text(d, "message"), text(d, "code"));
	}
	if (json_array_size(diagnostics) == 0)
		fprintf(out, "  - none\n");
}

/*
 * text with every control character written as \xHH (C0 and DEL) or \u00HH (C1, which
 * some terminals also obey), the bidirectional embeddings, overrides and isolates
 * (U+202A-U+202E, U+2066-U+2069) as \uHHHH, and a backslash as \\, so that a label or an
 * id from the case cannot move the cursor, colour the terminal, start a line of its own
 * ("\r\nResult: no limit broken") or show its characters in another order than they run.
 * NULL when nothing needs escaping or memory runs out (*failed set).
 */
/* The code point of a bidirectional control at in (UTF-8), or 0. */
static unsigned bidi_control(const unsigned char *in)
{
	if (in[0] != 0xe2)
		return 0;
	if (in[1] == 0x80 && in[2] >= 0xaa && in[2] <= 0xae)
		return 0x2000u + (in[2] - 0x80u);
	if (in[1] == 0x81 && in[2] >= 0xa6 && in[2] <= 0xa9)
		return 0x2040u + (in[2] - 0x80u);
	return 0;
}

static char *escaped(const char *text, int *failed)
{
	const unsigned char *in;
	char *result, *out;
	size_t extra = 0;

	for (in = (const unsigned char *)text; *in; in++)
		if (*in < 0x20 || *in == 0x7f || *in == '\\')
			extra += 3;
		else if (*in == 0xc2 && in[1] >= 0x80 && in[1] <= 0x9f)
			extra += 4;
		else if (bidi_control(in))
			extra += 3;
	if (extra == 0)
		return NULL;
	if ((result = malloc(strlen(text) + extra + 1)) == NULL) {
		*failed = 1;
		return NULL;
	}
	for (in = (const unsigned char *)text, out = result; *in; in++) {
		if (*in == '\\')
			out += sprintf(out, "\\\\");
		else if (*in < 0x20 || *in == 0x7f)
			out += sprintf(out, "\\x%02x", *in);
		else if (*in == 0xc2 && in[1] >= 0x80 && in[1] <= 0x9f)
			out += sprintf(out, "\\u00%02x", *++in);
		else if (bidi_control(in))
			out += sprintf(out, "\\u%04x", bidi_control(in)), in += 2;
		else
			*out++ = (char)*in;
	}
	*out = '\0';
	return result;
}

/* Escapes every string of the report in place (the case's words reach it as strings). */
static int escape_strings(json_t *json)
{
	const char *key;
	json_t *value;
	size_t i;
	char *text;
	int failed = 0;

	if (json_is_string(json)) {
		if ((text = escaped(json_string_value(json), &failed)) != NULL) {
			failed = json_string_set(json, text) != 0;
			free(text);
		}
	} else if (json_is_object(json)) {
		json_object_foreach(json, key, value) failed |= escape_strings(value);
	} else if (json_is_array(json)) {
		json_array_foreach(json, i, value) failed |= escape_strings(value);
	}
	return failed;
}

int report_write_text(const char *json, FILE *out, struct cli_error *err)
{
	json_error_t error;
	json_t *report = json_loads(json, 0, &error);
	int failed;

	if (report == NULL)
		return cli_fail(err, CLI_EXIT_INTERNAL, "reading the JSON report: %s", error.text);
	if (escape_strings(report)) {
		json_decref(report);
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	}
	header(out, report);
	constants(out, json_object_get(report, "constants"));
	failed = lesions(out, json_object_get(report, "lesions"));
	failed |= activities(out, json_object_get(report, "models"));
	failed |= doses(out, report);
	failed |= beds(out, report);
	failed |= table(out, report);
	failed |= vials(out, report);
	failed |= uncertainty(out, report);
	diagnostics(out, json_object_get(report, "diagnostics"));
	fprintf(out, "\nResult: %s\n",
		json_is_true(json_object_get(report, "has_violation"))
			? "a limit is broken (VIOLATION above); exit status 1"
			: "no limit broken");
	sign_off(out, json_object_get(json_object_get(report, "case"), "sign_off"));
	json_decref(report);
	return failed ? cli_fail(err, CLI_EXIT_INTERNAL, "out of memory") : 0;
}
