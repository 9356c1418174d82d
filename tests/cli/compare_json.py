#!/usr/bin/python3
"""Compares two JSON reports: same structure, same strings and booleans, numbers equal
within a relative tolerance (1e-9, plus 1e-12 absolute near zero). The library version in
"generator" is ignored. Exit 0 if they match, 1 (with the first differences) if not.

Usage: compare_json.py EXPECTED ACTUAL
SPDX-License-Identifier: GPL-3.0-or-later
"""
import json
import sys

REL, ABS = 1e-9, 1e-12
IGNORED = {"$.generator.library_version"}


def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def compare(expected, actual, path, out):
    if path in IGNORED:
        return
    if is_number(expected) and is_number(actual):
        if abs(expected - actual) > REL * max(abs(expected), abs(actual)) + ABS:
            out.append(f"{path}: expected {expected!r}, got {actual!r}")
    elif isinstance(expected, dict) and isinstance(actual, dict):
        if list(expected) != list(actual):
            out.append(f"{path}: keys {list(expected)} != {list(actual)}")
            return
        for key in expected:
            compare(expected[key], actual[key], f"{path}.{key}", out)
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            out.append(f"{path}: {len(expected)} elements, got {len(actual)}")
            return
        for i, (e, a) in enumerate(zip(expected, actual)):
            compare(e, a, f"{path}[{i}]", out)
    elif type(expected) is not type(actual) or expected != actual:
        out.append(f"{path}: expected {expected!r}, got {actual!r}")


def main():
    with open(sys.argv[1]) as f:
        expected = json.load(f)
    with open(sys.argv[2]) as f:
        actual = json.load(f)
    differences = []
    compare(expected, actual, "$", differences)
    for line in differences[:20]:
        print(line)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
