/*
 * The words of the JSON report for people: a label and a unit for every key the report
 * writes, and the group of the figures, so that every front end (radioembo(1)'s text,
 * Python, R, a vendor's screen) shows the same words and lays out the same tables. The
 * figures, constants and risks take their words from the tables the JSON writer lists them
 * from (names.c); the other keys are here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "case/case_internal.h"
#include "radioembo/report.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

struct term {
	const char *key, *label, *unit;
};

/* The keys that name no figure: the document's structure and what the case repeats. */
static const struct term terms[] = {
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
	{ "patient", "patient", "" },
	{ "height_cm", "height", "cm" },
	{ "weight_kg", "weight", "kg" },
	{ "constants", "constants used", "" },
	{ "radiobiology", "radiobiological parameters", "" },
	{ "liver_alpha_beta_gy", "liver alpha/beta", "Gy" },
	{ "liver_repair_half_time_h", "liver repair half-time", "h" },
	{ "tumor_alpha_beta_gy", "tumour alpha/beta", "Gy" },
	{ "tumor_repair_half_time_h", "tumour repair half-time", "h" },
	{ "lesions", "lesions", "" },
	{ "label", "label", "" },
	{ "volume_ml", "volume", "mL" },
	{ "mass_kg", "mass", "kg" },
	{ "target_dose_gy", "target dose", "Gy" },
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

/* The per-lesion arrays: one value per lesion, in the group of the figures they follow. */
static const struct {
	struct term term;
	const char *group;
} lesion_terms[] = {
	{ { "lesion_doses_gy", "lesion doses", "Gy" }, "dose" },
	{ { "lesion_beds_gy", "lesion BEDs", "Gy" }, "bed" },
	{ { "lesions_under_target", "lesions under their target dose", "fraction" }, "risk" },
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

static int figure_term(const char *key, const struct radioembo__case_figure *figures, size_t count,
		       const char *group, struct term *term, const char **group_out)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strcmp(figures[i].key, key) == 0) {
			*term = (struct term){ figures[i].key, figures[i].label, figures[i].unit };
			*group_out = group;
			return 1;
		}
	return 0;
}

static int constant_term(const char *key, const struct radioembo__case_constant *constants,
			 size_t count, const char *group, struct term *term, const char **group_out)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strcmp(constants[i].key, key) == 0) {
			*term = (struct term){ constants[i].key, constants[i].label,
					       constants[i].unit };
			*group_out = group;
			return 1;
		}
	return 0;
}

static int other_term(const char *key, struct term *term, const char **group_out)
{
	size_t i;
	int input;

	for (i = 0; i < radioembo__case_risk_count; i++)
		if (strcmp(radioembo_risk_name(radioembo__case_risks[i].risk), key) == 0) {
			*term = (struct term){ key, radioembo__case_risks[i].label, "fraction" };
			*group_out = "risk";
			return 1;
		}
	for (i = 0; i < COUNT(lesion_terms); i++)
		if (strcmp(lesion_terms[i].term.key, key) == 0) {
			*term = lesion_terms[i].term;
			*group_out = lesion_terms[i].group;
			return 1;
		}
	*group_out = "";
	for (i = 0; i < COUNT(terms); i++)
		if (strcmp(terms[i].key, key) == 0) {
			*term = terms[i];
			return 1;
		}
	for (input = 1; input <= RADIOEMBO__INPUT_LAST; input++)
		if (strcmp(radioembo_uncertain_input_name((radioembo_uncertain_input)input), key) ==
		    0) {
			*term = (struct term){ key, input_labels[input], "" };
			return 1;
		}
	return 0;
}

/* The words of key, and its group ("" for none); 0 for a key the report does not write. */
static int find(const char *key, struct term *term, const char **group)
{
	if (key == NULL)
		return 0;
	return figure_term(key, radioembo__case_activity_figures,
			   radioembo__case_activity_figure_count, "activity", term, group) ||
	       figure_term(key, radioembo__case_dose_figures, radioembo__case_dose_figure_count,
			   "dose", term, group) ||
	       figure_term(key, radioembo__case_bed_figures, radioembo__case_bed_figure_count,
			   "bed", term, group) ||
	       constant_term(key, radioembo__case_constants, radioembo__case_constant_count,
			     "constant", term, group) ||
	       constant_term(key, radioembo__case_limits, radioembo__case_limit_count, "limit",
			     term, group) ||
	       other_term(key, term, group);
}

const char *radioembo_report_key_label(const char *key)
{
	struct term term;
	const char *group;

	return find(key, &term, &group) ? term.label : NULL;
}

const char *radioembo_report_key_unit(const char *key)
{
	struct term term;
	const char *group;

	return find(key, &term, &group) ? term.unit : NULL;
}

const char *radioembo_report_key_group(const char *key)
{
	struct term term;
	const char *group;

	return find(key, &term, &group) ? group : NULL;
}
