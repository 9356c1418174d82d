/*
 * radioembo(1): the planning report as text, for people. Every figure of the JSON report,
 * rounded for reading; "-" where a model does not give a figure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "product_fields.h"
#include "report.h"
#include "uncertainty.h"

#define MODEL_FIRST RADIOEMBO_MODEL_SINGLE_COMPARTMENT
#define MODEL_LAST RADIOEMBO_MODEL_HO166_WHOLE_LIVER

static void cell(FILE *out, int has, double value, int width, int decimals)
{
	if (has && isfinite(value))
		fprintf(out, "%*.*f", width, decimals, value);
	else
		fprintf(out, "%*s", width, "-");
}

static void figure(FILE *out, const radioembo_result *result, radioembo_model model,
		   report_figure_getter get, double scale, int width, int decimals)
{
	double value = 0.0;
	int has = get(result, model, &value) == RADIOEMBO_OK;

	cell(out, has, value * scale, width, decimals);
}

typedef int (*constant_getter)(const radioembo_result *, double *);

static void constant(FILE *out, const radioembo_result *result, const char *label,
		     constant_getter get, double scale, const char *unit)
{
	double value;

	if (get(result, &value) == RADIOEMBO_OK && isfinite(value))
		fprintf(out, "  %-30s %.6g%s%s\n", label, value * scale, *unit ? " " : "", unit);
	else
		fprintf(out, "  %-30s %s\n", label, "-");
}

static void instant(FILE *out, const char *label, int has, int64_t seconds)
{
	char text[32];

	if (has && radioembo_time_format_iso8601_utc(seconds, text, sizeof text) == RADIOEMBO_OK)
		fprintf(out, "  %-30s %s\n", label, text);
}

static void header(FILE *out, const struct report *report)
{
	const struct radioembo_case *c = report->c;
	radioembo_product_kind kind = RADIOEMBO_PRODUCT_KIND_OTHER;
	radioembo_nuclide nuclide = RADIOEMBO_NUCLIDE_Y90;
	const radioembo_lesion *lesion = NULL;

	radioembo_product_get_kind(c->product, &kind);
	radioembo_product_get_nuclide(c->product, &nuclide);
	fprintf(out, "radioembo %s planning report\n", radioembo_version_string());
	if (c->id != NULL)
		fprintf(out, "case: %s\n", c->id);
	if (c->description != NULL)
		fprintf(out, "%s\n", c->description);
	fprintf(out, "\n  %-30s %s (%s, %s)\n", "product", radioembo_product_name(c->product),
		product_kind_name(kind), radioembo_nuclide_name(nuclide));
	fprintf(out, "  %-30s %s\n", "treated",
		c->treated_territory != NULL ? c->treated_territory : "whole liver");
	switch (c->prescription) {
	case RADIOEMBO_PRESCRIBE_ACTIVITY:
		fprintf(out, "  %-30s %.4g GBq\n", "prescription", c->prescribed_value);
		break;
	case RADIOEMBO_PRESCRIBE_PERFUSED_DOSE:
		fprintf(out, "  %-30s %.4g Gy to the perfused volume\n", "prescription",
			c->prescribed_value);
		break;
	case RADIOEMBO_PRESCRIBE_TUMOR_DOSE:
		radioembo_liver_get_lesion(c->liver, c->prescribed_lesion, &lesion);
		fprintf(out, "  %-30s %.4g Gy to lesion %s\n", "prescription", c->prescribed_value,
			radioembo_lesion_label(lesion));
		break;
	default:
		fprintf(out, "  %-30s %s\n", "prescription", "maximum safe activity");
		break;
	}
	instant(out, "treatment", c->has_treatment, c->treatment_s);
	instant(out, "vial calibration (planned)", c->has_calibration, c->calibration_s);
	if (c->has_vial) {
		fprintf(out, "  %-30s %.4g GBq\n", "vial at hand", c->vial_activity_gbq);
		instant(out, "vial at hand, calibration", 1, c->vial_calibration_s);
	}
	if (c->has_patient)
		fprintf(out, "  %-30s %.4g cm, %.4g kg\n", "patient", c->height_cm, c->weight_kg);
}

static void constants(FILE *out, const radioembo_result *result)
{
	fprintf(out, "\nConstants used\n");
	constant(out, result, "half-life", radioembo_result_get_half_life_h, 1, "h");
	constant(out, result, "dose factor", radioembo_result_get_dose_factor, 1, "Gy kg/GBq");
	constant(out, result, "lung shunt fraction", radioembo_result_get_lsf, 100, "%");
	constant(out, result, "residual fraction", radioembo_result_get_residual_fraction, 100,
		 "%");
	constant(out, result, "liver density", radioembo_result_get_liver_density_g_per_ml, 1,
		 "g/mL");
	constant(out, result, "perfused mass", radioembo_result_get_perfused_mass_kg, 1, "kg");
	constant(out, result, "normal perfused mass",
		 radioembo_result_get_normal_perfused_mass_kg, 1, "kg");
	constant(out, result, "normal liver mass", radioembo_result_get_normal_liver_mass_kg, 1,
		 "kg");
	constant(out, result, "lung mass", radioembo_result_get_lung_mass_kg, 1, "kg");
	constant(out, result, "prior lung dose", radioembo_result_get_prior_lung_dose_gy, 1, "Gy");
	constant(out, result, "body surface area", radioembo_result_get_bsa_m2, 1, "m2");
	constant(out, result, "BSA LSF reduction factor", radioembo_result_get_lsf_reduction, 1,
		 "");
	fprintf(out, "\nLimits applied (\"-\": not applied)\n");
	constant(out, result, "lung dose, session", radioembo_result_get_lung_session_limit_gy, 1,
		 "Gy");
	constant(out, result, "lung dose, cumulative",
		 radioembo_result_get_lung_cumulative_limit_gy, 1, "Gy");
	constant(out, result, "whole normal liver dose",
		 radioembo_result_get_normal_liver_limit_gy, 1, "Gy");
	constant(out, result, "normal perfused liver dose",
		 radioembo_result_get_normal_perfused_limit_gy, 1, "Gy");
}

static void lesions(FILE *out, const struct report *report)
{
	const radioembo_liver *liver = report->c->liver;
	size_t count = 0, i, territory;
	double volume, mass = 0.0, tnr = 0.0;
	int has;

	radioembo_liver_lesion_count(liver, &count);
	if (count == 0)
		return;
	fprintf(out, "\nLesions\n  %-16s %10s %9s %7s  %s\n", "label", "volume mL", "mass kg",
		"TNR", "territory");
	for (i = 0; i < count; i++) {
		const radioembo_lesion *lesion = NULL;
		radioembo_liver_get_lesion(liver, i, &lesion);
		radioembo_lesion_get_volume_ml(lesion, &volume);
		fprintf(out, "  %-16s %10.1f", radioembo_lesion_label(lesion), volume);
		/* The getters run before their values are read (argument order is unspecified). */
		has = radioembo_result_get_lesion_mass_kg(report->result, i, &mass) == 0;
		cell(out, has, mass, 10, 4);
		has = radioembo_lesion_get_tnr(lesion, &tnr) == 0;
		cell(out, has, tnr, 8, 2);
		fprintf(out, "  %s\n",
			radioembo_liver_get_lesion_territory(liver, i, &territory) == 0
				? radioembo_liver_territory_label(liver, territory)
				: "-");
	}
}

static void activities(FILE *out, const radioembo_result *result)
{
	int model, applies;

	fprintf(out, "\nActivity per model\n");
	fprintf(out, "  %-20s %9s %9s %9s %7s %7s %7s %9s\n", "model", "inject", "delivered",
		"order", "vial", "draw", "draw", "spheres");
	fprintf(out, "  %-20s %9s %9s %9s %7s %7s %7s %9s\n", "", "GBq", "GBq", "cal. GBq", "GBq",
		"%", "mL", "million");
	for (model = MODEL_FIRST; model <= MODEL_LAST; model++) {
		applies = 0;
		radioembo_result_model_applies(result, (radioembo_model)model, &applies);
		fprintf(out, "  %-20s", report_model_label((radioembo_model)model));
		if (!applies) {
			fprintf(out, " does not apply\n");
			continue;
		}
		figure(out, result, (radioembo_model)model, radioembo_result_get_inject_activity_gbq,
		       1, 10, 3);
		figure(out, result, (radioembo_model)model,
		       radioembo_result_get_delivered_activity_gbq, 1, 10, 3);
		figure(out, result, (radioembo_model)model, radioembo_result_get_order_activity_gbq,
		       1, 10, 3);
		figure(out, result, (radioembo_model)model, radioembo_result_get_order_vial_gbq, 1, 8,
		       1);
		figure(out, result, (radioembo_model)model, radioembo_result_get_draw_fraction, 100,
		       8, 1);
		figure(out, result, (radioembo_model)model, radioembo_result_get_draw_volume_ml, 1, 8,
		       3);
		figure(out, result, (radioembo_model)model, radioembo_result_get_sphere_count, 1e-6,
		       10, 2);
		fprintf(out, "\n");
	}
}

static void lesion_values(FILE *out, const struct report *report,
			  const radioembo_result *result, radioembo_model model,
			  report_lesion_getter get)
{
	size_t count = 0, i;
	double value = 0.0;
	int has;

	radioembo_liver_lesion_count(report->c->liver, &count);
	for (i = 0; i < count; i++) {
		has = get(result, model, i, &value) == 0;
		cell(out, has, value, 9, 1);
	}
}

static void lesion_heading(FILE *out, const struct report *report)
{
	size_t count = 0, i;

	radioembo_liver_lesion_count(report->c->liver, &count);
	for (i = 0; i < count; i++) {
		const radioembo_lesion *lesion = NULL;
		radioembo_liver_get_lesion(report->c->liver, i, &lesion);
		fprintf(out, " %8.8s", radioembo_lesion_label(lesion));
	}
}

/*
 * One row per applying model: its figures, then one per lesion, then (optionally) which
 * model computed its doses.
 */
static void model_rows(FILE *out, const struct report *report,
		       const struct report_figure *figures, size_t figure_count,
		       report_lesion_getter lesion_get, int with_dose_model)
{
	const radioembo_result *result = report->result;
	radioembo_model dose_model;
	int model, applies;
	size_t i;

	for (model = MODEL_FIRST; model <= MODEL_LAST; model++) {
		applies = 0;
		radioembo_result_model_applies(result, (radioembo_model)model, &applies);
		if (!applies)
			continue;
		fprintf(out, "  %-20s", report_model_label((radioembo_model)model));
		for (i = 0; i < figure_count; i++)
			figure(out, result, (radioembo_model)model, figures[i].get, 1, 10, 1);
		lesion_values(out, report, result, (radioembo_model)model, lesion_get);
		if (with_dose_model &&
		    radioembo_result_get_dose_model(result, (radioembo_model)model, &dose_model) ==
			    RADIOEMBO_OK)
			fprintf(out, "  %s", report_model_label(dose_model));
		fprintf(out, "\n");
	}
}

static void doses(FILE *out, const struct report *report)
{
	fprintf(out, "\nDoses per model, Gy (lungs: this session, and cumulative)\n");
	fprintf(out, "  %-20s %9s %9s %9s %9s %9s", "model", "perfused", "norm.perf", "norm.liver",
		"lungs", "lungs cum");
	lesion_heading(out, report);
	fprintf(out, "  %s\n", "doses by");
	model_rows(out, report, report_dose_figures, report_dose_figure_count,
		   radioembo_result_get_lesion_dose_gy, 1);
}

/* BED of each compartment, with the parameters used (Dale 1985). */
static void beds(FILE *out, const struct report *report)
{
	const radioembo_radiobiology_params *params = NULL;
	double liver_ab = 0.0, liver_trep = 0.0, tumor_ab = 0.0, tumor_trep = 0.0;

	radioembo_result_get_radiobiology(report->result, &params);
	fprintf(out, "\nBiologically effective dose per model, Gy (Dale 1985; ");
	if (radioembo_radiobiology_params_get_liver_alpha_beta_gy(params, &liver_ab) == 0 &&
	    radioembo_radiobiology_params_get_liver_repair_half_time_h(params, &liver_trep) == 0)
		fprintf(out, "liver a/b %g Gy, T_rep %g h", liver_ab, liver_trep);
	else
		fprintf(out, "no liver parameters");
	if (radioembo_radiobiology_params_get_tumor_alpha_beta_gy(params, &tumor_ab) == 0 &&
	    radioembo_radiobiology_params_get_tumor_repair_half_time_h(params, &tumor_trep) == 0)
		fprintf(out, "; tumour a/b %g Gy, T_rep %g h)\n", tumor_ab, tumor_trep);
	else
		fprintf(out, "; no tumour parameters)\n");
	fprintf(out, "  %-20s %9s %9s", "model", "norm.perf", "norm.liver");
	lesion_heading(out, report);
	fprintf(out, "\n");
	model_rows(out, report, report_bed_figures, report_bed_figure_count,
		   radioembo_result_get_lesion_bed_gy, 0);
}

static void table(FILE *out, const struct report *report)
{
	size_t i, j;

	fprintf(out, "\nDose versus activity\n");
	if (report->chosen == RADIOEMBO_MODEL_NONE) {
		fprintf(out, "  none: %s\n", report->note != NULL ? report->note : "no activity");
		return;
	}
	fprintf(out, "  around %.3f GBq (%s), doses by the %s model", report->chosen_gbq,
		report_model_label(report->chosen), report_model_label(report->dose_model));
	if (report->note != NULL)
		fprintf(out, "; %s", report->note);
	fprintf(out, "\n  %5s %9s %9s %9s %9s %9s %9s", "%", "GBq", "perfused", "norm.perf",
		"norm.liver", "lungs", "lungs cum");
	lesion_heading(out, report);
	fprintf(out, "\n");
	for (i = 0; i < report->row_count; i++) {
		const struct report_row *row = &report->rows[i];
		fprintf(out, "  %5.0f %9.3f", row->percent, row->inject_gbq);
		for (j = 0; j < report_dose_figure_count; j++)
			figure(out, row->result, report->dose_model, report_dose_figures[j].get, 1,
			       10, 1);
		lesion_values(out, report, row->result, report->dose_model,
			      radioembo_result_get_lesion_dose_gy);
		fprintf(out, "%s\n", row->violation ? "  VIOLATION" : "");
	}
}

/* ---- uncertainty ----------------------------------------------------------------------- */

static void uncertainty_inputs(FILE *out, const struct radioembo_case *c)
{
	int input;

	fprintf(out, "  %-28s %-12s %s\n", "input", "distribution",
		"spread (absolute for residual_fraction and lsf, else relative)");
	for (input = 1; input <= UNCERTAINTY_INPUTS; input++) {
		radioembo_distribution distribution;
		double spread;
		if (radioembo_uncertainty_get_input(c->uncertainty, (radioembo_uncertain_input)input,
						    &distribution, &spread) != RADIOEMBO_OK ||
		    distribution == RADIOEMBO_DISTRIBUTION_NONE)
			continue;
		fprintf(out, "  %-28s %-12s %.6g\n", case_input_key((radioembo_uncertain_input)input),
			case_distribution_key(distribution), spread);
	}
	fprintf(out, "\n");
}

static void summary_row(FILE *out, const radioembo_propagation *p, const char *label,
			radioembo_figure figure, size_t lesion)
{
	double v[6];
	int has, i;

	has = radioembo_propagation_get_summary(p, figure, lesion, &v[0], &v[1], &v[2], &v[3],
						&v[4], &v[5]) == RADIOEMBO_OK;
	fprintf(out, "  %-28.28s", label);
	for (i = 0; i < 6; i++)
		cell(out, has, v[i], 10, 3);
	fprintf(out, "\n");
}

static void probability_row(FILE *out, int has, double probability, const char *label)
{
	if (has && isfinite(probability))
		fprintf(out, "  %-44.44s %8.2f %%\n", label, probability * 100.0);
	else
		fprintf(out, "  %-44.44s %8s\n", label, "-");
}

static void shares_row(FILE *out, const radioembo_propagation *p, const char *label,
		       radioembo_figure figure, size_t lesion)
{
	radioembo_uncertain_input inputs[UNCERTAINTY_INPUTS];
	double shares[UNCERTAINTY_INPUTS];
	size_t count = uncertainty_rank_inputs(p, figure, lesion, inputs, shares), i;

	if (count == 0)
		return;
	fprintf(out, "  %-28.28s", label);
	for (i = 0; i < count && i < 3; i++)
		fprintf(out, "%s %s %.1f %%", i ? "," : "", case_input_key(inputs[i]),
			shares[i] * 100.0);
	fprintf(out, "\n");
}

static void uncertainty(FILE *out, const struct report *report)
{
	const radioembo_propagation *p = report->propagation;
	const radioembo_liver *liver = report->c->liver;
	radioembo_propagation_method method = RADIOEMBO_PROPAGATION_ANALYTIC;
	size_t count = 0, samples = 0, i;
	char label[64];
	double value = 0.0;
	int pass, has;

	if (p == NULL)
		return;
	radioembo_propagation_get_method(p, &method);
	radioembo_liver_lesion_count(liver, &count);
	fprintf(out, "\nUncertainty (%s, %s",
		method == RADIOEMBO_PROPAGATION_MONTE_CARLO ? "Monte Carlo" : "analytic",
		report_model_label(report->uncertainty_model));
	if (method == RADIOEMBO_PROPAGATION_MONTE_CARLO &&
	    radioembo_propagation_sample_count(p, &samples) == RADIOEMBO_OK)
		fprintf(out, ", %zu samples, seed %llu, generator %s", samples,
			(unsigned long long)report->c->seed,
			radioembo_uncertainty_generator(report->c->uncertainty));
	fprintf(out, ")\n");
	uncertainty_inputs(out, report->c);
	fprintf(out, "  %-28s %9s %9s %9s %9s %9s %9s\n", "figure", "planned", "mean", "sd", "p5",
		"p50", "p95");
	/* pass 0: the summary table; pass 1: the largest variance shares (analytic only) */
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			if (method != RADIOEMBO_PROPAGATION_ANALYTIC)
				break;
			fprintf(out, "\n  Largest shares of the variance (top 3)\n");
		}
		for (i = 0; i < uncertainty_figure_count; i++)
			(pass ? shares_row : summary_row)(out, p, uncertainty_figures[i].label,
							  uncertainty_figures[i].figure, 0);
		for (i = 0; i < count; i++) {
			const radioembo_lesion *lesion = NULL;
			double planned;
			radioembo_liver_get_lesion(liver, i, &lesion);
			/* an untreated lesion has no figure */
			if (radioembo_propagation_get_summary(p, RADIOEMBO_FIGURE_LESION_DOSE, i,
							      &planned, &value, &value, &value,
							      &value, &value) != RADIOEMBO_OK)
				continue;
			snprintf(label, sizeof label, "lesion %s, Gy", radioembo_lesion_label(lesion));
			(pass ? shares_row : summary_row)(out, p, label, RADIOEMBO_FIGURE_LESION_DOSE,
							  i);
		}
	}
	fprintf(out, "\n  Probabilities (\"-\": no limit or target set)\n");
	for (i = 0; i < uncertainty_risk_count; i++) {
		has = radioembo_propagation_get_probability(p, uncertainty_risks[i].risk, 0,
							    &value) == RADIOEMBO_OK;
		probability_row(out, has, value, uncertainty_risks[i].label);
	}
	for (i = 0; i < count; i++) {
		const radioembo_lesion *lesion = NULL;
		double planned;
		radioembo_liver_get_lesion(liver, i, &lesion);
		if (radioembo_propagation_get_summary(p, RADIOEMBO_FIGURE_LESION_DOSE, i, &planned,
						      &value, &value, &value, &value,
						      &value) != RADIOEMBO_OK)
			continue;
		snprintf(label, sizeof label, "lesion %s under its target dose",
			 radioembo_lesion_label(lesion));
		has = radioembo_propagation_get_probability(p, RADIOEMBO_RISK_TUMOR_UNDER_TARGET, i,
							    &value) == RADIOEMBO_OK;
		probability_row(out, has, value, label);
	}
}

static void diagnostics(FILE *out, const radioembo_result *result)
{
	size_t count = 0, i;

	radioembo_result_diagnostic_count(result, &count);
	fprintf(out, "\nDiagnostics\n");
	for (i = 0; i < count; i++) {
		radioembo_diagnostic_code code;
		radioembo_severity severity;
		radioembo_model model;
		if (radioembo_result_get_diagnostic(result, i, &code, &severity, &model))
			continue;
		fprintf(out, "  - [%s] %s: %s (%s)\n",
			severity == RADIOEMBO_SEVERITY_VIOLATION ? "VIOLATION"
								 : report_severity_key(severity),
			report_model_label(model), radioembo_result_diagnostic_message(result, i),
			report_diagnostic_key(code));
	}
	if (count == 0)
		fprintf(out, "  - none\n");
}

int report_write_text(const struct report *report, FILE *out, struct cli_error *err)
{
	(void)err;
	header(out, report);
	constants(out, report->result);
	lesions(out, report);
	activities(out, report->result);
	doses(out, report);
	beds(out, report);
	table(out, report);
	uncertainty(out, report);
	diagnostics(out, report->result);
	fprintf(out, "\nResult: %s\n",
		report->has_violation ? "a limit is broken (VIOLATION above); exit status 1"
				      : "no limit broken");
	return 0;
}
