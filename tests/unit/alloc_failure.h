/*
 * Allocation failures on demand, for unit tests of objects that allocate.
 *
 * Every allocation of the library goes through lib/core/memory.c (lib/core/internal.h). This header
 * compiles that file into the test program with its calloc() replaced, so the linker takes
 * these definitions of radioembo__allocate() and its siblings and never pulls memory.o out
 * of the static library. Include it first, before any other header.
 *
 * alloc_failure_countdown = n makes the allocation after n successful ones fail, once;
 * -1 (the default) never fails. The countdown is atomic: a call that allocates on threads
 * of its own (radioembo_uncertainty_set_threads) has exactly one of its allocations fail,
 * whichever thread makes it. A test sets n = 0, 1, 2, ... until the call succeeds, so
 * every allocation of the call fails once; sanitizers and valgrind then find any leak on
 * those failure paths.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_ALLOC_FAILURE_H
#define RADIOEMBO_ALLOC_FAILURE_H

#define _POSIX_C_SOURCE 200809L /* as lib/core/memory.c: strnlen */

#include <stdatomic.h>
#include <stdlib.h>

static _Atomic long alloc_failure_countdown = -1;

static void *alloc_failure_calloc(size_t count, size_t size)
{
	long left = atomic_load(&alloc_failure_countdown);

	/* 0 -> -1 fails this allocation; n > 0 -> n - 1 lets it through */
	while (left >= 0 && !atomic_compare_exchange_weak(&alloc_failure_countdown, &left,
							  left == 0 ? -1 : left - 1))
		;
	if (left == 0)
		return NULL;
	return calloc(count, size);
}

#define calloc alloc_failure_calloc
#include "core/memory.c"
#undef calloc

#endif /* RADIOEMBO_ALLOC_FAILURE_H */
