# The start that the command's TAP suites share, sourced from the top of the tree after
# `cd` there: strict variables; top, PYTHON, R (the command, under $TEST_WRAPPER: valgrind
# with VALGRIND=1); tmp, a private directory (absolute, as file:// URLs need) removed on
# exit; the test counter n; ok and not_ok, whose descriptions start with $prefix when the
# suite set it ("voxel: "). not_ok shows what went wrong: the first lines of $tmp/err and
# $tmp/check when not empty, and of the file named by its second argument.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
prefix=${prefix:-}
top=$(pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
R="${TEST_WRAPPER:-} ./cli/radioembo"
tmp=$(mktemp -d)
case $tmp in /*) ;; *) tmp=$top/$tmp ;; esac
trap 'rm -rf "$tmp"' EXIT
n=0

ok() { n=$((n + 1)); echo "ok $n - $prefix$1"; }
not_ok() {
	n=$((n + 1))
	echo "not ok $n - $prefix$1"
	[ -s "$tmp/err" ] && sed 's/^/# stderr: /' "$tmp/err" | head -5
	[ -s "$tmp/check" ] && sed 's/^/# /' "$tmp/check" | head -10
	[ -n "${2:-}" ] && [ -f "$2" ] && sed 's/^/# /' "$2" | head -20
	return 0
}
