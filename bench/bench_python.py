#!/usr/bin/python3
"""The Python bindings' broadcasting against numpy's own arithmetic.

    PYTHONPATH=bindings/python RADIOEMBO_LIBRARY=lib/libradioembo.so.1 \
        /usr/bin/python3 bench/bench_python.py [n]

radioembo.decay_activity_gbq over n values (default 1e6) through the generated C loop
of bindings/python/radioembo/_vector.so (each element validated and computed by
libradioembo), against numpy's own arithmetic A * 2^(-t/T) on the same arrays; best of 5,
wall-clock time. Two cases: n elapsed times (one vial decayed to n instants; numpy too
computes an exponential per element: the target is within 10x), and n activities with one
time (numpy then computes one exponential and n products, a multiplication per element:
shown for honesty, it is far from any per-element computation). Also the Python fallback
loop (no _vector.so) on a tenth of the elements, for scale. A measurement, never a test.
Debian: python3-numpy.
"""
import sys
import time

import numpy

import radioembo


def best(f, repeat=5):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 1000000
    rng = numpy.random.default_rng(2385)
    activity = rng.uniform(0.5, 8.0, n)
    elapsed = rng.uniform(-48.0, 400.0, n)
    a0, half_life_h, t0 = 3.25, 64.1, 24.0
    numpy.testing.assert_allclose(radioembo.decay_activity_gbq(a0, half_life_h, elapsed),
                                  a0 * 2.0 ** (-elapsed / half_life_h), rtol=1e-12)
    numpy.testing.assert_allclose(radioembo.decay_activity_gbq(activity, half_life_h, t0),
                                  activity * 2.0 ** (-t0 / half_life_h), rtol=1e-12)
    lib_t = best(lambda: radioembo.decay_activity_gbq(a0, half_life_h, elapsed))
    np_t = best(lambda: a0 * numpy.exp2(-elapsed / half_life_h))
    lib_a = best(lambda: radioembo.decay_activity_gbq(activity, half_life_h, t0))
    np_a = best(lambda: activity * numpy.exp2(-t0 / half_life_h))
    saved, radioembo._vector = radioembo._vector, None
    small = elapsed[: max(1, n // 10)]
    loop = best(lambda: radioembo.decay_activity_gbq(a0, half_life_h, small), 1) * n / small.size
    radioembo._vector = saved
    print("python broadcasting: decay_activity_gbq over %d values (best of 5, wall)" % n)
    print("  %d elapsed times:  radioembo %7.2f ms, numpy %7.2f ms: %5.1fx (target <= 10x)"
          % (n, lib_t * 1e3, np_t * 1e3, lib_t / np_t))
    print("  %d activities:     radioembo %7.2f ms, numpy %7.2f ms: %5.1fx (numpy: one "
          "exponential)" % (n, lib_a * 1e3, np_a * 1e3, lib_a / np_a))
    print("  without _vector.so (Python loop): %.0f ms" % (loop * 1e3))


if __name__ == "__main__":
    main()
