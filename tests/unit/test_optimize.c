/* Optimizer tests: folds, simplifications, copy propagation, dead code, and random equivalence. */
#include "ir_test_target.h"

static IRBlock blk;
static TestCPU *cpu;
static uint8_t *mem;

static char *dump_str(const IRBlock *b)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ir_dump(b, f);
    fclose(f);
    return buf;
}

/* Optimize blk and compare its dump with want. */
static void expect_opt(const char *what, const char *want)
{
    const char *err = ir_check(&blk);
    if (err) {
        fprintf(stderr, "%s: invalid input block: %s\n", what, err);
        test_failures++;
    }
    ir_optimize(&blk);
    err = ir_check(&blk);
    if (err) {
        fprintf(stderr, "%s: optimizer produced an invalid block: %s\n", what, err);
        test_failures++;
    }
    char *got = dump_str(&blk);
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "%s:\n--- got\n%s--- want\n%s", what, got, want);
        test_failures++;
    }
    free(got);
}

static uint64_t helper_pure(uint64_t a) { return a * 3; }
static void helper_clobber(CPUState *env) { ((TestCPU *)env)->g[7] += 0x100; }
static uint64_t helper_readg(CPUState *env) { return ((TestCPU *)env)->g[0]; }
IR_HELPER(pure, IR_I64, IR_CALL_PURE, IR_I64);
IR_HELPER(clobber, IR_HTYPE_VOID, 0, IR_HTYPE_PTR);
IR_HELPER(readg, IR_I64, IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR);

static void test_folding(void)
{
    ir_block_reset(&blk);
    IRTemp t = ir_new_temp(&blk, IR_I64);
    ir_movi(&blk, IR_I64, t, 6);
    ir_muli(&blk, IR_I64, G(0), t, 7);
    ir_div(&blk, IR_I64, G(1), t, ir_const64(&blk, 0));
    ir_rem(&blk, IR_I32, W(0), ir_const32(&blk, 0x80000000u), ir_const32(&blk, ~0u));
    ir_clz(&blk, IR_I64, G(2), ir_const64(&blk, 0), ir_const64(&blk, 64));
    ir_sub(&blk, IR_I32, W(1), ir_const32(&blk, 0), ir_const32(&blk, 1));
    ir_setcondi(&blk, IR_I64, IR_COND_LT, G(3), t, 7);
    ir_exit_tb(&blk, 0);
    expect_opt("constant folding",
               " mov_i64 g0, $0x2a\n"
               " mov_i64 g1, $0xffffffffffffffff\n"
               " mov_i32 w0, $0x0\n"
               " mov_i64 g2, $0x40\n"
               " mov_i32 w1, $0xffffffff\n"
               " mov_i64 g3, $0x1\n"
               " exit_tb $0\n");
}

static void test_simplify(void)
{
    ir_block_reset(&blk);
    ir_addi(&blk, IR_I64, G(0), G(1), 0);
    ir_muli(&blk, IR_I64, G(2), G(1), 0);
    ir_xor(&blk, IR_I64, G(3), G(1), G(1));
    ir_andi(&blk, IR_I32, W(0), W(1), 0xffffffffu);
    ir_ori(&blk, IR_I64, G(4), G(1), ~0ull);
    ir_shli(&blk, IR_I64, G(5), G(1), 64);
    ir_mul(&blk, IR_I64, G(6), ir_const64(&blk, 1), G(1));
    ir_exit_tb(&blk, 0);
    expect_opt("algebraic simplification",
               " mov_i64 g0, g1\n"
               " mov_i64 g2, $0x0\n"
               " mov_i64 g3, $0x0\n"
               " mov_i32 w0, w1\n"
               " mov_i64 g4, $0xffffffffffffffff\n"
               " mov_i64 g5, g1\n"
               " mov_i64 g6, g1\n"
               " exit_tb $0\n");
}

static void test_copy_prop(void)
{
    ir_block_reset(&blk);
    IRTemp t = ir_new_temp(&blk, IR_I64), u = ir_new_temp(&blk, IR_I64);
    ir_mov(&blk, IR_I64, t, G(0));
    ir_addi(&blk, IR_I64, G(1), t, 1);
    ir_mov(&blk, IR_I64, u, G(1));
    ir_movi(&blk, IR_I64, G(1), 5);         /* u no longer equals g1 */
    ir_add(&blk, IR_I64, G(2), u, t);
    ir_exit_tb(&blk, 0);
    char want[256];
    snprintf(want, sizeof(want),
             " add_i64 g1, g0, $0x1\n"
             " mov_i64 tmp%u, g1\n"
             " mov_i64 g1, $0x5\n"
             " add_i64 g2, tmp%u, g0\n"
             " exit_tb $0\n", u, u);
    expect_opt("copy propagation", want);

    /* A call that may write globals ends copies of globals. */
    ir_block_reset(&blk);
    t = ir_new_temp(&blk, IR_I64);
    ir_mov(&blk, IR_I64, t, G(7));
    ir_callv(&blk, &helper_info_clobber, IR_NO_TEMP, IR_TEMP_ENV_PTR);
    ir_mov(&blk, IR_I64, G(0), t);
    ir_exit_tb(&blk, 0);
    snprintf(want, sizeof(want),
             " mov_i64 tmp%u, g7\n"
             " call clobber, void, env\n"
             " mov_i64 g0, tmp%u\n"
             " exit_tb $0\n", t, t);
    expect_opt("copies across calls", want);
}

static void test_branches(void)
{
    ir_block_reset(&blk);
    IRLabel l1 = ir_new_label(&blk), l2 = ir_new_label(&blk);
    ir_brcondi(&blk, IR_I64, IR_COND_EQ, ir_const64(&blk, 3), 4, l1);   /* never taken */
    ir_movi(&blk, IR_I64, G(0), 1);
    ir_brcond(&blk, IR_I64, IR_COND_GEU, G(1), G(1), l2);               /* always */
    ir_movi(&blk, IR_I64, G(0), 2);                                    /* unreachable */
    ir_set_label(&blk, l1);
    ir_movi(&blk, IR_I64, G(0), 3);
    ir_set_label(&blk, l2);
    ir_exit_tb(&blk, 0);
    ir_movi(&blk, IR_I64, G(0), 4);                                    /* unreachable */
    expect_opt("constant branches",
               " mov_i64 g0, $0x1\n"
               " exit_tb $0\n");
}

/* A flag (subbo/sub/xor) tested against 0/1 becomes the compare itself; the flag op dies. */
static void test_fused_compare(void)
{
    ir_block_reset(&blk);
    IRLabel l1 = ir_new_label(&blk);
    IRTemp c = ir_new_temp(&blk, IR_I64), z = ir_new_temp(&blk, IR_I64);
    ir_subbo(&blk, IR_I64, c, G(1), G(2), ir_const64(&blk, 0));
    ir_brcondi(&blk, IR_I64, IR_COND_NE, c, 0, l1);        /* SUBS; B.LO */
    ir_sub(&blk, IR_I64, z, G(3), G(4));
    ir_setcond(&blk, IR_I64, IR_COND_EQ, G(0), z, ir_const64(&blk, 0));   /* SUBS; CSET EQ */
    ir_set_label(&blk, l1);
    ir_exit_tb(&blk, 0);
    expect_opt("fused compares",
               " brcond_i64 g1, g2, ltu, L0\n"
               " setcond_i64 g0, g3, g4, eq\n"
               "L0:\n"
               " exit_tb $0\n");
    /* not when an operand changed in between */
    ir_block_reset(&blk);
    c = ir_new_temp(&blk, IR_I64);
    ir_subbo(&blk, IR_I64, c, G(1), G(2), ir_const64(&blk, 0));
    ir_movi(&blk, IR_I64, G(1), 5);
    ir_setcond(&blk, IR_I64, IR_COND_EQ, G(0), c, ir_const64(&blk, 1));
    ir_exit_tb(&blk, 0);
    expect_opt("no fusion after a write",
               " subbo_i64 tmp14, g1, g2, $0x0\n"
               " mov_i64 g1, $0x5\n"
               " setcond_i64 g0, tmp14, $0x1, eq\n"
               " exit_tb $0\n");
}

static void test_dce(void)
{
    ir_block_reset(&blk);
    IRTemp t = ir_new_temp(&blk, IR_I64), p = ir_new_temp(&blk, IR_I64);
    ir_addi(&blk, IR_I64, t, G(1), 9);                          /* dead temp */
    ir_movi(&blk, IR_I64, G(0), 1);                             /* overwritten: dead */
    ir_movi(&blk, IR_I64, G(0), 2);                             /* live at the load */
    ir_qemu_ld(&blk, IR_I64, G(2), G(1), MO_UQ, 0);
    ir_movi(&blk, IR_I64, G(3), 1);                             /* live at the call */
    ir_callv(&blk, &helper_info_readg, G(4), IR_TEMP_ENV_PTR);
    ir_movi(&blk, IR_I64, G(3), 2);
    ir_callv(&blk, &helper_info_pure, p, G(1));                 /* pure, unused */
    ir_movi(&blk, IR_I64, G(5), 1);                             /* live at exit */
    ir_exit_tb(&blk, 0);
    expect_opt("dead code",
               " mov_i64 g0, $0x2\n"
               " qemu_ld_i64 g2, g1, uq, $0\n"
               " mov_i64 g3, $0x1\n"
               " call readg, g4, env\n"
               " mov_i64 g3, $0x2\n"
               " mov_i64 g5, $0x1\n"
               " exit_tb $0\n");
}

/* A helper given the env pointer may read vector registers in place: a vector write before
 * it is not dead even when a later vector op overwrites the register. */
static void helper_vread(CPUState *env) { (void)env; }
IR_HELPER(vread, IR_HTYPE_VOID, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR);

static void test_vec_dse_call(void)
{
    int32_t v0 = (int32_t)offsetof(TestCPU, vr[0]), v1 = (int32_t)offsetof(TestCPU, vr[1]);
    ir_block_reset(&blk);
    ir_vec2(&blk, IR_vmov, IR_VDESC(0, 16), v0, v1);
    ir_callv(&blk, &helper_info_vread, IR_NO_TEMP, IR_TEMP_ENV_PTR);
    ir_vec2(&blk, IR_vnot, IR_VDESC(0, 16), v0, v1);
    ir_vec2(&blk, IR_vmov, IR_VDESC(0, 16), v1, v0);    /* dead: overwritten below */
    ir_vec2(&blk, IR_vnot, IR_VDESC(0, 16), v1, v0);
    ir_exit_tb(&blk, 0);
    ir_optimize(&blk);
    int nvec = 0;
    for (int i = 0; i < blk.nops; i++)
        nvec += (ir_op_defs[blk.ops[i].opc].flags & IRF_VEC) != 0;
    if (nvec != 3) {
        fprintf(stderr, "vector dse around an env helper: %d vector ops kept, want 3\n", nvec);
        test_failures++;
    }
}

/* --- random equivalence: unoptimized and optimized blocks leave identical state --- */

static uint64_t rng_state = 0x243f6a8885a308d3ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static int rn(int n) { return (int)(rnd() % (uint64_t)n); }

static uint64_t rnd_val(void)
{
    static const uint64_t special[] = { 0, 1, 2, 31, 32, 63, 64, 0x80000000u, 0xffffffffu,
                                        0x8000000000000000ull, ~0ull, 0x7fffffffffffffffull };
    return rn(3) ? special[rn((int)ARRAY_SIZE(special))] : rnd();
}

typedef struct Pool { IRTemp t[64]; int n; } Pool;

static IRTemp pick(IRBlock *b, Pool *p, IRType type)
{
    if (rn(4) == 0 || p->n == 0)
        return ir_const(b, type, rnd_val());
    return p->t[rn(p->n)];
}

static IRTemp dest(IRBlock *b, Pool *p, IRType type, int ng)
{
    if (rn(2) || p->n >= 64)
        return type == IR_I64 ? G(rn(ng)) : W(rn(4));
    IRTemp t = ir_new_temp(b, type);
    p->t[p->n++] = t;
    return t;
}

static void gen_random_op(IRBlock *b, Pool *p64, Pool *p32)
{
    static const IROpcode bin[] = {
        IR_add, IR_sub, IR_mul, IR_div, IR_divu, IR_rem, IR_remu, IR_mulsh, IR_muluh,
        IR_mulsuh, IR_and, IR_or, IR_xor, IR_andc, IR_orc, IR_eqv, IR_shl, IR_shr, IR_sar,
        IR_rotl, IR_rotr, IR_clz, IR_ctz,
    };
    static const IROpcode un[] = { IR_mov, IR_neg, IR_not, IR_ctpop, IR_bswap16, IR_bswap32,
                                   IR_ext8s, IR_ext8u, IR_ext16s, IR_ext16u };
    IRType t = rn(3) ? IR_I64 : IR_I32;
    Pool *p = t == IR_I64 ? p64 : p32;
    int kind = rn(22);
    if (kind >= 20) {       /* a flag and a test of it (opt_fuse_compare) */
        static const IROpcode fl[] = { IR_subbo, IR_subbo, IR_sub, IR_xor, IR_addco, IR_subvo };
        IROpcode opc = fl[rn((int)ARRAY_SIZE(fl))];
        IRTemp f = ir_new_temp(b, t), a = pick(b, p, t), x = pick(b, p, t);
        if (opc == IR_sub || opc == IR_xor)
            ir_emit2(b, opc, t, f, a, x);
        else
            ir_flag_op(b, opc, t, f, a, x, rn(3) ? ir_const(b, t, 0) : pick(b, p, t));
        if (rn(3) == 0)
            gen_random_op(b, p64, p32);
        IRCond c = rn(2) ? IR_COND_EQ : IR_COND_NE;
        IRTemp k = ir_const(b, t, (uint64_t)rn(3));
        if (rn(2))
            ir_setcond(b, t, c, dest(b, p, t, 7), rn(2) ? f : k, rn(2) ? k : f);
        else
            ir_movcond(b, t, c, dest(b, p, t, 7), f, k, pick(b, p, t), pick(b, p, t));
        return;
    }
    if (kind < 10) {
        IRTemp a = pick(b, p, t), c = rn(4) ? pick(b, p, t) : a;
        ir_emit2(b, bin[rn((int)ARRAY_SIZE(bin))], t, dest(b, p, t, 7), a, c);
    } else if (kind < 13) {
        ir_emit1(b, un[rn((int)ARRAY_SIZE(un))], t, dest(b, p, t, 7), pick(b, p, t));
    } else if (kind == 13) {
        IRTemp a = pick(b, p, t);
        ir_setcond(b, t, (IRCond)rn(IR_COND_TSTNE + 1), dest(b, p, t, 7), a,
                   rn(3) ? pick(b, p, t) : a);
    } else if (kind == 14) {
        ir_movcond(b, t, (IRCond)rn(IR_COND_TSTNE + 1), dest(b, p, t, 7), pick(b, p, t),
                   pick(b, p, t), pick(b, p, t), pick(b, p, t));
    } else if (kind == 15) {
        unsigned w = t == IR_I32 ? 32 : 64, pos = (unsigned)rn((int)w);
        unsigned len = 1 + (unsigned)rn((int)(w - pos));
        if (rn(2))
            ir_deposit(b, t, dest(b, p, t, 7), pick(b, p, t), pick(b, p, t), pos, len);
        else if (rn(2))
            ir_extract(b, t, dest(b, p, t, 7), pick(b, p, t), pos, len);
        else
            ir_sextract(b, t, dest(b, p, t, 7), pick(b, p, t), pos, len);
    } else if (kind == 16) {
        int c = rn(4);
        if (c == 0) ir_ext_i32_i64(b, dest(b, p64, IR_I64, 7), pick(b, p32, IR_I32));
        if (c == 1) ir_extu_i32_i64(b, dest(b, p64, IR_I64, 7), pick(b, p32, IR_I32));
        if (c == 2) ir_extrl_i64_i32(b, dest(b, p32, IR_I32, 7), pick(b, p64, IR_I64));
        if (c == 3) ir_extrh_i64_i32(b, dest(b, p32, IR_I32, 7), pick(b, p64, IR_I64));
    } else if (kind == 17) {
        IRTemp addr = ir_new_temp(b, IR_I64);
        ir_andi(b, IR_I64, addr, pick(b, p64, IR_I64), 0x1f8);
        if (rn(2))
            ir_qemu_st(b, IR_I64, pick(b, p64, IR_I64), addr, (MemOp)rn(4), 0);
        else
            ir_qemu_ld(b, IR_I64, dest(b, p64, IR_I64, 7), addr, (MemOp)(rn(4) | (rn(2) ? MO_SIGN : 0)), 0);
    } else if (kind == 18) {
        if (rn(2))
            ir_callv(b, &helper_info_clobber, IR_NO_TEMP, IR_TEMP_ENV_PTR);
        else
            ir_callv(b, &helper_info_pure, dest(b, p64, IR_I64, 7), pick(b, p64, IR_I64));
    } else {
        ir_callv(b, &helper_info_readg, dest(b, p64, IR_I64, 7), IR_TEMP_ENV_PTR);
    }
}

/* A block of straight-line runs separated by forward branches; temps defined inside a
 * skippable region are forgotten at its label so nothing reads an undefined temp. */
static void gen_random_block(IRBlock *b)
{
    Pool p64 = { .n = 0 }, p32 = { .n = 0 };
    for (int k = 0; k < 7; k++)
        p64.t[p64.n++] = G(k);
    for (int k = 0; k < 4; k++)
        p32.t[p32.n++] = W(k);
    int nops = 5 + rn(40);
    IRLabel open = 0;
    int open_at = -1, save64 = 0, save32 = 0;
    for (int i = 0; i < nops; i++) {
        if (open_at < 0 && rn(8) == 0) {
            open = ir_new_label(b);
            IRType t = rn(2) ? IR_I64 : IR_I32;
            Pool *p = t == IR_I64 ? &p64 : &p32;
            ir_brcond(b, t, (IRCond)rn(IR_COND_TSTNE + 1), pick(b, p, t), pick(b, p, t), open);
            open_at = i;
            save64 = p64.n;
            save32 = p32.n;
        } else if (open_at >= 0 && (rn(6) == 0 || i == nops - 1)) {
            if (rn(4) == 0) {
                ir_movi(b, IR_I64, GPC, 0x42);
                ir_exit_tb(b, TB_EXIT_NOCHAIN);
            }
            ir_set_label(b, open);
            open_at = -1;
            p64.n = save64;
            p32.n = save32;
        }
        gen_random_op(b, &p64, &p32);
    }
    if (open_at >= 0)
        ir_set_label(b, open);
    ir_exit_tb(b, TB_EXIT_JUMP0);
}

static void clone_block(IRBlock *dst, const IRBlock *src)
{
    ir_block_reset(dst);
    while (dst->cap_ops < src->nops)
        ir_emit(dst, IR_nop, IR_I64);
    while (dst->cap_temps < src->ntemps)
        ir_new_temp(dst, IR_I64);
    memcpy(dst->ops, src->ops, sizeof(IROp) * src->nops);
    memcpy(dst->temps, src->temps, sizeof(IRTempInfo) * src->ntemps);
    dst->nops = src->nops;
    dst->ntemps = src->ntemps;
    dst->nlabels = src->nlabels;
    dst->ninsns = src->ninsns;
}

typedef struct Snap { uint64_t g[8], w[4], pc; uint8_t mem[0x200]; TBExit r; } Snap;

static void run_snap(IRBlock *b, const TestCPU *init, const uint8_t *init_mem, Snap *s)
{
    memcpy(cpu, init, sizeof(*cpu));
    memcpy(mem, init_mem, sizeof(s->mem));
    s->r = test_run(b, cpu);
    s->r.tb = NULL;
    memcpy(s->g, cpu->g, sizeof(s->g));
    memcpy(s->w, cpu->w, sizeof(s->w));
    s->pc = cpu->pc;
    memcpy(s->mem, mem, sizeof(s->mem));
}

static void test_random_equivalence(int nblocks)
{
    IRBlock opt;
    test_block_init(&opt);
    TestCPU init;
    uint8_t init_mem[0x200];
    int bad = 0;
    for (int n = 0; n < nblocks && bad < 5; n++) {
        ir_block_reset(&blk);
        gen_random_block(&blk);
        const char *err = ir_check(&blk);
        if (err) {
            fprintf(stderr, "random block %d invalid: %s\n", n, err);
            bad++;
            continue;
        }
        clone_block(&opt, &blk);
        ir_optimize(&opt);
        if ((err = ir_check(&opt))) {
            fprintf(stderr, "random block %d: optimized block invalid: %s\n", n, err);
            bad++;
            continue;
        }
        memset(&init, 0, sizeof(init));
        init.cs.target = &test_target;
        for (int k = 0; k < 8; k++)
            init.g[k] = rnd_val();
        for (int k = 0; k < 4; k++)
            init.w[k] = (uint32_t)rnd_val();
        for (size_t k = 0; k < sizeof(init_mem); k++)
            init_mem[k] = (uint8_t)rnd();
        Snap a, b;
        run_snap(&blk, &init, init_mem, &a);
        run_snap(&opt, &init, init_mem, &b);
        if (memcmp(&a, &b, sizeof(a)) != 0) {
            fprintf(stderr, "random block %d: optimized result differs\n", n);
            for (int k = 0; k < 8; k++)
                if (a.g[k] != b.g[k])
                    fprintf(stderr, "  g%d: %#llx vs %#llx\n", k, (unsigned long long)a.g[k],
                            (unsigned long long)b.g[k]);
            for (int k = 0; k < 4; k++)
                if (a.w[k] != b.w[k])
                    fprintf(stderr, "  w%d: %#llx vs %#llx\n", k, (unsigned long long)a.w[k],
                            (unsigned long long)b.w[k]);
            fprintf(stderr, "--- before\n");
            ir_dump(&blk, stderr);
            fprintf(stderr, "--- after\n");
            ir_dump(&opt, stderr);
            bad++;
        }
    }
    test_failures += bad;
    ir_block_free(&opt);
}

int main(int argc, char **argv)
{
    mem = test_mem_init();
    cpu = test_cpu_new();
    test_block_init(&blk);
    test_folding();
    test_simplify();
    test_copy_prop();
    test_branches();
    test_dce();
    test_fused_compare();
    test_vec_dse_call();
    test_random_equivalence(argc > 1 ? atoi(argv[1]) : 3000);
    if (test_failures) {
        printf("test_optimize: %d failures\n", test_failures);
        return 1;
    }
    printf("test_optimize: ok\n");
    return 0;
}
