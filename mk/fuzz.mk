# Fuzzing: five libFuzzer targets in tests/fuzz/, their corpora replayed in `make check`.
# case: the library's case-file reader (radioembo_case_new_from_json); iso8601: the instant
# parser and formatter; api: programs of calls on the planning objects; image: the command's
# NIfTI and DICOM readers (cli/image.h); voxel: programs of calls on volumes, kernels, voxel
# doses and DVHs.
# Each corpus lives in tests/fuzz/<target>/.
# SPDX-License-Identifier: GPL-3.0-or-later

FUZZ_TARGETS := case iso8601 api image voxel
# the image target reads through the command's image layer
FUZZ_CLI_C_OBJECTS := cli/image.o cli/nifti.o cli/nifti_header.o cli/output.o cli/cli_util.o
FUZZ_CLI_OBJECTS := $(FUZZ_CLI_C_OBJECTS) $(CLI_CXX_SOURCES:.cc=.o)
# The plain replay driver (gcc, SANITIZE, VALGRIND alike): each target compiled on its own
# with its entry point renamed, so that one program links them all.
FUZZ_REPLAY_OBJECTS := $(foreach t,$(FUZZ_TARGETS),tests/fuzz/replay-$(t).o)
define fuzz_replay_object
tests/fuzz/replay-$(1).o: tests/fuzz/fuzz_$(1).c tests/fuzz/program.h $(HEADERS) .build-flags
	$$(call quiet,CC)$$(CC) $$(CLI_CFLAGS) -DLLVMFuzzerTestOneInput=fuzz_$(1)_one_input \
		-c -o $$@ $$<
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_replay_object,$(t))))

tests/fuzz/replay: tests/fuzz/replay.c $(FUZZ_REPLAY_OBJECTS) $(FUZZ_CLI_OBJECTS) \
		$(COMMON_OBJECTS) lib/$(PACKAGE).so $(HEADERS) .build-flags
	$(call quiet,LD)$(CC) $(CLI_CFLAGS) -DFUZZ_CORPUS_DIR='"$(CURDIR)/tests/fuzz"' -o $@ \
		tests/fuzz/replay.c $(FUZZ_REPLAY_OBJECTS) $(FUZZ_CLI_OBJECTS) $(COMMON_OBJECTS) \
		$(ALL_LDFLAGS) \
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
FUZZ_CXX ?= clang++
# the image target: the command's image layer (C and C++) with the library, instrumented alike
# the DICOM files (C++), each compiled to tests/fuzz/fuzz_image-<name>.o
FUZZ_IMAGE_CXX_OBJECTS := $(patsubst cli/%.cc,tests/fuzz/fuzz_image-%.o,$(CLI_CXX_SOURCES))
tests/fuzz/fuzz_image-%.o: cli/%.cc $(CLI_CXX_HEADERS) $(CLI_HEADERS) $(HEADERS)
	$(FUZZ_CXX) -g -O1 -std=c++17 -D_POSIX_C_SOURCE=200809L \
		-fsanitize=fuzzer-no-link,address,undefined -Iinclude -c -o $@ $<
tests/fuzz/fuzz_image: tests/fuzz/fuzz_image.c $(LIB_SOURCES) $(CLI_HEADERS) $(HEADERS) \
		$(LIB_PRIVATE_HEADERS) $(FUZZ_IMAGE_CXX_OBJECTS) $(FUZZ_CLI_C_OBJECTS:.o=.c)
	$(FUZZ_CXX) $(FUZZ_FLAGS) -x c -Iinclude -Ilib $(GSL_CFLAGS) $(FFTW_CFLAGS) \
		$(JANSSON_CFLAGS) $(NIFTI_CFLAGS) -o $@ tests/fuzz/fuzz_image.c $(LIB_SOURCES) \
		$(FUZZ_CLI_C_OBJECTS:.o=.c) -x none $(FUZZ_IMAGE_CXX_OBJECTS) \
		$(JANSSON_LIBS) $(THREAD_LIBS) $(FFTW_LIBS) $(GSL_LIBS) $(NIFTI_LIBS) $(DCMTK_LIBS) -lm
define fuzz_binary
tests/fuzz/fuzz_$(1): tests/fuzz/fuzz_$(1).c tests/fuzz/program.h $(LIB_SOURCES) $(HEADERS) $(LIB_PRIVATE_HEADERS)
	$$(FUZZ_CC) $$(FUZZ_FLAGS) -Iinclude -Ilib $$(GSL_CFLAGS) $$(FFTW_CFLAGS) \
		$$(JANSSON_CFLAGS) -o $$@ tests/fuzz/fuzz_$(1).c $$(LIB_SOURCES) \
		$$(JANSSON_LIBS) $$(THREAD_LIBS) $$(FFTW_LIBS) $$(GSL_LIBS) -lm
endef
$(foreach t,$(filter-out image,$(FUZZ_TARGETS)),$(eval $(call fuzz_binary,$(t))))

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

CLEAN_FILES += tests/fuzz/replay $(FUZZ_REPLAY_OBJECTS) $(FUZZ_BINARIES)
CLEAN_DIRS += $(foreach t,$(FUZZ_TARGETS),tests/fuzz/$(t)-found)
CLEAN_FILES += $(FUZZ_IMAGE_CXX_OBJECTS)
.PHONY: fuzz fuzz-merge
