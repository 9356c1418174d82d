#!/bin/sh
# The Python bindings' unittest suite against the build tree's library, as TAP (stdlib only;
# Debian's /usr/bin/python3). With SANITIZE_PRELOAD set (make check SANITIZE=...), the
# sanitizer runtime is preloaded into the interpreter so that the instrumented library loads.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/../.." || exit 1
PYTHON=${PYTHON:-/usr/bin/python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 7))' 2>/dev/null; then
	echo "not ok 1 - python: $PYTHON (3.7 or later) is missing"
	exit 1
fi
export RADIOEMBO_LIBRARY="$PWD/lib/libradioembo.so.1"
export PYTHONPATH="$PWD/bindings/python" PYTHONDONTWRITEBYTECODE=1
if [ -n "${SANITIZE_PRELOAD:-}" ]; then
	export LD_PRELOAD="$SANITIZE_PRELOAD" ASAN_OPTIONS=detect_leaks=0
fi
exec "$PYTHON" bindings/python/tests/tap.py
