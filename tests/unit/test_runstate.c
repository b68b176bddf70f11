/* Run-state tests: transitions, notifier calls, vm_start refusals, waiting across threads. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "trix/runstate.h"

static int failures;
#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
                                           __LINE__, #c); failures++; } } while (0)

static int notes, stop_hooks;
static bool last_running;
static RunState last_state;

static void note(void *opaque, bool running, RunState s)
{
    notes++;
    last_running = running;
    last_state = s;
}

static void stop_hook(void) { stop_hooks++; }

static void test_transitions(void)
{
    CHECK(runstate_get() == RUN_STATE_PRELAUNCH);
    CHECK(!runstate_is_running());
    CHECK(vm_start() && runstate_is_running() && notes == 1 && last_running);
    CHECK(!vm_start() && notes == 1);                   /* already running */
    vm_stop(RUN_REASON_PAUSED);
    CHECK(runstate_get() == RUN_STATE_PAUSED && notes == 2 && !last_running);
    CHECK(stop_hooks == 1);
    vm_stop(RUN_REASON_PAUSED);                         /* no change: no notification */
    CHECK(notes == 2);
    vm_stop(RUN_REASON_DEBUG);                          /* paused -> debug */
    CHECK(runstate_get() == RUN_STATE_DEBUG && notes == 3 && stop_hooks == 1);
    CHECK(!strcmp(runstate_name(runstate_get()), "debug"));
    CHECK(vm_start() && runstate_get() == RUN_STATE_RUNNING);
}

static void *starter(void *arg)
{
    usleep(20000);
    vm_start();
    return NULL;
}

static void test_wait(void)
{
    vm_stop(RUN_REASON_DEBUG);
    pthread_t th;
    pthread_create(&th, NULL, starter, NULL);
    CHECK(runstate_wait_running(NULL));
    pthread_join(th, NULL);
    vm_stop(RUN_REASON_SHUTDOWN);
    CHECK(!vm_start() && runstate_get() == RUN_STATE_SHUTDOWN);
}

static bool always(void) { return true; }

int main(void)
{
    runstate_add_notifier(note, NULL);
    runstate_stop_hook = stop_hook;
    test_transitions();
    test_wait();
    CHECK(!runstate_wait_running(always));              /* stopped, aborted at once */
    if (failures)
        return 1;
    printf("runstate: ok\n");
    return 0;
}
