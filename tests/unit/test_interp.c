/* Interpreter tests: semantics of every op incl. pinned corner cases, memory, chaining, calls. */
#include <time.h>
#include "ir_test_target.h"

void tb_insert(TranslationBlock *tb);     /* src/tb_cache.c */

/* --- independent reference semantics (deliberately written differently from ir_eval.h) --- */

static uint64_t ref_trunc(IRType t, uint64_t v) { return t == IR_I32 ? (uint32_t)v : v; }
static int ref_bits(IRType t) { return t == IR_I32 ? 32 : 64; }
static int64_t ref_s(IRType t, uint64_t v) { return t == IR_I32 ? (int32_t)v : (int64_t)v; }

static uint64_t ref_clz(IRType t, uint64_t a, uint64_t z)
{
    int n = ref_bits(t);
    for (int i = n - 1; i >= 0; i--)
        if ((a >> i) & 1)
            return (uint64_t)(n - 1 - i);
    return z;
}

static uint64_t ref_ctz(IRType t, uint64_t a, uint64_t z)
{
    for (int i = 0; i < ref_bits(t); i++)
        if ((a >> i) & 1)
            return (uint64_t)i;
    return z;
}

static uint64_t ref_rot(IRType t, uint64_t a, uint64_t n, bool left)
{
    int w = ref_bits(t);
    n %= (uint64_t)w;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t top = (a >> (w - 1)) & 1, bot = a & 1;
        a = left ? ref_trunc(t, (a << 1) | top) : (a >> 1) | (bot << (w - 1));
    }
    return a;
}

static uint64_t ref_div(IRType t, uint64_t a, uint64_t b, bool sign, bool rem)
{
    int64_t sa = ref_s(t, a), sb = ref_s(t, b);
    int64_t min = t == IR_I32 ? INT32_MIN : INT64_MIN;
    if (b == 0)
        return rem ? a : ref_trunc(t, ~0ull);
    if (!sign)
        return rem ? a % b : a / b;
    if (sa == min && sb == -1)
        return rem ? 0 : a;
    return ref_trunc(t, (uint64_t)(rem ? sa % sb : sa / sb));
}

static uint64_t ref_mulh(IRType t, uint64_t a, uint64_t b, int kind)
{
    if (t == IR_I32) {
        int64_t x = kind == 0 ? (int64_t)(uint32_t)a : (int64_t)(int32_t)a;
        int64_t y = kind == 1 ? (int64_t)(int32_t)b : (int64_t)(uint32_t)b;
        if (kind == 0)
            return (uint32_t)(((uint64_t)(uint32_t)a * (uint32_t)b) >> 32);
        return (uint32_t)((x * y) >> 32);
    }
    if (kind == 0)
        return (uint64_t)(((unsigned __int128)a * b) >> 64);
    __int128 x = (__int128)(int64_t)a;
    __int128 y = kind == 1 ? (__int128)(int64_t)b : (__int128)b;
    return (uint64_t)((x * y) >> 64);
}

static uint64_t ref_bin(IROpcode opc, IRType t, uint64_t a, uint64_t b)
{
    uint64_t sh = b % (uint64_t)ref_bits(t);
    switch (opc) {
    case IR_add: return ref_trunc(t, a + b);
    case IR_sub: return ref_trunc(t, a - b);
    case IR_mul: return ref_trunc(t, a * b);
    case IR_and: return a & b;
    case IR_or: return a | b;
    case IR_xor: return a ^ b;
    case IR_andc: return ref_trunc(t, a & ~b);
    case IR_orc: return ref_trunc(t, a | ~b);
    case IR_eqv: return ref_trunc(t, ~(a ^ b));
    case IR_shl: return ref_trunc(t, a << sh);
    case IR_shr: return a >> sh;
    case IR_sar: return ref_trunc(t, (uint64_t)(ref_s(t, a) >> sh));
    case IR_rotl: return ref_rot(t, a, b, true);
    case IR_rotr: return ref_rot(t, a, b, false);
    case IR_div: return ref_div(t, a, b, true, false);
    case IR_divu: return ref_div(t, a, b, false, false);
    case IR_rem: return ref_div(t, a, b, true, true);
    case IR_remu: return ref_div(t, a, b, false, true);
    case IR_muluh: return ref_mulh(t, a, b, 0);
    case IR_mulsh: return ref_mulh(t, a, b, 1);
    case IR_mulsuh: return ref_mulh(t, a, b, 2);
    case IR_clz: return ref_clz(t, a, b);
    case IR_ctz: return ref_ctz(t, a, b);
    default: return 0xdead;
    }
}

/* --- running single ops --- */

static TestCPU *cpu;
static IRBlock blk;

static void begin(void)
{
    ir_block_reset(&blk);
}

static TBExit finish(void)
{
    ir_exit_tb(&blk, TB_EXIT_NOCHAIN);
    const char *err = ir_check(&blk);
    if (err) {
        fprintf(stderr, "ir_check: %s\n", err);
        test_failures++;
    }
    return test_run(&blk, cpu);
}

/* mode 0: both registers; 1: b constant; 2: a constant. Result read from g2/w2. */
static uint64_t run_bin(IROpcode opc, IRType t, uint64_t a, uint64_t b, int mode)
{
    IRTemp ra = t == IR_I32 ? W(0) : G(0), rb = t == IR_I32 ? W(1) : G(1);
    IRTemp rd = t == IR_I32 ? W(2) : G(2);
    begin();
    cpu->g[0] = cpu->w[0] = ref_trunc(t, a);
    cpu->g[1] = cpu->w[1] = ref_trunc(t, b);
    cpu->g[2] = cpu->w[2] = 0x5555;
    IRTemp x = mode == 2 ? ir_const(&blk, t, a) : ra;
    IRTemp y = mode == 1 ? ir_const(&blk, t, b) : rb;
    ir_emit2(&blk, opc, t, rd, x, y);
    finish();
    return t == IR_I32 ? cpu->w[2] : cpu->g[2];
}

static const uint64_t vals[] = {
    0, 1, 2, 3, 5, 31, 32, 33, 63, 64, 65, 0x7f, 0x80, 0xff, 0x8000, 0x7fffffff, 0x80000000,
    0xffffffff, 0x100000000ull, 0x123456789abcdef0ull, 0x8000000000000000ull,
    0x7fffffffffffffffull, 0xffffffffffffffffull, 0xfffffffffffffffeull, 0xfedcba9876543210ull,
};

static void test_binary_ops(void)
{
    static const IROpcode ops[] = {
        IR_add, IR_sub, IR_mul, IR_and, IR_or, IR_xor, IR_andc, IR_orc, IR_eqv, IR_shl,
        IR_shr, IR_sar, IR_rotl, IR_rotr, IR_div, IR_divu, IR_rem, IR_remu, IR_mulsh,
        IR_muluh, IR_mulsuh, IR_clz, IR_ctz,
    };
    for (size_t o = 0; o < ARRAY_SIZE(ops); o++)
        for (int t = IR_I32; t <= IR_I64; t++)
            for (size_t i = 0; i < ARRAY_SIZE(vals); i++)
                for (size_t j = 0; j < ARRAY_SIZE(vals); j++) {
                    uint64_t a = ref_trunc((IRType)t, vals[i]), b = ref_trunc((IRType)t, vals[j]);
                    uint64_t want = ref_bin(ops[o], (IRType)t, a, b);
                    for (int mode = 0; mode < 3; mode++) {
                        uint64_t got = run_bin(ops[o], (IRType)t, a, b, mode);
                        if (got != want) {
                            fprintf(stderr, "%s_i%d(%#llx, %#llx) mode %d = %#llx, want %#llx\n",
                                    ir_op_defs[ops[o]].name, t == IR_I32 ? 32 : 64,
                                    (unsigned long long)a, (unsigned long long)b, mode,
                                    (unsigned long long)got, (unsigned long long)want);
                            test_failures++;
                        }
                    }
                }
}

static void test_pinned_corners(void)
{
    CHECK_EQ(run_bin(IR_div, IR_I64, 7, 0, 0), ~0ull);
    CHECK_EQ(run_bin(IR_divu, IR_I64, 7, 0, 1), ~0ull);
    CHECK_EQ(run_bin(IR_rem, IR_I64, 7, 0, 0), 7);
    CHECK_EQ(run_bin(IR_remu, IR_I32, 7, 0, 1), 7);
    CHECK_EQ(run_bin(IR_div, IR_I32, 7, 0, 0), 0xffffffffull);
    CHECK_EQ(run_bin(IR_div, IR_I64, 1ull << 63, ~0ull, 0), 1ull << 63);
    CHECK_EQ(run_bin(IR_rem, IR_I64, 1ull << 63, ~0ull, 1), 0);
    CHECK_EQ(run_bin(IR_div, IR_I32, 0x80000000u, 0xffffffffu, 0), 0x80000000u);
    CHECK_EQ(run_bin(IR_rem, IR_I32, 0x80000000u, 0xffffffffu, 2), 0);
    CHECK_EQ(run_bin(IR_shl, IR_I64, 1, 65, 0), 2);
    CHECK_EQ(run_bin(IR_shl, IR_I32, 1, 33, 1), 2);
    CHECK_EQ(run_bin(IR_sar, IR_I32, 0x80000000u, 63, 0), 0xffffffffu);
    CHECK_EQ(run_bin(IR_clz, IR_I64, 0, 64, 0), 64);
    CHECK_EQ(run_bin(IR_clz, IR_I32, 0, 99, 1), 99);
    CHECK_EQ(run_bin(IR_ctz, IR_I32, 0x100, 32, 0), 8);
    CHECK_EQ(run_bin(IR_sub, IR_I32, 0, 1, 0), 0xffffffffu);      /* zero-extended */
    CHECK_EQ(run_bin(IR_mulsh, IR_I64, ~0ull, ~0ull, 0), 0);
    CHECK_EQ(run_bin(IR_muluh, IR_I64, ~0ull, ~0ull, 0), ~0ull - 1);
    CHECK_EQ(run_bin(IR_mulsuh, IR_I64, ~0ull, 2, 0), ~0ull);
}

static uint64_t run_un(IROpcode opc, IRType t, uint64_t a, bool konst)
{
    begin();
    cpu->g[0] = cpu->w[0] = ref_trunc(t, a);
    IRTemp d = t == IR_I32 ? W(2) : G(2);
    IRTemp s = konst ? ir_const(&blk, t, a) : (t == IR_I32 ? W(0) : G(0));
    ir_emit1(&blk, opc, t, d, s);
    finish();
    return t == IR_I32 ? cpu->w[2] : cpu->g[2];
}

static void check_un(IROpcode opc, IRType t, uint64_t a, uint64_t want)
{
    for (int k = 0; k < 2; k++) {
        uint64_t got = run_un(opc, t, a, k);
        if (got != want) {
            fprintf(stderr, "%s_i%d(%#llx) = %#llx, want %#llx\n", ir_op_defs[opc].name,
                    t == IR_I32 ? 32 : 64, (unsigned long long)a, (unsigned long long)got,
                    (unsigned long long)want);
            test_failures++;
        }
    }
}

static void test_unary_ops(void)
{
    check_un(IR_mov, IR_I64, 0x123, 0x123);
    check_un(IR_neg, IR_I64, 1, ~0ull);
    check_un(IR_neg, IR_I32, 1, 0xffffffffu);
    check_un(IR_not, IR_I32, 0, 0xffffffffu);
    check_un(IR_not, IR_I64, 0, ~0ull);
    check_un(IR_ctpop, IR_I64, 0xff00ff00ff00ff00ull, 32);
    check_un(IR_ctpop, IR_I32, 0xffffffffu, 32);
    check_un(IR_bswap16, IR_I64, 0x11223344aabbull, 0xbbaa);
    check_un(IR_bswap32, IR_I32, 0x11223344u, 0x44332211u);
    check_un(IR_bswap32, IR_I64, 0xff11223344ull, 0x44332211u);
    check_un(IR_ext8s, IR_I64, 0x80, 0xffffffffffffff80ull);
    check_un(IR_ext8s, IR_I32, 0x80, 0xffffff80u);
    check_un(IR_ext8u, IR_I64, 0x1ff, 0xff);
    check_un(IR_ext16s, IR_I32, 0x8001, 0xffff8001u);
    check_un(IR_ext16s, IR_I64, 0x7fff, 0x7fff);
    check_un(IR_ext16u, IR_I64, 0x18001, 0x8001);
}

static void test_conversions(void)
{
    begin();
    cpu->g[0] = 0x8000000180000002ull;
    cpu->w[0] = 0x80000000u;
    ir_bswap64(&blk, G(1), G(0));
    ir_ext32s(&blk, G(2), G(0));
    ir_ext32u(&blk, G(3), G(0));
    ir_ext_i32_i64(&blk, G(4), W(0));
    ir_extu_i32_i64(&blk, G(5), W(0));
    ir_extrl_i64_i32(&blk, W(1), G(0));
    ir_extrh_i64_i32(&blk, W(2), G(0));
    finish();
    CHECK_EQ(cpu->g[1], 0x0200008001000080ull);
    CHECK_EQ(cpu->g[2], 0xffffffff80000002ull);
    CHECK_EQ(cpu->g[3], 0x80000002ull);
    CHECK_EQ(cpu->g[4], 0xffffffff80000000ull);
    CHECK_EQ(cpu->g[5], 0x80000000ull);
    CHECK_EQ(cpu->w[1], 0x80000002u);
    CHECK_EQ(cpu->w[2], 0x80000001u);
}

static void test_bitfields(void)
{
    begin();
    cpu->g[0] = 0xf0f0f0f0f0f0f0f0ull;
    cpu->g[1] = 0x5;
    cpu->w[0] = 0x00f00000u;
    ir_extract(&blk, IR_I64, G(2), G(0), 4, 8);
    ir_sextract(&blk, IR_I64, G(3), G(0), 4, 8);
    ir_deposit(&blk, IR_I64, G(4), G(0), G(1), 60, 4);
    ir_sextract(&blk, IR_I32, W(1), W(0), 20, 4);
    ir_deposit(&blk, IR_I32, W(2), W(0), W(3), 0, 32);
    ir_extract(&blk, IR_I64, G(5), G(0), 0, 64);
    finish();
    CHECK_EQ(cpu->g[2], 0x0f);
    CHECK_EQ(cpu->g[3], 0x0f);
    CHECK_EQ(cpu->g[4], 0x50f0f0f0f0f0f0f0ull);
    CHECK_EQ(cpu->w[1], 0xffffffffu);
    CHECK_EQ(cpu->w[2], cpu->w[3]);
    CHECK_EQ(cpu->g[5], cpu->g[0]);
}

static void test_conditions(void)
{
    static const uint64_t cv[] = { 0, 1, 0x7fffffff, 0x80000000, 0xffffffff,
                                   0x8000000000000000ull, ~0ull, 0x100000000ull };
    for (int c = IR_COND_NEVER; c <= IR_COND_TSTNE; c++)
        for (int t = IR_I32; t <= IR_I64; t++)
            for (size_t i = 0; i < ARRAY_SIZE(cv); i++)
                for (size_t j = 0; j < ARRAY_SIZE(cv); j++) {
                    uint64_t a = ref_trunc((IRType)t, cv[i]), b = ref_trunc((IRType)t, cv[j]);
                    bool want = ir_cond_eval((IRCond)c, (IRType)t, a, b);
                    IRTemp ga = t == IR_I32 ? W(0) : G(0), gb = t == IR_I32 ? W(1) : G(1);
                    for (int mode = 0; mode < 3; mode++) {
                        begin();
                        cpu->g[0] = cpu->w[0] = a;
                        cpu->g[1] = cpu->w[1] = b;
                        IRTemp x = mode == 2 ? ir_const(&blk, (IRType)t, a) : ga;
                        IRTemp y = mode == 1 ? ir_const(&blk, (IRType)t, b) : gb;
                        IRLabel l = ir_new_label(&blk);
                        ir_setcond(&blk, (IRType)t, (IRCond)c, t == IR_I32 ? W(2) : G(2), x, y);
                        ir_movcond(&blk, (IRType)t, (IRCond)c, t == IR_I32 ? W(3) : G(3), x, y,
                                   ir_const(&blk, (IRType)t, 11), ir_const(&blk, (IRType)t, 22));
                        ir_movi(&blk, IR_I64, G(4), 0);
                        ir_brcond(&blk, (IRType)t, (IRCond)c, x, y, l);
                        ir_movi(&blk, IR_I64, G(4), 1);
                        ir_set_label(&blk, l);
                        finish();
                        uint64_t mc = t == IR_I32 ? cpu->w[3] : cpu->g[3];
                        uint64_t sc = t == IR_I32 ? cpu->w[2] : cpu->g[2];
                        if (sc != want || mc != (want ? 11u : 22u) || cpu->g[4] != !want) {
                            fprintf(stderr, "cond %s i%d mode %d (%#llx,%#llx): set %llu mov %llu br %llu\n",
                                    ir_cond_name((IRCond)c), t == IR_I32 ? 32 : 64, mode,
                                    (unsigned long long)a, (unsigned long long)b,
                                    (unsigned long long)sc, (unsigned long long)mc,
                                    (unsigned long long)cpu->g[4]);
                            test_failures++;
                        }
                    }
                }
}

static void test_env_access(void)
{
    begin();
    int32_t off = (int32_t)offsetof(TestCPU, raw);
    memcpy(cpu->raw, "\x81\x82\x83\x84\x85\x86\x87\x88", 8);
    ir_ld_env(&blk, IR_I64, G(0), off, MO_SB);
    ir_ld_env(&blk, IR_I64, G(1), off, MO_UW);
    ir_ld_env(&blk, IR_I64, G(2), off, MO_SL);
    ir_ld_env(&blk, IR_I64, G(3), off, MO_UQ);
    ir_ld_env(&blk, IR_I32, W(0), off, MO_SB);
    ir_st_env(&blk, IR_I64, ir_const64(&blk, 0xaabb), off + 8, MO_UW);
    finish();
    CHECK_EQ(cpu->g[0], 0xffffffffffffff81ull);
    CHECK_EQ(cpu->g[1], 0x8281);
    CHECK_EQ(cpu->g[2], 0xffffffff84838281ull);
    CHECK_EQ(cpu->g[3], 0x8887868584838281ull);
    CHECK_EQ(cpu->w[0], 0xffffff81u);
    CHECK_EQ(cpu->raw[8], 0xbb);
    CHECK_EQ(cpu->raw[9], 0xaa);
}

static void test_guest_memory(uint8_t *mem)
{
    begin();
    memcpy(mem + 0x100, "\x81\x82\x83\x84\x85\x86\x87\x88", 8);
    cpu->g[0] = 0x100;
    ir_qemu_ld(&blk, IR_I64, G(1), G(0), MO_SW, 0);
    ir_qemu_ld(&blk, IR_I64, G(2), G(0), MO_UL | MO_BSWAP, 0);
    ir_qemu_ld(&blk, IR_I64, G(3), G(0), MO_UQ, 0);
    ir_qemu_ld(&blk, IR_I32, W(0), G(0), MO_SB, 0);
    ir_qemu_st(&blk, IR_I64, ir_const64(&blk, 0x1122334455667788ull), ir_const64(&blk, 0x200),
               MO_UQ, 0);
    ir_qemu_st(&blk, IR_I64, G(3), ir_const64(&blk, 0x210), MO_UW | MO_BSWAP, 0);
    ir_qemu_st(&blk, IR_I32, W(0), ir_const64(&blk, 0x220), MO_UB, 0);
    finish();
    CHECK_EQ(cpu->g[1], 0xffffffffffff8281ull);
    CHECK_EQ(cpu->g[2], 0x81828384u);
    CHECK_EQ(cpu->g[3], 0x8887868584838281ull);
    CHECK_EQ(cpu->w[0], 0xffffff81u);
    CHECK_EQ(*(uint64_t *)(mem + 0x200), 0x1122334455667788ull);
    CHECK_EQ(mem[0x210], 0x82);
    CHECK_EQ(mem[0x211], 0x81);
    CHECK_EQ(mem[0x220], 0x81);
}

static void test_faults(void)
{
    begin();
    cpu->nfaults = 0;
    cpu->g[0] = TEST_MEM_SIZE - 4;
    ir_insn_start(&blk, 0x1000);
    ir_movi(&blk, IR_I64, G(1), 1);
    ir_insn_start(&blk, 0x1004);
    ir_qemu_ld(&blk, IR_I64, G(2), G(0), MO_UQ, 0);     /* crosses the end: faults */
    ir_movi(&blk, IR_I64, G(3), 3);
    TBExit r = finish();
    CHECK_EQ(r.code, -1);
    CHECK_EQ(cpu->nfaults, 1);
    CHECK_EQ(cpu->fault_addr, TEST_MEM_SIZE - 4);
    CHECK_EQ(cpu->fault_kind, FAULT_PAGE);
    CHECK_EQ(cpu->pc, 0x1004);              /* restored from insn_start */
    CHECK_EQ(cpu->g[1], 1);

    begin();
    cpu->g[0] = 0x102;
    ir_insn_start(&blk, 0x2000);
    ir_qemu_ld(&blk, IR_I64, G(2), G(0), MO_UL | MO_ALIGN, 0);
    r = finish();
    CHECK_EQ(r.code, -1);
    CHECK_EQ(cpu->fault_kind, FAULT_MISALIGNED);
    CHECK_EQ(cpu->pc, 0x2000);
}

static void test_atomics(uint8_t *mem)
{
    *(uint64_t *)(mem + 0x300) = 10;
    *(uint32_t *)(mem + 0x308) = 0xfffffff0u;     /* -16 as i32 */
    begin();
    IRTemp a = ir_const64(&blk, 0x300), a32 = ir_const64(&blk, 0x308);
    ir_atomic_rmw(&blk, IR_atomic_add, IR_I64, G(0), a, ir_const64(&blk, 5), MO_UQ, 0);
    ir_atomic_rmw(&blk, IR_atomic_xchg, IR_I64, G(1), a, ir_const64(&blk, 100), MO_UQ, 0);
    ir_atomic_cmpxchg(&blk, IR_I64, G(2), a, ir_const64(&blk, 99), ir_const64(&blk, 7), MO_UQ, 0);
    ir_atomic_cmpxchg(&blk, IR_I64, G(3), a, ir_const64(&blk, 100), ir_const64(&blk, 8), MO_UQ, 0);
    ir_atomic_rmw(&blk, IR_atomic_smin, IR_I64, G(4), a32, ir_const64(&blk, 3), MO_SL, 0);
    ir_atomic_rmw(&blk, IR_atomic_umax, IR_I32, W(0), a32, ir_const32(&blk, 3), MO_UL, 0);
    ir_atomic_rmw(&blk, IR_atomic_or, IR_I64, G(5), a, ir_const64(&blk, 0x30), MO_UB, 0);
    finish();
    CHECK_EQ(cpu->g[0], 10);
    CHECK_EQ(cpu->g[1], 15);
    CHECK_EQ(cpu->g[2], 100);
    CHECK_EQ(cpu->g[3], 100);
    CHECK_EQ(cpu->g[4], 0xfffffffffffffff0ull);   /* old, sign-extended; min(-16, 3) = -16 */
    CHECK_EQ(cpu->w[0], 0xfffffff0u);             /* old; umax stores 0xfffffff0 */
    CHECK_EQ(cpu->g[5], 8);
    CHECK_EQ(*(uint64_t *)(mem + 0x300), 0x38);
    CHECK_EQ(*(uint32_t *)(mem + 0x308), 0xfffffff0u);

    begin();
    ir_insn_start(&blk, 0x3000);
    ir_atomic_rmw(&blk, IR_atomic_add, IR_I64, G(0), ir_const64(&blk, 0x304),
                  ir_const64(&blk, 1), MO_UQ, 0);
    TBExit r = finish();
    CHECK_EQ(r.code, -1);
    CHECK_EQ(cpu->fault_kind, FAULT_MISALIGNED);
}

/* --- helper calls --- */

static uint64_t helper_mix(CPUState *env, uint32_t a, uint64_t b, uint32_t c)
{
    TestCPU *t = (TestCPU *)env;
    return (uint64_t)a * 3 + b * 5 + c + t->g[7];
}
static uint32_t helper_ret32(uint64_t a) { return (uint32_t)(a >> 8) | 0x80000000u; }
static uint64_t helper_eight(uint64_t a, uint32_t b, uint64_t c, uint32_t d, uint64_t e,
                             uint32_t f, uint64_t g, CPUState *env)
{
    return a + 2ull * b + 3 * c + 4ull * d + 5 * e + 6ull * f + 7 * g + (env == &cpu->cs ? 1000 : 0);
}
static void helper_store(CPUState *env, uint64_t v) { ((TestCPU *)env)->g[6] = v; }

IR_HELPER(mix, IR_I64, 0, IR_HTYPE_PTR, IR_I32, IR_I64, IR_I32);
IR_HELPER(ret32, IR_I32, IR_CALL_PURE, IR_I64);
IR_HELPER(eight, IR_I64, 0, IR_I64, IR_I32, IR_I64, IR_I32, IR_I64, IR_I32, IR_I64,
          IR_HTYPE_PTR);
IR_HELPER(store, IR_HTYPE_VOID, 0, IR_HTYPE_PTR, IR_I64);

static void test_calls(void)
{
    begin();
    cpu->g[7] = 1000000;
    cpu->w[0] = 0xffffffffu;
    ir_callv(&blk, &helper_info_mix, G(0), IR_TEMP_ENV_PTR, W(0), ir_const64(&blk, 7),
             ir_const32(&blk, 2));
    ir_callv(&blk, &helper_info_ret32, W(1), ir_const64(&blk, 0x12345678ff));
    ir_callv(&blk, &helper_info_eight, G(1), ir_const64(&blk, 1), ir_const32(&blk, 1),
             ir_const64(&blk, 1), ir_const32(&blk, 1), ir_const64(&blk, 1), W(0),
             ir_const64(&blk, 1), IR_TEMP_ENV_PTR);
    ir_callv(&blk, &helper_info_store, IR_NO_TEMP, IR_TEMP_ENV_PTR, ir_const64(&blk, 77));
    finish();
    CHECK_EQ(cpu->g[0], 0xffffffffull * 3 + 35 + 2 + 1000000);
    CHECK_EQ(cpu->w[1], 0x92345678u);
    CHECK_EQ(cpu->g[1], 1 + 2 + 3 + 4 + 5 + 6 * 0xffffffffull + 7 + 1000);
    CHECK_EQ(cpu->g[6], 77);
}

/* --- control flow --- */

static TranslationBlock *build_tb(uint64_t pc, void (*gen)(IRBlock *b, uint64_t pc))
{
    begin();
    gen(&blk, pc);
    const char *err = ir_check(&blk);
    if (err) {
        fprintf(stderr, "ir_check: %s\n", err);
        test_failures++;
    }
    TranslationBlock *tb = test_tb_new(&blk, pc);
    CHECK(tb->interp_code != NULL);
    return tb;
}

/* g0 += 1; chain to pc + 4 through slot 0. */
static void gen_step(IRBlock *b, uint64_t pc)
{
    ir_addi(b, IR_I64, G(0), G(0), 1);
    ir_goto_tb(b, 0);
    ir_movi(b, IR_I64, GPC, pc + 4);
    ir_exit_tb(b, TB_EXIT_JUMP0);
}

/* g1 = g0 * 10; pc = g2; indirect jump. */
static void gen_indirect(IRBlock *b, uint64_t pc)
{
    ir_muli(b, IR_I64, G(1), G(0), 10);
    ir_mov(b, IR_I64, GPC, G(2));
    ir_lookup_and_goto(b);
}

static void gen_stop(IRBlock *b, uint64_t pc)
{
    ir_movi(b, IR_I64, G(3), pc);
    ir_exit_tb(b, TB_EXIT_NOCHAIN);
}

static void test_chaining(void)
{
    TranslationBlock *a = build_tb(0x1000, gen_step);
    TranslationBlock *b = build_tb(0x1004, gen_step);
    TranslationBlock *c = build_tb(0x1008, gen_indirect);
    TranslationBlock *d = build_tb(0x2000, gen_stop);
    tb_insert(d);
    cpu->g[0] = 0;
    cpu->cs.exit_request = 0;
    TBExit r = interp_exec(&cpu->cs, a);        /* not linked: exits after one step */
    CHECK(r.tb == a && r.code == TB_EXIT_JUMP0 && cpu->g[0] == 1 && cpu->pc == 0x1004);

    a->jmp_dest[0] = b;
    b->jmp_dest[0] = c;
    cpu->g[0] = 0;
    cpu->g[2] = 0x2000;
    r = interp_exec(&cpu->cs, a);               /* a -> b -> c -> lookup d */
    CHECK(r.tb == d && r.code == TB_EXIT_NOCHAIN);
    CHECK_EQ(cpu->g[0], 2);
    CHECK_EQ(cpu->g[1], 20);
    CHECK_EQ(cpu->g[3], 0x2000);

    cpu->g[2] = 0x3000;                         /* lookup misses */
    r = interp_exec(&cpu->cs, c);
    CHECK(r.tb == c && r.code == TB_EXIT_NOCHAIN && cpu->pc == 0x3000);

    cpu->cs.exit_request = 1;                   /* chain not taken: pc stays precise */
    r = interp_exec(&cpu->cs, a);
    CHECK(r.tb == a && r.code == TB_EXIT_JUMP0 && cpu->pc == 0x1004);
    cpu->g[2] = 0x2000;
    r = interp_exec(&cpu->cs, c);
    CHECK(r.tb == c && r.code == TB_EXIT_REQUESTED && cpu->pc == 0x2000);
    cpu->cs.exit_request = 0;

    b->invalid = true;                          /* invalid destinations are not entered */
    r = interp_exec(&cpu->cs, a);
    CHECK(r.tb == a && r.code == TB_EXIT_JUMP0);
    TranslationBlock *own[] = { a, b, c };      /* d stays in the TB cache */
    for (int k = 0; k < 3; k++) {
        interp_free(own[k]->interp_code);
        free(own[k]);
    }
}

static void test_loop_and_slots(void)
{
    /* Backward branch: g0 = sum(1..100) with a temp living across the label. */
    begin();
    IRTemp i = ir_new_temp(&blk, IR_I64);
    IRLabel top = ir_new_label(&blk);
    ir_movi(&blk, IR_I64, i, 100);
    ir_movi(&blk, IR_I64, G(0), 0);
    ir_set_label(&blk, top);
    ir_add(&blk, IR_I64, G(0), G(0), i);
    ir_subi(&blk, IR_I64, i, i, 1);
    ir_brcondi(&blk, IR_I64, IR_COND_NE, i, 0, top);
    finish();
    CHECK_EQ(cpu->g[0], 5050);

    /* Too many simultaneously live temps: refused cleanly. */
    begin();
    IRTemp *t = malloc(sizeof(IRTemp) * (IR_MAX_TEMPS + 1));
    for (int k = 0; k <= IR_MAX_TEMPS; k++) {
        t[k] = ir_new_temp(&blk, IR_I64);
        ir_movi(&blk, IR_I64, t[k], (uint64_t)k);
    }
    for (int k = 0; k <= IR_MAX_TEMPS; k++)
        ir_add(&blk, IR_I64, G(0), G(0), t[k]);
    ir_exit_tb(&blk, 0);
    CHECK(interp_compile(&blk) == NULL);
    free(t);

    /* Many short-lived temps reuse slots. */
    begin();
    ir_movi(&blk, IR_I64, G(0), 0);
    for (int k = 0; k < 4 * IR_MAX_TEMPS; k++) {
        IRTemp x = ir_new_temp(&blk, IR_I64);
        ir_addi(&blk, IR_I64, x, G(0), 1);
        ir_mov(&blk, IR_I64, G(0), x);
    }
    finish();
    CHECK_EQ(cpu->g[0], 4 * IR_MAX_TEMPS);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* A loop of ~8 IR ops per iteration, like a guest inner loop. */
static void bench(long iters)
{
    begin();
    IRLabel top = ir_new_label(&blk);
    ir_movi(&blk, IR_I64, G(0), (uint64_t)iters);
    ir_movi(&blk, IR_I64, G(1), 0);
    ir_set_label(&blk, top);
    IRTemp t = ir_new_temp(&blk, IR_I64), u = ir_new_temp(&blk, IR_I64);
    ir_shli(&blk, IR_I64, t, G(0), 3);
    ir_xor(&blk, IR_I64, u, t, G(1));
    ir_add(&blk, IR_I64, G(1), u, G(0));
    ir_andi(&blk, IR_I64, G(2), G(1), 0xff);
    ir_or(&blk, IR_I64, G(3), G(2), G(1));
    ir_sub(&blk, IR_I64, G(4), G(3), G(2));
    ir_subi(&blk, IR_I64, G(0), G(0), 1);
    ir_brcondi(&blk, IR_I64, IR_COND_NE, G(0), 0, top);
    double t0 = now();
    finish();
    double dt = now() - t0;
    printf("interp bench: %ld iterations x 8 ops in %.3f s = %.0f M IR ops/s\n", iters, dt,
           8.0 * iters / dt / 1e6);
}

int main(int argc, char **argv)
{
    uint8_t *mem = test_mem_init();
    cpu = test_cpu_new();
    test_block_init(&blk);
    test_binary_ops();
    test_pinned_corners();
    test_unary_ops();
    test_conversions();
    test_bitfields();
    test_conditions();
    test_env_access();
    test_guest_memory(mem);
    test_faults();
    test_atomics(mem);
    test_calls();
    test_chaining();
    test_loop_and_slots();
    bench(argc > 1 ? atol(argv[1]) : 2000000);
    if (test_failures) {
        printf("test_interp: %d failures\n", test_failures);
        return 1;
    }
    printf("test_interp: ok\n");
    return 0;
}
