/*
 * Work split over the threads a caller asked for (libradioembo(7), "Threads"): POSIX
 * threads started for one call and joined before it returns; no pool, no process-wide
 * setting. The calling thread does share 0 itself, so one thread starts none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <pthread.h>
#include <stdlib.h>

#include "core/internal.h"

int radioembo__require_threads(const char *name, size_t threads)
{
	if (threads >= 1 && threads <= RADIOEMBO__THREADS_MAX)
		return RADIOEMBO_OK;
	return radioembo__fail(RADIOEMBO_EINVAL, name, "%s must be within [1, %d], got %zu", name,
			       RADIOEMBO__THREADS_MAX, threads);
}

struct share {
	radioembo__share_fn work;
	void *context;
	size_t index;
	pthread_t thread;
};

static void *run_share(void *arg)
{
	struct share *s = arg;

	s->work(s->context, s->index);
	return NULL;
}

void radioembo__parallel(size_t threads, radioembo__share_fn work, void *context)
{
	struct share *shares = NULL;
	size_t i, started = 0;

	if (threads > 1)
		shares = malloc((threads - 1) * sizeof *shares);
	/*
	 * A share whose thread cannot be made (no memory, a thread limit) runs here after
	 * share 0: the result is the same, only later.
	 */
	for (i = 1; shares != NULL && i < threads; i++) {
		struct share *s = &shares[started];

		s->work = work;
		s->context = context;
		s->index = i;
		if (pthread_create(&s->thread, NULL, run_share, s) != 0)
			break;
		started++;
	}
	work(context, 0);
	for (i = 1 + started; i < threads; i++)
		work(context, i);
	for (i = 0; i < started; i++)
		pthread_join(shares[i].thread, NULL);
	free(shares);
}

void radioembo__share_range(size_t count, size_t shares, size_t index, size_t *begin_out,
			    size_t *end_out)
{
	*begin_out = count / shares * index + (index < count % shares ? index : count % shares);
	*end_out = *begin_out + count / shares + (index < count % shares ? 1 : 0);
}
