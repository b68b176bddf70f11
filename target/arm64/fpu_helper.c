/* arm64 scalar FP helpers: the shared soft-float core under FPCR, flags accrued to FPSR. */
#include "cpu.h"
#include "translate.h"
#include "fpu_arm.h"

static const FpFmt *fmt_of(uint32_t ftype)
{
    return ftype == 0 ? &fpu_fmt_s : ftype == 1 ? &fpu_fmt_d : &fpu_fmt_h;
}

/* op_ftype = opcode << 2 | ftype (FP data-processing, 2 source). */
uint64_t helper_a64_fp2(CPUState *cs, uint64_t a, uint64_t b, uint32_t op_ftype)
{
    A64CPU *env = a64_cpu(cs);
    const FpFmt *f = fmt_of(op_ftype & 3);
    uint64_t mask = f->width == 64 ? ~0ull : ((uint64_t)1 << f->width) - 1, r;
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

/* neg = o1 << 1 | o0 (FMADD, FMSUB, FNMADD, FNMSUB): the addend is negated for FNM*, the
 * product for FMSUB/FNMADD, before NaN propagation as FPMulAdd sees them. */
uint64_t helper_a64_fma(CPUState *cs, uint64_t n, uint64_t m, uint64_t a, uint32_t neg_ftype)
{
    A64CPU *env = a64_cpu(cs);
    const FpFmt *f = fmt_of(neg_ftype & 3);
    uint64_t mask = f->width == 64 ? ~0ull : ((uint64_t)1 << f->width) - 1;
    unsigned o1 = (neg_ftype >> 3) & 1, o0 = (neg_ftype >> 2) & 1;
    FpStatus st = a64_fp_status(env->fpcr);
    n &= mask;
    a &= mask;
    if (o1)
        a ^= fpu_sign_bit(f);
    if (o1 ^ o0)
        n ^= fpu_sign_bit(f);
    uint64_t r = fpu_fma(f, n, m & mask, a, &st);
    env->fpsr |= a64_fpsr_of_flags(st.flags);
    return r & mask;
}

IR_HELPER(a64_fma, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I64, IR_I64, IR_I64, IR_I32);
IR_HELPER(a64_fp2, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I64, IR_I64, IR_I32);
