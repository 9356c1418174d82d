/*
 * radioembo(1): computing a report: the plan's result, the chosen activity, and the
 * dose-versus-activity table (the plan recomputed with radioembo_plan_prescribe_activity_gbq
 * at 70, 80, ..., 130 % of the chosen activity), and the propagation of the case's
 * uncertainty when one is asked for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "report.h"
#include "uncertainty.h"

const double report_grid_percent[REPORT_GRID_COUNT] = { 70, 80, 90, 100, 110, 120, 130 };

const struct report_figure report_activity_figures[] = {
	{ "inject_activity_gbq", radioembo_result_get_inject_activity_gbq },
	{ "delivered_activity_gbq", radioembo_result_get_delivered_activity_gbq },
	{ "order_activity_gbq", radioembo_result_get_order_activity_gbq },
	{ "order_vial_gbq", radioembo_result_get_order_vial_gbq },
	{ "draw_fraction", radioembo_result_get_draw_fraction },
	{ "draw_volume_ml", radioembo_result_get_draw_volume_ml },
	{ "sphere_count", radioembo_result_get_sphere_count },
};
const size_t report_activity_figure_count =
	sizeof report_activity_figures / sizeof report_activity_figures[0];

const struct report_figure report_dose_figures[] = {
	{ "perfused_dose_gy", radioembo_result_get_perfused_dose_gy },
	{ "normal_perfused_dose_gy", radioembo_result_get_normal_perfused_dose_gy },
	{ "normal_liver_dose_gy", radioembo_result_get_normal_liver_dose_gy },
	{ "lung_dose_gy", radioembo_result_get_lung_dose_gy },
	{ "lung_cumulative_dose_gy", radioembo_result_get_lung_cumulative_dose_gy },
};
const size_t report_dose_figure_count = sizeof report_dose_figures / sizeof report_dose_figures[0];

const struct report_figure report_bed_figures[] = {
	{ "normal_perfused_bed_gy", radioembo_result_get_normal_perfused_bed_gy },
	{ "normal_liver_bed_gy", radioembo_result_get_normal_liver_bed_gy },
};
const size_t report_bed_figure_count = sizeof report_bed_figures / sizeof report_bed_figures[0];

const char *report_model_label(radioembo_model model)
{
	switch (model) {
	case RADIOEMBO_MODEL_SINGLE_COMPARTMENT:
		return "single compartment";
	case RADIOEMBO_MODEL_PARTITION:
		return "partition";
	case RADIOEMBO_MODEL_BSA:
		return "BSA (resin)";
	case RADIOEMBO_MODEL_HO166_WHOLE_LIVER:
		return "Ho-166 whole liver";
	default:
		return "plan";
	}
}

const char *report_severity_key(radioembo_severity severity)
{
	switch (severity) {
	case RADIOEMBO_SEVERITY_VIOLATION:
		return "violation";
	case RADIOEMBO_SEVERITY_WARNING:
		return "warning";
	default:
		return "info";
	}
}

const char *report_diagnostic_key(radioembo_diagnostic_code code)
{
	static const char *const keys[] = {
		[RADIOEMBO_DIAG_LUNG_SESSION_LIMIT] = "lung_session_limit",
		[RADIOEMBO_DIAG_LUNG_CUMULATIVE_LIMIT] = "lung_cumulative_limit",
		[RADIOEMBO_DIAG_LUNG_ACTIVITY_LIMIT] = "lung_activity_limit",
		[RADIOEMBO_DIAG_NORMAL_LIVER_LIMIT] = "normal_liver_limit",
		[RADIOEMBO_DIAG_TUMOR_UNDER_TARGET] = "tumor_under_target",
		[RADIOEMBO_DIAG_LSF_REDUCTION] = "lsf_reduction",
		[RADIOEMBO_DIAG_LSF_CONTRAINDICATION] = "lsf_contraindication",
		[RADIOEMBO_DIAG_LESIONS_EXCEED_VOLUME] = "lesions_exceed_volume",
		[RADIOEMBO_DIAG_LESION_OUTSIDE_TERRITORIES] = "lesion_outside_territories",
		[RADIOEMBO_DIAG_LESION_NOT_TREATED] = "lesion_not_treated",
		[RADIOEMBO_DIAG_LESION_WITHOUT_TNR] = "lesion_without_tnr",
		[RADIOEMBO_DIAG_MODEL_NOT_APPLICABLE] = "model_not_applicable",
		[RADIOEMBO_DIAG_NO_VIAL_LARGE_ENOUGH] = "no_vial_large_enough",
		[RADIOEMBO_DIAG_VIAL_INSUFFICIENT] = "vial_insufficient",
		[RADIOEMBO_DIAG_VIAL_OUT_OF_TOLERANCE] = "vial_out_of_tolerance",
		[RADIOEMBO_DIAG_OUTSIDE_USE_WINDOW] = "outside_use_window",
		[RADIOEMBO_DIAG_TERRITORY_EXCEEDS_LIVER] = "territory_exceeds_liver",
		[RADIOEMBO_DIAG_SINGLE_COMPARTMENT_NOT_RECOMMENDED] =
			"single_compartment_not_recommended",
		[RADIOEMBO_DIAG_NORMAL_PERFUSED_LIMIT] = "normal_perfused_limit",
	};

	if ((int)code > 0 && (size_t)code < sizeof keys / sizeof keys[0] && keys[code] != NULL)
		return keys[code];
	return "unknown";
}

const char *report_prescription_key(radioembo_prescription prescription)
{
	switch (prescription) {
	case RADIOEMBO_PRESCRIBE_ACTIVITY:
		return "activity_gbq";
	case RADIOEMBO_PRESCRIBE_PERFUSED_DOSE:
		return "perfused_dose_gy";
	case RADIOEMBO_PRESCRIBE_TUMOR_DOSE:
		return "tumor_dose_gy";
	default:
		return "max_safe";
	}
}

const char *report_limiting_organ_key(radioembo_limiting_organ organ)
{
	switch (organ) {
	case RADIOEMBO_LIMIT_NORMAL_LIVER:
		return "normal_liver";
	case RADIOEMBO_LIMIT_LUNG:
		return "lung";
	default:
		return "none";
	}
}

/* The model's activity, if it applies and gives a finite, positive activity. */
static int usable_activity(const radioembo_result *result, radioembo_model model,
			   double *activity_out)
{
	int applies = 0;
	double activity;

	if (radioembo_result_model_applies(result, model, &applies) != RADIOEMBO_OK || !applies ||
	    radioembo_result_get_inject_activity_gbq(result, model, &activity) != RADIOEMBO_OK ||
	    !isfinite(activity) || !(activity > 0.0))
		return 0;
	*activity_out = activity;
	return 1;
}

/*
 * The chosen model: the case's prescription.model when it gives an activity; otherwise the
 * first of partition, single compartment, BSA and Ho-166 whole liver that does.
 */
static void choose(struct report *report)
{
	static const radioembo_model order[] = {
		RADIOEMBO_MODEL_PARTITION, RADIOEMBO_MODEL_SINGLE_COMPARTMENT, RADIOEMBO_MODEL_BSA,
		RADIOEMBO_MODEL_HO166_WHOLE_LIVER
	};
	size_t i;

	if (report->c->model != RADIOEMBO_MODEL_NONE) {
		if (usable_activity(report->result, report->c->model, &report->chosen_gbq)) {
			report->chosen = report->c->model;
			return;
		}
		report->note = "the requested model gives no activity for this case; the default "
			       "order was used";
	}
	for (i = 0; i < sizeof order / sizeof order[0]; i++)
		if (usable_activity(report->result, order[i], &report->chosen_gbq)) {
			report->chosen = order[i];
			return;
		}
	report->note = "no model gives an activity for this case";
}

static int row_violation(const radioembo_result *result, radioembo_model dose_model)
{
	size_t count = 0, i;

	radioembo_result_diagnostic_count(result, &count);
	for (i = 0; i < count; i++) {
		radioembo_diagnostic_code code;
		radioembo_severity severity;
		radioembo_model model;
		if (radioembo_result_get_diagnostic(result, i, &code, &severity, &model) ==
			    RADIOEMBO_OK &&
		    severity == RADIOEMBO_SEVERITY_VIOLATION &&
		    (model == RADIOEMBO_MODEL_NONE || model == dose_model))
			return 1;
	}
	return 0;
}

static int library_failure(struct cli_error *err, int rc, const char *what)
{
	return cli_fail(err, cli_status_from_library(rc), "%s: %s: %s", what,
			radioembo_strerror(rc), radioembo_last_error_message());
}

static int build_table(struct report *report, struct cli_error *err)
{
	radioembo_plan *plan = NULL;
	size_t i;
	int rc;

	if (radioembo_result_get_dose_model(report->result, report->chosen,
					    &report->dose_model) != RADIOEMBO_OK)
		report->dose_model = report->chosen;
	if ((rc = radioembo_plan_copy(report->c->plan, &plan)))
		return library_failure(err, rc, "dose-versus-activity table");
	for (i = 0; i < REPORT_GRID_COUNT; i++) {
		struct report_row *row = &report->rows[i];
		row->percent = report_grid_percent[i];
		row->inject_gbq = report->chosen_gbq * row->percent / 100.0;
		if ((rc = radioembo_plan_prescribe_activity_gbq(plan, row->inject_gbq)) ||
		    (rc = radioembo_plan_compute(plan, &row->result))) {
			radioembo_plan_free(plan);
			return library_failure(err, rc, "dose-versus-activity table");
		}
		row->violation = row_violation(row->result, report->dose_model);
		report->row_count = i + 1;
	}
	radioembo_plan_free(plan);
	return 0;
}

int report_build(const struct radioembo_case *c, struct report *report, struct cli_error *err)
{
	int rc;

	memset(report, 0, sizeof *report);
	report->c = c;
	if ((rc = radioembo_plan_compute(c->plan, &report->result)))
		return library_failure(err, rc, "computing the plan");
	if ((rc = radioembo_result_has_violation(report->result, &report->has_violation)))
		return library_failure(err, rc, "reading the result");
	choose(report);
	if (report->chosen != RADIOEMBO_MODEL_NONE && (rc = build_table(report, err)))
		return rc;
	if (c->uncertainty_method != 0 && c->uncertainty != NULL)
		return uncertainty_propagate(c, report->result, report->chosen, &report->propagation,
					     &report->uncertainty_model, err);
	return 0;
}

void report_free(struct report *report)
{
	size_t i;

	for (i = 0; i < report->row_count; i++)
		radioembo_result_free(report->rows[i].result);
	radioembo_result_free(report->result);
	radioembo_propagation_free(report->propagation);
	memset(report, 0, sizeof *report);
}
