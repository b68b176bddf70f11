/* Shared soft-float core: formats, unpacking (with input flushing), NaN choice, rounding. */
#include "fpu/softfp.h"

typedef unsigned __int128 u128;

const FpFmt fpu_fmt_h = { .p = 11, .emin = -14, .emax = 15, .bias = 15, .width = 16 };
const FpFmt fpu_fmt_s = { .p = 24, .emin = -126, .emax = 127, .bias = 127, .width = 32 };
const FpFmt fpu_fmt_d = { .p = 53, .emin = -1022, .emax = 1023, .bias = 1023, .width = 64 };

static uint64_t frac_mask(const FpFmt *f) { return ((uint64_t)1 << (f->p - 1)) - 1; }
static uint64_t exp_mask(const FpFmt *f) { return ((uint64_t)1 << (f->width - f->p)) - 1; }

static int bitlen128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    if (hi)
        return 128 - __builtin_clzll(hi);
    return (uint64_t)x ? 64 - __builtin_clzll((uint64_t)x) : 0;
}

int fpu_classify(const FpFmt *f, uint64_t bits)
{
    uint64_t e = (bits >> (f->p - 1)) & exp_mask(f);
    uint64_t frac = bits & frac_mask(f);
    if (e == exp_mask(f)) {
        if (!frac)
            return FPC_INF;
        return (frac >> (f->p - 2)) & 1 ? FPC_QNAN : FPC_SNAN;
    }
    return (e == 0 && frac == 0) ? FPC_ZERO : FPC_FINITE;
}

FpVal fpu_unpack(const FpFmt *f, uint64_t bits)
{
    FpVal v = { .cls = fpu_classify(f, bits), .sign = (bits & fpu_sign_bit(f)) != 0 };
    if (v.cls != FPC_FINITE)
        return v;
    int e = (int)((bits >> (f->p - 1)) & exp_mask(f));
    v.sig = bits & frac_mask(f);
    if (e) {
        v.sig |= (uint64_t)1 << (f->p - 1);
        v.exp = e - f->bias - (f->p - 1);
    } else {
        v.exp = f->emin - (f->p - 1);
    }
    return v;
}

static bool flushes_in(const FpFmt *f, const FpStatus *st)
{
    return f->width == 16 ? st->flush16 : st->flush_in;
}

static bool flushes_out(const FpFmt *f, const FpStatus *st)
{
    return f->width == 16 ? st->flush16 : st->flush_out;
}

FpVal fpu_unpack_in(const FpFmt *f, uint64_t bits, FpStatus *st)
{
    FpVal v = fpu_unpack(f, bits);
    if (v.cls == FPC_FINITE && !(v.sig >> (f->p - 1)) && flushes_in(f, st)) {
        v.cls = FPC_ZERO;
        v.sig = 0;
        if (f->width != 16)
            st->flags |= FP_FLAG_ID;
    }
    return v;
}

uint64_t fpu_pack_inf(const FpFmt *f, bool sign)
{
    return (sign ? fpu_sign_bit(f) : 0) | exp_mask(f) << (f->p - 1);
}

uint64_t fpu_default_nan(const FpFmt *f, const FpStatus *st)
{
    return fpu_pack_inf(f, st->nan_rule == FP_NAN_X86) | fpu_quiet_bit(f);
}

uint64_t fpu_pick_nan(const FpFmt *f, const uint64_t *ops, int n, FpStatus *st)
{
    int first_snan = -1, first_qnan = -1, first_nan = -1;
    for (int i = 0; i < n; i++) {
        int c = fpu_classify(f, ops[i]);
        if (c == FPC_SNAN && first_snan < 0)
            first_snan = i;
        if (c == FPC_QNAN && first_qnan < 0)
            first_qnan = i;
        if (fpu_is_nan_cls(c) && first_nan < 0)
            first_nan = i;
    }
    if (first_snan >= 0)
        st->flags |= FP_FLAG_NV;
    if (st->nan_rule == FP_NAN_CANON || st->default_nan || first_nan < 0)
        return fpu_default_nan(f, st);
    int pick = st->nan_rule == FP_NAN_ARM && first_snan >= 0 ? first_snan : first_nan;
    uint64_t all = fpu_sign_bit(f) | (fpu_sign_bit(f) - 1);
    return (ops[pick] & all) | fpu_quiet_bit(f);
}

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
    case FP_RM_NE:  return cls == RND_ABOVE_HALF || (cls == RND_HALF && (q & 1));
    case FP_RM_TZ:  return false;
    case FP_RM_DN:  return sign;
    case FP_RM_UP:  return !sign;
    case FP_RM_ODD: return !(q & 1);
    default:        return cls != RND_BELOW_HALF;      /* MM */
    }
}

static uint64_t overflow_result(const FpFmt *f, bool sign, int rm)
{
    bool to_inf = rm == FP_RM_NE || rm == FP_RM_MM ||
                  (rm == FP_RM_DN && sign) || (rm == FP_RM_UP && !sign);
    if (to_inf)
        return fpu_pack_inf(f, sign);
    return fpu_pack_inf(f, sign) - 1;       /* largest finite: all-ones fraction, emax */
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

uint64_t fpu_round_pack(const FpFmt *f, bool sign, u128 sig, int exp, bool sticky, int rm,
                        FpStatus *st)
{
    uint64_t s = sign ? fpu_sign_bit(f) : 0;
    int n = bitlen128(sig);
    if (n == 0 && !sticky)
        return s;
    int E = exp + n - 1;
    if (E < f->emin && flushes_out(f, st)) {
        st->flags |= FP_FLAG_UF;
        return s;
    }
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
        st->flags |= FP_FLAG_NX;
        if (st->tiny_before ? E < f->emin
                            : tiny_after_rounding(f, sign, sig, n, E, sticky, rm))
            st->flags |= FP_FLAG_UF;
    }
    if (m == 0)
        return s;
    if (!(m >> (f->p - 1)))             /* subnormal: q_exp is the minimum */
        return s | (uint64_t)m;
    int e = q_exp + (f->p - 1);
    if (e > f->emax) {
        st->flags |= FP_FLAG_OF | FP_FLAG_NX;
        return overflow_result(f, sign, rm);
    }
    return s | (uint64_t)(e + f->bias) << (f->p - 1) | ((uint64_t)m & frac_mask(f));
}
