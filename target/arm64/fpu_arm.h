/* arm64 FP policy: FPCR as the shared soft-float core's status, its flags as FPSR bits. */
/*
 * Arm (FPCR.AH = 0): the first signalling NaN quietened, else the first quiet NaN, FMA's
 * addend first (FP_NAN_ARM); FPCR.DN gives the default NaN; FPCR.FZ flushes single/double
 * denormal inputs (IDC) and results tiny before rounding (UFC, no IXC); FZ16 does the same
 * for half without IDC; tininess is detected before rounding; an invalid float-to-integer
 * conversion saturates and a NaN converts to 0. Conversions (FCVT) ignore FZ16: the caller
 * clears flush16 for them. FPCR.AHP (alternative half precision, no infinities or NaNs) is
 * handled by the FCVT helpers (fpu_helper.c), not by the core.
 */
#ifndef TRIX_ARM64_FPU_ARM_H
#define TRIX_ARM64_FPU_ARM_H

#include <math.h>
#include <string.h>
#include "fpu/softfp.h"

enum { A64_FPCR_FZ16 = 1u << 19, A64_FPCR_FZ = 1u << 24, A64_FPCR_DN = 1u << 25,
       A64_FPCR_AHP = 1u << 26 };

static inline FpStatus a64_fp_status(uint32_t fpcr)
{
    /* FPCR.RMode (bits 23:22): RN, RP, RM, RZ */
    static const uint8_t rmode[4] = { FP_RM_NE, FP_RM_UP, FP_RM_DN, FP_RM_TZ };
    return (FpStatus){ .rm = rmode[(fpcr >> 22) & 3], .nan_rule = FP_NAN_ARM,
                       .int_invalid = FP_INTINV_SAT_NAN0,
                       .default_nan = (fpcr & A64_FPCR_DN) != 0,
                       .flush_in = (fpcr & A64_FPCR_FZ) != 0,
                       .flush_out = (fpcr & A64_FPCR_FZ) != 0,
                       .flush16 = (fpcr & A64_FPCR_FZ16) != 0, .tiny_before = true };
}

/* FPSR cumulative bits of accrued FP_FLAG_* (IOC 0, DZC 1, OFC 2, UFC 3, IXC 4, IDC 7). */
static inline uint32_t a64_fpsr_of_flags(uint32_t f)
{
    return ((f & FP_FLAG_NV) ? 1u << 0 : 0) | ((f & FP_FLAG_DZ) ? 1u << 1 : 0) |
           ((f & FP_FLAG_OF) ? 1u << 2 : 0) | ((f & FP_FLAG_UF) ? 1u << 3 : 0) |
           ((f & FP_FLAG_NX) ? 1u << 4 : 0) | ((f & FP_FLAG_ID) ? 1u << 7 : 0);
}

/*
 * Host fast path: in round-to-nearest without FZ, once FPSR.IXC has accrued, a finite result
 * above the smallest normal can only have raised IXC (overflow gives infinity, underflow a
 * result at most 2^emin, invalid a NaN, divide-by-zero an infinity, input-denormal needs
 * FZ), so the host's IEEE result is all there is. The NaN rules never matter: a NaN operand
 * gives a NaN result, which falls back to the soft-float core.
 */
static inline bool a64_fp_fast(uint32_t fpcr, uint32_t fpsr)
{
    return !(fpcr & (3u << 22 | A64_FPCR_FZ)) && (fpsr & (1u << 4));
}

static inline bool a64_fast_ok_d(double v)
{
    uint64_t r;
    memcpy(&r, &v, 8);
    r &= ~(1ull << 63);
    return r > 0x0010000000000000ull && r < 0x7ff0000000000000ull;
}

static inline bool a64_fast_ok_s(float v)
{
    uint32_t r;
    memcpy(&r, &v, 4);
    r &= ~(1u << 31);
    return r > 0x00800000u && r < 0x7f800000u;
}

static inline double a64_f64(uint64_t x) { double d; memcpy(&d, &x, 8); return d; }
static inline float a64_f32(uint64_t x)
{
    float f;
    uint32_t w = (uint32_t)x;
    memcpy(&f, &w, 4);
    return f;
}
static inline uint64_t a64_bits_d(double d) { uint64_t x; memcpy(&x, &d, 8); return x; }
static inline uint64_t a64_bits_s(float f) { uint32_t x; memcpy(&x, &f, 4); return x; }

/* The fast path of a binary operation `expr` on host values x, y (double when dbl): returns
 * from the enclosing function when it applies. */
#define A64_FP_FAST2(fpcr, fpsr, dbl, a, b, expr) do { \
        if (a64_fp_fast(fpcr, fpsr)) { \
            if (dbl) { \
                double x = a64_f64(a), y = a64_f64(b), r_ = (expr); \
                if (a64_fast_ok_d(r_)) \
                    return a64_bits_d(r_); \
            } else { \
                float x = a64_f32(a), y = a64_f32(b), r_ = (expr); \
                if (a64_fast_ok_s(r_)) \
                    return a64_bits_s(r_); \
            } \
        } \
    } while (0)

/* The format of ftype (00 single, 01 double, 11 half). */
static inline const FpFmt *a64_fmt_of(uint32_t ftype)
{
    return ftype == 0 ? &fpu_fmt_s : ftype == 1 ? &fpu_fmt_d : &fpu_fmt_h;
}

/* Half-to-single/double and back under FPCR (incl. AHP; FZ16 ignored), FPSR accrued. */
uint64_t a64_fcvt(const FpFmt *to, const FpFmt *from, uint64_t a, FpStatus *st, bool ahp);
/* FRINT32Z/X and FRINT64Z/X (FPRoundIntN): round in rm to an integral value that fits a signed
 * `bits`-bit integer; NaN, infinity and out-of-range give -2^(bits-1) with IOC only. */
uint64_t a64_frint_n(const FpFmt *f, uint64_t a, int bits, int rm, FpStatus *st);

#endif
