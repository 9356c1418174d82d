/*
 * radioembo(1): the RT Dose writer (dicom_dose_output_add in dicom.h): the RT Dose
 * dataset of a dose volume, saved by DCMTK and copied to the output.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <dcmtk/dcmdata/dcuid.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <new>
#include <string>
#include <vector>

#include "dicom_internal.hh"

using namespace dicom;

namespace
{

std::string new_uid()
{
	char uid[100];
	return dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT);
}

void put(DcmItem *ds, const DcmTagKey &key, const std::string &value)
{
	OFCondition c = ds->putAndInsertString(key, value.c_str());
	if (c.bad())
		throw Failure{ CLI_EXIT_INTERNAL, format("cannot set %s in the RT Dose: %s",
							 DcmTag(key).getTagName(), c.text()) };
}

/* The dataset of an RT Dose (RT Dose IOD, PS3.3 A.18) of the volume's doses. */
void build_dose(DcmDataset *ds, const radioembo_volume *dose, const char *dose_type,
		const char *description, const struct dicom_info *source)
{
	size_t n[3], count = 0;
	double affine[16], spacing[3], max = 0.0;
	const float *d = radioembo_volume_data(dose);
	char buffer[256];

	radioembo_volume_get_dimensions(dose, &n[0], &n[1], &n[2]);
	radioembo_volume_get_spacing_mm(dose, &spacing[0], &spacing[1], &spacing[2]);
	radioembo_volume_get_affine_mm(dose, affine, 16);
	radioembo_volume_voxel_count(dose, &count);
	if (n[0] > 65535 || n[1] > 65535 || n[2] > 65535)
		refuse(format("a dose grid of %zu x %zu x %zu does not fit DICOM's Rows, Columns "
			      "and frames (65535 each)",
			      n[0], n[1], n[2]));
	for (size_t i = 0; i < count; i++)
		max = std::max(max, (double)d[i]);
	std::string now_date, now_time;
	{
		OFString date, time;
		DcmDate::getCurrentDate(date);
		DcmTime::getCurrentTime(time);
		now_date = date.c_str();
		now_time = time.c_str();
	}
	bool from = source != nullptr && source->study_uid[0] && source->frame_of_reference_uid[0];
	put(ds, DCM_SpecificCharacterSet, "ISO_IR 192");
	put(ds, DCM_SOPClassUID, UID_RTDoseStorage);
	std::string instance = new_uid();
	put(ds, DCM_SOPInstanceUID, instance);
	put(ds, DCM_InstanceCreationDate, now_date);
	put(ds, DCM_InstanceCreationTime, now_time);
	put(ds, DCM_Modality, "RTDOSE");
	put(ds, DCM_PatientName, from ? source->patient_name : "");
	put(ds, DCM_PatientID, from ? source->patient_id : "");
	put(ds, DCM_PatientBirthDate, "");
	put(ds, DCM_PatientSex, "");
	put(ds, DCM_StudyInstanceUID, from ? source->study_uid : new_uid());
	put(ds, DCM_StudyDate, from ? source->study_date : now_date);
	put(ds, DCM_StudyTime, from ? source->study_time : now_time);
	put(ds, DCM_ReferringPhysicianName, "");
	put(ds, DCM_StudyID, from ? source->study_id : "");
	put(ds, DCM_AccessionNumber, "");
	put(ds, DCM_SeriesInstanceUID, new_uid());
	put(ds, DCM_SeriesNumber, "1");
	put(ds, DCM_SeriesDescription, description);
	put(ds, DCM_OperatorsName, "");
	put(ds, DCM_FrameOfReferenceUID, from ? source->frame_of_reference_uid : new_uid());
	put(ds, DCM_PositionReferenceIndicator, "");
	put(ds, DCM_Manufacturer, "libradioembo");
	snprintf(buffer, sizeof buffer, "libradioembo %s", radioembo_version_string());
	put(ds, DCM_SoftwareVersions, buffer);
	put(ds, DCM_InstanceNumber, "1");
	/* the plane: x = rows' direction, y = columns', the frames along z */
	double row[3], column[3], z[3];
	for (int r = 0; r < 3; r++) {
		row[r] = affine[4 * r] / spacing[0];
		column[r] = affine[4 * r + 1] / spacing[1];
		z[r] = affine[4 * r + 2] / spacing[2];
	}
	Vec normal = cross(row, column);
	double sign = dot(normal.x, z) < 0 ? -1.0 : 1.0;
	snprintf(buffer, sizeof buffer, "%.10g\\%.10g\\%.10g\\%.10g\\%.10g\\%.10g", row[0] + 0.0,
		 row[1] + 0.0, row[2] + 0.0, column[0] + 0.0, column[1] + 0.0, column[2] + 0.0);
	put(ds, DCM_ImageOrientationPatient, buffer);
	snprintf(buffer, sizeof buffer, "%.10g\\%.10g\\%.10g", affine[3] + 0.0, affine[7] + 0.0,
		 affine[11] + 0.0);
	put(ds, DCM_ImagePositionPatient, buffer);
	snprintf(buffer, sizeof buffer, "%.10g\\%.10g", spacing[1], spacing[0]);
	put(ds, DCM_PixelSpacing, buffer);
	snprintf(buffer, sizeof buffer, "%.10g", spacing[2]);
	put(ds, DCM_SliceThickness, buffer);
	std::string offsets;
	for (size_t k = 0; k < n[2]; k++) {
		snprintf(buffer, sizeof buffer, "%s%.10g", k ? "\\" : "",
			 sign * (double)k * spacing[2] + 0.0);
		offsets += buffer;
	}
	put(ds, DCM_GridFrameOffsetVector, offsets);
	put(ds, DCM_SamplesPerPixel, "1");
	put(ds, DCM_PhotometricInterpretation, "MONOCHROME2");
	put(ds, DCM_Rows, std::to_string(n[1]));
	put(ds, DCM_Columns, std::to_string(n[0]));
	put(ds, DCM_NumberOfFrames, std::to_string(n[2]));
	if (ds->putAndInsertTagKey(DCM_FrameIncrementPointer, DCM_GridFrameOffsetVector).bad())
		throw Failure{ CLI_EXIT_INTERNAL,
			       "cannot set the RT Dose's FrameIncrementPointer" };
	/* 16 bits, as most planning systems write (dicom3tools cannot read 32-bit pixels) */
	put(ds, DCM_BitsAllocated, "16");
	put(ds, DCM_BitsStored, "16");
	put(ds, DCM_HighBit, "15");
	put(ds, DCM_PixelRepresentation, "0");
	put(ds, DCM_DoseUnits, "GY");
	put(ds, DCM_DoseType, dose_type);
	put(ds, DCM_DoseSummationType, "PLAN_OVERVIEW");
	/* 65535 steps up to the largest dose (a zero map scales by 1): each dose within half
	 * a step, max / 131070, of the computed one; a DS holds 16 characters, so the scaling
	 * is rounded up until it does and the largest dose still fits */
	double scaling = max > 0 ? max / 65535.0 : 1.0, rounded = scaling;
	for (int digits = 9; digits > 0; digits--) {
		snprintf(buffer, sizeof buffer, "%.*e", digits, scaling * (1 + 1e-9));
		rounded = std::atof(buffer);
		if (strlen(buffer) <= 16 && rounded >= scaling)
			break;
	}
	put(ds, DCM_DoseGridScaling, buffer);
	std::vector<Uint16> pixels(count);
	for (size_t i = 0; i < count; i++)
		pixels[i] = d[i] > 0 ? (Uint16)std::min(65535.0, std::round(d[i] / rounded)) : 0;
	if (ds->putAndInsertUint16Array(DCM_PixelData, pixels.data(), (unsigned long)count).bad())
		throw Failure{ CLI_EXIT_INTERNAL, "cannot set the RT Dose's PixelData" };
}

} // namespace

/*
 * The writer of an RT Dose output (output.h): the object is built, saved by DCMTK to a
 * private temporary file (DCMTK writes to names, not descriptors) and copied to fd, every
 * write checked.
 */
static int write_dose(int fd, void *context, const char *flag, const char *path,
		      struct cli_error *err)
{
	const struct dicom_dose_output *map =
		static_cast<const struct dicom_dose_output *>(context);
	std::string where = format("--%s %s", flag, path);
	const char *dir = getenv("TMPDIR");
	std::string name =
		std::string(dir != nullptr && *dir ? dir : "/tmp") + "/radioembo-rtdose-XXXXXX";
	std::vector<char> temporary(name.begin(), name.end());
	int tmp = -1;

	temporary.push_back('\0');
	try {
		const struct dicom_info *source =
			map->source != nullptr && map->source->frame_of_reference_uid[0]
				? map->source
				: nullptr;
		DcmFileFormat ff;
		build_dose(ff.getDataset(), *map->volume, map->dose_type, map->description, source);
		if ((tmp = mkstemp(temporary.data())) < 0)
			return cli_fail(err, CLI_EXIT_INTERNAL,
					"%s: cannot create a temporary file: %s", where.c_str(),
					strerror(errno));
		OFCondition c = ff.saveFile(temporary.data(), EXS_LittleEndianExplicit);
		if (c.bad()) {
			close(tmp);
			unlink(temporary.data());
			return cli_fail(err, CLI_EXIT_INTERNAL, "%s: cannot write the RT Dose: %s",
					where.c_str(), c.text());
		}
		char buffer[65536];
		ssize_t got;
		int rc = 0;
		while (rc == 0 && (got = read(tmp, buffer, sizeof buffer)) != 0) {
			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0 || output_write_all(fd, buffer, (size_t)got) != 0)
				rc = cli_fail(err, CLI_EXIT_INTERNAL,
					      "%s: cannot write the RT Dose: %s", where.c_str(),
					      strerror(errno));
		}
		close(tmp);
		unlink(temporary.data());
		return rc;
	} catch (const Failure &f) {
		if (tmp >= 0) {
			close(tmp);
			unlink(temporary.data());
		}
		return cli_fail(err, f.status, "%s: %s", where.c_str(), f.message.c_str());
	} catch (const std::bad_alloc &) {
		if (tmp >= 0) {
			close(tmp);
			unlink(temporary.data());
		}
		return cli_fail(err, CLI_EXIT_INTERNAL, "%s: out of memory", where.c_str());
	}
}

extern "C" int dicom_dose_output_add(struct output_set *set, struct dicom_dose_output *map,
				     const char *flag, const char *path, struct cli_error *err)
{
	return output_set_add(set, flag, path, write_dose, map, err);
}
