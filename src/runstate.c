/* The machine's run state: stop/start from any thread, change notifiers, the vCPU wait. */
#include <pthread.h>
#include <time.h>
#include "trix/common.h"
#include "trix/runstate.h"
#include "system_int.h"

#define RUNSTATE_MAX_NOTIFIERS 16

static pthread_mutex_t rs_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t rs_cond = PTHREAD_COND_INITIALIZER;
static volatile RunState rs_state = RUN_STATE_PRELAUNCH;
static unsigned rs_kicks;
static volatile bool rs_parked;     /* the vCPU loop waits in runstate_wait_running */
static struct { RunStateNotify fn; void *opaque; } rs_notifiers[RUNSTATE_MAX_NOTIFIERS];
static int rs_nnotifiers;
void (*runstate_stop_hook)(void);

static const char *const rs_names[RUN_STATE__MAX] = {
    [RUN_STATE_PRELAUNCH] = "prelaunch", [RUN_STATE_RUNNING] = "running",
    [RUN_STATE_PAUSED] = "paused", [RUN_STATE_DEBUG] = "debug",
    [RUN_STATE_SHUTDOWN] = "shutdown", [RUN_STATE_INTERNAL_ERROR] = "internal-error",
};

const char *runstate_name(RunState s)
{
    return (unsigned)s < RUN_STATE__MAX ? rs_names[s] : "unknown";
}

RunState runstate_get(void)
{
    return __atomic_load_n(&rs_state, __ATOMIC_ACQUIRE);
}

bool runstate_is_running(void)
{
    return runstate_get() == RUN_STATE_RUNNING;
}

void runstate_add_notifier(RunStateNotify fn, void *opaque)
{
    pthread_mutex_lock(&rs_mutex);
    if (rs_nnotifiers == RUNSTATE_MAX_NOTIFIERS)
        trix_fatal("internal error: too many run-state notifiers");
    rs_notifiers[rs_nnotifiers].fn = fn;
    rs_notifiers[rs_nnotifiers++].opaque = opaque;
    pthread_mutex_unlock(&rs_mutex);
}

static void rs_notify(bool running, RunState s)
{
    for (int i = 0; i < rs_nnotifiers; i++)
        rs_notifiers[i].fn(rs_notifiers[i].opaque, running, s);
}

/* Change to s; returns the previous state. */
static RunState rs_change(RunState s)
{
    pthread_mutex_lock(&rs_mutex);
    RunState old = rs_state;
    __atomic_store_n(&rs_state, s, __ATOMIC_RELEASE);
    rs_kicks++;
    pthread_cond_broadcast(&rs_cond);
    pthread_mutex_unlock(&rs_mutex);
    return old;
}

void runstate_set(RunState s)
{
    rs_change(s);
}

static RunState runstate_for_reason(RunStateReason r)
{
    switch (r) {
    case RUN_REASON_DEBUG: return RUN_STATE_DEBUG;
    case RUN_REASON_SHUTDOWN: return RUN_STATE_SHUTDOWN;
    case RUN_REASON_INTERNAL_ERROR: return RUN_STATE_INTERNAL_ERROR;
    default: return RUN_STATE_PAUSED;
    }
}

void vm_stop(RunStateReason reason)
{
    RunState s = runstate_for_reason(reason);
    RunState old = rs_change(s);
    if (old == s)
        return;
    if (old == RUN_STATE_RUNNING) {
        clock_stop();
        if (runstate_stop_hook)
            runstate_stop_hook();
    }
    rs_notify(false, s);
}

bool vm_start(void)
{
    pthread_mutex_lock(&rs_mutex);
    RunState old = rs_state;
    bool ok = old != RUN_STATE_RUNNING && old != RUN_STATE_SHUTDOWN &&
              old != RUN_STATE_INTERNAL_ERROR;
    pthread_mutex_unlock(&rs_mutex);
    if (!ok)
        return false;
    if (old != RUN_STATE_PRELAUNCH)
        clock_resume();
    rs_change(RUN_STATE_RUNNING);
    rs_notify(true, RUN_STATE_RUNNING);
    return true;
}

void runstate_kick(void)
{
    pthread_mutex_lock(&rs_mutex);
    rs_kicks++;
    pthread_cond_broadcast(&rs_cond);
    pthread_mutex_unlock(&rs_mutex);
}

bool runstate_wait_running(bool (*abort_fn)(void))
{
    pthread_mutex_lock(&rs_mutex);
    rs_parked = true;
    while (rs_state != RUN_STATE_RUNNING && !(abort_fn && abort_fn())) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 50 * 1000000;
        if (ts.tv_nsec >= 1000000000) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait(&rs_cond, &rs_mutex, &ts);
    }
    bool running = rs_state == RUN_STATE_RUNNING;
    rs_parked = false;
    pthread_mutex_unlock(&rs_mutex);
    return running;
}

bool runstate_vcpus_parked(void)
{
    pthread_mutex_lock(&rs_mutex);
    bool parked = rs_parked && rs_state != RUN_STATE_RUNNING;
    pthread_mutex_unlock(&rs_mutex);
    return parked;
}
