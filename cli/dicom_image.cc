/*
 * radioembo(1): DICOM images (CT, PT, NM, MR, RT Dose) as volumes: the series'
 * files checked alike, their planes stacked, the frames read into the volume.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cmath>
#include <string>
#include <vector>

#include "dicom_internal.hh"

namespace dicom
{

radioembo_volume *read_image(const std::vector<File> &files, struct dicom_info *info,
			     const std::string &where)
{
	DcmDataset *ds = files[0].dataset();
	std::string modality = text(ds, DCM_Modality);
	DcmItem *shared = first_item(ds, DCM_SharedFunctionalGroupsSequence);
	DcmItem *measures = first_item(shared, DCM_PixelMeasuresSequence);
	Layout l = layout(ds, where);

	pixel_spacing(ds, measures, l.spacing, where);
	for (const File &f : files) {
		Layout o = layout(f.dataset(), where);
		double spacing[2];
		pixel_spacing(
			f.dataset(),
			first_item(first_item(f.dataset(), DCM_SharedFunctionalGroupsSequence),
				   DCM_PixelMeasuresSequence),
			spacing, where);
		if (o.rows != l.rows || o.columns != l.columns || o.bits != l.bits ||
		    std::fabs(spacing[0] - l.spacing[0]) > 1e-4 * l.spacing[0] ||
		    std::fabs(spacing[1] - l.spacing[1]) > 1e-4 * l.spacing[1])
			refuse(format("%s: %s has another size or spacing than the series' first "
				      "file",
				      where.c_str(), f.path.c_str()));
	}
	std::vector<const File *> list;
	for (const File &f : files)
		list.push_back(&f);
	std::vector<Plane> planes = planes_of(list, where);
	Stack s = stack_of(planes, l, false, 0.0, where);
	if (s.n[2] != planes.size())
		refuse(format("%s: %zu slices for %zu positions", where.c_str(), planes.size(),
			      s.n[2]));
	for (const Plane &p : planes)
		check_frame_present(*p.file, l, p.frame, where);
	radioembo_volume *v = new_volume(s, where);
	float *data = radioembo_volume_data_mutable(v);
	try {
		for (const Plane &p : planes)
			read_frame(*p.file, l, p.frame, p.slope, p.intercept,
				   data + slice_index(s, p, planes[0]) * l.rows * l.columns, where);
		if (modality == "PT")
			pet_timing(ds, info, where);
	} catch (...) {
		radioembo_volume_free(v);
		throw;
	}
	return v;
}

} // namespace dicom
