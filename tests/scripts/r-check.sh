#!/bin/sh
# R CMD check of bindings/R/radioembo against the build tree, without its tests (r.sh runs
# them) and without the PDF manual: no ERROR, WARNING or NOTE. TAP.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/../.." || exit 1
top=$(pwd)
R=${R:-R}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -R bindings/R/radioembo "$tmp/radioembo"
rm -f "$tmp"/radioembo/src/*.o "$tmp"/radioembo/src/*.so
export PKG_CONFIG_PATH="$top${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export LD_LIBRARY_PATH="$top/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
if [ -n "${SANITIZE_PRELOAD:-}" ]; then
	export LD_PRELOAD="$SANITIZE_PRELOAD" ASAN_OPTIONS=detect_leaks=0
fi
unset MAKEFLAGS MFLAGS MAKELEVEL
(cd "$tmp" && "$R" CMD build --no-build-vignettes radioembo >build.log 2>&1 &&
	_R_CHECK_FORCE_SUGGESTS_=false "$R" CMD check --no-manual --no-tests \
	radioembo_*.tar.gz >check.log 2>&1)
status=$?
if [ $status = 0 ] && ! grep -q -E '(WARNING|NOTE|ERROR)' "$tmp/check.log"; then
	echo "ok 1 - r: R CMD check bindings/R/radioembo: no ERROR, WARNING or NOTE"
else
	echo "not ok 1 - r: R CMD check bindings/R/radioembo: no ERROR, WARNING or NOTE"
	cat "$tmp/build.log" "$tmp/check.log" 2>/dev/null | grep -v '^\* .* OK$' | sed 's/^/# /'
fi
echo "1..1"
