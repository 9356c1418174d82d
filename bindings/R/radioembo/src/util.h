/*
 * Hand-written helpers of the generated .Call glue (generated.c): argument conversion,
 * external pointers with a dead-handle check, results and failures.
 *
 * A library failure never raises an R error from C: the routine returns a
 * "radioembo_failure" object (status and the library's message) after releasing what it
 * holds, and the R wrapper raises the condition (R/radioembo.R). Memory that a routine
 * allocates is R memory (PROTECTed vectors), so nothing leaks if an argument check raises.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_R_UTIL_H
#define RADIOEMBO_R_UTIL_H

#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <R_ext/Rdynload.h>
#include <stddef.h>
#include <stdint.h>

R_xlen_t re_common_length(SEXP *vectors, int count, int vectorised);
double re_get_double(SEXP x, R_xlen_t i, const char *name);
int re_get_int(SEXP x, R_xlen_t i, const char *name);
size_t re_get_size(SEXP x, R_xlen_t i, const char *name);
int64_t re_get_int64(SEXP x, R_xlen_t i, const char *name);
const char *re_get_string(SEXP x, R_xlen_t i, const char *name);
void *re_get_handle(SEXP x, const char *type, const char *name);
const double *re_get_array(SEXP x, const char *name);
size_t re_array_length(SEXP *arrays, int count, const char *names);
const float *re_get_float_array(SEXP x, const char *name);
float *re_float_buffer(size_t n);
void re_widen(double *to, const float *from, size_t n);
SEXP re_float_vector(const float *data, size_t n);

SEXP re_mkchar(const char *text);
SEXP re_wrap_owned(void *p, const char *type, R_CFinalizer_t finalize);
SEXP re_wrap_borrowed(const void *p, const char *type, SEXP owner);
void re_free_handle(SEXP x, const char *type, R_CFinalizer_t finalize);
SEXP re_failure(int status);
SEXP re_result(SEXP *values, const char **names, int count);

/* json.c: JSON text as R lists and vectors (plan_case) */
SEXP re_json_parse(SEXP text);

#endif /* RADIOEMBO_R_UTIL_H */
