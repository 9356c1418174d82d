#!/usr/bin/python3
# Writes voxel_sphere_escape.csv: the fraction of the beta energy emitted in a voxelized sphere
# of uniform Y-90 uptake that is deposited outside it, by Monte Carlo straight from the Graves
# 2019 point kernel (data/y90_beta_dpk_graves2019.csv, copied into lib/dpk_y90.c),
# independently of the library: decay points uniform in the sphere's voxels, isotropic
# directions, distances drawn from the point kernel's energy histogram truncated at R (uniform
# in r^3 inside a shell, the shell across R cut by volume); each sample carries equal energy.
# Geometry as in tests/unit/test_voxel.c: n^3 voxels of h mm, the sphere's voxels are those
# whose centre lies within a mm of the grid's centre (a voxel corner).
# Usage: /usr/bin/python3 voxel_sphere_escape.py DPK_CSV > voxel_sphere_escape.csv   (numpy; seed fixed)
# SPDX-License-Identifier: GPL-3.0-or-later
import sys
import numpy as np

dpk = sys.argv[1]
rows = [l.strip().split(",") for l in open(dpk) if not l.startswith("#") and not l.startswith("Outer")]
outer = np.array([float(x[0]) * 10.0 for x in rows])  # cm -> mm
energy = np.array([float(x[1]) for x in rows])

def truncated(R):
    inner = np.concatenate(([0.0], outer[:-1]))
    keep = inner < R
    o, i, e = np.minimum(outer[keep], R), inner[keep], energy[keep].copy()
    e[-1] *= (o[-1] ** 3 - i[-1] ** 3) / (outer[keep][-1] ** 3 - i[-1] ** 3)
    return i, o, e

def escape(n, h, a, R, samples, seed):
    rng = np.random.default_rng(seed)
    c = (np.arange(n) + 0.5) * h - n * h / 2.0
    X, Y, Z = np.meshgrid(c, c, c, indexing="ij")
    inside = X ** 2 + Y ** 2 + Z ** 2 <= a * a
    src = np.argwhere(inside)
    i, o, e = truncated(R)
    shell = rng.choice(len(e), size=samples, p=e / e.sum())
    u = rng.random(samples)
    r = np.cbrt(i[shell] ** 3 + u * (o[shell] ** 3 - i[shell] ** 3))
    v = src[rng.integers(len(src), size=samples)]
    p = (v + rng.random((samples, 3))) * h  # uniform in the source voxel, mm from the grid corner
    w = rng.normal(size=(samples, 3))
    w /= np.linalg.norm(w, axis=1)[:, None]
    q = np.floor((p + r[:, None] * w) / h).astype(int)
    ok = np.all((q >= 0) & (q < n), axis=1)
    assert ok.all(), "energy left the grid"
    out = ~inside[q[:, 0], q[:, 1], q[:, 2]]
    f = out.mean()
    return f, np.sqrt(f * (1 - f) / samples), int(inside.sum())

print("# Fraction of the energy emitted in a voxelized sphere of uniform Y-90 uptake that is deposited")
print("# outside its voxels. Monte Carlo from the Graves et al. 2019 point kernel (Med Phys 46:5284),")
print("# independent of the library: tests/golden/voxel_sphere_escape.py (numpy, fixed seed).")
print("n,spacing_mm,sphere_radius_mm,truncation_radius_mm,sphere_voxels,escape_fraction,standard_error,source")
for n, h, a, R, seed in [(16, 4.0, 14.0, 12.0, 20260), (20, 3.0, 15.0, 12.0, 20261)]:
    f, se, nv = escape(n, h, a, R, 4_000_000, seed)
    print(f"{n},{h},{a},{R},{nv},{f:.6f},{se:.6f},\"Monte Carlo 4e6 samples seed {seed} from the Graves 2019 DPK "
          f"truncated at {R} mm (voxel_sphere_escape.py)\"")
