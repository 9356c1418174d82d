/*
 * radioembo(1): the private C++ interface between the DICOM files (dicom.h is the C one):
 * the failure convention, the values of data elements, a loaded file, image planes and their
 * stack, and each object's reader. Failures are thrown as Failure inside these files and
 * become an exit status and a one-line message at the C interface, never an exception
 * across it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_DICOM_INTERNAL_HH
#define RADIOEMBO_CLI_DICOM_INTERNAL_HH

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <memory>
#include <string>
#include <vector>

#include "dicom.h"

namespace dicom
{

struct Failure {
	int status;
	std::string message;
};

[[noreturn]] void refuse(const std::string &message);
std::string format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
std::string text(DcmItem *item, const DcmTagKey &key);
/* n finite numbers of key (DS, FD, US, ...), or false. */
bool numbers(DcmItem *item, const DcmTagKey &key, size_t n, double *out);
double number_or(DcmItem *item, const DcmTagKey &key, double fallback);
long integer(DcmItem *item, const DcmTagKey &key, long fallback);
DcmItem *first_item(DcmItem *item, const DcmTagKey &sequence);
void copy(char *to, size_t size, const std::string &from);

struct Vec {
	double x[3];
};

inline Vec cross(const double *a, const double *b)
{
	return Vec{ { a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2],
		      a[0] * b[1] - a[1] * b[0] } };
}

inline double dot(const double *a, const double *b)
{
	return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/* One DICOM file, loaded. */
struct File {
	std::string path;
	std::unique_ptr<DcmFileFormat> format;
	DcmDataset *dataset() const
	{
		return format->getDataset();
	}
};

bool has_preamble(const char *path);
/* Decodes compressed pixel data in place (lossless transfer syntaxes), else refuses. */
void decode(File &f, const std::string &where);
/* The files at path: itself, or the DICOM files of a directory (one level, sorted). */
std::vector<File> load_all(const std::string &path, const std::string &where);

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

Layout layout(DcmItem *ds, const std::string &where);
/* PixelSpacing of ds or of the shared functional groups. */
void pixel_spacing(DcmItem *ds, DcmItem *measures, double spacing[2], const std::string &where);
/* Refuses a file whose pixel data is shorter than frame (0-based) needs (before allocating). */
void check_frame_present(const File &f, const Layout &l, size_t frame, const std::string &where);
/* The voxel values of one frame of a file, scaled, into out (rows x columns floats). */
void read_frame(const File &f, const Layout &l, size_t frame, double slope, double intercept,
		float *out, const std::string &where);

/* The planes of a series: one per single-frame file, or the frames of a multi-frame one. */
std::vector<Plane> planes_of(const std::vector<const File *> &files, const std::string &where);
/* The grid of a stack of planes: orientation checked, sorted along the normal. */
struct Stack {
	double row[3], column[3], normal[3], origin[3], spacing[3];
	size_t n[3];
};

Stack stack_of(std::vector<Plane> &planes, const Layout &l, bool allow_gaps,
	       double declared_spacing, const std::string &where);
radioembo_volume *new_volume(const Stack &s, const std::string &where);
/* A Plane's slice index on the stack. */
size_t slice_index(const Stack &s, const Plane &p, const Plane &first);

void fill_info(DcmDataset *ds, struct dicom_info *info);
/* Appends "L=name" to names, with ',' and '=' (the --label-names syntax) made spaces. */
void add_name(std::string &names, long label, std::string name);
/* PT: Units BQML, and the values' reference time after the radiopharmaceutical's start. */
void pet_timing(DcmDataset *ds, struct dicom_info *info, const std::string &where);

/* One closed planar contour, in its plane's 2D coordinates. */
struct Contour {
	double along; /* position along the common normal */
	std::vector<double> u, v;
};

/* Labels the voxels of grid that the contours (one ROI) cover with label, in labels. */
void rasterize(const std::vector<Contour> &contours, const double normal[3], const double u_axis[3],
	       const double v_axis[3], const radioembo_volume *grid, float label, float *labels);

/* The readers of each kind of object, from its loaded files. */
radioembo_volume *read_image(const std::vector<File> &files, struct dicom_info *info,
			     const std::string &where);
radioembo_volume *read_seg(const File &f, struct dicom_info *info, const std::string &where);
radioembo_volume *read_rtstruct(const File &f, const radioembo_volume *reference,
				struct dicom_info *info, const std::string &where);

} // namespace dicom

#endif
