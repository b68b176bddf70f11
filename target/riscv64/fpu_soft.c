/* Exact software IEEE 754 arithmetic for RISC-V F/D: the rounding core, add, mul, div, fma. */
/*
 * Used where the host cannot round for us (RMM, ties to max magnitude, and conversions),
 * and by the unit tests as an independent reference for the host-FPU path. Every operation
 * forms the exact result, or a truncation of it plus a sticky bit, and rounds once in
 * fp_round_pack(). Tininess is detected after rounding, as RISC-V specifies.
 */
#include "fpu.h"

typedef unsigned __int128 u128;

const FpFmt fp_fmt_s = { .p = 24, .emin = -126, .emax = 127, .bias = 127, .width = 32 };
const FpFmt fp_fmt_d = { .p = 53, .emin = -1022, .emax = 1023, .bias = 1023, .width = 64 };

static uint64_t frac_mask(const FpFmt *f) { return ((uint64_t)1 << (f->p - 1)) - 1; }
static int exp_bits(const FpFmt *f) { return f->width - f->p; }
static uint64_t sign_bit(const FpFmt *f) { return (uint64_t)1 << (f->width - 1); }

static int bitlen128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    if (hi)
        return 128 - __builtin_clzll(hi);
    return (uint64_t)x ? 64 - __builtin_clzll((uint64_t)x) : 0;
}

int fp_classify_bits(const FpFmt *f, uint64_t bits)
{
    uint64_t emask = ((uint64_t)1 << exp_bits(f)) - 1;
    uint64_t e = (bits >> (f->p - 1)) & emask;
    uint64_t frac = bits & frac_mask(f);
    if (e == emask) {
        if (!frac)
            return FPC_INF;
        return (frac >> (f->p - 2)) & 1 ? FPC_QNAN : FPC_SNAN;
    }
    return (e == 0 && frac == 0) ? FPC_ZERO : FPC_FINITE;
}

FpVal fp_unpack(const FpFmt *f, uint64_t bits)
{
    FpVal v = { .cls = fp_classify_bits(f, bits), .sign = (bits & sign_bit(f)) != 0 };
    if (v.cls != FPC_FINITE)
        return v;
    uint64_t emask = ((uint64_t)1 << exp_bits(f)) - 1;
    int e = (int)((bits >> (f->p - 1)) & emask);
    v.sig = bits & frac_mask(f);
    if (e) {
        v.sig |= (uint64_t)1 << (f->p - 1);
        v.exp = e - f->bias - (f->p - 1);
    } else {
        v.exp = f->emin - (f->p - 1);
    }
    return v;
}

static uint64_t pack_inf(const FpFmt *f, bool sign)
{
    uint64_t emask = ((uint64_t)1 << exp_bits(f)) - 1;
    return (sign ? sign_bit(f) : 0) | emask << (f->p - 1);
}

static uint64_t pack_zero(const FpFmt *f, bool sign) { return sign ? sign_bit(f) : 0; }

/* Position of (x + d) relative to the rounding grid 2^s below it. */
enum { RND_EXACT, RND_BELOW_HALF, RND_HALF, RND_ABOVE_HALF };

/* Truncate x >> s, reporting where the discarded part lies (sticky: a tail below bit 0). */
static int shift_round_class(u128 x, int s, bool sticky, u128 *q)
{
    if (s <= 0) {
        *q = x << -s;       /* callers keep this exact (s < 0 only without sticky) */
        return sticky ? RND_BELOW_HALF : RND_EXACT;
    }
    if (s > 128) {
        *q = 0;
        return (x || sticky) ? RND_BELOW_HALF : RND_EXACT;
    }
    u128 rem, half;
    if (s == 128) {
        *q = 0;
        rem = x;
    } else {
        *q = x >> s;
        rem = x & (((u128)1 << s) - 1);
    }
    half = (u128)1 << (s - 1);
    if (rem == 0 && !sticky)
        return RND_EXACT;
    if (rem < half)
        return RND_BELOW_HALF;
    if (rem == half && !sticky)
        return RND_HALF;
    return RND_ABOVE_HALF;
}

/* Does rounding magnitude q (with discarded part cls) away from zero in mode rm? */
static bool round_up(int rm, bool sign, u128 q, int cls)
{
    if (cls == RND_EXACT)
        return false;
    switch (rm) {
    case RV_RM_RNE: return cls == RND_ABOVE_HALF || (cls == RND_HALF && (q & 1));
    case RV_RM_RTZ: return false;
    case RV_RM_RDN: return sign;
    case RV_RM_RUP: return !sign;
    default:        return cls != RND_BELOW_HALF;      /* RMM */
    }
}

static uint64_t overflow_result(const FpFmt *f, bool sign, int rm)
{
    bool to_inf = rm == RV_RM_RNE || rm == RV_RM_RMM ||
                  (rm == RV_RM_RDN && sign) || (rm == RV_RM_RUP && !sign);
    if (to_inf)
        return pack_inf(f, sign);
    return pack_inf(f, sign) - 1;       /* largest finite: all-ones fraction, emax */
}

/* Tininess after rounding: would the result, rounded to p bits with an unbounded exponent,
 * still be below 2^emin? n is the bit length of sig, E the exponent of its leading bit. */
static bool tiny_after_rounding(const FpFmt *f, bool sign, u128 sig, int n, int E, bool sticky,
                                int rm)
{
    if (E >= f->emin)
        return false;
    if (E < f->emin - 1)
        return true;
    u128 q;
    int cls = shift_round_class(sig, n - f->p, sticky, &q);
    if (round_up(rm, sign, q, cls))
        q++;
    return q < ((u128)1 << f->p);
}

uint64_t fp_round_pack(const FpFmt *f, bool sign, u128 sig, int exp, bool sticky, int rm,
                       uint32_t *flags)
{
    int n = bitlen128(sig);
    if (n == 0 && !sticky)
        return pack_zero(f, sign);
    int E = exp + n - 1;
    int q_exp = E - (f->p - 1);
    if (q_exp < f->emin - (f->p - 1))
        q_exp = f->emin - (f->p - 1);
    u128 m;
    int cls = shift_round_class(sig, q_exp - exp, sticky, &m);
    if (round_up(rm, sign, m, cls))
        m++;
    if (m >> f->p) {                    /* carried into a new binade */
        m >>= 1;
        q_exp++;
    }
    if (cls != RND_EXACT) {
        *flags |= RV_FFLAG_NX;
        if (tiny_after_rounding(f, sign, sig, n, E, sticky, rm))
            *flags |= RV_FFLAG_UF;
    }
    if (m == 0)
        return pack_zero(f, sign);
    uint64_t s = sign ? sign_bit(f) : 0;
    if (!(m >> (f->p - 1)))             /* subnormal: q_exp is the minimum */
        return s | (uint64_t)m;
    int e = q_exp + (f->p - 1);
    if (e > f->emax) {
        *flags |= RV_FFLAG_OF | RV_FFLAG_NX;
        return overflow_result(f, sign, rm);
    }
    return s | (uint64_t)(e + f->bias) << (f->p - 1) | ((uint64_t)m & frac_mask(f));
}

/* NaN result of a two- or three-operand operation: NV on any signalling input. */
static uint64_t nan_result(const FpFmt *f, const FpVal *v, int n, uint32_t *flags)
{
    for (int i = 0; i < n; i++)
        if (v[i].cls == FPC_SNAN)
            *flags |= RV_FFLAG_NV;
    return fp_canon(f);
}

static bool any_nan(const FpVal *v, int n)
{
    for (int i = 0; i < n; i++)
        if (v[i].cls == FPC_QNAN || v[i].cls == FPC_SNAN)
            return true;
    return false;
}

/* Exact sum of two nonzero finite terms s1*m1*2^e1 + s2*m2*2^e2 (m up to 106 bits), rounded. */
static uint64_t add_terms(const FpFmt *f, bool s1, u128 m1, int e1, bool s2, u128 m2, int e2,
                          int rm, uint32_t *flags)
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
        return fp_round_pack(f, s1, a + o, enew, sticky, rm, flags);
    if (a >= o) {
        if (a == o && !sticky)
            return pack_zero(f, rm == RV_RM_RDN);
        /* a - (o + d) with d in (0,1) is (a - o - 1) + (1 - d) */
        return fp_round_pack(f, s1, a - o - (sticky ? 1 : 0), enew, sticky, rm, flags);
    }
    return fp_round_pack(f, s2, o - a, enew, false, rm, flags);
}

uint64_t fp_soft_add(const FpFmt *f, uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    FpVal v[2] = { fp_unpack(f, a), fp_unpack(f, b) };
    if (any_nan(v, 2))
        return nan_result(f, v, 2, flags);
    if (v[0].cls == FPC_INF || v[1].cls == FPC_INF) {
        if (v[0].cls == FPC_INF && v[1].cls == FPC_INF && v[0].sign != v[1].sign) {
            *flags |= RV_FFLAG_NV;
            return fp_canon(f);
        }
        return pack_inf(f, v[0].cls == FPC_INF ? v[0].sign : v[1].sign);
    }
    if (v[0].cls == FPC_ZERO && v[1].cls == FPC_ZERO)
        return pack_zero(f, v[0].sign == v[1].sign ? v[0].sign : rm == RV_RM_RDN);
    if (v[0].cls == FPC_ZERO)
        return b;
    if (v[1].cls == FPC_ZERO)
        return a;
    return add_terms(f, v[0].sign, v[0].sig, v[0].exp, v[1].sign, v[1].sig, v[1].exp, rm,
                     flags);
}

uint64_t fp_soft_mul(const FpFmt *f, uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    FpVal v[2] = { fp_unpack(f, a), fp_unpack(f, b) };
    bool sign = v[0].sign != v[1].sign;
    if (any_nan(v, 2))
        return nan_result(f, v, 2, flags);
    if (v[0].cls == FPC_INF || v[1].cls == FPC_INF) {
        if (v[0].cls == FPC_ZERO || v[1].cls == FPC_ZERO) {
            *flags |= RV_FFLAG_NV;
            return fp_canon(f);
        }
        return pack_inf(f, sign);
    }
    if (v[0].cls == FPC_ZERO || v[1].cls == FPC_ZERO)
        return pack_zero(f, sign);
    return fp_round_pack(f, sign, (u128)v[0].sig * v[1].sig, v[0].exp + v[1].exp, false, rm,
                         flags);
}

/* Shift a finite significand so that its leading bit is bit p-1. */
static void normalize(const FpFmt *f, FpVal *v)
{
    int shift = (f->p - 1) - (63 - __builtin_clzll(v->sig));
    v->sig <<= shift;
    v->exp -= shift;
}

uint64_t fp_soft_div(const FpFmt *f, uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    FpVal v[2] = { fp_unpack(f, a), fp_unpack(f, b) };
    bool sign = v[0].sign != v[1].sign;
    if (any_nan(v, 2))
        return nan_result(f, v, 2, flags);
    if ((v[0].cls == FPC_INF && v[1].cls == FPC_INF) ||
        (v[0].cls == FPC_ZERO && v[1].cls == FPC_ZERO)) {
        *flags |= RV_FFLAG_NV;
        return fp_canon(f);
    }
    if (v[0].cls == FPC_INF)
        return pack_inf(f, sign);
    if (v[1].cls == FPC_ZERO) {         /* finite nonzero / 0 */
        *flags |= RV_FFLAG_DZ;
        return pack_inf(f, sign);
    }
    if (v[0].cls == FPC_ZERO || v[1].cls == FPC_INF)
        return pack_zero(f, sign);
    normalize(f, &v[0]);
    normalize(f, &v[1]);
    u128 num = (u128)v[0].sig << 64;
    u128 q = num / v[1].sig;            /* at least 63 bits: plenty of guard bits */
    bool sticky = q * v[1].sig != num;
    return fp_round_pack(f, sign, q, v[0].exp - 64 - v[1].exp, sticky, rm, flags);
}

uint64_t fp_soft_fma(const FpFmt *f, uint64_t a, uint64_t b, uint64_t c, int rm,
                     uint32_t *flags)
{
    FpVal v[3] = { fp_unpack(f, a), fp_unpack(f, b), fp_unpack(f, c) };
    bool ps = v[0].sign != v[1].sign;
    bool inf_times_zero = (v[0].cls == FPC_INF && v[1].cls == FPC_ZERO) ||
                          (v[0].cls == FPC_ZERO && v[1].cls == FPC_INF);
    if (inf_times_zero)                 /* invalid even with a quiet NaN addend */
        *flags |= RV_FFLAG_NV;
    if (any_nan(v, 3))
        return nan_result(f, v, 3, flags);
    if (inf_times_zero)
        return fp_canon(f);
    if (v[0].cls == FPC_INF || v[1].cls == FPC_INF) {
        if (v[2].cls == FPC_INF && v[2].sign != ps) {
            *flags |= RV_FFLAG_NV;
            return fp_canon(f);
        }
        return pack_inf(f, ps);
    }
    if (v[2].cls == FPC_INF)
        return c;
    if (v[0].cls == FPC_ZERO || v[1].cls == FPC_ZERO) {
        if (v[2].cls != FPC_ZERO)
            return c;
        return pack_zero(f, ps == v[2].sign ? ps : rm == RV_RM_RDN);
    }
    u128 pm = (u128)v[0].sig * v[1].sig;
    int pe = v[0].exp + v[1].exp;
    if (v[2].cls == FPC_ZERO)
        return fp_round_pack(f, ps, pm, pe, false, rm, flags);
    return add_terms(f, ps, pm, pe, v[2].sign, v[2].sig, v[2].exp, rm, flags);
}
