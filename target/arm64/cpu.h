/* arm64 (AArch64, EL0) CPU state and the frontend's public entry points. */
#ifndef TRIX_ARM64_CPU_H
#define TRIX_ARM64_CPU_H

#include "trix/exec.h"

/* Architected exceptions as cpu_exec returns them (user mode maps them to signals). */
enum {
    A64_EXCP_SVC = 1,           /* pc is on the svc; syscall_return moves past it */
    A64_EXCP_UDEF = 2,          /* undefined instruction at pc */
    A64_EXCP_DABORT = 3,        /* data abort: fault_addr */
    A64_EXCP_PABORT = 4,        /* instruction fetch abort: fault_addr */
    A64_EXCP_ALIGN = 5,         /* alignment fault: fault_addr */
    A64_EXCP_BRK = 6,           /* brk #imm */
};

/* FPCR/FPSR bits that translation and the user-mode signal frame care about. */
#define A64_FPSR_MASK 0xf800009fu   /* NZCV, QC, IDC..IOC */
#define A64_FPCR_MASK 0x07f79f00u   /* AHP DN FZ RMode Stride FZ16 Len IDE..IOE */

typedef struct A64CPU {
    CPUState cs;                /* must be first: IR env offsets start here */
    uint64_t x[31];             /* X0..X30; register 31 is SP or XZR by encoding */
    uint64_t sp;
    uint64_t pc;
    /* NZCV as four 0/1 values, each its own IR global, so that liveness drops the flags no
     * later instruction in the block reads. */
    uint64_t nf, zf, cf, vf;
    uint64_t excl_addr;         /* exclusive monitor: address, -1 when open */
    uint64_t excl_val;          /* value LDXR saw (STXR is a compare-and-swap on it) */
    uint64_t excl_val2;         /* LDXP: the second value */
    uint64_t excl_size;         /* bytes covered by the reservation */
    uint64_t tpidr_el0, tpidrro_el0;
    uint32_t fpcr, fpsr;
    uint64_t fault_addr;        /* address of the last abort */
    /* V0..V31: 16 bytes each, lane i at byte i * lane size, as tcg/ir_ops.h's vector ops
     * expect; Dn/Sn/Hn/Bn are the low bytes. */
    uint64_t v[32][2] __attribute__((aligned(16)));
    uint64_t vscratch[4][2] __attribute__((aligned(16)));  /* frontends' temporaries */
} A64CPU;

static inline A64CPU *a64_cpu(CPUState *cs) { return (A64CPU *)cs; }

/* IR global numbering. */
enum {
    A64_G_X = 0,                /* x0..x30 -> 0..30 */
    A64_G_SP = 31,
    A64_G_PC = 32,
    A64_G_NF = 33, A64_G_ZF = 34, A64_G_CF = 35, A64_G_VF = 36,
    A64_G_EXCL_ADDR = 37,
    A64_G_EXCL_VAL = 38,
    A64_G_COUNT = 39,
};

extern const TargetOps a64_target_ops;

/* Pack/unpack NZCV as the NZCV system register and SPSR hold it (bits 31..28). */
uint64_t a64_get_nzcv(const A64CPU *env);
void a64_set_nzcv(A64CPU *env, uint64_t v);

/* Disassembler for -d in_asm (capstone). */
int a64_disas(char *buf, size_t len, uint64_t pc, const uint8_t *code, size_t avail);

#endif
