/*
 * The exact DVH (radioembo_dvh_new): Dx and Vx from the voxel doses themselves, kept in 2
 * bytes each (radioembo_dvh(3)).
 *
 * Speed and memory (bench/README): two sweeps over the volumes (dvh_exact_sweep.c). The
 * first counts the doses into 2^16 buckets by the high half of their order keys; the second
 * stores each dose's low half in its bucket. The curve is then counted from the stored
 * doses, bucket by bucket. Dx selects within one bucket (histogram select), Vx counts
 * within one: both exact.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "voxel/dvh_internal.h"

#if defined(__SSE2__)
#include <emmintrin.h>
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

	if (!(quotient <= (double)(RADIOEMBO__DVH_MAX_BINS - 2)))
		return radioembo__fail(
			RADIOEMBO_EINVAL, "bin_width_gy",
			"bin_width_gy is too small for a maximum dose of %g Gy: more "
			"than %zu bins",
			max_gy, RADIOEMBO__DVH_MAX_BINS);
	count = (size_t)floor(quotient) + 2;
	/* k * w is rounded: settle the two conditions on the doubles themselves */
	while (count > 2 && (double)(count - 2) * width_gy > max_gy)
		count--;
	while ((double)(count - 1) * width_gy <= max_gy)
		count++;
	*count_out = count;
	return RADIOEMBO_OK;
}

int radioembo__dvh_exact_layout(radioembo_dvh *dvh, const struct radioembo__dvh_survey *s,
				double voxel_ml)
{
	size_t b;
	int rc;

	if ((rc = bin_count_for(s->max, dvh->bin_width_gy, &dvh->bin_count)))
		return rc;
	radioembo__dvh_set_statistics(dvh, s, voxel_ml, dvh->bin_width_gy);
	/* count <= 2^31 (a volume's limit): the sizes below cannot overflow */
	for (b = 1; b <= RADIOEMBO__DVH_BUCKETS; b++)
		dvh->bucket_start[b] += dvh->bucket_start[b - 1];
	if ((dvh->low = radioembo__allocate(s->count * sizeof *dvh->low, "voxel doses")) == NULL ||
	    (dvh->curve = radioembo__allocate(dvh->bin_count * sizeof *dvh->curve,
					      "the DVH curve")) == NULL)
		return RADIOEMBO_ENOMEM;
	radioembo__advise_huge_pages(dvh->low, s->count * sizeof *dvh->low);
	return RADIOEMBO_OK;
}

/* The key of the least float >= dose_gy (dose_gy <= FLT_MAX): d >= dose_gy iff its key is >=. */
static uint32_t key_at_least(double dose_gy)
{
	float level = (float)dose_gy;

	if ((double)level < dose_gy)
		level = nextafterf(level, INFINITY);
	return radioembo__dvh_key_of(level);
}

/* How many of the n low halves are >= t. */
static size_t count_at_least(const uint16_t *low, size_t n, uint16_t t)
{
	size_t i = 0, count = 0;

#if defined(__SSE2__)
	/* low >= t as a signed comparison of low ^ 2^15 > (t - 1) ^ 2^15, t >= 1 */
	if (t == 0)
		return n;
	{
		const __m128i flip = _mm_set1_epi16((short)0x8000),
			      below = _mm_set1_epi16((short)((t - 1) ^ 0x8000));

		while (n - i >= 8) {
			/* 16-bit lane counts: at most 32767 vectors before they are widened */
			size_t stop = n - i > 8 * 32767 ? i + 8 * 32767 : n - (n - i) % 8;
			__m128i lanes = _mm_setzero_si128();
			int32_t wide[4];

			for (; i < stop; i += 8)
				lanes = _mm_sub_epi16(
					lanes,
					_mm_cmpgt_epi16(_mm_xor_si128(_mm_loadu_si128(
									      (const __m128i *)(const void
												*)(low + i)),
								      flip),
							below));
			_mm_storeu_si128((__m128i *)(void *)wide,
					 _mm_madd_epi16(lanes, _mm_set1_epi16(1)));
			count += (size_t)wide[0] + (size_t)wide[1] + (size_t)wide[2] + (size_t)wide[3];
		}
	}
#endif
	for (; i < n; i++)
		count += low[i] >= t;
	return count;
}

/*
 * The curve from the stored doses: curve[k] = #{d >= k w} / N, k w on the doubles, which is
 * the fraction of the voxels in bins k and above (radioembo__dvh_bin_of). The edges that fall
 * into one bucket are counted over that bucket only: a few by counting passes over its low
 * halves, many by binning each of its doses as the curve's definition does.
 */
static void fill_curve(radioembo_dvh *dvh)
{
	const uint32_t *start = dvh->bucket_start;
	const double width = dvh->bin_width_gy, inverse = 1.0 / width;
	const int64_t bins = (int64_t)dvh->bin_count;
	double *curve = dvh->curve;
	int64_t k = 0, m, j;

	while (k < bins) {
		uint32_t key, bucket;
		size_t above, first, last, i;

		if ((double)k * width > FLT_MAX) {
			for (; k < bins; k++)
				curve[k] = 0.0;
			break;
		}
		key = key_at_least((double)k * width);
		bucket = key >> 16;
		first = start[bucket];
		last = start[bucket + 1];
		above = dvh->count - last;
		/* the edges k .. k + m - 1 fall into this bucket */
		for (m = 1; k + m < bins && (double)(k + m) * width <= FLT_MAX &&
			    key_at_least((double)(k + m) * width) >> 16 == bucket;
		     m++)
			;
		if (m <= 4) {
			for (j = 0; j < m; j++)
				curve[k + j] = (double)(above + count_at_least(
									dvh->low + first, last - first,
									(uint16_t)key_at_least(
										(double)(k + j) * width)));
		} else {
			double count = 0.0;

			for (j = 0; j < m; j++)
				curve[k + j] = 0.0;
			for (i = first; i < last; i++) {
				float d = radioembo__dvh_float_of(bucket << 16 | dvh->low[i]);

				if ((uint32_t)dvh->low[i] >= (key & 0xFFFFu))
					curve[radioembo__dvh_bin_of(d, width, inverse, bins - 1)] +=
						1.0;
			}
			for (j = m; j-- > 0;) {
				count += curve[k + j];
				curve[k + j] = (double)above + count;
			}
		}
		k += m;
	}
	for (k = 0; k < bins; k++)
		curve[k] /= (double)dvh->count;
}

int radioembo_dvh_new_threads(const radioembo_volume *dose_gy, const radioembo_volume *labels,
			      int label, const radioembo_volume *density_g_per_ml,
			      double uniform_density_g_per_ml, double bin_width_gy, size_t threads,
			      radioembo_dvh **dvh_out)
{
	struct radioembo__dvh_survey s;
	double voxel_ml;
	size_t total;
	radioembo_dvh *dvh;
	int rc;

	if ((rc = radioembo__dvh_require_inputs(dose_gy, labels, label, density_g_per_ml,
						uniform_density_g_per_ml, bin_width_gy, dvh_out)) ||
	    (rc = radioembo__require_threads("threads", threads)) ||
	    (rc = radioembo_volume_voxel_count(dose_gy, &total)) ||
	    (rc = radioembo_volume_voxel_volume_ml(dose_gy, &voxel_ml)))
		return rc;
	if ((dvh = radioembo__allocate(sizeof *dvh, "a DVH")) == NULL)
		return RADIOEMBO_ENOMEM;
	dvh->bin_width_gy = bin_width_gy;
	/* bucket_start[b] = first slot of bucket b; counted first, one past the end */
	if ((dvh->bucket_start =
		     radioembo__allocate((RADIOEMBO__DVH_BUCKETS + 1) * sizeof *dvh->bucket_start,
					 "DVH buckets")) == NULL) {
		radioembo_dvh_free(dvh);
		return RADIOEMBO_ENOMEM;
	}
	if ((rc = radioembo__dvh_exact_sweeps(
		     radioembo_volume_data(dose_gy), radioembo_volume_data(labels), label,
		     radioembo_volume_data(density_g_per_ml), uniform_density_g_per_ml, total,
		     voxel_ml, threads, dvh, &s))) {
		radioembo_dvh_free(dvh);
		return rc;
	}
	fill_curve(dvh);
	*dvh_out = dvh;
	return RADIOEMBO_OK;
}

int radioembo_dvh_new(const radioembo_volume *dose_gy, const radioembo_volume *labels, int label,
		      const radioembo_volume *density_g_per_ml, double uniform_density_g_per_ml,
		      double bin_width_gy, radioembo_dvh **dvh_out)
{
	return radioembo_dvh_new_threads(dose_gy, labels, label, density_g_per_ml,
					 uniform_density_g_per_ml, bin_width_gy, 1, dvh_out);
}

/*
 * The dose of 0-based rank j in the ascending order: the bucket holding rank j (binary
 * search of the bucket starts), then the rank's low 16 bits by two 8-bit counting passes
 * over that bucket only (histogram select: no sort, no allocation).
 */
double radioembo__dvh_dose_of_rank(const radioembo_dvh *dvh, size_t j)
{
	const uint32_t *start = dvh->bucket_start;
	size_t low = 0, high = RADIOEMBO__DVH_BUCKETS, i, first, last, count[256], byte,
	       high_byte = 0;
	size_t rank;

	/* the last b with start[b] <= j: start[0] = 0 <= j < start[RADIOEMBO__DVH_BUCKETS] = N */
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
	return radioembo__dvh_float_of((uint32_t)low << 16 | (uint32_t)high_byte << 8 |
				       (uint32_t)byte);
}

size_t radioembo__dvh_count_at_or_above(const radioembo_dvh *dvh, double dose_gy)
{
	uint32_t key, bucket;

	if (dose_gy > FLT_MAX)
		return 0;
	/* the least float >= dose_gy: every voxel at or above it, none between */
	key = key_at_least(dose_gy);
	bucket = key >> 16;
	return dvh->count - dvh->bucket_start[bucket + 1] +
	       count_at_least(dvh->low + dvh->bucket_start[bucket],
			      dvh->bucket_start[bucket + 1] - dvh->bucket_start[bucket],
			      (uint16_t)(key & 0xFFFFu));
}

double *radioembo__dvh_doses_for_radiobiology(const radioembo_dvh *dvh)
{
	double *dose = radioembo__allocate(dvh->count * sizeof *dose, "voxel doses");
	size_t b, i;

	if (dose == NULL)
		return NULL;
	for (b = 0; b < RADIOEMBO__DVH_BUCKETS; b++)
		for (i = dvh->bucket_start[b]; i < dvh->bucket_start[b + 1]; i++) {
			float value = radioembo__dvh_float_of((uint32_t)b << 16 | dvh->low[i]);

			dose[i] = value > 0.0f ? value : 0.0;
		}
	return dose;
}
