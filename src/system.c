/* System emulation: machine setup from the command line, the vCPU loop, run-state requests. */
/*
 * All vCPUs run on one thread, round-robin: each runs its turn until its time slice ends
 * (with more than one vCPU the I/O thread ends it every SYS_SLICE_MS), a run-state request
 * arrives, it halts (EXCP_HALTED: wfi) or gives up its turn at a spin-wait hint (EXCP_YIELD,
 * cpu_yield_wanted). Other exit requests (an interrupt, the end of an interrupt's hold-back)
 * only make cpu_exec look at the interrupts: the turn goes on, since ending it there would
 * hand the other vCPUs a whole slice each time. Architected exceptions go to
 * target->do_exception and the same vCPU goes on. When every vCPU is halted the loop sleeps on a condition variable until
 * the next timer deadline or a kick (cpu_interrupt, a request, a timer_mod), then runs expired
 * timers itself.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "trix/machine.h"
#include "trix/softmmu.h"
#include "trix/icount.h"
#include "trix/net.h"
#include "trix/runstate.h"
#include "trix/devtype.h"
#include "system_int.h"
#include "trix/gdbstub.h"
#include "trix/cpu_debug.h"
#include "src/block/block.h"

#define SYS_SLICE_MS 4

MachineState *current_machine;
static pthread_mutex_t sys_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sys_cond;
static bool sys_wake_pending;
static volatile int sys_shutdown_requested, sys_reset_requested;
static int sys_exit_code;
static CPUState *volatile sys_running_cpu;
static volatile int sys_slice_over;     /* the running vCPU's turn has ended (several vCPUs) */

/* ---- requests and kicks (any thread) ---- */

void system_wake(void)
{
    pthread_mutex_lock(&sys_mutex);
    sys_wake_pending = true;
    pthread_cond_signal(&sys_cond);
    pthread_mutex_unlock(&sys_mutex);
}

void cpu_kick(CPUState *cpu)
{
    cpu_exit_request(cpu);      /* wakes the loop through the hook */
}

static void sys_exit_request_hook(CPUState *cpu)
{
    system_wake();
}

void cpu_interrupt(CPUState *cpu, uint32_t mask)
{
    __atomic_or_fetch(&cpu->interrupt_request, mask, __ATOMIC_SEQ_CST);
    cpu_kick(cpu);
}

void cpu_reset_interrupt(CPUState *cpu, uint32_t mask)
{
    __atomic_and_fetch(&cpu->interrupt_request, ~mask, __ATOMIC_SEQ_CST);
}

static void sys_kick_all(void)
{
    MachineState *ms = current_machine;
    for (int i = 0; ms && i < ms->smp; i++)
        if (ms->cpus[i])
            cpu_exit_request(ms->cpus[i]);
    system_wake();              /* also before the vCPUs exist */
}

void machine_request_shutdown(int exit_code)
{
    pthread_mutex_lock(&sys_mutex);
    if (!sys_shutdown_requested) {
        sys_exit_code = exit_code;
        sys_shutdown_requested = 1;
    }
    pthread_mutex_unlock(&sys_mutex);
    sys_kick_all();
    runstate_kick();
}

void machine_request_reset(void)
{
    if (!current_machine || current_machine->no_reboot) {
        machine_request_shutdown(0);
        return;
    }
    sys_reset_requested = 1;
    sys_kick_all();
    runstate_kick();
}

/* The vCPU loop leaves runstate_wait_running for these. */
static bool sys_stop_waiting(void)
{
    return sys_shutdown_requested || sys_reset_requested;
}

/* ---- the vCPU loop ---- */

static void sys_cpu_exec_one(CPUState *cpu)
{
    __atomic_store_n(&sys_slice_over, 0, __ATOMIC_SEQ_CST);
    sys_running_cpu = cpu;
    while (!sys_shutdown_requested && !sys_reset_requested && runstate_is_running() &&
           cpu_debug_may_run(cpu)) {
        int r = cpu_exec(cpu);
        if (r == EXCP_YIELD || (r == EXCP_INTERRUPT && sys_slice_over))
            break;
        if (r == EXCP_INTERRUPT)        /* an interrupt or a re-check: the turn goes on */
            continue;
        if (r == EXCP_HALTED) {
            cpu->halted = true;
            break;
        }
        if (r == EXCP_DEBUG)
            continue;
        if (r >= EXCP_GENERIC_BASE)
            trix_fatal("internal error: unexpected exit %#x from vCPU %d", r, cpu->cpu_index);
        cpu->target->do_exception(cpu, r);
    }
    sys_running_cpu = NULL;
}

/* Is cpu able to run (waking it from wfi when it has work)? */
static bool sys_cpu_runnable(CPUState *cpu)
{
    if (!cpu_debug_may_run(cpu))        /* gdb steps another hart */
        return false;
    if (!cpu->halted)
        return true;
    if (cpu->target->has_work && cpu->target->has_work(cpu)) {
        cpu->halted = false;
        cpu_time_seen(cpu);     /* it slept until now: nothing to hold back */
        return true;
    }
    return false;
}

bool cpu_yield_wanted(CPUState *cpu)
{
    MachineState *ms = current_machine;
    if (icount_enabled || cpu->irq_waiting || !ms)
        return false;
    for (int i = 0; i < ms->smp; i++) {
        CPUState *o = ms->cpus[i];
        if (o && o != cpu && cpu_debug_may_run(o) &&
            (!o->halted || (o->target->has_work && o->target->has_work(o))))
            return true;
    }
    return false;
}

/* Every vCPU is halted: sleep until the next timer, a kick or a request. */
static void sys_idle(void)
{
    int64_t deadline = timer_next_deadline();
    pthread_mutex_lock(&sys_mutex);
    if (!sys_wake_pending && !sys_shutdown_requested && !sys_reset_requested) {
        if (deadline == INT64_MAX) {
            pthread_cond_wait(&sys_cond, &sys_mutex);
        } else {
            int64_t left = deadline - clock_ns();
            if (left > 1000000000)          /* far away (or clamped): re-check each second */
                left = 1000000000;
            int64_t host = clock_host_ns() + left;
            struct timespec ts = { (time_t)(host / 1000000000), (long)(host % 1000000000) };
            if (left > 0)
                pthread_cond_timedwait(&sys_cond, &sys_mutex, &ts);
        }
    }
    sys_wake_pending = false;
    pthread_mutex_unlock(&sys_mutex);
    timer_run_expired();
}

static void sys_reset(MachineState *ms)
{
    sys_reset_requested = 0;
    if (!ms->def->reset) {
        machine_request_shutdown(0);
        return;
    }
    for (int i = 0; i < ms->smp; i++) {
        CPUState *cpu = ms->cpus[i];
        cpu->halted = false;
        cpu->interrupt_request = 0;
        cpu->exception_index = -1;
        tlb_flush(cpu);
        cpu->target->cpu_init(cpu);     /* last: it may leave a vCPU halted (powered off) */
    }
    tb_flush_all();
    ms->def->reset(ms);
    machine_action_after_reset();
}

/* Round-robin over the runnable vCPUs (exec_one runs one for its turn); idle when none. */
static void sys_run(MachineState *ms, void (*exec_one)(CPUState *), void (*idle)(void))
{
    int next = 0;
    while (!sys_shutdown_requested) {
        if (sys_reset_requested) {
            sys_reset(ms);
            continue;
        }
        if (!runstate_is_running()) {       /* stopped: every hart is at a block boundary */
            runstate_wait_running(sys_stop_waiting);
            continue;
        }
        bool ran = false;
        for (int k = 0; k < ms->smp && !sys_shutdown_requested && runstate_is_running(); k++) {
            CPUState *cpu = ms->cpus[(next + k) % ms->smp];
            if (!sys_cpu_runnable(cpu))
                continue;
            exec_one(cpu);
            ran = true;
        }
        next = (next + 1) % ms->smp;
        if (!ran)
            idle();
    }
}

/* ---- the vCPU loop under -icount ---- */
/*
 * Scheduling is by instruction counts only, so that every run interleaves the vCPUs alike:
 * a runnable vCPU runs a slice of SYS_ICOUNT_SLICE instructions (less if it halts), cut into
 * stints at timer deadlines, where the expired timers run. Returns from cpu_exec for other
 * reasons (exit requests, exceptions) just continue the slice. When every vCPU is halted the
 * clock warps to the next deadline (after sleeping until then with sleep=on).
 */
#define SYS_ICOUNT_SLICE 100000

static void sys_icount_exec(CPUState *cpu)
{
    uint64_t end = icount_insns() + SYS_ICOUNT_SLICE;
    sys_running_cpu = cpu;
    while (!sys_shutdown_requested && !sys_reset_requested && runstate_is_running() &&
           icount_insns() < end) {
        timer_run_expired();
        icount_stint_begin(cpu, (int64_t)(end - icount_insns()));
        int r = cpu_exec(cpu);
        icount_stint_end(cpu);
        if (r == EXCP_INTERRUPT || r == EXCP_YIELD || r == EXCP_DEBUG)
            continue;
        if (r == EXCP_HALTED) {
            cpu->halted = true;
            break;
        }
        if (r >= EXCP_GENERIC_BASE)
            trix_fatal("internal error: unexpected exit %#x from vCPU %d", r, cpu->cpu_index);
        cpu->target->do_exception(cpu, r);
    }
    sys_running_cpu = NULL;
    timer_run_expired();
    icount_after_slice();
}

/* Every vCPU is halted: warp the clock to the next deadline (sleeping first with sleep=on,
 * waking early for a kick), or wait for a kick when no timer is armed. */
static void sys_icount_idle(void)
{
    int64_t deadline = timer_next_deadline();
    int64_t sleep = icount_idle_sleep_ns(deadline), slept = -1;
    pthread_mutex_lock(&sys_mutex);
    if (!sys_wake_pending && !sys_shutdown_requested && !sys_reset_requested && sleep) {
        int64_t t0 = clock_host_ns();
        if (sleep == INT64_MAX) {
            pthread_cond_wait(&sys_cond, &sys_mutex);
        } else {
            int64_t host = t0 + (sleep > 1000000000 ? 1000000000 : sleep);
            struct timespec ts = { (time_t)(host / 1000000000), (long)(host % 1000000000) };
            pthread_cond_timedwait(&sys_cond, &sys_mutex, &ts);
        }
        slept = clock_host_ns() - t0;
    } else if (sleep) {
        slept = 0;              /* woken already: no time passed */
    }
    sys_wake_pending = false;
    pthread_mutex_unlock(&sys_mutex);
    icount_warp(deadline, slept);
    timer_run_expired();
}

/* The I/O thread ends the running vCPU's time slice (only with several vCPUs). */
static gboolean sys_slice_tick(gpointer data)
{
    CPUState *cpu = sys_running_cpu;
    if (cpu) {
        __atomic_store_n(&sys_slice_over, 1, __ATOMIC_SEQ_CST);
        cpu_exit_request(cpu);
    }
    return G_SOURCE_CONTINUE;
}

/* ---- setup ---- */

static void sys_cond_init(void)
{
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(&sys_cond, &a);
    pthread_condattr_destroy(&a);
}

void (*machine_power_button)(void);
static const TargetOps *current_target;      /* the binary's target, for -M */

bool machine_for_target(const MachineDef *def, const TargetOps *t)
{
    return !def->arch || !t || !strcmp(def->arch, t->name);
}

static const MachineDef *sys_find_machine(const char *name)
{
    for (int i = 0; machine_list[i]; i++)
        if (machine_for_target(machine_list[i], current_target) &&
            !strcmp(machine_list[i]->name, name))
            return machine_list[i];
    return NULL;
}

static void sys_list_machines(FILE *f)
{
    fprintf(f, "Supported machines are:\n");
    for (int i = 0; machine_list[i]; i++)
        if (machine_for_target(machine_list[i], current_target))
            fprintf(f, "%-20s %s\n", machine_list[i]->name, machine_list[i]->desc);
}

static const MachineDef *sys_select_machine(const char *name)
{
    if (!name) {
        fprintf(stderr, "%s: no machine specified (use -M NAME)\n", trix_progname);
        sys_list_machines(stderr);
        exit(1);
    }
    if (!strcmp(name, "help") || !strcmp(name, "?")) {
        sys_list_machines(stdout);
        exit(0);
    }
    const MachineDef *def = sys_find_machine(name);
    if (!def) {
        fprintf(stderr, "%s: -M %s: unsupported machine type\n", trix_progname, name);
        sys_list_machines(stderr);
        exit(1);
    }
    return def;
}

/* Largest image machine_load_file reads: the RAM it must fit in (set once options are known). */
static uint64_t machine_load_limit;

/* Fail early and clearly on files that cannot be read. */
static void sys_check_file(const char *path, const char *opt)
{
    if (path && access(path, R_OK) != 0)
        trix_fatal("%s %s: cannot read the file: %s", opt, path, strerror(errno));
}

static void sys_check_options(MachineState *ms)
{
    int max = ms->def->max_cpus ? ms->def->max_cpus : 1;
    if (ms->smp > max)
        trix_fatal("-smp %d: machine '%s' supports at most %d CPUs", ms->smp, ms->def->name,
                   max);
    if (ms->bios && strcmp(ms->bios, "none"))
        sys_check_file(ms->bios, "-bios");
    if (ms->kernel && access(ms->kernel, R_OK) != 0)
        trix_fatal("could not load kernel '%s': %s", ms->kernel, strerror(errno));
    machine_load_limit = ms->ram_size;
    sys_check_file(ms->initrd, "-initrd");
    sys_check_file(ms->dtb, "-dtb");
    if (ms->initrd && !ms->kernel)
        trix_fatal("-initrd: requires -kernel");
    if (ms->append && !ms->kernel)
        trix_fatal("-append: requires -kernel");
}

static void sys_open_serial(MachineState *ms, const SystemOpts *o)
{
    chr_ids_check();
    if (o->nserial == 0) {
        /* No graphical console exists, so the default console is the terminal (QEMU's
         * -nographic default), unless -nodefaults or an explicit -display none. */
        if (!ms->nodefaults && (ms->nographic || !o->display_none))
            ms->serial[ms->nserial++] = chr_open("mon:stdio");
        return;
    }
    for (int i = 0; i < o->nserial; i++)
        ms->serial[ms->nserial++] = !strcmp(o->serial[i], "none") ? NULL
                                                                  : chr_open(o->serial[i]);
}

static void sys_create_cpus(MachineState *ms)
{
    for (int i = 0; i < ms->smp; i++) {
        CPUState *cpu = cpu_create(ms->target);
        cpu->cpu_index = i;
        ms->cpus[i] = cpu;
    }
}

int system_main(const TargetOps *t, int argc, char **argv)
{
    static MachineState machine;
    SystemOpts opts = { 0 };
    MachineState *ms = &machine;
    ms->target = t;
    current_target = t;
    ms->smp = 1;
    system_parse_args(ms, &opts, argc, argv);
    ms->def = sys_select_machine(opts.machine);
    cli_machine_check_opts(ms->def, ms->machine_opts);
    if (!ms->ram_size)
        ms->ram_size = ms->def->default_ram_size ? ms->def->default_ram_size : 128ull << 20;
    device_help_check(ms);
    sys_check_options(ms);
    /* dumpdtb needs only the board's init, not a system-mode CPU */
    if ((!t->tlb_fill || !t->do_exception) && !ms->dumpdtb)
        trix_fatal("system emulation of %s is not available yet in this build", t->name);
    current_machine = ms;
    sys_daemonize_start();      /* before any thread exists */
    sys_cond_init();
    softmmu_init();
    cpu_exit_request_hook = sys_exit_request_hook;
    chr_init_terminal();
    sys_open_serial(ms, &opts);
    monitor_open_all(&opts);
    if (opts.gdb)
        gdb_stub_open(opts.gdb);
    sys_create_cpus(ms);
    net_init(ms);
    blk_open_all_drives(ms);
    ms->def->init(ms);
    net_check_peers();
    sys_daemonize_ready();
    runstate_stop_hook = sys_kick_all;
    /* running before the monitors serve their first command, as in QEMU */
    if (!opts.start_stopped)
        vm_start();
    iothread_start();
    if (ms->smp > 1 && !icount_enabled) {
        GSource *s = g_timeout_source_new(SYS_SLICE_MS);
        g_source_set_callback(s, sys_slice_tick, NULL, NULL);
        g_source_attach(s, iothread_context());
        g_source_unref(s);
    }
    if (icount_enabled)
        sys_run(ms, sys_icount_exec, sys_icount_idle);
    else
        sys_run(ms, sys_cpu_exec_one, sys_idle);
    runstate_set(RUN_STATE_SHUTDOWN);
    iothread_stop();
    chr_close_all();
    fflush(stdout);
    return sys_exit_code;
}

/* ---- board helpers ---- */

/* Refuse, before reading, images that are empty, not regular files or larger than RAM. */
static void machine_check_image(const char *path, const char *what)
{
    struct stat st;
    if (stat(path, &st) != 0)
        trix_fatal("could not load %s '%s': %s", what, path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        trix_fatal("could not load %s '%s': not a regular file", what, path);
    if (st.st_size == 0)
        trix_fatal("could not load %s '%s': the file is empty", what, path);
    if (machine_load_limit && (uint64_t)st.st_size > machine_load_limit)
        trix_fatal("could not load %s '%s': %lld bytes is larger than RAM (%llu bytes)", what,
                   path, (long long)st.st_size, (unsigned long long)machine_load_limit);
}

uint8_t *machine_load_file(const char *path, const char *what, size_t *size)
{
    machine_check_image(path, what);
    gchar *data;
    gsize len;
    GError *err = NULL;
    if (!g_file_get_contents(path, &data, &len, &err))
        trix_fatal("could not load %s '%s': %s", what, path, err->message);
    *size = len;
    return (uint8_t *)data;
}

char *machine_find_firmware(const char *name)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    exe[n > 0 ? n : 0] = 0;
    char *dir = g_path_get_dirname(exe);
    const char *env = getenv("TRIX_FIRMWARE_DIR");
    char *cands[] = {
        env ? g_build_filename(env, name, NULL) : NULL,
        g_build_filename(dir, "..", "share", "trix", name, NULL),
        g_build_filename(dir, "..", "pc-bios", name, NULL),
        g_build_filename("/usr/share/qemu", name, NULL),
    };
    char *found = NULL;
    for (size_t i = 0; i < ARRAY_SIZE(cands); i++) {
        if (!found && cands[i] && access(cands[i], R_OK) == 0)
            found = trix_strdup(cands[i]);
        g_free(cands[i]);
    }
    g_free(dir);
    return found;
}

/* ---- the minimal test board ---- */

/* A write of 0x5555 exits 0, (code << 16) | 0x3333 exits code, 0x7777 resets (the SiFive
 * test finisher's protocol, at the address the virt board uses). */
static uint64_t none_finisher_read(void *opaque, uint64_t off, unsigned size) { return 0; }
static void none_finisher_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    if (off != 0)
        return;
    if ((val & 0xffff) == 0x5555)
        machine_guest_shutdown(0);
    else if ((val & 0xffff) == 0x3333)
        machine_guest_shutdown((int)((val >> 16) & 0xffff));
    else if ((val & 0xffff) == 0x7777)
        machine_guest_reset();
}
static const MemoryRegionOps none_finisher_ops = {
    .read = none_finisher_read, .write = none_finisher_write, .min_size = 4, .max_size = 4,
};

/* Output-only 16550 subset: THR at 0, LSR at 5 always "transmitter empty". */
static uint64_t none_uart_read(void *opaque, uint64_t off, unsigned size)
{
    return off == 5 ? 0x60 : 0;
}
static void none_uart_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    uint8_t b = (uint8_t)val;
    if (off == 0)
        chr_write(opaque, &b, 1);
}
static const MemoryRegionOps none_uart_ops = {
    .read = none_uart_read, .write = none_uart_write, .min_size = 1, .max_size = 1,
};

/* -M none: RAM at 0x80000000, a test finisher at 0x100000 and an output-only UART at
 * 0x10000000 (virt's addresses); -bios or -kernel is loaded raw at the start of RAM and every
 * vCPU starts there. For tests of the execution core without the full virt board. */
static void machine_none_init(MachineState *ms)
{
    const uint64_t base = 0x80000000;
    uint8_t *ram = mem_map_ram("ram", base, ms->ram_size);
    mem_map_mmio("finisher", 0x100000, 0x1000, &none_finisher_ops, NULL);
    mem_map_mmio("uart", 0x10000000, 0x100, &none_uart_ops, ms->serial[0]);
    const char *image = ms->kernel ? ms->kernel
                      : (ms->bios && strcmp(ms->bios, "none") ? ms->bios : NULL);
    if (image) {
        size_t size;
        uint8_t *data = machine_load_file(image, ms->kernel ? "kernel" : "firmware", &size);
        if (size > ms->ram_size)
            trix_fatal("'%s' (%zu bytes) does not fit in %llu bytes of RAM", image, size,
                       (unsigned long long)ms->ram_size);
        memcpy(ram, data, size);
        g_free(data);
    }
    for (int i = 0; i < ms->smp; i++)
        ms->target->set_pc(ms->cpus[i], base);
}

const MachineDef machine_none = {
    .name = "none",
    .desc = "test machine: RAM at 0x80000000, finisher, output-only UART, raw images",
    .init = machine_none_init,
    .max_cpus = MACHINE_MAX_CPUS,
};
