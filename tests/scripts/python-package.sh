#!/bin/sh
# The Python package as a new user installs it: `pip install ./bindings/python` into a
# fresh venv of Debian's python3, offline (--no-index --no-build-isolation), from a copy of
# the tree; then `import radioembo` from / with no LD_LIBRARY_PATH, PYTHONPATH or
# RADIOEMBO_LIBRARY loads the libradioembo the package carries; the sdist (which carries
# the C tree) builds a wheel named for this platform. TAP.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/../.." || exit 1
PYTHON=${PYTHON:-/usr/bin/python3}
# the package builds its library with plain flags, whatever `make check` was given (make
# exports its command-line variables to the environment too)
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES SANITIZE DEVELOPER VALGRIND CFLAGS LDFLAGS \
	LD_PRELOAD LD_LIBRARY_PATH RADIOEMBO_LIBRARY PYTHONPATH
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/tree"
tar --exclude=.git --exclude='*.o' --exclude='*.a' --exclude='*.so' --exclude='*.so.*' \
	--exclude=__pycache__ -cf - . | tar -C "$tmp/tree" -xf -
n=0
result() {  # result STATUS DESCRIPTION [LOG]
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - python package: $2"; else
		echo "not ok $n - python package: $2"; [ -n "${3:-}" ] && tail -n 40 "$3" | sed 's/^/# /'; fi
}
"$PYTHON" -m venv --system-site-packages "$tmp/v" >"$tmp/venv.log" 2>&1 &&
	"$tmp/v/bin/pip" install --no-index --no-build-isolation "$tmp/tree/bindings/python" \
	>"$tmp/install.log" 2>&1
result $? "pip install ./bindings/python into a venv, offline" "$tmp/install.log"
(cd / && "$tmp/v/bin/python" - "$tmp/v" >"$tmp/import.log" 2>&1 <<'PY'
import os, sys
import radioembo
venv = os.path.realpath(sys.argv[1])
package = os.path.dirname(os.path.realpath(radioembo.__file__))
assert package.startswith(venv), package
assert os.path.realpath(radioembo._ffi._lib._name) == os.path.join(package, "libradioembo.so.1")
assert radioembo._vector is not None, "the element-wise loops are missing"
assert "%.3f" % radioembo.decay_activity_gbq(5.0, 64.1, 24.0) == "3.857"
assert radioembo.version_string() == radioembo.__version__
PY
)
result $? "import radioembo from / uses the library inside the package" "$tmp/import.log"
# the sdist carries the C tree: a wheel builds from it alone
mkdir "$tmp/sdist" && (cd "$tmp/tree/bindings/python" && "$tmp/v/bin/python" -c \
	'import sys; sys.path.insert(0, "_build"); import radioembo_build as b; print(b.build_sdist(sys.argv[1]))' \
	"$tmp/sdist") >"$tmp/wheel.log" 2>&1 &&
	tar -C "$tmp/sdist" -xzf "$tmp/sdist"/radioembo-*.tar.gz &&
	"$tmp/v/bin/pip" wheel --no-deps --no-index --no-build-isolation -w "$tmp/wheels" \
	"$tmp/sdist"/radioembo-*/ >>"$tmp/wheel.log" 2>&1
platform=$("$PYTHON" -c 'import re, sysconfig; print(re.sub(r"[^A-Za-z0-9]", "_", sysconfig.get_platform()))')
ls "$tmp/wheels" >>"$tmp/wheel.log" 2>&1
ls "$tmp/wheels"/radioembo-*-py3-none-"$platform".whl >/dev/null 2>&1 &&
	"$PYTHON" -c 'import sys, zipfile
sys.exit("radioembo/libradioembo.so.1" not in zipfile.ZipFile(sys.argv[1]).namelist())' \
	"$tmp/wheels"/radioembo-*.whl
result $? "the sdist builds a py3-none-$platform wheel that carries the library" \
	"$tmp/wheel.log"
echo "1..$n"
