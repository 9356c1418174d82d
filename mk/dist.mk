# The distribution tarball and the optional configure script (git style).
# SPDX-License-Identifier: GPL-3.0-or-later

DIST_NAME := $(PACKAGE)-$(VERSION)

dist:
	rm -rf $(DIST_NAME) $(DIST_NAME).tar.gz
	git ls-files -z | xargs -0 tar --transform 's|^|$(DIST_NAME)/|' -czf $(DIST_NAME).tar.gz
	@echo "wrote $(DIST_NAME).tar.gz"

distcheck: dist
	sh tests/scripts/distcheck.sh $(DIST_NAME)

configure: configure.ac
	autoconf -o $@ $<

CLEAN_DIRS += $(DIST_NAME) $(DIST_NAME).tar.gz
.PHONY: dist distcheck
