/*
 * Streaming summaries of sampled figures: mean and variance merged block by block (Chan,
 * Golub and LeVeque 1979), the count beyond a risk threshold, and exact percentiles from
 * windows of values around each percentile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/internal.h"
#include "uncertainty/quantiles.h"

/* Ranks kept beyond WINDOW_SD standard deviations of a narrowed window: see monte_carlo.c. */
#define WINDOW_SLACK 8.0

const double radioembo__quantile_fraction[RADIOEMBO__QUANTILES] = {0.05, 0.50, 0.95};

void radioembo__summary_restart(struct radioembo__summary *s, double shift)
{
	int q;

	s->shift = shift;
	s->mean = s->m2 = 0.0;
	s->beyond = 0;
	s->constant = 1;
	for (q = 0; q < RADIOEMBO__QUANTILES; q++) {
		s->window[q].low = -INFINITY;
		s->window[q].high = INFINITY;
		s->window[q].below = s->window[q].count = 0;
	}
}

void radioembo__summary_free(struct radioembo__summary *s)
{
	int q;

	for (q = 0; q < RADIOEMBO__QUANTILES; q++)
		free(s->window[q].values);
}

static int window_reserve(struct radioembo__window *w, size_t extra)
{
	if (w->count > SIZE_MAX - extra)
		return radioembo__fail(RADIOEMBO_ENOMEM, NULL, "too many samples (%zu)", w->count);
	return radioembo__reserve((void **)&w->values, w->count, &w->capacity, w->count + extra,
				  1024, sizeof *w->values, "the samples of a percentile window");
}

/* The same value `copies` times (the samples of a figure that was constant so far). */
static int window_add_copies(struct radioembo__window *w, double value, size_t copies)
{
	size_t j;
	int rc;

	if (!(value >= w->low && value < w->high)) {
		w->below += value < w->low ? copies : 0;
		return RADIOEMBO_OK;
	}
	if ((rc = window_reserve(w, copies)))
		return rc;
	for (j = 0; j < copies; j++)
		w->values[w->count++] = value;
	return RADIOEMBO_OK;
}

/*
 * Hoare's selection: rearranges values[0..n) so that values[k] is the k-th smallest, those
 * before it no larger and those after no smaller. O(n) on average.
 */
static void select_kth(double *values, size_t n, size_t k)
{
	size_t low = 0, high = n - 1;

	while (low < high) {
		double pivot = values[low + (high - low) / 2];
		size_t i = low, j = high;
		while (i <= j) {
			while (values[i] < pivot)
				i++;
			while (values[j] > pivot)
				j--;
			if (i <= j) {
				double t = values[i];
				values[i] = values[j];
				values[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			high = j;
		else if (k >= i)
			low = i;
		else
			break;
	}
}

void radioembo__window_narrow(struct radioembo__window *w, double fraction, size_t n,
			      double window_sd)
{
	double rank = fraction * (double)(n - 1);
	double half = window_sd * sqrt(fraction * (1.0 - fraction) * (double)n) + WINDOW_SLACK;
	double first = floor(rank - half), last = ceil(rank + half) + 1.0; /* ranks to keep */
	double low = w->low, high = w->high;
	size_t i, kept = 0, below = 0;

	/* a rank already outside the window is a miss the final selection will see */
	if (w->keep_all || !(rank >= (double)w->below && rank < (double)(w->below + w->count)))
		return;
	if (first > (double)w->below && first - (double)w->below < (double)w->count) {
		size_t at = (size_t)first - w->below;
		select_kth(w->values, w->count, at);
		low = w->values[at];
	}
	if (last + 1.0 - (double)w->below < (double)w->count) {
		size_t at = (size_t)(last + 1.0) - w->below;
		select_kth(w->values, w->count, at);
		high = w->values[at];
	}
	if (!(low < high))
		return;
	for (i = 0; i < w->count; i++) {
		double value = w->values[i];
		below += value < low;
		if (value >= low && value < high)
			w->values[kept++] = value;
	}
	w->low = low;
	w->high = high;
	w->below += below;
	w->count = kept;
}

int radioembo__window_select(struct radioembo__window *w, double fraction, size_t n,
			     double *low_out, double *high_out)
{
	size_t lhs = (size_t)(fraction * (double)(n - 1)), at, i;
	double high;

	if (lhs < w->below || lhs - w->below >= w->count)
		return 1;
	at = lhs - w->below;
	if (lhs + 1 < n && at + 1 >= w->count)
		return 1;
	select_kth(w->values, w->count, at);
	*low_out = high = w->values[at];
	if (lhs + 1 < n) {
		high = w->values[at + 1];
		for (i = at + 2; i < w->count; i++)
			if (w->values[i] < high)
				high = w->values[i];
	}
	*high_out = high;
	return 0;
}

/*
 * Counts the values below each window and keeps those inside. With SSE2 (every x86-64) two
 * values are compared with all six bounds at once and only a pair with a value inside a
 * window (a few per cent once narrowed) branches; elsewhere, one value at a time without a
 * branch. Both count and keep exactly the same values.
 */
static int windows_add(struct radioembo__window *w, const double *values, size_t n)
{
	double low[RADIOEMBO__QUANTILES], high[RADIOEMBO__QUANTILES], *kept[RADIOEMBO__QUANTILES];
	size_t below[RADIOEMBO__QUANTILES] = {0}, count[RADIOEMBO__QUANTILES], j = 0;
	int q, rc;

	for (q = 0; q < RADIOEMBO__QUANTILES; q++) {
		if ((rc = window_reserve(&w[q], n)))
			return rc;
		low[q] = w[q].low;
		high[q] = w[q].high;
		kept[q] = w[q].values;
		count[q] = w[q].count;
	}
#if defined(__SSE2__)
	{
		__m128d low0 = _mm_set1_pd(low[0]), high0 = _mm_set1_pd(high[0]);
		__m128d low1 = _mm_set1_pd(low[1]), high1 = _mm_set1_pd(high[1]);
		__m128d low2 = _mm_set1_pd(low[2]), high2 = _mm_set1_pd(high[2]);
		__m128i below0 = _mm_setzero_si128(), below1 = below0, below2 = below0;
		uint64_t lanes[2];

		for (; j + 2 <= n; j += 2) {
			__m128d v = _mm_loadu_pd(values + j);
			__m128d under0 = _mm_cmplt_pd(v, low0), under1 = _mm_cmplt_pd(v, low1);
			__m128d under2 = _mm_cmplt_pd(v, low2);
			int in0 = _mm_movemask_pd(_mm_andnot_pd(under0, _mm_cmplt_pd(v, high0)));
			int in1 = _mm_movemask_pd(_mm_andnot_pd(under1, _mm_cmplt_pd(v, high1)));
			int in2 = _mm_movemask_pd(_mm_andnot_pd(under2, _mm_cmplt_pd(v, high2)));
			/* a true comparison is all ones, -1 as an integer */
			below0 = _mm_sub_epi64(below0, _mm_castpd_si128(under0));
			below1 = _mm_sub_epi64(below1, _mm_castpd_si128(under1));
			below2 = _mm_sub_epi64(below2, _mm_castpd_si128(under2));
			if (in0 | in1 | in2) {
				int masks[RADIOEMBO__QUANTILES], lane;
				masks[0] = in0;
				masks[1] = in1;
				masks[2] = in2;
				for (q = 0; q < RADIOEMBO__QUANTILES; q++)
					for (lane = 0; lane < 2; lane++)
						if (masks[q] >> lane & 1)
							kept[q][count[q]++] = values[j + lane];
			}
		}
		_mm_storeu_si128((__m128i *)lanes, below0);
		below[0] = (size_t)(lanes[0] + lanes[1]);
		_mm_storeu_si128((__m128i *)lanes, below1);
		below[1] = (size_t)(lanes[0] + lanes[1]);
		_mm_storeu_si128((__m128i *)lanes, below2);
		below[2] = (size_t)(lanes[0] + lanes[1]);
	}
#endif
	for (; j < n; j++) {
		double value = values[j];
		for (q = 0; q < RADIOEMBO__QUANTILES; q++) {
			size_t under_low = value < low[q], under_high = value < high[q];
			below[q] += under_low;
			kept[q][count[q]] = value;
			count[q] += under_high - under_low; /* low <= high */
		}
	}
	for (q = 0; q < RADIOEMBO__QUANTILES; q++) {
		w[q].below += below[q];
		w[q].count = count[q];
	}
	return RADIOEMBO_OK;
}

int radioembo__summary_add_block(struct radioembo__summary *s, const double *values, size_t n,
				 size_t done, int windowed)
{
	double shift = s->shift, sums[4] = {0.0}, squares[4] = {0.0}, sum, square_sum;
	double block_mean, delta;
	size_t j, differ = 0, beyond = 0, total = done + n;
	int q, rc;

	/* four partial sums: four independent chains of additions */
	for (j = 0; j + 4 <= n; j += 4) {
		double d0 = values[j] - shift, d1 = values[j + 1] - shift;
		double d2 = values[j + 2] - shift, d3 = values[j + 3] - shift;
		sums[0] += d0;
		sums[1] += d1;
		sums[2] += d2;
		sums[3] += d3;
		squares[0] += d0 * d0;
		squares[1] += d1 * d1;
		squares[2] += d2 * d2;
		squares[3] += d3 * d3;
	}
	for (; j < n; j++) {
		double d = values[j] - shift;
		sums[0] += d;
		squares[0] += d * d;
	}
	sum = (sums[0] + sums[1]) + (sums[2] + sums[3]);
	square_sum = (squares[0] + squares[1]) + (squares[2] + squares[3]);
	if (!isnan(s->threshold)) {
		double threshold = s->threshold;
		if (s->below)
			for (j = 0; j < n; j++)
				beyond += values[j] < threshold;
		else
			for (j = 0; j < n; j++)
				beyond += values[j] > threshold;
		s->beyond += beyond;
	}
	/* Chan, Golub and LeVeque (1979): merge the block's mean and sum of squares */
	block_mean = sum / (double)n;
	delta = block_mean - s->mean;
	s->mean += delta * ((double)n / (double)total);
	s->m2 += (square_sum - sum * block_mean) +
		 delta * delta * ((double)done * (double)n / (double)total);
	if (!windowed)
		return RADIOEMBO_OK;
	if (s->constant) {
		for (j = 0; j < n; j++)
			differ += values[j] != shift;
		if (differ == 0)
			return RADIOEMBO_OK;
		for (q = 0; q < RADIOEMBO__QUANTILES; q++)
			if ((rc = window_add_copies(&s->window[q], shift, done)))
				return rc;
		s->constant = 0;
	}
	return windows_add(s->window, values, n);
}
