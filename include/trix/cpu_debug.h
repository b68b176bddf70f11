/* Debugger hooks the generic translator loop and the softmmu check: breakpoints, single step,
 * watchpoints, and why the machine last stopped for the debugger. */
#ifndef TRIX_CPU_DEBUG_H
#define TRIX_CPU_DEBUG_H

#include "trix/exec.h"

/*
 * Breakpoints apply to every CPU (gdb inserts them for all threads). Inserting or removing
 * one, and switching single step, flush the translated blocks (call them only while the
 * machine is stopped). A block never translates an instruction that has a breakpoint: it
 * ends before it with a debug exit (the pc is set to the breakpoint, vm_stop(debug), and
 * cpu_exec returns EXCP_DEBUG). In single-step mode every block holds one instruction and
 * the debug exit comes at the entry of the block after the stepped instruction.
 *
 * One CPU steps at a time: while it does, the others do not run (cpu_debug_may_run) and
 * it takes no interrupts (cpu_debug_irq_masked; QEMU's default step mask), so a step of
 * an instruction ends at the next one even with a timer pending. cpu_debug_run_only
 * (after cpu_single_step_set, which sets it to the stepped CPU) lets one CPU run alone
 * (gdb's vCont;c:TID), NULL lets every CPU run.
 */
/* type: gdb's Z type (0 software, 1 hardware); the same address may have both. */
bool cpu_breakpoint_insert(uint64_t pc, int type);  /* false: the table is full */
bool cpu_breakpoint_remove(uint64_t pc, int type);  /* false: there was none */
void cpu_breakpoint_remove_all(void);
bool cpu_breakpoint_at(uint64_t pc);
void cpu_single_step_set(CPUState *cpu);    /* NULL: no step */
bool cpu_single_step_on(void);
void cpu_debug_run_only(CPUState *cpu);
bool cpu_debug_may_run(CPUState *cpu);
bool cpu_debug_irq_masked(CPUState *cpu);
/* Translator loop: emit the debug exit for an instruction at pc. */
void cpu_debug_gen_exit(IRBlock *b, uint64_t pc);
/* Translator loop, single step: emit the check at a block's entry. */
void cpu_debug_gen_step_check(IRBlock *b, uint64_t pc);

/*
 * Watchpoints (system mode) on guest virtual addresses. Pages holding one get TLB_WATCH in
 * their read and write tags (tlb_set_page asks cpu_watchpoint_page), which sends every
 * access there to the softmmu slow path; it calls cpu_watchpoint_check, which on a hit stops
 * the machine *before* the access with the pc at the accessing instruction (gdb's
 * "nonsteppable" watchpoints on riscv and aarch64: gdb steps over it with the watchpoint
 * removed). Inserting or removing one flushes every CPU's TLB.
 */
enum { CPU_WATCH_WRITE = 1, CPU_WATCH_READ = 2, CPU_WATCH_ACCESS = 3 };
bool cpu_watchpoint_insert(uint64_t addr, uint64_t len, int type);   /* false: table full */
bool cpu_watchpoint_remove(uint64_t addr, uint64_t len, int type);
void cpu_watchpoint_remove_all(void);
bool cpu_watchpoint_page(uint64_t vpage);
/* Returns only when no watchpoint matches [addr, addr+size) for the access type. */
void cpu_watchpoint_check(CPUState *cpu, uint64_t addr, unsigned size, MMUAccessType type);
extern int cpu_watchpoint_count;

/* What stopped the machine last (cpu NULL: not a debug event, e.g. Ctrl-C). */
typedef enum CpuStopKind { CPU_STOP_NONE, CPU_STOP_BREAK, CPU_STOP_STEP, CPU_STOP_WATCH } CpuStopKind;
typedef struct CpuDebugStop {
    CpuStopKind kind;
    CPUState *cpu;
    int watch_type;             /* CPU_WATCH_* of the watchpoint hit */
    uint64_t watch_addr;        /* first watched byte the access touched */
} CpuDebugStop;
CpuDebugStop cpu_debug_last_stop(void);
void cpu_debug_clear_stop(void);

#endif
