#!/bin/sh
# The R bindings: R CMD INSTALL of bindings/R/radioembo into a temporary library against
# the build tree (pkg-config finds libradioembo-uninstalled.pc), then its testthat suite
# with the TAP reporter. R and testthat are required: without them the suite fails.
# With SANITIZE_PRELOAD set (make check SANITIZE=...), the sanitizer runtime is preloaded
# into the R process that runs the tests.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/../.." || exit 1
top=$(pwd)
R=${R:-R}
if ! command -v "$R" >/dev/null 2>&1; then
	echo "not ok 1 - r: R is not installed (apt-get install r-base-dev r-cran-testthat)"
	exit 1
fi
if ! "$R" --vanilla --slave -e 'library(testthat)' >/dev/null 2>&1; then
	echo "not ok 1 - r: the testthat package is not installed (apt-get install r-cran-testthat)"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/lib"
cp -R bindings/R/radioembo "$tmp/radioembo"  # build out of the source tree
rm -f "$tmp"/radioembo/src/*.o "$tmp"/radioembo/src/*.so
export PKG_CONFIG_PATH="$top${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export LD_LIBRARY_PATH="$top/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export R_LIBS="$tmp/lib${R_LIBS:+:$R_LIBS}" R_LIBS_USER="$tmp/lib"
test_load=
[ -n "${SANITIZE_PRELOAD:-}" ] && test_load=--no-test-load
if "$R" CMD INSTALL $test_load --library="$tmp/lib" "$tmp/radioembo" >"$tmp/install.log" 2>&1
then
	echo "ok 1 - r: R CMD INSTALL bindings/R/radioembo against the build tree"
else
	echo "not ok 1 - r: R CMD INSTALL bindings/R/radioembo against the build tree"
	sed 's/^/# /' "$tmp/install.log"
	exit 1
fi
if [ -n "${SANITIZE_PRELOAD:-}" ]; then
	export LD_PRELOAD="$SANITIZE_PRELOAD" ASAN_OPTIONS=detect_leaks=0
fi
cat >"$tmp/run.R" <<'RSCRIPT'
suppressMessages(library(testthat))
library(radioembo)
r <- as.data.frame(test_dir(file.path(Sys.getenv("RADIOEMBO_TOP"),
	"bindings/R/radioembo/tests/testthat"), package = "radioembo", load_package = "installed",
	reporter = "tap", stop_on_failure = FALSE))
quit(status = if (sum(r$failed) + sum(r$error) + sum(r$skipped) > 0) 1 else 0)
RSCRIPT
RADIOEMBO_TOP="$top" "$R" --vanilla --slave -f "$tmp/run.R" >"$tmp/test.log" 2>&1
status=$?
sed 's/^\(ok\|not ok\) [0-9]* /\1 - r: /' "$tmp/test.log"

# The README's R tour prints the numbers the README shows.
{ echo 'library(radioembo)'
	sed -n '/^    half_life_h <- nuclide_half_life_h/,/^    cat(sprintf("120 Gy/s/^    //p' README; } >"$tmp/tour.R"
sed -n '/^    5 GBq vial after 24 h: /,/^$/s/^    //p' README | sed '/^$/d' >"$tmp/tour.expected"
if "$R" --vanilla --slave -f "$tmp/tour.R" >"$tmp/tour.out" 2>&1 &&
	cmp -s "$tmp/tour.out" "$tmp/tour.expected"; then
	echo "ok - r: the README's R tour prints the numbers shown"
else
	echo "not ok - r: the README's R tour prints the numbers shown"
	diff "$tmp/tour.expected" "$tmp/tour.out" | sed 's/^/# /'
	status=1
fi

# The README's case in one call prints what the README shows.
{ echo 'library(radioembo)'
	sed -n '/^    r <- plan_case(/,/^    print(round(decay_activity_gbq/s/^    //p' README; } >"$tmp/case.R"
sed -n '/^                   model inject_activity_gbq$/,/^    \[1\] 2.314 3.857$/s/^    //p' README \
	>"$tmp/case.expected"
if [ -s "$tmp/case.expected" ] && "$R" --vanilla --slave -f "$tmp/case.R" >"$tmp/case.out" 2>&1 &&
	cmp -s "$tmp/case.out" "$tmp/case.expected"; then
	echo "ok - r: the README's R case prints what the README shows"
else
	echo "not ok - r: the README's R case prints what the README shows"
	diff "$tmp/case.expected" "$tmp/case.out" | sed 's/^/# /'
	status=1
fi
exit $status
