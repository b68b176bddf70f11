/* Unit test of the riscv64 F/D helpers: literal corner cases, and the host-FPU path against
 * the exact soft core on random operands in every rounding mode. */
#include <fenv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "target/riscv64/fpu.h"

static int failures;
static RVCPU cpu;
static CPUState *cs = &cpu.cs;

/* Evaluates `got` first (it may set fl through RUN), then compares. */
#define CHECK(name, got, want, gotf, wantf) do { \
        uint64_t got_ = (uint64_t)(got); \
        check(name, __LINE__, got_, (uint64_t)(want), (gotf), (wantf)); \
    } while (0)

static void check(const char *name, int line, uint64_t got, uint64_t want, uint32_t gotf,
                  uint32_t wantf)
{
    if (got == want && gotf == wantf)
        return;
    failures++;
    if (failures <= 40)
        printf("FAIL line %d %s: got %016llx flags %02x, want %016llx flags %02x\n", line,
               name, (unsigned long long)got, gotf, (unsigned long long)want, wantf);
}

/* Run one helper call with cleared flags; returns its flags in *fl. */
#define RUN(fl, call) (cpu.fflags = 0, __extension__({ uint64_t r_ = (call); \
                      *(fl) = cpu.fflags; r_; }))

enum { NX = RV_FFLAG_NX, UF = RV_FFLAG_UF, OF = RV_FFLAG_OF, DZ = RV_FFLAG_DZ,
       NV = RV_FFLAG_NV };
#define B(x) (0xffffffff00000000ull | (x))      /* NaN-boxed single */

static void test_rmm_ties(void)
{
    uint32_t fl = 0;
    /* 1 + 2^-24 is a tie between 1 and 1+2^-23: RNE keeps 1 (even), RMM goes away. */
    CHECK("fadd.s rne tie", RUN(&fl, helper_fadd_s(cs, B(0x3f800000), B(0x33800000), 0)),
          B(0x3f800000), fl, NX);
    CHECK("fadd.s rmm tie", RUN(&fl, helper_fadd_s(cs, B(0x3f800000), B(0x33800000), 4)),
          B(0x3f800001), fl, NX);
    CHECK("fadd.s rmm -tie", RUN(&fl, helper_fadd_s(cs, B(0xbf800000), B(0xb3800000), 4)),
          B(0xbf800001), fl, NX);
    /* odd neighbour: RNE and RMM agree (away) */
    CHECK("fadd.s rmm tie odd", RUN(&fl, helper_fadd_s(cs, B(0x3f800001), B(0x33800000), 4)),
          B(0x3f800002), fl, NX);
    /* 1 + 2^-53 in double */
    CHECK("fadd.d rmm tie", RUN(&fl, helper_fadd_d(cs, 0x3ff0000000000000ull,
                                                   0x3ca0000000000000ull, 4)),
          0x3ff0000000000001ull, fl, NX);
    CHECK("fadd.d rne tie", RUN(&fl, helper_fadd_d(cs, 0x3ff0000000000000ull,
                                                   0x3ca0000000000000ull, 0)),
          0x3ff0000000000000ull, fl, NX);
    /* below the tie: RMM rounds down like RNE */
    CHECK("fadd.d rmm below", RUN(&fl, helper_fadd_d(cs, 0x3ff0000000000000ull,
                                                     0x3c9fffffffffffffull, 4)),
          0x3ff0000000000000ull, fl, NX);
    /* mul: (1+2^-12)^2 = 1 + 2^-11 + 2^-24: tie in single */
    CHECK("fmul.s rmm tie", RUN(&fl, helper_fmul_s(cs, B(0x3f800800), B(0x3f800800), 4)),
          B(0x3f801001), fl, NX);
    CHECK("fmul.s rne tie", RUN(&fl, helper_fmul_s(cs, B(0x3f800800), B(0x3f800800), 0)),
          B(0x3f801000), fl, NX);
    /* div into subnormals: 3*2^-149 / 2 = 1.5*2^-149, tie between 1 and 2 ulps */
    CHECK("fdiv.s rmm subnormal tie", RUN(&fl, helper_fdiv_s(cs, B(3), B(0x40000000), 4)),
          B(2), fl, NX | UF);
    CHECK("fdiv.s rne subnormal tie", RUN(&fl, helper_fdiv_s(cs, B(3), B(0x40000000), 0)),
          B(2), fl, NX | UF);
    CHECK("fdiv.s rmm subnormal tie2", RUN(&fl, helper_fdiv_s(cs, B(5), B(0x40000000), 4)),
          B(3), fl, NX | UF);
    CHECK("fdiv.s rne subnormal tie2", RUN(&fl, helper_fdiv_s(cs, B(5), B(0x40000000), 0)),
          B(2), fl, NX | UF);
    /* fma: 1*1 + 2^-24 */
    CHECK("fmadd.s rmm tie", RUN(&fl, helper_fmadd_s(cs, B(0x3f800000), B(0x3f800000),
                                                     B(0x33800000), 4)),
          B(0x3f800001), fl, NX);
    /* RMM overflow goes to infinity */
    CHECK("fmul.d rmm overflow", RUN(&fl, helper_fmul_d(cs, 0x7fe0000000000000ull,
                                                        0x4000000000000000ull, 4)),
          0x7ff0000000000000ull, fl, OF | NX);
    /* exact result under RMM: no flags */
    CHECK("fadd.s rmm exact", RUN(&fl, helper_fadd_s(cs, B(0x3f800000), B(0x3f800000), 4)),
          B(0x40000000), fl, 0);
    /* conversions: 2.5 -> 3 (RMM), 2 (RNE); -2.5 -> -3 (RMM) */
    CHECK("fcvt.w.s rmm 2.5", RUN(&fl, helper_fcvt_to_int_s(cs, B(0x40200000), 4)), 3, fl, NX);
    CHECK("fcvt.w.s rne 2.5", RUN(&fl, helper_fcvt_to_int_s(cs, B(0x40200000), 0)), 2, fl, NX);
    CHECK("fcvt.w.s rmm -2.5", RUN(&fl, helper_fcvt_to_int_s(cs, B(0xc0200000), 4)),
          (uint64_t)-3, fl, NX);
    /* 2^24 + 1 -> single: tie; RNE 2^24, RMM 2^24 + 2 */
    CHECK("fcvt.s.w rmm", RUN(&fl, helper_fcvt_from_int_s(cs, 0x1000001, 4)),
          B(0x4b800001), fl, NX);
    CHECK("fcvt.s.w rne", RUN(&fl, helper_fcvt_from_int_s(cs, 0x1000001, 0)),
          B(0x4b800000), fl, NX);
    /* double 1 + 2^-24 -> single: tie */
    CHECK("fcvt.s.d rmm", RUN(&fl, helper_fcvt_s_d(cs, 0x3ff0000010000000ull, 4)),
          B(0x3f800001), fl, NX);
    CHECK("fcvt.s.d rne", RUN(&fl, helper_fcvt_s_d(cs, 0x3ff0000010000000ull, 0)),
          B(0x3f800000), fl, NX);
}

/* Run one helper call with NX already accrued: the nearest-even fast path applies. */
#define RUN_NX(fl, call) (cpu.fflags = NX, __extension__({ uint64_t r_ = (call); \
                         *(fl) = cpu.fflags; r_; }))

/* The fast path (NX accrued, nearest-even, normal result) against known results, and its
 * fall-back to the full path when the result is not normal. */
static void test_fast_path(void)
{
    uint32_t fl;
    cpu.frm = RV_RM_RNE;
    CHECK("fast fadd.s", RUN_NX(&fl, helper_fadd_s(cs, B(0x3fc00000), B(0x40100000), 0)),
          B(0x40700000), fl, NX);
    CHECK("fast fadd.s dyn", RUN_NX(&fl, helper_fadd_s(cs, B(0x3fc00000), B(0x40100000), 7)),
          B(0x40700000), fl, NX);
    CHECK("fast fsub.d", RUN_NX(&fl, helper_fsub_d(cs, 0x4014000000000000ull,
          0x3ff8000000000000ull, 0)), 0x400c000000000000ull, fl, NX);
    CHECK("fast fmul.s", RUN_NX(&fl, helper_fmul_s(cs, B(0x3fc00000), B(0x40000000), 0)),
          B(0x40400000), fl, NX);
    CHECK("fast fdiv.d", RUN_NX(&fl, helper_fdiv_d(cs, 0x3ff0000000000000ull,
          0x4008000000000000ull, 0)), 0x3fd5555555555555ull, fl, NX);
    CHECK("fast fsqrt.s", RUN_NX(&fl, helper_fsqrt_s(cs, B(0x40100000), 0)), B(0x3fc00000),
          fl, NX);
    CHECK("fast fmadd.s", RUN_NX(&fl, helper_fmadd_s(cs, B(0x3fc00000), B(0x40000000),
          B(0x3e800000), 0)), B(0x40500000), fl, NX);
    CHECK("fast fmsub.s", RUN_NX(&fl, helper_fmadd_s(cs, B(0x3fc00000), B(0x40000000),
          B(0x3e800000), FP_FMA_NEG_ADDEND)), B(0x40300000), fl, NX);
    CHECK("fast fmadd.d", RUN_NX(&fl, helper_fmadd_d(cs, 0x3ff8000000000000ull,
          0x4000000000000000ull, 0x3fd0000000000000ull, 0)), 0x400a000000000000ull, fl, NX);
    CHECK("fast path falls back on a tiny result",
          RUN_NX(&fl, helper_fmul_s(cs, B(0x3f400000), B(0x00800001), 0)), B(0x00600001), fl,
          NX | UF);
    /* tiny before subnormal rounding, delivered as the smallest normal: UF all the same */
    CHECK("fast path and a tiny result rounded to 2^-126",
          RUN_NX(&fl, helper_fmul_s(cs, B(0x3f7ff4ae), B(0x008005a9), 0)), B(0x00800000), fl,
          NX | UF);
    CHECK("fast path and a tiny result rounded to 2^-1022", RUN_NX(&fl, helper_fmul_d(cs,
          0x3fefffffffffffffull, 0x0010000000000000ull, 0)), 0x0010000000000000ull, fl, NX | UF);
    CHECK("fast path falls back on overflow", RUN_NX(&fl, helper_fmul_d(cs,
          0x7fe0000000000000ull, 0x4000000000000000ull, 0)), 0x7ff0000000000000ull, fl,
          NX | OF);
}

static void test_tininess(void)
{
    uint32_t fl = 0;
    /* 0x3f7ffffe * 0x00800001 = (1 - 2^-46) 2^-126: rounded to 24 bits with an unbounded
     * exponent it is 2^-126, so it is not tiny after rounding: NX without UF. */
    CHECK("fmul.s not tiny", RUN(&fl, helper_fmul_s(cs, B(0x3f7ffffe), B(0x00800001), 0)),
          B(0x00800000), fl, NX);
    CHECK("fmul.s not tiny rmm", RUN(&fl, helper_fmul_s(cs, B(0x3f7ffffe), B(0x00800001), 4)),
          B(0x00800000), fl, NX);
    /* RTZ: stays below 2^-126: tiny and inexact. */
    CHECK("fmul.s rtz tiny", RUN(&fl, helper_fmul_s(cs, B(0x3f7ffffe), B(0x00800001), 1)),
          B(0x007fffff), fl, NX | UF);
    /* 0x3f7ff4ae * 0x008005a9 is in ((1-2^-24), (1-2^-25)) 2^-126: tiny even after
     * rounding to 24 bits, yet the subnormal rounding lands on 2^-126: UF and a normal. */
    CHECK("fmul.s tiny rounds to normal",
          RUN(&fl, helper_fmul_s(cs, B(0x3f7ff4ae), B(0x008005a9), 0)), B(0x00800000), fl,
          NX | UF);
    CHECK("fmul.s tiny rounds to normal rmm",
          RUN(&fl, helper_fmul_s(cs, B(0x3f7ff4ae), B(0x008005a9), 4)), B(0x00800000), fl,
          NX | UF);
    /* (1 - 2^-24) 2^-126 is exact at 24 bits (tiny) and a subnormal tie. */
    CHECK("fmul.s tie to min normal",
          RUN(&fl, helper_fmul_s(cs, B(0x3f7fffff), B(0x00800000), 0)), B(0x00800000), fl,
          NX | UF);
    /* exact subnormal results: no UF */
    CHECK("fmul.s exact subnormal", RUN(&fl, helper_fmul_s(cs, B(0x3f000000), B(0x00800000), 0)),
          B(0x00400000), fl, 0);
    CHECK("fmul.s exact subnormal 2",
          RUN(&fl, helper_fmul_s(cs, B(0x3f7ffffe), B(0x00800000), 0)), B(0x007fffff), fl, 0);
    /* double: (1 - 2^-53) 2^-1022: tiny; RMM/RUP round to 2^-1022, RDN to the subnormal */
    CHECK("fmul.d rmm min normal",
          RUN(&fl, helper_fmul_d(cs, 0x3fefffffffffffffull, 0x0010000000000000ull, 4)),
          0x0010000000000000ull, fl, NX | UF);
    CHECK("fmul.d rup", RUN(&fl, helper_fmul_d(cs, 0x3fefffffffffffffull,
                                               0x0010000000000000ull, 3)),
          0x0010000000000000ull, fl, NX | UF);
    CHECK("fmul.d rdn", RUN(&fl, helper_fmul_d(cs, 0x3fefffffffffffffull,
                                               0x0010000000000000ull, 2)),
          0x000fffffffffffffull, fl, NX | UF);
    /* (1 - 2^-52)(1 + 2^-52) = 1 - 2^-104: not tiny after rounding */
    CHECK("fmul.d not tiny", RUN(&fl, helper_fmul_d(cs, 0x3feffffffffffffeull,
                                                    0x0010000000000001ull, 0)),
          0x0010000000000000ull, fl, NX);
}

static void test_corners(void)
{
    uint32_t fl = 0;
    CHECK("fdiv.s by zero", RUN(&fl, helper_fdiv_s(cs, B(0x3f800000), B(0), 0)),
          B(0x7f800000), fl, DZ);
    CHECK("fdiv.d 0/0", RUN(&fl, helper_fdiv_d(cs, 0, 0, 0)), FP_CANON_D, fl, NV);
    CHECK("fsqrt.s -1", RUN(&fl, helper_fsqrt_s(cs, B(0xbf800000), 0)), B(FP_CANON_S), fl, NV);
    CHECK("fsqrt.d -0", RUN(&fl, helper_fsqrt_d(cs, 0x8000000000000000ull, 0)),
          0x8000000000000000ull, fl, 0);
    CHECK("fmadd.s inf*0+qnan", RUN(&fl, helper_fmadd_s(cs, B(0x7f800000), B(0),
                                                        B(0x7fc00001), 0)),
          B(FP_CANON_S), fl, NV);
    CHECK("fmadd.d inf*0+qnan", RUN(&fl, helper_fmadd_d(cs, 0, 0xfff0000000000000ull,
                                                        0x7ff8000000000001ull, 4)),
          FP_CANON_D, fl, NV);
    CHECK("fadd.s bad box", RUN(&fl, helper_fadd_s(cs, 0x3f800000, B(0x3f800000), 0)),
          B(FP_CANON_S), fl, 0);
    CHECK("fadd.s qnan payload", RUN(&fl, helper_fadd_s(cs, B(0x7fc12345), B(0x3f800000), 0)),
          B(FP_CANON_S), fl, 0);
    CHECK("fmul.s snan", RUN(&fl, helper_fmul_s(cs, B(0x7f800001), B(0x3f800000), 0)),
          B(FP_CANON_S), fl, NV);
    CHECK("fmin.s snan,1", RUN(&fl, helper_fmin_s(cs, B(0x7f800001), B(0x3f800000))),
          B(0x3f800000), fl, NV);
    CHECK("fmax.s qnan,qnan", RUN(&fl, helper_fmax_s(cs, B(0x7fc00001), B(0xffc00000))),
          B(FP_CANON_S), fl, 0);
    CHECK("fmin.d -0,+0", RUN(&fl, helper_fmin_d(cs, 0, 0x8000000000000000ull)),
          0x8000000000000000ull, fl, 0);
    CHECK("fmax.d -0,+0", RUN(&fl, helper_fmax_d(cs, 0x8000000000000000ull, 0)), 0, fl, 0);
    CHECK("fmax.d -1,-2", RUN(&fl, helper_fmax_d(cs, 0xbff0000000000000ull,
                                                 0xc000000000000000ull)),
          0xbff0000000000000ull, fl, 0);
    CHECK("feq.s qnan", RUN(&fl, helper_feq_s(cs, B(0x7fc00000), B(0x7fc00000))), 0, fl, 0);
    CHECK("feq.s snan", RUN(&fl, helper_feq_s(cs, B(0x7f800001), B(0))), 0, fl, NV);
    CHECK("flt.s qnan", RUN(&fl, helper_flt_s(cs, B(0x7fc00000), B(0))), 0, fl, NV);
    CHECK("fle.d -0,+0", RUN(&fl, helper_fle_d(cs, 0x8000000000000000ull, 0)), 1, fl, 0);
    CHECK("flt.d -0,+0", RUN(&fl, helper_flt_d(cs, 0x8000000000000000ull, 0)), 0, fl, 0);
    CHECK("feq.d -0,+0", RUN(&fl, helper_feq_d(cs, 0x8000000000000000ull, 0)), 1, fl, 0);
    CHECK("flt.d -2,-1", RUN(&fl, helper_flt_d(cs, 0xc000000000000000ull,
                                               0xbff0000000000000ull)), 1, fl, 0);
    CHECK("fclass.s bad box", helper_fclass_s(0x3f800000), 1u << 9, 0, 0);
    CHECK("fclass.d -sub", helper_fclass_d(0x8000000000000001ull), 1u << 2, 0, 0);
    CHECK("fclass.s +sub", helper_fclass_s(B(0x00000001)), 1u << 5, 0, 0);
    CHECK("fclass.s snan", helper_fclass_s(B(0x7f800001)), 1u << 8, 0, 0);
    /* conversions to integer */
    CHECK("fcvt.wu.s -0.5 rtz", RUN(&fl, helper_fcvt_to_int_s(cs, B(0xbf000000),
                                                              1 | FP_INT_WU << 3)), 0, fl, NX);
    CHECK("fcvt.wu.s -0.5 rdn", RUN(&fl, helper_fcvt_to_int_s(cs, B(0xbf000000),
                                                              2 | FP_INT_WU << 3)), 0, fl, NV);
    CHECK("fcvt.wu.s -0.5 rmm", RUN(&fl, helper_fcvt_to_int_s(cs, B(0xbf000000),
                                                              4 | FP_INT_WU << 3)), 0, fl, NV);
    CHECK("fcvt.w.d nan", RUN(&fl, helper_fcvt_to_int_d(cs, 0xfff8000000000000ull, 0)),
          0x7fffffff, fl, NV);
    CHECK("fcvt.wu.d 2^32-1", RUN(&fl, helper_fcvt_to_int_d(cs, 0x41efffffffe00000ull,
                                                            FP_INT_WU << 3)),
          ~0ull, fl, 0);
    CHECK("fcvt.wu.d 2^32", RUN(&fl, helper_fcvt_to_int_d(cs, 0x41f0000000000000ull,
                                                          FP_INT_WU << 3)), ~0ull, fl, NV);
    CHECK("fcvt.l.d -2^63", RUN(&fl, helper_fcvt_to_int_d(cs, 0xc3e0000000000000ull,
                                                          FP_INT_L << 3)),
          0x8000000000000000ull, fl, 0);
    CHECK("fcvt.l.d 2^63", RUN(&fl, helper_fcvt_to_int_d(cs, 0x43e0000000000000ull,
                                                         FP_INT_L << 3)),
          0x7fffffffffffffffull, fl, NV);
    CHECK("fcvt.lu.d -inf", RUN(&fl, helper_fcvt_to_int_d(cs, 0xfff0000000000000ull,
                                                          FP_INT_LU << 3)), 0, fl, NV);
    CHECK("fcvt.w.s -2^31-0.5 rup", RUN(&fl, helper_fcvt_to_int_d(cs, 0xc1e0000000100000ull,
                                                                  3 | FP_INT_W << 3)),
          0xffffffff80000000ull, fl, NX);
    CHECK("fcvt.d.lu max", RUN(&fl, helper_fcvt_from_int_d(cs, ~0ull, 1 | FP_INT_LU << 3)),
          0x43efffffffffffffull, fl, NX);
    CHECK("fcvt.s.d snan", RUN(&fl, helper_fcvt_s_d(cs, 0x7ff0000000000001ull, 0)),
          B(FP_CANON_S), fl, NV);
    CHECK("fcvt.d.s sub", RUN(&fl, helper_fcvt_d_s(cs, B(1), 0)), 0x36a0000000000000ull, fl, 0);
    CHECK("fcvt.s.d ovf rtz", RUN(&fl, helper_fcvt_s_d(cs, 0x47f0000000000000ull, 1)),
          B(0x7f7fffff), fl, OF | NX);
}

/* ---- random cross-check of the host path against the soft core ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Operands biased towards the edges: tiny, huge, specials, short significands. */
static uint64_t rnd_operand(const FpFmt *f, int base_exp)
{
    int ebits = f->width - f->p;
    uint64_t emax_b = ((uint64_t)1 << ebits) - 1;
    uint64_t frac = rnd() & (((uint64_t)1 << (f->p - 1)) - 1);
    switch (rnd() % 6) {
    case 0: frac &= ~(((uint64_t)1 << (rnd() % f->p)) - 1); break;      /* few bits */
    case 1: frac |= (((uint64_t)1 << (rnd() % f->p)) - 1); break;       /* trailing ones */
    default: break;
    }
    uint64_t e;
    switch (rnd() % 16) {
    case 0: e = 0; break;
    case 1: e = emax_b; frac = rnd() % 4 == 0 ? 0 : frac; break;
    case 2: e = rnd() % 4; break;
    case 3: e = emax_b - 1 - rnd() % 4; break;
    case 4: e = rnd() % emax_b; break;
    case 5: e = 0; frac = rnd() % 8; break;
    default: {
        long v = base_exp + (long)(rnd() % (f->p + 8)) - (f->p + 8) / 2;
        e = v < 0 ? 0 : v >= (long)emax_b ? emax_b - 1 : (uint64_t)v;
        break;
    }
    }
    uint64_t s = rnd() & 1 ? (uint64_t)1 << (f->width - 1) : 0;
    return s | e << (f->p - 1) | frac;
}

static uint64_t canon_if_nan(const FpFmt *f, uint64_t r)
{
    int c = fp_classify_bits(f, r);
    return (c == FPC_QNAN || c == FPC_SNAN) ? fp_canon(f) : r;
}

static void random_cross_check(const FpFmt *f, int iterations)
{
    bool sgl = f->width == 32;
    uint64_t sb = (uint64_t)1 << (f->width - 1);
    for (int i = 0; i < iterations; i++) {
        int be = (int)(rnd() % (((uint64_t)1 << (f->width - f->p)) - 1));
        if (rnd() % 4 == 0)
            be = (int)(rnd() % 8) + (f->p);         /* near the subnormal range */
        uint64_t a = rnd_operand(f, be), b = rnd_operand(f, be), c = rnd_operand(f, be);
        uint64_t ra = sgl ? B(a) : a, rb = sgl ? B(b) : b, rc = sgl ? B(c) : c;
        for (uint32_t rm = 0; rm <= 4; rm++) {
            uint32_t hf, sf = 0;
            uint64_t h, s;
            const char *name = sgl ? "s" : "d";
#define XCHECK(opname, hcall, scall) \
            h = RUN(&hf, hcall); \
            if (sgl) h = (uint32_t)h; \
            sf = 0; s = canon_if_nan(f, scall); \
            if ((h != s || hf != sf)) { \
                if (failures < 40) printf("  %s.%s rm=%u a=%llx b=%llx c=%llx\n", opname, name, rm, \
                       (unsigned long long)a, (unsigned long long)b, (unsigned long long)c); \
                check(opname, __LINE__, h, s, hf, sf); \
            }
            if (sgl) {
                XCHECK("fadd", helper_fadd_s(cs, ra, rb, rm), fp_soft_add(f, a, b, rm, &sf));
                XCHECK("fsub", helper_fsub_s(cs, ra, rb, rm),
                       fp_soft_add(f, a, b ^ sb, rm, &sf));
                XCHECK("fmul", helper_fmul_s(cs, ra, rb, rm), fp_soft_mul(f, a, b, rm, &sf));
                XCHECK("fdiv", helper_fdiv_s(cs, ra, rb, rm), fp_soft_div(f, a, b, rm, &sf));
                XCHECK("fmadd", helper_fmadd_s(cs, ra, rb, rc, rm),
                       fp_soft_fma(f, a, b, c, rm, &sf));
                XCHECK("fnmsub", helper_fmadd_s(cs, ra, rb, rc, rm | FP_FMA_NEG_PROD),
                       fp_soft_fma(f, a ^ sb, b, c, rm, &sf));
            } else {
                XCHECK("fadd", helper_fadd_d(cs, ra, rb, rm), fp_soft_add(f, a, b, rm, &sf));
                XCHECK("fsub", helper_fsub_d(cs, ra, rb, rm),
                       fp_soft_add(f, a, b ^ sb, rm, &sf));
                XCHECK("fmul", helper_fmul_d(cs, ra, rb, rm), fp_soft_mul(f, a, b, rm, &sf));
                XCHECK("fdiv", helper_fdiv_d(cs, ra, rb, rm), fp_soft_div(f, a, b, rm, &sf));
                XCHECK("fmadd", helper_fmadd_d(cs, ra, rb, rc, rm),
                       fp_soft_fma(f, a, b, c, rm, &sf));
                XCHECK("fmsub", helper_fmadd_d(cs, ra, rb, rc, rm | FP_FMA_NEG_ADDEND),
                       fp_soft_fma(f, a, b, c ^ sb, rm, &sf));
            }
        }
    }
}

#if defined(__x86_64__)   /* the host references below use SSE register constraints */
/* Host double -> single conversion (cvtsd2ss honours the rounding mode) against the core. */
static void random_convert_check(int iterations)
{
    for (int i = 0; i < iterations; i++) {
        int be = 1023 - 126 + (int)(rnd() % 300) - 150;
        uint64_t a = rnd_operand(&fp_fmt_d, be);
        for (uint32_t rm = 0; rm <= 3; rm++) {
            uint32_t hf = 0, sf = 0;
            double d;
            memcpy(&d, &a, 8);
            static const int modes[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };
            feclearexcept(FE_ALL_EXCEPT);
            fesetround(modes[rm]);
            __asm__ volatile("" : "+x"(d) :: "memory");
            float vf = (float)d;
            __asm__ volatile("" : "+x"(vf) :: "memory");
            int ex = fetestexcept(FE_ALL_EXCEPT);
            fesetround(FE_TONEAREST);
            float fv = vf;
            uint32_t hb;
            memcpy(&hb, &fv, 4);
            hf = ((ex & FE_INVALID) ? NV : 0) | ((ex & FE_OVERFLOW) ? OF : 0) |
                 ((ex & FE_UNDERFLOW) ? UF : 0) | ((ex & FE_INEXACT) ? NX : 0);
            uint64_t s = fp_convert(&fp_fmt_s, &fp_fmt_d, a, rm, &sf);
            if (fp_classify_bits(&fp_fmt_s, hb) >= FPC_QNAN)
                hb = FP_CANON_S;
            if ((hb != s || hf != sf)) {
                if (failures < 40)
                    printf("  fcvt.s.d rm=%u a=%llx\n", rm, (unsigned long long)a);
                check("fcvt.s.d", __LINE__, hb, s, hf, sf);
            }
        }
    }
}

/* fcvt.l.d against a plain C reference built from rint() under each mode. */
static void random_to_int_check(int iterations)
{
    static const int modes[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };
    for (int i = 0; i < iterations; i++) {
        uint64_t a = rnd_operand(&fp_fmt_d, 1023 + (int)(rnd() % 70));
        double d;
        memcpy(&d, &a, 8);
        for (uint32_t rm = 0; rm <= 3; rm++) {
            uint64_t want;
            uint32_t wantf = 0, fl;
            if (d != d || d >= 9223372036854775808.0) {
                want = 0x7fffffffffffffffull;
                wantf = NV;
            } else if (d < -9223372036854775808.0) {
                want = 1ull << 63;
                wantf = NV;
            } else {
                /* llrint is cvtsd2si (honours the mode); GCC's inline rint assumes RNE */
                fesetround(modes[rm]);
                double x = d;
                __asm__ volatile("" : "+x"(x) :: "memory");
                long long r = llrint(x);
                __asm__ volatile("" : "+r"(r) :: "memory");
                fesetround(FE_TONEAREST);
                want = (uint64_t)r;
                wantf = (double)r != d ? NX : 0;
            }
            uint64_t got = RUN(&fl, helper_fcvt_to_int_d(cs, a, rm | FP_INT_L << 3));
            if ((got != want || fl != wantf)) {
                if (failures < 40)
                    printf("  fcvt.l.d rm=%u a=%llx\n", rm, (unsigned long long)a);
                check("fcvt.l.d", __LINE__, got, want, fl, wantf);
            }
        }
    }
}

#endif

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 200000;
    test_rmm_ties();
    test_tininess();
    test_fast_path();
    test_corners();
    random_cross_check(&fp_fmt_s, n);
    random_cross_check(&fp_fmt_d, n);
#if defined(__x86_64__)
    random_convert_check(n);
    random_to_int_check(n);
#endif
    if (failures) {
        printf("test_rv_fpu: %d failures\n", failures);
        return 1;
    }
    printf("test_rv_fpu: ok\n");
    return 0;
}
