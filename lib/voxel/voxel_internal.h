/*
 * Voxel dosimetry internals shared by the voxel modules (volume.c, kernel.c, dpk_y90.c,
 * convolution.c, activity.c, dose.c and the DVH's): the kernel's layout and the
 * convolution. Never installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_VOXEL_INTERNAL_H
#define RADIOEMBO_VOXEL_INTERNAL_H

#include <stddef.h>

#include "core/internal.h"

/*
 * A dose-voxel kernel: energy (MeV per decay) deposited in the voxel at offset (dx, dy, dz)
 * from a decaying voxel, for |dx| <= r[0], |dy| <= r[1], |dz| <= r[2]; stored like a volume
 * (x fastest) with the source voxel at the centre:
 *   values[(dx + r0) + n0 * ((dy + r1) + n1 * (dz + r2))],  n_i = 2 r_i + 1.
 * Symmetric under every sign flip of an offset (built that way), which the FFT relies on.
 */
struct radioembo_kernel {
	size_t r[3], n[3], count;
	double spacing_mm[3];
	double truncation_radius_mm;
	double density_g_per_ml; /* the medium the point kernel was range-scaled to (water: 1) */
	double energy_mev;	 /* sum of values */
	double *values;
};

/* The built-in Y-90 point kernel (dpk_y90.c): its row count, then its rows in mm, MeV. */
size_t radioembo__dpk_y90_rows(void);
void radioembo__dpk_y90(double *outer_radius_mm, double *energy_mev);

/*
 * A volume (volume.c; its geometry in geometry.c). Patient coordinates are DICOM's LPS
 * (x to the patient's left, y posterior, z superior), in mm: the centre of voxel (i, j, k)
 * lies at origin + i sx d[0..2] + j sy d[3..5] + k sz d[6..8], d the direction cosines of
 * the grid's x, y and z axes (unit vectors, mutually orthogonal).
 */
struct radioembo_volume {
	size_t nx, ny, nz, count;
	double spacing_mm[3], origin_mm[3], direction[9];
	float *data;
};

/* The volume's layout, for the voxel modules (volume.c). */
void radioembo__volume_shape(const radioembo_volume *volume, size_t n_out[3],
			     double spacing_mm_out[3]);

/* Advice (Linux) to back a large fresh block with huge pages: fewer page faults. */
void radioembo__advise_huge_pages(void *block, size_t bytes);

/* A new zero volume with the grid and origin of like (activity.c). */
int radioembo__voxel_new_like(const radioembo_volume *like, radioembo_volume **out);
/* EINVAL naming the first voxel of name that is not finite. */
int radioembo__voxel_require_finite(const char *name, const radioembo_volume *volume);
/* ERANGE, freeing map, when a voxel of a new map is not finite (a float overflow). */
int radioembo__voxel_require_representable(const char *what, radioembo_volume *map);

/*
 * out[v] = sum over offsets o of kernel(o) * in[v - o], v over the n[0] x n[1] x n[2] grid,
 * in taken as 0 outside it (energy leaving the image is lost). method is FFT or DIRECT
 * (AUTO resolved by the caller with radioembo__convolution_choose), on up to threads
 * threads (checked by the caller); the result is the same for any thread count. Returns 0,
 * ENOMEM or EINTERNAL (an FFTW plan that could not be made), with out untouched on failure.
 */
int radioembo__convolve(const float *in, const size_t n[3], const radioembo_kernel *kernel,
			radioembo_convolution method, size_t threads, float *out);
/* The faster of FFT and DIRECT for these sizes, by a measured cost model (convolution.c). */
radioembo_convolution radioembo__convolution_choose(const size_t n[3],
						    const radioembo_kernel *kernel);
/*
 * The FFT convolution by blocks (convolution_fft.c), with the contract of radioembo__convolve,
 * and its estimated time (ns, HUGE_VAL when the grid is too large) for the choice. lengths:
 * NULL for the blocks of least estimated time, or the blocks' FFT lengths per axis (powers
 * of two, each > twice the kernel's radius: for tests).
 */
int radioembo__convolve_fft(const float *in, const size_t n[3], const radioembo_kernel *kernel,
			    const size_t lengths[3], size_t threads, float *out);
double radioembo__convolution_fft_cost(const size_t n[3], const radioembo_kernel *kernel);

/*
 * The density a kernel for this activity must be built for (dose.c): the uniform density, or
 * the activity-weighted mean of the density map (the map's plain mean when no voxel holds
 * positive activity). The arguments are valid (the caller checked them).
 */
double radioembo__voxel_kernel_density(const radioembo_volume *activity,
				       const radioembo_volume *density, double uniform);

/*
 * EINVAL unless two volumes share a grid (dimensions, spacing, direction, origin within
 * the tolerances of geometry.c), naming both and what differs (geometry.c).
 */
int radioembo__volume_require_same_grid(const radioembo_volume *a, const char *a_name,
					const radioembo_volume *b, const char *b_name);
/* Sets the direction cosines of volume to the identity (axes along LPS x, y, z). */
void radioembo__volume_axis_aligned(radioembo_volume *volume);
/* Copies origin and direction cosines of from to to (spacing and dimensions stay). */
void radioembo__volume_copy_geometry(radioembo_volume *to, const radioembo_volume *from);
/* The LPS position (mm) of continuous voxel index (i, j, k) of volume. */
void radioembo__volume_index_to_patient(const radioembo_volume *volume, const double index[3],
					double patient_mm_out[3]);
/* The continuous voxel index of LPS position p (mm): the inverse of the above. */
void radioembo__volume_patient_to_index(const radioembo_volume *volume, const double p_mm[3],
					double index_out[3]);

#endif /* RADIOEMBO_VOXEL_INTERNAL_H */
