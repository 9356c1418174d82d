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

/* case sits on planning and uncertainty: their enumeration bounds are used, not restated */
#include "uncertainty/uncertainty_internal.h"

/* The case schema this reader understands. */
#define RADIOEMBO__CASE_SCHEMA_VERSION 1
/* The report's own schema version (the JSON report's "schema_version"). */
#define RADIOEMBO__CASE_REPORT_SCHEMA_VERSION 1

/* Monte Carlo settings when the case and the caller give none (radioembo-case(5)). */
#define RADIOEMBO__CASE_DEFAULT_SAMPLES 10000
#define RADIOEMBO__CASE_DEFAULT_SEED 1
/* Bounds of "samples" (the library keeps every sample) and "seed" (2^53 - 1, so that the
 * seed the report repeats reads back exactly in every JSON reader). */
#define RADIOEMBO__CASE_MIN_SAMPLES 2
#define RADIOEMBO__CASE_MAX_SAMPLES 10000000
#define RADIOEMBO__CASE_MAX_SEED 9007199254740991.0

/*
 * Size limits of a case (radioembo-case(5), LIMITS): past one the case is refused with an
 * error naming the key and the limit, instead of running for minutes or without bound.
 * A case of 100,000 lesions is an 8 MB file and plans in about 2 s; clinical cases have a
 * few lesions, a few territories and a few prior treatments.
 */
#define RADIOEMBO__CASE_MAX_BYTES ((size_t)64 << 20)
#define RADIOEMBO__CASE_MAX_LESIONS 100000
#define RADIOEMBO__CASE_MAX_TERRITORIES 10000
#define RADIOEMBO__CASE_MAX_PRIOR_DOSES 100000

/* A key path in a case file, for messages: a very long key is cut short. */
#define RADIOEMBO__CASE_PATH_SIZE 160
/* The most errors one read of a case file reports (radioembo_case_error_count(3)). */
#define RADIOEMBO__CASE_MAX_ERRORS 20
#define RADIOEMBO__CASE_MESSAGE_SIZE 512

/* One error of a case file: its key path ("" for none) and its message. */
struct radioembo__case_error {
	int status;
	char key[RADIOEMBO__CASE_PATH_SIZE];
	char message[RADIOEMBO__CASE_MESSAGE_SIZE];
};

/* The members of "sign_off": planned_by, checked_by, approved_by. */
#define RADIOEMBO__CASE_SIGN_OFF_COUNT 3

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
	/* the UTC offsets (minutes east) the case gave those instants at: the report keeps them */
	int treatment_offset_min, calibration_offset_min, vial_offset_min;
	double height_cm, weight_kg, vial_activity_gbq;
	/* The "uncertainty" section; uncertainty is NULL when the case has none. */
	radioembo_uncertainty *uncertainty;
	radioembo_propagation_method uncertainty_method; /* 0: propagate only if asked */
	radioembo_model uncertainty_model;		 /* 0: the report's chosen model */
	uint64_t seed;
	size_t samples;
	/* Who the report is about and who signs it (read_audit.c); NULL when absent. */
	char *patient_id, *patient_name;
	char *sign_off[RADIOEMBO__CASE_SIGN_OFF_COUNT]; /* radioembo__case_sign_off_keys */
};

/* The members of "sign_off", in the order of radioembo_case.sign_off (read_audit.c). */
extern const char *const radioembo__case_sign_off_keys[RADIOEMBO__CASE_SIGN_OFF_COUNT];

/* ---- reading: JSON access that names the key at fault (json_read.c) ------------------ */

/* Labels read so far, each with its element's index (labels.c). */
struct radioembo__case_labels {
	struct radioembo__case_label_slot *slots; /* NULL until reserved */
	size_t mask;				  /* slot count - 1, a power of two */
};

struct radioembo__case_reader {
	struct radioembo_case *c;
	json_t *root;			     /* the case's object */
	json_t *territories;		     /* the "territories" array, or NULL */
	json_t *lesions;		     /* the "lesions" array, or NULL */
	struct radioembo__case_labels territory_labels, lesion_labels;
	char key[RADIOEMBO__CASE_PATH_SIZE]; /* the key path of a failure, "" for none */
	/* every failure of the input so far, in file order, up to the cap */
	struct radioembo__case_error errors[RADIOEMBO__CASE_MAX_ERRORS];
	size_t error_count;
	int territories_failed; /* lesions are not assigned: territory indices are unsure */
};

/*
 * Every failure records its key path in r->key and its message (which starts with the key
 * path, as radioembo-case(5) shows) for radioembo_last_error_message(); parameter "text".
 * A failure of the input (not ENOMEM) is also added to r->errors.
 */
int radioembo__case_fail(struct radioembo__case_reader *r, int status, const char *key,
			 const char *format, ...) RADIOEMBO__PRINTF(4, 5);
int radioembo__case_wrong_type(struct radioembo__case_reader *r, const char *path, json_t *value,
			       const char *expected);
/* A library call refused value at path: its message, which names the value, follows. */
int radioembo__case_refused(struct radioembo__case_reader *r, int rc, const char *path,
			    json_t *value);
/*
 * A library call refused one of several members of object: the member named by
 * radioembo_last_error_parameter() (the library's parameters are named like the keys) if
 * object has it, else the object itself.
 */
int radioembo__case_refused_member(struct radioembo__case_reader *r, int rc, const char *path,
				   json_t *object);
/* A library call's status: 0 stays 0; a refusal is reported at path.key. */
int radioembo__case_apply(struct radioembo__case_reader *r, int rc, json_t *object,
			  const char *path, const char *key);

void radioembo__case_join(char *out, const char *parent, const char *key);
void radioembo__case_join_index(char *out, const char *parent, size_t index);
void radioembo__case_value_text(json_t *value, char *text, size_t size);

/* Every key of object must be one of allowed (NULL-terminated). */
int radioembo__case_check_keys(struct radioembo__case_reader *r, json_t *object, const char *path,
			       const char *const *allowed);
int radioembo__case_require_object(struct radioembo__case_reader *r, json_t *value,
				   const char *path, const char *const *allowed);
/* A member; JSON null counts as absent. */
json_t *radioembo__case_member(json_t *object, const char *key);
/* A required key is absent, or null ("null is not allowed here"). */
int radioembo__case_missing(struct radioembo__case_reader *r, json_t *object, const char *path,
			    const char *key);
/* *present_out (may be NULL if required) tells whether the key was there. */
int radioembo__case_get_number(struct radioembo__case_reader *r, json_t *object, const char *path,
			       const char *key, int required, double *value_out, int *present_out);
int radioembo__case_get_string(struct radioembo__case_reader *r, json_t *object, const char *path,
			       const char *key, int required, const char **value_out);
int radioembo__case_get_instant(struct radioembo__case_reader *r, json_t *object, const char *path,
				const char *key, int required, int64_t *seconds_out,
				int *present_out);
/* The same, with the UTC offset the text gave (minutes east of UTC), to write it back at. */
int radioembo__case_get_instant_at(struct radioembo__case_reader *r, json_t *object,
				   const char *path, const char *key, int required,
				   int64_t *seconds_out, int *offset_minutes_out, int *present_out);
/* An optional whole number within [low, high] (JSON integers only: 1e4 is a real). */
/* EINVAL naming path when array holds more than limit elements (of the noun given). */
int radioembo__case_require_count(struct radioembo__case_reader *r, json_t *array, const char *path,
				  size_t limit, const char *noun);
int radioembo__case_get_whole(struct radioembo__case_reader *r, json_t *object, const char *path,
			      const char *key, double low, double high, double *value_out,
			      int *present_out);
int radioembo__case_duplicate(struct radioembo__case_reader *r, const char *text, char **copy_out);
/*
 * The label index (labels.c). Reserve room for count labels first (0, or ENOMEM with an
 * empty key path). Adding returns the index of the element that first had the label: index
 * itself when the label is new, an earlier one for a duplicate (which is not stored).
 * Finding returns -1 for an unknown label. Labels point into the JSON document.
 */
int radioembo__case_labels_reserve(struct radioembo__case_reader *r,
				   struct radioembo__case_labels *labels, size_t count);
long radioembo__case_labels_add(struct radioembo__case_labels *labels, const char *label,
				size_t index);
long radioembo__case_labels_find(const struct radioembo__case_labels *labels, const char *label);
void radioembo__case_labels_free(struct radioembo__case_labels *labels);

/* The sections (read_anatomy.c, read_plan.c). */
int radioembo__case_read_product(struct radioembo__case_reader *r, json_t *product);
int radioembo__case_read_liver(struct radioembo__case_reader *r, json_t *liver);
int radioembo__case_read_territories(struct radioembo__case_reader *r, json_t *territories);
int radioembo__case_read_lesions(struct radioembo__case_reader *r, json_t *lesions);
int radioembo__case_read_lungs(struct radioembo__case_reader *r, json_t *lungs);
/* The territories and lesions read fit in the liver and in each other (read_anatomy.c). */
int radioembo__case_check_geometry(struct radioembo__case_reader *r);
int radioembo__case_read_root(struct radioembo__case_reader *r, json_t *root);
/* patient.id, patient.name and the "sign_off" section (read_audit.c). */
int radioembo__case_read_audit(struct radioembo__case_reader *r, json_t *root);

/*
 * Whether reading goes on after rc: 0 when rc is 0, or a failure of the input that was
 * recorded and leaves room for more; else rc, which ends the read.
 */
int radioembo__case_go_on(const struct radioembo__case_reader *r, int rc);

/* The thread's key path of the last failing case call (case.c). */
void radioembo__case_set_error_key(const char *key);
/* The thread's errors of the last failing read: the reader's list (case.c). */
void radioembo__case_set_errors(const struct radioembo__case_error *errors, size_t count);

/* ---- the vocabulary of case files and reports (names.c) ------------------------------ */

/*
 * Values of the names radioembo_model_name() and its kin give, spelled exactly; 0
 * (RADIOEMBO_MODEL_NONE, RADIOEMBO_DISTRIBUTION_NONE) for any other text.
 */
radioembo_model radioembo__case_model_from_key(const char *key);
radioembo_propagation_method radioembo__case_method_from_key(const char *key);
radioembo_distribution radioembo__case_distribution_from_key(const char *key);
radioembo_product_field radioembo__case_product_field_from_key(const char *key);
/* The report's words where a value names nothing: "unknown", "none". */
const char *radioembo__case_diagnostic_key(radioembo_diagnostic_code code);
const char *radioembo__case_limiting_organ_key(radioembo_limiting_organ organ);

/*
 * A key of the JSON report with its words for people (radioembo_report_key_label(3)): the
 * first member of every table entry below, so that one lookup serves them all.
 */
struct radioembo__case_words {
	const char *key, *label, *unit; /* unit: "fraction" for a value within [0, 1] */
};

/* A per-model figure of a result, with its report key and words. */
typedef int (*radioembo__case_figure_getter)(const radioembo_result *, radioembo_model, double *);
struct radioembo__case_figure {
	struct radioembo__case_words words;
	radioembo__case_figure_getter get;
};
extern const struct radioembo__case_figure radioembo__case_activity_figures[];
extern const size_t radioembo__case_activity_figure_count;
extern const struct radioembo__case_figure radioembo__case_dose_figures[];
extern const size_t radioembo__case_dose_figure_count;
/* Biologically effective doses of the normal liver (the lesions' come per lesion). */
extern const struct radioembo__case_figure radioembo__case_bed_figures[];
extern const size_t radioembo__case_bed_figure_count;

/*
 * A plan-wide constant of a result, with its report key, label and unit: the constants,
 * then the limits, make the report's "constants" object.
 */
struct radioembo__case_constant {
	struct radioembo__case_words words;
	int (*get)(const radioembo_result *, double *);
};
extern const struct radioembo__case_constant radioembo__case_constants[];
extern const size_t radioembo__case_constant_count;
extern const struct radioembo__case_constant radioembo__case_limits[];
extern const size_t radioembo__case_limit_count;

/* The radiobiological parameters a plan used, the report's "radiobiology" object. */
struct radioembo__case_parameter {
	struct radioembo__case_words words;
	int (*get)(const radioembo_radiobiology_params *, double *);
};
extern const struct radioembo__case_parameter radioembo__case_radiobiology[];
extern const size_t radioembo__case_radiobiology_count;

/* The scalar figures and the limit risks of a propagation, in report order. */
extern const radioembo_figure radioembo__case_uncertain_figures[];
extern const size_t radioembo__case_uncertain_figure_count;
struct radioembo__case_risk {
	radioembo_risk risk;
	const char *label;
};
extern const struct radioembo__case_risk radioembo__case_risks[];
extern const size_t radioembo__case_risk_count;

/* ---- the report document (report.c, report_json.c) ------------------------------------ */

/* The grid of the dose-versus-activity table: 70 % to 130 % of the chosen activity. */
#define RADIOEMBO__CASE_GRID_COUNT 7
extern const double radioembo__case_grid_percent[RADIOEMBO__CASE_GRID_COUNT];

/* A diagnostic of a result, as the report reads it. */
struct radioembo__case_diagnostic {
	size_t index; /* in the result, for radioembo_result_diagnostic_message() */
	radioembo_diagnostic_code code;
	radioembo_severity severity;
	radioembo_model model;
};
/*
 * The result's diagnostics in order: *next is 0 before the first call; each call fills
 * *diagnostic with the next one and returns 1, or returns 0 when none is left.
 */
int radioembo__case_next_diagnostic(const radioembo_result *result, size_t *next,
				    struct radioembo__case_diagnostic *diagnostic);

/* Whether a diagnostic of a table row's result breaks a limit at that row's activity. */
int radioembo__case_row_breaks(const struct radioembo__case_diagnostic *diagnostic,
			       radioembo_model dose_model);

struct radioembo__case_row {
	double percent;	   /* of the chosen activity */
	double inject_gbq; /* prescribed for this row */
	radioembo_result *result;
	int violation; /* a VIOLATION diagnostic about the plan or the dose model */
};

/*
 * A vial reconciled with a model's plan: the vial the model orders (the smallest standard
 * vial that covers it) or the case's vial at hand, when it holds the model's planned
 * activity, and the doses if the whole vial were injected at the planned treatment.
 */
struct radioembo__case_vial {
	radioembo_model model, dose_model;
	int at_hand;	 /* 1: the case's vial; 0: the vial the model orders */
	double vial_gbq; /* at its calibration */
	int64_t calibration_s;
	int calibration_offset_min;
	double planned_gbq;	 /* the model's activity to inject */
	int has_inject_at;	 /* 0 when the instant leaves years 0000..9999 */
	int64_t inject_at_s;	 /* when the vial holds planned_gbq */
	double at_treatment_gbq; /* the whole vial at the planned treatment */
	radioembo_result *whole; /* the plan with the whole vial injected */
};

/* The report while it is computed: it borrows the case. */
struct radioembo__case_document {
	const struct radioembo_case *c;
	radioembo_result *result;
	radioembo_model chosen;	    /* the model whose activity is chosen; 0: none */
	radioembo_model dose_model; /* the model that gives the chosen activity's doses */
	double chosen_gbq;
	const char *note; /* why the choice differs from the request, or NULL */
	struct radioembo__case_row rows[RADIOEMBO__CASE_GRID_COUNT];
	size_t row_count;
	struct radioembo__case_vial vials[RADIOEMBO__MODEL_LAST];
	size_t vial_count;
	int has_violation;
	radioembo_propagation *propagation;  /* NULL: no uncertainty asked */
	radioembo_model uncertainty_model;   /* the model propagated */
	char key[RADIOEMBO__CASE_PATH_SIZE]; /* the key path of a failure, "" for none */
};

/* A computed report keeps only what it hands out: the document and the plan's result. */
struct radioembo_report {
	char *json; /* NUL-terminated */
	size_t json_length;
	int has_violation;
	radioembo_result *result;
};

/* The JSON document of a computed report, malloc'd; NULL when memory ran out. */
char *radioembo__case_document_json(const struct radioembo__case_document *d);

#endif
