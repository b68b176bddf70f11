#!/usr/bin/env python3
"""Writes an assembly file of instruction words for the disassembler comparison: every 16-bit
compressed encoding, and seeded random 32-bit words for every major opcode."""
import random
import sys

MAJOR = [0x03, 0x07, 0x0f, 0x13, 0x17, 0x1b, 0x23, 0x27, 0x2f, 0x33, 0x37, 0x3b, 0x43, 0x47,
         0x4b, 0x4f, 0x53, 0x63, 0x67, 0x6f, 0x73]
CSRS = [0x001, 0x002, 0x003, 0xc00, 0xc01, 0xc02, 0xc03, 0x100, 0x104, 0x105, 0x140, 0x141,
        0x142, 0x143, 0x144, 0x180, 0x300, 0x301, 0x302, 0x303, 0x304, 0x305, 0x340, 0x341,
        0x342, 0x343, 0x344, 0x3a0, 0x3b0, 0xb00, 0xf14, 0x7c0, 0x800]


def word32(rng, op):
    w = rng.getrandbits(25) << 7 | op
    r = rng.random()
    if op in (0x33, 0x3b, 0x13, 0x1b, 0x53) and r < 0.5:
        # bias funct7 / high bits towards defined values
        w = (w & 0x01ffffff) | rng.choice([0, 1, 4, 5, 7, 0x10, 0x14, 0x20, 0x24, 0x30, 0x34,
                                           0x2c, 0x2d, 0x10, 0x11, 0x14, 0x15, 0x50, 0x51,
                                           0x60, 0x61, 0x68, 0x69, 0x70, 0x71, 0x78, 0x79,
                                           0x21, 0x20, 0x35, 0x34, 0x05]) << 25
    if op in (0x13, 0x1b) and rng.random() < 0.3:
        w = (w & 0x000fffff) | rng.choice([0x600, 0x601, 0x602, 0x604, 0x605, 0x287, 0x6b8,
                                           0, 1, 0xfff, 0xff]) << 20
    if op in (0x53,) and rng.random() < 0.5:
        w = (w & ~0x01f00000) | rng.randrange(4) << 20
    if op in (0x53, 0x43, 0x47, 0x4b, 0x4f) and rng.random() < 0.5:
        w = (w & ~0x7000) | 0x7000
    if op == 0x73:
        w = (w & 0x000fffff) | rng.choice(CSRS) << 20
        if rng.random() < 0.2:
            w = rng.choice([0x73, 0x00100073, 0x10200073, 0x30200073, 0x10500073,
                            0x12000073 | rng.getrandbits(10) << 15, 0xc0001073])
    if op == 0x0f and rng.random() < 0.7:
        w = rng.choice([0x0ff0000f, 0x8330000f, 0x0000100f, 0x0100000f,
                        rng.choice([0, 1, 2, 4, 3]) << 20 | rng.getrandbits(5) << 15 | 0x200f,
                        rng.getrandbits(8) << 20 | 0xf])
    if op in (0x2f,) and rng.random() < 0.7:
        w = (w & ~0x7000) | rng.choice([2, 3]) << 12
    if rng.random() < 0.1:
        w &= ~(0x1f << 15)      # rs1 = zero
    if rng.random() < 0.1:
        w &= ~(0x1f << 20)      # rs2 = zero
    if rng.random() < 0.05:
        w &= ~(0x1f << 7)       # rd = zero
    return w


def main():
    rng = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
    per_op = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    print('\t.text')
    for c in range(0x10000):
        if c & 3 != 3:
            print('\t.2byte 0x%04x' % c)
    for op in MAJOR:
        for _ in range(per_op):
            print('\t.4byte 0x%08x' % word32(rng, op))


if __name__ == '__main__':
    main()
