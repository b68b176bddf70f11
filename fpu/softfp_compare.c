/* Shared soft-float core: comparisons and the minimum/maximum family. */
#include "fpu/softfp.h"

/* The operand's bits after input flushing (a flushed denormal reads as a signed zero). */
static uint64_t operand(const FpFmt *f, uint64_t bits, int *cls, FpStatus *st)
{
    FpVal v = fpu_unpack_in(f, bits, st);
    *cls = v.cls;
    if (v.cls == FPC_ZERO)
        return v.sign ? fpu_sign_bit(f) : 0;
    return bits;
}

/* Total order key of a non-NaN value: -0 sorts just below +0. */
static uint64_t order_key(const FpFmt *f, uint64_t x)
{
    uint64_t sb = fpu_sign_bit(f);
    return (x & sb) ? ~x & (sb | (sb - 1)) : x | sb;
}

int fpu_compare(const FpFmt *f, uint64_t a, uint64_t b, bool signalling, FpStatus *st)
{
    int ca, cb;
    a = operand(f, a, &ca, st);
    b = operand(f, b, &cb, st);
    if (fpu_is_nan_cls(ca) || fpu_is_nan_cls(cb)) {
        if (signalling || ca == FPC_SNAN || cb == FPC_SNAN)
            st->flags |= FP_FLAG_NV;
        return FP_CMP_UN;
    }
    if (ca == FPC_ZERO && cb == FPC_ZERO)
        return FP_CMP_EQ;
    uint64_t ka = order_key(f, a), kb = order_key(f, b);
    return ka == kb ? FP_CMP_EQ : ka < kb ? FP_CMP_LT : FP_CMP_GT;
}

uint64_t fpu_minmax(const FpFmt *f, uint64_t a, uint64_t b, bool is_max, int kind,
                    FpStatus *st)
{
    int ca, cb;
    a = operand(f, a, &ca, st);
    b = operand(f, b, &cb, st);
    if (kind == FP_MINMAX_NUM2019) {
        if (ca == FPC_SNAN || cb == FPC_SNAN)
            st->flags |= FP_FLAG_NV;
        if (fpu_is_nan_cls(ca) && fpu_is_nan_cls(cb))
            return fpu_default_nan(f, st);
        if (fpu_is_nan_cls(ca))
            return b;
        if (fpu_is_nan_cls(cb))
            return a;
    } else if (kind == FP_MINMAX_NUM2008) {
        /* a lone quiet NaN loses: it becomes the operation's identity (-inf for max) */
        if (ca == FPC_QNAN && cb != FPC_QNAN) {
            a = fpu_pack_inf(f, is_max);
            ca = FPC_INF;
        } else if (cb == FPC_QNAN && ca != FPC_QNAN) {
            b = fpu_pack_inf(f, is_max);
            cb = FPC_INF;
        }
    }
    if (fpu_is_nan_cls(ca) || fpu_is_nan_cls(cb))
        return fpu_pick_nan(f, (uint64_t[]){ a, b }, 2, st);
    bool a_lt_b = order_key(f, a) < order_key(f, b);
    return a_lt_b != is_max ? a : b;
}
