/* -icount: the instruction-driven virtual clock, vCPU stints and budgets, idle warps. */
/*
 * Everything here runs on the vCPU thread (the one that runs every vCPU round-robin), except
 * clock reads from the I/O thread, which only happen for host input and are not part of a
 * deterministic run. "Now" while a block runs is the count at the end of that block (its
 * prologue charged the whole block), so time never goes backwards and reads never pass the
 * next deadline, which the budget keeps at or after the end of every block it lets in.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "trix/icount.h"
#include "trix/hw.h"
#include "trix/opts.h"
#include "system_int.h"

#define ICOUNT_MAX_SHIFT 10
#define ICOUNT_AUTO_PERIOD_NS 100000000     /* shift=auto re-evaluates 10 times a second */
#define ICOUNT_ALIGN_SLACK_NS 10000000      /* align=on lets the guest run 10 ms ahead */

bool icount_enabled;
static int icount_shift;
static bool icount_auto, icount_sleep = true, icount_align;
static int64_t icount_total;            /* retired in finished stints, all vCPUs */
static int64_t icount_bias_ns;          /* warps and shift changes */
static CPUState *icount_cpu;            /* the vCPU in a stint, or NULL */
static int64_t icount_stint_len;        /* that stint's budget at start (less any cuts) */
static int64_t icount_host_start, icount_auto_last;

static void icount_print_stats(void);

static int icount_parse_shift(const char *arg, const char *v)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (end == v || *end || n < 0 || n > ICOUNT_MAX_SHIFT)
        trix_fatal("-icount %s: shift must be 'auto' or a number from 0 to %d", arg,
                   ICOUNT_MAX_SHIFT);
    return (int)n;
}

void icount_parse_opts(const char *arg)
{
    Opts *o = opts_parse("-icount", arg, "shift");
    const char *shift = opts_get(o, "shift");
    if (opts_has(o, "rr") || opts_has(o, "rrfile") || opts_has(o, "rrsnapshot"))
        trix_fatal("-icount %s: record/replay (rr=) is not supported", arg);
    if (!shift || !strcmp(shift, "auto"))
        icount_auto = true;
    else
        icount_shift = icount_parse_shift(arg, shift);
    icount_align = opts_get_bool(o, "align", false);
    icount_sleep = opts_get_bool(o, "sleep", true);
    opts_finish(o);
    opts_free(o);
    if (icount_align && icount_auto)
        trix_fatal("-icount %s: shift=auto and align=on are incompatible", arg);
    if (icount_align && !icount_sleep)
        trix_fatal("-icount %s: align=on needs sleep=on", arg);
    if (icount_auto)
        icount_shift = 3;       /* a start that suits a JIT; adjusted as the guest runs */
    icount_enabled = true;
    icount_host_start = icount_auto_last = clock_host_ns();
    const char *stats = getenv("TRIX_STATS");
    if (stats && *stats && strcmp(stats, "0"))
        atexit(icount_print_stats);
}

static int64_t icount_running(void)
{
    CPUState *cpu = __atomic_load_n(&icount_cpu, __ATOMIC_ACQUIRE);
    return cpu ? icount_stint_len - cpu->icount_budget : 0;
}

uint64_t icount_insns(void)
{
    return (uint64_t)(icount_total + icount_running());
}

uint64_t icount_cpu_insns(CPUState *cpu)
{
    return cpu->icount_done + (cpu == icount_cpu ? (uint64_t)icount_running() : 0);
}

int64_t icount_insns_to_ns(int64_t n)
{
    return n << icount_shift;
}

int64_t icount_clock_ns(void)
{
    return icount_bias_ns + (int64_t)(icount_insns() << icount_shift);
}

/* Instructions from now until deadline (rounded up), INT64_MAX for none. */
static int64_t icount_insns_until(int64_t deadline)
{
    if (deadline == INT64_MAX)
        return INT64_MAX;
    int64_t left = deadline - icount_clock_ns();
    if (left <= 0)
        return 0;
    return (left + ((int64_t)1 << icount_shift) - 1) >> icount_shift;
}

void icount_stint_begin(CPUState *cpu, int64_t max_insns)
{
    int64_t n = icount_insns_until(timer_next_deadline());
    if (n > max_insns)
        n = max_insns;
    cpu->icount_budget = n;
    icount_stint_len = n;
    __atomic_store_n(&icount_cpu, cpu, __ATOMIC_RELEASE);
}

void icount_stint_end(CPUState *cpu)
{
    int64_t done = icount_stint_len - cpu->icount_budget;
    __atomic_store_n(&icount_cpu, NULL, __ATOMIC_RELEASE);
    icount_total += done;
    cpu->icount_done += (uint64_t)done;
    cpu->icount_budget = 0;
    icount_stint_len = 0;
}

/* A device armed a timer while a vCPU runs: cut the stint at the new deadline. */
void icount_timer_armed(int64_t expire_ns)
{
    CPUState *cpu = icount_cpu;
    if (!cpu || cpu != current_cpu)
        return;                 /* between stints, or the I/O thread: the loop looks itself */
    int64_t n = icount_insns_until(expire_ns);
    if (n < cpu->icount_budget) {
        icount_stint_len -= cpu->icount_budget - n;
        cpu->icount_budget = n;
    }
}

int64_t icount_idle_sleep_ns(int64_t deadline)
{
    if (!icount_sleep || deadline == INT64_MAX)
        return deadline == INT64_MAX ? INT64_MAX : 0;
    int64_t left = deadline - icount_clock_ns();
    return left > 0 ? left : 0;
}

/* Move the clock forward by what was slept (all of it with sleep=off), up to deadline. */
void icount_warp(int64_t deadline, int64_t slept_ns)
{
    if (deadline == INT64_MAX)
        return;
    int64_t now = icount_clock_ns(), to = deadline;
    if (icount_sleep && slept_ns >= 0 && now + slept_ns < deadline)
        to = now + slept_ns;
    if (to > now)
        icount_bias_ns += to - now;
}

/* shift=auto: keep the virtual clock near the host's by changing the shift. */
static void icount_auto_adjust(int64_t host)
{
    if (host - icount_auto_last < ICOUNT_AUTO_PERIOD_NS)
        return;
    icount_auto_last = host;
    int64_t ahead = icount_clock_ns() - (host - icount_host_start);
    int shift = icount_shift;
    if (ahead > ICOUNT_AUTO_PERIOD_NS && shift > 0)
        shift--;
    else if (ahead < -ICOUNT_AUTO_PERIOD_NS && shift < ICOUNT_MAX_SHIFT)
        shift++;
    if (shift == icount_shift)
        return;
    int64_t now = icount_clock_ns();
    icount_shift = shift;
    icount_bias_ns = now - (int64_t)(icount_insns() << shift);
}

/* align=on: sleep while the guest is ahead of the host by more than the slack. */
static void icount_align_host(int64_t host)
{
    int64_t ahead = icount_clock_ns() - (host - icount_host_start);
    if (ahead <= ICOUNT_ALIGN_SLACK_NS)
        return;
    struct timespec ts = { (time_t)(ahead / 1000000000), (long)(ahead % 1000000000) };
    nanosleep(&ts, NULL);
}

void icount_after_slice(void)
{
    if (!icount_auto && !icount_align)
        return;
    int64_t host = clock_host_ns();
    if (icount_auto)
        icount_auto_adjust(host);
    else
        icount_align_host(host);
}

/* TRIX_STATS=1: the counts that two runs of the same guest must agree on. */
static void icount_print_stats(void)
{
    fprintf(stderr, "trix-icount: insns %llu virtual_ns %lld shift %d\n",
            (unsigned long long)icount_insns(), (long long)icount_clock_ns(), icount_shift);
}
