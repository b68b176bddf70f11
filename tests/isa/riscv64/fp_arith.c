/* F/D arithmetic: every rounding mode (static rm and dynamic frm, RMM ties included),
 * overflow/underflow (tininess after rounding), divide by zero, invalid operations, canonical
 * NaNs, signed zeros, fused multiply-add forms, NaN-boxing of single operands, fflags accrual. */
#include "fp_check.h"

/* Run op in each of RNE, RTZ, RDN, RUP, RMM: statically, then through frm with rm=dyn. */
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

/* single constants */
#define S1    BOX(0x3f800000)
#define S2    BOX(0x40000000)
#define S3    BOX(0x40400000)
#define SM1   BOX(0xbf800000)
#define SHALF BOX(0x3f000000)
#define SINF  BOX(0x7f800000)
#define SNINF BOX(0xff800000)
#define SMAX  BOX(0x7f7fffff)
#define SNMAX BOX(0xff7fffff)
#define SMINN BOX(0x00800000)
#define SSUB1 BOX(0x00000001)
#define SNAN_S BOX(0x7f800001)
#define QNAN_S BOX(0x7fc12345)
#define SZ    BOX(0)
#define SNZ   BOX(0x80000000)
/* double constants */
#define D1    0x3ff0000000000000ull
#define D2    0x4000000000000000ull
#define D3    0x4008000000000000ull
#define DM1   0xbff0000000000000ull
#define DHALF 0x3fe0000000000000ull
#define DINF  0x7ff0000000000000ull
#define DNINF 0xfff0000000000000ull
#define DMAX  0x7fefffffffffffffull
#define DMINN 0x0010000000000000ull
#define DSUB1 0x0000000000000001ull
#define SNAN_D 0x7ff0000000000001ull
#define QNAN_D 0xfff8000000000123ull
#define DZERO 0ull
#define DNZ   0x8000000000000000ull

static void test_rounding(void)
{
    /* 1/3 and -1/3 */
    ALLRM(F_FFF, "fdiv.s", V(BOX(0x3eaaaaab), BOX(0x3eaaaaaa), BOX(0x3eaaaaaa), BOX(0x3eaaaaab),
                             BOX(0x3eaaaaab)), V(NX, NX, NX, NX, NX), S1, S3);
    ALLRM(F_FFF, "fdiv.s", V(BOX(0xbeaaaaab), BOX(0xbeaaaaaa), BOX(0xbeaaaaab), BOX(0xbeaaaaaa),
                             BOX(0xbeaaaaab)), V(NX, NX, NX, NX, NX), SM1, S3);
    ALLRM(F_FFF, "fdiv.d", V(0x3fd5555555555555ull, 0x3fd5555555555555ull,
                             0x3fd5555555555555ull, 0x3fd5555555555556ull,
                             0x3fd5555555555555ull), V(NX, NX, NX, NX, NX), D1, D3);
    ALLRM(F_FFF, "fdiv.d", V(0xbfd5555555555555ull, 0xbfd5555555555555ull,
                             0xbfd5555555555556ull, 0xbfd5555555555555ull,
                             0xbfd5555555555555ull), V(NX, NX, NX, NX, NX), DM1, D3);
    /* ties: 1 + 2^-24 (single), 1 + 2^-53 (double): RNE keeps even, RMM goes away */
    ALLRM(F_FFF, "fadd.s", V(S1, S1, S1, BOX(0x3f800001), BOX(0x3f800001)),
          V(NX, NX, NX, NX, NX), S1, BOX(0x33800000));
    ALLRM(F_FFF, "fadd.s", V(SM1, SM1, BOX(0xbf800001), SM1, BOX(0xbf800001)),
          V(NX, NX, NX, NX, NX), SM1, BOX(0xb3800000));
    /* odd neighbour below: RNE goes up to even, like RMM */
    ALLRM(F_FFF, "fadd.s", V(BOX(0x3f800002), BOX(0x3f800001), BOX(0x3f800001),
                             BOX(0x3f800002), BOX(0x3f800002)),
          V(NX, NX, NX, NX, NX), BOX(0x3f800001), BOX(0x33800000));
    ALLRM(F_FFF, "fadd.d", V(D1, D1, D1, D1 + 1, D1 + 1), V(NX, NX, NX, NX, NX), D1,
          0x3ca0000000000000ull);
    ALLRM(F_FFF, "fsub.d", V(D1, D1, D1, D1 + 1, D1 + 1), V(NX, NX, NX, NX, NX), D1,
          0xbca0000000000000ull);
    /* (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24: a product tie */
    ALLRM(F_FFF, "fmul.s", V(BOX(0x3f801000), BOX(0x3f801000), BOX(0x3f801000),
                             BOX(0x3f801001), BOX(0x3f801001)),
          V(NX, NX, NX, NX, NX), BOX(0x3f800800), BOX(0x3f800800));
    /* (1 + 2^-27)^2 = 1 + 2^-26 + 2^-54 in double: below the tie, not at it */
    ALLRM(F_FFF, "fmul.d", V(0x3ff0000004000000ull, 0x3ff0000004000000ull,
                             0x3ff0000004000000ull, 0x3ff0000004000001ull,
                             0x3ff0000004000000ull),
          V(NX, NX, NX, NX, NX), 0x3ff0000002000000ull, 0x3ff0000002000000ull);
    /* sqrt(2) */
    ALLRM(F_FF, "fsqrt.s", V(BOX(0x3fb504f3), BOX(0x3fb504f3), BOX(0x3fb504f3),
                             BOX(0x3fb504f4), BOX(0x3fb504f3)), V(NX, NX, NX, NX, NX), S2);
    ALLRM(F_FF, "fsqrt.d", V(0x3ff6a09e667f3bcdull, 0x3ff6a09e667f3bccull,
                             0x3ff6a09e667f3bccull, 0x3ff6a09e667f3bcdull,
                             0x3ff6a09e667f3bcdull), V(NX, NX, NX, NX, NX), D2);
    /* fma ties: 1*1 + 2^-24 and 1*1 + 2^-53 */
    ALLRM(F_FFFF, "fmadd.s", V(S1, S1, S1, BOX(0x3f800001), BOX(0x3f800001)),
          V(NX, NX, NX, NX, NX), S1, S1, BOX(0x33800000));
    ALLRM(F_FFFF, "fmadd.d", V(D1, D1, D1, D1 + 1, D1 + 1), V(NX, NX, NX, NX, NX), D1, D1,
          0x3ca0000000000000ull);
    /* fused: (1 + 2^-52)(1 - 2^-52) - 1 = -2^-104 exactly (a separate multiply gives 0) */
    ALLRM(F_FFFF, "fmsub.d", V(0xb970000000000000ull, 0xb970000000000000ull,
                               0xb970000000000000ull, 0xb970000000000000ull,
                               0xb970000000000000ull), V(0, 0, 0, 0, 0),
          D1 + 1, 0x3fefffffffffffffull - 1, D1);
}

static void test_overflow_underflow(void)
{
    ALLRM(F_FFF, "fmul.s", V(SINF, SMAX, SMAX, SINF, SINF), V(OF | NX, OF | NX, OF | NX,
                                                             OF | NX, OF | NX), SMAX, S2);
    ALLRM(F_FFF, "fmul.s", V(SNINF, SNMAX, SNINF, SNMAX, SNINF),
          V(OF | NX, OF | NX, OF | NX, OF | NX, OF | NX), SMAX, BOX(0xc0000000));
    ALLRM(F_FFF, "fadd.d", V(DINF, DMAX, DMAX, DINF, DINF),
          V(OF | NX, OF | NX, OF | NX, OF | NX, OF | NX), DMAX, DMAX);
    /* exact subnormal: no flags */
    ALLRM(F_FFF, "fmul.s", V(BOX(0x00400000), BOX(0x00400000), BOX(0x00400000),
                             BOX(0x00400000), BOX(0x00400000)), V(0, 0, 0, 0, 0), SMINN, SHALF);
    /* 2^-150: half the smallest subnormal, a tie between 0 and it */
    ALLRM(F_FFF, "fmul.s", V(SZ, SZ, SZ, SSUB1, SSUB1),
          V(UF | NX, UF | NX, UF | NX, UF | NX, UF | NX), SSUB1, SHALF);
    ALLRM(F_FFF, "fmul.d", V(DNZ, DNZ, DNZ | 1, DNZ, DNZ | 1),
          V(UF | NX, UF | NX, UF | NX, UF | NX, UF | NX), DSUB1, 0xbfe0000000000000ull);
    /* 2.5 * 2^-149 from a subnormal division: RNE 2, RMM 3 ulps */
    ALLRM(F_FFF, "fdiv.s", V(BOX(2), BOX(2), BOX(2), BOX(3), BOX(3)),
          V(UF | NX, UF | NX, UF | NX, UF | NX, UF | NX), BOX(5), S2);
    /* (1 - 2^-53) 2^-1022: tiny even after rounding to 53 bits; rounds to 2^-1022 in RNE
     * (subnormal tie, even is up), RUP, RMM: UF is raised although the result is normal */
    ALLRM(F_FFF, "fmul.d", V(DMINN, DMINN - 1, DMINN - 1, DMINN, DMINN),
          V(UF | NX, UF | NX, UF | NX, UF | NX, UF | NX), 0x3fefffffffffffffull, DMINN);
    /* (1 - 2^-46) 2^-126: rounds to 2^-126 at 24 bits, so not tiny after rounding */
    ALLRM(F_FFF, "fmul.s", V(SMINN, BOX(0x007fffff), BOX(0x007fffff), SMINN, SMINN),
          V(NX, UF | NX, UF | NX, NX, NX), BOX(0x3f7ffffe), BOX(0x00800001));
    /* fma into the subnormal range: 2^-126 * 0.5 + 2^-149 = 0x00400001 exactly */
    CHECKF("fmadd.s subnormal exact", F_FFFF("fmadd.s", ", rne", SMINN, SHALF, SSUB1),
           BOX(0x00400001), 0);
}

static void test_special(void)
{
    CHECKF("fdiv.s 1/0", F_FFF("fdiv.s", ", rne", S1, SZ), SINF, DZ);
    CHECKF("fdiv.s -1/0", F_FFF("fdiv.s", ", rne", SM1, SZ), SNINF, DZ);
    CHECKF("fdiv.d 1/-0", F_FFF("fdiv.d", ", rne", D1, DNZ), DNINF, DZ);
    CHECKF("fdiv.d inf/0", F_FFF("fdiv.d", ", rne", DINF, DZERO), DINF, 0);
    CHECKF("fdiv.s 0/0", F_FFF("fdiv.s", ", rne", SZ, SZ), CANON_S, NV);
    CHECKF("fdiv.d inf/inf", F_FFF("fdiv.d", ", rne", DINF, DNINF), CANON_D, NV);
    CHECKF("fsub.s inf-inf", F_FFF("fsub.s", ", rne", SINF, SINF), CANON_S, NV);
    CHECKF("fadd.d inf+-inf", F_FFF("fadd.d", ", rne", DINF, DNINF), CANON_D, NV);
    CHECKF("fmul.s 0*inf", F_FFF("fmul.s", ", rne", SZ, SNINF), CANON_S, NV);
    CHECKF("fsqrt.s -1", F_FF("fsqrt.s", ", rne", SM1), CANON_S, NV);
    CHECKF("fsqrt.d -1", F_FF("fsqrt.d", ", rne", DM1), CANON_D, NV);
    CHECKF("fsqrt.d -0", F_FF("fsqrt.d", ", rne", DNZ), DNZ, 0);
    CHECKF("fsqrt.s inf", F_FF("fsqrt.s", ", rne", SINF), SINF, 0);
    CHECKF("fsqrt.d -inf", F_FF("fsqrt.d", ", rne", DNINF), CANON_D, NV);
    CHECKF("fsqrt.s snan", F_FF("fsqrt.s", ", rne", SNAN_S), CANON_S, NV);
    CHECKF("fsqrt.d qnan", F_FF("fsqrt.d", ", rne", QNAN_D), CANON_D, 0);
    CHECKF("fsqrt.s 4", F_FF("fsqrt.s", ", rne", BOX(0x40800000)), S2, 0);
    /* NaN operands: canonical NaN out, NV only for signalling ones */
    CHECKF("fadd.s qnan+1", F_FFF("fadd.s", ", rne", QNAN_S, S1), CANON_S, 0);
    CHECKF("fadd.s 1+snan", F_FFF("fadd.s", ", rne", S1, SNAN_S), CANON_S, NV);
    CHECKF("fmul.d qnan*snan", F_FFF("fmul.d", ", rne", QNAN_D, SNAN_D), CANON_D, NV);
    CHECKF("fdiv.d -qnan/1", F_FFF("fdiv.d", ", rne", QNAN_D, D1), CANON_D, 0);
    /* signed zeros: x - x is +0, except -0 when rounding down */
    CHECKF("fsub.d 1-1 rne", F_FFF("fsub.d", ", rne", D1, D1), DZERO, 0);
    CHECKF("fsub.d 1-1 rdn", F_FFF("fsub.d", ", rdn", D1, D1), DNZ, 0);
    CHECKF("fadd.s +0+-0 rne", F_FFF("fadd.s", ", rne", SZ, SNZ), SZ, 0);
    CHECKF("fadd.s +0+-0 rdn", F_FFF("fadd.s", ", rdn", SZ, SNZ), SNZ, 0);
    CHECKF("fadd.s -0+-0 rne", F_FFF("fadd.s", ", rne", SNZ, SNZ), SNZ, 0);
    CHECKF("fmul.d -0*3", F_FFF("fmul.d", ", rne", DNZ, D3), DNZ, 0);
    /* fused multiply-add: every form, inf*0, signed zero results */
    CHECKF("fmadd.d 2*3+1", F_FFFF("fmadd.d", ", rne", D2, D3, D1), 0x401c000000000000ull, 0);
    CHECKF("fmsub.d 2*3-1", F_FFFF("fmsub.d", ", rne", D2, D3, D1), 0x4014000000000000ull, 0);
    CHECKF("fnmsub.d -(2*3)+1", F_FFFF("fnmsub.d", ", rne", D2, D3, D1),
           0xc014000000000000ull, 0);
    CHECKF("fnmadd.d -(2*3)-1", F_FFFF("fnmadd.d", ", rne", D2, D3, D1),
           0xc01c000000000000ull, 0);
    CHECKF("fmadd.s 2*3+1", F_FFFF("fmadd.s", ", rne", S2, S3, S1), BOX(0x40e00000), 0);
    CHECKF("fmsub.s 2*3-1", F_FFFF("fmsub.s", ", rne", S2, S3, S1), BOX(0x40a00000), 0);
    CHECKF("fnmsub.s", F_FFFF("fnmsub.s", ", rne", S2, S3, S1), BOX(0xc0a00000), 0);
    CHECKF("fnmadd.s", F_FFFF("fnmadd.s", ", rne", S2, S3, S1), BOX(0xc0e00000), 0);
    CHECKF("fmadd.s inf*0+qnan", F_FFFF("fmadd.s", ", rne", SINF, SZ, QNAN_S), CANON_S, NV);
    CHECKF("fmadd.d 0*inf+qnan", F_FFFF("fmadd.d", ", rne", DZERO, DINF, QNAN_D), CANON_D, NV);
    CHECKF("fmadd.d inf*0+1", F_FFFF("fmadd.d", ", rne", DINF, DZERO, D1), CANON_D, NV);
    CHECKF("fmadd.s inf*1-inf", F_FFFF("fmadd.s", ", rne", SINF, S1, SNINF), CANON_S, NV);
    CHECKF("fmadd.d qnan*1+snan", F_FFFF("fmadd.d", ", rne", QNAN_D, D1, SNAN_D), CANON_D, NV);
    CHECKF("fmadd.d 1*1+qnan", F_FFFF("fmadd.d", ", rne", D1, D1, QNAN_D), CANON_D, 0);
    CHECKF("fmadd.s 1*1-1 rne", F_FFFF("fmadd.s", ", rne", S1, S1, SM1), SZ, 0);
    CHECKF("fmadd.s 1*1-1 rdn", F_FFFF("fmadd.s", ", rdn", S1, S1, SM1), SNZ, 0);
    CHECKF("fnmadd.d 0*1-0", F_FFFF("fnmadd.d", ", rne", DZERO, D1, DZERO), DNZ, 0);
    CHECKF("fmadd.d max*2-max", F_FFFF("fmadd.d", ", rne", DMAX, D2, DMAX | DNZ), DMAX, 0);
}

static void test_boxing(void)
{
    /* single operands that are not NaN-boxed read as the canonical NaN (quiet: no NV) */
    CHECKF("fadd.s unboxed", F_FFF("fadd.s", ", rne", 0x000000003f800000ull, S1), CANON_S, 0);
    CHECKF("fadd.s half-boxed", F_FFF("fadd.s", ", rne", S1, 0x7fffffff3f800000ull), CANON_S, 0);
    CHECKF("fsqrt.s double 4.0", F_FF("fsqrt.s", ", rne", 0x4010000000000000ull), CANON_S, 0);
    CHECKF("fmadd.s unboxed addend", F_FFFF("fmadd.s", ", rne", S1, S1, 0x3f800000ull),
           CANON_S, 0);
    /* a boxed single's upper half is all ones */
    CHECKF("fmul.s boxed result", F_FFF("fmul.s", ", rne", S2, S3), BOX(0x40c00000), 0);
}

/* fflags accumulate until cleared; the default rm of the assembler is dyn. */
static void test_accrual(void)
{
    uint64_t one = D1, zero = 0, three = D3, fl;
    double a, b, c;
    set_frm(1);
    __asm__ volatile("csrw fflags, zero\n\t"
                     "fmv.d.x %[a], %[one]\n\tfmv.d.x %[b], %[three]\n\tfmv.d.x %[c], %[zero]\n\t"
                     "fdiv.d %[a], %[a], %[b]\n\t"      /* NX */
                     "fdiv.d %[b], %[b], %[c]\n\t"      /* DZ */
                     "csrr %[fl], fflags"
                     : [fl] "=r"(fl), [a] "=&f"(a), [b] "=&f"(b), [c] "=&f"(c)
                     : [one] "r"(one), [three] "r"(three), [zero] "r"(zero) : "memory");
    CHECK("accrued NX|DZ", fl, NX | DZ);
    uint64_t q;
    __asm__ volatile("fmv.x.d %0, %1" : "=r"(q) : "f"(a));
    CHECK("default rm is frm (rtz): 1/3", q, 0x3fd5555555555555ull);
    __asm__ volatile("fsqrt.d %[a], %[b]\n\tcsrr %[fl], fflags"
                     : [fl] "=r"(fl), [a] "=&f"(a) : [b] "f"(-1.0) : "memory");
    CHECK("accrued NX|DZ|NV", fl, NX | DZ | NV);
    CHECK("fflags still set", read_fflags(), NX | DZ | NV);
    set_frm(0);
    __asm__ volatile("csrw fflags, zero" ::: "memory");
}

int main(void)
{
    test_rounding();
    test_overflow_underflow();
    test_special();
    test_boxing();
    test_accrual();
    return DONE();
}
