#!/bin/sh
# radioembo voxel on DICOM (DCMTK): the phantom of examples/phantom.py read as DICOM gives
# the doses it gives as NIfTI; RT Dose written (dciodvfy: no error) and read back with
# pydicom (the geometry, values equal to the NIfTI map within 0.5 % and a 16-bit step, the
# input's study and frame of reference); the PET's delay from its header; SEG and RTSTRUCT
# names; an RTSTRUCT sphere of radius 3 voxels rasterized within 3 % of 4/3 pi r^3; and
# broken series (missing, duplicate, unevenly spaced, mixed, tilted slices, two series,
# a PET in counts, lying pixel lengths, truncated files) refused, naming what is wrong.
# Compressed pixel data (DCMTK's encoders: RLE, JPEG lossless, JPEG-LS lossless) gives the
# dose map of the uncompressed files byte for byte; lossy, undecodable, corrupt and
# over-declared compressed files are refused, naming the transfer syntax.
# TAP; the command runs under $TEST_WRAPPER.
# SPDX-License-Identifier: GPL-3.0-or-later
SUITE=dicom
. "$(dirname "$0")/tap_voxel.sh"
$PYTHON examples/phantom.py "$tmp/p" >/dev/null ||
	{ echo "Bail out! examples/phantom.py needs /usr/bin/python3 with numpy, nibabel, pydicom"; exit 1; }
p=$tmp/p d=$tmp/p/dicom
check() {
	$PYTHON - "$tmp" "$2" >"$tmp/check" 2>&1 <<'PY'
import json, os, sys
import numpy as np
tmp = sys.argv[1]
truth = json.load(open(os.path.join(tmp, "p", "truth.json")))
def metrics(name):
    m = json.load(open(os.path.join(tmp, name)))
    return m, {x["label"]: x for x in m["structures"]}
def close(a, b, rel):
    assert abs(a - b) <= rel * max(abs(a), abs(b)), "%r != %r (rel %g)" % (a, b, rel)
exec(sys.argv[2])
PY
	if [ $? = 0 ]; then ok "$1"; else not_ok "$1"; fi
}
spect() { # spect OUTPUT-PREFIX COUNTS MASK CT LABELS [ARGS...]
	out=$1 counts=$2 mask=$3 ct=$4 labels=$5
	shift 5
	$R voxel --product TheraSphere --counts "$counts" --mask "$mask" --activity-gbq 2.4 \
		--lsf 0.06 --ct "$ct" --labels "$labels" --metrics-out "$tmp/$out.json" "$@" 2>"$tmp/err"
}

# ---- the phantom, NIfTI and DICOM -------------------------------------------------------------
spect nifti "$p/spect.nii.gz" "$p/perfused.nii.gz" "$p/ct.nii.gz" "$p/labels.nii.gz" \
	--dose-out "$tmp/nifti.nii.gz" || not_ok "the NIfTI phantom runs"
spect dicom "$d/spect.dcm" "$d/perfused.dcm" "$d/ct" "$d/labels.dcm" \
	--dose-out "$tmp/dicom.dcm" && ok "the DICOM phantom runs (NM multi-frame, SEG, CT series)" ||
	not_ok "the DICOM phantom runs (NM multi-frame, SEG, CT series)"
spect dicom_nifti "$d/spect.dcm" "$d/perfused.dcm" "$d/ct" "$d/labels.dcm" \
	--dose-out "$tmp/dicom.nii.gz" || not_ok "the DICOM phantom writes NIfTI"
check "DICOM and NIfTI inputs give the same grid and doses; SEG names name the structures" '
a, sa = metrics("nifti.json")
b, sb = metrics("dicom.json")
assert a["grid"]["dimensions"] == b["grid"]["dimensions"]
for k in ("spacing_mm", "direction_cosines"):  # NIfTI stores float32
    assert np.allclose(a["grid"][k], b["grid"][k], rtol=1e-6), (k, a["grid"][k], b["grid"][k])
assert np.allclose(a["grid"]["origin_mm"], b["grid"]["origin_mm"], atol=1e-3)
close(b["total_activity_gbq"], 2.256, 1e-6)
for label in (1, 2, 3):
    close(sb[label]["mean_gy"], sa[label]["mean_gy"], 0.005)
assert [sb[k]["name"] for k in (1, 2, 3, 4)] == ["liver", "lesion-1", "lesion-2", "lungs"], sb'
dciodvfy "$tmp/dicom.dcm" >"$tmp/dciodvfy.txt" 2>&1
if ! grep -q "^Error" "$tmp/dciodvfy.txt"; then ok "dciodvfy: the RT Dose has no error"; else
	sed 's/^/# /' "$tmp/dciodvfy.txt" | head -10
	not_ok "dciodvfy: the RT Dose has no error"
fi
check "RT Dose read back (pydicom): geometry and values of the NIfTI map, study of the input" '
import nibabel as nib, pydicom
ds = pydicom.dcmread(os.path.join(tmp, "dicom.dcm"))
ni = nib.load(os.path.join(tmp, "dicom.nii.gz"))
ref = pydicom.dcmread(os.path.join(tmp, "p", "dicom", "spect.dcm"))
assert ds.Modality == "RTDOSE" and ds.DoseUnits == "GY" and ds.DoseType == "PHYSICAL"
assert ds.StudyInstanceUID == ref.StudyInstanceUID
assert ds.FrameOfReferenceUID == ref.FrameOfReferenceUID and ds.PatientID == ref.PatientID
dose = ds.pixel_array.astype(float) * float(ds.DoseGridScaling)   # (frames, rows, columns)
nii = np.asarray(ni.dataobj, dtype=float).transpose(2, 1, 0)       # the same order
assert dose.shape == nii.shape, (dose.shape, nii.shape)
# the geometry: NIfTI RAS affine vs RT Dose LPS position, orientation, spacing, offsets
A = ni.affine.copy(); A[:2, :] *= -1
row, col = np.array(ds.ImageOrientationPatient[:3], float), np.array(ds.ImageOrientationPatient[3:], float)
assert np.allclose(A[:3, 0] / np.linalg.norm(A[:3, 0]), row) and np.allclose(A[:3, 1] / np.linalg.norm(A[:3, 1]), col)
assert np.allclose(A[:3, 3], np.array(ds.ImagePositionPatient, float), atol=1e-3)
assert np.allclose([float(ds.PixelSpacing[1]), float(ds.PixelSpacing[0])], np.linalg.norm(A[:3, :2], axis=0))
offsets = np.array(ds.GridFrameOffsetVector, float)
assert np.allclose(offsets, np.arange(dose.shape[0]) * np.linalg.norm(A[:3, 2]))
step = float(ds.DoseGridScaling)
assert np.all(np.abs(dose - nii) <= 0.005 * nii + step), np.max(np.abs(dose - nii) - 0.005 * nii)'
$R voxel --product TheraSphere --bq-per-ml "$p/pet.nii.gz" --dose-out "$tmp/new.dcm" \
	--bed-out "$tmp/bed.dcm" >/dev/null 2>"$tmp/err" && dciodvfy "$tmp/bed.dcm" 2>&1 | grep -q "^Error" &&
	not_ok "BED as RT Dose: dciodvfy finds no error" || ok "BED as RT Dose: dciodvfy finds no error"
check "from NIfTI: new study and frame of reference UIDs; BED is an EFFECTIVE dose" '
import pydicom
a = pydicom.dcmread(os.path.join(tmp, "new.dcm")); b = pydicom.dcmread(os.path.join(tmp, "bed.dcm"))
assert a.StudyInstanceUID and a.FrameOfReferenceUID and a.StudyInstanceUID != b.StudyInstanceUID
assert b.DoseType == "EFFECTIVE" and a.DoseType == "PHYSICAL"'

# ---- compressed pixel data -------------------------------------------------------------------
mkdir "$tmp/z"
encode() { # encode NAME DCMTK-ENCODER...: the SPECT and every CT slice, compressed
	name=$1
	shift
	mkdir "$tmp/z/$name" "$tmp/z/$name/ct" &&
		"$@" "$d/spect.dcm" "$tmp/z/$name/spect.dcm" &&
		for f in "$d"/ct/*.dcm; do "$@" "$f" "$tmp/z/$name/ct/$(basename "$f")" || return 1; done
}
compressed_run() { # compressed_run OUT SPECT CT
	$R voxel --product TheraSphere --counts "$2" --mask "$d/perfused.dcm" --ct "$3" \
		--activity-gbq 2.4 --dose-out "$tmp/z/$1.nii" --metrics-out "$tmp/z/$1.json" 2>"$tmp/err"
}
compressed_run plain "$d/spect.dcm" "$d/ct" || not_ok "the uncompressed SPECT and CT run"
for codec in "rle dcmcrle" "jpeg-lossless dcmcjpeg --encode-lossless-sv1" \
	"jpeg-ls dcmcjpls --encode-lossless"; do
	set -- $codec
	name=$1
	shift
	encode "$name" "$@" && compressed_run "$name" "$tmp/z/$name/spect.dcm" "$tmp/z/$name/ct" &&
		cmp -s "$tmp/z/plain.nii" "$tmp/z/$name.nii" &&
		ok "compressed $name (SPECT and CT series): the dose map of the uncompressed files" ||
		not_ok "compressed $name (SPECT and CT series): the dose map of the uncompressed files"
done
dcmcjpls --encode-nearlossless "$d/spect.dcm" "$tmp/z/lossy.dcm"
expect_error "lossy JPEG-LS is refused, naming it" \
	"lossy-compressed pixel data (JPEG-LS Lossy (Near-lossless)): lossy coding changes voxel values" \
	--product TheraSphere --counts "$tmp/z/lossy.dcm" --mask "$d/perfused.dcm" --activity-gbq 2.4
$PYTHON - "$tmp/z" <<'PY'
import os, sys
import pydicom
from pydicom.encaps import decode_data_sequence, encapsulate
z = sys.argv[1]
ds = pydicom.dcmread(os.path.join(z, "jpeg-ls", "spect.dcm"))
ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.4.90"  # JPEG 2000: no decoder here
ds.save_as(os.path.join(z, "j2k.dcm"), write_like_original=True)
ds = pydicom.dcmread(os.path.join(z, "jpeg-ls", "spect.dcm"))
ds.PixelData = encapsulate([f[:40] + bytes(len(f) - 40) for f in decode_data_sequence(ds.PixelData)])
ds.save_as(os.path.join(z, "corrupt.dcm"), write_like_original=True)
ds = pydicom.dcmread(os.path.join(z, "jpeg-ls", "spect.dcm"))
ds.Rows, ds.Columns = 65535, 65535  # 8.6e11 bytes declared in a 26 kB file
ds.save_as(os.path.join(z, "huge.dcm"), write_like_original=True)
PY
for bad in "j2k that this reader cannot decode (it decodes JPEG lossless, JPEG-LS lossless and RLE)" \
	"corrupt its JPEG-LS Lossless pixel data cannot be decoded" \
	"huge more than 1024 times its size: refused before decoding"; do
	file=${bad%% *}
	expect_error "compressed and $file: refused" "${bad#* }" \
		--product TheraSphere --counts "$tmp/z/$file.dcm" --mask "$d/perfused.dcm" --activity-gbq 2.4
done

# ---- the voxel report's audit names a DICOM directory by the digest of its files -----------
$R voxel --product TheraSphere --counts "$d/spect.dcm" --mask "$d/perfused.dcm" --ct "$d/ct" \
	--activity-gbq 2.4 --metrics-out "$tmp/rep.json" --report-out "$tmp/rep.html" 2>"$tmp/err"
digest=$(cd "$d/ct" && LC_ALL=C sha256sum -- * | sha256sum | cut -d" " -f1)
grep -qF "SHA-256 $digest over its 96 files" "$tmp/rep.html" &&
	ok "voxel report: the CT directory's digest is sha256sum's over its files" ||
	not_ok "voxel report: the CT directory's digest is sha256sum's over its files"

# ---- PET: Bq/mL, the delay from the header ----------------------------------------------------
$R voxel --product TheraSphere --bq-per-ml "$d/pet" --ct "$d/ct" --labels "$d/rtstruct.dcm" \
	--metrics-out "$tmp/pet.json" 2>"$tmp/err" && ok "a PET series with an RTSTRUCT runs" ||
	not_ok "a PET series with an RTSTRUCT runs"
check "PET: 4.5 h from the header, 2.4 GBq back at administration; RTSTRUCT names and volumes" '
m, s = metrics("pet.json")
close(m["total_activity_gbq"], 2.4, 2e-3)
assert "DICOM header" in m["calibration"], m["calibration"]
assert [s[k]["name"] for k in (1, 2, 3, 4)] == ["liver", "lesion-1", "lesion-2", "lungs"]
for label, rel in (("1", 0.01), ("2", 0.03), ("3", 0.05), ("4", 0.01)):
    close(s[int(label)]["volume_ml"], truth["labels"][label]["volume_ml"], rel)'

# ---- LSF from SPECT/CT volumes of interest, beside the planar method ----------------------
for v in "$p/spect.nii.gz $p/labels.nii.gz" "$d/spect.dcm $d/labels.dcm" "$d/spect.dcm $d/rtstruct.dcm"; do
	set -- $v
	$R lsf --counts "$1" --voi-labels "$2" --lung-labels 4 --liver-labels 1,2,3 --format json \
		>"$tmp/lsf.json" 2>"$tmp/err"
	check "LSF from VOIs ($(basename "$1"), $(basename "$2")): the phantom's 0.06 within its partial volume" '
m = json.load(open(os.path.join(tmp, "lsf.json")))
close(m["lsf"], truth["lsf"], 0.02)
assert m["method"] == "SPECT/CT volumes of interest" and "misregistration" in m["known_bias"]'
done
$R lsf --counts "$p/spect.nii.gz" --voi-labels "$p/labels.nii.gz" --lung-labels 4 \
	--liver-labels 1,4 >/dev/null 2>"$tmp/err"
[ $? = 2 ] && grep -q "lung_voi and liver_voi must not overlap" "$tmp/err" &&
	ok "LSF: overlapping VOIs refused" || not_ok "LSF: overlapping VOIs refused"
$R lsf --counts "$p/spect.nii.gz" --voi-labels "$p/labels.nii.gz" --lung-labels 4 \
	--liver-labels 1 --lung-anterior 5 >/dev/null 2>"$tmp/err"
[ $? = 2 ] && grep -q "not both" "$tmp/err" && ok "LSF: planar and VOI inputs together refused" ||
	not_ok "LSF: planar and VOI inputs together refused"

# ---- RTSTRUCT rasterization: a sphere of 3 voxels and more ------------------------------------
for sphere in "12 48 48 48" "12 49.3 50.1 47.2" "14 50 46.5 51.7" "20 47.9 48.2 49.9"; do
	# shellcheck disable=SC2086
	$PYTHON tests/cli/dicom_cases.py sphere "$tmp/s" $sphere
	$R voxel --product TheraSphere --activity "$tmp/s/grid.nii" --labels "$tmp/s/sphere.dcm" \
		--metrics-out "$tmp/sphere.json" 2>"$tmp/err"
	check "RTSTRUCT sphere (r, centre) = ($sphere) mm on 4 mm voxels: volume within 3 %" '
import math
m, s = metrics("sphere.json")
r = float("'"$sphere"'".split()[0])
close(s[1]["volume_ml"], 4 / 3 * math.pi * r ** 3 / 1000, 0.03)
assert s[1]["name"] == "sphere"'
done

# ---- broken series ---------------------------------------------------------------------------------
mkdir "$tmp/bad"
$PYTHON tests/cli/dicom_cases.py bad "$d" "$tmp/bad"
b=$tmp/bad
ct_error() { expect_error "$1" "$2" --product TheraSphere --activity "$p/spect.nii.gz" --ct "$3"; }
ct_error "a missing slice" "missing slices: a gap of 6 mm" "$b/missing"
ct_error "two slices at one position" "two slices at the same position" "$b/duplicate"
ct_error "uneven slice spacing" "uneven slice spacing: 4.2 mm" "$b/uneven"
ct_error "mixed orientations" "mixed orientations" "$b/mixed"
ct_error "a tilted stack" "not stacked along their normal" "$b/tilted"
ct_error "two series in a directory are listed" "2 series in the directory, give a directory holding one: CT" "$b/two"
ct_error "pixel data shorter than the header says" "holds 9744 bytes of pixel data, fewer than its header declares (9744 values of 16 bits)" "$b/short.dcm"
ct_error "Rows 0" "Rows and Columns must be 1 to 65535, got 0 x 116" "$b/rows0.dcm"
ct_error "a truncated file" "not a readable DICOM file" "$b/truncated.dcm"
expect_error "a PET in counts is not Bq/mL" 'a PET in Units "CNTS"; Bq/mL (BQML) is needed' \
	--product TheraSphere --bq-per-ml "$b/pet_cnts"
expect_error "an RTSTRUCT is no activity image" "an RTSTRUCT has no voxels of its own" \
	--product TheraSphere --activity "$d/rtstruct.dcm"
echo "1..$n"
