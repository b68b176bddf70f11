/* The I/O thread (a glib main loop for host I/O and timers) and the one device lock. */
#include <pthread.h>
#include <glib.h>
#include "trix/hw.h"
#include "system_int.h"

static pthread_mutex_t hw_mutex;
static pthread_once_t hw_mutex_once = PTHREAD_ONCE_INIT;
static GMainContext *io_ctx;
static volatile int io_quit;
static GThread *io_thread;
static __thread bool on_io_thread;

/* Recursive: a device callback may reach phys_read/phys_write (DMA) while holding it. */
static void hw_mutex_init(void)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&hw_mutex, &a);
    pthread_mutexattr_destroy(&a);
}

void hw_lock(void)
{
    pthread_once(&hw_mutex_once, hw_mutex_init);
    pthread_mutex_lock(&hw_mutex);
}

void hw_unlock(void)
{
    pthread_mutex_unlock(&hw_mutex);
}

GMainContext *iothread_context(void)
{
    if (!io_ctx)
        io_ctx = g_main_context_new();
    return io_ctx;
}

/* From the I/O thread itself there is nobody to wake: it re-polls after this dispatch. */
void iothread_wakeup(void)
{
    if (io_ctx && !on_io_thread)
        g_main_context_wakeup(io_ctx);
}

static gpointer iothread_run(gpointer data)
{
    g_main_context_push_thread_default(io_ctx);
    on_io_thread = true;
    while (!__atomic_load_n(&io_quit, __ATOMIC_ACQUIRE))
        g_main_context_iteration(io_ctx, TRUE);
    g_main_context_pop_thread_default(io_ctx);
    return NULL;
}

void iothread_start(void)
{
    GMainContext *ctx = iothread_context();
    timer_attach_source(ctx);
    io_quit = 0;
    io_thread = g_thread_new("trix-io", iothread_run, NULL);
}

void iothread_stop(void)
{
    if (!io_thread)
        return;
    __atomic_store_n(&io_quit, 1, __ATOMIC_RELEASE);
    g_main_context_wakeup(io_ctx);
    g_thread_join(io_thread);
    io_thread = NULL;
}

/* Run fn(opaque) on the I/O thread (soon, from its loop). */
void iothread_call(gboolean (*fn)(gpointer), void *opaque)
{
    GSource *s = g_idle_source_new();
    g_source_set_callback(s, fn, opaque, NULL);
    g_source_attach(s, iothread_context());
    g_source_unref(s);
}

/* A bottom half: one GSource made once and made ready by each schedule, so a frequent
 * "run this on the I/O thread" (a virtqueue kick) allocates nothing. */
struct IOThreadBH {
    GSource src;
    void (*fn)(void *opaque);
    void *opaque;
};

static gboolean bh_dispatch(GSource *s, GSourceFunc cb, gpointer data)
{
    IOThreadBH *bh = (IOThreadBH *)s;
    g_source_set_ready_time(s, -1);     /* before fn, which may schedule it again */
    bh->fn(bh->opaque);
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs bh_funcs = { .dispatch = bh_dispatch };

IOThreadBH *iothread_bh_new(void (*fn)(void *opaque), void *opaque)
{
    IOThreadBH *bh = (IOThreadBH *)g_source_new(&bh_funcs, sizeof(IOThreadBH));
    bh->fn = fn;
    bh->opaque = opaque;
    g_source_attach(&bh->src, iothread_context());
    return bh;
}

/* Run fn on the I/O thread soon; schedules while it is pending coalesce. */
void iothread_bh_schedule(IOThreadBH *bh)
{
    g_source_set_ready_time(&bh->src, 0);
}
