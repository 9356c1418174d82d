/*
 * The binned DVH's sweep on vectors (x86-64, where SSE2 is part of the base instruction
 * set), with an AVX2 version chosen at run time where the compiler takes per-function
 * targets (gcc, clang): the whole file is built with the base flags, and only sweep_avx2
 * carries target("avx2"), so no other code may use AVX2 instructions. Defining
 * RADIOEMBO__DVH_NO_AVX2 leaves the AVX2 version out (to test the SSE2 version on a machine
 * with AVX2). Elsewhere the binned DVH takes the per-voxel sweep of dvh_sweep.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <float.h>
#include <math.h>

#include "voxel/dvh_internal.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#if defined(__GNUC__) && defined(__x86_64__) && !defined(RADIOEMBO__DVH_NO_AVX2)
#include <immintrin.h>
#define RADIOEMBO__DVH_AVX2 1
#endif

/*
 * The binned sweep's fast path, for a structure without a density map, a label below 2^22 (exact
 * float bounds) and at most FAST_BINS bins: 0.7-0.9 ns a voxel (AVX2) where the general loop takes
 * 3 (bench/README). The counts, the extremes and the checks are those of the general loop, voxel
 * for voxel; only the sum's order differs.
 *
 * - Eight voxels at a time, as two groups of four: the label test, the bin and the extremes
 *   on four floats at once. Groups of four that all carry the label take this path, groups
 *   that carry none are skipped, and the mixed groups (a structure's border) and the last
 *   voxels take the general per-voxel code.
 * - The bin from a float quotient q = d (1/w) + 1 + t, clamped into [0.5, bin_count + 1.5],
 *   t = (bin_count + 3) 2^-21: q's error against d / w + 1 + t is below t / 2 (three float
 *   roundings and that of 1/w, each at most 2^-24 of values below bin_count + 2), so
 *   wherever q's fraction is at least 2t its integer part is the generalized bin (0 the
 *   negative doses, k + 1 the bin [k w, (k + 1) w), bin_count + 1 the overflow). A voxel
 *   with a smaller fraction, i.e. within about t of an edge (1 in 1000 with 1000 bins), is
 *   decided exactly on the doubles by radioembo__dvh_bin_of, as the general loop decides every
 * voxel. A dose of 0 (q = 1 + t exactly) is in bin 0 [0, w) without that test.
 * - Four sub-histograms, one per lane, added up at the end: in a smooth dose map
 *   consecutive voxels fall into the same bin, and with one table every increment would
 *   wait for the previous one's store.
 * - Eight double partial sums of the doses per block of FAST_BLOCK voxels, added at the
 *   block's end in a fixed order (sweep_sse2): deterministic, the same on every x86-64
 *   processor, but not the left-to-right order of the general loop (one 4-cycle addition
 *   per voxel), so the mean may differ from the exact DVH's in its last bits
 *   (radioembo_dvh(3)).
 */
#define FAST_BINS ((size_t)1 << 16)

int radioembo__dvh_can_bin_fast(const float *density, struct radioembo__label_range range,
				size_t bin_count, double inverse)
{
	float inverse_f = (float)inverse;

	return density == NULL && range.exact && bin_count <= FAST_BINS && isfinite(inverse_f) &&
	       inverse_f >= FLT_MIN;
}

/* The general loop's code for one voxel (of a mixed group or of the last ones). */
static void bin_one(float d, uint32_t *table, const struct radioembo__dvh_binning *bins,
		    double *sum, struct radioembo__dvh_survey *s)
{
	table[!(d >= 0.0f)
		      ? 0
		      : radioembo__dvh_bin_of(d, bins->width, bins->inverse, bins->last) + 1]++;
	*sum += d;
	s->min = d < s->min ? d : s->min;
	s->max = d > s->max ? d : s->max;
	s->count++;
}

/*
 * One group of four structure voxels: lane j's generalized bin counted in
 * sub[j * stride + g] (offset holds j * stride), the doses added to *low (lanes 0-1) and
 * *high (lanes 2-3), the extremes taken into *min and *max (d < min ? d : min, as the
 * general loop: a NaN leaves them alone; it fails the sum). The constants come by value:
 * through a pointer gcc reloads them for every group.
 */
#if defined(__GNUC__)
__attribute__((always_inline)) /* a call would keep the accumulators in memory */
#endif
static inline void
bin_group(__m128 d, __m128 inverse, __m128 shift, __m128 lowest, __m128 highest, __m128 near_edge,
	  __m128i offset, uint32_t *sub, const struct radioembo__dvh_binning *bins, __m128d *low,
	  __m128d *high, __m128 *min, __m128 *max)
{
	/* max(NaN, 0.5) is 0.5: a NaN counts as negative */
	__m128 q =
		_mm_min_ps(_mm_max_ps(_mm_add_ps(_mm_mul_ps(d, inverse), shift), lowest), highest);
	__m128i g = _mm_cvttps_epi32(q);
	__m128 near = _mm_andnot_ps(_mm_cmpeq_ps(d, _mm_setzero_ps()),
				    _mm_cmplt_ps(_mm_sub_ps(q, _mm_cvtepi32_ps(g)), near_edge));
	int32_t index[4];
	int edge = _mm_movemask_ps(near), j;

	_mm_storeu_si128((__m128i *)(void *)index, _mm_add_epi32(g, offset));
	if (edge) {
		float value[4];
		int32_t stride = (int32_t)bins->last + 2;

		_mm_storeu_ps(value, d);
		for (j = 0; j < 4; j++)
			if (edge & (1 << j))
				index[j] =
					j * stride +
					(int32_t)radioembo__dvh_bin_of(value[j], bins->width,
								       bins->inverse, bins->last) +
					1;
	}
	sub[index[0]]++;
	sub[index[1]]++;
	sub[index[2]]++;
	sub[index[3]]++;
	*low = _mm_add_pd(*low, _mm_cvtps_pd(d));
	*high = _mm_add_pd(*high, _mm_cvtps_pd(_mm_movehl_ps(d, d)));
	*min = _mm_min_ps(d, *min);
	*max = _mm_max_ps(d, *max);
}

static double horizontal_sum(__m128d v)
{
	double lanes[2];

	_mm_storeu_pd(lanes, v);
	return lanes[0] + lanes[1];
}

/*
 * The end of a vector sweep: the voxels of its full groups counted, and the extremes of its
 * vector lanes taken into the structure's (in lane order, as the per-voxel code would).
 */
static void finish_lanes(struct radioembo__dvh_survey *s, size_t full, const float *min_lanes,
			 const float *max_lanes, size_t lanes)
{
	size_t j;

	s->count += full;
	for (j = 0; j < lanes; j++)
		s->min = min_lanes[j] < s->min ? min_lanes[j] : s->min;
	for (j = 0; j < lanes; j++)
		s->max = max_lanes[j] > s->max ? max_lanes[j] : s->max;
}

enum { FAST_BLOCK = 4096 }; /* a multiple of 8 */

/*
 * The sweep with SSE2: eight voxels at a time as two groups of four. The partial sums:
 * s0 (lanes 0-1) and s1 (lanes 2-3) of the first group, s2 and s3 of the second, so the
 * partial sum r (0-7) adds the doses of the voxels i = r mod 8 of the block's full groups
 * in order; a block's sum is ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)) + the
 * voxels of its mixed groups and its last ones, in order.
 */
static void sweep_sse2(const float *dose, const float *labels, struct radioembo__label_range range,
		       size_t total, const struct radioembo__dvh_binning *bins, uint32_t *sub,
		       struct radioembo__dvh_survey *out)
{
	const float t = (float)((double)(bins->last + 3) * 0x1p-21);
	const size_t stride = (size_t)bins->last + 2; /* <= 2^16 + 2 */
	const __m128 low_label = _mm_set1_ps(range.low), high_label = _mm_set1_ps(range.high);
	const __m128 inverse = _mm_set1_ps((float)bins->inverse),
		     shift = _mm_set1_ps(1.0f + t), /* exact: t is a multiple of 2^-21 below 2^-4 */
		lowest = _mm_set1_ps(0.5f), highest = _mm_set1_ps((float)bins->last + 1.5f),
		     near_edge = _mm_set1_ps(2.0f * t);
	const __m128i offset = _mm_set_epi32((int)(3 * stride), (int)(2 * stride), (int)stride, 0);
	__m128 min = _mm_set1_ps(FLT_MAX), max = _mm_set1_ps(-FLT_MAX);
	struct radioembo__dvh_survey s = {0, 0.0, 0.0, 0.0, FLT_MAX, -FLT_MAX};
	float min_lanes[4], max_lanes[4];
	size_t i, j, start, end, full = 0;

	for (start = 0; start < total; start = end) {
		__m128d s0 = _mm_setzero_pd(), s1 = s0, s2 = s0, s3 = s0;
		double rest = 0.0;

		end = total - start > FAST_BLOCK ? start + FAST_BLOCK : total;
		for (i = start; i + 8 <= end; i += 8) {
			int in0 = radioembo__carry_mask4(labels + i, low_label, high_label);
			int in1 = radioembo__carry_mask4(labels + i + 4, low_label, high_label);

			if (in0 == 0xF) {
				bin_group(_mm_loadu_ps(dose + i), inverse, shift, lowest, highest,
					  near_edge, offset, sub, bins, &s0, &s1, &min, &max);
				full += 4;
			} else {
				for (j = 0; j < 4; j++)
					if (in0 & (1 << j))
						bin_one(dose[i + j], sub + j * stride, bins, &rest,
							&s);
			}
			if (in1 == 0xF) {
				bin_group(_mm_loadu_ps(dose + i + 4), inverse, shift, lowest,
					  highest, near_edge, offset, sub, bins, &s2, &s3, &min,
					  &max);
				full += 4;
			} else {
				for (j = 0; j < 4; j++)
					if (in1 & (1 << j))
						bin_one(dose[i + 4 + j], sub + j * stride, bins,
							&rest, &s);
			}
		}
		for (; i < end; i++)
			if (radioembo__carries_label(labels[i], range))
				bin_one(dose[i], sub + (i & 3) * stride, bins, &rest, &s);
		radioembo__dvh_add_block(&s, ((horizontal_sum(s0) + horizontal_sum(s1)) +
					      (horizontal_sum(s2) + horizontal_sum(s3))) +
						     rest);
	}
	_mm_storeu_ps(min_lanes, min);
	_mm_storeu_ps(max_lanes, max);
	finish_lanes(&s, full, min_lanes, max_lanes, 4);
	*out = s;
}

#if defined(RADIOEMBO__DVH_AVX2)
/*
 * The same sweep with AVX2 where the processor has it (about 1.5x faster): a group of
 * eight at a time, whose halves are sweep_sse2's two groups of four. Every voxel lands in
 * the same sub-histogram (lane j's table j mod 4) and every partial sum r adds the same
 * doses in the same order (a full half of a mixed group into its partial sums, as
 * sweep_sse2 adds a full group), so the results are those of sweep_sse2, bit for bit: the
 * processor does not change the mean.
 */
__attribute__((target("avx2"))) static void
sweep_avx2(const float *dose, const float *labels, struct radioembo__label_range range,
	   size_t total, const struct radioembo__dvh_binning *bins, uint32_t *sub,
	   struct radioembo__dvh_survey *out)
{
	const float t = (float)((double)(bins->last + 3) * 0x1p-21);
	const size_t stride = (size_t)bins->last + 2;
	const __m256 low_label = _mm256_set1_ps(range.low), high_label = _mm256_set1_ps(range.high);
	const __m256 inverse = _mm256_set1_ps((float)bins->inverse),
		     shift = _mm256_set1_ps(1.0f + t), lowest = _mm256_set1_ps(0.5f),
		     highest = _mm256_set1_ps((float)bins->last + 1.5f),
		     near_edge = _mm256_set1_ps(2.0f * t);
	const __m256i offset =
		_mm256_set_epi32((int)(3 * stride), (int)(2 * stride), (int)stride, 0,
				 (int)(3 * stride), (int)(2 * stride), (int)stride, 0);
	__m256 min = _mm256_set1_ps(FLT_MAX), max = _mm256_set1_ps(-FLT_MAX);
	struct radioembo__dvh_survey s = {0, 0.0, 0.0, 0.0, FLT_MAX, -FLT_MAX};
	float min_lanes[8], max_lanes[8];
	size_t i, j, start, end, full = 0;

	for (start = 0; start < total; start = end) {
		/* partial sums 0-3 and 4-7 */
		__m256d first = _mm256_setzero_pd(), second = first;
		double rest = 0.0, r[8];

		end = total - start > FAST_BLOCK ? start + FAST_BLOCK : total;
		for (i = start; i + 8 <= end; i += 8) {
			__m256 l = _mm256_loadu_ps(labels + i);
			int in = _mm256_movemask_ps(
				_mm256_and_ps(_mm256_cmp_ps(l, low_label, _CMP_GE_OQ),
					      _mm256_cmp_ps(l, high_label, _CMP_LT_OQ)));
			__m256 d, q, near;
			__m256i g;
			int32_t index[8];
			int edge;

			if (in == 0xFF) {
				d = _mm256_loadu_ps(dose + i);
				/* max(NaN, 0.5) is 0.5: a NaN counts as negative */
				q = _mm256_min_ps(
					_mm256_max_ps(
						_mm256_add_ps(_mm256_mul_ps(d, inverse), shift),
						lowest),
					highest);
				g = _mm256_cvttps_epi32(q);
				near = _mm256_andnot_ps(
					_mm256_cmp_ps(d, _mm256_setzero_ps(), _CMP_EQ_OQ),
					_mm256_cmp_ps(_mm256_sub_ps(q, _mm256_cvtepi32_ps(g)),
						      near_edge, _CMP_LT_OQ));
				edge = _mm256_movemask_ps(near);
				_mm256_storeu_si256((__m256i *)(void *)index,
						    _mm256_add_epi32(g, offset));
				for (j = 0; edge != 0 && j < 8; j++)
					if (edge & (1 << j))
						index[j] = (int32_t)((j & 3) * stride) +
							   (int32_t)radioembo__dvh_bin_of(
								   dose[i + j], bins->width,
								   bins->inverse, bins->last) +
							   1;
				sub[index[0]]++;
				sub[index[1]]++;
				sub[index[2]]++;
				sub[index[3]]++;
				sub[index[4]]++;
				sub[index[5]]++;
				sub[index[6]]++;
				sub[index[7]]++;
				first = _mm256_add_pd(first,
						      _mm256_cvtps_pd(_mm256_castps256_ps128(d)));
				second = _mm256_add_pd(
					second, _mm256_cvtps_pd(_mm256_extractf128_ps(d, 1)));
				min = _mm256_min_ps(d, min);
				max = _mm256_max_ps(d, max);
				full += 8;
				continue;
			}
			/* a mixed group: each half as sweep_sse2 takes it */
			for (j = 0; j < 8; j += 4) {
				int half = (in >> j) & 0xF;
				size_t k;

				if (half == 0xF) {
					__m128 h = _mm_loadu_ps(dose + i + j);
					__m256 wide = _mm256_castps128_ps256(h);

					for (k = 0; k < 4; k++)
						sub[k * stride +
						    (size_t)(!(dose[i + j + k] >= 0.0f)
								     ? 0
								     : radioembo__dvh_bin_of(
									       dose[i + j + k],
									       bins->width,
									       bins->inverse,
									       bins->last) +
									       1)]++;
					if (j == 0)
						first = _mm256_add_pd(first, _mm256_cvtps_pd(h));
					else
						second = _mm256_add_pd(second, _mm256_cvtps_pd(h));
					wide = _mm256_insertf128_ps(wide, h, 1);
					min = _mm256_min_ps(wide, min);
					max = _mm256_max_ps(wide, max);
					full += 4;
				} else {
					for (k = 0; k < 4; k++)
						if (half & (1 << k))
							bin_one(dose[i + j + k], sub + k * stride,
								bins, &rest, &s);
				}
			}
		}
		for (; i < end; i++)
			if (radioembo__carries_label(labels[i], range))
				bin_one(dose[i], sub + (i & 3) * stride, bins, &rest, &s);
		_mm256_storeu_pd(r, first);
		_mm256_storeu_pd(r + 4, second);
		radioembo__dvh_add_block(
			&s,
			(((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))) + rest);
	}
	_mm256_storeu_ps(min_lanes, min);
	_mm256_storeu_ps(max_lanes, max);
	finish_lanes(&s, full, min_lanes, max_lanes, 8);
	*out = s;
}
#endif

/*
 * radioembo__dvh_survey's binned sweep in radioembo__dvh_can_bin_fast's cases: counts into
 * sub (RADIOEMBO__DVH_FAST_LANES zeroed tables of bin_count + 2 entries), adds them up into
 * bins->hist, then the same checks.
 */
int radioembo__dvh_survey_binned_fast(const float *dose, const float *labels, int label,
				      double uniform_density, size_t total, double voxel_volume_ml,
				      const struct radioembo__dvh_binning *bins, uint32_t *sub,
				      struct radioembo__dvh_survey *out)
{
	struct radioembo__label_range range = radioembo__label_range(label);
	const size_t stride = (size_t)bins->last + 2;
	struct radioembo__dvh_survey s;
	size_t g;

#if defined(RADIOEMBO__DVH_AVX2)
	if (__builtin_cpu_supports("avx2"))
		sweep_avx2(dose, labels, range, total, bins, sub, &s);
	else
#endif
		sweep_sse2(dose, labels, range, total, bins, sub, &s);
	/*
	 * The lanes' extremes lost the order of the voxels: a zero extreme takes the sign of
	 * the structure's first zero, as in the voxel-by-voxel sweep (found only when an
	 * extreme is zero, so the search costs nothing otherwise).
	 */
	if (s.min == 0.0f || s.max == 0.0f)
		for (g = 0; g < total; g++)
			if (dose[g] == 0.0f && radioembo__carries_label(labels[g], range)) {
				s.min = s.min == 0.0f ? dose[g] : s.min;
				s.max = s.max == 0.0f ? dose[g] : s.max;
				break;
			}
	for (g = 0; g < stride; g++)
		bins->hist[g] =
			sub[g] + sub[stride + g] + sub[2 * stride + g] + sub[3 * stride + g];
	return radioembo__dvh_finish_survey(dose, labels, range, NULL, uniform_density, total,
					    voxel_volume_ml, &s, out);
}
#else
int radioembo__dvh_can_bin_fast(const float *density, struct radioembo__label_range range,
				size_t bin_count, double inverse)
{
	(void)density, (void)range, (void)bin_count, (void)inverse;
	return 0;
}
int radioembo__dvh_survey_binned_fast(const float *dose, const float *labels, int label,
				      double uniform_density, size_t total, double voxel_volume_ml,
				      const struct radioembo__dvh_binning *bins, uint32_t *sub,
				      struct radioembo__dvh_survey *out)
{
	(void)sub;
	return radioembo__dvh_survey(dose, labels, label, NULL, uniform_density, total,
				     voxel_volume_ml, bins, out);
}
#endif
