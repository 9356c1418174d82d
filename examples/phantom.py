#!/usr/bin/python3
"""A small synthetic patient for `radioembo voxel` (README, radioembo(1)), with known
analytic activity. Debian's numpy and nibabel (python3-numpy, python3-nibabel), and
pydicom (python3-pydicom) for the DICOM copies:

    /usr/bin/python3 examples/phantom.py DIR

writes into DIR (created if needed):

  ct.nii.gz        CT in HU, 116 x 84 x 96 voxels of 3 mm
  spect.nii.gz     counts (Tc-99m MAA SPECT as a stand-in for the Y-90 distribution),
                   72 x 52 x 60 voxels of 4.8 mm, noise-free, partial volume by 4^3
                   sub-voxels
  pet.nii.gz       Y-90 PET in Bq/mL 4.5 h after administration, 88 x 64 x 72 voxels of 4 mm
  perfused.nii.gz  the perfused territory (the whole liver, lesions included), CT grid
  labels.nii.gz    1 normal liver, 2 lesion 1, 3 lesion 2, 4 lungs, CT grid
  truth.json       the geometry, every compartment's analytic volume, density, activity and
                   LDM dose, for the tests to compare with
  dicom/           the same patient as DICOM (one study, one frame of reference): ct/ (a CT
                   series, one file a slice), pet/ (a PT series in BQML, decay-corrected to
                   the series start 4.5 h after the radiopharmaceutical's), spect.dcm (NM
                   reconstructed tomography, multi-frame), labels.dcm and perfused.dcm
                   (SEG, one segment per label), rtstruct.dcm (RTSTRUCT: the liver, both
                   lesions and the lungs as closed contours on every CT slice)

The patient, in DICOM's LPS coordinates (mm; x to the patient's left, y posterior, z
superior), every grid centred on (0, 0, 40) with its own spacing (so images are resampled):
a body (elliptic cylinder, semi-axes 170 x 120 mm, 20 HU); a liver (ellipsoid centred at
(-60, 0, 0), semi-axes 80 x 70 x 60 mm, 60 HU); lesion 1 (sphere r = 20 mm at
(-80, -10, 10)) and lesion 2 (r = 12 mm at (-35, 20, -20)), both 40 HU; two lungs
(ellipsoids at (+-80, 0, 120), semi-axes 60 x 70 x 55 mm, -750 HU). Of 2.4 GBq
administered, LSF 0.06 goes to the lungs and the liver's 2.256 GBq is shared with
tumour-to-normal ratios 5 (lesion 1) and 3 (lesion 2) by concentration. Images are stored
x fastest, as NIfTI and radioembo_volume are.
SPDX-License-Identifier: GPL-3.0-or-later
"""
import json
import math
import os
import sys

import nibabel as nib
import numpy as np

ADMINISTERED_GBQ = 2.4
LSF = 0.06
TNR = {2: 5.0, 3: 3.0}  # by label: lesion 1, lesion 2
HALF_LIFE_H = 64.1  # Y-90, as radioembo's TheraSphere
PET_DELAY_H = 4.5
DOSE_FACTOR = 50.0  # Gy kg / GBq, TheraSphere's LDM factor
CENTRE = (0.0, 0.0, 40.0)
GRIDS = {  # name: (dimensions, spacing mm)
    "ct": ((116, 84, 96), 3.0),
    "spect": ((72, 52, 60), 4.8),
    "pet": ((88, 64, 72), 4.0),
}
LIVER = ((-60.0, 0.0, 0.0), (80.0, 70.0, 60.0))
LESIONS = {2: ((-80.0, -10.0, 10.0), 20.0), 3: ((-35.0, 20.0, -20.0), 12.0)}
LUNGS = [((-80.0, 0.0, 120.0), (60.0, 70.0, 55.0)), ((80.0, 0.0, 120.0), (60.0, 70.0, 55.0))]
HU = {0: -1000.0, 1: 20.0, 5: 60.0, 2: 40.0, 3: 40.0, 4: -750.0}  # by compartment
# compartments: 0 air, 1 body, 5 normal liver, 2 lesion 1, 3 lesion 2, 4 lungs
LABEL = {0: 0, 1: 0, 5: 1, 2: 2, 3: 3, 4: 4}


def inside_ellipsoid(x, y, z, centre, axes):
    return (((x - centre[0]) / axes[0]) ** 2 + ((y - centre[1]) / axes[1]) ** 2 +
            ((z - centre[2]) / axes[2]) ** 2) <= 1.0


def compartment(x, y, z):
    """The compartment at LPS points (arrays), the later assignments winning."""
    c = np.zeros(np.broadcast(x, y, z).shape, dtype=np.int8)
    c[(x / 170.0) ** 2 + (y / 120.0) ** 2 <= 1.0] = 1
    for centre, axes in LUNGS:
        c[inside_ellipsoid(x, y, z, centre, axes)] = 4
    c[inside_ellipsoid(x, y, z, *LIVER)] = 5
    for label, (centre, r) in LESIONS.items():
        c[inside_ellipsoid(x, y, z, centre, (r, r, r))] = label
    return c


def origin(name):
    (n, h) = GRIDS[name]
    return tuple(CENTRE[a] - 0.5 * (n[a] - 1) * h for a in range(3))


def centres(name, sub=1):
    """LPS coordinates of the voxel centres (sub = 1) or of sub^3 sub-voxels per voxel,
    as arrays of shape (nx*sub, ny*sub, nz*sub)."""
    (n, h) = GRIDS[name]
    o = origin(name)
    axes = [o[a] - 0.5 * h + (np.arange(n[a] * sub) + 0.5) * h / sub for a in range(3)]
    return np.meshgrid(*axes, indexing="ij")


def per_voxel(name, values, sub):
    """values per compartment summed over each voxel's sub^3 sub-voxels, times 1/sub^3."""
    (n, h) = GRIDS[name]
    out = np.zeros(n, dtype=np.float64)
    axes = [origin(name)[a] - 0.5 * h + (np.arange(n[a] * sub) + 0.5) * h / sub for a in range(3)]
    x, y = np.meshgrid(axes[0], axes[1], indexing="ij")
    for k in range(n[2]):  # a slab of sub-voxel planes at a time
        acc = np.zeros((n[0] * sub, n[1] * sub))
        for s in range(sub):
            z = axes[2][k * sub + s]
            acc += values[compartment(x, y, z)]
        out[:, :, k] = acc.reshape(n[0], sub, n[1], sub).sum(axis=(1, 3)) / sub ** 3
    return out


def analytic():
    """Volumes (mL), densities (g/mL), activities (GBq) and LDM doses (Gy) by label."""
    v_liver = 4.0 / 3.0 * math.pi * LIVER[1][0] * LIVER[1][1] * LIVER[1][2] / 1000.0
    v = {2: 4.0 / 3.0 * math.pi * LESIONS[2][1] ** 3 / 1000.0,
         3: 4.0 / 3.0 * math.pi * LESIONS[3][1] ** 3 / 1000.0}
    v[1] = v_liver - v[2] - v[3]
    v[4] = sum(4.0 / 3.0 * math.pi * a[0] * a[1] * a[2] / 1000.0 for _, a in LUNGS)
    liver_gbq = ADMINISTERED_GBQ * (1.0 - LSF)
    weight = v[1] + TNR[2] * v[2] + TNR[3] * v[3]
    a = {1: liver_gbq * v[1] / weight, 2: liver_gbq * TNR[2] * v[2] / weight,
         3: liver_gbq * TNR[3] * v[3] / weight, 4: ADMINISTERED_GBQ * LSF}
    rho = {1: 1.06, 2: 1.04, 3: 1.04, 4: 0.25}  # (HU + 1000) / 1000
    return {str(k): {"volume_ml": v[k], "density_g_per_ml": rho[k], "activity_gbq": a[k],
                     "ldm_dose_gy": DOSE_FACTOR * a[k] / (v[k] * rho[k] / 1000.0)}
            for k in (1, 2, 3, 4)}


def concentration(truth):
    """GBq per mL by compartment."""
    c = np.zeros(6)
    for comp, label in LABEL.items():
        if label:
            c[comp] = truth[str(label)]["activity_gbq"] / truth[str(label)]["volume_ml"]
    return c


def save(path, data, name):
    (n, h) = GRIDS[name]
    affine = np.diag([-h, -h, h, 1.0])  # LPS axes written as RAS: x and y negated
    o = origin(name)
    affine[:3, 3] = (-o[0], -o[1], o[2])
    img = nib.Nifti1Image(np.asarray(data, dtype=np.float32), affine)
    img.set_sform(affine, code=1)
    img.set_qform(affine, code=1)
    img.header.set_xyzt_units("mm")
    nib.save(img, path)


def write_dicom(out, truth, hu, labels, counts, pet):
    """The DICOM copies (see the top). Values as the NIfTI ones: HU, counts, Bq/mL."""
    import datetime
    import pydicom
    from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
    from pydicom.pixel_data_handlers.numpy_handler import pack_bits
    from pydicom.sequence import Sequence
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid

    def uid(name):  # deterministic: the same phantom gets the same UIDs
        return generate_uid(entropy_srcs=["libradioembo phantom", name])

    study, frame = uid("study"), uid("frame of reference")
    injected = datetime.datetime(2026, 11, 25, 9, 30, 0)
    scan = injected + datetime.timedelta(hours=PET_DELAY_H)

    def base(path, sop_class, modality, series, number):
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = sop_class
        meta.MediaStorageSOPInstanceUID = uid(path)
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = FileDataset(path, {}, file_meta=meta, preamble=b"\0" * 128)
        ds.is_little_endian, ds.is_implicit_VR = True, False
        ds.SpecificCharacterSet = "ISO_IR 192"
        ds.SOPClassUID, ds.SOPInstanceUID = sop_class, meta.MediaStorageSOPInstanceUID
        ds.Modality = modality
        ds.PatientName, ds.PatientID = "Phantom^Liver", "RADIOEMBO-PHANTOM"
        ds.PatientBirthDate, ds.PatientSex = "", "O"
        ds.StudyInstanceUID, ds.StudyID, ds.AccessionNumber = study, "1", ""
        ds.StudyDate, ds.StudyTime = scan.strftime("%Y%m%d"), scan.strftime("%H%M%S")
        ds.ReferringPhysicianName = ""
        ds.SeriesInstanceUID, ds.SeriesNumber = uid(series), number
        ds.SeriesDescription = series
        ds.FrameOfReferenceUID, ds.PositionReferenceIndicator = frame, ""
        ds.Manufacturer = "libradioembo examples/phantom.py"
        return ds

    def plane(ds, name, k=None):
        (n, h) = GRIDS[name]
        o = origin(name)
        ds.Rows, ds.Columns = n[1], n[0]
        ds.PixelSpacing = [h, h]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        if k is not None:
            ds.ImagePositionPatient = [o[0], o[1], o[2] + k * h]
        ds.SliceThickness = h
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"

    def pixels16(ds, a, signed):
        ds.BitsAllocated, ds.BitsStored, ds.HighBit = 16, 16, 15
        ds.PixelRepresentation = 1 if signed else 0
        ds.PixelData = np.ascontiguousarray(a, dtype=np.int16 if signed else np.uint16).tobytes()

    top = os.path.join(out, "dicom")
    for d in ("ct", "pet"):
        os.makedirs(os.path.join(top, d), exist_ok=True)
    (n, h) = GRIDS["ct"]
    for k in range(n[2]):
        path = os.path.join(top, "ct", "ct%03d.dcm" % (k + 1))
        ds = base(path, "1.2.840.10008.5.1.4.1.1.2", "CT", "CT", 1)
        ds.ImageType, ds.InstanceNumber = ["ORIGINAL", "PRIMARY", "AXIAL"], k + 1
        plane(ds, "ct", k)
        ds.RescaleIntercept, ds.RescaleSlope, ds.RescaleType = -1024, 1, "HU"
        pixels16(ds, hu[:, :, k].T + 1024, False)
        ds.save_as(path, write_like_original=False)
    (n, h) = GRIDS["pet"]
    for k in range(n[2]):
        path = os.path.join(top, "pet", "pt%03d.dcm" % (k + 1))
        ds = base(path, "1.2.840.10008.5.1.4.1.1.128", "PT", "Y-90 PET", 2)
        ds.ImageType, ds.InstanceNumber = ["ORIGINAL", "PRIMARY"], k + 1
        plane(ds, "pet", k)
        ds.SeriesDate = ds.AcquisitionDate = scan.strftime("%Y%m%d")
        ds.SeriesTime = ds.AcquisitionTime = scan.strftime("%H%M%S")
        ds.Units, ds.DecayCorrection, ds.CorrectedImage = "BQML", "START", ["DECY", "ATTN"]
        drug = Dataset()
        drug.RadiopharmaceuticalStartDateTime = injected.strftime("%Y%m%d%H%M%S")
        drug.RadionuclideHalfLife = HALF_LIFE_H * 3600.0
        drug.RadionuclideTotalDose = ADMINISTERED_GBQ * 1e9
        ds.RadiopharmaceuticalInformationSequence = Sequence([drug])
        slab = pet[:, :, k].T
        slope = max(float(slab.max()), 1.0) / 65000.0
        ds.RescaleIntercept, ds.RescaleSlope = 0, "%.8g" % slope
        pixels16(ds, np.round(slab / float(ds.RescaleSlope)), False)
        ds.save_as(path, write_like_original=False)
    path = os.path.join(top, "spect.dcm")
    ds = base(path, "1.2.840.10008.5.1.4.1.1.20", "NM", "MAA SPECT", 3)
    ds.ImageType = ["ORIGINAL", "PRIMARY", "RECON TOMO", "EMISSION"]
    (n, h) = GRIDS["spect"]
    plane(ds, "spect")
    detector = Dataset()
    detector.ImagePositionPatient = list(origin("spect"))
    detector.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.DetectorInformationSequence = Sequence([detector])
    ds.NumberOfFrames, ds.NumberOfSlices, ds.SpacingBetweenSlices = n[2], n[2], h
    ds.FrameIncrementPointer = pydicom.tag.Tag(0x0054, 0x0080)
    ds.SliceVector = list(range(1, n[2] + 1))
    ds.InstanceNumber = 1
    scaled = np.round(counts * 60000.0 / counts.max())  # relative counts: calibrated by the mask
    pixels16(ds, np.transpose(scaled, (2, 1, 0)), False)
    ds.save_as(path, write_like_original=False)

    def seg(path, segments, title):
        (n, h) = GRIDS["ct"]
        o = origin("ct")
        ds = base(path, "1.2.840.10008.5.1.4.1.1.66.4", "SEG", title, 4 if "perfused" in path else 5)
        ds.ImageType, ds.InstanceNumber = ["DERIVED", "PRIMARY"], 1
        ds.ContentLabel, ds.ContentDescription, ds.ContentCreatorName = "LABELS", title, ""
        ds.ContentDate, ds.ContentTime = ds.StudyDate, ds.StudyTime
        ds.SegmentationType = "BINARY"
        ds.Rows, ds.Columns = n[1], n[0]
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 1, 1, 0, 0
        ds.LossyImageCompression = "00"
        items, frames = [], []
        for number, (name, mask) in enumerate(segments, start=1):
            item = Dataset()
            item.SegmentNumber, item.SegmentLabel = number, name
            item.SegmentAlgorithmType = "MANUAL"
            code = Dataset()
            code.CodeValue, code.CodingSchemeDesignator, code.CodeMeaning = "T-D0050", "SRT", "Tissue"
            item.SegmentedPropertyCategoryCodeSequence = Sequence([code])
            kind = Dataset()
            kind.CodeValue, kind.CodingSchemeDesignator, kind.CodeMeaning = "T-62000", "SRT", name
            item.SegmentedPropertyTypeCodeSequence = Sequence([kind])
            items.append(item)
            for k in range(n[2]):
                if mask[:, :, k].any():
                    frames.append((number, k, mask[:, :, k].T))
        ds.SegmentSequence = Sequence(items)
        shared = Dataset()
        orientation, measures = Dataset(), Dataset()
        orientation.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        measures.PixelSpacing, measures.SliceThickness, measures.SpacingBetweenSlices = [h, h], h, h
        shared.PlaneOrientationSequence = Sequence([orientation])
        shared.PixelMeasuresSequence = Sequence([measures])
        ds.SharedFunctionalGroupsSequence = Sequence([shared])
        per = []
        for number, k, _ in frames:
            f, position, ident = Dataset(), Dataset(), Dataset()
            position.ImagePositionPatient = [o[0], o[1], o[2] + k * h]
            ident.ReferencedSegmentNumber = number
            f.PlanePositionSequence = Sequence([position])
            f.SegmentIdentificationSequence = Sequence([ident])
            per.append(f)
        ds.PerFrameFunctionalGroupsSequence = Sequence(per)
        ds.NumberOfFrames = len(frames)
        ds.PixelData = pack_bits(np.concatenate([m.astype(np.uint8).ravel() for _, _, m in frames]))
        ds.save_as(path, write_like_original=False)

    names = {1: "liver", 2: "lesion-1", 3: "lesion-2", 4: "lungs"}
    seg(os.path.join(top, "labels.dcm"), [(names[k], labels == k) for k in (1, 2, 3, 4)], "labels")
    seg(os.path.join(top, "perfused.dcm"), [("perfused liver", np.isin(labels, (1, 2, 3)))],
        "perfused territory")

    path = os.path.join(top, "rtstruct.dcm")
    ds = base(path, "1.2.840.10008.5.1.4.1.1.481.3", "RTSTRUCT", "contours", 6)
    ds.StructureSetLabel, ds.InstanceNumber = "phantom", 1
    ds.StructureSetDate, ds.StructureSetTime = ds.StudyDate, ds.StudyTime
    (n, h) = GRIDS["ct"]
    zs = [origin("ct")[2] + k * h for k in range(n[2])]
    shapes = {1: [LIVER], 2: [(LESIONS[2][0], (LESIONS[2][1],) * 3)],
              3: [(LESIONS[3][0], (LESIONS[3][1],) * 3)], 4: LUNGS}
    rois, contours = [], []
    for number in (1, 2, 3, 4):
        roi = Dataset()
        roi.ROINumber, roi.ROIName, roi.ROIGenerationAlgorithm = number, names[number], "MANUAL"
        roi.ReferencedFrameOfReferenceUID = frame
        rois.append(roi)
        items = []
        for z in zs:
            for centre, axes in shapes[number]:
                t = 1.0 - ((z - centre[2]) / axes[2]) ** 2
                if t <= 0:
                    continue
                a, b = axes[0] * math.sqrt(t), axes[1] * math.sqrt(t)
                theta = np.arange(128) * 2 * math.pi / 128
                xyz = np.stack([centre[0] + a * np.cos(theta), centre[1] + b * np.sin(theta),
                                np.full(128, z)], axis=1)
                c = Dataset()
                c.ContourGeometricType, c.NumberOfContourPoints = "CLOSED_PLANAR", 128
                c.ContourData = ["%.4f" % v for v in xyz.ravel()]
                items.append(c)
        rc = Dataset()
        rc.ReferencedROINumber, rc.ROIDisplayColor = number, [255, 0, 0]
        rc.ContourSequence = Sequence(items)
        contours.append(rc)
    ds.StructureSetROISequence = Sequence(rois)
    ds.ROIContourSequence = Sequence(contours)
    ds.save_as(path, write_like_original=False)


def main(out):
    os.makedirs(out, exist_ok=True)
    truth = analytic()
    x, y, z = centres("ct")
    comp = compartment(x, y, z)
    hu = np.vectorize(HU.get)(comp)
    save(os.path.join(out, "ct.nii.gz"), hu, "ct")
    save(os.path.join(out, "labels.nii.gz"), np.vectorize(LABEL.get)(comp), "ct")
    save(os.path.join(out, "perfused.nii.gz"), np.isin(comp, (5, 2, 3)), "ct")
    c = concentration(truth)
    ml = {name: GRIDS[name][1] ** 3 / 1000.0 for name in GRIDS}
    # counts: 1e6 counts per GBq in the voxel, noise-free
    counts = 1e6 * ml["spect"] * per_voxel("spect", c, 4)
    save(os.path.join(out, "spect.nii.gz"), counts, "spect")
    decay = 2.0 ** (-PET_DELAY_H / HALF_LIFE_H)
    pet = 1e9 * decay * per_voxel("pet", c, 4)
    save(os.path.join(out, "pet.nii.gz"), pet, "pet")
    write_dicom(out, truth, hu, np.vectorize(LABEL.get)(comp), counts, pet)
    truth = {"administered_gbq": ADMINISTERED_GBQ, "lsf": LSF, "tnr": {"2": TNR[2], "3": TNR[3]},
             "pet_delay_h": PET_DELAY_H, "half_life_h": HALF_LIFE_H,
             "dose_factor_gy_kg_per_gbq": DOSE_FACTOR, "labels": truth,
             "grids": {k: {"dimensions": list(n), "spacing_mm": h, "origin_lps_mm": origin(k)}
                       for k, (n, h) in GRIDS.items()}}
    with open(os.path.join(out, "truth.json"), "w") as f:
        json.dump(truth, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: phantom.py DIR")
    main(sys.argv[1])
