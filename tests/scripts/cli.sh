#!/bin/sh
# The radioembo command: golden reports of every example (JSON compared with tolerance
# against reviewed expected files, and the independent review of those files), the text
# report, the calculators, and every class of bad input (exit status, one-line message
# naming the key and value, no output file left behind). Prints TAP.
# The command runs under $TEST_WRAPPER (valgrind with VALGRIND=1).
# SPDX-License-Identifier: GPL-3.0-or-later
cd "$(dirname "$0")/../.." || exit 1
. tests/scripts/common.sh

# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
	description=$1
	shift
	if "$@" >"$tmp/check.out" 2>&1; then ok "$description"; else
		not_ok "$description"
		sed 's/^/# /' "$tmp/check.out" | head -20
	fi
}

# ---- golden reports ------------------------------------------------------------------
for case in examples/*.json; do
	name=$(basename "$case")
	expected=tests/cli/expected/$name
	rm -f "$tmp/out.json"
	$R plan "$case" --format json --output "$tmp/out.json" >"$tmp/stdout" 2>"$tmp/err"
	status=$?
	want=$($PYTHON -c 'import json,sys; print(json.load(open(sys.argv[1]))["exit_status"])' \
		"$expected" 2>/dev/null)
	if [ "$status" = "$want" ]; then ok "plan $name exits $want"; else
		not_ok "plan $name exits $want (got $status)"
	fi
	check "plan $name matches $expected within tolerance" \
		$PYTHON tests/cli/compare_json.py "$expected" "$tmp/out.json"
	[ -s "$tmp/stdout" ] && not_ok "plan $name --output writes nothing to stdout" ||
		ok "plan $name --output writes nothing to stdout"
	$R plan "$case" >"$tmp/text" 2>"$tmp/err"
	status=$?
	if [ "$status" = "$want" ] && grep -q '^Dose versus activity' "$tmp/text" &&
		grep -q '^Diagnostics' "$tmp/text"; then
		ok "plan $name text report"
	else
		not_ok "plan $name text report (status $status)"
	fi
done
check "expected reports agree with an independent hand computation" \
	$PYTHON tests/cli/review_expected.py examples tests/cli/expected
$PYTHON tests/cli/review_expected.py examples tests/cli/expected | grep '^ok' |
	sed 's/^ok [0-9]* - /# reviewed: /'

# Standard input, and the same case twice gives byte-identical JSON (determinism).
$R plan - --format json <examples/glass-segmentectomy.json >"$tmp/a.json" 2>"$tmp/err" &&
	$R plan examples/glass-segmentectomy.json --format json >"$tmp/b.json" 2>>"$tmp/err" &&
	cmp -s "$tmp/a.json" "$tmp/b.json" && ok "plan reads stdin; JSON output is deterministic" ||
	not_ok "plan reads stdin; JSON output is deterministic"

# --uncertainty overrides the case's method; Monte Carlo is the same for the same seed.
$R plan examples/glass-lobar-uncertainty.json --uncertainty monte_carlo --samples 2000 --seed 5 \
	--format json >"$tmp/mc1.json" 2>"$tmp/err" &&
	$R plan examples/glass-lobar-uncertainty.json --uncertainty=monte_carlo --samples=2000 \
		--seed=5 --format json >"$tmp/mc2.json" 2>>"$tmp/err" &&
	cmp -s "$tmp/mc1.json" "$tmp/mc2.json" &&
	$PYTHON - "$tmp/mc1.json" <<'PY' && ok "--uncertainty monte_carlo --samples --seed: deterministic" || not_ok "--uncertainty monte_carlo --samples --seed: deterministic"
import json, sys
u = json.load(open(sys.argv[1]))["uncertainty"]
assert (u["method"], u["model"], u["samples"], u["seed"]) == ("monte_carlo", "partition", 2000, 5), u
assert u["figures"]["lung_dose_gy"]["variance_shares"] is None
PY
$R plan examples/resin-partition-monte-carlo.json --uncertainty analytic --format json \
	>"$tmp/an.json" 2>"$tmp/err" &&
	$PYTHON -c 'import json,sys; u=json.load(open(sys.argv[1]))["uncertainty"]; sys.exit(not (u["method"] == "analytic" and u["samples"] is None and u["seed"] is None))' "$tmp/an.json" &&
	ok "--uncertainty analytic overrides the case's monte_carlo" ||
	not_ok "--uncertainty analytic overrides the case's monte_carlo"
$R plan examples/glass-lobar-uncertainty.json >"$tmp/unc.txt" 2>"$tmp/err" &&
	grep -q '^Uncertainty (analytic, partition)$' "$tmp/unc.txt" &&
	grep -q '^  Largest shares of the variance' "$tmp/unc.txt" &&
	grep -q '^  lesion HCC-2 under its target dose  *[0-9.]* %$' "$tmp/unc.txt" &&
	grep -q '^  normal perfused liver over its limit  *-$' "$tmp/unc.txt" &&
	ok "text report: uncertainty section" || not_ok "text report: uncertainty section"
$R plan examples/resin-partition-monte-carlo.json >"$tmp/mc.txt" 2>"$tmp/err" &&
	grep -q '^Uncertainty (Monte Carlo, partition, 20000 samples, seed 20261126, generator gfsr4)$' "$tmp/mc.txt" &&
	! grep -q 'Largest shares' "$tmp/mc.txt" &&
	ok "text report: Monte Carlo section" || not_ok "text report: Monte Carlo section"
# The generator: gfsr4 unless the case's "generator" key or --generator names another; the
# report names it (a seed alone does not reproduce a run), the flag overrides the key, and
# another generator gives other draws for the same seed.
sed 's/"samples": 20000,/"samples": 2000, "generator": "taus2",/' \
	examples/resin-partition-monte-carlo.json >"$tmp/gen-case.json"
$R plan "$tmp/gen-case.json" --format json >"$tmp/gen-key.json" 2>"$tmp/err" &&
	$R plan "$tmp/gen-case.json" --generator mt19937 --format json >"$tmp/gen-flag.json" \
		2>>"$tmp/err" &&
	$R plan "$tmp/gen-case.json" --uncertainty=monte_carlo --generator=mt19937 --format json \
		>"$tmp/gen-flag2.json" 2>>"$tmp/err" &&
	cmp -s "$tmp/gen-flag.json" "$tmp/gen-flag2.json" &&
	$R plan examples/resin-partition-monte-carlo.json --samples 2000 --generator gfsr4 \
		--format json >"$tmp/gen-default.json" 2>>"$tmp/err" &&
	$R plan examples/resin-partition-monte-carlo.json --samples 2000 \
		--format json >"$tmp/gen-default2.json" 2>>"$tmp/err" &&
	cmp -s "$tmp/gen-default.json" "$tmp/gen-default2.json" &&
	$PYTHON - "$tmp/gen-key.json" "$tmp/gen-flag.json" "$tmp/gen-default.json" "$tmp/an.json" <<'PY' && ok "generator: case key, --generator override, default gfsr4, null for analytic" || not_ok "generator: case key, --generator override, default gfsr4, null for analytic"
import json, sys
key, flag, default, analytic = (json.load(open(f))["uncertainty"] for f in sys.argv[1:])
assert (key["generator"], key["seed"], key["samples"]) == ("taus2", 20261126, 2000), key
assert (flag["generator"], flag["seed"], flag["samples"]) == ("mt19937", 20261126, 2000), flag
assert default["generator"] == "gfsr4", default
assert analytic["generator"] is None, analytic
assert list(key)[list(key).index("seed") + 1] == "generator", list(key)
means = [u["figures"]["delivered_activity_gbq"]["mean"] for u in (key, flag, default)]
assert len(set(means)) == 3, means
PY
$R plan "$tmp/gen-case.json" --generator mt19937 >"$tmp/gen.txt" 2>"$tmp/err" &&
	grep -q '^Uncertainty (Monte Carlo, partition, 2000 samples, seed 20261126, generator mt19937)$' \
		"$tmp/gen.txt" &&
	ok "text report: the generator --generator names" ||
	not_ok "text report: the generator --generator names"
# --threads: the report is the same, byte for byte, on 1, 2 and 3 threads, also with more
# samples than one random stream's chunk (65536), and without the flag (the processors online).
$R plan examples/resin-partition-monte-carlo.json --samples 200000 --threads 1 --format json \
	>"$tmp/thr1.json" 2>"$tmp/err" &&
	$R plan examples/resin-partition-monte-carlo.json --samples 200000 --threads 2 \
		--format json >"$tmp/thr2.json" 2>>"$tmp/err" &&
	$R plan examples/resin-partition-monte-carlo.json --samples 200000 --threads=3 \
		--format json >"$tmp/thr3.json" 2>>"$tmp/err" &&
	$R plan examples/resin-partition-monte-carlo.json --samples 200000 --format json \
		>"$tmp/thr-default.json" 2>>"$tmp/err" &&
	cmp -s "$tmp/thr1.json" "$tmp/thr2.json" && cmp -s "$tmp/thr1.json" "$tmp/thr3.json" &&
	cmp -s "$tmp/thr1.json" "$tmp/thr-default.json" &&
	ok "--threads: the same Monte Carlo report on 1, 2, 3 threads and by default" ||
	not_ok "--threads: the same Monte Carlo report on 1, 2, 3 threads and by default"

# ---- what a physicist reads: offsets, numbers, limits, labels, control characters ---------
# Instants keep the offset the case gave them (09:30-05:00, not 14:30Z), in JSON and text;
# Z only where the case gave Z.
sed -e 's/"2026-11-25T09:30-05:00"/"2026-11-25T14:30Z"/' \
	examples/glass-lobar-two-lesions.json >"$tmp/utc-case.json"
$R plan examples/glass-lobar-two-lesions.json --format json >"$tmp/offset.json" 2>"$tmp/err"
$R plan examples/glass-lobar-two-lesions.json >"$tmp/offset.txt" 2>>"$tmp/err"
$R plan "$tmp/utc-case.json" --format json >"$tmp/utc.json" 2>>"$tmp/err"
grep -q '"treatment": "2026-11-25T09:30:00-05:00",' "$tmp/offset.json" &&
	grep -q '"calibration": "2026-11-22T12:00:00-05:00"' "$tmp/offset.json" &&
	grep -q '^  treatment  *2026-11-25T09:30:00-05:00$' "$tmp/offset.txt" &&
	grep -q '"treatment": "2026-11-25T14:30:00Z",' "$tmp/utc.json" &&
	ok "instants keep the case's UTC offset in JSON and text; Z where the case gave Z" ||
	not_ok "instants keep the case's UTC offset in JSON and text; Z where the case gave Z"

# Every JSON the command writes has its reals in the shortest form that reads back:
# the Y-90 half-life 64.1 h, not 64.099999999999994.
$R decay --activity-gbq 3 --elapsed-h 64.1 --nuclide Y-90 --format json >"$tmp/decay.json" \
	2>"$tmp/err"
$R products --format json >"$tmp/products-short.json" 2>>"$tmp/err"
grep -q '"half_life_h": 64.1,' "$tmp/offset.json" &&
	grep -q '"elapsed_h": 64.1,' "$tmp/decay.json" &&
	grep -q '"value": 64.1,' "$tmp/products-short.json" &&
	$PYTHON - "$tmp/offset.json" "$tmp/decay.json" "$tmp/products-short.json" <<'PY' && ok "JSON numbers are the shortest that read back" || not_ok "JSON numbers are the shortest that read back"
import json, re, sys
text = "".join(open(f).read() for f in sys.argv[1:])
for token in re.findall(r'(?<=[\s\[:])-?[0-9][0-9.eE+-]*(?=[,\n\]])', text):
    value = float(token)
    # no shorter decimal reads back to the same double (15 significant digits at least)
    shortest = next(s for s in ("%.15g" % value, "%.16g" % value, "%.17g" % value)
                    if float(s) == value)
    # a whole real keeps its ".0"
    assert len(token[:-2] if token.endswith(".0") else token) <= len(shortest), (token, shortest)
PY

# Control characters of the case's strings reach the text report escaped: an id cannot
# colour the terminal or forge the result line.
$PYTHON - examples/glass-lobar-two-lesions.json >"$tmp/ctl-case.json" <<'PY'
import json, sys
case = json.load(open(sys.argv[1]))
case["id"] = "\u001b[31mX\r\nResult: no limit broken\u009b2J\\"
case["lesions"][0]["label"] = "HCC\u0007-1"
case["patient"] = {"id": "MRN\u001b[2J", "name": "Eve\r\nResult: no limit broken"}
case["sign_off"] = {"planned_by": "A\u0008B", "checked_by": "\u202eevil\u2066x\u2069"}
print(json.dumps(case))
PY
$R plan "$tmp/ctl-case.json" >"$tmp/ctl.txt" 2>"$tmp/err"
status=$?
if [ "$status" = 0 ] && [ "$(grep -c '^Result' "$tmp/ctl.txt")" = 1 ] &&
	! LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]')" "$tmp/ctl.txt" &&
	! LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$tmp/ctl.txt" &&
	grep -qF 'case: \x1b[31mX\x0d\x0aResult: no limit broken\u009b2J\\' "$tmp/ctl.txt" &&
	grep -qF 'HCC\x07-1' "$tmp/ctl.txt" && grep -qF 'MRN\x1b[2J' "$tmp/ctl.txt" &&
	grep -qF 'Eve\x0d\x0aResult: no limit broken' "$tmp/ctl.txt" &&
	grep -qF 'A\x08B' "$tmp/ctl.txt" && grep -qF '\u202eevil\u2066x\u2069' "$tmp/ctl.txt" &&
	! grep -q "$(printf '\342\200\256')" "$tmp/ctl.txt"; then
	ok "text report escapes control characters of the case's strings"
else
	not_ok "text report escapes control characters of the case's strings (status $status)"
fi

# The audit data reach the text report: the patient in the header, and after the result
# who planned, checked and approved, with a line to sign for whoever the case leaves out.
$R plan tests/cli/signed.json >"$tmp/signed.txt" 2>"$tmp/err"
if grep -qxF '  patient identifier             MRN-0042-7731' "$tmp/signed.txt" &&
	grep -qxF '  patient name                   Zoë Müller-Ødegaard' "$tmp/signed.txt" &&
	[ "$(sed -n '/^Sign-off$/,$p' "$tmp/signed.txt")" = "$(printf '%s\n' 'Sign-off' \
		'  planned by                     Dr. A. Physicist' \
		'  checked by                     B. Dosimetrist' \
		'  approved by                    ______________________________')" ]; then
	ok "text report shows the patient and the sign-off, a blank line for a missing signature"
else
	not_ok "text report shows the patient and the sign-off, a blank line for a missing signature"
fi

# The text a physicist reads: one rule for the digits of each unit (GBq 3 decimals, Gy 1,
# % 1, kg 3), table rows that name the limits they break, and columns that never run
# together (a planned calibration two months before the treatment: about 2.2e7 GBq to order).
grep -q '^  lung shunt fraction  *7\.3 %$' "$tmp/offset.txt" &&
	grep -q '^  normal perfused mass  *0\.972 kg$' "$tmp/offset.txt" &&
	grep -q '^  dose factor  *50\.00 Gy kg/GBq$' "$tmp/offset.txt" &&
	grep -q '^  110  4\.617  *186\.7 .*  VIOLATION: normal_liver_limit$' "$tmp/offset.txt" &&
	ok "text report: digits by unit; violations name their limits" ||
	not_ok "text report: digits by unit; violations name their limits"
sed -e 's/"calibration": "2026-11-22T12:00-05:00"/"calibration": "2026-09-25T12:00-05:00"/' \
	examples/glass-lobar-two-lesions.json >"$tmp/wide-case.json"
$R plan "$tmp/wide-case.json" >"$tmp/wide.txt" 2>"$tmp/err"
grep -q '^  single compartment  *2\.997  *2\.967  *21887760\.056  ' "$tmp/wide.txt" &&
	! sed 1d "$tmp/wide.txt" | grep -q '[0-9]\.[0-9]*\.[0-9]' &&
	ok "text report: wide numbers keep their columns apart" ||
	not_ok "text report: wide numbers keep their columns apart"
# Diagnostics name a lesion by its label, never by a 0-based index.
$R plan examples/resin-partition.json >"$tmp/labels.txt" 2>"$tmp/err"
grep -q 'prescribed 120 Gy to lesion "HCC-A"' "$tmp/labels.txt" &&
	! grep -q 'lesion [0-9]' "$tmp/labels.txt" &&
	ok "diagnostics name lesions by label" || not_ok "diagnostics name lesions by label"

# Vial reconciliation: 6.354 GBq needed at calibration, the 6.5 GBq vial ordered holds the
# planned 2.997 GBq T log2(6.5 / 6.354) = 2.10 h after 09:30 (hand-checked in
# tests/cli/review_expected.py); the whole vial's doses.
grep -q '^  single compartment  ordered  6\.500  2026-11-22T12:00:00-05:00  *2\.997  2026-11-25T11:36:29-05:00  *3\.066$' \
	"$tmp/offset.txt" &&
	grep -q '^  single compartment  *124\.0 .*VIOLATION: normal_liver_limit$' "$tmp/offset.txt" &&
	grep -q '"inject_at": "2026-11-25T11:36:29-05:00",' "$tmp/offset.json" &&
	ok "vials: when each holds the planned activity, and the whole vial's doses" ||
	not_ok "vials: when each holds the planned activity, and the whole vial's doses"

# ---- products and calculators ----------------------------------------------------------
$R products --format json >"$tmp/products.json" 2>"$tmp/err" &&
	$PYTHON - "$tmp/products.json" <<'PY' && ok "products lists every field with value, unit and source" || not_ok "products lists every field with value, unit and source"
import json, re, sys
d = json.load(open(sys.argv[1]))
names = [p["name"] for p in d["products"]]
assert names == ["TheraSphere", "SIR-Spheres", "QuiremSpheres"], names
# every citation names entries of radioembo-sources(7) that the page has, never a bare "s4"
entries = set(re.findall(r"^\.Ss ([A-Z][A-Z-]*)", open("man/man7/radioembo-sources.7").read(), re.M))
def cited(source):
    m = re.match(r"radioembo-sources\(7\) ([A-Z][A-Z, -]*?): \S", source)
    assert m and set(m.group(1).split(", ")) <= entries, source
for p in d["products"]:
    assert len(p["fields"]) == 21
    cited(p["identity_source"])
    cited(p["vial_sizes_source"])
    for f in p["fields"]:
        assert (f["value"] is None) == (f["source"] is None), (p["name"], f)
        if f["source"] is not None:
            cited(f["source"])
glass = {f["name"]: f["value"] for f in d["products"][0]["fields"]}
assert glass["half_life_h"] == 64.1 and glass["dose_factor_gy_kg_per_gbq"] == 50
PY
$R products >"$tmp/products.txt" 2>"$tmp/err" &&
	grep -q '^  lung_activity_limit_gbq *0.61 GBq *radioembo-sources(7) PRODUCTS, LUNG: ' "$tmp/products.txt" &&
	grep -q '^TheraSphere (glass, Y-90)  radioembo-sources(7) CLINICAL: ' "$tmp/products.txt" &&
	! grep -Eq '(^|[ ,])s[0-9]+[,: ]' "$tmp/products.txt" &&
	ok "products text cites radioembo-sources(7) entries" || not_ok "products text cites radioembo-sources(7) entries"

# Calculator values hand-computed (python3 decimal, 40 digits) from radioembo-sources(7):
# decay: 5 * 2^(-24/64.1) = 3.8570908...; over 2026-11-22T12:00-05:00 .. 2026-11-25T09:30-05:00
# (69.5 h) 8.9051054653907... needed for 4.2 GBq, glass custom vial 9.0;
# lsf: sqrt(48210*53360)/(sqrt(48210*53360)+sqrt(612400*667900)) = 0.07347824...;
# bsa: 0.007184 * 81.2^0.425 * 176.5^0.725 = 1.9806947..., (1.9806947 - 0.2 + 95.3/1845) * 0.8.
calc() { # DESCRIPTION KEY EXPECTED ARGS...
	description=$1 key=$2 value=$3
	shift 3
	$R "$@" --format json >"$tmp/calc.json" 2>"$tmp/err" &&
		$PYTHON -c 'import json,sys; v=json.load(open(sys.argv[1]))[sys.argv[2]]; e=float(sys.argv[3]); sys.exit(abs(v-e) > 1e-9*abs(e))' \
			"$tmp/calc.json" "$key" "$value" && ok "$description" || not_ok "$description"
}
calc "decay 5 GBq over 24 h" decayed_activity_gbq 3.857090825007053 decay --activity-gbq 5 --elapsed-h 24
calc "decay between instants with offsets" decayed_activity_gbq 3.857090825007053 \
	decay --activity-gbq 5 --from 2026-03-01T08:00+01:00 --to 2026-03-02T03:00-04:00
calc "order glass for 4.2 GBq" calibration_activity_gbq 8.905105465390743 order --product glass \
	--required-gbq 4.2 --treatment 2026-11-25T09:30-05:00 --calibration 2026-11-22T12:00-05:00
calc "order glass: the custom vial" vial_gbq 9.0 order --product glass \
	--required-gbq 4.2 --treatment 2026-11-25T09:30-05:00 --calibration 2026-11-22T12:00-05:00
calc "lsf from planar counts" lsf 0.07347824653415762 lsf --lung-anterior 48210 \
	--lung-posterior 53360 --liver-anterior 612400 --liver-posterior 667900
calc "bsa DuBois" bsa_m2 1.980694750861988 bsa --height-cm 176.5 --weight-kg 81.2
calc "bsa-method activity, LSF 12 %" activity_gbq 1.465878293914523 bsa --height-cm 176.5 \
	--weight-kg 81.2 --liver-volume-ml 1845 --tumor-volume-ml 95.3 --lsf 0.12
for command in plan products decay order lsf bsa; do
	$R $command --help >"$tmp/help" 2>"$tmp/err" && grep -q '^usage: radioembo' "$tmp/help" &&
		ok "$command --help" || not_ok "$command --help"
done
$R --version >"$tmp/version" 2>"$tmp/err" && grep -q '^radioembo [0-9.]* (libradioembo' "$tmp/version" &&
	ok "--version" || not_ok "--version"
$R help >"$tmp/help" 2>"$tmp/err" && grep -q 'plan' "$tmp/help" && ok "help" || not_ok "help"

# ---- bad input: exit 2, one line naming the key and value, no output file --------------
# expect_error DESCRIPTION STATUS PATTERN ARGS...
expect_error() {
	description=$1 want=$2 pattern=$3
	shift 3
	rm -rf "$tmp/outdir"
	mkdir "$tmp/outdir"
	echo previous >"$tmp/outdir/kept.json"
	$R "$@" >"$tmp/stdout" 2>"$tmp/err"
	status=$?
	lines=$(grep -vc '^==' "$tmp/err")
	left=$(ls "$tmp/outdir" | grep -v '^kept.json$')
	if [ "$status" = "$want" ] && [ "$lines" = 1 ] && grep -q -- "$pattern" "$tmp/err" &&
		[ ! -s "$tmp/stdout" ] && [ -z "$left" ] &&
		[ "$(cat "$tmp/outdir/kept.json")" = previous ]; then
		ok "$description"
	else
		not_ok "$description (status $status, want $want; stderr lines $lines; left: $left)"
	fi
}
bad() { # FILE PATTERN: a bad case, with --output to a new file and over an existing one
	expect_error "bad input $1: exit 2, message, no file" 2 "$2" \
		plan "tests/cli/bad/$1" --format json --output "$tmp/outdir/new.json"
	expect_error "bad input $1: an existing output is kept" 2 "$2" \
		plan "tests/cli/bad/$1" --output "$tmp/outdir/kept.json"
}
bad malformed.json 'line 3, column 31: malformed JSON'
bad empty.json 'line 1, column 0: malformed JSON'
bad duplicate-key.json 'duplicate object key'
bad not-an-object.json 'expected an object, got an array'
bad wrong-type.json 'liver.volume_ml: expected a number, got a string "1650 mL"'
bad unknown-key.json 'lesions\[0\].volum_ml: unknown key'
bad unknown-top-key.json 'treated_teritory: unknown key'
bad missing-key.json 'liver: required key is missing'
bad schema-version.json 'schema_version = 2: unsupported'
bad out-of-range.json 'lesions\[0\].volume_ml = -118: volume_ml must be finite and > 0, got -118'
bad negative-counts.json 'lungs.planar_counts.liver_posterior = -667900'
bad override-out-of-range.json 'product.overrides.lung_dose_limit_session_gy = -25'
bad unknown-override.json 'product.overrides.lung_limit_gy: unknown product field'
bad unknown-product.json 'product.name = "TheraSpheres": unknown product'
bad instant-without-offset.json 'timing.treatment = "2026-11-25T09:30": .*offset is required'
bad unknown-territory.json 'treated_territory = "right lob": no territory'
bad tnr-and-counts.json 'lesions\[0\]: give either tnr or counts'
bad lsf-and-counts.json 'lungs: give exactly one of lsf'
bad unknown-prescription.json 'prescription.kind = "max_dose": unknown prescription'
bad unknown-bsa-lobar-rule.json 'bsa_lobar_rule = "offset": unknown rule (expected one of: kennedy_2007, offset_term)'
bad tumor-dose-without-tnr.json 'prescription.lesion = "HCC-1": the lesion has neither tnr nor counts'
bad uncertainty-unknown-key.json 'uncertainty.inputs.actvity: unknown key'
bad uncertainty-distribution.json 'uncertainty.inputs.activity.distribution = "gaussian": unknown distribution'
bad uncertainty-spread.json 'uncertainty.inputs.lsf.spread = 0.7: spread must be within \[0, 0.5\], got 0.7'
bad uncertainty-samples.json 'uncertainty.samples = 1: expected an integer from 2 to 10000000'
bad uncertainty-method.json 'uncertainty.method = "bootstrap": unknown method'
bad uncertainty-generator.json 'uncertainty.generator = "ranlux": name must be one of gfsr4, mt19937, taus2'
bad uncertainty-no-inputs.json 'uncertainty.inputs: required key is missing'
bad uncertainty-model.json 'uncertainty.model = "bsa": the model does not apply'
# physically impossible values and inconsistent geometry (radioembo-sources(7) PLAUSIBILITY)
bad liver-volume-impossible.json 'liver.volume_ml = 1e308: volume_ml must be within \[1e-06, 20000\] mL'
bad lesion-volume-impossible.json 'lesions\[1\].volume_ml = 1e-300: volume_ml must be within \[1e-06, 20000\] mL'
bad lung-mass-impossible.json 'lungs.mass_kg = 100: mass_kg must be within \[0.05, 10\] kg'
bad territory-larger-than-liver.json 'territories\[0\].volume_ml = 1080: territory "right lobe" (volume_ml 1080 mL) is larger than the liver (1.65 mL)'
bad lesions-exceed-territory.json 'territories\[1\].volume_ml = 570: the lesions of territory "left lobe" (1140 mL) exceed its volume_ml (570 mL)'
bad null-required.json 'liver.density_g_per_ml: null is not allowed here'
bad prescription-activity-impossible.json 'prescription.activity_gbq = 1e300: activity_gbq must be within (0, 1000\] GBq'
bad prescription-dose-impossible.json 'prescription.dose_gy = 2500000.0: dose_gy must be within (0, 10000\] Gy'
# every error of a file, each on its own line naming its key
$R plan tests/cli/several-errors.json --output "$tmp/outdir/new.json" >"$tmp/stdout" 2>"$tmp/err"
status=$?
[ "$status" = 2 ] && [ "$(grep -vc '^==' "$tmp/err")" = 4 ] &&
	grep -q '^radioembo plan: tests/cli/several-errors.json: colour: unknown key' "$tmp/err" &&
	grep -q 'several-errors.json: lesions\[0\].volume_ml = -118' "$tmp/err" &&
	grep -q 'several-errors.json: lesions\[1\].volume_ml: expected a number' "$tmp/err" &&
	grep -q 'several-errors.json: lungs.mass_kg = 100' "$tmp/err" && [ ! -e "$tmp/outdir/new.json" ] &&
	ok "every error of a case file, one line each" ||
	not_ok "every error of a case file, one line each (status $status)"
# a byte-order mark (as Windows editors write) is no error
printf '\357\273\277' | cat - examples/glass-segmentectomy.json >"$tmp/bom.json"
$R plan "$tmp/bom.json" --format json >"$tmp/bom-report.json" 2>"$tmp/err" &&
	$R plan examples/glass-segmentectomy.json --format json >"$tmp/plain-report.json" &&
	cmp -s "$tmp/bom-report.json" "$tmp/plain-report.json" && ok "a UTF-8 byte-order mark is skipped" ||
	not_ok "a UTF-8 byte-order mark is skipped"
# an implausible shunt plans, with a warning that says so
$R plan tests/cli/lsf-implausible.json >"$tmp/lsf.txt" 2>"$tmp/err"
grep -q 'LSF 90.0 % is above 50 %: implausible, check the shunt scan' "$tmp/lsf.txt" &&
	ok "LSF 0.9 with glass: an implausible-LSF warning" || not_ok "LSF 0.9 with glass: an implausible-LSF warning"
# the calculators name their flags
expect_error "an option given twice: refused, not the last value silently" 2 \
	'^radioembo voxel: --dose-out is given twice$' voxel --product TheraSphere \
	--activity x.nii --dose-out a.nii --dose-out b.nii
expect_error "decay, negative activity: the flag is named" 2 \
	'^radioembo decay: --activity-gbq must be finite and >= 0, got -5$' decay --activity-gbq -5 --elapsed-h 24
expect_error "order, negative activity: the flag is named" 2 '^radioembo order: --required-gbq must be finite and > 0, got -4.2$' \
	order --product glass --required-gbq -4.2 --treatment 2026-11-25T09:30-05:00 --calibration 2026-11-22T12:00-05:00
# a contraindicated BSA plan says so, and exits 1
$R bsa --height-cm 176.5 --weight-kg 81.2 --liver-volume-ml 1845 --lsf 0.25 >"$tmp/bsa.txt" 2>"$tmp/err"
status=$?
[ "$status" = 1 ] && grep -q '^contraindication  *contraindicated: LSF above 20 %' "$tmp/bsa.txt" &&
	grep -q '^BSA-method activity  *0.000 GBq' "$tmp/bsa.txt" && ok "bsa, LSF 25 %: contraindicated, exit 1" ||
	not_ok "bsa, LSF 25 %: contraindicated, exit 1 (status $status)"
unc=examples/glass-lobar-uncertainty.json
expect_error "--uncertainty without inputs: exit 2" 2 \
	'--uncertainty analytic: the case has no "uncertainty" section with inputs' \
	plan examples/glass-segmentectomy.json --uncertainty analytic --output "$tmp/outdir/new.json"
expect_error "--uncertainty unknown method: exit 2" 2 '--uncertainty "bayes": name "bayes" is not a known propagation method (analytic, monte_carlo)' \
	plan $unc --uncertainty bayes --output "$tmp/outdir/new.json"
expect_error "--samples below 2: exit 2" 2 '--samples "1": expected an integer from 2 to 10000000' \
	plan $unc --uncertainty monte_carlo --samples 1 --output "$tmp/outdir/new.json"
expect_error "--samples not a whole number: exit 2" 2 '--samples "1e4": expected an integer' \
	plan $unc --uncertainty monte_carlo --samples 1e4
expect_error "--seed negative: exit 2" 2 '--seed "-3": expected an integer from 0 to 9007199254740991' \
	plan $unc --uncertainty monte_carlo --seed=-3
expect_error "--samples for the analytic method: exit 2" 2 \
	'--samples applies to the monte_carlo method only (the method is analytic)' \
	plan $unc --samples 500 --output "$tmp/outdir/new.json"
expect_error "--threads 0: exit 2" 2 \
	'--threads "0": expected a whole number from 1 to 1024' \
	plan $unc --threads 0 --output "$tmp/outdir/new.json"
expect_error "--threads not a number: exit 2" 2 \
	'--threads "2x": expected a whole number from 1 to 1024' \
	plan $unc --threads 2x --output "$tmp/outdir/new.json"
expect_error "--generator unknown: exit 2" 2 \
	'--generator "ranlux": name must be one of gfsr4, mt19937, taus2, got "ranlux"' \
	plan $unc --uncertainty monte_carlo --generator ranlux --output "$tmp/outdir/new.json"
expect_error "--generator for the analytic method: exit 2" 2 \
	'--generator applies to the monte_carlo method only (the method is analytic)' \
	plan $unc --generator mt19937 --output "$tmp/outdir/new.json"
expect_error "--generator with --uncertainty analytic: exit 2" 2 \
	'--generator applies to the monte_carlo method only (the method is analytic)' \
	plan examples/resin-partition-monte-carlo.json --uncertainty analytic --generator taus2 \
	--output "$tmp/outdir/new.json"
expect_error "missing case file: exit 2" 2 'no-such-case.json: cannot open the case file' \
	plan tests/cli/bad/no-such-case.json --output "$tmp/outdir/new.json"
expect_error "plan without a case: exit 2" 2 'plan needs a case file' plan
expect_error "unknown format: exit 2" 2 '--format "xml": expected text, json, html or pdf' \
	plan examples/glass-segmentectomy.json --format xml --output "$tmp/outdir/new.json"
expect_error "unknown option: exit 2" 2 'unknown option "--colour"' \
	plan examples/glass-segmentectomy.json --colour
expect_error "unknown command: exit 2" 2 'unknown command "plna"' plna
expect_error "calculator, bad number: exit 2" 2 '--elapsed-h "24h": expected a finite number' \
	decay --activity-gbq 5 --elapsed-h 24h
expect_error "calculator, value out of range: exit 2" 2 '^radioembo bsa: --height-cm must be within' \
	bsa --height-cm 17650 --weight-kg 81.2
expect_error "output directory missing: exit 2" 2 'cannot create the output file' \
	plan examples/glass-segmentectomy.json --output "$tmp/outdir/missing/out.json"
# Case files past 64 MiB are refused: a regular file by its size, unread (a sparse file of
# 64 MiB + 1 byte), a device of no size known ahead after 64 MiB + 1 bytes (/dev/zero grew
# without limit).
truncate -s $((64 * 1048576 + 1)) "$tmp/huge.json"
expect_error "a case file over 64 MiB: refused unread" 2 \
	'the case file is 67108865 bytes, more than the limit of 67108864' plan "$tmp/huge.json"
expect_error "plan /dev/zero: refused past 64 MiB" 2 \
	'/dev/zero: the case file is more than the limit of 67108864 bytes' plan /dev/zero
# -0 is shown as 0: sqrt(-0 * 5) = -0 lung counts, LSF -0 / (...) = -0
$R lsf --lung-anterior -0 --lung-posterior 5 --liver-anterior 100 --liver-posterior 90 \
	>"$tmp/lsf0.txt" 2>"$tmp/err" &&
	$R lsf --lung-anterior -0 --lung-posterior 5 --liver-anterior 100 --liver-posterior 90 \
		--format json >"$tmp/lsf0.json" 2>>"$tmp/err" &&
	grep -q '^lung shunt fraction  *0.0 %$' "$tmp/lsf0.txt" && ! grep -q -- '-0' "$tmp/lsf0.txt" &&
	grep -q '"lsf_percent": 0.0,' "$tmp/lsf0.json" &&
	ok "a negative zero is printed 0, not -0 %" || not_ok "a negative zero is printed 0, not -0 %"
# order gives the use-window warning plan gives: glass is used 0 to 336 h after calibration;
# a treatment 27 h before calibration is outside (hand-computed: 2026-12-21 12:00 - 27 h).
$R order --product TheraSphere --required-gbq 0.5 --treatment 2026-12-20T09:00+01:00 \
	--calibration 2026-12-21T12:00+01:00 >"$tmp/order.txt" 2>"$tmp/err" &&
	$R order --product TheraSphere --required-gbq 0.5 --treatment 2026-12-20T09:00+01:00 \
		--calibration 2026-12-21T12:00+01:00 --format json >"$tmp/order.json" 2>>"$tmp/err" &&
	grep -q "^warning  *treatment -27.0 h after calibration is outside the product's use window (0 to 336 h)$" \
		"$tmp/order.txt" &&
	grep -q '"warning": "treatment -27.0 h after calibration is outside' "$tmp/order.json" &&
	$R order --product TheraSphere --required-gbq 0.5 --treatment 2026-12-22T09:00+01:00 \
		--calibration 2026-12-21T12:00+01:00 >"$tmp/order2.txt" 2>>"$tmp/err" &&
	! grep -q warning "$tmp/order2.txt" &&
	ok "order warns outside the product's use window, as plan does" ||
	not_ok "order warns outside the product's use window, as plan does"
# A limit broken is a result: the report is written, and the exit status is 1.
$R plan examples/glass-second-session-lung.json --output "$tmp/violation.txt" 2>"$tmp/err"
status=$?
[ "$status" = 1 ] && grep -q 'VIOLATION' "$tmp/violation.txt" && [ ! -s "$tmp/err" ] &&
	ok "a broken limit: report written, exit 1" || not_ok "a broken limit: report written, exit 1"
# An internal failure (here: standard output cannot be written) exits 3.
if [ -w /dev/full ]; then
	$R plan examples/glass-segmentectomy.json >/dev/full 2>"$tmp/err"
	status=$?
	[ "$status" = 3 ] && grep -q 'writing to standard output' "$tmp/err" &&
		ok "write failure: exit 3" || not_ok "write failure: exit 3 (got $status)"
fi
echo "1..$n"
