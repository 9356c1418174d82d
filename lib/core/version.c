/*
 * Runtime version, so that a program can check the library it actually loaded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/internal.h"

int radioembo_version_number(void)
{
	return RADIOEMBO_VERSION_NUMBER;
}

const char *radioembo_version_string(void)
{
	return RADIOEMBO_VERSION_STRING;
}
