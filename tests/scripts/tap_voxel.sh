# Sourced by the voxel image suites (cli_images.sh, cli_phantom.sh): the TAP helpers.
# Before sourcing, set SUITE (the prefix of each test name). Gives PYTHON (Debian's, with
# numpy, nibabel, pydicom), R (the command under $TEST_WRAPPER), tmp (removed on exit),
# ok / not_ok DESCRIPTION, and expect_error DESCRIPTION MESSAGE ARGS... (radioembo voxel
# ARGS exits 2 with one line on stderr containing MESSAGE).
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/../.." || exit 1
PYTHON=${PYTHON:-/usr/bin/python3}
R="${TEST_WRAPPER:-} ./cli/radioembo"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $SUITE: $1"; }
not_ok() {
	n=$((n + 1))
	echo "not ok $n - $SUITE: $1"
	[ -s "$tmp/err" ] && sed 's/^/# stderr: /' "$tmp/err" | head -5
	[ -s "$tmp/check" ] && sed 's/^/# /' "$tmp/check" | head -10
	return 0
}
expect_error() {
	description=$1 message=$2
	shift 2
	rm -f "$tmp/check"
	$R voxel "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ "$status" = 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
		grep -qF -- "$message" "$tmp/err"; then
		ok "$description"
	else
		echo "# got status $status" >"$tmp/check"
		not_ok "$description"
	fi
}
