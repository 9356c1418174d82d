#!/bin/sh
# The README's voxel commands, run as written (the command found in cli/, examples/ at the
# top of the tree) on the synthetic patient of examples/phantom.py, in a temporary folder;
# their metrics compared with the phantom's analytic truth (truth.json): the total
# activity, each compartment's volume and its mean LDM dose. The tolerances are the
# phantom's partial-volume errors on 4.8 mm SPECT voxels (lesion 2 is a 12 mm sphere).
# TAP; the command runs under $TEST_WRAPPER.
# SPDX-License-Identifier: GPL-3.0-or-later
SUITE=phantom
. "$(dirname "$0")/tap_voxel.sh"
top=$(pwd)
command="${TEST_WRAPPER:-} $top/cli/radioembo"

# the README's lines from the phantom generator to the last voxel command's continuation
awk '/^    \/usr\/bin\/python3 examples\/phantom.py/ { on = 1 }
	on && /^    (radioembo (voxel|lsf)|\/usr\/bin\/python3 examples\/phantom.py)/ { take = 1 }
	on && take { print; if ($0 !~ /\\$/) take = 0 }
	on && !take && !/^    / { exit }' README |
	sed -e 's/#.*$//' -e "s|^    radioembo |    $command |" -e "s|examples/phantom.py|$top/examples/phantom.py|" \
		>"$tmp/readme.sh"
[ "$(grep -c 'voxel' "$tmp/readme.sh")" -ge 3 ] && grep -q ' lsf ' "$tmp/readme.sh" &&
	ok "README holds the phantom and voxel commands" ||
	not_ok "README holds the phantom and voxel commands"
(cd "$tmp" && sh -e readme.sh >stdout.txt 2>stderr.txt) && ok "README's voxel commands run as written" || {
	cp "$tmp/stderr.txt" "$tmp/err" 2>/dev/null
	not_ok "README's voxel commands run as written"
	rm -f "$tmp/err"
}
check() {
	$PYTHON - "$tmp" "$2" >"$tmp/check" 2>&1 <<'PY'
import json, os, sys
tmp = sys.argv[1]
truth = json.load(open(os.path.join(tmp, "phantom", "truth.json")))
t = truth["labels"]
def close(a, b, rel):
    assert abs(a - b) <= rel * max(abs(a), abs(b)), "%r != %r (rel %g)" % (a, b, rel)
exec(sys.argv[2])
PY
	if [ $? = 0 ]; then ok "$1"; else not_ok "$1"; fi
}
check "SPECT: the liver's 2.256 GBq placed, every image resampled onto the counts grid" '
m = json.load(open(os.path.join(tmp, "metrics.json")))
close(m["total_activity_gbq"], truth["administered_gbq"] * (1 - truth["lsf"]), 1e-6)
assert {r["image"] for r in m["resampled"]} == {"mask", "ct", "labels"}, m["resampled"]
s = {x["label"]: x for x in m["structures"]}
for label, rel in (("1", 0.01), ("2", 0.02), ("3", 0.15)):
    close(s[int(label)]["volume_ml"], t[label]["volume_ml"], rel)'
check "SPECT: mean LDM doses within partial volume of the analytic (normal liver 1 %, lesions 7 %, 6 %)" '
m = json.load(open(os.path.join(tmp, "metrics.json")))
s = {x["label"]: x for x in m["structures"]}
for label, rel in (("1", 0.01), ("2", 0.07), ("3", 0.06)):
    close(s[int(label)]["mean_gy"], t[label]["ldm_dose_gy"], rel)'
check "PET on the CT grid: the administered 2.4 GBq, the activity moved conserving it" '
text = open(os.path.join(tmp, "stdout.txt")).read()
m = json.loads(text[: text.index("\n}\n") + 3])  # the metrics, then the lsf lines
assert m["dose_grid"] == "ct" and m["grid"]["dimensions"] == truth["grids"]["ct"]["dimensions"]
close(m["total_activity_gbq"], truth["administered_gbq"], 1e-3)
assert m["method"]["name"] == "kernel"
s = {x["label"]: x for x in m["structures"]}
close(s[1]["mean_gy"], t["1"]["ldm_dose_gy"], 0.05)  # the kernel: 4 % escapes the liver'
check "DICOM in, RT Dose out, as NIfTI in; the LSF from the VOIs near the phantom's 0.06" '
a = {x["label"]: x for x in json.load(open(os.path.join(tmp, "metrics.json")))["structures"]}
b = {x["label"]: x for x in json.load(open(os.path.join(tmp, "dicom-metrics.json")))["structures"]}
# the RTSTRUCT keeps the volume of the contours, NIfTI labels are sampled at voxel centres:
# they differ at the edges, most for lesion 2 (a 12 mm sphere on 4.8 mm voxels)
for label, rel in ((1, 0.01), (2, 0.02), (3, 0.05)):
    close(b[label]["mean_gy"], a[label]["mean_gy"], rel)
text = open(os.path.join(tmp, "stdout.txt")).read()
lsf = float(text.split("lung shunt fraction")[1].split()[0])
close(lsf, truth["lsf"], 0.02)'
# the README's report of the phantom, and the same as PDF: what a person reads holds the
# structures' names and their mean doses as the metrics give them (Gy to 0.1)
(cd "$tmp" && $command voxel --product TheraSphere --counts phantom/spect.nii.gz \
	--mask phantom/perfused.nii.gz --activity-gbq 2.4 --lsf 0.06 --ct phantom/ct.nii.gz \
	--labels phantom/labels.nii.gz --label-names 1=liver,2=lesion-1,3=lesion-2,4=lungs \
	--metrics-out pdf-metrics.json --report-out dosimetry.pdf 2>"$tmp/err") &&
	pdftotext -layout "$tmp/dosimetry.pdf" "$tmp/dosimetry.txt" 2>>"$tmp/err" &&
	check "the phantom's HTML and PDF reports name every structure and its mean dose" '
import html, re
m = json.load(open(os.path.join(tmp, "metrics.json")))
page = html.unescape(re.sub(r"<[^>]+>", " ", open(os.path.join(tmp, "dosimetry.html")).read()))
pdf = open(os.path.join(tmp, "dosimetry.txt")).read()
assert json.load(open(os.path.join(tmp, "pdf-metrics.json")))["structures"] == m["structures"]
assert "<svg" in open(os.path.join(tmp, "dosimetry.html")).read(), "no plot"
for s in m["structures"]:
    for text in (page, pdf):
        assert s["name"] in text, s["name"]
        assert "%.1f" % s["mean_gy"] in text, (s["name"], "%.1f" % s["mean_gy"])' ||
	not_ok "the phantom's HTML and PDF reports name every structure and its mean dose"
[ -s "$tmp/dose.nii.gz" ] && [ -s "$tmp/pet-dose.nii.gz" ] && [ -s "$tmp/dvh.csv" ] &&
	[ -s "$tmp/dose.dcm" ] && ok "the dose maps and the DVH are written" ||
	not_ok "the dose maps and the DVH are written"
echo "1..$n"
