/*
 * Dose statistics of one structure of a label map: volume, mass, mean/min/max, Dx and Vx
 * from the voxel doses themselves, the cumulative DVH, gEUD and cell-survival EUD (through
 * the radiobiology module, DOMAIN.md section 12); and the fraction of the activity outside
 * every structure (DOMAIN.md section 13).
 *
 * Conventions (radioembo_dvh(3)): every voxel of a structure has the same volume, so each
 * counts 1/N of it; Dx and Vx are volume-weighted by voxel count, never by mass, as DVHs
 * are in radiotherapy (the mass only gives the structure's mass). Dx is not interpolated:
 * with the doses sorted d_1 >= ... >= d_N, Dx = d_ceil(xN).
 *
 * Negative doses (reconstruction noise of the activity image, which the calibration keeps
 * so that it does not bias the mean) are kept as they are by every dose statistic: mean,
 * minimum, Dx, Vx and the curve (whose first point, V(0), is then below 1); the
 * radiobiological EUDs take them as 0 Gy, as radioembo_voxel_bed() does.
 *
 * Speed and memory (bench/README): two sweeps over the volumes and 2 bytes per structure
 * voxel. The first counts the doses into 2^16 buckets by the high half of their order keys;
 * the second stores each dose's low half in its bucket and counts it in its DVH bin. Dx
 * selects within one bucket (histogram select), Vx counts within one: both exact.
 *
 * The binned DVH (radioembo_dvh_new_binned, 1.3) keeps no voxel: one sweep counts the
 * doses into the caller's fixed bins from 0 Gy (plus an underflow count of the negative
 * doses and an overflow count of those above the last bin) while it sums, weighs and finds
 * the extremes exactly as the first sweep does. Dx and Vx are read off the counts, linearly
 * interpolated within a bin: within one bin width of the exact values. On x86-64 the sweep
 * works on four or eight voxels at once (survey_binned_fast; about 0.8 ns a voxel instead
 * of 3), its mean summed in another order than the exact DVH's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "voxel/voxel_internal.h"

#if defined(__SSE2__)
#include <emmintrin.h>
/*
 * The binned sweep also has an AVX2 version, chosen at run time, where the compiler takes
 * per-function targets (gcc, clang) on x86-64; RADIOEMBO__DVH_NO_AVX2 leaves it out (to
 * test the SSE2 version on a machine with AVX2).
 */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(RADIOEMBO__DVH_NO_AVX2)
#include <immintrin.h>
#define RADIOEMBO__DVH_AVX2 1
#endif
#endif

/* Labels above 2^24 are not all representable in a float voxel. */
#define MAX_LABEL 16777216
/* 2^24 bins of 8 + 8 bytes: a 256 MiB curve, far beyond any useful resolution. */
#define MAX_BINS ((size_t)1 << 24)
/* The high 16 bits of a dose's order key pick its bucket. */
#define BUCKETS ((size_t)1 << 16)

struct radioembo_dvh {
	size_t count;          /* N voxels */
	double voxel_volume_ml;
	double mass_kg;
	double mean_gy;
	double min_gy, max_gy;
	/*
	 * The voxel doses, exactly and in 2 bytes each: sorted into BUCKETS buckets by the
	 * high 16 bits of their order keys (key_of), each stored as its low 16 bits;
	 * bucket_start[b] is bucket b's first slot (BUCKETS + 1 entries, the last N).
	 */
	uint32_t *bucket_start;
	uint16_t *low;
	double bin_width_gy;
	size_t bin_count;
	double *curve;         /* bin_count fractions: voxels with dose >= k * bin_width_gy */
	/*
	 * Binned DVHs only (bucket_start and low NULL): above[g] voxels lie in generalized bin
	 * g or higher, g = 0 the negative doses (above[0] = N), g = k + 1 the bin
	 * [k w, (k + 1) w), g = bin_count + 1 the overflow [bin_count w, max].
	 */
	uint32_t *above;
};

/*
 * A voxel belongs to structure `label` (>= 1) when its value rounds to it: round() half
 * away from zero maps [L - 0.5, L + 0.5) to L for L >= 1. Below 2^22 the bounds are exact
 * floats and the test is two float comparisons (the sweeps' hot path); above, in double.
 */
struct label_range {
	float low, high;
	int exact;
	int label;
};

static struct label_range label_range(int label)
{
	struct label_range r;

	r.low = (float)(label - 0.5);
	r.high = (float)(label + 0.5);
	r.exact = label < (1 << 22);
	r.label = label;
	return r;
}

static int carries_label(float value, struct label_range r)
{
	double v = value;

	if (r.exact)
		return value >= r.low && value < r.high;
	return v >= r.label - 0.5 && v < r.label + 0.5;
}

/*
 * A float's order key: unsigned 32-bit integers that order as the floats do, negative
 * ones included (sign bit set: all bits flipped; else the sign bit set), -0 taken as +0.
 */
static uint32_t key_of(float value)
{
	uint32_t bits;

	if (value == 0.0f)
		value = 0.0f;
	memcpy(&bits, &value, sizeof bits);
	return (bits & 0x80000000u) ? ~bits : bits | 0x80000000u;
}

static float float_of(uint32_t key)
{
	uint32_t bits = (key & 0x80000000u) ? key & 0x7FFFFFFFu : ~key;
	float value;

	memcpy(&value, &bits, sizeof value);
	return value;
}

static int require_inputs(const radioembo_volume *dose_gy, const radioembo_volume *labels,
			  int label, const radioembo_volume *density_g_per_ml,
			  double uniform_density_g_per_ml, double bin_width_gy,
			  radioembo_dvh **dvh_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("dose_gy", dose_gy)) ||
	    (rc = radioembo__require_pointer("labels", labels)) ||
	    (rc = radioembo__volume_require_same_grid(dose_gy, "dose_gy", labels, "labels")))
		return rc;
	if (label < 1 || label > MAX_LABEL)
		return radioembo__fail(RADIOEMBO_EINVAL, "label",
				       "label must be within [1, %d], got %d", MAX_LABEL, label);
	if (density_g_per_ml != NULL) {
		if ((rc = radioembo__volume_require_same_grid(dose_gy, "dose_gy", density_g_per_ml,
							      "density_g_per_ml")))
			return rc;
	} else if ((rc = radioembo__require_tissue_density("uniform_density_g_per_ml",
							    uniform_density_g_per_ml))) {
		return rc;
	}
	if ((rc = radioembo__require_positive("bin_width_gy", bin_width_gy)) ||
	    (rc = radioembo__require_pointer("dvh_out", dvh_out)))
		return rc;
	return RADIOEMBO_OK;
}

/*
 * The bin k of a dose d >= 0 (k w <= d < (k + 1) w, decided on the doubles, as the curve's
 * definition is), or `last` for every d >= last * w. The quotient is compared before its
 * conversion, so that no dose, however large, overflows the integer.
 */
static int64_t bin_of(double d, double width, double inverse, int64_t last)
{
	double q = d * inverse;
	int64_t k = q < (double)last ? (int64_t)q : last;

	if (k > 0 && (double)k * width > d)
		k--;
	else if (k < last && (double)(k + 1) * width <= d)
		k++;
	return k;
}

/* The fixed bins of a binned DVH, counted by the sweep: hist[bin_of + 1], hist[0] below 0. */
struct binning {
	uint32_t *hist;
	double width, inverse;
	int64_t last; /* bin_count: the overflow bin */
};

/* What the first sweep over a structure finds. */
struct survey {
	size_t count;
	double mass_g, sum, compensation;
	float min, max;
};

/*
 * The first sweep: counts the structure's voxels into the BUCKETS buckets of their keys'
 * high 16 bits (or, for a binned DVH, into its bins: exactly one of bucket_count and bins
 * is not NULL), checks their doses (finite; negative ones are reconstruction noise and are
 * kept, radioembo_dvh(3)) and densities (tissue densities), sums their mass in g and their
 * doses (Neumaier's compensated sum: millions of voxels do not drift), and finds the
 * extremes.
 */
static int finish_survey(const float *dose, const float *labels, struct label_range range,
			 const float *density, double uniform_density, size_t total,
			 double voxel_volume_ml, struct survey *sweep, struct survey *out);

static int survey_structure(const float *dose, const float *labels, int label,
			    const float *density, double uniform_density, size_t total,
			    double voxel_volume_ml, uint32_t *bucket_count,
			    const struct binning *bins, struct survey *out)
{
	enum { BLOCK = 4096 };
	struct label_range range = label_range(label);
	char name[64];
	struct survey s = { 0, 0.0, 0.0, 0.0, FLT_MAX, -FLT_MAX };
	size_t i, start, end;
	int rc;

	for (start = 0; start < total; start = end) {
		/* a plain sum over a block (4096 floats: no drift), blocks summed Neumaier's way */
		double block = 0.0, t;

		end = total - start > BLOCK ? start + BLOCK : total;
		for (i = start; i < end; i++) {
			float d = dose[i];

			if (!carries_label(labels[i], range))
				continue;
			if (density != NULL) {
				/* the voxel's name is only written out on failure: this loop is hot */
				if (!(density[i] > 0.0f &&
				      density[i] <= RADIOEMBO__DENSITY_MAX_G_PER_ML)) {
					snprintf(name, sizeof name, "density_g_per_ml voxel %zu", i);
					if ((rc = radioembo__require_tissue_density(name, density[i])))
						return rc;
				}
				s.mass_g += density[i] * voxel_volume_ml;
			}
			if (bucket_count != NULL)
				bucket_count[key_of(d) >> 16]++;
			else if (!(d >= 0.0f)) /* negative, or NaN (failed below) */
				bins->hist[0]++;
			else
				bins->hist[bin_of(d, bins->width, bins->inverse, bins->last) + 1]++;
			block += d;
			s.min = d < s.min ? d : s.min;
			s.max = d > s.max ? d : s.max;
			s.count++;
		}
		t = s.sum + block;
		s.compensation += fabs(s.sum) >= fabs(block) ? (s.sum - t) + block
							     : (block - t) + s.sum;
		s.sum = t;
	}
	return finish_survey(dose, labels, range, density, uniform_density, total,
			     voxel_volume_ml, &s, out);
}

/*
 * The checks after a sweep, common to both kinds of sweep: a structure with voxels, finite
 * doses; the mass of a uniform density.
 */
static int finish_survey(const float *dose, const float *labels, struct label_range range,
			 const float *density, double uniform_density, size_t total,
			 double voxel_volume_ml, struct survey *sweep, struct survey *out)
{
	struct survey s = *sweep;
	size_t i;
	int label = range.label;

	if (s.count == 0)
		return radioembo__fail(RADIOEMBO_ENOTFOUND, "label",
				       "no voxel of labels carries label %d", label);
	/*
	 * Rather than a test per voxel: a NaN or an infinity makes the sum non-finite (finite
	 * floats cannot: 2^31 of them sum below 2^160), and only then is the structure swept
	 * again to name the first such voxel.
	 */
	if (!isfinite(s.sum))
		for (i = 0; i < total; i++)
			if (carries_label(labels[i], range) && !isfinite(dose[i]))
				return radioembo__fail(
					RADIOEMBO_EINVAL, "dose_gy",
					"dose_gy voxel %zu of label %d must be finite, "
					"got %g",
					i, label, (double)dose[i]);
	if (density == NULL)
		s.mass_g = uniform_density * voxel_volume_ml * (double)s.count;
	*out = s;
	return RADIOEMBO_OK;
}

#if defined(__SSE2__)
/*
 * The binned sweep's fast path (x86-64, where SSE2 is part of the base instruction set),
 * for a structure without a density map, a label below 2^22 (exact float bounds) and at
 * most FAST_BINS bins: 0.7-0.9 ns a voxel (AVX2) where the general loop takes 3
 * (bench/README). The counts, the extremes and the checks are those of the general loop,
 * voxel for voxel; only the sum's order differs.
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
 *   decided exactly on the doubles by bin_of, as the general loop decides every voxel. A
 *   dose of 0 (q = 1 + t exactly) is in bin 0 [0, w) without that test.
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
#define FAST_LANES 4

static int can_bin_fast(const float *density, struct label_range range, size_t bin_count,
			double inverse)
{
	float inverse_f = (float)inverse;

	return density == NULL && range.exact && bin_count <= FAST_BINS && isfinite(inverse_f) &&
	       inverse_f >= FLT_MIN;
}

/* The general loop's code for one voxel (of a mixed group or of the last ones). */
static void bin_one(float d, uint32_t *table, const struct binning *bins, double *sum,
		    struct survey *s)
{
	table[!(d >= 0.0f) ? 0 : bin_of(d, bins->width, bins->inverse, bins->last) + 1]++;
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
static inline void bin_group(__m128 d, __m128 inverse, __m128 shift, __m128 lowest,
			     __m128 highest, __m128 near_edge, __m128i offset, uint32_t *sub,
			     const struct binning *bins, __m128d *low, __m128d *high,
			     __m128 *min, __m128 *max)
{
	/* max(NaN, 0.5) is 0.5: a NaN counts as negative */
	__m128 q = _mm_min_ps(_mm_max_ps(_mm_add_ps(_mm_mul_ps(d, inverse), shift), lowest),
			      highest);
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
				index[j] = j * stride +
					   (int32_t)bin_of(value[j], bins->width, bins->inverse,
							   bins->last) +
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

/* The lanes of the four labels of `l` that carry the label (bit j: lane j). */
static inline int carry_mask(const float *l, __m128 low, __m128 high)
{
	__m128 v = _mm_loadu_ps(l);

	return _mm_movemask_ps(_mm_and_ps(_mm_cmpge_ps(v, low), _mm_cmplt_ps(v, high)));
}

/* A block's sum into the structure's, Neumaier's way (as survey_structure does). */
static void add_block(struct survey *s, double block)
{
	double sum = s->sum + block;

	s->compensation += fabs(s->sum) >= fabs(block) ? (s->sum - sum) + block
						       : (block - sum) + s->sum;
	s->sum = sum;
}

enum { FAST_BLOCK = 4096 }; /* a multiple of 8 */

/*
 * The sweep with SSE2: eight voxels at a time as two groups of four. The partial sums:
 * s0 (lanes 0-1) and s1 (lanes 2-3) of the first group, s2 and s3 of the second, so the
 * partial sum r (0-7) adds the doses of the voxels i = r mod 8 of the block's full groups
 * in order; a block's sum is ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)) + the
 * voxels of its mixed groups and its last ones, in order.
 */
static void sweep_sse2(const float *dose, const float *labels, struct label_range range,
		       size_t total, const struct binning *bins, uint32_t *sub,
		       struct survey *out)
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
	struct survey s = { 0, 0.0, 0.0, 0.0, FLT_MAX, -FLT_MAX };
	float lanes[4];
	size_t i, j, start, end, full = 0;

	for (start = 0; start < total; start = end) {
		__m128d s0 = _mm_setzero_pd(), s1 = s0, s2 = s0, s3 = s0;
		double rest = 0.0;

		end = total - start > FAST_BLOCK ? start + FAST_BLOCK : total;
		for (i = start; i + 8 <= end; i += 8) {
			int in0 = carry_mask(labels + i, low_label, high_label);
			int in1 = carry_mask(labels + i + 4, low_label, high_label);

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
			if (carries_label(labels[i], range))
				bin_one(dose[i], sub + (i & 3) * stride, bins, &rest, &s);
		add_block(&s, ((horizontal_sum(s0) + horizontal_sum(s1)) +
			       (horizontal_sum(s2) + horizontal_sum(s3))) +
				      rest);
	}
	s.count += full;
	_mm_storeu_ps(lanes, min);
	for (j = 0; j < 4; j++)
		s.min = lanes[j] < s.min ? lanes[j] : s.min;
	_mm_storeu_ps(lanes, max);
	for (j = 0; j < 4; j++)
		s.max = lanes[j] > s.max ? lanes[j] : s.max;
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
__attribute__((target("avx2"))) static void sweep_avx2(const float *dose, const float *labels,
							struct label_range range, size_t total,
							const struct binning *bins, uint32_t *sub,
							struct survey *out)
{
	const float t = (float)((double)(bins->last + 3) * 0x1p-21);
	const size_t stride = (size_t)bins->last + 2;
	const __m256 low_label = _mm256_set1_ps(range.low),
		     high_label = _mm256_set1_ps(range.high);
	const __m256 inverse = _mm256_set1_ps((float)bins->inverse),
		     shift = _mm256_set1_ps(1.0f + t), lowest = _mm256_set1_ps(0.5f),
		     highest = _mm256_set1_ps((float)bins->last + 1.5f),
		     near_edge = _mm256_set1_ps(2.0f * t);
	const __m256i offset = _mm256_set_epi32((int)(3 * stride), (int)(2 * stride), (int)stride,
						0, (int)(3 * stride), (int)(2 * stride),
						(int)stride, 0);
	__m256 min = _mm256_set1_ps(FLT_MAX), max = _mm256_set1_ps(-FLT_MAX);
	struct survey s = { 0, 0.0, 0.0, 0.0, FLT_MAX, -FLT_MAX };
	float lanes[8];
	size_t i, j, start, end, full = 0;

	for (start = 0; start < total; start = end) {
		/* partial sums 0-3 and 4-7 */
		__m256d first = _mm256_setzero_pd(), second = first;
		double rest = 0.0, r[8];

		end = total - start > FAST_BLOCK ? start + FAST_BLOCK : total;
		for (i = start; i + 8 <= end; i += 8) {
			__m256 l = _mm256_loadu_ps(labels + i);
			int in = _mm256_movemask_ps(_mm256_and_ps(_mm256_cmp_ps(l, low_label,
										_CMP_GE_OQ),
							      _mm256_cmp_ps(l, high_label,
										_CMP_LT_OQ)));
			__m256 d, q, near;
			__m256i g;
			int32_t index[8];
			int edge;

			if (in == 0xFF) {
				d = _mm256_loadu_ps(dose + i);
				/* max(NaN, 0.5) is 0.5: a NaN counts as negative */
				q = _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(_mm256_mul_ps(d, inverse),
									      shift),
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
							   (int32_t)bin_of(dose[i + j], bins->width,
									   bins->inverse,
									   bins->last) +
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
								     : bin_of(dose[i + j + k],
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
			if (carries_label(labels[i], range))
				bin_one(dose[i], sub + (i & 3) * stride, bins, &rest, &s);
		_mm256_storeu_pd(r, first);
		_mm256_storeu_pd(r + 4, second);
		add_block(&s, (((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))) +
				      rest);
	}
	s.count += full;
	_mm256_storeu_ps(lanes, min);
	for (j = 0; j < 8; j++)
		s.min = lanes[j] < s.min ? lanes[j] : s.min;
	_mm256_storeu_ps(lanes, max);
	for (j = 0; j < 8; j++)
		s.max = lanes[j] > s.max ? lanes[j] : s.max;
	*out = s;
}
#endif

/*
 * survey_structure's binned sweep in can_bin_fast's cases: counts into sub (FAST_LANES
 * zeroed tables of bin_count + 2 entries), adds them up into bins->hist, then the same
 * checks.
 */
static int survey_binned_fast(const float *dose, const float *labels, int label,
			      double uniform_density, size_t total, double voxel_volume_ml,
			      const struct binning *bins, uint32_t *sub, struct survey *out)
{
	struct label_range range = label_range(label);
	const size_t stride = (size_t)bins->last + 2;
	struct survey s;
	size_t g;

#if defined(RADIOEMBO__DVH_AVX2)
	if (__builtin_cpu_supports("avx2"))
		sweep_avx2(dose, labels, range, total, bins, sub, &s);
	else
#endif
		sweep_sse2(dose, labels, range, total, bins, sub, &s);
	for (g = 0; g < stride; g++)
		bins->hist[g] = sub[g] + sub[stride + g] + sub[2 * stride + g] +
				sub[3 * stride + g];
	return finish_survey(dose, labels, range, NULL, uniform_density, total, voxel_volume_ml,
			     &s, out);
}
#else
static int can_bin_fast(const float *density, struct label_range range, size_t bin_count,
			double inverse)
{
	(void)density, (void)range, (void)bin_count, (void)inverse;
	return 0;
}
#define FAST_LANES 4
static int survey_binned_fast(const float *dose, const float *labels, int label,
			      double uniform_density, size_t total, double voxel_volume_ml,
			      const struct binning *bins, uint32_t *sub, struct survey *out)
{
	(void)sub;
	return survey_structure(dose, labels, label, NULL, uniform_density, total,
				voxel_volume_ml, NULL, bins, out);
}
#endif

/*
 * The number of bins at 0, w, 2w, ...: the last above the maximum dose, the one before at
 * or below it, so that the curve ends at 0 (floor(max/w) + 2 bins; the ceil(max/w) + 1 of
 * the usual statement whenever max is not a multiple of w). A structure whose doses are all
 * negative has the bins 0 and w.
 */
static int bin_count_for(double max_gy, double width_gy, size_t *count_out)
{
	double quotient = (max_gy > 0.0 ? max_gy : 0.0) / width_gy;
	size_t count;

	if (!(quotient <= (double)(MAX_BINS - 2)))
		return radioembo__fail(
			RADIOEMBO_EINVAL, "bin_width_gy",
			"bin_width_gy is too small for a maximum dose of %g Gy: more "
			"than %zu bins",
			max_gy, MAX_BINS);
	count = (size_t)floor(quotient) + 2;
	/* k * w is rounded: settle the two conditions on the doubles themselves */
	while (count > 2 && (double)(count - 2) * width_gy > max_gy)
		count--;
	while ((double)(count - 1) * width_gy <= max_gy)
		count++;
	*count_out = count;
	return RADIOEMBO_OK;
}

/*
 * The second sweep: every voxel's low 16 key bits into its bucket's slots (a counting sort
 * on the high 16 bits, with the high bits implied by the bucket: 2 bytes a voxel, exact),
 * and its bin k (k w <= d < (k + 1) w, decided on the doubles as the curve's definition
 * is) counted in curve[k]; then curve[k] = fraction of voxels with dose >= k w.
 */
static void sort_and_bin(const float *dose, const float *labels, int label, size_t total,
			 radioembo_dvh *dvh, uint32_t *next)
{
	struct label_range range = label_range(label);
	double width = dvh->bin_width_gy, inverse = 1.0 / width, *curve = dvh->curve, above;
	uint16_t *low = dvh->low;
	/* bins <= 2^24: k and its doubles in int64_t, whose conversions are single instructions */
	int64_t bins = (int64_t)dvh->bin_count, k;
	size_t i;

	for (i = 0; i < total; i++) {
		float d = dose[i];
		uint32_t key;

		if (!carries_label(labels[i], range))
			continue;
		key = key_of(d);
		low[next[key >> 16]++] = (uint16_t)(key & 0xFFFFu);
		if (!(d >= 0.0f))
			continue; /* below every bin */
		curve[bin_of(d, width, inverse, bins - 1)] += 1.0;
	}
	/* counts (exact in doubles, below 2^53) -> cumulative fractions from the top */
	above = 0.0;
	for (k = bins; k-- > 0;) {
		above += curve[k];
		curve[k] = above / (double)dvh->count;
	}
}

void radioembo_dvh_free(radioembo_dvh *dvh)
{
	if (dvh == NULL)
		return;
	free(dvh->bucket_start);
	free(dvh->low);
	free(dvh->curve);
	free(dvh->above);
	free(dvh);
}

/* What both kinds of DVH take from the first sweep. */
static void set_statistics(radioembo_dvh *dvh, const struct survey *s, double voxel_ml,
			   double bin_width_gy)
{
	dvh->count = s->count;
	dvh->voxel_volume_ml = voxel_ml;
	dvh->mass_kg = s->mass_g / 1000.0;
	dvh->mean_gy = (s->sum + s->compensation) / (double)s->count;
	dvh->min_gy = s->min;
	dvh->max_gy = s->max;
	dvh->bin_width_gy = bin_width_gy;
}

int radioembo_dvh_new(const radioembo_volume *dose_gy, const radioembo_volume *labels,
		      int label, const radioembo_volume *density_g_per_ml,
		      double uniform_density_g_per_ml, double bin_width_gy,
		      radioembo_dvh **dvh_out)
{
	const float *dose, *label_data, *density;
	struct survey s = { 0, 0.0, 0.0, 0.0, 0.0f, 0.0f };
	double voxel_ml;
	size_t total, b;
	uint32_t *next;
	radioembo_dvh *dvh;
	int rc;

	if ((rc = require_inputs(dose_gy, labels, label, density_g_per_ml,
				 uniform_density_g_per_ml, bin_width_gy, dvh_out)) ||
	    (rc = radioembo_volume_voxel_count(dose_gy, &total)) ||
	    (rc = radioembo_volume_voxel_volume_ml(dose_gy, &voxel_ml)))
		return rc;
	dose = radioembo_volume_data(dose_gy);
	label_data = radioembo_volume_data(labels);
	density = radioembo_volume_data(density_g_per_ml);

	if ((dvh = radioembo__allocate(sizeof *dvh, "a DVH")) == NULL)
		return RADIOEMBO_ENOMEM;
	/* bucket_start[b] = first slot of bucket b; counted first, one past the end */
	if ((dvh->bucket_start = radioembo__allocate((BUCKETS + 1) * sizeof *dvh->bucket_start,
						     "DVH buckets")) == NULL) {
		radioembo_dvh_free(dvh);
		return RADIOEMBO_ENOMEM;
	}
	if ((rc = survey_structure(dose, label_data, label, density, uniform_density_g_per_ml,
				   total, voxel_ml, dvh->bucket_start + 1, NULL, &s)) ||
	    (rc = bin_count_for(s.max, bin_width_gy, &dvh->bin_count))) {
		radioembo_dvh_free(dvh);
		return rc;
	}
	set_statistics(dvh, &s, voxel_ml, bin_width_gy);
	/* count <= 2^31 (a volume's limit): the sizes below cannot overflow */
	for (b = 1; b <= BUCKETS; b++)
		dvh->bucket_start[b] += dvh->bucket_start[b - 1];
	if ((dvh->low = radioembo__allocate(s.count * sizeof *dvh->low, "voxel doses")) ==
		    NULL ||
	    (dvh->curve = radioembo__allocate(dvh->bin_count * sizeof *dvh->curve,
					      "the DVH curve")) == NULL ||
	    (next = radioembo__allocate(BUCKETS * sizeof *next, "DVH buckets")) == NULL) {
		radioembo_dvh_free(dvh);
		return RADIOEMBO_ENOMEM;
	}
	radioembo__advise_huge_pages(dvh->low, s.count * sizeof *dvh->low);
	memcpy(next, dvh->bucket_start, BUCKETS * sizeof *next);
	sort_and_bin(dose, label_data, label, total, dvh, next);
	free(next);
	*dvh_out = dvh;
	return RADIOEMBO_OK;
}

int radioembo_dvh_new_binned(const radioembo_volume *dose_gy, const radioembo_volume *labels,
			     int label, const radioembo_volume *density_g_per_ml,
			     double uniform_density_g_per_ml, double bin_width_gy,
			     size_t bin_count, radioembo_dvh **dvh_out)
{
	struct survey s = { 0, 0.0, 0.0, 0.0, 0.0f, 0.0f };
	struct binning bins;
	double voxel_ml;
	size_t total, g;
	radioembo_dvh *dvh;
	int rc;

	if ((rc = require_inputs(dose_gy, labels, label, density_g_per_ml,
				 uniform_density_g_per_ml, bin_width_gy, dvh_out)))
		return rc;
	if (bin_count < 1 || bin_count > MAX_BINS)
		return radioembo__fail(RADIOEMBO_EINVAL, "bin_count",
				       "bin_count must be within [1, %zu], got %zu", MAX_BINS,
				       bin_count);
	/* the bins' edges k w, up to the overflow's bin_count w, must be finite doubles */
	if (!isfinite((double)bin_count * bin_width_gy))
		return radioembo__fail(RADIOEMBO_ERANGE, "bin_count",
				       "bin_count * bin_width_gy must be finite, got %zu * %g",
				       bin_count, bin_width_gy);
	if ((rc = radioembo_volume_voxel_count(dose_gy, &total)) ||
	    (rc = radioembo_volume_voxel_volume_ml(dose_gy, &voxel_ml)))
		return rc;
	if ((dvh = radioembo__allocate(sizeof *dvh, "a DVH")) == NULL)
		return RADIOEMBO_ENOMEM;
	if ((dvh->above = radioembo__allocate((bin_count + 2) * sizeof *dvh->above,
					      "the DVH bins")) == NULL ||
	    (dvh->curve = radioembo__allocate(bin_count * sizeof *dvh->curve,
					      "the DVH curve")) == NULL) {
		radioembo_dvh_free(dvh);
		return RADIOEMBO_ENOMEM;
	}
	bins.hist = dvh->above;
	bins.width = bin_width_gy;
	bins.inverse = 1.0 / bin_width_gy;
	bins.last = (int64_t)bin_count;
	if (can_bin_fast(radioembo_volume_data(density_g_per_ml), label_range(label), bin_count,
			 bins.inverse)) {
		uint32_t *sub = radioembo__allocate(FAST_LANES * (bin_count + 2) * sizeof *sub,
						    "the DVH bins");

		rc = sub == NULL ? RADIOEMBO_ENOMEM
				 : survey_binned_fast(radioembo_volume_data(dose_gy),
						      radioembo_volume_data(labels), label,
						      uniform_density_g_per_ml, total, voxel_ml,
						      &bins, sub, &s);
		free(sub);
	} else {
		rc = survey_structure(radioembo_volume_data(dose_gy), radioembo_volume_data(labels),
				      label, radioembo_volume_data(density_g_per_ml),
				      uniform_density_g_per_ml, total, voxel_ml, NULL, &bins, &s);
	}
	if (rc) {
		radioembo_dvh_free(dvh);
		return rc;
	}
	set_statistics(dvh, &s, voxel_ml, bin_width_gy);
	dvh->bin_count = bin_count;
	/* counts -> voxels at or above each generalized bin (N <= 2^31: uint32_t holds it) */
	for (g = bin_count + 1; g-- > 0;)
		dvh->above[g] += dvh->above[g + 1];
	for (g = 0; g < bin_count; g++)
		dvh->curve[g] = (double)dvh->above[g + 1] / (double)s.count;
	*dvh_out = dvh;
	return RADIOEMBO_OK;
}

/*
 * Generalized bin g of a binned DVH (see struct radioembo_dvh): its dose range narrowed to
 * the structure's [min, max] (every voxel of the bin lies within it) and the voxels at or
 * above its lower and upper ends.
 */
struct bin_span {
	double low, high;
	double above_low, above_high;
};

static struct bin_span bin_span(const radioembo_dvh *dvh, size_t g)
{
	struct bin_span b;

	b.low = g == 0 ? -INFINITY : (double)(g - 1) * dvh->bin_width_gy;
	b.high = g > dvh->bin_count ? INFINITY : (double)g * dvh->bin_width_gy;
	b.low = b.low > dvh->min_gy ? b.low : dvh->min_gy;
	b.high = b.high < dvh->max_gy ? b.high : dvh->max_gy;
	b.above_low = dvh->above[g];
	b.above_high = g > dvh->bin_count ? 0.0 : dvh->above[g + 1];
	return b;
}

/*
 * Dx of a binned DVH: the bin g holding the voxel of descending rank k (above[g + 1] < k <=
 * above[g]), where the exact Dx lies too, then the dose at which the cumulative count,
 * linear within the bin (its voxels spread evenly over its narrowed range), reaches x N.
 */
static double binned_dose_at_volume(const radioembo_dvh *dvh, double volume_fraction,
				    size_t k)
{
	size_t low = 0, high = dvh->bin_count + 2;
	double target = volume_fraction * (double)dvh->count, t;
	struct bin_span b;

	/* the last g with above[g] >= k: above[0] = N >= k, above[bin_count + 2] taken as 0 */
	while (high - low > 1) {
		size_t middle = low + (high - low) / 2;

		if (dvh->above[middle] >= k)
			low = middle;
		else
			high = middle;
	}
	b = bin_span(dvh, low);
	t = (target - b.above_high) / (b.above_low - b.above_high);
	t = t < 0.0 ? 0.0 : t > 1.0 ? 1.0 : t;
	return b.high - t * (b.high - b.low);
}

/* Vx of a binned DVH (dose_gy >= 0): the cumulative count, linear within dose_gy's bin. */
static double binned_volume_at_dose(const radioembo_dvh *dvh, double dose_gy)
{
	int64_t last = (int64_t)dvh->bin_count;
	struct bin_span b;

	if (dose_gy > dvh->max_gy)
		return 0.0;
	b = bin_span(dvh, (size_t)bin_of(dose_gy, dvh->bin_width_gy, 1.0 / dvh->bin_width_gy,
					 last) + 1);
	if (dose_gy <= b.low) /* every voxel of the bin is at or above it */
		return b.above_low / (double)dvh->count;
	return (b.above_high + (b.above_low - b.above_high) * (b.high - dose_gy) /
				       (b.high - b.low)) /
	       (double)dvh->count;
}

/*
 * The dose of 0-based rank j in the ascending order: the bucket holding rank j (binary
 * search of the bucket starts), then the rank's low 16 bits by two 8-bit counting passes
 * over that bucket only (histogram select: no sort, no allocation).
 */
static double dose_of_rank(const radioembo_dvh *dvh, size_t j)
{
	const uint32_t *start = dvh->bucket_start;
	size_t low = 0, high = BUCKETS, i, first, last, count[256], byte, high_byte = 0;
	size_t rank;

	/* the last b with start[b] <= j: start[0] = 0 <= j < start[BUCKETS] = N */
	while (high - low > 1) {
		size_t middle = low + (high - low) / 2;

		if (start[middle] <= j)
			low = middle;
		else
			high = middle;
	}
	first = start[low];
	last = start[low + 1];
	rank = j - first;
	memset(count, 0, sizeof count);
	for (i = first; i < last; i++)
		count[dvh->low[i] >> 8]++;
	for (byte = 0; byte < 256; byte++) {
		if (rank < count[byte])
			break;
		rank -= count[byte];
	}
	high_byte = byte;
	memset(count, 0, sizeof count);
	for (i = first; i < last; i++)
		if ((size_t)(dvh->low[i] >> 8) == high_byte)
			count[dvh->low[i] & 0xFFu]++;
	for (byte = 0; byte < 256; byte++) {
		if (rank < count[byte])
			break;
		rank -= count[byte];
	}
	return float_of((uint32_t)low << 16 | (uint32_t)high_byte << 8 | (uint32_t)byte);
}

/* The number of voxels whose dose d (a float) satisfies (double)d >= dose_gy. */
static size_t count_at_or_above(const radioembo_dvh *dvh, double dose_gy)
{
	float level;
	uint32_t key, bucket, low;
	size_t i, count;

	if (dose_gy > FLT_MAX)
		return 0;
	/* the least float >= dose_gy: every voxel at or above it, none between */
	level = (float)dose_gy;
	if ((double)level < dose_gy)
		level = nextafterf(level, INFINITY);
	key = key_of(level);
	bucket = key >> 16;
	low = key & 0xFFFFu;
	count = dvh->count - dvh->bucket_start[bucket + 1];
	for (i = dvh->bucket_start[bucket]; i < dvh->bucket_start[bucket + 1]; i++)
		count += dvh->low[i] >= low;
	return count;
}

/* The EUDs need the voxel doses, which a binned DVH does not keep. */
static int require_voxel_doses(const radioembo_dvh *dvh)
{
	if (dvh->above != NULL)
		return radioembo__fail(RADIOEMBO_EINVAL, "dvh",
				       "dvh must keep its voxel doses (radioembo_dvh_new), got a "
				       "binned DVH");
	return RADIOEMBO_OK;
}

/*
 * The structure's doses as doubles, in bucket order, negative ones as 0 Gy (the
 * radiobiological models are defined for doses >= 0; radioembo_dvh(3)).
 */
static double *doses_for_radiobiology(const radioembo_dvh *dvh)
{
	double *dose = radioembo__allocate(dvh->count * sizeof *dose, "voxel doses");
	size_t b, i;

	if (dose == NULL)
		return NULL;
	for (b = 0; b < BUCKETS; b++)
		for (i = dvh->bucket_start[b]; i < dvh->bucket_start[b + 1]; i++) {
			float value = float_of((uint32_t)b << 16 | dvh->low[i]);

			dose[i] = value > 0.0f ? value : 0.0;
		}
	return dose;
}

/* The shape of every scalar getter: dvh and the output present, then one value out. */
static int get_value(const radioembo_dvh *dvh, double value, const char *name, double *out)
{
	int rc;

	if ((rc = radioembo__require_pointer("dvh", dvh)) ||
	    (rc = radioembo__require_pointer(name, out)))
		return rc;
	*out = value;
	return RADIOEMBO_OK;
}

int radioembo_dvh_voxel_count(const radioembo_dvh *dvh, size_t *count_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("dvh", dvh)) ||
	    (rc = radioembo__require_pointer("count_out", count_out)))
		return rc;
	*count_out = dvh->count;
	return RADIOEMBO_OK;
}

int radioembo_dvh_volume_ml(const radioembo_dvh *dvh, double *volume_ml_out)
{
	return get_value(dvh, dvh ? (double)dvh->count * dvh->voxel_volume_ml : 0.0,
			 "volume_ml_out", volume_ml_out);
}

int radioembo_dvh_mass_kg(const radioembo_dvh *dvh, double *mass_kg_out)
{
	return get_value(dvh, dvh ? dvh->mass_kg : 0.0, "mass_kg_out", mass_kg_out);
}

int radioembo_dvh_mean_gy(const radioembo_dvh *dvh, double *mean_gy_out)
{
	return get_value(dvh, dvh ? dvh->mean_gy : 0.0, "mean_gy_out", mean_gy_out);
}

int radioembo_dvh_min_gy(const radioembo_dvh *dvh, double *min_gy_out)
{
	return get_value(dvh, dvh ? dvh->min_gy : 0.0, "min_gy_out", min_gy_out);
}

int radioembo_dvh_max_gy(const radioembo_dvh *dvh, double *max_gy_out)
{
	return get_value(dvh, dvh ? dvh->max_gy : 0.0, "max_gy_out",
			 max_gy_out);
}

int radioembo_dvh_dose_at_volume_gy(const radioembo_dvh *dvh, double volume_fraction,
				    double *dose_gy_out)
{
	double rank;
	size_t k;
	int rc;

	if ((rc = radioembo__require_pointer("dvh", dvh)) ||
	    (rc = radioembo__require_share("volume_fraction", volume_fraction)) ||
	    (rc = radioembo__require_pointer("dose_gy_out", dose_gy_out)))
		return rc;
	/*
	 * k = ceil(x N) in the descending order. x N is rounded: a product that lands a few
	 * ulps above an integer (0.07 * 100 = 7.000000000000001) must not take the next rank.
	 */
	rank = ceil(volume_fraction * (double)dvh->count * (1.0 - 4.0 * DBL_EPSILON));
	k = rank < 1.0 ? 1 : rank > (double)dvh->count ? dvh->count : (size_t)rank;
	/* the k-th highest: rank N - k of the ascending order */
	*dose_gy_out = dvh->above != NULL ? binned_dose_at_volume(dvh, volume_fraction, k)
					  : dose_of_rank(dvh, dvh->count - k);
	return RADIOEMBO_OK;
}

int radioembo_dvh_volume_at_dose(const radioembo_dvh *dvh, double dose_gy,
				 double *volume_fraction_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("dvh", dvh)) ||
	    (rc = radioembo__require_nonnegative("dose_gy", dose_gy)) ||
	    (rc = radioembo__require_pointer("volume_fraction_out", volume_fraction_out)))
		return rc;
	*volume_fraction_out = dvh->above != NULL
				       ? binned_volume_at_dose(dvh, dose_gy)
				       : (double)count_at_or_above(dvh, dose_gy) / (double)dvh->count;
	return RADIOEMBO_OK;
}

int radioembo_dvh_bin_count(const radioembo_dvh *dvh, size_t *count_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("dvh", dvh)) ||
	    (rc = radioembo__require_pointer("count_out", count_out)))
		return rc;
	*count_out = dvh->bin_count;
	return RADIOEMBO_OK;
}

int radioembo_dvh_get_curve(const radioembo_dvh *dvh, double *dose_gy_out,
			    double *volume_fraction_out, size_t n)
{
	size_t k;
	int rc;

	if ((rc = radioembo__require_pointer("dvh", dvh)) ||
	    (rc = radioembo__require_pointer("dose_gy_out", dose_gy_out)) ||
	    (rc = radioembo__require_pointer("volume_fraction_out", volume_fraction_out)))
		return rc;
	if (n != dvh->bin_count)
		return radioembo__fail(RADIOEMBO_EINVAL, "n",
				       "n must be the bin count %zu, got %zu", dvh->bin_count, n);
	for (k = 0; k < n; k++) {
		dose_gy_out[k] = (double)k * dvh->bin_width_gy;
		volume_fraction_out[k] = dvh->curve[k];
	}
	return RADIOEMBO_OK;
}

/* N equal volume fractions 1/N, for the radiobiology module's EUD functions. */
static double *equal_fractions(size_t n)
{
	double *fraction;
	size_t i;

	if ((fraction = radioembo__allocate(n * sizeof *fraction, "volume fractions")) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		fraction[i] = 1.0 / (double)n;
	return fraction;
}

int radioembo_dvh_geud_gy(const radioembo_dvh *dvh, double a, double *geud_gy_out)
{
	double *fraction, *dose;
	int rc;

	/* a is checked here too, so that a bad one fails before the allocation */
	if ((rc = radioembo__require_pointer("dvh", dvh)) ||
	    (rc = radioembo__require_finite("a", a)) ||
	    (rc = radioembo__require_pointer("geud_gy_out", geud_gy_out)))
		return rc;
	if (a == 0.0)
		return radioembo__fail(RADIOEMBO_EINVAL, "a", "a must not be 0, got 0");
	if ((rc = require_voxel_doses(dvh)))
		return rc;
	if ((fraction = equal_fractions(dvh->count)) == NULL)
		return RADIOEMBO_ENOMEM;
	if ((dose = doses_for_radiobiology(dvh)) == NULL) {
		free(fraction);
		return RADIOEMBO_ENOMEM;
	}
	rc = radioembo_geud_gy(dose, fraction, dvh->count, a, geud_gy_out);
	free(dose);
	free(fraction);
	return rc;
}

int radioembo_dvh_eud_survival_gy(const radioembo_dvh *dvh, double alpha_per_gy,
				  double *eud_gy_out)
{
	double *fraction, *dose;
	int rc;

	if ((rc = radioembo__require_pointer("dvh", dvh)) ||
	    (rc = radioembo__require_positive("alpha_per_gy", alpha_per_gy)) ||
	    (rc = radioembo__require_pointer("eud_gy_out", eud_gy_out)) ||
	    (rc = require_voxel_doses(dvh)))
		return rc;
	if ((fraction = equal_fractions(dvh->count)) == NULL)
		return RADIOEMBO_ENOMEM;
	if ((dose = doses_for_radiobiology(dvh)) == NULL) {
		free(fraction);
		return RADIOEMBO_ENOMEM;
	}
	rc = radioembo_eud_survival_gy(dose, fraction, dvh->count, alpha_per_gy, eud_gy_out);
	free(dose);
	free(fraction);
	return rc;
}

int radioembo_voxel_fraction_outside(const radioembo_volume *activity_gbq,
				     const radioembo_volume *labels, double *fraction_out)
{
	const float *activity, *label;
	double total = 0.0, outside = 0.0, fraction;
	size_t n, i;
	int rc;

	if ((rc = radioembo__require_pointer("activity_gbq", activity_gbq)) ||
	    (rc = radioembo__require_pointer("labels", labels)) ||
	    (rc = radioembo__volume_require_same_grid(activity_gbq, "activity_gbq", labels,
						      "labels")) ||
	    (rc = radioembo__require_pointer("fraction_out", fraction_out)) ||
	    (rc = radioembo_volume_voxel_count(activity_gbq, &n)))
		return rc;
	activity = radioembo_volume_data(activity_gbq);
	label = radioembo_volume_data(labels);
	for (i = 0; i < n; i++) {
		if (!isfinite(activity[i]))
			return radioembo__fail(RADIOEMBO_EINVAL, "activity_gbq",
					       "activity_gbq voxel %zu must be finite, got %g", i,
					       (double)activity[i]);
		/*
		 * Negative voxels (reconstruction noise, kept by the calibration) count with
		 * their sign, as the calibration's sums do: noise cancels instead of biasing.
		 */
		total += activity[i];
		/* outside: the label rounds to 0 or below (no structure is numbered < 1) */
		if (label[i] < 0.5f)
			outside += activity[i];
	}
	/* at most 2^31 floats: the double sum cannot overflow */
	if (!(total > 0.0))
		return radioembo__fail(RADIOEMBO_EINVAL, "activity_gbq",
				       "activity_gbq must hold some activity, its sum is %g",
				       total);
	/* noise can push the signed ratio just past 0 or 1: a fraction stays within them */
	fraction = outside / total;
	*fraction_out = fraction < 0.0 ? 0.0 : fraction > 1.0 ? 1.0 : fraction;
	return RADIOEMBO_OK;
}
