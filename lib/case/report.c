/*
 * A case's report: the plan's result, the chosen activity, the dose-versus-activity table
 * (the plan recomputed at 70, 80, ..., 130 % of the chosen activity), and the propagation of
 * the case's uncertainty when one is asked for; then the JSON document that holds it all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/case_internal.h"

const double radioembo__case_grid_percent[RADIOEMBO__CASE_GRID_COUNT] = { 70,  80,  90, 100,
									  110, 120, 130 };

/* A failure of the computation; key names the case's key at fault, "" for none. */
static int fail(struct radioembo__case_document *d, int status, const char *key, const char *what)
{
	/* copied first: the failure recorded below overwrites the library's message */
	char detail[512];

	snprintf(detail, sizeof detail, "%s",
		 status == RADIOEMBO_ENOMEM ? "out of memory" : radioembo_last_error_message());
	snprintf(d->key, sizeof d->key, "%s", key);
	return radioembo__fail(status, status == RADIOEMBO_ENOMEM ? NULL : "c", "%s: %s", what,
			       detail);
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
static void choose(struct radioembo__case_document *d)
{
	static const radioembo_model order[] = {
		RADIOEMBO_MODEL_PARTITION, RADIOEMBO_MODEL_SINGLE_COMPARTMENT, RADIOEMBO_MODEL_BSA,
		RADIOEMBO_MODEL_HO166_WHOLE_LIVER};
	size_t i;

	if (d->c->model != RADIOEMBO_MODEL_NONE) {
		if (usable_activity(d->result, d->c->model, &d->chosen_gbq)) {
			d->chosen = d->c->model;
			return;
		}
		d->note = "the requested model gives no activity for this case; the default "
			  "order was used";
	}
	for (i = 0; i < sizeof order / sizeof order[0]; i++)
		if (usable_activity(d->result, order[i], &d->chosen_gbq)) {
			d->chosen = order[i];
			return;
		}
	d->note = "no model gives an activity for this case";
}

int radioembo__case_next_diagnostic(const radioembo_result *result, size_t *next,
				    struct radioembo__case_diagnostic *diagnostic)
{
	size_t count = 0;

	radioembo_result_diagnostic_count(result, &count);
	for (; *next < count; ++*next)
		if (radioembo_result_get_diagnostic(result, *next, &diagnostic->code,
						    &diagnostic->severity,
						    &diagnostic->model) == RADIOEMBO_OK) {
			diagnostic->index = (*next)++;
			return 1;
		}
	return 0;
}

int radioembo__case_row_breaks(const struct radioembo__case_diagnostic *diagnostic,
			       radioembo_model dose_model)
{
	return diagnostic->severity == RADIOEMBO_SEVERITY_VIOLATION &&
	       (diagnostic->model == RADIOEMBO_MODEL_NONE || diagnostic->model == dose_model);
}

static int row_violation(const radioembo_result *result, radioembo_model dose_model)
{
	struct radioembo__case_diagnostic diagnostic;
	size_t next = 0;

	while (radioembo__case_next_diagnostic(result, &next, &diagnostic))
		if (radioembo__case_row_breaks(&diagnostic, dose_model))
			return 1;
	return 0;
}

static int build_table(struct radioembo__case_document *d)
{
	radioembo_plan *plan = NULL;
	size_t i;
	int rc;

	if (radioembo_result_get_dose_model(d->result, d->chosen, &d->dose_model) != RADIOEMBO_OK)
		d->dose_model = d->chosen;
	if ((rc = radioembo_plan_copy(d->c->plan, &plan)))
		return fail(d, rc, "", "dose-versus-activity table");
	for (i = 0; i < RADIOEMBO__CASE_GRID_COUNT; i++) {
		struct radioembo__case_row *row = &d->rows[i];
		row->percent = radioembo__case_grid_percent[i];
		row->inject_gbq = d->chosen_gbq * row->percent / 100.0;
		if ((rc = radioembo_plan_prescribe_activity_gbq(plan, row->inject_gbq)) ||
		    (rc = radioembo_plan_compute(plan, &row->result))) {
			radioembo_plan_free(plan);
			return fail(d, rc, "", "dose-versus-activity table");
		}
		row->violation = row_violation(row->result, d->dose_model);
		d->row_count = i + 1;
	}
	radioembo_plan_free(plan);
	return 0;
}

/*
 * The vial of a model: the case's vial at hand, or else the vial the model orders at the
 * planned calibration. 0 when there is none (no timing, no vial that covers the need).
 */
static int model_vial(const struct radioembo__case_document *d, radioembo_model model,
		      struct radioembo__case_vial *v)
{
	const struct radioembo_case *c = d->c;

	if (c->has_vial) {
		v->at_hand = 1;
		v->vial_gbq = c->vial_activity_gbq;
		v->calibration_s = c->vial_calibration_s;
		v->calibration_offset_min = c->vial_offset_min;
		return 1;
	}
	v->at_hand = 0;
	v->calibration_s = c->calibration_s;
	v->calibration_offset_min = c->calibration_offset_min;
	return c->has_calibration &&
	       radioembo_result_get_order_vial_gbq(d->result, model, &v->vial_gbq) ==
		       RADIOEMBO_OK &&
	       isfinite(v->vial_gbq) && v->vial_gbq > 0.0;
}

/*
 * Each applying model's vial: the instant it holds the planned activity,
 * t = calibration + T log2(A_vial / A_planned) (radioembo-sources(7) DECAY), and the plan
 * with the whole vial, decayed to the treatment, prescribed as the activity to inject.
 */
static int reconcile_vials(struct radioembo__case_document *d)
{
	const struct radioembo_case *c = d->c;
	radioembo_plan *plan = NULL;
	double half_life_h, hours, seconds;
	int model, rc;

	if (!c->has_treatment ||
	    radioembo_result_get_half_life_h(d->result, &half_life_h) != RADIOEMBO_OK)
		return 0;
	for (model = 1; model <= RADIOEMBO__MODEL_LAST; model++) {
		struct radioembo__case_vial *v = &d->vials[d->vial_count];
		memset(v, 0, sizeof *v);
		v->model = (radioembo_model)model;
		if (!usable_activity(d->result, v->model, &v->planned_gbq) ||
		    !model_vial(d, v->model, v) ||
		    radioembo_decay_activity_gbq(
			    v->vial_gbq, half_life_h,
			    radioembo__elapsed_h(v->calibration_s, c->treatment_s),
			    &v->at_treatment_gbq) != RADIOEMBO_OK ||
		    !(v->at_treatment_gbq > 0.0))
			continue;
		if (radioembo_result_get_dose_model(d->result, v->model, &v->dose_model) !=
		    RADIOEMBO_OK)
			v->dose_model = v->model;
		if (radioembo_decay_elapsed_h(v->vial_gbq, v->planned_gbq, half_life_h, &hours) ==
		    RADIOEMBO_OK) {
			seconds = (double)v->calibration_s + round(hours * 3600.0);
			v->has_inject_at = seconds >= (double)RADIOEMBO__INSTANT_MIN_S &&
					   seconds <= (double)RADIOEMBO__INSTANT_MAX_S;
			if (v->has_inject_at)
				v->inject_at_s = (int64_t)seconds;
		}
		/* a vial the plan cannot take whole (absurdly large) just has no doses */
		if ((rc = radioembo_plan_copy(c->plan, &plan)) == RADIOEMBO_OK &&
		    (rc = radioembo_plan_prescribe_activity_gbq(plan, v->at_treatment_gbq)) ==
			    RADIOEMBO_OK)
			rc = radioembo_plan_compute(plan, &v->whole);
		radioembo_plan_free(plan);
		if (rc == RADIOEMBO_ENOMEM)
			return fail(d, rc, "", "the whole vial");
		plan = NULL;
		d->vial_count++;
	}
	return 0;
}

/* Propagates through the section's model, or the chosen one when the section names none. */
static int propagate(struct radioembo__case_document *d)
{
	const struct radioembo_case *c = d->c;
	radioembo_model model = c->uncertainty_model ? c->uncertainty_model : d->chosen;
	char what[96];
	int applies = 0, rc;

	if (model == RADIOEMBO_MODEL_NONE) {
		snprintf(d->key, sizeof d->key, "uncertainty");
		return radioembo__fail(RADIOEMBO_EINVAL, "c",
				       "uncertainty: no model gives an activity for this case, so "
				       "there is nothing to propagate");
	}
	if (radioembo_result_model_applies(d->result, model, &applies) != RADIOEMBO_OK ||
	    !applies) {
		snprintf(d->key, sizeof d->key, "uncertainty.model");
		return radioembo__fail(
			RADIOEMBO_EINVAL, "c",
			"uncertainty.model = \"%s\": the model does not apply to this "
			"case (see its diagnostics)",
			radioembo_model_name(model));
	}
	rc = c->uncertainty_method == RADIOEMBO_PROPAGATION_MONTE_CARLO
		     ? radioembo_plan_propagate_monte_carlo(c->plan, model, c->uncertainty, c->seed,
							    c->samples, &d->propagation)
		     : radioembo_plan_propagate_analytic(c->plan, model, c->uncertainty,
							 &d->propagation);
	if (rc != RADIOEMBO_OK) {
		snprintf(what, sizeof what, "uncertainty (%s, %s)",
			 radioembo_propagation_method_name(c->uncertainty_method),
			 radioembo_model_name(model));
		return fail(d, rc, "uncertainty", what);
	}
	d->uncertainty_model = model;
	return 0;
}

static int build(struct radioembo__case_document *d)
{
	int rc;

	if ((rc = radioembo_plan_compute(d->c->plan, &d->result)))
		return fail(d, rc, "", "computing the plan");
	if ((rc = radioembo_result_has_violation(d->result, &d->has_violation)))
		return fail(d, rc, "", "reading the result");
	choose(d);
	if (d->chosen != RADIOEMBO_MODEL_NONE && (rc = build_table(d)))
		return rc;
	if ((rc = reconcile_vials(d)))
		return rc;
	if (d->c->uncertainty_method != 0 && d->c->uncertainty != NULL)
		return propagate(d);
	return 0;
}

static void document_free(struct radioembo__case_document *d)
{
	size_t i;

	for (i = 0; i < d->row_count; i++)
		radioembo_result_free(d->rows[i].result);
	for (i = 0; i < d->vial_count; i++)
		radioembo_result_free(d->vials[i].whole);
	radioembo_result_free(d->result);
	radioembo_propagation_free(d->propagation);
}

int radioembo_case_compute(const radioembo_case *c, radioembo_report **report_out)
{
	struct radioembo__case_document d;
	radioembo_report *report;
	int rc;

	if ((rc = radioembo__require_pointer("c", c)) ||
	    (rc = radioembo__require_pointer("report_out", report_out))) {
		radioembo__case_set_error_key("");
		return rc;
	}
	memset(&d, 0, sizeof d);
	d.c = c;
	if ((report = radioembo__allocate(sizeof *report, "a report")) == NULL) {
		rc = RADIOEMBO_ENOMEM;
	} else if ((rc = build(&d)) == 0) {
		if ((report->json = radioembo__case_document_json(&d)) == NULL) {
			rc = radioembo__fail(RADIOEMBO_ENOMEM, NULL,
					     "out of memory writing the JSON report");
		} else {
			report->json_length = strlen(report->json);
			report->has_violation = d.has_violation;
			report->result = d.result;
			d.result = NULL;
		}
	}
	document_free(&d);
	if (rc != 0) {
		radioembo__case_set_error_key(d.key);
		radioembo_report_free(report);
		return rc;
	}
	*report_out = report;
	return 0;
}

void radioembo_report_free(radioembo_report *report)
{
	if (report == NULL)
		return;
	free(report->json);
	radioembo_result_free(report->result);
	free(report);
}

const char *radioembo_report_json(const radioembo_report *report)
{
	return report != NULL ? report->json : NULL;
}

int radioembo_report_has_violation(const radioembo_report *report, int *has_violation_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("report", report)) ||
	    (rc = radioembo__require_pointer("has_violation_out", has_violation_out)))
		return rc;
	*has_violation_out = report->has_violation;
	return 0;
}

const radioembo_result *radioembo_report_result(const radioembo_report *report)
{
	return report != NULL ? report->result : NULL;
}
