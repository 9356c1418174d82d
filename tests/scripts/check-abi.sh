#!/bin/sh
# The ABI gate (`make abi-check`, part of `make check`). Prints TAP.
#  1. abidiff finds no change between tests/abi/libradioembo.so.1.abi (written by
#     `make abi-baseline` with abidw) and the built lib/libradioembo.so.1 other than added
#     symbols: a removed symbol, a changed parameter or return type, a changed enumerator
#     of a type the functions use, all fail (any non-zero exit of abidiff).
#  2. tests/abi/constants.txt only grows: every NAME=value line of it is still printed, with
#     the same value, by `radioembo_gen.py --constants` from today's headers (enumerators
#     that no function signature reaches, such as radioembo_status, are covered here).
# abidiff (Debian's abigail-tools) is required, like R for the R suite: without it the gate
# fails rather than pass unchecked. The library must carry DWARF (-g, in the default
# CFLAGS); a library built without it fails with a message saying so.
# After a release adds symbols (a new version node), `make abi-baseline` rewrites both
# files; commit them with the release.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/../.." || exit 1
ABIDIFF=${ABIDIFF:-abidiff}
PYTHON=${PYTHON:-/usr/bin/python3}
baseline=tests/abi/libradioembo.so.1.abi
constants=tests/abi/constants.txt
lib=lib/libradioembo.so.1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. the binary interface
if ! command -v "$ABIDIFF" >/dev/null 2>&1; then
	echo "not ok 1 - abi: abidiff is not installed (apt-get install abigail-tools)"
elif [ ! -f "$baseline" ]; then
	echo "not ok 1 - abi: $baseline is missing (make abi-baseline)"
elif [ ! -f "$lib" ]; then
	echo "not ok 1 - abi: $lib is not built (make)"
elif ! readelf -S "$lib" 2>/dev/null | grep -q '\.debug_info'; then
	echo "not ok 1 - abi: $lib has no debug information; build it with -g (default CFLAGS -O2 -g)"
else
	# --drop-private-types: the opaque structs are defined in lib/*.c, outside include/,
	# as in the baseline; their layout is not part of the ABI.
	"$ABIDIFF" --no-added-syms --drop-private-types --fail-no-debug-info \
		--headers-dir2 include "$baseline" "$lib" >"$tmp/abidiff.log" 2>&1
	status=$?
	if [ "$status" -eq 0 ]; then
		echo "ok 1 - abi: abidiff $baseline $lib finds no change but added symbols"
	else
		echo "not ok 1 - abi: abidiff $baseline $lib exits with $status (an ABI change; see below)"
		sed 's/^/# /' "$tmp/abidiff.log"
	fi
fi

# 2. the enumerator values
if [ ! -f "$constants" ]; then
	echo "not ok 2 - abi: $constants is missing (make abi-baseline)"
elif ! "$PYTHON" bindings/gen/radioembo_gen.py --cc "${CC:-cc}" --constants \
		>"$tmp/constants" 2>"$tmp/gen.log"; then
	echo "not ok 2 - abi: radioembo_gen.py --constants fails"
	sed 's/^/# /' "$tmp/gen.log"
else
	sort -u "$constants" >"$tmp/baseline.sorted"
	sort -u "$tmp/constants" >"$tmp/now.sorted"
	comm -23 "$tmp/baseline.sorted" "$tmp/now.sorted" >"$tmp/lost"
	if [ ! -s "$tmp/lost" ]; then
		echo "ok 2 - abi: every enumerator of $constants keeps its name and value" \
			"($(wc -l <"$tmp/baseline.sorted") frozen, $(comm -13 "$tmp/baseline.sorted" \
			"$tmp/now.sorted" | wc -l) added)"
	else
		echo "not ok 2 - abi: enumerators of $constants were renumbered or removed"
		while IFS= read -r line; do
			name=${line%%=*}
			now=$(grep "^$name=" "$tmp/now.sorted")
			echo "# baseline $line, now ${now:-absent}"
		done <"$tmp/lost"
	fi
fi
echo "1..2"
