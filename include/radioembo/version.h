/*
 * libradioembo - radioembolization planning and dosimetry
 * version.h: the single source of the library version (the Makefile reads it too).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_VERSION_H
#define RADIOEMBO_VERSION_H

#include "common.h"

#define RADIOEMBO_VERSION_MAJOR 1
#define RADIOEMBO_VERSION_MINOR 4
#define RADIOEMBO_VERSION_PATCH 0

#define RADIOEMBO_VERSION_NUMBER \
	(RADIOEMBO_VERSION_MAJOR * 10000 + RADIOEMBO_VERSION_MINOR * 100 + RADIOEMBO_VERSION_PATCH)

#define RADIOEMBO_VERSION_STRING "1.4.0"

#ifdef __cplusplus
extern "C" {
#endif

/* The version of the library actually loaded: MAJOR*10000 + MINOR*100 + PATCH. */
RADIOEMBO_API int radioembo_version_number(void);

/* The same as "MAJOR.MINOR.PATCH"; static storage. */
RADIOEMBO_API const char *radioembo_version_string(void);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_VERSION_H */
