#!/usr/bin/python3
"""The numpy/scipy way of doing what bench/bench_voxel.c times, and the ratios.

    /usr/bin/python3 bench/bench_voxel_scipy.py [bench_voxel.out]

LDM by array arithmetic (D = F A / (rho V)), a 1000-bin DVH by numpy.histogram (and a
cumulative sum; up to the maximum dose, and with the fixed range 0-125 Gy of the library's
binned DVH line), the kernel convolution by scipy.signal.fftconvolve (mode "same") with
a 5^3 and an 11^3 kernel, on 128^3 and 256^3 float32 volumes (best of 10 and 5) and on a
512 x 512 x 320 CT grid (best of 2, double precision 1; about 4 GB of memory), single
thread (pocketfft runs one worker unless asked; OpenBLAS/OpenMP threads are pinned to 1
before numpy loads). The convolution is timed on float32 arrays, which scipy.fft
transforms in single precision, and on float64 arrays (double precision, the reference
the target names). With the C benchmark's output, prints the ratios against the targets
in bench/README: convolution >= 3x faster than fftconvolve, LDM + DVH within 2x of one copy
of the volume, peak memory of a 256^3 dose map and of a CT-grid kernel dose <= 4x the
float32 input. Both wall and CPU time are reported
(the machine may be shared; CPU time excludes waiting for a core). A measurement, never a
test.
Debian: python3-numpy, python3-scipy.
"""
import os
import sys
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import numpy as np  # noqa: E402
from scipy import signal  # noqa: E402

REPEAT = 3
# fftconvolve: best of 10 at 128^3 and of 5 at 256^3 in both precisions, as bench_voxel.c
# times the kernel dose (calls of 10-60 ms varied by up to 50 % between runs at best of 3)
CONVOLUTION_REPEAT = {128: 10, 256: 5}
SPACING_MM = 2.0


def best(f, repeat=REPEAT):
    """Best wall time and best CPU time (time.process_time) over the repetitions."""
    t, c = 1e300, 1e300
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        f()
        t = min(t, time.perf_counter() - t0)
        c = min(c, time.process_time() - c0)
    return t, c


CT_GRID = (512, 512, 320)  # x, y, z: the CT grid of bench_voxel.c, kernel dose only
CT_NAME = "%dx%dx%d" % CT_GRID


def activity(n, shape=None):
    """An n^3 map, or one of shape (x, y, z) stored z, y, x (the blob's radius from x)."""
    nx, ny, nz = shape if shape else (n, n, n)
    rng = np.random.default_rng(20260516)
    z, y, x = np.ogrid[:nz, :ny, :nx]
    d2 = (x - 0.5 * (nx - 1)) ** 2 + (y - 0.5 * (ny - 1)) ** 2 + (z - 0.5 * (nz - 1)) ** 2
    noise = rng.random((nz, ny, nx), dtype=np.float32)
    return (1e-5 * np.where(d2 < 0.1 * nx * nx, 1.0 + noise, 0.1 * noise)).astype(np.float32)


def ldm_dvh(a):
    v_ml = SPACING_MM ** 3 / 1000.0
    dose = a * np.float32(49.67 / (1.03 * v_ml / 1000.0))
    counts, edges = np.histogram(dose, bins=1000, range=(0.0, float(dose.max())))
    cumulative = counts[::-1].cumsum()[::-1] / dose.size
    return dose, cumulative


def ldm_dvh_fixed(a):
    """The binned DVH's way: 1000 fixed bins of 0.125 Gy from 0 Gy (no sweep for the max)."""
    v_ml = SPACING_MM ** 3 / 1000.0
    dose = a * np.float32(49.67 / (1.03 * v_ml / 1000.0))
    counts, edges = np.histogram(dose, bins=1000, range=(0.0, 125.0))
    cumulative = counts[::-1].cumsum()[::-1] / dose.size
    return dose, cumulative


def time_convolutions(py, n, a, repeat, repeat64):
    """fftconvolve of a with the 5^3 and 11^3 kernels, in single precision (float32 arrays,
    as scipy.fft keeps them) and in double precision (float64 arrays: the reference of the
    target in bench/README)."""
    a64 = a.astype(np.float64)
    for w in (5, 11):
        k = np.ones((w, w, w), dtype=np.float32) / w ** 3
        k64 = k.astype(np.float64)
        py["conv", n, w] = best(lambda: signal.fftconvolve(a, k, mode="same"), repeat)
        py["conv64", n, w] = best(lambda: signal.fftconvolve(a64, k64, mode="same"), repeat64)
        for key, label in (("conv", "fftconvolve"), ("conv64", "fftconvolve64")):
            print("scipy %s_s %s %d %.6f\nscipy %s_cpu_s %s %d %.6f" % (
                label, n, w, py[key, n, w][0], label, n, w, py[key, n, w][1]))
        sys.stdout.flush()


def convolution_ratios(c, py, n, grid):
    """The kernel dose (automatic choice) against fftconvolve on grid n, wall then CPU."""
    for w in (5, 11):
        for suffix, i in (("_s", 0), ("_cpu_s", 1)):
            key = ("kernel_auto" + suffix, str(n), str(w))
            if key in c:
                for ref, label in (("conv64", "double precision"),
                                   ("conv", "single precision")):
                    r = py[ref, n, w][i] / c[key]
                    print("convolution %s kernel %d^3 (%s): %.3f s vs fftconvolve in %s "
                          "%.3f s: %.2fx faster (target >= 3x) %s" % (
                              grid, w, "wall" if i == 0 else "CPU", c[key], label,
                              py[ref, n, w][i], r, "MET" if r >= 3 else "NOT MET"))


def main():
    c = {}
    if len(sys.argv) > 1:
        with open(sys.argv[1]) as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                words = line.split()
                c[tuple(words[:-1])] = float(words[-1])
    print("# numpy %s, scipy %s, single thread, best of %d" % (np.__version__,
                                                               __import__("scipy").__version__,
                                                               REPEAT))
    py = {}
    for n in (128, 256):
        a = activity(n)
        py["copy", n] = best(lambda: a.copy())
        py["ldm", n] = best(lambda: a * np.float32(3.0))
        py["ldm_dvh", n] = best(lambda: ldm_dvh(a))
        py["ldm_dvh_binned", n] = best(lambda: ldm_dvh_fixed(a))
        for key in ("copy", "ldm_dvh", "ldm_dvh_binned"):
            print("numpy %s_s %d %.6f\nnumpy %s_cpu_s %d %.6f" % (
                key, n, py[key, n][0], key, n, py[key, n][1]))
        time_convolutions(py, n, a, CONVOLUTION_REPEAT[n], CONVOLUTION_REPEAT[n])
    ct = activity(0, CT_GRID)
    # one untimed call first, as bench_voxel.c does: a process's first large arrays cost
    # the kernel's page-fault work (bench/README)
    signal.fftconvolve(ct, np.ones((5, 5, 5), dtype=np.float32) / 125, mode="same")
    time_convolutions(py, CT_NAME, ct, 2, 1)
    ct = None
    if not c:
        return 0
    print("\n# ratios (library vs numpy/scipy; targets in bench/README): wall time, then CPU time")
    for n in (128, 256):
        convolution_ratios(c, py, n, "%d^3" % n)
        for suffix, i in (("_s", 0), ("_cpu_s", 1)):
            key_c, key_m = ("copy" + suffix, str(n)), ("memcpy" + suffix, str(n))
            key_l = ("ldm_dvh" + suffix, str(n))
            if key_c in c and key_l in c:
                r = c[key_l] / c[key_c]
                print("LDM + 1000-bin DVH %d^3 (%s): %.4f s = %.1fx one library copy of the "
                      "volume (%.4f s; target <= 2x) %s; %.1fx a bare malloc + memcpy "
                      "(%.4f s); numpy: %.4f s = %.1fx its copy" % (
                          n, "wall" if i == 0 else "CPU", c[key_l], r, c[key_c],
                          "MET" if r <= 2 else "NOT MET",
                          c[key_l] / c[key_m] if key_m in c else float("nan"),
                          c.get(key_m, float("nan")), py["ldm_dvh", n][i],
                          py["ldm_dvh", n][i] / py["copy", n][i]))
            key_b = ("ldm_dvh_binned" + suffix, str(n))
            if key_c in c and key_b in c:
                r = c[key_b] / c[key_c]
                print("LDM + 1000-bin binned DVH %d^3 (%s): %.4f s = %.1fx one library copy "
                      "(target <= 2x) %s; numpy (fixed range): %.4f s = %.1fx its copy" % (
                          n, "wall" if i == 0 else "CPU", c[key_b], r,
                          "MET" if r <= 2 else "NOT MET", py["ldm_dvh_binned", n][i],
                          py["ldm_dvh_binned", n][i] / py["copy", n][i]))
    convolution_ratios(c, py, CT_NAME, CT_NAME.replace("x", " x "))
    for size, grid in (("256", "256^3"), (CT_NAME, CT_NAME.replace("x", " x "))):
        inp = c.get(("input_bytes", size))
        base = c.get(("peak_input_only_bytes", size))
        if inp and base:
            print("peak memory %s of the process holding only its input: %.0f MiB = %.2fx "
                  "the input" % (grid, base / 2 ** 20, base / inp))
        for name, label in (("peak_ldm_dvh_bytes", "LDM + DVH"),
                            ("peak_kernel11_bytes", "kernel 11^3")):
            peak = c.get((name, size))
            if inp and peak and peak > 0:
                r = peak / inp
                print("peak memory %s %s: %.0f MiB = %.2fx the float32 input (%.0f MiB; "
                      "target <= 4x) %s" % (grid, label, peak / 2 ** 20, r, inp / 2 ** 20,
                                            "MET" if r <= 4 else "NOT MET"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
