/* riscv64 F/D internals: the RISC-V policy over the shared soft-float core, helper prototypes. */
#ifndef TRIX_RISCV64_FPU_H
#define TRIX_RISCV64_FPU_H

#include "cpu.h"
#include "fpu/softfp.h"

/* The formats, values and exact arithmetic are the shared core's (fpu/softfp.h); these are
 * the RISC-V policy's names for them (canonical NaNs, tininess after rounding, no flushing,
 * saturating conversions with NaN as the largest integer). */
#define fp_fmt_s fpu_fmt_s
#define fp_fmt_d fpu_fmt_d
#define fp_classify_bits fpu_classify
#define fp_unpack fpu_unpack

/* The shared core's status for RISC-V in rounding mode rm (RV_RM_* equal FP_RM_*). */
static inline FpStatus fp_rv_status(int rm)
{
    return (FpStatus){ .rm = (uint8_t)rm, .nan_rule = FP_NAN_CANON,
                       .int_invalid = FP_INTINV_SAT };
}

#define FP_CANON_S 0x7fc00000u
#define FP_CANON_D 0x7ff8000000000000ull
#define FP_BOX     0xffffffff00000000ull

/* Single operands come NaN-boxed in 64-bit registers; a bad box reads as the canonical NaN. */
static inline uint32_t fp_unbox_s(uint64_t r)
{
    return (r >> 32) == 0xffffffffu ? (uint32_t)r : FP_CANON_S;
}
static inline uint64_t fp_box_s(uint32_t v) { return FP_BOX | v; }

static inline uint64_t fp_canon(const FpFmt *f)
{
    return f->width == 32 ? FP_CANON_S : FP_CANON_D;
}

/* Exact software arithmetic in every rounding mode (NaN/inf/zero operands included). */
uint64_t fp_soft_add(const FpFmt *f, uint64_t a, uint64_t b, int rm, uint32_t *flags);
uint64_t fp_soft_mul(const FpFmt *f, uint64_t a, uint64_t b, int rm, uint32_t *flags);
uint64_t fp_soft_div(const FpFmt *f, uint64_t a, uint64_t b, int rm, uint32_t *flags);
uint64_t fp_soft_fma(const FpFmt *f, uint64_t a, uint64_t b, uint64_t c, int rm,
                     uint32_t *flags);

/* Conversions (fpu_convert.c). kind: FP_INT_W, FP_INT_WU, FP_INT_L, FP_INT_LU. */
enum { FP_INT_W, FP_INT_WU, FP_INT_L, FP_INT_LU };
uint64_t fp_to_int(const FpFmt *f, uint64_t bits, int kind, int rm, uint32_t *flags);
uint64_t fp_from_int(const FpFmt *f, uint64_t x, int kind, int rm, uint32_t *flags);
uint64_t fp_convert(const FpFmt *to, const FpFmt *from, uint64_t bits, int rm,
                    uint32_t *flags);

/* The effective rounding mode of an instruction: rm, or frm for DYN; raises illegal
 * instruction when it is reserved (only reachable with DYN: static rm is checked when
 * translating). */
int fp_resolve_rm(CPUState *cs, uint32_t rm);

/* Operand modifiers for the fused multiply-add helpers, or'ed into the rm argument. */
enum { FP_FMA_NEG_PROD = 1 << 3, FP_FMA_NEG_ADDEND = 1 << 4 };

/* Helpers: raw register values in, raw register values out (singles NaN-boxed). Those taking
 * rm come in two descriptors: helper_info_X (DYN, may raise) and helper_info_X_st. */
#define FP_HELPERS_FMT(s) \
    uint64_t helper_fadd_##s(CPUState *cs, uint64_t a, uint64_t b, uint32_t rm); \
    uint64_t helper_fsub_##s(CPUState *cs, uint64_t a, uint64_t b, uint32_t rm); \
    uint64_t helper_fmul_##s(CPUState *cs, uint64_t a, uint64_t b, uint32_t rm); \
    uint64_t helper_fdiv_##s(CPUState *cs, uint64_t a, uint64_t b, uint32_t rm); \
    uint64_t helper_fsqrt_##s(CPUState *cs, uint64_t a, uint32_t rm); \
    uint64_t helper_fmadd_##s(CPUState *cs, uint64_t a, uint64_t b, uint64_t c, uint32_t rm); \
    uint64_t helper_fcvt_to_int_##s(CPUState *cs, uint64_t a, uint32_t rm_kind); \
    uint64_t helper_fcvt_from_int_##s(CPUState *cs, uint64_t x, uint32_t rm_kind); \
    uint64_t helper_fmin_##s(CPUState *cs, uint64_t a, uint64_t b); \
    uint64_t helper_fmax_##s(CPUState *cs, uint64_t a, uint64_t b); \
    uint64_t helper_feq_##s(CPUState *cs, uint64_t a, uint64_t b); \
    uint64_t helper_flt_##s(CPUState *cs, uint64_t a, uint64_t b); \
    uint64_t helper_fle_##s(CPUState *cs, uint64_t a, uint64_t b); \
    uint64_t helper_fclass_##s(uint64_t a); \
    IR_HELPER_DECL(fadd_##s); IR_HELPER_DECL(fadd_##s##_st); \
    IR_HELPER_DECL(fsub_##s); IR_HELPER_DECL(fsub_##s##_st); \
    IR_HELPER_DECL(fmul_##s); IR_HELPER_DECL(fmul_##s##_st); \
    IR_HELPER_DECL(fdiv_##s); IR_HELPER_DECL(fdiv_##s##_st); \
    IR_HELPER_DECL(fsqrt_##s); IR_HELPER_DECL(fsqrt_##s##_st); \
    IR_HELPER_DECL(fmadd_##s); IR_HELPER_DECL(fmadd_##s##_st); \
    IR_HELPER_DECL(fcvt_to_int_##s); IR_HELPER_DECL(fcvt_to_int_##s##_st); \
    IR_HELPER_DECL(fcvt_from_int_##s); IR_HELPER_DECL(fcvt_from_int_##s##_st); \
    IR_HELPER_DECL(fmin_##s); IR_HELPER_DECL(fmax_##s); IR_HELPER_DECL(feq_##s); \
    IR_HELPER_DECL(flt_##s); IR_HELPER_DECL(fle_##s); IR_HELPER_DECL(fclass_##s)
FP_HELPERS_FMT(s);
FP_HELPERS_FMT(d);
#undef FP_HELPERS_FMT
/* rm_kind = rm | kind << 3 for the integer conversions. */
uint64_t helper_fcvt_s_d(CPUState *cs, uint64_t a, uint32_t rm);
uint64_t helper_fcvt_d_s(CPUState *cs, uint64_t a, uint32_t rm);
IR_HELPER_DECL(fcvt_s_d); IR_HELPER_DECL(fcvt_s_d_st);
IR_HELPER_DECL(fcvt_d_s); IR_HELPER_DECL(fcvt_d_s_st);

/* Descriptor pair for a helper taking a rounding-mode argument. */
#define FP_HELPER_RM(fn, ...) \
    IRHelper helper_info_##fn = { \
        .name = #fn, .func = (void *)helper_##fn, .ret = IR_I64, \
        .nargs = sizeof((uint8_t[]){__VA_ARGS__}), .args = {__VA_ARGS__}, \
        .flags = IR_CALL_MAY_RAISE | IR_CALL_NO_WRITE_GLOBALS, .id = -1 }; \
    IRHelper helper_info_##fn##_st = { \
        .name = #fn, .func = (void *)helper_##fn, .ret = IR_I64, \
        .nargs = sizeof((uint8_t[]){__VA_ARGS__}), .args = {__VA_ARGS__}, \
        .flags = IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS, .id = -1 }

#endif
