#!/usr/bin/env python3
"""Random A64 FP instruction sequences (run.sh with A64RAND_FP=1): writes an
assembly file whose _start loads x0..x15 and NZCV, runs N sequences of random data-processing
instructions on x0..x15 (no memory, no branches), and after each one writes x0..x15 and NZCV
to stdout, so that trix-aarch64 and qemu-aarch64 can be compared register by register.
With a fourth argument "fp" the sequences are scalar and AdvSIMD FP instructions (fp_enc) on
v0..v15 under a random FPCR (changed between sequences now and then), and each dump also
holds FPSR and V0..V31."""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen import R, enc, program     # the integer encoder and program layout (gen.py)


# FP lane values: specials (zeros, denormals, infinities, quiet/signalling NaNs, limits).
S_SPECIAL = [0, 0x80000000, 0x3f800000, 0xbf800000, 1, 0x807fffff, 0x00800000, 0x7f7fffff,
             0x7f800000, 0xff800000, 0x7fc00000, 0x7fc12345, 0xff800001, 0x4f000000, 0xcf000000,
             0x3f000000, 0x4b000001, 0x5f000000]
D_SPECIAL = [0, 1 << 63, 0x3ff0000000000000, 0xbff8000000000000, 1, 0x000fffffffffffff,
             0x7fefffffffffffff, 0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000,
             0x7ff4000000000001, 0xfff8000000000abc, 0x43e0000000000000, 0x41e0000000000000,
             0x3fe0000000000000, 0x4330000000000001]
# Valid (u, a, opc) of the vector three-same FP group and its scalar subset.
V3 = [(0, 0, o) for o in (0, 1, 2, 3, 4, 6, 7)] + [(0, 1, o) for o in (0, 1, 2, 6, 7)] + \
     [(1, 0, o) for o in (0, 2, 3, 4, 5, 6, 7)] + [(1, 1, o) for o in (0, 2, 4, 5, 6)]
S3 = [(0, 0, 3), (0, 0, 4), (0, 0, 7), (0, 1, 7), (1, 0, 4), (1, 0, 5), (1, 1, 2), (1, 1, 4),
      (1, 1, 5)]
# Valid (u, a, opcode) of two-register misc FP, vector and scalar.
V2 = [(u, 1, o) for u in (0, 1) for o in (12, 13, 15)] + [(0, 1, 14), (0, 0, 22), (1, 0, 22),
     (0, 0, 23)] + [(u, a, o) for u in (0, 1) for a in (0, 1) for o in (24, 25, 26, 27, 29)
                    if (u, a, o) != (1, 1, 24)] + [(0, 0, 28), (1, 0, 28), (1, 1, 31)] + \
     [(u, 0, o) for u in (0, 1) for o in (30, 31)] + [(0, 1, 28), (1, 1, 28)]
S2 = [(u, 1, o) for u in (0, 1) for o in (12, 13)] + [(0, 1, 14), (1, 0, 22), (0, 0, 28),
     (1, 0, 28), (0, 1, 31)] + [(u, a, o) for u in (0, 1) for a in (0, 1) for o in (26, 27, 29)]


def fp_enc(rnd):
    """One random scalar or AdvSIMD FP instruction on v0..v15 (and x0..x15 for conversions)."""
    rd, rn, rm, ra = R(rnd), R(rnd), R(rnd), R(rnd)
    ft, sf, q, sz = rnd.randrange(2), rnd.randrange(2), rnd.randrange(2), rnd.randrange(2)
    if not q:
        sz = 0
    k = rnd.randrange(16)
    if k == 0:      # 2-source
        return 0x1e200800 | ft << 22 | rm << 16 | rnd.randrange(9) << 12 | rn << 5 | rd
    if k == 1:      # 3-source
        return 0x1f000000 | ft << 22 | rnd.randrange(2) << 21 | rm << 16 | rnd.randrange(2) << 15 | ra << 10 | rn << 5 | rd
    if k == 2:      # 1-source: fmov fabs fneg fsqrt fcvt frint*
        if rnd.randrange(8) == 0:   # fjcvtzs
            return 0x1e7e0000 | rn << 5 | rd
        op = rnd.choice([0, 1, 2, 3, 8, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19] + [4 + t for t in (0, 1, 3) if t != ft])
        return 0x1e204000 | ft << 22 | op << 15 | rn << 5 | rd
    if k == 3:      # fcmp/fcmpe (zero), fccmp/fccmpe, fcsel
        c = rnd.randrange(3)
        if c == 0:
            return 0x1e202000 | ft << 22 | rm << 16 | rn << 5 | rnd.choice([0, 8, 16, 24])
        if c == 1:
            return 0x1e200400 | ft << 22 | rm << 16 | rnd.randrange(16) << 12 | rn << 5 | rnd.randrange(32)
        return 0x1e200c00 | ft << 22 | rm << 16 | rnd.randrange(16) << 12 | rn << 5 | rd
    if k == 4:      # fp <-> integer
        rmode, op = rnd.choice([(r, o) for r in range(4) for o in (0, 1)] + [(0, 2), (0, 3), (0, 4), (0, 5)])
        return sf << 31 | 0x1e200000 | ft << 22 | rmode << 19 | op << 16 | rn << 5 | rd
    if k == 5:      # fixed point
        rmode, op = rnd.choice([(3, 0), (3, 1), (0, 2), (0, 3)])
        scale = rnd.randrange(32, 64) if not sf else rnd.randrange(64)
        return sf << 31 | 0x1e000000 | ft << 22 | rmode << 19 | op << 16 | scale << 10 | rn << 5 | rd
    if k in (6, 7, 8):  # vector three same
        u, a, opc = rnd.choice(V3)
        return 0x0e20c400 | q << 30 | u << 29 | a << 23 | sz << 22 | rm << 16 | opc << 11 | rn << 5 | rd
    if k == 9:      # scalar three same
        u, a, opc = rnd.choice(S3)
        return 0x5e20c400 | u << 29 | a << 23 | ft << 22 | rm << 16 | opc << 11 | rn << 5 | rd
    if k in (10, 11):   # vector two-register misc
        u, a, opc = rnd.choice(V2)
        if opc == 28 and a:     # urecpe/ursqrte: 32-bit lanes
            sz = 0
        if opc in (22, 23):
            sz = rnd.randrange(2) if (u, opc) != (1, 22) else 1
            q = rnd.randrange(2)
        return 0x0e200800 | q << 30 | u << 29 | a << 23 | sz << 22 | opc << 12 | rn << 5 | rd
    if k == 12:     # scalar two-register misc
        u, a, opc = rnd.choice(S2)
        if opc == 22:
            ft = 1
        return 0x5e200800 | u << 29 | a << 23 | ft << 22 | opc << 12 | rn << 5 | rd
    if k == 13 and rnd.randrange(3) == 0:   # fixed point by immediate, vector or scalar
        immh = rnd.randrange(4, 16)
        if immh >= 8 and rnd.randrange(2):
            base, q = 0x5f00e400, 0
        else:
            base = 0x0f00e400
            q = 1 if immh >= 8 else q
        return base | q << 30 | rnd.randrange(2) << 29 | immh << 19 | rnd.randrange(8) << 16 | rnd.choice([0, 3]) << 11 | rn << 5 | rd
    if k == 13:     # scalar pairwise, across lanes
        if rnd.randrange(2):
            a, opc = rnd.choice([(0, 12), (0, 13), (0, 15), (1, 12), (1, 15)])
            return 0x7e300800 | a << 23 | ft << 22 | opc << 12 | rn << 5 | rd
        return 0x6e30c800 | rnd.randrange(2) << 23 | rnd.choice([0, 3]) << 12 | rn << 5 | rd
    # by element: fmla fmls fmul fmulx, vector or scalar
    u, opc = rnd.choice([(0, 1), (0, 5), (0, 9), (1, 9)])
    scalar = k == 15
    if scalar:
        q, sz = 0, ft
    h, l = rnd.randrange(2), 0 if sz else rnd.randrange(2)
    m = rnd.randrange(2) if not sz else rm >> 4
    base = 0x5f800000 if scalar else 0x0f800000
    return base | q << 30 | u << 29 | sz << 22 | l << 21 | m << 20 | (rm & 15) << 16 | opc << 12 | h << 11 | rn << 5 | rd


def fp_value(rnd):
    lo = lambda: rnd.choice(S_SPECIAL + [rnd.getrandbits(32), rnd.getrandbits(23) | 0x3f000000])
    c = rnd.randrange(3)
    if c == 0:
        return lo() | lo() << 32
    if c == 1:
        return rnd.choice(D_SPECIAL + [rnd.getrandbits(52) | 0x3fe0000000000000])
    return rnd.getrandbits(64)


def main():
    seed, nseq, seqlen = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    rnd = random.Random(seed)
    if not (len(sys.argv) > 4 and sys.argv[4] == "fp"):
        print(program(rnd, nseq, seqlen, enc))
        return
    setup = ["adr x20, vinit"] + ["ldp q%d, q%d, [x20, #%d]" % (i, i + 1, i * 16)
                                  for i in range(0, 16, 2)]
    setup += ["ldr x21, [x20, #256]", "msr fpcr, x21", "msr fpsr, xzr"]
    modes = [0, 1 << 22, 2 << 22, 3 << 22, 1 << 24, 1 << 25, 3 << 24, 1 << 26, 0, 0]

    def per_seq():          # a new FPCR (RMode, FZ, DN, AHP) now and then
        if rnd.randrange(4) == 0:
            return ["mov x21, #0x%x" % rnd.choice(modes), "msr fpcr, x21"]
        return []
    data = [".balign 16", "vinit:"] + [".quad 0x%016x" % fp_value(rnd) for _ in range(32)]
    data.append(".quad 0x%08x" % rnd.choice(modes))
    print(program(rnd, nseq, seqlen, fp_enc, setup, per_seq, ["mrs x23, fpsr"], data))


main()
