/* Internal interfaces between the system-mode modules (src/system*.c, iothread, timer, chardev). */
#ifndef TRIX_SYSTEM_INT_H
#define TRIX_SYSTEM_INT_H

#include <glib.h>
#include "trix/machine.h"

/* iothread.c */
GMainContext *iothread_context(void);
void iothread_start(void);
void iothread_stop(void);
void iothread_wakeup(void);
void iothread_call(gboolean (*fn)(gpointer), void *opaque);
typedef struct IOThreadBH IOThreadBH;
IOThreadBH *iothread_bh_new(void (*fn)(void *opaque), void *opaque);
void iothread_bh_schedule(IOThreadBH *bh);
void machine_action_after_reset(void);      /* system_action.c: after the vCPU loop reset */

/* clock.c */
int64_t clock_host_ns(void);            /* CLOCK_MONOTONIC */
void clock_stop(void);                  /* freeze the virtual clock (paused machine) */
void clock_resume(void);
void clock_advance(int64_t ns);         /* tests: move a stopped clock forward */
void rtc_parse_opts(const char *arg);   /* -rtc: the clock behind clock_rtc_ns() */

/* timer.c: a GSource on ctx that runs expired timers. */
void timer_attach_source(GMainContext *ctx);

/* chardev.c */
void chr_init_terminal(void);           /* restore the terminal on exit and on signals */
void chr_restore_terminal(void);
void chr_close_all(void);
bool chr_stdio_in_use(void);            /* a backend (serial, monitor) is on stdin/stdout */

/* system.c */
void system_wake(void);                 /* wake the vCPU loop if it sleeps */

/* system_cli.c: parse argv into ms (exits on errors and after -help/-version/-M help). */
typedef struct SystemOpts {
    const char *machine;                /* -M NAME */
    const char *serial[MACHINE_MAX_SERIAL];
    int nserial;
    bool display_none;
    bool start_stopped;
    const char *gdb;                    /* -gdb SPEC / -s (src/gdbstub/) */
    const char *log_mask, *log_file;
    const char *qmp[MACHINE_MAX_SERIAL];  /* -qmp SPEC and -mon chardev=ID,... (monitor/) */
    int nqmp;
} SystemOpts;
void system_parse_args(MachineState *ms, SystemOpts *o, int argc, char **argv);

/* Strict option checks (system_opts_strict.c). */
void cli_smp_parse(MachineState *ms, const char *arg);
void cli_mem_check_opts(const char *arg);
void cli_machine_check_opts(const MachineDef *def, const char *kept);
void cli_cpu_parse(MachineState *ms, const char *arg);
void cli_accel_check(const char *arg);
void cli_process_opt(const char *name, const char *arg);   /* system_opts_misc.c */
void sys_daemonize_start(void);         /* -daemonize: fork (before any thread is created) */
void sys_daemonize_ready(void);         /* the machine is built: the parent may exit 0 */

/* monitor/monitor_cli.c: open the -qmp / -mon monitors (fatal on a bad spec). */
void monitor_open_all(const SystemOpts *o);

#endif
