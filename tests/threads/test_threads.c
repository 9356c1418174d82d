/*
 * Threads: independent objects used concurrently, and one plan read by every
 * thread at once through const pointers, give the same results as one
 * thread does, bit for bit, and each thread sees its own last error message.
 *
 * Against the shared library, as a consumer. The work is the scenarios of
 * tests/faults/scenarios.c: products, compartments, vials, eligibility, glass, resin and
 * Ho-166 plans computed and read back, analytic and Monte Carlo uncertainty, voxel maps,
 * kernels, FFT and direct convolution (FFTW's planner is serialised by the library's
 * mutex), DVHs and dose comparison. The main thread runs every scenario once to record its
 * digest (every figure read, as exact bits); then THREADS threads (8 by default) all start
 * together at a barrier and run every scenario ROUNDS times, thread t starting at scenario
 * t so that different scenarios overlap, each comparing its digest with the serial one.
 * Under ThreadSanitizer (`make check SANITIZE=thread CC=clang`) any data race in the
 * library fails the run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _POSIX_C_SOURCE 200809L /* pthread barriers */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "scenarios.h"

#define THREADS 8
#define ROUNDS 2
#define MAX_SCENARIOS 32

static uint64_t serial_digest[MAX_SCENARIOS];
static pthread_barrier_t start_line;

struct worker {
	pthread_t thread;
	size_t index;
	/* written by the worker only, read after the join */
	size_t runs, mismatches, failures;
	char first_problem[256];
};

static void note_problem(struct worker *w, const char *what, const char *scenario, int rc)
{
	if (w->first_problem[0] == '\0')
		snprintf(w->first_problem, sizeof w->first_problem, "thread %zu, %s: %s (%d)",
			 w->index, scenario, what, rc);
}

static void *run_scenarios(void *arg)
{
	struct worker *w = arg;
	size_t round, i;

	pthread_barrier_wait(&start_line);
	for (round = 0; round < ROUNDS; round++)
		for (i = 0; i < scenario_count; i++) {
			const struct scenario *s = &scenarios[(w->index + i) % scenario_count];
			uint64_t digest = DIGEST_INIT;
			int rc = s->run(&digest);

			w->runs++;
			if (rc != RADIOEMBO_OK) {
				w->failures++;
				note_problem(w, "failed", s->name, rc);
			} else if (digest != serial_digest[s - scenarios]) {
				w->mismatches++;
				note_problem(w, "differs from the serial run", s->name, rc);
			}
		}
	return NULL;
}

static void test_threads_give_the_serial_results(void **state)
{
	struct worker workers[THREADS];
	size_t i, runs = 0;

	(void)state;
	assert_true(scenario_count <= MAX_SCENARIOS);
	for (i = 0; i < scenario_count; i++) {
		uint64_t digest = DIGEST_INIT;
		int rc = scenarios[i].run(&digest);

		if (rc != RADIOEMBO_OK)
			fail_msg("scenario %s: %d, %s", scenarios[i].name, rc,
				 radioembo_last_error_message());
		serial_digest[i] = digest;
	}
	/* the digests are deterministic on one thread too */
	for (i = 0; i < scenario_count; i++) {
		uint64_t digest = DIGEST_INIT;

		assert_int_equal(scenarios[i].run(&digest), RADIOEMBO_OK);
		assert_true(digest == serial_digest[i]);
	}

	assert_int_equal(pthread_barrier_init(&start_line, NULL, THREADS), 0);
	memset(workers, 0, sizeof workers);
	for (i = 0; i < THREADS; i++) {
		workers[i].index = i;
		assert_int_equal(pthread_create(&workers[i].thread, NULL, run_scenarios,
						&workers[i]),
				 0);
	}
	for (i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(workers[i].thread, NULL), 0);
	pthread_barrier_destroy(&start_line);
	for (i = 0; i < THREADS; i++) {
		if (workers[i].first_problem[0] != '\0')
			fail_msg("%s; %zu failed, %zu differed", workers[i].first_problem,
				 workers[i].failures, workers[i].mismatches);
		runs += workers[i].runs;
	}
	assert_int_equal(runs, THREADS * ROUNDS * scenario_count);
	printf("# %d threads x %d rounds x %zu scenarios: %zu runs, all bit for bit serial\n",
	       THREADS, ROUNDS, scenario_count, runs);
}

/* ---- one plan read by every thread at once ---------------------------------------------- */

struct reader {
	pthread_t thread;
	const radioembo_plan *plan;
	const radioembo_uncertainty *uncertainty;
	uint64_t expected;
	size_t mismatches, failures;
};

static void *read_shared(void *arg)
{
	struct reader *r = arg;
	size_t round;

	pthread_barrier_wait(&start_line);
	for (round = 0; round < 4 * ROUNDS; round++) {
		uint64_t digest = DIGEST_INIT;

		if (shared_objects_read(r->plan, r->uncertainty, &digest) != RADIOEMBO_OK)
			r->failures++;
		else if (digest != r->expected)
			r->mismatches++;
	}
	return NULL;
}

/*
 * libradioembo(7) promises that threads may read one object at once through const
 * pointers: every thread computes and propagates the same plan, with the serial results.
 */
static void test_threads_read_one_plan_at_once(void **state)
{
	struct reader readers[THREADS];
	radioembo_plan *plan = NULL;
	radioembo_uncertainty *uncertainty = NULL;
	uint64_t expected = DIGEST_INIT;
	size_t i;

	(void)state;
	assert_int_equal(shared_objects_new(&plan, &uncertainty), RADIOEMBO_OK);
	assert_int_equal(shared_objects_read(plan, uncertainty, &expected), RADIOEMBO_OK);
	assert_int_equal(pthread_barrier_init(&start_line, NULL, THREADS), 0);
	memset(readers, 0, sizeof readers);
	for (i = 0; i < THREADS; i++) {
		readers[i].plan = plan;
		readers[i].uncertainty = uncertainty;
		readers[i].expected = expected;
		assert_int_equal(pthread_create(&readers[i].thread, NULL, read_shared, &readers[i]),
				 0);
	}
	for (i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(readers[i].thread, NULL), 0);
	pthread_barrier_destroy(&start_line);
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(readers[i].failures, 0);
		assert_int_equal(readers[i].mismatches, 0);
	}
	radioembo_uncertainty_free(uncertainty);
	radioembo_plan_free(plan);
}

/* ---- the thread-local error message ------------------------------------------------------ */

#define MESSAGE_ROUNDS 50
static pthread_barrier_t message_barrier;

struct messenger {
	pthread_t thread;
	size_t index;
	int ok;
	char problem[600];
};

/*
 * Even threads fail radioembo_decay_factor (half_life_h), odd ones radioembo_lesion_new
 * (volume_ml), each with its own value; once every thread has failed, each must still read
 * its own message, and a successful call must leave it alone.
 */
static void *provoke_errors(void *arg)
{
	struct messenger *m = arg;
	char value_text[32], expected_name[32];
	size_t round;

	m->ok = 1;
	for (round = 0; round < MESSAGE_ROUNDS && m->ok; round++) {
		double value = -(double)(m->index + 1) - 0.25 - (double)round * 16.0;
		double out = 0.0;
		radioembo_lesion *lesion = NULL;
		const char *message;
		int rc;

		snprintf(value_text, sizeof value_text, "got %.15g", value);
		if (m->index % 2 == 0) {
			snprintf(expected_name, sizeof expected_name, "half_life_h");
			rc = radioembo_decay_factor(value, 1.0, &out);
		} else {
			snprintf(expected_name, sizeof expected_name, "volume_ml");
			rc = radioembo_lesion_new("thread lesion", value, &lesion);
		}
		pthread_barrier_wait(&message_barrier); /* every thread has failed */
		/* a success does not touch the message */
		if (radioembo_decay_factor(64.1, 21.7, &out) != RADIOEMBO_OK)
			m->ok = 0;
		message = radioembo_last_error_message();
		if (rc != RADIOEMBO_EINVAL || strstr(message, expected_name) == NULL ||
		    strstr(message, value_text) == NULL) {
			snprintf(m->problem, sizeof m->problem,
				 "thread %zu round %zu: status %d, message \"%s\", expected %s and "
				 "\"%s\"",
				 m->index, round, rc, message, expected_name, value_text);
			m->ok = 0;
		}
		radioembo_lesion_free(lesion);
		pthread_barrier_wait(&message_barrier); /* every thread has read its message */
	}
	/* keep the others' barriers fed if this one stopped early */
	for (; round < MESSAGE_ROUNDS; round++) {
		pthread_barrier_wait(&message_barrier);
		pthread_barrier_wait(&message_barrier);
	}
	return NULL;
}

static void test_threads_error_messages_are_per_thread(void **state)
{
	struct messenger messengers[THREADS];
	double out;
	size_t i;

	(void)state;
	/* the main thread's own message survives the others' failures */
	assert_fails(radioembo_decay_elapsed_h(2.385, 1.193, -6.25, &out), RADIOEMBO_EINVAL,
		     "half_life_h");
	assert_int_equal(pthread_barrier_init(&message_barrier, NULL, THREADS), 0);
	memset(messengers, 0, sizeof messengers);
	for (i = 0; i < THREADS; i++) {
		messengers[i].index = i;
		assert_int_equal(pthread_create(&messengers[i].thread, NULL, provoke_errors,
						&messengers[i]),
				 0);
	}
	for (i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(messengers[i].thread, NULL), 0);
	pthread_barrier_destroy(&message_barrier);
	for (i = 0; i < THREADS; i++)
		if (!messengers[i].ok)
			fail_msg("%s", messengers[i].problem);
	assert_non_null(strstr(radioembo_last_error_message(), "got -6.25"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_threads_give_the_serial_results),
		TEST(test_threads_read_one_plan_at_once),
		TEST(test_threads_error_messages_are_per_thread),
	};

	return cmocka_run_group_tests_name("threads", tests, NULL, NULL);
}
