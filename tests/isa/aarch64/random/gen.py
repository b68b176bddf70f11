#!/usr/bin/env python3
"""Random A64 integer instruction sequences for the differential test (run.sh): writes an
assembly file whose _start loads x0..x15 and NZCV, runs N sequences of random data-processing
instructions on x0..x15 (no memory, no branches), and after each one writes x0..x15 and NZCV
to stdout, so that trix-aarch64 and qemu-aarch64 can be compared register by register."""
import random
import sys

R = lambda rnd: rnd.randrange(16)


def enc(rnd):
    sf = rnd.randrange(2)
    rd, rn, rm, ra = R(rnd), R(rnd), R(rnd), R(rnd)
    k = rnd.randrange(12)
    if k == 0:      # add/sub (shifted register), any S
        op, s, sh = rnd.randrange(2), rnd.randrange(2), rnd.randrange(3)
        imm = rnd.randrange(64 if sf else 32)
        return sf << 31 | op << 30 | s << 29 | 0b01011 << 24 | sh << 22 | rm << 16 | imm << 10 | rn << 5 | rd
    if k == 1:      # logical (shifted register)
        opc, sh, n = rnd.randrange(4), rnd.randrange(4), rnd.randrange(2)
        imm = rnd.randrange(64 if sf else 32)
        return sf << 31 | opc << 29 | 0b01010 << 24 | sh << 22 | n << 21 | rm << 16 | imm << 10 | rn << 5 | rd
    if k == 2:      # adc/sbc
        return sf << 31 | rnd.randrange(2) << 30 | rnd.randrange(2) << 29 | 0b11010000 << 21 | rm << 16 | rn << 5 | rd
    if k == 3:      # add/sub immediate
        return sf << 31 | rnd.randrange(2) << 30 | rnd.randrange(2) << 29 | 0b100010 << 23 | rnd.randrange(2) << 22 | rnd.randrange(4096) << 10 | rn << 5 | rd
    if k == 4:      # csel family
        return sf << 31 | rnd.randrange(2) << 30 | 0b11010100 << 21 | rm << 16 | rnd.randrange(16) << 12 | rnd.randrange(2) << 10 | rn << 5 | rd
    if k == 5:      # ccmp/ccmn register or immediate
        return sf << 31 | rnd.randrange(2) << 30 | 1 << 29 | 0b11010010 << 21 | rm << 16 | rnd.randrange(16) << 12 | rnd.randrange(2) << 11 | rn << 5 | rnd.randrange(16)
    if k == 6:      # madd/msub
        return sf << 31 | 0b11011 << 24 | rm << 16 | rnd.randrange(2) << 15 | ra << 10 | rn << 5 | rd
    if k == 7:      # 2-source: udiv sdiv lslv lsrv asrv rorv
        op = rnd.choice([2, 3, 8, 9, 10, 11])
        return sf << 31 | 0b11010110 << 21 | rm << 16 | op << 10 | rn << 5 | rd
    if k == 8:      # 1-source: rbit rev16 rev32/rev rev clz cls
        op = rnd.choice([0, 1, 2, 4, 5] + ([3] if sf else []))
        return sf << 31 | 1 << 30 | 0b11010110 << 21 | op << 10 | rn << 5 | rd
    if k == 9:      # bitfield sbfm bfm ubfm
        w = 64 if sf else 32
        return sf << 31 | rnd.randrange(3) << 29 | 0b100110 << 23 | sf << 22 | rnd.randrange(w) << 16 | rnd.randrange(w) << 10 | rn << 5 | rd
    if k == 10:     # extr
        w = 64 if sf else 32
        return sf << 31 | 0b100111 << 23 | sf << 22 | rm << 16 | rnd.randrange(w) << 10 | rn << 5 | rd
    # smulh/umulh, smaddl/umaddl
    op = rnd.choice([1, 2, 5, 6])
    if op in (2, 6):
        ra = 31
    return 1 << 31 | 0b11011 << 24 | op << 21 | rm << 16 | ra << 10 | rn << 5 | rd


def main():
    seed, nseq, seqlen = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    rnd = random.Random(seed)
    out = [".text", ".globl _start", "_start:", "adr x20, init", "ldp x0, x1, [x20]"]
    for i in range(2, 16, 2):
        out.append("ldp x%d, x%d, [x20, #%d]" % (i, i + 1, i * 8))
    out.append("ldr x21, [x20, #128]")
    out.append("msr nzcv, x21")
    for _ in range(nseq):
        out += [".inst 0x%08x" % enc(rnd) for _ in range(seqlen)]
        out.append("bl dump")
    out += ["mov x0, #0", "mov x8, #93", "svc #0",
            # dump: x0..x15 and NZCV to stdout, keeping every register and the flags
            "dump:", "adr x22, buf"]
    for i in range(0, 16, 2):
        out.append("stp x%d, x%d, [x22, #%d]" % (i, i + 1, i * 8))
    out += ["mrs x21, nzcv", "str x21, [x22, #128]", "mov x23, x0", "mov x24, x1",
            "mov x25, x2", "mov x26, x8", "mov x0, #1", "mov x1, x22", "mov x2, #136",
            "mov x8, #64", "svc #0", "mov x0, x23", "mov x1, x24", "mov x2, x25", "mov x8, x26",
            "msr nzcv, x21", "ret", ".data", ".balign 8", "init:"]
    out += [".quad 0x%016x" % rnd.choice([rnd.getrandbits(64), 0, 1, 0xffffffffffffffff,
                                           0x8000000000000000, 0x7fffffff, 0x80000000,
                                           rnd.getrandbits(32)]) for _ in range(16)]
    out += [".quad 0x%08x" % (rnd.randrange(16) << 28), "buf: .fill 136"]
    print("\n".join(out))


main()
