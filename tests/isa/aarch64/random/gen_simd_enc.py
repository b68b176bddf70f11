#!/usr/bin/env python3
"""Random raw encodings of the AdvSIMD integer patterns (target/arm64/a64_simd_int.decode)
for enc_run.sh: every variable field random (so reserved sizes and unallocated opcodes
appear too), one function per encoding (`.inst X; ret`), and a table for simd_enc.c. The
oracle (qemu-aarch64 -cpu cortex-a72, the CPU trix models) says which ones UNDEF."""
import random
import re
import sys


def patterns(path):
    """(fixed mask, fixed bits) of every pattern line of the decode file."""
    out = []
    for line in open(path):
        line = line.split('#', 1)[0].split()
        if not line or line[0] in ('{', '}') or line[0][0] in '&%@':
            continue
        pos, mask, bits = 32, 0, 0
        for t in line[1:]:
            if re.fullmatch(r'[01.\-]+', t):
                for ch in t:
                    pos -= 1
                    if ch in '01':
                        mask |= 1 << pos
                        bits |= int(ch) << pos
            elif re.fullmatch(r'[a-z_0-9]+:s?\d+', t):
                pos -= int(t.split(':')[1].lstrip('s'))
        if pos == 0 and line[0] != 'MOVI':
            out.append((mask, bits))
    return out


def main():
    path, seed, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rnd = random.Random(seed)
    pats = patterns(path)
    out = [".text"]
    for i in range(n):
        mask, bits = rnd.choice(pats)
        out += [".p2align 3", "t_%d:" % i, ".inst 0x%08x" % (bits | (rnd.getrandbits(32) & ~mask)),
                "ret"]
    out += [".data", ".p2align 3", ".globl enc_tests", "enc_tests:"]
    out += [".quad t_%d" % i for i in range(n)]
    out += [".globl enc_count", "enc_count: .quad %d" % n, ".globl enc_init", "enc_init:"]
    for _ in range(64):
        out.append(".quad 0x%016x" % rnd.choice([rnd.getrandbits(64), 0, 2**64 - 1,
                                                  0x8000000080008080, 0x7fffffff7fff7f7f,
                                                  rnd.getrandbits(8) * 0x0101010101010101]))
    print("\n".join(out))


main()
