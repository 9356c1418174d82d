#!/usr/bin/python3
"""Test images for tests/scripts/cli_images.sh, written with nibabel (Debian
python3-nibabel) so that each geometry is exactly what the test says.

    images.py grid DIR        the 8 x 6 x 5 reference grid and its variants (below)
    images.py hostile DIR     headers that niftilib would repair, and lying sizes

Every image of `grid` holds a 2 x 2 x 2 cube at voxels x 2..3, y 2..3, z 1..2 (value 1,
else 0), on 3 x 2.5 x 4 mm voxels whose centre (0, 0, 0) lies at RAS (-10, 20, 5) mm
(LPS (10, -20, 5)); names say how each variant differs from ref.nii.
SPDX-License-Identifier: GPL-3.0-or-later
"""
import gzip
import math
import os
import struct
import sys

import nibabel as nib
import numpy as np

SHAPE = (8, 6, 5)
SPACING = (3.0, 2.5, 4.0)
ORIGIN_RAS = (-10.0, 20.0, 5.0)


def cube():
    a = np.zeros(SHAPE, dtype=np.float32)  # nibabel arrays are indexed [x, y, z]
    a[2:4, 2:4, 1:3] = 1.0
    return a


def affine(spacing=SPACING, origin=ORIGIN_RAS, rotation=None):
    m = np.eye(4)
    r = np.eye(3) if rotation is None else np.asarray(rotation, dtype=float)
    m[:3, :3] = r @ np.diag(spacing)
    m[:3, 3] = origin
    return m


def save(path, data, aff, sform=True, qform=True):
    img = nib.Nifti1Image(data, aff)
    img.set_sform(aff if sform else None, code=1 if sform else 0)
    img.set_qform(aff if qform else None, code=1 if qform else 0)
    img.header.set_xyzt_units("mm")
    nib.save(img, path)


def grid(out):
    a = cube()
    save(os.path.join(out, "ref.nii"), a, affine())
    # the same anatomy stored with x reversed: the axis points to the patient's right
    # (RAS -x) and the first voxel sits where ref's last one does, 7 * 3 = 21 mm over
    flip = affine()
    flip[0, 0] = -SPACING[0]
    flip[0, 3] = ORIGIN_RAS[0] + (SHAPE[0] - 1) * SPACING[0]
    save(os.path.join(out, "mirrored.nii"), a[::-1, :, :].copy(), flip)
    # the trap: ref's very array, flipped in x and shifted 150 mm by its sform
    trap = affine()
    trap[0, 0] = -SPACING[0]
    trap[0, 3] = ORIGIN_RAS[0] + 150.0
    save(os.path.join(out, "flipped_shifted.nii"), a, trap)
    save(os.path.join(out, "shifted.nii"), a, affine(origin=(ORIGIN_RAS[0], ORIGIN_RAS[1] + 150.0, ORIGIN_RAS[2])))
    t = math.radians(10.0)
    rot = [[math.cos(t), -math.sin(t), 0], [math.sin(t), math.cos(t), 0], [0, 0, 1]]
    save(os.path.join(out, "oblique.nii"), a, affine(rotation=rot))
    # a CT of 200 HU (1.2 g/mL) on a finer grid over the same box (voxel edges shared):
    # 16 x 12 x 10 voxels of 1.5 x 1.25 x 2 mm from RAS (-10.75, 19.375, 4)
    fine = affine(spacing=(1.5, 1.25, 2.0), origin=(-10.75, 19.375, 4.0))
    save(os.path.join(out, "ct_fine.nii"), np.full((16, 12, 10), 200.0, dtype=np.float32), fine)
    # qform only, and neither: sform_code 0
    save(os.path.join(out, "qform_only.nii"), a, affine(), sform=False)
    save(os.path.join(out, "no_transform.nii"), a, affine(), sform=False, qform=False)
    # the qform says one place, the sform another: the sform wins
    img = nib.Nifti1Image(a, affine())
    img.set_qform(affine(origin=(0.0, 0.0, 0.0)), code=1)
    img.set_sform(affine(), code=1)
    nib.save(img, os.path.join(out, "sform_wins.nii"))


def patch(src, dst, offset, fmt, value):
    raw = bytearray(open(src, "rb").read())
    struct.pack_into("<" + fmt, raw, offset, value)
    open(dst, "wb").write(raw)


def hostile(out):
    ref = os.path.join(out, "ref.nii")
    save(ref, cube(), affine())
    h = lambda name: os.path.join(out, name)
    # NIfTI-1 offsets: dim at 40 (8 int16), pixdim at 76 (8 float32), vox_offset at 108
    patch(ref, h("pixdim_zero.nii"), 76 + 4 * 1, "f", 0.0)
    patch(ref, h("pixdim_nan.nii"), 76 + 4 * 2, "f", float("nan"))
    patch(ref, h("pixdim_inf.nii"), 76 + 4 * 3, "f", float("inf"))
    patch(ref, h("dim_negative.nii"), 40 + 2 * 2, "h", -4)
    patch(ref, h("dim_zero.nii"), 40 + 2 * 3, "h", 0)
    patch(ref, h("vox_offset_nan.nii"), 108, "f", float("nan"))
    patch(ref, h("srow_nan.nii"), 280 + 4 * 3, "f", float("nan"))
    raw = bytearray(open(ref, "rb").read())
    struct.pack_into("<8h", raw, 40, 4, 8, 6, 5, 2, 1, 1, 1)
    open(h("four_d.nii"), "wb").write(raw)
    struct.pack_into("<8h", raw, 40, 3, 32767, 32767, 32767, 1, 1, 1, 1)
    open(h("overflow.nii"), "wb").write(raw)
    struct.pack_into("<8h", raw, 40, 3, 1, 1, 1, 1, 1, 1, 1)
    open(h("one_voxel.nii"), "wb").write(raw)
    # a .nii one byte short of its voxels
    whole = open(ref, "rb").read()
    open(h("truncated.nii"), "wb").write(whole[:-1])
    # a 4 MB .nii.gz whose header declares 1024^3 float32 (4 GiB): random floats hardly
    # compress, so the file ends after 4 MiB of voxels
    raw = bytearray(whole[:352])
    struct.pack_into("<8h", raw, 40, 3, 1024, 1024, 1024, 1, 1, 1, 1)
    with gzip.open(h("bomb.nii.gz"), "wb", compresslevel=1) as f:
        f.write(bytes(raw))
        f.write(np.random.default_rng(7).random(1 << 20, dtype=np.float32).tobytes())


if __name__ == "__main__":
    {"grid": grid, "hostile": hostile}[sys.argv[1]](sys.argv[2])
