/*
 * Voxel dose (radioembo-sources(7) VOXEL; radioembo_voxel(3)):
 *   LDM:    D_v = DF * A_v / (rho_v V_voxel / 1000)       [Gy = J/GBq * GBq / kg]
 *   kernel: D_v = sum_o K(o) N_(v-o) * 1.602176634e-13 J/MeV / (rho_v V_voxel / 1000),
 *           N = A [GBq] * 1e9 * 3600 * T_h / ln 2 decays (complete decay, no clearance),
 *           K range-scaled to the tissue's density: the uniform one, or the activity-weighted
 *           mean of a density map (the decays' surroundings); rho_v gives each voxel's mass
 *   BED:    radioembo_bed_gy() voxel by voxel (Dale 1985; BED is not linear in dose), a
 *           negative voxel dose (noise of a signed activity image) taken as 0 Gy.
 *   EQD2:   EQD2_v = BED_v / (1 + 2 / (alpha/beta)), radioembo_eqd2_gy() on the BED map.
 * Ho-166 has no kernel in the library: its voxel doses use the LDM.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "voxel/voxel_internal.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define JOULE_PER_MEV 1.602176634e-13 /* exact, SI 2019 */
/* A kernel fits an image when their spacings agree to this (NIfTI stores float spacing). */
#define SPACING_TOLERANCE 1e-6
/*
 * ... and the tissue when its density is the kernel's to this fraction: a kernel range-scaled
 * to a density off by a fraction f gives a self dose off by about f (4 % for a water kernel
 * in 1.04 g/mL tissue).
 */
#define DENSITY_TOLERANCE 0.01

/*
 * The density of every voxel: either a map on the activity's grid whose voxels are all
 * tissue densities, or (map NULL) the uniform density.
 */
static int require_density(const radioembo_volume *activity,
			   const radioembo_volume *density, double uniform)
{
	const float *rho;
	size_t count, i;
	int rc;

	if (density == NULL)
		return radioembo__require_tissue_density("uniform_density_g_per_ml", uniform);
	if ((rc = radioembo__volume_require_same_grid(activity, "activity_gbq", density,
						      "density_g_per_ml")))
		return rc;
	rho = radioembo_volume_data(density);
	radioembo_volume_voxel_count(density, &count);
	for (i = 0; i < count; i++)
		if (!(rho[i] > 0.0f && rho[i] <= RADIOEMBO__DENSITY_MAX_G_PER_ML))
			return radioembo__fail(RADIOEMBO_EINVAL, "density_g_per_ml",
					       "density_g_per_ml voxel %zu must be within (0, 25] "
					       "g/mL, got %g",
					       i, (double)rho[i]);
	return RADIOEMBO_OK;
}

/* Whether a float is NaN or infinite, by its exponent bits (vectorizes, unlike a branch). */
static unsigned not_finite(float value)
{
	uint32_t bits;

	memcpy(&bits, &value, sizeof bits);
	return (bits & 0x7F800000u) == 0x7F800000u;
}

/*
 * to[i] = (float)(from[i] * scale) in double, i < count (to may be from); returns whether one
 * is not finite. With SSE2 four voxels at a time, the same double products rounded to float
 * (gcc -O2 leaves the plain loop scalar): the LDM then costs little more than a copy, and the
 * kernel dose's scaling little more than a sweep (bench/README). A non-finite result shows as
 * an all-ones exponent.
 */
static unsigned scale_floats(const float *from, float *to, size_t count, double scale)
{
	unsigned bad = 0;
	size_t i = 0;

#if defined(__SSE2__)
	const __m128d s = _mm_set1_pd(scale);
	const __m128i exponent = _mm_set1_epi32(0x7F800000);
	__m128i any = _mm_setzero_si128();

	for (; i + 4 <= count; i += 4) {
		__m128 v = _mm_loadu_ps(from + i);
		__m128 low = _mm_cvtpd_ps(_mm_mul_pd(_mm_cvtps_pd(v), s));
		__m128 high = _mm_cvtpd_ps(_mm_mul_pd(_mm_cvtps_pd(_mm_movehl_ps(v, v)), s));
		__m128 r = _mm_movelh_ps(low, high);

		_mm_storeu_ps(to + i, r);
		any = _mm_or_si128(
			any,
			_mm_cmpeq_epi32(_mm_and_si128(_mm_castps_si128(r), exponent), exponent));
	}
	bad = _mm_movemask_epi8(any) != 0;
#endif
	for (; i < count; i++) {
		to[i] = (float)((double)from[i] * scale);
		bad |= not_finite(to[i]);
	}
	return bad;
}

/* dose[v] = energy[v] * factor / rho_v over a share of the voxels, noting a non-finite one. */
struct division {
	float *d;
	const float *rho;
	double uniform, factor;
	size_t count, threads;
	unsigned bad[RADIOEMBO__THREADS_MAX];
};

static void divide_share(void *context, size_t share)
{
	struct division *job = context;
	float *d = job->d;
	const float *rho = job->rho;
	unsigned bad = 0;
	size_t i, end;

	radioembo__share_range(job->count, job->threads, share, &i, &end);
	if (rho == NULL) {
		bad = scale_floats(d + i, d + i, end - i, job->factor / job->uniform);
	} else {
		for (; i < end; i++) {
			d[i] = (float)((double)d[i] * job->factor / (double)rho[i]);
			bad |= not_finite(d[i]);
		}
	}
	job->bad[share] = bad;
}

/*
 * dose[v] = energy[v] * factor / rho_v, in place, on threads threads (each voxel the same
 * operations on any count), then every voxel a finite float (ERANGE naming the first that
 * is not, the map freed).
 */
static int divide_by_density(radioembo_volume *dose, const radioembo_volume *density,
			     double uniform, double factor, size_t threads)
{
	struct division *job = radioembo__allocate(sizeof *job, "a dose map");
	unsigned bad = 0;
	size_t i;

	if (job == NULL) {
		radioembo_volume_free(dose);
		return RADIOEMBO_ENOMEM;
	}
	job->d = radioembo_volume_data_mutable(dose);
	job->rho = density ? radioembo_volume_data(density) : NULL;
	job->uniform = uniform;
	job->factor = factor;
	radioembo_volume_voxel_count(dose, &job->count);
	job->threads = threads < job->count ? threads : job->count;
	radioembo__parallel(job->threads, divide_share, job);
	for (i = 0; i < job->threads; i++)
		bad |= job->bad[i];
	free(job);
	if (bad)
		return radioembo__voxel_require_representable("dose", dose);
	return RADIOEMBO_OK;
}

/* The LDM over a share of the voxels, noting a non-finite dose (ldm_sweep). */
struct ldm {
	const float *a, *rho;
	double uniform, factor;
	size_t count, threads;
	float *d;
	unsigned bad[RADIOEMBO__THREADS_MAX];
};

static void ldm_share(void *context, size_t share)
{
	struct ldm *job = context;
	const float *a = job->a, *rho = job->rho;
	float *d = job->d;
	unsigned bad = 0;
	size_t i, end;

	radioembo__share_range(job->count, job->threads, share, &i, &end);
	if (rho == NULL) {
		bad = scale_floats(a + i, d + i, end - i, job->factor / job->uniform);
	} else {
		for (; i < end; i++) {
			/* a density outside (0, 25] g/mL (or NaN) poisons the dose with NaN */
			double r = rho[i] > 0.0f && rho[i] <= RADIOEMBO__DENSITY_MAX_G_PER_ML
					   ? (double)rho[i]
					   : NAN;

			d[i] = (float)((double)a[i] * job->factor / r);
			bad |= not_finite(d[i]);
		}
	}
	job->bad[share] = bad;
}

/*
 * The LDM in one sweep over the activity (and density) into the new dose map, on threads
 * threads each taking a contiguous share of the voxels (each voxel the same operations on
 * any count): the activity's finiteness, the densities and the dose's representability are
 * all read off the results of that sweep; only on a failure is a second sweep made, to name
 * the first offending voxel in the order the checks are documented (activity, density,
 * dose).
 */
static int ldm_sweep(const float *a, const float *rho, double uniform, double factor, size_t count,
		     size_t threads, float *d)
{
	struct ldm *job = radioembo__allocate(sizeof *job, "a dose map");
	unsigned bad = 0;
	size_t i;

	if (job == NULL)
		return RADIOEMBO_ENOMEM;
	job->a = a;
	job->rho = rho;
	job->uniform = uniform;
	job->factor = factor;
	job->count = count;
	job->d = d;
	job->threads = threads < count ? threads : count;
	radioembo__parallel(job->threads, ldm_share, job);
	for (i = 0; i < job->threads; i++)
		bad |= job->bad[i];
	free(job);
	if (!bad)
		return RADIOEMBO_OK;
	for (i = 0; i < count; i++)
		if (not_finite(a[i]))
			return radioembo__fail(RADIOEMBO_EINVAL, "activity_gbq",
					       "activity_gbq voxel %zu must be finite, got %g", i,
					       (double)a[i]);
	for (i = 0; rho != NULL && i < count; i++)
		if (!(rho[i] > 0.0f && rho[i] <= RADIOEMBO__DENSITY_MAX_G_PER_ML))
			return radioembo__fail(RADIOEMBO_EINVAL, "density_g_per_ml",
					       "density_g_per_ml voxel %zu must be within (0, 25] "
					       "g/mL, got %g",
					       i, (double)rho[i]);
	for (i = 0; i < count; i++)
		if (not_finite(d[i]))
			break;
	return radioembo__fail(RADIOEMBO_ERANGE, "dose",
			       "dose voxel %zu is not representable as a float", i);
}

int radioembo_voxel_dose_ldm(const radioembo_volume *activity_gbq,
			     const radioembo_volume *density_g_per_ml,
			     double uniform_density_g_per_ml, double dose_factor,
			     radioembo_volume **dose_gy_out)
{
	return radioembo_voxel_dose_ldm_threads(activity_gbq, density_g_per_ml,
						uniform_density_g_per_ml, dose_factor, 1,
						dose_gy_out);
}

int radioembo_voxel_dose_ldm_threads(const radioembo_volume *activity_gbq,
				     const radioembo_volume *density_g_per_ml,
				     double uniform_density_g_per_ml, double dose_factor,
				     size_t threads, radioembo_volume **dose_gy_out)
{
	radioembo_volume *dose;
	double voxel_ml;
	size_t count;
	int rc;

	if ((rc = radioembo__require_pointer("activity_gbq", activity_gbq)))
		return rc;
	if (density_g_per_ml == NULL) {
		if ((rc = radioembo__require_tissue_density("uniform_density_g_per_ml",
							    uniform_density_g_per_ml)))
			return rc;
	} else if ((rc = radioembo__volume_require_same_grid(activity_gbq, "activity_gbq",
							     density_g_per_ml,
							     "density_g_per_ml"))) {
		return rc;
	}
	if ((rc = radioembo__require_positive("dose_factor", dose_factor)) ||
	    (rc = radioembo__require_threads("threads", threads)) ||
	    (rc = radioembo__require_pointer("dose_gy_out", dose_gy_out)) ||
	    (rc = radioembo__voxel_new_like(activity_gbq, &dose)))
		return rc;
	radioembo_volume_voxel_volume_ml(activity_gbq, &voxel_ml);
	radioembo_volume_voxel_count(dose, &count);
	/* J/GBq * GBq / (g/mL * mL / 1000 g/kg) = Gy */
	if ((rc = ldm_sweep(radioembo_volume_data(activity_gbq),
			    radioembo_volume_data(density_g_per_ml), uniform_density_g_per_ml,
			    dose_factor * 1000.0 / voxel_ml, count, threads,
			    radioembo_volume_data_mutable(dose)))) {
		radioembo_volume_free(dose);
		return rc;
	}
	*dose_gy_out = dose;
	return RADIOEMBO_OK;
}

double radioembo__voxel_kernel_density(const radioembo_volume *activity,
				       const radioembo_volume *density, double uniform)
{
	const float *a, *rho;
	double weighted = 0.0, weight = 0.0, plain = 0.0;
	size_t count, i;

	if (density == NULL)
		return uniform;
	a = radioembo_volume_data(activity);
	rho = radioembo_volume_data(density);
	radioembo_volume_voxel_count(density, &count);
	for (i = 0; i < count; i++) {
		plain += rho[i];
		if (a[i] > 0.0f) {
			weighted += (double)a[i] * rho[i];
			weight += a[i];
		}
	}
	return weight > 0.0 ? weighted / weight : plain / (double)count;
}

int radioembo_voxel_kernel_density_g_per_ml(const radioembo_volume *activity_gbq,
					    const radioembo_volume *density_g_per_ml,
					    double uniform_density_g_per_ml,
					    double *density_g_per_ml_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("activity_gbq", activity_gbq)) ||
	    (rc = radioembo__voxel_require_finite("activity_gbq", activity_gbq)) ||
	    (rc = require_density(activity_gbq, density_g_per_ml, uniform_density_g_per_ml)) ||
	    (rc = radioembo__require_pointer("density_g_per_ml_out", density_g_per_ml_out)))
		return rc;
	*density_g_per_ml_out = radioembo__voxel_kernel_density(activity_gbq, density_g_per_ml,
								uniform_density_g_per_ml);
	return RADIOEMBO_OK;
}

int radioembo_voxel_dose_kernel(const radioembo_volume *activity_gbq,
				const radioembo_kernel *kernel, double half_life_h,
				const radioembo_volume *density_g_per_ml,
				double uniform_density_g_per_ml, radioembo_convolution method,
				radioembo_volume **dose_gy_out)
{
	return radioembo_voxel_dose_kernel_threads(activity_gbq, kernel, half_life_h,
						   density_g_per_ml, uniform_density_g_per_ml,
						   method, 1, dose_gy_out);
}

int radioembo_voxel_dose_kernel_threads(const radioembo_volume *activity_gbq,
					const radioembo_kernel *kernel, double half_life_h,
					const radioembo_volume *density_g_per_ml,
					double uniform_density_g_per_ml,
					radioembo_convolution method, size_t threads,
					radioembo_volume **dose_gy_out)
{
	radioembo_volume *dose;
	size_t n[3], d;
	double h[3], voxel_ml, decays_per_gbq, tissue;
	int rc;

	if ((rc = radioembo__require_pointer("activity_gbq", activity_gbq)) ||
	    (rc = radioembo__voxel_require_finite("activity_gbq", activity_gbq)) ||
	    (rc = radioembo__require_pointer("kernel", kernel)) ||
	    (rc = radioembo__require_positive("half_life_h", half_life_h)) ||
	    (rc = require_density(activity_gbq, density_g_per_ml, uniform_density_g_per_ml)))
		return rc;
	if (method != RADIOEMBO_CONVOLUTION_AUTO && method != RADIOEMBO_CONVOLUTION_FFT &&
	    method != RADIOEMBO_CONVOLUTION_DIRECT)
		return radioembo__fail(RADIOEMBO_EINVAL, "method",
				       "method must be a radioembo_convolution (0, 1 or 2), got %d",
				       (int)method);
	if ((rc = radioembo__require_threads("threads", threads)) ||
	    (rc = radioembo__require_pointer("dose_gy_out", dose_gy_out)))
		return rc;
	radioembo__volume_shape(activity_gbq, n, h);
	for (d = 0; d < 3; d++)
		if (!(fabs(kernel->spacing_mm[d] - h[d]) <= SPACING_TOLERANCE * h[d]))
			return radioembo__fail(RADIOEMBO_EINVAL, "kernel",
					       "kernel spacing (%g x %g x %g mm) must be the "
					       "spacing of activity_gbq (%g x %g x %g mm)",
					       kernel->spacing_mm[0], kernel->spacing_mm[1],
					       kernel->spacing_mm[2], h[0], h[1], h[2]);
	tissue = radioembo__voxel_kernel_density(activity_gbq, density_g_per_ml,
						 uniform_density_g_per_ml);
	if (!(fabs(kernel->density_g_per_ml / tissue - 1.0) <= DENSITY_TOLERANCE))
		return radioembo__fail(
			RADIOEMBO_EINVAL, "kernel",
			"kernel was range-scaled to %g g/mL but the tissue is %g g/mL (%s): build "
			"it for that density (radioembo_kernel_new_nuclide_density)",
			kernel->density_g_per_ml, tissue,
			density_g_per_ml ? "the activity-weighted mean of density_g_per_ml"
					 : "uniform_density_g_per_ml");
	radioembo_volume_voxel_volume_ml(activity_gbq, &voxel_ml);
	/* complete decay: A T / ln 2, GBq h -> decays */
	decays_per_gbq = 1e9 * 3600.0 * half_life_h / RADIOEMBO__LN2;
	if ((rc = radioembo__require_representable("decays per GBq", decays_per_gbq)))
		return rc;
	if (method == RADIOEMBO_CONVOLUTION_AUTO)
		method = radioembo__convolution_choose(n, kernel);
	if ((rc = radioembo__voxel_new_like(activity_gbq, &dose)))
		return rc;
	if ((rc = radioembo__convolve(radioembo_volume_data(activity_gbq), n, kernel, method,
				      threads, radioembo_volume_data_mutable(dose)))) {
		radioembo_volume_free(dose);
		return rc;
	}
	/* MeV per GBq of activity -> J -> Gy with the mass rho V / 1000 kg */
	if ((rc = divide_by_density(dose, density_g_per_ml, uniform_density_g_per_ml,
				    decays_per_gbq * JOULE_PER_MEV * 1000.0 / voxel_ml, threads)))
		return rc;
	*dose_gy_out = dose;
	return RADIOEMBO_OK;
}

int radioembo_voxel_bed(const radioembo_volume *dose_gy, double alpha_beta_gy,
			double repair_half_time_h, double half_life_h,
			radioembo_volume **bed_gy_out)
{
	radioembo_volume *bed;
	const float *d;
	float *b;
	size_t count, i;
	double check;
	int rc;

	/* radioembo_bed_gy() validates the parameters, naming them, on a zero dose */
	if ((rc = radioembo__require_pointer("dose_gy", dose_gy)) ||
	    (rc = radioembo_bed_gy(0.0, alpha_beta_gy, repair_half_time_h, half_life_h, &check)) ||
	    (rc = radioembo__require_pointer("bed_gy_out", bed_gy_out)))
		return rc;
	d = radioembo_volume_data(dose_gy);
	radioembo_volume_voxel_count(dose_gy, &count);
	for (i = 0; i < count; i++)
		if (!isfinite(d[i]))
			return radioembo__fail(RADIOEMBO_EINVAL, "dose_gy",
					       "dose_gy voxel %zu must be finite, got %g", i,
					       (double)d[i]);
	if ((rc = radioembo__voxel_new_like(dose_gy, &bed)))
		return rc;
	b = radioembo_volume_data_mutable(bed);
	for (i = 0; i < count; i++) {
		double value;

		/*
		 * A negative dose is reconstruction noise (kept by the calibration so that means
		 * are not biased); BED is defined for D >= 0 and such a voxel has none: BED 0.
		 */
		if ((rc = radioembo_bed_gy(d[i] > 0.0f ? d[i] : 0.0, alpha_beta_gy,
					   repair_half_time_h, half_life_h, &value))) {
			radioembo_volume_free(bed);
			return rc;
		}
		b[i] = (float)value;
	}
	if ((rc = radioembo__voxel_require_representable("BED", bed)))
		return rc;
	*bed_gy_out = bed;
	return RADIOEMBO_OK;
}

int radioembo_voxel_eqd2(const radioembo_volume *dose_gy, double alpha_beta_gy,
			 double repair_half_time_h, double half_life_h,
			 radioembo_volume **eqd2_gy_out)
{
	radioembo_volume *map = NULL;
	float *v;
	size_t count, i;
	double check;
	int rc;

	/* the BED map validates the dose and the BED parameters, naming them */
	if ((rc = radioembo__require_pointer("dose_gy", dose_gy)) ||
	    (rc = radioembo_eqd2_gy(0.0, alpha_beta_gy, &check)) ||
	    (rc = radioembo__require_pointer("eqd2_gy_out", eqd2_gy_out)) ||
	    (rc = radioembo_voxel_bed(dose_gy, alpha_beta_gy, repair_half_time_h, half_life_h,
				      &map)))
		return rc;
	v = radioembo_volume_data_mutable(map);
	radioembo_volume_voxel_count(map, &count);
	for (i = 0; i < count; i++) {
		double eqd2;

		/* a finite float BED >= 0 and alpha/beta > 0: cannot fail, only shrink */
		if ((rc = radioembo_eqd2_gy((double)v[i], alpha_beta_gy, &eqd2))) {
			radioembo_volume_free(map);
			return rc;
		}
		v[i] = (float)eqd2;
	}
	*eqd2_gy_out = map;
	return RADIOEMBO_OK;
}
