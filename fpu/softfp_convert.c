/* Shared soft-float core: float <-> integer (fixed point, saturating), float <-> float,
 * round to integral. */
#include "fpu/softfp.h"

typedef unsigned __int128 u128;

/* The result of an invalid conversion per st->int_invalid (zero-extended to width). */
static uint64_t int_invalid(int width, bool is_signed, int cls, bool neg, FpStatus *st)
{
    uint64_t ones = width == 64 ? ~(uint64_t)0 : ((uint64_t)1 << width) - 1;
    uint64_t smin = (uint64_t)1 << (width - 1);
    st->flags |= FP_FLAG_NV;
    if (st->int_invalid == FP_INTINV_INDEFINITE)
        return is_signed ? smin : ones;
    if (fpu_is_nan_cls(cls)) {
        if (st->int_invalid == FP_INTINV_SAT_NAN0)
            return 0;
        neg = false;
    }
    if (is_signed)
        return neg ? smin : smin - 1;
    return neg ? 0 : ones;
}

/* |v| rounded to an integer in mode rm (v finite, scaled by 2^exp_add); *inexact when it
 * was not one already. */
static u128 round_to_integer(const FpVal *v, int exp_add, int rm, bool *inexact)
{
    int exp = v->exp + exp_add;
    if (exp >= 0) {
        *inexact = false;
        if (exp > 70)                   /* beyond every limit; keep the shift defined */
            return (u128)1 << 127;
        return (u128)v->sig << exp;
    }
    int s = -exp;
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
    case FP_RM_NE:  up = above || (tie && (q & 1)); break;
    case FP_RM_TZ:  up = false; break;
    case FP_RM_DN:  up = v->sign; break;
    case FP_RM_UP:  up = !v->sign; break;
    case FP_RM_ODD: up = !(q & 1); break;
    default:        up = above || tie; break;
    }
    return q + (up ? 1 : 0);
}

uint64_t fpu_to_int(const FpFmt *f, uint64_t a, int width, bool is_signed, int fbits, int rm,
                    FpStatus *st)
{
    FpVal v = fpu_unpack_in(f, a, st);
    if (v.cls == FPC_ZERO)
        return 0;
    if (v.cls != FPC_FINITE)
        return int_invalid(width, is_signed, v.cls, v.sign, st);
    bool inexact;
    u128 mag = round_to_integer(&v, fbits, rm, &inexact);
    bool neg = v.sign && mag != 0;
    u128 limit = is_signed ? ((u128)1 << (width - 1)) - (neg ? 0 : 1)
                           : (neg ? 0 : ((u128)1 << width) - 1);
    if (mag > limit)
        return int_invalid(width, is_signed, v.cls, v.sign, st);
    if (inexact)
        st->flags |= FP_FLAG_NX;
    uint64_t r = neg ? -(uint64_t)mag : (uint64_t)mag;
    return width == 64 ? r : r & (((uint64_t)1 << width) - 1);
}

uint64_t fpu_from_int(const FpFmt *f, uint64_t x, int width, bool is_signed, int fbits,
                      FpStatus *st)
{
    if (width == 32)
        x = is_signed ? (uint64_t)(int64_t)(int32_t)x : (uint32_t)x;
    bool neg = is_signed && (int64_t)x < 0;
    uint64_t mag = neg ? -x : x;
    return fpu_round_pack(f, neg, mag, -fbits, false, st->rm, st);
}

uint64_t fpu_convert(const FpFmt *to, const FpFmt *from, uint64_t a, FpStatus *st)
{
    FpVal v = fpu_unpack_in(from, a, st);
    uint64_t sign = (uint64_t)v.sign << (to->width - 1);
    switch (v.cls) {
    case FPC_SNAN:
    case FPC_QNAN: {
        uint64_t r = fpu_pick_nan(from, &a, 1, st);
        if (fpu_classify(from, r) != FPC_QNAN || r == fpu_default_nan(from, st))
            return fpu_default_nan(to, st);
        uint64_t frac = r & (fpu_quiet_bit(from) * 2 - 1);
        frac = to->p >= from->p ? frac << (to->p - from->p) : frac >> (from->p - to->p);
        return sign | fpu_pack_inf(to, false) | fpu_quiet_bit(to) | frac;
    }
    case FPC_INF:
        return fpu_pack_inf(to, v.sign);
    case FPC_ZERO:
        return sign;
    }
    return fpu_round_pack(to, v.sign, v.sig, v.exp, false, st->rm, st);
}

uint64_t fpu_round_to_int(const FpFmt *f, uint64_t a, int rm, bool exact, FpStatus *st)
{
    FpVal v = fpu_unpack_in(f, a, st);
    if (fpu_is_nan_cls(v.cls))
        return fpu_pick_nan(f, &a, 1, st);
    if (v.cls == FPC_ZERO)
        return v.sign ? fpu_sign_bit(f) : 0;
    if (v.cls == FPC_INF || v.exp >= 0)
        return a;
    bool inexact;
    u128 q = round_to_integer(&v, 0, rm, &inexact);
    if (inexact && exact)
        st->flags |= FP_FLAG_NX;
    return fpu_round_pack(f, v.sign, q, 0, false, rm, st);
}
