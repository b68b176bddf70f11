/* arm64 user mode: the cpu loop, turning exceptions into syscalls and signals. */
#include <signal.h>
#include "trix/guest_mem.h"
#include "target/arm64/cpu.h"
#include "a64_user.h"

static int a64_segv_code(uint64_t addr)
{
    return (page_get_flags(addr) & PAGE_VALID) ? SEGV_ACCERR : SEGV_MAPERR;
}

static void a64_handle_exception(CPUState *cpu, int excp)
{
    A64CPU *env = a64_cpu(cpu);
    TaskState *ts = cpu->opaque;
    switch (excp) {
    case A64_EXCP_SVC:
        user_cpu_syscall(cpu);
        break;
    case EXCP_INTERRUPT:
    case EXCP_YIELD:
        if (user_lock_contended()) {
            user_unlock();
            user_lock();
        }
        break;
    case A64_EXCP_UDEF:
        sig_force(cpu, SIGILL, ILL_ILLOPC, env->pc);
        break;
    case A64_EXCP_BRK:
    case EXCP_DEBUG:
        sig_force(cpu, SIGTRAP, TRAP_BRKPT, env->pc);
        break;
    case A64_EXCP_PABORT:
        if (env->fault_addr & 3)
            sig_force(cpu, SIGBUS, BUS_ADRALN, env->fault_addr);
        else
            sig_force(cpu, SIGSEGV, a64_segv_code(env->fault_addr), env->fault_addr);
        break;
    case A64_EXCP_DABORT:
        if (ts->host_sigbus) {
            ts->host_sigbus = false;
            sig_force(cpu, SIGBUS, BUS_ADRERR, env->fault_addr);
        } else {
            sig_force(cpu, SIGSEGV, a64_segv_code(env->fault_addr), env->fault_addr);
        }
        break;
    case A64_EXCP_ALIGN:
        sig_force(cpu, SIGBUS, BUS_ADRALN, env->fault_addr);
        break;
    case EXCP_HALTED:
        break;
    default:
        trix_fatal("internal error: unhandled exception %d at pc %#llx", excp,
                   (unsigned long long)env->pc);
    }
}

void a64_user_cpu_loop(CPUState *cpu)
{
    for (;;) {
        int excp = cpu_exec(cpu);
        a64_handle_exception(cpu, excp);
        sig_handle_pending(cpu);
    }
}
