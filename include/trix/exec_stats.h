/* TRIX_STATS=1: translation cost counters (blocks, guest insns, host bytes, time), printed at exit. */
#ifndef TRIX_EXEC_STATS_H
#define TRIX_EXEC_STATS_H

#include <stddef.h>
#include <stdint.h>
#include "trix/common.h"

/* Totals since start; updated under the exec lock (translation is serialized). */
typedef struct ExecStats {
    uint64_t blocks, guest_insns, translate_ns;     /* every translated block, whole pipeline */
    uint64_t interp_ns;                             /* interp_compile (tier-0 bytecode) */
    uint64_t jit_blocks, jit_insns, host_bytes, jit_ns;  /* blocks the JIT compiled */
} ExecStats;

extern bool exec_stats_on;
extern ExecStats exec_stats;

/* Reads TRIX_STATS (exec_init); when set, the line is printed at exit(). */
void exec_stats_init(void);
/* Prints `trix-stats: ...` to stderr once; for exit paths that skip atexit (_exit). */
void exec_stats_print(void);
/* A monotonic timestamp in ns when stats are on, else 0 (no clock read). */
uint64_t exec_stats_now(void);

/* Adds the time since t0 (from exec_stats_now) to *acc. */
static inline void exec_stats_add_time(uint64_t *acc, uint64_t t0)
{
    if (exec_stats_on)
        *acc += exec_stats_now() - t0;
}

/* One block through the whole pipeline (translate, optimize, interp, JIT) since t0. */
void exec_stats_block(uint32_t icount, uint64_t t0);
/* The JIT compiled a block of icount insns since t0; the code buffer went from used0 to used1. */
void exec_stats_jit(uint32_t icount, uint64_t t0, size_t used0, size_t used1);

#endif
