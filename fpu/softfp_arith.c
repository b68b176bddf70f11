/* Shared soft-float core: add, sub, mul, div, fused multiply-add and square root. */
#include "fpu/softfp.h"

typedef unsigned __int128 u128;

static int bitlen128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    if (hi)
        return 128 - __builtin_clzll(hi);
    return (uint64_t)x ? 64 - __builtin_clzll((uint64_t)x) : 0;
}

static uint64_t zero_of(const FpFmt *f, bool sign) { return sign ? fpu_sign_bit(f) : 0; }

/* A finite operand passed through unchanged (a flush-to-zero mode may still flush it). */
static uint64_t pass(const FpFmt *f, const FpVal *v, FpStatus *st)
{
    return fpu_round_pack(f, v->sign, v->sig, v->exp, false, st->rm, st);
}

/* The same, scaled by 2^scale (fused multiply-add with a scaled result). */
static uint64_t pass_scaled(const FpFmt *f, const FpVal *v, int scale, FpStatus *st)
{
    return fpu_round_pack(f, v->sign, v->sig, v->exp + scale, false, st->rm, st);
}

static bool any_nan(const FpVal *v, int n)
{
    for (int i = 0; i < n; i++)
        if (fpu_is_nan_cls(v[i].cls))
            return true;
    return false;
}

static uint64_t invalid(const FpFmt *f, FpStatus *st)
{
    st->flags |= FP_FLAG_NV;
    return fpu_default_nan(f, st);
}

/* Exact sum of two nonzero finite terms s1*m1*2^e1 + s2*m2*2^e2 (m up to 106 bits), rounded. */
static uint64_t add_terms_scaled(const FpFmt *f, bool s1, u128 m1, int e1, bool s2, u128 m2,
                                 int e2, int scale, FpStatus *st)
{
    int top1 = e1 + bitlen128(m1) - 1, top2 = e2 + bitlen128(m2) - 1;
    if (top2 > top1) {
        bool ts = s1; s1 = s2; s2 = ts;
        u128 tm = m1; m1 = m2; m2 = tm;
        int te = e1; e1 = e2; e2 = te;
        te = top1; top1 = top2; top2 = te;
    }
    /* The anchor's leading bit goes to bit 125: room for a carry, and whenever bits of the
     * other term fall off the end the result keeps at least 124 bits. */
    int enew = top1 - 125;
    u128 a = m1 << (e1 - enew), o;
    int d = e2 - enew;
    bool sticky = false;
    if (d >= 0) {
        o = m2 << d;
    } else if (d <= -128) {
        o = 0;
        sticky = true;
    } else {
        o = m2 >> -d;
        sticky = (o << -d) != m2;
    }
    if (s1 == s2)
        return fpu_round_pack(f, s1, a + o, enew + scale, sticky, st->rm, st);
    if (a >= o) {
        if (a == o && !sticky)
            return zero_of(f, st->rm == FP_RM_DN);
        /* a - (o + d) with d in (0,1) is (a - o - 1) + (1 - d) */
        return fpu_round_pack(f, s1, a - o - (sticky ? 1 : 0), enew + scale, sticky, st->rm,
                              st);
    }
    return fpu_round_pack(f, s2, o - a, enew + scale, false, st->rm, st);
}

static uint64_t add_terms(const FpFmt *f, bool s1, u128 m1, int e1, bool s2, u128 m2, int e2,
                          FpStatus *st)
{
    return add_terms_scaled(f, s1, m1, e1, s2, m2, e2, 0, st);
}

uint64_t fpu_add(const FpFmt *f, uint64_t a, uint64_t b, FpStatus *st)
{
    FpVal v[2] = { fpu_unpack_in(f, a, st), fpu_unpack_in(f, b, st) };
    if (any_nan(v, 2))
        return fpu_pick_nan(f, (uint64_t[]){ a, b }, 2, st);
    if (v[0].cls == FPC_INF || v[1].cls == FPC_INF) {
        if (v[0].cls == FPC_INF && v[1].cls == FPC_INF && v[0].sign != v[1].sign)
            return invalid(f, st);
        return fpu_pack_inf(f, v[0].cls == FPC_INF ? v[0].sign : v[1].sign);
    }
    if (v[0].cls == FPC_ZERO && v[1].cls == FPC_ZERO)
        return zero_of(f, v[0].sign == v[1].sign ? v[0].sign : st->rm == FP_RM_DN);
    if (v[0].cls == FPC_ZERO)
        return pass(f, &v[1], st);
    if (v[1].cls == FPC_ZERO)
        return pass(f, &v[0], st);
    return add_terms(f, v[0].sign, v[0].sig, v[0].exp, v[1].sign, v[1].sig, v[1].exp, st);
}

uint64_t fpu_sub(const FpFmt *f, uint64_t a, uint64_t b, FpStatus *st)
{
    /* A NaN subtrahend propagates with its own sign (Arm, x86); a flushed denormal
     * minuend still raises input-denormal. */
    if (fpu_is_nan_cls(fpu_classify(f, b))) {
        fpu_unpack_in(f, a, st);
        return fpu_pick_nan(f, (uint64_t[]){ a, b }, 2, st);
    }
    return fpu_add(f, a, b ^ fpu_sign_bit(f), st);
}

uint64_t fpu_mul(const FpFmt *f, uint64_t a, uint64_t b, FpStatus *st)
{
    FpVal v[2] = { fpu_unpack_in(f, a, st), fpu_unpack_in(f, b, st) };
    bool sign = v[0].sign != v[1].sign;
    if (any_nan(v, 2))
        return fpu_pick_nan(f, (uint64_t[]){ a, b }, 2, st);
    if (v[0].cls == FPC_INF || v[1].cls == FPC_INF) {
        if (v[0].cls == FPC_ZERO || v[1].cls == FPC_ZERO)
            return invalid(f, st);
        return fpu_pack_inf(f, sign);
    }
    if (v[0].cls == FPC_ZERO || v[1].cls == FPC_ZERO)
        return zero_of(f, sign);
    return fpu_round_pack(f, sign, (u128)v[0].sig * v[1].sig, v[0].exp + v[1].exp, false,
                          st->rm, st);
}

/* Shift a finite significand so that its leading bit is bit p-1. */
static void normalize(const FpFmt *f, FpVal *v)
{
    int shift = (f->p - 1) - (63 - __builtin_clzll(v->sig));
    v->sig <<= shift;
    v->exp -= shift;
}

uint64_t fpu_div(const FpFmt *f, uint64_t a, uint64_t b, FpStatus *st)
{
    FpVal v[2] = { fpu_unpack_in(f, a, st), fpu_unpack_in(f, b, st) };
    bool sign = v[0].sign != v[1].sign;
    if (any_nan(v, 2))
        return fpu_pick_nan(f, (uint64_t[]){ a, b }, 2, st);
    if ((v[0].cls == FPC_INF && v[1].cls == FPC_INF) ||
        (v[0].cls == FPC_ZERO && v[1].cls == FPC_ZERO))
        return invalid(f, st);
    if (v[0].cls == FPC_INF)
        return fpu_pack_inf(f, sign);
    if (v[1].cls == FPC_ZERO) {         /* finite nonzero / 0 */
        st->flags |= FP_FLAG_DZ;
        return fpu_pack_inf(f, sign);
    }
    if (v[0].cls == FPC_ZERO || v[1].cls == FPC_INF)
        return zero_of(f, sign);
    normalize(f, &v[0]);
    normalize(f, &v[1]);
    u128 num = (u128)v[0].sig << 64;
    u128 q = num / v[1].sig;            /* at least 63 bits: plenty of guard bits */
    bool sticky = q * v[1].sig != num;
    return fpu_round_pack(f, sign, q, v[0].exp - 64 - v[1].exp, sticky, st->rm, st);
}

/* NaN operands of a*b+c in the rule's priority order (Arm: the addend first). */
static uint64_t fma_nan(const FpFmt *f, uint64_t a, uint64_t b, uint64_t c, FpStatus *st)
{
    if (st->nan_rule == FP_NAN_ARM)
        return fpu_pick_nan(f, (uint64_t[]){ c, a, b }, 3, st);
    return fpu_pick_nan(f, (uint64_t[]){ a, b, c }, 3, st);
}

uint64_t fpu_fma(const FpFmt *f, uint64_t a, uint64_t b, uint64_t c, FpStatus *st)
{
    return fpu_fma_scaled(f, a, b, c, 0, st);
}

uint64_t fpu_fma_scaled(const FpFmt *f, uint64_t a, uint64_t b, uint64_t c, int scale,
                        FpStatus *st)
{
    FpVal v[3] = { fpu_unpack_in(f, a, st), fpu_unpack_in(f, b, st), fpu_unpack_in(f, c, st) };
    bool ps = v[0].sign != v[1].sign;
    bool inf_times_zero = (v[0].cls == FPC_INF && v[1].cls == FPC_ZERO) ||
                          (v[0].cls == FPC_ZERO && v[1].cls == FPC_INF);
    if (inf_times_zero && v[2].cls == FPC_QNAN) {
        /* invalid even with a quiet NaN addend (RISC-V, Arm: and the default NaN) */
        st->flags |= FP_FLAG_NV;
        if (st->nan_rule == FP_NAN_ARM)
            return fpu_default_nan(f, st);
    }
    if (any_nan(v, 3))
        return fma_nan(f, a, b, c, st);
    if (inf_times_zero)
        return invalid(f, st);
    if (v[0].cls == FPC_INF || v[1].cls == FPC_INF) {
        if (v[2].cls == FPC_INF && v[2].sign != ps)
            return invalid(f, st);
        return fpu_pack_inf(f, ps);
    }
    if (v[2].cls == FPC_INF)
        return fpu_pack_inf(f, v[2].sign);
    if (v[0].cls == FPC_ZERO || v[1].cls == FPC_ZERO) {
        if (v[2].cls != FPC_ZERO)
            return pass_scaled(f, &v[2], scale, st);
        return zero_of(f, ps == v[2].sign ? ps : st->rm == FP_RM_DN);
    }
    u128 pm = (u128)v[0].sig * v[1].sig;
    int pe = v[0].exp + v[1].exp;
    if (v[2].cls == FPC_ZERO)
        return fpu_round_pack(f, ps, pm, pe + scale, false, st->rm, st);
    return add_terms_scaled(f, ps, pm, pe, v[2].sign, v[2].sig, v[2].exp, scale, st);
}

/* floor(sqrt(x)) by digit recurrence; x < 2^126. */
static u128 isqrt128(u128 x, bool *exact)
{
    u128 r = 0, bit = (u128)1 << 124;
    while (bit > x)
        bit >>= 2;
    while (bit) {
        if (x >= r + bit) {
            x -= r + bit;
            r = (r >> 1) + bit;
        } else {
            r >>= 1;
        }
        bit >>= 2;
    }
    *exact = x == 0;
    return r;
}

uint64_t fpu_sqrt(const FpFmt *f, uint64_t a, FpStatus *st)
{
    FpVal v = fpu_unpack_in(f, a, st);
    if (fpu_is_nan_cls(v.cls))
        return fpu_pick_nan(f, &a, 1, st);
    if (v.cls == FPC_ZERO)
        return zero_of(f, v.sign);
    if (v.sign)
        return invalid(f, st);
    if (v.cls == FPC_INF)
        return a;
    /* radicand with 2p+4 or more bits and an even exponent: the root has p+2 bits */
    int n = 64 - __builtin_clzll(v.sig);
    int k = 2 * f->p + 5 - n;
    if ((v.exp - k) & 1)
        k++;
    bool exact;
    u128 r = isqrt128((u128)v.sig << k, &exact);
    return fpu_round_pack(f, false, r, (v.exp - k) / 2, !exact, st->rm, st);
}
