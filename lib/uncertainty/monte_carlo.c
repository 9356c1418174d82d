/*
 * Monte Carlo propagation: every uncertain input drawn from its distribution, the dose
 * engine evaluated on each sample, and every figure summarized as it streams past (mean,
 * standard deviation, exact 5/50/95 percentiles, the probability of each risk).
 * Deterministic for a seed, whatever the thread count.
 *
 * Threads (radioembo_uncertainty_set_threads): the samples are cut into chunks of CHUNK,
 * each drawn from its own random stream, seeded from (seed, chunk index)
 * (radioembo__seed32_stream; chunk 0 takes the seed's own stream, so up to CHUNK samples
 * are drawn as by the library before threads). A round draws and evaluates as many chunks as
 * there are threads, one per thread, each with its own engine and generator, into its own
 * figure columns; then the figures' summaries take the round's chunks in chunk order, the
 * figures split over the threads (a figure's summary is its own). Which thread does what
 * never changes a number: the result is the same, bit for bit, for any thread count.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_rng.h>

#include "uncertainty/quantiles.h"
#include "uncertainty/sampler.h"
#include "uncertainty/uncertainty_internal.h"

/*
 * Samples are drawn, evaluated and summarized in blocks of BLOCK: a block's input and figure
 * columns stay in the processor's cache, and the statistics are updated once per block.
 */
#define BLOCK 256
/*
 * Exact percentiles without keeping every sample: each percentile keeps only the samples in
 * a window of values around it, and counts those below. The windows start unbounded and are
 * narrowed after FIRST_STAGE samples, then at every doubling of the sample count, to the
 * empirical percentile's rank +- WINDOW_SD standard deviations of that rank
 * (sqrt(f (1 - f) n), the binomial spread of an order statistic) + WINDOW_SLACK. When the
 * final rank falls outside its window (where the final percentile lies, seen from n
 * samples, has a spread of at most one such sd: probability of order 1e-9 per window and
 * narrowing, below 1e-6 per propagation), the sampling is repeated from the same seed
 * keeping every sample of that percentile: the result is the same order statistic either
 * way, only slower.
 */
#define FIRST_STAGE 4096 /* a multiple of BLOCK */
#define WINDOW_SD 6.0
/*
 * Samples per random stream, a multiple of BLOCK: seeding a gfsr4 generator writes its
 * 16384-word state (0.5 ms, about 8 % of a chunk's evaluation at 1.2e7 samples/s); each
 * thread keeps figure_count x CHUNK doubles (512 KiB per figure).
 */
#define CHUNK (256 * BLOCK)

/* An uncertain input as the sampler sees it. */
struct sampled_input {
	double *column;			       /* in the block's draw */
	double planned, spread, half_variance; /* spread^2 / 2 */
	double lowest, beyond;		       /* the domain: lowest <= value < beyond */
	radioembo_distribution distribution;
	int input;
};

/* One value of an input from its distribution, maybe outside its domain. */
static inline double draw_value(struct radioembo__generator *g, const struct sampled_input *in)
{
	if (in->distribution == RADIOEMBO_DISTRIBUTION_UNIFORM)
		return in->planned + in->spread * (2.0 * radioembo__uniform_open(g) - 1.0);
	if (in->distribution == RADIOEMBO_DISTRIBUTION_LOGNORMAL)
		return in->planned * exp(in->spread * radioembo__gaussian(g) - in->half_variance);
	return in->planned + in->spread * radioembo__gaussian(g);
}

/*
 * One value of an input: a factor around 1 (relative inputs) or a fraction around its
 * planned value, redrawn until it lies in its physical domain (factors > 0, fractions within
 * [0, 1)). Lognormal draws keep the mean: exp(s Z - s^2/2).
 */
static int draw_input(struct radioembo__generator *g, const struct sampled_input *in, size_t j)
{
	int tries;

	for (tries = 0; tries < RADIOEMBO__MAX_REDRAWS; tries++) {
		double value = draw_value(g, in);
		if (value >= in->lowest && value < in->beyond) {
			in->column[j] = value;
			return RADIOEMBO_OK;
		}
	}
	return radioembo__fail(RADIOEMBO_ENOCONV, NULL,
			       "input %d: no value inside its physical domain after %d draws",
			       in->input, RADIOEMBO__MAX_REDRAWS);
}

/* What one thread draws and evaluates: a chunk of samples, with its own generator. */
struct worker {
	struct radioembo__engine engine; /* evaluation writes its scratch: one per thread */
	struct sampled_input *inputs;	 /* columns in block */
	size_t input_count;
	struct radioembo__engine_draw block;
	struct radioembo__generator generator;
	gsl_rng rng;
	double *figures; /* figure f of the chunk's sample j at [f * CHUNK + j] */
	size_t chunk, n; /* the chunk and its sample count, n 0: none this round */
	int rc;		 /* a failure, with its message copied from the worker's thread */
	char message[512];
};

struct monte_carlo {
	struct radioembo__session *session;
	size_t figure_count, threads;
	struct worker *workers;
	struct radioembo__summary *summary;
	size_t *next_stage; /* per figure: the sample count of its next window narrowing */
	uint64_t seed;
	size_t samples, round_first; /* the round's first chunk */
	const radioembo_propagation *p;
	double window_sd;
};

/* The figure's risk threshold, as the risks are set before sampling. */
static double record_threshold(const radioembo_propagation *p, void *data, size_t figure,
			       double threshold, int below)
{
	struct radioembo__summary *summary = (struct radioembo__summary *)data + figure;

	(void)p;
	summary->threshold = threshold;
	summary->below = below;
	return NAN;
}

/* The fraction of samples beyond the figure's threshold; NaN without threshold. */
static double sampled_risk(const radioembo_propagation *p, void *data, size_t figure,
			   double threshold, int below)
{
	const struct radioembo__summary *summary = (const struct radioembo__summary *)data + figure;

	(void)below;
	if (isnan(threshold) || isnan(p->planned[figure]))
		return NAN;
	return (double)summary->beyond / (double)p->samples;
}

/* Lung cumulative = prior + lung dose: its percentiles follow from the lung dose's. */
static int is_derived(size_t figure)
{
	return figure == RADIOEMBO_FIGURE_LUNG_CUMULATIVE_DOSE - 1;
}

/* Draws every uncertain input of sample j of the block; the rare redraws out of line. */
static int draw_sample(struct worker *w, size_t j)
{
	struct radioembo__generator *g = &w->generator;
	const struct sampled_input *in = w->inputs, *end = w->inputs + w->input_count;
	int rc;

	for (; in < end; in++) {
		double value = draw_value(g, in);
		if (value >= in->lowest && value < in->beyond)
			in->column[j] = value;
		else if ((rc = draw_input(g, in, j)))
			return rc;
	}
	return RADIOEMBO_OK;
}

/*
 * The figures of the block's first n samples into figures (stride CHUNK); a sample whose
 * geometry is impossible is drawn again, after the block's draws, until it is possible.
 */
static int evaluate_block(struct worker *w, size_t n, double *figures)
{
	size_t j = 0, failed;
	int tries = 0, rc;

	while ((failed = radioembo__engine_evaluate(&w->engine, &w->block, j, n, figures, CHUNK)) <
	       n) {
		tries = failed == j ? tries + 1 : 1;
		if (tries >= RADIOEMBO__MAX_REDRAWS)
			return radioembo__fail(RADIOEMBO_ENOCONV, NULL,
					       "no sample with normal liver left after %d draws: "
					       "the spreads of the volumes are too wide",
					       RADIOEMBO__MAX_REDRAWS);
		if ((rc = draw_sample(w, failed)))
			return rc;
		j = failed;
	}
	return RADIOEMBO_OK;
}

/* The worker's chunk, from its own stream, block by block. */
static int run_chunk(struct worker *w, uint64_t seed)
{
	size_t done, n, j;
	int rc;

	gsl_rng_set(&w->rng, radioembo__seed32_stream(seed, w->chunk));
	for (done = 0; done < w->n; done += n) {
		n = w->n - done < BLOCK ? w->n - done : BLOCK;
		for (j = 0; j < n; j++)
			if ((rc = draw_sample(w, j)))
				return rc;
		if ((rc = evaluate_block(w, n, w->figures + done)))
			return rc;
	}
	return RADIOEMBO_OK;
}

/* Share index of a round: worker index draws and evaluates its chunk. */
static void chunk_share(void *context, size_t index)
{
	struct monte_carlo *mc = context;
	struct worker *w = &mc->workers[index];

	if (w->n == 0)
		return;
	if ((w->rc = run_chunk(w, mc->seed)))
		snprintf(w->message, sizeof w->message, "%s", radioembo_last_error_message());
}

/* Figure f's summary through the round's chunks, in chunk order, block by block. */
static int summarize_figure(struct monte_carlo *mc, size_t f)
{
	struct radioembo__summary *summary = &mc->summary[f];
	size_t i, b, n;
	int q, rc;

	for (i = 0; i < mc->threads && mc->workers[i].n > 0; i++) {
		const struct worker *w = &mc->workers[i];
		size_t first = w->chunk * CHUNK;

		for (b = 0; b < w->n; b += n) {
			n = w->n - b < BLOCK ? w->n - b : BLOCK;
			if ((rc = radioembo__summary_add_block(summary, w->figures + f * CHUNK + b,
							       n, first + b, !is_derived(f))))
				return rc;
			if (first + b + n < mc->next_stage[f] || mc->window_sd < 0.0)
				continue;
			for (q = 0; q < RADIOEMBO__QUANTILES && !summary->constant; q++)
				radioembo__window_narrow(&summary->window[q],
							 radioembo__quantile_fraction[q],
							 first + b + n, mc->window_sd);
			mc->next_stage[f] *= 2;
		}
	}
	return RADIOEMBO_OK;
}

/* Share index of a round's summaries: a contiguous range of the figures. */
static void summary_share(void *context, size_t index)
{
	struct monte_carlo *mc = context;
	struct worker *w = &mc->workers[index];
	size_t f, end;

	radioembo__share_range(mc->figure_count, mc->threads, index, &f, &end);
	for (; f < end && w->rc == RADIOEMBO_OK; f++)
		if (!isnan(mc->p->planned[f]) && (w->rc = summarize_figure(mc, f)))
			snprintf(w->message, sizeof w->message, "%s",
				 radioembo_last_error_message());
}

/* The first failure of the workers, in their order, recorded again on this thread. */
static int worker_failure(const struct monte_carlo *mc)
{
	size_t i;

	for (i = 0; i < mc->threads; i++)
		if (mc->workers[i].rc != RADIOEMBO_OK)
			return radioembo__fail(mc->workers[i].rc, NULL, "%s",
					       mc->workers[i].message);
	return RADIOEMBO_OK;
}

/* All samples from the seed, summarized; deterministic for a seed. */
static int sample(struct monte_carlo *mc, radioembo_propagation *p, uint64_t seed, size_t samples)
{
	size_t chunks = samples / CHUNK + (samples % CHUNK != 0), f, i;
	int rc;

	mc->seed = seed;
	mc->samples = samples;
	mc->p = p;
	for (f = 0; f < mc->figure_count; f++) {
		radioembo__summary_restart(&mc->summary[f], p->planned[f]);
		mc->next_stage[f] = FIRST_STAGE;
	}
	for (mc->round_first = 0; mc->round_first < chunks; mc->round_first += mc->threads) {
		for (i = 0; i < mc->threads; i++) {
			struct worker *w = &mc->workers[i];
			size_t chunk = mc->round_first + i;

			w->chunk = chunk;
			w->n = chunk >= chunks	    ? 0
			       : chunk + 1 < chunks ? CHUNK
						    : samples - chunk * CHUNK;
			w->rc = RADIOEMBO_OK;
		}
		radioembo__parallel(mc->threads, chunk_share, mc);
		if ((rc = worker_failure(mc)))
			return rc;
		radioembo__parallel(mc->threads, summary_share, mc);
		if ((rc = worker_failure(mc)))
			return rc;
	}
	return RADIOEMBO_OK;
}

/*
 * The percentiles of every figure from the windows; 1 when a window missed its order
 * statistics (then marked to keep every sample on the next run), outputs untouched.
 */
static int set_percentiles(struct monte_carlo *mc, radioembo_propagation *p)
{
	size_t lung = RADIOEMBO_FIGURE_LUNG_DOSE - 1, f, samples = p->samples;
	double prior = mc->session->engine.constants.prior_lung_dose_gy;
	int q, missed = 0;

	for (f = 0; f < mc->figure_count; f++) {
		struct radioembo__summary *s = &mc->summary[f];
		if (isnan(p->planned[f]) || is_derived(f))
			continue;
		for (q = 0; q < RADIOEMBO__QUANTILES; q++) {
			if (s->constant)
				s->order_low[q] = s->order_high[q] = s->shift;
			else if (radioembo__window_select(&s->window[q],
							  radioembo__quantile_fraction[q], samples,
							  &s->order_low[q], &s->order_high[q])) {
				s->window[q].keep_all = 1;
				missed = 1;
			}
		}
	}
	if (missed)
		return 1;
	for (f = 0; f < mc->figure_count; f++) {
		const struct radioembo__summary *s = &mc->summary[is_derived(f) ? lung : f];
		double *out[RADIOEMBO__QUANTILES];
		out[0] = &p->p05[f];
		out[1] = &p->p50[f];
		out[2] = &p->p95[f];
		if (isnan(p->planned[f]))
			continue;
		for (q = 0; q < RADIOEMBO__QUANTILES; q++) {
			double index = radioembo__quantile_fraction[q] * (double)(samples - 1);
			double delta = index - (double)(size_t)index, low = s->order_low[q];
			double high = s->order_high[q];
			if (is_derived(f)) { /* prior + x is non-decreasing in x: same order */
				low = prior + low;
				high = prior + high;
			}
			/*
			 * Not GSL's (1 - delta) low + delta high, which can round 1 ulp outside
			 * [low, high] (above low == high) and so put p05 above p50 (found by
			 * fuzzing): this form, clamped, stays within [low, high].
			 */
			*out[q] = fmin(high, low + delta * (high - low));
		}
	}
	return 0;
}

static void worker_end(struct worker *w)
{
	radioembo__engine_end(&w->engine);
	free(w->inputs);
	radioembo__engine_draw_free(&w->block);
	free(w->figures);
	free(w->rng.state);
}

static void monte_carlo_end(struct monte_carlo *mc)
{
	size_t f, i;

	for (f = 0; mc->summary != NULL && f < mc->figure_count; f++)
		radioembo__summary_free(&mc->summary[f]);
	free(mc->summary);
	free(mc->next_stage);
	for (i = 0; mc->workers != NULL && i < mc->threads; i++)
		worker_end(&mc->workers[i]);
	free(mc->workers);
}

/* A worker: its own copy of the session's engine, draw, inputs, generator and figures. */
static int worker_begin(const struct radioembo__session *s, const radioembo_uncertainty *u,
			size_t figures, struct worker *w)
{
	const struct radioembo__engine *e = &s->engine;
	const gsl_rng_type *type = radioembo__generator_type(u->generator);
	size_t lesion, count = 0;
	int input, rc;

	if ((rc = radioembo__engine_begin(&w->engine, &e->constants, e->liver_volume_ml,
					  e->treated_volume_ml, e->whole_liver, e->lesions,
					  e->lesion_count)) ||
	    (rc = radioembo__engine_draw_new(&w->block, e->lesion_count, BLOCK)))
		return rc;
	w->engine.inject_gbq = e->inject_gbq;
	w->engine.partition = e->partition;
	radioembo__engine_draw_planned(&w->engine, &w->block); /* the exact inputs, once */
	/*
	 * gsl_rng_alloc reports a failed allocation through GSL's process-wide error handler,
	 * which aborts by default: the generator's state is allocated here instead.
	 */
	w->rng.type = type;
	w->rng.state = radioembo__allocate(type->size, "a random number generator");
	w->figures = radioembo__allocate(figures * CHUNK * sizeof *w->figures, "figures");
	w->inputs = radioembo__allocate(
		(RADIOEMBO__INPUT_LAST + 2 * e->lesion_count) * sizeof *w->inputs, "inputs");
	if (!w->rng.state || !w->figures || !w->inputs)
		return RADIOEMBO_ENOMEM;
	radioembo__generator_init(&w->generator, &w->rng);
	for (input = 1; input <= RADIOEMBO__INPUT_LAST; input++) {
		size_t lesions = radioembo__input_is_per_lesion(input) ? e->lesion_count : 1;
		if (u->distribution[input] == RADIOEMBO_DISTRIBUTION_NONE)
			continue;
		for (lesion = 0; lesion < lesions; lesion++) {
			struct sampled_input *in = &w->inputs[count++];
			in->column = radioembo__input_column(&w->block, input, lesion);
			in->planned = radioembo__input_planned(e, input);
			in->spread = u->spread[input];
			in->half_variance = 0.5 * in->spread * in->spread;
			in->distribution = u->distribution[input];
			in->input = input;
			/* factors above 0 (the least positive double up), fractions in [0, 1) */
			in->lowest = radioembo__input_is_relative(input) ? DBL_TRUE_MIN : 0.0;
			in->beyond = radioembo__input_is_relative(input) ? INFINITY : 1.0;
		}
	}
	w->input_count = count;
	return RADIOEMBO_OK;
}

static int monte_carlo_begin(struct radioembo__session *s, const radioembo_uncertainty *u,
			     size_t figures, size_t samples, double window_sd,
			     struct monte_carlo *mc)
{
	size_t chunks = samples / CHUNK + (samples % CHUNK != 0), i;
	int rc;

	mc->session = s;
	mc->figure_count = figures;
	mc->window_sd = window_sd;
	/* no more threads than chunks: a thread without a chunk would only hold memory */
	mc->threads = u->threads < chunks ? u->threads : chunks;
	mc->summary = radioembo__allocate(figures * sizeof *mc->summary, "summaries");
	mc->next_stage = radioembo__allocate(figures * sizeof *mc->next_stage, "summaries");
	mc->workers = radioembo__allocate(mc->threads * sizeof *mc->workers, "workers");
	if (!mc->summary || !mc->next_stage || !mc->workers)
		return RADIOEMBO_ENOMEM;
	for (i = 0; i < mc->threads; i++)
		if ((rc = worker_begin(s, u, figures, &mc->workers[i])))
			return rc;
	for (i = 0; i < figures; i++)
		mc->summary[i].threshold = NAN;
	return RADIOEMBO_OK;
}

int radioembo__plan_propagate_monte_carlo_windowed(const radioembo_plan *plan,
						   radioembo_model model,
						   const radioembo_uncertainty *uncertainty,
						   uint64_t seed, size_t samples, double window_sd,
						   radioembo_propagation **propagation_out)
{
	struct radioembo__session s = {0};
	struct monte_carlo mc = {0};
	radioembo_propagation *p = NULL;
	size_t figures, f;
	int rc;

	if (samples < 2)
		return radioembo__fail(RADIOEMBO_EINVAL, "samples", "samples must be >= 2, got %zu",
				       samples);
	if ((rc = radioembo__session_begin(plan, model, uncertainty, "propagation_out",
					   propagation_out, &s)) ||
	    (rc = radioembo__propagation_new(RADIOEMBO_PROPAGATION_MONTE_CARLO,
					     s.engine.lesion_count, &p)))
		goto done;
	figures = p->figure_count;
	p->samples = samples;
	for (f = 0; f < figures; f++)
		p->planned[f] = s.figures[f];
	/* the fallback of a missed percentile window keeps every sample of one figure */
	if (samples > SIZE_MAX / sizeof(double)) {
		rc = radioembo__fail(RADIOEMBO_ENOMEM, NULL, "samples %zu are too many to keep",
				     samples);
		goto done;
	}
	if ((rc = monte_carlo_begin(&s, uncertainty, figures, samples, window_sd, &mc)))
		goto done;
	for (f = 0; f < figures; f++) {
		int q;
		for (q = 0; q < RADIOEMBO__QUANTILES; q++)
			mc.summary[f].window[q].keep_all = window_sd < 0.0;
	}
	radioembo__propagation_set_risks(p, &s.engine, record_threshold, mc.summary);
	/*
	 * A missed window (rare) repeats the same samples keeping all of its percentile's. A
	 * window that keeps everything holds every finite value, so a second miss would need
	 * a figure that is not finite, which draws inside their domains cannot give: a guard.
	 */
	if ((rc = sample(&mc, p, seed, samples)))
		goto done;
	if (set_percentiles(&mc, p)) {
		if ((rc = sample(&mc, p, seed, samples)))
			goto done;
		if (set_percentiles(&mc, p)) {
			rc = radioembo__fail(RADIOEMBO_ERANGE, NULL,
					     "a sampled figure is not finite: no percentiles");
			goto done;
		}
	}
	for (f = 0; f < figures; f++) {
		if (isnan(p->planned[f]))
			continue;
		p->mean[f] = mc.summary[f].shift + mc.summary[f].mean;
		p->sd[f] = sqrt(mc.summary[f].m2 / (double)(samples - 1));
	}
	radioembo__propagation_set_risks(p, &s.engine, sampled_risk, mc.summary);
done:
	monte_carlo_end(&mc);
	radioembo__session_end(&s);
	if (rc == RADIOEMBO_OK)
		*propagation_out = p;
	else
		radioembo_propagation_free(p);
	return rc;
}

int radioembo_plan_propagate_monte_carlo(const radioembo_plan *plan, radioembo_model model,
					 const radioembo_uncertainty *uncertainty, uint64_t seed,
					 size_t samples, radioembo_propagation **propagation_out)
{
	return radioembo__plan_propagate_monte_carlo_windowed(plan, model, uncertainty, seed,
							      samples, WINDOW_SD, propagation_out);
}
