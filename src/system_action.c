/* Guest power-off and reboot requests under -no-shutdown / -no-reboot / -action (QEMU's meaning). */
#include <string.h>
#include <glib.h>
#include "trix/common.h"
#include "trix/machine.h"
#include "trix/opts.h"
#include "trix/runstate.h"
#include "system_int.h"

/* Called on the I/O thread. */
void (*machine_event_hook)(const char *event, bool guest, const char *reason);

static int act_exit_code;
static const char *act_reason;
static int act_pending;         /* a guest shutdown is on its way (the guest may repeat it) */

/* On the I/O thread, so the monitor's SHUTDOWN event goes out (before the STOP event, queued
 * after it) before trix exits. */
static gboolean act_shutdown_cb(gpointer opaque)
{
    if (machine_event_hook)
        machine_event_hook("SHUTDOWN", true, act_reason);
    if (!current_machine || !current_machine->no_shutdown)
        machine_request_shutdown(act_exit_code);
    return G_SOURCE_REMOVE;
}

/* The harts stop at once (the guest runs no further than its current block, as before an
 * exit), then the I/O thread reports and exits or, with -no-shutdown, leaves it stopped. */
static void act_shutdown(int exit_code, const char *reason)
{
    if (__atomic_exchange_n(&act_pending, 1, __ATOMIC_SEQ_CST))
        return;
    act_exit_code = exit_code;
    act_reason = reason;
    iothread_call(act_shutdown_cb, NULL);
    vm_stop(RUN_REASON_SHUTDOWN);
}

void machine_guest_shutdown(int exit_code)
{
    act_shutdown(exit_code, "guest-shutdown");
}

static gboolean act_reset_cb(gpointer opaque)
{
    if (machine_event_hook)
        machine_event_hook("RESET", true, "guest-reset");
    return G_SOURCE_REMOVE;
}

void machine_guest_reset(void)
{
    if (!current_machine || current_machine->no_reboot) {
        act_shutdown(0, "guest-reset");
        return;
    }
    iothread_call(act_reset_cb, NULL);
    machine_request_reset();
}

/* The vCPU loop reset the machine: a machine stopped by a guest power-off becomes startable
 * (prelaunch: `cont` runs it, as in QEMU). */
void machine_action_after_reset(void)
{
    if (runstate_get() == RUN_STATE_SHUTDOWN)
        runstate_set(RUN_STATE_PRELAUNCH);
    __atomic_store_n(&act_pending, 0, __ATOMIC_SEQ_CST);
}

static bool act_pick(const char *key, const char *val, const char *const *vals)
{
    for (int i = 0; vals[i]; i++)
        if (!strcmp(val, vals[i]))
            return i == 0;
    GString *all = g_string_new(NULL);
    for (int i = 0; vals[i]; i++)
        g_string_append_printf(all, "%s%s", i ? ", " : "", vals[i]);
    trix_fatal("-action %s=%s: invalid value '%s' (expected one of: %s)", key, val, val,
               all->str);
}

void machine_parse_action(MachineState *ms, const char *arg)
{
    static const char *const shut[] = { "pause", "poweroff", NULL };
    static const char *const reboot[] = { "shutdown", "reset", NULL };
    /* No panic device exists on trix's boards yet: the values are checked, never acted on. */
    static const char *const panic[] = { "none", "pause", "shutdown", "exit-failure", NULL };
    Opts *o = opts_parse("-action", arg, NULL);
    const char *v;
    if ((v = opts_get(o, "shutdown")))
        ms->no_shutdown = act_pick("shutdown", v, shut);
    if ((v = opts_get(o, "reboot")))
        ms->no_reboot = act_pick("reboot", v, reboot);
    if ((v = opts_get(o, "panic")))
        act_pick("panic", v, panic);
    opts_finish(o);
    opts_free(o);
}
