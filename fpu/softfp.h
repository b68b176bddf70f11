/* Shared software IEEE 754 core: half/single/double arithmetic under a per-guest policy. */
/*
 * Every guest (riscv64, arm64, x86-64 later) calls these with an FpStatus describing its
 * rules: the rounding mode, how a NaN result is chosen, default-NaN mode, flush-to-zero of
 * inputs and outputs, when tininess is detected, and what an invalid float-to-integer
 * conversion returns. Values are raw bits in a uint64_t (the low 16/32/64 bits); exception
 * flags accrue in st->flags in the host-independent FP_FLAG_* mask (the same bit layout as
 * RISC-V fflags, plus input-denormal), which each frontend maps onto its own register.
 * Everything is exact: each result is formed exactly, or truncated with a sticky bit, and
 * rounded once in fpu_round_pack().
 */
#ifndef TRIX_FPU_SOFTFP_H
#define TRIX_FPU_SOFTFP_H

#include <stdbool.h>
#include <stdint.h>

/* A binary interchange format: precision p (with the hidden bit), exponent range, width. */
typedef struct FpFmt {
    int p;              /* 11, 24 or 53 */
    int emin, emax;     /* unbiased exponent range of normal numbers */
    int bias;
    int width;          /* 16, 32 or 64 */
} FpFmt;

extern const FpFmt fpu_fmt_h, fpu_fmt_s, fpu_fmt_d;

/* Rounding modes (numbered as RISC-V's rm field). ODD is round-to-odd (Arm FCVTXN). */
enum { FP_RM_NE = 0, FP_RM_TZ = 1, FP_RM_DN = 2, FP_RM_UP = 3, FP_RM_MM = 4, FP_RM_ODD = 5 };

/* Exception flags: invalid, divide by zero, overflow, underflow, inexact, input denormal. */
enum { FP_FLAG_NX = 1, FP_FLAG_UF = 2, FP_FLAG_OF = 4, FP_FLAG_DZ = 8, FP_FLAG_NV = 16,
       FP_FLAG_ID = 32 };

/*
 * How a NaN result is chosen when an operand is a NaN:
 *  CANON: always the default NaN (RISC-V).
 *  ARM:   the first signalling NaN quietened, else the first quiet NaN; operands in
 *         order, except fused multiply-add, whose addend comes first; inf*0 + qNaN is the
 *         default NaN with invalid.
 *  X86:   the first NaN operand, quietened; the default NaN is negative.
 */
enum { FP_NAN_CANON, FP_NAN_ARM, FP_NAN_X86 };

/* What an invalid float-to-integer conversion returns. SAT: saturate, NaN as the largest
 * (RISC-V); SAT_NAN0: saturate, NaN as 0 (Arm); INDEFINITE: the most negative integer for
 * every invalid case (x86). */
enum { FP_INTINV_SAT, FP_INTINV_SAT_NAN0, FP_INTINV_INDEFINITE };

typedef struct FpStatus {
    uint8_t rm;             /* FP_RM_* */
    uint8_t nan_rule;       /* FP_NAN_* */
    uint8_t int_invalid;    /* FP_INTINV_* */
    bool default_nan;       /* every NaN result is the default NaN (Arm FPCR.DN) */
    bool flush_in;          /* single/double denormal inputs read as zero, raising ID */
    bool flush_out;         /* single/double results tiny before rounding become zero, UF */
    bool flush16;           /* half inputs and outputs likewise (Arm FZ16; no ID) */
    bool tiny_before;       /* tininess detected before rounding (Arm) instead of after */
    uint32_t flags;         /* FP_FLAG_* accrued */
} FpStatus;

/* Classes of a value. */
enum { FPC_ZERO, FPC_FINITE, FPC_INF, FPC_QNAN, FPC_SNAN };

/* An unpacked value: finite nonzero values are sig * 2^exp (sig has no implied bits). */
typedef struct FpVal {
    int cls;            /* FPC_* */
    bool sign;
    uint64_t sig;
    int exp;
} FpVal;

static inline uint64_t fpu_sign_bit(const FpFmt *f) { return (uint64_t)1 << (f->width - 1); }
static inline uint64_t fpu_quiet_bit(const FpFmt *f) { return (uint64_t)1 << (f->p - 2); }
static inline bool fpu_is_nan_cls(int c) { return c == FPC_QNAN || c == FPC_SNAN; }

int fpu_classify(const FpFmt *f, uint64_t bits);            /* FPC_* of the raw bits */
FpVal fpu_unpack(const FpFmt *f, uint64_t bits);            /* no flushing */
/* The operand as the operation sees it: a denormal may be flushed (st->flush_in/flush16). */
FpVal fpu_unpack_in(const FpFmt *f, uint64_t bits, FpStatus *st);
uint64_t fpu_default_nan(const FpFmt *f, const FpStatus *st);
uint64_t fpu_pack_inf(const FpFmt *f, bool sign);
/* The NaN result of an operation on ops[0..n-1] (at least one a NaN), per st->nan_rule;
 * raises invalid on a signalling NaN. ops are in the rule's priority order. */
uint64_t fpu_pick_nan(const FpFmt *f, const uint64_t *ops, int n, FpStatus *st);
/*
 * Round (sig + d) * 2^exp, where d is 0 when !sticky and strictly between 0 and 1
 * otherwise, to format f in rounding mode rm; accrues NX/UF/OF, flushes tiny results when
 * the status says so. With sticky set, sig must have at least p + 2 bits.
 */
uint64_t fpu_round_pack(const FpFmt *f, bool sign, unsigned __int128 sig, int exp,
                        bool sticky, int rm, FpStatus *st);

/* Arithmetic in st->rm. */
uint64_t fpu_add(const FpFmt *f, uint64_t a, uint64_t b, FpStatus *st);
uint64_t fpu_sub(const FpFmt *f, uint64_t a, uint64_t b, FpStatus *st);
uint64_t fpu_mul(const FpFmt *f, uint64_t a, uint64_t b, FpStatus *st);
uint64_t fpu_div(const FpFmt *f, uint64_t a, uint64_t b, FpStatus *st);
uint64_t fpu_sqrt(const FpFmt *f, uint64_t a, FpStatus *st);
uint64_t fpu_fma(const FpFmt *f, uint64_t a, uint64_t b, uint64_t c, FpStatus *st); /* a*b+c */
/* (a*b+c) * 2^scale rounded once (Arm FRSQRTS: (3 - a*b) / 2). */
uint64_t fpu_fma_scaled(const FpFmt *f, uint64_t a, uint64_t b, uint64_t c, int scale,
                        FpStatus *st);

/* Comparison: one of FP_CMP_*. Quiet compares raise invalid only on a signalling NaN. */
enum { FP_CMP_EQ, FP_CMP_LT, FP_CMP_GT, FP_CMP_UN };
int fpu_compare(const FpFmt *f, uint64_t a, uint64_t b, bool signalling, FpStatus *st);

/*
 * Minimum and maximum (-0 below +0):
 *  PROPAGATE: a NaN operand gives a NaN result (Arm FMIN/FMAX, IEEE 754-2019 minimum);
 *  NUM2008:   a quiet NaN against a number gives the number; a signalling NaN gives a NaN
 *             (IEEE 754-2008 minNum, Arm FMINNM);
 *  NUM2019:   any NaN against a number gives the number, invalid on a signalling NaN; two
 *             NaNs give the default NaN (IEEE 754-2019 minimumNumber, RISC-V FMIN).
 */
enum { FP_MINMAX_PROPAGATE, FP_MINMAX_NUM2008, FP_MINMAX_NUM2019 };
uint64_t fpu_minmax(const FpFmt *f, uint64_t a, uint64_t b, bool is_max, int kind,
                    FpStatus *st);

/* Conversions. Integers are `width` (32 or 64) bits, returned zero-extended; fbits > 0
 * scales by 2^fbits (fixed point). to_int and round_to_int take their rounding mode. */
uint64_t fpu_to_int(const FpFmt *f, uint64_t a, int width, bool is_signed, int fbits, int rm,
                    FpStatus *st);
uint64_t fpu_from_int(const FpFmt *f, uint64_t x, int width, bool is_signed, int fbits,
                      FpStatus *st);
uint64_t fpu_convert(const FpFmt *to, const FpFmt *from, uint64_t a, FpStatus *st);
/* Round to an integral value in the same format; `exact` raises inexact when it changed
 * the value (Arm FRINTX, IEEE roundToIntegralExact). */
uint64_t fpu_round_to_int(const FpFmt *f, uint64_t a, int rm, bool exact, FpStatus *st);

#endif
