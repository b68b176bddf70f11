/* Random riscv64 instruction sequences run by the interpreter, the JIT and tier 2 (forced); state must agree. */
/*
 * Usage: test_rv_random [seed [count [index]]] (default seed 1, 2000 sequences). With an index,
 * only that sequence runs and its listing is printed. Each sequence gets its own generator
 * state from (seed, index), so any failure reproduces alone.
 *
 * Guest layout (user mode, one small reservation): two code pages (guest R+X, host read-only
 * except while a sequence is written), two data pages (R+W), everything else unmapped.
 * Reserved registers: x2 (sp) and x9 point into the data pages for compressed accesses, x31
 * is the base of the masked accesses, x30 their scratch address, x28 the loop counter.
 * A sequence is a list of groups (one to four instructions); forward branches and jumps only
 * land on group starts outside loops, loops are bounded by x28, and the last instruction is an
 * ebreak. Some sequences contain one access to an unmapped, read-only or page-straddling
 * address instead, which must fault identically under both tiers.
 */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <ucontext.h>
#include <sys/mman.h>
#include "trix/guest_mem.h"
#include "tcg/jit.h"
#include "trix/tier2.h"
#include "target/riscv64/cpu.h"
#include "src/user/user.h"

#define ADDR_SPACE (1ull << 24)
#define CODE 0x10000ull
#define CODE_SIZE 0x2000ull
#define DATA 0x20000ull
#define DATA_SIZE 0x2000ull
#define MAX_INSNS 600

enum { R_SP = 2, R_CB = 9, R_CNT = 28, R_ADDR = 30, R_BASE = 31 };
static const uint64_t reserved_init[32] = {
    [R_SP] = DATA + 0x1800, [R_CB] = DATA + 0x1c00, [R_BASE] = DATA + 0x800,
};

/* ---- random numbers ---- */
static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static unsigned rn(unsigned n) { return (unsigned)(rnd() % n); }
static int64_t rrange(int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1));
}

static void rng_seed(uint64_t seed, uint64_t index)
{
    rng_state = (seed * 0x9e3779b97f4a7c15ull) ^ (index * 0xd1b54a32d192ed03ull) ^ 0x5851f42d;
    if (!rng_state)
        rng_state = 1;
    for (int i = 0; i < 8; i++)
        rnd();
}

static uint64_t gen_value(void)
{
    static const uint64_t special[] = { 0, 1, 2, 3, 7, 31, 32, 63, 64, 0x7f, 0x80, 0xff, 0x8000,
        0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
        0x8000000000000000ull, ~0ull, ~1ull, 0xfffffffffffffff0ull, 0xffffffff80000000ull };
    switch (rn(5)) {
    case 0: case 1: return special[rn(ARRAY_SIZE(special))];
    case 2: return rn(100) - 50;
    case 3: return (uint64_t)(int64_t)(int32_t)rnd();
    default: return rnd();
    }
}

static uint64_t gen_fp_value(void)
{
    static const uint32_t fs[] = { 0, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000,
        0x7fc00000, 0x7f800001, 0xffc00000, 1, 0x807fffff, 0x7f7fffff, 0x4f000000, 0xcf000000,
        0x5f000000, 0xdf000000, 0x3f000000, 0x3fc00000, 0x40200000, 0x4b7fffff, 0x00800000 };
    static const uint64_t fd[] = { 0, 0x8000000000000000ull, 0x3ff0000000000000ull,
        0xbff0000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
        0x7ff8000000000000ull, 0x7ff0000000000001ull, 1, 0x800fffffffffffffull,
        0x7fefffffffffffffull, 0x41e0000000000000ull, 0xc1e0000000000000ull,
        0x43e0000000000000ull, 0xc3e0000000000000ull, 0x3fe0000000000000ull,
        0x3ff8000000000000ull, 0x4004000000000000ull, 0x41dfffffffc00000ull,
        0x0010000000000000ull, 0x47efffffe0000000ull, 0x36a0000000000000ull };
    switch (rn(6)) {
    case 0: return 0xffffffff00000000ull | fs[rn(ARRAY_SIZE(fs))];
    case 1: return 0xffffffff00000000ull | (uint32_t)rnd();
    case 2: return fd[rn(ARRAY_SIZE(fd))];
    case 3: return (rnd() & 0x800fffffffffffffull) | ((uint64_t)rrange(0x3c0, 0x440) << 52);
    case 4:
        return 0xffffffff00000000ull | (rnd() & 0x807fffff) | (uint64_t)rrange(100, 150) << 23;
    default: return rnd();
    }
}

/* ---- encoders ---- */
static uint32_t enc_r(unsigned f7, unsigned rs2, unsigned rs1, unsigned f3, unsigned rd,
                      unsigned op)
{ return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op; }
static uint32_t enc_i(int32_t imm, unsigned rs1, unsigned f3, unsigned rd, unsigned op)
{ return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op; }
static uint32_t enc_s(int32_t imm, unsigned rs2, unsigned rs1, unsigned f3, unsigned op)
{
    uint32_t u = (uint32_t)imm;
    return ((u >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 0x1f) << 7 | op;
}
static uint32_t enc_b(int32_t off, unsigned rs2, unsigned rs1, unsigned f3)
{
    uint32_t u = (uint32_t)off;
    return ((u >> 12) & 1) << 31 | ((u >> 5) & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
           ((u >> 1) & 0xf) << 8 | ((u >> 11) & 1) << 7 | 0x63;
}
static uint32_t enc_u(uint32_t imm20, unsigned rd, unsigned op)
{ return (imm20 & 0xfffff) << 12 | rd << 7 | op; }
static uint32_t enc_j(int32_t off, unsigned rd)
{
    uint32_t u = (uint32_t)off;
    return ((u >> 20) & 1) << 31 | ((u >> 1) & 0x3ff) << 21 | ((u >> 11) & 1) << 20 |
           ((u >> 12) & 0xff) << 12 | rd << 7 | 0x6f;
}
static uint32_t enc_r4(unsigned rs3, unsigned fmt, unsigned rs2, unsigned rs1, unsigned rm,
                       unsigned rd, unsigned op)
{ return rs3 << 27 | fmt << 25 | rs2 << 20 | rs1 << 15 | rm << 12 | rd << 7 | op; }
static uint32_t enc_cb(int32_t off, unsigned rs1p, unsigned f3)
{
    uint32_t u = (uint32_t)off;
    return f3 << 13 | ((u >> 8) & 1) << 12 | ((u >> 3) & 3) << 10 | (rs1p & 7) << 7 |
           ((u >> 6) & 3) << 5 | ((u >> 1) & 3) << 3 | ((u >> 5) & 1) << 2 | 1;
}
static uint32_t enc_cj(int32_t off)
{
    uint32_t u = (uint32_t)off;
    return 5u << 13 | ((u >> 11) & 1) << 12 | ((u >> 4) & 1) << 11 | ((u >> 8) & 3) << 9 |
           ((u >> 10) & 1) << 8 | ((u >> 6) & 1) << 7 | ((u >> 7) & 1) << 6 |
           ((u >> 1) & 7) << 3 | ((u >> 5) & 1) << 2 | 1;
}
/* CI format: f3, imm[5] at bit 12, rd, imm[4:0] at bits 6:2, quadrant op. */
static uint32_t enc_ci(unsigned f3, int32_t imm, unsigned rd, unsigned op)
{
    uint32_t u = (uint32_t)imm;
    return f3 << 13 | ((u >> 5) & 1) << 12 | rd << 7 | (u & 0x1f) << 2 | op;
}

enum { OP_LOAD = 0x03, OP_LOAD_FP = 0x07, OP_MISC_MEM = 0x0f, OP_IMM = 0x13, OP_AUIPC = 0x17,
       OP_IMM32 = 0x1b, OP_STORE = 0x23, OP_STORE_FP = 0x27, OP_AMO = 0x2f, OP_OP = 0x33,
       OP_LUI = 0x37, OP_OP32 = 0x3b, OP_FP = 0x53, OP_JALR = 0x67, OP_SYSTEM = 0x73 };
#define INSN_EBREAK 0x00100073u
#define INSN_C_EBREAK 0x9002u

/* ---- the program ---- */
enum { FIX_NONE, FIX_B, FIX_CB, FIX_JAL, FIX_CJ, FIX_JALR, FIX_ADDI, FIX_LOOP };
typedef struct Insn {
    uint32_t enc;
    uint8_t len, fix;
    bool target;                /* a group start outside loops: jumps may land here */
    int dist;                   /* forward jumps: the dist-th target after the jump */
    int base;                   /* FIX_JALR/FIX_ADDI: the auipc; FIX_LOOP: the body start */
    uint64_t addr;
} Insn;

typedef struct Prog {
    Insn in[MAX_INSNS];
    int n;
    bool in_loop, group_start;
    int fault_at;               /* index of the access expected to fault, -1 if none */
    uint64_t start;
} Prog;

static int emit(Prog *p, uint32_t enc, int len)
{
    Insn *i = &p->in[p->n];
    memset(i, 0, sizeof(*i));
    i->enc = enc;
    i->len = (uint8_t)len;
    i->target = p->group_start && !p->in_loop;
    p->group_start = false;
    return p->n++;
}
static int emit4(Prog *p, uint32_t enc) { return emit(p, enc, 4); }
static int emit2(Prog *p, uint32_t enc) { return emit(p, enc, 2); }
static void group(Prog *p) { p->group_start = true; }

/* ---- register choice ---- */
static bool reg_reserved(unsigned r)
{ return r == R_SP || r == R_CB || r == R_CNT || r == R_ADDR || r == R_BASE; }
static unsigned gen_rd(void)
{
    unsigned r;
    if (rn(40) == 0)
        return 0;
    do
        r = 1 + rn(31);
    while (reg_reserved(r));
    return r;
}
static unsigned gen_rd_nz(void)
{
    unsigned r;
    do
        r = gen_rd();
    while (r == 0);
    return r;
}
static unsigned gen_rs(void) { return rn(8) == 0 ? 0 : rn(32); }
static unsigned gen_rdc(void)      /* x8..x15 but x9 */
{
    static const unsigned r[] = { 0, 2, 3, 4, 5, 6, 7 };
    return r[rn(7)];
}
static unsigned gen_rsc(void) { return rn(8); }
static unsigned gen_rm(void)       /* a static rounding mode or dynamic */
{
    static const unsigned rm[] = { 0, 1, 2, 3, 4, 7, 7 };
    return rm[rn(7)];
}

/* ---- integer ALU ---- */
typedef struct ROp { uint8_t f7, f3, op; } ROp;
static const ROp rops[] = {
    { 0, 0, OP_OP }, { 0x20, 0, OP_OP }, { 0, 1, OP_OP }, { 0, 2, OP_OP }, { 0, 3, OP_OP },
    { 0, 4, OP_OP }, { 0, 5, OP_OP }, { 0x20, 5, OP_OP }, { 0, 6, OP_OP }, { 0, 7, OP_OP },
    { 1, 0, OP_OP }, { 1, 1, OP_OP }, { 1, 2, OP_OP }, { 1, 3, OP_OP }, { 1, 4, OP_OP },
    { 1, 5, OP_OP }, { 1, 6, OP_OP }, { 1, 7, OP_OP },
    { 0x10, 2, OP_OP }, { 0x10, 4, OP_OP }, { 0x10, 6, OP_OP },                 /* Zba */
    { 0x20, 7, OP_OP }, { 0x20, 6, OP_OP }, { 0x20, 4, OP_OP }, { 5, 6, OP_OP },  /* Zbb */
    { 5, 7, OP_OP }, { 5, 4, OP_OP }, { 5, 5, OP_OP }, { 0x30, 1, OP_OP }, { 0x30, 5, OP_OP },
    { 5, 1, OP_OP }, { 5, 2, OP_OP }, { 5, 3, OP_OP },                          /* Zbc */
    { 0x24, 1, OP_OP }, { 0x24, 5, OP_OP }, { 0x34, 1, OP_OP }, { 0x14, 1, OP_OP }, /* Zbs */
    { 7, 5, OP_OP }, { 7, 7, OP_OP },                                           /* Zicond */
    { 0, 0, OP_OP32 }, { 0x20, 0, OP_OP32 }, { 0, 1, OP_OP32 }, { 0, 5, OP_OP32 },
    { 0x20, 5, OP_OP32 }, { 1, 0, OP_OP32 }, { 1, 4, OP_OP32 }, { 1, 5, OP_OP32 },
    { 1, 6, OP_OP32 }, { 1, 7, OP_OP32 }, { 4, 0, OP_OP32 }, { 0x10, 2, OP_OP32 },
    { 0x10, 4, OP_OP32 }, { 0x10, 6, OP_OP32 }, { 0x30, 1, OP_OP32 }, { 0x30, 5, OP_OP32 },
};

static void gen_alu_rr(Prog *p)
{
    const ROp *o = &rops[rn(ARRAY_SIZE(rops))];
    emit4(p, enc_r(o->f7, gen_rs(), gen_rs(), o->f3, gen_rd(), o->op));
}

/* Immediate forms: (imm12 | top-6-bit funct for shifts, f3, op, shamt width, fixed imm). */
static void gen_alu_imm(Prog *p)
{
    static const uint16_t unary[] = { 0x600, 0x601, 0x602, 0x604, 0x605 };  /* clz..sext.h */
    unsigned rd = gen_rd(), rs = gen_rs();
    switch (rn(12)) {
    case 0: case 1: case 2: {
        static const uint8_t f3[] = { 0, 2, 3, 4, 6, 7 };
        emit4(p, enc_i((int32_t)rrange(-2048, 2047), rs, f3[rn(6)], rd, OP_IMM));
        break;
    }
    case 3:
        emit4(p, enc_i((int32_t)rrange(-2048, 2047), rs, 0, rd, OP_IMM32));
        break;
    case 4: {   /* slli, srli, srai, rori, bclri, bexti, binvi, bseti */
        static const uint8_t top[][2] = { { 0, 1 }, { 0, 5 }, { 0x10, 5 }, { 0x18, 5 },
            { 0x12, 1 }, { 0x12, 5 }, { 0x1a, 1 }, { 0x0a, 1 } };
        unsigned k = rn(ARRAY_SIZE(top));
        emit4(p, enc_i((int32_t)(top[k][0] << 6 | rn(64)), rs, top[k][1], rd, OP_IMM));
        break;
    }
    case 5: {   /* slliw, srliw, sraiw, roriw */
        static const uint8_t top[][2] = { { 0, 1 }, { 0, 5 }, { 0x20, 5 }, { 0x30, 5 } };
        unsigned k = rn(ARRAY_SIZE(top));
        emit4(p, enc_i((int32_t)(top[k][0] << 5 | rn(32)), rs, top[k][1], rd, OP_IMM32));
        break;
    }
    case 6:     /* slli.uw */
        emit4(p, enc_i((int32_t)(0x02 << 6 | rn(64)), rs, 1, rd, OP_IMM32));
        break;
    case 7:     /* clz ctz cpop sext.b sext.h */
        emit4(p, enc_i(unary[rn(5)], rs, 1, rd, OP_IMM));
        break;
    case 8:     /* clzw ctzw cpopw */
        emit4(p, enc_i(unary[rn(3)], rs, 1, rd, OP_IMM32));
        break;
    case 9:     /* orc.b, rev8, zext.h */
        if (rn(3) == 0)
            emit4(p, enc_r(4, 0, rs, 4, rd, OP_OP32));
        else
            emit4(p, enc_i(rn(2) ? 0x287 : 0x6b8, rs, 5, rd, OP_IMM));
        break;
    default:
        emit4(p, enc_u((uint32_t)rnd(), rd, rn(2) ? OP_LUI : OP_AUIPC));
        break;
    }
}

static int32_t gen_nz6(void)
{
    int32_t v;
    do
        v = (int32_t)rrange(-32, 31);
    while (!v);
    return v;
}

static void gen_alu_c(Prog *p)
{
    switch (rn(9)) {
    case 0: emit2(p, enc_ci(0, (int32_t)rrange(-32, 31), gen_rd_nz(), 1)); break;  /* c.addi */
    case 1: emit2(p, enc_ci(1, (int32_t)rrange(-32, 31), gen_rd_nz(), 1)); break;  /* c.addiw */
    case 2: emit2(p, enc_ci(2, (int32_t)rrange(-32, 31), gen_rd_nz(), 1)); break;  /* c.li */
    case 3: emit2(p, enc_ci(3, gen_nz6(), gen_rd_nz(), 1)); break;                 /* c.lui */
    case 4: {   /* c.srli, c.srai, c.andi */
        unsigned k = rn(3);
        int32_t imm = k == 2 ? (int32_t)rrange(-32, 31) : (int32_t)(1 + rn(63));
        emit2(p, 4u << 13 | ((uint32_t)imm >> 5 & 1) << 12 | k << 10 | gen_rdc() << 7 |
                 ((uint32_t)imm & 0x1f) << 2 | 1);
        break;
    }
    case 5: {   /* c.sub c.xor c.or c.and c.subw c.addw */
        unsigned k = rn(6);
        emit2(p, 4u << 13 | (k >= 4) << 12 | 3u << 10 | gen_rdc() << 7 | (k & 3) << 5 |
                 gen_rsc() << 2 | 1);
        break;
    }
    case 6: emit2(p, enc_ci(0, (int32_t)(1 + rn(63)), gen_rd_nz(), 2)); break;     /* c.slli */
    case 7: emit2(p, 4u << 13 | gen_rd_nz() << 7 | (1 + rn(31)) << 2 | 2); break;  /* c.mv */
    default: emit2(p, 4u << 13 | 1u << 12 | gen_rd_nz() << 7 | (1 + rn(31)) << 2 | 2); break;
    }
}

/* ---- memory ---- */
/* x30 = (rs & mask) + x31: an address in the data pages. */
static void gen_addr(Prog *p, int32_t mask)
{
    emit4(p, enc_i(mask, gen_rs(), 7, R_ADDR, OP_IMM));
    emit4(p, enc_r(0, R_BASE, R_ADDR, 0, R_ADDR, OP_OP));
}

static uint32_t enc_amo(unsigned f5, unsigned rs2, unsigned d, unsigned rd)
{ return f5 << 27 | rn(4) << 25 | rs2 << 20 | R_ADDR << 15 | (2 + d) << 12 | rd << 7 | OP_AMO; }

static unsigned gen_amo_f5(void)
{
    static const uint8_t f5[] = { 0x01, 0x00, 0x04, 0x0c, 0x08, 0x10, 0x14, 0x18, 0x1c };
    return f5[rn(ARRAY_SIZE(f5))];
}

static void gen_mem_c(Prog *p)
{
    unsigned k = rn(10), rd = gen_rdc(), d = rn(2);
    uint32_t u;
    switch (k) {
    case 0: case 1:     /* c.lw/c.sw, c.ld/c.sd on x9 */
        u = d ? rn(32) * 8 : rn(32) * 4;
        emit2(p, (d ? 3u : 2u) << 13 | (rn(2) ? 4u << 13 : 0) | ((u >> 3) & 7) << 10 |
                 (R_CB - 8) << 7 | (d ? ((u >> 6) & 3) << 5 : ((u >> 2) & 1) << 6 |
                 ((u >> 6) & 1) << 5) | rd << 2);
        break;
    case 2:             /* c.fld/c.fsd on x9 */
        u = rn(32) * 8;
        emit2(p, (rn(2) ? 5u : 1u) << 13 | ((u >> 3) & 7) << 10 | (R_CB - 8) << 7 |
                 ((u >> 6) & 3) << 5 | rn(8) << 2);
        break;
    case 3: case 4:     /* c.lwsp, c.ldsp, c.fldsp */
        if (k == 3 && !d) {
            u = rn(64) * 4;
            emit2(p, 2u << 13 | ((u >> 5) & 1) << 12 | gen_rd_nz() << 7 | ((u >> 2) & 7) << 4 |
                     ((u >> 6) & 3) << 2 | 2);
        } else {
            bool fp = k == 4 && d;
            u = rn(64) * 8;
            unsigned r = fp ? rn(32) : gen_rd_nz();
            emit2(p, (fp ? 1u : 3u) << 13 | ((u >> 5) & 1) << 12 | r << 7 | ((u >> 3) & 3) << 5 |
                     ((u >> 6) & 7) << 2 | 2);
        }
        break;
    case 5: case 6:     /* c.swsp, c.sdsp, c.fsdsp */
        if (k == 5 && !d) {
            u = rn(64) * 4;
            emit2(p, 6u << 13 | ((u >> 2) & 15) << 9 | ((u >> 6) & 3) << 7 | rn(32) << 2 | 2);
        } else {
            u = rn(64) * 8;
            emit2(p, (k == 6 && d ? 5u : 7u) << 13 | ((u >> 3) & 7) << 10 | ((u >> 6) & 7) << 7 |
                     rn(32) << 2 | 2);
        }
        break;
    default: {          /* c.addi4spn */
        u = (1 + rn(255)) * 4;
        emit2(p, ((u >> 4) & 3) << 11 | ((u >> 6) & 15) << 7 | ((u >> 2) & 1) << 6 |
                 ((u >> 3) & 1) << 5 | rd << 2);
        break;
    }
    }
}

/* The access itself through x30 (int/fp load/store, AMO, LR, SC); returns its index. */
static int gen_access(Prog *p, int kind, int32_t off)
{
    switch (kind) {
    case 0: return emit4(p, enc_i(off, R_ADDR, rn(7), gen_rd(), OP_LOAD));
    case 1: return emit4(p, enc_s(off, gen_rs(), R_ADDR, rn(4), OP_STORE));
    case 2: return emit4(p, enc_i(off, R_ADDR, 2 + rn(2), rn(32), OP_LOAD_FP));
    case 3: return emit4(p, enc_s(off, rn(32), R_ADDR, 2 + rn(2), OP_STORE_FP));
    case 4: return emit4(p, enc_amo(gen_amo_f5(), gen_rs(), rn(2), gen_rd()));
    case 5: return emit4(p, enc_amo(0x02, 0, rn(2), gen_rd()));
    default: return emit4(p, enc_amo(0x03, gen_rs(), rn(2), gen_rd()));
    }
}

static void gen_mem(Prog *p)
{
    switch (rn(10)) {
    case 0: case 1: case 2: case 3:     /* plain loads and stores, any alignment */
        gen_addr(p, rn(3) ? 0x7ff : 0x7f8);
        gen_access(p, (int)rn(4), (int32_t)rn(0x7f9));
        break;
    case 4: case 5: {                   /* AMOs (words at either half of a doubleword) */
        bool word = rn(2);
        gen_addr(p, word ? 0x7fc : 0x7f8);
        emit4(p, enc_amo(gen_amo_f5(), gen_rs(), word ? 0 : rn(2), gen_rd()));
        break;
    }
    case 6: {                           /* lr; maybe one ALU op; sc to the same address */
        unsigned d = rn(2);
        gen_addr(p, 0x7f8);
        emit4(p, enc_amo(0x02, 0, d, gen_rd()));
        if (rn(2))
            gen_alu_rr(p);
        emit4(p, enc_amo(0x03, gen_rs(), rn(4) ? d : !d, gen_rd()));
        break;
    }
    case 7:                             /* lone lr or sc */
        gen_addr(p, 0x7f8);
        gen_access(p, 5 + (int)rn(2), 0);
        break;
    default:
        gen_mem_c(p);
        break;
    }
}

/* ---- floating point ---- */
static void gen_fp(Prog *p)
{
    unsigned d = rn(2), rd = rn(32), a = rn(32), b = rn(32);
    switch (rn(12)) {
    case 0: case 1: {   /* fadd fsub fmul fdiv */
        emit4(p, enc_r(rn(4) << 2 | d, b, a, gen_rm(), rd, OP_FP));
        break;
    }
    case 2: emit4(p, enc_r(0x2c | d, 0, a, gen_rm(), rd, OP_FP)); break;   /* fsqrt */
    case 3: emit4(p, enc_r(0x10 | d, b, a, rn(3), rd, OP_FP)); break;      /* fsgnj* */
    case 4: emit4(p, enc_r(0x14 | d, b, a, rn(2), rd, OP_FP)); break;      /* fmin fmax */
    case 5: case 6:     /* fmadd fmsub fnmsub fnmadd */
        emit4(p, enc_r4(rn(32), d, b, a, gen_rm(), rd, 0x43 + 4 * rn(4)));
        break;
    case 7:             /* feq flt fle, fclass */
        if (rn(4))
            emit4(p, enc_r(0x50 | d, b, a, rn(3), gen_rd(), OP_FP));
        else
            emit4(p, enc_r(0x70 | d, 0, a, 1, gen_rd(), OP_FP));
        break;
    case 8:             /* fcvt.{w,wu,l,lu}.{s,d} */
        emit4(p, enc_r(0x60 | d, rn(4), a, gen_rm(), gen_rd(), OP_FP));
        break;
    case 9:             /* fcvt.{s,d}.{w,wu,l,lu} */
        emit4(p, enc_r(0x68 | d, rn(4), gen_rs(), gen_rm(), rd, OP_FP));
        break;
    case 10:            /* fcvt.s.d, fcvt.d.s */
        emit4(p, enc_r(0x20 | d, !d, a, gen_rm(), rd, OP_FP));
        break;
    default:            /* fmv.x.{w,d}, fmv.{w,d}.x */
        if (rn(2))
            emit4(p, enc_r(0x70 | d, 0, a, 0, gen_rd(), OP_FP));
        else
            emit4(p, enc_r(0x78 | d, 0, gen_rs(), 0, rd, OP_FP));
        break;
    }
}

/* fflags/frm/fcsr accesses that keep frm valid (0..4). */
static void gen_csr(Prog *p)
{
    unsigned rd = gen_rd(), rs = gen_rs(), z = rn(32);
    switch (rn(8)) {
    case 0: emit4(p, enc_i(1 + rn(3), 0, 2, rd, OP_SYSTEM)); break;        /* csrr */
    case 1: emit4(p, enc_i(1, rs, 1 + rn(3), rd, OP_SYSTEM)); break;       /* fflags rw/rs/rc */
    case 2: emit4(p, enc_i(1, z, 5 + rn(3), rd, OP_SYSTEM)); break;        /* fflags imm */
    case 3: emit4(p, enc_i(2, rn(5), 5, rd, OP_SYSTEM)); break;            /* csrrwi frm */
    case 4: emit4(p, enc_i(2, rn(2) ? rs : z, rn(2) ? 3 : 7, rd, OP_SYSTEM)); break;
    case 5: emit4(p, enc_i(3, z, 5, rd, OP_SYSTEM)); break;                /* csrrwi fcsr */
    case 6: emit4(p, enc_i(3, rn(2) ? rs : z, rn(2) ? 3 : 7, rd, OP_SYSTEM)); break;
    default: emit4(p, enc_i(1, z, 6, rd, OP_SYSTEM)); break;               /* csrrsi fflags */
    }
}

/* One group that never branches and never faults. */
static void gen_plain(Prog *p)
{
    group(p);
    unsigned k = rn(40);
    if (k < 10)
        gen_alu_rr(p);
    else if (k < 18)
        gen_alu_imm(p);
    else if (k < 22)
        gen_alu_c(p);
    else if (k < 31)
        gen_mem(p);
    else if (k < 38)
        gen_fp(p);
    else if (k < 39)
        gen_csr(p);
    else
        emit4(p, enc_i((int32_t)(1 + rn(15)) << 4 | (int32_t)(1 + rn(15)), 0, 0, 0, OP_MISC_MEM));
}

/* ---- control flow ---- */
static void gen_jump(Prog *p)
{
    group(p);
    int i, dist = 1 + (int)rn(rn(4) ? 6 : 20);
    switch (rn(8)) {
    case 0: case 1: case 2:
        i = emit4(p, enc_b(0, gen_rs(), gen_rs(), (const uint8_t[]){ 0, 1, 4, 5, 6, 7 }[rn(6)]));
        p->in[i].fix = FIX_B;
        break;
    case 3:
        i = emit2(p, enc_cb(0, gen_rsc(), 6 + rn(2)));
        p->in[i].fix = FIX_CB;
        break;
    case 4:
        i = emit4(p, enc_j(0, rn(3) ? gen_rd() : rn(2)));
        p->in[i].fix = FIX_JAL;
        break;
    case 5:
        i = emit2(p, enc_cj(0));
        p->in[i].fix = FIX_CJ;
        break;
    case 6: {           /* auipc x30; jalr rd, off(x30) (sometimes with bit 0 set) */
        int base = emit4(p, enc_u(0, R_ADDR, OP_AUIPC));
        i = emit4(p, enc_i(0, R_ADDR, 0, rn(3) ? gen_rd() : rn(2), OP_JALR));
        p->in[i].fix = FIX_JALR;
        p->in[i].base = base;
        break;
    }
    default: {          /* auipc x30; addi x30, x30, off; c.jr/c.jalr x30 */
        int base = emit4(p, enc_u(0, R_ADDR, OP_AUIPC));
        i = emit4(p, enc_i(0, R_ADDR, 0, R_ADDR, OP_IMM));
        p->in[i].fix = FIX_ADDI;
        p->in[i].base = base;
        p->in[i].dist = dist;
        emit2(p, 4u << 13 | (rn(2) ? 1u << 12 : 0) | R_ADDR << 7 | 2);
        return;
    }
    }
    p->in[i].dist = dist;
}

/* In a loop body: an access that faults only in the last iteration (x28 == 1), unmapped or
 * past guest_addr_max. */
static void gen_loop_fault(Prog *p)
{
    group(p);
    emit4(p, enc_i(-1, R_CNT, 0, R_ADDR, OP_IMM));
    emit4(p, enc_i(1, R_ADDR, 3, R_ADDR, OP_IMM));                  /* sltiu: seqz */
    emit4(p, enc_i(rn(2) ? 18 : 24, R_ADDR, 1, R_ADDR, OP_IMM));    /* slli */
    emit4(p, enc_r(0, R_BASE, R_ADDR, 0, R_ADDR, OP_OP));
    p->fault_at = gen_access(p, (int)rn(7), 0);
}

/* addi x28, x0, N; body; x28 -= 1; branch back while x28 != 0. */
static void gen_loop(Prog *p, bool fault)
{
    group(p);
    emit4(p, enc_i(1 + (int32_t)rn(5), 0, 0, R_CNT, OP_IMM));
    p->in_loop = true;
    int body = p->n, nbody = 1 + (int)rn(6);
    for (int k = 0; k < nbody; k++)
        gen_plain(p);
    if (fault)
        gen_loop_fault(p);
    if (rn(2))
        emit2(p, enc_ci(0, -1, R_CNT, 1));
    else
        emit4(p, enc_i(-1, R_CNT, 0, R_CNT, OP_IMM));
    int i = emit4(p, rn(2) ? enc_b(0, 0, R_CNT, 1) : enc_b(0, R_CNT, 0, 6));
    p->in[i].fix = FIX_LOOP;
    p->in[i].base = body;
    p->in_loop = false;
}

/* One access expected to fault: unmapped, past the reservation, read-only or straddling the
 * end of the data pages. */
static void gen_fault(Prog *p)
{
    group(p);
    int32_t off = 0;
    int kind = (int)rn(7);
    switch (rn(6)) {
    case 0:     /* straddles the end of the data pages */
        emit4(p, enc_u((DATA + DATA_SIZE) >> 12, R_ADDR, OP_LUI));
        emit4(p, enc_i(-(int32_t)(1 + rn(7)), R_ADDR, 0, R_ADDR, OP_IMM));
        break;
    case 1:     /* unmapped, inside the reservation */
        emit4(p, enc_u(0x40 + rn(0xf00), R_ADDR, OP_LUI));
        emit4(p, enc_i((int32_t)rrange(-2048, 2047), R_ADDR, 0, R_ADDR, OP_IMM));
        break;
    case 2:     /* past guest_addr_max */
        emit4(p, enc_u((uint32_t)(ADDR_SPACE >> 12) + rn(0x100), R_ADDR, OP_LUI));
        emit4(p, enc_i((int32_t)rrange(-16, 2047), R_ADDR, 0, R_ADDR, OP_IMM));
        break;
    case 3:     /* negative / page zero */
        emit4(p, enc_i((int32_t)rrange(-2048, 2047), 0, 0, R_ADDR, OP_IMM));
        break;
    case 4:     /* the code pages: loads work, stores fault */
        emit4(p, enc_u(CODE >> 12, R_ADDR, OP_LUI));
        emit4(p, enc_i((int32_t)rn(2040), R_ADDR, 0, R_ADDR, OP_IMM));
        break;
    default:    /* misaligned AMO/LR/SC in the data pages */
        gen_addr(p, 0x7ff);
        kind = 4 + (int)rn(3);
        break;
    }
    if (kind < 4 && rn(2))
        off = (int32_t)rrange(-64, 64);
    p->fault_at = gen_access(p, kind, off);
}

/* ---- layout and fix-ups ---- */
static bool fits(int fix, int64_t off)
{
    switch (fix) {
    case FIX_B: case FIX_LOOP: return off >= -4096 && off < 4096;
    case FIX_CB: return off >= -256 && off < 256;
    case FIX_CJ: return off >= -2048 && off < 2048;
    case FIX_JAL: return off >= -(1 << 20) && off < (1 << 20);
    default: return off >= -2048 && off < 2048;
    }
}

/* The dist-th jump target after instruction `from` that is within reach. */
static int pick_target(const Prog *p, int from, int dist, int fix, int64_t origin)
{
    int cand[64], n = 0;
    for (int j = from + 1; j < p->n && n < dist && n < 64; j++)
        if (p->in[j].target)
            cand[n++] = j;
    while (n > 1 && !fits(fix, (int64_t)(p->in[cand[n - 1]].addr - origin)))
        n--;
    return cand[n - 1];
}

static void fixup(Prog *p, int i)
{
    Insn *in = &p->in[i];
    int t;
    int64_t off;
    switch (in->fix) {
    case FIX_B: case FIX_CB: case FIX_JAL: case FIX_CJ:
        t = pick_target(p, i, in->dist, in->fix, (int64_t)in->addr);
        off = (int64_t)(p->in[t].addr - in->addr);
        if (in->fix == FIX_B)
            in->enc = enc_b((int32_t)off, in->enc >> 20 & 31, in->enc >> 15 & 31,
                            in->enc >> 12 & 7);
        else if (in->fix == FIX_CB)
            in->enc = enc_cb((int32_t)off, in->enc >> 7 & 7, in->enc >> 13 & 7);
        else if (in->fix == FIX_JAL)
            in->enc = enc_j((int32_t)off, in->enc >> 7 & 31);
        else
            in->enc = enc_cj((int32_t)off);
        break;
    case FIX_JALR: case FIX_ADDI:
        t = pick_target(p, in->fix == FIX_ADDI ? i + 1 : i, in->dist, in->fix,
                        (int64_t)p->in[in->base].addr);
        off = (int64_t)(p->in[t].addr - p->in[in->base].addr);
        if (in->fix == FIX_JALR && rn(3) == 0)
            off |= 1;       /* jalr clears bit 0 of the target */
        in->enc = (in->enc & 0xfffff) | ((uint32_t)off & 0xfff) << 20;
        break;
    case FIX_LOOP:
        off = (int64_t)(p->in[in->base].addr - in->addr);
        in->enc = enc_b((int32_t)off, in->enc >> 20 & 31, in->enc >> 15 & 31,
                        in->enc >> 12 & 7);
        break;
    }
}

static void gen_prog(Prog *p)
{
    p->n = 0;
    p->in_loop = false;
    p->fault_at = -1;
    p->start = CODE + (rn(4) == 0 ? 0x1000 - 2 * rn(64) : 2 * rn(8));
    int groups = 4 + (int)rn(rn(8) == 0 ? 120 : 40);
    int fault_group = rn(5) == 0 ? (int)rn((unsigned)groups) : -1;
    for (int g = 0; g < groups && p->n < MAX_INSNS - 40; g++) {
        unsigned k = rn(20);
        if (g == fault_group && rn(3) == 0)
            gen_loop(p, true);
        else if (g == fault_group)
            gen_fault(p);
        else if (k < 3)
            gen_jump(p);
        else if (k < 4)
            gen_loop(p, false);
        else
            gen_plain(p);
    }
    group(p);
    if (rn(2))
        emit4(p, INSN_EBREAK);
    else
        emit2(p, INSN_C_EBREAK);
    uint64_t a = p->start;
    for (int i = 0; i < p->n; i++) {
        p->in[i].addr = a;
        a += p->in[i].len;
    }
    for (int i = 0; i < p->n; i++)
        fixup(p, i);
}

/* ---- guest memory and CPU state ---- */
typedef struct State {
    uint64_t gpr[32], fpr[32], pc, load_res, load_val, badaddr;
    uint32_t frm, fflags;
    int excp;
    uint8_t mem[DATA_SIZE];
} State;

/* Write the sequence, with ebreaks from instruction stop_at on (-1: none). */
static void write_code(const Prog *p, int stop_at)
{
    mprotect(g2h(CODE), CODE_SIZE, PROT_READ | PROT_WRITE);
    memset(g2h(CODE), 0, CODE_SIZE);
    for (int i = 0; i < p->n; i++) {
        uint32_t e = p->in[i].enc;
        if (stop_at >= 0 && i >= stop_at)
            e = p->in[i].len == 4 ? INSN_EBREAK : INSN_C_EBREAK;
        memcpy(g2h(p->in[i].addr), &e, p->in[i].len);
    }
    mprotect(g2h(CODE), CODE_SIZE, PROT_READ);
}

static void gen_state(State *s, const Prog *p)
{
    memset(s, 0, sizeof(*s));
    for (int r = 1; r < 32; r++)
        s->gpr[r] = reg_reserved(r) ? reserved_init[r] : gen_value();
    for (int r = 0; r < 32; r++)
        s->fpr[r] = gen_fp_value();
    for (size_t k = 0; k < DATA_SIZE; k += 8) {
        uint64_t v = rn(4) ? rnd() : rn(2) ? gen_value() : gen_fp_value();
        memcpy(&s->mem[k], &v, 8);
    }
    s->pc = p->start;
    s->frm = rn(5);
    s->fflags = rn(32);
    s->load_res = ~0ull;
    if (rn(3) == 0) {       /* a reservation left from before */
        s->load_res = DATA + 0x800 + (rn(0x100) << 3);
        memcpy(&s->load_val, &s->mem[s->load_res - DATA], 8);
        if (rn(2))
            s->load_val = (uint64_t)(int64_t)(int32_t)s->load_val;
    }
}

static void state_put(RVCPU *env, const State *s)
{
    memcpy(env->gpr, s->gpr, sizeof(s->gpr));
    memcpy(env->fpr, s->fpr, sizeof(s->fpr));
    env->pc = s->pc;
    env->load_res = s->load_res;
    env->load_val = s->load_val;
    env->badaddr = s->badaddr;
    env->frm = s->frm;
    env->fflags = s->fflags;
    memcpy(g2h(DATA), s->mem, DATA_SIZE);
}

static void state_get(const RVCPU *env, State *s)
{
    memcpy(s->gpr, env->gpr, sizeof(s->gpr));
    memcpy(s->fpr, env->fpr, sizeof(s->fpr));
    s->pc = env->pc;
    s->load_res = env->load_res;
    s->load_val = env->load_val;
    s->badaddr = env->badaddr;
    s->frm = env->frm;
    s->fflags = env->fflags;
    memcpy(s->mem, g2h(DATA), DATA_SIZE);
}

/* Run from `init` with one tier; true when the first block was JIT-compiled. */
static bool run_tier(RVCPU *env, const State *init, bool jit, State *out)
{
    state_put(env, init);
    tb_flush_all();
    jit_enabled = jit;
    out->excp = cpu_exec(&env->cs);
    state_get(env, out);
    TranslationBlock *tb = tb_lookup(&env->cs, init->pc, 0, 0);
    return tb && tb->host_code;
}

static bool same_state(const State *a, const State *b)
{
    return a->excp == b->excp && !memcmp(a->gpr, b->gpr, sizeof(a->gpr)) &&
           !memcmp(a->fpr, b->fpr, sizeof(a->fpr)) && a->pc == b->pc &&
           a->load_res == b->load_res && a->load_val == b->load_val &&
           a->badaddr == b->badaddr && a->frm == b->frm && a->fflags == b->fflags &&
           !memcmp(a->mem, b->mem, DATA_SIZE);
}

/* Host faults inside the reservation are guest faults, as in user mode (src/user/signal.c). */
static void host_fault(int sig, siginfo_t *si, void *uc)
{
    CPUState *cpu = current_cpu;
    uint64_t g = (uint64_t)((uintptr_t)si->si_addr - guest_base);
    if (!cpu || !cpu->running || g >= guest_addr_max) {
        static const char msg[] = "test_rv_random: host fault outside guest memory\n";
        if (write(2, msg, sizeof(msg) - 1) < 0)
            abort();
        signal(sig, SIG_DFL);
        return;
    }
    bool store = (((ucontext_t *)uc)->uc_mcontext.gregs[REG_ERR] & 2) != 0;
    jit_host_pc_to_state((uintptr_t)((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP], cpu, uc);
    cpu_mem_fault(cpu, g, store ? MMU_DATA_STORE : MMU_DATA_LOAD, FAULT_PAGE);
}

static void setup_guest(void)
{
    mmap_init(ADDR_SPACE);
    mprotect(g2h(CODE), CODE_SIZE, PROT_READ);
    mprotect(g2h(DATA), DATA_SIZE, PROT_READ | PROT_WRITE);
    page_set_flags(CODE, CODE + CODE_SIZE, PAGE_VALID | PAGE_READ | PAGE_EXEC);
    page_set_flags(DATA, DATA + DATA_SIZE, PAGE_VALID | PAGE_READ | PAGE_WRITE);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = host_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
}

/* ---- reporting ---- */
static void print_listing(const Prog *p, int mark)
{
    for (int i = 0; i < p->n; i++) {
        char text[128];
        uint8_t bytes[4];
        memcpy(bytes, &p->in[i].enc, 4);
        if (rv_disas(text, sizeof(text), p->in[i].addr, bytes, p->in[i].len) <= 0)
            snprintf(text, sizeof(text), "(undecodable)");
        fprintf(stderr, "%s%4d %#8llx: %0*x  %s%s\n", i == mark ? "=>" : "  ", i,
                (unsigned long long)p->in[i].addr, p->in[i].len * 2, p->in[i].enc, text,
                i == p->fault_at ? "   <- expected fault" : "");
    }
}

static void print_diff(const State *a, const State *b)
{
    fprintf(stderr, "  exception: interp %d, jit %d\n", a->excp, b->excp);
    if (a->pc != b->pc)
        fprintf(stderr, "  pc: %#llx vs %#llx\n", (unsigned long long)a->pc,
                (unsigned long long)b->pc);
    if (a->badaddr != b->badaddr)
        fprintf(stderr, "  badaddr: %#llx vs %#llx\n", (unsigned long long)a->badaddr,
                (unsigned long long)b->badaddr);
    for (int r = 0; r < 32; r++)
        if (a->gpr[r] != b->gpr[r])
            fprintf(stderr, "  x%d (%s): %#llx vs %#llx\n", r, rv_gpr_names[r],
                    (unsigned long long)a->gpr[r], (unsigned long long)b->gpr[r]);
    for (int r = 0; r < 32; r++)
        if (a->fpr[r] != b->fpr[r])
            fprintf(stderr, "  f%d (%s): %#llx vs %#llx\n", r, rv_fpr_names[r],
                    (unsigned long long)a->fpr[r], (unsigned long long)b->fpr[r]);
    if (a->frm != b->frm || a->fflags != b->fflags)
        fprintf(stderr, "  frm/fflags: %u/%#x vs %u/%#x\n", a->frm, a->fflags, b->frm, b->fflags);
    if (a->load_res != b->load_res || a->load_val != b->load_val)
        fprintf(stderr, "  load_res/load_val: %#llx/%#llx vs %#llx/%#llx\n",
                (unsigned long long)a->load_res, (unsigned long long)a->load_val,
                (unsigned long long)b->load_res, (unsigned long long)b->load_val);
    for (size_t k = 0; k < DATA_SIZE; k++)
        if (a->mem[k] != b->mem[k]) {
            fprintf(stderr, "  memory at %#llx: %02x vs %02x (first difference)\n",
                    (unsigned long long)(DATA + k), a->mem[k], b->mem[k]);
            break;
        }
}

static State st_init, st_interp, st_jit, st_tier2;

/* The smallest k such that, with instructions k.. replaced by ebreaks, the tiers differ
 * (-1: none); jumps only go forward outside loops, so the culprit is instruction k - 1. */
static int first_divergence(RVCPU *env, const Prog *p)
{
    for (int stop = 0; stop <= p->n; stop++) {
        write_code(p, stop);
        run_tier(env, &st_init, false, &st_interp);
        run_tier(env, &st_init, true, &st_jit);
        if (!same_state(&st_interp, &st_jit)) {
            write_code(p, -1);
            return stop;
        }
    }
    write_code(p, -1);
    return -1;
}

static void report(RVCPU *env, const Prog *p, uint64_t seed, int index, const char *what)
{
    fprintf(stderr, "sequence %d (seed %llu; rerun: test_rv_random %llu 1 %d): %s\n", index,
            (unsigned long long)seed, (unsigned long long)seed, index, what);
    print_diff(&st_interp, &st_jit);
    int stop = first_divergence(env, p);
    if (stop > 0) {
        fprintf(stderr, "  tiers first differ with ebreaks from insn %d on; suspect insn %d:\n",
                stop, stop - 1);
        print_diff(&st_interp, &st_jit);
    }
    print_listing(p, stop > 0 ? stop - 1 : -1);
}

/* Generate and check one sequence; 0 ok, 1 mismatch, 2 generator error. */
static int check_one(RVCPU *env, uint64_t seed, int index, bool verbose, int *jitted)
{
    static Prog prog;
    rng_seed(seed, (uint64_t)index);
    gen_prog(&prog);
    gen_state(&st_init, &prog);
    write_code(&prog, -1);
    if (verbose)
        print_listing(&prog, -1);
    run_tier(env, &st_init, false, &st_interp);
    *jitted += run_tier(env, &st_init, true, &st_jit);
    if (!same_state(&st_interp, &st_jit)) {
        report(env, &prog, seed, index, "interpreter and JIT differ");
        return 1;
    }
    /* tier 2 forced: blocks executed twice (the loops) head regions while it runs */
    tier2_set_mode(TIER2_FORCE);
    run_tier(env, &st_init, true, &st_tier2);
    tier2_set_mode(TIER2_OFF);
    if (!same_state(&st_interp, &st_tier2)) {
        report(env, &prog, seed, index, "interpreter and tier 2 differ");
        return 1;
    }
    bool faulted = prog.fault_at >= 0 && st_interp.pc == prog.in[prog.fault_at].addr;
    if (st_interp.excp != RV_EXCP_BREAKPOINT && !faulted) {
        report(env, &prog, seed, index, "unexpected exception (generator error?)");
        return 2;
    }
    if (verbose)
        fprintf(stderr, "exception %d at pc %#llx, badaddr %#llx\n", st_interp.excp,
                (unsigned long long)st_interp.pc, (unsigned long long)st_interp.badaddr);
    return 0;
}

int main(int argc, char **argv)
{
    uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
    int count = argc > 2 ? atoi(argv[2]) : 2000;
    int only = argc > 3 ? atoi(argv[3]) : -1;
    setup_guest();
    exec_init(&rv_target_ops);
    RVCPU *env = rv_cpu(cpu_create(&rv_target_ops));
    int bad = 0, faults = 0, jitted = 0, n = 0, rc = 0;
    for (int i = only >= 0 ? only : 0; i < (only >= 0 ? only + 1 : count) && bad < 3; i++, n++) {
        rc = check_one(env, seed, i, only >= 0, &jitted);
        if (rc)
            bad++;
        faults += st_interp.excp != RV_EXCP_BREAKPOINT;
        if (rc == 2)
            break;
    }
    if (!jitted) {
        fprintf(stderr, "no sequence was JIT-compiled (JIT unavailable?)\n");
        bad++;
    }
    printf("seed %llu: %d sequences (%d JIT-compiled, %d ending in a fault), %d mismatches\n",
           (unsigned long long)seed, n, jitted, faults, bad);
    return bad ? (rc == 2 ? 2 : 1) : 0;
}
