/*
 * radioembo(1): what a DICOM object says of itself (struct dicom_info): its
 * identifiers and the names of its labels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string>

#include "dicom_internal.hh"

namespace dicom
{

void fill_info(DcmDataset *ds, struct dicom_info *info)
{
	copy(info->modality, sizeof info->modality, text(ds, DCM_Modality));
	copy(info->study_uid, sizeof info->study_uid, text(ds, DCM_StudyInstanceUID));
	copy(info->frame_of_reference_uid, sizeof info->frame_of_reference_uid,
	     text(ds, DCM_FrameOfReferenceUID));
	copy(info->series_uid, sizeof info->series_uid, text(ds, DCM_SeriesInstanceUID));
	copy(info->patient_name, sizeof info->patient_name, text(ds, DCM_PatientName));
	copy(info->patient_id, sizeof info->patient_id, text(ds, DCM_PatientID));
	copy(info->study_date, sizeof info->study_date, text(ds, DCM_StudyDate));
	copy(info->study_time, sizeof info->study_time, text(ds, DCM_StudyTime));
	copy(info->study_id, sizeof info->study_id, text(ds, DCM_StudyID));
	copy(info->units, sizeof info->units, text(ds, DCM_Units));
}

/* Appends "L=name" to names, with ',' and '=' (the --label-names syntax) made spaces. */
void add_name(std::string &names, long label, std::string name)
{
	for (char &c : name)
		if (c == ',' || c == '=' || (unsigned char)c < 32)
			c = ' ';
	if (name.empty())
		return;
	names += format("%s%ld=", names.empty() ? "" : ",", label) + name;
}

} // namespace dicom
