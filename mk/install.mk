# Installing the library, its headers, pkg-config file and pages, and the command.
# SPDX-License-Identifier: GPL-3.0-or-later

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
		for name in $$(sh tests/scripts/man-names.sh $$page); do \
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
		for name in $$(sh tests/scripts/man-names.sh $$page) $$(basename $$page .3); do \
			rm -f '$(DESTDIR)$(mandir)/man3/'"$$name.3"; \
		done; \
	done

.PHONY: install uninstall install-cli uninstall-cli
