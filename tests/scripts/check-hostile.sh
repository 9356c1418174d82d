#!/bin/sh
# The committed hostile-input call table is what `make hostile-gen` writes from the header
# and the man pages' ERRORS sections. TAP.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/../.." || exit 1
exec "${PYTHON:-/usr/bin/python3}" tests/hostile/gen_hostile.py --check --cc "${CC:-cc}"
