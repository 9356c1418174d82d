/*
 * The people a case file names, for the signed report: the patient's identifier and name
 * (patient.id, patient.name) and who planned, checked and approved the plan (sign_off).
 * The library only carries them into the report; it computes nothing from them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "case/case_internal.h"

const char *const radioembo__case_sign_off_keys[RADIOEMBO__CASE_SIGN_OFF_COUNT] = { "planned_by",
										    "checked_by",
										    "approved_by" };

/* An optional string at path.key, copied into *copy_out (which stays NULL when absent). */
static int read_text(struct radioembo__case_reader *r, json_t *object, const char *path,
		     const char *key, char **copy_out)
{
	const char *text = NULL;
	int rc;

	if ((rc = radioembo__case_get_string(r, object, path, key, 0, &text)) || text == NULL)
		return rc;
	return radioembo__case_duplicate(r, text, copy_out);
}

int radioembo__case_read_audit(struct radioembo__case_reader *r, json_t *root)
{
	static const char *const keys[] = { "planned_by", "checked_by", "approved_by", NULL };
	json_t *patient = radioembo__case_member(root, "patient");
	json_t *sign_off = radioembo__case_member(root, "sign_off");
	size_t i;
	int rc;

	/* the patient section's type and keys are checked where its size is read */
	if (json_is_object(patient) &&
	    ((rc = read_text(r, patient, "patient", "id", &r->c->patient_id)) ||
	     (rc = read_text(r, patient, "patient", "name", &r->c->patient_name))))
		return rc;
	if (sign_off == NULL)
		return 0;
	if ((rc = radioembo__case_require_object(r, sign_off, "sign_off", keys)))
		return rc;
	for (i = 0; i < RADIOEMBO__CASE_SIGN_OFF_COUNT; i++)
		if ((rc = read_text(r, sign_off, "sign_off", radioembo__case_sign_off_keys[i],
				    &r->c->sign_off[i])))
			return rc;
	return 0;
}
