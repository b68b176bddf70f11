/* x86-64 user mode's hook table and register conventions: rax = syscall number, rdi rsi rdx
 * r10 r8 r9 the arguments, rax the result (rcx and r11 clobbered); TLS in FS base. */
#include <elf.h>
#include <string.h>
#include <sys/stat.h>
#include "target/x86_64/cpu.h"
#include "x86_user.h"

static void x86_user_init_regs(CPUState *cpu, const ImageInfo *info)
{
    X86CPU *env = x86_cpu(cpu);
    env->rip = info->entry;
    env->regs[X86_RSP] = info->sp;
    env->regs[X86_RDX] = 0;     /* no rtld_fini from the kernel */
}

static int x86_user_syscall_args(CPUState *cpu, uint64_t args[6])
{
    static const int argreg[6] = { X86_RDI, 6, X86_RDX, 10, 8, 9 };
    X86CPU *env = x86_cpu(cpu);
    for (int i = 0; i < 6; i++)
        args[i] = env->regs[argreg[i]];
    return x86_syscall_map(env->regs[X86_RAX], args);
}

static void x86_user_syscall_return(CPUState *cpu, long ret)
{
    X86CPU *env = x86_cpu(cpu);
    env->regs[X86_RAX] = (uint64_t)ret;
    env->rip += 2;
    env->regs[X86_RCX] = env->rip;              /* as SYSCALL/SYSRET leave them */
    env->regs[11] = x86_get_eflags(env);
}

static void x86_user_set_stack_tls(X86CPU *env, uint64_t newsp, uint64_t tls, bool set_tls)
{
    if (newsp)
        env->regs[X86_RSP] = newsp;
    if (set_tls)
        env->fs_base = tls;
}

static void x86_user_clone_regs(CPUState *child, CPUState *parent, uint64_t newsp,
                                uint64_t tls, bool set_tls)
{
    X86CPU *c = x86_cpu(child), *p = x86_cpu(parent);
    x86_mxcsr_release(p);
    memcpy(c->regs, p->regs, sizeof(c->regs));
    memcpy(c->xmm, p->xmm, sizeof(c->xmm));
    memcpy(c->ymmh, p->ymmh, sizeof(c->ymmh));
    memcpy(c->fpregs, p->fpregs, sizeof(c->fpregs));
    c->fcw = p->fcw, c->fsw = p->fsw, c->ftw = p->ftw;
    c->cc_op = p->cc_op, c->cc_dst = p->cc_dst, c->cc_src = p->cc_src, c->cc_src2 = p->cc_src2;
    c->eflags = p->eflags;
    c->df = p->df;
    c->mxcsr = p->mxcsr;
    c->fs_base = p->fs_base;
    c->gs_base = p->gs_base;
    c->rip = p->rip + 2;        /* past the syscall */
    c->regs[X86_RAX] = 0;
    c->regs[X86_RCX] = c->rip;
    x86_user_set_stack_tls(c, newsp, tls, set_tls);
}

static void x86_user_fork_child_regs(CPUState *cpu, uint64_t newsp, uint64_t tls, bool set_tls)
{
    x86_user_set_stack_tls(x86_cpu(cpu), newsp, tls, set_tls);
}

static uint64_t x86_user_get_sp(CPUState *cpu) { return x86_cpu(cpu)->regs[X86_RSP]; }

/* The guest's struct stat is the host's: both are x86-64. */
static void x86_user_fill_stat(void *dst, const struct stat *st)
{
    memcpy(dst, st, sizeof(*st));
}

const TargetUserOps x86_user_ops = {
    .name = "x86_64",
    .uname_machine = "x86_64",
    .elf_machine = EM_X86_64,
    .elf_machine_name = "x86-64",
    .hwcap = X86_CPUID1_EDX,    /* AT_HWCAP on x86-64 is CPUID.1:EDX */
    .hwcap2 = 1u << 1,                  /* HWCAP2_FSGSBASE: the kernel lets user code use them */
    .addr_space = 1ull << 40,  /* a 1 TB guest space inside the host's 128 TB */
    .handle_exception = x86_user_exception,
    .init_regs = x86_user_init_regs,
    .syscall_args = x86_user_syscall_args,
    .syscall_return = x86_user_syscall_return,
    .clone_regs = x86_user_clone_regs,
    .fork_child_regs = x86_user_fork_child_regs,
    .get_sp = x86_user_get_sp,
    .setup_frame = x86_user_setup_frame,
    .rt_sigreturn = x86_user_rt_sigreturn,
    .sigtramp = x86_user_sigtramp,
    .sigtramp_size = sizeof(x86_user_sigtramp),
    .stat_size = sizeof(struct stat),
    .fill_stat = x86_user_fill_stat,
    .sa_restorer = true,
    .has_renameat = true,
    .arch_sys = x86_arch_sys,
    .narch_sys = X86_NARCH_SYS,
};
