/*
 * The hostile-input suite: every public function, described by the generated
 * table of hostile_calls.c, is called once with valid arguments (its baseline, which must
 * succeed) and then with one parameter at a time replaced by each hostile value of its
 * type: NaN, +-Inf, -0, 0, negative, +-1e308 and a denormal for doubles (and the float
 * equivalents for voxel data), the extremes of every integer type, out-of-range enums,
 * NULL for every pointer, empty and over-long strings, 0 and SIZE_MAX (and a size whose
 * byte count wraps) for lengths.  Each call must
 *
 *   - return 0 or a status its man page documents in ERRORS,
 *   - on error: leave every output as it was (outputs are pre-filled with a byte pattern
 *     and sized exactly, so an overrun is also caught by ASan/valgrind) and set a
 *     non-empty error message for this call (a marker message is planted before it);
 *     a NULL or NaN argument refused with RADIOEMBO_EINVAL must be the one that
 *     radioembo_last_error_parameter() names (an array, for a NaN element),
 *   - return NULL for a NULL object when it returns a string or a borrowed object,
 *   - on success: not have accepted NaN, an infinity or a NULL pointer unless the man page
 *     documents it, give finite double outputs and a new object where one is promised,
 *   - raise no GSL error, crash nothing, leak nothing (valgrind, ASan).
 *
 * An object that accepted a hostile value (a setter's 0, 1e308, denormal, ...) is then
 * used: read by every function that reads its type and planned with (follow-up calls),
 * where statuses must again be documented and figures finite. So are objects as bare as
 * their constructors leave them.
 *
 * TAP: one test per function; the total number of calls is printed at the end.
 * HOSTILE_TRACE=1 prints every call before it is made (to find a crash or a hang);
 * HOSTILE_ONLY=radioembo_x runs only that function.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "hostile.h"

#define T0 INT64_C(1764150000) /* the same instant as gen_hostile.py */
#define PATTERN 0xA5
#define MAX_NOTES 12

/* ---- fixtures -------------------------------------------------------------------------- */

#define FX_MAX 64
struct fx {
	void *ptr[FX_MAX];
	void (*free[FX_MAX])(void *);
	int n;
	char failure[256]; /* a fixture that could not be built */
};

size_t hx_dvh_bins;

const char hx_case_json[] =
	"{\"schema_version\": 1, \"product\": \"TheraSphere\","
	" \"liver\": {\"volume_ml\": 1683.4, \"density_g_per_ml\": 1.05},"
	" \"lesions\": [{\"label\": \"HCC-1\", \"volume_ml\": 112.6, \"tnr\": 3.719}],"
	" \"lungs\": {\"lsf\": 0.0735},"
	" \"uncertainty\": {\"method\": \"analytic\", \"samples\": 32,"
	" \"inputs\": {\"activity\": {\"distribution\": \"normal\", \"spread\": 0.05}}}}";

const size_t hx_case_json_length = sizeof hx_case_json - 1;

static char case_path[64];

static void remove_case_file(void)
{
	remove(case_path);
}

const char *hx_case_path(void)
{
	int fd;

	if (case_path[0] != '\0')
		return case_path;
	snprintf(case_path, sizeof case_path, "/tmp/hostile-case-XXXXXX");
	if ((fd = mkstemp(case_path)) < 0 || write(fd, hx_case_json, sizeof hx_case_json - 1) !=
						     (ssize_t)(sizeof hx_case_json - 1)) {
		fprintf(stderr, "hostile: cannot write the case file\n");
		exit(1);
	}
	close(fd);
	atexit(remove_case_file);
	return case_path;
}

static void fx_keep(struct fx *fx, void *p, void (*fr)(void *))
{
	if (fx->n == FX_MAX) {
		fprintf(stderr, "hostile: too many fixtures\n");
		exit(2);
	}
	fx->ptr[fx->n] = p;
	fx->free[fx->n++] = fr;
}

static void fx_forget(struct fx *fx, const void *p)
{
	for (int i = 0; i < fx->n; i++)
		if (fx->ptr[i] == p)
			fx->ptr[i] = NULL;
}

static void fx_release(struct fx *fx)
{
	for (int i = fx->n - 1; i >= 0; i--)
		if (fx->ptr[i])
			fx->free[i](fx->ptr[i]);
	fx->n = 0;
}

static void fail_fixture(struct fx *fx, const char *what, int rc)
{
	if (!fx->failure[0])
		snprintf(fx->failure, sizeof fx->failure, "fixture %s failed: %d (%s)", what, rc,
			 radioembo_last_error_message());
}

#define FX_TRY(fx, what, call)                          \
	do {                                            \
		int rc_ = (call);                       \
		if (rc_) {                              \
			fail_fixture((fx), (what), rc_); \
			goto fail;                      \
		}                                       \
	} while (0)

double *fx_doubles(struct fx *fx, size_t n, const double *values)
{
	double *p = malloc(n * sizeof *p);
	if (!p)
		exit(2);
	memcpy(p, values, n * sizeof *p);
	fx_keep(fx, p, free);
	return p;
}

float *fx_floats(struct fx *fx, size_t n)
{
	float *p = malloc(n * sizeof *p);
	if (!p)
		exit(2);
	for (size_t i = 0; i < n; i++)
		p[i] = 1.0f + 0.25f * (float)(i % 7);
	fx_keep(fx, p, free);
	return p;
}

static void free_product(void *p) { radioembo_product_free(p); }
static void free_lung(void *p) { radioembo_lung_free(p); }
static void free_lesion(void *p) { radioembo_lesion_free(p); }
static void free_liver(void *p) { radioembo_liver_free(p); }
static void free_vial(void *p) { radioembo_vial_free(p); }
static void free_params(void *p) { radioembo_radiobiology_params_free(p); }
static void free_result(void *p) { radioembo_result_free(p); }
static void free_plan(void *p) { radioembo_plan_free(p); }
static void free_case(void *p)
{
	radioembo_case_free(p);
}
static void free_report(void *p)
{
	radioembo_report_free(p);
}
static void free_uncertainty(void *p) { radioembo_uncertainty_free(p); }
static void free_propagation(void *p) { radioembo_propagation_free(p); }
static void free_volume(void *p) { radioembo_volume_free(p); }
static void free_kernel(void *p) { radioembo_kernel_free(p); }
static void free_dvh(void *p) { radioembo_dvh_free(p); }
static void free_selection(void *p) { radioembo_selection_free(p); }
static void free_eligibility(void *p) { radioembo_eligibility_free(p); }

/* The builders return a new object (or NULL after recording why): the intermediate objects
 * they need are kept by fx too, so that nothing leaks on a failure. */
static void *make(struct fx *fx, const char *type, const char *param);

static void *make_lesion(struct fx *fx)
{
	radioembo_lesion *lesion = NULL;
	FX_TRY(fx, "lesion", radioembo_lesion_new("segment 8", 112.6, &lesion));
	fx_keep(fx, lesion, free_lesion);
	FX_TRY(fx, "lesion tnr", radioembo_lesion_set_tnr(lesion, 3.719));
	FX_TRY(fx, "lesion density", radioembo_lesion_set_density_g_per_ml(lesion, 1.05));
	FX_TRY(fx, "lesion target", radioembo_lesion_set_target_dose_gy(lesion, 150.0));
	return lesion;
fail:
	radioembo_lesion_free(lesion);
	return NULL;
}

static void *make_liver(struct fx *fx)
{
	radioembo_liver *liver = NULL;
	radioembo_lesion *lesion = make_lesion(fx);
	size_t index;
	if (!lesion)
		return NULL;
	FX_TRY(fx, "liver", radioembo_liver_new(1683.4, 1.047, &liver));
	fx_keep(fx, liver, free_liver);
	FX_TRY(fx, "liver lesion", radioembo_liver_add_lesion(liver, lesion, &index));
	FX_TRY(fx, "liver territory",
	       radioembo_liver_add_territory(liver, "right lobe", 1021.7, &index));
	FX_TRY(fx, "liver assign", radioembo_liver_assign_lesion(liver, 0, 0));
	return liver;
fail:
	return NULL;
}

static void *make_lung(struct fx *fx)
{
	radioembo_lung *lung = NULL;
	FX_TRY(fx, "lung", radioembo_lung_new(&lung));
	fx_keep(fx, lung, free_lung);
	FX_TRY(fx, "lung lsf", radioembo_lung_set_lsf(lung, 0.0735));
	FX_TRY(fx, "lung prior dose", radioembo_lung_add_prior_dose_gy(lung, 12.37));
	return lung;
fail:
	return NULL;
}

/* TheraSphere with the fields the catalogue leaves unset given values, so that every
 * getter's baseline succeeds; "resin": SIR-Spheres as it comes */
static void *make_product(struct fx *fx, const char *variant)
{
	radioembo_product *product = NULL;
	if (!strcmp(variant, "resin")) {
		FX_TRY(fx, "product", radioembo_product_new_builtin("SIR-Spheres", &product));
		fx_keep(fx, product, free_product);
		return product;
	}
	FX_TRY(fx, "product", radioembo_product_new_builtin("TheraSphere", &product));
	fx_keep(fx, product, free_product);
	FX_TRY(fx, "product tolerance", radioembo_product_set_label_tolerance(product, 0.1));
	FX_TRY(fx, "product perfused limit",
	       radioembo_product_set_normal_perfused_dose_limit_gy(product, 150.0));
	FX_TRY(fx, "product whole-liver target",
	       radioembo_product_set_whole_liver_dose_target_gy(product, 120.0));
	return product;
fail:
	return NULL;
}

static void *make_vial(struct fx *fx, const radioembo_product *product, double gbq)
{
	radioembo_vial *vial = NULL;
	FX_TRY(fx, "vial", radioembo_vial_new(product, gbq, T0, &vial));
	fx_keep(fx, vial, free_vial);
	FX_TRY(fx, "vial volume", radioembo_vial_set_volume_ml(vial, 0.6));
	return vial;
fail:
	return NULL;
}

/* A lobar plan at the maximum safe activity, the vial to be ordered; "vial": with a 15 GBq
 * vial at hand instead; "resin": SIR-Spheres with the patient's size (BSA method);
 * "overdosed": 40 GBq, every limit violated */
static void *make_plan(struct fx *fx, const char *variant)
{
	radioembo_plan *plan = NULL;
	void *product = make_product(fx, variant), *liver = make_liver(fx), *lung = make_lung(fx);
	void *vial = product && !strcmp(variant, "vial") ? make_vial(fx, product, 15.0) : NULL;
	if (!product || !liver || !lung || (!vial && !strcmp(variant, "vial")))
		return NULL;
	FX_TRY(fx, "plan", radioembo_plan_new(product, liver, lung, &plan));
	fx_keep(fx, plan, free_plan);
	FX_TRY(fx, "plan territory", radioembo_plan_set_territory(plan, 0));
	if (!strcmp(variant, "overdosed"))
		FX_TRY(fx, "plan activity", radioembo_plan_prescribe_activity_gbq(plan, 40.0));
	else
		FX_TRY(fx, "plan max safe", radioembo_plan_prescribe_max_safe(plan));
	if (!strcmp(variant, "resin"))
		FX_TRY(fx, "plan patient", radioembo_plan_set_patient_size(plan, 172.5, 71.3));
	FX_TRY(fx, "plan calibration", radioembo_plan_set_calibration_s(plan, T0));
	FX_TRY(fx, "plan treatment", radioembo_plan_set_treatment_s(plan, T0 + 86400));
	if (vial)
		FX_TRY(fx, "plan vial", radioembo_plan_set_vial(plan, vial));
	return plan;
fail:
	return NULL;
}

static float *volume_values(const char *param, float *data)
{
	for (int z = 0; z < 4; z++)
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 4; x++) {
				int i = x + 4 * (y + 4 * z);
				int inner = x > 0 && x < 3 && y > 0 && y < 3;
				if (!strcmp(param, "labels") || !strcmp(param, "mask"))
					data[i] = inner ? 1.0f : 0.0f;
				else if (!strcmp(param, "lung_voi")) /* the top slice */
					data[i] = z == 3 ? 1.0f : 0.0f;
				else if (!strcmp(param, "liver_voi")) /* the core below it */
					data[i] = inner && z < 3 ? 1.0f : 0.0f;
				else if (!strcmp(param, "hounsfield"))
					data[i] = -40.0f + 7.5f * (float)(i % 11);
				else if (!strcmp(param, "density_g_per_ml"))
					data[i] = 1.0f + 0.01f * (float)(i % 5);
				else
					data[i] = inner ? 2.0f + 0.125f * (float)(i % 9)
							: 0.5f + 0.0625f * (float)(i % 3);
			}
	return data;
}

static void *make_volume(struct fx *fx, const char *param)
{
	float data[64];
	radioembo_volume *volume = NULL;
	FX_TRY(fx, "volume", radioembo_volume_new_from_data(volume_values(param, data), 64, 4, 4,
							      4, 4.0, 4.0, 4.0, &volume));
	fx_keep(fx, volume, free_volume);
	return volume;
fail:
	return NULL;
}

static void *make(struct fx *fx, const char *type, const char *param)
{
	if (!strcmp(type, "radioembo_product"))
		return make_product(fx, param);
	if (!strcmp(type, "radioembo_lung"))
		return make_lung(fx);
	if (!strcmp(type, "radioembo_lesion"))
		return make_lesion(fx);
	if (!strcmp(type, "radioembo_liver"))
		return make_liver(fx);
	if (!strcmp(type, "radioembo_plan"))
		return make_plan(fx, param);
	if (!strcmp(type, "radioembo_volume"))
		return make_volume(fx, param);
	if (!strcmp(type, "radioembo_vial")) {
		void *product = make_product(fx, param);
		return product ? make_vial(fx, product, 5.0) : NULL;
	}
	if (!strcmp(type, "radioembo_radiobiology_params")) {
		radioembo_radiobiology_params *params = NULL;
		FX_TRY(fx, "radiobiology",
		       radioembo_radiobiology_params_new(RADIOEMBO_PRODUCT_KIND_GLASS, &params));
		fx_keep(fx, params, free_params);
		FX_TRY(fx, "alpha", radioembo_radiobiology_params_set_tumor_alpha_per_gy(params, 0.0035));
		FX_TRY(fx, "clonogens", radioembo_radiobiology_params_set_tumor_clonogens(params, 1e7));
		FX_TRY(fx, "ntcp m", radioembo_radiobiology_params_set_liver_ntcp_m(params, 0.15));
		FX_TRY(fx, "ntcp n", radioembo_radiobiology_params_set_liver_ntcp_n(params, 0.97));
		FX_TRY(fx, "gamma50",
		       radioembo_radiobiology_params_set_tumor_tcp_gamma50(params, 2.1));
		return params;
	}
	if (!strcmp(type, "radioembo_result")) {
		radioembo_result *result = NULL;
		void *plan = make_plan(fx, param);
		if (!plan)
			return NULL;
		FX_TRY(fx, "result", radioembo_plan_compute(plan, &result));
		fx_keep(fx, result, free_result);
		return result;
	}
	if (!strcmp(type, "radioembo_uncertainty")) {
		radioembo_uncertainty *u = NULL;
		FX_TRY(fx, "uncertainty", radioembo_uncertainty_new(&u));
		fx_keep(fx, u, free_uncertainty);
		FX_TRY(fx, "uncertainty activity",
		       radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_ACTIVITY,
						       RADIOEMBO_DISTRIBUTION_NORMAL, 0.05));
		FX_TRY(fx, "uncertainty lsf",
		       radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_LSF,
						       RADIOEMBO_DISTRIBUTION_LOGNORMAL, 0.1));
		return u;
	}
	if (!strcmp(type, "radioembo_propagation")) {
		radioembo_propagation *prop = NULL;
		void *plan = make_plan(fx, ""), *u = make(fx, "radioembo_uncertainty", "");
		if (!plan || !u)
			return NULL;
		FX_TRY(fx, "propagation",
		       radioembo_plan_propagate_analytic(plan, RADIOEMBO_MODEL_PARTITION, u, &prop));
		fx_keep(fx, prop, free_propagation);
		return prop;
	}
	if (!strcmp(type, "radioembo_kernel")) {
		/* range-scaled to the density of the activity and density fixtures together */
		radioembo_kernel *kernel = NULL;
		void *activity = make_volume(fx, "activity_gbq"),
		     *density = make_volume(fx, "density_g_per_ml");
		double rho = 0.0;
		if (!activity || !density)
			return NULL;
		FX_TRY(fx, "kernel density",
		       radioembo_voxel_kernel_density_g_per_ml(activity, density, 1.0, &rho));
		FX_TRY(fx, "kernel",
		       radioembo_kernel_new_nuclide_density(RADIOEMBO_NUCLIDE_Y90, rho, 4.0, 4.0,
							    4.0, 9.0, &kernel));
		fx_keep(fx, kernel, free_kernel);
		return kernel;
	}
	if (!strcmp(type, "radioembo_dvh")) {
		radioembo_dvh *dvh = NULL;
		void *dose = make_volume(fx, "dose_gy"), *labels = make_volume(fx, "labels");
		if (!dose || !labels)
			return NULL;
		FX_TRY(fx, "dvh", radioembo_dvh_new(dose, labels, 1, NULL, 1.05, 0.25, &dvh));
		fx_keep(fx, dvh, free_dvh);
		FX_TRY(fx, "dvh bins", radioembo_dvh_bin_count(dvh, &hx_dvh_bins));
		return dvh;
	}
	if (!strcmp(type, "radioembo_selection")) {
		radioembo_selection *s = NULL;
		FX_TRY(fx, "selection", radioembo_selection_new(&s));
		fx_keep(fx, s, free_selection);
		FX_TRY(fx, "selection child-pugh",
		       radioembo_selection_set_child_pugh(s, RADIOEMBO_CHILD_PUGH_A, 5));
		FX_TRY(fx, "selection ecog", radioembo_selection_set_ecog(s, 1));
		FX_TRY(fx, "selection bilirubin", radioembo_selection_set_bilirubin_mg_dl(s, 0.87));
		FX_TRY(fx, "selection lsf", radioembo_selection_set_lsf(s, 0.0735));
		return s;
	}
	if (!strcmp(type, "radioembo_eligibility")) {
		radioembo_eligibility *e = NULL;
		void *s = make(fx, "radioembo_selection", ""), *product = make_product(fx, "");
		if (!s || !product)
			return NULL;
		FX_TRY(fx, "eligibility", radioembo_eligibility_evaluate(s, product, &e));
		fx_keep(fx, e, free_eligibility);
		return e;
	}
	if (!strcmp(type, "radioembo_case")) {
		radioembo_case *c = NULL;
		FX_TRY(fx, "case",
		       radioembo_case_new_from_json(HX_CASE_JSON, HX_CASE_JSON_LENGTH, &c));
		fx_keep(fx, c, free_case);
		return c;
	}
	if (!strcmp(type, "radioembo_report")) {
		radioembo_report *report = NULL;
		void *c = make(fx, "radioembo_case", "");
		if (!c)
			return NULL;
		FX_TRY(fx, "report", radioembo_case_compute(c, &report));
		fx_keep(fx, report, free_report);
		return report;
	}
	snprintf(fx->failure, sizeof fx->failure, "no fixture for %s", type);
fail:
	return NULL;
}

void *fx_object(struct fx *fx, const char *type, const char *param)
{
	return make(fx, type, param);
}

/* ---- hostile values -------------------------------------------------------------------- */

static const double hostile_doubles[] = { NAN,	 INFINITY, -INFINITY, -0.0,	 0.0,
					  -2.385, 1e308,   -1e308,    4.9e-324 };
static const char *const double_names[] = { "NaN",   "+Inf",  "-Inf",   "-0",	 "0",
					    "-2.385", "1e308", "-1e308", "denormal 4.9e-324" };
static const float hostile_floats[] = { NAN,	 INFINITY, -INFINITY, -0.0f,	   0.0f,
					-2.385f, FLT_MAX,  -FLT_MAX,  FLT_TRUE_MIN };
static const char *const float_names[] = { "NaN",    "+Inf",	"-Inf",	   "-0",	  "0",
					   "-2.385", "FLT_MAX", "-FLT_MAX", "denormal FLT_TRUE_MIN" };
static const int hostile_ints[] = { 0, -1, INT_MIN, INT_MAX };
static const int hostile_enums[] = { 0, -1, 1000, INT_MAX, INT_MIN };
/* (no large-but-possible size such as 2^31: a Monte Carlo of 2^31 samples is a request
 * the library honours, for minutes and gigabytes) */
static const size_t hostile_sizes[] = { 0, 1, SIZE_MAX, SIZE_MAX / 8 + 1 };
/* Array lengths: a length larger than the array but possible (2^31) is the caller's error
 * that no library can see; SIZE_MAX and 2^61 (whose byte count wraps) are not lengths */
static const size_t hostile_lengths[] = { 0, 1, SIZE_MAX, SIZE_MAX / 8 + 1 };
/* and the instants just outside the years 0000 to 9999 */
static const int64_t hostile_int64s[] = { 0,	     -1,		   INT64_MIN,
					  INT64_MAX, INT64_C(253402300800), INT64_C(-62167219201) };
static const uint64_t hostile_uint64s[] = { 0, UINT64_MAX };
#define LONG_STRING_LEN 70000
static char long_string[LONG_STRING_LEN + 1];
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* What the variant did, for the checks and the messages */
struct variant {
	int param; /* -1: the baseline */
	char what[96];
	int nan, inf, null, ok_if_null, ok_if_inf, ignored;
};

/*
 * Replaces argument i by its k-th hostile value. Returns 0 when there is no k-th value.
 */
static int apply(const struct hparam *p, int k, union harg *a, int i, struct variant *v)
{
	v->param = i;
	v->ok_if_null = (p->flags & HF_NULL_OK) != 0;
	v->ok_if_inf = (p->flags & HF_INF_OK) != 0;
	v->ignored = (p->flags & HF_IGNORED) != 0;
	switch (p->role) {
	case HR_IN:
		switch (p->kind) {
		case HK_DOUBLE:
			if (k >= (int)COUNT(hostile_doubles))
				return 0;
			a[i].d = hostile_doubles[k];
			v->nan = isnan(a[i].d);
			v->inf = isinf(a[i].d);
			snprintf(v->what, sizeof v->what, "%s", double_names[k]);
			return 1;
		case HK_INT:
			if (k >= (int)COUNT(hostile_ints))
				return 0;
			a[i].i = hostile_ints[k];
			snprintf(v->what, sizeof v->what, "%d", a[i].i);
			return 1;
		case HK_ENUM:
			if (k >= (int)COUNT(hostile_enums))
				return 0;
			a[i].i = hostile_enums[k];
			snprintf(v->what, sizeof v->what, "%d", a[i].i);
			return 1;
		case HK_SIZE:
			if (k >= (int)COUNT(hostile_sizes))
				return 0;
			a[i].z = hostile_sizes[k];
			snprintf(v->what, sizeof v->what, "%zu", a[i].z);
			return 1;
		case HK_INT64:
			if (k >= (int)COUNT(hostile_int64s))
				return 0;
			a[i].l = hostile_int64s[k];
			snprintf(v->what, sizeof v->what, "%lld", (long long)a[i].l);
			return 1;
		case HK_UINT64:
			if (k >= (int)COUNT(hostile_uint64s))
				return 0;
			a[i].u = hostile_uint64s[k];
			snprintf(v->what, sizeof v->what, "%llu", (unsigned long long)a[i].u);
			return 1;
		case HK_STRING:
			if (k > 2)
				return 0;
			a[i].s = k == 0 ? NULL : k == 1 ? "" : long_string;
			v->null = k == 0;
			snprintf(v->what, sizeof v->what, "%s",
				 k == 0 ? "NULL" : k == 1 ? "\"\"" : "a 70000-byte string");
			return 1;
		case HK_HANDLE:
			if (k > 0)
				return 0;
			a[i].p = NULL;
			v->null = 1;
			snprintf(v->what, sizeof v->what, "NULL");
			return 1;
		default:
			return 0;
		}
	case HR_LEN:
		if (k >= (int)COUNT(hostile_lengths))
			return 0;
		a[i].z = hostile_lengths[k];
		snprintf(v->what, sizeof v->what, "%zu", a[i].z);
		return 1;
	case HR_CAP:
	case HR_TEXT_SIZE:
		if (k > 2)
			return 0;
		a[i].z = k == 0 ? 0 : k == 1 ? 1 : SIZE_MAX;
		snprintf(v->what, sizeof v->what, "%zu", a[i].z);
		return 1;
	case HR_IN_ARRAY:
		if (k == 0) {
			a[i].p = NULL;
			v->null = 1;
			snprintf(v->what, sizeof v->what, "NULL");
			return 1;
		}
		if (k > 2 * (int)COUNT(hostile_doubles))
			return 0;
		{
			/* values 1..9 go to the first element, 10..18 to the last */
			int last = k > (int)COUNT(hostile_doubles);
			int m = (k - 1) % (int)COUNT(hostile_doubles);
			size_t at = last ? a[p->link].z - 1 : 0;
			if (p->kind == HK_FLOAT) {
				((float *)a[i].p)[at] = hostile_floats[m];
				v->nan = isnan(hostile_floats[m]);
				v->inf = isinf(hostile_floats[m]);
				snprintf(v->what, sizeof v->what, "[%zu] = %s", at, float_names[m]);
			} else {
				((double *)a[i].p)[at] = hostile_doubles[m];
				v->nan = isnan(hostile_doubles[m]);
				v->inf = isinf(hostile_doubles[m]);
				snprintf(v->what, sizeof v->what, "[%zu] = %s", at, double_names[m]);
			}
		}
		return 1;
	default: /* every output */
		if (k > 0)
			return 0;
		a[i].p = NULL;
		v->null = 1;
		snprintf(v->what, sizeof v->what, "NULL");
		return 1;
	}
}

/* How many hostile values apply() has for a parameter */
static int hostile_count(const struct hparam *p)
{
	switch (p->role) {
	case HR_IN:
		switch (p->kind) {
		case HK_DOUBLE:
			return (int)COUNT(hostile_doubles);
		case HK_INT:
			return (int)COUNT(hostile_ints);
		case HK_ENUM:
			return (int)COUNT(hostile_enums);
		case HK_SIZE:
			return (int)COUNT(hostile_sizes);
		case HK_INT64:
			return (int)COUNT(hostile_int64s);
		case HK_UINT64:
			return (int)COUNT(hostile_uint64s);
		case HK_STRING:
			return 3;
		case HK_HANDLE:
			return 1;
		default:
			return 0;
		}
	case HR_LEN:
		return (int)COUNT(hostile_lengths);
	case HR_CAP:
	case HR_TEXT_SIZE:
		return 3;
	case HR_IN_ARRAY:
		return 1 + 2 * (int)COUNT(hostile_doubles);
	default:
		return 1;
	}
}

/* ---- the checks ---------------------------------------------------------------------------- */

static const char *current_call = "(none)";
static char current_text[512];
static int gsl_errors;
static unsigned long calls;

static void gsl_counter(const char *reason, const char *file, int line, int gsl_errno)
{
	(void)reason;
	(void)file;
	(void)line;
	(void)gsl_errno;
	gsl_errors++;
}

static void on_fatal(int sig)
{
	static const char head[] = "\n# hostile: fatal signal during ";
	ssize_t ignored = write(2, head, sizeof head - 1);
	ignored = write(2, current_text, strlen(current_text));
	ignored = write(2, "\n", 1);
	(void)ignored;
	signal(sig, SIG_DFL);
	raise(sig);
}

struct report {
	int problems;
	int shown;
};

static void problem(struct report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void problem(struct report *r, const char *fmt, ...)
{
	va_list ap;
	r->problems++;
	if (r->shown++ >= MAX_NOTES)
		return;
	va_start(ap, fmt);
	printf("# ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
}

static size_t out_elements(const struct hparam *p, const union harg *a)
{
	switch (p->role) {
	case HR_OUT_ARRAY:
	case HR_OUT_QUERY:
	case HR_OUT_TEXT:
		return a[p->link].z ? a[p->link].z : 1;
	default:
		return 1;
	}
}

static int is_output(enum hrole role)
{
	return role == HR_OUT || role == HR_OUT_ARRAY || role == HR_OUT_QUERY ||
	       role == HR_COUNT || role == HR_OUT_TEXT || role == HR_OUT_NEW ||
	       role == HR_OUT_BORROWED;
}

static int untouched(const unsigned char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (buf[i] != PATTERN)
			return 0;
	return 1;
}

#define MARKER "hostile-marker-7f3a"

static void exercise(const char *type, void *obj, const char *after, struct report *r);
static unsigned long followups;
static const char *context = ""; /* "after <call>: " in follow-up calls */

/*
 * One call: the baseline (k < 0) or parameter i's k-th hostile value. 0: no such value.
 * With `inject`, a follow-up call: the baseline with its first argument replaced by inject,
 * an object that a hostile call changed; it may fail (with a documented status).
 */
static int one_call(const struct hfunc *f, int i, int k, struct report *r, void *inject)
{
	union harg a[16];
	unsigned char *buf[16] = { 0 };
	size_t bytes[16] = { 0 };
	struct fx fx = { .n = 0 };
	struct variant v = { .param = -1 };
	const void *ret = NULL;
	int rc, ran = 1;
	radioembo_nuclide marker_out;

	memset(a, 0, sizeof a);
	fx.failure[0] = '\0';
	f->base(a, &fx);
	if (fx.failure[0]) {
		if (k < 0)
			problem(r, "%s: %s", f->name, fx.failure);
		fx_release(&fx);
		return 0;
	}
	for (int j = 0; j < f->nparams; j++) {
		const struct hparam *p = &f->params[j];
		if (!is_output(p->role))
			continue;
		bytes[j] = out_elements(p, a) * p->size;
		buf[j] = malloc(bytes[j]);
		if (!buf[j])
			exit(2);
		memset(buf[j], PATTERN, bytes[j]);
		a[j].p = buf[j];
	}
	if (k >= 0 && !apply(&f->params[i], k, a, i, &v)) {
		ran = 0;
		goto done;
	}
	if (inject)
		a[0].p = inject;
	snprintf(current_text, sizeof current_text, "%s%s(%s = %s)", context, f->name,
		 inject ? f->params[0].name : k < 0 ? "baseline" : f->params[i].name,
		 inject ? "the changed object" : k < 0 ? "valid" : v.what);
	current_call = current_text;
	if (getenv("HOSTILE_TRACE"))
		fprintf(stderr, "%s\n", current_text);

	/* a failure whose message every later failure must replace */
	(void)radioembo_nuclide_from_name(MARKER, &marker_out);
	gsl_errors = 0;
	rc = f->call(a, &ret);
	if (inject)
		followups++;
	else
		calls++;
	if (gsl_errors)
		problem(r, "%s: raised %d GSL error(s)", current_text, gsl_errors);

	if (f->kind == FK_FREE) {
		if (k < 0 && !inject)
			fx_forget(&fx, a[0].p);
	} else if (f->kind == FK_STRING) {
		if (ret && v.null)
			problem(r, "%s: returned a string for NULL", current_text);
		else if (ret && strlen(ret) > 100000)
			problem(r, "%s: a string of more than 100000 bytes", current_text);
	} else if (f->kind == FK_BORROWED || f->kind == FK_BUFFER) {
		if (ret && v.null)
			problem(r, "%s: returned an object for NULL", current_text);
	}
	if (f->kind != FK_STATUS)
		goto done;

	if (rc > 0 || (rc < 0 && (rc < -30 || !(f->documented & (1u << -rc)))))
		problem(r, "%s: returned %d (%s), not documented in the ERRORS of %s",
			current_text, rc, radioembo_strerror(rc), f->page);
	if (rc != 0) {
		const char *msg = radioembo_last_error_message();
		if (k < 0 && !inject)
			problem(r, "%s: the baseline failed: %d %s", current_text, rc, msg);
		if (!msg || !msg[0])
			problem(r, "%s: failed (%d) with an empty error message", current_text, rc);
		else if (strstr(msg, MARKER))
			problem(r, "%s: failed (%d) without setting an error message", current_text,
				rc);
		else if (k >= 0 && rc == RADIOEMBO_EINVAL && (v.null || v.nan) &&
			 strcmp(radioembo_last_error_parameter(), f->params[i].name) != 0)
			problem(r, "%s: radioembo_last_error_parameter() is \"%s\", not %s: %s",
				current_text, radioembo_last_error_parameter(), f->params[i].name,
				msg);
		else if (k >= 0 && rc == RADIOEMBO_EINVAL && !strstr(msg, f->params[i].name) &&
			 getenv("HOSTILE_NAMES"))
			problem(r, "%s: the message does not name %s: %s", current_text,
				f->params[i].name, msg);
		for (int j = 0; j < f->nparams; j++)
			if (buf[j] && !untouched(buf[j], bytes[j]))
				problem(r, "%s: failed (%d) but wrote %s", current_text, rc,
					f->params[j].name);
		goto done;
	}
	/* success */
	if (v.nan && !v.ignored)
		problem(r, "%s: accepted NaN", current_text);
	if (v.inf && !v.ok_if_inf && !v.ignored)
		problem(r, "%s: accepted an infinity", current_text);
	if (v.null && !v.ok_if_null)
		problem(r, "%s: accepted NULL", current_text);
	for (int j = 0; j < f->nparams; j++) {
		const struct hparam *p = &f->params[j];
		if (!buf[j] || a[j].p != buf[j])
			continue;
		if (p->role == HR_OUT && p->kind == HK_DOUBLE) {
			double d;
			memcpy(&d, buf[j], sizeof d);
			if (untouched(buf[j], bytes[j]))
				problem(r, "%s: succeeded without writing %s", current_text, p->name);
			else if (!isfinite(d) && !(isinf(d) && (v.inf || p->flags & HF_OUT_INF_OK)))
				problem(r, "%s: succeeded with %s = %g", current_text, p->name, d);
		} else if (p->role == HR_OUT_NEW) {
			void *obj;
			memcpy(&obj, buf[j], sizeof obj);
			if (untouched(buf[j], bytes[j]) || !obj)
				problem(r, "%s: succeeded without an object in %s", current_text,
					p->name);
			else
				p->free(obj);
		}
	}
	/* a hostile value an object accepted: use the object */
	if (k >= 0 && !inject && f->params[0].flags & HF_MUTABLE && a[0].p) {
		char after[512];
		snprintf(after, sizeof after, "%s", current_text);
		exercise(f->params[0].type, a[0].p, after, r);
	}
done:
	for (int j = 0; j < f->nparams; j++)
		free(buf[j]);
	fx_release(&fx);
	current_call = "(none)";
	return ran;
}

static const struct hfunc *find(const char *name)
{
	for (size_t n = 0; n < hostile_function_count; n++)
		if (!strcmp(hostile_functions[n].name, name))
			return &hostile_functions[n];
	return NULL;
}

/* Every function that reads an object of this type (its first parameter), on obj */
static void query_all(const char *type, void *obj, struct report *r)
{
	for (size_t n = 0; n < hostile_function_count; n++) {
		const struct hfunc *f = &hostile_functions[n];
		if (f->nparams > 0 && f->params[0].type && !strcmp(f->params[0].type, type) &&
		    f->params[0].flags & HF_CONST && f->params[0].role == HR_IN)
			one_call(f, -1, -1, r, obj);
	}
}

/* A status of `name` (a function that builds the follow-up objects) must be documented */
static int documented(const char *name, int rc, struct report *r)
{
	const struct hfunc *f = find(name);
	if (rc && !(rc < 0 && rc >= -30 && f && f->documented & (1u << -rc)))
		problem(r, "%s%s: returned %d (%s), not documented", context, name, rc,
			radioembo_strerror(rc));
	return rc;
}

/*
 * obj (of p's type) accepted a hostile value in the call `after`. Query it with every
 * reader, then plan with it and query the result: whatever it now holds must give documented
 * statuses and finite figures, never a crash.
 */
static void exercise(const char *type, void *obj, const char *after, struct report *r)
{
	struct fx fx = { .n = 0 };
	radioembo_plan *plan = NULL;
	radioembo_result *result = NULL;
	radioembo_propagation *prop = NULL;
	radioembo_eligibility *elig = NULL;
	char prefix[600];
	const char *saved = context;
	const char *t = type;

	snprintf(prefix, sizeof prefix, "after %s: ", after);
	context = prefix;
	fx.failure[0] = '\0';
	query_all(t, obj, r);
	if (!strcmp(t, "radioembo_plan")) {
		plan = obj;
	} else if (!strcmp(t, "radioembo_product") || !strcmp(t, "radioembo_liver") ||
		   !strcmp(t, "radioembo_lung")) {
		void *product = !strcmp(t, "radioembo_product") ? obj : make_product(&fx, "");
		void *liver = !strcmp(t, "radioembo_liver") ? obj : make_liver(&fx);
		void *lung = !strcmp(t, "radioembo_lung") ? obj : make_lung(&fx);
		if (product && liver && lung &&
		    !documented("radioembo_plan_new",
				radioembo_plan_new(product, liver, lung, &plan), r)) {
			fx_keep(&fx, plan, free_plan);
			radioembo_plan_prescribe_max_safe(plan);
			radioembo_plan_set_calibration_s(plan, T0);
			radioembo_plan_set_treatment_s(plan, T0 + 86400);
		} else {
			plan = NULL;
		}
	} else if (!strcmp(t, "radioembo_lesion")) {
		radioembo_liver *liver = make_liver(&fx);
		if (liver && !documented("radioembo_liver_add_lesion",
					 radioembo_liver_add_lesion(liver, obj, NULL), r)) {
			void *product = make_product(&fx, ""), *lung = make_lung(&fx);
			if (product && lung &&
			    !documented("radioembo_plan_new",
					radioembo_plan_new(product, liver, lung, &plan), r))
				fx_keep(&fx, plan, free_plan);
			else
				plan = NULL;
		}
	} else if (!strcmp(t, "radioembo_vial")) {
		plan = make_plan(&fx, "");
		if (plan && documented("radioembo_plan_set_vial", radioembo_plan_set_vial(plan, obj),
				       r))
			plan = NULL;
	} else if (!strcmp(t, "radioembo_radiobiology_params")) {
		plan = make_plan(&fx, "");
		if (plan && documented("radioembo_plan_set_radiobiology",
				       radioembo_plan_set_radiobiology(plan, obj), r))
			plan = NULL;
	} else if (!strcmp(t, "radioembo_uncertainty")) {
		void *base = make_plan(&fx, "");
		if (base && !documented("radioembo_plan_propagate_monte_carlo",
					radioembo_plan_propagate_monte_carlo(
						base, RADIOEMBO_MODEL_PARTITION, obj, 7, 16, &prop),
					r)) {
			query_all("radioembo_propagation", prop, r);
			radioembo_propagation_free(prop);
		}
		if (base && !documented("radioembo_plan_propagate_analytic",
					radioembo_plan_propagate_analytic(
						base, RADIOEMBO_MODEL_PARTITION, obj, &prop),
					r)) {
			query_all("radioembo_propagation", prop, r);
			radioembo_propagation_free(prop);
		}
	} else if (!strcmp(t, "radioembo_selection")) {
		void *product = make_product(&fx, "");
		if (product && !documented("radioembo_eligibility_evaluate",
					   radioembo_eligibility_evaluate(obj, product, &elig), r)) {
			query_all("radioembo_eligibility", elig, r);
			radioembo_eligibility_free(elig);
		}
	}
	if (plan && !documented("radioembo_plan_compute", radioembo_plan_compute(plan, &result),
				r)) {
		query_all("radioembo_result", result, r);
		radioembo_result_free(result);
	}
	fx_release(&fx);
	context = saved;
}

/*
 * Objects as bare as their constructors leave them (nothing optional set), read by every
 * reader and planned with: unset fields must give documented errors, never garbage.
 */
static void bare_objects(size_t *test, unsigned long *total_problems)
{
	static const char *const types[] = {
		"radioembo_product", "radioembo_lung",	      "radioembo_liver",
		"radioembo_lesion",  "radioembo_radiobiology_params", "radioembo_uncertainty",
		"radioembo_selection", "radioembo_volume",
	};
	for (size_t n = 0; n < COUNT(types); n++) {
		struct fx fx = { .n = 0 };
		struct report r = { 0, 0 };
		unsigned long before = followups;
		void *obj = NULL;
		int rc = -99;
		const char *t = types[n];

		fx.failure[0] = '\0';
		if (!strcmp(t, "radioembo_product")) {
			rc = radioembo_product_new_custom("bare", RADIOEMBO_NUCLIDE_Y90,
							  (radioembo_product **)&obj);
			if (!rc)
				fx_keep(&fx, obj, free_product);
		} else if (!strcmp(t, "radioembo_lung")) {
			if (!(rc = radioembo_lung_new((radioembo_lung **)&obj)))
				fx_keep(&fx, obj, free_lung);
		} else if (!strcmp(t, "radioembo_liver")) {
			if (!(rc = radioembo_liver_new(1500.0, 1.05, (radioembo_liver **)&obj)))
				fx_keep(&fx, obj, free_liver);
		} else if (!strcmp(t, "radioembo_lesion")) {
			if (!(rc = radioembo_lesion_new("bare", 25.0, (radioembo_lesion **)&obj)))
				fx_keep(&fx, obj, free_lesion);
		} else if (!strcmp(t, "radioembo_radiobiology_params")) {
			if (!(rc = radioembo_radiobiology_params_new(
				      RADIOEMBO_PRODUCT_KIND_OTHER,
				      (radioembo_radiobiology_params **)&obj)))
				fx_keep(&fx, obj, free_params);
		} else if (!strcmp(t, "radioembo_uncertainty")) {
			if (!(rc = radioembo_uncertainty_new((radioembo_uncertainty **)&obj)))
				fx_keep(&fx, obj, free_uncertainty);
		} else if (!strcmp(t, "radioembo_selection")) {
			if (!(rc = radioembo_selection_new((radioembo_selection **)&obj)))
				fx_keep(&fx, obj, free_selection);
		} else if (!strcmp(t, "radioembo_volume")) {
			if (!(rc = radioembo_volume_new(4, 4, 4, 4.0, 4.0, 4.0,
							(radioembo_volume **)&obj)))
				fx_keep(&fx, obj, free_volume);
		}
		if (rc)
			problem(&r, "a bare %s could not be built: %d %s", t, rc,
				radioembo_last_error_message());
		else
			exercise(t, obj, "construction", &r);
		fx_release(&fx);
		if (r.shown > MAX_NOTES)
			printf("# ... %d more\n", r.shown - MAX_NOTES);
		printf("%s %zu - a bare %s, read and planned with: %lu follow-up calls\n",
		       r.problems ? "not ok" : "ok", ++*test, t, followups - before);
		*total_problems += (unsigned long)r.problems;
	}
}

int main(void)
{
	unsigned long total_problems = 0;
	const char *only = getenv("HOSTILE_ONLY"); /* one function, for debugging */

	memset(long_string, 'x', LONG_STRING_LEN);
	long_string[LONG_STRING_LEN] = '\0';
	gsl_set_error_handler(gsl_counter);
	signal(SIGSEGV, on_fatal);
	signal(SIGBUS, on_fatal);
	signal(SIGFPE, on_fatal);
	signal(SIGILL, on_fatal);
	setvbuf(stdout, NULL, _IOLBF, 0);

	for (size_t n = 0; n < hostile_function_count; n++) {
		const struct hfunc *f = &hostile_functions[n];
		struct report r = { 0, 0 };
		unsigned long before = calls;
		if (only && strcmp(only, f->name))
			continue;
		one_call(f, -1, -1, &r, NULL);
		for (int i = 0; i < f->nparams; i++)
			for (int k = 0; k < hostile_count(&f->params[i]); k++)
				one_call(f, i, k, &r, NULL);
		if (r.shown > MAX_NOTES)
			printf("# ... %d more\n", r.shown - MAX_NOTES);
		printf("%s %zu - %s: %lu calls%s\n", r.problems ? "not ok" : "ok", n + 1, f->name,
		       calls - before, r.problems ? ", problems above" : "");
		total_problems += (unsigned long)r.problems;
	}
	size_t test = hostile_function_count;
	if (!only)
		bare_objects(&test, &total_problems);
	printf("# hostile-input calls made: %lu over %zu public functions, and %lu follow-up calls "
	       "on the objects that accepted a hostile value and on bare objects; %lu problems\n",
	       calls, hostile_function_count, followups, total_problems);
	printf("1..%zu\n", test);
	return 0;
}
