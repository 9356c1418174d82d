/*
 * radioembo(1): the plan command's uncertainty flags. The case's "uncertainty" section
 * (radioembo-case(5)) says what to propagate; --uncertainty, --samples, --seed,
 * --generator and --threads override it through the case's setters (radioembo_case(3)).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_PLAN_FLAGS_H
#define RADIOEMBO_CLI_PLAN_FLAGS_H

#include <radioembo.h>

#include "cli.h"

/*
 * Applies the flags (NULL: not given) to the case: --uncertainty sets or overrides the
 * method, --samples, --seed and --generator the Monte Carlo settings. Usage errors: a
 * method that is not known, flags for a case without uncertain inputs, --samples, --seed
 * or --generator for a method other than Monte Carlo, a count out of range, a generator
 * the library does not know. --threads (NULL: the processors online) sets the Monte Carlo
 * threads, which change no figure; a whole number from 1 to 1024.
 */
int plan_flags_apply(radioembo_case *c, const char *method, const char *samples, const char *seed,
		     const char *generator, const char *threads, struct cli_error *err);

#endif
