/* x86-64 CPU state (user mode: long mode, CPL 3; system mode: X86SysState) and entry points. */
#ifndef TRIX_X86_64_CPU_H
#define TRIX_X86_64_CPU_H

#include "trix/exec.h"
#include "target/x86_64/x86_seg.h"

/* Architected exceptions as cpu_exec returns them (vector numbers, + syscall). */
enum {
    X86_EXCP_DE = 0, X86_EXCP_DB = 1, X86_EXCP_BP = 3, X86_EXCP_OF = 4, X86_EXCP_BR = 5,
    X86_EXCP_UD = 6, X86_EXCP_NM = 7, X86_EXCP_DF = 8, X86_EXCP_TS = 10, X86_EXCP_NP = 11,
    X86_EXCP_SS = 12, X86_EXCP_GP = 13, X86_EXCP_PF = 14, X86_EXCP_MF = 16, X86_EXCP_AC = 17,
    X86_EXCP_XM = 19,
    X86_EXCP_SYSCALL = 0x100,   /* user mode: SYSCALL at pc (syscall_return moves past it) */
};

enum { X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI, X86_RDI };

/* EFLAGS bits. */
#define X86_CF 0x0001u
#define X86_PF 0x0004u
#define X86_AF 0x0010u
#define X86_ZF 0x0040u
#define X86_SF 0x0080u
#define X86_TF 0x0100u
#define X86_IF 0x0200u
#define X86_DF 0x0400u
#define X86_OF 0x0800u
#define X86_AC 0x40000u
#define X86_ID 0x200000u
#define X86_CC_MASK (X86_CF | X86_PF | X86_AF | X86_ZF | X86_SF | X86_OF)

/*
 * Lazy condition codes (docs/x86_64.md "Flags"): the six arithmetic flags are not kept in
 * eflags while code runs. The last flag-setting operation leaves its kind in cc_op and its
 * result and operands in cc_dst / cc_src / cc_src2; a reader computes the flag it needs from
 * them (in IR when the frontend knows cc_op at translation time, else x86_cc_compute()).
 * cc_op values: kind * 4 + size (0: 8, 1: 16, 2: 32, 3: 64 bits).
 * cc_src2 is kept only for ADC and SBB: for ADD, SUB, INC and DEC x86_cc_compute
 * recomputes the first operand from dst and src (the frontend's readers in the same block
 * use a copy of it), which saves a store per flag-setting block.
 */
enum {
    X86_CC_EFLAGS = 0,  /* cc_src holds the flags themselves (CC_MASK bits) */
    X86_CC_ADD = 1,     /* dst = src2 + src  (src2: first operand, src: second) */
    X86_CC_ADC = 2,     /* dst = src2 + src + carry-in; carry-in in bit 0 of... see cc.c */
    X86_CC_SUB = 3,     /* dst = src2 - src (CMP too) */
    X86_CC_SBB = 4,
    X86_CC_LOGIC = 5,   /* CF = OF = 0; ZF/SF/PF from dst; AF undefined (0) */
    X86_CC_INC = 6,     /* dst = src2 + 1; CF from cc_src (the old CF) */
    X86_CC_DEC = 7,
    X86_CC_MUL = 8,     /* CF = OF = (cc_src != 0): the product overflowed; ZF/SF/PF from dst */
    X86_CC_SHL = 9,     /* cc_src = the operand shifted by count - 1: CF its top bit */
    X86_CC_SAR = 10,    /* SAR and SHR: cc_src = operand >> (count - 1): CF its bit 0 */
    X86_CC_KINDS = 11,
};
#define X86_CC_OP(kind, sz) ((kind) * 4 + (sz))

/*
 * System-mode processor state (issue 14). Contract between the frontend's system parts
 * (segmentation, exceptions, paging): see target/x86_64/x86_sys.h and docs/x86_64-system.md.
 */
typedef struct X86Seg {
    uint16_t sel;
    uint32_t limit;             /* byte granular (G already applied) */
    uint64_t base;              /* FS/GS: the base is fs_base/gs_base (IR globals), not this */
    uint32_t flags;             /* descriptor bits 40..55 as (desc_hi >> 8) & 0xf0ff: type,
                                 * S, DPL, P, AVL, L, D/B, G */
} X86Seg;

/* hflags: the mode bits translation depends on (part of the block key in system mode),
 * recomputed by x86_update_hflags() whenever CR0/CR4/EFER/CS/SS change. User mode runs with
 * CPL 3, CS64, SS32, PE, LMA. */
#define X86_HF_CPL_MASK     0x0003u
#define X86_HF_CS32         0x0004u     /* CS.D: 32-bit default operand/address size */
#define X86_HF_CS64         0x0008u     /* CS.L with EFER.LMA: 64-bit mode */
#define X86_HF_SS32         0x0010u     /* SS.B: 32-bit stack */
#define X86_HF_PE           0x0020u     /* CR0.PE */
#define X86_HF_LMA          0x0040u     /* EFER.LMA */
#define X86_HF_ADDSEG       0x0080u     /* legacy modes: a DS/ES/SS base may be non-zero */
#define X86_HF_PG           0x0100u     /* CR0.PG */
#define X86_HF_OSFXSR       0x0200u     /* CR4.OSFXSR (SSE enabled) */
#define X86_HF_TS_EM        0x0400u     /* CR0.TS or CR0.EM: FP/SSE raise #NM/#UD */
#define X86_HF_INHIBIT_IRQ  0x0800u     /* after STI / MOV SS: no interrupt before the next insn */
#define X86_HF_SMAP         0x1000u     /* CR4.SMAP */
#define X86_HF_OSXSAVE      0x2000u     /* CR4.OSXSAVE */
#define X86_HF_FSGSBASE     0x4000u     /* CR4.FSGSBASE: RDFSBASE & co. (always in user mode) */

/* softmmu MMU indexes in system mode: the three access kinds, per PCID slot (mmu.c keeps
 * the TLB entries of X86_PCID_SLOTS address spaces: index = kind + X86_MMU_COUNT * slot). */
enum { X86_MMU_USER, X86_MMU_KSMAP, X86_MMU_KNOSMAP, X86_MMU_COUNT };
#define X86_PCID_SLOTS 2
#define X86_MMU_INDEXES (X86_MMU_COUNT * X86_PCID_SLOTS)

typedef struct X86SysState {
    uint32_t hflags;
    X86Seg seg[X86_SEG_COUNT];
    uint64_t gdt_base, idt_base;
    uint32_t gdt_limit, idt_limit;
    uint64_t cr0, cr3, cr4, efer, xcr0;     /* CR2 is X86CPU.fault_addr, CR8 is the APIC TPR */
    uint64_t dr[8];
    uint64_t kernel_gs_base, star, lstar, cstar, fmask;
    uint64_t sysenter_cs, sysenter_esp, sysenter_eip;
    uint64_t pat, tsc_aux, misc_enable, apic_base;
    int64_t tsc_offset;
    /* interrupt inputs (x86_sys.h) */
    uint32_t pending;                       /* X86_PEND_* */
    uint8_t sipi_vector;
    bool wait_sipi;                         /* after INIT: halted until a SIPI */
    bool nmi_blocked;                       /* from NMI delivery to the next IRET */
    const struct X86IntcOps *intc;          /* the local APIC (or a board's INTR source) */
    void *intc_opaque;
    int apic_id, ncpus;
    bool bsp;
    int cpuid_model;                        /* index into the -cpu models (cpuid.c) */
    struct X86BootState *boot;              /* x86_cpu_set_boot's copy; NULL: reset state */
    /* mmu.c: TLB slots holding non-global translations, and whether a large page was
     * installed since the last full flush (INVLPG then flushes everything). */
    uint8_t tlb_ng[X86_MMU_INDEXES][256];
    bool tlb_large;
    /* the PCIDs whose translations the TLB slots hold (-1: none), the current slot, and
     * which slot a new PCID takes */
    int pcid_slot[X86_PCID_SLOTS];
    int cur_slot, next_slot;
    /* excp.c: the exception being delivered (-1: none), for double/triple faults. */
    int delivering;
    uint64_t tsc_adjust;
} X86SysState;

typedef struct X86CPU {
    CPUState cs;                /* must be first: IR env offsets start here */
    uint64_t regs[16];
    uint64_t rip;
    uint64_t cc_op, cc_dst, cc_src, cc_src2;
    uint64_t eflags;            /* the non-arithmetic bits (DF, IF, ID, AC...) + bit 1 */
    uint64_t df;                /* 1 or -1: the string-op step direction */
    uint64_t fs_base, gs_base;
    uint64_t fault_addr;        /* address of the last page fault (CR2) */
    uint32_t error_code;
    uint32_t mxcsr;
    /* x87 (the arithmetic is issue 13's work in progress): control/status/tag words and the
     * eight registers in FXSAVE's 16-byte slots (80-bit values in the low 10 bytes). */
    uint16_t fcw, fsw;
    uint8_t ftw;                /* abridged tag word: bit i set = ST(i) physical reg valid */
    uint8_t fpregs[8][16];
    /* XMM0..15 (the low 128 bits of YMM0..15 — the upper halves follow in ymmh), lane i at
     * byte i * lane size as tcg/ir_ops.h's vector ops expect. */
    uint64_t xmm[16][2] __attribute__((aligned(16)));
    uint64_t ymmh[16][2] __attribute__((aligned(16)));
    uint64_t vscratch[8][2] __attribute__((aligned(16)));     /* slot i + 4: the upper half
                                                                * of a 32-byte slot i */
    X86SysState sys;            /* system mode (x86_sys.h); zero in user mode except hflags */
} X86CPU;

static inline X86CPU *x86_cpu(CPUState *cs) { return (X86CPU *)cs; }

/* The MMU index for a helper's own guest memory accesses (FXSAVE, x87 loads...): the
 * current privilege's in system mode, 0 in user mode. */
extern bool exec_softmmu;
int x86_cpu_mmu_index(CPUState *cs, bool ifetch);
static inline int x86_mmu_idx(CPUState *cs) { return exec_softmmu ? x86_cpu_mmu_index(cs, false) : 0; }

/* IR global numbering. */
enum {
    X86_G_REG = 0,              /* rax..r15 -> 0..15 */
    X86_G_RIP = 16,
    X86_G_CC_OP = 17, X86_G_CC_DST = 18, X86_G_CC_SRC = 19, X86_G_CC_SRC2 = 20,
    X86_G_DF = 21,
    X86_G_FS_BASE = 22, X86_G_GS_BASE = 23,
    X86_G_COUNT = 24,
};

extern const TargetOps x86_target_ops;

/* CPUID leaf 1 EDX (also AT_HWCAP): FPU, TSC, CX8, CMOV, MMX, FXSR, SSE, SSE2 — the x86-64
 * baseline every 64-bit program may assume. (The x87 and SSE groups are issue 13's work in
 * progress: until they land, programs that use them get #UD.) */
#define X86_CPUID1_EDX ((1u << 0) | (1u << 4) | (1u << 8) | (1u << 15) | (1u << 23) | \
                        (1u << 24) | (1u << 25) | (1u << 26))

/* The full EFLAGS (arithmetic flags computed from the lazy state) and its inverse. */
uint64_t x86_get_eflags(const X86CPU *env);
void x86_set_eflags(X86CPU *env, uint64_t v);
/* The CC_MASK flags of the lazy state. */
uint64_t x86_cc_compute(uint64_t cc_op, uint64_t dst, uint64_t src, uint64_t src2);
/* Call before reading or writing env->mxcsr: the host MXCSR may hold its flags
 * (sse_fp_host.c). */
void x86_mxcsr_sync(X86CPU *env);
/* The TB flag X86_TBF_MXCSR_DEFAULT: MXCSR's control bits were the default 0x1f80 (round to
 * nearest, all exceptions masked, no DAZ/FTZ) when the block was looked up; such blocks run
 * SSE arithmetic on the host unit directly (helper_x86_sse_host, inlined by the JIT), the
 * flags accruing in the host MXCSR, which x86_mxcsr_own has given to env. */
#define X86_TBF_MXCSR_DEFAULT 1u
static inline bool x86_mxcsr_is_default(uint32_t mxcsr) { return (mxcsr & ~0x3fu) == 0x1f80u; }
void x86_mxcsr_own(X86CPU *env);
/* x86_mxcsr_sync, and the host MXCSR no longer belongs to env (before trix's own code). */
void x86_mxcsr_release(X86CPU *env);

/* System mode, segmentation basics (target/x86_64/seg.c). */
/* Recompute env->sys.hflags from CR0/CR4/EFER, the CS/SS caches and the CPL (CS.sel RPL
 * outside real mode). */
void x86_update_hflags(X86CPU *env);
/* Set a segment register's cache without checks (exception delivery, SYSCALL/SYSRET, reset,
 * loaders); FS/GS set fs_base/gs_base; CS and SS update hflags. */
void x86_seg_set(X86CPU *env, int seg, uint16_t sel, uint64_t base, uint32_t limit,
                 uint32_t flags);
/* The 8-byte descriptor of selector sel from the GDT or LDT (by sel.TI); false when sel's
 * index is beyond the table's limit. A fault reading the table raises it. */
bool x86_read_desc(X86CPU *env, uint16_t sel, uint64_t *desc);
/* Descriptor fields. */
uint64_t x86_desc_base(uint64_t desc);
uint32_t x86_desc_limit(uint64_t desc);         /* byte granular */
uint32_t x86_desc_flags(uint64_t desc);         /* X86Seg.flags */

int x86_disas(char *buf, size_t len, uint64_t pc, const uint8_t *code, size_t avail);

#endif
