/*
 * radiobiology module: BED against its closed form and the LQ dose-rate integral (GSL),
 * EQD2, gEUD, cell-survival EUD and EUBED, LKB NTCP, Poisson and logistic TCP, the
 * parameter set with its cited defaults, and every error path (allocation failures too,
 * see alloc_failure.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "alloc_failure.h" /* first: it replaces the library's allocator */

#include <float.h>
#include <math.h>

#include <gsl/gsl_integration.h>

#include "testutil.h"

static char sentinel_storage;
#define SENTINEL_PARAMS ((radioembo_radiobiology_params *)(void *)&sentinel_storage)

#define LN2 0.693147180559945309417232121458176568

/* A DVH of four bins used throughout: doses and volume fractions (sum exactly 1). */
static const double dvh_dose_gy[4] = { 12.5, 47.3, 88.1, 130.6 };
static const double dvh_fraction[4] = { 0.1, 0.35, 0.4, 0.15 };

/* ---- BED and EQD2 ------------------------------------------------------------------- */

static void test_radiobiology_bed_and_eqd2_golden(void **state)
{
	struct golden_table *table = golden_load("bed.csv", 6);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double dose = golden_value(table, row, 0), ab = golden_value(table, row, 1);
		double bed = TEST_SENTINEL, eqd2 = TEST_SENTINEL;

		assert_ok(radioembo_bed_gy(dose, ab, golden_value(table, row, 2),
					   golden_value(table, row, 3), &bed));
		assert_close(bed, golden_value(table, row, 4), 1e-14);
		assert_ok(radioembo_eqd2_gy(bed, ab, &eqd2));
		assert_close(eqd2, golden_value(table, row, 5), 1e-14);
	}
	golden_free(table);
}

/*
 * The LQ BED of a continuously delivered dose with repair (Dale 1985):
 *   BED = D + (2/(a/b)) int_0^inf R(t) int_0^t R(w) e^(-mu (t-w)) dw dt
 * for R(t) = R0 e^(-lambda t), both integrals numerically with GSL.
 */
struct lq_rate {
	double r0, lambda, mu, t;
	gsl_integration_workspace *inner;
};

static double lq_inner_integrand(double w, void *p)
{
	const struct lq_rate *q = p;

	return q->r0 * exp(-q->lambda * w) * exp(-q->mu * (q->t - w));
}

static double lq_outer_integrand(double t, void *p)
{
	struct lq_rate *q = p;
	gsl_function f = { lq_inner_integrand, q };
	double inner, error;

	if (t == 0.0)
		return 0.0;
	q->t = t;
	gsl_integration_qag(&f, 0.0, t, 0.0, 1e-13, 1000, GSL_INTEG_GAUSS61, q->inner, &inner,
			    &error);
	return q->r0 * exp(-q->lambda * t) * inner;
}

static double lq_bed_numerical(double dose_gy, double alpha_beta_gy, double repair_half_time_h,
			       double half_life_h)
{
	struct lq_rate q;
	gsl_integration_workspace *outer = gsl_integration_workspace_alloc(1000);
	gsl_function f = { lq_outer_integrand, &q };
	double integral, error;

	q.lambda = LN2 / half_life_h;
	q.mu = LN2 / repair_half_time_h;
	q.r0 = dose_gy * q.lambda; /* D = R0 / lambda for complete decay */
	q.inner = gsl_integration_workspace_alloc(1000);
	assert_non_null(outer);
	assert_non_null(q.inner);
	gsl_integration_qagiu(&f, 0.0, 0.0, 1e-11, 1000, outer, &integral, &error);
	gsl_integration_workspace_free(q.inner);
	gsl_integration_workspace_free(outer);
	return dose_gy + 2.0 / alpha_beta_gy * integral;
}

static void test_radiobiology_bed_matches_lq_dose_rate_integral(void **state)
{
	/* liver (resin, glass T_rep), HCC, lung, and Ho-166 (radioembo-sources(7) RADIOBIOLOGY, PHYSICAL) */
	static const double cases[][4] = {
		{ 87.35, 2.5, 1.5, 64.1 },  { 123.7, 2.5, 2.5, 64.1 }, { 241.3, 10.0, 1.5, 64.1 },
		{ 14.62, 1.6, 0.5, 64.053 }, { 412.6, 10.0, 1.5, 26.8 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double bed = TEST_SENTINEL;

		assert_ok(radioembo_bed_gy(cases[i][0], cases[i][1], cases[i][2], cases[i][3],
					   &bed));
		/* radioembo-sources(7) RADIOBIOLOGY: agreement better than 1e-9 */
		assert_close(bed, lq_bed_numerical(cases[i][0], cases[i][1], cases[i][2],
						   cases[i][3]),
			     1e-9);
	}
}

static void test_radiobiology_bed_inverse_round_trip(void **state)
{
	double dose = TEST_SENTINEL, bed = TEST_SENTINEL;
	size_t i;
	static const double doses[] = { 0.0, 1e-300, 3.817, 87.35, 241.3, 3517.2, 1e150 };

	(void)state;
	/* Walrand 2014 resin BED50 93 Gy at a/b 2.5 Gy, T_rep 1.5 h, 64.1 h: the positive root
	 * of g D^2 + D = 93 hand-computed with python3 decimal: 60.03487841640727726993490 Gy */
	assert_ok(radioembo_bed_inverse_gy(93.0, 2.5, 1.5, 64.1, &dose));
	assert_close(dose, 60.03487841640727726993490, 1e-14);
	/* glass BED50 250 Gy: 119.4648289846880820923524 Gy; HCC TCP50 BED 441 Gy at a/b 10:
	 * 271.9239071432172010520871 Gy (python3 decimal) */
	assert_ok(radioembo_bed_inverse_gy(250.0, 2.5, 1.5, 64.1, &dose));
	assert_close(dose, 119.4648289846880820923524, 1e-14);
	assert_ok(radioembo_bed_inverse_gy(441.0, 10.0, 1.5, 64.1, &dose));
	assert_close(dose, 271.9239071432172010520871, 1e-14);
	for (i = 0; i < sizeof doses / sizeof doses[0]; i++) {
		assert_ok(radioembo_bed_gy(doses[i], 2.5, 1.5, 64.1, &bed));
		assert_ok(radioembo_bed_inverse_gy(bed, 2.5, 1.5, 64.1, &dose));
		assert_close(dose, doses[i], 1e-14);
	}
	/* the largest BED still has a finite dose */
	assert_ok(radioembo_bed_inverse_gy(DBL_MAX, 2.5, 1.5, 64.1, &dose));
	assert_true(isfinite(dose) && dose > 0.0);
}

static void test_radiobiology_bed_array_per_element_and_in_place(void **state)
{
	double bed[4], in_place[4], one = TEST_SENTINEL;
	size_t i;

	(void)state;
	assert_ok(radioembo_bed_array_gy(dvh_dose_gy, 4, 10.0, 1.5, 64.1, bed));
	for (i = 0; i < 4; i++) {
		assert_ok(radioembo_bed_gy(dvh_dose_gy[i], 10.0, 1.5, 64.1, &one));
		assert_close(bed[i], one, 0.0);
		in_place[i] = dvh_dose_gy[i];
	}
	/* hand-computed with python3 decimal (Dale 1985): BED(130.6 Gy, 10 Gy, 1.5 h, 64.1 h)
	 * = 169.6008231707317073170732 Gy */
	assert_close(bed[3], 169.6008231707317073170732, 1e-14);
	/* the output may be the input */
	assert_ok(radioembo_bed_array_gy(in_place, 4, 10.0, 1.5, 64.1, in_place));
	for (i = 0; i < 4; i++)
		assert_close(in_place[i], bed[i], 0.0);
	/* BED is not linear: the BED of the mean dose is below the mean BED */
	assert_ok(radioembo_bed_gy(72.635, 10.0, 1.5, 64.1, &one));
	assert_true(one < 0.1 * bed[0] + 0.35 * bed[1] + 0.4 * bed[2] + 0.15 * bed[3]);
}

/* ---- EUD ----------------------------------------------------------------------------- */

static void test_radiobiology_geud_golden(void **state)
{
	double geud = TEST_SENTINEL;
	static const double zero_bin[3] = { 0.0, 88.1, 130.6 }, uniform[3] = { 47.3, 47.3, 47.3 };
	static const double thirds[3] = { 0.25, 0.5, 0.25 };
	static const double huge[2] = { 3e200, 1e200 }, huge_fraction[2] = { 0.25, 0.75 };

	(void)state;
	/* a = 1: the mean dose, 0.1 x 12.5 + 0.35 x 47.3 + 0.4 x 88.1 + 0.15 x 130.6 = 72.635 */
	assert_ok(radioembo_geud_gy(dvh_dose_gy, dvh_fraction, 4, 1.0, &geud));
	assert_close(geud, 72.635, 1e-15);
	/* (sum v D^a)^(1/a), hand-computed with python3 decimal (40 digits) */
	assert_ok(radioembo_geud_gy(dvh_dose_gy, dvh_fraction, 4, 4.7, &geud));
	assert_close(geud, 94.24731652756341612716477, 1e-14);
	assert_ok(radioembo_geud_gy(dvh_dose_gy, dvh_fraction, 4, 0.25, &geud));
	assert_close(geud, 64.91282368977555851088101, 1e-14);
	/* negative a, for tumours: the cold bins dominate */
	assert_ok(radioembo_geud_gy(dvh_dose_gy, dvh_fraction, 4, -9.3, &geud));
	assert_close(geud, 16.01165422897075741677234, 1e-14);
	assert_ok(radioembo_geud_gy(dvh_dose_gy, dvh_fraction, 4, -0.5, &geud));
	assert_close(geud, 54.93769528851795409156629, 1e-14);
	/* a < 0 with an unirradiated bin: D^a -> inf, gEUD -> 0 */
	assert_ok(radioembo_geud_gy(zero_bin, thirds, 3, -9.3, &geud));
	assert_close(geud, 0.0, 0.0);
	/* ... unless that bin has no volume */
	assert_ok(radioembo_geud_gy(zero_bin, (const double[]){ 0.0, 0.5, 0.5 }, 3, -9.3, &geud));
	assert_true(geud > 88.1 && geud < 130.6);
	/* a > 0 with a zero bin is fine: 0.5 x 88.1 + 0.25 x 130.6 = 76.7 */
	assert_ok(radioembo_geud_gy(zero_bin, thirds, 3, 1.0, &geud));
	assert_close(geud, 76.7, 1e-15);
	/* a uniform dose is its own gEUD for any a */
	assert_ok(radioembo_geud_gy(uniform, thirds, 3, 17.3, &geud));
	assert_close(geud, 47.3, 1e-15);
	assert_ok(radioembo_geud_gy(uniform, thirds, 3, -23.9, &geud));
	assert_close(geud, 47.3, 1e-15);
	/* D^a would overflow: (0.25 (3e200)^3 + 0.75 (1e200)^3)^(1/3) = 1.957433820584431797712468e200
	 * (python3 decimal) */
	assert_ok(radioembo_geud_gy(huge, huge_fraction, 2, 3.0, &geud));
	assert_close(geud, 1.957433820584431797712468e200, 1e-14);
	/* fractions off 1 by less than 1e-9 are accepted and normalised */
	assert_ok(radioembo_geud_gy(uniform, (const double[]){ 0.25, 0.5, 0.25 + 9e-10 }, 3, 1.0,
				    &geud));
	assert_close(geud, 47.3, 1e-15);
}

static void test_radiobiology_eud_survival_golden(void **state)
{
	double eud = TEST_SENTINEL;
	static const double big[2] = { 1000.0, 2000.0 }, big_fraction[2] = { 0.3, 0.7 };
	static const double uniform[2] = { 88.1, 88.1 }, halves[2] = { 0.5, 0.5 };

	(void)state;
	/* -(1/a) ln(sum v e^(-a D)), hand-computed with python3 decimal; a = 0.27/Gy is the MGH
	 * code's tumour alpha [C] */
	assert_ok(radioembo_eud_survival_gy(dvh_dose_gy, dvh_fraction, 4, 0.27, &eud));
	assert_close(eud, 21.02701642626957568683319, 1e-13);
	assert_ok(radioembo_eud_survival_gy(dvh_dose_gy, dvh_fraction, 4, 0.0137, &eud));
	assert_close(eud, 64.71689407601955409639396, 1e-13);
	/* e^(-1000) underflows; log-sum-exp does not: 1000 - ln(0.3 + 0.7 e^-1000)
	 * = 1001.203972804325935992623 (python3 decimal) */
	assert_ok(radioembo_eud_survival_gy(big, big_fraction, 2, 1.0, &eud));
	assert_close(eud, 1001.203972804325935992623, 1e-14);
	/* a uniform dose is its own EUD */
	assert_ok(radioembo_eud_survival_gy(uniform, halves, 2, 0.27, &eud));
	assert_close(eud, 88.1, 1e-15);
}

static void test_radiobiology_eubed_is_eud_of_bed(void **state)
{
	double bed[4], eubed = TEST_SENTINEL, eud = TEST_SENTINEL;

	(void)state;
	/* EUBED of the DVH at a/b 10 Gy, T_rep 1.5 h, 64.1 h, alpha 0.0291/Gy: hand-computed
	 * with python3 decimal (BED per bin, then the survival EUD) */
	assert_ok(radioembo_eubed_gy(dvh_dose_gy, dvh_fraction, 4, 0.0291, 10.0, 1.5, 64.1,
				     &eubed));
	assert_close(eubed, 62.04491974134039390092968, 1e-13);
	/* the documented two-step route gives the same */
	assert_ok(radioembo_bed_array_gy(dvh_dose_gy, 4, 10.0, 1.5, 64.1, bed));
	assert_ok(radioembo_eud_survival_gy(bed, dvh_fraction, 4, 0.0291, &eud));
	assert_close(eubed, eud, 1e-14);
	/* a bin whose BED overflows only adds zero survival */
	assert_ok(radioembo_eubed_gy((const double[]){ 47.3, 1e300 }, (const double[]){ 0.5, 0.5 },
				     2, 0.0291, 10.0, 1.5, 64.1, &eubed));
	assert_ok(radioembo_bed_gy(47.3, 10.0, 1.5, 64.1, &eud));
	assert_close(eubed, eud - log(0.5) / 0.0291, 1e-14);
}

/* ---- dose-response ------------------------------------------------------------------- */

static void test_radiobiology_ntcp_lkb_golden(void **state)
{
	struct golden_table *table = golden_load("ntcp.csv", 4);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double ntcp = TEST_SENTINEL;

		assert_ok(radioembo_ntcp_lkb(golden_value(table, row, 0),
					     golden_value(table, row, 1),
					     golden_value(table, row, 2), &ntcp));
		/* erfc keeps the relative accuracy down to the 1e-21 tail */
		assert_close(ntcp, golden_value(table, row, 3), 1e-13);
	}
	golden_free(table);
}

static void test_radiobiology_ntcp_lkb_limits(void **state)
{
	double ntcp = TEST_SENTINEL;

	(void)state;
	/* a tiny m makes a step at TD50, never a NaN */
	assert_ok(radioembo_ntcp_lkb(93.0, 93.0, 1e-320, &ntcp));
	assert_close(ntcp, 0.5, 0.0);
	assert_ok(radioembo_ntcp_lkb(93.1, 93.0, 1e-320, &ntcp));
	assert_close(ntcp, 1.0, 0.0);
	assert_ok(radioembo_ntcp_lkb(0.0, 93.0, 1e-320, &ntcp));
	assert_close(ntcp, 0.0, 0.0);
	/* (D - TD50)/TD50 overflows to +inf: NTCP 1 */
	assert_ok(radioembo_ntcp_lkb(DBL_MAX, 1e-300, 0.28, &ntcp));
	assert_close(ntcp, 1.0, 0.0);
}

static void test_radiobiology_tcp_golden(void **state)
{
	struct golden_table *table = golden_load("tcp.csv", 5);
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		double tcp = TEST_SENTINEL, dose = golden_value(table, row, 1);
		double p1 = golden_value(table, row, 2), p2 = golden_value(table, row, 3);

		if (golden_value(table, row, 0) == 1.0)
			assert_ok(radioembo_tcp_poisson(dose, p1, p2, &tcp));
		else
			assert_ok(radioembo_tcp_logistic(dose, p1, p2, &tcp));
		assert_close(tcp, golden_value(table, row, 4), 1e-13);
	}
	golden_free(table);
}

static void test_radiobiology_tcp_limits(void **state)
{
	double tcp = TEST_SENTINEL;

	(void)state;
	/* every clonogen survives a tiny dose with a huge N0: TCP 0, no overflow */
	assert_ok(radioembo_tcp_poisson(0.0, DBL_MAX, 0.3, &tcp));
	assert_close(tcp, 0.0, 0.0);
	/* alpha D overflows: TCP 1 */
	assert_ok(radioembo_tcp_poisson(DBL_MAX, 1e10, 10.0, &tcp));
	assert_close(tcp, 1.0, 0.0);
	/* logistic: a huge gamma50 at D50 is still 0.5; far from D50 a step */
	assert_ok(radioembo_tcp_logistic(441.0, 441.0, DBL_MAX, &tcp));
	assert_close(tcp, 0.5, 0.0);
	assert_ok(radioembo_tcp_logistic(441.5, 441.0, DBL_MAX, &tcp));
	assert_close(tcp, 1.0, 0.0);
	assert_ok(radioembo_tcp_logistic(1e-300, 441.0, 1.37, &tcp));
	assert_close(tcp, 0.0, 0.0);
}

/* ---- parameter sets ------------------------------------------------------------------ */

static void assert_unset(const radioembo_radiobiology_params *params,
			 radioembo_radiobiology_field field)
{
	int is_set = 7;

	assert_ok(radioembo_radiobiology_params_is_set(params, field, &is_set));
	assert_int_equal(is_set, 0);
}

static void test_radiobiology_params_defaults(void **state)
{
	static const radioembo_product_kind kinds[] = {
		RADIOEMBO_PRODUCT_KIND_GLASS, RADIOEMBO_PRODUCT_KIND_RESIN,
		RADIOEMBO_PRODUCT_KIND_PLLA, RADIOEMBO_PRODUCT_KIND_OTHER
	};
	radioembo_radiobiology_params *params;
	radioembo_dose_metric metric = (radioembo_dose_metric)77;
	radioembo_product_kind kind;
	double out = TEST_SENTINEL;
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		assert_ok(radioembo_radiobiology_params_new(kinds[i], &params));
		assert_ok(radioembo_radiobiology_params_get_kind(params, &kind));
		assert_int_equal(kind, kinds[i]);
		/* Strigari 2010; Cremonesi 2014 [M] (radioembo-sources(7) RADIOBIOLOGY) */
		assert_ok(radioembo_radiobiology_params_get_liver_alpha_beta_gy(params, &out));
		assert_close(out, 2.5, 0.0);
		assert_ok(radioembo_radiobiology_params_get_liver_repair_half_time_h(params, &out));
		assert_close(out, 1.5, 0.0);
		/* HCC [M] */
		assert_ok(radioembo_radiobiology_params_get_tumor_alpha_beta_gy(params, &out));
		assert_close(out, 10.0, 0.0);
		assert_ok(radioembo_radiobiology_params_get_tumor_repair_half_time_h(params, &out));
		assert_close(out, 1.5, 0.0);
		/* no published value for microspheres: unset */
		out = TEST_SENTINEL;
		assert_fails(radioembo_radiobiology_params_get_tumor_alpha_per_gy(params, &out),
			     RADIOEMBO_ENOTFOUND, "tumor_alpha_per_gy");
		assert_fails(radioembo_radiobiology_params_get_tumor_clonogens(params, &out),
			     RADIOEMBO_ENOTFOUND, "tumor_clonogens");
		assert_fails(radioembo_radiobiology_params_get_liver_ntcp_m(params, &out),
			     RADIOEMBO_ENOTFOUND, "liver_ntcp_m");
		assert_fails(radioembo_radiobiology_params_get_liver_ntcp_n(params, &out),
			     RADIOEMBO_ENOTFOUND, "liver_ntcp_n");
		assert_fails(radioembo_radiobiology_params_get_tumor_tcp_gamma50(params, &out),
			     RADIOEMBO_ENOTFOUND, "tumor_tcp_gamma50");
		assert_true(out == TEST_SENTINEL);
		if (kinds[i] == RADIOEMBO_PRODUCT_KIND_RESIN) {
			/* Walrand 2014: resin BED50 93 Gy [V, abstract] */
			assert_ok(radioembo_radiobiology_params_get_liver_ntcp_td50_gy(params, &out,
										       &metric));
			assert_close(out, 93.0, 0.0);
			assert_int_equal(metric, RADIOEMBO_DOSE_METRIC_BED);
			assert_unset(params, RADIOEMBO_RADIOBIOLOGY_TUMOR_TCP_D50_GY);
		} else if (kinds[i] == RADIOEMBO_PRODUCT_KIND_GLASS) {
			/* Walrand 2014: glass BED50 250 Gy; Dewaraja 2020 TCP50 BED 441 Gy */
			assert_ok(radioembo_radiobiology_params_get_liver_ntcp_td50_gy(params, &out,
										       &metric));
			assert_close(out, 250.0, 0.0);
			assert_int_equal(metric, RADIOEMBO_DOSE_METRIC_BED);
			metric = (radioembo_dose_metric)77;
			assert_ok(radioembo_radiobiology_params_get_tumor_tcp_d50_gy(params, &out,
										     &metric));
			assert_close(out, 441.0, 0.0);
			assert_int_equal(metric, RADIOEMBO_DOSE_METRIC_BED);
		} else {
			out = TEST_SENTINEL;
			metric = (radioembo_dose_metric)77;
			assert_fails(radioembo_radiobiology_params_get_liver_ntcp_td50_gy(
					     params, &out, &metric),
				     RADIOEMBO_ENOTFOUND, "liver_ntcp_td50_gy");
			assert_fails(radioembo_radiobiology_params_get_tumor_tcp_d50_gy(
					     params, &out, &metric),
				     RADIOEMBO_ENOTFOUND, "tumor_tcp_d50_gy");
			assert_true(out == TEST_SENTINEL);
			assert_int_equal(metric, 77);
		}
		radioembo_radiobiology_params_free(params);
	}
}

/*
 * Each liver convention's alpha/beta and T_rep, and the liver BED they give, against the
 * hand-computed table; every other field is the plain constructor's.
 */
static void test_radiobiology_params_convention_golden(void **state)
{
	struct golden_table *table = golden_load("radiobiology_convention.csv", 5);
	radioembo_radiobiology_params *params, *plain;
	double alpha_beta = TEST_SENTINEL, repair = TEST_SENTINEL, bed = TEST_SENTINEL;
	double a = TEST_SENTINEL, b = TEST_SENTINEL;
	size_t row;

	(void)state;
	for (row = 0; row < table->rows; row++) {
		assert_ok(radioembo_radiobiology_params_new_convention(
			RADIOEMBO_PRODUCT_KIND_GLASS,
			(radioembo_radiobiology_convention)golden_value(table, row, 0), &params));
		assert_ok(
			radioembo_radiobiology_params_get_liver_alpha_beta_gy(params, &alpha_beta));
		assert_ok(radioembo_radiobiology_params_get_liver_repair_half_time_h(params,
										     &repair));
		assert_true(alpha_beta == golden_value(table, row, 1));
		assert_true(repair == golden_value(table, row, 2));
		assert_ok(radioembo_bed_gy(golden_value(table, row, 3), alpha_beta, repair, 64.1,
					   &bed));
		assert_close(bed, golden_value(table, row, 4), 1e-14);
		assert_ok(radioembo_radiobiology_params_new(RADIOEMBO_PRODUCT_KIND_GLASS, &plain));
		assert_ok(radioembo_radiobiology_params_get_tumor_alpha_beta_gy(params, &a));
		assert_ok(radioembo_radiobiology_params_get_tumor_alpha_beta_gy(plain, &b));
		assert_true(a == b);
		radioembo_radiobiology_params_free(plain);
		radioembo_radiobiology_params_free(params);
	}
	golden_free(table);
}

/* The default convention is the plain constructor's set, field by field. */
static void test_radiobiology_params_convention_default_is_plain(void **state)
{
	radioembo_radiobiology_params *params, *plain;
	int field, set_a, set_b;
	radioembo_product_kind kind;

	(void)state;
	for (kind = RADIOEMBO_PRODUCT_KIND_GLASS; kind <= RADIOEMBO_PRODUCT_KIND_OTHER; kind++) {
		assert_ok(radioembo_radiobiology_params_new_convention(
			kind, RADIOEMBO_RADIOBIOLOGY_LIVER_STRIGARI_2010, &params));
		assert_ok(radioembo_radiobiology_params_new(kind, &plain));
		for (field = RADIOEMBO_RADIOBIOLOGY_LIVER_ALPHA_BETA_GY;
		     field <= RADIOEMBO_RADIOBIOLOGY_TUMOR_TCP_GAMMA50; field++) {
			assert_ok(radioembo_radiobiology_params_is_set(
				params, (radioembo_radiobiology_field)field, &set_a));
			assert_ok(radioembo_radiobiology_params_is_set(
				plain, (radioembo_radiobiology_field)field, &set_b));
			assert_int_equal(set_a, set_b);
		}
		radioembo_radiobiology_params_free(plain);
		radioembo_radiobiology_params_free(params);
	}
}

static void test_radiobiology_params_convention_rejects_invalid_arguments(void **state)
{
	radioembo_radiobiology_params *params = (radioembo_radiobiology_params *)&params;

	(void)state;
	assert_fails(radioembo_radiobiology_params_new_convention(
			     RADIOEMBO_PRODUCT_KIND_RESIN, (radioembo_radiobiology_convention)0,
			     &params),
		     RADIOEMBO_EINVAL,
		     "convention must be a radioembo_radiobiology_convention value (1..3), got 0");
	assert_fails(radioembo_radiobiology_params_new_convention(
			     RADIOEMBO_PRODUCT_KIND_RESIN, (radioembo_radiobiology_convention)4,
			     &params),
		     RADIOEMBO_EINVAL, "convention");
	assert_fails(radioembo_radiobiology_params_new_convention(
			     (radioembo_product_kind)0, RADIOEMBO_RADIOBIOLOGY_LIVER_MGH, &params),
		     RADIOEMBO_EINVAL, "kind");
	assert_true(params == (radioembo_radiobiology_params *)&params);
}

static void test_radiobiology_params_set_unset_copy(void **state)
{
	radioembo_radiobiology_params *params, *copy;
	radioembo_dose_metric metric;
	double out = TEST_SENTINEL;
	int is_set = 7;

	(void)state;
	assert_ok(radioembo_radiobiology_params_new(RADIOEMBO_PRODUCT_KIND_GLASS, &params));
	/* a site using the glass papers' liver T_rep and the MGH code's liver a/b [C] */
	assert_ok(radioembo_radiobiology_params_set_liver_repair_half_time_h(params, 2.5));
	assert_ok(radioembo_radiobiology_params_set_liver_alpha_beta_gy(params, 2.75));
	assert_ok(radioembo_radiobiology_params_set_tumor_alpha_beta_gy(params, 8.47));
	assert_ok(radioembo_radiobiology_params_set_tumor_repair_half_time_h(params, 0.83));
	assert_ok(radioembo_radiobiology_params_set_tumor_alpha_per_gy(params, 0.27));
	assert_ok(radioembo_radiobiology_params_set_tumor_clonogens(params, 3.7e7));
	assert_ok(radioembo_radiobiology_params_set_liver_ntcp_m(params, 0.28));
	assert_ok(radioembo_radiobiology_params_set_liver_ntcp_n(params, 0.97));
	assert_ok(radioembo_radiobiology_params_set_tumor_tcp_gamma50(params, 1.37));
	/* Dewaraja 2020's other anchor: 292 Gy mean absorbed dose */
	assert_ok(radioembo_radiobiology_params_set_tumor_tcp_d50_gy(params, 292.0,
								     RADIOEMBO_DOSE_METRIC_PHYSICAL));
	assert_ok(radioembo_radiobiology_params_set_liver_ntcp_td50_gy(params, 63.85,
								       RADIOEMBO_DOSE_METRIC_EQD2));
	assert_ok(radioembo_radiobiology_params_is_set(params, RADIOEMBO_RADIOBIOLOGY_LIVER_NTCP_M,
						       &is_set));
	assert_int_equal(is_set, 1);

	assert_ok(radioembo_radiobiology_params_copy(params, &copy));
	/* unset in the original: the copy keeps everything */
	assert_ok(radioembo_radiobiology_params_unset(params, RADIOEMBO_RADIOBIOLOGY_LIVER_NTCP_M));
	assert_ok(radioembo_radiobiology_params_unset(params,
						      RADIOEMBO_RADIOBIOLOGY_TUMOR_TCP_D50_GY));
	assert_unset(params, RADIOEMBO_RADIOBIOLOGY_LIVER_NTCP_M);
	assert_fails(radioembo_radiobiology_params_get_liver_ntcp_m(params, &out),
		     RADIOEMBO_ENOTFOUND, "liver_ntcp_m");
	assert_fails(radioembo_radiobiology_params_get_tumor_tcp_d50_gy(params, &out, &metric),
		     RADIOEMBO_ENOTFOUND, "tumor_tcp_d50_gy");
	radioembo_radiobiology_params_free(params);

	assert_ok(radioembo_radiobiology_params_get_liver_repair_half_time_h(copy, &out));
	assert_close(out, 2.5, 0.0);
	assert_ok(radioembo_radiobiology_params_get_liver_alpha_beta_gy(copy, &out));
	assert_close(out, 2.75, 0.0);
	assert_ok(radioembo_radiobiology_params_get_tumor_alpha_beta_gy(copy, &out));
	assert_close(out, 8.47, 0.0);
	assert_ok(radioembo_radiobiology_params_get_tumor_repair_half_time_h(copy, &out));
	assert_close(out, 0.83, 0.0);
	assert_ok(radioembo_radiobiology_params_get_tumor_alpha_per_gy(copy, &out));
	assert_close(out, 0.27, 0.0);
	assert_ok(radioembo_radiobiology_params_get_tumor_clonogens(copy, &out));
	assert_close(out, 3.7e7, 0.0);
	assert_ok(radioembo_radiobiology_params_get_liver_ntcp_m(copy, &out));
	assert_close(out, 0.28, 0.0);
	assert_ok(radioembo_radiobiology_params_get_liver_ntcp_n(copy, &out));
	assert_close(out, 0.97, 0.0);
	assert_ok(radioembo_radiobiology_params_get_tumor_tcp_gamma50(copy, &out));
	assert_close(out, 1.37, 0.0);
	assert_ok(radioembo_radiobiology_params_get_tumor_tcp_d50_gy(copy, &out, &metric));
	assert_close(out, 292.0, 0.0);
	assert_int_equal(metric, RADIOEMBO_DOSE_METRIC_PHYSICAL);
	assert_ok(radioembo_radiobiology_params_get_liver_ntcp_td50_gy(copy, &out, &metric));
	assert_close(out, 63.85, 0.0);
	assert_int_equal(metric, RADIOEMBO_DOSE_METRIC_EQD2);
	radioembo_radiobiology_params_free(copy);
	radioembo_radiobiology_params_free(NULL);
}

static void test_radiobiology_params_allocation_failures(void **state)
{
	radioembo_radiobiology_params *params = SENTINEL_PARAMS, *copy = SENTINEL_PARAMS;

	(void)state;
	alloc_failure_countdown = 0;
	assert_fails(radioembo_radiobiology_params_new(RADIOEMBO_PRODUCT_KIND_RESIN, &params),
		     RADIOEMBO_ENOMEM, "radiobiology parameters");
	assert_ptr_equal(params, SENTINEL_PARAMS);
	assert_ok(radioembo_radiobiology_params_new(RADIOEMBO_PRODUCT_KIND_RESIN, &params));
	alloc_failure_countdown = 0;
	assert_fails(radioembo_radiobiology_params_copy(params, &copy), RADIOEMBO_ENOMEM,
		     "out of memory");
	assert_ptr_equal(copy, SENTINEL_PARAMS);
	alloc_failure_countdown = -1;
	radioembo_radiobiology_params_free(params);
}

/* ---- errors -------------------------------------------------------------------------- */

static void test_radiobiology_rejects_invalid_arguments(void **state)
{
	double out = TEST_SENTINEL, array_out[4] = { TEST_SENTINEL, TEST_SENTINEL, TEST_SENTINEL,
						     TEST_SENTINEL };
	static const double bad_dose[4] = { 12.5, 47.3, -88.1, 130.6 };
	static const double nan_dose[4] = { 12.5, NAN, 88.1, 130.6 };
	static const double inf_dose[4] = { 12.5, 47.3, 88.1, INFINITY };
	static const double short_fraction[4] = { 0.1, 0.35, 0.4, 0.1499 };
	static const double long_fraction[4] = { 0.1, 0.35, 0.4, 0.15 + 2e-9 };
	static const double negative_fraction[4] = { 0.1, 0.35, 0.6, -0.05 };
	static const double over_fraction[4] = { 0.0, 0.0, 1.5, -0.5 };
	static const double nan_fraction[4] = { 0.1, NAN, 0.4, 0.15 };
	static const double percent[4] = { 10.0, 35.0, 40.0, 15.0 };
	size_t i;

	(void)state;
	/* BED */
	assert_fails(radioembo_bed_gy(-87.35, 2.5, 1.5, 64.1, &out), RADIOEMBO_EINVAL, "dose_gy");
	assert_fails(radioembo_bed_gy(INFINITY, 2.5, 1.5, 64.1, &out), RADIOEMBO_EINVAL,
		     "dose_gy");
	assert_fails(radioembo_bed_gy(87.35, 0.0, 1.5, 64.1, &out), RADIOEMBO_EINVAL,
		     "alpha_beta_gy");
	assert_fails(radioembo_bed_gy(87.35, -2.5, 1.5, 64.1, &out), RADIOEMBO_EINVAL,
		     "alpha_beta_gy");
	assert_fails(radioembo_bed_gy(87.35, 2.5, 0.0, 64.1, &out), RADIOEMBO_EINVAL,
		     "repair_half_time_h");
	assert_fails(radioembo_bed_gy(87.35, 2.5, INFINITY, 64.1, &out), RADIOEMBO_EINVAL,
		     "repair_half_time_h");
	assert_fails(radioembo_bed_gy(87.35, 2.5, 1.5, -64.1, &out), RADIOEMBO_EINVAL,
		     "half_life_h");
	assert_fails(radioembo_bed_gy(1e200, 2.5, 1.5, 64.1, &out), RADIOEMBO_ERANGE, "BED");
	/* BED inverse */
	assert_fails(radioembo_bed_inverse_gy(-93.0, 2.5, 1.5, 64.1, &out), RADIOEMBO_EINVAL,
		     "bed_gy");
	assert_fails(radioembo_bed_inverse_gy(INFINITY, 2.5, 1.5, 64.1, &out), RADIOEMBO_EINVAL,
		     "bed_gy");
	assert_fails(radioembo_bed_inverse_gy(93.0, 0.0, 1.5, 64.1, &out), RADIOEMBO_EINVAL,
		     "alpha_beta_gy");
	assert_fails(radioembo_bed_inverse_gy(93.0, 2.5, -1.5, 64.1, &out), RADIOEMBO_EINVAL,
		     "repair_half_time_h");
	assert_fails(radioembo_bed_inverse_gy(93.0, 2.5, 1.5, 0.0, &out), RADIOEMBO_EINVAL,
		     "half_life_h");
	/* BED array: nothing written on any failure */
	assert_fails(radioembo_bed_array_gy(dvh_dose_gy, 0, 10.0, 1.5, 64.1, array_out),
		     RADIOEMBO_EINVAL, "n must be > 0");
	assert_fails(radioembo_bed_array_gy(bad_dose, 4, 10.0, 1.5, 64.1, array_out),
		     RADIOEMBO_EINVAL, "dose_gy[2]");
	assert_fails(radioembo_bed_array_gy(nan_dose, 4, 10.0, 1.5, 64.1, array_out),
		     RADIOEMBO_EINVAL, "dose_gy[1]");
	assert_fails(radioembo_bed_array_gy(inf_dose, 4, 10.0, 1.5, 64.1, array_out),
		     RADIOEMBO_EINVAL, "dose_gy[3]");
	assert_fails(radioembo_bed_array_gy(dvh_dose_gy, 4, 10.0, 0.0, 64.1, array_out),
		     RADIOEMBO_EINVAL, "repair_half_time_h");
	assert_fails(radioembo_bed_array_gy(dvh_dose_gy, 4, 10.0, 1.5, -1.0, array_out),
		     RADIOEMBO_EINVAL, "half_life_h");
	assert_fails(radioembo_bed_array_gy((const double[]){ 12.5, 47.3, 1e200, 130.6 }, 4, 10.0,
					    1.5, 64.1, array_out),
		     RADIOEMBO_ERANGE, "BED of dose_gy[2]");
	for (i = 0; i < 4; i++)
		assert_true(array_out[i] == TEST_SENTINEL);
	/* EQD2 */
	assert_fails(radioembo_eqd2_gy(-1.0, 2.5, &out), RADIOEMBO_EINVAL, "bed_gy");
	assert_fails(radioembo_eqd2_gy(INFINITY, 2.5, &out), RADIOEMBO_EINVAL, "bed_gy");
	assert_fails(radioembo_eqd2_gy(157.1, 0.0, &out), RADIOEMBO_EINVAL, "alpha_beta_gy");
	assert_fails(radioembo_eqd2_gy(157.1, INFINITY, &out), RADIOEMBO_EINVAL, "alpha_beta_gy");

	/* gEUD */
	assert_fails(radioembo_geud_gy(dvh_dose_gy, dvh_fraction, 0, 1.0, &out), RADIOEMBO_EINVAL,
		     "n must be > 0");
	assert_fails(radioembo_geud_gy(bad_dose, dvh_fraction, 4, 1.0, &out), RADIOEMBO_EINVAL,
		     "dose_gy[2]");
	assert_fails(radioembo_geud_gy(nan_dose, dvh_fraction, 4, 1.0, &out), RADIOEMBO_EINVAL,
		     "dose_gy[1]");
	assert_fails(radioembo_geud_gy(inf_dose, dvh_fraction, 4, 1.0, &out), RADIOEMBO_EINVAL,
		     "dose_gy[3]");
	assert_fails(radioembo_geud_gy(dvh_dose_gy, short_fraction, 4, 1.0, &out),
		     RADIOEMBO_EINVAL, "sum to 1");
	assert_fails(radioembo_geud_gy(dvh_dose_gy, long_fraction, 4, 1.0, &out),
		     RADIOEMBO_EINVAL, "sum to 1");
	assert_fails(radioembo_geud_gy(dvh_dose_gy, negative_fraction, 4, 1.0, &out),
		     RADIOEMBO_EINVAL, "volume_fraction[3]");
	assert_fails(radioembo_geud_gy(dvh_dose_gy, over_fraction, 4, 1.0, &out),
		     RADIOEMBO_EINVAL, "volume_fraction[2]");
	assert_fails(radioembo_geud_gy(dvh_dose_gy, nan_fraction, 4, 1.0, &out),
		     RADIOEMBO_EINVAL, "volume_fraction[1]");
	/* percentages by mistake */
	assert_fails(radioembo_geud_gy(dvh_dose_gy, percent, 4, 1.0, &out), RADIOEMBO_EINVAL,
		     "volume_fraction[0]");
	assert_fails(radioembo_geud_gy(dvh_dose_gy, dvh_fraction, 4, 0.0, &out),
		     RADIOEMBO_EINVAL, "a must not be 0");
	assert_fails(radioembo_geud_gy(dvh_dose_gy, dvh_fraction, 4, NAN, &out),
		     RADIOEMBO_EINVAL, "a must be finite");
	assert_fails(radioembo_geud_gy(dvh_dose_gy, dvh_fraction, 4, -INFINITY, &out),
		     RADIOEMBO_EINVAL, "a must be finite");
	/* a weighted mean of the largest doses with fractions a hair above 1 overflows */
	assert_fails(radioembo_geud_gy((const double[]){ DBL_MAX, DBL_MAX },
				       (const double[]){ 0.5 + 5e-10, 0.5 }, 2, 1.0, &out),
		     RADIOEMBO_ERANGE, "gEUD");

	/* survival EUD */
	assert_fails(radioembo_eud_survival_gy(dvh_dose_gy, dvh_fraction, 0, 0.27, &out),
		     RADIOEMBO_EINVAL, "n must be > 0");
	assert_fails(radioembo_eud_survival_gy(bad_dose, dvh_fraction, 4, 0.27, &out),
		     RADIOEMBO_EINVAL, "dose_gy[2]");
	assert_fails(radioembo_eud_survival_gy(dvh_dose_gy, short_fraction, 4, 0.27, &out),
		     RADIOEMBO_EINVAL, "sum to 1");
	assert_fails(radioembo_eud_survival_gy(dvh_dose_gy, nan_fraction, 4, 0.27, &out),
		     RADIOEMBO_EINVAL, "volume_fraction[1]");
	assert_fails(radioembo_eud_survival_gy(dvh_dose_gy, dvh_fraction, 4, 0.0, &out),
		     RADIOEMBO_EINVAL, "alpha_per_gy");
	assert_fails(radioembo_eud_survival_gy(dvh_dose_gy, dvh_fraction, 4, -0.27, &out),
		     RADIOEMBO_EINVAL, "alpha_per_gy");

	/* EUBED */
	assert_fails(radioembo_eubed_gy(dvh_dose_gy, dvh_fraction, 0, 0.0291, 10.0, 1.5, 64.1,
					&out),
		     RADIOEMBO_EINVAL, "n must be > 0");
	assert_fails(radioembo_eubed_gy(inf_dose, dvh_fraction, 4, 0.0291, 10.0, 1.5, 64.1, &out),
		     RADIOEMBO_EINVAL, "dose_gy[3]");
	assert_fails(radioembo_eubed_gy(dvh_dose_gy, long_fraction, 4, 0.0291, 10.0, 1.5, 64.1,
					&out),
		     RADIOEMBO_EINVAL, "sum to 1");
	assert_fails(radioembo_eubed_gy(dvh_dose_gy, dvh_fraction, 4, INFINITY, 10.0, 1.5, 64.1,
					&out),
		     RADIOEMBO_EINVAL, "alpha_per_gy");
	assert_fails(radioembo_eubed_gy(dvh_dose_gy, dvh_fraction, 4, 0.0291, -10.0, 1.5, 64.1,
					&out),
		     RADIOEMBO_EINVAL, "alpha_beta_gy");
	assert_fails(radioembo_eubed_gy(dvh_dose_gy, dvh_fraction, 4, 0.0291, 10.0, 1.5, 0.0,
					&out),
		     RADIOEMBO_EINVAL, "half_life_h");
	/* every BED overflows */
	assert_fails(radioembo_eubed_gy((const double[]){ 1e200, 3e200 },
					(const double[]){ 0.5, 0.5 }, 2, 0.0291, 10.0, 1.5, 64.1,
					&out),
		     RADIOEMBO_ERANGE, "EUBED");

	/* NTCP */
	assert_fails(radioembo_ntcp_lkb(-78.4, 93.0, 0.28, &out), RADIOEMBO_EINVAL,
		     "effective_dose_gy");
	assert_fails(radioembo_ntcp_lkb(INFINITY, 93.0, 0.28, &out), RADIOEMBO_EINVAL,
		     "effective_dose_gy");
	assert_fails(radioembo_ntcp_lkb(78.4, 0.0, 0.28, &out), RADIOEMBO_EINVAL, "td50_gy");
	assert_fails(radioembo_ntcp_lkb(78.4, 93.0, 0.0, &out), RADIOEMBO_EINVAL, "m must");
	assert_fails(radioembo_ntcp_lkb(78.4, 93.0, -0.28, &out), RADIOEMBO_EINVAL, "m must");
	assert_fails(radioembo_ntcp_lkb(78.4, 93.0, INFINITY, &out), RADIOEMBO_EINVAL, "m must");

	/* TCP */
	assert_fails(radioembo_tcp_poisson(-60.0, 1e7, 0.35, &out), RADIOEMBO_EINVAL, "dose_gy");
	assert_fails(radioembo_tcp_poisson(INFINITY, 1e7, 0.35, &out), RADIOEMBO_EINVAL,
		     "dose_gy");
	assert_fails(radioembo_tcp_poisson(60.0, 0.0, 0.35, &out), RADIOEMBO_EINVAL, "clonogens");
	assert_fails(radioembo_tcp_poisson(60.0, 1e7, 0.0, &out), RADIOEMBO_EINVAL,
		     "alpha_per_gy");
	assert_fails(radioembo_tcp_poisson(60.0, 1e7, -INFINITY, &out), RADIOEMBO_EINVAL,
		     "alpha_per_gy");
	assert_fails(radioembo_tcp_logistic(-292.0, 441.0, 1.37, &out), RADIOEMBO_EINVAL,
		     "dose_gy");
	assert_fails(radioembo_tcp_logistic(292.0, 0.0, 1.37, &out), RADIOEMBO_EINVAL, "d50_gy");
	assert_fails(radioembo_tcp_logistic(292.0, INFINITY, 1.37, &out), RADIOEMBO_EINVAL,
		     "d50_gy");
	assert_fails(radioembo_tcp_logistic(292.0, 441.0, 0.0, &out), RADIOEMBO_EINVAL,
		     "gamma50");
	assert_true(out == TEST_SENTINEL);
}

static void test_radiobiology_params_reject_invalid_arguments(void **state)
{
	radioembo_radiobiology_params *params, *made = SENTINEL_PARAMS;
	radioembo_dose_metric metric = (radioembo_dose_metric)77;
	radioembo_product_kind kind = (radioembo_product_kind)77;
	double out = TEST_SENTINEL;
	int is_set = 7;

	(void)state;
	assert_ok(radioembo_radiobiology_params_new(RADIOEMBO_PRODUCT_KIND_GLASS, &params));
	assert_fails(radioembo_radiobiology_params_new((radioembo_product_kind)0, &made),
		     RADIOEMBO_EINVAL, "kind");
	assert_fails(radioembo_radiobiology_params_new((radioembo_product_kind)5, &made),
		     RADIOEMBO_EINVAL, "kind");
	assert_ptr_equal(made, SENTINEL_PARAMS);
	assert_int_equal(kind, 77);

	assert_fails(radioembo_radiobiology_params_is_set(params, (radioembo_radiobiology_field)0,
							  &is_set),
		     RADIOEMBO_EINVAL, "field");
	assert_fails(radioembo_radiobiology_params_is_set(params,
							  (radioembo_radiobiology_field)12,
							  &is_set),
		     RADIOEMBO_EINVAL, "field");
	assert_int_equal(is_set, 7);
	assert_fails(radioembo_radiobiology_params_unset(params,
							 (radioembo_radiobiology_field)-1),
		     RADIOEMBO_EINVAL, "field");

	/* getters and setters */
	assert_fails(radioembo_radiobiology_params_set_liver_alpha_beta_gy(params, 0.0),
		     RADIOEMBO_EINVAL, "liver_alpha_beta_gy");
	assert_fails(radioembo_radiobiology_params_set_liver_repair_half_time_h(params, -1.5),
		     RADIOEMBO_EINVAL, "liver_repair_half_time_h");
	assert_fails(radioembo_radiobiology_params_set_tumor_repair_half_time_h(params, INFINITY),
		     RADIOEMBO_EINVAL, "tumor_repair_half_time_h");
	assert_fails(radioembo_radiobiology_params_set_tumor_alpha_per_gy(params, -0.27),
		     RADIOEMBO_EINVAL, "tumor_alpha_per_gy");
	assert_fails(radioembo_radiobiology_params_set_tumor_clonogens(params, 0.0),
		     RADIOEMBO_EINVAL, "tumor_clonogens");
	assert_fails(radioembo_radiobiology_params_set_liver_ntcp_n(params, -0.97),
		     RADIOEMBO_EINVAL, "liver_ntcp_n");
	assert_fails(radioembo_radiobiology_params_set_tumor_tcp_gamma50(params, 0.0),
		     RADIOEMBO_EINVAL, "tumor_tcp_gamma50");
	/* anchors: value, metric, pointers */
	assert_fails(radioembo_radiobiology_params_set_liver_ntcp_td50_gy(
			     params, -93.0, RADIOEMBO_DOSE_METRIC_BED),
		     RADIOEMBO_EINVAL, "liver_ntcp_td50_gy");
	assert_fails(radioembo_radiobiology_params_set_liver_ntcp_td50_gy(
			     params, 93.0, (radioembo_dose_metric)0),
		     RADIOEMBO_EINVAL, "metric");
	assert_fails(radioembo_radiobiology_params_set_tumor_tcp_d50_gy(
			     params, INFINITY, RADIOEMBO_DOSE_METRIC_BED),
		     RADIOEMBO_EINVAL, "tumor_tcp_d50_gy");
	assert_fails(radioembo_radiobiology_params_set_tumor_tcp_d50_gy(
			     params, 292.0, (radioembo_dose_metric)4),
		     RADIOEMBO_EINVAL, "metric");
	assert_true(out == TEST_SENTINEL);
	assert_int_equal(metric, 77);
	/* nothing changed */
	assert_ok(radioembo_radiobiology_params_get_liver_ntcp_td50_gy(params, &out, &metric));
	assert_close(out, 250.0, 0.0);
	assert_int_equal(metric, RADIOEMBO_DOSE_METRIC_BED);
	assert_ok(radioembo_radiobiology_params_get_liver_alpha_beta_gy(params, &out));
	assert_close(out, 2.5, 0.0);
	radioembo_radiobiology_params_free(params);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_radiobiology_bed_and_eqd2_golden),
		TEST(test_radiobiology_bed_matches_lq_dose_rate_integral),
		TEST(test_radiobiology_bed_inverse_round_trip),
		TEST(test_radiobiology_bed_array_per_element_and_in_place),
		TEST(test_radiobiology_geud_golden),
		TEST(test_radiobiology_eud_survival_golden),
		TEST(test_radiobiology_eubed_is_eud_of_bed),
		TEST(test_radiobiology_ntcp_lkb_golden),
		TEST(test_radiobiology_ntcp_lkb_limits),
		TEST(test_radiobiology_tcp_golden),
		TEST(test_radiobiology_tcp_limits),
		TEST(test_radiobiology_params_defaults),
		TEST(test_radiobiology_params_convention_golden),
		TEST(test_radiobiology_params_convention_default_is_plain),
		TEST(test_radiobiology_params_convention_rejects_invalid_arguments),
		TEST(test_radiobiology_params_set_unset_copy),
		TEST(test_radiobiology_params_allocation_failures),
		TEST(test_radiobiology_rejects_invalid_arguments),
		TEST(test_radiobiology_params_reject_invalid_arguments),
	};
	return cmocka_run_group_tests_name("radiobiology", tests, NULL, NULL);
}
