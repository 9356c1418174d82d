/*
 * radioembo(1) voxel: the dose: the nuclide's physics from --product or --nuclide, then
 * the dose map by local deposition or by the dose-voxel kernel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "voxel_run.h"

/*
 * Nuclide, half-life and dose factor from --product or --nuclide (one of them: no product
 * is assumed), then the overrides.
 */
int voxel_physics(struct run *r, struct cli_error *err)
{
	const char *name = r->values[V_PRODUCT];
	radioembo_product *product;
	int rc;

	if ((name == NULL) == (r->values[V_NUCLIDE] == NULL))
		return cli_fail(err, CLI_EXIT_USAGE,
				"give one of --product and --nuclide: the dose needs the nuclide");
	if (name == NULL) {
		if (radioembo_nuclide_from_name(r->values[V_NUCLIDE], &r->nuclide) != 0)
			return cli_fail(err, CLI_EXIT_USAGE,
					"--nuclide \"%s\": expected Y-90 or Ho-166",
					r->values[V_NUCLIDE]);
		rc = radioembo_nuclide_half_life_h(r->nuclide, &r->half_life_h);
		if (rc == 0)
			rc = radioembo_nuclide_dose_factor(r->nuclide, &r->dose_factor);
		if (rc != 0)
			return voxel_library_error(err, rc, "--nuclide");
	} else {
		if (radioembo_product_new_builtin(name, &product) != 0)
			return cli_fail(err, CLI_EXIT_USAGE, "--product \"%s\": unknown product",
					name);
		snprintf(r->product, sizeof r->product, "%s", radioembo_product_name(product));
		rc = radioembo_product_get_nuclide(product, &r->nuclide);
		if (rc == 0)
			rc = radioembo_product_get_half_life_h(product, &r->half_life_h);
		if (rc == 0 &&
		    radioembo_product_get_dose_factor_gy_kg_per_gbq(product, &r->dose_factor))
			rc = radioembo_nuclide_dose_factor(r->nuclide, &r->dose_factor);
		radioembo_product_free(product);
		if (rc != 0)
			return voxel_library_error(err, rc, "--product");
	}
	if ((rc = voxel_number(r, V_HALF_LIFE, r->half_life_h, &r->half_life_h, err)) ||
	    (rc = voxel_number(r, V_DOSE_FACTOR, r->dose_factor, &r->dose_factor, err)))
		return rc;
	return 0;
}

int voxel_compute_dose(struct run *r, struct cli_error *err)
{
	const char *method = r->values[V_METHOD] ? r->values[V_METHOD] : "ldm";
	const char *conv = r->values[V_CONVOLUTION] ? r->values[V_CONVOLUTION] : "auto";
	const char *energy =
		r->values[V_KERNEL_ENERGY] ? r->values[V_KERNEL_ENERGY] : "point-kernel";
	radioembo_convolution convolution;
	radioembo_voxel_method requested, used;
	double sx, sy, sz;
	int rc;

	if (strcmp(conv, "auto") == 0)
		convolution = RADIOEMBO_CONVOLUTION_AUTO;
	else if (strcmp(conv, "fft") == 0)
		convolution = RADIOEMBO_CONVOLUTION_FFT;
	else if (strcmp(conv, "direct") == 0)
		convolution = RADIOEMBO_CONVOLUTION_DIRECT;
	else
		return cli_fail(err, CLI_EXIT_USAGE,
				"--convolution \"%s\": expected auto, fft or direct", conv);
	if ((rc = voxel_number(r, V_KERNEL_RADIUS, 11.0, &r->kernel_radius, err)))
		return rc;
	if (strcmp(energy, "point-kernel") != 0 && strcmp(energy, "dose-factor") != 0)
		return cli_fail(err, CLI_EXIT_USAGE,
				"--kernel-energy \"%s\": expected point-kernel or dose-factor",
				energy);
	/* the LDM deposits the dose factor's energy per decay */
	if ((rc = radioembo_kernel_dose_factor_energy_mev(r->dose_factor, r->half_life_h,
							  &r->energy_per_decay)))
		return voxel_library_error(err, rc, "--dose-factor");
	r->energy_source = "dose factor";
	if (strcmp(method, "ldm") == 0)
		requested = RADIOEMBO_VOXEL_METHOD_LDM;
	else if (strcmp(method, "kernel") == 0)
		requested = RADIOEMBO_VOXEL_METHOD_KERNEL;
	else
		return cli_fail(err, CLI_EXIT_USAGE, "--method \"%s\": expected ldm or kernel",
				method);
	/* the library states the method it uses for the nuclide (Ho-166: LDM) and why */
	if ((rc = radioembo_voxel_dose_method(r->nuclide, requested, &used, r->method_reason_text,
					      sizeof r->method_reason_text)))
		return voxel_library_error(err, rc, "--method");
	r->method_reason = r->method_reason_text;
	r->kernel_method = used == RADIOEMBO_VOXEL_METHOD_KERNEL;
	if (!r->kernel_method) {
		rc = radioembo_voxel_dose_ldm_threads(r->activity, r->density, r->uniform_density,
						      r->dose_factor, r->threads, &r->dose);
		return rc ? voxel_library_error(err, rc, "local deposition") : 0;
	}
	/* the kernel range-scaled to the tissue: uniform, or the activity-weighted mean density */
	radioembo_volume_get_spacing_mm(r->activity, &sx, &sy, &sz);
	if ((rc = radioembo_voxel_kernel_density_g_per_ml(r->activity, r->density,
							  r->uniform_density, &r->kernel_density)))
		return voxel_library_error(err, rc, "kernel density");
	if ((rc = radioembo_kernel_new_nuclide_density(r->nuclide, r->kernel_density, sx, sy, sz,
						       r->kernel_radius, &r->kernel)))
		return voxel_library_error(err, rc, "--kernel-radius-mm");
	if (strcmp(energy, "dose-factor") == 0 &&
	    (rc = radioembo_kernel_set_total_energy_mev(r->kernel, r->energy_per_decay)))
		return voxel_library_error(err, rc, "--kernel-energy");
	if (strcmp(energy, "point-kernel") == 0) {
		radioembo_kernel_total_energy_mev(r->kernel, &r->energy_per_decay);
		r->energy_source = "point kernel inside the truncation radius";
	}
	rc = radioembo_voxel_dose_kernel_threads(r->activity, r->kernel, r->half_life_h, r->density,
						 r->uniform_density, convolution, r->threads,
						 &r->dose);
	return rc ? voxel_library_error(err, rc, "kernel convolution") : 0;
}
