/*
 * Volumes: 3D float images on a regular grid, x fastest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _DEFAULT_SOURCE /* madvise() on Linux */

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "voxel/voxel_internal.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

/* 2^31 voxels (8 GiB of floats): beyond any SPECT, PET or CT of a patient. */
#define MAX_VOXELS (UINT64_C(1) << 31)
#define MAX_SPACING_MM 1000.0

/* Transparent huge pages are 2 MiB on x86-64 and most arm64 kernels. */
#define HUGE_PAGE_BYTES ((uintptr_t)2 << 20)

/*
 * Advice to back the 2 MiB-aligned interior of a large fresh block with transparent huge
 * pages (Linux madvise(MADV_HUGEPAGE); nothing elsewhere, and a refusal is ignored: it is
 * only advice). Page faults dominate the first sweep over a fresh 64 MiB volume on 4 KiB
 * pages (bench/README: about 0.28 s of CPU for a malloc + memcpy of 64 MiB, 0.04 s
 * with huge pages), so volumes, FFT buffers and the DVH's
 * sorted doses take the advice, as numpy's allocator does for its arrays.
 */
void radioembo__advise_huge_pages(void *block, size_t bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
	uintptr_t start = ((uintptr_t)block + HUGE_PAGE_BYTES - 1) & ~(HUGE_PAGE_BYTES - 1);
	uintptr_t end = ((uintptr_t)block + bytes) & ~(HUGE_PAGE_BYTES - 1);

	if (block != NULL && bytes >= 4 * HUGE_PAGE_BYTES && end > start)
		(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
	(void)block;
	(void)bytes;
#endif
}

static int require_dimensions(size_t nx, size_t ny, size_t nz, size_t *count_out)
{
	if (nx == 0 || ny == 0 || nz == 0)
		return radioembo__fail(RADIOEMBO_EINVAL,
				       nx == 0	 ? "nx"
				       : ny == 0 ? "ny"
						 : "nz",
				       "nx, ny and nz must be >= 1, got %zu x %zu x %zu", nx, ny,
				       nz);
	if (nx > MAX_VOXELS || ny > MAX_VOXELS / nx || nz > MAX_VOXELS / (nx * ny))
		return radioembo__fail(
			RADIOEMBO_EINVAL, "nx",
			"nx * ny * nz must be at most 2^31 voxels, got %zu x %zu x %zu", nx, ny,
			nz);
	*count_out = nx * ny * nz;
	return RADIOEMBO_OK;
}

static int require_spacing(double x_mm, double y_mm, double z_mm)
{
	int rc;

	if ((rc = radioembo__require_within("spacing_x_mm", x_mm, 0.0, MAX_SPACING_MM)) ||
	    (rc = radioembo__require_within("spacing_y_mm", y_mm, 0.0, MAX_SPACING_MM)) ||
	    (rc = radioembo__require_within("spacing_z_mm", z_mm, 0.0, MAX_SPACING_MM)))
		return rc;
	if (!(x_mm > 0.0 && y_mm > 0.0 && z_mm > 0.0))
		return radioembo__fail(RADIOEMBO_EINVAL,
				       !(x_mm > 0.0)   ? "spacing_x_mm"
				       : !(y_mm > 0.0) ? "spacing_y_mm"
						       : "spacing_z_mm",
				       "spacing must be > 0 mm in every axis, got %g x %g x %g",
				       x_mm, y_mm, z_mm);
	return RADIOEMBO_OK;
}

/* Every value finite: images with NaN or Inf voxels are rejected, naming the first. */
static int require_finite_data(const float *data, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isfinite(data[i]))
			return radioembo__fail(RADIOEMBO_EINVAL, "data",
					       "data[%zu] must be finite, got %g", i,
					       (double)data[i]);
	return RADIOEMBO_OK;
}

int radioembo_volume_new(size_t nx, size_t ny, size_t nz, double spacing_x_mm,
			 double spacing_y_mm, double spacing_z_mm, radioembo_volume **volume_out)
{
	radioembo_volume *volume;
	size_t count;
	int rc;

	if ((rc = require_dimensions(nx, ny, nz, &count)) ||
	    (rc = require_spacing(spacing_x_mm, spacing_y_mm, spacing_z_mm)) ||
	    (rc = radioembo__require_pointer("volume_out", volume_out)))
		return rc;
	/* 8 GiB of floats cannot be addressed where size_t has 32 bits */
	if (count > SIZE_MAX / sizeof *volume->data)
		return radioembo__fail(RADIOEMBO_ENOMEM, NULL,
				       "%zu voxels do not fit in this address space", count);
	if ((volume = radioembo__allocate(sizeof *volume, "a volume")) == NULL)
		return RADIOEMBO_ENOMEM;
	if ((volume->data = radioembo__allocate(count * sizeof *volume->data, "voxels")) == NULL) {
		free(volume);
		return RADIOEMBO_ENOMEM;
	}
	radioembo__advise_huge_pages(volume->data, count * sizeof *volume->data);
	volume->nx = nx;
	volume->ny = ny;
	volume->nz = nz;
	volume->count = count;
	volume->spacing_mm[0] = spacing_x_mm;
	volume->spacing_mm[1] = spacing_y_mm;
	volume->spacing_mm[2] = spacing_z_mm;
	volume->origin_mm[0] = volume->origin_mm[1] = volume->origin_mm[2] = 0.0;
	radioembo__volume_axis_aligned(volume);
	*volume_out = volume;
	return RADIOEMBO_OK;
}

int radioembo_volume_new_from_data(const float *data, size_t n, size_t nx, size_t ny,
				   size_t nz, double spacing_x_mm, double spacing_y_mm,
				   double spacing_z_mm, radioembo_volume **volume_out)
{
	size_t count;
	int rc;

	if ((rc = radioembo__require_pointer("data", data)) ||
	    (rc = require_dimensions(nx, ny, nz, &count)))
		return rc;
	if (n != count)
		return radioembo__fail(RADIOEMBO_EINVAL, "n",
				       "n must be nx * ny * nz = %zu, got %zu", count, n);
	if ((rc = require_finite_data(data, n)) ||
	    (rc = radioembo_volume_new(nx, ny, nz, spacing_x_mm, spacing_y_mm, spacing_z_mm,
				       volume_out)))
		return rc;
	memcpy((*volume_out)->data, data, n * sizeof *data);
	return RADIOEMBO_OK;
}

int radioembo_volume_copy(const radioembo_volume *volume, radioembo_volume **copy_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("volume", volume)) ||
	    (rc = radioembo__require_pointer("copy_out", copy_out)) ||
	    (rc = radioembo_volume_new_from_data(volume->data, volume->count, volume->nx,
						 volume->ny, volume->nz, volume->spacing_mm[0],
						 volume->spacing_mm[1], volume->spacing_mm[2],
						 copy_out)))
		return rc;
	radioembo__volume_copy_geometry(*copy_out, volume);
	return RADIOEMBO_OK;
}

void radioembo_volume_free(radioembo_volume *volume)
{
	if (volume == NULL)
		return;
	free(volume->data);
	free(volume);
}

/* Copies three doubles out of a volume: the shape of every triple getter. */
static int get_triple(const radioembo_volume *volume, const double *values, double *x_out,
		      double *y_out, double *z_out, const char *x_name, const char *y_name,
		      const char *z_name)
{
	int rc;

	if ((rc = radioembo__require_pointer("volume", volume)) ||
	    (rc = radioembo__require_pointer(x_name, x_out)) ||
	    (rc = radioembo__require_pointer(y_name, y_out)) ||
	    (rc = radioembo__require_pointer(z_name, z_out)))
		return rc;
	*x_out = values[0];
	*y_out = values[1];
	*z_out = values[2];
	return RADIOEMBO_OK;
}

int radioembo_volume_get_dimensions(const radioembo_volume *volume, size_t *nx_out,
				    size_t *ny_out, size_t *nz_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("volume", volume)) ||
	    (rc = radioembo__require_pointer("nx_out", nx_out)) ||
	    (rc = radioembo__require_pointer("ny_out", ny_out)) ||
	    (rc = radioembo__require_pointer("nz_out", nz_out)))
		return rc;
	*nx_out = volume->nx;
	*ny_out = volume->ny;
	*nz_out = volume->nz;
	return RADIOEMBO_OK;
}

int radioembo_volume_get_spacing_mm(const radioembo_volume *volume, double *x_mm_out,
				    double *y_mm_out, double *z_mm_out)
{
	return get_triple(volume, volume ? volume->spacing_mm : NULL, x_mm_out, y_mm_out,
			  z_mm_out, "x_mm_out", "y_mm_out", "z_mm_out");
}

int radioembo_volume_get_origin_mm(const radioembo_volume *volume, double *x_mm_out,
				   double *y_mm_out, double *z_mm_out)
{
	return get_triple(volume, volume ? volume->origin_mm : NULL, x_mm_out, y_mm_out,
			  z_mm_out, "x_mm_out", "y_mm_out", "z_mm_out");
}

int radioembo_volume_set_origin_mm(radioembo_volume *volume, double x_mm, double y_mm,
				   double z_mm)
{
	int rc;

	if ((rc = radioembo__require_pointer("volume", volume)) ||
	    (rc = radioembo__require_finite("x_mm", x_mm)) ||
	    (rc = radioembo__require_finite("y_mm", y_mm)) ||
	    (rc = radioembo__require_finite("z_mm", z_mm)))
		return rc;
	volume->origin_mm[0] = x_mm;
	volume->origin_mm[1] = y_mm;
	volume->origin_mm[2] = z_mm;
	return RADIOEMBO_OK;
}

int radioembo_volume_voxel_count(const radioembo_volume *volume, size_t *count_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("volume", volume)) ||
	    (rc = radioembo__require_pointer("count_out", count_out)))
		return rc;
	*count_out = volume->count;
	return RADIOEMBO_OK;
}

int radioembo_volume_voxel_volume_ml(const radioembo_volume *volume, double *volume_ml_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("volume", volume)) ||
	    (rc = radioembo__require_pointer("volume_ml_out", volume_ml_out)))
		return rc;
	/* mm^3 -> mL */
	*volume_ml_out =
		volume->spacing_mm[0] * volume->spacing_mm[1] * volume->spacing_mm[2] / 1000.0;
	return RADIOEMBO_OK;
}

const float *radioembo_volume_data(const radioembo_volume *volume)
{
	return volume != NULL ? volume->data : NULL;
}

float *radioembo_volume_data_mutable(radioembo_volume *volume)
{
	return volume != NULL ? volume->data : NULL;
}

static int require_count(const radioembo_volume *volume, size_t n)
{
	if (n != volume->count)
		return radioembo__fail(RADIOEMBO_EINVAL, "n",
				       "n must be the voxel count %zu, got %zu", volume->count, n);
	return RADIOEMBO_OK;
}

int radioembo_volume_get_data(const radioembo_volume *volume, float *data_out, size_t n)
{
	int rc;

	if ((rc = radioembo__require_pointer("volume", volume)) ||
	    (rc = radioembo__require_pointer("data_out", data_out)) ||
	    (rc = require_count(volume, n)))
		return rc;
	memcpy(data_out, volume->data, n * sizeof *data_out);
	return RADIOEMBO_OK;
}

int radioembo_volume_set_data(radioembo_volume *volume, const float *data, size_t n)
{
	int rc;

	if ((rc = radioembo__require_pointer("volume", volume)) ||
	    (rc = radioembo__require_pointer("data", data)) || (rc = require_count(volume, n)) ||
	    (rc = require_finite_data(data, n)))
		return rc;
	memcpy(volume->data, data, n * sizeof *data);
	return RADIOEMBO_OK;
}

/* The index of voxel (x, y, z): EINVAL naming the first coordinate out of range. */
static int voxel_index(const radioembo_volume *volume, size_t x, size_t y, size_t z,
		       size_t *index_out)
{
	if (x >= volume->nx || y >= volume->ny || z >= volume->nz)
		return radioembo__fail(RADIOEMBO_EINVAL,
				       x >= volume->nx	 ? "x"
				       : y >= volume->ny ? "y"
							 : "z",
				       "%s must be below %zu, got %zu",
				       x >= volume->nx	 ? "x"
				       : y >= volume->ny ? "y"
							 : "z",
				       x >= volume->nx	 ? volume->nx
				       : y >= volume->ny ? volume->ny
							 : volume->nz,
				       x >= volume->nx	 ? x
				       : y >= volume->ny ? y
							 : z);
	*index_out = x + volume->nx * (y + volume->ny * z);
	return RADIOEMBO_OK;
}

int radioembo_volume_get_voxel(const radioembo_volume *volume, size_t x, size_t y, size_t z,
			       double *value_out)
{
	size_t index;
	int rc;

	if ((rc = radioembo__require_pointer("volume", volume)) ||
	    (rc = voxel_index(volume, x, y, z, &index)) ||
	    (rc = radioembo__require_pointer("value_out", value_out)))
		return rc;
	*value_out = volume->data[index];
	return RADIOEMBO_OK;
}

int radioembo_volume_set_voxel(radioembo_volume *volume, size_t x, size_t y, size_t z,
			       double value)
{
	size_t index;
	int rc;

	if ((rc = radioembo__require_pointer("volume", volume)) ||
	    (rc = voxel_index(volume, x, y, z, &index)) ||
	    (rc = radioembo__require_within("value", value, -(double)FLT_MAX, (double)FLT_MAX)))
		return rc;
	volume->data[index] = (float)value;
	return RADIOEMBO_OK;
}

int radioembo_volume_sum(const radioembo_volume *volume, double *sum_out)
{
	double sum = 0.0;
	size_t i;
	int rc;

	if ((rc = radioembo__require_pointer("volume", volume)) ||
	    (rc = radioembo__require_pointer("sum_out", sum_out)))
		return rc;
	for (i = 0; i < volume->count; i++)
		sum += volume->data[i];
	*sum_out = sum;
	return RADIOEMBO_OK;
}

int radioembo_volume_accumulate(radioembo_volume *target, const radioembo_volume *addend,
				double scale)
{
	size_t i;
	int rc;

	if ((rc = radioembo__require_pointer("target", target)) ||
	    (rc = radioembo__require_pointer("addend", addend)) ||
	    (rc = radioembo__require_finite("scale", scale)) ||
	    (rc = radioembo__volume_require_same_grid(target, "target", addend, "addend")))
		return rc;
	/* all sums checked first, so that an overflow leaves target as it was */
	for (i = 0; i < target->count; i++)
		if (!isfinite((float)(target->data[i] + scale * addend->data[i])))
			return radioembo__fail(
				RADIOEMBO_ERANGE, "target",
				"target[%zu] + scale * addend[%zu] overflows a float", i, i);
	for (i = 0; i < target->count; i++)
		target->data[i] = (float)(target->data[i] + scale * addend->data[i]);
	return RADIOEMBO_OK;
}

void radioembo__volume_shape(const radioembo_volume *volume, size_t n_out[3],
			     double spacing_mm_out[3])
{
	n_out[0] = volume->nx;
	n_out[1] = volume->ny;
	n_out[2] = volume->nz;
	memcpy(spacing_mm_out, volume->spacing_mm, sizeof volume->spacing_mm);
}
