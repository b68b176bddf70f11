/* arm64 user mode: its exceptions as syscalls and signals (the loop is src/user/cpu_loop.c). */
#include <signal.h>
#include "trix/guest_mem.h"
#include "target/arm64/cpu.h"
#include "a64_user.h"

/* The arm64 exits; false for one this guest does not know. */
bool a64_user_exception(CPUState *cpu, int excp)
{
    A64CPU *env = a64_cpu(cpu);
    switch (excp) {
    case A64_EXCP_SVC:
        user_cpu_syscall(cpu);
        return true;
    case A64_EXCP_UDEF:
        sig_force(cpu, SIGILL, ILL_ILLOPC, env->pc);
        return true;
    case A64_EXCP_BRK:
        sig_force(cpu, SIGTRAP, TRAP_BRKPT, env->pc);
        return true;
    case A64_EXCP_PABORT:
        if (env->fault_addr & 3)
            sig_force(cpu, SIGBUS, BUS_ADRALN, env->fault_addr);
        else
            user_fault_signal(cpu, env->fault_addr, false);
        return true;
    case A64_EXCP_DABORT:
        user_fault_signal(cpu, env->fault_addr, true);
        return true;
    case A64_EXCP_ALIGN:
        sig_force(cpu, SIGBUS, BUS_ADRALN, env->fault_addr);
        return true;
    default:
        return false;
    }
}
