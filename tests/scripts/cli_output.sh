#!/bin/sh
# Every file radioembo writes (radioembo(1), OUTPUT FILES): a full disk (ulimit -f) fails and
# leaves the previous file as it was; the outputs of one run are written together or none;
# standard output, devices and FIFOs are written in place, never replaced (the device node
# test needs root: skipped with a message otherwise); links are written through; modes
# follow the umask (0022, 0077) or the old file; an output naming an input or another
# output is refused; no temporary file survives a failure or a signal; standard output
# errors are failures. Prints TAP. The command runs under $TEST_WRAPPER.
# SPDX-License-Identifier: GPL-3.0-or-later
cd "$(dirname "$0")/../.." || exit 1
prefix="output: "
. tests/scripts/common.sh
R="${TEST_WRAPPER:-} $top/cli/radioembo"
T=$top/tests/cli/nifti_tool
skip() { n=$((n + 1)); echo "ok $n - output: $1 # SKIP $2"; }
# no temporary file of the command left in DIR
clean() { [ -z "$(find "$1" -name '.radioembo-*')" ]; }
mode() { stat -c %a "$1"; }

# The device nodes written: as root, private nodes of /dev/null and /dev/full made here, so
# that a regression replacing its target cannot replace the system's (rename over /dev/null
# needs root); otherwise the system's, which a user cannot replace.
if [ "$(id -u)" = 0 ]; then
	null=$tmp/dev-null full=$tmp/dev-full
	mknod "$null" c 1 3 && mknod "$full" c 1 7 && chmod 666 "$null" "$full" || exit 1
else
	null=/dev/null full=/dev/full
fi
case=examples/glass-segmentectomy.json
cp "$case" "$tmp/c.json"
# A 64^3 activity map of 2 mm voxels whose compressed dose map is about 1 MB: larger than
# the 100 KiB a `ulimit -f 100` allows.
awk 'BEGIN { srand(3); for (i = 0; i < 64 * 64 * 64; i++) print rand() * 1e-5 }' |
	$T write "$tmp/big.nii" 64 64 64 2 2 2 float32
awk 'BEGIN { for (i = 0; i < 8; i++) print 1.23e-5 }' | $T write "$tmp/act.nii" 2 2 2 2 2 2 float32

# ---- a full disk ---------------------------------------------------------------------
mkdir "$tmp/full"
$R voxel --product TheraSphere --activity "$tmp/big.nii" --dose-out "$tmp/full/d.nii.gz" \
	--metrics-out "$tmp/full/m.json" 2>"$tmp/err" &&
	cp "$tmp/full/d.nii.gz" "$tmp/good.nii.gz" && cp "$tmp/full/m.json" "$tmp/good.json" &&
	echo '{"old": true}' >"$tmp/full/m.json" &&
	ok "a first run writes the dose map and the metrics" ||
	not_ok "a first run writes the dose map and the metrics"
# SIGXFSZ ignored: the write fails with EFBIG, the command reports it
bash -c "trap '' XFSZ; ulimit -f 100; exec $R voxel --product TheraSphere --activity '$tmp/big.nii' \
	--dose-out '$tmp/full/d.nii.gz' --metrics-out '$tmp/full/m.json'" 2>"$tmp/err"
status=$?
if [ "$status" = 3 ] && cmp -s "$tmp/full/d.nii.gz" "$tmp/good.nii.gz" &&
	grep -q '"old"' "$tmp/full/m.json" && clean "$tmp/full" &&
	grep -q 'cannot write the image: File too large' "$tmp/err"; then
	ok "disk full (ulimit -f, SIGXFSZ ignored): exit 3, old map and metrics kept, no temporary"
else
	not_ok "disk full (ulimit -f, SIGXFSZ ignored): exit 3, old map and metrics kept (status $status)"
fi
# SIGXFSZ at its default: the command dies of it, after removing its temporaries
bash -c "ulimit -f 100; exec $R voxel --product TheraSphere --activity '$tmp/big.nii' \
	--dose-out '$tmp/full/d.nii.gz' --metrics-out '$tmp/full/m.json'" 2>"$tmp/err"
status=$?
if [ "$status" != 0 ] && cmp -s "$tmp/full/d.nii.gz" "$tmp/good.nii.gz" &&
	grep -q '"old"' "$tmp/full/m.json" && clean "$tmp/full"; then
	ok "disk full (ulimit -f, killed by SIGXFSZ): non-zero exit, old files kept, no temporary"
else
	not_ok "disk full (ulimit -f, killed by SIGXFSZ): old files kept (status $status)"
fi
# the same through plan: a 100-byte limit for a report of several KB
echo "old report" >"$tmp/full/r.txt"
bash -c "trap '' XFSZ; ulimit -f 1; exec $R plan '$tmp/c.json' --output '$tmp/full/r.txt'" \
	2>"$tmp/err"
status=$?
[ "$status" = 3 ] && [ "$(cat "$tmp/full/r.txt")" = "old report" ] && clean "$tmp/full" &&
	ok "plan on a full disk: exit 3, the old report kept" ||
	not_ok "plan on a full disk: exit 3, the old report kept (status $status)"

# ---- all or nothing ----------------------------------------------------------------------
# /dev/full is a device, written in place: the map fails there after the metrics were
# staged, and the metrics file is not replaced.
mkdir "$tmp/all"
echo old >"$tmp/all/m.json"
$R voxel --product TheraSphere --activity "$tmp/act.nii" --metrics-out "$tmp/all/m.json" --dvh-out "$tmp/all/d.csv" \
	--dose-out "$full" 2>"$tmp/err"
status=$?
[ "$status" = 3 ] && [ "$(cat "$tmp/all/m.json")" = old ] && [ ! -e "$tmp/all/d.csv" ] &&
	clean "$tmp/all" && ok "a failing map: metrics and DVH not written either (exit 3)" ||
	not_ok "a failing map: metrics and DVH not written either (status $status)"

# ---- standard output, devices, FIFOs, links ---------------------------------------------
mkdir "$tmp/std" && cd "$tmp/std" || exit 1
$R plan "$tmp/c.json" --output - >"$tmp/stdout" 2>"$tmp/err"
[ $? = 0 ] && [ ! -e "$tmp/std/-" ] && grep -q '^Dose versus activity' "$tmp/stdout" &&
	ok "plan --output - writes to standard output, no file named -" ||
	not_ok "plan --output - writes to standard output, no file named -"
$R voxel --product TheraSphere --activity "$tmp/act.nii" --metrics-out - >"$tmp/stdout" 2>"$tmp/err"
[ $? = 0 ] && [ ! -e "$tmp/std/-" ] && grep -q '"command": "voxel"' "$tmp/stdout" &&
	ok "voxel --metrics-out - writes to standard output" ||
	not_ok "voxel --metrics-out - writes to standard output"
$R voxel --product TheraSphere --activity "$tmp/act.nii" --metrics-out "$tmp/m.json" --dose-out - >"$tmp/stdout" \
	2>"$tmp/err"
[ $? = 0 ] && [ "$(head -c 348 "$tmp/stdout" | tail -c 4 | od -An -c | tr -d ' ')" = 'n+1\0' ] &&
	[ "$(wc -c <"$tmp/stdout")" = $((352 + 8 * 4)) ] &&
	ok "voxel --dose-out - writes an uncompressed NIfTI to standard output" ||
	not_ok "voxel --dose-out - writes an uncompressed NIfTI to standard output"
cd "$top" || exit 1
$R voxel --product TheraSphere --activity "$tmp/act.nii" --dose-out - 2>"$tmp/err" >/dev/null
[ $? = 2 ] && grep -q -- '--metrics-out - and --dose-out - name the same file' "$tmp/err" &&
	ok "two outputs on standard output: refused" ||
	not_ok "two outputs on standard output: refused"
$R plan "$tmp/c.json" --output "$null" 2>"$tmp/err" &&
	[ -c "$null" ] && ok "--output /dev/null: written, still a device" ||
	not_ok "--output /dev/null: written, still a device"
$R voxel --product TheraSphere --activity "$tmp/act.nii" --metrics-out "$null" --dvh-out "$null" \
	--dose-out "$null" 2>"$tmp/err" && ok "several outputs may share /dev/null" ||
	not_ok "several outputs may share /dev/null"
if [ "$(id -u)" = 0 ]; then
	mknod "$tmp/null" c 1 3
	$R plan "$tmp/c.json" --output "$tmp/null" 2>"$tmp/err" && [ -c "$tmp/null" ] &&
		[ "$(stat -c %t:%T "$tmp/null")" = 1:3 ] && clean "$tmp" &&
		ok "a device node (mknod, as root) is written, not replaced" ||
		not_ok "a device node (mknod, as root) is written, not replaced"
else
	skip "a device node (mknod) is written, not replaced" "not root: mknod needs it"
fi
mkfifo "$tmp/fifo"
timeout 20 cat "$tmp/fifo" >"$tmp/fifo.out" &
reader=$!
$R plan "$tmp/c.json" --format json --output "$tmp/fifo" 2>"$tmp/err"
status=$?
wait $reader
[ "$status" = 0 ] && [ -p "$tmp/fifo" ] && grep -q '"schema_version"' "$tmp/fifo.out" &&
	clean "$tmp" && ok "a FIFO is written, not replaced" || not_ok "a FIFO is written, not replaced"
echo old >"$tmp/target.txt"
ln -s target.txt "$tmp/link.txt"
$R plan "$tmp/c.json" --output "$tmp/link.txt" 2>"$tmp/err" && [ -L "$tmp/link.txt" ] &&
	grep -q '^Dose versus activity' "$tmp/target.txt" &&
	ok "a symbolic link is written through to its target, and stays a link" ||
	not_ok "a symbolic link is written through to its target, and stays a link"
ln -s missing.txt "$tmp/dangling.txt"
$R plan "$tmp/c.json" --output "$tmp/dangling.txt" 2>"$tmp/err"
[ $? = 2 ] && [ ! -e "$tmp/missing.txt" ] && grep -q 'symbolic link to a missing' "$tmp/err" &&
	ok "a link to a missing file is refused (exit 2)" ||
	not_ok "a link to a missing file is refused (exit 2)"
mkdir "$tmp/dir.nii"
$R plan "$tmp/c.json" --output "$tmp" 2>"$tmp/err"
s1=$?
$R voxel --product TheraSphere --activity "$tmp/act.nii" --dose-out "$tmp/dir.nii" 2>"$tmp/err"
s2=$?
[ "$s1" = 2 ] && [ "$s2" = 2 ] && grep -q 'is a directory' "$tmp/err" &&
	ok "an output that is a directory: exit 2" ||
	not_ok "an output that is a directory: exit 2 (got $s1, $s2)"

# ---- modes -------------------------------------------------------------------------------
mkdir "$tmp/modes"
(umask 0022 && $R plan "$tmp/c.json" --output "$tmp/modes/a.txt" &&
	$R voxel --product TheraSphere --activity "$tmp/act.nii" --metrics-out "$tmp/modes/a.json" \
		--dose-out "$tmp/modes/a.nii.gz") 2>"$tmp/err"
(umask 0077 && $R plan "$tmp/c.json" --output "$tmp/modes/b.txt" &&
	$R voxel --product TheraSphere --activity "$tmp/act.nii" --metrics-out "$tmp/modes/b.json" \
		--dose-out "$tmp/modes/b.nii.gz") 2>>"$tmp/err"
[ "$(mode "$tmp/modes/a.txt") $(mode "$tmp/modes/a.json") $(mode "$tmp/modes/a.nii.gz")" = \
	"644 644 644" ] && ok "umask 0022: new files 0644" ||
	not_ok "umask 0022: new files 0644"
[ "$(mode "$tmp/modes/b.txt") $(mode "$tmp/modes/b.json") $(mode "$tmp/modes/b.nii.gz")" = \
	"600 600 600" ] && ok "umask 0077: new files 0600" ||
	not_ok "umask 0077: new files 0600"
chmod 0600 "$tmp/modes/a.txt" "$tmp/modes/a.nii.gz"
chmod 0640 "$tmp/modes/b.txt"
(umask 0022 && $R plan "$tmp/c.json" --output "$tmp/modes/a.txt" &&
	$R voxel --product TheraSphere --activity "$tmp/act.nii" --metrics-out "$tmp/modes/a.json" \
		--dose-out "$tmp/modes/a.nii.gz") 2>"$tmp/err"
(umask 0077 && $R plan "$tmp/c.json" --output "$tmp/modes/b.txt") 2>>"$tmp/err"
[ "$(mode "$tmp/modes/a.txt") $(mode "$tmp/modes/a.nii.gz") $(mode "$tmp/modes/b.txt")" = \
	"600 600 640" ] && clean "$tmp/modes" &&
	ok "a replaced file keeps its mode (0600 under umask 0022, 0640 under 0077)" ||
	not_ok "a replaced file keeps its mode (0600 under umask 0022, 0640 under 0077)"

# ---- collisions ----------------------------------------------------------------------------
cp "$tmp/act.nii" "$tmp/in.nii"
cp "$tmp/in.nii" "$tmp/in.copy"
$R voxel --product TheraSphere --activity "$tmp/in.nii" --dose-out "$tmp/in.nii" 2>"$tmp/err"
[ $? = 2 ] && cmp -s "$tmp/in.nii" "$tmp/in.copy" &&
	grep -q -- '--dose-out .*in.nii names the input --activity' "$tmp/err" &&
	ok "--dose-out equal to the input image: refused (exit 2), the image kept" ||
	not_ok "--dose-out equal to the input image: refused (exit 2), the image kept"
ln "$tmp/in.nii" "$tmp/hard.nii"
ln -s in.nii "$tmp/soft.nii"
$R voxel --product TheraSphere --activity "$tmp/in.nii" --bed-out "$tmp/hard.nii" 2>"$tmp/err"
s1=$?
$R voxel --product TheraSphere --activity "$tmp/soft.nii" --dose-out "$tmp/in.nii" 2>>"$tmp/err"
s2=$?
$R voxel --product TheraSphere --activity "$tmp/act.nii" --labels "$tmp/in.nii" --eqd2-out "$tmp/soft.nii" \
	2>>"$tmp/err"
s3=$?
[ "$s1$s2$s3" = 222 ] && cmp -s "$tmp/in.nii" "$tmp/in.copy" &&
	ok "an input reached by a hard or symbolic link: refused, by device and inode" ||
	not_ok "an input reached by a hard or symbolic link: refused (got $s1 $s2 $s3)"
$R plan "$tmp/c.json" --output "$tmp/c.json" 2>"$tmp/err"
[ $? = 2 ] && cmp -s "$tmp/c.json" "$case" &&
	ok "plan c.json --output c.json: refused (exit 2), the case kept" ||
	not_ok "plan c.json --output c.json: refused (exit 2), the case kept"
$R voxel --product TheraSphere --activity "$tmp/act.nii" --metrics-out "$tmp/same.out" --dvh-out "$tmp/./same.out" \
	2>"$tmp/err"
[ $? = 2 ] && [ ! -e "$tmp/same.out" ] && grep -q 'name the same file' "$tmp/err" &&
	ok "two outputs naming one new file: refused" ||
	not_ok "two outputs naming one new file: refused"

# ---- signals -------------------------------------------------------------------------------
# The dose map is staged first, then the FIFO (a direct target) blocks until a reader
# comes: SIGTERM then must remove the staged file.
mkdir "$tmp/sig"
mkfifo "$tmp/sig/fifo"
$R voxel --product TheraSphere --activity "$tmp/act.nii" --dose-out "$tmp/sig/d.nii" --metrics-out "$tmp/sig/fifo" \
	2>"$tmp/err" &
pid=$!
i=0
while clean "$tmp/sig" && [ $i -lt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
staged=$(find "$tmp/sig" -name '.radioembo-*' | wc -l)
kill -TERM $pid
wait $pid
status=$?
[ "$staged" = 1 ] && [ "$status" = 143 ] && clean "$tmp/sig" && [ ! -e "$tmp/sig/d.nii" ] &&
	ok "SIGTERM while writing: the temporary file removed, nothing replaced" ||
	not_ok "SIGTERM while writing: the temporary file removed (staged $staged, status $status)"

# ---- standard output errors ------------------------------------------------------------------
failures=0
for words in "--help" "help" "--version" "plan --help" "voxel --help" "order --help"; do
	# shellcheck disable=SC2086
	$R $words >/dev/full 2>"$tmp/err" && failures=$((failures + 1))
done
$R plan "$tmp/c.json" >/dev/full 2>"$tmp/err" && failures=$((failures + 1))
$R lsf --lung-anterior 1 --lung-posterior 2 --liver-anterior 30 --liver-posterior 40 \
	>/dev/full 2>"$tmp/err" && failures=$((failures + 1))
[ "$failures" = 0 ] && grep -q 'No space left on device' "$tmp/err" &&
	ok "help, version and reports on a full standard output (/dev/full) fail" ||
	not_ok "help, version and reports on a full standard output fail ($failures exit 0)"

echo "1..$n"
