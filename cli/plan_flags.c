/*
 * radioembo(1): the plan command's uncertainty flags (see plan_flags.h). The library owns
 * the names and the ranges; the flags only parse text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "plan_flags.h"

/*
 * A whole number flag: digits only, no sign, no exponent. Any other text is out of every
 * range, so it becomes UINT64_MAX and the library's setter words the range.
 */
static unsigned long long whole_flag(const char *text)
{
	unsigned long long value;
	size_t i;

	for (i = 0; text[i] >= '0' && text[i] <= '9'; i++)
		;
	if (i == 0 || text[i] != '\0')
		return UINT64_MAX;
	errno = 0;
	value = strtoull(text, NULL, 10);
	return errno == ERANGE ? UINT64_MAX : value;
}

static int refused(struct cli_error *err, int rc, const char *flag, const char *text)
{
	return cli_fail(err, cli_status_from_library(rc), "--%s \"%s\": %s", flag, text,
			radioembo_last_error_message());
}

int plan_flags_apply(radioembo_case *c, const char *method, const char *samples, const char *seed,
		     const char *generator, const char *threads, struct cli_error *err)
{
	radioembo_propagation_method current = (radioembo_propagation_method)0;
	unsigned long long value;
	size_t count;
	int rc;

	if ((rc = cli_parse_threads(threads, &count, err)))
		return rc;
	if ((rc = radioembo_case_set_threads(c, count)) != RADIOEMBO_OK)
		return refused(err, rc, "threads", threads != NULL ? threads : "");

	if (method != NULL) {
		radioembo_propagation_method wanted;
		if ((rc = radioembo_propagation_method_from_name(method, &wanted)) != RADIOEMBO_OK)
			return refused(err, rc, "uncertainty", method);
		rc = radioembo_case_set_propagation_method(c, wanted);
		/* ENOTFOUND: the case has no inputs (radioembo_case(3)), said in its words */
		if (rc == RADIOEMBO_ENOTFOUND)
			return cli_fail(
				err, CLI_EXIT_USAGE,
				"--uncertainty %s: the case has no \"uncertainty\" section with "
				"inputs, so there is nothing to propagate (see radioembo-case(5))",
				method);
		if (rc != RADIOEMBO_OK)
			return refused(err, rc, "uncertainty", method);
	}
	radioembo_case_get_propagation_method(c, &current);
	if ((samples != NULL || seed != NULL || generator != NULL) &&
	    current != RADIOEMBO_PROPAGATION_MONTE_CARLO) {
		const char *monte_carlo =
			radioembo_propagation_method_name(RADIOEMBO_PROPAGATION_MONTE_CARLO);
		return cli_fail(err, CLI_EXIT_USAGE, "--%s applies to the %s method only (%s %s)",
				samples != NULL ? "samples"
				: seed != NULL	? "seed"
						: "generator",
				monte_carlo, current != 0 ? "the method is" : "give --uncertainty",
				current != 0 ? radioembo_propagation_method_name(current)
					     : monte_carlo);
	}
	if (samples != NULL) {
		value = whole_flag(samples);
		rc = radioembo_case_set_samples(c, value > SIZE_MAX ? SIZE_MAX : (size_t)value);
		if (rc != RADIOEMBO_OK)
			return refused(err, rc, "samples", samples);
	}
	if (seed != NULL && (rc = radioembo_case_set_seed(c, whole_flag(seed))) != RADIOEMBO_OK)
		return refused(err, rc, "seed", seed);
	if (generator != NULL && (rc = radioembo_case_set_generator(c, generator)) != RADIOEMBO_OK)
		return refused(err, rc, "generator", generator);
	return 0;
}
