/*
 * Whole-library scenarios through the public API only, shared by the allocation-failure
 * suite (tests/faults/test_alloc_faults.c) and the thread suite (tests/threads/).
 *
 * A scenario builds every object it needs from scratch, runs the allocating calls of one
 * area of the library, folds every figure it reads into a 64-bit digest (the exact bits of
 * each double, so two digests are equal only if the results are bit for bit the same), and
 * frees everything. It stops at the first call that fails and returns that call's status,
 * after freeing what it had built; RADIOEMBO_OK when every call succeeded.
 *
 * Every call that creates an object gets an output pointer preset to a poison value; if the
 * call fails and the pointer no longer holds it, the scenario returns
 * SCENARIO_OUTPUT_TOUCHED (outputs are written only on success).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_SCENARIOS_H
#define RADIOEMBO_SCENARIOS_H

#include <stddef.h>
#include <stdint.h>

#include <radioembo.h>

/* A failed call wrote its output pointer anyway. */
#define SCENARIO_OUTPUT_TOUCHED 1000

struct scenario {
	const char *name;
	int (*run)(uint64_t *digest);
};

extern const struct scenario scenarios[];
extern const size_t scenario_count;

/* The scenario of that name, or NULL. */
const struct scenario *scenario_find(const char *name);

/*
 * Objects that several threads read at once through const pointers (libradioembo(7),
 * THREADS): a TheraSphere plan and an uncertainty set. shared_objects_read computes the
 * plan, propagates it both ways and folds every figure into the digest.
 */
int shared_objects_new(radioembo_plan **plan_out, radioembo_uncertainty **uncertainty_out);
int shared_objects_read(const radioembo_plan *plan, const radioembo_uncertainty *uncertainty,
			uint64_t *digest);

/* FNV-1a over the bytes of a double, a size and a string. */
void digest_double(uint64_t *digest, double value);
void digest_size(uint64_t *digest, size_t value);
void digest_string(uint64_t *digest, const char *text);

#define DIGEST_INIT UINT64_C(14695981039346656037)

#endif /* RADIOEMBO_SCENARIOS_H */
