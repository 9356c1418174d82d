/*
 * radioembo(1): DICOM segmentations (SEG) as label volumes: segments become labels
 * 1, 2, ... named by their segment labels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <algorithm>
#include <string>
#include <vector>

#include "dicom_internal.hh"

namespace dicom
{

namespace
{

const int SEG_MAX_SLICES = 4096;

} // namespace

radioembo_volume *read_seg(const File &f, struct dicom_info *info, const std::string &where)
{
	DcmDataset *ds = f.dataset();
	DcmItem *shared = first_item(ds, DCM_SharedFunctionalGroupsSequence);
	DcmItem *measures = first_item(shared, DCM_PixelMeasuresSequence);
	Layout l = layout(ds, where);
	std::vector<File> one;
	std::string names;

	pixel_spacing(ds, measures, l.spacing, where);
	if (l.bits != 1 && l.bits != 8)
		refuse(format("%s: SEG BitsAllocated %zu is not 1 or 8", where.c_str(), l.bits));
	DcmSequenceOfItems *segments = nullptr;
	if (ds->findAndGetSequence(DCM_SegmentSequence, segments).bad() || segments == nullptr ||
	    segments->card() == 0)
		refuse(format("%s: SEG without SegmentSequence", where.c_str()));
	for (unsigned long i = 0; i < segments->card(); i++) {
		DcmItem *s = segments->getItem(i);
		long number = integer(s, DCM_SegmentNumber, 0);
		if (number < 1 || number > 4095)
			refuse(format("%s: SegmentNumber must be 1 to 4095, got %ld", where.c_str(),
				      number));
		add_name(names, number, text(s, DCM_SegmentLabel));
	}
	std::vector<Plane> planes = planes_of(std::vector<const File *>(1, &f), where);
	double declared = number_or(measures, DCM_SpacingBetweenSlices, 0.0);
	Stack s = stack_of(planes, l, true, declared, where);
	size_t n = l.rows * l.columns;
	unsigned long got = 0;
	const Uint8 *bits = nullptr;
	/* checked before the volume is allocated: a small file may declare huge dimensions */
	if (ds->findAndGetUint8Array(DCM_PixelData, bits, &got).bad() || bits == nullptr ||
	    (l.bits == 1 ? (l.frames * n + 7) / 8 : l.frames * n) > got)
		refuse(format("%s: PixelData holds %lu bytes, the header declares %zu frames of "
			      "%zu x %zu",
			      where.c_str(), got, l.frames, l.rows, l.columns));
	/* frames may skip slices without segments, but not span more than any scanner's stack */
	if (s.n[2] > SEG_MAX_SLICES)
		refuse(format("%s: the segments span %zu slices, more than %d (a sanity bound)",
			      where.c_str(), s.n[2], SEG_MAX_SLICES));
	radioembo_volume *v = new_volume(s, where);
	float *data = radioembo_volume_data_mutable(v);
	/* later segment numbers win where segments overlap */
	std::stable_sort(planes.begin(), planes.end(),
			 [](const Plane &a, const Plane &b) { return a.segment < b.segment; });
	const Plane *lowest = &planes[0];
	for (const Plane &p : planes)
		if (p.along < lowest->along)
			lowest = &p;
	for (const Plane &p : planes) {
		size_t z = slice_index(s, p, *lowest);
		if (p.segment < 1) {
			radioembo_volume_free(v);
			refuse(format("%s: frame %zu names no segment", where.c_str(),
				      p.frame + 1));
		}
		for (size_t i = 0; i < n; i++) {
			size_t bit = p.frame * n + i;
			bool on = l.bits == 1 ? (bits[bit / 8] >> (bit % 8)) & 1 : bits[bit] > 127;
			if (on)
				data[z * n + i] = (float)p.segment;
		}
	}
	fill_info(ds, info);
	info->is_labels = 1;
	info->label_names = strdup(names.c_str());
	return v;
}

} // namespace dicom
