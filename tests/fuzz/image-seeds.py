#!/usr/bin/python3
"""Seeds of the image fuzz target (tests/fuzz/image/): small valid images of every kind
the readers take, written with nibabel and pydicom (Debian python3-nibabel,
python3-pydicom), and the CT seed compressed by DCMTK's encoders (Debian dcmtk: dcmcrle,
dcmcjpeg, dcmcjpls). Run from the top of the tree:

    /usr/bin/python3 tests/fuzz/image-seeds.py tests/fuzz/image

SPDX-License-Identifier: GPL-3.0-or-later
"""
import hashlib
import io
import math
import os
import subprocess
import sys
import tempfile

import nibabel as nib
import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.pixel_data_handlers.numpy_handler import pack_bits
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian

UID = "1.2.826.0.1.3680043.10.1461."  # a fixed root: seeds do not change between runs


def dataset(sop, modality):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID = sop, UID + "1"
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset("seed", {}, file_meta=meta, preamble=b"\0" * 128)
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SOPClassUID, ds.SOPInstanceUID, ds.Modality = sop, UID + "1", modality
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = UID + "2", UID + "3", UID + "4"
    return ds


def image(ds, frames):
    ds.Rows, ds.Columns, ds.PixelSpacing = 3, 4, [2.5, 2.5]
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
    ds.PixelData = (np.arange(12 * frames, dtype=np.uint16) * 7).tobytes()


def save(ds):
    out = io.BytesIO()
    ds.save_as(out, write_like_original=False)
    return out.getvalue()


def compressed(data, encoder):
    """data (a DICOM file) re-encoded by a DCMTK command line such as ["dcmcrle"]."""
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = os.path.join(tmp, "in.dcm"), os.path.join(tmp, "out.dcm")
        with open(src, "wb") as f:
            f.write(data)
        subprocess.run(encoder + [src, dst], check=True)
        with open(dst, "rb") as f:
            return f.read()


ENCODERS = {"rle": ["dcmcrle"], "jpeg-lossless": ["dcmcjpeg", "--encode-lossless-sv1"],
            "jpeg-ls": ["dcmcjpls", "--encode-lossless"]}


def seeds():
    ct = dataset("1.2.840.10008.5.1.4.1.1.2", "CT")
    image(ct, 1)
    ct.ImagePositionPatient, ct.ImageOrientationPatient = [-5, -5, 0], [1, 0, 0, 0, 1, 0]
    ct.RescaleSlope, ct.RescaleIntercept = 1, -1024
    yield "ct", save(ct)
    for name, encoder in ENCODERS.items():
        yield "ct-" + name, compressed(save(ct), encoder)
    nm = dataset("1.2.840.10008.5.1.4.1.1.20", "NM")
    image(nm, 5)
    nm.NumberOfFrames, nm.SpacingBetweenSlices = 5, 2.5
    d = Dataset()
    d.ImagePositionPatient, d.ImageOrientationPatient = [-5, -5, -5], [1, 0, 0, 0, 1, 0]
    nm.DetectorInformationSequence = Sequence([d])
    yield "nm", save(nm)
    pt = dataset("1.2.840.10008.5.1.4.1.1.128", "PT")
    image(pt, 1)
    pt.ImagePositionPatient, pt.ImageOrientationPatient = [-5, -5, 0], [1, 0, 0, 0, 1, 0]
    pt.Units, pt.DecayCorrection, pt.SeriesDate, pt.SeriesTime = "BQML", "START", "20261125", "140000"
    drug = Dataset()
    drug.RadiopharmaceuticalStartDateTime = "20261125093000"
    pt.RadiopharmaceuticalInformationSequence = Sequence([drug])
    yield "pt", save(pt)
    seg = dataset("1.2.840.10008.5.1.4.1.1.66.4", "SEG")
    seg.Rows, seg.Columns = 3, 4
    seg.SamplesPerPixel, seg.PhotometricInterpretation = 1, "MONOCHROME2"
    seg.BitsAllocated, seg.BitsStored, seg.HighBit, seg.PixelRepresentation = 1, 1, 0, 0
    s = Dataset()
    s.SegmentNumber, s.SegmentLabel = 1, "liver"
    seg.SegmentSequence = Sequence([s])
    shared, o, m = Dataset(), Dataset(), Dataset()
    o.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    m.PixelSpacing, m.SpacingBetweenSlices = [2.5, 2.5], 2.5
    shared.PlaneOrientationSequence, shared.PixelMeasuresSequence = Sequence([o]), Sequence([m])
    seg.SharedFunctionalGroupsSequence = Sequence([shared])
    frames = []
    for k in range(2):
        f, p, i = Dataset(), Dataset(), Dataset()
        p.ImagePositionPatient = [-5, -5, 2.5 * k]
        i.ReferencedSegmentNumber = 1
        f.PlanePositionSequence, f.SegmentIdentificationSequence = Sequence([p]), Sequence([i])
        frames.append(f)
    seg.PerFrameFunctionalGroupsSequence = Sequence(frames)
    seg.NumberOfFrames = 2
    seg.PixelData = pack_bits(np.tile([1, 0, 1, 1, 0, 1], 4).astype(np.uint8))
    yield "seg", save(seg)
    rt = dataset("1.2.840.10008.5.1.4.1.1.481.3", "RTSTRUCT")
    roi = Dataset()
    roi.ROINumber, roi.ROIName = 1, "lesion"
    rt.StructureSetROISequence = Sequence([roi])
    contours = []
    for z in (-2.5, 0.0, 2.5):
        c = Dataset()
        c.ContourGeometricType, c.NumberOfContourPoints = "CLOSED_PLANAR", 6
        c.ContourData = [v for t in range(6) for v in (6 * math.cos(t * math.pi / 3),
                                                        6 * math.sin(t * math.pi / 3), z)]
        contours.append(c)
    rc = Dataset()
    rc.ReferencedROINumber, rc.ContourSequence = 1, Sequence(contours)
    rt.ROIContourSequence = Sequence([rc])
    yield "rtstruct", save(rt)
    a = np.arange(60, dtype=np.float32).reshape(5, 4, 3)
    img = nib.Nifti1Image(a, np.diag([-2.5, -2.5, 2.5, 1.0]))
    img.set_sform(img.affine, code=1)
    yield "nifti", img.to_bytes()
    # hostile: lying lengths, absurd dimensions, truncation
    small = compressed(save(ct), ENCODERS["jpeg-ls"])
    ct.Rows, ct.Columns = 65535, 65535
    yield "ct-huge", save(ct)
    # a compressed file declaring 8 GB: refused before its decoder allocates them
    huge = pydicom.dcmread(io.BytesIO(small))
    huge.Rows, huge.Columns = 65535, 65535
    out = io.BytesIO()
    huge.save_as(out, write_like_original=True)
    yield "ct-jpeg-ls-huge", out.getvalue()
    nm.NumberOfFrames = 65535
    yield "nm-frames", save(nm)
    whole = save(pt)
    yield "pt-truncated", whole[: len(whole) * 2 // 3]
    raw = bytearray(img.to_bytes())
    raw[42:44] = (30000).to_bytes(2, "little")  # dim[1]: far more voxels than bytes
    yield "nifti-lying", bytes(raw)


if __name__ == "__main__":
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, data in seeds():
        with open(os.path.join(out, hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)
