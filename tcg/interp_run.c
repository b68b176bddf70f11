/* Tier-0 runner: executes threaded code built by interp.c, chaining between blocks. */
/*
 * One function holds every handler so that GCC's computed goto can jump straight from one
 * handler to the next (direct threading): no central dispatch loop, no bounds check. The
 * handler bodies are generated from the op lists in ir_eval.h / interp.h; the semantics live
 * in ir_eval.h, shared with the optimizer's constant folding.
 *
 * Helper calls: on x86-64 and aarch64 every IR helper argument is an integer or pointer, which
 * these ABIs pass in the same registers as a uint64_t (callee reads the low 32 bits of an i32),
 * so calls with up to 6 arguments go directly through a cast pointer. Everything else (and
 * every call when INTERP_NO_DIRECT_CALLS is defined) goes through libffi.
 */
#include <ffi.h>
#include "interp.h"
#include "ir_vec.h"
#include "trix/guest_mem.h"
#include "trix/exec_stats.h"
#include "trix/tier.h"

#if (defined(__x86_64__) || defined(__aarch64__)) && !defined(INTERP_NO_DIRECT_CALLS)
#define INTERP_DIRECT_CALLS 1
#endif

#define R(off) (*(uint64_t *)(env + (off)))
#define OD(w) ((uint32_t)(w) & INTERP_OFF_MAX)
#define OA(w) ((uint32_t)((w) >> INTERP_OFF_BITS) & INTERP_OFF_MAX)
#define OB(w) ((uint32_t)((w) >> (2 * INTERP_OFF_BITS)))
#define DISPATCH() goto *(void *)ip[0]
#define NEXT(n) do { ip += (n); DISPATCH(); } while (0)
#define JUMP(target) do { ip = (const uint64_t *)(target); DISPATCH(); } while (0)

#define CMP_EQ(T, S, a, b) ((T)(a) == (T)(b))
#define CMP_NE(T, S, a, b) ((T)(a) != (T)(b))
#define CMP_LT(T, S, a, b) ((S)(T)(a) < (S)(T)(b))
#define CMP_GE(T, S, a, b) ((S)(T)(a) >= (S)(T)(b))
#define CMP_LE(T, S, a, b) ((S)(T)(a) <= (S)(T)(b))
#define CMP_GT(T, S, a, b) ((S)(T)(a) > (S)(T)(b))
#define CMP_LTU(T, S, a, b) ((T)(a) < (T)(b))
#define CMP_GEU(T, S, a, b) ((T)(a) >= (T)(b))
#define CMP_LEU(T, S, a, b) ((T)(a) <= (T)(b))
#define CMP_GTU(T, S, a, b) ((T)(a) > (T)(b))
#define CMP_TSTEQ(T, S, a, b) (((T)(a) & (T)(b)) == 0)
#define CMP_TSTNE(T, S, a, b) (((T)(a) & (T)(b)) != 0)

#define IB_BIN(X, op) \
    L_##op##_r64: { uint64_t w = ip[1]; \
        R(OD(w)) = ir_sem_##op##_64(R(OA(w)), R(OB(w))); NEXT(2); } \
    L_##op##_r32: { uint64_t w = ip[1]; \
        R(OD(w)) = ir_sem_##op##_32(R(OA(w)), R(OB(w))); NEXT(2); } \
    L_##op##_i64: { uint64_t w = ip[1]; \
        R(OD(w)) = ir_sem_##op##_64(R(OA(w)), ip[2]); NEXT(3); } \
    L_##op##_i32: { uint64_t w = ip[1]; \
        R(OD(w)) = ir_sem_##op##_32(R(OA(w)), ip[2]); NEXT(3); }

#define IB_UN(X, op) \
    L_##op##_64: { uint64_t w = ip[1]; R(OD(w)) = ir_sem_##op##_64(R(OA(w)), 0); NEXT(2); } \
    L_##op##_32: { uint64_t w = ip[1]; R(OD(w)) = ir_sem_##op##_32(R(OA(w)), 0); NEXT(2); }

#define IB_COND_T(c, sfx, T, S) \
    L_setcond_##c##_r##sfx: { uint64_t w = ip[1]; \
        R(OD(w)) = CMP_##c(T, S, R(OA(w)), R(OB(w))); NEXT(2); } \
    L_setcond_##c##_i##sfx: { uint64_t w = ip[1]; \
        R(OD(w)) = CMP_##c(T, S, R(OA(w)), ip[2]); NEXT(3); } \
    L_brcond_##c##_r##sfx: { uint64_t w = ip[1]; \
        ip = CMP_##c(T, S, R(OA(w)), R(OB(w))) ? (const uint64_t *)ip[2] : ip + 3; \
        DISPATCH(); } \
    L_brcond_##c##_i##sfx: { uint64_t w = ip[1]; \
        ip = CMP_##c(T, S, R(OA(w)), ip[2]) ? (const uint64_t *)ip[3] : ip + 4; \
        DISPATCH(); }
#define IB_COND(X, c) IB_COND_T(c, 64, uint64_t, int64_t) IB_COND_T(c, 32, uint32_t, int32_t)

#define IB_LDE(name, T) \
    L_lde_##name: { uint64_t w = ip[1]; R(OD(w)) = (uint64_t)*(T *)(env + ip[2]); NEXT(3); }
#define IB_STE(name, T) \
    L_ste_##name: { uint64_t w = ip[1]; *(T *)(env + ip[2]) = (T)R(OD(w)); NEXT(3); }
#define IB_LD(name, mo) \
    L_ld_##name: { uint64_t w = ip[1]; \
        R(OD(w)) = gm_ld(cpu, R(OA(w)), (mo), (int)OB(w)); NEXT(2); }
#define IB_ST(name, mo) \
    L_st_##name: { uint64_t w = ip[1]; \
        gm_st(cpu, R(OA(w)), R(OD(w)), (mo), (int)OB(w)); NEXT(2); }

#define IB_FLAG(X, op) \
    L_##op##_64: { uint64_t w = ip[1]; \
        R(OD(w)) = ir_sem_flag(IR_##op, IR_I64, R(OA(w)), R(OB(w)), R(ip[2])); NEXT(3); } \
    L_##op##_32: { uint64_t w = ip[1]; \
        R(OD(w)) = ir_sem_flag(IR_##op, IR_I32, R(OA(w)), R(OB(w)), R(ip[2])); NEXT(3); }

static inline uint64_t interp_trunc(uint64_t v, unsigned type)
{
    return type == IR_I32 ? (uint32_t)v : v;
}

/* ld_env with a sign extension that the i32 result must then truncate. */
static inline uint64_t interp_ld_env(const uint8_t *p, MemOp mo, unsigned type)
{
    uint64_t v;
    switch (mo & MO_SIZE) {
    case MO_8: v = *p; break;
    case MO_16: v = *(const uint16_t *)p; break;
    case MO_32: v = *(const uint32_t *)p; break;
    default: v = *(const uint64_t *)p; break;
    }
    return interp_trunc(gm_fixup(v, mo & (MO_SIZE | MO_SIGN)), type);
}

/* Generic helper call: libffi, or a direct call where the ABI allows (see top). */
static inline uint64_t interp_call(CPUState *cpu, uint8_t *env, const uint64_t *ip, int nargs)
{
    IRHelper *h = (IRHelper *)ip[1];
#ifdef INTERP_DIRECT_CALLS
    if (nargs <= 6) {
        uint64_t a[6] = { 0 };
        for (int i = 0; i < nargs; i++)
            a[i] = ip[3 + i] == INTERP_ARG_ENV ? (uint64_t)(uintptr_t)cpu : R(ip[3 + i]);
        uint64_t (*fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t) = h->func;
        return fn(a[0], a[1], a[2], a[3], a[4], a[5]);
    }
#endif
    void *avals[IR_MAX_CALL_ARGS];
    void *envp = cpu;
    for (int i = 0; i < nargs; i++)
        avals[i] = ip[3 + i] == INTERP_ARG_ENV ? (void *)&envp : (void *)(env + ip[3 + i]);
    ffi_arg rv = 0;
    ffi_call((ffi_cif *)h->ffi, FFI_FN(h->func), &rv, avals);
    return (uint64_t)rv;
}

static TBExit interp_lookup(CPUState *cpu, TranslationBlock **tbp)
{
    uint64_t pc, cs_base;
    uint32_t flags;
    cpu->target->get_tb_key(cpu, &pc, &cs_base, &flags);
    TranslationBlock *next = tb_lookup(cpu, pc, cs_base, flags);
    /* -d nochain: every block via the loop; a block with only JIT code (an interpreted
     * block is one the JIT fell back on) also runs from the loop. */
    if (!next || !next->interp_code || log_enabled(LOG_NOCHAIN))
        return (TBExit){ *tbp, TB_EXIT_NOCHAIN };
    if (cpu->exit_request)
        return (TBExit){ *tbp, TB_EXIT_REQUESTED };
    *tbp = next;
    return (TBExit){ next, -1 };
}

static NORETURN void interp_fell_off(TranslationBlock *tb)
{
    trix_fatal("internal error: block at %#llx ran past its end", (unsigned long long)tb->pc);
}

/* With cpu == NULL, returns the handler table through *table. */
static TBExit interp_run(CPUState *cpu, TranslationBlock *tb, void *const **table)
{
    static void *const labels[] = {
#define IH_LABEL(n) &&L_##n,
        INTERP_HANDLERS(IH_LABEL)
#undef IH_LABEL
    };
    if (table) {
        *table = labels;
        return (TBExit){ NULL, 0 };
    }
    uint8_t *env = (uint8_t *)cpu;
    const uint64_t *ip = tb->interp_code;
    DISPATCH();

    IR_EVAL_BIN_OPS(IB_BIN, _)
    IR_EVAL_UN_OPS(IB_UN, _)
    INTERP_CONDS(IB_COND, _)
    IR_EVAL_FLAG_OPS(IB_FLAG, _)
L_vec: { ir_vec_exec(env, ip[2], ip[1], 0); NEXT(3); }
L_vecx: { ir_vec_exec(env, ip[2], ip[1], R(ip[3])); NEXT(4); }
L_vecf: { R(ip[3]) = ir_vec_exec(env, ip[2], ip[1], 0); NEXT(4); }

L_movi: { R(OD(ip[1])) = ip[2]; NEXT(3); }
L_bswap64: { uint64_t w = ip[1]; R(OD(w)) = ir_sem_bswap64(R(OA(w))); NEXT(2); }
L_ext32s: { uint64_t w = ip[1]; R(OD(w)) = ir_sem_ext32s(R(OA(w))); NEXT(2); }
L_ext32u: { uint64_t w = ip[1]; R(OD(w)) = ir_sem_ext32u(R(OA(w))); NEXT(2); }
L_extrh: { uint64_t w = ip[1]; R(OD(w)) = ir_sem_extrh_i64_i32(R(OA(w))); NEXT(2); }
L_extract: { uint64_t w = ip[1], f = ip[2];
    R(OD(w)) = ir_sem_extract(IR_I64, R(OA(w)), f & 0xff, (f >> 8) & 0xff); NEXT(3); }
L_sextract: { uint64_t w = ip[1], f = ip[2];
    R(OD(w)) = ir_sem_sextract((IRType)(f >> 16), R(OA(w)), f & 0xff, (f >> 8) & 0xff);
    NEXT(3); }
L_deposit: { uint64_t w = ip[1], f = ip[2];
    R(OD(w)) = ir_sem_deposit((IRType)(f >> 16), R(OA(w)), R(OB(w)), f & 0xff, (f >> 8) & 0xff);
    NEXT(3); }
L_movcond: { uint64_t w = ip[1], x = ip[2];
    unsigned type = (unsigned)(x >> 50) & 3;
    bool c = ir_cond_eval((IRCond)((x >> 42) & 0xff), (IRType)type, R(OA(w)), R(OB(w)));
    R(OD(w)) = c ? R(OD(x)) : R(OA(x)); NEXT(3); }
L_br: JUMP(ip[1]);

    IB_LDE(8u, uint8_t) IB_LDE(8s, int8_t) IB_LDE(16u, uint16_t) IB_LDE(16s, int16_t)
    IB_LDE(32u, uint32_t) IB_LDE(32s, int32_t) IB_LDE(64, uint64_t)
L_lde_gen: { uint64_t w = ip[1], f = ip[3];
    R(OD(w)) = interp_ld_env(env + ip[2], (MemOp)(f & 0xff), (unsigned)(f >> 8)); NEXT(4); }
    IB_STE(8, uint8_t) IB_STE(16, uint16_t) IB_STE(32, uint32_t) IB_STE(64, uint64_t)

    IB_LD(8u, MO_UB) IB_LD(8s, MO_SB) IB_LD(16u, MO_UW) IB_LD(16s, MO_SW)
    IB_LD(32u, MO_UL) IB_LD(32s, MO_SL) IB_LD(64, MO_UQ)
L_ld_gen: { uint64_t w = ip[1], f = ip[2];
    uint64_t v = gm_ld(cpu, R(OA(w)), (MemOp)(f & 0xff), (int)OB(w));
    R(OD(w)) = interp_trunc(v, (unsigned)(f >> 8)); NEXT(3); }
    IB_ST(8, MO_UB) IB_ST(16, MO_UW) IB_ST(32, MO_UL) IB_ST(64, MO_UQ)
L_st_gen: { uint64_t w = ip[1];
    gm_st(cpu, R(OA(w)), R(OD(w)), (MemOp)(ip[2] & 0xff), (int)OB(w)); NEXT(3); }

L_atomic_rmw: { uint64_t w = ip[1], f = ip[2];
    uint64_t v = gm_atomic_rmw(cpu, (int)(f & 0xffff), R(OA(w)), R(OB(w)),
                               (MemOp)((f >> 16) & 0xff), (int)((f >> 32) & 0xffff));
    R(OD(w)) = interp_trunc(v, (unsigned)(f >> 48)); NEXT(3); }
L_cmpxchg: { uint64_t w = ip[1], f = ip[2];
    uint64_t v = gm_cmpxchg(cpu, R(OA(w)), R(OB(w)), R(f & INTERP_OFF_MAX),
                            (MemOp)((f >> 21) & 0xff), (int)((f >> 32) & 0xffff));
    R(OD(w)) = interp_trunc(v, (unsigned)(f >> 48)); NEXT(3); }
L_mb: { __atomic_thread_fence(__ATOMIC_SEQ_CST); NEXT(1); }

L_call: { uint64_t w = ip[2];
    int nargs = (int)((w >> 24) & 0xf);
    uint64_t rv = interp_call(cpu, env, ip, nargs);
    if (w & (INTERP_CALL_RET << INTERP_OFF_BITS))
        R(OD(w)) = (w & (INTERP_CALL_RET32 << INTERP_OFF_BITS)) ? (uint32_t)rv : rv;
    NEXT(3 + nargs); }
L_insn_start: { cpu->insn_pc = ip[1]; NEXT(2); }
L_goto_tb: {
    TranslationBlock *next = tb->jmp_dest[ip[1]];
    /* On an exit request, fall through: the frontend's pc update and exit_tb follow. */
    if (next && next->interp_code && !next->invalid && !cpu->exit_request) {
        tb = next;
        JUMP(next->interp_code);
    }
    NEXT(2); }
L_exit_tb: return (TBExit){ tb, (int)ip[1] };
L_lookup: {
    TBExit r = interp_lookup(cpu, &tb);
    if (r.code >= 0)
        return r;
    JUMP(tb->interp_code); }
L_end: interp_fell_off(tb);
}

void *const *interp_handler_table(void)
{
    void *const *table;
    interp_run(NULL, NULL, &table);
    return table;
}

TBExit interp_exec(CPUState *cpu, TranslationBlock *tb)
{
    return interp_run(cpu, tb, NULL);
}

/* ---- the interpreter's TierOps ---- */

static bool interp_tier_compile(IRBlock *b, TranslationBlock *tb)
{
    uint64_t t0 = exec_stats_now();
    tb->interp_code = interp_compile(b);
    exec_stats_add_time(&exec_stats.interp_ns, t0);
    return tb->interp_code != NULL;
}

static void interp_tier_free(TranslationBlock *tb)
{
    interp_free(tb->interp_code);
    tb->interp_code = NULL;
}

const TierOps tier_interp_ops = {
    .name = "interp",
    .compile = interp_tier_compile,
    .exec = interp_exec,
    .free = interp_tier_free,
};
