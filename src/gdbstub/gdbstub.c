/* gdb stub run control: stop replies, c/s/vCont, breakpoints and watchpoints, D/k, and
 * opening the stub on -gdb. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gdb_int.h"
#include "trix/cpu_debug.h"
#include "trix/machine.h"
#include "trix/runstate.h"
#include "../system_int.h"

static GdbStub gdb_stub;

static const GdbArch *const gdb_arches[] = { &gdb_arch_riscv64, &gdb_arch_aarch64,
                                              &gdb_arch_x86_64, NULL };

const GdbArch *gdb_arch_for(const char *target)
{
    for (int i = 0; gdb_arches[i]; i++)
        if (!strcmp(gdb_arches[i]->target, target))
            return gdb_arches[i];
    return NULL;
}

/* Z/z TYPE,ADDR,KIND: 0 and 1 are breakpoints, 2-4 write/read/access watchpoints. */
static void gdb_cmd_breakpoint(GdbStub *g, const char *a, bool insert)
{
    static const int watch_type[] = { 0, 0, CPU_WATCH_WRITE, CPU_WATCH_READ, CPU_WATCH_ACCESS };
    uint64_t addr, kind;
    const char *rest;
    if (a[0] < '0' || a[0] > '4' || a[1] != ',')
        return gdb_send_str(g, "");
    if (!gdb_addr_len(a + 2, &addr, &kind, &rest) || (*rest && *rest != ';'))
        return gdb_send_str(g, "E01");
    bool ok;
    if (a[0] <= '1')
        ok = insert ? cpu_breakpoint_insert(addr, a[0] - '0')
                    : cpu_breakpoint_remove(addr, a[0] - '0');
    else if (!current_machine)
        return gdb_send_str(g, "");     /* user mode has no TLB to catch accesses */
    else if (insert)
        ok = cpu_watchpoint_insert(addr, kind, watch_type[a[0] - '0']);
    else
        ok = cpu_watchpoint_remove(addr, kind, watch_type[a[0] - '0']);
    gdb_send_str(g, ok ? "OK" : "E22");
}

/* The stop reply for the last stop: which thread, and the watchpoint that fired. A stop
 * that was no debug event (Ctrl-C, a monitor stop) is SIGINT when async, else SIGTRAP. */
void gdb_stop_reply(GdbStub *g, bool async)
{
    static const char *const watch_name[] = { "", "watch", "rwatch", "awatch" };
    CpuDebugStop st = cpu_debug_last_stop();
    CPUState *cpu = st.cpu ? st.cpu : (g->cpu_c ? g->cpu_c : gdb_first_cpu());
    char out[96];
    int n = snprintf(out, sizeof(out), "T%02xthread:%x;",
                     st.kind == CPU_STOP_NONE && async ? 2 : 5,
                     gdb_thread_id(cpu));
    if (st.kind == CPU_STOP_WATCH)
        snprintf(out + n, sizeof(out) - (size_t)n, "%s:%llx;", watch_name[st.watch_type],
                 (unsigned long long)st.watch_addr);
    g->cpu_g = g->cpu_c = cpu;      /* gdb looks at the thread that stopped */
    gdb_send_str(g, out);
}

/* Resume: step one instruction of `step` (alone), or run `only` alone (NULL: every CPU). */
static void gdb_resume(GdbStub *g, CPUState *step, CPUState *only)
{
    cpu_single_step_set(step);
    cpu_debug_run_only(step ? step : only);
    cpu_debug_clear_stop();
    if (!g->chr) {
        g->resumed = true;          /* user mode: the serving thread runs on */
        return;
    }
    g->waiting_stop = true;
    if (!vm_start() && !runstate_is_running()) {
        g->waiting_stop = false;
        gdb_send_str(g, "E01");     /* shut down: nothing to run */
    }
}

static CPUState *gdb_step_cpu(GdbStub *g)
{
    return g->cpu_c ? g->cpu_c : (g->cpu_g ? g->cpu_g : gdb_first_cpu());
}

/* c/s [ADDR]: an address resumes there. */
static void gdb_cmd_continue(GdbStub *g, const char *a, bool step)
{
    CPUState *cpu = gdb_step_cpu(g);
    if (*a) {
        char *end;
        uint64_t pc = strtoull(a, &end, 16);
        if (*end)
            return gdb_send_str(g, "E01");
        cpu->target->set_pc(cpu, pc);
    }
    gdb_resume(g, step ? cpu : NULL, NULL);
}

/* vCont;ACTION[:TID]... (all-stop): a step steps its thread with the others stopped; a c
 * with no thread (or -1) runs every thread, a c naming threads runs only them (gdb's
 * software single step resumes one thread alone). */
static void gdb_cmd_vcont(GdbStub *g, const char *a)
{
    CPUState *step = NULL, *only = NULL;
    bool cont_all = false, cont = false;
    while (*a == ';') {
        char act = a[1];
        long tid = -1;
        a += 2;
        if (act == 'C' || act == 'S') {         /* the signal is dropped: no signals here */
            while (gdb_hexval((uint8_t)*a) >= 0)
                a++;
        }
        if (*a == ':' && !gdb_parse_tid(a + 1, &tid, &a))
            return gdb_send_str(g, "E01");
        CPUState *cpu = tid > 0 ? gdb_thread_cpu(tid) : gdb_step_cpu(g);
        if (!cpu || !act || !strchr("cCsSt", act))
            return gdb_send_str(g, "E01");
        if ((act == 's' || act == 'S') && !step)
            step = cpu;
        if (act == 'c' || act == 'C') {
            cont = true;
            if (tid <= 0 || (only && only != cpu))
                cont_all = true;
            only = cpu;
        }
    }
    if (*a)
        return gdb_send_str(g, "E01");
    if (!step && !cont)
        return gdb_send_str(g, "OK");       /* only t: all-stop is stopped already */
    gdb_resume(g, step, cont_all ? NULL : only);
}

static void gdb_cmd_v(GdbStub *g, const char *p)
{
    if (!strcmp(p, "vCont?"))
        gdb_send_str(g, "vCont;c;C;s;S;t");
    else if (!strncmp(p, "vCont;", 6))
        gdb_cmd_vcont(g, p + 5);
    else
        gdb_send_str(g, "");
}

static void gdb_detach(GdbStub *g)
{
    cpu_breakpoint_remove_all();
    cpu_watchpoint_remove_all();
    cpu_single_step_set(NULL);
    cpu_debug_run_only(NULL);
    cpu_debug_clear_stop();
    g->waiting_stop = false;
    g->phys_mem = false;
    if (g->chr) {
        vm_start();
    } else {
        g->resumed = g->detached = true;
    }
}

static void gdb_kill(GdbStub *g)
{
    gdb_detach(g);
    if (!g->chr)
        exit(0);                    /* user mode: the process ends, as qemu-user's does */
    machine_request_shutdown(0);
}

void gdb_handle_packet(GdbStub *g, char *pkt, size_t len)
{
    switch (pkt[0]) {
    case '?': gdb_stop_reply(g, false); break;
    case 'g': gdb_cmd_read_regs(g); break;
    case 'G': gdb_cmd_write_regs(g, pkt + 1); break;
    case 'p': gdb_cmd_read_reg(g, pkt + 1); break;
    case 'P': gdb_cmd_write_reg(g, pkt + 1); break;
    case 'm': gdb_cmd_read_mem(g, pkt + 1); break;
    case 'M': gdb_cmd_write_mem(g, pkt + 1); break;
    case 'X': gdb_cmd_write_mem_bin(g, pkt + 1, len - 1); break;
    case 'c': gdb_cmd_continue(g, pkt + 1, false); break;
    case 's': gdb_cmd_continue(g, pkt + 1, true); break;
    case 'v': gdb_cmd_v(g, pkt); break;
    case 'Z': gdb_cmd_breakpoint(g, pkt + 1, true); break;
    case 'z': gdb_cmd_breakpoint(g, pkt + 1, false); break;
    case 'H': gdb_cmd_set_thread(g, pkt + 1); break;
    case 'T': gdb_cmd_thread_alive(g, pkt + 1); break;
    case 'D': gdb_send_str(g, "OK"); gdb_detach(g); break;
    case 'k': gdb_kill(g); break;
    case 'q': case 'Q': gdb_cmd_query(g, pkt); break;
    default: gdb_send_str(g, ""); break;
    }
}

void gdb_interrupt(GdbStub *g)
{
    (void)g;                            /* the stop reply comes from the notifier */
    if (runstate_is_running())
        vm_stop(RUN_REASON_DEBUG);
}

/* I/O thread: the stop reply for a pending c/s once the machine has stopped and the vCPU
 * loop is parked (polled every millisecond until then). */
static gboolean gdb_send_stop(gpointer opaque)
{
    GdbStub *g = opaque;
    RunState st = runstate_get();
    if ((st == RUN_STATE_DEBUG || st == RUN_STATE_PAUSED) && !runstate_vcpus_parked()) {
        GSource *s = g_timeout_source_new(1);
        g_source_set_callback(s, gdb_send_stop, g, NULL);
        g_source_attach(s, iothread_context());
        g_source_unref(s);
        return G_SOURCE_REMOVE;
    }
    hw_lock();
    if (g->waiting_stop && !runstate_is_running()) {
        g->waiting_stop = false;
        cpu_single_step_set(NULL);      /* a monitor cont must run every hart normally */
        cpu_debug_run_only(NULL);
        gdb_stop_reply(g, true);
    }
    hw_unlock();
    return G_SOURCE_REMOVE;
}

static void gdb_runstate_changed(void *opaque, bool running, RunState state)
{
    (void)state;
    if (!running)
        iothread_call(gdb_send_stop, opaque);
}

static void gdb_receive(void *opaque, const uint8_t *buf, int len)
{
    gdb_rx_bytes(opaque, buf, len);
}

static void gdb_connected(void *opaque)
{
    GdbStub *g = opaque;
    g->rx = GDB_RX_IDLE;
    g->no_ack = false;
    g->waiting_stop = false;
    g->phys_mem = false;
    g->cpu_g = g->cpu_c = NULL;
    if (runstate_is_running())
        vm_stop(RUN_REASON_DEBUG);      /* gdb expects a stopped target on attach */
}

/* The chardev spec for -gdb: tcp: listens without waiting (loopback for an empty host);
 * unix:PATH,server[,wait=off] is passed on as given. */
static char *gdb_chardev_spec(const char *spec)
{
    if (!strncmp(spec, "tcp:", 4)) {
        const char *rest = spec + 4;
        return rest[0] == ':' ? g_strdup_printf("tcp:127.0.0.1%s,server,wait=off", rest)
                              : g_strdup_printf("tcp:%s,server,wait=off", rest);
    }
    if (!strncmp(spec, "unix:", 5) && strstr(spec, ",server"))
        return g_strdup(spec);
    trix_fatal("-gdb %s: only tcp:[HOST]:PORT and unix:PATH,server[,wait=off] are supported "
               "(gdb connects to trix)", spec);
}

void gdb_stub_open(const char *spec)
{
    GdbStub *g = &gdb_stub;
    const GdbArch *arch = gdb_arch_for(current_machine->target->name);
    if (!arch)
        trix_fatal("-gdb: no gdb register description for %s yet",
                   current_machine->target->name);
    char *dev = gdb_chardev_spec(spec);
    g->arch = arch;
    g->chr = chr_open(dev);
    g_free(dev);
    g->fd = -1;
    CharFrontend fe = { .receive = gdb_receive, .opaque = g, .connected = gdb_connected };
    chr_attach(g->chr, &fe);
    runstate_add_notifier(gdb_runstate_changed, g);
}
