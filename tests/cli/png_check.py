#!/usr/bin/python3
"""Whether a screenshot shows something: decodes the PNG (8-bit RGB or RGBA, not
interlaced, as Chromium writes it) with zlib alone and prints the share of pixels that are
not white and the count of pixels in the plots' blue (Okabe-Ito, 0 114 178), which only a
drawn plot has. usage: png_check.py FILE.png MIN_INK MIN_BLUE; exit 1 when under either."""
import struct
import sys
import zlib


def pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, "unsupported PNG"
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, n = zlib.decompress(idat), 3 if colour == 2 else 4
    stride, prev, rows = width * n, bytearray(width * n), []
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):  # PNG filters (ISO/IEC 15948, 9.2)
            a = line[i - n] if i >= n else 0
            b, c = prev[i], prev[i - n] if i >= n else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, n, rows


def main():
    path, min_ink, min_blue = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    width, height, n, rows = pixels(path)
    ink = blue = 0
    for row in rows:
        for x in range(0, width * n, n):
            rgb = row[x:x + 3]
            if rgb != b"\xff\xff\xff":
                ink += 1
            if rgb == b"\x00\x72\xb2":
                blue += 1
    share = ink / float(width * height)
    print("%s: %dx%d, %.1f %% ink, %d plot-blue pixels" % (path, width, height, 100 * share, blue))
    return 0 if share >= min_ink and blue >= min_blue else 1


if __name__ == "__main__":
    sys.exit(main())
