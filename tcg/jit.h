/* The host JIT tier's interface to the execution loop, and the code buffer it emits into. */
#ifndef TRIX_JIT_H
#define TRIX_JIT_H

#include "trix/exec.h"

/* The default where a backend exists; -accel tcg,tier=interp|jit or TRIX_JIT=0|1 set it
 * before the first block is translated. */
extern bool jit_enabled;
/* Code buffer size in bytes (-accel tcg,tb-size=MiB); 0 for the default. TRIX_JIT_BUFFER
 * (bytes, k/m suffixes) overrides it, e.g. to force flushes in tests. */
extern size_t jit_tb_size;

/* Compile an optimized IR block for tb (already allocated: the code embeds its address).
 * Returns the host code, or NULL when the block must run in the interpreter. */
void *jit_compile(IRBlock *b, TranslationBlock *tb);
/* Run tb's host code (and whatever it chains to) until a block exits to the loop. */
TBExit jit_exec(CPUState *cpu, TranslationBlock *tb);
/* tb_cache.c's jmp_dest hook: point src's goto_tb slot n at dst (NULL: unlink). */
void jit_link(TranslationBlock *src, int n, TranslationBlock *dst);
/* Target facts the code generator uses (pc offset, where the globals live); exec_init. */
void jit_init_target(const TargetOps *t);
/*
 * A host fault (SIGSEGV/SIGBUS) at host_pc inside JIT code: JIT code keeps guest registers
 * in host registers across memory accesses, so store those that are newer than the CPU
 * state from the signal's ucontext, and set cpu->insn_pc to the faulting instruction.
 * False when host_pc is not at a guest memory access of a JIT block (nothing changed).
 */
bool jit_host_pc_to_state(uintptr_t host_pc, CPUState *cpu, void *ucontext);
/* Fork: the parent copies the code buffer (-1: no JIT) before fork; the child maps the copy
 * over its view, and both close it with jit_fork_finish. */
int jit_fork_prepare(void);
void jit_fork_finish(int fd, bool child);

/* ---- code buffer (tcg/jit_buffer.c) ---- */
/*
 * One memfd mapped twice: a writable view that code is emitted into and an executable view
 * that runs it. Emission is transactional: cbuf_reserve() hands out the free space, the
 * block is written there and either committed (it becomes permanent) or abandoned. A full
 * buffer is not an error: the caller flushes every block and resets the buffer.
 */
bool cbuf_init(size_t size);                 /* false: no JIT possible on this host */
bool cbuf_ready(void);
uint8_t *cbuf_reserve(size_t *avail);        /* writable address of the free space */
void cbuf_commit(size_t used);               /* keep `used` bytes of the reservation */
void cbuf_abort(void);
void cbuf_reset(size_t keep);                /* drop everything after the first `keep` bytes */
intptr_t cbuf_exec_delta(void);              /* executable address - writable address */
uint8_t *cbuf_rw(const void *exec_addr);     /* writable alias of an executable address */
void cbuf_patch32(const void *exec_addr, uint32_t v);   /* atomic aligned 4-byte patch */
size_t cbuf_used(void);
int cbuf_fork_copy(void);
void cbuf_fork_finish(int fd, bool child);

#endif
