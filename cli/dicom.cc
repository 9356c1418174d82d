/*
 * radioembo(1): DICOM in and RT Dose out, through DCMTK's dcmdata; see dicom.h. The only
 * C++ of the project, in the dicom*.cc files (dicom_internal.hh): this one reads an object
 * through the reader of its modality.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <dcmtk/oflog/oflog.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <new>
#include <string>
#include <vector>

#include "dicom_internal.hh"

using namespace dicom;

extern "C" int dicom_is_dicom(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && (S_ISDIR(st.st_mode) || has_preamble(path));
}

extern "C" int dicom_read_volume(const char *path, const char *flag,
				 const radioembo_volume *reference, radioembo_volume **volume_out,
				 struct dicom_info *info_out, struct cli_error *err)
{
	struct dicom_info info;
	std::string where = format("--%s %s", flag, path);

	memset(&info, 0, sizeof info);
	/* our one-line message, not DCMTK's log on stderr */
	OFLog::configure(OFLogger::OFF_LOG_LEVEL);
	try {
		std::vector<File> files = load_all(path, where);
		DcmDataset *ds = files[0].dataset();
		std::string modality = text(ds, DCM_Modality);
		radioembo_volume *v;

		if (modality == "SEG")
			v = read_seg(files[0], &info, where);
		else if (modality == "RTSTRUCT")
			v = read_rtstruct(files[0], reference, &info, where);
		else if (modality == "CT" || modality == "PT" || modality == "NM" ||
			 modality == "MR" || modality == "RTDOSE" || modality == "OT") {
			fill_info(ds, &info);
			v = read_image(files, &info, where);
		} else
			refuse(format("%s: a DICOM %s object is not an image this command reads "
				      "(CT, PT, NM, MR, SEG, RTSTRUCT)",
				      where.c_str(), modality.empty() ? "(no Modality)" : modality.c_str()));
		*volume_out = v;
		if (info_out != nullptr)
			*info_out = info;
		else
			free(info.label_names);
		return 0;
	} catch (const Failure &f) {
		free(info.label_names);
		return cli_fail(err, f.status, "%s", f.message.c_str());
	} catch (const std::bad_alloc &) {
		free(info.label_names);
		return cli_fail(err, CLI_EXIT_INTERNAL, "%s: out of memory", where.c_str());
	}
}
