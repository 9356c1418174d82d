/*
 * libradioembo - radioembolization planning and dosimetry
 * common.h: visibility, status codes and error reporting shared by every module.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_COMMON_H
#define RADIOEMBO_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* Marks the public declarations; exported from the shared library, all else is hidden. */
#ifndef RADIOEMBO_API
#if defined(RADIOEMBO_BUILDING) && defined(__GNUC__)
#define RADIOEMBO_API __attribute__((visibility("default")))
#else
#define RADIOEMBO_API
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Every fallible function returns one of these: 0 on success, a negative code otherwise.
 * Values are frozen; new codes are only ever appended.
 */
typedef enum {
	RADIOEMBO_OK = 0,
	RADIOEMBO_EINVAL = -1,     /* an argument is invalid (NULL, NaN, out of domain) */
	RADIOEMBO_ENOMEM = -2,     /* memory allocation failed */
	RADIOEMBO_ERANGE = -3,     /* the result is not representable, or no choice fits */
	RADIOEMBO_ENOTFOUND = -4,  /* a name or index is unknown */
	RADIOEMBO_ENOCONV = -5,    /* an iterative computation did not converge */
	RADIOEMBO_EINTERNAL = -6   /* a fault inside the library */
} radioembo_status;

/* Static English text for any status value; never NULL. */
RADIOEMBO_API const char *radioembo_strerror(int status);

/*
 * Detail of the last failure on the calling thread, naming the parameter and its value.
 * Valid until the next failing call on the same thread; "" if nothing has failed yet.
 */
RADIOEMBO_API const char *radioembo_last_error_message(void);

/*
 * The parameter, spelled as in the failing function's prototype, whose value made the last
 * failure on the calling thread fail ("lsf", "density_g_per_ml", "label"); "" when no single
 * parameter is at fault (ENOMEM, EINTERNAL, ENOCONV) or nothing has failed yet. Lets a
 * caller tell its user which input to fix without reading the message's text.
 */
RADIOEMBO_API const char *radioembo_last_error_parameter(void);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_COMMON_H */
