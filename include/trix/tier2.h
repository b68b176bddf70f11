/* Tier 2 (src/tier2.c): profiling of tier-1 blocks and hot multi-block regions. */
#ifndef TRIX_TIER2_H
#define TRIX_TIER2_H

#include "trix/exec.h"

typedef enum Tier2Mode {
    TIER2_OFF,          /* tier 1 only (the default; -accel tcg,tier=1) */
    TIER2_ON,           /* -accel tcg,tier2-threshold=N: hot blocks become regions */
    TIER2_FORCE,        /* -accel tcg,tier=2: every block executed twice (tests) */
} Tier2Mode;
extern Tier2Mode tier2_mode;

/* tier2-threshold=N (decayed executions); also turns tier 2 on. False if N is invalid. */
bool tier2_set_threshold(const char *v);
/* -accel tcg,tier=N: TIER2_FORCE for tier=2, TIER2_OFF otherwise. */
void tier2_set_mode(Tier2Mode m);
/* exec_init: whether the target lets regions be formed (it names its pc). */
void tier2_init(const TargetOps *t);
/* Profile new blocks? With tier2_mode on: only in user mode, with a linking first tier. */
bool tier2_profiling(void);
/* The env offset of the profiling counter of the block at pc. */
int32_t tier2_count_offset(uint64_t pc);
/* Add the profiling checks to a new tier-1 block's IR: under TIER2_ON one before each back
 * edge (a goto_tb exit to a pc not after the block: its destination heads a loop) counting
 * the destination; under TIER2_FORCE one at the entry counting the block itself. */
void tier2_gen_profile(IRBlock *b, const TranslationBlock *tb, const TargetOps *t);
/* A counter ran out (TB_EXIT_HOT, the pc is the counted block's): maybe build its region. */
void tier2_hot(CPUState *cpu);

/* TRIX_STATS=1: the `trix-tier2:` line (regions, their blocks and insns, failures, time). */
void tier2_print_stats(FILE *f);

/* src/tb_cache.c: tb takes the place of old (a region of the block at its head). */
void tb_replace(TranslationBlock *old, TranslationBlock *tb);

#endif
