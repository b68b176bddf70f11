/* -icount: guest time from executed instructions, per-vCPU instruction budgets, idle warps. */
#ifndef TRIX_ICOUNT_H
#define TRIX_ICOUNT_H

#include "trix/exec.h"

/*
 * With -icount the virtual clock is bias_ns + (instructions retired by all vCPUs << shift):
 * it moves only when guest code runs (and by warps to the next timer deadline when every
 * vCPU is idle). The vCPU loop runs one vCPU at a time for a "stint" of at most N
 * instructions, N being what is left of its round-robin slice or what is left until the
 * next timer deadline, whichever is smaller; exec.c makes every block's prologue subtract
 * its length from cpu->icount_budget, so a stint ends at exactly N instructions and timers
 * run at exact instruction counts, whatever the translator chose as block boundaries.
 */
extern bool icount_enabled;             /* -icount given (fixed before any translation) */

/* Parse the -icount argument (QEMU's syntax); fatal on errors. */
void icount_parse_opts(const char *arg);

int64_t icount_clock_ns(void);          /* the virtual clock (clock_ns() under -icount) */
uint64_t icount_insns(void);            /* instructions retired by all vCPUs so far */
uint64_t icount_cpu_insns(CPUState *cpu);   /* by one vCPU (its instret) */
int64_t icount_insns_to_ns(int64_t n);      /* n instructions of virtual time */

/* A stint: let cpu run at most max_insns (cut at the next timer deadline). */
void icount_stint_begin(CPUState *cpu, int64_t max_insns);
void icount_stint_end(CPUState *cpu);
/* timer.c: a timer was armed for expire_ns; the running stint must stop there. */
void icount_timer_armed(int64_t expire_ns);

/* Every vCPU is idle: how long (host ns) to sleep before warping to `deadline` (0: warp
 * now; sleep=off), and the warp itself, never past the deadline. */
int64_t icount_idle_sleep_ns(int64_t deadline);
void icount_warp(int64_t deadline, int64_t slept_ns);
/* Between slices: shift=auto adjustment and align=on throttling. */
void icount_after_slice(void);

#endif
