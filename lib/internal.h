/*
 * libradioembo internals: shared by lib/ and tests/unit only, never installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_INTERNAL_H
#define RADIOEMBO_INTERNAL_H

#define RADIOEMBO_BUILDING 1
#include "radioembo.h"

#if defined(__GNUC__)
#define RADIOEMBO__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define RADIOEMBO__PRINTF(f, a)
#endif

/* ln 2, to full double precision (C99 has no M_LN2 without POSIX extensions). */
#define RADIOEMBO__LN2 0.693147180559945309417232121458176568

/*
 * Records a failure for radioembo_last_error_message() and returns status, so that a
 * failing path reads `return radioembo__fail(RADIOEMBO_EINVAL, "...", ...);`.
 */
int radioembo__fail(int status, const char *format, ...) RADIOEMBO__PRINTF(2, 3);

/* Room for any double printed by radioembo__format_double, with its NUL. */
#define RADIOEMBO__DOUBLE_TEXT_SIZE 32

/* The shortest decimal text that reads back as exactly value ("64.1", "-inf", "nan"). */
const char *radioembo__format_double(double value, char buffer[RADIOEMBO__DOUBLE_TEXT_SIZE]);

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
int radioembo__require_nonnegative(const char *name, double value);     /* finite, >= 0 */
int radioembo__require_nonnegative_or_inf(const char *name, double value); /* >= 0, +Inf ok */
/* finite and lower <= value <= upper */
int radioembo__require_within(const char *name, double value, double lower, double upper);
/* finite and 0 <= value < 1: a fraction that leaves something behind (LSF, residual) */
int radioembo__require_fraction_below_one(const char *name, double value);

/* RADIOEMBO_OK if a computed value is finite, else RADIOEMBO_ERANGE naming it. */
int radioembo__require_representable(const char *name, double value);

#endif /* RADIOEMBO_INTERNAL_H */
