/*
 * The uncertainty spec (radioembo_uncertainty): how each input of a plan may vary (its
 * distribution and spread) and which generator draws the Monte Carlo samples.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "uncertainty/sampler.h"
#include "uncertainty/uncertainty_internal.h"

int radioembo__input_is_relative(radioembo_uncertain_input input)
{
	return input != RADIOEMBO_INPUT_RESIDUAL_FRACTION && input != RADIOEMBO_INPUT_LSF;
}

int radioembo__input_is_per_lesion(radioembo_uncertain_input input)
{
	return input == RADIOEMBO_INPUT_LESION_VOLUME || input == RADIOEMBO_INPUT_TNR;
}

int radioembo__require_input(radioembo_uncertain_input input)
{
	if (!((int)input >= 1 && input <= RADIOEMBO__INPUT_LAST))
		return radioembo__fail(RADIOEMBO_EINVAL, "input",
				       "input must be a radioembo_uncertain_input value, got %d",
				       (int)input);
	return RADIOEMBO_OK;
}

int radioembo_uncertainty_new(radioembo_uncertainty **uncertainty_out)
{
	radioembo_uncertainty *uncertainty;
	int rc;

	if ((rc = radioembo__require_pointer("uncertainty_out", uncertainty_out)))
		return rc;
	if ((uncertainty = radioembo__allocate(sizeof *uncertainty, "an uncertainty")) == NULL)
		return RADIOEMBO_ENOMEM;
	uncertainty->threads = 1;
	*uncertainty_out = uncertainty;
	return RADIOEMBO_OK;
}

int radioembo_uncertainty_copy(const radioembo_uncertainty *uncertainty,
			       radioembo_uncertainty **copy_out)
{
	int rc;

	/* copy_out checked here: radioembo_uncertainty_new() would name it uncertainty_out */
	if ((rc = radioembo__require_pointer("uncertainty", uncertainty)) ||
	    (rc = radioembo__require_pointer("copy_out", copy_out)) ||
	    (rc = radioembo_uncertainty_new(copy_out)))
		return rc;
	**copy_out = *uncertainty;
	return RADIOEMBO_OK;
}

void radioembo_uncertainty_free(radioembo_uncertainty *uncertainty)
{
	free(uncertainty);
}

int radioembo_uncertainty_set_input(radioembo_uncertainty *uncertainty,
				    radioembo_uncertain_input input,
				    radioembo_distribution distribution, double spread)
{
	int rc;

	if ((rc = radioembo__require_pointer("uncertainty", uncertainty)) ||
	    (rc = radioembo__require_input(input)))
		return rc;
	if (!((int)distribution >= RADIOEMBO_DISTRIBUTION_NONE &&
	      distribution <= RADIOEMBO_DISTRIBUTION_UNIFORM))
		return radioembo__fail(
			RADIOEMBO_EINVAL, "distribution",
			"distribution must be a radioembo_distribution value, got %d",
			(int)distribution);
	/* A relative spread of 1 or more would let a mass or an activity reach zero. */
	if ((rc = radioembo__input_is_relative(input) ||
				  distribution == RADIOEMBO_DISTRIBUTION_LOGNORMAL
			  ? radioembo__require_within("spread", spread, 0.0, 0.99)
			  : radioembo__require_within("spread", spread, 0.0, 0.5)))
		return rc;
	uncertainty->distribution[input] =
		spread == 0.0 ? RADIOEMBO_DISTRIBUTION_NONE : distribution;
	uncertainty->spread[input] = uncertainty->distribution[input] ? spread : 0.0;
	return RADIOEMBO_OK;
}

int radioembo_uncertainty_get_input(const radioembo_uncertainty *uncertainty,
				    radioembo_uncertain_input input,
				    radioembo_distribution *distribution_out, double *spread_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("uncertainty", uncertainty)) ||
	    (rc = radioembo__require_input(input)) ||
	    (rc = radioembo__require_pointer("distribution_out", distribution_out)) ||
	    (rc = radioembo__require_pointer("spread_out", spread_out)))
		return rc;
	*distribution_out = uncertainty->distribution[input];
	*spread_out = uncertainty->spread[input];
	return RADIOEMBO_OK;
}

int radioembo_uncertainty_set_generator(radioembo_uncertainty *uncertainty, const char *name)
{
	size_t i;
	int rc;

	if ((rc = radioembo__require_pointer("uncertainty", uncertainty)) ||
	    (rc = radioembo__require_pointer("name", name)))
		return rc;
	for (i = 0; radioembo__generator_name((int)i) != NULL; i++)
		if (strcmp(name, radioembo__generator_name((int)i)) == 0) {
			uncertainty->generator = (int)i;
			return RADIOEMBO_OK;
		}
	return radioembo__fail(RADIOEMBO_EINVAL, "name",
			       "name must be one of gfsr4, mt19937, taus2, got \"%.40s\"", name);
}

const char *radioembo_uncertainty_generator(const radioembo_uncertainty *uncertainty)
{
	return uncertainty != NULL ? radioembo__generator_name(uncertainty->generator) : NULL;
}

int radioembo_uncertainty_set_threads(radioembo_uncertainty *uncertainty, size_t threads)
{
	int rc;

	if ((rc = radioembo__require_pointer("uncertainty", uncertainty)) ||
	    (rc = radioembo__require_threads("threads", threads)))
		return rc;
	uncertainty->threads = threads;
	return RADIOEMBO_OK;
}

int radioembo_uncertainty_get_threads(const radioembo_uncertainty *uncertainty, size_t *threads_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("uncertainty", uncertainty)) ||
	    (rc = radioembo__require_pointer("threads_out", threads_out)))
		return rc;
	*threads_out = uncertainty->threads;
	return RADIOEMBO_OK;
}
