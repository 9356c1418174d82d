/*
 * Patient selection for radioembolization (radioembo-sources(7) CLINICAL, PRODUCTS;
 * radioembo_clinical(3)): the selection inputs and their eligibility against a product, by
 * the criteria of Hall et al. 2026 and the TheraSphere IFU.
 *
 * Eligibility is a list of reasons, one per criterion, each with a severity and a message
 * that names the value, the cut-off and the source. Unknown inputs are "not assessed",
 * never silently "met". A clinical finding is a result, never an error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "physics/scores.h"
#include "planning/planning.h"

/* ---- selection inputs ------------------------------------------------------------------- */

#define ECOG_MAX 5

struct radioembo_selection {
	radioembo_child_pugh_class child_pugh_class; /* 0 while unknown */
	int child_pugh_score;
	int ecog; /* -1 while unknown */
	/* NaN while unknown */
	double bilirubin_mg_dl, albumin_g_dl, ast_uln_ratio, alt_uln_ratio, tumor_fraction, lsf,
		lung_activity_gbq, lung_session_gy, lung_cumulative_gy;
};

static int require_selection(const void *selection)
{
	return radioembo__require_pointer("selection", selection);
}

int radioembo_selection_new(radioembo_selection **selection_out)
{
	radioembo_selection *selection;
	int rc;

	if ((rc = radioembo__require_pointer("selection_out", selection_out)))
		return rc;
	if ((selection = radioembo__allocate(sizeof *selection, "a selection")) == NULL)
		return RADIOEMBO_ENOMEM;
	selection->ecog = -1;
	selection->bilirubin_mg_dl = NAN;
	selection->albumin_g_dl = NAN;
	selection->ast_uln_ratio = NAN;
	selection->alt_uln_ratio = NAN;
	selection->tumor_fraction = NAN;
	selection->lsf = NAN;
	selection->lung_activity_gbq = NAN;
	selection->lung_session_gy = NAN;
	selection->lung_cumulative_gy = NAN;
	*selection_out = selection;
	return RADIOEMBO_OK;
}

int radioembo_selection_copy(const radioembo_selection *selection, radioembo_selection **copy_out)
{
	radioembo_selection *copy;
	int rc;

	if ((rc = require_selection(selection)) ||
	    (rc = radioembo__require_pointer("copy_out", copy_out)))
		return rc;
	if ((copy = radioembo__allocate(sizeof *copy, "a selection")) == NULL)
		return RADIOEMBO_ENOMEM;
	*copy = *selection;
	*copy_out = copy;
	return RADIOEMBO_OK;
}

void radioembo_selection_free(radioembo_selection *selection)
{
	free(selection);
}

int radioembo_selection_set_child_pugh(radioembo_selection *selection,
				       radioembo_child_pugh_class child_pugh_class, int score)
{
	int rc;

	if ((rc = require_selection(selection)))
		return rc;
	if ((int)child_pugh_class < RADIOEMBO_CHILD_PUGH_A ||
	    (int)child_pugh_class > RADIOEMBO_CHILD_PUGH_C)
		return radioembo__fail(RADIOEMBO_EINVAL, "child_pugh_class",
				       "child_pugh_class must be a radioembo_child_pugh_class "
				       "value (1..3), got %d",
				       (int)child_pugh_class);
	if (score < 5 || score > 15)
		return radioembo__fail(RADIOEMBO_EINVAL, "score",
				       "score must be within 5..15, got %d", score);
	if (radioembo__child_pugh_class_of_score(score) != child_pugh_class)
		return radioembo__fail(RADIOEMBO_EINVAL, "score",
				       "score %d is not in Child-Pugh class %c (A 5-6, B 7-9, "
				       "C 10-15)",
				       score, "?ABC"[child_pugh_class]);
	selection->child_pugh_class = child_pugh_class;
	selection->child_pugh_score = score;
	return RADIOEMBO_OK;
}

int radioembo_selection_set_ecog(radioembo_selection *selection, int ecog)
{
	int rc;

	if ((rc = require_selection(selection)))
		return rc;
	if (ecog < 0 || ecog > ECOG_MAX)
		return radioembo__fail(RADIOEMBO_EINVAL, "ecog", "ecog must be within 0..5, got %d",
				       ecog);
	selection->ecog = ecog;
	return RADIOEMBO_OK;
}

/* The selection, then one value's own check: the first failure, or RADIOEMBO_OK. */
static int require_selection_and(const radioembo_selection *selection, int check)
{
	int rc;

	if ((rc = require_selection(selection)))
		return rc;
	return check;
}

int radioembo_selection_set_bilirubin_mg_dl(radioembo_selection *selection, double bilirubin_mg_dl)
{
	int rc;

	if ((rc = require_selection_and(selection, radioembo__require_nonnegative(
							   "bilirubin_mg_dl", bilirubin_mg_dl))))
		return rc;
	selection->bilirubin_mg_dl = bilirubin_mg_dl;
	return RADIOEMBO_OK;
}

int radioembo_selection_set_albumin_g_dl(radioembo_selection *selection, double albumin_g_dl)
{
	int rc;

	if ((rc = require_selection_and(selection,
					radioembo__require_within("albumin_g_dl", albumin_g_dl, 0.0,
								  RADIOEMBO__ALBUMIN_MAX_G_DL))))
		return rc;
	selection->albumin_g_dl = albumin_g_dl;
	return RADIOEMBO_OK;
}

int radioembo_selection_set_ast_uln_ratio(radioembo_selection *selection, double ast_uln_ratio)
{
	int rc;

	if ((rc = require_selection_and(
		     selection, radioembo__require_nonnegative("ast_uln_ratio", ast_uln_ratio))))
		return rc;
	selection->ast_uln_ratio = ast_uln_ratio;
	return RADIOEMBO_OK;
}

int radioembo_selection_set_alt_uln_ratio(radioembo_selection *selection, double alt_uln_ratio)
{
	int rc;

	if ((rc = require_selection_and(
		     selection, radioembo__require_nonnegative("alt_uln_ratio", alt_uln_ratio))))
		return rc;
	selection->alt_uln_ratio = alt_uln_ratio;
	return RADIOEMBO_OK;
}

int radioembo_selection_set_tumor_fraction(radioembo_selection *selection, double tumor_fraction)
{
	int rc;

	if ((rc = require_selection_and(
		     selection,
		     radioembo__require_within("tumor_fraction", tumor_fraction, 0.0, 1.0))))
		return rc;
	selection->tumor_fraction = tumor_fraction;
	return RADIOEMBO_OK;
}

int radioembo_selection_set_lsf(radioembo_selection *selection, double lsf)
{
	int rc;

	if ((rc = require_selection_and(selection,
					radioembo__require_within("lsf", lsf, 0.0, 1.0))))
		return rc;
	selection->lsf = lsf;
	return RADIOEMBO_OK;
}

int radioembo_selection_set_lung_activity_gbq(radioembo_selection *selection,
					      double lung_activity_gbq)
{
	int rc;

	if ((rc = require_selection_and(
		     selection,
		     radioembo__require_nonnegative("lung_activity_gbq", lung_activity_gbq))))
		return rc;
	selection->lung_activity_gbq = lung_activity_gbq;
	return RADIOEMBO_OK;
}

int radioembo_selection_set_lung_dose_gy(radioembo_selection *selection, double session_gy,
					 double cumulative_gy)
{
	char text[RADIOEMBO__DOUBLE_TEXT_SIZE], other[RADIOEMBO__DOUBLE_TEXT_SIZE];
	int rc;

	if ((rc = require_selection(selection)) ||
	    (rc = radioembo__require_nonnegative("session_gy", session_gy)) ||
	    (rc = radioembo__require_nonnegative("cumulative_gy", cumulative_gy)))
		return rc;
	if (cumulative_gy < session_gy)
		return radioembo__fail(RADIOEMBO_EINVAL, "cumulative_gy",
				       "cumulative_gy must be >= session_gy (%s), got %s",
				       radioembo__format_double(session_gy, other),
				       radioembo__format_double(cumulative_gy, text));
	selection->lung_session_gy = session_gy;
	selection->lung_cumulative_gy = cumulative_gy;
	return RADIOEMBO_OK;
}

/* ---- eligibility ------------------------------------------------------------------------ */

#define CRITERION_COUNT 10 /* the highest radioembo_eligibility_criterion value */
#define MESSAGE_SIZE 320

/* Cut-offs with their sources (radioembo-sources(7) CLINICAL, PRODUCTS). */
#define ECOG_ELIGIBLE_MAX 1	   /* Hall 2026: ECOG 0-1 */
#define ECOG_IFU_MAX 2		   /* TheraSphere IFU: ECOG > 2 contraindicated */
#define IFU_BILIRUBIN_MG_DL 2.0	   /* TheraSphere IFU warning: > 2 mg/dL */
#define RESIN_LSF_MAX 0.20	   /* SIR-Spheres (US): > 20 % lung shunting */
#define IFU_TUMOR_REPLACEMENT 0.70 /* TheraSphere IFU contraindication: > 70 % */
#define IFU_TRANSAMINASE_ULN 5.0   /* TheraSphere IFU warning: AST or ALT > 5 x ULN */
#define IFU_TUMOR_VOLUME 0.50	   /* TheraSphere IFU warning: tumour > 50 % ... */
#define IFU_ALBUMIN_G_DL 3.0	   /* ... with albumin < 3 g/dL */

#define HALL "Hall et al., Hepatoma Res 2026"
#define IFU "TheraSphere IFU"

struct reason {
	radioembo_eligibility_criterion criterion;
	radioembo_eligibility_severity severity;
	char message[MESSAGE_SIZE];
};

struct radioembo_eligibility {
	size_t count;
	struct reason reasons[CRITERION_COUNT];
};

static void add_reason(radioembo_eligibility *eligibility,
		       radioembo_eligibility_criterion criterion,
		       radioembo_eligibility_severity severity, const char *format, ...)
	RADIOEMBO__PRINTF(4, 5);

static void add_reason(radioembo_eligibility *eligibility,
		       radioembo_eligibility_criterion criterion,
		       radioembo_eligibility_severity severity, const char *format, ...)
{
	struct reason *reason = &eligibility->reasons[eligibility->count++];
	va_list args;

	reason->criterion = criterion;
	reason->severity = severity;
	va_start(args, format);
	vsnprintf(reason->message, sizeof reason->message, format, args);
	va_end(args);
}

static void check_child_pugh(radioembo_eligibility *e, const radioembo_selection *s)
{
	const radioembo_eligibility_criterion c = RADIOEMBO_CRITERION_CHILD_PUGH;
	int score = s->child_pugh_score;

	if (s->child_pugh_class == 0)
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_NOT_ASSESSED,
			   "Child-Pugh class not given: not assessed");
	else if (s->child_pugh_class == RADIOEMBO_CHILD_PUGH_A)
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_OK,
			   "Child-Pugh A%d: eligible (A or selected B7; " HALL ")", score);
	else if (score == 7)
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_WARNING,
			   "Child-Pugh B7: selected patients only (A or selected B7; " HALL ")");
	else if (s->child_pugh_class == RADIOEMBO_CHILD_PUGH_B)
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_CONTRAINDICATION,
			   "Child-Pugh B%d: outside A or selected B7 (" HALL ")", score);
	else
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_CONTRAINDICATION,
			   "Child-Pugh C%d: severe liver dysfunction (" IFU
			   " contraindication; outside A or selected B7, " HALL ")",
			   score);
}

static void check_ecog(radioembo_eligibility *e, const radioembo_selection *s)
{
	const radioembo_eligibility_criterion c = RADIOEMBO_CRITERION_ECOG;

	if (s->ecog < 0)
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_NOT_ASSESSED,
			   "ECOG performance status not given: not assessed");
	else if (s->ecog <= ECOG_ELIGIBLE_MAX)
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_OK, "ECOG %d: eligible (0-1; " HALL ")",
			   s->ecog);
	else if (s->ecog <= ECOG_IFU_MAX)
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_WARNING,
			   "ECOG %d: outside 0-1 (" HALL "); the " IFU
			   " contraindicates only ECOG > 2",
			   s->ecog);
	else
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_CONTRAINDICATION,
			   "ECOG %d: > 2 (" IFU " contraindication; 0-1 in " HALL ")", s->ecog);
}

static void check_bilirubin(radioembo_eligibility *e, const radioembo_selection *s)
{
	const radioembo_eligibility_criterion c = RADIOEMBO_CRITERION_BILIRUBIN;

	if (isnan(s->bilirubin_mg_dl))
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_NOT_ASSESSED,
			   "bilirubin not given: not assessed");
	else if (s->bilirubin_mg_dl > IFU_BILIRUBIN_MG_DL)
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_WARNING,
			   "bilirubin %g mg/dL > 2 mg/dL (" IFU " warning; baseline bilirubin "
			   "informs risk, " HALL ")",
			   s->bilirubin_mg_dl);
	else
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_OK,
			   "bilirubin %g mg/dL <= 2 mg/dL (" IFU ")", s->bilirubin_mg_dl);
}

static void check_lung_shunt(radioembo_eligibility *e, const radioembo_selection *s,
			     radioembo_product_kind kind)
{
	const radioembo_eligibility_criterion c = RADIOEMBO_CRITERION_LUNG_SHUNT;

	if (isnan(s->lsf))
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_NOT_ASSESSED,
			   "lung shunt fraction not given: not assessed");
	else if (kind != RADIOEMBO_PRODUCT_KIND_RESIN)
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_OK,
			   "lung shunt fraction %g: for this product the lung activity and "
			   "lung dose decide",
			   s->lsf);
	else if (s->lsf > RESIN_LSF_MAX)
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_CONTRAINDICATION,
			   "lung shunt fraction %g > 0.20 (SIR-Spheres US labelling: greater "
			   "than 20 %% lung shunting)",
			   s->lsf);
	else
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_OK,
			   "lung shunt fraction %g <= 0.20 (SIR-Spheres US labelling; above 0.10 "
			   "the BSA activity is reduced)",
			   s->lsf);
}

/* A measured value against a product limit (NaN: the product sets none). */
static void check_limit(radioembo_eligibility *e, radioembo_eligibility_criterion c, double value,
			double limit, const char *what, const char *unit, const char *product_name)
{
	if (isnan(value))
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_NOT_ASSESSED, "%s not given: not assessed",
			   what);
	else if (isnan(limit))
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_OK,
			   "%s %g %s: product \"%.64s\" sets no limit", what, value, unit,
			   product_name);
	else if (value > limit)
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_CONTRAINDICATION,
			   "%s %g %s > limit %g %s of product \"%.64s\" at the planned activity",
			   what, value, unit, limit, unit, product_name);
	else
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_OK,
			   "%s %g %s <= limit %g %s of product \"%.64s\"", what, value, unit, limit,
			   unit, product_name);
}

static void check_tumor_replacement(radioembo_eligibility *e, const radioembo_selection *s,
				    radioembo_product_kind kind)
{
	const radioembo_eligibility_criterion c = RADIOEMBO_CRITERION_TUMOR_REPLACEMENT;

	if (isnan(s->tumor_fraction))
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_NOT_ASSESSED,
			   "tumour replacement not given: not assessed");
	else if (s->tumor_fraction <= IFU_TUMOR_REPLACEMENT)
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_OK,
			   "tumour replacement %g <= 0.70 (" IFU ")", s->tumor_fraction);
	else if (kind == RADIOEMBO_PRODUCT_KIND_GLASS)
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_CONTRAINDICATION,
			   "tumour replacement %g > 0.70 (" IFU " contraindication)",
			   s->tumor_fraction);
	else
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_WARNING,
			   "tumour replacement %g > 0.70 (a contraindication in the " IFU
			   "; applied as a warning to other products)",
			   s->tumor_fraction);
}

static void check_transaminases(radioembo_eligibility *e, const radioembo_selection *s)
{
	const radioembo_eligibility_criterion c = RADIOEMBO_CRITERION_TRANSAMINASES;
	double ast = s->ast_uln_ratio, alt = s->alt_uln_ratio;

	if (isnan(ast) && isnan(alt))
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_NOT_ASSESSED,
			   "AST and ALT not given: not assessed");
	else if (ast > IFU_TRANSAMINASE_ULN || alt > IFU_TRANSAMINASE_ULN)
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_WARNING,
			   "%s %g x ULN > 5 x ULN (" IFU " warning)",
			   ast > IFU_TRANSAMINASE_ULN ? "AST" : "ALT",
			   ast > IFU_TRANSAMINASE_ULN ? ast : alt);
	else if (isnan(ast) || isnan(alt))
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_NOT_ASSESSED,
			   "%s %g x ULN <= 5 x ULN, %s not given: not assessed",
			   isnan(ast) ? "ALT" : "AST", isnan(ast) ? alt : ast,
			   isnan(ast) ? "AST" : "ALT");
	else
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_OK,
			   "AST %g and ALT %g x ULN <= 5 x ULN (" IFU ")", ast, alt);
}

static void check_tumor_volume_albumin(radioembo_eligibility *e, const radioembo_selection *s)
{
	const radioembo_eligibility_criterion c = RADIOEMBO_CRITERION_TUMOR_VOLUME_ALBUMIN;

	if (isnan(s->tumor_fraction))
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_NOT_ASSESSED,
			   "tumour volume not given: not assessed");
	else if (s->tumor_fraction <= IFU_TUMOR_VOLUME)
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_OK,
			   "tumour volume %g <= 0.50 of the liver (" IFU ")", s->tumor_fraction);
	else if (isnan(s->albumin_g_dl))
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_NOT_ASSESSED,
			   "tumour volume %g > 0.50 of the liver, albumin not given: not "
			   "assessed",
			   s->tumor_fraction);
	else if (s->albumin_g_dl < IFU_ALBUMIN_G_DL)
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_WARNING,
			   "tumour volume %g > 0.50 of the liver with albumin %g g/dL < 3 g/dL "
			   "(" IFU " warning)",
			   s->tumor_fraction, s->albumin_g_dl);
	else
		add_reason(e, c, RADIOEMBO_ELIGIBILITY_OK,
			   "tumour volume %g > 0.50 of the liver but albumin %g g/dL >= 3 g/dL "
			   "(" IFU ")",
			   s->tumor_fraction, s->albumin_g_dl);
}

int radioembo_eligibility_evaluate(const radioembo_selection *selection,
				   const radioembo_product *product,
				   radioembo_eligibility **eligibility_out)
{
	radioembo_eligibility *e;
	radioembo_product_kind kind;
	const char *name;
	int rc;

	if ((rc = require_selection(selection)) ||
	    (rc = radioembo__require_pointer("product", product)) ||
	    (rc = radioembo__require_pointer("eligibility_out", eligibility_out)) ||
	    (rc = radioembo_product_get_kind(product, &kind)))
		return rc;
	if ((e = radioembo__allocate(sizeof *e, "an eligibility")) == NULL)
		return RADIOEMBO_ENOMEM;
	name = radioembo_product_name(product);
	/* one reason per criterion, in the order of radioembo_eligibility_criterion */
	check_child_pugh(e, selection);
	check_ecog(e, selection);
	check_bilirubin(e, selection);
	check_lung_shunt(e, selection, kind);
	check_limit(
		e, RADIOEMBO_CRITERION_LUNG_ACTIVITY, selection->lung_activity_gbq,
		radioembo__product_value(product, RADIOEMBO_PRODUCT_FIELD_LUNG_ACTIVITY_LIMIT_GBQ),
		"lung activity", "GBq", name);
	check_limit(e, RADIOEMBO_CRITERION_LUNG_DOSE_SESSION, selection->lung_session_gy,
		    radioembo__product_value(product,
					     RADIOEMBO_PRODUCT_FIELD_LUNG_DOSE_LIMIT_SESSION_GY),
		    "lung dose of this session", "Gy", name);
	check_limit(e, RADIOEMBO_CRITERION_LUNG_DOSE_CUMULATIVE, selection->lung_cumulative_gy,
		    radioembo__product_value(product,
					     RADIOEMBO_PRODUCT_FIELD_LUNG_DOSE_LIMIT_CUMULATIVE_GY),
		    "cumulative lung dose", "Gy", name);
	check_tumor_replacement(e, selection, kind);
	check_transaminases(e, selection);
	check_tumor_volume_albumin(e, selection);
	*eligibility_out = e;
	return RADIOEMBO_OK;
}

void radioembo_eligibility_free(radioembo_eligibility *eligibility)
{
	free(eligibility);
}

static int require_eligibility(const void *eligibility)
{
	return radioembo__require_pointer("eligibility", eligibility);
}

int radioembo_eligibility_reason_count(const radioembo_eligibility *eligibility, size_t *count_out)
{
	int rc;

	if ((rc = require_eligibility(eligibility)) ||
	    (rc = radioembo__require_pointer("count_out", count_out)))
		return rc;
	*count_out = eligibility->count;
	return RADIOEMBO_OK;
}

int radioembo_eligibility_get_reason(const radioembo_eligibility *eligibility, size_t index,
				     radioembo_eligibility_criterion *criterion_out,
				     radioembo_eligibility_severity *severity_out)
{
	int rc;

	if ((rc = require_eligibility(eligibility)))
		return rc;
	if (index >= eligibility->count)
		return radioembo__fail(RADIOEMBO_EINVAL, "index", "index must be < %zu, got %zu",
				       eligibility->count, index);
	if ((rc = radioembo__require_pointer("criterion_out", criterion_out)) ||
	    (rc = radioembo__require_pointer("severity_out", severity_out)))
		return rc;
	*criterion_out = eligibility->reasons[index].criterion;
	*severity_out = eligibility->reasons[index].severity;
	return RADIOEMBO_OK;
}

const char *radioembo_eligibility_reason_message(const radioembo_eligibility *eligibility,
						 size_t index)
{
	if (eligibility == NULL || index >= eligibility->count)
		return NULL;
	return eligibility->reasons[index].message;
}

int radioembo_eligibility_worst_severity(const radioembo_eligibility *eligibility,
					 radioembo_eligibility_severity *severity_out)
{
	radioembo_eligibility_severity worst = RADIOEMBO_ELIGIBILITY_OK;
	size_t i;
	int rc;

	if ((rc = require_eligibility(eligibility)) ||
	    (rc = radioembo__require_pointer("severity_out", severity_out)))
		return rc;
	for (i = 0; i < eligibility->count; i++)
		if (eligibility->reasons[i].severity > worst)
			worst = eligibility->reasons[i].severity;
	*severity_out = worst;
	return RADIOEMBO_OK;
}
