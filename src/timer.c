/* One-shot timers on the virtual clock, run by the I/O thread or the idle vCPU loop. */
#include <pthread.h>
#include <stdlib.h>
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

void timer_run_expired(void)
{
    int64_t now = clock_ns();
    HWTimer *t;
    hw_lock();
    while ((t = timer_take_expired(now)))
        t->cb(t->opaque);       /* may re-arm itself */
    hw_unlock();
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
