#!/bin/sh
# radioembo plan --format html|pdf, looked at as a person would: every example case (and
# tests/cli/signed.json, which names a patient and two of three signers) becomes an HTML
# and a PDF report; headless Chromium renders the HTML, and the text it shows, like the text
# pdftotext(1) finds in the PDF, holds the figures of the JSON report
# (tests/cli/report_check.py); a screenshot is not blank and shows the plots
# (tests/cli/png_check.py); the plots' structure matches a golden counted by hand
# (tests/cli/expected/svg-structure.txt); the SHA-256 is sha256sum's; radioembo voxel
# --report-out on a phantom holds the metrics JSON's figures; and bad requests fail with one
# line. TAP. The command runs under $TEST_WRAPPER (valgrind with VALGRIND=1).
# SPDX-License-Identifier: GPL-3.0-or-later
cd "$(dirname "$0")/../.." || exit 1
prefix="report: "
. tests/scripts/common.sh
CHROMIUM=${CHROMIUM:-chromium}
# A private profile: other Chromium runs (parallel test suites) keep theirs.
browse() {
	"$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$tmp/profile" "$@" 2>>"$tmp/chromium.log"
}
# The written time is fixed so that two runs give the same bytes.
SOURCE_DATE_EPOCH=1764000000
export SOURCE_DATE_EPOCH

for case in examples/*.json tests/cli/signed.json; do
	name=$(basename "$case" .json)
	rm -f "$tmp/err" "$tmp/check"
	$R plan "$case" --format json --output "$tmp/$name.json" 2>"$tmp/err"
	json_status=$?
	$R plan "$case" --format html --output "$tmp/$name.html" 2>>"$tmp/err"
	html_status=$?
	$R plan "$case" --format pdf --output "$tmp/$name.pdf" 2>>"$tmp/err"
	pdf_status=$?
	if [ "$json_status" -le 1 ] && [ "$html_status" = "$json_status" ] &&
		[ "$pdf_status" = "$json_status" ] && [ -s "$tmp/$name.html" ] && [ -s "$tmp/$name.pdf" ]; then
		ok "$name: HTML and PDF written, exit status $json_status as for JSON"
	else
		echo "# exit statuses json $json_status html $html_status pdf $pdf_status" >"$tmp/check"
		not_ok "$name: HTML and PDF written"
		continue
	fi
	browse --dump-dom "file://$tmp/$name.html" >"$tmp/$name.dom"
	pdftotext -enc UTF-8 "$tmp/$name.pdf" "$tmp/$name.txt" 2>"$tmp/err"
	sha=$(sha256sum "$case" | cut -c1-64)
	if [ -s "$tmp/$name.dom" ] && [ -s "$tmp/$name.txt" ] &&
		$PYTHON tests/cli/report_check.py "$case" "$tmp/$name.json" "$tmp/$name.dom" \
			"$tmp/$name.txt" "$sha" >"$tmp/check" 2>&1; then
		ok "$name: the browser's text and the PDF's text hold the JSON report's figures"
	else
		not_ok "$name: the browser's text and the PDF's text hold the JSON report's figures"
	fi
done

rm -f "$tmp/err" "$tmp/check"
# the signed case: names, the blank line of the absent approver, the written time in the
# offset of the case's instants (SOURCE_DATE_EPOCH 1764000000 is 2025-11-24T16:00:00Z)
if grep -q 'approved by</th><td class="line"></td>' "$tmp/signed.html" &&
	grep -q 'checked by</th><td class="line">B. Dosimetrist</td>' "$tmp/signed.html" &&
	tr -s ' \n' ' ' <"$tmp/signed.txt" | grep -q "report written 2025-11-24T11:00:00-05:00"; then
	ok "signed: sign-off names, a blank line for the absent approver, the written time"
else
	not_ok "signed: sign-off names, a blank line for the absent approver, the written time"
fi
$R plan tests/cli/signed.json --format html --output "$tmp/again.html" 2>"$tmp/err"
$R plan tests/cli/signed.json --format pdf --output "$tmp/again.pdf" 2>>"$tmp/err"
if cmp -s "$tmp/signed.html" "$tmp/again.html" && cmp -s "$tmp/signed.pdf" "$tmp/again.pdf" &&
	pdfinfo "$tmp/signed.pdf" | grep -q "CreationDate: *Mon Nov 24 16:00:00 2025 UTC"; then
	ok "the same case and SOURCE_DATE_EPOCH give the same HTML and PDF bytes"
else
	not_ok "the same case and SOURCE_DATE_EPOCH give the same HTML and PDF bytes"
fi
if [ "$(pdfinfo "$tmp/signed.pdf" | sed -n 's/^Pages: *//p')" -ge 3 ] &&
	pdffonts "$tmp/signed.pdf" | grep -q "DejaVuSans.*yes"; then
	ok "signed: the PDF has pages and embeds the system's DejaVu fonts"
else
	pdfinfo "$tmp/signed.pdf" >"$tmp/check" 2>&1
	not_ok "signed: the PDF has pages and embeds the system's DejaVu fonts"
fi
# a person's view: the screenshot is not blank and shows a plot's blue
browse --window-size=1000,3600 --screenshot="$tmp/signed.png" "file://$tmp/signed.html" >/dev/null
if [ -s "$tmp/signed.png" ] && $PYTHON tests/cli/png_check.py "$tmp/signed.png" 0.03 500 >"$tmp/check" 2>&1; then
	ok "a screenshot of the HTML report is not blank and shows the plots ($(cut -d: -f2 "$tmp/check"))"
else
	not_ok "a screenshot of the HTML report is not blank and shows the plots"
fi
# the plots' structure: a golden counted by hand
$PYTHON tests/cli/svg_structure.py "$tmp/glass-lobar-uncertainty.html" >"$tmp/svg.txt" 2>"$tmp/err"
if grep -v '^#' tests/cli/expected/svg-structure.txt | diff - "$tmp/svg.txt" >"$tmp/check"; then
	ok "the plots of each type have the structure of the golden"
else
	not_ok "the plots of each type have the structure of the golden"
fi

# 70 lesions: the dose tables are wider than a page (the PDF says where they are), and
# the lesion plot draws the first 40
$PYTHON -c '
import json, sys
c = json.load(open("examples/glass-lobar-two-lesions.json"))
c["lesions"] = [dict(c["lesions"][0], label="L%02d" % i, volume_ml=2 + 0.1 * i) for i in range(70)]
json.dump(c, open(sys.argv[1], "w"))' "$tmp/many.json"
$R plan "$tmp/many.json" --format pdf --output "$tmp/many.pdf" 2>"$tmp/err"
pdf_status=$?
$R plan "$tmp/many.json" --format html --output "$tmp/many.html" 2>>"$tmp/err"
html_status=$?
if [ "$pdf_status" -le 1 ] && [ "$html_status" = "$pdf_status" ] &&
	pdftotext "$tmp/many.pdf" - | grep -q "too wide for the page" &&
	grep -q "L69" "$tmp/many.html" && grep -q "the first ones" "$tmp/many.html"; then
	ok "70 lesions: both reports written, the PDF names its too-wide tables"
else
	not_ok "70 lesions: both reports written, the PDF names its too-wide tables"
fi
rm -f "$tmp/err" "$tmp/check"

# radioembo voxel --report-out: a 40 x 40 x 24 phantom of 4 mm voxels, a liver ellipsoid
# (label 1, 2e-5 GBq per voxel) holding a tumour sphere of radius 5 voxels (label 2, 1.5e-4)
phantom() { # phantom FILE TYPE LIVER TUMOUR
	awk -v l="$3" -v t="$4" 'BEGIN {
		for (z = 0; z < 24; z++) for (y = 0; y < 40; y++) for (x = 0; x < 40; x++) {
			dx = (x - 20) / 15; dy = (y - 20) / 11; dz = (z - 12) / 9
			if ((x - 25) ^ 2 + (y - 18) ^ 2 + (z - 12) ^ 2 <= 25) print t
			else if (dx * dx + dy * dy + dz * dz <= 1) print l
			else print 0 } }' | ./tests/cli/nifti_tool write "$1" 40 40 24 4 4 4 "$2"
}
phantom "$tmp/act.nii" float32 2e-5 1.5e-4
phantom "$tmp/labels.nii" uint8 1 2
voxel_status=0
for format in html pdf; do
	$R voxel --product TheraSphere --activity "$tmp/act.nii" --labels "$tmp/labels.nii" --label-names 1=liver,2=tumour \
		--metrics-out "$tmp/voxel.json" --report-out "$tmp/voxel.$format" 2>"$tmp/err" ||
		voxel_status=$?
done
browse --dump-dom "file://$tmp/voxel.html" >"$tmp/voxel.dom"
pdftotext -enc UTF-8 "$tmp/voxel.pdf" "$tmp/voxel.txt" 2>>"$tmp/err"
# every structure's metrics (shown to 4 significant digits, Vx in %) in both reports, the
# input files' SHA-256, the DVH and the dose wash as plots with their words
if [ "$voxel_status" = 0 ] && $PYTHON - "$tmp" "$(sha256sum "$tmp/act.nii" | cut -c1-64)" \
	>"$tmp/check" 2>&1 <<'PY'
import html, json, re, sys
tmp, sha = sys.argv[1], sys.argv[2]
m = json.load(open(tmp + "/voxel.json"))
dom = open(tmp + "/voxel.dom", encoding="utf-8").read()
text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<svg.*?</svg>", " ", dom, flags=re.S))).split())
pdf = " ".join(open(tmp + "/voxel.txt", encoding="utf-8").read().split())
want = [sha]
for s in m["structures"]:
    want.append(s["name"])
    for key in ("mean_gy", "max_gy", "eud_gy"):
        want.append("%.1f" % s[key])
    want += ["%.1f" % v for v in s["dose_at_volume_gy"].values()]
    want += ["%.1f" % (100 * v) for v in s["volume_at_dose"].values()]
for w in want:
    assert w in text, "HTML lacks " + w
    assert w in pdf, "PDF lacks " + w
svgs = re.findall(r"<svg[^>]*>", dom)
assert len(svgs) == 2 and all('aria-label="' in x for x in svgs), svgs
assert 'href="data:image/png;base64,' in dom, "no dose wash image"
assert not re.search(r"<script|<link|src=", dom), "not self-contained"
PY
then
	ok "voxel: the HTML and PDF reports hold every structure's metrics, the inputs' SHA-256 and two plots"
else
	not_ok "voxel: the HTML and PDF reports hold every structure's metrics, the inputs' SHA-256 and two plots"
fi
rm -f "$tmp/err" "$tmp/check"
$R voxel --product TheraSphere --activity "$tmp/act.nii" --labels "$tmp/labels.nii" --report-out "$tmp/voxel-report.txt" \
	--metrics-out "$tmp/m2.json" >"$tmp/out" 2>"$tmp/err"
status=$?
if [ "$status" = 2 ] && grep -qF -- '--report-out "'"$tmp"'/voxel-report.txt": expected a .html or .pdf file' "$tmp/err" &&
	[ ! -e "$tmp/m2.json" ]; then
	ok "voxel: a report that is neither .html nor .pdf is refused, nothing written"
else
	echo "# got status $status" >"$tmp/check"
	not_ok "voxel: a report that is neither .html nor .pdf is refused, nothing written"
fi

# bad requests: one line, exit 2
expect_error() {
	description=$1 message=$2
	shift 2
	$R plan "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ "$status" = 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -qF -- "$message" "$tmp/err"; then
		ok "$description"
	else
		echo "# got status $status" >"$tmp/check"
		not_ok "$description"
	fi
}
expect_error "an unknown format is named" '--format "svg": expected text, json, html or pdf' \
	examples/resin-partition.json --format svg
expect_error "a missing case file for HTML is named" "no-such-case.json: cannot open the case file" \
	examples/no-such-case.json --format html
expect_error "a bad case for PDF names its key" "lesions[0].volume_ml" \
	tests/cli/bad/out-of-range.json --format pdf --output "$tmp/bad.pdf"
if [ ! -e "$tmp/bad.pdf" ]; then ok "a failed PDF report leaves no file"; else not_ok "a failed PDF report leaves no file"; fi
expect_error "an unwritable output is named" "cannot create the output file" \
	examples/resin-partition.json --format pdf --output "$tmp/no/such/dir/r.pdf"
echo "1..$n"
