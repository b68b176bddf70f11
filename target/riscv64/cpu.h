/* riscv64 CPU state and the frontend's public entry points. */
#ifndef TRIX_RISCV64_CPU_H
#define TRIX_RISCV64_CPU_H

#include "trix/exec.h"

/* Architected exception causes (mcause values, interrupt bit clear). */
enum {
    RV_EXCP_INST_MISALIGNED = 0, RV_EXCP_INST_ACCESS = 1, RV_EXCP_ILLEGAL_INST = 2,
    RV_EXCP_BREAKPOINT = 3, RV_EXCP_LOAD_MISALIGNED = 4, RV_EXCP_LOAD_ACCESS = 5,
    RV_EXCP_STORE_MISALIGNED = 6, RV_EXCP_STORE_ACCESS = 7, RV_EXCP_ECALL_U = 8,
    RV_EXCP_ECALL_S = 9, RV_EXCP_ECALL_M = 11, RV_EXCP_INST_PAGE = 12,
    RV_EXCP_LOAD_PAGE = 13, RV_EXCP_STORE_PAGE = 15,
};

/* fflags bits */
enum { RV_FFLAG_NX = 1, RV_FFLAG_UF = 2, RV_FFLAG_OF = 4, RV_FFLAG_DZ = 8, RV_FFLAG_NV = 16 };
/* rounding modes (frm / rm field) */
enum { RV_RM_RNE = 0, RV_RM_RTZ = 1, RV_RM_RDN = 2, RV_RM_RUP = 3, RV_RM_RMM = 4, RV_RM_DYN = 7 };

typedef struct RVCPU {
    CPUState cs;                /* must be first: IR env offsets start here */
    uint64_t gpr[32];           /* gpr[0] is always 0; IR never writes it */
    uint64_t fpr[32];           /* NaN-boxed singles */
    uint64_t pc;
    uint64_t load_res;          /* LR reservation address, -1 when none */
    uint64_t load_val;          /* value seen by LR (SC is a compare-and-swap on it) */
    uint32_t frm;               /* dynamic rounding mode */
    uint32_t fflags;            /* accrued exception flags */
    uint64_t badaddr;           /* tval of the last exception */
    uint64_t insn_count;        /* last instret value read (user mode: host-clock based) */
    int priv;                   /* 0 = U; system mode adds S and M */
} RVCPU;

static inline RVCPU *rv_cpu(CPUState *cs) { return (RVCPU *)cs; }

/* IR global numbering: gpr k (1..31) is global RV_G_GPR + k - 1, etc. */
enum {
    RV_G_GPR = 0,               /* x1..x31 -> 0..30 */
    RV_G_PC = 31,
    RV_G_LOAD_RES = 32,
    RV_G_LOAD_VAL = 33,
    RV_G_FPR = 34,              /* f0..f31 -> 34..65 */
    RV_G_COUNT = 66,
};

extern const TargetOps rv_target_ops;

/* Disassembler (target/riscv64/disas.c): one instruction, returns length 2 or 4, or 0 if
 * `avail` is too short. Prints in objdump's syntax (aliases like objdump -M no-aliases off). */
int rv_disas(char *buf, size_t len, uint64_t pc, const uint8_t *code, size_t avail);

#endif
