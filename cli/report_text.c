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

static void cell(FILE *out, int has, double value, int width, int decimals)
{
	if (has && isfinite(value))
		fprintf(out, "%*.*f", width, decimals, value);
	else
		fprintf(out, "%*s", width, "-");
}

static void number_cell(FILE *out, json_t *object, const char *key, double scale, int width,
			int decimals)
{
	double value = 0.0;
	int has = number(object, key, &value);

	cell(out, has, value * scale, width, decimals);
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

/* Whether key is a figure of group (radioembo_report_key_group(3)). */
static int in_group(const char *key, const char *group)
{
	const char *actual = radioembo_report_key_group(key);

	return actual != NULL && strcmp(actual, group) == 0;
}

/* A fraction (within [0, 1]) is shown as a percentage. */
static double shown_scale(const char *key)
{
	const char *unit = radioembo_report_key_unit(key);

	return unit != NULL && strcmp(unit, "fraction") == 0 ? 100.0 : 1.0;
}

static const char *shown_unit(const char *key)
{
	const char *unit = radioembo_report_key_unit(key);

	if (unit == NULL)
		return "";
	return strcmp(unit, "fraction") == 0 ? "%" : unit;
}

static void instant(FILE *out, const char *label, json_t *object, const char *key)
{
	const char *value = text(object, key);

	if (value != NULL)
		fprintf(out, "  %-30s %s\n", label, value);
}

static void prescription(FILE *out, json_t *p)
{
	const char *kind = text(p, "kind");
	double value = 0.0;

	if (strcmp(kind, "activity_gbq") == 0 && number(p, "activity_gbq", &value))
		fprintf(out, "  %-30s %.4g GBq\n", "prescription", value);
	else if (strcmp(kind, "perfused_dose_gy") == 0 && number(p, "dose_gy", &value))
		fprintf(out, "  %-30s %.4g Gy to the perfused volume\n", "prescription", value);
	else if (strcmp(kind, "tumor_dose_gy") == 0 && number(p, "dose_gy", &value))
		fprintf(out, "  %-30s %.4g Gy to lesion %s\n", "prescription", value,
			text(p, "lesion"));
	else
		fprintf(out, "  %-30s %s\n", "prescription", "maximum safe activity");
}

static void header(FILE *out, json_t *report)
{
	json_t *c = json_object_get(report, "case"), *product = json_object_get(c, "product");
	json_t *vial = json_object_get(c, "vial"), *patient = json_object_get(c, "patient");
	const char *treated = text(c, "treated_territory");
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
		fprintf(out, "  %-30s %.4g GBq\n", "vial at hand", a);
		instant(out, "vial at hand, calibration", vial, "calibration");
	}
	if (number(patient, "height_cm", &a) && number(patient, "weight_kg", &b))
		fprintf(out, "  %-30s %.4g cm, %.4g kg\n", "patient", a, b);
	if (text(c, "bsa_lobar_rule") != NULL)
		fprintf(out, "  %-30s %s\n", radioembo_report_key_label("bsa_lobar_rule"),
			text(c, "bsa_lobar_rule"));
}

/* The constants, then the limits under their own heading. */
static void constants(FILE *out, json_t *constants)
{
	const char *key, *label, *unit;
	json_t *value;
	int limits = 0;

	fprintf(out, "\nConstants used\n");
	json_object_foreach(constants, key, value)
	{
		if (!limits && in_group(key, "limit")) {
			fprintf(out, "\nLimits applied (\"-\": not applied)\n");
			limits = 1;
		}
		label = radioembo_report_key_label(key);
		unit = shown_unit(key);
		if (json_is_number(value))
			fprintf(out, "  %-30s %.6g%s%s\n", label,
				json_number_value(value) * shown_scale(key), *unit ? " " : "",
				unit);
		else
			fprintf(out, "  %-30s %s\n", label, "-");
	}
}

static void lesions(FILE *out, json_t *lesions)
{
	json_t *lesion;
	double volume = 0.0;
	size_t i;

	if (json_array_size(lesions) == 0)
		return;
	fprintf(out, "\nLesions\n  %-16s %10s %9s %7s  %s\n", "label", "volume mL", "mass kg",
		"TNR", "territory");
	json_array_foreach(lesions, i, lesion)
	{
		const char *territory = text(lesion, "territory");
		number(lesion, "volume_ml", &volume);
		fprintf(out, "  %-16s %10.1f", text(lesion, "label"), volume);
		number_cell(out, lesion, "mass_kg", 1, 10, 4);
		number_cell(out, lesion, "tnr", 1, 8, 2);
		fprintf(out, "  %s\n", territory != NULL ? territory : "-");
	}
}

/* The activity figures of each model, in the library's order, under the headings below. */
static void activities(FILE *out, json_t *models)
{
	static const struct {
		double scale; /* beyond a fraction's percentage: spheres in millions */
		int width, decimals;
	} columns[] = {
		{ 1, 10, 3 },	 /* inject */
		{ 1, 10, 3 },	 /* delivered */
		{ 1, 10, 3 },	 /* order */
		{ 1, 8, 1 },	 /* vial */
		{ 1, 8, 1 },	 /* draw, % */
		{ 1, 8, 3 },	 /* draw, mL */
		{ 1e-6, 10, 2 }, /* spheres */
	};
	const char *key;
	json_t *model, *value;
	size_t i, j;

	fprintf(out, "\nActivity per model\n");
	fprintf(out, "  %-20s %9s %9s %9s %7s %7s %7s %9s\n", "model", "inject", "delivered",
		"order", "vial", "draw", "draw", "spheres");
	fprintf(out, "  %-20s %9s %9s %9s %7s %7s %7s %9s\n", "", "GBq", "GBq", "cal. GBq", "GBq",
		"%", "mL", "million");
	json_array_foreach(models, i, model)
	{
		fprintf(out, "  %-20s", model_label(text(model, "model")));
		if (!json_is_true(json_object_get(model, "applies"))) {
			fprintf(out, " does not apply\n");
			continue;
		}
		j = 0;
		json_object_foreach(model, key, value)
		{
			if (!in_group(key, "activity") || j == sizeof columns / sizeof columns[0])
				continue;
			cell(out, json_is_number(value),
			     json_number_value(value) * shown_scale(key) * columns[j].scale,
			     columns[j].width, columns[j].decimals);
			j++;
		}
		fprintf(out, "\n");
	}
}

/* The cells of an array of per-lesion values (null: "-"). */
static void lesion_cells(FILE *out, json_t *values, int width, int decimals)
{
	json_t *value;
	size_t i;

	json_array_foreach(values, i, value)
		cell(out, json_is_number(value), json_number_value(value), width, decimals);
}

static void lesion_heading(FILE *out, json_t *lesions)
{
	json_t *lesion;
	size_t i;

	json_array_foreach(lesions, i, lesion) fprintf(out, " %8.8s", text(lesion, "label"));
}

/*
 * The figures of group in object (a model or a table row), in the order of the JSON report:
 * each figure, and the values of each lesion.
 */
static void group_cells(FILE *out, json_t *object, const char *group)
{
	const char *key;
	json_t *value;

	json_object_foreach(object, key, value)
	{
		if (!in_group(key, group))
			continue;
		if (json_is_array(value))
			lesion_cells(out, value, 9, 1);
		else
			cell(out, json_is_number(value), json_number_value(value), 10, 1);
	}
}

/* One row per applying model: its figures of group, then (optionally) which model computed its
 * doses. */
static void model_rows(FILE *out, json_t *models, const char *group, int with_dose_model)
{
	json_t *model;
	size_t i;

	json_array_foreach(models, i, model)
	{
		if (!json_is_true(json_object_get(model, "applies")))
			continue;
		fprintf(out, "  %-20s", model_label(text(model, "model")));
		group_cells(out, model, group);
		if (with_dose_model && text(model, "dose_model") != NULL)
			fprintf(out, "  %s", model_label(text(model, "dose_model")));
		fprintf(out, "\n");
	}
}

static void doses(FILE *out, json_t *report)
{
	fprintf(out, "\nDoses per model, Gy (lungs: this session, and cumulative)\n");
	fprintf(out, "  %-20s %9s %9s %9s %9s %9s", "model", "perfused", "norm.perf", "norm.liver",
		"lungs", "lungs cum");
	lesion_heading(out, json_object_get(report, "lesions"));
	fprintf(out, "  %s\n", "doses by");
	model_rows(out, json_object_get(report, "models"), "dose", 1);
}

/* BED of each compartment, with the parameters used (Dale 1985). */
static void beds(FILE *out, json_t *report)
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
	fprintf(out, "  %-20s %9s %9s", "model", "norm.perf", "norm.liver");
	lesion_heading(out, json_object_get(report, "lesions"));
	fprintf(out, "\n");
	model_rows(out, json_object_get(report, "models"), "bed", 0);
}

static void table(FILE *out, json_t *report)
{
	json_t *t = json_object_get(report, "dose_activity_table"), *row, *code;
	const char *note = text(t, "note");
	double chosen = 0.0, percent = 0.0, inject = 0.0;
	size_t i, j;

	fprintf(out, "\nDose versus activity\n");
	if (text(t, "model") == NULL || !number(t, "chosen_activity_gbq", &chosen)) {
		fprintf(out, "  none: %s\n", note != NULL ? note : "no activity");
		return;
	}
	fprintf(out, "  around %.3f GBq (%s), doses by the %s model", chosen,
		model_label(text(t, "model")), model_label(text(t, "dose_model")));
	if (note != NULL)
		fprintf(out, "; %s", note);
	fprintf(out, "\n  %5s %9s %9s %9s %9s %9s %9s", "%", "GBq", "perfused", "norm.perf",
		"norm.liver", "lungs", "lungs cum");
	lesion_heading(out, json_object_get(report, "lesions"));
	fprintf(out, "\n");
	json_array_foreach(json_object_get(t, "rows"), i, row)
	{
		number(row, "percent", &percent);
		number(row, "inject_activity_gbq", &inject);
		fprintf(out, "  %5.0f %9.3f", percent, inject);
		group_cells(out, row, "dose");
		if (json_is_true(json_object_get(row, "violation")))
			fprintf(out, "  VIOLATION");
		/* the limits broken, by the codes the diagnostics below carry */
		json_array_foreach(json_object_get(row, "violations"), j, code)
			fprintf(out, "%s%s", j ? ", " : ": ", json_string_value(code));
		fprintf(out, "\n");
	}
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
		fprintf(out, "  %-28s %-12s %.6g\n", key, text(input, "distribution"), spread);
	}
	fprintf(out, "\n");
}

static void summary_row(FILE *out, json_t *figure, const char *label)
{
	static const char *const keys[] = {"planned", "mean", "sd", "p05", "p50", "p95"};
	size_t i;

	fprintf(out, "  %-28.28s", label);
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		number_cell(out, figure, keys[i], 1, 10, 3);
	fprintf(out, "\n");
}

/* The three largest variance shares (analytic only), ties in input order. */
static void shares_row(FILE *out, json_t *figure, const char *label)
{
	json_t *shares = json_object_get(figure, "variance_shares"), *value;
	const char *key, *keys[16];
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
	fprintf(out, "  %-28.28s", label);
	for (i = 0; i < count && i < 3; i++)
		fprintf(out, "%s %s %.1f %%", i ? "," : "", keys[i], ranked[i] * 100.0);
	fprintf(out, "\n");
}

static void probability_row(FILE *out, json_t *value, const char *label)
{
	if (json_is_number(value))
		fprintf(out, "  %-44.44s %8.2f %%\n", label, json_number_value(value) * 100.0);
	else
		fprintf(out, "  %-44.44s %8s\n", label, "-");
}

/* A figure's label and unit ("delivered activity, GBq"), or a lesion's. */
static void figure_label(char *label, size_t size, const char *key, const char *lesion)
{
	if (lesion != NULL)
		snprintf(label, size, "lesion %s, %s", lesion, shown_unit(key));
	else
		snprintf(label, size, "%s, %s", radioembo_report_key_label(key), shown_unit(key));
}

/* The figures of the propagation in the library's order, then those of each lesion. */
static void uncertainty_table(FILE *out, json_t *figures, json_t *lesions, int shares)
{
	json_t *figure, *value;
	const char *key;
	char label[64];
	size_t i;

	json_object_foreach(figures, key, value)
	{
		if (!json_is_array(value)) {
			figure_label(label, sizeof label, key, NULL);
			(shares ? shares_row : summary_row)(out, value, label);
			continue;
		}
		json_array_foreach(value, i, figure)
		{
			/* an untreated lesion has no figure */
			if (!json_is_object(figure))
				continue;
			figure_label(label, sizeof label, key,
				     text(json_array_get(lesions, i), "label"));
			(shares ? shares_row : summary_row)(out, figure, label);
		}
	}
}

static void uncertainty(FILE *out, json_t *report)
{
	json_t *u = json_object_get(report, "uncertainty"), *lesions, *figures, *risks, *figure,
	       *risk;
	const char *method = text(u, "method"), *key;
	int analytic = method != NULL && strcmp(method, "analytic") == 0;
	char label[64];
	size_t i;

	if (!json_is_object(u))
		return;
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
	fprintf(out, "  %-28s %9s %9s %9s %9s %9s %9s\n", "figure", "planned", "mean", "sd", "p5",
		"p50", "p95");
	uncertainty_table(out, figures, lesions, 0);
	if (analytic) {
		fprintf(out, "\n  Largest shares of the variance (top 3)\n");
		uncertainty_table(out, figures, lesions, 1);
	}
	fprintf(out, "\n  Probabilities (\"-\": no limit or target set)\n");
	json_object_foreach(risks, key, risk)
	{
		if (!json_is_array(risk))
			probability_row(out, risk, radioembo_report_key_label(key));
	}
	/* a lesion under its target: for the lesions with a dose figure (treated ones) */
	json_array_foreach(json_object_get(figures, "lesion_doses_gy"), i, figure)
	{
		if (!json_is_object(figure))
			continue;
		snprintf(label, sizeof label, "lesion %s under its target dose",
			 text(json_array_get(lesions, i), "label"));
		probability_row(out,
				json_array_get(json_object_get(risks, "lesions_under_target"), i),
				label);
	}
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
 * some terminals also obey) and a backslash as \\, so that a label or an id from the case
 * cannot move the cursor, colour the terminal or start a line of its own ("\r\nResult:
 * no limit broken"). NULL when nothing needs escaping or memory runs out (*failed set).
 */
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

	if (report == NULL)
		return cli_fail(err, CLI_EXIT_INTERNAL, "reading the JSON report: %s", error.text);
	if (escape_strings(report)) {
		json_decref(report);
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	}
	header(out, report);
	constants(out, json_object_get(report, "constants"));
	lesions(out, json_object_get(report, "lesions"));
	activities(out, json_object_get(report, "models"));
	doses(out, report);
	beds(out, report);
	table(out, report);
	uncertainty(out, report);
	diagnostics(out, json_object_get(report, "diagnostics"));
	fprintf(out, "\nResult: %s\n",
		json_is_true(json_object_get(report, "has_violation"))
			? "a limit is broken (VIOLATION above); exit status 1"
			: "no limit broken");
	json_decref(report);
	return 0;
}
