/*
 * radioembo(1): DICOM structure sets (RTSTRUCT) as label volumes: each ROI's closed
 * planar contours rasterized onto a reference grid, ROI names as names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "dicom_internal.hh"

namespace dicom
{

radioembo_volume *read_rtstruct(const File &f, const radioembo_volume *reference,
				struct dicom_info *info, const std::string &where)
{
	DcmDataset *ds = f.dataset();
	DcmSequenceOfItems *rois = nullptr, *contours = nullptr;
	std::map<long, std::string> names;
	std::vector<long> order;
	std::string list;

	if (reference == nullptr)
		refuse(format("%s: an RTSTRUCT has no voxels of its own; give it as --labels, "
			      "--mask or --territories, beside an image",
			      where.c_str()));
	if (ds->findAndGetSequence(DCM_StructureSetROISequence, rois).bad() || rois == nullptr ||
	    ds->findAndGetSequence(DCM_ROIContourSequence, contours).bad() || contours == nullptr)
		refuse(format("%s: RTSTRUCT without StructureSetROISequence or "
			      "ROIContourSequence",
			      where.c_str()));
	for (unsigned long i = 0; i < rois->card(); i++) {
		long number = integer(rois->getItem(i), DCM_ROINumber, -1);
		names[number] = text(rois->getItem(i), DCM_ROIName);
		order.push_back(number);
	}
	radioembo_volume *labels = nullptr;
	if (radioembo_volume_copy(reference, &labels) != 0)
		throw Failure{ CLI_EXIT_INTERNAL, where + ": out of memory" };
	size_t count = 0;
	radioembo_volume_voxel_count(labels, &count);
	float *data = radioembo_volume_data_mutable(labels);
	std::fill(data, data + count, 0.0f);
	try {
		long label = 0;
		for (unsigned long i = 0; i < contours->card(); i++) {
			DcmItem *roi = contours->getItem(i);
			long number = integer(roi, DCM_ReferencedROINumber, -1);
			DcmSequenceOfItems *items = nullptr;
			std::vector<Contour> shapes;
			double normal[3] = { 0, 0, 0 }, u[3] = { 0, 0, 0 }, v[3] = { 0, 0, 0 };
			bool have_normal = false;

			label++;
			add_name(list, label, names.count(number) ? names[number] : "");
			if (label > 4095)
				refuse(format("%s: more than 4095 ROIs", where.c_str()));
			if (roi->findAndGetSequence(DCM_ContourSequence, items).bad() ||
			    items == nullptr)
				continue; /* an ROI without contours: an empty structure */
			for (unsigned long c = 0; c < items->card(); c++) {
				DcmItem *item = items->getItem(c);
				std::string type = text(item, DCM_ContourGeometricType);
				long points = integer(item, DCM_NumberOfContourPoints, 0);
				if (type == "POINT" || type == "OPEN_PLANAR" ||
				    type == "OPEN_NONPLANAR")
					continue; /* no area */
				if (type != "CLOSED_PLANAR")
					refuse(format(
						"%s: ROI %ld contour %lu: ContourGeometricType "
						"\"%s\"",
						where.c_str(), number, c + 1, type.c_str()));
				if (points < 3 || points > 1000000)
					refuse(format("%s: ROI %ld contour %lu: "
						      "NumberOfContourPoints %ld",
						      where.c_str(), number, c + 1, points));
				std::vector<double> xyz((size_t)points * 3);
				if (!numbers(item, DCM_ContourData, xyz.size(), xyz.data()))
					refuse(format(
						"%s: ROI %ld contour %lu: ContourData holds fewer "
						"than %ld finite points",
						where.c_str(), number, c + 1, points));
				if (!have_normal) {
					/* Newell's normal of the polygon */
					for (long a = 0; a < points; a++) {
						const double *p = &xyz[3 * a],
							     *q = &xyz[3 * ((a + 1) % points)];
						normal[0] += (p[1] - q[1]) * (p[2] + q[2]);
						normal[1] += (p[2] - q[2]) * (p[0] + q[0]);
						normal[2] += (p[0] - q[0]) * (p[1] + q[1]);
					}
					double len = std::sqrt(dot(normal, normal));
					if (!(len > 0))
						refuse(format("%s: ROI %ld contour %lu has no area",
							      where.c_str(), number, c + 1));
					for (double &x : normal)
						x /= len;
					/* u: any unit vector orthogonal to the normal, v = normal x
					 * u */
					double helper[3] = { std::fabs(normal[0]) < 0.9 ? 1.0 : 0.0,
							     std::fabs(normal[0]) < 0.9 ? 0.0 : 1.0,
							     0.0 };
					Vec a = cross(normal, helper);
					double al = std::sqrt(dot(a.x, a.x));
					for (int r = 0; r < 3; r++)
						u[r] = a.x[r] / al;
					Vec b = cross(normal, u);
					memcpy(v, b.x, sizeof v);
					have_normal = true;
				}
				Contour ct;
				ct.along = dot(&xyz[0], normal);
				for (long a = 0; a < points; a++) {
					const double *p = &xyz[3 * a];
					if (std::fabs(dot(p, normal) - ct.along) > 0.01)
						refuse(format("%s: ROI %ld contour %lu is not "
							      "planar, or not "
							      "parallel to the ROI's first contour",
							      where.c_str(), number, c + 1));
					ct.u.push_back(dot(p, u));
					ct.v.push_back(dot(p, v));
				}
				shapes.push_back(ct);
			}
			if (!shapes.empty())
				rasterize(shapes, normal, u, v, labels, (float)label, data);
		}
	} catch (...) {
		radioembo_volume_free(labels);
		throw;
	}
	fill_info(ds, info);
	info->is_labels = 1;
	info->label_names = strdup(list.c_str());
	return labels;
}

} // namespace dicom
