/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sample_case.h"

const struct sample_case sample_hcc_case = {
	.liver_volume_ml = 1650.0,
	.liver_density_g_per_ml = 1.05,
	.territory_labels = { "right lobe", "left lobe" },
	.territory_volumes_ml = { 1080.0, 570.0 },
	.lesions = { { "HCC-1", 118.0, 3.4, "right lobe" },
		     { "HCC-2", 36.5, 5.1, "right lobe" },
		     { "HCC-3", 12.0, 0.0, "left lobe" } },
	.maa_counts = { 48210.0, 53360.0, 612400.0, 667900.0 },
	.height_cm = 168.0,
	.weight_kg = 74.5,
	.residual_fraction = 0.01,
	.territory_label = "right lobe",
	.treatment = "2026-11-25T09:30-05:00",
	/* TheraSphere: Sunday noon before the treatment week, US Eastern time [M] */
	.glass_calibration = "2026-11-22T12:00-05:00",
	/* SIR-Spheres: calibrated on the day of treatment or up to 3 days after; 18:00 [M] */
	.resin_calibration = "2026-11-25T18:00-05:00",
};

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static size_t territory_index(const struct sample_case *sample, const char *label)
{
	size_t i;

	for (i = 0; i < COUNT(sample->territory_labels); i++)
		if (strcmp(sample->territory_labels[i], label) == 0)
			return i;
	return 0;
}

static int add_lesions(const struct sample_case *sample, radioembo_liver *liver)
{
	size_t i, index;
	int rc = RADIOEMBO_OK;

	for (i = 0; rc == RADIOEMBO_OK && i < COUNT(sample->lesions); i++) {
		const struct sample_lesion *data = &sample->lesions[i];
		radioembo_lesion *lesion;

		if ((rc = radioembo_lesion_new(data->label, data->volume_ml, &lesion)))
			break;
		if (data->tnr > 0.0)
			rc = radioembo_lesion_set_tnr(lesion, data->tnr);
		if (rc == RADIOEMBO_OK)
			rc = radioembo_liver_add_lesion(liver, lesion, &index);
		if (rc == RADIOEMBO_OK)
			rc = radioembo_liver_assign_lesion(liver, index,
							   territory_index(sample, data->territory));
		radioembo_lesion_free(lesion);
	}
	return rc;
}

int sample_case_build(const struct sample_case *sample, radioembo_liver **liver_out,
		      radioembo_lung **lung_out)
{
	radioembo_liver *liver;
	radioembo_lung *lung = NULL;
	size_t i;
	int rc;

	if ((rc = radioembo_liver_new(sample->liver_volume_ml, sample->liver_density_g_per_ml,
				      &liver)))
		return rc;
	for (i = 0; rc == RADIOEMBO_OK && i < COUNT(sample->territory_labels); i++)
		rc = radioembo_liver_add_territory(liver, sample->territory_labels[i],
						   sample->territory_volumes_ml[i], NULL);
	if (rc == RADIOEMBO_OK)
		rc = add_lesions(sample, liver);
	if (rc == RADIOEMBO_OK)
		rc = radioembo_lung_new(&lung);
	if (rc == RADIOEMBO_OK)
		rc = radioembo_lung_set_lsf_from_counts(lung, sample->maa_counts[0],
							sample->maa_counts[1], sample->maa_counts[2],
							sample->maa_counts[3]);
	if (rc != RADIOEMBO_OK) {
		radioembo_lung_free(lung);
		radioembo_liver_free(liver);
		return rc;
	}
	*liver_out = liver;
	*lung_out = lung;
	return RADIOEMBO_OK;
}

int sample_case_configure(const struct sample_case *sample, radioembo_plan *plan)
{
	radioembo_product_kind kind = RADIOEMBO_PRODUCT_KIND_GLASS;
	int64_t treatment_s, calibration_s;
	int rc;

	radioembo_product_get_kind(radioembo_plan_product(plan), &kind);
	if ((rc = radioembo_plan_set_territory(
		     plan, territory_index(sample, sample->territory_label))) ||
	    (rc = radioembo_plan_set_patient_size(plan, sample->height_cm, sample->weight_kg)) ||
	    (rc = radioembo_plan_set_residual_fraction(plan, sample->residual_fraction)) ||
	    (rc = radioembo_time_parse_iso8601(sample->treatment, &treatment_s)) ||
	    (rc = radioembo_time_parse_iso8601(kind == RADIOEMBO_PRODUCT_KIND_RESIN
							   ? sample->resin_calibration
							   : sample->glass_calibration,
						   &calibration_s)) ||
	    (rc = radioembo_plan_set_treatment_s(plan, treatment_s)) ||
	    (rc = radioembo_plan_set_calibration_s(plan, calibration_s)))
		return rc;
	return radioembo_plan_prescribe_max_safe(plan);
}

void sample_case_describe(const struct sample_case *sample, FILE *out)
{
	double lsf = 0.0;
	size_t i;

	radioembo_shunt_lsf_from_counts(sample->maa_counts[0], sample->maa_counts[1],
					sample->maa_counts[2], sample->maa_counts[3], &lsf);
	fprintf(out, "Liver %.0f mL at %.2f g/mL; %s %.0f mL, %s %.0f mL\n",
		sample->liver_volume_ml, sample->liver_density_g_per_ml,
		sample->territory_labels[0], sample->territory_volumes_ml[0],
		sample->territory_labels[1], sample->territory_volumes_ml[1]);
	for (i = 0; i < COUNT(sample->lesions); i++) {
		const struct sample_lesion *lesion = &sample->lesions[i];
		fprintf(out, "Lesion %s: %.1f mL in the %s, ", lesion->label, lesion->volume_ml,
			lesion->territory);
		if (lesion->tnr > 0.0)
			fprintf(out, "TNR %.1f\n", lesion->tnr);
		else
			fprintf(out, "TNR not measured\n");
	}
	fprintf(out, "Planar MAA: LSF %.1f %% (geometric means); lungs 1 kg\n", 100.0 * lsf);
	fprintf(out, "Patient %.0f cm, %.1f kg; expected residual %.0f %%\n", sample->height_cm,
		sample->weight_kg, 100.0 * sample->residual_fraction);
	fprintf(out, "Treatment %s; vial calibration %s (glass), %s (resin)\n\n",
		sample->treatment, sample->glass_calibration, sample->resin_calibration);
}
