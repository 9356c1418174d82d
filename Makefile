# libradioembo - hand-written GNU Makefile; works alone (`make`), or after `./configure`.
#
# Variables: DEVELOPER=1 (strict warnings, -Werror), SANITIZE=address,undefined,
# VALGRIND=1 (tests under valgrind), CC=clang, BINDINGS_SUITES= (skip the Python and R
# suites), PYTHON, R, and the usual prefix/libdir/... for install.
# SPDX-License-Identifier: GPL-3.0-or-later

-include config.mak.autogen

# ---- version: include/radioembo/version.h is the single source ---------------------------
VERSION_H := include/radioembo/version.h
version_field = $(shell sed -n 's/^\#define RADIOEMBO_VERSION_$(1) \([0-9][0-9]*\)$$/\1/p' $(VERSION_H))
MAJOR := $(call version_field,MAJOR)
MINOR := $(call version_field,MINOR)
PATCH := $(call version_field,PATCH)
VERSION := $(MAJOR).$(MINOR).$(PATCH)
PACKAGE := libradioembo

# ---- install locations --------------------------------------------------------------------
prefix ?= /usr/local
exec_prefix ?= $(prefix)
bindir ?= $(exec_prefix)/bin
libdir ?= $(exec_prefix)/lib
includedir ?= $(prefix)/include
datarootdir ?= $(prefix)/share
mandir ?= $(datarootdir)/man
pkgconfigdir ?= $(libdir)/pkgconfig
DESTDIR ?=

# ---- quiet by default: V=1 shows every command ---------------------------------------------
ifeq ($(V),1)
Q :=
quiet =
else
Q := @
quiet = @printf '  %-4s %s\n' '$(1)' '$@';
endif

# ---- tools and flags ------------------------------------------------------------------------
PKG_CONFIG ?= pkg-config
CXX ?= c++
INSTALL ?= install
AR ?= ar
MANDOC ?= mandoc
PYTHON ?= /usr/bin/python3
R ?= R

GSL_CFLAGS := $(shell $(PKG_CONFIG) --cflags gsl)
GSL_LIBS := $(shell $(PKG_CONFIG) --libs gsl)
# FFTW 3, single precision (Debian libfftw3-dev): the dose-voxel-kernel convolution only.
FFTW_CFLAGS := $(shell $(PKG_CONFIG) --cflags fftw3f)
FFTW_LIBS := $(shell $(PKG_CONFIG) --libs fftw3f)
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka)

CFLAGS ?= -O2 -g
WARNINGS := -Wall -Wextra
ifeq ($(DEVELOPER),1)
WARNINGS += -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith \
	-Wcast-qual -Wwrite-strings -Wformat=2 -Wundef -Wvla -Wmissing-declarations
endif
# Never -ffast-math: NaN validation depends on IEEE semantics.
ALL_CFLAGS = -std=c11 $(WARNINGS) $(CFLAGS) $(SANITIZE_FLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(SANITIZE_FLAGS)
ifneq ($(SANITIZE),)
SANITIZE_FLAGS := -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
# A sanitized shared library leaves the runtime's symbols to the executable.
NO_UNDEFINED :=
else
NO_UNDEFINED := -Wl,-z,defs
endif

ifeq ($(VALGRIND),1)
TEST_WRAPPER := valgrind -q --error-exitcode=97 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect,possible
endif

# Rebuild everything when the flags change (e.g. between a plain and a SANITIZE build).
BUILD_FLAGS := $(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $(GSL_CFLAGS) $(FFTW_CFLAGS)
.build-flags: FORCE
	@echo '$(BUILD_FLAGS)' | cmp -s - $@ || echo '$(BUILD_FLAGS)' > $@

# ---- the library ----------------------------------------------------------------------------
LIB_SOURCES := $(sort $(wildcard lib/*.c))
LIB_OBJECTS := $(LIB_SOURCES:.c=.o)
HEADERS := include/radioembo.h $(sort $(wildcard include/radioembo/*.h))
MAP := lib/libradioembo.map

SONAME := $(PACKAGE).so.$(MAJOR)
SHARED := lib/$(PACKAGE).so.$(VERSION)
STATIC := lib/$(PACKAGE).a

all: $(SHARED) lib/$(SONAME) lib/$(PACKAGE).so $(STATIC) $(PACKAGE)-uninstalled.pc

LIB_PRIVATE_HEADERS := $(wildcard lib/*.h)

lib/%.o: lib/%.c $(HEADERS) $(LIB_PRIVATE_HEADERS) .build-flags
	$(call quiet,CC)$(CC) $(ALL_CFLAGS) -fPIC -fvisibility=hidden -Iinclude $(GSL_CFLAGS) $(FFTW_CFLAGS) -c -o $@ $<

$(SHARED): $(LIB_OBJECTS) $(MAP)
	$(call quiet,LD)$(CC) $(ALL_LDFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=$(MAP) \
		-Wl,--no-undefined-version $(NO_UNDEFINED) -Wl,--as-needed \
		-o $@ $(LIB_OBJECTS) $(FFTW_LIBS) $(GSL_LIBS) -lm

lib/$(SONAME): $(SHARED)
	$(call quiet,LN)ln -sf $(notdir $<) $@

lib/$(PACKAGE).so: lib/$(SONAME)
	$(call quiet,LN)ln -sf $(notdir $<) $@

$(STATIC): $(LIB_OBJECTS)
	$(Q)rm -f $@
	$(call quiet,AR)$(AR) rcs $@ $^

# ---- pkg-config -----------------------------------------------------------------------------
pc_substitute = sed -e 's|@PREFIX@|$(1)|g' -e 's|@LIBDIR@|$(2)|g' -e 's|@INCLUDEDIR@|$(3)|g' \
	-e 's|@VERSION@|$(VERSION)|g'

$(PACKAGE).pc: pkgconfig/$(PACKAGE).pc.in $(VERSION_H) FORCE
	$(call quiet,GEN)$(call pc_substitute,$(prefix),$(libdir),$(includedir)) $< > $@.tmp
	$(Q)cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(PACKAGE)-uninstalled.pc: pkgconfig/$(PACKAGE).pc.in $(VERSION_H)
	$(call quiet,GEN)$(call pc_substitute,$(CURDIR),$(CURDIR)/lib,$(CURDIR)/include) $< > $@

# ---- the radioembo command (cli/, public API only; jansson reads and writes JSON) ---------
JANSSON_CFLAGS := $(shell $(PKG_CONFIG) --cflags jansson)
JANSSON_LIBS := $(shell $(PKG_CONFIG) --libs jansson)
CLI_SOURCES := $(filter-out cli/fuzz_case.c,$(sort $(wildcard cli/*.c)))
CLI_OBJECTS := $(CLI_SOURCES:.c=.o)
CLI_HEADERS := $(sort $(wildcard cli/*.h))
# What the fuzz target needs: the case reader and its helpers, not main().
CLI_READER_SOURCES := cli/case_reader.c cli/product_fields.c cli/cli_util.c
# NIfTI-1 images: Debian's libnifti2-dev ships no .pc file; use one if a system has it.
NIFTI_CFLAGS := $(shell $(PKG_CONFIG) --cflags niftiio 2>/dev/null || echo -I/usr/include/nifti)
NIFTI_LIBS := $(shell $(PKG_CONFIG) --libs niftiio 2>/dev/null || echo -lniftiio -lznz -lz)
CLI_CFLAGS = $(ALL_CFLAGS) -D_POSIX_C_SOURCE=200809L -Iinclude $(JANSSON_CFLAGS) $(NIFTI_CFLAGS)
CLI_LIBS = -Llib -lradioembo $(JANSSON_LIBS) $(NIFTI_LIBS) -lm

cli/%.o: cli/%.c $(CLI_HEADERS) $(HEADERS) .build-flags
	$(call quiet,CC)$(CC) $(CLI_CFLAGS) -c -o $@ $<

# In the build tree the command finds lib/ through $ORIGIN; `make install` relinks it.
cli/radioembo: $(CLI_OBJECTS) lib/$(PACKAGE).so
	$(call quiet,LD)$(CC) -o $@ $(CLI_OBJECTS) $(ALL_LDFLAGS) $(CLI_LIBS) -Wl,-rpath,'$$ORIGIN/../lib'

cli/radioembo.installed: $(CLI_OBJECTS) lib/$(PACKAGE).so FORCE
	$(call quiet,LD)$(CC) -o $@ $(CLI_OBJECTS) $(ALL_LDFLAGS) $(CLI_LIBS) -Wl,-rpath,'$(libdir)'

# ---- fuzzing: three libFuzzer targets, their corpora replayed in `make check` ----------------
# case: the case-file reader (cli/); iso8601: the instant parser and formatter; api: programs
# of calls on the planning objects. Each corpus lives in tests/fuzz/<target>/.
FUZZ_TARGETS := case iso8601 api
FUZZ_SOURCE_case := cli/fuzz_case.c
FUZZ_SOURCE_iso8601 := tests/fuzz/fuzz_iso8601.c
FUZZ_SOURCE_api := tests/fuzz/fuzz_api.c
FUZZ_EXTRA_case := $(CLI_READER_SOURCES)

# The plain replay driver (gcc, SANITIZE, VALGRIND alike): each target compiled on its own
# with its entry point renamed, so that one program links them all.
FUZZ_REPLAY_OBJECTS := $(foreach t,$(FUZZ_TARGETS),tests/fuzz/replay-$(t).o)
define fuzz_replay_object
tests/fuzz/replay-$(1).o: $(FUZZ_SOURCE_$(1)) $(CLI_HEADERS) $(HEADERS) .build-flags
	$$(call quiet,CC)$$(CC) $$(CLI_CFLAGS) -Icli -DLLVMFuzzerTestOneInput=fuzz_$(1)_one_input \
		-c -o $$@ $$<
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_replay_object,$(t))))

tests/fuzz/replay: tests/fuzz/replay.c $(FUZZ_REPLAY_OBJECTS) $(CLI_READER_SOURCES) $(CLI_HEADERS) \
		lib/$(PACKAGE).so $(HEADERS) .build-flags
	$(call quiet,LD)$(CC) $(CLI_CFLAGS) -Icli -DFUZZ_CORPUS_DIR='"$(CURDIR)/tests/fuzz"' -o $@ \
		tests/fuzz/replay.c $(FUZZ_REPLAY_OBJECTS) $(CLI_READER_SOURCES) $(ALL_LDFLAGS) \
		$(CLI_LIBS) -Wl,-rpath,'$$ORIGIN/../../lib'

# `make fuzz`: each target built with libFuzzer, AddressSanitizer and UBSan over the library
# sources, then run for FUZZ_SECONDS per target (CI: 30) on its corpus. A unit slower than
# 25 s fails (the targets take milliseconds; the margin is for loaded machines). New inputs
# go to tests/fuzz/<target>-found/ (not committed), crashes to tests/fuzz/<target>-crash-*.
# `make fuzz-merge` folds the found inputs that add edge coverage into the committed corpora.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all
FUZZ_BINARIES := $(foreach t,$(FUZZ_TARGETS),tests/fuzz/fuzz_$(t))
define fuzz_binary
tests/fuzz/fuzz_$(1): $(FUZZ_SOURCE_$(1)) $(FUZZ_EXTRA_$(1)) $(LIB_SOURCES) $(HEADERS) \
		$(LIB_PRIVATE_HEADERS) $(CLI_HEADERS)
	$$(FUZZ_CC) $$(FUZZ_FLAGS) -Iinclude -Ilib -Icli $$(GSL_CFLAGS) $$(FFTW_CFLAGS) \
		$$(JANSSON_CFLAGS) -o $$@ $(FUZZ_SOURCE_$(1)) $(FUZZ_EXTRA_$(1)) $$(LIB_SOURCES) \
		$$(JANSSON_LIBS) $$(FFTW_LIBS) $$(GSL_LIBS) -lm
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_binary,$(t))))

fuzz: $(FUZZ_BINARIES)
	set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p tests/fuzz/$$t-found; \
		./tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=25 -print_final_stats=1 \
			-artifact_prefix=tests/fuzz/$$t-crash- tests/fuzz/$$t-found tests/fuzz/$$t; \
	done

fuzz-merge: $(FUZZ_BINARIES)
	set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p tests/fuzz/$$t-found; \
		./tests/fuzz/fuzz_$$t -merge=1 -use_counters=0 tests/fuzz/$$t tests/fuzz/$$t-found; \
	done

# Small NIfTI images for tests/cli_voxel.sh, written with niftilib itself.
tests/cli/nifti_tool: tests/cli/nifti_tool.c .build-flags
	$(call quiet,LD)$(CC) $(ALL_CFLAGS) $(NIFTI_CFLAGS) -o $@ $< $(ALL_LDFLAGS) $(NIFTI_LIBS) -lm

CLI_CHECK_DEPS := cli/radioembo tests/fuzz/replay tests/cli/nifti_tool
CLI_SUITES := tests/fuzz/replay tests/cli.sh tests/cli_voxel.sh

# ---- the demo (the main job) ----------------------------------------------------------------
examples/demo: examples/demo.c examples/sample_case.c examples/sample_case.h $(HEADERS) \
		lib/$(PACKAGE).so .build-flags
	$(call quiet,LD)$(CC) $(ALL_CFLAGS) -Iinclude -o $@ examples/demo.c examples/sample_case.c \
		$(ALL_LDFLAGS) -Llib -lradioembo \
		-Wl,-rpath,'$$ORIGIN/../lib'

# The main job: the command on a shipped case; `make demo-c` runs the C example.
DEMO_CASE := examples/glass-lobar-two-lesions.json
demo: all cli/radioembo
	./cli/radioembo plan $(DEMO_CASE)

demo-c: all examples/demo
	./examples/demo

# ---- tests ----------------------------------------------------------------------------------
TEST_SUPPORT := tests/support/testutil.c
UNIT_TESTS := $(patsubst %.c,%,$(sort $(wildcard tests/unit/test_*.c)))
API_TESTS := $(patsubst %.c,%,$(sort $(wildcard tests/api/test_*.c)))
CHECK_SCRIPTS := tests/check-exports.sh tests/check-headers.sh tests/check-man.sh
TEST_CFLAGS = $(ALL_CFLAGS) -pthread -Iinclude -Itests/support $(CMOCKA_CFLAGS) $(GSL_CFLAGS) \
	-DGOLDEN_DIR='"$(CURDIR)/tests/golden"'

$(UNIT_TESTS): tests/unit/%: tests/unit/%.c $(TEST_SUPPORT) tests/support/testutil.h $(STATIC) \
		$(HEADERS) $(LIB_PRIVATE_HEADERS) .build-flags
	$(call quiet,LD)$(CC) $(TEST_CFLAGS) -Ilib -o $@ $< $(TEST_SUPPORT) $(ALL_LDFLAGS) $(STATIC) \
		$(CMOCKA_LIBS) $(FFTW_LIBS) $(GSL_LIBS) -lm

# API tests see only the public header and the shared library, as an installed consumer.
$(API_TESTS): tests/api/%: tests/api/%.c $(TEST_SUPPORT) tests/support/testutil.h \
		lib/$(PACKAGE).so $(HEADERS) .build-flags
	$(call quiet,LD)$(CC) $(TEST_CFLAGS) -o $@ $< $(TEST_SUPPORT) $(ALL_LDFLAGS) -Llib -lradioembo \
		-Wl,-rpath,'$$ORIGIN/../../lib' $(CMOCKA_LIBS) $(GSL_LIBS) -lm

# The bindings: generated files up to date, then the Python and R suites against lib/.
# They load the library into an interpreter: with SANITIZE, the sanitizer runtime is
# preloaded into it (SANITIZE_PRELOAD); with VALGRIND=1 they run without valgrind (only the
# C programs run under it). BINDINGS_SUITES= (empty) leaves them out.
BINDINGS_SUITES ?= tests/check-bindings.sh tests/python.sh tests/r.sh
ifneq ($(findstring address,$(SANITIZE)),)
SANITIZE_PRELOAD := $(shell for f in libasan.so libclang_rt.asan-x86_64.so libclang_rt.asan.so; \
	do p=$$($(CC) -print-file-name=$$f); [ -f "$$p" ] && { echo "$$p"; break; }; done)
endif

TEST_ENV = CC='$(CC)' CXX='$(CXX)' MANDOC='$(MANDOC)' TEST_WRAPPER='$(TEST_WRAPPER)' \
	PYTHON='$(PYTHON)' R='$(R)' SANITIZE_PRELOAD='$(SANITIZE_PRELOAD)'

check: all $(UNIT_TESTS) $(API_TESTS) examples/demo $(PACKAGE)-uninstalled.pc $(CLI_CHECK_DEPS)
	@$(TEST_ENV) sh tests/run-tests.sh $(UNIT_TESTS) $(API_TESTS) $(CHECK_SCRIPTS) \
		$(CLI_SUITES) $(BINDINGS_SUITES)

check-exports: all
	@sh tests/check-exports.sh

# ---- benchmarks: measurements, never tests --------------------------------------------------
BENCHES := $(patsubst %.c,%,$(sort $(wildcard bench/bench_*.c)))

$(BENCHES): bench/%: bench/%.c lib/$(PACKAGE).so $(HEADERS) .build-flags
	$(call quiet,LD)$(CC) $(ALL_CFLAGS) -Iinclude -o $@ $< $(ALL_LDFLAGS) -Llib -lradioembo \
		-Wl,-rpath,'$$ORIGIN/../lib'

# bench_voxel is compared with the numpy/scipy way (bench/bench_voxel_scipy.py: Debian's
# python3-numpy and python3-scipy), which prints the ratios against issue 8's targets.
bench: all $(BENCHES)
	@for b in $(filter-out bench/bench_voxel,$(BENCHES)); do ./$$b || exit 1; done
	@./bench/bench_voxel > bench/bench_voxel.out && cat bench/bench_voxel.out
	@$(PYTHON) bench/bench_voxel_scipy.py bench/bench_voxel.out

# ---- bindings (bindings/gen/radioembo_gen.py; Debian's python3 with python3-pycparser) -----
bindings:
	$(PYTHON) bindings/gen/radioembo_gen.py --cc '$(CC)'

# ---- install --------------------------------------------------------------------------------
MAN3 := $(sort $(wildcard man/man3/*.3))
MAN7 := $(sort $(wildcard man/man7/*.7))
MAN1 := $(sort $(wildcard man/man1/*.1))
MAN5 := $(sort $(wildcard man/man5/*.5))

install: all $(PACKAGE).pc install-cli
	$(INSTALL) -d '$(DESTDIR)$(libdir)' '$(DESTDIR)$(includedir)/radioembo' \
		'$(DESTDIR)$(pkgconfigdir)' '$(DESTDIR)$(mandir)/man3' '$(DESTDIR)$(mandir)/man7'
	$(INSTALL) -m 755 $(SHARED) '$(DESTDIR)$(libdir)'
	ln -sf $(notdir $(SHARED)) '$(DESTDIR)$(libdir)/$(SONAME)'
	ln -sf $(SONAME) '$(DESTDIR)$(libdir)/$(PACKAGE).so'
	$(INSTALL) -m 644 $(STATIC) '$(DESTDIR)$(libdir)'
	$(INSTALL) -m 644 include/radioembo.h '$(DESTDIR)$(includedir)'
	$(INSTALL) -m 644 $(wildcard include/radioembo/*.h) '$(DESTDIR)$(includedir)/radioembo'
	$(INSTALL) -m 644 $(PACKAGE).pc '$(DESTDIR)$(pkgconfigdir)'
	$(INSTALL) -m 644 $(MAN3) '$(DESTDIR)$(mandir)/man3'
	$(INSTALL) -m 644 $(MAN7) '$(DESTDIR)$(mandir)/man7'
	@# one link per documented function, so that `man radioembo_decay_factor` works
	@for page in $(MAN3); do \
		for name in $$(sh tests/man-names.sh $$page); do \
			[ "$$name.3" = "$$(basename $$page)" ] || \
			ln -sf "$$(basename $$page)" '$(DESTDIR)$(mandir)/man3/'"$$name.3"; \
		done; \
	done

# The command and its pages (man1, man5).
install-cli: cli/radioembo.installed
	$(INSTALL) -d '$(DESTDIR)$(bindir)' '$(DESTDIR)$(mandir)/man1' '$(DESTDIR)$(mandir)/man5'
	$(INSTALL) -m 755 cli/radioembo.installed '$(DESTDIR)$(bindir)/radioembo'
	$(INSTALL) -m 644 $(MAN1) '$(DESTDIR)$(mandir)/man1'
	$(INSTALL) -m 644 $(MAN5) '$(DESTDIR)$(mandir)/man5'

uninstall-cli:
	rm -f '$(DESTDIR)$(bindir)/radioembo'
	rm -f $(addprefix '$(DESTDIR)$(mandir)/man1/,$(addsuffix ',$(notdir $(MAN1))))
	rm -f $(addprefix '$(DESTDIR)$(mandir)/man5/,$(addsuffix ',$(notdir $(MAN5))))

uninstall: uninstall-cli
	rm -f '$(DESTDIR)$(libdir)/$(notdir $(SHARED))' '$(DESTDIR)$(libdir)/$(SONAME)' \
		'$(DESTDIR)$(libdir)/$(PACKAGE).so' '$(DESTDIR)$(libdir)/$(PACKAGE).a' \
		'$(DESTDIR)$(includedir)/radioembo.h' '$(DESTDIR)$(pkgconfigdir)/$(PACKAGE).pc'
	rm -f $(addprefix '$(DESTDIR)$(includedir)/radioembo/,$(addsuffix ',$(notdir $(wildcard include/radioembo/*.h))))
	-rmdir '$(DESTDIR)$(includedir)/radioembo' 2>/dev/null
	rm -f $(addprefix '$(DESTDIR)$(mandir)/man7/,$(addsuffix ',$(notdir $(MAN7))))
	@for page in $(MAN3); do \
		for name in $$(sh tests/man-names.sh $$page) $$(basename $$page .3); do \
			rm -f '$(DESTDIR)$(mandir)/man3/'"$$name.3"; \
		done; \
	done

# ---- distribution ---------------------------------------------------------------------------
DIST_NAME := $(PACKAGE)-$(VERSION)

dist:
	rm -rf $(DIST_NAME) $(DIST_NAME).tar.gz
	git ls-files -z | xargs -0 tar --transform 's|^|$(DIST_NAME)/|' -czf $(DIST_NAME).tar.gz
	@echo "wrote $(DIST_NAME).tar.gz"

distcheck: dist
	sh tests/distcheck.sh $(DIST_NAME)

# ---- configure (optional, git style) --------------------------------------------------------
configure: configure.ac
	autoconf -o $@ $<

clean:
	rm -f lib/*.o lib/*.a lib/*.so lib/*.so.* $(UNIT_TESTS) $(API_TESTS) examples/demo $(BENCHES) \
		bench/bench_voxel.out \
		$(PACKAGE).pc $(PACKAGE)-uninstalled.pc .build-flags
	rm -f cli/*.o cli/radioembo cli/radioembo.installed tests/fuzz/replay tests/fuzz/*.o \
		$(FUZZ_BINARIES) tests/cli/nifti_tool
	rm -rf $(foreach t,$(FUZZ_TARGETS),tests/fuzz/$(t)-found)
	rm -rf $(DIST_NAME) $(DIST_NAME).tar.gz

.PHONY: demo-c fuzz fuzz-merge install-cli uninstall-cli
.PHONY: all bench demo check check-exports bindings install uninstall dist distcheck clean FORCE
FORCE:

# ---- the ABI gate (abigail-tools: abidw, abidiff) -------------------------------------------
# `make abi-baseline` records the ABI of the built library (DWARF: the default CFLAGS keep -g)
# and every enumerator's value; `make abi-check` (also run by `make check`, through
# tests/check-abi.sh) fails on any change but added symbols and on a renumbered or removed
# enumerator. After a release adds a version node: `make abi-baseline` and commit tests/abi/.
ABIDW ?= abidw
ABIDIFF ?= abidiff
ABI_BASELINE := tests/abi/$(SONAME).abi
ABI_CONSTANTS := tests/abi/constants.txt
CHECK_SCRIPTS += tests/check-abi.sh
TEST_ENV += ABIDIFF='$(ABIDIFF)'

abi-baseline: all
	$(Q)mkdir -p tests/abi
	$(ABIDW) --headers-dir include --drop-private-types --no-show-locs --no-corpus-path \
		--out-file $(ABI_BASELINE) lib/$(SONAME)
	$(PYTHON) bindings/gen/radioembo_gen.py --cc '$(CC)' --constants > $(ABI_CONSTANTS).tmp
	$(Q)mv $(ABI_CONSTANTS).tmp $(ABI_CONSTANTS)

abi-check: all
	@$(TEST_ENV) sh tests/run-tests.sh tests/check-abi.sh

.PHONY: abi-baseline abi-check

# ---- the Python and R packages, installed beside the library -------------------------------
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

install-bindings: install
	@if [ -z '$(DESTDIR)' ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then \
		echo ldconfig; ldconfig; fi
	$(INSTALL) -d '$(DESTDIR)$(pythondir)/radioembo' '$(DESTDIR)$(rlibdir)'
	$(INSTALL) -m 644 $(PYTHON_SOURCES) '$(DESTDIR)$(pythondir)/radioembo'
	@# R builds out of the source tree (as tests/r.sh does), against the installed library
	tmp=$$(mktemp -d) && cp -R bindings/R/radioembo "$$tmp/radioembo" && \
	rm -f "$$tmp"/radioembo/src/*.o "$$tmp"/radioembo/src/*.so && \
	PKG_CONFIG_PATH='$(DESTDIR)$(pkgconfigdir)'$${PKG_CONFIG_PATH:+:$$PKG_CONFIG_PATH} \
	PKG_CONFIG_SYSROOT_DIR='$(DESTDIR)' \
	$(R) CMD INSTALL $(if $(DESTDIR),--no-test-load) --library='$(DESTDIR)$(rlibdir)' \
		"$$tmp/radioembo"; status=$$?; rm -rf "$$tmp"; exit $$status

uninstall-bindings:
	rm -rf '$(DESTDIR)$(pythondir)/radioembo'
	rm -rf '$(DESTDIR)$(rlibdir)/radioembo'

.PHONY: install-bindings uninstall-bindings

# ---- the hostile-input suite (issue 9): every public function with bad arguments ----------
# tests/hostile/hostile_calls.c is generated from the header and the man pages' ERRORS by
# tests/hostile/gen_hostile.py and committed (a C-only build needs no Python);
# tests/check-hostile.sh fails when it is stale: `make hostile-gen` regenerates it.
HOSTILE := tests/hostile/hostile
HOSTILE_SOURCES := tests/hostile/hostile.c tests/hostile/hostile_calls.c
$(HOSTILE): $(HOSTILE_SOURCES) tests/hostile/hostile.h lib/$(PACKAGE).so $(HEADERS) .build-flags
	$(call quiet,LD)$(CC) $(ALL_CFLAGS) -D_POSIX_C_SOURCE=200809L -Iinclude $(GSL_CFLAGS) -o $@ \
		$(HOSTILE_SOURCES) $(ALL_LDFLAGS) -Llib -lradioembo -Wl,-rpath,'$$ORIGIN/../../lib' \
		$(GSL_LIBS) -lm

hostile-gen:
	$(PYTHON) tests/hostile/gen_hostile.py --cc '$(CC)'

# Run by `make check` among the API tests (the recipes of check and clean expand these
# lists when they run, after this append; the static pattern rules above do not see it).
check: $(HOSTILE)
API_TESTS += $(HOSTILE)
CHECK_SCRIPTS += tests/check-hostile.sh
.PHONY: hostile-gen

# ---- allocation failures and threads (issue 9) ----------------------------------------------
# tests/faults/test_alloc_faults: the static library with its allocators wrapped, every
# allocation made to fail in turn. tests/threads/test_threads: independent plans on 8
# threads through the shared library, bit for bit against a serial run. Both run the
# scenarios of tests/faults/scenarios.c. `make check` (and `make clean`) reach them through
# UNIT_TESTS and API_TESTS, which their recipes expand only when they run.
FAULT_TESTS := tests/faults/test_alloc_faults
THREAD_TESTS := tests/threads/test_threads
SCENARIOS := tests/faults/scenarios.c tests/faults/scenarios.h
FAULT_WRAP := -Wl,--wrap=calloc,--wrap=free,--wrap=fftwf_malloc,--wrap=fftwf_free \
	-Wl,--wrap=fftwf_plan_dft_r2c_3d,--wrap=fftwf_plan_dft_c2r_3d,--wrap=fftwf_destroy_plan

$(FAULT_TESTS): %: %.c $(SCENARIOS) $(TEST_SUPPORT) tests/support/testutil.h $(STATIC) \
		$(HEADERS) .build-flags
	$(call quiet,LD)$(CC) $(TEST_CFLAGS) $(FFTW_CFLAGS) -Itests/faults -o $@ $< \
		tests/faults/scenarios.c $(TEST_SUPPORT) $(ALL_LDFLAGS) $(FAULT_WRAP) $(STATIC) \
		$(CMOCKA_LIBS) $(FFTW_LIBS) $(GSL_LIBS) -ldl -lm

$(THREAD_TESTS): %: %.c $(SCENARIOS) $(TEST_SUPPORT) tests/support/testutil.h \
		lib/$(PACKAGE).so $(HEADERS) .build-flags
	$(call quiet,LD)$(CC) $(TEST_CFLAGS) -Itests/faults -o $@ $< tests/faults/scenarios.c \
		$(TEST_SUPPORT) $(ALL_LDFLAGS) -Llib -lradioembo -Wl,-rpath,'$$ORIGIN/../../lib' \
		$(CMOCKA_LIBS) $(GSL_LIBS) -lm

UNIT_TESTS += $(FAULT_TESTS)
API_TESTS += $(THREAD_TESTS)
check: $(FAULT_TESTS) $(THREAD_TESTS)

# SANITIZE=thread (with CC=clang): the Python and R suites would load a TSan-instrumented
# library into an uninstrumented interpreter, which TSan cannot run in; they are left out.
ifneq ($(findstring thread,$(SANITIZE)),)
BINDINGS_SUITES := tests/check-bindings.sh
endif
