/* System call dispatch: the number-indexed table filled by each family, restart and -strace. */
#include <errno.h>
#include "user.h"
#include "riscv64/syscall_nr.h"

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
    sys_thread_register(sys_table);
    sys_table_ready = true;
}

long user_syscall(CPUState *cpu, int nr, const uint64_t args[6])
{
    if (unlikely(!sys_table_ready))
        sys_table_init();
    const SysDef *d = (nr >= 0 && nr < TNR_COUNT && sys_table[nr].fn) ? &sys_table[nr] : NULL;
    bool trace = log_enabled(LOG_STRACE);
    if (trace)
        strace_enter(d, nr, args);
    long ret;
    if (d) {
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
