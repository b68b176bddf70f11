/* HPET: main counter on the virtual clock, one-shot/periodic comparators, legacy replacement. */
#include "hw/timer/hpet.h"
#include "trix/exec.h"

enum {
    HPET_CAP = 0x000, HPET_CONF = 0x010, HPET_ISR = 0x020, HPET_COUNTER = 0x0f0,
    HPET_TIMER0 = 0x100, HPET_TIMER_STRIDE = 0x20,
    TN_CONF = 0x00, TN_CMP = 0x08, TN_FSB = 0x10,
};
enum { CONF_ENABLE = 1, CONF_LEGACY = 2 };
enum { TN_LEVEL = 1u << 1, TN_ENABLE = 1u << 2, TN_PERIODIC = 1u << 3, TN_PER_CAP = 1u << 4,
       TN_SIZE_CAP = 1u << 5, TN_SETVAL = 1u << 6, TN_32BIT = 1u << 8,
       TN_ROUTE_SHIFT = 9, TN_ROUTE_MASK = 0x1fu << 9, TN_FSB_EN = 1u << 14 };
#define TN_WRITABLE (TN_LEVEL | TN_ENABLE | TN_PERIODIC | TN_SETVAL | TN_32BIT | TN_ROUTE_MASK)
#define HPET_NS_PER_TICK (1000000000ull / HPET_HZ)
#define HPET_MIN_PERIOD 100ull         /* ticks (1 us): shorter periods coalesce */
#define HPET_PERIOD_FS (HPET_NS_PER_TICK * 1000000ull)

typedef struct HPETTimer {
    struct HPETState *owner;
    int index;
    uint64_t conf, cmp, period;
    HWTimer *timer;
    int64_t due;                        /* clock_ns() of the armed match, 0: none */
    int level;                          /* the line level this timer drives */
} HPETTimer;

struct HPETState {
    IRQ isa[16], gsi[24];
    uint64_t conf, isr;
    uint64_t counter;                   /* the counter value at counter_ns (or while halted) */
    int64_t counter_ns;
    HPETTimer t[HPET_NUM_TIMERS];
    int legacy_in[2];                   /* PIT and RTC output levels */
};

static uint64_t hpet_now(HPETState *s)
{
    if (!(s->conf & CONF_ENABLE))
        return s->counter;
    int64_t d = clock_ns() - s->counter_ns;
    return s->counter + (d > 0 ? (uint64_t)d / HPET_NS_PER_TICK : 0);
}

/* The line timer t drives: legacy route for timers 0 and 1, else its IOAPIC pin. */
static IRQ *hpet_line(HPETTimer *t)
{
    HPETState *s = t->owner;
    if ((s->conf & CONF_LEGACY) && t->index < 2)
        return &s->isa[t->index == 0 ? 0 : 8];
    unsigned route = (unsigned)(t->conf & TN_ROUTE_MASK) >> TN_ROUTE_SHIFT;
    return &s->gsi[route];
}

static void hpet_set_line(HPETTimer *t, int level)
{
    if (t->level == level)
        return;
    t->level = level;
    irq_set(hpet_line(t), level);
}

static void hpet_fire(HPETTimer *t)
{
    HPETState *s = t->owner;
    if (t->conf & TN_LEVEL) {
        s->isr |= 1ull << t->index;
        if (t->conf & TN_ENABLE)
            hpet_set_line(t, 1);
    } else if (t->conf & TN_ENABLE) {
        hpet_set_line(t, 1);            /* an edge: a pulse on the line */
        hpet_set_line(t, 0);
    }
}

static void hpet_set_due(HPETTimer *t, int64_t due)
{
    t->due = due;
    if (due)
        timer_mod(t->timer, due);
    else
        timer_del(t->timer);
}

static uint64_t hpet_mask(const HPETTimer *t)
{
    return t->conf & TN_32BIT ? 0xffffffffull : ~0ull;
}

/* Arm the host timer for t's next match, or disarm it. */
static void hpet_arm_next(HPETTimer *t, bool fired)
{
    HPETState *s = t->owner;
    if (!(s->conf & CONF_ENABLE)) {
        hpet_set_due(t, 0);
        return;
    }
    uint64_t now = hpet_now(s), mask = hpet_mask(t);
    uint64_t left = (t->cmp - now) & mask;      /* ticks to the match (wraps as the counter) */
    if (left == 0 && fired)
        left = mask + 1;                        /* 32-bit: the next match is a wrap away */
    if (left > (uint64_t)INT64_MAX / HPET_NS_PER_TICK / 2) {
        hpet_set_due(t, 0);                    /* centuries away */
        return;
    }
    int64_t ns = clock_ns();
    int64_t base = ns - (int64_t)((uint64_t)(ns - s->counter_ns) % HPET_NS_PER_TICK);
    int64_t due = base + (int64_t)(left * HPET_NS_PER_TICK);
    hpet_set_due(t, due < 1 ? 1 : due);
}

static void hpet_arm(HPETTimer *t) { hpet_arm_next(t, false); }

static void hpet_timer_cb(void *opaque)
{
    HPETTimer *t = opaque;
    HPETState *s = t->owner;
    if (!(s->conf & CONF_ENABLE) || !t->due)
        return;                                 /* halted, disarmed or already delivered */
    uint64_t now = hpet_now(s), mask = hpet_mask(t);
    if (((now - t->cmp) & mask) > (mask >> 1)) {
        hpet_arm(t);                            /* not there yet */
        return;
    }
    hpet_fire(t);
    if ((t->conf & TN_PERIODIC) && t->period) {
        /* the comparator advances by the period past the counter */
        uint64_t behind = (now - t->cmp) & mask, step = t->period;
        if (step < HPET_MIN_PERIOD)
            step = ((HPET_MIN_PERIOD + t->period - 1) / t->period) * t->period;
        t->cmp = (t->cmp + (behind / step + 1) * step) & mask;
        hpet_arm(t);
    } else {
        hpet_set_due(t, 0);
        /* a one-shot fires again only when the counter wraps to it: 32-bit mode */
        if (t->conf & TN_32BIT)
            hpet_arm_next(t, true);
    }
}

static void hpet_legacy_set(void *opaque, int n, int level)
{
    HPETState *s = opaque;
    s->legacy_in[n] = level;
    if (!(s->conf & CONF_LEGACY))
        irq_set(&s->isa[n == 0 ? 0 : 8], level);
}

IRQ hpet_legacy_input(HPETState *s, int n)
{
    return irq_make(hpet_legacy_set, s, n & 1);
}

static void hpet_write_conf(HPETState *s, uint64_t val)
{
    uint64_t old = s->conf;
    for (int i = 0; i < HPET_NUM_TIMERS; i++)
        hpet_set_line(&s->t[i], 0);             /* the routes may change */
    if ((old & CONF_ENABLE) && !(val & CONF_ENABLE)) {
        s->counter = hpet_now(s);
    } else if (!(old & CONF_ENABLE) && (val & CONF_ENABLE)) {
        s->counter_ns = clock_ns();
    }
    s->conf = val & (CONF_ENABLE | CONF_LEGACY);
    if ((old ^ s->conf) & CONF_LEGACY) {
        /* the PIT and the RTC are cut off (or reconnected) */
        bool on = s->conf & CONF_LEGACY;
        irq_set(&s->isa[0], on ? 0 : s->legacy_in[0]);
        irq_set(&s->isa[8], on ? 0 : s->legacy_in[1]);
    }
    for (int i = 0; i < HPET_NUM_TIMERS; i++) {
        HPETTimer *t = &s->t[i];
        if ((t->conf & TN_LEVEL) && (s->isr >> i & 1) && (t->conf & TN_ENABLE))
            hpet_set_line(t, 1);
        hpet_arm(t);
    }
}

static void hpet_write_tconf(HPETTimer *t, uint64_t val)
{
    HPETState *s = t->owner;
    uint64_t w = val & TN_WRITABLE;
    if (t->index >= 2)
        w &= ~(uint64_t)TN_PERIODIC;            /* only timers 0 and 1 are periodic-capable */
    unsigned route = (unsigned)(w & TN_ROUTE_MASK) >> TN_ROUTE_SHIFT;
    if (!(HPET_ROUTE_CAP >> route & 1)) {
        log_mask(LOG_GUEST_ERROR, "hpet: timer %d route %u not in the capability\n",
                 t->index, route);
        w = (w & ~(uint64_t)TN_ROUTE_MASK) | (t->conf & TN_ROUTE_MASK);
    }
    hpet_set_line(t, 0);
    t->conf = (t->conf & ~(uint64_t)TN_WRITABLE) | w;
    if (t->conf & TN_32BIT) {
        t->cmp &= 0xffffffffull;
        t->period &= 0xffffffffull;
    }
    if ((t->conf & TN_LEVEL) && (s->isr >> t->index & 1) && (t->conf & TN_ENABLE))
        hpet_set_line(t, 1);
    hpet_arm(t);
}

static void hpet_write_cmp(HPETTimer *t, uint64_t val, uint64_t mask)
{
    /* mask: the bits written (a 32-bit access writes one half) */
    uint64_t v = ((t->cmp & ~mask) | (val & mask)) & hpet_mask(t);
    if (!(t->conf & TN_PERIODIC) || (t->conf & TN_SETVAL))
        t->cmp = v;
    if (t->conf & TN_PERIODIC)
        t->period = ((t->period & ~mask) | (val & mask)) & hpet_mask(t);
    t->conf &= ~(uint64_t)TN_SETVAL;
    hpet_arm(t);
}

/* Deliver matches that are due but whose HWTimer has not run yet: a guest reading the
 * counter or the status never sees the counter past a comparator without its interrupt. */
static void hpet_sync(HPETState *s)
{
    int64_t now = clock_ns();
    for (int i = 0; i < HPET_NUM_TIMERS; i++)
        if (s->t[i].due && now >= s->t[i].due)
            hpet_timer_cb(&s->t[i]);
}

static uint64_t hpet_reg_read(HPETState *s, uint64_t off)
{
    hpet_sync(s);
    switch (off) {
    case HPET_CAP:
        return HPET_PERIOD_FS << 32 | 0x8086u << 16 | 1u << 15 | 1u << 13 |
               (HPET_NUM_TIMERS - 1u) << 8 | 1;
    case HPET_CONF:    return s->conf;
    case HPET_ISR:     return s->isr;
    case HPET_COUNTER: cpu_time_seen(current_cpu); return hpet_now(s);
    }
    unsigned i = (unsigned)((off - HPET_TIMER0) / HPET_TIMER_STRIDE);
    if (off >= HPET_TIMER0 && i < HPET_NUM_TIMERS) {
        HPETTimer *t = &s->t[i];
        switch ((off - HPET_TIMER0) % HPET_TIMER_STRIDE) {
        case TN_CONF: return (uint64_t)HPET_ROUTE_CAP << 32 | t->conf;
        case TN_CMP:  return t->cmp;
        case TN_FSB:  return 0;
        }
    }
    log_mask(LOG_GUEST_ERROR, "hpet: read at %#llx\n", (unsigned long long)off);
    return 0;
}

static void hpet_reg_write(HPETState *s, uint64_t off, uint64_t val, uint64_t mask)
{
    uint64_t merged;
    switch (off) {
    case HPET_CONF:
        hpet_write_conf(s, (s->conf & ~mask) | (val & mask));
        return;
    case HPET_ISR:
        for (int i = 0; i < HPET_NUM_TIMERS; i++)
            if ((val & mask) >> i & 1) {
                s->isr &= ~(1ull << i);
                if (s->t[i].conf & TN_LEVEL)
                    hpet_set_line(&s->t[i], 0);
            }
        return;
    case HPET_COUNTER:
        if (s->conf & CONF_ENABLE) {
            log_mask(LOG_GUEST_ERROR, "hpet: counter write while running\n");
            return;
        }
        s->counter = (s->counter & ~mask) | (val & mask);
        return;
    }
    unsigned i = (unsigned)((off - HPET_TIMER0) / HPET_TIMER_STRIDE);
    if (off >= HPET_TIMER0 && i < HPET_NUM_TIMERS) {
        HPETTimer *t = &s->t[i];
        switch ((off - HPET_TIMER0) % HPET_TIMER_STRIDE) {
        case TN_CONF:
            merged = (t->conf & ~mask) | (val & mask);
            hpet_write_tconf(t, merged);
            return;
        case TN_CMP:
            hpet_write_cmp(t, val, mask);
            return;
        case TN_FSB:
            return;                             /* no FSB delivery */
        }
    }
    log_mask(LOG_GUEST_ERROR, "hpet: write at %#llx\n", (unsigned long long)off);
}

uint64_t hpet_read(void *opaque, uint64_t offset, unsigned size)
{
    uint64_t v = hpet_reg_read(opaque, offset & ~7ull);
    if (size == 4)
        return (uint32_t)(v >> (offset & 4 ? 32 : 0));
    return v;
}

void hpet_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    if (size == 4) {
        unsigned sh = offset & 4 ? 32 : 0;
        hpet_reg_write(opaque, offset & ~7ull, (val & 0xffffffffull) << sh, 0xffffffffull << sh);
    } else {
        hpet_reg_write(opaque, offset & ~7ull, val, ~0ull);
    }
}

static const MemoryRegionOps hpet_ops = {
    .read = hpet_read, .write = hpet_write, .min_size = 4, .max_size = 8,
};

void hpet_reset(HPETState *s)
{
    for (int i = 0; i < HPET_NUM_TIMERS; i++) {
        HPETTimer *t = &s->t[i];
        hpet_set_line(t, 0);
        hpet_set_due(t, 0);
        t->conf = TN_SIZE_CAP | (i < 2 ? TN_PER_CAP : 0) | (uint64_t)20 << TN_ROUTE_SHIFT;
        t->cmp = ~0ull;
        t->period = 0;
    }
    if (s->conf & CONF_LEGACY) {
        irq_set(&s->isa[0], s->legacy_in[0]);
        irq_set(&s->isa[8], s->legacy_in[1]);
    }
    s->conf = s->isr = 0;
    s->counter = 0;
    s->counter_ns = clock_ns();
}

HPETState *hpet_new(const IRQ *isa, const IRQ *gsi)
{
    HPETState *s = trix_malloc0(sizeof(*s));
    for (int i = 0; i < 16; i++)
        s->isa[i] = isa ? isa[i] : (IRQ){ 0 };
    for (int i = 0; i < 24; i++)
        s->gsi[i] = gsi ? gsi[i] : (IRQ){ 0 };
    for (int i = 0; i < HPET_NUM_TIMERS; i++) {
        s->t[i].owner = s;
        s->t[i].index = i;
        s->t[i].timer = timer_new(hpet_timer_cb, &s->t[i]);
    }
    hpet_reset(s);
    return s;
}

HPETState *hpet_create(uint64_t base, const IRQ *isa, const IRQ *gsi)
{
    HPETState *s = hpet_new(isa, gsi);
    mem_map_mmio("hpet", base, HPET_MMIO_SIZE, &hpet_ops, s);
    return s;
}
