/*
 * Where a volume lies in the patient: direction cosines, the affine, and whether two
 * volumes share a grid (radioembo_volume(3), GEOMETRY). Coordinates are DICOM's patient
 * LPS in mm; readers of RAS formats (NIfTI) negate x and y before calling in.
 *
 * Two grids are the same when their dimensions are equal, their spacings agree within
 * 1e-4 relative, each axis direction within 1e-4 (every cosine) and their origins within
 * 1 % of the smallest voxel spacing: the rounding of float headers (NIfTI stores float32)
 * and DICOM's decimal strings stays far inside, a misregistration of a voxel does not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "voxel/voxel_internal.h"

#define MAX_SPACING_MM 1000.0
#define SPACING_TOLERANCE 1e-4
#define COSINE_TOLERANCE 1e-4
#define ORIGIN_TOLERANCE 0.01 /* of the smallest spacing */
/* An axis is along a patient axis when its largest cosine is within this of 1. */
#define ALIGNED_TOLERANCE 1e-4

static const char AXIS_NAME[3] = { 'x', 'y', 'z' };

void radioembo__volume_axis_aligned(radioembo_volume *volume)
{
	static const double identity[9] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
	memcpy(volume->direction, identity, sizeof identity);
}

void radioembo__volume_copy_geometry(radioembo_volume *to, const radioembo_volume *from)
{
	memcpy(to->origin_mm, from->origin_mm, sizeof from->origin_mm);
	memcpy(to->direction, from->direction, sizeof from->direction);
}

void radioembo__volume_index_to_patient(const radioembo_volume *volume, const double index[3],
					double patient_mm_out[3])
{
	int c, a;

	for (c = 0; c < 3; c++) {
		patient_mm_out[c] = volume->origin_mm[c];
		for (a = 0; a < 3; a++)
			patient_mm_out[c] +=
				index[a] * volume->spacing_mm[a] * volume->direction[3 * a + c];
	}
}

/* The direction matrix is orthonormal: its inverse is its transpose. */
void radioembo__volume_patient_to_index(const radioembo_volume *volume, const double p_mm[3],
					double index_out[3])
{
	double d[3];
	int c, a;

	for (c = 0; c < 3; c++)
		d[c] = p_mm[c] - volume->origin_mm[c];
	for (a = 0; a < 3; a++) {
		double along = 0.0;
		for (c = 0; c < 3; c++)
			along += d[c] * volume->direction[3 * a + c];
		index_out[a] = along / volume->spacing_mm[a];
	}
}

static double dot(const double *u, const double *v)
{
	return u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
}

/* Three unit vectors (within 1e-4), mutually orthogonal (within 1e-4), all finite. */
static int require_direction(const char *name, const double *d)
{
	int a, b;

	for (a = 0; a < 9; a++)
		if (!isfinite(d[a]))
			return radioembo__fail(RADIOEMBO_EINVAL, name,
					       "%s[%d] must be finite, got %g", name, a, d[a]);
	for (a = 0; a < 3; a++) {
		double norm = sqrt(dot(d + 3 * a, d + 3 * a));
		if (!(fabs(norm - 1.0) <= COSINE_TOLERANCE))
			return radioembo__fail(RADIOEMBO_EINVAL, name,
					       "the %c axis of %s must be a unit vector, got "
					       "length %g",
					       AXIS_NAME[a], name, norm);
		for (b = a + 1; b < 3; b++)
			if (!(fabs(dot(d + 3 * a, d + 3 * b)) <= COSINE_TOLERANCE))
				return radioembo__fail(RADIOEMBO_EINVAL, name,
						       "the %c and %c axes of %s must be "
						       "orthogonal, got cosine %g",
						       AXIS_NAME[a], AXIS_NAME[b], name,
						       dot(d + 3 * a, d + 3 * b));
	}
	return RADIOEMBO_OK;
}

static int require_nine(const char *name, size_t n)
{
	if (n != 9)
		return radioembo__fail(RADIOEMBO_EINVAL, "n",
				       "n must be 9 (three cosines of each of three axes) for %s, "
				       "got %zu",
				       name, n);
	return RADIOEMBO_OK;
}

int radioembo_volume_set_direction(radioembo_volume *volume, const double *cosines, size_t n)
{
	int rc;

	if ((rc = radioembo__require_pointer("volume", volume)) ||
	    (rc = radioembo__require_pointer("cosines", cosines)) ||
	    (rc = require_nine("cosines", n)) || (rc = require_direction("cosines", cosines)))
		return rc;
	memcpy(volume->direction, cosines, sizeof volume->direction);
	return RADIOEMBO_OK;
}

int radioembo_volume_get_direction(const radioembo_volume *volume, double *cosines_out, size_t n)
{
	int rc;

	if ((rc = radioembo__require_pointer("volume", volume)) ||
	    (rc = radioembo__require_pointer("cosines_out", cosines_out)) ||
	    (rc = require_nine("cosines_out", n)))
		return rc;
	memcpy(cosines_out, volume->direction, sizeof volume->direction);
	return RADIOEMBO_OK;
}

static int require_sixteen(const char *name, size_t n)
{
	if (n != 16)
		return radioembo__fail(RADIOEMBO_EINVAL, "n",
				       "n must be 16 (a 4 x 4 matrix, row by row) for %s, got %zu",
				       name, n);
	return RADIOEMBO_OK;
}

int radioembo_volume_set_affine_mm(radioembo_volume *volume, const double *affine, size_t n)
{
	static const double last_row[4] = { 0, 0, 0, 1 };
	double spacing[3], direction[9];
	int rc, r, a;

	if ((rc = radioembo__require_pointer("volume", volume)) ||
	    (rc = radioembo__require_pointer("affine", affine)) ||
	    (rc = require_sixteen("affine", n)))
		return rc;
	for (r = 0; r < 16; r++)
		if (!isfinite(affine[r]))
			return radioembo__fail(RADIOEMBO_EINVAL, "affine",
					       "affine[%d] must be finite, got %g", r, affine[r]);
	for (r = 0; r < 4; r++)
		if (affine[12 + r] != last_row[r])
			return radioembo__fail(RADIOEMBO_EINVAL, "affine",
					       "the last row of affine must be 0 0 0 1, got "
					       "%g %g %g %g",
					       affine[12], affine[13], affine[14], affine[15]);
	/* column a is spacing_a times the direction of axis a */
	for (a = 0; a < 3; a++) {
		spacing[a] = sqrt(affine[a] * affine[a] + affine[4 + a] * affine[4 + a] +
				  affine[8 + a] * affine[8 + a]);
		if (!(spacing[a] > 0.0 && spacing[a] <= MAX_SPACING_MM))
			return radioembo__fail(RADIOEMBO_EINVAL, "affine",
					       "column %d of affine (the %c spacing) must have a "
					       "length within (0, %g] mm, got %g",
					       a, AXIS_NAME[a], MAX_SPACING_MM, spacing[a]);
		for (r = 0; r < 3; r++)
			direction[3 * a + r] = affine[4 * r + a] / spacing[a];
	}
	if ((rc = require_direction("affine", direction)))
		return rc;
	memcpy(volume->spacing_mm, spacing, sizeof spacing);
	memcpy(volume->direction, direction, sizeof direction);
	for (r = 0; r < 3; r++)
		volume->origin_mm[r] = affine[4 * r + 3];
	return RADIOEMBO_OK;
}

int radioembo_volume_get_affine_mm(const radioembo_volume *volume, double *affine_out, size_t n)
{
	int rc, r, a;

	if ((rc = radioembo__require_pointer("volume", volume)) ||
	    (rc = radioembo__require_pointer("affine_out", affine_out)) ||
	    (rc = require_sixteen("affine_out", n)))
		return rc;
	for (r = 0; r < 3; r++) {
		for (a = 0; a < 3; a++)
			affine_out[4 * r + a] =
				volume->spacing_mm[a] * volume->direction[3 * a + r];
		affine_out[4 * r + 3] = volume->origin_mm[r];
	}
	affine_out[12] = affine_out[13] = affine_out[14] = 0.0;
	affine_out[15] = 1.0;
	return RADIOEMBO_OK;
}

/* Appends ", " and a formatted phrase to text (size bytes, always terminated). */
static void append(char *text, size_t size, const char *phrase)
{
	size_t used = strlen(text);

	if (used + 1 >= size)
		return;
	snprintf(text + used, size - used, "%s%s", used > 0 ? "; " : "", phrase);
}

/* An axis along a patient axis (one cosine +-1, the others 0)? */
static int aligned(const double *axis)
{
	return fabs(axis[0]) >= 1.0 - ALIGNED_TOLERANCE ||
	       fabs(axis[1]) >= 1.0 - ALIGNED_TOLERANCE || fabs(axis[2]) >= 1.0 - ALIGNED_TOLERANCE;
}

static int same_vector(const double *u, const double *v, double sign)
{
	return fabs(u[0] - sign * v[0]) <= COSINE_TOLERANCE &&
	       fabs(u[1] - sign * v[1]) <= COSINE_TOLERANCE &&
	       fabs(u[2] - sign * v[2]) <= COSINE_TOLERANCE;
}

/*
 * What differs between the grids of a and b, in words, into text (empty when nothing
 * does): "x axis flipped", "y axis oblique", "origin differs by 150 mm", ...
 */
static void describe_difference(const radioembo_volume *a, const radioembo_volume *b, char *text,
				size_t size)
{
	char phrase[160];
	double distance = 0.0, smallest;
	int k, c;

	text[0] = '\0';
	if (a->nx != b->nx || a->ny != b->ny || a->nz != b->nz) {
		snprintf(phrase, sizeof phrase,
			 "dimensions differ (%zu x %zu x %zu, %zu x %zu x %zu)", a->nx, a->ny,
			 a->nz, b->nx, b->ny, b->nz);
		append(text, size, phrase);
	}
	for (k = 0; k < 3; k++)
		if (!(fabs(a->spacing_mm[k] - b->spacing_mm[k]) <=
		      SPACING_TOLERANCE * fmax(a->spacing_mm[k], b->spacing_mm[k]))) {
			snprintf(phrase, sizeof phrase,
				 "spacing differs (%g x %g x %g mm, %g x %g x %g mm)",
				 a->spacing_mm[0], a->spacing_mm[1], a->spacing_mm[2],
				 b->spacing_mm[0], b->spacing_mm[1], b->spacing_mm[2]);
			append(text, size, phrase);
			break;
		}
	for (k = 0; k < 3; k++) {
		const double *u = a->direction + 3 * k, *v = b->direction + 3 * k;

		if (same_vector(u, v, 1.0))
			continue;
		if (same_vector(u, v, -1.0))
			snprintf(phrase, sizeof phrase, "%c axis flipped", AXIS_NAME[k]);
		else if (aligned(u) != aligned(v))
			snprintf(phrase, sizeof phrase,
				 "%c axis oblique (direction %.4g %.4g %.4g, %.4g %.4g %.4g)",
				 AXIS_NAME[k], u[0], u[1], u[2], v[0], v[1], v[2]);
		else
			snprintf(phrase, sizeof phrase,
				 "%c axis direction differs (%.4g %.4g %.4g, %.4g %.4g %.4g)",
				 AXIS_NAME[k], u[0], u[1], u[2], v[0], v[1], v[2]);
		append(text, size, phrase);
	}
	smallest = fmin(fmin(a->spacing_mm[0], a->spacing_mm[1]), a->spacing_mm[2]);
	for (c = 0; c < 3; c++)
		distance +=
			(a->origin_mm[c] - b->origin_mm[c]) * (a->origin_mm[c] - b->origin_mm[c]);
	distance = sqrt(distance);
	if (!(distance <= ORIGIN_TOLERANCE * smallest)) {
		snprintf(phrase, sizeof phrase, "origin differs by %.3g mm", distance);
		append(text, size, phrase);
	}
}

int radioembo_volume_same_grid(const radioembo_volume *a, const radioembo_volume *b, int *same_out,
			       char *difference_out, size_t difference_size)
{
	char text[512];
	int rc;

	if ((rc = radioembo__require_pointer("a", a)) ||
	    (rc = radioembo__require_pointer("b", b)) ||
	    (rc = radioembo__require_pointer("same_out", same_out)) ||
	    (rc = radioembo__require_pointer("difference_out", difference_out)))
		return rc;
	describe_difference(a, b, text, sizeof text);
	if (difference_size > 0)
		snprintf(difference_out, difference_size, "%s", text);
	*same_out = text[0] == '\0';
	return RADIOEMBO_OK;
}

int radioembo__volume_require_same_grid(const radioembo_volume *a, const char *a_name,
					const radioembo_volume *b, const char *b_name)
{
	char text[512];

	describe_difference(a, b, text, sizeof text);
	if (text[0] != '\0')
		return radioembo__fail(RADIOEMBO_EINVAL, a_name,
				       "%s and %s must be on the same grid: %s", a_name, b_name,
				       text);
	return RADIOEMBO_OK;
}
