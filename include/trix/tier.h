/* The execution tiers behind one table (TierOps), and which of them compile new blocks. */
#ifndef TRIX_TIER_H
#define TRIX_TIER_H

#include <stdio.h>
#include "trix/exec.h"

/*
 * What the execution loop and the translation cache ask of a tier. The interpreter
 * (tcg/interp_run.c) and the host JIT (tcg/<host>/jit_*.c) fill one in; src/exec.c and
 * src/tb_cache.c call only through tb->tier and the selection below, never a tier by name.
 * Every hook runs under the exec lock. NULL hooks do nothing (or answer false).
 */
struct TierOps {
    const char *name;                   /* "interp", "jit" */
    void (*init)(const TargetOps *t);   /* exec_init: target facts the tier uses */
    /* Compile the optimized IR b for tb (allocated, key and size set: code may embed its
     * address). True when tb now holds this tier's code; false leaves tb unchanged so the
     * next tier can try. */
    bool (*compile)(IRBlock *b, TranslationBlock *tb);
    /* Run tb's code (and whatever it chains to in this tier) until a block exits. */
    TBExit (*exec)(CPUState *cpu, TranslationBlock *tb);
    /* src's goto_tb slot n got dst (of the same tier) or lost its destination (dst NULL):
     * make the code follow jmp_dest[n]. NULL: the runner reads jmp_dest[] itself. */
    void (*link)(TranslationBlock *src, int n, TranslationBlock *dst);
    /* tb left the cache (its code may still be running until tb_reclaim). */
    void (*invalidate)(TranslationBlock *tb);
    void (*free)(TranslationBlock *tb); /* tb_reclaim: release what compile allocated */
    /* A host fault at host_pc inside this tier's code: store the guest registers the code
     * keeps in host registers from the signal's ucontext and set cpu->insn_pc. False when
     * host_pc is not this tier's code at a guest memory access (nothing changed). */
    bool (*host_pc_to_state)(uintptr_t host_pc, CPUState *cpu, void *ucontext);
    void (*stats)(FILE *f);             /* TRIX_STATS=1: one line at exit */
};

extern const TierOps tier_interp_ops;   /* tcg/interp_run.c */
extern const TierOps tier_jit_ops;      /* the host JIT, where CONFIG_JIT */

/* The tiers new blocks are compiled with, best first, NULL-terminated (the last always
 * takes every block: the interpreter). exec_tiers_oneshot: for uncached one-shot blocks. */
extern const TierOps *const *exec_tiers;
extern const TierOps *const *exec_tiers_oneshot;

/* One -accel tcg property ("tier=interp|jit|0|1|2"); NULL when accepted, TIER_OPT_OTHER
 * when it is not a tier property, else why it was refused. */
#define TIER_OPT_OTHER ((const char *)1)
const char *exec_tier_option(const char *opt);
/* TRIX_JIT=0|1 in the environment overrides -accel (exec_init); then every tier's init. */
void exec_tiers_init(const TargetOps *t);
/* A host fault in generated code: the tier owning host_pc restores the guest state. */
bool exec_host_pc_to_state(uintptr_t host_pc, CPUState *cpu, void *ucontext);
void exec_tiers_stats(FILE *f);

#endif
