/* Debugger hooks the generic translator loop checks: software breakpoints and single step. */
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
 */
bool cpu_breakpoint_insert(uint64_t pc);    /* false: the table is full */
bool cpu_breakpoint_remove(uint64_t pc);    /* false: there was none */
void cpu_breakpoint_remove_all(void);
bool cpu_breakpoint_at(uint64_t pc);
void cpu_single_step_set(bool on);
bool cpu_single_step_on(void);
/* Translator loop: emit the debug exit for an instruction at pc. */
void cpu_debug_gen_exit(IRBlock *b, uint64_t pc);
/* Translator loop, single step: emit the check at a block's entry. */
void cpu_debug_gen_step_check(IRBlock *b, uint64_t pc);

#endif
