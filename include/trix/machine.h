/* System emulation: boards (machine definitions), the parsed command line, run-state requests. */
/*
 * A board is a MachineDef listed in machine_list[] (hw/machines.c: add `&your_machine` there).
 * system_main() parses the command line into a MachineState, opens the -serial backends,
 * creates ms->smp vCPUs (cpu_create; cpu_index = hart number), sets exec_softmmu, and then
 * calls def->init(ms). The board maps memory (memory.h), creates its devices, loads firmware /
 * kernel / initrd / device tree into RAM (phys_write or mem_ram_ptr), and sets each vCPU's
 * reset state (pc, a0/a1) through the target. After init returns, system_main() runs the vCPUs
 * round-robin on one thread until a shutdown request.
 */
#ifndef TRIX_MACHINE_H
#define TRIX_MACHINE_H

#include "trix/exec.h"
#include "trix/hw.h"

#define MACHINE_MAX_CPUS 64
#define MACHINE_MAX_SERIAL 4
#define MACHINE_MAX_OPTS 16

typedef struct MachineDef MachineDef;

typedef struct MachineState {
    const MachineDef *def;
    const TargetOps *target;
    uint64_t ram_size;                  /* bytes (-m; default def->default_ram_size) */
    int smp;                            /* number of vCPUs (-smp; default 1) */
    const char *cpu_model;              /* -cpu, NULL if not given */
    /* -bios: NULL when not given or "default" (board's default firmware), "none" for no
     * firmware, else a file path. */
    const char *bios;
    const char *kernel, *initrd, *append, *dtb;     /* NULL when not given */
    const char *dumpdtb;                /* -M NAME,dumpdtb=FILE: write the DTB and exit(0) */
    bool nographic, no_reboot, nodefaults;
    bool no_shutdown;                   /* -no-shutdown / -action shutdown=pause */
    bool snapshot;                      /* -snapshot: every -drive gets snapshot=on */
    /* -serial backends in order, opened before init (NULL: none / "null" / not given). With
     * -nographic and no -serial, serial[0] is stdio (with the C-a escape). */
    CharBackend *serial[MACHINE_MAX_SERIAL];
    int nserial;
    CPUState *cpus[MACHINE_MAX_CPUS];   /* ms->smp entries, created before init */
    void *board;                        /* the board's own state */
    /* -M NAME,opts: the options after NAME other than dumpdtb (e.g. "aclint=on"), or NULL.
     * Boards parse what they know and reject the rest. */
    const char *machine_opts;
    /* Repeatable options kept verbatim for boards/devices, in command-line order. */
    const char *drive[MACHINE_MAX_OPTS], *device[MACHINE_MAX_OPTS], *netdev[MACHINE_MAX_OPTS];
    int ndrive, ndevice, nnetdev;
    const char *nic[MACHINE_MAX_OPTS];  /* -nic (src/net/net.c turns each into -netdev + -device) */
    int nnic;
    const char *chardev[MACHINE_MAX_OPTS];  /* -chardev, opened on use by chr_by_id() */
    int nchardev;
} MachineState;

struct MachineDef {
    const char *name;                   /* -M NAME */
    /* The TargetOps.name of the binary that offers it ("riscv64", "aarch64"); NULL: any. */
    const char *arch;
    const char *desc;                   /* -M help */
    void (*init)(MachineState *ms);
    /* Optional: system reset (machine_request_reset without -no-reboot). The vCPUs have
     * been reset with target->cpu_init already; NULL: the machine just exits. */
    void (*reset)(MachineState *ms);
    uint64_t default_ram_size;          /* 0: 128 MiB */
    int max_cpus;                       /* 0: 1 */
    const char *default_cpu;            /* informational */
    /* -M NAME,KEY=VALUE: the keys the board reads from ms->machine_opts (NULL-terminated;
     * NULL: none). Any other key is refused by name before init. */
    const char *const *props;
};

/* The boards, NULL-terminated (hw/machines.c), of every target. */
extern const MachineDef *const machine_list[];
/* Whether def belongs to the binary of target t (def->arch NULL or t->name). */
bool machine_for_target(const MachineDef *def, const TargetOps *t);

/* The running machine (NULL before system_main has parsed the command line). */
extern MachineState *current_machine;

/* Entry point of trix-system-<arch>. */
int system_main(const TargetOps *t, int argc, char **argv);

/* Run-state requests, callable from any thread (devices, the I/O thread, helpers): */
void machine_request_shutdown(int exit_code);   /* leave the vCPU loop; trix exits exit_code */
void machine_request_reset(void);               /* with -no-reboot: shutdown with status 0 */
/* The guest powered off (or rebooted under -no-reboot): event SHUTDOWN {guest: true}; trix
 * exits exit_code, or with -no-shutdown stays in run state shutdown for the monitor. */
void machine_guest_shutdown(int exit_code);
void machine_guest_reset(void);                 /* the guest asked for a reboot */
/* A board's power button (e.g. arm virt's PL061 GPIO key), pressed by system_powerdown;
 * NULL when the board has none (the monitor then uses a virtio-keyboard's). */
extern void (*machine_power_button)(void);
/* Set by the monitor: tells it of a guest shutdown/reset (called on the I/O thread). */
extern void (*machine_event_hook)(const char *event, bool guest, const char *reason);
/* -action KEY=VALUE,...: shutdown=pause|poweroff, reboot=reset|shutdown, panic=...; exit 1 on
 * an unknown key or value. */
void machine_parse_action(MachineState *ms, const char *arg);

/* Interrupt plumbing for interrupt controllers (any thread): set/clear bits of
 * cpu->interrupt_request; cpu_interrupt also makes the vCPU leave its block (exit_request)
 * and wakes the vCPU loop if it sleeps in wfi. */
void cpu_interrupt(CPUState *cpu, uint32_t mask);
void cpu_reset_interrupt(CPUState *cpu, uint32_t mask);
/* Wake the vCPU loop (e.g. a device made a halted hart runnable by other means). */
void cpu_kick(CPUState *cpu);
/* Should the running vCPU give up its turn at a spin-wait hint (arm64 YIELD/WFE)? Only if
 * another vCPU could run now (not halted, or halted with work) and cpu holds back no
 * interrupt (cpu_irq_wait counts the vCPU's own instructions: a vCPU that yields after
 * every few of them would hold its interrupt back for seconds). Then it ends its turn with
 * cpu_loop_exit(cpu, EXCP_YIELD). Always false with -icount (its slices are counted). */
bool cpu_yield_wanted(CPUState *cpu);

/* Board helper: read a whole host file into a new buffer (fatal with a clear message if it
 * cannot be read; `what` names it, e.g. "kernel"). */
uint8_t *machine_load_file(const char *path, const char *what, size_t *size);
/* Board helper: the path of a default firmware image shipped with trix (searched in
 * $TRIX_FIRMWARE_DIR, <exe dir>/../share/trix, <exe dir>/../pc-bios, /usr/share/qemu),
 * or NULL. The result is owned by the caller (free()). */
char *machine_find_firmware(const char *name);

#endif
