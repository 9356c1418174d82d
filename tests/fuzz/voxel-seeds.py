#!/usr/bin/env python3
"""Writes the hand-made seeds of tests/fuzz/voxel/ (the voxel-API target, fuzz_voxel.c).

Each seed is a program in the target's encoding: an operation byte, then its operands.
The names below mirror the tables of fuzz_voxel.c; rerun after changing them there.
SPDX-License-Identifier: GPL-3.0-or-later
"""
import os
import sys

OP = dict(volume_new=0, volume_voxels=1, volume_geometry=2, resample=3, activity=4,
          dose_ldm=5, kernel=6, dose_kernel=7, dvh_new=8, dvh_query=9, dvh_free=10,
          voxel_map=11, compare=12, dose_method=13)
# interesting[] of fuzz_voxel.c, in order
INTERESTING = [0.0, '-0', 1.0, -1.0, 0.5, 2.0, 1e-300, 'denorm', 'dbl_min', 'dbl_max', 1e308,
               -1e308, 'nan', 'inf', '-inf', 1e-9, 0.999999, 1.000001, 1.05, 1.03, 0.3, 25.0,
               25.000001, 0.001, 2.5, 64.1, 26.7, 49.67, 15.87, 50.0, 10.0, 3.0, '2.5b', 1.5,
               0.005, 0.1, 0.03, 0.9, 100.0, 1000.0, -1000.0, 120.0, 3e38, 3.5e38, 'flt_max',
               1e30, 1e-30, 1e6, 1e12, 0.25, 4.0, 5.0, -5.0, 0.01, 1e-6, 1024.0]
N = {v: i for i, v in enumerate(INTERESTING)}
# interesting_floats[] of fuzz_voxel.c, in order
FLOATS = [0.0, '-0', 1.0, -1.0, 0.5, 'nan', 'inf', '-inf', 'flt_max', '-flt_max', 'flt_min',
          1e-45, 1e30, 1e-30, 100.0, 1000.0, -1000.0, 3e38, 2.0, 0.1, 1e6, 1.05, 60.0, 3.0,
          -200.0, 1e20]
F = {v: i for i, v in enumerate(FLOATS)}
# millimetres(): plausible[b % 8]
MM = {1.0: 0, 2.0: 1, 4.0: 2, 0.5: 3, 3.9: 4, 2.5: 5, 1.5: 6, 5.0: 7}
LABEL = {1: 0, 2: 1, 3: 2, 0: 4, -1: 5}
THREADS = {1: 0, 2: 1, 3: 2, 0: 6, 1025: 7}


def enum(value, first):
    return value - first + 2


def P(*ops):
    out = bytearray()
    for op in ops:
        out += bytes(op)
    return bytes(out)


def new(slot, nx, ny, nz, h=4.0):
    return [OP['volume_new'], slot, 0, nx - 1, ny - 1, nz - 1, MM[h], MM[h], MM[h]]


def data(slot, nx, ny, nz, values, h=4.0):
    """new_from_data with the given float keys (one value for all when a single one)"""
    if len(values) == 1:
        fill = [1, F[values[0]]]
    else:
        fill = [0] + [F[v] for v in values]
    return [OP['volume_new'], slot, 1, nx - 1, ny - 1, nz - 1, MM[h], MM[h], MM[h]] + fill + [1]


def like(slot, other, value):
    return [OP['volume_new'], slot, 2, other, 1, F[value]]


def ramp(n):
    """n floats 0, 0.25, 0.5, ... (steps of the encoding)"""
    return [OP_STEP + i for i in range(n)]


OP_STEP = len(FLOATS)  # byte b >= len(FLOATS): (b - len(FLOATS)) * 0.25


def ramp_data(slot, nx, ny, nz, h=4.0):
    n = nx * ny * nz
    return ([OP['volume_new'], slot, 1, nx - 1, ny - 1, nz - 1, MM[h], MM[h], MM[h], 0] +
            [OP_STEP + 1 + (i * 7) % 200 for i in range(n)] + [1])


SEEDS = {
    'volume-basics': P(new(0, 2, 3, 4), [OP['volume_voxels'], 0, 0, 1, 2, 3, N[1.5]],
                       [OP['volume_voxels'], 0, 1, 1, 2, 3],
                       [OP['volume_voxels'], 0, 0, 9, 0, 0, N['nan']],
                       [OP['volume_voxels'], 0, 0, 0, 0, 0, N[1e308]],
                       [OP['volume_new'], 1, 3, 0], [OP['volume_geometry'], 1, 4],
                       [OP['volume_geometry'], 1, 5], [OP['volume_geometry'], 0, 3, 1, 24],
                       [OP['volume_new'], 1, 4], [OP['volume_new'], 2, 0, 254, 0, 0, 0, 0, 0]),
    'volume-data': P(data(0, 2, 2, 2, [1.0, 2.0, 0.5, 100.0, 0.0, '-0', 1e-45, 1e30]),
                     data(1, 2, 2, 2, ['nan']), data(1, 2, 2, 2, ['flt_max']),
                     [OP['volume_voxels'], 0, 2, 1, F[3.0], 1],
                     [OP['volume_voxels'], 0, 2, 0] + [F['inf']] * 8 + [1],
                     [OP['volume_geometry'], 0, 4]),
    'volume-huge': P([OP['volume_new'], 0, 0, 255, 0, 0, 0, 0, 0],
                     [OP['volume_new'], 0, 0, 253, 253, 0, 0, 0, 0],
                     [OP['volume_new'], 0, 1, 252, 0, 0, 0, 0, 0, 1, 0, 1],
                     [OP['volume_new'], 0, 0, 0, 0, 0, 0xF0, N['nan'], 0, 0]),
    'volume-geometry': P(new(0, 3, 3, 3), [OP['volume_geometry'], 0, 0, N[-5.0], N[100.0], N[0.5]],
                         [OP['volume_geometry'], 0, 1, 3, 1],
                         [OP['volume_geometry'], 0, 1, 5, 1],
                         [OP['volume_geometry'], 0, 2, 1, MM[2.0], MM[2.0], MM[4.0],
                          N[10.0], N[-5.0], N[0.0], 1],
                         [OP['volume_geometry'], 0, 2, 0xF0] + [N[1.0]] * 16 + [1],
                         [OP['volume_new'], 1, 3, 0],
                         [OP['volume_geometry'], 1, 0, N['inf'], 0, 0],
                         [OP['volume_geometry'], 0, 3, 1, 24]),
    'accumulate': P(ramp_data(0, 2, 2, 2), like(1, 0, 1.0), [OP['volume_geometry'], 0, 6, 1, N[2.0]],
                    [OP['volume_geometry'], 0, 6, 1, N[1e30]],
                    data(2, 2, 2, 2, ['flt_max']),
                    [OP['volume_geometry'], 2, 6, 2, N[1.0]],
                    [OP['volume_geometry'], 0, 6, 3, N[1.0]]),
    'resample': P(ramp_data(0, 4, 4, 4), new(1, 2, 3, 2, 2.0),
                  [OP['volume_geometry'], 1, 0, N[2.0], N[1.0], N[0.5]],
                  [OP['resample'], 0, 1, 2, enum(0, 0), N[0.0], THREADS[2]],
                  [OP['resample'], 0, 1, 2, enum(1, 0), N[-1000.0], THREADS[3]],
                  [OP['resample'], 0, 1, 3, enum(2, 0), N[0.0], THREADS[2]],
                  [OP['resample'], 0, 1, 3, 5, N[0.0], THREADS[1]],
                  [OP['resample'], 0, 1, 3, enum(0, 0), N['nan'], THREADS[1]]),
    'resample-rotated': P(ramp_data(0, 3, 3, 3), new(1, 4, 4, 2, 1.5),
                          [OP['volume_geometry'], 1, 1, 3, 1],
                          [OP['resample'], 0, 1, 2, enum(2, 0), N[0.0], THREADS[3]],
                          [OP['volume_geometry'], 2, 4],
                          [OP['resample'], 0, 1, 2, enum(0, 0), N[0.0], THREADS[0]]),
    'activity': P(ramp_data(0, 3, 2, 2), like(1, 0, 1.0),
                  [OP['activity'], 0, 2, 1, 1, N[2.5], N[0.1]],
                  [OP['activity'], 0, 3, 0, N[64.1], N[2.0]],
                  [OP['activity'], 0, 3, 1, 1, N[1e308], N[0.1]],
                  [OP['activity'], 0, 3, 0, N[64.1], N[-1.0]]),
    'dose-ldm': P(ramp_data(0, 3, 3, 2), like(1, 0, 1.05),
                  [OP['dose_ldm'], 0, 2, 0, N[1.05], N[49.67], THREADS[2]],
                  [OP['dose_ldm'], 0, 2, 1, 1, N[1.0], N[49.67], THREADS[3]],
                  [OP['dose_ldm'], 0, 3, 0, N[1.05], N[1e308], THREADS[1]],
                  [OP['dose_ldm'], 0, 3, 0, N[0.001], N[49.67], THREADS[0]]),
    'kernel': P([OP['kernel'], 0, 0, 2, 0, MM[4.0], MM[4.0], MM[4.0], MM[4.0]],
                [OP['kernel'], 1, 1, enum(1, 1), 0, MM[2.0], MM[2.0], MM[4.0], MM[4.0]],
                [OP['kernel'], 1, 1, enum(2, 1), 0, MM[2.0], MM[2.0], MM[4.0], MM[4.0]],
                [OP['kernel'], 2, 2, enum(1, 1), N[1.05], MM[4.0], MM[4.0], MM[4.0], MM[5.0]],
                [OP['kernel'], 2, 2, enum(1, 1), N[1e6], MM[4.0], MM[4.0], MM[4.0], MM[5.0]],
                [OP['kernel'], 0, 5, N[1.5]], [OP['kernel'], 0, 5, N[1e308]],
                [OP['kernel'], 0, 6, 1, 0, 0, 0], [OP['kernel'], 0, 6, 5, 0, 255],
                [OP['kernel'], 0, 7, N[49.67], N[64.1]], [OP['kernel'], 0, 7, N['nan'], N[64.1]],
                [OP['kernel'], 0, 4],
                [OP['kernel'], 3, 0, 2, 0, MM[0.5], MM[0.5], MM[0.5], 0xF0, N[1e6]]),
    'kernel-dpk': P([OP['kernel'], 0, 3, 2, 0, MM[2.0], MM[2.0], MM[2.0], MM[4.0], 3,
                     MM[1.0], 0, N[0.5], MM[2.0], 0, N[0.25], MM[4.0], 0, N[0.1]],
                    [OP['kernel'], 1, 3, 2, 0, MM[2.0], MM[2.0], MM[2.0], MM[4.0], 2,
                     MM[1.0], 0, N[0.5], MM[2.0], 1, N[0.5], N[0.25]],
                    [OP['kernel'], 1, 3, 2, 0, MM[2.0], MM[2.0], MM[2.0], MM[4.0], 0]),
    'dose-kernel': P(ramp_data(0, 4, 3, 3), like(1, 0, 1.05),
                     [OP['kernel'], 0, 2, enum(1, 1), N[1.05], MM[4.0], MM[4.0], MM[4.0],
                      MM[5.0]],
                     [OP['dose_kernel'], 0, 0, 2, N[64.1], 0, N[1.05], enum(1, 0), THREADS[2]],
                     [OP['dose_kernel'], 0, 0, 2, N[64.1], 0, N[1.05], enum(2, 0), THREADS[3]],
                     [OP['dose_kernel'], 0, 0, 3, N[64.1], 1, 1, N[1.0], enum(0, 0),
                      THREADS[2]],
                     [OP['dose_kernel'], 0, 0, 3, N[64.1], 0, N[1.0], enum(0, 0), THREADS[1]],
                     [OP['dose_kernel'], 0, 0, 3, N[1e308], 0, N[1.05], enum(1, 0),
                      THREADS[1]]),
    'dvh': P(ramp_data(0, 4, 4, 2), like(1, 0, 1.0), [OP['volume_voxels'], 1, 0, 0, 0, 0, N[2.0]],
             [OP['dvh_new'], 0, 1, 0, LABEL[1], 0, N[1.05], N[0.5], 0],
             [OP['dvh_new'], 0, 1, 1, LABEL[1], 0, N[1.05], N[0.5], 1, THREADS[3]],
             [OP['dvh_new'], 0, 1, 2, LABEL[1], 0, N[1.05], N[0.5], 2, 19],
             [OP['dvh_new'], 0, 1, 3, LABEL[2], 1, 1, N[1.0], N[0.25], 0],
             [OP['dvh_query'], 0, 0, N[0.9]], [OP['dvh_query'], 0, 1, N[10.0]],
             [OP['dvh_query'], 0, 2, 1], [OP['dvh_query'], 0, 3, N[-5.0]],
             [OP['dvh_query'], 0, 4, N[0.3]], [OP['dvh_query'], 2, 0, N[0.5]],
             [OP['dvh_query'], 2, 1, N[2.5]], [OP['dvh_query'], 2, 2, 1],
             [OP['dvh_query'], 2, 3, N[1.0]], [OP['dvh_query'], 3, 4, N[0.1]],
             [OP['dvh_query'], 1, 0, N[0.0]], [OP['dvh_free'], 1], [OP['dvh_query'], 1, 1, 0]),
    'dvh-edges': P(data(0, 2, 2, 1, [1e30, 0.0, '-0', -200.0]), like(1, 0, 1.0),
                   [OP['dvh_new'], 0, 1, 0, LABEL[1], 0, N[1.05], N[1e-6], 0],
                   [OP['dvh_new'], 0, 1, 0, LABEL[1], 0, N[1.05], N[1e308], 2, 255],
                   [OP['dvh_new'], 0, 1, 0, LABEL[1], 0, N[1.05], N[1e308], 2, 3],
                   [OP['dvh_new'], 0, 1, 0, LABEL[0], 0, N[1.05], N[1.0], 0],
                   [OP['dvh_query'], 0, 0, N[0.5]], [OP['dvh_query'], 0, 2, 0]),
    'voxel-map': P(ramp_data(0, 3, 3, 1), data(1, 3, 3, 1, [-1000.0]),
                   [OP['voxel_map'], 0, 2, 0, N[2.5], N[1.5], N[64.1], 1],
                   [OP['voxel_map'], 0, 2, 1, N[10.0], N[1.5], N[64.1], 0],
                   [OP['voxel_map'], 0, 2, 0, N[0.0], N[1.5], N[64.1], 1],
                   [OP['voxel_map'], 1, 3, 2], [OP['voxel_map'], 0, 3, 2]),
    'compare': P(ramp_data(0, 3, 3, 3), ramp_data(1, 3, 3, 3), like(2, 0, 1.0),
                 [OP['volume_voxels'], 1, 0, 1, 1, 1, N[10.0]],
                 [OP['compare'], 0, 1, 0, 3, N[0.03], N[4.0], N[0.1]],
                 [OP['compare'], 0, 1, 1, N[10.0]],
                 [OP['compare'], 0, 1, 2, 2, LABEL[1]],
                 [OP['compare'], 0, 2, 3, LABEL[1], N[0.005], N[10.0], N[1.5], N[64.1]],
                 [OP['compare'], 0, 2, 4],
                 [OP['compare'], 0, 1, 5, N[1.05], 1], [OP['compare'], 0, 1, 5, N[1.05], 0],
                 [OP['compare'], 0, 1, 0, 3, N[0.03], N[1e308], N[0.1]]),
    'dose-method': P([OP['dose_method'], enum(1, 1), enum(2, 1), 1],
                     [OP['dose_method'], enum(2, 1), enum(2, 1), 1],
                     [OP['dose_method'], enum(1, 1), enum(1, 1), 0, 3],
                     [OP['dose_method'], 0, enum(1, 1), 1]),
    'raw-nan': P(ramp_data(0, 2, 2, 2), [OP['volume_voxels'], 0, 3, 3, F['nan']],
                 like(1, 0, 1.0), [OP['volume_geometry'], 0, 4],
                 [OP['resample'], 0, 1, 2, enum(0, 0), N[0.0], THREADS[2]],
                 [OP['dose_ldm'], 0, 2, 0, N[1.05], N[49.67], THREADS[2]],
                 [OP['dvh_new'], 0, 1, 2, LABEL[1], 0, N[1.05], N[0.5], 0],
                 [OP['voxel_map'], 0, 2, 0, N[2.5], N[1.5], N[64.1], 1],
                 [OP['compare'], 0, 1, 4],
                 [OP['volume_geometry'], 1, 6, 0, N[1.0]]),
}


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), 'voxel')
    os.makedirs(directory, exist_ok=True)
    for name, program in SEEDS.items():
        with open(os.path.join(directory, 'seed-' + name), 'wb') as f:
            f.write(program)


if __name__ == '__main__':
    main()
