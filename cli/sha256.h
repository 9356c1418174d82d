/*
 * radioembo(1): SHA-256 (FIPS 180-4) of the input files, which the signed report names so
 * that a reader can tell which file was planned.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_SHA256_H
#define RADIOEMBO_CLI_SHA256_H

#include <stddef.h>

/* The digest of data[0..size) as 64 lowercase hexadecimal digits and a NUL. */
void sha256_hex(const void *data, size_t size, char hex_out[65]);

#endif
