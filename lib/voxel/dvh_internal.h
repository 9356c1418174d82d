/*
 * The DVH's private parts, shared by its modules: dvh.c (the object, its checks and
 * getters), dvh_sweep.c (the per-voxel sweeps), dvh_simd.c (the binned sweep on SSE2/AVX2
 * vectors), dvh_exact.c (radioembo_dvh_new and _threads: every voxel dose kept),
 * dvh_exact_sweep.c (their sweeps, on threads), dvh_binned.c (radioembo_dvh_new_binned:
 * fixed bins only) and dvh_eud.c. Never installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_VOXEL_DVH_INTERNAL_H
#define RADIOEMBO_VOXEL_DVH_INTERNAL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "voxel/label.h"
#include "voxel/voxel_internal.h"

/* 2^24 bins of 8 + 8 bytes: a 256 MiB curve, far beyond any useful resolution. */
#define RADIOEMBO__DVH_MAX_BINS ((size_t)1 << 24)
/* The high 16 bits of a dose's order key pick its bucket (exact DVHs). */
#define RADIOEMBO__DVH_BUCKETS ((size_t)1 << 16)
/* The sub-histograms of the vector sweeps, one per lane of four (dvh_simd.c). */
#define RADIOEMBO__DVH_FAST_LANES 4

struct radioembo_dvh {
	size_t count; /* N voxels */
	double voxel_volume_ml;
	double mass_kg;
	double mean_gy;
	double min_gy, max_gy;
	/*
	 * Exact DVHs: the voxel doses, exactly and in 2 bytes each: sorted into 2^16
	 * buckets by the high 16 bits of their order keys (radioembo__dvh_key_of), each stored
	 * as its low 16 bits; bucket_start[b] is bucket b's first slot (2^16 + 1 entries,
	 * the last N).
	 */
	uint32_t *bucket_start;
	uint16_t *low;
	double bin_width_gy;
	size_t bin_count;
	double *curve; /* bin_count fractions: voxels with dose >= k * bin_width_gy */
	/*
	 * Binned DVHs only (bucket_start and low NULL): above[g] voxels lie in generalized bin
	 * g or higher, g = 0 the negative doses (above[0] = N), g = k + 1 the bin
	 * [k w, (k + 1) w), g = bin_count + 1 the overflow [bin_count w, max].
	 */
	uint32_t *above;
};

/*
 * A float's order key: unsigned 32-bit integers that order as the floats do, negative
 * ones included (sign bit set: all bits flipped; else the sign bit set), -0 taken as +0.
 */
static inline uint32_t radioembo__dvh_key_of(float value)
{
	uint32_t bits;

	if (value == 0.0f)
		value = 0.0f;
	memcpy(&bits, &value, sizeof bits);
	return (bits & 0x80000000u) ? ~bits : bits | 0x80000000u;
}

static inline float radioembo__dvh_float_of(uint32_t key)
{
	uint32_t bits = (key & 0x80000000u) ? key & 0x7FFFFFFFu : ~key;
	float value;

	memcpy(&value, &bits, sizeof value);
	return value;
}

/*
 * The bin k of a dose d >= 0 (k w <= d < (k + 1) w, decided on the doubles, as the curve's
 * definition is), or `last` for every d >= last * w. The quotient is compared before its
 * conversion, so that no dose, however large, overflows the integer.
 */
static inline int64_t radioembo__dvh_bin_of(double d, double width, double inverse, int64_t last)
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
struct radioembo__dvh_binning {
	uint32_t *hist;
	double width, inverse;
	int64_t last; /* bin_count: the overflow bin */
};

/* What the first sweep over a structure finds. */
struct radioembo__dvh_survey {
	size_t count;
	double mass_g, sum, compensation;
	float min, max;
};

/*
 * A block's plain sum into the structure's, Neumaier's way: the sweeps sum blocks of a few
 * thousand floats plainly (no drift at that length) and the blocks with compensation.
 */
static inline void radioembo__dvh_add_block(struct radioembo__dvh_survey *s, double block)
{
	double sum = s->sum + block;

	s->compensation +=
		fabs(s->sum) >= fabs(block) ? (s->sum - sum) + block : (block - sum) + s->sum;
	s->sum = sum;
}

/*
 * Both constructors' checks of their common arguments (dvh.c): the volumes on one grid,
 * the label, the density map or the uniform density, the bin width, the output.
 */
int radioembo__dvh_require_inputs(const radioembo_volume *dose_gy, const radioembo_volume *labels,
				  int label, const radioembo_volume *density_g_per_ml,
				  double uniform_density_g_per_ml, double bin_width_gy,
				  radioembo_dvh **dvh_out);
/* What both kinds of DVH take from the first sweep (dvh.c). */
void radioembo__dvh_set_statistics(radioembo_dvh *dvh, const struct radioembo__dvh_survey *s,
				   double voxel_ml, double bin_width_gy);

/*
 * The binned DVH's sweep, voxel by voxel (dvh_sweep.c; dvh_simd.c has it on vectors): counts
 * the structure's doses into bins, checks their doses (finite; negative ones are
 * reconstruction noise and are kept, radioembo_dvh(3)) and densities (tissue densities),
 * sums their mass in g and their doses (Neumaier's compensated sum of plain sums over blocks
 * of 4096 voxels: millions of voxels do not drift), and finds the extremes.
 */
int radioembo__dvh_survey(const float *dose, const float *labels, int label, const float *density,
			  double uniform_density, size_t total, double voxel_volume_ml,
			  const struct radioembo__dvh_binning *bins,
			  struct radioembo__dvh_survey *out);
/*
 * A density map's part of the first sweep alone (dvh_sweep.c): the structure's densities
 * checked and its mass in g summed, voxel by voxel in order (one chain: not split).
 */
int radioembo__dvh_density_mass(const float *labels, struct radioembo__label_range range,
				const float *density, size_t total, double voxel_volume_ml,
				double *mass_g_out);
/*
 * The exact DVH's sweeps on `threads` threads (dvh_exact_sweep.c): the survey of
 * radioembo__dvh_survey with the doses counted into 2^16 buckets by the high halves of their
 * order keys instead of bins (its sums and extremes, bit for bit, on any thread count),
 * into out and dvh->bucket_start[1 ..]; then radioembo__dvh_exact_layout; then every
 * structure dose's low key half stored in dvh->low, each bucket's in voxel order.
 */
int radioembo__dvh_exact_sweeps(const float *dose, const float *labels, int label,
				const float *density, double uniform_density, size_t total,
				double voxel_volume_ml, size_t threads, radioembo_dvh *dvh,
				struct radioembo__dvh_survey *out);
/*
 * Between the exact DVH's sweeps (dvh_exact.c): the statistics, the bin count, the bucket
 * starts from their counts, and dvh->low and dvh->curve allocated.
 */
int radioembo__dvh_exact_layout(radioembo_dvh *dvh, const struct radioembo__dvh_survey *s,
				double voxel_ml);

/*
 * The checks after a sweep, common to every sweep: a structure with voxels, finite doses;
 * the mass of a uniform density (dvh_sweep.c).
 */
int radioembo__dvh_finish_survey(const float *dose, const float *labels,
				 struct radioembo__label_range range, const float *density,
				 double uniform_density, size_t total, double voxel_volume_ml,
				 const struct radioembo__dvh_survey *sweep,
				 struct radioembo__dvh_survey *out);

/*
 * Whether the binned sweep can run on vectors (dvh_simd.c): x86-64, no density map, a label
 * below 2^22 and at most 2^16 bins. Then radioembo__dvh_survey_binned_fast sweeps as
 * radioembo__dvh_survey does for bins, counting into sub (RADIOEMBO__DVH_FAST_LANES zeroed tables
 * of bin_count + 2 entries) and adding them up into bins->hist.
 */
int radioembo__dvh_can_bin_fast(const float *density, struct radioembo__label_range range,
				size_t bin_count, double inverse);
int radioembo__dvh_survey_binned_fast(const float *dose, const float *labels, int label,
				      double uniform_density, size_t total, double voxel_volume_ml,
				      const struct radioembo__dvh_binning *bins, uint32_t *sub,
				      struct radioembo__dvh_survey *out);

/* Exact DVHs (dvh_exact.c): the dose of 0-based rank j in the ascending order. */
double radioembo__dvh_dose_of_rank(const radioembo_dvh *dvh, size_t j);
/* The number of voxels whose dose d (a float) satisfies (double)d >= dose_gy. */
size_t radioembo__dvh_count_at_or_above(const radioembo_dvh *dvh, double dose_gy);
/*
 * The structure's doses as doubles, in bucket order, negative ones as 0 Gy (the
 * radiobiological models are defined for doses >= 0; radioembo_dvh(3)); NULL (ENOMEM
 * recorded) when they cannot be allocated.
 */
double *radioembo__dvh_doses_for_radiobiology(const radioembo_dvh *dvh);

/*
 * Binned DVHs (dvh_binned.c): Dx for the descending rank k = ceil(x N), and Vx, both
 * interpolated within a bin.
 */
double radioembo__dvh_binned_dose_at_volume(const radioembo_dvh *dvh, double volume_fraction,
					    size_t k);
double radioembo__dvh_binned_volume_at_dose(const radioembo_dvh *dvh, double dose_gy);

#endif /* RADIOEMBO_VOXEL_DVH_INTERNAL_H */
