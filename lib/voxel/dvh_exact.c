/*
 * The exact DVH (radioembo_dvh_new): Dx and Vx from the voxel doses themselves, kept in 2
 * bytes each (radioembo_dvh(3)).
 *
 * Speed and memory (bench/README): two sweeps over the volumes. The first
 * (radioembo__dvh_survey) counts the doses into 2^16 buckets by the high half of their
 * order keys; the second stores each dose's low half in its bucket and counts it in its
 * DVH bin. Dx selects within one bucket (histogram select), Vx counts within one: both
 * exact.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "voxel/dvh_internal.h"

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

/*
 * The second sweep: every voxel's low 16 key bits into its bucket's slots (a counting sort
 * on the high 16 bits, with the high bits implied by the bucket: 2 bytes a voxel, exact),
 * and its bin k (k w <= d < (k + 1) w, decided on the doubles as the curve's definition
 * is) counted in curve[k]; then curve[k] = fraction of voxels with dose >= k w.
 */
static void sort_and_bin(const float *dose, const float *labels, int label, size_t total,
			 radioembo_dvh *dvh, uint32_t *next)
{
	struct radioembo__label_range range = radioembo__label_range(label);
	double width = dvh->bin_width_gy, inverse = 1.0 / width, *curve = dvh->curve, above;
	uint16_t *low = dvh->low;
	/* bins <= 2^24: k and its doubles in int64_t, whose conversions are single instructions */
	int64_t bins = (int64_t)dvh->bin_count, k;
	size_t i;

	for (i = 0; i < total; i++) {
		float d = dose[i];
		uint32_t key;

		if (!radioembo__carries_label(labels[i], range))
			continue;
		key = radioembo__dvh_key_of(d);
		low[next[key >> 16]++] = (uint16_t)(key & 0xFFFFu);
		if (!(d >= 0.0f))
			continue; /* below every bin */
		curve[radioembo__dvh_bin_of(d, width, inverse, bins - 1)] += 1.0;
	}
	/* counts (exact in doubles, below 2^53) -> cumulative fractions from the top */
	above = 0.0;
	for (k = bins; k-- > 0;) {
		above += curve[k];
		curve[k] = above / (double)dvh->count;
	}
}

int radioembo_dvh_new(const radioembo_volume *dose_gy, const radioembo_volume *labels, int label,
		      const radioembo_volume *density_g_per_ml, double uniform_density_g_per_ml,
		      double bin_width_gy, radioembo_dvh **dvh_out)
{
	const float *dose, *label_data, *density;
	struct radioembo__dvh_survey s = {0, 0.0, 0.0, 0.0, 0.0f, 0.0f};
	double voxel_ml;
	size_t total, b;
	uint32_t *next;
	radioembo_dvh *dvh;
	int rc;

	if ((rc = radioembo__dvh_require_inputs(dose_gy, labels, label, density_g_per_ml,
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
	if ((dvh->bucket_start =
		     radioembo__allocate((RADIOEMBO__DVH_BUCKETS + 1) * sizeof *dvh->bucket_start,
					 "DVH buckets")) == NULL) {
		radioembo_dvh_free(dvh);
		return RADIOEMBO_ENOMEM;
	}
	if ((rc = radioembo__dvh_survey(dose, label_data, label, density, uniform_density_g_per_ml,
					total, voxel_ml, dvh->bucket_start + 1, NULL, &s)) ||
	    (rc = bin_count_for(s.max, bin_width_gy, &dvh->bin_count))) {
		radioembo_dvh_free(dvh);
		return rc;
	}
	radioembo__dvh_set_statistics(dvh, &s, voxel_ml, bin_width_gy);
	/* count <= 2^31 (a volume's limit): the sizes below cannot overflow */
	for (b = 1; b <= RADIOEMBO__DVH_BUCKETS; b++)
		dvh->bucket_start[b] += dvh->bucket_start[b - 1];
	if ((dvh->low = radioembo__allocate(s.count * sizeof *dvh->low, "voxel doses")) == NULL ||
	    (dvh->curve = radioembo__allocate(dvh->bin_count * sizeof *dvh->curve,
					      "the DVH curve")) == NULL ||
	    (next = radioembo__allocate(RADIOEMBO__DVH_BUCKETS * sizeof *next, "DVH buckets")) ==
		    NULL) {
		radioembo_dvh_free(dvh);
		return RADIOEMBO_ENOMEM;
	}
	radioembo__advise_huge_pages(dvh->low, s.count * sizeof *dvh->low);
	memcpy(next, dvh->bucket_start, RADIOEMBO__DVH_BUCKETS * sizeof *next);
	sort_and_bin(dose, label_data, label, total, dvh, next);
	free(next);
	*dvh_out = dvh;
	return RADIOEMBO_OK;
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
	float level;
	uint32_t key, bucket, low;
	size_t i, count;

	if (dose_gy > FLT_MAX)
		return 0;
	/* the least float >= dose_gy: every voxel at or above it, none between */
	level = (float)dose_gy;
	if ((double)level < dose_gy)
		level = nextafterf(level, INFINITY);
	key = radioembo__dvh_key_of(level);
	bucket = key >> 16;
	low = key & 0xFFFFu;
	count = dvh->count - dvh->bucket_start[bucket + 1];
	for (i = dvh->bucket_start[bucket]; i < dvh->bucket_start[bucket + 1]; i++)
		count += dvh->low[i] >= low;
	return count;
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
