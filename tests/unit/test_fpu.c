/* Unit test of the shared soft-float core (fpu/): random operands against the host FPU in
 * every host rounding mode (x86 rules: tininess after rounding), half precision against the
 * host's _Float16, and literal corner cases of the Arm and RISC-V policies. */
#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "fpu/softfp.h"
#include "target/arm64/fpu_arm.h"

static int failures;

static void check(const char *name, int line, uint64_t got, uint64_t want, uint32_t gotf,
                  uint32_t wantf)
{
    if (got == want && gotf == wantf)
        return;
    if (++failures <= 40)
        printf("FAIL line %d %s: got %016llx flags %02x, want %016llx flags %02x\n", line,
               name, (unsigned long long)got, gotf, (unsigned long long)want, wantf);
}

enum { NX = FP_FLAG_NX, UF = FP_FLAG_UF, OF = FP_FLAG_OF, DZ = FP_FLAG_DZ, NV = FP_FLAG_NV,
       ID = FP_FLAG_ID };

/* The Arm policy as FPCR gives it (round to nearest). */
static FpStatus arm_st(bool fz, bool dn)
{
    return a64_fp_status((fz ? A64_FPCR_FZ : 0) | (dn ? A64_FPCR_DN : 0));
}

/* Evaluate `expr` with status `st` (flags cleared), compare result and flags. */
#define T(st_init, expr, want, wantf) do { \
        FpStatus st = (st_init); \
        st.flags = 0; \
        uint64_t got_ = (expr); \
        check(#expr, __LINE__, got_, (want), st.flags, (wantf)); \
    } while (0)

static const FpFmt *H = &fpu_fmt_h, *S = &fpu_fmt_s, *D = &fpu_fmt_d;

static void test_arm_policy(void)
{
    FpStatus a = arm_st(false, false), fz = arm_st(true, false), dn = arm_st(false, true);
    FpStatus x86 = a;
    x86.tiny_before = false;
    /* NaN choice: first signalling, then first quiet; FMA's addend first */
    T(a, fpu_add(S, 0x7fc00001, 0x7f800002, &st), 0x7fc00002, NV);
    T(a, fpu_add(S, 0x7fc00001, 0xffc00002, &st), 0x7fc00001, 0);
    T(a, fpu_sub(S, 1, 0xffc00002, &st), 0xffc00002, 0);
    T(a, fpu_fma(S, 0x7fc00001, 0x3f800000, 0x7fc00003, &st), 0x7fc00003, 0);
    T(a, fpu_fma(S, 0x7f800001, 0x3f800000, 0x7fc00003, &st), 0x7fc00001, NV);
    T(a, fpu_fma(S, 0x7f800000, 0, 0x7fc00003, &st), 0x7fc00000, NV);
    T(dn, fpu_mul(S, 0x7fc00001, 0x3f800000, &st), 0x7fc00000, 0);
    T(a, fpu_sqrt(D, 0xbff0000000000000ull, &st), 0x7ff8000000000000ull, NV);
    /* flush-to-zero: inputs raise ID, outputs tiny before rounding raise UF only */
    T(fz, fpu_add(S, 0x00000001, 0, &st), 0, ID);
    T(fz, fpu_mul(S, 0x0d800000, 0x0d800000, &st), 0, UF);
    T(fz, fpu_mul(S, 0x80800000, 0x3f000000, &st), 0x80000000, UF);
    T(a, fpu_mul(S, 0x80800000, 0x3f000000, &st), 0x80400000, 0);
    FpStatus fz16 = a;
    fz16.flush16 = true;
    T(fz16, fpu_add(H, 0x0001, 0, &st), 0, 0);
    /* tininess: (2^-126)(1 - 2^-25) rounds to 2^-126; tiny only before rounding */
    T(a, fpu_convert(S, D, 0x380ffffff0000000ull, &st), 0x00800000, NX | UF);
    T(x86, fpu_convert(S, D, 0x380ffffff0000000ull, &st), 0x00800000, NX);
    T(x86, fpu_mul(S, 0x3f7fffff, 0x00800000, &st), 0x00800000, NX | UF);
    /* min/max: -0 below +0; 2008 minNum vs 2019 minimumNumber on a signalling NaN */
    T(a, fpu_minmax(S, 0x80000000, 0, false, FP_MINMAX_PROPAGATE, &st), 0x80000000, 0);
    T(a, fpu_minmax(S, 0x80000000, 0, true, FP_MINMAX_PROPAGATE, &st), 0, 0);
    T(a, fpu_minmax(S, 0x7fc00000, 0x3f800000, false, FP_MINMAX_PROPAGATE, &st), 0x7fc00000, 0);
    T(a, fpu_minmax(S, 0x7fc00000, 0x3f800000, false, FP_MINMAX_NUM2008, &st), 0x3f800000, 0);
    T(a, fpu_minmax(S, 0x3f800000, 0xffc00000, true, FP_MINMAX_NUM2008, &st), 0x3f800000, 0);
    T(a, fpu_minmax(S, 0x7f800001, 0x3f800000, false, FP_MINMAX_NUM2008, &st), 0x7fc00001, NV);
    T(a, fpu_minmax(S, 0x7f800001, 0x3f800000, false, FP_MINMAX_NUM2019, &st), 0x3f800000, NV);
    T(fz, fpu_minmax(S, 0x00000001, 0x3f800000, false, FP_MINMAX_NUM2008, &st), 0, ID);
    /* compares */
    T(a, fpu_compare(S, 0x7fc00000, 0, false, &st), FP_CMP_UN, 0);
    T(a, fpu_compare(S, 0x7fc00000, 0, true, &st), FP_CMP_UN, NV);
    T(a, fpu_compare(S, 0x7f800001, 0, false, &st), FP_CMP_UN, NV);
    T(a, fpu_compare(S, 0x80000000, 0, true, &st), FP_CMP_EQ, 0);
    T(fz, fpu_compare(S, 0x00000001, 0, false, &st), FP_CMP_EQ, ID);
    T(a, fpu_compare(D, 0xbff0000000000000ull, 0x3ff0000000000000ull, false, &st), FP_CMP_LT, 0);
    /* float -> integer: NaN is 0, saturation raises invalid (and not inexact) */
    T(a, fpu_to_int(S, 0x7fc00000, 32, true, 0, FP_RM_TZ, &st), 0, NV);
    T(a, fpu_to_int(S, 0x4f000000, 32, true, 0, FP_RM_TZ, &st), 0x7fffffff, NV);
    T(a, fpu_to_int(S, 0xcf000000, 32, true, 0, FP_RM_TZ, &st), 0x80000000, 0);
    T(a, fpu_to_int(S, 0xff800000, 64, true, 0, FP_RM_TZ, &st), 0x8000000000000000ull, NV);
    T(a, fpu_to_int(S, 0xbfc00000, 32, false, 0, FP_RM_TZ, &st), 0, NV);
    T(a, fpu_to_int(S, 0xbf000000, 32, false, 0, FP_RM_TZ, &st), 0, NX);
    T(a, fpu_to_int(D, 0x4004000000000000ull, 32, true, 0, FP_RM_NE, &st), 2, NX);
    T(a, fpu_to_int(D, 0x4004000000000000ull, 32, true, 0, FP_RM_MM, &st), 3, NX);
    T(a, fpu_to_int(D, 0xc004000000000000ull, 32, true, 0, FP_RM_DN, &st), 0xfffffffd, NX);
    T(a, fpu_to_int(D, 0x3ff8000000000000ull, 32, true, 4, FP_RM_TZ, &st), 24, 0);
    T(a, fpu_to_int(D, 0x3ff0000000000000ull, 64, false, 64, FP_RM_TZ, &st), ~0ull, NV);
    T(a, fpu_from_int(S, 1, 32, true, 4, &st), 0x3d800000, 0);
    T(a, fpu_from_int(D, 0xffffffff, 32, true, 0, &st), 0xbff0000000000000ull, 0);
    T(a, fpu_from_int(D, 0xffffffff, 32, false, 0, &st), 0x41efffffffe00000ull, 0);
    T(a, fpu_from_int(H, 1, 64, false, 64, &st), 0, NX | UF);
    /* float -> float keeps NaN payloads (quietened) */
    T(a, fpu_convert(S, D, 0x7ff4000000000001ull, &st), 0x7fe00000, NV);
    T(a, fpu_convert(S, H, 0xfd00, &st), 0xffe00000, NV);
    T(dn, fpu_convert(S, H, 0xfd00, &st), 0x7fc00000, NV);
    T(a, fpu_convert(H, S, 0x47800000, &st), 0x7c00, OF | NX);
    T(a, fpu_convert(H, S, 0x33800000, &st), 0x0001, 0);
    T(fz, fpu_convert(D, S, 0x00000001, &st), 0, ID);
    /* round to integral */
    T(a, fpu_round_to_int(S, 0xbf000000, FP_RM_NE, false, &st), 0x80000000, 0);
    T(a, fpu_round_to_int(S, 0x40200000, FP_RM_NE, false, &st), 0x40000000, 0);
    T(a, fpu_round_to_int(S, 0x40200000, FP_RM_MM, true, &st), 0x40400000, NX);
    T(a, fpu_round_to_int(S, 0xc0200000, FP_RM_UP, true, &st), 0xc0000000, NX);
    T(a, fpu_round_to_int(S, 0x7f800001, FP_RM_UP, true, &st), 0x7fc00001, NV);
    T(a, fpu_round_to_int(D, 0x4330000000000001ull, FP_RM_DN, true, &st),
      0x4330000000000001ull, 0);
    /* FPCR.RMode = RZ, RP; FPSR bits */
    T(a64_fp_status(3u << 22), fpu_add(S, 0x3f800000, 0x33800000, &st), 0x3f800000, NX);
    T(a64_fp_status(1u << 22), fpu_add(S, 0x3f800000, 0x33800000, &st), 0x3f800001, NX);
    check("fpsr", __LINE__, a64_fpsr_of_flags(NV | ID | NX), 0x91, 0, 0);
    /* round to odd */
    FpStatus odd = a;
    odd.rm = FP_RM_ODD;
    T(odd, fpu_convert(S, D, 0x3ff0000000000001ull, &st), 0x3f800001, NX);
    T(odd, fpu_convert(S, D, 0x47f0000000000000ull, &st), 0x7f7fffff, OF | NX);
}

/* ---- random operands against the host ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static uint64_t rnd_operand(const FpFmt *f)
{
    uint64_t r = rnd(), sign = (r & 1) ? fpu_sign_bit(f) : 0;
    int ebits = f->width - f->p;
    uint64_t emax = ((uint64_t)1 << ebits) - 1, e;
    switch ((r >> 1) & 7) {
    case 0:  e = 0; break;                              /* zero/subnormal */
    case 1:  e = emax; break;                           /* inf/NaN */
    case 2:  e = 1 + (r >> 8) % 3; break;               /* near the bottom */
    case 3:  e = emax - 1 - (r >> 8) % 3; break;        /* near the top */
    default: e = (uint64_t)f->bias - 30 + (r >> 8) % 60; break;
    }
    uint64_t frac = rnd() & (((uint64_t)1 << (f->p - 1)) - 1);
    if ((r >> 20) % 4 == 0)
        frac &= ~(uint64_t)0 << (f->p - 4);             /* short significands: exact cases */
    return sign | e << (f->p - 1) | frac;
}

static uint32_t host_flags(void)
{
    int x = fetestexcept(FE_ALL_EXCEPT);
    return ((x & FE_INVALID) ? NV : 0) | ((x & FE_DIVBYZERO) ? DZ : 0) |
           ((x & FE_OVERFLOW) ? OF : 0) | ((x & FE_UNDERFLOW) ? UF : 0) |
           ((x & FE_INEXACT) ? NX : 0);
}

static const int host_rm[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };

/* NaN results compare by class: the host's NaN choice is not under test here. */
static uint64_t nan_class(const FpFmt *f, uint64_t r)
{
    return fpu_is_nan_cls(fpu_classify(f, r)) ? fpu_default_nan(f, &(FpStatus){0}) : r;
}

#define HOST_OP(T, op, x, y, z) ({ volatile T a_ = (x), b_ = (y), c_ = (z); T r_; \
        switch (op) { case 0: r_ = a_ + b_; break; case 1: r_ = a_ - b_; break; \
        case 2: r_ = a_ * b_; break; case 3: r_ = a_ / b_; break; \
        case 4: r_ = sizeof(T) == 4 ? sqrtf(a_) : sqrt(a_); break; \
        default: r_ = sizeof(T) == 4 ? fmaf(a_, b_, c_) : fma(a_, b_, c_); break; } \
        volatile T v_ = r_; v_; })

static uint64_t soft_op(const FpFmt *f, int op, uint64_t a, uint64_t b, uint64_t c,
                        FpStatus *st)
{
    switch (op) {
    case 0:  return fpu_add(f, a, b, st);
    case 1:  return fpu_sub(f, a, b, st);
    case 2:  return fpu_mul(f, a, b, st);
    case 3:  return fpu_div(f, a, b, st);
    case 4:  return fpu_sqrt(f, a, st);
    default: return fpu_fma(f, a, b, c, st);
    }
}

static void random_vs_host(const FpFmt *f, int iterations)
{
    static const char *names[] = { "add", "sub", "mul", "div", "sqrt", "fma" };
    for (int i = 0; i < iterations; i++) {
        uint64_t a = rnd_operand(f), b = rnd_operand(f), c = rnd_operand(f);
        int op = (int)(rnd() % 6), rm = (int)(rnd() % 4);
        FpStatus st = { .rm = (uint8_t)rm, .nan_rule = FP_NAN_X86 };
        uint64_t want;
        fesetround(host_rm[rm]);
        feclearexcept(FE_ALL_EXCEPT);
        if (f->width == 32) {
            float x, y, z, r;
            uint32_t u = (uint32_t)a, v = (uint32_t)b, w = (uint32_t)c, rb;
            memcpy(&x, &u, 4); memcpy(&y, &v, 4); memcpy(&z, &w, 4);
            r = HOST_OP(float, op, x, y, z);
            memcpy(&rb, &r, 4);
            want = rb;
        } else {
            double x, y, z, r;
            memcpy(&x, &a, 8); memcpy(&y, &b, 8); memcpy(&z, &c, 8);
            r = HOST_OP(double, op, x, y, z);
            memcpy(&want, &r, 8);
        }
        uint32_t wantf = host_flags();
        fesetround(FE_TONEAREST);
        uint64_t got = soft_op(f, op, a, b, c, &st);
        /* inf*0 + qNaN: IEEE leaves invalid to the implementation */
        if (op == 5 && fpu_classify(f, c) == FPC_QNAN)
            st.flags &= ~NV, wantf &= ~NV;
        check(names[op], __LINE__, nan_class(f, got), nan_class(f, want), st.flags, wantf);
    }
}

/* Half arithmetic: single precision holds every exact half sum/product/quotient/root to
 * 2p+2 bits, so rounding the host's single result to half once more is exact rounding. */
static void random_half(int iterations)
{
    for (int i = 0; i < iterations; i++) {
        uint64_t a = rnd_operand(H), b = rnd_operand(H);
        int op = (int)(rnd() % 5);
        FpStatus st = { .rm = FP_RM_NE, .nan_rule = FP_NAN_X86 };
        _Float16 ha, hb;
        uint16_t ua = (uint16_t)a, ub = (uint16_t)b, ur;
        memcpy(&ha, &ua, 2); memcpy(&hb, &ub, 2);
        float r = HOST_OP(float, op, (float)ha, (float)hb, 0.0f);
        _Float16 hr = (_Float16)r;
        memcpy(&ur, &hr, 2);
        uint64_t got = soft_op(H, op, a, b, 0, &st);
        check("half", __LINE__, nan_class(H, got), nan_class(H, ur), 0, 0);
        /* and the conversion half -> single -> half round trip */
        FpStatus cs = st;
        uint64_t s = fpu_convert(S, H, a, &cs);
        float hf = (float)ha;
        uint32_t hfb;
        memcpy(&hfb, &hf, 4);
        check("h->s", __LINE__, nan_class(S, s), nan_class(S, hfb), 0, 0);
    }
}

/* Single <-> double and integer conversions in every host mode. */
static void random_convert(int iterations)
{
    for (int i = 0; i < iterations; i++) {
        uint64_t a = rnd_operand(D);
        int rm = (int)(rnd() % 4);
        FpStatus st = { .rm = (uint8_t)rm, .nan_rule = FP_NAN_X86 };
        double x;
        memcpy(&x, &a, 8);
        fesetround(host_rm[rm]);
        feclearexcept(FE_ALL_EXCEPT);
        volatile double vx = x;
        volatile float fr = (float)vx;
        uint32_t wantf = host_flags();
        volatile double rint_r = nearbyint(vx);
        fesetround(FE_TONEAREST);
        uint32_t fb;
        float frv = fr;
        memcpy(&fb, &frv, 4);
        uint64_t got = fpu_convert(S, D, a, &st);
        check("d->s", __LINE__, nan_class(S, got), nan_class(S, fb), st.flags, wantf);
        st.flags = 0;
        uint64_t ri = fpu_round_to_int(D, a, rm, false, &st), rb;
        double rr = rint_r;
        memcpy(&rb, &rr, 8);
        check("rint", __LINE__, nan_class(D, ri), nan_class(D, rb), st.flags & ~NV, 0);
        int64_t n = (int64_t)rnd() >> (rnd() % 64);
        st.flags = 0;
        fesetround(host_rm[rm]);
        volatile int64_t vn = n;
        volatile double dn = (double)vn;
        fesetround(FE_TONEAREST);
        double dnv = dn;
        uint64_t db;
        memcpy(&db, &dnv, 8);
        check("i64->d", __LINE__, fpu_from_int(D, (uint64_t)n, 64, true, 0, &st), db, 0, 0);
    }
}

int main(void)
{
    test_arm_policy();
    random_vs_host(S, 300000);
    random_vs_host(D, 300000);
    random_half(100000);
    random_convert(100000);
    if (failures) {
        printf("test_fpu: %d failures\n", failures);
        return 1;
    }
    printf("test_fpu: ok\n");
    return 0;
}
