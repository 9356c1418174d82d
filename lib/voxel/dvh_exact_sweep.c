/*
 * The exact DVH's two sweeps (radioembo_dvh_new, radioembo_dvh_new_threads), over contiguous
 * parts of the volume, one per thread: the first counts the structure's doses into 2^16
 * buckets by the high half of their order keys (one table per part) and sums, bounds and
 * counts them; the second stores each dose's low half in its bucket's slots, part p's after
 * those of the parts before it, so that every bucket holds its doses in voxel order whatever
 * the parts are (bench/README).
 *
 * Speed: four voxels at a time (SSE2 on x86-64, where it is part of the base instruction
 * set) for the label test, the keys, the sum and the extremes; the counting and the stores
 * stay per voxel. The second sweep's stores go to a thousand or more buckets' slots, more
 * cache lines than the first-level cache holds: the slots of the voxels AHEAD voxels on are
 * fetched in advance (about 1.3x faster on the bench's map).
 *
 * Results do not depend on the parts, so not on the thread count: counts are integers, the
 * extremes are order-free but for the sign of a zero (taken from the first zero, as a
 * voxel-by-voxel sweep would), and the doses are summed per block of BLOCK voxels as
 * radioembo__dvh_survey sums them (a plain sum, blocks added Neumaier's way in order). A block
 * is summed on vectors, in another order, only where that order cannot matter: when the
 * nonzero magnitudes of its structure's doses lie within 2^17 of each other, every partial sum
 * of at most 2^12 of them is a multiple of the smallest's unit 2^(e_min - 23) below
 * 2^(e_max + 13), at most 53 bits: exact in double, in any order. Other blocks are summed
 * again voxel by voxel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "voxel/dvh_internal.h"

/* RADIOEMBO__DVH_SCALAR: the voxel-by-voxel sweeps on x86-64 too (to test them there) */
#if defined(__SSE2__) && !defined(RADIOEMBO__DVH_SCALAR)
#define VECTORS 1
#include <emmintrin.h>
#endif

enum {
	BLOCK = 4096,	       /* the blocks the mean was always summed in: it must not change */
	MAX_PARTS = 64,	       /* 64 tables of 256 KiB at most */
	PART_VOXELS = 1 << 16, /* no part below this: a table costs 2^16 entries */
	AHEAD = 64	       /* the voxels ahead whose slots are fetched into the cache */
};

struct part {
	size_t first_block, end_block;
	uint32_t *table; /* first sweep: bucket counts; second: the next slot of each bucket */
	size_t count;
	float min, max;
	size_t zero_at; /* the part's first structure voxel with a zero dose, or total */
};

/* What the first sweep finds in a block. */
struct block {
	double sum;    /* of its structure's doses, as radioembo__dvh_survey sums them */
	size_t voxels; /* of the structure: the second sweep skips a block without, and does
			  not test the labels of a block with nothing else */
};

struct sweep {
	const float *dose, *labels;
	struct radioembo__label_range range;
	size_t total, blocks, parts;
	struct part *part;
	struct block *block;
	uint16_t *low;
	int second;
};

/* The voxel range of block b. */
static void block_range(const struct sweep *x, size_t b, size_t *start, size_t *end)
{
	*start = b * BLOCK;
	*end = x->total - *start > BLOCK ? *start + BLOCK : x->total;
}

/*
 * Structure voxel i of the first sweep the scalar way (mixed groups, the last voxels, other
 * processors): counted, summed into *sum, bounded; the nonzero magnitudes' range kept.
 */
static inline void first_one(const struct sweep *x, size_t i, struct part *p, double *sum,
			     float *max_magnitude, float *min_magnitude)
{
	float d = x->dose[i], magnitude = fabsf(d);

	p->table[radioembo__dvh_key_of(d) >> 16]++;
	*sum += d;
	p->min = d < p->min ? d : p->min;
	p->max = d > p->max ? d : p->max;
	p->count++;
	*max_magnitude = magnitude > *max_magnitude ? magnitude : *max_magnitude;
	if (magnitude > 0.0f && magnitude < *min_magnitude)
		*min_magnitude = magnitude;
	if (magnitude == 0.0f && i < p->zero_at)
		p->zero_at = i;
}

/* A structure dose's low key half into its bucket's next slot (the second sweep). */
static inline void second_one(uint32_t key, struct part *p, uint16_t *low)
{
	low[p->table[key >> 16]++] = (uint16_t)key;
}

#if defined(VECTORS)
/* Block b's sum, voxel by voxel, as radioembo__dvh_survey sums it. */
static double block_sum_in_order(const struct sweep *x, size_t b)
{
	size_t i, start, end;
	double sum = 0.0;

	block_range(x, b, &start, &end);
	for (i = start; i < end; i++)
		if (radioembo__carries_label(x->labels[i], x->range))
			sum += x->dose[i];
	return sum;
}

/*
 * Block b's sum: the one computed in any order where the nonzero magnitudes of its doses lie
 * in [min_magnitude, max_magnitude] within 2^17 (exact, the file's comment), else the sum in
 * order. Non-finite doses (a failure later) are summed in order too.
 */
static double block_sum(const struct sweep *x, size_t b, double sum, float max_magnitude,
			float min_magnitude)
{
	int e_max, e_min;

	if (!isfinite(sum) || !isfinite(max_magnitude))
		return block_sum_in_order(x, b);
	if (max_magnitude == 0.0f)
		return sum;
	(void)frexpf(max_magnitude, &e_max);
	(void)frexpf(min_magnitude >= FLT_MIN ? min_magnitude : FLT_MIN, &e_min);
	return e_max - e_min <= 17 ? sum : block_sum_in_order(x, b);
}

/* The order keys of four floats (radioembo__dvh_key_of on each). */
static inline __m128i keys_of(__m128 d)
{
	__m128i bits = _mm_castps_si128(_mm_andnot_ps(_mm_cmpeq_ps(d, _mm_setzero_ps()), d));
	__m128i flip = _mm_or_si128(_mm_srai_epi32(bits, 31), _mm_set1_epi32((int)0x80000000u));

	return _mm_xor_si128(bits, flip);
}

/*
 * The first sweep over block b of part p, four voxels at a time. Only for a label whose
 * bounds are exact floats (below 2^22, label.h): the labels are compared as floats.
 */
static void first_block_vectors(const struct sweep *x, struct part *p, size_t b)
{
	const __m128 low_label = _mm_set1_ps(x->range.low), high_label = _mm_set1_ps(x->range.high);
	const __m128 sign = _mm_set1_ps(-0.0f), infinity = _mm_set1_ps(INFINITY),
		     zero = _mm_setzero_ps();
	__m128d sum = _mm_setzero_pd(), sum2 = sum;
	__m128 min = _mm_set1_ps(FLT_MAX), max = _mm_set1_ps(-FLT_MAX);
	__m128 max_magnitude = zero, min_magnitude = infinity;
	double rest = 0.0, two[2];
	float top = 0.0f, bottom = INFINITY, lanes[4];
	size_t start, end, i, j, full = 0, before = p->count;
	uint32_t *table = p->table;

	block_range(x, b, &start, &end);
	for (i = start; i + 4 <= end; i += 4) {
		int in = radioembo__carry_mask4(x->labels + i, low_label, high_label);
		__m128 d, magnitude, zeros;
		uint32_t key[4];

		if (in != 0xF) {
			for (j = 0; j < 4; j++)
				if (in & (1 << j))
					first_one(x, i + j, p, &rest, &top, &bottom);
			continue;
		}
		d = _mm_loadu_ps(x->dose + i);
		_mm_storeu_si128((__m128i *)(void *)key, keys_of(d));
		table[key[0] >> 16]++;
		table[key[1] >> 16]++;
		table[key[2] >> 16]++;
		table[key[3] >> 16]++;
		sum = _mm_add_pd(sum, _mm_cvtps_pd(d));
		sum2 = _mm_add_pd(sum2, _mm_cvtps_pd(_mm_movehl_ps(d, d)));
		min = _mm_min_ps(d, min);
		max = _mm_max_ps(d, max);
		magnitude = _mm_andnot_ps(sign, d);
		zeros = _mm_cmpeq_ps(magnitude, zero);
		max_magnitude = _mm_max_ps(magnitude, max_magnitude);
		min_magnitude = _mm_min_ps(_mm_or_ps(magnitude, _mm_and_ps(zeros, infinity)),
					   min_magnitude);
		if (_mm_movemask_ps(zeros) != 0 && p->zero_at == x->total)
			for (j = 0; j < 4; j++)
				if (x->dose[i + j] == 0.0f && p->zero_at == x->total)
					p->zero_at = i + j;
		full += 4;
	}
	for (; i < end; i++)
		if (radioembo__carries_label(x->labels[i], x->range))
			first_one(x, i, p, &rest, &top, &bottom);
	_mm_storeu_ps(lanes, min);
	for (j = 0; j < 4; j++)
		p->min = lanes[j] < p->min ? lanes[j] : p->min;
	_mm_storeu_ps(lanes, max);
	for (j = 0; j < 4; j++)
		p->max = lanes[j] > p->max ? lanes[j] : p->max;
	_mm_storeu_ps(lanes, max_magnitude);
	for (j = 0; j < 4; j++)
		top = lanes[j] > top ? lanes[j] : top;
	_mm_storeu_ps(lanes, min_magnitude);
	for (j = 0; j < 4; j++)
		bottom = lanes[j] < bottom ? lanes[j] : bottom;
	_mm_storeu_pd(two, _mm_add_pd(sum, sum2));
	p->count += full;
	x->block[b].sum = block_sum(x, b, two[0] + two[1] + rest, top, bottom);
	x->block[b].voxels = p->count - before;
}

/* The second sweep over block b of part p, four voxels at a time (as first_block_vectors). */
static void second_block_vectors(const struct sweep *x, struct part *p, size_t b)
{
	const __m128 low_label = _mm_set1_ps(x->range.low), high_label = _mm_set1_ps(x->range.high);
	size_t start, end, i, j;
	uint16_t *low = x->low;
	int all;

	block_range(x, b, &start, &end);
	all = x->block[b].voxels == end - start;
	for (i = start; i + 4 <= end; i += 4) {
		int in = all ? 0xF : radioembo__carry_mask4(x->labels + i, low_label, high_label);
		uint32_t key[4];

		_mm_storeu_si128((__m128i *)(void *)key, keys_of(_mm_loadu_ps(x->dose + i)));
#if defined(__GNUC__)
		if (i + AHEAD + 4 <= end) {
			uint32_t ahead[4];

			_mm_storeu_si128((__m128i *)(void *)ahead,
					 keys_of(_mm_loadu_ps(x->dose + i + AHEAD)));
			__builtin_prefetch(low + p->table[ahead[0] >> 16], 1);
			__builtin_prefetch(low + p->table[ahead[1] >> 16], 1);
			__builtin_prefetch(low + p->table[ahead[2] >> 16], 1);
			__builtin_prefetch(low + p->table[ahead[3] >> 16], 1);
		}
#endif
		if (in == 0xF) {
			second_one(key[0], p, low);
			second_one(key[1], p, low);
			second_one(key[2], p, low);
			second_one(key[3], p, low);
		} else {
			for (j = 0; j < 4; j++)
				if (in & (1 << j))
					second_one(key[j], p, low);
		}
	}
	for (; i < end; i++)
		if (all || radioembo__carries_label(x->labels[i], x->range))
			second_one(radioembo__dvh_key_of(x->dose[i]), p, low);
}
#endif

/*
 * The first sweep over block b of part p, voxel by voxel: on processors without the
 * vectors, and for labels of 2^22 and above, whose bounds are not exact floats.
 */
static void first_block(const struct sweep *x, struct part *p, size_t b)
{
	size_t i, start, end, before = p->count;
	double sum = 0.0;
	float top = 0.0f, bottom = INFINITY;

	block_range(x, b, &start, &end);
	for (i = start; i < end; i++)
		if (radioembo__carries_label(x->labels[i], x->range))
			first_one(x, i, p, &sum, &top, &bottom);
	x->block[b].sum = sum;
	x->block[b].voxels = p->count - before;
}

static void second_block(const struct sweep *x, struct part *p, size_t b)
{
	size_t i, start, end;
	int all;

	block_range(x, b, &start, &end);
	all = x->block[b].voxels == end - start;
	for (i = start; i < end; i++)
		if (all || radioembo__carries_label(x->labels[i], x->range))
			second_one(radioembo__dvh_key_of(x->dose[i]), p, x->low);
}

/* Part t's blocks, on its thread. */
static void sweep_share(void *context, size_t t)
{
	struct sweep *x = context;
	struct part *p = &x->part[t];
	void (*first)(const struct sweep *, struct part *, size_t) = first_block;
	void (*second)(const struct sweep *, struct part *, size_t) = second_block;
	size_t b;

#if defined(VECTORS)
	if (x->range.exact) {
		first = first_block_vectors;
		second = second_block_vectors;
	}
#endif
	for (b = p->first_block; b < p->end_block; b++)
		if (!x->second)
			first(x, p, b);
		else if (x->block[b].voxels > 0)
			second(x, p, b);
}

int radioembo__dvh_exact_sweeps(const float *dose, const float *labels, int label,
				const float *density, double uniform_density, size_t total,
				double voxel_volume_ml, size_t threads, radioembo_dvh *dvh,
				struct radioembo__dvh_survey *out)
{
	struct sweep x;
	struct radioembo__dvh_survey s = {0, 0.0, 0.0, 0.0, FLT_MAX, -FLT_MAX};
	size_t k, b;
	int rc = RADIOEMBO_OK;

	x.dose = dose;
	x.labels = labels;
	x.range = radioembo__label_range(label);
	x.total = total;
	x.blocks = (total + BLOCK - 1) / BLOCK;
	x.parts = threads;
	if (x.parts > MAX_PARTS)
		x.parts = MAX_PARTS;
	if (x.parts > total / PART_VOXELS)
		x.parts = total / PART_VOXELS > 0 ? total / PART_VOXELS : 1;
	x.low = NULL;
	x.second = 0;
	/* a density map's checks and mass first, voxel by voxel as before: its sum is one chain */
	if (density != NULL && (rc = radioembo__dvh_density_mass(labels, x.range, density, total,
								 voxel_volume_ml, &s.mass_g)))
		return rc;
	x.part = radioembo__allocate(x.parts * sizeof *x.part, "DVH parts");
	x.block = radioembo__allocate(x.blocks * sizeof *x.block, "DVH blocks");
	if (x.part == NULL || x.block == NULL) {
		free(x.part);
		free(x.block);
		return RADIOEMBO_ENOMEM;
	}
	for (k = 0; k < x.parts; k++) {
		radioembo__share_range(x.blocks, x.parts, k, &x.part[k].first_block,
				       &x.part[k].end_block);
		x.part[k].count = 0;
		x.part[k].min = FLT_MAX;
		x.part[k].max = -FLT_MAX;
		x.part[k].zero_at = total;
		if ((x.part[k].table = radioembo__allocate(RADIOEMBO__DVH_BUCKETS * sizeof(uint32_t),
							   "DVH buckets")) == NULL)
			rc = RADIOEMBO_ENOMEM;
	}
	if (rc == RADIOEMBO_OK) {
		radioembo__parallel(x.parts, sweep_share, &x);
		for (k = 0; k < x.parts; k++) {
			s.count += x.part[k].count;
			s.min = x.part[k].min < s.min ? x.part[k].min : s.min;
			s.max = x.part[k].max > s.max ? x.part[k].max : s.max;
		}
		for (b = 0; b < x.blocks; b++)
			radioembo__dvh_add_block(&s, x.block[b].sum);
		/* a zero extreme has the sign of the first zero, as in a sweep voxel by voxel */
		for (k = 0; k < x.parts; k++)
			if (x.part[k].zero_at < total) {
				s.min = s.min == 0.0f ? dose[x.part[k].zero_at] : s.min;
				s.max = s.max == 0.0f ? dose[x.part[k].zero_at] : s.max;
				break;
			}
		rc = radioembo__dvh_finish_survey(dose, labels, x.range, density, uniform_density,
						  total, voxel_volume_ml, &s, out);
	}
	if (rc == RADIOEMBO_OK) {
		for (b = 0; b < RADIOEMBO__DVH_BUCKETS; b++)
			for (k = 0; k < x.parts; k++)
				dvh->bucket_start[b + 1] += x.part[k].table[b];
		rc = radioembo__dvh_exact_layout(dvh, out, voxel_volume_ml);
	}
	if (rc == RADIOEMBO_OK) {
		/* bucket b's slots: part 0's doses first, then part 1's, ... (voxel order) */
		for (b = 0; b < RADIOEMBO__DVH_BUCKETS; b++) {
			uint32_t next = dvh->bucket_start[b];

			for (k = 0; k < x.parts; k++) {
				uint32_t count = x.part[k].table[b];

				x.part[k].table[b] = next;
				next += count;
			}
		}
		x.low = dvh->low;
		x.second = 1;
		radioembo__parallel(x.parts, sweep_share, &x);
	}
	for (k = 0; k < x.parts; k++)
		free(x.part[k].table);
	free(x.part);
	free(x.block);
	return rc;
}
