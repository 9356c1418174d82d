/*
 * Radionuclides of microsphere products and their default physical data.
 *
 * Defaults (see radioembo-sources(7) PHYSICAL to DOSE-FACTOR and radioembo_nuclide(3)):
 * - Y-90 half-life 64.1 h: the value both vendors print (TheraSphere package insert v12;
 *   SIR-Spheres product tables). Competing: 64.04 h (DDEP), 64.05 h (NUBASE2020),
 *   64.2 h (EANM 2022).
 * - Y-90 dose factor 49.67 Gy kg/GBq: Utrecht/EANM-style formulas (van Roekel thesis).
 *   Competing: 50 (TheraSphere package insert), 49.38 (Gulec 2006 / TG-144).
 * - Ho-166 half-life 26.8 h (EANM 2022) and dose factor 15.87 Gy kg/GBq (Utrecht group,
 *   J Nucl Med 2016;57 suppl 2:199).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stddef.h>

#include "core/internal.h"

struct nuclide_data {
	radioembo_nuclide id;
	const char *name;
	const char *aliases[4];
	double half_life_h;
	double dose_factor_gy_kg_per_gbq;
};

static const struct nuclide_data nuclides[] = {
	{ RADIOEMBO_NUCLIDE_Y90, "Y-90", { "Y90", "90Y", "yttrium-90", NULL }, 64.1, 49.67 },
	{ RADIOEMBO_NUCLIDE_HO166, "Ho-166", { "Ho166", "166Ho", "holmium-166", NULL }, 26.8, 15.87 },
};

#define NUCLIDE_COUNT (sizeof nuclides / sizeof nuclides[0])

static const struct nuclide_data *find_by_id(radioembo_nuclide id)
{
	size_t i;

	for (i = 0; i < NUCLIDE_COUNT; i++)
		if (nuclides[i].id == id)
			return &nuclides[i];
	return NULL;
}

static int lookup(radioembo_nuclide id, const struct nuclide_data **data_out)
{
	const struct nuclide_data *data = find_by_id(id);

	if (data == NULL)
		return radioembo__fail(RADIOEMBO_EINVAL, "nuclide",
				       "nuclide must be a radioembo_nuclide value, got %d",
				       (int)id);
	*data_out = data;
	return RADIOEMBO_OK;
}

int radioembo_nuclide_from_name(const char *name, radioembo_nuclide *nuclide_out)
{
	size_t i, j;
	int rc;

	if ((rc = radioembo__require_pointer("name", name)) ||
	    (rc = radioembo__require_pointer("nuclide_out", nuclide_out)))
		return rc;
	for (i = 0; i < NUCLIDE_COUNT; i++) {
		int match = radioembo__names_match(name, nuclides[i].name);
		for (j = 0; !match && nuclides[i].aliases[j] != NULL; j++)
			match = radioembo__names_match(name, nuclides[i].aliases[j]);
		if (match) {
			*nuclide_out = nuclides[i].id;
			return RADIOEMBO_OK;
		}
	}
	return radioembo__fail(RADIOEMBO_ENOTFOUND, "name",
			       "name \"%.64s\" is not a known nuclide (Y-90, Ho-166)", name);
}

const char *radioembo_nuclide_name(radioembo_nuclide nuclide)
{
	const struct nuclide_data *data = find_by_id(nuclide);

	return data != NULL ? data->name : NULL;
}

int radioembo_nuclide_half_life_h(radioembo_nuclide nuclide, double *half_life_h_out)
{
	const struct nuclide_data *data = NULL;
	int rc;

	if ((rc = lookup(nuclide, &data)) ||
	    (rc = radioembo__require_pointer("half_life_h_out", half_life_h_out)))
		return rc;
	*half_life_h_out = data->half_life_h;
	return RADIOEMBO_OK;
}

int radioembo_nuclide_dose_factor(radioembo_nuclide nuclide, double *gy_kg_per_gbq_out)
{
	const struct nuclide_data *data = NULL;
	int rc;

	if ((rc = lookup(nuclide, &data)) ||
	    (rc = radioembo__require_pointer("gy_kg_per_gbq_out", gy_kg_per_gbq_out)))
		return rc;
	*gy_kg_per_gbq_out = data->dose_factor_gy_kg_per_gbq;
	return RADIOEMBO_OK;
}
