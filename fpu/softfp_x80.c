/* Shared 80-bit extended precision: unpacking, rounding, arithmetic, compares, conversions. */
#include "fpu/softfp_x80.h"

typedef unsigned __int128 u128;

#define SIGN(a) (((a).se >> 15) & 1)
#define EXPF(a) ((a).se & 0x7fff)
#define TOPBIT  ((uint64_t)1 << 63)

bool fpx80_is_unsupported(FpX80 a)
{
    return EXPF(a) != 0 && !(a.sig & TOPBIT);
}

bool fpx80_is_denormal(FpX80 a)
{
    return EXPF(a) == 0 && a.sig != 0;
}

int fpx80_classify(FpX80 a)
{
    if (fpx80_is_unsupported(a))
        return FPC_SNAN;
    if (EXPF(a) == 0x7fff) {
        if (!(a.sig << 1))
            return FPC_INF;
        return (a.sig >> 62) & 1 ? FPC_QNAN : FPC_SNAN;
    }
    return a.sig ? FPC_FINITE : FPC_ZERO;
}

FpX80 fpx80_default_nan(void) { return (FpX80){ 0xc000000000000000ull, 0xffff }; }
static FpX80 mk(bool s, int e, uint64_t sig) { return (FpX80){ sig, (uint16_t)((s ? 0x8000 : 0) | e) }; }

/* A finite nonzero value as sig * 2^exp with sig normalized (bit 63 set). */
static void unpack_norm(FpX80 a, uint64_t *sig, int *exp)
{
    int e = EXPF(a) ? EXPF(a) : 1;
    int lz = __builtin_clzll(a.sig);
    *sig = a.sig << lz;
    *exp = e - FPX80_BIAS - 63 - lz;
}

static int bitlen128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? 128 - __builtin_clzll(hi) : ((uint64_t)x ? 64 - __builtin_clzll((uint64_t)x) : 0);
}

/* Round m (top bit at 127) at `prec` bits; returns the increment and the dropped bits. */
static bool round_inc(u128 m, int shift, bool sign, int rm, bool *inexact)
{
    u128 low = m & (((u128)1 << shift) - 1), half = (u128)1 << (shift - 1);
    *inexact = low != 0;
    switch (rm) {
    case FP_RM_NE: return low > half || (low == half && ((m >> shift) & 1));
    case FP_RM_UP: return !sign && low;
    case FP_RM_DN: return sign && low;
    case FP_RM_MM: return low >= half;
    default: return false;
    }
}

FpX80 fpx80_round_pack(bool sign, u128 sig, int exp, bool sticky, int prec, int rm, FpStatus *st)
{
    st->flags &= ~FP_FLAG_RUP;
    if (!sig)
        return mk(sign, 0, 0);
    int n = bitlen128(sig);
    u128 m = sig << (128 - n);
    int e = exp + n - 1;                    /* value = m / 2^127 * 2^e */
    if (sticky)
        m |= 1;
    int shift = 128 - prec;
    bool inexact, tiny = false;
    if (e < FPX80_EMIN) {
        bool nx2;
        tiny = e < FPX80_EMIN - 1 || !round_inc(m, shift, sign, rm, &nx2) ||
               (m >> shift) + 1 != ((u128)1 << prec);
        int d = FPX80_EMIN - e;
        bool lost = d >= 128 ? m != 0 : (m & (((u128)1 << d) - 1)) != 0;
        m = d >= 128 ? 0 : m >> d;
        m |= lost;
        e = FPX80_EMIN;
    }
    bool inc = round_inc(m, shift, sign, rm, &inexact);
    uint64_t r = (uint64_t)(m >> shift) + inc;
    if (prec == 64 ? (inc && r == 0) : (r >> prec) != 0) {
        r = (uint64_t)1 << (prec - 1);
        e++;
    }
    if (inexact)
        st->flags |= FP_FLAG_NX | (inc ? FP_FLAG_RUP : 0);
    if (tiny && inexact)
        st->flags |= FP_FLAG_UF;
    if (e > FPX80_BIAS) {
        st->flags |= FP_FLAG_OF | FP_FLAG_NX;
        bool to_inf = rm == FP_RM_NE || rm == FP_RM_MM || (rm == FP_RM_UP && !sign) ||
                      (rm == FP_RM_DN && sign);
        if (to_inf) {
            st->flags |= FP_FLAG_RUP;
            return mk(sign, 0x7fff, TOPBIT);
        }
        st->flags &= ~FP_FLAG_RUP;
        return mk(sign, 0x7ffe, ~(uint64_t)0 << (64 - prec));
    }
    r <<= 64 - prec;
    int be = (r & TOPBIT) ? e + FPX80_BIAS : 0;
    return mk(sign, be, r);
}

/* The NaN result: a signalling one raises invalid; the larger significand of two. */
static FpX80 pick_nan(FpX80 a, FpX80 b, int n, FpStatus *st)
{
    int ca = fpx80_classify(a), cb = n > 1 ? fpx80_classify(b) : FPC_ZERO;
    if (fpx80_is_unsupported(a) || (n > 1 && fpx80_is_unsupported(b))) {
        st->flags |= FP_FLAG_NV;
        return fpx80_default_nan();
    }
    if (ca == FPC_SNAN || cb == FPC_SNAN)
        st->flags |= FP_FLAG_NV;
    FpX80 r = !fpu_is_nan_cls(cb) ? a : !fpu_is_nan_cls(ca) ? b
            : (a.sig << 1) != (b.sig << 1) ? ((a.sig << 1) > (b.sig << 1) ? a : b)
            : SIGN(a) ? b : a;
    r.sig |= (uint64_t)1 << 62;
    return r;
}

static FpX80 invalid(FpStatus *st)
{
    st->flags |= FP_FLAG_NV;
    return fpx80_default_nan();
}

/* Denormal operand (DE): only when no NaN, invalid or divide by zero came first. */
static void denormal_rule(FpX80 a, FpX80 b, int n, uint32_t before, FpStatus *st)
{
    if ((st->flags & ~before) & (FP_FLAG_NV | FP_FLAG_DZ))
        return;
    if (fpu_is_nan_cls(fpx80_classify(a)) || (n > 1 && fpu_is_nan_cls(fpx80_classify(b))))
        return;
    if (fpx80_is_denormal(a) || (n > 1 && fpx80_is_denormal(b)))
        st->flags |= FP_FLAG_ID;
}

static FpX80 add_core(FpX80 a, FpX80 b, bool negb, int prec, FpStatus *st)
{
    int ca = fpx80_classify(a), cb = fpx80_classify(b);
    bool sa = SIGN(a), sb = SIGN(b) ^ negb;
    if (fpu_is_nan_cls(ca) || fpu_is_nan_cls(cb))
        return pick_nan(a, b, 2, st);
    if (ca == FPC_INF || cb == FPC_INF) {
        if (ca == FPC_INF && cb == FPC_INF && sa != sb)
            return invalid(st);
        return ca == FPC_INF ? mk(sa, 0x7fff, TOPBIT) : mk(sb, 0x7fff, TOPBIT);
    }
    if (ca == FPC_ZERO && cb == FPC_ZERO)
        return mk(sa == sb ? sa : st->rm == FP_RM_DN, 0, 0);
    if (cb == FPC_ZERO)
        return fpx80_round_pack(sa, a.sig, (EXPF(a) ? EXPF(a) : 1) - FPX80_BIAS - 63, false,
                                prec, st->rm, st);
    if (ca == FPC_ZERO)
        return fpx80_round_pack(sb, b.sig, (EXPF(b) ? EXPF(b) : 1) - FPX80_BIAS - 63, false,
                                prec, st->rm, st);
    uint64_t ma, mb;
    int ea, eb;
    unpack_norm(a, &ma, &ea);
    unpack_norm(b, &mb, &eb);
    if (eb > ea || (eb == ea && mb > ma)) {
        uint64_t t = ma; ma = mb; mb = t;
        int te = ea; ea = eb; eb = te;
        bool ts = sa; sa = sb; sb = ts;
    }
    u128 A = (u128)ma << 63, B = (u128)mb << 63;
    int d = ea - eb;
    bool sticky = false;
    if (d >= 127) {
        sticky = true;
        B = 0;
    } else if (d) {
        sticky = (B & (((u128)1 << d) - 1)) != 0;
        B >>= d;
    }
    u128 r;
    if (sa == sb) {
        r = A + B;
    } else {
        r = A - B - (sticky ? 1 : 0);
        if (!r && !sticky)
            return mk(st->rm == FP_RM_DN, 0, 0);
    }
    return fpx80_round_pack(sa, r, ea - 63, sticky, prec, st->rm, st);
}

FpX80 fpx80_add(FpX80 a, FpX80 b, int prec, FpStatus *st)
{
    uint32_t before = st->flags;
    FpX80 r = add_core(a, b, false, prec, st);
    denormal_rule(a, b, 2, before, st);
    return r;
}

FpX80 fpx80_sub(FpX80 a, FpX80 b, int prec, FpStatus *st)
{
    uint32_t before = st->flags;
    FpX80 r = add_core(a, b, true, prec, st);
    denormal_rule(a, b, 2, before, st);
    return r;
}

static FpX80 mul_core(FpX80 a, FpX80 b, int prec, FpStatus *st)
{
    int ca = fpx80_classify(a), cb = fpx80_classify(b);
    bool s = SIGN(a) ^ SIGN(b);
    if (fpu_is_nan_cls(ca) || fpu_is_nan_cls(cb))
        return pick_nan(a, b, 2, st);
    if (ca == FPC_INF || cb == FPC_INF) {
        if (ca == FPC_ZERO || cb == FPC_ZERO)
            return invalid(st);
        return mk(s, 0x7fff, TOPBIT);
    }
    if (ca == FPC_ZERO || cb == FPC_ZERO)
        return mk(s, 0, 0);
    uint64_t ma, mb;
    int ea, eb;
    unpack_norm(a, &ma, &ea);
    unpack_norm(b, &mb, &eb);
    return fpx80_round_pack(s, (u128)ma * mb, ea + eb, false, prec, st->rm, st);
}

FpX80 fpx80_mul(FpX80 a, FpX80 b, int prec, FpStatus *st)
{
    uint32_t before = st->flags;
    FpX80 r = mul_core(a, b, prec, st);
    denormal_rule(a, b, 2, before, st);
    return r;
}

static FpX80 div_core(FpX80 a, FpX80 b, int prec, FpStatus *st)
{
    int ca = fpx80_classify(a), cb = fpx80_classify(b);
    bool s = SIGN(a) ^ SIGN(b);
    if (fpu_is_nan_cls(ca) || fpu_is_nan_cls(cb))
        return pick_nan(a, b, 2, st);
    if (ca == FPC_INF)
        return cb == FPC_INF ? invalid(st) : mk(s, 0x7fff, TOPBIT);
    if (cb == FPC_INF)
        return mk(s, 0, 0);
    if (cb == FPC_ZERO) {
        if (ca == FPC_ZERO)
            return invalid(st);
        st->flags |= FP_FLAG_DZ;
        return mk(s, 0x7fff, TOPBIT);
    }
    if (ca == FPC_ZERO)
        return mk(s, 0, 0);
    uint64_t ma, mb;
    int ea, eb;
    unpack_norm(a, &ma, &ea);
    unpack_norm(b, &mb, &eb);
    int sh = ma >= mb ? 63 : 64;
    u128 n = (u128)ma << sh;
    uint64_t q1 = (uint64_t)(n / mb), r1 = (uint64_t)(n % mb);
    u128 n2 = (u128)r1 << 64;
    uint64_t q2 = (uint64_t)(n2 / mb), r2 = (uint64_t)(n2 % mb);
    u128 q = (u128)q1 << 64 | q2;
    return fpx80_round_pack(s, q, ea - eb - sh - 64, r2 != 0, prec, st->rm, st);
}

FpX80 fpx80_div(FpX80 a, FpX80 b, int prec, FpStatus *st)
{
    uint32_t before = st->flags;
    FpX80 r = div_core(a, b, prec, st);
    denormal_rule(a, b, 2, before, st);
    return r;
}

/* floor(sqrt(n)) for n < 2^128. */
static uint64_t isqrt128(u128 n)
{
    uint64_t r = 0;
    for (int bit = 63; bit >= 0; bit--) {
        uint64_t t = r | (uint64_t)1 << bit;
        if ((u128)t * t <= n)
            r = t;
    }
    return r;
}

static FpX80 sqrt_core(FpX80 a, int prec, FpStatus *st)
{
    int c = fpx80_classify(a);
    if (fpu_is_nan_cls(c))
        return pick_nan(a, a, 1, st);
    if (c == FPC_ZERO)
        return a;
    if (SIGN(a))
        return invalid(st);
    if (c == FPC_INF)
        return a;
    uint64_t m;
    int e;
    unpack_norm(a, &m, &e);
    int sh = (e & 1) ? 63 : 64;            /* n = m << sh, with e - sh even */
    u128 n = (u128)m << sh;
    uint64_t r = isqrt128(n);
    u128 rem = n - (u128)r * r;
    u128 sig = (u128)r << 2 | (rem > r ? 2 : 0);
    return fpx80_round_pack(false, sig, (e - sh) / 2 - 2, rem != 0, prec, st->rm, st);
}

FpX80 fpx80_sqrt(FpX80 a, int prec, FpStatus *st)
{
    uint32_t before = st->flags;
    FpX80 r = sqrt_core(a, prec, st);
    denormal_rule(a, a, 1, before, st);
    return r;
}

int fpx80_compare(FpX80 a, FpX80 b, bool signalling, FpStatus *st)
{
    int ca = fpx80_classify(a), cb = fpx80_classify(b);
    if (fpu_is_nan_cls(ca) || fpu_is_nan_cls(cb)) {
        if (signalling || ca == FPC_SNAN || cb == FPC_SNAN)
            st->flags |= FP_FLAG_NV;
        return FP_CMP_UN;
    }
    if (fpx80_is_denormal(a) || fpx80_is_denormal(b))
        st->flags |= FP_FLAG_ID;
    if (ca == FPC_ZERO && cb == FPC_ZERO)
        return FP_CMP_EQ;
    bool sa = SIGN(a), sb = SIGN(b);
    if (ca == FPC_ZERO)
        return sb ? FP_CMP_GT : FP_CMP_LT;
    if (cb == FPC_ZERO || sa != sb)
        return sa ? FP_CMP_LT : FP_CMP_GT;
    /* Same sign, both nonzero: compare magnitudes (pseudo-denormals via normalization). */
    uint64_t ma = a.sig, mb = b.sig;
    int ea = 0x7fff, eb = 0x7fff;
    if (ca != FPC_INF)
        unpack_norm(a, &ma, &ea);
    if (cb != FPC_INF)
        unpack_norm(b, &mb, &eb);
    if (ca == FPC_INF || cb == FPC_INF) {
        if (ca == cb)
            return FP_CMP_EQ;
        return (ca == FPC_INF) != sa ? FP_CMP_GT : FP_CMP_LT;
    }
    if (ea == eb && ma == mb)
        return FP_CMP_EQ;
    bool gt = ea > eb || (ea == eb && ma > mb);
    return gt != sa ? FP_CMP_GT : FP_CMP_LT;
}

/* The integer nearest a (|a| < 2^63 handled by the callers' range checks) per rm:
 * returns the magnitude, sets *inexact. */
static u128 round_mag(uint64_t m, int e, bool sign, int rm, bool *inexact, bool *inc)
{
    *inexact = false;
    *inc = false;
    if (e >= 0)
        return e > 63 ? ~(u128)0 : (u128)m << e;
    if (e < -65) {
        *inexact = true;
        *inc = rm == FP_RM_UP ? !sign : rm == FP_RM_DN ? sign : false;
        return *inc;
    }
    u128 x = (u128)m << 2;                  /* two guard bits so shift >= 1 always works */
    int shift = 2 - e;
    bool nx;
    *inc = round_inc(x, shift, sign, rm, &nx);
    *inexact = nx;
    return (x >> shift) + *inc;
}

FpX80 fpx80_round_to_int(FpX80 a, int rm, FpStatus *st)
{
    int c = fpx80_classify(a);
    if (fpu_is_nan_cls(c))
        return pick_nan(a, a, 1, st);
    if (c != FPC_FINITE)
        return a;
    if (fpx80_is_denormal(a))
        st->flags |= FP_FLAG_ID;
    uint64_t m;
    int e;
    unpack_norm(a, &m, &e);
    if (e >= 0)
        return a;
    bool nx, inc;
    u128 r = round_mag(m, e, SIGN(a), rm, &nx, &inc);
    st->flags &= ~FP_FLAG_RUP;
    if (nx)
        st->flags |= FP_FLAG_NX | (inc ? FP_FLAG_RUP : 0);
    if (!r)
        return mk(SIGN(a), 0, 0);
    uint32_t keep = st->flags;
    FpX80 v = fpx80_round_pack(SIGN(a), r, 0, false, 64, rm, st);
    st->flags = keep;
    return v;
}

uint64_t fpx80_to_int(FpX80 a, int width, int rm, FpStatus *st)
{
    uint64_t indef = (uint64_t)1 << (width - 1);
    int c = fpx80_classify(a);
    st->flags &= ~FP_FLAG_RUP;
    if (c == FPC_ZERO)
        return 0;
    if (c != FPC_FINITE) {
        st->flags |= FP_FLAG_NV;
        return indef;
    }
    uint64_t m;
    int e;
    unpack_norm(a, &m, &e);
    bool nx, inc, s = SIGN(a);
    u128 r = round_mag(m, e, s, rm, &nx, &inc);
    if (r > (u128)indef - (s ? 0 : 1)) {
        st->flags |= FP_FLAG_NV;
        return indef;
    }
    if (nx)
        st->flags |= FP_FLAG_NX | (inc ? FP_FLAG_RUP : 0);
    uint64_t v = s ? -(uint64_t)r : (uint64_t)r;
    return width == 64 ? v : v & ((indef << 1) - 1);
}

FpX80 fpx80_from_int(int64_t x)
{
    if (!x)
        return mk(false, 0, 0);
    bool s = x < 0;
    uint64_t m = s ? -(uint64_t)x : (uint64_t)x;
    int lz = __builtin_clzll(m);
    return mk(s, FPX80_BIAS + 63 - lz, m << lz);
}

FpX80 fpx80_from_fmt(const FpFmt *f, uint64_t bits, FpStatus *st)
{
    FpVal v = fpu_unpack(f, bits);
    switch (v.cls) {
    case FPC_ZERO: return mk(v.sign, 0, 0);
    case FPC_INF: return mk(v.sign, 0x7fff, TOPBIT);
    case FPC_SNAN:
        st->flags |= FP_FLAG_NV;
        /* fallthrough */
    case FPC_QNAN: {
        uint64_t frac = bits & (((uint64_t)1 << (f->p - 1)) - 1);
        return mk(v.sign, 0x7fff, TOPBIT | (uint64_t)1 << 62 | frac << (64 - f->p));
    }
    }
    if (!(v.sig >> (f->p - 1)))
        st->flags |= FP_FLAG_ID;
    int lz = __builtin_clzll(v.sig);
    return mk(v.sign, v.exp + 63 - lz + FPX80_BIAS, v.sig << lz);
}

uint64_t fpx80_to_fmt(const FpFmt *f, FpX80 a, FpStatus *st)
{
    int c = fpx80_classify(a);
    uint64_t sbit = SIGN(a) ? fpu_sign_bit(f) : 0;
    st->flags &= ~FP_FLAG_RUP;
    if (fpu_is_nan_cls(c)) {
        if (c == FPC_SNAN)
            st->flags |= FP_FLAG_NV;
        if (fpx80_is_unsupported(a))
            return fpu_default_nan(f, st);
        uint64_t frac = (a.sig << 1) >> (65 - f->p);
        return fpu_pack_inf(f, SIGN(a)) | frac | fpu_quiet_bit(f);
    }
    if (c == FPC_INF)
        return fpu_pack_inf(f, SIGN(a));
    if (c == FPC_ZERO)
        return sbit;
    uint64_t m;
    int e;
    unpack_norm(a, &m, &e);
    uint32_t before = st->flags;
    uint64_t r = fpu_round_pack(f, SIGN(a), (u128)m << 2, e - 2, false, st->rm, st);
    if ((st->flags & ~before & FP_FLAG_NX) && (r & ~fpu_sign_bit(f)) != 0) {
        /* C1: did rounding increase the magnitude? Compare back in extended. */
        FpStatus t = *st;
        FpX80 back = fpx80_from_fmt(f, r, &t);
        uint64_t bm;
        int be;
        if (fpx80_classify(back) == FPC_INF)
            st->flags |= FP_FLAG_RUP;
        else {
            unpack_norm(back, &bm, &be);
            if (be > e || (be == e && bm > m))
                st->flags |= FP_FLAG_RUP;
        }
    }
    return r;
}
