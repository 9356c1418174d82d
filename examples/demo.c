/*
 * The main job, `make demo`: plans the sample HCC case of examples/sample_case.h on glass
 * and on resin microspheres and prints a planning report, using only the public API, as a
 * treatment-planning system would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <radioembo.h>

#include "sample_case.h"

static void check(int status, const char *what)
{
	if (status != RADIOEMBO_OK) {
		fprintf(stderr, "demo: %s: %s: %s\n", what, radioembo_strerror(status),
			radioembo_last_error_message());
		exit(1);
	}
}

static const char *model_name(radioembo_model model)
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

static const char *severity_name(radioembo_severity severity)
{
	return severity == RADIOEMBO_SEVERITY_VIOLATION ? "VIOLATION"
	       : severity == RADIOEMBO_SEVERITY_WARNING ? "warning"
							: "info";
}

typedef int (*figure_getter)(const radioembo_result *, radioembo_model, double *);

/* A figure right-aligned in 9 columns, or "-" where the model does not give it. */
static void print_figure(const radioembo_result *result, radioembo_model model,
			 figure_getter get, double scale, int decimals)
{
	double value;

	if (get(result, model, &value) == RADIOEMBO_OK)
		printf("%9.*f", decimals, value * scale);
	else
		printf("%9s", "-");
}

static void print_model(const radioembo_result *result, const radioembo_liver *liver,
			radioembo_model model)
{
	double value;
	size_t lesions, i;
	int applies;

	check(radioembo_result_model_applies(result, model, &applies), "model_applies");
	if (!applies)
		return;
	printf("  %-20s", model_name(model));
	print_figure(result, model, radioembo_result_get_inject_activity_gbq, 1.0, 3);
	print_figure(result, model, radioembo_result_get_order_vial_gbq, 1.0, 1);
	print_figure(result, model, radioembo_result_get_perfused_dose_gy, 1.0, 1);
	print_figure(result, model, radioembo_result_get_normal_perfused_dose_gy, 1.0, 1);
	print_figure(result, model, radioembo_result_get_normal_liver_dose_gy, 1.0, 1);
	print_figure(result, model, radioembo_result_get_lung_dose_gy, 1.0, 1);
	print_figure(result, model, radioembo_result_get_lung_cumulative_dose_gy, 1.0, 1);
	print_figure(result, model, radioembo_result_get_sphere_count, 1e-6, 2);
	printf("\n");
	check(radioembo_liver_lesion_count(liver, &lesions), "lesion_count");
	for (i = 0; i < lesions; i++) {
		const radioembo_lesion *lesion;
		check(radioembo_liver_get_lesion(liver, i, &lesion), "get_lesion");
		if (radioembo_result_get_lesion_dose_gy(result, model, i, &value) == RADIOEMBO_OK)
			printf("  %20s  lesion %-8s %7.1f Gy\n", "", radioembo_lesion_label(lesion),
			       value);
	}
}

static void print_result(const radioembo_result *result, const radioembo_liver *liver)
{
	double half_life_h, dose_factor, lsf, perfused_kg;
	size_t count, i;
	int model;

	check(radioembo_result_get_half_life_h(result, &half_life_h), "half_life");
	check(radioembo_result_get_dose_factor(result, &dose_factor), "dose_factor");
	check(radioembo_result_get_lsf(result, &lsf), "lsf");
	check(radioembo_result_get_perfused_mass_kg(result, &perfused_kg), "perfused mass");
	printf("  constants: half-life %.1f h, dose factor %.2f Gy kg/GBq, LSF %.1f %%, "
	       "perfused mass %.3f kg\n\n",
	       half_life_h, dose_factor, 100.0 * lsf, perfused_kg);
	printf("  %-20s%9s%9s%9s%9s%9s%9s%9s%9s\n", "model", "inject", "vial", "perfused",
	       "normal", "whole", "lungs", "lungs", "spheres");
	printf("  %-20s%9s%9s%9s%9s%9s%9s%9s%9s\n", "", "GBq", "GBq", "Gy", "perf. Gy",
	       "norm. Gy", "Gy", "cum. Gy", "million");
	for (model = RADIOEMBO_MODEL_SINGLE_COMPARTMENT; model <= RADIOEMBO_MODEL_HO166_WHOLE_LIVER;
	     model++)
		print_model(result, liver, (radioembo_model)model);
	check(radioembo_result_diagnostic_count(result, &count), "diagnostic_count");
	printf("\n  diagnostics:\n");
	for (i = 0; i < count; i++) {
		radioembo_diagnostic_code code;
		radioembo_severity severity;
		radioembo_model about;
		check(radioembo_result_get_diagnostic(result, i, &code, &severity, &about),
		      "diagnostic");
		printf("  - [%s] %s: %s\n", severity_name(severity), model_name(about),
		       radioembo_result_diagnostic_message(result, i));
	}
	if (count == 0)
		printf("  - none\n");
	printf("\n");
}

static void plan_with(const char *product_name, const struct sample_case *sample)
{
	radioembo_product *product;
	radioembo_liver *liver;
	radioembo_lung *lung;
	radioembo_plan *plan;
	radioembo_result *result;

	check(radioembo_product_new_builtin(product_name, &product), product_name);
	check(sample_case_build(sample, &liver, &lung), "sample case");
	check(radioembo_plan_new(product, liver, lung, &plan), "plan");
	check(sample_case_configure(sample, plan), "plan settings");
	check(radioembo_plan_compute(plan, &result), "compute");
	printf("== %s, %s, maximum safe activity\n", radioembo_product_name(product),
	       sample->territory_label);
	print_result(result, radioembo_plan_liver(plan));
	radioembo_result_free(result);
	radioembo_plan_free(plan);
	radioembo_lung_free(lung);
	radioembo_liver_free(liver);
	radioembo_product_free(product);
}

int main(void)
{
	const struct sample_case *sample = &sample_hcc_case;

	printf("libradioembo %s: planning report for the sample case\n\n",
	       radioembo_version_string());
	sample_case_describe(sample, stdout);
	plan_with("TheraSphere", sample);
	plan_with("SIR-Spheres", sample);
	return 0;
}
