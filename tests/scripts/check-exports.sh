#!/bin/sh
# The exported symbols, the version script's names and the RADIOEMBO_API declarations are
# the same set; every export is prefixed and versioned; the newest map node is the
# MAJOR.MINOR of include/radioembo/version.h. Prints TAP.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/../.." || exit 1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
result() { # result STATUS DESCRIPTION [DETAIL-FILE]
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else
		echo "not ok $n - $2"
		[ $# -gt 2 ] && sed 's/^/# /' "$3"
	fi
}

nm -D --defined-only lib/libradioembo.so | awk '$2 != "A" {print $3}' >"$tmp/raw"
sed 's/@.*//' "$tmp/raw" | sort -u >"$tmp/exported"
grep -v '@@LIBRADIOEMBO_' "$tmp/raw" >"$tmp/unversioned"
grep -v '^radioembo_' "$tmp/exported" >"$tmp/unprefixed"
sed -e 's|/\*.*\*/||' lib/libradioembo.map |
	grep -oE '^[[:space:]]*radioembo_[a-z0-9_]+;' | tr -d ' \t;' | sort -u >"$tmp/mapped"
# Preprocessed with RADIOEMBO_API as a marker (no comments left), one declaration per line;
# in each marked one the function name is the identifier just before the first '('.
${CC:-cc} -E -P -Iinclude -DRADIOEMBO_API=RADIOEMBO_API_MARK include/radioembo.h |
	tr '\n' ' ' | sed 's/;/;\n/g' | grep 'RADIOEMBO_API_MARK' |
	sed -E 's/^[^(]*[^A-Za-z0-9_(]([A-Za-z0-9_]+)[[:space:]]*\(.*/\1/' | sort -u >"$tmp/declared"

[ ! -s "$tmp/unversioned" ]
result $? "every exported symbol carries a LIBRADIOEMBO_ version" "$tmp/unversioned"
[ ! -s "$tmp/unprefixed" ]
result $? "every exported symbol starts with radioembo_" "$tmp/unprefixed"
diff "$tmp/exported" "$tmp/mapped" >"$tmp/d1"
result $? "exported symbols == lib/libradioembo.map" "$tmp/d1"
diff "$tmp/exported" "$tmp/declared" >"$tmp/d2"
result $? "exported symbols == RADIOEMBO_API declarations" "$tmp/d2"

major=$(sed -n 's/^#define RADIOEMBO_VERSION_MAJOR \([0-9]*\)$/\1/p' include/radioembo/version.h)
minor=$(sed -n 's/^#define RADIOEMBO_VERSION_MINOR \([0-9]*\)$/\1/p' include/radioembo/version.h)
newest=$(grep -oE '^LIBRADIOEMBO_[0-9]+\.[0-9]+' lib/libradioembo.map | sed 's/LIBRADIOEMBO_//' |
	sort -t. -k1,1n -k2,2n | tail -n 1)
echo "newest map node $newest, version.h $major.$minor" >"$tmp/v"
[ "$newest" = "$major.$minor" ]
result $? "newest map node equals version.h MAJOR.MINOR" "$tmp/v"
echo "1..$n"
