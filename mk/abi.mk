# The ABI gate (abigail-tools: abidw, abidiff).
# `make abi-baseline` records the ABI of the built library (DWARF: the default CFLAGS keep -g)
# and every enumerator's value; `make abi-check` (also run by `make check`, through
# tests/scripts/check-abi.sh) fails on any change but added symbols and on a renumbered or removed
# enumerator. After a release adds a version node: `make abi-baseline` and commit tests/abi/.
# SPDX-License-Identifier: GPL-3.0-or-later

ABI_BASELINE := tests/abi/$(SONAME).abi
ABI_CONSTANTS := tests/abi/constants.txt

abi-baseline: all
	$(Q)mkdir -p tests/abi
	$(ABIDW) --headers-dir include --drop-private-types --no-show-locs --no-corpus-path \
		--out-file $(ABI_BASELINE) lib/$(SONAME)
	$(PYTHON) bindings/gen/radioembo_gen.py --cc '$(CC)' --constants > $(ABI_CONSTANTS).tmp
	$(Q)mv $(ABI_CONSTANTS).tmp $(ABI_CONSTANTS)

abi-check: all
	@$(TEST_ENV) sh tests/scripts/run-tests.sh tests/scripts/check-abi.sh

.PHONY: abi-baseline abi-check

