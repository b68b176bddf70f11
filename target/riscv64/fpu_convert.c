/* riscv64 F/D conversions: float <-> integer (saturating, per rm) and single <-> double. */
#include "fpu.h"

typedef unsigned __int128 u128;

/* Largest and smallest results of each integer kind, as 64-bit register values. */
static uint64_t int_max(int kind)
{
    switch (kind) {
    case FP_INT_W:  return 0x7fffffff;
    case FP_INT_WU: return ~(uint64_t)0;            /* 0xffffffff sign-extended */
    case FP_INT_L:  return 0x7fffffffffffffffull;
    default:        return ~(uint64_t)0;
    }
}

static uint64_t int_min(int kind)
{
    switch (kind) {
    case FP_INT_W: return (uint64_t)(int64_t)INT32_MIN;
    case FP_INT_L: return (uint64_t)1 << 63;
    default:       return 0;
    }
}

/* Magnitude limit of a result with the given sign (in range when mag <= limit). */
static u128 int_limit(int kind, bool neg)
{
    switch (kind) {
    case FP_INT_W:  return neg ? (u128)1 << 31 : ((u128)1 << 31) - 1;
    case FP_INT_WU: return neg ? 0 : ((u128)1 << 32) - 1;
    case FP_INT_L:  return neg ? (u128)1 << 63 : ((u128)1 << 63) - 1;
    default:        return neg ? 0 : ((u128)1 << 64) - 1;
    }
}

/* |v| rounded to an integer in mode rm (v finite); *inexact when it was not one already. */
static u128 round_to_integer(const FpVal *v, int rm, bool *inexact)
{
    if (v->exp >= 0) {
        *inexact = false;
        if (v->exp > 70)                /* beyond every limit; keep the shift defined */
            return (u128)1 << 127;
        return (u128)v->sig << v->exp;
    }
    int s = -v->exp;
    u128 sig = v->sig, q, rem = 0, half = 0;
    if (s >= 64) {
        q = 0;
        rem = sig;
        half = s == 64 ? (u128)1 << 63 : 0;
    } else {
        q = sig >> s;
        rem = sig & (((u128)1 << s) - 1);
        half = (u128)1 << (s - 1);
    }
    *inexact = rem != 0;
    if (!rem)
        return q;
    /* s > 64 means the value is below 2^-1: under half an ulp of the integer grid */
    bool above = half && rem > half, tie = half && rem == half;
    bool up;
    switch (rm) {
    case RV_RM_RNE: up = above || (tie && (q & 1)); break;
    case RV_RM_RTZ: up = false; break;
    case RV_RM_RDN: up = v->sign; break;
    case RV_RM_RUP: up = !v->sign; break;
    default:        up = above || tie; break;
    }
    return q + (up ? 1 : 0);
}

uint64_t fp_to_int(const FpFmt *f, uint64_t bits, int kind, int rm, uint32_t *flags)
{
    FpVal v = fp_unpack(f, bits);
    switch (v.cls) {
    case FPC_QNAN:
    case FPC_SNAN:
        *flags |= RV_FFLAG_NV;
        return int_max(kind);
    case FPC_INF:
        *flags |= RV_FFLAG_NV;
        return v.sign ? int_min(kind) : int_max(kind);
    case FPC_ZERO:
        return 0;
    }
    bool inexact;
    u128 mag = round_to_integer(&v, rm, &inexact);
    bool neg = v.sign && mag != 0;
    if (mag > int_limit(kind, neg)) {
        *flags |= RV_FFLAG_NV;
        return v.sign ? int_min(kind) : int_max(kind);
    }
    if (inexact)
        *flags |= RV_FFLAG_NX;
    uint64_t r = neg ? -(uint64_t)mag : (uint64_t)mag;
    if (kind == FP_INT_W || kind == FP_INT_WU)
        r = (uint64_t)(int64_t)(int32_t)r;
    return r;
}

uint64_t fp_from_int(const FpFmt *f, uint64_t x, int kind, int rm, uint32_t *flags)
{
    bool neg = false;
    uint64_t mag;
    switch (kind) {
    case FP_INT_W:  neg = (int32_t)x < 0; mag = neg ? -(uint64_t)(int64_t)(int32_t)x
                                                    : (uint32_t)x; break;
    case FP_INT_WU: mag = (uint32_t)x; break;
    case FP_INT_L:  neg = (int64_t)x < 0; mag = neg ? -x : x; break;
    default:        mag = x; break;
    }
    return fp_round_pack(f, neg, mag, 0, false, rm, flags);
}

uint64_t fp_convert(const FpFmt *to, const FpFmt *from, uint64_t bits, int rm,
                    uint32_t *flags)
{
    FpVal v = fp_unpack(from, bits);
    uint64_t sign = (uint64_t)v.sign << (to->width - 1);
    switch (v.cls) {
    case FPC_SNAN:
        *flags |= RV_FFLAG_NV;
        /* fall through */
    case FPC_QNAN:
        return fp_canon(to);
    case FPC_INF:
        return sign | (((uint64_t)1 << (to->width - to->p)) - 1) << (to->p - 1);
    case FPC_ZERO:
        return sign;
    }
    return fp_round_pack(to, v.sign, v.sig, v.exp, false, rm, flags);
}

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
