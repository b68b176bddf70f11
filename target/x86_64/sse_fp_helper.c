/* x86-64 SSE floating point on the shared softfloat core: MXCSR rounding, DAZ/FTZ, flags and
 * unmasked exceptions (#XM), x86's NaN rules; scalar and packed, single and double. */
#include <string.h>
#include "fpu/softfp.h"
#include "target/x86_64/translate.h"
#include "target/x86_64/sse_fp_host.h"

/* MXCSR: flags IE DE ZE OE UE PE (bits 0-5), DAZ (6), masks (7-12), RC (13-14), FTZ (15). */
#define MX_DAZ 0x40u
#define MX_FTZ 0x8000u

static const uint8_t mx_rm[4] = { FP_RM_NE, FP_RM_DN, FP_RM_UP, FP_RM_TZ };

static FpStatus mx_status(X86CPU *env)
{
    x86_mxcsr_sync(env);
    return (FpStatus){ .rm = mx_rm[(env->mxcsr >> 13) & 3], .nan_rule = FP_NAN_X86,
                       .int_invalid = FP_INTINV_INDEFINITE, .flush_in = env->mxcsr & MX_DAZ,
                       .flush_out = env->mxcsr & MX_FTZ };
}

/* softfp flags -> MXCSR flag bits. DE: a denormal input (when DAZ is off, see note). */
static uint32_t mx_flags(uint32_t f)
{
    return ((f & FP_FLAG_NV) ? 0x01 : 0) | ((f & FP_FLAG_ID) ? 0x02 : 0) |
           ((f & FP_FLAG_DZ) ? 0x04 : 0) | ((f & FP_FLAG_OF) ? 0x08 : 0) |
           ((f & FP_FLAG_UF) ? 0x10 : 0) | ((f & FP_FLAG_NX) ? 0x20 : 0);
}

/* Accrue the flags; an unmasked one raises #XM before anything is written. */
static void mx_finish(CPUState *cs, X86CPU *env, const FpStatus *st)
{
    uint32_t f = mx_flags(st->flags);
    if (env->mxcsr & MX_DAZ)
        f &= ~0x02u;                    /* DAZ: denormal inputs are zeros, no DE */
    if ((env->mxcsr & MX_FTZ) && (f & 0x10))
        f |= 0x20;                      /* FTZ: a flushed tiny result is inexact too */
    if (f & ~(env->mxcsr >> 7) & 0x3f)
        cpu_loop_exit_restore(cs, X86_EXCP_XM);
    env->mxcsr |= f;
}

static bool fp_is_denormal(const FpFmt *f, uint64_t v)
{
    uint64_t exp_mask = ((1ull << (f->width - 1)) - 1) & ~((1ull << (f->p - 1)) - 1);
    return !(v & exp_mask) && (v & ((1ull << (f->p - 1)) - 1));
}

/* DE (denormal operand) is a pre-computation exception below invalid, QNaN operands and
 * divide-by-zero (SDM Vol. 1 11.5.2): set only when none of those happened, and only
 * without DAZ. `before` is the flag word before the operation. */
static void mx_denormal_rule(const FpFmt *f, const uint64_t *ops, int n, uint32_t before,
                             FpStatus *st)
{
    if (st->flush_in || ((st->flags & ~before) & (FP_FLAG_NV | FP_FLAG_DZ)))
        return;
    bool den = false;
    for (int i = 0; i < n; i++) {
        if (fpu_is_nan_cls(fpu_classify(f, ops[i])))
            return;
        den |= fp_is_denormal(f, ops[i]);
    }
    if (den)
        st->flags |= FP_FLAG_ID;
}

/* MINPS/MAXPS: the second operand when either is a NaN or both are zeros (any sign). */
static uint64_t x86_minmax(const FpFmt *f, uint64_t a, uint64_t b, bool max, FpStatus *st)
{
    int c = fpu_compare(f, a, b, true, st);
    if (c == FP_CMP_UN || c == FP_CMP_EQ)
        return b;
    return (c == FP_CMP_GT) == max ? a : b;
}

/* CMPPS predicates (imm 0-31 with VEX, 0-7 legacy): which of the relations EQ, LT, GT,
 * unordered (bits 0-3) make the predicate true. 8-15 flip the unordered answer of 0-7;
 * 16-31 are 0-15 with the other signalling behaviour. */
static bool x86_cmp_pred(int rel, unsigned imm)
{
    static const uint8_t base[8] = { 0x1, 0x2, 0x3, 0x8, 0xe, 0xd, 0xc, 0x7 };
    uint8_t m = base[imm & 7] ^ ((imm & 8) ? 0x8 : 0);
    return (m >> rel) & 1;
}

/* Predicates that raise invalid on a quiet NaN: LT, LE, NLT, NLE, NGE, NGT, GE, GT. */
static bool x86_cmp_signalling(unsigned imm)
{
    bool s = (imm & 3) == 1 || (imm & 3) == 2;
    return (imm & 16) ? !s : s;
}

static uint64_t x86_fp_op(int op, const FpFmt *f, uint64_t a, uint64_t b, unsigned imm,
                          FpStatus *st);

static uint64_t x86_fp_lane(int op, const FpFmt *f, uint64_t a, uint64_t b, unsigned imm,
                            FpStatus *st)
{
    uint32_t acc = st->flags;           /* each lane's exceptions are its own */
    st->flags = 0;
    uint64_t r = x86_fp_op(op, f, a, b, imm, st);
    uint64_t ops[2] = { b, a };
    bool unary = op == X86_FOP_SQRT || op == X86_FOP_ROUND;
    if (op != X86_FOP_ROUND)            /* ROUNDPS & co. never signal DE */
        mx_denormal_rule(f, ops, unary ? 1 : 2, 0, st);
    st->flags |= acc;
    return r;
}

static uint64_t x86_fp_op(int op, const FpFmt *f, uint64_t a, uint64_t b, unsigned imm,
                          FpStatus *st)
{
    switch (op) {
    case X86_FOP_ADD: return fpu_add(f, a, b, st);
    case X86_FOP_SUB: return fpu_sub(f, a, b, st);
    case X86_FOP_MUL: return fpu_mul(f, a, b, st);
    case X86_FOP_DIV: return fpu_div(f, a, b, st);
    case X86_FOP_SQRT: return fpu_sqrt(f, b, st);
    case X86_FOP_MIN: return x86_minmax(f, a, b, false, st);
    case X86_FOP_MAX: return x86_minmax(f, a, b, true, st);
    case X86_FOP_CMP: {
        int rel = fpu_compare(f, a, b, x86_cmp_signalling(imm), st);
        uint64_t ones = f->width == 64 ? ~0ull : (1ull << f->width) - 1;
        return x86_cmp_pred(rel, imm) ? ones : 0;
    }
    case X86_FOP_ROUND: {
        int rm = (imm & 4) ? st->rm : mx_rm[imm & 3];
        uint32_t keep = st->flags;
        uint64_t r = fpu_round_to_int(f, b, rm, true, st);
        if (imm & 8)                    /* precision exception suppressed */
            st->flags = (st->flags & ~(uint32_t)FP_FLAG_NX) | (keep & FP_FLAG_NX);
        return r;
    }
    default: return 0;
    }
}

static uint64_t lane_get(const uint8_t *v, int i, int bytes)
{
    uint64_t x = 0;
    memcpy(&x, v + i * bytes, (size_t)bytes);
    return x;
}

static void lane_set(uint8_t *v, int i, int bytes, uint64_t x)
{
    memcpy(v + i * bytes, &x, (size_t)bytes);
}

/* ctl: op | double << 5 | packed << 6 | imm8 << 8. Scalar forms keep a's upper lanes. */
void helper_x86_sse_fp(CPUState *cs, uint32_t ctl, uint32_t d, uint32_t aoff, uint32_t boff)
{
    X86CPU *env = x86_cpu(cs);
    int op = ctl & 31, bytes = (ctl & 32) ? 8 : 4;
    bool packed = ctl & 64;
    unsigned imm = (ctl >> 8) & 0xff;
    const FpFmt *f = bytes == 8 ? &fpu_fmt_d : &fpu_fmt_s;
    uint8_t a[16], b[16], r[16];
    memcpy(a, (uint8_t *)cs + aoff, 16);
    memcpy(b, (uint8_t *)cs + boff, 16);
    memcpy(r, a, 16);
    uint32_t hf;
    if (x86_sse_fp_host(env, op, bytes == 8, packed, imm, a, b, r, &hf)) {
        if (hf & ~(env->mxcsr >> 7) & 0x3f)
            cpu_loop_exit_restore(cs, X86_EXCP_XM);
        env->mxcsr |= hf;
        memcpy((uint8_t *)cs + d, r, 16);
        return;
    }
    FpStatus st = mx_status(env);
    int n = packed ? 16 / bytes : 1;
    for (int i = 0; i < n; i++)
        lane_set(r, i, bytes, x86_fp_lane(op, f, lane_get(a, i, bytes), lane_get(b, i, bytes), imm, &st));
    mx_finish(cs, env, &st);
    memcpy((uint8_t *)cs + d, r, 16);
}
IR_HELPER(x86_sse_fp, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I32, IR_I32, IR_I32, IR_I32);

/* The IR_CALL_HOST_SSE form of helper_x86_sse_fp (ADD..CMP, legacy CMP predicates) used in
 * X86_TBF_MXCSR_DEFAULT blocks, where it cannot raise: `insn` is the SSE instruction itself
 * (IR_SSE_INSN), which the x86-64 JIT emits instead of calling this. */
void helper_x86_sse_host(CPUState *cs, uint32_t insn, uint32_t d, uint32_t aoff, uint32_t boff)
{
    int op;
    switch (ir_sse_opc(insn)) {
    case 0x58: op = X86_FOP_ADD; break;
    case 0x5c: op = X86_FOP_SUB; break;
    case 0x59: op = X86_FOP_MUL; break;
    case 0x5e: op = X86_FOP_DIV; break;
    case 0x51: op = X86_FOP_SQRT; break;
    case 0x5d: op = X86_FOP_MIN; break;
    case 0x5f: op = X86_FOP_MAX; break;
    default: op = X86_FOP_CMP; break;
    }
    unsigned pf = ir_sse_prefix(insn);
    bool dbl = pf == IR_SSE_66 || pf == IR_SSE_F2, packed = pf == IR_SSE_NP || pf == IR_SSE_66;
    uint32_t ctl = (uint32_t)op | (dbl ? 32 : 0) | (packed ? 64 : 0) | ir_sse_imm(insn) << 8;
    helper_x86_sse_fp(cs, ctl, d, aoff, boff);
}
IR_HELPER(x86_sse_host, IR_HTYPE_VOID, IR_CALL_HOST_SSE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I32, IR_I32, IR_I32, IR_I32);

/* UCOMIS/COMIS: ZF PF CF = 111 unordered, 100 equal, 001 less, 000 greater; OF SF AF 0. */
uint64_t helper_x86_comis(CPUState *cs, uint64_t a, uint64_t b, uint32_t ctl)
{
    X86CPU *env = x86_cpu(cs);
    uint64_t hf;
    if (x86_comis_host(env, a, b, ctl, &hf))
        return hf;
    const FpFmt *f = (ctl & 1) ? &fpu_fmt_d : &fpu_fmt_s;
    FpStatus st = mx_status(env);
    int rel = fpu_compare(f, a, b, ctl & 2, &st);
    uint64_t ops[2] = { a, b };
    mx_denormal_rule(f, ops, 2, 0, &st);
    mx_finish(cs, env, &st);
    static const uint64_t fl[4] = { X86_ZF, X86_CF, 0, X86_ZF | X86_PF | X86_CF };
    return fl[rel];
}
IR_HELPER(x86_comis, IR_I64, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I64, IR_I64, IR_I32);

/* CVT(T)SS2SI/CVT(T)SD2SI: ctl = double | width64 << 1 | truncate << 2. */
uint64_t helper_x86_cvt_f2i(CPUState *cs, uint64_t v, uint32_t ctl)
{
    X86CPU *env = x86_cpu(cs);
    const FpFmt *f = (ctl & 1) ? &fpu_fmt_d : &fpu_fmt_s;
    FpStatus st = mx_status(env);
    uint64_t r = fpu_to_int(f, v, (ctl & 2) ? 64 : 32, true, 0, (ctl & 4) ? FP_RM_TZ : st.rm, &st);
    mx_finish(cs, env, &st);
    return r;
}
IR_HELPER(x86_cvt_f2i, IR_I64, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I64, IR_I32);

/* CVTSI2SS/SD: ctl = double | width64 << 1. */
uint64_t helper_x86_cvt_i2f(CPUState *cs, uint64_t v, uint32_t ctl)
{
    X86CPU *env = x86_cpu(cs);
    const FpFmt *f = (ctl & 1) ? &fpu_fmt_d : &fpu_fmt_s;
    FpStatus st = mx_status(env);
    uint64_t r = fpu_from_int(f, v, (ctl & 2) ? 64 : 32, true, 0, &st);
    mx_finish(cs, env, &st);
    return r;
}
IR_HELPER(x86_cvt_i2f, IR_I64, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I64, IR_I32);

/* A format conversion with x86's denormal-operand rule. */
static uint64_t cvt_fmt(const FpFmt *to, const FpFmt *from, uint64_t v, FpStatus *st)
{
    uint32_t acc = st->flags;
    st->flags = 0;
    uint64_t r = fpu_convert(to, from, v, st);
    mx_denormal_rule(from, &v, 1, 0, st);
    st->flags |= acc;
    return r;
}

/* Packed and scalar format conversions (ctl = X86_CVT_*): d from b (and a's upper lanes
 * for the scalar forms). */
void helper_x86_cvt_vec(CPUState *cs, uint32_t ctl, uint32_t d, uint32_t aoff, uint32_t boff)
{
    X86CPU *env = x86_cpu(cs);
    uint8_t a[16], b[16], r[16] = { 0 };
    memcpy(a, (uint8_t *)cs + aoff, 16);
    memcpy(b, (uint8_t *)cs + boff, 16);
    FpStatus st = mx_status(env);
    int i;
    switch (ctl) {
    case X86_CVT_SS2SD: memcpy(r, a, 16); lane_set(r, 0, 8, cvt_fmt(&fpu_fmt_d, &fpu_fmt_s, lane_get(b, 0, 4), &st)); break;
    case X86_CVT_SD2SS: memcpy(r, a, 16); lane_set(r, 0, 4, cvt_fmt(&fpu_fmt_s, &fpu_fmt_d, lane_get(b, 0, 8), &st)); break;
    case X86_CVT_PS2PD: for (i = 0; i < 2; i++) lane_set(r, i, 8, cvt_fmt(&fpu_fmt_d, &fpu_fmt_s, lane_get(b, i, 4), &st)); break;
    case X86_CVT_PD2PS: for (i = 0; i < 2; i++) lane_set(r, i, 4, cvt_fmt(&fpu_fmt_s, &fpu_fmt_d, lane_get(b, i, 8), &st)); break;
    case X86_CVT_DQ2PS: for (i = 0; i < 4; i++) lane_set(r, i, 4, fpu_from_int(&fpu_fmt_s, lane_get(b, i, 4), 32, true, 0, &st)); break;
    case X86_CVT_DQ2PD: for (i = 0; i < 2; i++) lane_set(r, i, 8, fpu_from_int(&fpu_fmt_d, lane_get(b, i, 4), 32, true, 0, &st)); break;
    case X86_CVT_PS2DQ: case X86_CVT_TPS2DQ:
        for (i = 0; i < 4; i++)
            lane_set(r, i, 4, fpu_to_int(&fpu_fmt_s, lane_get(b, i, 4), 32, true, 0,
                                         ctl == X86_CVT_TPS2DQ ? FP_RM_TZ : st.rm, &st));
        break;
    case X86_CVT_PD2DQ: case X86_CVT_TPD2DQ:
        for (i = 0; i < 2; i++)
            lane_set(r, i, 4, fpu_to_int(&fpu_fmt_d, lane_get(b, i, 8), 32, true, 0,
                                         ctl == X86_CVT_TPD2DQ ? FP_RM_TZ : st.rm, &st));
        break;
    }
    mx_finish(cs, env, &st);
    memcpy((uint8_t *)cs + d, r, 16);
}
IR_HELPER(x86_cvt_vec, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I32, IR_I32, IR_I32, IR_I32);

/* MXCSR policy for the FMA3/F16C helpers (fma_helper.c). */
FpStatus x86_mx_status(X86CPU *env) { return mx_status(env); }
void x86_mx_finish(CPUState *cs, X86CPU *env, const FpStatus *st) { mx_finish(cs, env, st); }
void x86_mx_denormal_rule(const FpFmt *f, const uint64_t *ops, int n, uint32_t before, FpStatus *st)
{
    mx_denormal_rule(f, ops, n, before, st);
}
