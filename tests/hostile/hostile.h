/*
 * The hostile-input suite: the description of every public function (generated into
 * hostile_calls.c by gen_hostile.py) and the fixtures its baselines take (hostile.c).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_HOSTILE_H
#define RADIOEMBO_HOSTILE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "radioembo.h"

/* One argument of any type a public function takes. */
union harg {
	double d; /* double (and the hostile value of a float array element) */
	int i;	  /* int, enum */
	size_t z;
	int64_t l;
	uint64_t u;
	const char *s;
	void *p; /* handles, arrays, output pointers */
};

enum hkind { HK_DOUBLE, HK_FLOAT, HK_INT, HK_SIZE, HK_INT64, HK_UINT64, HK_ENUM, HK_STRING,
	     HK_HANDLE };
/* The roles of bindings/gen/radioembo_gen.py (its read_api classifies every parameter) */
enum hrole { HR_IN, HR_LEN, HR_IN_ARRAY, HR_OUT, HR_OUT_ARRAY, HR_OUT_QUERY, HR_CAP, HR_COUNT,
	     HR_OUT_TEXT, HR_TEXT_SIZE, HR_OUT_NEW, HR_OUT_BORROWED };
/* NULL_OK: NULL is documented as accepted; INF_OK: an infinity is a documented input;
 * IGNORED: documented as ignored and not validated in the baseline's situation;
 * OUT_INF_OK: an output documented as possibly infinite; CONST / MUTABLE: a handle the
 * function reads / may change */
enum { HF_NULL_OK = 1, HF_INF_OK = 2, HF_IGNORED = 4, HF_OUT_INF_OK = 8, HF_CONST = 16,
       HF_MUTABLE = 32 };
enum fkind { FK_STATUS, FK_VALUE, FK_STRING, FK_FREE, FK_BORROWED, FK_BUFFER };

struct hparam {
	const char *name;
	enum hkind kind;
	enum hrole role;
	int link;	       /* arrays: their length; out_query: capacity; out_text: size */
	int link2;	       /* out_query: count_out */
	size_t size;	       /* outputs and arrays: bytes per element */
	void (*free)(void *); /* out_new: the object's destructor */
	int flags;
	const char *type; /* handles: the object type */
};

struct fx;

struct hfunc {
	const char *name;
	const char *page; /* the man3 page listing it */
	enum fkind kind;
	unsigned documented; /* bit k: -k is documented in ERRORS */
	int (*call)(union harg *a, const void **ret);
	void (*base)(union harg *a, struct fx *fx);
	const struct hparam *params;
	int nparams;
};

extern const struct hfunc hostile_functions[];
extern const size_t hostile_function_count;

/* Fixtures: objects and arrays owned by fx, freed after each call. */
void *fx_object(struct fx *fx, const char *type, const char *param);
double *fx_doubles(struct fx *fx, size_t n, const double *values);
float *fx_floats(struct fx *fx, size_t n);
/* The bin count of the DVH fixture (radioembo_dvh_get_curve's n). */
extern size_t hx_dvh_bins;
#define HX_DVH_BINS hx_dvh_bins
/* A small case file (radioembo-case(5)) with an uncertainty section, as text and as a file. */
extern const char hx_case_json[];
#define HX_CASE_JSON hx_case_json
extern const size_t hx_case_json_length;
#define HX_CASE_JSON_LENGTH hx_case_json_length
const char *hx_case_path(void);
#define HX_CASE_PATH hx_case_path()

#endif /* RADIOEMBO_HOSTILE_H */
