/* Random IR blocks run through the interpreter and the JIT; final CPU state and memory must
 * agree. Usage: test_jit_random [seed [blocks]] (default seed 1, 3000 blocks). */
#include "../unit/ir_test_target.h"
#include "tcg/jit.h"

static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static unsigned rn(unsigned n) { return (unsigned)(rnd() % n); }

/* ---- helpers the blocks call ---- */
static uint64_t helper_mix(uint64_t a, uint64_t b, uint32_t c) { return (a * 31) ^ (b + c); }
static uint32_t helper_mix32(uint32_t a, uint64_t b) { return a * 7 + (uint32_t)(b >> 3); }
static uint64_t helper_six(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e,
                           uint64_t f)
{ return a - b * 3 + (c ^ d) + (e << 1) + (f >> 2); }
static void helper_env_rw(CPUState *cs, uint64_t x)
{
    TestCPU *c = (TestCPU *)cs;
    c->g[1] = c->g[0] + x;
    c->w[2] = (uint32_t)(c->g[3] ^ x);
}
static void helper_maybe_raise(CPUState *cs, uint64_t x)
{
    if ((x & 15) == 0)
        cpu_loop_exit_restore(cs, 2);
}
IR_HELPER(mix, IR_I64, IR_CALL_PURE, IR_I64, IR_I64, IR_I32);
IR_HELPER(mix32, IR_I32, IR_CALL_PURE, IR_I32, IR_I64);
IR_HELPER(six, IR_I64, IR_CALL_PURE, IR_I64, IR_I64, IR_I64, IR_I64, IR_I64, IR_I64);
IR_HELPER(env_rw, IR_HTYPE_VOID, 0, IR_HTYPE_PTR, IR_I64);
IR_HELPER(maybe_raise, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I64);

/* ---- the generator ---- */
typedef struct Gen {
    IRBlock *b;
    IRTemp pool[2][256];        /* readable values by type */
    int npool[2];
    int mark[2];                /* pool sizes when the open label's branch was emitted */
    int open_label;             /* -1 if none */
    uint64_t pc;
    bool vec;                   /* also flag and vector ops */
    IRTemp flag;                /* the last flag op's result (for fused branches), or 0 */
    IRType flag_type;
} Gen;

static void gen_add(Gen *g, IRType t, IRTemp v)
{
    if (g->npool[t] < 256)
        g->pool[t][g->npool[t]++] = v;
}

static uint64_t gen_value(void)
{
    static const uint64_t special[] = { 0, 1, 2, 7, 31, 32, 63, 64, 0x7f, 0x80, 0xff, 0x8000,
        0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
        0x8000000000000000ull, ~0ull, ~1ull, 0xfffffffffffffff0ull };
    switch (rn(4)) {
    case 0: return special[rn(ARRAY_SIZE(special))];
    case 1: return rn(100);
    case 2: return (uint64_t)(int64_t)(int32_t)rnd();
    default: return rnd();
    }
}

static IRTemp gen_in(Gen *g, IRType t)
{
    if (rn(6) == 0)
        return ir_const(g->b, t, gen_value());
    return g->pool[t][rn((unsigned)g->npool[t])];
}

static IRTemp gen_out(Gen *g, IRType t)
{
    IRTemp d;
    if (rn(3) == 0)
        d = t == IR_I64 ? G(rn(8)) : W(rn(4));
    else if (rn(3) == 0 && g->npool[t] > (t == IR_I64 ? 8 : 4))
        d = g->pool[t][rn((unsigned)g->npool[t])];
    else
        d = ir_new_temp(g->b, t);
    if (g->b->temps[d].kind == IR_TEMP_NORMAL)
        gen_add(g, t, d);
    return d;
}

static IRType gen_type(void) { return rn(3) ? IR_I64 : IR_I32; }

static void gen_arith(Gen *g)
{
    static const IROpcode bin[] = { IR_add, IR_sub, IR_mul, IR_div, IR_divu, IR_rem, IR_remu,
        IR_mulsh, IR_muluh, IR_mulsuh, IR_and, IR_or, IR_xor, IR_andc, IR_orc, IR_eqv, IR_shl,
        IR_shr, IR_sar, IR_rotl, IR_rotr, IR_clz, IR_ctz };
    static const IROpcode un[] = { IR_mov, IR_neg, IR_not, IR_ctpop, IR_bswap16, IR_bswap32,
        IR_ext8s, IR_ext8u, IR_ext16s, IR_ext16u };
    IRType t = gen_type();
    IRBlock *b = g->b;
    switch (rn(10)) {
    case 0: case 1: case 2: case 3: {
        IROpcode opc = bin[rn(ARRAY_SIZE(bin))];
        IRTemp a = gen_in(g, t), c = gen_in(g, t);
        if (opc >= IR_shl && opc <= IR_rotr && rn(2))
            c = ir_const(b, t, rn(t == IR_I64 ? 64 : 32));
        ir_emit2(b, opc, t, gen_out(g, t), a, c);
        break;
    }
    case 4: case 5: {
        IRTemp a = gen_in(g, t);
        ir_emit1(b, un[rn(ARRAY_SIZE(un))], t, gen_out(g, t), a);
        break;
    }
    case 6: {
        static const IROpcode conv[] = { IR_bswap64, IR_ext32s, IR_ext32u, IR_ext_i32_i64,
            IR_extu_i32_i64, IR_extrl_i64_i32, IR_extrh_i64_i32 };
        IROpcode opc = conv[rn(ARRAY_SIZE(conv))];
        IRType in = (opc == IR_ext_i32_i64 || opc == IR_extu_i32_i64) ? IR_I32 : IR_I64;
        IRType out = (opc == IR_extrl_i64_i32 || opc == IR_extrh_i64_i32) ? IR_I32 : IR_I64;
        IRTemp a = gen_in(g, in);
        ir_emit1(b, opc, out, gen_out(g, out), a);
        break;
    }
    case 7: {
        unsigned w = t == IR_I64 ? 64 : 32, pos = rn(w), len = 1 + rn(w - pos);
        IRTemp a = gen_in(g, t);
        if (rn(3) == 0)
            ir_deposit(b, t, gen_out(g, t), a, gen_in(g, t), pos, len);
        else if (rn(2))
            ir_extract(b, t, gen_out(g, t), a, pos, len);
        else
            ir_sextract(b, t, gen_out(g, t), a, pos, len);
        break;
    }
    case 8: {
        IRCond c = (IRCond)rn(IR_COND_TSTNE + 1);
        IRTemp a = gen_in(g, t), x = gen_in(g, t);
        if (rn(2))
            ir_setcond(b, t, c, gen_out(g, t), a, x);
        else
            ir_movcond(b, t, c, gen_out(g, t), a, x, gen_in(g, t), gen_in(g, t));
        break;
    }
    default: {
        IRTemp a = gen_in(g, t);
        ir_emit2i(b, rn(2) ? IR_add : IR_xor, t, gen_out(g, t), a, gen_value());
        break;
    }
    }
}

/* A flag op (addco/addvo/subbo/subvo) with a carry in that is 0, 1 or any value. */
static void gen_flag(Gen *g)
{
    IRType t = gen_type();
    IROpcode opc = (IROpcode)(IR_addco + rn(4));
    IRTemp a = gen_in(g, t), x = gen_in(g, t);
    IRTemp c = rn(3) ? gen_in(g, t) : ir_const(g->b, t, rn(2));
    IRTemp d = gen_out(g, t);
    ir_flag_op(g->b, opc, t, d, a, x, c);
    g->flag = d;
    g->flag_type = t;
}

static int32_t gen_vreg(void) { return (int32_t)(offsetof(TestCPU, vr) + 16 * rn(4)); }

/* One vf* op (binary32/64 lanes, vector, 8-byte or scalar) with its ok output. */
static void gen_vecf(Gen *g)
{
    uint32_t desc = IR_VDESC(2 + rn(2), rn(2) ? 16 : 8) | (rn(3) ? 0 : IR_VEC_SCALAR);
    int32_t d = gen_vreg(), a = gen_vreg(), x = gen_vreg();
    IRTemp ok = gen_out(g, IR_I64);
    switch (rn(3)) {
    case 0: ir_vfop(g->b, (IROpcode)(IR_vfadd + rn(4)), ok, desc, d, a, x); break;
    case 1: ir_vfsqrt(g->b, ok, desc, d, a); break;
    default: ir_vfma(g->b, ok, desc, d, a, x, gen_vreg(), rn(4)); break;
    }
}

/* One vector op of any kind and element size, or a lane insert/extract. */
static void gen_vec(Gen *g)
{
    IRBlock *b = g->b;
    unsigned esz = rn(4);
    uint32_t desc = IR_VDESC(esz, rn(4) ? 16 : 8);
    int32_t d = gen_vreg(), a = gen_vreg(), x = gen_vreg();
    IRType t = gen_type();
    switch (rn(9)) {
    case 0: ir_vec2(b, (IROpcode)(IR_vmov + rn(IR_vabs - IR_vmov + 1)), desc, d, a); break;
    case 1: case 2: ir_vec3(b, (IROpcode)(IR_vadd + rn(IR_vavgu - IR_vadd + 1)), desc, d, a, x); break;
    case 3: ir_vcmp(b, (IRCond)(IR_COND_EQ + rn(IR_COND_TSTNE - IR_COND_EQ + 1)), desc, d, a, x); break;
    case 4: ir_vshi(b, (IROpcode)(IR_vshli + rn(3)), desc, d, a, rn(3) ? rn(8u << esz) : rn(65)); break;
    case 5: {
        IRTemp n = rn(2) ? ir_const(b, t, rn(3) ? rn(8u << esz) : gen_value()) : gen_in(g, t);
        ir_vshs(b, (IROpcode)(IR_vshls + rn(3)), t, desc, d, a, n);
        break;
    }
    case 6: ir_vdup(b, t, desc, d, gen_in(g, t)); break;
    case 7: gen_vecf(g); break;
    default: {
        unsigned mosz = t == IR_I32 ? rn(3) : rn(4);
        MemOp mo = (MemOp)(mosz | (mosz < (t == IR_I32 ? 2u : 3u) && rn(2) ? MO_SIGN : 0));
        unsigned lane = rn(16u >> mosz);
        if (rn(2))
            ir_vext(b, t, gen_out(g, t), a, lane, mo);
        else
            ir_vins(b, t, gen_in(g, t), d, lane, (MemOp)mosz);
        break;
    }
    }
}

/* A guest address: mostly in range, sometimes misaligned or out of range. */
static IRTemp gen_addr(Gen *g)
{
    IRBlock *b = g->b;
    IRTemp a = ir_new_temp(b, IR_I64);
    if (rn(40) == 0) {
        ir_mov(b, IR_I64, a, gen_in(g, IR_I64));
        return a;
    }
    ir_andi(b, IR_I64, a, gen_in(g, IR_I64), TEST_MEM_SIZE - 1 - (rn(8) ? 7 : 0));
    return a;
}

static void gen_mem(Gen *g)
{
    IRBlock *b = g->b;
    IRType t = gen_type();
    unsigned size = rn(t == IR_I64 ? 4 : 3);
    MemOp mo = (MemOp)(size | (rn(3) == 0 ? MO_SIGN : 0) | (rn(4) == 0 ? MO_BSWAP : 0) |
                       (rn(5) == 0 ? MO_ALIGN : 0));
    if (size == MO_64)
        mo &= ~MO_SIGN;
    if (rn(4) == 0 && g->open_label < 0)     /* like frontends: no branch skips one */
        ir_insn_start(b, g->pc += 4);
    switch (rn(6)) {
    case 0: case 1: {
        IRTemp a = gen_addr(g);
        ir_qemu_ld(b, t, gen_out(g, t), a, mo, 0);
        break;
    }
    case 2: case 3: {
        IRTemp v = gen_in(g, t), a = gen_addr(g);
        ir_qemu_st(b, t, v, a, mo & ~MO_SIGN, 0);
        break;
    }
    case 4: {
        IRTemp a = gen_addr(g);
        ir_andi(b, IR_I64, a, a, ~(uint64_t)((1u << size) - 1));
        MemOp amo = (MemOp)(mo & (MO_SIZE | MO_SIGN | MO_BSWAP));
        if (rn(3) == 0)
            ir_atomic_cmpxchg(b, t, gen_out(g, t), a, gen_in(g, t), gen_in(g, t), amo, 0);
        else
            ir_atomic_rmw(b, (IROpcode)(IR_atomic_xchg + rn(IR_atomic_umax - IR_atomic_xchg + 1)),
                          t, gen_out(g, t), a, gen_in(g, t), amo, 0);
        break;
    }
    default: {
        int32_t off = (int32_t)offsetof(TestCPU, raw) + (int32_t)rn(2) * 8;
        bool sign = rn(2);
        if (rn(2))
            ir_ld_env(b, t, gen_out(g, t), off, (MemOp)(size | (sign ? MO_SIGN : 0)));
        else
            ir_st_env(b, t, gen_in(g, t), off, (MemOp)size);
        break;
    }
    }
}

static void gen_call(Gen *g)
{
    IRBlock *b = g->b;
    switch (rn(5)) {
    case 0: ir_callv(b, &helper_info_mix, gen_out(g, IR_I64), gen_in(g, IR_I64),
                     gen_in(g, IR_I64), gen_in(g, IR_I32)); break;
    case 1: ir_callv(b, &helper_info_mix32, gen_out(g, IR_I32), gen_in(g, IR_I32),
                     gen_in(g, IR_I64)); break;
    case 2: ir_callv(b, &helper_info_six, gen_out(g, IR_I64), gen_in(g, IR_I64),
                     gen_in(g, IR_I64), gen_in(g, IR_I64), gen_in(g, IR_I64), gen_in(g, IR_I64),
                     gen_in(g, IR_I64)); break;
    case 3: ir_callv(b, &helper_info_env_rw, IR_NO_TEMP, IR_TEMP_ENV_PTR, gen_in(g, IR_I64));
        break;
    default:
        if (g->open_label < 0)
            ir_insn_start(b, g->pc += 4);
        ir_callv(b, &helper_info_maybe_raise, IR_NO_TEMP, IR_TEMP_ENV_PTR, gen_in(g, IR_I64));
        break;
    }
}

static void gen_close_label(Gen *g)
{
    ir_set_label(g->b, (IRLabel)g->open_label);
    g->npool[0] = g->mark[0];
    g->npool[1] = g->mark[1];
    g->open_label = -1;
    g->flag = 0;                /* may be undefined on the other path */
}

static void gen_block(Gen *g, IRBlock *b, int nops)
{
    bool vec = g->vec;
    memset(g, 0, sizeof(*g));
    g->vec = vec;
    g->b = b;
    g->open_label = -1;
    g->pc = 0x1000;
    for (int k = 0; k < 8; k++)
        gen_add(g, IR_I64, G(k));
    for (int k = 0; k < 4; k++)
        gen_add(g, IR_I32, W(k));
    ir_insn_start(b, g->pc);
    for (int i = 0; i < nops; i++) {
        unsigned k = rn(20);
        if (k < 12)
            gen_arith(g);
        else if (k < 16 && g->vec && rn(2))
            rn(2) ? gen_flag(g) : gen_vec(g);
        else if (k < 16)
            gen_mem(g);
        else if (k < 17)
            gen_call(g);
        else if (k < 19 && g->open_label < 0) {
            IRType t = gen_type();
            g->open_label = (int)ir_new_label(b);
            g->mark[0] = g->npool[0];
            g->mark[1] = g->npool[1];
            if (g->flag && rn(2))     /* the pattern opt_fuse_compare fuses */
                ir_brcond(b, g->flag_type, rn(2) ? IR_COND_EQ : IR_COND_NE, g->flag,
                          ir_const(b, g->flag_type, rn(2)), (IRLabel)g->open_label);
            else
                ir_brcond(b, t, (IRCond)rn(IR_COND_TSTNE + 1), gen_in(g, t), gen_in(g, t),
                          (IRLabel)g->open_label);
            g->flag = 0;
        } else if (g->open_label >= 0) {
            gen_close_label(g);
        }
    }
    if (g->open_label >= 0)
        gen_close_label(g);
    ir_movi(b, IR_I64, GPC, 0x2000 + rn(16));
    ir_exit_tb(b, rn(3));
}

/* ---- running and comparing ---- */
typedef struct RunResult { int code; int excp; } RunResult;

static RunResult run_one(TestCPU *cpu, TranslationBlock *tb, bool jit)
{
    RunResult r = { -2, -1 };
    cpu->cs.exception_index = -1;
    if (sigsetjmp(cpu->cs.jmp_env, 0) == 0) {
        TBExit e = jit ? jit_exec(&cpu->cs, tb) : interp_exec(&cpu->cs, tb);
        r.code = e.code;
    } else {
        r.code = -1;
        r.excp = cpu->cs.exception_index;
    }
    return r;
}

static bool same_cpu(const TestCPU *a, const TestCPU *b)
{
    return !memcmp(a->g, b->g, sizeof(a->g)) && !memcmp(a->w, b->w, sizeof(a->w)) &&
           a->pc == b->pc && a->nfaults == b->nfaults && a->fault_addr == b->fault_addr &&
           a->fault_type == b->fault_type && a->fault_kind == b->fault_kind &&
           !memcmp(a->raw, b->raw, sizeof(a->raw)) && !memcmp(a->vr, b->vr, sizeof(a->vr));
}

static void dump_cpu(const char *name, const TestCPU *c)
{
    fprintf(stderr, "%s: pc %#llx faults %llu addr %#llx type %d kind %d\n", name,
            (unsigned long long)c->pc, (unsigned long long)c->nfaults,
            (unsigned long long)c->fault_addr, c->fault_type, c->fault_kind);
    for (int k = 0; k < 8; k++)
        fprintf(stderr, "  g%d %016llx%s", k, (unsigned long long)c->g[k], k % 4 == 3 ? "\n" : "");
    for (int k = 0; k < 4; k++)
        fprintf(stderr, "  w%d %016llx", k, (unsigned long long)c->w[k]);
    fprintf(stderr, "\n");
}

int main(int argc, char **argv)
{
    uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
    int blocks = argc > 2 ? atoi(argv[2]) : 3000;
    bool vec = argc > 3 && !strcmp(argv[3], "vec");   /* also flag and vector ops */
    rng_state = seed * 0x9e3779b97f4a7c15ull + 1;
    uint8_t *mem_a = test_mem_init();
    uint8_t *mem_b = mmap(NULL, TEST_MEM_SIZE, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    jit_enabled = true;
    IRBlock b;
    test_block_init(&b);
    TestCPU *ca = test_cpu_new(), *cb = test_cpu_new();
    jit_init_target(&test_target);      /* env bias from the globals (filled by now) */
    int jitted = 0, bad = 0;
    for (int n = 0; n < blocks && bad < 5; n++) {
        ir_block_reset(&b);
        Gen g;
        g.vec = vec;
        gen_block(&g, &b, 5 + (int)rn(n % 10 == 0 ? 400 : 60));
        const char *err = ir_check(&b);
        if (err) {
            fprintf(stderr, "block %d: generator made invalid IR: %s\n", n, err);
            return 2;
        }
        bool opt = rn(2);
        if (opt)
            ir_optimize(&b);
        TranslationBlock *tb = calloc(1, sizeof(*tb));
        tb->pc = 0x1000;
        tb->interp_code = interp_compile(&b);
        if (!tb->interp_code) {
            free(tb);
            continue;
        }
        tb->host_code = jit_compile(&b, tb);
        if (!tb->host_code) {
            fprintf(stderr, "block %d: jit_compile failed\n", n);
            ir_dump(&b, stderr);
            bad++;
            continue;
        }
        jitted++;
        for (int k = 0; k < 8; k++)
            ca->g[k] = gen_value();
        for (int k = 0; k < 4; k++)
            ca->w[k] = (uint32_t)gen_value();
        for (int k = 0; k < 16; k++)
            ca->raw[k] = (uint8_t)rnd();
        for (int k = 0; k < 4; k++)
            for (int j = 0; j < 16; j += 8) {
                uint64_t v = gen_value();
                memcpy(&ca->vr[k][j], &v, 8);
            }
        ca->pc = 0x1000;
        ca->nfaults = 0;
        for (size_t k = 0; k < TEST_MEM_SIZE; k += 8)
            *(uint64_t *)(mem_a + k) = rnd();
        *cb = *ca;
        memcpy(mem_b, mem_a, TEST_MEM_SIZE);
        guest_base = (uintptr_t)mem_a;
        RunResult ra = run_one(ca, tb, false);
        guest_base = (uintptr_t)mem_b;
        RunResult rb = run_one(cb, tb, true);
        guest_base = (uintptr_t)mem_a;
        if (ra.code != rb.code || ra.excp != rb.excp || !same_cpu(ca, cb) ||
            memcmp(mem_a, mem_b, TEST_MEM_SIZE)) {
            fprintf(stderr, "block %d (seed %llu): interp exit %d/%d, jit exit %d/%d\n", n,
                    (unsigned long long)seed, ra.code, ra.excp, rb.code, rb.excp);
            dump_cpu("interp", ca);
            dump_cpu("jit", cb);
            for (size_t k = 0; k < TEST_MEM_SIZE; k++)
                if (mem_a[k] != mem_b[k]) {
                    fprintf(stderr, "memory differs at %#zx: %02x vs %02x\n", k, mem_a[k], mem_b[k]);
                    break;
                }
            fprintf(stderr, "(%soptimized)\n", opt ? "" : "not ");
            ir_dump(&b, stderr);
            bad++;
        }
        interp_free(tb->interp_code);
        free(tb);
    }
    printf("seed %llu: %d blocks compared, %d mismatches\n", (unsigned long long)seed, jitted, bad);
    return bad != 0 || jitted == 0;
}
