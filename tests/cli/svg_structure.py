#!/usr/bin/python3
"""The structure of each plot inlined in an HTML report, for the golden comparison: its
size, then how many shapes it strokes and fills in each colour (dashed or solid), and how
many glyphs it places. Glyph outlines (inside <defs>) are the font's, not the plot's, and
are left out. usage: svg_structure.py REPORT.html"""
import collections
import re
import sys


def structure(svg):
    size = re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', svg)
    lines = ["plot %sx%s" % size.groups()]
    body = re.sub(r"<defs>.*?</defs>", "", svg, flags=re.S)
    shapes = collections.Counter()
    for style in re.findall(r'<path[^>]*style="([^"]*)"', body):
        props = dict(p.split(":", 1) for p in style.replace(" ", "").split(";") if ":" in p)
        if props.get("stroke", "none") != "none":
            dashed = "dashed" if "stroke-dasharray" in props else "solid"
            shapes["stroke %s %s" % (props["stroke"], dashed)] += 1
        if props.get("fill", "none") != "none":
            shapes["fill %s opacity %s" % (props["fill"], props.get("fill-opacity", "1"))] += 1
    lines += ["  %s: %d" % (k, shapes[k]) for k in sorted(shapes)]
    # the count depends on the words, which the library owns: only that there are some
    lines.append("  text: %s" % ("yes" if re.search(r"<use\b", body) else "none"))
    return lines


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    for svg in re.findall(r"<svg.*?</svg>", text, flags=re.S):
        print("\n".join(structure(svg)))


if __name__ == "__main__":
    sys.exit(main())
