#!/bin/sh
# The committed generated bindings are what `make bindings` writes from the headers. TAP.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/../.." || exit 1
exec "${PYTHON:-/usr/bin/python3}" bindings/gen/radioembo_gen.py --check
