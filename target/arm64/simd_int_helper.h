/* The AdvSIMD integer helper's operations and control word (simd_int_helper.c). */
#ifndef TRIX_ARM64_SIMD_INT_HELPER_H
#define TRIX_ARM64_SIMD_INT_HELPER_H

#include <stdint.h>

/*
 * One helper, helper_a64_vint(env, ctl), works on the V registers in place. ctl packs the
 * operation, Q (16 bytes, or the upper half for the widening/narrowing "2" forms), the lane
 * size esz (the narrow size for widening/narrowing ops), S (scalar: one lane, the rest of
 * Vd zeroed), U (unsigned), an immediate (shift count or REV container) and the registers
 * d, n, m: 0..31 are V0..V31, 32..35 the frontend's vscratch[0..3].
 */
enum {
    /* lane-wise: Vd[i] = f(Vn[i], Vm[i], Vd[i]) */
    VI_HADD = 1, VI_RHADD, VI_HSUB, VI_QADD, VI_QSUB, VI_ABD, VI_ABA, VI_SHL, VI_RSHL,
    VI_QSHL, VI_QRSHL, VI_QDMULH, VI_QRDMULH, VI_PMUL, VI_MUL, VI_CLS, VI_CLZ, VI_CNT,
    VI_RBIT, VI_QABS, VI_QNEG, VI_SQADDU, VI_RSHR_I, VI_RSRA_I, VI_SRI, VI_SLI, VI_QSHL_I,
    VI_QSHLU_I,
    /* widening/narrowing three-different (esz = narrow size) */
    VI_ADDL, VI_ADDW, VI_SUBL, VI_SUBW, VI_ABAL, VI_ABDL, VI_MLAL, VI_MLSL, VI_MULL,
    VI_QDMLAL, VI_QDMLSL, VI_QDMULL, VI_ADDHN, VI_RADDHN, VI_SUBHN, VI_RSUBHN,
    /* two-reg misc and shifts that widen or narrow */
    VI_ADDLP, VI_ADALP, VI_XTN, VI_QXTN, VI_QXTUN, VI_SHLL, VI_SHRN, VI_RSHRN, VI_QSHRN,
    VI_QRSHRN, VI_QSHRUN, VI_QRSHRUN, VI_SHLL_I,
    /* pairwise, across lanes, permutes of bytes */
    VI_ADDP, VI_MAXP, VI_MINP, VI_ADDV, VI_ADDLV, VI_MAXV, VI_MINV, VI_REV,
};

#define VI_CTL(op, q, esz, s, u, imm, rd, rn, rm) \
    ((uint64_t)(op) | (uint64_t)(q) << 8 | (uint64_t)(esz) << 9 | (uint64_t)(s) << 11 | \
     (uint64_t)(u) << 12 | (uint64_t)(imm) << 13 | (uint64_t)(rd) << 21 | \
     (uint64_t)(rn) << 27 | (uint64_t)(rm) << 33)
#define VI_OP(c)  ((int)((c) & 0xff))
#define VI_Q(c)   ((int)((c) >> 8) & 1)
#define VI_ESZ(c) ((int)((c) >> 9) & 3)
#define VI_S(c)   ((int)((c) >> 11) & 1)
#define VI_U(c)   ((int)((c) >> 12) & 1)
#define VI_IMM(c) ((int)((c) >> 13) & 0xff)
#define VI_RD(c)  ((int)((c) >> 21) & 0x3f)
#define VI_RN(c)  ((int)((c) >> 27) & 0x3f)
#define VI_RM(c)  ((int)((c) >> 33) & 0x3f)

#define A64_FPSR_QC (1u << 27)

#endif
