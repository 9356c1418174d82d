/*
 * libradioembo internals: shared by lib/ and tests/unit only, never installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_INTERNAL_H
#define RADIOEMBO_INTERNAL_H

#define RADIOEMBO_BUILDING 1
#include "radioembo.h"

#include "core/instant.h"

#if defined(__GNUC__)
#define RADIOEMBO__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define RADIOEMBO__PRINTF(f, a)
#endif

/* ln 2, to full double precision (C99 has no M_LN2 without POSIX extensions). */
#define RADIOEMBO__LN2 0.693147180559945309417232121458176568

/*
 * Records a failure for radioembo_last_error_message() and radioembo_last_error_parameter()
 * and returns status, so that a failing path reads
 * `return radioembo__fail(RADIOEMBO_EINVAL, "lsf", "lsf must ...", ...);`. parameter names
 * the argument, as the header and man page spell it, whose value made the call fail; NULL
 * when no single argument is at fault (allocation failure, a fault inside the library).
 */
#define RADIOEMBO__MAX_PARAMETER_NAME 63
int radioembo__fail(int status, const char *parameter, const char *format, ...)
	RADIOEMBO__PRINTF(3, 4);

/*
 * Threads (core/parallel.c). A caller's thread count, per call or per object, is checked by
 * radioembo__require_threads (EINVAL outside [1, RADIOEMBO__THREADS_MAX]);
 * radioembo__parallel(threads, work, context) calls work(context, i) for i = 0 .. threads - 1,
 * share 0 on the calling thread and the others on threads of their own, and returns when all
 * are done. radioembo__share_range splits count items into contiguous shares of sizes
 * differing by at most one.
 */
#define RADIOEMBO__THREADS_MAX 1024
typedef void (*radioembo__share_fn)(void *context, size_t index);
int radioembo__require_threads(const char *name, size_t threads);
void radioembo__parallel(size_t threads, radioembo__share_fn work, void *context);
void radioembo__share_range(size_t count, size_t shares, size_t index, size_t *begin_out,
			    size_t *end_out);

/* radioembo__format_double: numbers in messages as the JSON documents write them */
#include "../../common/number_text.h"

/*
 * Argument checks. Each returns RADIOEMBO_OK, or records a message naming the parameter
 * and its value and returns RADIOEMBO_EINVAL. They chain with ||:
 *   if ((rc = radioembo__require_positive("mass_kg", mass_kg)) ||
 *       (rc = radioembo__require_pointer("dose_gy_out", dose_gy_out)))
 *           return rc;
 */
/* Any pointer argument, input or output, that must not be NULL. */
int radioembo__require_pointer(const char *name, const void *pointer);
int radioembo__require_finite(const char *name, double value);
int radioembo__require_positive(const char *name, double value);        /* finite, > 0 */
/*
 * Element index of an array: the message names "array[index]", the failing parameter is
 * the array (radioembo_last_error_parameter() names arguments, not elements).
 */
int radioembo__require_positive_at(const char *array, size_t index, double value);
int radioembo__require_nonnegative_at(const char *array, size_t index, double value);
int radioembo__require_within_at(const char *array, size_t index, double value, double lower,
				 double upper);
int radioembo__require_nonnegative(const char *name, double value);     /* finite, >= 0 */
int radioembo__require_nonnegative_or_inf(const char *name, double value); /* >= 0, +Inf ok */
/* finite and lower <= value <= upper */
int radioembo__require_within(const char *name, double value, double lower, double upper);
/* finite and lower < value < upper */
int radioembo__require_open_interval(const char *name, double value, double lower, double upper);
/* finite and 0 < value <= 1: a share that leaves something (a treated fraction of the liver) */
int radioembo__require_share(const char *name, double value);
/* > 0, or +INFINITY: a dose limit that may be "not applied" */
int radioembo__require_limit(const char *name, double value);
/* finite and 0 <= value < 1: a fraction that leaves something behind (LSF, residual) */
int radioembo__require_fraction_below_one(const char *name, double value);

/*
 * A tissue density in g/mL: finite, > 0 and <= 25. The densest element (osmium) is
 * 22.6 g/mL; anything above is a unit mistake, most likely kg/m^3 (1050 for liver).
 */
#define RADIOEMBO__DENSITY_MAX_G_PER_ML 25.0
int radioembo__require_tissue_density(const char *name, double value);

/*
 * A caller's array length of doubles: at most PTRDIFF_MAX / sizeof(double). Anything larger
 * (SIZE_MAX, a negative length converted to size_t) is a corrupted length, never an array,
 * and reading its elements would run off the caller's memory.
 */
int radioembo__require_length(const char *name, size_t n);

/* RADIOEMBO_OK if a computed value is finite, else RADIOEMBO_ERANGE naming it. */
int radioembo__require_representable(const char *name, double value);

/*
 * Memory. Every allocation of the library goes through these two, so that a failure reads
 * the same everywhere and tests can make allocations fail.
 */
/* Zeroed memory for `what`; NULL, with an ENOMEM message naming it, when none is left. */
void *radioembo__allocate(size_t size, const char *what);

/*
 * Makes room for `needed` elements in *array, of *capacity elements of which the first
 * `count` are kept: the capacity doubles (from at least `minimum`), so that growing by one
 * at a time costs amortized constant time. On ENOMEM (recorded, naming `what`) *array and
 * *capacity are left as they were.
 */
int radioembo__reserve(void **array, size_t count, size_t *capacity, size_t needed, size_t minimum,
		       size_t element_size, const char *what);

/* Longest label or name an object keeps, in bytes without the NUL. */
#define RADIOEMBO__MAX_LABEL 255

/*
 * A copy of a label: EINVAL naming `name` when text is NULL, empty or longer than
 * RADIOEMBO__MAX_LABEL; ENOMEM when it cannot be copied. *copy_out is set only on success.
 */
int radioembo__copy_label(const char *name, const char *text, char **copy_out);
/* 1 if the length bytes of text are well-formed UTF-8 (RFC 3629), else 0. */
int radioembo__is_utf8(const char *text, size_t length);

/* Names compared ignoring ASCII letter case only: never dependent on the process locale. */
int radioembo__names_match(const char *a, const char *b);

/*
 * The entry for value of a name table indexed by enumerator (radioembo_model_name() and
 * the like); NULL outside the table or in a gap, so a value that is not one names nothing.
 */
static inline const char *radioembo__table_name(const char *const *names, size_t count, int value)
{
	return value >= 0 && (size_t)value < count ? names[value] : NULL;
}
#define RADIOEMBO__TABLE_NAME(names, value)                                                        \
	radioembo__table_name(names, sizeof names / sizeof names[0], (int)(value))

/* Replaces *label with a copy of text, leaving it unchanged on failure. */
int radioembo__replace_label(const char *name, const char *text, char **label);

#endif /* RADIOEMBO_INTERNAL_H */
