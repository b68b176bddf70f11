/* arm64 scalar FP helpers: the shared soft-float core under FPCR, flags accrued to FPSR. */
#include "cpu.h"
#include "translate.h"
#include "fpu_arm.h"

static uint64_t width_mask(const FpFmt *f)
{
    return f->width == 64 ? ~0ull : ((uint64_t)1 << f->width) - 1;
}

/* op_ftype = opcode << 2 | ftype (FP data-processing, 2 source). */
uint64_t helper_a64_fp2(CPUState *cs, uint64_t a, uint64_t b, uint32_t op_ftype)
{
    A64CPU *env = a64_cpu(cs);
    unsigned ftype = op_ftype & 3;
    if (ftype < 2) {
        bool dbl = ftype == 1;
        switch (op_ftype >> 2) {
        case 0: A64_FP_FAST2(env->fpcr, env->fpsr, dbl, a, b, x * y); break;
        case 1: A64_FP_FAST2(env->fpcr, env->fpsr, dbl, a, b, x / y); break;
        case 2: A64_FP_FAST2(env->fpcr, env->fpsr, dbl, a, b, x + y); break;
        case 3: A64_FP_FAST2(env->fpcr, env->fpsr, dbl, a, b, x - y); break;
        }
    }
    const FpFmt *f = a64_fmt_of(ftype);
    uint64_t mask = width_mask(f), r;
    FpStatus st = a64_fp_status(env->fpcr);
    a &= mask;
    b &= mask;
    switch (op_ftype >> 2) {
    case 0:  r = fpu_mul(f, a, b, &st); break;
    case 1:  r = fpu_div(f, a, b, &st); break;
    case 2:  r = fpu_add(f, a, b, &st); break;
    case 3:  r = fpu_sub(f, a, b, &st); break;
    case 4:  r = fpu_minmax(f, a, b, true, FP_MINMAX_PROPAGATE, &st); break;
    case 5:  r = fpu_minmax(f, a, b, false, FP_MINMAX_PROPAGATE, &st); break;
    case 6:  r = fpu_minmax(f, a, b, true, FP_MINMAX_NUM2008, &st); break;
    case 7:  r = fpu_minmax(f, a, b, false, FP_MINMAX_NUM2008, &st); break;
    default: r = fpu_mul(f, a, b, &st) ^ fpu_sign_bit(f); break;      /* FNMUL */
    }
    env->fpsr |= a64_fpsr_of_flags(st.flags);
    return r & mask;
}

/* FADD/FSUB/FMUL/FDIV per format: the host fast path inline (no dispatch on the opcode),
 * else helper_a64_fp2. */
#define A64_FP2_OP(name, op, expr) \
    uint64_t helper_a64_##name##_s(CPUState *cs, uint64_t a, uint64_t b) \
    { \
        A64CPU *env = a64_cpu(cs); \
        A64_FP_FAST2(env->fpcr, env->fpsr, false, a, b, expr); \
        return helper_a64_fp2(cs, a, b, (op) << 2 | 0); \
    } \
    uint64_t helper_a64_##name##_d(CPUState *cs, uint64_t a, uint64_t b) \
    { \
        A64CPU *env = a64_cpu(cs); \
        A64_FP_FAST2(env->fpcr, env->fpsr, true, a, b, expr); \
        return helper_a64_fp2(cs, a, b, (op) << 2 | 1); \
    } \
    IR_HELPER(a64_##name##_s, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS, \
              IR_HTYPE_PTR, IR_I64, IR_I64); \
    IR_HELPER(a64_##name##_d, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS, \
              IR_HTYPE_PTR, IR_I64, IR_I64);
A64_FP2_OP(fmul, 0, x * y)
A64_FP2_OP(fdiv, 1, x / y)
A64_FP2_OP(fadd, 2, x + y)
A64_FP2_OP(fsub, 3, x - y)

/* neg = o1 << 1 | o0 (FMADD, FMSUB, FNMADD, FNMSUB): the addend is negated for FNM*, the
 * product for FMSUB/FNMADD, before NaN propagation as FPMulAdd sees them. */
uint64_t helper_a64_fma(CPUState *cs, uint64_t n, uint64_t m, uint64_t a, uint32_t neg_ftype)
{
    A64CPU *env = a64_cpu(cs);
    const FpFmt *f = a64_fmt_of(neg_ftype & 3);
    uint64_t mask = width_mask(f);
    unsigned o1 = (neg_ftype >> 3) & 1, o0 = (neg_ftype >> 2) & 1;
    n &= mask;
    a &= mask;
    if (o1)
        a ^= fpu_sign_bit(f);
    if (o1 ^ o0)
        n ^= fpu_sign_bit(f);
    if ((neg_ftype & 3) < 2 && a64_fp_fast(env->fpcr, env->fpsr)) {
        if (neg_ftype & 1) {
            double r = fma(a64_f64(n), a64_f64(m), a64_f64(a));
            if (a64_fast_ok_d(r))
                return a64_bits_d(r);
        } else {
            float r = fmaf(a64_f32(n), a64_f32(m), a64_f32(a));
            if (a64_fast_ok_s(r))
                return a64_bits_s(r);
        }
    }
    FpStatus st = a64_fp_status(env->fpcr);
    uint64_t r = fpu_fma(f, n, m & mask, a, &st);
    env->fpsr |= a64_fpsr_of_flags(st.flags);
    return r & mask;
}

/* AHP half: exponent 31 is a normal binade (up to 131008), no infinities or NaNs. */
static const FpFmt fmt_ahp = { .p = 11, .emin = -14, .emax = 16, .bias = 15, .width = 16 };

static uint64_t to_ahp(const FpFmt *from, uint64_t a, FpStatus *st)
{
    FpVal v = fpu_unpack_in(from, a, st);
    uint64_t sign = (uint64_t)v.sign << 15;
    if (v.cls == FPC_ZERO)
        return sign;
    if (v.cls != FPC_FINITE) {              /* NaN: a signed zero; infinity: the largest */
        st->flags |= FP_FLAG_NV;
        return fpu_is_nan_cls(v.cls) ? sign : sign | 0x7fff;
    }
    FpStatus t = *st;
    t.flags = 0;
    uint64_t r = fpu_round_pack(&fmt_ahp, v.sign, v.sig, v.exp, false, st->rm, &t);
    if (t.flags & FP_FLAG_OF) {             /* saturates with invalid, not overflow */
        st->flags |= FP_FLAG_NV;
        return sign | 0x7fff;
    }
    st->flags |= t.flags;
    return r;
}

static uint64_t from_ahp(const FpFmt *to, uint64_t a, FpStatus *st)
{
    bool sign = (a >> 15) & 1;
    unsigned e = (a >> 10) & 31;
    uint64_t frac = a & 0x3ff;
    if (e == 0 && frac == 0)
        return (uint64_t)sign << (to->width - 1);
    uint64_t sig = e ? frac | 0x400 : frac;
    int exp = (e ? (int)e : 1) - 15 - 10;
    return fpu_round_pack(to, sign, sig, exp, false, st->rm, st);
}

uint64_t a64_fcvt(const FpFmt *to, const FpFmt *from, uint64_t a, FpStatus *st, bool ahp)
{
    bool flush16 = st->flush16;
    st->flush16 = false;
    uint64_t r;
    if (ahp && to->width == 16)
        r = to_ahp(from, a, st);
    else if (ahp && from->width == 16)
        r = from_ahp(to, a, st);
    else
        r = fpu_convert(to, from, a, st);
    st->flush16 = flush16;
    return r;
}

/* FP data-processing, 1 source: op_ftype = opcode << 2 | ftype; FSQRT (3), FCVT (4..7: to
 * type opcode & 3), FRINT (8..15: N P M Z A - X I). */
uint64_t helper_a64_fp1(CPUState *cs, uint64_t a, uint32_t op_ftype)
{
    static const int frint_rm[8] = { FP_RM_NE, FP_RM_UP, FP_RM_DN, FP_RM_TZ, FP_RM_MM, 0,
                                     -1, -1 };
    A64CPU *env = a64_cpu(cs);
    const FpFmt *f = a64_fmt_of(op_ftype & 3);
    unsigned op = op_ftype >> 2;
    if (op == 3 && (op_ftype & 3) < 2 && a64_fp_fast(env->fpcr, env->fpsr)) {
        if (op_ftype & 1) {
            double r = sqrt(a64_f64(a));
            if (a64_fast_ok_d(r))
                return a64_bits_d(r);
        } else {
            float r = sqrtf(a64_f32(a));
            if (a64_fast_ok_s(r))
                return a64_bits_s(r);
        }
    }
    FpStatus st = a64_fp_status(env->fpcr);
    uint64_t r;
    a &= width_mask(f);
    if (op == 3) {
        r = fpu_sqrt(f, a, &st);
    } else if (op < 8) {
        const FpFmt *to = a64_fmt_of(op & 3);
        f = to;
        r = a64_fcvt(to, a64_fmt_of(op_ftype & 3), a, &st, (env->fpcr & A64_FPCR_AHP) != 0);
    } else {
        int rm = frint_rm[op & 7];
        r = fpu_round_to_int(f, a, rm < 0 ? st.rm : rm, (op & 7) == 6, &st);
    }
    env->fpsr |= a64_fpsr_of_flags(st.flags);
    return r & width_mask(f);
}

/* NZCV (bits 3..0) of a comparison result. */
static uint32_t nzcv_of_cmp(int c)
{
    return c == FP_CMP_EQ ? 6 : c == FP_CMP_LT ? 8 : c == FP_CMP_GT ? 2 : 3;
}

/* FCMP/FCMPE and FCCMP/FCCMPE: desc = nzcv_imm << 8 | signalling << 2 | ftype; when !ok
 * (FCCMP's condition failed) the immediate NZCV is the result and nothing is raised. */
uint64_t helper_a64_fcmp(CPUState *cs, uint64_t a, uint64_t b, uint32_t desc, uint64_t ok)
{
    if (!ok)
        return (desc >> 8) & 15;
    A64CPU *env = a64_cpu(cs);
    if ((desc & 3) < 2 && !(env->fpcr & A64_FPCR_FZ)) {    /* ordered: no flags, no flush */
        bool dbl = desc & 1;
        double x = dbl ? a64_f64(a) : a64_f32(a), y = dbl ? a64_f64(b) : a64_f32(b);
        if (x == x && y == y)
            return x < y ? 8 : x == y ? 6 : 2;
    }
    const FpFmt *f = a64_fmt_of(desc & 3);
    FpStatus st = a64_fp_status(env->fpcr);
    uint64_t mask = width_mask(f);
    int c = fpu_compare(f, a & mask, b & mask, (desc >> 2) & 1, &st);
    env->fpsr |= a64_fpsr_of_flags(st.flags);
    return nzcv_of_cmp(c);
}

/* Float to integer: desc = fbits << 8 | rm << 4 (7: FPCR) | signed << 3 | sf << 2 | ftype. */
uint64_t helper_a64_fcvt_int(CPUState *cs, uint64_t a, uint32_t desc)
{
    A64CPU *env = a64_cpu(cs);
    if ((desc & ~0xcu) == (FP_RM_TZ << 4 | 1) && a64_fp_fast(env->fpcr, env->fpsr)) {
        /* FCVTZ[SU] from double in range: the C conversion truncates (NX has accrued) */
        double d = a64_f64(a);
        bool sgn = desc & 8, x64 = desc & 4;
        double lim = x64 ? 0x1p63 : 0x1p31;
        if (sgn && d > -lim && d < lim)
            return x64 ? (uint64_t)(int64_t)d : (uint32_t)(int32_t)d;
        if (!sgn && d > -1.0 && d < 2 * lim)
            return x64 ? (uint64_t)d : (uint32_t)d;
    }
    const FpFmt *f = a64_fmt_of(desc & 3);
    FpStatus st = a64_fp_status(env->fpcr);
    int rm = (desc >> 4) & 7;
    uint64_t r = fpu_to_int(f, a & width_mask(f), (desc >> 2) & 1 ? 64 : 32, (desc >> 3) & 1,
                            (int)(desc >> 8), rm == 7 ? st.rm : rm, &st);
    env->fpsr |= a64_fpsr_of_flags(st.flags);
    return r;
}

/* Integer to float: desc = fbits << 8 | signed << 3 | sf << 2 | ftype. */
uint64_t helper_a64_cvtf(CPUState *cs, uint64_t x, uint32_t desc)
{
    A64CPU *env = a64_cpu(cs);
    if ((desc & ~0xcu) == 1 && a64_fp_fast(env->fpcr, env->fpsr)) {
        /* [SU]CVTF to double: the host conversion rounds to nearest (NX has accrued) */
        bool sgn = desc & 8, x64 = desc & 4;
        double d = sgn ? (x64 ? (double)(int64_t)x : (double)(int32_t)x)
                       : (x64 ? (double)x : (double)(uint32_t)x);
        return a64_bits_d(d);
    }
    const FpFmt *f = a64_fmt_of(desc & 3);
    FpStatus st = a64_fp_status(env->fpcr);
    uint64_t r = fpu_from_int(f, x, (desc >> 2) & 1 ? 64 : 32, (desc >> 3) & 1,
                              (int)(desc >> 8), &st);
    env->fpsr |= a64_fpsr_of_flags(st.flags);
    return r;
}

/* FJCVTZS (FPToFixedJS): Dn truncated to an integer, modulo 2^32; bit 32 of the result is
 * Z, set when the conversion was exact and in range (not for -0). */
uint64_t helper_a64_fjcvtzs(CPUState *cs, uint64_t a)
{
    A64CPU *env = a64_cpu(cs);
    FpStatus st = a64_fp_status(env->fpcr);
    FpVal v = fpu_unpack_in(&fpu_fmt_d, a, &st);
    uint64_t mag = 0, z = 1;
    bool inexact = false, range = false;
    if (v.cls == FPC_FINITE) {
        if (v.exp >= 0) {
            int top = v.exp + 63 - __builtin_clzll(v.sig);
            mag = v.exp >= 64 ? 0 : v.sig << v.exp;         /* its low 32 bits are exact */
            range = top >= 32 || mag > (v.sign ? 1ull << 31 : (1ull << 31) - 1);
        } else {
            mag = -v.exp >= 64 ? 0 : v.sig >> -v.exp;
            inexact = -v.exp >= 64 ? true : (mag << -v.exp) != v.sig;
            range = mag > (v.sign ? 1ull << 31 : (1ull << 31) - 1);
        }
    }
    if (v.cls == FPC_INF || fpu_is_nan_cls(v.cls) || range) {
        st.flags |= FP_FLAG_NV;
        z = 0;
    } else if (inexact) {
        st.flags |= FP_FLAG_NX;
        z = 0;
    } else if (v.cls == FPC_ZERO && v.sign) {        /* a flushed +denormal keeps Z (qemu) */
        z = 0;
    }
    env->fpsr |= a64_fpsr_of_flags(st.flags);
    uint32_t r = v.cls == FPC_FINITE ? (uint32_t)(v.sign ? -mag : mag) : 0;
    return z << 32 | r;
}

uint64_t a64_frint_n(const FpFmt *f, uint64_t a, int bits, int rm, FpStatus *st)
{
    FpStatus t = *st;
    t.flags = 0;
    uint64_t r = fpu_round_to_int(f, a, rm, true, &t);
    FpVal v = fpu_unpack(f, r);
    bool over = v.cls == FPC_INF || fpu_is_nan_cls(v.cls);
    if (v.cls == FPC_FINITE) {
        int top = v.exp + 63 - __builtin_clzll(v.sig);
        over = top > bits - 1 || (top == bits - 1 && (!v.sign || v.sig != (v.sig & -v.sig)));
    }
    if (over) {
        t.flags = (t.flags & FP_FLAG_ID) | FP_FLAG_NV;
        r = fpu_sign_bit(f) | (uint64_t)(f->bias + bits - 1) << (f->p - 1);
    }
    st->flags |= t.flags;
    return r;
}

/* FRINT32Z/X, FRINT64Z/X: op_ftype = intsize64 << 3 | X (FPCR rounding) << 2 | ftype. */
uint64_t helper_a64_frintts(CPUState *cs, uint64_t a, uint32_t op_ftype)
{
    A64CPU *env = a64_cpu(cs);
    const FpFmt *f = a64_fmt_of(op_ftype & 3);
    FpStatus st = a64_fp_status(env->fpcr);
    uint64_t r = a64_frint_n(f, a & width_mask(f), op_ftype & 8 ? 64 : 32,
                             op_ftype & 4 ? st.rm : FP_RM_TZ, &st);
    env->fpsr |= a64_fpsr_of_flags(st.flags);
    return r;
}

IR_HELPER(a64_fjcvtzs, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I64);
IR_HELPER(a64_frintts, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I64, IR_I32);
IR_HELPER(a64_fma, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I64, IR_I64, IR_I64, IR_I32);
IR_HELPER(a64_fp2, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I64, IR_I64, IR_I32);
IR_HELPER(a64_fp1, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I64, IR_I32);
IR_HELPER(a64_fcmp, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I64, IR_I64, IR_I32, IR_I64);
IR_HELPER(a64_fcvt_int, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I64, IR_I32);
IR_HELPER(a64_cvtf, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I64, IR_I32);
