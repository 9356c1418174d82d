#!/usr/bin/python3
"""DICOM inputs for tests/scripts/cli_dicom.sh, made with pydicom (Debian python3-pydicom)
from the phantom's DICOM (examples/phantom.py) or from scratch:

    dicom_cases.py bad PHANTOM_DICOM OUT      broken series, one directory each (below)
    dicom_cases.py sphere OUT R_MM CX CY CZ   a reference NIfTI grid (4 mm voxels) and an
                                              RTSTRUCT of one sphere, contours every 1 mm
SPDX-License-Identifier: GPL-3.0-or-later
"""
import math
import os
import shutil
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence


def ct_files(phantom):
    d = os.path.join(phantom, "ct")
    return [os.path.join(d, f) for f in sorted(os.listdir(d))]


def bad(phantom, out):
    files = ct_files(phantom)

    def series(name, keep=None, change=None):
        d = os.path.join(out, name)
        os.makedirs(d)
        for i, f in enumerate(files):
            if keep is not None and not keep(i):
                continue
            ds = pydicom.dcmread(f)
            if change is not None:
                change(i, ds)
            ds.save_as(os.path.join(d, os.path.basename(f)))
        return d

    series("missing", keep=lambda i: i != 40)  # slice 41 of 96 lost
    series("duplicate", change=lambda i, ds: setattr(ds, "ImagePositionPatient",
                                                     [ds.ImagePositionPatient[0], ds.ImagePositionPatient[1],
                                                      float(ds.ImagePositionPatient[2]) - 3.0 * (i == 41)]))

    def uneven(i, ds):  # slices past the 50th 1.2 mm farther: a gap of 4.2 mm
        if i >= 50:
            p = ds.ImagePositionPatient
            ds.ImagePositionPatient = [p[0], p[1], float(p[2]) + 1.2]
    series("uneven", change=uneven)

    def mixed(i, ds):
        if i == 10:
            ds.ImageOrientationPatient = [1, 0, 0, 0, 0.9998, 0.0175]
    series("mixed", change=mixed)

    def tilted(i, ds):  # each slice 0.5 mm farther along y: a tilted gantry
        p = ds.ImagePositionPatient
        ds.ImagePositionPatient = [p[0], float(p[1]) + 0.5 * i, p[2]]
    series("tilted", change=tilted)
    # two series in one directory
    d = os.path.join(out, "two")
    shutil.copytree(os.path.join(phantom, "ct"), d)
    for f in sorted(os.listdir(os.path.join(phantom, "pet")))[:3]:
        shutil.copy(os.path.join(phantom, "pet", f), d)
    # a PET in counts, not Bq/mL
    d = os.path.join(out, "pet_cnts")
    os.makedirs(d)
    for f in sorted(os.listdir(os.path.join(phantom, "pet"))):
        ds = pydicom.dcmread(os.path.join(phantom, "pet", f))
        ds.Units = "CNTS"
        ds.save_as(os.path.join(d, f))
    # a file whose pixel data is shorter than its header says (a lying length)
    ds = pydicom.dcmread(files[0])
    ds.PixelData = ds.PixelData[: len(ds.PixelData) // 2]
    ds.save_as(os.path.join(out, "short.dcm"))
    # absurd dimensions
    ds = pydicom.dcmread(files[0])
    ds.Rows = 0
    ds.save_as(os.path.join(out, "rows0.dcm"))
    # truncated in the middle of the file
    raw = open(files[0], "rb").read()
    open(os.path.join(out, "truncated.dcm"), "wb").write(raw[: len(raw) // 3])


def sphere(out, r, cx, cy, cz):
    import nibabel as nib
    os.makedirs(out, exist_ok=True)
    n, h = 24, 4.0
    affine = np.diag([-h, -h, h, 1.0])  # LPS origin (0, 0, 0), as RAS
    img = nib.Nifti1Image(np.ones((n, n, n), dtype=np.float32), affine)
    img.set_sform(affine, code=1)
    img.set_qform(affine, code=1)
    nib.save(img, os.path.join(out, "grid.nii"))
    from pydicom.dataset import FileDataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.481.3"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    path = os.path.join(out, "sphere.dcm")
    ds = FileDataset(path, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
    ds.Modality, ds.SeriesInstanceUID, ds.StudyInstanceUID = "RTSTRUCT", generate_uid(), generate_uid()
    roi = Dataset()
    roi.ROINumber, roi.ROIName = 7, "sphere"
    ds.StructureSetROISequence = Sequence([roi])
    items = []
    z = cz - r + 0.5
    while z < cz + r:
        t = r * r - (z - cz) ** 2
        if t > 0:
            a = math.sqrt(t)
            theta = np.arange(256) * 2 * math.pi / 256
            # the polygon's area equals the circle's: vertices on a slightly larger circle
            a *= math.sqrt(2 * math.pi / (256 * math.sin(2 * math.pi / 256)))
            xyz = np.stack([cx + a * np.cos(theta), cy + a * np.sin(theta), np.full(256, z)], axis=1)
            c = Dataset()
            c.ContourGeometricType, c.NumberOfContourPoints = "CLOSED_PLANAR", 256
            c.ContourData = ["%.5f" % v for v in xyz.ravel()]
            items.append(c)
        z += 1.0
    rc = Dataset()
    rc.ReferencedROINumber = 7
    rc.ContourSequence = Sequence(items)
    ds.ROIContourSequence = Sequence([rc])
    ds.save_as(path, write_like_original=False)


if __name__ == "__main__":
    if sys.argv[1] == "bad":
        bad(sys.argv[2], sys.argv[3])
    else:
        sphere(sys.argv[2], *[float(x) for x in sys.argv[3:7]])
