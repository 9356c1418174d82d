# Tests: `make check` builds every test program and runs every suite through
# tests/scripts/run-tests.sh, which ends with one line "N passed, N failed".
# SPDX-License-Identifier: GPL-3.0-or-later

TEST_SUPPORT := tests/support/testutil.c
TEST_CFLAGS = $(ALL_CFLAGS) -pthread -Iinclude -Itests/support $(CMOCKA_CFLAGS) $(GSL_CFLAGS) \
	-DGOLDEN_DIR='"$(CURDIR)/tests/golden"' -DDATA_DIR='"$(CURDIR)/data"'

# Unit tests see the library's internals (the static library and lib/'s private headers).
UNIT_TESTS := $(patsubst %.c,%,$(sort $(wildcard tests/unit/test_*.c)))
# API tests see only the public header and the shared library, as an installed consumer.
API_TESTS := $(patsubst %.c,%,$(sort $(wildcard tests/api/test_*.c)))
# Allocation failures: the static library with its allocators wrapped, every allocation
# made to fail in turn. Threads: independent plans on 8 threads through the shared library,
# bit for bit against a serial run. Both run the scenarios of tests/faults/scenarios.c.
FAULT_TESTS := tests/faults/test_alloc_faults
THREAD_TESTS := tests/threads/test_threads
SCENARIOS := tests/faults/scenarios.c tests/faults/scenarios.h
# Hostile input: every public function with bad arguments. tests/hostile/hostile_calls.c is
# generated from the header and the man pages' ERRORS by tests/hostile/gen_hostile.py and
# committed (a C-only build needs no Python); check-hostile.sh fails when it is stale.
HOSTILE := tests/hostile/hostile
HOSTILE_SOURCES := tests/hostile/hostile.c tests/hostile/hostile_calls.c

CHECK_SCRIPTS := tests/scripts/check-exports.sh tests/scripts/check-headers.sh \
	tests/scripts/check-man.sh tests/scripts/check-abi.sh tests/scripts/check-hostile.sh \
	tests/scripts/readme.sh
CLI_CHECK_DEPS := cli/radioembo tests/fuzz/replay tests/cli/nifti_tool
CLI_SUITES := tests/fuzz/replay tests/scripts/cli.sh tests/scripts/cli_voxel.sh \
	tests/scripts/cli_output.sh tests/scripts/cli_report.sh tests/scripts/cli_images.sh \
	tests/scripts/cli_phantom.sh tests/scripts/cli_dicom.sh

# The bindings: generated files up to date, then the Python and R suites against lib/, the
# Python package installed by pip into a venv, and R CMD check.
# They load the library into an interpreter: with SANITIZE, the sanitizer runtime is
# preloaded into it (SANITIZE_PRELOAD); with VALGRIND=1 they run without valgrind (only the
# C programs run under it). BINDINGS_SUITES= (empty) leaves them out. SANITIZE=thread (with
# CC=clang): an instrumented library cannot run in an uninstrumented interpreter under TSan.
ifneq ($(findstring thread,$(SANITIZE)),)
BINDINGS_SUITES ?= tests/scripts/check-bindings.sh
else
BINDINGS_SUITES ?= tests/scripts/check-bindings.sh tests/scripts/python.sh \
	tests/scripts/python-package.sh tests/scripts/r.sh $(R_CHECK_SUITE)
endif
# R CMD check loads the package in R processes of its own: with a plain library only.
R_CHECK_SUITE := $(if $(SANITIZE),,tests/scripts/r-check.sh)
ifneq ($(findstring address,$(SANITIZE)),)
SANITIZE_PRELOAD := $(shell for f in libasan.so libclang_rt.asan-x86_64.so libclang_rt.asan.so; \
	do p=$$($(CC) -print-file-name=$$f); [ -f "$$p" ] && { echo "$$p"; break; }; done)
endif

TEST_ENV = CC='$(CC)' CXX='$(CXX)' MANDOC='$(MANDOC)' TEST_WRAPPER='$(TEST_WRAPPER)' \
	PYTHON='$(PYTHON)' R='$(R)' SANITIZE='$(SANITIZE)' SANITIZE_PRELOAD='$(SANITIZE_PRELOAD)' \
	ABIDIFF='$(ABIDIFF)'

TEST_PROGRAMS := $(UNIT_TESTS) $(FAULT_TESTS) $(API_TESTS) $(HOSTILE) $(THREAD_TESTS)

check: all $(TEST_PROGRAMS) examples/demo $(PACKAGE)-uninstalled.pc $(CLI_CHECK_DEPS)
	@$(TEST_ENV) sh tests/scripts/run-tests.sh $(TEST_PROGRAMS) $(CHECK_SCRIPTS) \
		$(CLI_SUITES) $(BINDINGS_SUITES)

check-exports: all
	@sh tests/scripts/check-exports.sh

$(UNIT_TESTS): tests/unit/%: tests/unit/%.c $(TEST_SUPPORT) tests/support/testutil.h $(STATIC) \
		$(HEADERS) $(LIB_PRIVATE_HEADERS) .build-flags
	$(call quiet,LD)$(CC) $(TEST_CFLAGS) -Ilib -o $@ $< $(TEST_SUPPORT) $(ALL_LDFLAGS) $(STATIC) \
		$(CMOCKA_LIBS) $(JANSSON_LIBS) $(THREAD_LIBS) $(FFTW_LIBS) $(GSL_LIBS) -lm

$(API_TESTS): tests/api/%: tests/api/%.c $(TEST_SUPPORT) tests/support/testutil.h \
		lib/$(PACKAGE).so $(HEADERS) .build-flags
	$(call quiet,LD)$(CC) $(TEST_CFLAGS) -o $@ $< $(TEST_SUPPORT) $(ALL_LDFLAGS) -Llib -lradioembo \
		-Wl,-rpath,'$$ORIGIN/../../lib' $(CMOCKA_LIBS) $(GSL_LIBS) -lm

FAULT_WRAP := -Wl,--wrap=calloc,--wrap=free,--wrap=fftwf_malloc,--wrap=fftwf_free \
	-Wl,--wrap=fftwf_plan_dft_r2c_3d,--wrap=fftwf_plan_dft_c2r_3d,--wrap=fftwf_destroy_plan \
	-Wl,--wrap=fftwf_plan_guru_dft,--wrap=fftwf_plan_guru_dft_c2r

$(FAULT_TESTS): %: %.c $(SCENARIOS) $(TEST_SUPPORT) tests/support/testutil.h $(STATIC) \
		$(HEADERS) .build-flags
	$(call quiet,LD)$(CC) $(TEST_CFLAGS) $(FFTW_CFLAGS) -Itests/faults -o $@ $< \
		tests/faults/scenarios.c $(TEST_SUPPORT) $(ALL_LDFLAGS) $(FAULT_WRAP) $(STATIC) \
		$(CMOCKA_LIBS) $(JANSSON_LIBS) $(THREAD_LIBS) $(FFTW_LIBS) $(GSL_LIBS) -ldl -lm

$(THREAD_TESTS): %: %.c $(SCENARIOS) $(TEST_SUPPORT) tests/support/testutil.h \
		lib/$(PACKAGE).so $(HEADERS) .build-flags
	$(call quiet,LD)$(CC) $(TEST_CFLAGS) -Itests/faults -o $@ $< tests/faults/scenarios.c \
		$(TEST_SUPPORT) $(ALL_LDFLAGS) -Llib -lradioembo -Wl,-rpath,'$$ORIGIN/../../lib' \
		$(CMOCKA_LIBS) $(GSL_LIBS) -lm

$(HOSTILE): $(HOSTILE_SOURCES) tests/hostile/hostile.h lib/$(PACKAGE).so $(HEADERS) .build-flags
	$(call quiet,LD)$(CC) $(ALL_CFLAGS) -D_POSIX_C_SOURCE=200809L -Iinclude $(GSL_CFLAGS) -o $@ \
		$(HOSTILE_SOURCES) $(ALL_LDFLAGS) -Llib -lradioembo -Wl,-rpath,'$$ORIGIN/../../lib' \
		$(GSL_LIBS) -lm

hostile-gen:
	$(PYTHON) tests/hostile/gen_hostile.py --cc '$(CC)'

# Small NIfTI images for tests/scripts/cli_voxel.sh, written with niftilib itself.
tests/cli/nifti_tool: tests/cli/nifti_tool.c .build-flags
	$(call quiet,LD)$(CC) $(ALL_CFLAGS) $(NIFTI_CFLAGS) -o $@ $< $(ALL_LDFLAGS) $(NIFTI_LIBS) -lm

CLEAN_FILES += $(TEST_PROGRAMS) tests/cli/nifti_tool
.PHONY: check check-exports hostile-gen
