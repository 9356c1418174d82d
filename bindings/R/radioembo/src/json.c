/*
 * JSON text (the library's report document) as R data, with jansson (a dependency of
 * libradioembo): objects become named lists, arrays of numbers, strings or booleans
 * atomic vectors (null as NA), other arrays lists, null NULL. R/radioembo.R (plan_case)
 * turns the arrays of records into data.frames.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <jansson.h>

#include "util.h"

static SEXP from_json(const json_t *j);

/* The R type an array can be as an atomic vector, or VECSXP. */
static SEXPTYPE atomic_type(const json_t *array)
{
	SEXPTYPE type = NILSXP;
	size_t i;
	const json_t *e;

	json_array_foreach(array, i, e) {
		SEXPTYPE t = json_is_number(e) ? REALSXP : json_is_string(e) ? STRSXP :
			     json_is_boolean(e) ? LGLSXP : json_is_null(e) ? NILSXP : VECSXP;
		if (t == VECSXP || (t != NILSXP && type != NILSXP && t != type))
			return VECSXP;
		if (t != NILSXP)
			type = t;
	}
	return type == NILSXP ? (json_array_size(array) ? LGLSXP : VECSXP) : type;
}

static SEXP from_array(const json_t *array)
{
	SEXPTYPE type = atomic_type(array);
	R_xlen_t n = (R_xlen_t)json_array_size(array);
	SEXP r = PROTECT(Rf_allocVector(type, n));
	for (R_xlen_t i = 0; i < n; i++) {
		const json_t *e = json_array_get(array, (size_t)i);
		if (type == REALSXP)
			REAL(r)[i] = json_is_null(e) ? NA_REAL : json_number_value(e);
		else if (type == STRSXP)
			SET_STRING_ELT(r, i, json_is_null(e) ? NA_STRING :
						     Rf_mkCharCE(json_string_value(e), CE_UTF8));
		else if (type == LGLSXP)
			LOGICAL(r)[i] = json_is_null(e) ? NA_LOGICAL : json_is_true(e);
		else
			SET_VECTOR_ELT(r, i, from_json(e));
	}
	UNPROTECT(1);
	return r;
}

static SEXP from_object(const json_t *object)
{
	R_xlen_t n = (R_xlen_t)json_object_size(object), i = 0;
	SEXP r = PROTECT(Rf_allocVector(VECSXP, n));
	SEXP names = PROTECT(Rf_allocVector(STRSXP, n));
	const char *key;
	const json_t *value;

	json_object_foreach((json_t *)object, key, value) {
		SET_VECTOR_ELT(r, i, from_json(value));
		SET_STRING_ELT(names, i, Rf_mkCharCE(key, CE_UTF8));
		i++;
	}
	Rf_setAttrib(r, R_NamesSymbol, names);
	UNPROTECT(2);
	return r;
}

static SEXP from_json(const json_t *j)
{
	if (json_is_object(j))
		return from_object(j);
	if (json_is_array(j))
		return from_array(j);
	if (json_is_string(j))
		return Rf_ScalarString(Rf_mkCharCE(json_string_value(j), CE_UTF8));
	if (json_is_number(j))
		return Rf_ScalarReal(json_number_value(j));
	if (json_is_boolean(j))
		return Rf_ScalarLogical(json_is_true(j));
	return R_NilValue;
}

SEXP re_json_parse(SEXP text)
{
	if (!Rf_isString(text) || XLENGTH(text) != 1 || STRING_ELT(text, 0) == NA_STRING)
		Rf_error("radioembo: the JSON text must be one string");
	json_error_t error;
	json_t *j = json_loads(Rf_translateCharUTF8(STRING_ELT(text, 0)),
			       JSON_DECODE_ANY | JSON_ALLOW_NUL, &error);
	if (j == NULL)
		Rf_error("radioembo: invalid JSON at line %d: %s", error.line, error.text);
	/* from_json may raise only for lack of memory; the document is small and R's error
	 * then leaks it, which the rest of the session survives */
	SEXP r = PROTECT(from_json(j));
	json_decref(j);
	UNPROTECT(1);
	return r;
}
