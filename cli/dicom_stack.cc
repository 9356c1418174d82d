/*
 * radioembo(1): the image planes of a DICOM series and their stack: positions and
 * orientations of slices and frames (NM tomography from its detector information), sorted
 * along the normal; mixed orientations, gaps, missing or duplicate slices and a tilted stack
 * refused; the volume of the stack's grid.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "dicom_internal.hh"

namespace dicom
{

/* The planes of a series: one per single-frame file, or the frames of a multi-frame one. */
std::vector<Plane> planes_of(const std::vector<const File *> &files, const std::string &where)
{
	std::vector<Plane> planes;

	for (const File *file : files) {
		const File &f = *file;
		DcmDataset *ds = f.dataset();
		size_t frames = (size_t)integer(ds, DCM_NumberOfFrames, 1);
		DcmItem *shared = first_item(ds, DCM_SharedFunctionalGroupsSequence);
		DcmItem *detector = first_item(ds, DCM_DetectorInformationSequence);
		Plane p{ &f, 0, { 0, 0, 0 }, { 0, 0, 0, 0, 0, 0 }, 1.0, 0.0, 0, 0.0 };

		p.slope = number_or(ds, DCM_RescaleSlope, 1.0);
		p.intercept = number_or(ds, DCM_RescaleIntercept, 0.0);
		if (frames == 1 && numbers(ds, DCM_ImagePositionPatient, 3, p.position)) {
			if (!numbers(ds, DCM_ImageOrientationPatient, 6, p.orientation))
				refuse(format("%s: %s has no ImageOrientationPatient",
					      where.c_str(), f.path.c_str()));
			planes.push_back(p);
			continue;
		}
		if (detector != nullptr &&
		    numbers(detector, DCM_ImagePositionPatient, 3, p.position)) {
			/* NM tomography: frame k lies k slice spacings along row x column */
			double spacing = number_or(ds, DCM_SpacingBetweenSlices,
						   number_or(ds, DCM_SliceThickness, 0.0));
			if (!numbers(detector, DCM_ImageOrientationPatient, 6, p.orientation))
				refuse(format("%s: the detector information has no "
					      "ImageOrientationPatient",
					      where.c_str()));
			if (!(spacing > 0 && spacing <= 1000))
				refuse(format(
					"%s: SpacingBetweenSlices (or SliceThickness) must be "
					"within (0, 1000] mm, got %g",
					where.c_str(), spacing));
			Vec n = cross(p.orientation, p.orientation + 3);
			double origin[3] = { p.position[0], p.position[1], p.position[2] };
			for (size_t k = 0; k < frames; k++) {
				p.frame = k;
				for (int c = 0; c < 3; c++)
					p.position[c] = origin[c] + (double)k * spacing * n.x[c];
				planes.push_back(p);
			}
			continue;
		}
		DcmSequenceOfItems *per = nullptr;
		if (ds->findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, per).bad() ||
		    per == nullptr || per->card() < frames)
			refuse(format("%s: %s: no ImagePositionPatient for its %zu frame%s",
				      where.c_str(), f.path.c_str(), frames,
				      frames == 1 ? "" : "s"));
		double shared_orientation[6];
		bool has_shared = numbers(first_item(shared, DCM_PlaneOrientationSequence),
					  DCM_ImageOrientationPatient, 6, shared_orientation);
		for (size_t k = 0; k < frames; k++) {
			DcmItem *item = per->getItem((unsigned long)k);
			p.frame = k;
			if (!numbers(first_item(item, DCM_PlanePositionSequence),
				     DCM_ImagePositionPatient, 3, p.position))
				refuse(format("%s: frame %zu has no ImagePositionPatient",
					      where.c_str(), k + 1));
			if (!numbers(first_item(item, DCM_PlaneOrientationSequence),
				     DCM_ImageOrientationPatient, 6, p.orientation)) {
				if (!has_shared)
					refuse(format(
						"%s: frame %zu has no ImageOrientationPatient",
						where.c_str(), k + 1));
				memcpy(p.orientation, shared_orientation,
				       sizeof shared_orientation);
			}
			DcmItem *transform = first_item(item, DCM_PixelValueTransformationSequence);
			p.slope = number_or(transform, DCM_RescaleSlope, p.slope);
			p.intercept = number_or(transform, DCM_RescaleIntercept, p.intercept);
			p.segment = integer(first_item(item, DCM_SegmentIdentificationSequence),
					    DCM_ReferencedSegmentNumber, 0);
			planes.push_back(p);
		}
	}
	if (planes.empty())
		refuse(format("%s: no image plane with a position in the patient", where.c_str()));
	return planes;
}

Stack stack_of(std::vector<Plane> &planes, const Layout &l, bool allow_gaps,
	       double declared_spacing, const std::string &where)
{
	Stack s;
	const double *o = planes[0].orientation;

	memcpy(s.row, o, sizeof s.row);
	memcpy(s.column, o + 3, sizeof s.column);
	if (std::fabs(std::sqrt(dot(s.row, s.row)) - 1) > 1e-3 ||
	    std::fabs(std::sqrt(dot(s.column, s.column)) - 1) > 1e-3 ||
	    std::fabs(dot(s.row, s.column)) > 1e-3)
		refuse(format("%s: ImageOrientationPatient %g\\%g\\%g\\%g\\%g\\%g is not two "
			      "orthogonal unit vectors",
			      where.c_str(), o[0], o[1], o[2], o[3], o[4], o[5]));
	Vec n = cross(s.row, s.column);
	memcpy(s.normal, n.x, sizeof s.normal);
	for (Plane &p : planes) {
		for (int c = 0; c < 6; c++)
			if (std::fabs(p.orientation[c] - o[c]) > 1e-4)
				refuse(format(
					"%s: mixed orientations: %s has %g\\%g\\%g\\%g\\%g\\%g, "
					"another %g\\%g\\%g\\%g\\%g\\%g",
					where.c_str(), p.file->path.c_str(), p.orientation[0],
					p.orientation[1], p.orientation[2], p.orientation[3],
					p.orientation[4], p.orientation[5], o[0], o[1], o[2], o[3],
					o[4], o[5]));
		p.along = dot(p.position, s.normal);
	}
	std::stable_sort(planes.begin(), planes.end(),
			 [](const Plane &a, const Plane &b) { return a.along < b.along; });
	s.spacing[0] = l.spacing[1];
	s.spacing[1] = l.spacing[0];
	s.n[0] = l.columns;
	s.n[1] = l.rows;
	memcpy(s.origin, planes[0].position, sizeof s.origin);
	/* the distinct positions (a SEG has one frame per segment at each) */
	std::vector<double> at;
	for (const Plane &p : planes)
		if (at.empty() || p.along - at.back() > 1e-3 * std::min(l.spacing[0], l.spacing[1]))
			at.push_back(p.along);
		else if (!allow_gaps)
			refuse(format(
				"%s: two slices at the same position (%g mm along the normal)",
				where.c_str(), p.along));
	double step = declared_spacing;
	if (at.size() > 1 && !(step > 0)) {
		std::vector<double> gaps;
		for (size_t k = 1; k < at.size(); k++)
			gaps.push_back(at[k] - at[k - 1]);
		std::sort(gaps.begin(), gaps.end());
		step = allow_gaps ? gaps.front() : gaps[gaps.size() / 2];
	}
	if (at.size() == 1)
		step = declared_spacing > 0 ? declared_spacing
					    : std::min(l.spacing[0], l.spacing[1]);
	if (!(step > 0 && step <= 1000))
		refuse(format("%s: the slice spacing must be within (0, 1000] mm, got %g",
			      where.c_str(), step));
	for (size_t k = 1; k < at.size(); k++) {
		double gap = at[k] - at[k - 1], m = gap / step;
		if (std::fabs(m - std::round(m)) > 0.01 * std::max(1.0, m))
			refuse(format("%s: uneven slice spacing: %g mm between %g and %g mm, the "
				      "series' spacing is %g mm",
				      where.c_str(), gap, at[k - 1], at[k], step));
		if (std::round(m) > 1 && !allow_gaps)
			refuse(format("%s: missing slices: a gap of %g mm between %g and %g mm "
				      "along the normal (%ld slice%s missing at %g mm spacing)",
				      where.c_str(), gap, at[k - 1], at[k], std::lround(m) - 1,
				      std::lround(m) == 2 ? "" : "s", step));
	}
	/* the stack must run along the normal: a tilted gantry gives sheared voxels */
	const Plane &last = planes.back();
	for (int c = 0; c < 3; c++) {
		double expected =
			planes[0].position[c] + (last.along - planes[0].along) * s.normal[c];
		if (std::fabs(last.position[c] - expected) > 0.01 * step + 1e-3)
			refuse(format("%s: the slices are not stacked along their normal (a tilted "
				      "gantry?): the last lies %g mm off it",
				      where.c_str(), std::fabs(last.position[c] - expected)));
	}
	s.spacing[2] = step;
	s.n[2] = (size_t)std::lround((at.back() - at.front()) / step) + 1;
	return s;
}

radioembo_volume *new_volume(const Stack &s, const std::string &where)
{
	radioembo_volume *v = nullptr;
	double affine[16];

	int rc = radioembo_volume_new(s.n[0], s.n[1], s.n[2], s.spacing[0], s.spacing[1],
				      s.spacing[2], &v);

	if (rc != 0)
		throw Failure{ cli_status_from_library(rc),
			       where + ": " + radioembo_last_error_message() };
	for (int r = 0; r < 3; r++) {
		affine[4 * r + 0] = s.row[r] * s.spacing[0];
		affine[4 * r + 1] = s.column[r] * s.spacing[1];
		affine[4 * r + 2] = s.normal[r] * s.spacing[2];
		affine[4 * r + 3] = s.origin[r];
	}
	affine[12] = affine[13] = affine[14] = 0;
	affine[15] = 1;
	if (radioembo_volume_set_affine_mm(v, affine, 16) != 0) {
		std::string m = radioembo_last_error_message();
		radioembo_volume_free(v);
		refuse(where + ": " + m);
	}
	return v;
}

/* A Plane's slice index on the stack. */
size_t slice_index(const Stack &s, const Plane &p, const Plane &first)
{
	return (size_t)std::lround((p.along - first.along) / s.spacing[2]);
}

} // namespace dicom
