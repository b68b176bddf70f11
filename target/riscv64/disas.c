/* riscv64 disassembler: one instruction in GNU objdump's default (alias) syntax. */

/* Output is "mnemonic<TAB>operands" exactly as binutils 2.40 prints it, quirks included (see
 * disas_tables.c); branch and jump targets are absolute "0x..." addresses, as objdump prints
 * them when no symbol covers the target. Compressed instructions are expanded to their 32-bit
 * equivalent and printed through the same table, except the hint encodings objdump names
 * separately (c.nop 1, c.li zero, c.slli64, ...). tests/disas/ checks all of it. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "target/riscv64/cpu.h"
#include "disas.h"

#define xreg rv_gpr_names
#define freg rv_fpr_names

static const char *const rm_name[8] = {
    "rne", "rtz", "rdn", "rup", "rmm", "unknown", "unknown", "dyn",
};

typedef struct Out {
    char *buf;
    size_t len, pos;
} Out;

static void outf(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void outf(Out *o, const char *fmt, ...)
{
    va_list ap;
    if (o->pos >= o->len)
        return;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->pos, o->len - o->pos, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->pos += (size_t)n;
}

/* ---- field extraction ---- */

static unsigned bits(uint32_t v, int pos, int len) { return (v >> pos) & ((1u << len) - 1); }

static int32_t sext(uint32_t v, int len) { return (int32_t)(v << (32 - len)) >> (32 - len); }

static int32_t imm_i(uint32_t w) { return (int32_t)w >> 20; }

static int32_t imm_s(uint32_t w) { return sext((w >> 25) << 5 | bits(w, 7, 5), 12); }

static int32_t imm_b(uint32_t w)
{
    return sext(bits(w, 31, 1) << 12 | bits(w, 7, 1) << 11 | bits(w, 25, 6) << 5 |
                bits(w, 8, 4) << 1, 13);
}

static int32_t imm_j(uint32_t w)
{
    return sext(bits(w, 31, 1) << 20 | bits(w, 12, 8) << 12 | bits(w, 20, 1) << 11 |
                bits(w, 21, 10) << 1, 21);
}

static void fence_set(Out *o, unsigned set)
{
    if (set == 0) {
        outf(o, "unknown");
        return;
    }
    for (int i = 3; i >= 0; i--)
        if (set & (1u << i))
            outf(o, "%c", "wroi"[i]);
}

static void csr_operand(Out *o, unsigned csr)
{
    const char *name = rv_csr_name(csr);
    if (name)
        outf(o, "%s", name);
    else
        outf(o, "0x%x", csr);
}

/* Print one operand letter of the args language (see disas.h). */
static void operand(Out *o, char c, uint32_t w, uint64_t pc)
{
    switch (c) {
    case 'd': outf(o, "%s", xreg[bits(w, 7, 5)]); break;
    case 's': outf(o, "%s", xreg[bits(w, 15, 5)]); break;
    case 't': outf(o, "%s", xreg[bits(w, 20, 5)]); break;
    case 'D': outf(o, "%s", freg[bits(w, 7, 5)]); break;
    case 'S': outf(o, "%s", freg[bits(w, 15, 5)]); break;
    case 'T': outf(o, "%s", freg[bits(w, 20, 5)]); break;
    case 'R': outf(o, "%s", freg[bits(w, 27, 5)]); break;
    case 'j': outf(o, "%d", imm_i(w)); break;
    case 'q': outf(o, "%d", imm_s(w)); break;
    case 'u': outf(o, "0x%x", w >> 12); break;
    case '>': outf(o, "0x%x", bits(w, 20, 6)); break;
    case '<': outf(o, "0x%x", bits(w, 20, 5)); break;
    case 'b': outf(o, "0x%" PRIx64, pc + (int64_t)imm_b(w)); break;
    case 'a': outf(o, "0x%" PRIx64, pc + (int64_t)imm_j(w)); break;
    case 'E': csr_operand(o, w >> 20); break;
    case 'Z': outf(o, "%u", bits(w, 15, 5)); break;
    case 'P': fence_set(o, bits(w, 24, 4)); break;
    case 'Q': fence_set(o, bits(w, 20, 4)); break;
    default: outf(o, "%c", c); break;
    }
}

static void print_insn(Out *o, const char *name, const char *args, uint32_t w, uint64_t pc)
{
    outf(o, "%s", name);
    if (*args)
        outf(o, "\t");
    for (const char *a = args; *a; a++) {
        if (a[0] == ',' && a[1] == 'm') {
            if (bits(w, 12, 3) != 7)
                outf(o, ",%s", rm_name[bits(w, 12, 3)]);
            a++;
            continue;
        }
        operand(o, *a, w, pc);
    }
}

/* Atomics: the name carries the width and the aq/rl suffix. */
static bool disas_amo(Out *o, uint32_t w)
{
    static const char *const ops[32] = {
        [0x00] = "amoadd", [0x01] = "amoswap", [0x02] = "lr", [0x03] = "sc",
        [0x04] = "amoxor", [0x08] = "amoor", [0x0c] = "amoand", [0x10] = "amomin",
        [0x14] = "amomax", [0x18] = "amominu", [0x1c] = "amomaxu",
    };
    static const char *const order[4] = { "", ".rl", ".aq", ".aqrl" };
    unsigned f3 = bits(w, 12, 3), f5 = bits(w, 27, 5);
    if ((w & 0x7f) != 0x2f || (f3 != 2 && f3 != 3) || !ops[f5])
        return false;
    if (f5 == 0x02 && bits(w, 20, 5) != 0)
        return false;
    char name[24];
    snprintf(name, sizeof(name), "%s.%c%s", ops[f5], f3 == 2 ? 'w' : 'd', order[bits(w, 25, 2)]);
    print_insn(o, name, f5 == 0x02 ? "d,(s)" : "d,t,(s)", w, 0);
    return true;
}

static bool disas32(Out *o, uint32_t w, uint64_t pc)
{
    if (disas_amo(o, w))
        return true;
    for (const RVOpcode *op = rv_opcodes; op->name; op++) {
        if ((w & op->mask) != op->match)
            continue;
        const char *args = op->args;
        if (*args == '=') {
            if (bits(w, 15, 5) != bits(w, 20, 5))
                continue;
            args++;
        }
        print_insn(o, op->name, args, w, pc);
        return true;
    }
    return false;
}

/* ---- compressed instructions: expanded to their 32-bit equivalents ---- */

static uint32_t enc_i(unsigned op, unsigned f3, unsigned rd, unsigned rs1, int32_t imm)
{
    return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}

static uint32_t enc_s(unsigned op, unsigned f3, unsigned rs1, unsigned rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return bits(u, 5, 7) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | bits(u, 0, 5) << 7 | op;
}

static uint32_t enc_r(unsigned op, unsigned f3, unsigned f7, unsigned rd, unsigned rs1,
                      unsigned rs2)
{
    return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}

static uint32_t enc_b(unsigned f3, unsigned rs1, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return bits(u, 12, 1) << 31 | bits(u, 5, 6) << 25 | rs1 << 15 | f3 << 12 |
           bits(u, 1, 4) << 8 | bits(u, 11, 1) << 7 | 0x63;
}

static uint32_t enc_j(unsigned rd, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return bits(u, 20, 1) << 31 | bits(u, 1, 10) << 21 | bits(u, 11, 1) << 20 |
           bits(u, 12, 8) << 12 | rd << 7 | 0x6f;
}

/* Scattered immediates: each entry is (instruction bit, immediate bit). */
static uint32_t gather(uint16_t c, const uint8_t (*map)[2], int n)
{
    uint32_t v = 0;
    for (int i = 0; i < n; i++)
        v |= (uint32_t)bits(c, map[i][0], 1) << map[i][1];
    return v;
}

#define GATHER(c, map) gather(c, map, (int)(sizeof(map) / sizeof(map[0])))

static const uint8_t m_4spn[][2] = { {12, 5}, {11, 4}, {10, 9}, {9, 8}, {8, 7}, {7, 6},
                                     {6, 2}, {5, 3} };
static const uint8_t m_lw[][2] = { {12, 5}, {11, 4}, {10, 3}, {6, 2}, {5, 6} };
static const uint8_t m_ld[][2] = { {12, 5}, {11, 4}, {10, 3}, {6, 7}, {5, 6} };
static const uint8_t m_ci[][2] = { {12, 5}, {6, 4}, {5, 3}, {4, 2}, {3, 1}, {2, 0} };
static const uint8_t m_16sp[][2] = { {12, 9}, {6, 4}, {5, 6}, {4, 8}, {3, 7}, {2, 5} };
static const uint8_t m_j[][2] = { {12, 11}, {11, 4}, {10, 9}, {9, 8}, {8, 10}, {7, 6},
                                  {6, 7}, {5, 3}, {4, 2}, {3, 1}, {2, 5} };
static const uint8_t m_b[][2] = { {12, 8}, {11, 4}, {10, 3}, {6, 7}, {5, 6}, {4, 2},
                                  {3, 1}, {2, 5} };
static const uint8_t m_lwsp[][2] = { {12, 5}, {6, 4}, {5, 3}, {4, 2}, {3, 7}, {2, 6} };
static const uint8_t m_ldsp[][2] = { {12, 5}, {6, 4}, {5, 3}, {4, 8}, {3, 7}, {2, 6} };
static const uint8_t m_swsp[][2] = { {12, 5}, {11, 4}, {10, 3}, {9, 2}, {8, 7}, {7, 6} };
static const uint8_t m_sdsp[][2] = { {12, 5}, {11, 4}, {10, 3}, {9, 8}, {8, 7}, {7, 6} };

/* Result of expanding a compressed instruction. */
enum { C_ILLEGAL, C_EXPANDED, C_PRINTED };

static int rvc_q0(Out *o, uint16_t c, uint32_t *w)
{
    unsigned rd = 8 + bits(c, 2, 3), rs1 = 8 + bits(c, 7, 3);
    (void)o;
    switch (bits(c, 13, 3)) {
    case 0: {
        uint32_t imm = GATHER(c, m_4spn);
        if (imm == 0)
            return C_ILLEGAL;
        *w = enc_i(0x13, 0, rd, 2, (int32_t)imm);
        return C_EXPANDED;
    }
    case 1: *w = enc_i(0x07, 3, rd, rs1, (int32_t)GATHER(c, m_ld)); return C_EXPANDED;
    case 2: *w = enc_i(0x03, 2, rd, rs1, (int32_t)GATHER(c, m_lw)); return C_EXPANDED;
    case 3: *w = enc_i(0x03, 3, rd, rs1, (int32_t)GATHER(c, m_ld)); return C_EXPANDED;
    case 5: *w = enc_s(0x27, 3, rs1, rd, (int32_t)GATHER(c, m_ld)); return C_EXPANDED;
    case 6: *w = enc_s(0x23, 2, rs1, rd, (int32_t)GATHER(c, m_lw)); return C_EXPANDED;
    case 7: *w = enc_s(0x23, 3, rs1, rd, (int32_t)GATHER(c, m_ld)); return C_EXPANDED;
    }
    return C_ILLEGAL;
}

/* Quadrant 1, funct3 100: shifts, andi and register-register ALU ops. */
static int rvc_q1_alu(Out *o, uint16_t c, uint32_t *w)
{
    static const uint8_t ops[8][2] = {   /* {funct3, funct7} for bit12:6:5 */
        {0, 0x20}, {4, 0}, {6, 0}, {7, 0}, {0, 0x20}, {0, 0}, {0xff, 0}, {0xff, 0},
    };
    unsigned r = 8 + bits(c, 7, 3), rs2 = 8 + bits(c, 2, 3);
    unsigned shamt = GATHER(c, m_ci);
    switch (bits(c, 10, 2)) {
    case 0:
    case 1: {
        const char *name = bits(c, 10, 2) ? "c.srai64" : "c.srli64";
        if (shamt == 0) {
            outf(o, "%s\t%s", name, xreg[r]);
            return C_PRINTED;
        }
        *w = enc_i(0x13, 5, r, r, (int32_t)(shamt | (bits(c, 10, 2) ? 0x400 : 0)));
        return C_EXPANDED;
    }
    case 2:
        *w = enc_i(0x13, 7, r, r, sext(shamt, 6));
        return C_EXPANDED;
    }
    unsigned k = bits(c, 12, 1) << 2 | bits(c, 5, 2);
    if (ops[k][0] == 0xff)
        return C_ILLEGAL;
    *w = enc_r(bits(c, 12, 1) ? 0x3b : 0x33, ops[k][0], ops[k][1], r, r, rs2);
    return C_EXPANDED;
}

static int rvc_q1(Out *o, uint16_t c, uint32_t *w)
{
    unsigned rd = bits(c, 7, 5);
    int32_t imm = sext(GATHER(c, m_ci), 6);
    switch (bits(c, 13, 3)) {
    case 0:
        if (rd == 0 && imm != 0) {
            outf(o, "c.nop\t%d", imm);
            return C_PRINTED;
        }
        if (rd != 0 && imm == 0) {
            outf(o, "add\t%s,%s,0", xreg[rd], xreg[rd]);
            return C_PRINTED;
        }
        *w = enc_i(0x13, 0, rd, rd, imm);
        return C_EXPANDED;
    case 1:
        if (rd == 0)
            return C_ILLEGAL;
        *w = enc_i(0x1b, 0, rd, rd, imm);
        return C_EXPANDED;
    case 2:
        if (rd == 0) {
            outf(o, "c.li\tzero,%d", imm);
            return C_PRINTED;
        }
        *w = enc_i(0x13, 0, rd, 0, imm);
        return C_EXPANDED;
    case 3:
        if (rd == 2) {
            int32_t sp = sext(GATHER(c, m_16sp), 10);
            if (sp == 0) {
                outf(o, "add\tsp,sp,0");
                return C_PRINTED;
            }
            *w = enc_i(0x13, 0, 2, 2, sp);
            return C_EXPANDED;
        }
        if (imm == 0)
            return C_ILLEGAL;
        if (rd == 0) {
            outf(o, "c.lui\tzero,0x%x", (uint32_t)imm & 0xfffff);
            return C_PRINTED;
        }
        *w = ((uint32_t)imm << 12) | rd << 7 | 0x37;
        return C_EXPANDED;
    case 4:
        return rvc_q1_alu(o, c, w);
    case 5:
        *w = enc_j(0, sext(GATHER(c, m_j), 12));
        return C_EXPANDED;
    default:
        *w = enc_b(bits(c, 13, 3) == 6 ? 0 : 1, 8 + bits(c, 7, 3), sext(GATHER(c, m_b), 9));
        return C_EXPANDED;
    }
}

/* Quadrant 2, funct3 100: jr, mv, ebreak, jalr, add. */
static int rvc_q2_jr(Out *o, uint16_t c, uint32_t *w)
{
    unsigned rd = bits(c, 7, 5), rs2 = bits(c, 2, 5);
    if (!bits(c, 12, 1)) {
        if (rs2 == 0) {
            if (rd == 0)
                return C_ILLEGAL;
            *w = enc_i(0x67, 0, 0, rd, 0);
        } else if (rd == 0) {
            outf(o, "c.mv\tzero,%s", xreg[rs2]);
            return C_PRINTED;
        } else {
            *w = enc_i(0x13, 0, rd, rs2, 0);
        }
        return C_EXPANDED;
    }
    if (rs2 == 0) {
        *w = rd == 0 ? 0x00100073 : enc_i(0x67, 0, 1, rd, 0);
    } else if (rd == 0) {
        outf(o, "c.add\tzero,%s", xreg[rs2]);
        return C_PRINTED;
    } else {
        *w = enc_r(0x33, 0, 0, rd, rd, rs2);
    }
    return C_EXPANDED;
}

static int rvc_q2(Out *o, uint16_t c, uint32_t *w)
{
    unsigned rd = bits(c, 7, 5), rs2 = bits(c, 2, 5);
    switch (bits(c, 13, 3)) {
    case 0: {
        unsigned shamt = GATHER(c, m_ci);
        if (shamt == 0) {
            outf(o, "c.slli64\t%s", xreg[rd]);
            return C_PRINTED;
        }
        if (rd == 0) {
            outf(o, "c.slli\tzero,0x%x", shamt);
            return C_PRINTED;
        }
        *w = enc_i(0x13, 1, rd, rd, (int32_t)shamt);
        return C_EXPANDED;
    }
    case 1: *w = enc_i(0x07, 3, rd, 2, (int32_t)GATHER(c, m_ldsp)); return C_EXPANDED;
    case 2:
        if (rd == 0)
            return C_ILLEGAL;
        *w = enc_i(0x03, 2, rd, 2, (int32_t)GATHER(c, m_lwsp));
        return C_EXPANDED;
    case 3:
        if (rd == 0)
            return C_ILLEGAL;
        *w = enc_i(0x03, 3, rd, 2, (int32_t)GATHER(c, m_ldsp));
        return C_EXPANDED;
    case 4: return rvc_q2_jr(o, c, w);
    case 5: *w = enc_s(0x27, 3, 2, rs2, (int32_t)GATHER(c, m_sdsp)); return C_EXPANDED;
    case 6: *w = enc_s(0x23, 2, 2, rs2, (int32_t)GATHER(c, m_swsp)); return C_EXPANDED;
    default: *w = enc_s(0x23, 3, 2, rs2, (int32_t)GATHER(c, m_sdsp)); return C_EXPANDED;
    }
}

static bool disas16(Out *o, uint16_t c, uint64_t pc)
{
    uint32_t w = 0;
    int r;
    if (c == 0) {
        outf(o, "unimp");
        return true;
    }
    if (c == 0x0001) {
        outf(o, "nop");
        return true;
    }
    switch (c & 3) {
    case 0: r = rvc_q0(o, c, &w); break;
    case 1: r = rvc_q1(o, c, &w); break;
    default: r = rvc_q2(o, c, &w); break;
    }
    if (r == C_PRINTED)
        return true;
    return r == C_EXPANDED && disas32(o, w, pc);
}

int rv_disas(char *buf, size_t len, uint64_t pc, const uint8_t *code, size_t avail)
{
    Out o = { buf, len, 0 };
    if (len)
        buf[0] = 0;
    if (avail < 2)
        return 0;
    uint16_t lo = (uint16_t)(code[0] | code[1] << 8);
    if ((lo & 3) != 3) {
        if (!disas16(&o, lo, pc)) {
            o.pos = 0;
            outf(&o, ".2byte\t0x%x", lo);
        }
        return 2;
    }
    if ((lo & 0x1c) == 0x1c) {          /* 48-bit and longer: not supported */
        outf(&o, ".2byte\t0x%x", lo);
        return 2;
    }
    if (avail < 4)
        return 0;
    uint32_t w = lo | (uint32_t)(code[2] | code[3] << 8) << 16;
    if (!disas32(&o, w, pc)) {
        o.pos = 0;
        outf(&o, ".4byte\t0x%x", w);
    }
    return 4;
}
