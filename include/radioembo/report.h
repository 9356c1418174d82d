/*
 * libradioembo - radioembolization planning and dosimetry
 * report.h: a case's planning report (radioembo_case_compute() in case.h): the JSON
 * document that `radioembo plan --format json` writes, and the result it was computed from.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_REPORT_H
#define RADIOEMBO_REPORT_H

#include "common.h"
#include "result.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct radioembo_report radioembo_report;

RADIOEMBO_API void radioembo_report_free(radioembo_report *report);

/*
 * The report as JSON text (layout in radioembo(1), OUTPUT), NUL-terminated and ending with a
 * newline; borrowed: it lives as long as the report. NULL for a NULL report.
 */
RADIOEMBO_API const char *radioembo_report_json(const radioembo_report *report);
/* *has_violation_out = 1 when the plan breaks a limit (a VIOLATION diagnostic), else 0. */
RADIOEMBO_API int radioembo_report_has_violation(const radioembo_report *report,
						 int *has_violation_out);
/* The plan's result the report shows, borrowed. NULL for a NULL report. */
RADIOEMBO_API const radioembo_result *radioembo_report_result(const radioembo_report *report);

/*
 * The report's words for people, so that every front end shows the same ones: for a key of
 * the JSON report, its label ("lsf": "lung shunt fraction"), the unit of its value ("Gy",
 * "GBq", "fraction" for a value within [0, 1], "" for none), and the group of a figure
 * ("activity", "dose", "bed", "constant", "limit", "risk"; "" for a key that is no figure).
 * Static text; NULL for NULL or a key the report does not write.
 */
RADIOEMBO_API const char *radioembo_report_key_label(const char *key);
RADIOEMBO_API const char *radioembo_report_key_unit(const char *key);
RADIOEMBO_API const char *radioembo_report_key_group(const char *key);
/*
 * The label of a key where it sits, for a leaf written in several objects ("id" of the case
 * and of the patient): path is the dot-separated keys from the document's root, array
 * positions as "[n]" or left out ("case.patient.id", "lesions[0].label"). The leaf's
 * radioembo_report_key_label() where its place changes nothing. Static text; NULL for NULL
 * or a path with a key the report does not write.
 */
RADIOEMBO_API const char *radioembo_report_path_label(const char *path);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_REPORT_H */
