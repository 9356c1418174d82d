/*
 * libradioembo - radioembolization planning and dosimetry
 * case.h: a case file (JSON, radioembo-case(5)) read into a plan and its uncertainty, and
 * computed into a planning report (report.h). One reader and one report vocabulary for every
 * front end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CASE_H
#define RADIOEMBO_CASE_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "plan.h"
#include "report.h"
#include "uncertainty.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct radioembo_case radioembo_case;

/*
 * A case from length bytes of JSON text (not necessarily NUL-terminated), or from the file
 * at path. Every key is checked: an unknown key, a value of the wrong type or one the
 * library refuses fails, and radioembo_case_error_key() names the key's path.
 */
RADIOEMBO_API int radioembo_case_new_from_json(const char *text, size_t length,
					       radioembo_case **case_out);
RADIOEMBO_API int radioembo_case_new_from_file(const char *path, radioembo_case **case_out);
RADIOEMBO_API void radioembo_case_free(radioembo_case *c);

/*
 * The key path ("lesions[0].volume_ml") of the last failing radioembo_case_* call on the
 * calling thread; "" when no key of the case is at fault. Valid until the next such failure.
 */
RADIOEMBO_API const char *radioembo_case_error_key(void);

/*
 * Every error of the case text found by the last failing radioembo_case_new_from_json()
 * or radioembo_case_new_from_file() call on the calling thread, in file order, up to 20:
 * their count (0 when no text was read: a NULL argument, a file that cannot be read, out
 * of memory), and each one's key path ("" for none) and message, borrowed and valid until
 * the next failing read on the thread; NULL when index is not below the count. Error 0 is
 * the one radioembo_case_error_key() and radioembo_last_error_message() give.
 */
RADIOEMBO_API int radioembo_case_error_count(size_t *count_out);
RADIOEMBO_API const char *radioembo_case_error_key_at(size_t index);
RADIOEMBO_API const char *radioembo_case_error_message_at(size_t index);

/* The case's "id" and "description", borrowed; NULL when the case has none. */
RADIOEMBO_API const char *radioembo_case_id(const radioembo_case *c);
RADIOEMBO_API const char *radioembo_case_description(const radioembo_case *c);
/* The case's plan and uncertainty (NULL when it has no "uncertainty" section), borrowed. */
RADIOEMBO_API const radioembo_plan *radioembo_case_plan(const radioembo_case *c);
RADIOEMBO_API const radioembo_uncertainty *radioembo_case_uncertainty(const radioembo_case *c);

/*
 * How the report propagates the uncertainty: 0 (not at all) unless the case's section or
 * the setter names a method. Setting a method needs an "uncertainty" section.
 */
RADIOEMBO_API int radioembo_case_get_propagation_method(const radioembo_case *c,
							radioembo_propagation_method *method_out);
RADIOEMBO_API int radioembo_case_set_propagation_method(radioembo_case *c,
							radioembo_propagation_method method);
/* Monte Carlo settings: samples 2 to 10000000 (default 10000), seed 0 to 2^53 - 1 (1). */
RADIOEMBO_API int radioembo_case_get_samples(const radioembo_case *c, size_t *samples_out);
RADIOEMBO_API int radioembo_case_set_samples(radioembo_case *c, size_t samples);
RADIOEMBO_API int radioembo_case_get_seed(const radioembo_case *c, uint64_t *seed_out);
RADIOEMBO_API int radioembo_case_set_seed(radioembo_case *c, uint64_t seed);
/* The Monte Carlo generator (radioembo_uncertainty_set_generator()). */
RADIOEMBO_API int radioembo_case_set_generator(radioembo_case *c, const char *name);
/*
 * The threads of the case's Monte Carlo propagation (radioembo_uncertainty_set_threads(),
 * 1 to 1024; 1 unless set): accepted, and unused, by a case without uncertainty inputs.
 */
RADIOEMBO_API int radioembo_case_set_threads(radioembo_case *c, size_t threads);

/*
 * Computes the case's report: every model, the chosen activity, the dose-versus-activity
 * table, and the propagation of the uncertainty when a method is set.
 */
RADIOEMBO_API int radioembo_case_compute(const radioembo_case *c, radioembo_report **report_out);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_CASE_H */
