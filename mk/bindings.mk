# The bindings: one generator (bindings/gen/radioembo_gen.py; Debian's python3 with
# python3-pycparser) writes the Python ctypes declarations and the R glue; the Python
# and R packages install beside the library.
# SPDX-License-Identifier: GPL-3.0-or-later

bindings:
	$(PYTHON) bindings/gen/radioembo_gen.py --cc '$(CC)'

# The Python layer's element-wise loops (generated _vector.c): numpy broadcasting at C speed.
# Built beside the package's sources for the tests, and into the wheel by its build backend
# (bindings/python/_build), which runs this rule in a copy of the tree. It finds
# libradioembo.so.1 beside itself (the wheel) or in the build tree's lib/.
PY_VECTOR := bindings/python/radioembo/_vector.so
$(PY_VECTOR): bindings/python/radioembo/_vector.c lib/$(SONAME) $(HEADERS) .build-flags
	$(call quiet,LD)$(CC) $(ALL_CFLAGS) -fPIC -shared -Iinclude -o $@ $< $(ALL_LDFLAGS) \
		lib/$(SONAME) -Wl,-rpath,'$$ORIGIN:$$ORIGIN/../../../lib'

python-vector: $(PY_VECTOR)
check bench: $(PY_VECTOR)
CLEAN_FILES += $(PY_VECTOR)


# `make install-bindings` (after, and including, `make install`) puts the Python package in
# $(pythondir) and the R package in $(rlibdir): with the default prefix /usr/local, the
# directories Debian's /usr/bin/python3 and R search, so that on a fresh machine
# `python3 -c 'import radioembo'` and `library(radioembo)` work. As root without DESTDIR it
# first runs ldconfig, so that the loader (ctypes, R) finds libradioembo.so.1 in $(libdir).
# Elsewhere set PYTHONPATH, R_LIBS and LD_LIBRARY_PATH (or RADIOEMBO_LIBRARY).
# `make uninstall-bindings` removes both (then `make uninstall`).
pythondir ?= $(shell $(PYTHON) -c 'import sys, sysconfig; p = sys.argv[1]; \
	local = p == "/usr/local" and "posix_local" in sysconfig.get_scheme_names(); \
	print(sysconfig.get_path("purelib", "posix_local") if local else \
	sysconfig.get_path("purelib", "posix_prefix", vars={"base": p, "platbase": p}))' '$(prefix)')
rlibdir ?= $(prefix)/lib/R/site-library
PYTHON_SOURCES := $(sort $(wildcard bindings/python/radioembo/*.py))

install-bindings: install $(PY_VECTOR)
	@if [ -z '$(DESTDIR)' ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then \
		echo ldconfig; ldconfig; fi
	$(INSTALL) -d '$(DESTDIR)$(pythondir)/radioembo' '$(DESTDIR)$(rlibdir)'
	$(INSTALL) -m 644 $(PYTHON_SOURCES) '$(DESTDIR)$(pythondir)/radioembo'
	$(INSTALL) -m 755 $(PY_VECTOR) '$(DESTDIR)$(pythondir)/radioembo'
	@# R builds out of the source tree (as tests/scripts/r.sh does), against the installed library
	tmp=$$(mktemp -d) && cp -R bindings/R/radioembo "$$tmp/radioembo" && \
	rm -f "$$tmp"/radioembo/src/*.o "$$tmp"/radioembo/src/*.so && \
	PKG_CONFIG_PATH='$(DESTDIR)$(pkgconfigdir)'$${PKG_CONFIG_PATH:+:$$PKG_CONFIG_PATH} \
	PKG_CONFIG_SYSROOT_DIR='$(DESTDIR)' \
	$(R) CMD INSTALL $(if $(DESTDIR),--no-test-load) --library='$(DESTDIR)$(rlibdir)' \
		"$$tmp/radioembo"; status=$$?; rm -rf "$$tmp"; exit $$status

uninstall-bindings:
	rm -rf '$(DESTDIR)$(pythondir)/radioembo'
	rm -rf '$(DESTDIR)$(rlibdir)/radioembo'

.PHONY: bindings python-vector install-bindings uninstall-bindings

