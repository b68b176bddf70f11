/* arm64 (AArch64) CPU state and the frontend's public entry points. */
#ifndef TRIX_ARM64_CPU_H
#define TRIX_ARM64_CPU_H

#include "trix/exec.h"
#include "trix/hw.h"

/* Architected exceptions as cpu_exec returns them (user mode maps them to signals). */
enum {
    A64_EXCP_SVC = 1,           /* pc is on the svc; syscall_return moves past it */
    A64_EXCP_UDEF = 2,          /* undefined instruction at pc */
    A64_EXCP_DABORT = 3,        /* data abort: fault_addr */
    A64_EXCP_PABORT = 4,        /* instruction fetch abort: fault_addr */
    A64_EXCP_ALIGN = 5,         /* alignment fault: fault_addr */
    A64_EXCP_BRK = 6,           /* brk #imm */
    /* System mode: an exception whose syndrome is in A64CPU.pend (sys_cpu.c). */
    A64_EXCP_SYNC = 7,
};

/* FPCR/FPSR bits that translation and the user-mode signal frame care about. */
#define A64_FPSR_MASK 0xf800009fu   /* NZCV, QC, IDC..IOC */
#define A64_FPCR_MASK 0x07f79f00u   /* AHP DN FZ RMode Stride FZ16 Len IDE..IOE */

/* One generic timer (physical, virtual, hypervisor, secure) of a vCPU (gtimer.c). */
typedef struct A64GenTimer {
    uint64_t ctl, cval;
    struct HWTimer *timer;
    IRQ out;
    int level;
    void *cpu;                  /* the A64CPU, for the host timer's callback */
    int idx;
} A64GenTimer;

struct A64DevSysReg;

/* Privileged state: exception levels, system registers, interrupt lines, timer, PSCI. Only
 * system mode touches it; user-mode code never reads it (sys.on is false there). */
typedef struct A64SysState {
    bool on;                    /* system mode: this state is live */
    bool configured;            /* a64_cpu_configure was called (else -M none defaults) */
    bool has_el2;
    bool gicv3;
    bool powered_off;           /* PSCI: off until CPU_ON */
    uint64_t tlb_large;         /* 1 GiB regions (a64_tlb_region bits) where a translation
                                   larger than 4 KiB was cached */
    int psci_conduit;           /* 0 none, 1 hvc, 2 smc */
    int el;                     /* current exception level */
    uint32_t pstate;            /* SPSR layout without NZCV: DAIF, SPSel (M[0]), PAN, UAO, IL, SS */
    uint32_t irq_lines;         /* bit n: A64_IRQ_n asserted */
    uint64_t sp_el[3];          /* banked SP_EL0..2; the live one is in A64CPU.sp */
    uint64_t elr[3], spsr[3], esr[3], far[3], vbar[3], sctlr[3], tcr[3], mair[3], amair[3];
    uint64_t afsr0[3], afsr1[3], tpidr[3], actlr[3], ttbr0[3], ttbr1;
    uint64_t contextidr, cpacr, mdscr, par, cntkctl, oslsr, mdccint, disr;
    uint64_t hcr, vttbr, vtcr, cptr_el2, hstr, mdcr_el2, vpidr, vmpidr, hpfar, hacr;
    uint64_t midr, mpidr, rvbar;
    uint64_t cntvoff, cnthctl;
    A64GenTimer gt[4];          /* A64_GT_PHYS, _VIRT, _HYP, _SEC */
    /* The pending synchronous exception (A64_EXCP_SYNC): syndrome, fault address, target. */
    struct { uint32_t esr; uint64_t far; int target_el; bool far_valid; } pend;
    /* Device system registers (a64_cpu_add_dev_sysregs). */
    struct { const struct A64DevSysReg *regs; int n; void *opaque; } dev[4];
    int ndev;
    /* Reset entry (a64_cpu_set_boot) */
    struct { uint64_t pc, x[4]; int el; bool powered_off, set; } boot;
    int model;                  /* index into the -cpu models */
    /* Non-global (nG) translations in the softmmu TLB, per MMU index and slot: an ASID
     * change drops only these (mmu.c). */
    uint8_t tlb_ng[4][TLB_SIZE];
} A64SysState;

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
    A64SysState sys;            /* system mode only (docs/arm64-system.md) */
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

/* System mode: translation-block flags (a64_tb_flags), MMU indexes. */
enum {
    A64_TBF_EL_MASK = 3,
    A64_TBF_FP_OFF = 1 << 2,        /* FP/AdvSIMD instructions trap (CPACR/CPTR) */
    A64_TBF_SPX = 1 << 3,           /* PSTATE.SP: SP_ELx is live (SP_EL0 is in sys.sp_el[0]) */
    A64_TBF_MMU_SHIFT = 4,          /* 3 bits: data accesses' MMU index */
    A64_TBF_UNPRIV_SHIFT = 8,       /* 3 bits: LDTR/STTR's MMU index */
    A64_TBF_SYS = 1u << 31,
};
enum { A64_MMU_EL0, A64_MMU_EL1, A64_MMU_EL1_PAN, A64_MMU_EL2, A64_MMU_COUNT };

uint32_t a64_tb_flags(A64CPU *env);

/* System mode hooks (sys_cpu.c, mmu.c). */
extern const TargetCpuModel a64_cpu_models[];
void a64_cpu_init_sys(A64CPU *env);
void a64_sys_mem_fault(A64CPU *env, uint64_t addr, MMUAccessType type, MemFaultKind kind);
void a64_dump_sys_state(A64CPU *env, FILE *f);
int a64_mmu_index(A64CPU *env, bool ifetch);
bool a64_tlb_fill(CPUState *cs, uint64_t vaddr, MMUAccessType type, int mmu_idx, bool probe);
bool a64_debug_translate(CPUState *cs, uint64_t vaddr, uint64_t *paddr);
bool a64_exec_interrupt(CPUState *cs);
bool a64_has_work(CPUState *cs);
void a64_do_exception(CPUState *cs, int excp);

/* Disassembler for -d in_asm (capstone). */
int a64_disas(char *buf, size_t len, uint64_t pc, const uint8_t *code, size_t avail);

#endif
