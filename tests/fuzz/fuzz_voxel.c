/*
 * libFuzzer target of the voxel API (volumes, kernels, voxel doses, DVHs): the input is a
 * program of calls, encoded as in fuzz_api.c. Each instruction is one byte (the
 * operation, modulo OP_COUNT) followed by its operands, read from the following bytes as
 * they are needed; a missing byte reads as 0, so every input is a valid program. Handles
 * live in slot tables (4 volumes, 4 kernels, 4 DVHs); an empty slot passes NULL; a slot is
 * freed before it is overwritten and every slot at the end, so that LeakSanitizer sees any
 * leak of the library.
 *
 * Volumes are small (1..8 voxels an axis, or 0 and huge dimensions that must fail without
 * allocating), so that each input runs in milliseconds; kernels that would be large but
 * legal are not built (see kernel_too_slow). Spacings, origins, directions and parameters
 * come from sets of interesting numbers (NaN, +/-Inf, -0, denormals, 1e308, negative,
 * plausible values) or raw bytes; voxel values are set one by one, filled from interesting
 * floats, or written raw (NaN, Inf) through radioembo_volume_data_mutable, so that the
 * library's checks of its input images are exercised too.
 *
 * Invariants checked after every call (abort, i.e. a crash for libFuzzer, if broken):
 * - the status is 0 or one of the radioembo_status codes, never EINTERNAL; a failure
 *   leaves a message; on failure the outputs are untouched; on success every double
 *   output is finite, every handle non-NULL;
 * - every voxel of every volume a computation returns is finite (ERANGE otherwise, as
 *   the radioembo_voxel man page promises), and the volume has the grid it should;
 * - a voxel that set_voxel accepted reads back as its float; a kernel's total energy is
 *   what set_total_energy set;
 * - resampling, the local-deposition and kernel doses and the DVH give the same bits on
 *   1 and on 2 or 3 threads, as their man pages promise;
 * - a DVH has min <= mean <= max, Dx non-increasing in x, Vx and its curve within [0, 1]
 *   and the curve non-increasing; fractions, Dice and pass rates within [0, 1].
 *
 * Built with libFuzzer by `make fuzz`; its corpus (tests/fuzz/voxel/, written by
 * tests/fuzz/voxel-seeds.py) is replayed by tests/fuzz/replay.c in `make check`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <float.h>

#include "program.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_STEPS 256
#define SLOTS 4
/* 8 voxels an axis at most: 512 voxels */
#define MAX_VOXELS 512

/* ---- the input stream -------------------------------------------------------------- */

static const double interesting[] = {
	0.0,
	-0.0,
	1.0,
	-1.0,
	0.5,
	2.0,
	1e-300,
	4.9406564584124654e-324,
	DBL_MIN,
	DBL_MAX,
	1e308,
	-1e308,
	NAN,
	INFINITY,
	-INFINITY,
	1e-9,
	0.999999,
	1.000001,
	/* plausible: densities, activities (GBq), doses (Gy), half-lives (h), alpha/beta,
	 * dose factors, mm, fractions */
	1.05,
	1.03,
	0.3,
	25.0,
	25.000001,
	0.001,
	2.5,
	64.1,
	26.7,
	49.67,
	15.87,
	50.0,
	10.0,
	3.0,
	2.5,
	1.5,
	0.005,
	0.1,
	0.03,
	0.9,
	100.0,
	1000.0,
	-1000.0,
	120.0,
	3e38,
	3.5e38,
	FLT_MAX,
	1e30,
	1e-30,
	1e6,
	1e12,
	0.25,
	4.0,
	5.0,
	-5.0,
	0.01,
	1e-6,
	1024.0,
};

/* A double: an interesting one, a scaled small one, or 8 raw bytes. */
static double number(struct stream *in)
{
	return number_from(in, interesting, COUNT_OF(interesting));
}

static const float interesting_floats[] = {
	0.0f,	  -0.0f,   1.0f,   -1.0f, 0.5f,	  NAN,	  INFINITY, -INFINITY, FLT_MAX,
	-FLT_MAX, FLT_MIN, 1e-45f, 1e30f, 1e-30f, 100.0f, 1000.0f,  -1000.0f,  3e38f,
	2.0f,	  0.1f,	   1e6f,   1.05f, 60.0f,  3.0f,	  -200.0f,  1e20f,
};

/* A float voxel value: an interesting one, a small step, or 4 raw bytes. */
static float float_value(struct stream *in)
{
	uint8_t b = byte(in);
	uint32_t bits = 0;
	float value;
	int i;

	if (b < COUNT_OF(interesting_floats))
		return interesting_floats[b];
	if (b == 255) {
		for (i = 0; i < 4; i++)
			bits |= (uint32_t)byte(in) << (8 * i);
		memcpy(&value, &bits, sizeof value);
		return value;
	}
	return (float)(b - COUNT_OF(interesting_floats)) * 0.25f;
}

/* A spacing or kernel radius, mm: mostly plausible, sometimes any number. */
static double millimetres(struct stream *in)
{
	static const double plausible[] = { 1.0, 2.0, 4.0, 0.5, 3.9, 2.5, 1.5, 5.0 };
	uint8_t b = byte(in);

	if (b < 0xF0)
		return plausible[b % COUNT_OF(plausible)];
	return number(in);
}

/* A dimension: 1..8 voxels, sometimes 0 or huge. */
static size_t dimension(struct stream *in)
{
	uint8_t b = byte(in);

	if (b == 255)
		return SIZE_MAX;
	if (b == 254)
		return 0;
	if (b == 253)
		return (size_t)1 << 40;
	if (b == 252)
		return ((size_t)1 << 31) + 1;
	return 1 + b % 8;
}

/* A thread count: 1..3, sometimes 0 or 1025 (both refused). */
static size_t threads_of(struct stream *in)
{
	uint8_t b = byte(in) % 8;

	if (b == 6)
		return 0;
	if (b == 7)
		return 1025;
	return 1 + b % 3;
}

/* A structure label: 1..3 mostly, sometimes 0, -1 or beyond 2^24. */
static int label_of(struct stream *in)
{
	static const int labels[] = { 1, 2, 3, 1, 0, -1, 1 << 24, (1 << 24) + 1 };

	return labels[byte(in) % COUNT_OF(labels)];
}

/* ---- the invariants ------------------------------------------------------------------ */

/* A fraction output: as out_double, and within [0, 1] on success. */
static void out_fraction(int rc, const double *value_p)
{
	out_double(rc, value_p);
	if (rc == RADIOEMBO_OK)
		CHECK(*value_p >= 0.0 && *value_p <= 1.0);
}

static size_t voxel_count(const radioembo_volume *v)
{
	size_t n = SENTINEL_Z;

	CHECK(radioembo_volume_voxel_count(v, &n) == RADIOEMBO_OK);
	return n;
}

/* Every voxel finite: what a computation returns (ERANGE rather than an infinite voxel). */
static void all_finite(const radioembo_volume *v)
{
	const float *data = radioembo_volume_data(v);
	size_t n = voxel_count(v), i;

	CHECK(data != NULL);
	for (i = 0; i < n; i++)
		CHECK(isfinite(data[i]));
}

static int same_grid(const radioembo_volume *a, const radioembo_volume *b)
{
	int same = SENTINEL_I;
	char difference[8];

	CHECK(radioembo_volume_same_grid(a, b, &same, difference, 0) == RADIOEMBO_OK);
	CHECK(same == 0 || same == 1);
	return same;
}

/* A computed volume: finite voxels, on the grid of like. */
static void output_volume(const radioembo_volume *out, const radioembo_volume *like)
{
	all_finite(out);
	CHECK(same_grid(out, like));
}

static int same_voxels(const radioembo_volume *a, const radioembo_volume *b)
{
	size_t n = voxel_count(a);

	return n == voxel_count(b) &&
	       memcmp(radioembo_volume_data(a), radioembo_volume_data(b), n * sizeof(float)) == 0;
}

/* ---- the objects ----------------------------------------------------------------------- */

struct state {
	radioembo_volume *volume[SLOTS];
	/* a voxel was written raw (maybe NaN or Inf) through data_mutable */
	int raw[SLOTS];
	radioembo_kernel *kernel[SLOTS];
	radioembo_dvh *dvh[SLOTS];
	int binned[SLOTS]; /* from radioembo_dvh_new_binned: Dx and Vx interpolated */
};

static unsigned slot(struct stream *in)
{
	return byte(in) % SLOTS;
}

/* A volume operand: a slot's volume, or NULL for an empty slot. */
static const radioembo_volume *volume_of(struct state *s, struct stream *in)
{
	return s->volume[slot(in)];
}

/* Stores a new volume in a slot, freeing what it held. */
static void store_volume(struct state *s, unsigned i, radioembo_volume *v, int raw)
{
	radioembo_volume_free(s->volume[i]);
	s->volume[i] = v;
	s->raw[i] = raw;
}

/* ---- the operations ---------------------------------------------------------------------- */

static float fill[MAX_VOXELS + 1];

static size_t product_or_max(size_t nx, size_t ny, size_t nz)
{
	if (nx != 0 && ny > SIZE_MAX / nx)
		return SIZE_MAX;
	if (nx * ny != 0 && nz > SIZE_MAX / (nx * ny))
		return SIZE_MAX;
	return nx * ny * nz;
}

/* Fills the first n values (at most MAX_VOXELS) from the input: one value for all, or each. */
static void fill_values(struct stream *in, size_t n)
{
	size_t i;
	float value;

	if (n > MAX_VOXELS)
		n = MAX_VOXELS;
	if (byte(in) & 1) {
		value = float_value(in);
		for (i = 0; i < n; i++)
			fill[i] = value;
	} else {
		for (i = 0; i < n; i++)
			fill[i] = float_value(in);
	}
}

static void check_new_volume(const radioembo_volume *v, size_t nx, size_t ny, size_t nz, double sx,
			     double sy, double sz)
{
	size_t gx = SENTINEL_Z, gy = SENTINEL_Z, gz = SENTINEL_Z;
	double x = SENTINEL_D, y = SENTINEL_D, z = SENTINEL_D;

	CHECK(radioembo_volume_get_dimensions(v, &gx, &gy, &gz) == RADIOEMBO_OK);
	CHECK(gx == nx && gy == ny && gz == nz);
	CHECK(radioembo_volume_get_spacing_mm(v, &x, &y, &z) == RADIOEMBO_OK);
	CHECK(x == sx && y == sy && z == sz);
	CHECK(voxel_count(v) == nx * ny * nz);
}

/* new, new_from_data, a volume on another's grid, copy, free */
static void op_volume_new(struct state *s, struct stream *in)
{
	radioembo_volume *v = SENTINEL_P;
	const radioembo_volume *like;
	unsigned i = slot(in), j;
	size_t nx, ny, nz, n;
	double sx, sy, sz;
	int rc, mode = byte(in) % 5;

	switch (mode) {
	case 0:
	case 1:
		nx = dimension(in);
		ny = dimension(in);
		nz = dimension(in);
		sx = millimetres(in);
		sy = millimetres(in);
		sz = millimetres(in);
		if (mode == 0) {
			rc = radioembo_volume_new(nx, ny, nz, sx, sy, sz, &v);
		} else {
			n = product_or_max(nx, ny, nz);
			fill_values(in, n);
			/* sometimes a wrong count; never more than fill holds */
			if (n > MAX_VOXELS)
				n = byte(in) & 1 ? n : MAX_VOXELS;
			else if (byte(in) % 8 == 0)
				n++;
			rc = radioembo_volume_new_from_data(n <= MAX_VOXELS + 1 ? fill : NULL, n,
							    nx, ny, nz, sx, sy, sz, &v);
		}
		if (out_handle(rc, &v)) {
			check_new_volume(v, nx, ny, nz, sx, sy, sz);
			all_finite(v);
			store_volume(s, i, v, 0);
		}
		break;
	case 2: /* the grid of another slot (same dimensions and spacing), values from input */
		like = volume_of(s, in);
		if (like == NULL)
			return;
		CHECK(radioembo_volume_get_dimensions(like, &nx, &ny, &nz) == RADIOEMBO_OK);
		CHECK(radioembo_volume_get_spacing_mm(like, &sx, &sy, &sz) == RADIOEMBO_OK);
		n = nx * ny * nz;
		fill_values(in, n);
		rc = radioembo_volume_new_from_data(fill, n, nx, ny, nz, sx, sy, sz, &v);
		if (out_handle(rc, &v)) {
			check_new_volume(v, nx, ny, nz, sx, sy, sz);
			all_finite(v);
			store_volume(s, i, v, 0);
		}
		break;
	case 3:
		j = slot(in);
		rc = radioembo_volume_copy(s->volume[j], &v);
		if (out_handle(rc, &v)) {
			CHECK(same_grid(v, s->volume[j]));
			CHECK(same_voxels(v, s->volume[j]));
			store_volume(s, i, v, s->raw[j]);
		}
		break;
	default:
		store_volume(s, i, NULL, 0);
	}
}

/* set_voxel/get_voxel, set_data/get_data, a raw write through data_mutable */
static void op_volume_voxels(struct state *s, struct stream *in)
{
	unsigned i = slot(in);
	radioembo_volume *v = s->volume[i];
	double value, got = SENTINEL_D;
	size_t x, y, z, n;
	float *data;
	int rc;

	switch (byte(in) % 4) {
	case 0:
		x = index_of(in);
		y = index_of(in);
		z = index_of(in);
		value = number(in);
		rc = radioembo_volume_set_voxel(v, x, y, z, value);
		status(rc);
		if (rc == RADIOEMBO_OK) {
			CHECK(isfinite(value) && isfinite((float)value));
			CHECK(radioembo_volume_get_voxel(v, x, y, z, &got) == RADIOEMBO_OK);
			CHECK(same_bits(got, (double)(float)value));
		}
		break;
	case 1:
		x = index_of(in);
		y = index_of(in);
		z = index_of(in);
		rc = radioembo_volume_get_voxel(v, x, y, z, &got);
		status(rc);
		if (rc != RADIOEMBO_OK)
			CHECK(same_bits(got, SENTINEL_D));
		else if (!s->raw[i])
			CHECK(isfinite(got));
		break;
	case 2:
		n = v == NULL ? MAX_VOXELS : voxel_count(v);
		fill_values(in, n);
		if (byte(in) % 8 == 0)
			n++; /* a wrong count, refused */
		rc = radioembo_volume_set_data(v, fill, n);
		status(rc);
		if (rc == RADIOEMBO_OK) {
			all_finite(v);
			s->raw[i] = 0;
			CHECK(memcmp(radioembo_volume_data(v), fill, n * sizeof(float)) == 0);
			fill[0] = (float)SENTINEL_D;
			CHECK(radioembo_volume_get_data(v, fill, n) == RADIOEMBO_OK);
			CHECK(memcmp(radioembo_volume_data(v), fill, n * sizeof(float)) == 0);
		}
		break;
	default:
		/* any float, NaN and Inf too: what the computations must refuse */
		data = radioembo_volume_data_mutable(v);
		x = byte(in);
		value = float_value(in);
		if (data == NULL)
			return;
		data[x % voxel_count(v)] = (float)value;
		s->raw[i] = 1;
	}
}

static const double directions[][9] = {
	{ 1, 0, 0, 0, 1, 0, 0, 0, 1 },
	{ -1, 0, 0, 0, -1, 0, 0, 0, 1 },
	{ 0, 1, 0, 1, 0, 0, 0, 0, -1 },
	{ 0.70710678118654752, 0.70710678118654752, 0, -0.70710678118654752, 0.70710678118654752, 0,
	  0, 0, 1 },
	{ 1, 0, 0, 0, 0.99999, 0, 0, 0, 1 },
	{ 1, 0, 0, 0.5, 1, 0, 0, 0, 1 },
	{ 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ 1, 0, 0, 0, 1, 0, 0, 0, NAN },
};

/* origin, direction, affine, their getters, same_grid, sum, voxel volume, accumulate */
static void op_volume_geometry(struct state *s, struct stream *in)
{
	unsigned i = slot(in), j, k;
	radioembo_volume *v = s->volume[i];
	double x, y, z, got[16], values[16], sum = SENTINEL_D, before = SENTINEL_D;
	char difference[24];
	size_t n;
	int rc, same = SENTINEL_I, raw;

	switch (byte(in) % 7) {
	case 0:
		x = number(in);
		y = number(in);
		z = number(in);
		rc = radioembo_volume_set_origin_mm(v, x, y, z);
		status(rc);
		got[0] = got[1] = got[2] = SENTINEL_D;
		rc = radioembo_volume_get_origin_mm(v, &got[0], &got[1], &got[2]);
		out_double(rc, &got[0]);
		out_double(rc, &got[1]);
		out_double(rc, &got[2]);
		break;
	case 1:
		k = byte(in);
		if (k < 0xF0) {
			memcpy(values, directions[k % COUNT_OF(directions)], 9 * sizeof(double));
		} else {
			for (k = 0; k < 9; k++)
				values[k] = number(in);
		}
		n = byte(in) % 8 == 0 ? 16 : 9;
		rc = radioembo_volume_set_direction(v, values, n);
		status(rc);
		sentinels(got, 9);
		rc = radioembo_volume_get_direction(v, got, 9);
		out_doubles(rc, got, 9);
		break;
	case 2:
		/* spacing times a rotation, an origin, the last row 0 0 0 1; or any numbers */
		k = byte(in);
		if (k < 0xF0) {
			const double *d = directions[k % 4];

			for (k = 0; k < 3; k++) {
				x = millimetres(in);
				values[k] = x * d[3 * k];
				values[4 + k] = x * d[3 * k + 1];
				values[8 + k] = x * d[3 * k + 2];
			}
			for (k = 0; k < 3; k++)
				values[4 * k + 3] = number(in);
			values[12] = values[13] = values[14] = 0.0;
			values[15] = 1.0;
		} else {
			for (k = 0; k < 16; k++)
				values[k] = number(in);
		}
		n = byte(in) % 8 == 0 ? 12 : 16;
		rc = radioembo_volume_set_affine_mm(v, values, n);
		status(rc);
		sentinels(got, 16);
		rc = radioembo_volume_get_affine_mm(v, got, 16);
		out_doubles(rc, got, 16);
		if (rc == RADIOEMBO_OK)
			CHECK(got[12] == 0 && got[13] == 0 && got[14] == 0 && got[15] == 1);
		rc = radioembo_volume_get_spacing_mm(v, &x, &y, &z);
		if (rc == RADIOEMBO_OK)
			CHECK(x > 0 && x <= 1000 && y > 0 && y <= 1000 && z > 0 && z <= 1000);
		break;
	case 3:
		j = slot(in);
		n = byte(in) % (sizeof difference + 1);
		memset(difference, 'x', sizeof difference);
		rc = radioembo_volume_same_grid(v, s->volume[j], &same, difference, n);
		status(rc);
		if (rc == RADIOEMBO_OK) {
			CHECK(same == 0 || same == 1);
			if (n > 0)
				CHECK(memchr(difference, '\0', n) != NULL);
		} else {
			CHECK(same == SENTINEL_I);
		}
		break;
	case 4:
		rc = radioembo_volume_sum(v, &sum);
		status(rc);
		if (rc != RADIOEMBO_OK)
			CHECK(same_bits(sum, SENTINEL_D));
		else if (!s->raw[i])
			CHECK(isfinite(sum));
		break;
	case 5:
		rc = radioembo_volume_voxel_volume_ml(v, &sum);
		out_double(rc, &sum);
		/* >= 0, not > 0: spacings are taken down to denormals, and x * y * z / 1000 of
		 * spacings near 1e-110 mm rounds to 0 (a correctly rounded value, not an error) */
		if (rc == RADIOEMBO_OK)
			CHECK(sum >= 0);
		break;
	default:
		j = slot(in);
		x = number(in);
		raw = s->raw[i] || s->raw[j];
		if (v != NULL && !raw)
			CHECK(radioembo_volume_sum(v, &before) == RADIOEMBO_OK);
		rc = radioembo_volume_accumulate(v, s->volume[j], x);
		status(rc);
		if (rc == RADIOEMBO_OK) {
			s->raw[i] = raw;
			if (!raw)
				all_finite(v);
		} else if (v != NULL && !raw) {
			/* nothing was written */
			CHECK(radioembo_volume_sum(v, &sum) == RADIOEMBO_OK);
			CHECK(same_bits(sum, before));
		}
	}
}

static void op_resample(struct state *s, struct stream *in)
{
	const radioembo_volume *source = volume_of(s, in), *grid = volume_of(s, in);
	radioembo_volume *a = SENTINEL_P, *b = SENTINEL_P;
	unsigned k = slot(in);
	int mode = enumerator(in, 0, 2), rc;
	double outside = number(in);
	size_t threads = threads_of(in);

	rc = radioembo_volume_resample(source, grid, (radioembo_volume_resampling)mode, outside,
				       &a);
	if (!out_handle(rc, &a))
		return;
	output_volume(a, grid);
	/* the same bits on any thread count */
	rc = radioembo_volume_resample_threads(source, grid, (radioembo_volume_resampling)mode,
					       outside, threads, &b);
	if (out_handle(rc, &b)) {
		CHECK(same_voxels(a, b));
		radioembo_volume_free(b);
	} else {
		CHECK(threads == 0 || threads > 1024 || rc == RADIOEMBO_ENOMEM);
	}
	store_volume(s, k, a, 0);
}

static void op_activity(struct state *s, struct stream *in)
{
	const radioembo_volume *counts = volume_of(s, in), *mask;
	radioembo_volume *a = SENTINEL_P;
	unsigned k = slot(in);
	double activity, lsf;
	int rc;

	if (byte(in) & 1) {
		mask = volume_of(s, in);
		activity = number(in);
		lsf = number(in);
		rc = radioembo_voxel_activity_relative(counts, mask, activity, lsf, &a);
	} else {
		activity = number(in); /* the half-life */
		lsf = number(in);      /* the acquisition time */
		rc = radioembo_voxel_activity_absolute(counts, activity, lsf, &a);
	}
	if (out_handle(rc, &a)) {
		output_volume(a, counts);
		store_volume(s, k, a, 0);
	}
}

/*
 * A dose map computed on one thread (rc, a) and on `threads` (rc2, b), each checked by
 * out_handle: the same outcome and the same bits (radioembo_voxel(3)); the first is kept in
 * slot k.
 */
static void same_dose_on_threads(struct state *s, unsigned k, const radioembo_volume *activity,
				 size_t threads, int rc, radioembo_volume *a, int rc2,
				 radioembo_volume *b)
{
	if (threads >= 1 && threads <= 1024)
		CHECK(rc == rc2 || rc == RADIOEMBO_ENOMEM || rc2 == RADIOEMBO_ENOMEM);
	if (rc2 == RADIOEMBO_OK) {
		if (rc == RADIOEMBO_OK)
			CHECK(same_voxels(a, b));
		radioembo_volume_free(b);
	}
	if (rc == RADIOEMBO_OK) {
		output_volume(a, activity);
		store_volume(s, k, a, 0);
	}
}

static void op_dose_ldm(struct state *s, struct stream *in)
{
	const radioembo_volume *activity = volume_of(s, in), *density = NULL;
	radioembo_volume *a = SENTINEL_P, *b = SENTINEL_P;
	unsigned k = slot(in);
	double uniform, factor;
	size_t threads;
	int rc, rc2;

	if (byte(in) & 1)
		density = volume_of(s, in);
	uniform = number(in);
	factor = number(in);
	threads = threads_of(in);
	rc = radioembo_voxel_dose_ldm(activity, density, uniform, factor, &a);
	out_handle(rc, &a);
	rc2 = radioembo_voxel_dose_ldm_threads(activity, density, uniform, factor, threads, &b);
	out_handle(rc2, &b);
	same_dose_on_threads(s, k, activity, threads, rc, a, rc2, b);
}

/*
 * A kernel that the library would build, but slowly: more than 20000 voxels, or more than
 * 8 of the smallest spacing in its radius (its point kernel is sampled at an eighth of the
 * smallest spacing out to the radius: ~(8 R / h)^3 points, up to 2^27 and seconds). Not asked
 * for, so that each input stays fast; those beyond the library's limits (more than 1024
 * voxels in a half-width) still are.
 */
static int kernel_too_slow(double sx, double sy, double sz, double radius)
{
	double voxels, reach;

	if (!(sx > 0 && sy > 0 && sz > 0 && radius > 0 && isfinite(radius)))
		return 0;
	reach = radius / fmin(sx, fmin(sy, sz));
	if (reach > 1100)
		return 0;
	voxels = (2 * ceil(radius / sx) + 1) * (2 * ceil(radius / sy) + 1) *
		 (2 * ceil(radius / sz) + 1);
	return voxels > 20000 || reach > 8;
}

static void check_kernel(const radioembo_kernel *kernel)
{
	size_t rx = SENTINEL_Z, ry = SENTINEL_Z, rz = SENTINEL_Z;
	double total = SENTINEL_D, first = SENTINEL_D, centre = SENTINEL_D, density = SENTINEL_D;

	CHECK(radioembo_kernel_get_radius_voxels(kernel, &rx, &ry, &rz) == RADIOEMBO_OK);
	CHECK(rx <= 1024 && ry <= 1024 && rz <= 1024);
	out_double(radioembo_kernel_total_energy_mev(kernel, &total), &total);
	CHECK(total > 0);
	out_double(radioembo_kernel_energy_mev(kernel, &first), &first);
	CHECK(same_bits(first, total));
	out_double(radioembo_kernel_get_energy_mev(kernel, 0, 0, 0, &centre), &centre);
	CHECK(centre >= 0 && centre <= total * (1 + 1e-12));
	out_double(radioembo_kernel_get_density_g_per_ml(kernel, &density), &density);
	CHECK(density > 0);
}

static void op_kernel(struct state *s, struct stream *in)
{
	radioembo_kernel *kernel = SENTINEL_P;
	unsigned i = slot(in), shells, m;
	double sx, sy, sz, radius, density, value, got = SENTINEL_D, radii[6], energies[6];
	int nuclide, rc, choice = byte(in) % 8;
	int64_t dx, dy, dz;

	switch (choice) {
	case 0:
	case 1:
	case 2:
	case 3:
		nuclide = enumerator(in, 1, 2);
		density = number(in);
		sx = millimetres(in);
		sy = millimetres(in);
		sz = millimetres(in);
		radius = millimetres(in);
		if (kernel_too_slow(sx, sy, sz, radius))
			return;
		if (choice == 0) {
			rc = radioembo_kernel_new_y90(sx, sy, sz, radius, &kernel);
		} else if (choice == 1) {
			rc = radioembo_kernel_new_nuclide((radioembo_nuclide)nuclide, sx, sy, sz,
							  radius, &kernel);
		} else if (choice == 2) {
			rc = radioembo_kernel_new_nuclide_density(
				(radioembo_nuclide)nuclide, density, sx, sy, sz, radius, &kernel);
		} else {
			/* a point kernel of up to 6 shells */
			shells = byte(in) % 7;
			value = 0.0;
			for (m = 0; m < shells; m++) {
				value += millimetres(in);
				radii[m] = byte(in) & 1 ? number(in) : value;
				energies[m] = number(in);
			}
			rc = radioembo_kernel_new_from_dpk(shells ? radii : NULL,
							   shells ? energies : NULL, shells, sx, sy,
							   sz, radius, &kernel);
		}
		if (out_handle(rc, &kernel)) {
			check_kernel(kernel);
			radioembo_kernel_free(s->kernel[i]);
			s->kernel[i] = kernel;
		}
		break;
	case 4:
		radioembo_kernel_free(s->kernel[i]);
		s->kernel[i] = NULL;
		break;
	case 5:
		value = number(in);
		rc = radioembo_kernel_set_total_energy_mev(s->kernel[i], value);
		status(rc);
		if (rc == RADIOEMBO_OK) {
			check_kernel(s->kernel[i]);
			CHECK(radioembo_kernel_total_energy_mev(s->kernel[i], &got) ==
			      RADIOEMBO_OK);
			CHECK(fabs(got - value) <= 1e-9 * value);
		}
		break;
	case 6:
		dx = (int8_t)byte(in);
		dy = (int8_t)byte(in);
		dz = byte(in) == 255 ? INT64_MIN : (int8_t)byte(in);
		rc = radioembo_kernel_get_energy_mev(s->kernel[i], dx, dy, dz, &got);
		out_double(rc, &got);
		if (rc == RADIOEMBO_OK)
			CHECK(got >= 0);
		break;
	default:
		sx = number(in);
		sy = number(in);
		rc = radioembo_kernel_dose_factor_energy_mev(sx, sy, &got);
		out_double(rc, &got);
		if (rc == RADIOEMBO_OK)
			CHECK(got > 0);
	}
}

static void op_dose_kernel(struct state *s, struct stream *in)
{
	const radioembo_volume *activity = volume_of(s, in), *density = NULL;
	const radioembo_kernel *kernel = s->kernel[slot(in)];
	radioembo_volume *a = SENTINEL_P, *b = SENTINEL_P;
	unsigned k = slot(in);
	double half_life, uniform;
	int method, rc, rc2;
	size_t threads;

	half_life = number(in);
	if (byte(in) & 1)
		density = volume_of(s, in);
	uniform = number(in);
	method = enumerator(in, 0, 2);
	threads = threads_of(in);
	rc = radioembo_voxel_dose_kernel(activity, kernel, half_life, density, uniform,
					 (radioembo_convolution)method, &a);
	out_handle(rc, &a);
	rc2 = radioembo_voxel_dose_kernel_threads(activity, kernel, half_life, density, uniform,
						  (radioembo_convolution)method, threads, &b);
	out_handle(rc2, &b);
	same_dose_on_threads(s, k, activity, threads, rc, a, rc2, b);
}

/* The statistics that must be the same bits for two DVHs of the same voxels. */
static void same_dvh(const radioembo_dvh *a, const radioembo_dvh *b, int exact_mean)
{
	size_t na = SENTINEL_Z, nb = SENTINEL_Z;
	double x = SENTINEL_D, y = SENTINEL_D;

	CHECK(radioembo_dvh_voxel_count(a, &na) == RADIOEMBO_OK);
	CHECK(radioembo_dvh_voxel_count(b, &nb) == RADIOEMBO_OK);
	CHECK(na == nb);
	CHECK(radioembo_dvh_min_gy(a, &x) == RADIOEMBO_OK);
	CHECK(radioembo_dvh_min_gy(b, &y) == RADIOEMBO_OK);
	CHECK(same_bits(x, y));
	CHECK(radioembo_dvh_max_gy(a, &x) == RADIOEMBO_OK);
	CHECK(radioembo_dvh_max_gy(b, &y) == RADIOEMBO_OK);
	CHECK(same_bits(x, y));
	CHECK(radioembo_dvh_volume_ml(a, &x) == RADIOEMBO_OK);
	CHECK(radioembo_dvh_volume_ml(b, &y) == RADIOEMBO_OK);
	CHECK(same_bits(x, y));
	CHECK(radioembo_dvh_mass_kg(a, &x) == RADIOEMBO_OK);
	CHECK(radioembo_dvh_mass_kg(b, &y) == RADIOEMBO_OK);
	CHECK(same_bits(x, y));
	if (exact_mean) {
		CHECK(radioembo_dvh_mean_gy(a, &x) == RADIOEMBO_OK);
		CHECK(radioembo_dvh_mean_gy(b, &y) == RADIOEMBO_OK);
		CHECK(same_bits(x, y));
		CHECK(radioembo_dvh_dose_at_volume_gy(a, 0.5, &x) == RADIOEMBO_OK);
		CHECK(radioembo_dvh_dose_at_volume_gy(b, 0.5, &y) == RADIOEMBO_OK);
		CHECK(same_bits(x, y));
	}
}

static void op_dvh_new(struct state *s, struct stream *in)
{
	const radioembo_volume *dose = volume_of(s, in), *labels = volume_of(s, in),
			       *density = NULL;
	radioembo_dvh *a = SENTINEL_P, *b = SENTINEL_P;
	unsigned k = slot(in);
	int label = label_of(in), rc, rc2, kind;
	double uniform, width;
	size_t threads, bins = 0;

	if (byte(in) & 1)
		density = volume_of(s, in);
	uniform = number(in);
	width = number(in);
	kind = byte(in) % 3;
	if (kind == 0) {
		rc = radioembo_dvh_new(dose, labels, label, density, uniform, width, &a);
	} else if (kind == 1) {
		threads = threads_of(in);
		rc = radioembo_dvh_new_threads(dose, labels, label, density, uniform, width,
					       threads, &a);
	} else {
		bins = byte(in);
		bins = bins == 255 ? ((size_t)1 << 24) + 1 : bins == 254 ? 0 : 1 + bins % 64;
		rc = radioembo_dvh_new_binned(dose, labels, label, density, uniform, width, bins,
					      &a);
	}
	if (!out_handle(rc, &a))
		return;
	/*
	 * The exact DVH on one thread: the same statistics (the binned mean to rounding). The
	 * exact one may refuse a bin width that the binned one takes (too many bins up to the
	 * maximum dose).
	 */
	rc2 = radioembo_dvh_new(dose, labels, label, density, uniform, width, &b);
	if (out_handle(rc2, &b)) {
		same_dvh(a, b, kind != 2);
		radioembo_dvh_free(b);
	} else {
		CHECK(rc2 == RADIOEMBO_ENOMEM || (kind == 2 && rc2 == RADIOEMBO_EINVAL));
	}
	radioembo_dvh_free(s->dvh[k]);
	s->dvh[k] = a;
	s->binned[k] = kind == 2;
}

static void op_dvh_query(struct state *s, struct stream *in)
{
	unsigned i = slot(in);
	const radioembo_dvh *dvh = s->dvh[i];
	double min = SENTINEL_D, mean = SENTINEL_D, max = SENTINEL_D, x = SENTINEL_D,
	       y = SENTINEL_D, value, tolerance, dose[64], fraction[64];
	size_t count = SENTINEL_Z, bins = SENTINEL_Z, n, m;
	int rc;

	rc = radioembo_dvh_min_gy(dvh, &min);
	out_double(rc, &min);
	rc = radioembo_dvh_mean_gy(dvh, &mean);
	out_double(rc, &mean);
	rc = radioembo_dvh_max_gy(dvh, &max);
	out_double(rc, &max);
	out_size(radioembo_dvh_voxel_count(dvh, &count), &count);
	if (dvh == NULL)
		return;
	CHECK(count > 0);
	/* the mean is a weighted mean of the doses: within [min, max] to rounding */
	tolerance = 1e-12 * fmax(fabs(min), fabs(max));
	CHECK(min <= max && mean >= min - tolerance && mean <= max + tolerance);
	x = SENTINEL_D;
	/* >= 0: a voxel volume may round to 0 mL (see op_volume_geometry) */
	out_double(radioembo_dvh_volume_ml(dvh, &x), &x);
	CHECK(x >= 0);
	x = SENTINEL_D;
	out_double(radioembo_dvh_mass_kg(dvh, &x), &x);
	CHECK(x >= 0);

	switch (byte(in) % 5) {
	case 0:
		value = number(in);
		x = SENTINEL_D;
		rc = radioembo_dvh_dose_at_volume_gy(dvh, value, &x);
		out_double(rc, &x);
		if (rc == RADIOEMBO_OK)
			CHECK(x >= min && x <= max);
		/* Dx is non-increasing in x */
		x = y = SENTINEL_D;
		CHECK(radioembo_dvh_dose_at_volume_gy(dvh, 0.2, &x) == RADIOEMBO_OK);
		CHECK(radioembo_dvh_dose_at_volume_gy(dvh, 0.8, &y) == RADIOEMBO_OK);
		CHECK(x >= y);
		break;
	case 1:
		value = number(in);
		x = SENTINEL_D;
		rc = radioembo_dvh_volume_at_dose(dvh, value, &x);
		out_fraction(rc, &x);
		x = y = SENTINEL_D;
		if (min >= 0 && !s->binned[i]) { /* exact: 1 at the minimum, > 0 at the maximum */
			CHECK(radioembo_dvh_volume_at_dose(dvh, min, &x) == RADIOEMBO_OK);
			CHECK(radioembo_dvh_volume_at_dose(dvh, max, &y) == RADIOEMBO_OK);
			CHECK(x == 1.0 && y <= x && y > 0);
		}
		break;
	case 2:
		out_size(radioembo_dvh_bin_count(dvh, &bins), &bins);
		n = bins;
		m = byte(in) % 8 == 0 ? n + 1 : n; /* a wrong count, refused */
		if (m > COUNT_OF(dose))
			return;
		for (n = 0; n < m; n++)
			dose[n] = fraction[n] = SENTINEL_D;
		rc = radioembo_dvh_get_curve(dvh, dose, fraction, m);
		status(rc);
		for (n = 0; n < m; n++) {
			if (rc != RADIOEMBO_OK) {
				CHECK(same_bits(dose[n], SENTINEL_D));
				CHECK(same_bits(fraction[n], SENTINEL_D));
				continue;
			}
			CHECK(isfinite(dose[n]) && fraction[n] >= 0 && fraction[n] <= 1);
			if (n > 0)
				CHECK(dose[n] > dose[n - 1] && fraction[n] <= fraction[n - 1]);
		}
		break;
	case 3:
		value = number(in);
		x = SENTINEL_D;
		rc = radioembo_dvh_geud_gy(dvh, value, &x);
		out_double(rc, &x);
		break;
	default:
		value = number(in);
		x = SENTINEL_D;
		rc = radioembo_dvh_eud_survival_gy(dvh, value, &x);
		out_double(rc, &x);
	}
}

static void op_dvh_free(struct state *s, struct stream *in)
{
	unsigned i = slot(in);

	radioembo_dvh_free(s->dvh[i]);
	s->dvh[i] = NULL;
}

/* BED, EQD2, density from CT: volumes on the input's grid */
static void op_voxel_map(struct state *s, struct stream *in)
{
	const radioembo_volume *input = volume_of(s, in);
	radioembo_volume *a = SENTINEL_P;
	unsigned k = slot(in);
	double alpha_beta, repair, half_life;
	int rc;

	switch (byte(in) % 3) {
	case 0:
	case 1:
		alpha_beta = number(in);
		repair = number(in);
		half_life = number(in);
		if (byte(in) & 1)
			rc = radioembo_voxel_bed(input, alpha_beta, repair, half_life, &a);
		else
			rc = radioembo_voxel_eqd2(input, alpha_beta, repair, half_life, &a);
		break;
	default:
		rc = radioembo_voxel_density_from_ct(input, &a);
	}
	if (out_handle(rc, &a)) {
		output_volume(a, input);
		store_volume(s, k, a, 0);
	}
}

/* gamma, isodose Dice, mean agreement, EUBED, fraction outside, kernel density */
static void op_compare(struct state *s, struct stream *in)
{
	const radioembo_volume *a = volume_of(s, in), *b = volume_of(s, in), *c;
	radioembo_volume *gamma = SENTINEL_P;
	double x = SENTINEL_D, y = SENTINEL_D, z = SENTINEL_D, w = SENTINEL_D, p, q, r, t;
	unsigned k;
	int rc, label;

	switch (byte(in) % 6) {
	case 0:
		k = slot(in);
		p = number(in);
		q = number(in);
		r = number(in);
		rc = radioembo_voxel_gamma(a, b, p, q, r, &gamma, &x);
		out_handle(rc, &gamma);
		out_fraction(rc, &x);
		if (rc == RADIOEMBO_OK) {
			output_volume(gamma, a);
			store_volume(s, k, gamma, 0);
		}
		break;
	case 1:
		p = number(in);
		rc = radioembo_voxel_isodose_dice(a, b, p, &x);
		out_fraction(rc, &x);
		break;
	case 2:
		c = volume_of(s, in);
		label = label_of(in);
		rc = radioembo_voxel_mean_agreement(a, b, c, label, &x, &y, &z, &w);
		out_double(rc, &x);
		out_double(rc, &y);
		out_double(rc, &z);
		out_double(rc, &w);
		break;
	case 3:
		label = label_of(in);
		p = number(in);
		q = number(in);
		r = number(in);
		t = number(in);
		rc = radioembo_voxel_eubed_gy(a, b, label, p, q, r, t, &x);
		out_double(rc, &x);
		break;
	case 4:
		rc = radioembo_voxel_fraction_outside(a, b, &x);
		out_fraction(rc, &x);
		break;
	default:
		p = number(in);
		rc = radioembo_voxel_kernel_density_g_per_ml(a, byte(in) & 1 ? b : NULL, p, &x);
		out_double(rc, &x);
		if (rc == RADIOEMBO_OK)
			CHECK(x > 0 && x <= 25);
	}
}

static void op_dose_method(struct state *s, struct stream *in)
{
	radioembo_voxel_method method = (radioembo_voxel_method)SENTINEL_I;
	char reason[128];
	int nuclide = enumerator(in, 1, 2), requested = enumerator(in, 1, 2), rc;
	size_t n = byte(in) % 8 == 0 ? byte(in) % 16 : sizeof reason;

	(void)s;
	memset(reason, 'x', sizeof reason);
	rc = radioembo_voxel_dose_method((radioembo_nuclide)nuclide,
					 (radioembo_voxel_method)requested, &method, reason, n);
	status(rc);
	if (rc == RADIOEMBO_OK) {
		CHECK(method == RADIOEMBO_VOXEL_METHOD_LDM ||
		      method == RADIOEMBO_VOXEL_METHOD_KERNEL);
		CHECK(n == 0 || memchr(reason, '\0', n) != NULL);
	} else {
		CHECK((int)method == SENTINEL_I);
	}
}

typedef void (*operation)(struct state *, struct stream *);
static const operation operations[] = {
	op_volume_new, op_volume_voxels, op_volume_geometry, op_resample,    op_activity,
	op_dose_ldm,   op_kernel,	 op_dose_kernel,     op_dvh_new,     op_dvh_query,
	op_dvh_free,   op_voxel_map,	 op_compare,	     op_dose_method,
};
#define OP_COUNT COUNT_OF(operations)

static void free_all(struct state *s)
{
	unsigned i;

	for (i = 0; i < SLOTS; i++) {
		radioembo_dvh_free(s->dvh[i]);
		radioembo_kernel_free(s->kernel[i]);
		radioembo_volume_free(s->volume[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stream in = { data, size, 0 };
	struct state s;
	int steps;

	memset(&s, 0, sizeof s);
	for (steps = 0; steps < MAX_STEPS && more(&in); steps++) {
#ifdef FUZZ_API_TRACE
		fprintf(stderr, "operation %u at byte %zu\n",
			(unsigned)(in.data[in.position] % OP_COUNT), in.position);
#endif
		operations[byte(&in) % OP_COUNT](&s, &in);
	}
	free_all(&s);
	return 0;
}
