#!/bin/sh
# Install-based check, for CI (.ci/run) on a fresh machine, as root: `make install
# install-bindings` into the default prefix /usr/local, then, from outside the source tree
# and with no PYTHONPATH, R_LIBS, LD_LIBRARY_PATH, PKG_CONFIG_PATH or RADIOEMBO_LIBRARY:
#   - a C consumer built with `pkg-config --cflags --libs libradioembo` runs, and so does
#     the README's C tour with the README's command;
#   - Debian's /usr/bin/python3 imports radioembo, loading the installed library;
#   - R's library(radioembo) loads and computes;
#   - `radioembo --version` and `man -w` find the command and a function's page;
# then `make uninstall-bindings uninstall` and ldconfig; the directories the install
# created are removed if empty, and /usr/local must hold exactly the files and directories
# it held before. It refuses to run as non-root or over an existing install.
# Prints TAP and exits non-zero on any failure.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/../.." || exit 1
top=$(pwd)
MAKE=${MAKE:-make}
PYTHON=/usr/bin/python3
prefix=/usr/local
if [ "$(id -u)" != 0 ]; then
	echo "install-check: must run as root (it installs into $prefix)" >&2
	exit 2
fi
if [ -e "$prefix/lib/libradioembo.so.1" ] || [ -e "$prefix/include/radioembo.h" ]; then
	echo "install-check: libradioembo is already installed in $prefix; not touching it" >&2
	exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
report() {  # report STATUS DESCRIPTION [LOG]
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
		[ -n "${3:-}" ] && [ -f "$3" ] && sed 's/^/# /' "$3"
	fi
}
snapshot() { find "$prefix" | LC_ALL=C sort; }

snapshot >"$tmp/before"
find "$prefix" -type d | LC_ALL=C sort >"$tmp/dirs-before"
$MAKE install install-bindings >"$tmp/install.log" 2>&1
report $? "make install install-bindings into $prefix" "$tmp/install.log"

# Everything below runs from an empty directory with a clean environment.
mkdir "$tmp/elsewhere"
cd "$tmp/elsewhere" || exit 1
clean_env() {
	env -u PYTHONPATH -u R_LIBS -u R_LIBS_USER -u LD_LIBRARY_PATH -u PKG_CONFIG_PATH \
		-u RADIOEMBO_LIBRARY -u LD_PRELOAD "$@"
}

cat >consumer.c <<'C'
#include <stdio.h>
#include <radioembo.h>
int main(void)
{
	double a;
	if (radioembo_version_number() != RADIOEMBO_VERSION_NUMBER)
		return 1;
	if (radioembo_decay_activity_gbq(5.0, 64.1, 24.0, &a) != RADIOEMBO_OK)
		return 1;
	printf("%s %.3f\n", radioembo_version_string(), a);
	return 0;
}
C
version=$(sed -n 's/^#define RADIOEMBO_VERSION_STRING "\(.*\)"$/\1/p' \
	"$top/include/radioembo/version.h")
expected="$version 3.857"
# shellcheck disable=SC2046 # pkg-config's output is a list of words
clean_env ${CC:-cc} -o consumer consumer.c $(clean_env pkg-config --cflags --libs libradioembo) \
	>consumer.log 2>&1 && clean_env ./consumer >consumer.out 2>>consumer.log &&
	[ "$(cat consumer.out)" = "$expected" ]
report $? "a C consumer built with pkg-config runs against $prefix/lib" consumer.log

# The README's C tour, built with the README's first command (the installed library's),
# both verbatim, prints the line the README shows.
sed -n '/^    #include <stdio.h>$/,/^    }$/s/^    //p' "$top/README" >tour.c
sed -n 's/^    \(cc tour\.c .* -o tour && \.\/tour\)$/\1/p' "$top/README" | head -n 1 >tour.sh
shown=$(sed -n 's/^    \(5 GBq vial after 24 h: [0-9.]* GBq\)$/\1/p' "$top/README" | head -n 1)
clean_env sh -e tour.sh >tour.out 2>tour.log && [ -s tour.sh ] && [ -n "$shown" ] &&
	[ "$(cat tour.out)" = "$shown" ]
report $? "the README's C tour builds and runs with its command for an installed library" tour.log

# shellcheck disable=SC2016 # Python code
clean_env "$PYTHON" -c '
import sys, radioembo
assert radioembo.__file__.startswith(sys.argv[1] + "/"), radioembo.__file__
maps = open("/proc/self/maps").read()
assert sys.argv[1] + "/lib/libradioembo.so.1" in maps, "not the installed library"
print(radioembo.version_string(), "%.3f" % radioembo.decay_activity_gbq(5.0, 64.1, elapsed_h=24.0))
' "$prefix" >python.out 2>python.log && [ "$(cat python.out)" = "$expected" ]
report $? "$PYTHON -c 'import radioembo' uses the installed package and library" python.log

clean_env Rscript --vanilla -e 'library(radioembo)' \
	-e 'stopifnot(startsWith(find.package("radioembo"), "/usr/local/"))' \
	-e 'cat(version_string(), sprintf("%.3f\n", decay_activity_gbq(5, 64.1, elapsed_h = 24)))' \
	>r.out 2>r.log && [ "$(cat r.out)" = "$expected" ]
report $? "Rscript -e 'library(radioembo)' loads the installed package" r.log

clean_env "$prefix/bin/radioembo" --version >cli.out 2>&1 && grep -q "$version" cli.out
report $? "$prefix/bin/radioembo --version says $version" cli.out

man -w radioembo_decay_factor >man.out 2>&1 && man -w 7 libradioembo >>man.out 2>&1 ||
	{ [ -e "$prefix/share/man/man3/radioembo_decay_factor.3" ] &&
		[ -e "$prefix/share/man/man7/libradioembo.7" ]; }
report $? "the man pages are installed (radioembo_decay_factor(3), libradioembo(7))" man.out

cd "$top" || exit 1
$MAKE uninstall-bindings uninstall >"$tmp/uninstall.log" 2>&1 && ldconfig >>"$tmp/uninstall.log" 2>&1
report $? "make uninstall-bindings uninstall" "$tmp/uninstall.log"
# the directories the install made (pkgconfig/, man3/, ...), deepest first, if empty
find "$prefix" -type d | LC_ALL=C sort | comm -13 "$tmp/dirs-before" - | sort -r |
	while IFS= read -r dir; do rmdir "$dir" 2>/dev/null; done
snapshot >"$tmp/after"
diff "$tmp/before" "$tmp/after" >"$tmp/left"
report $? "$prefix holds the same files and directories as before the install" "$tmp/left"
echo "1..$n"
[ "$failed" -eq 0 ]
