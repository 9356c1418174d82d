#!/bin/sh
# Every man page is clean under `mandoc -Tlint`, and every exported symbol is documented:
# named by a .Nm line of a man3 page. Prints TAP.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for page in man/man*/*.[0-9]; do
	n=$((n + 1))
	if ${MANDOC:-mandoc} -Tlint -Wwarning "$page" >"$tmp/log" 2>&1; then
		echo "ok $n - $page is lint-clean"
	else
		echo "not ok $n - $page is lint-clean"
		sed 's/^/# /' "$tmp/log"
	fi
done
for page in man/man3/*.3; do sh tests/man-names.sh "$page"; done | sort -u >"$tmp/documented"
nm -D --defined-only lib/libradioembo.so | awk '$2 != "A" {print $3}' | sed 's/@.*//' |
	sort -u >"$tmp/exported"
comm -23 "$tmp/exported" "$tmp/documented" >"$tmp/missing"
n=$((n + 1))
if [ ! -s "$tmp/missing" ]; then echo "ok $n - every exported symbol has a man3 page"; else
	echo "not ok $n - every exported symbol has a man3 page"
	sed 's/^/# undocumented: /' "$tmp/missing"
fi
echo "1..$n"
