/* The virtual clock: host monotonic time while the machine runs, frozen while it is stopped;
 * with -icount, the instruction-driven clock of src/icount.c. */
#include <string.h>
#include <time.h>
#include "trix/hw.h"
#include "trix/icount.h"
#include "trix/opts.h"
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
    if (icount_enabled)
        return icount_clock_ns();       /* stands still by itself while no guest code runs */
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

void clock_advance(int64_t ns)
{
    int64_t stopped = __atomic_load_n(&clock_stopped_at, __ATOMIC_ACQUIRE);
    if (stopped >= 0 && ns > 0)
        __atomic_store_n(&clock_stopped_at, stopped + ns, __ATOMIC_RELEASE);
}

void clock_resume(void)
{
    if (clock_stopped_at < 0)
        return;
    __atomic_store_n(&clock_offset, clock_host_ns() - clock_stopped_at, __ATOMIC_RELEASE);
    __atomic_store_n(&clock_stopped_at, -1, __ATOMIC_RELEASE);
}

/* ---- the RTC clock (-rtc base=utc|localtime|DATE,clock=host|rt|vm) ---- */

enum { RTC_CLOCK_HOST, RTC_CLOCK_RT, RTC_CLOCK_VM };
static int rtc_clock = RTC_CLOCK_HOST;
static bool rtc_base_set;
static int64_t rtc_base_ns;             /* RTC time when the chosen clock read rtc_start_ns */
static int64_t rtc_start_ns = -1;

static int64_t clock_realtime_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t rtc_clock_read(void)
{
    switch (rtc_clock) {
    case RTC_CLOCK_RT: return clock_host_ns();
    case RTC_CLOCK_VM: return clock_ns();
    default:           return clock_realtime_ns();
    }
}

/* "2006-06-17T16:01:21" or "2006-06-17" (UTC): nanoseconds since the epoch, or -1. */
static int64_t rtc_parse_date(const char *s)
{
    struct tm tm = { 0 };
    int n = 0;
    if (sscanf(s, "%d-%d-%dT%d:%d:%d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec, &n) != 6 || s[n]) {
        n = 0;
        tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
        if (sscanf(s, "%d-%d-%d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &n) != 3 || s[n])
            return -1;
    }
    if (tm.tm_year < 1970 || tm.tm_year > 9999 || tm.tm_mon < 1 || tm.tm_mon > 12 ||
        tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
        tm.tm_sec > 60)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm) * 1000000000;
}

static int64_t rtc_parse_base(const char *arg, const char *base)
{
    int64_t now = clock_realtime_ns();
    if (!base || !strcmp(base, "utc"))
        return now;
    if (!strcmp(base, "localtime")) {
        time_t t = (time_t)(now / 1000000000);
        struct tm tm;
        localtime_r(&t, &tm);
        return now + (int64_t)tm.tm_gmtoff * 1000000000;
    }
    int64_t ns = rtc_parse_date(base);
    if (ns < 0)
        trix_fatal("-rtc %s: invalid base '%s' (utc, localtime, or a date such as "
                   "2006-06-17T16:01:21 or 2006-06-17)", arg, base);
    return ns;
}

void rtc_parse_opts(const char *arg)
{
    Opts *o = opts_parse("-rtc", arg, NULL);
    const char *base = opts_get(o, "base"), *clk = opts_get(o, "clock");
    const char *drift = opts_get(o, "driftfix");
    if (!clk || !strcmp(clk, "host"))
        rtc_clock = RTC_CLOCK_HOST;
    else if (!strcmp(clk, "rt"))
        rtc_clock = RTC_CLOCK_RT;
    else if (!strcmp(clk, "vm"))
        rtc_clock = RTC_CLOCK_VM;
    else
        trix_fatal("-rtc %s: invalid clock '%s' (host, rt or vm)", arg, clk);
    if (drift && strcmp(drift, "none"))
        trix_fatal("-rtc %s: driftfix=%s is not supported (only the x86 mc146818 RTC has "
                   "it; accepted: none)", arg, drift);
    rtc_base_ns = rtc_parse_base(arg, base);
    rtc_base_set = true;
    opts_finish(o);
    opts_free(o);
}

int64_t clock_rtc_ns(void)
{
    if (rtc_start_ns < 0) {
        /* the first read anchors the base ("now" at start), even for base=utc */
        rtc_start_ns = rtc_clock == RTC_CLOCK_VM ? 0 : rtc_clock_read();
        if (!rtc_base_set)
            rtc_base_ns = clock_realtime_ns();
    }
    return rtc_base_ns + (rtc_clock_read() - rtc_start_ns);
}
