/*
 * libradioembo - radioembolization planning and dosimetry
 * radiobiology.h: biologically effective dose of a permanent decaying implant, EQD2 and
 * EQDX, equivalent uniform doses (generalized and cell-survival), NTCP (Lyman-Kutcher-Burman,
 * logit, relative seriality) and TCP (Poisson, logistic), and a set of radiobiological
 * parameters with cited defaults.
 *
 * Doses in Gy, alpha/beta in Gy, alpha in 1/Gy, times in hours. Arrays of voxel or DVH-bin
 * doses come with their volume fractions, which must sum to 1 (within 1e-9). Formulas,
 * parameters and their evidence are listed in the radioembo_radiobiology man page (section 3);
 * EQDX, logit and relative-seriality NTCP in the radioembo_dose_response man page (section 3).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_RADIOBIOLOGY_H
#define RADIOEMBO_RADIOBIOLOGY_H

#include "common.h"
#include "product.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The dose metric a dose-response parameter (TD50, D50) refers to. Values are frozen. */
typedef enum {
	RADIOEMBO_DOSE_METRIC_PHYSICAL = 1, /* absorbed dose D */
	RADIOEMBO_DOSE_METRIC_BED = 2,      /* biologically effective dose */
	RADIOEMBO_DOSE_METRIC_EQD2 = 3      /* equivalent dose in 2 Gy fractions */
} radioembo_dose_metric;

/* ---- dose conversions --------------------------------------------------------------- */

/*
 * BED of a permanent implant with exponentially decaying dose rate (Dale 1985):
 * BED = D [1 + D T_rep / ((T_rep + T_phys) alpha/beta)]. dose_gy >= 0; the rest > 0.
 */
RADIOEMBO_API int radioembo_bed_gy(double dose_gy, double alpha_beta_gy,
				   double repair_half_time_h, double half_life_h,
				   double *bed_gy_out);

/*
 * The same, element by element (voxels or DVH bins: BED is not linear in dose). n > 0;
 * bed_gy_out holds n values and may be dose_gy itself. Nothing is written on failure.
 */
RADIOEMBO_API int radioembo_bed_array_gy(const double *dose_gy, size_t n, double alpha_beta_gy,
					 double repair_half_time_h, double half_life_h,
					 double *bed_gy_out);

/*
 * The inverse of radioembo_bed_gy(): the physical dose whose BED is bed_gy (>= 0),
 * D = 2 BED / (1 + sqrt(1 + 4 g BED)) with g = T_rep / ((T_rep + T_phys) alpha/beta).
 */
RADIOEMBO_API int radioembo_bed_inverse_gy(double bed_gy, double alpha_beta_gy,
					   double repair_half_time_h, double half_life_h,
					   double *dose_gy_out);

/* EQD2 = BED / (1 + 2/(alpha/beta)). bed_gy >= 0, alpha_beta_gy > 0. */
RADIOEMBO_API int radioembo_eqd2_gy(double bed_gy, double alpha_beta_gy, double *eqd2_gy_out);

/*
 * EQDX = BED / (1 + X/(alpha/beta)): the dose in fractions of x_gy (>= 0) with the same BED;
 * x_gy = 2 is EQD2, x_gy = 0 gives the BED itself. bed_gy >= 0, alpha_beta_gy > 0.
 */
RADIOEMBO_API int radioembo_eqdx_gy(double bed_gy, double x_gy, double alpha_beta_gy,
				    double *eqdx_gy_out);

/* ---- equivalent uniform dose -------------------------------------------------------- */

/*
 * Generalized EUD (power law): (sum v_i D_i^a)^(1/a), a finite and != 0; a = 1 gives the
 * mean dose. With a < 0, any D_i = 0 with v_i > 0 gives 0. Doses >= 0, fractions within
 * [0, 1] summing to 1 within 1e-9 (they are divided by their sum), n > 0.
 */
RADIOEMBO_API int radioembo_geud_gy(const double *dose_gy, const double *volume_fraction,
				    size_t n, double a, double *geud_gy_out);

/*
 * Cell-survival EUD (Niemierko 1997; O'Donoghue 1999): -(1/alpha) ln(sum v_i e^(-alpha D_i)),
 * alpha_per_gy > 0. Applied to BED values it is the EUBED (see radioembo_eubed_gy()).
 */
RADIOEMBO_API int radioembo_eud_survival_gy(const double *dose_gy,
					    const double *volume_fraction, size_t n,
					    double alpha_per_gy, double *eud_gy_out);

/*
 * EUBED: the cell-survival EUD of the per-element BED of dose_gy, the same as
 * radioembo_bed_array_gy() followed by radioembo_eud_survival_gy(), without a buffer.
 */
RADIOEMBO_API int radioembo_eubed_gy(const double *dose_gy, const double *volume_fraction,
				     size_t n, double alpha_per_gy, double alpha_beta_gy,
				     double repair_half_time_h, double half_life_h,
				     double *eubed_gy_out);

/* ---- dose-response ------------------------------------------------------------------ */

/*
 * LKB NTCP = Phi((D_eff - TD50) / (m TD50)), Phi the standard normal CDF. D_eff (>= 0) is
 * usually a gEUD with a = 1/n, in the same metric as td50_gy (> 0); m > 0.
 */
RADIOEMBO_API int radioembo_ntcp_lkb(double effective_dose_gy, double td50_gy, double m,
				     double *ntcp_out);

/*
 * Logit NTCP = 1 / (1 + (TD50/D)^k). dose_gy (>= 0; 0 gives 0) is the dose metric td50_gy
 * (> 0) refers to, usually the mean dose or a gEUD, physical or BED; k > 0.
 */
RADIOEMBO_API int radioembo_ntcp_logit(double dose_gy, double td50_gy, double k, double *ntcp_out);

/*
 * Relative-seriality NTCP (Kallman 1992) of a DVH (doses and volume fractions, as for
 * radioembo_geud_gy()): [1 - prod_i (1 - P(D_i)^s)^(v_i)]^(1/s) with
 * P(D) = 2^(-e^(e gamma (1 - D/D50))). d50_gy, gamma (the maximum normalised slope) and the
 * relative seriality s are > 0; doses in the metric d50_gy refers to.
 */
RADIOEMBO_API int radioembo_ntcp_relative_seriality(const double *dose_gy,
						    const double *volume_fraction, size_t n,
						    double d50_gy, double gamma, double s,
						    double *ntcp_out);

/* Poisson TCP = exp(-N0 e^(-alpha D)); dose_gy >= 0 (or a BED), clonogens and alpha > 0. */
RADIOEMBO_API int radioembo_tcp_poisson(double dose_gy, double clonogens, double alpha_per_gy,
					double *tcp_out);

/* Logistic TCP = 1 / (1 + (D50/D)^(4 gamma50)); dose_gy >= 0 (0 gives 0), d50, gamma50 > 0. */
RADIOEMBO_API int radioembo_tcp_logistic(double dose_gy, double d50_gy, double gamma50,
					 double *tcp_out);

/* ---- parameter sets ----------------------------------------------------------------- */

/*
 * Radiobiological parameters a site may change. Fields without a published value are unset:
 * their getter fails with RADIOEMBO_ENOTFOUND and leaves the output untouched.
 */
typedef struct radioembo_radiobiology_params radioembo_radiobiology_params;

/* The numeric fields, for is_set() and unset(). Values are frozen and append-only. */
typedef enum {
	RADIOEMBO_RADIOBIOLOGY_LIVER_ALPHA_BETA_GY = 1,
	RADIOEMBO_RADIOBIOLOGY_LIVER_REPAIR_HALF_TIME_H = 2,
	RADIOEMBO_RADIOBIOLOGY_TUMOR_ALPHA_BETA_GY = 3,
	RADIOEMBO_RADIOBIOLOGY_TUMOR_REPAIR_HALF_TIME_H = 4,
	RADIOEMBO_RADIOBIOLOGY_TUMOR_ALPHA_PER_GY = 5,
	RADIOEMBO_RADIOBIOLOGY_TUMOR_CLONOGENS = 6,
	RADIOEMBO_RADIOBIOLOGY_LIVER_NTCP_TD50_GY = 7,
	RADIOEMBO_RADIOBIOLOGY_LIVER_NTCP_M = 8,
	RADIOEMBO_RADIOBIOLOGY_LIVER_NTCP_N = 9,
	RADIOEMBO_RADIOBIOLOGY_TUMOR_TCP_D50_GY = 10,
	RADIOEMBO_RADIOBIOLOGY_TUMOR_TCP_GAMMA50 = 11
} radioembo_radiobiology_field;

/*
 * Defaults for microspheres of the given kind: normal liver alpha/beta 2.5 Gy and T_rep
 * 1.5 h, HCC alpha/beta 10 Gy and T_rep 1.5 h (all kinds); liver NTCP BED50 93 Gy (resin)
 * or 250 Gy (glass) (Walrand 2014); glass HCC TCP50 BED 441 Gy (Dewaraja 2020). Everything
 * else is unset.
 */
RADIOEMBO_API int radioembo_radiobiology_params_new(radioembo_product_kind kind,
						    radioembo_radiobiology_params **params_out);
/*
 * The normal-liver alpha/beta and repair half-time a set starts from, where publications
 * and codes differ (radioembo-sources(7) RADIOBIOLOGY, CONVENTIONS). Only those two fields
 * depend on it. Values are frozen and append-only.
 */
typedef enum {
	/* alpha/beta 2.5 Gy, T_rep 1.5 h (Strigari 2010; Cremonesi 2014): the default */
	RADIOEMBO_RADIOBIOLOGY_LIVER_STRIGARI_2010 = 1,
	/* alpha/beta 2.5 Gy, T_rep 2.5 h (some glass papers) */
	RADIOEMBO_RADIOBIOLOGY_LIVER_REPAIR_2_5_H = 2,
	/* alpha/beta 2.75 Gy, T_rep 2.5 h (MGH MIRDCalculation code defaults) */
	RADIOEMBO_RADIOBIOLOGY_LIVER_MGH = 3
} radioembo_radiobiology_convention;

/*
 * radioembo_radiobiology_params_new() with the normal-liver alpha/beta and T_rep of
 * convention; every other field as there. Individual values can still be set afterwards.
 */
RADIOEMBO_API int
radioembo_radiobiology_params_new_convention(radioembo_product_kind kind,
					     radioembo_radiobiology_convention convention,
					     radioembo_radiobiology_params **params_out);
RADIOEMBO_API int radioembo_radiobiology_params_copy(const radioembo_radiobiology_params *params,
						     radioembo_radiobiology_params **copy_out);
/* Accepts NULL. */
RADIOEMBO_API void radioembo_radiobiology_params_free(radioembo_radiobiology_params *params);

/* The product kind whose defaults the set started from. */
RADIOEMBO_API int radioembo_radiobiology_params_get_kind(
	const radioembo_radiobiology_params *params, radioembo_product_kind *kind_out);

RADIOEMBO_API int radioembo_radiobiology_params_is_set(
	const radioembo_radiobiology_params *params, radioembo_radiobiology_field field,
	int *is_set_out);
RADIOEMBO_API int radioembo_radiobiology_params_unset(radioembo_radiobiology_params *params,
						      radioembo_radiobiology_field field);

/* Setters take finite values > 0. */
RADIOEMBO_API int radioembo_radiobiology_params_get_liver_alpha_beta_gy(
	const radioembo_radiobiology_params *params, double *liver_alpha_beta_gy_out);
RADIOEMBO_API int radioembo_radiobiology_params_set_liver_alpha_beta_gy(
	radioembo_radiobiology_params *params, double liver_alpha_beta_gy);
RADIOEMBO_API int radioembo_radiobiology_params_get_liver_repair_half_time_h(
	const radioembo_radiobiology_params *params, double *liver_repair_half_time_h_out);
RADIOEMBO_API int radioembo_radiobiology_params_set_liver_repair_half_time_h(
	radioembo_radiobiology_params *params, double liver_repair_half_time_h);
RADIOEMBO_API int radioembo_radiobiology_params_get_tumor_alpha_beta_gy(
	const radioembo_radiobiology_params *params, double *tumor_alpha_beta_gy_out);
RADIOEMBO_API int radioembo_radiobiology_params_set_tumor_alpha_beta_gy(
	radioembo_radiobiology_params *params, double tumor_alpha_beta_gy);
RADIOEMBO_API int radioembo_radiobiology_params_get_tumor_repair_half_time_h(
	const radioembo_radiobiology_params *params, double *tumor_repair_half_time_h_out);
RADIOEMBO_API int radioembo_radiobiology_params_set_tumor_repair_half_time_h(
	radioembo_radiobiology_params *params, double tumor_repair_half_time_h);
/* Tumour radiosensitivity alpha, 1/Gy (survival EUD, Poisson TCP). */
RADIOEMBO_API int radioembo_radiobiology_params_get_tumor_alpha_per_gy(
	const radioembo_radiobiology_params *params, double *tumor_alpha_per_gy_out);
RADIOEMBO_API int radioembo_radiobiology_params_set_tumor_alpha_per_gy(
	radioembo_radiobiology_params *params, double tumor_alpha_per_gy);
/* Tumour clonogen number N0 (Poisson TCP). */
RADIOEMBO_API int radioembo_radiobiology_params_get_tumor_clonogens(
	const radioembo_radiobiology_params *params, double *tumor_clonogens_out);
RADIOEMBO_API int radioembo_radiobiology_params_set_tumor_clonogens(
	radioembo_radiobiology_params *params, double tumor_clonogens);

/* Liver NTCP TD50 and the dose metric it refers to (always stated together). */
RADIOEMBO_API int radioembo_radiobiology_params_get_liver_ntcp_td50_gy(
	const radioembo_radiobiology_params *params, double *liver_ntcp_td50_gy_out,
	radioembo_dose_metric *metric_out);
RADIOEMBO_API int radioembo_radiobiology_params_set_liver_ntcp_td50_gy(
	radioembo_radiobiology_params *params, double liver_ntcp_td50_gy,
	radioembo_dose_metric metric);
/* LKB slope m and volume parameter n (D_eff = gEUD with a = 1/n). */
RADIOEMBO_API int radioembo_radiobiology_params_get_liver_ntcp_m(
	const radioembo_radiobiology_params *params, double *liver_ntcp_m_out);
RADIOEMBO_API int radioembo_radiobiology_params_set_liver_ntcp_m(
	radioembo_radiobiology_params *params, double liver_ntcp_m);
RADIOEMBO_API int radioembo_radiobiology_params_get_liver_ntcp_n(
	const radioembo_radiobiology_params *params, double *liver_ntcp_n_out);
RADIOEMBO_API int radioembo_radiobiology_params_set_liver_ntcp_n(
	radioembo_radiobiology_params *params, double liver_ntcp_n);

/* Tumour TCP D50 with its dose metric, and the logistic slope gamma50. */
RADIOEMBO_API int radioembo_radiobiology_params_get_tumor_tcp_d50_gy(
	const radioembo_radiobiology_params *params, double *tumor_tcp_d50_gy_out,
	radioembo_dose_metric *metric_out);
RADIOEMBO_API int radioembo_radiobiology_params_set_tumor_tcp_d50_gy(
	radioembo_radiobiology_params *params, double tumor_tcp_d50_gy,
	radioembo_dose_metric metric);
RADIOEMBO_API int radioembo_radiobiology_params_get_tumor_tcp_gamma50(
	const radioembo_radiobiology_params *params, double *tumor_tcp_gamma50_out);
RADIOEMBO_API int radioembo_radiobiology_params_set_tumor_tcp_gamma50(
	radioembo_radiobiology_params *params, double tumor_tcp_gamma50);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_RADIOBIOLOGY_H */
