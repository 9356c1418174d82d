#!/bin/sh
# Runs every test suite given as an argument, prints their TAP output and ends with one
# line "N passed, N failed" over all of them. Exits non-zero if anything failed.
#
# C test programs run under $TEST_WRAPPER (valgrind with VALGRIND=1); *.sh suites are
# scripts that print TAP themselves. A suite that exits non-zero without reporting a failed
# test counts as one failure (a crash, a sanitizer or valgrind error).
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for suite in "$@"; do
	echo "# suite: $suite"
	case "$suite" in
	*.sh) sh "$suite" >"$log" 2>&1 ;;
	*) CMOCKA_MESSAGE_OUTPUT=TAP ${TEST_WRAPPER:-} "$suite" >"$log" 2>&1 ;;
	esac
	status=$?
	cat "$log"
	ok=$(grep -c '^ok ' "$log")
	not_ok=$(grep -c '^not ok ' "$log")
	if [ "$status" -ne 0 ] && [ "$not_ok" -eq 0 ]; then
		echo "not ok - $suite exited with status $status"
		not_ok=1
	fi
	if [ "$ok" -eq 0 ] && [ "$not_ok" -eq 0 ]; then
		echo "not ok - $suite ran no test"
		not_ok=1
	fi
	passed=$((passed + ok))
	failed=$((failed + not_ok))
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
