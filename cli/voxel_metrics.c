/*
 * radioembo(1) voxel: the metrics JSON: the run's method, calibration and grid, then
 * per structure the DVH (its rows to the CSV when written) and its metrics.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "voxel_run.h"

static int set_real(json_t *object, const char *key, double value)
{
	return json_object_set_new(object, key, isfinite(value) ? json_real(value) : json_null());
}

/* The metrics of structure label, whose DVH is dvh; box_dose and box_labels hold its box. */
static int structure_metrics(struct run *r, int label, radioembo_dvh *dvh,
			     const radioembo_volume *box_dose, const radioembo_volume *box_labels,
			     json_t *s, FILE *csv, const char *name, struct cli_error *err)
{
	double value, *dose = NULL, *fraction = NULL;
	json_t *d = json_object(), *v = json_object();
	size_t count = 0, bins = 0, i;
	char key[64];
	int rc = 0, failed = d == NULL || v == NULL;

	radioembo_dvh_voxel_count(dvh, &count);
	failed = failed || json_object_set_new(s, "label", json_integer(label)) ||
		 json_object_set_new(s, "name", name ? json_string(name) : json_null()) ||
		 json_object_set_new(s, "voxel_count", json_integer((json_int_t)count));
#define METRIC(fn, key)                                                                            \
	do {                                                                                       \
		if (!failed && (rc = fn(dvh, &value)) == 0)                                        \
			failed = set_real(s, key, value);                                          \
	} while (0)
	METRIC(radioembo_dvh_volume_ml, "volume_ml");
	METRIC(radioembo_dvh_mass_kg, "mass_kg");
	METRIC(radioembo_dvh_mean_gy, "mean_gy");
	METRIC(radioembo_dvh_min_gy, "min_gy");
	METRIC(radioembo_dvh_max_gy, "max_gy");
#undef METRIC
	for (i = 0; rc == 0 && !failed && i < r->ndx; i++) {
		if ((rc = radioembo_dvh_dose_at_volume_gy(dvh, r->dx[i] / 100.0, &value)) == 0) {
			snprintf(key, sizeof key, "D%g", r->dx[i]);
			failed = set_real(d, key, value);
		}
	}
	for (i = 0; rc == 0 && !failed && i < r->nvx; i++) {
		if ((rc = radioembo_dvh_volume_at_dose(dvh, r->vx[i], &value)) == 0) {
			snprintf(key, sizeof key, "V%g", r->vx[i]);
			failed = set_real(v, key, value);
		}
	}
	if (rc == 0 && !failed &&
	    (rc = radioembo_dvh_eud_survival_gy(dvh, r->eud_alpha, &value)) == 0)
		failed = set_real(s, "eud_gy", value);
	if (rc == 0 && !failed &&
	    (rc = radioembo_voxel_eubed_gy(box_dose, box_labels, label, r->eud_alpha, r->alpha_beta,
					   r->repair_h, r->half_life_h, &value)) == 0)
		failed = set_real(s, "eubed_gy", value);
	failed = failed || json_object_set(s, "dose_at_volume_gy", d) ||
		 json_object_set(s, "volume_at_dose", v);
	json_decref(d);
	json_decref(v);
	if (rc != 0) {
		snprintf(key, sizeof key, "structure %d", label);
		return voxel_library_error(err, rc, key);
	}
	if (failed)
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	if (csv == NULL)
		return 0;
	if ((rc = radioembo_dvh_bin_count(dvh, &bins)))
		return voxel_library_error(err, rc, "dvh");
	dose = malloc((bins ? bins : 1) * sizeof *dose);
	fraction = malloc((bins ? bins : 1) * sizeof *fraction);
	if (dose == NULL || fraction == NULL) {
		free(dose);
		free(fraction);
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	}
	if ((rc = radioembo_dvh_get_curve(dvh, dose, fraction, bins)) == 0)
		for (i = 0; i < bins; i++)
			fprintf(csv, "%d,%s,%.9g,%.9g\n", label, name ? name : "", dose[i],
				fraction[i]);
	free(dose);
	free(fraction);
	return rc ? voxel_library_error(err, rc, "dvh") : 0;
}

/* Structure label on its box: the DVH, then the metrics. */
static int structure(struct run *r, int label, json_t *s, const char *name, struct cli_error *err)
{
	const struct structure_box *box = &r->boxes[label];
	radioembo_volume *dose = NULL, *labels = NULL, *density = NULL;
	radioembo_dvh *dvh = NULL;
	int rc;

	if ((rc = structures_crop(r->dose, box, &dose)) ||
	    (rc = structures_crop(r->labels, box, &labels)) ||
	    (rc = structures_crop(r->density, box, &density)))
		rc = voxel_library_error(err, rc, "structures");
	else if ((rc = radioembo_dvh_new_threads(dose, labels, label, density,
						 r->uniform_density, r->bin_width, r->threads,
						 &dvh)))
		rc = voxel_library_error(err, rc, "--bin-width-gy");
	else
		rc = structure_metrics(r, label, dvh, dose, labels, s, r->dvh_csv.stream, name,
				       err);
	radioembo_dvh_free(dvh);
	radioembo_volume_free(dose);
	radioembo_volume_free(labels);
	radioembo_volume_free(density);
	return rc;
}

static json_t *grid_json(const radioembo_volume *v)
{
	size_t nx, ny, nz, k;
	double sx, sy, sz, ml, o[3], d[9];
	json_t *g = json_object(), *cosines = json_array();

	radioembo_volume_get_dimensions(v, &nx, &ny, &nz);
	radioembo_volume_get_spacing_mm(v, &sx, &sy, &sz);
	radioembo_volume_get_origin_mm(v, &o[0], &o[1], &o[2]);
	radioembo_volume_get_direction(v, d, 9);
	radioembo_volume_voxel_volume_ml(v, &ml);
	if (g == NULL || cosines == NULL) {
		json_decref(g);
		json_decref(cosines);
		return NULL;
	}
	for (k = 0; k < 9; k++) /* -0.0 prints as 0 */
		json_array_append_new(cosines, json_real(d[k] + 0.0));
	json_object_set_new(g, "dimensions",
			    json_pack("[III]", (json_int_t)nx, (json_int_t)ny, (json_int_t)nz));
	json_object_set_new(g, "spacing_mm", json_pack("[fff]", sx, sy, sz));
	/* patient LPS, mm: the centre of the first voxel, the x, y and z axes' unit vectors */
	json_object_set_new(g, "origin_mm", json_pack("[fff]", o[0] + 0.0, o[1] + 0.0, o[2] + 0.0));
	json_object_set_new(g, "direction_cosines", cosines);
	json_object_set_new(g, "voxel_volume_ml", json_real(ml));
	return g;
}

static json_t *territories_json(const struct run *r)
{
	json_t *list = json_array();
	size_t k;

	for (k = 0; list != NULL && k < r->nterritories; k++)
		if (json_array_append_new(list, json_pack("{s:i,s:f}", "label", r->territory[k],
							  "activity_gbq", r->territory_gbq[k]))) {
			json_decref(list);
			return NULL;
		}
	return list;
}

int voxel_metrics(struct run *r, struct cli_error *err)
{
	json_t *root = json_object(), *structures = json_array(), *method = json_object();
	double total = 0.0, outside = 0.0;
	char name_buffer[128];
	size_t i;
	int rc = 0, failed = root == NULL || structures == NULL || method == NULL;

	if (r->dvh_csv.stream != NULL)
		fprintf(r->dvh_csv.stream, "label,name,dose_gy,volume_fraction\n");
	if (!failed) {
		radioembo_volume_sum(r->activity, &total);
		if ((rc = radioembo_voxel_fraction_outside(r->activity, r->labels, &outside)))
			rc = voxel_library_error(err, rc, "fraction outside");
	}
	if (rc == 0 && !failed) {
		failed = json_object_set_new(root, "command", json_string("voxel")) ||
			 json_object_set_new(root, "library_version",
					     json_string(radioembo_version_string())) ||
			 json_object_set_new(root, "product",
					     r->product[0] ? json_string(r->product)
							   : json_null()) ||
			 json_object_set_new(root, "nuclide",
					     json_string(radioembo_nuclide_name(r->nuclide))) ||
			 set_real(root, "half_life_h", r->half_life_h) ||
			 json_object_set(root, "method", method) ||
			 json_object_set_new(method, "name",
					     json_string(r->kernel_method ? "kernel" : "ldm")) ||
			 json_object_set_new(method, "reason", json_string(r->method_reason));
		if (!failed && r->kernel_method) {
			size_t rx = 0, ry = 0, rz = 0;
			double energy = 0.0;
			radioembo_kernel_get_radius_voxels(r->kernel, &rx, &ry, &rz);
			radioembo_kernel_energy_mev(r->kernel, &energy);
			failed = json_object_set_new(
					 method, "kernel",
					 json_string("Y-90 beta dose point kernel, Graves "
						     "et al. Med Phys 2019;46:5284")) ||
				 set_real(method, "truncation_radius_mm", r->kernel_radius) ||
				 json_object_set_new(method, "radius_voxels",
						     json_pack("[III]", (json_int_t)rx,
							       (json_int_t)ry, (json_int_t)rz)) ||
				 set_real(method, "kernel_energy_mev", energy) ||
				 set_real(method, "kernel_density_g_per_ml", r->kernel_density);
		}
		failed = failed || set_real(method, "dose_factor_gy_kg_per_gbq", r->dose_factor) ||
			 set_real(method, "energy_per_decay_mev", r->energy_per_decay) ||
			 json_object_set_new(method, "energy_per_decay_source",
					     json_string(r->energy_source));
		failed = failed ||
			 json_object_set_new(root, "calibration", json_string(r->calibration)) ||
			 (r->nterritories > 0 &&
			  json_object_set_new(root, "territories", territories_json(r))) ||
			 json_object_set_new(root, "density",
					     json_pack("{s:s,s:f}", "source", r->density_source,
						       "uniform_g_per_ml", r->uniform_density)) ||
			 json_object_set_new(root, "grid", grid_json(r->activity)) ||
			 json_object_set_new(root, "dose_grid", json_string(r->activity_flag)) ||
			 json_object_set(root, "resampled", r->resampled) ||
			 (r->dose_on_ct &&
			  set_real(root, "activity_outside_ct_fraction", r->activity_outside_ct)) ||
			 set_real(root, "total_activity_gbq", total) ||
			 set_real(root, "fraction_outside", outside) ||
			 set_real(root, "bin_width_gy", r->bin_width) ||
			 set_real(root, "eud_alpha_per_gy", r->eud_alpha) ||
			 json_object_set_new(root, "radiobiology",
					     json_pack("{s:f,s:f,s:f}", "alpha_beta_gy",
						       r->alpha_beta, "repair_half_time_h",
						       r->repair_h, "half_life_h",
						       r->half_life_h)) ||
			 json_object_set(root, "structures", structures);
	}
	for (i = 0; rc == 0 && !failed && i < r->nlabels; i++) {
		json_t *s = json_object();
		const char *name = voxel_label_name(
			r->values[V_LABEL_NAMES] ? r->values[V_LABEL_NAMES] : r->label_names,
			r->labels_list[i], name_buffer, sizeof name_buffer);
		if (s == NULL || json_array_append_new(structures, s)) {
			failed = 1;
			break;
		}
		rc = structure(r, r->labels_list[i], s, name, err);
	}
	if (rc == 0 && !failed)
		failed = cli_write_json(r->metrics.stream, root) != 0;
	json_decref(method);
	json_decref(structures);
	json_decref(root);
	if (rc == 0 && failed)
		rc = cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	return rc;
}
