/*
 * libradioembo internals: the running summary of one sampled figure (mean, variance, the
 * count beyond a threshold) and its exact percentiles kept without every sample: each
 * percentile keeps the samples in a window of values around it and counts those below.
 * Never installed; used by lib/uncertainty only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_QUANTILES_INTERNAL_H
#define RADIOEMBO_QUANTILES_INTERNAL_H

#include <stddef.h>

/* The percentiles kept: 5, 50 and 95 %. */
#define RADIOEMBO__QUANTILES 3
extern const double radioembo__quantile_fraction[RADIOEMBO__QUANTILES];

/* The samples of one percentile of one figure that may be its order statistics. */
struct radioembo__window {
	double low, high;	/* kept: low <= value < high */
	size_t below;		/* samples below low */
	size_t count, capacity; /* kept samples */
	double *values;
	int keep_all; /* never narrowed: the fallback */
};

/* The running summary of one figure. */
struct radioembo__summary {
	double shift;	  /* the planned value: sums are of value - shift */
	double mean, m2;  /* of value - shift, merged block by block */
	double threshold; /* of the figure's risk; NaN: none */
	int below;	  /* the risk is of falling below the threshold */
	size_t beyond;	  /* samples beyond the threshold */
	int constant;	  /* every sample so far equals the planned value */
	double order_low[RADIOEMBO__QUANTILES], order_high[RADIOEMBO__QUANTILES]; /* found */
	struct radioembo__window window[RADIOEMBO__QUANTILES];
};

/* Starts a summary over again around shift: no sample, every window unbounded. */
void radioembo__summary_restart(struct radioembo__summary *s, double shift);

/* Frees the windows' samples. */
void radioembo__summary_free(struct radioembo__summary *s);

/*
 * Adds the n values of a block after `done` earlier samples: mean, sum of squares, risk
 * count and, when windowed, the percentile windows.
 */
int radioembo__summary_add_block(struct radioembo__summary *s, const double *values, size_t n,
				 size_t done, int windowed);

/*
 * Narrows a window around the rank of `fraction` after n samples to that rank +- window_sd
 * binomial standard deviations (plus a slack); keeps it when ties forbid.
 */
void radioembo__window_narrow(struct radioembo__window *w, double fraction, size_t n,
			      double window_sd);

/*
 * The order statistics of ranks floor(f (n - 1)) and the next (the interpolation of GSL's
 * gsl_stats_quantile_from_sorted_data); 1 when the window does not hold them.
 */
int radioembo__window_select(struct radioembo__window *w, double fraction, size_t n,
			     double *low_out, double *high_out);

#endif /* RADIOEMBO_QUANTILES_INTERNAL_H */
