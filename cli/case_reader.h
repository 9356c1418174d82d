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

/* Monte Carlo settings when the case and the flags give none (radioembo-case(5)). */
#define CASE_DEFAULT_SAMPLES 10000
#define CASE_DEFAULT_SEED 1
/* Bounds of "samples" (the library keeps every sample) and "seed" (2^53 - 1, so that the
 * seed the report repeats reads back exactly in every JSON reader). */
#define CASE_MAX_SAMPLES 10000000
#define CASE_MAX_SEED 9007199254740991.0

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
	/* The "uncertainty" section; uncertainty is NULL when the case has none. */
	radioembo_uncertainty *uncertainty;
	radioembo_propagation_method uncertainty_method; /* 0: propagate only if asked */
	radioembo_model uncertainty_model;               /* 0: the report's chosen model */
	uint64_t seed;
	size_t samples;
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

/* Names of the uncertainty section: "analytic", "monte_carlo"; NULL for none. */
const char *case_method_key(radioembo_propagation_method method);
/* The method of a name; 0 for an unknown name. */
radioembo_propagation_method case_method_from_key(const char *key);
/* "activity", "residual_fraction", "lsf", ... "lung_mass"; NULL for none. */
const char *case_input_key(radioembo_uncertain_input input);
/* "normal", "lognormal", "uniform"; NULL for none (an exact input). */
const char *case_distribution_key(radioembo_distribution distribution);

#endif
