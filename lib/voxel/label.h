/*
 * The label rule: which voxels of a label map make up a structure. Every voxel operation
 * that selects a structure (the DVHs, the EUBED, the mean agreement, the activity outside
 * every structure) takes it from here. Never installed.
 *
 * A voxel belongs to structure `label` (1 .. RADIOEMBO__LABEL_MAX) when its value rounds to
 * it: round() half away from zero maps [L - 0.5, L + 0.5) to L for L >= 1, and a NaN to
 * none. A voxel whose value rounds to 0 or below lies outside every structure.
 *
 * The test is inline: it runs once per voxel in the DVH sweeps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_VOXEL_LABEL_H
#define RADIOEMBO_VOXEL_LABEL_H

#include "core/internal.h"

/* Labels above 2^24 are not all representable in a float voxel. */
#define RADIOEMBO__LABEL_MAX 16777216

/*
 * The bounds of one label's values. Below 2^22 they are exact floats and the test is two
 * float comparisons (the sweeps' hot path, and the bounds their vectors compare with);
 * above, it is made in double.
 */
struct radioembo__label_range {
	float low, high;
	int exact;
	int label;
};

static inline struct radioembo__label_range radioembo__label_range(int label)
{
	struct radioembo__label_range r;

	r.low = (float)(label - 0.5);
	r.high = (float)(label + 0.5);
	r.exact = label < (1 << 22);
	r.label = label;
	return r;
}

static inline int radioembo__carries_label(float value, struct radioembo__label_range r)
{
	double v = value;

	if (r.exact)
		return value >= r.low && value < r.high;
	return v >= r.label - 0.5 && v < r.label + 0.5;
}

#if defined(__SSE2__)
#include <emmintrin.h>

/*
 * The lanes of the four label voxels at l that carry the label (bit j: lane j), low and high
 * the range's bounds in every lane. Only for an exact range (range.exact): above 2^22 the
 * float bounds round and take in a neighbouring label's voxels.
 */
static inline int radioembo__carry_mask4(const float *l, __m128 low, __m128 high)
{
	__m128 v = _mm_loadu_ps(l);

	return _mm_movemask_ps(_mm_and_ps(_mm_cmpge_ps(v, low), _mm_cmplt_ps(v, high)));
}
#endif

/* No structure is numbered below 1: a value below 0.5 rounds to 0 or below. */
static inline int radioembo__outside_every_label(float value)
{
	return value < 0.5f;
}

/* EINVAL naming "label" unless 1 <= label <= RADIOEMBO__LABEL_MAX. */
static inline int radioembo__require_label(int label)
{
	if (label < 1 || label > RADIOEMBO__LABEL_MAX)
		return radioembo__fail(RADIOEMBO_EINVAL, "label",
				       "label must be within [1, %d], got %d", RADIOEMBO__LABEL_MAX,
				       label);
	return RADIOEMBO_OK;
}

#endif /* RADIOEMBO_VOXEL_LABEL_H */
