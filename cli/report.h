/*
 * radioembo(1): a computed plan as the reports see it: the result of every model, the
 * chosen activity, and the dose-versus-activity table around it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_REPORT_H
#define RADIOEMBO_CLI_REPORT_H

#include <stdio.h>

#include <radioembo.h>

#include "case_reader.h"
#include "cli.h"

/* The report's own schema version (the JSON report's "schema_version"). */
#define REPORT_SCHEMA_VERSION 1

/* The grid of the dose-versus-activity table: 70 % to 130 % of the chosen activity. */
#define REPORT_GRID_COUNT 7
extern const double report_grid_percent[REPORT_GRID_COUNT];

struct report_row {
	double percent;    /* of the chosen activity */
	double inject_gbq; /* prescribed for this row */
	radioembo_result *result;
	int violation;     /* a VIOLATION diagnostic about the plan or the dose model */
};

struct report {
	const struct radioembo_case *c;
	radioembo_result *result;
	radioembo_model chosen;     /* the model whose activity is chosen; 0: none */
	radioembo_model dose_model; /* the model that gives the chosen activity's doses */
	double chosen_gbq;
	const char *note;           /* why the choice differs from the request, or NULL */
	struct report_row rows[REPORT_GRID_COUNT];
	size_t row_count;
	int has_violation;
	radioembo_propagation *propagation; /* NULL: no uncertainty asked (uncertainty.h) */
	radioembo_model uncertainty_model;  /* the model propagated */
};

/* Computes the plan of c and the table. Returns 0, or an exit status with err set. */
int report_build(const struct radioembo_case *c, struct report *report, struct cli_error *err);
void report_free(struct report *report);

/* Writes the report (report_text.c, report_json.c); 0 or CLI_EXIT_INTERNAL with err set. */
int report_write_text(const struct report *report, FILE *out, struct cli_error *err);
int report_write_json(const struct report *report, FILE *out, struct cli_error *err);

/* Names for the reports. */
const char *report_model_label(radioembo_model model); /* "single compartment" ... */
const char *report_severity_key(radioembo_severity severity);
const char *report_diagnostic_key(radioembo_diagnostic_code code);
const char *report_prescription_key(radioembo_prescription prescription);
const char *report_limiting_organ_key(radioembo_limiting_organ organ);

/* A per-model figure getter of result.h. */
typedef int (*report_figure_getter)(const radioembo_result *, radioembo_model, double *);

/* The figures every model row reports, in order, with their JSON keys. */
struct report_figure {
	const char *key;
	report_figure_getter get;
};
/* A per-lesion figure: radioembo_result_get_lesion_dose_gy or _lesion_bed_gy. */
typedef int (*report_lesion_getter)(const radioembo_result *, radioembo_model, size_t,
				    double *);

extern const struct report_figure report_activity_figures[];
extern const size_t report_activity_figure_count;
extern const struct report_figure report_dose_figures[];
extern const size_t report_dose_figure_count;
/* Biologically effective doses of the normal liver (the lesions' come per lesion). */
extern const struct report_figure report_bed_figures[];
extern const size_t report_bed_figure_count;

#endif
