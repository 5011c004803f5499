"""Draws icons/icon-{16,32,64}.png (a white check mark on a blue disc) with the
standard library only. Run once; the PNGs are committed, the build just copies them."""
import math
import struct
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def seg_dist(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def pixel(x, y, n):
    # coordinates in a 1x1 square, 4x4 supersampling for smooth edges
    acc = [0.0, 0.0, 0.0, 0.0]
    for sx in range(4):
        for sy in range(4):
            u = (x + (sx + 0.5) / 4) / n
            v = (y + (sy + 0.5) / 4) / n
            r = math.hypot(u - 0.5, v - 0.5)
            if r > 0.48:
                continue
            d = min(seg_dist(u, v, 0.27, 0.52, 0.44, 0.68), seg_dist(u, v, 0.44, 0.68, 0.74, 0.34))
            color = (255, 255, 255) if d < 0.065 else (31, 94, 170)
            acc[0] += color[0]; acc[1] += color[1]; acc[2] += color[2]; acc[3] += 255
    a = acc[3] / 16
    if a == 0:
        return (0, 0, 0, 0)
    k = 255 / acc[3]
    return (round(acc[0] * k), round(acc[1] * k), round(acc[2] * k), round(a))


def png(n):
    rows = b"".join(b"\0" + bytes(c for x in range(n) for c in pixel(x, y, n)) for y in range(n))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    for n in (16, 32, 64):
        (HERE / f"icon-{n}.png").write_bytes(png(n))
