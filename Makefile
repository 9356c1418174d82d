# libradioembo - hand-written GNU Makefile; works alone (`make`), or after `./configure`.
# This file holds the version, the install locations and the tools; each part of the
# project has its rules in mk/<part>.mk, included below in dependency order.
#
# Variables: DEVELOPER=1 (strict warnings, -Werror), SANITIZE=address,undefined,
# VALGRIND=1 (tests under valgrind), CC=clang, BINDINGS_SUITES= (skip the Python and R
# suites), PYTHON, R, and the usual prefix/libdir/... for install.
# SPDX-License-Identifier: GPL-3.0-or-later

.DEFAULT_GOAL := all
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
JANSSON_CFLAGS := $(shell $(PKG_CONFIG) --cflags jansson)
JANSSON_LIBS := $(shell $(PKG_CONFIG) --libs jansson)
# NIfTI-1 images: Debian's libnifti2-dev ships no .pc file; use one if a system has it.
NIFTI_CFLAGS := $(shell $(PKG_CONFIG) --cflags niftiio 2>/dev/null || echo -I/usr/include/nifti)
NIFTI_LIBS := $(shell $(PKG_CONFIG) --libs niftiio 2>/dev/null || echo -lniftiio -lznz -lz)
ABIDW ?= abidw
ABIDIFF ?= abidiff

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
# tests/valgrind.supp: glibc's cache of joined threads' stacks (their TLS vectors seem
# possibly lost); --max-threads: a test runs 1024 threads.
TEST_WRAPPER := valgrind -q --error-exitcode=97 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect,possible --max-threads=1100 \
	--suppressions=$(CURDIR)/tests/valgrind.supp
endif

# Rebuild everything when the flags change (e.g. between a plain and a SANITIZE build).
BUILD_FLAGS := $(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $(GSL_CFLAGS) $(FFTW_CFLAGS) $(JANSSON_CFLAGS)
.build-flags: FORCE
	@echo '$(BUILD_FLAGS)' | cmp -s - $@ || echo '$(BUILD_FLAGS)' > $@

# ---- the parts --------------------------------------------------------------------------------
# Each mk file adds what it builds to CLEAN_FILES; `make clean` removes them all.
include mk/lib.mk mk/cli.mk mk/examples.mk mk/fuzz.mk mk/tests.mk mk/abi.mk mk/bench.mk \
	mk/bindings.mk mk/install.mk mk/dist.mk

clean:
	rm -f $(CLEAN_FILES) .build-flags
	rm -rf $(CLEAN_DIRS)

.PHONY: all clean FORCE
FORCE:
