/*
 * libradioembo - radioembolization planning and dosimetry
 * uncertainty.h: the uncertainties of a plan's inputs (vial assay, residual, LSF, volumes,
 * TNR, density, lung mass), which propagation.h carries to the plan's doses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_UNCERTAINTY_H
#define RADIOEMBO_UNCERTAINTY_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct radioembo_uncertainty radioembo_uncertainty;

/*
 * Uncertain inputs. Values are frozen and append-only. The spread of the fractions (residual,
 * LSF) is absolute; every other spread is relative to the planned value. TNR and lesion
 * volume apply to each lesion independently; on a whole-liver plan the treated volume is the
 * liver volume.
 */
typedef enum {
	RADIOEMBO_INPUT_ACTIVITY = 1,          /* administered activity (vial assay), relative */
	RADIOEMBO_INPUT_RESIDUAL_FRACTION = 2, /* absolute */
	RADIOEMBO_INPUT_LSF = 3,               /* absolute */
	RADIOEMBO_INPUT_TREATED_VOLUME = 4,    /* perfused territory volume, relative */
	RADIOEMBO_INPUT_LIVER_VOLUME = 5,      /* whole liver volume, relative */
	RADIOEMBO_INPUT_LESION_VOLUME = 6,     /* each lesion's volume, relative */
	RADIOEMBO_INPUT_TNR = 7,               /* each lesion's TNR, relative */
	RADIOEMBO_INPUT_LIVER_DENSITY = 8,     /* relative */
	RADIOEMBO_INPUT_LUNG_MASS = 9          /* relative */
} radioembo_uncertain_input;

typedef enum {
	RADIOEMBO_DISTRIBUTION_NONE = 0,      /* exact */
	RADIOEMBO_DISTRIBUTION_NORMAL = 1,    /* spread: standard deviation */
	RADIOEMBO_DISTRIBUTION_LOGNORMAL = 2, /* spread: standard deviation of the logarithm */
	RADIOEMBO_DISTRIBUTION_UNIFORM = 3    /* spread: half-width */
} radioembo_distribution;

/*
 * The stable lowercase names of these values, as the case file's "uncertainty" section and
 * the JSON report spell them ("residual_fraction", "lognormal"); NULL for a value that names
 * none (RADIOEMBO_DISTRIBUTION_NONE included: an exact input).
 */
RADIOEMBO_API const char *radioembo_uncertain_input_name(radioembo_uncertain_input input);
RADIOEMBO_API const char *radioembo_distribution_name(radioembo_distribution distribution);

/* Input uncertainties, all inputs exact to begin with. */
RADIOEMBO_API int radioembo_uncertainty_new(radioembo_uncertainty **uncertainty_out);
RADIOEMBO_API int radioembo_uncertainty_copy(const radioembo_uncertainty *uncertainty,
					     radioembo_uncertainty **copy_out);
RADIOEMBO_API void radioembo_uncertainty_free(radioembo_uncertainty *uncertainty);
/* spread >= 0 (0 or RADIOEMBO_DISTRIBUTION_NONE: exact); relative spreads < 1. */
RADIOEMBO_API int radioembo_uncertainty_set_input(radioembo_uncertainty *uncertainty,
						  radioembo_uncertain_input input,
						  radioembo_distribution distribution,
						  double spread);
RADIOEMBO_API int radioembo_uncertainty_get_input(const radioembo_uncertainty *uncertainty,
						  radioembo_uncertain_input input,
						  radioembo_distribution *distribution_out,
						  double *spread_out);
/*
 * The GSL generator type of the Monte Carlo propagation, by GSL's name: "gfsr4" (the
 * default), "mt19937" or "taus2". The getter returns the name (static storage), or
 * NULL for a NULL uncertainty.
 */
RADIOEMBO_API int radioembo_uncertainty_set_generator(radioembo_uncertainty *uncertainty,
						      const char *name);
RADIOEMBO_API const char *radioembo_uncertainty_generator(
	const radioembo_uncertainty *uncertainty);
/*
 * The threads a Monte Carlo propagation with this spec may use, 1 (the default) to 1024:
 * started for the call and joined before it returns. The samples do not depend on it: the
 * same seed gives the same propagation, bit for bit, for any thread count.
 */
RADIOEMBO_API int radioembo_uncertainty_set_threads(radioembo_uncertainty *uncertainty,
						    size_t threads);
RADIOEMBO_API int radioembo_uncertainty_get_threads(const radioembo_uncertainty *uncertainty,
						    size_t *threads_out);

#ifdef __cplusplus
}
#endif

/* The propagation functions, declared here before 1.4, so that this header still gives them. */
#include "propagation.h"

#endif /* RADIOEMBO_UNCERTAINTY_H */
