/*
 * Hand-written helpers of the generated .Call glue; see util.h.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <radioembo.h>
#include "util.h"

/* The length the scalar arguments recycle to; non-vectorised routines need 1. */
R_xlen_t re_common_length(SEXP *vectors, int count, int vectorised)
{
	R_xlen_t n = 1;
	for (int k = 0; k < count; k++) {
		R_xlen_t len = Rf_xlength(vectors[k]);
		if (len == 0)
			return vectorised ? 0 : (Rf_error("radioembo: an argument has length 0"), 0);
		if (k == 0 || len > n)
			n = len;
	}
	if (!vectorised && n != 1)
		Rf_error("radioembo: this function takes single values (length 1), not vectors");
	return n;
}

static SEXP element_vector(SEXP x, SEXPTYPE type, const char *name)
{
	if (TYPEOF(x) != type)
		Rf_error("radioembo: %s has the wrong type", name);
	return x;
}

double re_get_double(SEXP x, R_xlen_t i, const char *name)
{
	element_vector(x, REALSXP, name);
	return REAL(x)[i % Rf_xlength(x)];
}

int re_get_int(SEXP x, R_xlen_t i, const char *name)
{
	element_vector(x, INTSXP, name);
	int v = INTEGER(x)[i % Rf_xlength(x)];
	if (v == NA_INTEGER)
		Rf_error("radioembo: %s must not be NA", name);
	return v;
}

static double whole_number(SEXP x, R_xlen_t i, const char *name, double lo, double hi)
{
	element_vector(x, REALSXP, name);
	double v = REAL(x)[i % Rf_xlength(x)];
	if (!isfinite(v) || v != floor(v) || v < lo || v >= hi)
		Rf_error("radioembo: %s must be a whole number within the C type's range, got %g",
			 name, v);
	return v;
}

size_t re_get_size(SEXP x, R_xlen_t i, const char *name)
{
	return (size_t)whole_number(x, i, name, 0.0, 9007199254740992.0);
}

int64_t re_get_int64(SEXP x, R_xlen_t i, const char *name)
{
	return (int64_t)whole_number(x, i, name, -9223372036854775808.0, 9223372036854775808.0);
}

const char *re_get_string(SEXP x, R_xlen_t i, const char *name)
{
	element_vector(x, STRSXP, name);
	SEXP s = STRING_ELT(x, i % Rf_xlength(x));
	return s == NA_STRING ? NULL : Rf_translateCharUTF8(s);
}

/* NULL (R's NULL) passes a NULL pointer through, for the library to reject. */
void *re_get_handle(SEXP x, const char *type, const char *name)
{
	if (x == R_NilValue)
		return NULL;
	if (TYPEOF(x) != EXTPTRSXP || R_ExternalPtrTag(x) != Rf_install(type))
		Rf_error("radioembo: %s must be a %s object", name, type);
	for (SEXP h = x; h != R_NilValue; h = R_ExternalPtrProtected(h)) {
		if (R_ExternalPtrAddr(h) == NULL)
			Rf_error("radioembo: %s is no longer valid (%s freed, or restored from a "
				 "saved session)", name, h == x ? "it was" : "its owner was");
	}
	return R_ExternalPtrAddr(x);
}

const double *re_get_array(SEXP x, const char *name)
{
	if (x == R_NilValue)
		return NULL;
	element_vector(x, REALSXP, name);
	return REAL(x);
}

size_t re_array_length(SEXP *arrays, int count, const char *names)
{
	size_t n = 0;
	int seen = 0;
	for (int k = 0; k < count; k++) {
		if (arrays[k] == R_NilValue)
			continue;
		size_t len = (size_t)Rf_xlength(arrays[k]);
		if (seen && len != n)
			Rf_error("radioembo: %s must have the same length", names);
		n = len;
		seen = 1;
	}
	return n;
}

SEXP re_mkchar(const char *text)
{
	return text == NULL ? NA_STRING : Rf_mkCharCE(text, CE_UTF8);
}

static SEXP wrap(void *p, const char *type, SEXP owner)
{
	SEXP x = PROTECT(R_MakeExternalPtr(p, Rf_install(type), owner));
	SEXP cls = PROTECT(Rf_allocVector(STRSXP, 2));
	SET_STRING_ELT(cls, 0, Rf_mkChar(type));
	SET_STRING_ELT(cls, 1, Rf_mkChar("radioembo_object"));
	Rf_setAttrib(x, R_ClassSymbol, cls);
	UNPROTECT(2);
	return x;
}

/* An object the caller owns: freed by the finalizer when R collects it (or at exit). */
SEXP re_wrap_owned(void *p, const char *type, R_CFinalizer_t finalize)
{
	SEXP x = PROTECT(wrap(p, type, R_NilValue));
	R_RegisterCFinalizerEx(x, finalize, TRUE);
	UNPROTECT(1);
	return x;
}

/* An object owned by `owner`, which it keeps alive; never freed by itself. */
SEXP re_wrap_borrowed(const void *p, const char *type, SEXP owner)
{
	return wrap((void *)(uintptr_t)p, type, owner);
}

void re_free_handle(SEXP x, const char *type, R_CFinalizer_t finalize)
{
	if (x == R_NilValue)
		return;
	if (TYPEOF(x) != EXTPTRSXP || R_ExternalPtrTag(x) != Rf_install(type))
		Rf_error("radioembo: not a %s object", type);
	if (R_ExternalPtrProtected(x) != R_NilValue)
		Rf_error("radioembo: this %s belongs to another object; free that one", type);
	finalize(x);
}

SEXP re_failure(int status)
{
	const char *message = radioembo_last_error_message();
	const char *parameter = radioembo_last_error_parameter();
	SEXP f = PROTECT(Rf_allocVector(VECSXP, 3));
	SEXP names = PROTECT(Rf_allocVector(STRSXP, 3));
	SET_VECTOR_ELT(f, 0, Rf_ScalarInteger(status));
	SET_VECTOR_ELT(f, 1, Rf_ScalarString(re_mkchar(message ? message : "")));
	SET_VECTOR_ELT(f, 2, Rf_ScalarString(re_mkchar(parameter ? parameter : "")));
	SET_STRING_ELT(names, 0, Rf_mkChar("status"));
	SET_STRING_ELT(names, 1, Rf_mkChar("message"));
	SET_STRING_ELT(names, 2, Rf_mkChar("parameter"));
	Rf_setAttrib(f, R_NamesSymbol, names);
	Rf_setAttrib(f, R_ClassSymbol, Rf_mkString("radioembo_failure"));
	UNPROTECT(2);
	return f;
}

/* No output: NULL; one: itself; several: a named list. */
SEXP re_result(SEXP *values, const char **names, int count)
{
	if (count == 0)
		return R_NilValue;
	if (count == 1)
		return values[0];
	SEXP r = PROTECT(Rf_allocVector(VECSXP, count));
	SEXP n = PROTECT(Rf_allocVector(STRSXP, count));
	for (int k = 0; k < count; k++) {
		SET_VECTOR_ELT(r, k, values[k]);
		SET_STRING_ELT(n, k, Rf_mkChar(names[k]));
	}
	Rf_setAttrib(r, R_NamesSymbol, n);
	UNPROTECT(2);
	return r;
}

/*
 * Voxel data: the library works in C floats, R only has doubles. The copies live in
 * R_alloc memory, which R reclaims when the .Call returns (also after an error).
 */
const float *re_get_float_array(SEXP x, const char *name)
{
	if (x == R_NilValue)
		return NULL;
	element_vector(x, REALSXP, name);
	R_xlen_t n = Rf_xlength(x);
	float *f = re_float_buffer((size_t)n);
	const double *d = REAL(x);
	for (R_xlen_t i = 0; i < n; i++)
		f[i] = (float)d[i];
	return f;
}

float *re_float_buffer(size_t n)
{
	return (float *)R_alloc(n ? n : 1, sizeof(float));
}

void re_widen(double *to, const float *from, size_t n)
{
	for (size_t i = 0; i < n; i++)
		to[i] = from[i];
}

SEXP re_float_vector(const float *data, size_t n)
{
	SEXP r = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t)n));
	re_widen(REAL(r), data, n);
	UNPROTECT(1);
	return r;
}
