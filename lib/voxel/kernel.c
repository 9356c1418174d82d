/*
 * Dose-voxel kernels from a radial dose point kernel (radioembo-sources(7) VOXEL;
 * radioembo_kernel(3)).
 *
 * The voxel-to-voxel kernel is the energy deposited in a target voxel per decay uniformly
 * distributed in the source voxel:
 *   K(o) = integral of e(|u|) w_o(u) du,   w_o(u) = prod_d max(0, 1 - |u_d / h_d - o_d|),
 * with e the point kernel's energy density (shell energy / shell volume, MeV/mm^3 per decay)
 * and w_o the overlap of the source voxel shifted by u with the target voxel at offset o (the
 * voxel autocorrelation, a product of hat functions): the point kernel convolved with the
 * voxel autocorrelation. Since the hats of all offsets sum to 1 at every u, the kernel
 * conserves the point kernel's energy exactly before truncation.
 *
 * The integral is taken shell by shell in spherical coordinates, where e is constant: each
 * shell's energy is carried by deterministic stratified points (equal-volume sub-radii, then
 * polar bands of equal width and equally spaced azimuths on the first octant of the sphere, at most
 * SAMPLE_FRACTION of the smallest spacing apart), and each point spreads its energy to the
 * 8 offsets around it with the hat weights (trilinear splatting). The other octants follow by
 * symmetry, so the kernel is exactly symmetric under sign flips, and under x <-> y when the
 * x and y spacings are equal (the azimuths are symmetric about 45 degrees).
 *
 * Truncation: the point kernel is cut at the truncation radius R (the shell across R keeps
 * the part inside R, in proportion to its volume) and every sample point within R is splatted
 * in full. The kernel therefore spans every offset whose voxel a point within R of the source
 * voxel reaches (half-widths ceil(R / h)), and its values sum to the point kernel's energy
 * inside R: no offset is dropped and no energy is moved by renormalisation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "voxel/voxel_internal.h"

/* Sample points at most this fraction of the smallest voxel spacing apart. */
#define SAMPLE_FRACTION 0.125
/*
 * ... and at least this many polar bands and azimuths on an octant, however small the sphere:
 * near the source the hat weights vary linearly with |u_d| and the few shells there carry
 * much of the energy (the first 1 mm holds 20 % of it), so they need a real quadrature.
 */
#define MIN_POINTS 12
/* Largest kernel: 2^24 voxels (a 255^3 block, 128 MiB of doubles). */
#define MAX_KERNEL_VOXELS (UINT64_C(1) << 24)
/* Largest half-width ceil(R / h) in any axis (a thin axis of an anisotropic grid). */
#define MAX_HALF_WIDTH 1024.0
#define MAX_SPACING_MM 1000.0
/* Largest shell radius of a point kernel, mm (1 km: beyond any radiation of interest). */
#define MAX_DPK_RADIUS_MM 1e6
/*
 * Most sample points of the point kernel (an upper bound counted before sampling, about
 * 5 to 10 s of splatting): fine, strongly anisotropic grids need many points per sphere (they
 * are at most SAMPLE_FRACTION of the smallest spacing apart) out to the reach of the
 * largest voxel. A 0.5 mm cubic grid with R = 20 mm needs about 4e7.
 */
#define MAX_SAMPLE_POINTS 134217728.0 /* 2^27 */
#define HALF_PI 1.57079632679489661923132169163975144
#define JOULE_PER_MEV 1.602176634e-13 /* exact, SI 2019 */
/* Largest energy per decay a kernel may be normalised to, MeV (far above any beta emitter). */
#define MAX_ENERGY_PER_DECAY_MEV 1000.0

/* The octant accumulator: K at offsets (i, j, k) >= 0, x fastest. */
struct octant {
	size_t n[3];
	double h[3];
	double *values;
};

/* Spreads energy at point u (every u_d > 0) to the 8 offsets around it, hat-weighted. */
static void splat(struct octant *oct, const double u[3], double energy)
{
	size_t f[3], d, corner;
	double frac[3];

	for (d = 0; d < 3; d++) {
		double t = u[d] / oct->h[d];

		if (t >= (double)oct->n[d]) /* no hat of a kept offset reaches here */
			return;
		f[d] = (size_t)t;
		frac[d] = t - (double)f[d];
	}
	for (corner = 0; corner < 8; corner++) {
		size_t o[3];
		double w = energy;

		for (d = 0; d < 3; d++) {
			int up = (int)((corner >> d) & 1u);

			o[d] = f[d] + (size_t)up;
			w *= up ? frac[d] : 1.0 - frac[d];
		}
		if (o[0] < oct->n[0] && o[1] < oct->n[1] && o[2] < oct->n[2])
			oct->values[o[0] + oct->n[0] * (o[1] + oct->n[1] * o[2])] += w;
	}
}

/*
 * One eighth of the energy on a sphere of radius r, on stratified points of its first
 * octant: polar bands of equal width in theta, each weighted by its exact area
 * (cos theta_lo - cos theta_hi) and sampled at its middle polar angle, with equally spaced
 * azimuths (equal-width bands in theta resolve the pole, the z axis, as well as the equator).
 */
static void splat_sphere(struct octant *oct, double r, double energy, double step)
{
	/*
	 * bands and azimuths are at most sphere_points_bound()'s factor, whose product over
	 * every sphere sample_dpk() has checked against MAX_SAMPLE_POINTS: the conversions
	 * below are of small values
	 */
	size_t bands = (size_t)ceil(r * HALF_PI / step), i, j;
	double width;

	if (bands < MIN_POINTS)
		bands = MIN_POINTS;
	width = HALF_PI / (double)bands;
	for (i = 0; i < bands; i++) {
		double theta = ((double)i + 0.5) * width;
		double area = cos((double)i * width) - cos(((double)i + 1.0) * width);
		double s = sin(theta), z = cos(theta);
		size_t azimuths = (size_t)ceil(r * s * HALF_PI / step);
		double w;

		if (azimuths < MIN_POINTS)
			azimuths = MIN_POINTS;
		w = energy * area / (8.0 * (double)azimuths);
		for (j = 0; j < azimuths; j++) {
			double phi = HALF_PI * ((double)j + 0.5) / (double)azimuths;
			double u[3] = {r * s * cos(phi), r * s * sin(phi), r * z};

			splat(oct, u, w);
		}
	}
}

/* An upper bound of the points splat_sphere() puts on a sphere of radius r (in double). */
static double sphere_points_bound(double r, double step)
{
	double most = fmax((double)MIN_POINTS, ceil(r * HALF_PI / step));

	return most * most;
}

/*
 * Walks the point kernel's sub-shells inside the truncation radius R (the shell across R cut
 * at R, its energy in proportion to the volume kept). With oct NULL it only counts an upper
 * bound of their sample points, stopping once it exceeds MAX_SAMPLE_POINTS (every count
 * stays in double, so nothing huge is ever converted to an integer); otherwise it splats
 * them (the caller has checked the bound).
 */
static double sample_dpk(struct octant *oct, const double *outer_radius_mm,
			 const double *energy_mev, size_t n, double step, double radius_mm)
{
	double inner = 0.0, points = 0.0;
	size_t i;

	for (i = 0; i < n && inner < radius_mm; i++) {
		double outer = fmin(outer_radius_mm[i], radius_mm);
		double in3 = pow(inner, 3), out3 = pow(outer, 3);
		double energy = energy_mev[i], subs = fmax(1.0, ceil((outer - inner) / step)), k;

		if (outer < outer_radius_mm[i]) /* the shell across R: the part inside R */
			energy *= (out3 - in3) / (pow(outer_radius_mm[i], 3) - in3);
		for (k = 0.0; energy > 0.0 && k < subs; k += 1.0) {
			/*
			 * equal-volume sub-shells [a, b] (e is uniform inside a shell), each at
			 * its volume-weighted mean radius 3/4 (b^4 - a^4) / (b^3 - a^3), so that
			 * the radial rule is exact for weights linear in r, as they are near
			 * the source
			 */
			double a = cbrt(in3 + k / subs * (out3 - in3));
			double b = cbrt(in3 + (k + 1.0) / subs * (out3 - in3));
			double rs = 0.75 * (a + b) * (a * a + b * b) / (a * a + a * b + b * b);

			/* a shell of denormal radii makes that 0/0: its outer radius will do */
			if (isnan(rs))
				rs = b;
			if (oct == NULL) {
				points += sphere_points_bound(rs, step);
				if (points > MAX_SAMPLE_POINTS)
					return points;
			} else {
				splat_sphere(oct, rs, energy / subs, step);
			}
		}
		inner = outer;
	}
	return points;
}

/* Energy of the point kernel inside radius R: shells within, the shell across by volume. */
static double energy_inside(const double *outer_radius_mm, const double *energy_mev, size_t n,
			    double radius_mm)
{
	double sum = 0.0, inner = 0.0;
	size_t i;

	for (i = 0; i < n; i++) {
		double outer = outer_radius_mm[i];

		if (outer <= radius_mm) {
			sum += energy_mev[i];
		} else {
			if (radius_mm > inner)
				sum += energy_mev[i] * (pow(radius_mm, 3) - pow(inner, 3)) /
				       (pow(outer, 3) - pow(inner, 3));
			break;
		}
		inner = outer;
	}
	return sum;
}

static int require_dpk(const double *outer_radius_mm, const double *energy_mev, size_t n)
{
	double previous = 0.0, total = 0.0;
	size_t i;
	int rc;

	if ((rc = radioembo__require_pointer("outer_radius_mm", outer_radius_mm)) ||
	    (rc = radioembo__require_pointer("energy_mev", energy_mev)))
		return rc;
	if (n == 0)
		return radioembo__fail(RADIOEMBO_EINVAL, "n", "n must be >= 1, got 0");
	if ((rc = radioembo__require_length("n", n)))
		return rc;
	for (i = 0; i < n; i++) {
		if (!(isfinite(outer_radius_mm[i]) && outer_radius_mm[i] > previous &&
		      outer_radius_mm[i] <= MAX_DPK_RADIUS_MM))
			return radioembo__fail(RADIOEMBO_EINVAL, "outer_radius_mm",
					       "outer_radius_mm[%zu] must be finite, above the "
					       "previous radius (%g mm) and at most %g mm, got %g",
					       i, previous, MAX_DPK_RADIUS_MM, outer_radius_mm[i]);
		if (!(isfinite(energy_mev[i]) && energy_mev[i] >= 0.0))
			return radioembo__fail(RADIOEMBO_EINVAL, "energy_mev",
					       "energy_mev[%zu] must be finite and >= 0, got %g", i,
					       energy_mev[i]);
		previous = outer_radius_mm[i];
		total += energy_mev[i];
	}
	if (!(total > 0.0 && isfinite(total)))
		return radioembo__fail(
			RADIOEMBO_EINVAL, "energy_mev",
			"energy_mev must hold some energy (a finite sum > 0), got %g", total);
	return RADIOEMBO_OK;
}

/*
 * Half-widths ceil(R / h) (the farthest offset a point within R of the source voxel
 * reaches) and the kernel's voxel count, EINVAL when a half-width exceeds
 * MAX_HALF_WIDTH (checked in double, before any conversion) or the kernel 2^24 voxels.
 */
static int kernel_shape(const double h[3], double radius_mm, size_t r_out[3], size_t n_out[3],
			size_t *count_out)
{
	static const char axis[3] = {'x', 'y', 'z'};
	uint64_t count = 1;
	size_t d;

	for (d = 0; d < 3; d++) {
		double half = ceil(radius_mm / h[d]);

		if (!(half <= MAX_HALF_WIDTH))
			return radioembo__fail(
				RADIOEMBO_EINVAL, "truncation_radius_mm",
				"truncation_radius_mm / spacing_%c_mm must be at most "
				"%g (a kernel half-width of at most %g voxels), got "
				"%g / %g mm",
				axis[d], MAX_HALF_WIDTH, MAX_HALF_WIDTH, radius_mm, h[d]);
		r_out[d] = (size_t)half;
		n_out[d] = 2 * r_out[d] + 1;
		count *= n_out[d];
	}
	if (count > MAX_KERNEL_VOXELS)
		return radioembo__fail(RADIOEMBO_EINVAL, "truncation_radius_mm",
				       "truncation_radius_mm %g at spacing %g x %g x %g mm needs a "
				       "kernel larger than 2^24 voxels",
				       radius_mm, h[0], h[1], h[2]);
	*count_out = (size_t)count;
	return RADIOEMBO_OK;
}

int radioembo_kernel_new_from_dpk(const double *outer_radius_mm, const double *energy_mev,
				  size_t n, double spacing_x_mm, double spacing_y_mm,
				  double spacing_z_mm, double truncation_radius_mm,
				  radioembo_kernel **kernel_out)
{
	const double h[3] = {spacing_x_mm, spacing_y_mm, spacing_z_mm};
	double step, target;
	struct octant oct;
	radioembo_kernel *kernel;
	size_t r[3], nk[3], count = 0, d, x, y, z;
	int rc;

	if ((rc = require_dpk(outer_radius_mm, energy_mev, n)) ||
	    (rc = radioembo__require_within("spacing_x_mm", spacing_x_mm, 0.0, MAX_SPACING_MM)) ||
	    (rc = radioembo__require_within("spacing_y_mm", spacing_y_mm, 0.0, MAX_SPACING_MM)) ||
	    (rc = radioembo__require_within("spacing_z_mm", spacing_z_mm, 0.0, MAX_SPACING_MM)))
		return rc;
	if (!(spacing_x_mm > 0.0 && spacing_y_mm > 0.0 && spacing_z_mm > 0.0))
		return radioembo__fail(RADIOEMBO_EINVAL,
				       !(spacing_x_mm > 0.0)   ? "spacing_x_mm"
				       : !(spacing_y_mm > 0.0) ? "spacing_y_mm"
							       : "spacing_z_mm",
				       "spacing must be > 0 mm in every axis, got %g x %g x %g",
				       spacing_x_mm, spacing_y_mm, spacing_z_mm);
	if ((rc = radioembo__require_positive("truncation_radius_mm", truncation_radius_mm)))
		return rc;
	if (truncation_radius_mm > outer_radius_mm[n - 1])
		return radioembo__fail(
			RADIOEMBO_EINVAL, "truncation_radius_mm",
			"truncation_radius_mm must be at most the point kernel's last "
			"radius %g mm, got %g",
			outer_radius_mm[n - 1], truncation_radius_mm);
	if ((rc = radioembo__require_pointer("kernel_out", kernel_out)) ||
	    (rc = kernel_shape(h, truncation_radius_mm, r, nk, &count)))
		return rc;
	target = energy_inside(outer_radius_mm, energy_mev, n, truncation_radius_mm);
	if (!(target > 0.0))
		return radioembo__fail(RADIOEMBO_EINVAL, "truncation_radius_mm",
				       "the point kernel deposits no energy inside "
				       "truncation_radius_mm %g",
				       truncation_radius_mm);

	for (d = 0; d < 3; d++) {
		oct.n[d] = r[d] + 1;
		oct.h[d] = h[d];
	}
	oct.values = radioembo__allocate(oct.n[0] * oct.n[1] * oct.n[2] * sizeof *oct.values,
					 "a kernel octant");
	if (oct.values == NULL)
		return RADIOEMBO_ENOMEM;
	step = SAMPLE_FRACTION * fmin(h[0], fmin(h[1], h[2]));
	if (sample_dpk(NULL, outer_radius_mm, energy_mev, n, step, truncation_radius_mm) >
	    MAX_SAMPLE_POINTS) {
		free(oct.values);
		return radioembo__fail(RADIOEMBO_EINVAL, "truncation_radius_mm",
				       "spacing_x_mm, spacing_y_mm, spacing_z_mm %g x %g x %g mm "
				       "with truncation_radius_mm %g need more than %g sample "
				       "points of the point kernel (the smallest spacing sets "
				       "their density, the radius their reach)",
				       h[0], h[1], h[2], truncation_radius_mm, MAX_SAMPLE_POINTS);
	}
	sample_dpk(&oct, outer_radius_mm, energy_mev, n, step, truncation_radius_mm);

	/* the offsets with a zero coordinate also get the mirrored octants' points */
	for (z = 0; z < oct.n[2]; z++)
		for (y = 0; y < oct.n[1]; y++)
			for (x = 0; x < oct.n[0]; x++)
				oct.values[x + oct.n[0] * (y + oct.n[1] * z)] *=
					(x ? 1.0 : 2.0) * (y ? 1.0 : 2.0) * (z ? 1.0 : 2.0);

	if ((kernel = radioembo__allocate(sizeof *kernel, "a kernel")) == NULL ||
	    (kernel->values = radioembo__allocate(count * sizeof *kernel->values,
						  "kernel values")) == NULL) {
		free(kernel);
		free(oct.values);
		return RADIOEMBO_ENOMEM;
	}
	memcpy(kernel->r, r, sizeof r);
	memcpy(kernel->n, nk, sizeof nk);
	memcpy(kernel->spacing_mm, h, sizeof h);
	kernel->count = count;
	kernel->truncation_radius_mm = truncation_radius_mm;
	kernel->density_g_per_ml = 1.0;
	kernel->energy_mev = 0.0;
	/* mirror the octant into the full kernel */
	for (z = 0; z < nk[2]; z++)
		for (y = 0; y < nk[1]; y++)
			for (x = 0; x < nk[0]; x++) {
				size_t ox = x > r[0] ? x - r[0] : r[0] - x;
				size_t oy = y > r[1] ? y - r[1] : r[1] - y;
				size_t oz = z > r[2] ? z - r[2] : r[2] - z;
				double v = oct.values[ox + oct.n[0] * (oy + oct.n[1] * oz)];

				kernel->values[x + nk[0] * (y + nk[1] * z)] = v;
				kernel->energy_mev += v;
			}
	free(oct.values);
	/* energies near the ends of the double range: shared out, they underflow or add up
	 * beyond it */
	if (!(kernel->energy_mev > 0.0 && isfinite(kernel->energy_mev))) {
		rc = kernel->energy_mev > 0.0
			     ? radioembo__fail(RADIOEMBO_ERANGE, "energy_mev",
					       "the kernel's total energy is not representable as "
					       "a double (%g MeV inside truncation_radius_mm)",
					       target)
			     : radioembo__fail(RADIOEMBO_EINVAL, "energy_mev",
					       "the point kernel's energy inside "
					       "truncation_radius_mm, %g MeV, underflows to 0 in "
					       "the kernel's voxels",
					       target);
		radioembo_kernel_free(kernel);
		return rc;
	}
	*kernel_out = kernel;
	return RADIOEMBO_OK;
}

int radioembo_kernel_new_y90(double spacing_x_mm, double spacing_y_mm, double spacing_z_mm,
			     double truncation_radius_mm, radioembo_kernel **kernel_out)
{
	size_t rows = radioembo__dpk_y90_rows();
	double *radius, *energy;
	int rc;

	if ((radius = radioembo__allocate(2 * rows * sizeof *radius, "the Y-90 point kernel")) ==
	    NULL)
		return RADIOEMBO_ENOMEM;
	energy = radius + rows;
	radioembo__dpk_y90(radius, energy);
	rc = radioembo_kernel_new_from_dpk(radius, energy, rows, spacing_x_mm, spacing_y_mm,
					   spacing_z_mm, truncation_radius_mm, kernel_out);
	free(radius);
	return rc;
}

void radioembo_kernel_free(radioembo_kernel *kernel)
{
	if (kernel == NULL)
		return;
	free(kernel->values);
	free(kernel);
}

int radioembo_kernel_get_radius_voxels(const radioembo_kernel *kernel, size_t *rx_out,
				       size_t *ry_out, size_t *rz_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("kernel", kernel)) ||
	    (rc = radioembo__require_pointer("rx_out", rx_out)) ||
	    (rc = radioembo__require_pointer("ry_out", ry_out)) ||
	    (rc = radioembo__require_pointer("rz_out", rz_out)))
		return rc;
	*rx_out = kernel->r[0];
	*ry_out = kernel->r[1];
	*rz_out = kernel->r[2];
	return RADIOEMBO_OK;
}

int radioembo_kernel_total_energy_mev(const radioembo_kernel *kernel, double *energy_mev_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("kernel", kernel)) ||
	    (rc = radioembo__require_pointer("energy_mev_out", energy_mev_out)))
		return rc;
	*energy_mev_out = kernel->energy_mev;
	return RADIOEMBO_OK;
}

/* The first name of the total, easily read as radioembo_kernel_get_energy_mev's: an alias. */
int radioembo_kernel_energy_mev(const radioembo_kernel *kernel, double *energy_mev_out)
{
	return radioembo_kernel_total_energy_mev(kernel, energy_mev_out);
}

int radioembo_kernel_get_energy_mev(const radioembo_kernel *kernel, int64_t dx, int64_t dy,
				    int64_t dz, double *energy_mev_out)
{
	const int64_t o[3] = {dx, dy, dz};
	static const char *const names[3] = {"dx", "dy", "dz"};
	size_t d, index[3];
	int rc;

	if ((rc = radioembo__require_pointer("kernel", kernel)))
		return rc;
	for (d = 0; d < 3; d++) {
		uint64_t magnitude = o[d] < 0 ? (uint64_t)0 - (uint64_t)o[d] : (uint64_t)o[d];

		if (magnitude > kernel->r[d])
			return radioembo__fail(RADIOEMBO_EINVAL, names[d],
					       "%s must be within [-%zu, %zu], got %lld", names[d],
					       kernel->r[d], kernel->r[d], (long long)o[d]);
		index[d] = (size_t)((int64_t)kernel->r[d] + o[d]);
	}
	if ((rc = radioembo__require_pointer("energy_mev_out", energy_mev_out)))
		return rc;
	*energy_mev_out =
		kernel->values[index[0] + kernel->n[0] * (index[1] + kernel->n[1] * index[2])];
	return RADIOEMBO_OK;
}

int radioembo_kernel_get_density_g_per_ml(const radioembo_kernel *kernel,
					  double *density_g_per_ml_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("kernel", kernel)) ||
	    (rc = radioembo__require_pointer("density_g_per_ml_out", density_g_per_ml_out)))
		return rc;
	*density_g_per_ml_out = kernel->density_g_per_ml;
	return RADIOEMBO_OK;
}

int radioembo_kernel_set_total_energy_mev(radioembo_kernel *kernel, double energy_mev)
{
	double scale, total;
	size_t i;
	int rc;

	if ((rc = radioembo__require_pointer("kernel", kernel)) ||
	    (rc = radioembo__require_open_interval("energy_mev", energy_mev, 0.0,
						   MAX_ENERGY_PER_DECAY_MEV)))
		return rc;
	/* a built kernel holds energy > 0; every value shrinks or grows by the same factor */
	scale = energy_mev / kernel->energy_mev;
	if (!isfinite(scale))
		return radioembo__fail(RADIOEMBO_ERANGE, "energy_mev",
				       "energy_mev %g is not representable as a multiple of the "
				       "kernel's %g MeV",
				       energy_mev, kernel->energy_mev);
	/* a tiny (denormal) energy may underflow in every voxel: refused before any is changed */
	total = 0.0;
	for (i = 0; i < kernel->count; i++)
		total += kernel->values[i] * scale;
	if (!(total > 0.0 && isfinite(total)))
		return radioembo__fail(RADIOEMBO_ERANGE, "energy_mev",
				       "energy_mev %g leaves the kernel's voxels a total of %g MeV",
				       energy_mev, total);
	kernel->energy_mev = 0.0;
	for (i = 0; i < kernel->count; i++) {
		kernel->values[i] *= scale;
		kernel->energy_mev += kernel->values[i];
	}
	return RADIOEMBO_OK;
}

int radioembo_kernel_dose_factor_energy_mev(double dose_factor_gy_kg_per_gbq, double half_life_h,
					    double *energy_mev_out)
{
	double energy;
	int rc;

	if ((rc = radioembo__require_positive("dose_factor_gy_kg_per_gbq",
					      dose_factor_gy_kg_per_gbq)) ||
	    (rc = radioembo__require_positive("half_life_h", half_life_h)) ||
	    (rc = radioembo__require_pointer("energy_mev_out", energy_mev_out)))
		return rc;
	/* J per GBq of complete decay / decays per GBq (1e9 * 3600 T / ln 2) / J per MeV */
	energy = dose_factor_gy_kg_per_gbq * RADIOEMBO__LN2 / (1e9 * 3600.0 * half_life_h) /
		 JOULE_PER_MEV;
	if (!(isfinite(energy) && energy > 0.0))
		return radioembo__fail(RADIOEMBO_ERANGE, "half_life_h",
				       "dose_factor_gy_kg_per_gbq %g with half_life_h %g gives an "
				       "energy per decay that is not representable (%g MeV)",
				       dose_factor_gy_kg_per_gbq, half_life_h, energy);
	*energy_mev_out = energy;
	return RADIOEMBO_OK;
}
