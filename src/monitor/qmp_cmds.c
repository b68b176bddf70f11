/* QMP command table (qmp_ handlers): capabilities, status, version, commands, reset, quit. */
#include <stdio.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>
#include "monitor.h"
#include "trix/common.h"
#include "trix/machine.h"
#include "trix/memory.h"
#include "trix/exec.h"
#include "trix/runstate.h"
#include "../system_int.h"
#include "hw/virtio/virtio_input.h"

JsonNode *qmp_version_node(void)
{
    int maj = 0, min = 0, mic = 0;
    sscanf(TRIX_VERSION, "%d.%d.%d", &maj, &min, &mic);
    JsonObject *q = json_object_new(), *v = json_object_new();
    json_object_set_int_member(q, "major", maj);
    json_object_set_int_member(q, "minor", min);
    json_object_set_int_member(q, "micro", mic);
    json_object_set_object_member(v, "qemu", q);
    json_object_set_string_member(v, "package", "trix " TRIX_VERSION);
    JsonNode *n = json_node_init_object(json_node_alloc(), v);
    json_object_unref(v);
    return n;
}

static JsonNode *qmp_obj_node(JsonObject *o)
{
    JsonNode *n = json_node_init_object(json_node_alloc(), o);
    json_object_unref(o);
    return n;
}

static JsonNode *qmp_capabilities(QmpSession *s, JsonObject *args, char **err)
{
    return NULL;
}

static JsonNode *qmp_query_version(QmpSession *s, JsonObject *args, char **err)
{
    return qmp_version_node();
}

static JsonNode *qmp_query_status(QmpSession *s, JsonObject *args, char **err)
{
    JsonObject *o = json_object_new();
    json_object_set_boolean_member(o, "running", runstate_is_running());
    json_object_set_boolean_member(o, "singlestep", false);
    json_object_set_string_member(o, "status", runstate_name(runstate_get()));
    return qmp_obj_node(o);
}

static JsonNode *qmp_stop(QmpSession *s, JsonObject *args, char **err)
{
    if (runstate_is_running())
        vm_stop(RUN_REASON_PAUSED);
    return NULL;
}

static JsonNode *qmp_cont(QmpSession *s, JsonObject *args, char **err)
{
    RunState st = runstate_get();
    if (st == RUN_STATE_SHUTDOWN || st == RUN_STATE_INTERNAL_ERROR)
        return *err = g_strdup_printf("cannot continue from state '%s' (use system_reset)",
                                      runstate_name(st)), NULL;
    if (!runstate_is_running())
        vm_start();
    return NULL;
}

/* STOP / RESUME events, sent from the I/O thread whoever changed the state. */
static gboolean qmp_state_event(gpointer opaque)
{
    qmp_send_event(opaque ? "RESUME" : "STOP", NULL);
    return G_SOURCE_REMOVE;
}

static int qmp_last_running = -1;

static void qmp_runstate_changed(void *opaque, bool running, RunState state)
{
    if ((int)running == qmp_last_running)
        return;
    qmp_last_running = running;
    /* A power-off that ends trix sends SHUTDOWN only, as QEMU does; with -no-shutdown the
     * machine stays, stopped, and STOP follows. */
    if (!running && state == RUN_STATE_SHUTDOWN && current_machine &&
        !current_machine->no_shutdown)
        return;
    /* A change made by a monitor command (on the I/O thread) is told before the command's
     * reply, as QEMU does; one from a vCPU or device goes through the I/O thread's queue. */
    if (g_main_context_is_owner(iothread_context()))
        qmp_state_event(running ? (void *)1 : NULL);
    else
        iothread_call(qmp_state_event, running ? (void *)1 : NULL);
}

static JsonNode *qmp_reason(bool guest, const char *reason);

/* SHUTDOWN / RESET caused by the guest (system_action.c, on the I/O thread). */
static void qmp_machine_event(const char *event, bool guest, const char *reason)
{
    qmp_send_event(event, qmp_reason(guest, reason));
}

void qmp_cmds_init(void)
{
    machine_event_hook = qmp_machine_event;
    qmp_last_running = runstate_is_running();
    runstate_add_notifier(qmp_runstate_changed, NULL);
}

static JsonNode *qmp_query_commands(QmpSession *s, JsonObject *args, char **err)
{
    JsonArray *a = json_array_new();
    for (const QmpCommand *c = qmp_commands; c->name; c++) {
        JsonObject *o = json_object_new();
        json_object_set_string_member(o, "name", c->name);
        json_array_add_object_element(a, o);
    }
    JsonNode *n = json_node_init_array(json_node_alloc(), a);
    json_array_unref(a);
    return n;
}

/* One MachineInfo as QEMU's query-machines gives it. */
static JsonObject *qmp_machine_info(const MachineDef *d)
{
    JsonObject *o = json_object_new();
    json_object_set_string_member(o, "name", d->name);
    json_object_set_boolean_member(o, "is-default", false);    /* trix needs an explicit -M */
    json_object_set_int_member(o, "cpu-max", d->max_cpus ? d->max_cpus : 1);
    json_object_set_boolean_member(o, "hotpluggable-cpus", false);
    json_object_set_boolean_member(o, "numa-mem-supported", false);
    json_object_set_boolean_member(o, "deprecated", false);
    json_object_set_string_member(o, "default-ram-id", "ram");
    json_object_set_boolean_member(o, "acpi", false);
    return o;
}

/* Every board of this binary (its target's and the generic ones). */
static JsonNode *qmp_query_machines(QmpSession *s, JsonObject *args, char **err)
{
    JsonArray *a = json_array_new();
    for (int i = 0; machine_list[i]; i++)
        if (machine_for_target(machine_list[i], current_machine ? current_machine->target : NULL))
            json_array_add_object_element(a, qmp_machine_info(machine_list[i]));
    JsonNode *n = json_node_init_array(json_node_alloc(), a);
    json_array_unref(a);
    return n;
}

static JsonNode *qmp_reason(bool guest, const char *reason)
{
    JsonObject *o = json_object_new();
    json_object_set_boolean_member(o, "guest", guest);
    json_object_set_string_member(o, "reason", reason);
    return qmp_obj_node(o);
}

static void qmp_do_quit(void)
{
    qmp_send_event("SHUTDOWN", qmp_reason(false, "host-qmp-quit"));
    machine_request_shutdown(0);
}

static JsonNode *qmp_quit(QmpSession *s, JsonObject *args, char **err)
{
    qmp_after_reply(s, qmp_do_quit);
    return NULL;
}

static void qmp_do_reset(void)
{
    qmp_send_event("RESET", qmp_reason(false, "host-qmp-system-reset"));
    machine_request_reset();
}

static JsonNode *qmp_system_reset(QmpSession *s, JsonObject *args, char **err)
{
    qmp_after_reply(s, qmp_do_reset);
    return NULL;
}

static bool qmp_get_int(JsonObject *args, const char *key, int64_t *out, char **err)
{
    JsonNode *n = json_object_get_member(args, key);
    if (!n || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_INT64) {
        *err = g_strdup_printf("Parameter '%s' is missing or not an integer", key);
        return false;
    }
    *out = json_node_get_int(n);
    return true;
}

/* pmemsave / memsave val=ADDR size=N filename=F: guest physical / virtual memory to a file. */
static JsonNode *qmp_save_mem(JsonObject *args, char **err, CPUState *virt)
{
    int64_t addr, size;
    if (!qmp_get_int(args, "val", &addr, err) || !qmp_get_int(args, "size", &size, err))
        return NULL;
    const char *fn = json_object_get_string_member_with_default(args, "filename", NULL);
    if (!fn)
        return *err = g_strdup("Parameter 'filename' is missing"), NULL;
    if (size < 0 || size > (1ll << 32))
        return *err = g_strdup("Parameter 'size' is out of range"), NULL;
    FILE *f = fopen(fn, "wb");
    if (!f)
        return *err = g_strdup_printf("could not open '%s'", fn), NULL;
    uint8_t chunk[4096];
    for (int64_t off = 0; off < size && !*err; off += (int64_t)sizeof(chunk)) {
        uint64_t n = (uint64_t)MIN(size - off, (int64_t)sizeof(chunk));
        uint64_t a = (uint64_t)(addr + off);
        if (!(virt ? monitor_virt_read(virt, a, chunk, n) : phys_read(a, chunk, n)))
            *err = g_strdup_printf("Invalid address 0x%" PRIx64, (uint64_t)(addr + off));
        else if (fwrite(chunk, 1, n, f) != n)
            *err = g_strdup_printf("writing '%s' failed", fn);
    }
    fclose(f);
    return NULL;
}

static JsonNode *qmp_pmemsave(QmpSession *s, JsonObject *args, char **err)
{
    return qmp_save_mem(args, err, NULL);
}

/* memsave: virtual addresses through the MMU of hart "cpu-index" (default: HMP's `cpu`). */
static JsonNode *qmp_memsave(QmpSession *s, JsonObject *args, char **err)
{
    JsonNode *n = json_object_get_member(args, "cpu-index");
    int64_t idx = -1;
    if (n && !qmp_get_int(args, "cpu-index", &idx, err))
        return NULL;
    CPUState *cpu = idx < -1 || idx > MACHINE_MAX_CPUS ? NULL : monitor_cpu((int)idx);
    if (!cpu)
        return *err = g_strdup_printf("Parameter 'cpu-index' is out of range"), NULL;
    return qmp_save_mem(args, err, cpu);
}

static JsonNode *qmp_query_cpus_fast(QmpSession *s, JsonObject *args, char **err)
{
    JsonArray *a = json_array_new();
    for (int i = 0; current_machine && i < current_machine->smp; i++) {
        JsonObject *o = json_object_new();
        int idx = current_machine->cpus[i]->cpu_index;
        char path[64];
        bool rv = !strncmp(current_machine->target->name, "riscv", 5);
        snprintf(path, sizeof(path), rv ? "/machine/soc0/harts[%d]" : "/machine/cpu[%d]", idx);
        json_object_set_int_member(o, "cpu-index", idx);
        json_object_set_string_member(o, "qom-path", path);
        /* every vCPU runs round-robin on the main thread */
        json_object_set_int_member(o, "thread-id", (gint64)getpid());
        JsonObject *props = json_object_new();
        json_object_set_int_member(props, "socket-id", 0);
        json_object_set_int_member(props, "core-id", idx);
        json_object_set_int_member(props, "thread-id", 0);
        json_object_set_object_member(o, "props", props);
        json_object_set_string_member(o, "target", current_machine->target->name);
        json_array_add_object_element(a, o);
    }
    JsonNode *n = json_node_init_array(json_node_alloc(), a);
    json_array_unref(a);
    return n;
}

static JsonNode *qmp_human_monitor_command(QmpSession *s, JsonObject *args, char **err)
{
    const char *line = json_object_get_string_member_with_default(args, "command-line", NULL);
    if (!line)
        return *err = g_strdup("Parameter 'command-line' is missing or not a string"), NULL;
    GString *out = g_string_new(NULL);
    hmp_execute(line, out);
    JsonNode *n = json_node_init_string(json_node_alloc(), out->str);
    g_string_free(out, TRUE);
    return n;
}

static void qmp_do_powerdown(void)
{
    qmp_send_event("POWERDOWN", NULL);
    if (machine_power_button)
        machine_power_button();
    else
        virtio_input_power_button();
}

static JsonNode *qmp_system_powerdown(QmpSession *s, JsonObject *args, char **err)
{
    if (!machine_power_button && !virtio_input_has_power_button())
        return *err = g_strdup("this machine has no power button: add "
                               "-device virtio-keyboard-device (see docs/monitor.md)"), NULL;
    qmp_after_reply(s, qmp_do_powerdown);
    return NULL;
}

const QmpCommand qmp_commands[] = {
    { "stop", qmp_stop },
    { "cont", qmp_cont },
    { "system_powerdown", qmp_system_powerdown },
    { "human-monitor-command", qmp_human_monitor_command },
    { "pmemsave", qmp_pmemsave },
    { "memsave", qmp_memsave },
    { "query-cpus-fast", qmp_query_cpus_fast },
    { "qmp_capabilities", qmp_capabilities },
    { "query-version", qmp_query_version },
    { "query-status", qmp_query_status },
    { "query-commands", qmp_query_commands },
    { "query-machines", qmp_query_machines },
    { "system_reset", qmp_system_reset },
    { "quit", qmp_quit },
    { NULL, NULL },
};

const QmpCommand *qmp_find_command(const char *name)
{
    for (const QmpCommand *c = qmp_commands; c->name; c++)
        if (!strcmp(c->name, name))
            return c;
    return NULL;
}
