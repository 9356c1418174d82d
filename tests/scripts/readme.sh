#!/bin/sh
# The README says what is true of this tree: its C tour builds and runs with the build-tree
# command it gives, both taken from it verbatim, and prints what it shows; the number of
# example cases it gives is the number of examples/*.json. (The Python and R tours run in
# the binding suites; the installed-library command in tests/scripts/install-check.sh.)
# Prints TAP.
# SPDX-License-Identifier: GPL-3.0-or-later
cd "$(dirname "$0")/../.." || exit 1
. tests/scripts/common.sh

# The tour, the build-tree commands and the line the README says the tour prints.
sed -n '/^    #include <stdio.h>$/,/^    }$/s/^    //p' README >"$tmp/tour.c"
sed -n '/^    export PKG_CONFIG_PATH=/,/^$/s/^    //p' README >"$tmp/commands"
shown=$(sed -n 's/^    \(5 GBq vial after 24 h: [0-9.]* GBq\)$/\1/p' README | head -n 1)
# A directory that stands for the top of this build tree (its lib/, include/ and
# libradioembo-uninstalled.pc), so that the commands run verbatim, with $PWD as they
# expect, without writing tour.c into the source tree.
mkdir "$tmp/tree"
ln -s "$top/lib" "$top/include" "$top/libradioembo-uninstalled.pc" "$tmp/tree/"
cp "$tmp/tour.c" "$tmp/tree/tour.c"
# a sanitized library needs its runtime loaded first (make check SANITIZE=...); a
# ThreadSanitizer library (clang) leaves its runtime to the program, which the verbatim
# command does not instrument: that build runs the tour in the plain make check only.
case "${SANITIZE:-}" in
*thread*)
	ok "README's C tour in the build tree # SKIP the verbatim command cannot link a ThreadSanitizer library"
	;;
*)
	if (cd "$tmp/tree" && env -u PKG_CONFIG_PATH -u LD_LIBRARY_PATH \
		LD_PRELOAD="${SANITIZE_PRELOAD:-}" ASAN_OPTIONS=detect_leaks=0 \
		sh -e "$tmp/commands") >"$tmp/out" 2>"$tmp/tour.log" &&
		[ -s "$tmp/tour.c" ] && [ -n "$shown" ] && [ "$(cat "$tmp/out")" = "$shown" ]; then
		ok "README's C tour builds and runs verbatim in the build tree: $shown"
	else
		cat "$tmp/out" >>"$tmp/tour.log"
		not_ok "README's C tour builds and runs verbatim in the build tree (want: $shown)" \
			"$tmp/tour.log"
	fi
	;;
esac

# "examples/*.json holds nine realistic cases": the count, in words, is the directory's.
count=$(ls examples/*.json | wc -l)
set -- zero one two three four five six seven eight nine ten eleven twelve
shift "$count" 2>/dev/null && word=$1 || word=$count
if grep -q "examples/\*\.json holds $word\$" README ||
	tr '\n' ' ' <README | grep -q "examples/\*\.json holds $word  *realistic cases"; then
	ok "README counts $word example cases, as examples/ holds"
else
	not_ok "README counts $word example cases, as examples/ holds"
fi

# The .pc file names no placeholder home page.
if grep -q '\.invalid\|example\.com' pkgconfig/libradioembo.pc.in; then
	not_ok "pkgconfig/libradioembo.pc.in has no placeholder URL"
else
	ok "pkgconfig/libradioembo.pc.in has no placeholder URL"
fi
echo "1..$n"
