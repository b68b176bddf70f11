/* riscv64 F/D arithmetic helpers: host FPU for RNE/RTZ/RDN/RUP, the exact soft core for RMM. */
/*
 * Host SSE (and glibc's fma/fmaf, correctly rounded) give IEEE results in the four directed
 * and nearest-even modes; x86 detects tininess after rounding like RISC-V. The host returns
 * its own NaNs, so every NaN result becomes the canonical NaN. RMM has no host mode: an
 * exact host result is the RMM result too, otherwise the soft core rounds (square roots
 * never fall on a tie, so RMM sqrt equals RNE sqrt). Comparisons, min/max and classify
 * work on the bits.
 */
#include <math.h>
#include <string.h>
#include "fpu.h"

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
/* MXCSR: exception flags in bits 0-5, rounding control in bits 13-14. */
typedef unsigned host_fpstate;
static const unsigned mxcsr_rc[4] = { 0x0000, 0x6000, 0x2000, 0x4000 };   /* RNE RTZ RDN RUP */

static inline host_fpstate host_fp_begin(int rm)
{
    unsigned csr = _mm_getcsr();
    _mm_setcsr((csr & ~0x603fu) | mxcsr_rc[rm]);
    return csr;
}

static inline uint32_t host_fp_end(host_fpstate saved)
{
    unsigned x = _mm_getcsr();
    _mm_setcsr(saved);
    return ((x & 0x01) ? RV_FFLAG_NV : 0) | ((x & 0x04) ? RV_FFLAG_DZ : 0) |
           ((x & 0x08) ? RV_FFLAG_OF : 0) | ((x & 0x10) ? RV_FFLAG_UF : 0) |
           ((x & 0x20) ? RV_FFLAG_NX : 0);
}
/* Keep the arithmetic between the control-register accesses. */
#define FP_OPAQUE(v) __asm__ volatile("" : "+x"(v) :: "memory")
#else
#include <fenv.h>
/* Portable fallback; assumes the host detects tininess after rounding (not true of Arm). */
typedef int host_fpstate;
static const int fenv_rc[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };

static inline host_fpstate host_fp_begin(int rm)
{
    feclearexcept(FE_ALL_EXCEPT);
    fesetround(fenv_rc[rm]);
    return 0;
}

static inline uint32_t host_fp_end(host_fpstate saved)
{
    int x = fetestexcept(FE_ALL_EXCEPT);
    (void)saved;
    fesetround(FE_TONEAREST);
    return ((x & FE_INVALID) ? RV_FFLAG_NV : 0) | ((x & FE_DIVBYZERO) ? RV_FFLAG_DZ : 0) |
           ((x & FE_OVERFLOW) ? RV_FFLAG_OF : 0) | ((x & FE_UNDERFLOW) ? RV_FFLAG_UF : 0) |
           ((x & FE_INEXACT) ? RV_FFLAG_NX : 0);
}
#if defined(__aarch64__)
#define FP_OPAQUE(v) __asm__ volatile("" : "+w"(v) :: "memory")
#else
#define FP_OPAQUE(v) __asm__ volatile("" : "+m"(v) :: "memory")
#endif
#endif

int fp_resolve_rm(CPUState *cs, uint32_t rm)
{
    RVCPU *env = rv_cpu(cs);
    if (rm == RV_RM_DYN)
        rm = env->frm;
    if (unlikely(rm > RV_RM_RMM)) {
        env->badaddr = 0;
        cpu_loop_exit_restore(cs, RV_EXCP_ILLEGAL_INST);
    }
    return (int)rm;
}

static float f32_of(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static uint32_t bits_of_f32(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
static double f64_of(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }
static uint64_t bits_of_f64(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SQRT, OP_FMA };

/* One host operation in a host-supported mode; returns the raw result and the flags. */
static float host_op_s(int op, int rm, float a, float b, float c, uint32_t *flags)
{
    float r;
    host_fpstate st = host_fp_begin(rm);
    FP_OPAQUE(a);
    FP_OPAQUE(b);
    FP_OPAQUE(c);
    switch (op) {
    case OP_ADD:  r = a + b; break;
    case OP_SUB:  r = a - b; break;
    case OP_MUL:  r = a * b; break;
    case OP_DIV:  r = a / b; break;
    case OP_SQRT: r = sqrtf(a); break;
    default:      r = fmaf(a, b, c); break;
    }
    FP_OPAQUE(r);
    *flags |= host_fp_end(st);
    return r;
}

static double host_op_d(int op, int rm, double a, double b, double c, uint32_t *flags)
{
    double r;
    host_fpstate st = host_fp_begin(rm);
    FP_OPAQUE(a);
    FP_OPAQUE(b);
    FP_OPAQUE(c);
    switch (op) {
    case OP_ADD:  r = a + b; break;
    case OP_SUB:  r = a - b; break;
    case OP_MUL:  r = a * b; break;
    case OP_DIV:  r = a / b; break;
    case OP_SQRT: r = sqrt(a); break;
    default:      r = fma(a, b, c); break;
    }
    FP_OPAQUE(r);
    *flags |= host_fp_end(st);
    return r;
}

/* The soft core's answer for the RMM cases the host leaves inexact. */
static uint64_t soft_op(const FpFmt *f, int op, uint64_t a, uint64_t b, uint64_t c,
                        uint32_t *flags)
{
    uint64_t sb = (uint64_t)1 << (f->width - 1);
    switch (op) {
    case OP_ADD: return fp_soft_add(f, a, b, RV_RM_RMM, flags);
    case OP_SUB: return fp_soft_add(f, a, b ^ sb, RV_RM_RMM, flags);
    case OP_MUL: return fp_soft_mul(f, a, b, RV_RM_RMM, flags);
    case OP_DIV: return fp_soft_div(f, a, b, RV_RM_RMM, flags);
    default:     return fp_soft_fma(f, a, b, c, RV_RM_RMM, flags);
    }
}

static bool is_inf_times_zero(const FpFmt *f, uint64_t a, uint64_t b)
{
    int ca = fp_classify_bits(f, a), cb = fp_classify_bits(f, b);
    return (ca == FPC_INF && cb == FPC_ZERO) || (ca == FPC_ZERO && cb == FPC_INF);
}

/* Can a result with these bits only have raised NX? Its magnitude must be finite and above
 * the smallest normal: a result of exactly +-2^emin may come from a value that was tiny
 * before subnormal rounding (RISC-V detects tininess after rounding to the full precision,
 * with an unbounded exponent) and then needs UF. */
static bool fp_fast_result_ok(const FpFmt *f, uint64_t r)
{
    if (f->width == 32) {
        uint32_t mag = (uint32_t)r & 0x7fffffffu;
        return mag > 0x00800000u && mag < 0x7f800000u;
    }
    uint64_t mag = r & 0x7fffffffffffffffull;
    return mag > 0x0010000000000000ull && mag < 0x7ff0000000000000ull;
}

/* The helpers' fast path (FP_FAST_*, fma_*): a normal, finite result can only raise NX (OF
 * gives inf, UF a tiny, zero or smallest-normal result, NV a NaN, DZ an inf), so in
 * nearest-even mode once NX
 * has accrued, the host's result is all there is to know, without touching the control
 * register. */
static inline bool fp_fast_rne(CPUState *cs, uint32_t rm)
{
    RVCPU *env = rv_cpu(cs);
    return (env->fflags & RV_FFLAG_NX) &&
           (rm == RV_RM_RNE || (rm == RV_RM_DYN && env->frm == RV_RM_RNE));
}

/* Any operation on raw operand bits of format f, in rounding mode rm (0..4). */
static uint64_t fp_arith(const FpFmt *f, int op, uint64_t a, uint64_t b, uint64_t c, int rm,
                         uint32_t *out_flags)
{
    uint32_t flags = 0;
    int hrm = rm == RV_RM_RMM ? RV_RM_RNE : rm;
    uint64_t r;
    if (f->width == 32)
        r = bits_of_f32(host_op_s(op, hrm, f32_of((uint32_t)a), f32_of((uint32_t)b),
                                  f32_of((uint32_t)c), &flags));
    else
        r = bits_of_f64(host_op_d(op, hrm, f64_of(a), f64_of(b), f64_of(c), &flags));
    int cls = fp_classify_bits(f, r);
    if (cls == FPC_QNAN || cls == FPC_SNAN) {
        r = fp_canon(f);
    } else if (rm == RV_RM_RMM && op != OP_SQRT && (flags & RV_FFLAG_NX)) {
        flags = 0;
        r = soft_op(f, op, a, b, c, &flags);
    }
    /* IEEE leaves invalid for inf * 0 + qNaN to the implementation; RISC-V requires it. */
    if (op == OP_FMA && is_inf_times_zero(f, a, b))
        flags |= RV_FFLAG_NV;
    *out_flags |= flags;
    return r;
}

static uint64_t arith_s(CPUState *cs, int op, uint64_t a, uint64_t b, uint64_t c, uint32_t rm)
{
    int mode = fp_resolve_rm(cs, rm);
    return fp_box_s((uint32_t)fp_arith(&fp_fmt_s, op, fp_unbox_s(a), fp_unbox_s(b),
                                       fp_unbox_s(c), mode, &rv_cpu(cs)->fflags));
}

static uint64_t arith_d(CPUState *cs, int op, uint64_t a, uint64_t b, uint64_t c, uint32_t rm)
{
    int mode = fp_resolve_rm(cs, rm);
    return fp_arith(&fp_fmt_d, op, a, b, c, mode, &rv_cpu(cs)->fflags);
}

/* Negations for fmsub/fnmsub/fnmadd flip sign bits: exact, and NaN-ness is preserved. */
static uint64_t fma_s(CPUState *cs, uint64_t a, uint64_t b, uint64_t c, uint32_t rm)
{
    uint32_t ua = fp_unbox_s(a), uc = fp_unbox_s(c);
    if (rm & FP_FMA_NEG_PROD)
        ua ^= 0x80000000u;
    if (rm & FP_FMA_NEG_ADDEND)
        uc ^= 0x80000000u;
    if (fp_fast_rne(cs, rm & 7)) {
        uint64_t r = bits_of_f32(fmaf(f32_of(ua), f32_of(fp_unbox_s(b)), f32_of(uc)));
        if (fp_fast_result_ok(&fp_fmt_s, r))
            return fp_box_s((uint32_t)r);
    }
    int mode = fp_resolve_rm(cs, rm & 7);
    return fp_box_s((uint32_t)fp_arith(&fp_fmt_s, OP_FMA, ua, fp_unbox_s(b), uc, mode,
                                       &rv_cpu(cs)->fflags));
}

static uint64_t fma_d(CPUState *cs, uint64_t a, uint64_t b, uint64_t c, uint32_t rm)
{
    const uint64_t sb = (uint64_t)1 << 63;
    if (rm & FP_FMA_NEG_PROD)
        a ^= sb;
    if (rm & FP_FMA_NEG_ADDEND)
        c ^= sb;
    if (fp_fast_rne(cs, rm & 7)) {
        uint64_t r = bits_of_f64(fma(f64_of(a), f64_of(b), f64_of(c)));
        if (fp_fast_result_ok(&fp_fmt_d, r))
            return r;
    }
    int mode = fp_resolve_rm(cs, rm & 7);
    return fp_arith(&fp_fmt_d, OP_FMA, a, b, c, mode, &rv_cpu(cs)->fflags);
}

/*
 * The fast path (see fp_fast_rne), inlined into each helper with its operator (no dispatch,
 * no callee-saved spills). x and y are the operands as host values of the format.
 */
#define FP_FAST_d(expr) do { \
        if (fp_fast_rne(cs, rm)) { \
            double x = f64_of(a), y = f64_of(b); \
            uint64_t r_ = bits_of_f64(expr); \
            (void)y; \
            if (fp_fast_result_ok(&fp_fmt_d, r_)) \
                return r_; \
        } \
    } while (0)
#define FP_FAST_s(expr) do { \
        if (fp_fast_rne(cs, rm)) { \
            float x = f32_of(fp_unbox_s(a)), y = f32_of(fp_unbox_s(b)); \
            uint64_t r_ = bits_of_f32(expr); \
            (void)y; \
            if (fp_fast_result_ok(&fp_fmt_s, r_)) \
                return fp_box_s((uint32_t)r_); \
        } \
    } while (0)

#define SQRT_d(x) sqrt(x)
#define SQRT_s(x) sqrtf(x)

#define ARITH_HELPERS(s) \
    uint64_t helper_fadd_##s(CPUState *cs, uint64_t a, uint64_t b, uint32_t rm) \
    { FP_FAST_##s(x + y); return arith_##s(cs, OP_ADD, a, b, 0, rm); } \
    uint64_t helper_fsub_##s(CPUState *cs, uint64_t a, uint64_t b, uint32_t rm) \
    { FP_FAST_##s(x - y); return arith_##s(cs, OP_SUB, a, b, 0, rm); } \
    uint64_t helper_fmul_##s(CPUState *cs, uint64_t a, uint64_t b, uint32_t rm) \
    { FP_FAST_##s(x * y); return arith_##s(cs, OP_MUL, a, b, 0, rm); } \
    uint64_t helper_fdiv_##s(CPUState *cs, uint64_t a, uint64_t b, uint32_t rm) \
    { FP_FAST_##s(x / y); return arith_##s(cs, OP_DIV, a, b, 0, rm); } \
    uint64_t helper_fsqrt_##s(CPUState *cs, uint64_t a, uint32_t rm) \
    { uint64_t b = 0; FP_FAST_##s(SQRT_##s(x)); return arith_##s(cs, OP_SQRT, a, 0, 0, rm); } \
    uint64_t helper_fmadd_##s(CPUState *cs, uint64_t a, uint64_t b, uint64_t c, uint32_t rm) \
    { return fma_##s(cs, a, b, c, rm); } \
    FP_HELPER_RM(fadd_##s, IR_HTYPE_PTR, IR_I64, IR_I64, IR_I32); \
    FP_HELPER_RM(fsub_##s, IR_HTYPE_PTR, IR_I64, IR_I64, IR_I32); \
    FP_HELPER_RM(fmul_##s, IR_HTYPE_PTR, IR_I64, IR_I64, IR_I32); \
    FP_HELPER_RM(fdiv_##s, IR_HTYPE_PTR, IR_I64, IR_I64, IR_I32); \
    FP_HELPER_RM(fsqrt_##s, IR_HTYPE_PTR, IR_I64, IR_I32); \
    FP_HELPER_RM(fmadd_##s, IR_HTYPE_PTR, IR_I64, IR_I64, IR_I64, IR_I32)
ARITH_HELPERS(s);
ARITH_HELPERS(d);

/* ---- min/max, comparisons, classify: exact bit manipulations, no rounding ---- */

/* IEEE 754-2019 minimumNumber / maximumNumber, as the F extension specifies. */
static uint64_t fp_minmax(const FpFmt *f, uint64_t a, uint64_t b, bool is_max, uint32_t *flags)
{
    FpStatus st = fp_rv_status(RV_RM_RNE);
    uint64_t r = fpu_minmax(f, a, b, is_max, FP_MINMAX_NUM2019, &st);
    *flags |= st.flags;
    return r;
}

enum { CMP_EQ, CMP_LT, CMP_LE };

/* feq is quiet (NV only for sNaN); flt/fle signal on any NaN. */
static uint64_t fp_compare(const FpFmt *f, uint64_t a, uint64_t b, int cmp, uint32_t *flags)
{
    FpStatus st = fp_rv_status(RV_RM_RNE);
    int rel = fpu_compare(f, a, b, cmp != CMP_EQ, &st);
    *flags |= st.flags;
    switch (cmp) {
    case CMP_EQ: return rel == FP_CMP_EQ;
    case CMP_LT: return rel == FP_CMP_LT;
    default:     return rel == FP_CMP_LT || rel == FP_CMP_EQ;
    }
}

static uint64_t fp_class(const FpFmt *f, uint64_t a)
{
    FpVal v = fp_unpack(f, a);
    switch (v.cls) {
    case FPC_SNAN: return 1u << 8;
    case FPC_QNAN: return 1u << 9;
    case FPC_INF:  return v.sign ? 1u << 0 : 1u << 7;
    case FPC_ZERO: return v.sign ? 1u << 3 : 1u << 4;
    }
    bool sub = !(v.sig >> (f->p - 1));
    if (v.sign)
        return sub ? 1u << 2 : 1u << 1;
    return sub ? 1u << 5 : 1u << 6;
}

#define FLAGS_OF(cs) (&rv_cpu(cs)->fflags)

uint64_t helper_fmin_s(CPUState *cs, uint64_t a, uint64_t b)
{ return fp_box_s((uint32_t)fp_minmax(&fp_fmt_s, fp_unbox_s(a), fp_unbox_s(b), false,
                                      FLAGS_OF(cs))); }
uint64_t helper_fmax_s(CPUState *cs, uint64_t a, uint64_t b)
{ return fp_box_s((uint32_t)fp_minmax(&fp_fmt_s, fp_unbox_s(a), fp_unbox_s(b), true,
                                      FLAGS_OF(cs))); }
uint64_t helper_fmin_d(CPUState *cs, uint64_t a, uint64_t b)
{ return fp_minmax(&fp_fmt_d, a, b, false, FLAGS_OF(cs)); }
uint64_t helper_fmax_d(CPUState *cs, uint64_t a, uint64_t b)
{ return fp_minmax(&fp_fmt_d, a, b, true, FLAGS_OF(cs)); }

/* Without NaNs (no flags then) the host's ordered compare is the answer; it also treats
 * -0 and +0 as equal. */
static bool fp_no_nan_d(uint64_t a, uint64_t b)
{
    const uint64_t inf = 0x7ff0000000000000ull, abs = ~(1ull << 63);
    return (a & abs) <= inf && (b & abs) <= inf;
}
#define CMP_FAST_feq(x, y) ((x) == (y))
#define CMP_FAST_flt(x, y) ((x) < (y))
#define CMP_FAST_fle(x, y) ((x) <= (y))

#define CMP_HELPER(name, cmp) \
    uint64_t helper_##name##_s(CPUState *cs, uint64_t a, uint64_t b) \
    { return fp_compare(&fp_fmt_s, fp_unbox_s(a), fp_unbox_s(b), cmp, FLAGS_OF(cs)); } \
    uint64_t helper_##name##_d(CPUState *cs, uint64_t a, uint64_t b) \
    { \
        if (fp_no_nan_d(a, b)) \
            return CMP_FAST_##name(f64_of(a), f64_of(b)); \
        return fp_compare(&fp_fmt_d, a, b, cmp, FLAGS_OF(cs)); \
    }
CMP_HELPER(feq, CMP_EQ)
CMP_HELPER(flt, CMP_LT)
CMP_HELPER(fle, CMP_LE)

uint64_t helper_fclass_s(uint64_t a) { return fp_class(&fp_fmt_s, fp_unbox_s(a)); }
uint64_t helper_fclass_d(uint64_t a) { return fp_class(&fp_fmt_d, a); }

/* These touch only fflags (not an IR global) and never raise. */
#define FP_NO_GLOBALS (IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS)
IR_HELPER(fmin_s, IR_I64, FP_NO_GLOBALS, IR_HTYPE_PTR, IR_I64, IR_I64);
IR_HELPER(fmax_s, IR_I64, FP_NO_GLOBALS, IR_HTYPE_PTR, IR_I64, IR_I64);
IR_HELPER(fmin_d, IR_I64, FP_NO_GLOBALS, IR_HTYPE_PTR, IR_I64, IR_I64);
IR_HELPER(fmax_d, IR_I64, FP_NO_GLOBALS, IR_HTYPE_PTR, IR_I64, IR_I64);
IR_HELPER(feq_s, IR_I64, FP_NO_GLOBALS, IR_HTYPE_PTR, IR_I64, IR_I64);
IR_HELPER(flt_s, IR_I64, FP_NO_GLOBALS, IR_HTYPE_PTR, IR_I64, IR_I64);
IR_HELPER(fle_s, IR_I64, FP_NO_GLOBALS, IR_HTYPE_PTR, IR_I64, IR_I64);
IR_HELPER(feq_d, IR_I64, FP_NO_GLOBALS, IR_HTYPE_PTR, IR_I64, IR_I64);
IR_HELPER(flt_d, IR_I64, FP_NO_GLOBALS, IR_HTYPE_PTR, IR_I64, IR_I64);
IR_HELPER(fle_d, IR_I64, FP_NO_GLOBALS, IR_HTYPE_PTR, IR_I64, IR_I64);
IR_HELPER(fclass_s, IR_I64, IR_CALL_PURE, IR_I64);
IR_HELPER(fclass_d, IR_I64, IR_CALL_PURE, IR_I64);
