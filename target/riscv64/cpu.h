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
    int priv;                   /* RV_PRIV_*: U in user mode; system mode adds S and M */
    uint32_t ext;               /* RV_EXT_* enabled (-cpu rv64,zba=off), from rv_ext_config */
    /* ---- system mode (privileged architecture); unused in user mode ---- */
    bool sys;                   /* set by rv_cpu_reset_system(): privileged state is live */
    bool tlb_superpage;         /* a superpage leaf was cached since the last full flush */
    bool seip_sw;               /* software-written mip.SEIP (or'ed with the PLIC's line) */
    uint64_t mstatus;           /* sstatus is a view of it */
    uint64_t misa, mhartid;
    uint64_t mie;
    uint64_t mip;               /* device-driven bits; updated atomically (other threads) */
    uint64_t medeleg, mideleg;
    uint64_t mtvec, stvec, mepc, sepc, mcause, scause, mtval, stval, mscratch, sscratch;
    uint64_t mcounteren, scounteren, mcountinhibit;
    uint64_t menvcfg, senvcfg;
    uint64_t stimecmp;          /* Sstc */
    uint64_t satp;
    int64_t cycle_offset, instret_offset;   /* mcycle/minstret writes: value - host count */
    uint8_t pmpcfg[64];         /* one byte per entry (pmpcfgN packs eight) */
    uint64_t pmpaddr[64];
    struct HWTimer *stimer;     /* Sstc deadline, created on first use */
} RVCPU;

enum { RV_PRIV_U = 0, RV_PRIV_S = 1, RV_PRIV_M = 3 };

/* Extensions -cpu can switch (cpu_ext.c). The set is fixed before the first translation and
 * the same for every hart, so translated blocks need no flag for it. */
enum {
    RV_EXT_I = 1u << 0, RV_EXT_M = 1u << 1, RV_EXT_A = 1u << 2, RV_EXT_F = 1u << 3,
    RV_EXT_D = 1u << 4, RV_EXT_C = 1u << 5, RV_EXT_S = 1u << 6, RV_EXT_U = 1u << 7,
    RV_EXT_ZICSR = 1u << 8, RV_EXT_ZIFENCEI = 1u << 9, RV_EXT_ZICOND = 1u << 10,
    RV_EXT_ZBA = 1u << 11, RV_EXT_ZBB = 1u << 12, RV_EXT_ZBC = 1u << 13, RV_EXT_ZBS = 1u << 14,
    RV_EXT_SSTC = 1u << 15,
    RV_EXT_DEFAULT = (1u << 16) - 1,
};
extern uint32_t rv_ext_config;          /* what new CPUs get; set by -cpu properties */
const char *rv_cpu_set_prop(const char *name, const char *value);
const char *rv_cpu_props_check(void);
void rv_cpu_props_list(FILE *f);
uint64_t rv_misa_of(uint32_t ext);
/* mepc/sepc as read: bit 1 is masked without C (IALIGN=32). */
static inline uint64_t rv_xepc(const RVCPU *env, uint64_t epc)
{
    return (env->ext & RV_EXT_C) ? epc : epc & ~3ull;
}
void rv_isa_string(char *buf, size_t len, uint32_t ext);

/* Interrupt numbers: bit positions in mip/mie, and the cause code (with RV_CAUSE_INTR). */
enum { RV_IRQ_SSI = 1, RV_IRQ_MSI = 3, RV_IRQ_STI = 5, RV_IRQ_MTI = 7, RV_IRQ_SEI = 9,
       RV_IRQ_MEI = 11 };
#define RV_CAUSE_INTR (1ull << 63)

/* mstatus fields */
#define MSTATUS_SIE   (1ull << 1)
#define MSTATUS_MIE   (1ull << 3)
#define MSTATUS_SPIE  (1ull << 5)
#define MSTATUS_MPIE  (1ull << 7)
#define MSTATUS_SPP   (1ull << 8)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPP   (3ull << MSTATUS_MPP_SHIFT)
#define MSTATUS_FS_SHIFT 13
#define MSTATUS_FS    (3ull << MSTATUS_FS_SHIFT)
#define MSTATUS_XS    (3ull << 15)
#define MSTATUS_MPRV  (1ull << 17)
#define MSTATUS_SUM   (1ull << 18)
#define MSTATUS_MXR   (1ull << 19)
#define MSTATUS_TVM   (1ull << 20)
#define MSTATUS_TW    (1ull << 21)
#define MSTATUS_TSR   (1ull << 22)
#define MSTATUS_UXL   (3ull << 32)
#define MSTATUS_SXL   (3ull << 34)
#define MSTATUS_SD    (1ull << 63)
enum { RV_FS_OFF = 0, RV_FS_INITIAL = 1, RV_FS_CLEAN = 2, RV_FS_DIRTY = 3 };

#define MENVCFG_STCE  (1ull << 63)
#define SATP_MODE_SHIFT 60
#define SATP_ASID_SHIFT 44
#define SATP_PPN_MASK ((1ull << 44) - 1)
enum { RV_SATP_BARE = 0, RV_SATP_SV39 = 8, RV_SATP_SV48 = 9, RV_SATP_SV57 = 10 };

/*
 * MMU indexes (< NB_MMU_MODES): the effective privilege for the access plus the mstatus bits
 * that change permission checks. M is always untranslated (an M-mode load/store under MPRV
 * uses the index of MPP instead). MXR is bit 2; it never matters for M or for fetches.
 */
enum { RV_MMU_U = 0, RV_MMU_S = 1, RV_MMU_S_SUM = 2, RV_MMU_M = 3, RV_MMU_MXR = 4 };

/* TB flags: what translation assumes. User mode always yields 0. */
#define RV_TBF_PRIV_MASK   3u
#define RV_TBF_FS_OFF      (1u << 2)    /* FP instructions and FP CSRs are illegal */
#define RV_TBF_FS_CLEAN    (1u << 3)    /* FS is not Dirty: FP instructions must mark it */
#define RV_TBF_MMU_SHIFT   4            /* 3 bits: the data MMU index */

/* The mmu index for data accesses (MPRV-aware), or for fetches. */
int rv_mmu_index(RVCPU *env, bool ifetch);

/* ---- system mode (cpu_helper.c, csr.c, mmu.c, pmp.c) ---- */

/* Put the hart in its reset state for system emulation: M mode at reset_pc. */
void rv_cpu_reset_system(RVCPU *env, uint64_t hartid, uint64_t reset_pc);
/* Take a trap: cause is an exception code, or RV_CAUSE_INTR | interrupt number. Sets the
 * trap CSRs of M or S (per medeleg/mideleg), the privilege and the pc. */
void rv_do_exception(RVCPU *env, uint64_t cause, uint64_t tval);
/* Drive a mip bit from a device (CLINT, PLIC); safe from the I/O thread. */
void rv_set_irq_level(RVCPU *env, int irq, int level);
/* The same as an IRQ handler: irq_make(rv_cpu_irq_handler, env, RV_IRQ_MTI). */
void rv_cpu_irq_handler(void *opaque, int irq, int level);
/* Recompute interrupt_request / exit_request after mip, mie, mstatus or priv changed. */
void rv_update_irq(RVCPU *env);
/* mip as CSR reads see it (the software SEIP or'ed in). */
uint64_t rv_read_mip(RVCPU *env);
/* Sstc: re-evaluate STIP against stimecmp and (re)arm the deadline timer. */
void rv_timer_update(RVCPU *env);
/* The hart's time CSR source (the board points it at the CLINT's mtime) and its rate.
 * Default: the host monotonic clock at 10 MHz. */
extern uint64_t (*rv_time_source)(void);
extern uint64_t rv_timebase_hz;
uint64_t rv_get_time(void);

/* CSR access (csr.c): the value before the write; false when the access is illegal. */
bool rv_csr_rmw(RVCPU *env, uint32_t csr, bool write, uint64_t value, uint64_t mask,
                uint64_t *old);
void rv_set_fs_dirty(RVCPU *env);
/* The debugger's CSR access (no privilege checks): *val in or out; false if unknown. */
bool rv_csr_debug_access(RVCPU *env, uint32_t csr, bool write, uint64_t *val);

/* Address translation (mmu.c). Result of one walk, without raising anything. */
typedef enum RVXlateResult { RV_XLATE_OK, RV_XLATE_PAGE_FAULT, RV_XLATE_ACCESS_FAULT } RVXlateResult;
RVXlateResult rv_translate_addr(RVCPU *env, uint64_t vaddr, MMUAccessType type, int mmu_idx,
                                uint64_t *paddr, int *prot, int *page_shift);
bool rv_tlb_fill(CPUState *cs, uint64_t vaddr, MMUAccessType type, int mmu_idx, bool probe);
bool rv_debug_translate(CPUState *cs, uint64_t vaddr, uint64_t *paddr);
void rv_tlb_flush_all(RVCPU *env);

/* PMP (pmp.c). */
bool rv_pmp_check(RVCPU *env, uint64_t paddr, uint64_t size, MMUAccessType type, int priv);
/* PROT_* allowed for the whole 4 KiB page at paddr for priv (conservative at boundaries). */
int rv_pmp_page_prot(RVCPU *env, uint64_t paddr, int priv);
bool rv_pmp_read_csr(RVCPU *env, uint32_t csr, uint64_t *val);
bool rv_pmp_write_csr(RVCPU *env, uint32_t csr, uint64_t val);

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
/* ABI register names (x0..x31, f0..f31), shared by dumps and the disassembler. */
extern const char *const rv_gpr_names[32];
extern const char *const rv_fpr_names[32];

/* Disassembler (target/riscv64/disas.c): one instruction, returns length 2 or 4, or 0 if
 * `avail` is too short. Prints in objdump's syntax (aliases like objdump -M no-aliases off). */
int rv_disas(char *buf, size_t len, uint64_t pc, const uint8_t *code, size_t avail);

#endif
