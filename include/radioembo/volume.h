/*
 * libradioembo - radioembolization planning and dosimetry
 * volume.h: a 3D image on a regular grid (activity, counts, density, dose, labels): float
 * voxels with anisotropic spacing in mm, placed in the patient by an origin and the
 * direction cosines of its axes.
 *
 * Layout: x varies fastest, index = x + nx * (y + ny * z); the same memory is a numpy array
 * of shape (nz, ny, nx) and an R array with dim c(nx, ny, nz).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_VOLUME_H
#define RADIOEMBO_VOLUME_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct radioembo_volume radioembo_volume;

/*
 * A zero-filled volume of nx * ny * nz voxels (each >= 1, at most 2^31 voxels in all) with
 * the given voxel spacing (> 0, <= 1000 mm) and origin (0, 0, 0) mm.
 */
RADIOEMBO_API int radioembo_volume_new(size_t nx, size_t ny, size_t nz, double spacing_x_mm,
				       double spacing_y_mm, double spacing_z_mm,
				       radioembo_volume **volume_out);
/* The same, holding a copy of data (n == nx * ny * nz finite values). */
RADIOEMBO_API int radioembo_volume_new_from_data(const float *data, size_t n, size_t nx,
						 size_t ny, size_t nz, double spacing_x_mm,
						 double spacing_y_mm, double spacing_z_mm,
						 radioembo_volume **volume_out);
RADIOEMBO_API int radioembo_volume_copy(const radioembo_volume *volume,
					radioembo_volume **copy_out);
RADIOEMBO_API void radioembo_volume_free(radioembo_volume *volume);

RADIOEMBO_API int radioembo_volume_get_dimensions(const radioembo_volume *volume,
						  size_t *nx_out, size_t *ny_out,
						  size_t *nz_out);
RADIOEMBO_API int radioembo_volume_get_spacing_mm(const radioembo_volume *volume,
						  double *x_mm_out, double *y_mm_out,
						  double *z_mm_out);
RADIOEMBO_API int radioembo_volume_get_origin_mm(const radioembo_volume *volume,
						 double *x_mm_out, double *y_mm_out,
						 double *z_mm_out);
RADIOEMBO_API int radioembo_volume_set_origin_mm(radioembo_volume *volume, double x_mm,
						 double y_mm, double z_mm);
RADIOEMBO_API int radioembo_volume_voxel_count(const radioembo_volume *volume,
					       size_t *count_out);
/* The volume of one voxel, mL (spacing x * y * z / 1000). */
RADIOEMBO_API int radioembo_volume_voxel_volume_ml(const radioembo_volume *volume,
						   double *volume_ml_out);

/*
 * The voxels themselves, borrowed (no copy): valid as long as the volume, voxel_count
 * floats in the layout above. NULL if volume is NULL. Writing through the mutable pointer
 * changes the volume; the library's functions never keep it.
 */
RADIOEMBO_API const float *radioembo_volume_data(const radioembo_volume *volume);
RADIOEMBO_API float *radioembo_volume_data_mutable(radioembo_volume *volume);
/* Copies of all voxels out of and into the volume (n must be the voxel count). */
RADIOEMBO_API int radioembo_volume_get_data(const radioembo_volume *volume, float *data_out,
					    size_t n);
RADIOEMBO_API int radioembo_volume_set_data(radioembo_volume *volume, const float *data,
					    size_t n);

RADIOEMBO_API int radioembo_volume_get_voxel(const radioembo_volume *volume, size_t x,
					     size_t y, size_t z, double *value_out);
RADIOEMBO_API int radioembo_volume_set_voxel(radioembo_volume *volume, size_t x, size_t y,
					     size_t z, double value);

/*
 * Geometry (since 1.4). Patient coordinates are DICOM's LPS in mm (x towards the patient's
 * left, y posterior, z superior); NIfTI's RAS has x and y negated. The centre of voxel
 * (i, j, k) lies at origin + i * spacing_x * d[0..2] + j * spacing_y * d[3..5]
 * + k * spacing_z * d[6..8], d the direction cosines: the unit vectors of the grid's x, y
 * and z axes (as DICOM's ImageOrientationPatient lists the row then the column direction).
 * A new volume has the origin (0, 0, 0) and d the identity. Operations that combine
 * volumes require the same grid (radioembo_volume_same_grid()) and fail naming what differs.
 *
 * cosines: n == 9 values, three unit vectors (length within 1e-4 of 1), mutually
 * orthogonal (cosine within 1e-4 of 0).
 */
RADIOEMBO_API int radioembo_volume_set_direction(radioembo_volume *volume, const double *cosines,
						 size_t n);
RADIOEMBO_API int radioembo_volume_get_direction(const radioembo_volume *volume,
						 double *cosines_out, size_t n);
/*
 * The 4 x 4 matrix (n == 16, row by row) taking (i, j, k, 1) to LPS mm: columns 0 to 2 are
 * spacing times direction, column 3 the origin, the last row 0 0 0 1. Setting it sets the
 * spacing (column lengths, within (0, 1000] mm), direction and origin at once.
 */
RADIOEMBO_API int radioembo_volume_set_affine_mm(radioembo_volume *volume, const double *affine,
						 size_t n);
RADIOEMBO_API int radioembo_volume_get_affine_mm(const radioembo_volume *volume, double *affine_out,
						 size_t n);
/*
 * *same_out = 1 when a and b share a grid: equal dimensions, spacing within 1e-4
 * relative, every direction cosine within 1e-4, origins within 1 % of a's smallest
 * spacing; else 0, and difference_out (difference_size bytes, truncated, nothing when 0)
 * says in words what differs ("x axis flipped; origin differs by 150 mm").
 */
RADIOEMBO_API int radioembo_volume_same_grid(const radioembo_volume *a, const radioembo_volume *b,
					     int *same_out, char *difference_out,
					     size_t difference_size);

/* How radioembo_volume_resample() takes values from the source (since 1.4). */
typedef enum {
	RADIOEMBO_VOLUME_RESAMPLE_LINEAR = 0,  /* trilinear: intensities, density, HU */
	RADIOEMBO_VOLUME_RESAMPLE_NEAREST = 1, /* the containing voxel: labels, masks */
	RADIOEMBO_VOLUME_RESAMPLE_ACTIVITY = 2 /* amounts per voxel, the total conserved */
} radioembo_volume_resampling;

/*
 * A new volume on grid's grid (dimensions, spacing, direction, origin; its voxels unused)
 * holding source's values, mapped through patient coordinates. LINEAR and NEAREST sample at
 * each voxel centre, outside_value (a finite float) where the centre lies more than half a
 * voxel outside source; ACTIVITY shares each source voxel among the voxels it overlaps in
 * proportion to the overlap (exactly when every axis of source is parallel to one of
 * grid's; otherwise by sub-voxels no wider than grid's smallest spacing, at most 16 per
 * axis), so the total is conserved (to float rounding) when grid covers source; it
 * ignores outside_value. Every voxel of source must be finite.
 */
RADIOEMBO_API int radioembo_volume_resample(const radioembo_volume *source,
					    const radioembo_volume *grid,
					    radioembo_volume_resampling mode, double outside_value,
					    radioembo_volume **resampled_out);
/*
 * The same on up to threads threads (1 to 1024), started for the call and joined before it
 * returns; the result is the same, bit for bit, on any thread count.
 */
RADIOEMBO_API int radioembo_volume_resample_threads(const radioembo_volume *source,
						    const radioembo_volume *grid,
						    radioembo_volume_resampling mode,
						    double outside_value, size_t threads,
						    radioembo_volume **resampled_out);

/* Sum of every voxel, accumulated in double precision. */
RADIOEMBO_API int radioembo_volume_sum(const radioembo_volume *volume, double *sum_out);
/* target += scale * addend, voxel by voxel; both on the same grid (see above). */
RADIOEMBO_API int radioembo_volume_accumulate(radioembo_volume *target,
					      const radioembo_volume *addend, double scale);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_VOLUME_H */
