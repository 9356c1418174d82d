/*
 * Status texts and the thread-local detail of the last failure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdarg.h>
#include <stdio.h>

#include "core/internal.h"

/* One buffer per thread: concurrent callers never see each other's messages. */
static _Thread_local char last_message[512];
/* Copied, not pointed to: a parameter name may be built for one call (an array element). */
static _Thread_local char last_parameter[RADIOEMBO__MAX_PARAMETER_NAME + 1];

const char *radioembo_strerror(int status)
{
	switch (status) {
	case RADIOEMBO_OK:
		return "success";
	case RADIOEMBO_EINVAL:
		return "invalid argument";
	case RADIOEMBO_ENOMEM:
		return "out of memory";
	case RADIOEMBO_ERANGE:
		return "result out of range";
	case RADIOEMBO_ENOTFOUND:
		return "not found";
	case RADIOEMBO_ENOCONV:
		return "no convergence";
	case RADIOEMBO_EINTERNAL:
		return "internal error";
	default:
		return "unknown status code";
	}
}

const char *radioembo_last_error_message(void)
{
	return last_message;
}

const char *radioembo_last_error_parameter(void)
{
	return last_parameter;
}

int radioembo__fail(int status, const char *parameter, const char *format, ...)
{
	va_list args;

	snprintf(last_parameter, sizeof last_parameter, "%s", parameter ? parameter : "");
	va_start(args, format);
	vsnprintf(last_message, sizeof last_message, format, args);
	va_end(args);
	return status;
}
