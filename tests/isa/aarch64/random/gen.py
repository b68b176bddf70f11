#!/usr/bin/env python3
"""Random A64 instruction sequences for the differential test (run.sh): writes an assembly
file whose _start loads x0..x15 and NZCV, runs N sequences of random data-processing
instructions on x0..x15 (no memory, no branches), and after each one writes x0..x15 and NZCV
to stdout, so that trix-aarch64 and qemu-aarch64 can be compared register by register.
With a 4th argument "simd" (gen.py SEED NSEQ LEN simd) V0..V31 are loaded too and the
sequences mix in AdvSIMD permutes, TBL/TBX, DUP/INS/UMOV/SMOV, crypto (AES, SHA1, SHA256,
PMULL) and structure loads/stores on a buffer (x20 fixed, x19 post-indexed from x20 each
sequence); each dump then adds x19 - x20 and V0..V31 (656 bytes)."""
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


V = lambda rnd: rnd.randrange(32)


def enc_perm(rnd):
    q, rd, rn, rm = rnd.randrange(2), V(rnd), V(rnd), V(rnd)
    k = rnd.randrange(7)
    if k == 0:      # UZP/TRN/ZIP
        size = rnd.randrange(4 if q else 3)
        op = rnd.choice([1, 2, 3, 5, 6, 7])
        return q << 30 | 0b001110 << 24 | size << 22 | rm << 16 | op << 12 | 0b10 << 10 | rn << 5 | rd
    if k == 1:      # EXT
        return q << 30 | 0b101110 << 24 | rm << 16 | rnd.randrange(16 if q else 8) << 11 | rn << 5 | rd
    if k == 2:      # TBL/TBX, 1-4 table registers
        return q << 30 | 0b001110 << 24 | rm << 16 | rnd.randrange(4) << 13 | rnd.randrange(2) << 12 | rn << 5 | rd
    if k == 3:      # DUP (element), INS (element)
        esz = rnd.randrange(4 if q else 3)
        imm5 = (rnd.randrange(16 >> esz) << 1 | 1) << esz
        if rnd.randrange(2):
            return q << 30 | 0b001110000 << 21 | imm5 << 16 | 1 << 10 | rn << 5 | rd
        imm4 = rnd.randrange(16 >> esz) << esz
        return 0b01101110000 << 21 | imm5 << 16 | imm4 << 11 | 1 << 10 | rn << 5 | rd
    if k == 4:      # UMOV/SMOV to x0..x15
        xd = R(rnd)
        if rnd.randrange(2):    # UMOV: W for b/h/s, X for d
            esz = rnd.randrange(4)
            qq = 1 if esz == 3 else 0
            imm5 = (rnd.randrange(16 >> esz) << 1 | 1) << esz
            return qq << 30 | 0b001110000 << 21 | imm5 << 16 | 0b001111 << 10 | rn << 5 | xd
        qq = rnd.randrange(2)
        esz = rnd.randrange(3 if qq else 2)
        imm5 = (rnd.randrange(16 >> esz) << 1 | 1) << esz
        return qq << 30 | 0b001110000 << 21 | imm5 << 16 | 0b001011 << 10 | rn << 5 | xd
    if k == 5:      # crypto: AES, SHA 3-reg, SHA 2-reg
        c = rnd.randrange(3)
        if c == 0:
            return 0x4e284800 | rnd.randrange(4) << 12 | rn << 5 | rd
        if c == 1:
            return 0x5e000000 | rm << 16 | rnd.randrange(7) << 12 | rn << 5 | rd
        return 0x5e280800 | rnd.randrange(3) << 12 | rn << 5 | rd
    return 0x0e20e000 | q << 30 | rnd.choice([0, 3]) << 22 | rm << 16 | rn << 5 | rd   # PMULL


def enc_struct(rnd):
    """LD1-LD4/ST1-ST4 (multiple, single, replicate) at [x20] or post-indexed on x19."""
    q, l, rt = rnd.randrange(2), rnd.randrange(2), V(rnd)
    post = rnd.randrange(2)
    rn = 19 if post else 20
    if rnd.randrange(2):    # multiple structures
        opcode = rnd.choice([0, 2, 4, 6, 7, 8, 10])
        size = rnd.randrange(4)
        if size == 3 and not q and opcode in (0, 4, 8):
            size = 2
        return q << 30 | 0b0011000 << 23 | post << 23 | l << 22 | (31 << 16 if post else 0) | opcode << 12 | size << 10 | rn << 5 | rt
    r, opc, s, size = rnd.randrange(2), rnd.randrange(8), rnd.randrange(2), rnd.randrange(4)
    scale = opc >> 1
    if scale == 1:
        size &= 2
    elif scale == 2:
        size &= 1
        if size:
            s = 0
    elif scale == 3:
        l, s = 1, 0
    return q << 30 | 0b0011010 << 23 | post << 23 | l << 22 | r << 21 | (31 << 16 if post else 0) | opc << 13 | s << 12 | size << 10 | rn << 5 | rt


def enc_simd(rnd):
    k = rnd.randrange(10)
    return enc(rnd) if k < 2 else enc_struct(rnd) if k < 4 else enc_perm(rnd)


def program(rnd, nseq, seqlen, insn, setup=(), per_seq=lambda: [], vec_word=None, data=()):
    """The test program: _start loads x0..x15 and NZCV from `init`, then the `setup` lines;
    nseq times: per_seq() lines, seqlen instructions insn(rnd), a call of dump. dump writes
    x0..x15 and NZCV (136 bytes) to stdout, keeping every register and the flags; with
    vec_word (lines that leave a 64-bit word in x23) also that word and Q0..Q31 (656 bytes).
    `data` lines follow the initial values."""
    out = [".text", ".globl _start", "_start:", "adr x20, init", "ldp x0, x1, [x20]"]
    for i in range(2, 16, 2):
        out.append("ldp x%d, x%d, [x20, #%d]" % (i, i + 1, i * 8))
    out += ["ldr x21, [x20, #128]", "msr nzcv, x21"] + list(setup)
    for _ in range(nseq):
        out += per_seq()
        out += [".inst 0x%08x" % insn(rnd) for _ in range(seqlen)]
        out.append("bl dump")
    out += ["mov x0, #0", "mov x8, #93", "svc #0", "dump:", "adr x22, buf"]
    for i in range(0, 16, 2):
        out.append("stp x%d, x%d, [x22, #%d]" % (i, i + 1, i * 8))
    out += ["mrs x21, nzcv", "str x21, [x22, #128]"]
    if vec_word:
        out += list(vec_word) + ["str x23, [x22, #136]", "add x23, x22, #144"]
        out += ["stp q%d, q%d, [x23, #%d]" % (i, i + 1, i * 16) for i in range(0, 32, 2)]
    out += ["mov x23, x0", "mov x24, x1",
            "mov x25, x2", "mov x26, x8", "mov x0, #1", "mov x1, x22",
            "mov x2, #%d" % (656 if vec_word else 136),
            "mov x8, #64", "svc #0", "mov x0, x23", "mov x1, x24", "mov x2, x25", "mov x8, x26",
            "msr nzcv, x21", "ret", ".data", ".balign 8", "init:"]
    out += [".quad 0x%016x" % rnd.choice([rnd.getrandbits(64), 0, 1, 0xffffffffffffffff,
                                           0x8000000000000000, 0x7fffffff, 0x80000000,
                                           rnd.getrandbits(32)]) for _ in range(16)]
    out += [".quad 0x%08x" % (rnd.randrange(16) << 28)] + list(data)
    out += [".balign 16", "buf: .fill 656"]
    return "\n".join(out)


def main():
    seed, nseq, seqlen = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    simd = len(sys.argv) > 4 and sys.argv[4] == "simd"
    rnd = random.Random(seed)
    if not simd:
        print(program(rnd, nseq, seqlen, enc))
        return
    setup = ["adr x20, vinit"] + ["ldp q%d, q%d, [x20, #%d]" % (i, i + 1, i * 16)
                                  for i in range(0, 32, 2)] + ["adr x20, sbuf"]
    special = [0, 0xffffffffffffffff, 0x8080808080808080, 0x0f1e2d3c4b5a6978,
               0x3f3f3f3f40404040]         # TBL indices in and out of range
    data = ["vinit:"] + [".quad 0x%016x" % (rnd.getrandbits(64) if rnd.randrange(4)
                                            else rnd.choice(special)) for _ in range(64)]
    data.append("sbuf:")    # room for x19 post-indexed by up to 64 bytes per insn
    data += [".quad 0x%016x" % rnd.getrandbits(64) for _ in range(8 * seqlen + 16)]
    print(program(rnd, nseq, seqlen, enc_simd, setup, lambda: ["mov x19, x20"],
                  ["sub x23, x19, x20"], data))


if __name__ == "__main__":
    main()
