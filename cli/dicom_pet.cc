/*
 * radioembo(1): the timing of a DICOM PET: Units BQML, and the delay of the values'
 * reference time after the radiopharmaceutical's start, from the decay correction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include <cmath>
#include <string>

#include "dicom_internal.hh"

namespace dicom
{

namespace
{

/* Seconds since an arbitrary epoch of a DA and a TM (HHMMSS.frac), or NaN. */
double seconds(const std::string &date, const std::string &time)
{
	int y, mo, d, h = 0, mi = 0;
	double s = 0;

	if (date.size() < 8 || sscanf(date.c_str(), "%4d%2d%2d", &y, &mo, &d) != 3 ||
	    time.size() < 2 || sscanf(time.c_str(), "%2d%2d%lf", &h, &mi, &s) < 1)
		return NAN;
	/* days from civil (Howard Hinnant's algorithm) */
	y -= mo <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400, doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (double)days * 86400.0 + h * 3600.0 + mi * 60.0 + s;
}

} // namespace

/* PT: Units BQML, and the values' reference time after the radiopharmaceutical's start. */
void pet_timing(DcmDataset *ds, struct dicom_info *info, const std::string &where)
{
	std::string units = text(ds, DCM_Units), correction = text(ds, DCM_DecayCorrection);
	DcmItem *drug = first_item(ds, DCM_RadiopharmaceuticalInformationSequence);

	if (units != "BQML")
		refuse(format("%s: a PET in Units \"%s\"; Bq/mL (BQML) is needed", where.c_str(),
			      units.c_str()));
	if (correction == "ADMIN") {
		info->has_delay = 1;
		info->delay_h = 0.0;
		return;
	}
	std::string start = text(drug, DCM_RadiopharmaceuticalStartDateTime);
	double injected = start.size() >= 8 ? seconds(start.substr(0, 8),
						      start.size() > 8 ? start.substr(8) : "000000")
					    : seconds(text(ds, DCM_SeriesDate),
						      text(drug, DCM_RadiopharmaceuticalStartTime));
	/* START: corrected to the series start; NONE: the acquisition's own time */
	double reference =
		correction == "START"
			? seconds(text(ds, DCM_SeriesDate), text(ds, DCM_SeriesTime))
			: seconds(text(ds, DCM_AcquisitionDate), text(ds, DCM_AcquisitionTime));
	if (std::isfinite(injected) && std::isfinite(reference)) {
		info->has_delay = 1;
		info->delay_h = (reference - injected) / 3600.0;
		if (info->delay_h < 0)
			refuse(format("%s: the images' reference time lies %g h before the "
				      "radiopharmaceutical's start",
				      where.c_str(), -info->delay_h));
	}
}

} // namespace dicom
