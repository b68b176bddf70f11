/* Shared software 80-bit extended precision (x87 format): arithmetic, rounding to 24/53/64 bits. */
/*
 * The format: sign, 15-bit biased exponent (bias 16383), 64-bit significand with an explicit
 * integer bit. Unnormals, pseudo-infinities and pseudo-NaNs are unsupported encodings (an
 * invalid operand, as on every CPU since the 387); pseudo-denormals are read as denormals of
 * exponent 1 - 16383 (SDM Vol. 1 8.2.2). `prec` is the significand precision the result is
 * rounded to (24, 53 or 64: x87 precision control); the exponent range stays extended.
 * Flags accrue in st->flags (FP_FLAG_*); FP_FLAG_RUP records that the last rounding
 * increased the magnitude (x87 C1). NaN results follow FP_NAN_X86 (negative default NaN).
 */
#ifndef TRIX_FPU_SOFTFP_X80_H
#define TRIX_FPU_SOFTFP_X80_H

#include "fpu/softfp.h"

typedef struct FpX80 {
    uint64_t sig;
    uint16_t se;        /* sign (bit 15) and biased exponent */
} FpX80;

enum { FP_FLAG_RUP = 64 };
#define FPX80_BIAS 16383
#define FPX80_EMIN (-16382)

int fpx80_classify(FpX80 a);                /* FPC_*; unsupported encodings are FPC_SNAN */
bool fpx80_is_unsupported(FpX80 a);
bool fpx80_is_denormal(FpX80 a);            /* incl. pseudo-denormals */
FpX80 fpx80_default_nan(void);
FpX80 fpx80_round_pack(bool sign, unsigned __int128 sig, int exp, bool sticky, int prec,
                       int rm, FpStatus *st);

FpX80 fpx80_add(FpX80 a, FpX80 b, int prec, FpStatus *st);
FpX80 fpx80_sub(FpX80 a, FpX80 b, int prec, FpStatus *st);
FpX80 fpx80_mul(FpX80 a, FpX80 b, int prec, FpStatus *st);
FpX80 fpx80_div(FpX80 a, FpX80 b, int prec, FpStatus *st);
FpX80 fpx80_sqrt(FpX80 a, int prec, FpStatus *st);
int fpx80_compare(FpX80 a, FpX80 b, bool signalling, FpStatus *st);     /* FP_CMP_* */
FpX80 fpx80_round_to_int(FpX80 a, int rm, FpStatus *st);

/* Conversions: from a single/double (exact), to one (rounded in st->rm), integers. */
FpX80 fpx80_from_fmt(const FpFmt *f, uint64_t bits, FpStatus *st);
uint64_t fpx80_to_fmt(const FpFmt *f, FpX80 a, FpStatus *st);
FpX80 fpx80_from_int(int64_t x);
/* To a signed `width`-bit integer in rounding mode rm; invalid gives the indefinite. */
uint64_t fpx80_to_int(FpX80 a, int width, int rm, FpStatus *st);

#endif
