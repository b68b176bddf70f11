/* Link stubs for gen_fp_vectors: the generator never runs guest code. */
#include <stdlib.h>
#include "target/riscv64/fpu.h"
void cpu_loop_exit_restore(CPUState *cpu, int excp) { (void)cpu; (void)excp; abort(); }
int fp_resolve_rm(CPUState *cs, uint32_t rm) { (void)cs; return (int)rm; }
