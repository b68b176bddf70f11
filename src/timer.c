/* One-shot timers on the virtual clock, run by the I/O thread or the vCPU loop; timer
 * interrupts held back until the guest could have seen their time. */
#include <pthread.h>
#include <stdlib.h>
#include "trix/exec.h"
#include "trix/hw.h"
#include "trix/icount.h"
#include "system_int.h"

struct HWTimer {
    void (*cb)(void *opaque);
    void *opaque;
    int64_t expire;             /* INT64_MAX: not armed */
    HWTimer *next;              /* all timers (few: a handful per device) */
};

static pthread_mutex_t timer_mutex = PTHREAD_MUTEX_INITIALIZER;
static HWTimer *timer_list;

HWTimer *timer_new(void (*cb)(void *opaque), void *opaque)
{
    HWTimer *t = trix_malloc0(sizeof(*t));
    t->cb = cb;
    t->opaque = opaque;
    t->expire = INT64_MAX;
    pthread_mutex_lock(&timer_mutex);
    t->next = timer_list;
    timer_list = t;
    pthread_mutex_unlock(&timer_mutex);
    return t;
}

void timer_mod(HWTimer *t, int64_t expire_ns)
{
    pthread_mutex_lock(&timer_mutex);
    int64_t old = INT64_MAX;
    for (HWTimer *p = timer_list; p; p = p->next)
        if (p->expire < old)
            old = p->expire;
    t->expire = expire_ns < INT64_MAX ? expire_ns : INT64_MAX - 1;
    pthread_mutex_unlock(&timer_mutex);
    if (icount_enabled)
        icount_timer_armed(t->expire);
    if (expire_ns < old) {      /* earlier than anything the sleepers wait for */
        iothread_wakeup();
        system_wake();
    }
}

void timer_del(HWTimer *t)
{
    pthread_mutex_lock(&timer_mutex);
    t->expire = INT64_MAX;
    pthread_mutex_unlock(&timer_mutex);
}

int64_t timer_next_deadline(void)
{
    int64_t d = INT64_MAX;
    pthread_mutex_lock(&timer_mutex);
    for (HWTimer *p = timer_list; p; p = p->next)
        if (p->expire < d)
            d = p->expire;
    pthread_mutex_unlock(&timer_mutex);
    return d;
}

/* Take one expired timer (disarming it), or NULL. */
static HWTimer *timer_take_expired(int64_t now)
{
    HWTimer *t = NULL;
    pthread_mutex_lock(&timer_mutex);
    for (HWTimer *p = timer_list; p; p = p->next) {
        if (p->expire <= now) {
            p->expire = INT64_MAX;
            t = p;
            break;
        }
    }
    pthread_mutex_unlock(&timer_mutex);
    return t;
}

static int64_t timer_fired_ns = INT64_MIN;     /* clock_ns() when device timers last ran */
static void cpu_irq_wait_cb(void *opaque);

void timer_run_expired(void)
{
    int64_t now = clock_ns();
    HWTimer *t;
    hw_lock();
    while ((t = timer_take_expired(now))) {
        if (t->cb != cpu_irq_wait_cb)   /* ending a wait is no event the guest could see */
            __atomic_store_n(&timer_fired_ns, now, __ATOMIC_SEQ_CST);
        t->cb(t->opaque);       /* may re-arm itself */
    }
    hw_unlock();
}

/* ---- timer interrupts and the guest's view of time ---- */
/*
 * A guest polling "while (time() < deadline && !irq_seen)" must never see the interrupt
 * while its last time read was still below the deadline. On hardware the interrupt latency
 * exceeds a loop turn; here the vCPU may stop between the time read and the flag check (a
 * round-robin turn of another vCPU, the host or hypervisor preempting the vCPU thread) while
 * the deadline passes, and then take the interrupt first thing when it resumes. So an
 * interrupt that came after a timer event, to a vCPU that read the time before that event
 * and fewer than IRQ_WAIT_INSNS of its own instructions before, waits for the vCPU's next
 * time read (a few instructions later in such a loop) or for the end of that window.
 *
 * Instructions are counted by the block prologues (cpu->icount_budget, exec.c), so the
 * window does not depend on host scheduling. A timer ends it where it would end if the vCPU
 * ran on without a break (re-armed when it did not), so that with -icount the interrupt
 * comes at the same instruction in every run and tier.
 */
#define IRQ_WAIT_INSNS 200000

static int64_t cpu_insns(CPUState *cpu)
{
    return icount_enabled ? (int64_t)icount_cpu_insns(cpu) : ICOUNT_FREE_RUN - cpu->icount_budget;
}

void cpu_time_seen(CPUState *cpu)
{
    if (!cpu)
        return;
    cpu->time_seen_ns = clock_ns();
    cpu->time_seen_insns = cpu_insns(cpu);
    if (cpu->irq_waiting)
        cpu_exit_request(cpu);  /* take it after this instruction */
}

static void cpu_irq_wait_cb(void *opaque)
{
    cpu_exit_request(opaque);
}

bool cpu_irq_wait(CPUState *cpu)
{
    int64_t fired = __atomic_load_n(&timer_fired_ns, __ATOMIC_SEQ_CST);
    int64_t left = IRQ_WAIT_INSNS - (cpu_insns(cpu) - cpu->time_seen_insns);
    if (cpu->time_seen_ns >= fired || left <= 0) {
        if (cpu->irq_waiting) {
            cpu->irq_waiting = false;
            timer_del(cpu->irq_wait_timer);
        }
        return false;
    }
    if (!cpu->irq_wait_timer)
        cpu->irq_wait_timer = timer_new(cpu_irq_wait_cb, cpu);
    /* without -icount, 1 ns an instruction: a faster guest is only checked again sooner */
    timer_mod(cpu->irq_wait_timer, clock_ns() + (icount_enabled ? icount_insns_to_ns(left) : left));
    cpu->irq_waiting = true;
    return true;
}

/* ---- the I/O thread's timer source ---- */

/* With -icount only the vCPU loop runs timers, at exact instruction counts. */
static gboolean timer_src_prepare(GSource *s, gint *timeout)
{
    int64_t d = icount_enabled ? INT64_MAX : timer_next_deadline();
    if (d == INT64_MAX) {
        *timeout = -1;
        return FALSE;
    }
    int64_t left = d - clock_ns();
    if (left <= 0) {
        *timeout = 0;
        return TRUE;
    }
    *timeout = (gint)((left + 999999) / 1000000 < G_MAXINT ? (left + 999999) / 1000000 : G_MAXINT);
    return FALSE;
}

static gboolean timer_src_check(GSource *s)
{
    return !icount_enabled && timer_next_deadline() <= clock_ns();
}

static gboolean timer_src_dispatch(GSource *s, GSourceFunc cb, gpointer data)
{
    timer_run_expired();
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs timer_src_funcs = {
    .prepare = timer_src_prepare,
    .check = timer_src_check,
    .dispatch = timer_src_dispatch,
};

void timer_attach_source(GMainContext *ctx)
{
    GSource *s = g_source_new(&timer_src_funcs, sizeof(GSource));
    g_source_attach(s, ctx);
    g_source_unref(s);
}
