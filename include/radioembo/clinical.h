/*
 * libradioembo - radioembolization planning and dosimetry
 * clinical.h: patient selection for radioembolization: Child-Pugh, ALBI, MELD-Na and MELD 3.0
 * liver function scores (MELD: see the radioembo_meld man page), an eligibility check that
 * returns its reasons (never a bare yes or no), and the window for starting systemic therapy
 * after Y-90.
 *
 * Bilirubin in mg/dL or umol/L and albumin in g/dL or g/L, as each name says; fractions
 * are 0..1. Criteria, cut-offs, edge rules and sources are listed in the radioembo_clinical man
 * page (section 3).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLINICAL_H
#define RADIOEMBO_CLINICAL_H

#include "common.h"
#include "product.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Child-Pugh and ALBI ------------------------------------------------------------ */

/* Values are frozen and append-only. */
typedef enum {
	RADIOEMBO_ASCITES_NONE = 0,
	RADIOEMBO_ASCITES_MILD = 1,            /* mild, easily controlled */
	RADIOEMBO_ASCITES_MODERATE_SEVERE = 2  /* moderate to severe, poorly controlled */
} radioembo_ascites;

typedef enum {
	RADIOEMBO_ENCEPHALOPATHY_NONE = 0,
	RADIOEMBO_ENCEPHALOPATHY_GRADE_1_2 = 1,
	RADIOEMBO_ENCEPHALOPATHY_GRADE_3_4 = 2
} radioembo_encephalopathy;

typedef enum {
	RADIOEMBO_CHILD_PUGH_A = 1, /* 5-6 points */
	RADIOEMBO_CHILD_PUGH_B = 2, /* 7-9 points */
	RADIOEMBO_CHILD_PUGH_C = 3  /* 10-15 points */
} radioembo_child_pugh_class;

/*
 * Child-Pugh score (5..15) and class, Pugh 1973 with INR: bilirubin < 2 / 2-3 / > 3 mg/dL,
 * albumin > 3.5 / 2.8-3.5 / < 2.8 g/dL, INR < 1.7 / 1.7-2.3 / > 2.3; the middle band
 * includes both of its edges. bilirubin >= 0, albumin within [0, 10] g/dL, inr > 0.
 */
RADIOEMBO_API int radioembo_child_pugh_score(double bilirubin_mg_dl, double albumin_g_dl,
					     double inr, radioembo_ascites ascites,
					     radioembo_encephalopathy encephalopathy,
					     int *score_out,
					     radioembo_child_pugh_class *class_out);

/*
 * The published variants: the lower albumin cut-off albumin_cutoff_g_dl (2.8 standard, 3.0
 * in Harrison's; within (0, 3.5)), and cholestatic = 1 for the PBC/PSC bilirubin bands
 * < 4 / 4-10 / > 10 mg/dL (0 for the standard bands).
 */
RADIOEMBO_API int radioembo_child_pugh_score_variant(double bilirubin_mg_dl,
						     double albumin_g_dl, double inr,
						     radioembo_ascites ascites,
						     radioembo_encephalopathy encephalopathy,
						     double albumin_cutoff_g_dl, int cholestatic,
						     int *score_out,
						     radioembo_child_pugh_class *class_out);

/*
 * ALBI = 0.66 log10(bilirubin umol/L) - 0.085 albumin g/L (Johnson 2015); grade 1 if
 * <= -2.60, 2 if <= -1.39, else 3. bilirubin > 0, albumin within [0, 100] g/L.
 */
RADIOEMBO_API int radioembo_albi_score(double bilirubin_umol_l, double albumin_g_l,
				       double *score_out, int *grade_out);

/*
 * The albumin coefficient of ALBI. Johnson 2015 publishes -0.085; some calculators print
 * -0.0852, which moves a score by 0.0002 per g/L and can change the grade near a cut-off.
 * Values are frozen and append-only.
 */
typedef enum {
	RADIOEMBO_ALBI_JOHNSON_2015 = 1,    /* -0.085 per g/L, the published formula (default) */
	RADIOEMBO_ALBI_COEFFICIENT_0852 = 2 /* -0.0852 per g/L, as some calculators print it */
} radioembo_albi_convention;

/* radioembo_albi_score() with the albumin coefficient of convention; same cut-offs. */
RADIOEMBO_API int radioembo_albi_score_variant(double bilirubin_umol_l, double albumin_g_l,
					       radioembo_albi_convention convention,
					       double *score_out, int *grade_out);

/* ---- eligibility for radioembolization ---------------------------------------------- */

/*
 * What is known of the patient. Every input starts unknown; a criterion whose inputs are
 * unknown is reported as not assessed, never as met.
 */
typedef struct radioembo_selection radioembo_selection;

/* The outcome: one reason per criterion, in the order of radioembo_eligibility_criterion. */
typedef struct radioembo_eligibility radioembo_eligibility;

/* The criteria checked. Values are frozen and append-only. */
typedef enum {
	RADIOEMBO_CRITERION_CHILD_PUGH = 1,          /* A, or selected B7 (Hall 2026) */
	RADIOEMBO_CRITERION_ECOG = 2,                /* 0-1 (Hall 2026); > 2 (IFU) */
	RADIOEMBO_CRITERION_BILIRUBIN = 3,           /* > 2 mg/dL (IFU warning) */
	RADIOEMBO_CRITERION_LUNG_SHUNT = 4,          /* resin: LSF > 20 % */
	RADIOEMBO_CRITERION_LUNG_ACTIVITY = 5,       /* glass: > 0.61 GBq to the lungs (IFU) */
	RADIOEMBO_CRITERION_LUNG_DOSE_SESSION = 6,   /* the product's session limit */
	RADIOEMBO_CRITERION_LUNG_DOSE_CUMULATIVE = 7, /* the product's cumulative limit */
	RADIOEMBO_CRITERION_TUMOR_REPLACEMENT = 8,   /* > 70 % of the liver (IFU) */
	RADIOEMBO_CRITERION_TRANSAMINASES = 9,       /* AST or ALT > 5 x ULN (IFU warning) */
	RADIOEMBO_CRITERION_TUMOR_VOLUME_ALBUMIN = 10 /* > 50 % with albumin < 3 g/dL (IFU) */
} radioembo_eligibility_criterion;

/* How a criterion came out, from best to worst. Values are frozen and append-only. */
typedef enum {
	RADIOEMBO_ELIGIBILITY_OK = 1,               /* met; the message says by how much */
	RADIOEMBO_ELIGIBILITY_NOT_ASSESSED = 2,     /* an input is unknown */
	RADIOEMBO_ELIGIBILITY_WARNING = 3,          /* a risk to weigh, not a bar */
	RADIOEMBO_ELIGIBILITY_CONTRAINDICATION = 4  /* outside the selection criteria or IFU */
} radioembo_eligibility_severity;

RADIOEMBO_API int radioembo_selection_new(radioembo_selection **selection_out);
RADIOEMBO_API int radioembo_selection_copy(const radioembo_selection *selection,
					   radioembo_selection **copy_out);
RADIOEMBO_API void radioembo_selection_free(radioembo_selection *selection);

/* Child-Pugh class and score, as radioembo_child_pugh_score() gives them (consistent). */
RADIOEMBO_API int radioembo_selection_set_child_pugh(radioembo_selection *selection,
						     radioembo_child_pugh_class child_pugh_class,
						     int score);
/* ECOG performance status, 0..5. */
RADIOEMBO_API int radioembo_selection_set_ecog(radioembo_selection *selection, int ecog);
/* Serum total bilirubin, mg/dL (>= 0). */
RADIOEMBO_API int radioembo_selection_set_bilirubin_mg_dl(radioembo_selection *selection,
							  double bilirubin_mg_dl);
/* Serum albumin, g/dL, within [0, 10]. */
RADIOEMBO_API int radioembo_selection_set_albumin_g_dl(radioembo_selection *selection,
						       double albumin_g_dl);
/* AST and ALT as multiples of the upper limit of normal (>= 0). */
RADIOEMBO_API int radioembo_selection_set_ast_uln_ratio(radioembo_selection *selection,
							double ast_uln_ratio);
RADIOEMBO_API int radioembo_selection_set_alt_uln_ratio(radioembo_selection *selection,
							double alt_uln_ratio);
/* Tumour share of the whole liver volume (tumour replacement), within [0, 1]. */
RADIOEMBO_API int radioembo_selection_set_tumor_fraction(radioembo_selection *selection,
							 double tumor_fraction);
/* Lung shunt fraction, within [0, 1]. */
RADIOEMBO_API int radioembo_selection_set_lsf(radioembo_selection *selection, double lsf);
/* Planned activity reaching the lungs (injected activity x LSF), GBq (>= 0). */
RADIOEMBO_API int radioembo_selection_set_lung_activity_gbq(radioembo_selection *selection,
							    double lung_activity_gbq);
/*
 * Predicted lung dose of this session and with earlier sessions added, Gy (see
 * radioembo_shunt_lung_dose_gy()); 0 <= session_gy <= cumulative_gy.
 */
RADIOEMBO_API int radioembo_selection_set_lung_dose_gy(radioembo_selection *selection,
						       double session_gy, double cumulative_gy);

/*
 * Checks every criterion for treatment with product (whose kind and lung limits apply).
 * The eligibility is independent of both arguments afterwards.
 */
RADIOEMBO_API int radioembo_eligibility_evaluate(const radioembo_selection *selection,
						 const radioembo_product *product,
						 radioembo_eligibility **eligibility_out);
RADIOEMBO_API void radioembo_eligibility_free(radioembo_eligibility *eligibility);

RADIOEMBO_API int radioembo_eligibility_reason_count(const radioembo_eligibility *eligibility,
						     size_t *count_out);
RADIOEMBO_API int radioembo_eligibility_get_reason(const radioembo_eligibility *eligibility,
						   size_t index,
						   radioembo_eligibility_criterion *criterion_out,
						   radioembo_eligibility_severity *severity_out);
/* The reason's message with its source, borrowed; NULL if index is out of range. */
RADIOEMBO_API const char *radioembo_eligibility_reason_message(
	const radioembo_eligibility *eligibility, size_t index);
/* The worst severity over all reasons. */
RADIOEMBO_API int radioembo_eligibility_worst_severity(
	const radioembo_eligibility *eligibility, radioembo_eligibility_severity *severity_out);

/* ---- sequencing with systemic therapy ----------------------------------------------- */

/* Values are frozen and append-only. */
typedef enum {
	RADIOEMBO_SYSTEMIC_SEQUENTIAL = 1, /* systemic therapy after Y-90 */
	RADIOEMBO_SYSTEMIC_CONCURRENT = 2  /* systemic therapy alongside Y-90: less studied */
} radioembo_systemic_sequencing;

/*
 * When to start systemic therapy (Hall 2026): sequential, 2 to 4 weeks after the Y-90
 * treatment instant; concurrent, at the treatment instant (start = end).
 */
RADIOEMBO_API int radioembo_systemic_therapy_window(int64_t treatment_s,
						    radioembo_systemic_sequencing sequencing,
						    int64_t *start_s_out, int64_t *end_s_out);

/* ---- MELD-Na and MELD 3.0 ---------------------------------------------------------- */

/*
 * MELD-Na as the OPTN allocation rule of 2016 computes it: bilirubin, creatinine and INR
 * below 1.0 are set to 1.0, creatinine above 4.0 mg/dL (or any, with dialysis = 1: twice in
 * the week before, or 24 h of CVVHD) to 4.0; MELD = 10 x round(0.957 ln Cr + 0.378 ln bili
 * + 1.120 ln INR + 0.643, to the tenth); above 11, MELD-Na = MELD + 1.32 (137 - Na)
 * - 0.033 MELD (137 - Na) with Na bounded to [125, 137], rounded to an integer; at most 40.
 * bilirubin and creatinine >= 0, inr and sodium > 0, dialysis 0 or 1.
 */
RADIOEMBO_API int radioembo_meld_na_score(double bilirubin_mg_dl, double creatinine_mg_dl,
					  double inr, double sodium_mmol_l, int dialysis,
					  int *score_out);

/*
 * MELD 3.0 (Kim et al., Gastroenterology 2021), adults: 1.33 female + 4.56 ln bili
 * + 0.82 (137 - Na) - 0.24 (137 - Na) ln bili + 9.09 ln INR + 11.14 ln Cr + 1.85 (3.5 - alb)
 * - 1.83 (3.5 - alb) ln Cr + 6, rounded to an integer, at most 40; lower bounds 1.0 as for
 * MELD-Na, creatinine capped at (and with dialysis = 1 set to) 3.0 mg/dL, Na bounded to
 * [125, 137], albumin to [1.5, 3.5] g/dL. albumin_g_dl within [0, 10]; female 0 or 1.
 */
RADIOEMBO_API int radioembo_meld3_score(double bilirubin_mg_dl, double creatinine_mg_dl, double inr,
					double sodium_mmol_l, double albumin_g_dl, int female,
					int dialysis, int *score_out);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_CLINICAL_H */
