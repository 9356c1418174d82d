/*
 * radioembo(1): the pixel data of DICOM images: the frames' layout, their presence
 * checked before any allocation, and one frame's values read and rescaled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cmath>
#include <string>

#include "dicom_internal.hh"

namespace dicom
{

Layout layout(DcmItem *ds, const std::string &where)
{
	Layout l;

	l.rows = (size_t)integer(ds, DCM_Rows, 0);
	l.columns = (size_t)integer(ds, DCM_Columns, 0);
	l.frames = (size_t)integer(ds, DCM_NumberOfFrames, 1);
	l.bits = (size_t)integer(ds, DCM_BitsAllocated, 0);
	l.is_signed = integer(ds, DCM_PixelRepresentation, 0) == 1;
	if (l.rows < 1 || l.columns < 1 || l.rows > 65535 || l.columns > 65535)
		refuse(format("%s: Rows and Columns must be 1 to 65535, got %zu x %zu",
			      where.c_str(), l.rows, l.columns));
	if (l.frames < 1 || l.frames > 65535)
		refuse(format("%s: NumberOfFrames must be 1 to 65535, got %zu", where.c_str(),
			      l.frames));
	if (integer(ds, DCM_SamplesPerPixel, 1) != 1)
		refuse(format("%s: a colour image (SamplesPerPixel %ld) is not a dose input",
			      where.c_str(), integer(ds, DCM_SamplesPerPixel, 1)));
	return l;
}

/* PixelSpacing of ds or of the shared functional groups. */
void pixel_spacing(DcmItem *ds, DcmItem *measures, double spacing[2], const std::string &where)
{
	if (!numbers(ds, DCM_PixelSpacing, 2, spacing) &&
	    !numbers(measures, DCM_PixelSpacing, 2, spacing))
		refuse(format("%s: no PixelSpacing", where.c_str()));
	if (!(spacing[0] > 0 && spacing[1] > 0 && spacing[0] <= 1000 && spacing[1] <= 1000))
		refuse(format("%s: PixelSpacing must be within (0, 1000] mm, got %g\\%g",
			      where.c_str(), spacing[0], spacing[1]));
}

/*
 * Refuses a file whose pixel data is shorter than frame (0-based) needs, from the
 * elements' lengths alone: checked for every plane before the volume is allocated, so that
 * a small file declaring huge dimensions fails without allocating them.
 */
void check_frame_present(const File &f, const Layout &l, size_t frame, const std::string &where)
{
	DcmDataset *ds = f.dataset();
	DcmElement *e = nullptr;
	size_t value_bytes = l.bits / 8;
	const size_t needed = (frame + 1) * l.rows * l.columns; /* < 2^16 * 2^16 * 2^31 */

	if (ds->findAndGetElement(DCM_FloatPixelData, e).good() && e != nullptr)
		value_bytes = 4;
	else if (ds->findAndGetElement(DCM_PixelData, e).bad() || e == nullptr)
		refuse(format("%s: %s has no PixelData", where.c_str(), f.path.c_str()));
	if (value_bytes == 0 || e->getLength() / value_bytes < needed)
		refuse(format(
			"%s: %s holds %lu bytes of pixel data, fewer than its header declares "
			"(%zu values of %zu bits)",
			where.c_str(), f.path.c_str(), (unsigned long)e->getLength(), needed,
			l.bits));
}

/* The voxel values of one frame of a file, scaled, into out (rows x columns floats). */
void read_frame(const File &f, const Layout &l, size_t frame, double slope, double intercept,
		float *out, const std::string &where)
{
	DcmDataset *ds = f.dataset();
	size_t n = l.rows * l.columns, count = 0, first = frame * n;
	unsigned long got = 0;

	const Float32 *f32 = nullptr;
	if (ds->findAndGetFloat32Array(DCM_FloatPixelData, f32, &got).good() && f32 != nullptr) {
		count = got;
		if (count < first + n)
			refuse(format(
				"%s: FloatPixelData holds %zu values, the header declares %zu",
				where.c_str(), count, l.frames * n));
		for (size_t i = 0; i < n; i++)
			out[i] = (float)(f32[first + i] * slope + intercept);
		return;
	}
	if (l.bits == 8) {
		const Uint8 *p = nullptr;
		if (ds->findAndGetUint8Array(DCM_PixelData, p, &got).bad() || p == nullptr)
			refuse(format("%s: no PixelData", where.c_str()));
		if (got < first + n)
			refuse(format("%s: PixelData holds %lu bytes, the header declares %zu",
				      where.c_str(), got, l.frames * n));
		for (size_t i = 0; i < n; i++)
			out[i] = (float)((l.is_signed ? (double)(Sint8)p[first + i]
						      : (double)p[first + i]) *
						 slope +
					 intercept);
	} else if (l.bits == 16) {
		const Uint16 *p = nullptr;
		if (ds->findAndGetUint16Array(DCM_PixelData, p, &got).bad() || p == nullptr)
			refuse(format("%s: no PixelData", where.c_str()));
		if (got < first + n)
			refuse(format(
				"%s: PixelData holds %lu 16-bit values, the header declares %zu",
				where.c_str(), got, l.frames * n));
		for (size_t i = 0; i < n; i++)
			out[i] = (float)((l.is_signed ? (double)(Sint16)p[first + i]
						      : (double)p[first + i]) *
						 slope +
					 intercept);
	} else if (l.bits == 32) {
		const Uint32 *p = nullptr;
		if (ds->findAndGetUint32Array(DCM_PixelData, p, &got).bad() || p == nullptr)
			refuse(format("%s: no 32-bit PixelData", where.c_str()));
		if (got < first + n)
			refuse(format(
				"%s: PixelData holds %lu 32-bit values, the header declares %zu",
				where.c_str(), got, l.frames * n));
		for (size_t i = 0; i < n; i++)
			out[i] = (float)((l.is_signed ? (double)(Sint32)p[first + i]
						      : (double)p[first + i]) *
						 slope +
					 intercept);
	} else {
		refuse(format("%s: BitsAllocated %zu is not 8, 16 or 32", where.c_str(), l.bits));
	}
	for (size_t i = 0; i < n; i++)
		if (!std::isfinite(out[i]))
			refuse(format("%s: voxel %zu of frame %zu is not a finite number",
				      where.c_str(), i, frame));
}

} // namespace dicom
