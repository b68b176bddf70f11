/* The AdvSIMD FP helper's control word and operations (vfp_helper.c, trans_simd_fp.c.inc). */
#ifndef TRIX_ARM64_VFP_HELPER_H
#define TRIX_ARM64_VFP_HELPER_H

#include <stdint.h>

/* Lane operations. x (the control word's extra field) is a rounding code for RINT/TOINT
 * (0..7: N P M Z A - X I, as FRINT's rmode; TOINT: FP_RM_* or 7 = FPCR). */
enum {
    VFP_ADD, VFP_SUB, VFP_MUL, VFP_DIV, VFP_MAX, VFP_MIN, VFP_MAXNM, VFP_MINNM, VFP_MULX,
    VFP_ABD, VFP_MLA, VFP_MLS, VFP_RECPS, VFP_RSQRTS, VFP_CMEQ, VFP_CMGE, VFP_CMGT,
    VFP_ACGE, VFP_ACGT,
    VFP_ABS, VFP_NEG, VFP_SQRT, VFP_RINT, VFP_TOINT_S, VFP_TOINT_U, VFP_CVTF_S, VFP_CVTF_U,
    VFP_RECPE, VFP_RSQRTE, VFP_RECPX,
    VFP_RINT_N,                 /* FRINT32/64: x = 64-bit << 1 | FPCR rounding */
    VFP_URECPE, VFP_URSQRTE,    /* 32-bit integer lanes */
    VFP_CMGT0, VFP_CMEQ0, VFP_CMLT0, VFP_CMGE0, VFP_CMLE0,
    VFP_TOFIX_S, VFP_TOFIX_U, VFP_FIXCVT_S, VFP_FIXCVT_U,   /* m: the fraction bits */
    VFP_CVTL, VFP_CVTN, VFP_CVTXN,  /* width changes: last (helper_a64_vfp tests >= CVTL) */
};

/* How lanes are combined: lane by lane (Vd op= Vn, Vm), pairwise (Vn:Vm pairs), across
 * Vn's lanes (tree reduction), with Vm's lane idx for every lane, or Vn's two lanes into a
 * scalar. SCALAR: only lane 0, the rest of Vd zeroed. */
enum { VFP_K_LANES, VFP_K_PAIR, VFP_K_ACROSS, VFP_K_ELEM, VFP_K_SPAIR };

#define VFP_OP_SH 0         /* 6 bits */
#define VFP_KIND_SH 6       /* 3 bits */
#define VFP_ESZ_SH 9        /* 2 bits: log2 bytes of a lane (2 or 3; CVTL/CVTN: the wide one) */
#define VFP_Q_SH 11
#define VFP_SCALAR_SH 12
#define VFP_IDX_SH 13       /* 2 bits */
#define VFP_X_SH 15         /* 3 bits */
#define VFP_RD_SH 18
#define VFP_RN_SH 23
#define VFP_RM_SH 28        /* 5 bits, up to bit 32 */
#define VFP_FBITS_SH 33     /* 7 bits: fixed-point conversions' fraction bits */
#define VFP_CTL(op, kind, esz, q, scalar, idx, x, rd, rn, rm) \
    ((uint64_t)(op) << VFP_OP_SH | (uint64_t)(kind) << VFP_KIND_SH | \
     (uint64_t)(esz) << VFP_ESZ_SH | (uint64_t)(q) << VFP_Q_SH | \
     (uint64_t)(scalar) << VFP_SCALAR_SH | (uint64_t)(idx) << VFP_IDX_SH | \
     (uint64_t)(x) << VFP_X_SH | (uint64_t)(rd) << VFP_RD_SH | (uint64_t)(rn) << VFP_RN_SH | \
     (uint64_t)(rm) << VFP_RM_SH)
#define VFP_FIELD(ctl, sh, w) ((int)(((ctl) >> (sh)) & ((1u << (w)) - 1)))

#endif
