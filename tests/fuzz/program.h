/*
 * What the libFuzzer targets that run programs of calls share: the input stream (a missing
 * byte reads as 0, so every input is a valid program), operands drawn from it, and the
 * invariants checked after every call (abort, i.e. a crash for libFuzzer, if broken):
 * a status that is 0 or a radioembo_status code and never EINTERNAL, with a message on
 * failure; on success finite doubles and non-NULL handles; on failure outputs untouched
 * (each output starts as a sentinel).
 *
 * Everything here is static inline: each target is its own program (and, for the replay
 * driver, its own object file).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_FUZZ_PROGRAM_H
#define RADIOEMBO_FUZZ_PROGRAM_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "radioembo.h"

#define CHECK(condition)                                                                           \
	do {                                                                                       \
		if (!(condition)) {                                                                \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__,       \
				#condition);                                                       \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

/* ---- the input stream -------------------------------------------------------------- */

struct stream {
	const uint8_t *data;
	size_t size, position;
};

static inline uint8_t byte(struct stream *in)
{
	return in->position < in->size ? in->data[in->position++] : 0;
}

static inline int more(const struct stream *in)
{
	return in->position < in->size;
}

/* A double: one of a target's interesting numbers, a scaled small one, or 8 raw bytes. */
static inline double number_from(struct stream *in, const double *interesting, size_t count)
{
	uint8_t b = byte(in);
	uint64_t bits = 0;
	double value;
	int i;

	if (b < count)
		return interesting[b];
	if (b == 255) {
		for (i = 0; i < 8; i++)
			bits |= (uint64_t)byte(in) << (8 * i);
		memcpy(&value, &bits, sizeof value);
		return value;
	}
	/* 1..~3 times a power of ten from 1e-3 to 1e4 */
	return (1.0 + (b >> 3) * 0.0731) * pow(10.0, (double)(b % 8) - 3.0);
}

/* An index: mostly small, sometimes huge. */
static inline size_t index_of(struct stream *in)
{
	uint8_t b = byte(in);

	if (b == 255)
		return SIZE_MAX;
	if (b == 254)
		return SIZE_MAX / 2 + 1;
	return b % 8;
}

/* An enumerator: the valid range with a margin on both sides. */
static inline int enumerator(struct stream *in, int first, int last)
{
	return first - 2 + (int)(byte(in) % (unsigned)(last - first + 5));
}

/* ---- the invariants ------------------------------------------------------------------ */

#define SENTINEL_D (-7.25e-77)
#define SENTINEL_Z ((size_t)0x5A5A5A5A)
#define SENTINEL_I (-12345)
/* a handle output's sentinel: an address no constructor returns */
static inline void *sentinel_handle(void)
{
	static char object;

	return &object;
}
#define SENTINEL_P (sentinel_handle())

static inline int same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

static inline void status(int rc)
{
#ifdef FUZZ_API_TRACE /* -DFUZZ_API_TRACE: what a program does, for writing seeds */
	fprintf(stderr, "status %d %s\n", rc, rc ? radioembo_last_error_message() : "");
#endif
	CHECK(rc <= RADIOEMBO_OK && rc >= RADIOEMBO_EINTERNAL);
	/* EINTERNAL is a bug of the library whatever the input */
	CHECK(rc != RADIOEMBO_EINTERNAL);
	if (rc != RADIOEMBO_OK)
		CHECK(radioembo_last_error_message()[0] != '\0');
}

/* The outputs are passed by address: read after the call, whatever the argument order. */
static inline void out_double(int rc, const double *value_p)
{
	double value = *value_p;

	status(rc);
	if (rc == RADIOEMBO_OK)
		CHECK(isfinite(value));
	else
		CHECK(same_bits(value, SENTINEL_D));
}

/* An array output of n doubles: filled with sentinels before the call, checked after it. */
static inline void sentinels(double *values, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		values[i] = SENTINEL_D;
}

static inline void out_doubles(int rc, const double *values, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out_double(rc, &values[i]);
}

static inline void out_size(int rc, const size_t *value_p)
{
	size_t value = *value_p;

	status(rc);
	if (rc != RADIOEMBO_OK)
		CHECK(value == SENTINEL_Z);
}

static inline void out_int(int rc, const int *value_p, int first, int last)
{
	int value = *value_p;

	status(rc);
	if (rc == RADIOEMBO_OK)
		CHECK(value >= first && value <= last);
	else
		CHECK(value == SENTINEL_I);
}

/* A handle from a constructor: non-NULL on success, untouched on failure. */
static inline int out_handle(int rc, const void *handle_p)
{
	const void *handle;

	memcpy(&handle, handle_p, sizeof handle); /* any object pointer, read after the call */
	status(rc);
	if (rc == RADIOEMBO_OK)
		CHECK(handle != NULL && handle != SENTINEL_P);
	else
		CHECK(handle == SENTINEL_P);
	return rc == RADIOEMBO_OK;
}

#endif /* RADIOEMBO_FUZZ_PROGRAM_H */
