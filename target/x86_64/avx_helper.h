/* x86-64 MMX/AVX/AVX2 helpers beyond the SSE ones (avx_helper.c): masked moves, permutes,
 * gathers; and the XSAVE family (xsave_helper.c). */
#ifndef TRIX_X86_64_AVX_HELPER_H
#define TRIX_X86_64_AVX_HELPER_H

#include <stddef.h>
#include "fpu/softfp.h"
#include "target/x86_64/translate.h"

IR_HELPER_DECL(x86_maskmov);
IR_HELPER_DECL(x86_avx);
IR_HELPER_DECL(x86_avx_test);
IR_HELPER_DECL(x86_maskload);
IR_HELPER_DECL(x86_gather);
IR_HELPER_DECL(x86_fma);
IR_HELPER_DECL(x86_f16c);

/* sse_fp_helper.c's MXCSR policy: the FpStatus for MXCSR, accruing its flags (#XM for an
 * unmasked one), and the DE rule. */
FpStatus x86_mx_status(X86CPU *env);
void x86_mx_finish(CPUState *cs, X86CPU *env, const FpStatus *st);
void x86_mx_denormal_rule(const FpFmt *f, const uint64_t *ops, int n, uint32_t before, FpStatus *st);

/* The env offset of the upper 16 bytes of the YMM-sized slot whose lower half is at off:
 * XMM registers continue in ymmh, scratch slot i in slot i + 4 (docs/x86_64.md "AVX"). */
static inline int32_t x86_ymm_hi(int32_t off)
{
    return off < (int32_t)offsetof(X86CPU, ymmh) ? off + 256
         : off + (int32_t)(offsetof(X86CPU, vscratch[4]) - offsetof(X86CPU, vscratch[0]));
}

/* helper_x86_avx operations: ctl = op | imm8 << 8 | VEX.L << 16 | extra << 20 (the
 * VBLENDV mask register). Operands are the lower-half offsets of YMM-sized slots. */
enum {
    X86_AVX_PERMD, X86_AVX_PERMQ, X86_AVX_PERM2X128, X86_AVX_PERMILPS_V, X86_AVX_PERMILPD_V,
    X86_AVX_PERMILPS_I, X86_AVX_PERMILPD_I, X86_AVX_PBLENDD, X86_AVX_BLENDV_B,
    X86_AVX_BLENDV_PS, X86_AVX_BLENDV_PD, X86_AVX_SLLV_D, X86_AVX_SLLV_Q, X86_AVX_SRLV_D,
    X86_AVX_SRLV_Q, X86_AVX_SRAV_D,
};
/* helper_x86_fma ctl: kind | order << 3 | dbl << 5 | scalar << 6 | VEX.L << 7. */
enum { X86_FMA_MADD, X86_FMA_MSUB, X86_FMA_NMADD, X86_FMA_NMSUB, X86_FMA_MADDSUB,
       X86_FMA_MSUBADD };
enum { X86_FMA_132, X86_FMA_213, X86_FMA_231 };

#endif
