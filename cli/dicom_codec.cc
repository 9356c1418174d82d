/*
 * radioembo(1): compressed pixel data. Files whose transfer syntax encapsulates the pixel
 * data are decoded when loaded, with DCMTK's decoders: JPEG (dcmjpeg: lossless processes
 * 14 and SV1), JPEG-LS lossless (dcmjpls) and RLE (dcmdata). Lossy transfer syntaxes are
 * refused, whatever codec could decode them: a lossy encoder changes voxel values, and
 * counts, activity concentrations and CT numbers are measurements. Transfer syntaxes DCMTK
 * has no decoder for (JPEG 2000, HTJ2K, MPEG) are refused by name.
 *
 * A small file may declare a large image; decoding allocates what it declares. So the
 * declared size is bounded first: at most MAX_RATIO times the file's size plus ALLOWANCE
 * (lossless codecs stay far below 1024:1 on images that hold information; an all-zero
 * image compresses further, hence the allowance for ordinary sizes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <sys/stat.h>

#include <dcmtk/dcmdata/dccodec.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>

#include "dicom_internal.hh"

namespace dicom
{

namespace
{

const double MAX_RATIO = 1024.0;
const double ALLOWANCE = 64.0 * 1024 * 1024;

/* Deregisters and frees the decoders; DCMTK's own list would otherwise outlive them. */
void release_decoders()
{
	DJDecoderRegistration::cleanup();
	DJLSDecoderRegistration::cleanup();
	DcmRLEDecoderRegistration::cleanup();
}

/*
 * DCMTK's decoders are registered once per process (a global list of DCMTK's own) and
 * released at exit, before that list is destroyed; the command reads its images on one
 * thread.
 */
void register_decoders()
{
	static bool registered = false;

	if (registered)
		return;
	DJDecoderRegistration::registerCodecs();
	DJLSDecoderRegistration::registerCodecs();
	DcmRLEDecoderRegistration::registerCodecs();
	atexit(release_decoders);
	registered = true;
}

/* Refuses a declared image larger than the bound above, before anything is decoded. */
void check_declared_size(const File &f, const std::string &where)
{
	DcmDataset *ds = f.dataset();
	struct stat st;
	double declared = (double)integer(ds, DCM_Rows, 0) * (double)integer(ds, DCM_Columns, 0) *
			  (double)integer(ds, DCM_NumberOfFrames, 1) *
			  (double)integer(ds, DCM_SamplesPerPixel, 1) *
			  (double)integer(ds, DCM_BitsAllocated, 0) / 8.0;
	double file_bytes = stat(f.path.c_str(), &st) == 0 ? (double)st.st_size : 0.0;

	if (!(declared <= MAX_RATIO * file_bytes + ALLOWANCE))
		refuse(format("%s: compressed pixel data declaring %.0f bytes in a %.0f-byte "
			      "file, more than %.0f times its size: refused before decoding",
			      where.c_str(), declared, file_bytes, MAX_RATIO));
}

} // namespace

void decode(File &f, const std::string &where)
{
	DcmDataset *ds = f.dataset();
	DcmXfer xfer(ds->getOriginalXfer());

	if (!xfer.isEncapsulated())
		return;
	if (xfer.isLossy())
		refuse(format("%s: lossy-compressed pixel data (%s): lossy coding changes voxel values; "
			      "export the series uncompressed or losslessly compressed",
			      where.c_str(), xfer.getXferName()));
	check_declared_size(f, where);
	register_decoders();
	if (!DcmCodecList::canChangeCoding(xfer.getXfer(), EXS_LittleEndianExplicit))
		refuse(format("%s: compressed pixel data (%s) that this reader cannot decode "
			      "(it decodes JPEG lossless, JPEG-LS lossless and RLE): decompress it "
			      "first, e.g. with gdcmconv --raw",
			      where.c_str(), xfer.getXferName()));
	OFCondition c = ds->chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
	if (c.bad() || !ds->canWriteXfer(EXS_LittleEndianExplicit))
		refuse(format("%s: its %s pixel data cannot be decoded: %s", where.c_str(),
			      xfer.getXferName(), c.bad() ? c.text() : "the decoder failed"));
	/* only the decoded pixels stay in memory */
	ds->removeAllButCurrentRepresentations();
}

} // namespace dicom
