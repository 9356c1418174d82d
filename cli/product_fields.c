/*
 * radioembo(1): product fields with their units, and the sources of the catalogue's values.
 *
 * The library keeps the catalogue's citations in its source comments and in
 * radioembo_product(3), not behind a function, so the command carries the same text here
 * (section numbers are those of the project's domain reference; tags [V] read in a
 * retrieved text, [M] from memory, [D] derived). Keep it in step with radioembo_product(3).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "product_fields.h"

#define FIELD(id, name, unit)                                                                      \
	{                                                                                          \
		RADIOEMBO_PRODUCT_FIELD_##id, unit, radioembo_product_get_##name                   \
	}

const struct product_field product_fields[] = {
	FIELD(HALF_LIFE_H, half_life_h, "h"),
	FIELD(DOSE_FACTOR_GY_KG_PER_GBQ, dose_factor_gy_kg_per_gbq, "Gy kg/GBq"),
	FIELD(SPHERE_DIAMETER_MIN_UM, sphere_diameter_min_um, "um"),
	FIELD(SPHERE_DIAMETER_MAX_UM, sphere_diameter_max_um, "um"),
	FIELD(ACTIVITY_PER_SPHERE_BQ, activity_per_sphere_bq, "Bq"),
	FIELD(SPECIFIC_GRAVITY_G_PER_ML, specific_gravity_g_per_ml, "g/mL"),
	FIELD(VIAL_VOLUME_ML, vial_volume_ml, "mL"),
	FIELD(LABEL_TOLERANCE, label_tolerance, "fraction"),
	FIELD(CUSTOM_VIAL_STEP_GBQ, custom_vial_step_gbq, "GBq"),
	FIELD(CUSTOM_VIAL_MIN_GBQ, custom_vial_min_gbq, "GBq"),
	FIELD(CUSTOM_VIAL_MAX_GBQ, custom_vial_max_gbq, "GBq"),
	FIELD(LUNG_DOSE_LIMIT_SESSION_GY, lung_dose_limit_session_gy, "Gy"),
	FIELD(LUNG_DOSE_LIMIT_CUMULATIVE_GY, lung_dose_limit_cumulative_gy, "Gy"),
	FIELD(LUNG_ACTIVITY_LIMIT_GBQ, lung_activity_limit_gbq, "GBq"),
	FIELD(NORMAL_LIVER_DOSE_LIMIT_GY, normal_liver_dose_limit_gy, "Gy"),
	FIELD(NORMAL_PERFUSED_DOSE_LIMIT_GY, normal_perfused_dose_limit_gy, "Gy"),
	FIELD(TUMOR_DOSE_TARGET_GY, tumor_dose_target_gy, "Gy"),
	FIELD(WHOLE_LIVER_DOSE_TARGET_GY, whole_liver_dose_target_gy, "Gy"),
	FIELD(PNEUMONITIS_THRESHOLD_GY, pneumonitis_threshold_gy, "Gy"),
	FIELD(USE_WINDOW_START_H, use_window_start_h, "h"),
	FIELD(USE_WINDOW_END_H, use_window_end_h, "h"),
};

const size_t product_field_count = sizeof product_fields / sizeof product_fields[0];

struct source {
	const char *product;
	int field; /* radioembo_product_field, or 0 for the standard vial sizes */
	const char *text;
};

#define S(product, id, text) { product, RADIOEMBO_PRODUCT_FIELD_##id, text }

static const struct source sources[] = {
	{ "TheraSphere", 0, "s4, PI v12 [V]" },
	S("TheraSphere", HALF_LIFE_H, "s1, TheraSphere package insert v12 [V]"),
	S("TheraSphere", DOSE_FACTOR_GY_KG_PER_GBQ, "s2, the PI's own factor (Kao, CVIR 2013) [V]"),
	S("TheraSphere", SPHERE_DIAMETER_MIN_UM, "s4, PI v12 [V]"),
	S("TheraSphere", SPHERE_DIAMETER_MAX_UM, "s4, PI v12 [V]"),
	S("TheraSphere", ACTIVITY_PER_SPHERE_BQ, "s0, s4, Hall 2026 Table 1 [V]"),
	S("TheraSphere", SPECIFIC_GRAVITY_G_PER_ML, "s4, PMC8583383 Table 4 [V]"),
	S("TheraSphere", VIAL_VOLUME_ML, "s4, PI v12 [V]"),
	S("TheraSphere", CUSTOM_VIAL_STEP_GBQ, "s4, btg-im.com [V]"),
	S("TheraSphere", CUSTOM_VIAL_MIN_GBQ, "s4, btg-im.com [V]"),
	S("TheraSphere", CUSTOM_VIAL_MAX_GBQ, "s4, btg-im.com [V]"),
	S("TheraSphere", LUNG_DOSE_LIMIT_SESSION_GY, "s4, s7, IFU [V]"),
	S("TheraSphere", LUNG_DOSE_LIMIT_CUMULATIVE_GY, "s7, van Roekel thesis; radiopaedia [V]"),
	S("TheraSphere", LUNG_ACTIVITY_LIMIT_GBQ, "s4, IFU, 16.5 mCi [V]"),
	S("TheraSphere", NORMAL_LIVER_DOSE_LIMIT_GY,
	  "s6, EANM 2022 Table 2, whole normal liver [V]"),
	S("TheraSphere", TUMOR_DOSE_TARGET_GY, "s6, EANM 2022 Table 2, DOSISPHERE-01 [V]"),
	S("TheraSphere", PNEUMONITIS_THRESHOLD_GY, "s0, Hall 2026 Table 1 [V]"),
	S("TheraSphere", USE_WINDOW_START_H, "s4, from calibration [M]"),
	S("TheraSphere", USE_WINDOW_END_H, "s4, about two weeks after calibration [M]"),

	{ "SIR-Spheres", 0, "s0, s4, Selwyn 2008; sirtex.com [V]" },
	S("SIR-Spheres", HALF_LIFE_H, "s1, PMC6095426 Table 3; WJH 2015 Table 1 [V]"),
	S("SIR-Spheres", DOSE_FACTOR_GY_KG_PER_GBQ, "s2, van Roekel thesis [V]"),
	S("SIR-Spheres", SPHERE_DIAMETER_MIN_UM, "s4, product tables [V]"),
	S("SIR-Spheres", SPHERE_DIAMETER_MAX_UM, "s4, product tables [V]"),
	S("SIR-Spheres", ACTIVITY_PER_SPHERE_BQ, "s0, s4, Hall 2026 Table 1 [V]"),
	S("SIR-Spheres", SPECIFIC_GRAVITY_G_PER_ML, "s4, product tables [V]"),
	S("SIR-Spheres", VIAL_VOLUME_ML, "s4, sirtex.com [V]"),
	S("SIR-Spheres", LABEL_TOLERANCE, "s4, Selwyn 2008; sirtex.com [V]"),
	S("SIR-Spheres", LUNG_DOSE_LIMIT_SESSION_GY, "s7, s9, Sirtex IFU / Lau 2012 [M]"),
	S("SIR-Spheres", LUNG_DOSE_LIMIT_CUMULATIVE_GY, "s7, van Roekel thesis; radiopaedia [V]"),
	S("SIR-Spheres", NORMAL_PERFUSED_DOSE_LIMIT_GY, "s9, EANM 2022 Table 3 [V]"),
	S("SIR-Spheres", TUMOR_DOSE_TARGET_GY, "s9, EANM 2022 Table 3 [V]"),
	S("SIR-Spheres", PNEUMONITIS_THRESHOLD_GY, "s0, Hall 2026 Table 1 [V]"),
	S("SIR-Spheres", USE_WINDOW_START_H, "s0, Hall 2026 Table 1 [V], read as a window [D]"),
	S("SIR-Spheres", USE_WINDOW_END_H, "s0, Hall 2026 Table 1 [V], read as a window [D]"),

	{ "QuiremSpheres", 0, "s4, none: doses prepared by mass, 540-600 mg [V]" },
	S("QuiremSpheres", HALF_LIFE_H, "s1, s11, EANM 2022 [V]"),
	S("QuiremSpheres", DOSE_FACTOR_GY_KG_PER_GBQ, "s2, J Nucl Med 2016;57 suppl 2:199 [V]"),
	S("QuiremSpheres", SPHERE_DIAMETER_MIN_UM, "s4, PMC8583383 Table 4 [V]"),
	S("QuiremSpheres", SPHERE_DIAMETER_MAX_UM, "s4, PMC8583383 Table 4 [V]"),
	S("QuiremSpheres", ACTIVITY_PER_SPHERE_BQ, "s4, rcpjournals Table 1 [V]"),
	S("QuiremSpheres", SPECIFIC_GRAVITY_G_PER_ML, "s4, PMC8583383 Table 4 [V]"),
	S("QuiremSpheres", LUNG_DOSE_LIMIT_SESSION_GY, "s11, IFU via Vranken 2025 [V, second-hand]"),
	S("QuiremSpheres", LUNG_DOSE_LIMIT_CUMULATIVE_GY, "s7, van Roekel thesis [V]"),
	S("QuiremSpheres", WHOLE_LIVER_DOSE_TARGET_GY, "s11, van Roekel thesis p.125 [V]"),
};

const char *product_field_source(const char *product_name, radioembo_product_field field)
{
	size_t i;

	if (product_name == NULL)
		return NULL;
	for (i = 0; i < sizeof sources / sizeof sources[0]; i++)
		if (sources[i].field == (int)field && strcmp(sources[i].product, product_name) == 0)
			return sources[i].text;
	return NULL;
}
