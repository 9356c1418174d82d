# The main job (the command on a shipped case) and the C example.
# SPDX-License-Identifier: GPL-3.0-or-later

examples/demo: examples/demo.c examples/sample_case.c examples/sample_case.h $(HEADERS) \
		lib/$(PACKAGE).so .build-flags
	$(call quiet,LD)$(CC) $(ALL_CFLAGS) -Iinclude -o $@ examples/demo.c examples/sample_case.c \
		$(ALL_LDFLAGS) -Llib -lradioembo -Wl,-rpath,'$$ORIGIN/../lib'

DEMO_CASE := examples/glass-lobar-two-lesions.json
demo: all cli/radioembo
	./cli/radioembo plan $(DEMO_CASE)

demo-c: all examples/demo
	./examples/demo

CLEAN_FILES += examples/demo
.PHONY: demo demo-c
