/* riscv64 user mode: register setup, and its exceptions as syscalls and signals (the loop
 * itself is src/user/cpu_loop.c). */
#include <errno.h>
#include <signal.h>
#include <sched.h>
#include "trix/guest_mem.h"
#include "target/riscv64/cpu.h"
#include "rv_user.h"

enum { REG_RA = 1, REG_SP = 2, REG_TP = 4, REG_A0 = 10, REG_A7 = 17 };

void rv_user_init_regs(CPUState *cpu, const ImageInfo *info)
{
    RVCPU *env = rv_cpu(cpu);
    env->pc = info->entry;
    env->gpr[REG_SP] = info->sp;
    env->gpr[REG_A0] = 0;       /* no rtld_fini from the kernel */
}

void rv_user_clone_regs(CPUState *child, CPUState *parent, uint64_t newsp, uint64_t tls,
                       bool set_tls)
{
    RVCPU *c = rv_cpu(child), *p = rv_cpu(parent);
    memcpy(c->gpr, p->gpr, sizeof(c->gpr));
    memcpy(c->fpr, p->fpr, sizeof(c->fpr));
    c->frm = p->frm;
    c->fflags = p->fflags;
    c->pc = p->pc + 4;          /* past the ecall */
    c->gpr[REG_A0] = 0;
    if (newsp)
        c->gpr[REG_SP] = newsp;
    if (set_tls)
        c->gpr[REG_TP] = tls;
}

uint64_t rv_user_get_sp(CPUState *cpu)
{
    return rv_cpu(cpu)->gpr[REG_SP];
}

int rv_user_syscall_args(CPUState *cpu, uint64_t args[6])
{
    RVCPU *env = rv_cpu(cpu);
    for (int i = 0; i < 6; i++)
        args[i] = env->gpr[REG_A0 + i];
    return (int)env->gpr[REG_A7];
}

void rv_user_syscall_return(CPUState *cpu, long ret)
{
    RVCPU *env = rv_cpu(cpu);
    env->gpr[REG_A0] = (uint64_t)ret;
    env->pc += 4;
}

/* For fork children and vfork-as-fork: the child sees 0 and continues after the ecall. */
void rv_user_fork_child_regs(CPUState *cpu, uint64_t newsp, uint64_t tls, bool set_tls)
{
    RVCPU *env = rv_cpu(cpu);
    if (newsp)
        env->gpr[REG_SP] = newsp;
    if (set_tls)
        env->gpr[REG_TP] = tls;
}

/* The riscv64 exits; false for one this guest does not know. */
bool rv_user_exception(CPUState *cpu, int excp)
{
    RVCPU *env = rv_cpu(cpu);
    switch (excp) {
    case RV_EXCP_ECALL_U:
        user_cpu_syscall(cpu);
        return true;
    case RV_EXCP_ILLEGAL_INST:
        sig_force(cpu, SIGILL, ILL_ILLOPC, env->pc);
        return true;
    case RV_EXCP_BREAKPOINT:
        sig_force(cpu, SIGTRAP, TRAP_BRKPT, env->pc);
        return true;
    case RV_EXCP_INST_PAGE:
    case RV_EXCP_LOAD_PAGE:
    case RV_EXCP_STORE_PAGE:
        user_fault_signal(cpu, env->badaddr, false);
        return true;
    case RV_EXCP_INST_ACCESS:
    case RV_EXCP_LOAD_ACCESS:
    case RV_EXCP_STORE_ACCESS:
        user_fault_signal(cpu, env->badaddr, true);
        return true;
    case RV_EXCP_INST_MISALIGNED:
    case RV_EXCP_LOAD_MISALIGNED:
    case RV_EXCP_STORE_MISALIGNED:
        sig_force(cpu, SIGBUS, BUS_ADRALN, env->badaddr);
        return true;
    default:
        return false;
    }
}
