# The library: lib/<layer>/*.c, one folder per layer (core, physics, planning, uncertainty,
# voxel, case), each with its private header; sources include them as "layer/header.h" from lib/.
# SPDX-License-Identifier: GPL-3.0-or-later

LIB_LAYERS := core physics planning uncertainty voxel case
# common/: sources compiled into both the library and the command (number text), each
# with its header; lib/ includes them as "../../common/header.h", cli/ as "../common/header.h".
COMMON_SOURCES := $(sort $(wildcard common/*.c))
COMMON_OBJECTS := $(COMMON_SOURCES:.c=.o)
COMMON_HEADERS := $(sort $(wildcard common/*.h))
LIB_SOURCES := $(sort $(foreach l,$(LIB_LAYERS),$(wildcard lib/$(l)/*.c))) $(COMMON_SOURCES)
LIB_OBJECTS := $(LIB_SOURCES:.c=.o)
LIB_PRIVATE_HEADERS := $(sort $(foreach l,$(LIB_LAYERS),$(wildcard lib/$(l)/*.h))) $(COMMON_HEADERS)
HEADERS := include/radioembo.h $(sort $(wildcard include/radioembo/*.h))
MAP := lib/libradioembo.map
LIB_CFLAGS = $(ALL_CFLAGS) -pthread -fPIC -fvisibility=hidden -Iinclude -Ilib $(GSL_CFLAGS) $(FFTW_CFLAGS) \
	$(JANSSON_CFLAGS)
# Threads: FFTW's threaded transforms (libfftw3f_threads, beside libfftw3f, no .pc of its own)
# and POSIX threads (core/parallel.c); the .pc file lists both in Libs.private.
THREAD_LIBS = -lfftw3f_threads -pthread
LIB_LIBS = $(JANSSON_LIBS) $(THREAD_LIBS) $(FFTW_LIBS) $(GSL_LIBS) -lm

SONAME := $(PACKAGE).so.$(MAJOR)
SHARED := lib/$(PACKAGE).so.$(VERSION)
STATIC := lib/$(PACKAGE).a

all: $(SHARED) lib/$(SONAME) lib/$(PACKAGE).so $(STATIC) $(PACKAGE)-uninstalled.pc

lib/%.o: lib/%.c $(HEADERS) $(LIB_PRIVATE_HEADERS) .build-flags
	$(call quiet,CC)$(CC) $(LIB_CFLAGS) -c -o $@ $<

# position-independent, with hidden symbols: the same object serves the library and the command
common/%.o: common/%.c $(COMMON_HEADERS) .build-flags
	$(call quiet,CC)$(CC) $(LIB_CFLAGS) -c -o $@ $<

$(SHARED): $(LIB_OBJECTS) $(MAP)
	$(call quiet,LD)$(CC) $(ALL_LDFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=$(MAP) \
		-Wl,--no-undefined-version $(NO_UNDEFINED) -Wl,--as-needed \
		-o $@ $(LIB_OBJECTS) $(LIB_LIBS)

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

# Objects of sources since moved or renamed go too (the wildcard), as do older versions' files.
CLEAN_FILES += $(LIB_OBJECTS) $(wildcard lib/*.o lib/*/*.o lib/$(PACKAGE).so.*) lib/$(SONAME) \
	lib/$(PACKAGE).so $(STATIC) $(PACKAGE).pc $(PACKAGE)-uninstalled.pc
