/* AdvSIMD FP helpers (a64fp): lane, pairwise, across-lanes and by-element FP operations on
 * the V registers in place, with Arm's reciprocal and square-root estimates, under FPCR. */
#include <string.h>
#include "translate.h"
#include "fpu_arm.h"
#include "vfp_helper.h"

typedef struct Vec { uint8_t b[16]; } Vec;

static uint64_t lane(const Vec *v, int i, int esz)
{
    uint64_t x = 0;
    memcpy(&x, v->b + (i << esz), 1u << esz);
    return x;
}

static void set_lane(Vec *v, int i, int esz, uint64_t x)
{
    memcpy(v->b + (i << esz), &x, 1u << esz);
}

static uint64_t all_ones(const FpFmt *f) { return fpu_sign_bit(f) | (fpu_sign_bit(f) - 1); }

/* Position of the leading bit of a finite nonzero value (|v| in [2^k, 2^(k+1))). */
static int top_exp(const FpVal *v) { return v->exp + 63 - __builtin_clzll(v->sig); }

static int recip_estimate(int a)
{
    a = a * 2 + 1;
    int b = (1 << 19) / a;
    return (b + 1) / 2;
}

/* RecipSqrtEstimate for a in 128..511, tabulated once at startup (its search is slow). */
static int16_t rsqrt_table[512];

static void __attribute__((constructor)) rsqrt_table_init(void)
{
    for (int a = 128; a < 512; a++) {
        int64_t x = a < 256 ? a * 2 + 1 : ((a >> 1) << 1) * 2 + 2, b = 512;
        while (x * (b + 1) * (b + 1) < (1 << 28))
            b++;
        rsqrt_table[a] = (int16_t)((b + 1) / 2);
    }
}

static int rsqrt_estimate(int a) { return rsqrt_table[a]; }

/* FRECPE (FPRecipEstimate): 8-bit estimate of 1/a. */
static uint64_t recpe(const FpFmt *f, uint64_t a, FpStatus *st)
{
    FpVal v = fpu_unpack_in(f, a, st);
    int F = f->p - 1;
    uint64_t sign = v.sign ? fpu_sign_bit(f) : 0, m52 = (1ull << 52) - 1;
    if (fpu_is_nan_cls(v.cls))
        return fpu_pick_nan(f, &a, 1, st);
    if (v.cls == FPC_INF)
        return sign;
    if (v.cls == FPC_ZERO) {
        st->flags |= FP_FLAG_DZ;
        return fpu_pack_inf(f, v.sign);
    }
    if (top_exp(&v) < f->emin - 2) {
        bool to_inf = st->rm == FP_RM_NE || (st->rm == FP_RM_UP && !v.sign) ||
                      (st->rm == FP_RM_DN && v.sign);
        st->flags |= FP_FLAG_OF | FP_FLAG_NX;
        return to_inf ? fpu_pack_inf(f, v.sign) : fpu_pack_inf(f, v.sign) - 1;
    }
    if (st->flush_in && top_exp(&v) >= f->emax - 1) {
        st->flags |= FP_FLAG_UF;
        return sign;
    }
    uint64_t frac = (a & ((1ull << F) - 1)) << (52 - F);
    int exp = (int)((a >> F) & ((1u << (f->width - f->p)) - 1));
    if (exp == 0) {
        if (!((frac >> 51) & 1)) {
            exp = -1;
            frac = (frac << 2) & m52;
        } else {
            frac = (frac << 1) & m52;
        }
    }
    int rexp = 2 * f->bias - 1 - exp;
    frac = (uint64_t)(recip_estimate(256 | (int)(frac >> 44)) & 0xff) << 44;
    if (rexp == 0) {
        frac = 1ull << 51 | frac >> 1;
    } else if (rexp == -1) {
        frac = 1ull << 50 | frac >> 2;
        rexp = 0;
    }
    return sign | (uint64_t)rexp << F | frac >> (52 - F);
}

/* FRSQRTE (FPRSqrtEstimate): 8-bit estimate of 1/sqrt(a). */
static uint64_t rsqrte(const FpFmt *f, uint64_t a, FpStatus *st)
{
    FpVal v = fpu_unpack_in(f, a, st);
    int F = f->p - 1;
    uint64_t m52 = (1ull << 52) - 1;
    if (fpu_is_nan_cls(v.cls))
        return fpu_pick_nan(f, &a, 1, st);
    if (v.cls == FPC_ZERO) {
        st->flags |= FP_FLAG_DZ;
        return fpu_pack_inf(f, v.sign);
    }
    if (v.sign) {
        st->flags |= FP_FLAG_NV;
        return fpu_default_nan(f, st);
    }
    if (v.cls == FPC_INF)
        return 0;
    uint64_t frac = (a & ((1ull << F) - 1)) << (52 - F);
    int exp = (int)((a >> F) & ((1u << (f->width - f->p)) - 1));
    if (exp == 0) {
        while (!((frac >> 51) & 1)) {
            frac = (frac << 1) & m52;
            exp--;
        }
        frac = (frac << 1) & m52;
    }
    int scaled = (exp & 1) == 0 ? 256 | (int)(frac >> 44) : 128 | (int)(frac >> 45);
    int rexp = (3 * f->bias - 1 - exp) / 2;
    return (uint64_t)rexp << F | (uint64_t)(rsqrt_estimate(scaled) & 0xff) << (F - 8);
}

/* FRECPX: the reciprocal exponent. */
static uint64_t recpx(const FpFmt *f, uint64_t a, FpStatus *st)
{
    FpVal v = fpu_unpack_in(f, a, st);
    if (fpu_is_nan_cls(v.cls))
        return fpu_pick_nan(f, &a, 1, st);
    int F = f->p - 1;
    uint64_t emask = (1u << (f->width - f->p)) - 1, e = (a >> F) & emask;
    uint64_t sign = a & fpu_sign_bit(f);
    return sign | (e == 0 ? emask - 1 : ~e & emask) << F;
}

/* FMULX, FRECPS, FRSQRTS: infinity times zero gives `special` (sign: the product's). */
static bool inf_times_zero(const FpFmt *f, uint64_t a, uint64_t b, FpStatus *st)
{
    FpVal x = fpu_unpack_in(f, a, st), y = fpu_unpack_in(f, b, st);
    return (x.cls == FPC_INF && y.cls == FPC_ZERO) || (x.cls == FPC_ZERO && y.cls == FPC_INF);
}

static uint64_t fp_const(const FpFmt *f, double v)
{
    uint64_t d;
    memcpy(&d, &v, 8);
    if (f->width == 64)
        return d;
    float s = (float)v;
    uint32_t w;
    memcpy(&w, &s, 4);
    return w;
}

static uint64_t cmp_mask(const FpFmt *f, bool t) { return t ? all_ones(f) : 0; }

static const int rint_rm[5] = { FP_RM_NE, FP_RM_UP, FP_RM_DN, FP_RM_TZ, FP_RM_MM };

/* The host fast path (fpu_arm.h) of the common lane operations; false when it does not apply. */
static bool lane_fast(int op, bool dbl, uint64_t n, uint64_t m, uint64_t d, uint64_t *r)
{
    if (dbl) {
        double x = a64_f64(n), y = a64_f64(m), v;
        switch (op) {
        case VFP_ADD: v = x + y; break;
        case VFP_SUB: v = x - y; break;
        case VFP_MUL: v = x * y; break;
        case VFP_DIV: v = x / y; break;
        case VFP_MLA: v = fma(x, y, a64_f64(d)); break;
        case VFP_MLS: v = fma(-x, y, a64_f64(d)); break;
        default: return false;
        }
        *r = a64_bits_d(v);
        return a64_fast_ok_d(v);
    }
    float x = a64_f32(n), y = a64_f32(m), v;
    switch (op) {
    case VFP_ADD: v = x + y; break;
    case VFP_SUB: v = x - y; break;
    case VFP_MUL: v = x * y; break;
    case VFP_DIV: v = x / y; break;
    case VFP_MLA: v = fmaf(x, y, a64_f32(d)); break;
    case VFP_MLS: v = fmaf(-x, y, a64_f32(d)); break;
    default: return false;
    }
    *r = a64_bits_s(v);
    return a64_fast_ok_s(v);
}

/* One lane: n, m, d are Vn's, Vm's and Vd's lanes (d is the accumulator of FMLA/FMLS). */
static uint64_t lane_op(int op, const FpFmt *f, uint64_t n, uint64_t m, uint64_t d, int x,
                        bool fast, FpStatus *st)
{
    uint64_t sb = fpu_sign_bit(f);
    int c;
    if (fast && op <= VFP_MLS && lane_fast(op, f->width == 64, n, m, d, &sb))
        return sb;
    sb = fpu_sign_bit(f);
    switch (op) {
    case VFP_ADD:   return fpu_add(f, n, m, st);
    case VFP_SUB:   return fpu_sub(f, n, m, st);
    case VFP_MUL:   return fpu_mul(f, n, m, st);
    case VFP_DIV:   return fpu_div(f, n, m, st);
    case VFP_MAX:   return fpu_minmax(f, n, m, true, FP_MINMAX_PROPAGATE, st);
    case VFP_MIN:   return fpu_minmax(f, n, m, false, FP_MINMAX_PROPAGATE, st);
    case VFP_MAXNM: return fpu_minmax(f, n, m, true, FP_MINMAX_NUM2008, st);
    case VFP_MINNM: return fpu_minmax(f, n, m, false, FP_MINMAX_NUM2008, st);
    case VFP_MULX:
        if (!fpu_is_nan_cls(fpu_classify(f, n)) && !fpu_is_nan_cls(fpu_classify(f, m)) &&
            inf_times_zero(f, n, m, st))
            return fp_const(f, 2.0) | ((n ^ m) & sb);
        return fpu_mul(f, n, m, st);
    case VFP_ABD:   return fpu_sub(f, n, m, st) & ~sb;
    case VFP_MLA:   return fpu_fma(f, n, m, d, st);
    case VFP_MLS:   return fpu_fma(f, n ^ sb, m, d, st);
    case VFP_RECPS:
    case VFP_RSQRTS:
        n ^= sb;
        c = inf_times_zero(f, n, m, st);    /* unpacks both: IDC even beside a NaN */
        if (fpu_is_nan_cls(fpu_classify(f, n)) || fpu_is_nan_cls(fpu_classify(f, m)))
            return fpu_pick_nan(f, (uint64_t[]){ n, m }, 2, st);
        if (c)
            return fp_const(f, op == VFP_RECPS ? 2.0 : 1.5);
        if (op == VFP_RECPS)
            return fpu_fma(f, n, m, fp_const(f, 2.0), st);
        return fpu_fma_scaled(f, n, m, fp_const(f, 3.0), -1, st);
    case VFP_CMEQ:  return cmp_mask(f, fpu_compare(f, n, m, false, st) == FP_CMP_EQ);
    case VFP_CMGE:  c = fpu_compare(f, n, m, true, st);
                    return cmp_mask(f, c == FP_CMP_EQ || c == FP_CMP_GT);
    case VFP_CMGT:  return cmp_mask(f, fpu_compare(f, n, m, true, st) == FP_CMP_GT);
    case VFP_ACGE:  c = fpu_compare(f, n & ~sb, m & ~sb, true, st);
                    return cmp_mask(f, c == FP_CMP_EQ || c == FP_CMP_GT);
    case VFP_ACGT:  return cmp_mask(f, fpu_compare(f, n & ~sb, m & ~sb, true, st) == FP_CMP_GT);
    case VFP_ABS:   return n & ~sb;
    case VFP_NEG:   return n ^ sb;
    case VFP_SQRT:  return fpu_sqrt(f, n, st);
    case VFP_RINT:  return fpu_round_to_int(f, n, x < 5 ? rint_rm[x] : st->rm, x == 6, st);
    case VFP_TOINT_S:
    case VFP_TOINT_U:
        return fpu_to_int(f, n, f->width, op == VFP_TOINT_S, 0, x == 7 ? st->rm : x, st);
    case VFP_TOFIX_S:
    case VFP_TOFIX_U:
        return fpu_to_int(f, n, f->width, op == VFP_TOFIX_S, (int)m, FP_RM_TZ, st);
    case VFP_FIXCVT_S:
    case VFP_FIXCVT_U:
        return fpu_from_int(f, n, f->width, op == VFP_FIXCVT_S, (int)m, st);
    case VFP_CVTF_S: return fpu_from_int(f, n, f->width, true, 0, st);
    case VFP_CVTF_U: return fpu_from_int(f, n, f->width, false, 0, st);
    case VFP_RECPE:  return recpe(f, n, st);
    case VFP_RSQRTE: return rsqrte(f, n, st);
    case VFP_RECPX:  return recpx(f, n, st);
    case VFP_RINT_N: return a64_frint_n(f, n, x & 2 ? 64 : 32, x & 1 ? st->rm : FP_RM_TZ, st);
    case VFP_URECPE:            /* unsigned fixed point 0.32: the same 9-bit estimates */
        return n >> 31 ? (uint64_t)recip_estimate((int)(n >> 23) & 511) << 23 : 0xffffffffu;
    case VFP_URSQRTE:
        return n >> 30 ? (uint64_t)rsqrt_estimate((int)(n >> 23) & 511) << 23 : 0xffffffffu;
    case VFP_CMGT0: return cmp_mask(f, fpu_compare(f, n, 0, true, st) == FP_CMP_GT);
    case VFP_CMEQ0: return cmp_mask(f, fpu_compare(f, n, 0, false, st) == FP_CMP_EQ);
    case VFP_CMLT0: return cmp_mask(f, fpu_compare(f, n, 0, true, st) == FP_CMP_LT);
    case VFP_CMGE0: c = fpu_compare(f, n, 0, true, st);
                    return cmp_mask(f, c == FP_CMP_EQ || c == FP_CMP_GT);
    default:        c = fpu_compare(f, n, 0, true, st);                 /* CMLE0 */
                    return cmp_mask(f, c == FP_CMP_EQ || c == FP_CMP_LT);
    }
}

static uint64_t reduce(int op, const FpFmt *f, const Vec *n, int lo, int cnt, int esz,
                       FpStatus *st)
{
    if (cnt == 1)
        return lane(n, lo, esz);
    uint64_t a = reduce(op, f, n, lo, cnt / 2, esz, st);
    uint64_t b = reduce(op, f, n, lo + cnt / 2, cnt / 2, esz, st);
    return lane_op(op, f, a, b, 0, 0, false, st);
}

/* FCVTL (wide lanes from the low or, Q, high half), FCVTN/FCVTXN (narrow lanes into the
 * low half, the high half zeroed, or, Q, into the high half, the low half kept). */
static void convert_width(A64CPU *env, Vec *r, int op, int esz, bool q, bool scalar,
                          const Vec *n, FpStatus *st)
{
    const FpFmt *wide = esz == 3 ? &fpu_fmt_d : &fpu_fmt_s;
    const FpFmt *narrow = esz == 3 ? &fpu_fmt_s : &fpu_fmt_h;
    bool ahp = (env->fpcr & A64_FPCR_AHP) != 0;
    int lanes = scalar ? 1 : 16 >> esz;
    if (op == VFP_CVTL) {
        for (int i = 0; i < lanes; i++)
            set_lane(r, i, esz, a64_fcvt(wide, narrow, lane(n, i + (q ? lanes : 0), esz - 1),
                                         st, ahp));
        return;
    }
    int base = q ? lanes : 0;
    for (int i = 0; i < lanes; i++) {
        uint64_t w = lane(n, i, esz), v;
        if (op == VFP_CVTXN) {
            FpStatus odd = *st;
            odd.rm = FP_RM_ODD;
            v = fpu_convert(narrow, wide, w, &odd);
            st->flags = odd.flags;
        } else {
            v = a64_fcvt(narrow, wide, w, st, ahp);
        }
        set_lane(r, base + i, esz - 1, v);
    }
}

/* Every AdvSIMD FP operation: ctl is VFP_CTL(...). */
void helper_a64_vfp(CPUState *cs, uint64_t ctl)
{
    A64CPU *env = a64_cpu(cs);
    int op = VFP_FIELD(ctl, VFP_OP_SH, 6), kind = VFP_FIELD(ctl, VFP_KIND_SH, 3);
    int esz = VFP_FIELD(ctl, VFP_ESZ_SH, 2), x = VFP_FIELD(ctl, VFP_X_SH, 3);
    bool q = VFP_FIELD(ctl, VFP_Q_SH, 1), scalar = VFP_FIELD(ctl, VFP_SCALAR_SH, 1);
    int rd = VFP_FIELD(ctl, VFP_RD_SH, 5);
    const FpFmt *f = esz == 3 ? &fpu_fmt_d : &fpu_fmt_s;
    FpStatus st = a64_fp_status(env->fpcr);
    bool fast = a64_fp_fast(env->fpcr, env->fpsr);
    Vec n, m, d, r;
    memcpy(&n, env->v[VFP_FIELD(ctl, VFP_RN_SH, 5)], 16);
    memcpy(&m, env->v[VFP_FIELD(ctl, VFP_RM_SH, 5)], 16);
    memcpy(&d, env->v[rd], 16);
    memset(&r, 0, sizeof(r));
    int lanes = scalar ? 1 : (q ? 16 : 8) >> esz;
    if (op >= VFP_CVTL) {
        if (op != VFP_CVTL && q && !scalar)
            memcpy(&r, &d, 8);
        convert_width(env, &r, op, esz, q, scalar, &n, &st);
    } else if (kind == VFP_K_ACROSS) {
        set_lane(&r, 0, esz, reduce(op, f, &n, 0, lanes, esz, &st));
    } else if (kind == VFP_K_SPAIR) {
        set_lane(&r, 0, esz, lane_op(op, f, lane(&n, 0, esz), lane(&n, 1, esz), 0, x, fast, &st));
    } else if (kind == VFP_K_PAIR) {
        for (int i = 0; i < lanes; i++) {
            const Vec *s = i < lanes / 2 ? &n : &m;
            int j = (i % (lanes / 2)) * 2;
            set_lane(&r, i, esz, lane_op(op, f, lane(s, j, esz), lane(s, j + 1, esz), 0, x,
                                         fast, &st));
        }
    } else {
        int idx = VFP_FIELD(ctl, VFP_IDX_SH, 2);
        bool fix = op >= VFP_TOFIX_S && op <= VFP_FIXCVT_U;
        for (int i = 0; i < lanes; i++) {
            uint64_t mv = fix ? (uint64_t)(ctl >> VFP_FBITS_SH) & 127
                              : lane(&m, kind == VFP_K_ELEM ? idx : i, esz);
            set_lane(&r, i, esz, lane_op(op, f, lane(&n, i, esz), mv, lane(&d, i, esz), x,
                                         fast, &st));
        }
    }
    memcpy(env->v[rd], &r, 16);
    env->fpsr |= a64_fpsr_of_flags(st.flags);
}

IR_HELPER(a64_vfp, IR_HTYPE_VOID, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I64);
