#!/bin/sh
# radioembo voxel: small synthetic NIfTI-1 images written with niftilib (tests/cli/nifti_tool)
# whose doses are checked by hand: LDM dose = F * A / (rho * V), patient-relative
# calibration A = activity * (1 - LSF) * counts / counts in the mask, datatype conversion
# with scl_slope/scl_inter, .nii.gz, CT density, the DVH CSV, the metrics JSON, the Y-90
# kernel inside a uniform region (equal to LDM scaled by the kernel's energy), Ho-166 always
# LDM, and every class of bad input (exit 2, one line naming the flag and file). TAP.
# The command runs under $TEST_WRAPPER (valgrind with VALGRIND=1).
# SPDX-License-Identifier: GPL-3.0-or-later
cd "$(dirname "$0")/../.." || exit 1
prefix="voxel: "
. tests/scripts/common.sh
T=./tests/cli/nifti_tool
# check DESCRIPTION PYTHON-CODE: the code sees m (the metrics JSON), dose (the dose map's
# values, x fastest), csv (the DVH rows) and close(a, b, rel); it must not raise.
check() {
	$PYTHON - "$tmp" "$2" >"$tmp/check" 2>&1 <<'PY'
import csv, json, os, sys
tmp, code = sys.argv[1], sys.argv[2]
def load(name):
    p = os.path.join(tmp, name)
    return p if os.path.exists(p) else None
m = json.load(open(load("m.json"))) if load("m.json") else None
dose = None
if load("dose.txt"):
    lines = open(load("dose.txt")).read().split("\n")
    dose = [float(x) for x in lines[4:] if x]
csv_rows = list(csv.DictReader(open(load("dvh.csv")))) if load("dvh.csv") else None
def close(a, b, rel=1e-6):
    assert abs(a - b) <= rel * max(abs(a), abs(b), 1e-300), "%r != %r (rel %g)" % (a, b, rel)
    return True
s = {x["label"]: x for x in m["structures"]} if m else None
exec(code)
PY
	if [ $? = 0 ]; then ok "$1"; else not_ok "$1"; fi
}
# expect_error DESCRIPTION MESSAGE ARGS...: exit 2, one line on stderr containing MESSAGE.
expect_error() {
	description=$1 message=$2
	shift 2
	$R voxel $(physics "$@") "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ "$status" = 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
		grep -qF -- "$message" "$tmp/err"; then
		ok "$description"
	else
		echo "# got status $status" >"$tmp/check"
		not_ok "$description"
	fi
}
# physics ARGS...: "--product TheraSphere" unless ARGS name a product or nuclide (one is required)
physics() {
	case " $* " in *" --product "* | *" --nuclide "*) ;; *) echo "--product TheraSphere" ;; esac
}
run() {
	rm -f "$tmp/m.json" "$tmp/dvh.csv" "$tmp/dose.txt"
	$R voxel $(physics "$@") "$@" 2>"$tmp/err"
}

# A 6 x 5 x 4 grid of 2.5 x 2.0 x 3.0 mm voxels (0.015 mL): a 2 x 2 x 2 cube of label 1 at
# x 1..2, y 1..2, z 1..2 holding 1.23e-5 GBq per voxel, a label-2 row at y = 4, z = 3.
grid() { # grid FILE TYPE INSIDE OUTSIDE LABEL2 [SLOPE INTER [UNITS]]
	file=$1 type=$2 inside=$3 outside=$4 two=$5
	shift 5
	awk -v a="$inside" -v b="$outside" -v c="$two" 'BEGIN {
		for (z = 0; z < 4; z++) for (y = 0; y < 5; y++) for (x = 0; x < 6; x++)
			if (x >= 1 && x <= 2 && y >= 1 && y <= 2 && z >= 1 && z <= 2) print a
			else if (y == 4 && z == 3) print c
			else print b }' |
		$T write "$file" 6 5 4 2.5 2.0 3.0 "$type" "$@"
}
grid "$tmp/act.nii" float32 1.23e-5 0 0
grid "$tmp/labels.nii" uint8 1 0 2
grid "$tmp/act.nii.gz" float64 1.23e-5 0 0

# ---- LDM on a uniform cube -------------------------------------------------------------
run --activity "$tmp/act.nii" --labels "$tmp/labels.nii" --label-names 1=cube,2=row \
	--dose-out "$tmp/dose.nii" --dvh-out "$tmp/dvh.csv" --metrics-out "$tmp/m.json" \
	--vx-gy 30,39.8,100 --bin-width-gy 0.5
[ $? = 0 ] && ok "uniform cube: exit 0" || not_ok "uniform cube: exit 0"
$T read "$tmp/dose.nii" >"$tmp/dose.txt"
# D = 50 Gy kg/GBq (TheraSphere PI) * 1.23e-5 GBq / (1.03 g/mL * 0.015 mL / 1000) =
# 0.000615 / 0.00001545 = 39.805825242718... Gy (hand-computed)
check "uniform cube: dose map F*A/(rho*V) inside, 0 outside" '
D = 0.000615 / 0.00001545
inside = [i for i in range(120) if 1 <= i % 6 <= 2 and 1 <= (i // 6) % 5 <= 2 and 1 <= i // 30 <= 2]
assert len(inside) == 8 and len(dose) == 120
for i, v in enumerate(dose):
    close(v, D, 1e-6) if i in inside else close(v, 0.0)'
check "uniform cube: the dose map keeps the grid (dim, pixdim, sform offset)" '
head = open(os.path.join(tmp, "dose.txt")).read().split("\n")[:4]
assert head == ["dim 6 5 4", "pixdim 2.5 2 3", "datatype FLOAT32", "sform -10 20 5"], head'
check "uniform cube: metrics (volume, mass, mean/min/max, Dx, Vx, EUD, outside)" '
D = 0.000615 / 0.00001545
c = s[1]
assert c["name"] == "cube" and c["voxel_count"] == 8
close(c["volume_ml"], 0.12); close(c["mass_kg"], 0.12 * 1.03 / 1000)
for k in ("mean_gy", "min_gy", "max_gy", "eud_gy"): close(c[k], D, 1e-6)
assert sorted(c["dose_at_volume_gy"]) == sorted(["D2", "D50", "D70", "D90", "D95", "D98"])
for v in c["dose_at_volume_gy"].values(): close(v, D, 1e-6)
assert c["volume_at_dose"] == {"V30": 1.0, "V39.8": 1.0, "V100": 0.0}, c["volume_at_dose"]
r = s[2]
assert r["name"] == "row" and r["voxel_count"] == 6 and r["max_gy"] == 0.0
close(m["total_activity_gbq"], 8 * 1.23e-5, 1e-6); assert m["fraction_outside"] == 0.0
assert m["method"]["name"] == "ldm" and m["method"]["dose_factor_gy_kg_per_gbq"] == 50
assert m["nuclide"] == "Y-90" and m["grid"]["dimensions"] == [6, 5, 4]'
# The metrics JSON has its numbers in the shortest form that reads back to the same double
# (they were cut to 10 significant digits, and did not read back).
check "uniform cube: metrics numbers are the shortest that read back exactly" '
import re
text = open(os.path.join(tmp, "m.json")).read()
tokens = re.findall(r"(?<=[\s\[:])-?[0-9][0-9.eE+-]*(?=[,\n\]])", text)
assert any(len(re.sub(r"[-.]|e.*", "", t).strip("0")) > 10 for t in tokens), tokens
for t in tokens:
    v = float(t)
    shortest = next(x for x in ("%.15g" % v, "%.16g" % v, "%.17g" % v) if float(x) == v)
    assert len(t[:-2] if t.endswith(".0") else t) <= len(shortest), (t, shortest)'
check "uniform cube: DVH CSV, one row per bin per structure" '
cube = [r for r in csv_rows if r["label"] == "1"]
row = [r for r in csv_rows if r["label"] == "2"]
assert csv_rows[0].keys() == {"label", "name", "dose_gy", "volume_fraction"}
assert len(cube) >= 80 and cube[0]["name"] == "cube" and float(cube[0]["dose_gy"]) == 0
for r in cube:
    d, f = float(r["dose_gy"]), float(r["volume_fraction"])
    assert f == (1.0 if d <= 39.8 else 0.0), (d, f)
assert float(row[0]["volume_fraction"]) == 1.0'

# ---- .nii.gz, float64, patient-relative calibration --------------------------------------
grid "$tmp/counts.nii.gz" int16 7 3 0 2 0.5
grid "$tmp/mask.nii" uint8 1 0 0
run --counts "$tmp/counts.nii.gz" --mask "$tmp/mask.nii" --activity-gbq 2.385 --lsf 0.1 \
	--dose-out "$tmp/dose2.nii.gz" --metrics-out "$tmp/m.json"
[ $? = 0 ] && ok "relative calibration from int16 .nii.gz: exit 0" ||
	not_ok "relative calibration from int16 .nii.gz: exit 0"
$T read "$tmp/dose2.nii.gz" >"$tmp/dose.txt"
# counts 7 * 2 + 0.5 = 14.5 in each of 8 mask voxels: A = 2.385 * 0.9 / 8 = 0.2683125 GBq;
# D = 50 * 0.2683125 / 0.00001545 = 868325.24271844... Gy (hand-computed)
check "relative calibration: A*(1-LSF) shared by the mask, structure 1 is the mask" '
D = 50 * 0.2683125 / 0.00001545
assert len(m["structures"]) == 1 and s[1]["voxel_count"] == 8
close(m["total_activity_gbq"], 2.385 * 0.9, 1e-6)
for k in ("mean_gy", "min_gy", "max_gy"): close(s[1][k], D, 1e-6)
close(max(dose), D, 1e-6); close(sorted(dose)[-8], D, 1e-6); assert sorted(dose)[-9] == 0, sorted(dose)[-10:]
assert m["calibration"].startswith("patient-relative")'

# ---- absolute calibration, CT density, units in metres ------------------------------------
grid "$tmp/bq.nii" float32 820000 0 0
grid "$tmp/ct.nii" int16 40 -1000 -1000
run --bq-per-ml "$tmp/bq.nii" --acquisition-h 64.1 --ct "$tmp/ct.nii" --mask "$tmp/mask.nii" \
	--metrics-out "$tmp/m.json"
# A = 820000 Bq/mL * 0.015 mL * 2 (one half-life) = 24600 Bq = 2.46e-5 GBq; rho = 1.04;
# D = 50 * 2.46e-5 / (1.04 * 0.015 / 1000) = 78.846153846... Gy (hand-computed)
check "absolute calibration and CT density: decay-corrected, (HU+1000)/1000" '
D = 50 * 2.46e-5 / (1.04 * 0.015 / 1000)
close(s[1]["mean_gy"], D, 1e-5); close(s[1]["mass_kg"], 8 * 1.04 * 0.015 / 1000, 1e-6)
assert m["density"]["source"].startswith("CT")'
awk 'BEGIN { for (i = 0; i < 120; i++) print 1.23e-5 }' |
	$T write "$tmp/metres.nii" 6 5 4 0.0025 0.002 0.003 float32 1 0 m
run --activity "$tmp/metres.nii" --metrics-out "$tmp/m.json"
check "pixdim in metres is converted to mm" '
assert [round(x, 6) for x in m["grid"]["spacing_mm"]] == [2.5, 2.0, 3.0], m["grid"]
close(m["grid"]["voxel_volume_ml"], 0.015, 1e-6)'

# ---- the Y-90 kernel and Ho-166 -----------------------------------------------------------
awk 'BEGIN { for (i = 0; i < 21 * 21 * 21; i++) print 0.001 }' |
	$T write "$tmp/big.nii" 21 21 21 2 2 2 float32
run --activity "$tmp/big.nii" --method kernel --kernel-radius-mm 6 --dose-out "$tmp/k.nii" \
	--density-g-per-ml 1 --metrics-out "$tmp/m.json"
$T read "$tmp/k.nii" >"$tmp/dose.txt"
# In a uniform region wider than the kernel the kernel dose is the complete-decay energy
# per mass: A T/ln2 decays * E MeV / (rho V) (hand-computed from the decay count), with E
# the point kernel's energy inside R = 6 mm, taken from the Graves et al. 2019 table itself
# and not from the code under test: 6 mm is the outer radius of shell 60 (0.60 cm), so E is
# the sum of column 2 ("Energy deposited per emission (MeV)") of the first 60 rows of
# data/y90_beta_dpk_graves2019.csv (Zenodo 2564036, 90Y_64.10H_beta), summed
# with python3 decimal: 0.8707743337618285986 MeV (of the file's 0.9300733321006294541509).
E6=0.8707743337618285986
check "Y-90 kernel: its energy is the Graves 2019 table's energy inside R" "
E = $E6
meth = m['method']
close(meth['kernel_energy_mev'], E, 1e-9)  # the JSON carries 10 digits
close(meth['energy_per_decay_mev'], E, 1e-9)
assert meth['energy_per_decay_source'].startswith('point kernel'), meth
close(meth['kernel_density_g_per_ml'], 1.0)"
check "Y-90 kernel: uniform region centre = decays * table energy inside R / mass" "
import math
E = $E6
meth = m['method']
assert meth['name'] == 'kernel' and meth['radius_voxels'] == [3, 3, 3], meth
assert 'Graves' in meth['reason'], meth
decays = 0.001e9 * 64.1 * 3600 / math.log(2)
D = decays * E * 1.602176634e-13 / (1.0 * 0.008 / 1000)
centre = 10 + 21 * (10 + 21 * 10)
close(dose[centre], D, 1e-4)
assert dose[0] < dose[centre]"
# Normalised to the product's dose factor: the kernel's total becomes the energy per decay
# the dose factor implies, 50 Gy kg/GBq * ln 2 / (1e9 * 3600 * 64.1 h) / 1.602176634e-13
# J/MeV (hand-computed from the definition), and every dose grows by that over E6.
cp "$tmp/dose.txt" "$tmp/pk.txt"
run --activity "$tmp/big.nii" --method kernel --kernel-radius-mm 6 --dose-out "$tmp/k.nii" \
	--density-g-per-ml 1 --kernel-energy dose-factor --metrics-out "$tmp/m.json"
$T read "$tmp/k.nii" >"$tmp/dose.txt"
check "Y-90 kernel normalised to the dose factor: stated, and doses scaled by it" "
import math
meth = m['method']
Edf = 50.0 * math.log(2) / (1e9 * 3600 * 64.1) / 1.602176634e-13
assert meth['energy_per_decay_source'] == 'dose factor', meth
close(meth['dose_factor_gy_kg_per_gbq'], 50.0)
close(meth['energy_per_decay_mev'], Edf, 1e-9)
close(meth['kernel_energy_mev'], Edf, 1e-9)
pk = [float(x) for x in open(os.path.join(tmp, 'pk.txt')).read().split(chr(10))[4:] if x]
centre = 10 + 21 * (10 + 21 * 10)
close(dose[centre] / pk[centre], Edf / $E6, 1e-5)"
expect_error "unknown kernel energy" '--kernel-energy "mev": expected point-kernel or dose-factor' \
	--activity "$tmp/big.nii" --method kernel --kernel-energy mev --metrics-out "$tmp/m.json"
# A point source in uniform soft tissue (1.04 g/mL): the centre voxel's dose is Lanconelli
# et al. 2012's self S value times the cumulated activity, S(0,0,0) = 0.858 (4 mm) and
# 0.573 mGy/(MBq s) (4.8 mm) (data/y90_voxel_s_lanconelli2012_{4,4.8}mm_soft.csv), within
# 3 %: the kernel is range-scaled to the tissue, not only divided by its mass.
for h in 4 4.8; do
	awk 'BEGIN { for (i = 0; i < 11 * 11 * 11; i++) print i == 665 ? 0.001 : 0 }' |
		$T write "$tmp/point.nii" 11 11 11 $h $h $h float32
	run --activity "$tmp/point.nii" --method kernel --density-g-per-ml 1.04 \
		--dose-out "$tmp/k.nii" --metrics-out "$tmp/m.json"
	$T read "$tmp/k.nii" >"$tmp/dose.txt"
	check "point source at 1.04 g/mL, $h mm voxels: Lanconelli's self S within 3 %" "
import math
S = {'4': 0.858, '4.8': 0.573}['$h']
mbq_s = 0.001 * 1000 * m['half_life_h'] * 3600 / math.log(2)
close(m['method']['kernel_density_g_per_ml'], 1.04)
print('centre %.6g Gy, Lanconelli %.6g Gy' % (dose[665], S * mbq_s / 1000))
close(dose[665], S * mbq_s / 1000, 0.03)"
done
# --threads: the same dose map, byte for byte, on 1 and 3 threads, by FFT and by direct sum,
# and by local deposition
for conv in fft direct ldm; do
	method="--method kernel --kernel-radius-mm 6 --convolution $conv"
	[ "$conv" = ldm ] && method="--method ldm"
	# shellcheck disable=SC2086 # $method holds several words
	if $R voxel --product TheraSphere --activity "$tmp/big.nii" $method --threads 1 \
		--dose-out "$tmp/k1.nii" --metrics-out "$tmp/t1.json" 2>"$tmp/err" &&
		$R voxel --product TheraSphere --activity "$tmp/big.nii" $method --threads 3 \
			--dose-out "$tmp/k3.nii" \
			--metrics-out "$tmp/t3.json" 2>>"$tmp/err" &&
		cmp -s "$tmp/k1.nii" "$tmp/k3.nii" && cmp -s "$tmp/t1.json" "$tmp/t3.json"; then
		ok "--threads 3 gives the dose map of 1 thread ($conv)"
	else
		not_ok "--threads 3 gives the dose map of 1 thread ($conv)"
	fi
done
expect_error "--threads out of range" '--threads "1025": expected a whole number from 1 to 1024' \
	--activity "$tmp/big.nii" --method kernel --threads 1025 --metrics-out "$tmp/t0.json"
run --activity "$tmp/act.nii" --product QuiremSpheres --method kernel --metrics-out "$tmp/m.json"
check "Ho-166: always LDM, and the metrics say why" '
D = 15.87 * 1.23e-5 / 0.00001545
assert m["nuclide"] == "Ho-166" and m["method"]["name"] == "ldm"
assert "Ho-166" in m["method"]["reason"], m["method"]
close(s[1]["max_gy"], D, 1e-6); close(m["half_life_h"], 26.8)'

# ---- BED and EQD2 maps, EUBED per structure -------------------------------------------------
run --activity "$tmp/act.nii" --labels "$tmp/labels.nii" --bed-out "$tmp/bed.nii" \
	--eqd2-out "$tmp/eqd2.nii.gz" --alpha-beta-gy 10 --repair-half-time-h 2.5 \
	--eud-alpha-per-gy 0.0135 --metrics-out "$tmp/m.json"
[ $? = 0 ] && ok "BED and EQD2 maps: exit 0" || not_ok "BED and EQD2 maps: exit 0"
$T read "$tmp/bed.nii" >"$tmp/dose.txt"
# D = 39.805825242718... Gy (above); BED = D (1 + D T_rep / ((T_rep + T_phys) a/b)) with
# T_rep 2.5 h, T_phys 64.1 h (TheraSphere), a/b 10 Gy (Dale 1985); EQD2 = BED / (1 + 2/10).
# A uniform structure's EUBED is its BED.
check "BED map: Dale's BED of the LDM dose, 0 outside; EUBED of the cube = its BED" '
D = 0.000615 / 0.00001545
B = D * (1 + D * 2.5 / ((2.5 + 64.1) * 10))
assert len(dose) == 120 and sorted(dose)[-8] > 0 and sorted(dose)[-9] == 0
close(max(dose), B, 1e-6); close(sorted(dose)[-8], B, 1e-6)
close(s[1]["eubed_gy"], B, 1e-6)
rb = m["radiobiology"]
assert rb["alpha_beta_gy"] == 10 and rb["repair_half_time_h"] == 2.5 and rb["half_life_h"] == 64.1, rb'
$T read "$tmp/eqd2.nii.gz" >"$tmp/dose.txt"
check "EQD2 map: BED / (1 + 2 / (alpha/beta))" '
D = 0.000615 / 0.00001545
B = D * (1 + D * 2.5 / ((2.5 + 64.1) * 10))
close(max(dose), B / 1.2, 1e-6); assert sorted(dose)[-9] == 0'
expect_error "bad alpha/beta from the library" "alpha_beta_gy" \
	--activity "$tmp/act.nii" --eqd2-out "$tmp/e.nii" --alpha-beta-gy 0
[ ! -e "$tmp/e.nii" ] && ok "no EQD2 map left after a failure" ||
	not_ok "no EQD2 map left after a failure"
expect_error "bed-out needs .nii or .nii.gz, checked before any output" \
	"--bed-out $tmp/b.img: the name must end in" \
	--activity "$tmp/act.nii" --dose-out "$tmp/early.nii" --bed-out "$tmp/b.img"
[ ! -e "$tmp/early.nii" ] && ok "no dose map left when a later name is bad" ||
	not_ok "no dose map left when a later name is bad"

# ---- several perfused territories ---------------------------------------------------------
# counts 7 in the cube (territory 1, 8 voxels), 5 in the row (territory 2, 6 voxels), 3 outside
grid "$tmp/tcounts.nii" int16 7 3 5
run --counts "$tmp/tcounts.nii" --territories "$tmp/labels.nii" \
	--territory-activity-gbq 1=2.385,2=0.75 --lsf 0.1 --dose-out "$tmp/td.nii" \
	--metrics-out "$tmp/m.json"
[ $? = 0 ] && ok "territories: exit 0" || not_ok "territories: exit 0"
$T read "$tmp/td.nii" >"$tmp/dose.txt"
# territory 1: A = 2.385 * 0.9 / 8 = 0.2683125 GBq per voxel; territory 2: A = 0.75 * 0.9 / 6
# = 0.1125 GBq; D = 50 A / (1.03 * 0.015 / 1000) (hand-computed); outside: no activity.
check "territories: each territory shares its own activity x (1 - LSF)" '
D1 = 50 * 0.2683125 / 0.00001545
D2 = 50 * 0.1125 / 0.00001545
assert len(m["structures"]) == 2
for k in ("mean_gy", "min_gy", "max_gy"): close(s[1][k], D1, 1e-6); close(s[2][k], D2, 1e-6)
close(m["total_activity_gbq"], (2.385 + 0.75) * 0.9, 1e-6); assert m["fraction_outside"] == 0
assert m["territories"] == [{"label": 1, "activity_gbq": 2.385}, {"label": 2, "activity_gbq": 0.75}], m["territories"]
assert m["calibration"].startswith("patient-relative per perfused territory")
assert sorted(dose)[-15] == 0 and sorted(dose)[-14] > 0'
expect_error "territory missing from the activity list" \
	"voxel 114 lies in territory 2, which --territory-activity-gbq does not list" \
	--counts "$tmp/tcounts.nii" --territories "$tmp/labels.nii" \
	--territory-activity-gbq 1=2.385 --metrics-out "$tmp/m.json"
expect_error "listed territory absent from the map (library)" "territory 3" \
	--counts "$tmp/tcounts.nii" --territories "$tmp/labels.nii" \
	--territory-activity-gbq 1=2.385,2=0.75,3=1 --metrics-out "$tmp/m.json"
expect_error "territory activity list syntax" '--territory-activity-gbq "1=2.385,two=1"' \
	--counts "$tmp/tcounts.nii" --territories "$tmp/labels.nii" \
	--territory-activity-gbq 1=2.385,two=1 --metrics-out "$tmp/m.json"
expect_error "territory given twice" "territory 1 given twice" \
	--counts "$tmp/tcounts.nii" --territories "$tmp/labels.nii" \
	--territory-activity-gbq 1=2.385,1=1 --metrics-out "$tmp/m.json"
expect_error "negative territory activity (library)" "activity_gbq" \
	--counts "$tmp/tcounts.nii" --territories "$tmp/labels.nii" \
	--territory-activity-gbq 1=2.385,2=-1 --metrics-out "$tmp/m.json"
expect_error "territories exclude --mask" "--territories replaces --mask" \
	--counts "$tmp/tcounts.nii" --territories "$tmp/labels.nii" --mask "$tmp/mask.nii" \
	--territory-activity-gbq 1=2.385,2=0.75 --metrics-out "$tmp/m.json"
expect_error "territories need counts" "go with --counts" \
	--activity "$tmp/act.nii" --territories "$tmp/labels.nii" \
	--territory-activity-gbq 1=2.385 --metrics-out "$tmp/m.json"
expect_error "territories need activities" "--territories needs --territory-activity-gbq" \
	--counts "$tmp/tcounts.nii" --territories "$tmp/labels.nii" --metrics-out "$tmp/m.json"

# ---- NaN and infinite voxels (niftilib would read them as 0) --------------------------------
awk 'BEGIN { for (i = 0; i < 120; i++) print (i == 37 ? "nan" : 1.23e-5) }' |
	$T write "$tmp/nan.nii" 6 5 4 2.5 2.0 3.0 float32
expect_error "a NaN float voxel is refused" "--activity $tmp/nan.nii: voxel 37 is not a finite number" \
	--activity "$tmp/nan.nii" --metrics-out "$tmp/m.json"
awk 'BEGIN { for (i = 0; i < 120; i++) print (i == 5 ? "-inf" : 1) }' |
	$T write "$tmp/inf.nii.gz" 6 5 4 2.5 2.0 3.0 float64
expect_error "an infinite float64 voxel is refused" "--labels $tmp/inf.nii.gz: voxel 5 is not a finite number" \
	--activity "$tmp/act.nii" --labels "$tmp/inf.nii.gz" --metrics-out "$tmp/m.json"
# big-endian float32 files written byte by byte (NIfTI-1 header fields at their offsets):
# the voxels are swapped to this machine's order, and a NaN among them is still found
$PYTHON - "$tmp" <<'PY'
import math, os, struct, sys
def write(path, values):
    h = bytearray(348)
    struct.pack_into(">i", h, 0, 348)
    struct.pack_into(">8h", h, 40, 3, 6, 5, 4, 1, 1, 1, 1)
    struct.pack_into(">hh", h, 70, 16, 32)            # datatype FLOAT32, bitpix
    struct.pack_into(">8f", h, 76, 1, 2.5, 2.0, 3.0, 1, 1, 1, 1)
    struct.pack_into(">f", h, 108, 352.0)              # vox_offset
    h[123] = 2                                         # xyz_units mm
    h[344:348] = b"n+1\0"
    with open(path, "wb") as f:
        f.write(bytes(h) + bytes(4) + struct.pack(">%df" % len(values), *values))
write(os.path.join(sys.argv[1], "be.nii"), [1.23e-5 if i == 44 else 0.0 for i in range(120)])
write(os.path.join(sys.argv[1], "be_nan.nii"), [math.nan if i == 44 else 0.0 for i in range(120)])
PY
run --activity "$tmp/be.nii" --metrics-out "$tmp/m.json"
check "big-endian float32: voxels swapped to the machine's order" '
D = 0.000615 / 0.00001545
close(s[1]["max_gy"], D, 1e-6); close(m["total_activity_gbq"], 1.23e-5, 1e-6)'
expect_error "big-endian NaN voxel refused" "--activity $tmp/be_nan.nii: voxel 44 is not a finite number" \
	--activity "$tmp/be_nan.nii" --metrics-out "$tmp/m.json"

# ---- the help, and bad input --------------------------------------------------------------
$R voxel --help >"$tmp/out" 2>"$tmp/err" && grep -q -- '--dose-out' "$tmp/out" &&
	ok "--help lists the flags" || not_ok "--help lists the flags"
expect_error "missing image names flag and file" "--activity $tmp/none.nii: cannot open" \
	--activity "$tmp/none.nii" --metrics-out "$tmp/m.json"
printf 'not an image\n' >"$tmp/junk.nii"
expect_error "not NIfTI" "--activity $tmp/junk.nii: not a NIfTI-1 image" \
	--activity "$tmp/junk.nii" --metrics-out "$tmp/m.json"
$T write4d "$tmp/4d.nii"
expect_error "4D image refused" "--activity $tmp/4d.nii: a 3D image is needed" \
	--activity "$tmp/4d.nii" --metrics-out "$tmp/m.json"
awk 'BEGIN { for (i = 0; i < 120; i++) print 1 }' | $T write "$tmp/other.nii" 6 5 4 2.5 2 3.1 uint8
run --activity "$tmp/act.nii" --labels "$tmp/other.nii" --metrics-out "$tmp/m.json" &&
	check "labels on another grid are resampled (nearest)" '
assert m["resampled"] == [{"image": "labels", "resampling": "nearest"}], m' ||
	not_ok "labels on another grid run"
awk 'BEGIN { for (i = 0; i < 8; i++) print 1 }' | $T write "$tmp/small.nii" 2 2 2 2.5 2 3 uint8
run --activity "$tmp/act.nii" --density "$tmp/small.nii" --metrics-out "$tmp/m.json" &&
	check "a density map with other dimensions is resampled (trilinear)" '
assert m["resampled"] == [{"image": "density", "resampling": "trilinear"}], m' ||
	not_ok "density with other dimensions runs"
expect_error "two activity sources" "give exactly one of --activity, --counts and --bq-per-ml" \
	--activity "$tmp/act.nii" --bq-per-ml "$tmp/bq.nii" --metrics-out "$tmp/m.json"
expect_error "counts without mask" "--counts needs --mask" \
	--counts "$tmp/counts.nii.gz" --activity-gbq 2 --metrics-out "$tmp/m.json"
expect_error "counts without activity" "--activity-gbq is required" \
	--counts "$tmp/counts.nii.gz" --mask "$tmp/mask.nii" --metrics-out "$tmp/m.json"
expect_error "unknown method" '--method "mc": expected ldm or kernel' \
	--activity "$tmp/act.nii" --method mc --metrics-out "$tmp/m.json"
expect_error "unknown product" '--product "Y90 glass": unknown product' \
	--activity "$tmp/act.nii" --product "Y90 glass" --metrics-out "$tmp/m.json"
expect_error "dose-out needs .nii or .nii.gz" "--dose-out $tmp/d.img: the name must end in" \
	--activity "$tmp/act.nii" --dose-out "$tmp/d.img"
expect_error "bad bin width from the library" "bin_width_gy" \
	--activity "$tmp/act.nii" --bin-width-gy -1 --metrics-out "$tmp/m.json"
expect_error "bad lsf from the library" "lsf" --counts "$tmp/counts.nii.gz" \
	--mask "$tmp/mask.nii" --activity-gbq 2 --lsf 1.5 --metrics-out "$tmp/m.json"
expect_error "bad Dx list" '--dx-percent "50,abc"' \
	--activity "$tmp/act.nii" --dx-percent 50,abc --metrics-out "$tmp/m.json"
expect_error "bad label names" '--label-names "liver"' \
	--activity "$tmp/act.nii" --label-names liver --metrics-out "$tmp/m.json"
expect_error "label names that are not UTF-8" '--label-names: the names must be UTF-8 text' \
	--activity "$tmp/act.nii" --label-names "$(printf '1=L\351sion')" --metrics-out "$tmp/m.json"
# radioembo(1): without --metrics-out the metrics go to standard output
$R voxel --product TheraSphere --activity "$tmp/act.nii" >"$tmp/m.json" 2>"$tmp/err" &&
	check "no output named: the metrics on standard output" '
assert m["command"] == "voxel" and m["product"] == "TheraSphere"' ||
	not_ok "no output named: the metrics on standard output"
rm -f "$tmp/m.json"
$R voxel --activity "$tmp/act.nii" --metrics-out "$tmp/m.json" >"$tmp/out" 2>"$tmp/err"
[ $? = 2 ] && grep -qF "give one of --product and --nuclide" "$tmp/err" && [ ! -e "$tmp/m.json" ] &&
	ok "no product nor nuclide: refused, no TheraSphere assumed" ||
	not_ok "no product nor nuclide: refused, no TheraSphere assumed"
run --activity "$tmp/act.nii" --nuclide Ho-166 --metrics-out "$tmp/m.json" &&
	check "--nuclide Ho-166: its half-life and dose factor, no product" '
assert m["product"] is None and m["nuclide"] == "Ho-166", m
close(m["half_life_h"], 26.8, 0.01)' || not_ok "--nuclide Ho-166 runs"
expect_error "product and nuclide together" "give one of --product and --nuclide" \
	--activity "$tmp/act.nii" --product TheraSphere --nuclide Y-90
expect_error "unknown nuclide" '--nuclide "I-131": expected Y-90 or Ho-166' \
	--activity "$tmp/act.nii" --nuclide I-131
expect_error "output directory missing" "cannot create the output file" \
	--activity "$tmp/act.nii" --dose-out "$tmp/missing/d.nii"
[ ! -e "$tmp/missing" ] && ok "no partial output left" || not_ok "no partial output left"

# ---- the structures' work --------------------------------------------------------------
# Each structure is computed on its bounding box. 4095 labels interleaved voxel by voxel
# over a 110^3 grid (label 1 + i mod 4095) each span nearly the whole grid: their boxes hold
# about 4095 x 1.33e6 = 5.4e9 voxels together, past the limit of 2^32 = 4294967296; the
# run is refused before any dose is computed (the map is its own activity).
awk 'BEGIN { for (i = 0; i < 110 * 110 * 110; i++) print 1 + i % 4095 }' |
	$T write "$tmp/interleaved.nii" 110 110 110 2 2 2 int16
expect_error "structures whose boxes hold more than 2^32 voxels: refused" \
	"structures hold" --activity "$tmp/interleaved.nii" --labels "$tmp/interleaved.nii" \
	--metrics-out "$tmp/m.json"
grep -q '4095 structures hold [0-9]* voxels together, more than the limit of 4294967296' \
	"$tmp/err" && ok "the structures' limit names the count and the limit" ||
	not_ok "the structures' limit names the count and the limit"
# 64 cubes of 4^3 voxels on a 16^3 grid: computed each on its box, the same metrics as on
# the whole grid (hand-computed LDM: 50 Gy kg/GBq x 1.23e-5 GBq / (1.03 g/mL x 0.008 mL)).
awk 'BEGIN { for (z = 0; z < 16; z++) for (y = 0; y < 16; y++) for (x = 0; x < 16; x++)
	print 1 + int(x / 4) + 4 * int(y / 4) + 16 * int(z / 4) }' |
	$T write "$tmp/cubes.nii" 16 16 16 2 2 2 int16
awk 'BEGIN { for (i = 0; i < 4096; i++) print 1.23e-5 }' |
	$T write "$tmp/act16.nii" 16 16 16 2 2 2 float32
rm -f "$tmp/dvh.csv"
run --activity "$tmp/act16.nii" --labels "$tmp/cubes.nii" --metrics-out "$tmp/m.json" \
	--dvh-out "$tmp/dvh.csv"
check "64 structures on their boxes: each 64 voxels at F*A/(rho*V)" '
D = 50 * 1.23e-5 / (1.03 * 0.008 / 1000)
assert len(m["structures"]) == 64
for x in m["structures"]:
    assert x["voxel_count"] == 64, x
    for k in ("mean_gy", "min_gy", "max_gy", "eud_gy"):
        close(x[k], D, 1e-6)
assert len(set(r["label"] for r in csv_rows)) == 64'
echo "1..$n"
