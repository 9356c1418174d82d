# The radioembo command: cli/, public API only; jansson reads and writes JSON, niftilib
# reads and writes images, cairo draws the HTML and PDF reports with fonts found by
# fontconfig (their headers as system headers, which the strict warnings do not cover).
# SPDX-License-Identifier: GPL-3.0-or-later

# DICOM through DCMTK's dcmdata, with the decoders of dcmjpeg and dcmjpls (libdcmtk-dev): C++
# confined to cli/dicom*.cc (their private header cli/dicom_internal.hh), compiled by the C++
# compiler of $(CC)'s family (g++ for gcc, clang++ for clang) and linked with libstdc++.
CLI_SOURCES := $(sort $(wildcard cli/*.c))
CLI_CXX_SOURCES := $(sort $(wildcard cli/*.cc))
CLI_CXX_HEADERS := $(sort $(wildcard cli/*.hh))
CLI_OBJECTS := $(CLI_SOURCES:.c=.o) $(CLI_CXX_SOURCES:.cc=.o) $(COMMON_OBJECTS)
CLI_HEADERS := $(sort $(wildcard cli/*.h)) $(COMMON_HEADERS)
CAIRO_CFLAGS := $(patsubst -I%,-isystem %,$(shell $(PKG_CONFIG) --cflags cairo fontconfig))
CAIRO_LIBS := $(shell $(PKG_CONFIG) --libs cairo fontconfig || echo -lcairo -lfontconfig)
CLI_CFLAGS = $(ALL_CFLAGS) -D_POSIX_C_SOURCE=200809L -Iinclude $(JANSSON_CFLAGS) $(NIFTI_CFLAGS) \
	$(CAIRO_CFLAGS)
CLI_CXX := $(patsubst %gcc,%g++,$(patsubst %clang,%clang++,$(patsubst cc,c++,$(CC))))
CLI_CXXFLAGS = -std=c++17 -Wall -Wextra $(if $(filter 1,$(DEVELOPER)),-Werror -Wshadow) \
	$(CFLAGS) $(SANITIZE_FLAGS) -D_POSIX_C_SOURCE=200809L -Iinclude
DCMTK_LIBS := -ldcmjpls -ldcmjpeg -ldcmdata -loflog -lofstd
CLI_LIBS = -Llib -lradioembo $(JANSSON_LIBS) $(NIFTI_LIBS) $(CAIRO_LIBS) $(DCMTK_LIBS) -lstdc++ -lm

cli/%.o: cli/%.c $(CLI_HEADERS) $(HEADERS) .build-flags
	$(call quiet,CC)$(CC) $(CLI_CFLAGS) -c -o $@ $<

cli/%.o: cli/%.cc $(CLI_CXX_HEADERS) $(CLI_HEADERS) $(HEADERS) .build-flags
	$(call quiet,CXX)$(CLI_CXX) $(CLI_CXXFLAGS) -c -o $@ $<

# In the build tree the command finds lib/ through $ORIGIN; `make install` relinks it.
cli/radioembo: $(CLI_OBJECTS) lib/$(PACKAGE).so
	$(call quiet,LD)$(CC) -o $@ $(CLI_OBJECTS) $(ALL_LDFLAGS) $(CLI_LIBS) -Wl,-rpath,'$$ORIGIN/../lib'

cli/radioembo.installed: $(CLI_OBJECTS) lib/$(PACKAGE).so FORCE
	$(call quiet,LD)$(CC) -o $@ $(CLI_OBJECTS) $(ALL_LDFLAGS) $(CLI_LIBS) -Wl,-rpath,'$(libdir)'

CLEAN_FILES += $(CLI_OBJECTS) cli/radioembo cli/radioembo.installed
