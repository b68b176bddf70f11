/* arm64 generic timer: the system counter on the virtual clock, and the EL1 physical, virtual and
 * EL2 hypervisor timers driving their outputs (a64_cpu_set_timer_out). */
#include "sys_internal.h"

#define GT_NS_PER_TICK (1000000000ull / A64_GT_FREQ_HZ)     /* 16 ns at 62.5 MHz */
#define GT_CTL_ENABLE 1u
#define GT_CTL_IMASK 2u
#define GT_CTL_ISTATUS 4u
/* Far deadlines (CVAL near 2^64) are re-checked after this many ticks (about 5 hours). */
#define GT_MAX_TICKS (1ull << 40)

static uint64_t gt_phys_now(void) { return (uint64_t)clock_ns() / GT_NS_PER_TICK; }

static uint64_t gt_timer_count(A64CPU *env, int t)
{
    uint64_t c = gt_phys_now();
    return t == A64_GT_VIRT ? c - env->sys.cntvoff : c;
}

/* A guest read of the counter: CNTPCT_EL0 or CNTVCT_EL0 (minus CNTVOFF_EL2). */
uint64_t a64_gt_count(A64CPU *env, bool virt)
{
    cpu_time_seen(&env->cs);
    uint64_t c = gt_phys_now();
    return virt ? c - env->sys.cntvoff : c;
}

static bool gt_istatus(A64CPU *env, int t)
{
    A64GenTimer *g = &env->sys.gt[t];
    return (g->ctl & GT_CTL_ENABLE) && gt_timer_count(env, t) >= g->cval;
}

static void gt_update(A64CPU *env, int t);

static void gt_timer_cb(void *opaque)
{
    A64GenTimer *g = opaque;
    gt_update(g->cpu, g->idx);
}

/* Recompute timer t's output and reprogram its host timer for the next condition change. */
static void gt_update(A64CPU *env, int t)
{
    A64GenTimer *g = &env->sys.gt[t];
    bool ist = gt_istatus(env, t);
    int level = ist && !(g->ctl & GT_CTL_IMASK);
    if (level != g->level) {
        g->level = level;
        irq_set(&g->out, level);
    }
    if (!(g->ctl & GT_CTL_ENABLE) || ist) {
        if (g->timer)
            timer_del(g->timer);
        return;
    }
    if (!g->timer) {
        g->cpu = env;
        g->idx = t;
        g->timer = timer_new(gt_timer_cb, g);
    }
    uint64_t ticks = g->cval - gt_timer_count(env, t);
    if (ticks > GT_MAX_TICKS)
        ticks = GT_MAX_TICKS;
    timer_mod(g->timer, clock_ns() + (int64_t)(ticks * GT_NS_PER_TICK) + 1);
}

void a64_gt_update_all(A64CPU *env)
{
    for (int t = 0; t < A64_GT_COUNT; t++)
        gt_update(env, t);
}

/* reg: 0 TVAL, 1 CTL, 2 CVAL. */
uint64_t a64_gt_read(A64CPU *env, int t, int reg)
{
    A64GenTimer *g = &env->sys.gt[t];
    cpu_time_seen(&env->cs);
    switch (reg) {
    case 0: return (uint32_t)(g->cval - gt_timer_count(env, t));
    case 1: return (g->ctl & 3) | (gt_istatus(env, t) ? GT_CTL_ISTATUS : 0);
    default: return g->cval;
    }
}

void a64_gt_write(A64CPU *env, int t, int reg, uint64_t v)
{
    A64GenTimer *g = &env->sys.gt[t];
    switch (reg) {
    case 0: g->cval = gt_timer_count(env, t) + (uint64_t)(int64_t)(int32_t)v; break;
    case 1: g->ctl = v & 3; break;
    default: g->cval = v; break;
    }
    hw_lock();
    gt_update(env, t);
    hw_unlock();
}

void a64_cpu_set_timer_out(A64CPU *env, int timer, IRQ out)
{
    if (timer < 0 || timer >= A64_GT_COUNT)
        return;
    env->sys.gt[timer].out = out;
    env->sys.gt[timer].level = -1;      /* drive the line on the next update */
    gt_update(env, timer);
}

/* Without a board (-M none, no a64_cpu_configure): the timers drive the vCPU's IRQ input
 * directly, ORed, so bare-metal tests can take timer interrupts without a GIC. */
static void gt_direct_handler(void *opaque, int n, int level)
{
    A64CPU *env = opaque;
    int any = 0;
    for (int t = 0; t < A64_GT_COUNT; t++)
        any |= env->sys.gt[t].level > 0;
    IRQ irq = a64_cpu_irq(env, A64_IRQ_IRQ);
    irq_set(&irq, any);
}

void a64_gt_wire_direct(A64CPU *env, bool on)
{
    for (int t = 0; t < A64_GT_COUNT; t++) {
        A64GenTimer *g = &env->sys.gt[t];
        if (on)
            g->out = irq_make(gt_direct_handler, env, t);
        else if (g->out.handler == gt_direct_handler)
            g->out = (IRQ){ 0 };        /* keep what a board already wired */
    }
}
