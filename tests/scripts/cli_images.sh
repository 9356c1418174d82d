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

# ---- images that do not share the grid ------------------------------------------------------
expect_error "a mask flipped in x and shifted 150 mm is refused, naming both" \
	"--mask $g/flipped_shifted.nii: not on the grid of the --counts image: x axis flipped; origin differs by 150 mm" \
	--counts "$g/ref.nii" --mask "$g/flipped_shifted.nii" --activity-gbq 1.5 --product TheraSphere
expect_error "labels shifted 150 mm in y are refused" "origin differs by 150 mm" \
	--counts "$g/ref.nii" --mask "$g/ref.nii" --labels "$g/shifted.nii" --activity-gbq 1.5 --product TheraSphere
expect_error "an oblique CT is refused as oblique" "x axis oblique" \
	--counts "$g/ref.nii" --mask "$g/ref.nii" --ct "$g/oblique.nii" --activity-gbq 1.5 --product TheraSphere

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
/usr/bin/time -f %M -o "$tmp/rss" $R voxel --activity "$h/bomb.nii.gz" --product TheraSphere \
	--metrics-out "$tmp/m.json" >"$tmp/out" 2>"$tmp/err"
status=$?
rss=$(tail -1 "$tmp/rss")
if [ "$status" = 2 ] && grep -qF "the file ends after 4194304 of the 4294967296 bytes" "$tmp/err" &&
	[ "$rss" -lt 200000 ]; then
	ok "a 4 MB .nii.gz declaring 1024^3 float32 fails fast ($rss kB peak)"
else
	echo "# status $status, peak $rss kB" >"$tmp/check"
	not_ok "a 4 MB .nii.gz declaring 1024^3 float32 fails fast"
fi
echo "1..$n"
