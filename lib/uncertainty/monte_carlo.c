/*
 * Monte Carlo propagation: every uncertain input drawn from its distribution, the dose
 * engine evaluated on each sample, and every figure summarized as it streams past (mean,
 * standard deviation, exact 5/50/95 percentiles, the probability of each risk).
 * Deterministic for a seed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
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

struct monte_carlo {
	struct radioembo__session *session;
	struct sampled_input *inputs;
	size_t input_count, figure_count;
	struct radioembo__engine_draw block;
	double *figures; /* figure f of sample j at [f * BLOCK + j] */
	struct radioembo__summary *summary;
	struct radioembo__generator generator;
	gsl_rng rng;
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
static int draw_sample(struct monte_carlo *mc, size_t j)
{
	struct radioembo__generator *g = &mc->generator;
	const struct sampled_input *in = mc->inputs, *end = mc->inputs + mc->input_count;
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
 * The figures of the block's first n samples; a sample whose geometry is impossible is
 * drawn again, after the block's draws, until it is possible.
 */
static int evaluate_block(struct monte_carlo *mc, size_t n)
{
	size_t j = 0, failed;
	int tries = 0, rc;

	while ((failed = radioembo__engine_evaluate(&mc->session->engine, &mc->block, j, n,
						    mc->figures, BLOCK)) < n) {
		tries = failed == j ? tries + 1 : 1;
		if (tries >= RADIOEMBO__MAX_REDRAWS)
			return radioembo__fail(RADIOEMBO_ENOCONV, NULL,
					       "no sample with normal liver left after %d draws: "
					       "the spreads of the volumes are too wide",
					       RADIOEMBO__MAX_REDRAWS);
		if ((rc = draw_sample(mc, failed)))
			return rc;
		j = failed;
	}
	return RADIOEMBO_OK;
}

/* All samples from the seed, summarized; deterministic for a seed. */
static int sample(struct monte_carlo *mc, radioembo_propagation *p, uint64_t seed, size_t samples)
{
	size_t done, n, f, j, next_stage = FIRST_STAGE;
	int q, rc;

	gsl_rng_set(&mc->rng, radioembo__seed32(seed));
	for (f = 0; f < mc->figure_count; f++)
		radioembo__summary_restart(&mc->summary[f], p->planned[f]);
	for (done = 0; done < samples; done += n) {
		n = samples - done < BLOCK ? samples - done : BLOCK;
		for (j = 0; j < n; j++)
			if ((rc = draw_sample(mc, j)))
				return rc;
		if ((rc = evaluate_block(mc, n)))
			return rc;
		for (f = 0; f < mc->figure_count; f++)
			if (!isnan(p->planned[f]) &&
			    (rc = radioembo__summary_add_block(&mc->summary[f],
							       mc->figures + f * BLOCK, n, done,
							       !is_derived(f))))
				return rc;
		if (done + n >= next_stage && mc->window_sd >= 0.0) {
			for (f = 0; f < mc->figure_count; f++)
				for (q = 0; q < RADIOEMBO__QUANTILES && !mc->summary[f].constant;
				     q++)
					radioembo__window_narrow(&mc->summary[f].window[q],
								 radioembo__quantile_fraction[q],
								 done + n, mc->window_sd);
			next_stage *= 2;
		}
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

static void monte_carlo_end(struct monte_carlo *mc)
{
	size_t f;

	for (f = 0; mc->summary != NULL && f < mc->figure_count; f++)
		radioembo__summary_free(&mc->summary[f]);
	free(mc->summary);
	free(mc->inputs);
	radioembo__engine_draw_free(&mc->block);
	free(mc->figures);
	free(mc->rng.state);
}

static int monte_carlo_begin(struct radioembo__session *s, const radioembo_uncertainty *u,
			     size_t figures, double window_sd, struct monte_carlo *mc)
{
	const gsl_rng_type *type = radioembo__generator_type(u->generator);
	size_t lesion, j, count = 0;
	int input, rc;

	mc->session = s;
	mc->figure_count = figures;
	mc->window_sd = window_sd;
	if ((rc = radioembo__engine_draw_new(&mc->block, s->engine.lesion_count, BLOCK)))
		return rc;
	radioembo__engine_draw_planned(&s->engine, &mc->block); /* the exact inputs, once */
	/*
	 * gsl_rng_alloc reports a failed allocation through GSL's process-wide error handler,
	 * which aborts by default: the generator's state is allocated here instead.
	 */
	mc->rng.type = type;
	mc->rng.state = radioembo__allocate(type->size, "a random number generator");
	mc->figures = radioembo__allocate(figures * BLOCK * sizeof *mc->figures, "figures");
	mc->summary = radioembo__allocate(figures * sizeof *mc->summary, "summaries");
	mc->inputs = radioembo__allocate((RADIOEMBO__INPUT_LAST + 2 * s->engine.lesion_count) *
						 sizeof *mc->inputs,
					 "inputs");
	if (!mc->rng.state || !mc->figures || !mc->summary || !mc->inputs)
		return RADIOEMBO_ENOMEM;
	radioembo__generator_init(&mc->generator, &mc->rng);
	for (input = 1; input <= RADIOEMBO__INPUT_LAST; input++) {
		size_t lesions = radioembo__input_is_per_lesion(input) ? s->engine.lesion_count : 1;
		if (u->distribution[input] == RADIOEMBO_DISTRIBUTION_NONE)
			continue;
		for (lesion = 0; lesion < lesions; lesion++) {
			struct sampled_input *in = &mc->inputs[count++];
			in->column = radioembo__input_column(&mc->block, input, lesion);
			in->planned = radioembo__input_planned(&s->engine, input);
			in->spread = u->spread[input];
			in->half_variance = 0.5 * in->spread * in->spread;
			in->distribution = u->distribution[input];
			in->input = input;
			/* factors above 0 (the least positive double up), fractions in [0, 1) */
			in->lowest = radioembo__input_is_relative(input) ? DBL_TRUE_MIN : 0.0;
			in->beyond = radioembo__input_is_relative(input) ? INFINITY : 1.0;
		}
	}
	mc->input_count = count;
	for (j = 0; j < figures; j++)
		mc->summary[j].threshold = NAN;
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
	if ((rc = monte_carlo_begin(&s, uncertainty, figures, window_sd, &mc)))
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
