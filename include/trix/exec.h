/* Execution core: the common CPU state, translation blocks, the target hooks and the run loop. */
#ifndef TRIX_EXEC_H
#define TRIX_EXEC_H

#include <setjmp.h>
#include "trix/common.h"
#include "../../tcg/ir.h"

/* Interpreter frame slots for block temps; they live inside CPUState so that every IR
 * operand (global or temp) is an offset from one base pointer. */
#define IR_MAX_TEMPS 2048
#define TB_JMP_CACHE_BITS 12
#define TB_JMP_CACHE_SIZE (1u << TB_JMP_CACHE_BITS)

#define ICOUNT_FREE_RUN ((int64_t)1 << 62)     /* the budget without -icount: never runs out */

/* exit_tb codes */
enum {
    TB_EXIT_JUMP0 = 0,      /* after goto_tb 0: the loop may link slot 0 */
    TB_EXIT_JUMP1 = 1,      /* after goto_tb 1 */
    TB_EXIT_NOCHAIN = 2,    /* pc already set; no link */
    TB_EXIT_REQUESTED = 3,  /* exit_request was seen at a block entry */
    TB_EXIT_ICOUNT = 4,     /* -icount: the budget is smaller than the block (pc not set) */
    TB_EXIT_HOT = 5,        /* tier-2 profiling: a counter ran out (pc set to the counted block) */
};

/* Tier-2 profiling counters per CPU, indexed by a hash of the block pc (src/tier2.c). */
#define TIER2_COUNT_BITS 11
#define TIER2_COUNT_SIZE (1u << TIER2_COUNT_BITS)

/* Generic exception numbers; targets use values below EXCP_GENERIC_BASE for architected ones. */
enum {
    EXCP_GENERIC_BASE = 0x10000,
    EXCP_INTERRUPT = EXCP_GENERIC_BASE,  /* exit_request: return to the caller of cpu_exec */
    EXCP_HALTED,                         /* cpu stopped (wfi with nothing pending) */
    EXCP_YIELD,                          /* give other vCPUs / threads a turn */
    EXCP_SYSCALL,                        /* user mode: the guest made a system call */
    EXCP_DEBUG,                          /* breakpoint/single step for the gdb stub */
};

typedef enum MMUAccessType { MMU_DATA_LOAD = 0, MMU_DATA_STORE = 1, MMU_INST_FETCH = 2 } MMUAccessType;
typedef enum MemFaultKind { FAULT_PAGE, FAULT_MISALIGNED, FAULT_ACCESS } MemFaultKind;

/* System mode: software TLB geometry (see include/trix/softmmu.h for the tag layout). */
#define NB_MMU_MODES 8
#define TLB_BITS 8
#define TLB_SIZE (1u << TLB_BITS)
typedef struct TLBEntry {
    uint64_t addr_read, addr_write, addr_code;  /* page vaddr | TLB_* flags; -1: no access */
    uintptr_t addend;                           /* host address = vaddr + addend (RAM) */
    uint64_t paddr;                             /* physical page, for MMIO and code tracking */
} TLBEntry;

/* interrupt_request bits */
enum { CPU_INTERRUPT_HARD = 1, CPU_INTERRUPT_EXITTB = 2 };

typedef struct TranslationBlock TranslationBlock;
typedef struct TargetOps TargetOps;
typedef struct TierOps TierOps;       /* include/trix/tier.h */

/* First member of every target's CPU struct: IR env offsets are relative to its start. */
typedef struct CPUState {
    uint64_t tmp[IR_MAX_TEMPS];         /* interpreter slots for block temps */
    uint64_t insn_pc;                   /* guest pc of the current insn (from insn_start) */
    volatile int exit_request;          /* set asynchronously: leave at the next block entry */
    int exception_index;                /* pending exception, -1 if none */
    int cpu_index;
    int running;
    const TargetOps *target;
    sigjmp_buf jmp_env;                 /* the single unwinding point in cpu_exec */
    TranslationBlock *tb_jmp_cache[TB_JMP_CACHE_SIZE];
    void *opaque;                       /* user mode: per-thread TaskState */
    volatile uint32_t interrupt_request;    /* CPU_INTERRUPT_* (system mode) */
    bool halted;                        /* wfi: sleeping until has_work */
    TLBEntry tlb[NB_MMU_MODES][TLB_SIZE];   /* system mode */
    struct CPUState *next;              /* list of all CPUs */
    /* System mode: every block's prologue subtracts its length from icount_budget, exiting
     * when that would go negative. With -icount (src/icount.c) it is what the vCPU may still
     * run in its current stint; without, it counts down from ICOUNT_FREE_RUN. */
    int64_t icount_budget;
    uint64_t icount_done;               /* instructions retired in finished stints */
    /* Timer interrupts wait until the guest could have seen their time (src/timer.c). */
    int64_t time_seen_ns;               /* clock_ns() at the guest's last read of time */
    int64_t time_seen_insns;            /* this vCPU's instruction count then */
    bool irq_waiting;                   /* an interrupt waits for the next time read */
    struct HWTimer *irq_wait_timer;     /* ... or for this much run time at most */
    /* Tier-2 profiling (when on, src/tier2.c): tier-1 code counts loop heads down in the
     * slot of their pc, exiting with TB_EXIT_HOT below zero. */
    int64_t tier2_count[TIER2_COUNT_SIZE];
} CPUState;

struct TranslationBlock {
    uint64_t pc, cs_base;
    uint32_t flags;
    uint32_t size;                      /* guest bytes covered */
    uint32_t icount;                    /* guest instructions */
    bool invalid;
    const TierOps *tier;                /* whose code this is: runs, links, frees it */
    void *interp_code;                  /* tier 0 bytecode (tcg/interp.c) */
    void *host_code;                    /* JIT code, NULL if none */
    TranslationBlock *jmp_dest[2];      /* chained successors (goto_tb slots) */
    uintptr_t jmp_in;                   /* blocks linking to us: list of (tb | n) */
    uintptr_t jmp_in_next[2];           /* our link in slot n's destination list */
    uint32_t max_insns;                 /* translation limit (retry smaller on failure) */
    TranslationBlock *hash_next;
    uint64_t phys_pc;                   /* physical address of pc (user mode: pc) */
    uint64_t page_addr[2];              /* pages holding the code (-1 if none); physical
                                         * pages in system mode */
    TranslationBlock *page_next[2];
    /* Tier 2 (src/tier2.c): a region's phys_pc and size span all of its blocks' code;
     * heat is the decayed execution count of a tier-1 block as of tick heat_tick. */
    bool region, no_region;
    uint32_t heat, heat_tick;
};

/* A CPU model that -cpu can name; -cpu help lists them. */
typedef struct TargetCpuModel {
    const char *name, *desc;
} TargetCpuModel;

struct TargetOps {
    const char *name;                   /* "riscv64" */
    const TargetCpuModel *cpu_models;   /* -cpu: NULL-name terminated; NULL = none listed */
    /* -cpu MODEL,NAME[=VALUE]: record one property for the CPUs created afterwards; NULL when
     * accepted, else why not ("property not found", ...). name NULL: back to the defaults
     * (a later -cpu replaces an earlier one). A NULL hook: no properties. */
    const char *(*cpu_set_prop)(const char *name, const char *value);
    const char *(*cpu_props_check)(void);   /* after the last property: NULL or the conflict */
    void (*cpu_props_list)(FILE *f);        /* -cpu MODEL,help */
    size_t cpu_size;                    /* sizeof the target CPU struct */
    const IRGlobalDef *globals;
    int nglobals;
    void (*cpu_init)(CPUState *cpu);
    /* The key a block is cached under (and what its translation may assume). */
    void (*get_tb_key)(CPUState *cpu, uint64_t *pc, uint64_t *cs_base, uint32_t *flags);
    /* Translate guest code at tb->pc into b; set tb->size and tb->icount. Fetch faults on the
     * first instruction raise through cpu_mem_fault(); later ones end the block early. */
    void (*translate)(CPUState *cpu, IRBlock *b, TranslationBlock *tb);
    void (*set_pc)(CPUState *cpu, uint64_t pc);
    uint64_t (*get_pc)(CPUState *cpu);
    /* Deliver a memory fault as the architected exception: set exception state, then the
     * caller unwinds. */
    void (*mem_fault)(CPUState *cpu, uint64_t addr, MMUAccessType type, MemFaultKind kind);
    /* Disassemble one instruction for -d in_asm; returns its length, 0 if unreadable. */
    int (*disas)(char *buf, size_t len, uint64_t pc, const uint8_t *code, size_t avail);
    void (*dump_state)(CPUState *cpu, FILE *f);        /* -d cpu */
    /* System mode. tlb_fill: translate vaddr for an access in mmu_idx, check permissions
     * and call tlb_set_page(); on a fault, return false when probe, else raise the
     * architected exception (cpu_loop_exit_restore). */
    bool (*tlb_fill)(CPUState *cpu, uint64_t vaddr, MMUAccessType type, int mmu_idx, bool probe);
    /* Called at block boundaries when interrupt_request is set: deliver a pending enabled
     * interrupt (redirecting the pc); true if one was taken. */
    bool (*exec_interrupt)(CPUState *cpu);
    bool (*has_work)(CPUState *cpu);                    /* wake from wfi? */
    /* System mode: deliver an architected exception returned by cpu_exec (trap entry:
     * set cause/epc/tval, switch privilege, redirect the pc). */
    void (*do_exception)(CPUState *cpu, int excp);
    /* System mode, for debuggers and the monitor: the physical address of vaddr as the
     * current data accesses see it, with no side effects (no A/D updates, no TLB fill, no
     * guest fault); false if unmapped. NULL: virtual equals physical. */
    bool (*debug_translate)(CPUState *cpu, uint64_t vaddr, uint64_t *paddr);
    /* System mode: the MMU index for data accesses (ifetch false) or instruction fetch. */
    int (*cpu_mmu_index)(CPUState *cpu, bool ifetch);
    /* Offset of the guest pc in the CPU struct, for JIT code that probes the jump cache
     * inline at lookup_and_goto in user mode (0: always call tb_lookup). The probe takes
     * cs_base and flags from the current block, so in user mode they must depend only on
     * state that changes at exit_tb exits. */
    int32_t pc_offset;
    /* System mode: a data access to no memory reads all ones and drops writes (x86's master
     * abort) instead of raising FAULT_ACCESS; logged under -d guest_errors either way. */
    bool unmapped_reads_ones;
};

/* Run the CPU until an exception the caller must handle; returns its number
 * (target-architected or EXCP_*). */
int cpu_exec(CPUState *cpu);
/* Unwind to cpu_exec with cpu->exception_index set; the guest pc is restored from the
 * current insn_start first. */
NORETURN void cpu_loop_exit_restore(CPUState *cpu, int excp);
/* Unwind without touching the pc (the caller set it). */
NORETURN void cpu_loop_exit(CPUState *cpu, int excp);
/* A guest memory fault: target->mem_fault, then unwind with the precise pc. */
NORETURN void cpu_mem_fault(CPUState *cpu, uint64_t addr, MMUAccessType type, MemFaultKind kind);
void cpu_exit_request(CPUState *cpu);      /* async-safe in user mode */
/* System mode: also wakes the vCPU loop if it sleeps (set by system_main; NULL in user mode,
 * which keeps cpu_exit_request async-signal-safe there). */
extern void (*cpu_exit_request_hook)(CPUState *cpu);

CPUState *cpu_create(const TargetOps *t);
/* -cpu help | MODEL[,help] | MODEL[,NAME[=VALUE]]... for system and user mode (src/cpu_model.c):
 * lists and exits 0, or checks the model and applies the properties; false with the message in
 * err (naming the model or property) when something is refused. */
bool cpu_model_parse(const TargetOps *t, const char *arg, char *err, size_t errlen);
void cpu_free(CPUState *cpu);
void exec_init(const TargetOps *t);

/* Translation cache. */
TranslationBlock *tb_lookup(CPUState *cpu, uint64_t pc, uint64_t cs_base, uint32_t flags);
void tb_invalidate_range(uint64_t start, uint64_t end);   /* guest addresses, [start, end) */
void tb_flush_all(void);
/* Set by user/system code: called when a page first receives translated code, so that
 * writes to it can be caught (user mode write-protects it). */
extern void (*tb_page_added_hook)(uint64_t page_addr);

/* The per-CPU jump cache index of a guest pc (also hashed inline by JIT code). */
static inline unsigned tb_jmp_cache_idx(uint64_t pc)
{
    return (unsigned)((pc >> 1) ^ (pc >> (TB_JMP_CACHE_BITS + 1))) & (TB_JMP_CACHE_SIZE - 1);
}

/* Code fetch for frontends: false when pc is not executable (no fault raised). */
bool translator_fetch(CPUState *cpu, uint64_t pc, void *dst, int size);

/* Interpreter tier (tcg/interp.c). */
void *interp_compile(IRBlock *b);
void interp_free(void *code);
typedef struct TBExit { TranslationBlock *tb; int code; } TBExit;
TBExit interp_exec(CPUState *cpu, TranslationBlock *tb);

/* The one global lock held while guest code runs (user-mode threads take turns). */
void exec_lock(void);
void exec_unlock(void);

extern __thread CPUState *current_cpu;

#endif
