/*
 * Allocation failure injection over the whole library.
 *
 * The program is linked against the static library with -Wl,--wrap for calloc and free
 * (every allocation of lib/ goes through radioembo__allocate(), lib/core/memory.c, which
 * calls calloc), fftwf_malloc and fftwf_free (the FFT block buffers of
 * lib/voxel/convolution_fft.c) and the FFTW planners it calls (real-to-complex 3-D, and
 * the guru complex and complex-to-real passes of the pruned inverse). GSL allocates nothing for the
 * library: its random number generator's state comes from radioembo__allocate
 * (lib/uncertainty/), and no GSL workspace is used. Only the references made by lib/ and
 * this program are wrapped, not the ones inside libc, GSL or FFTW. fftwf_destroy_plan is
 * wrapped to count live plans.
 *
 * Every wrapped call is an "allocation point", counted in call order while a scenario runs
 * (scenarios.c: every public function that allocates, in context). For each scenario:
 *   1. a clean run counts its N points and records its digest;
 *   2. for k = 1 .. N, the run with point k failing once, then with points k, k+1, ...
 *      all failing (so that the failure paths themselves meet failures) must return
 *      RADIOEMBO_ENOMEM (RADIOEMBO_EINTERNAL, "FFTW could not make a plan", when the point
 *      is a planner, as radioembo_voxel(3) documents: FFTW aborts on its own out-of-memory,
 *      so a NULL plan never means memory), with a message saying so, leave the failed
 *      call's output pointer alone, and free everything it allocated: the wrapper keeps the
 *      set of live blocks, which must be the same after the run as before;
 *   3. a clean run after each pair of failing runs must succeed with the same number of
 *      points and the same digest, bit for bit.
 * Valgrind (VALGRIND=1) and LeakSanitizer (SANITIZE=address) check the same at exit.
 *
 * FAULT_SCENARIO=name runs one scenario; FAULT_SITES=1 prints each distinct call site
 * (return addresses of the allocator's two callers) for addr2line; the count of distinct
 * sites is meaningful in a plain build only (sanitizer runtimes unwind differently).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* dladdr */

#include <dlfcn.h>
#include <execinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fftw3.h>

#include "testutil.h"
#include "scenarios.h"

/* ---- the wrapped allocators -------------------------------------------------------------- */

void *__real_calloc(size_t count, size_t size);
void __real_free(void *memory);
void *__real_fftwf_malloc(size_t size);
void __real_fftwf_free(void *memory);
fftwf_plan __real_fftwf_plan_dft_r2c_3d(int n0, int n1, int n2, float *in, fftwf_complex *out,
					unsigned flags);
fftwf_plan __real_fftwf_plan_dft_c2r_3d(int n0, int n1, int n2, fftwf_complex *in, float *out,
					unsigned flags);
void *__wrap_calloc(size_t count, size_t size);
void __wrap_free(void *memory);
void *__wrap_fftwf_malloc(size_t size);
void __wrap_fftwf_free(void *memory);
fftwf_plan __wrap_fftwf_plan_dft_r2c_3d(int n0, int n1, int n2, float *in, fftwf_complex *out,
					unsigned flags);
fftwf_plan __wrap_fftwf_plan_dft_c2r_3d(int n0, int n1, int n2, fftwf_complex *in, float *out,
					unsigned flags);
fftwf_plan __real_fftwf_plan_guru_dft(int rank, const fftwf_iodim *dims, int howmany_rank,
				      const fftwf_iodim *howmany_dims, fftwf_complex *in,
				      fftwf_complex *out, int sign, unsigned flags);
fftwf_plan __wrap_fftwf_plan_guru_dft(int rank, const fftwf_iodim *dims, int howmany_rank,
				      const fftwf_iodim *howmany_dims, fftwf_complex *in,
				      fftwf_complex *out, int sign, unsigned flags);
fftwf_plan __real_fftwf_plan_guru_dft_c2r(int rank, const fftwf_iodim *dims, int howmany_rank,
					  const fftwf_iodim *howmany_dims, fftwf_complex *in,
					  float *out, unsigned flags);
fftwf_plan __wrap_fftwf_plan_guru_dft_c2r(int rank, const fftwf_iodim *dims, int howmany_rank,
					  const fftwf_iodim *howmany_dims, fftwf_complex *in,
					  float *out, unsigned flags);
void __real_fftwf_destroy_plan(fftwf_plan plan);
void __wrap_fftwf_destroy_plan(fftwf_plan plan);

enum point_kind { POINT_MEMORY, POINT_PLAN };

static struct {
	long calls;     /* allocation points reached since the scenario started */
	long fail_from; /* first failing point (1-based); 0: none */
	int once;       /* only fail_from fails, not the ones after it */
	int hit;        /* a point was made to fail */
	enum point_kind hit_kind;
	int record_sites;
} fault;

/* Live blocks handed out by the wrappers: an open-addressing set with tombstones. */
#define LIVE_SLOTS 65536u
#define TOMBSTONE ((void *)1)
static void *live[LIVE_SLOTS];
static long live_count;

static size_t slot_of(const void *p)
{
	return (size_t)(((uintptr_t)p >> 4) * UINT64_C(11400714819323198485) >> 48) %
	       LIVE_SLOTS;
}

static void live_add(void *p)
{
	size_t i = slot_of(p);

	while (live[i] != NULL && live[i] != TOMBSTONE)
		i = (i + 1) % LIVE_SLOTS;
	live[i] = p;
	live_count++;
}

static void live_remove(void *p)
{
	size_t i = slot_of(p), probes;

	for (probes = 0; probes < LIVE_SLOTS && live[i] != NULL; probes++, i = (i + 1) % LIVE_SLOTS)
		if (live[i] == p) {
			live[i] = TOMBSTONE;
			live_count--;
			return;
		}
}

/* Distinct call sites: the return addresses of the allocator's caller and its caller. */
#define MAX_SITES 512
static void *sites[MAX_SITES][2];
static size_t site_count;

static void record_site(void)
{
	void *frames[4] = { NULL, NULL, NULL, NULL };
	size_t i;
	int n = backtrace(frames, 4);

	if (n < 4)
		frames[3] = NULL;
	for (i = 0; i < site_count; i++)
		if (sites[i][0] == frames[2] && sites[i][1] == frames[3])
			return;
	if (site_count < MAX_SITES) {
		sites[site_count][0] = frames[2];
		sites[site_count][1] = frames[3];
		site_count++;
	}
}

/* Whether this allocation point fails. */
static int point_fails(enum point_kind kind)
{
	long k = ++fault.calls;

	if (fault.record_sites)
		record_site();
	if (fault.fail_from > 0 && (fault.once ? k == fault.fail_from : k >= fault.fail_from)) {
		if (!fault.hit)
			fault.hit_kind = kind;
		fault.hit = 1;
		return 1;
	}
	return 0;
}

void *__wrap_calloc(size_t count, size_t size)
{
	void *p;

	if (point_fails(POINT_MEMORY))
		return NULL;
	if ((p = __real_calloc(count, size)) != NULL)
		live_add(p);
	return p;
}

void __wrap_free(void *memory)
{
	if (memory != NULL)
		live_remove(memory);
	__real_free(memory);
}

void *__wrap_fftwf_malloc(size_t size)
{
	void *p;

	if (point_fails(POINT_MEMORY))
		return NULL;
	if ((p = __real_fftwf_malloc(size)) != NULL)
		live_add(p);
	return p;
}

void __wrap_fftwf_free(void *memory)
{
	if (memory != NULL)
		live_remove(memory);
	__real_fftwf_free(memory);
}

/* Plans count as live blocks too: each must be destroyed. */
fftwf_plan __wrap_fftwf_plan_dft_r2c_3d(int n0, int n1, int n2, float *in, fftwf_complex *out,
					unsigned flags)
{
	fftwf_plan plan;

	if (point_fails(POINT_PLAN))
		return NULL;
	if ((plan = __real_fftwf_plan_dft_r2c_3d(n0, n1, n2, in, out, flags)) != NULL)
		live_add(plan);
	return plan;
}

fftwf_plan __wrap_fftwf_plan_dft_c2r_3d(int n0, int n1, int n2, fftwf_complex *in, float *out,
					unsigned flags)
{
	fftwf_plan plan;

	if (point_fails(POINT_PLAN))
		return NULL;
	if ((plan = __real_fftwf_plan_dft_c2r_3d(n0, n1, n2, in, out, flags)) != NULL)
		live_add(plan);
	return plan;
}

fftwf_plan __wrap_fftwf_plan_guru_dft(int rank, const fftwf_iodim *dims, int howmany_rank,
				      const fftwf_iodim *howmany_dims, fftwf_complex *in,
				      fftwf_complex *out, int sign, unsigned flags)
{
	fftwf_plan plan;

	if (point_fails(POINT_PLAN))
		return NULL;
	if ((plan = __real_fftwf_plan_guru_dft(rank, dims, howmany_rank, howmany_dims, in, out,
					       sign, flags)) != NULL)
		live_add(plan);
	return plan;
}

fftwf_plan __wrap_fftwf_plan_guru_dft_c2r(int rank, const fftwf_iodim *dims, int howmany_rank,
					  const fftwf_iodim *howmany_dims, fftwf_complex *in,
					  float *out, unsigned flags)
{
	fftwf_plan plan;

	if (point_fails(POINT_PLAN))
		return NULL;
	if ((plan = __real_fftwf_plan_guru_dft_c2r(rank, dims, howmany_rank, howmany_dims, in,
						   out, flags)) != NULL)
		live_add(plan);
	return plan;
}

void __wrap_fftwf_destroy_plan(fftwf_plan plan)
{
	if (plan != NULL)
		live_remove(plan);
	__real_fftwf_destroy_plan(plan);
}

/* ---- the driver --------------------------------------------------------------------------- */

static long total_points, total_failing_runs, total_scenarios;

/* Runs the scenario with points fail_from.. failing (0: none); returns its status. */
static int run_once(const struct scenario *s, long fail_from, int once, uint64_t *digest,
		    long *points_out)
{
	double unused;
	long live_before = live_count;
	int rc;

	/* a stale message must not pass for this run's: leave a different one behind */
	assert_int_equal(radioembo_decay_factor(-1.0, 1.0, &unused), RADIOEMBO_EINVAL);
	*digest = DIGEST_INIT;
	fault.calls = 0;
	fault.fail_from = fail_from;
	fault.once = once;
	fault.hit = 0;
	rc = s->run(digest);
	fault.fail_from = 0;
	if (live_count != live_before) {
		fail_msg("scenario %s, point %ld failing (%s): %ld block(s) leaked", s->name,
			 fail_from, once ? "once" : "from there on", live_count - live_before);
	}
	if (points_out != NULL)
		*points_out = fault.calls;
	return rc;
}

static void check_failure(const struct scenario *s, long k, int once, int rc)
{
	const char *message = radioembo_last_error_message();
	const char *mode = once ? "once" : "from there on";

	if (!fault.hit)
		fail_msg("scenario %s: point %ld of a clean run's count was not reached (%s)",
			 s->name, k, mode);
	if (rc == SCENARIO_OUTPUT_TOUCHED)
		fail_msg("scenario %s, point %ld failing (%s): a failed call wrote its output",
			 s->name, k, mode);
	if (fault.hit_kind == POINT_PLAN) {
		if (rc != RADIOEMBO_EINTERNAL || strstr(message, "FFTW") == NULL)
			fail_msg("scenario %s, planner %ld failing (%s): status %d, message \"%s\"",
				 s->name, k, mode, rc, message);
	} else if (rc != RADIOEMBO_ENOMEM || strstr(message, "memory") == NULL) {
		fail_msg("scenario %s, point %ld failing (%s): status %d (%s), message \"%s\"",
			 s->name, k, mode, rc, radioembo_strerror(rc), message);
	}
}

static void run_scenario(const struct scenario *s)
{
	uint64_t baseline, digest;
	long points = 0, again = 0, k;
	int once, rc;

	fault.record_sites = 1;
	rc = run_once(s, 0, 1, &baseline, &points);
	fault.record_sites = 0;
	if (rc != RADIOEMBO_OK)
		fail_msg("scenario %s fails without injection: %d, %s", s->name, rc,
			 radioembo_last_error_message());
	assert_true(points > 0);
	for (k = 1; k <= points; k++) {
		for (once = 1; once >= 0; once--) {
			check_failure(s, k, once, run_once(s, k, once, &digest, NULL));
			total_failing_runs++;
		}
		/* the library holds no state a failure could have spoilt */
		rc = run_once(s, 0, 1, &digest, &again);
		if (rc != RADIOEMBO_OK || digest != baseline || again != points)
			fail_msg("scenario %s: clean run after point %ld failed: status %d, %ld "
				 "points (expected %ld), digest %s",
				 s->name, k, rc, again, points,
				 digest == baseline ? "same" : "different");
	}
	/* one past the last point: nothing fails */
	assert_int_equal(run_once(s, points + 1, 1, &digest, NULL), RADIOEMBO_OK);
	assert_false(fault.hit);
	assert_true(digest == baseline);
	printf("# %-20s %4ld allocation points, %4ld failing runs\n", s->name, points, 2 * points);
	total_points += points;
	total_scenarios++;
}

#define SCENARIO_TEST(name)                                                    \
	static void test_alloc_faults_##name(void **state)                     \
	{                                                                      \
		const char *only = getenv("FAULT_SCENARIO");                  \
		(void)state;                                                   \
		if (only != NULL && strcmp(only, #name) != 0)                  \
			skip();                                                \
		run_scenario(scenario_find(#name));                            \
	}
SCENARIO_TEST(products)
SCENARIO_TEST(compartments)
SCENARIO_TEST(vials)
SCENARIO_TEST(radiobiology)
SCENARIO_TEST(eligibility)
SCENARIO_TEST(plan_glass)
SCENARIO_TEST(plan_resin_holmium)
SCENARIO_TEST(uncertainty)
SCENARIO_TEST(case)
SCENARIO_TEST(volumes)
SCENARIO_TEST(voxel_maps)
SCENARIO_TEST(kernels)
SCENARIO_TEST(convolution)
SCENARIO_TEST(dvh_compare)

/* Every scenario of scenarios.c has its test above. */
static void test_alloc_faults_every_scenario_is_run(void **state)
{
	(void)state;
	assert_int_equal(scenario_count, 14);
}

static void print_sites(void)
{
	size_t i;

	printf("# %ld allocation points in %ld scenarios, %ld failing runs, %zu distinct call "
	       "sites\n",
	       total_points, total_scenarios, total_failing_runs, site_count);
	if (getenv("FAULT_SITES") == NULL)
		return;
	for (i = 0; i < site_count; i++) {
		Dl_info info;
		uintptr_t base = 0;

		if (dladdr(sites[i][0], &info) != 0)
			base = (uintptr_t)info.dli_fbase;
		printf("# site %#zx %#zx\n", (size_t)((uintptr_t)sites[i][0] - base - 1),
		       (size_t)((uintptr_t)sites[i][1] - base - 1));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_alloc_faults_every_scenario_is_run),
		TEST(test_alloc_faults_products),
		TEST(test_alloc_faults_compartments),
		TEST(test_alloc_faults_vials),
		TEST(test_alloc_faults_radiobiology),
		TEST(test_alloc_faults_eligibility),
		TEST(test_alloc_faults_plan_glass),
		TEST(test_alloc_faults_plan_resin_holmium),
		TEST(test_alloc_faults_uncertainty),
		TEST(test_alloc_faults_case),
		TEST(test_alloc_faults_volumes),
		TEST(test_alloc_faults_voxel_maps),
		TEST(test_alloc_faults_kernels),
		TEST(test_alloc_faults_convolution),
		TEST(test_alloc_faults_dvh_compare),
	};
	void *warm[4];
	int failed;

	/* backtrace() loads libgcc's unwinder on its first call: before any counting */
	backtrace(warm, 4);
	failed = cmocka_run_group_tests_name("alloc_faults", tests, NULL, NULL);
	print_sites();
	fftwf_cleanup();
	return failed;
}
