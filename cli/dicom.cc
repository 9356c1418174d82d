/*
 * radioembo(1): DICOM in and RT Dose out, through DCMTK's dcmdata; see dicom.h. The only
 * C++ of the project: failures are thrown as Failure inside this file and become an exit
 * status and a one-line message at the C interface, never an exception across it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/oflog/oflog.h>

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "dicom.h"

namespace {

/* At most this many files in a series directory: a bound on work before any check. */
const size_t MAX_FILES = 20000;
/* Sub-points per axis of a voxel when rasterizing contours (125 per voxel). */
const int CONTOUR_SUBSAMPLES = 5;

struct Failure {
	int status;
	std::string message;
};

[[noreturn]] void refuse(const std::string &message)
{
	throw Failure{CLI_EXIT_USAGE, message};
}

std::string format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
std::string format(const char *fmt, ...)
{
	char buffer[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buffer, sizeof buffer, fmt, ap);
	va_end(ap);
	return buffer;
}

std::string text(DcmItem *item, const DcmTagKey &key)
{
	OFString value;

	if (item == nullptr || item->findAndGetOFStringArray(key, value).bad())
		return "";
	std::string s = value.c_str();
	while (!s.empty() && (s.back() == ' ' || s.back() == '\0'))
		s.pop_back();
	return s;
}

/* n finite numbers of key (DS, FD, US, ...), or false. */
bool numbers(DcmItem *item, const DcmTagKey &key, size_t n, double *out)
{
	for (size_t i = 0; i < n; i++) {
		Float64 v;
		if (item == nullptr || item->findAndGetFloat64(key, v, (unsigned long)i).bad() ||
		    !std::isfinite(v))
			return false;
		out[i] = v;
	}
	return true;
}

double number_or(DcmItem *item, const DcmTagKey &key, double fallback)
{
	double v;
	return numbers(item, key, 1, &v) ? v : fallback;
}

long integer(DcmItem *item, const DcmTagKey &key, long fallback)
{
	Sint32 s;
	Uint16 u;

	if (item != nullptr && item->findAndGetUint16(key, u).good())
		return u;
	if (item != nullptr && item->findAndGetSint32(key, s).good())
		return s;
	OFString value;
	if (item != nullptr && item->findAndGetOFString(key, value).good() && !value.empty())
		return atol(value.c_str());
	return fallback;
}

DcmItem *first_item(DcmItem *item, const DcmTagKey &sequence)
{
	DcmItem *found = nullptr;

	if (item == nullptr || item->findAndGetSequenceItem(sequence, found, 0).bad())
		return nullptr;
	return found;
}

void copy(char *to, size_t size, const std::string &from)
{
	snprintf(to, size, "%s", from.c_str());
}

struct Vec {
	double x[3];
};

Vec cross(const double *a, const double *b)
{
	return Vec{{a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2],
		    a[0] * b[1] - a[1] * b[0]}};
}

double dot(const double *a, const double *b)
{
	return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/* One DICOM file, loaded. */
struct File {
	std::string path;
	std::unique_ptr<DcmFileFormat> format;
	DcmDataset *dataset() const { return format->getDataset(); }
};

File load(const std::string &path, const std::string &where)
{
	File f{path, std::unique_ptr<DcmFileFormat>(new DcmFileFormat())};
	OFCondition c = f.format->loadFile(path.c_str());

	if (c.bad())
		refuse(format("%s: not a readable DICOM file (%s)", where.c_str(), c.text()));
	return f;
}

bool has_preamble(const char *path)
{
	char magic[4];
	FILE *fp = fopen(path, "rb");
	bool yes = fp != nullptr && fseek(fp, 128, SEEK_SET) == 0 &&
		   fread(magic, 1, 4, fp) == 4 && memcmp(magic, "DICM", 4) == 0;

	if (fp != nullptr)
		fclose(fp);
	return yes;
}

/* The files at path: itself, or the DICOM files of a directory (one level, sorted). */
std::vector<File> load_all(const std::string &path, const std::string &where)
{
	std::vector<File> files;
	struct stat st;

	if (stat(path.c_str(), &st) != 0)
		refuse(format("%s: cannot open: %s", where.c_str(), strerror(errno)));
	if (!S_ISDIR(st.st_mode)) {
		files.push_back(load(path, where));
		return files;
	}
	DIR *dir = opendir(path.c_str());
	if (dir == nullptr)
		refuse(format("%s: cannot open the directory: %s", where.c_str(), strerror(errno)));
	std::vector<std::string> names;
	for (struct dirent *e; (e = readdir(dir)) != nullptr;) {
		std::string name = e->d_name, full = path + "/" + name;
		if (name[0] == '.' || name == "DICOMDIR" || stat(full.c_str(), &st) != 0 ||
		    !S_ISREG(st.st_mode) || !has_preamble(full.c_str()))
			continue;
		names.push_back(full);
		if (names.size() > MAX_FILES) {
			closedir(dir);
			refuse(format("%s: more than %zu DICOM files", where.c_str(), MAX_FILES));
		}
	}
	closedir(dir);
	std::sort(names.begin(), names.end());
	if (names.empty())
		refuse(format("%s: no DICOM file (with the DICM preamble) in the directory",
			      where.c_str()));
	for (const std::string &n : names)
		files.push_back(load(n, where + " (" + n + ")"));
	/* one series: several are listed, and the user picks one */
	std::map<std::string, std::vector<const File *>> series;
	for (const File &f : files)
		series[text(f.dataset(), DCM_SeriesInstanceUID)].push_back(&f);
	if (series.size() > 1) {
		std::string list;
		for (auto &s : series)
			list += format("%s%s %s \"%s\" (%zu files)", list.empty() ? "" : "; ",
				       text(s.second[0]->dataset(), DCM_Modality).c_str(),
				       s.first.c_str(),
				       text(s.second[0]->dataset(), DCM_SeriesDescription).c_str(),
				       s.second.size());
		refuse(format("%s: %zu series in the directory, give a directory holding one: %s",
			      where.c_str(), series.size(), list.c_str()));
	}
	return files;
}

/* A 2D image plane: one slice of a series, or one frame of a multi-frame object. */
struct Plane {
	const File *file;
	size_t frame;
	double position[3], orientation[6];
	double slope, intercept;
	long segment; /* SEG: the segment the frame belongs to */
	double along; /* position along the stack's normal */
};

struct Layout {
	size_t rows, columns, frames, bits, is_signed;
	double spacing[2]; /* between rows (y), between columns (x) */
};

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

void refuse_compressed(DcmDataset *ds, const std::string &where)
{
	if (DcmXfer(ds->getOriginalXfer()).isEncapsulated())
		refuse(format("%s: compressed pixel data (%s): decompress it first, e.g. with "
			      "dcmdjpeg or gdcmconv --raw",
			      where.c_str(), DcmXfer(ds->getOriginalXfer()).getXferName()));
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

	refuse_compressed(ds, where);
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

	refuse_compressed(ds, where);
	const Float32 *f32 = nullptr;
	if (ds->findAndGetFloat32Array(DCM_FloatPixelData, f32, &got).good() && f32 != nullptr) {
		count = got;
		if (count < first + n)
			refuse(format("%s: FloatPixelData holds %zu values, the header declares %zu",
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
			refuse(format("%s: PixelData holds %lu 16-bit values, the header declares %zu",
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
			refuse(format("%s: PixelData holds %lu 32-bit values, the header declares %zu",
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
		Plane p{&f, 0, {0, 0, 0}, {0, 0, 0, 0, 0, 0}, 1.0, 0.0, 0, 0.0};

		p.slope = number_or(ds, DCM_RescaleSlope, 1.0);
		p.intercept = number_or(ds, DCM_RescaleIntercept, 0.0);
		if (frames == 1 && numbers(ds, DCM_ImagePositionPatient, 3, p.position)) {
			if (!numbers(ds, DCM_ImageOrientationPatient, 6, p.orientation))
				refuse(format("%s: %s has no ImageOrientationPatient", where.c_str(),
					      f.path.c_str()));
			planes.push_back(p);
			continue;
		}
		if (detector != nullptr && numbers(detector, DCM_ImagePositionPatient, 3, p.position)) {
			/* NM tomography: frame k lies k slice spacings along row x column */
			double spacing = number_or(ds, DCM_SpacingBetweenSlices,
						   number_or(ds, DCM_SliceThickness, 0.0));
			if (!numbers(detector, DCM_ImageOrientationPatient, 6, p.orientation))
				refuse(format("%s: the detector information has no "
					      "ImageOrientationPatient",
					      where.c_str()));
			if (!(spacing > 0 && spacing <= 1000))
				refuse(format("%s: SpacingBetweenSlices (or SliceThickness) must be "
					      "within (0, 1000] mm, got %g",
					      where.c_str(), spacing));
			Vec n = cross(p.orientation, p.orientation + 3);
			double origin[3] = {p.position[0], p.position[1], p.position[2]};
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
				      where.c_str(), f.path.c_str(), frames, frames == 1 ? "" : "s"));
		double shared_orientation[6];
		bool has_shared = numbers(first_item(shared, DCM_PlaneOrientationSequence),
					  DCM_ImageOrientationPatient, 6, shared_orientation);
		for (size_t k = 0; k < frames; k++) {
			DcmItem *item = per->getItem((unsigned long)k);
			p.frame = k;
			if (!numbers(first_item(item, DCM_PlanePositionSequence),
				     DCM_ImagePositionPatient, 3, p.position))
				refuse(format("%s: frame %zu has no ImagePositionPatient", where.c_str(),
					      k + 1));
			if (!numbers(first_item(item, DCM_PlaneOrientationSequence),
				     DCM_ImageOrientationPatient, 6, p.orientation)) {
				if (!has_shared)
					refuse(format("%s: frame %zu has no ImageOrientationPatient",
						      where.c_str(), k + 1));
				memcpy(p.orientation, shared_orientation, sizeof shared_orientation);
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

/* The grid of a stack of planes: orientation checked, sorted along the normal. */
struct Stack {
	double row[3], column[3], normal[3], origin[3], spacing[3];
	size_t n[3];
};

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
				refuse(format("%s: mixed orientations: %s has %g\\%g\\%g\\%g\\%g\\%g, "
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
			refuse(format("%s: two slices at the same position (%g mm along the normal)",
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
		step = declared_spacing > 0 ? declared_spacing : std::min(l.spacing[0], l.spacing[1]);
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
		double expected = planes[0].position[c] + (last.along - planes[0].along) * s.normal[c];
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
		throw Failure{cli_status_from_library(rc), where + ": " + radioembo_last_error_message()};
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
	double injected = start.size() >= 8 ? seconds(start.substr(0, 8), start.size() > 8 ? start.substr(8) : "000000")
					    : seconds(text(ds, DCM_SeriesDate),
						      text(drug, DCM_RadiopharmaceuticalStartTime));
	/* START: corrected to the series start; NONE: the acquisition's own time */
	double reference = correction == "START"
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
		pixel_spacing(f.dataset(), first_item(first_item(f.dataset(),
								 DCM_SharedFunctionalGroupsSequence),
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
				   data + slice_index(s, p, planes[0]) * l.rows * l.columns,
				   where);
		if (modality == "PT")
			pet_timing(ds, info, where);
	} catch (...) {
		radioembo_volume_free(v);
		throw;
	}
	return v;
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

const int SEG_MAX_SLICES = 4096;

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
			refuse(format("%s: frame %zu names no segment", where.c_str(), p.frame + 1));
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

/* One closed planar contour, in its plane's 2D coordinates. */
struct Contour {
	double along; /* position along the common normal */
	std::vector<double> u, v;
};

/* Even-odd: is (pu, pv) inside contour c? */
bool inside(const Contour &c, double pu, double pv)
{
	bool in = false;
	size_t n = c.u.size();

	for (size_t i = 0, j = n - 1; i < n; j = i++)
		if ((c.v[i] > pv) != (c.v[j] > pv) &&
		    pu < (c.u[j] - c.u[i]) * (pv - c.v[i]) / (c.v[j] - c.v[i]) + c.u[i])
			in = !in;
	return in;
}

/*
 * The rasterization rule (radioembo(1)): each contour plane stands for the slab from the
 * midpoints to its neighbouring planes (half the smallest spacing beyond the first and
 * last). A voxel's coverage by an ROI is the mean over its 5 x 5 x 5 sub-voxels of the
 * share of each sub-voxel's thickness (along the contours' normal) that lies in slabs
 * whose plane's contours hold the sub-voxel's centre an odd number of times (nested
 * contours are holes). The ROI takes the voxels of largest coverage, as many as its
 * covered volume rounds to in voxels, so that its volume is the contours' (a sphere of
 * radius 3 voxels within 3 %); later ROIs win where they overlap.
 */
void rasterize(const std::vector<Contour> &contours, const double normal[3],
	       const double u_axis[3], const double v_axis[3], const radioembo_volume *grid,
	       float label, float *labels)
{
	size_t n[3];
	double affine[16], half;
	std::vector<double> planes;

	radioembo_volume_get_dimensions(grid, &n[0], &n[1], &n[2]);
	radioembo_volume_get_affine_mm(grid, affine, 16);
	for (const Contour &c : contours)
		planes.push_back(c.along);
	std::sort(planes.begin(), planes.end());
	planes.erase(std::unique(planes.begin(), planes.end(),
				 [](double a, double b) { return std::fabs(a - b) < 1e-3; }),
		     planes.end());
	half = 0.5;
	if (planes.size() > 1) {
		double smallest = planes[1] - planes[0];
		for (size_t k = 2; k < planes.size(); k++)
			smallest = std::min(smallest, planes[k] - planes[k - 1]);
		half = 0.5 * smallest;
	} else {
		/* one plane: half the grid's extent along the normal per voxel */
		double ext = 0;
		for (int a = 0; a < 3; a++)
			ext += std::fabs(affine[4 * 0 + a] * normal[0] + affine[4 * 1 + a] * normal[1] +
					 affine[4 * 2 + a] * normal[2]);
		half = 0.5 * ext;
	}
	/* plane k stands for the slab between the midpoints to its neighbours (half beyond the
	 * ends); a sub-voxel is as thick along the normal as the voxel over S */
	std::vector<double> edge(1, planes.front() - half);
	for (size_t k = 1; k < planes.size(); k++)
		edge.push_back(0.5 * (planes[k - 1] + planes[k]));
	edge.push_back(planes.back() + half);
	double thick = 0;
	for (int a = 0; a < 3; a++)
		thick += std::fabs(affine[a] * normal[0] + affine[4 + a] * normal[1] +
				   affine[8 + a] * normal[2]);
	thick /= CONTOUR_SUBSAMPLES;
	/* the contours' bounding box in the plane, to skip far voxels */
	double lo_u = INFINITY, hi_u = -INFINITY, lo_v = INFINITY, hi_v = -INFINITY;
	for (const Contour &c : contours)
		for (size_t i = 0; i < c.u.size(); i++) {
			lo_u = std::min(lo_u, c.u[i]);
			hi_u = std::max(hi_u, c.u[i]);
			lo_v = std::min(lo_v, c.v[i]);
			hi_v = std::max(hi_v, c.v[i]);
		}
	size_t count = n[0] * n[1] * n[2];
	std::vector<std::pair<double, size_t>> covered;
	double total = 0;
	const int S = CONTOUR_SUBSAMPLES;
	for (size_t k = 0; k < n[2]; k++)
		for (size_t j = 0; j < n[1]; j++)
			for (size_t i = 0; i < n[0]; i++) {
				double hits = 0, c0[3];
				for (int r = 0; r < 3; r++)
					c0[r] = affine[4 * r] * (double)i + affine[4 * r + 1] * (double)j +
						affine[4 * r + 2] * (double)k + affine[4 * r + 3];
				double radius = 0; /* half the voxel's diagonal */
				for (int a = 0; a < 3; a++)
					radius += 0.25 * (affine[a] * affine[a] + affine[4 + a] * affine[4 + a] +
							  affine[8 + a] * affine[8 + a]);
				radius = std::sqrt(radius);
				double cu = dot(c0, u_axis), cv = dot(c0, v_axis), ca = dot(c0, normal);
				if (cu + radius < lo_u || cu - radius > hi_u || cv + radius < lo_v ||
				    cv - radius > hi_v || ca + radius < planes.front() - half ||
				    ca - radius > planes.back() + half)
					continue;
				for (int a = 0; a < S; a++)
					for (int b = 0; b < S; b++)
						for (int c = 0; c < S; c++) {
							double f[3] = {((double)a + 0.5) / S - 0.5,
								       ((double)b + 0.5) / S - 0.5,
								       ((double)c + 0.5) / S - 0.5};
							double p[3];
							for (int r = 0; r < 3; r++)
								p[r] = c0[r] + affine[4 * r] * f[0] +
								       affine[4 * r + 1] * f[1] +
								       affine[4 * r + 2] * f[2];
							/* the sub-voxel's extent along the normal, shared
							 * with the contour slabs it overlaps */
							double h = dot(p, normal), lo = h - 0.5 * thick,
							       hi = h + 0.5 * thick;
							size_t slab = (size_t)(std::upper_bound(edge.begin(),
												edge.end(),
												lo) -
									       edge.begin());
							double pu = dot(p, u_axis), pv = dot(p, v_axis);
							for (slab = slab == 0 ? 0 : slab - 1;
							     slab < planes.size() && edge[slab] < hi; slab++) {
								double overlap = std::min(hi, edge[slab + 1]) -
										 std::max(lo, edge[slab]);
								bool in = false;
								if (!(overlap > 0))
									continue;
								for (const Contour &ct : contours)
									if (std::fabs(ct.along - planes[slab]) <
										    1e-3 &&
									    inside(ct, pu, pv))
										in = !in;
								if (in)
									hits += overlap / thick;
							}
						}
				if (hits > 0) {
					double fraction = hits / (S * S * S);
					covered.push_back({-fraction, i + n[0] * (j + n[1] * k)});
					total += fraction;
				}
			}
	size_t take = std::min((size_t)std::llround(total), covered.size());
	std::stable_sort(covered.begin(), covered.end());
	for (size_t t = 0; t < take && t < count; t++)
		labels[covered[t].second] = label;
}

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
		throw Failure{CLI_EXIT_INTERNAL, where + ": out of memory"};
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
			double normal[3] = {0, 0, 0}, u[3] = {0, 0, 0}, v[3] = {0, 0, 0};
			bool have_normal = false;

			label++;
			add_name(list, label, names.count(number) ? names[number] : "");
			if (label > 4095)
				refuse(format("%s: more than 4095 ROIs", where.c_str()));
			if (roi->findAndGetSequence(DCM_ContourSequence, items).bad() || items == nullptr)
				continue; /* an ROI without contours: an empty structure */
			for (unsigned long c = 0; c < items->card(); c++) {
				DcmItem *item = items->getItem(c);
				std::string type = text(item, DCM_ContourGeometricType);
				long points = integer(item, DCM_NumberOfContourPoints, 0);
				if (type == "POINT" || type == "OPEN_PLANAR" || type == "OPEN_NONPLANAR")
					continue; /* no area */
				if (type != "CLOSED_PLANAR")
					refuse(format("%s: ROI %ld contour %lu: ContourGeometricType "
						      "\"%s\"",
						      where.c_str(), number, c + 1, type.c_str()));
				if (points < 3 || points > 1000000)
					refuse(format("%s: ROI %ld contour %lu: NumberOfContourPoints %ld",
						      where.c_str(), number, c + 1, points));
				std::vector<double> xyz((size_t)points * 3);
				if (!numbers(item, DCM_ContourData, xyz.size(), xyz.data()))
					refuse(format("%s: ROI %ld contour %lu: ContourData holds fewer "
						      "than %ld finite points",
						      where.c_str(), number, c + 1, points));
				if (!have_normal) {
					/* Newell's normal of the polygon */
					for (long a = 0; a < points; a++) {
						const double *p = &xyz[3 * a], *q = &xyz[3 * ((a + 1) % points)];
						normal[0] += (p[1] - q[1]) * (p[2] + q[2]);
						normal[1] += (p[2] - q[2]) * (p[0] + q[0]);
						normal[2] += (p[0] - q[0]) * (p[1] + q[1]);
					}
					double len = std::sqrt(dot(normal, normal));
					if (!(len > 0))
						refuse(format("%s: ROI %ld contour %lu has no area", where.c_str(),
							      number, c + 1));
					for (double &x : normal)
						x /= len;
					/* u: any unit vector orthogonal to the normal, v = normal x u */
					double helper[3] = {std::fabs(normal[0]) < 0.9 ? 1.0 : 0.0,
							    std::fabs(normal[0]) < 0.9 ? 0.0 : 1.0, 0.0};
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
						refuse(format("%s: ROI %ld contour %lu is not planar, or not "
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

} // namespace

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

namespace {

std::string new_uid()
{
	char uid[100];
	return dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT);
}

void put(DcmItem *ds, const DcmTagKey &key, const std::string &value)
{
	OFCondition c = ds->putAndInsertString(key, value.c_str());
	if (c.bad())
		throw Failure{CLI_EXIT_INTERNAL, format("cannot set %s in the RT Dose: %s",
							DcmTag(key).getTagName(), c.text())};
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
		throw Failure{CLI_EXIT_INTERNAL, "cannot set the RT Dose's FrameIncrementPointer"};
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
		throw Failure{CLI_EXIT_INTERNAL, "cannot set the RT Dose's PixelData"};
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
	const struct dicom_dose_output *map = static_cast<const struct dicom_dose_output *>(context);
	std::string where = format("--%s %s", flag, path);
	const char *dir = getenv("TMPDIR");
	std::string name = std::string(dir != nullptr && *dir ? dir : "/tmp") +
			   "/radioembo-rtdose-XXXXXX";
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
			return cli_fail(err, CLI_EXIT_INTERNAL, "%s: cannot create a temporary file: %s",
					where.c_str(), strerror(errno));
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
				rc = cli_fail(err, CLI_EXIT_INTERNAL, "%s: cannot write the RT Dose: %s",
					      where.c_str(), strerror(errno));
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
