/* riscv64 F/D conversion helpers: float <-> integer and single <-> double (fpu_soft.c). */
#include "fpu.h"

/* ---- helpers ---- */

static uint64_t box_result(const FpFmt *f, uint64_t r)
{
    return f->width == 32 ? fp_box_s((uint32_t)r) : r;
}

static uint64_t operand(const FpFmt *f, uint64_t r)
{
    return f->width == 32 ? fp_unbox_s(r) : r;
}

static uint64_t cvt_to_int(CPUState *cs, const FpFmt *f, uint64_t a, uint32_t rm_kind)
{
    int rm = fp_resolve_rm(cs, rm_kind & 7);
    return fp_to_int(f, operand(f, a), (int)(rm_kind >> 3), rm, &rv_cpu(cs)->fflags);
}

static uint64_t cvt_from_int(CPUState *cs, const FpFmt *f, uint64_t x, uint32_t rm_kind)
{
    int rm = fp_resolve_rm(cs, rm_kind & 7);
    return box_result(f, fp_from_int(f, x, (int)(rm_kind >> 3), rm, &rv_cpu(cs)->fflags));
}

uint64_t helper_fcvt_to_int_s(CPUState *cs, uint64_t a, uint32_t rm_kind)
{
    return cvt_to_int(cs, &fp_fmt_s, a, rm_kind);
}

uint64_t helper_fcvt_to_int_d(CPUState *cs, uint64_t a, uint32_t rm_kind)
{
    return cvt_to_int(cs, &fp_fmt_d, a, rm_kind);
}

uint64_t helper_fcvt_from_int_s(CPUState *cs, uint64_t x, uint32_t rm_kind)
{
    return cvt_from_int(cs, &fp_fmt_s, x, rm_kind);
}

uint64_t helper_fcvt_from_int_d(CPUState *cs, uint64_t x, uint32_t rm_kind)
{
    return cvt_from_int(cs, &fp_fmt_d, x, rm_kind);
}

uint64_t helper_fcvt_s_d(CPUState *cs, uint64_t a, uint32_t rm)
{
    int mode = fp_resolve_rm(cs, rm);
    return fp_box_s((uint32_t)fp_convert(&fp_fmt_s, &fp_fmt_d, a, mode, &rv_cpu(cs)->fflags));
}

uint64_t helper_fcvt_d_s(CPUState *cs, uint64_t a, uint32_t rm)
{
    int mode = fp_resolve_rm(cs, rm);
    return fp_convert(&fp_fmt_d, &fp_fmt_s, fp_unbox_s(a), mode, &rv_cpu(cs)->fflags);
}

FP_HELPER_RM(fcvt_to_int_s, IR_HTYPE_PTR, IR_I64, IR_I32);
FP_HELPER_RM(fcvt_to_int_d, IR_HTYPE_PTR, IR_I64, IR_I32);
FP_HELPER_RM(fcvt_from_int_s, IR_HTYPE_PTR, IR_I64, IR_I32);
FP_HELPER_RM(fcvt_from_int_d, IR_HTYPE_PTR, IR_I64, IR_I32);
FP_HELPER_RM(fcvt_s_d, IR_HTYPE_PTR, IR_I64, IR_I32);
FP_HELPER_RM(fcvt_d_s, IR_HTYPE_PTR, IR_I64, IR_I32);
