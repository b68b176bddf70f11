/* F/D conversions, comparisons, min/max, classify, sign injection, moves, loads and stores:
 * saturation and flags of fcvt to integers in every rounding mode, exactness of the others,
 * quiet vs signalling comparisons, minimumNumber/maximumNumber, every fclass bit, NaN-boxing. */
#include "fp_check.h"

#define ALLRM(kind, op, want, flags, ...) do { \
        const uint64_t *w_ = want, *f_ = flags; \
        CHECKF(op " rne " #__VA_ARGS__, kind(op, ", rne", __VA_ARGS__), w_[0], f_[0]); \
        CHECKF(op " rtz " #__VA_ARGS__, kind(op, ", rtz", __VA_ARGS__), w_[1], f_[1]); \
        CHECKF(op " rdn " #__VA_ARGS__, kind(op, ", rdn", __VA_ARGS__), w_[2], f_[2]); \
        CHECKF(op " rup " #__VA_ARGS__, kind(op, ", rup", __VA_ARGS__), w_[3], f_[3]); \
        CHECKF(op " rmm " #__VA_ARGS__, kind(op, ", rmm", __VA_ARGS__), w_[4], f_[4]); \
        for (unsigned m_ = 0; m_ < 5; m_++) { \
            set_frm(m_); \
            CHECKF(op " dyn " #__VA_ARGS__, kind(op, ", dyn", __VA_ARGS__), w_[m_], f_[m_]); \
        } \
        set_frm(0); \
    } while (0)
#define V(...) ((const uint64_t[]){ __VA_ARGS__ })
#define NX5 V(NX, NX, NX, NX, NX)
#define NV5 V(NV, NV, NV, NV, NV)
#define Z5 V(0, 0, 0, 0, 0)
#define SAME5(x) V(x, x, x, x, x)
#define M(x) ((uint64_t)(int64_t)(x))

static void test_to_int(void)
{
    /* 2.5, -2.5, 0.5, -0.5, -1.5 */
    ALLRM(F_XF, "fcvt.w.s", V(2, 2, 2, 3, 3), NX5, BOX(0x40200000));
    ALLRM(F_XF, "fcvt.w.s", V(M(-2), M(-2), M(-3), M(-2), M(-3)), NX5, BOX(0xc0200000));
    ALLRM(F_XF, "fcvt.l.d", V(0, 0, 0, 1, 1), NX5, 0x3fe0000000000000ull);
    ALLRM(F_XF, "fcvt.l.d", V(M(-2), M(-1), M(-2), M(-1), M(-2)), NX5, 0xbff8000000000000ull);
    /* -0.5 to unsigned: rounds to 0 (valid, NX) unless the rounding goes to -1 (invalid) */
    ALLRM(F_XF, "fcvt.wu.s", V(0, 0, 0, 0, 0), V(NX, NX, NV, NX, NV), BOX(0xbf000000));
    ALLRM(F_XF, "fcvt.lu.d", V(0, 0, 0, 0, 0), V(NX, NX, NV, NX, NV), 0xbfe0000000000000ull);
    /* -0.0 and tiny negatives to unsigned */
    CHECKF("fcvt.wu.d -0", F_XF("fcvt.wu.d", ", rne", 0x8000000000000000ull), 0, 0);
    ALLRM(F_XF, "fcvt.lu.s", V(0, 0, 0, 0, 0), V(NX, NX, NV, NX, NX), BOX(0x80000001));
    /* NaN and infinities */
    ALLRM(F_XF, "fcvt.w.s", SAME5(0x7fffffff), NV5, BOX(0x7fc00000));
    ALLRM(F_XF, "fcvt.w.s", SAME5(0x7fffffff), NV5, BOX(0xffc00000));
    ALLRM(F_XF, "fcvt.wu.d", SAME5(M(-1)), NV5, 0x7ff0000000000001ull);
    ALLRM(F_XF, "fcvt.l.d", SAME5(0x7fffffffffffffffull), NV5, 0xfff8000000000000ull);
    ALLRM(F_XF, "fcvt.lu.s", SAME5(M(-1)), NV5, BOX(0x7fc00000));
    CHECKF("fcvt.w.d +inf", F_XF("fcvt.w.d", ", rne", 0x7ff0000000000000ull), 0x7fffffff, NV);
    CHECKF("fcvt.w.d -inf", F_XF("fcvt.w.d", ", rne", 0xfff0000000000000ull), M(INT32_MIN), NV);
    CHECKF("fcvt.wu.s +inf", F_XF("fcvt.wu.s", ", rne", BOX(0x7f800000)), M(-1), NV);
    CHECKF("fcvt.wu.s -inf", F_XF("fcvt.wu.s", ", rne", BOX(0xff800000)), 0, NV);
    CHECKF("fcvt.l.s -inf", F_XF("fcvt.l.s", ", rne", BOX(0xff800000)), 1ull << 63, NV);
    CHECKF("fcvt.lu.d +inf", F_XF("fcvt.lu.d", ", rne", 0x7ff0000000000000ull), M(-1), NV);
    CHECKF("fcvt.lu.d -inf", F_XF("fcvt.lu.d", ", rne", 0xfff0000000000000ull), 0, NV);
    /* bounds: 2^31 - 0.5 rounds to 2^31 (invalid) or stays; -2^31 - 0.5 likewise */
    ALLRM(F_XF, "fcvt.w.d", V(0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff),
          V(NV, NX, NX, NV, NV), 0x41dfffffffe00000ull);
    ALLRM(F_XF, "fcvt.w.d", V(M(INT32_MIN), M(INT32_MIN), M(INT32_MIN), M(INT32_MIN),
                              M(INT32_MIN)),
          V(NX, NX, NV, NX, NV), 0xc1e0000000100000ull);
    CHECKF("fcvt.w.d 2^31", F_XF("fcvt.w.d", ", rtz", 0x41e0000000000000ull), 0x7fffffff, NV);
    CHECKF("fcvt.w.d -2^31", F_XF("fcvt.w.d", ", rtz", 0xc1e0000000000000ull), M(INT32_MIN), 0);
    /* fcvt.wu: results sign-extend bit 31 into the 64-bit register */
    CHECKF("fcvt.wu.d 2^32-1", F_XF("fcvt.wu.d", ", rtz", 0x41efffffffe00000ull), M(-1), 0);
    CHECKF("fcvt.wu.d 2^31", F_XF("fcvt.wu.d", ", rtz", 0x41e0000000000000ull),
           0xffffffff80000000ull, 0);
    CHECKF("fcvt.wu.d 2^32", F_XF("fcvt.wu.d", ", rtz", 0x41f0000000000000ull), M(-1), NV);
    CHECKF("fcvt.wu.s 3e9", F_XF("fcvt.wu.s", ", rtz", BOX(0x4f32d05e)), 0xffffffffb2d05e00ull, 0);
    CHECKF("fcvt.l.d 2^63", F_XF("fcvt.l.d", ", rtz", 0x43e0000000000000ull),
           0x7fffffffffffffffull, NV);
    CHECKF("fcvt.l.d -2^63", F_XF("fcvt.l.d", ", rtz", 0xc3e0000000000000ull), 1ull << 63, 0);
    CHECKF("fcvt.lu.d 2^64-2048", F_XF("fcvt.lu.d", ", rtz", 0x43efffffffffffffull),
           0xfffffffffffff800ull, 0);
    CHECKF("fcvt.lu.d 2^64", F_XF("fcvt.lu.d", ", rtz", 0x43f0000000000000ull), M(-1), NV);
    CHECKF("fcvt.l.s 1e10", F_XF("fcvt.l.s", ", rne", BOX(0x501502f9)), 10000000000ull, 0);
    CHECKF("fcvt.w.s 1e10", F_XF("fcvt.w.s", ", rne", BOX(0x501502f9)), 0x7fffffff, NV);
    CHECKF("fcvt.w.s subnormal", F_XF("fcvt.w.s", ", rup", BOX(0x00000001)), 1, NX);
    /* an unboxed single is the canonical NaN */
    CHECKF("fcvt.w.s unboxed", F_XF("fcvt.w.s", ", rne", 0x000000003f800000ull), 0x7fffffff, NV);
}

static void test_from_int(void)
{
    /* 2^24 + 1 is a tie in single; 2^53 + 1 in double */
    ALLRM(F_FX, "fcvt.s.w", V(BOX(0x4b800000), BOX(0x4b800000), BOX(0x4b800000),
                              BOX(0x4b800001), BOX(0x4b800001)), NX5, 0x1000001);
    ALLRM(F_FX, "fcvt.s.w", V(BOX(0xcb800000), BOX(0xcb800000), BOX(0xcb800001),
                              BOX(0xcb800000), BOX(0xcb800001)), NX5, -0x1000001);
    ALLRM(F_FX, "fcvt.d.l", V(0x4340000000000000ull, 0x4340000000000000ull,
                              0x4340000000000000ull, 0x4340000000000001ull,
                              0x4340000000000001ull), NX5, 0x20000000000001ull);
    /* 2^64 - 1 as unsigned: rounds up to 2^64 except when truncating */
    ALLRM(F_FX, "fcvt.d.lu", V(0x43f0000000000000ull, 0x43efffffffffffffull,
                               0x43efffffffffffffull, 0x43f0000000000000ull,
                               0x43f0000000000000ull), NX5, M(-1));
    ALLRM(F_FX, "fcvt.s.lu", V(BOX(0x5f800000), BOX(0x5f7fffff), BOX(0x5f7fffff),
                               BOX(0x5f800000), BOX(0x5f800000)), NX5, M(-1));
    /* -1 as a 64-bit signed value, and as w (upper bits ignored) */
    CHECKF("fcvt.s.l -1", F_FX("fcvt.s.l", ", rne", M(-1)), BOX(0xbf800000), 0);
    CHECKF("fcvt.s.w ignores upper", F_FX("fcvt.s.w", ", rne", 0x12345678fffffffeull),
           BOX(0xc0000000), 0);
    CHECKF("fcvt.s.wu ignores upper", F_FX("fcvt.s.wu", ", rtz", 0xabcdef00ffffffffull),
           BOX(0x4f7fffff), NX);
    CHECKF("fcvt.d.w min", F_FX("fcvt.d.w", "", 0x80000000ull), 0xc1e0000000000000ull, 0);
    CHECKF("fcvt.d.wu max", F_FX("fcvt.d.wu", "", 0xffffffffull), 0x41efffffffe00000ull, 0);
    CHECKF("fcvt.d.l 0", F_FX("fcvt.d.l", ", rdn", 0), 0, 0);
    CHECKF("fcvt.s.l min", F_FX("fcvt.s.l", ", rne", 1ull << 63), BOX(0xdf000000), 0);
}

static void test_float_float(void)
{
    /* double 1 + 2^-24 to single: a tie */
    ALLRM(F_FF, "fcvt.s.d", V(BOX(0x3f800000), BOX(0x3f800000), BOX(0x3f800000),
                              BOX(0x3f800001), BOX(0x3f800001)), NX5, 0x3ff0000010000000ull);
    /* overflow and underflow */
    ALLRM(F_FF, "fcvt.s.d", V(BOX(0x7f800000), BOX(0x7f7fffff), BOX(0x7f7fffff),
                              BOX(0x7f800000), BOX(0x7f800000)),
          V(OF | NX, OF | NX, OF | NX, OF | NX, OF | NX), 0x47f0000000000000ull);
    ALLRM(F_FF, "fcvt.s.d", V(BOX(0x80000000), BOX(0x80000000), BOX(0x80000001),
                              BOX(0x80000000), BOX(0x80000001)),
          V(UF | NX, UF | NX, UF | NX, UF | NX, UF | NX), 0xb690000000000000ull);
    CHECKF("fcvt.s.d subnormal exact", F_FF("fcvt.s.d", ", rne", 0x36a0000000000000ull),
           BOX(1), 0);
    CHECKF("fcvt.s.d snan", F_FF("fcvt.s.d", ", rne", 0x7ff0000000000001ull), CANON_S, NV);
    CHECKF("fcvt.s.d -qnan", F_FF("fcvt.s.d", ", rne", 0xfff8000000000001ull), CANON_S, 0);
    CHECKF("fcvt.s.d -inf", F_FF("fcvt.s.d", ", rne", 0xfff0000000000000ull),
           BOX(0xff800000), 0);
    CHECKF("fcvt.d.s subnormal", F_FF("fcvt.d.s", "", BOX(1)), 0x36a0000000000000ull, 0);
    CHECKF("fcvt.d.s -0", F_FF("fcvt.d.s", "", BOX(0x80000000)), 0x8000000000000000ull, 0);
    CHECKF("fcvt.d.s snan", F_FF("fcvt.d.s", "", BOX(0x7f800001)), CANON_D, NV);
    CHECKF("fcvt.d.s qnan payload", F_FF("fcvt.d.s", "", BOX(0xffc12345)), CANON_D, 0);
    CHECKF("fcvt.d.s unboxed", F_FF("fcvt.d.s", "", 0x3ff0000000000000ull), CANON_D, 0);
    CHECKF("fcvt.d.s max", F_FF("fcvt.d.s", "", BOX(0x7f7fffff)), 0x47efffffe0000000ull, 0);
}

static void test_compare(void)
{
    const uint64_t q = BOX(0x7fc00000), s = BOX(0x7f800001), one = BOX(0x3f800000);
    CHECKF("feq.s 1,1", F_XFF("feq.s", one, one), 1, 0);
    CHECKF("feq.s -0,+0", F_XFF("feq.s", BOX(0x80000000), BOX(0)), 1, 0);
    CHECKF("feq.s qnan", F_XFF("feq.s", q, one), 0, 0);
    CHECKF("feq.s qnan,qnan", F_XFF("feq.s", q, q), 0, 0);
    CHECKF("feq.s snan", F_XFF("feq.s", one, s), 0, NV);
    CHECKF("flt.s qnan", F_XFF("flt.s", q, one), 0, NV);
    CHECKF("fle.s qnan", F_XFF("fle.s", one, q), 0, NV);
    CHECKF("flt.s snan", F_XFF("flt.s", s, one), 0, NV);
    CHECKF("flt.s -0,+0", F_XFF("flt.s", BOX(0x80000000), BOX(0)), 0, 0);
    CHECKF("fle.s -0,+0", F_XFF("fle.s", BOX(0x80000000), BOX(0)), 1, 0);
    CHECKF("flt.s -inf,-max", F_XFF("flt.s", BOX(0xff800000), BOX(0xff7fffff)), 1, 0);
    CHECKF("flt.s -1,-2", F_XFF("flt.s", BOX(0xbf800000), BOX(0xc0000000)), 0, 0);
    CHECKF("fle.s -2,-1", F_XFF("fle.s", BOX(0xc0000000), BOX(0xbf800000)), 1, 0);
    CHECKF("feq.s unboxed", F_XFF("feq.s", 0x3f800000ull, 0x3f800000ull), 0, 0);
    CHECKF("flt.s unboxed", F_XFF("flt.s", 0x3f800000ull, one), 0, NV);
    CHECKF("feq.d", F_XFF("feq.d", 0x3ff0000000000000ull, 0x3ff0000000000000ull), 1, 0);
    CHECKF("feq.d snan", F_XFF("feq.d", 0x7ff4000000000000ull, 0), 0, NV);
    CHECKF("flt.d sub", F_XFF("flt.d", 0x8000000000000001ull, 0), 1, 0);
    CHECKF("fle.d qnan", F_XFF("fle.d", 0x7ff8000000000000ull, 0x7ff8000000000000ull), 0, NV);
    CHECKF("flt.d 1,inf", F_XFF("flt.d", 0x3ff0000000000000ull, 0x7ff0000000000000ull), 1, 0);
}

static void test_minmax(void)
{
    const uint64_t q = BOX(0x7fc01234), s = BOX(0x7f800001), one = BOX(0x3f800000);
    CHECKF("fmin.s 1,qnan", F_FFF("fmin.s", "", one, q), one, 0);
    CHECKF("fmax.s qnan,1", F_FFF("fmax.s", "", q, one), one, 0);
    CHECKF("fmin.s snan,1", F_FFF("fmin.s", "", s, one), one, NV);
    CHECKF("fmax.s 1,snan", F_FFF("fmax.s", "", one, s), one, NV);
    CHECKF("fmin.s qnan,qnan", F_FFF("fmin.s", "", q, q), CANON_S, 0);
    CHECKF("fmax.s snan,qnan", F_FFF("fmax.s", "", s, q), CANON_S, NV);
    CHECKF("fmin.s -0,+0", F_FFF("fmin.s", "", BOX(0), BOX(0x80000000)), BOX(0x80000000), 0);
    CHECKF("fmax.s -0,+0", F_FFF("fmax.s", "", BOX(0x80000000), BOX(0)), BOX(0), 0);
    CHECKF("fmin.s -1,-inf", F_FFF("fmin.s", "", BOX(0xbf800000), BOX(0xff800000)),
           BOX(0xff800000), 0);
    CHECKF("fmax.s 1,2", F_FFF("fmax.s", "", one, BOX(0x40000000)), BOX(0x40000000), 0);
    CHECKF("fmin.s unboxed,1", F_FFF("fmin.s", "", 0x40000000ull, one), one, 0);
    CHECKF("fmin.d -0,+0", F_FFF("fmin.d", "", 0, 0x8000000000000000ull),
           0x8000000000000000ull, 0);
    CHECKF("fmax.d +0,-0", F_FFF("fmax.d", "", 0, 0x8000000000000000ull), 0, 0);
    CHECKF("fmax.d snan,snan", F_FFF("fmax.d", "", 0x7ff0000000000001ull,
                                     0xfff0000000000001ull), CANON_D, NV);
    CHECKF("fmin.d qnan,-3", F_FFF("fmin.d", "", 0xfff8000000000000ull, 0xc008000000000000ull),
           0xc008000000000000ull, 0);
    CHECKF("fmax.d sub,-sub", F_FFF("fmax.d", "", 0x8000000000000001ull, 1), 1, 0);
}

static void test_class(void)
{
    static const struct { uint64_t v, cls; } s[] = {
        { BOX(0xff800000), 1 << 0 }, { BOX(0xbf800000), 1 << 1 }, { BOX(0x807fffff), 1 << 2 },
        { BOX(0x80000000), 1 << 3 }, { BOX(0x00000000), 1 << 4 }, { BOX(0x00000001), 1 << 5 },
        { BOX(0x00800000), 1 << 6 }, { BOX(0x7f800000), 1 << 7 }, { BOX(0x7f800001), 1 << 8 },
        { BOX(0xffbfffff), 1 << 8 }, { BOX(0x7fc00000), 1 << 9 }, { BOX(0xffffffff), 1 << 9 },
        { 0x000000007f800000ull, 1 << 9 },     /* not boxed: canonical NaN */
    };
    static const struct { uint64_t v, cls; } d[] = {
        { 0xfff0000000000000ull, 1 << 0 }, { 0xc000000000000000ull, 1 << 1 },
        { 0x800fffffffffffffull, 1 << 2 }, { 0x8000000000000000ull, 1 << 3 },
        { 0, 1 << 4 }, { 1, 1 << 5 }, { 0x7fefffffffffffffull, 1 << 6 },
        { 0x7ff0000000000000ull, 1 << 7 }, { 0x7ff0000000000001ull, 1 << 8 },
        { 0x7ff8000000000000ull, 1 << 9 }, { 0xfff7ffffffffffffull, 1 << 8 },
    };
    for (unsigned i = 0; i < sizeof(s) / sizeof(s[0]); i++)
        CHECKF("fclass.s", F_XF("fclass.s", "", s[i].v), s[i].cls, 0);
    for (unsigned i = 0; i < sizeof(d) / sizeof(d[0]); i++)
        CHECKF("fclass.d", F_XF("fclass.d", "", d[i].v), d[i].cls, 0);
}

static void test_sgnj_moves(void)
{
    const uint64_t one = BOX(0x3f800000), m2 = BOX(0xc0000000);
    CHECKF("fsgnj.s", F_FFF("fsgnj.s", "", one, m2), BOX(0xbf800000), 0);
    CHECKF("fsgnjn.s", F_FFF("fsgnjn.s", "", one, m2), one, 0);
    CHECKF("fsgnjx.s", F_FFF("fsgnjx.s", "", m2, m2), BOX(0x40000000), 0);
    /* sign injection keeps NaN payloads (even signalling ones) and raises nothing */
    CHECKF("fsgnjn.s snan", F_FFF("fsgnjn.s", "", BOX(0x7f800001), one), BOX(0xff800001), 0);
    CHECKF("fsgnj.d", F_FFF("fsgnj.d", "", 0x7ff0000000000001ull, 0x8000000000000000ull),
           0xfff0000000000001ull, 0);
    CHECKF("fsgnjx.d", F_FFF("fsgnjx.d", "", 0xbff0000000000000ull, 0xc000000000000000ull),
           0x3ff0000000000000ull, 0);
    CHECKF("fsgnjn.d", F_FFF("fsgnjn.d", "", 0x3ff0000000000000ull, 0x3ff0000000000000ull),
           0xbff0000000000000ull, 0);
    /* single sign injection on an unboxed operand sees the canonical NaN */
    CHECKF("fsgnj.s unboxed", F_FFF("fsgnj.s", "", 0x123456783f800000ull, one), CANON_S, 0);
    CHECKF("fsgnjn.s unboxed sign", F_FFF("fsgnjn.s", "", one, 0x3f800000ull),
           BOX(0xbf800000), 0);
    CHECKF("fsgnjx.s unboxed", F_FFF("fsgnjx.s", "", 0x3f800000ull, m2), BOX(0xffc00000), 0);
    /* moves: fmv.w.x boxes, fmv.x.w sign-extends the low half whatever the upper half */
    CHECKF("fmv.w.x boxes", F_FX("fmv.w.x", "", 0x1234567880000001ull), BOX(0x80000001), 0);
    CHECKF("fmv.x.w sign", F_XF("fmv.x.w", "", BOX(0x80000001)), 0xffffffff80000001ull, 0);
    CHECKF("fmv.x.w unboxed", F_XF("fmv.x.w", "", 0x000000007fc00001ull), 0x7fc00001ull, 0);
    CHECKF("fmv.x.d", F_XF("fmv.x.d", "", 0x7ff0000000000001ull), 0x7ff0000000000001ull, 0);
    CHECKF("fmv.d.x", F_FX("fmv.d.x", "", 0xfff0000000000001ull), 0xfff0000000000001ull, 0);
}

static void test_load_store(void)
{
    uint32_t w[2] = { 0x7f800001, 0xdeadbeef };
    uint64_t dw = 0x7ff0000000000001ull, r, r2;
    double f;
    __asm__ volatile("flw %1, 0(%2)\n\tfmv.x.d %0, %1" : "=r"(r), "=&f"(f) : "r"(w) : "memory");
    CHECK("flw boxes an sNaN unchanged", r, BOX(0x7f800001));
    __asm__ volatile("flw %1, 4(%2)\n\tfmv.x.d %0, %1" : "=r"(r), "=&f"(f) : "r"(w) : "memory");
    CHECK("flw offset", r, BOX(0xdeadbeef));
    __asm__ volatile("fld %1, 0(%2)\n\tfmv.x.d %0, %1" : "=r"(r), "=&f"(f) : "r"(&dw) : "memory");
    CHECK("fld", r, 0x7ff0000000000001ull);
    /* fsw stores the low 32 bits even when the register is not a valid box */
    __asm__ volatile("fmv.d.x %1, %2\n\tfsw %1, 0(%3)"
                     : "=m"(w[0]), "=&f"(f) : "r"(0x0123456789abcdefull), "r"(w) : "memory");
    CHECK("fsw low bits", w[0], 0x89abcdef);
    CHECK("fsw leaves next word", w[1], 0xdeadbeef);
    __asm__ volatile("fmv.d.x %1, %2\n\tfsd %1, 0(%3)"
                     : "=m"(dw), "=&f"(f) : "r"(0xfff0000000000002ull), "r"(&dw) : "memory");
    CHECK("fsd", dw, 0xfff0000000000002ull);
    /* compressed forms: c.fld/c.fsd (x8-x15, f8-f15) and c.fldsp/c.fsdsp */
    uint64_t buf[2] = { 0x400921fb54442d18ull, 0 };
    register uint64_t *p __asm__("s0") = buf;
    __asm__ volatile(".option push\n\t.option rvc\n\t"
                     "c.fld fs1, 0(%[p])\n\tc.fsd fs1, 8(%[p])\n\t.option pop\n\t"
                     "fmv.x.d %[r], fs1"
                     : [r] "=r"(r) : [p] "r"(p) : "fs1", "memory");
    CHECK("c.fld", r, 0x400921fb54442d18ull);
    CHECK("c.fsd", buf[1], 0x400921fb54442d18ull);
    __asm__ volatile(".option push\n\t.option rvc\n\t"
                     "addi sp, sp, -16\n\tsd %[v], 8(sp)\n\t"
                     "c.fldsp ft0, 8(sp)\n\tc.fsdsp ft0, 0(sp)\n\tld %[r2], 0(sp)\n\t"
                     "addi sp, sp, 16\n\t.option pop\n\tfmv.x.d %[r], ft0"
                     : [r] "=r"(r), [r2] "=&r"(r2) : [v] "r"(0x1122334455667788ull)
                     : "ft0", "memory");
    CHECK("c.fldsp", r, 0x1122334455667788ull);
    CHECK("c.fsdsp", r2, 0x1122334455667788ull);
}

int main(void)
{
    test_to_int();
    test_from_int();
    test_float_float();
    test_compare();
    test_minmax();
    test_class();
    test_sgnj_moves();
    test_load_store();
    return DONE();
}
