/*
 * The words of the JSON report for people: a label and a unit for every key the report
 * writes, and the group of the figures, so that every front end (radioembo(1)'s text,
 * Python, R, a vendor's screen) shows the same words and lays out the same tables. The
 * figures, constants, limits, radiobiological parameters and risks take their words from
 * the tables the JSON writer lists them from (names.c); the other keys' words are here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "case/case_internal.h"
#include "radioembo/report.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* The keys that name no figure: the document's structure and what the case repeats. */
static const struct radioembo__case_words terms[] = {
	{ "schema_version", "report schema version", "" },
	{ "generator", "generator", "" },
	{ "name", "name", "" },
	{ "library_version", "library version", "" },
	{ "case_schema_version", "case schema version", "" },
	{ "case", "case", "" },
	{ "id", "case identifier", "" },
	{ "description", "description", "" },
	{ "product", "product", "" },
	{ "kind", "kind", "" },
	{ "nuclide", "nuclide", "" },
	{ "treated_territory", "treated territory", "" },
	{ "prescription", "prescription", "" },
	{ "activity_gbq", "activity", "GBq" },
	{ "dose_gy", "dose", "Gy" },
	{ "lesion", "lesion", "" },
	{ "model", "model", "" },
	{ "timing", "timing", "" },
	{ "treatment", "treatment", "" },
	{ "calibration", "calibration", "" },
	{ "vial", "vial at hand", "" },
	{ "bsa_lobar_rule", "BSA lobar rule", "" },
	{ "patient", "patient", "" },
	{ "height_cm", "height", "cm" },
	{ "weight_kg", "weight", "kg" },
	{ "sign_off", "sign-off", "" },
	{ "planned_by", "planned by", "" },
	{ "checked_by", "checked by", "" },
	{ "approved_by", "approved by", "" },
	{ "constants", "constants used", "" },
	{ "radiobiology", "radiobiological parameters", "" },
	{ "lesions", "lesions", "" },
	{ "label", "label", "" },
	{ "volume_ml", "volume", "mL" },
	{ "mass_kg", "mass", "kg" },
	{ "target_dose_gy", "target dose", "Gy" },
	{ "applied_target_dose_gy", "target dose applied", "Gy" },
	{ "target_source", "target dose from", "" },
	{ "territory", "territory", "" },
	{ "models", "models", "" },
	{ "applies", "applies", "" },
	{ "dose_model", "doses by", "" },
	{ "limiting_organ", "limiting organ", "" },
	{ "dose_activity_table", "dose versus activity", "" },
	{ "chosen_activity_gbq", "chosen activity", "GBq" },
	{ "note", "note", "" },
	{ "grid_percent", "percentages of the chosen activity", "%" },
	{ "rows", "rows", "" },
	{ "percent", "percentage of the chosen activity", "%" },
	{ "violation", "violation", "" },
	{ "violations", "limits broken", "" },
	{ "vials", "vials, ordered or at hand", "" },
	{ "source", "vial", "" },
	{ "planned_activity_gbq", "planned activity to inject", "GBq" },
	{ "inject_at", "holds the planned activity at", "" },
	{ "whole_vial_gbq", "whole vial at treatment", "GBq" },
	{ "whole_vial_doses", "doses if the whole vial is injected", "" },
	{ "uncertainty", "uncertainty", "" },
	{ "method", "method", "" },
	{ "samples", "samples", "" },
	{ "seed", "seed", "" },
	{ "inputs", "uncertain inputs", "" },
	{ "distribution", "distribution", "" },
	{ "spread", "spread", "" },
	{ "figures", "figures", "" },
	{ "planned", "planned", "" },
	{ "mean", "mean", "" },
	{ "sd", "standard deviation", "" },
	{ "p05", "5th percentile", "" },
	{ "p50", "median", "" },
	{ "p95", "95th percentile", "" },
	{ "variance_shares", "shares of the variance", "fraction" },
	{ "probabilities", "probabilities", "fraction" },
	{ "diagnostics", "diagnostics", "" },
	{ "code", "code", "" },
	{ "code_number", "code number", "" },
	{ "severity", "severity", "" },
	{ "message", "message", "" },
	{ "has_violation", "a limit is broken", "" },
	{ "exit_status", "exit status", "" },
};
static const size_t term_count = COUNT(terms), one = 1;

/* The per-lesion arrays: one value per lesion, in the group of the figures they follow. */
static const struct radioembo__case_words lesion_doses[] = {
	{ "lesion_doses_gy", "lesion doses", "Gy" },
};
static const struct radioembo__case_words lesion_beds[] = {
	{ "lesion_beds_gy", "lesion BEDs", "Gy" },
};
static const struct radioembo__case_words lesions_under_target[] = {
	{ "lesions_under_target", "lesions under their target dose", "fraction" },
};

/* The tables of words, each entry starting with its words, and the group of each. */
static const struct {
	const void *entries;
	size_t size;
	const size_t *count;
	const char *group;
} tables[] = {
	{ radioembo__case_activity_figures, sizeof radioembo__case_activity_figures[0],
	  &radioembo__case_activity_figure_count, "activity" },
	{ radioembo__case_dose_figures, sizeof radioembo__case_dose_figures[0],
	  &radioembo__case_dose_figure_count, "dose" },
	{ lesion_doses, sizeof lesion_doses[0], &one, "dose" },
	{ radioembo__case_bed_figures, sizeof radioembo__case_bed_figures[0],
	  &radioembo__case_bed_figure_count, "bed" },
	{ lesion_beds, sizeof lesion_beds[0], &one, "bed" },
	{ radioembo__case_constants, sizeof radioembo__case_constants[0],
	  &radioembo__case_constant_count, "constant" },
	{ radioembo__case_limits, sizeof radioembo__case_limits[0], &radioembo__case_limit_count,
	  "limit" },
	{ lesions_under_target, sizeof lesions_under_target[0], &one, "risk" },
	{ radioembo__case_radiobiology, sizeof radioembo__case_radiobiology[0],
	  &radioembo__case_radiobiology_count, "" },
	{ terms, sizeof terms[0], &term_count, "" },
};

/* Uncertain inputs, keyed by radioembo_uncertain_input_name() (a constant's key wins). */
static const char *const input_labels[] = {
	[RADIOEMBO_INPUT_ACTIVITY] = "activity",
	[RADIOEMBO_INPUT_RESIDUAL_FRACTION] = "residual fraction",
	[RADIOEMBO_INPUT_LSF] = "lung shunt fraction",
	[RADIOEMBO_INPUT_TREATED_VOLUME] = "treated volume",
	[RADIOEMBO_INPUT_LIVER_VOLUME] = "liver volume",
	[RADIOEMBO_INPUT_LESION_VOLUME] = "lesion volume",
	[RADIOEMBO_INPUT_TNR] = "tumour-to-normal ratio",
	[RADIOEMBO_INPUT_LIVER_DENSITY] = "liver density",
	[RADIOEMBO_INPUT_LUNG_MASS] = "lung mass",
};

/* The words of key in the tables, or NULL; *group_out is the table's group. */
static const struct radioembo__case_words *tabled(const char *key, const char **group_out)
{
	const struct radioembo__case_words *words;
	size_t t, i;

	for (t = 0; t < COUNT(tables); t++)
		for (i = 0; i < *tables[t].count; i++) {
			/* an entry starts with its words */
			words = (const void *)((const char *)tables[t].entries +
					       i * tables[t].size);
			if (strcmp(words->key, key) == 0) {
				*group_out = tables[t].group;
				return words;
			}
		}
	return NULL;
}

/* The words of a key named by an enumeration: a limit's risk, an uncertain input. */
static int named(const char *key, struct radioembo__case_words *words, const char **group_out)
{
	size_t i;
	int input;

	for (i = 0; i < radioembo__case_risk_count; i++)
		if (strcmp(radioembo_risk_name(radioembo__case_risks[i].risk), key) == 0) {
			*words =
				(struct radioembo__case_words){ key, radioembo__case_risks[i].label,
								"fraction" };
			*group_out = "risk";
			return 1;
		}
	for (input = 1; input <= RADIOEMBO__INPUT_LAST; input++)
		if (strcmp(radioembo_uncertain_input_name((radioembo_uncertain_input)input), key) ==
		    0) {
			*words = (struct radioembo__case_words){ key, input_labels[input], "" };
			*group_out = "";
			return 1;
		}
	return 0;
}

/* The words of key, and its group ("" for none); 0 for a key the report does not write. */
static int find(const char *key, struct radioembo__case_words *words, const char **group)
{
	const struct radioembo__case_words *found;

	if (key == NULL)
		return 0;
	if ((found = tabled(key, group)) != NULL) {
		*words = *found;
		return 1;
	}
	return named(key, words, group);
}

const char *radioembo_report_key_label(const char *key)
{
	struct radioembo__case_words words;
	const char *group;

	return find(key, &words, &group) ? words.label : NULL;
}

const char *radioembo_report_key_unit(const char *key)
{
	struct radioembo__case_words words;
	const char *group;

	return find(key, &words, &group) ? words.unit : NULL;
}

const char *radioembo_report_key_group(const char *key)
{
	struct radioembo__case_words words;
	const char *group;

	return find(key, &words, &group) ? group : NULL;
}

/*
 * Labels that depend on where a key sits: a leaf such as "id" or "name" is written in more
 * than one object, and its leaf label is that of its first use (the case's). Paths without
 * array positions.
 */
static const struct {
	const char *path, *label;
} path_labels[] = {
	{ "case.patient.id", "patient identifier" },
	{ "case.patient.name", "patient name" },
	{ "case.product.name", "product name" },
	{ "generator.name", "generator name" },
};

/* The longest key path the report writes is far shorter; a longer one is no key path. */
#define PATH_SIZE 256

const char *radioembo_report_path_label(const char *path)
{
	struct radioembo__case_words words;
	char bare[PATH_SIZE], key[PATH_SIZE];
	const char *p = path, *group, *start;
	size_t length = 0, i, key_length;

	if (path == NULL)
		return NULL;
	/* components "key" with optional "[digits]" positions, separated by dots */
	for (;;) {
		for (start = p; *p != '\0' && *p != '.' && *p != '['; p++)
			;
		key_length = (size_t)(p - start);
		if (key_length == 0 || length + key_length + 2 > sizeof bare)
			return NULL;
		memcpy(key, start, key_length);
		key[key_length] = '\0';
		if (!find(key, &words, &group))
			return NULL;
		if (length > 0)
			bare[length++] = '.';
		memcpy(bare + length, key, key_length + 1);
		length += key_length;
		while (*p == '[') {
			for (start = ++p; *p >= '0' && *p <= '9'; p++)
				;
			if (p == start || *p++ != ']')
				return NULL;
		}
		if (*p == '\0')
			break;
		if (*p++ != '.')
			return NULL;
	}
	for (i = 0; i < COUNT(path_labels); i++)
		if (strcmp(path_labels[i].path, bare) == 0)
			return path_labels[i].label;
	return words.label;
}
