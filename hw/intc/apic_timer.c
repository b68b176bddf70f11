/* Local APIC timer: one-shot, periodic and TSC-deadline modes on the virtual clock. */
#include "hw/intc/apic_int.h"
#include "trix/exec.h"

_Static_assert(X86_TSC_FREQ_HZ == 1000000000ull, "TSC ticks are virtual ns");
_Static_assert(APIC_BUS_HZ == 1000000000ull, "APIC bus cycles are virtual ns");

/* The shortest interval between two periodic timer events (a guest's initial count of 1
 * would otherwise ask for an event per nanosecond). */
#define APIC_TIMER_MIN_NS 1000

static int apic_timer_mode(const APICState *s) { return (s->lvt[LVT_TIMER] >> 17) & 3; }

/* Virtual ns of a TSC value (the TSC is clock_ns() + the vCPU's tsc_offset). */
static int64_t apic_tsc_to_ns(APICState *s, uint64_t tsc)
{
    int64_t off = s->cpu ? s->cpu->sys.tsc_offset : 0;
    uint64_t ns = tsc - (uint64_t)off;
    return ns > (uint64_t)INT64_MAX - 1 ? INT64_MAX - 1 : (int64_t)ns;
}

/* Bus cycles of one full count (initial count times the divider). */
static int64_t apic_timer_period(const APICState *s)
{
    return (int64_t)s->timer_initial << s->timer_shift;
}

static void apic_timer_set_due(APICState *s, int64_t due)
{
    s->timer_due = due;
    if (due)
        timer_mod(s->timer, due);
    else
        timer_del(s->timer);
}

/* Arm the host timer for the next expiry of the current mode, or disarm it. */
static void apic_timer_arm(APICState *s)
{
    int mode = apic_timer_mode(s);
    if (mode == APIC_TIMER_TSC_DEADLINE) {
        apic_timer_set_due(s, s->tsc_deadline ? apic_tsc_to_ns(s, s->tsc_deadline) : 0);
        return;
    }
    int64_t period = apic_timer_period(s);
    int64_t now = clock_ns(), next = s->timer_start + period;
    if (!period || (mode != APIC_TIMER_PERIODIC && next <= now)) {
        apic_timer_set_due(s, 0);       /* stopped, or a one-shot that has fired */
        return;
    }
    if (mode == APIC_TIMER_PERIODIC && next <= now)
        next += ((now - next) / period + 1) * period;
    if (mode == APIC_TIMER_PERIODIC && next < now + APIC_TIMER_MIN_NS)
        next = now + APIC_TIMER_MIN_NS;     /* tiny periods coalesce instead of flooding */
    apic_timer_set_due(s, next < 1 ? 1 : next);
}

static void apic_timer_cb(void *opaque)
{
    APICState *s = opaque;
    if (!s->timer_due)
        return;                         /* disarmed, or delivered early by apic_timer_sync */
    if (clock_ns() < s->timer_due) {
        timer_mod(s->timer, s->timer_due);
        return;
    }
    int mode = apic_timer_mode(s);
    if (mode == APIC_TIMER_TSC_DEADLINE)
        s->tsc_deadline = 0;
    apic_local_deliver(s, LVT_TIMER);
    if (mode == APIC_TIMER_PERIODIC)
        apic_timer_arm(s);
    else
        apic_timer_set_due(s, 0);
}

void apic_timer_sync(APICState *s)
{
    if (s->timer_due && clock_ns() >= s->timer_due)
        apic_timer_cb(s);
}

uint32_t apic_timer_current(APICState *s)
{
    if (apic_timer_mode(s) == APIC_TIMER_TSC_DEADLINE || !s->timer_initial)
        return 0;
    cpu_time_seen(current_cpu);
    int64_t period = apic_timer_period(s), elapsed = clock_ns() - s->timer_start;
    if (elapsed < 0)
        elapsed = 0;
    if (elapsed >= period) {
        if (apic_timer_mode(s) != APIC_TIMER_PERIODIC)
            return 0;
        elapsed %= period;
    }
    return s->timer_initial - (uint32_t)(elapsed >> s->timer_shift);
}

void apic_timer_write_lvt(APICState *s, uint32_t val)
{
    int old = apic_timer_mode(s);
    s->lvt[LVT_TIMER] = val;
    int mode = apic_timer_mode(s);
    if (mode == 3) {                        /* reserved: treated as one-shot */
        s->lvt[LVT_TIMER] &= ~(3u << 17);
        mode = APIC_TIMER_ONESHOT;
    }
    if (mode != old) {
        /* SDM 10.5.4.1: switching to or from TSC-deadline mode disarms the timer */
        if (old == APIC_TIMER_TSC_DEADLINE || mode == APIC_TIMER_TSC_DEADLINE) {
            s->tsc_deadline = 0;
            s->timer_initial = 0;
        }
        apic_timer_arm(s);
    }
}

void apic_timer_write_initial(APICState *s, uint32_t val)
{
    if (apic_timer_mode(s) == APIC_TIMER_TSC_DEADLINE)
        return;                             /* ignored in TSC-deadline mode */
    s->timer_initial = val;
    s->timer_start = clock_ns();
    apic_timer_arm(s);
}

void apic_timer_write_divide(APICState *s, uint32_t val)
{
    /* DCR bits 3, 1:0: 000 -> /2, 001 -> /4, ... 110 -> /128, 111 -> /1 */
    int code = ((val >> 1) & 4) | (val & 3);
    int64_t cur = apic_timer_current(s);
    s->timer_divide = val & 0xb;
    s->timer_shift = (code + 1) & 7;
    if (s->timer_initial && cur) {
        /* keep the current count where it is: restart the count as if loaded earlier */
        int64_t left = cur << s->timer_shift;
        s->timer_start = clock_ns() - (apic_timer_period(s) - left);
        apic_timer_arm(s);
    }
}

void apic_timer_write_deadline(APICState *s, uint64_t tsc)
{
    if (apic_timer_mode(s) != APIC_TIMER_TSC_DEADLINE)
        return;                             /* SDM: writes ignored in the other modes */
    s->tsc_deadline = tsc;
    apic_timer_arm(s);
    apic_timer_sync(s);                     /* already due: at once */
}

uint64_t apic_timer_read_deadline(APICState *s)
{
    return apic_timer_mode(s) == APIC_TIMER_TSC_DEADLINE ? s->tsc_deadline : 0;
}

void apic_timer_init(APICState *s)
{
    s->timer = timer_new(apic_timer_cb, s);
}

void apic_timer_reset(APICState *s)
{
    s->timer_initial = 0;
    s->timer_divide = 0;
    s->timer_shift = 1;
    s->timer_start = 0;
    s->tsc_deadline = 0;
    apic_timer_set_due(s, 0);
}
