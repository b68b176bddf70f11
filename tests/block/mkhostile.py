#!/usr/bin/env python3
"""Makes corrupt, truncated and hostile qcow2 images from a valid one (argv[1]) into argv[2].

refuse-*.qcow2 must be refused at open with a clear message; io-*.qcow2 open, and their bad
parts fail the request with an I/O error. Nothing may crash."""
import os
import struct
import sys

src, out = sys.argv[1], sys.argv[2]
img = bytearray(open(src, 'rb').read())
cs = 1 << struct.unpack_from('>I', img, 20)[0]
l1_off = struct.unpack_from('>Q', img, 40)[0]
rt_off = struct.unpack_from('>Q', img, 48)[0]
l2_off = struct.unpack_from('>Q', img, l1_off)[0] & 0x00fffffffffffe00
assert l2_off, "the source image needs data in its first L2 table"


def make(name, patches=(), length=None):
    b = bytearray(img)
    for off, fmt, val in patches:
        struct.pack_into(fmt, b, off, val)
    if length is not None:
        b = b[:length]
    with open(os.path.join(out, name + '.qcow2'), 'wb') as f:
        f.write(b)


make('refuse-magic', [(0, '>I', 0x12345678)])
make('refuse-version', [(4, '>I', 4)])
make('refuse-cluster-bits-big', [(20, '>I', 31)])
make('refuse-cluster-bits-small', [(20, '>I', 8)])
make('refuse-crypt', [(32, '>I', 1)])
make('refuse-l1-huge', [(36, '>I', 0x7fffffff)])
make('refuse-l1-small', [(36, '>I', 0), (24, '>Q', 1 << 40)])
make('refuse-l1-beyond-eof', [(40, '>Q', 1 << 40)])
make('refuse-l1-misaligned', [(40, '>Q', l1_off + 8)])
make('refuse-rt-zero', [(48, '>Q', 0)])
make('refuse-rt-huge', [(56, '>I', 0xffffffff)])
make('refuse-rt-beyond-eof', [(48, '>Q', 1 << 44)])
make('refuse-refcount-order', [(96, '>I', 7)])
make('refuse-refcount-order-1', [(96, '>I', 1)])
make('refuse-extended-l2', [(72, '>Q', 1 << 4)])
make('refuse-external-data', [(72, '>Q', 1 << 2)])
make('refuse-unknown-feature', [(72, '>Q', 1 << 20)])
make('refuse-zstd', [(72, '>Q', 1 << 3), (100, '>I', 112), (104, '>B', 1)])
make('refuse-dirty', [(72, '>Q', 1 << 0)])
make('refuse-corrupt', [(72, '>Q', 1 << 1)])
make('refuse-header-length', [(100, '>I', 0xfffffff0)])
make('refuse-size-huge', [(24, '>Q', 1 << 62)])
make('refuse-backing-name', [(8, '>Q', cs - 4), (16, '>I', 1000)])
make('refuse-ext-length', [(112, '>I', 0x12345678), (116, '>I', 0xffffff00)])
make('refuse-truncated-header', length=50)
make('refuse-truncated-cluster', length=cs // 2)
make('refuse-truncated-tables', length=max(l1_off, rt_off))
make('refuse-rt-misaligned-entry', [(rt_off, '>Q', 0x10001)])
make('refuse-l1-entry-misaligned', [(l1_off, '>Q', (1 << 63) | l2_off + 512)])
# Open succeeds; the request touching the bad metadata fails (or reads zeros past EOF).
make('io-l2-entry-misaligned', [(l2_off, '>Q', (1 << 63) | 0x10200)])
make('io-l2-entry-beyond-eof', [(l2_off, '>Q', (1 << 63) | (1 << 50))])
make('io-l2-points-at-l1', [(l2_off, '>Q', (1 << 63) | l1_off)])
make('io-compressed-garbage', [(l2_off, '>Q', (1 << 62) | 0x3fffffffffffffff)])
make('io-compressed-zero', [(l2_off, '>Q', (1 << 62) | 5)])
make('io-l1-points-at-rt', [(l1_off, '>Q', (1 << 63) | rt_off)])
make('io-refblock-beyond-eof', [(rt_off, '>Q', 1 << 45)])
make('io-refblock-is-l1', [(rt_off, '>Q', l1_off)])
make('io-refblock-full', [(struct.unpack_from('>Q', img, rt_off)[0] + 2 * i, '>H', 0xffff)
                          for i in range(64)])
