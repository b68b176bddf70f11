/* Linux user mode: the one cpu loop every guest runs; guests map only their own exceptions. */
#include <signal.h>
#include "trix/guest_mem.h"
#include "trix/gdbstub.h"
#include "user.h"

void user_fault_signal(CPUState *cpu, uint64_t addr, bool access)
{
    TaskState *ts = cpu->opaque;
    if (access && ts->host_sigbus) {
        ts->host_sigbus = false;
        sig_force(cpu, SIGBUS, BUS_ADRERR, addr);
        return;
    }
    int code = (page_get_flags(addr) & PAGE_VALID) ? SEGV_ACCERR : SEGV_MAPERR;
    sig_force(cpu, SIGSEGV, code, addr);
}

/* The exits every guest shares; false when the guest's own table must handle excp. */
static bool user_common_exception(CPUState *cpu, int excp)
{
    switch (excp) {
    case EXCP_INTERRUPT:
    case EXCP_YIELD:
        if (user_lock_contended()) {
            user_unlock();
            user_lock();
        }
        return true;
    case EXCP_HALTED:
        return true;
    case EXCP_DEBUG:
        if (!gdb_user_stopped(cpu))
            sig_force(cpu, SIGTRAP, TRAP_BRKPT, cpu->target->get_pc(cpu));
        return true;
    default:
        return false;
    }
}

NORETURN void user_cpu_loop(CPUState *cpu)
{
    for (;;) {
        int excp = cpu_exec(cpu);
        if (!user_common_exception(cpu, excp) && !user_target->handle_exception(cpu, excp))
            trix_fatal("internal error: unhandled exception %d at pc %#llx", excp,
                       (unsigned long long)cpu->target->get_pc(cpu));
        sig_handle_pending(cpu);
    }
}
