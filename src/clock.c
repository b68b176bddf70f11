/* The virtual clock: host monotonic time while the machine runs, frozen while it is stopped. */
#include <time.h>
#include "trix/hw.h"
#include "system_int.h"

static int64_t clock_offset = -1;       /* host ns at virtual time 0 (plus stopped time) */
static int64_t clock_stopped_at = -1;   /* virtual time when stopped, -1 while running */

int64_t clock_host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t clock_base(void)
{
    int64_t z = -1;
    if (__atomic_load_n(&clock_offset, __ATOMIC_ACQUIRE) < 0)
        __atomic_compare_exchange_n(&clock_offset, &z, clock_host_ns(), false,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
    return __atomic_load_n(&clock_offset, __ATOMIC_ACQUIRE);
}

int64_t clock_ns(void)
{
    int64_t stopped = __atomic_load_n(&clock_stopped_at, __ATOMIC_ACQUIRE);
    if (stopped >= 0)
        return stopped;
    int64_t base = clock_base();        /* first: it may start the clock at "now" */
    return clock_host_ns() - base;
}

void clock_stop(void)
{
    if (clock_stopped_at < 0)
        __atomic_store_n(&clock_stopped_at, clock_ns(), __ATOMIC_RELEASE);
}

void clock_resume(void)
{
    if (clock_stopped_at < 0)
        return;
    __atomic_store_n(&clock_offset, clock_host_ns() - clock_stopped_at, __ATOMIC_RELEASE);
    __atomic_store_n(&clock_stopped_at, -1, __ATOMIC_RELEASE);
}
