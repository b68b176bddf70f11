/* The glibc-subset AdvSIMD helper's control word (simd_helper.c). */
#ifndef TRIX_ARM64_SIMD_HELPER_H
#define TRIX_ARM64_SIMD_HELPER_H

enum { A64_VOP_ADDP = 1, A64_VOP_MAXP, A64_VOP_MINP, A64_VOP_ACROSS, A64_VOP_PERM,
       A64_VOP_EXT, A64_VOP_CNT, A64_VOP_REV64, A64_VOP_NARROW, A64_VOP_USHR, A64_VOP_SSHR,
       A64_VOP_SHL, A64_VOP_SSHLL, A64_VOP_USHLL };

/* ctl fields: shift and width. X is the op's extra operand (shift, opcode, byte index). */
#define A64_VOP_OP_SH 0
#define A64_VOP_Q_SH 8
#define A64_VOP_ESZ_SH 9
#define A64_VOP_X_SH 12
#define A64_VOP_RD_SH 20
#define A64_VOP_RN_SH 25
#define A64_VOP_RM_SH 30
#define A64_VOP_OP_W 8
#define A64_VOP_Q_W 1
#define A64_VOP_ESZ_W 3
#define A64_VOP_X_W 8
#define A64_VOP_RD_W 5
#define A64_VOP_RN_W 5
#define A64_VOP_RM_W 5
#define A64_VOP_FIELD(ctl, F) ((int)(((ctl) >> A64_VOP_##F##_SH) & ((1u << A64_VOP_##F##_W) - 1)))
#define A64_VOP_CTL(op, q, esz, x, rd, rn, rm) \
    ((uint64_t)(op) | (uint64_t)(q) << A64_VOP_Q_SH | (uint64_t)(esz) << A64_VOP_ESZ_SH | \
     (uint64_t)(x) << A64_VOP_X_SH | (uint64_t)(rd) << A64_VOP_RD_SH | \
     (uint64_t)(rn) << A64_VOP_RN_SH | (uint64_t)(rm) << A64_VOP_RM_SH)

void helper_a64_vop(CPUState *cs, uint64_t ctl);
IR_HELPER_DECL(a64_vop);

#endif
