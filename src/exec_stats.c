/* TRIX_STATS=1: counts translated blocks, guest insns, host code bytes and time; prints at exit. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "trix/exec_stats.h"
#include "trix/tier.h"

bool exec_stats_on;
ExecStats exec_stats;
static pid_t exec_stats_pid;            /* forked children stay quiet */

uint64_t exec_stats_now(void)
{
    if (!exec_stats_on)
        return 0;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void exec_stats_print(void)
{
    static bool printed;
    if (!exec_stats_on || printed || getpid() != exec_stats_pid)
        return;
    printed = true;
    const ExecStats *s = &exec_stats;
    fprintf(stderr, "trix-stats: blocks %llu guest_insns %llu translate_us %llu interp_us %llu "
            "jit_blocks %llu jit_insns %llu host_bytes %llu jit_us %llu\n",
            (unsigned long long)s->blocks, (unsigned long long)s->guest_insns,
            (unsigned long long)(s->translate_ns / 1000), (unsigned long long)(s->interp_ns / 1000),
            (unsigned long long)s->jit_blocks, (unsigned long long)s->jit_insns,
            (unsigned long long)s->host_bytes, (unsigned long long)(s->jit_ns / 1000));
    exec_tiers_stats(stderr);
    fflush(stderr);
}

void exec_stats_init(void)
{
    const char *v = getenv("TRIX_STATS");
    if (exec_stats_on || !v || !*v || !strcmp(v, "0"))
        return;
    exec_stats_on = true;
    exec_stats_pid = getpid();
    atexit(exec_stats_print);
}

void exec_stats_block(uint32_t icount, uint64_t t0)
{
    if (!exec_stats_on)
        return;
    exec_stats.blocks++;
    exec_stats.guest_insns += icount;
    exec_stats.translate_ns += exec_stats_now() - t0;
}

void exec_stats_jit(uint32_t icount, uint64_t t0, size_t used0, size_t used1)
{
    if (!exec_stats_on)
        return;
    exec_stats.jit_ns += exec_stats_now() - t0;
    exec_stats.jit_blocks++;
    exec_stats.jit_insns += icount;
    /* a flush during the compile restarted the buffer: the block is what follows the prefix */
    exec_stats.host_bytes += used1 >= used0 ? used1 - used0 : used1;
}
