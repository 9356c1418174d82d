# Benchmarks: measurements, never tests. bench_voxel is compared with the numpy/scipy way
# (bench/bench_voxel_scipy.py: Debian's python3-numpy and python3-scipy).
# SPDX-License-Identifier: GPL-3.0-or-later

BENCHES := $(patsubst %.c,%,$(sort $(wildcard bench/bench_*.c)))

$(BENCHES): bench/%: bench/%.c bench/load_average.h lib/$(PACKAGE).so $(HEADERS) .build-flags
	$(call quiet,LD)$(CC) $(ALL_CFLAGS) -Iinclude -o $@ $< $(ALL_LDFLAGS) -Llib -lradioembo \
		-Wl,-rpath,'$$ORIGIN/../lib'

bench: all $(BENCHES)
	@for b in $(filter-out bench/bench_voxel,$(BENCHES)); do ./$$b || exit 1; done
	@./bench/bench_voxel > bench/bench_voxel.out && cat bench/bench_voxel.out
	@$(PYTHON) bench/bench_voxel_scipy.py bench/bench_voxel.out
	@PYTHONPATH=bindings/python RADIOEMBO_LIBRARY='$(CURDIR)/lib/$(SONAME)' \
		$(PYTHON) bench/bench_python.py

CLEAN_FILES += $(BENCHES) bench/bench_voxel.out
.PHONY: bench
