/*
 * The liver compartment: lesions (owned copies), perfused territories, and the normal-liver
 * volumes derived from them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "planning/plausibility.h"

#define NO_TERRITORY SIZE_MAX

struct territory {
	char *label;
	double volume_ml;
};

struct radioembo_liver {
	double volume_ml;
	double density_g_per_ml;
	radioembo_lesion **lesions;
	size_t *lesion_territory; /* per lesion: territory index or NO_TERRITORY */
	size_t lesion_count;
	size_t lesion_capacity, lesion_territory_capacity; /* of the two arrays above */
	struct territory *territories;
	size_t territory_count, territory_capacity;
};

int radioembo_liver_new(double volume_ml, double density_g_per_ml, radioembo_liver **liver_out)
{
	radioembo_liver *liver;
	int rc;

	if ((rc = radioembo__require_positive("volume_ml", volume_ml)) ||
	    (rc = radioembo__require_tissue_volume("volume_ml", volume_ml)) ||
	    (rc = radioembo__require_tissue_density("density_g_per_ml", density_g_per_ml)) ||
	    (rc = radioembo__require_pointer("liver_out", liver_out)))
		return rc;
	if ((liver = radioembo__allocate(sizeof *liver, "a liver")) == NULL)
		return RADIOEMBO_ENOMEM;
	liver->volume_ml = volume_ml;
	liver->density_g_per_ml = density_g_per_ml;
	*liver_out = liver;
	return RADIOEMBO_OK;
}

void radioembo_liver_free(radioembo_liver *liver)
{
	size_t i;

	if (liver == NULL)
		return;
	for (i = 0; i < liver->lesion_count; i++)
		radioembo_lesion_free(liver->lesions[i]);
	for (i = 0; i < liver->territory_count; i++)
		free(liver->territories[i].label);
	free(liver->lesions);
	free(liver->lesion_territory);
	free(liver->territories);
	free(liver);
}

int radioembo_liver_copy(const radioembo_liver *liver, radioembo_liver **copy_out)
{
	radioembo_liver *copy;
	size_t i;
	int rc;

	if ((rc = radioembo__require_pointer("liver", liver)) ||
	    (rc = radioembo__require_pointer("copy_out", copy_out)) ||
	    (rc = radioembo_liver_new(liver->volume_ml, liver->density_g_per_ml, &copy)))
		return rc;
	/* room for exactly what is copied, so that a copy holds no spare capacity */
	if ((rc = radioembo__reserve((void **)&copy->territories, 0, &copy->territory_capacity,
				     liver->territory_count, liver->territory_count,
				     sizeof *copy->territories, "territories")) == RADIOEMBO_OK &&
	    (rc = radioembo__reserve((void **)&copy->lesion_territory, 0,
				     &copy->lesion_territory_capacity, liver->lesion_count,
				     liver->lesion_count, sizeof *copy->lesion_territory,
				     "lesions")) == RADIOEMBO_OK)
		rc = radioembo__reserve((void **)&copy->lesions, 0, &copy->lesion_capacity,
					liver->lesion_count, liver->lesion_count,
					sizeof *copy->lesions, "lesions");
	for (i = 0; rc == RADIOEMBO_OK && i < liver->territory_count; i++)
		rc = radioembo_liver_add_territory(copy, liver->territories[i].label,
						   liver->territories[i].volume_ml, NULL);
	for (i = 0; rc == RADIOEMBO_OK && i < liver->lesion_count; i++)
		rc = radioembo_liver_add_lesion(copy, liver->lesions[i], NULL);
	if (rc != RADIOEMBO_OK) {
		radioembo_liver_free(copy);
		return rc;
	}
	for (i = 0; i < liver->lesion_count; i++)
		copy->lesion_territory[i] = liver->lesion_territory[i];
	*copy_out = copy;
	return RADIOEMBO_OK;
}

int radioembo_liver_get_volume_ml(const radioembo_liver *liver, double *volume_ml_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("liver", liver)) ||
	    (rc = radioembo__require_pointer("volume_ml_out", volume_ml_out)))
		return rc;
	*volume_ml_out = liver->volume_ml;
	return RADIOEMBO_OK;
}

int radioembo_liver_set_volume_ml(radioembo_liver *liver, double volume_ml)
{
	int rc;

	if ((rc = radioembo__require_pointer("liver", liver)) ||
	    (rc = radioembo__require_positive("volume_ml", volume_ml)) ||
	    (rc = radioembo__require_tissue_volume("volume_ml", volume_ml)))
		return rc;
	liver->volume_ml = volume_ml;
	return RADIOEMBO_OK;
}

int radioembo_liver_get_density_g_per_ml(const radioembo_liver *liver,
					 double *density_g_per_ml_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("liver", liver)) ||
	    (rc = radioembo__require_pointer("density_g_per_ml_out", density_g_per_ml_out)))
		return rc;
	*density_g_per_ml_out = liver->density_g_per_ml;
	return RADIOEMBO_OK;
}

int radioembo_liver_set_density_g_per_ml(radioembo_liver *liver, double density_g_per_ml)
{
	int rc;

	if ((rc = radioembo__require_pointer("liver", liver)) ||
	    (rc = radioembo__require_tissue_density("density_g_per_ml", density_g_per_ml)))
		return rc;
	liver->density_g_per_ml = density_g_per_ml;
	return RADIOEMBO_OK;
}

/* `name` is the caller's parameter ("index", "lesion_index"), so the message names it. */
static int require_lesion_index(const radioembo_liver *liver, const char *name, size_t index)
{
	if (index >= liver->lesion_count)
		return radioembo__fail(RADIOEMBO_EINVAL, name,
				       "%s must be below the lesion count %zu, got %zu", name,
				       liver->lesion_count, index);
	return RADIOEMBO_OK;
}

static int require_territory_index(const radioembo_liver *liver, const char *name,
				   size_t index)
{
	if (index >= liver->territory_count)
		return radioembo__fail(RADIOEMBO_EINVAL, name,
				       "%s must be below the territory count %zu, got %zu", name,
				       liver->territory_count, index);
	return RADIOEMBO_OK;
}

int radioembo_liver_add_lesion(radioembo_liver *liver, const radioembo_lesion *lesion,
			       size_t *index_out)
{
	radioembo_lesion *copy;
	int rc;

	if ((rc = radioembo__require_pointer("liver", liver)) ||
	    (rc = radioembo__require_pointer("lesion", lesion)) ||
	    (rc = radioembo_lesion_copy(lesion, &copy)))
		return rc;
	/*
	 * Both arrays have room before either is written: a failure only grows a capacity,
	 * so the liver is unchanged.
	 */
	if ((rc = radioembo__reserve((void **)&liver->lesion_territory, liver->lesion_count,
				     &liver->lesion_territory_capacity, liver->lesion_count + 1, 4,
				     sizeof *liver->lesion_territory, "lesions")) ||
	    (rc = radioembo__reserve((void **)&liver->lesions, liver->lesion_count,
				     &liver->lesion_capacity, liver->lesion_count + 1, 4,
				     sizeof *liver->lesions, "lesions"))) {
		radioembo_lesion_free(copy);
		return rc;
	}
	liver->lesion_territory[liver->lesion_count] = NO_TERRITORY;
	liver->lesions[liver->lesion_count] = copy;
	if (index_out != NULL)
		*index_out = liver->lesion_count;
	liver->lesion_count++;
	return RADIOEMBO_OK;
}

int radioembo_liver_lesion_count(const radioembo_liver *liver, size_t *count_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("liver", liver)) ||
	    (rc = radioembo__require_pointer("count_out", count_out)))
		return rc;
	*count_out = liver->lesion_count;
	return RADIOEMBO_OK;
}

int radioembo_liver_get_lesion(const radioembo_liver *liver, size_t index,
			       const radioembo_lesion **lesion_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("liver", liver)) ||
	    (rc = require_lesion_index(liver, "index", index)) ||
	    (rc = radioembo__require_pointer("lesion_out", lesion_out)))
		return rc;
	*lesion_out = liver->lesions[index];
	return RADIOEMBO_OK;
}

int radioembo_liver_add_territory(radioembo_liver *liver, const char *label, double volume_ml,
				  size_t *index_out)
{
	struct territory territory;
	int rc;

	if ((rc = radioembo__require_pointer("liver", liver)) ||
	    (rc = radioembo__require_pointer("label", label)) ||
	    (rc = radioembo__require_positive("volume_ml", volume_ml)) ||
	    (rc = radioembo__require_tissue_volume("volume_ml", volume_ml)) ||
	    (rc = radioembo__copy_label("label", label, &territory.label)))
		return rc;
	territory.volume_ml = volume_ml;
	if ((rc = radioembo__reserve((void **)&liver->territories, liver->territory_count,
				     &liver->territory_capacity, liver->territory_count + 1, 4,
				     sizeof territory, "territories"))) {
		free(territory.label);
		return rc;
	}
	liver->territories[liver->territory_count] = territory;
	if (index_out != NULL)
		*index_out = liver->territory_count;
	liver->territory_count++;
	return RADIOEMBO_OK;
}

int radioembo_liver_territory_count(const radioembo_liver *liver, size_t *count_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("liver", liver)) ||
	    (rc = radioembo__require_pointer("count_out", count_out)))
		return rc;
	*count_out = liver->territory_count;
	return RADIOEMBO_OK;
}

const char *radioembo_liver_territory_label(const radioembo_liver *liver, size_t index)
{
	if (liver == NULL || index >= liver->territory_count)
		return NULL;
	return liver->territories[index].label;
}

int radioembo_liver_get_territory_volume_ml(const radioembo_liver *liver, size_t index,
					    double *volume_ml_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("liver", liver)) ||
	    (rc = require_territory_index(liver, "index", index)) ||
	    (rc = radioembo__require_pointer("volume_ml_out", volume_ml_out)))
		return rc;
	*volume_ml_out = liver->territories[index].volume_ml;
	return RADIOEMBO_OK;
}

int radioembo_liver_assign_lesion(radioembo_liver *liver, size_t lesion_index,
				  size_t territory_index)
{
	int rc;

	if ((rc = radioembo__require_pointer("liver", liver)) ||
	    (rc = require_lesion_index(liver, "lesion_index", lesion_index)) ||
	    (rc = require_territory_index(liver, "territory_index", territory_index)))
		return rc;
	liver->lesion_territory[lesion_index] = territory_index;
	return RADIOEMBO_OK;
}

int radioembo_liver_get_lesion_territory(const radioembo_liver *liver, size_t lesion_index,
					 size_t *territory_index_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("liver", liver)) ||
	    (rc = require_lesion_index(liver, "lesion_index", lesion_index)) ||
	    (rc = radioembo__require_pointer("territory_index_out", territory_index_out)))
		return rc;
	if (liver->lesion_territory[lesion_index] == NO_TERRITORY)
		return radioembo__fail(RADIOEMBO_ENOTFOUND, "lesion_index",
				       "lesion %zu (\"%s\") is in no territory", lesion_index,
				       radioembo_lesion_label(liver->lesions[lesion_index]));
	*territory_index_out = liver->lesion_territory[lesion_index];
	return RADIOEMBO_OK;
}

/*
 * The volume of the whole liver (territory NO_TERRITORY: minus all lesions) or of one
 * territory (minus the lesions assigned to it). ERANGE if nothing normal is left.
 */
static int normal_volume(const radioembo_liver *liver, size_t territory, double *volume_ml_out)
{
	char lesions_text[RADIOEMBO__DOUBLE_TEXT_SIZE], volume_text[RADIOEMBO__DOUBLE_TEXT_SIZE];
	double volume_ml, lesions_ml = 0.0, lesion_ml;
	size_t i;

	volume_ml = territory == NO_TERRITORY ? liver->volume_ml
					      : liver->territories[territory].volume_ml;
	for (i = 0; i < liver->lesion_count; i++) {
		if (territory != NO_TERRITORY && liver->lesion_territory[i] != territory)
			continue;
		radioembo_lesion_get_volume_ml(liver->lesions[i], &lesion_ml);
		lesions_ml += lesion_ml;
	}
	/* Also catches a sum of lesion volumes that overflowed to +Inf. */
	if (volume_ml - lesions_ml > 0.0) {
		*volume_ml_out = volume_ml - lesions_ml;
		return RADIOEMBO_OK;
	}
	radioembo__format_double(lesions_ml, lesions_text);
	radioembo__format_double(volume_ml, volume_text);
	if (territory == NO_TERRITORY)
		return radioembo__fail(
			RADIOEMBO_ERANGE, "liver",
			"the lesions (%s mL) fill or exceed the liver volume_ml (%s mL)",
			lesions_text, volume_text);
	return radioembo__fail(RADIOEMBO_ERANGE, "territory_index",
			       "the lesions in territory_index %zu (\"%s\", %s mL) fill or exceed "
			       "its volume_ml (%s mL)",
			       territory, liver->territories[territory].label, lesions_text,
			       volume_text);
}

int radioembo_liver_normal_volume_ml(const radioembo_liver *liver, double *volume_ml_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("liver", liver)) ||
	    (rc = radioembo__require_pointer("volume_ml_out", volume_ml_out)))
		return rc;
	return normal_volume(liver, NO_TERRITORY, volume_ml_out);
}

int radioembo_liver_territory_normal_volume_ml(const radioembo_liver *liver,
					       size_t territory_index, double *volume_ml_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("liver", liver)) ||
	    (rc = require_territory_index(liver, "territory_index", territory_index)) ||
	    (rc = radioembo__require_pointer("volume_ml_out", volume_ml_out)))
		return rc;
	return normal_volume(liver, territory_index, volume_ml_out);
}

int radioembo__liver_check_geometry(const radioembo_liver *liver, size_t *territory_out)
{
	double *sums, all_ml = 0.0, lesion_ml;
	size_t i, t;
	int rc = RADIOEMBO_OK;

	if (territory_out != NULL)
		*territory_out = SIZE_MAX;
	for (t = 0; t < liver->territory_count; t++)
		if (liver->territories[t].volume_ml > liver->volume_ml) {
			if (territory_out != NULL)
				*territory_out = t;
			return radioembo__fail(
				RADIOEMBO_EINVAL, "volume_ml",
				"territory \"%s\" (volume_ml %g mL) is larger than the liver "
				"(%g mL) that holds it: litres typed as millilitres?",
				liver->territories[t].label, liver->territories[t].volume_ml,
				liver->volume_ml);
		}
	sums = radioembo__allocate((liver->territory_count + 1) * sizeof *sums, "territory sums");
	if (sums == NULL)
		return RADIOEMBO_ENOMEM;
	for (i = 0; i < liver->lesion_count; i++) {
		radioembo_lesion_get_volume_ml(liver->lesions[i], &lesion_ml);
		all_ml += lesion_ml;
		if (liver->lesion_territory[i] != NO_TERRITORY)
			sums[liver->lesion_territory[i]] += lesion_ml;
	}
	/* lesions exactly filling their volume are possible, but leave no model to run */
	for (t = 0; t < liver->territory_count && rc == RADIOEMBO_OK; t++)
		if (sums[t] > liver->territories[t].volume_ml) {
			if (territory_out != NULL)
				*territory_out = t;
			rc = radioembo__fail(RADIOEMBO_EINVAL, "volume_ml",
					     "the lesions of territory \"%s\" (%g mL) exceed its "
					     "volume_ml (%g mL) that holds them",
					     liver->territories[t].label, sums[t],
					     liver->territories[t].volume_ml);
		}
	if (rc == RADIOEMBO_OK && all_ml > liver->volume_ml)
		rc = radioembo__fail(
			RADIOEMBO_EINVAL, "volume_ml",
			"the lesions (%g mL) exceed the liver's volume_ml (%g mL) that "
			"holds them",
			all_ml, liver->volume_ml);
	free(sums);
	return rc;
}

static int compare_labels(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* EINVAL naming the first label of labels[0..n) that comes twice; sorts labels. */
static int require_distinct(const char **labels, size_t n, const char *what)
{
	size_t i;

	qsort(labels, n, sizeof *labels, compare_labels);
	for (i = 1; i < n; i++)
		if (strcmp(labels[i - 1], labels[i]) == 0)
			return radioembo__fail(
				RADIOEMBO_EINVAL, "label",
				"two %s have the label \"%s\": labels must be unique", what,
				labels[i]);
	return RADIOEMBO_OK;
}

int radioembo__liver_check_labels(const radioembo_liver *liver)
{
	size_t n = liver->lesion_count > liver->territory_count ? liver->lesion_count
								: liver->territory_count;
	const char **labels = radioembo__allocate((n + 1) * sizeof *labels, "labels");
	size_t i;
	int rc;

	if (labels == NULL)
		return RADIOEMBO_ENOMEM;
	for (i = 0; i < liver->lesion_count; i++)
		labels[i] = radioembo_lesion_label(liver->lesions[i]);
	if ((rc = require_distinct(labels, liver->lesion_count, "lesions")) == RADIOEMBO_OK) {
		for (i = 0; i < liver->territory_count; i++)
			labels[i] = liver->territories[i].label;
		rc = require_distinct(labels, liver->territory_count, "territories");
	}
	free(labels);
	return rc;
}
