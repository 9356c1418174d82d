/*
 * libFuzzer target of the planning objects: the input is a program of API calls. Each
 * instruction is one byte (the operation, modulo OP_COUNT) followed by its operands, read
 * from the following bytes as they are needed; a missing byte reads as 0, so every input
 * is a valid program. Handles live in small slot tables (4 of each kind); an empty slot
 * passes NULL, so that NULL handling is exercised too; a slot is freed before it is
 * overwritten and every slot at the end, so that LeakSanitizer sees any leak of the
 * library. Objects may be used in several places (a lesion added to two livers, a
 * product given to vials and plans), copied, borrowed from their owners and freed in any
 * order.
 *
 * Values come from sets of interesting numbers (NaN, +/-Inf, -0, denormals, 1e308,
 * negative, clinically plausible values) or are raw 8-byte doubles; instants from a set
 * around the limits of years 0000..9999 and int64_t, or hours around a treatment day.
 *
 * Invariants checked after every call (abort, i.e. a crash for libFuzzer, if broken):
 * - the status is 0 or one of the radioembo_status codes; a failure leaves a message;
 * - on success every double output is finite, every handle non-NULL, every enumerator
 *   output within its enumeration; on failure the outputs are untouched;
 * - a value that a setter accepted is what the getter returns;
 * - a result's lesion count is the liver's, a diagnostic message exists for each index.
 *
 * Built with libFuzzer by `make fuzz`; its corpus (tests/fuzz/api/) is replayed by
 * tests/fuzz/replay.c in `make check`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <float.h>

#include "program.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Instructions per input: enough for long programs, bounded so each input runs fast. */
#define MAX_STEPS 512
#define SLOTS 4
/* Monte Carlo samples are small: the target is about the sequence, not the statistics. */
#define MAX_SAMPLES 12

/* ---- the input stream -------------------------------------------------------------- */

static const double interesting[] = {
	0.0, -0.0, 1.0, -1.0, 0.5, 2.385, 1e-300, 4.9406564584124654e-324, DBL_MIN,
	DBL_MAX, 1e308, -1e308, NAN, INFINITY, -INFINITY, 1e-9, 0.999999, 1.000001,
	/* clinically plausible: volumes, densities, activities, doses, fractions */
	1500.0, 1.05, 1.03, 120.0, 35.0, 2.7, 5.0, 3.0, 0.08, 0.15, 0.25, 0.35, 1.0, 0.05,
	150.0, 80.0, 30.0, 50.0, 250.0, 70.0, 175.0, 1.8, 64.1, 26.7, 49.67, 15.87, 4.5,
	1e6, 1e12, 3e9, 2500.0, 0.1, 0.2, 0.01, 1e-3, 1e-6, 1e15, -5.0, -0.5, 100.0,
	12.0, 24.0, 48.0, 2.0, 10.0,
};

/* A double: an interesting one, a scaled small one, or 8 raw bytes. */
static double number(struct stream *in)
{
	return number_from(in, interesting, COUNT_OF(interesting));
}

/* 2026-11-26T09:00:00Z, a treatment day */
#define T0 INT64_C(1795683600)
static const int64_t instants[] = {
	0, -1, 1, INT64_C(-62167219200), INT64_C(253402300799), INT64_C(-62167219201),
	INT64_C(253402300800), INT64_MIN, INT64_MAX, T0, T0 + 1, T0 - 1,
};
#define INSTANT_COUNT (sizeof instants / sizeof instants[0])

/* An instant: one of the set, or T0 plus or minus up to about 10 days in 2-hour steps. */
static int64_t instant(struct stream *in)
{
	uint8_t b = byte(in);

	if (b < INSTANT_COUNT)
		return instants[b];
	return T0 + ((int64_t)b - 134) * 7200;
}

static char fuzz_text[64];
static char long_text[400];

/* A name or label: catalogue names, odd ones, NULL, or up to 48 bytes of the input. */
static const char *text(struct stream *in)
{
	static const char *const fixed[] = {
		"TheraSphere", "glass", "SIR-Spheres", "resin", "QuiremSpheres", "holmium",
		"therasphere", " TheraSphere", "", "segment 4a", "\xff\xfe", NULL,
	};
	uint8_t b = byte(in);
	size_t n, i;

	if (b < sizeof fixed / sizeof fixed[0])
		return fixed[b];
	if (b == 255)
		return long_text;
	n = byte(in) % 49;
	for (i = 0; i < n; i++)
		fuzz_text[i] = (char)byte(in);
	fuzz_text[n] = '\0';
	return fuzz_text;
}

/* ---- the invariants ------------------------------------------------------------------ */

/* ---- the objects ----------------------------------------------------------------------- */

struct state {
	radioembo_product *product[SLOTS];
	radioembo_vial *vial[SLOTS];
	radioembo_lesion *lesion[SLOTS];
	radioembo_liver *liver[SLOTS];
	radioembo_lung *lung[SLOTS];
	radioembo_plan *plan[SLOTS];
	radioembo_result *result[SLOTS];
	radioembo_uncertainty *uncertainty[SLOTS];
	radioembo_propagation *propagation[SLOTS];
	radioembo_radiobiology_params *params[SLOTS];
};

static unsigned slot(struct stream *in)
{
	return byte(in) % SLOTS;
}

/* Stores a new handle in a slot, freeing what it held (index evaluated once). */
#define STORE(table, i, handle, free_fn)                                                  \
	do {                                                                              \
		unsigned store_index_ = (i);                                              \
		free_fn((table)[store_index_]);                                           \
		(table)[store_index_] = (handle);                                         \
	} while (0)

typedef int (*product_set_fn)(radioembo_product *, double);
typedef int (*product_get_fn)(const radioembo_product *, double *);

/* In the order of radioembo_product_field, from 1. */
static const product_set_fn product_setters[] = {
	radioembo_product_set_half_life_h,
	radioembo_product_set_dose_factor_gy_kg_per_gbq,
	radioembo_product_set_sphere_diameter_min_um,
	radioembo_product_set_sphere_diameter_max_um,
	radioembo_product_set_activity_per_sphere_bq,
	radioembo_product_set_specific_gravity_g_per_ml,
	radioembo_product_set_vial_volume_ml,
	radioembo_product_set_label_tolerance,
	radioembo_product_set_custom_vial_step_gbq,
	radioembo_product_set_custom_vial_min_gbq,
	radioembo_product_set_custom_vial_max_gbq,
	radioembo_product_set_lung_dose_limit_session_gy,
	radioembo_product_set_lung_dose_limit_cumulative_gy,
	radioembo_product_set_lung_activity_limit_gbq,
	radioembo_product_set_normal_liver_dose_limit_gy,
	radioembo_product_set_tumor_dose_target_gy,
	radioembo_product_set_whole_liver_dose_target_gy,
	radioembo_product_set_pneumonitis_threshold_gy,
	radioembo_product_set_use_window_start_h,
	radioembo_product_set_use_window_end_h,
	radioembo_product_set_normal_perfused_dose_limit_gy,
};
static const product_get_fn product_getters[] = {
	radioembo_product_get_half_life_h,
	radioembo_product_get_dose_factor_gy_kg_per_gbq,
	radioembo_product_get_sphere_diameter_min_um,
	radioembo_product_get_sphere_diameter_max_um,
	radioembo_product_get_activity_per_sphere_bq,
	radioembo_product_get_specific_gravity_g_per_ml,
	radioembo_product_get_vial_volume_ml,
	radioembo_product_get_label_tolerance,
	radioembo_product_get_custom_vial_step_gbq,
	radioembo_product_get_custom_vial_min_gbq,
	radioembo_product_get_custom_vial_max_gbq,
	radioembo_product_get_lung_dose_limit_session_gy,
	radioembo_product_get_lung_dose_limit_cumulative_gy,
	radioembo_product_get_lung_activity_limit_gbq,
	radioembo_product_get_normal_liver_dose_limit_gy,
	radioembo_product_get_tumor_dose_target_gy,
	radioembo_product_get_whole_liver_dose_target_gy,
	radioembo_product_get_pneumonitis_threshold_gy,
	radioembo_product_get_use_window_start_h,
	radioembo_product_get_use_window_end_h,
	radioembo_product_get_normal_perfused_dose_limit_gy,
};
#define PRODUCT_FIELDS ((int)(sizeof product_setters / sizeof product_setters[0]))

typedef int (*model_getter)(const radioembo_result *, radioembo_model, double *);
static const model_getter model_getters[] = {
	radioembo_result_get_inject_activity_gbq,
	radioembo_result_get_delivered_activity_gbq,
	radioembo_result_get_order_activity_gbq,
	radioembo_result_get_order_vial_gbq,
	radioembo_result_get_draw_fraction,
	radioembo_result_get_draw_volume_ml,
	radioembo_result_get_sphere_count,
	radioembo_result_get_perfused_dose_gy,
	radioembo_result_get_normal_perfused_dose_gy,
	radioembo_result_get_normal_liver_dose_gy,
	radioembo_result_get_normal_perfused_bed_gy,
	radioembo_result_get_normal_liver_bed_gy,
	radioembo_result_get_lung_dose_gy,
	radioembo_result_get_lung_cumulative_dose_gy,
};
typedef int (*scalar_getter)(const radioembo_result *, double *);
static const scalar_getter scalar_getters[] = {
	radioembo_result_get_half_life_h,
	radioembo_result_get_dose_factor,
	radioembo_result_get_lsf,
	radioembo_result_get_residual_fraction,
	radioembo_result_get_liver_density_g_per_ml,
	radioembo_result_get_perfused_mass_kg,
	radioembo_result_get_normal_perfused_mass_kg,
	radioembo_result_get_normal_liver_mass_kg,
	radioembo_result_get_lung_mass_kg,
	radioembo_result_get_prior_lung_dose_gy,
	radioembo_result_get_lung_session_limit_gy,
	radioembo_result_get_lung_cumulative_limit_gy,
	radioembo_result_get_normal_liver_limit_gy,
	radioembo_result_get_normal_perfused_limit_gy,
	radioembo_result_get_bsa_m2,
	radioembo_result_get_lsf_reduction,
};

typedef int (*params_set_fn)(radioembo_radiobiology_params *, double);
static const params_set_fn params_setters[] = {
	radioembo_radiobiology_params_set_liver_alpha_beta_gy,
	radioembo_radiobiology_params_set_liver_repair_half_time_h,
	radioembo_radiobiology_params_set_tumor_alpha_beta_gy,
	radioembo_radiobiology_params_set_tumor_repair_half_time_h,
	radioembo_radiobiology_params_set_tumor_alpha_per_gy,
	radioembo_radiobiology_params_set_tumor_clonogens,
	radioembo_radiobiology_params_set_liver_ntcp_m,
	radioembo_radiobiology_params_set_liver_ntcp_n,
	radioembo_radiobiology_params_set_tumor_tcp_gamma50,
};

/* ---- the operations ---------------------------------------------------------------------- */

static void op_product_new(struct state *s, struct stream *in)
{
	radioembo_product *p = SENTINEL_P;
	unsigned i = slot(in);
	const char *name;
	int rc;

	if (byte(in) & 1) {
		rc = radioembo_product_new_builtin(text(in), &p);
	} else {
		name = text(in); /* operands read in order: one stream read per statement */
		rc = radioembo_product_new_custom(name, (radioembo_nuclide)enumerator(in, 1, 2),
						  &p);
	}
	if (out_handle(rc, &p))
		STORE(s->product, i, p, radioembo_product_free);
}

static void op_product_copy_free(struct state *s, struct stream *in)
{
	radioembo_product *p = SENTINEL_P;
	const radioembo_product *source;
	unsigned i = slot(in), j = slot(in);

	switch (byte(in) % 4) {
	case 0:
		radioembo_product_free(s->product[i]);
		s->product[i] = NULL;
		return;
	case 1:
		source = radioembo_plan_product(s->plan[j]); /* borrowed; NULL if no plan */
		break;
	case 2:
		source = radioembo_vial_product(s->vial[j]);
		break;
	default:
		source = s->product[j];
	}
	if (out_handle(radioembo_product_copy(source, &p), &p))
		STORE(s->product, i, p, radioembo_product_free);
}

static void op_product_field(struct state *s, struct stream *in)
{
	radioembo_product *p = s->product[slot(in)];
	int field = enumerator(in, 1, PRODUCT_FIELDS);
	double value = number(in), got = SENTINEL_D;
	int is_set = SENTINEL_I, rc;

	switch (byte(in) % 4) {
	case 0:
		if (field < 1 || field > PRODUCT_FIELDS)
			break;
		rc = product_setters[field - 1](p, value);
		status(rc);
		if (rc == RADIOEMBO_OK) {
			out_double(product_getters[field - 1](p, &got), &got);
			CHECK(got == value);
		}
		break;
	case 1:
		if (field >= 1 && field <= PRODUCT_FIELDS)
			out_double(product_getters[field - 1](p, &got), &got);
		break;
	case 2:
		out_int(radioembo_product_is_set(p, (radioembo_product_field)field, &is_set), &is_set,
			0, 1);
		break;
	default:
		status(radioembo_product_unset(p, (radioembo_product_field)field));
	}
}

static void op_product_identity(struct state *s, struct stream *in)
{
	radioembo_product *p = s->product[slot(in)];
	double sizes[6], got[6];
	size_t n, count = SENTINEL_Z, k;
	int value = SENTINEL_I, rc;
	const char *name;

	switch (byte(in) % 6) {
	case 0:
		name = text(in);
		rc = radioembo_product_set_name(p, name);
		status(rc);
		if (rc == RADIOEMBO_OK)
			CHECK(strcmp(radioembo_product_name(p), name) == 0);
		break;
	case 1:
		status(radioembo_product_set_kind(p, (radioembo_product_kind)enumerator(in, 1, 4)));
		out_int(radioembo_product_get_kind(p, (radioembo_product_kind *)&value), &value, 1, 4);
		break;
	case 2:
		status(radioembo_product_set_nuclide(p, (radioembo_nuclide)enumerator(in, 1, 2)));
		out_int(radioembo_product_get_nuclide(p, (radioembo_nuclide *)&value), &value, 1, 2);
		break;
	case 3:
		n = byte(in) % 7;
		for (k = 0; k < n; k++)
			sizes[k] = number(in);
		rc = radioembo_product_set_vial_sizes_gbq(p, (byte(in) & 1) ? NULL : sizes, n);
		status(rc);
		if (rc == RADIOEMBO_OK) {
			out_size(radioembo_product_get_vial_sizes_gbq(p, got, 6, &count), &count);
			CHECK(count == n);
		}
		break;
	case 4:
		n = byte(in) % 8;
		for (k = 0; k < 6; k++)
			got[k] = SENTINEL_D;
		rc = radioembo_product_get_vial_sizes_gbq(p, n == 7 ? NULL : got, n == 7 ? 0 : n,
							  &count);
		out_size(rc, &count);
		if (rc == RADIOEMBO_OK)
			for (k = 0; k < count && k < n && n != 7; k++)
				CHECK(isfinite(got[k]) && got[k] > 0);
		break;
	default:
		name = radioembo_product_builtin_name(enumerator(in, 0, 2));
		CHECK(radioembo_product_count_builtin() == 3);
		if (p != NULL)
			CHECK(radioembo_product_name(p) != NULL);
		(void)name;
	}
}

static void op_vial(struct state *s, struct stream *in)
{
	radioembo_vial *v = SENTINEL_P;
	unsigned i = slot(in);
	double a = SENTINEL_D, b = SENTINEL_D, value;
	int64_t t = INT64_C(0x5A5A5A5A), at;
	int within = SENTINEL_I, rc;

	switch (byte(in) % 12) {
	case 0:
		value = number(in);
		at = instant(in);
		if (out_handle(radioembo_vial_new(s->product[slot(in)], value, at, &v), &v))
			STORE(s->vial, i, v, radioembo_vial_free);
		break;
	case 1:
		if (out_handle(radioembo_vial_copy(s->vial[slot(in)], &v), &v))
			STORE(s->vial, i, v, radioembo_vial_free);
		break;
	case 2:
		radioembo_vial_free(s->vial[i]);
		s->vial[i] = NULL;
		break;
	case 3:
		value = number(in);
		rc = radioembo_vial_set_volume_ml(s->vial[i], value);
		status(rc);
		out_double(radioembo_vial_get_volume_ml(s->vial[i], &a), &a);
		if (rc == RADIOEMBO_OK)
			CHECK(a == value);
		break;
	case 4:
		out_double(radioembo_vial_get_calibration_activity_gbq(s->vial[i], &a), &a);
		rc = radioembo_vial_get_calibration_s(s->vial[i], &t);
		status(rc);
		break;
	case 5:
		out_double(radioembo_vial_activity_gbq(s->vial[i], instant(in), &a), &a);
		break;
	case 6:
		out_double(radioembo_vial_activity_per_sphere_bq(s->vial[i], instant(in), &a), &a);
		break;
	case 7:
		out_double(radioembo_vial_sphere_count(s->vial[i], &a), &a);
		break;
	case 8:
		value = number(in);
		rc = radioembo_vial_draw(s->vial[i], value, instant(in), &a, &b);
		out_double(rc, &a);
		out_double(rc, &b);
		break;
	case 9:
		value = number(in);
		rc = radioembo_vial_check_assay(s->vial[i], value, instant(in), &a, &within);
		out_double(rc, &a);
		out_int(rc, &within, 0, 1);
		break;
	case 10:
		value = number(in);
		at = instant(in);
		t = instant(in);
		rc = radioembo_vial_order_gbq(s->product[slot(in)], value, at, t, &a, &b);
		out_double(rc, &a);
		out_double(rc, &b);
		break;
	default:
		if (s->vial[i] != NULL)
			CHECK(radioembo_vial_product(s->vial[i]) != NULL);
	}
}

static void op_lesion(struct state *s, struct stream *in)
{
	radioembo_lesion *l = SENTINEL_P;
	unsigned i = slot(in);
	double value, got = SENTINEL_D;
	const char *label;
	int rc;

	switch (byte(in) % 9) {
	case 0:
		label = text(in);
		if (out_handle(radioembo_lesion_new(label, number(in), &l), &l))
			STORE(s->lesion, i, l, radioembo_lesion_free);
		break;
	case 1:
		if (out_handle(radioembo_lesion_copy(s->lesion[slot(in)], &l), &l))
			STORE(s->lesion, i, l, radioembo_lesion_free);
		break;
	case 2:
		radioembo_lesion_free(s->lesion[i]);
		s->lesion[i] = NULL;
		break;
	case 3:
		label = text(in);
		rc = radioembo_lesion_set_label(s->lesion[i], label);
		status(rc);
		if (rc == RADIOEMBO_OK)
			CHECK(strcmp(radioembo_lesion_label(s->lesion[i]), label) == 0);
		break;
	case 4:
		value = number(in);
		rc = radioembo_lesion_set_volume_ml(s->lesion[i], value);
		status(rc);
		out_double(radioembo_lesion_get_volume_ml(s->lesion[i], &got), &got);
		if (rc == RADIOEMBO_OK)
			CHECK(got == value);
		break;
	case 5:
		value = number(in);
		rc = radioembo_lesion_set_density_g_per_ml(s->lesion[i], value);
		status(rc);
		if (rc == RADIOEMBO_OK) {
			out_double(radioembo_lesion_get_density_g_per_ml(s->lesion[i], &got), &got);
			CHECK(got == value);
		}
		break;
	case 6:
		value = number(in);
		rc = radioembo_lesion_set_tnr(s->lesion[i], value);
		status(rc);
		if (rc == RADIOEMBO_OK) {
			out_double(radioembo_lesion_get_tnr(s->lesion[i], &got), &got);
			CHECK(got == value);
		}
		break;
	case 7: {
		double tumor = number(in), normal = number(in);

		rc = radioembo_lesion_set_tnr_from_counts(s->lesion[i], tumor, normal, number(in));
		status(rc);
		if (rc == RADIOEMBO_OK)
			out_double(radioembo_lesion_get_tnr(s->lesion[i], &got), &got);
		break;
	}
	default:
		value = number(in);
		rc = radioembo_lesion_set_target_dose_gy(s->lesion[i], value);
		status(rc);
		if (rc == RADIOEMBO_OK) {
			out_double(radioembo_lesion_get_target_dose_gy(s->lesion[i], &got), &got);
			CHECK(got == value);
		}
	}
}

static void op_liver(struct state *s, struct stream *in)
{
	radioembo_liver *l = SENTINEL_P;
	const radioembo_lesion *borrowed = SENTINEL_P;
	radioembo_lesion *lesion = SENTINEL_P;
	unsigned i = slot(in);
	double value, got = SENTINEL_D;
	size_t index = SENTINEL_Z, count = SENTINEL_Z, k;
	const char *label;
	int rc;

	switch (byte(in) % 16) {
	case 0:
		value = number(in);
		if (out_handle(radioembo_liver_new(value, number(in), &l), &l))
			STORE(s->liver, i, l, radioembo_liver_free);
		break;
	case 1: {
		const radioembo_liver *source = (byte(in) & 1) ? radioembo_plan_liver(s->plan[slot(in)])
							      : s->liver[slot(in)];
		if (out_handle(radioembo_liver_copy(source, &l), &l))
			STORE(s->liver, i, l, radioembo_liver_free);
		break;
	}
	case 2:
		radioembo_liver_free(s->liver[i]);
		s->liver[i] = NULL;
		break;
	case 3:
		value = number(in);
		rc = radioembo_liver_set_volume_ml(s->liver[i], value);
		status(rc);
		out_double(radioembo_liver_get_volume_ml(s->liver[i], &got), &got);
		if (rc == RADIOEMBO_OK)
			CHECK(got == value);
		break;
	case 4:
		value = number(in);
		rc = radioembo_liver_set_density_g_per_ml(s->liver[i], value);
		status(rc);
		out_double(radioembo_liver_get_density_g_per_ml(s->liver[i], &got), &got);
		if (rc == RADIOEMBO_OK)
			CHECK(got == value);
		break;
	case 5:
	case 6: /* twice as likely: lesions make the partition model apply */
		rc = radioembo_liver_add_lesion(s->liver[i], s->lesion[slot(in)], &index);
		out_size(rc, &index);
		if (rc == RADIOEMBO_OK) {
			out_size(radioembo_liver_lesion_count(s->liver[i], &count), &count);
			CHECK(index + 1 == count);
		}
		break;
	case 7:
		index = index_of(in);
		rc = radioembo_liver_get_lesion(s->liver[i], index, &borrowed);
		status(rc);
		if (rc == RADIOEMBO_OK) {
			CHECK(borrowed != NULL && borrowed != SENTINEL_P);
			/* a borrowed lesion copied out outlives its liver */
			if (out_handle(radioembo_lesion_copy(borrowed, &lesion), &lesion))
				STORE(s->lesion, slot(in), lesion, radioembo_lesion_free);
		} else {
			CHECK(borrowed == SENTINEL_P);
		}
		break;
	case 8:
		label = text(in);
		value = number(in);
		rc = radioembo_liver_add_territory(s->liver[i], label, value, &index);
		out_size(rc, &index);
		if (rc == RADIOEMBO_OK) {
			out_double(radioembo_liver_get_territory_volume_ml(s->liver[i], index, &got),
				   &got);
			CHECK(got == value);
			CHECK(radioembo_liver_territory_label(s->liver[i], index) != NULL);
		}
		break;
	case 9:
		index = index_of(in);
		status(radioembo_liver_assign_lesion(s->liver[i], index, index_of(in)));
		break;
	case 10:
		out_size(radioembo_liver_territory_count(s->liver[i], &count), &count);
		if (count != SENTINEL_Z) {
			for (k = 0; k < count; k++)
				CHECK(radioembo_liver_territory_label(s->liver[i], k) != NULL);
			CHECK(radioembo_liver_territory_label(s->liver[i], count) == NULL);
		}
		break;
	case 11:
		out_size(radioembo_liver_get_lesion_territory(s->liver[i], index_of(in), &index),
			 &index);
		break;
	case 12:
		out_double(radioembo_liver_normal_volume_ml(s->liver[i], &got), &got);
		break;
	case 13:
		out_double(radioembo_liver_territory_normal_volume_ml(s->liver[i], index_of(in),
								       &got),
			   &got);
		break;
	case 14:
		out_double(radioembo_liver_get_territory_volume_ml(s->liver[i], index_of(in), &got),
			   &got);
		break;
	default:
		out_size(radioembo_liver_lesion_count(s->liver[i], &count), &count);
	}
}

static void op_lung(struct state *s, struct stream *in)
{
	radioembo_lung *l = SENTINEL_P;
	unsigned i = slot(in);
	double value, got = SENTINEL_D, a, b, c;
	size_t count = SENTINEL_Z;
	int rc;

	switch (byte(in) % 11) {
	case 0:
		if (out_handle(radioembo_lung_new(&l), &l))
			STORE(s->lung, i, l, radioembo_lung_free);
		break;
	case 1: {
		const radioembo_lung *source = (byte(in) & 1) ? radioembo_plan_lung(s->plan[slot(in)])
							     : s->lung[slot(in)];
		if (out_handle(radioembo_lung_copy(source, &l), &l))
			STORE(s->lung, i, l, radioembo_lung_free);
		break;
	}
	case 2:
		radioembo_lung_free(s->lung[i]);
		s->lung[i] = NULL;
		break;
	case 3:
		value = number(in);
		rc = radioembo_lung_set_mass_kg(s->lung[i], value);
		status(rc);
		out_double(radioembo_lung_get_mass_kg(s->lung[i], &got), &got);
		if (rc == RADIOEMBO_OK)
			CHECK(got == value);
		break;
	case 4:
		value = number(in);
		status(radioembo_lung_set_mass_from_volume(s->lung[i], value, number(in)));
		out_double(radioembo_lung_get_mass_kg(s->lung[i], &got), &got);
		break;
	case 5:
	case 6:
		value = number(in);
		rc = radioembo_lung_set_lsf(s->lung[i], value);
		status(rc);
		if (rc == RADIOEMBO_OK) {
			out_double(radioembo_lung_get_lsf(s->lung[i], &got), &got);
			CHECK(got == value);
		}
		break;
	case 7:
		a = number(in);
		b = number(in);
		c = number(in);
		status(radioembo_lung_set_lsf_from_counts(s->lung[i], a, b, c, number(in)));
		break;
	case 8:
		status(radioembo_lung_add_prior_dose_gy(s->lung[i], number(in)));
		out_size(radioembo_lung_prior_dose_count(s->lung[i], &count), &count);
		break;
	case 9:
		out_double(radioembo_lung_get_prior_dose_gy(s->lung[i], index_of(in), &got), &got);
		break;
	default:
		out_double(radioembo_lung_prior_dose_total_gy(s->lung[i], &got), &got);
	}
}

static void op_plan(struct state *s, struct stream *in)
{
	radioembo_plan *p = SENTINEL_P;
	unsigned i = slot(in);
	double value;
	int rc;

	switch (byte(in) % 18) {
	case 0:
	case 1: {
		unsigned a = slot(in), b = slot(in);

		if (out_handle(radioembo_plan_new(s->product[a], s->liver[b], s->lung[slot(in)], &p),
			       &p))
			STORE(s->plan, i, p, radioembo_plan_free);
		break;
	}
	case 2:
		if (out_handle(radioembo_plan_copy(s->plan[slot(in)], &p), &p))
			STORE(s->plan, i, p, radioembo_plan_free);
		break;
	case 3:
		radioembo_plan_free(s->plan[i]);
		s->plan[i] = NULL;
		break;
	case 4:
		status(radioembo_plan_set_territory(s->plan[i], index_of(in)));
		break;
	case 5:
		status(radioembo_plan_set_whole_liver(s->plan[i]));
		break;
	case 6:
		status(radioembo_plan_prescribe_activity_gbq(s->plan[i], number(in)));
		break;
	case 7:
		status(radioembo_plan_prescribe_perfused_dose_gy(s->plan[i], number(in)));
		break;
	case 8: {
		size_t lesion = index_of(in);

		status(radioembo_plan_prescribe_tumor_dose_gy(s->plan[i], lesion, number(in)));
		break;
	}
	case 9:
		status(radioembo_plan_prescribe_max_safe(s->plan[i]));
		break;
	case 10:
		status(radioembo_plan_set_residual_fraction(s->plan[i], number(in)));
		break;
	case 11:
		value = number(in);
		status(radioembo_plan_set_patient_size(s->plan[i], value, number(in)));
		break;
	case 12:
		status(radioembo_plan_set_treatment_s(s->plan[i], instant(in)));
		break;
	case 13:
		status(radioembo_plan_set_calibration_s(s->plan[i], instant(in)));
		break;
	case 14:
		status(radioembo_plan_set_vial(s->plan[i], s->vial[slot(in)]));
		break;
	case 15:
		status(radioembo_plan_set_radiobiology(s->plan[i], s->params[slot(in)]));
		break;
	case 16:
		value = number(in);
		status(radioembo_plan_set_vial_assay(s->plan[i], value, instant(in)));
		break;
	default:
		rc = radioembo_plan_product(s->plan[i]) != NULL;
		CHECK(rc == (s->plan[i] != NULL));
		CHECK((radioembo_plan_liver(s->plan[i]) != NULL) == rc);
		CHECK((radioembo_plan_lung(s->plan[i]) != NULL) == rc);
	}
}

static void check_result(const radioembo_result *r, const radioembo_plan *plan)
{
	size_t count = SENTINEL_Z, lesions = SENTINEL_Z, k;
	int value = SENTINEL_I, rc;

	out_int(radioembo_result_get_prescription(r, (radioembo_prescription *)&value), &value, 1, 4);
	out_size(radioembo_result_lesion_count(r, &lesions), &lesions);
	if (plan != NULL && r != NULL) {
		size_t liver_lesions = SENTINEL_Z;

		out_size(radioembo_liver_lesion_count(radioembo_plan_liver(plan), &liver_lesions),
			 &liver_lesions);
		CHECK(liver_lesions == lesions);
	}
	out_size(radioembo_result_diagnostic_count(r, &count), &count);
	if (count != SENTINEL_Z) {
		for (k = 0; k < count; k++) {
			int code = SENTINEL_I, severity = SENTINEL_I, model = SENTINEL_I;

			rc = radioembo_result_get_diagnostic(r, k, (radioembo_diagnostic_code *)&code,
							     (radioembo_severity *)&severity,
							     (radioembo_model *)&model);
			out_int(rc, &code, 1, RADIOEMBO_DIAG_LSF_IMPLAUSIBLE);
			out_int(rc, &severity, 1, 3);
			out_int(rc, &model, 0, 4);
			CHECK(rc == RADIOEMBO_OK);
			CHECK(radioembo_result_diagnostic_message(r, k) != NULL);
		}
		CHECK(radioembo_result_diagnostic_message(r, count) == NULL);
	}
	value = SENTINEL_I;
	out_int(radioembo_result_has_violation(r, &value), &value, 0, 1);
}

static void op_result(struct state *s, struct stream *in)
{
	radioembo_result *r = SENTINEL_P;
	unsigned i = slot(in), k;
	double got = SENTINEL_D;
	int model, value = SENTINEL_I, rc;
	size_t index;

	switch (byte(in) % 9) {
	case 0:
	case 1:
	case 2: {
		unsigned p = slot(in);

		if (out_handle(radioembo_plan_compute(s->plan[p], &r), &r)) {
			STORE(s->result, i, r, radioembo_result_free);
			check_result(r, s->plan[p]);
		}
		break;
	}
	case 3:
		radioembo_result_free(s->result[i]);
		s->result[i] = NULL;
		break;
	case 4: /* every per-model figure of one model */
		model = enumerator(in, 0, 4);
		value = SENTINEL_I;
		out_int(radioembo_result_model_applies(s->result[i], (radioembo_model)model, &value),
			&value, 0, 1);
		for (k = 0; k < COUNT_OF(model_getters); k++) {
			got = SENTINEL_D;
			out_double(model_getters[k](s->result[i], (radioembo_model)model, &got), &got);
		}
		value = SENTINEL_I;
		out_int(radioembo_result_get_dose_model(s->result[i], (radioembo_model)model,
							(radioembo_model *)&value),
			&value, 0, 4);
		value = SENTINEL_I;
		out_int(radioembo_result_get_limiting_organ(s->result[i], (radioembo_model)model,
							    (radioembo_limiting_organ *)&value),
			&value, 0, 2);
		break;
	case 5:
		model = enumerator(in, 0, 4);
		index = index_of(in);
		out_double(radioembo_result_get_lesion_dose_gy(s->result[i], (radioembo_model)model,
							       index, &got),
			   &got);
		got = SENTINEL_D;
		out_double(radioembo_result_get_lesion_bed_gy(s->result[i], (radioembo_model)model,
							      index, &got),
			   &got);
		got = SENTINEL_D;
		out_double(radioembo_result_get_lesion_mass_kg(s->result[i], index, &got), &got);
		break;
	case 6:
		for (k = 0; k < COUNT_OF(scalar_getters); k++) {
			got = SENTINEL_D;
			out_double(scalar_getters[k](s->result[i], &got), &got);
		}
		break;
	case 7: {
		const radioembo_radiobiology_params *borrowed = SENTINEL_P;
		radioembo_radiobiology_params *copy = SENTINEL_P;

		rc = radioembo_result_get_radiobiology(s->result[i], &borrowed);
		if (out_handle(rc, &borrowed) &&
		    out_handle(radioembo_radiobiology_params_copy(borrowed, &copy), &copy))
			STORE(s->params, slot(in), copy, radioembo_radiobiology_params_free);
		break;
	}
	default:
		check_result(s->result[i], NULL);
	}
}

static void op_uncertainty(struct state *s, struct stream *in)
{
	radioembo_uncertainty *u = SENTINEL_P;
	unsigned i = slot(in);
	int input, distribution, got_distribution = SENTINEL_I, rc;
	double spread, got = SENTINEL_D;

	switch (byte(in) % 6) {
	case 0:
		if (out_handle(radioembo_uncertainty_new(&u), &u))
			STORE(s->uncertainty, i, u, radioembo_uncertainty_free);
		break;
	case 1:
		if (out_handle(radioembo_uncertainty_copy(s->uncertainty[slot(in)], &u), &u))
			STORE(s->uncertainty, i, u, radioembo_uncertainty_free);
		break;
	case 2:
		radioembo_uncertainty_free(s->uncertainty[i]);
		s->uncertainty[i] = NULL;
		break;
	default: /* three times as likely: inputs with spreads make propagation interesting */
		input = enumerator(in, 1, 9);
		distribution = enumerator(in, 0, 3);
		spread = number(in);
		rc = radioembo_uncertainty_set_input(s->uncertainty[i],
						     (radioembo_uncertain_input)input,
						     (radioembo_distribution)distribution, spread);
		status(rc);
		if (rc == RADIOEMBO_OK) {
			rc = radioembo_uncertainty_get_input(s->uncertainty[i],
							     (radioembo_uncertain_input)input,
							     (radioembo_distribution *)&got_distribution,
							     &got);
			out_double(rc, &got);
			CHECK(rc == RADIOEMBO_OK);
			/* uncertainty.h: a spread of 0 or RADIOEMBO_DISTRIBUTION_NONE means exact */
			if (spread == 0.0 || distribution == RADIOEMBO_DISTRIBUTION_NONE)
				CHECK(got_distribution == RADIOEMBO_DISTRIBUTION_NONE && got == 0.0);
			else
				CHECK(got_distribution == distribution && got == spread);
		}
	}
}

static void op_propagation(struct state *s, struct stream *in)
{
	radioembo_propagation *p = SENTINEL_P;
	unsigned i = slot(in);
	int model, rc, figure, value = SENTINEL_I;
	size_t lesion, count = SENTINEL_Z;
	double planned = SENTINEL_D, mean = SENTINEL_D, sd = SENTINEL_D, p05 = SENTINEL_D,
	       p50 = SENTINEL_D, p95 = SENTINEL_D;

	switch (byte(in) % 8) {
	case 0:
	case 1: {
		unsigned plan = slot(in);

		model = enumerator(in, 0, 4);
		rc = radioembo_plan_propagate_analytic(s->plan[plan], (radioembo_model)model,
						       s->uncertainty[slot(in)], &p);
		if (out_handle(rc, &p))
			STORE(s->propagation, i, p, radioembo_propagation_free);
		break;
	}
	case 2:
	case 3: {
		unsigned plan = slot(in), u = slot(in);
		uint64_t seed = byte(in);
		size_t samples = byte(in) % (MAX_SAMPLES + 1);

		model = enumerator(in, 0, 4);
		rc = radioembo_plan_propagate_monte_carlo(s->plan[plan], (radioembo_model)model,
							  s->uncertainty[u], seed, samples, &p);
		if (out_handle(rc, &p)) {
			STORE(s->propagation, i, p, radioembo_propagation_free);
			out_size(radioembo_propagation_sample_count(p, &count), &count);
			CHECK(count == samples);
		}
		break;
	}
	case 4:
		radioembo_propagation_free(s->propagation[i]);
		s->propagation[i] = NULL;
		break;
	case 5:
		figure = enumerator(in, 1, 7);
		lesion = index_of(in);
		rc = radioembo_propagation_get_summary(s->propagation[i], (radioembo_figure)figure,
						       lesion, &planned, &mean, &sd, &p05, &p50,
						       &p95);
		out_double(rc, &planned);
		out_double(rc, &mean);
		out_double(rc, &sd);
		out_double(rc, &p05);
		out_double(rc, &p50);
		out_double(rc, &p95);
		if (rc == RADIOEMBO_OK)
			CHECK(sd >= 0 && p05 <= p50 && p50 <= p95);
		break;
	case 6: {
		int risk = enumerator(in, 1, 5);

		rc = radioembo_propagation_get_probability(s->propagation[i], (radioembo_risk)risk,
							   index_of(in), &mean);
		out_double(rc, &mean);
		if (rc == RADIOEMBO_OK)
			CHECK(mean >= 0 && mean <= 1);
		break;
	}
	default:
		figure = enumerator(in, 1, 7);
		lesion = index_of(in);
		rc = radioembo_propagation_get_contribution(
			s->propagation[i], (radioembo_figure)figure, lesion,
			(radioembo_uncertain_input)enumerator(in, 1, 9), &mean);
		out_double(rc, &mean);
		if (rc == RADIOEMBO_OK)
			CHECK(mean >= 0 && mean <= 1 + 1e-9);
		out_int(radioembo_propagation_get_method(s->propagation[i],
							 (radioembo_propagation_method *)&value),
			&value, 1, 2);
	}
}

static void op_params(struct state *s, struct stream *in)
{
	radioembo_radiobiology_params *p = SENTINEL_P;
	unsigned i = slot(in);
	double value, got = SENTINEL_D;
	int metric = SENTINEL_I, rc;

	switch (byte(in) % 7) {
	case 0:
		rc = radioembo_radiobiology_params_new((radioembo_product_kind)enumerator(in, 1, 4),
						       &p);
		if (out_handle(rc, &p))
			STORE(s->params, i, p, radioembo_radiobiology_params_free);
		break;
	case 1:
		if (out_handle(radioembo_radiobiology_params_copy(s->params[slot(in)], &p), &p))
			STORE(s->params, i, p, radioembo_radiobiology_params_free);
		break;
	case 2:
		radioembo_radiobiology_params_free(s->params[i]);
		s->params[i] = NULL;
		break;
	case 3:
		value = number(in);
		status(radioembo_radiobiology_params_set_liver_ntcp_td50_gy(
			s->params[i], value, (radioembo_dose_metric)enumerator(in, 1, 3)));
		rc = radioembo_radiobiology_params_get_liver_ntcp_td50_gy(
			s->params[i], &got, (radioembo_dose_metric *)&metric);
		out_double(rc, &got);
		out_int(rc, &metric, 1, 3);
		break;
	case 4:
		value = number(in);
		status(radioembo_radiobiology_params_set_tumor_tcp_d50_gy(
			s->params[i], value, (radioembo_dose_metric)enumerator(in, 1, 3)));
		rc = radioembo_radiobiology_params_get_tumor_tcp_d50_gy(
			s->params[i], &got, (radioembo_dose_metric *)&metric);
		out_double(rc, &got);
		out_int(rc, &metric, 1, 3);
		break;
	case 5:
		status(radioembo_radiobiology_params_unset(
			s->params[i], (radioembo_radiobiology_field)enumerator(in, 1, 11)));
		break;
	default:
		value = number(in);
		status(params_setters[byte(in) % COUNT_OF(params_setters)](s->params[i], value));
	}
}

typedef void (*operation)(struct state *, struct stream *);
static const operation operations[] = {
	op_product_new, op_product_copy_free, op_product_field, op_product_identity,
	op_vial,        op_lesion,            op_liver,         op_lung,
	op_plan,        op_result,            op_uncertainty,   op_propagation,
	op_params,
};
#define OP_COUNT COUNT_OF(operations)

static void free_all(struct state *s)
{
	unsigned i;

	for (i = 0; i < SLOTS; i++) {
		radioembo_propagation_free(s->propagation[i]);
		radioembo_result_free(s->result[i]);
		radioembo_plan_free(s->plan[i]);
		radioembo_vial_free(s->vial[i]);
		radioembo_product_free(s->product[i]);
		radioembo_lesion_free(s->lesion[i]);
		radioembo_liver_free(s->liver[i]);
		radioembo_lung_free(s->lung[i]);
		radioembo_uncertainty_free(s->uncertainty[i]);
		radioembo_radiobiology_params_free(s->params[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stream in = {data, size, 0};
	struct state s;
	int steps;

	if (long_text[0] == '\0')
		memset(long_text, 'L', sizeof long_text - 1);
	memset(&s, 0, sizeof s);
	for (steps = 0; steps < MAX_STEPS && more(&in); steps++)
		operations[byte(&in) % OP_COUNT](&s, &in);
	free_all(&s);
	return 0;
}
