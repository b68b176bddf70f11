/* riscv64 F/D exact arithmetic: the shared soft-float core (fpu/) under the RISC-V policy. */
/*
 * Used where the host cannot round for us (RMM, ties to max magnitude, and conversions),
 * and by the unit tests as an independent reference for the host-FPU path.
 */
#include "fpu.h"

#define RV_SOFT(expr) do { \
        FpStatus st = fp_rv_status(rm); \
        uint64_t r_ = (expr); \
        *flags |= st.flags; \
        return r_; \
    } while (0)

uint64_t fp_soft_add(const FpFmt *f, uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    RV_SOFT(fpu_add(f, a, b, &st));
}

uint64_t fp_soft_mul(const FpFmt *f, uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    RV_SOFT(fpu_mul(f, a, b, &st));
}

uint64_t fp_soft_div(const FpFmt *f, uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    RV_SOFT(fpu_div(f, a, b, &st));
}

uint64_t fp_soft_fma(const FpFmt *f, uint64_t a, uint64_t b, uint64_t c, int rm,
                     uint32_t *flags)
{
    RV_SOFT(fpu_fma(f, a, b, c, &st));
}

/* kind: FP_INT_W, FP_INT_WU, FP_INT_L, FP_INT_LU; 32-bit results are sign-extended. */
uint64_t fp_to_int(const FpFmt *f, uint64_t bits, int kind, int rm, uint32_t *flags)
{
    int width = kind == FP_INT_W || kind == FP_INT_WU ? 32 : 64;
    bool is_signed = kind == FP_INT_W || kind == FP_INT_L;
    FpStatus st = fp_rv_status(rm);
    uint64_t r = fpu_to_int(f, bits, width, is_signed, 0, rm, &st);
    *flags |= st.flags;
    return width == 32 ? (uint64_t)(int64_t)(int32_t)r : r;
}

uint64_t fp_from_int(const FpFmt *f, uint64_t x, int kind, int rm, uint32_t *flags)
{
    int width = kind == FP_INT_W || kind == FP_INT_WU ? 32 : 64;
    RV_SOFT(fpu_from_int(f, x, width, kind == FP_INT_W || kind == FP_INT_L, 0, &st));
}

uint64_t fp_convert(const FpFmt *to, const FpFmt *from, uint64_t bits, int rm,
                    uint32_t *flags)
{
    RV_SOFT(fpu_convert(to, from, bits, &st));
}
