# Sourced by the voxel image suites (cli_images.sh, cli_phantom.sh, cli_dicom.sh) after
# SUITE is set: the shared start (tests/scripts/common.sh: PYTHON, R, tmp, ok, not_ok) with
# SUITE as the prefix, and expect_error DESCRIPTION MESSAGE ARGS... (radioembo voxel ARGS
# exits 2 with one line on stderr containing MESSAGE).
# SPDX-License-Identifier: GPL-3.0-or-later
cd "$(dirname "$0")/../.." || exit 1
prefix="$SUITE: "
. tests/scripts/common.sh
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
