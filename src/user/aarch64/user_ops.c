/* arm64 user mode's hook table and register conventions: x8 = syscall number, x0..x5 the
 * arguments, x0 the result; TLS in TPIDR_EL0. */
#include <elf.h>
#include <fcntl.h>
#include <string.h>
#include "target/arm64/translate.h"
#include "a64_user.h"

static void a64_user_init_regs(CPUState *cpu, const ImageInfo *info)
{
    A64CPU *env = a64_cpu(cpu);
    env->pc = info->entry;
    env->sp = info->sp;
    env->x[0] = 0;              /* no rtld_fini from the kernel */
}

static int a64_user_syscall_args(CPUState *cpu, uint64_t args[6])
{
    A64CPU *env = a64_cpu(cpu);
    for (int i = 0; i < 6; i++)
        args[i] = env->x[i];
    return (int)env->x[8];
}

static void a64_user_syscall_return(CPUState *cpu, long ret)
{
    A64CPU *env = a64_cpu(cpu);
    env->x[0] = (uint64_t)ret;
    env->pc += 4;
}

static void a64_user_set_stack_tls(A64CPU *env, uint64_t newsp, uint64_t tls, bool set_tls)
{
    if (newsp)
        env->sp = newsp;
    if (set_tls)
        env->tpidr_el0 = tls;
}

static void a64_user_clone_regs(CPUState *child, CPUState *parent, uint64_t newsp,
                                uint64_t tls, bool set_tls)
{
    A64CPU *c = a64_cpu(child), *p = a64_cpu(parent);
    memcpy(c->x, p->x, sizeof(c->x));
    memcpy(c->v, p->v, sizeof(c->v));
    c->sp = p->sp;
    c->nf = p->nf, c->zf = p->zf, c->cf = p->cf, c->vf = p->vf;
    c->fpcr = p->fpcr;
    c->fpsr = p->fpsr;
    c->tpidr_el0 = p->tpidr_el0;
    c->pc = p->pc + 4;          /* past the svc */
    c->x[0] = 0;
    a64_user_set_stack_tls(c, newsp, tls, set_tls);
}

static void a64_user_fork_child_regs(CPUState *cpu, uint64_t newsp, uint64_t tls, bool set_tls)
{
    a64_user_set_stack_tls(a64_cpu(cpu), newsp, tls, set_tls);
}

static uint64_t a64_user_get_sp(CPUState *cpu) { return a64_cpu(cpu)->sp; }

/* arm64's O_DIRECTORY, O_NOFOLLOW, O_DIRECT, O_LARGEFILE (the host's values differ). */
static const int a64_open_bits[4][2] = {
    { 040000, O_DIRECTORY }, { 0100000, O_NOFOLLOW }, { 0200000, O_DIRECT },
    { 0400000, O_LARGEFILE },
};

static int a64_open_convert(int f, int from, int to)
{
    int r = f;
    for (int i = 0; i < 4; i++)
        r &= ~a64_open_bits[i][from];
    for (int i = 0; i < 4; i++)
        if (f & a64_open_bits[i][from])
            r |= a64_open_bits[i][to];
    return r;
}

static int a64_open_flags_to_host(int f) { return a64_open_convert(f, 0, 1); }
static int a64_open_flags_to_target(int f) { return a64_open_convert(f, 1, 0); }

const TargetUserOps a64_user_ops = {
    .name = "aarch64",
    .uname_machine = "aarch64",
    .elf_machine = EM_AARCH64,
    .elf_machine_name = "AArch64",
    .hwcap = A64_HWCAP,
    .hwcap2 = A64_HWCAP2,
    .addr_space = 1ull << 39,
    .handle_exception = a64_user_exception,
    .init_regs = a64_user_init_regs,
    .syscall_args = a64_user_syscall_args,
    .syscall_return = a64_user_syscall_return,
    .clone_regs = a64_user_clone_regs,
    .fork_child_regs = a64_user_fork_child_regs,
    .get_sp = a64_user_get_sp,
    .setup_frame = a64_user_setup_frame,
    .rt_sigreturn = a64_user_rt_sigreturn,
    .sigtramp = a64_user_sigtramp,
    .sigtramp_size = 8,
    .stat_size = 128,
    .fill_stat = user_fill_stat_generic,
    .sa_restorer = true,
    .open_flags_to_host = a64_open_flags_to_host,
    .open_flags_to_target = a64_open_flags_to_target,
    .has_renameat = true,
};
