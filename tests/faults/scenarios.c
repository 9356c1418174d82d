/*
 * Whole-library scenarios (see scenarios.h). Public API only. The case is the demo's
 * hepatocellular carcinoma (examples/sample_case.c) with high-entropy numbers; every
 * figure is folded into the digest as its exact bits, never compared with a tolerance.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "radioembo.h"
#include "scenarios.h"

void digest_double(uint64_t *digest, double value)
{
	unsigned char bytes[sizeof value];
	size_t i;

	memcpy(bytes, &value, sizeof value);
	for (i = 0; i < sizeof bytes; i++) {
		*digest ^= bytes[i];
		*digest *= UINT64_C(1099511628211);
	}
}

void digest_size(uint64_t *digest, size_t value)
{
	digest_double(digest, (double)value);
}

void digest_string(uint64_t *digest, const char *text)
{
	if (text == NULL)
		text = "(null)";
	for (; *text != '\0'; text++) {
		*digest ^= (unsigned char)*text;
		*digest *= UINT64_C(1099511628211);
	}
	*digest ^= 0xffu;
	*digest *= UINT64_C(1099511628211);
}

/*
 * A getter's figure, or its status when it has none (ENOTFOUND for a model that does not
 * apply): both are deterministic.
 */
#define DIGEST_GET(digest, call, value)                                   \
	do {                                                              \
		int get_rc_ = (call);                                     \
		digest_double((digest), get_rc_ == RADIOEMBO_OK ? (value) \
								: (double)get_rc_); \
	} while (0)

static char poison_byte;
#define POISON ((void *)&poison_byte)

/* Stop at the first failure; `done:` frees what was built. */
#define CALL(expr)                                   \
	do {                                         \
		if ((rc = (expr)) != RADIOEMBO_OK)   \
			goto done;                   \
	} while (0)

/* A call creating *ptr: the pointer must still be poison if it fails. */
#define MAKE(ptr, expr)                                          \
	do {                                                     \
		(ptr) = POISON;                                  \
		if ((rc = (expr)) != RADIOEMBO_OK) {             \
			if ((void *)(ptr) != POISON)             \
				rc = SCENARIO_OUTPUT_TOUCHED;    \
			(ptr) = NULL;                            \
			goto done;                               \
		}                                                \
	} while (0)

/* ---- the clinical case ------------------------------------------------------------------ */

struct lesion_data {
	const char *label;
	double volume_ml, tnr; /* tnr 0: not measured */
	size_t territory;
};

static const struct lesion_data case_lesions[] = {
	{ "HCC-1", 118.37, 3.419, 0 },
	{ "HCC-2", 36.52, 5.107, 0 },
	{ "HCC-3", 12.04, 0.0, 1 },
};
#define CASE_LESIONS (sizeof case_lesions / sizeof case_lesions[0])

static int build_liver(radioembo_liver **liver_out)
{
	radioembo_liver *liver = NULL;
	radioembo_lesion *lesion = NULL;
	size_t i, index;
	int rc;

	MAKE(liver, radioembo_liver_new(1653.8, 1.047, &liver));
	CALL(radioembo_liver_add_territory(liver, "right lobe", 1081.6, NULL));
	CALL(radioembo_liver_add_territory(liver, "left lobe", 572.2, NULL));
	for (i = 0; i < CASE_LESIONS; i++) {
		MAKE(lesion, radioembo_lesion_new(case_lesions[i].label, case_lesions[i].volume_ml,
						  &lesion));
		if (case_lesions[i].tnr > 0.0)
			CALL(radioembo_lesion_set_tnr(lesion, case_lesions[i].tnr));
		CALL(radioembo_liver_add_lesion(liver, lesion, &index));
		CALL(radioembo_liver_assign_lesion(liver, index, case_lesions[i].territory));
		radioembo_lesion_free(lesion);
		lesion = NULL;
	}
	*liver_out = liver;
	liver = NULL;
done:
	radioembo_lesion_free(lesion);
	radioembo_liver_free(liver);
	return rc;
}

static int build_lung(radioembo_lung **lung_out)
{
	radioembo_lung *lung = NULL;
	int rc;

	MAKE(lung, radioembo_lung_new(&lung));
	CALL(radioembo_lung_set_lsf_from_counts(lung, 48213.0, 53362.0, 612409.0, 667913.0));
	CALL(radioembo_lung_add_prior_dose_gy(lung, 4.257));
	CALL(radioembo_lung_add_prior_dose_gy(lung, 2.113));
	*lung_out = lung;
	lung = NULL;
done:
	radioembo_lung_free(lung);
	return rc;
}

/* A configured plan of product `name` on the case (right lobe, instants, patient size). */
static int build_plan(const char *name, radioembo_plan **plan_out)
{
	radioembo_product *product = NULL;
	radioembo_liver *liver = NULL;
	radioembo_lung *lung = NULL;
	radioembo_plan *plan = NULL;
	int64_t treatment_s = 0, calibration_s = 0;
	int rc;

	MAKE(product, radioembo_product_new_builtin(name, &product));
	CALL(build_liver(&liver));
	CALL(build_lung(&lung));
	MAKE(plan, radioembo_plan_new(product, liver, lung, &plan));
	CALL(radioembo_time_parse_iso8601("2026-11-25T09:30-05:00", &treatment_s));
	CALL(radioembo_time_parse_iso8601(strcmp(name, "SIR-Spheres") == 0
						  ? "2026-11-25T18:00-05:00"
						  : "2026-11-22T12:00-05:00",
					  &calibration_s));
	CALL(radioembo_plan_set_territory(plan, 0));
	CALL(radioembo_plan_set_patient_size(plan, 168.3, 74.58));
	CALL(radioembo_plan_set_residual_fraction(plan, 0.0137));
	CALL(radioembo_plan_set_treatment_s(plan, treatment_s));
	CALL(radioembo_plan_set_calibration_s(plan, calibration_s));
	CALL(radioembo_plan_prescribe_max_safe(plan));
	*plan_out = plan;
	plan = NULL;
done:
	radioembo_plan_free(plan);
	radioembo_lung_free(lung);
	radioembo_liver_free(liver);
	radioembo_product_free(product);
	return rc;
}

static void digest_result(uint64_t *digest, const radioembo_result *result)
{
	radioembo_severity severity;
	radioembo_diagnostic_code code;
	radioembo_model model, dose_model;
	size_t i, count = 0;
	double value = 0.0;
	int m, flag = 0;

	for (m = RADIOEMBO_MODEL_SINGLE_COMPARTMENT; m <= RADIOEMBO_MODEL_HO166_WHOLE_LIVER; m++) {
		model = (radioembo_model)m;
		DIGEST_GET(digest, radioembo_result_model_applies(result, model, &flag), flag);
		DIGEST_GET(digest, radioembo_result_get_inject_activity_gbq(result, model, &value),
			   value);
		DIGEST_GET(digest, radioembo_result_get_delivered_activity_gbq(result, model,
										&value),
			   value);
		DIGEST_GET(digest, radioembo_result_get_order_activity_gbq(result, model, &value),
			   value);
		DIGEST_GET(digest, radioembo_result_get_order_vial_gbq(result, model, &value), value);
		DIGEST_GET(digest, radioembo_result_get_draw_fraction(result, model, &value), value);
		DIGEST_GET(digest, radioembo_result_get_sphere_count(result, model, &value), value);
		DIGEST_GET(digest, radioembo_result_get_perfused_dose_gy(result, model, &value),
			   value);
		DIGEST_GET(digest, radioembo_result_get_normal_perfused_dose_gy(result, model,
										 &value),
			   value);
		DIGEST_GET(digest, radioembo_result_get_normal_liver_dose_gy(result, model, &value),
			   value);
		DIGEST_GET(digest, radioembo_result_get_lung_dose_gy(result, model, &value), value);
		DIGEST_GET(digest, radioembo_result_get_lung_cumulative_dose_gy(result, model,
										 &value),
			   value);
		DIGEST_GET(digest, radioembo_result_get_normal_liver_bed_gy(result, model, &value),
			   value);
		DIGEST_GET(digest, radioembo_result_get_dose_model(result, model, &dose_model),
			   (double)dose_model);
		for (i = 0; i < CASE_LESIONS; i++) {
			DIGEST_GET(digest, radioembo_result_get_lesion_dose_gy(result, model, i,
										&value),
				   value);
			DIGEST_GET(digest, radioembo_result_get_lesion_bed_gy(result, model, i,
									       &value),
				   value);
		}
	}
	DIGEST_GET(digest, radioembo_result_diagnostic_count(result, &count), (double)count);
	for (i = 0; i < count; i++) {
		DIGEST_GET(digest, radioembo_result_get_diagnostic(result, i, &code, &severity,
								   &model),
			   (double)code * 100.0 + (double)severity * 10.0 + (double)model);
		digest_string(digest, radioembo_result_diagnostic_message(result, i));
	}
}

/* ---- the scenarios ---------------------------------------------------------------------- */

static int scenario_products(uint64_t *digest)
{
	static const double sizes_gbq[] = { 1.017, 2.493, 4.871, 7.302 };
	radioembo_product *product = NULL, *copy = NULL, *custom = NULL;
	double got[8];
	size_t count = 0;
	int i, rc = RADIOEMBO_OK;

	for (i = 0; i < radioembo_product_count_builtin(); i++) {
		MAKE(product, radioembo_product_new_builtin(radioembo_product_builtin_name(i),
							    &product));
		MAKE(copy, radioembo_product_copy(product, &copy));
		CALL(radioembo_product_set_name(copy, "site variant of a catalogue product"));
		CALL(radioembo_product_set_vial_sizes_gbq(copy, sizes_gbq, 4));
		CALL(radioembo_product_get_vial_sizes_gbq(copy, got, 8, &count));
		digest_size(digest, count);
		digest_string(digest, radioembo_product_name(copy));
		radioembo_product_free(copy);
		copy = NULL;
		radioembo_product_free(product);
		product = NULL;
	}
	MAKE(custom, radioembo_product_new_custom("site Ho-166", RADIOEMBO_NUCLIDE_HO166, &custom));
	CALL(radioembo_product_set_half_life_h(custom, 26.824));
	CALL(radioembo_product_set_vial_sizes_gbq(custom, sizes_gbq + 1, 3));
	MAKE(copy, radioembo_product_copy(custom, &copy));
	digest_string(digest, radioembo_product_name(copy));
done:
	radioembo_product_free(custom);
	radioembo_product_free(copy);
	radioembo_product_free(product);
	return rc;
}

static int scenario_compartments(uint64_t *digest)
{
	radioembo_liver *liver = NULL, *liver_copy = NULL;
	radioembo_lung *lung = NULL, *lung_copy = NULL;
	radioembo_lesion *lesion = NULL, *lesion_copy = NULL;
	double value = 0.0;
	size_t count = 0;
	int rc;

	MAKE(lesion, radioembo_lesion_new("segment 8", 112.63, &lesion));
	CALL(radioembo_lesion_set_label(lesion, "segment 8, dome"));
	MAKE(lesion_copy, radioembo_lesion_copy(lesion, &lesion_copy));
	digest_string(digest, radioembo_lesion_label(lesion_copy));
	CALL(build_liver(&liver));
	CALL(radioembo_liver_add_lesion(liver, lesion_copy, NULL));
	MAKE(liver_copy, radioembo_liver_copy(liver, &liver_copy));
	CALL(radioembo_liver_lesion_count(liver_copy, &count));
	digest_size(digest, count);
	CALL(radioembo_liver_normal_volume_ml(liver_copy, &value));
	digest_double(digest, value);
	CALL(build_lung(&lung));
	MAKE(lung_copy, radioembo_lung_copy(lung, &lung_copy));
	CALL(radioembo_lung_add_prior_dose_gy(lung_copy, 7.913));
	CALL(radioembo_lung_prior_dose_total_gy(lung_copy, &value));
	digest_double(digest, value);
done:
	radioembo_lung_free(lung_copy);
	radioembo_lung_free(lung);
	radioembo_liver_free(liver_copy);
	radioembo_liver_free(liver);
	radioembo_lesion_free(lesion_copy);
	radioembo_lesion_free(lesion);
	return rc;
}

static int scenario_vials(uint64_t *digest)
{
	radioembo_product *product = NULL;
	radioembo_vial *vial = NULL, *copy = NULL;
	double value = 0.0, vial_gbq = 0.0;
	int rc;

	MAKE(product, radioembo_product_new_builtin("TheraSphere", &product));
	MAKE(vial, radioembo_vial_new(product, 5.137, 1795766400, &vial));
	MAKE(copy, radioembo_vial_copy(vial, &copy));
	CALL(radioembo_vial_activity_gbq(copy, 1795766400 + 250000, &value));
	digest_double(digest, value);
	CALL(radioembo_vial_order_gbq(product, 3.719, 1795766400 + 259200, 1795766400, &value,
				      &vial_gbq));
	digest_double(digest, value);
	digest_double(digest, vial_gbq);
done:
	radioembo_vial_free(copy);
	radioembo_vial_free(vial);
	radioembo_product_free(product);
	return rc;
}

static int scenario_radiobiology(uint64_t *digest)
{
	radioembo_radiobiology_params *params = NULL, *copy = NULL;
	double value = 0.0;
	int rc;

	MAKE(params, radioembo_radiobiology_params_new(RADIOEMBO_PRODUCT_KIND_RESIN, &params));
	CALL(radioembo_radiobiology_params_set_tumor_alpha_beta_gy(params, 9.73));
	MAKE(copy, radioembo_radiobiology_params_copy(params, &copy));
	CALL(radioembo_radiobiology_params_get_tumor_alpha_beta_gy(copy, &value));
	digest_double(digest, value);
done:
	radioembo_radiobiology_params_free(copy);
	radioembo_radiobiology_params_free(params);
	return rc;
}

static int scenario_eligibility(uint64_t *digest)
{
	radioembo_selection *selection = NULL, *copy = NULL;
	radioembo_eligibility *eligibility = NULL;
	radioembo_product *product = NULL;
	size_t i, count = 0;
	int rc;

	MAKE(selection, radioembo_selection_new(&selection));
	CALL(radioembo_selection_set_child_pugh(selection, RADIOEMBO_CHILD_PUGH_B, 7));
	CALL(radioembo_selection_set_ecog(selection, 2));
	CALL(radioembo_selection_set_bilirubin_mg_dl(selection, 2.37));
	CALL(radioembo_selection_set_albumin_g_dl(selection, 3.14));
	CALL(radioembo_selection_set_tumor_fraction(selection, 0.537));
	CALL(radioembo_selection_set_lsf(selection, 0.213));
	MAKE(copy, radioembo_selection_copy(selection, &copy));
	MAKE(product, radioembo_product_new_builtin("SIR-Spheres", &product));
	MAKE(eligibility, radioembo_eligibility_evaluate(copy, product, &eligibility));
	CALL(radioembo_eligibility_reason_count(eligibility, &count));
	for (i = 0; i < count; i++)
		digest_string(digest, radioembo_eligibility_reason_message(eligibility, i));
done:
	radioembo_eligibility_free(eligibility);
	radioembo_product_free(product);
	radioembo_selection_free(copy);
	radioembo_selection_free(selection);
	return rc;
}

/* Glass: max-safe, an over-limit activity (diagnostics), a copy, a vial with its assay. */
static int scenario_plan_glass(uint64_t *digest)
{
	radioembo_plan *plan = NULL, *copy = NULL;
	radioembo_result *result = NULL;
	radioembo_radiobiology_params *params = NULL;
	radioembo_vial *vial = NULL;
	int64_t calibration_s = 0;
	int rc;

	CALL(build_plan("TheraSphere", &plan));
	MAKE(params, radioembo_radiobiology_params_new(RADIOEMBO_PRODUCT_KIND_GLASS, &params));
	CALL(radioembo_plan_set_radiobiology(plan, params));
	MAKE(result, radioembo_plan_compute(plan, &result));
	digest_result(digest, result);
	radioembo_result_free(result);
	result = NULL;

	CALL(radioembo_plan_prescribe_activity_gbq(plan, 9.871));
	MAKE(copy, radioembo_plan_copy(plan, &copy));
	MAKE(result, radioembo_plan_compute(copy, &result));
	digest_result(digest, result);
	radioembo_result_free(result);
	result = NULL;

	CALL(radioembo_time_parse_iso8601("2026-11-22T12:00-05:00", &calibration_s));
	MAKE(vial, radioembo_vial_new(radioembo_plan_product(plan), 7.013, calibration_s, &vial));
	CALL(radioembo_plan_set_vial(plan, vial));
	CALL(radioembo_plan_set_vial_assay(plan, 6.512, calibration_s + 7200));
	CALL(radioembo_plan_prescribe_tumor_dose_gy(plan, 1, 213.7));
	MAKE(result, radioembo_plan_compute(plan, &result));
	digest_result(digest, result);
done:
	radioembo_result_free(result);
	radioembo_vial_free(vial);
	radioembo_radiobiology_params_free(params);
	radioembo_plan_free(copy);
	radioembo_plan_free(plan);
	return rc;
}

/* Resin (the BSA model) and Ho-166 on the whole liver. */
static int scenario_plan_resin_holmium(uint64_t *digest)
{
	radioembo_plan *plan = NULL;
	radioembo_result *result = NULL;
	int rc;

	CALL(build_plan("SIR-Spheres", &plan));
	MAKE(result, radioembo_plan_compute(plan, &result));
	digest_result(digest, result);
	radioembo_result_free(result);
	result = NULL;
	CALL(radioembo_plan_prescribe_perfused_dose_gy(plan, 118.3));
	MAKE(result, radioembo_plan_compute(plan, &result));
	digest_result(digest, result);
	radioembo_result_free(result);
	result = NULL;
	radioembo_plan_free(plan);
	plan = NULL;

	CALL(build_plan("QuiremSpheres", &plan));
	CALL(radioembo_plan_set_whole_liver(plan));
	MAKE(result, radioembo_plan_compute(plan, &result));
	digest_result(digest, result);
done:
	radioembo_result_free(result);
	radioembo_plan_free(plan);
	return rc;
}

static void digest_propagation(uint64_t *digest, const radioembo_propagation *p)
{
	double planned = 0, mean = 0, sd = 0, p05 = 0, p50 = 0, p95 = 0, probability = 0;
	int figure, risk;
	size_t lesion;

	for (figure = RADIOEMBO_FIGURE_DELIVERED_ACTIVITY; figure <= RADIOEMBO_FIGURE_LESION_DOSE;
	     figure++)
		for (lesion = 0; lesion < (figure == RADIOEMBO_FIGURE_LESION_DOSE ? 3u : 1u);
		     lesion++) {
			int rc = radioembo_propagation_get_summary(p, (radioembo_figure)figure,
								   lesion, &planned, &mean, &sd,
								   &p05, &p50, &p95);

			digest_double(digest, (double)rc);
			if (rc == RADIOEMBO_OK) {
				digest_double(digest, planned);
				digest_double(digest, mean);
				digest_double(digest, sd);
				digest_double(digest, p05);
				digest_double(digest, p50);
				digest_double(digest, p95);
			}
		}
	for (risk = RADIOEMBO_RISK_LUNG_SESSION_LIMIT; risk <= RADIOEMBO_RISK_TUMOR_UNDER_TARGET;
	     risk++)
		DIGEST_GET(digest, radioembo_propagation_get_probability(p, (radioembo_risk)risk, 0,
									 &probability),
			   probability);
}

static int scenario_uncertainty(uint64_t *digest)
{
	radioembo_plan *plan = NULL;
	radioembo_uncertainty *u = NULL, *copy = NULL;
	radioembo_propagation *p = NULL;
	int rc;

	CALL(build_plan("TheraSphere", &plan));
	MAKE(u, radioembo_uncertainty_new(&u));
	CALL(radioembo_uncertainty_set_generator(u, "mt19937"));
	CALL(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_ACTIVITY,
					     RADIOEMBO_DISTRIBUTION_NORMAL, 0.0513));
	CALL(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_LSF,
					     RADIOEMBO_DISTRIBUTION_UNIFORM, 0.0127));
	CALL(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_TNR,
					     RADIOEMBO_DISTRIBUTION_LOGNORMAL, 0.187));
	CALL(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_LESION_VOLUME,
					     RADIOEMBO_DISTRIBUTION_NORMAL, 0.093));
	MAKE(copy, radioembo_uncertainty_copy(u, &copy));
	MAKE(p, radioembo_plan_propagate_analytic(plan, RADIOEMBO_MODEL_PARTITION, copy, &p));
	digest_propagation(digest, p);
	radioembo_propagation_free(p);
	p = NULL;
	MAKE(p, radioembo_plan_propagate_monte_carlo(plan, RADIOEMBO_MODEL_PARTITION, copy,
						     UINT64_C(20261126), 257, &p));
	digest_propagation(digest, p);
	radioembo_propagation_free(p);
	p = NULL;
	MAKE(p, radioembo_plan_propagate_monte_carlo(plan, RADIOEMBO_MODEL_SINGLE_COMPARTMENT, u,
						     UINT64_C(7), 129, &p));
	digest_propagation(digest, p);
done:
	radioembo_propagation_free(p);
	radioembo_uncertainty_free(copy);
	radioembo_uncertainty_free(u);
	radioembo_plan_free(plan);
	return rc;
}

/*
 * text in a new temporary file, then blanks (JSON whitespace) up to length bytes, so that
 * the case reader's buffer has to grow while it reads. The path goes in path (size bytes).
 */
static int write_case_file(const char *text, size_t length, char *path, size_t size)
{
	const char *dir = getenv("TMPDIR");
	char blanks[4096];
	size_t written;
	FILE *file;
	int fd;

	snprintf(path, size, "%s/radioembo-faults-XXXXXX", dir != NULL ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return RADIOEMBO_EINTERNAL;
	if ((file = fdopen(fd, "wb")) == NULL) {
		close(fd);
		unlink(path);
		return RADIOEMBO_EINTERNAL;
	}
	memset(blanks, ' ', sizeof blanks);
	written = fwrite(text, 1, strlen(text), file);
	while (written < length)
		written += fwrite(
			blanks, 1,
			length - written < sizeof blanks ? length - written : sizeof blanks, file);
	if (fclose(file) != 0) {
		unlink(path);
		return RADIOEMBO_EINTERNAL;
	}
	return RADIOEMBO_OK;
}

/*
 * A case file read and computed into its report: the reader (from a file past the reader's
 * first 64 KiB, so that its buffer grows), the table and the JSON.
 */
static int scenario_case(uint64_t *digest)
{
	static const char text[] =
		"{\"schema_version\": 1, \"id\": \"faults\", \"product\": {\"name\": "
		"\"TheraSphere\", \"overrides\": {\"lung_dose_limit_session_gy\": 27.5}},"
		" \"liver\": {\"volume_ml\": 1683.4, \"density_g_per_ml\": 1.05},"
		" \"territories\": [{\"label\": \"right\", \"volume_ml\": 1021.7}],"
		" \"lesions\": [{\"label\": \"HCC-1\", \"volume_ml\": 112.6, \"tnr\": 3.719,"
		" \"territory\": \"right\"}], \"treated_territory\": \"right\","
		" \"lungs\": {\"lsf\": 0.0735, \"prior_doses_gy\": [4.25]},"
		" \"uncertainty\": {\"method\": \"analytic\", \"inputs\": {\"lsf\":"
		" {\"distribution\": \"uniform\", \"spread\": 0.0127}}}}";
	radioembo_case *c = NULL;
	radioembo_report *report = NULL;
	char path[4096];
	int rc;

	if ((rc = write_case_file(text, 150000, path, sizeof path)))
		return rc;
	MAKE(c, radioembo_case_new_from_file(path, &c));
	MAKE(report, radioembo_case_compute(c, &report));
	digest_string(digest, radioembo_report_json(report));
done:
	unlink(path);
	radioembo_report_free(report);
	radioembo_case_free(c);
	return rc;
}

/* ---- voxels ----------------------------------------------------------------------------- */

#define NX 13
#define NY 11
#define NZ 9
#define NV (NX * NY * NZ)

/* A smooth hot spot in a warm background, as a SPECT count map (>= 0). */
static void fill_counts(float *data)
{
	size_t x, y, z;

	for (z = 0; z < NZ; z++)
		for (y = 0; y < NY; y++)
			for (x = 0; x < NX; x++) {
				double r2 = (x - 6.3) * (x - 6.3) + (y - 4.7) * (y - 4.7) +
					    (z - 4.1) * (z - 4.1);

				data[x + NX * (y + NY * z)] =
					(float)(17.0 + 913.0 * exp(-r2 / 7.3) + 0.37 * (double)x);
			}
}

/* Labels: 1 liver (everything), 2 the tumour sphere, 0 a rim of air at x = 0. */
static void fill_labels(float *data)
{
	size_t x, y, z;

	for (z = 0; z < NZ; z++)
		for (y = 0; y < NY; y++)
			for (x = 0; x < NX; x++) {
				double r2 = (x - 6.3) * (x - 6.3) + (y - 4.7) * (y - 4.7) +
					    (z - 4.1) * (z - 4.1);

				data[x + NX * (y + NY * z)] = x == 0 ? 0.0f : r2 < 9.0 ? 2.0f : 1.0f;
			}
}

static void digest_volume(uint64_t *digest, const radioembo_volume *volume)
{
	const float *data = radioembo_volume_data(volume);
	double sum = 0.0;
	size_t i, count = 0;

	radioembo_volume_voxel_count(volume, &count);
	for (i = 0; i < count; i++) {
		*digest ^= (uint64_t)(data[i] * 1024.0f);
		*digest *= UINT64_C(1099511628211);
	}
	radioembo_volume_sum(volume, &sum);
	digest_double(digest, sum);
}

static int make_inputs(radioembo_volume **counts_out, radioembo_volume **labels_out)
{
	float data[NV];
	radioembo_volume *counts = NULL, *labels = NULL;
	int rc;

	fill_counts(data);
	MAKE(counts, radioembo_volume_new_from_data(data, NV, NX, NY, NZ, 4.42, 4.42, 4.97,
						    &counts));
	MAKE(labels, radioembo_volume_new(NX, NY, NZ, 4.42, 4.42, 4.97, &labels));
	fill_labels(data);
	CALL(radioembo_volume_set_data(labels, data, NV));
	*counts_out = counts;
	*labels_out = labels;
	counts = labels = NULL;
done:
	radioembo_volume_free(labels);
	radioembo_volume_free(counts);
	return rc;
}

static int scenario_volumes(uint64_t *digest)
{
	radioembo_volume *counts = NULL, *labels = NULL, *copy = NULL;
	int rc;

	CALL(make_inputs(&counts, &labels));
	MAKE(copy, radioembo_volume_copy(counts, &copy));
	CALL(radioembo_volume_accumulate(copy, labels, 2.5));
	digest_volume(digest, copy);
done:
	radioembo_volume_free(copy);
	radioembo_volume_free(labels);
	radioembo_volume_free(counts);
	return rc;
}

/* Activity (relative and absolute), density from CT, LDM dose, BED. */
static int scenario_voxel_maps(uint64_t *digest)
{
	radioembo_volume *counts = NULL, *labels = NULL, *activity = NULL, *absolute = NULL;
	radioembo_volume *density = NULL, *dose = NULL, *bed = NULL, *eqd2 = NULL, *split = NULL;
	double value = 0.0;
	int rc;

	CALL(make_inputs(&counts, &labels));
	MAKE(activity, radioembo_voxel_activity_relative(counts, labels, 3.137, 0.0713, &activity));
	digest_volume(digest, activity);
	MAKE(absolute, radioembo_voxel_activity_absolute(counts, 64.1, 21.7, &absolute));
	digest_volume(digest, absolute);
	/* the labels read as Hounsfield units: 0, 1, 2 HU, about water */
	MAKE(density, radioembo_voxel_density_from_ct(labels, &density));
	MAKE(dose, radioembo_voxel_dose_ldm(activity, density, NAN, 49.67, &dose));
	digest_volume(digest, dose);
	MAKE(split, radioembo_voxel_dose_ldm_threads(activity, density, NAN, 49.67, 3, &split));
	digest_volume(digest, split);
	MAKE(bed, radioembo_voxel_bed(dose, 2.5, 1.5, 64.1, &bed));
	digest_volume(digest, bed);
	MAKE(eqd2, radioembo_voxel_eqd2(dose, 2.5, 1.5, 64.1, &eqd2));
	digest_volume(digest, eqd2);
	CALL(radioembo_voxel_eubed_gy(dose, labels, 1, 0.0135, 10.0, 1.5, 64.1, &value));
	digest_double(digest, value);
done:
	radioembo_volume_free(split);
	radioembo_volume_free(eqd2);
	radioembo_volume_free(bed);
	radioembo_volume_free(dose);
	radioembo_volume_free(density);
	radioembo_volume_free(absolute);
	radioembo_volume_free(activity);
	radioembo_volume_free(labels);
	radioembo_volume_free(counts);
	return rc;
}

static int scenario_kernels(uint64_t *digest)
{
	/* a coarse made-up point kernel: shells of 1, 2, 3.5, 5 mm */
	static const double radius_mm[] = { 1.0, 2.0, 3.5, 5.0 };
	static const double energy_mev[] = { 0.413, 0.297, 0.161, 0.027 };
	radioembo_kernel *y90 = NULL, *dpk = NULL, *nuclide = NULL, *dense = NULL;
	double value = 0.0;
	int rc;

	MAKE(y90, radioembo_kernel_new_y90(4.42, 4.42, 4.97, 11.3, &y90));
	CALL(radioembo_kernel_energy_mev(y90, &value));
	digest_double(digest, value);
	MAKE(dpk, radioembo_kernel_new_from_dpk(radius_mm, energy_mev, 4, 2.1, 2.3, 2.7, 4.9, &dpk));
	CALL(radioembo_kernel_energy_mev(dpk, &value));
	digest_double(digest, value);
	MAKE(nuclide, radioembo_kernel_new_nuclide(RADIOEMBO_NUCLIDE_Y90, 4.42, 4.42, 4.97, 11.3,
						   &nuclide));
	CALL(radioembo_kernel_energy_mev(nuclide, &value));
	digest_double(digest, value);
	MAKE(dense, radioembo_kernel_new_nuclide_density(RADIOEMBO_NUCLIDE_Y90, 1.06, 4.42, 4.42,
							 4.97, 11.3, &dense));
	CALL(radioembo_kernel_energy_mev(dense, &value));
	digest_double(digest, value);
done:
	radioembo_kernel_free(dense);
	radioembo_kernel_free(nuclide);
	radioembo_kernel_free(dpk);
	radioembo_kernel_free(y90);
	return rc;
}

static int dose_by_kernel(radioembo_convolution method, size_t threads, uint64_t *digest,
			  radioembo_volume **dose_out)
{
	radioembo_volume *counts = NULL, *labels = NULL, *activity = NULL, *dose = NULL;
	radioembo_kernel *kernel = NULL;
	int rc;

	CALL(make_inputs(&counts, &labels));
	MAKE(activity, radioembo_voxel_activity_relative(counts, labels, 3.137, 0.0713, &activity));
	MAKE(kernel, radioembo_kernel_new_nuclide_density(RADIOEMBO_NUCLIDE_Y90, 1.047, 4.42, 4.42,
							  4.97, 11.3, &kernel));
	MAKE(dose, radioembo_voxel_dose_kernel_threads(activity, kernel, 64.1, NULL, 1.047, method,
						       threads, &dose));
	digest_volume(digest, dose);
	*dose_out = dose;
	dose = NULL;
done:
	radioembo_volume_free(dose);
	radioembo_kernel_free(kernel);
	radioembo_volume_free(activity);
	radioembo_volume_free(labels);
	radioembo_volume_free(counts);
	return rc;
}

static int scenario_convolution(uint64_t *digest)
{
	radioembo_volume *fft = NULL, *direct = NULL, *automatic = NULL;
	int rc;

	CALL(dose_by_kernel(RADIOEMBO_CONVOLUTION_FFT, 1, digest, &fft));
	CALL(dose_by_kernel(RADIOEMBO_CONVOLUTION_DIRECT, 1, digest, &direct));
	CALL(dose_by_kernel(RADIOEMBO_CONVOLUTION_AUTO, 1, digest, &automatic));
	/* on threads of its own, inside the caller's: the same maps */
	radioembo_volume_free(fft);
	radioembo_volume_free(direct);
	fft = direct = NULL;
	CALL(dose_by_kernel(RADIOEMBO_CONVOLUTION_FFT, 3, digest, &fft));
	CALL(dose_by_kernel(RADIOEMBO_CONVOLUTION_DIRECT, 2, digest, &direct));
done:
	radioembo_volume_free(automatic);
	radioembo_volume_free(direct);
	radioembo_volume_free(fft);
	return rc;
}

/* DVHs of the FFT dose, and the comparisons of the FFT and direct doses. */
static int scenario_dvh_compare(uint64_t *digest)
{
	radioembo_volume *counts = NULL, *labels = NULL, *fft = NULL, *direct = NULL;
	radioembo_volume *gamma = NULL, *activity = NULL;
	radioembo_dvh *dvh = NULL;
	double dose[512], fraction[512], value = 0.0, pass = 0.0;
	size_t bins = 0;
	int label, rc;

	CALL(make_inputs(&counts, &labels));
	CALL(dose_by_kernel(RADIOEMBO_CONVOLUTION_FFT, 1, digest, &fft));
	CALL(dose_by_kernel(RADIOEMBO_CONVOLUTION_DIRECT, 1, digest, &direct));
	for (label = 1; label <= 2; label++) {
		MAKE(dvh, radioembo_dvh_new(fft, labels, label, NULL, 1.047, 31.7, &dvh));
		CALL(radioembo_dvh_mean_gy(dvh, &value));
		digest_double(digest, value);
		CALL(radioembo_dvh_dose_at_volume_gy(dvh, 0.9, &value));
		digest_double(digest, value);
		CALL(radioembo_dvh_bin_count(dvh, &bins));
		digest_size(digest, bins);
		if (bins >= 1 && bins <= 512) {
			CALL(radioembo_dvh_get_curve(dvh, dose, fraction, bins));
			digest_double(digest, dose[bins - 1]);
			digest_double(digest, fraction[bins / 2]);
		}
		CALL(radioembo_dvh_geud_gy(dvh, -9.7, &value));
		digest_double(digest, value);
		CALL(radioembo_dvh_eud_survival_gy(dvh, 0.0053, &value));
		digest_double(digest, value);
		radioembo_dvh_free(dvh);
		dvh = NULL;
		MAKE(dvh, radioembo_dvh_new_binned(fft, labels, label, NULL, 1.047, 0.25, 1000,
						   &dvh));
		CALL(radioembo_dvh_dose_at_volume_gy(dvh, 0.9, &value));
		digest_double(digest, value);
		radioembo_dvh_free(dvh);
		dvh = NULL;
	}
	MAKE(gamma, radioembo_voxel_gamma(fft, direct, 0.03, 4.5, 0.1, &gamma, &pass));
	digest_double(digest, pass);
	digest_volume(digest, gamma);
	CALL(radioembo_voxel_isodose_dice(fft, direct, 50.0, &value));
	digest_double(digest, value);
	MAKE(activity, radioembo_voxel_activity_absolute(counts, 64.1, 3.3, &activity));
	CALL(radioembo_voxel_fraction_outside(activity, labels, &value));
	digest_double(digest, value);
done:
	radioembo_dvh_free(dvh);
	radioembo_volume_free(activity);
	radioembo_volume_free(gamma);
	radioembo_volume_free(direct);
	radioembo_volume_free(fft);
	radioembo_volume_free(labels);
	radioembo_volume_free(counts);
	return rc;
}

int shared_objects_new(radioembo_plan **plan_out, radioembo_uncertainty **uncertainty_out)
{
	radioembo_plan *plan = NULL;
	radioembo_uncertainty *u = NULL;
	int rc;

	CALL(build_plan("TheraSphere", &plan));
	MAKE(u, radioembo_uncertainty_new(&u));
	CALL(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_ACTIVITY,
					     RADIOEMBO_DISTRIBUTION_NORMAL, 0.0513));
	CALL(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_TNR,
					     RADIOEMBO_DISTRIBUTION_LOGNORMAL, 0.231));
	*plan_out = plan;
	*uncertainty_out = u;
	plan = NULL;
	u = NULL;
done:
	radioembo_uncertainty_free(u);
	radioembo_plan_free(plan);
	return rc;
}

int shared_objects_read(const radioembo_plan *plan, const radioembo_uncertainty *uncertainty,
			uint64_t *digest)
{
	radioembo_result *result = NULL;
	radioembo_propagation *p = NULL;
	int rc;

	MAKE(result, radioembo_plan_compute(plan, &result));
	digest_result(digest, result);
	MAKE(p, radioembo_plan_propagate_analytic(plan, RADIOEMBO_MODEL_PARTITION, uncertainty,
						  &p));
	digest_propagation(digest, p);
	radioembo_propagation_free(p);
	p = NULL;
	MAKE(p, radioembo_plan_propagate_monte_carlo(plan, RADIOEMBO_MODEL_PARTITION, uncertainty,
						     UINT64_C(20261126), 2000, &p));
	digest_propagation(digest, p);
done:
	radioembo_propagation_free(p);
	radioembo_result_free(result);
	return rc;
}

const struct scenario scenarios[] = {
	{"products", scenario_products},
	{"compartments", scenario_compartments},
	{"vials", scenario_vials},
	{"radiobiology", scenario_radiobiology},
	{"eligibility", scenario_eligibility},
	{"plan_glass", scenario_plan_glass},
	{"plan_resin_holmium", scenario_plan_resin_holmium},
	{"uncertainty", scenario_uncertainty},
	{"case", scenario_case},
	{"volumes", scenario_volumes},
	{"voxel_maps", scenario_voxel_maps},
	{"kernels", scenario_kernels},
	{"convolution", scenario_convolution},
	{"dvh_compare", scenario_dvh_compare},
};
const size_t scenario_count = sizeof scenarios / sizeof scenarios[0];

const struct scenario *scenario_find(const char *name)
{
	size_t i;

	for (i = 0; i < scenario_count; i++)
		if (strcmp(scenarios[i].name, name) == 0)
			return &scenarios[i];
	return NULL;
}
