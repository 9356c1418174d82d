/*
 * radioembo(1): the planning report's blocks (see report_doc.h). The sections walk the JSON
 * report by its keys and take every label and unit from the library
 * (radioembo_report_key_label(3)), so that a figure the library adds appears here too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <radioembo.h>

#include "report_doc.h"
#include "report_walk.h"

/* ---- the report's words and numbers ------------------------------------------------- */

static const char *text(json_t *object, const char *key)
{
	return json_string_value(json_object_get(object, key));
}

static const char *label(const char *key)
{
	const char *words = radioembo_report_key_label(key);

	return words != NULL ? words : key;
}

/* "label (unit)" for a column heading. */
static const char *heading(struct report_doc *doc, const char *key)
{
	return *report_shown_unit(key)
		       ? doc_format(doc, "%s, %s", label(key), report_shown_unit(key))
		       : label(key);
}

static const char *model_label(const char *key)
{
	radioembo_model model = RADIOEMBO_MODEL_NONE;
	const char *words = NULL;

	if (key != NULL && radioembo_model_from_name(key, &model) == RADIOEMBO_OK)
		words = radioembo_model_label(model);
	return words != NULL ? words : key;
}

/*
 * A number as the HTML and PDF reports show it: by the report's rule for its unit, as the
 * text report does; a count (an integer without a unit) whole; "-" for null.
 */
static const char *number(struct report_doc *doc, const char *key, json_t *value)
{
	char text[REPORT_FIGURE_SIZE];

	if (json_is_integer(value) && *report_shown_unit(key) == '\0')
		return doc_format(doc, "%lld", (long long)json_integer_value(value));
	return doc_format(doc, "%s",
			  report_figure(text, json_is_number(value),
					json_number_value(value) * report_shown_scale(key),
					report_shown_unit(key)));
}

/* A scalar member as text: a number by its unit, a string, yes/no, or "-". */
static const char *value_text(struct report_doc *doc, const char *key, json_t *value)
{
	if (json_is_string(value))
		return json_string_value(value);
	if (json_is_boolean(value))
		return json_is_true(value) ? "yes" : "no";
	return number(doc, key, value);
}

static void field(struct report_doc *doc, struct doc_block *b, const char *name, const char *value)
{
	doc_cell(doc, b, name);
	doc_cell(doc, b, value);
}

/* The case's members the audit block shows already. */
static int in_audit(const char *path)
{
	static const char *const shown[] = { "id", "description", "sign_off", "patient.id",
					     "patient.name" };
	size_t i;

	for (i = 0; i < sizeof shown / sizeof shown[0]; i++)
		if (strcmp(path, shown[i]) == 0)
			return 1;
	return 0;
}

/*
 * Every scalar member of object as a field, but those of the audit block; objects one level
 * down, their members' labels after the object's.
 */
static void fields_of(struct report_doc *doc, struct doc_block *b, json_t *object,
		      const char *prefix, const char *parent)
{
	const char *key;
	json_t *value;

	json_object_foreach(object, key, value)
	{
		const char *name =
			prefix != NULL ? doc_format(doc, "%s, %s", prefix, label(key)) : label(key);
		const char *path = parent != NULL ? doc_format(doc, "%s.%s", parent, key) : key;
		if (in_audit(path))
			continue;
		if (json_is_object(value))
			fields_of(doc, b, value, name, path);
		else if (!json_is_array(value))
			field(doc, b,
			      *report_shown_unit(key)
				      ? doc_format(doc, "%s, %s", name, report_shown_unit(key))
				      : name,
			      value_text(doc, key, value));
	}
}

/* ---- the audit block ---------------------------------------------------------------- */

/* The UTC offset of the case's instants in seconds ("Z" or "+HH:MM" at their end); 0. */
static long case_offset_s(json_t *c)
{
	const char *instants[] = { text(json_object_get(c, "timing"), "treatment"),
				   text(json_object_get(c, "timing"), "calibration"),
				   text(json_object_get(c, "vial"), "calibration") };
	size_t i, n;
	int hours, minutes;

	for (i = 0; i < sizeof instants / sizeof instants[0]; i++) {
		if (instants[i] == NULL || (n = strlen(instants[i])) < 6)
			continue;
		if (instants[i][n - 1] == 'Z')
			return 0;
		if ((instants[i][n - 6] == '+' || instants[i][n - 6] == '-') &&
		    sscanf(instants[i] + n - 5, "%2d:%2d", &hours, &minutes) == 2)
			return (instants[i][n - 6] == '-' ? -1 : 1) *
			       (hours * 3600L + minutes * 60L);
	}
	return 0;
}

const char *report_doc_instant(struct report_doc *doc, int64_t seconds, long offset)
{
	time_t shifted = (time_t)(seconds + offset);
	struct tm tm;
	char zone[24] = "Z";

	if (gmtime_r(&shifted, &tm) == NULL)
		return "-";
	if (offset != 0)
		snprintf(zone, sizeof zone, "%c%02ld:%02ld", offset < 0 ? '-' : '+',
			 labs(offset) / 3600, labs(offset) / 60 % 60);
	return doc_format(doc, "%04d-%02d-%02dT%02d:%02d:%02d%s", tm.tm_year + 1900, tm.tm_mon + 1,
			  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, zone);
}

static const char *uncertainty_method(struct report_doc *doc, json_t *u)
{
	const char *method = text(u, "method");

	if (method == NULL)
		return "none";
	if (!json_is_integer(json_object_get(u, "samples")))
		return method;
	return doc_format(doc, "%s, %lld samples, generator %s, seed %lld", method,
			  (long long)json_integer_value(json_object_get(u, "samples")),
			  text(u, "generator"),
			  (long long)json_integer_value(json_object_get(u, "seed")));
}

static void diagnostics(struct report_doc *doc, json_t *list)
{
	struct doc_block *b;
	json_t *d;
	size_t i;

	doc_block(doc, DOC_HEADING, "Diagnostics", 0);
	if (json_array_size(list) == 0) {
		doc_block(doc, DOC_PARAGRAPH, "None.", 0);
		return;
	}
	b = doc_block(doc, DOC_TABLE, NULL, 4);
	doc_cell(doc, b, "severity");
	doc_cell(doc, b, "model");
	doc_cell(doc, b, "message");
	doc_cell(doc, b, "code");
	json_array_foreach(list, i, d)
	{
		const char *severity = text(d, "severity");
		doc_cell(doc, b,
			 severity != NULL && strcmp(severity, "violation") == 0 ? "VIOLATION"
										: severity);
		doc_cell(doc, b, text(d, "model") != NULL ? model_label(text(d, "model")) : "plan");
		doc_cell(doc, b, text(d, "message"));
		doc_cell(doc, b, text(d, "code"));
	}
}

static void audit_section(struct report_doc *doc, const struct report_audit *audit)
{
	json_t *r = doc->report, *c = json_object_get(r, "case"), *generator;
	json_t *patient = json_object_get(c, "patient"), *sign_off = json_object_get(c, "sign_off");
	json_t *product = json_object_get(c, "product");
	struct doc_block *b;
	const char *key;
	json_t *name;

	generator = json_object_get(r, "generator");
	doc_block(doc, DOC_HEADING, "Audit", 0);
	b = doc_block(doc, DOC_FIELDS, NULL, 2);
	field(doc, b, radioembo_report_path_label("case.patient.id"), text(patient, "id"));
	field(doc, b, radioembo_report_path_label("case.patient.name"), text(patient, "name"));
	field(doc, b, radioembo_report_path_label("case.id"), text(c, "id"));
	field(doc, b, "case file", audit->input);
	field(doc, b, "case file SHA-256", audit->sha256);
	field(doc, b, "report written",
	      report_doc_instant(doc, audit->written_s, case_offset_s(c)));
	field(doc, b, "generator",
	      doc_format(doc, "%s, libradioembo %s (report schema %lld, case schema %lld)",
			 text(generator, "name"), text(generator, "library_version"),
			 (long long)json_integer_value(json_object_get(r, "schema_version")),
			 (long long)json_integer_value(
				 json_object_get(generator, "case_schema_version"))));
	field(doc, b, "product (catalogue)",
	      doc_format(doc, "%s (%s, %s)", text(product, "name"), text(product, "kind"),
			 text(product, "nuclide")));
	field(doc, b, "constants and limits", "as listed under Constants used");
	field(doc, b, "uncertainty", uncertainty_method(doc, json_object_get(r, "uncertainty")));
	diagnostics(doc, json_object_get(r, "diagnostics"));
	doc_block(doc, DOC_PARAGRAPH,
		  json_is_true(json_object_get(r, "has_violation"))
			  ? "Result: a limit is broken (VIOLATION above)."
			  : "Result: no limit broken.",
		  0);
	doc_block(doc, DOC_HEADING, "Sign-off", 0);
	b = doc_block(doc, DOC_SIGNATURES, NULL, 2);
	json_object_foreach(sign_off, key, name)
	{
		doc_cell(doc, b, label(key));
		doc_cell_as_is(doc, b, json_string_value(name));
	}
}

/* ---- the case, its constants and lesions ------------------------------------------- */

static void case_section(struct report_doc *doc)
{
	json_t *r = doc->report, *lesions = json_object_get(r, "lesions"), *lesion, *value;
	struct doc_block *b;
	const char *key;
	size_t i;

	/* in print, the audit block and the sign-off have the first page to themselves */
	doc_block(doc, DOC_HEADING, "Case", 0)->new_page = 1;
	fields_of(doc, doc_block(doc, DOC_FIELDS, NULL, 2), json_object_get(r, "case"), NULL, NULL);
	doc_block(doc, DOC_HEADING, "Constants used and limits applied", 0);
	fields_of(doc, doc_block(doc, DOC_FIELDS, NULL, 2), json_object_get(r, "constants"), NULL,
		  NULL);
	doc_block(doc, DOC_HEADING, "Radiobiological parameters", 0);
	fields_of(doc, doc_block(doc, DOC_FIELDS, NULL, 2), json_object_get(r, "radiobiology"),
		  NULL, NULL);
	if (json_array_size(lesions) == 0)
		return;
	doc_block(doc, DOC_HEADING, "Lesions", 0);
	b = doc_block(doc, DOC_TABLE, NULL, json_object_size(json_array_get(lesions, 0)));
	json_object_foreach(json_array_get(lesions, 0), key, value)
		doc_cell(doc, b, heading(doc, key));
	json_array_foreach(lesions, i, lesion)
	{
		json_object_foreach(lesion, key, value)
			doc_cell(doc, b, value_text(doc, key, value));
	}
}

/* ---- the models --------------------------------------------------------------------- */

/* The columns of group in object: a figure, or one per lesion for an array. */
static size_t group_columns(json_t *object, const char *group)
{
	return report_walk_group(object, group, NULL, NULL);
}

/* Where the walk of a group's figures adds its cells. */
struct group_walk {
	struct report_doc *doc;
	struct doc_block *b;
};

static void heading_cell(void *context, const char *key, json_t *value, long lesion)
{
	struct group_walk *w = context;
	json_t *lesions = json_object_get(w->doc->report, "lesions");

	(void)value;
	if (lesion < 0)
		doc_cell(w->doc, w->b, heading(w->doc, key));
	else
		doc_cell(w->doc, w->b,
			 doc_format(w->doc, "%s %s, %s", label(key),
				    text(json_array_get(lesions, (size_t)lesion), "label"),
				    report_shown_unit(key)));
}

static void number_cell(void *context, const char *key, json_t *value, long lesion)
{
	struct group_walk *w = context;

	(void)lesion;
	doc_cell(w->doc, w->b, number(w->doc, key, value));
}

static void group_headings(struct report_doc *doc, struct doc_block *b, json_t *object,
			   const char *group)
{
	struct group_walk w = { doc, b };

	report_walk_group(object, group, heading_cell, &w);
}

static void group_cells(struct report_doc *doc, struct doc_block *b, json_t *object,
			const char *group)
{
	struct group_walk w = { doc, b };

	report_walk_group(object, group, number_cell, &w);
}

/* A table of the applying models' figures of group. */
static void model_table(struct report_doc *doc, const char *title, const char *group,
			int with_words)
{
	json_t *models = json_object_get(doc->report, "models"), *model;
	struct doc_block *b;
	size_t i;

	model = json_array_get(models, 0);
	doc_block(doc, DOC_HEADING, title, 0);
	b = doc_block(doc, DOC_TABLE, NULL, 1 + group_columns(model, group) + (with_words ? 2 : 0));
	doc_cell(doc, b, "model");
	group_headings(doc, b, model, group);
	if (with_words) {
		doc_cell(doc, b, label("limiting_organ"));
		doc_cell(doc, b, label("dose_model"));
	}
	json_array_foreach(models, i, model)
	{
		if (!json_is_true(json_object_get(model, "applies")))
			continue;
		doc_cell(doc, b, model_label(text(model, "model")));
		group_cells(doc, b, model, group);
		if (with_words) {
			doc_cell(doc, b, text(model, "limiting_organ"));
			doc_cell(doc, b, model_label(text(model, "dose_model")));
		}
	}
}

static void models_section(struct report_doc *doc)
{
	json_t *model;
	const char *none = NULL;
	size_t i;

	model_table(doc, "Activity per model", "activity", 1);
	json_array_foreach(json_object_get(doc->report, "models"), i, model)
	{
		if (json_is_true(json_object_get(model, "applies")))
			continue;
		none = none == NULL
			       ? model_label(text(model, "model"))
			       : doc_format(doc, "%s, %s", none, model_label(text(model, "model")));
	}
	if (none != NULL)
		doc_block(doc, DOC_PARAGRAPH,
			  doc_format(doc, "Models that do not apply: %s.", none), 0);
	model_table(doc, "Doses per model", "dose", 0);
	model_table(doc, "Biologically effective dose per model", "bed", 0);
}

/* An array's items as text, after lead ("" for an empty or absent array). */
static const char *list_text(struct report_doc *doc, const char *key, json_t *array,
			     const char *lead)
{
	const char *out = "";
	json_t *item;
	size_t i;

	json_array_foreach(array, i, item) out = doc_format(
		doc, "%s%s%s", i == 0 ? lead : out, i == 0 ? "" : ", ", value_text(doc, key, item));
	return out;
}

/* ---- members of the report that no section above knows ------------------------------ */

/* The columns of an object: its members, those of objects one level down after theirs. */
static void flat_headings(struct report_doc *doc, struct doc_block *b, json_t *object,
			  const char *prefix)
{
	const char *key;
	json_t *value;

	json_object_foreach(object, key, value)
	{
		const char *name =
			prefix != NULL ? doc_format(doc, "%s, %s", prefix, label(key)) : label(key);
		if (json_is_object(value))
			flat_headings(doc, b, value, name);
		else
			doc_cell(doc, b,
				 *report_shown_unit(key)
					 ? doc_format(doc, "%s, %s", name, report_shown_unit(key))
					 : name);
	}
}

static void flat_cells(struct report_doc *doc, struct doc_block *b, json_t *object)
{
	const char *key;
	json_t *value;

	json_object_foreach(object, key, value)
	{
		if (json_is_object(value))
			flat_cells(doc, b, value);
		else if (json_is_array(value))
			doc_cell(doc, b,
				 json_array_size(value) ? list_text(doc, key, value, "") : "-");
		else
			doc_cell(doc, b, value_text(doc, key, value));
	}
}

static size_t flat_count(json_t *object)
{
	const char *key;
	json_t *value;
	size_t n = 0;

	json_object_foreach(object, key, value) n += json_is_object(value) ? flat_count(value) : 1;
	return n;
}

/*
 * A member the sections above do not lay out (one the library added since): an array of
 * objects as a table, an object as fields, under the library's label for it.
 */
static void other_section(struct report_doc *doc, const char *key, json_t *value)
{
	struct doc_block *b;
	json_t *item;
	size_t i;

	if (json_is_array(value) && json_array_size(value) > 0 &&
	    json_is_object(json_array_get(value, 0))) {
		doc_block(doc, DOC_HEADING,
			  doc_format(doc, "%c%s", toupper((unsigned char)*label(key)),
				     label(key) + 1),
			  0);
		b = doc_block(doc, DOC_TABLE, NULL, flat_count(json_array_get(value, 0)));
		flat_headings(doc, b, json_array_get(value, 0), NULL);
		json_array_foreach(value, i, item) flat_cells(doc, b, item);
	} else if (json_is_object(value)) {
		doc_block(doc, DOC_HEADING,
			  doc_format(doc, "%c%s", toupper((unsigned char)*label(key)),
				     label(key) + 1),
			  0);
		fields_of(doc, doc_block(doc, DOC_FIELDS, NULL, 2), value, NULL, key);
	}
}

static void other_sections(struct report_doc *doc)
{
	static const char *const known[] = {
		"schema_version", "generator",	 "case",	  "constants",
		"radiobiology",	  "lesions",	 "models",	  "dose_activity_table",
		"uncertainty",	  "diagnostics", "has_violation", "exit_status"
	};
	const char *key;
	json_t *value;
	size_t i;

	json_object_foreach(doc->report, key, value)
	{
		for (i = 0; i < sizeof known / sizeof known[0] && strcmp(key, known[i]) != 0; i++)
			;
		if (i == sizeof known / sizeof known[0])
			other_section(doc, key, value);
	}
}

/* ---- the figures -------------------------------------------------------------------- */

/* The limits of the constants, as marks labelled "label value unit". */
static void limit_marks(struct report_doc *doc, struct plot *p)
{
	const char *key;
	json_t *value;

	json_object_foreach(json_object_get(doc->report, "constants"), key, value)
	{
		if (!report_in_group(key, "limit") || !json_is_number(value) ||
		    p->mark_count == PLOT_MAX_MARKS)
			continue;
		p->marks[p->mark_count].label =
			doc_format(doc, "%s %s %s", label(key), number(doc, key, value),
				   report_shown_unit(key));
		p->marks[p->mark_count++].value = json_number_value(value);
	}
}

static void dose_activity_figure(struct report_doc *doc)
{
	json_t *t = json_object_get(doc->report, "dose_activity_table");
	json_t *rows = json_object_get(t, "rows"), *row, *value;
	struct doc_block *b;
	struct plot *p;
	const char *key, *names = NULL;
	size_t i;

	doc_block(doc, DOC_HEADING, "Dose versus activity", 0);
	if (text(t, "model") == NULL || json_array_size(rows) == 0) {
		doc_block(doc, DOC_PARAGRAPH,
			  doc_format(doc, "No table: %s.",
				     text(t, "note") != NULL ? text(t, "note") : "no activity"),
			  0);
		return;
	}
	if ((p = doc_plot(doc, PLOT_CURVES)) == NULL)
		return;
	p->x_label = "activity to inject, GBq";
	p->y_label = "absorbed dose, Gy";
	for (i = 0; i < PLOT_MAX_SERIES; i++) {
		p->series[i].x = doc_keep(doc, calloc(PLOT_MAX_POINTS, sizeof(double)));
		p->series[i].y = doc_keep(doc, calloc(PLOT_MAX_POINTS, sizeof(double)));
		if (doc->failed)
			return;
	}
	json_array_foreach(rows, i, row)
	{
		size_t s = 0;
		json_object_foreach(row, key, value)
		{
			struct plot_series *series = &p->series[s];
			if (!report_in_group(key, "dose") || json_is_array(value) ||
			    s == PLOT_MAX_SERIES)
				continue;
			series->name = label(key);
			s++;
			if (!json_is_number(value) || series->count == PLOT_MAX_POINTS)
				continue;
			series->x[series->count] =
				json_number_value(json_object_get(row, "inject_activity_gbq"));
			series->y[series->count++] = json_number_value(value);
		}
		p->series_count = s;
	}
	for (i = 0; i < p->series_count; i++)
		names = names == NULL ? p->series[i].name
				      : doc_format(doc, "%s, %s", names, p->series[i].name);
	limit_marks(doc, p);
	p->chosen.value = json_number_value(json_object_get(t, "chosen_activity_gbq"));
	p->chosen.label = doc_format(doc, "chosen %.3f GBq", p->chosen.value);
	b = doc_block(doc, DOC_FIGURE,
		      doc_format(doc, "Doses by the %s model around the %s activity",
				 model_label(text(t, "dose_model")), model_label(text(t, "model"))),
		      2 + group_columns(json_array_get(rows, 0), "dose") + 1);
	b->plot = p;
	b->alt =
		doc_format(doc,
			   "Line plot of the dose to %s against the activity to inject, from %s to "
			   "%s GBq, with each limit as a dashed line and the chosen activity of "
			   "%.3f GBq as a dotted line; the table gives the plotted numbers.",
			   names != NULL ? names : "no organ",
			   number(doc, "inject_activity_gbq",
				  json_object_get(json_array_get(rows, 0), "inject_activity_gbq")),
			   number(doc, "inject_activity_gbq",
				  json_object_get(json_array_get(rows, json_array_size(rows) - 1),
						  "inject_activity_gbq")),
			   p->chosen.value);
	doc_cell(doc, b, heading(doc, "percent"));
	doc_cell(doc, b, heading(doc, "inject_activity_gbq"));
	group_headings(doc, b, json_array_get(rows, 0), "dose");
	doc_cell(doc, b, label("violation"));
	json_array_foreach(rows, i, row)
	{
		doc_cell(doc, b, number(doc, "percent", json_object_get(row, "percent")));
		doc_cell(doc, b,
			 number(doc, "inject_activity_gbq",
				json_object_get(row, "inject_activity_gbq")));
		group_cells(doc, b, row, "dose");
		doc_cell(doc, b,
			 json_is_true(json_object_get(row, "violation"))
				 ? doc_format(doc, "VIOLATION%s",
					      list_text(doc, "violations",
							json_object_get(row, "violations"), ": "))
				 : "no");
	}
}

/* The model whose doses the dose-versus-activity table gives, from "models". */
static json_t *table_model(json_t *report)
{
	const char *name = text(json_object_get(report, "dose_activity_table"), "model");
	json_t *model;
	size_t i;

	json_array_foreach(json_object_get(report, "models"), i, model)
	{
		if (name != NULL && text(model, "model") != NULL &&
		    strcmp(name, text(model, "model")) == 0)
			return model;
	}
	return NULL;
}

static void lesion_figure(struct report_doc *doc)
{
	json_t *lesions = json_object_get(doc->report, "lesions"), *model, *doses, *lesion;
	struct doc_block *b;
	struct plot *p;
	size_t i;

	model = table_model(doc->report);
	doses = json_object_get(model, "lesion_doses_gy");
	if (json_array_size(doses) == 0 || (p = doc_plot(doc, PLOT_BARS)) == NULL)
		return;
	p->x_label = "absorbed dose, Gy";
	p->y_label = "bar: lesion dose; red tick: its target";
	b = doc_block(doc, DOC_FIGURE,
		      doc_format(doc, "Lesion doses by the %s model against their targets",
				 model_label(text(model, "dose_model"))),
		      4);
	b->plot = p;
	doc_cell(doc, b, "lesion");
	doc_cell(doc, b, heading(doc, "lesion_doses_gy"));
	doc_cell(doc, b, heading(doc, "target_dose_gy"));
	doc_cell(doc, b, "dose / target, %");
	json_array_foreach(lesions, i, lesion)
	{
		json_t *dose = json_array_get(doses, i),
		       *target = json_object_get(lesion, "target_dose_gy");
		doc_cell(doc, b, text(lesion, "label"));
		doc_cell(doc, b, number(doc, "lesion_doses_gy", dose));
		doc_cell(doc, b, number(doc, "target_dose_gy", target));
		doc_cell(doc, b,
			 json_is_number(dose) && json_is_number(target) &&
					 json_number_value(target) > 0
				 ? doc_format(doc, "%.0f",
					      100.0 * json_number_value(dose) /
						      json_number_value(target))
				 : "-");
		if (!json_is_number(dose) || p->bar_count == PLOT_MAX_BARS)
			continue;
		p->bar_labels[p->bar_count] = text(lesion, "label");
		p->bar_values[p->bar_count] = json_number_value(dose);
		p->bar_targets[p->bar_count++] =
			json_is_number(target) ? json_number_value(target) : NAN;
	}
	b->alt = doc_format(
		doc,
		"Bar chart of the dose of %zu lesion%s%s, each with its target dose as a "
		"red tick where one is set; the table gives the plotted numbers.",
		p->bar_count, p->bar_count == 1 ? "" : "s",
		p->bar_count < json_array_size(lesions) ? " (the first ones)" : "");
}

/* ---- uncertainty -------------------------------------------------------------------- */

/* The figure each limit's probability is about; the limit itself is the constant "<risk>_gy". */
static const struct {
	const char *risk, *figure;
} risk_figures[] = {
	{ "lung_session_limit", "lung_dose_gy" },
	{ "lung_cumulative_limit", "lung_cumulative_dose_gy" },
	{ "normal_liver_limit", "normal_liver_dose_gy" },
	{ "normal_perfused_limit", "normal_perfused_dose_gy" },
};

static const char *const summary_keys[] = { "planned", "mean", "sd", "p05", "p50", "p95" };
#define SUMMARY_COUNT (sizeof summary_keys / sizeof summary_keys[0])

static void summary_row(struct report_doc *doc, struct doc_block *b, const char *name,
			const char *key, json_t *figure)
{
	size_t i;

	doc_cell(doc, b, name);
	for (i = 0; i < SUMMARY_COUNT; i++)
		doc_cell(doc, b, number(doc, key, json_object_get(figure, summary_keys[i])));
}

static void uncertainty_tables(struct report_doc *doc, json_t *u)
{
	json_t *lesions = json_object_get(doc->report, "lesions"), *value, *item;
	struct doc_block *b;
	const char *key;
	size_t i;

	b = doc_block(doc, DOC_TABLE, NULL, 3);
	doc_cell(doc, b, label("inputs"));
	doc_cell(doc, b, label("distribution"));
	doc_cell(doc, b, "spread (absolute for residual_fraction and lsf, else relative)");
	json_object_foreach(json_object_get(u, "inputs"), key, value)
	{
		doc_cell(doc, b, key);
		doc_cell(doc, b, text(value, "distribution"));
		doc_cell(doc, b, number(doc, "spread", json_object_get(value, "spread")));
	}
	b = doc_block(doc, DOC_TABLE, NULL, 1 + SUMMARY_COUNT);
	doc_cell(doc, b, "figure");
	for (i = 0; i < SUMMARY_COUNT; i++)
		doc_cell(doc, b, label(summary_keys[i]));
	json_object_foreach(json_object_get(u, "figures"), key, value)
	{
		if (!json_is_array(value)) {
			summary_row(doc, b, heading(doc, key), key, value);
			continue;
		}
		json_array_foreach(value, i, item)
		{
			if (json_is_object(item))
				summary_row(doc, b,
					    doc_format(doc, "lesion %s, %s",
						       text(json_array_get(lesions, i), "label"),
						       report_shown_unit(key)),
					    key, item);
		}
	}
	b = doc_block(doc, DOC_TABLE, NULL, 2);
	doc_cell(doc, b, "probability");
	doc_cell(doc, b, "%");
	json_object_foreach(json_object_get(u, "probabilities"), key, value)
	{
		if (!json_is_array(value)) {
			doc_cell(doc, b, label(key));
			doc_cell(doc, b, number(doc, "probabilities", value));
			continue;
		}
		json_array_foreach(value, i, item)
		{
			if (!json_is_number(item))
				continue;
			doc_cell(doc, b,
				 doc_format(doc, "lesion %s under its target dose",
					    text(json_array_get(lesions, i), "label")));
			doc_cell(doc, b, number(doc, "probabilities", item));
		}
	}
}

/* The distribution of the figure most likely to break its limit. */
static void distribution_figure(struct report_doc *doc, json_t *u)
{
	json_t *risks = json_object_get(u, "probabilities"), *figure, *limit;
	const char *risk = NULL, *key = NULL, *limit_key;
	double most = -1.0;
	struct doc_block *b;
	struct plot *p;
	size_t i;

	for (i = 0; i < sizeof risk_figures / sizeof risk_figures[0]; i++) {
		json_t *value = json_object_get(risks, risk_figures[i].risk);
		if (json_is_number(value) && json_number_value(value) > most &&
		    json_is_object(json_object_get(json_object_get(u, "figures"),
						   risk_figures[i].figure))) {
			most = json_number_value(value);
			risk = risk_figures[i].risk;
			key = risk_figures[i].figure;
		}
	}
	if (risk == NULL || (p = doc_plot(doc, PLOT_DISTRIBUTION)) == NULL)
		return;
	figure = json_object_get(json_object_get(u, "figures"), key);
	limit_key = doc_format(doc, "%s_gy", risk);
	limit = json_object_get(json_object_get(doc->report, "constants"), limit_key);
	p->normal = text(u, "method") != NULL && strcmp(text(u, "method"), "analytic") == 0;
	p->mean = json_number_value(json_object_get(figure, "mean"));
	p->sd = json_number_value(json_object_get(figure, "sd"));
	p->p05 = json_number_value(json_object_get(figure, "p05"));
	p->p50 = json_number_value(json_object_get(figure, "p50"));
	p->p95 = json_number_value(json_object_get(figure, "p95"));
	p->probability = most;
	p->mark_count = 1;
	p->marks[0].value = json_is_number(limit) ? json_number_value(limit) : NAN;
	p->marks[0].label = doc_format(doc, "limit %s Gy", number(doc, limit_key, limit));
	p->x_label = heading(doc, key);
	b = doc_block(doc, DOC_FIGURE,
		      doc_format(doc, "Distribution of the %s dose against its limit", label(key)),
		      2);
	b->plot = p;
	b->alt = doc_format(
		doc,
		"The %s dose: 5th to 95th percentile %s to %s Gy, median %s Gy, mean %s "
		"Gy%s; the limit of %s Gy is exceeded with probability %s %%.",
		label(key), number(doc, key, json_object_get(figure, "p05")),
		number(doc, key, json_object_get(figure, "p95")),
		number(doc, key, json_object_get(figure, "p50")),
		number(doc, key, json_object_get(figure, "mean")),
		p->normal ? ", drawn as the normal density of the analytic propagation" : "",
		number(doc, limit_key, limit),
		number(doc, "probabilities", json_object_get(risks, risk)));
	doc_cell(doc, b, "");
	doc_cell(doc, b, heading(doc, key));
	for (i = 0; i < SUMMARY_COUNT; i++) {
		doc_cell(doc, b, label(summary_keys[i]));
		doc_cell(doc, b, number(doc, key, json_object_get(figure, summary_keys[i])));
	}
	doc_cell(doc, b, heading(doc, limit_key));
	doc_cell(doc, b, number(doc, limit_key, limit));
	doc_cell(doc, b, doc_format(doc, "%s, %%", label(risk)));
	doc_cell(doc, b, number(doc, "probabilities", json_object_get(risks, risk)));
}

static void uncertainty_section(struct report_doc *doc)
{
	json_t *u = json_object_get(doc->report, "uncertainty");

	if (!json_is_object(u))
		return;
	doc_block(doc, DOC_HEADING, "Uncertainty", 0);
	doc_block(doc, DOC_PARAGRAPH,
		  doc_format(doc, "Propagation: %s; figures of the %s model.",
			     uncertainty_method(doc, u), model_label(text(u, "model"))),
		  0);
	uncertainty_tables(doc, u);
	distribution_figure(doc, u);
}

/* ---- the document ------------------------------------------------------------------- */

int report_doc_build(const char *json, const struct report_audit *audit, struct report_doc *doc,
		     struct cli_error *err)
{
	json_error_t error;
	json_t *c;

	memset(doc, 0, sizeof *doc);
	if ((doc->report = json_loads(json, 0, &error)) == NULL)
		return cli_fail(err, CLI_EXIT_INTERNAL, "reading the JSON report: %s", error.text);
	c = json_object_get(doc->report, "case");
	doc->title = text(c, "id") != NULL
			     ? doc_format(doc, "Radioembolization plan: %s", text(c, "id"))
			     : "Radioembolization plan";
	doc_block(doc, DOC_TITLE, doc->title, 0);
	if (text(c, "description") != NULL)
		doc_block(doc, DOC_PARAGRAPH, text(c, "description"), 0);
	audit_section(doc, audit);
	case_section(doc);
	models_section(doc);
	dose_activity_figure(doc);
	lesion_figure(doc);
	uncertainty_section(doc);
	other_sections(doc);
	if (doc->failed) {
		report_doc_free(doc);
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	}
	return 0;
}
