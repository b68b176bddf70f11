/* x86-64 user mode: its exceptions as syscalls and signals (the loop is src/user/cpu_loop.c). */
#include <signal.h>
#include "trix/guest_mem.h"
#include "target/x86_64/cpu.h"
#include "x86_user.h"

/* The x86-64 exits as Linux reports them; false for one this guest does not know. */
bool x86_user_exception(CPUState *cpu, int excp)
{
    X86CPU *env = x86_cpu(cpu);
    x86_mxcsr_release(env);         /* trix's own code from here on (sse_fp_host.c) */
    switch (excp) {
    case X86_EXCP_SYSCALL:
        user_cpu_syscall(cpu);
        return true;
    case X86_EXCP_UD:
        sig_force(cpu, SIGILL, ILL_ILLOPN, env->rip);
        return true;
    case X86_EXCP_DE:
        sig_force(cpu, SIGFPE, FPE_INTDIV, env->rip);
        return true;
    case X86_EXCP_BP: case X86_EXCP_DB:
        sig_force(cpu, SIGTRAP, excp == X86_EXCP_BP ? SI_KERNEL : TRAP_BRKPT, 0);
        return true;
    case X86_EXCP_PF:
        user_fault_signal(cpu, env->fault_addr, true);
        return true;
    case X86_EXCP_GP: case X86_EXCP_SS:
        sig_force(cpu, SIGSEGV, SI_KERNEL, 0);
        return true;
    case X86_EXCP_AC:
        sig_force(cpu, SIGBUS, BUS_ADRALN, env->fault_addr);
        return true;
    default:
        return false;
    }
}
