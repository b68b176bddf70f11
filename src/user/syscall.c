/* System call dispatch: the number-indexed table filled by each family, restart and -strace. */
#include <errno.h>
#include <string.h>
#include "user.h"
#include "syscall_nr.h"

void sys_thread_register(SysDef *tab);

static SysDef sys_table[TNR_COUNT];
static bool sys_table_ready;

static void sys_table_init(void)
{
    sys_file_register(sys_table);
    sys_file2_register(sys_table);
    sys_misc_register(sys_table);
    sys_proc_register(sys_table);
    sys_sig_register(sys_table);
    sys_mem_register(sys_table);
    sys_net_register(sys_table);
    sys_signalfd_register(sys_table);
    sys_thread_register(sys_table);
    sys_xattr_register(sys_table);
    sys_table_ready = true;
}

const TargetUserOps *user_target;

static const TargetUserOps *const user_targets[] = { &rv_user_ops, &a64_user_ops, &x86_user_ops };

const TargetUserOps *user_target_find(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(user_targets); i++)
        if (!strcmp(user_targets[i]->name, name))
            return user_targets[i];
    return NULL;
}

void user_cpu_syscall(CPUState *cpu)
{
    TaskState *ts = cpu->opaque;
    uint64_t args[6];
    int nr = user_target->syscall_args(cpu, args);
    long ret = user_syscall(cpu, nr, args);
    if (ret == USER_RET_SIGRETURN)
        return;
    if (ret == -TARGET_ERESTARTSYS) {
        ts->in_restart = true;  /* the pc stays on the syscall instruction */
        return;
    }
    user_target->syscall_return(cpu, ret);
}

long user_syscall(CPUState *cpu, int nr, const uint64_t args[6])
{
    if (unlikely(!sys_table_ready))
        sys_table_init();
    const SysDef *d = (nr >= 0 && nr < TNR_COUNT && sys_table[nr].fn) ? &sys_table[nr] : NULL;
    if (nr >= TNR_COUNT && nr - TNR_COUNT < user_target->narch_sys)
        d = &user_target->arch_sys[nr - TNR_COUNT];
    bool trace = log_enabled(LOG_STRACE);
    if (trace)
        strace_enter(d, nr, args);
    long ret;
    if (d && unlikely(user_fd_guard_refuses(nr, args))) {
        ret = -EBADF;
    } else if (d) {
        ret = d->fn(args);
        if (ret == -EINTR && !(d->flags & SC_NORESTART) && sig_deliverable(cpu->opaque))
            ret = -TARGET_ERESTARTSYS;
    } else {
        log_mask(LOG_UNIMP, "Unsupported syscall: %d\n", nr);
        ret = -ENOSYS;
    }
    if (trace)
        strace_leave(d, ret);
    return ret;
}
