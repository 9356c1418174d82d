/*
 * The case file (radioembo-case(5)) read into library objects, and the report document
 * computed from it: private to lib/case/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CASE_INTERNAL_H
#define RADIOEMBO_CASE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "planning/planning.h"

/* The case schema this reader understands. */
#define CASE__SCHEMA_VERSION 1
/* The report's own schema version (the JSON report's "schema_version"). */
#define CASE__REPORT_SCHEMA_VERSION 1

/* Monte Carlo settings when the case and the caller give none (radioembo-case(5)). */
#define CASE__DEFAULT_SAMPLES 10000
#define CASE__DEFAULT_SEED 1
/* Bounds of "samples" (the library keeps every sample) and "seed" (2^53 - 1, so that the
 * seed the report repeats reads back exactly in every JSON reader). */
#define CASE__MIN_SAMPLES 2
#define CASE__MAX_SAMPLES 10000000
#define CASE__MAX_SEED 9007199254740991.0

/* A key path in a case file, for messages: a very long key is cut short. */
#define CASE__PATH_SIZE 160

/* A case: the plan ready to compute, and what the report repeats. */
struct radioembo_case {
	char *id, *description; /* NULL when absent */
	radioembo_product *product;
	radioembo_liver *liver;
	radioembo_lung *lung;
	radioembo_plan *plan;	 /* holds its own copies of product, liver, lung and vial */
	char *treated_territory; /* NULL: the whole liver */
	radioembo_prescription prescription;
	double prescribed_value; /* GBq or Gy; unused for max_safe */
	size_t prescribed_lesion;
	radioembo_model model; /* the model whose activity the report centres on; 0: default */
	int has_treatment, has_calibration, has_vial, has_patient;
	int64_t treatment_s, calibration_s, vial_calibration_s;
	double height_cm, weight_kg, vial_activity_gbq;
	/* The "uncertainty" section; uncertainty is NULL when the case has none. */
	radioembo_uncertainty *uncertainty;
	radioembo_propagation_method uncertainty_method; /* 0: propagate only if asked */
	radioembo_model uncertainty_model;		 /* 0: the report's chosen model */
	uint64_t seed;
	size_t samples;
};

/* ---- reading: JSON access that names the key at fault (json_read.c) ------------------ */

struct case__reader {
	struct radioembo_case *c;
	json_t *territories;	   /* the "territories" array, or NULL */
	json_t *lesions;	   /* the "lesions" array, or NULL */
	char key[CASE__PATH_SIZE]; /* the key path of a failure, "" for none */
};

/*
 * Every failure records its key path in r->key and its message (which starts with the key
 * path, as radioembo-case(5) shows) for radioembo_last_error_message(); parameter "text".
 */
int case__fail(struct case__reader *r, int status, const char *key, const char *format, ...)
	RADIOEMBO__PRINTF(4, 5);
int case__wrong_type(struct case__reader *r, const char *path, json_t *value, const char *expected);
/* A library call refused value at path: its message, which names the value, follows. */
int case__refused(struct case__reader *r, int rc, const char *path, json_t *value);
/*
 * A library call refused one of several members of object: the member named by
 * radioembo_last_error_parameter() (the library's parameters are named like the keys) if
 * object has it, else the object itself.
 */
int case__refused_member(struct case__reader *r, int rc, const char *path, json_t *object);
/* A library call's status: 0 stays 0; a refusal is reported at path.key. */
int case__apply(struct case__reader *r, int rc, json_t *object, const char *path, const char *key);

void case__join(char *out, const char *parent, const char *key);
void case__join_index(char *out, const char *parent, size_t index);
void case__value_text(json_t *value, char *text, size_t size);

/* Every key of object must be one of allowed (NULL-terminated). */
int case__check_keys(struct case__reader *r, json_t *object, const char *path,
		     const char *const *allowed);
int case__require_object(struct case__reader *r, json_t *value, const char *path,
			 const char *const *allowed);
/* A member; JSON null counts as absent. */
json_t *case__member(json_t *object, const char *key);
int case__missing(struct case__reader *r, const char *path, const char *key);
/* *present_out (may be NULL if required) tells whether the key was there. */
int case__get_number(struct case__reader *r, json_t *object, const char *path, const char *key,
		     int required, double *value_out, int *present_out);
int case__get_string(struct case__reader *r, json_t *object, const char *path, const char *key,
		     int required, const char **value_out);
int case__get_instant(struct case__reader *r, json_t *object, const char *path, const char *key,
		      int required, int64_t *seconds_out, int *present_out);
/* An optional whole number within [low, high] (JSON integers only: 1e4 is a real). */
int case__get_whole(struct case__reader *r, json_t *object, const char *path, const char *key,
		    double low, double high, double *value_out, int *present_out);
int case__duplicate(struct case__reader *r, const char *text, char **copy_out);
/* Index of the element of array whose "label" is label, or -1. */
long case__find_label(json_t *array, const char *label);

/* The sections (read_anatomy.c, read_plan.c). */
int case__read_product(struct case__reader *r, json_t *product);
int case__read_liver(struct case__reader *r, json_t *liver);
int case__read_territories(struct case__reader *r, json_t *territories);
int case__read_lesions(struct case__reader *r, json_t *lesions);
int case__read_lungs(struct case__reader *r, json_t *lungs);
int case__read_root(struct case__reader *r, json_t *root);

/* The thread's key path of the last failing case call (case.c). */
void case__set_error_key(const char *key);

/* ---- the vocabulary of case files and reports (names.c) ------------------------------ */

/*
 * Values of the names radioembo_model_name() and its kin give, spelled exactly; 0
 * (RADIOEMBO_MODEL_NONE, RADIOEMBO_DISTRIBUTION_NONE) for any other text.
 */
radioembo_model case__model_from_key(const char *key);
radioembo_propagation_method case__method_from_key(const char *key);
radioembo_distribution case__distribution_from_key(const char *key);
radioembo_product_field case__product_field_from_key(const char *key);
/* The report's words where a value names nothing: "unknown", "none". */
const char *case__diagnostic_key(radioembo_diagnostic_code code);
const char *case__limiting_organ_key(radioembo_limiting_organ organ);
/* The models every report lists, in order. */
#define CASE__MODEL_FIRST RADIOEMBO_MODEL_SINGLE_COMPARTMENT
#define CASE__MODEL_LAST RADIOEMBO_MODEL_HO166_WHOLE_LIVER
/* Uncertain inputs, in the order of radioembo_uncertain_input (1..CASE__INPUT_COUNT). */
#define CASE__INPUT_COUNT 9

/* A per-model figure of a result, with its report key. */
typedef int (*case__figure_getter)(const radioembo_result *, radioembo_model, double *);
struct case__figure {
	const char *key;
	case__figure_getter get;
};
extern const struct case__figure case__activity_figures[];
extern const size_t case__activity_figure_count;
extern const struct case__figure case__dose_figures[];
extern const size_t case__dose_figure_count;
/* Biologically effective doses of the normal liver (the lesions' come per lesion). */
extern const struct case__figure case__bed_figures[];
extern const size_t case__bed_figure_count;

/* A plan-wide constant of a result, with its report key. */
struct case__constant {
	const char *key;
	int (*get)(const radioembo_result *, double *);
};
extern const struct case__constant case__constants[];
extern const size_t case__constant_count;

/* The scalar figures and the limit risks of a propagation, in report order. */
extern const radioembo_figure case__uncertain_figures[];
extern const size_t case__uncertain_figure_count;
extern const radioembo_risk case__risks[];
extern const size_t case__risk_count;

/* ---- the report document (report.c, report_json.c) ------------------------------------ */

/* The grid of the dose-versus-activity table: 70 % to 130 % of the chosen activity. */
#define CASE__GRID_COUNT 7
extern const double case__grid_percent[CASE__GRID_COUNT];

struct case__row {
	double percent;	   /* of the chosen activity */
	double inject_gbq; /* prescribed for this row */
	radioembo_result *result;
	int violation; /* a VIOLATION diagnostic about the plan or the dose model */
};

/* The report while it is computed: it borrows the case. */
struct case__document {
	const struct radioembo_case *c;
	radioembo_result *result;
	radioembo_model chosen;	    /* the model whose activity is chosen; 0: none */
	radioembo_model dose_model; /* the model that gives the chosen activity's doses */
	double chosen_gbq;
	const char *note; /* why the choice differs from the request, or NULL */
	struct case__row rows[CASE__GRID_COUNT];
	size_t row_count;
	int has_violation;
	radioembo_propagation *propagation; /* NULL: no uncertainty asked */
	radioembo_model uncertainty_model;  /* the model propagated */
	char key[CASE__PATH_SIZE];	    /* the key path of a failure, "" for none */
};

/* A computed report keeps only what it hands out: the document and the plan's result. */
struct radioembo_report {
	char *json; /* NUL-terminated */
	size_t json_length;
	int has_violation;
	radioembo_result *result;
};

/* The JSON document of a computed report, malloc'd; NULL when memory ran out. */
char *case__document_json(const struct case__document *d);

#endif
