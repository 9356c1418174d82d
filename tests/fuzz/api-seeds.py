#!/usr/bin/env python3
"""Writes the hand-made seeds of tests/fuzz/api/ (the API-sequence target, fuzz_api.c).

Each seed is a program in the target's encoding: an operation byte, then its operands.
The names below mirror the tables of fuzz_api.c; rerun after changing them there.
SPDX-License-Identifier: GPL-3.0-or-later
"""
import os
import sys

OP = dict(product_new=0, product_copy_free=1, product_field=2, product_identity=3, vial=4,
          lesion=5, liver=6, lung=7, plan=8, result=9, uncertainty=10, propagation=11,
          params=12)
# indices into interesting[] of fuzz_api.c
N = {0.0: 0, '-0': 1, 1.0: 2, -1.0: 3, 0.5: 4, 2.385: 5, 'denorm': 7, 'max': 9, 1e308: 10,
     'nan': 12, 'inf': 13, '-inf': 14, 1500: 18, 1.05: 19, 1.03: 20, 120: 21, 35: 22,
     2.7: 23, 5: 24, 3: 25, 0.08: 26, 0.15: 27, 0.25: 28, 0.35: 29, 0.05: 31, 150: 32,
     80: 33, 30: 34, 50: 35, 250: 36, 70: 37, 175: 38, 1.8: 39, 64.1: 40, 26.7: 41,
     4.5: 44, 1e6: 45, 2500: 48, 0.1: 49, 0.2: 50, 0.01: 51, -5: 55, 100: 57, 12: 58,
     24: 59, 48: 60, 2: 61, 10: 62}
TEXT = {'TheraSphere': 0, 'SIR-Spheres': 2, 'QuiremSpheres': 4, '': 8, 'segment 4a': 9,
        'odd': 10, None: 11, 'long': 255}


def enum(value, first, last):
    return value - first + 2


def t_hours(h):
    """T0 + h hours, h even, -268..240"""
    return 134 + h // 2


def P(*ops):
    out = bytearray()
    for op in ops:
        out += bytes(op)
    return bytes(out)


def product_builtin(slot, name):
    return [OP['product_new'], slot, 1, TEXT[name]]


def glass_lobar():
    return P(product_builtin(0, 'TheraSphere'),
             [OP['liver'], 0, 0, N[1500], N[1.05]],
             [OP['lesion'], 0, 0, TEXT['segment 4a'], N[120]],
             [OP['lesion'], 0, 6, N[5]],
             [OP['liver'], 0, 5, 0],
             [OP['lesion'], 1, 0, TEXT[''], N[35]],  # an empty label: refused
             [OP['lesion'], 1, 0, 12, 2, ord('S'), ord('8'), N[35]],
             [OP['lesion'], 1, 6, N[2.7]],
             [OP['liver'], 0, 5, 1],
             [OP['liver'], 0, 8, TEXT['segment 4a'], N[250]],
             [OP['liver'], 0, 9, 0, 0],
             [OP['lung'], 0, 0], [OP['lung'], 0, 5, N[0.05]], [OP['lung'], 0, 3, N[1.0]],
             [OP['plan'], 0, 0, 0, 0, 0],
             [OP['plan'], 0, 4, 0],
             [OP['plan'], 0, 7, N[150]],
             [OP['plan'], 0, 12, t_hours(0)], [OP['plan'], 0, 13, t_hours(-24)],
             [OP['result'], 0, 0, 0],
             [OP['result'], 0, 4, enum(1, 0, 4)], [OP['result'], 0, 4, enum(2, 0, 4)],
             [OP['result'], 0, 5, enum(2, 0, 4), 1], [OP['result'], 0, 6],
             [OP['result'], 0, 7, 1],
             [OP['uncertainty'], 0, 0],
             [OP['uncertainty'], 0, 3, enum(1, 1, 9), enum(1, 0, 3), N[0.05]],
             [OP['uncertainty'], 0, 3, enum(3, 1, 9), enum(3, 0, 3), N[0.01]],
             [OP['uncertainty'], 0, 3, enum(7, 1, 9), enum(2, 0, 3), N[0.2]],
             [OP['propagation'], 0, 0, 0, enum(1, 0, 4), 0],
             [OP['propagation'], 0, 5, enum(2, 1, 7), 0],
             [OP['propagation'], 1, 2, 0, 0, 7, 8, enum(2, 0, 4)],
             [OP['propagation'], 1, 5, enum(7, 1, 7), 1],
             [OP['propagation'], 1, 6, enum(1, 1, 5), 0],
             [OP['propagation'], 0, 7, enum(2, 1, 7), 0, enum(1, 1, 9)])


def resin_bsa():
    return P(product_builtin(1, 'SIR-Spheres'),
             [OP['liver'], 2, 0, N[1500], N[1.03]],
             [OP['lesion'], 3, 0, TEXT['TheraSphere'], N[150]],
             [OP['liver'], 2, 5, 3],
             [OP['lung'], 1, 0], [OP['lung'], 1, 7, N[100], N[120], N[1500], N[2500]],
             [OP['lung'], 1, 8, N[12]],
             [OP['plan'], 2, 0, 1, 2, 1],
             [OP['plan'], 2, 5], [OP['plan'], 2, 11, N[175], N[80]],
             [OP['plan'], 2, 10, N[0.05]], [OP['plan'], 2, 9],
             [OP['result'], 1, 0, 2],
             [OP['result'], 1, 4, enum(3, 0, 4)], [OP['result'], 1, 6], [OP['result'], 1, 8],
             [OP['uncertainty'], 1, 0],
             [OP['uncertainty'], 1, 3, enum(9, 1, 9), enum(2, 0, 3), N[0.1]],
             [OP['propagation'], 2, 2, 2, 1, 3, 12, enum(3, 0, 4)],
             [OP['propagation'], 2, 5, enum(5, 1, 7), 0],
             [OP['propagation'], 2, 6, enum(1, 1, 5), 0])


def holmium_whole_liver():
    return P(product_builtin(2, 'QuiremSpheres'),
             [OP['liver'], 1, 0, N[2500], N[1.05]],
             [OP['lung'], 2, 0], [OP['lung'], 2, 5, N[0.08]],
             [OP['plan'], 1, 0, 2, 1, 2],
             [OP['plan'], 1, 8, 0, N[120]],  # tumour dose without lesions
             [OP['result'], 2, 0, 1],
             [OP['result'], 2, 4, enum(4, 0, 4)], [OP['result'], 2, 6],
             [OP['propagation'], 3, 0, 1, enum(4, 0, 4), 0])  # no uncertainty: NULL


def custom_product_vial():
    name = b'site Y-90'
    return P([OP['product_new'], 3, 0, 12, len(name)] + list(name) + [enum(1, 1, 2)],
             [OP['product_field'], 3, enum(1, 1, 21), N[64.1], 0],
             [OP['product_field'], 3, enum(2, 1, 21), N[49.67 if False else 50], 0],
             [OP['product_field'], 3, enum(5, 1, 21), N[2500], 0],
             [OP['product_field'], 3, enum(8, 1, 21), N[0.1], 0],
             [OP['product_field'], 3, enum(9, 1, 21), N[0.5], 0],
             [OP['product_field'], 3, enum(9, 1, 21), 0, 2],
             [OP['product_field'], 3, enum(9, 1, 21), 0, 3],
             [OP['product_identity'], 3, 3, 3, N[3], N[5], N[10], 0],
             [OP['product_identity'], 3, 4, 2],
             [OP['product_identity'], 3, 1, enum(4, 1, 4)],
             [OP['vial'], 0, 0, N[5], t_hours(-48), 3],
             [OP['vial'], 0, 3, N[2]],
             [OP['vial'], 0, 5, t_hours(0)], [OP['vial'], 0, 6, t_hours(0)],
             [OP['vial'], 0, 7], [OP['vial'], 0, 8, N[2.385], t_hours(0)],
             [OP['vial'], 0, 9, N[4.5], t_hours(-46)],
             [OP['vial'], 0, 10, N[3], t_hours(0), t_hours(-48), 3],
             [OP['vial'], 1, 1, 0], [OP['vial'], 0, 2], [OP['vial'], 1, 11],
             [OP['product_copy_free'], 0, 1, 2],  # copy the vial's product
             [OP['product_copy_free'], 3, 0, 0])


def radiobiology():
    return P(product_builtin(0, 'TheraSphere'),
             [OP['liver'], 0, 0, N[1500], N[1.05]],
             [OP['lesion'], 0, 0, TEXT['segment 4a'], N[120]], [OP['lesion'], 0, 6, N[5]],
             [OP['liver'], 0, 5, 0], [OP['lung'], 0, 0], [OP['lung'], 0, 5, N[0.08]],
             [OP['params'], 0, 0, enum(1, 1, 4)],
             [OP['params'], 0, 6, N[10], 2], [OP['params'], 0, 3, N[50], enum(2, 1, 3)],
             [OP['params'], 0, 4, N[100], enum(1, 1, 3)], [OP['params'], 0, 5, enum(6, 1, 11)],
             [OP['plan'], 0, 0, 0, 0, 0], [OP['plan'], 0, 15, 0],
             [OP['plan'], 0, 6, N[3]],
             [OP['result'], 0, 0, 0], [OP['result'], 0, 4, enum(2, 0, 4)],
             [OP['result'], 0, 5, enum(2, 0, 4), 0], [OP['result'], 0, 7, 1],
             [OP['params'], 1, 1, 1])


def copies_and_frees():
    return P(product_builtin(0, 'TheraSphere'),
             [OP['liver'], 0, 0, N[1500], N[1.05]],
             [OP['lesion'], 0, 0, TEXT['long'], N[120]],  # refused
             [OP['lesion'], 0, 0, TEXT['segment 4a'], N[120]],
             [OP['liver'], 0, 5, 0], [OP['liver'], 0, 5, 0],  # the same lesion twice
             [OP['liver'], 1, 0, N[2500], N[1.05]], [OP['liver'], 1, 5, 0],  # and elsewhere
             [OP['lung'], 0, 0], [OP['lung'], 0, 6, N[0.1]],
             [OP['plan'], 0, 0, 0, 0, 0], [OP['plan'], 1, 2, 0], [OP['plan'], 0, 3],
             [OP['lesion'], 0, 2], [OP['liver'], 0, 2], [OP['product_copy_free'], 0, 0, 0],
             [OP['plan'], 1, 9], [OP['result'], 0, 0, 1], [OP['result'], 0, 6],
             [OP['product_copy_free'], 2, 1, 1], [OP['liver'], 2, 1, 1, 1],
             [OP['lung'], 3, 1, 1, 1], [OP['liver'], 2, 7, 1, 3],
             [OP['plan'], 1, 3], [OP['result'], 0, 4, enum(1, 0, 4)],
             [OP['plan'], 2, 0, 2, 2, 3], [OP['result'], 3, 0, 2])


def hostile():
    nan, inf = N['nan'], N['inf']
    return P([OP['result'], 0, 0, 0],  # compute nothing
             product_builtin(0, None), product_builtin(0, 'odd'),
             product_builtin(0, 'TheraSphere'),
             [OP['product_field'], 0, enum(1, 1, 21), nan, 0],
             [OP['product_field'], 0, enum(1, 1, 21), N['denorm'], 0],
             [OP['product_field'], 0, 0, N[1.0], 2],
             [OP['liver'], 0, 0, nan, N[1.05]], [OP['liver'], 0, 0, N[1500], inf],
             [OP['liver'], 0, 0, N['max'], N[1.05]], [OP['liver'], 0, 0, N[1500], N[1.05]],
             [OP['liver'], 0, 3, N['-0']], [OP['liver'], 0, 8, TEXT[None], N[1e308]],
             [OP['liver'], 0, 7, 255], [OP['liver'], 0, 9, 254, 255],
             [OP['lesion'], 0, 0, TEXT['segment 4a'], N[-5]],
             [OP['lesion'], 0, 0, TEXT['segment 4a'], N[1500]],  # lesion fills the liver
             [OP['liver'], 0, 5, 0],
             [OP['lung'], 0, 0], [OP['lung'], 0, 5, N[0.35]], [OP['lung'], 0, 8, N['-inf']],
             [OP['plan'], 0, 0, 0, 0, 0], [OP['plan'], 0, 6, N[1e308]],
             [OP['plan'], 0, 12, 7], [OP['plan'], 0, 13, 8],
             [OP['plan'], 0, 16, nan, 0], [OP['plan'], 0, 10, N[1.0]],
             [OP['result'], 0, 0, 0], [OP['result'], 0, 4, enum(1, 0, 4)],
             [OP['uncertainty'], 0, 0],
             [OP['uncertainty'], 0, 3, enum(10, 1, 9), enum(1, 0, 3), N[0.1]],
             [OP['uncertainty'], 0, 3, enum(2, 1, 9), enum(1, 0, 3), N[1e308]],
             [OP['propagation'], 0, 2, 0, 0, 255, 0, enum(1, 0, 4)],  # 0 samples
             [OP['propagation'], 0, 2, 0, 0, 1, 1, enum(1, 0, 4)],    # 1 sample
             [OP['propagation'], 0, 5, enum(1, 1, 7), 255])


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), 'api')
    os.makedirs(out, exist_ok=True)
    for name, make in [('glass-lobar-uncertainty', glass_lobar), ('resin-bsa', resin_bsa),
                       ('holmium-whole-liver', holmium_whole_liver),
                       ('custom-product-vial', custom_product_vial),
                       ('radiobiology', radiobiology), ('copies-and-frees', copies_and_frees),
                       ('hostile-values', hostile)]:
        with open(os.path.join(out, 'seed-' + name), 'wb') as f:
            f.write(make())


if __name__ == '__main__':
    main()
