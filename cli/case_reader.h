/*
 * radioembo(1): a case file (JSON, schema in radioembo-case(5)) read into library objects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_CASE_READER_H
#define RADIOEMBO_CLI_CASE_READER_H

#include <stddef.h>
#include <stdint.h>

#include <radioembo.h>

#include "cli.h"

/* The case schema this reader understands. */
#define CASE_SCHEMA_VERSION 1

/* A case read from a file: the plan ready to compute, and what the report repeats. */
struct radioembo_case {
	char *id, *description;  /* NULL when absent */
	radioembo_product *product;
	radioembo_liver *liver;
	radioembo_lung *lung;
	radioembo_plan *plan;    /* holds its own copies of product, liver, lung and vial */
	char *treated_territory; /* NULL: the whole liver */
	radioembo_prescription prescription;
	double prescribed_value; /* GBq or Gy; unused for max_safe */
	size_t prescribed_lesion;
	radioembo_model model;   /* the model whose activity the report centres on; 0: default */
	int has_treatment, has_calibration, has_vial, has_patient;
	int64_t treatment_s, calibration_s, vial_calibration_s;
	double height_cm, weight_kg, vial_activity_gbq;
};

/*
 * Parses size bytes of JSON (not NUL-terminated). On success *case_out is a new case to
 * free with case_free(). On failure returns CLI_EXIT_USAGE (bad input) or
 * CLI_EXIT_INTERNAL, with a one-line message naming the key and the value in err.
 */
int case_read(const char *data, size_t size, struct radioembo_case **case_out,
	      struct cli_error *err);

/* Reads the file at path ("-": standard input) and parses it; messages start "path: ". */
int case_read_file(const char *path, struct radioembo_case **case_out, struct cli_error *err);

void case_free(struct radioembo_case *c);

/* "single_compartment", "partition", "bsa", "ho166_whole_liver"; NULL for none. */
const char *case_model_key(radioembo_model model);

#endif
