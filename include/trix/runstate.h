/* The machine's run state (running, paused, debug, ...) shared by the vCPU loop, gdb and QMP. */
/*
 * One state for the whole machine, QEMU's names. vm_stop() and vm_start() may be called from
 * any thread (the I/O thread for gdb/QMP, a vCPU thread for a breakpoint hit); the vCPU loop
 * (src/system.c) notices a stop at the next block boundary of every hart and waits in
 * runstate_wait_running() until vm_start(). The virtual clock stands still while stopped.
 *
 * Notifiers run in the thread that changed the state, after the change, with no runstate
 * lock held: they may call runstate_get() but must not block; hand work to the I/O thread
 * with iothread_call() when it needs to talk to a socket.
 */
#ifndef TRIX_RUNSTATE_H
#define TRIX_RUNSTATE_H

#include <stdbool.h>

typedef enum RunState {
    RUN_STATE_PRELAUNCH,        /* created, not started yet (-S) */
    RUN_STATE_RUNNING,
    RUN_STATE_PAUSED,           /* stopped by a monitor "stop" */
    RUN_STATE_DEBUG,            /* stopped by the gdb stub (breakpoint, step, Ctrl-C) */
    RUN_STATE_SHUTDOWN,         /* the guest powered off (with -no-shutdown: stays here) */
    RUN_STATE_INTERNAL_ERROR,
    RUN_STATE__MAX
} RunState;

/* Why the machine stopped: the state it enters is derived from it (runstate_for_reason). */
typedef enum RunStateReason {
    RUN_REASON_PAUSED,          /* -> paused */
    RUN_REASON_DEBUG,           /* -> debug */
    RUN_REASON_SHUTDOWN,        /* -> shutdown */
    RUN_REASON_INTERNAL_ERROR,  /* -> internal-error */
} RunStateReason;

typedef void (*RunStateNotify)(void *opaque, bool running, RunState state);

/* Stop every hart at its next block boundary; a no-op when already stopped (the state still
 * changes to the reason's, e.g. paused -> debug). Returns without waiting for the harts. */
void vm_stop(RunStateReason reason);
/* Resume from any stopped state except shutdown/internal-error (false then, or if running). */
bool vm_start(void);
bool runstate_is_running(void);
RunState runstate_get(void);
const char *runstate_name(RunState s);      /* QMP's spelling: "running", "prelaunch", ... */
/* Set the state without the start/stop side effects (startup, shutdown). */
void runstate_set(RunState s);

/* Called on every change between running and stopped (and between stopped states). */
void runstate_add_notifier(RunStateNotify fn, void *opaque);

/* vCPU loop side: block while stopped; returns true when running, false when abort() says
 * so (checked at least every 50 ms and after runstate_kick()). */
bool runstate_wait_running(bool (*abort_fn)(void));
/* True once the stopped vCPU loop waits in runstate_wait_running: no guest state changes
 * until vm_start() (the gdb stub waits for it before its stop reply). */
bool runstate_vcpus_parked(void);
/* Wake runstate_wait_running (a shutdown request while stopped). */
void runstate_kick(void);
/* Set by the vCPU loop: ends the running harts' slices so they see a stop (any thread). */
extern void (*runstate_stop_hook)(void);

#endif
