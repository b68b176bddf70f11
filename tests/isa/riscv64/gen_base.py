#!/usr/bin/env python3
"""Writes the table-driven base_*.c ISA tests from a small model of the RISC-V unprivileged spec.

The generated files hold literal expected values, so they are read and reviewed like hand-written
tests; rerun this script (python3 gen_base.py) after changing a value list or an operation.
"""
import os

M64 = (1 << 64) - 1
M32 = (1 << 32) - 1


def sx(x, bits):
    x &= (1 << bits) - 1
    return x - (1 << bits) if x >> (bits - 1) else x


def s64(x):
    return sx(x, 64)


def sx32(x):
    return sx(x, 32) & M64


def u32(x):
    return x & M32


def tdiv(a, b):  # C-style truncating division on Python ints
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def div(a, b, bits):
    sa, sb = sx(a, bits), sx(b, bits)
    if sb == 0:
        return -1
    if sa == -(1 << (bits - 1)) and sb == -1:
        return sa
    return tdiv(sa, sb)


def rem(a, b, bits):
    sa, sb = sx(a, bits), sx(b, bits)
    if sb == 0:
        return sa
    if sa == -(1 << (bits - 1)) and sb == -1:
        return 0
    return sa - tdiv(sa, sb) * sb


def divu(a, b, bits):
    m = (1 << bits) - 1
    a, b = a & m, b & m
    return m if b == 0 else a // b


def remu(a, b, bits):
    m = (1 << bits) - 1
    a, b = a & m, b & m
    return a if b == 0 else a % b


def clz(x, bits):
    x &= (1 << bits) - 1
    return bits - x.bit_length()


def ctz(x, bits):
    x &= (1 << bits) - 1
    if x == 0:
        return bits
    return (x & -x).bit_length() - 1


def rol(x, n, bits):
    m = (1 << bits) - 1
    x &= m
    n %= bits
    return ((x << n) | (x >> (bits - n))) & m


def ror(x, n, bits):
    return rol(x, (bits - n % bits) % bits, bits)


def clmul_full(a, b):
    r = 0
    for i in range(64):
        if (b >> i) & 1:
            r ^= a << i
    return r


def orc_b(x):
    r = 0
    for i in range(8):
        if (x >> (8 * i)) & 0xff:
            r |= 0xff << (8 * i)
    return r


def rev8(x):
    return int.from_bytes(x.to_bytes(8, "little"), "big")


R = {
    # RV64I
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "sll": lambda a, b: a << (b & 63),
    "slt": lambda a, b: int(s64(a) < s64(b)),
    "sltu": lambda a, b: int(a < b),
    "xor": lambda a, b: a ^ b,
    "srl": lambda a, b: a >> (b & 63),
    "sra": lambda a, b: s64(a) >> (b & 63),
    "or": lambda a, b: a | b,
    "and": lambda a, b: a & b,
    "addw": lambda a, b: sx32(a + b),
    "subw": lambda a, b: sx32(a - b),
    "sllw": lambda a, b: sx32(u32(a) << (b & 31)),
    "srlw": lambda a, b: sx32(u32(a) >> (b & 31)),
    "sraw": lambda a, b: sx32(sx(a, 32) >> (b & 31)),
    # M
    "mul": lambda a, b: a * b,
    "mulh": lambda a, b: (s64(a) * s64(b)) >> 64,
    "mulhsu": lambda a, b: (s64(a) * b) >> 64,
    "mulhu": lambda a, b: (a * b) >> 64,
    "div": lambda a, b: div(a, b, 64),
    "divu": lambda a, b: divu(a, b, 64),
    "rem": lambda a, b: rem(a, b, 64),
    "remu": lambda a, b: remu(a, b, 64),
    "mulw": lambda a, b: sx32(a * b),
    "divw": lambda a, b: sx32(div(a, b, 32)),
    "divuw": lambda a, b: sx32(divu(a, b, 32)),
    "remw": lambda a, b: sx32(rem(a, b, 32)),
    "remuw": lambda a, b: sx32(remu(a, b, 32)),
    # Zba
    "add.uw": lambda a, b: u32(a) + b,
    "sh1add": lambda a, b: (a << 1) + b,
    "sh2add": lambda a, b: (a << 2) + b,
    "sh3add": lambda a, b: (a << 3) + b,
    "sh1add.uw": lambda a, b: (u32(a) << 1) + b,
    "sh2add.uw": lambda a, b: (u32(a) << 2) + b,
    "sh3add.uw": lambda a, b: (u32(a) << 3) + b,
    # Zbb
    "andn": lambda a, b: a & ~b,
    "orn": lambda a, b: a | ~b,
    "xnor": lambda a, b: ~(a ^ b),
    "max": lambda a, b: max(s64(a), s64(b)),
    "maxu": lambda a, b: max(a, b),
    "min": lambda a, b: min(s64(a), s64(b)),
    "minu": lambda a, b: min(a, b),
    "rol": lambda a, b: rol(a, b & 63, 64),
    "ror": lambda a, b: ror(a, b & 63, 64),
    "rolw": lambda a, b: sx32(rol(a, b & 31, 32)),
    "rorw": lambda a, b: sx32(ror(a, b & 31, 32)),
    # Zbc
    "clmul": lambda a, b: clmul_full(a, b),
    "clmulh": lambda a, b: clmul_full(a, b) >> 64,
    "clmulr": lambda a, b: clmul_full(a, b) >> 63,
    # Zbs
    "bclr": lambda a, b: a & ~(1 << (b & 63)),
    "bext": lambda a, b: (a >> (b & 63)) & 1,
    "binv": lambda a, b: a ^ (1 << (b & 63)),
    "bset": lambda a, b: a | (1 << (b & 63)),
    # Zicond
    "czero.eqz": lambda a, b: 0 if b == 0 else a,
    "czero.nez": lambda a, b: 0 if b != 0 else a,
}

U = {
    "clz": lambda a: clz(a, 64),
    "clzw": lambda a: clz(a, 32),
    "ctz": lambda a: ctz(a, 64),
    "ctzw": lambda a: ctz(a, 32),
    "cpop": lambda a: bin(a).count("1"),
    "cpopw": lambda a: bin(u32(a)).count("1"),
    "sext.b": lambda a: sx(a, 8),
    "sext.h": lambda a: sx(a, 16),
    "zext.h": lambda a: a & 0xffff,
    "orc.b": orc_b,
    "rev8": rev8,
}

I = {
    "addi": lambda a, i: a + i,
    "slti": lambda a, i: int(s64(a) < i),
    "sltiu": lambda a, i: int(a < (i & M64)),
    "xori": lambda a, i: a ^ i,
    "ori": lambda a, i: a | i,
    "andi": lambda a, i: a & i,
    "addiw": lambda a, i: sx32(a + i),
    "slli": lambda a, i: a << i,
    "srli": lambda a, i: a >> i,
    "srai": lambda a, i: s64(a) >> i,
    "slliw": lambda a, i: sx32(u32(a) << i),
    "srliw": lambda a, i: sx32(u32(a) >> i),
    "sraiw": lambda a, i: sx32(sx(a, 32) >> i),
    "slli.uw": lambda a, i: u32(a) << i,
    "rori": lambda a, i: ror(a, i, 64),
    "roriw": lambda a, i: sx32(ror(a, i, 32)),
    "bclri": lambda a, i: a & ~(1 << i),
    "bexti": lambda a, i: (a >> i) & 1,
    "binvi": lambda a, i: a ^ (1 << i),
    "bseti": lambda a, i: a | (1 << i),
}

VALS = [0, 1, M64, 0x8000000000000000, 0x7FFFFFFFFFFFFFFF, 0x80000000, 0x7FFFFFFF, 0xFFFFFFFF,
        0xFFFFFFFF80000000, 0x123456789ABCDEF0, 0xFEDCBA9876543211, 0x00000000FFFF8001]
SHIFTS = [0, 1, 31, 32, 33, 63, 64, 0xFFFFFFFFFFFFFFC5]
DIVISORS = [0, 1, M64, 2, 3, 7, 0x8000000000000000, 0x7FFFFFFFFFFFFFFF, 0xFFFFFFFF, 0x80000000,
            0xFFFFFFFF80000000, 0x1FFFFFFFF, 0x00000000FFFFFFFE]
IMM12 = [0, 1, -1, 2047, -2048, 0x555, -0x556]
SHAMT64 = [0, 1, 31, 32, 63]
SHAMT32 = [0, 1, 15, 31]

SHIFT_OPS = {"sll", "srl", "sra", "sllw", "srlw", "sraw", "rol", "ror", "rolw", "rorw",
             "bclr", "bext", "binv", "bset"}
DIV_OPS = {"div", "divu", "rem", "remu", "divw", "divuw", "remw", "remuw"}


def lit(v):
    return "0x%016xULL" % (v & M64)


def cases_r(op):
    if op in SHIFT_OPS:
        seconds = SHIFTS
    elif op in DIV_OPS:
        seconds = DIVISORS
    else:
        seconds = VALS
    firsts = VALS + ([0xFFFFFFFF7FFFFFFF, 0x8000000100000000] if op in DIV_OPS else [])
    return [(a, b) for a in firsts for b in seconds]


def imms(op):
    if op.endswith("iw"):
        return SHAMT32
    if op in ("slli", "srli", "srai", "slli.uw", "rori", "bclri", "bexti", "binvi", "bseti"):
        return SHAMT64
    return IMM12


def emit(fname, title, rops, uops, iops, extra_head="", macro2="T2"):
    lines = ["/* %s (generated by gen_base.py from a model of the RISC-V spec; do not edit). */"
             % title, '#include "base_check.h"', extra_head, ""]
    funcs = []
    for op in rops:
        fn = "test_" + op.replace(".", "_")
        funcs.append(fn)
        lines.append("static void %s(void)\n{" % fn)
        for a, b in cases_r(op):
            lines.append('    %s("%s", %s, %s, %s);' % (macro2, op, lit(a), lit(b), lit(R[op](a, b))))
        lines.append("}\n")
    for op in uops:
        fn = "test_" + op.replace(".", "_")
        funcs.append(fn)
        lines.append("static void %s(void)\n{" % fn)
        for a in VALS + [0x0000000000000080, 0x0000000000008000, 0x0100000000000000,
                         0x00FF00000000FF01]:
            lines.append('    T1("%s", %s, %s);' % (op, lit(a), lit(U[op](a))))
        lines.append("}\n")
    for op in iops:
        fn = "test_" + op.replace(".", "_")
        funcs.append(fn)
        lines.append("static void %s(void)\n{" % fn)
        for a in VALS:
            for i in imms(op):
                lines.append('    TI("%s", %s, %d, %s);' % (op, lit(a), i, lit(I[op](a, i))))
        lines.append("}\n")
    lines.append("int main(void)\n{")
    for fn in funcs:
        lines.append("    %s();" % fn)
    lines.append("    return DONE();\n}")
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), fname)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


emit("base_alu.c", "RV64I register and immediate ALU operations, including the W forms",
     ["add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and",
      "addw", "subw", "sllw", "srlw", "sraw"], [],
     ["addi", "slti", "sltiu", "xori", "ori", "andi", "addiw", "slli", "srli", "srai",
      "slliw", "srliw", "sraiw"])
emit("base_muldiv.c", "RV64M multiply and divide, including division by zero and overflow",
     ["mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu",
      "mulw", "divw", "divuw", "remw", "remuw"], [], [])
emit("base_zba.c", "Zba address generation",
     ["add.uw", "sh1add", "sh2add", "sh3add", "sh1add.uw", "sh2add.uw", "sh3add.uw"], [],
     ["slli.uw"])
emit("base_zbb.c", "Zbb basic bit manipulation",
     ["andn", "orn", "xnor", "max", "maxu", "min", "minu", "rol", "ror", "rolw", "rorw"],
     ["clz", "clzw", "ctz", "ctzw", "cpop", "cpopw", "sext.b", "sext.h", "zext.h", "orc.b",
      "rev8"], ["rori", "roriw"])
emit("base_zbc.c", "Zbc carry-less multiplication", ["clmul", "clmulh", "clmulr"], [], [])
emit("base_zbs.c", "Zbs single-bit operations", ["bclr", "bext", "binv", "bset"], [],
     ["bclri", "bexti", "binvi", "bseti"])
# gcc 12's assembler has no Zicond mnemonics: emit them with .insn (R-type, opcode 0x33,
# funct7 0000111, funct3 101 for czero.eqz and 111 for czero.nez).
emit("base_zicond.c", "Zicond conditional zero", ["czero.eqz", "czero.nez"], [], [],
     extra_head='''
#define CZERO(f3, a, b)                                                                        \\
    ({                                                                                         \\
        uint64_t r_;                                                                           \\
        __asm__ volatile(".insn r 0x33, " #f3 ", 7, %0, %1, %2"                                \\
                         : "=r"(r_) : "r"((uint64_t)(a)), "r"((uint64_t)(b)));                  \\
        r_;                                                                                    \\
    })
#define TZ(insn, a, b, e) CHECK(insn " " #a ", " #b, \\
                                insn[6] == 'e' ? CZERO(5, a, b) : CZERO(7, a, b), e)''',
     macro2="TZ")

BRANCHES = {
    "beq": lambda a, b: a == b,
    "bne": lambda a, b: a != b,
    "blt": lambda a, b: s64(a) < s64(b),
    "bge": lambda a, b: s64(a) >= s64(b),
    "bltu": lambda a, b: a < b,
    "bgeu": lambda a, b: a >= b,
}
BR_VALS = [0, 1, M64, 0xFFFFFFFFFFFFFFFE, 0x8000000000000000, 0x7FFFFFFFFFFFFFFF, 0x80000000,
           0x7FFFFFFF, 0xFFFFFFFF, 0x100000000]
lines = ["/* RV64I conditional branches on signed and unsigned boundaries, forward and backward"
         " (generated by gen_base.py; do not edit). */", '#include "base_check.h"', "",
         "/* 1 when the branch is taken; the forward form jumps over, the backward form jumps back. */",
         "#define BRF(insn, a, b) ({ uint64_t t_; __asm__ volatile(insn \" %1, %2, 1f\\n\\tli %0, 0\\n\\tj 2f\\n1:\\tli %0, 1\\n2:\" : \"=&r\"(t_) : \"r\"((uint64_t)(a)), \"r\"((uint64_t)(b))); t_; })",
         "#define BRB(insn, a, b) ({ uint64_t t_; __asm__ volatile(\"j 2f\\n1:\\tli %0, 1\\n\\tj 3f\\n2:\\t\" insn \" %1, %2, 1b\\n\\tli %0, 0\\n3:\" : \"=&r\"(t_) : \"r\"((uint64_t)(a)), \"r\"((uint64_t)(b))); t_; })",
         "#define TB(insn, a, b, e) do { CHECK(insn \" fwd \" #a \", \" #b, BRF(insn, a, b), e); CHECK(insn \" back \" #a \", \" #b, BRB(insn, a, b), e); } while (0)",
         ""]
for op, f in BRANCHES.items():
    lines.append("static void test_%s(void)\n{" % op)
    for a in BR_VALS:
        for b in BR_VALS:
            lines.append('    TB("%s", %s, %s, %d);' % (op, lit(a), lit(b), int(f(a, b))))
    lines.append("}\n")
lines.append("int main(void)\n{")
lines += ["    test_%s();" % op for op in BRANCHES]
lines.append("    return DONE();\n}")
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "base_branch.c"), "w") as f:
    f.write("\n".join(lines) + "\n")

# Loads and stores of every width and signedness at every alignment, with negative offsets.
PAT = bytes((0x81 + 0x3B * i) & 0xFF for i in range(32))
LOADS = {"lb": (1, True), "lbu": (1, False), "lh": (2, True), "lhu": (2, False),
         "lw": (4, True), "lwu": (4, False), "ld": (8, False)}
STORES = {"sb": 1, "sh": 2, "sw": 4, "sd": 8}
SVAL = 0xF1E2D3C4B5A69788
lines = ["/* RV64I loads and stores: every width and sign, aligned and misaligned, positive and"
         " negative offsets (generated by gen_base.py; do not edit). */",
         '#include "base_check.h"', "#include <string.h>", "",
         "static const unsigned char pattern[32] = {%s};" % ", ".join("0x%02x" % b for b in PAT),
         "static unsigned char buf[32] __attribute__((aligned(16)));", "",
         "#define LD(insn, off) ({ uint64_t r_; __asm__ volatile(insn \" %0, \" #off \"(%1)\" : \"=r\"(r_) : \"r\"(buf + 16) : \"memory\"); r_; })",
         "#define ST(insn, off, v) __asm__ volatile(insn \" %1, \" #off \"(%0)\" : : \"r\"(buf + 8), \"r\"((uint64_t)(v)) : \"memory\")",
         "#define TL(insn, off, e) CHECK(insn \" \" #off, LD(insn, off), e)",
         "static uint64_t word(int i) { uint64_t w; memcpy(&w, buf + 8 * i, 8); return w; }",
         "#define TS(insn, off, e0, e1, e2, e3) do { memcpy(buf, pattern, 32); ST(insn, off, 0x%016xULL); \\" % SVAL,
         "    CHECK(insn \" \" #off \" word0\", word(0), e0); CHECK(insn \" \" #off \" word1\", word(1), e1); \\",
         "    CHECK(insn \" \" #off \" word2\", word(2), e2); CHECK(insn \" \" #off \" word3\", word(3), e3); } while (0)",
         "", "static void test_loads(void)\n{", "    memcpy(buf, pattern, 32);"]
for op, (n, signed) in LOADS.items():
    for off in range(-9, 9):
        v = int.from_bytes(PAT[16 + off:16 + off + n], "little")
        if signed:
            v = sx(v, 8 * n)
        lines.append('    TL("%s", %d, %s);' % (op, off, lit(v)))
lines.append('    __asm__ volatile("lw zero, 1(%0)" : : "r"(buf) : "memory"); /* must not trap */')
lines.append("}\n\nstatic void test_stores(void)\n{")
for op, n in STORES.items():
    for off in range(-8, 9):
        b = bytearray(PAT)
        b[8 + off:8 + off + n] = (SVAL & ((1 << (8 * n)) - 1)).to_bytes(n, "little")
        words = [lit(int.from_bytes(b[8 * i:8 * i + 8], "little")) for i in range(4)]
        lines.append('    TS("%s", %d, %s);' % (op, off, ", ".join(words)))
lines.append("}\n\nint main(void)\n{\n    test_loads();\n    test_stores();\n    return DONE();\n}")
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "base_mem.c"), "w") as f:
    f.write("\n".join(lines) + "\n")

# AMOs: the old value (sign-extended for .w) goes to rd, op(old, rs2) to memory; the
# neighbouring word of a .w operation is untouched.
AMOS = {
    "amoswap": lambda m, v, b: v,
    "amoadd": lambda m, v, b: m + v,
    "amoxor": lambda m, v, b: m ^ v,
    "amoand": lambda m, v, b: m & v,
    "amoor": lambda m, v, b: m | v,
    "amomin": lambda m, v, b: min(sx(m, b), sx(v, b)),
    "amomax": lambda m, v, b: max(sx(m, b), sx(v, b)),
    "amominu": lambda m, v, b: min(m & ((1 << b) - 1), v & ((1 << b) - 1)),
    "amomaxu": lambda m, v, b: max(m & ((1 << b) - 1), v & ((1 << b) - 1)),
}
AMO_PAIRS_D = [(0, 1), (5, M64), (M64, 1), (0x8000000000000000, 0x7FFFFFFFFFFFFFFF),
               (0x7FFFFFFFFFFFFFFF, 0x8000000000000000), (0xFFFFFFFF80000000, 0x80000000),
               (0x123456789ABCDEF0, 0x0FEDCBA987654321), (M64 - 5, M64 - 7)]
AMO_PAIRS_W = [(0, 1), (5, 0xFFFFFFFF), (0xFFFFFFFF, 1), (0x80000000, 0x7FFFFFFF),
               (0x7FFFFFFF, 0x80000000), (0x7FFFFFFF, 1), (0x89ABCDEF, 0xFFFFFFFF12345678),
               (0xFFFFFFFA, 0xFFFFFFF8)]
lines = ["/* RV64A AMOs: every operation in .w and .d form, signed/unsigned min/max on negative"
         " values, sign extension of .w results (generated by gen_base.py; do not edit). */",
         '#include "base_check.h"', "",
         "static uint32_t w[4] __attribute__((aligned(16)));",
         "static uint64_t d[3] __attribute__((aligned(16)));", "",
         "#define AMO(insn, p, v) ({ uint64_t r_; __asm__ volatile(insn \" %0, %2, (%1)\" : \"=&r\"(r_) : \"r\"(p), \"r\"((uint64_t)(v)) : \"memory\"); r_; })",
         "#define TW(insn, old, v, erd, emem) do { w[0] = w[2] = 0x5a5a5a5a; w[1] = (old); \\",
         "    CHECK(insn \" rd \" #old \", \" #v, AMO(insn, &w[1], v), erd); CHECK(insn \" mem \" #old \", \" #v, w[1], emem); \\",
         "    CHECK(insn \" neighbours\", (uint64_t)w[0] << 32 | w[2], 0x5a5a5a5a5a5a5a5aULL); } while (0)",
         "#define TD(insn, old, v, erd, emem) do { d[0] = d[2] = 0xa5a5a5a5a5a5a5a5ULL; d[1] = (old); \\",
         "    CHECK(insn \" rd \" #old \", \" #v, AMO(insn, &d[1], v), erd); CHECK(insn \" mem \" #old \", \" #v, d[1], emem); \\",
         "    CHECK(insn \" neighbours\", d[0] ^ d[2], 0); } while (0)", ""]
funcs = []
for op, f in AMOS.items():
    for suffix, pairs, bits in (("w", AMO_PAIRS_W, 32), ("d", AMO_PAIRS_D, 64)):
        for order in ("", ".aqrl"):
            name = "%s.%s%s" % (op, suffix, order)
            fn = "test_" + name.replace(".", "_")
            funcs.append(fn)
            lines.append("static void %s(void)\n{" % fn)
            for m, v in pairs:
                res = f(m, v, bits) & ((1 << bits) - 1)
                if bits == 32:
                    lines.append('    TW("%s", 0x%08xU, %s, %s, 0x%08xU);'
                                 % (name, m, lit(v), lit(sx32(m)), res))
                else:
                    lines.append('    TD("%s", %s, %s, %s, %s);' % (name, lit(m), lit(v), lit(m), lit(res)))
            lines.append("}\n")
lines.append("int main(void)\n{")
lines += ["    %s();" % fn for fn in funcs]
lines.append("    return DONE();\n}")
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "base_amo.c"), "w") as f:
    f.write("\n".join(lines) + "\n")
