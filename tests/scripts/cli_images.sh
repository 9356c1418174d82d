#!/bin/sh
# radioembo voxel: where images lie in the patient, and hostile NIfTI headers. Images come
# from tests/cli/images.py (nibabel): a reference grid and variants flipped, shifted,
# oblique, with only a qform or no transform; headers that niftilib would repair (pixdim 0,
# NaN or Inf, a negative or zero dim, a NaN vox_offset), 4-D, overflowing and one-voxel
# images, lying sizes. Every bad input is exit 2 with one line naming the file and field.
# TAP; the command runs under $TEST_WRAPPER.
# SPDX-License-Identifier: GPL-3.0-or-later
SUITE=images
. "$(dirname "$0")/tap_voxel.sh"
# check DESCRIPTION PYTHON-CODE: m is the metrics JSON of the last run.
check() {
	$PYTHON - "$tmp/m.json" "$2" >"$tmp/check" 2>&1 <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
s = {x["label"]: x for x in m["structures"]}
def close(a, b, rel=1e-6):
    assert abs(a - b) <= rel * max(abs(a), abs(b), 1e-300), "%r != %r (rel %g)" % (a, b, rel)
exec(sys.argv[2])
PY
	if [ $? = 0 ]; then ok "$1"; else not_ok "$1"; fi
}
run() { rm -f "$tmp/m.json"; $R voxel --product TheraSphere "$@" --metrics-out "$tmp/m.json" 2>"$tmp/err"; }

mkdir "$tmp/g" "$tmp/h"
$PYTHON tests/cli/images.py grid "$tmp/g" && $PYTHON tests/cli/images.py hostile "$tmp/h" ||
	{ echo "Bail out! tests/cli/images.py needs /usr/bin/python3 with nibabel"; exit 1; }
g=$tmp/g h=$tmp/h

# ---- geometry: NIfTI RAS read as LPS, sform before qform ---------------------------------
run --counts "$g/ref.nii" --mask "$g/ref.nii" --activity-gbq 1.5 &&
	check "the grid in LPS: RAS origin (-10, 20, 5) mm is LPS (10, -20, 5)" '
assert m["grid"]["origin_mm"] == [10.0, -20.0, 5.0], m["grid"]
assert m["grid"]["direction_cosines"] == [-1, 0, 0, 0, -1, 0, 0, 0, 1], m["grid"]' ||
	not_ok "reference grid runs"
run --counts "$g/sform_wins.nii" --mask "$g/sform_wins.nii" --activity-gbq 1.5 &&
	check "the sform wins over the qform" 'assert m["grid"]["origin_mm"] == [10.0, -20.0, 5.0]' ||
	not_ok "sform_wins runs"
run --counts "$g/qform_only.nii" --mask "$g/ref.nii" --activity-gbq 1.5 &&
	[ ! -s "$tmp/err" ] && ok "the qform alone places the image" || not_ok "qform alone"
run --counts "$g/no_transform.nii" --mask "$g/no_transform.nii" --activity-gbq 1.5
[ $? = 0 ] && grep -q "warning: --counts $g/no_transform.nii: neither sform nor qform is set" "$tmp/err" &&
	ok "neither sform nor qform: a warning, and the run goes on" || not_ok "no transform warns"

# ---- images on other grids: resampled onto the activity's, or refused when elsewhere -------
# TheraSphere LDM by hand: each cube voxel holds 1.5 / 8 GBq in 3 x 2.5 x 4 mm = 0.03 mL;
# at 1.03 g/mL D = 50 * 0.1875 / (1.03 * 0.03e-3) = 303398.06 Gy, at 1.2 g/mL 260416.67 Gy
run --counts "$g/ref.nii" --mask "$g/mirrored.nii" --activity-gbq 1.5 &&
	check "a mask stored mirrored in x lies on the same anatomy: used as it lies" '
assert m["resampled"] == [{"image": "mask", "resampling": "nearest"}], m["resampled"]
assert s[1]["voxel_count"] == 8, s[1]
close(s[1]["mean_gy"], 50 * 0.1875 / (1.03 * 0.03e-3), 1e-6)' || not_ok "mirrored mask runs"
expect_error "a mask flipped in x and shifted 150 mm lies outside the counts: refused, naming both" \
	"--mask $g/flipped_shifted.nii: no labelled voxel of it falls on the --counts image's grid (x axis flipped; origin differs by 150 mm)" \
	--counts "$g/ref.nii" --mask "$g/flipped_shifted.nii" --activity-gbq 1.5 --product TheraSphere
expect_error "labels shifted 150 mm in y are refused" "origin differs by 150 mm" \
	--counts "$g/ref.nii" --mask "$g/ref.nii" --labels "$g/shifted.nii" --activity-gbq 1.5 --product TheraSphere
run --counts "$g/ref.nii" --mask "$g/ref.nii" --ct "$g/ct_fine.nii" --activity-gbq 1.5 &&
	check "a CT on a finer grid is brought onto the counts grid (trilinear)" '
assert m["resampled"] == [{"image": "ct", "resampling": "trilinear"}], m["resampled"]
assert m["dose_grid"] == "counts" and m["grid"]["dimensions"] == [8, 6, 5]
close(s[1]["mean_gy"], 50 * 0.1875 / (1.2 * 0.03e-3), 1e-6)' || not_ok "fine CT runs"
run --counts "$g/ref.nii" --mask "$g/ref.nii" --ct "$g/ct_fine.nii" --activity-gbq 1.5 \
	--dose-grid ct --dose-out "$tmp/dose.nii" &&
	check "--dose-grid ct: activity moved onto the CT grid, total conserved, dose on the CT grid" '
import nibabel as nib, numpy as np
assert m["dose_grid"] == "ct" and m["grid"]["dimensions"] == [16, 12, 10], m["grid"]
assert {"image": "activity", "resampling": "activity-conserving"} in m["resampled"]
close(m["total_activity_gbq"], 1.5, 1e-6)
assert m["activity_outside_ct_fraction"] < 1e-6
d = nib.load(sys.argv[1].replace("m.json", "dose.nii"))
assert d.shape == (16, 12, 10), d.shape
# each fine voxel of the cube holds an eighth of its coarse voxel (3 x 2.5 x 4 = 8 x 1.5 x 1.25 x 2 / 2)
a = np.asarray(d.dataobj)
close(float(a.max()), 50 * 0.1875 / (1.2 * 0.03e-3), 1e-5)
close(s[1]["mean_gy"], 50 * 0.1875 / (1.2 * 0.03e-3), 1e-5)' || not_ok "--dose-grid ct runs"
# the resampling and the dose on 1 and on 3 threads: the same maps, byte for byte
for t in 1 3; do
	run --counts "$g/ref.nii" --mask "$g/ref.nii" --ct "$g/oblique.nii" --activity-gbq 1.5 \
		--dose-grid ct --dose-out "$tmp/dose$t.nii" --threads $t || break
	mv "$tmp/m.json" "$tmp/m$t.json"
done
cmp -s "$tmp/dose1.nii" "$tmp/dose3.nii" && cmp -s "$tmp/m1.json" "$tmp/m3.json" &&
	ok "--threads 1 and 3: the same dose on an oblique CT's grid, the same metrics" ||
	not_ok "--threads changes the resampled dose"
run --counts "$g/ref.nii" --mask "$g/ref.nii" --ct "$g/oblique.nii" --activity-gbq 1.5 &&
	check "an oblique CT is resampled too" '
assert m["resampled"] == [{"image": "ct", "resampling": "trilinear"}], m["resampled"]' ||
	not_ok "oblique CT runs"
expect_error "--dose-grid ct needs --ct" "--dose-grid ct needs --ct" \
	--counts "$g/ref.nii" --mask "$g/ref.nii" --activity-gbq 1.5 --product TheraSphere --dose-grid ct
expect_error "--dose-grid takes activity or ct" '--dose-grid "spect": expected activity or ct' \
	--counts "$g/ref.nii" --mask "$g/ref.nii" --activity-gbq 1.5 --product TheraSphere --dose-grid spect

# ---- hostile headers: refused before niftilib can repair them --------------------------------
bad() { # bad DESCRIPTION FILE MESSAGE
	expect_error "$1" "--activity $h/$2: $3" --activity "$h/$2" --product TheraSphere \
		--metrics-out "$tmp/m.json"
}
bad "pixdim 0 refused (niftilib would make it 1 mm)" pixdim_zero.nii "pixdim[1] (the x spacing) must be a positive finite number, got 0"
bad "pixdim NaN refused" pixdim_nan.nii "pixdim[2] (the y spacing) must be a positive finite number, got nan"
bad "pixdim Inf refused" pixdim_inf.nii "pixdim[3] (the z spacing) must be a positive finite number, got inf"
bad "a negative dim refused (niftilib would make it 1)" dim_negative.nii "dim[2] must be >= 1, got -4"
bad "a zero dim refused" dim_zero.nii "dim[3] must be >= 1, got 0"
bad "vox_offset NaN refused (niftilib would make it 352)" vox_offset_nan.nii "vox_offset must be a whole number of bytes from 352, got nan"
bad "a NaN sform refused" srow_nan.nii "srow_x[3] must be finite, got nan"
bad "4-D refused" four_d.nii "a 3D image is needed, this one has 4 dimensions"
bad "dimensions overflowing the voxel cap refused from the header" overflow.nii "the header declares more than 2^31 voxels"
bad "a single voxel refused" one_voxel.nii "the image has a single voxel"
bad "a .nii shorter than its header declares refused before reading" truncated.nii "the file holds 1311 bytes, its header declares 352 + 960"
# the memory of a read is bounded by the image actually read, not by what the header claims
# (1.3: 12.6 GB). A .nii.gz's volume is reserved at the declared size and its pages are
# touched only as data arrives; under ASan their bookkeeping counts too (bound 1 GB), and
# valgrind's and ThreadSanitizer's calloc touch every page, so there only the error is
# checked.
limit=200000
[ -n "${SANITIZE_PRELOAD:-}${TEST_WRAPPER:-}" ] && limit=1000000
case "${TEST_WRAPPER:-} ${SANITIZE:-}" in *valgrind* | *thread*) limit=999999999999 ;; esac
/usr/bin/time -f %M -o "$tmp/rss" $R voxel --activity "$h/bomb.nii.gz" --product TheraSphere \
	--metrics-out "$tmp/m.json" >"$tmp/out" 2>"$tmp/err"
status=$?
rss=$(tail -1 "$tmp/rss")
if [ "$status" = 2 ] && grep -qF "the file ends after 4194304 of the 4294967296 bytes" "$tmp/err" &&
	[ "$rss" -lt "$limit" ]; then
	ok "a 4 MB .nii.gz declaring 1024^3 float32 fails fast ($rss kB peak)"
else
	echo "# status $status, peak $rss kB" >"$tmp/check"
	not_ok "a 4 MB .nii.gz declaring 1024^3 float32 fails fast"
fi
echo "1..$n"
